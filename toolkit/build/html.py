"""``edition build html``: the edition as a static site in ``output/html/``.

The site needs no server: every page is a file, the search runs in the
reader's browser (Pagefind's index, built here), and the pages work without
JavaScript except for the search and the view switch.  What it holds:

* ``index.html`` (home: title, editors, introduction, principles),
  ``documents.html`` (the table), one page per document (``d001.html``),
  one page per register (``persons.html`` ...), ``bibliography.html``,
  ``about.html``, ``search.html``, ``manual.html`` (when the schema folder
  has ``manual.html``) and ``404.html``;
* ``assets/`` (stylesheet, scripts, icon from ``toolkit/resources/html/``, each
  replaceable by a file of the same name in the edition's ``overrides/html/``);
* ``tei/`` (the TEI sources, as they are: the download links) and ``pdf/``
  (the PDFs of ``output/pdf/`` when that target was built);
* ``pagefind/`` (the search index).

Every page comes from one stylesheet (``xslt/html/html.xsl``, plus the
edition's override), compiled once per worker process; the stylesheet learns
about the rest of the edition only from the facts document
(:mod:`toolkit.build.facts`), to which this builder adds the site's map
(``f:site``: which page shows which file, the navigation, the downloads).
Pages, copies and the search index are tasks of the build cache
(:mod:`toolkit.build.cache`): a rebuild writes only what changed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from lxml import etree
from lxml import html as lxml_html

from ..corpus import REGISTER_KINDS, Corpus
from ..diagnostics import Diagnostic, EditionError, error, warning
from ..parallel import parallel_map, release_memory
from ..resources import resource
from ..xmlio import NS, TEI_NS, read_bytes, write_if_changed
from ..xslt import Stylesheet, entry_stylesheet, with_source_lines
from . import BUILDERS
from .base import Builder, build_date
from .cache import BuildCache, Dependencies, Task, environment, file_status, key
from .facts import PageViews, build_facts, f as facts_tag, initial, load_labels, safe_name, sub
from .stable_index import canonicalise

#: The folder of the site's own files (stylesheet, scripts, fonts, icon) in the toolkit's resources;
#: an edition's overrides/html/ replaces any of them by a file of the same name.
ASSETS = ("html",)
#: Pages whose names documents and registers may not take.
RESERVED = {"index", "documents", "bibliography", "about", "search", "manual", "404"}
#: The kinds of page a register has: the whole register (or the page of one initial), and the index of
#: a register in parts.
REGISTER_PAGES = ("register", "register-index")
#: A worker writing the site's and the registers' pages is renewed after this many: each of these pages
#: may read most of the facts, and Saxon's heap keeps the size the largest of them needed.
LARGE_PAGES_PER_WORKER = 2
#: ... and a worker writing documents' pages after this many (its heap grows slowly, page after page).
DOCUMENT_PAGES_PER_WORKER = 1000
#: The folder of the search index in the site.
SEARCH_INDEX = "pagefind"
#: Above this many indexed pages the search index is made in parts of about this size (see search_parts).
SEARCH_PART_PAGES = 1000
PAGEFIND_TIMEOUT = 600
#: Bidi embedding and override controls (LRE, RLE, PDF, LRO, RLO) are dropped from the pages: in a
#: name they would reverse the text that follows them on the page (spoofing); direction is markup's job.
BIDI_OVERRIDES = re.compile("[\u202a-\u202e]")      # a pattern: str.translate walks every character in Python


@dataclass(frozen=True)
class Page:
    """One page of the site: the file it is written to, what it shows, and from which source."""

    href: str
    kind: str              # the stylesheet's $page
    source: str = ""       # root-relative path of the source file; "" for pages made from the facts
    indexed: bool = False  # whether the full-text search reads it
    initial: str = ""      # a register in parts: the initial whose entries the page lists


@dataclass(frozen=True)
class Copy:
    """A file copied into the site as it is, with the status of its source when its digest was taken."""

    target: str
    source: Path
    digest: str
    status: list[int] | None = None


class HtmlBuilder(Builder):
    """Writes the static site into ``output/html/``."""

    name = "html"
    needs = ("pdf",) if "pdf" in BUILDERS else ()

    def build(self, out: Path) -> list[Diagnostic]:
        edition = self.context.edition
        config, corpus = edition.config, self.context.corpus
        date = build_date(edition)
        labels, diagnostics = load_labels(config.get("edition", "interface_language"), config.overrides)
        pages, problems = plan_pages(corpus, config.schema_dir, config.get("html", "register_page_entries"))
        diagnostics += problems
        cache = BuildCache(config.output, self.name,
                           environment(self.name, date, config_file=config.root / "edition.toml",
                                       overrides=config.overrides))
        cache.start(out)
        copies = plan_copies(corpus, config.overrides, config.output / "pdf", cache)
        facts = build_facts(corpus, config, date)
        facts.append(site_map(corpus, pages, copies))
        sources = page_sources(corpus, pages, config.schema_dir)

        graph = Dependencies(corpus, facts, labels)
        page_tasks = [Task(f"page:{p.href}", key(page_inputs(graph, corpus, p), p.kind, p.source, sources[p].digest),
                           (p.href,), p) for p in pages]
        copy_tasks = [Task(f"copy:{c.target}", c.digest, (c.target,), c) for c in copies]

        diagnostics += self._render(out, cache.outdated(page_tasks, out), sources, facts, labels, graph)
        for task in cache.outdated(copy_tasks, out):
            write_if_changed(out / task.payload.target, read_bytes(task.payload.source, limit=None))
        for task in page_tasks:
            if (out / task.files[0]).is_file():
                cache.record(task, out)
        for task in copy_tasks:
            if (out / task.files[0]).is_file():
                cache.record(task, out, source=task.payload.status)
        del facts, graph, sources                 # the search index needs none of them: free their memory first
        release_memory()
        # Pages of documents that are gone leave before the search index is made, not after.
        parts = search_parts([t for t in page_tasks if t.payload.indexed])
        cache.prune([*page_tasks, *copy_tasks, *(Task(f"search:{folder}", "") for folder, _ in parts)], out)
        index_tasks, problems = search_index(out, cache, parts, jobs=self.context.jobs)
        diagnostics += problems
        cache.prune([*page_tasks, *copy_tasks, *index_tasks], out)
        cache.save()
        return diagnostics

    def _render(self, out: Path, tasks: list[Task], sources: dict[Page, "Source"], facts: etree._Element,
                labels: etree._Element, graph: Dependencies) -> list[Diagnostic]:
        """Write the pages of ``tasks``: the stylesheet is compiled once per worker process.  Each page is
        given only the part of the facts it reads (see :class:`toolkit.build.facts.PageViews`)."""
        overrides = self.context.edition.config.overrides
        stylesheet_source = entry_stylesheet("html", overrides)
        views = PageViews(facts, self.context.corpus)
        corpus = self.context.corpus

        def setup() -> Stylesheet:
            return Stylesheet(stylesheet_source, "xslt/html/html.xsl")

        @functools.cache
        def site_view() -> etree._Element:
            """What the other pages (home, tables, bibliography, about) read: every record and entry, and
            the works of the bibliography with the documents that cite them, but not the mentions of
            persons, places and organisations (most of the facts).  Made once per worker, so the
            stylesheet converts it once for all of them."""
            works = [e for e, entry in views.entries.items() if entry.get("kind") == "bibl"]
            return views.view(views.documents, views.entries, complete=works)

        def facts_for(page: Page) -> etree._Element:
            if page.kind == "document":
                doc_id = page_document(corpus, page)
                cited, neighbours, entries = graph.reads(doc_id, page.source)
                return views.view([doc_id, *cited, *neighbours], entries)
            if page.kind in REGISTER_PAGES:
                documents, named, listed = graph.register_reads(*register_part(corpus, page))
                return views.view(documents, named, complete=listed, listing=True)
            return site_view()

        def transform(stylesheet: Stylesheet, page: Page, tree: etree._Element) -> tuple[str, list[Diagnostic]]:
            return stylesheet.transform(
                tree, path=sources[page].shown,
                params={"facts": facts_for(page), "labels": labels, "page": page.kind, "page-href": page.href,
                        "source-path": page.source, "register-initial": page.initial})

        def page_text(stylesheet: Stylesheet, page: Page) -> tuple[str, list[Diagnostic]]:
            """The page and the stylesheet's messages, which name the lines of a document they arose in
            (see :func:`toolkit.xslt.with_source_lines`)."""
            run = functools.partial(transform, stylesheet, page)
            tree = sources[page].tree
            return with_source_lines(run, tree, said=lambda made: made[1]) if page.kind == "document" else run(tree)

        def render(stylesheet: Stylesheet, page: Page) -> list[Diagnostic]:
            try:
                text, messages = page_text(stylesheet, page)
            except EditionError as exc:
                return list(exc.diagnostics)
            text = BIDI_OVERRIDES.sub("", text)
            write_if_changed(out / page.href, text.encode("utf-8").rstrip(b"\n") + b"\n")
            return messages

        found: list[Diagnostic] = []
        # The pages of the site view first (a worker converts that view once for all of them it writes), then
        # the registers' (the largest).  Their workers are renewed every few pages, and the documents' pages
        # are written by workers of their own: see parallel_map's ``renew``.
        order = dict.fromkeys(REGISTER_PAGES, 1)
        large = sorted((t.payload for t in tasks if t.payload.kind != "document"), key=lambda p: order.get(p.kind, 0))
        documents = [t.payload for t in tasks if t.payload.kind == "document"]
        for pages, renew in ((large, LARGE_PAGES_PER_WORKER), (documents, DOCUMENT_PAGES_PER_WORKER)):
            if not pages:
                continue                  # nothing to compile the stylesheet for
            for problems in parallel_map(render, pages, jobs=self.context.jobs, setup=setup, renew=renew,
                                         description="writing pages"):
                found.extend(problems)
        return found


# -- what the site holds ----------------------------------------------------------

def register_kind(root: etree._Element) -> str:
    """person, place or org: the kind of entries a register file lists ('' if none)."""
    for kind, tag in (("person", "listPerson"), ("place", "listPlace"), ("org", "listOrg")):
        if root.find(f".//tei:{tag}", NS) is not None:
            return kind
    return ""


def plan_pages(corpus: Corpus, schema_dir: Path, register_page_entries: int = 0) -> tuple[list[Page], list[Diagnostic]]:
    """Every page of the site, each with the file it is made from; a register of more than
    ``register_page_entries`` entries (when not 0) is shown in parts (see :func:`register_pages`)."""
    problems: list[Diagnostic] = []
    header = corpus.edition_header()
    edition_rel = header.rel if header is not None else ""
    pages = [Page("index.html", "home", edition_rel, indexed=True), Page("documents.html", "documents")]
    taken = set(RESERVED)
    for document in corpus.documents:
        name = safe_name(document.id)
        if name in taken:
            problems.append(error(document.rel, f"the document id {document.id!r} would take the name of "
                                                f"the page {name}.html; the document is left out of the site",
                                  rule="html-page-name", hint="give the document another xml:id (e.g. d012)"))
            continue
        taken.add(name)
        pages.append(Page(f"{name}.html", "document", document.rel, indexed=True))
    for kind, stem in REGISTER_KINDS.items():
        for source in corpus.files.values():
            if source.kind == "register" and register_kind(source.root) == kind:
                name = stem if stem not in taken else safe_name(Path(source.rel).stem)
                if name in taken:
                    problems.append(error(source.rel, f"a second register of {stem} ({name}.html) is left out "
                                                      "of the site", rule="html-page-name",
                                          hint="keep one register file per kind of entry"))
                    continue
                taken.add(name)
                for page in register_pages(corpus, source.rel, name, register_page_entries):
                    part = page.href.removesuffix(".html")
                    if page.initial and part in taken:
                        problems.append(error(source.rel, f"the register's page {page.href} would take the name of "
                                                          "a document's page; it is left out of the site",
                                              rule="html-page-name", hint="give the document another xml:id"))
                        continue
                    taken.add(part)
                    pages.append(page)
    bibliography = next((f for f in corpus.files.values() if f.kind == "bibliography"), None)
    if bibliography is not None:
        pages.append(Page("bibliography.html", "bibliography", bibliography.rel, indexed=True))
    if (schema_dir / "manual.html").is_file():
        pages.append(Page("manual.html", "manual", "manual"))
    pages += [Page("about.html", "about", edition_rel), Page("search.html", "search"),
              Page("404.html", "notfound")]
    return pages, problems


def register_pages(corpus: Corpus, rel: str, name: str, most: int) -> list[Page]:
    """The pages of one register: one page, or, above ``most`` entries (when not 0), an index
    naming every entry (``persons.html``) and a page per initial listing the entries filed under
    it in full (``persons-a.html``), so that no page grows with the edition and a changed entry
    rewrites one part."""
    initials = [initial(e.name) for e in corpus.entries.values() if e.rel == rel]
    if not most or len(initials) <= most:
        return [Page(f"{name}.html", "register", rel, indexed=True)]
    return [Page(f"{name}.html", "register-index", rel),
            *(Page(f"{name}-{initial_name(letter)}.html", "register", rel, indexed=True, initial=letter)
              for letter in sorted(set(initials)))]


def initial_name(letter: str) -> str:
    """An initial in a file name: the letter itself in lower case when it is plain ASCII."""
    if letter == "#":
        return "other"
    return letter.lower() if letter.isascii() else f"u{ord(letter):04x}"


def register_part(corpus: Corpus, page: Page) -> tuple[str, str, str | None]:
    """What a register's page lists, as :meth:`Dependencies.register_reads` takes it: the kind of
    entry, the register's file and the initial (None for the index of a register in parts)."""
    kind = register_kind(corpus.files[page.source].root)
    return kind, page.source, None if page.kind == "register-index" else page.initial


def plan_copies(corpus: Corpus, overrides: Path, pdf_dir: Path, cache: BuildCache) -> list[Copy]:
    """The files the site holds as they are: assets, TEI sources, PDFs.  An asset or PDF whose status
    is the one the cache recorded keeps its recorded digest: ten thousand PDFs are not read again."""
    copies = []
    assets, own = resource(*ASSETS), overrides.joinpath(*ASSETS)
    # A symbolic link in overrides/html/ is not followed: it could publish any file of the machine.
    names = {p.relative_to(folder).as_posix() for folder in (assets, own) if folder.is_dir()
             for p in folder.rglob("*") if p.is_file() and not p.is_symlink() and "__pycache__" not in p.parts}
    for rel in sorted(names):
        chosen = own / rel if (own / rel).is_file() and not (own / rel).is_symlink() else assets / rel
        copies.append(_copy(f"assets/{rel}", chosen, cache))
    sources = Path(os.path.abspath(corpus.sources))
    for source in corpus.files.values():
        # named by where it stands in the sources, as the corpus names it (no resolve(): a system call per file)
        target = "tei/" + Path(os.path.abspath(source.path)).relative_to(sources).as_posix()
        copies.append(Copy(target, source.path, source.digest))
    wanted = [("edition", "edition.pdf"), *((d.id, f"{safe_name(d.id)}.pdf") for d in corpus.documents)]
    for _, name in wanted:
        path = pdf_dir / name
        if path.is_file():
            copies.append(_copy(f"pdf/{name}", path, cache))
    return copies


def _copy(target: str, source: Path, cache: BuildCache) -> Copy:
    status = file_status(source)
    digest = cache.digest_of(f"copy:{target}", status)
    if digest is None:
        digest = hashlib.blake2b(source.read_bytes(), digest_size=20).hexdigest()
    return Copy(target, source, digest, status)


def site_map(corpus: Corpus, pages: list[Page], copies: list[Copy]) -> etree._Element:
    """The part of the facts only the site has: pages of files, navigation, downloads."""
    site = etree.Element(facts_tag("site"))
    by_source = {p.source: p for p in pages if p.source and p.kind not in ("home", "manual") and not p.initial}
    for rel, page in by_source.items():
        sub(site, "href", file=rel, href=page.href)
    for page in pages:         # a register in parts: the page of each initial
        if page.initial:
            sub(site, "part", file=page.source, initial=page.initial, href=page.href)
    home = next((p for p in pages if p.kind == "home" and p.source), None)
    if home is not None:       # the edition header's text (introduction, principles) is on the home page
        text = corpus.files[home.source].root.find("tei:text", NS)
        for value in (text.xpath(".//@xml:id", namespaces=NS) if text is not None else []):
            sub(site, "anchor", id=value, href=home.href)
    nav = sub(site, "nav")
    sub(nav, "item", key="home", href="index.html")
    sub(nav, "item", key="documents", href="documents.html")
    for page in by_source.values():
        if page.kind in REGISTER_PAGES:
            kind = register_kind(corpus.files[page.source].root)
            sub(nav, "item", key=REGISTER_KINDS[kind], href=page.href, kind=kind)
    for kind, href in (("bibliography", "bibliography.html"), ("manual", "manual.html")):
        if any(p.href == href for p in pages):
            sub(nav, "item", key=kind, href=href)
    sub(nav, "item", key="about", href="about.html")
    sub(nav, "item", key="search", href="search.html")
    copied = {c.target for c in copies}
    for target in sorted(copied):
        rel = target.removeprefix("assets/")
        if target.startswith("assets/") and rel.endswith(".css") and not resource(*ASSETS, rel).is_file():
            sub(site, "stylesheet", href=rel)          # an edition's own CSS, linked after the toolkit's
    copy_of = {c.source: c.target for c in copies}
    for document in corpus.documents:
        tei = copy_of.get(corpus.files[document.rel].path, "")
        if tei:
            sub(site, "download", doc=document.id, format="tei", href=tei)
        if f"pdf/{safe_name(document.id)}.pdf" in copied:
            sub(site, "download", doc=document.id, format="pdf", href=f"pdf/{safe_name(document.id)}.pdf")
    if "pdf/edition.pdf" in copied:
        sub(site, "download", scope="edition", format="pdf", href="pdf/edition.pdf", label="edition.pdf")
    for copy in copies:
        source = corpus.files.get(corpus.rel(copy.source))
        if source is not None and source.kind in ("edition", "register", "bibliography"):
            sub(site, "download", scope="edition", format="tei", href=copy.target,
                label=copy.target.removeprefix("tei/"))
    return site


def page_document(corpus: Corpus, page: Page) -> str:
    """The id of the document a document's page shows (its file name when it has no xml:id)."""
    return corpus.files[page.source].id or Path(page.source).stem


def page_inputs(graph: Dependencies, corpus: Corpus, page: Page) -> str:
    """The key of the part of the facts a page reads (see :class:`toolkit.build.cache.Dependencies`)."""
    if page.kind == "document":
        return graph.of_document(page_document(corpus, page), page.source)
    if page.kind in REGISTER_PAGES:
        return graph.of_register(*register_part(corpus, page))
    return graph.everything


@dataclass(frozen=True)
class Source:
    """What a page is made from: the tree the stylesheet reads (a document's is parsed only when
    its page is written, in the worker that writes it), its name in messages and its hash."""

    read: Callable[[], etree._Element]
    shown: str
    digest: str

    @property
    def tree(self) -> etree._Element:
        return self.read()


def page_sources(corpus: Corpus, pages: list[Page], schema_dir: Path) -> dict[Page, Source]:
    stub = etree.Element(f"{{{TEI_NS}}}TEI")
    found = {}
    for page in pages:
        if page.source == "manual":
            path = schema_dir / "manual.html"
            data = read_bytes(path)
            main = manual_main(data)
            found[page] = Source(lambda main=main: main, str(path), hashlib.blake2b(data, digest_size=20).hexdigest())
        elif page.source:
            source = corpus.files[page.source]
            found[page] = Source(lambda source=source: source.root, source.rel, source.digest)
        else:
            found[page] = Source(lambda: stub, page.href, "")
    return found


def manual_main(data: bytes) -> etree._Element:
    """The <main> of the schema's manual (or its body), as plain XML for the stylesheet to clean."""
    document = lxml_html.document_fromstring(data)
    main = document.find(".//main")
    if main is None:
        main = document.find(".//body")
    text = lxml_html.tostring(main if main is not None else document, method="xml", encoding="unicode")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    return etree.fromstring(text, parser)


# -- search ---------------------------------------------------------------------------

def search_parts(pages: list[Task]) -> list[tuple[str, list[Task]]]:
    """The folders of the search index, each with the pages it indexes.

    A site of up to :data:`SEARCH_PART_PAGES` indexed pages has one index, in
    ``pagefind/``.  A larger one has an index in parts (``pagefind/``,
    ``pagefind-1/``, ...), each page in the part a hash of its name picks, so a
    page stays in its part from one build to the next and a changed page
    re-indexes only its part; the search page merges the parts
    (``pagefind/parts.json``).  Pagefind holds a whole index in memory while it
    writes it: 10,000 documents took 3.3 GB and 40 s as one index.
    """
    count = -(-len(pages) // SEARCH_PART_PAGES)
    if count <= 1:
        return [(SEARCH_INDEX, pages)]
    parts: list[list[Task]] = [[] for _ in range(count)]
    for task in pages:
        parts[int.from_bytes(hashlib.blake2b(task.payload.href.encode(), digest_size=8).digest(), "big") % count] \
            .append(task)
    return [(SEARCH_INDEX if number == 0 else f"{SEARCH_INDEX}-{number}", part) for number, part in enumerate(parts)]


def search_index(out: Path, cache: BuildCache, parts: list[tuple[str, list[Task]]], jobs: int = 1
                 ) -> tuple[list[Task], list[Diagnostic]]:
    """Pagefind's index of the indexed pages, in one folder or in parts (see :func:`search_parts`);
    each made again only when one of its pages changed, ``jobs`` Pagefind runs at a time."""
    merged = [f"../{folder}/" for folder, _ in parts[1:]]

    def make(part: tuple[str, list[Task]]) -> tuple[Task | None, list[Diagnostic]]:
        folder, pages = part
        # parts.json is there even when empty: the search page asks for it, and a 404 is a console error
        extra = {"parts.json": json.dumps(merged).encode()} if folder == SEARCH_INDEX else {}
        return index_part(out, cache, folder, pages, whole_site=len(parts) == 1, extra=extra)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as runner:     # each part is a Pagefind process
        made = list(runner.map(make, parts))
    return [task for task, _ in made if task is not None], [p for _, found in made for p in found]


def index_part(out: Path, cache: BuildCache, folder: str, pages: list[Task], whole_site: bool,
               extra: dict[str, bytes]) -> tuple[Task | None, list[Diagnostic]]:
    """One Pagefind index in ``folder``: of the whole site, or of the given pages only.

    Pagefind writes into a temporary folder, and its files are then written into
    the site with :func:`write_if_changed`: the staging folder's files are hard
    links to the published site, never to be modified in place.
    """
    name = f"search:{folder}"
    index_key = key(*sorted(t.key for t in pages), *(part for item in sorted(extra.items()) for part in item))
    previous = cache.entries.get(name, {}).get("files", {})
    task = Task(name, index_key, tuple(previous))
    if previous and cache.fresh(task, out):
        return task, []
    with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=out.parent) as tmp:
        site = out if whole_site else _part_site(out, Path(tmp) / "site", pages)
        index = Path(tmp) / "index"
        command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(index), "--silent",
                   "--keep-index-url"]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=PAGEFIND_TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return None, [warning(SEARCH_INDEX, f"the search index was not built: {exc}", rule="html-search",
                                  hint="install the toolkit's dependencies (pip install pagefind[extended])")]
        if result.returncode != 0:
            message = " ".join((result.stderr or result.stdout).split())[:500]
            return None, [warning(SEARCH_INDEX, f"the search index was not built: {message}", rule="html-search",
                                  hint="the pages are complete; only the full-text search will not work")]
        problems = [] if canonicalise(index) else [warning(
            SEARCH_INDEX, "the search index could not be put in canonical order; it may differ from one "
                          "build to the next", rule="html-search",
            hint="the toolkit knows the index format of Pagefind 1.x; check the installed pagefind version")]
        written = []
        for path in sorted(index.rglob("*")):
            if path.is_file():
                rel = f"{folder}/{path.relative_to(index).as_posix()}"
                write_if_changed(out / rel, path.read_bytes())
                written.append(rel)
        for rel, data in extra.items():
            write_if_changed(out / folder / rel, data)
            written.append(f"{folder}/{rel}")
    stale = out / folder
    for path in sorted(stale.rglob("*"), reverse=True) if stale.is_dir() else []:
        rel = path.relative_to(out).as_posix()
        if path.is_file() and rel not in written:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            shutil.rmtree(path)
    task = Task(name, index_key, tuple(written))
    cache.record(task, out)
    return task, problems


def _part_site(out: Path, site: Path, pages: list[Task]) -> Path:
    """A folder holding only ``pages`` (hard links to the site's files, or copies), at their places in
    the site, for Pagefind to index as if it were the site."""
    for task in pages:
        target = site / task.payload.href
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(out / task.payload.href, target)
        except OSError:
            shutil.copyfile(out / task.payload.href, target)
    return site
