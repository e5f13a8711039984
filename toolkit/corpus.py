"""The corpus model: the edition read once, as every later step needs it.

Like Sphinx's build environment, the corpus knows every file of the edition,
every ``xml:id`` across files, every pointer (``#id`` and ``file.xml#id``) and
what each document is (id, title, date, type, sender, recipient).  Validation,
builders and exports all work from this model; none of them re-reads sources
on its own.

Where things live in an edition's source folder (``tei/`` by default):

* ``edition.xml``: the edition-level header (title, editors, principles);
* ``documents/*.xml``: one TEI file per document;
* ``registers/*.xml``: persons, places and organisations (``listPerson``,
  ``listPlace``, ``listOrg``);
* ``bibliography.xml``: the shared bibliography (``listBibl``).
"""

from __future__ import annotations

import functools
import hashlib
import os
import posixpath
import re
from dataclasses import dataclass, field
from sys import intern
from pathlib import Path
from typing import Iterator, NamedTuple
from urllib.parse import unquote

from lxml import etree

from .diagnostics import Diagnostic, EditionError, error
from .parallel import parallel_map
from .xmlio import NS, TEI_NS, XML_NS, parse_bytes, parse_reporting, read_bytes

XML_ID = f"{{{XML_NS}}}id"

#: Attributes whose values are (space-separated) pointers to be resolved.
POINTER_ATTRIBUTES = ("ref", "target", "resp", "source", "who", "corresp", "sameAs", "ana", "edRef",
                      "scheme", "hand", "wit", "prev", "next", "copyOf")

#: Elements whose ``@ref`` marks a mention of a register entry.
MENTION_ELEMENTS = ("persName", "placeName", "orgName", "name", "rs")

REGISTER_KINDS = {"person": "persons", "place": "places", "org": "organisations"}

_POINTER_SET = frozenset(POINTER_ATTRIBUTES)
_WITH_ID = etree.XPath("//*[@xml:id]", namespaces={"xml": "http://www.w3.org/XML/1998/namespace"})

_EXTERNAL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

#: An xml:id must be an XML name (NCName): ids become URL fragments and file names in the
#: outputs, so one like ``../../x`` must never reach a builder.
_NCNAME = re.compile(r"^[^\W\d][\w.\-\u00b7\u0300-\u036f\u203f\u2040]*$")

#: A portable file or folder name: ASCII letters, digits, ``-``, ``_``, single dots.
_PORTABLE_NAME = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_-]|\.(?!\.))*$")

#: Root elements of an edition file.
TEI_ROOTS = ("TEI", "teiCorpus")


def valid_id(value: str) -> bool:
    return bool(_NCNAME.match(value))


def tei(name: str) -> str:
    return f"{{{TEI_NS}}}{name}"


class Pointer(NamedTuple):
    """One pointer token in one attribute, with where it stands and where it leads.

    A named tuple: an edition has hundreds of thousands of pointers, and the corpus cache
    unpickles every one of them on each run, which is several times faster for a tuple than for
    a frozen dataclass."""

    source: str          # root-relative path of the file holding it
    line: int
    element: str         # local name of the element carrying the attribute
    attribute: str
    value: str           # the token as written
    target_file: str     # root-relative path of the file it points into ("" for external)
    target_id: str       # the fragment ("" for a whole file)

    @property
    def external(self) -> bool:
        return not self.target_file


class SourceFile:
    """One XML file of the edition: where it is, what kind, its content hash and its tree.

    Once :meth:`Corpus.load` has indexed a document it releases its tree: ten
    thousand parsed documents take more memory than a build may use, and the
    builders' worker processes parse what they render themselves.  ``tree``
    then parses the bytes read at loading time again, on every use: keep the
    result when you need it twice.  Registers, bibliography and edition
    header stay parsed.
    """

    def __init__(self, path: Path, rel: str, kind: str, tree: etree._ElementTree | None, digest: str,
                 data: bytes | None = None) -> None:
        self.path = path
        self.rel = rel
        self.kind = kind            # "document", "register", "bibliography", "edition" or "other"
        self.digest = digest
        self.id = tree.getroot().get(XML_ID, "") if tree is not None else ""    # the root's xml:id
        self._tree = tree
        self._data = data

    @classmethod
    def unparsed(cls, path: Path, rel: str, kind: str, digest: str, root_id: str) -> "SourceFile":
        """A file known from its index alone (read by a worker, or from the corpus cache): its tree is
        parsed from disk when asked for."""
        source = cls(path, rel, kind, None, digest)
        source.id = root_id
        return source

    @property
    def tree(self) -> etree._ElementTree:
        if self._tree is not None:
            return self._tree
        return parse_bytes(self._data if self._data is not None else read_bytes(self.path, self.rel), self.rel)

    @property
    def root(self) -> etree._Element:
        return self.tree.getroot()

    @property
    def held(self) -> bool:
        """Is the tree in memory (rather than parsed again on use)?"""
        return self._tree is not None

    def release(self) -> None:
        """Forget the parsed tree, keeping the bytes it was parsed from."""
        self._tree = None

    def __repr__(self) -> str:
        return f"SourceFile({self.rel!r}, kind={self.kind!r}, held={self.held})"


class IndexCache:
    """Where :meth:`Corpus.load` finds the index of documents it has seen before (the build
    cache implements it, see :class:`toolkit.build.cache.CorpusCache`)."""

    def lookup(self, path: Path, rel: str) -> tuple[SourceFile, "FileIndex", list[Diagnostic]] | None:
        """The file (tree not parsed), its index and its diagnostics, if its content is known."""
        raise NotImplementedError

    def store(self, source: SourceFile, index: "FileIndex", diagnostics: list[Diagnostic]) -> None:
        """Remember what one document gave, for its content."""
        raise NotImplementedError


@dataclass
class FileIndex:
    """What one file adds to the corpus model, collected while its tree is parsed."""

    ids: dict[str, int]
    id_problems: list[Diagnostic]
    pointers: list[Pointer]
    document: Document | None
    entries: list[Entry]
    mentions: list[Mention]      # every marked reference to an id; those that name no entry are dropped later


@dataclass
class Agent:
    """A sender, recipient or other party as a document's header names it."""

    name: str            # as written in the header, without the office
    ref: str = ""        # the pointer as written
    key: str = ""        # the register id it resolves to
    office: str = ""     # the office the source gives (persName/roleName)
    kind: str = "person"  # "person" or "org"


@dataclass
class DocDate:
    """A document's date: as given, and normalised (ISO 8601)."""

    text: str = ""
    when: str = ""
    not_before: str = ""
    not_after: str = ""

    @property
    def sort_key(self) -> str:
        return self.when or self.not_before or self.not_after or "9999"

    @property
    def iso(self) -> str:
        """The normalised date as a reader sees it: a day, or a range with open ends."""
        if self.when:
            return self.when
        if self.not_before and self.not_after:
            return f"{self.not_before}/{self.not_after}"
        if self.not_before:
            return f"{self.not_before}/.."
        if self.not_after:
            return f"../{self.not_after}"
        return ""

    @property
    def year(self) -> str:
        return self.sort_key[:4] if self.sort_key != "9999" else ""


@dataclass
class Document:
    """What a document is, read from its header."""

    id: str
    rel: str
    title: str
    summary: str
    type: str
    date: DocDate
    senders: list[Agent] = field(default_factory=list)
    recipients: list[Agent] = field(default_factory=list)
    places: list[Agent] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    language: str = ""

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.date.sort_key, self.id)


@dataclass
class Entry:
    """A register or bibliography entry: a person, place, organisation or work."""

    id: str
    rel: str
    kind: str            # "person", "place", "org" or "bibl"
    name: str
    line: int


@dataclass(slots=True)
class Mention:
    """A marked mention of a register entry in a document's text."""

    document: str        # document id
    entry: str           # entry id
    element: str
    line: int
    text: str
    anchor: str          # the nearest enclosing xml:id (paragraph anchor), or ""


class Corpus:
    """The whole edition, read once."""

    def __init__(self, root: Path, sources: Path) -> None:
        self.root = root
        self.sources = sources
        self.files: dict[str, SourceFile] = {}
        self.refused: set[str] = set()                     # files found but not read (see diagnostics)
        self.diagnostics: list[Diagnostic] = []
        self.ids: dict[str, dict[str, int]] = {}          # file -> id -> line
        self.pointers: list[Pointer] = []
        self.documents: list[Document] = []
        self.entries: dict[str, Entry] = {}                # id -> entry (registers and bibliography)
        self.mentions: list[Mention] = []
        self._indexed: dict[str, FileIndex] = {}

    # -- reading --------------------------------------------------------

    @classmethod
    def load(cls, root: Path, sources: Path, keep_trees: bool = False, cache: "IndexCache | None" = None,
             jobs: int | None = None) -> "Corpus":
        """Read every XML file below ``sources``; problems become diagnostics, never exceptions.

        Each document is indexed as soon as it is read and its tree released
        (see :class:`SourceFile`), unless ``keep_trees``.  With a ``cache``, a
        document whose content the cache knows is not parsed at all: its index
        and diagnostics come from the cache (see :class:`IndexCache`).  The
        other documents are read and indexed on every core (``jobs``); the
        model is the same whatever the order they were read in.
        """
        corpus = cls(root, sources)
        paths = discover(sources)
        read: dict[Path, tuple[SourceFile | None, FileIndex | None, list[Diagnostic]]] = {}
        pending = []
        for path in paths:
            known = cache.lookup(path, corpus.rel(path)) if cache is not None and not keep_trees else None
            if known is not None:
                read[path] = known
            elif not keep_trees and corpus._kind(path) == "document":
                pending.append(path)
            else:
                read[path] = corpus._read(path)
        for path, found in zip(pending, parallel_map(lambda _, path: corpus._read_indexed(path), pending,
                                                     jobs=jobs, description="reading")):
            read[path] = found
            source, index, diagnostics = found
            if cache is not None and source is not None and index is not None:
                cache.store(source, index, diagnostics)
        for path in paths:                                  # the model in the order of the files
            source, index, diagnostics = read[path]
            corpus.diagnostics.extend(diagnostics)
            if source is None:
                corpus.refused.add(corpus.rel(path))
                continue
            corpus.files[source.rel] = source
            if index is not None:
                corpus._indexed[source.rel] = index
        corpus.index()
        return corpus

    def _read(self, path: Path) -> tuple[SourceFile | None, None, list[Diagnostic]]:
        """One file parsed, its tree kept (None and the problems if it cannot be part of the edition)."""
        rel = self.rel(path)
        diagnostics = check_name(path, self.sources, rel)
        try:
            if not Path(os.path.realpath(path)).is_relative_to(self.sources.resolve()):
                raise EditionError(error(rel, "the file is a symbolic link leading out of the sources folder; "
                                              "it is not read", line=1, col=1, rule="path-outside",
                                         hint="copy the file into the folder instead of linking to it"))
            data = read_bytes(path, rel)
            tree, warnings = parse_reporting(data, rel)
            check_root(tree, rel)
        except EditionError as exc:
            return None, None, diagnostics + list(exc.diagnostics)
        digest = hashlib.sha256(data).hexdigest()
        return SourceFile(path=path, rel=rel, kind=self._kind(path), tree=tree, digest=digest, data=data), None, \
            diagnostics + warnings

    def _read_indexed(self, path: Path) -> tuple[SourceFile | None, FileIndex | None, list[Diagnostic]]:
        """A document read and indexed, its tree and bytes let go (it is read again from disk when
        needed): what a worker sends back is small."""
        source, _, diagnostics = self._read(path)
        if source is None:
            return None, None, diagnostics
        index = self._index_file(source)
        return SourceFile.unparsed(source.path, source.rel, source.kind, source.digest, source.id), index, diagnostics

    def add_file(self, path: Path) -> SourceFile | None:
        """Read one file into the model; a file that cannot be part of the edition becomes diagnostics instead."""
        source, _, diagnostics = self._read(path)
        self.diagnostics.extend(diagnostics)
        if source is None:
            self.refused.add(self.rel(path))
            return None
        self.files[source.rel] = source
        return source

    def rel(self, path: Path) -> str:
        """The path as diagnostics show it, relative to the root; symbolic links are not followed,
        so a link is named by where it stands, not by where it leads."""
        path = Path(os.path.abspath(path if path.is_absolute() else self.root / path))
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def _kind(self, path: Path) -> str:
        try:
            parts = Path(os.path.abspath(path)).relative_to(os.path.abspath(self.sources)).parts
        except ValueError:
            parts = path.parts
        if len(parts) > 1 and parts[0] == "documents":
            return "document"
        if len(parts) > 1 and parts[0] == "registers":
            return "register"
        if parts[-1] == "bibliography.xml":
            return "bibliography"
        if parts[-1] == "edition.xml":
            return "edition"
        return "other"

    def index(self) -> None:
        """Collect ids, pointers, documents, entries and mentions from the files read."""
        indexed = {rel: self._indexed.get(rel) or self._index_file(source) for rel, source in self.files.items()}
        self._indexed = indexed
        for rel, found in indexed.items():
            self.ids[rel] = found.ids
            self.diagnostics.extend(found.id_problems)
        for found in indexed.values():
            self.pointers.extend(found.pointers)
            if found.document is not None:
                self.documents.append(found.document)
            for entry in found.entries:
                self.entries[entry.id] = entry
        for found in indexed.values():
            self.mentions.extend(m for m in found.mentions if m.entry in self.entries)
        self.documents.sort(key=lambda d: d.sort_key)

    def _index_file(self, source: SourceFile) -> FileIndex:
        """Everything the model takes from one file, from one parse of it."""
        tree = source.tree
        ids, problems = self._index_ids(source, tree.getroot())
        document = None
        if source.kind == "document" and valid_id(source.id or Path(source.rel).stem):
            document = read_document(source, tree.getroot())
        entries = list(read_entries(source)) if source.kind in ("register", "bibliography") else []
        mentions = list(self._read_mentions(source, tree.getroot())) if source.kind == "document" else []
        return FileIndex(ids, problems, list(self._index_pointers(source, tree.getroot())), document, entries,
                         mentions)

    def _index_ids(self, source: SourceFile, root: etree._Element) -> tuple[dict[str, int], list[Diagnostic]]:
        ids: dict[str, int] = {}
        problems: list[Diagnostic] = []
        for element in _WITH_ID(root):
            value = element.get(XML_ID)
            if not valid_id(value):
                problems.append(error(
                    source.rel, f"xml:id {value!r} is not an XML name", line=element.sourceline or 0, col=1,
                    rule="id-syntax", hint="an id starts with a letter or '_' and holds only letters, digits, "
                                           "'-', '_' and '.'; ids become URLs and file names in the outputs"))
            elif value in ids:
                problems.append(error(
                    source.rel, f"xml:id {value!r} is used twice in this file (first on line {ids[value]})",
                    line=element.sourceline or 0, col=1, rule="id-unique",
                    hint="give each element its own id"))
            else:
                ids[value] = element.sourceline or 0
        return ids, problems

    def _index_pointers(self, source: SourceFile, root: etree._Element) -> Iterator[Pointer]:
        for element in root.iter(etree.Element):
            for attribute in element.keys():          # the attributes present, not every name asked for
                value = element.get(attribute) if attribute in _POINTER_SET else None
                if not value:
                    continue
                for token in value.split():
                    yield self.make_pointer(source.rel, element, attribute, token)

    def make_pointer(self, rel: str, element: etree._Element, attribute: str, token: str) -> Pointer:
        target_file, target_id = resolve_token(rel, token)
        # Interned: the same names recur hundreds of thousands of times in a large edition's model.
        return Pointer(source=rel, line=element.sourceline or 0, element=intern(localname(element)),
                       attribute=intern(attribute), value=intern(token), target_file=intern(target_file),
                       target_id=intern(target_id))

    def _read_mentions(self, source: SourceFile, root: etree._Element) -> Iterator[Mention]:
        document = root.get(XML_ID) or Path(source.rel).stem
        text = root.find("tei:text", NS)
        if text is None:
            return
        for element in text.iter(*(tei(name) for name in MENTION_ELEMENTS)):
            for token in (element.get("ref") or "").split():
                target_file, target_id = resolve_token(source.rel, token)
                if target_id:
                    yield Mention(document=document, entry=intern(target_id), element=intern(localname(element)),
                                  line=element.sourceline or 0, text=normalise_space(element),
                                  anchor=intern(nearest_anchor(element)))

    # -- questions the rest of the toolkit asks -------------------------

    def resolve(self, pointer: Pointer) -> bool:
        """Does a local pointer lead to an existing file and id?"""
        if pointer.external:
            return True
        ids = self.ids.get(pointer.target_file)
        if ids is None:
            return False
        return not pointer.target_id or pointer.target_id in ids

    def element(self, rel: str, xml_id: str) -> etree._Element | None:
        """The element of a file with this id (the first, if an id is used twice)."""
        source = self.files.get(rel)
        if source is None:
            return None
        by_id = self.__dict__.setdefault("_elements", {})
        table = by_id.get(rel)
        if table is None or (source.held and table[0] is not source.root):   # one table per file
            found: dict[str, etree._Element] = {}
            for element in _WITH_ID(source.root):
                found.setdefault(element.get(XML_ID), element)
            table = by_id[rel] = (source.root, found)
        return table[1].get(xml_id)

    def document(self, doc_id: str) -> Document | None:
        return self._lookup("documents", lambda: {d.id: d for d in reversed(self.documents)}).get(doc_id)

    def edition_header(self) -> SourceFile | None:
        return next((f for f in self.files.values() if f.kind == "edition"), None)

    def all_ids(self) -> dict[str, list[tuple[str, int]]]:
        """Every id with every file and line where it is declared."""
        found: dict[str, list[tuple[str, int]]] = {}
        for rel, ids in self.ids.items():
            for value, line in ids.items():
                found.setdefault(value, []).append((rel, line))
        return found

    def mentions_of(self, entry_id: str) -> list[Mention]:
        return list(self._lookup("mentions", lambda: _group(self.mentions, "entry")).get(entry_id, ()))

    def _lookup(self, name: str, build):
        """A lookup table over a list of the model, built on first use (and again if the list grew):
        builders ask these questions once per document or entry, so a scan each time would be quadratic."""
        items = getattr(self, name)
        cached = self.__dict__.setdefault("_lookups", {}).get(name)
        if cached is None or cached[0] != len(items):
            cached = (len(items), build())
            self._lookups[name] = cached
        return cached[1]


def check_name(path: Path, sources: Path, rel: str) -> list[Diagnostic]:
    """File and folder names below the sources must be portable: they become URLs and archive names."""
    try:
        parts = Path(os.path.abspath(path)).relative_to(os.path.abspath(sources)).parts
    except ValueError:
        parts = (path.name,)
    bad = next((part for part in parts if not _PORTABLE_NAME.match(part)), None)
    if bad is None:
        return []
    return [error(rel, f"the name {bad!r} is not portable: use only ASCII letters, digits, '-', '_' and "
                       "single dots", line=1, col=1, rule="file-name",
                  hint="names become URLs and names in exports and archives, where spaces, non-ASCII "
                       "characters and '..' break; rename it and the pointers to it")]


def check_root(tree: etree._ElementTree, rel: str) -> None:
    """An edition file is a TEI document: root ``<TEI>`` (or ``<teiCorpus>``) in the TEI namespace."""
    root = tree.getroot()
    name = etree.QName(root)
    if name.namespace == TEI_NS and name.localname in TEI_ROOTS:
        return
    line = root.sourceline or 1
    if name.localname in TEI_ROOTS and not name.namespace:
        raise EditionError(error(rel, f"the root element <{name.localname}> is not in the TEI namespace",
                                 line=line, col=1, rule="tei-namespace",
                                 hint=f'add xmlns="{TEI_NS}" to the start tag of <{name.localname}>'))
    if name.localname in TEI_ROOTS:
        raise EditionError(error(rel, f"the root element <{name.localname}> is in the namespace "
                                      f"{name.namespace!r}, not the TEI namespace", line=line, col=1,
                                 rule="tei-namespace", hint=f'the TEI namespace is "{TEI_NS}"'))
    where = f" (namespace {name.namespace!r})" if name.namespace else ""
    raise EditionError(error(rel, f"the root element is <{name.localname}>{where}, not <TEI>", line=line, col=1,
                             rule="tei-root", hint="every file below the sources folder is a TEI document: "
                                                   f'<TEI xmlns="{TEI_NS}">; move other files elsewhere'))


def discover(sources: Path) -> list[Path]:
    """Every ``*.xml`` file below ``sources`` in a stable order, hidden files and folders left out."""
    if not sources.is_dir():
        return []
    found = []
    for path in sources.rglob("*.xml"):
        relative = path.relative_to(sources)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file():
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(sources).as_posix())


def resolve_token(rel: str, token: str) -> tuple[str, str]:
    """Split a pointer token into the root-relative file it names and its fragment.

    ``#x`` points into the file itself, ``other.xml#x`` into a file relative to
    it; absolute URIs (``https:``, ``mailto:``, ``javascript:``...) are external
    and come back as ``("", "")``.
    """
    if token.startswith("#"):
        fragment = token[1:]
        return rel, unquote(fragment) if "%" in fragment else fragment
    return _resolve_in(_folder(rel), token)


@functools.lru_cache(maxsize=1024)
def _folder(rel: str) -> str:
    return posixpath.dirname(rel)


@functools.lru_cache(maxsize=65536)
def _resolve_in(folder: str, token: str) -> tuple[str, str]:
    """A token that names a file, resolved against the folder of the file holding it (the same few
    tokens recur in every document of a folder: a register entry, the edition header)."""
    if _EXTERNAL.match(token) or token.startswith("//"):
        return "", ""
    path, _, fragment = token.partition("#")
    if "%" in fragment:
        fragment = unquote(fragment)
    return _join(folder, path), fragment


@functools.lru_cache(maxsize=4096)
def _join(folder: str, path: str) -> str:
    """A relative path resolved against a folder (the same few pairs recur in every document)."""
    return posixpath.normpath(posixpath.join(folder, unquote(path)))


def _group(items: list, attribute: str) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for item in items:
        grouped.setdefault(getattr(item, attribute), []).append(item)
    return grouped


def localname(element: etree._Element) -> str:
    """The local name of an element (cheaper than ``etree.QName`` in the loops over every element)."""
    return element.tag.rpartition("}")[2]


def normalise_space(element: etree._Element) -> str:
    if not len(element):                        # the common case: text only, no child elements
        return " ".join((element.text or "").split())
    return " ".join("".join(element.itertext()).split())


def nearest_anchor(element: etree._Element) -> str:
    """The id of the nearest enclosing element that has one: the citable anchor of a mention."""
    for ancestor in element.iterancestors(*_ANCHOR_TAGS):
        value = ancestor.get(XML_ID)
        if value:
            return value
    return ""


_ANCHOR_TAGS = tuple(tei(name) for name in ("p", "item", "quote", "sp", "closer", "opener", "head", "note", "div",
                                            "list", "ab"))


def _text(element: etree._Element | None) -> str:
    return normalise_space(element) if element is not None else ""


def read_agents(action: etree._Element | None, rel: str) -> list[Agent]:
    if action is None:
        return []
    agents = []
    for element in action:
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        if local not in ("persName", "orgName", "name"):
            continue
        office = " ".join(_text(r) for r in element.findall("tei:roleName", NS))
        name_parts = [t for child in element.xpath("node()[not(self::tei:roleName)]", namespaces=NS)
                      for t in ([child] if isinstance(child, str) else child.itertext())]
        name = " ".join("".join(name_parts).split()).strip(" ,:")
        ref = (element.get("ref") or "").split()
        key = resolve_token(rel, ref[0])[1] if ref else ""
        agents.append(Agent(name=name or office, ref=ref[0] if ref else "", key=key, office=office,
                            kind="org" if local == "orgName" else "person"))
    return agents


def read_document(source: SourceFile, root: etree._Element | None = None) -> Document:
    """The metadata a document's header gives: id, title, type, date, parties."""
    root = source.root if root is None else root
    header = root.find("tei:teiHeader", NS)
    title = root.find("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type='main']", NS)
    if title is None:
        title = root.find("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title", NS)
    summary = root.find("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type='desc']", NS)
    sent = root.find(".//tei:correspDesc/tei:correspAction[@type='sent']", NS)
    received = root.find(".//tei:correspDesc/tei:correspAction[@type='received']", NS)
    date_element = sent.find("tei:date", NS) if sent is not None else None
    date = DocDate()
    if date_element is not None:
        date = DocDate(text=_text(date_element), when=date_element.get("when", ""),
                       not_before=date_element.get("notBefore", ""), not_after=date_element.get("notAfter", ""))
    text = root.find("tei:text", NS)
    places = [Agent(name=_text(p), ref=p.get("ref", ""), key=resolve_token(source.rel, p.get("ref", ""))[1]
                    if p.get("ref") else "", kind="place")
              for p in (header.findall(".//tei:correspAction/tei:placeName", NS) if header is not None else [])]
    references = [_text(i) for i in root.findall(
        "tei:teiHeader//tei:sourceDesc//tei:altIdentifier[@type='reference']/tei:idno", NS)]
    return Document(
        id=root.get(XML_ID) or Path(source.rel).stem,
        rel=source.rel,
        title=_text(title),
        summary=_text(summary),
        type=text.get("type", "") if text is not None else "",
        date=date,
        senders=read_agents(sent, source.rel),
        recipients=read_agents(received, source.rel),
        places=places,
        references=references,
        language=(text.get(f"{{{XML_NS}}}lang") if text is not None else None) or root.get(f"{{{XML_NS}}}lang", ""),
    )


_ENTRY_TAGS = {tei("person"): "person", tei("place"): "place", tei("org"): "org",
               tei("bibl"): "bibl", tei("biblStruct"): "bibl"}
_NAME_PATHS = {
    "person": ("tei:persName[@type='main']", "tei:persName"),
    "place": ("tei:placeName[@type='main']", "tei:placeName"),
    "org": ("tei:orgName[@type='main']", "tei:orgName"),
    "bibl": ("tei:title[@type='short']", "tei:title", ".//tei:title"),
}


def read_entries(source: SourceFile) -> Iterator[Entry]:
    for element in source.root.iter(*_ENTRY_TAGS):
        value = element.get(XML_ID)
        if not value or not valid_id(value):
            continue
        kind = _ENTRY_TAGS[element.tag]
        name = ""
        for path in _NAME_PATHS[kind]:
            found = element.find(path, NS)
            if found is not None:
                name = _text(found)
                break
        yield Entry(id=value, rel=source.rel, kind=kind, name=name or value, line=element.sourceline or 0)
