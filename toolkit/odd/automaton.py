"""Matching a sequence of child elements against a content model (Brzozowski derivatives).

The validator's verdict comes from RELAX NG; this module explains it.  The
derivative of a pattern by an element name is the pattern the remaining
children must match; when it is ``NotAllowed`` the child is out of place, and
:func:`firsts` of the pattern before it says what the schema allows there
instead.  Patterns are the expanded ones of :meth:`Schema.content` (only
element references, text and groups), so the explanation speaks of the
elements an editor writes, not of classes.
"""

from __future__ import annotations

import functools
from dataclasses import replace

from .content import (Alt, AnyElement, ElementRef, Empty, Interleave, NotAllowed, Pattern, Seq, nullable,
                      simplify, walk)

NOT = NotAllowed()
EMPTY = Empty()
ANY = "*"


@functools.lru_cache(maxsize=65536)
def derive(pattern: Pattern, key: str) -> Pattern:
    """What is left to match of ``pattern`` after a child element ``key``."""
    if pattern.max == 0 or not isinstance(pattern, (ElementRef, AnyElement, Seq, Alt, Interleave)):
        return NOT
    step = _derive_once(pattern.once(), key)
    if isinstance(step, NotAllowed) or pattern.single:
        return step
    rest = replace(pattern, min=max(pattern.min - 1, 0), max=None if pattern.max is None else pattern.max - 1)
    if rest.max == 0:
        return step
    return simplify(Seq(items=(step, rest)))


def _derive_once(pattern: Pattern, key: str) -> Pattern:
    if isinstance(pattern, ElementRef):
        return EMPTY if pattern.key == key else NOT
    if isinstance(pattern, AnyElement):
        return EMPTY
    if isinstance(pattern, Alt):
        return simplify(Alt(items=tuple(derive(i, key) for i in pattern.items)))
    if isinstance(pattern, Seq):
        first, rest = pattern.items[0], pattern.items[1:]
        tail = Seq(items=rest) if len(rest) > 1 else (rest[0] if rest else EMPTY)
        options = [Seq(items=(derive(first, key), *rest))]
        if nullable(first):
            options.append(derive(tail, key) if rest else NOT)
        return simplify(Alt(items=tuple(options)))
    if isinstance(pattern, Interleave):
        options = []
        for index, item in enumerate(pattern.items):
            items = list(pattern.items)
            items[index] = derive(item, key)
            options.append(Interleave(items=tuple(items)))
        return simplify(Alt(items=tuple(options)))
    return NOT


@functools.lru_cache(maxsize=16384)
def firsts(pattern: Pattern) -> tuple[str, ...]:
    """The elements that may come next, in the order the model names them."""
    found: list[str] = []

    def add(names: tuple[str, ...]) -> None:
        found.extend(n for n in names if n not in found)

    if pattern.max == 0:
        return ()
    if isinstance(pattern, ElementRef):
        return (pattern.key,)
    if isinstance(pattern, AnyElement):
        return (ANY,)
    if isinstance(pattern, (Alt, Interleave)):
        for item in pattern.items:
            add(firsts(item))
    elif isinstance(pattern, Seq):
        for item in pattern.items:
            add(firsts(item))
            if not nullable(item):
                break
    return tuple(found)


def symbols(pattern: Pattern) -> set[str]:
    """Every element the pattern mentions."""
    return {p.key for p in walk(pattern) if isinstance(p, ElementRef)}
