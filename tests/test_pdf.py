"""`edition build pdf`: the volume and the per-document PDFs, read back with pypdf.

The edition is built once per session (a copy in a temporary folder); a
second copy with hostile text, footnotes, bleed and another trim size is
built once for the tests that need it, and a third copy only to compare
bytes (deterministic output).
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import subprocess
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest
import typst
from lxml import etree

from toolkit.corpus import Corpus
from toolkit.edition import open_edition
from toolkit.resources import resource, xslt_dir
from toolkit.xmlio import NS, TEI_NS
from toolkit.xslt import Stylesheet

from .conftest import copy_edition, run_edition

pypdf = pytest.importorskip("pypdf", reason="pypdf reads the PDFs back (pip install -e '.[test]')")

MM = 72 / 25.4
EPOCH = "1782000000"          # a fixed SOURCE_DATE_EPOCH: the builds must not depend on the clock
HOSTILE = (r"#set page(width: 1cm) $x^2$ *bold* _it_ `raw` <label> @ref [b] {c} ~ // not a comment "
           r"/* nor this */ \ back\slash \u{41} = head - list + enum 1. 2) '' \"q\" -- --- ... "
           r"https://example.org/#x #import \"x.typ\": * ] ) }")
SCRIPTS = "Հայաստան Ղարաբաղ · საქართველო · Москва Чичерин · Ἀρμενία · Zürich Łódź"


# -- building -------------------------------------------------------------------

@dataclass
class Build:
    """One built copy of the edition, with its PDFs read back."""

    root: Path

    @property
    def folder(self) -> Path:
        return self.root / "output" / "pdf"

    @cached_property
    def corpus(self) -> Corpus:
        return open_edition(self.root).corpus

    @cached_property
    def volume(self) -> "pypdf.PdfReader":
        return pypdf.PdfReader(self.folder / "edition.pdf")

    def single(self, doc_id: str) -> "pypdf.PdfReader":
        return pypdf.PdfReader(self.folder / f"{doc_id}.pdf")

    @cached_property
    def pages(self) -> list[str]:
        return [page.extract_text() for page in self.volume.pages]


def build(root: Path) -> Build:
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        result = run_edition("build", "pdf", "--root", str(root))
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    assert result.exit_code == 0, result.output
    return Build(root)


@pytest.fixture(scope="session")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build(copy_edition(tmp_path_factory.mktemp("pdf") / "edition"))


def set_pdf_options(root: Path, options: str) -> None:
    """Replace the [pdf] table of a copy's edition.toml."""
    path = root / "edition.toml"
    text = re.sub(r"\[pdf\][^\[]*", "", path.read_text(encoding="utf-8"))
    path.write_text(text + "\n[pdf]\n" + options + "\n", encoding="utf-8")


def add_hostile_paragraph(root: Path, doc_id: str) -> None:
    """Give one document text no sources should contain: Typst markup, other scripts, notes and corrections."""
    path = root / "tei" / "documents" / f"{doc_id}.xml"
    tree = etree.parse(str(path))
    div = tree.find(".//tei:body/tei:div", NS)
    t = f"{{{TEI_NS}}}"
    paragraph = etree.SubElement(div, f"{t}p", {"{http://www.w3.org/XML/1998/namespace}id": f"{doc_id}-hostile"})
    paragraph.text = HOSTILE + " "
    note = etree.SubElement(paragraph, f"{t}note", type="editorial", resp="../edition.xml#DE")
    note.text = "First added note: #strong[not bold] $ ] ["
    note.tail = " " + SCRIPTS + " "
    choice = etree.SubElement(paragraph, f"{t}choice")
    etree.SubElement(choice, f"{t}sic").text = "Sicc"
    etree.SubElement(choice, f"{t}corr", resp="../edition.xml#DE").text = "Sic"
    choice.tail = " and "
    emph = etree.SubElement(paragraph, f"{t}emph", rend="italic", resp="../edition.xml#YB")
    emph.text = "emphasised words"
    emph.tail = " "
    etree.SubElement(paragraph, f"{t}pb", n="999", edRef="../bibliography.xml#barsegov-nk").tail = "after the break "
    for sign in ("add", "del", "unclear", "supplied"):
        etree.SubElement(paragraph, f"{t}{sign}").tail = " "
        paragraph[-1].text = sign
    last = etree.SubElement(paragraph, f"{t}note", type="editorial", resp="../edition.xml#DE")
    last.text = "Last added note."
    last.tail = " end."
    tree.write(str(path), encoding="UTF-8", xml_declaration=True)


@pytest.fixture(scope="session")
def variant(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The edition with hostile text in its first document, bleed on and another trim size."""
    root = copy_edition(tmp_path_factory.mktemp("pdf-variant") / "edition")
    set_pdf_options(root, 'trim = "150x220mm"\nbleed = true')
    add_hostile_paragraph(root, first_document(root))
    return build(root)


def first_document(root: Path) -> str:
    return open_edition(root).corpus.documents[0].id


# -- reading the PDFs -----------------------------------------------------------

def squeeze(text: str) -> str:
    """Text without spaces, line breaks and hyphens: line breaking and hyphenation never decide a match."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


def words(element: etree._Element) -> str:
    """What the print shows of a TEI element: its text without notes and corrections."""
    texts = element.xpath(".//text()[not(ancestor::tei:note or ancestor::tei:corr)]", namespaces=NS)
    return " ".join("".join(texts).split())


def main_title(corpus: Corpus, doc_id: str) -> str:
    document = corpus.document(doc_id)
    assert document is not None
    title = corpus.files[document.rel].root.find(".//tei:front/tei:docTitle/tei:titlePart[@type='main']", NS)
    return words(title) if title is not None else document.title


def outline_titles(reader: "pypdf.PdfReader") -> list[tuple[str, int]]:
    found = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item)))

    walk(reader.outline)
    return found


def footnote_numbers(reader: "pypdf.PdfReader", pages: range | None = None) -> list[int]:
    """The numbers that open footnote entries: a figure alone in the note size, followed by the note."""
    numbers: list[int] = []
    for index in pages if pages is not None else range(len(reader.pages)):
        fragments: list[tuple[str, float, float, float]] = []

        def visit(text: str, cm: list, tm: list, font: dict, size: float) -> None:
            if text:
                fragments.append((text, round(size * abs(tm[3] or 1), 1), cm[4] + tm[4], round(cm[5] + tm[5], 1)))

        reader.pages[index].extract_text(visitor_text=visit)
        for (text, size, x, y), (following, next_size, next_x, next_y) in zip(fragments, fragments[1:]):
            # an entry's number stands on the baseline of its text, just before it, in the notes' size
            if (text.strip().isdigit() and size == next_size < 9 and y == next_y and next_x - x < 3 * size
                    and following.startswith(" ")):
                numbers.append(int(text))
    return numbers


def box_mm(box: "pypdf.generic.RectangleObject") -> tuple[float, float]:
    return round(float(box.width) / MM, 1), round(float(box.height) / MM, 1)


# -- the outputs ------------------------------------------------------------------

def test_volume_and_one_pdf_per_document(edition: Build) -> None:
    names = sorted(p.name for p in edition.folder.glob("*.pdf"))
    assert names == sorted(["edition.pdf", *(f"{d.id}.pdf" for d in edition.corpus.documents)])


def test_page_counts_are_plausible(edition: Build) -> None:
    documents = len(edition.corpus.documents)
    assert documents + 8 <= len(edition.volume.pages) <= 12 * documents + 30
    for document in edition.corpus.documents:
        assert 1 <= len(edition.single(document.id).pages) <= 12


def test_every_document_title_is_in_the_volume_and_in_its_own_pdf(edition: Build) -> None:
    volume = squeeze(" ".join(edition.pages))
    for document in edition.corpus.documents:
        title = squeeze(main_title(edition.corpus, document.id))
        assert title in volume, document.id
        single = squeeze(" ".join(page.extract_text() for page in edition.single(document.id).pages))
        assert title in single, document.id
        assert edition.single(document.id).metadata.title == document.title


def test_every_register_entry_mentioned_is_in_the_volume(edition: Build) -> None:
    volume = squeeze(" ".join(edition.pages))
    mentioned = {m.entry for m in edition.corpus.mentions}
    assert mentioned
    for entry_id in mentioned:
        entry = edition.corpus.entries[entry_id]
        if entry.kind in ("person", "place", "org"):
            assert squeeze(entry.name) in volume, entry_id
    for mention in edition.corpus.mentions:
        assert squeeze(mention.text)[:40] in volume, (mention.document, mention.text)


def test_bookmarks_for_every_document_and_section(edition: Build) -> None:
    titles = [squeeze(title) for title, _ in outline_titles(edition.volume)]
    for number, document in enumerate(edition.corpus.documents, start=1):
        expected = squeeze(f"{number}. {main_title(edition.corpus, document.id)}")
        assert expected in titles, document.id
    assert any("Index" in title for title, _ in outline_titles(edition.volume))


def test_contents_lists_every_document(edition: Build) -> None:
    contents = next(text for text in edition.pages if "Contents" in text[:200])
    for document in edition.corpus.documents:
        assert squeeze(main_title(edition.corpus, document.id))[:30] in squeeze(contents)


def test_index_page_numbers_point_at_pages_that_mention_the_entry(edition: Build) -> None:
    labels = edition.volume.page_labels
    starts = {title: page for title, page in outline_titles(edition.volume)}
    index_pages = [page for title, page in starts.items() if title.startswith("Index of")]
    after = [page for page in starts.values() if page > max(index_pages)]
    end = min(after) if after else len(edition.pages)
    text = " ".join(edition.pages[min(index_pages):end])
    text = re.sub(r"-\n(?=[a-z])", "", text)
    text = " ".join(re.sub(r"-\n", "-", text).split())
    mentions = mention_texts(edition.root)
    checked = 0
    for entry_id, forms in mentions.items():
        entry = edition.corpus.entries.get(entry_id)
        if entry is None or entry.kind not in ("person", "place", "org"):
            continue
        match = re.search(r"(?:(?<=\d )|(?<=[ivxlc] )|(?<= [A-Z] )|(?<=^[A-Z] ))" + re.escape(entry.name)
                          + r"(?: \([^()]*(?:\([^()]*\)[^()]*)*\))? ((?:\d+|[ivxlc]+)(?:, (?:\d+|[ivxlc]+))*)(?![\w,])",
                          text)
        assert match, f"{entry.name} is not in the index with page numbers"
        for label in match.group(1).split(", "):
            assert label in labels, (entry.name, label)
            page = squeeze(edition.pages[labels.index(label)])
            assert any(form[:12] in page for form in forms), f"{entry.name}: page {label} does not mention it"
            checked += 1
    assert checked >= len(mentions)


def mention_texts(root: Path) -> dict[str, set[str]]:
    """Every form in which the edition's texts mention each entry (squeezed), from the TEI."""
    forms: dict[str, set[str]] = {}
    for path in sorted((root / "tei").rglob("*.xml")):
        tree = etree.parse(str(path))
        for text in tree.iterfind(".//tei:text", NS):
            for element in text.iterfind(".//*[@ref]", NS):
                if etree.QName(element).localname not in ("persName", "placeName", "orgName", "name", "rs"):
                    continue
                for token in element.get("ref", "").split():
                    if "#" in token:
                        forms.setdefault(token.split("#", 1)[1], set()).add(squeeze(words(element)))
    return forms


def test_footnotes_are_numbered_per_document_in_order(variant: Build) -> None:
    doc_id = first_document(variant.root)
    numbers = footnote_numbers(variant.single(doc_id))
    assert len(numbers) >= 4                      # two notes, the correction, the emphasis
    assert numbers == list(range(1, len(numbers) + 1))
    starts = [page for title, page in outline_titles(variant.volume) if title.startswith("Index of")]
    runs = footnote_numbers(variant.volume, range(0, min(starts)))
    assert runs[:len(numbers)] == numbers
    assert all(n == 1 or n == previous + 1 for previous, n in zip(runs, runs[1:]))


# -- escaping and glyphs -------------------------------------------------------------

def test_hostile_text_prints_exactly_as_written(variant: Build) -> None:
    doc_id = first_document(variant.root)
    pages = [page.extract_text() for page in variant.single(doc_id).pages]
    text = " ".join([pages[0], *(page.split("\n", 1)[-1] for page in pages[1:])])   # without running heads
    assert squeeze(HOSTILE) in squeeze(text)
    assert squeeze(SCRIPTS) in squeeze(text)
    assert "First added note: #strong[not bold] $ ] [" in " ".join(text.split())
    assert "Sicc" in text and "999" in text
    assert all(sign in text for sign in ("⸢add⸣", "⟦del⟧", "unclear(?)", "[supplied]"))


def test_no_glyph_is_missing(edition: Build, variant: Build) -> None:
    """A character without a glyph prints as .notdef, which reads back as NUL."""
    for build_ in (edition, variant):
        for path in sorted(build_.folder.glob("*.pdf")):
            for number, page in enumerate(pypdf.PdfReader(path).pages, start=1):
                assert "\x00" not in page.extract_text(), f"{path.name}, page {number}: a glyph is missing"


def test_typographic_characters_of_the_edition_print(edition: Build) -> None:
    volume = " ".join(edition.pages)
    sources = " ".join(f.read_text(encoding="utf-8") for f in (edition.root / "tei" / "documents").glob("*.xml"))
    for character in "“”–—…’":
        if character in sources:
            assert character in volume, repr(character)


# -- print-readiness ------------------------------------------------------------------

def test_fonts_are_embedded_and_ours(edition: Build) -> None:
    fonts = set()
    for page in edition.volume.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            fonts.add(str(font["/BaseFont"]).split("+", 1)[-1])
    assert fonts and all(name.startswith(("LibertinusSerif", "DejaVuSerif")) for name in fonts), fonts


def test_pdfa_identification_and_metadata(edition: Build) -> None:
    xmp = edition.volume.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfaid:part(=\"|>)2", xmp) and re.search(r"pdfaid:conformance(=\"|>)B", xmp)
    config = open_edition(edition.root).config
    info = edition.volume.metadata
    assert info.title == config.title
    assert info.author and info.get("/Keywords")
    assert str(edition.volume.trailer["/Root"]["/Lang"]) == config.get("edition", "language")
    assert info.creation_date.year == 2026      # the fixed SOURCE_DATE_EPOCH, not today


def test_trim_size_matches_the_configuration(edition: Build) -> None:
    for page in edition.volume.pages:
        assert box_mm(page.trimbox) == (170.0, 240.0)
        assert box_mm(page.mediabox) == (170.0, 240.0)


def test_bleed_adds_3mm_and_keeps_the_trim_box(variant: Build) -> None:
    for reader in (variant.volume, variant.single(first_document(variant.root))):
        for page in reader.pages:
            assert box_mm(page.trimbox) == (150.0, 220.0)
            assert box_mm(page.mediabox) == (156.0, 226.0)
            assert round(float(page.trimbox.left) / MM, 1) == 3.0


def test_page_of_the_print_source_stands_in_the_outer_margin(variant: Build) -> None:
    doc_id = first_document(variant.root)
    reader = variant.single(doc_id)
    index = next(i for i, p in enumerate(reader.pages) if "|999" in p.extract_text())
    page = reader.pages[index]
    hits: list[float] = []

    def visit(text: str, cm: list, tm: list, font: dict, size: float) -> None:
        if text.strip() == "999":
            hits.append(cm[4] + tm[4])

    page.extract_text(visitor_text=visit)
    assert hits, "the page number of the print source is not on the page"
    outer = 29 * MM                                   # the outer margin of the page design
    if index % 2 == 0:                                # a recto: the outer margin is on the right
        assert all(x > float(page.trimbox.right) - outer for x in hits)
    else:
        assert all(x < float(page.trimbox.left) + outer - 5 * MM for x in hits)


def test_same_sources_give_the_same_bytes(edition: Build, tmp_path: Path) -> None:
    again = build(copy_edition(tmp_path / "edition"))
    for path in sorted(edition.folder.glob("*.pdf")):
        assert (again.folder / path.name).read_bytes() == path.read_bytes(), path.name


def test_a_broken_page_design_is_a_diagnostic_not_a_crash(edition: Build, tmp_path: Path) -> None:
    root = copy_edition(tmp_path / "edition")
    override = root / "overrides" / "print" / "edition.typ"
    override.parent.mkdir(parents=True)
    override.write_text("#let broken = (\n", encoding="utf-8")
    result = run_edition("build", "pdf", "--root", str(root))
    assert result.exit_code == 1
    assert "error: Typst could not typeset it" in result.output
    assert "[pdf-typeset]" in result.output


def test_a_rebuild_without_changes_typesets_nothing(edition: Build) -> None:
    before = {p.name: p.stat().st_mtime_ns for p in edition.folder.glob("*.pdf")}
    build(edition.root)
    assert {p.name: p.stat().st_mtime_ns for p in edition.folder.glob("*.pdf")} == before


def test_a_changed_introduction_typesets_the_volume_only(tmp_path: Path) -> None:
    root = copy_edition(tmp_path / "edition")
    first = build(root)
    before = {p.name: p.stat().st_mtime_ns for p in first.folder.glob("*.pdf")}
    header = root / "tei" / "edition.xml"
    tree = etree.parse(str(header))
    paragraph = tree.find(".//tei:front/tei:div/tei:p", NS)
    paragraph.text = "A sentence added to the introduction. " + (paragraph.text or "")
    tree.write(str(header), encoding="UTF-8", xml_declaration=True)
    second = build(root)
    after = {p.name: p.stat().st_mtime_ns for p in second.folder.glob("*.pdf")}
    assert [name for name in after if after[name] != before[name]] == ["edition.pdf"]
    assert "A sentence added to the introduction." in " ".join(second.pages)


def test_escaping_lets_no_character_through_as_markup(tmp_path: Path) -> None:
    """pr:text on random strings of every ASCII character (and some others): Typst prints each string
    exactly, and nothing else, but for the bidi embedding and override controls, which are dropped."""
    rng = random.Random(1920)
    alphabet = [chr(c) for c in range(32, 127)] + list("\u00a0…—–“”’«»Հայქართ\u200b\t\n\u202a\u202b\u202c\u202d\u202e")
    strings = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(400)]
    strings += ["\\", "\\u{41}", "#", "//", "/*", "*/", "$", "```", "= x", "- x", "+ x", "1. x", "/ t: d", "<x>", "@x"]
    escape = Stylesheet(
        '<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="3.0" '
        'xmlns:pr="urn:x-edition-toolkit:print">'
        f'<xsl:include href="{(xslt_dir() / "print" / "print_escape.xsl").as_uri()}"/>'
        '<xsl:output method="text"/>'
        '<xsl:template match="/"><xsl:for-each select="//s">'
        '<xsl:value-of select="\'#block[\' || pr:text(.) || \']&#10;\'"/></xsl:for-each></xsl:template>'
        '</xsl:stylesheet>', "escape")
    root = etree.Element("strings")
    for text in strings:
        etree.SubElement(root, "s").text = text
    markup, _ = escape.transform(root)
    pdf = typst.compile(("#set page(width: 400mm, height: auto)\n#set text(hyphenate: false)\n" + markup).encode(),
                        ignore_system_fonts=True, font_paths=[str(resource("fonts"))])
    printed = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert not re.search("[\u202a-\u202e]", markup)
    assert re.sub(r"[\s\u200b]", "", printed) == re.sub(r"[\s\u200b\u202a-\u202e]", "", "".join(strings))


def test_a_volume_of_the_first_documents_only(tmp_path: Path) -> None:
    root = copy_edition(tmp_path / "edition")
    set_pdf_options(root, "documents = false\nvolume_documents = 2")
    result = build(root)
    assert [p.name for p in result.folder.glob("*.pdf")] == ["edition.pdf"]
    first = [d.id for d in result.corpus.documents[:3]]
    titles = [squeeze(title) for title, _ in outline_titles(result.volume)]
    assert squeeze("1. " + main_title(result.corpus, first[0])) in titles
    assert squeeze("2. " + main_title(result.corpus, first[1])) in titles
    assert squeeze("3. " + main_title(result.corpus, first[2])) not in titles


def test_a_volume_too_large_for_memory_is_left_out_with_a_warning(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from toolkit.build import pdf

    monkeypatch.setattr(pdf, "VOLUME_MOST", 2)        # this edition's 7 documents stand for ten thousand
    root = copy_edition(tmp_path / "edition")
    set_pdf_options(root, "documents = false")
    result = run_edition("build", "pdf", "--root", str(root), "--format", "json")
    assert result.exit_code == 0, result.output
    assert not (root / "output" / "pdf" / "edition.pdf").exists()
    (found,) = [d for d in json.loads(result.output)["diagnostics"] if d["rule"] == "pdf-volume-size"]
    assert found["severity"] == "warning" and "volume_documents" in found["hint"]
    set_pdf_options(root, "documents = false\nvolume_documents = 3")   # asked for: typeset
    assert [p.name for p in build(root).folder.glob("*.pdf")] == ["edition.pdf"]


def test_a_second_build_in_the_same_process_does_not_hang(tmp_path: Path) -> None:
    """Workers forked from a process that has run Typst hang; a second build (edition serve, tests)
    must typeset without forking."""
    script = f"""
import shutil
from pathlib import Path
from toolkit.bench.generate import generate
from toolkit.build import run
from toolkit.console import Reporter
from toolkit.edition import open_edition
root = Path({str(tmp_path / "edition")!r})
generate(root, 24)
for _ in range(2):
    diagnostics = run(open_edition(root), ["pdf"], Reporter(quiet=True), jobs=2)
    assert not [d for d in diagnostics if d.is_error], diagnostics
    assert len(list((root / "output" / "pdf").glob("*.pdf"))) == 25
    shutil.rmtree(root / "output" / "pdf")
    (root / "output" / ".cache" / "pdf.json").unlink()
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-2000:]
