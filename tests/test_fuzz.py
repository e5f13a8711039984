"""Fuzzing: the edition's real files, mutated, never crash a command.

Hypothesis mutates the bytes of the edition's own TEI files (byte flips,
truncation, deleted and duplicated tags, swapped attribute values, random
Unicode, injected entities, DTDs, XIncludes and hostile pointers) and runs
``edition validate`` on the result, in-process, as a user would.  Every one
of at least 1,000 cases must either succeed (exit 0) or report diagnostics
(exit 1): an internal error (exit 3), a traceback or a message without a
place is a failure.  The examples are derandomised, so a run is repeatable.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from pathlib import Path
from typing import Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import REPO, run_edition

EXAMPLES = 1000

#: Snippets a hostile or careless hand puts anywhere into a file.
INJECTIONS = [
    b"&xxe;", b"&nbsp;", b"&#0;", b"&#xD800;", b"&#x110000;", b"&#65;", b"&amp;", b"&", b"<", b">", b'"', b"'",
    b'<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    b"<![CDATA[", b"]]>", b"<!--", b"-->", b'<?xml version="1.0"?>', b"<?pi data?>", b"<![CDATA[<p>]]>",
    b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" parse="text"/>',
    b"\xef\xbb\xbf", b"\x00", b"\xff\xfe", b"\xc0\xaf", b"\xe2\x80\xae", b"</TEI>", b"<TEI>",
    b"&lt;script&gt;alert(1)&lt;/script&gt;", b"<script>alert(1)</script>", b" onerror=alert(1)",
    b'<TEI xmlns="http://www.tei-c.org/ns/1.0">', b"<text>", b"</text>", b"<body/>", b"<p>", b"</p>",
    b"<note/>", b"<pb/>", b"<gap/>", b"<hi>x</hi>", b'<ref target="#x">x</ref>', b"<persName>X</persName>",
]

#: Attributes a hostile or careless hand adds to a start tag.
ATTRIBUTE_INJECTIONS = [
    b' xml:id="../../x"', b' xml:id="d001"', b' xml:id=""', b' xml:id="a b"', b' ref="javascript:alert(1)"',
    b' target="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"', b' ref="../../../../etc/passwd#root"',
    b' ref="#"', b' ref="%zz#x"', b' ref="registers/persons.xml#"', b' xmlns=""', b' xmlns:tei="urn:x"',
    b' when="1920-13-45"', b' notBefore="not a date"', b' rend="x;background:url(javascript:alert(1))"',
    b' style="behavior:url(x.htc)"', b' xml:lang="&#x202e;en"', b' n="&lt;img src=x onerror=alert(1)&gt;"',
    b' type=""', b' xml:base="file:///etc/"', b' facs="vbscript:x"', b' corresp="#d001 #d002 #nowhere"',
]

#: Values swapped into an existing attribute.
VALUES = [b"javascript:alert(1)", b"../../x", b"", b" ", b"#", b"d001", b"&lt;script&gt;", b"\xe2\x80\xae",
          b"1920-02-30", b"http://127.0.0.1:9/x", b"file:///etc/passwd", b"x" * 5000]

TAG = re.compile(rb"<[^<>]{0,400}>")
ATTRIBUTE = re.compile(rb'(\s[\w:.-]+)="([^"<]*)"')

Draw = Callable


def flip(draw: Draw, data: bytes) -> bytes:
    position = draw(st.integers(0, len(data) - 1))
    return data[:position] + bytes([data[position] ^ draw(st.integers(1, 255))]) + data[position + 1:]


def truncate(draw: Draw, data: bytes) -> bytes:
    return data[:draw(st.integers(0, len(data) - 1))]


def delete_tag(draw: Draw, data: bytes) -> bytes:
    tags = list(TAG.finditer(data))
    tag = draw(st.sampled_from(tags)) if tags else None
    return data[:tag.start()] + data[tag.end():] if tag else data


def duplicate_tag(draw: Draw, data: bytes) -> bytes:
    tags = list(TAG.finditer(data))
    tag = draw(st.sampled_from(tags)) if tags else None
    return data[:tag.end()] + tag.group() + data[tag.end():] if tag else data


def swap_values(draw: Draw, data: bytes) -> bytes:
    found = list(ATTRIBUTE.finditer(data))
    if len(found) < 2:
        return data
    first, second = sorted(draw(st.lists(st.sampled_from(found), min_size=2, max_size=2, unique_by=lambda m: m.start())),
                           key=lambda m: m.start())
    if first.end() > second.start():
        return data
    return (data[:first.start(2)] + second.group(2) + data[first.end(2):second.start(2)] + first.group(2)
            + data[second.end(2):])


def insert_unicode(draw: Draw, data: bytes) -> bytes:
    position = draw(st.integers(0, len(data)))
    text = draw(st.text(min_size=1, max_size=12)).encode("utf-8")
    return data[:position] + text + data[position:]


def inject(draw: Draw, data: bytes) -> bytes:
    position = draw(st.integers(0, len(data)))
    return data[:position] + draw(st.sampled_from(INJECTIONS)) + data[position:]


def inject_in_tag(draw: Draw, data: bytes) -> bytes:
    """Put an attribute just before the end of a start tag."""
    tags = [m for m in TAG.finditer(data) if not m.group().startswith((b"</", b"<?", b"<!"))]
    if not tags:
        return data
    tag = draw(st.sampled_from(tags))
    end = tag.end() - (2 if tag.group().endswith(b"/>") else 1)
    return data[:end] + draw(st.sampled_from(ATTRIBUTE_INJECTIONS)) + data[end:]


def replace_value(draw: Draw, data: bytes) -> bytes:
    found = list(ATTRIBUTE.finditer(data))
    if not found:
        return data
    attribute = draw(st.sampled_from(found))
    return data[:attribute.start(2)] + draw(st.sampled_from(VALUES)) + data[attribute.end(2):]


def insert_text(draw: Draw, data: bytes) -> bytes:
    """Random Unicode, escaped, into text content: the file stays well-formed, the text is strange."""
    gaps = [m.end() for m in re.finditer(rb">(?=[^<]*<)", data)]
    if not gaps:
        return data
    position = draw(st.sampled_from(gaps))
    text = draw(st.text(st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=12))
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode("utf-8")
    return data[:position] + escaped + data[position:]


#: Each mutation, weighted so that about half the files stay well-formed and reach the later checks.
MUTATIONS = [flip, truncate, delete_tag, duplicate_tag, insert_unicode, inject,
             swap_values, swap_values, inject_in_tag, inject_in_tag, replace_value, replace_value,
             insert_text, insert_text]


@st.composite
def mutated(draw: Draw, originals: dict[str, bytes]) -> tuple[str, bytes]:
    rel = draw(st.sampled_from(sorted(originals)))
    data = originals[rel]
    for _ in range(draw(st.integers(1, 3))):
        if data:
            data = draw(st.sampled_from(MUTATIONS))(draw, data)
    return rel, data


@pytest.fixture(scope="module")
def fuzz_edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "edition"
    root.mkdir()
    shutil.copy2(REPO / "edition.toml", root / "edition.toml")
    for folder in ("tei", "schema"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)
    if not list((root / "tei").rglob("*.xml")):
        pytest.skip("the edition has no TEI files yet")
    return root


def check_command(root: Path, *arguments: str) -> None:
    """The command succeeds or reports located diagnostics; it never crashes."""
    result = run_edition(*arguments, "--format", "json", cwd=root)
    assert result.exit_code in (0, 1), f"exit {result.exit_code}: {result.output}"
    assert "Traceback" not in result.output
    report = json.loads(result.stdout)
    for diagnostic in report["diagnostics"]:
        assert diagnostic["path"] and diagnostic["message"] and diagnostic["severity"] in ("error", "warning", "info")
    assert (result.exit_code == 1) == (report["summary"]["errors"] > 0)


@contextlib.contextmanager
def replaced(path: Path, data: bytes, original: bytes) -> Iterator[None]:
    """The file holds ``data`` while the block runs, and its original bytes again afterwards."""
    path.write_bytes(data)
    try:
        yield
    finally:
        path.write_bytes(original)


def test_mutated_files_never_crash_validate(fuzz_edition: Path) -> None:
    sources = fuzz_edition / "tei"
    originals = {p.relative_to(fuzz_edition).as_posix(): p.read_bytes() for p in sorted(sources.rglob("*.xml"))}
    cases: list[str] = []

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(mutated(originals))
    def run(case: tuple[str, bytes]) -> None:
        rel, data = case
        with replaced(fuzz_edition / rel, data, originals[rel]):
            check_command(fuzz_edition, "validate", rel)
        cases.append(rel)

    run()
    assert len(cases) >= EXAMPLES


#: Mutations that keep a file well-formed, so that the builder, not the reader, meets the oddity.
READABLE = [swap_values, inject_in_tag, replace_value, insert_text]
BUILD_EXAMPLES = 8


@st.composite
def readable(draw: Draw, originals: dict[str, bytes]) -> tuple[str, bytes]:
    rel = draw(st.sampled_from(sorted(originals)))
    data = originals[rel]
    for _ in range(draw(st.integers(1, 4))):
        data = draw(st.sampled_from(READABLE))(draw, data)
    return rel, data


@pytest.mark.slow
def test_mutated_documents_never_crash_the_html_builder(fuzz_edition: Path, tmp_path_factory) -> None:
    """A smaller sample through the HTML builder itself (its protocol, in-process, without the PDFs it
    would otherwise wait for): it writes the pages or returns diagnostics, it never raises."""
    from toolkit.build import BUILDERS, builder_class
    from toolkit.build.base import BuildContext
    from toolkit.console import Reporter
    from toolkit.diagnostics import EditionError
    from toolkit.edition import open_edition

    if "html" not in BUILDERS:
        pytest.skip("the html builder is not registered yet")
    documents = {p.relative_to(fuzz_edition).as_posix(): p.read_bytes()
                 for p in sorted((fuzz_edition / "tei/documents").glob("*.xml"))}
    out = tmp_path_factory.mktemp("fuzz-site")
    cases: list[str] = []

    @settings(max_examples=BUILD_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(readable(documents))
    def run(case: tuple[str, bytes]) -> None:
        rel, data = case
        with replaced(fuzz_edition / rel, data, documents[rel]):
            context = BuildContext(edition=open_edition(fuzz_edition), reporter=Reporter("json", True), jobs=1)
            try:
                diagnostics = builder_class("html")(context).build(out)
            except EditionError as exc:
                diagnostics = exc.diagnostics
            assert all(d.path and d.message for d in diagnostics)
        cases.append(rel)

    run()
    assert len(cases) >= BUILD_EXAMPLES
