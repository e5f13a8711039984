"""edition validate with the schema: grammar (RELAX NG) and rules (Schematron) in one pass.

Every fixture of tests/fixtures/schema/ is put into a copy of the edition and
validated there: an invalid fixture breaks exactly one rule, and the validator
reports exactly that rule, at that line, with that severity; a valid one gets
no diagnostic.  RELAX NG (lxml) and the XSD (xmlschema) give the same verdict
on every fixture and on every file of the edition.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from toolkit.diagnostics import error
from toolkit.odd.explain import group
from toolkit.odd.schematron import SchematronRunner
from toolkit.schema import toolkit_set
from toolkit.xmlio import parse_bytes, parse_file
from toolkit.xslt import stamp_lines

from .conftest import REPO, copy_edition, run_edition, shared_path

FIXTURES = Path(__file__).parent / "fixtures" / "schema"
MANIFEST = tomllib.loads((FIXTURES / "manifest.toml").read_text(encoding="utf-8"))["fixture"]


def placed(fixture: dict) -> str:
    return f"tei/{fixture.get('place', 'documents')}/{fixture['file']}"


@pytest.fixture(scope="module")
def edition_with_fixtures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_edition(tmp_path_factory.mktemp("fixtures") / "edition")
    for fixture in MANIFEST:
        shutil.copy(FIXTURES / fixture["file"], root / placed(fixture))
    return root


@pytest.fixture(scope="module")
def reported(edition_with_fixtures: Path) -> dict[str, list[dict]]:
    """One `edition validate --format json` over the edition with every fixture in it."""
    result = run_edition("validate", "--format", "json", "--root", str(edition_with_fixtures))
    assert result.exit_code == 1
    found: dict[str, list[dict]] = {}
    for item in json.loads(result.stdout)["diagnostics"]:
        found.setdefault(item["path"], []).append(item)
    return found


def test_verdicts_from_the_cache_are_reported_as_when_they_were_found(edition_with_fixtures: Path,
                                                                       reported: dict[str, list[dict]]) -> None:
    """The second run takes every file's verdict from output/.cache/checks.json: the same problems,
    with their lines, columns, messages and hints, as the run that found them."""
    assert (edition_with_fixtures / "output" / ".cache" / "checks.json").is_file()
    again = run_edition("validate", "--format", "json", "--root", str(edition_with_fixtures))
    assert again.exit_code == 1
    found: dict[str, list[dict]] = {}
    for item in json.loads(again.stdout)["diagnostics"]:
        found.setdefault(item["path"], []).append(item)
    assert found == reported and sum(map(len, found.values())) >= 40


def test_the_manifest_has_at_least_forty_fixtures_of_every_kind() -> None:
    kinds = {f["kind"] for f in MANIFEST}
    assert kinds == {"valid", "grammar", "rules", "corpus"}
    assert len(MANIFEST) >= 40 and sum(f["kind"] != "valid" for f in MANIFEST) >= 40
    assert len({f["file"] for f in MANIFEST}) == len(MANIFEST)


def test_the_edition_itself_is_valid(reported: dict[str, list[dict]]) -> None:
    fixtures = {placed(f) for f in MANIFEST}
    assert {path: items for path, items in reported.items() if path not in fixtures} == {}


@pytest.mark.parametrize("fixture", MANIFEST, ids=[f["file"] for f in MANIFEST])
def test_each_fixture_gives_exactly_its_rule_and_line(fixture: dict, reported: dict[str, list[dict]]) -> None:
    found = [(d["rule"], d["line"], d["severity"]) for d in reported.get(placed(fixture), [])]
    expected = [] if fixture["kind"] == "valid" else \
        [(fixture["rule"], fixture["line"], fixture.get("severity", "error"))]
    assert found == expected, reported.get(placed(fixture))


@pytest.fixture(scope="module")
def grammars() -> tuple[etree.RelaxNG, xmlschema.XMLSchema10]:
    return (etree.RelaxNG(etree.parse(str(REPO / "schema" / "edition.rng"))),
            xmlschema.XMLSchema10(str(REPO / "schema" / "edition.xsd")))


def test_relax_ng_and_xsd_agree_on_every_fixture_and_every_file(grammars) -> None:
    relaxng, xsd = grammars
    cases = [(FIXTURES / f["file"], f["kind"] != "grammar") for f in MANIFEST]
    cases += [(path, True) for path in sorted((REPO / "tei").rglob("*.xml"))]
    assert len(cases) >= 50
    for path, valid in cases:
        tree = etree.parse(str(path), etree.XMLParser(collect_ids=False))
        assert relaxng.validate(tree) is valid, (path.name, relaxng.error_log.last_error)
        assert xsd.is_valid(str(path)) is valid, (path.name, [e.reason for e in xsd.iter_errors(str(path))][:2])


def test_grammar_messages_say_what_is_allowed_and_suggest(reported: dict[str, list[dict]]) -> None:
    def one(name: str) -> dict:
        return reported[f"tei/documents/{name}.xml"][0]

    value = one("emphasis-rendition-misspelt")
    assert value["message"].startswith('@rend="itallic" on <emph> is not allowed — allowed values: italic')
    assert value["hint"] == 'did you mean "italic"?'
    unknown = one("unknown-element-in-text")
    assert "element <foo> is not allowed in this edition" in unknown["message"]
    assert "<persName>" in unknown["message"] and "(within" in unknown["message"]
    misplaced = one("item-outside-list")
    assert "<item> is not allowed in <div>" in misplaced["message"] and "<item> may stand in <list>" in misplaced["hint"]
    order = one("repository-after-idno")
    assert "<repository> is out of place in <msIdentifier>" in order["message"]
    assert "(settlement?, repository?, collection?, idno*, altIdentifier*)" in order["hint"]
    missing = one("gap-without-reason")
    assert "<gap> needs attribute @reason" in missing["message"] and "omitted" in missing["message"]
    attribute = one("unknown-attribute-style-on-p")
    assert "attribute @style is not allowed on <p> — <p> allows @cert" in attribute["message"]
    listed = one("rendition-not-in-list")
    assert listed["message"].startswith('@rend="indent justify" on <p> is not allowed — allowed values: center')
    date = one("date-not-iso")
    assert date["rule"] == "date-iso" and "ISO 8601" in date["message"]


def test_text_output_is_one_line_per_problem_with_rule(edition_with_fixtures: Path) -> None:
    result = run_edition("validate", "--root", str(edition_with_fixtures),
                         str(edition_with_fixtures / "tei/documents/gap-without-editor.xml"))
    assert result.exit_code == 1
    line = next(l for l in result.stdout.splitlines() if "editorial-resp" in l)
    assert line.startswith("tei/documents/gap-without-editor.xml:") and line.endswith("[editorial-resp]")
    assert ": error: <gap> is an editorial intervention and must name its editor" in line


def test_a_missing_compiled_schema_is_an_error(tmp_path: Path) -> None:
    root = copy_edition(tmp_path / "edition")
    (root / "schema" / "edition.rng").unlink()
    result = run_edition("validate", "--root", str(root))
    assert result.exit_code == 1 and "[schema-missing]" in result.output and "edition schema" in result.output


def test_external_documents_are_reported_grouped_and_counted() -> None:
    letters = sorted(shared_path("external", "schnitzler-briefe", "editions").glob("*.xml"))[:2]
    result = run_edition("validate", "--external", "--root", str(REPO), *map(str, letters))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(" × element <" in line and "is not allowed in this edition (first at line" in line for line in lines)
    assert any("attribute @xsi:schemaLocation is not allowed on <TEI>" in line for line in lines)
    counted = [line for line in lines if str(letters[0]) in line and ": error: " in line]
    assert 5 < len(counted) < 200
    assert "checked 2 external files" in result.output


def test_outside_paths_without_external_are_refused() -> None:
    letter = sorted(shared_path("external", "schnitzler-briefe", "editions").glob("*.xml"))[0]
    result = run_edition("validate", "--root", str(REPO), str(letter))
    assert result.exit_code == 2 and "add --external" in result.output


def test_group_counts_the_same_problem_once_per_file() -> None:
    items = [error("a.xml", "element <x> is not allowed in this edition — details", line=n, rule="unknown-element")
             for n in (3, 9, 12)]
    items.append(error("a.xml", "attribute @y is not allowed on <p> — <p> allows @n", line=4, rule="unknown-attribute"))
    items.append(error("b.xml", "element <x> is not allowed in this edition — details", line=1, rule="unknown-element"))
    grouped = sorted(group(items), key=lambda d: (d.path, d.line))
    assert [(d.path, d.line, d.message) for d in grouped] == [
        ("a.xml", 3, "3 × element <x> is not allowed in this edition (first at line 3; also lines 9, 12)"),
        ("a.xml", 4, "attribute @y is not allowed on <p> — <p> allows @n"),
        ("b.xml", 1, "element <x> is not allowed in this edition — details"),
    ]


def _mutations(count: int, seed: int) -> list[bytes]:
    """The edition's files, each changed in one random way (deleted, moved or renamed elements,
    changed or deleted attributes, stray text, emptied elements): the cases nobody thought of."""
    import random

    generator = random.Random(seed)
    files = sorted((REPO / "tei").rglob("*.xml"))
    names = ["p", "div", "persName", "note", "gap", "item", "list", "date", "idno", "title", "msDesc", "choice"]
    attributes = ["type", "rend", "when", "n", "ref", "reason", "{http://www.w3.org/XML/1998/namespace}lang"]
    values = ["x", "1848", "", " #a  b ", "1848-02-30", "en-GB", "italic ", "omitted"]
    found = []
    while len(found) < count:
        root = etree.parse(str(generator.choice(files)), etree.XMLParser(collect_ids=False)).getroot()
        elements = [e for e in root.iter() if isinstance(e.tag, str) and e is not root]
        element, other = generator.choice(elements), generator.choice(elements)
        operation = generator.randrange(7)
        if operation == 0:
            element.getparent().remove(element)
        elif operation == 1 and element.attrib:
            del element.attrib[generator.choice(list(element.attrib))]
        elif operation == 2 and other is not element and element not in other.iterancestors() \
                and other not in element.iterancestors():
            other.append(element)
        elif operation == 3:
            element.tag = f"{{http://www.tei-c.org/ns/1.0}}{generator.choice(names)}"
        elif operation == 4:
            element.set(generator.choice(attributes), generator.choice(values))
        elif operation == 5:
            element.text = generator.choice(["stray", "  \n "])
        else:
            for child in list(element):
                element.remove(child)
            element.text = " "
        found.append(etree.tostring(root))
    return found


def test_relax_ng_and_xsd_agree_on_randomly_changed_files(grammars) -> None:
    relaxng, xsd = grammars
    for data in _mutations(120, seed=11):
        tree = etree.fromstring(data, etree.XMLParser(collect_ids=False))
        assert relaxng.validate(tree) == xsd.is_valid(data.decode()), data[:300]


def test_the_explanation_agrees_with_relax_ng_on_randomly_changed_files(grammars) -> None:
    from toolkit.schema import validator_for

    explainer = validator_for(REPO).explainer
    relaxng = grammars[0]
    for data in _mutations(400, seed=7):
        tree = etree.fromstring(data, etree.XMLParser(collect_ids=False))
        assert relaxng.validate(tree) == (explainer.explain(tree, "x.xml") == []), data[:300]


def test_the_rules_find_repeated_ids_and_broken_pointers_within_a_file() -> None:
    """The Schematron's own id and pointer rules (what an XML editor runs): ids are looked up in the
    file's index, and an id that is no NCName (which the index leaves out) is still compared."""
    rules = SchematronRunner.from_schema(parse_file(toolkit_set().sch).getroot(), "base.sch")
    text = b"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>
<div xml:id="a">
<p xml:id="b"><persName ref="#b #c #1x">X</persName></p>
<div xml:id="a"><p xml:id="b"/></div>
<p xml:id="1x"/>
<p xml:id="1x"/>
<p xml:id="d" corresp="#a"/>
</div></body></text></TEI>"""
    found = rules.run(stamp_lines(parse_bytes(text, "t.xml")), "t.xml")
    assert sorted((d.line, d.rule, d.message.split(":")[0]) for d in found) == [
        (3, "pointer-resolves", 'The pointer "#c" on <persName> leads nowhere'),
        (4, "id-unique", 'The id "a" is used before in this file'),
        (4, "id-unique", 'The id "b" is used before in this file'),
        (6, "id-unique", 'The id "1x" is used before in this file'),
    ]


def test_validate_checks_again_only_the_files_whose_bytes_or_schema_changed(edition_copy: Path) -> None:
    """A file's verdict is kept by its content hash and the schema's (output/.cache/checks.json): a
    verdict planted in the cache is what the next run reports, until the file or the schema changes."""
    assert run_edition("validate", "--root", str(edition_copy)).exit_code == 0
    cache = edition_copy / "output" / ".cache" / "checks.json"
    data = json.loads(cache.read_text(encoding="utf-8"))
    sources = {p.relative_to(edition_copy).as_posix() for p in (edition_copy / "tei").rglob("*.xml")}
    assert set(data["files"]) == sources
    cache.write_bytes(b"\x00 not a cache")                      # a broken cache: every file is checked again
    assert run_edition("validate", "--root", str(edition_copy)).exit_code == 0
    data = json.loads(cache.read_text(encoding="utf-8"))

    rel = "tei/documents/d001.xml"
    data["files"][rel][1] = [error(rel, "planted verdict", line=1, col=1, rule="probe").to_json()]
    cache.write_text(json.dumps(data), encoding="utf-8")
    kept = run_edition("validate", "--root", str(edition_copy))
    assert kept.exit_code == 1 and f"{rel}:1:1: error: planted verdict [probe]" in kept.stdout

    sch = edition_copy / "schema" / "edition.sch"
    sch.write_bytes(sch.read_bytes() + b"<!-- recompiled -->\n")
    assert run_edition("validate", "--root", str(edition_copy)).exit_code == 0     # a new schema: checked again

    data = json.loads(cache.read_text(encoding="utf-8"))
    data["files"][rel][1] = [error(rel, "planted verdict", line=1, col=1, rule="probe").to_json()]
    cache.write_text(json.dumps(data), encoding="utf-8")
    path = edition_copy / rel
    path.write_bytes(path.read_bytes().replace(b"<p xml:id=", b'<p rend="x" foo="y" xml:id=', 1))
    changed = run_edition("validate", "--root", str(edition_copy))
    assert changed.exit_code == 1 and "planted verdict" not in changed.stdout
    assert "@foo" in changed.stdout and rel in changed.stdout
