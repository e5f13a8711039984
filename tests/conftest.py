"""Fixtures shared by the whole test suite."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from toolkit.cli import main

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
EXTERNAL = SHARED / "external"


def shared_path(*parts: str) -> Path:
    """A path below ../shared/, or skip the test with the reason."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available (../shared/ holds the seed and external material)")
    return path


def copy_edition(target: Path) -> Path:
    """Copy this repository's edition (configuration, sources, schema) into ``target``."""
    target.mkdir(parents=True)
    shutil.copy2(REPO / "edition.toml", target / "edition.toml")
    for folder in ("tei", "schema"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, target / folder)
    return target


@pytest.fixture
def edition_copy(tmp_path: Path) -> Path:
    """A private copy of this repository's edition, free to modify."""
    return copy_edition(tmp_path / "edition")


@pytest.fixture(scope="session")
def html_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's edition built once per session with ``edition build html`` (and the PDFs
    the site links): the folder of the site."""
    root = copy_edition(tmp_path_factory.mktemp("html-site") / "edition")
    result = run_edition("build", "html", "--root", str(root))
    assert result.exit_code == 0, result.output
    return root / "output" / "html"


@pytest.fixture(scope="session")
def tei_all_rng():
    """The official TEI P5 tei_all schema (RELAX NG, TEI 4.3.0), loaded once per session (about 17 s)."""
    from lxml import etree

    return etree.RelaxNG(etree.parse(str(shared_path("external", "tei-p5", "tei_all.rng"))))


def run_edition(*args: str, cwd: Path | None = None) -> Result:
    """Run the ``edition`` command in-process, as a user would type it."""
    with contextlib.chdir(cwd or Path.cwd()):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
