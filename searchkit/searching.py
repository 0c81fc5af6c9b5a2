"""Searching: a query string in, ranked hits with snippets out (the Python API)."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from whoosh import query

from . import index as indexing
from .corpus import corpus_dir, index_dir
from .highlight import snippet
from .people import Alias, alias_origins, alias_table, signature_aliases
from .query import QueryError, filters_to_query, parse, words_of
from .schema import TEXT_ANALYZER, duplicate_key
from .units import UNIT_FIELDS, Unit

if TYPE_CHECKING:
    from .correspondence import Names

#: Later copies of a message (same Message-ID): indexed, listed by `show`, never a hit.
COPIES = query.Term("copy", "1")
#: Facets `search(..., facets=...)` and `--facet` know, and the index field each counts.
FACETS = {"sender": "person", "year": "year", "kind": "kind", "thread": "thread"}


@dataclass(frozen=True)
class Hit(Unit):
    """A unit that matched, with its place in the ranking and a snippet around the matches."""

    score: float = 0.0
    rank: int = 0
    snippet: str = ""
    matches: tuple[tuple[int, int], ...] = ()

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
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    aliases: tuple[Alias, ...] = ()  # short names in force: the alias file's and sign-offs

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

    def names(self) -> Names:
        """One name per person among these hits (shared addresses, aliases, first names)."""
        from .correspondence import Names

        return Names(self.hits, self.aliases)

    def people(self):
        """Who wrote to whom among the hits: a pandas DataFrame (a list of dicts without
        pandas) of sender, recipient, messages, first, last, redacted."""
        from .correspondence import people

        return _frame([link.to_dict() for link in people(self.hits, self.names())])

    def timeline(self, by: str = "year"):
        """Hits per year, month or day: a pandas DataFrame (a list of dicts without pandas)."""
        from .correspondence import timeline

        return _frame([{"period": p, "count": n} for p, n in timeline(self.hits, by)])

    def plot_timeline(self, by: str = "year"):
        """A bar chart of the timeline (needs matplotlib); returns its Axes."""
        import matplotlib.pyplot as plt

        from .correspondence import timeline

        rows = timeline(self.hits, by)
        _, axes = plt.subplots(figsize=(max(4, len(rows) * 0.4), 3))
        axes.bar([period for period, _ in rows], [count for _, count in rows])
        axes.set_title(f"{self.query or 'all units'}: hits per {by}")
        axes.tick_params(axis="x", labelrotation=90)
        return axes


def _frame(rows: list[dict[str, Any]]):
    try:
        import pandas
    except ImportError:
        return rows
    return pandas.DataFrame(rows)


def search(
    query: str = "",
    *,
    limit: int | None = 10,
    index: str | os.PathLike[str] | None = None,
    corpus: str | os.PathLike[str] | None = None,
    refresh: bool = True,
    facets: Sequence[str] = (),
    notify: Callable[[str], None] | None = None,
    **filters: object,
) -> Results:
    """Search the corpus; builds the index on first use and refreshes it when files changed.

    >>> from searchkit import search
    >>> hits = search("discussions are over", sender="elon")
    >>> hits[0].sender, hits[0].date
    ('Elon Musk', datetime.datetime(2017, 9, 20, 14, 17))
    >>> hits.total
    2

    Keyword filters mirror the query fields: sender/from_, to, cc, subject, kind, thread,
    source, date, after, before. Raises QueryError for a query it cannot understand.
    """
    unknown = set(facets) - FACETS.keys()
    if unknown:
        raise QueryError(f"unknown facet {sorted(unknown)[0]!r}; known: {', '.join(FACETS)}")
    opened, text, in_force = _prepare(query, filters, corpus, index, refresh, notify)
    results = _run(opened, text, limit, tuple(facets), _table(in_force))
    return replace(results, aliases=tuple(in_force))


def envelopes(
    query: str = "",
    *,
    index: str | os.PathLike[str] | None = None,
    corpus: str | os.PathLike[str] | None = None,
    refresh: bool = True,
    notify: Callable[[str], None] | None = None,
    **filters: object,
) -> Results:
    """Every unit matching `query` exactly, in index order, with its text left out: what a
    people table or a timeline counts (`Results.people()`, `.timeline()`).

    Read from a column of the index, not from the stored units: `searchkit people` over
    100,000 messages took 13 s and 1.2 GB through `search(limit=None)`. Copies of a message
    and exact duplicates are left out, as `search` leaves them out; a query matching nothing
    is not corrected.
    """
    opened, text, in_force = _prepare(query, filters, corpus, index, refresh, notify)
    q = parse(opened.searcher.schema, text, aliases=_table(in_force))
    hits, seen, collapsed = [], set(), 0
    for docnum in sorted(opened.searcher.docs_for_query(_without_copies(opened, q))):
        record = json.loads(opened.envelopes[docnum])
        duplicate = record.pop("duplicate")
        if duplicate in seen:
            collapsed += 1
            continue
        seen.add(duplicate)
        hits.append(Hit(**_unit_fields(Unit.from_dict(record)), rank=len(hits) + 1))
    return Results(
        query=text,
        hits=tuple(hits),
        total=len(hits),
        collapsed=collapsed,
        aliases=tuple(in_force),
    )


def _prepare(query, filters, corpus, index, refresh, notify):
    """The live index (built or refreshed as asked), the full query text, the aliases in force."""
    corpus_path, index_path = corpus_dir(corpus), index_dir(index)
    generation = ensure_index(corpus_path, index_path, refresh=refresh, notify=notify)
    text = " ".join(part for part in (query.strip(), filters_to_query(filters)) if part)
    opened = _open_searcher(index_path, generation)
    return opened, text, alias_origins(corpus_path, opened.signatures)


def _table(in_force: Sequence[Alias]) -> dict[str, list[str]]:
    return alias_table((alias.alias, alias.name) for alias in in_force)


def _unit_fields(unit: Unit) -> dict[str, Any]:
    return {name: getattr(unit, name) for name in UNIT_FIELDS}


@dataclass
class _OpenIndex:
    generation: Path
    searcher: Any
    signatures: list[tuple[str, str]]
    kinds: Any  # the `kind` column, for the email prior without loading stored records
    envelopes: Any  # the `envelope` column: each unit's record without its text
    has_copies: bool


_OPEN: dict[Path, _OpenIndex] = {}


def _open_searcher(index: Path, generation: Path) -> _OpenIndex:
    """A searcher kept open between searches (a notebook runs many), reopened on change."""
    key = index.resolve()
    cached = _OPEN.get(key)
    if cached and cached.generation == generation and cached.searcher.up_to_date():
        return cached
    if cached:
        cached.searcher.close()
    searcher = indexing.open_generation(generation).searcher()
    reader = searcher.reader()
    _OPEN[key] = _OpenIndex(
        generation,
        searcher,
        _signatures(reader),
        reader.column_reader("kind") if reader.has_column("kind") else {},  # empty index
        reader.column_reader("envelope") if reader.has_column("envelope") else {},
        ("copy", "1") in reader,
    )
    return _OPEN[key]


#: Correspondence is what searchkit is for: an email that says something outranks a narrative
#: paragraph that quotes it, other things equal. Tuned on the bundled corpus, where pages quote
#: the emails they tell of.
EMAIL_PRIOR = 1.6
#: BM25F ranks this many candidates (at least), then the email prior and the collapsing of
#: exact duplicates reorder them: Whoosh's fast top-k search stays usable.
_RERANK_WINDOW = 20


def ensure_index(
    corpus: Path, index: Path, *, refresh: bool = True, notify: Callable[[str], None] | None = None
) -> Path:
    """Build the index on first use and (with `refresh`) bring it up to date with the corpus;
    returns the live generation to search."""
    notify = notify or _to_stderr
    live = indexing.live_generation(index)
    exists = live is not None
    if live is not None and not refresh:
        return live
    if not exists:
        if not corpus.is_dir():
            raise FileNotFoundError(f"corpus folder not found: {corpus}")
        notify(f"searchkit: building the index of {corpus}/ in {index}/ (first use)")
    try:
        if not exists or indexing.is_stale(corpus, index):
            report = indexing.update(corpus, index)
            if exists:
                notify(f"searchkit: index refreshed: {report.summary()}")
            live = indexing.live_generation(index)
    except indexing.IndexBusy:
        if not exists:
            raise
        notify("searchkit: another process is updating the index; searching it as it is")
    if live is None:
        raise FileNotFoundError(f"no index in {index}")
    return live


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr)


def _signatures(reader) -> list[tuple[str, str]]:
    """Short names from sign-offs, counted straight off the index's `signed` terms."""
    signed: Counter[tuple[str, str]] = Counter()
    for term, info in reader.iter_field("signed"):
        value = term.decode("utf-8") if isinstance(term, bytes) else term
        sender, _, sign = value.partition("\t")
        signed[sender, sign] = info.doc_frequency()
    return signature_aliases(signed)


@dataclass
class _Ranked:
    hits: list[tuple[float, dict[str, Any]]]  # (score with the email prior, stored record)
    total: int
    exact: bool
    collapsed: int
    facets: dict[str, dict[str, int]]


def _run(opened: _OpenIndex, text: str, limit, facets: tuple[str, ...], aliases) -> Results:
    searcher = opened.searcher
    q = parse(searcher.schema, text, aliases=aliases)
    ranked = _search(opened, q, limit, facets)
    corrected = None
    any_word = False
    if not ranked.hits:
        corrected = _correction(searcher, text)
        if corrected:
            q = parse(searcher.schema, corrected, aliases=aliases)
            ranked = _search(opened, q, limit, facets)
            if not ranked.hits:
                corrected = None
    if not ranked.hits and len(words_of(corrected or text)) + text.count(" ") > 1:
        q = parse(searcher.schema, corrected or text, any_word=True, aliases=aliases)
        ranked = _search(opened, q, limit, facets)
        any_word = bool(ranked.hits)
    return _results(searcher, q, ranked, text, corrected, any_word)


def _search(opened: _OpenIndex, q, limit: int | None, facets: tuple[str, ...]) -> _Ranked:
    """BM25F's best candidates, reranked with the email prior, exact duplicates collapsed.

    Duplicates are collapsed among the candidates ranked, which is where a reader sees them;
    stored records are loaded only for the hits kept.
    """
    from whoosh import sorting

    groupedby = {name: sorting.FieldFacet(FACETS[name], maptype=sorting.Count) for name in facets}
    window = None if limit is None else max(2 * limit, _RERANK_WINDOW)
    found = opened.searcher.search(
        _without_copies(opened, q), limit=window, groupedby=groupedby or None
    )
    kinds = opened.kinds
    candidates = sorted(
        (
            ((hit.score or 0.0) * (EMAIL_PRIOR if kinds[hit.docnum] == "email" else 1.0), hit)
            for hit in found
        ),
        key=lambda candidate: -candidate[0],
    )
    kept, seen, collapsed = [], set(), 0
    for score, hit in candidates:
        if limit is not None and len(kept) == limit:
            break
        record = json.loads(hit["record"])
        key = duplicate_key(record["text"])
        if key in seen:
            collapsed += 1
            continue
        seen.add(key)
        kept.append((score, record))
    # every match was scored when fewer than the window matched; otherwise Whoosh's estimate
    # (counting exactly would run the whole query a second time)
    scored = found.scored_length()
    exact = window is None or scored < window
    total = scored if exact else found.estimated_length()
    return _Ranked(
        hits=kept,
        total=total - collapsed,
        exact=exact,
        collapsed=collapsed,
        facets={name: _sorted_counts(found.groups(name)) for name in facets},
    )


def _without_copies(opened: _OpenIndex, q):
    return query.AndNot(q, COPIES) if opened.has_copies else q


def _correction(searcher, text: str) -> str | None:
    """The query with words the index lacks replaced by its nearest words, if any."""
    reader = searcher.reader()
    corrected = text
    for word in words_of(text):
        lower = word.lower()
        stem = next((token.text for token in TEXT_ANALYZER(word, mode="query")), None)
        if stem is None or ("text", stem) in reader:
            continue
        if any((fieldname, lower) in reader for fieldname in _PEOPLE_FIELDS):
            continue
        suggestion = nearest_word(searcher, lower, stem)
        if suggestion:
            corrected = corrected.replace(word, suggestion, 1)
    return corrected if corrected != text else None


#: A suggestion is at most this many edits from the word typed.
_MAX_EDITS = 2
_PEOPLE_FIELDS = ("sender", "recipients")


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, counting a swap of neighbours as one edit (`teh` → `the`)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def nearest_word(searcher, word: str, stem: str) -> str | None:
    """The corpus's word closest to `word`: fewest edits, then most used.

    Candidates come from Whoosh's edit-distance automaton over the stemmed text terms (each
    shown as the corpus spells it) and over people's names. Whoosh's own ReaderCorrector
    ranks every candidate within `maxdist` alike, so it preferred `sat` to `safety` for
    `safty`, and it needs an unstemmed copy of the text in the index (twice the indexing time).
    """
    reader = searcher.reader()
    candidates: dict[str, int] = {}  # spelling → how many units use it
    for term in reader.terms_within("text", stem, _MAX_EDITS, prefix=1):
        for spelling in _spellings(searcher, term):
            candidates[spelling] = max(
                candidates.get(spelling, 0), reader.doc_frequency("text", term)
            )
    for fieldname in _PEOPLE_FIELDS:
        for term in reader.terms_within(fieldname, word, _MAX_EDITS, prefix=1):
            candidates[term] = max(candidates.get(term, 0), reader.doc_frequency(fieldname, term))
    scored = [
        (edit_distance(word, spelling), -used, spelling) for spelling, used in candidates.items()
    ]
    best = min(scored, default=None)
    return best[2] if best and best[0] <= _MAX_EDITS else None


def _spellings(searcher, stem: str, units: int = 3) -> set[str]:
    """The words of the corpus that stem to `stem`, as the first few units holding it spell them."""
    found = set()
    for hit in searcher.search(query.Term("text", stem), limit=units):
        text = json.loads(hit["record"])["text"]
        for token in TEXT_ANALYZER(text, chars=True, mode="index", removestops=False):
            if token.text == stem:
                found.add(text[token.startchar : token.endchar].lower())
    return found


def _results(searcher, q, ranked: _Ranked, text, corrected, any_word) -> Results:
    # fieldname= also works around Whoosh 2.7 reusing it as a loop variable inside
    terms = frozenset(
        term.decode("utf-8") if isinstance(term, bytes) else term
        for _, term in q.existing_terms(searcher.reader(), expand=True, fieldname="text")
    )
    hits = []
    for rank, (score, record) in enumerate(ranked.hits, start=1):
        unit = Unit.from_dict(record)
        passage = snippet(unit.text, terms)
        hits.append(
            Hit(
                **_unit_fields(unit),
                score=round(score, 4),
                rank=rank,
                snippet=passage.text,
                matches=passage.matches,
            )
        )
    return Results(
        query=text,
        hits=tuple(hits),
        total=max(ranked.total, len(hits)),
        total_is_exact=ranked.exact,
        corrected_query=corrected,
        any_word=any_word,
        collapsed=ranked.collapsed,
        facets=ranked.facets,
    )


def _sorted_counts(groups: dict) -> dict[str, int]:
    return dict(sorted(((str(k), v) for k, v in groups.items() if k), key=lambda kv: -kv[1]))


__all__ = ["FACETS", "Hit", "QueryError", "Results", "envelopes", "search"]
