"""The edition configuration: ``edition.toml`` at the root of an edition folder.

The file is read with the standard library's TOML reader and checked against
the declared structure below (:data:`SCHEMA`), which is also the documentation
of every key and its default.  Unknown keys and wrong types are reported as
``edition.toml:line: error: ...`` with the keys allowed at that place.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .diagnostics import Diagnostic, EditionError, error

CONFIG_NAME = "edition.toml"


@dataclass(frozen=True)
class Key:
    type: type | tuple[type, ...]
    default: Any
    doc: str


#: Every table and key ``edition.toml`` may hold, with its type, default and meaning.
SCHEMA: dict[str, dict[str, Key]] = {
    "edition": {
        "title": Key(str, "Untitled edition", "Title of the edition"),
        "short_title": Key(str, "", "Short title for running heads and the site header (default: the title)"),
        "editors": Key(list, [], "Names of the editors of the digital edition"),
        "publisher": Key(str, "", "Publisher of the edition"),
        "licence": Key(str, "CC-BY-4.0", "SPDX identifier of the licence of the edition"),
        "licence_url": Key(str, "https://creativecommons.org/licenses/by/4.0/", "Address of the licence text"),
        "base_url": Key(str, "", "Public address of the HTML edition, ending in / (used for stable URLs)"),
        "language": Key(str, "en", "Language of the edition's texts (BCP 47)"),
        "interface_language": Key(str, "en", "Language of the interface labels: en or de"),
        "date": Key(str, "", "Date of this version of the edition, ISO 8601 (default: from the edition header)"),
        "doi": Key(str, "", "DOI of the edition, without https://doi.org/"),
        "keywords": Key(list, [], "Keywords for metadata and exports"),
    },
    "contact": {
        "name": Key(str, "", "Contact person or office for the edition"),
        "email": Key(str, "", "Contact e-mail address"),
    },
    "paths": {
        "sources": Key(str, "tei", "Folder of the TEI sources"),
        "schema": Key(str, "schema", "Folder of the edition's ODD and compiled schemas"),
        "output": Key(str, "output", "Folder the builds write into"),
        "overrides": Key(str, "overrides", "Folder of XSLT, CSS, template and label overrides"),
    },
    "pdf": {
        "trim": Key(str, "170x240mm", "Trim size of the printed volume, width x height"),
        "bleed": Key(bool, False, "Add 3 mm bleed and crop marks for the printer"),
        "pdfa": Key(bool, True, "Write PDF/A-2b for archiving"),
        "volume": Key(bool, True, "Typeset the whole edition as one volume"),
        "documents": Key(bool, True, "Typeset one PDF per document"),
        "volume_documents": Key(int, 0, "Put only the first N documents (in chronological order) in the volume; "
                                        "0: all of them"),
    },
    "html": {
        "register_page_entries": Key(int, 250, "Above this many entries a register is shown as an index and a page "
                                               "per initial letter; 0: always on one page"),
    },
    "search": {
        "filters": Key(list, ["type", "sender", "recipient", "year"],
                       "Filters offered by the full-text search"),
    },
    "oai": {
        "repository_name": Key(str, "", "Name of the OAI-PMH repository (default: the title)"),
        "admin_email": Key(str, "", "Administrator address announced by Identify (default: contact email)"),
    },
}


@dataclass
class Config:
    """The checked configuration of one edition."""

    root: Path
    values: dict[str, dict[str, Any]] = field(default_factory=dict)

    def get(self, table: str, key: str) -> Any:
        return self.values.get(table, {}).get(key, SCHEMA[table][key].default)

    @property
    def title(self) -> str:
        return self.get("edition", "title")

    @property
    def sources(self) -> Path:
        return self.root / self.get("paths", "sources")

    @property
    def schema_dir(self) -> Path:
        return self.root / self.get("paths", "schema")

    @property
    def output(self) -> Path:
        return self.root / self.get("paths", "output")

    @property
    def overrides(self) -> Path:
        return self.root / self.get("paths", "overrides")


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds ``edition.toml``, as git finds ``.git``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def _key_lines(text: str) -> dict[tuple[str, str], int]:
    """Line numbers of ``[table]`` headers (key "") and of ``key =`` lines, for diagnostics."""
    lines: dict[tuple[str, str], int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        header = re.match(r"^\[\s*([A-Za-z0-9_.-]+)\s*\]", stripped)
        if header:
            table = header.group(1)
            lines.setdefault((table, ""), number)
            continue
        key = re.match(r"^([A-Za-z0-9_-]+)\s*=", stripped)
        if key:
            lines.setdefault((table, key.group(1)), number)
    return lines


def _type_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "a string", bool: "true or false", list: "a list", int: "a whole number", dict: "a table"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _suggest(word: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(word, allowed, n=1)
    return f"did you mean {close[0]!r}? " if close else ""


def check(data: dict[str, Any], text: str, shown: str) -> list[Diagnostic]:
    """Every way ``data`` departs from :data:`SCHEMA`."""
    lines = _key_lines(text)
    problems: list[Diagnostic] = []
    for table, content in data.items():
        if table not in SCHEMA:
            problems.append(error(shown, f"unknown table [{table}]", line=lines.get((table, ""), 1),
                                  rule="config-unknown",
                                  hint=f"{_suggest(table, list(SCHEMA))}allowed tables: "
                                       + ", ".join(f"[{t}]" for t in SCHEMA)))
            continue
        if not isinstance(content, dict):
            problems.append(error(shown, f"{table} must be a table ([{table}])", line=lines.get(("", table), 1),
                                  rule="config-type"))
            continue
        for key, value in content.items():
            spec = SCHEMA[table].get(key)
            line = lines.get((table, key), lines.get((table, ""), 1))
            if spec is None:
                allowed = list(SCHEMA[table])
                problems.append(error(shown, f"unknown key {key!r} in [{table}]", line=line, rule="config-unknown",
                                      hint=f"{_suggest(key, allowed)}allowed keys: " + ", ".join(allowed)))
            elif not isinstance(value, spec.type) or (spec.type is not bool and isinstance(value, bool)):
                problems.append(error(shown, f"[{table}] {key} must be {_type_name(spec.type)}, "
                                             f"not {type(value).__name__}", line=line, rule="config-type",
                                      hint=f"{key}: {spec.doc}"))
            elif spec.type is list and not all(isinstance(item, str) for item in value):
                problems.append(error(shown, f"[{table}] {key} must be a list of strings", line=line,
                                      rule="config-type", hint=f"{key}: {spec.doc}"))
    problems.extend(_check_values(data, lines, shown))
    return problems


def _check_values(data: dict[str, Any], lines: dict[tuple[str, str], int], shown: str) -> list[Diagnostic]:
    problems = []
    trim = data.get("pdf", {}).get("trim")
    if isinstance(trim, str) and not parse_trim(trim):
        problems.append(error(shown, f"[pdf] trim {trim!r} is not a size", line=lines.get(("pdf", "trim"), 1),
                              rule="config-value", hint='write width x height in mm, e.g. "170x240mm"'))
    language = data.get("edition", {}).get("interface_language")
    if isinstance(language, str) and language not in INTERFACE_LANGUAGES:
        problems.append(error(shown, f"[edition] interface_language {language!r} has no translation",
                              line=lines.get(("edition", "interface_language"), 1), rule="config-value",
                              hint="available: " + ", ".join(INTERFACE_LANGUAGES)))
    problems.extend(_check_paths(data.get("paths", {}), lines, shown))
    return problems


def _check_paths(paths: Any, lines: dict[tuple[str, str], int], shown: str) -> list[Diagnostic]:
    """Every folder lies inside the edition, and builds never write into the sources.

    An edition from elsewhere must not make a build read or replace folders
    outside it (``output = "../../public_html"``), nor make exports land among
    the sources they are made from.
    """
    if not isinstance(paths, dict):
        return []
    problems = []
    folders = {}
    for key, value in paths.items():
        if not isinstance(value, str) or key not in SCHEMA["paths"]:
            continue
        folder = PurePosixPath(value.replace("\\", "/"))
        if not value.strip() or folder.is_absolute() or ".." in folder.parts or folder == PurePosixPath("."):
            problems.append(error(shown, f"[paths] {key} {value!r} is not a folder inside the edition",
                                  line=lines.get(("paths", key), 1), rule="config-value",
                                  hint="give a relative path below the edition folder, e.g. "
                                       f"{SCHEMA['paths'][key].default!r}"))
        else:
            folders[key] = folder
    output = folders.get("output", PurePosixPath(SCHEMA["paths"]["output"].default))
    sources = folders.get("sources", PurePosixPath(SCHEMA["paths"]["sources"].default))
    if output == sources or output.is_relative_to(sources) or sources.is_relative_to(output):
        problems.append(error(shown, f"[paths] output {str(output)!r} and sources {str(sources)!r} overlap",
                              line=lines.get(("paths", "output"), lines.get(("paths", ""), 1)),
                              rule="config-value", hint="builds replace the output folder: keep it apart "
                                                        "from the sources"))
    return problems


INTERFACE_LANGUAGES = ("en", "de")


def toml_value(value: Any) -> str:
    """A value written as TOML: strings as basic strings (JSON escapes are TOML escapes), lists, booleans."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def reference_table() -> str:
    """The Markdown table of every key with its type, default and meaning, as the README shows it."""
    rows = ["| key | type | default | meaning |", "| --- | --- | --- | --- |"]
    for table, keys in SCHEMA.items():
        for name, key in keys.items():
            kind = _type_name(key.type) + (" of strings" if key.type is list else "")
            rows.append(f"| `[{table}]` `{name}` | {kind} | `{toml_value(key.default)}` | {key.doc} |")
    return "\n".join(rows) + "\n"


def parse_trim(trim: str) -> tuple[float, float] | None:
    """``"170x240mm"`` -> ``(170.0, 240.0)`` millimetres, or None."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*mm\s*", trim)
    return (float(match.group(1)), float(match.group(2))) if match else None


def load(root: Path) -> Config:
    """Read and check ``root/edition.toml``; raise :class:`EditionError` listing every problem."""
    path = root / CONFIG_NAME
    shown = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EditionError(error(shown, "no edition.toml here", rule="config-missing",
                                 hint="run the command inside an edition folder, pass --root, "
                                      "or create one with 'edition init'")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EditionError(error(shown, f"cannot read the file: {exc}", rule="config-syntax")) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise EditionError(error(shown, f"not valid TOML: {message}", line=line, col=col, rule="config-syntax",
                                 hint='strings need quotes, e.g. title = "My edition"')) from None
    problems = check(data, text, shown)
    if problems:
        raise EditionError(*problems)
    return Config(root=root, values=data)
