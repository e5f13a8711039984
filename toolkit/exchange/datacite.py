"""``edition export datacite``: the edition described in the DataCite Metadata Schema 4.6.

DataCite XML is what a repository registers when it mints a DOI, and what most
repositories (Zenodo, institutional and national ones) import as deposit
metadata.  Without ``[edition] doi`` the record identifies the edition by its
address (``identifierType="URL"``), valid against the schema but not yet
registrable: a warning says so.  The record's ``resourceTypeGeneral`` is
``Text`` (a digital scholarly edition); the documents are ``HasPart`` related
identifiers, the works they come from ``IsDerivedFrom`` related items, their
dates the ``Coverage`` interval.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..config import CONFIG_NAME
from ..diagnostics import Diagnostic, warning
from ..edition import Edition
from ..xmlio import XML_NS, serialize, write_atomic
from .metadata import EditionMeta, edition_meta

DATACITE_NS = "http://datacite.org/schema/kernel-4"
DATACITE_SCHEMA = "https://schema.datacite.org/meta/kernel-4.6/metadata.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
DATACITE_NAME = "datacite.xml"
#: The edition header's ``editor/@role`` values DataCite calls ``Editor``; other roles become ``Other``.
EDITOR_ROLES = ("editor", "compiler")


def _add(parent: etree._Element, name: str, text: str = "", **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{DATACITE_NS}}}{name}", attributes)
    if text:
        element.text = text
    return element


def _lang(attributes: dict[str, str], language: str) -> dict[str, str]:
    return {**attributes, f"{{{XML_NS}}}lang": language} if language else attributes


def resource(meta: EditionMeta) -> etree._Element:
    """The ``resource`` element of the edition's DataCite record."""
    root = etree.Element(f"{{{DATACITE_NS}}}resource", nsmap={None: DATACITE_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{DATACITE_NS} {DATACITE_SCHEMA}")
    if meta.doi:
        _add(root, "identifier", meta.doi, identifierType="DOI")
    else:
        _add(root, "identifier", meta.base_url or meta.title, identifierType="URL")
    creators = _add(root, "creators")
    for name in meta.creators or [meta.publisher]:
        _add(_add(creators, "creator"), "creatorName", name)
    titles = _add(root, "titles")
    etree.SubElement(titles, f"{{{DATACITE_NS}}}title", _lang({}, meta.language)).text = meta.title
    if meta.short_title != meta.title:
        etree.SubElement(titles, f"{{{DATACITE_NS}}}title",
                         _lang({"titleType": "AlternativeTitle"}, meta.language)).text = meta.short_title
    _add(root, "publisher", meta.publisher)
    _add(root, "publicationYear", meta.year)
    _add(root, "resourceType", "Digital scholarly edition", resourceTypeGeneral="Text")
    if meta.keywords:
        subjects = _add(root, "subjects")
        for keyword in meta.keywords:
            etree.SubElement(subjects, f"{{{DATACITE_NS}}}subject", _lang({}, meta.language)).text = keyword
    _contributors(root, meta)
    dates = _add(root, "dates")
    _add(dates, "date", meta.date, dateType="Issued")
    if meta.coverage[0]:
        _add(dates, "date", "/".join(dict.fromkeys(meta.coverage)), dateType="Coverage",
             dateInformation="Dates of the documents")
    _add(root, "language", meta.language)
    if meta.doi and meta.base_url:
        _add(_add(root, "alternateIdentifiers"), "alternateIdentifier", meta.base_url, alternateIdentifierType="URL")
    parts = [doc.url for doc in meta.documents if doc.url]
    if parts:
        related = _add(root, "relatedIdentifiers")
        for url in parts:
            _add(related, "relatedIdentifier", url, relatedIdentifierType="URL", relationType="HasPart")
    _add(_add(root, "formats"), "format", "application/tei+xml")
    rights = _add(root, "rightsList")
    _add(rights, "rights", meta.licence, rightsURI=meta.licence_url, rightsIdentifier=meta.licence,
         rightsIdentifierScheme="SPDX", schemeURI="https://spdx.org/licenses/")
    _add(_add(root, "descriptions"), "description", meta.description, descriptionType="Abstract")
    _related_items(root, meta)
    return root


def _contributors(root: etree._Element, meta: EditionMeta) -> None:
    people = [(c.name, "Editor" if c.role in EDITOR_ROLES else "Other") for c in meta.contributors]
    if meta.contact_name:
        people.append((meta.contact_name, "ContactPerson"))
    if not people:
        return
    contributors = _add(root, "contributors")
    for name, kind in people:
        _add(_add(contributors, "contributor", contributorType=kind), "contributorName", name)


def _related_items(root: etree._Element, meta: EditionMeta) -> None:
    if not meta.sources:
        return
    items = _add(root, "relatedItems")
    for source in meta.sources:
        item = _add(items, "relatedItem", relationType="IsDerivedFrom",
                    relatedItemType="Book" if source.book else "Text")
        if source.creators:
            creators = _add(item, "creators")
            for name in source.creators:
                _add(_add(creators, "creator"), "creatorName", name)
        _add(_add(item, "titles"), "title", source.title)
        if source.year:
            _add(item, "publicationYear", source.year)


def datacite_document(edition: Edition, meta: EditionMeta | None = None) -> tuple[bytes, list[Diagnostic]]:
    meta = meta or edition_meta(edition)
    problems = [] if meta.doi else [warning(
        CONFIG_NAME, "[edition] doi is not set: the DataCite record identifies the edition by its URL",
        rule="datacite-doi", hint="a repository that mints the DOI (e.g. Zenodo) fills it in; to register "
                                  "elsewhere, set doi = \"10.…/…\" in [edition] and export again")]
    element = resource(meta)
    etree.indent(element)
    return serialize(element), problems


def write(edition: Edition, out: Path) -> list[Diagnostic]:
    data, problems = datacite_document(edition)
    write_atomic(out / DATACITE_NAME, data)
    return problems
