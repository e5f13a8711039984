"""``edition init``: a new edition that validates and builds at once, anywhere."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest
from lxml import etree

from toolkit import config
from toolkit.xmlio import NS

from .conftest import run_edition


def init(target: Path, *extra: str, title: str = "Letters of a Test <&> Family") -> Path:
    result = run_edition("init", str(target), "--title", title, "--editor", "Ada Editor",
                         "--editor", "Ben Editor", *extra)
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One new edition for the tests that only read it."""
    return init(tmp_path_factory.mktemp("init") / "my-edition")


def test_init_creates_the_promised_layout(fresh: Path) -> None:
    for rel in ("edition.toml", ".gitignore", "README.md", "tei/edition.xml", "tei/bibliography.xml",
                "tei/registers/persons.xml", "tei/registers/places.xml", "tei/registers/organisations.xml",
                "tei/documents/d001.xml", "schema/edition.odd", "overrides/README.md"):
        assert (fresh / rel).is_file(), rel
    settings = config.load(fresh)
    assert settings.title == "Letters of a Test <&> Family"
    assert settings.get("edition", "editors") == ["Ada Editor", "Ben Editor"]
    header = etree.parse(str(fresh / "tei/edition.xml"))
    assert header.findtext(".//tei:titleStmt/tei:title", namespaces=NS) == "Letters of a Test <&> Family"
    assert [" ".join(e.itertext()) for e in header.findall(".//tei:titleStmt/tei:editor", NS)] == \
        ["Ada Editor", "Ben Editor"]


def test_edition_toml_shows_every_key_with_its_default(fresh: Path) -> None:
    text = (fresh / "edition.toml").read_text(encoding="utf-8")
    for table, keys in config.SCHEMA.items():
        assert f"[{table}]" in text
        for name, key in keys.items():
            assert f"# {key.doc}" in text and (f"{name} = " in text), name
    assert tomllib.loads(text)["edition"]["interface_language"] == "en"


def test_a_new_edition_validates_at_once(fresh: Path) -> None:
    result = run_edition("validate", cwd=fresh)
    assert result.exit_code == 0, result.output
    assert "error" not in result.output


def test_the_edition_is_found_upward_or_with_root(fresh: Path, tmp_path: Path) -> None:
    nested = fresh / "tei" / "documents"
    assert run_edition("validate", cwd=nested).exit_code == 0
    assert run_edition("validate", "--root", str(fresh), cwd=tmp_path).exit_code == 0
    outside = run_edition("validate", cwd=tmp_path)
    assert outside.exit_code == 2 and "not inside an edition" in outside.output
    wrong_root = run_edition("validate", "--root", str(fresh / "tei"), cwd=tmp_path)
    assert wrong_root.exit_code == 2 and "has no edition.toml" in wrong_root.output


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    target = tmp_path / "occupied"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_edition("init", str(target), "--title", "T", "--editor", "E")
    assert result.exit_code == 2
    assert "the folder is not empty; nothing was written" in result.output
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["occupied"]   # no staging folder left behind


def test_init_accepts_an_empty_folder_and_refuses_a_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    inode = empty.stat().st_ino
    result = run_edition("init", ".", "--title", "Here", "--editor", "E", cwd=empty)
    assert result.exit_code == 0, result.output
    assert (empty / "edition.toml").is_file() and (empty / "tei" / "documents" / "d001.xml").is_file()
    assert empty.stat().st_ino == inode, "the folder itself (perhaps the shell's current one) stays"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]
    a_file = tmp_path / "file"
    a_file.write_text("", encoding="utf-8")
    result = run_edition("init", str(a_file), "--title", "T", "--editor", "E")
    assert result.exit_code == 2 and "not a folder" in result.output


@pytest.mark.parametrize("args, message", [
    (["--title", " ", "--editor", "E"], "the title is empty"),
    (["--title", "T", "--editor", ""], "an editor's name is empty"),
    (["--title", "T", "--editor", "E", "--language", "not a tag"], "is not a language tag"),
    (["--title", "T", "--editor", "E", "--interface-language", "xx"], "has no translation"),
    (["--editor", "E"], "Missing option '--title'"),
    (["--title", "T", "--editor", "E", "--base-url", "example.org"], "is not the address of a site"),
])
def test_wrong_usage_exits_2_and_writes_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    result = run_edition("init", str(tmp_path / "e"), *args)
    assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "e").exists()


def test_interface_language_and_text_language_are_configured(tmp_path: Path) -> None:
    target = init(tmp_path / "de", "--language", "de", "--interface-language", "de")
    settings = config.load(target)
    assert (settings.get("edition", "language"), settings.get("edition", "interface_language")) == ("de", "de")
    header = etree.parse(str(target / "tei/edition.xml")).getroot()
    assert header.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"


def test_edition_new_adds_the_next_document(fresh: Path, tmp_path: Path) -> None:
    root = shutil.copytree(fresh, tmp_path / "copy")
    result = run_edition("new", "A second letter", "--date", "1901-02-03", cwd=root)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "tei/documents/d002.xml"
    assert run_edition("validate", cwd=root).exit_code == 0


def test_the_whole_chain_in_a_new_edition(tmp_path: Path) -> None:
    """init, new, validate, build html and pdf, export bagit: each exits 0 and writes what it should."""
    root = tmp_path / "letters"
    created = run_edition("init", str(root), "--title", "Letters of a Test <&> Family", "--editor", "Ada Editor",
                          "--base-url", "https://example.org/letters/", "--format", "json")
    assert created.exit_code == 0, created.output
    files = json.loads(created.stdout)["files"]
    assert {"edition.toml", "tei/documents/d001.xml", "schema/edition.rng", "schema/edition.sch"} <= set(files)
    assert sorted(files) == sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert config.load(root).get("edition", "base_url") == "https://example.org/letters/"
    assert (root / "schema" / "edition.rng").is_file() and (root / "schema" / "edition.sch").is_file()
    assert run_edition("schema", "--check", cwd=root).exit_code == 0, "the compiled schema is up to date"
    assert run_edition("new", "A telegram", "--date", "1901-02-03", "--type", "telegram", cwd=root).exit_code == 0
    validated = run_edition("validate", cwd=root / "tei")
    assert validated.exit_code == 0 and "7 files: no problems found" in validated.output
    built = run_edition("build", "html", "pdf", cwd=root)
    assert built.exit_code == 0, built.output
    site = root / "output" / "html"
    for page in ("index.html", "documents.html", "d001.html", "d002.html", "about.html", "bibliography.html"):
        assert (site / page).is_file(), page
    assert "Letters of a Test &lt;&amp;&gt; Family" in (site / "index.html").read_text(encoding="utf-8")
    for pdf in ("edition.pdf", "d001.pdf", "d002.pdf"):
        assert (root / "output" / "pdf" / pdf).read_bytes().startswith(b"%PDF-"), pdf
    exported = run_edition("export", "bagit", cwd=root)
    assert exported.exit_code == 0, exported.output
    bags = list((root / "output" / "export" / "bagit").glob("*/bagit.txt"))
    assert len(bags) == 1
    assert (bags[0].parent / "data" / "tei" / "documents" / "d002.xml").is_file()


def test_a_mistake_in_the_generated_edition_toml_names_its_line(fresh: Path, tmp_path: Path) -> None:
    root = shutil.copytree(fresh, tmp_path / "copy")
    path = root / "edition.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = lines.index('# bleed = false')
    lines[number] = 'bleed = "yes"'
    lines.insert(number + 1, 'bleeding = true')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_edition("validate", cwd=root)
    assert result.exit_code == 1
    assert f"edition.toml:{number + 1}:1: error: [pdf] bleed must be true or false" in result.output
    assert f"edition.toml:{number + 2}:1: error: unknown key 'bleeding' in [pdf]" in result.output
    assert "allowed keys: trim, bleed, pdfa" in result.output
