"""The benchmark's generator, floor and harness (the benchmark itself runs with ``make bench``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from toolkit.bench import measure
from toolkit.bench.floor import floor
from toolkit.bench.generate import generate
from toolkit.bench.harness import Bench, Options, Results, Row, targets
from toolkit.xmlio import NS

from .conftest import run_edition


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("bench") / "edition", documents=30, seed=7).root


def test_generation_is_deterministic(small: Path, tmp_path: Path) -> None:
    again = generate(tmp_path / "again", documents=30, seed=7).root
    files = sorted(p.relative_to(small) for p in (small / "tei").rglob("*.xml"))
    assert len(files) == 30 + 5
    assert all((small / rel).read_bytes() == (again / rel).read_bytes() for rel in files)
    other = generate(tmp_path / "other", documents=30, seed=8).root
    first = Path("tei/documents/d00001.xml")
    assert (other / first).read_bytes() != (small / first).read_bytes()


def test_generating_again_rewrites_nothing(small: Path) -> None:
    before = {p: p.stat().st_ino for p in (small / "tei").rglob("*.xml")}
    generate(small, documents=30, seed=7)
    assert {p: p.stat().st_ino for p in (small / "tei").rglob("*.xml")} == before


def test_generated_edition_is_valid(small: Path) -> None:
    result = run_edition("validate", "--root", str(small), "--format", "json")
    report = json.loads(result.output)
    assert report["summary"] == {"errors": 0, "warnings": 0}, report["diagnostics"][:5]
    assert result.exit_code == 0


def test_generated_documents_use_the_markup_of_the_conventions(small: Path) -> None:
    used: set[str] = set()
    sizes = []
    for path in (small / "tei" / "documents").glob("*.xml"):
        sizes.append(path.stat().st_size)
        used |= {etree.QName(e).localname for e in etree.parse(str(path)).iter() if isinstance(e.tag, str)}
    assert {"msDesc", "altIdentifier", "objectDesc", "correspAction", "docTitle", "docDate", "opener", "closer",
            "signed", "list", "label", "item", "quote", "note", "gap", "emph", "choice", "sic", "corr", "pb", "fw",
            "persName", "placeName", "orgName", "roleName", "sp", "speaker", "head", "unclear", "supplied", "add",
            "del"} <= used
    assert min(sizes) >= 1_500 and max(sizes) <= 48_000


def test_generated_registers_have_the_promised_sizes(small: Path) -> None:
    counts = {name: len(etree.parse(str(small / "tei" / "registers" / f"{name}.xml")).findall(f".//tei:{tag}", NS))
              for name, tag in (("persons", "person"), ("places", "place"), ("organisations", "org"))}
    assert counts == {"persons": 3000, "places": 1000, "organisations": 500}


def test_floor_reads_and_writes_every_file(small: Path, tmp_path: Path) -> None:
    done = floor(small / "tei", tmp_path / "floor")
    assert done["files"] == 35
    assert etree.parse(str(tmp_path / "floor" / "documents" / "d00001.xml")).getroot().get(
        "{http://www.w3.org/XML/1998/namespace}id") == "d00001"


def test_measure_reports_time_and_memory_of_the_process_tree() -> None:
    import sys

    code = "import subprocess, sys; b = bytearray(80 * 2**20); " \
           "subprocess.run([sys.executable, '-c', 'b = bytearray(40 * 2**20)'])"
    result = measure.run([sys.executable, "-c", code])
    assert result.returncode == 0
    assert result.max_rss >= 80 * 2**20
    assert result.peak_total >= 80 * 2**20
    assert result.seconds > 0


def test_harness_runs_the_selected_steps_and_writes_results(tmp_path: Path) -> None:
    options = Options(documents=12, seed=3, workdir=tmp_path, steps=("floor", "validate"))
    results = Bench(options, lambda _: None).run()
    rows = {row.name: row for row in results.rows}
    assert rows["floor"].status == "ok" and rows["validate"].status == "ok", rows
    assert rows["html"].status == "skipped"
    runs = [float(t) for t in rows["floor"].note.removeprefix("fastest of 3 runs: ").removesuffix(" s").split(", ")]
    assert len(runs) == 3 and f"{rows['floor'].seconds:.2f}" == f"{min(runs):.2f}"
    data = results.to_json()
    assert data["cores"] >= 1 and data["rows"][0]["ratio_to_floor"] == 1.0
    assert [t.what for t in results.targets][0].startswith("validate + build html")
    # the edits of the rebuild steps are put back
    assert generate(tmp_path / "edition", 12, 3).documents == 12
    assert not list((tmp_path / "edition" / "tei").rglob("*.tmp"))


def test_targets_are_checked_against_the_figures_of_the_run() -> None:
    """Each target holds or not by the row it reads; memory in GB of 10^9 bytes, as the issue writes it."""
    results = Results(documents=10, seed=1, edition_bytes=0, cores=2, machine={})
    results.rows = [Row("floor", "floor", 10, seconds=2.0), Row("validate", "validate", 10, seconds=6.0),
                    Row("html", "html", 10, seconds=9.0, peak_total=1_450 * 2**20),      # 1.52 × 10^9 bytes
                    Row("html-nothing", "nothing", 10, seconds=1.5), Row("html-document", "one", 1, seconds=0.5)]
    found = {t.what: (t.value, t.holds) for t in targets(results)}
    assert found["validate + build html, from nothing"] == ("7.50 × floor", True)
    assert found["rebuild, nothing changed"] == ("0.75 × floor", True)
    assert found["rebuild, one document changed"] == ("0.50 s", True)
    assert found["peak memory of the html build"] == ("1.52 GB", False)
    assert found["PDF per document"] == ("not measured", None)
