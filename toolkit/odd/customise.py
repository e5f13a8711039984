"""Compiling an ODD customisation into a library of specifications (odd2odd).

The steps are those of the TEI Stylesheets' odd2odd, in the same order:

1. ``specGrpRef`` is replaced by the ``specGrp`` it points to;
2. the library is chosen: ``schemaSpec/@source`` (another ODD, compiled first
   -- ODD chaining -- or ``toolkit:NAME`` for an ODD shipped with the
   toolkit), else the TEI Guidelines (``p5subset.xml``);
3. specifications are selected from the library: ``moduleRef`` (whole module,
   or its elements filtered by ``@include``/``@except``) and ``elementRef``,
   ``classRef``, ``macroRef``, ``dataRef``;
4. the customisation's own specifications are applied: ``mode="add"``
   (the default) and ``"replace"`` define, ``"change"`` merges (see
   :mod:`toolkit.odd.merge`), ``"delete"`` removes;
5. schema-level ``constraintSpec`` elements are added, replaced or deleted.

The result is a :class:`~toolkit.odd.library.Library`; :mod:`toolkit.odd.model`
turns it into the schema model the writers use.  Problems become diagnostics
that name the ODD file and line.
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from lxml import etree

from ..diagnostics import Diagnostic, EditionError, error, warning
from ..resources import resource
from ..xmlio import parse_file
from .library import SPEC_KINDS, Library, Spec, guidelines_path, load_guidelines, schematron_namespaces
from .merge import fresh, merge_spec
from .names import TEI_NS, XML_NS, localname, namespace, tei

SELECTORS = {"moduleRef", "elementRef", "classRef", "macroRef", "dataRef"}
REF_KINDS = {"elementRef": "element", "classRef": "class", "macroRef": "macro", "dataRef": "data"}
TOOLKIT_PREFIX = "toolkit:"
XML_ID = f"{{{XML_NS}}}id"


@dataclass
class Compiler:
    """Compiles ODD files; collects warnings; knows where p5subset.xml is."""

    p5subset: Path | None = None
    warnings: list[Diagnostic] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def compile(self, path: Path, chain: tuple[str, ...] = ()) -> Library:
        path = Path(path)
        shown = _display(path)
        if str(path.resolve()) in chain:
            raise EditionError(error(shown, "the ODD chain loops back to this file", rule="odd-source",
                                     hint="schemaSpec/@source must not lead back to an ODD already in the chain"))
        self.files.append(path)
        root = parse_file(path, shown).getroot()
        schema = next(root.iter(tei("schemaSpec")), None)
        if schema is None:
            raise EditionError(error(shown, "the file has no <schemaSpec>: it is not an ODD customisation",
                                     rule="odd-no-schemaspec",
                                     hint="an ODD declares its schema in <schemaSpec ident=... start=...>"))
        groups = {g.get(XML_ID): g for g in root.iter(tei("specGrp")) if g.get(XML_ID)}
        items = list(self._expand(schema, groups, shown, set()))
        needs_library = any(localname(i) in SELECTORS for i in items)
        source = schema.get("source")
        library = (self._source(source, path, shown, schema, chain + (str(path.resolve()),))
                   if source or needs_library else Library(origin=""))
        result = Library(origin=shown, ident=schema.get("ident", path.stem),
                         title=_title(root) or schema.get("ident", path.stem),
                         lang=schema.get(f"{{{XML_NS}}}lang") or root.get(f"{{{XML_NS}}}lang") or "en",
                         modules=dict(library.modules))
        result.namespaces = {**library.namespaces, **schematron_namespaces(root)}
        result.prose = [copy.deepcopy(d) for d in schema if isinstance(d.tag, str)
                        and localname(d) in ("gloss", "desc")] or library.prose
        for item in items:
            if localname(item) in SELECTORS:
                self._select(item, library, result, shown)
        result.constraints = [copy.deepcopy(c) for c in library.constraints]
        for item in items:
            local = localname(item)
            if local in SPEC_KINDS:
                self._apply(Spec(SPEC_KINDS[local], item), library, result, shown)
            elif local == "constraintSpec":
                self._constraint(item, result)
            elif local == "moduleSpec":
                result.modules[item.get("ident", "")] = item
        result.start = (schema.get("start") or "").split() or library.start or ["TEI"]
        return result

    # -- step 1: specification groups ----------------------------------------

    def _expand(self, parent: etree._Element, groups: dict, shown: str, seen: set[str]) -> Iterator[etree._Element]:
        for item in parent:
            if not isinstance(item.tag, str) or namespace(item) != TEI_NS:
                continue
            local = localname(item)
            if local == "specGrpRef":
                target = (item.get("target") or "").lstrip("#")
                group = groups.get(target)
                if group is None:
                    raise EditionError(error(shown, f"<specGrpRef target='#{target}'> points to no <specGrp>",
                                             line=item.sourceline or 0, rule="odd-specgrp",
                                             hint="give the specGrp that xml:id, or correct the target"))
                if target in seen:
                    raise EditionError(error(shown, f"specGrp {target!r} includes itself",
                                             line=item.sourceline or 0, rule="odd-specgrp"))
                yield from self._expand(group, groups, shown, seen | {target})
            elif local == "specGrp":
                yield from self._expand(item, groups, shown, seen)
            else:
                yield item

    # -- step 2: the library ------------------------------------------------

    def _source(self, source: str | None, path: Path, shown: str, schema: etree._Element,
                chain: tuple[str, ...]) -> Library:
        if source and source.startswith(TOOLKIT_PREFIX):
            name = source[len(TOOLKIT_PREFIX):]
            target = resource("schema", f"{name}.odd")
            if not target.is_file():
                raise EditionError(error(shown, f"schemaSpec/@source {source!r}: the toolkit has no ODD {name!r}",
                                         line=schema.sourceline or 0, rule="odd-source",
                                         hint="the toolkit ships source=\"toolkit:base\""))
            return self.compile(target, chain)
        if source and not _is_guidelines(source):
            target = (path.parent / source).resolve()
            if not target.is_file():
                raise EditionError(error(shown, f"schemaSpec/@source {source!r} names no file ({target})",
                                         line=schema.sourceline or 0, rule="odd-source",
                                         hint="give the path of the ODD this one builds on, relative to this file"))
            if next(parse_file(target, _display(target)).getroot().iter(tei("schemaSpec")), None) is None:
                return load_guidelines(str(target))
            return self.compile(target, chain)
        guidelines = guidelines_path(self.p5subset)
        if guidelines is None or not guidelines.is_file():
            raise EditionError(error(shown, "this ODD builds on the TEI Guidelines, but p5subset.xml was not found",
                                     line=schema.sourceline or 0, rule="odd-source",
                                     hint="pass --p5subset PATH (or set EDITION_P5SUBSET), or build on the "
                                          "toolkit's ODD with schemaSpec source=\"toolkit:base\""))
        return load_guidelines(str(guidelines))

    # -- step 3: selection --------------------------------------------------

    def _select(self, item: etree._Element, library: Library, result: Library, shown: str) -> None:
        local = localname(item)
        line = item.sourceline or 0
        if local == "moduleRef":
            if item.get("url"):
                raise EditionError(error(shown, "moduleRef/@url (an external schema) is not supported", line=line,
                                         rule="odd-unsupported", hint="include the elements as specifications"))
            key = item.get("key", "")
            if key not in library.module_names():
                raise EditionError(error(shown, f"moduleRef key={key!r}: {library.ident or library.origin} has no "
                                                f"such module", line=line, rule="odd-unknown-module",
                                         hint=_suggest(key, library.module_names(), "modules")))
            self._select_module(item, key, library, result, shown)
            return
        kind = REF_KINDS[local]
        key = item.get("key", "")
        spec = library.get(kind, key)
        if spec is None:
            self.warnings.append(warning(shown, f"{local} key={key!r}: no such {kind} in "
                                                f"{library.ident or library.origin}", line=line,
                                         rule="odd-unknown-ref",
                                         hint=_suggest(key, [s.ident for s in library.of_kind(kind)], "names")))
            return
        selected = spec.copy()
        _filter_attributes(selected, item)
        result.add(selected)

    def _select_module(self, item: etree._Element, key: str, library: Library, result: Library,
                       shown: str) -> None:
        specs = library.in_module(key)
        include = item.get("include", "").split()
        exclude = item.get("except", "").split()
        elements = {s.ident for s in specs if s.kind == "element"}
        for name in include + exclude:
            if name not in elements:
                self.warnings.append(warning(
                    shown, f"moduleRef key={key!r} names {name!r}, which is not an element of that module",
                    line=item.sourceline or 0, rule="odd-unknown-ref",
                    hint=_suggest(name, sorted(elements), "elements")))
        for spec in specs:
            if spec.kind == "element" and ((include and spec.ident not in include) or spec.ident in exclude):
                continue
            if result.get(spec.kind, spec.ident) is None:
                result.add(spec.copy())

    # -- step 4: the customisation's own specifications ---------------------

    def _apply(self, spec: Spec, library: Library, result: Library, shown: str) -> None:
        mode = spec.mode
        line = spec.node.sourceline or 0
        existing = result.get(spec.kind, spec.ident)
        what = f"{SPEC_TAGS_READABLE[spec.kind]} {spec.ident!r}"
        if mode == "delete":
            if existing is not None:
                result.remove(spec.kind, spec.ident)
            elif library.get(spec.kind, spec.ident) is None:
                self.warnings.append(warning(shown, f"{what} is deleted, but no such specification exists",
                                             line=line, rule="odd-nothing-to-delete",
                                             hint="remove the deletion: there is nothing to delete"))
        elif mode == "change":
            if existing is not None:
                merge_spec(existing.node, spec.node)
            else:
                known = library.get(spec.kind, spec.ident) is not None
                self.warnings.append(warning(
                    shown, f"{what} is changed, but it is not part of the schema" +
                    (": the change has no effect" if known else ": no such specification exists"),
                    line=line, rule="odd-change-unselected",
                    hint="select it first (moduleRef or elementRef/classRef), or add it with mode=\"add\""
                    if known else "check the ident"))
        elif mode in ("add", "replace"):
            if existing is not None and mode == "add":
                self.warnings.append(warning(shown, f"{what} is added, but the schema has it already: "
                                                    "the new definition replaces it", line=line,
                                             rule="odd-add-existing", hint='say mode="replace" (or "change")'))
            result.add(Spec(spec.kind, fresh(spec.node)))
        else:
            raise EditionError(error(shown, f"{what} has mode={mode!r}", line=line, rule="odd-mode",
                                     hint="mode is add, change, replace or delete"))

    def _constraint(self, item: etree._Element, result: Library) -> None:
        ident = item.get("ident")
        existing = [c for c in result.constraints if ident and c.get("ident") == ident]
        if item.get("mode") == "delete":
            result.constraints = [c for c in result.constraints if c not in existing]
        elif existing:
            result.constraints[result.constraints.index(existing[0])] = fresh(item)
        else:
            result.constraints.append(fresh(item))


SPEC_TAGS_READABLE = {"element": "elementSpec", "class": "classSpec", "macro": "macroSpec", "data": "dataSpec"}


def _filter_attributes(spec: Spec, ref: etree._Element) -> None:
    """``classRef include="a b"`` / ``except``: keep only some of an attribute class's attributes."""
    include = ref.get("include", "").split()
    exclude = ref.get("except", "").split()
    if spec.kind != "class" or not (include or exclude):
        return
    for attdef in list(spec.node.iter(tei("attDef"))):
        ident = attdef.get("ident")
        if (include and ident not in include) or ident in exclude:
            attdef.getparent().remove(attdef)


def _is_guidelines(source: str) -> bool:
    return source.startswith("tei:") or "p5subset" in source or source.startswith(("http:", "https:"))


def _suggest(word: str, options: list[str], what: str) -> str:
    close = difflib.get_close_matches(word, options, n=3)
    if close:
        return "did you mean " + " or ".join(repr(c) for c in close) + "?"
    return f"known {what}: " + ", ".join(options[:30]) if options else ""


def _title(root: etree._Element) -> str:
    title = root.find(f"{{{TEI_NS}}}teiHeader/{{{TEI_NS}}}fileDesc/{{{TEI_NS}}}titleStmt/{{{TEI_NS}}}title")
    return " ".join("".join(title.itertext()).split()) if title is not None else ""


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def compile_library(path: Path, p5subset: Path | None = None) -> tuple[Library, list[Diagnostic], list[Path]]:
    """Compile the ODD at ``path`` (and every ODD it chains onto); return the library and warnings."""
    compiler = Compiler(p5subset=p5subset)
    library = compiler.compile(path)
    return library, compiler.warnings, compiler.files
