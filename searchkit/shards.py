"""Indexing on every core: a full build split into shards, each read, split and indexed by a
process of its own into a Whoosh segment, the segments then committed together.

This is what Whoosh's own multiprocessing writer does with `multisegment=True`, with two
differences that matter here: splitting (half the work) runs in the workers too, not in the
parent; and the workers are fresh interpreters, not forks, so they never hold the update lock
should the parent be killed (a forked child keeps its file lock until it exits).
"""

from __future__ import annotations

import math
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .corpus import FileUnits, read_units
from .dedup import Copies
from .pool import TermPostingPool
from .readers import Problem
from .units import Unit

#: Up to this much source text, a corpus is small: its segments are compound files (~30%
#: faster to query, but read whole into memory by every searcher: 1.2 GB at 100,000 messages,
#: about 300 MB of mail) and its writers get the larger buffer.
COMPOUND_BELOW_BYTES = 100 * 2**20


#: A worker indexes at most about this much source into its segment. Its memory grows with
#: what it has indexed (Whoosh's table of the segment's terms, the Message-IDs it has seen),
#: so bounding the shard bounds a worker's memory at any corpus size; 100,000 benchmark
#: messages (312 MB) are two shards, one per core, as smaller corpora are.
SHARD_BYTES = 160 * 2**20


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


@dataclass(frozen=True)
class FileFacts:
    """What the manifest keeps of an indexed file."""

    units_count: int
    problems: tuple[Problem, ...]
    size: int
    mtime_ns: int
    digest: str


@dataclass
class Batch:
    """What indexing some files did: per-file facts, and what waits for every file."""

    files: dict[str, FileFacts] = field(default_factory=dict)
    quotes: list[Unit] = field(default_factory=list)
    spools: list[Path] = field(default_factory=list)  # workers' quotes, pickled one by one
    units_added: int = 0
    # (Message-ID, unit id, source, line) of each first copy: copies across shards show here
    firsts: list[tuple[str, str, str, int]] = field(default_factory=list)

    def extend(self, other: Batch) -> None:
        self.files.update(other.files)
        self.quotes.extend(other.quotes)
        self.spools.extend(other.spools)
        self.units_added += other.units_added
        self.firsts.extend(other.firsts)

    def take_quotes(self) -> Iterator[Unit]:
        """Every quote, the spooled ones read back from disk (and their files removed)."""
        yield from self.quotes
        for spool in self.spools:
            with spool.open("rb") as file:
                while True:
                    try:
                        yield pickle.load(file)
                    except EOFError:
                        break
            spool.unlink()


def index_files(
    writer,
    files,
    copies: Copies,
    on_file: Callable[[str], None],
    keep_quote: Callable[[Unit], None] | None = None,
) -> Batch:
    """Add every unit but the quoted ones, which wait (in `Batch.quotes` or `keep_quote`)."""
    from .schema import document

    batch = Batch()
    keep_quote = keep_quote or batch.quotes.append
    for file_units in files:
        for unit in file_units.units:
            if unit.quoted_in:
                keep_quote(unit)
                continue
            copy = copies.is_copy(unit)
            writer.add_document(**document(unit, copy=copy))
            copies.remember(unit)
            batch.units_added += 1
            if unit.message_id and not copy:
                batch.firsts.append((unit.message_id, unit.id, unit.source, unit.line_start))
        batch.files[file_units.source] = FileFacts(
            len(file_units.units),
            file_units.problems,
            file_units.size,
            file_units.mtime_ns,
            file_units.digest,
        )
        on_file(file_units.source)
    return batch


def build(
    ix,
    corpus: Path,
    jobs: list[Job],
    workers: int,
    on_file: Callable[[str], None],
    compound: bool,
) -> Batch:
    """Index `jobs` in shards of at most SHARD_BYTES, `workers` processes at a time, and
    commit their segments to `ix` in one TOC."""
    from concurrent.futures import ThreadPoolExecutor

    from whoosh.writing import SegmentWriter

    folder = Path(ix.storage.folder)
    total = sum(job.size for job in jobs)
    shards = _balanced(jobs, max(workers, math.ceil(total / SHARD_BYTES)))
    lock = threading.Lock()

    def index_shard(number: int, shard: list[Job]):
        worker = _Worker(folder, ix.indexname, number, corpus, shard, compound)
        worker.relay(on_file, lock)
        return worker.finish()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(index_shard, number, shard) for number, shard in enumerate(shards)]
        try:
            # results wait on disk: loaded as shards end, they would grow the parent beside the
            # last workers (a shard's files and Message-IDs: ~15 MB per 50,000 messages)
            result_files = [future.result() for future in futures]
        except BaseException:
            pool.shutdown(cancel_futures=True)  # shards not started stay so
            raise
    batch = Batch()
    writer = SegmentWriter(ix)  # commits the workers' segments only
    segments = list(writer.segments)
    for result_file in result_files:
        segment, shard_batch = _load_result(result_file)
        if segment is not None:
            segments.append(segment)
        batch.extend(shard_batch)
    writer._close_segment()
    writer._commit_toc(segments)
    writer._finish()
    return batch


class _Worker:
    """One `python -m searchkit.shards JOB` process: a fresh interpreter, so neither the
    update lock nor the caller's own script (as multiprocessing's spawn would re-run it)
    come along. It prints each file's name when done and pickles its result beside the job.
    """

    def __init__(
        self,
        folder: Path,
        indexname: str,
        number: int,
        corpus: Path,
        jobs: list[Job],
        compound: bool,
    ) -> None:
        self.job = folder / f".shard-{number}.job"
        self.job.write_bytes(
            pickle.dumps((str(folder), indexname, str(corpus), jobs, os.getpid(), compound))
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "searchkit.shards", str(self.job)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def relay(self, on_file: Callable[[str], None], lock: threading.Lock) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with lock:
                on_file(line.rstrip("\n"))

    def finish(self) -> Path:
        """The file of the worker's result, once it has ended well."""
        error = self.process.stderr.read() if self.process.stderr else ""
        if self.process.wait() != 0:
            raise RuntimeError(f"indexing worker failed: {error.strip().splitlines()[-1:]}")
        self.job.unlink(missing_ok=True)
        return Path(f"{self.job}.result")


def _load_result(path: Path):
    try:
        return pickle.loads(path.read_bytes())
    finally:
        path.unlink(missing_ok=True)


def _balanced(jobs: list[Job], workers: int) -> list[list[Job]]:
    """Shards of about equal bytes: biggest file first onto the lightest shard."""
    shards: list[list[Job]] = [[] for _ in range(workers)]
    weights = [0] * workers
    for job in sorted(jobs, key=lambda job: -job.size):
        lightest = weights.index(min(weights))
        shards[lightest].append(job)
        weights[lightest] += job.size
    return [sorted(shard, key=lambda job: job.source) for shard in shards if shard]


class Job(NamedTuple):
    """A file to read and index: its name in the corpus and its size, as little as can be,
    because the parent holds one per file for the whole build (at 200,000 messages a
    pathlib.Path each was 35 MB)."""

    source: str
    size: int

    @classmethod
    def of(cls, corpus: Path, source: str) -> Job:
        try:
            size = os.stat(os.path.join(corpus, source)).st_size
        except OSError:
            size = 0  # gone since the corpus was listed: reading it says so
        return cls(source, size)

    def read(self, corpus: Path) -> FileUnits:
        return read_units(corpus / self.source, self.source)


def _index_shard(
    folder: str, indexname: str, corpus: str, jobs: list[Job], parent: int, compound: bool
):
    """In a worker: read, split and index one shard into a segment of its own."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.writing import SegmentWriter

    ix = FileStorage(folder).open_index(indexname)
    limit = writer_limit_mb(compound)
    writer = SegmentWriter(ix, _lk=False, limitmb=limit, compound=compound)
    writer.pool = TermPostingPool(limit * 2**20, tempdir=folder)
    spool = Path(folder, f".quotes-{os.getpid()}.pickle")
    try:
        # quotes go to disk as they come: a shard of 50,000 messages holds thousands
        with spool.open("wb") as file:
            reads = _read_while_parent_lives(Path(corpus), jobs, parent)
            batch = index_files(
                writer,
                reads,
                Copies(),
                lambda source: print(source, flush=True),
                lambda unit: pickle.dump(unit, file),
            )
        batch.spools.append(spool)
    except BaseException:
        writer.cancel()
        spool.unlink(missing_ok=True)
        raise
    if not batch.units_added:
        writer.cancel()
        return None, batch
    return writer._finalize_segment(), batch


def _read_while_parent_lives(corpus: Path, jobs: list[Job], parent: int):
    for job in jobs:
        if os.getppid() != parent:
            raise SystemExit("searchkit: the indexing process is gone; stopping")
        yield job.read(corpus)


def _main(job: Path) -> None:
    result = _index_shard(*pickle.loads(job.read_bytes()))
    Path(f"{job}.result").write_bytes(pickle.dumps(result))


if __name__ == "__main__":
    # through the importable module, so what is pickled names searchkit.shards, not __main__
    from searchkit.shards import _main as main

    main(Path(sys.argv[1]))
