"""A large site's search index comes in parts: each made on its own, a changed page re-indexes only
its part, and the search page in a real browser finds words from every part, with filters over all."""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
from pathlib import Path
from typing import Iterator

import pytest

from toolkit.bench.generate import generate
from toolkit.build import html as html_builder
from toolkit.xmlio import write_atomic

from .conftest import run_edition
from .test_incremental import CONFIG, files, inodes

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
WORD = "Quetzalcoatlus"


def build(root: Path) -> None:
    result = run_edition("build", "html", "--root", str(root), "--jobs", "1")
    assert result.exit_code == 0, result.output


def part_of(href: str, parts: int) -> int:
    from hashlib import blake2b

    return int.from_bytes(blake2b(href.encode(), digest_size=8).digest(), "big") % parts


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A 16-document edition whose index is split in parts of about five pages."""
    patch = pytest.MonkeyPatch()
    patch.setattr(html_builder, "SEARCH_PART_PAGES", 5)
    root = generate(tmp_path_factory.mktemp("search") / "edition", documents=16, seed=19).root
    write_atomic(root / "edition.toml", (root / "edition.toml").read_bytes() + CONFIG)
    build(root)
    yield root
    patch.undo()


def parts(root: Path) -> list[str]:
    return json.loads((root / "output" / "html" / "pagefind" / "parts.json").read_text())


def test_the_index_is_in_parts_and_a_change_reindexes_one_part(site: Path, tmp_path: Path) -> None:
    html = site / "output" / "html"
    listed = parts(site)
    assert len(listed) >= 3 and all((html / "pagefind" / p / "pagefind-entry.json").is_file() for p in listed)

    count = len(listed) + 1
    doc = next(f"d{n:05d}" for n in range(1, 17) if part_of(f"d{n:05d}.html", count) != 0)
    folder = f"pagefind-{part_of(f'{doc}.html', count)}/"
    before = inodes(html)
    path = site / "tei" / "documents" / f"{doc}.xml"
    write_atomic(path, re.sub(rb'(<p xml:id="[^"]+">)', rb"\1" + WORD.encode() + b" ", path.read_bytes(), count=1))
    build(site)
    after = inodes(html)
    changed = {rel for rel, inode in after.items() if before.get(rel) != inode}
    indexes = {rel.split("/")[0] for rel in changed if rel.startswith("pagefind")}
    assert indexes == {folder.rstrip("/")}

    fresh = tmp_path / "fresh"
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns("output"))
    build(fresh)
    assert files(fresh / "output" / "html") == files(html)


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium (make system)")
def test_the_browser_searches_every_part(site: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    html = site / "output" / "html"
    if WORD.encode() not in b"".join(p.read_bytes() for p in html.glob("d*.html")):
        pytest.skip("runs after the test that adds the word")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(html))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    errors: list[str] = []
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                                 args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            base = f"http://127.0.0.1:{server.server_address[1]}/"
            page.goto(base + f"search.html?q={WORD}")
            page.locator("#search-results li a.result-title").first.wait_for(timeout=15000)
            assert page.locator("#search-results li").count() == 1
            page.goto(base + "search.html?q=the")
            page.locator("#search-results li").first.wait_for(timeout=15000)
            counts = page.locator("#search-filters fieldset").first.locator(".count").all_inner_texts()
            assert sum(int(c) for c in counts) == 16               # the filters count the documents of every part
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert not errors, errors
