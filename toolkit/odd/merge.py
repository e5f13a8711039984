"""Merging a customisation's ``mode="change"`` specification into the one it changes.

The rules are the TEI's (as the TEI Stylesheets' odd2odd applies them): what
the change states replaces what the original states, item by item, and what
it does not mention is kept.  ``gloss`` and ``desc`` are replaced per
language; class memberships are added or removed (``memberOf/@mode``);
attribute definitions are added, changed, replaced or deleted by ident, and
within a changed attribute its value list is replaced, or merged item by item
with ``valList/@mode="change"`` (or ``"add"``); constraints are replaced or
deleted by ident; ``content``, ``datatype``, examples and remarks are
replaced wholesale.

Deleting or changing an attribute the element only inherits from a class
leaves a marker (``attDef`` with ``@mode="delete"`` or ``"change"``) that
the schema builder applies when it works out the element's attributes.
"""

from __future__ import annotations

import copy
from typing import Callable

from lxml import etree

from .names import TEI_NS, XML_NS, localname, namespace, tei

#: The order of a specification's children in TEI's own schema for ODD.
CANONICAL_ORDER = ("altIdent", "equiv", "gloss", "desc", "classes", "content", "valList", "datatype",
                   "defaultVal", "valDesc", "constraintSpec", "attList", "model", "modelGrp",
                   "modelSequence", "exemplum", "remarks", "listRef")

LANG = f"{{{XML_NS}}}lang"


def children(node: etree._Element, local: str | None = None) -> list[etree._Element]:
    return [c for c in node if isinstance(c.tag, str) and namespace(c) == TEI_NS
            and (local is None or localname(c) == local)]


def _lang(node: etree._Element) -> str:
    return node.get(LANG) or "en"


def insert_canonical(target: etree._Element, child: etree._Element) -> None:
    """Insert ``child`` where TEI's ODD schema expects an element of its kind."""
    name = localname(child)
    rank = CANONICAL_ORDER.index(name) if name in CANONICAL_ORDER else len(CANONICAL_ORDER)
    for index, existing in enumerate(target):
        existing_name = localname(existing) if isinstance(existing.tag, str) else ""
        if existing_name in CANONICAL_ORDER and CANONICAL_ORDER.index(existing_name) > rank:
            target.insert(index, child)
            return
    target.append(child)


def fresh(node: etree._Element) -> etree._Element:
    """A copy of a customisation element without its ``@mode``."""
    result = copy.deepcopy(node)
    result.attrib.pop("mode", None)
    return result


def replace_lang(target: etree._Element, child: etree._Element) -> None:
    """Replace the ``gloss``/``desc`` of the same language (or add one)."""
    for old in children(target, localname(child)):
        if _lang(old) == _lang(child):
            target.replace(old, fresh(child))
            return
    insert_canonical(target, fresh(child))


def _replace_all(target: etree._Element, change: etree._Element, local: str) -> None:
    for old in children(target, local):
        target.remove(old)
    for new in children(change, local):
        insert_canonical(target, fresh(new))


def _merge_changed(target: etree._Element, change: etree._Element,
                   merges: dict[str, Callable[[etree._Element, etree._Element], None]]) -> None:
    """The one way a ``mode="change"`` spec or attDef changes its target: its attributes
    replace the target's, glosses and descriptions replace those of the same language,
    the children named in ``merges`` are merged, any other kind of child replaces all
    of that kind."""
    for name, value in change.attrib.items():
        if name not in ("mode", "ident"):
            target.set(name, value)
    done: set[str] = set()
    for child in children(change):
        local = localname(child)
        if local in ("gloss", "desc"):
            replace_lang(target, child)
        elif local in merges:
            merges[local](target, child)
        elif local not in done:
            _replace_all(target, change, local)
            done.add(local)


def merge_spec(target: etree._Element, change: etree._Element) -> None:
    """Apply a ``mode="change"`` specification to the specification it changes (in place)."""
    _merge_changed(target, change, {"classes": merge_classes, "attList": merge_attlist,
                                    "constraintSpec": merge_constraint})


def merge_classes(target: etree._Element, change: etree._Element) -> None:
    classes = target.find(tei("classes"))
    if classes is None or change.get("mode") == "replace":
        if classes is not None:
            target.remove(classes)
        classes = etree.Element(tei("classes"))
        insert_canonical(target, classes)
    for member in children(change, "memberOf"):
        key = member.get("key", "")
        existing = [m for m in children(classes, "memberOf") if m.get("key") == key]
        if member.get("mode") == "delete":
            for old in existing:
                classes.remove(old)
        elif not existing:
            classes.append(fresh(member))


def merge_constraint(target: etree._Element, change: etree._Element) -> None:
    ident = change.get("ident")
    existing = [c for c in children(target, "constraintSpec") if ident and c.get("ident") == ident]
    if change.get("mode") == "delete":
        for old in existing:
            target.remove(old)
    elif existing:
        target.replace(existing[0], fresh(change))
    else:
        insert_canonical(target, fresh(change))


def find_attdef(attlist: etree._Element, ident: str) -> etree._Element | None:
    return next((a for a in attlist.iter(tei("attDef")) if a.get("ident") == ident), None)


def merge_attlist(target: etree._Element, change: etree._Element) -> None:
    attlist = target.find(tei("attList"))
    if attlist is not None and change.get("mode") == "replace":
        target.remove(attlist)
        attlist = None
    if attlist is None:
        attlist = etree.Element(tei("attList"))
        for name, value in change.attrib.items():
            if name != "mode":
                attlist.set(name, value)
        insert_canonical(target, attlist)
    for item in children(change):
        local = localname(item)
        if local == "attDef":
            _merge_attdef_item(attlist, item)
        elif local == "attRef":
            if not any(r.get("class") == item.get("class") and r.get("name") == item.get("name")
                       for r in children(attlist, "attRef")):
                attlist.append(fresh(item))
        elif local == "attList":
            attlist.append(fresh(item))


def _merge_attdef_item(attlist: etree._Element, item: etree._Element) -> None:
    ident = item.get("ident", "")
    mode = item.get("mode", "add")
    existing = find_attdef(attlist, ident)
    if mode == "delete":
        marker = etree.Element(tei("attDef"), ident=ident, mode="delete")
        if existing is not None:
            existing.getparent().replace(existing, marker)
        else:
            attlist.append(marker)
    elif mode == "change":
        if existing is None or existing.get("mode") == "delete":
            new = copy.deepcopy(item)
            if existing is not None:
                existing.getparent().replace(existing, new)
            else:
                attlist.append(new)
        else:
            merge_attdef(existing, item)
    else:
        new = copy.deepcopy(item)
        new.set("mode", "replace" if mode == "replace" else "add")
        if existing is not None:
            existing.getparent().replace(existing, new)
        else:
            attlist.append(new)


def merge_attdef(target: etree._Element, change: etree._Element) -> None:
    _merge_changed(target, change, {"valList": merge_vallist, "constraintSpec": merge_constraint})


def merge_vallist(target: etree._Element, change: etree._Element) -> None:
    mode = change.get("mode", "replace")
    existing = target.find(tei("valList"))
    if mode == "delete":
        if existing is not None:
            target.remove(existing)
        return
    if existing is None or mode == "replace":
        if existing is not None:
            target.remove(existing)
        insert_canonical(target, _clean_vallist(change))
        return
    if change.get("type"):
        existing.set("type", change.get("type"))
    for item in children(change, "valItem"):
        ident = item.get("ident")
        old = next((v for v in children(existing, "valItem") if v.get("ident") == ident), None)
        if item.get("mode") == "delete":
            if old is not None:
                existing.remove(old)
        elif old is not None and item.get("mode") == "change":
            merge_spec(old, item)
        elif old is not None:
            existing.replace(old, fresh(item))
        else:
            existing.append(fresh(item))


def _clean_vallist(node: etree._Element) -> etree._Element:
    result = fresh(node)
    for item in list(children(result, "valItem")):
        if item.get("mode") == "delete":
            result.remove(item)
        else:
            item.attrib.pop("mode", None)
    return result
