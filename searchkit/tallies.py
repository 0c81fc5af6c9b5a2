"""What every match of a query counts to: the timeline and the facets beside the hits.

One place counts them, for the command line (`searchkit timeline`), the page's sidebar and the
notebook's `Results.timeline()`: the Archive hands them out (`Archive.tallies`,
`Archive.timeline`), so that the three never disagree on a number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .dates import year_key
from .people import person_value
from .units import Unit

if TYPE_CHECKING:
    from .correspondence import Names

#: The facets counted beside the hits (`search --facet`, the page's sidebar): each value's
#: count among every match.
FACETS = ("sender", "recipient", "year", "kind", "thread")
#: How many values of a facet are shown, most frequent first (years: all, in order).
TOP = 12


@dataclass(frozen=True)
class Timeline:
    """Matches per period from the first dated one to the last (empty periods between them
    too), and the matches it could not place: `undated` (no date at all) and `coarse` (dated
    by a longer period than `by`: a paragraph naming only a year, by month)."""

    by: str
    rows: tuple[tuple[str, int], ...]
    undated: int = 0
    coarse: int = 0

    def __iter__(self) -> Iterator[tuple[str, int]]:  # `dict(timeline)`: period -> count
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def counted(self) -> int:
        return sum(count for _, count in self.rows)

    def left_out(self) -> str | None:
        """Why the bars add up to less than the matches, or None when they add up."""
        parts = []
        if self.undated:
            parts.append(f"{self.undated} undated")
        if self.coarse:
            parts.append(f"{self.coarse} dated only by a longer period than a {self.by}")
        return f"not counted: {' and '.join(parts)}" if parts else None


@dataclass(frozen=True)
class Tallies:
    """The counts of every match: each facet's values, most frequent first, and the years."""

    total: int
    facets: dict[str, list[tuple[str, int]]]
    timeline: Timeline

    @property
    def years(self) -> list[tuple[str, int]]:
        return list(self.timeline.rows)


def timeline(units: Sequence[Unit], by: str = "year") -> Timeline:
    from .correspondence import coarsely_dated
    from .correspondence import timeline as per_period

    return Timeline(
        by=by,
        rows=tuple(per_period(units, by)),
        undated=sum(1 for unit in units if unit.date is None),
        coarse=coarsely_dated(units, by),
    )


def tally(units: Sequence[Unit], top: int | None = TOP, names: Names | None = None) -> Tallies:
    """Every facet of `units` (the `top` values of each, or all with None), each person
    under the one name `names` gives (the corpus's, `Searcher.names`; else these units')."""
    from .correspondence import Names

    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    for unit in units:
        for name, values in facet_values(unit).items():
            counts[name].update(values)
    return Tallies(
        total=len(units),
        facets=ordered(by_person(counts, names or Names.of(units)), top),
        timeline=timeline(units, "year"),
    )


def counted(total: int, counts: dict[str, Counter[str]], top: int | None, names: Names) -> Tallies:
    """The tallies of `total` units from their facets' counts (an engine's, `Reader.counted`):
    the timeline by year is the year facet, every year between the first and the last."""
    from .correspondence import every_period

    years = counts["year"]
    rows = tuple(every_period(years, "year"))
    line = Timeline(by="year", rows=rows, undated=total - sum(years.values()))
    return Tallies(total=total, facets=ordered(by_person(counts, names), top), timeline=line)


def facet_values(unit: Unit) -> dict[str, list[str]]:
    """The unit's value of each facet (none, one, or for `recipient` each person it went to
    or was copied to, once): a sender or a recipient as its name and address
    (`person_value`), which `by_person` counts as one name per person."""
    from .correspondence import recipients_once

    return {
        "sender": sender_values(unit),
        "recipient": [person_value(*person) for person in recipients_once(unit)],
        "year": [year_key(unit.date)] if unit.date else [],
        "kind": [unit.kind],
        "thread": [unit.thread] if unit.thread else [],
    }


def sender_values(unit: Unit) -> list[str]:
    """The unit's sender as the sender facet counts it (`person_value`), unless the unit is
    no message (`correspondence.sender_shown`: a card, the words below a pasted message)."""
    from .correspondence import sender_shown

    return [person_value(*person) for person in sender_shown(unit)]


def by_person(counts: dict[str, Counter[str]], names: Names) -> dict[str, Counter[str]]:
    """The counts with each sender and recipient (a name and an address) under the one name
    `names` gives that person, as the people table does: the name `searchkit people` shows,
    its count every unit of that person."""
    named = dict(counts)
    for facet in PEOPLE_FACETS:
        if facet not in counts:
            continue
        merged: dict[str, int] = {}
        for value, count in counts[facet].items():
            name = names.of_value(value)
            merged[name] = merged.get(name, 0) + count
        named[facet] = Counter(merged)
    return named


#: The facets whose values are people.
PEOPLE_FACETS = ("sender", "recipient")


def ordered(counts: dict[str, Counter[str]], top: int | None) -> dict[str, list[tuple[str, int]]]:
    """Each facet's values, the years in order, the others most frequent first (the `top`
    of them, or all with None)."""
    return {
        name: sorted(counter.items()) if name == "year" else _top(counter.items(), top)
        for name, counter in counts.items()
    }


def _top(items: Iterable[tuple[str, int]], top: int | None) -> list[tuple[str, int]]:
    # most first, then by name: the same counts list alike on every visit
    return sorted(items, key=lambda item: (-item[1], item[0]))[:top]
