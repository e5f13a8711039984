"""What every hostile test needs: a canary outside the edition and a listener that records connections.

The canary is a secret in a file outside any edition: a hostile document
tries to read it (entities, XInclude, pointers, symbolic links), and the tests
prove that its content never appears in a message or an output, and, with an
inotify watch on its folder (Linux), that no process even opened it.  The listener
is a TCP server on 127.0.0.1: hostile documents name it as a DTD, an entity or
a schema, and the tests prove that nothing ever connected to it.
"""

from __future__ import annotations

import ctypes
import os
import secrets
import socket
import struct
import threading
from dataclasses import dataclass, field
from pathlib import Path

TEI_NS = "http://www.tei-c.org/ns/1.0"


@dataclass
class Canary:
    folder: Path
    token: str
    watch: "OpenWatch | None" = None

    @property
    def text(self) -> Path:
        return self.folder / "canary.txt"

    @property
    def xml(self) -> Path:
        return self.folder / "canary.xml"

    def write(self) -> "Canary":
        self.folder.mkdir(parents=True, exist_ok=True)
        self.text.write_text(f"{self.token}\n", encoding="utf-8")
        self.xml.write_text(f'<TEI xmlns="{TEI_NS}" xml:id="canary"><teiHeader/><text><body>'
                            f'<p xml:id="canary-p1">{self.token}</p></body></text></TEI>\n', encoding="utf-8")
        return self

    def watched(self) -> "Canary":
        """From now on, record every opening of the canary's files (see :meth:`opened`)."""
        self.watch = OpenWatch(self.folder)
        return self

    def opened(self) -> list[str]:
        return self.watch.opened() if self.watch is not None else []

    def leaked_into(self, folder: Path) -> list[Path]:
        """Every file below ``folder`` whose bytes hold the token."""
        token = self.token.encode()
        return [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink() and token in p.read_bytes()]


def make_canary(folder: Path) -> Canary:
    return Canary(folder, f"CANARY-{secrets.token_hex(12)}").write()


class OpenWatch:
    """Every open() of a file in a folder, by any process, from now on (inotify; Linux only)."""

    IN_ACCESS, IN_OPEN = 0x001, 0x020

    def __init__(self, folder: Path) -> None:
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.fd = self.libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self.fd < 0 or self.libc.inotify_add_watch(self.fd, os.fsencode(folder),
                                                      self.IN_OPEN | self.IN_ACCESS) < 0:
            raise OSError(ctypes.get_errno(), "inotify is not available")
        self.seen: list[str] = []

    def opened(self) -> list[str]:
        """The names opened or read since the watch began (the folder itself as '.')."""
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                return self.seen
            at = 0
            while at < len(data):
                _, mask, _, size = struct.unpack_from("iIII", data, at)
                name = data[at + 16:at + 16 + size].rstrip(b"\0").decode() or "."
                self.seen.append(name)
                at += 16 + size

    def close(self) -> None:
        os.close(self.fd)


@dataclass
class Listener:
    """A TCP server on 127.0.0.1 that accepts and records every connection."""

    sock: socket.socket
    connections: list[str] = field(default_factory=list)

    @property
    def port(self) -> int:
        return self.sock.getsockname()[1]

    def _serve(self) -> None:
        while True:
            try:
                client, address = self.sock.accept()
            except OSError:
                return
            with client:
                client.settimeout(1)
                try:
                    first = client.recv(200)
                except OSError:
                    first = b""
                self.connections.append(f"{address}: {first[:80]!r}")

    def close(self) -> None:
        self.sock.close()


def start_listener() -> Listener:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    listener = Listener(sock)
    threading.Thread(target=listener._serve, daemon=True).start()
    return listener


def fill(data: bytes, canary: Canary, listener: Listener, folder: Path) -> bytes:
    """Put the canary's paths and the listener's port into a hostile file placed in ``folder``."""
    values = {
        b"@CANARY@": str(canary.text).encode(),
        b"@CANARY_DIR@": str(canary.folder).encode(),
        b"@CANARY_REL@": os.path.relpath(canary.text, folder).encode(),
        b"@CANARY_XML_REL@": os.path.relpath(canary.xml, folder).encode(),
        b"@PORT@": str(listener.port).encode(),
    }
    for key, value in values.items():
        data = data.replace(key, value)
    return data
