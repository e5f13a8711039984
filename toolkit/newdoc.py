"""``edition new``: a new document from the template, with the next free id.

The template is filled through lxml, never by string substitution, so a title
with ``<`` or ``&`` cannot break the file.  The file is created atomically and
never replaces an existing one.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from lxml import etree

from .corpus import XML_ID
from .diagnostics import EditionError, error
from .edition import Edition
from .resources import overridable
from .xmlio import parse_file, serialize, write_new

ID_PATTERN = re.compile(r"^d(\d+)$")
DATE_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
TYPE_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")


def next_id(existing: set[str]) -> str:
    """``d`` followed by one more than the highest number in use, at least three digits."""
    numbers = [int(m.group(1)) for value in existing if (m := ID_PATTERN.match(value))]
    return f"d{(max(numbers) + 1 if numbers else 1):03d}"


def check_arguments(title: str, date: str, doc_type: str) -> None:
    if not title.strip():
        raise EditionError(error("edition new", "the title is empty", rule="usage",
                                 hint='give the document title in quotes, e.g. edition new "Letter to ..."'))
    if not DATE_PATTERN.match(date):
        raise EditionError(error("edition new", f"--date {date!r} is not an ISO date", rule="usage",
                                 hint="write YYYY-MM-DD, YYYY-MM or YYYY, e.g. --date 1848-03-18"))
    try:
        if len(date) == 10:
            dt.date.fromisoformat(date)
    except ValueError:
        raise EditionError(error("edition new", f"--date {date!r} is not a day of the calendar",
                                 rule="usage", hint="check month and day")) from None
    if not TYPE_PATTERN.match(doc_type):
        raise EditionError(error("edition new", f"--type {doc_type!r} is not a document type", rule="usage",
                                 hint="use a lower-case word such as letter, telegram or minutes"))


def fill_placeholders(tree: etree._ElementTree, values: dict[str, str]) -> etree._ElementTree:
    """Replace every text and attribute value that is exactly a placeholder (a key of ``values``)."""
    for element in tree.getroot().iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if value in values:
                element.set(name, values[value])
        if element.text in values:
            element.text = values[element.text]
    return tree


def fill(template: etree._ElementTree, doc_id: str, title: str, date: str, doc_type: str,
         today: str, publisher: str = "") -> etree._ElementTree:
    template.getroot().set(XML_ID, doc_id)
    return fill_placeholders(template, {"NEW": doc_id, "TITLE": title, "DATE": date, "TYPE": doc_type,
                                        "TODAY": today, "PUBLISHER": publisher})


def publisher(edition: Edition) -> str:
    """Who publishes the edition, as edition.toml says: the publisher, else the editors, else the title."""
    config = edition.config
    return config.get("edition", "publisher") or ", ".join(config.get("edition", "editors")) or config.title


def create(edition: Edition, title: str, date: str, doc_type: str, today: str | None = None) -> Path:
    """Write the new document; return its path."""
    check_arguments(title, date, doc_type)
    folder = edition.config.sources / "documents"
    existing = set(edition.corpus.all_ids()) | {p.stem for p in folder.glob("*.xml")}
    doc_id = next_id(existing)
    template = parse_file(overridable(edition.config.overrides, "templates", "document.xml"))
    tree = fill(template, doc_id, title.strip(), date, doc_type, today or dt.date.today().isoformat(),
                publisher(edition))
    target = folder / f"{doc_id}.xml"
    try:
        write_new(target, serialize(tree))
    except FileExistsError:
        raise EditionError(error(edition.rel(target), "the file exists already; nothing was written",
                                 rule="new-exists", hint="run the command again: it picks the next free id")) from None
    return target

