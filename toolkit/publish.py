"""Publishing build output atomically, and one build at a time.

A build never writes into ``output/<target>`` directly.  It writes into a
staging folder beside it, seeded with hard links to the previous output (so an
incremental build rewrites only what changed), and the finished folder is then
exchanged with the published one in a single ``renameat2(RENAME_EXCHANGE)``
call: a reader, or a build killed at any moment, sees the previous complete
output or the new complete output, never a mix.  Builders must therefore
replace files (``xmlio.write_atomic``/``write_if_changed``), never modify a
file in place: a hard-linked file is shared with the published output.

Where the exchange is not available (not Linux, or a file system without it)
the fallback is two renames, and :func:`recover` repairs the one moment in
between on the next run.

Each target is written by one process at a time: :func:`staged` holds a lock
on ``.<target>.lock`` beside it, so two builds or exports of the same folder
cannot share (and tear down) one staging folder; :class:`BuildLock` keeps a
whole build to itself.  Both locks are ``flock``s, released by the kernel when
their process dies, so a killed build never leaves a stale lock.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
from pathlib import Path
from typing import Iterator

from .diagnostics import EditionError, error
from .xmlio import fsync_directory, synced_once

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system cannot."""
    renameat2 = getattr(_libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(a))


def _staging(target: Path) -> Path:
    return target.parent / f".{target.name}.staging"


def _previous(target: Path) -> Path:
    return target.parent / f".{target.name}.previous"


@contextlib.contextmanager
def _locked(path: Path, message: str, shown: str) -> Iterator[object]:
    """Hold an exclusive ``flock`` on ``path`` or fail at once with ``message``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            owner = handle.read().strip() or "unknown"
            raise EditionError(error(shown, f"{message} (process {owner})", rule="build-locked",
                                     hint="wait for it to finish; if none is running, the lock is released "
                                          "automatically when its process ends")) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield handle
    finally:
        handle.close()                    # closing releases the lock


def recover(target: Path) -> None:
    """Bring ``target`` back to a complete state after a build that was killed."""
    previous = _previous(target)
    if previous.exists() and not target.exists():
        os.rename(previous, target)           # killed between the two fallback renames
    for leftover in (previous, _staging(target)):
        if leftover.exists():
            shutil.rmtree(leftover)


@contextlib.contextmanager
def sources_writer(sources: Path, output: Path, shown: str) -> Iterator[None]:
    """One writer of an edition's sources at a time (``import --adopt``), and the
    sources folder repaired first if a writer was killed while replacing it.

    The lock lives in the output folder, which version control ignores."""
    with _locked(output / ".sources.lock", "another command is writing into the sources", shown):
        recover(sources)
        yield


def link_or_copy(source: str, destination: str) -> None:
    """A hard link where the file system has them, a copy where it has not (FAT, exFAT, some shares)."""
    try:
        os.link(source, destination)
    except FileExistsError:
        raise
    except OSError:
        shutil.copy2(source, destination)


def _link_tree(source: Path, destination: Path) -> None:
    """Copy a tree as hard links (cheap, and unchanged files keep their inode)."""
    shutil.copytree(source, destination, copy_function=link_or_copy, symlinks=True)


@contextlib.contextmanager
def staged(target: Path, incremental: bool = True, shown: str | None = None) -> Iterator[Path]:
    """Yield a staging folder for ``target``; publish it atomically when the block succeeds.

    With ``incremental``, the staging folder starts as the previous output, so a
    builder may skip files whose inputs did not change.  If the block raises,
    nothing is published and the staging folder is removed.  Another process
    writing the same target makes this fail at once (``shown`` names the
    target in that message).
    """
    lock = target.parent / f".{target.name}.lock"
    with _locked(lock, "another build or export is writing this folder", shown or str(target)):
        recover(target)
        staging = _staging(target)
        if incremental and target.is_dir():
            _link_tree(target, staging)
        else:
            staging.mkdir()
        try:
            with synced_once(staging):          # one sync of the whole folder, not one per file
                yield staging
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        publish(staging, target)


def publish(staging: Path, target: Path) -> None:
    """Put the complete ``staging`` folder in the place of ``target`` in one step."""
    if target.exists() and _exchange(staging, target):
        fsync_directory(target.parent)
        shutil.rmtree(staging)                 # now holds the previous output
        return
    previous = _previous(target)
    if target.exists():
        os.rename(target, previous)
    os.rename(staging, target)
    fsync_directory(target.parent)
    if previous.exists():
        shutil.rmtree(previous)


class BuildLock:
    """An exclusive lock on an edition's output folder, so two builds never interleave."""

    def __init__(self, output: Path, shown: str = "output") -> None:
        self.path = output / ".lock"
        self.shown = shown
        self._held: contextlib.ExitStack | None = None

    def __enter__(self) -> "BuildLock":
        with contextlib.ExitStack() as stack:
            stack.enter_context(_locked(self.path, "another build is running on this edition", self.shown))
            self._held = stack.pop_all()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._held is not None:
            self._held.close()
            self._held = None
