"""Exchange: the edition in the formats repositories and aggregators take, and TEI from elsewhere.

As pandoc has one writer per output format, this package has one small module
per format, each a writer from the corpus model (:mod:`toolkit.corpus`) and the
edition's configuration: ``tei`` (the sources and one ``teiCorpus``), ``cmif``
(correspSearch), ``dc`` (``oai_dc`` per document), ``datacite`` (DataCite 4.6),
``oai`` (a static OAI-PMH response set; :mod:`.oai` also answers live requests)
and ``bagit`` (a BagIt package for deposit, holding all of the above).  Every
export is written into a staging folder and published atomically
(:func:`toolkit.publish.staged`); the same sources give the same bytes.

:mod:`.importer` goes the other way: TEI files, folders or BagIt packages made
elsewhere are checked against the edition's rules and, on request, adopted.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Callable

from ..diagnostics import Diagnostic, EditionError, error, has_errors
from ..edition import Edition
from ..publish import staged
from ..validate import validate
from ..xmlio import write_atomic

#: Every format ``edition export`` writes: name -> ``module:function`` (imported only when used).
#: A writer fills the folder it is given and returns the problems it found.
EXPORTERS: dict[str, str] = {
    "tei": "toolkit.exchange.teiexport:write",
    "cmif": "toolkit.exchange.cmif:write",
    "dc": "toolkit.exchange.dc:write",
    "datacite": "toolkit.exchange.datacite:write",
    "oai": "toolkit.exchange.oai:write",
    "bagit": "toolkit.exchange.bag:write",
}

#: Marks a folder as an export, so ``--output`` never replaces a folder the toolkit did not write.
MARKER = ".edition-export"

Writer = Callable[[Edition, Path], list[Diagnostic]]


def writer(fmt: str) -> Writer:
    module, _, attribute = EXPORTERS[fmt].partition(":")
    return getattr(importlib.import_module(module), attribute)


def default_target(edition: Edition, fmt: str) -> Path:
    return edition.config.output / "export" / fmt


def check_target(edition: Edition, target: Path, fmt: str) -> None:
    """Refuse a target inside the sources, or a folder that is not an earlier export of this format."""
    inside = next((folder for folder in (edition.config.sources, edition.config.schema_dir)
                   if target.resolve().is_relative_to(folder.resolve())), None)
    if inside is not None:
        raise EditionError(error(edition.rel(target), f"the export would be written into {edition.rel(inside)}",
                                 rule="usage", hint="name a folder outside the edition's sources and schema"))
    if target.is_file():
        raise EditionError(error(edition.rel(target), "--output names a file; an export is a folder",
                                 rule="usage", hint="name a new or empty folder"))
    if not target.is_dir() or not any(target.iterdir()):
        return
    marker = target / MARKER
    if not marker.is_file() or marker.read_text(encoding="utf-8").strip() != fmt:
        raise EditionError(error(edition.rel(target), "the folder exists and is not an earlier "
                                                      f"'{fmt}' export; nothing was written",
                                 rule="usage", hint="name a new or empty folder: the export replaces "
                                                    "the whole folder"))


def export(edition: Edition, fmt: str, target: Path | None = None) -> tuple[Path, list[Diagnostic]]:
    """Write the export ``fmt`` into ``target`` (default ``output/export/<fmt>``), atomically.

    The edition is validated first: an edition with errors is not exported.
    A writer's errors leave the previous export in place.
    """
    if fmt not in EXPORTERS:
        raise EditionError(error("edition export", f"unknown format {fmt!r}", rule="usage",
                                 hint="formats: " + ", ".join(EXPORTERS)))
    target = target or default_target(edition, fmt)
    check_target(edition, target, fmt)
    problems = validate(edition.corpus)
    if has_errors(problems):
        raise EditionError(*problems)  # only a valid edition is published
    write = writer(fmt)
    with staged(target, incremental=False) as out:
        diagnostics = write(edition, out)
        if has_errors(diagnostics):
            raise EditionError(*diagnostics)
        write_atomic(out / MARKER, f"{fmt}\n".encode())
    return target, problems + diagnostics
