"""Validation of the edition: the corpus model's own checks, then the schema's.

Reading already reported what is not well-formed (see :mod:`toolkit.corpus`);
here the cross-file checks run over the model: ids unique across the whole
edition and pointers that resolve, with the nearest existing ids suggested for
a broken one.  The schema checks (RELAX NG and Schematron compiled from the
ODD) plug in through :data:`CHECKS`, so ``edition validate`` runs every check
in one pass and reports every problem.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Callable, Iterable

from .corpus import Corpus
from .diagnostics import Diagnostic, error, sort_key

Check = Callable[[Corpus, set[str] | None], list[Diagnostic]]


def check_unique_ids(corpus: Corpus, only: set[str] | None) -> list[Diagnostic]:
    """An id must be unique across the whole edition, so any pointer to it is unambiguous."""
    problems = []
    for value, places in corpus.all_ids().items():
        if len(places) < 2:
            continue
        first_file, first_line = places[0]
        for rel, line in places[1:]:
            if only is None or rel in only:
                problems.append(error(rel, f"xml:id {value!r} is already used in {first_file}:{first_line}",
                                      line=line, col=1, rule="id-unique-edition",
                                      hint="ids must be unique across the whole edition; rename one of them"))
    return problems


def nearest_ids(corpus: Corpus, target_file: str, target_id: str, count: int = 3) -> list[str]:
    candidates = list(corpus.ids.get(target_file, {})) or [i for ids in corpus.ids.values() for i in ids]
    return difflib.get_close_matches(target_id, candidates, n=count, cutoff=0.5)


def check_pointers(corpus: Corpus, only: set[str] | None) -> list[Diagnostic]:
    """Every local pointer must lead to an existing file and id."""
    problems = []
    for pointer in corpus.pointers:
        if (only is not None and pointer.source not in only) or corpus.resolve(pointer):
            continue
        if pointer.target_file not in corpus.ids:
            near = [f for f in corpus.ids if Path(f).name == Path(pointer.target_file).name]
            hint = (f"did you mean {near[0]}?" if near else "check the file name and the path relative to this file")
            message = f"@{pointer.attribute}={pointer.value!r} on <{pointer.element}> points to a file that does " \
                      f"not exist in the edition ({pointer.target_file})"
        else:
            near = nearest_ids(corpus, pointer.target_file, pointer.target_id)
            hint = ("nearest existing ids: " + ", ".join(near)) if near else \
                f"no similar id in {pointer.target_file}; add the entry there or correct the pointer"
            message = f"@{pointer.attribute}={pointer.value!r} on <{pointer.element}> points to nothing: " \
                      f"{pointer.target_file} has no xml:id {pointer.target_id!r}"
        problems.append(error(pointer.source, message, line=pointer.line, col=1, rule="pointer-resolves",
                              hint=hint))
    return problems


#: The checks ``edition validate`` runs, in order.  Schema checks append themselves.
CHECKS: list[Check] = [check_unique_ids, check_pointers]


def validate(corpus: Corpus, only: Iterable[str] | None = None) -> list[Diagnostic]:
    """Every problem of the edition (or of the files named in ``only``), sorted by place."""
    selected = set(only) if only is not None else None
    problems = [d for d in corpus.diagnostics if selected is None or d.path in selected]
    for check in CHECKS:
        problems.extend(check(corpus, selected))
    return sorted(set(problems), key=sort_key)
