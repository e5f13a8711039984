"""``edition init``: start a new edition from the skeleton the toolkit ships.

The skeleton (``resources/new-edition/``) is a small complete edition: the
edition header, empty registers, a bibliography, one example document, an ODD
that chains onto the toolkit's base ODD, an ``overrides/`` folder that
explains itself, a ``.gitignore`` and a README for the edition's editors.  Its
XML files are filled through lxml (a placeholder is a whole text or attribute
value), never by string substitution, so a title with ``<`` or ``&`` cannot
break them.  ``edition.toml`` is written from :data:`toolkit.config.SCHEMA`:
it names every key with its meaning and default, and cannot drift from what
the toolkit reads.

The edition is assembled in a hidden folder (beside the target, or inside it
when it is an existing empty folder) and renamed into place when complete, so
a failed ``init`` leaves nothing half-made.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import shutil
import tempfile
import tomllib
from pathlib import Path
from typing import Any, Iterable, Iterator

from lxml import etree

from .build.facts import LABELS_NS, labels_path
from .config import CONFIG_NAME, INTERFACE_LANGUAGES, SCHEMA, toml_value
from .diagnostics import Diagnostic, EditionError, error
from .newdoc import fill_placeholders
from .resources import resource
from .schema import SchemaSet, build_schema
from .xmlio import XML_NS, parse_file, serialize, write_new

SKELETON = ("new-edition",)

#: Skeleton files stored under another name: a package cannot reliably ship dot-files.
RENAMED = {"gitignore": ".gitignore"}

#: Placeholders in the skeleton's XML files, repeated once per editor.
EDITOR, EDITOR_ID = "EDITOR", "EDITOR-ID"

LANGUAGE_PATTERN = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
URL_PATTERN = re.compile(r"^https?://[^\s/?#]+(/[^\s?#]*)?/$")


def skeleton_files() -> Iterator[tuple[Path, str]]:
    """Every file of the skeleton with the path it gets in the new edition."""
    base = resource(*SKELETON)
    for path in sorted(base.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            rel = path.relative_to(base)
            yield path, rel.with_name(RENAMED.get(rel.name, rel.name)).as_posix()


def check_arguments(title: str, editors: list[str], language: str, interface_language: str,
                    base_url: str) -> None:
    problems = []
    if not title.strip():
        problems.append(error("edition init", "the title is empty", rule="usage",
                              hint='give the title of the edition in quotes: --title "Letters of ..."'))
    if not editors or not all(name.strip() for name in editors):
        problems.append(error("edition init", "an editor's name is empty", rule="usage",
                              hint='name each editor with --editor "Name" (repeat for several)'))
    if not LANGUAGE_PATTERN.match(language):
        problems.append(error("edition init", f"--language {language!r} is not a language tag", rule="usage",
                              hint="use a BCP 47 tag such as en, de or fr"))
    if interface_language not in INTERFACE_LANGUAGES:
        problems.append(error("edition init", f"--interface-language {interface_language!r} has no translation",
                              rule="usage", hint="available: " + ", ".join(INTERFACE_LANGUAGES)))
    if base_url and not URL_PATTERN.match(base_url):
        problems.append(error("edition init", f"--base-url {base_url!r} is not the address of a site", rule="usage",
                              hint="give the public address of the HTML edition, e.g. https://example.org/letters/"))
    if problems:
        raise EditionError(*problems)


def check_target(target: Path) -> None:
    """The new edition's folder must not exist yet, or be empty: init never overwrites."""
    if target.exists() and not target.is_dir():
        raise EditionError(error(str(target), "this is a file, not a folder", rule="usage",
                                 hint="name a new folder for the edition"))
    if target.is_dir() and any(target.iterdir()):
        raise EditionError(error(str(target), "the folder is not empty; nothing was written", rule="usage",
                                 hint="name a new or empty folder: edition init never overwrites files"))


def fill(tree: etree._ElementTree, values: dict[str, str], editors: list[str]) -> etree._ElementTree:
    """Repeat the editor elements once per editor, then replace the placeholders."""
    for element in list(tree.getroot().iter()):
        if isinstance(element.tag, str) and element.text == EDITOR:
            _repeat_for_editors(element, editors)
    return fill_placeholders(tree, values)


def _repeat_for_editors(element: etree._Element, editors: list[str]) -> None:
    """The element (or the ancestor carrying the editor id) once per editor, ids editor1, editor2, ..."""
    holder = next((e for e in (element, *element.iterancestors()) if e.get(f"{{{XML_NS}}}id") == EDITOR_ID),
                  element)
    previous = holder.getprevious()
    indent = previous.tail if previous is not None else holder.getparent().text
    for number, name in enumerate(editors, start=1):
        clone = copy.deepcopy(holder) if number < len(editors) else holder
        if clone is not holder:
            holder.addprevious(clone)
            clone.tail = indent
        if clone.get(f"{{{XML_NS}}}id") == EDITOR_ID:
            clone.set(f"{{{XML_NS}}}id", f"editor{number}")
        for node in clone.iter():
            if node.text == EDITOR:
                node.text = name


def language_name(language: str, interface_language: str) -> str:
    """The name of a language in the interface language, from the toolkit's labels; else its tag."""
    labels = parse_file(labels_path(interface_language)).getroot()
    name = labels.find(f"{{{LABELS_NS}}}label[@key='lang.{language.split('-')[0].lower()}']")
    return name.text if name is not None and name.text else language


def config_text(values: dict[str, dict[str, Any]]) -> str:
    """``edition.toml`` with the given values set and every other key shown, commented, at its default."""
    lines = ["# The configuration of this edition, read by the `edition` command.",
             "# Every key is optional: a line starting with # shows a key at its default.", ""]
    for table, keys in SCHEMA.items():
        lines.append(f"[{table}]")
        for name, key in keys.items():
            lines.append(f"# {key.doc}")
            if name in values.get(table, {}):
                lines.append(f"{name} = {toml_value(values[table][name])}")
            else:
                lines.append(f"# {name} = {toml_value(key.default)}")
        lines.append("")
    return "\n".join(lines)


def create(target: Path, title: str, editors: Iterable[str], language: str = "en",
           interface_language: str = "en", base_url: str = "",
           today: str | None = None) -> tuple[list[str], list[Diagnostic]]:
    """Create the edition in ``target``; return the paths written (relative to it) and any warnings."""
    editors = [name.strip() for name in editors]
    title = title.strip()
    check_arguments(title, editors, language, interface_language, base_url)
    target = target.absolute()
    check_target(target)
    today = today or dt.date.today().isoformat()
    settings = {"edition": {"title": title, "editors": editors, "publisher": ", ".join(editors),
                            "language": language, "interface_language": interface_language}}
    if base_url:
        settings["edition"]["base_url"] = base_url
    values = {"TITLE": title, "PUBLISHER": ", ".join(editors), "LANGUAGE": language, "TODAY": today,
              "LANGUAGE-NAME": language_name(language, interface_language),
              "LICENCE": SCHEMA["edition"]["licence"].default, "LICENCE-URL": SCHEMA["edition"]["licence_url"].default}
    try:
        staging = _staging(target)
    except OSError as exc:
        raise EditionError(error(str(target), f"cannot create the edition here: {exc.strerror or exc}",
                                 rule="usage", hint="choose a folder you can write to")) from None
    try:
        written = _write_skeleton(staging, settings, values, editors)
        compiled, warnings = compile_schema(staging)
        _move_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(written + compiled), warnings


def _staging(target: Path) -> Path:
    """A hidden folder to assemble the edition in: inside an existing (empty) target, else beside it."""
    if target.is_dir():
        return Path(tempfile.mkdtemp(prefix=".init.", dir=target))
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".init", dir=target.parent))


def _write_skeleton(root: Path, settings: dict[str, dict[str, Any]], values: dict[str, str],
                    editors: list[str]) -> list[str]:
    text = config_text(settings)
    tomllib.loads(text)                   # the toolkit's own output must read back
    write_new(root / CONFIG_NAME, text.encode("utf-8"))
    written = [CONFIG_NAME]
    for source, rel in skeleton_files():
        if source.suffix in (".xml", ".odd"):
            data = serialize(fill(parse_file(source), values, editors))
        elif rel == "README.md":
            data = source.read_text(encoding="utf-8").replace("TITLE", values["TITLE"], 1).encode("utf-8")
        else:
            data = source.read_bytes()
        write_new(root / rel, data)
        written.append(rel)
    return written


def compile_schema(root: Path) -> tuple[list[str], list[Diagnostic]]:
    """Compile the new edition's ODD (as ``edition schema`` does); the files written and the warnings."""
    target = SchemaSet(root / SCHEMA["paths"]["schema"].default, "edition")
    written, problems = build_schema(target)
    if any(problem.is_error for problem in problems):
        raise EditionError(*problems)
    return [path.relative_to(root).as_posix() for path in written], problems


def _move_into_place(staging: Path, target: Path) -> None:
    """Rename the staged edition into place; into an empty folder (perhaps the current one) entry by entry."""
    if not target.is_dir():
        os.rename(staging, target)
        return
    if any(path != staging for path in target.iterdir()):
        raise EditionError(error(str(target), "the folder is no longer empty; nothing was written",
                                 rule="usage", hint="something else wrote into it meanwhile; try again"))
    moved = []
    try:
        for entry in sorted(staging.iterdir()):
            os.rename(entry, target / entry.name)
            moved.append(target / entry.name)
    except BaseException:
        for path in moved:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        raise
    staging.rmdir()
