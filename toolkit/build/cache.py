"""What is out of date: the build cache, in one place for every builder.

Five parts, from the coarsest to the finest:

* :class:`BuildState`: is a whole target up to date?  Decided from file
  status and content hashes before anything is parsed;
* :class:`CorpusCache`: the corpus model's index of every document, kept
  between runs, so only changed documents are read and parsed;
* :class:`CheckCache`: what each file's check against the schema found, so
  ``edition validate`` checks only the files that changed;
* :class:`Dependencies`: the dependency graph, read off the corpus model,
  which says what each page or PDF is made from;
* :class:`BuildCache`: per output (a page, a PDF, a copy, a part of the
  search index), its key and the files written with it.

As in Ninja and Bazel, an output is written again only when the hash of its
inputs changed; as in Sphinx, the builder asks one object which of its
outputs are out of date (:meth:`BuildCache.outdated`) instead of deciding
on its own.  A builder describes each output it can write as a *task*: a
name (usually the page's path), the files it writes and a key, the hash of
everything the output is made from:

* the *environment* (:func:`environment`): the toolkit's own code,
  stylesheets and templates, the edition's overrides, its configuration and
  the build date — change any of these and every output is out of date;
* the task's own inputs: the digest of its source file, the facts it is
  given (:func:`key` hashes any mix of strings, bytes and XML).

The cache remembers, per task, the key and the files written with it,
together with their inode, size and modification time.  Because the
staging folder starts as hard links to the published output
(:func:`toolkit.publish.staged`), an unchanged file keeps all three; so a
task is fresh when its key is the same *and* its files are exactly the ones
the cache saw.  The cache file itself lives beside the outputs
(``output/.cache/<target>.json``) and is written before publishing: if the
build dies before publishing, the published files are not the ones the
cache recorded, and the next build redoes those tasks.  A stale or broken
cache only ever causes extra work, never a stale page.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import pickle
import shutil
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from lxml import etree

from .. import __version__
from ..corpus import POINTER_ATTRIBUTES, Corpus, FileIndex, IndexCache, SourceFile
from ..diagnostics import Diagnostic, Severity
from ..resources import resource, xslt_dir
from ..xmlio import read_bytes, write_atomic
from .facts import entry_tei, f as facts_tag, listed, mention_attributes

#: Bump when the cache file's layout changes.
CACHE_FORMAT = 2

_PACKAGE = Path(__file__).resolve().parent.parent


def key(*parts: str | bytes | etree._Element | None) -> str:
    """The hash of some inputs: strings, bytes, XML elements (by their serialisation)."""
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        if part is None:
            data = b"\x00none"
        elif isinstance(part, bytes):
            data = part
        elif isinstance(part, str):
            data = part.encode()
        else:
            data = etree.tostring(part, encoding="UTF-8")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def tree_digest(*folders: Path, suffixes: tuple[str, ...] = (), skip: tuple[str, ...] = ()) -> str:
    """The hash of every file below some folders (names and contents), in a stable order;
    folders named in ``skip`` (and ``__pycache__``) are left out."""
    digest = hashlib.blake2b(digest_size=20)
    skipped = {"__pycache__", *skip}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if skipped.intersection(path.relative_to(folder).parts) or (suffixes and path.suffix not in suffixes):
                continue
            digest.update(path.relative_to(folder).as_posix().encode() + b"\x00")
            outside = path.is_symlink() and not Path(os.path.realpath(path)).is_relative_to(folder.resolve())
            data = os.readlink(path).encode() if outside else path.read_bytes()   # never read through a link out
            digest.update(hashlib.blake2b(data, digest_size=20).digest())
    return digest.hexdigest()


_toolkit_digest: str | None = None


def toolkit_digest() -> str:
    """The toolkit as a build input: its version, its Python code, stylesheets and resources."""
    global _toolkit_digest
    if _toolkit_digest is None:
        _toolkit_digest = key(__version__, tree_digest(_PACKAGE, suffixes=(".py",), skip=("bench",)),
                              tree_digest(xslt_dir()), tree_digest(resource()))
    return _toolkit_digest


def environment(*parts: str | bytes | None, config_file: Path | None = None,
                overrides: Path | None = None) -> str:
    """The key every output of a build shares: toolkit, configuration, overrides and ``parts``
    (the target's name, the build date, anything else that changes every output)."""
    config = config_file.read_bytes() if config_file is not None and config_file.is_file() else b""
    return key(toolkit_digest(), config, tree_digest(overrides) if overrides is not None else "", *parts)


@dataclass
class Task:
    """One output a builder can write: its name, the files it writes (relative to the target folder)
    and the key of its inputs."""

    name: str
    key: str
    files: tuple[str, ...] = ()
    payload: object = field(default=None, compare=False)


def file_status(path: Path) -> list[int] | None:
    """Inode, size and modification time of a file (None if it is not there).  Not its change time:
    each build of the PDFs links them into its staging folder, which changes it."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns]


#: A file modified this close to the moment the cache was written may have changed again within the
#: same timestamp tick: its content is hashed instead of trusting its status (git's "racily clean").
RACY_NS = 2_000_000_000


def settled(mtime_ns: int, written_ns: int) -> bool:
    """Can a file modified at ``mtime_ns`` be known by its status in a cache written at ``written_ns``?"""
    return mtime_ns < written_ns - RACY_NS


class BuildCache:
    """The keys and files of one target's outputs, as they were when last written."""

    def __init__(self, output: Path, target: str, environment_key: str) -> None:
        self.path = output / ".cache" / f"{target}.json"
        self.environment = environment_key
        self.entries: dict[str, dict] = {}
        self.written_ns = 0
        self._loaded = False
        self.load()

    def load(self) -> None:
        try:
            data = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return
        if data.get("format") == CACHE_FORMAT and data.get("environment") == self.environment:
            self.entries = data.get("tasks", {})
            self.written_ns = data.get("written_ns", 0)
            self._loaded = True

    @property
    def valid(self) -> bool:
        """Did the cache describe the previous output?  If not, that output cannot be trusted
        to hold only what the tasks wrote: start from an empty folder (see :meth:`start`)."""
        return self._loaded

    def start(self, out: Path) -> None:
        """Empty the staging folder unless the cache describes what it holds."""
        if self._loaded:
            return
        for child in out.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()

    def fresh(self, task: Task, out: Path) -> bool:
        """Is the output of ``task`` in ``out`` exactly what the cache recorded for this key?"""
        entry = self.entries.get(task.name)
        if entry is None or entry["key"] != task.key:
            return False
        recorded = entry["files"]
        return set(recorded) == set(task.files) and all(file_status(out / rel) == sig for rel, sig in recorded.items())

    def outdated(self, tasks: Iterable[Task], out: Path) -> list[Task]:
        """The tasks whose output must be written (again)."""
        return [task for task in tasks if not self.fresh(task, out)]

    def record(self, task: Task, out: Path, source: list[int] | None = None) -> None:
        """Note that ``task`` was written with its key (call after its files are in place); ``source``:
        the status of the one file the key is the digest of, taken before it was hashed (see
        :meth:`digest_of`)."""
        self.entries[task.name] = {"key": task.key, "files": {rel: file_status(out / rel) for rel in task.files}}
        if source is not None:
            self.entries[task.name]["source"] = source

    def digest_of(self, name: str, status: list[int] | None) -> str | None:
        """The digest recorded as the key of task ``name`` when its source still has the recorded status
        (see :func:`file_status`) and was not modified close to the moment the cache was written."""
        entry = self.entries.get(name)
        if status is None or entry is None or entry.get("source") != status:
            return None
        _, _, mtime_ns = status
        return entry["key"] if settled(mtime_ns, self.written_ns) else None

    def forget(self, name: str) -> None:
        self.entries.pop(name, None)

    def prune(self, tasks: Iterable[Task], out: Path) -> list[str]:
        """Remove the files of tasks that no longer exist (a deleted document's page); return them."""
        current = {task.name for task in tasks}
        keep = {rel for task in tasks for rel in task.files}
        removed = []
        for name in [n for n in self.entries if n not in current]:
            for rel in self.entries.pop(name)["files"]:
                path = out / rel
                if rel not in keep and path.is_file():
                    os.unlink(path)
                    removed.append(rel)
        return removed

    def save(self) -> None:
        data = {"format": CACHE_FORMAT, "environment": self.environment, "tasks": self.entries,
                "written_ns": time.time_ns()}
        write_atomic(self.path, json.dumps(data, separators=(",", ":"), sort_keys=True).encode())


# -- the corpus index between runs ------------------------------------------------

@dataclass
class _Known:
    signature: tuple[int, int, int, int]     # size, mtime_ns, inode, ctime_ns
    digest: str
    kind: str
    id: str
    index: FileIndex
    diagnostics: list[Diagnostic]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection for a while: creating a million objects that all live on (a
    pickled index, a corpus model) otherwise triggers collections that scan them all, again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _indexing_code() -> str:
    """The toolkit's version and the code a document's index depends on."""
    return key(__version__, *((_PACKAGE / name).read_bytes() for name in ("corpus.py", "xmlio.py", "diagnostics.py")))


class CorpusCache(IndexCache):
    """The index of every document as the corpus model last read it, as Sphinx keeps its pickled
    environment: a rebuild reads (and parses) only the documents that changed.

    A document is known when its status (size, modification and change times, inode) is the one
    recorded, or else when its bytes still have the recorded content hash.  The cache is keyed by
    the code that indexes (the corpus model and the XML reader), so a new one indexes everything
    again.  Each document's entry is pickled on its own, so saving after one change pickles one
    entry, not ten thousand.  It lives in the output folder, as trusted as the edition folder
    itself (like Python's own ``__pycache__``).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.blobs: dict[str, bytes] = {}          # as read: every document's entry, pickled
        self.learnt: dict[str, _Known] = {}        # entries new or updated in this run
        self.seen: set[str] = set()
        self.written_ns = 0
        try:
            with open(path, "rb") as handle:
                data = pickle.load(handle)
            if data["format"] == CACHE_FORMAT and data["code"] == _indexing_code():
                self.blobs, self.written_ns = data["blobs"], data["written_ns"]
        except (OSError, ValueError, KeyError, TypeError, EOFError, pickle.UnpicklingError, AttributeError,
                ImportError):
            pass

    def _known(self, rel: str) -> _Known | None:
        if rel in self.learnt:
            return self.learnt[rel]
        blob = self.blobs.get(rel)
        try:
            return pickle.loads(blob) if blob is not None else None
        except (ValueError, TypeError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return None

    def lookup(self, path: Path, rel: str) -> tuple[SourceFile, FileIndex, list[Diagnostic]] | None:
        try:
            info = os.lstat(path)
        except OSError:
            return None
        known = self._known(rel) if stat.S_ISREG(info.st_mode) else None
        if known is None:
            return None
        signature = (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)
        if signature != known.signature or not settled(info.st_mtime_ns, self.written_ns):
            try:
                data = read_bytes(path, rel)
            except Exception:                        # noqa: BLE001 - the corpus reads it again and reports
                return None
            if hashlib.sha256(data).hexdigest() != known.digest:
                return None
            known.signature = signature
            self.learnt[rel] = known
        self.seen.add(rel)
        return SourceFile.unparsed(path, rel, known.kind, known.digest, known.id), known.index, list(known.diagnostics)

    def store(self, source: SourceFile, index: FileIndex, diagnostics: list[Diagnostic]) -> None:
        try:
            info = os.lstat(source.path)
        except OSError:
            return
        self.learnt[source.rel] = _Known((info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns),
                                         source.digest, source.kind, source.id, index, list(diagnostics))
        self.seen.add(source.rel)

    def save(self) -> None:
        """Write the cache if it learnt something (forgetting files that are gone); never fails."""
        if not self.learnt and set(self.blobs) == self.seen:
            return
        with paused_gc():
            blobs = {rel: pickle.dumps(self.learnt[rel], protocol=pickle.HIGHEST_PROTOCOL) if rel in self.learnt
                     else self.blobs[rel] for rel in sorted(self.seen)}
            data = pickle.dumps({"format": CACHE_FORMAT, "code": _indexing_code(), "written_ns": time.time_ns(),
                                 "blobs": blobs}, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            write_atomic(self.path, data)
        except OSError:
            pass


# -- the schema's verdicts between runs ------------------------------------------------

class CheckCache:
    """What checking each file against the schema found, by the file's content hash, as ESLint's
    ``--cache`` keeps its results: ``edition validate`` checks again only the files that changed.

    The grammar and the rules see one file at a time, so a file's problems depend only on its bytes,
    the compiled schema and the toolkit's code; ``checks_key`` hashes the last two, and a cache made
    with another key is not used.  The checks across files (ids, pointers) are not kept: they run on
    the corpus model.  Like the corpus cache it lives in ``output/.cache/`` and a broken one only
    causes the files to be checked again.
    """

    def __init__(self, path: Path, checks_key: str) -> None:
        self.path = path
        self.key = checks_key
        self.files: dict[str, list] = {}          # rel -> [content hash, problems as JSON]
        self.changed = False
        try:
            data = json.loads(path.read_bytes())
            if data["format"] == CACHE_FORMAT and data["key"] == checks_key and isinstance(data["files"], dict):
                self.files = data["files"]
        except (OSError, ValueError, KeyError, TypeError):
            pass

    def get(self, rel: str, digest: str) -> list[Diagnostic] | None:
        """The problems the file had when it had these bytes, or None if it must be checked."""
        try:
            known_digest, found = self.files[rel]
            return _diagnostics(found) if known_digest == digest else None
        except (KeyError, ValueError, TypeError):
            return None

    def put(self, rel: str, digest: str, found: list[Diagnostic]) -> None:
        self.files[rel] = [digest, [d.to_json() for d in found]]
        self.changed = True

    def save(self, present: Iterable[str]) -> None:
        """Write the cache if it learnt something, forgetting files no longer in the edition; never fails."""
        kept = {rel: self.files[rel] for rel in sorted(set(present) & set(self.files))}
        if not self.changed and len(kept) == len(self.files):
            return
        data = {"format": CACHE_FORMAT, "key": self.key, "files": kept}
        try:
            write_atomic(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
        except OSError:
            pass


# -- whole targets: nothing to do when no input changed -----------------------------

class BuildState:
    """Whether a whole target is up to date, decided before anything is read or parsed.

    The state of a target is the hash of every input a build of it can see:
    the toolkit, ``edition.toml``, the overrides and schema folders, the
    ``SOURCE_DATE_EPOCH`` setting, the content hash of every source file and
    the states of the targets it needs.  When that hash is the one recorded
    after the last successful build, and the published folder holds exactly
    the files it held then (same inode, size and time), the build has nothing
    to do: it reports the warnings that build reported and publishes nothing.
    Source files are hashed only when their status changed (as git's index
    does); the recorded hashes live in ``output/.cache/state.json``.
    """

    def __init__(self, output: Path) -> None:
        self.path = output / ".cache" / "state.json"
        self.output = output
        try:
            data = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            data = {}
        if data.get("format") != CACHE_FORMAT:
            data = {}
        self.sources: dict[str, list] = data.get("sources", {})
        self.targets: dict[str, dict] = data.get("targets", {})
        self.written_ns: int = data.get("written_ns", 0)
        self.read: dict = data.get("reading", {})
        self._inputs: str | None = None
        self.dirty = False

    def inputs(self, root: Path, sources: Path, schema: Path, overrides: Path, config_file: Path) -> str:
        """The hash of everything but the needed targets (computed once per run)."""
        if self._inputs is None:
            from ..corpus import discover

            seen = {}
            within = sources.resolve()
            for path in discover(sources):
                rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
                seen[rel] = self._digest(path, rel, within)
            self.sources = seen
            self._inputs = key(environment(os.environ.get("SOURCE_DATE_EPOCH", ""), config_file=config_file,
                                           overrides=overrides), tree_digest(schema),
                               *(f"{rel}\0{entry[-1]}" for rel, entry in sorted(seen.items())))
        return self._inputs

    def _digest(self, path: Path, rel: str, within: Path) -> list:
        """``[size, mtime_ns, inode, ctime_ns, sha256]`` of a source, hashing it only if its status changed."""
        try:
            info = os.lstat(path)
        except OSError:
            return [0, 0, 0, 0, ""]
        signature = [info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns]
        known = self.sources.get(rel)
        if (known is not None and known[:4] == signature and stat.S_ISREG(info.st_mode)
                and settled(info.st_mtime_ns, self.written_ns)):
            return known
        try:
            if stat.S_ISLNK(info.st_mode) and not Path(os.path.realpath(path)).is_relative_to(within):
                digest = hashlib.sha256(os.readlink(path).encode()).hexdigest()   # never read through a link out
            else:
                with open(path, "rb") as handle:                                     # streamed: any size, little memory
                    digest = hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError:
            digest = ""
        self.dirty = True
        return [*signature, digest]

    def reading(self, inputs: str) -> list[Diagnostic] | None:
        """What reading these very sources reported last time (None if they changed)."""
        if self.read.get("key") != inputs:
            return None
        return _diagnostics(self.read.get("diagnostics", []))

    def record_reading(self, inputs: str, diagnostics: list[Diagnostic]) -> None:
        self.read = {"key": inputs, "diagnostics": [d.to_json() for d in diagnostics]}
        self.dirty = True

    def target_key(self, name: str, inputs: str, needs: Iterable[str]) -> str:
        return key(name, inputs, *(self.targets.get(need, {}).get("key", "") for need in needs))

    def up_to_date(self, name: str, target_key: str) -> list[Diagnostic] | None:
        """The diagnostics of the last build if ``name`` has nothing to do, else None."""
        recorded = self.targets.get(name)
        if recorded is None or recorded.get("key") != target_key:
            return None
        if _manifest(self.output / name) != recorded.get("manifest"):
            return None
        return _diagnostics(recorded.get("diagnostics", []))

    def record(self, name: str, target_key: str, diagnostics: list[Diagnostic]) -> None:
        """Note a published target; one with errors is built again next time."""
        self.dirty = True
        if any(d.is_error for d in diagnostics):
            self.targets.pop(name, None)
        else:
            self.targets[name] = {"key": target_key, "manifest": _manifest(self.output / name),
                                  "diagnostics": [d.to_json() for d in diagnostics]}

    def forget(self, name: str) -> None:
        self.targets.pop(name, None)

    def save(self) -> None:
        """Write the state if this run learnt anything (a build with nothing to do writes nothing)."""
        if not self.dirty:
            return
        data = {"format": CACHE_FORMAT, "written_ns": time.time_ns(), "sources": self.sources,
                "reading": self.read, "targets": self.targets}
        try:
            write_atomic(self.path, json.dumps(data, separators=(",", ":")).encode())
        except OSError:
            pass


def _diagnostics(recorded: list[dict]) -> list[Diagnostic]:
    return [Diagnostic(**{**d, "severity": Severity(d["severity"])}) for d in recorded]


def _manifest(folder: Path) -> dict[str, list[int]]:
    """Every file below ``folder`` with its inode, size and modification time."""
    found: dict[str, list[int]] = {}
    pending = [(folder, "")]
    while pending:
        current, prefix = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                pending.append((Path(entry.path), rel + "/"))
            else:
                info = entry.stat(follow_symlinks=False)
                found[rel] = [info.st_ino, info.st_size, info.st_mtime_ns]
    return found


# -- the dependency graph: which part of the model each output is made from --------------

class Dependencies:
    """The dependency graph of a build, read off the corpus model and its facts document.

    The facts document (:mod:`toolkit.build.facts`) says what the corpus knows, but a page of one
    document reads only part of it, and is given only that (see
    :class:`toolkit.build.facts.PageViews`): what the whole edition shares (the edition's
    settings, files, editors, the site's map, the count of documents), its own record and
    the title and place of its neighbours (previous, next), the records of the documents it
    points to, the names of the register and
    bibliography entries it points to, and its own downloads.  Keying its output by the hash of
    exactly those parts, instead of the whole facts, is what lets a rebuild after one changed
    document or one renamed person rewrite only the pages that show the change (the
    incremental test compares such rebuilds with builds from nothing, byte for byte).

    A register's page lists every entry of its kind (or, for a register in parts, of one
    initial) with every document that mentions it: it depends on those entries in full, the
    passages that mention them (which the facts document does not hold) and the place, number,
    title and date of those documents.  Any other output
    (home, tables, bibliography, volume) depends on everything.
    """

    def __init__(self, corpus: Corpus, facts: etree._Element, *shared: etree._Element) -> None:
        self.corpus = corpus
        self.everything = key(facts, *shared)
        documents = facts.find(facts_tag("documents"))
        entries = facts.find(facts_tag("entries"))
        records = list(documents) if documents is not None else []
        self.records = {d.get("id"): key(d) for d in records}
        # What the previous/next links show of a neighbour: where it is and its title; what a register
        # lists of a document that mentions an entry (as its page's view holds it).
        self.pager = {d.get("id"): key(d.get("file", ""), d.findtext(facts_tag("title")) or "") for d in records}
        self.listing = {d.get("id"): key(listed(d)) for d in records}
        self.entries = {e.get("id"): e for e in (entries if entries is not None else [])}
        self._of_kind: dict[str, list[etree._Element]] = {}
        self._filed: dict[tuple[str, str], list[etree._Element]] = {}     # by kind and initial
        for entry in self.entries.values():
            self._of_kind.setdefault(entry.get("kind"), []).append(entry)
            self._filed.setdefault((entry.get("kind"), entry.get("initial")), []).append(entry)
        downloads: dict[str, list[etree._Element]] = {}
        common = [repr(sorted(facts.attrib.items())), str(len(self.records))]
        for child in facts:
            if child.tag in (facts_tag("documents"), facts_tag("entries")):
                continue
            if child.tag == facts_tag("site"):
                for item in child:
                    if item.tag == facts_tag("download") and item.get("doc"):
                        downloads.setdefault(item.get("doc"), []).append(item)
                    else:
                        common.append(key(item))
            else:
                common.append(key(child))
        self.common = key(*common, *shared)
        self.downloads = {doc: key(*items) for doc, items in downloads.items()}
        self._names: dict[str, str] = {}
        self._named_by: dict[str, set[str]] = {}
        self._by_source: dict[str, list] = {}
        for pointer in corpus.pointers:
            self._by_source.setdefault(pointer.source, []).append(pointer)
        self._files = {d.rel: d.id for d in corpus.documents}
        self._position = {d.id: i for i, d in enumerate(corpus.documents)}

    def _mentions(self, entry_id: str) -> list[str]:
        """The passages that mention an entry, as a register's view holds them
        (:func:`toolkit.build.facts.add_mentions`)."""
        return [repr(mention_attributes(m)) for m in self.corpus.mentions_of(entry_id)]

    def _name(self, entry_id: str) -> str:
        """An entry as a page that points to it sees it: its attributes (name, kind, file) and, for
        a work of the bibliography, its TEI (the citation); not the documents that mention it."""
        found = self._names.get(entry_id)
        if found is None:
            entry = self.entries.get(entry_id)
            if entry is None:
                found = ""
            else:
                found = key(repr(sorted(entry.attrib.items())), *entry_tei(entry))
            self._names[entry_id] = found
        return found

    def reads(self, doc_id: str, rel: str, pager: bool = True) -> tuple[list[str], list[str], list[str]]:
        """What an output made from one document reads of the facts beyond the shared part: the
        documents it points to, its neighbours (previous, next; not for its PDF, which has no
        ``pager``) and the entries it names (see :class:`toolkit.build.facts.PageViews`)."""
        pointers = self._by_source.get(rel, [])
        named = {p.target_id for p in pointers if p.target_id in self.entries}
        # a work of the bibliography is shown with its citation, whose names link to their entries
        entries = sorted(named.union(*(self._entries_named_by(e) for e in named)))
        cited = {self._files[p.target_file] for p in pointers if p.target_file in self._files} - {doc_id}
        documents = self.corpus.documents
        index = self._position.get(doc_id)
        neighbours = {documents[i].id for i in (index - 1, index + 1) if 0 <= i < len(documents)} \
            if index is not None and pager else set()
        return sorted(cited), sorted(neighbours - cited), entries

    def _entries_named_by(self, entry_id: str) -> set[str]:
        """The entries an entry's own TEI (a bibliography entry's citation) points to."""
        found = self._named_by.get(entry_id)
        if found is not None:
            return found
        found = self._named_by[entry_id] = set()
        for child in entry_tei(self.entries[entry_id]):
            for element in child.iter(etree.Element):
                for name in POINTER_ATTRIBUTES:
                    found.update(target for token in (element.get(name) or "").split()
                                 if (target := token.partition("#")[2]) in self.entries)
        return found

    def of_document(self, doc_id: str, rel: str, pager: bool = True) -> str:
        """The key of an output made from one document (its page; its PDF)."""
        cited, neighbours, entries = self.reads(doc_id, rel, pager)
        return key(self.common, self.records.get(doc_id, ""), self.downloads.get(doc_id, ""),
                   *(f"{d}\0{self.records.get(d, '')}" for d in cited),
                   *(f"{d}\0{self.pager.get(d, '')}" for d in neighbours),
                   *(f"{e}\0{self._name(e)}" for e in entries))

    def register_reads(self, kind: str, rel: str, initial: str | None = "") -> tuple[list[str], list[str], list[str]]:
        """What a register's page reads of the facts beyond the shared part: the documents it lists
        (by place, number, title and date), the entries it names and the entries it lists with
        their back-references.  A register's page lists every entry of its ``kind``; a register in
        parts has a page per ``initial`` listing the entries filed under it, and an index
        (``initial`` None) naming them all.  The entries and documents its file points to (in an
        entry's note) are named too."""
        cited, _, named = self.reads("", rel, pager=False)
        of_kind = self._of_kind.get(kind, [])
        if initial is None:
            return cited, sorted({*named, *(e.get("id") for e in of_kind)}), []
        listed = self._filed.get((kind, initial), []) if initial else of_kind
        documents = {item.get("doc") for e in listed for item in e if item.get("doc")}
        documents.update(m.document for e in listed for m in self.corpus.mentions_of(e.get("id")))
        return sorted(documents.union(cited)), named, [e.get("id") for e in listed]

    def of_register(self, kind: str, rel: str, initial: str | None = "") -> str:
        """The key of a register's page (see :meth:`register_reads`)."""
        documents, named, listed = self.register_reads(kind, rel, initial)
        return key(self.common, *(key(self.entries[e], *self._mentions(e)) for e in listed),
                   *(f"{e}\0{self._name(e)}" for e in named),
                   *(f"{d}\0{self.listing.get(d, '')}" for d in documents))
