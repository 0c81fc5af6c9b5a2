"""Indexing on every core: a full build split into shards, each read, split and indexed by a
process of its own into a Whoosh segment, the segments then committed together.

This is what Whoosh's own multiprocessing writer does with `multisegment=True`, with two
differences that matter here: splitting (half the work) runs in the workers too, not in the
parent; and the workers are fresh interpreters, not forks, so they never hold the update lock
should the parent be killed (a forked child keeps its file lock until it exits).

Memory stays bounded at any corpus size. A worker indexes a shard of bounded size. The parent
holds nothing per file or per message: the corpus listing, each shard's files, the manifest
entries, quotes and Message-IDs pass through files in a scratch folder (`Spool`s), read back
as streams.
"""

from __future__ import annotations

import base64
import heapq
import itertools
import math
import os
import pickle
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from .. import intake
from ..copies import Copies
from ..corpus import corpus_entries, read_units
from ..intake import (
    FileRead,
    Quote,
    Unindexable,
    index_files,
    without_unindexable,
)
from ..layouts import corpus_layouts
from ..manifest import manifest_entry
from ..places import listed_position, listing_order
from ..units import Unit
from .pool import TermPostingPool
from .private_calls import commit_segments, finish_segment

T = TypeVar("T")

#: Up to this much source text, a corpus is small: its segments are compound files (~30%
#: faster to query, but read whole into memory by every searcher: 1.2 GB at 100,000 messages,
#: about 300 MB of mail) and its writers get the larger buffer.
COMPOUND_BELOW_BYTES = 100 * 2**20

#: A worker indexes at most about this much into its segment, counting each file as its size
#: plus FILE_WEIGHT. Its memory grows with what it has indexed (Whoosh's table of the segment's
#: terms, the Message-IDs it has seen, each file's manifest entry), so bounding the shard
#: bounds a worker's memory at any corpus size; 100,000 benchmark messages are two shards,
#: one per core, as smaller corpora are.
SHARD_BYTES = 160 * 2**20
#: What a file costs a worker beside its bytes, in bytes of source that cost as much: a
#: maildir of 500-byte messages is not 300,000 files in one shard.
FILE_WEIGHT = 1024


def compound_segments(corpus_bytes: int) -> bool:
    return corpus_bytes < COMPOUND_BELOW_BYTES


def writer_limit_mb(compound: bool) -> int:
    """The posting buffer of each writer, which bounds its memory at any corpus size.

    A large corpus gets the smaller one, because the rest of a worker's memory (which file,
    which Message-ID it has seen, Whoosh's table of the segment's terms) grows with the
    corpus; a larger buffer means fewer runs to merge. At 100,000 messages, side by side:
    48 MB, 225 s and a build peak of 340 MB (all processes); 32 MB, 244 s and 318 MB.
    """
    return 96 if compound else 48


class Spool:
    """Records pickled to a file in chunks and read back as a stream: what a build would
    otherwise hold per file or per message (500,000 of anything is tens of MB in Python)."""

    CHUNK = 1000

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def adding(self) -> Iterator[Callable[[Any], None]]:
        """A function that spools a record, for the time of the `with` block."""
        chunk: list[Any] = []
        with self.path.open("wb") as file:

            def add(record: Any) -> None:
                chunk.append(record)
                if len(chunk) >= self.CHUNK:
                    pickle.dump(chunk, file, pickle.HIGHEST_PROTOCOL)
                    chunk.clear()

            yield add
            if chunk:
                pickle.dump(chunk, file, pickle.HIGHEST_PROTOCOL)

    def write(self, records: Iterable[Any]) -> Spool:
        with self.adding() as add:
            for record in records:
                add(record)
        return self

    def __iter__(self) -> Iterator[Any]:
        with self.path.open("rb") as file:
            while True:
                try:
                    yield from pickle.load(file)
                except EOFError:
                    return


class Job(NamedTuple):
    """A file to read and index: its name in the corpus, its size and its position in the
    listing (`places`)."""

    source: str
    size: int
    position: int

    @property
    def weight(self) -> int:
        return self.size + FILE_WEIGHT

    def read(self, corpus: Path) -> FileRead:
        path = corpus / self.source
        return self.source, path, lambda: read_units(path, self.source, corpus_layouts(corpus))


@dataclass(frozen=True)
class Listing:
    """Every file of the corpus as a Job, spooled in corpus order, and their totals."""

    jobs: Spool
    files: int
    bytes: int

    @property
    def weight(self) -> int:
        return self.bytes + self.files * FILE_WEIGHT

    def sources(self) -> Iterator[str]:
        return (job.source for job in self.jobs)


def list_corpus(corpus: Path, scratch: Path) -> Listing:
    files = size = 0
    jobs = Spool(scratch / "corpus.jobs")
    with jobs.adding() as add:
        # (listed in the listing's order: `places.listing_order`)
        for number, (entry, source) in enumerate(corpus_entries(corpus), start=1):
            position = listed_position(number)
            try:
                job = Job(source, entry.stat(follow_symlinks=False).st_size, position)
            except OSError:
                job = Job(source, 0, position)  # gone since it was listed: reading it says so
            add(job)
            files += 1
            size += job.size
    return Listing(jobs, files, size)


def add_unit(writer, unit: Unit, place: int, *, copy: bool = False, echo: bool = False) -> None:
    """A unit into a Whoosh writer (`intake.AddUnit`)."""
    from ..fields import document, duplicate_number

    try:
        made = document(unit, place, copy=copy, echo=echo)
        writer.add_document(**made, duplicate=duplicate_number(unit))
    except Exception as error:  # noqa: BLE001 - whatever Whoosh raises, name the file
        raise Unindexable(unit.source, error) from error


@dataclass(frozen=True)
class Shard:
    """What indexing a shard left: a Whoosh segment, and on disk what the commit needs."""

    segment: Any  # whoosh.codec.base.Segment, or None when the shard held no unit
    units_added: int
    problems: tuple[str, ...]
    manifest: Path  # the shard's manifest entries, a line each
    firsts: Spool  # see Batch.firsts; sorted
    quotes: Spool


@dataclass(frozen=True)
class Built:
    """The shards of a build, their segments committed; the rest read back from disk."""

    shards: list[Shard]

    @property
    def units_added(self) -> int:
        return sum(shard.units_added for shard in self.shards)

    @property
    def problems(self) -> list[str]:
        return [problem for shard in self.shards for problem in shard.problems]

    def later_copies(self) -> Iterator[str]:
        """Unit ids of messages a shard indexed as firsts though another shard holds an
        earlier copy (by source and line): shards find copies among their own files only."""
        merged = heapq.merge(*(shard.firsts for shard in self.shards))
        for _, same in itertools.groupby(merged, key=lambda first: first[0]):
            in_order = sorted(same, key=lambda first: (listing_order(first[1]), first[2]))
            for _, _, _, unit_id in in_order[1:]:
                yield unit_id

    def quotes(self) -> Iterator[Quote]:
        for shard in self.shards:
            yield from shard.quotes

    def manifest_entries(self) -> Iterator[str]:
        for shard in self.shards:
            with shard.manifest.open(encoding="utf-8") as lines:
                yield from (line.rstrip("\n") for line in lines)


def build(
    ix,
    listing: Listing,
    corpus: Path,
    workers: int,
    on_file: Callable[[str], None],
    compound: bool,
) -> Built:
    """Index the listed files in shards, `workers` processes at a time (a small corpus in
    this process), and commit their segments to `ix` in one TOC."""
    from whoosh.writing import SegmentWriter

    scratch = listing.jobs.path.parent
    parallel = listing.files >= intake.PARALLEL_FILES or listing.weight > SHARD_BYTES
    shards = _cut(listing, workers if parallel else 1, scratch)
    task = _Task(ix.storage.folder, ix.indexname, corpus, scratch, compound)
    if parallel:
        built = Built(_in_workers(task, shards, workers, on_file))
    else:
        built = Built([task.index(number, shard, on_file) for number, shard in enumerate(shards)])
    writer = SegmentWriter(ix)  # commits the shards' segments only
    segments = list(writer.segments)
    segments += [shard.segment for shard in built.shards if shard.segment is not None]
    commit_segments(writer, segments)
    return built


def _cut(listing: Listing, workers: int, scratch: Path) -> list[Spool]:
    """The listing in shards of about equal weight, each of its files in corpus order (a
    folder's messages, and so most copies of one another, stay together), as many as make
    every worker busy till the end (three shards on two cores would end on one)."""
    count = workers * max(1, math.ceil(listing.weight / (SHARD_BYTES * workers)))
    share = listing.weight / count
    weight_before = 0

    def shard_of(job: Job) -> int:
        nonlocal weight_before
        number = min(count - 1, int(weight_before // share))
        weight_before += job.weight
        return number

    shards: list[Spool] = []
    for _, jobs in itertools.groupby(listing.jobs, key=shard_of):
        shards.append(Spool(scratch / f"shard-{len(shards)}.jobs").write(jobs))
    return shards


@dataclass(frozen=True)
class _Task:
    """Where shards are indexed from and into: the same for every shard of a build."""

    folder: str
    indexname: str
    corpus: Path
    scratch: Path
    compound: bool

    def index(self, number: int, jobs: Iterable[Job], on_file: Callable[[str], None]) -> Shard:
        """Read, split and index one shard into a segment of its own."""
        told: set[str] = set()

        def once(source: str) -> None:  # a shard done again tells each file once
            if source not in told:
                told.add(source)
                on_file(source)

        return without_unindexable(lambda skip: self._index(number, jobs, once, skip))

    def _index(
        self,
        number: int,
        jobs: Iterable[Job],
        on_file: Callable[[str], None],
        skip: Mapping[str, str],
    ) -> Shard:
        from whoosh.filedb.filestore import FileStorage
        from whoosh.writing import SegmentWriter

        ix = FileStorage(self.folder).open_index(self.indexname)
        limit = writer_limit_mb(self.compound)
        writer = SegmentWriter(ix, _lk=False, limitmb=limit, compound=self.compound)
        writer.pool = TermPostingPool(limit * 2**20, tempdir=self.folder)
        name = self.scratch / f"shard-{number}"
        quotes = Spool(Path(f"{name}.quotes"))
        try:
            # quotes go to disk as they come: a shard of 50,000 messages holds thousands
            with quotes.adding() as keep_quote:
                positions: dict[str, int] = {}  # each file's, known as it is read
                reads = (_placed(job, positions).read(self.corpus) for job in jobs)
                add = partial(add_unit, writer)
                batch = index_files(add, reads, positions, Copies(), on_file, keep_quote, skip)
        except BaseException:
            writer.cancel()
            raise
        segment = finish_segment(writer) if batch.units_added else None
        if segment is None:
            writer.cancel()
        manifest = Path(f"{name}.manifest")
        with manifest.open("w", encoding="utf-8") as file:
            file.writelines(manifest_entry(*item) + "\n" for item in batch.files.items())
        firsts = Spool(Path(f"{name}.firsts")).write(sorted(batch.firsts))
        problems = tuple(problem for state in batch.files.values() for problem in state.problems)
        return Shard(segment, batch.units_added, problems, manifest, firsts, quotes)


def _placed(job: Job, positions: dict[str, int]) -> Job:
    positions[job.source] = job.position
    return job


def _in_workers(
    task: _Task, shards: list[Spool], workers: int, on_file: Callable[[str], None]
) -> list[Shard]:
    """The shards, `workers` processes at a time. When one fails, the others are stopped at
    once and its own error is raised: not one that its failure caused in another."""
    from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

    lock = threading.Lock()
    running: list[_Worker] = []
    failed = threading.Event()

    def index_shard(number: int, jobs: Spool) -> Shard:
        with lock:
            if failed.is_set():
                raise _Stopped
            worker = _Worker(task, number, jobs)
            running.append(worker)
        worker.relay(on_file, lock)
        return worker.finish()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(index_shard, number, jobs) for number, jobs in enumerate(shards)]
        try:
            wait(futures, return_when=FIRST_EXCEPTION)
        finally:
            first = next((f.exception() for f in futures if f.done() and f.exception()), None)
            if first is not None or not all(future.done() for future in futures):
                with lock:
                    failed.set()
                    for worker in running:
                        worker.stop()
                pool.shutdown(cancel_futures=True)
        if first is not None:
            raise first
        return [future.result() for future in futures]


#: How a worker's stdout line carries the exception it raised (file names never hold a NUL).
_RAISED = "\0raised "


class _Stopped(Exception):
    """A shard not started because another failed."""


class _Worker:
    """One `python -m searchkit.engine.shards TASK` process: a fresh interpreter, so neither the
    update lock nor the caller's own script (as multiprocessing's spawn would re-run it)
    come along. It prints each file's name when done and pickles its Shard beside the task.
    """

    def __init__(self, task: _Task, number: int, jobs: Spool) -> None:
        self.task = task.scratch / f"shard-{number}.task"
        self.task.write_bytes(pickle.dumps((task, number, jobs, os.getpid())))
        # stderr to an anonymous file: a worker's traceback must not fill a pipe nobody reads
        # yet, nor need room on the index's disk, which may be the thing that is full
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed by finish()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "searchkit.engine.shards", str(self.task)],
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
        )
        self.raised: BaseException | None = None

    def relay(self, on_file: Callable[[str], None], lock: threading.Lock) -> None:
        """Pass on each file the worker is done with, and keep the exception it reports."""
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith(_RAISED):
                self.raised = pickle.loads(base64.b64decode(line[len(_RAISED) :]))
                continue
            with lock:
                on_file(line.rstrip("\n"))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()

    def finish(self) -> Shard:
        """The worker's Shard; else the exception it raised, itself (a full disk is an
        OSError here as in one process), or what stopped it."""
        status = self.process.wait()
        self.errors.seek(0)
        said = self.errors.read().decode("utf-8", "replace").strip().splitlines()[-1:]
        self.errors.close()
        if status == 0:
            return pickle.loads(Path(f"{self.task}.result").read_bytes())
        if self.raised is not None:
            raise self.raised
        raise RuntimeError(f"indexing worker stopped (status {status}): {' '.join(said)}")


def _while_parent_lives(jobs: Iterable[Job], parent: int) -> Iterator[Job]:
    for job in jobs:
        if os.getppid() != parent:
            raise SystemExit("searchkit: the indexing process is gone; stopping")
        yield job


def _main(path: Path) -> None:
    task, number, jobs, parent = pickle.loads(path.read_bytes())
    try:
        shard = task.index(
            number, _while_parent_lives(jobs, parent), lambda source: print(source, flush=True)
        )
    except Exception as error:
        import traceback

        traceback.print_exc()  # to the worker's stderr, for a developer who looks
        try:
            raised = pickle.dumps(error)
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled: its words
            raised = pickle.dumps(RuntimeError(f"{type(error).__name__}: {error}"))
        # through the pipe, not a file: the index's disk may be the thing that is full
        print(_RAISED + base64.b64encode(raised).decode("ascii"), flush=True)
        sys.exit(1)
    Path(f"{path}.result").write_bytes(pickle.dumps(shard))


if __name__ == "__main__":
    # through the importable module, so what is pickled names searchkit.engine.shards, not __main__
    from searchkit.engine.shards import _main as main

    main(Path(sys.argv[1]))
