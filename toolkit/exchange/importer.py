"""``edition import``: TEI made elsewhere, checked against the edition's rules and, on request, adopted.

The source is a TEI file, a folder of TEI files (another edition, an export,
a repository checkout) or a BagIt package, whose fixity is verified first.  It
is read with the toolkit's hardened reader into the same corpus model the
edition uses (as a pandoc reader would), and never changed.

Each document is prepared as it would stand in the edition: the next free id
(``dNNN``), its internal ids renamed after it (``L1-p3`` -> ``d008-p3``), its
pointers rewritten.  A pointer to a person, place or organisation is followed
into the source's registers and the entry merged into the edition's: matched
by authority identifier (GND, VIAF, Wikidata, GeoNames) first, then by
normalised name, and added with a fresh id when nothing matches.  Works cited
go into the bibliography the same way, editors named in the source's edition
header into the edition header.  The prepared document is then checked against
the edition's schema; what the customisation does not allow is reported
grouped and counted ("412 x <xyz> is not allowed here (first at file:line)").

Only ``--adopt`` changes the edition, and only with the documents that conform:
they are written into a copy of the sources folder together with the merged
registers, the whole copy is validated as ``edition validate`` would, and only
a valid result replaces the sources folder, in one atomic exchange.  A new file
never replaces an existing one; on any failure the sources stay as they were.
"""

from __future__ import annotations

import copy
import hashlib
import posixpath
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import bagit
from lxml import etree

from ..corpus import POINTER_ATTRIBUTES, REGISTER_KINDS, XML_ID, Corpus, SourceFile, resolve_token, tei, valid_id
from ..diagnostics import Diagnostic, EditionError, error, has_errors, sort_key, warning
from ..edition import Edition
from ..newdoc import next_id
from ..publish import link_or_copy, publish, sources_writer
from ..odd.explain import summary_of
from ..resources import overridable
from ..schema import Validator, validator_for
from ..validate import validate
from ..xmlio import NS, parse_bytes, parse_file, serialize, write_atomic, write_new
from .metadata import slug, unaccented

#: Authority identifiers as they appear in URIs: authority -> pattern of the local identifier.
AUTHORITY_PATTERNS = {
    "gnd": re.compile(r"d-nb\.info/gnd/([0-9X-]+)", re.IGNORECASE),
    "viaf": re.compile(r"viaf\.org/viaf/(\d+)", re.IGNORECASE),
    "wikidata": re.compile(r"wikidata\.org/(?:entity|wiki)/(Q\d+)", re.IGNORECASE),
    "geonames": re.compile(r"geonames\.org/(\d+)", re.IGNORECASE),
}
NAME_ELEMENTS = {"person": "persName", "place": "placeName", "org": "orgName"}
LISTS = {"person": "listPerson", "place": "listPlace", "org": "listOrg", "bibl": "listBibl"}
HEADER_AGENTS = ("editor", "respStmt", "author", "principal", "funder", "sponsor")
DOCUMENTS = "documents"


# -- reading the source ----------------------------------------------------------

@dataclass
class Source:
    """What was found at the place the user named."""

    shown: str
    corpus: Corpus
    documents: list[SourceFile]
    refused: list[str]                # files offered as documents that could not be read
    problems: list[Diagnostic] = field(default_factory=list)


MISSING = "the manifest lists this file, but it is missing from the bag"
UNLISTED = "this file is in the bag, but no manifest lists it"
DAMAGED = "the package was damaged or changed after it was made; ask for a new copy"


def verify_bag(path: Path) -> None:
    """Every checksum of a bag; a bag that fails is refused with what failed, where and how.

    Each file is checked against every manifest first (so the report names the
    file, the algorithm, the expected and the found checksum), then bagit's own
    full validation runs (structure, Payload-Oxum, completeness).
    """
    shown = str(path)
    try:
        bag = bagit.Bag(str(path))
        problems = [error(f"{shown}/{name}", message, rule="bag-fixity", hint=DAMAGED)
                    for name, message in fixity_failures(bag)]
        if problems:
            raise EditionError(*problems)
        bag.validate(processes=1, fast=False)
    except bagit.BagValidationError as exc:
        problems = [error(f"{shown}/{getattr(d, 'path', '')}", _bag_detail(d), rule="bag-fixity", hint=DAMAGED)
                    for d in exc.details] or [error(shown, f"the bag is not valid: {exc.message}", rule="bag-fixity")]
        raise EditionError(*problems) from None
    except bagit.BagError as exc:
        raise EditionError(error(shown, f"not a valid BagIt package: {exc}", rule="bag-structure",
                                 hint="a bag holds bagit.txt, manifests and the payload in data/")) from None


def fixity_failures(bag: bagit.Bag) -> list[tuple[str, str]]:
    """(file, what is wrong) for every file whose content does not match a manifest, or that is missing."""
    failures = []
    for name, expected in sorted(bag.entries.items()):
        path = Path(bag.path) / name
        if not path.is_file():
            failures.append((name, MISSING))
            continue
        data = path.read_bytes()
        for algorithm, checksum in sorted(expected.items()):
            found = hashlib.new(algorithm, data).hexdigest()
            if found != checksum.lower():
                failures.append((name, f"{algorithm} checksum mismatch: expected {checksum}, found {found}"))
    return failures


def _bag_detail(detail: bagit.BagValidationError) -> str:
    if isinstance(detail, bagit.ChecksumMismatch):
        return f"{detail.algorithm} checksum mismatch: expected {detail.expected}, found {detail.found}"
    if isinstance(detail, bagit.FileMissing):
        return MISSING
    if isinstance(detail, bagit.UnexpectedFile):
        return UNLISTED
    return str(detail)


def _documents_folder(folder: Path) -> Path | None:
    """The shallowest ``documents/`` folder with XML in it: the source is laid out as an edition."""
    for depth in range(4):
        for candidate in sorted(folder.glob("/".join(["*"] * depth + [DOCUMENTS]))):
            if candidate.is_dir() and not any(p.startswith(".") for p in candidate.relative_to(folder).parts) \
                    and any(candidate.glob("*.xml")):
                return candidate
    return None


def _is_register(root: etree._Element) -> bool:
    """A TEI file whose body holds only lists (persons, places, works...) is a register, not a document."""
    body = root.find("tei:text/tei:body", NS)
    if body is None:
        return root.tag != tei("TEI") or root.find("tei:text", NS) is None
    children = [etree.QName(c).localname for c in body if isinstance(c.tag, str)]
    return bool(children) and all(c.startswith("list") or c == "head" for c in children)


def read_source(path: Path) -> Source:
    """Read a file, a folder or a bag (after checking its fixity), with the files around it as context.

    A source laid out as an edition (a ``documents/`` folder) offers the files in
    ``documents/``; any other folder offers every TEI file that is not a register
    (a file whose body holds only lists); a file offers itself.
    """
    path = path.resolve()
    if path.is_dir() and (path / "bagit.txt").is_file():
        verify_bag(path)
        base = path / "data"
    else:
        base = path if path.is_dir() else path.parent
    if path.is_file():
        documents = base if base.name == DOCUMENTS else None
    else:
        documents = base if base.name == DOCUMENTS else _documents_folder(base)
    sources = documents.parent if documents is not None else base
    if path.is_file() and documents is None:
        corpus = Corpus(sources.parent, sources)            # a file on its own: nothing around it is read
        corpus.add_file(path)
        corpus.index()
    else:
        corpus = Corpus.load(sources.parent, sources, keep_trees=True)   # every tree is read more than once
    if path.is_file():
        chosen = [f for f in corpus.files.values() if f.path.resolve() == path]
        refused = [r for r in corpus.refused if (sources.parent / r).resolve() == path]
    elif documents is not None:
        chosen = [f for f in corpus.files.values() if f.kind == "document"]
        refused = sorted(r for r in corpus.refused if Path(r).parent.name == DOCUMENTS)
    else:
        chosen = [f for f in corpus.files.values() if f.root.tag == tei("TEI") and not _is_register(f.root)
                  and f.kind not in ("edition", "bibliography")]
        not_tei = {d.path for d in corpus.diagnostics if d.rule == "tei-root"}
        refused = sorted(r for r in corpus.refused if r not in not_tei)   # XML, but not TEI: not offered
    return Source(shown=str(path), corpus=corpus,
                  documents=sorted((f for f in chosen if f.root.tag == tei("TEI")), key=lambda f: f.rel),
                  refused=refused, problems=corpus.diagnostics)


# -- identities ---------------------------------------------------------------------

def normalise_name(text: str) -> str:
    """A name as a key: accents, case, punctuation and word order do not matter ("Wien" = "wien")."""
    return " ".join(sorted(re.sub(r"[\W_]+", " ", unaccented(text).casefold()).split()))


def authority_keys(element: etree._Element) -> set[tuple[str, str]]:
    """(authority, local identifier) for every authority identifier of an entry, whatever its form."""
    keys = set()
    for idno in element.findall("tei:idno", NS):
        value = " ".join("".join(idno.itertext()).split())
        kind = (idno.get("type") or "").lower()
        matched = [(name, m.group(1)) for name, pattern in AUTHORITY_PATTERNS.items() if (m := pattern.search(value))]
        if matched:
            keys.update(matched)
        elif kind in AUTHORITY_PATTERNS and value:
            keys.add((kind, value.rstrip("/")))
    return keys


def names(element: etree._Element, kind: str) -> list[str]:
    """The entry's names, the main one first."""
    found = element.findall(f"tei:{NAME_ELEMENTS[kind]}", NS)
    found.sort(key=lambda n: n.get("type") not in ("main", "pref"))
    return [" ".join(" ".join(n.itertext()).split()) for n in found]


def _title(element: etree._Element) -> str:
    title = element.find(".//tei:title", NS)
    return " ".join("".join(title.itertext()).split()) if title is not None else ""


# -- the edition's registers, bibliography and header in the workspace -------------------

class Registers:
    """The workspace's registers, bibliography and edition header, with what an import adds to them."""

    def __init__(self, workspace: Path, taken: set[str]) -> None:
        self.workspace = workspace
        self.taken = taken
        self.trees: dict[str, etree._ElementTree] = {}
        self.changed: set[str] = set()
        self.by_authority: dict[tuple[str, str, str], str] = {}
        self.by_name: dict[tuple[str, str], str] = {}
        self.matched: Counter[str] = Counter()
        self.added: list[tuple[str, str, str]] = []          # (kind, id, name)
        for kind, name in REGISTER_KINDS.items():
            tree = self.tree(f"registers/{name}.xml")
            for entry in tree.getroot().iter(tei(kind)) if tree is not None else ():
                self._index(kind, entry)

    def tree(self, rel: str) -> etree._ElementTree | None:
        if rel not in self.trees:
            path = self.workspace / rel
            self.trees[rel] = parse_file(path, rel) if path.is_file() else None
        return self.trees[rel]

    def fresh(self, wanted: str) -> str:
        base = wanted if valid_id(wanted) and not re.fullmatch(r"d\d+", wanted) else slug(f"entry {wanted}")
        candidate, number = base, 1
        while candidate in self.taken:
            number += 1
            candidate = f"{base}-{number}"
        self.taken.add(candidate)
        return candidate

    def _index(self, kind: str, entry: etree._Element) -> None:
        value = entry.get(XML_ID)
        if not value:
            return
        for key in authority_keys(entry):
            self.by_authority.setdefault((kind, *key), value)
        for name in names(entry, kind):
            self.by_name.setdefault((kind, normalise_name(name)), value)

    def match(self, kind: str, entry: etree._Element) -> str | None:
        """Our entry for a foreign one: by authority identifier first, then by its main name."""
        for key in sorted(authority_keys(entry)):
            if (kind, *key) in self.by_authority:
                return self.by_authority[(kind, *key)]
        main = names(entry, kind)[:1]
        return self.by_name.get((kind, normalise_name(main[0]))) if main and main[0] else None

    def add(self, rel: str, container: str, entry: etree._Element, kind: str, label: str) -> None:
        tree = self.tree(rel)
        if tree is None:
            raise EditionError(error(f"{self.workspace.name}/{rel}", f"the edition has no {rel} to merge into",
                                     rule="import-target", hint="create it (edition init creates the registers)"))
        target = tree.getroot().find(f".//tei:{container}", NS)
        if target is None:
            target = self.new_list(tree, rel, container)
        append_indented(target, entry)
        self.changed.add(rel)
        self.added.append((kind, entry.get(XML_ID, ""), label))
        if kind in REGISTER_KINDS:
            self._index(kind, entry)

    def new_list(self, tree: etree._ElementTree, rel: str, container: str) -> etree._Element:
        """The first list of an empty register: it takes the place of the placeholder prose of the body."""
        body = tree.getroot().find("tei:text/tei:body", NS)
        if body is None or container == "titleStmt":
            raise EditionError(error(f"{self.workspace.name}/{rel}", f"{rel} has no <{container}>",
                                     rule="import-target", hint="the file does not have the usual structure"))
        for paragraph in body.findall("tei:p", NS):
            body.remove(paragraph)
        target = etree.Element(tei(container))
        target.text = "\n"
        append_indented(body, target)
        return target

    def write(self) -> None:
        for rel in sorted(self.changed):
            write_atomic(self.workspace / rel, serialize(self.trees[rel]))


def append_indented(parent: etree._Element, child: etree._Element) -> None:
    """Append ``child`` as the last child, indented like its siblings."""
    if len(parent):
        child.tail = parent[-1].tail
        parent[-1].tail = (parent[-2].tail if len(parent) > 1 else parent.text) or "\n"
    parent.append(child)


# -- preparing documents ---------------------------------------------------------------

def rename_id(old: str, old_doc: str, new_doc: str) -> str:
    """An id inside a document after the document is renamed."""
    if old == old_doc:
        return new_doc
    for separator in "-_.":
        if old_doc and old.startswith(old_doc + separator):
            return new_doc + old[len(old_doc):]
    return f"{new_doc}-{old}"


@dataclass(frozen=True)
class Where:
    """Where a pointer stands: element, attribute, line."""

    element: str
    attribute: str
    line: int

    @property
    def label(self) -> str:
        return f"@{self.attribute} on <{self.element}>"


class Preparation:
    """Turns source documents into edition documents, merging what they point to into the registers."""

    def __init__(self, source: Source, registers: Registers, plan: dict[str, str]) -> None:
        self.source = source
        self.registers = registers
        self.plan = plan                                   # source rel -> new document id
        self.merged: dict[tuple[str, str], tuple[str, str]] = {}   # (source rel, id) -> (our rel, id)
        self.warnings: list[Diagnostic] = []

    def old_id(self, rel: str) -> str:
        root = self.source.corpus.files[rel].root
        return root.get(XML_ID) or Path(rel).stem

    # pointers -----------------------------------------------------------------

    def pointer(self, token: str, origin: str, destination: str, problems: list[Diagnostic],
                where: Where) -> str | None:
        """``token`` (written in the source file ``origin``) as it must read in our file ``destination``."""
        target_file, target_id = resolve_token(origin, token)
        if not target_file:
            return token                                    # an absolute URI stays as it is
        corpus = self.source.corpus
        if target_file not in corpus.files:
            problems.append(error(origin, f"{where.label} leads to a file that is not in the source",
                                  line=where.line, rule="import-pointer",
                                  hint=f"{token!r} leads to {target_file}; import the folder that holds both files"))
            return None
        element = corpus.element(target_file, target_id) if target_id else corpus.files[target_file].root
        if element is None:
            problems.append(error(origin, f"{where.label} leads to an id that does not exist", line=where.line,
                                  rule="import-pointer", hint=f"{token!r}: {target_file} has no xml:id {target_id!r}"))
            return None
        ours = self.target(target_file, target_id, element, problems, where, origin)
        if ours is None:
            return None
        rel, value = ours
        path = "" if rel == destination else posixpath.relpath(rel, posixpath.dirname(destination) or ".")
        return f"{path}#{value}" if value else path

    def target(self, target_file: str, target_id: str, element: etree._Element, problems: list[Diagnostic],
               where: Where, origin: str) -> tuple[str, str] | None:
        """Where a source element lives in our edition: (file relative to the sources, id)."""
        if target_file in self.plan:
            new = self.plan[target_file]
            return f"{DOCUMENTS}/{new}.xml", rename_id(target_id, self.old_id(target_file), new) if target_id else ""
        local = etree.QName(element).localname
        key = (target_file, target_id)
        if key in self.merged:
            return self.merged[key]
        kind = self.source.corpus.files[target_file].kind
        if local in REGISTER_KINDS:
            return self.merge_entry(key, local, element)
        if local in ("bibl", "biblStruct") and etree.QName(element.getparent()).localname == "listBibl":
            return self.merge_bibl(key, element)
        if kind == "edition":
            return self.merge_header(key, element)
        if not target_id and kind in ("register", "bibliography"):
            return self.whole_file(element)
        problems.append(error(origin, f"{where.label} leads into a document that is not being imported",
                              line=where.line,
                              rule="import-pointer", hint=f"it leads into {target_file}: import that document "
                                                          "too, or remove the pointer"))
        return None

    def whole_file(self, root: etree._Element) -> tuple[str, str] | None:
        """Our register or bibliography for a pointer to a source's whole register or bibliography file."""
        for kind, container in LISTS.items():
            if root.find(f".//tei:{container}", NS) is not None:
                return (f"registers/{REGISTER_KINDS[kind]}.xml" if kind in REGISTER_KINDS else "bibliography.xml"), ""
        return None

    # merging ------------------------------------------------------------------

    def merge_entry(self, key: tuple[str, str], kind: str, element: etree._Element) -> tuple[str, str]:
        rel = f"registers/{REGISTER_KINDS[kind]}.xml"
        found = self.registers.match(kind, element)
        if found:
            self.registers.matched[kind] += 1
            self.merged[key] = (rel, found)
            return self.merged[key]
        entry = self.copy_entry(key, element, rel)
        label = (names(element, kind) or [entry.get(XML_ID, "")])[0]
        self.registers.add(rel, LISTS[kind], entry, kind, label)
        return self.merged[key]

    def merge_bibl(self, key: tuple[str, str], element: etree._Element) -> tuple[str, str]:
        rel = "bibliography.xml"
        tree = self.registers.tree(rel)
        wanted = normalise_name(_title(element))
        for ours in (tree.getroot().iter(tei("bibl"), tei("biblStruct")) if tree is not None else ()):
            if ours.get(XML_ID) and wanted and normalise_name(_title(ours)) == wanted:
                self.registers.matched["bibl"] += 1
                self.merged[key] = (rel, ours.get(XML_ID))
                return self.merged[key]
        entry = self.copy_entry(key, element, rel)
        self.registers.add(rel, "listBibl", entry, "bibl", _title(element) or entry.get(XML_ID, ""))
        return self.merged[key]

    def merge_header(self, key: tuple[str, str], element: etree._Element) -> tuple[str, str]:
        """Editors and responsibilities go into our edition header; other header targets to the header itself."""
        rel = "edition.xml"
        tree = self.registers.tree(rel)
        local = etree.QName(element).localname
        if tree is None or not key[1]:
            self.merged[key] = (rel, "")
            return self.merged[key]
        text = normalise_name(" ".join(element.itertext()))
        for ours in tree.getroot().iter(tei(local)):
            if ours.get(XML_ID) and normalise_name(" ".join(ours.itertext())) == text:
                self.registers.matched["header"] += 1
                self.merged[key] = (rel, ours.get(XML_ID))
                return self.merged[key]
        title_stmt = tree.getroot().find("tei:teiHeader/tei:fileDesc/tei:titleStmt", NS)
        if local in HEADER_AGENTS and title_stmt is not None:
            entry = self.copy_entry(key, element, rel)
            self.registers.add(rel, "titleStmt", entry, "header", " ".join(" ".join(element.itertext()).split()))
            return self.merged[key]
        same = next((e for e in tree.getroot().iter(tei(local)) if e.get(XML_ID) == key[1]), None)
        self.merged[key] = (rel, key[1] if same is not None else "")
        if same is None:
            self.warnings.append(warning(key[0], f"<{local} xml:id={key[1]!r}> of the source's edition header has "
                                                 "no counterpart here; pointers to it now point to the edition "
                                                 "header as a whole", rule="import-header"))
        return self.merged[key]

    def copy_entry(self, key: tuple[str, str], element: etree._Element, destination: str) -> etree._Element:
        """A copy of a source entry with fresh ids and pointers that lead to our files."""
        entry = copy.deepcopy(element)
        entry.tail = None
        self.merged[key] = (destination, self.registers.fresh(key[1] or slug(_title(element))))
        for node in entry.iter():
            if isinstance(node.tag, str) and node.get(XML_ID):
                node.set(XML_ID, self.merged[key][1] if node is entry else self.registers.fresh(node.get(XML_ID)))
        dropped: list[Diagnostic] = []
        self.rewrite(entry, key[0], destination, dropped)
        for problem in dropped:
            self.warnings.append(warning(problem.path, f"{problem.message}; the pointer is left out of the "
                                                       f"entry added to {destination}", line=problem.line,
                                         rule="import-pointer-dropped"))
        return entry

    def rewrite(self, element: etree._Element, origin: str, destination: str, problems: list[Diagnostic]) -> None:
        """Rewrite every pointer below ``element``; a pointer that cannot be kept is removed (and reported)."""
        for node in element.iter():
            if not isinstance(node.tag, str):
                continue
            for attribute in POINTER_ATTRIBUTES:
                value = node.get(attribute)
                if not value:
                    continue
                where = Where(etree.QName(node).localname, attribute, node.sourceline or 0)
                kept = [t for t in (self.pointer(token, origin, destination, problems, where)
                                    for token in value.split()) if t is not None]
                if kept:
                    node.set(attribute, " ".join(kept))
                else:
                    del node.attrib[attribute]

    # documents ------------------------------------------------------------------

    def document(self, source: SourceFile, template: etree._ElementTree) -> tuple[etree._ElementTree, list[Diagnostic]]:
        """The source document as it would stand in the edition, and what stands in its way."""
        new = self.plan[source.rel]
        old = self.old_id(source.rel)
        root = copy.deepcopy(source.root)
        for node in root.iter():
            if isinstance(node.tag, str) and node.get(XML_ID):
                node.set(XML_ID, rename_id(node.get(XML_ID), old, new))
        root.set(XML_ID, new)
        for idno in root.iterfind("tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:idno[@type='document']", NS):
            if (idno.text or "").strip() == old:
                idno.text = new
        problems: list[Diagnostic] = []
        self.rewrite(root, source.rel, f"{DOCUMENTS}/{new}.xml", problems)
        document = etree.ElementTree(root)
        for instruction in reversed(list(template.getroot().itersiblings(preceding=True))):
            root.addprevious(copy.deepcopy(instruction))
        return document, problems


# -- checking against the edition's schema -------------------------------------------------

class SchemaCheck:
    """The edition's schema (grammar and rules, see :mod:`toolkit.schema`), applied to documents before
    they are adopted; prepared documents keep their elements' source lines, so problems point into the source."""

    def __init__(self, edition: Edition) -> None:
        try:
            self.validator: Validator | None = validator_for(edition.root)
            self.missing: list[Diagnostic] = []
        except EditionError as exc:
            self.validator, self.missing = None, exc.diagnostics

    def problems(self, document: etree._ElementTree, shown: str) -> list[Diagnostic]:
        return self.validator.check(document, shown) if self.validator is not None else []


def source_lines(prepared: etree._ElementTree, written: bytes) -> dict[int, int]:
    """Lines of the written document -> lines of the source file, element by element."""
    lines: dict[int, int] = {}
    for original, reread in zip(prepared.getroot().iter(), parse_bytes(written, "prepared").getroot().iter()):
        if reread.sourceline and original.sourceline:
            lines.setdefault(reread.sourceline, original.sourceline)
    return lines


# -- the report ---------------------------------------------------------------------

#: Kinds of problem the text report lists (the JSON report lists all).
SHOWN_GROUPS = 60
_IDENTIFIER = re.compile(r'"[^"]*\d[^"]*"')

@dataclass
class Outcome:
    """What became of one source document."""

    source: str                     # its path in the source, as the report shows it
    new_id: str = ""
    problems: list[Diagnostic] = field(default_factory=list)
    lines: dict[int, int] = field(default_factory=dict)

    @property
    def conforms(self) -> bool:
        return not has_errors(self.problems)

    def add(self, problem: Diagnostic) -> None:
        """A problem found in the prepared document, placed at the source's line."""
        self.problems.append(Diagnostic(self.source, self.lines.get(problem.line, 0), 0, problem.severity,
                                        problem.message, problem.rule, problem.hint))


@dataclass
class ImportReport:
    source: str
    adopt: bool
    target: str = "tei"             # the edition's sources folder, as the report shows it
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)       # not tied to one document
    notes: list[Diagnostic] = field(default_factory=list)          # warnings
    adopted: bool = False
    matched: Counter[str] = field(default_factory=Counter)
    added: list[tuple[str, str, str]] = field(default_factory=list)
    schema_checked: bool = True

    @property
    def conforming(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.conforms]

    @property
    def ok(self) -> bool:
        return bool(self.outcomes) and len(self.conforming) == len(self.outcomes) and \
            not has_errors(self.problems) and (self.adopted or not self.adopt)

    def groups(self) -> list[tuple[int, str, Diagnostic, int]]:
        """(count, message, first occurrence, files) of every kind of problem, most frequent first.

        Problems are of one kind when their summaries agree once quoted identifiers
        (values with a digit, such as ids) are set aside; the first one stands for all.
        """
        found: dict[str, list[Diagnostic]] = {}
        for outcome in self.outcomes:
            for problem in outcome.problems:
                if problem.is_error:
                    found.setdefault(_IDENTIFIER.sub('"…"', summary_of(problem)), []).append(problem)
        groups = [(len(items), summary_of(first), first, len({i.path for i in items}))
                  for items in found.values() if (first := min(items, key=sort_key))]
        return sorted(groups, key=lambda g: (-g[0], g[1]))

    def lines(self) -> list[str]:
        """The report for people: the figures, the grouped problems, then each document's fate."""
        total, good = len(self.outcomes), len(self.conforming)
        lines = [f"{total} document{'s' * (total != 1)} in {self.source}: {good} conform{'s' * (good == 1)}, "
                 f"{total - good} do{'es' * (total - good == 1)} not"]
        if not total:
            lines.append("no TEI documents were found there: a document is an .xml file whose root is <TEI> "
                         "(registers, lists and other XML are read only as context)")
        if not self.schema_checked:
            lines.append("note: the edition's schema could not be loaded (see above): ids and pointers were "
                         "checked, the customisation was not")
        groups = self.groups()
        lines += [f"  {count} × {message} (first at {first.location()}{f'; in {files} files' if files > 1 else ''})"
                  for count, message, first, files in groups[:SHOWN_GROUPS]]
        if len(groups) > SHOWN_GROUPS:
            lines.append(f"  … and {len(groups) - SHOWN_GROUPS} more kinds of problem (--format json lists them all)")
        for outcome in self.outcomes:
            if not outcome.conforms:
                errors = [p for p in outcome.problems if p.is_error]
                first = min(errors, key=sort_key)
                lines.append(f"not adopted: {outcome.source}: {len(errors)} problem{'s' * (len(errors) != 1)}, "
                             f"first: {first.message} (line {first.line})")
        verb = "adopted" if self.adopted else "not adopted (the edition would not be valid)" \
            if self.adopt else "conforms, would be adopted"
        lines += [f"{verb}: {o.source} as {self.target}/{DOCUMENTS}/{o.new_id}.xml" for o in self.conforming]
        if self.conforming:
            matched = sum(self.matched.values())
            added = ", ".join(f"{i} ({n})" for _, i, n in self.added[:10]) + (" …" if len(self.added) > 10 else "")
            lines.append(f"registers: {matched} reference{'s' * (matched != 1)} matched existing entries, "
                         f"{len(self.added)} new entr{'ies' if len(self.added) != 1 else 'y'}"
                         f"{': ' + added if added else ''}")
        return lines

    def to_json(self) -> dict:
        return {
            "source": self.source, "adopt": self.adopt, "adopted": self.adopted, "ok": self.ok,
            "schema_checked": self.schema_checked,
            "documents": [{"source": o.source, "conforms": o.conforms, "id": o.new_id if o.conforms else "",
                           "problems": [p.to_json() for p in o.problems]} for o in self.outcomes],
            "groups": [{"count": c, "message": m, "first": f.location(), "files": n} for c, m, f, n in self.groups()],
            "matched": dict(self.matched),
            "added": [{"kind": k, "id": i, "name": n} for k, i, n in self.added],
            "problems": [p.to_json() for p in self.problems + self.notes],
        }


# -- the whole import -----------------------------------------------------------------

def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """What a folder holds, to notice a change made while the import ran."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted(folder.rglob("*")) if p.is_file()}


class Workspace:
    """A private copy of the edition beside it: the sources as hard links (files are only ever replaced,
    never changed in place), the schema folder as a link, so validation sees the edition's layout."""

    def __init__(self, edition: Edition) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix=".import-", dir=edition.root))
        self.sources_rel = edition.rel(edition.config.sources)
        self.sources = self.tmp / self.sources_rel
        shutil.copytree(edition.config.sources, self.sources, copy_function=link_or_copy)
        schema = edition.config.schema_dir
        if schema.is_dir():
            link = self.tmp / edition.rel(schema)
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(schema.resolve(), target_is_directory=True)

    def corpus(self) -> Corpus:
        return Corpus.load(self.tmp, self.sources)

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


@dataclass
class Importer:
    """One import: the edition, the source and the checks, run in rounds until what is left conforms."""

    edition: Edition
    source: Source
    schema: SchemaCheck

    def prepare(self, workspace: Workspace, chosen: list[SourceFile], write: bool) -> tuple[
            dict[str, Outcome], Registers, list[Diagnostic]]:
        """Prepare the ``chosen`` documents in ``workspace`` (written there with ``write``)."""
        corpus = workspace.corpus()
        taken = set(corpus.all_ids()) | {p.stem for p in (workspace.sources / DOCUMENTS).glob("*.xml")}
        plan: dict[str, str] = {}
        for document in chosen:
            plan[document.rel] = next_id(taken)
            taken.add(plan[document.rel])
        registers = Registers(workspace.sources, taken)
        preparation = Preparation(self.source, registers, plan)
        template = parse_file(overridable(self.edition.config.overrides, "templates", "document.xml"))
        outcomes: dict[str, Outcome] = {}
        for document in chosen:
            tree, problems = preparation.document(document, template)
            problems += self.schema.problems(tree, document.rel)
            data = serialize(tree)
            outcomes[document.rel] = Outcome(document.rel, plan[document.rel], problems, source_lines(tree, data))
            if write:
                write_new(workspace.sources / DOCUMENTS / f"{plan[document.rel]}.xml", data)
        if write:
            registers.write()
        return outcomes, registers, preparation.warnings

    def final_check(self, workspace: Workspace, outcomes: dict[str, Outcome]) -> list[Diagnostic]:
        """``edition validate`` over the workspace; problems in new documents go to their outcomes."""
        by_file = {f"{workspace.sources_rel}/{DOCUMENTS}/{o.new_id}.xml": o for o in outcomes.values()}
        rest = []
        for problem in validate(workspace.corpus()):
            if problem.path in by_file:
                by_file[problem.path].add(problem)
            elif problem.is_error:
                rest.append(problem)
        return rest

    def run(self, report: ImportReport) -> None:
        """Check every document; keep those that conform, alone and together; adopt them if asked."""
        chosen = list(self.source.documents)
        final: dict[str, Outcome] = {}
        while chosen:
            with Workspace(self.edition) as dry:
                outcomes, _, _ = self.prepare(dry, chosen, write=False)
            final.update(outcomes)
            chosen = [d for d in chosen if outcomes[d.rel].conforms]
            if not chosen:
                break
            before = snapshot(self.edition.config.sources)
            with Workspace(self.edition) as workspace:
                outcomes, registers, warnings = self.prepare(workspace, chosen, write=True)
                rest = self.final_check(workspace, outcomes)
                final.update(outcomes)
                if any(not o.conforms for o in outcomes.values()) and not rest:
                    chosen = [d for d in chosen if outcomes[d.rel].conforms]
                    continue                        # again without the documents that fail together
                report.matched, report.added, report.notes = registers.matched, registers.added, warnings
                report.problems.extend(rest)
                if report.adopt and not has_errors(rest):
                    if snapshot(self.edition.config.sources) != before:
                        report.problems.append(error(self.edition.rel(self.edition.config.sources),
                                                     "the sources changed while the import ran; nothing was adopted",
                                                     rule="import-race", hint="run the import again"))
                    else:
                        publish(workspace.sources, self.edition.config.sources)
                        report.adopted = True
            break
        report.outcomes = [final[d.rel] for d in self.source.documents] + [
            Outcome(rel, problems=[p for p in self.source.problems if p.path == rel]) for rel in self.source.refused]


def run_import(edition: Edition, path: Path, adopt: bool) -> ImportReport:
    """Check the documents at ``path`` against the edition and, with ``adopt``, bring in those that conform."""
    source = read_source(path)
    baseline = validate(edition.corpus)
    if has_errors(baseline):
        raise EditionError(*[p for p in baseline if p.is_error][:20], error(
            edition.rel(edition.config.sources), "the edition has errors of its own; nothing is imported into it",
            rule="import-edition-invalid", hint="run 'edition validate' and fix them first"))
    importer = Importer(edition, source, SchemaCheck(edition))
    report = ImportReport(source=source.shown, adopt=adopt, target=edition.rel(edition.config.sources),
                          schema_checked=importer.schema.validator is not None)
    report.problems.extend(importer.schema.missing)
    with sources_writer(edition.config.sources, edition.config.output, edition.rel(edition.config.sources)):
        for stale in edition.root.glob(".import-*"):   # workspaces of an import that was killed
            shutil.rmtree(stale, ignore_errors=True)
        importer.run(report)
    offered = {d.rel for d in source.documents} | set(source.refused)
    report.notes = [warning(p.path, p.message, line=p.line, col=p.col, rule=p.rule, hint=p.hint)
                    for p in source.problems if p.path not in offered] + report.notes
    return report
