"""The one hardened way to read and write XML in the toolkit.

Every XML file, the edition's own or a stranger's, is read here.  The reader
treats its input as hostile: no DTD is loaded, no entity is expanded, no
network is touched, no XInclude is processed, a document type declaration is
refused outright (TEI P5 files have no use for one, and it is where entity
bombs live), sizes and depths are bounded by libxml2's safe limits, and the
text must be UTF-8.  Failures become diagnostics with path, line and column.

Writing is atomic: a file is written beside its target and renamed over it,
so a reader never sees half a file and a killed process leaves the old one.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from lxml import etree

from .diagnostics import Diagnostic, EditionError, error, warning

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NS = {"tei": TEI_NS, "xml": XML_NS}

#: Files larger than this are refused before parsing (bytes).
MAX_FILE_SIZE = 64 * 1024 * 1024

_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}
_UTF8_BOM = b"\xef\xbb\xbf"
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        collect_ids=False,
        remove_blank_text=False,
    )


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (1-based) of a byte offset."""
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


def check_bytes(data: bytes, path: str) -> list[Diagnostic]:
    """Refuse what must never reach the parser: wrong encodings and DTDs."""
    for bom, name in _BOMS.items():
        if data.startswith(bom):
            return [error(path, f"the file is encoded as {name}; edition files must be UTF-8",
                          line=1, col=1, rule="xml-encoding",
                          hint="re-save the file as UTF-8 (without a byte-order mark)")]
    problems: list[Diagnostic] = []
    body = data
    if data.startswith(_UTF8_BOM):
        problems.append(warning(path, "the file starts with a UTF-8 byte-order mark", line=1, col=1,
                                rule="xml-bom", hint="harmless, but most editors can save without it"))
        body = data[len(_UTF8_BOM):]
    declared = _DECLARED_ENCODING.match(body)
    if declared and declared.group(1).decode("ascii").lower().replace("_", "-") not in ("utf-8", "utf8"):
        return [error(path, f"the XML declaration names encoding {declared.group(1).decode('ascii')!r}; "
                            "edition files must be UTF-8", line=1, col=1, rule="xml-encoding",
                      hint='convert the file to UTF-8 and declare encoding="UTF-8"')]
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start + (len(data) - len(body)))
        return [error(path, f"byte 0x{body[exc.start]:02x} is not valid UTF-8", line=line, col=col,
                      rule="xml-encoding", hint="the file is not UTF-8 text; convert it to UTF-8")]
    if b"\x00" in body:
        line, col = _position(data, data.index(b"\x00"))
        return [error(path, "the file contains a NUL byte: it is binary, not XML", line=line, col=col,
                      rule="xml-encoding", hint="only UTF-8 XML text files belong in the edition")]
    doctype = _DOCTYPE.search(body)
    if doctype:
        line, col = _position(data, doctype.start() + (len(data) - len(body)))
        problems.append(error(path, "document type declarations (<!DOCTYPE ...>) are not allowed", line=line,
                              col=col, rule="xml-doctype",
                              hint="remove the DOCTYPE: TEI P5 files are validated against the schema, "
                                   "and DTDs can smuggle in entities that read files or expand without bound"))
    return problems


def parse_bytes(data: bytes, path: str | Path) -> etree._ElementTree:
    """Parse XML bytes safely; raise :class:`EditionError` with located diagnostics."""
    path = str(path)
    if not data.strip():
        raise EditionError(error(path, "the file is empty", line=1, col=1, rule="xml-wellformed",
                                 hint="an edition file must contain one XML document"))
    if len(data) > MAX_FILE_SIZE:
        raise EditionError(error(path, f"the file is {len(data) // (1024 * 1024)} MiB; the limit is "
                                       f"{MAX_FILE_SIZE // (1024 * 1024)} MiB", rule="xml-size",
                                 hint="split the file into smaller documents"))
    problems = check_bytes(data, path)
    if any(p.is_error for p in problems):
        raise EditionError(*problems)
    try:
        root = etree.fromstring(data, _parser(), base_url=path)
    except etree.XMLSyntaxError as exc:
        raise EditionError(_syntax_diagnostic(exc, path)) from None
    return root.getroottree()


def _syntax_diagnostic(exc: etree.XMLSyntaxError, path: str) -> Diagnostic:
    entry = exc.error_log.last_error if exc.error_log else None
    line = entry.line if entry else (exc.lineno or 0)
    col = entry.column if entry else (exc.offset or 0)
    message = (entry.message if entry else exc.msg or str(exc)).strip()
    hint = "fix the markup at this place: every start tag needs its end tag, and & and < must be escaped"
    lowered = message.lower()
    if "huge" in lowered or "depth" in lowered or "amplification" in lowered:
        hint = "the file exceeds the safe limits for text size, nesting depth or entity expansion"
    elif "entity" in lowered:
        hint = "only the five predefined entities (&amp; &lt; &gt; &quot; &apos;) and character references are allowed"
    return error(path, f"malformed XML: {message}", line=line, col=max(col, 1), rule="xml-wellformed", hint=hint)


def parse_file(path: str | Path, display: str | None = None) -> etree._ElementTree:
    """Read and parse a file; ``display`` is the path shown in diagnostics."""
    shown = display or str(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_SIZE:
            raise EditionError(error(shown, f"the file is {size // (1024 * 1024)} MiB; the limit is "
                                            f"{MAX_FILE_SIZE // (1024 * 1024)} MiB", rule="xml-size",
                                     hint="split the file into smaller documents"))
        data = Path(path).read_bytes()
    except OSError as exc:
        raise EditionError(error(shown, f"cannot read the file: {exc.strerror or exc}", rule="io")) from None
    return parse_bytes(data, shown)


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never a part."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with _suppress_os_error():
            os.unlink(tmp)
        raise


def write_new(path: str | Path, data: bytes) -> None:
    """Create ``path`` atomically, refusing to replace a file that exists."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, path)  # fails with FileExistsError instead of overwriting
    finally:
        with _suppress_os_error():
            os.unlink(tmp)


def write_if_changed(path: str | Path, data: bytes) -> bool:
    """Write atomically unless the file already holds exactly ``data``; say whether it wrote."""
    path = Path(path)
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True


class _suppress_os_error:
    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, value, tb) -> bool:
        return kind is not None and issubclass(kind, OSError)


def serialize(tree: etree._ElementTree | etree._Element) -> bytes:
    """Serialise as the toolkit writes every XML file: UTF-8, declaration, final newline."""
    data = etree.tostring(tree, encoding="UTF-8", xml_declaration=True)
    return data if data.endswith(b"\n") else data + b"\n"
