"""The W3C XML Schema writer: the same compiled model as the RELAX NG, in XSD 1.0.

Decisions that keep the two schemas giving the same verdict:

* only the start elements are declared globally (so no other element can be a
  document's root, as in RELAX NG); every element has a named complex type
  and is declared locally where a content model uses it;
* classes and macros are spelled out as the elements they stand for, and
  alternatives are merged and deduplicated, so the content models are the
  RELAX NG ones without their indirections; text in a model makes the type
  mixed;
* an element declared empty accepts whitespace (as RELAX NG does): its type
  is a whitespace-only simple content;
* value lists become enumerations of ``xs:token`` (RELAX NG's ``value`` is a
  token comparison), ``maxOccurs`` on a datatype becomes an ``xs:list``;
* attributes in the XML namespace (``xml:id``, ``xml:lang``) must be declared
  in a schema for that namespace: they are written to a companion file
  (``NAME-xml.xsd``) that the main schema imports.

XSD 1.0 requires deterministic content models (Unique Particle Attribution);
:func:`check` loads the result with xmlschema, which reports a model that is
not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ..diagnostics import Diagnostic, warning
from .content import (Alt, AnyElement, DataRef, ElementRef, Empty, Interleave, ListOf, NotAllowed, Pattern,
                      Seq, Text, Values, has_text, simplify, transform)
from .model import Attribute, Element, Schema
from .names import TEI_NS, XML_NS, XSD_NS
from .rng import attribute_define, inherited

X = f"{{{XSD_NS}}}"
WHITESPACE_TYPE = "whitespace.only"


@dataclass
class XsdFiles:
    main: etree._Element
    xml: etree._Element
    warnings: list[Diagnostic] = field(default_factory=list)


class XsdWriter:
    def __init__(self, schema: Schema, xml_location: str) -> None:
        self.schema = schema
        self.xml_location = xml_location
        self.warnings: list[Diagnostic] = []
        self.xml_attributes: dict[str, Attribute] = {}
        self.content_types: list[etree._Element] = []

    def warn(self, message: str, rule: str = "xsd-approximation") -> None:
        self.warnings.append(warning(self.schema.library.origin, message, rule=rule))

    def write(self) -> XsdFiles:
        root = etree.Element(X + "schema", nsmap={"xs": XSD_NS, "tei": TEI_NS},
                             targetNamespace=TEI_NS, elementFormDefault="qualified")
        etree.SubElement(root, X + "import", namespace=XML_NS, schemaLocation=self.xml_location)
        for ident in self.schema.start:
            if ident in self.schema.elements:
                etree.SubElement(root, X + "element", name=ident, type=f"tei:{ident}")
        for element in self.schema.elements.values():
            root.append(self.complex_type(element))
        written: set[str] = set()
        for element in self.schema.elements.values():
            for attribute in element.attributes:
                name = attribute_define(attribute)
                if inherited(element, attribute) and not attribute.ns and name not in written:
                    written.add(name)
                    group = etree.SubElement(root, X + "attributeGroup", name=name)
                    group.append(self.attribute(attribute))
        for definition in self.schema.datatypes.values():
            simple = self.simple_type(definition.content)
            simple.set("name", definition.ident)
            root.append(simple)
        for simple in self.content_types:
            root.append(simple)
        whitespace = etree.SubElement(root, X + "simpleType", name=WHITESPACE_TYPE)
        restriction = etree.SubElement(whitespace, X + "restriction", base="xs:string")
        etree.SubElement(restriction, X + "pattern", value="[ \t\r\n]*")
        return XsdFiles(root, self.xml_schema(), self.warnings)

    # -- elements ------------------------------------------------------------

    def complex_type(self, element: Element) -> etree._Element:
        node = etree.Element(X + "complexType", name=element.ident)
        content = self.schema.content(element.ident)
        mixed = has_text(content)
        particle = simplify(transform(content, lambda p: Empty() if isinstance(p, Text) else p))
        if mixed:
            self._check_mixed(element, content)
            node.set("mixed", "true")
        if isinstance(particle, Empty) and not mixed:
            return self._simple_content(node, element, f"tei:{WHITESPACE_TYPE}")
        if _is_data(particle) and not mixed:
            base = self.type_name(particle)
            if not base:
                base = f"tei:{element.ident}.content"
                simple = self.simple_type(particle)
                simple.set("name", f"{element.ident}.content")
                self.content_types.append(simple)
            return self._simple_content(node, element, base)
        if not isinstance(particle, Empty):
            node.append(self._group(self.particle(particle, element)))
        self._attributes(element, node)
        return node

    def _simple_content(self, node: etree._Element, element: Element, base: str) -> etree._Element:
        """Text of a datatype, or only whitespace (empty content), with the element's attributes."""
        extension = etree.SubElement(etree.SubElement(node, X + "simpleContent"), X + "extension", base=base)
        self._attributes(element, extension)
        return node

    def _check_mixed(self, element: Element, content: Pattern) -> None:
        """Text is only exact in XSD when it may stand anywhere: ``(text | a | b)*`` or text alone."""
        exact = isinstance(content, Text) or (isinstance(content, Alt) and content.max is None
                                               and any(isinstance(i, Text) for i in content.items))
        if not exact:
            self.warn(f"<{element.ident}> allows text only at some places of its content; XSD allows it "
                      "anywhere (mixed content), so the XSD accepts more than the RELAX NG there")

    def _group(self, node: etree._Element) -> etree._Element:
        """Element declarations and wildcards must sit in a group at the top of a type."""
        if node.tag in (X + "element", X + "any"):
            group = etree.Element(X + "sequence")
            group.append(node)
            return group
        return node

    def particle(self, pattern: Pattern, owner: Element) -> etree._Element:
        if isinstance(pattern, ElementRef):
            target = self.schema.elements[pattern.key]
            if target.ns != TEI_NS:
                self.warn(f"<{owner.ident}> contains <{pattern.key}> of namespace {target.ns}; the XSD "
                          "accepts any element of that namespace there")
                node = etree.Element(X + "any", namespace=target.ns, processContents="skip")
            else:
                node = etree.Element(X + "element", name=pattern.key, type=f"tei:{pattern.key}")
        elif isinstance(pattern, Seq):
            node = etree.Element(X + "sequence")
            for item in pattern.items:
                node.append(self.particle(item, owner))
        elif isinstance(pattern, Alt):
            node = etree.Element(X + "choice")
            for item in pattern.items:
                node.append(self.particle(item, owner))
        elif isinstance(pattern, Interleave):
            self.warn(f"<{owner.ident}> has an interleaved content model; XSD 1.0 cannot express it, "
                      "the XSD requires the parts in the order the ODD lists them")
            node = etree.Element(X + "sequence")
            for item in pattern.items:
                node.append(self.particle(item, owner))
        elif isinstance(pattern, AnyElement):
            node = etree.Element(X + "any", namespace="##other ##local", processContents="skip")
        elif isinstance(pattern, NotAllowed):
            node = etree.Element(X + "choice")
        else:
            self.warn(f"<{owner.ident}> mixes data with elements ({type(pattern).__name__}); the XSD accepts "
                      "any text there")
            node = etree.Element(X + "sequence")
        if pattern.min != 1:
            node.set("minOccurs", str(pattern.min))
        if pattern.max != 1:
            node.set("maxOccurs", "unbounded" if pattern.max is None else str(pattern.max))
        return node

    def _attributes(self, element: Element, parent: etree._Element) -> None:
        for attribute in element.attributes:
            if attribute.ns == XML_NS:
                self.xml_attributes.setdefault(attribute.name, attribute)
                ref = etree.SubElement(parent, X + "attribute", ref=f"xml:{attribute.name}")
                if attribute.required:
                    ref.set("use", "required")
            elif inherited(element, attribute):
                etree.SubElement(parent, X + "attributeGroup", ref=f"tei:{attribute_define(attribute)}")
            else:
                parent.append(self.attribute(attribute))

    def attribute(self, attribute: Attribute) -> etree._Element:
        node = etree.Element(X + "attribute", name=attribute.name)
        if attribute.required:
            node.set("use", "required")
        self._typed(node, attribute.value_pattern)
        return node

    # -- simple types ----------------------------------------------------------

    def _typed(self, node: etree._Element, pattern: Pattern) -> None:
        name = self.type_name(pattern)
        if name:
            node.set("type", name)
        else:
            node.append(self.simple_type(pattern))

    def type_name(self, pattern: Pattern) -> str:
        """The name of a type that needs no definition of its own, or ""."""
        if isinstance(pattern, DataRef) and pattern.key:
            return f"tei:{pattern.key}"
        if isinstance(pattern, DataRef) and not pattern.restriction and not pattern.facets:
            return f"xs:{pattern.name}"
        if isinstance(pattern, Text):
            return "xs:string"
        return ""

    def simple_type(self, pattern: Pattern) -> etree._Element:
        node = etree.Element(X + "simpleType")
        if isinstance(pattern, (DataRef, Text)) and self.type_name(pattern):
            etree.SubElement(node, X + "restriction", base=self.type_name(pattern))
        elif isinstance(pattern, DataRef):
            restriction = etree.SubElement(node, X + "restriction", base=f"xs:{pattern.name}")
            for name, value in pattern.facets:
                etree.SubElement(restriction, X + name, value=value)
            if pattern.restriction:
                etree.SubElement(restriction, X + "pattern", value=pattern.restriction)
        elif isinstance(pattern, Values):
            restriction = etree.SubElement(node, X + "restriction", base="xs:token")
            for value in pattern.values:
                etree.SubElement(restriction, X + "enumeration", value=value)
        elif isinstance(pattern, Alt):
            union = etree.SubElement(node, X + "union")
            names = [self.type_name(i) for i in pattern.items]
            if all(names):
                union.set("memberTypes", " ".join(names))
            else:
                for item in pattern.items:
                    union.append(self._member(item))
        elif isinstance(pattern, ListOf):
            restriction = etree.SubElement(node, X + "restriction")
            listed = etree.SubElement(etree.SubElement(restriction, X + "simpleType"), X + "list")
            self._typed_list(listed, pattern.item)
            if pattern.min:
                etree.SubElement(restriction, X + "minLength", value=str(pattern.min))
            if pattern.max is not None:
                etree.SubElement(restriction, X + "maxLength", value=str(pattern.max))
        elif isinstance(pattern, Empty):
            restriction = etree.SubElement(node, X + "restriction", base="xs:string")
            etree.SubElement(restriction, X + "length", value="0")
        else:
            self.warn(f"a datatype ({type(pattern).__name__}) has no XSD equivalent; any text is accepted")
            etree.SubElement(node, X + "restriction", base="xs:string")
        return node

    def _member(self, pattern: Pattern) -> etree._Element:
        name = self.type_name(pattern)
        if not name:
            return self.simple_type(pattern)
        wrapper = etree.Element(X + "simpleType")
        etree.SubElement(wrapper, X + "restriction", base=name)
        return wrapper

    def _typed_list(self, listed: etree._Element, item: Pattern) -> None:
        name = self.type_name(item)
        if name:
            listed.set("itemType", name)
        else:
            listed.append(self.simple_type(item))

    def xml_schema(self) -> etree._Element:
        """The XML-namespace attributes, their datatypes written out (no import back into TEI)."""
        root = etree.Element(X + "schema", nsmap={"xs": XSD_NS}, targetNamespace=XML_NS)
        for name, attribute in sorted(self.xml_attributes.items()):
            node = etree.SubElement(root, X + "attribute", name=name)
            self._typed(node, self._inline(attribute.value_pattern))
        return root

    def _inline(self, pattern: Pattern) -> Pattern:
        def leaf(p: Pattern) -> Pattern:
            if isinstance(p, DataRef) and p.key in self.schema.datatypes:
                return self._inline(self.schema.datatypes[p.key].content)
            return p

        return transform(pattern, leaf)


def _is_data(pattern: Pattern) -> bool:
    if isinstance(pattern, Alt):
        return all(_is_data(item) for item in pattern.items)
    return isinstance(pattern, (DataRef, Values, ListOf))


def write_xsd(schema: Schema, xml_location: str) -> XsdFiles:
    """The XSD of the schema and its companion for the XML namespace."""
    return XsdWriter(schema, xml_location).write()
