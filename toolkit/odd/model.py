"""The compiled schema model: what every writer and the validator work from.

:func:`build` turns a customised :class:`~toolkit.odd.library.Library` into
a :class:`Schema`: elements with their resolved content models and their
effective attributes (class inheritance and element-level overrides applied),
model classes with their members, macros, datatypes and constraints.
References to anything the customisation removed are resolved to
``NotAllowed`` and simplified away, ``@expand`` is spelled out, and classes,
macros and datatypes nobody uses are pruned, so writers only ever refer to
patterns the schema defines.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from functools import cached_property

from lxml import etree

from ..diagnostics import Diagnostic, warning
from .content import (Alt, ClassRef, ContentError, DataRef, ElementRef, Empty, ListOf, MacroRef, NameRef,
                      NotAllowed, Pattern, Seq, Text, Values, read_content, simplify, transform, walk)
from .library import Library, Spec
from .merge import children, merge_attdef
from .names import TEI_NS, XML_NS, attribute_qname, localname, tei

EXPAND_OCCURS = {"sequence": (1, 1), "sequenceOptional": (0, 1), "sequenceOptionalRepeatable": (0, None),
                 "sequenceRepeatable": (1, None)}


def prose(node: etree._Element | None, tag: str, lang: str = "en") -> etree._Element | None:
    """The ``gloss`` or ``desc`` child in ``lang`` (else English, else the first)."""
    if node is None:
        return None
    found = children(node, tag)
    for wanted in (lang, "en", None):
        for item in found:
            if wanted is None or (item.get(f"{{{XML_NS}}}lang") or "en") == wanted:
                return item
    return None


def text_of(node: etree._Element | None) -> str:
    return " ".join("".join(node.itertext()).split()) if node is not None else ""


@dataclass
class ValItem:
    ident: str
    gloss: str = ""
    desc: str = ""


@dataclass
class ValList:
    type: str
    items: list[ValItem]

    @property
    def closed(self) -> bool:
        return self.type == "closed"

    def idents(self) -> list[str]:
        return [item.ident for item in self.items]


@dataclass
class Attribute:
    """An attribute as an element (or class) effectively has it."""

    ident: str
    origin: str                 # the class or element whose definition this is
    node: etree._Element        # the (merged) attDef
    datatype: Pattern = field(default_factory=Text)
    lang: str = "en"

    @property
    def ns(self) -> str:
        return attribute_qname(self.ident)[0]

    @property
    def name(self) -> str:
        return attribute_qname(self.ident)[1]

    @property
    def usage(self) -> str:
        return self.node.get("usage", "opt")

    @property
    def required(self) -> bool:
        return self.usage == "req"

    @cached_property
    def values(self) -> ValList | None:
        node = self.node.find(tei("valList"))
        if node is None:
            return None
        items = [ValItem(v.get("ident", ""), text_of(prose(v, "gloss", self.lang)), text_of(prose(v, "desc", self.lang)))
                 for v in children(node, "valItem")]
        return ValList(node.get("type", "open"), items)

    @property
    def gloss(self) -> str:
        return text_of(prose(self.node, "gloss", self.lang))

    @property
    def desc(self) -> str:
        return text_of(prose(self.node, "desc", self.lang))

    @property
    def default(self) -> str | None:
        node = self.node.find(tei("defaultVal"))
        return text_of(node) if node is not None else None

    @cached_property
    def value_pattern(self) -> Pattern:
        """What the value must match: the closed value list if there is one, else the datatype."""
        values = self.values
        if values is None or not values.closed:
            return self.datatype
        choice = Values(values=tuple(values.idents()))
        if isinstance(self.datatype, ListOf):
            return replace(self.datatype, item=choice)
        return choice


@dataclass
class Constraint:
    ident: str
    node: etree._Element                 # the constraintSpec
    context: list[str] = field(default_factory=list)   # element idents it applies to ([] = document)
    attribute: str = ""                  # for constraints on an attribute definition
    origin: str = ""                     # the spec that declares it


@dataclass
class Element:
    ident: str
    ns: str
    module: str
    node: etree._Element
    content: Pattern
    attributes: list[Attribute]
    model_classes: list[str]
    att_classes: list[str]
    lang: str = "en"

    @property
    def gloss(self) -> str:
        return text_of(prose(self.node, "gloss", self.lang))

    @property
    def desc(self) -> str:
        return text_of(prose(self.node, "desc", self.lang))

    def attribute(self, ident: str) -> Attribute | None:
        return next((a for a in self.attributes if a.ident == ident), None)


@dataclass
class ModelClass:
    ident: str
    node: etree._Element
    members: list[tuple[str, str]]        # (kind, ident) of direct members, in document order


@dataclass
class Definition:
    """A macro or a datatype: a named pattern."""

    ident: str
    kind: str
    node: etree._Element
    content: Pattern


@dataclass
class Schema:
    ident: str
    title: str
    lang: str
    start: list[str]
    elements: dict[str, Element]
    model_classes: dict[str, ModelClass]
    att_classes: dict[str, Spec]
    macros: dict[str, Definition]
    datatypes: dict[str, Definition]
    constraints: list[Constraint]
    library: Library
    warnings: list[Diagnostic] = field(default_factory=list)
    class_elements: dict[str, list[str]] = field(default_factory=dict)
    class_attributes: dict[str, list[Attribute]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_qname = {(e.ns, e.ident): e for e in self.elements.values()}
        self._expanded: dict[str, Pattern] = {}

    def element_for(self, ns: str, local: str) -> Element | None:
        return self._by_qname.get((ns, local))

    def expanded(self, pattern: Pattern) -> Pattern:
        """The pattern with classes and macros spelled out as the elements they stand for."""

        def leaf(p: Pattern) -> Pattern:
            if isinstance(p, ClassRef):
                members = tuple(ElementRef(key=k) for k in self.class_elements.get(p.key, []))
                return Alt(items=members, min=p.min, max=p.max) if members else NotAllowed(min=p.min)
            if isinstance(p, MacroRef):
                macro = self.macros.get(p.key)
                return self.expanded(macro.content).repeat(p.min, p.max) if macro else NotAllowed(min=p.min)
            return p

        return simplify(transform(pattern, leaf))

    def content(self, ident: str) -> Pattern:
        """The expanded content model of an element (cached)."""
        if ident not in self._expanded:
            self._expanded[ident] = self.expanded(self.elements[ident].content)
        return self._expanded[ident]

    def reachable(self) -> list[str]:
        """Elements that can occur in a document, from the start elements down."""
        seen: list[str] = []
        todo = [s for s in self.start if s in self.elements]
        while todo:
            ident = todo.pop(0)
            if ident in seen:
                continue
            seen.append(ident)
            todo.extend(p.key for p in walk(self.content(ident)) if isinstance(p, ElementRef))
        return seen


class _Builder:
    def __init__(self, library: Library) -> None:
        self.library = library
        self.lang = library.lang
        self.warnings: list[Diagnostic] = []
        self.element_specs = {s.ident: s for s in library.of_kind("element")}
        self.class_specs = {s.ident: s for s in library.of_kind("class")}
        self.macro_specs = {s.ident: s for s in library.of_kind("macro")}
        self.data_specs = {s.ident: s for s in library.of_kind("data")}
        self.model_members: dict[str, list[tuple[str, str]]] = {}
        for spec in library.specs.values():
            if spec.kind not in ("element", "class"):
                continue
            for key in self.memberships(spec):
                target = self.class_specs.get(key)
                if target is not None and target.class_type == "model":
                    self.model_members.setdefault(key, []).append((spec.kind, spec.ident))
        self.class_elements: dict[str, list[str]] = {}
        self._macros: dict[str, Pattern] = {}
        self._datatypes: dict[str, Pattern] = {}
        self._resolving: set[str] = set()
        self._attributes: dict[str, dict[str, Attribute]] = {}

    def warn(self, spec: Spec | None, message: str, rule: str, hint: str = "") -> None:
        line = spec.node.sourceline or 0 if spec is not None else 0
        self.warnings.append(warning(self.library.origin, message, line=line, rule=rule, hint=hint))

    @staticmethod
    def memberships(spec: Spec) -> list[str]:
        classes = spec.node.find(tei("classes"))
        return [m.get("key", "") for m in children(classes, "memberOf")] if classes is not None else []

    # -- classes -----------------------------------------------------------

    def elements_of(self, key: str, seen: frozenset[str] = frozenset()) -> list[str]:
        """Every element a model class stands for, through its member classes, in order."""
        if key in self.class_elements:
            return self.class_elements[key]
        found: list[str] = []
        for kind, ident in self.model_members.get(key, []):
            if kind == "element":
                names = [ident]
            elif ident in seen or ident == key:
                names = []
            else:
                names = self.elements_of(ident, seen | {key})
            found.extend(n for n in names if n not in found)
        if not seen:
            self.class_elements[key] = found
        return found

    def expand_class(self, ref: ClassRef) -> Pattern:
        """``@expand`` spelled out: the members in sequence, each with the occurrence it asks for."""
        low, high = EXPAND_OCCURS.get(ref.expand, (1, 1))
        items: list[Pattern] = []
        for kind, ident in self.model_members.get(ref.key, []):
            if kind == "element":
                items.append(ElementRef(key=ident, min=low, max=high))
            elif self.elements_of(ident):
                items.append(self.expand_class(ClassRef(key=ident, expand=ref.expand)))
        return Seq(items=tuple(items), min=ref.min, max=ref.max) if items else NotAllowed(min=ref.min)

    # -- patterns ------------------------------------------------------------

    def resolve(self, pattern: Pattern, spec: Spec | None) -> Pattern:
        def leaf(p: Pattern) -> Pattern:
            if isinstance(p, NameRef):
                p = self._name_ref(p, spec)
            if isinstance(p, ElementRef):
                return p if p.key in self.element_specs else NotAllowed(min=p.min)
            if isinstance(p, ClassRef):
                if p.key not in self.class_specs or not self.elements_of(p.key):
                    return NotAllowed(min=p.min)
                if p.expand in EXPAND_OCCURS:
                    return self.expand_class(p)
                return replace(p, expand="alternation")
            if isinstance(p, MacroRef):
                if p.key not in self.macro_specs:
                    self.warn(spec, f"{spec.ident if spec else 'a pattern'} refers to macro {p.key!r}, "
                                    "which the schema does not define", "odd-undefined")
                    return NotAllowed(min=p.min)
                return p if not isinstance(self.macro(p.key), NotAllowed) else NotAllowed(min=p.min)
            if isinstance(p, DataRef) and p.key and p.key not in self.data_specs:
                self.warn(spec, f"{spec.ident if spec else 'a pattern'} refers to datatype {p.key!r}, "
                                "which the schema does not define; any text is accepted", "odd-undefined")
                return DataRef(name="string", min=p.min, max=p.max)
            return p

        return simplify(transform(pattern, leaf))

    def _name_ref(self, ref: NameRef, spec: Spec | None) -> Pattern:
        name = ref.name
        if name in self.element_specs:
            return ElementRef(key=name, min=ref.min, max=ref.max)
        if name in self.class_specs:
            return ClassRef(key=name, min=ref.min, max=ref.max)
        if name in self.macro_specs:
            return MacroRef(key=name, min=ref.min, max=ref.max)
        if name in self.data_specs:
            return DataRef(key=name, min=ref.min, max=ref.max)
        return NotAllowed(min=ref.min)

    def read(self, spec: Spec, tag: str) -> Pattern:
        node = spec.node.find(tei(tag))
        if node is None:
            return Empty()
        try:
            return read_content(node)
        except ContentError as exc:
            self.warnings.append(warning(self.library.origin, f"{spec.ident}: {exc}",
                                         line=exc.line or (spec.node.sourceline or 0), rule="odd-content"))
            return NotAllowed()

    def macro(self, ident: str) -> Pattern:
        if ident not in self._macros:
            if ident in self._resolving:
                return MacroRef(key=ident)
            self._resolving.add(ident)
            spec = self.macro_specs[ident]
            self._macros[ident] = self.resolve(self.read(spec, "content"), spec)
            self._resolving.discard(ident)
        return self._macros[ident]

    def datatype(self, ident: str) -> Pattern:
        if ident not in self._datatypes:
            spec = self.data_specs[ident]
            self._datatypes[ident] = self.resolve(self.read(spec, "content"), spec)
        return self._datatypes[ident]

    # -- attributes ----------------------------------------------------------

    def attributes(self, spec: Spec, seen: frozenset[str] = frozenset()) -> dict[str, Attribute]:
        """The effective attributes of an element or attribute class."""
        if spec.ident in self._attributes and spec.kind == "class":
            return self._attributes[spec.ident]
        result: dict[str, Attribute] = {}
        for key in self.memberships(spec):
            parent = self.class_specs.get(key)
            if parent is None or parent.class_type != "atts" or key in seen:
                continue
            for ident, attribute in self.attributes(parent, seen | {spec.ident}).items():
                result.setdefault(ident, attribute)
        attlist = spec.node.find(tei("attList"))
        for node in attlist.iter(tei("attDef"), tei("attRef")) if attlist is not None else ():
            self._apply_attribute(spec, node, result, seen)
        if spec.kind == "class":
            self._attributes[spec.ident] = result
        return result

    def _apply_attribute(self, spec: Spec, node: etree._Element, result: dict[str, Attribute],
                         seen: frozenset[str]) -> None:
        if localname(node) == "attRef":
            source = self.class_specs.get(node.get("class", ""))
            found = self.attributes(source, seen | {spec.ident}).get(node.get("name", "")) if source else None
            if found is not None:
                result[found.ident] = found
            return
        ident = node.get("ident", "")
        mode = node.get("mode", "add")
        if mode == "delete":
            result.pop(ident, None)
            return
        merged = node
        if mode == "change" and ident in result:
            merged = copy.deepcopy(result[ident].node)
            merge_attdef(merged, node)
        result[ident] = self._attribute(ident, spec, merged)

    def _attribute(self, ident: str, spec: Spec, node: etree._Element) -> Attribute:
        datatype_node = node.find(tei("datatype"))
        datatype: Pattern = Text()
        if datatype_node is not None:
            try:
                datatype = self.resolve(read_content(datatype_node), spec)
            except ContentError as exc:
                self.warnings.append(warning(self.library.origin, f"{spec.ident}/@{ident}: {exc}",
                                             line=exc.line, rule="odd-content"))
        return Attribute(ident=ident, origin=spec.ident, node=node, datatype=datatype, lang=self.lang)

    # -- the whole schema ------------------------------------------------------

    def build(self) -> Schema:
        elements: dict[str, Element] = {}
        for ident, spec in self.element_specs.items():
            keys = [k for k in self.memberships(spec) if k in self.class_specs]
            elements[ident] = Element(
                ident=ident, ns=spec.node.get("ns", TEI_NS), module=spec.module, node=spec.node,
                content=self.resolve(self.read(spec, "content"), spec),
                attributes=list(self.attributes(spec).values()),
                model_classes=[k for k in keys if self.class_specs[k].class_type == "model"],
                att_classes=[k for k in keys if self.class_specs[k].class_type == "atts"], lang=self.lang)
        macros, datatypes, models = self._used(elements)
        schema = Schema(
            ident=self.library.ident, title=self.library.title, lang=self.lang, start=list(self.library.start),
            elements=elements,
            model_classes={k: ModelClass(k, self.class_specs[k].node, self._kept_members(k, models))
                           for k in self.class_specs if k in models},
            att_classes={k: s for k, s in self.class_specs.items() if s.class_type == "atts"
                         and any(a.origin == k for e in elements.values() for a in e.attributes)},
            macros={k: Definition(k, "macro", self.macro_specs[k].node, self.macro(k))
                    for k in self.macro_specs if k in macros},
            datatypes={k: Definition(k, "data", self.data_specs[k].node, self.datatype(k))
                       for k in self.data_specs if k in datatypes},
            constraints=self._constraints(elements),
            library=self.library, warnings=self.warnings,
            class_elements={k: self.elements_of(k) for k in models},
            class_attributes={k: list(self.attributes(s).values()) for k, s in self.class_specs.items()
                              if s.class_type == "atts"})
        for ident in self.library.start:
            if ident not in elements:
                self.warn(None, f"the start element {ident!r} is not part of the schema", "odd-start",
                          "schemaSpec/@start names the possible root elements")
        return schema

    def _kept_members(self, key: str, models: set[str]) -> list[tuple[str, str]]:
        return [(kind, ident) for kind, ident in self.model_members.get(key, [])
                if (kind == "element") or ident in models]

    def _used(self, elements: dict[str, Element]) -> tuple[set[str], set[str], set[str]]:
        """The macros, datatypes and model classes the elements need, directly or not."""
        macros: set[str] = set()
        datatypes: set[str] = set()
        models: set[str] = set()
        todo: list[Pattern] = [e.content for e in elements.values()]
        todo += [a.datatype for e in elements.values() for a in e.attributes]
        while todo:
            for p in walk(todo.pop()):
                if isinstance(p, MacroRef) and p.key not in macros:
                    macros.add(p.key)
                    todo.append(self.macro(p.key))
                elif isinstance(p, DataRef) and p.key and p.key not in datatypes:
                    datatypes.add(p.key)
                    todo.append(self.datatype(p.key))
                elif isinstance(p, ClassRef) and p.key not in models:
                    models.add(p.key)
                    todo.extend(ClassRef(key=i) for kind, i in self.model_members.get(p.key, [])
                                if kind == "class" and self.elements_of(i))
        return macros, datatypes, models

    def _constraints(self, elements: dict[str, Element]) -> list[Constraint]:
        found: list[Constraint] = []
        for element in elements.values():
            found.extend(Constraint(c.get("ident", ""), c, [element.ident], origin=element.ident)
                         for c in children(element.node, "constraintSpec"))
        for ident, spec in self.class_specs.items():
            members = [e.ident for e in elements.values() if any(a.origin == ident for a in e.attributes)
                       or ident in e.model_classes]
            if members:
                found.extend(Constraint(c.get("ident", ""), c, members, origin=ident)
                             for c in children(spec.node, "constraintSpec"))
        by_node: dict[int, Constraint] = {}
        for element in elements.values():
            for attribute in element.attributes:
                for c in children(attribute.node, "constraintSpec"):
                    entry = by_node.setdefault(id(c), Constraint(c.get("ident", ""), c, [], attribute.ident,
                                                                 origin=attribute.origin))
                    entry.context.append(element.ident)
        found.extend(by_node.values())
        found.extend(Constraint(c.get("ident", ""), c, [], origin="schema") for c in self.library.constraints)
        return found


def build(library: Library) -> Schema:
    """The schema model of a compiled ODD library."""
    return _Builder(library).build()
