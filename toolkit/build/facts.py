"""The facts document: what the corpus model knows, as one XML parameter for the stylesheets.

A stylesheet renders one source file at a time, but a page needs to know more
than its file: the list of documents (for previous/next and tables), the documents
that name each register entry (back-links), who ``#YB`` is, the bibliography
entries a document cites, the interface labels and the configuration.  All of
that is read once by :mod:`toolkit.corpus` and handed to XSLT here, as the
``facts`` parameter (namespace :data:`FACTS_NS`), so no stylesheet re-reads a
source on its own.  The HTML and the PDF builders share it; each may add its
own part (the HTML site adds the page of every file, see ``toolkit.build.html``).
A page of the site is given a view of it (:class:`PageViews`): the part it
reads, so that no page's transformation grows with the edition.  The passages
that mention an entry (``f:mention``) are the one part the document does not
hold: they outnumber everything else in it many times over (400,000 for ten
thousand letters) and only a register's page lists them, so its view adds
those of the entries it lists (:func:`add_mentions`).

Labels (namespace :data:`LABELS_NS`) are one file per interface language in
``xslt/common/labels/<lang>.xml``; an edition's ``overrides/labels/<lang>.xml``
replaces single labels.
"""

from __future__ import annotations

import copy
import unicodedata
from pathlib import Path
from typing import Iterable

from lxml import etree

from ..config import Config
from ..corpus import Corpus, Document, Mention
from ..diagnostics import EditionError, warning
from ..resources import xslt_dir
from ..xmlio import NS, XML_NS, detached, parse_file

FACTS_NS = "urn:x-edition-toolkit:facts"
LABELS_NS = "urn:x-edition-toolkit:labels"
XML_ID = f"{{{XML_NS}}}id"
MENTION = f"{{{FACTS_NS}}}mention"


def f(name: str) -> str:
    return f"{{{FACTS_NS}}}{name}"


def sub(parent: etree._Element, tag: str, text: str = "", **attributes: str) -> etree._Element:
    """A child element in the facts namespace; empty attributes are left out."""
    element = etree.SubElement(parent, f(tag), {k.replace("_", "-"): v for k, v in attributes.items() if v})
    if text:
        element.text = text
    return element


def safe_name(identifier: str) -> str:
    """A file name from an id (pages, PDFs): its letters, digits and ``-_.`` only, never a path
    or a hidden file."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in identifier).lstrip(".") or "_"


# -- labels -------------------------------------------------------------------

def labels_path(language: str) -> Path:
    return xslt_dir() / "common" / "labels" / f"{language}.xml"


def load_labels(language: str, overrides: Path | None) -> tuple[etree._Element, list]:
    """The interface labels of one language, with the edition's overrides applied label by label."""
    base = parse_file(labels_path(language)).getroot()
    problems = []
    override = overrides / "labels" / f"{language}.xml" if overrides is not None else None
    if override is not None and override.is_file():
        shown = str(override)
        try:
            replacement = parse_file(override, shown).getroot()
        except EditionError as exc:
            return base, list(exc.diagnostics)
        known = {label.get("key"): label for label in base.iter(f"{{{LABELS_NS}}}label")}
        for label in replacement.iter(f"{{{LABELS_NS}}}label"):
            key = label.get("key")
            if key in known:
                known[key].text = label.text
            else:
                problems.append(warning(shown, f"unknown label key {key!r}; it is ignored",
                                        line=label.sourceline or 0, rule="labels-unknown",
                                        hint=f"the keys are those of {labels_path(language).name} in the toolkit"))
    return base, problems


# -- facts ----------------------------------------------------------------------

def build_facts(corpus: Corpus, config: Config, build_date: str) -> etree._Element:
    """The facts document for one build."""
    root = etree.Element(f("facts"), nsmap={"f": FACTS_NS}, attrib={"build-date": build_date})
    _edition(root, config)
    _files(root, corpus)
    _resps(root, corpus)
    documents = sub(root, "documents", count=str(len(corpus.documents)))
    for number, document in enumerate(corpus.documents, start=1):
        _document(documents, corpus, document, number)
    _entries(root, corpus)
    return root


def _edition(root: etree._Element, config: Config) -> None:
    keys = ("title", "short_title", "publisher", "licence", "licence_url", "base_url", "language",
            "interface_language", "date", "doi")
    edition = sub(root, "edition", **{key: str(config.get("edition", key)) for key in keys})
    if not edition.get("short-title"):
        edition.set("short-title", config.title)
    for name in config.get("edition", "editors"):
        sub(edition, "editor", name)
    for keyword in config.get("edition", "keywords"):
        sub(edition, "keyword", keyword)
    for name in config.get("search", "filters"):
        sub(edition, "search-filter", name)
    contact = config.get("contact", "email")
    if contact:
        sub(edition, "contact", contact, name=config.get("contact", "name"))


def _files(root: etree._Element, corpus: Corpus) -> None:
    files = sub(root, "files")
    for source in corpus.files.values():
        sub(files, "file", rel=source.rel, kind=source.kind, id=source.id)


def _resps(root: etree._Element, corpus: Corpus) -> None:
    """Who the ``@resp`` pointers name: the editors and responsibility statements of the edition header."""
    header = corpus.edition_header()
    if header is None:
        return
    for element in header.root.iterfind(".//tei:titleStmt/*[@xml:id]", NS):
        local = etree.QName(element).localname
        if local == "respStmt":
            names = element.findall("tei:name", NS) + element.findall("tei:persName", NS) \
                + element.findall("tei:orgName", NS)
            name = "; ".join(_text(n) for n in names) or _text(element.find("tei:resp", NS))
            resp = _text(element.find("tei:resp", NS))
        else:
            name = _text(element.find("tei:persName", NS)) or _text(element)
            resp = element.get("role", local)
        sub(root, "resp", id=element.get(XML_ID), name=name, role=resp, file=header.rel)


def _document(parent: etree._Element, corpus: Corpus, document: Document, number: int) -> None:
    index = number - 1                          # corpus.documents.index() would make the facts quadratic
    previous = corpus.documents[index - 1].id if index > 0 else ""
    following = corpus.documents[index + 1].id if index + 1 < len(corpus.documents) else ""
    element = sub(parent, "document", id=document.id, file=document.rel, n=str(number), type=document.type,
                  prev=previous, next=following, language=document.language)
    sub(element, "title", document.title)
    sub(element, "summary", document.summary)
    date = document.date
    sub(element, "date", date.text, when=date.when, not_before=date.not_before, not_after=date.not_after,
        iso=date.iso, year=date.year, sort=date.sort_key)
    for role, agents in (("sender", document.senders), ("recipient", document.recipients),
                         ("place", document.places)):
        for agent in agents:
            entry = corpus.entries.get(agent.key)
            sub(element, role, agent.name, key=agent.key if entry else "", kind=agent.kind, office=agent.office,
                entry_name=entry.name if entry else "")
    for reference in document.references:
        sub(element, "reference", reference)


def _entries(root: etree._Element, corpus: Corpus) -> None:
    """Every register and bibliography entry, with the documents that name it as a party or cite it
    (the passages that mention it are added by a register's view: see :func:`add_mentions`)."""
    entries = sub(root, "entries")
    parties: dict[str, list[tuple[str, str]]] = {}
    for document in corpus.documents:
        for role, agents in (("sender", document.senders), ("recipient", document.recipients),
                             ("place", document.places)):
            for agent in agents:
                if agent.key:
                    parties.setdefault(agent.key, []).append((document.id, role))
    cited: dict[str, dict[str, None]] = {}       # entry -> documents citing it, in order, each once
    documents = {d.rel: d.id for d in corpus.documents}
    for pointer in corpus.pointers:
        if pointer.source in documents and pointer.target_id in corpus.entries:
            cited.setdefault(pointer.target_id, {})[documents[pointer.source]] = None
    for entry in corpus.entries.values():
        element = sub(entries, "entry", id=entry.id, kind=entry.kind, file=entry.rel, name=entry.name,
                      initial=initial(entry.name))
        for doc_id, role in parties.get(entry.id, []):
            sub(element, "party", doc=doc_id, role=role)
        if entry.kind == "bibl":
            for doc_id in cited.get(entry.id, []):
                sub(element, "cited", doc=doc_id)
            source = corpus.element(entry.rel, entry.id)
            if source is not None:
                element.append(_detached(source))


def add_mentions(element: etree._Element, corpus: Corpus, entry_id: str) -> None:
    """Append the passages that mention an entry, in the corpus model's order (``f:mention``)."""
    for mention in corpus.mentions_of(entry_id):      # the most numerous element: made without sub()
        etree.SubElement(element, MENTION, mention_attributes(mention))


def mention_attributes(mention: Mention) -> dict[str, str]:
    """What an ``f:mention`` says of a passage: its document and, if it has one, the passage's id."""
    return {"doc": mention.document, "anchor": mention.anchor} if mention.anchor else {"doc": mention.document}


def initial(name: str) -> str:
    """The letter a name is filed under in a register: its first letter or digit without accents,
    in capitals; ``#`` when that is not a single letter (a digit, an empty name)."""
    first = next((c for c in unicodedata.normalize("NFD", name) if unicodedata.category(c)[0] in "LN"), "")
    letter = first.upper()
    return letter if len(letter) == 1 and unicodedata.category(letter)[0] == "L" else "#"


def listed(record: etree._Element) -> etree._Element:
    """What a list of documents (a register's back-links) shows of a document's record: its place,
    number, title and date."""
    listing = etree.Element(record.tag, {name: record.get(name) for name in ("id", "file", "n")
                                         if record.get(name) is not None})
    listing.extend(copy.deepcopy(child) for child in (record.find(f("title")), record.find(f("date")))
                   if child is not None)
    return listing


def entry_tei(entry: etree._Element) -> list[etree._Element]:
    """An entry's own TEI in the facts (a work's citation, a person's record in the print facts):
    the children after its back-references (mentions, parties, citations), which come first."""
    own: list[etree._Element] = []
    for child in reversed(entry):
        if str(child.tag).startswith(f"{{{FACTS_NS}}}"):
            break
        own.append(child)
    return own[::-1]


class PageViews:
    """The part of the facts a page reads, as a small facts document of its own.

    Saxon builds the indexes of its keys again for every transformation, and
    a facts document of ten thousand documents makes every one of them slow;
    so a document's page, or a register's, is given only what it reads:
    everything the edition shares (edition, editors, the site's map without
    the other documents' pages and downloads) and the documents and entries
    :class:`toolkit.build.cache.Dependencies` names for it, which keys the
    page by exactly these parts.  A document's page reads the records of
    documents (its own, those it cites, its neighbours) and entries without
    their back-references (mentions, parties, citations); a register's page
    reads the entries it lists with their back-references (the passages that
    mention them added, from the ``corpus``), and of the documents those name
    only what a list shows (place, number, title, date).
    """

    def __init__(self, facts: etree._Element, corpus: Corpus) -> None:
        self.facts = facts
        self.corpus = corpus
        self.documents = {d.get("id"): d for d in facts.iterfind(f"{f('documents')}/{f('document')}")}
        self.entries = {e.get("id"): e for e in facts.iterfind(f"{f('entries')}/{f('entry')}")}
        document_files = {d.get("file") for d in self.documents.values()}
        self.hrefs: dict[str, etree._Element] = {}
        self.downloads: dict[str, list[etree._Element]] = {}
        self.shared: list[etree._Element] = []           # the site's items every page reads
        self._own: dict[str, etree._Element] = {}
        for item in facts.iterfind(f"{f('site')}/*"):
            if item.tag == f("href") and item.get("file") in document_files:
                self.hrefs[item.get("file")] = item
            elif item.tag == f("download") and item.get("doc"):
                self.downloads.setdefault(item.get("doc"), []).append(item)
            else:
                self.shared.append(item)

    def _entry(self, entry_id: str) -> etree._Element:
        """An entry as a page that names it sees it: without its back-references (made once, copied)."""
        own = self._own.get(entry_id)
        if own is None:
            entry = self.entries[entry_id]
            own = self._own[entry_id] = etree.Element(entry.tag, dict(entry.attrib))
            own.extend(copy.deepcopy(child) for child in entry_tei(entry))
        return copy.deepcopy(own)

    def _complete(self, entry_id: str) -> etree._Element:
        """An entry as the register that lists it sees it: the documents that name it as a party,
        the passages that mention it, then the rest (citations, its own TEI)."""
        entry = self.entries[entry_id]
        complete = etree.Element(entry.tag, dict(entry.attrib))
        children = list(entry)
        parties = [child for child in children if child.tag == f("party")]     # they come first
        complete.extend(copy.deepcopy(child) for child in parties)
        add_mentions(complete, self.corpus, entry_id)
        complete.extend(copy.deepcopy(child) for child in children[len(parties):])
        return complete

    def view(self, documents: Iterable[str], entries: Iterable[str], complete: Iterable[str] = (),
             listing: bool = False) -> etree._Element:
        """A facts document with the shared part, these documents' records (or their ``listing``s),
        these entries and, with their back-references, the ``complete`` ones."""
        facts = self.facts
        view = etree.Element(facts.tag, dict(facts.attrib), nsmap=facts.nsmap)
        records = sorted((self.documents[d] for d in set(documents) if d in self.documents),
                         key=lambda record: int(record.get("n", "0")))
        complete = set(complete)
        for child in facts:
            if child.tag == f("documents"):
                part = etree.SubElement(view, child.tag, dict(child.attrib))
                part.extend(listed(record) if listing else copy.deepcopy(record) for record in records)
            elif child.tag == f("entries"):
                part = etree.SubElement(view, child.tag, dict(child.attrib))
                part.extend(self._complete(entry_id) if entry_id in complete else self._entry(entry_id)
                            for entry_id in sorted(complete.union(entries)) if entry_id in self.entries)
            elif child.tag == f("site"):
                part = etree.SubElement(view, child.tag, dict(child.attrib))
                part.extend(copy.deepcopy(item) for item in self.shared)
                for record in records:
                    if record.get("file") in self.hrefs:
                        part.append(copy.deepcopy(self.hrefs[record.get("file")]))
                    if not listing:
                        part.extend(copy.deepcopy(item) for item in self.downloads.get(record.get("id"), []))
            elif child.tag != f("files"):
                view.append(copy.deepcopy(child))
        return view


def _detached(element: etree._Element) -> etree._Element:
    """A copy of a TEI element for the facts, without tail text."""
    return detached(element)


def _text(element: etree._Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""
