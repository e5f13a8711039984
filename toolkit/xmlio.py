"""The one hardened way to read and write XML in the toolkit.

Every XML file, the edition's own or a stranger's, is read here.  The reader
treats its input as hostile: no DTD is loaded, no entity is expanded, no
network is touched, no XInclude is processed, a document type declaration is
refused outright (TEI P5 files have no use for one, and it is where entity
bombs live), sizes and depths are bounded by libxml2's safe limits, and the
text must be UTF-8.  Failures become diagnostics with path, line and column.

The limits, and why (see also the README's security section):

* a file larger than :data:`MAX_FILE_SIZE` is refused before it is read, since
  a parsed tree takes up to thirty times the bytes of its file;
* elements nested more than 256 deep, and text nodes, names or attribute
  values longer than 10,000,000 characters, are refused by libxml2 (its safe
  limits, i.e. no ``huge_tree``);
* ``<!DOCTYPE>`` (internal subsets, external DTDs, entity declarations) and
  XInclude elements are refused: a TEI P5 file needs neither, and they are how
  a file reads other files, opens connections or expands without bound;
* a UTF-8 byte-order mark is legal XML and only a warning; UTF-16/32 (with or
  without a byte-order mark), another declared encoding, invalid UTF-8 and NUL
  bytes are errors.

Writing is atomic: a file is written beside its target and renamed over it,
so a reader never sees half a file and a killed process leaves the old one.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Callable, Iterator

from lxml import etree

from .diagnostics import Diagnostic, EditionError, error, warning

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NS = {"tei": TEI_NS, "xml": XML_NS}

#: Files larger than this are refused before parsing (bytes).  The largest real TEI files
#: (the Guidelines' p5subset.xml, big registers) are a few MiB; a tree costs up to 30x its file.
MAX_FILE_SIZE = 16 * 1024 * 1024

XINCLUDE_NAMESPACES = ("http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude")

_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}
_UTF8_BOM = b"\xef\xbb\xbf"
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
_UTF16_WITHOUT_BOM = (b"<\x00", b"\x00<")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: Mode of new files: what ``open()`` would create, not mkstemp's private 0600, so that a
#: web server can read published output and an editor's new documents look like any other.
_NEW_FILE_MODE = 0o666 & ~_umask()


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
    if data.startswith(_UTF16_WITHOUT_BOM):
        return [error(path, "the file looks like UTF-16 text (every other byte is NUL); edition files must be UTF-8",
                      line=1, col=1, rule="xml-encoding", hint="re-save the file as UTF-8")]
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
    doctype = _doctype_offset(body)
    if doctype is not None:
        line, col = _position(data, doctype + (len(data) - len(body)))
        problems.append(error(path, "document type declarations (<!DOCTYPE ...>) are not allowed", line=line,
                              col=col, rule="xml-doctype",
                              hint="remove the DOCTYPE: TEI P5 files are validated against the schema, "
                                   "and DTDs can smuggle in entities that read files or expand without bound"))
    return problems


def _doctype_offset(body: bytes) -> int | None:
    """Where a document type declaration starts, if the prolog has one.

    Only the prolog (declaration, comments, PIs, white space before the root
    element) can hold one; elsewhere ``<!DOCTYPE`` is a comment's or CDATA's
    text, or malformed XML that the parser reports anyway.
    """
    position = 0
    while (item := _PROLOG_ITEM.match(body, position)) and item.end() > position:
        position = item.end()
    return position if body[position:position + 9].upper() == b"<!DOCTYPE" else None


def parse_bytes(data: bytes, path: str | Path) -> etree._ElementTree:
    """Parse XML bytes safely; raise :class:`EditionError` with located diagnostics.

    Warnings (a UTF-8 byte-order mark) are dropped here: the corpus, which
    reports them, reads through :func:`parse_reporting`.
    """
    return parse_reporting(data, path)[0]


def parse_reporting(data: bytes, path: str | Path) -> tuple[etree._ElementTree, list[Diagnostic]]:
    """Parse XML bytes safely; return the tree and the warnings, or raise with the errors."""
    path = str(path)
    if not data.strip():
        raise EditionError(error(path, "the file is empty", line=1, col=1, rule="xml-wellformed",
                                 hint="an edition file must contain one XML document"))
    if len(data) > MAX_FILE_SIZE:
        raise _too_large(path, len(data))
    problems = check_bytes(data, path)
    if any(p.is_error for p in problems):
        raise EditionError(*problems)
    try:
        root = etree.fromstring(data, _parser(), base_url=path)
    except etree.XMLSyntaxError as exc:
        raise EditionError(_syntax_diagnostic(exc, path)) from None
    xincludes = [error(path, f"<{element.prefix or 'xi'}:{etree.QName(element).localname}> (XInclude) is not "
                             "allowed: the toolkit never reads a file a document names",
                       line=element.sourceline or 0, col=1, rule="xml-xinclude",
                       hint="copy the text into the document, or point to the other file with @ref/@target")
                 for element in root.iter(*(f"{{{ns}}}*" for ns in XINCLUDE_NAMESPACES))]
    if xincludes:
        raise EditionError(*problems, *xincludes)
    return root.getroottree(), problems


#: libxml2's resource-limit messages, and what they mean for an editor.
_LIMITS = (
    ("excessive depth", "elements are nested more than 256 levels deep"),
    ("text node too long", "a text node is longer than 10,000,000 characters"),
    ("", "a name, attribute value or other item is longer than 10,000,000 characters"),
)

#: libxml2 messages that name its internals, said the way an editor can act on them.
_PLAIN_MESSAGES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"xmlParseEntityRef: no name"), lambda m: "a bare '&' (write &amp; for the character itself)"),
    (re.compile(r"xmlParseCharRef: invalid xmlChar value (\d+)"),
     lambda m: f"the character reference to U+{int(m[1]):04X} names a character XML does not allow"),
    (re.compile(r"PCDATA invalid Char value (\d+)"),
     lambda m: f"the control character U+{int(m[1]):04X} is not allowed in XML text"),
)


def _plain(message: str) -> str:
    for pattern, say in _PLAIN_MESSAGES:
        found = pattern.search(message)
        if found:
            return say(found)
    return message


def _syntax_diagnostic(exc: etree.XMLSyntaxError, path: str) -> Diagnostic:
    entry = exc.error_log.last_error if exc.error_log else None
    line = entry.line if entry else (exc.lineno or 0)
    col = entry.column if entry else (exc.offset or 0)
    message = (entry.message if entry else exc.msg or str(exc)).strip()
    hint = "fix the markup at this place: every start tag needs its end tag, and & and < must be escaped"
    lowered = message.lower()
    if "xml_parse_huge" in lowered or "limit exceeded" in lowered or "excessive depth" in lowered:
        what = next(text for key, text in _LIMITS if key in lowered)
        return error(path, f"the file exceeds a safety limit: {what}", line=line, col=max(col, 1),
                     rule="xml-limit", hint="no edition file needs this; the limit keeps files made to exhaust "
                                            "memory or time from harming the machine")
    if "entity" in lowered:
        hint = "only the five predefined entities (&amp; &lt; &gt; &quot; &apos;) and character references are allowed"
    return error(path, f"malformed XML: {_plain(message)}", line=line, col=max(col, 1), rule="xml-wellformed", hint=hint)


def _too_large(shown: str, size: int, limit: int = MAX_FILE_SIZE) -> EditionError:
    return EditionError(error(shown, f"the file is {size:,} bytes; the limit is {limit:,} bytes "
                                     f"({limit // (1024 * 1024)} MiB)", line=1, col=1, rule="xml-size",
                              hint="split the file into smaller ones; the limit bounds the memory a file can take"))


def read_bytes(path: str | Path, display: str | None = None, limit: int | None = MAX_FILE_SIZE) -> bytes:
    """The bytes of a regular file, never more than ``limit`` read (:data:`MAX_FILE_SIZE`, the limit
    for XML; ``None`` for the toolkit's own outputs, such as a PDF copied into the site).

    A FIFO or device (which could block or never end) is refused without
    being read, and a file that grows while it is read is still cut off.
    """
    shown = display or str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise EditionError(error(shown, "not a regular file", rule="io",
                                         hint="only ordinary files belong in the edition"))
            if limit is not None and info.st_size > limit:
                raise _too_large(shown, info.st_size, limit)
            data = handle.read(limit + 1 if limit is not None else -1)
    except OSError as exc:
        raise EditionError(error(shown, f"cannot read the file: {exc.strerror or exc}", rule="io")) from None
    if limit is not None and len(data) > limit:
        raise _too_large(shown, len(data), limit)
    return data


def parse_file(path: str | Path, display: str | None = None) -> etree._ElementTree:
    """Read and parse a file; ``display`` is the path shown in diagnostics."""
    shown = display or str(path)
    return parse_bytes(read_bytes(path, shown), shown)


#: Set while a whole folder is being written that becomes visible only at once (a build's staging
#: folder, see :func:`synced_once`): its files need no sync each, one sync of the file system before
#: it is published makes them all durable.  Forked worker processes inherit the setting.
_SYNC_LATER = False


@contextlib.contextmanager
def synced_once(folder: Path) -> Iterator[None]:
    """Write files below ``folder`` without syncing each (thousands of syncs cost more than the
    build); when the block ends, sync the file system that holds ``folder`` once."""
    global _SYNC_LATER
    previous, _SYNC_LATER = _SYNC_LATER, True
    try:
        yield
    finally:
        _SYNC_LATER = previous
    sync_filesystem(folder)


def sync_filesystem(folder: Path) -> None:
    """Everything written to the file system of ``folder`` reaches the disk (``syncfs``, else ``sync``)."""
    syncfs = getattr(_libc(), "syncfs", None) if os.name == "posix" else None
    if syncfs is not None:
        with _suppress_os_error():
            fd = os.open(folder, os.O_RDONLY)
            try:
                if syncfs(fd) == 0:
                    return
            finally:
                os.close(fd)
    if hasattr(os, "sync"):
        os.sync()


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)


def _temporary(path: Path, data: bytes, mode: int) -> str:
    """Write ``data`` to a new hidden file beside ``path``, on disk, with ``mode``; return its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            if not _SYNC_LATER:
                os.fsync(handle.fileno())
    except BaseException:
        with _suppress_os_error():
            os.unlink(tmp)
        raise
    return tmp


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never a part."""
    path = Path(path)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)      # a replaced file keeps its permissions
    except OSError:
        mode = _NEW_FILE_MODE
    tmp = _temporary(path, data, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        with _suppress_os_error():
            os.unlink(tmp)
        raise


def write_new(path: str | Path, data: bytes) -> None:
    """Create ``path`` atomically and durably, refusing to replace a file that exists."""
    path = Path(path)
    tmp = _temporary(path, data, _NEW_FILE_MODE)
    try:
        try:
            os.link(tmp, path)          # fails with FileExistsError instead of overwriting
        except FileExistsError:
            raise
        except OSError:                 # no hard links here (FAT, exFAT, some network drives):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _NEW_FILE_MODE))  # claim the name,
            os.replace(tmp, path)       # then fill it in one step
    finally:
        with _suppress_os_error():
            os.unlink(tmp)
    fsync_directory(path.parent)


def fsync_directory(folder: Path) -> None:
    """Make a new name in ``folder`` survive a power cut (the file's bytes are already synced)."""
    with _suppress_os_error():
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


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


def detached(element: etree._Element) -> etree._Element:
    """An independent copy of ``element`` without its tail, as the hardened reader would read it.

    A round trip through ``etree.tostring()`` and ``etree.fromstring()`` with their
    defaults breaks on well-formed files: an ASCII serialisation writes
    non-ASCII names as character references (not XML), the tail is serialised
    after the root, and the default parser refuses duplicate ids.
    """
    return etree.fromstring(etree.tostring(element, encoding="UTF-8", with_tail=False), _parser())


def serialize(tree: etree._ElementTree | etree._Element) -> bytes:
    """Serialise as the toolkit writes every XML file: UTF-8, declaration, final newline.

    Processing instructions and comments around the root element (the ``xml-model``
    lines) stand on lines of their own, as an editor wrote them: the parser keeps no
    whitespace between them.
    """
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    if root.getparent() is not None:
        data = etree.tostring(tree, encoding="UTF-8", xml_declaration=True)
        return data if data.endswith(b"\n") else data + b"\n"
    nodes = [*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()]
    return b"\n".join([b'<?xml version="1.0" encoding="UTF-8"?>',
                       *(etree.tostring(node, encoding="UTF-8", with_tail=False) for node in nodes)]) + b"\n"
