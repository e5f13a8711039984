"""``CITATION.cff``: how to cite the edition, in the Citation File Format 1.2.0.

GitHub, Zenodo and reference managers read ``CITATION.cff``.  The file is YAML;
every scalar is written as a JSON string, which YAML 1.2 reads as the same
string, so no YAML library is needed and no value can be misread (a date stays
a string, "no" stays a word).  Authors written "Family, Given" become persons,
other names (a team, an institution) entities.
"""

from __future__ import annotations

import json

from .metadata import EditionMeta

CFF_NAME = "CITATION.cff"
Value = str | list | dict


def author(name: str) -> dict[str, str]:
    family, comma, given = name.partition(",")
    if comma and family.strip() and given.strip():
        return {"family-names": family.strip(), "given-names": given.strip()}
    return {"name": name}


def citation(meta: EditionMeta) -> dict[str, Value]:
    data: dict[str, Value] = {
        "cff-version": "1.2.0",
        "message": "If you use this edition, please cite it as below.",
        "type": "dataset",
        "title": meta.title,
        "authors": [author(n) for n in meta.creators or [meta.publisher]],
        "abstract": meta.description,
        "date-released": meta.date,
        "license": meta.licence,
        "keywords": meta.keywords,
        "url": meta.base_url,
        "doi": meta.doi,
        "references": [_reference(s.title, s.creators, s.year, s.book) for s in meta.sources],
    }
    return {key: value for key, value in data.items() if value not in ("", [])}


def _reference(title: str, creators: tuple[str, ...], year: str, book: bool) -> dict[str, Value]:
    reference: dict[str, Value] = {"type": "book" if book else "generic", "title": title,
                                   "authors": [author(n) for n in creators] or [{"name": "anonymous"}]}
    if year:
        reference["year"] = year
    return reference


def to_yaml(value: Value, indent: int = 0) -> str:
    """Block-style YAML with every scalar as a JSON string."""
    pad = " " * indent
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                lines.append(f"{pad}{key}:\n{to_yaml(item, indent + 2)}")
            else:
                lines.append(f"{pad}{key}: {json.dumps(item, ensure_ascii=False)}")
        return "\n".join(lines)
    lines = []
    for item in value:
        if isinstance(item, (dict, list)):
            nested = to_yaml(item, indent + 2)
            lines.append(f"{pad}- {nested[indent + 2:]}")
        else:
            lines.append(f"{pad}- {json.dumps(item, ensure_ascii=False)}")
    return "\n".join(lines)


def document(meta: EditionMeta) -> bytes:
    return (to_yaml(citation(meta)) + "\n").encode("utf-8")
