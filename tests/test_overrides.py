"""Customisation without forking: an edition's overrides/ folder and its interface language.

Each test starts from one new edition (``edition init`` plus ``edition new``),
built once, copies it, adds one override and builds again.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lxml import etree, html
from pypdf import PdfReader

from toolkit.resources import resource, xslt_dir

from .conftest import run_edition

LABELS_NS = "urn:x-edition-toolkit:labels"
XSL_HEAD = ('<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" '
            'xpath-default-namespace="http://www.tei-c.org/ns/1.0" exclude-result-prefixes="#all">\n')


def edition(*args: str, root: Path) -> str:
    result = run_edition(*args, "--root", str(root))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new edition with two documents, its HTML and PDF built."""
    root = tmp_path_factory.mktemp("overrides") / "edition"
    result = run_edition("init", str(root), "--title", "Overridden letters", "--editor", "Ada Editor")
    assert result.exit_code == 0, result.output
    edition("new", "A second letter", "--date", "1901-02-03", root=root)
    edition("build", "html", "pdf", root=root)
    return root


@pytest.fixture
def copy(built: Path, tmp_path: Path) -> Path:
    target = tmp_path / "edition"
    shutil.copytree(built, target, symlinks=True)
    return target


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def pages(root: Path) -> dict[str, bytes]:
    """The HTML pages and assets of a built site (the search index aside: it is derived from them)."""
    site = root / "output" / "html"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and "pagefind" not in p.relative_to(site).parts}


def pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def test_an_xslt_override_changes_one_rendering_and_nothing_else(built: Path, copy: Path) -> None:
    before = pages(built)
    write(copy / "overrides" / "xslt" / "html.xsl", XSL_HEAD + """
  <xsl:template match="quote">
    <q class="quote-override"><xsl:apply-templates/></q>
  </xsl:template>
</xsl:stylesheet>
""")
    edition("build", "html", root=copy)
    after = pages(copy)
    assert after.keys() == before.keys()
    changed = sorted(name for name in before if before[name] != after[name])
    assert changed == ["d001.html"], changed
    page, original = html.fromstring(after["d001.html"]), html.fromstring(before["d001.html"])
    quote = "normalize-space(.) = 'as the source writes it'"
    assert len(page.xpath(f"//q[@class='quote-override'][{quote}]")) == 1
    # Apart from that one element, the page is what it was.
    assert without(page, f"//q[{quote}]") == without(original, f"//span[contains(@class, 'quote')][{quote}]")


def without(tree: html.HtmlElement, xpath: str) -> bytes:
    """The page with the one element ``xpath`` finds taken out."""
    (element,) = tree.xpath(xpath)
    element.drop_tree()
    return etree.tostring(tree)


def test_an_override_that_does_not_compile_is_a_diagnostic(copy: Path) -> None:
    write(copy / "overrides" / "xslt" / "html.xsl", XSL_HEAD + "<xsl:template match='quote'>\n</xsl:stylesheet>\n")
    result = run_edition("build", "html", "--root", str(copy))
    assert result.exit_code == 1
    assert "does not compile" in result.output and "Traceback" not in result.output


def test_css_in_overrides_is_linked_after_the_toolkits_stylesheet(built: Path, copy: Path) -> None:
    write(copy / "overrides" / "html" / "house.css", ".quote { color: #800000; }\n")
    edition("build", "html", root=copy)
    site = copy / "output" / "html"
    assert (site / "assets" / "house.css").read_text(encoding="utf-8") == ".quote { color: #800000; }\n"
    for name in ("index.html", "d001.html", "documents.html"):
        links = html.parse(str(site / name)).xpath("//link[@rel='stylesheet']/@href")
        assert links == ["assets/edition.css", "assets/house.css"], (name, links)
    assert (site / "assets" / "edition.css").read_bytes() == resource("html", "edition.css").read_bytes()


def test_css_of_the_same_name_replaces_the_toolkits(copy: Path) -> None:
    write(copy / "overrides" / "html" / "edition.css", "body { margin: 0; }\n")
    edition("build", "html", root=copy)
    site = copy / "output" / "html"
    assert (site / "assets" / "edition.css").read_text(encoding="utf-8") == "body { margin: 0; }\n"
    assert html.parse(str(site / "index.html")).xpath("//link[@rel='stylesheet']/@href") == ["assets/edition.css"]


def label(language: str, key: str) -> str:
    labels = etree.parse(str(xslt_dir() / "common" / "labels" / f"{language}.xml"))
    return labels.find(f"{{{LABELS_NS}}}label[@key='{key}']").text


def test_a_label_override_changes_that_label_only(built: Path, copy: Path) -> None:
    cite = label("en", "doc.cite")
    write(copy / "overrides" / "labels" / "en.xml",
          f'<labels xmlns="{LABELS_NS}" xml:lang="en"><label key="doc.cite">How to cite this letter</label></labels>\n')
    edition("build", "html", root=copy)
    before, after = pages(built), pages(copy)
    for name in ("d001.html", "d002.html"):
        assert cite in before[name].decode() and cite not in after[name].decode()
        assert "How to cite this letter" in after[name].decode()
        assert after[name].decode().replace("How to cite this letter", cite) == before[name].decode()


def test_an_unknown_label_key_is_a_warning(copy: Path) -> None:
    write(copy / "overrides" / "labels" / "en.xml",
          f'<labels xmlns="{LABELS_NS}"><label key="doc.citee">x</label></labels>\n')
    result = run_edition("build", "html", "--root", str(copy))
    assert result.exit_code == 0
    assert "unknown label key 'doc.citee'" in result.output


def test_every_english_label_has_a_german_translation() -> None:
    keys = {lang: [l.get("key") for l in etree.parse(str(xslt_dir() / "common" / "labels" / f"{lang}.xml"))
                   .iter(f"{{{LABELS_NS}}}label")] for lang in ("en", "de")}
    assert set(keys["en"]) - set(keys["de"]) == set()
    assert set(keys["de"]) - set(keys["en"]) == set()
    assert len(keys["de"]) == len(set(keys["de"])), "a key is given twice"


def test_interface_language_de_gives_german_labels(copy: Path) -> None:
    config = copy / "edition.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('interface_language = "en"',
                                                                 'interface_language = "de"'), encoding="utf-8")
    edition("build", "html", root=copy)
    site = copy / "output" / "html"
    page = (site / "d001.html").read_text(encoding="utf-8")
    for key in ("doc.cite", "nav.home", "nav.documents", "nav.about", "nav.search"):
        assert label("de", key) != label("en", key), key
        assert label("de", key) in page and label("en", key) not in page, key
    assert html.parse(str(site / "d001.html")).getroot().get("lang") == "de"
    assert label("de", "nav.documents") in (site / "index.html").read_text(encoding="utf-8")


def test_a_print_template_override_is_used_for_the_pdfs(built: Path, copy: Path) -> None:
    template = resource("print", "edition.typ").read_text(encoding="utf-8")
    changed, count = re.subn(r"(?m)^#let gap\(\) = .*$", "#let gap() = [OMITTED BY THE TEMPLATE]", template)
    assert count == 1, "the toolkit's template defines gap()"
    write(copy / "overrides" / "print" / "edition.typ", changed)
    edition("build", "pdf", root=copy)
    assert "OMITTED BY THE TEMPLATE" not in pdf_text(built / "output" / "pdf" / "d001.pdf")
    assert "OMITTED BY THE TEMPLATE" in pdf_text(copy / "output" / "pdf" / "d001.pdf")
    assert "OMITTED BY THE TEMPLATE" in pdf_text(copy / "output" / "pdf" / "edition.pdf")


def test_a_print_xslt_override_changes_the_pdf(copy: Path) -> None:
    write(copy / "overrides" / "xslt" / "print.xsl", XSL_HEAD + """
  <xsl:template match="gap">
    <xsl:text>OMITTED BY THE STYLESHEET</xsl:text>
  </xsl:template>
</xsl:stylesheet>
""")
    edition("build", "pdf", root=copy)
    assert "OMITTED BY THE STYLESHEET" in pdf_text(copy / "output" / "pdf" / "d001.pdf")
    assert "OMITTED BY THE STYLESHEET" not in pdf_text(copy / "output" / "pdf" / "d002.pdf")


def customise(root: Path, specs: str) -> None:
    """Add specifications to the edition's ODD (before the end of its schemaSpec)."""
    odd = root / "schema" / "edition.odd"
    text = odd.read_text(encoding="utf-8")
    assert text.count("</schemaSpec>") == 1
    odd.write_text(text.replace("</schemaSpec>", specs + "\n</schemaSpec>"), encoding="utf-8")


def test_a_chained_odd_that_deletes_an_element_reports_its_use(copy: Path) -> None:
    assert run_edition("validate", "--root", str(copy)).exit_code == 0
    customise(copy, '<elementSpec ident="quote" mode="delete"/>')
    compiled = run_edition("schema", "--root", str(copy))
    assert compiled.exit_code == 0, compiled.output
    assert "quote" not in [e.get("name") for e in etree.parse(str(copy / "schema" / "edition.rng"))
                           .iter("{http://relaxng.org/ns/structure/1.0}element")]
    result = run_edition("validate", "--root", str(copy))
    assert result.exit_code == 1
    line = next(n for n, text in enumerate((copy / "tei/documents/d001.xml").read_text(encoding="utf-8")
                                           .splitlines(), start=1) if "<quote" in text)
    errors = [text for text in result.output.splitlines() if ": error: " in text]
    assert len(errors) == 1 and errors[0].startswith(f"tei/documents/d001.xml:{line}:")
    assert "<quote> is not allowed in this edition" in errors[0]


def test_a_chained_odd_restricts_a_value_list_and_adds_a_rule(copy: Path) -> None:
    customise(copy, """
  <elementSpec ident="text" mode="change">
    <attList>
      <attDef ident="type" mode="change">
        <valList type="closed" mode="replace"><valItem ident="telegram"/></valList>
      </attDef>
    </attList>
  </elementSpec>
  <constraintSpec ident="no-example-society" scheme="schematron">
    <constraint>
      <sch:rule context="tei:orgName">
        <sch:report test="normalize-space(.) = 'Example Society'" role="error">No example societies here.</sch:report>
      </sch:rule>
    </constraint>
  </constraintSpec>""")
    assert run_edition("schema", "--root", str(copy)).exit_code == 0
    result = run_edition("validate", "--root", str(copy))
    assert result.exit_code == 1
    errors = [text for text in result.output.splitlines() if ": error: " in text]
    for document in ("d001", "d002"):          # both are letters, no longer a type of this edition
        assert any(e.startswith(f"tei/documents/{document}.xml:") and '@type="letter" on <text> is not allowed' in e
                   for e in errors), errors
    society = [e for e in errors if e.endswith("[no-example-society]")]
    assert len(society) == 1 and society[0].startswith("tei/documents/d001.xml:"), society
    assert "No example societies here." in society[0]
