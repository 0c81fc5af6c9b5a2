"""Writing the index: units go into Whoosh, and the index follows the corpus as files come,
change and go (the folder's layout is in `searchkit.manifest`).

A full build writes a new generation beside the live one and swaps the `current` link only
when the build is complete, so a build killed at any moment leaves the previous index answering.
An incremental update is one Whoosh commit in the live generation; the manifest (what was
indexed from which file) is written after the commit, and since every file is indexed by first
deleting its units, replaying a file whose manifest entry was lost is harmless.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import IndexBusy
from ..manifest import (
    CURRENT,
    GENERATION_PREFIX,
    LOCK,
    Plan,
    Progress,
    Report,
    Silent,
    live_generation,
    load_manifest,
    mark_index_folder,
    plan,
    write_manifest,
)
from .semantic import encoder, has_vectors, refresh_vectors, vectors_path
from .semantic import load as load_vectors
from .version import NAME, version

if TYPE_CHECKING:
    from whoosh.index import Index

    from ..corpus import FileUnits
    from ..layouts import Layout
    from ..units import Unit
    from .dedup import Copies


def open_generation(generation: Path) -> Index:
    """A generation, opened with searchkit's schema rather than the copy Whoosh pickled into
    it (the manifest's SCHEMA_VERSION says they agree): unpickling it compiled every
    analyser's regular expressions again, 10 ms of a cold search."""
    from whoosh.index import open_dir

    from .schema import make_schema

    return open_dir(str(generation), schema=make_schema())


# -- updating ------------------------------------------------------------------------------------


def update(
    corpus: Path,
    index: Path,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    wait: float = 3.0,
    semantic: bool = False,
) -> Report:
    """Bring the index up to date with the corpus; raises IndexBusy if another update runs.

    An index with vectors (or asked for them, `semantic`) has its vectors brought up to date
    too (see `semantic.py`); SemanticUnavailable when the extra is missing."""
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus}")
    from ..layouts import layouts_problem

    # a bad searchkit.toml is one line, and the corpus is read with the built-in layouts
    bad_layouts = layouts_problem(corpus)
    started = time.perf_counter()
    mark_index_folder(index)
    with _update_lock(index, wait):
        _remove_dead_generations(index)
        todo = plan(corpus, index, rebuild=rebuild, engine=NAME, engine_version=version())
        report = Report(todo.rebuild, todo.damaged, todo.added, todo.changed, todo.removed)
        before = live_generation(index)
        vectors_problem = None
        keeps_vectors = semantic or (index / VECTORS_MARKER).exists()
        if semantic and not (index / VECTORS_MARKER).exists():
            encoder()  # the extra missing is one line, before any work
            (index / VECTORS_MARKER).write_text("this index keeps vectors: index --semantic\n")
        if todo.rebuild:
            _rebuild(index, todo, report, progress or Silent())
        elif todo.to_read or todo.removed:
            _apply(index, todo, report, progress or Silent())
        elif todo.touched:
            todo.manifest.files.update(todo.touched)
            _rewrite_manifest(index, todo)
        if keeps_vectors and (todo.needed or not has_vectors(_live(index))):
            # the generation before is still on disk (removed by the next update): its
            # vectors are what this one's start from; an embedding cut short is redone
            previous = load_vectors(before) if before and has_vectors(before) else None
            try:
                _embed(_live(index), previous, progress or Silent())
            except OSError as error:  # the disk full: the index is written, its vectors not
                vectors_problem = _keep_previous_vectors(before, _live(index), error)
        # only now: a rebuild's vectors start from the generation before's
        _remove_dead_generations(index)
    if not todo.rebuild:
        report.problems = todo.manifest.problems
    if vectors_problem:
        report.problems = [*report.problems, vectors_problem]
    if bad_layouts:
        report.problems = [bad_layouts, *report.problems]
    final = load_manifest(index)
    report.doubts = final.doubts if final else 0
    report.seconds = time.perf_counter() - started
    return report


#: A file in the index folder saying that it keeps vectors (`index --semantic` made it):
#: every update, a rebuild too, then keeps them current.
VECTORS_MARKER = "semantic"


def _keep_previous_vectors(before: Path | None, generation: Path, error: OSError) -> str:
    """The vectors before: the live generation's own when it was updated in place, else the
    generation before's, linked (a link needs no room) into the new one. Searches by meaning
    still answer; new units are found by their words until an update with a change embeds
    them. Its problem line."""
    reason = error.strerror or str(error)
    kept = f"semantic vectors not written ({reason}): the previous ones are kept and used"
    if has_vectors(generation):  # an update in place: the file was never replaced
        return kept
    if before is None or not has_vectors(before):
        return f"semantic vectors not written ({reason}): searches use words only"
    try:
        vectors_path(generation).parent.mkdir(exist_ok=True)
        os.link(vectors_path(before), vectors_path(generation))
    except OSError:
        return f"semantic vectors not written ({reason}): searches use words only"
    return kept


def _embed(generation: Path, previous, progress: Progress) -> None:
    """Vectors for the generation's units (those a search can find), embedding only the
    units `previous` lacks."""
    import json

    from .schema import HIDDEN, stored_record

    with open_generation(generation).searcher() as searcher:
        reader = searcher.reader()
        hidden = set(searcher.docs_for_query(HIDDEN))
        envelope = reader.column_reader("envelope")
        docnums = [docnum for docnum in reader.all_doc_ids() if docnum not in hidden]
        units = (
            (
                json.loads(envelope[docnum])["id"],
                lambda docnum=docnum: stored_record(searcher.stored_fields(docnum))["text"],
            )
            for docnum in docnums
        )
        progress.start(len(docnums))
        refresh_vectors(generation, units, previous, lambda: progress.advance(""))


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


def _add_quotes(writer, quotes: Iterable[Unit], copies: Copies, skip: Mapping[str, str]) -> int:
    """Quoted messages go in last, when every email they might copy is known; returns how
    many were added (none from the files in `skip`). A quote whose words stand in its thread
    already goes in as an echo: never found, but found again by the update that removes
    the original."""
    from .shards import add_unit

    added = 0
    for unit in quotes:
        if unit.source in skip:
            continue
        copy = copies.quote_is_copy(unit)
        if copy or copies.keep_quote(unit):
            add_unit(writer, unit, copy=copy)
            added += 1
        else:
            add_unit(writer, unit, echo=True)
    return added


def _mark_copies(writer, searcher, unit_ids: Iterable[str], copies: Copies) -> None:
    """Index these units again, as copies: shards find copies among their own files only."""
    from .schema import stored_unit
    from .shards import add_unit

    for unit_id in unit_ids:
        unit = stored_unit(searcher.document(id=unit_id))
        writer.delete_by_term("id", unit_id)
        add_unit(writer, unit, copy=True)
        copies.copy_ids.add(unit_id)


def _rebuild(index: Path, todo: Plan, report: Report, progress: Progress) -> None:
    """Build a new generation beside the live one; swap it in only when complete.

    Emails are committed first so that quotes can be checked against all of them; those
    commits are invisible to searches, which see only the swapped-in generation.
    """
    from whoosh.index import create_in
    from whoosh.query import Term

    from . import shards
    from .dedup import Copies
    from .schema import make_schema

    stamp = time.strftime("%Y%m%dT%H%M%S")
    generation = Path(tempfile.mkdtemp(prefix=f"{GENERATION_PREFIX}{stamp}-", dir=index))
    scratch = generation / ".build"
    try:
        ix = create_in(str(generation), make_schema())
        scratch.mkdir()
        listing = shards.list_corpus(todo.corpus, scratch)
        progress.start(listing.files)
        compound = shards.compound_segments(listing.bytes)
        workers = shards.build_workers()
        built = shards.build(ix, listing, todo.corpus, workers, progress.advance, compound)

        def add_quotes(skip: Mapping[str, str]) -> tuple[int, Copies, Mapping[str, str]]:
            with ix.searcher() as searcher, _writing(ix, compound) as writer:
                copies = Copies(searcher)
                # a quote inside a copy is a copy too: the copies each shard found among its
                # own files, then those found across shards (an update knows both at once)
                found = searcher.search(Term("copy", "1"), limit=None)
                copies.copy_ids.update(hit["id"] for hit in found)
                _mark_copies(writer, searcher, built.later_copies(), copies)
                return _add_quotes(writer, built.quotes(), copies, skip), copies, skip

        quotes, copies, skipped = shards.without_unindexable(add_quotes)
        report.units_added += built.units_added + quotes
        report.quotes_left_out = copies.quotes_left_out
        ix.close()
        write_manifest(generation, todo.manifest, built.manifest_entries())
        report.added = list(listing.sources())
        report.problems = built.problems + [f"{source}: {why}" for source, why in skipped.items()]
        shutil.rmtree(scratch)
        _swap(index, generation)
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)
        raise


def _apply(index: Path, todo: Plan, report: Report, progress: Progress) -> None:
    """One Whoosh commit: the units of changed and removed files out, the new ones in."""
    from whoosh.query import And, Term

    from ..corpus import listing_order
    from ..layouts import corpus_layouts
    from . import shards
    from .dedup import Copies
    from .schema import indexable

    ix = open_generation(_live(index))
    read: dict[str, FileUnits] = {}  # the changed files read while planning, kept for the commit
    with ix.searcher() as searcher:
        related = _related(searcher, todo, read)
    report.related = related
    replaced = todo.changed + todo.removed + related
    to_read = sorted(todo.to_read + related, key=listing_order)
    compound = shards.compound_segments(sum(state.size for state in todo.manifest.files.values()))
    progress.start(len(to_read))

    def commit(skip: Mapping[str, str]) -> tuple[int, int, shards.Batch, Copies]:
        removed = 0
        with ix.searcher() as searcher, _writing(ix, compound) as writer:
            copies = Copies(searcher, replaced, track_added=True)
            for source in replaced:
                term = Term("source", indexable(source))
                echoes = len(searcher.search(And([term, Term("echo", "1")]), limit=None))
                removed += writer.delete_by_term("source", indexable(source)) - echoes
            layouts = corpus_layouts(todo.corpus)
            reads = (
                (
                    source,
                    todo.corpus / source,
                    partial(_read_once, read, todo.corpus / source, source, layouts),
                )
                for source in to_read
            )
            batch = shards.index_files(writer, reads, copies, progress.advance, skip=skip)
            quotes = _add_quotes(writer, batch.quotes, copies, skip)
        return removed, quotes, batch, copies

    removed, quotes, batch, copies = shards.without_unindexable(commit)
    report.units_removed += removed
    report.units_added += batch.units_added + quotes
    report.quotes_left_out = copies.quotes_left_out
    for source in replaced:
        todo.manifest.files.pop(source, None)
    todo.manifest.files.update(batch.files)
    todo.manifest.files.update(todo.touched)
    ix.close()
    _rewrite_manifest(index, todo)


def _read_once(
    read: dict[str, FileUnits], path: Path, source: str, layouts: Sequence[Layout]
) -> FileUnits:
    """The file as planning read it, else read now (a large file's units stream: read twice)."""
    from ..corpus import read_units

    return read.pop(source, None) or read_units(path, source, layouts)


#: The most source bytes whose units an update keeps between planning and its commit.
_KEPT_READING_BYTES = 64 * 2**20


def _related(searcher, todo: Plan, read: dict[str, FileUnits]) -> list[str]:
    """Indexed files that this update must index again, unchanged though they are, for the
    index to be what a rebuild would make: those holding a copy of a message (same
    Message-ID) that a changed, added or removed file holds (which copy is the first may
    change), those holding a quote in a thread or topic such a file writes in (whether
    the quote stands in the corpus already may change), and those whose reading looked at
    such a file (see Reading.consulted); and so on, from the files found. The changed
    files read on the way are kept in `read` (up to a bound), for the commit to index."""
    from whoosh.query import And, Term

    from ..corpus import listing_order, read_units
    from ..layouts import corpus_layouts
    from .schema import indexable, stored_unit

    def indexed_units(source: str) -> list[Unit]:
        found = searcher.search(Term("source", indexable(source)), limit=None)
        return [stored_unit(hit) for hit in found]

    changing = set(todo.to_read) | set(todo.removed)
    keys: set[tuple[str, str]] = set()
    for source in todo.changed + todo.removed:
        keys |= _standing_keys(indexed_units(source))
    layouts = corpus_layouts(todo.corpus)
    kept = 0
    for source in todo.to_read:
        file_units = read_units(todo.corpus / source, source, layouts)
        if isinstance(file_units.units, tuple) and kept + file_units.size <= _KEPT_READING_BYTES:
            read[source] = file_units
            kept += file_units.size
        keys |= _standing_keys(file_units.units)
    related = _consulting(todo) - changing
    for source in related:
        keys |= _standing_keys(indexed_units(source))
    looked: set[tuple[str, str]] = set()
    while keys:
        key = keys.pop()
        looked.add(key)
        field, value = key
        term = Term(field, indexable(value))
        q = term if field == "message_id" else And([term, Term("quoted", "1")])
        for source in {stored_unit(hit).source for hit in searcher.search(q, limit=None)}:
            if source not in changing and source not in related:
                related.add(source)
                keys |= _standing_keys(indexed_units(source)) - looked
    return sorted(related, key=listing_order)


def _consulting(todo: Plan) -> set[str]:
    """Indexed files whose reading looked at a file that changed, came or went (a list
    archive's page, whose thread its month's thread.html or its parent's page gives)."""
    touched = set(todo.to_read) | set(todo.removed)
    return {
        source
        for source, state in todo.manifest.files.items()
        if not touched.isdisjoint(state.consulted)
    }


def _standing_keys(units: Iterable[Unit]) -> set[tuple[str, str]]:
    """What the standing of other units depends on: Message-IDs, and the threads and topics
    in which quotes are looked up."""
    from ..units import EMAIL, subject_thread

    keys = set()
    for unit in units:
        if unit.message_id:
            keys.add(("message_id", unit.message_id))
        if unit.kind == EMAIL:
            keys.add(("thread", unit.thread))
            topic = subject_thread(unit.subject)
            if topic:
                keys.add(("topic", topic))
    return keys


@contextmanager
def _writing(ix, compound: bool):
    """A Whoosh writer that commits on success and leaves the index as it was on failure:
    what the writer had written (a full disk stops it halfway) is removed, as long as its
    commit did not go through."""
    from .shards import writer_limit_mb

    folder = Path(ix.storage.folder)
    before = set(os.listdir(folder))
    committed = ix.latest_generation()
    writer = ix.writer(limitmb=writer_limit_mb(compound), compound=compound)
    try:
        try:
            yield writer
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=_merge_small_segments)
    except BaseException:
        if ix.latest_generation() == committed:
            for name in set(os.listdir(folder)) - before:
                _remove(folder / name)
        raise


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


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


def _rewrite_manifest(index: Path, todo: Plan) -> None:
    write_manifest(_live(index), todo.manifest, todo.manifest.entries())


def _live(index: Path) -> Path:
    generation = live_generation(index)
    if generation is None:
        raise FileNotFoundError(f"no index in {index}")
    return generation


def _swap(index: Path, generation: Path) -> None:
    """Point `current` at the new generation in one atomic rename."""
    temporary = index / f".{CURRENT}.{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(generation.name)
    os.replace(temporary, index / CURRENT)


def _remove_dead_generations(index: Path) -> None:
    """Every generation but the live one: replaced ones, and those of builds that were killed
    (only the updater holding the lock calls this, so none is being built)."""
    live = live_generation(index)
    for entry in index.iterdir():
        # by name: `current` resolves to an absolute path, the listing is relative to `index`
        if entry.name.startswith(GENERATION_PREFIX) and (live is None or entry.name != live.name):
            shutil.rmtree(entry, ignore_errors=True)
