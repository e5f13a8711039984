"""The encoding manual: one self-contained HTML page generated from the compiled schema.

For every element: its gloss and description, its content model in readable
form (classes linked, and the elements they stand for listed), where it may
occur, its attributes with their value lists and glosses, the rules that
apply to it, and an example.  Then the rules of the edition (the Schematron
constraints and the grammar checks, with their rule ids as the validator
prints them), the classes, macros and datatypes.

Everything is inside one ``<main>``, so the HTML site can embed the manual in
its own layout; the page carries its own small stylesheet so it also reads
well on its own.  The output is deterministic.
"""

from __future__ import annotations

import re
import textwrap

from lxml import etree

from .automaton import symbols
from .content import (Alt, ClassRef, DataRef, ElementRef, Empty, Interleave, ListOf, MacroRef, NotAllowed,
                      Pattern, Seq, Text, Values, occurrence, transform)
from .explain import GRAMMAR_RULES
from .model import Attribute, Constraint, Element, Schema, prose
from .names import EG_NS, SCH_NS, localname

STYLE = """
main.odd-manual { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 60rem; margin: 0 auto; padding: 1rem; }
main.odd-manual code, main.odd-manual pre { font-family: ui-monospace, monospace; font-size: 0.92em; }
main.odd-manual pre { background: #f5f5f2; padding: 0.6rem 0.8rem; overflow-x: auto; border-radius: 4px; }
main.odd-manual section.spec { border-top: 1px solid #ccc; padding-top: 0.5rem; margin-top: 1.5rem; }
main.odd-manual .gloss { font-weight: normal; color: #555; }
main.odd-manual table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; }
main.odd-manual th, main.odd-manual td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; vertical-align: top; text-align: left; }
main.odd-manual dt { font-weight: bold; margin-top: 0.5rem; }
main.odd-manual ul.index { columns: 3 14rem; list-style: none; padding-left: 0; }
"""

ROLE_WORDS = {"error": "error", "fatal": "error", "warning": "warning", "warn": "warning", "nonfatal": "warning",
              "info": "info", "information": "info"}

#: Rules the toolkit checks across files (in Python), besides the schema.
CORPUS_RULES = {
    "pointer-resolves": "a pointer into another file of the edition leads to an element that exists "
                        "(the nearest existing ids are suggested)",
    "id-unique": "an xml:id is used only once across all files of the edition",
}


def _h(tag: str, parent: etree._Element | None = None, text: str = "", **attrs: str) -> etree._Element:
    node = etree.SubElement(parent, tag) if parent is not None else etree.Element(tag)
    for key, value in attrs.items():
        node.set(key.rstrip("_").replace("_", "-"), value)
    if text:
        node.text = text
    return node


def _append_text(node: etree._Element, text: str) -> None:
    if not text:
        return
    if len(node):
        node[-1].tail = (node[-1].tail or "") + text
    else:
        node.text = (node.text or "") + text


class ManualWriter:
    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.containers: dict[str, list[str]] = {}
        for ident in schema.elements:
            for child in sorted(symbols(schema.content(ident))):
                self.containers.setdefault(child, []).append(ident)

    def write(self) -> str:
        html = _h("html", lang=self.schema.lang)
        head = _h("head", html)
        _h("meta", head, charset="utf-8")
        _h("meta", head, name="viewport", content="width=device-width, initial-scale=1")
        _h("title", head, f"Encoding manual: {self.schema.title}")
        _h("style", head, STYLE)
        main = _h("main", _h("body", html), class_="odd-manual", id="manual")
        self.introduction(main)
        self.rules(main)
        self.elements(main)
        self.classes(main)
        body = etree.tostring(html, method="html", encoding="unicode")
        return "<!DOCTYPE html>\n" + body + "\n"

    # -- prose ---------------------------------------------------------------------

    def prose_to(self, target: etree._Element, node: etree._Element | None) -> None:
        """TEI prose (desc, gloss) as HTML: gi, att, code and val become code, gi links to its element."""
        if node is None:
            return
        _append_text(target, node.text or "")
        for child in node:
            if isinstance(child.tag, str):
                word = "".join(child.itertext())
                local = localname(child)
                if local == "gi" and word in self.schema.elements:
                    _h("code", _h("a", target, href=f"#el-{word}"), f"<{word}>")
                elif local == "gi":
                    _h("code", target, f"<{word}>")
                elif local == "att":
                    _h("code", target, f"@{word}")
                elif local in ("code", "val", "ident", "tag"):
                    _h("code", target, word)
                else:
                    _append_text(target, word)
            _append_text(target, child.tail or "")

    def introduction(self, main: etree._Element) -> None:
        _h("h1", main, f"Encoding manual: {self.schema.title}")
        for desc in self.schema.library.prose:
            if localname(desc) == "desc":
                self.prose_to(_h("p", main), desc)
        _h("p", main, "Every element the schema allows is described below with what it may contain, where it "
                      "may stand, its attributes and their values, and an example. The validator "
                      "(edition validate) reports each problem with the rule id given in the list of rules.")
        _h("h2", main, "Elements", id="index")
        index = _h("ul", main, class_="index")
        for ident in sorted(self.schema.elements, key=str.lower):
            item = _h("li", index)
            _h("code", _h("a", item, href=f"#el-{ident}"), f"<{ident}>")
            gloss = self.schema.elements[ident].gloss
            if gloss:
                _append_text(item, f" {gloss}")

    # -- rules -----------------------------------------------------------------------

    def rules(self, main: etree._Element) -> None:
        section = _h("section", main, id="rules")
        _h("h2", section, "Rules")
        _h("p", section, "The rules beyond the grammar (Schematron), with their severity: an error makes a "
                         "file invalid, a warning does not.")
        table = _h("table", section)
        row = _h("tr", _h("thead", table))
        for title in ("Rule id", "Severity", "What it requires", "Applies to"):
            _h("th", row, title)
        tbody = _h("tbody", table)
        for constraint in self.schema.constraints:
            if constraint.node.get("scheme", "schematron") not in ("schematron", "isoschematron"):
                continue
            row = _h("tr", tbody, id=f"rule-{constraint.ident}")
            _h("code", _h("td", row), constraint.ident)
            _h("td", row, ", ".join(self._severities(constraint)))
            self.prose_to(_h("td", row), prose(constraint.node, "desc", self.schema.lang))
            self._applies(_h("td", row), constraint)
        _h("p", section, "The grammar checks, with the rule ids the validator gives their problems:")
        grammar = _h("table", section)
        for rule, meaning in GRAMMAR_RULES.items():
            row = _h("tr", grammar)
            _h("code", _h("td", row), rule)
            _h("td", row, meaning)
        _h("p", section, "Checked by the toolkit across all files of the edition:")
        corpus = _h("table", section)
        for rule, meaning in CORPUS_RULES.items():
            row = _h("tr", corpus)
            _h("code", _h("td", row), rule)
            _h("td", row, meaning)

    def _severities(self, constraint: Constraint) -> list[str]:
        roles = {ROLE_WORDS.get((t.get("role") or "error").lower(), "error")
                 for t in constraint.node.iter(f"{{{SCH_NS}}}assert", f"{{{SCH_NS}}}report")}
        return sorted(roles) or ["error"]

    def _applies(self, cell: etree._Element, constraint: Constraint) -> None:
        if not constraint.context:
            _append_text(cell, "the whole file")
            return
        for index, ident in enumerate(constraint.context[:12]):
            if index:
                _append_text(cell, ", ")
            _h("code", _h("a", cell, href=f"#el-{ident}"), f"<{ident}>")
        if constraint.attribute:
            _append_text(cell, f" (@{constraint.attribute})")
        if len(constraint.context) > 12:
            _append_text(cell, f", … ({len(constraint.context)} elements)")

    # -- elements ----------------------------------------------------------------------

    def elements(self, main: etree._Element) -> None:
        section = _h("section", main, id="elements")
        _h("h2", section, "The elements")
        for ident in sorted(self.schema.elements, key=str.lower):
            self.element(section, self.schema.elements[ident])

    def element(self, parent: etree._Element, element: Element) -> None:
        section = _h("section", parent, class_="spec", id=f"el-{element.ident}")
        title = _h("h3", section)
        _h("code", title, f"<{element.ident}>")
        if element.gloss:
            _h("span", title, f" ({element.gloss})", class_="gloss")
        self.prose_to(_h("p", section), prose(element.node, "desc", self.schema.lang))
        facts = _h("dl", section)
        _h("dt", facts, "Content")
        content = _h("dd", facts)
        self.pattern(_h("code", content), self._inline_macros(element.content))
        children = sorted(symbols(self.schema.content(element.ident)), key=str.lower)
        if children:
            _append_text(content, " — may contain ")
            self._element_list(content, children)
        _h("dt", facts, "May occur within")
        within = _h("dd", facts)
        containers = self.containers.get(element.ident, [])
        if element.ident in self.schema.start:
            _append_text(within, "the root of a file" + ("; " if containers else ""))
        self._element_list(within, containers)
        if element.attributes:
            _h("dt", facts, "Attributes")
            self.element_attributes(_h("dd", facts), element)
        rules = [c for c in self.schema.constraints if element.ident in c.context]
        if rules:
            _h("dt", facts, "Rules")
            cell = _h("dd", facts)
            for index, rule in enumerate(rules):
                if index:
                    _append_text(cell, ", ")
                _h("code", _h("a", cell, href=f"#rule-{rule.ident}"), rule.ident)
        examples = [e for e in element.node.iter(f"{{{EG_NS}}}egXML")]
        if examples:
            _h("dt", facts, "Example")
            dd = _h("dd", facts)
            for example in examples:
                _h("code", _h("pre", dd), example_text(example))

    def _element_list(self, target: etree._Element, names: list[str]) -> None:
        for index, name in enumerate(names):
            if index:
                _append_text(target, ", ")
            _h("code", _h("a", target, href=f"#el-{name}"), f"<{name}>")

    def element_attributes(self, target: etree._Element, element: Element) -> None:
        """In full: the element's own attributes and those with a value list; by name, grouped by
        class, the inherited ones whose values need no explanation (pointers, ids, numbers)."""
        full = [a for a in element.attributes if a.origin == element.ident or a.values is not None]
        if full:
            self.attributes(target, full)
        brief: dict[str, list[Attribute]] = {}
        for attribute in element.attributes:
            if attribute not in full:
                brief.setdefault(attribute.origin, []).append(attribute)
        if brief:
            line = _h("p", target, "Also: ")
            for index, (origin, attributes) in enumerate(brief.items()):
                if index:
                    _append_text(line, "; ")
                for position, attribute in enumerate(attributes):
                    if position:
                        _append_text(line, ", ")
                    _h("code", line, f"@{attribute.ident}", title=attribute.gloss or attribute.desc)
                _append_text(line, " (")
                _h("a", line, origin, href=f"#class-{origin}")
                _append_text(line, ")")

    def attributes(self, target: etree._Element, attributes: list[Attribute]) -> None:
        table = _h("table", target)
        row = _h("tr", _h("thead", table))
        for title in ("Attribute", "Use", "Value", "Meaning"):
            _h("th", row, title)
        body = _h("tbody", table)
        for attribute in attributes:
            row = _h("tr", body)
            _h("code", _h("td", row), f"@{attribute.ident}")
            _h("td", row, {"req": "required", "rec": "recommended"}.get(attribute.usage, "optional"))
            value = _h("td", row)
            values = attribute.values
            if values is not None and values.items:
                kind = {"closed": "one of", "semi": "one of (or another word)", "open": "for example"}
                _append_text(value, f"{kind.get(values.type, 'one of')}: ")
                items = _h("ul", value)
                for item in values.items:
                    line = _h("li", items)
                    _h("code", line, item.ident or '""')
                    words = " — ".join(w for w in (item.gloss if item.gloss != item.ident else "", item.desc) if w)
                    if words:
                        _append_text(line, f" {words}")
            else:
                self.pattern(_h("code", value), attribute.datatype)
            meaning = _h("td", row)
            if attribute.gloss:
                _h("em", meaning, attribute.gloss)
                _append_text(meaning, ": ")
            self.prose_to(meaning, prose(attribute.node, "desc", self.schema.lang))
            if attribute.origin != attribute.ident and attribute.origin in self.schema.att_classes:
                _append_text(meaning, " (from ")
                _h("a", meaning, attribute.origin, href=f"#class-{attribute.origin}")
                _append_text(meaning, ")")

    # -- patterns ------------------------------------------------------------------------

    def _inline_macros(self, pattern: Pattern) -> Pattern:
        def leaf(p: Pattern) -> Pattern:
            if isinstance(p, MacroRef) and p.key in self.schema.macros:
                return self.schema.macros[p.key].content.repeat(p.min, p.max)
            return p

        return transform(pattern, leaf)

    def pattern(self, target: etree._Element, pattern: Pattern) -> None:
        """A content model, readable: ``(title+, (author | editor)*)`` with links."""
        groups = {Seq: ", ", Alt: " | ", Interleave: " & "}
        if type(pattern) in groups:
            _append_text(target, "(")
            for index, item in enumerate(pattern.items):
                if index:
                    _append_text(target, groups[type(pattern)])
                self.pattern(target, item)
            _append_text(target, ")")
        elif isinstance(pattern, ElementRef):
            _h("a", target, f"<{pattern.key}>", href=f"#el-{pattern.key}")
        elif isinstance(pattern, ClassRef):
            _h("a", target, pattern.key, href=f"#class-{pattern.key}")
        elif isinstance(pattern, MacroRef):
            _h("a", target, pattern.key, href=f"#macro-{pattern.key}")
        elif isinstance(pattern, DataRef) and pattern.key:
            _h("a", target, pattern.key, href=f"#data-{pattern.key}")
        elif isinstance(pattern, DataRef):
            _append_text(target, pattern.name + (f" matching {pattern.restriction}" if pattern.restriction else ""))
        elif isinstance(pattern, ListOf):
            _append_text(target, "list of ")
            self.pattern(target, pattern.item)
        elif isinstance(pattern, Values):
            _append_text(target, " | ".join(f'"{v}"' for v in pattern.values))
        else:
            _append_text(target, {Text: "text", Empty: "empty", NotAllowed: "nothing"}.get(type(pattern),
                                                                                       "any element"))
        if not isinstance(pattern, ListOf):
            _append_text(target, occurrence(pattern))

    # -- classes, macros, datatypes ----------------------------------------------------

    def classes(self, main: etree._Element) -> None:
        section = _h("section", main, id="classes")
        _h("h2", section, "Classes, macros and datatypes")
        for ident, model in sorted(self.schema.model_classes.items()):
            item = _h("section", section, class_="spec", id=f"class-{ident}")
            _h("code", _h("h3", item), ident)
            self.prose_to(_h("p", item), prose(model.node, "desc", self.schema.lang))
            members = _h("p", item, "Elements: ")
            self._element_list(members, self.schema.class_elements.get(ident, []))
        for ident, spec in sorted(self.schema.att_classes.items()):
            item = _h("section", section, class_="spec", id=f"class-{ident}")
            _h("code", _h("h3", item), ident)
            self.prose_to(_h("p", item), prose(spec.node, "desc", self.schema.lang))
            own = [a for a in self.schema.class_attributes.get(ident, []) if a.origin == ident]
            if own:
                self.attributes(item, own)
        for definition in (*sorted(self.schema.macros.values(), key=lambda d: d.ident),
                           *sorted(self.schema.datatypes.values(), key=lambda d: d.ident)):
            prefix = "macro" if definition.kind == "macro" else "data"
            item = _h("section", section, class_="spec", id=f"{prefix}-{definition.ident}")
            _h("code", _h("h3", item), definition.ident)
            self.prose_to(_h("p", item), prose(definition.node, "desc", self.schema.lang))
            self.pattern(_h("code", _h("p", item)), definition.content)


def example_text(egxml: etree._Element) -> str:
    """The example as an editor would type it: no namespace declarations, common indentation removed."""
    parts = [egxml.text or ""]
    for child in egxml:
        parts.append(etree.tostring(child, encoding="unicode", with_tail=True))
    text = "".join(parts)
    text = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", text)
    return textwrap.dedent(text.strip("\n")).strip()


def write_manual(schema: Schema) -> str:
    """The encoding manual of the schema, as an HTML page with one ``<main>``."""
    return ManualWriter(schema).write()
