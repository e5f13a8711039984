"""Grammar problems explained in the schema's own terms.

RELAX NG says whether a document is valid; its messages ("Did not expect
element x there") do not say what *would* be right.  :class:`Explainer`
walks the document against the compiled schema model instead and, for every
problem, names the element and where it is, says what the schema allows
there (from the content models and value lists of the ODD) and gives a hint:
the nearest element name, the nearest allowed value.

Every message is ``SUMMARY — DETAILS``: the summary is the same for every
occurrence of the same problem, so :func:`group` can count them
("37 × element <xyz> is not allowed in this edition").
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import replace
from typing import Iterable

import xmlschema
from elementpath.regex import translate_pattern
from lxml import etree

from ..diagnostics import Diagnostic, error
from .automaton import ANY, derive, firsts, symbols
from .content import Alt, DataRef, Empty, ListOf, NotAllowed, Pattern, Text, Values, has_text, nullable, readable
from .model import Attribute, Element, Schema, prose, text_of
from .names import TEI_NS, XML_NS

SEPARATOR = " — "
MAX_LISTED = 12

#: Rule ids of grammar problems (documented in the encoding manual).
GRAMMAR_RULES = {
    "unknown-element": "an element that is not part of the schema",
    "misplaced-element": "an element where the content model of its parent does not allow it",
    "incomplete-element": "an element that lacks required content",
    "text-not-allowed": "text directly in an element that may only contain elements",
    "unknown-attribute": "an attribute the element may not have",
    "missing-attribute": "a required attribute is missing",
    "attribute-value": "an attribute value outside its value list or datatype",
    "date-iso": "a date attribute that is not an ISO 8601 date",
    "id-unique": "an xml:id used twice in a file",
    "schema-invalid": "another violation of the schema, in the validator's words",
}

_BUILTINS = xmlschema.XMLSchema10.builtin_types()


def element_label(element: etree._Element) -> str:
    qname = etree.QName(element)
    return f"<{qname.localname}>" if qname.namespace in (TEI_NS, None) else f"<{qname.localname}> ({qname.namespace})"


def attribute_label(name: str, element: etree._Element) -> str:
    """``@xml:id``, ``@type``, ``@xsi:schemaLocation``: the attribute as the file writes it."""
    qname = etree.QName(name)
    if qname.namespace == XML_NS:
        return f"@xml:{qname.localname}"
    if not qname.namespace:
        return f"@{qname.localname}"
    prefix = next((p for p, uri in element.nsmap.items() if uri == qname.namespace and p), None)
    return f"@{prefix}:{qname.localname}" if prefix else f"@{{{qname.namespace}}}{qname.localname}"


def listing(names: Iterable[str], limit: int = MAX_LISTED) -> str:
    items = list(names)
    if not items:
        return "nothing"
    shown = ", ".join(items[:limit])
    return shown + (f", … ({len(items)} in all)" if len(items) > limit else "")


def _where(element: etree._Element) -> str:
    """"in <p> (within d001-p3)": the parent and the nearest id, so an editor finds the place."""
    parent = element.getparent()
    if parent is None:
        return "at the root of the file"
    anchor = next((a.get(f"{{{XML_NS}}}id") for a in (parent, *parent.iterancestors())
                   if a.get(f"{{{XML_NS}}}id")), "")
    return f"in {element_label(parent)}" + (f" (within {anchor})" if anchor else "")


def _texts(element: etree._Element) -> Iterable[tuple[str, int]]:
    """The non-blank text directly in ``element``, with the line each piece begins on."""
    children = [c for c in element]
    if element.text and element.text.strip():
        yield element.text, (element.sourceline or 0) + _leading_lines(element.text)
    for index, child in enumerate(children):
        if not (child.tail and child.tail.strip()):
            continue
        if index + 1 < len(children) and children[index + 1].sourceline:
            start = len(child.tail) - len(child.tail.lstrip())
            yield child.tail, children[index + 1].sourceline - child.tail[start:].count("\n")
        else:
            inner = etree.tostring(child, with_tail=False).count(b"\n")
            yield child.tail, (child.sourceline or 0) + inner + _leading_lines(child.tail)


def _leading_lines(text: str) -> int:
    return text[:len(text) - len(text.lstrip())].count("\n")


class Explainer:
    """Explains a document's grammar problems against a compiled schema model."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.containers: dict[str, list[str]] = {}
        for ident in schema.elements:
            for child in symbols(schema.content(ident)):
                self.containers.setdefault(child, []).append(ident)

    # -- the walk --------------------------------------------------------------

    def explain(self, root: etree._Element, path: str) -> list[Diagnostic]:
        problems: list[Diagnostic] = []
        problems.extend(self._root(root, path))
        problems.extend(self._ids(root, path))
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            decl = self._decl(element)
            if decl is None:
                continue
            problems.extend(self._attributes(element, decl, path))
            problems.extend(self._children(element, decl, path))
            problems.extend(self._text(element, decl, path))
        return problems

    def _decl(self, element: etree._Element) -> Element | None:
        qname = etree.QName(element)
        return self.schema.element_for(qname.namespace or "", qname.localname)

    def _root(self, root: etree._Element, path: str) -> list[Diagnostic]:
        decl = self._decl(root)
        if decl is not None and decl.ident in self.schema.start:
            return []
        start = listing(f"<{s}>" for s in self.schema.start)
        summary = f"the file begins with {element_label(root)}"
        return [error(path, f"{summary}{SEPARATOR}a file of this edition begins with {start}",
                      line=root.sourceline or 0, col=1, rule="unknown-element" if decl is None else "misplaced-element",
                      hint="is this a TEI file in the TEI namespace (xmlns=\"http://www.tei-c.org/ns/1.0\")?")]

    def _ids(self, root: etree._Element, path: str) -> list[Diagnostic]:
        seen: dict[str, int] = {}
        problems = []
        for element in root.iter():
            value = element.get(f"{{{XML_NS}}}id") if isinstance(element.tag, str) else None
            if value is None:
                continue
            if value in seen:
                problems.append(error(path, f"xml:id \"{value}\" is used twice{SEPARATOR}first on line {seen[value]}",
                                      line=element.sourceline or 0, col=1, rule="id-unique",
                                      hint="give each element its own id"))
            else:
                seen[value] = element.sourceline or 0
        return problems

    # -- children ----------------------------------------------------------------

    def _allowed(self, pattern: Pattern) -> list[str]:
        names = [("any element" if n == ANY else f"<{n}>") for n in firsts(pattern)]
        return names

    def _children(self, element: etree._Element, decl: Element, path: str) -> list[Diagnostic]:
        state = self.schema.content(decl.ident)
        problems: list[Diagnostic] = []
        previous: etree._Element | None = None
        for child in element:
            if not isinstance(child.tag, str):
                continue
            child_decl = self._decl(child)
            if child_decl is None:
                problems.append(self._unknown(child, decl, state, path))
                continue
            following = derive(state, child_decl.ident)
            if isinstance(following, NotAllowed):
                problems.append(self._misplaced(child, child_decl, decl, state, previous, path))
                continue
            state, previous = following, child
        if not nullable(state):
            problems.append(self._incomplete(element, decl, state, previous, path))
        return problems

    def _unknown(self, child: etree._Element, parent: Element, state: Pattern, path: str) -> Diagnostic:
        local = etree.QName(child).localname
        summary = f"element {element_label(child)} is not allowed in this edition"
        allowed = self._allowed(state)
        details = (f"it is not part of the schema; here, {_where(child)}, the schema allows "
                   f"{listing(allowed)}" if allowed else
                   f"it is not part of the schema, and {_where(child)} nothing more is allowed here")
        close = difflib.get_close_matches(local, list(self.schema.elements), n=2, cutoff=0.8)
        hint = (f"did you mean <{close[0]}>?" if close else
                "remove the element (keep its text) or use an element of the encoding manual")
        return error(path, summary + SEPARATOR + details, line=child.sourceline or 0, col=1,
                     rule="unknown-element", hint=hint)

    def _misplaced(self, child: etree._Element, decl: Element, parent: Element, state: Pattern,
                   previous: etree._Element | None, path: str) -> Diagnostic:
        allowed = self._allowed(state)
        here = (f"after {element_label(previous)}" if previous is not None else "at this place")
        if decl.ident in symbols(self.schema.content(parent.ident)):
            summary = f"<{decl.ident}> is out of place in <{parent.ident}>"
            details = (f"{here}, <{parent.ident}> allows {listing(allowed)}" if allowed else
                       f"<{parent.ident}> allows nothing more {here}")
            hint = ("check the order and number of the elements: the encoding manual gives the content "
                    f"of <{parent.ident}> as {self.readable(parent)}")
        else:
            summary = f"<{decl.ident}> is not allowed in <{parent.ident}>"
            details = f"{here}, <{parent.ident}> allows {listing(allowed)}"
            containers = [f"<{c}>" for c in self.containers.get(decl.ident, [])]
            hint = f"<{decl.ident}> may stand in {listing(containers, 8)}" if containers else \
                f"<{decl.ident}> may only be the root of a file"
        return error(path, summary + SEPARATOR + details, line=child.sourceline or 0, col=1,
                     rule="misplaced-element", hint=hint)

    def _incomplete(self, element: etree._Element, decl: Element, state: Pattern,
                    previous: etree._Element | None, path: str) -> Diagnostic:
        needed = self._allowed(state)
        here = f"after {element_label(previous)}" if previous is not None else "inside"
        summary = f"<{decl.ident}> is incomplete"
        details = f"{here} it needs {' or '.join(needed[:MAX_LISTED]) or 'more content'}"
        return error(path, summary + SEPARATOR + details, line=element.sourceline or 0, col=1,
                     rule="incomplete-element",
                     hint=f"the content of <{decl.ident}> is {self.readable(decl)}")

    def readable(self, decl: Element) -> str:
        return readable(decl.content)

    def _text(self, element: etree._Element, decl: Element, path: str) -> list[Diagnostic]:
        if has_text(self.schema.content(decl.ident)):
            return []
        for text, line in _texts(element):
            shown = " ".join(text.split())
            shown = shown if len(shown) <= 40 else shown[:37] + "…"
            allowed = self._allowed(self.schema.content(decl.ident))
            return [error(path, f"text is not allowed directly in <{decl.ident}>{SEPARATOR}\"{shown}\" "
                                f"stands directly in <{decl.ident}>, which contains only elements "
                                f"({listing(allowed)})", line=line, col=1, rule="text-not-allowed",
                          hint="put the text into one of these elements, or remove it")]
        return []

    # -- attributes ----------------------------------------------------------------

    def _attributes(self, element: etree._Element, decl: Element, path: str) -> list[Diagnostic]:
        problems = []
        declared = {self._qualified(a): a for a in decl.attributes}
        line = element.sourceline or 0
        for name, value in element.attrib.items():
            attribute = declared.get(name)
            if attribute is None:
                problems.append(self._unknown_attribute(attribute_label(name, element), decl, line, path))
                continue
            problem = self.value_problem(attribute, value)
            if problem:
                problems.append(self._bad_value(attribute, value, decl, problem, line, path))
        for key, attribute in declared.items():
            if attribute.required and key not in element.attrib:
                values = attribute.values
                detail = f"@{attribute.ident}: {attribute.desc or attribute.gloss or 'required'}"
                if values is not None and values.closed:
                    detail += f" (one of {listing(values.idents())})"
                problems.append(error(path, f"<{decl.ident}> needs attribute @{attribute.ident}{SEPARATOR}{detail}",
                                      line=line, col=1, rule="missing-attribute",
                                      hint=f"add {attribute.ident}=\"…\" to <{decl.ident}>"))
        return problems

    @staticmethod
    def _qualified(attribute: Attribute) -> str:
        return f"{{{attribute.ns}}}{attribute.name}" if attribute.ns else attribute.name

    def _unknown_attribute(self, label: str, decl: Element, line: int, path: str) -> Diagnostic:
        allowed = [f"@{a.ident}" for a in decl.attributes]
        close = difflib.get_close_matches(label, allowed, n=1, cutoff=0.8)
        hint = f"did you mean {close[0]}?" if close else "remove the attribute"
        return error(path, f"attribute {label} is not allowed on <{decl.ident}>{SEPARATOR}<{decl.ident}> "
                           f"allows {listing(allowed, 20)}", line=line, col=1, rule="unknown-attribute", hint=hint)

    def _bad_value(self, attribute: Attribute, value: str, decl: Element, problem: str, line: int,
                   path: str) -> Diagnostic:
        values = attribute.values
        shown = value if len(value) <= 60 else value[:57] + "…"
        summary = f"@{attribute.ident}=\"{shown}\" on <{decl.ident}> is not allowed"
        hint = ""
        if values is not None and values.closed:
            listed = [f"{v.ident} ({v.gloss})" if v.gloss and v.gloss != v.ident else v.ident for v in values.items]
            details = f"allowed values: {listing(listed, 30)}"
            close = difflib.get_close_matches(value.strip(), values.idents(), n=1, cutoff=0.7)
            hint = f"did you mean \"{close[0]}\"?" if close else "use one of the allowed values"
        else:
            details = problem
        rule = "date-iso" if self._is_date(attribute.datatype) else "attribute-value"
        if rule == "date-iso":
            hint = "write the date as YYYY-MM-DD, YYYY-MM or YYYY"
        return error(path, summary + SEPARATOR + details, line=line, col=1, rule=rule, hint=hint)

    def _is_date(self, pattern: Pattern) -> bool:
        if isinstance(pattern, ListOf):
            return self._is_date(pattern.item)
        return isinstance(pattern, DataRef) and "temporal" in pattern.key

    # -- values ------------------------------------------------------------------

    def value_problem(self, attribute: Attribute, value: str) -> str:
        """Why ``value`` does not fit the attribute ("" if it fits)."""
        return self._check(attribute.value_pattern, value, attribute.ident)

    def _check(self, pattern: Pattern, value: str, what: str) -> str:
        if self._fits(pattern, value):
            return ""
        if isinstance(pattern, ListOf):
            tokens = value.split()
            if len(tokens) < pattern.min:
                return f"@{what} needs at least {pattern.min} value{'s' * (pattern.min != 1)}"
            if pattern.max is not None and len(tokens) > pattern.max:
                return f"@{what} takes at most {pattern.max} value{'s' * (pattern.max != 1)}"
            bad = next((t for t in tokens if not self._fits(pattern.item, t)), "")
            return f"\"{bad}\" is not {self.describe(pattern.item)}"
        return f"the value must be {self.describe(pattern)}"

    def _fits(self, pattern: Pattern, value: str) -> bool:
        if isinstance(pattern, Values):
            return " ".join(value.split()) in pattern.values
        if isinstance(pattern, DataRef):
            if pattern.key:
                definition = self.schema.datatypes.get(pattern.key)
                return definition is None or self._fits(definition.content, value)
            return _builtin_fits(pattern.name, pattern.restriction, pattern.facets, value)
        if isinstance(pattern, Alt):
            return any(self._fits(item, value) for item in pattern.items)
        if isinstance(pattern, ListOf):
            tokens = value.split()
            return (len(tokens) >= pattern.min and (pattern.max is None or len(tokens) <= pattern.max)
                    and all(self._fits(pattern.item, t) for t in tokens))
        if isinstance(pattern, Empty):
            return value == ""
        return isinstance(pattern, Text) or not isinstance(pattern, NotAllowed)

    def describe(self, pattern: Pattern) -> str:
        """A datatype in words, from the ODD's description of it."""
        if isinstance(pattern, DataRef) and pattern.key:
            definition = self.schema.datatypes.get(pattern.key)
            desc = text_of(prose(definition.node, "desc", self.schema.lang)) if definition else ""
            return desc.rstrip(".") if desc else pattern.key
        if isinstance(pattern, DataRef):
            return f"an XML Schema {pattern.name}" + (f" matching {pattern.restriction}" if pattern.restriction else "")
        if isinstance(pattern, Values):
            return "one of " + ", ".join(f"\"{v}\"" for v in pattern.values)
        if isinstance(pattern, Alt):
            return " or ".join(self.describe(i) for i in pattern.items)
        return "valid"


@functools.lru_cache(maxsize=4096)
def _builtin_fits(name: str, restriction: str, facets: tuple, value: str) -> bool:
    datatype = _BUILTINS.get(name)
    if datatype is None:
        return True
    if not datatype.is_valid(value):
        return False
    normalised = " ".join(value.split()) if datatype.white_space == "collapse" else value
    if restriction and not re.fullmatch(translate_pattern(restriction, anchors=False), normalised):
        return False
    return _facets_fit(facets, normalised)


def _facets_fit(facets: tuple, value: str) -> bool:
    for name, limit in facets:
        try:
            number, bound = float(value), float(limit)
        except ValueError:
            continue
        if (name == "minInclusive" and number < bound) or (name == "maxInclusive" and number > bound):
            return False
    return True


# -- grouping ------------------------------------------------------------------


def summary_of(diagnostic: Diagnostic) -> str:
    return diagnostic.message.split(SEPARATOR, 1)[0]


def group(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """One diagnostic per kind of problem and file, counted: "37 × element <xyz> is not allowed …".

    Problems of the same rule with the same summary (the message before " — ")
    are one kind; the result stands at the first occurrence and lists a few
    further lines.  Use it to report documents from outside the edition, where
    the same problem recurs hundreds of times.
    """
    buckets: dict[tuple[str, str, str], list[Diagnostic]] = {}
    for item in sorted(diagnostics, key=lambda d: (d.path, d.line, d.col)):
        buckets.setdefault((item.path, item.rule, summary_of(item)), []).append(item)
    result = []
    for (path, rule, summary), items in buckets.items():
        first = items[0]
        if len(items) == 1:
            result.append(first)
            continue
        lines = [str(i.line) for i in items[1:6] if i.line]
        more = f"; also line{'s' * (len(lines) != 1)} {', '.join(lines)}" + (", …" if len(items) > 6 else "") \
            if lines else ""
        message = f"{len(items)} × {summary} (first at line {first.line}{more})"
        result.append(replace(first, message=message))
    return result
