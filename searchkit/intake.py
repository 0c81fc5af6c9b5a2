"""Intake: the files an update reads, each under a time budget, their units handed to an
engine's writer, copies and quotes decided as they come (`copies.py`).

One odd file never stops an index: a file whose reading runs past its time is cut off at
what was read, and a file whose units the engine cannot take is indexed again without it;
each says so in one line of the report.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .audit import Doubts
from .copies import Copies, signed
from .corpus import FileUnits, entry_digest
from .manifest import FileState, Progress, Report
from .places import place_number
from .units import Unit

if TYPE_CHECKING:
    from .engines import Reader
    from .readers import Problem

T = TypeVar("T")
#: A unit and its place in the corpus (`places.place_number`): what waits to be added.
Quote = tuple[Unit, int]


@dataclass
class Batch:
    """What indexing some files did: per-file state, and what waits for every file."""

    files: dict[str, FileState] = field(default_factory=dict)
    quotes: list[Quote] = field(default_factory=list)
    units_added: int = 0
    # (Message-ID and who sent it when, source, line, unit id) of each first copy: copies
    # across shards show here
    firsts: list[tuple[str, str, int, str]] = field(default_factory=list)


class Unindexable(Exception):
    """The engine failed to add a unit of this file. Its writer cannot go on (Whoosh's
    keeps the half-added document's postings in its pool), so the work is done again
    without the file (`without_unindexable`)."""

    def __init__(self, source: str, error: Exception) -> None:
        super().__init__(f"{source}: {type(error).__name__}: {error}")
        self.source = source
        self.reason = f"could not be indexed ({type(error).__name__}: {error}): skipped"


def without_unindexable(attempt: Callable[[dict[str, str]], T]) -> T:
    """`attempt(skip)`, done again without each file the engine could not index (`skip` maps
    such a file to the reason), until it succeeds: one odd file never stops an index."""
    skip: dict[str, str] = {}
    while True:
        try:
            return attempt(skip)
        except Unindexable as failure:
            if failure.source in skip:
                raise  # it failed again without the file: a bug, not the file
            skip[failure.source] = failure.reason


#: The environment variable that sets how many seconds one file may take to be read and
#: split (default FILE_SECONDS; 0 or less: no limit).
FILE_SECONDS_VARIABLE = "SEARCHKIT_FILE_SECONDS"
FILE_SECONDS = 60.0


def file_seconds() -> float:
    try:
        return float(os.environ.get(FILE_SECONDS_VARIABLE, FILE_SECONDS))
    except ValueError:
        return FILE_SECONDS


class OverBudget(BaseException):
    """A file's reading ran past its time. A BaseException, so that no reader's `except
    Exception` (which keeps one bad file from stopping the others) swallows it."""


class _Budget:
    """Time for one file's reading and splitting, spent only inside `pull`: never while a
    unit is added to the index, which an interruption would leave half written.

    In the main thread (a worker process, the command line) SIGALRM cuts a reader off even
    inside one long regular-expression search (Python's `re` checks for signals); elsewhere
    (a server's thread) the deadline is checked between units."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = float("inf")
        self.inside = False
        self.expired = False
        self.signals = (
            seconds > 0
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )

    @contextmanager
    def running(self) -> Iterator[_Budget]:
        previous = signal.signal(signal.SIGALRM, self._alarm) if self.signals else None
        try:
            yield self
        finally:
            if self.signals:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)

    def start(self) -> None:
        self.expired = False
        if self.seconds > 0:
            self.deadline = time.monotonic() + self.seconds
            if self.signals:
                signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def stop(self) -> None:
        if self.signals:
            signal.setitimer(signal.ITIMER_REAL, 0)
        self.deadline = float("inf")

    def pull(self, make: Callable[[], T]) -> T:
        if self.expired or time.monotonic() > self.deadline:
            raise OverBudget
        self.inside = True
        try:
            return make()
        finally:
            self.inside = False

    def _alarm(self, signum: int, frame: Any) -> None:
        self.expired = True
        if self.inside:
            raise OverBudget


#: A file to read: its name in the corpus, where it is, and how to read and split it
#: (called under the time budget).
FileRead = tuple[str, Path, Callable[[], FileUnits]]
#: How an engine's writer takes a unit at its place (`places.place_number`):
#: `add(unit, place, copy=…, echo=…)`, raising Unindexable when it cannot (see `Copies` for
#: what a copy and an echo are).
AddUnit = Callable[..., None]
_DONE = object()


def index_files(
    add: AddUnit,
    files: Iterable[FileRead],
    positions: Mapping[str, int],
    copies: Copies,
    on_file: Callable[[str], None],
    keep_quote: Callable[[Quote], None] | None = None,
    skip: Mapping[str, str] | None = None,
) -> Batch:
    """Add every unit but the quoted ones, which wait (in `Batch.quotes` or `keep_quote`),
    each file's at its position in the listing (`positions`); the files in `skip` are
    recorded with their reason and no unit. A file that takes more than file_seconds() to
    read is cut off at what was read, and a problem says so."""
    batch = Batch()
    keep_quote = keep_quote or batch.quotes.append
    budget = _Budget(file_seconds())
    with budget.running():
        for source, path, read in files:
            reason = (skip or {}).get(source)
            budget.start()
            count, doubts = 0, Doubts()
            nothing = partial(FileUnits, source, (), ())
            reading = _FileReading(budget, source, path, nothing if reason else read)
            for unit in reading.units():
                count += 1
                place = place_number(positions[source], unit.line_start)
                _add(add, (unit, place), doubts, copies, keep_quote, batch)
            budget.stop()
            file_units = reading.file_units()
            said = tuple(str(problem) for problem in reading.problems(count))  # known once read
            batch.files[source] = FileState(
                file_units.size,
                file_units.mtime_ns,
                file_units.digest,
                count,
                (f"{source}: {reason}",) if reason else said,
                file_units.consulted,
                doubts.count,
                positions[source],
            )
            on_file(source)
    return batch


#: A corpus with at least this many files is built by worker processes, one per core (the
#: Whoosh engine's shards, tantivy's reading ahead); a smaller one in the calling process.
PARALLEL_FILES = 64
#: What one build worker may take at most (a Whoosh worker's posting pool and its shard's
#: tables; a reading worker's file, far less), with room.
WORKER_BYTES = 256 * 2**20


def build_workers() -> int:
    """How many worker processes a build runs: one per core this process may use, as many
    as the memory free now holds (the README's memory bound is per worker)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, _available_bytes() // WORKER_BYTES))


def _available_bytes() -> int:
    """The memory the system can give without swapping (Linux's MemAvailable); where it
    cannot tell, enough for a worker per core."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return (os.cpu_count() or 1) * WORKER_BYTES


def read_whole(file: FileRead) -> FileUnits:
    """A file read and split to its last unit under the time budget, as `index_files`
    reads it, the units held: a read-ahead worker's work."""
    budget = _Budget(file_seconds())
    with budget.running():
        budget.start()
        reading = _FileReading(budget, *file)
        try:
            units = tuple(reading.units())
        finally:
            budget.stop()
    problems = reading.problems(len(units))
    return dataclasses.replace(reading.file_units(), units=units, problems=problems)


class _FileReading:
    """A file read and split under the budget (started by the caller): its units as they
    come, until they end or the time does; then what the file gave, and said."""

    def __init__(
        self, budget: _Budget, source: str, path: Path, read: Callable[[], FileUnits]
    ) -> None:
        self.budget, self.source, self.path, self.read = budget, source, path, read
        self.made: FileUnits | None = None
        self.cut = False

    def units(self) -> Iterator[Unit]:
        try:
            self.made = self.budget.pull(self.read)
            pulled = iter(self.made.units)
            while (unit := self.budget.pull(partial(next, pulled, _DONE))) is not _DONE:
                assert isinstance(unit, Unit)
                yield unit
        except OverBudget:
            self.cut = True

    def file_units(self) -> FileUnits:
        return self.made or unread(self.source, self.path)

    def problems(self, count: int) -> tuple[Problem, ...]:
        """What the file said (known once its units are read), and its cutting off."""
        from .readers import Problem

        said = tuple(self.made.problems) if self.made else ()
        if self.cut:
            said += (Problem(self.source, _over_budget(self.budget.seconds, count)),)
        return said


def unread(source: str, path: Path, problems: Sequence[Problem] = ()) -> FileUnits:
    """A file read without a unit (its reading ran out of time, or crashed); its size, time
    and digest kept, so that an update reads it again only when it changes."""
    try:
        info = os.lstat(path)
    except OSError:
        return FileUnits(source, (), problems)
    digest = entry_digest(path)
    return FileUnits(source, (), problems, info.st_size, info.st_mtime_ns, digest)


def _over_budget(seconds: float, count: int) -> str:
    kept = f"the {count} units read before kept" if count else "nothing read from it"
    return (
        f"took more than {seconds:g} s to read ({FILE_SECONDS_VARIABLE} sets the limit): "
        f"cut off, {kept}"
    )


def _add(
    add: AddUnit,
    placed: Quote,
    doubts: Doubts,
    copies: Copies,
    keep_quote: Callable[[Quote], None],
    batch: Batch,
) -> None:
    unit, place = placed
    doubts.take(unit)
    if unit.quoted_in:
        keep_quote(placed)
        return
    copy = copies.is_copy(unit)
    add(unit, place, copy=copy)
    copies.remember(unit)
    batch.units_added += 1
    if unit.message_id and not copy:
        key = f"{unit.message_id}\t{signed(unit)}"  # one ID, two messages: both firsts
        batch.firsts.append((key, unit.source, unit.line_start, unit.id))


def add_quotes(
    add: AddUnit, quotes: Iterable[Quote], copies: Copies, skip: Mapping[str, str]
) -> int:
    """Quoted messages go in last, when every email they might copy is known; returns how
    many were added (none from the files in `skip`). A quote whose words stand in its thread
    already goes in as an echo: never found, but found again by the update that removes
    the original."""
    added = 0
    for unit, place in quotes:
        if unit.source in skip:
            continue
        if copies.quote_is_copy(unit):
            add(unit, place, copy=True)
            added += 1
            continue
        kept, below = copies.keep_quote(unit)
        add(unit, place, echo=not kept)
        added += kept
        if below is not None:  # (the words its carrier's writer wrote below it)
            add(below, place)
            added += 1
    return added


#: An update's session with the index: the index as it was (a Reader, for copies), and its
#: writer's `add` and `delete(source)` (how many units, echoes aside, went); committed when
#: the session ends without an exception.
Session = Callable[[], AbstractContextManager[tuple["Reader", AddUnit, Callable[[str], int]]]]


def replace_files(
    session: Session,
    replaced: list[str],
    reads: Iterable[FileRead],
    positions: Mapping[str, int],
    report: Report,
    progress: Progress,
) -> dict[str, FileState]:
    """One commit: the units of the `replaced` files out, the files read in (quotes last)
    at their `positions`, done again without a file the engine cannot take; the manifest's
    state of each file read."""
    reads = list(reads)

    def commit(skip: Mapping[str, str]) -> tuple[int, int, Batch, Copies]:
        with session() as (reader, add, delete):
            removed = sum(delete(source) for source in replaced)
            copies = Copies(reader, replaced, track_added=True)
            batch = index_files(add, reads, positions, copies, progress.advance, skip=skip)
            quotes = add_quotes(add, batch.quotes, copies, skip)
        return removed, quotes, batch, copies

    removed, quotes, batch, copies = without_unindexable(commit)
    report.units_removed += removed
    report.units_added += batch.units_added + quotes
    report.quotes_left_out = copies.quotes_left_out
    return batch.files
