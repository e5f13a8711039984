"""Specification libraries: the TEI Guidelines (p5subset) or a compiled ODD.

An ODD customisation selects and changes specifications taken from a
*library*: by default the compiled TEI Guidelines (``p5subset.xml``), or,
when its ``schemaSpec/@source`` names another ODD (ODD chaining), that ODD
compiled first.  A library is an ordered collection of ``elementSpec``,
``classSpec``, ``macroSpec`` and ``dataSpec`` elements, keyed by kind and
ident, plus the module declarations and the schema-level constraints.
Document order is kept: it decides the order in which ``@expand`` spells out
a class's members, as the TEI Stylesheets do.
"""

from __future__ import annotations

import copy
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from lxml import etree

from ..diagnostics import EditionError, error
from .names import SCH_NS, SCH_OLD_NS, TEI_NS, localname, tei

SPEC_KINDS = {"elementSpec": "element", "classSpec": "class", "macroSpec": "macro", "dataSpec": "data"}
SPEC_TAGS = {kind: tag for tag, kind in SPEC_KINDS.items()}

#: Environment variable naming p5subset.xml for ODDs that build on the TEI Guidelines.
P5SUBSET_ENV = "EDITION_P5SUBSET"


@dataclass
class Spec:
    """One specification: a TEI ``*Spec`` element of a library or customisation."""

    kind: str
    node: etree._Element

    @property
    def ident(self) -> str:
        return self.node.get("ident", "")

    @property
    def module(self) -> str:
        return self.node.get("module", "")

    @property
    def class_type(self) -> str:
        return self.node.get("type", "")

    @property
    def mode(self) -> str:
        return self.node.get("mode", "add")

    def copy(self) -> "Spec":
        return Spec(self.kind, copy.deepcopy(self.node))


@dataclass
class Library:
    """Specifications in document order, with what an ODD declares around them."""

    origin: str
    specs: dict[tuple[str, str], Spec] = field(default_factory=dict)
    modules: dict[str, etree._Element] = field(default_factory=dict)
    constraints: list[etree._Element] = field(default_factory=list)
    start: list[str] = field(default_factory=list)
    ident: str = ""
    title: str = ""
    lang: str = "en"
    prose: list[etree._Element] = field(default_factory=list)
    namespaces: dict[str, str] = field(default_factory=dict)   # Schematron prefixes (sch:ns)

    def get(self, kind: str, ident: str) -> Spec | None:
        return self.specs.get((kind, ident))

    def add(self, spec: Spec) -> None:
        self.specs[(spec.kind, spec.ident)] = spec

    def remove(self, kind: str, ident: str) -> None:
        self.specs.pop((kind, ident), None)

    def of_kind(self, kind: str) -> Iterator[Spec]:
        return (spec for (k, _), spec in self.specs.items() if k == kind)

    def in_module(self, key: str) -> list[Spec]:
        return [spec for spec in self.specs.values() if spec.module == key]

    def module_names(self) -> list[str]:
        names = dict.fromkeys(self.modules)
        names.update(dict.fromkeys(spec.module for spec in self.specs.values() if spec.module))
        return list(names)


def specs_in(root: etree._Element) -> Iterator[Spec]:
    """Every TEI specification element below ``root``, in document order."""
    for node in root.iter(*(tei(tag) for tag in SPEC_KINDS)):
        yield Spec(SPEC_KINDS[localname(node)], node)


def schematron_namespaces(root: etree._Element) -> dict[str, str]:
    """The prefixes an ODD declares for its Schematron (``sch:ns``), wherever they stand."""
    found: dict[str, str] = {}
    for ns in root.iter(f"{{{SCH_NS}}}ns", f"{{{SCH_OLD_NS}}}ns"):
        if ns.get("prefix") and ns.get("uri"):
            found.setdefault(ns.get("prefix"), ns.get("uri"))
    return found


@functools.lru_cache(maxsize=4)
def load_guidelines(path: str) -> Library:
    """The compiled TEI Guidelines (p5subset.xml), read once per process."""
    parser = etree.XMLParser(collect_ids=False, huge_tree=True, resolve_entities=False,
                             no_network=True, load_dtd=False)
    try:
        root = etree.parse(path, parser).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise EditionError(error(path, f"cannot read the TEI Guidelines source: {exc}", rule="odd-source",
                                 hint="pass the path of p5subset.xml (the compiled TEI Guidelines)")) from None
    library = Library(origin=path, ident="p5subset")
    for spec in specs_in(root):
        library.add(spec)
    for module in root.iter(tei("moduleSpec")):
        library.modules[module.get("ident", "")] = module
    library.namespaces = schematron_namespaces(root)
    version = root.find(f".//{{{TEI_NS}}}edition")
    library.title = "TEI P5 " + " ".join("".join(version.itertext()).split()) if version is not None else "TEI P5"
    return library


def guidelines_path(explicit: Path | None) -> Path | None:
    """Where p5subset.xml is: the path given, else ``$EDITION_P5SUBSET``."""
    if explicit is not None:
        return explicit
    value = os.environ.get(P5SUBSET_ENV)
    return Path(value) if value else None
