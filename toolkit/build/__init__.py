"""``edition build``: run the builders, each into its own atomically published folder.

Builders are listed in :data:`BUILDERS` (name -> ``module:Class``, imported
only when used, so ``edition validate`` never loads the PDF engine).  A build takes the
edition's lock, runs the requested builders in dependency order (the HTML site
links the per-document PDFs, so PDF comes first) and publishes each target
only when it finished; a document that fails is reported and the others are
still built.
"""

from __future__ import annotations

import importlib

from ..console import Reporter
from ..diagnostics import Diagnostic, EditionError
from ..edition import Edition
from ..publish import BuildLock, staged
from .base import BuildContext, Builder

#: Every target ``edition build`` knows, in the order ``edition build`` with no target runs them.
BUILDERS: dict[str, str] = {
    "pdf": "toolkit.build.pdf:PdfBuilder",
    "html": "toolkit.build.html:HtmlBuilder",
}


def builder_class(name: str) -> type[Builder]:
    module, _, attribute = BUILDERS[name].partition(":")
    return getattr(importlib.import_module(module), attribute)


def order(targets: list[str]) -> list[str]:
    """The targets and what they need, each after its needs."""
    ordered: list[str] = []

    def visit(name: str) -> None:
        if name in ordered:
            return
        for need in builder_class(name).needs:
            visit(need)
        ordered.append(name)

    for name in targets:
        visit(name)
    return ordered


def run(edition: Edition, targets: list[str], reporter: Reporter, jobs: int = 1) -> list[Diagnostic]:
    context = BuildContext(edition=edition, reporter=reporter, jobs=jobs)
    # A file that could not be read is left out of every target: say so, and let the build fail.
    context.diagnostics.extend(edition.corpus.diagnostics)
    output = edition.config.output
    with BuildLock(output, edition.rel(output)):
        for name in order(targets):
            builder = builder_class(name)(context)
            try:
                with staged(output / name) as out:
                    context.diagnostics.extend(builder.build(out))
            except EditionError as exc:
                context.diagnostics.extend(exc.diagnostics)
            reporter.info(f"built {edition.rel(output / name)}")
    return context.diagnostics
