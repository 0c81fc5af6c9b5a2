"""The tantivy engine as `searchkit.engines.Engine`: its name and version, `build()`,
`apply()` and `open_reader()`. Importing it needs the `fast` extra (tantivy)."""

from __future__ import annotations

from importlib.metadata import version as installed

from .reading import TantivyReader
from .writing import apply, build

NAME = "tantivy"

__all__ = ["NAME", "apply", "build", "open_reader", "version"]


def version() -> str:
    return installed("tantivy")


def open_reader(generation) -> TantivyReader:
    return TantivyReader(generation)
