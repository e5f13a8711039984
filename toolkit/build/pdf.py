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
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import typst
from lxml import etree

from ..config import CONFIG_NAME, Config, parse_trim
from ..corpus import Corpus, Document
from ..diagnostics import Diagnostic, EditionError, error, warning
from ..parallel import parallel_map
from ..resources import overridable, resource
from ..xmlio import TEI_NS, detached, write_if_changed
from ..xslt import Stylesheet, entry_stylesheet
from .base import Builder, build_date
from .cache import BuildCache, Dependencies, Task, environment, key
from .facts import FACTS_NS, build_facts, load_labels, safe_name

PRINT_NS = "urn:x-edition-toolkit:print"
VOLUME = "edition.pdf"
#: Typst lays a volume out in memory as a whole: 10,000 documents took more than 20 GB.  Above this
#: many documents the volume is typeset only when ``[pdf] volume_documents`` asks for it.
VOLUME_MOST = 1000
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
    volume_documents: int       # the first N documents only; 0: all

    @classmethod
    def from_config(cls, config: Config) -> "PrintSettings":
        trim = parse_trim(config.get("pdf", "trim")) or (170.0, 240.0)
        return cls(trim=trim, bleed=config.get("pdf", "bleed"), pdfa=config.get("pdf", "pdfa"),
                   volume=config.get("pdf", "volume"), documents=config.get("pdf", "documents"),
                   volume_documents=max(0, config.get("pdf", "volume_documents")))

    def in_volume(self, documents: list[Document]) -> list[Document]:
        """The documents the volume holds, in chronological order."""
        if not self.volume:
            return []
        return documents[:self.volume_documents] if self.volume_documents else documents


#: The process that has run Typst, if any.  A process that has compiled with Typst must not fork
#: workers that compile with it too: they hang (the engine's threads do not survive a fork).
_typst_ran_in: int | None = None


def typst_ran_here() -> bool:
    return _typst_ran_in == os.getpid()


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
        global _typst_ran_in
        _typst_ran_in = os.getpid()
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
                entry.append(detached(source))
    return facts


@dataclass
class Rendered:
    """What a worker sends back for one document: its fragment for the volume, and the problems."""

    id: str
    fragment: str
    diagnostics: list[Diagnostic]


@dataclass
class PrintJob:
    """What every worker shares, made once by the builder (forked workers inherit it)."""

    config: Config
    corpus: Corpus
    settings: PrintSettings
    date: str
    params: dict[str, Any]
    out: Path
    prepared: dict[int, tuple[Stylesheet, Typesetter]] = field(default_factory=dict, repr=False)

    @cached_property
    def template(self) -> Path:
        return overridable(self.config.overrides, *TEMPLATE)

    @cached_property
    def stylesheet_source(self) -> str:
        return entry_stylesheet("print", self.config.overrides)

    @cached_property
    def editors(self) -> list[str]:
        """Authors of the PDFs: the editors of edition.toml, else the header's responsibility statements."""
        return list(self.config.get("edition", "editors")) or [
            r.get("name", "") for r in self.params["facts"].iter(f"{{{FACTS_NS}}}resp") if r.get("name")]

    def prepare(self) -> tuple[Stylesheet, Typesetter]:
        """Once per process: the stylesheet compiled, Typst with its fonts loaded (a forked
        worker makes its own: neither Saxon nor Typst may be shared with a child)."""
        if os.getpid() not in self.prepared:
            self.prepared[os.getpid()] = (Stylesheet(self.stylesheet_source, "xslt/print/print.xsl"),
                                          Typesetter(self.template, self.settings, self.date))
        return self.prepared[os.getpid()]

    def render(self, prepared: tuple[Stylesheet, Typesetter], item: tuple[Document, bool]) -> Rendered:
        """A document's Typst fragment; with ``single``, its own PDF written too."""
        (stylesheet, typesetter), (document, single) = prepared, item
        try:
            fragment, problems = stylesheet.transform(self.corpus.files[document.rel].tree, path=document.rel,
                                                      params={**self.params, "source-path": document.rel})
            if single:
                meta = typesetter.meta("single", **self.document_meta(document))
                data, warnings = typesetter.pdf(PREAMBLE.format(mode="single") + fragment, meta, document.rel)
                write_if_changed(self.out / single_name(document), data)
                problems += warnings
        except EditionError as exc:
            return Rendered(document.id, "", list(exc.diagnostics))
        return Rendered(document.id, fragment, problems)

    def volume(self, prepared: tuple[Stylesheet, Typesetter], fragments: list[str], shown: str) -> list[Diagnostic]:
        """The volume: front matter and back matter around the documents' fragments."""
        stylesheet, typesetter = prepared
        header = self.corpus.edition_header()
        context = header.tree if header is not None else etree.ElementTree(etree.Element(f"{{{TEI_NS}}}TEI"))
        where = header.rel if header is not None else shown
        front, problems = stylesheet.transform(context, path=where, params=self.params, template=f"{{{PRINT_NS}}}front")
        back, more = stylesheet.transform(context, path=where, params=self.params, template=f"{{{PRINT_NS}}}back")
        source = PREAMBLE.format(mode="volume") + front + "".join(fragments) + back
        data, warnings = typesetter.pdf(source, typesetter.meta("volume", **self.volume_meta()), shown)
        write_if_changed(self.out / VOLUME, data)
        return problems + more + warnings

    def volume_meta(self) -> dict[str, Any]:
        config = self.config
        return {"title": config.title, "short_title": config.get("edition", "short_title") or config.title,
                "authors": self.editors, "keywords": list(config.get("edition", "keywords")),
                "language": config.get("edition", "language")}

    def document_meta(self, document: Document) -> dict[str, Any]:
        keywords = [*self.config.get("edition", "keywords"), *(k for k in (document.type, document.date.year) if k)]
        return {**self.volume_meta(), "title": document.title or document.id,
                "description": document.summary or None, "keywords": keywords,
                "language": document.language or self.config.get("edition", "language")}


def single_name(document: Document) -> str:
    """The file of a document's PDF: the name the HTML edition links."""
    return f"{safe_name(document.id)}.pdf"


class PdfBuilder(Builder):
    """Typesets the volume and one PDF per document into ``output/pdf/``.

    Outputs are tasks of the build cache: a PDF is typeset again only when its
    inputs changed (the document, the facts every document shares, the labels,
    the toolkit, configuration and overrides, the build date).
    """

    name = "pdf"

    def build(self, out: Path) -> list[Diagnostic]:
        edition = self.context.edition
        config, corpus = edition.config, self.context.corpus
        date = build_date(edition)
        labels, diagnostics = load_labels(config.get("edition", "interface_language"), config.overrides)
        settings = PrintSettings.from_config(config)
        cache = BuildCache(config.output, self.name, environment(self.name, date, config_file=config.root / CONFIG_NAME,
                                                                 overrides=config.overrides))
        cache.start(out)
        if not settings.documents and not settings.volume:      # nothing to typeset: no facts, no stylesheet
            cache.prune([], out)
            cache.save()
            return diagnostics
        facts = print_facts(corpus, config, date)
        job = PrintJob(config, corpus, settings, date, {"facts": facts, "labels": labels}, out)
        graph = Dependencies(corpus, facts, labels)
        digest = {d.id: corpus.files[d.rel].digest for d in corpus.documents}
        singles = [Task(f"document:{d.id}", key(graph.of_document(d.id, d.rel, pager=False), digest[d.id]),
                        (single_name(d),), d)
                   for d in corpus.documents] if job.settings.documents else []
        in_volume = job.settings.in_volume(corpus.documents)
        if len(in_volume) > VOLUME_MOST and not settings.volume_documents:
            diagnostics.append(warning(
                CONFIG_NAME, f"the volume of all {len(in_volume):,} documents is not typeset: above {VOLUME_MOST:,} "
                             "documents it needs more memory than most machines have", rule="pdf-volume-size",
                hint=f"set [pdf] volume_documents = {VOLUME_MOST} (or more) to typeset the first documents as a "
                     "volume, or volume = false"))
            in_volume = []
        header = corpus.edition_header()
        volume = Task("volume", key(graph.everything, header.digest if header else "", *(digest[d.id] for d in in_volume)),
                      (VOLUME,)) if in_volume else None

        typeset = {task.payload.id for task in cache.outdated(singles, out)}
        needed = in_volume if volume is not None and not cache.fresh(volume, out) else []
        wanted = typeset | {d.id for d in needed}
        items = [(d, d.id in typeset) for d in corpus.documents if d.id in wanted]
        jobs = 1 if typst_ran_here() else self.context.jobs     # a second build in this process: no fork
        rendered = {r.id: r for r in parallel_map(job.render, items, jobs=jobs, setup=job.prepare,
                                                       description="typesetting")}
        for result in rendered.values():
            diagnostics.extend(result.diagnostics)
        if needed:
            shown = edition.rel(config.output / self.name / VOLUME)
            try:
                diagnostics += job.volume(job.prepare(), [rendered[d.id].fragment for d in needed], shown)
            except EditionError as exc:
                diagnostics += exc.diagnostics
                volume = None                   # not recorded: typeset again next time
        tasks = [*singles, *([volume] if volume is not None else [])]
        for task in tasks:
            if all((out / rel).is_file() for rel in task.files) and not _failed(task, rendered):
                cache.record(task, out)
        cache.prune(tasks, out)
        cache.save()
        return diagnostics


def _failed(task: Task, rendered: dict[str, Rendered]) -> bool:
    """Did the document of a task fail this time (so its old file must not count as fresh)?"""
    return isinstance(task.payload, Document) and task.payload.id in rendered and not rendered[task.payload.id].fragment
