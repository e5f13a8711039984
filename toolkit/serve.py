"""``edition serve``: the HTML edition on 127.0.0.1, rebuilt when a source is saved.

The built site (``output/html``) is served by the standard library's HTTP
server in a background thread, so the full-text search works (it needs
http, not ``file://``).  The main thread polls the modification times of what
the site is made from (the sources, ``edition.toml``, the overrides, the
schema's manual) and runs the build again when one of them changed; the build
cache rewrites only the pages whose inputs changed, and publishing is atomic,
so a reader never gets half a page.  No extra dependency: polling mtimes
works everywhere.  Harvesters get the documents' records at ``/oai`` (OAI-PMH,
see :mod:`toolkit.exchange.oai`).
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path

from .build import run
from .config import CONFIG_NAME
from .console import Reporter, summarise
from .diagnostics import Diagnostic, EditionError, error
from .edition import Edition, open_edition
from .exchange.oai import Endpoint

HOST = "127.0.0.1"
TARGET = "html"

Snapshot = dict[str, tuple[int, int]]


def snapshot(edition: Edition) -> Snapshot:
    """Size and modification time of every file the site is made from."""
    config = edition.config
    found: Snapshot = {}
    for place in (config.root / CONFIG_NAME, config.sources, config.overrides, config.schema_dir):
        paths = [place] if place.is_file() else sorted(place.rglob("*")) if place.is_dir() else []
        for path in paths:
            try:
                stat = path.stat()
            except OSError:
                continue
            if path.is_file() and not any(part.startswith(".") for part in path.relative_to(config.root).parts):
                found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site's folder; quiet, and never cached, so a rebuilt page shows at once."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm",
                      ".woff2": "font/woff2", ".svg": "image/svg+xml", ".xml": "application/xml"}

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the standard library's name
        return

    def do_GET(self) -> None:
        if not self._oai(b""):
            super().do_GET()

    def do_POST(self) -> None:
        declared = self.headers.get("Content-Length", "")
        length = min(int(declared), 1 << 20) if declared.isdigit() else 0
        if not self._oai(self.rfile.read(length)):
            self.send_error(405, "only OAI-PMH requests (/oai) may be posted")

    def _oai(self, body: bytes) -> bool:
        """Answer an OAI-PMH request at /oai; False for any other path."""
        endpoint: Endpoint | None = getattr(self.server, "oai", None)
        base_url = f"http://{HOST}:{self.server.server_address[1]}/oai"
        answer = endpoint.answer(self.command, self.path, body, base_url) if endpoint is not None else None
        if answer is None:
            return False
        status, kind, data = answer
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        return True


class Preview:
    """The served site and the watch on its sources."""

    def __init__(self, root: Path, port: int, reporter: Reporter, jobs: int = 1) -> None:
        self.root = root
        self.reporter = reporter
        self.jobs = jobs
        self.edition = open_edition(root)
        self.site = self.edition.config.output / TARGET
        self.state: Snapshot = {}
        handler = functools.partial(_Handler, directory=str(self.site))
        try:
            self.server = http.server.ThreadingHTTPServer((HOST, port), handler)
        except OSError as exc:
            raise EditionError(error("edition serve", f"cannot listen on {HOST}:{port}: {exc.strerror or exc}",
                                     rule="usage", hint="choose another port with --port")) from None
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="edition-serve", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server.server_address[1]}/"

    def build(self) -> list[Diagnostic]:
        """Build the site from the sources as they are now (the edition is read again)."""
        self.state = snapshot(self.edition)
        try:
            self.edition = open_edition(self.root)
            diagnostics = run(self.edition, [TARGET], self.reporter, self.jobs)
            self.server.oai = Endpoint.of(self.edition)        # the records as the sources are now
        except EditionError as exc:
            diagnostics = exc.diagnostics
        self.reporter.diagnostics(diagnostics, summarise(diagnostics, "build"))
        return diagnostics

    def start(self) -> None:
        self.build()
        self.thread.start()

    def poll(self) -> bool:
        """Rebuild if a source changed since the last build; say whether it did."""
        if snapshot(self.edition) == self.state:
            return False
        self.reporter.info("a source changed: building again")
        self.build()
        return True

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def serve(root: Path, port: int, reporter: Reporter, interval: float = 1.0, jobs: int = 1) -> int:
    """Build, serve and rebuild on change until interrupted (Ctrl-C)."""
    preview = Preview(root, port, reporter, jobs)
    preview.start()
    reporter.info(f"serving {preview.edition.rel(preview.site)} at {preview.url} (Ctrl-C to stop)")
    try:
        while True:
            time.sleep(interval)
            preview.poll()
    except KeyboardInterrupt:
        reporter.info("stopped")
    finally:
        preview.stop()
    return 0
