"""Pagefind's search index, made byte-identical from one run to the next.

Pagefind (1.5) collects filters in hash maps with a random seed, so on every
run the values inside each filter file, and the filters listed in the
metadata file, come out in another order; and since file names are hashes of
the contents, the names change too (upstream: CloudCannon/pagefind#638, and
"TODO: Change filter indexes to BTree to give them a stable hash" in its
``index/mod.rs``).  Everything else it writes is stable.

:func:`canonicalise` rewrites just those files in a canonical order (a
filter's values sorted by value, the filters by name), names them after their
new contents and updates the metadata and ``pagefind-entry.json`` that point
to them.  The files are gzip-compressed CBOR behind a ``pagefind_dcd`` marker;
only the CBOR Pagefind writes (unsigned integers, text, arrays) is understood.
Anything else leaves the index untouched and :func:`canonicalise` says so.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

MARKER = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"

_UINT, _TEXT, _ARRAY = 0, 3, 4

Value = int | str | list


def _decode(data: bytes, at: int) -> tuple[Value, int]:
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if info < 24:
        number = info
    elif info in (24, 25, 26, 27):
        width = 1 << (info - 24)
        number, at = int.from_bytes(data[at:at + width], "big"), at + width
    else:
        raise ValueError(f"CBOR item 0x{head:02x} is not one Pagefind writes")
    if major == _UINT:
        return number, at
    if major == _TEXT:
        return data[at:at + number].decode("utf-8"), at + number
    if major == _ARRAY:
        items = []
        for _ in range(number):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    raise ValueError(f"CBOR major type {major} is not one Pagefind writes")


def _head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    for info, width in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * width):
            return bytes([major << 5 | info]) + number.to_bytes(width, "big")
    raise ValueError("number too large for CBOR")


def _encode(value: Value) -> bytes:
    if isinstance(value, bool) or not isinstance(value, (int, str, list)):
        raise ValueError(f"cannot encode {type(value).__name__}")
    if isinstance(value, int):
        return _head(_UINT, value)
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _head(_TEXT, len(data)) + data
    return _head(_ARRAY, len(value)) + b"".join(_encode(item) for item in value)


def _load(path: Path) -> Value:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(MARKER):
        raise ValueError(f"{path.name} is not a Pagefind data file")
    value, end = _decode(data, len(MARKER))
    if end != len(data):
        raise ValueError(f"{path.name} has data after its CBOR value")
    return value


def _pack(value: Value) -> tuple[bytes, str]:
    """The file's bytes (deterministic gzip) and the hash its name is made from."""
    encoded = _encode(value)
    return gzip.compress(MARKER + encoded, compresslevel=9, mtime=0), hashlib.sha1(encoded).hexdigest()


def _name(language: str, digest: str, length: int, taken: set[str]) -> str:
    while f"{language}_{digest[:length]}" in taken and length < len(digest):
        length += 1
    return f"{language}_{digest[:length]}"


def _plan(folder: Path) -> tuple[dict[Path, bytes], list[Path], dict[str, str]]:
    """What to write and remove, and each language's new metadata hash; raises ValueError."""
    write: dict[Path, bytes] = {}
    remove: list[Path] = []
    hashes: dict[str, str] = {}
    for meta_path in sorted(folder.glob("pagefind.*.pf_meta")):
        language = meta_path.name[len("pagefind."):-len(".pf_meta")].rpartition("_")[0]
        meta = _load(meta_path)
        if not (isinstance(meta, list) and len(meta) > 3 and isinstance(meta[0], str) and isinstance(meta[3], list)):
            raise ValueError(f"{meta_path.name}: not the metadata layout of Pagefind 1.x")
        filters, taken = [], set()
        for pair in meta[3]:
            if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
                raise ValueError(f"{meta_path.name}: a filter entry is not [name, hash]")
            name, old = pair
            old_path = folder / "filter" / f"{old}.pf_filter"
            index = _load(old_path)
            if not (isinstance(index, list) and len(index) == 2 and isinstance(index[1], list)
                    and all(isinstance(v, list) and v and isinstance(v[0], str) for v in index[1])):
                raise ValueError(f"{old_path.name}: not the filter layout of Pagefind 1.x")
            index[1].sort(key=lambda entry: entry[0])
            data, digest = _pack(index)
            new = _name(language, digest, 7, taken)
            taken.add(new)
            remove.append(old_path)
            write[folder / "filter" / f"{new}.pf_filter"] = data
            filters.append([name, new])
        meta[3] = sorted(filters)
        if len(meta) > 4 and isinstance(meta[4], list) and all(isinstance(s, list) and s for s in meta[4]):
            meta[4].sort(key=lambda entry: str(entry[0]))          # the sort orders, by name
        data, digest = _pack(meta)
        hashes[language] = _name(language, digest, 10, set())
        remove.append(meta_path)
        write[folder / f"pagefind.{hashes[language]}.pf_meta"] = data
    return write, remove, hashes


def canonicalise(folder: Path) -> bool:
    """Rewrite the Pagefind index in ``folder`` in a canonical order; False if its format is unknown
    (then nothing was changed)."""
    entry_path = folder / ENTRY
    try:
        entry = json.loads(entry_path.read_bytes())
        write, remove, hashes = _plan(folder)
        languages = entry["languages"]
        for language, digest in hashes.items():
            languages[language]["hash"] = digest
    except (OSError, ValueError, KeyError, TypeError, EOFError, gzip.BadGzipFile):
        return False
    entry["languages"] = dict(sorted(languages.items()))
    for path in remove:
        path.unlink()
    for path, data in write.items():
        path.write_bytes(data)
    entry_path.write_bytes(json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return True
