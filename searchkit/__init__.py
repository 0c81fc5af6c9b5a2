"""searchkit: full-text search over a corpus of correspondence.

>>> from searchkit import search
>>> results = search('"discussions are over"')
>>> results[0].sender
'Elon Musk'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .archive import Archive, envelopes, search
    from .errors import QueryError
    from .results import Hit, Results
    from .units import Unit

__all__ = ["Archive", "Hit", "QueryError", "Results", "Unit", "envelopes", "search"]

_HOMES = {
    "Archive": "archive",
    "search": "archive",
    "envelopes": "archive",
    "Hit": "results",
    "Results": "results",
    "QueryError": "errors",
    "Unit": "units",
}


def __getattr__(name: str) -> Any:
    """Import lazily, so the command line starts without loading Whoosh until it needs it."""
    if name not in _HOMES:
        raise AttributeError(f"module 'searchkit' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{_HOMES[name]}", __name__), name)
