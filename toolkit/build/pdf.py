"""``edition build pdf``: the printed edition, typeset from the TEI through XSLT 3.0 and Typst.

Two kinds of output, from the same Typst fragments:

* ``output/pdf/edition.pdf``: the volume a press would accept (title page,
  imprint, contents, introduction and principles, the documents in
  chronological order, indexes, bibliography);
* ``output/pdf/<docid>.pdf``: one file per document in the same design, for
  the download links of the HTML edition.

The XSLT (``xslt/print/``, on ``xslt/common/``) turns each document into a
Typst fragment that only calls the functions of the page design
(``toolkit/resources/print/edition.typ``, or the edition's
``overrides/print/edition.typ``); what is not words (trim, bleed, PDF
metadata) reaches Typst as JSON in ``sys.inputs``.  Each document is
transformed once and its fragment used twice; stylesheet and Typst compiler
are made once per worker process and reused for every document.  Typst sees
only the fonts it embeds and those the toolkit ships, and compiles with the
build date as its timestamp, so the same sources give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typst
from lxml import etree

from ..config import Config, parse_trim
from ..corpus import Corpus, Document
from ..diagnostics import Diagnostic, EditionError, error, warning
from ..resources import overridable, resource
from ..xmlio import TEI_NS, write_if_changed
from ..xslt import Stylesheet, entry_stylesheet
from .base import Builder, build_date
from .facts import FACTS_NS, build_facts, load_labels
from .parallel import parallel_map

PRINT_NS = "urn:x-edition-toolkit:print"
VOLUME = "edition.pdf"
TEMPLATE = ("print", "edition.typ")
#: What every generated Typst source starts with: the page design, applied to the whole file.
PREAMBLE = '#import "edition.typ" as ed\n#show: ed.{mode}\n'


@dataclass(frozen=True)
class PrintSettings:
    """The ``[pdf]`` table of edition.toml, checked."""

    trim: tuple[float, float]
    bleed: bool
    pdfa: bool
    volume: bool
    documents: bool

    @classmethod
    def from_config(cls, config: Config) -> "PrintSettings":
        trim = parse_trim(config.get("pdf", "trim")) or (170.0, 240.0)
        return cls(trim=trim, bleed=config.get("pdf", "bleed"), pdfa=config.get("pdf", "pdfa"),
                   volume=config.get("pdf", "volume"), documents=config.get("pdf", "documents"))


class Typesetter:
    """Typst with one edition's page design and fonts: made once, compiles many sources."""

    def __init__(self, template: Path, settings: PrintSettings, date: str) -> None:
        fonts = resource("fonts")
        self.compiler = typst.Compiler(root=str(template.parent), ignore_system_fonts=True,
                                       font_paths=[str(fonts)] if fonts.is_dir() else [])
        self.template = template
        self.settings = settings
        self.timestamp = dt.datetime.fromisoformat(date).replace(tzinfo=dt.timezone.utc)

    def meta(self, mode: str, **fields: Any) -> dict[str, Any]:
        """What the page design reads from ``sys.inputs.meta``: the settings and the PDF metadata."""
        width, height = self.settings.trim
        return {"mode": mode, "trim-width": width, "trim-height": height, "bleed": self.settings.bleed,
                **{key.replace("_", "-"): value for key, value in fields.items()}}

    def pdf(self, source: str, meta: dict[str, Any], shown: str) -> tuple[bytes, list[Diagnostic]]:
        """Compile a Typst source to PDF; Typst's errors and warnings become diagnostics on ``shown``."""
        try:
            data, warnings = self.compiler.compile_with_warnings(
                input=source.encode("utf-8"), format="pdf", sys_inputs={"meta": json.dumps(meta)},
                pdf_standards=["a-2b"] if self.settings.pdfa else [], timestamp=self.timestamp)
        except typst.TypstError as exc:
            raise EditionError(error(shown, f"Typst could not typeset it: {_typst_message(exc)}", rule="pdf-typeset",
                                     hint=f"the page design is {self.template}; an error there or in the "
                                          "print stylesheets is a bug, please report it")) from None
        return data, [warning(shown, f"Typst: {_typst_message(w)}", rule="pdf-typeset") for w in warnings]


def _typst_message(problem: Any) -> str:
    """Typst's message, its hints, and where it happened: the file (the page design or the generated
    source) with line and column, and the code at that place."""
    message = getattr(problem, "message", "") or str(problem)
    hints = getattr(problem, "hints", None) or []
    detail = getattr(problem, "diagnostic", "") or ""
    where = re.search(r"─ (?:.*/)?([^/\s]+):(\d+):(\d+)", detail)
    code = re.search(r"^\s*\d+ │ (.*)$", detail, re.MULTILINE)
    place = ""
    if where:
        name = "generated source" if where.group(1).startswith("__typst") else where.group(1)
        place = f" (at {name}:{where.group(2)}:{where.group(3)}"
        place += f": {code.group(1).strip()[:120]})" if code else ")"
    return " ".join(" ".join([message + place, *hints]).split())


def print_facts(corpus: Corpus, config: Config, date: str) -> etree._Element:
    """The shared facts document, with each register entry's TEI (dates, offices) for the index glosses."""
    facts = build_facts(corpus, config, date)
    for entry in facts.iter(f"{{{FACTS_NS}}}entry"):
        if entry.get("kind") in ("person", "place", "org"):
            source = corpus.element(entry.get("file", ""), entry.get("id", ""))
            if source is not None:
                copy = etree.fromstring(etree.tostring(source))
                copy.tail = None
                entry.append(copy)
    return facts


@dataclass
class Rendered:
    """What a worker sends back for one document: its fragment for the volume, and the problems."""

    id: str
    fragment: str
    diagnostics: list[Diagnostic]


class PdfBuilder(Builder):
    """Typesets the volume and one PDF per document into ``output/pdf/``."""

    name = "pdf"

    def build(self, out: Path) -> list[Diagnostic]:
        edition = self.context.edition
        config, corpus = edition.config, self.context.corpus
        settings = PrintSettings.from_config(config)
        date = build_date(edition)
        overrides = config.overrides
        labels, diagnostics = load_labels(config.get("edition", "interface_language"), overrides)
        params = {"facts": print_facts(corpus, config, date), "labels": labels}
        template = overridable(overrides, *TEMPLATE)
        stylesheet_source = entry_stylesheet("print", overrides)
        documents = {d.rel: d for d in corpus.documents}
        editors = _editors(config, params["facts"])

        def setup() -> tuple[Stylesheet, Typesetter]:
            return Stylesheet(stylesheet_source, "xslt/print/print.xsl"), Typesetter(template, settings, date)

        def render(prepared: tuple[Stylesheet, Typesetter], rel: str) -> Rendered:
            stylesheet, typesetter = prepared
            document = documents[rel]
            try:
                fragment, problems = stylesheet.transform(corpus.files[rel].tree, path=rel,
                                                          params={**params, "source-path": rel})
                if settings.documents:
                    meta = typesetter.meta("single", **_document_meta(config, document, editors))
                    data, warnings = typesetter.pdf(PREAMBLE.format(mode="single") + fragment, meta, rel)
                    write_if_changed(out / f"{_safe_name(document.id)}.pdf", data)
                    problems += warnings
            except EditionError as exc:
                return Rendered(document.id, "", list(exc.diagnostics))
            return Rendered(document.id, fragment, problems)

        self._remove_stale(out, corpus.documents, settings)
        rendered = list(parallel_map(render, list(documents), jobs=self.context.jobs, setup=setup))
        for result in rendered:
            diagnostics.extend(result.diagnostics)
        if settings.volume:
            stylesheet, typesetter = setup()
            header = corpus.edition_header()
            context = header.tree if header is not None else etree.ElementTree(etree.Element(f"{{{TEI_NS}}}TEI"))
            shown = header.rel if header is not None else "edition"
            front, front_problems = stylesheet.transform(context, path=shown, params=params,
                                                         template=f"{{{PRINT_NS}}}front")
            back, back_problems = stylesheet.transform(context, path=shown, params=params,
                                                       template=f"{{{PRINT_NS}}}back")
            source = PREAMBLE.format(mode="volume") + front + "".join(r.fragment for r in rendered) + back
            meta = typesetter.meta("volume", **_volume_meta(config, editors))
            data, warnings = typesetter.pdf(source, meta, edition.rel(out.parent / self.name / VOLUME))
            write_if_changed(out / VOLUME, data)
            diagnostics.extend(front_problems + back_problems + warnings)
        return diagnostics

    @staticmethod
    def _remove_stale(out: Path, documents: list[Document], settings: PrintSettings) -> None:
        """PDFs of documents that are gone (or of a target switched off) leave the output."""
        wanted = {f"{_safe_name(d.id)}.pdf" for d in documents} if settings.documents else set()
        if settings.volume:
            wanted.add(VOLUME)
        for path in out.glob("*.pdf"):
            if path.name not in wanted:
                path.unlink()


def _safe_name(doc_id: str) -> str:
    """A file name from a document id: the id's own letters only, never a path."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in doc_id).lstrip(".") or "_"


def _editors(config: Config, facts: etree._Element) -> list[str]:
    """Authors of the PDFs: the editors of edition.toml, else the header's responsibility statements."""
    return list(config.get("edition", "editors")) or [
        r.get("name", "") for r in facts.iter(f"{{{FACTS_NS}}}resp") if r.get("name")]


def _volume_meta(config: Config, editors: list[str]) -> dict[str, Any]:
    return {"title": config.title, "short_title": config.get("edition", "short_title") or config.title,
            "authors": editors, "keywords": list(config.get("edition", "keywords")),
            "language": config.get("edition", "language")}


def _document_meta(config: Config, document: Document, editors: list[str]) -> dict[str, Any]:
    keywords = [*config.get("edition", "keywords"), *(k for k in (document.type, document.date.year) if k)]
    return {**_volume_meta(config, editors), "title": document.title or document.id,
            "description": document.summary or None, "keywords": keywords,
            "language": document.language or config.get("edition", "language")}
