"""``.zenodo.json``: the edition's deposit metadata as Zenodo reads it.

Zenodo takes this object as the ``metadata`` of a deposition (REST API) and
reads ``.zenodo.json`` from a repository it archives; the keys and controlled
values are those of Zenodo's legacy deposit API (``upload_type``,
``creators[].name`` as "Family, Given", ``license`` as an SPDX identifier,
``related_identifiers[].relation`` from DataCite's relation types).  The TEI
sources, schema, HTML and PDF are data, so the upload type is ``dataset``.
"""

from __future__ import annotations

import json

from .metadata import EditionMeta

ZENODO_NAME = ".zenodo.json"


def metadata(meta: EditionMeta) -> dict[str, object]:
    """The deposit metadata of the edition."""
    related = [{"identifier": meta.base_url, "relation": "isAlternateIdentifier", "scheme": "url"}] \
        if meta.base_url else []
    related += [{"identifier": doc.url, "relation": "hasPart", "scheme": "url"} for doc in meta.documents if doc.url]
    data: dict[str, object] = {
        "upload_type": "dataset",
        "title": meta.title,
        "creators": [{"name": name} for name in meta.creators or [meta.publisher]],
        "description": meta.description,
        "access_right": "open",
        "license": meta.licence,
        "keywords": meta.keywords,
        "publication_date": meta.date,
        "language": _iso639_3(meta.language),
        "related_identifiers": related,
    }
    contributors = [{"name": c.name, "type": "Editor"} for c in meta.contributors]
    if meta.contact_name:
        contributors.append({"name": meta.contact_name, "type": "ContactPerson"})
    if contributors:
        data["contributors"] = contributors
    if meta.sources:
        data["references"] = [s.citation for s in meta.sources]
    if meta.doi:
        data["doi"] = meta.doi
    return {key: value for key, value in data.items() if value not in ("", [])}


#: Zenodo names languages by ISO 639-3 code; the few an edition is likely to use, from ISO 639-1.
_ISO639_3 = {"en": "eng", "de": "deu", "fr": "fra", "it": "ita", "es": "spa", "ru": "rus", "hy": "hye",
             "az": "aze", "ka": "kat", "tr": "tur", "pl": "pol", "cs": "ces", "nl": "nld", "la": "lat"}


def _iso639_3(language: str) -> str:
    primary = language.split("-")[0].lower()
    return _ISO639_3.get(primary, primary if len(primary) == 3 else "")


def document(meta: EditionMeta) -> bytes:
    return (json.dumps(metadata(meta), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
