"""The edition's schema: compiled from its ODD, and every file checked against it.

An edition customises the toolkit's base schema in ``schema/edition.odd``
(ODD chaining: ``<schemaSpec source="toolkit:base">``).  ``edition schema``
compiles that chain with :mod:`toolkit.odd` into the files next to it:

* ``edition.rng`` -- RELAX NG (XML syntax): what editors' XML editors and the
  validator check against;
* ``edition.sch`` -- ISO Schematron: the rules beyond the grammar;
* ``edition.xsd`` and ``edition-xml.xsd`` -- the same grammar as W3C XML Schema
  (the second file declares ``xml:id`` and ``xml:lang``, which XSD can only
  declare in a schema of their own namespace);
* ``edition.compiled.odd`` -- the whole chain expanded into one ODD;
* ``manual.html`` -- the encoding manual.

The compiled files are committed; running the command twice gives the same
bytes.  Without ``schema/edition.odd`` the toolkit's own compiled base schema
is used.

``edition validate`` gets two checks from here: the grammar (RELAX NG, with
problems explained from the compiled ODD, see :mod:`toolkit.odd.explain`) and
the rules (the Schematron, compiled to XSLT and run with Saxon).
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import xmlschema
from lxml import etree

from . import config as config_module
from .build.cache import CheckCache, key, toolkit_digest
from .corpus import Corpus
from .parallel import parallel_map
from .diagnostics import Diagnostic, EditionError, error, warning
from .odd.compiled import digest, recorded_sources, write_compiled
from .odd.customise import TOOLKIT_PREFIX, compile_library
from .odd.explain import Explainer, group
from .odd.manual import write_manual
from .odd.model import Schema, build
from .odd.rng import write_rng
from .odd.schematron import SchematronRunner, write_schematron
from .odd.xsd import write_xsd
from .resources import resource
from .xmlio import parse_file, serialize, write_if_changed
from .xslt import with_source_lines

EDITION_ODD = "edition.odd"


@dataclass(frozen=True)
class SchemaSet:
    """An ODD and the files compiled from it, in one folder."""

    folder: Path
    stem: str

    @property
    def odd(self) -> Path:
        return self.folder / f"{self.stem}.odd"

    @property
    def rng(self) -> Path:
        return self.folder / f"{self.stem}.rng"

    @property
    def sch(self) -> Path:
        return self.folder / f"{self.stem}.sch"

    @property
    def xsd(self) -> Path:
        return self.folder / f"{self.stem}.xsd"

    @property
    def xml_xsd(self) -> Path:
        return self.folder / f"{self.stem}-xml.xsd"

    @property
    def compiled(self) -> Path:
        return self.folder / f"{self.stem}.compiled.odd"

    @property
    def manual(self) -> Path:
        return self.folder / "manual.html"

    def outputs(self) -> list[Path]:
        return [self.rng, self.sch, self.xsd, self.xml_xsd, self.compiled, self.manual]


def toolkit_set() -> SchemaSet:
    """The toolkit's base ODD and its compiled schemas (package data)."""
    return SchemaSet(resource("schema"), "base")


def locate(schema_dir: Path) -> SchemaSet:
    """The edition's ODD when it has one, else the toolkit's base schema."""
    if (schema_dir / EDITION_ODD).is_file():
        return SchemaSet(schema_dir, "edition")
    return toolkit_set()


def schema_dir(root: Path) -> Path:
    """The edition's schema folder ([paths] schema in edition.toml, default ``schema/``)."""
    try:
        return config_module.load(root).schema_dir
    except EditionError:
        return root / "schema"


# -- compiling -----------------------------------------------------------------------


def _label(path: Path, target: SchemaSet) -> str:
    base = resource("schema")
    if path.resolve().parent == base.resolve():
        return TOOLKIT_PREFIX + path.stem
    try:
        return path.resolve().relative_to(target.folder.resolve()).as_posix()
    except ValueError:
        return path.name


def _xml(tree: etree._Element) -> bytes:
    etree.indent(tree, space="  ")
    return serialize(tree)


def compile_set(target: SchemaSet, p5subset: Path | None = None) -> tuple[dict[Path, bytes], list[Diagnostic]]:
    """Every output of the ODD as bytes, and the warnings of the compilation."""
    library, warnings, files = compile_library(target.odd, p5subset)
    schema = build(library)
    xsd = write_xsd(schema, target.xml_xsd.name)
    outputs = {
        target.rng: _xml(write_rng(schema)),
        target.sch: _xml(write_schematron(schema)),
        target.xsd: _xml(xsd.main),
        target.xml_xsd: _xml(xsd.xml),
        target.compiled: _xml(write_compiled(schema, [(_label(f, target), f) for f in dict.fromkeys(files)])),
        target.manual: write_manual(schema).encode("utf-8"),
    }
    return outputs, [*warnings, *schema.warnings, *xsd.warnings, *_check_outputs(target, outputs)]


def _check_outputs(target: SchemaSet, outputs: dict[Path, bytes]) -> list[Diagnostic]:
    """The compiled schemas must load: RELAX NG in lxml, the XSD (deterministic) in xmlschema."""
    problems = []
    try:
        etree.RelaxNG(etree.fromstring(outputs[target.rng]))
    except etree.RelaxNGParseError as exc:
        problems.append(error(target.odd.name, f"the compiled RELAX NG does not load: {exc}", rule="schema-compile",
                              hint="check the content models the message names"))
    try:
        with tempfile.TemporaryDirectory() as folder:
            for path in (target.xsd, target.xml_xsd):
                (Path(folder) / path.name).write_bytes(outputs[path])
            xmlschema.XMLSchema10(str(Path(folder) / target.xsd.name))
    except (xmlschema.XMLSchemaException, ValueError) as exc:
        message = " ".join(str(exc).split())[:600]
        problems.append(error(target.odd.name, f"the compiled XSD is not a valid XML Schema: {message}",
                              rule="schema-xsd",
                              hint="XSD needs deterministic content models: no two alternatives of a model may "
                                   "begin with the same element"))
    return problems


def build_schema(target: SchemaSet, p5subset: Path | None = None, check_only: bool = False
                 ) -> tuple[list[Path], list[Diagnostic]]:
    """Compile and write the schema files (or, with ``check_only``, list the ones out of date)."""
    outputs, problems = compile_set(target, p5subset)
    if any(p.is_error for p in problems):
        return [], problems
    changed = [path for path, data in outputs.items()
               if not path.is_file() or path.read_bytes() != data]
    if check_only:
        problems = problems + [error(str(path), "out of date with the ODD", rule="schema-outdated",
                                     hint="run 'edition schema' and commit the compiled files")
                               for path in changed]
        return changed, problems
    for path, data in outputs.items():
        write_if_changed(path, data)
    return changed, problems


# -- checking files --------------------------------------------------------------------


@dataclass
class Validator:
    """The compiled schema, loaded once: grammar, rules and the model that explains problems."""

    target: SchemaSet
    relaxng: etree.RelaxNG
    rules: SchematronRunner
    explainer: Explainer
    schema: Schema
    notices: list[Diagnostic]
    key: str                       # the hash of the compiled files: what the checks' verdicts depend on

    def grammar(self, tree: etree._ElementTree | etree._Element, path: str) -> list[Diagnostic]:
        root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
        if self.relaxng.validate(root):
            return []
        explained = self.explainer.explain(root, path)
        if explained:
            return explained
        return [error(path, f"not valid against the schema: {e.message}", line=e.line, col=max(e.column, 1),
                      rule="schema-invalid", hint=f"see the encoding manual, {self.target.manual.name}")
                for e in self.relaxng.error_log]

    def rule_problems(self, tree: etree._ElementTree | etree._Element, path: str) -> list[Diagnostic]:
        """The Schematron rules' problems, with their lines (most files break no rule: see
        :func:`toolkit.xslt.with_source_lines`)."""
        return with_source_lines(lambda checked: self.rules.run(checked, path), tree, said=bool)

    def check(self, tree: etree._ElementTree | etree._Element, path: str) -> list[Diagnostic]:
        return self.grammar(tree, path) + self.rule_problems(tree, path)


def validator_for(root: Path) -> Validator:
    """The validator of the edition at ``root``; the compiled schema is loaded once per process."""
    target = locate(schema_dir(root))
    shown = _display_folder(target, root)
    missing = [p for p in (target.rng, target.sch, target.compiled) if not p.is_file()]
    if missing:
        raise EditionError(*(error(f"{shown}/{p.name}", "the compiled schema is missing", rule="schema-missing",
                                   hint="run 'edition schema' to compile the edition's ODD") for p in missing))
    key = tuple(hashlib.sha256(p.read_bytes()).hexdigest() for p in (target.rng, target.sch, target.compiled))
    relaxng, rules, schema, explainer = _load(target.rng, target.sch, target.compiled, key)
    notices = _outdated(target, parse_file(target.compiled).getroot(), shown)
    return Validator(target, relaxng, rules, explainer, schema, notices, " ".join(key))


def _display_folder(target: SchemaSet, root: Path) -> str:
    try:
        return target.folder.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return TOOLKIT_PREFIX + target.stem


_LOADED: dict[tuple[str, ...], tuple[etree.RelaxNG, SchematronRunner, Schema, Explainer]] = {}


def _load(rng: Path, sch: Path, compiled: Path, key: tuple[str, ...]
          ) -> tuple[etree.RelaxNG, SchematronRunner, Schema, Explainer]:
    """The compiled schema's objects, keyed by the files' contents (copies of an edition share them)."""
    if key not in _LOADED:
        try:
            relaxng = etree.RelaxNG(parse_file(rng))
        except etree.RelaxNGParseError as exc:
            raise EditionError(error(str(rng), f"the compiled schema does not load: {exc}", rule="schema-missing",
                                     hint="run 'edition schema' to compile it again from the ODD")) from None
        rules = SchematronRunner.from_schema(parse_file(sch).getroot(), name=sch.name)
        schema = build(compile_library(compiled)[0])
        if len(_LOADED) >= 4:
            _LOADED.pop(next(iter(_LOADED)))
        _LOADED[key] = (relaxng, rules, schema, Explainer(schema))
    return _LOADED[key]


def _outdated(target: SchemaSet, compiled: etree._Element, shown: str) -> list[Diagnostic]:
    """A warning when the ODD files changed since the schema was compiled."""
    for label, recorded in recorded_sources(compiled):
        path = resource("schema", label[len(TOOLKIT_PREFIX):] + ".odd") if label.startswith(TOOLKIT_PREFIX) \
            else target.folder / label
        if not path.is_file() or digest(path) != recorded:
            return [warning(f"{shown}/{target.odd.name}", f"the compiled schema is out of date: {label} changed "
                                                          "since it was compiled", rule="schema-outdated",
                            hint="run 'edition schema' and commit the compiled files")]
    return []


TreeCheck = Callable[[str, etree._Element], list[Diagnostic]]


def check_files(corpus: Corpus, only: set[str] | None, also: tuple[TreeCheck, ...] = ()) -> list[Diagnostic]:
    """Every file against the grammar (RELAX NG, problems explained from the ODD) and the rules
    (Schematron) of the edition's schema, and the checks ``also`` names, from one parse of each
    file, on every core (a worker loads the schema once, see :mod:`toolkit.parallel`).
    The checks in ``also`` run even when the schema cannot be loaded.  A file whose bytes were
    checked before with the same schema and toolkit is not checked again (:class:`CheckCache`)."""
    sources = [s for s in corpus.files.values() if only is None or s.rel in only]
    if not sources:
        return []                          # nothing readable to check: the schema is not even loaded
    try:
        validator: Validator | None = validator_for(corpus.root)
        problems = list(validator.notices) if only is None else []
    except EditionError as exc:
        validator, problems = None, list(exc.diagnostics)
    files = {source.rel: source for source in sources}
    cache = _check_cache(corpus.root, validator, also) if validator is not None else None
    known = {rel: found for rel, source in files.items()
             if cache is not None and (found := cache.get(rel, source.digest)) is not None}
    for found in known.values():
        problems.extend(found)
    todo = [rel for rel in files if rel not in known]

    def check(prepared: Validator | None, rel: str) -> list[Diagnostic]:
        tree = files[rel].tree
        found = [p for extra in also for p in extra(rel, tree.getroot())]
        if prepared is not None:
            grammar = prepared.grammar(tree, rel)
            # a rule that says again what the grammar said of the same line (an ISO date) is not repeated
            said = {(d.line, d.rule) for d in grammar}
            found += grammar + [d for d in prepared.rule_problems(tree, rel) if (d.line, d.rule) not in said]
        return found

    setup = (lambda: validator_for(corpus.root)) if validator is not None else (lambda: None)
    checked = parallel_map(check, todo, setup=setup, description="validating") if todo else iter(())
    for rel, found in zip(todo, checked):
        problems.extend(found)
        if cache is not None:
            cache.put(rel, files[rel].digest, found)
    if cache is not None:
        cache.save(corpus.files)
    return problems


def _check_cache(root: Path, validator: Validator, also: tuple[TreeCheck, ...]) -> CheckCache | None:
    """The verdicts of earlier runs, valid for this schema, this toolkit and these checks."""
    try:
        output = config_module.load(root).output
    except EditionError:
        return None
    checks = key(toolkit_digest(), validator.key, *(f"{c.__module__}.{c.__qualname__}" for c in also))
    return CheckCache(output / ".cache" / "checks.json", checks)


def validate_foreign(root: Path, paths: list[Path]) -> list[Diagnostic]:
    """Files from outside the edition, checked against its schema; recurring problems counted."""
    validator = validator_for(root)
    problems: list[Diagnostic] = []
    for path in paths:
        shown = str(path)
        try:
            tree = parse_file(path, shown)
        except EditionError as exc:
            problems.extend(exc.diagnostics)
            continue
        problems.extend(group(validator.check(tree, shown)))
    return problems
