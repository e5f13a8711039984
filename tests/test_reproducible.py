"""Reproducibility: the same sources give byte-identical outputs, wherever and whenever they are built.

The edition is copied into two folders with different absolute paths; the
second copy's files get other modification times.  Each copy is built (every
target in ``BUILDERS``) and exported (every format in ``EXPORTERS``) in its own
processes, with different time zones at the opposite ends of the world (so
"today" is a different date in each), different hash seeds (so set and dict
order differ), different umasks and locales, and the second one with a clock
moved forward by 40 days (``sitecustomize``: Python's ``time`` and
``datetime``).  Then every file of the two output folders must be identical,
byte for byte.  Locks and the build cache (which records inodes) are
bookkeeping, not output, and are left out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from toolkit.build import BUILDERS
from toolkit.build.stable_index import canonicalise
from toolkit.exchange import EXPORTERS

from .conftest import REPO

#: Python's clock in the second build, moved forward by 40 days and 5 hours.
SHIFTED_CLOCK = """
    import datetime as _dt
    import time as _time

    _SHIFT = 40 * 86400 + 5 * 3600
    _real_time, _real_time_ns = _time.time, _time.time_ns
    _time.time = lambda: _real_time() + _SHIFT
    _time.time_ns = lambda: _real_time_ns() + _SHIFT * 10**9
    _real_localtime, _real_gmtime = _time.localtime, _time.gmtime
    _time.localtime = lambda secs=None: _real_localtime(_time.time() if secs is None else secs)
    _time.gmtime = lambda secs=None: _real_gmtime(_time.time() if secs is None else secs)
    _real_strftime, _real_ctime = _time.strftime, _time.ctime
    _time.strftime = lambda format, t=None: _real_strftime(format, _time.localtime() if t is None else t)
    _time.ctime = lambda secs=None: _real_ctime(_time.time() if secs is None else secs)

    class _Date(_dt.date):
        @classmethod
        def today(cls):
            return cls.fromtimestamp(_time.time())

    class _DateTime(_dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls.fromtimestamp(_time.time(), tz)

        @classmethod
        def utcnow(cls):
            return cls.utcfromtimestamp(_time.time())

        @classmethod
        def today(cls):
            return cls.fromtimestamp(_time.time())

    _dt.date, _dt.datetime = _Date, _DateTime
"""


def bookkeeping(rel: str) -> bool:
    """Files that record the build, not the edition: locks and the cache."""
    parts = rel.split("/")
    return parts[0] == ".cache" or parts[-1] == ".lock" or (parts[-1].startswith(".") and parts[-1].endswith(".lock"))


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not bookkeeping(p.relative_to(folder).as_posix())}


#: OAI-PMH and bag-info need a contact address, which the repository's edition.toml may not give.
CONTACT = '\n[contact]\nname = "Editorial office"\nemail = "edition@example.org"\n'


def copy_edition(target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copy2(REPO / "edition.toml", target / "edition.toml")
    settings = (target / "edition.toml").read_text(encoding="utf-8")
    if "[contact]" not in settings:
        (target / "edition.toml").write_text(settings + CONTACT, encoding="utf-8")
    for folder in ("tei", "schema", "overrides"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, target / folder)
    return target


#: Builds every target and writes every export in one process (each command as a user types it):
#: the environment under test is the process's; one process keeps the schemas compiled once.
DRIVER = """
import sys
from click.testing import CliRunner
from toolkit.build import BUILDERS
from toolkit.cli import main
from toolkit.exchange import EXPORTERS
for arguments in [["build"], *(["export", fmt] for fmt in EXPORTERS)]:
    result = CliRunner().invoke(main, arguments)
    if result.exit_code != 0:
        sys.exit(f"edition {' '.join(arguments)}: exit {result.exit_code}\\n{result.output}")
"""


def produce(edition: Path, env: dict[str, str], umask: int) -> None:
    """Build every target and write every export, in a process with the environment ``env``."""
    result = subprocess.run([sys.executable, "-c", DRIVER], cwd=edition, env=env, capture_output=True, text=True,
                            timeout=600, preexec_fn=lambda: os.umask(umask))
    assert result.returncode == 0, result.stderr


def describe(difference: str, first: dict[str, bytes], second: dict[str, bytes]) -> str:
    a, b = first[difference], second[difference]
    at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return (f"{difference} differs at byte {at}:\n  {a[max(0, at - 80):at + 80]!r}\n"
            f"  {b[max(0, at - 80):at + 80]!r}")


@pytest.mark.slow
def test_two_builds_in_different_places_and_times_are_byte_identical(tmp_path: Path) -> None:
    if not BUILDERS:
        pytest.skip("no builder is registered yet")
    first = copy_edition(tmp_path / "a" / "edition")
    second = copy_edition(tmp_path / "somewhere else" / "deeper, with spaces" / "Edition-2")
    for path in second.rglob("*"):
        os.utime(path, (1_000_000_000, 1_000_000_000))        # 2001: other modification times

    clock = tmp_path / "clock"
    clock.mkdir()
    (clock / "sitecustomize.py").write_text(textwrap.dedent(SHIFTED_CLOCK), encoding="utf-8")
    base = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PYTHONPATH", "TZ")}
    produce(first, {**base, "TZ": "Pacific/Kiritimati", "PYTHONHASHSEED": "1", "LC_ALL": "C.UTF-8"}, 0o022)
    produce(second, {**base, "TZ": "Etc/GMT+12", "PYTHONHASHSEED": "2", "LC_ALL": "C",
                     "PYTHONPATH": str(clock)}, 0o077)

    one, two = tree(first / "output"), tree(second / "output")
    assert sorted(one) == sorted(two)
    for target in BUILDERS:
        assert any(rel.startswith(f"{target}/") for rel in one), f"the build wrote nothing into output/{target}"
    for fmt in EXPORTERS:
        assert any(rel.startswith(f"export/{fmt}/") for rel in one), f"nothing in output/export/{fmt}"
    different = [rel for rel in one if one[rel] != two[rel]]
    assert not different, "\n".join(describe(rel, one, two) for rel in different[:5])


def small_site(folder: Path) -> Path:
    """Pages whose filters have several values each: the case Pagefind orders at random."""
    folder.mkdir(parents=True)
    for number in range(12):
        filters = "".join(f'<span data-pagefind-filter="{name}">{name} {number % modulo}</span>'
                          for name, modulo in (("type", 3), ("sender", 5), ("year", 4), ("place", 6)))
        (folder / f"p{number}.html").write_text(
            f'<!DOCTYPE html><html lang="en"><head><title>Page {number}</title></head><body><main>'
            f"<h1>Page {number}</h1><p>Text of page {number}, word{number}.</p>{filters}</main></body></html>",
            encoding="utf-8")
    return folder


def run_pagefind(site: Path, output: Path) -> dict[str, bytes]:
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output),
                    "--silent"], check=True, timeout=120)
    return tree(output)


def test_the_search_index_is_made_canonical(tmp_path: Path) -> None:
    """Pagefind writes filters in a random order; after canonicalise() two runs are identical."""
    site = small_site(tmp_path / "site")
    runs = [tmp_path / f"index{number}" for number in range(3)]
    raw = [run_pagefind(site, run) for run in runs]
    for run in runs:
        assert canonicalise(run)
    canonical = [tree(run) for run in runs]
    assert canonical[0] == canonical[1] == canonical[2]
    assert sorted(p for p in raw[0] if not p.startswith(("filter/", "pagefind."))) == \
        sorted(p for p in canonical[0] if not p.startswith(("filter/", "pagefind.")))
    assert canonicalise(runs[0])                  # canonical already: nothing changes
    assert tree(runs[0]) == canonical[0]


def test_an_index_of_unknown_format_is_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "pagefind"
    folder.mkdir()
    (folder / "pagefind-entry.json").write_text('{"version":"9","languages":{"en":{"hash":"en_x"}}}')
    (folder / "pagefind.en_x.pf_meta").write_bytes(b"not gzip")
    before = tree(folder)
    assert not canonicalise(folder)
    assert tree(folder) == before
