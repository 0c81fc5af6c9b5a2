"""Writing a Whoosh generation: what `searchkit.indexing` hands the engine, written.

`build()` fills a new generation with every file of the corpus (in worker processes, see
`shards.py`), `apply()` is one commit to the live one: the units of replaced files out, the
files read in. Emails go in before quoted messages, so that a quote is checked against
every email (see `searchkit.copies`). A commit that fails (a full disk stops a writer halfway)
leaves the generation as it was.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..manifest import FileState, Progress, Report
from ..units import Unit

if TYPE_CHECKING:
    from ..copies import Copies
    from ..intake import FileRead


def build(generation: Path, corpus: Path, report: Report, progress: Progress) -> Iterator[str]:
    """Index the whole corpus into the empty folder `generation`; the manifest's entries of
    its files, for `write_manifest`.

    Emails are committed first so that quotes can be checked against all of them; the
    generation is invisible to searches until `searchkit.indexing` swaps it in.
    """
    from whoosh.index import create_in
    from whoosh.query import Term

    from ..copies import Copies
    from ..intake import add_quotes, build_workers, without_unindexable
    from . import shards
    from .reading import WhooshReader
    from .schema import make_schema

    scratch = generation / ".build"
    ix = create_in(str(generation), make_schema())
    scratch.mkdir()
    listing = shards.list_corpus(corpus, scratch)
    progress.start(listing.files)
    compound = shards.compound_segments(listing.bytes)
    built = shards.build(ix, listing, corpus, build_workers(), progress.advance, compound)

    def quotes_in(skip: Mapping[str, str]) -> tuple[int, Copies, Mapping[str, str]]:
        reader = WhooshReader(generation)
        with reader, ix.searcher() as searcher, _writing(ix, compound) as writer:
            copies = Copies(reader)
            # a quote inside a copy is a copy too: the copies each shard found among its
            # own files, then those found across shards (an update knows both at once)
            found = searcher.search(Term("copy", "1"), limit=None)
            copies.copy_ids.update(hit["id"] for hit in found)
            _mark_copies(writer, searcher, built.later_copies(), copies)
            add = partial(shards.add_unit, writer)
            return add_quotes(add, built.quotes(), copies, skip), copies, skip

    quotes, copies, skipped = without_unindexable(quotes_in)
    report.units_added += built.units_added + quotes
    report.quotes_left_out = copies.quotes_left_out
    ix.close()
    report.added = list(listing.sources())
    report.problems = built.problems + [f"{source}: {why}" for source, why in skipped.items()]
    return _then_removed(built.manifest_entries(), scratch)


def _then_removed(entries: Iterator[str], scratch: Path) -> Iterator[str]:
    """The entries (streamed off the scratch folder, never held whole), then the folder gone."""
    yield from entries
    shutil.rmtree(scratch)


def apply(
    generation: Path,
    replaced: list[str],
    reads: Iterable[FileRead],
    positions: Mapping[str, int],
    corpus_bytes: int,
    report: Report,
    progress: Progress,
) -> dict[str, FileState]:
    """One Whoosh commit (`intake.replace_files`)."""
    from ..intake import replace_files
    from . import shards
    from .reading import open_generation

    ix = open_generation(generation)
    compound = shards.compound_segments(corpus_bytes)
    session = partial(_session, ix, generation, compound)
    try:
        return replace_files(session, replaced, reads, positions, report, progress)
    finally:
        ix.close()


@contextmanager
def _session(ix, generation: Path, compound: bool):
    """The index as it was, and a writer committed on leaving (`intake.Session`)."""
    from whoosh.query import And, Term

    from ..fields import indexable
    from .reading import WhooshReader
    from .shards import add_unit

    reader = WhooshReader(generation)
    with reader, ix.searcher() as searcher, _writing(ix, compound) as writer:

        def delete(source: str) -> int:
            term = Term("source", indexable(source))
            echoes = len(searcher.search(And([term, Term("echo", "1")]), limit=None))
            return writer.delete_by_term("source", indexable(source)) - echoes

        yield reader, partial(add_unit, writer), delete


def _mark_copies(writer, searcher, unit_ids: Iterable[str], copies: Copies) -> None:
    """Index these units again, as copies: shards find copies among their own files only."""
    from .schema import stored_record
    from .shards import add_unit

    for unit_id in unit_ids:
        record = stored_record(searcher.document(id=unit_id))
        writer.delete_by_term("id", unit_id)
        add_unit(writer, Unit.from_dict(record), record["place"], copy=True)
        copies.copy_ids.add(unit_id)


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
