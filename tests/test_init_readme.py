"""The README documents every key of edition.toml with its default, as toolkit.config.SCHEMA declares it."""

from __future__ import annotations

from toolkit import config

from .conftest import REPO


def readme_table() -> str:
    """The table of the README's section on edition.toml, as written."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## edition.toml\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return "\n".join(rows) + "\n"


def test_the_readme_table_is_the_one_generated_from_schema() -> None:
    assert readme_table() == config.reference_table(), (
        "the README's edition.toml table differs from toolkit/config.py SCHEMA; paste the output of\n"
        "  .venv/bin/python -c 'from toolkit.config import reference_table; print(reference_table())'")


def test_the_table_names_every_key_with_its_default() -> None:
    table = config.reference_table()
    for table_name, keys in config.SCHEMA.items():
        for name, key in keys.items():
            row = next(line for line in table.splitlines() if line.startswith(f"| `[{table_name}]` `{name}` |"))
            assert f"`{config.toml_value(key.default)}`" in row and key.doc in row
