"""Running XSLT 3.0 with saxonche: compile once, transform many times.

A :class:`Stylesheet` is compiled once per process and then applied to every
document; sources are always parsed by :mod:`toolkit.xmlio` first and handed
to Saxon as text, so Saxon never reads a file or a DTD on its own.  Errors and
``xsl:message`` terminations come back as diagnostics that name the
stylesheet and the document.

An edition's ``overrides/xslt/<format>.xsl`` is imported after the toolkit's
stylesheet (import precedence, as the TEI Stylesheets' profiles do): see
:func:`entry_stylesheet`.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from typing import Any, Callable, Mapping, TypeVar

from lxml import etree
from saxonche import PySaxonApiError, PySaxonProcessor

from .diagnostics import Diagnostic, EditionError, error, warning
from .resources import xslt_dir
from .xmlio import detached

_local = threading.local()

LINE_NS = "urn:x-edition-toolkit:line"
LINE_ATTR = f"{{{LINE_NS}}}l"


def processor() -> PySaxonProcessor:
    """One Saxon processor per thread: saxonche processors are not shared across threads,
    nor with a forked child (a worker of :mod:`toolkit.parallel` makes its own)."""
    proc = getattr(_local, "processor", None)
    if proc is None or getattr(_local, "pid", None) != os.getpid():
        proc = PySaxonProcessor(license=False)
        _local.processor, _local.pid = proc, os.getpid()
    return proc


def entry_stylesheet(fmt: str, overrides: Path | None) -> str:
    """The stylesheet text to compile for a format: the toolkit's, plus the edition's override on top."""
    base = (xslt_dir() / fmt / f"{fmt}.xsl").resolve()
    override = overrides / "xslt" / f"{fmt}.xsl" if overrides is not None else None
    if override is None or not override.is_file():
        return base.as_uri()
    return (
        '<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="3.0">'
        f'<xsl:import href="{base.as_uri()}"/>'
        f'<xsl:import href="{override.resolve().as_uri()}"/>'
        "</xsl:stylesheet>"
    )


def stamp_lines(tree: etree._ElementTree | etree._Element) -> etree._Element:
    """A copy of the tree whose elements carry their source line, for diagnostics from XSLT."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    copy = detached(root)              # duplicate ids are reported, not fatal; non-ASCII names survive
    for original, stamped in zip(root.iter(), copy.iter()):
        if isinstance(stamped.tag, str) and original.sourceline:
            stamped.set(LINE_ATTR, str(original.sourceline))
    return copy


Result = TypeVar("Result")


def with_source_lines(run: Callable[[etree._Element], Result], tree: etree._ElementTree | etree._Element,
                      said: Callable[[Result], Any]) -> Result:
    """``run(tree)``, run again on a copy whose elements carry their source lines (:func:`stamp_lines`)
    when its result ``said`` something or it failed: only a message needs the lines, most trees give
    none, and making the copy costs as much as a Schematron check, a few per cent of a page."""
    try:
        result = run(tree)
        if not said(result):
            return result
    except EditionError:
        pass
    return run(stamp_lines(tree))


class Stylesheet:
    """An XSLT 3.0 stylesheet compiled once, applied to many documents."""

    def __init__(self, source: str | Path, name: str | None = None) -> None:
        self.name = name or str(source)
        proc = processor()
        compiler = proc.new_xslt30_processor()
        try:
            if isinstance(source, Path) or not source.lstrip().startswith("<"):
                path = Path(str(source).removeprefix("file://")) if not isinstance(source, Path) else source
                self.executable = compiler.compile_stylesheet(stylesheet_file=str(path))
            else:
                self.executable = compiler.compile_stylesheet(stylesheet_text=source)
        except PySaxonApiError as exc:
            raise EditionError(error(self.name, f"the stylesheet does not compile: {_clean(exc)}",
                                     rule="xslt-compile",
                                     hint="check the XSLT named here (and any override it imports)")) from None
        self.executable.set_save_xsl_message(True)
        # The last tree given for each parameter, as a Saxon node: the same tree (the labels, a view of the
        # facts shared by several pages) is often passed again, and converting it can cost more than the
        # page itself.  Only the last one is held, so a large tree no longer passed is freed (a large heap
        # slows every later transformation).
        self._nodes: dict[str, tuple[Any, Any]] = {}

    def _node(self, name: str, value: etree._Element | etree._ElementTree) -> Any:
        held = self._nodes.get(name)
        if held is None or held[0] is not value:
            self._nodes.pop(name, None)
            held = self._nodes[name] = (value, processor().parse_xml(xml_text=etree.tostring(value, encoding="unicode")))
        return held[1]

    def _set_parameters(self, params: Mapping[str, Any]) -> None:
        proc = processor()
        self.executable.clear_parameters()
        for name, value in params.items():
            if isinstance(value, bool):
                xdm = proc.make_boolean_value(value)
            elif isinstance(value, int):
                xdm = proc.make_integer_value(value)
            elif isinstance(value, etree._Element | etree._ElementTree):
                xdm = self._node(name, value)    # the tree must not change while it is passed again
            else:
                xdm = proc.make_string_value(str(value))
            self.executable.set_parameter(name, xdm)

    def transform(self, source: etree._ElementTree | etree._Element | str, *, path: str = "",
                  params: Mapping[str, Any] | None = None, base_uri: str = "",
                  template: str | None = None) -> tuple[str, list[Diagnostic]]:
        """Apply the stylesheet; return the principal result and the messages it emitted.

        ``source`` is a parsed tree (or XML text); ``path`` names it in
        diagnostics.  With ``template``, the named template is called instead
        of applying templates to the source (which is then the global context).
        """
        proc = processor()
        text = source if isinstance(source, str) else etree.tostring(source, encoding="unicode")
        self._set_parameters(params or {})
        self.executable.clear_xsl_messages()
        try:
            node = proc.parse_xml(xml_text=text)
            if base_uri:
                self.executable.set_base_output_uri(base_uri)
            if template:
                self.executable.set_global_context_item(xdm_item=node)
                result = self.executable.call_template_returning_string(template)
            else:
                result = self.executable.transform_to_string(xdm_node=node)
        except PySaxonApiError as exc:
            raise EditionError(*self._messages(path), error(
                path or self.name, f"{Path(self.name).name}: {_clean(exc)}", rule="xslt-error",
                hint="the message comes from the stylesheet named here")) from None
        return result or "", self._messages(path)

    def _messages(self, path: str) -> list[Diagnostic]:
        messages = self.executable.get_xsl_messages()
        found = []
        for index in range(messages.size if messages is not None else 0):
            text = " ".join(str(messages.item_at(index).string_value).split())
            line = re.search(r"\bline (\d+)\b", text)
            found.append(warning(path or self.name, text, line=int(line.group(1)) if line else 0,
                                 rule="xslt-message"))
        return found


def _clean(exc: Exception) -> str:
    return " ".join(str(exc).split())
