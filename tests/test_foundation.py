"""The foundation: hardened XML reading, the corpus model, the command line, `edition new`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolkit.corpus import Corpus, resolve_token
from toolkit.diagnostics import EditionError
from toolkit.newdoc import next_id
from toolkit.xmlio import parse_bytes, write_new

from .conftest import run_edition

TEI_HEAD = '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="{id}"><teiHeader/><text><body>{body}</body></text></TEI>'


def make_edition(root: Path, files: dict[str, str]) -> Path:
    (root / "edition.toml").write_text('[edition]\ntitle = "Test edition"\n', encoding="utf-8")
    for rel, text in files.items():
        path = root / "tei" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_malformed_xml_gives_path_line_col(tmp_path: Path) -> None:
    with pytest.raises(EditionError) as caught:
        parse_bytes(b"<TEI>\n  <p>unclosed\n</TEI>\n", "tei/documents/x.xml")
    diagnostic = caught.value.diagnostics[0]
    assert (diagnostic.path, diagnostic.line) == ("tei/documents/x.xml", 3)
    assert diagnostic.format().startswith("tei/documents/x.xml:3:")
    assert "error: malformed XML" in diagnostic.format()


@pytest.mark.parametrize("data, rule", [
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', "xml-doctype"),
    (b'<?xml version="1.0" encoding="ISO-8859-1"?><x>\xe9</x>', "xml-encoding"),
    (b"\xff\xfe<\x00x\x00/\x00>\x00", "xml-encoding"),
    (b"<x>\xc3\x28</x>", "xml-encoding"),
    (b"   ", "xml-wellformed"),
])
def test_hostile_or_broken_bytes_are_refused(data: bytes, rule: str) -> None:
    with pytest.raises(EditionError) as caught:
        parse_bytes(data, "f.xml")
    assert caught.value.diagnostics[0].rule == rule


def test_pointer_tokens_resolve_relative_to_their_file() -> None:
    assert resolve_token("tei/documents/d1.xml", "#p1") == ("tei/documents/d1.xml", "p1")
    assert resolve_token("tei/documents/d1.xml", "../registers/persons.xml#x") == ("tei/registers/persons.xml", "x")
    assert resolve_token("tei/documents/d1.xml", "https://example.org/#x") == ("", "")


def test_corpus_reports_duplicate_ids_and_broken_pointers(tmp_path: Path) -> None:
    root = make_edition(tmp_path, {
        "documents/d001.xml": TEI_HEAD.format(id="d001", body='<p xml:id="a"><persName ref="../registers/persons.xml#chicherim">C</persName></p>'),
        "documents/d002.xml": TEI_HEAD.format(id="d002", body='<p xml:id="a"/>'),
        "registers/persons.xml": TEI_HEAD.format(id="persons", body='<listPerson><person xml:id="chicherin"><persName>C</persName></person></listPerson>'),
    })
    result = run_edition("validate", "--format", "json", "--root", str(root))
    assert result.exit_code == 1
    found = json.loads(result.stdout)["diagnostics"]
    rules = {(d["path"], d["rule"]) for d in found}
    assert ("tei/documents/d002.xml", "id-unique") in rules
    broken = next(d for d in found if d["rule"] == "pointer-resolves")
    assert broken["path"] == "tei/documents/d001.xml" and broken["line"] == 1
    assert "chicherin" in broken["hint"]


def test_corpus_model_knows_documents_and_mentions(tmp_path: Path) -> None:
    header = ('<teiHeader><fileDesc><titleStmt><title type="main">A letter</title></titleStmt></fileDesc>'
              '<profileDesc><correspDesc><correspAction type="sent"><persName ref="../registers/persons.xml#x">'
              '<roleName>Minister</roleName>, A. X</persName><date notBefore="1920-07-03">Not earlier than July 3, 1920</date>'
              '</correspAction></correspDesc></profileDesc></teiHeader>')
    root = make_edition(tmp_path, {
        "documents/d001.xml": f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="d001">{header}<text type="letter"><body>'
                              '<p xml:id="d001-p1">To <persName ref="../registers/persons.xml#x">X</persName>.</p></body></text></TEI>',
        "registers/persons.xml": TEI_HEAD.format(id="persons", body='<listPerson><person xml:id="x"><persName type="main">X, A.</persName></person></listPerson>'),
    })
    corpus = Corpus.load(root, root / "tei")
    document = corpus.documents[0]
    assert (document.id, document.title, document.type) == ("d001", "A letter", "letter")
    assert document.date.iso == "1920-07-03/.." and document.date.year == "1920"
    assert document.senders[0].key == "x" and document.senders[0].office == "Minister"
    assert document.senders[0].name == "A. X"
    assert corpus.entries["x"].name == "X, A."
    mention = corpus.mentions_of("x")[0]
    assert (mention.document, mention.anchor, mention.text) == ("d001", "d001-p1", "X")


def test_malformed_file_in_edition_exits_1_with_one_line(tmp_path: Path) -> None:
    root = make_edition(tmp_path, {"documents/d001.xml": "<TEI>\n<p>\n</TEI>"})
    result = run_edition("validate", "--root", str(root))
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith("tei/documents/d001.xml:3:") and ": error: malformed XML" in first


def test_help_lists_every_subcommand_and_each_has_help() -> None:
    result = run_edition("--help")
    assert result.exit_code == 0
    commands = [line.split()[0] for line in result.stdout.split("Commands:")[1].strip().splitlines()]
    assert {"validate", "new", "build"} <= set(commands)
    for command in commands:
        sub = run_edition(command, "--help")
        assert sub.exit_code == 0 and "Usage: " in sub.stdout


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run_edition("validate", "--format", "yaml").exit_code == 2
    assert run_edition("validate", "--root", str(tmp_path)).exit_code == 2   # no edition.toml


def test_new_takes_the_next_free_id_and_never_overwrites(tmp_path: Path) -> None:
    root = make_edition(tmp_path, {"documents/d007.xml": TEI_HEAD.format(id="d007", body="<p/>")})
    result = run_edition("new", "A <new> & telegram", "--date", "1920-07-04", "--type", "telegram",
                         "--root", str(root))
    assert result.exit_code == 0, result.output
    created = root / "tei/documents/d008.xml"
    text = created.read_text(encoding="utf-8")
    assert 'xml:id="d008"' in text and "A &lt;new&gt; &amp; telegram" in text and 'when="1920-07-04"' in text
    assert '<text type="telegram">' in text
    second = run_edition("new", "Another", "--date", "1920-07-05", "--root", str(root))
    assert second.exit_code == 0 and (root / "tei/documents/d009.xml").is_file()
    assert created.read_text(encoding="utf-8") == text
    bad = run_edition("new", "Bad", "--date", "4 July 1920", "--root", str(root))
    assert bad.exit_code == 2 and "ISO date" in bad.stdout


def test_write_new_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "f.xml"
    target.write_bytes(b"mine")
    with pytest.raises(FileExistsError):
        write_new(target, b"theirs")
    assert target.read_bytes() == b"mine"


def test_next_id() -> None:
    assert next_id({"d001", "d007", "x12"}) == "d008"
    assert next_id(set()) == "d001"


def test_long_work_shows_progress_on_a_terminal_only() -> None:
    import io

    from rich.console import Console

    from toolkit.parallel import parallel_map
    from toolkit.console import Reporter

    reporter = Reporter().activate()
    shown = io.StringIO()
    reporter.err = Console(file=shown, force_terminal=True, width=100)
    assert list(parallel_map(lambda _, n: n * 2, [1, 2, 3], jobs=1, description="writing pages")) == [2, 4, 6]
    assert "writing pages" in shown.getvalue() and "3/3" in shown.getvalue()
    quiet = io.StringIO()
    reporter.err = Console(file=quiet, force_terminal=False)
    assert list(parallel_map(lambda _, n: n, [1], jobs=1, description="writing pages")) == [1]
    assert quiet.getvalue() == ""
