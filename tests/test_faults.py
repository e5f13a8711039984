"""Faults: builds killed at any moment, two builds at once, a failing document, writes into tei/.

The kill test runs ``edition build html`` (which builds the PDFs first) as a
subprocess and kills it with SIGKILL at seeded moments spread over the whole
build; after every kill each target folder (``output/pdf``, ``output/html``)
must be exactly one complete build (every file's hash matching that build's
manifest), and the next build must recover by itself.  Likewise for
``edition import --adopt``, which must leave ``tei/`` as before or as after.
Also here: both locks (a second build, a second writer of a target), a
failing build publishing nothing, a broken document among good ones, the
hostile corpus imported, ``edition new`` with a hostile title, and file
systems without hard links.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from toolkit.build import BUILDERS
from toolkit.diagnostics import EditionError
from toolkit.publish import BuildLock, staged
from toolkit.xmlio import NS, parse_file, write_new

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
    canary.watched()

    result = run_edition("import", str(source), "--adopt", "--format", "json", cwd=edition_copy)
    listener.close()
    assert result.exit_code == 1, result.output                # some documents do not conform
    assert canary.token not in result.output and not canary.leaked_into(edition_copy)
    assert not canary.opened(), f"a file outside the edition was opened: {canary.opened()}"
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


# -- builds


def requires(target: str) -> None:
    if target not in BUILDERS:
        pytest.skip(f"the {target} builder is not registered yet")


def build(edition: Path, *arguments: str, **options: object) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "-m", "toolkit", "build", *arguments, "--format", "json"], cwd=edition,
                          capture_output=True, text=True, timeout=600, **options)


def outputs(edition: Path) -> dict[str, dict[str, str]]:
    """The manifest of every target folder in output/."""
    output = edition / "output"
    return {t: manifest(output / t) for t in sorted(BUILDERS) if (output / t).is_dir()}


def test_a_broken_document_is_reported_and_the_others_are_built(edition_copy: Path) -> None:
    requires("html")
    shutil.copy2(HOSTILE / "files/truncated-in-text.xml", edition_copy / "tei/documents/d900.xml")
    result = run_edition("build", "html", "--format", "json", cwd=edition_copy)
    assert result.exit_code == 1, result.output
    (broken,) = [d for d in json.loads(result.stdout)["diagnostics"] if d["path"] == "tei/documents/d900.xml"]
    assert (broken["line"], broken["col"], broken["rule"]) == (12, 52, "xml-wellformed")
    documents = sorted(p.stem for p in (edition_copy / "tei/documents").glob("d0*.xml"))
    assert documents
    for doc_id in documents:
        assert (edition_copy / f"output/html/{doc_id}.html").is_file(), doc_id
    assert not (edition_copy / "output/html/d900.html").exists()


def test_two_builds_at_once_the_second_is_refused_and_the_first_completes(edition_copy: Path,
                                                                           tmp_path: Path) -> None:
    requires("html")
    reference = tmp_path / "reference"
    shutil.copytree(edition_copy, reference)
    assert build(reference, "html").returncode == 0
    lock = edition_copy / "output" / ".lock"
    first = subprocess.Popen([PYTHON, "-m", "toolkit", "build", "html", "--format", "json"], cwd=edition_copy,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for_lock(lock, first), "the first build never held the lock"
        second = build(edition_copy, "html")
    finally:
        out, err = first.communicate(timeout=600)
    assert first.returncode == 0, err
    assert second.returncode == 1, second.stderr
    (refused,) = json.loads(second.stdout)["diagnostics"]
    assert refused["rule"] == "build-locked"
    assert refused["message"] == f"another build is running on this edition (process {first.pid})"
    assert outputs(edition_copy) == outputs(reference)


def wait_for_lock(lock: Path, process: subprocess.Popen, timeout: float = 60) -> bool:
    """Until ``process`` holds the flock on ``lock`` (True), or it ended first (False)."""
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        if lock.is_file():
            with open(lock, "a") as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    fcntl.flock(handle, fcntl.LOCK_UN)
                except BlockingIOError:
                    return True
        time.sleep(0.005)
    return False


def edit_sources(edition: Path) -> None:
    """A second version of the sources: other words in a paragraph and a title."""
    for path in sorted((edition / "tei/documents").glob("*.xml"))[:2]:
        text = path.read_text(encoding="utf-8")
        text = text.replace("</p>", " (revised)</p>", 1).replace("</title>", " (revised)</title>", 1)
        path.write_text(text, encoding="utf-8")


KILLS = 20


def differences(found: dict[str, dict[str, str]], expected: dict[str, dict[str, str]]) -> str:
    """Which files of which target differ: what a failing comparison of outputs reports."""
    return "; ".join(f"{target}: " + ", ".join(sorted(k for k in set(found.get(target, {})) | set(files)
                                                      if found.get(target, {}).get(k) != files.get(k)))
                     for target, files in expected.items() if found.get(target) != files)


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_a_complete_build_and_the_next_recovers(edition_copy: Path,
                                                                                   tmp_path: Path) -> None:
    """Kill moments are spread evenly over the whole build and a little after (seeded, shuffled): every
    phase is hit, from reading to publishing; each kill must leave every target folder exactly as one
    complete build left it."""
    requires("html")
    versions = {"A": tmp_path / "A", "B": tmp_path / "B"}
    shutil.copytree(edition_copy / "tei", versions["A"])
    edit_sources(edition_copy)
    shutil.copytree(edition_copy / "tei", versions["B"])

    def use(version: str) -> None:
        shutil.rmtree(edition_copy / "tei")
        shutil.copytree(versions[version], edition_copy / "tei")

    complete: dict[str, dict[str, dict[str, str]]] = {}
    for version in ("A", "B"):
        use(version)
        started = time.monotonic()
        assert build(edition_copy, "html").returncode == 0
        duration = time.monotonic() - started                       # B: a rebuild after a change
        complete[version] = outputs(edition_copy)
    assert complete["A"] != complete["B"]

    rng = random.Random(20240611)
    moments = [(i + rng.random()) / KILLS * 1.2 * duration for i in range(KILLS)]
    rng.shuffle(moments)
    published, seen = "B", set()
    for moment in moments:
        use("A" if published == "B" else "B")
        process = subprocess.Popen([PYTHON, "-m", "toolkit", "build", "html", "-q"], cwd=edition_copy,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(moment)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)          # the build and any worker it forked
        process.wait()
        state = outputs(edition_copy)
        for target, files in state.items():
            assert any(complete[v].get(target) == files for v in complete), \
                f"output/{target} is neither complete build after a kill at {moment:.2f} s: " + \
                " / ".join(f"{v}: {differences(state, complete[v])}" for v in complete)
        whole = [v for v in complete if complete[v] == state]
        published = whole[0] if whole else published
        seen.add(published)

    assert seen == {"A", "B"}, "no kill came late enough to see the new build published"
    assert build(edition_copy, "html").returncode == 0            # recovers by itself
    current = "A" if manifest(edition_copy / "tei") == manifest(versions["A"]) else "B"
    assert outputs(edition_copy) == complete[current]
    leftovers = [p.name for p in (edition_copy / "output").iterdir() if p.name.endswith((".staging", ".previous"))]
    assert not leftovers


IMPORT_KILLS = 8


@pytest.mark.slow
def test_an_import_killed_at_any_moment_leaves_tei_as_before_or_as_after(edition_copy: Path,
                                                                         tmp_path: Path) -> None:
    """``import --adopt`` swaps in a validated copy of tei/: a kill leaves the old or the new folder."""
    source = tmp_path / "elsewhere"
    for name in ("registers", "bibliography.xml", "edition.xml"):
        (shutil.copytree if (edition_copy / "tei" / name).is_dir() else shutil.copy2)(
            edition_copy / "tei" / name, source / name)
    (source / "documents").mkdir()
    for path in sorted((edition_copy / "tei/documents").glob("*.xml"))[:2]:
        shutil.copy2(path, source / "documents" / path.name)
    saved = tmp_path / "tei-before"
    shutil.copytree(edition_copy / "tei", saved)
    before = manifest(saved)
    command = [PYTHON, "-m", "toolkit", "import", str(source), "--adopt", "-q"]
    started = time.monotonic()
    assert subprocess.run(command, cwd=edition_copy, capture_output=True, timeout=600).returncode == 0
    duration = time.monotonic() - started
    after = tei_manifest(edition_copy)
    assert after != before and run_edition("validate", cwd=edition_copy).exit_code == 0

    rng = random.Random(7)
    moments = [(i + rng.random()) / IMPORT_KILLS * 1.2 * duration for i in range(IMPORT_KILLS)]
    rng.shuffle(moments)
    for moment in moments:
        shutil.rmtree(edition_copy / "tei")
        shutil.copytree(saved, edition_copy / "tei")
        process = subprocess.Popen(command, cwd=edition_copy, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(moment)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        assert tei_manifest(edition_copy) in (before, after), f"tei/ is neither state after a kill at {moment:.2f} s"


def test_a_pdf_larger_than_the_xml_limit_is_still_copied_into_the_site(edition_copy: Path, tmp_path: Path) -> None:
    """The 16 MiB limit guards the XML reader; the site's copies of the toolkit's own outputs pass."""
    requires("html")
    from toolkit.build import builder_class
    from toolkit.build.base import BuildContext
    from toolkit.console import Reporter
    from toolkit.edition import open_edition
    from toolkit.xmlio import MAX_FILE_SIZE

    volume = edition_copy / "output/pdf/edition.pdf"
    volume.parent.mkdir(parents=True)
    volume.write_bytes(b"%PDF-1.7\n" + b"0" * MAX_FILE_SIZE)
    context = BuildContext(edition=open_edition(edition_copy), reporter=Reporter("json", True), jobs=1)
    site = tmp_path / "site"
    site.mkdir()
    problems = builder_class("html")(context).build(site)
    assert not [p for p in problems if p.rule == "xml-size"]
    assert (site / "pdf/edition.pdf").stat().st_size == volume.stat().st_size


def test_without_hard_links_publishing_and_new_files_still_work(tmp_path: Path, monkeypatch) -> None:
    """On FAT, exFAT and some network drives os.link fails: staging copies, write_new claims the name."""
    target = tmp_path / "output" / "html"
    with staged(target) as out:
        (out / "a.html").write_text("one")

    def no_links(*args: object, **kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    with staged(target) as out:
        assert (out / "a.html").read_text() == "one"
        os.unlink(out / "a.html")
        (out / "a.html").write_text("two")
    assert (target / "a.html").read_text() == "two"
    created = tmp_path / "tei" / "d001.xml"
    write_new(created, b"<TEI/>")
    assert created.read_bytes() == b"<TEI/>"
    with pytest.raises(FileExistsError):
        write_new(created, b"<other/>")
    assert created.read_bytes() == b"<TEI/>" and sorted(p.name for p in created.parent.iterdir()) == ["d001.xml"]


def test_the_next_import_repairs_what_a_killed_import_left(edition_copy: Path, tmp_path: Path) -> None:
    """Killed between the two fallback renames, an adopt leaves the sources under their old
    name, and any killed import leaves its workspace: the next import puts both right."""
    tei = edition_copy / "tei"
    before = tei_manifest(edition_copy)
    os.rename(tei, edition_copy / ".tei.previous")
    (edition_copy / ".import-stale" / "tei").mkdir(parents=True)
    empty = tmp_path / "nothing"
    empty.mkdir()
    result = run_edition("import", str(empty), "--root", str(edition_copy))
    assert result.exit_code in (0, 1), result.output
    assert tei_manifest(edition_copy) == before
    assert not (edition_copy / ".tei.previous").exists() and not list(edition_copy.glob(".import-*"))
