"""Hostile and broken input: every case of tests/hostile/cases.toml gives its exact diagnostics.

Each case copies the edition, puts one hostile file in, runs ``edition validate``
in-process under an alarm (a case that blocks or runs away fails instead of
hanging the suite) and compares exit code and diagnostics with the manifest.
Across all cases, no connection reaches the listener and the canary's secret
appears in no output and no file.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path
from typing import Callable, Iterator

import pytest
from lxml import etree

from toolkit.console import printable
from toolkit.xmlio import MAX_FILE_SIZE

from .conftest import REPO, run_edition
from .hostile.support import Canary, Listener, fill, make_canary, start_listener

HOSTILE = Path(__file__).parent / "hostile"
CASES = tomllib.loads((HOSTILE / "cases.toml").read_text(encoding="utf-8"))["case"]
DEFAULT_PLACE = "documents/d900.xml"
TIME_LIMIT = 20          # seconds per case, generous for a slow machine; the cases take well under 1 s


def skeleton(body: bytes) -> bytes:
    """The layout of the files in hostile/files/: ``body`` starts on line 12, column 27."""
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n'
            b'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="d900">\n'
            b"  <teiHeader>\n    <fileDesc>\n      <titleStmt><title>Hostile</title></titleStmt>\n"
            b"      <publicationStmt><p>Test case.</p></publicationStmt>\n"
            b"      <sourceDesc><p>Test case.</p></sourceDesc>\n    </fileDesc>\n  </teiHeader>\n"
            b'  <text>\n    <body>\n      <p xml:id="d900-p1">' + body + b"</p>\n    </body>\n  </text>\n</TEI>\n")


# -- making the hostile file: generators (big or special files) and variants (changes to the edition)

Maker = Callable[[Path, Path, Canary], None]


def _bytes(data: Callable[[], bytes]) -> Maker:
    return lambda target, edition, canary: target.write_bytes(data())


GENERATORS: dict[str, Maker] = {
    "deep-nesting": _bytes(lambda: skeleton(b"<hi>" * 100_000 + b"deep" + b"</hi>" * 100_000)),
    "huge-attribute": _bytes(lambda: skeleton(b'<hi rend="' + b"a" * 11_000_000 + b'">x</hi>')),
    "huge-text": _bytes(lambda: skeleton(b"a" * 11_000_000)),
    "huge-name": _bytes(lambda: skeleton(b"<" + b"a" * 11_000_000 + b"/>")),
    "over-size-limit": _bytes(lambda: skeleton(b"a" * MAX_FILE_SIZE)[:MAX_FILE_SIZE + 1]),
    "symlink-outside": lambda target, edition, canary: target.symlink_to(canary.xml),
    "symlinked-folder": lambda target, edition, canary: target.parent.symlink_to(canary.folder,
                                                                                 target_is_directory=True),
    "fifo": lambda target, edition, canary: os.mkfifo(target),
    "command-line-outside": lambda target, edition, canary: None,   # names the canary itself: see prepare()
}


def _prepend(data: bytes, prolog: bytes) -> bytes:
    if data.startswith(b"<?xml "):
        declaration, _, rest = data.partition(b"?>")
        return declaration + b"?>\n" + prolog + rest.lstrip(b"\n")
    return prolog + data


VARIANTS: dict[str, Callable[[Path, Path, bytes], None]] = {
    # (edition, the file at `place`, the case file's bytes or b"")
    "utf8-bom": lambda edition, target, data: target.write_bytes(b"\xef\xbb\xbf" + target.read_bytes()),
    "prolog-of-d001": lambda edition, target, data: target.write_bytes(_prepend(target.read_bytes(), data)),
    "break-d001": lambda edition, target, data: _truncate(edition / "tei/documents/d001.xml"),
    "rename-d001": lambda edition, target, data: (target.parent.mkdir(parents=True, exist_ok=True),
                                                  (edition / "tei/documents/d001.xml").rename(target)),
}


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])


def prepare(case: dict, edition: Path, canary: Canary, listener: Listener) -> Path | None:
    """Put the case into the edition; return the path to name on the command line (None: all)."""
    if "config" in case:
        (edition / "edition.toml").write_text(case["config"], encoding="utf-8")
        return None
    place = case.get("place", DEFAULT_PLACE)
    target = Path(os.path.normpath(edition / "tei" / place))
    if "generate" in case:
        if case["generate"] != "symlinked-folder":
            target.parent.mkdir(parents=True, exist_ok=True)
        GENERATORS[case["generate"]](target, edition, canary)
        return canary.xml if case["generate"] == "command-line-outside" else target
    data = fill((HOSTILE / "files" / case["file"]).read_bytes(), canary, listener, target.parent) \
        if "file" in case else b""
    if "variant" in case:
        VARIANTS[case["variant"]](edition, target, data)
        if case["variant"] not in ("break-d001",):
            return target
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


# -- fixtures


@pytest.fixture(scope="module")
def canary(tmp_path_factory: pytest.TempPathFactory) -> Canary:
    return make_canary(tmp_path_factory.mktemp("hostile") / "outside").watched()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = start_listener()
    yield server
    server.close()


@pytest.fixture(scope="module")
def base_edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's edition, copied once; each case copies this copy."""
    base = tmp_path_factory.mktemp("base") / "edition"
    base.mkdir()
    shutil.copy2(REPO / "edition.toml", base / "edition.toml")
    for folder in ("tei", "schema"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, base / folder)
    if not (base / "tei/documents/d001.xml").is_file():
        pytest.skip("the edition has no tei/documents/d001.xml yet")
    return base


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail, instead of hanging, when a case blocks (a FIFO) or runs away (a bomb)."""
    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- the cases


def expected_path(case: dict, canary: Canary, expectation: dict) -> str:
    path = expectation.get("path", "tei/" + case.get("place", DEFAULT_PLACE))
    return path.replace("@CANARY_XML@", str(canary.xml))


def matches(diagnostic: dict, expectation: dict, path: str) -> bool:
    if (diagnostic["path"], diagnostic["line"], diagnostic["col"], diagnostic["rule"], diagnostic["severity"]) != (
            path, expectation.get("line", 0), expectation.get("col", 0), expectation["rule"],
            expectation.get("severity", "error")):
        return False
    if "pattern" in expectation:
        return re.fullmatch(expectation["pattern"], diagnostic["message"]) is not None
    return diagnostic["message"] == expectation["message"]


def text_line(diagnostic: dict) -> str:
    """The line the text format prints for a diagnostic (terminal controls shown as escapes)."""
    where = f"{diagnostic['path']}:{diagnostic['line']}:{diagnostic['col'] or 1}" if diagnostic["line"] else \
        diagnostic["path"]
    return printable(f"{where}: {diagnostic['severity']}: {diagnostic['message']} [{diagnostic['rule']}]")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_hostile_case(case: dict, base_edition: Path, tmp_path: Path, canary: Canary, listener: Listener) -> None:
    edition = tmp_path / "edition"
    shutil.copytree(base_edition, edition, symlinks=True)
    target = prepare(case, edition, canary, listener)
    arguments = [os.path.relpath(target, edition)] if target is not None else []
    started = time.monotonic()
    with time_limit(TIME_LIMIT):
        result = run_edition("validate", "--format", "json", *arguments, cwd=edition)
        text = run_edition("validate", *arguments, cwd=edition)
    elapsed = time.monotonic() - started

    assert result.exit_code == case.get("exit", 1), result.output
    assert text.exit_code == result.exit_code
    for output in (result.output, text.output):
        assert "Traceback" not in output and "internal error" not in output
        assert canary.token not in output
    assert not re.search("[\x1b\x07\u202e]", text.output), "a terminal control reached the terminal"
    found = json.loads(result.stdout)["diagnostics"]
    for expectation in case.get("expect", []):
        path = expected_path(case, canary, expectation)
        hit = [d for d in found if matches(d, expectation, path)]
        assert hit, f"expected {expectation} on {path}; got:\n" + "\n".join(map(text_line, found))
        assert text_line(hit[0]) in text.stdout.splitlines()
    if case.get("exact", True):
        paths = {expected_path(case, canary, e) for e in case.get("expect", [])} or \
                {"tei/" + case.get("place", DEFAULT_PLACE)}
        mine = [d for d in found if d["path"] in paths]
        assert len(mine) == len(case.get("expect", [])), "\n".join(map(text_line, mine))
    assert elapsed < TIME_LIMIT
    assert not canary.leaked_into(edition)
    assert not canary.opened(), f"a file outside the edition was opened: {canary.opened()}"
    assert not listener.connections, listener.connections


def test_the_corpus_is_large_and_every_file_is_used() -> None:
    assert len(CASES) >= 60
    used = {c["file"] for c in CASES if "file" in c}
    assert used == {p.name for p in (HOSTILE / "files").iterdir()}


def test_the_canary_and_the_listener_would_catch_a_leak(tmp_path: Path, listener: Listener) -> None:
    """The proof is only as good as its traps: a naive parser does leak and opens the canary, a
    connection is recorded."""
    canary = make_canary(tmp_path / "outside").watched()
    data = fill((HOSTILE / "files/xxe-file.xml").read_bytes(), canary, listener, tmp_path)
    naive = etree.fromstring(data, etree.XMLParser(resolve_entities=True, load_dtd=True))
    assert canary.token in "".join(naive.itertext())
    assert "canary.txt" in canary.opened()
    with contextlib.suppress(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{listener.port}/probe", timeout=2)
    deadline = time.monotonic() + 5
    while not listener.connections and time.monotonic() < deadline:
        time.sleep(0.05)
    assert listener.connections
    listener.connections.clear()


def test_a_200_mb_text_node_is_refused_in_bounded_time_and_memory(tmp_path: Path, base_edition: Path) -> None:
    """Generated here, never committed; refused by its size before a byte is parsed, by validate and by
    a build (which hashes its sources first: streamed, never the whole file in memory)."""
    edition = tmp_path / "edition"
    shutil.copytree(base_edition, edition)
    build = [sys.executable, "-m", "toolkit", "build", "pdf", "-q"]
    huge = edition / "tei/documents/d900.xml"
    subprocess.run(build, cwd=edition, capture_output=True, timeout=600)
    huge.write_bytes(skeleton(b"a" * 1024)[:-40])                  # a small file refused too: the same rebuild
    build_baseline = peak_memory(build, edition)
    chunk = b"a" * (1 << 20)
    with huge.open("wb") as handle:
        handle.write(skeleton(b"").split(b"</p>")[0])
        for _ in range(200):
            handle.write(chunk)
        handle.write(b"</p></body></text></TEI>\n")

    command = [sys.executable, "-m", "toolkit", "validate", "--format", "json", "tei/documents/d900.xml"]
    started = time.monotonic()
    result = subprocess.run(command, cwd=edition, capture_output=True, timeout=120)
    assert time.monotonic() - started < 30
    assert result.returncode == 1, result.stderr
    (diagnostic,) = json.loads(result.stdout)["diagnostics"]
    assert (diagnostic["path"], diagnostic["rule"], diagnostic["line"]) == ("tei/documents/d900.xml", "xml-size", 1)
    assert diagnostic["message"].startswith(f"the file is {huge.stat().st_size:,} bytes; the limit is")
    peak = peak_memory(command, edition)
    baseline = peak_memory([*command[:-1], "tei/documents/d001.xml"], edition)
    assert peak - baseline < 50 * 1024, f"peak resident memory {peak} KiB against {baseline} KiB: the file was read"
    peak = peak_memory(build, edition)
    assert peak - build_baseline < 50 * 1024, f"edition build: {peak} KiB against {build_baseline} KiB"


def peak_memory(command: list[str], cwd: Path) -> int:
    """Peak resident memory (KiB) of one child process, measured by the kernel (wait4)."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, rusage = os.wait4(process.pid, 0)
    process.returncode = 0          # reaped by wait4 above
    return rusage.ru_maxrss


READ_RULES = ("xml-", "tei-")

#: Well-formed XML that round trips through the default lxml serialiser and parser break on.
ODDITIES = [
    "Non-ASCII names: <persön xmlns='urn:x' ätt='1'>x</persön>".encode(),
    'An attribute in the xml namespace: <hi xml:\u00c0lang="en">x</hi>'.encode(),
    b'Duplicate ids: <hi xml:id="d95x">a</hi><hi xml:id="d95x">b</hi>',
    b"<persName>A name</persName> with a tail, <!-- a comment --> <?pi a PI?> and <![CDATA[<cdata>]]>",
]


def test_edition_build_reports_the_same_diagnostics_and_builds_the_rest(base_edition: Path, tmp_path: Path,
                                                                        canary: Canary, listener: Listener) -> None:
    """Every file refused at reading, all in one edition: ``edition build`` names each as validate does."""
    from toolkit.build import BUILDERS
    if "html" not in BUILDERS:
        pytest.skip("the html builder is not registered yet")
    edition = tmp_path / "edition"
    shutil.copytree(base_edition, edition)
    chosen = [c for c in CASES if "file" in c and "variant" not in c and c.get("exact", True)
              and all(e["rule"].startswith(READ_RULES) for e in c.get("expect", [])) and c.get("expect")]
    expected = []
    for number, case in enumerate(chosen):
        rel = f"documents/d9{number:02d}.xml"
        target = edition / "tei" / rel
        target.write_bytes(fill((HOSTILE / "files" / case["file"]).read_bytes(), canary, listener, target.parent))
        expected += [{**e, "path": f"tei/{rel}"} for e in case["expect"]]
    (edition / "tei/documents/d990.xml").symlink_to(canary.xml)    # hashed by the build? never read
    expected.append({"path": "tei/documents/d990.xml", "line": 1, "col": 1, "rule": "path-outside",
                     "message": "the file is a symbolic link leading out of the sources folder; it is not read"})
    for number, body in enumerate(ODDITIES):        # well-formed oddities: built, or reported, never a crash
        (edition / f"tei/documents/d95{number}.xml").write_bytes(skeleton(body).replace(b"d900", f"d95{number}".encode()))
    result = subprocess.run([sys.executable, "-m", "toolkit", "build", "html", "--format", "json"], cwd=edition,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and canary.token not in result.stdout + result.stderr
    found = json.loads(result.stdout)["diagnostics"]
    missing = [e for e in expected if not any(matches(d, e, e["path"]) for d in found)]
    assert not missing, missing
    assert len(chosen) >= 40
    documents = sorted(p.stem for p in (base_edition / "tei/documents").glob("*.xml"))
    assert all((edition / f"output/html/{doc}.html").is_file() for doc in documents)
    assert not canary.leaked_into(edition) and not canary.opened() and not listener.connections
