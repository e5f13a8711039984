"""``edition export cmif``: the correspondence metadata in the format correspSearch harvests.

CMIF (Correspondence Metadata Interchange Format, TEI-Correspondence-SIG) is a
TEI file with one ``correspDesc`` per letter: sender, recipient, places, dates
and, for each person, organisation and place, the URI of an authority file
record, the only thing by which correspSearch can match letters of different
editions.  The transformation itself is XSLT (``xslt/exchange/cmif.xsl``) over
the edition's ``teiCorpus``; this module chooses the letters, supplies the
edition's facts and names every letter whose parties correspSearch cannot match.

The file's stable address is ``<base_url>cmif.xml``: publish it there (see the
README) and register that address with correspSearch.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from lxml import etree

from ..config import CONFIG_NAME
from ..corpus import Document
from ..diagnostics import Diagnostic, EditionError, error, warning
from ..edition import Edition
from ..resources import xslt_dir
from ..xmlio import NS, parse_bytes, serialize, write_atomic
from ..xslt import Stylesheet
from .metadata import AUTHORITY_URIS, EditionMeta, document_url, edition_meta
from .teiexport import build_corpus

CMIF_NAME = "cmif.xml"
#: Document types that are correspondence (minutes, reports and the like are not).
CORRESPONDENCE_TYPES = ("letter", "telegram")


def letters(documents: list[Document]) -> list[Document]:
    return [d for d in documents if d.type in CORRESPONDENCE_TYPES]


def cmif_url(meta: EditionMeta) -> str:
    return f"{meta.base_url}{CMIF_NAME}"


def bibl_id(meta: EditionMeta) -> str:
    """The UUID CMIF asks for on the edition's ``bibl``: derived from the edition's address, so stable.

    It is an ``xml:id``, which must not start with a digit: the first name-based
    UUID (``base_url``, ``base_url#1``, ...) that starts with a letter is taken.
    """
    seeds = (meta.base_url if n == 0 else f"{meta.base_url}#{n}" for n in range(1000))
    return next(u for u in (str(uuid.uuid5(uuid.NAMESPACE_URL, s)) for s in seeds) if u[0].isalpha())


def bibl_text(meta: EditionMeta) -> str:
    """The bibliographic statement of the edition, as correspSearch shows it."""
    editors = "; ".join(meta.creators)
    return f"{editors + ': ' if editors else ''}{meta.title}. {meta.publisher}, {meta.year}."


def _parameters(meta: EditionMeta, chosen: list[Document]) -> dict[str, object]:
    letters_param = etree.Element("letters")
    for document in chosen:
        etree.SubElement(letters_param, "letter", id=document.id, url=document_url(meta.base_url, document.id))
    authorities = etree.Element("authorities")
    for kind, pattern in AUTHORITY_URIS.items():
        etree.SubElement(authorities, "authority", type=kind, uri=pattern)
    return {
        "letters": letters_param, "authorities": authorities,
        "title": f"Correspondence metadata: {meta.title}",
        "editor": meta.contact_name or (meta.creators[0] if meta.creators else meta.publisher),
        "email": meta.contact_email, "publisher": meta.publisher, "base-url": meta.base_url,
        "cmif-url": cmif_url(meta), "date": meta.date, "bibl-id": bibl_id(meta), "bibl-text": bibl_text(meta),
    }


def _without_recipient(documents: list[Document]) -> tuple[list[Document], list[Diagnostic]]:
    """CMIF needs a sent and a received action: letters without a recipient are left out, with a warning."""
    kept, problems = [], []
    for document in documents:
        if document.senders and document.recipients:
            kept.append(document)
        else:
            missing = "sender" if not document.senders else "recipient"
            problems.append(warning(document.rel, f"{document.id} has no {missing} in correspDesc; it is left "
                                                  "out of the CMIF file", rule="cmif-incomplete",
                                    hint="CMIF requires both correspAction[@type='sent'] and [@type='received']"))
    return kept, problems


def unmatched(edition: Edition, cmif: etree._Element) -> list[Diagnostic]:
    """A warning for each letter with a person, organisation or place that has no authority URI."""
    problems = []
    for desc in cmif.iterfind(".//tei:correspDesc", NS):
        names = [f"{' '.join(n.text.split()) if n.text else '?'} ({etree.QName(n).localname})"
                 for n in desc.iterfind("tei:correspAction/*", NS)
                 if etree.QName(n).localname != "date" and not n.get("ref")]
        if not names:
            continue
        document = edition.corpus.document(desc.get("key", ""))
        path = document.rel if document is not None else desc.get("key", "")
        source = edition.corpus.files.get(path)
        found = source.root.find(".//tei:correspDesc", NS) if source is not None else None
        problems.append(warning(
            path, f"correspSearch cannot match {', '.join(names)}: no authority identifier in the registers",
            line=found.sourceline if found is not None else 0, col=1, rule="cmif-authority",
            hint="add <idno type=\"gnd|viaf|wikidata\"> (persons, organisations) or <idno type=\"geonames\"> "
                 "(places) to the register entries where the identification is certain"))
    return problems


def cmif_document(edition: Edition, meta: EditionMeta | None = None) -> tuple[bytes, list[Diagnostic]]:
    """The CMIF file and the warnings about letters correspSearch cannot match."""
    meta = meta or edition_meta(edition)
    if not meta.base_url:
        raise EditionError(error(CONFIG_NAME, "[edition] base_url is not set; CMIF needs the edition's address",
                                 rule="cmif-base-url",
                                 hint='set base_url = "https://…/" in [edition]: letters and the CMIF file are '
                                      "cited by their stable URLs"))
    chosen, problems = _without_recipient(letters(edition.corpus.documents))
    stylesheet = Stylesheet(xslt_dir() / "exchange" / "cmif.xsl")
    text, messages = stylesheet.transform(build_corpus(edition), path="cmif", params=_parameters(meta, chosen))
    tree = parse_bytes(text.encode("utf-8"), CMIF_NAME)
    return serialize(tree), problems + messages + unmatched(edition, tree.getroot())


def write(edition: Edition, out: Path) -> list[Diagnostic]:
    data, problems = cmif_document(edition)
    write_atomic(out / CMIF_NAME, data)
    return problems
