"""The HTML edition in a real browser: Debian's headless Chromium driven by Playwright.

The site built once per session (``html_site``) is served on 127.0.0.1 by a
standard-library HTTP server in a thread; the tests read a document, follow a
mention to its register entry and back, search and open a hit, filter, switch
the text view, sort the documents table, use the keyboard and no JavaScript,
and run axe-core (axe-playwright-python) on every kind of page at desktop and
phone widths: no serious or critical violation may remain.  Every page must
load without a console error (a Content-Security-Policy violation is one).

Chromium comes from the system (``make system`` installs it); Playwright never
downloads a browser here.  Without /usr/bin/chromium the tests are skipped.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import threading
from pathlib import Path
from typing import Iterator

import pytest

from toolkit.edition import open_edition

from .conftest import copy_edition, run_edition

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium "
                                                     "(make system installs it)"),
]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
expect = sync_api.expect
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright",
                                 reason="axe-playwright-python is not installed (pip install -e '.[test]')")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """A site on 127.0.0.1 (a standard-library server in a thread): its address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def base_url(html_site: Path) -> Iterator[str]:
    with served(html_site) as address:
        yield address


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield chromium
        chromium.close()


class Tab:
    """A page in a fresh browser context that records console errors (CSP violations among them)."""

    def __init__(self, browser: object, base_url: str, **context: object) -> None:
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.base_url = base_url
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, path: str) -> object:
        self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("load")
        return self.page


@pytest.fixture
def tab(browser: object, base_url: str) -> Iterator[Tab]:
    opened = Tab(browser, base_url, viewport=DESKTOP)
    yield opened
    opened.context.close()
    assert not opened.errors, opened.errors


@pytest.fixture(scope="module")
def corpus(html_site: Path) -> object:
    return open_edition(html_site.parent.parent).corpus


def page_types(html_site: Path, corpus: object) -> list[str]:
    """One page of every kind, and every document (they differ most); at phone width, the accessibility
    check looks at one page of each layout."""
    names = ["index.html", "documents.html", *(f"{d.id}.html" for d in corpus.documents), "persons.html",
             "places.html", "organisations.html", "bibliography.html", "about.html", "search.html?q=treaty",
             "404.html"]
    if (html_site / "manual.html").is_file():
        names.append("manual.html")
    return [n for n in names if (html_site / n.partition("?")[0]).is_file()]


# -- reading -----------------------------------------------------------------------------

def test_a_mention_leads_to_its_register_entry_and_back(tab: Tab, corpus: object) -> None:
    document = next(d for d in corpus.documents if any(m.document == d.id and m.anchor for m in corpus.mentions))
    page = tab.open(f"{document.id}.html")
    mention = page.locator(".edition-text .text-body a.mention").first
    entry_id = mention.get_attribute("href").partition("#")[2]
    mention.click()
    page.wait_for_url(re.compile(rf"#{re.escape(entry_id)}$"))
    assert page.evaluate("document.querySelector(':target').id") == entry_id
    assert page.locator(f"article#{entry_id} h3").is_visible()
    back = page.locator(f"article#{entry_id} a.passage[href^='{document.id}.html#']").first
    anchor = back.get_attribute("href").partition("#")[2]
    back.click()
    page.wait_for_url(re.compile(rf"{document.id}\.html#{re.escape(anchor)}$"))
    target = page.locator(":target")
    assert target.get_attribute("id") == anchor and target.is_visible()
    assert page.locator(f"#{anchor} a[href$='#{entry_id}']").count() >= 1


def test_search_finds_a_word_and_opens_a_hit(tab: Tab, corpus: object) -> None:
    document = corpus.documents[0]
    text = " ".join(corpus.files[document.rel].root.xpath(
        "string(//*[local-name()='body']//*[local-name()='p'][string-length(normalize-space()) > 40][1])").split())
    word = max(re.findall(r"[A-Za-z]{6,}", text), key=len)
    page = tab.open("index.html")
    page.fill("#site-search-q", word)
    page.press("#site-search-q", "Enter")
    page.wait_for_url(re.compile(r"search\.html\?q="))
    first = page.locator("#search-results li a.result-title").first
    first.wait_for(timeout=15000)
    assert word.lower() in page.locator("#search-results").inner_text().lower()
    assert re.search(r"\d+ results? for", page.locator("#search-status").inner_text())
    first.click()
    page.wait_for_load_state("load")
    assert word.lower() in page.locator("main").inner_text().lower()


def test_search_filters_narrow_the_results(tab: Tab) -> None:
    page = tab.open("search.html?q=the")
    page.locator("#search-results li").first.wait_for(timeout=15000)
    assert page.locator("#search-filters legend").all_inner_texts() == ["Type", "Sender", "Recipient", "Year"]
    option = page.locator("#search-filters fieldset").first.locator("label").first
    value = option.locator("input").get_attribute("value")
    documents_of_that_type = int(option.locator(".count").inner_text())
    option.locator("input").check()
    expect(page.locator("#search-status")).not_to_contain_text("…")
    metas = page.locator("#search-results .result-meta").all_inner_texts()
    assert metas and all(m.startswith(value) for m in metas)
    page.fill("#search-input", "")
    expect(page.locator("#search-status")).to_contain_text("match")
    assert page.locator("#search-results li").count() == documents_of_that_type


def test_the_switch_shows_the_reading_text_and_is_remembered(tab: Tab, html_site: Path, corpus: object) -> None:
    document = next(d for d in corpus.documents
                    if "choice-source" in (html_site / f"{d.id}.html").read_text(encoding="utf-8"))
    page = tab.open(f"{document.id}.html")
    source = page.locator(".edition-text .choice-source").first
    edited = page.locator(".edition-text .choice-edited").first
    assert source.is_visible() and not edited.is_visible()
    reading = page.locator(".view-switch button[data-view='reading']")
    assert reading.is_visible()
    reading.click()
    assert "view-reading" in page.locator(".edition-text").get_attribute("class")
    assert reading.get_attribute("aria-pressed") == "true"
    assert edited.is_visible() and not source.is_visible()
    page.reload()
    assert "view-reading" in page.locator(".edition-text").get_attribute("class")
    page.locator(".view-switch button[data-view='edited']").click()
    assert page.locator(".edition-text .choice-source").first.is_visible()


def test_a_mark_explains_itself_on_keyboard_focus(tab: Tab, html_site: Path, corpus: object) -> None:
    document = next(d for d in corpus.documents if "mark " in (html_site / f"{d.id}.html").read_text(encoding="utf-8"))
    page = tab.open(f"{document.id}.html")
    mark = page.locator(".edition-text .mark[tabindex='0']").first
    tip = mark.locator(".tip")
    assert tip.bounding_box()["width"] <= 1
    mark.focus()
    assert tip.bounding_box()["width"] > 20


def test_the_documents_table_sorts_and_filters(tab: Tab, corpus: object) -> None:
    page = tab.open("documents.html")
    rows = page.locator("#documents-table tbody tr")
    first_links = lambda: [r.get_attribute("href") for r in page.locator("#documents-table tbody tr:not([hidden]) td.col-doc a").all()]  # noqa: E731
    chronological = [f"{d.id}.html" for d in corpus.documents]
    assert first_links() == chronological
    date = page.locator("th.col-date button.sort")
    date.click()
    assert page.locator("th.col-date").get_attribute("aria-sort") == "descending"
    assert first_links() == list(reversed(chronological))
    date.click()
    assert first_links() == chronological
    page.fill("#documents-filter", corpus.documents[-1].summary)
    assert first_links() == [chronological[-1]]
    assert page.locator(".table-tools .filter-status").inner_text().startswith("1 of")
    page.fill("#documents-filter", "zzzz-no-such-word")
    assert first_links() == [] and page.locator(".table-empty").is_visible()
    assert rows.count() == len(chronological)


def test_pages_read_without_javascript(browser: object, base_url: str, corpus: object) -> None:
    tab = Tab(browser, base_url, viewport=DESKTOP, java_script_enabled=False)
    try:
        page = tab.open(f"{corpus.documents[0].id}.html")
        assert page.locator(".edition-text .text-body").inner_text().strip()
        assert not page.locator(".view-switch").is_visible()
        assert page.locator(".doc-aside").is_visible()
        page = tab.open("documents.html")
        assert page.locator("#documents-table tbody tr").count() == len(corpus.documents)
        assert not page.locator(".table-tools").is_visible()
        page = tab.open("search.html")
        assert page.locator("noscript").count() == 1
    finally:
        tab.context.close()


def test_keyboard_users_can_skip_to_the_content(tab: Tab, corpus: object) -> None:
    page = tab.open(f"{corpus.documents[0].id}.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#main$"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


# -- accessibility, small screens, looks ------------------------------------------------------

#: Above this many elements a page (the encoding manual: one section per element of the schema,
#: each with the same markup) is checked on its first sections of every kind; axe-core needs
#: minutes for the whole of it and finds nothing more there.
LONG_PAGE = 5000
SHORTEN = """() => {
  if (document.getElementsByTagName('*').length <= %d) { return 0; }
  const extra = [...document.querySelectorAll('main section > section:nth-of-type(n+7)')];
  extra.forEach(e => e.remove());
  return extra.length;
}""" % LONG_PAGE


def shorten_long_page(page: object) -> None:
    page.evaluate(SHORTEN)


def test_no_serious_accessibility_violation_on_any_page(browser: object, base_url: str, html_site: Path,
                                                        corpus: object) -> None:
    axe = axe_module.Axe()
    problems = []
    every = page_types(html_site, corpus)
    on_phone = ["index.html", "documents.html", f"{corpus.documents[0].id}.html", "persons.html", "search.html?q=treaty"]
    for viewport, names in ((DESKTOP, every), (PHONE, [n for n in on_phone if n in every])):
        tab = Tab(browser, base_url, viewport=viewport)
        try:
            for name in names:
                page = tab.open(name)
                if name.startswith("search.html"):
                    page.locator("#search-results li").first.wait_for(timeout=15000)
                shorten_long_page(page)
                results = axe.run(page, options={"resultTypes": ["violations"], "runOnly": {
                    "type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})
                for violation in results.response["violations"]:
                    if violation["impact"] in ("serious", "critical"):
                        targets = [n["target"] for n in violation["nodes"]][:3]
                        problems.append(f"{viewport['width']}px {name}: {violation['id']} {targets}")
            assert not tab.errors, tab.errors
        finally:
            tab.context.close()
    assert not problems, "\n".join(problems)


def test_a_register_in_parts_keeps_entry_addresses_and_is_accessible(browser: object, tmp_path: Path) -> None:
    """An entry's address on a register of one page (persons.html#id) leads, on a register in parts,
    through the index to the page of its initial."""
    root = copy_edition(tmp_path / "edition")
    (root / "edition.toml").write_bytes((root / "edition.toml").read_bytes() + b"\n[html]\nregister_page_entries = 5\n")
    result = run_edition("build", "html", "--root", str(root))
    assert result.exit_code == 0, result.output
    axe = axe_module.Axe()
    with served(root / "output" / "html") as address:
        tab = Tab(browser, address, viewport=DESKTOP)
        try:
            page = tab.open("persons.html#chicherin")
            page.wait_for_url(re.compile(r"persons-c\.html#chicherin$"))
            assert page.evaluate("document.querySelector(':target').id") == "chicherin"
            problems = []
            for name in ("persons.html", "persons-c.html"):
                tab.open(name)
                results = axe.run(page, options={"resultTypes": ["violations"], "runOnly": {
                    "type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})
                problems += [f"{name}: {v['id']}" for v in results.response["violations"]
                             if v["impact"] in ("serious", "critical")]
            assert not problems and not tab.errors, (problems, tab.errors)
        finally:
            tab.context.close()


def test_no_page_scrolls_sideways_on_a_phone(browser: object, base_url: str, html_site: Path, corpus: object) -> None:
    tab = Tab(browser, base_url, viewport=PHONE)
    try:
        for name in page_types(html_site, corpus):
            page = tab.open(name)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{name}: {width}px wide"
    finally:
        tab.context.close()


def test_screenshots(browser: object, base_url: str, corpus: object, tmp_path: Path) -> None:
    """Screenshots of the main kinds of page for a person to look at (EDITION_SCREENSHOTS=folder keeps them)."""
    folder = Path(os.environ.get("EDITION_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    document = next((d.id for d in corpus.documents if d.id in ("d004", "d007")), corpus.documents[0].id)
    shots = {"home": "index.html", "documents": "documents.html", "document": f"{document}.html",
             "register": "persons.html", "search": "search.html?q=treaty"}
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        tab = Tab(browser, base_url, viewport=viewport)
        try:
            for name, path in shots.items():
                page = tab.open(path)
                if name == "search":
                    page.locator("#search-results li").first.wait_for(timeout=15000)
                target = folder / f"{name}-{label}.png"
                page.screenshot(path=str(target), full_page=True)
                assert target.stat().st_size > 10_000
        finally:
            tab.context.close()
