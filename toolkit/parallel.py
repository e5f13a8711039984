"""A process pool: every worker prepares once, then handles many documents (reads, checks, pages, PDFs).

Compiling a stylesheet costs far more than applying it to one document, and a
saxonche processor must not be shared across threads (nor across processes).
So each worker process runs ``setup()`` once (compile the stylesheets, build
whatever it needs) and then ``work(prepared, task)`` for each task it is
given; the results come back in the order of the tasks.

Workers are forked from the builder's process, so they see the corpus model
as it is (read once, by the parent) without copying or pickling it; only
the tasks and the results cross between processes, so both should be small
(a path, a few strings, diagnostics).  A worker writes its own output files
(through :mod:`toolkit.xmlio`, into the staging folder) instead of sending
pages back.  A forked child never reuses its parent's Saxon processor (see
:func:`toolkit.xslt.processor`).

Small batches, a single job, or systems without ``fork`` run in the calling
process: forking and compiling in every worker is not worth it for a handful
of pages, which is exactly the case of an incremental rebuild.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import os
from typing import Any, Callable, Iterator, Sequence, TypeVar

from .console import track

Task = TypeVar("Task")
Result = TypeVar("Result")

#: Below this many tasks per job the pool costs more than it saves.
MIN_TASKS_PER_JOB = 8

# What a forked worker inherits: the functions it runs and, once set up, what they prepared.
_work: Callable[[Any, Any], Any] | None = None
_setup: Callable[[], Any] | None = None
_prepared: Any = None


def _initialise() -> None:
    global _prepared
    _prepared = _setup() if _setup is not None else None


def _call(task: Any) -> Any:
    assert _work is not None
    return _work(_prepared, task)


def available_jobs(jobs: int | None = None) -> int:
    """The jobs to use: as asked, at most one per core the process may run on."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:            # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(jobs or cores, cores))


def parallel_map(work: Callable[[Any, Task], Result], tasks: Sequence[Task], *, jobs: int | None = None,
                 setup: Callable[[], Any] | None = None, chunksize: int | None = None,
                 renew: int | None = None, description: str = "") -> Iterator[Result]:
    """``work(setup(), task)`` for every task, in ``jobs`` processes; results in task order.

    With a ``description``, the running command shows the progress on a terminal.
    With ``renew``, the workers are replaced by new ones (set up again) after
    about that many tasks each: Saxon's heap grows with the largest trees a
    worker has built and is never given back, so a few very large pages would
    otherwise keep their memory for the rest of the build.  Each round of
    workers is a pool of its own, forked from the calling thread: a worker
    forked by a pool's own thread (``maxtasksperchild``) cannot start Saxon
    when its parent has used it.

    ``work`` and ``setup`` may be any callables (closures too): the workers
    are forked, nothing of them is pickled.  An exception in ``work`` is
    raised here, in the caller; return diagnostics instead for problems of
    a document.
    """
    results = _map(work, tasks, jobs, setup, chunksize, renew)
    yield from track(results, len(tasks), description) if description else results


def _map(work: Callable[[Any, Task], Result], tasks: Sequence[Task], jobs: int | None,
         setup: Callable[[], Any] | None, chunksize: int | None, renew: int | None) -> Iterator[Result]:
    jobs = available_jobs(jobs)
    if jobs == 1 or len(tasks) < MIN_TASKS_PER_JOB * jobs or "fork" not in multiprocessing.get_all_start_methods():
        prepared = setup() if setup is not None else None
        for task in tasks:
            yield work(prepared, task)
        return
    size = renew * jobs if renew else len(tasks)
    for start in range(0, len(tasks), size):
        yield from _pool(work, tasks[start:start + size], jobs, setup, chunksize)


def _pool(work: Callable[[Any, Task], Result], tasks: Sequence[Task], jobs: int,
          setup: Callable[[], Any] | None, chunksize: int | None) -> Iterator[Result]:
    global _work, _setup, _prepared
    _work, _setup, _prepared = work, setup, None
    # Frozen, the parent's objects are never visited by a worker's garbage collector, so the pages that
    # hold them stay shared with the parent instead of being copied into every worker.
    frozen = gc.get_freeze_count()
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs, initializer=_initialise) as pool:
            size = chunksize or max(1, min(16, len(tasks) // (jobs * 8)))
            yield from pool.imap(_call, tasks, chunksize=size)
    finally:
        if not frozen:                # what was frozen before (the corpus model, see Edition.corpus) stays so
            gc.unfreeze()
        _work, _setup, _prepared = None, None, None


def release_memory() -> None:
    """Give the memory of freed objects back to the system (a large lxml tree's is kept by the C
    allocator otherwise), before a memory-hungry step such as indexing the site."""
    try:
        ctypes.CDLL(ctypes.util.find_library("c") or None).malloc_trim(0)
    except (OSError, AttributeError):         # not glibc
        pass
