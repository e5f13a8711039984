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
import re
from pathlib import Path
from typing import Callable, Iterable

from lxml import etree

from .corpus import POINTER_ATTRIBUTES, Corpus
from .diagnostics import Diagnostic, error, sort_key
from .schema import check_files

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
                                      line=line, col=1, rule="id-unique",
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
        if pointer.target_file in corpus.refused:
            hint = f"{pointer.target_file} could not be read: see the errors reported for it"
            message = f"@{pointer.attribute}={pointer.value!r} on <{pointer.element}> points into " \
                      f"{pointer.target_file}, which is not part of the edition"
        elif pointer.target_file == ".." or pointer.target_file.startswith(("../", "/")):
            hint = "pointers lead to files of the edition; the toolkit never reads a file outside it"
            message = f"@{pointer.attribute}={pointer.value!r} on <{pointer.element}> leads outside the edition"
        elif pointer.target_file not in corpus.ids:
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


#: URI schemes that run code or smuggle content when a browser follows them.
_DANGEROUS_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript):", re.IGNORECASE)

_CONTROLS_AND_SPACE = "".join(map(chr, range(0x21)))

#: Attributes that hold URIs (beyond the corpus's pointer attributes).
URI_ATTRIBUTES = ("url", "facs", "href", "src", "base", "schemaLocation")


_URI_NAMES = frozenset(POINTER_ATTRIBUTES + URI_ATTRIBUTES)


def dangerous_scheme(value: str) -> str:
    """The scheme if a browser would run this URI as script or data, else "".

    Browsers drop tabs, newlines and leading controls first, so ``" java\tscript:"`` counts.
    """
    cleaned = re.sub(r"[\t\n\r]", "", value).lstrip(_CONTROLS_AND_SPACE)
    found = _DANGEROUS_SCHEME.match(cleaned)
    return found.group(1).lower() if found else ""


def uri_problems(rel: str, root: etree._Element) -> list[Diagnostic]:
    """No pointer may be a javascript:, vbscript: or data: URI: published, it would run or inject code."""
    problems = []
    for element in root.iter(etree.Element):
        for name, value in element.items():
            local = name.rpartition("}")[2]
            scheme = dangerous_scheme(value) if ":" in value and local in _URI_NAMES else ""
            if scheme:
                problems.append(error(rel, f"@{local} on <{etree.QName(element).localname}> is a "
                                           f"{scheme}: URI, which is not allowed",
                                      line=element.sourceline or 0, col=1, rule="uri-scheme",
                                      hint="link only to http(s):, mailto: or files of the edition; "
                                           "script and data URIs would run in the readers' browsers"))
    return problems


def check_each_file(corpus: Corpus, only: set[str] | None) -> list[Diagnostic]:
    """The checks of one file at a time: URI schemes, the schema's grammar and rules (one parse each)."""
    return check_files(corpus, only, also=(uri_problems,))


#: The checks ``edition validate`` runs, in order.
CHECKS: list[Check] = [check_unique_ids, check_pointers, check_each_file]


def validate(corpus: Corpus, only: Iterable[str] | None = None) -> list[Diagnostic]:
    """Every problem of the edition (or of the files named in ``only``), sorted by place."""
    selected = set(only) if only is not None else None
    problems = [d for d in corpus.diagnostics if selected is None or d.path in selected]
    for check in CHECKS:
        # A problem an earlier check reported (same file, line and rule) is not reported again in other
        # words: the Schematron's same-file pointer and id rules repeat what the corpus checks found.
        reported = {(d.path, d.line, d.rule) for d in problems}
        problems.extend(d for d in check(corpus, selected) if (d.path, d.line, d.rule) not in reported)
    # Diagnostics compare equal by place alone, so a set would drop a second problem on the same line.
    unique = {(d.path, d.line, d.col, d.severity, d.rule, d.message): d for d in problems}
    return sorted(unique.values(), key=sort_key)
