"""edition.toml: declared structure, clear errors, upward discovery."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit import config
from toolkit.diagnostics import EditionError

from .conftest import run_edition


def test_unknown_key_and_wrong_type_name_line_and_allowed_keys(tmp_path: Path) -> None:
    (tmp_path / "edition.toml").write_text(
        '[edition]\ntitle = "T"\ntitel = "typo"\n\n[pdf]\nbleed = "yes"\n', encoding="utf-8")
    with pytest.raises(EditionError) as caught:
        config.load(tmp_path)
    lines = [d.format() for d in caught.value.diagnostics]
    assert lines[0].startswith("edition.toml:3:1: error: unknown key 'titel' in [edition]")
    assert "did you mean 'title'?" in lines[0] and "allowed keys:" in lines[0]
    assert lines[1].startswith("edition.toml:6:1: error: [pdf] bleed must be true or false")


def test_syntax_error_has_line(tmp_path: Path) -> None:
    (tmp_path / "edition.toml").write_text('[edition]\ntitle = unquoted\n', encoding="utf-8")
    with pytest.raises(EditionError) as caught:
        config.load(tmp_path)
    assert caught.value.diagnostics[0].line == 2


def test_defaults_and_values(tmp_path: Path) -> None:
    (tmp_path / "edition.toml").write_text('[pdf]\ntrim = "148x210mm"\n', encoding="utf-8")
    loaded = config.load(tmp_path)
    assert loaded.get("pdf", "trim") == "148x210mm" and config.parse_trim("148x210mm") == (148.0, 210.0)
    assert loaded.get("edition", "interface_language") == "en"
    assert loaded.sources == tmp_path / "tei"


def test_edition_is_found_upward_from_the_current_folder(tmp_path: Path) -> None:
    (tmp_path / "edition.toml").write_text('[edition]\ntitle = "T"\n', encoding="utf-8")
    nested = tmp_path / "tei" / "documents"
    nested.mkdir(parents=True)
    assert config.find_root(nested) == tmp_path.resolve()
    result = run_edition("validate", cwd=nested)
    assert result.exit_code == 0, result.output


def test_broken_config_exits_1_with_diagnostic(tmp_path: Path) -> None:
    (tmp_path / "edition.toml").write_text('[paths]\nsource = "tei"\n', encoding="utf-8")
    result = run_edition("validate", "--root", str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout.startswith("edition.toml:2:1: error: unknown key 'source' in [paths]")
