"""Writing a tantivy generation: what `searchkit.indexing` hands the engine, written.

The files are read and split by worker processes, one per core, a few files ahead of this
process, which analyses their units and hands them to tantivy's writer (indexing on threads
of its own); emails go in and are committed first, so that quoted messages are
checked against every email (see `searchkit.copies`), as in the Whoosh engine. A commit
that fails leaves the index as it was: tantivy publishes a commit whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .. import intake
from ..copies import Copies
from ..intake import (
    AddUnit,
    Batch,
    Unindexable,
    add_quotes,
    build_workers,
    index_files,
    replace_files,
    without_unindexable,
)
from ..manifest import FileState, Progress, Report, manifest_entry
from ..read_ahead import read_ahead
from .index import Writer, open_index
from .reading import MARKING, TantivyReader

if TYPE_CHECKING:
    from ..intake import FileRead
    from ..units import Unit


def build(generation: Path, corpus: Path, report: Report, progress: Progress) -> Iterator[str]:
    """Index the whole corpus into the empty folder `generation`; the manifest's entries of
    its files."""
    from ..corpus import corpus_entries, read_units
    from ..layouts import corpus_layouts
    from ..places import listed_positions, listing_order

    sources = sorted((source for _, source in corpus_entries(corpus)), key=listing_order)
    positions = dict(listed_positions(sources))
    layouts = corpus_layouts(corpus)
    read = partial(read_units, layouts=layouts)
    progress.start(len(sources))
    index = open_index(generation)

    def attempt(skip: Mapping[str, str]) -> tuple[Batch, int, Copies]:
        copies = Copies()
        files = [(source, corpus / source) for source in sources]
        if len(files) >= intake.PARALLEL_FILES:
            reads = read_ahead(files, read, build_workers())
        else:
            reads = ((source, path, partial(read, path, source)) for source, path in files)
        with Writer(index, build=True) as writer:
            add = partial(_add, writer)
            batch = index_files(add, reads, positions, copies, progress.advance, skip=skip)
        with TantivyReader(generation) as reader, Writer(index) as writer:
            copies.reader = reader  # the emails, committed: what a quote may copy
            quotes = add_quotes(partial(_add, writer), batch.quotes, copies, skip)
        return batch, quotes, copies

    batch, quotes, copies = without_unindexable(attempt)
    _mark_shared(index, generation)
    report.units_added += batch.units_added + quotes
    report.quotes_left_out = copies.quotes_left_out
    report.added = sources
    report.problems = [problem for state in batch.files.values() for problem in state.problems]
    return (manifest_entry(source, state) for source, state in sorted(batch.files.items()))


def apply(
    generation: Path,
    replaced: list[str],
    reads: Iterable[FileRead],
    positions: Mapping[str, int],
    corpus_bytes: int,
    report: Report,
    progress: Progress,
) -> dict[str, FileState]:
    """One tantivy commit (`intake.replace_files`)."""
    index = open_index(generation)
    session = partial(_session, index, generation)
    marking = generation / MARKING
    marking.touch()  # (until the marks are made again, a count looks among every match)
    files = replace_files(session, replaced, reads, positions, report, progress)
    _mark_shared(index, generation)
    return files


def _mark_shared(index, generation: Path) -> None:
    """Mark the units whose text another unit shares that are not marked yet (a search
    counts its exact duplicates among the marked: a few, where every match was many); a
    generation whose shared texts are more than tantivy counts in one aggregation stays
    unmarked, and said so to its readers (`MARKING`)."""
    from ..units import Unit

    with TantivyReader(generation) as reader:
        unmarked = reader.sharing_unmarked()
    if unmarked is None:
        (generation / MARKING).touch()
        return
    if unmarked:
        with Writer(index) as writer:
            for record in unmarked:
                writer.delete("id", record["id"])
                writer.add(Unit.from_dict(record), record["place"], shared=True)
    (generation / MARKING).unlink(missing_ok=True)


@contextmanager
def _session(index, generation: Path) -> Iterator[tuple[TantivyReader, AddUnit, Callable]]:
    """The index as it was, and a writer committed on leaving (`intake.Session`)."""
    with TantivyReader(generation) as reader, Writer(index) as writer:

        def delete(source: str) -> int:
            removed = len(reader.units("source", source))
            writer.delete("source", source)
            return removed

        yield reader, partial(_add, writer), delete


def _add(
    writer: Writer, unit: Unit, place: int, *, copy: bool = False, echo: bool = False
) -> None:
    """A unit into the writer (`intake.AddUnit`); what tantivy cannot take names its file."""
    try:
        writer.add(unit, place, copy=copy, echo=echo)
    except (ValueError, OverflowError) as error:  # what the bindings raise on a bad value
        raise Unindexable(unit.source, error) from error
