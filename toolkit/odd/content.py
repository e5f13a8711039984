"""Content models as values: one small algebra for every writer.

An ODD states what an element may contain either in pure ODD (``sequence``,
``alternate``, ``elementRef``...) or in embedded RELAX NG (``rng:zeroOrMore``,
``rng:ref``...).  Both are read into the immutable patterns below, so the
RELAX NG writer, the XSD writer, the encoding manual and the validator's
explanations all work from the same model and cannot drift apart.

Every pattern carries its occurrence (``min``, ``max``; ``max=None`` is
unbounded).  :func:`simplify` applies the RELAX NG simplification rules that
matter here: a reference to something the customisation removed becomes
``NotAllowed``, which empties an alternative, kills a required sequence and
vanishes under ``zeroOrMore``, so the compiled schema only refers to patterns
it defines.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterator

from lxml import etree

from .names import RNG_NS, TEI_NS, localname, namespace

UNBOUNDED = None


class ContentError(ValueError):
    """A content model the processor cannot read; the message says what and where."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, kw_only=True)
class Pattern:
    min: int = 1
    max: int | None = 1

    @property
    def single(self) -> bool:
        return self.min == 1 and self.max == 1

    @property
    def optional(self) -> bool:
        return self.min == 0

    def repeat(self, low: int, high: int | None) -> "Pattern":
        """This pattern occurring ``low``..``high`` times (folding simple nestings exactly)."""
        if low == 1 and high == 1:
            return self
        if self.single:
            return replace(self, min=low, max=high)
        simple = {(0, 1), (1, 1), (0, None), (1, None)}
        if (self.min, self.max) in simple and (low, high) in simple:
            top = None if self.max is None or high is None else self.max * high
            return replace(self, min=self.min * low, max=top)
        return Seq(items=(self,), min=low, max=high)

    def once(self) -> "Pattern":
        return replace(self, min=1, max=1)


@dataclass(frozen=True, kw_only=True)
class Seq(Pattern):
    items: tuple[Pattern, ...]


@dataclass(frozen=True, kw_only=True)
class Alt(Pattern):
    items: tuple[Pattern, ...]


@dataclass(frozen=True, kw_only=True)
class Interleave(Pattern):
    items: tuple[Pattern, ...]


@dataclass(frozen=True, kw_only=True)
class ElementRef(Pattern):
    key: str


@dataclass(frozen=True, kw_only=True)
class ClassRef(Pattern):
    key: str
    expand: str = "alternation"


@dataclass(frozen=True, kw_only=True)
class MacroRef(Pattern):
    key: str


@dataclass(frozen=True, kw_only=True)
class NameRef(Pattern):
    """An ``rng:ref``: an element, class, macro or datatype, resolved when the schema is built."""

    name: str


@dataclass(frozen=True, kw_only=True)
class DataRef(Pattern):
    key: str = ""            # a dataSpec (teidata.*)
    name: str = ""           # an XML Schema datatype (date, anyURI...)
    restriction: str = ""    # a regular expression the value must match
    facets: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, kw_only=True)
class Values(Pattern):
    values: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Text(Pattern):
    pass


@dataclass(frozen=True, kw_only=True)
class Empty(Pattern):
    pass


@dataclass(frozen=True, kw_only=True)
class NotAllowed(Pattern):
    pass


@dataclass(frozen=True, kw_only=True)
class AnyElement(Pattern):
    require: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ListOf(Pattern):
    item: Pattern


GROUPS = (Seq, Alt, Interleave)

# -- reading ---------------------------------------------------------------


def _occurs(node: etree._Element) -> tuple[int, int | None]:
    low = node.get("minOccurs", "1")
    high = node.get("maxOccurs", "1")
    try:
        return int(low), (None if high == "unbounded" else int(high))
    except ValueError:
        raise ContentError(f"<{localname(node)}> has minOccurs={low!r} maxOccurs={high!r}; "
                           "use whole numbers or 'unbounded'", node.sourceline or 0) from None


def _children(node: etree._Element) -> list[etree._Element]:
    return [c for c in node if isinstance(c.tag, str) and namespace(c) in (TEI_NS, RNG_NS)
            and localname(c) not in ("desc", "gloss", "documentation")]


def read_content(node: etree._Element) -> Pattern:
    """The pattern of a ``content`` or ``datatype`` element (its children in sequence)."""
    items = tuple(_read(child) for child in _children(node))
    if not items:
        return Empty()
    pattern = items[0] if len(items) == 1 else Seq(items=items)
    if localname(node) == "datatype":
        low, high = _occurs(node)
        if (low, high) != (1, 1):
            return ListOf(item=pattern, min=low, max=high)
    return pattern


def _read(node: etree._Element) -> Pattern:
    if namespace(node) == RNG_NS:
        return _read_rng(node)
    tag = localname(node)
    low, high = _occurs(node)
    reader = _TEI_READERS.get(tag)
    if reader is None:
        raise ContentError(f"<{tag}> cannot appear in a content model", node.sourceline or 0)
    return reader(node).repeat(low, high)


def _items(node: etree._Element) -> tuple[Pattern, ...]:
    return tuple(_read(child) for child in _children(node))


def _key(node: etree._Element) -> str:
    key = node.get("key") or node.get("name") or ""
    if not key:
        raise ContentError(f"<{localname(node)}> needs a key", node.sourceline or 0)
    return key


def _data_ref(node: etree._Element) -> Pattern:
    facets = tuple((f.get("name", ""), f.get("value", "")) for f in node
                   if isinstance(f.tag, str) and localname(f) == "dataFacet")
    if node.get("key"):
        return DataRef(key=node.get("key"))
    if node.get("name"):
        return DataRef(name=node.get("name"), restriction=node.get("restriction", ""), facets=facets)
    raise ContentError("<dataRef> needs @key or @name", node.sourceline or 0)


def _val_list(node: etree._Element) -> Pattern:
    values = tuple(item.get("ident", "") for item in node
                   if isinstance(item.tag, str) and localname(item) == "valItem")
    return Values(values=values)


_TEI_READERS: dict[str, Callable[[etree._Element], Pattern]] = {
    "sequence": lambda n: Seq(items=_items(n)),
    "alternate": lambda n: Alt(items=_items(n)),
    "interleave": lambda n: Interleave(items=_items(n)),
    "elementRef": lambda n: ElementRef(key=_key(n)),
    "classRef": lambda n: ClassRef(key=_key(n), expand=n.get("expand", "alternation")),
    "macroRef": lambda n: MacroRef(key=_key(n)),
    "dataRef": _data_ref,
    "textNode": lambda n: Text(),
    "empty": lambda n: Empty(),
    "anyElement": lambda n: AnyElement(require=tuple(n.get("require", "").split()),
                                       exclude=tuple(n.get("except", "").split())),
    "valList": _val_list,
}


def _read_rng(node: etree._Element) -> Pattern:
    tag = localname(node)
    items = tuple(_read(child) for child in _children(node))

    def body() -> Pattern:
        return items[0] if len(items) == 1 else Seq(items=items)

    if tag in ("group", "optional", "zeroOrMore", "oneOrMore"):
        low, high = {"group": (1, 1), "optional": (0, 1), "zeroOrMore": (0, None), "oneOrMore": (1, None)}[tag]
        return body().repeat(low, high) if items else Empty()
    if tag == "choice":
        return Alt(items=items)
    if tag == "interleave":
        return Interleave(items=items)
    if tag == "mixed":
        return Interleave(items=(Text(), body()))
    if tag == "list":
        return ListOf(item=body())
    if tag == "ref":
        return NameRef(name=_key(node))
    if tag == "text":
        return Text()
    if tag == "empty":
        return Empty()
    if tag == "notAllowed":
        return NotAllowed()
    if tag == "value":
        return Values(values=(node.text or "",))
    if tag == "data":
        params = tuple((p.get("name", ""), p.text or "") for p in node
                       if isinstance(p.tag, str) and localname(p) == "param")
        restriction = next((v for k, v in params if k == "pattern"), "")
        return DataRef(name=node.get("type", "string"), restriction=restriction,
                       facets=tuple((k, v) for k, v in params if k != "pattern"))
    raise ContentError(f"embedded <rng:{tag}> is not supported in content models; "
                       "write the model in pure ODD (sequence, alternate, elementRef...)", node.sourceline or 0)


# -- simplification --------------------------------------------------------


def simplify(pattern: Pattern) -> Pattern:
    """Apply the RELAX NG simplification rules for empty and notAllowed; flatten nested groups."""
    if isinstance(pattern, NotAllowed):
        return Empty() if pattern.min == 0 else NotAllowed()
    if isinstance(pattern, (Empty, Text)):
        return type(pattern)()
    if isinstance(pattern, ListOf):
        item = simplify(pattern.item)
        return NotAllowed() if isinstance(item, NotAllowed) else replace(pattern, item=item)
    if isinstance(pattern, Alt):
        return _simplify_alt(pattern)
    if isinstance(pattern, (Seq, Interleave)):
        return _simplify_group(pattern)
    return pattern


def _simplify_group(pattern: Seq | Interleave) -> Pattern:
    items: list[Pattern] = []
    for item in (simplify(i) for i in pattern.items):
        if isinstance(item, NotAllowed):
            return simplify(NotAllowed(min=pattern.min))
        if isinstance(item, Empty):
            continue
        if type(item) is type(pattern) and item.single:
            items.extend(item.items)
        else:
            items.append(item)
    if not items:
        return Empty()
    if len(items) == 1:
        return items[0].repeat(pattern.min, pattern.max)
    return replace(pattern, items=tuple(items))


def _simplify_alt(pattern: Alt) -> Pattern:
    items: list[Pattern] = []
    nullable = False
    for item in (simplify(i) for i in pattern.items):
        if isinstance(item, NotAllowed):
            continue
        if isinstance(item, Empty):
            nullable = True
            continue
        for part in (item.items if isinstance(item, Alt) and item.single else (item,)):
            if part not in items:
                items.append(part)
    if not items:
        return Empty() if nullable or pattern.min == 0 else NotAllowed()
    result = items[0] if len(items) == 1 else Alt(items=tuple(items))
    if nullable:
        result = result.repeat(0, 1)
    return result.repeat(pattern.min, pattern.max)


def walk(pattern: Pattern) -> Iterator[Pattern]:
    """Every pattern inside ``pattern``, itself first."""
    yield pattern
    if isinstance(pattern, GROUPS):
        for item in pattern.items:
            yield from walk(item)
    elif isinstance(pattern, ListOf):
        yield from walk(pattern.item)


def transform(pattern: Pattern, leaf: Callable[[Pattern], Pattern]) -> Pattern:
    """Rebuild ``pattern`` with every non-group pattern replaced by ``leaf(pattern)``."""
    if isinstance(pattern, GROUPS):
        return replace(pattern, items=tuple(transform(i, leaf) for i in pattern.items))
    if isinstance(pattern, ListOf):
        return replace(pattern, item=transform(pattern.item, leaf))
    return leaf(pattern)


def has_text(pattern: Pattern) -> bool:
    return any(isinstance(p, Text) for p in walk(pattern))


def nullable(pattern: Pattern) -> bool:
    """Can the pattern match nothing at all?"""
    if pattern.min == 0 or isinstance(pattern, (Empty, Text)):
        return True
    if isinstance(pattern, (Seq, Interleave)):
        return all(nullable(i) for i in pattern.items)
    if isinstance(pattern, Alt):
        return any(nullable(i) for i in pattern.items)
    return False


# -- writing as pure ODD -----------------------------------------------------


def to_odd(pattern: Pattern) -> etree._Element:
    """The pattern as a pure-ODD element (``rng:notAllowed`` where ODD has no word for it)."""
    tags = {Seq: "sequence", Alt: "alternate", Interleave: "interleave", ElementRef: "elementRef",
            ClassRef: "classRef", MacroRef: "macroRef", DataRef: "dataRef", Text: "textNode",
            Empty: "empty", AnyElement: "anyElement", Values: "valList"}
    if isinstance(pattern, NotAllowed):
        return etree.Element(f"{{{RNG_NS}}}notAllowed", nsmap={"rng": RNG_NS})
    if isinstance(pattern, NameRef):
        node = etree.Element(f"{{{RNG_NS}}}ref", nsmap={"rng": RNG_NS})
        node.set("name", pattern.name)
        return node
    if isinstance(pattern, ListOf):
        raise ValueError("a list datatype is written by its datatype element")
    node = etree.Element(f"{{{TEI_NS}}}{tags[type(pattern)]}")
    if isinstance(pattern, (ElementRef, MacroRef)):
        node.set("key", pattern.key)
    elif isinstance(pattern, ClassRef):
        node.set("key", pattern.key)
        if pattern.expand != "alternation":
            node.set("expand", pattern.expand)
    elif isinstance(pattern, DataRef):
        _write_data_ref(node, pattern)
    elif isinstance(pattern, Values):
        node.set("type", "closed")
        for value in pattern.values:
            etree.SubElement(node, f"{{{TEI_NS}}}valItem", ident=value)
    elif isinstance(pattern, AnyElement):
        if pattern.require:
            node.set("require", " ".join(pattern.require))
        if pattern.exclude:
            node.set("except", " ".join(pattern.exclude))
    if pattern.min != 1:
        node.set("minOccurs", str(pattern.min))
    if pattern.max != 1:
        node.set("maxOccurs", "unbounded" if pattern.max is None else str(pattern.max))
    if isinstance(pattern, GROUPS):
        for item in pattern.items:
            node.append(to_odd(item))
    return node


def _write_data_ref(node: etree._Element, pattern: DataRef) -> None:
    if pattern.key:
        node.set("key", pattern.key)
        return
    node.set("name", pattern.name)
    if pattern.restriction:
        node.set("restriction", pattern.restriction)
    for name, value in pattern.facets:
        etree.SubElement(node, f"{{{TEI_NS}}}dataFacet", name=name, value=value)


# -- writing for people ----------------------------------------------------


def occurrence(pattern: Pattern) -> str:
    low, high = pattern.min, pattern.max
    return {(1, 1): "", (0, 1): "?", (0, None): "*", (1, None): "+"}.get(
        (low, high), f"{{{low},{'' if high is None else high}}}")


def readable(pattern: Pattern, name: Callable[[Pattern], str] | None = None) -> str:
    """A compact, DTD-like rendering: ``(title+, (editor | respStmt)*)``."""
    name = name or _default_name
    if isinstance(pattern, Seq):
        body = "(" + ", ".join(readable(i, name) for i in pattern.items) + ")"
    elif isinstance(pattern, Alt):
        body = "(" + " | ".join(readable(i, name) for i in pattern.items) + ")"
    elif isinstance(pattern, Interleave):
        body = "(" + " & ".join(readable(i, name) for i in pattern.items) + ")"
    elif isinstance(pattern, ListOf):
        return f"list of {readable(pattern.item, name)}{occurrence(pattern)}"
    else:
        body = name(pattern)
    return body + occurrence(pattern)


def _default_name(pattern: Pattern) -> str:
    if isinstance(pattern, (ElementRef, ClassRef, MacroRef)):
        return pattern.key
    if isinstance(pattern, NameRef):
        return pattern.name
    if isinstance(pattern, DataRef):
        return pattern.key or pattern.name + (f" matching {pattern.restriction}" if pattern.restriction else "")
    if isinstance(pattern, Values):
        return " | ".join(f'"{v}"' for v in pattern.values)
    if isinstance(pattern, Text):
        return "text"
    if isinstance(pattern, Empty):
        return "empty"
    if isinstance(pattern, NotAllowed):
        return "nothing"
    if isinstance(pattern, AnyElement):
        return "any element"
    return type(pattern).__name__
