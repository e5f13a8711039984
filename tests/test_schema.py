"""The edition's schema: compiled files up to date and reproducible, a restriction of tei_all, a
deterministic XSD, a self-contained compiled ODD, an encoding manual, and files that point at it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import xmlschema
from lxml import etree, html

from toolkit.odd.customise import compile_library
from toolkit.odd.model import build
from toolkit.odd.rng import write_rng
from toolkit.schema import SchemaSet, build_schema, compile_set, locate, toolkit_set

from .conftest import REPO, run_edition

FIXTURES = Path(__file__).parent / "fixtures" / "schema"
EDITION = SchemaSet(REPO / "schema", "edition")


def tei_files() -> list[Path]:
    return sorted((REPO / "tei").rglob("*.xml"))


@pytest.mark.parametrize("target", [toolkit_set(), EDITION], ids=["toolkit-base", "edition"])
def test_committed_compiled_files_are_up_to_date_with_their_odd(target: SchemaSet) -> None:
    outputs, problems = compile_set(target)
    assert [p.format() for p in problems if p.is_error] == []
    stale = [path.name for path, data in outputs.items() if not path.is_file() or path.read_bytes() != data]
    assert stale == [], f"run 'edition schema' (and 'edition schema --toolkit-base') and commit: {stale}"


def test_edition_schema_twice_gives_byte_identical_files(edition_copy: Path) -> None:
    first = run_edition("schema", "--root", str(edition_copy))
    assert first.exit_code == 0, first.output
    before = {p.name: p.read_bytes() for p in sorted((edition_copy / "schema").iterdir())}
    second = run_edition("schema", "--root", str(edition_copy))
    assert second.exit_code == 0 and "0 files written" in second.output
    assert {p.name: p.read_bytes() for p in sorted((edition_copy / "schema").iterdir())} == before


def test_schema_check_fails_when_the_odd_changed(edition_copy: Path) -> None:
    odd = edition_copy / "schema" / "edition.odd"
    odd.write_text(odd.read_text(encoding="utf-8").replace(
        '<valItem ident="minutes">', '<valItem ident="report"><gloss>report</gloss></valItem>\n'
                                     '                  <valItem ident="minutes">', 1), encoding="utf-8")
    result = run_edition("schema", "--check", "--root", str(edition_copy))
    assert result.exit_code == 1 and "schema-outdated" in result.output and "edition.rng" in result.output
    validated = run_edition("validate", "--root", str(edition_copy))
    assert "the compiled schema is out of date" in validated.output and "[schema-outdated]" in validated.output
    assert run_edition("schema", "--root", str(edition_copy)).exit_code == 0
    assert "schema-outdated" not in run_edition("validate", "--root", str(edition_copy)).output


def test_without_an_edition_odd_the_toolkit_base_schema_is_used(edition_copy: Path) -> None:
    document = edition_copy / "tei" / "documents" / "d001.xml"
    document.write_text(document.read_text(encoding="utf-8").replace('<text type="letter">', '<text type="report">'),
                        encoding="utf-8")
    assert "[attribute-value]" in run_edition("validate", "--root", str(edition_copy)).output
    shutil.rmtree(edition_copy / "schema")
    assert locate(edition_copy / "schema") == toolkit_set()
    result = run_edition("validate", "--root", str(edition_copy))   # the base allows reports; the edition does not
    assert result.exit_code == 0, result.output
    usage = run_edition("schema", "--root", str(edition_copy))
    assert usage.exit_code == 2 and "no ODD of its own" in usage.output


def test_base_odd_compiles_without_p5subset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EDITION_P5SUBSET", raising=False)
    library, warnings, files = compile_library(toolkit_set().odd)
    schema = build(library)
    assert files == [toolkit_set().odd] and warnings == []
    assert len(schema.elements) > 100 and schema.reachable() and set(schema.reachable()) == set(schema.elements)


def test_compiled_odd_is_self_contained_and_compiles_to_the_same_grammar() -> None:
    for target in (toolkit_set(), EDITION):
        original = build(compile_library(target.odd)[0])
        again = build(compile_library(target.compiled)[0])
        assert etree.tostring(write_rng(again)) == etree.tostring(write_rng(original)), target.odd.name


def test_the_xsd_is_deterministic_and_agrees_with_relax_ng_on_the_edition() -> None:
    schema = xmlschema.XMLSchema10(str(EDITION.xsd))   # raises on a non-deterministic content model
    grammar = etree.RelaxNG(etree.parse(str(EDITION.rng)))
    for path in tei_files():
        assert grammar.validate(etree.parse(str(path))), (path, grammar.error_log)
        assert schema.is_valid(str(path)), (path, [e.reason for e in schema.iter_errors(str(path))][:3])


def test_valid_fixtures_and_the_edition_are_valid_against_the_official_tei_all(tei_all_rng) -> None:
    """The schema is a pure restriction of TEI: what it accepts, tei_all accepts."""
    import tomllib

    manifest = tomllib.loads((FIXTURES / "manifest.toml").read_text(encoding="utf-8"))["fixture"]
    accepted = [FIXTURES / f["file"] for f in manifest if f["kind"] != "grammar"]
    assert len(accepted) >= 20
    for path in [*tei_files(), *accepted]:
        tree = etree.parse(str(path), etree.XMLParser(collect_ids=False))
        assert tei_all_rng.validate(tree), (path.name, tei_all_rng.error_log.last_error)


def test_manual_describes_every_element_inside_one_main() -> None:
    page = html.fromstring(EDITION.manual.read_bytes())
    assert len(page.findall(".//main")) == 1
    schema = build(compile_library(EDITION.compiled)[0])
    for ident, element in schema.elements.items():
        section = page.get_element_by_id(f"el-{ident}")
        text = section.text_content()
        assert element.gloss in text and "Content" in text and "Example" in text, ident
        for attribute in element.attributes:
            assert f"@{attribute.ident}" in text, (ident, attribute.ident)
    emph = page.get_element_by_id("el-emph").text_content()
    assert all(value in emph for value in ("italic", "bold", "spaced", "underline"))
    rules = page.get_element_by_id("rules").text_content()
    for rule in ("corresp-sent", "ms-identifier", "editorial-resp", "pointer-resolves", "id-unique", "date-iso",
                 "date-range", "collection-cited", "unknown-element", "attribute-value"):
        assert rule in rules
    assert not re.search(rb"\d{4}-\d{2}-\d{2}T\d{2}:", EDITION.manual.read_bytes())   # no timestamps


def test_every_tei_file_points_at_the_compiled_schemas() -> None:
    for path in tei_files():
        tree = etree.parse(str(path))
        models = {pi.get("schematypens"): pi.get("href") for pi in tree.getroot().itersiblings(preceding=True)
                  if isinstance(pi, etree._ProcessingInstruction) and pi.target == "xml-model"}
        assert set(models) == {"http://relaxng.org/ns/structure/1.0", "http://purl.oclc.org/dsdl/schematron"}, path
        for href in models.values():
            target = (path.parent / href).resolve()
            assert target in (EDITION.rng.resolve(), EDITION.sch.resolve()), (path, href)
            assert target.is_file()


def test_a_new_document_is_valid_against_the_schema(edition_copy: Path) -> None:
    created = run_edition("new", "A Letter on the Mill", "--date", "1848-03-18", "--type", "letter",
                          "--root", str(edition_copy))
    assert created.exit_code == 0, created.output
    path = edition_copy / created.output.strip().splitlines()[-1]
    result = run_edition("validate", "--format", "json", "--root", str(edition_copy), str(path))
    assert result.exit_code == 0, result.output
    assert '"errors": 0' in result.output


def test_an_odd_that_makes_the_xsd_ambiguous_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "schema"
    folder.mkdir()
    odd = (REPO / "schema" / "edition.odd").read_text(encoding="utf-8")
    ambiguous = ('<elementSpec ident="listBibl" mode="change"><content><alternate minOccurs="1" '
                 'maxOccurs="unbounded"><sequence><elementRef key="bibl"/><elementRef key="note"/></sequence>'
                 '<sequence><elementRef key="bibl"/><elementRef key="ptr"/></sequence></alternate></content>'
                 '</elementSpec>\n          <constraintSpec ident="collection-cited"')
    (folder / "edition.odd").write_text(odd.replace('<constraintSpec ident="collection-cited"', ambiguous, 1),
                                        encoding="utf-8")
    written, problems = build_schema(SchemaSet(folder, "edition"))
    assert written == [] and [p.rule for p in problems if p.is_error] == ["schema-xsd"]
    assert not any(folder.glob("*.rng"))


def test_an_edition_odd_built_on_the_tei_guidelines_is_compiled_with_p5subset(
        edition_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from .conftest import shared_path

    monkeypatch.delenv("EDITION_P5SUBSET", raising=False)
    lite = shared_path("external", "tei-p5", "exemplars", "tei_lite.odd")
    shutil.copy(lite, edition_copy / "schema" / "edition.odd")
    missing = run_edition("schema", "--root", str(edition_copy))
    assert missing.exit_code == 1 and "p5subset.xml was not found" in missing.output and "--p5subset" in missing.output
    p5subset = shared_path("external", "tei-p5", "p5subset.xml")
    result = run_edition("schema", "--p5subset", str(p5subset), "--root", str(edition_copy))
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    etree.RelaxNG(etree.parse(str(edition_copy / "schema" / "edition.rng")))
    validated = run_edition("validate", "--root", str(edition_copy))
    assert validated.exit_code == 1 and "element <persName> is not allowed in this edition" in validated.output
