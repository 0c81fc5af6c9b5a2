"""Indexing: an index folder brought up to date with a corpus folder, by any engine.

What is searchkit's own lives here, the same for every engine: the plan (which files came,
changed and went, from the manifest in `manifest.py`), the lock (one updater at a time;
searches never wait on it), the files an update must index again though unchanged (copies
and quotes whose standing depends on a changed file), reading each changed file once, the
generations (a full build writes a new one beside the live one and swaps the `current` link
only when it is complete, so a build killed at any moment leaves the previous index
answering), the manifest written after the engine commits, and the vectors of search by
meaning. The engine (`searchkit.engines.Engine`) is handed the files to read and writes its
own files: `build()` a whole generation, `apply()` one commit to the live one.

Since every file is indexed by first deleting its units, replaying a file whose manifest
entry was lost is harmless.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .engines import engine_for
from .errors import IndexBusy
from .folders import subfolders_owner
from .manifest import (
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
from .places import positions_between

if TYPE_CHECKING:
    from .corpus import FileUnits
    from .engines import Engine, Reader
    from .intake import FileRead
    from .layouts import Layout
    from .units import Unit

#: A file in the index folder saying that it keeps vectors (`index --semantic` made it):
#: every update, a rebuild too, then keeps them current.
VECTORS_MARKER = "semantic"
#: The most source bytes whose units an update keeps between planning and its commit.
KEPT_READING_BYTES = 64 * 2**20



def update(
    corpus: Path,
    index: Path,
    *,
    engine: str | None = None,
    rebuild: bool = False,
    progress: Progress | None = None,
    wait: float = 3.0,
    semantic: bool = False,
) -> Report:
    """Bring the index up to date with the corpus, with `engine` (None: the one named by
    $SEARCHKIT_ENGINE, else the index's own, else the default); IndexBusy if another update
    runs.

    An index with vectors (or asked for them, `semantic`) has its vectors brought up to date
    too (see `semantic.py`); SemanticUnavailable when the extra is missing."""
    from .layouts import layouts_problem
    from .semantic import encoder, has_current_vectors, has_vectors
    from .semantic import load as load_vectors

    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus}")
    chosen = engine_for(index, engine)
    # a bad searchkit.toml is one line, and the corpus is read with the built-in layouts
    bad_layouts = layouts_problem(corpus)
    started = time.perf_counter()
    mark_index_folder(index)
    with UpdateLock(index, wait):
        _remove_dead_generations(index)
        todo = plan(
            corpus, index, rebuild=rebuild, engine=chosen.NAME, engine_version=chosen.version()
        )
        report = Report(todo.rebuild, todo.damaged, todo.added, todo.changed, todo.removed)
        before = live_generation(index)
        vectors_problem = None
        keeps_vectors = semantic or (index / VECTORS_MARKER).exists()
        if semantic and not (index / VECTORS_MARKER).exists():
            encoder()  # the extra missing is one line, before any work
            (index / VECTORS_MARKER).write_text("this index keeps vectors: index --semantic\n")
        if todo.rebuild:
            _rebuild(chosen, index, todo, report, progress or Silent())
        elif todo.to_read or todo.removed:
            _apply(chosen, index, todo, report, progress or Silent())
        elif todo.touched:
            todo.manifest.files.update(todo.touched)
            _rewrite_manifest(index, todo)
        if keeps_vectors and (todo.needed or not has_current_vectors(_live(index))):
            # the generation before is still on disk (removed by the next update): its
            # vectors are what this one's start from; an embedding cut short is redone
            previous = load_vectors(before) if before and has_vectors(before) else None
            try:
                _embed(chosen, _live(index), previous, progress or Silent())
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


class UpdateLock:
    """A lock on index/.lock: one updater at a time, searches never wait on it. An OS lock
    on an open file, so a killed updater's lock goes with it."""

    def __init__(self, index: Path, wait: float) -> None:
        self.path = index / LOCK
        self.wait = wait
        self.file: object = None

    def __enter__(self) -> None:
        deadline = time.monotonic() + self.wait
        file = open(self.path, "a+b")  # noqa: SIM115 - held until __exit__
        while not _try_lock(file):
            if time.monotonic() >= deadline:
                file.close()
                raise IndexBusy("another searchkit process is updating this index; try again soon")
            time.sleep(0.05)
        self.file = file

    def __exit__(self, *exc: object) -> None:
        file = self.file
        assert file is not None and hasattr(file, "close")
        _unlock(file)
        file.close()
        self.file = None


def _try_lock(file) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(file.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(file) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        msvcrt.locking(file.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        return
    fcntl.flock(file.fileno(), fcntl.LOCK_UN)


# -- a full build ------------------------------------------------------------------------------


def _rebuild(engine: Engine, index: Path, todo: Plan, report: Report, progress: Progress) -> None:
    """Build a new generation beside the live one; swap it in only when complete."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    generation = Path(tempfile.mkdtemp(prefix=f"{GENERATION_PREFIX}{stamp}-", dir=index))
    try:
        entries = engine.build(generation, todo.corpus, report, progress)
        _count_people(engine, generation)
        write_manifest(generation, todo.manifest, entries)
        _swap(index, generation)
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)
        raise


# -- an update ---------------------------------------------------------------------------------


def _positions(todo: Plan, sources: list[str]) -> dict[str, int]:
    """Where each file to read stands in the listing (`places`): where it stood, or, new to
    the index, between the files it falls between."""
    known = {source: state.position for source, state in todo.manifest.files.items()}
    placed = positions_between([source for source in sources if source not in known], known)
    return {source: placed[source] if source in placed else known[source] for source in sources}


def _apply(engine: Engine, index: Path, todo: Plan, report: Report, progress: Progress) -> None:
    """One commit of the engine: the units of changed and removed files out, the new ones
    in, with the files whose standing depends on them (`_related`)."""
    from .layouts import corpus_layouts
    from .places import listing_order

    generation = _live(index)
    read: dict[str, FileUnits] = {}  # the changed files read while planning, kept for the commit
    reader = engine.open_reader(generation)
    try:
        related = _related(reader, todo, read)
    finally:
        reader.close()
    report.related = related
    replaced = todo.changed + todo.removed + related
    to_read = sorted(todo.to_read + related, key=listing_order)
    layouts = corpus_layouts(todo.corpus)
    reads: Iterator[FileRead] = (
        (
            source,
            todo.corpus / source,
            partial(_read_once, read, todo.corpus / source, source, layouts),
        )
        for source in to_read
    )
    progress.start(len(to_read))
    corpus_bytes = sum(state.size for state in todo.manifest.files.values())
    files = engine.apply(
        generation, replaced, reads, _positions(todo, to_read), corpus_bytes, report, progress
    )
    _count_people(engine, generation)
    for source in replaced:
        todo.manifest.files.pop(source, None)
    todo.manifest.files.update(files)
    todo.manifest.files.update(todo.touched)
    _rewrite_manifest(index, todo)


def _count_people(engine: Engine, generation: Path) -> None:
    """The generation's sign-off aliases, address book and the names and addresses of its
    senders and recipients, counted once per update rather than per search."""
    from .people import (
        ADDRESS_BOOK,
        SHOWN,
        SIGN_OFFS,
        address_book,
        shown_rows,
        signature_aliases,
        write_people_file,
    )
    from .units import CONTACT

    reader = engine.open_reader(generation)
    try:
        write_people_file(generation, SIGN_OFFS, signature_aliases(reader.signed()))
        write_people_file(generation, ADDRESS_BOOK, address_book(reader.units("kind", CONTACT)))
        counted = reader.stats()
        shown = shown_rows(counted["senders"], counted["recipients"])
        write_people_file(generation, SHOWN, shown)
    finally:
        reader.close()


def _read_once(
    read: dict[str, FileUnits], path: Path, source: str, layouts: Sequence[Layout]
) -> FileUnits:
    """The file as planning read it, else read now (a large file's units stream: read twice)."""
    from .corpus import read_units

    return read.pop(source, None) or read_units(path, source, layouts)


def _related(reader: Reader, todo: Plan, read: dict[str, FileUnits]) -> list[str]:
    """Indexed files that this update must index again, unchanged though they are, for the
    index to be what a rebuild would make: those holding a copy of a message (same
    Message-ID) that a changed, added or removed file holds (which copy is the first may
    change), those holding a quote in a thread or topic such a file writes in (whether
    the quote stands in the corpus already may change), and those whose reading looked at
    such a file (see Reading.consulted); and so on, from the files found. The changed
    files read on the way are kept in `read` (up to a bound), for the commit to index."""
    from .corpus import read_units
    from .layouts import corpus_layouts
    from .places import listing_order

    def indexed_units(source: str) -> list[Unit]:
        return reader.units("source", source, echoes=True)

    changing = set(todo.to_read) | set(todo.removed)
    keys: set[tuple[str, str]] = set()
    for source in todo.changed + todo.removed:
        keys |= _standing_keys(indexed_units(source))
    layouts = corpus_layouts(todo.corpus)
    kept = 0
    for source in todo.to_read:
        file_units = read_units(todo.corpus / source, source, layouts)
        if isinstance(file_units.units, tuple) and kept + file_units.size <= KEPT_READING_BYTES:
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
        found = reader.units(field, value, echoes=True)
        every = field == "message_id"  # else a thread's or topic's quotes only
        for source in {unit.source for unit in found if every or unit.quoted_in}:
            if source not in changing and source not in related:
                related.add(source)
                keys |= _standing_keys(indexed_units(source)) - looked
    return sorted(related, key=listing_order)


def _consulting(todo: Plan) -> set[str]:
    """Indexed files whose reading looked at a file that changed, came or went (a list
    archive's page, whose thread its month's thread.html or its parent's page gives), and
    Thunderbird's mbox files whose subfolders' files came or went (`Inbox` is folder Inbox
    only while `Inbox.sbd/` is beside it)."""
    touched = set(todo.to_read) | set(todo.removed)
    owners = {subfolders_owner(source) for source in touched}
    return {
        source
        for source, state in todo.manifest.files.items()
        if source in owners or not touched.isdisjoint(state.consulted)
    }


def _standing_keys(units: Iterable[Unit]) -> set[tuple[str, str]]:
    """What the standing of other units depends on: Message-IDs, and the threads and topics
    in which quotes are looked up."""
    from .units import EMAIL, subject_thread

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


# -- vectors -----------------------------------------------------------------------------------


def _keep_previous_vectors(before: Path | None, generation: Path, error: OSError) -> str:
    """The vectors before: the live generation's own when it was updated in place, else the
    generation before's, linked (a link needs no room) into the new one. Searches by meaning
    still answer; new units are found by their words until an update with a change embeds
    them. Its problem line."""
    from .semantic import has_vectors, vectors_path

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


def _embed(engine: Engine, generation: Path, previous, progress: Progress) -> None:
    """Vectors for the generation's units (those a search can find), embedding only the
    units `previous` lacks."""
    from .query.tree import Everything
    from .semantic import refresh_vectors

    reader = engine.open_reader(generation)
    try:
        docs = reader.matching(Everything())
        units = (
            (reader.envelope(doc)["id"], lambda doc=doc: reader.record(doc)["text"])
            for doc in docs
        )
        progress.start(len(docs))
        refresh_vectors(generation, units, previous, lambda: progress.advance(""))
    finally:
        reader.close()


# -- generations -------------------------------------------------------------------------------


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
