"""The encoded edition holds every word of its source, and each document has the header it needs.

The seed (``../shared/seed/``) is the plain text of the web page from which the
seven documents were transcribed.  It is cut into the documents at their
headings, and each piece must equal, word for word after whitespace
normalisation, the reading text that :func:`toolkit.text.plain_text` gives for
the TEI file.  The page's decorative icons are not text and are ignored.
"""

from __future__ import annotations

import difflib
import re

import pytest
from lxml import etree

from toolkit.corpus import Corpus
from toolkit.text import plain_text
from toolkit.xmlio import NS

from .conftest import REPO, shared_path

SEED = ("seed", "000_f9dcebae1dbd10da.txt")
DOCUMENTS = REPO / "tei" / "documents"

#: The first line of each document's heading in the seed, in the order of the page.  Two
#: telegrams share a first line; each heading is searched after the previous one.
HEADINGS = {
    "d001": "Letter from the People’s Commissar for Foreign Affairs of the RSFSR, G. Chicherin, to V. Lenin",
    "d002": "Extract from the Minutes of the Politburo of the Central Committee of the RCP(b)",
    "d003": "Telegram from Commander-in-Chief S. Kamenev to the Command of the Caucasus Front",
    "d004": "Telegram from the Head of the Armenian Delegation in Moscow",
    "d005": "Telegram from People’s Commissar for Foreign Affairs of the RSFSR, G. Chicherin",
    "d006": "Telegram from People’s Commissar for Foreign Affairs of the RSFSR, G. Chicherin",
    "d007": "Telegram from G. Ordzhonikidze, Member of the Caucasus Bureau",
}

#: Where the last document ends: the collection's attribution line follows it.
END = "Yuri Barsegov “Nagorno-Karabakh in International Law and Global Politics”"

ICONS = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F]")


def words(text: str) -> str:
    return " ".join(ICONS.sub(" ", text).split())


def seed_documents() -> dict[str, str]:
    """The seed's text of each document, from its heading to the next heading (or the attribution)."""
    seed = shared_path(*SEED).read_text(encoding="utf-8")
    starts = []
    position = 0
    for doc_id, heading in HEADINGS.items():
        position = seed.find(heading, position)
        assert position >= 0, f"heading of {doc_id} not found in the seed: {heading!r}"
        starts.append((doc_id, position))
        position += len(heading)
    end = seed.find(END, position)
    assert end >= 0, "the attribution line after the last document is missing from the seed"
    bounds = [start for _, start in starts[1:]] + [end]
    return {doc_id: seed[start:stop] for (doc_id, start), stop in zip(starts, bounds)}


@pytest.fixture(scope="module")
def seed_texts() -> dict[str, str]:
    return seed_documents()


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus.load(REPO, REPO / "tei")


def test_seed_splits_into_seven_documents(seed_texts: dict[str, str]) -> None:
    assert list(seed_texts) == [f"d00{n}" for n in range(1, 8)]
    assert words(seed_texts["d001"]).startswith(HEADINGS["d001"])
    assert words(seed_texts["d007"]).endswith("p. 131. 469")
    assert "Read Also" not in seed_texts["d007"] and "Artatsolum" not in seed_texts["d007"]


@pytest.mark.parametrize("doc_id", list(HEADINGS))
def test_plain_text_equals_the_seed(doc_id: str, seed_texts: dict[str, str]) -> None:
    expected = words(seed_texts[doc_id])
    actual = words(plain_text(etree.parse(str(DOCUMENTS / f"{doc_id}.xml"))))
    if actual != expected:
        diff = "\n".join(difflib.unified_diff(expected.split(" "), actual.split(" "), "seed", "tei", lineterm="", n=3))
        pytest.fail(f"{doc_id}: the reading text differs from the seed\n{diff}")


def test_every_document_has_its_header_parts(corpus: Corpus) -> None:
    assert [d.id for d in corpus.documents] == [f"d00{n}" for n in range(1, 8)], "chronological order"
    for document in corpus.documents:
        root = corpus.files[document.rel].root
        assert document.type in ("letter", "minutes", "telegram"), document.id
        assert document.title and document.summary, document.id
        assert document.senders and all(s.key for s in document.senders), document.id
        assert document.date.iso, document.id
        witnesses = root.findall("tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:msDesc", NS)
        assert witnesses, f"{document.id}: no witness"
        for witness in witnesses:
            assert witness.find("tei:msIdentifier/tei:repository", NS) is not None, document.id
            assert witness.find("tei:msIdentifier/tei:idno", NS) is not None, document.id
        notes = root.findall("tei:teiHeader/tei:fileDesc/tei:notesStmt/tei:note[@type='source']", NS)
        assert len(notes) == 1 and "".join(notes[0].itertext()).strip(), f"{document.id}: source note"
        collection = root.findall("tei:teiHeader//tei:sourceDesc/tei:bibl[@type='collection']/tei:ptr", NS)
        assert [p.get("target") for p in collection] == ["../bibliography.xml#barsegov-nk"], document.id


def test_dates_and_references_as_the_source_gives_them(corpus: Corpus) -> None:
    dates = {d.id: d.date.iso for d in corpus.documents}
    assert dates == {"d001": "1920-06-29", "d002": "1920-06-30", "d003": "1920-07-01", "d004": "1920-07-01",
                     "d005": "1920-07-02", "d006": "1920-07-03", "d007": "1920-07-03/.."}
    references = {d.id: d.references for d in corpus.documents if d.references}
    assert references == {"d002": ["No. 24"], "d003": ["HP 3751/op/726/Sh"]}


def test_the_corpus_reads_the_parties(corpus: Corpus) -> None:
    d003 = corpus.document("d003")
    assert [(a.key, a.office) for a in d003.senders] == [
        ("kamenev", "Commander-in-Chief"), ("kursky", "Member of the Revolutionary Military Council"),
        ("lebedev", "Chief of Staff of the RVSR")]
    assert [(a.key, a.kind) for a in d003.recipients] == [("caucasus-front", "org")]
    d001 = corpus.document("d001")
    assert (d001.senders[0].name, d001.senders[0].office) == (
        "G. Chicherin", "People’s Commissar for Foreign Affairs of the RSFSR")
    assert [p.key for p in corpus.document("d004").places] == ["moscow", "georgia"]


def test_every_mention_resolves_to_a_register_entry(corpus: Corpus) -> None:
    for source in corpus.files.values():
        if source.kind != "document":
            continue
        for element in source.root.find("tei:text", NS).iter(
                *(f"{{{NS['tei']}}}{name}" for name in ("persName", "placeName", "orgName", "rs"))):
            ref = element.get("ref")
            assert ref, f"{source.rel}:{element.sourceline}: mention without @ref"
            assert ref.split("#")[1] in corpus.entries, f"{source.rel}:{element.sourceline}: {ref}"


@pytest.mark.slow
def test_valid_against_tei_all() -> None:
    """Every file of the edition is valid against the official tei_all schema (loads in about 17 s)."""
    schema = etree.RelaxNG(etree.parse(str(shared_path("external", "tei-p5", "tei_all.rng"))))
    problems = []
    for path in sorted((REPO / "tei").rglob("*.xml")):
        if not schema.validate(etree.parse(str(path))):
            problems += [f"{path.relative_to(REPO)}:{e.line}: {e.message}" for e in schema.error_log]
    assert not problems, "\n".join(problems)
