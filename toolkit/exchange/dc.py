"""``edition export dc``: one Dublin Core record (``oai_dc``) per document.

``oai_dc`` is the record format every OAI-PMH harvester must understand, and
what most repositories accept as "metadata only".  The records are written from
the corpus model (:mod:`.metadata`), not by XSLT, because the OAI-PMH responder
serves the same records at run time without a transformation engine.

The mapping (DCMI terms in brackets): title; creator (the senders, in register
form); subject (every person, place and organisation the text mentions);
description (the summary line, and who wrote to whom); publisher and
contributor (the edition); date (ISO 8601, an interval where only bounds are
known); type (DCMI ``Text`` and the document type); format
(``application/tei+xml``); identifier (the document's address); source (the
archival source note); language; relation (the edition); coverage (the places
of sending and receiving); rights (the licence).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..diagnostics import Diagnostic
from ..edition import Edition
from ..xmlio import serialize, write_atomic
from .metadata import DocumentMeta, EditionMeta, edition_meta

OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
DC_NSMAP = {"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS}


def _described(doc: DocumentMeta) -> str:
    """"Letter from A to B." — who wrote to whom, for the second description."""
    parts = [doc.type.capitalize() or "Document"]
    if doc.creators:
        parts.append("from " + "; ".join(doc.creators))
    if doc.recipients:
        parts.append("to " + "; ".join(doc.recipients))
    return " ".join(parts) + (f", {doc.date}" if doc.date else "") + "."


def record(doc: DocumentMeta, meta: EditionMeta) -> etree._Element:
    """The ``oai_dc:dc`` element of one document."""
    root = etree.Element(f"{{{OAI_DC_NS}}}dc", nsmap=DC_NSMAP)
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} {OAI_DC_SCHEMA}")
    fields: list[tuple[str, str]] = [("title", doc.title)]
    fields += [("creator", name) for name in doc.creators]
    fields += [("subject", name) for name in doc.subjects]
    fields += [("description", doc.summary), ("description", _described(doc)), ("publisher", meta.publisher)]
    fields += [("contributor", name) for name in meta.creators]
    fields += [("date", doc.date), ("type", "Text"), ("type", doc.type), ("format", "application/tei+xml"),
               ("identifier", doc.url), ("identifier", f"oai:{meta.host}:{doc.id}"), ("source", doc.source),
               ("language", doc.language), ("relation", meta.doi_url or meta.base_url or meta.title)]
    fields += [("coverage", name) for name in doc.places]
    fields += [("rights", meta.licence_url or meta.licence)]
    for name, value in fields:
        if value:
            etree.SubElement(root, f"{{{DC_NS}}}{name}").text = value
    return root


def records(meta: EditionMeta) -> dict[str, etree._Element]:
    """Every document's record, by document id, in the corpus order (by date)."""
    return {doc.id: record(doc, meta) for doc in meta.documents}


def write_records(meta: EditionMeta, folder: Path) -> None:
    for doc_id, element in records(meta).items():
        etree.indent(element)
        write_atomic(folder / f"{doc_id}.xml", serialize(element))


def write(edition: Edition, out: Path) -> list[Diagnostic]:
    write_records(edition_meta(edition), out)
    return []
