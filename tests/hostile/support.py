"""What every hostile test needs: a canary outside the edition and a listener that records connections.

The canary is a secret in a file outside any edition: a hostile document
tries to read it (entities, XInclude, pointers, symbolic links), and the tests
prove that its content never appears in a message or an output.  The listener
is a TCP server on 127.0.0.1: hostile documents name it as a DTD, an entity or
a schema, and the tests prove that nothing ever connected to it.
"""

from __future__ import annotations

import os
import secrets
import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path

TEI_NS = "http://www.tei-c.org/ns/1.0"


@dataclass
class Canary:
    folder: Path
    token: str

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

    def leaked_into(self, folder: Path) -> list[Path]:
        """Every file below ``folder`` whose bytes hold the token."""
        token = self.token.encode()
        return [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink() and token in p.read_bytes()]


def make_canary(folder: Path) -> Canary:
    return Canary(folder, f"CANARY-{secrets.token_hex(12)}").write()


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
