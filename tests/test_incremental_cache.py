"""The build cache and the process pool, on their own (the builders' equality test is test_incremental.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import etree

from toolkit import parallel
from toolkit.build.cache import BuildCache, Task, file_status, key
from toolkit.xmlio import write_atomic


def test_key_depends_on_every_part_and_on_their_boundaries() -> None:
    assert key("a", "b") == key("a", "b")
    assert key("a", "b") != key("ab", "")
    assert key(b"x") == key("x")
    assert key(etree.fromstring("<a>1</a>")) != key(etree.fromstring("<a>2</a>"))
    assert key(None) != key("")


def write(out: Path, rel: str, text: str) -> None:
    write_atomic(out / rel, text.encode())


def test_a_task_is_fresh_only_with_the_same_key_and_the_same_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    cache = BuildCache(tmp_path, "html", "env-1")
    task = Task("d1", key("source-1"), ("d1.html",))
    assert cache.outdated([task], out) == [task]
    write(out, "d1.html", "page")
    cache.record(task, out)
    cache.save()

    again = BuildCache(tmp_path, "html", "env-1")
    assert again.valid and again.outdated([task], out) == []
    assert again.outdated([Task("d1", key("source-2"), ("d1.html",))], out)       # input changed
    write(out, "d1.html", "page, edited by hand")                                  # output replaced
    assert again.outdated([task], out) == [task]
    assert not BuildCache(tmp_path, "html", "env-2").valid                          # toolkit or config changed


def test_a_copied_file_keeps_its_recorded_digest_only_while_its_status_is_unchanged(tmp_path: Path) -> None:
    """Ten thousand PDFs are not read again on each build; a PDF that changed, or that changed too close
    to the moment the cache was written to tell by its status, is."""
    pdf = tmp_path / "d1.pdf"
    pdf.write_bytes(b"%PDF first")
    old = os.stat(pdf).st_mtime_ns - 10**10
    os.utime(pdf, ns=(old, old))                              # written well before the cache
    out = tmp_path / "out"
    out.mkdir()
    status = file_status(pdf)
    task = Task("copy:pdf/d1.pdf", "recorded digest", ("pdf/d1.pdf",))
    write(out, "pdf/d1.pdf", "%PDF first")
    cache = BuildCache(tmp_path, "html", "env")
    cache.record(task, out, source=status)
    cache.save()

    again = BuildCache(tmp_path, "html", "env")
    assert again.digest_of(task.name, file_status(pdf)) == "recorded digest"
    assert again.digest_of("copy:pdf/d2.pdf", file_status(pdf)) is None
    write_atomic(pdf, b"%PDF again")                         # a new file in its place, as the PDF builder writes
    os.utime(pdf, ns=(old, old))
    assert again.digest_of(task.name, file_status(pdf)) is None
    racy = BuildCache(tmp_path, "html", "env")
    racy.record(task, out, source=file_status(pdf))
    racy.written_ns = old + 1                                 # written in the same instant as the PDF
    assert racy.digest_of(task.name, file_status(pdf)) is None


def test_a_build_that_died_before_publishing_leaves_its_tasks_outdated(tmp_path: Path) -> None:
    published = tmp_path / "published"
    write(published, "d1.html", "old page")
    staging = tmp_path / "staging"
    staging.mkdir()
    os.link(published / "d1.html", staging / "d1.html")                           # as publish.staged seeds it
    cache = BuildCache(tmp_path, "html", "env")
    task = Task("d1", key("new source"), ("d1.html",))
    write(staging, "d1.html", "new page")
    cache.record(task, staging)
    cache.save()                                                                    # then the build is killed
    assert BuildCache(tmp_path, "html", "env").outdated([task], published) == [task]


def test_prune_removes_the_files_of_vanished_tasks_and_start_empties_an_unknown_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    cache = BuildCache(tmp_path, "html", "env")
    tasks = [Task(name, key(name), (f"{name}.html",)) for name in ("d1", "d2")]
    for task in tasks:
        write(out, task.files[0], task.name)
        cache.record(task, out)
    assert cache.prune(tasks[:1], out) == ["d2.html"]
    assert sorted(p.name for p in out.iterdir()) == ["d1.html"]
    cache.start(out)                                  # never loaded: the folder's content is unknown
    assert list(out.iterdir()) == []


def _square(prepared: dict, task: int) -> tuple[int, int, int]:
    return task * task, prepared["pid"], os.getpid()


def test_the_pool_prepares_once_per_worker_and_keeps_the_order() -> None:
    def setup() -> dict:
        return {"pid": os.getpid()}

    tasks = list(range(200))
    results = list(parallel.parallel_map(_square, tasks, jobs=2, setup=setup))
    assert [r[0] for r in results] == [t * t for t in tasks]
    assert all(prepared == worker for _, prepared, worker in results)     # each worker used its own setup
    if parallel.available_jobs(2) == 2:
        assert os.getpid() not in {worker for _, _, worker in results}


def test_renewed_workers_do_a_few_tasks_each_and_the_order_is_kept() -> None:
    if parallel.available_jobs(2) < 2:
        pytest.skip("one core: the tasks run in the calling process, there are no workers to renew")
    tasks = list(range(40))
    results = list(parallel.parallel_map(_square, tasks, jobs=2, setup=lambda: {"pid": os.getpid()}, renew=4))
    assert [r[0] for r in results] == [t * t for t in tasks]
    assert all(prepared == worker for _, prepared, worker in results)     # a new worker is set up again
    done: dict[int, int] = {}
    for _, _, worker in results:
        done[worker] = done.get(worker, 0) + 1
    assert len(done) >= len(tasks) // 8 and max(done.values()) <= 8       # rounds of 2 workers x 4 tasks
    assert os.getpid() not in done


def test_small_batches_run_in_the_calling_process() -> None:
    results = list(parallel.parallel_map(_square, [1, 2, 3], jobs=2, setup=lambda: {"pid": os.getpid()}))
    assert {worker for _, _, worker in results} == {os.getpid()}


def _model(corpus) -> tuple:
    return (corpus.documents, corpus.mentions, corpus.pointers, corpus.ids, sorted(corpus.entries),
            sorted(corpus.diagnostics, key=lambda d: (d.path, d.line, d.rule, d.message)))


def test_the_corpus_cache_gives_the_model_a_fresh_reading_gives(tmp_path: Path) -> None:
    from toolkit.bench.generate import generate
    from toolkit.build.cache import CorpusCache
    from toolkit.corpus import Corpus

    root = generate(tmp_path / "edition", documents=12, seed=5).root
    sources, store = root / "tei", tmp_path / "corpus.pickle"
    first = CorpusCache(store)
    Corpus.load(root, sources, cache=first)
    first.save()

    again = CorpusCache(store)
    again.written_ns += 10 ** 12          # as if written long after the files: their status is trusted
    cached = Corpus.load(root, sources, cache=again)
    documents = [s for s in cached.files.values() if s.kind == "document"]
    assert documents and all(s._data is None and not s.held for s in documents)    # none was read
    assert _model(cached) == _model(Corpus.load(root, sources))
    assert cached.files["tei/documents/d00003.xml"].root.get("{http://www.w3.org/XML/1998/namespace}id") == "d00003"

    changed = sources / "documents" / "d00003.xml"
    write_atomic(changed, changed.read_bytes().replace(b"<p xml:id=", b'<p rend="x" xml:id=', 1)
                 .replace(b"</title>", b" (revised)</title>", 1))
    third = CorpusCache(store)
    third.written_ns += 10 ** 12
    updated = Corpus.load(root, sources, cache=third)
    assert set(third.learnt) == {"tei/documents/d00003.xml"}                     # read again, alone
    assert updated.document("d00003").title.endswith("(revised)")
    assert _model(updated) == _model(Corpus.load(root, sources))


def test_a_changed_file_is_read_again_even_with_its_old_modification_time(tmp_path: Path) -> None:
    from toolkit.bench.generate import generate
    from toolkit.build.cache import CorpusCache
    from toolkit.corpus import Corpus

    root = generate(tmp_path / "edition", documents=3, seed=5).root
    store = tmp_path / "corpus.pickle"
    cache = CorpusCache(store)
    Corpus.load(root, root / "tei", cache=cache)
    cache.save()
    path = root / "tei" / "documents" / "d00002.xml"
    info = os.stat(path)
    data = path.read_bytes().replace(b"</title>", b"!</title>", 1)
    write_atomic(path, data)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))          # same time, as a quick second save may
    reread = Corpus.load(root, root / "tei", cache=CorpusCache(store))
    assert reread.document("d00002").title.endswith("!")
