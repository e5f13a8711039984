"""The installed package is complete: a wheel, installed into a fresh virtual
environment outside the repository, starts, validates, builds and exports a new
edition, and takes its XSLT override and chained ODD.

The wheel is built from a copy of the working tree (what a checkout holds), so
the repository itself is never written to; the fresh environment gets its
dependencies from the package index (pip's cache makes reruns fast).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import bagit
import pytest
from lxml import html
from pypdf import PdfReader

from toolkit.config import INTERFACE_LANGUAGES
from toolkit.resources import resource, xslt_dir

from .conftest import REPO

PACKAGE_DATA_ROOTS = {"toolkit": "toolkit", "xslt": "toolkit/stylesheets"}


def source_packages() -> set[str]:
    """Every folder of the source tree that Python could import, folders of data included, as the
    wheel must name it (setuptools warns of an importable folder that is not listed)."""
    found = set()
    for folder, prefix in PACKAGE_DATA_ROOTS.items():
        for path in [REPO / folder, *(REPO / folder).rglob("*")]:
            parts = path.relative_to(REPO / folder).parts
            if path.is_dir() and all(part.isidentifier() and part != "__pycache__" for part in parts):
                found.add(".".join((*Path(prefix).parts, *parts)))
    return found


def test_pyproject_lists_every_package() -> None:
    declared = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
                   ["tool"]["setuptools"]["packages"])
    assert declared == source_packages(), "update [tool.setuptools] packages in pyproject.toml"


def test_the_package_carries_what_the_toolkit_needs() -> None:
    """Schemas, templates, labels of every interface language, and every font with its licence."""
    for parts in (("schema", "base.odd"), ("schema", "base.rng"), ("schema", "base.sch"),
                  ("schema", "base.compiled.odd"), ("print", "edition.typ"), ("html", "edition.css"),
                  ("templates", "document.xml"), ("new-edition", "tei", "edition.xml")):
        assert resource(*parts).is_file(), "/".join(parts)
    for language in INTERFACE_LANGUAGES:
        assert (xslt_dir() / "common" / "labels" / f"{language}.xml").is_file(), language
    fonts = [path for path in resource().rglob("*") if path.suffix in (".ttf", ".otf", ".woff", ".woff2")]
    assert fonts
    for font in fonts:
        licences = [p for p in font.parent.iterdir() if p.name.upper().startswith(("LICENSE", "LICENCE", "OFL"))]
        assert licences, f"{font.name} ships without its licence"


def expected_wheel_files() -> set[str]:
    """Every file below toolkit/ and xslt/ (byte code aside), named as it stands in the wheel."""
    expected = set()
    for folder, prefix in PACKAGE_DATA_ROOTS.items():
        for path in (REPO / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                expected.add(f"{prefix}/{path.relative_to(REPO / folder).as_posix()}")
    return expected


def working_tree_copy(target: Path) -> Path:
    """The files a checkout of the working tree holds (tracked and new, not ignored); without
    git, what the package is built from."""
    try:
        listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO,
                                capture_output=True, check=True).stdout.decode().split("\0")
    except (OSError, subprocess.CalledProcessError):
        packaged = (path for folder in PACKAGE_DATA_ROOTS for path in (REPO / folder).rglob("*"))
        listed = ["pyproject.toml", "README.md", "LICENSE",
                  *(path.relative_to(REPO).as_posix() for path in packaged if "__pycache__" not in path.parts)]
    for rel in filter(None, listed):
        source = REPO / rel
        if source.is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)
    return target


def run(command: list[str], cwd: Path, env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(command)} (in {cwd}) exit {result.returncode}\n" \
                                   f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def broken_links(site: Path) -> list[str]:
    """Links and sources in the built pages that lead to no file of the site."""
    broken = []
    for page in site.rglob("*.html"):
        tree = html.parse(str(page))
        for attribute in ("href", "src"):
            for value in tree.xpath(f"//@{attribute}"):
                parts = urlsplit(value)
                if parts.scheme or parts.netloc or not parts.path:
                    continue
                target = (page.parent / unquote(parts.path)).resolve()
                if target.is_dir():
                    target = target / "index.html"
                if not target.exists():
                    broken.append(f"{page.relative_to(site)}: {value}")
    return broken


@pytest.mark.slow
def test_the_wheel_alone_starts_validates_and_builds_a_new_edition(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    source = working_tree_copy(tmp_path / "source")
    dist = tmp_path / "dist"
    run([sys.executable, "-m", "build", "--outdir", str(dist), str(source)], cwd=source, env=env)
    wheel = next(dist.glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        missing = expected_wheel_files() - set(archive.namelist())
    assert not missing, f"files missing from the wheel: {sorted(missing)}"

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path, env=env)
    bin_dir = venv / "bin"
    run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)], cwd=tmp_path, env=env,
        timeout=600)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    imported = run([str(bin_dir / "python"), "-c", "import toolkit; print(toolkit.__file__)"],
                   cwd=tmp_path, env=env).stdout.strip()
    assert Path(imported).is_relative_to(venv), f"toolkit imported from {imported}, not from the fresh venv"

    edition = str(bin_dir / "edition")
    work = tmp_path / "elsewhere"
    work.mkdir()
    run([edition, "init", "letters", "--title", "Letters of a Test Family", "--editor", "Ada Editor",
         "--base-url", "https://example.org/letters/"], cwd=work, env=env)
    folder = work / "letters"
    assert (folder / "schema" / "edition.rng").is_file(), "init compiles the edition's schema"
    created = run([edition, "new", "A second letter", "--date", "1901-02-03"], cwd=folder, env=env)
    assert created.stdout.strip() == "tei/documents/d002.xml"
    run([edition, "validate"], cwd=folder / "tei", env=env)
    run([edition, "build", "html", "pdf"], cwd=folder, env=env)
    run([edition, "export", "bagit"], cwd=folder, env=env)

    site = folder / "output" / "html"
    assert (site / "index.html").is_file()
    pages = list(site.rglob("*.html"))
    assert any("d002" in page.name for page in pages), "the new document has its page"
    assert not broken_links(site)
    assert "A second letter" in (site / "documents.html").read_text(encoding="utf-8")
    volume = PdfReader(folder / "output" / "pdf" / "edition.pdf")
    assert "Letters of a Test Family" in volume.pages[0].extract_text()
    assert "A second letter" in " ".join(page.extract_text() for page in volume.pages)
    assert len(PdfReader(folder / "output" / "pdf" / "d002.pdf").pages) >= 1
    bags = list((folder / "output" / "export" / "bagit").glob("*/bagit.txt"))
    assert len(bags) == 1, "export bagit wrote a bag"
    assert bagit.Bag(str(bags[0].parent)).is_valid()

    # The customisations work from the installed package too: an XSLT override imported after
    # the installed stylesheets, an ODD chained onto the installed base ODD.
    (folder / "overrides" / "xslt").mkdir(parents=True)
    (folder / "overrides" / "xslt" / "html.xsl").write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" '
        'xpath-default-namespace="http://www.tei-c.org/ns/1.0" exclude-result-prefixes="#all">'
        '<xsl:template match="quote"><q class="from-the-override"><xsl:apply-templates/></q></xsl:template>'
        '</xsl:stylesheet>\n', encoding="utf-8")
    run([edition, "build", "html"], cwd=folder, env=env)
    assert 'class="from-the-override"' in (site / "d001.html").read_text(encoding="utf-8")
    odd = folder / "schema" / "edition.odd"
    odd.write_text(odd.read_text(encoding="utf-8").replace(
        "</schemaSpec>", '<elementSpec ident="quote" mode="delete"/></schemaSpec>'), encoding="utf-8")
    run([edition, "schema"], cwd=folder, env=env)
    invalid = subprocess.run([edition, "validate"], cwd=folder, env=env, capture_output=True, text=True)
    assert invalid.returncode == 1 and "<quote> is not allowed in this edition" in invalid.stdout, invalid.stdout
