"""Rebuilds: a build after a change gives the very bytes a build from nothing gives, and touches
only what depends on the change; a build after no change does nothing at all."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from toolkit.bench.generate import generate
from toolkit.xmlio import write_atomic

from .conftest import run_edition

pytestmark = pytest.mark.slow

CONFIG = b'\n[pdf]\nvolume = false\n'


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def build(root: Path, jobs: int = 1) -> str:
    result = run_edition("build", "html", "--root", str(root), "--jobs", str(jobs))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = generate(tmp_path_factory.mktemp("incremental") / "edition", documents=16, seed=11).root
    write_atomic(root / "edition.toml", (root / "edition.toml").read_bytes() + CONFIG)
    build(root)
    return root


def rewritten(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {rel for rel, inode in after.items() if before.get(rel) != inode} | (set(before) - set(after))


def test_a_build_with_nothing_changed_writes_nothing(edition: Path) -> None:
    before = inodes(edition / "output")
    output = build(edition)
    assert "up to date" in output
    assert rewritten(before, inodes(edition / "output")) == set()


def edit_document(root: Path, doc_id: str) -> None:
    path = root / "tei" / "documents" / f"{doc_id}.xml"
    write_atomic(path, re.sub(rb'(<p xml:id="[^"]+">)', rb"\1Revised ", path.read_bytes(), count=1))


def rename_entry(root: Path, entry: str) -> None:
    path = root / "tei" / "registers" / "persons.xml"
    data = path.read_bytes()
    changed = re.sub(rb'(<person xml:id="' + entry.encode() + rb'"><persName type="main">)', rb"\1Renamed ", data)
    assert changed != data
    write_atomic(path, changed)


def test_a_rebuild_after_changes_equals_a_build_from_nothing(edition: Path, tmp_path: Path) -> None:
    html = edition / "output" / "html"
    before = inodes(html)
    edit_document(edition, "d00008")
    build(edition)
    changed = rewritten(before, inodes(html))
    assert "d00008.html" in changed and "tei/documents/d00008.xml" in changed
    assert "d00003.html" not in changed                      # a page that does not show the changed text

    rename_entry(edition, "person-0001")
    build(edition)
    incremental = files(html)

    fresh = tmp_path / "fresh"
    shutil.copytree(edition, fresh, ignore=shutil.ignore_patterns("output"))
    build(fresh, jobs=2)                                      # in worker processes: the same bytes
    assert files(fresh / "output" / "html") == incremental


def test_a_deleted_document_leaves_the_site(edition: Path, tmp_path: Path) -> None:
    os.unlink(edition / "tei" / "documents" / "d00016.xml")
    build(edition)
    html = edition / "output" / "html"
    assert not (html / "d00016.html").exists() and not (html / "tei" / "documents" / "d00016.xml").exists()
    fresh = tmp_path / "fresh"
    shutil.copytree(edition, fresh, ignore=shutil.ignore_patterns("output"))
    build(fresh)
    assert files(fresh / "output" / "html") == files(html)


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages each build renders (not merely writes): what the build cache found out of date."""
    from toolkit.build.html import HtmlBuilder

    seen: list[str] = []
    original = HtmlBuilder._render

    def spy(self, out, tasks, *args, **kwargs):
        seen.extend(task.payload.href for task in tasks)
        return original(self, out, tasks, *args, **kwargs)

    monkeypatch.setattr(HtmlBuilder, "_render", spy)
    return seen


def pointing_to(root: Path, entry: str) -> set[str]:
    """The pages of the documents whose source points to an entry."""
    return {f"{p.stem}.html" for p in (root / "tei" / "documents").glob("*.xml") if f"#{entry}\"".encode() in p.read_bytes()}


def test_only_the_pages_that_show_a_change_are_rendered_again(tmp_path: Path, rendered: list[str]) -> None:
    root = generate(tmp_path / "edition", documents=16, seed=13).root
    write_atomic(root / "edition.toml", (root / "edition.toml").read_bytes() + CONFIG)
    build(root)
    pages = [p.name for p in (root / "output" / "html").glob("d0*.html")]

    rendered.clear()
    edit_document(root, "d00005")                       # the text: its page only
    build(root)
    assert rendered == ["d00005.html"]

    rendered.clear()
    entry = "person-0002"
    rename_entry(root, entry)                            # a name: the pages that show it
    build(root)
    documents = {page for page in rendered if re.fullmatch(r"d\d+\.html", page)}
    assert documents == pointing_to(root, entry) and documents
    # the renamed entry moves to the page of its new initial: the register's index and both pages
    assert {"persons.html", "persons-r.html"} <= set(rendered)
    assert not [p for p in rendered if p.startswith(("places", "organisations"))]

    rendered.clear()
    path = root / "tei" / "documents" / "d00010.xml"     # a title: the document, its neighbours, the lists
    write_atomic(path, path.read_bytes().replace(b'<title type="main">', b'<title type="main">New: ', 1))
    build(root)
    documents = {page for page in rendered if re.fullmatch(r"d\d+\.html", page)}
    assert {"d00009.html", "d00010.html", "d00011.html"} <= documents
    assert len(documents) < len(pages) and "documents.html" in rendered
    # the pages of the entries the document names list it; the index of names does not
    assert any(p.startswith("persons-") for p in rendered) and "persons.html" not in rendered

    rendered.clear()
    entry = "person-0003"                                # a new mention: the page that lists its passages
    doc_id = next(p.stem for p in sorted((root / "tei" / "documents").glob("*.xml"))
                  if f"{p.stem}.html" not in pointing_to(root, entry))
    path = root / "tei" / "documents" / f"{doc_id}.xml"
    write_atomic(path, re.sub(rb'(<p xml:id="[^"]+">)', rb'\1<persName ref="../registers/persons.xml#'
                              + entry.encode() + rb'">Named</persName> ', path.read_bytes(), count=1))
    build(root)
    listing = next(p.name for p in (root / "output" / "html").glob("persons-*.html")
                   if f'id="{entry}"' in p.read_text(encoding="utf-8"))
    assert f"{doc_id}.html" in rendered and listing in rendered
    assert f"{doc_id}.html" in (root / "output" / "html" / listing).read_text(encoding="utf-8")
    assert not [p for p in rendered if p.startswith(("places", "organisations"))]

    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("output"))
    build(fresh)
    assert files(fresh / "output" / "html") == files(root / "output" / "html")


def test_pdf_rebuilds_equal_a_build_from_nothing_and_keep_unaffected_pdfs(tmp_path: Path) -> None:
    root = generate(tmp_path / "edition", documents=8, seed=17).root
    write_atomic(root / "edition.toml", (root / "edition.toml").read_bytes() + b"\n[pdf]\nvolume_documents = 4\n")

    def build_pdf(where: Path) -> None:
        result = run_edition("build", "pdf", "--root", str(where), "--jobs", "1")
        assert result.exit_code == 0, result.output

    build_pdf(root)
    pdf = root / "output" / "pdf"
    before = inodes(pdf)
    entry = "person-0003"
    rename_entry(root, entry)
    build_pdf(root)
    changed = rewritten(before, inodes(pdf))
    showing = {page.replace(".html", ".pdf") for page in pointing_to(root, entry)}
    assert showing and changed - {"edition.pdf"} <= showing and len(changed) < len(before)
    assert "edition.pdf" in changed          # its index of persons prints the new name

    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("output"))
    build_pdf(fresh)
    assert files(fresh / "output" / "pdf") == files(pdf)
