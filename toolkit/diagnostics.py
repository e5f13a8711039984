"""Diagnostics: every problem the toolkit reports, in one shape.

A diagnostic names a place (path, line, column), a severity, a message an
editor can act on, optionally the rule that fired and a hint.  Commands collect
diagnostics instead of raising, so one run reports every problem; the command
line prints them like a compiler (``path:line:col: error: message [rule]``) or
as JSON for other tools, and turns them into exit codes in one place.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import Enum
from pathlib import Path
from typing import Iterable


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int = 0
    col: int = 0
    severity: Severity = field(default=Severity.ERROR, compare=False)
    message: str = field(default="", compare=False)
    rule: str = field(default="", compare=False)
    hint: str = field(default="", compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col or 1}"
        return self.path

    def format(self) -> str:
        """The one-line, compiler-style form; a hint follows on its own line."""
        text = f"{self.location()}: {self.severity.value}: {self.message}"
        if self.rule:
            text += f" [{self.rule}]"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def to_json(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def error(path: str | Path, message: str, *, line: int = 0, col: int = 0,
          rule: str = "", hint: str = "") -> Diagnostic:
    return Diagnostic(str(path), line, col, Severity.ERROR, message, rule, hint)


def warning(path: str | Path, message: str, *, line: int = 0, col: int = 0,
            rule: str = "", hint: str = "") -> Diagnostic:
    return Diagnostic(str(path), line, col, Severity.WARNING, message, rule, hint)


class EditionError(Exception):
    """A problem that stops a command; carries the diagnostics that explain it."""

    def __init__(self, *diagnostics: Diagnostic) -> None:
        super().__init__("; ".join(d.format() for d in diagnostics))
        self.diagnostics = list(diagnostics)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def sort_key(d: Diagnostic) -> tuple:
    return (d.path, d.line, d.col, d.rule, d.message)


def to_json(diagnostics: Iterable[Diagnostic]) -> str:
    items = [d.to_json() for d in sorted(diagnostics, key=sort_key)]
    summary = {
        "errors": sum(1 for d in items if d["severity"] == "error"),
        "warnings": sum(1 for d in items if d["severity"] == "warning"),
    }
    return json.dumps({"diagnostics": items, "summary": summary}, ensure_ascii=False, indent=2)
