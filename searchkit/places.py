"""Where a unit stands in the corpus: its file in the listing's order, then its line.

Units an engine scores alike are shown in this order, whatever order the engine keeps them
in. A stored record tells it exactly (`place_key`); an engine sorts by one number
(`place_number`): the file's position, which the manifest keeps, then the line. A file new to
an index takes a position between its neighbours', so that no other file's units are indexed
again; where two files' positions meet (no room left between them), or a file's units share
a line (a mail store's messages), units share a number and their records order them.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping

#: Between the positions of two files listed one after the other by a full build: room for
#: the files added between them later, each taking the middle of the room it falls in.
POSITION_GAP = 1 << 16
#: The bits of a place number holding the line (the rest hold the file's position).
_LINE_BITS = 24
_LAST_LINE = (1 << _LINE_BITS) - 1
_LAST_POSITION = (1 << (64 - _LINE_BITS)) - 1


def listing_order(source: str) -> tuple[str, ...]:
    """Where a file stands in the corpus listing (folder by folder, names sorted): `a/x`
    before `a-b`, though `a-b` sorts first as a string. The first copy of a message is the
    first in this order, however the index was built."""
    return tuple(source.split("/"))


def place_key(source: str, line: int | None, unit_id: str) -> str:
    """Where a unit stands in the corpus, exactly, as one string: its file in the listing's
    order (NUL, which no name holds, parts its folders, as `listing_order` does), then its
    line and its id."""
    return "\x00".join((source.replace("/", "\x00"), f"{line or 0:010d}", unit_id))


def place_number(position: int, line: int | None) -> int:
    """A unit's place as a number an engine sorts by (64 bits): the position of its file,
    then its line. Its order is `place_key`'s, but that units may share a number."""
    return min(position, _LAST_POSITION) << _LINE_BITS | min(line or 0, _LAST_LINE)


def listed_positions(sources: Iterable[str]) -> Iterator[tuple[str, int]]:
    """The positions of a full build's files, given in the listing's order."""
    for number, source in enumerate(sources, start=1):
        yield source, listed_position(number)


def listed_position(number: int) -> int:
    """The position of a full build's file listed `number`th (from 1)."""
    return number * POSITION_GAP


def positions_between(new: Iterable[str], known: Mapping[str, int]) -> dict[str, int]:
    """Positions for files new to an index, each between the positions of its neighbours
    in the listing's order (`known`: the positions of the files indexed already, which
    follow that order); several falling between the same two share out the room there."""
    indexed = sorted(known, key=known.__getitem__)
    falling: dict[int, list[str]] = {}  # new files, by the indexed file they fall before
    for source in sorted(new, key=listing_order):
        before = bisect.bisect(indexed, listing_order(source), key=listing_order)
        falling.setdefault(before, []).append(source)
    found: dict[str, int] = {}
    for before, sources in falling.items():
        first = known[indexed[before - 1]] if before else 0
        if before < len(indexed):
            last = known[indexed[before]]
        else:
            last = first + POSITION_GAP * (len(sources) + 1)
        room = max(last - first, 0)
        for number, source in enumerate(sources, start=1):
            found[source] = first + room * number // (len(sources) + 1)
    return found
