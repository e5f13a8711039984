"""``edition export tei``: the edition as publishable TEI, file by file and as one ``teiCorpus``.

The export holds the sources as they are (``tei/`` with documents, registers,
bibliography and edition header) beside the edition's schema folder, so the
``xml-model`` processing instructions of every document still lead to
``schema/edition.rng``; and ``corpus.xml``, one ``teiCorpus`` whose header is
the edition header, followed by the edition's front matter, every document in
order of date, the bibliography and the registers.  Inside the ``teiCorpus``
every pointer between files becomes a pointer within the file (``#id``), which
is safe because ids are unique across the edition (``edition validate`` checks
it), and which lets XSLT (e.g. the CMIF export) follow pointers with ``id()``.
"""

from __future__ import annotations

import copy
import posixpath
from pathlib import Path

from lxml import etree

from ..corpus import POINTER_ATTRIBUTES, XML_ID, Corpus, SourceFile, resolve_token, tei
from ..diagnostics import Diagnostic
from ..edition import Edition
from ..xmlio import NS, serialize, write_atomic

CORPUS_NAME = "corpus.xml"
#: The official schema the ``teiCorpus`` is valid against (it is not an edition document).
TEI_ALL_URL = "https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"
_KIND_ORDER = {"document": 0, "bibliography": 1, "register": 2, "other": 3}


def members(corpus: Corpus) -> list[SourceFile]:
    """The files a ``teiCorpus`` holds, in reading order: documents by date, then the apparatus."""
    order = {d.rel: index for index, d in enumerate(corpus.documents)}
    files = [f for f in corpus.files.values() if f.kind != "edition"]
    return sorted(files, key=lambda f: (_KIND_ORDER[f.kind], order.get(f.rel, 0), f.rel))


def _local_pointer(corpus: Corpus, rel: str, token: str, corpus_rel: str) -> str:
    """A pointer token as it reads inside the ``teiCorpus``."""
    target_file, target_id = resolve_token(rel, token)
    if not target_file or target_file not in corpus.files:
        return token
    if target_id:
        return f"#{target_id}"
    root_id = corpus.files[target_file].root.get(XML_ID)
    if root_id:
        return f"#{root_id}"
    return posixpath.relpath(target_file, posixpath.dirname(corpus_rel) or ".")


def localise(corpus: Corpus, element: etree._Element, rel: str, corpus_rel: str) -> etree._Element:
    """A copy of ``element`` (from file ``rel``) whose pointers are rewritten for the ``teiCorpus``."""
    result = copy.deepcopy(element)
    for node in result.iter():
        if not isinstance(node.tag, str):
            continue
        for attribute in POINTER_ATTRIBUTES:
            value = node.get(attribute)
            if value:
                node.set(attribute, " ".join(_local_pointer(corpus, rel, t, corpus_rel) for t in value.split()))
    return result


def build_corpus(edition: Edition, corpus_rel: str = CORPUS_NAME) -> etree._Element:
    """The whole edition as one ``teiCorpus`` element (``corpus_rel``: where the file will stand,
    relative to the edition root)."""
    corpus = edition.corpus
    root = etree.Element(tei("teiCorpus"), nsmap={None: NS["tei"]})
    header = corpus.edition_header()
    if header is not None:
        for name, value in header.root.attrib.items():
            root.set(name, value)
        for child in header.root:
            if isinstance(child.tag, str):
                root.append(localise(corpus, child, header.rel, corpus_rel))
    else:
        root.append(_minimal_header(edition))
    for source in members(corpus):
        member = source.root                                   # parsed once (documents are not kept in memory)
        if member.tag == tei("TEI"):                           # a nested teiCorpus stays out
            root.append(localise(corpus, member, source.rel, corpus_rel))
    for child in root:
        child.tail = "\n"
    root.text = "\n"
    return root


def _minimal_header(edition: Edition) -> etree._Element:
    """A header for an edition without ``edition.xml``: title and publication from ``edition.toml``."""
    header = etree.Element(tei("teiHeader"))
    file_desc = etree.SubElement(header, tei("fileDesc"))
    etree.SubElement(etree.SubElement(file_desc, tei("titleStmt")), tei("title")).text = edition.config.title
    etree.SubElement(etree.SubElement(file_desc, tei("publicationStmt")), tei("p")).text = \
        edition.config.get("edition", "publisher") or edition.config.title
    etree.SubElement(etree.SubElement(file_desc, tei("sourceDesc")), tei("p")).text = "Born digital."
    return header


def corpus_document(edition: Edition) -> bytes:
    """The ``teiCorpus`` file, with a processing instruction naming the official ``tei_all`` schema."""
    root = build_corpus(edition)
    tree = root.getroottree()
    root.addprevious(etree.ProcessingInstruction(
        "xml-model", f'href="{TEI_ALL_URL}" type="application/xml" '
                     'schematypens="http://relaxng.org/ns/structure/1.0"'))
    return serialize(tree)


def copy_sources(edition: Edition, out: Path) -> None:
    """The TEI sources and the schema folder, byte for byte, at their paths relative to the edition root."""
    corpus = edition.corpus
    for source in corpus.files.values():
        write_atomic(out / source.rel, source.path.read_bytes())
    schema = edition.config.schema_dir
    if schema.is_dir():
        for path in sorted(schema.rglob("*")):
            relative = path.relative_to(schema)
            if path.is_file() and not any(part.startswith(".") for part in relative.parts):
                write_atomic(out / edition.rel(schema) / relative, path.read_bytes())


def write(edition: Edition, out: Path) -> list[Diagnostic]:
    copy_sources(edition, out)
    write_atomic(out / CORPUS_NAME, corpus_document(edition))
    return []
