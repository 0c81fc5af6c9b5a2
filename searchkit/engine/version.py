"""Which engine this is and which Whoosh it runs on: what an index's manifest records."""

from __future__ import annotations

NAME = "whoosh"
#: The Whoosh the engine was written against (`whoosh.__version__`); pinned in pyproject.toml.
PINNED_WHOOSH = (2, 7, 5)


def version() -> str:
    import whoosh

    return str(whoosh.versionstring())
