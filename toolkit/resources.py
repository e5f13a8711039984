"""Where the toolkit's own files are: package data, never repository paths.

The XSLT ships as the subpackage ``toolkit.stylesheets`` (the repository's
``xslt/`` folder; not ``toolkit.xslt``, which is the module that runs it),
templates, schemas, labels and fonts under ``toolkit/resources/``.
An edition's ``overrides/`` folder is consulted first where an override makes
sense (see :func:`overridable`).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def xslt_dir() -> Path:
    return Path(str(files("toolkit.stylesheets")))


def resource(*parts: str) -> Path:
    return Path(str(files("toolkit").joinpath("resources", *parts)))


def overridable(overrides: Path | None, *parts: str) -> Path:
    """The edition's override of a resource when it has one, else the toolkit's own."""
    if overrides is not None:
        candidate = overrides.joinpath(*parts)
        if candidate.is_file():
            return candidate
    return resource(*parts)
