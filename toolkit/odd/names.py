"""Namespaces and names shared by the ODD processor and its writers."""

from __future__ import annotations

TEI_NS = "http://www.tei-c.org/ns/1.0"
EG_NS = "http://www.tei-c.org/ns/Examples"
RNG_NS = "http://relaxng.org/ns/structure/1.0"
ANN_NS = "http://relaxng.org/ns/compatibility/annotations/1.0"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
SCH_OLD_NS = "http://www.ascc.net/xml/schematron"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
XSD_DATATYPES = "http://www.w3.org/2001/XMLSchema-datatypes"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XHTML_NS = "http://www.w3.org/1999/xhtml"

#: Prefixes every generated Schematron declares, so constraints written in
#: ODDs (which rely on the prefixes in scope in the ODD) keep working.
STANDARD_PREFIXES = {
    "tei": TEI_NS,
    "xs": "http://www.w3.org/2001/XMLSchema",
    "rng": RNG_NS,
    "sch": SCH_NS,
    "teix": EG_NS,
}


def tei(local: str) -> str:
    return f"{{{TEI_NS}}}{local}"


def rng(local: str) -> str:
    return f"{{{RNG_NS}}}{local}"


def sch(local: str) -> str:
    return f"{{{SCH_NS}}}{local}"


def localname(element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace(element) -> str:
    tag = element.tag
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def attribute_qname(ident: str) -> tuple[str, str]:
    """``xml:id`` -> (XML namespace, ``id``); ``type`` -> ("", ``type``)."""
    if ident.startswith("xml:"):
        return XML_NS, ident[4:]
    return "", ident
