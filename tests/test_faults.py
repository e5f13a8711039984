"""Faults: builds killed at any moment, two builds at once, a failing document, writes into tei/.

The kill test runs ``edition build html`` as a subprocess and kills it with
SIGKILL at seeded random moments; after every kill, ``output/html`` must be
exactly one complete build (every file's hash matching that build's
manifest), and the next build must recover by itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from toolkit.diagnostics import EditionError
from toolkit.publish import BuildLock, staged
from toolkit.xmlio import NS, parse_file

from .conftest import REPO, run_edition
from .hostile.support import fill, make_canary, start_listener

HOSTILE = Path(__file__).parent / "hostile"

PYTHON = sys.executable


def manifest(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (hidden ones too) with the hash of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def hold(code: str, cwd: Path) -> subprocess.Popen:
    """Run ``code`` in another Python process that prints "ready" once it holds what it takes."""
    process = subprocess.Popen([PYTHON, "-c", textwrap.dedent(code)], cwd=cwd, stdout=subprocess.PIPE,
                               stdin=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert process.stdout.readline().strip() == "ready"
    return process


def release(process: subprocess.Popen) -> None:
    process.stdin.write("go\n")
    process.stdin.close()
    assert process.wait(timeout=30) == 0


# -- publishing and locks, without a builder


def test_a_second_writer_of_the_same_target_is_refused_while_the_first_finishes(tmp_path: Path) -> None:
    target = tmp_path / "output" / "html"
    first = hold(f"""
        import sys
        from pathlib import Path
        from toolkit.publish import staged
        with staged(Path({str(target)!r})) as out:
            (out / "index.html").write_text("first")
            print("ready", flush=True)
            sys.stdin.readline()
    """, tmp_path)
    with pytest.raises(EditionError) as caught:
        with staged(target) as out:
            (out / "index.html").write_text("second")
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.rule == "build-locked"
    assert diagnostic.message == f"another build or export is writing this folder (process {first.pid})"
    release(first)
    assert (target / "index.html").read_text() == "first"
    assert sorted(p.name for p in tmp_path.joinpath("output").iterdir()) == [".html.lock", "html"]


def test_the_build_lock_names_the_process_and_dies_with_it(tmp_path: Path) -> None:
    output = tmp_path / "output"
    first = hold(f"""
        import sys
        from pathlib import Path
        from toolkit.publish import BuildLock
        with BuildLock(Path({str(output)!r})):
            print("ready", flush=True)
            sys.stdin.readline()
    """, tmp_path)
    with pytest.raises(EditionError) as caught:
        with BuildLock(output):
            pass
    assert caught.value.diagnostics[0].message == f"another build is running on this edition (process {first.pid})"
    first.kill()
    first.wait()
    with BuildLock(output):           # the kernel released the lock of the killed process
        pass


def test_a_failing_block_publishes_nothing_and_leaves_no_staging(tmp_path: Path) -> None:
    target = tmp_path / "output" / "html"
    with staged(target) as out:
        (out / "a.html").write_text("one")
    before = manifest(target)
    with pytest.raises(RuntimeError):
        with staged(target) as out:
            os.unlink(out / "a.html")
            (out / "a.html").write_text("two")
            raise RuntimeError("the builder failed")
    assert manifest(target) == before
    assert sorted(p.name for p in target.parent.iterdir()) == [".html.lock", "html"]


# -- commands that write into tei/


def tei_manifest(edition: Path) -> dict[str, str]:
    return manifest(edition / "tei")


def test_importing_the_hostile_corpus_adopts_only_what_conforms_and_keeps_the_edition_valid(
        edition_copy: Path, tmp_path: Path) -> None:
    canary, listener = make_canary(tmp_path / "outside"), start_listener()
    source = tmp_path / "stranger"
    source.mkdir()
    for path in sorted((HOSTILE / "files").iterdir()):
        (source / path.name).write_bytes(fill(path.read_bytes(), canary, listener, source))
    (source / "link.xml").symlink_to(canary.xml)
    before = tei_manifest(edition_copy)

    result = run_edition("import", str(source), "--adopt", "--format", "json", cwd=edition_copy)
    listener.close()
    assert result.exit_code == 1, result.output                # some documents do not conform
    assert canary.token not in result.output and not canary.leaked_into(edition_copy)
    assert not listener.connections
    after = tei_manifest(edition_copy)
    assert all(after[rel] == digest for rel, digest in before.items() if rel.startswith("documents/")), \
        "an existing document was changed"
    new = sorted(set(after) - set(before))
    assert all(rel.startswith("documents/d") for rel in new), new
    report = json.loads(result.stdout)
    adopted = [d for d in report["documents"] if d["conforms"]]
    assert len(new) == len(adopted) < len(report["documents"])
    check = run_edition("validate", cwd=edition_copy)
    assert check.exit_code == 0, check.output
    assert not [p for p in edition_copy.iterdir() if p.name.startswith(".import-")]


def test_an_import_with_nothing_that_conforms_leaves_the_edition_unchanged(edition_copy: Path,
                                                                           tmp_path: Path) -> None:
    source = tmp_path / "broken"
    source.mkdir()
    for name in ("xxe-file.xml", "truncated-in-text.xml", "no-namespace.xml", "javascript-target.xml"):
        shutil.copy2(HOSTILE / "files" / name, source / name)
    before = tei_manifest(edition_copy)
    result = run_edition("import", str(source), "--adopt", cwd=edition_copy)
    assert result.exit_code == 1, result.output
    assert tei_manifest(edition_copy) == before


def test_new_never_overwrites_and_keeps_a_hostile_title_as_text(edition_copy: Path) -> None:
    title = '</title><script>alert(1)</script> &amp; \u202eevil <!DOCTYPE x>'
    before = tei_manifest(edition_copy)
    result = run_edition("new", title, "--date", "1920-07-04", "--format", "json", cwd=edition_copy)
    assert result.exit_code == 0, result.output
    created = json.loads(result.stdout)["created"]
    after = tei_manifest(edition_copy)
    assert {rel: digest for rel, digest in after.items() if rel in before} == before
    tree = parse_file(edition_copy / created)
    assert tree.findtext(".//tei:titleStmt/tei:title", namespaces=NS) == title
    check = run_edition("validate", created, cwd=edition_copy)
    assert check.exit_code in (0, 1) and "internal error" not in check.output
