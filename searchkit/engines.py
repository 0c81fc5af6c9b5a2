"""The engine seam: what searchkit asks of a search engine, and the one table of engines.

As Whoosh's own `index.Index` is an abstract class with `FileIndex` behind it, searchkit
talks to an engine through two protocols: `Engine` (build a generation, commit changes to
one, open one; `indexing.py` decides what to build and commit) and `Reader` (one open
generation: rank a query tree, match, count, look up, read the lexicon). The rules that
are searchkit's own — the query language (`searchkit.query`); correcting, relaxing and
explaining a query, the email prior, copies collapsed, fusion with the ranking by meaning
(`searching.py`); planning an update (`indexing.py`) — are written once, over these
protocols. Which engine built an index is in its manifest; the archive opens an index with
that engine, and says what to type when another was asked for.
"""

from __future__ import annotations

import importlib
import os
from collections import Counter
from collections.abc import Collection, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .errors import EngineUnavailable

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

    from .intake import FileRead
    from .manifest import FileState, Progress, Report
    from .query.tree import Node
    from .units import Unit

#: Each engine by name, and the module that is it (an `Engine`); the first is the default.
ENGINES = {"whoosh": "searchkit.engine.whoosh_engine", "tantivy": "searchkit.tantivy_engine.engine"}
#: The extra that installs each engine that needs one.
EXTRAS = {"tantivy": "fast"}
DEFAULT_ENGINE = next(iter(ENGINES))
ENGINE_ENV = "SEARCHKIT_ENGINE"


#: `Reader.rank`'s order of the corpus (`places.place_number`): a query whose matches all score
#: alike (`kind:email`) pages through them in it, so that a page holds what the whole list
#: holds there whichever engine, however many asked.
IN_PLACE = "place"


@dataclass(frozen=True)
class Collected:
    """What one ranked pass over the index collected."""

    hits: list[tuple[float, Any]]  # (the engine's score, its document), best or by date first
    total: int  # every match, or an estimate when not `exact`
    exact: bool
    partial: bool  # the time budget ran out: these are the matches found by then
    # how many matches are exact duplicates of another, where the pass counted them
    later: int | None = None


@dataclass(frozen=True)
class Counted:
    """What an engine counted of a query's matches (`Reader.counted`)."""

    total: int
    facets: dict[str, Counter[str]]  # each facet's values (`tallies.FACETS`), with their matches
    sharing: list[Any]  # the matches whose text another match may share


class Reader(Protocol):
    """One generation of an index, open for reading."""

    engine: str
    generation: Path
    #: May two threads search it at once? A page's facets are then counted beside its hits.
    reads_in_parallel: bool

    def is_current(self) -> bool: ...
    def close(self) -> None: ...

    def bounded(self, deadline: float | None) -> AbstractContextManager[None]:
        """Within it, searches stop at `deadline` (`time.monotonic()`'s) where the engine
        can stop them, and `rank` says `partial`: an engine fast at every query may ignore it."""
        ...

    def rank(self, node: Node, *, window: int | None, sort: str | None) -> Collected:
        """The best `window` matches (None: every one), copies and echoes left out: by
        score, or by date (`sort` "newest" or "oldest"), or by place in the corpus
        (`IN_PLACE`: each hit's `places.place_number` given for its score)."""
        ...

    def matching(self, node: Node) -> list[Any]: ...
    def copies_matching(self, node: Node) -> frozenset[str]: ...
    def matches_nothing(self, node: Node) -> bool: ...
    def looks_for_nothing(self, node: Node) -> bool: ...
    def visible(self, unit_id: str) -> Any | None: ...
    def correspondence(self, node: Node, found: Collected) -> Collection[Any]:
        """Which of the documents `rank(node, window=len(found.hits), sort=None)` found are
        correspondence (emails and chat messages)."""
        ...

    def later_copies(self, node: Node) -> int | None:
        """How many of the matches are exact duplicates of another match (each text once):
        what a total leaves out beside the copies and echoes `rank` leaves out; None where
        the engine cannot count them."""
        ...

    def record(self, doc: Any) -> dict[str, Any]: ...
    def envelope(self, doc: Any) -> dict[str, Any]: ...

    def frequency(self, field: str, term: str) -> int: ...
    def holds(self, field: str, term: str) -> bool: ...
    def holding(self, terms: Sequence[tuple[str, str]]) -> int: ...
    def adjacent(self, first: str, second: str) -> bool: ...
    def terms_matched(self, node: Node) -> tuple[frozenset[str], frozenset[str]]: ...
    def forms(self, stem: str) -> Counter[str]: ...
    def names(self) -> set[str]: ...
    def near_terms(self, field: str, word: str, edits: int) -> dict[str, int]: ...
    def signed(self) -> Counter[tuple[str, str]]: ...

    def units(
        self,
        field: str,
        value: str,
        *,
        prefix: bool = False,
        limit: int | None = None,
        echoes: bool = False,
    ) -> list[Unit]: ...
    def thread(self, thread: str, kind: str) -> list[Unit]: ...
    def stats(self) -> dict[str, Any]: ...

    def counted(self, node: Node, facets: Collection[str]) -> Counted | None:
        """The matches' `facets` (and years), counted in the engine; None where it cannot
        (the caller then counts every match's envelope)."""
        ...


class Engine(Protocol):
    """An engine module: its name and version, and what `searchkit.indexing` and the
    `Searcher` ask of it."""

    NAME: str

    def version(self) -> str: ...

    def build(
        self, generation: Path, corpus: Path, report: Report, progress: Progress
    ) -> Iterator[str]:
        """Index every file of the corpus into the empty folder `generation`; the manifest's
        entries of its files (`manifest_entry`), streamed."""
        ...

    def apply(
        self,
        generation: Path,
        replaced: list[str],
        reads: Iterable[FileRead],
        positions: Mapping[str, int],
        corpus_bytes: int,
        report: Report,
        progress: Progress,
    ) -> dict[str, FileState]:
        """One commit to the live `generation`: the units of the `replaced` files out, the
        files read in at their `positions` in the listing (`places`); each read file's state,
        for the manifest."""
        ...

    def open_reader(self, generation: Path) -> Reader: ...


def chosen_engine(name: str | None = None) -> str:
    """The engine asked for: the argument, else $SEARCHKIT_ENGINE, else the default."""
    chosen = (name or os.environ.get(ENGINE_ENV) or DEFAULT_ENGINE).lower()
    if chosen not in ENGINES:
        raise EngineUnavailable(f"no engine named {chosen!r}; known: {', '.join(ENGINES)}")
    return chosen


def engine(name: str | None = None) -> Engine:
    """The engine module of this name (imported only when used: the command line starts
    without any engine); EngineUnavailable when its extra is not installed."""
    chosen = chosen_engine(name)
    try:
        module: Any = importlib.import_module(ENGINES[chosen])
    except ImportError as missing:
        raise EngineUnavailable(
            f"the {chosen} engine needs the {EXTRAS.get(chosen, chosen)} extra"
            f" ({missing.name} is not installed): pip install 'searchkit[{EXTRAS.get(chosen)}]'"
        ) from None
    return module


def engine_for(index: Path, asked: str | None = None) -> Engine:
    """The engine asked for (the argument, else $SEARCHKIT_ENGINE), else the one that built
    the index, else the default: an update never changes an index's engine unasked."""
    from .manifest import load_head

    if not asked and not os.environ.get(ENGINE_ENV):
        head = load_head(index)
        asked = head.engine if head else None
    return engine(asked)
