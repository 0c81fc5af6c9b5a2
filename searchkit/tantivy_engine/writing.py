"""Writing a tantivy generation: what `searchkit.indexing` hands the engine, written.

The files are read and split in this process, one after another (tantivy's writer indexes
on threads of its own); emails go in and are committed first, so that quoted messages are
checked against every email (see `searchkit.copies`), as in the Whoosh engine. A commit
that fails leaves the index as it was: tantivy publishes a commit whole or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..copies import Copies
from ..intake import Batch, Unindexable, add_quotes, index_files, without_unindexable
from ..manifest import FileState, Progress, Report, manifest_entry
from .index import Writer, open_index
from .reading import TantivyReader

if TYPE_CHECKING:
    from ..intake import FileRead
    from ..units import Unit


def build(generation: Path, corpus: Path, report: Report, progress: Progress) -> Iterator[str]:
    """Index the whole corpus into the empty folder `generation`; the manifest's entries of
    its files."""
    from ..corpus import corpus_entries, listing_order, read_units
    from ..layouts import corpus_layouts

    sources = sorted((source for _, source in corpus_entries(corpus)), key=listing_order)
    layouts = corpus_layouts(corpus)
    reads: list[FileRead] = [
        (source, corpus / source, partial(read_units, corpus / source, source, layouts))
        for source in sources
    ]
    progress.start(len(reads))
    index = open_index(generation)

    def attempt(skip: Mapping[str, str]) -> tuple[Batch, int, Copies]:
        copies = Copies()
        with Writer(index) as writer:
            batch = index_files(partial(_add, writer), reads, copies, progress.advance, skip=skip)
        with TantivyReader(generation) as reader, Writer(index) as writer:
            copies.reader = reader  # the emails, committed: what a quote may copy
            quotes = add_quotes(partial(_add, writer), batch.quotes, copies, skip)
        return batch, quotes, copies

    batch, quotes, copies = without_unindexable(attempt)
    report.units_added += batch.units_added + quotes
    report.quotes_left_out = copies.quotes_left_out
    report.added = sources
    report.problems = [problem for state in batch.files.values() for problem in state.problems]
    return (manifest_entry(source, state) for source, state in sorted(batch.files.items()))


def apply(
    generation: Path,
    replaced: list[str],
    reads: Iterable[FileRead],
    corpus_bytes: int,
    report: Report,
    progress: Progress,
) -> dict[str, FileState]:
    """One tantivy commit: the units of the `replaced` files out, the files read in; the
    manifest's state of each file read."""
    index = open_index(generation)
    reads = list(reads)

    def commit(skip: Mapping[str, str]) -> tuple[int, int, Batch, Copies]:
        with TantivyReader(generation) as reader, Writer(index) as writer:
            removed = sum(len(reader.units("source", source)) for source in replaced)
            for source in replaced:
                writer.delete("source", source)
            copies = Copies(reader, replaced, track_added=True)
            add = partial(_add, writer)
            batch = index_files(add, reads, copies, progress.advance, skip=skip)
            quotes = add_quotes(add, batch.quotes, copies, skip)
        return removed, quotes, batch, copies

    removed, quotes, batch, copies = without_unindexable(commit)
    report.units_removed += removed
    report.units_added += batch.units_added + quotes
    report.quotes_left_out = copies.quotes_left_out
    return batch.files


def _add(writer: Writer, unit: Unit, *, copy: bool = False, echo: bool = False) -> None:
    """A unit into the writer (`intake.AddUnit`); what tantivy cannot take names its file."""
    try:
        writer.add(unit, copy=copy, echo=echo)
    except (ValueError, OverflowError) as error:  # what the bindings raise on a bad value
        raise Unindexable(unit.source, error) from error
