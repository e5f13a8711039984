"""``edition import``: reports on TEI made elsewhere, adopts what conforms, refuses damaged bags, round-trips."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import asdict
from pathlib import Path

import pytest
from lxml import etree

from toolkit.corpus import Corpus
from toolkit.edition import open_edition
from toolkit.exchange.importer import Registers, authority_keys, normalise_name, rename_id
from toolkit.text import plain_text

from .conftest import EXTERNAL, run_edition, shared_path
from .test_export import edition, export  # noqa: F401  (the fixture of an exportable edition copy)

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML = "http://www.w3.org/XML/1998/namespace"
SAMPLE = 20


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def import_(root: Path, source: Path, *extra: str) -> tuple[int, str]:
    result = run_edition("import", str(source), "--root", str(root), *extra)
    return result.exit_code, result.output


@pytest.fixture
def schnitzler_sample(tmp_path: Path) -> Path:
    """Every twentieth of the real Schnitzler letters (20 files), with the registers they come with."""
    editions = shared_path("external", "schnitzler-briefe", "editions")
    sample = tmp_path / "schnitzler" / "editions"
    sample.mkdir(parents=True)
    for path in sorted(editions.glob("*.xml"))[::len(list(editions.glob("*.xml"))) // SAMPLE][:SAMPLE]:
        shutil.copy2(path, sample / path.name)
    shutil.copytree(EXTERNAL / "schnitzler-briefe" / "indices", sample.parent / "indices")
    return sample.parent


# -- real TEI from elsewhere ---------------------------------------------------------

def test_report_on_real_letters_is_grouped_counted_and_changes_nothing(edition_copy: Path,
                                                                        schnitzler_sample: Path) -> None:
    before, source = digests(edition_copy / "tei"), digests(schnitzler_sample)
    code, output = import_(edition_copy, schnitzler_sample)
    assert code == 1
    lines = output.splitlines()
    assert f"{SAMPLE} documents in {schnitzler_sample}" in output
    groups = [line for line in lines if " × " in line]
    assert groups and all("(first at schnitzler/editions/L" in line for line in groups)
    counts = [int(line.split(" × ")[0]) for line in groups]
    assert counts == sorted(counts, reverse=True) and sum(counts) >= SAMPLE
    assert sum(line.startswith("not adopted: schnitzler/editions/L") for line in lines) + \
        sum(line.startswith("conforms, would be adopted") for line in lines) == SAMPLE
    assert digests(edition_copy / "tei") == before and digests(schnitzler_sample) == source


def test_adopt_takes_only_what_conforms_and_leaves_the_edition_valid(edition_copy: Path,
                                                                     schnitzler_sample: Path) -> None:
    documents = edition_copy / "tei" / "documents"
    existing = {p.name for p in documents.glob("*.xml")}
    result = run_edition("import", str(schnitzler_sample), "--root", str(edition_copy), "--adopt", "--format", "json")
    report = json.loads(result.output)
    conforming = [d for d in report["documents"] if d["conforms"]]
    assert len(report["documents"]) == SAMPLE
    assert {p.name for p in documents.glob("*.xml")} - existing == {f"{d['id']}.xml" for d in conforming}
    assert all(d["problems"] for d in report["documents"] if not d["conforms"])
    assert result.exit_code == (0 if len(conforming) == SAMPLE else 1)
    assert run_edition("validate", "--root", str(edition_copy)).exit_code == 0


# -- the round trip ---------------------------------------------------------------------

def fresh_edition(root: Path) -> Path:
    """An empty edition: ``edition init`` without its example document, registers without entries."""
    result = run_edition("init", str(root), "--title", "Empty edition", "--editor", "Doe, Jane")
    assert result.exit_code == 0, result.output
    for example in root.glob("tei/documents/*.xml"):
        example.unlink()
    assert run_edition("validate", "--root", str(root)).exit_code == 0
    return root


def metadata(corpus: Corpus) -> list[dict]:
    """What the corpus model says about each document, with its text."""
    return [{**asdict(d), "rel": d.rel.split("/", 1)[1], "text": plain_text(corpus.files[d.rel].tree)}
            for d in corpus.documents]


def test_round_trip_through_a_bag_gives_the_same_documents(edition: Path, tmp_path: Path) -> None:  # noqa: F811
    bag = next(p for p in export(edition, "bagit").iterdir() if p.is_dir())
    target = fresh_edition(tmp_path / "empty")
    code, output = import_(target, bag, "--adopt")
    assert code == 0, output
    original, imported = open_edition(edition).corpus, open_edition(target).corpus
    assert metadata(imported) == metadata(original)
    for document in original.documents:
        assert (target / document.rel).read_bytes() == (edition / document.rel).read_bytes(), document.rel
    assert run_edition("validate", "--root", str(target)).exit_code == 0
    names = {e.id: e.name for e in original.entries.values() if e.kind in ("person", "place", "org")}
    assert {e.id: e.name for e in imported.entries.values() if e.id in names} == names


def test_importing_a_document_again_merges_without_duplicates(edition_copy: Path) -> None:
    source = edition_copy.parent / "source"
    shutil.copytree(edition_copy / "tei", source / "tei")
    registers = digests(edition_copy / "tei" / "registers")
    code, output = import_(edition_copy, source / "tei" / "documents" / "d001.xml", "--adopt")
    assert code == 0, output
    assert "0 new entries" in output and "matched existing entries" in output
    assert digests(edition_copy / "tei" / "registers") == registers
    corpus = open_edition(edition_copy).corpus
    new = corpus.document("d008")
    assert new is not None and new.title == corpus.document("d001").title
    assert plain_text(corpus.files[new.rel].tree) == plain_text(corpus.files[corpus.document("d001").rel].tree)
    ids = corpus.ids[new.rel]
    assert "d008" in ids and not any(i.startswith("d001") for i in ids)
    assert run_edition("validate", "--root", str(edition_copy)).exit_code == 0


def test_a_person_known_by_another_name_is_matched_by_authority_identifier(edition_copy: Path) -> None:
    corpus = open_edition(edition_copy).corpus
    letter = next(d for d in corpus.documents if d.type == "letter")
    sender = letter.senders[0].key
    ours = edition_copy / "tei" / "registers" / "persons.xml"
    ours.write_text(ours.read_text("utf-8").replace(
        f'xml:id="{sender}">', f'xml:id="{sender}"><idno type="gnd">118520520</idno>', 1), "utf-8")
    assert run_edition("validate", "--root", str(edition_copy)).exit_code == 0
    source = edition_copy.parent / "elsewhere"                   # the same letter, its sender under another id
    shutil.copytree(edition_copy / "tei", source)
    theirs = source / "registers" / "persons.xml"
    tree = etree.parse(str(theirs))
    person = next(p for p in tree.iter(f"{{{TEI_NS}}}person") if p.get(f"{{{XML}}}id") == sender)
    person.set(f"{{{XML}}}id", "someone-else")
    for name in person.findall(f"{{{TEI_NS}}}persName"):
        person.remove(name)
    person.insert(0, etree.fromstring(f'<persName xmlns="{TEI_NS}" type="main">Tschitscherin, Georgi</persName>'))
    for idno in person.findall(f"{{{TEI_NS}}}idno"):
        idno.text = "https://d-nb.info/gnd/118520520"
    tree.write(str(theirs), encoding="UTF-8", xml_declaration=True)
    document = source / letter.rel.split("/", 1)[1]
    document.write_text(document.read_text("utf-8").replace(f"persons.xml#{sender}\"", "persons.xml#someone-else\""),
                        "utf-8")
    registers = digests(edition_copy / "tei" / "registers")
    code, output = import_(edition_copy, document, "--adopt")
    assert code == 0, output
    assert "0 new entries" in output and digests(edition_copy / "tei" / "registers") == registers
    imported = open_edition(edition_copy).corpus.document("d008")
    assert imported.senders[0].key == sender


def test_a_damaged_bag_is_refused_naming_file_algorithm_and_checksums(edition: Path) -> None:  # noqa: F811
    bag = next(p for p in export(edition, "bagit").iterdir() if p.is_dir())
    damaged = bag / "data" / "tei" / "documents" / "d002.xml"
    damaged.write_bytes(damaged.read_bytes().replace(b"</TEI>", b"<!-- changed --></TEI>"))
    before = digests(edition / "tei")
    code, output = import_(edition, bag, "--adopt")
    assert code == 1
    assert "d002.xml" in output and "sha256 checksum mismatch" in output
    assert "expected" in output and "found" in output
    assert digests(edition / "tei") == before


def test_a_document_that_does_not_conform_is_named_with_the_reason(edition_copy: Path, tmp_path: Path) -> None:
    letter = tmp_path / "letter.xml"
    letter.write_text(f'<TEI xmlns="{TEI_NS}" xml:id="x1"><teiHeader><fileDesc><titleStmt><title>T</title>'
                      "</titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>"
                      '</teiHeader><text><body><p xml:id="x1-p1"><persName ref="people.xml#nobody">N</persName>'
                      "</p></body></text></TEI>", "utf-8")
    before = digests(edition_copy / "tei")
    code, output = import_(edition_copy, letter, "--adopt")
    assert code == 1
    assert "letter.xml: 1 problem" in output
    assert "@ref on <persName> leads to a file that is not in the source" in output
    assert digests(edition_copy / "tei") == before


def test_when_the_result_would_be_invalid_nothing_is_adopted(edition_copy: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import toolkit.exchange.importer as importer
    from toolkit.diagnostics import error

    def failing(corpus: Corpus, only=None):  # the registers would not be valid after the merge
        return [error("tei/registers/persons.xml", "invented problem", line=1, rule="test")] \
            if any(".import-" in str(f.path) for f in corpus.files.values()) else []

    monkeypatch.setattr(importer, "validate", failing)
    source = edition_copy.parent / "source"
    shutil.copytree(edition_copy / "tei", source / "tei")
    before = digests(edition_copy / "tei")
    code, output = import_(edition_copy, source / "tei" / "documents" / "d002.xml", "--adopt")
    assert code == 1 and "invented problem" in output
    assert digests(edition_copy / "tei") == before
    assert not list(edition_copy.glob(".import-*"))


# -- the pieces -------------------------------------------------------------------------

def test_names_and_authority_identifiers_normalise() -> None:
    assert normalise_name("Schnitzler, Arthur") == normalise_name("Arthur  SCHNITZLER") == "arthur schnitzler"
    assert normalise_name("Bécs") == normalise_name("Becs")
    person = etree.fromstring(f'<person xmlns="{TEI_NS}"><idno type="gnd">https://d-nb.info/gnd/118609807/</idno>'
                              '<idno type="URL" subtype="wikidata">http://www.wikidata.org/entity/Q44331</idno>'
                              '<idno type="viaf">12345</idno></person>')
    assert authority_keys(person) == {("gnd", "118609807"), ("wikidata", "Q44331"), ("viaf", "12345")}


def test_registers_match_by_authority_first_then_by_name(tmp_path: Path) -> None:
    registers = tmp_path / "registers"
    registers.mkdir()
    (registers / "persons.xml").write_text(
        f'<TEI xmlns="{TEI_NS}"><text><body><listPerson>'
        '<person xml:id="as"><persName type="main">Schnitzler, Arthur</persName><idno type="gnd">118609807</idno>'
        '</person><person xml:id="other"><persName type="main">Mamroth, Fedor</persName></person>'
        "</listPerson></body></text></TEI>", "utf-8")
    merged = Registers(tmp_path, {"as", "other"})

    def person(body: str) -> etree._Element:
        return etree.fromstring(f'<person xmlns="{TEI_NS}">{body}</person>')

    by_gnd = person('<persName>Anyone</persName><idno type="gnd">https://d-nb.info/gnd/118609807</idno>')
    assert merged.match("person", by_gnd) == "as"
    assert merged.match("person", person("<persName><forename>Fedor</forename> <surname>Mamroth</surname>"
                                         "</persName>")) == "other"
    assert merged.match("person", person("<persName>Mamroth, Paul</persName>")) is None
    assert merged.fresh("as") == "as-2" and merged.fresh("pmb50") == "pmb50" and merged.fresh("d012") != "d012"


def test_ids_inside_a_document_follow_its_new_id() -> None:
    assert rename_id("d001", "d001", "d008") == "d008"
    assert rename_id("d001-p3", "d001", "d008") == "d008-p3"
    assert rename_id("K_L00001-1", "L00001", "d009") == "d009-K_L00001-1"
