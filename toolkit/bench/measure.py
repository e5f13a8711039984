"""Running one step as a subprocess: its wall time and its peak memory.

Two memory figures, because a process pool makes one of them misleading:

* ``max_rss``: the largest resident set of any single process of the step,
  from the kernel's accounting (``wait4``'s ``ru_maxrss``, which covers the
  child and the descendants it waited for);
* ``peak_total``: the largest sum, over the whole process tree at one moment,
  of each process's proportional set size (``/proc/PID/smaps_rollup``: pages
  shared between a parent and its forked workers are counted once), sampled
  four times a second (more often at the start), and at least ``max_rss``.
  This is what the machine must have.

Only Linux's ``/proc`` is read; where it is missing ``peak_total`` falls
back to ``max_rss``.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

#: How often the process tree's memory is read, at most.  Reading smaps_rollup walks each process's
#: page tables; every 20 ms, on the three 1 GB processes of an html build, that took a large share
#: of a core from the build being measured (135.9 s instead of 111.6 s on 2 cores).  A build's
#: memory rises and falls over seconds, so four readings a second still find its peak; a short
#: step is read more often (the interval starts at 5 ms and grows to this).
SAMPLE_SECONDS = 0.25


@dataclass
class Measurement:
    seconds: float
    max_rss: int          # bytes
    peak_total: int       # bytes
    returncode: int
    stdout: str
    stderr: str


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.extend(int(child) for child in handle.read().split())
    except OSError:
        pass
    return found


def _pss(pid: int) -> int:
    """Proportional set size of one process in bytes (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_pss(pid: int) -> int:
    """The summed proportional set size of a process and all its descendants."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        total += _pss(current)
        pending.extend(_children(current))
    return total


class _Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        interval = 0.005
        while not self.done.is_set():
            self.peak = max(self.peak, tree_pss(self.pid))
            self.done.wait(interval)
            interval = min(SAMPLE_SECONDS, interval * 1.5)


def run(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Measurement:
    """Run ``command`` to its end; measure it."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sampler = _Sampler(process.pid)
    sampler.start()
    # Read the pipes in threads so a chatty step never blocks; reap with wait4 for its rusage.
    output: dict[str, bytes] = {}
    readers = [threading.Thread(target=lambda n=name, s=stream: output.__setitem__(n, s.read()), daemon=True)
               for name, stream in (("out", process.stdout), ("err", process.stderr))]
    for reader in readers:
        reader.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    sampler.done.set()
    sampler.join()
    for reader in readers:
        reader.join()
    max_rss = usage.ru_maxrss * 1024
    # the largest process's resident set is in memory too: a floor for what the samples may have missed
    return Measurement(seconds=seconds, max_rss=max_rss, peak_total=max(sampler.peak, max_rss),
                       returncode=process.returncode,
                       stdout=output.get("out", b"").decode(errors="replace"),
                       stderr=output.get("err", b"").decode(errors="replace"))
