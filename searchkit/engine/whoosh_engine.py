"""The Whoosh engine as `searchkit.engines.Engine`: its name and version, `update()` and
`open_reader()`, each importing Whoosh only when called."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from ..manifest import Report
    from .reading import WhooshReader

from .version import NAME, version

__all__ = ["NAME", "open_reader", "update", "version"]


def update(corpus: Path, index: Path, **options: Any) -> Report:
    from .writing import update as update_index

    return update_index(corpus, index, **options)


def open_reader(generation: Path) -> WhooshReader:
    from .reading import WhooshReader

    return WhooshReader(generation)
