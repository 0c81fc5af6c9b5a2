"""Fuzzy and wildcard words expanded over Whoosh's lexicon: once per open generation, and cut
short at a search's deadline.

Whoosh expands such a word each time it is asked (estimating the query's size, making its
matcher, marking a snippet's words), in Python, before its time-limited collector starts;
140 fuzzy words took a page's whole time and gave it no hit. Here each expansion is kept
while the generation is open, and past the deadline a word not yet expanded stands for
itself alone: the hits are then fewer, never wrong (a unit matching the word itself matches
any expansion of it), and the search says it is partial. Under a Not a word is always
expanded in full: cut short there, it would let excluded units through.
"""

from __future__ import annotations

import time
from typing import Any

from whoosh import query

from .private_calls import expansion

#: Expansions kept per open generation, at most: past it they are forgotten and made again.
KEPT = 4096


class Expansions:
    """The expansions of one open generation, and the running search's deadline."""

    def __init__(self) -> None:
        self._known: dict[tuple, list[bytes]] = {}
        self.deadline: float | None = None  # time.monotonic()'s, while a search runs
        self.cut = False  # a word stood for itself alone: the search is partial

    def bound(self, found: query.Query) -> query.Query:
        """`found`, its fuzzy and wildcard words expanding through this cache."""
        _bind(found, self, negated=False)
        return found

    def expand(self, found: query.Query, reader: Any) -> None:
        """Every word of `found` expanded now (as far as the deadline lets), before a
        time-limited collector starts its clock: its time is then its own."""
        for leaf in found.leaves():
            if isinstance(leaf, _Bounded):
                self.of(leaf, reader)

    def of(self, leaf: Any, reader: Any) -> list[bytes]:
        key = (leaf.expanding.__name__, leaf.fieldname, leaf.text, *_edits(leaf))
        known = self._known.get(key)
        if known is not None:
            return known
        if leaf.cuttable and self.deadline is not None and time.monotonic() > self.deadline:
            self.cut = True
            itself = leaf.text.encode("utf-8")
            return [itself] if (leaf.fieldname, itself) in reader else []
        if len(self._known) >= KEPT:
            self._known.clear()
        found = self._known[key] = expansion(leaf.expanding, leaf, reader)
        return found


class _Bounded:
    """A MultiTerm whose expansion is an `Expansions`' (put before its class by `_bind`): it
    overrides Whoosh's private `_btexts`, listed in `private_calls.PRIVATE`."""

    expanding: type  # the Whoosh class whose expansion this is
    expansions: Expansions
    cuttable: bool

    def _btexts(self, ixreader: Any) -> list[bytes]:
        return self.expansions.of(self, ixreader)


_classes: dict[type, type] = {}
#: The words that expand over the lexicon (a date range is no word: it is never cut).
_WORDS = (query.FuzzyTerm, query.PatternQuery)


def _bind(found: query.Query, expansions: Expansions, *, negated: bool) -> None:
    if isinstance(found, _WORDS) and not isinstance(found, _Bounded):
        base = type(found)
        if base not in _classes:
            _classes[base] = type(f"Bounded{base.__name__}", (_Bounded, base), {"expanding": base})
        found.__class__ = _classes[base]
        found.expansions = expansions  # type: ignore[attr-defined]
        found.cuttable = not negated  # type: ignore[attr-defined]
        return
    for child in found.children():
        _bind(child, expansions, negated=negated ^ isinstance(found, query.Not))


def _edits(leaf: Any) -> tuple[Any, Any]:
    return getattr(leaf, "maxdist", None), getattr(leaf, "prefixlength", None)
