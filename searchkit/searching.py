"""Searching: a query string in, ranked hits with snippets out (the Python API)."""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, overload

from whoosh import query, scoring

from . import index as indexing
from .corpus import corpus_dir, index_dir
from .highlight import snippet
from .people import alias_table, read_alias_file, signature_aliases
from .query import QueryError, filters_to_query, parse, words_of
from .units import Unit

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


HIT_FIELDS = tuple(f.name for f in fields(Hit))


@dataclass(frozen=True)
class Results(Sequence[Hit]):
    """The hits of one search, best first, and what happened to get them."""

    query: str
    hits: tuple[Hit, ...] = ()
    total: int = 0
    corrected_query: str | None = None
    any_word: bool = False  # no unit had every word: ranked by how many words match
    collapsed: int = 0  # exact duplicates left out of the hits
    facets: dict[str, dict[str, int]] = field(default_factory=dict)

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

    Keyword filters mirror the query fields: sender/from_, to, cc, subject, kind, thread,
    source, date, after, before. Raises QueryError for a query it cannot understand.
    """
    unknown = set(facets) - FACETS.keys()
    if unknown:
        raise QueryError(f"unknown facet {sorted(unknown)[0]!r}; known: {', '.join(FACETS)}")
    corpus_path, index_path = corpus_dir(corpus), index_dir(index)
    ix = ensure_index(corpus_path, index_path, refresh=refresh, notify=notify or _to_stderr)
    text = " ".join(part for part in (query.strip(), filters_to_query(filters)) if part)
    with ix.searcher(weighting=CorrespondenceBM25F()) as searcher:
        aliases = _aliases(searcher.reader(), corpus_path)
        return _run(searcher, text, limit, tuple(facets), aliases)


class CorrespondenceBM25F(scoring.BM25F):
    """BM25F with a prior for correspondence: an email that says something outranks a
    narrative paragraph that quotes it, other things equal (the factor is tuned on the
    bundled corpus, where pages quote the emails they tell of)."""

    use_final = True
    email_factor = 1.6

    def final(self, searcher, docnum: int, score: float) -> float:
        kinds = searcher.reader().column_reader("kind")
        return score * self.email_factor if kinds[docnum] == "email" else score


def ensure_index(
    corpus: Path, index: Path, *, refresh: bool = True, notify: Callable[[str], None] = print
):
    """Open the index, building it on first use and (with `refresh`) bringing it up to date."""
    ix = indexing.open_index(index)
    if ix is not None and not refresh:
        return ix
    if ix is None:
        if not corpus.is_dir():
            raise FileNotFoundError(f"corpus folder not found: {corpus}")
        notify(f"searchkit: building the index of {corpus}/ in {index}/ (first use)")
    try:
        if ix is None or indexing.is_stale(corpus, index):
            report = indexing.update(corpus, index)
            if ix is not None:
                notify(f"searchkit: index refreshed: {report.summary()}")
    except indexing.IndexBusy:
        if ix is None:
            raise
        notify("searchkit: another process is updating the index; searching it as it is")
    return indexing.open_index(index)


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr)


def _aliases(reader, corpus: Path) -> dict[str, list[str]]:
    signed: Counter[tuple[str, str]] = Counter()
    for term in reader.lexicon("signed"):
        value = term.decode("utf-8") if isinstance(term, bytes) else term
        sender, _, sign = value.partition("\t")
        signed[sender, sign] = reader.doc_frequency("signed", value)
    return alias_table([*signature_aliases(signed), *read_alias_file(corpus)])


def _run(searcher, text: str, limit, facets: tuple[str, ...], aliases) -> Results:
    q = parse(searcher.schema, text, aliases=aliases)
    found = _search(searcher, q, limit, facets)
    corrected = None
    any_word = False
    if found.is_empty():
        corrected = _correction(searcher, text)
        if corrected:
            q = parse(searcher.schema, corrected, aliases=aliases)
            found = _search(searcher, q, limit, facets)
            if found.is_empty():
                corrected = None
    if found.is_empty() and len(words_of(corrected or text)) + text.count(" ") > 1:
        q = parse(searcher.schema, corrected or text, any_word=True, aliases=aliases)
        found = _search(searcher, q, limit, facets)
        any_word = not found.is_empty()
    return _results(searcher, q, found, text, corrected, any_word, facets)


def _search(searcher, q, limit, facets: tuple[str, ...]):
    from whoosh import sorting

    groupedby = {name: sorting.FieldFacet(FACETS[name], maptype=sorting.Count) for name in facets}
    # AndNot rather than mask=: Whoosh 2.7 stops collapsing when given a mask
    return searcher.search(
        query.AndNot(q, COPIES),
        limit=limit,
        collapse="dupkey",
        collapse_limit=1,
        groupedby=groupedby or None,
    )


def _correction(searcher, text: str) -> str | None:
    """The query with unknown words replaced by the index's nearest words, if any."""
    reader = searcher.reader()
    corrected = text
    for word in words_of(text):
        lower = word.lower()
        if any((fieldname, lower) in reader for fieldname in _WORDS_FIELDS):
            continue
        suggestion = nearest_word(reader, lower)
        if suggestion:
            corrected = corrected.replace(word, suggestion, 1)
    return corrected if corrected != text else None


_WORDS_FIELDS = ("spell_text", "sender", "recipients")


def nearest_word(reader, word: str) -> str | None:
    """The closest word of the index (fewest edits, then most used), using Whoosh's automaton.

    Whoosh's own ReaderCorrector ranks every candidate within `maxdist` alike and by the
    stemmed field's frequency, so it prefers `sat` to `safety` for `safty`; this ranks by the
    real distance.
    """
    for distance in (1, 2):
        candidates = list(reader.terms_within("spell_text", word, distance, prefix=1))
        if candidates:
            return max(candidates, key=lambda w: (reader.doc_frequency("spell_text", w), w))
    return None


def _results(searcher, q, found, text, corrected, any_word, facets) -> Results:
    # fieldname= also works around Whoosh 2.7 reusing it as a loop variable inside
    terms = frozenset(
        term.decode("utf-8") if isinstance(term, bytes) else term
        for _, term in q.existing_terms(searcher.reader(), expand=True, fieldname="text")
    )
    hits = []
    for rank, hit in enumerate(found, start=1):
        unit = Unit.from_dict(_record(hit))
        passage = snippet(unit.text, terms)
        hits.append(
            Hit(
                **{name: getattr(unit, name) for name in unit.__dataclass_fields__},
                score=round(hit.score or 0.0, 4),
                rank=rank,
                snippet=passage.text,
                matches=passage.matches,
            )
        )
    collapsed = sum(found.collapsed_counts.values()) if found.collapsed_counts else 0
    return Results(
        query=text,
        hits=tuple(hits),
        total=max(len(found) - collapsed, len(hits)),
        corrected_query=corrected,
        any_word=any_word,
        collapsed=collapsed,
        facets={name: _sorted_counts(found.groups(name)) for name in facets},
    )


def _record(hit) -> dict[str, Any]:
    import json

    return json.loads(hit["record"])


def _sorted_counts(groups: dict) -> dict[str, int]:
    return dict(sorted(((str(k), v) for k, v in groups.items() if k), key=lambda kv: -kv[1]))


__all__ = ["FACETS", "Hit", "QueryError", "Results", "search"]
