"""The Whoosh engine as `searchkit.engines.Engine`: its name and version, `build()`,
`apply()` and `open_reader()`, each importing Whoosh only when called."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping
    from pathlib import Path

    from ..intake import FileRead
    from ..manifest import FileState, Progress, Report
    from .reading import WhooshReader

from .version import NAME, version

__all__ = ["NAME", "apply", "build", "open_reader", "version"]


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


def open_reader(generation: Path) -> WhooshReader:
    from .reading import WhooshReader

    return WhooshReader(generation)
