"""``edition export``: every format, checked with the official validators on real output.

The schemas are the official ones in ../shared/external (TEI ``tei_all``, CMIF,
DataCite 4.6, OAI-PMH with ``oai_dc``); tests that need them skip with the
reason when ../shared is absent.  The toolkit itself never reads ../shared.
"""

from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path

import bagit
import pytest
import xmlschema
from lxml import etree

from toolkit.edition import open_edition
from toolkit.exchange import cff
from toolkit.exchange.metadata import edition_meta
from toolkit.exchange.oai import repository, respond

from .conftest import EXTERNAL, copy_edition, run_edition, shared_path

TEI = "{http://www.tei-c.org/ns/1.0}"
NS = {"tei": "http://www.tei-c.org/ns/1.0"}
CONTACT = '\n[contact]\nname = "Editorial office"\nemail = "edition@example.org"\n'


# -- official validators, each loaded once per test session -------------------------

@functools.cache
def _tei_all() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(EXTERNAL / "tei-p5" / "tei_all.rng")))


def tei_all() -> etree.RelaxNG:
    shared_path("external", "tei-p5", "tei_all.rng")
    return _tei_all()


@functools.cache
def _xsd(*names: str) -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10([str(EXTERNAL / n) for n in names] if len(names) > 1 else str(EXTERNAL / names[0]),
                                 allow="sandbox")


def xsd(*names: str) -> xmlschema.XMLSchema10:
    for name in names:
        shared_path("external", name)
    return _xsd(*names)


def oai_schema() -> xmlschema.XMLSchema10:
    return xsd("oai-pmh/OAI-PMH.xsd", "oai-pmh/oai_dc.xsd")


def xsd_errors(schema: xmlschema.XMLSchema10, data: bytes | Path) -> list[str]:
    source = str(data) if isinstance(data, Path) else xmlschema.XMLResource(data.decode("utf-8"), allow="all")
    return [str(e.reason) for e in schema.iter_errors(source)]


def rng_errors(schema: etree.RelaxNG, path: Path) -> list[str]:
    ok = schema.validate(etree.parse(str(path)))
    return [] if ok else [f"{e.line}: {e.message}" for e in schema.error_log]


def schematron_failures(sch_path: Path, document: Path) -> list[tuple[str, int, str]]:
    """(severity, line, message) of every failed assertion and successful report of the Schematron,
    compiled to XSLT and run with Saxon by the toolkit's Schematron runner."""
    from toolkit.odd.schematron import SchematronRunner
    from toolkit.xslt import stamp_lines

    runner = SchematronRunner.from_schema(etree.parse(str(sch_path)).getroot(), name=sch_path.name)
    found = runner.run(stamp_lines(etree.parse(str(document))), document.name)
    return [(d.severity.value, d.line, d.message) for d in found]


# -- the edition under test -------------------------------------------------------

@pytest.fixture
def edition(edition_copy: Path) -> Path:
    """A copy of the edition with a contact address (OAI-PMH and bag-info need one) and prebuilt outputs."""
    if not any((edition_copy / "tei" / "documents").glob("*.xml")):
        pytest.skip("the edition has no documents yet")
    with open(edition_copy / "edition.toml", "a", encoding="utf-8") as handle:
        handle.write(CONTACT)
    for target, name, data in (("html", "index.html", b"<!DOCTYPE html><title>x</title>\n"),
                               ("pdf", "edition.pdf", b"%PDF-1.7\n%fake\n")):
        (edition_copy / "output" / target).mkdir(parents=True)
        (edition_copy / "output" / target / name).write_bytes(data)
    return edition_copy


def export(root: Path, fmt: str, *extra: str) -> Path:
    result = run_edition("export", fmt, "--root", str(root), *extra)
    assert result.exit_code == 0, result.output
    return root / "output" / "export" / fmt


# -- tei --------------------------------------------------------------------------

def test_tei_export_holds_the_sources_and_a_tei_all_valid_corpus(edition: Path) -> None:
    out = export(edition, "tei")
    documents = sorted((out / "tei" / "documents").glob("*.xml"))
    assert [p.name for p in documents] == sorted(p.name for p in (edition / "tei" / "documents").glob("*.xml"))
    schema = tei_all()
    for path in [*documents, out / "corpus.xml"]:
        assert rng_errors(schema, path) == [], path
    corpus = etree.parse(str(out / "corpus.xml")).getroot()
    assert corpus.tag == f"{TEI}teiCorpus"
    members = corpus.findall(f"{TEI}TEI")
    assert {m.get("{http://www.w3.org/XML/1998/namespace}id") for m in members} >= {p.stem for p in documents}
    assert corpus.find(".//tei:listPerson", NS) is not None and corpus.find(".//tei:listBibl", NS) is not None
    ids = set(corpus.xpath("//@xml:id"))
    local = [t for v in corpus.xpath("//@ref | //@target | //@resp | //@who") for t in v.split() if "#" in t
             and not t.startswith(("http:", "https:"))]
    assert local and all(t.startswith("#") and t[1:] in ids for t in local)


def test_exported_documents_are_valid_against_the_edition_schema(edition: Path) -> None:
    from toolkit.schema import validator_for

    validator = validator_for(edition)                         # the edition's ODD, or the toolkit's base schema
    documents = sorted((export(edition, "tei") / "tei" / "documents").glob("*.xml"))
    assert documents
    for path in documents:
        assert validator.check(etree.parse(str(path)), path.name) == [], path


# -- cmif -------------------------------------------------------------------------

def test_cmif_is_valid_against_the_official_schema_and_schematron(edition: Path) -> None:
    shared_path("external", "cmif")
    result = run_edition("export", "cmif", "--root", str(edition))
    assert result.exit_code == 0, result.output
    cmif = edition / "output" / "export" / "cmif" / "cmif.xml"
    rng = etree.RelaxNG(etree.parse(str(EXTERNAL / "cmif" / "cmi-customization.rng")))
    assert rng_errors(rng, cmif) == []
    assert schematron_failures(EXTERNAL / "cmif" / "cmif.sch", cmif) == []
    broken = edition / "broken-cmif.xml"                         # the Schematron really runs: it sees breakage
    tree = etree.parse(str(cmif))
    first = tree.find(".//tei:correspDesc", NS)
    first.remove(first.find("tei:correspAction[@type='received']", NS))
    for name in ("when", "notBefore", "notAfter"):
        first.find(".//tei:date", NS).attrib.pop(name, None)
    tree.write(str(broken))
    codes = {m.split("]")[0].lstrip("[") for _, _, m in schematron_failures(EXTERNAL / "cmif" / "cmif.sch", broken)}
    assert codes == {"E0002", "E0004"}

    corpus = open_edition(edition).corpus
    letters = [d for d in corpus.documents if d.type in ("letter", "telegram")]
    descs = etree.parse(str(cmif)).findall(".//tei:correspDesc", NS)
    assert [d.get("key") for d in descs] == [d.id for d in letters]
    assert "minutes" in {d.type for d in corpus.documents} and len(descs) < len(corpus.documents)
    for desc, document in zip(descs, letters):
        date = desc.find("tei:correspAction[@type='sent']/tei:date", NS)
        assert (date.get("when", ""), date.get("notBefore", ""), date.get("notAfter", "")) == \
            (document.date.when, document.date.not_before, document.date.not_after)
        assert desc.get("ref").startswith("https://") and desc.get("source").startswith("#")
    header = etree.parse(str(cmif)).find(".//tei:publicationStmt", NS)
    assert header.findtext("tei:idno[@type='url']", namespaces=NS).endswith("/cmif.xml")
    bibl = etree.parse(str(cmif)).find(".//tei:sourceDesc/tei:bibl[@type='online']", NS)
    assert bibl.find("tei:ref", NS).get("target") == open_edition(edition).config.get("edition", "base_url")
    # Every letter whose parties have no authority identifier is named in a warning.
    unmatched = {d.get("key") for d in descs if d.xpath("tei:correspAction/*[not(self::tei:date)][not(@ref)]",
                                                        namespaces=NS)}
    assert unmatched
    for doc_id in unmatched:
        assert f"documents/{doc_id}.xml" in result.output and "correspSearch cannot match" in result.output


def test_cmif_refs_are_authority_uris_from_the_registers(edition: Path) -> None:
    persons = edition / "tei" / "registers" / "persons.xml"
    tree = etree.parse(str(persons))
    corpus = open_edition(edition).corpus
    letter = next(d for d in corpus.documents if d.type == "letter")
    sender = letter.senders[0].key
    person = next(p for p in tree.iter(f"{TEI}person") if p.get("{http://www.w3.org/XML/1998/namespace}id") == sender)
    for idno in person.findall(f"{TEI}idno"):
        person.remove(idno)
    idno = etree.SubElement(person, f"{TEI}idno", type="gnd")
    idno.text = "118640445"
    tree.write(str(persons), encoding="UTF-8", xml_declaration=True)
    result = run_edition("export", "cmif", "--root", str(edition))
    assert result.exit_code == 0, result.output
    cmif = etree.parse(str(edition / "output" / "export" / "cmif" / "cmif.xml"))
    refs = cmif.xpath(f"//tei:correspDesc[@key='{letter.id}']/tei:correspAction[@type='sent']/tei:persName/@ref",
                      namespaces=NS)
    assert refs == ["https://d-nb.info/gnd/118640445"]


# -- dc, datacite -------------------------------------------------------------------

def test_dc_records_are_valid_oai_dc(edition: Path) -> None:
    schema = xsd("oai-pmh/oai_dc.xsd")
    out = export(edition, "dc")
    corpus = open_edition(edition).corpus
    records = sorted(out.glob("*.xml"))
    assert [p.stem for p in records] == sorted(d.id for d in corpus.documents)
    for path in records:
        assert xsd_errors(schema, path) == [], path
        record = etree.parse(str(path))
        document = corpus.document(path.stem)
        assert record.findtext("{http://purl.org/dc/elements/1.1/}title") == document.title
        assert record.findtext("{http://purl.org/dc/elements/1.1/}date") == document.date.iso


@pytest.mark.parametrize("doi", ["", "10.5281/zenodo.1234567"])
def test_datacite_is_valid_against_kernel_4_6(edition: Path, doi: str) -> None:
    schema = xsd("datacite-4.6/metadata.xsd")
    if doi:
        config = edition / "edition.toml"
        config.write_text(config.read_text("utf-8").replace("[edition]\n", f'[edition]\ndoi = "{doi}"\n', 1), "utf-8")
    result = run_edition("export", "datacite", "--root", str(edition))
    assert result.exit_code == 0, result.output
    path = edition / "output" / "export" / "datacite" / "datacite.xml"
    assert xsd_errors(schema, path) == []
    identifier = etree.parse(str(path)).find("{http://datacite.org/schema/kernel-4}identifier")
    base_url = open_edition(edition).config.get("edition", "base_url")
    assert (identifier.get("identifierType"), identifier.text) == (("DOI", doi) if doi else ("URL", base_url))
    assert ("doi is not set" in result.output) == (not doi)


# -- oai ----------------------------------------------------------------------------

def test_static_oai_responses_are_valid(edition: Path) -> None:
    schema = oai_schema()
    out = export(edition, "oai")
    corpus = open_edition(edition).corpus
    names = {p.relative_to(out).as_posix() for p in out.rglob("*.xml")}
    assert {"Identify.xml", "ListMetadataFormats.xml", "ListSets.xml", "ListIdentifiers.xml",
            "ListRecords.xml"} <= names
    assert {f"GetRecord/{d.id}.xml" for d in corpus.documents} <= names
    for name in sorted(names):
        assert xsd_errors(schema, out / name) == [], name
    records = etree.parse(str(out / "ListRecords.xml")).findall(".//{http://www.openarchives.org/OAI/2.0/}record")
    assert len(records) == len(corpus.documents)


@pytest.mark.parametrize("query, code", [
    ("verb=Identify", None),
    ("verb=ListMetadataFormats", None),
    ("verb=ListSets", None),
    ("verb=ListIdentifiers&metadataPrefix=oai_dc", None),
    ("verb=ListRecords&metadataPrefix=oai_dc&set=telegram", None),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2000-01-01&until=2999-12-31", None),
    ("verb=GetRecord&identifier=oai:example.org:d001&metadataPrefix=oai_dc", None),
    ("", "badVerb"),
    ("verb=Harvest", "badVerb"),
    ("verb=Identify&verb=Identify", "badVerb"),
    ("verb=Identify&set=x", "badArgument"),
    ("verb=ListRecords", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01T00:00:00Z", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2021-02-30", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2022-01-01&until=2021-01-01", "badArgument"),
    ("verb=GetRecord&identifier=oai:example.org:d001", "badArgument"),
    ("verb=ListRecords&resumptionToken=x", "badResumptionToken"),
    ("verb=ListRecords&metadataPrefix=marcxml", "cannotDisseminateFormat"),
    ("verb=GetRecord&identifier=oai:example.org:d001&metadataPrefix=mods", "cannotDisseminateFormat"),
    ("verb=GetRecord&identifier=oai:example.org:nothing&metadataPrefix=oai_dc", "idDoesNotExist"),
    ("verb=ListMetadataFormats&identifier=oai:example.org:nothing", "idDoesNotExist"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2999-01-01", "noRecordsMatch"),
    ("verb=ListIdentifiers&metadataPrefix=oai_dc&set=treaty", "noRecordsMatch"),
])
def test_responder_answers_and_errors_are_valid_oai_pmh(edition: Path, query: str, code: str | None) -> None:
    schema = oai_schema()
    repo = repository(open_edition(edition))
    response = respond(repo, query, "2026-01-02T03:04:05Z")
    assert xsd_errors(schema, response) == []
    root = etree.fromstring(response)
    errors = root.findall("{http://www.openarchives.org/OAI/2.0/}error")
    assert [e.get("code") for e in errors] == ([code] if code else [])
    request = root.find("{http://www.openarchives.org/OAI/2.0/}request")
    if code in ("badVerb", "badArgument"):
        assert dict(request.attrib) == {}
    assert respond(repo, query, "2026-01-02T03:04:05Z") == response


def test_endpoint_answers_get_and_post_at_oai_only(edition: Path, tmp_path: Path) -> None:
    from toolkit.exchange.oai import Endpoint

    endpoint = Endpoint.of(open_edition(edition))
    status, kind, body = endpoint.answer("GET", "/oai?verb=Identify", b"", "http://127.0.0.1:8000/oai")
    assert (status, kind) == (200, "text/xml; charset=utf-8") and xsd_errors(oai_schema(), body) == []
    assert b"<baseURL>http://127.0.0.1:8000/oai</baseURL>" in body
    posted = endpoint.answer("POST", "/oai", b"verb=ListRecords&metadataPrefix=oai_dc", "http://x/oai")[2]
    assert b"<ListRecords>" in posted and xsd_errors(oai_schema(), posted) == []
    assert endpoint.answer("GET", "/d001.html", b"", "http://x/oai") is None
    bare = copy_edition(tmp_path / "bare")                     # no [contact]: no OAI-PMH, and it says why
    assert "email" not in (bare / "edition.toml").read_text("utf-8")
    status, _, body = Endpoint.of(open_edition(bare)).answer("GET", "/oai?verb=Identify", b"", "http://x")
    assert status == 503 and b"[contact]" in body


def test_edition_serve_answers_harvesters_at_oai(edition: Path) -> None:
    import urllib.error
    import urllib.request

    from toolkit.console import Reporter
    from toolkit.serve import Preview

    preview = Preview(edition, 0, Reporter(quiet=True))
    preview.start()
    try:
        base = preview.url.rstrip("/")
        with urllib.request.urlopen(f"{base}/oai?verb=ListRecords&metadataPrefix=oai_dc", timeout=30) as answer:
            assert answer.headers["Content-Type"] == "text/xml; charset=utf-8"
            body = answer.read()
        assert xsd_errors(oai_schema(), body) == []
        assert body.count(b"<record>") == len(open_edition(edition).corpus.documents)
        posted = urllib.request.Request(f"{base}/oai", data=b"verb=Identify", method="POST")
        with urllib.request.urlopen(posted, timeout=30) as answer:
            assert f"<baseURL>{base}/oai</baseURL>".encode() in answer.read()
        with urllib.request.urlopen(f"{base}/oai?verb=Nonsense", timeout=30) as answer:
            assert b'code="badVerb"' in answer.read()
        with urllib.request.urlopen(f"{base}/index.html", timeout=30) as answer:
            assert answer.status == 200                          # the site is still served beside /oai
    finally:
        preview.stop()


# -- bagit --------------------------------------------------------------------------

def test_bag_is_complete_valid_and_carries_valid_metadata(edition: Path) -> None:
    out = export(edition, "bagit")
    bags = [p for p in out.iterdir() if p.is_dir()]
    assert len(bags) == 1
    bag_dir = bags[0]
    bag = bagit.Bag(str(bag_dir))
    bag.validate(fast=False)                                     # every checksum, not only the counts
    assert set(bag.algorithms) == {"sha256", "sha512"}
    assert {p.name for p in bag_dir.glob("tagmanifest-*.txt")} == {"tagmanifest-sha256.txt", "tagmanifest-sha512.txt"}
    assert bag.version_info == (0, 97)
    for field in ("Source-Organization", "Contact-Name", "Contact-Email", "External-Description", "Bagging-Date",
                  "Bag-Software-Agent", "Payload-Oxum"):
        assert bag.info.get(field), field
    meta = edition_meta(open_edition(edition))
    assert bag.info["Bagging-Date"] == meta.date
    data = bag_dir / "data"
    for part in ("tei/edition.xml", "tei/bibliography.xml", "corpus.xml", "html/index.html", "pdf/edition.pdf",
                 "metadata/datacite.xml", "metadata/cmif.xml", ".zenodo.json", "CITATION.cff"):
        assert (data / part).is_file(), part
    assert sorted(p.name for p in (data / "tei" / "documents").glob("*.xml")) == \
        sorted(p.name for p in (edition / "tei" / "documents").glob("*.xml"))
    if (edition / "schema").is_dir() and any((edition / "schema").iterdir()):
        assert any((data / "schema").iterdir())
    if (EXTERNAL / "datacite-4.6").is_dir():
        assert xsd_errors(xsd("datacite-4.6/metadata.xsd"), data / "metadata" / "datacite.xml") == []
        dc = xsd("oai-pmh/oai_dc.xsd")
        records = sorted((data / "metadata" / "dc").glob("*.xml"))
        assert len(records) == len(meta.documents)
        for record in records:
            assert xsd_errors(dc, record) == [], record
    assert (out / f"{bag_dir.name}.zip").is_file()


def test_bag_builds_html_and_pdf_when_output_lacks_them(edition: Path) -> None:
    from toolkit.build import BUILDERS

    if not {"html", "pdf"} <= set(BUILDERS):
        pytest.skip("the html and pdf builders are not registered")
    shutil.rmtree(edition / "output")
    data = next(p for p in export(edition, "bagit").iterdir() if p.is_dir()) / "data"
    assert (data / "html" / "index.html").is_file() and (data / "html" / "d001.html").is_file()
    assert list((data / "pdf").rglob("*.pdf"))
    assert (data / "html" / "index.html").read_bytes() == (edition / "output" / "html" / "index.html").read_bytes()


def test_bag_without_a_contact_is_made_with_a_warning(edition: Path) -> None:
    config = edition / "edition.toml"
    config.write_text(config.read_text("utf-8").replace(CONTACT, ""), "utf-8")
    result = run_edition("export", "bagit", "--root", str(edition))
    assert result.exit_code == 0 and "[bag-contact]" in result.output
    info = next((edition / "output" / "export" / "bagit").glob("*/bag-info.txt")).read_text("utf-8")
    assert "Contact-Email" not in info and "Source-Organization" in info


def test_zenodo_metadata_uses_zenodo_vocabularies(edition: Path) -> None:
    data = json.loads((export(edition, "bagit").glob("*/data/.zenodo.json").__next__()).read_text("utf-8"))
    assert data["upload_type"] == "dataset" and data["access_right"] == "open"
    assert data["license"] == "CC-BY-4.0" and data["title"] and data["description"]
    assert data["creators"] and all(c["name"] for c in data["creators"])
    assert len(data["publication_date"]) == 10 and data["keywords"]
    relations = {r["relation"] for r in data["related_identifiers"]}
    assert relations <= {"isAlternateIdentifier", "hasPart"} and all(r["scheme"] == "url"
                                                                        for r in data["related_identifiers"])


def test_citation_cff_is_valid_cff_1_2_0(edition: Path) -> None:
    cffconvert = pytest.importorskip("cffconvert", reason="cffconvert (the CFF validator) is a test dependency")
    text = next(export(edition, "bagit").glob("*/data/CITATION.cff")).read_text("utf-8")
    citation = cffconvert.Citation(text)
    citation.validate()
    assert citation.cffobj["cff-version"] == "1.2.0"
    assert citation.cffobj["title"] == edition_meta(open_edition(edition)).title


def test_yaml_writer_quotes_every_scalar() -> None:
    assert cff.to_yaml({"a": "no", "b": ["1", {"c": "x: y"}]}) == 'a: "no"\nb:\n  - "1"\n  - c: "x: y"'


def test_exports_are_byte_identical_for_the_same_sources(edition: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")     # 2026-01-01
    first = {fmt: _snapshot(export(edition, fmt)) for fmt in ("tei", "cmif", "dc", "datacite", "oai", "bagit")}
    shutil.rmtree(edition / "output" / "export")
    second = {fmt: _snapshot(export(edition, fmt)) for fmt in first}
    assert first == second
    assert "Bagging-Date: 2026-01-01" in next(iter(
        v for k, v in first["bagit"].items() if k.endswith("bag-info.txt"))).decode()


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- safety -------------------------------------------------------------------------

def test_an_invalid_edition_is_not_exported(edition: Path) -> None:
    document = next((edition / "tei" / "documents").glob("*.xml"))
    document.write_text(document.read_text("utf-8").replace("../registers/persons.xml#", "../registers/persons.xml#x-"),
                        "utf-8")
    result = run_edition("export", "dc", "--root", str(edition))
    assert result.exit_code == 1
    assert "pointer-resolves" in result.output
    assert not (edition / "output" / "export" / "dc").exists()


def test_output_never_replaces_a_folder_that_is_not_an_export(edition: Path, tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work", "utf-8")
    result = run_edition("export", "dc", "--root", str(edition), "--output", str(precious))
    assert result.exit_code == 2 and "not an earlier 'dc' export" in result.output
    assert (precious / "thesis.txt").read_text("utf-8") == "years of work"
    inside = run_edition("export", "dc", "--root", str(edition), "--output", str(edition / "tei" / "records"))
    assert inside.exit_code == 2 and "would be written into tei" in inside.output
    assert not (edition / "tei" / "records").exists()
    target = tmp_path / "records"
    assert run_edition("export", "dc", "--root", str(edition), "--output", str(target)).exit_code == 0
    assert run_edition("export", "dc", "--root", str(edition), "--output", str(target)).exit_code == 0
    assert sorted(target.glob("*.xml"))


def test_unknown_format_is_a_usage_error(edition: Path) -> None:
    result = run_edition("export", "marc", "--root", str(edition))
    assert result.exit_code == 2 and "bagit" in result.output
