"""Hostile content in valid TEI, built: the HTML escapes or drops it, and nothing runs in a browser.

A copy of the edition gets d900, a copy of one of its documents with hostile
content put into the places an edition shows: the title, a sender's name
(with a right-to-left override), paragraphs with markup-like text,
``javascript:``/``data:``/``vbscript:`` links (plain and disguised), CSS in
@rend and @style, attributes that try to break out of their quotes, an
``xml:lang`` with a payload, an id that tries to climb out of the output folder.
A second file has a document id ``../../x``.  Every payload would set
``window.__pwned``, call ``alert()`` or write ``PWNED`` to the console.

After ``edition build html`` (in a subprocess, as a user runs it):

* no file appeared outside ``output/``, and none is named after the climbing id;
  symbolic links in ``overrides/html/`` to a secret outside the edition published nothing;
* the pages hold no event-handler attribute, no script or style made from the
  content, and no link with a script or data scheme; the markup-like text is
  there as text;
* a headless Chromium (Debian's ``/usr/bin/chromium``, through Playwright)
  opens the pages over http with a strict Content-Security-Policy, hovers,
  focuses and clicks what can be clicked, and sees no dialog, no console
  message of the payloads, no page error, no CSP violation and no
  ``window.__pwned``.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Iterator

import pytest
from lxml import etree
from lxml import html as lxml_html

from toolkit.build import BUILDERS
from toolkit.validate import dangerous_scheme
from toolkit.xmlio import NS, TEI_NS, parse_file, serialize

from .conftest import REPO
from .hostile.support import make_canary

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")

RLO = "\u202e"
PAYLOAD = "window.__pwned=1;alert(1);console.log('PWNED')"
TITLE = f"<script>{PAYLOAD}</script> A title with </title><style>body{{display:none}}</style> markup"
SENDER = f"G. Chicherin {RLO}gnp.exe{RLO}"
HOSTILE_BODY = f"""
<div xmlns="{TEI_NS}" type="letter" xml:id="d900-hostile">
  <p xml:id="d900-h1">Markup as text: &lt;script&gt;{PAYLOAD}&lt;/script&gt; and
    &lt;img src=x onerror="{PAYLOAD}"&gt; and " onmouseover="{PAYLOAD}" x=" and &lt;!-- and ]]&gt;.</p>
  <p xml:id="d900-h2">Links: <ref target="javascript:{PAYLOAD}">plain</ref>,
    <ref target=" JaVa&#9;ScRiPt:{PAYLOAD}">disguised</ref>,
    <ref target="&#10;&#13; javascript:{PAYLOAD}">after a line break</ref>,
    <ref target="data:text/html,&lt;script&gt;{PAYLOAD}&lt;/script&gt;">data</ref>,
    <ref target="vbscript:msgbox(1)">vbscript</ref>, <ptr target="javascript:{PAYLOAD}"/>,
    <ref target="https://example.org/&quot;onmouseover=&quot;{PAYLOAD}">quote in a URL</ref>.</p>
  <p xml:id="d900-h3">CSS: <hi rend="color:red;background:url(javascript:{PAYLOAD})">in rend</hi>,
    <hi style="background-image:url('javascript:{PAYLOAD}');behavior:url(x.htc)">in style</hi>,
    <hi rend="italic&quot; onmouseover=&quot;{PAYLOAD}">a quote in rend</hi>,
    <foreign xml:lang="ru&quot; onmouseover=&quot;{PAYLOAD}">a payload in xml:lang</foreign>.</p>
  <p xml:id="../../escaped" n="&lt;/a&gt;&lt;script&gt;{PAYLOAD}&lt;/script&gt;">An id that climbs.</p>
  <p xml:id="d900-h6">Typst: #read("/etc/hostname") #eval("1+1") ] [ $x^2$ *bold* _emph_ @d001 &lt;lbl&gt;
    // not a comment /* nor this */ \\ `raw` ~ TYPSTEND</p>
  <p xml:id="d900-h5">A name: <persName ref="../registers/persons.xml#lenin">V. Lenin{RLO}nineL .V</persName>
    and a hostile entry: <persName ref="../registers/persons.xml#hostile-entry">the entry</persName>
    <note xml:id="d900-n1" type="editorial" resp="../edition.xml#DE">&lt;svg onload="{PAYLOAD}"&gt;</note></p>
</div>
"""


PARSER = etree.XMLParser(resolve_entities=False, no_network=True, collect_ids=False)


def hostile_document(source: Path) -> bytes:
    """A copy of ``source`` as d900 with the payloads in its title, sender and body."""
    text = source.read_text(encoding="utf-8")
    old_id = parse_file(source).getroot().get("{http://www.w3.org/XML/1998/namespace}id")
    tree = etree.ElementTree(etree.fromstring(text.replace(old_id, "d900").encode("utf-8"), PARSER))
    root = tree.getroot()
    root.find(".//tei:titleStmt/tei:title", NS).text = TITLE
    sender = root.find(".//tei:correspAction[@type='sent']/tei:persName", NS)
    if sender is not None:
        for child in list(sender):
            sender.remove(child)
        sender.text = SENDER
    body = root.find("tei:text/tei:body", NS)
    body.append(etree.fromstring(HOSTILE_BODY, PARSER))
    return serialize(tree)


HOSTILE_ENTRY = f"""
<person xmlns="{TEI_NS}" xml:id="hostile-entry">
  <persName type="main">&lt;img src=x onerror="{PAYLOAD}"&gt; Evil{RLO}gnp.exe</persName>
  <persName type="variant">&lt;/script&gt;&lt;script&gt;{PAYLOAD}&lt;/script&gt;</persName>
  <idno type="wikidata">javascript:{PAYLOAD}</idno>
  <note>See <ref target="javascript:{PAYLOAD}">here</ref>.</note>
</person>
"""


def add_hostile_entry(register: Path) -> None:
    """A person whose names, identifier and note carry the payloads (register page, tooltips, filters)."""
    tree = etree.ElementTree(etree.fromstring(register.read_bytes(), PARSER))
    tree.getroot().find(".//tei:listPerson", NS).append(etree.fromstring(HOSTILE_ENTRY, PARSER))
    register.write_bytes(serialize(tree))


def snapshot(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, subprocess.CompletedProcess, set[str]]]:
    if "html" not in BUILDERS:
        pytest.skip("the html builder is not registered yet")
    world = tmp_path_factory.mktemp("hostile-build")
    edition = world / "deep" / "er" / "edition"
    edition.mkdir(parents=True)
    shutil.copy2(REPO / "edition.toml", edition / "edition.toml")
    for folder in ("tei", "schema"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, edition / folder)
    documents = sorted((edition / "tei/documents").glob("*.xml"))
    if not documents:
        pytest.skip("the edition has no documents yet")
    (edition / "tei/documents/d900.xml").write_bytes(hostile_document(documents[0]))
    if (edition / "tei/registers/persons.xml").is_file():
        add_hostile_entry(edition / "tei/registers/persons.xml")
    climbing = hostile_document(documents[0]).replace(b'xml:id="d900"', b'xml:id="../../x"', 1)
    (edition / "tei/documents/d901.xml").write_bytes(climbing)
    canary = make_canary(tmp_path_factory.mktemp("outside")).watched()      # not below world: see snapshot()
    overrides = edition / "overrides/html"                 # links that would publish a file of the machine
    overrides.mkdir(parents=True)
    (overrides / "edition.css").symlink_to(canary.text)
    (overrides / "leak.txt").symlink_to(canary.text)
    before = snapshot(world)
    result = subprocess.run([sys.executable, "-m", "toolkit", "build", "html"], cwd=edition, capture_output=True,
                            text=True, timeout=600)
    yield edition, result, snapshot(world) - before, canary


def test_the_build_reports_and_writes_only_into_output(hostile_site) -> None:
    edition, result, new, canary = hostile_site
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr + result.stdout and "internal error" not in result.stderr
    prefix = edition.relative_to(edition.parent.parent.parent).as_posix() + "/output"
    outside = sorted(p for p in new if not (p == prefix or p.startswith(prefix + "/")))
    assert not outside, f"files written outside output/: {outside}"
    assert not [p for p in new if Path(p).name in ("x", "x.html", "escaped", "escaped.html")]
    assert "tei/documents/d901.xml" in result.stdout and "id-syntax" in result.stdout
    assert (edition / "output/html/d900.html").is_file()
    assert not canary.leaked_into(edition / "output") and canary.token not in result.stdout + result.stderr
    assert not canary.opened(), f"a file outside the edition was opened: {canary.opened()}"


def pages(edition: Path) -> dict[str, lxml_html.HtmlElement]:
    site = edition / "output/html"
    return {p.relative_to(site).as_posix(): lxml_html.fromstring(p.read_bytes())
            for p in sorted(site.rglob("*.html"))}


URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "data", "background", "cite", "srcset",
                  "{http://www.w3.org/1999/xlink}href", "xlink:href")


JAVASCRIPT_TYPES = ("", "text/javascript", "application/javascript", "module")


def test_the_pages_hold_no_live_payload(hostile_site) -> None:
    """No handler attribute, no script scheme in a URL, no CSS from the content, no script made from it;
    a data script (JSON-LD) must still be one whole JSON value, so the content never closed it."""
    edition, *_ = hostile_site
    found = []
    for name, page in pages(edition).items():
        for element in page.iter():
            if not isinstance(element.tag, str):
                continue
            for attribute, value in element.attrib.items():
                if attribute.lower().startswith("on"):
                    found.append(f"{name}: <{element.tag} {attribute}=...>")
                if attribute in URL_ATTRIBUTES and dangerous_scheme(value):
                    found.append(f"{name}: <{element.tag} {attribute}={value[:60]!r}>")
                if attribute == "style" and re.search(r"javascript|expression\(|behavior|url\(", value, re.I):
                    found.append(f"{name}: <{element.tag} style={value[:60]!r}>")
            if element.tag == "script":
                kind = (element.get("type") or "").strip().lower()
                if kind in JAVASCRIPT_TYPES and ("PWNED" in (element.text or "") or not element.get("src")):
                    found.append(f"{name}: an inline script")
                elif kind.endswith("json"):
                    try:
                        json.loads(element.text or "")
                    except ValueError:
                        found.append(f"{name}: a <script type={kind!r}> that is not one JSON value")
            if element.tag == "style" and "PWNED" in (element.text or ""):
                found.append(f"{name}: the payload inside <style>")
            if element.tag in ("iframe", "object", "embed", "base", "svg", "math", "frame", "applet"):
                found.append(f"{name}: a <{element.tag}> element")
    assert not found, "\n".join(found)


def test_markup_like_text_stays_text_and_overrides_are_contained(hostile_site) -> None:
    edition, *_ = hostile_site
    page = pages(edition)["d900.html"]
    text = page.text_content()
    assert "<script>window.__pwned=1" in text and '<img src=x onerror="window.__pwned=1' in text
    assert "</title><style>" in text
    if "persons.html" in pages(edition):
        register = pages(edition)["persons.html"].text_content()
        assert '<img src=x onerror="window.__pwned=1' in register and "</script><script>" in register
    for element in page.iter():
        if isinstance(element.tag, str) and RLO in (element.text or "") + (element.tail or ""):
            holder = element if RLO in (element.text or "") else element.getparent()
            isolated = [a for a in [holder, *holder.iterancestors()]
                        if a.tag == "bdi" or a.get("dir") in ("auto", "ltr", "rtl")]
            assert isolated, f"a right-to-left override outside <bdi>/[dir]: {lxml_html.tostring(holder)[:200]!r}"


# -- in a browser ----------------------------------------------------------------


def serve(folder: Path, csp: str | None) -> http.server.ThreadingHTTPServer:
    """Serve ``folder`` on 127.0.0.1, every response with ``csp`` as its Content-Security-Policy."""
    class Handler(http.server.SimpleHTTPRequestHandler):
        def end_headers(self) -> None:
            if csp:
                self.send_header("Content-Security-Policy", csp)
            super().end_headers()

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
Object.defineProperty(window, '__pwned', {configurable: false,
    set() { window.__pwnedSet = true; }, get() { return undefined; }});
"""

PROVOKE = """
() => {
  const hrefs = [];
  for (const element of document.querySelectorAll('body *')) {
    for (const type of ['mouseover', 'mouseenter', 'mousemove', 'focus', 'animationstart', 'load', 'error']) {
      element.dispatchEvent(new Event(type, {bubbles: true}));
    }
    if (element.tagName === 'A' && element.href) hrefs.push(element.href);
  }
  return hrefs;
}
"""


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A page of headless Debian Chromium that records dialogs, console messages and page errors."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (Debian package chromium)")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            context.add_init_script(WATCH)
            page = context.new_page()
            page.events = []
            page.on("dialog", lambda dialog: (page.events.append(f"dialog: {dialog.message}"), dialog.dismiss()))
            page.on("console", lambda message: page.events.append(f"console {message.type}: {message.text}"))
            page.on("pageerror", lambda exc: page.events.append(f"page error: {exc}"))
            yield page
        finally:
            browser.close()


def visit(page, url: str) -> list[str]:
    """Open ``url``, provoke every handler, click the in-page links; what ran or tried to run."""
    page.events.clear()
    page.goto(url, wait_until="load")
    if "search.html?" in url:                   # the search runs, and shows the payload as text
        page.wait_for_selector("#search-results li", timeout=15_000)
    hrefs = page.evaluate(PROVOKE)
    for link in page.locator("main a[href^='#']").all():
        link.click()
    page.wait_for_timeout(100)
    problems = [f"a script link: {h[:80]}" for h in hrefs if dangerous_scheme(h)]
    if page.evaluate("window.__pwnedSet === true"):
        problems.append("a payload set window.__pwned")
    problems += [f"CSP violation: {v}" for v in page.evaluate("window.__violations")]
    problems += [e for e in page.events if "PWNED" in e or e.startswith(("dialog", "page error"))
                 or "Refused to" in e or "Content Security Policy" in e]
    return problems


@pytest.mark.browser
def test_nothing_runs_in_a_browser_under_a_strict_csp(hostile_site) -> None:
    edition, *_ = hostile_site
    site = edition / "output/html"
    names = ["d900.html", "index.html", "documents.html", "persons.html", "search.html?q=pwned",
             "search.html?q=script+onerror"]
    httpd = serve(site, CSP)
    found: dict[str, list[str]] = {}
    try:
        with chromium() as page:
            for name in (n for n in names if (site / n.partition("?")[0]).is_file()):
                found[name] = visit(page, f"http://127.0.0.1:{httpd.server_address[1]}/{name}")
                if name == "search.html?q=pwned":
                    assert "d900.html" in page.inner_html("#search-results"), "the search found nothing"
    finally:
        httpd.shutdown()
    assert not any(found.values()), "\n".join(f"{n}: {p}" for n, ps in found.items() for p in ps)


CONTROL = f"""<!DOCTYPE html><html lang="en"><head><title>control</title></head><body><main>
<script>{PAYLOAD}</script><img src="missing.png" onerror="{PAYLOAD}">
<p onmouseover="{PAYLOAD}">hover</p><a href="javascript:{PAYLOAD}">link</a></main></body></html>"""


@pytest.mark.browser
def test_the_browser_check_catches_a_live_payload(tmp_path: Path) -> None:
    """The traps work: with the CSP a live payload shows as violations, without it the payload runs."""
    (tmp_path / "control.html").write_text(CONTROL, encoding="utf-8")
    for csp, expected in ((CSP, "CSP violation"), (None, "a payload set window.__pwned")):
        httpd = serve(tmp_path, csp)
        try:
            with chromium() as page:
                problems = visit(page, f"http://127.0.0.1:{httpd.server_address[1]}/control.html")
        finally:
            httpd.shutdown()
        assert any(p.startswith(expected) for p in problems), problems
        assert any(p.startswith("a script link") for p in problems)
        if csp is None:
            assert any(p.startswith("dialog") for p in problems), problems


def test_typst_markup_in_the_text_is_typeset_as_text(hostile_site) -> None:
    """The PDF builder escapes what would be Typst code, and no PDF holds the secret (their text streams
    are compressed, so the bytes alone prove nothing: their text is extracted)."""
    edition, _, _, canary = hostile_site
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdfs = sorted((edition / "output/pdf").glob("*.pdf"))
    if not pdfs:
        pytest.skip("no PDFs were built")
    texts = {p.name: subprocess.run([pdftotext, str(p), "-"], capture_output=True, text=True, check=True).stdout
             for p in pdfs}
    collapsed = " ".join(texts["d900.pdf"].split())
    for literal in ('#read("/etc/hostname") #eval("1+1") ] [ $x^2$ *bold* _emph_ @d001 <lbl>',
                    "// not a comment /* nor this */", "TYPSTEND", "<script>window.__pwned=1"):
        assert literal in collapsed, literal
    assert not [name for name, text in texts.items() if canary.token in text]
