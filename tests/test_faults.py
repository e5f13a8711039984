"""Faults: builds killed at any moment, two builds at once, a failing document, writes into tei/.

The kill test runs ``edition build html`` as a subprocess and kills it with
SIGKILL at seeded random moments; after every kill, ``output/html`` must be
exactly one complete build (every file's hash matching that build's
manifest), and the next build must recover by itself.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from toolkit.diagnostics import EditionError
from toolkit.publish import BuildLock, staged

from .conftest import REPO

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
