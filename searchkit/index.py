"""Index: units go into Whoosh, and the index follows the corpus as files come, change and go.

Layout of the index folder::

    index/
      current -> gen-20261123T160102-k3x9   (symlink: the generation queries open)
      gen-20261123T160102-k3x9/             (a Whoosh index and manifest.json)
      .lock                                 (held by the one process updating)

A full build writes a new generation beside the live one and swaps the `current` link only
when the build is complete, so a build killed at any moment leaves the previous index answering.
An incremental update is one Whoosh commit in the live generation; the manifest (what was
indexed from which file) is written after the commit, and since every file is indexed by first
deleting its units, replaying a file whose manifest entry was lost is harmless.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

from .corpus import corpus_entries, file_digest
from .errors import IndexBusy

# Whoosh and the readers load only when an update has work: `searchkit index` with nothing
# changed and a search's freshness check stay as fast as Python starts.

if TYPE_CHECKING:
    from whoosh.index import Index

    from .dedup import Copies
    from .units import Unit

#: Bump when the schema or the way units are indexed changes: older indexes are then rebuilt.
SCHEMA_VERSION = 12

CURRENT = "current"
MANIFEST = "manifest.json"
LOCK = ".lock"
_GENERATION_PREFIX = "gen-"


class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def advance(self, source: str) -> None: ...


class _Silent:
    def start(self, total: int) -> None:
        pass

    def advance(self, source: str) -> None:
        pass


class FileState(NamedTuple):
    """What the manifest keeps of an indexed file (a named tuple: 100,000 of them are read
    by every freshness check, three times faster than frozen dataclasses)."""

    size: int
    mtime_ns: int
    digest: str
    units: int
    problems: tuple[str, ...] = ()


@dataclass
class Manifest:
    schema_version: int
    files: dict[str, FileState] = field(default_factory=dict)

    def json_pieces(self) -> Iterator[str]:
        entries = (manifest_entry(*item) for item in sorted(self.files.items()))
        return manifest_json(self.schema_version, entries)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        files = {
            source: FileState(size, mtime, digest, units, tuple(problems) if problems else ())
            for source, (size, mtime, digest, units, problems) in data["files"].items()
        }
        return cls(data["schema_version"], files)

    @property
    def problems(self) -> list[str]:
        return [problem for state in self.files.values() for problem in state.problems]


def manifest_entry(source: str, state: FileState) -> str:
    """One file's entry in manifest.json: `"source": [size, mtime_ns, digest, units, problems]`."""
    value = [state.size, state.mtime_ns, state.digest, state.units, list(state.problems)]
    return f"{json.dumps(source)}: {json.dumps(value)}"


def manifest_json(schema_version: int, entries: Iterable[str]) -> Iterator[str]:
    """manifest.json in pieces, so that a build can write it from entries streamed off disk."""
    yield f'{{"schema_version": {schema_version}, "files": {{'
    for number, entry in enumerate(entries):
        yield f", {entry}" if number else entry
    yield "}}"


@dataclass
class Report:
    """What an update did, for people (`summary`) and scripts (the fields)."""

    rebuilt: bool = False
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    units_added: int = 0
    units_removed: int = 0
    quotes_left_out: int = 0  # quoted messages the corpus already holds as emails
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed_anything(self) -> bool:
        return bool(self.rebuilt or self.added or self.changed or self.removed)

    def summary(self) -> str:
        if not self.changed_anything:
            return "index is up to date"
        head = "rebuilt: " if self.rebuilt else ""
        return (
            f"{head}+{len(self.added)} files, ~{len(self.changed)} changed,"
            f" -{len(self.removed)} removed: {self.units_added} units added,"
            f" {self.units_removed} removed"
            f" ({self.seconds:.2f} s)"
        )


# -- opening -------------------------------------------------------------------------------------


def live_generation(index: Path) -> Path | None:
    link = index / CURRENT
    target = link.resolve() if link.is_symlink() else None
    return target if target and (target / MANIFEST).exists() else None


def open_index(index: Path) -> Index | None:
    """The live Whoosh index, or None when there is none yet."""
    generation = live_generation(index)
    return None if generation is None else open_generation(generation)


def open_generation(generation: Path) -> Index:
    """A generation, opened with searchkit's schema rather than the copy Whoosh pickled into
    it (the manifest's SCHEMA_VERSION says they agree): unpickling it compiled every
    analyser's regular expressions again, 10 ms of a cold search."""
    from whoosh.index import open_dir

    from .schema import make_schema

    return open_dir(str(generation), schema=make_schema())


def load_manifest(index: Path) -> Manifest | None:
    generation = live_generation(index)
    if generation is None:
        return None
    try:
        return Manifest.from_json((generation / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


# -- what changed --------------------------------------------------------------------------------


@dataclass
class Plan:
    corpus: Path
    rebuild: bool
    manifest: Manifest
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    touched: dict[str, FileState] = field(default_factory=dict)  # same bytes, new mtime

    @property
    def to_read(self) -> list[str]:
        return self.added + self.changed

    @property
    def needed(self) -> bool:
        return bool(self.rebuild or self.to_read or self.removed or self.touched)


def plan(corpus: Path, index: Path, *, rebuild: bool = False) -> Plan:
    """Compare the corpus with the manifest: size and mtime first, a content hash to confirm.

    A rebuild reads every file, which the build lists itself: the plan says only that.
    """
    manifest = load_manifest(index)
    if rebuild or manifest is None or manifest.schema_version != SCHEMA_VERSION:
        return Plan(corpus, True, Manifest(SCHEMA_VERSION))
    result = Plan(corpus, rebuild, manifest)
    seen = set()
    for entry, source in corpus_entries(corpus):
        seen.add(source)
        known = manifest.files.get(source)
        if known is None:
            result.added.append(source)
            continue
        try:
            stat = entry.stat()
        except OSError:
            result.changed.append(source)
            continue
        if (stat.st_size, stat.st_mtime_ns) == (known.size, known.mtime_ns):
            continue
        digest = _digest(Path(entry.path))
        if digest == known.digest:
            result.touched[source] = FileState(
                stat.st_size, stat.st_mtime_ns, digest, known.units, known.problems
            )
        else:
            result.changed.append(source)
    result.removed = sorted(manifest.files.keys() - seen)
    return result


def is_stale(corpus: Path, index: Path) -> bool:
    return plan(corpus, index).needed


def _digest(path: Path) -> str:
    try:
        return file_digest(path.read_bytes())
    except OSError:
        return ""


# -- updating ------------------------------------------------------------------------------------


def update(
    corpus: Path,
    index: Path,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    wait: float = 3.0,
) -> Report:
    """Bring the index up to date with the corpus; raises IndexBusy if another update runs."""
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus}")
    started = time.perf_counter()
    index.mkdir(parents=True, exist_ok=True)
    with _update_lock(index, wait):
        todo = plan(corpus, index, rebuild=rebuild)
        report = Report(todo.rebuild, todo.added, todo.changed, todo.removed)
        if todo.rebuild:
            _rebuild(index, todo, report, progress or _Silent())
        elif todo.to_read or todo.removed:
            _apply(index, todo, report, progress or _Silent())
        elif todo.touched:
            todo.manifest.files.update(todo.touched)
            _write_manifest(live_generation(index), todo.manifest.json_pieces())
    if not todo.rebuild:
        report.problems = todo.manifest.problems
    report.seconds = time.perf_counter() - started
    return report


class _update_lock:
    """Whoosh's file lock on index/.lock: one updater at a time, searches never wait on it."""

    def __init__(self, index: Path, wait: float) -> None:
        from whoosh.util.filelock import FileLock

        self.lock = FileLock(str(index / LOCK))
        self.wait = wait

    def __enter__(self) -> None:
        deadline = time.monotonic() + self.wait
        while not self.lock.acquire(blocking=False):
            if time.monotonic() >= deadline:
                raise IndexBusy("another searchkit process is updating this index; try again soon")
            time.sleep(0.05)

    def __exit__(self, *exc: object) -> None:
        self.lock.release()


def _add_quotes(writer, quotes: Iterable[Unit], report: Report, copies: Copies) -> None:
    """Quoted messages go in last, when every email they might copy is known."""
    from .schema import document

    for unit in quotes:
        copy = copies.quote_is_copy(unit)
        if copy or copies.keep_quote(unit):
            writer.add_document(**document(unit, copy=copy))
            report.units_added += 1
    report.quotes_left_out = copies.quotes_left_out


def _mark_copies(writer, searcher, unit_ids: Iterable[str], copies: Copies) -> None:
    """Index these units again, as copies: shards find copies among their own files only."""
    from .schema import document
    from .units import Unit

    for unit_id in unit_ids:
        stored = searcher.document(id=unit_id)
        writer.delete_by_term("id", unit_id)
        writer.add_document(**document(Unit.from_dict(json.loads(stored["record"])), copy=True))
        copies.copy_ids.add(unit_id)


def _rebuild(index: Path, todo: Plan, report: Report, progress: Progress) -> None:
    """Build a new generation beside the live one; swap it in only when complete.

    Emails are committed first so that quotes can be checked against all of them; those
    commits are invisible to searches, which see only the swapped-in generation.
    """
    from whoosh.index import create_in

    from . import shards
    from .dedup import Copies
    from .schema import make_schema

    stamp = time.strftime("%Y%m%dT%H%M%S")
    generation = Path(tempfile.mkdtemp(prefix=f"{_GENERATION_PREFIX}{stamp}-", dir=index))
    scratch = generation / ".build"
    try:
        ix = create_in(str(generation), make_schema())
        scratch.mkdir()
        listing = shards.list_corpus(todo.corpus, scratch)
        progress.start(listing.files)
        compound = shards.compound_segments(listing.bytes)
        workers = min(2, os.cpu_count() or 1)
        built = shards.build(ix, listing, todo.corpus, workers, progress.advance, compound)
        report.units_added += built.units_added
        copies = Copies()
        with ix.searcher() as searcher, _writing(ix, compound) as writer:
            copies.searcher = searcher
            _mark_copies(writer, searcher, built.later_copies(), copies)
            _add_quotes(writer, built.quotes(), report, copies)
        ix.close()
        _write_manifest(generation, manifest_json(SCHEMA_VERSION, built.manifest_entries()))
        report.added = list(listing.sources())
        report.problems = built.problems
        shutil.rmtree(scratch)
        _swap(index, generation)
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)
        raise
    _remove_old_generations(index, keep=generation)


def _apply(index: Path, todo: Plan, report: Report, progress: Progress) -> None:
    """One Whoosh commit: the units of changed and removed files out, the new ones in."""
    from . import shards
    from .corpus import read_units
    from .dedup import Copies

    ix = open_index(index)
    assert ix is not None
    replaced = todo.changed + todo.removed
    compound = shards.compound_segments(sum(state.size for state in todo.manifest.files.values()))
    with ix.searcher() as searcher, _writing(ix, compound) as writer:
        copies = Copies(searcher, replaced, track_added=True)
        for source in replaced:
            report.units_removed += writer.delete_by_term("source", source)
            todo.manifest.files.pop(source, None)
        progress.start(len(todo.to_read))
        reads = (read_units(todo.corpus / source, source) for source in todo.to_read)
        batch = shards.index_files(writer, reads, copies, progress.advance)
        report.units_added += batch.units_added
        todo.manifest.files.update(batch.files)
        _add_quotes(writer, batch.quotes, report, copies)
    todo.manifest.files.update(todo.touched)
    _write_manifest(live_generation(index), todo.manifest.json_pieces())
    ix.close()


@contextmanager
def _writing(ix, compound: bool):
    """A Whoosh writer that commits on success and leaves the index untouched on failure."""
    from .shards import writer_limit_mb

    writer = ix.writer(limitmb=writer_limit_mb(compound), compound=compound)
    try:
        yield writer
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=_merge_small_segments)


#: Segments under this many documents are folded into each commit's new segment.
_SMALL_SEGMENT = 200


def _merge_small_segments(writer, segments):
    """Whoosh's merge policy for commits, made to keep the segment count low.

    Each incremental update writes a segment, and Whoosh's own MERGE_SMALL lets segments
    whose documents were all deleted pile up: every search pays for each one. Here empty
    segments go, and small ones are merged into the commit's new segment.
    """
    from whoosh.reading import SegmentReader

    kept = []
    for segment in segments:
        if segment.doc_count() == 0:
            continue
        if segment.doc_count_all() < _SMALL_SEGMENT:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
        else:
            kept.append(segment)
    return kept


def _write_manifest(generation: Path | None, pieces: Iterable[str]) -> None:
    assert generation is not None
    temporary = generation / f".{MANIFEST}.{os.getpid()}"
    with temporary.open("w", encoding="utf-8") as file:
        file.writelines(pieces)
    os.replace(temporary, generation / MANIFEST)


def _swap(index: Path, generation: Path) -> None:
    """Point `current` at the new generation in one atomic rename."""
    temporary = index / f".{CURRENT}.{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(generation.name)
    os.replace(temporary, index / CURRENT)


def _remove_old_generations(index: Path, keep: Path) -> None:
    for entry in index.iterdir():
        if entry.name.startswith(_GENERATION_PREFIX) and entry != keep:
            shutil.rmtree(entry, ignore_errors=True)
