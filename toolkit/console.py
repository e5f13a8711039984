"""What the command line shows: diagnostics, summaries and progress.

Text for people (coloured on a terminal, plain in a pipe), JSON for tools.
Progress bars appear only on a terminal, so logs and tests stay clean.
"""

from __future__ import annotations

import contextlib
import re
import sys
from typing import Iterable, Iterator, TypeVar

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .diagnostics import Diagnostic, Severity, sort_key, to_json

T = TypeVar("T")

_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}

#: The reporter of the running command, so that long loops deep in the toolkit
#: (validation, pages, PDFs) can show progress without passing it everywhere.
_active: "Reporter | None" = None

#: Control characters (but tab and newline) and bidi embeddings, overrides and isolates.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` safe for a terminal: what a file name or a document may hold that would steer it
    (an escape sequence retitles or reprograms it, a right-to-left override reverses what follows)
    is shown as an escape (``\\x1b``, ``\\u202e``) instead."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


class Reporter:
    """Prints diagnostics and progress in the chosen format."""

    def __init__(self, fmt: str = "text", quiet: bool = False) -> None:
        self.format = fmt
        self.quiet = quiet
        self.out = Console(highlight=False, soft_wrap=True)
        self.err = Console(stderr=True, highlight=False, soft_wrap=True)

    def activate(self) -> "Reporter":
        """Make this the reporter that :func:`track` shows progress on."""
        global _active
        _active = self
        return self

    def diagnostics(self, diagnostics: Iterable[Diagnostic], summary: str = "") -> None:
        items = sorted(diagnostics, key=sort_key)
        if self.format == "json":
            sys.stdout.write(to_json(items) + "\n")
            return
        for item in items:
            style = _STYLES[item.severity]
            line = (f"{escape(printable(item.location()))}: [{style}]{item.severity.value}[/]: "
                    f"{escape(printable(item.message))}"
                    + (f" [dim]\\[{escape(printable(item.rule))}][/]" if item.rule else ""))
            self.out.print(line)
            if item.hint:
                self.out.print(f"  [dim]hint:[/] {escape(printable(item.hint))}")
        if summary and not self.quiet:
            self.err.print(summary)

    def info(self, message: str) -> None:
        if not self.quiet and self.format == "text":
            self.err.print(printable(message), markup=False)

    @contextlib.contextmanager
    def progress(self, description: str, total: int) -> Iterator["Step"]:
        """A progress bar on a terminal; nothing elsewhere."""
        if self.quiet or self.format != "text" or not self.err.is_terminal:
            yield Step(None, None)
            return
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=self.err, transient=True) as bar:
            yield Step(bar, bar.add_task(description, total=total))


class Step:
    def __init__(self, bar: Progress | None, task: int | None) -> None:
        self.bar = bar
        self.task = task

    def advance(self, amount: int = 1) -> None:
        if self.bar is not None and self.task is not None:
            self.bar.advance(self.task, amount)


def summarise(diagnostics: list[Diagnostic], what: str) -> str:
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = sum(1 for d in diagnostics if d.severity is Severity.WARNING)
    if not errors and not warnings:
        return f"{what}: no problems found"
    return f"{what}: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def track(items: Iterable[T], total: int, description: str) -> Iterator[T]:
    """Yield ``items``, advancing a progress bar of the running command (on a terminal only)."""
    if _active is None:
        yield from items
        return
    with _active.progress(description, total) as step:
        for item in items:
            yield item
            step.advance()
