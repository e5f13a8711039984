"""The reading text of a document: what a reader of the source sees, in source order.

An encoded document carries more than its source: register links, ids,
corrections beside the readings, notes by the editors.  To prove that the
encoding still holds every word of the source and adds none, the text is read
back the way the source prints it (``plain_text``) and compared with the
transcription it was made from.

Reading order: the heading block (``text/front``: titles, date line), the body,
then the source note of the header (``notesStmt/note[@type='source']``), which
the source prints after the document.  Rules, following the edition's
conventions:

* ``gap`` reads as the source's omission mark ``<…>``;
* ``choice`` reads its source-side child (``sic``, ``orig`` or ``abbr``), never
  the editors' ``corr``, ``reg`` or ``expan``;
* ``note[@type='editorial']`` is the editors' and is left out;
* ``label``, ``fw``, ``speaker`` and everything else read as written;
* ``lb`` is a line break (unless ``break="no"``), and block-level elements are
  separated by line breaks, so words of neighbouring blocks never run together
  (``quote`` is read inline: the source's quotation marks stand outside it).
"""

from __future__ import annotations

import re

from lxml import etree

from .xmlio import NS

#: What a ``gap`` reads as: the source's own mark of an omission.
GAP_READING = "<…>"

#: The children of ``choice`` that hold the source's reading, in order of preference.
SOURCE_READINGS = ("sic", "orig", "abbr")

#: Elements that stand on lines of their own in the reading text.
BLOCKS = frozenset({
    "ab", "body", "byline", "closer", "dateline", "div", "docAuthor", "docDate", "docImprint",
    "docTitle", "epigraph", "front", "head", "item", "l", "label", "lg", "list", "note", "opener",
    "p", "postscript", "salute", "signed", "sp", "speaker", "titlePage", "titlePart", "trailer",
})

_SPACE = re.compile(r"[^\S\n]+")


def plain_text(tree: etree._ElementTree | etree._Element) -> str:
    """The document's reading text: heading block, body, source note; one block per line."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    parts: list[str] = []
    for path in ("tei:text/tei:front", "tei:text/tei:body",
                 "tei:teiHeader/tei:fileDesc/tei:notesStmt/tei:note[@type='source']"):
        for element in root.findall(path, NS):
            _read(element, parts)
            parts.append("\n")
    return _tidy("".join(parts))


def _read(element: etree._Element, parts: list[str]) -> None:
    """Append the reading of ``element`` (not its tail) to ``parts``."""
    if not isinstance(element.tag, str):  # comments and processing instructions are not text
        return
    name = etree.QName(element).localname
    if name == "note" and element.get("type") == "editorial":
        return
    if name == "gap":
        parts.append(GAP_READING)
        return
    if name == "lb":
        parts.append("" if element.get("break") == "no" else "\n")
        return
    block = name in BLOCKS
    if block:
        parts.append("\n")
    if name == "choice":
        reading = _source_reading(element)
        if reading is not None:
            _read(reading, parts)
    else:
        parts.append(element.text or "")
        for child in element:
            _read(child, parts)
            parts.append(child.tail or "")
    if block:
        parts.append("\n")


def _source_reading(choice: etree._Element) -> etree._Element | None:
    for name in SOURCE_READINGS:
        found = choice.find(f"tei:{name}", NS)
        if found is not None:
            return found
    return None


def _tidy(text: str) -> str:
    """Collapse spaces within lines and drop empty lines."""
    lines = (_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
