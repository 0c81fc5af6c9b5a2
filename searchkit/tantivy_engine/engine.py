"""The tantivy engine as `searchkit.engines.Engine`: its name and version, `build()`,
`apply()` and `open_reader()`. Its reading and writing (and searchkit's analysers, which
they need) are imported when called: `searchkit index` with nothing changed asks only for
the name and version. Importing tantivy needs the `fast` extra."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import tantivy

if TYPE_CHECKING:
    from ..intake import FileRead
    from ..manifest import FileState, Progress, Report
    from .reading import TantivyReader

NAME = "tantivy"
#: searchkit's own tantivy schema (`schema.make_schema`): raise it when the schema changes,
#: as an index made with another is rebuilt (the Whoosh engine's indexes are not).
SCHEMA = 7


def version() -> str:
    """The bindings' version, the index format they write and searchkit's schema (`tantivy
    v0.27.0, index_format v7, schema 2`): an index of another is rebuilt."""
    bindings = tantivy.__version__  # type: ignore[attr-defined]  # not in the stub
    return f"{bindings}, schema {SCHEMA}"


def build(generation: Path, corpus: Path, report: Report, progress: Progress) -> Iterator[str]:
    from .writing import build as build_generation

    return build_generation(generation, corpus, report, progress)


def apply(
    generation: Path,
    replaced: list[str],
    reads: Iterable[FileRead],
    positions: Mapping[str, int],
    corpus_bytes: int,
    report: Report,
    progress: Progress,
) -> dict[str, FileState]:
    from .writing import apply as commit

    return commit(generation, replaced, reads, positions, corpus_bytes, report, progress)


def open_reader(generation: Path) -> TantivyReader:
    from .reading import TantivyReader

    return TantivyReader(generation)
