"""Results: the hits of a search, best first, as plain data (and, in a notebook, a table).

What each hit carries is a `Unit` plus its place in the ranking and a snippet; the presenters
(`present`) turn them into terminal text, JSON and HTML.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

from .people import Alias
from .units import Unit

if TYPE_CHECKING:
    from .correspondence import Names
    from .tallies import Timeline


RELEVANCE, NEWEST, OLDEST = "relevance", "newest", "oldest"
#: How hits can be ordered (`--sort`).
SORTS = (RELEVANCE, NEWEST, OLDEST)


@dataclass(frozen=True)
class Page:
    """Which hits of a search to return: how many (None for all, 0 to count only), after how
    many, in which order."""

    limit: int | None = 10
    offset: int = 0
    sort: str = RELEVANCE

    @property
    def end(self) -> int | None:
        return None if self.limit is None else self.offset + self.limit


@dataclass(frozen=True)
class Hit(Unit):
    """A unit that matched, with its place in the ranking and a snippet around the matches."""

    score: float = 0.0
    rank: int = 0
    snippet: str = ""
    matches: tuple[tuple[int, int], ...] = ()
    stem_only: bool = False  # matched some query word only through other forms of it

    def to_dict(self) -> dict[str, Any]:
        record = super().to_dict()
        record["matches"] = [list(span) for span in self.matches]
        return record


@dataclass(frozen=True)
class Results(Sequence[Hit]):
    """The hits of one search, best first, and what happened to get them."""

    query: str
    hits: tuple[Hit, ...] = ()
    total: int = 0
    total_is_exact: bool = True  # else Whoosh's estimate, for queries matching very many units
    corrected_query: str | None = None
    any_word: bool = False  # no unit had every word: ranked by how many words match
    collapsed: int = 0  # exact duplicates left out of the hits
    partial: bool = False  # the search ran out of time: the hits it had found by then
    semantic: bool = False  # ranked by meaning too (dense retrieval fused with BM25)
    explanation: str | None = None  # why nothing was found, when that can be told
    notes: tuple[str, ...] = ()  # what else a reader must know: a word found only by its stem
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    aliases: tuple[Alias, ...] = ()  # other names in force: alias file, address book, sign-offs
    # every unit matching, without text (`envelopes`): what tallies count when the hits are
    # a page of them; given by the Archive that searched
    every_match: Callable[[], Results] | None = field(default=None, compare=False, repr=False)
    # one name per person, told from the whole corpus (`Searcher.names`): given by the
    # Archive; else told from the matching units alone
    naming: Callable[[], Names] | None = field(default=None, compare=False, repr=False)

    @overload
    def __getitem__(self, item: int) -> Hit: ...
    @overload
    def __getitem__(self, item: slice) -> Sequence[Hit]: ...
    def __getitem__(self, item):
        return self.hits[item]

    def __len__(self) -> int:
        return len(self.hits)

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def _repr_html_(self) -> str:
        from .present import results_html

        return results_html(self)

    def to_dicts(self) -> list[dict[str, Any]]:
        return [hit.to_dict() for hit in self.hits]

    def uncountable(self) -> str | None:
        """Why the matches of this search cannot be counted exactly (facets, a timeline),
        or None when they can."""
        if self.any_word:
            return "the hits hold any of the words, not every one"
        if self.semantic:
            return "the hits are ranked by meaning, which every unit has some of"
        if self.partial:
            return "the search ran out of time"
        return None

    def matching(self) -> Sequence[Hit]:
        """Every unit that matched, not only the page of hits returned: what a tally counts."""
        if self.every_match is None or len(self.hits) >= self.total:
            return self.hits
        return self.every_match().hits

    def names(self) -> Names:
        """One name per person (addresses, aliases, first names): as the corpus names them
        where the Archive that searched gave its naming, else as the matching units do."""
        from .correspondence import Names

        if self.naming is not None:
            return self.naming()
        return Names.of(self.matching(), self.aliases)

    def people(self):
        """Who wrote to whom among every matching unit: a pandas DataFrame (a list of dicts
        without pandas) of sender, recipient, messages, first, last, redacted."""
        from .correspondence import people

        return _frame([link.to_dict() for link in people(self.matching(), self.names())])

    def timeline(self, by: str = "year"):
        """Matching units per year, month or day, every match counted (not only the hits
        returned): a pandas DataFrame (a list of dicts without pandas). Those it cannot place
        (undated, or dated by a longer period: a paragraph naming only a year, by month) are
        said in one line on stderr, and in the frame's `attrs["left_out"]`."""
        counted = self._timeline(by)
        frame = _frame([{"period": p, "count": n} for p, n in counted.rows])
        left_out = self._left_out(counted)
        if left_out:
            print(f"searchkit: {self.query or 'all units'}: {left_out}", file=sys.stderr)
        if hasattr(frame, "attrs"):
            frame.attrs["left_out"] = left_out
        return frame

    def _left_out(self, counted: Timeline) -> str | None:
        """What the bars do not add up to, and why: matches with no date (or a longer period
        than a bar's), or a total that was Whoosh's estimate, not a count."""
        said = [counted.left_out()]
        matched = len(self.matching())
        if matched != self.total and not self.total_is_exact:
            said.append(
                f"{matched} units match; the search's total, about {self.total}, was an"
                " estimate (exact duplicates not yet collapsed)"
            )
        return "; ".join(line for line in said if line) or None

    def _timeline(self, by: str) -> Timeline:
        from .tallies import timeline

        return timeline(self.matching(), by)

    def plot_timeline(self, by: str = "year"):
        """A bar chart of the timeline (needs matplotlib: the `notebook` extra), the periods
        and the counts labelled, what it leaves out in its title: its Figure, which a notebook
        shows once (closed, so that pyplot does not show it a second time; no `<Axes …>` line
        under it)."""
        try:
            import matplotlib.pyplot as plt
        except ImportError:
            raise ImportError(
                "plot_timeline needs matplotlib: pip install 'searchkit[notebook]'"
                " (from a checkout: pip install '.[notebook]')"
            ) from None

        counted = self._timeline(by)
        rows = counted.rows
        figure, axes = plt.subplots(figsize=(max(4, len(rows) * 0.4), 3))
        axes.bar([period for period, _ in rows], [count for _, count in rows])
        title = f"{self.query or 'all units'}: matching units per {by}"
        left_out = self._left_out(counted)
        axes.set_title(f"{title}\n({left_out})" if left_out else title, fontsize=10)
        axes.set_xlabel(by)
        axes.set_ylabel("units")
        axes.tick_params(axis="x", labelrotation=90)
        figure.tight_layout()
        plt.close(figure)
        return figure


def _frame(rows: list[dict[str, Any]]):
    try:
        import pandas
    except ImportError:
        return rows
    return pandas.DataFrame(rows)
