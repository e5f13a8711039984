"""What the exchange formats say about the edition and its documents, gathered in one place.

DataCite, Zenodo, CITATION.cff, bag-info.txt, oai_dc and the OAI-PMH responses
all state the same facts (title, editors, licence, dates, addresses); they are
read here once, from ``edition.toml``, the edition header and the corpus model,
so the formats cannot disagree.  Nothing here names a particular edition.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml import etree

from ..build.base import build_date
from ..corpus import Agent, Corpus, Document, normalise_space
from ..edition import Edition
from ..xmlio import NS

#: Authority files a register entry may name (``idno/@type``), with the URI form aggregators resolve.
#: correspSearch reads these forms (see the CMIF examples); full URIs in an ``idno`` are kept as written.
AUTHORITY_URIS: dict[str, str] = {
    "gnd": "https://d-nb.info/gnd/{}",
    "viaf": "https://viaf.org/viaf/{}",
    "wikidata": "https://www.wikidata.org/entity/{}",
    "geonames": "https://www.geonames.org/{}",
}


@dataclass(frozen=True)
class Contributor:
    """Someone the edition header names, with the role it gives (``editor/@role``, ``resp``)."""

    name: str
    role: str


@dataclass(frozen=True)
class Source:
    """A work the documents cite as their source (a bibliography entry), e.g. the printed collection."""

    id: str
    title: str
    creators: tuple[str, ...]
    year: str
    book: bool                  # a monograph (biblStruct with monogr only)

    @property
    def citation(self) -> str:
        names = "; ".join(self.creators)
        return f"{names + ': ' if names else ''}{self.title}{f' ({self.year})' if self.year else ''}."


@dataclass
class DocumentMeta:
    """One document as a metadata record sees it."""

    id: str
    rel: str
    title: str
    summary: str
    type: str
    date: str                   # ISO 8601 date or interval ("1848-03-01/1848-03-03")
    datestamp: str              # last change of the record (OAI-PMH), YYYY-MM-DD
    url: str
    creators: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    language: str = ""
    source: str = ""


@dataclass
class EditionMeta:
    """The edition as a whole, for deposit metadata."""

    title: str
    short_title: str
    creators: list[str]
    contributors: list[Contributor]
    publisher: str
    licence: str                # SPDX identifier
    licence_url: str
    base_url: str
    language: str
    date: str                   # the build date, ISO
    doi: str
    keywords: list[str]
    description: str
    contact_name: str
    contact_email: str
    coverage: tuple[str, str]   # earliest and latest document date
    documents: list[DocumentMeta]
    sources: list[Source]

    @property
    def year(self) -> str:
        return self.date[:4]

    @property
    def host(self) -> str:
        """The domain of the edition's address (OAI identifiers are ``oai:<host>:<id>``)."""
        return urlsplit(self.base_url).hostname or "localhost"

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""


def unaccented(text: str) -> str:
    """The text without its diacritics (``Bécs`` -> ``Becs``)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def slug(text: str) -> str:
    """``Über die Grenze, 1848`` -> ``uber-die-grenze-1848``: lower-case ASCII words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", unaccented(text).lower()).strip("-")


def document_url(base_url: str, doc_id: str) -> str:
    """The stable address of a document's page in the HTML edition."""
    return f"{base_url}{doc_id}.html" if base_url else ""


def authority_uris(element: etree._Element) -> dict[str, str]:
    """The authority identifiers of a register entry as URIs, by authority (gnd, viaf, wikidata, geonames)."""
    found: dict[str, str] = {}
    for idno in element.findall("tei:idno", NS):
        kind = idno.get("type", "")
        value = normalise_space(idno)
        if kind in AUTHORITY_URIS and value and kind not in found:
            found[kind] = value if value.startswith(("http://", "https://")) else AUTHORITY_URIS[kind].format(value)
    return found


def _header_text(edition: Edition, path: str) -> str:
    header = edition.corpus.edition_header()
    found = header.root.find(path, NS) if header is not None else None
    return normalise_space(found) if found is not None else ""


def contributors(edition: Edition) -> list[Contributor]:
    """The editors the edition header declares (``titleStmt/editor``), e.g. the compiler of the print source."""
    header = edition.corpus.edition_header()
    if header is None:
        return []
    return [Contributor(name=normalise_space(e), role=e.get("role", "editor"))
            for e in header.root.findall("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:editor", NS)]


def agent_name(corpus: Corpus, agent: Agent) -> str:
    """A party's name in its register form (``Family, Given``) where the register has it, else as written."""
    entry = corpus.entries.get(agent.key) if agent.key else None
    return entry.name if entry is not None else agent.name


def datestamp(root: etree._Element, fallback: str) -> str:
    """When a document's record last changed: its latest ``revisionDesc/change/@when``."""
    dates = [d[:10] for d in root.xpath("tei:teiHeader/tei:revisionDesc//tei:change/@when", namespaces=NS)]
    return max(dates) if dates else fallback


def sources(corpus: Corpus) -> list[Source]:
    """The bibliography entries the documents point to, in the bibliography's order."""
    kinds = {rel: source.kind for rel, source in corpus.files.items()}
    cited = {p.target_id for p in corpus.pointers
             if kinds.get(p.source) == "document" and kinds.get(p.target_file) == "bibliography"}
    entries = sorted((e for e in corpus.entries.values() if e.kind == "bibl" and e.id in cited),
                     key=lambda e: (e.rel, e.line))
    return [_source(e.id, e.name, element) for e in entries
            if (element := corpus.element(e.rel, e.id)) is not None]


def _source(entry_id: str, name: str, element: etree._Element) -> Source:
    title = element.find(".//tei:monogr/tei:title", NS)
    creators = [normalise_space(n) for n in element.iterfind(".//tei:author", NS)] or \
        [normalise_space(n) for n in element.iterfind(".//tei:editor", NS)]
    date = element.find(".//tei:date", NS)
    year = re.search(r"\d{4}", (date.get("when") or normalise_space(date)) if date is not None else "")
    return Source(id=entry_id, title=normalise_space(title) if title is not None else name,
                  creators=tuple(creators), year=year.group(0) if year else "",
                  book=element.find("tei:monogr", NS) is not None and element.find("tei:analytic", NS) is None)


def subjects(corpus: Corpus) -> dict[str, list[str]]:
    """For each document, the names of the persons, places and organisations its text mentions."""
    found: dict[str, set[str]] = {}
    for mention in corpus.mentions:
        entry = corpus.entries[mention.entry]
        if entry.kind != "bibl":
            found.setdefault(mention.document, set()).add(entry.name)
    return {document: sorted(names) for document, names in found.items()}


def document_meta(edition: Edition, document: Document, date: str, mentioned: list[str]) -> DocumentMeta:
    corpus = edition.corpus
    root = corpus.files[document.rel].root
    source = root.find("tei:teiHeader/tei:fileDesc/tei:notesStmt/tei:note[@type='source']", NS)
    return DocumentMeta(
        id=document.id,
        rel=document.rel,
        title=document.title,
        summary=document.summary,
        type=document.type,
        date=document.date.iso,
        datestamp=datestamp(root, date),
        url=document_url(edition.config.get("edition", "base_url"), document.id),
        creators=[agent_name(corpus, a) for a in document.senders],
        recipients=[agent_name(corpus, a) for a in document.recipients],
        places=list(dict.fromkeys(agent_name(corpus, p) for p in document.places)),
        subjects=mentioned,
        language=document.language or edition.config.get("edition", "language"),
        source=normalise_space(source) if source is not None else "",
    )


def edition_meta(edition: Edition) -> EditionMeta:
    """Everything the deposit formats state about the edition, from one reading."""
    config = edition.config
    date = build_date(edition)
    mentioned = subjects(edition.corpus)
    documents = [document_meta(edition, d, date, mentioned.get(d.id, [])) for d in edition.corpus.documents]
    dates = sorted(d for doc in edition.corpus.documents
                   for d in (doc.date.when, doc.date.not_before, doc.date.not_after) if d)
    title = config.get("edition", "title")
    editors = config.get("edition", "editors")
    return EditionMeta(
        title=title,
        short_title=config.get("edition", "short_title") or title,
        creators=list(editors),
        contributors=contributors(edition),
        publisher=config.get("edition", "publisher")
        or _header_text(edition, "tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:publisher")
        or (editors[0] if editors else title),
        licence=config.get("edition", "licence"),
        licence_url=config.get("edition", "licence_url"),
        base_url=config.get("edition", "base_url"),
        language=config.get("edition", "language"),
        date=date,
        doi=config.get("edition", "doi"),
        keywords=list(config.get("edition", "keywords")),
        description=_header_text(edition, "tei:teiHeader/tei:encodingDesc/tei:projectDesc") or title,
        contact_name=config.get("contact", "name"),
        contact_email=config.get("contact", "email"),
        coverage=(dates[0], dates[-1]) if dates else ("", ""),
        documents=documents,
        sources=sources(edition.corpus),
    )
