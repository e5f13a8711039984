"""The floor: the least any build must do with an edition's files.

Every build reads each source file at least once (through the toolkit's
hardened parser) and writes at least as many bytes as it read.  This module
does exactly that, in one process, with lxml: parse every ``*.xml`` file
below the sources, serialise it, write it into a fresh folder.  Writes are
plain buffered writes without ``fsync``, so the floor is the least possible
and every ratio against it is an honest one.  The benchmark runs it as a
subprocess like every other step, so interpreter start-up counts in both.

``python -m toolkit.bench.floor SOURCES OUT`` prints the count of files and
bytes as JSON.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from ..corpus import discover
from ..xmlio import parse_file, serialize


def floor(sources: Path, out: Path) -> dict[str, int]:
    """Read, serialise and write every XML file below ``sources`` into ``out`` (emptied first)."""
    if out.exists():
        shutil.rmtree(out)
    files = written = 0
    for path in discover(sources):
        data = serialize(parse_file(path))
        target = out / path.relative_to(sources)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)
        files += 1
        written += len(data)
    return {"files": files, "bytes": written}


def main(argv: list[str]) -> int:
    sources, out = (Path(a) for a in argv)
    print(json.dumps(floor(sources, out)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
