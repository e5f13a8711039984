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

from ..config import CONFIG_NAME
from ..console import Reporter
from ..diagnostics import Diagnostic, EditionError
from ..edition import Edition
from ..publish import BuildLock, staged
from .base import BuildContext, Builder
from .cache import BuildState

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
    config = edition.config
    output = config.output
    with BuildLock(output, edition.rel(output)):
        # Nothing is read or parsed for a target none of whose inputs changed (see BuildState).
        state = BuildState(output)
        inputs = state.inputs(config.root, config.sources, config.schema_dir, config.overrides,
                              config.root / CONFIG_NAME)
        # A file that could not be read is left out of every target: say so, and let the build fail.
        read = state.reading(inputs)
        if read is None:
            read = list(edition.corpus.diagnostics)
            state.record_reading(inputs, read)
        context.diagnostics.extend(read)
        for name in order(targets):
            target_key = state.target_key(name, inputs, builder_class(name).needs)
            unchanged = state.up_to_date(name, target_key)
            if unchanged is not None:
                context.diagnostics.extend(unchanged)
                reporter.info(f"{edition.rel(output / name)} is up to date")
                continue
            builder = builder_class(name)(context)
            found: list[Diagnostic] = []
            try:
                with staged(output / name) as out:
                    found = builder.build(out)
            except EditionError as exc:
                found = exc.diagnostics
            context.diagnostics.extend(found)
            state.record(name, target_key, found)
            reporter.info(f"built {edition.rel(output / name)}")
        state.save()
    return context.diagnostics
