"""Schematron: written from the ODD's constraints, compiled to XSLT 3.0, run with Saxon.

:func:`write_schematron` collects the ``constraintSpec`` elements of the
compiled schema into one ISO Schematron schema (``queryBinding="xslt2"``):
each constraint becomes a pattern whose ``@id`` is the constraint's ident, so
that every failure names its rule; a bare ``assert`` or ``report`` gets the
element (or attribute) it was declared on as its rule context, as the TEI
Stylesheets do.

:func:`compile_schematron` translates ISO Schematron into an XSLT 3.0
stylesheet -- the subset ODD constraints use: ``ns``, ``pattern``, ``rule``
(first matching rule per pattern wins), ``assert``, ``report``, ``let``,
``value-of``, ``name``, abstract rules with ``extends``, and the ``@role``,
``@id`` and ``@flag`` of assertions.  The stylesheet reports each failure
with the source line of the node (the caller stamps lines on the tree, see
:func:`toolkit.xslt.stamp_lines`).  :class:`SchematronRunner` compiles it
once and runs it over many documents.
"""

from __future__ import annotations

import copy
import os
import re
import threading

from lxml import etree

from ..diagnostics import Diagnostic, Severity
from ..xslt import LINE_NS, Stylesheet
from .model import Constraint, Schema, prose, text_of
from .names import SCH_NS, SCH_OLD_NS, STANDARD_PREFIXES, TEI_NS, XSL_NS, localname, namespace

S = f"{{{SCH_NS}}}"
XSL = f"{{{XSL_NS}}}"
REPORT_NS = "urn:x-edition-toolkit:schematron"
R = f"{{{REPORT_NS}}}"
SCHEMES = ("schematron", "isoschematron")

#: Schematron roles as severities.
ROLES = {"error": Severity.ERROR, "fatal": Severity.ERROR, "warning": Severity.WARNING,
         "warn": Severity.WARNING, "nonfatal": Severity.WARNING, "info": Severity.INFO,
         "information": Severity.INFO}


# -- writing Schematron from the model ---------------------------------------------


def _iso(node: etree._Element) -> etree._Element:
    """A copy with old-style Schematron (ascc.net) elements moved into the ISO namespace."""
    result = copy.deepcopy(node)
    for element in result.iter():
        if isinstance(element.tag, str) and namespace(element) == SCH_OLD_NS:
            element.tag = S + localname(element)
    return result


def _context(schema: Schema, constraint: Constraint) -> str:
    names = [f"tei:{e}" for e in constraint.context
             if e in schema.elements and schema.elements[e].ns == TEI_NS]
    if not names:
        return "/*"
    if constraint.attribute:
        return " | ".join(f"{n}/@{constraint.attribute}" for n in names)
    return " | ".join(names)


def write_schematron(schema: Schema) -> etree._Element:
    """The ISO Schematron schema of every Schematron constraint of the compiled schema."""
    root = etree.Element(S + "schema", nsmap={"sch": SCH_NS}, queryBinding="xslt2")
    etree.SubElement(root, S + "title").text = f"Rules of {schema.title} (schema {schema.ident})"
    prefixes = dict(STANDARD_PREFIXES)
    for prefix, uri in schema.library.namespaces.items():
        prefixes.setdefault(prefix, uri)
    patterns: list[etree._Element] = []
    used: dict[str, int] = {}
    for constraint in schema.constraints:
        if constraint.node.get("scheme", "schematron") not in SCHEMES:
            continue
        body = constraint.node.find(f"{{{TEI_NS}}}constraint")
        if body is None:
            continue
        for ns in body.iter(S + "ns", f"{{{SCH_OLD_NS}}}ns"):
            prefixes.setdefault(ns.get("prefix", ""), ns.get("uri", ""))
        for prefix, uri in body.nsmap.items():
            if prefix and uri not in (SCH_NS, SCH_OLD_NS):
                prefixes.setdefault(prefix, uri)
        ident = constraint.ident or f"constraint-{len(patterns) + 1}"
        used[ident] = used.get(ident, 0) + 1
        pattern_id = ident if used[ident] == 1 else f"{ident}--{used[ident]}"
        desc = text_of(prose(constraint.node, "desc", schema.lang))
        patterns.extend(_patterns(schema, constraint, body, pattern_id, desc))
    for prefix, uri in prefixes.items():
        if prefix and uri:
            etree.SubElement(root, S + "ns", prefix=prefix, uri=uri)
    for pattern in patterns:
        root.append(pattern)
    return root


def _patterns(schema: Schema, constraint: Constraint, body: etree._Element, pattern_id: str,
              desc: str) -> list[etree._Element]:
    items = [_iso(c) for c in body if isinstance(c.tag, str) and namespace(c) in (SCH_NS, SCH_OLD_NS)
             and localname(c) != "ns"]
    result: list[etree._Element] = []
    loose: list[etree._Element] = []
    for item in items:
        if localname(item) == "pattern":
            item.set("id", pattern_id if not result else f"{pattern_id}--p{len(result) + 1}")
            result.append(item)
        else:
            loose.append(item)
    if loose:
        pattern = etree.Element(S + "pattern", id=pattern_id)
        rule: etree._Element | None = None
        for item in loose:
            if localname(item) in ("assert", "report"):
                if rule is None:
                    rule = etree.SubElement(pattern, S + "rule", context=_context(schema, constraint))
                rule.append(item)
            else:
                pattern.append(item)
        result.insert(0, pattern)
    for pattern in result:
        if desc:
            paragraph = etree.Element(S + "p")
            paragraph.text = desc
            pattern.insert(0, paragraph)
    return result


# -- compiling Schematron to XSLT ----------------------------------------------------


class SchematronError(ValueError):
    pass


def _rule_id(pattern: etree._Element, test: etree._Element) -> str:
    return test.get("id") or re.sub(r"--.*$", "", pattern.get("id", ""))


class _Compiler:
    def __init__(self, schema: etree._Element) -> None:
        self.schema = schema
        self.prefixes = {ns.get("prefix"): ns.get("uri") for ns in schema.iter(S + "ns")}
        self.abstract = {r.get("id"): r for r in schema.iter(S + "rule") if r.get("abstract") == "true"}
        let_names = [let.get("name") for p in schema.iter(S + "pattern") for let in p.findall(S + "let")]
        self.global_lets = {n for n in let_names if let_names.count(n) == 1}

    def compile(self) -> etree._Element:
        nsmap = {"xsl": XSL_NS, "_r": REPORT_NS, "_l": LINE_NS, "xs": STANDARD_PREFIXES["xs"]}
        nsmap.update({k: v for k, v in self.prefixes.items() if k and k not in ("xsl", "_r", "_l")})
        sheet = etree.Element(XSL + "stylesheet", nsmap=nsmap, version="3.0")
        sheet.set("exclude-result-prefixes", "#all")
        etree.SubElement(sheet, XSL + "output", method="xml", indent="no")
        for let in self.schema.findall(S + "let"):
            etree.SubElement(sheet, XSL + "variable", name=let.get("name"), select=let.get("value", "."))
        patterns = [p for p in self.schema.iter(S + "pattern") if p.get("abstract") != "true"]
        main = etree.SubElement(sheet, XSL + "template", match="/")
        report = etree.SubElement(main, R + "report")
        for index, pattern in enumerate(patterns):
            for let in pattern.findall(S + "let"):
                if let.get("name") in self.global_lets:
                    etree.SubElement(sheet, XSL + "variable", name=let.get("name"), select=let.get("value", "."))
            self._pattern(sheet, report, pattern, index)
        return sheet

    def _pattern(self, sheet: etree._Element, report: etree._Element, pattern: etree._Element, number: int) -> None:
        """The rules of one pattern, each over the nodes its context selects and no earlier rule took.

        A context is an XSLT pattern; the nodes of a document it matches are
        ``//(context)`` (each step tried from every node), which Saxon finds
        by scanning its tree, far faster than visiting every node once per
        pattern with ``apply-templates``.  A context that can match the
        document node or any item (``document-node()``, ``.[…]``) is matched
        exactly instead, by a mode of its own.
        """
        local_lets = [let for let in pattern.findall(S + "let") if let.get("name") not in self.global_lets]
        rules = [r for r in pattern.findall(S + "rule") if r.get("abstract") != "true"]
        taken: list[str] = []
        for index, rule in enumerate(rules):
            context = rule.get("context")
            if not context:
                raise SchematronError(f"a rule of pattern {pattern.get('id')!r} has no context")
            name = f"_r:p{number}r{index}"
            etree.SubElement(report, XSL + "variable", name=name, select=self._select(sheet, context, name))
            nodes = f"${name} except ({' | '.join(taken)})" if taken else f"${name}"
            taken.append(f"${name}")
            each = etree.SubElement(report, XSL + "for-each", select=nodes)
            for let in local_lets:
                etree.SubElement(each, XSL + "variable", name=let.get("name"), select=let.get("value", "."))
            for item in self._rule_items(rule):
                self._item(each, pattern, item)

    @staticmethod
    def _select(sheet: etree._Element, context: str, name: str) -> str:
        """An expression for the nodes of the document that match the pattern ``context``."""
        if "document-node(" not in context and not context.lstrip().startswith("."):
            return f"//({context})"
        mode, function = name.replace("_r:", "_r:mode-"), name.replace("_r:", "_r:match-")
        etree.SubElement(sheet, XSL + "mode", name=mode, **{"on-no-match": "deep-skip"})
        matched = etree.SubElement(sheet, XSL + "template", match=context, mode=mode)
        etree.SubElement(matched, XSL + "sequence", select=".")
        test = etree.SubElement(sheet, XSL + "function", name=function, **{"as": "node()*"})
        etree.SubElement(test, XSL + "param", name="node", **{"as": "node()"})
        etree.SubElement(test, XSL + "apply-templates", select="$node", mode=mode)
        return f"(/ | //node() | //@*)[exists({function}(.))]"

    def _rule_items(self, rule: etree._Element) -> list[etree._Element]:
        items: list[etree._Element] = []
        for item in rule:
            if not isinstance(item.tag, str):
                continue
            if item.tag == S + "extends":
                base = self.abstract.get(item.get("rule"))
                if base is None:
                    raise SchematronError(f"<sch:extends rule={item.get('rule')!r}> names no abstract rule")
                items.extend(self._rule_items(base))
            else:
                items.append(item)
        return items

    def _item(self, template: etree._Element, pattern: etree._Element, item: etree._Element) -> None:
        local = localname(item)
        if local == "let":
            etree.SubElement(template, XSL + "variable", name=item.get("name"), select=item.get("value", "."))
            return
        if local not in ("assert", "report"):
            return
        test = item.get("test", "true()")
        condition = f"not({test})" if local == "assert" else test
        branch = etree.SubElement(template, XSL + "if", test=condition)
        failed = etree.SubElement(branch, R + "failed", kind=local, rule=_rule_id(pattern, item),
                                  role=item.get("role", "error"))
        if item.get("flag"):
            failed.set("flag", item.get("flag"))
        line = etree.SubElement(failed, XSL + "attribute", name="line")
        line.set("select", "(ancestor-or-self::*[@_l:l][1]/@_l:l, 0)[1]")
        self._message(failed, item)

    def _message(self, target: etree._Element, source: etree._Element) -> None:
        if source.text:
            etree.SubElement(target, XSL + "text").text = source.text
        for child in source:
            if isinstance(child.tag, str):
                local = localname(child)
                if local == "value-of":
                    etree.SubElement(target, XSL + "value-of", select=child.get("select", "."))
                elif local == "name":
                    etree.SubElement(target, XSL + "value-of", select=f"name({child.get('path', '.')})")
                else:
                    self._message(target, child)
            if child.tail:
                etree.SubElement(target, XSL + "text").text = child.tail


def compile_schematron(schema: etree._Element) -> str:
    """XSLT 3.0 that reports every failed assertion and successful report as ``_r:failed``."""
    sheet = _Compiler(schema).compile()
    return etree.tostring(sheet, encoding="unicode")


# -- running ----------------------------------------------------------------------


class SchematronRunner:
    """A Schematron schema compiled to XSLT once, applied to many documents.

    Saxon processors belong to a thread, so the stylesheet is compiled once per
    thread that uses the runner (and again in a forked worker process).
    """

    def __init__(self, xslt: str, name: str) -> None:
        self.xslt = xslt
        self.name = name
        self._local = threading.local()

    @classmethod
    def from_schema(cls, schema: etree._Element, name: str) -> "SchematronRunner":
        runner = cls(compile_schematron(schema), name)
        runner.stylesheet()        # compiled now, so that a broken schema fails where it is loaded
        return runner

    def stylesheet(self) -> Stylesheet:
        compiled = getattr(self._local, "stylesheet", None)
        if compiled is None or self._local.pid != os.getpid():
            compiled = self._local.stylesheet = Stylesheet(self.xslt, name=self.name)
            self._local.pid = os.getpid()
        return compiled

    def run(self, stamped: etree._Element | etree._ElementTree, path: str) -> list[Diagnostic]:
        """Check a tree; a problem has its line when the elements carry their source lines
        (:func:`toolkit.xslt.stamp_lines`), else line 0."""
        text, _ = self.stylesheet().transform(stamped, path=path)
        report = etree.fromstring(text.encode("utf-8"))
        found = []
        for failed in report.iter(R + "failed"):
            message = " ".join("".join(failed.itertext()).split())
            severity = ROLES.get((failed.get("role") or "error").lower(), Severity.ERROR)
            found.append(Diagnostic(path, int(failed.get("line") or 0), 1, severity, message,
                                    failed.get("rule", "")))
        return found
