"""The RELAX NG writer (XML syntax): one ``define`` per element, model class,
class attribute, macro and datatype, as the TEI Stylesheets' odd2relax.

Class attributes are written once (``att.global.attribute.xmlid``) and
referred to by each element that inherits them unchanged; attributes an
element defines or overrides itself are written inside the element.  Every
element and attribute carries its gloss and description as
``a:documentation``, so an XML editor shows them while encoding.
"""

from __future__ import annotations

import copy

from lxml import etree

from .content import (Alt, AnyElement, ClassRef, DataRef, ElementRef, Empty, Interleave, ListOf, MacroRef,
                      NotAllowed, Pattern, Seq, Text, Values)
from .model import Attribute, Element, Schema
from .names import ANN_NS, EG_NS, RNG_NS, TEI_NS, XSD_DATATYPES

R = f"{{{RNG_NS}}}"
A = f"{{{ANN_NS}}}"


def attribute_define(attribute: Attribute) -> str:
    return f"{attribute.origin}.attribute.{attribute.ident.replace(':', '')}"


def inherited(element: Element, attribute: Attribute) -> bool:
    """Is the attribute the class's own, unchanged definition (written once, referred to)?"""
    return attribute.origin != element.ident


class RngWriter:
    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.any_defines: dict[tuple[tuple[str, ...], tuple[str, ...]], str] = {}

    def write(self) -> etree._Element:
        grammar = etree.Element(R + "grammar", nsmap={None: RNG_NS, "a": ANN_NS},
                                datatypeLibrary=XSD_DATATYPES, ns=TEI_NS)
        doc = etree.SubElement(grammar, A + "documentation")
        doc.text = f"{self.schema.title} (schema {self.schema.ident}), compiled from its ODD."
        start = etree.SubElement(grammar, R + "start")
        refs = [etree.Element(R + "ref", name=s) for s in self.schema.start if s in self.schema.elements]
        start.append(_choice(refs) if refs else etree.Element(R + "notAllowed"))
        for element in self.schema.elements.values():
            grammar.append(self.element(element))
        for model in self.schema.model_classes.values():
            define = etree.SubElement(grammar, R + "define", name=model.ident)
            members = [etree.Element(R + "ref", name=ident) for _, ident in model.members]
            define.append(_choice(members))
        written: set[str] = set()
        for element in self.schema.elements.values():
            for attribute in element.attributes:
                name = attribute_define(attribute)
                if inherited(element, attribute) and name not in written:
                    written.add(name)
                    define = etree.SubElement(grammar, R + "define", name=name)
                    define.append(self.attribute(attribute))
        for definition in (*self.schema.macros.values(), *self.schema.datatypes.values()):
            define = etree.SubElement(grammar, R + "define", name=definition.ident)
            define.append(self.pattern(definition.content))
        for key, name in self.any_defines.items():
            grammar.append(self.any_define(key, name))
        return grammar

    def element(self, element: Element) -> etree._Element:
        define = etree.Element(R + "define", name=element.ident)
        node = etree.SubElement(define, R + "element", name=element.ident)
        if element.ns != TEI_NS:
            node.set("ns", element.ns)
        _document(node, element.gloss, element.desc)
        node.append(self.pattern(element.content))
        for attribute in element.attributes:
            if inherited(element, attribute):
                etree.SubElement(node, R + "ref", name=attribute_define(attribute))
            else:
                node.append(self.attribute(attribute))
        return define

    def attribute(self, attribute: Attribute) -> etree._Element:
        node = etree.Element(R + "attribute", name=attribute.ident)
        _document(node, attribute.gloss, attribute.desc)
        if attribute.default is not None:
            node.set(A + "defaultValue", attribute.default)
        node.append(self.pattern(attribute.value_pattern))
        if attribute.required:
            return node
        optional = etree.Element(R + "optional")
        optional.append(node)
        return optional

    def pattern(self, pattern: Pattern) -> etree._Element:
        if isinstance(pattern, ListOf):
            node = etree.Element(R + "list")
            node.append(_repeat(self._once(pattern.item), pattern.min, pattern.max))
            return node
        return _repeat(self._once(pattern), pattern.min, pattern.max)

    def _once(self, pattern: Pattern) -> etree._Element:
        if isinstance(pattern, Seq):
            return _group(R + "group", [self.pattern(i) for i in pattern.items])
        if isinstance(pattern, Alt):
            return _choice([self.pattern(i) for i in pattern.items])
        if isinstance(pattern, Interleave):
            return _group(R + "interleave", [self.pattern(i) for i in pattern.items])
        if isinstance(pattern, (ElementRef, ClassRef, MacroRef)):
            return etree.Element(R + "ref", name=pattern.key)
        if isinstance(pattern, DataRef):
            return _data(pattern)
        if isinstance(pattern, Values):
            return _choice([_value(v) for v in pattern.values])
        if isinstance(pattern, AnyElement):
            return self._any_element(pattern)
        return etree.Element(R + {Text: "text", Empty: "empty", NotAllowed: "notAllowed"}[type(pattern)])

    def _any_element(self, pattern: AnyElement) -> etree._Element:
        """A reference to a recursive "any element" pattern (defined once per variant)."""
        key = (pattern.require, pattern.exclude)
        if key not in self.any_defines:
            self.any_defines[key] = "any.element" + (f".{len(self.any_defines)}" if self.any_defines else "")
        return etree.Element(R + "ref", name=self.any_defines[key])

    def any_define(self, key: tuple[tuple[str, ...], tuple[str, ...]], name: str) -> etree._Element:
        """Any element outside the schema's own namespaces, with any attributes and content.

        As in the TEI Stylesheets, TEI elements (and ``teix:egXML``) are
        excluded: they would make the pattern ambiguous with the schema's own.
        """
        require, exclude = key
        define = etree.Element(R + "define", name=name)
        element = etree.SubElement(define, R + "element")
        if require:
            names = _choice([etree.Element(R + "nsName", ns=uri) for uri in require])
            element.append(names)
        else:
            names = etree.SubElement(element, R + "anyName")
            except_ = etree.SubElement(names, R + "except")
            for uri in (TEI_NS, *exclude):
                etree.SubElement(except_, R + "nsName", ns=uri)
            etree.SubElement(except_, R + "name", ns=EG_NS).text = "egXML"
        attribute = etree.SubElement(etree.SubElement(element, R + "zeroOrMore"), R + "attribute")
        etree.SubElement(attribute, R + "anyName")
        choice = etree.SubElement(etree.SubElement(element, R + "zeroOrMore"), R + "choice")
        etree.SubElement(choice, R + "text")
        etree.SubElement(choice, R + "ref", name=name)
        return define


def _document(node: etree._Element, gloss: str, desc: str) -> None:
    text = f"({gloss}) {desc}" if gloss and desc else gloss or desc
    if text:
        etree.SubElement(node, A + "documentation").text = text


def _choice(items: list[etree._Element]) -> etree._Element:
    if len(items) == 1:
        return items[0]
    return _group(R + "choice", items)


def _group(tag: str, items: list[etree._Element]) -> etree._Element:
    node = etree.Element(tag)
    for item in items:
        node.append(item)
    if not items:
        node.append(etree.Element(R + "empty"))
    return node


def _value(value: str) -> etree._Element:
    node = etree.Element(R + "value")
    node.text = value
    return node


def _data(pattern: DataRef) -> etree._Element:
    if pattern.key:
        return etree.Element(R + "ref", name=pattern.key)
    node = etree.Element(R + "data", type=pattern.name)
    for name, value in pattern.facets:
        etree.SubElement(node, R + "param", name=name).text = value
    if pattern.restriction:
        etree.SubElement(node, R + "param", name="pattern").text = pattern.restriction
    return node


def _repeat(node: etree._Element, low: int, high: int | None) -> etree._Element:
    """``node`` occurring ``low``..``high`` times, in RELAX NG's words."""
    if (low, high) == (1, 1):
        return node
    if (low, high) == (0, 1):
        return _wrap("optional", node)
    if (low, high) == (0, None):
        return _wrap("zeroOrMore", node)
    if (low, high) == (1, None):
        return _wrap("oneOrMore", node)
    parts = [copy.deepcopy(node) for _ in range(low)]
    if high is None:
        parts.append(_wrap("zeroOrMore", copy.deepcopy(node)))
    else:
        tail: etree._Element | None = None
        for _ in range(high - low):
            piece = copy.deepcopy(node) if tail is None else _group(R + "group", [copy.deepcopy(node), tail])
            tail = _wrap("optional", piece)
        if tail is not None:
            parts.append(tail)
    return _group(R + "group", parts) if len(parts) != 1 else parts[0]


def _wrap(tag: str, node: etree._Element) -> etree._Element:
    wrapper = etree.Element(R + tag)
    wrapper.append(node)
    return wrapper


def write_rng(schema: Schema) -> etree._Element:
    """The RELAX NG grammar of the schema."""
    return RngWriter(schema).write()
