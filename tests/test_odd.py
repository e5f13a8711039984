"""The ODD processor: TEI's own example customisations compiled against p5subset, and ODD features.

The official exemplars (tei_bare, tei_minimal, tei_lite, tei_ms, tei_drama,
tei_corpus, tei_all) are compiled into RELAX NG that lxml loads, and sample
documents are checked against them; small ODDs written here exercise each
feature of the processor (selection, modes, attribute changes, value lists,
@expand, specification groups, chaining, pruning).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from toolkit.diagnostics import EditionError
from toolkit.odd.content import Alt, ClassRef, ElementRef, Empty, NotAllowed, Seq, Text, readable, simplify, walk
from toolkit.odd.customise import compile_library
from toolkit.odd.model import Schema, build
from toolkit.odd.names import RNG_NS
from toolkit.odd.rng import write_rng
from toolkit.odd.schematron import write_schematron

from .conftest import REPO, shared_path

TEI = "http://www.tei-c.org/ns/1.0"
R = f"{{{RNG_NS}}}"


def p5subset() -> Path:
    return shared_path("external", "tei-p5", "p5subset.xml")


def exemplar(name: str) -> Path:
    return shared_path("external", "tei-p5", "exemplars", f"{name}.odd")


def compile_path(path: Path) -> Schema:
    return build(compile_library(path, p5subset())[0])


EXEMPLARS = ("tei_bare", "tei_minimal", "tei_lite", "tei_ms", "tei_drama", "tei_corpus")


@pytest.fixture(scope="module")
def compiled() -> dict[str, etree._Element]:
    """The RELAX NG of the exemplars other than tei_all, compiled once."""
    return {name: write_rng(compile_path(exemplar(name))) for name in EXEMPLARS}


@pytest.fixture(scope="module")
def grammars(compiled: dict[str, etree._Element]) -> dict[str, etree.RelaxNG]:
    """The same, loaded by lxml once."""
    return {name: etree.RelaxNG(grammar) for name, grammar in compiled.items()}


def doc(body: str, header_extra: str = "", root: str = "TEI") -> etree._Element:
    return etree.fromstring(
        f'<{root} xmlns="{TEI}"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
        f"<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc>"
        f"{header_extra}</teiHeader><text><body>{body}</body></text></{root}>")


def odd(tmp_path: Path, schema_spec: str, name: str = "test.odd") -> Path:
    path = tmp_path / name
    path.write_text(f'<TEI xmlns="{TEI}" xmlns:sch="http://purl.oclc.org/dsdl/schematron" '
                    f'xmlns:rng="{RNG_NS}"><teiHeader><fileDesc><titleStmt><title>Test</title></titleStmt>'
                    f"<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>"
                    f"<text><body>{schema_spec}</body></text></TEI>", encoding="utf-8")
    return path


def defined_refs_only(grammar: etree._Element) -> None:
    defines = {d.get("name") for d in grammar.iter(R + "define")}
    refs = {r.get("name") for r in grammar.iter(R + "ref")}
    assert refs <= defines, refs - defines


# -- the content algebra ------------------------------------------------------------


def test_simplification_follows_relax_ng() -> None:
    a, b = ElementRef(key="a"), ElementRef(key="b")
    assert simplify(Alt(items=(a, NotAllowed()))) == a
    assert simplify(Seq(items=(a, NotAllowed()))) == NotAllowed()
    assert simplify(Seq(items=(a, NotAllowed(min=0)))) == a
    assert simplify(Seq(items=(NotAllowed(),), min=0, max=None)) == Empty()
    assert simplify(Alt(items=(a, Empty()))) == a.repeat(0, 1)
    assert simplify(Alt(items=(Alt(items=(a, b)), a))) == Alt(items=(a, b))
    assert a.repeat(0, 1).repeat(1, None) == a.repeat(0, None)
    assert readable(Seq(items=(ElementRef(key="title", max=None), Alt(items=(a, b), min=0, max=None)))) \
        == "(title+, (a | b)*)"
    assert readable(Alt(items=(Text(), ClassRef(key="model.phrase")), min=0, max=None)) == "(text | model.phrase)*"


# -- the official exemplars -----------------------------------------------------------


@pytest.mark.parametrize("name", EXEMPLARS)
def test_exemplar_compiles_to_relax_ng_that_lxml_loads_and_refers_only_to_its_defines(
        name: str, compiled: dict, grammars: dict) -> None:
    defined_refs_only(compiled[name])
    assert isinstance(grammars[name], etree.RelaxNG)


def test_tei_bare_accepts_a_bare_document_and_rejects_other_elements(grammars: dict) -> None:
    bare = grammars["tei_bare"]
    assert bare.validate(doc("<div><head>H</head><p>Text with a <title>title</title>.</p>"
                             "<list><item>one</item></list></div>"))
    assert not bare.validate(doc("<div><p>A <note>note</note> is not bare.</p></div>"))
    assert not bare.validate(doc('<p rend="x">the rend attribute is deleted from att.global.rendition</p>'))


def test_tei_minimal_has_only_the_ten_required_elements(grammars: dict) -> None:
    minimal = grammars["tei_minimal"]
    assert minimal.validate(doc("<p>Text.</p>"))
    assert not minimal.validate(doc("<div><p>Text.</p></div>"))


def test_tei_lite_and_the_module_exemplars_accept_their_own_elements(grammars: dict) -> None:
    assert grammars["tei_lite"].validate(doc('<div><p>Some <hi rend="it">lite</hi> <name>text</name>.</p></div>'))
    assert not grammars["tei_lite"].validate(doc("<p><persName>not in lite</persName></p>"))
    assert grammars["tei_drama"].validate(doc("<div><sp><speaker>A</speaker><p>Hello.</p></sp>"
                                              "<stage>Exit.</stage></div>"))
    assert grammars["tei_ms"].validate(doc("<p>P</p>").getroottree())
    manuscript = doc("<p>Text.</p>")
    source = manuscript.find(f".//{{{TEI}}}sourceDesc")
    source.remove(source[0])
    etree.SubElement(source, f"{{{TEI}}}msDesc").append(etree.fromstring(
        f'<msIdentifier xmlns="{TEI}"><repository>R</repository><idno>1</idno></msIdentifier>'))
    assert grammars["tei_ms"].validate(manuscript)
    assert not grammars["tei_lite"].validate(manuscript)
    corpus = etree.fromstring(f'<teiCorpus xmlns="{TEI}">{etree.tostring(doc("<p/>").find(f"{{{TEI}}}teiHeader")).decode()}'
                              f'{etree.tostring(doc("<p>x</p>")).decode()}</teiCorpus>')
    assert grammars["tei_corpus"].validate(corpus)


@pytest.mark.slow
def test_tei_all_compiled_here_accepts_the_edition_and_agrees_with_the_official_tei_all(tei_all_rng) -> None:
    grammar = write_rng(compile_path(exemplar("tei_all")))
    defined_refs_only(grammar)
    ours = etree.RelaxNG(grammar)
    files = sorted((REPO / "tei").rglob("*.xml")) + sorted(exemplar("tei_all").parent.glob("*.odd"))
    assert len(files) > 10
    for path in files:
        tree = etree.parse(str(path))
        assert ours.validate(tree) == tei_all_rng.validate(tree), path
        if path.is_relative_to(REPO):
            assert ours.validate(tree), (path, ours.error_log)


def test_tei_all_schematron_compiles_to_xslt_that_saxon_runs() -> None:
    from toolkit.odd.schematron import SchematronRunner
    from toolkit.xslt import stamp_lines

    schema = write_schematron(compile_path(exemplar("tei_all")))
    assert len(schema.findall("{http://purl.oclc.org/dsdl/schematron}pattern")) > 50
    runner = SchematronRunner.from_schema(schema, "tei_all.sch")
    for path in sorted((REPO / "tei" / "documents").glob("*.xml")):
        assert [d for d in runner.run(stamp_lines(etree.parse(str(path))), path.name) if d.is_error] == []


# -- features of the processor --------------------------------------------------------


def test_modes_value_lists_and_attribute_changes(tmp_path: Path) -> None:
    path = odd(tmp_path, """
      <schemaSpec ident="t" start="TEI">
        <moduleRef key="tei"/><moduleRef key="header" include="teiHeader fileDesc titleStmt publicationStmt sourceDesc"/>
        <moduleRef key="core" include="p title list item hi"/>
        <moduleRef key="textstructure" include="TEI text body"/>
        <elementSpec ident="hi" mode="change">
          <attList><attDef ident="rend" mode="change" usage="req">
            <valList type="closed" mode="replace"><valItem ident="bold"/><valItem ident="italic"/></valList>
          </attDef></attList>
        </elementSpec>
        <elementSpec ident="list" mode="delete"/>
        <classSpec ident="att.global.responsibility" type="atts" mode="delete"/>
        <classSpec ident="att.global" type="atts" mode="change">
          <attList><attDef ident="xml:base" mode="delete"/></attList>
        </classSpec>
        <elementSpec ident="p" mode="change">
          <attList><attDef ident="n" mode="delete"/></attList>
        </elementSpec>
      </schemaSpec>""")
    schema = compile_path(path)
    assert "list" not in schema.elements and "item" in schema.elements
    grammar = etree.RelaxNG(write_rng(schema))
    assert grammar.validate(doc('<p>A <hi rend="bold">bold</hi> word.</p>'))
    assert not grammar.validate(doc('<p>A <hi rend="caps">bold</hi> word.</p>'))
    assert not grammar.validate(doc("<p>A <hi>bare</hi> word.</p>"))
    assert not grammar.validate(doc('<p resp="#x">responsibility is deleted</p>'))
    assert not grammar.validate(doc('<p xml:base="x">xml:base is deleted</p>'))
    assert not grammar.validate(doc('<p n="1">n is deleted on p only</p>'))
    assert grammar.validate(doc('<p>n stays on <title n="1">title</title></p>'))
    assert "att.global.responsibility" not in schema.att_classes


def test_spec_groups_selection_by_reference_and_expand(tmp_path: Path) -> None:
    path = odd(tmp_path, """
      <specGrp xml:id="extra"><elementSpec ident="title" mode="change">
        <content><classRef key="model.placeNamePart" expand="sequenceOptional"/></content>
      </elementSpec></specGrp>
      <schemaSpec ident="t" start="TEI">
        <moduleRef key="tei"/>
        <elementRef key="TEI"/><elementRef key="text"/><elementRef key="body"/><elementRef key="p"/>
        <elementRef key="teiHeader"/><elementRef key="fileDesc"/><elementRef key="titleStmt"/>
        <elementRef key="publicationStmt"/><elementRef key="sourceDesc"/><elementRef key="title"/>
        <elementRef key="country"/><elementRef key="settlement"/>
        <specGrpRef target="#extra"/>
      </schemaSpec>""")
    schema = compile_path(path)
    assert readable(schema.content("title")) == "(country?, settlement?)"
    grammar = etree.RelaxNG(write_rng(schema))
    header = "<title><country>A</country><settlement>B</settlement></title>"
    assert grammar.validate(doc("<p>x</p>").getroottree()) is False  # the title of the header now has no text
    good = etree.fromstring(etree.tostring(doc("<p>x</p>")).replace(b"<title>T</title>", header.encode()))
    assert grammar.validate(good)
    reversed_ = etree.fromstring(etree.tostring(good).replace(
        b"<country>A</country><settlement>B</settlement>", b"<settlement>B</settlement><country>A</country>"))
    assert not grammar.validate(reversed_)


def test_embedded_relax_ng_content_and_schema_level_constraints(tmp_path: Path) -> None:
    path = odd(tmp_path, """
      <schemaSpec ident="t" start="TEI">
        <moduleRef key="tei"/><moduleRef key="header" include="teiHeader fileDesc titleStmt publicationStmt sourceDesc"/>
        <moduleRef key="core" include="p title"/><moduleRef key="textstructure" include="TEI text body"/>
        <elementSpec ident="body" mode="change">
          <content><rng:oneOrMore><rng:ref name="p"/></rng:oneOrMore><rng:optional><rng:ref name="nowhere"/></rng:optional></content>
        </elementSpec>
        <constraintSpec ident="no-empty-p" scheme="schematron">
          <constraint><sch:rule context="tei:p"><sch:assert test="normalize-space()" role="warning">empty</sch:assert></sch:rule></constraint>
        </constraintSpec>
      </schemaSpec>""")
    schema = compile_path(path)
    grammar = etree.RelaxNG(write_rng(schema))
    assert grammar.validate(doc("<p>a</p><p>b</p>")) and not grammar.validate(doc(""))
    patterns = write_schematron(schema).findall("{http://purl.oclc.org/dsdl/schematron}pattern")
    assert [p.get("id") for p in patterns][-1] == "no-empty-p"


def test_chaining_compiles_the_source_odd_first(tmp_path: Path) -> None:
    odd(tmp_path, """
      <schemaSpec ident="parent" start="TEI">
        <moduleRef key="tei"/><moduleRef key="header" include="teiHeader fileDesc titleStmt publicationStmt sourceDesc"/>
        <moduleRef key="core" include="p title list item"/><moduleRef key="textstructure" include="TEI text body"/>
      </schemaSpec>""", name="parent.odd")
    child = odd(tmp_path, """
      <schemaSpec ident="child" source="parent.odd">
        <moduleRef key="tei"/><moduleRef key="header"/><moduleRef key="textstructure"/>
        <moduleRef key="core" except="list"/>
      </schemaSpec>""", name="child.odd")
    library, warnings, files = compile_library(child, p5subset())
    schema = build(library)
    assert [f.name for f in files] == ["child.odd", "parent.odd"]
    assert "item" in schema.elements and "list" not in schema.elements and "note" not in schema.elements
    assert schema.start == ["TEI"]


def test_pruning_leaves_no_unused_class_or_macro() -> None:
    schema = compile_path(exemplar("tei_bare"))
    used_classes = {p.key for e in schema.elements.values() for p in walk(e.content) if isinstance(p, ClassRef)}
    assert set(schema.model_classes) >= used_classes
    assert all(schema.class_elements[c] for c in schema.model_classes)
    assert "model.global.edit" not in schema.model_classes  # its members are not selected


def test_problems_in_an_odd_are_diagnostics_with_place(tmp_path: Path) -> None:
    bad_module = odd(tmp_path, '<schemaSpec ident="t"><moduleRef key="cor"/></schemaSpec>', name="bad.odd")
    with pytest.raises(EditionError) as raised:
        compile_library(bad_module, p5subset())
    problem = raised.value.diagnostics[0]
    assert problem.rule == "odd-unknown-module" and problem.line == 1 and "core" in problem.hint
    loop = odd(tmp_path, '<schemaSpec ident="t" source="loop.odd"/>', name="loop.odd")
    with pytest.raises(EditionError) as raised:
        compile_library(loop)
    assert raised.value.diagnostics[0].rule == "odd-source"
    (tmp_path / "none.odd").write_text(f'<TEI xmlns="{TEI}"/>', encoding="utf-8")
    with pytest.raises(EditionError) as raised:
        compile_library(tmp_path / "none.odd")
    assert raised.value.diagnostics[0].rule == "odd-no-schemaspec"
    changed = odd(tmp_path, '<schemaSpec ident="t"><moduleRef key="tei"/><elementSpec ident="p" mode="change"/>'
                            '</schemaSpec>', name="changed.odd")
    assert [w.rule for w in compile_library(changed, p5subset())[1]] == ["odd-change-unselected"]


def test_schematron_compiler_rules_lets_names_roles_ids_and_first_rule_wins() -> None:
    from toolkit.odd.schematron import SchematronRunner
    from toolkit.xslt import stamp_lines

    schema = etree.fromstring("""<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
      <sch:ns prefix="t" uri="urn:t"/>
      <sch:let name="limit" value="3"/>
      <sch:pattern id="items">
        <sch:let name="count" value="count(//t:item)"/>
        <sch:rule abstract="true" id="needs-n">
          <sch:assert test="@n" id="n-missing" role="warning" flag="soft">&lt;<sch:name/>&gt; needs @n</sch:assert>
        </sch:rule>
        <sch:rule context="t:item[@special]">
          <sch:report test="true()">special <sch:value-of select="@special"/></sch:report>
        </sch:rule>
        <sch:rule context="t:item">
          <sch:extends rule="needs-n"/>
          <sch:assert test="$count le $limit">too many items: <sch:value-of select="$count"/></sch:assert>
        </sch:rule>
      </sch:pattern>
      <sch:pattern id="numbers--2">
        <sch:rule context="@n"><sch:assert test=". castable as xs:integer" role="info">n is <sch:value-of select="."/></sch:assert></sch:rule>
      </sch:pattern>
    </sch:schema>""")
    document = etree.fromstring(b'<list xmlns="urn:t">\n<item n="1"/>\n<item special="yes"/>\n<item n="x"/>\n<item/>\n</list>')
    found = SchematronRunner.from_schema(schema, "test.sch").run(stamp_lines(document), "list.xml")
    assert sorted((d.line, d.rule, d.severity.value, d.message) for d in found) == [
        (2, "items", "error", "too many items: 4"),
        (3, "items", "error", "special yes"),
        (4, "items", "error", "too many items: 4"),
        (4, "numbers", "info", "n is x"),
        (5, "items", "error", "too many items: 4"),
        (5, "n-missing", "warning", "<item> needs @n"),
    ]
