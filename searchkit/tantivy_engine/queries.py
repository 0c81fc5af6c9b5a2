"""The query tree (`searchkit.query`) as tantivy queries, built through tantivy's `Query`
API (its query-string parser reads `term*` and `word~` as words and finds nothing).

Each leaf's words are analysed by the field's own analyser as the index holds them
(`schema.query_terms`), and what the tree means is what the Whoosh translation
(`searchkit.engine.queries`) makes of it, down to what a stop word does: a leaf the analysis
leaves no word of is no query (None here, Whoosh's NullQuery), dropped from the groups
around it, and a group of nothing is nothing.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import tantivy

from ..analysis import PHRASE, PHRASE_MERGED
from ..fields import EXACT, indexable
from ..query import tree
from ..query.periods import calendar
from .schema import phrase_terms, query_terms

Query = tantivy.Query
Occur = tantivy.Occur

#: How a phrase spells a compound: as the index's parts, and as one word.
PHRASE_MODES = (PHRASE, PHRASE_MERGED)
#: The most word placements a sloppy phrase is searched as, each exactly (see `_placed`).
MAX_PLACEMENTS = 256


#: The terms of a field beginning with a prefix.
Lexicon = Callable[[str, str], Iterable[str]]


@dataclass(frozen=True)
class Target:
    """The index a query is made for: its schema, and its terms (a fuzzy word's)."""

    schema: tantivy.Schema
    lexicon: Lexicon


def is_nothing(node: tree.Node, target: Target) -> bool:
    """Does the tree hold no word the index could hold (stop words only, `-`)?"""
    return _query(node, target) is None


def to_tantivy(node: tree.Node, target: Target) -> tantivy.Query:
    """The tantivy query of a query tree."""
    found = _query(node, target)
    return Query.empty_query() if found is None else found


def _query(node: tree.Node, target: Target) -> tantivy.Query | None:
    if isinstance(node, tree.LEAVES):
        if node.field is None:
            return _any(
                _leaf(node, field, node.boost * weight, target)
                for field, weight in tree.FREE_WORD_FIELDS.items()
            )
        return _leaf(node, node.field, node.boost, target)
    if isinstance(node, tree.All):
        wanted = _all(_query(c, target) for c in node.children if not isinstance(c, tree.Not))
        unwanted = _any(_query(c.child, target) for c in node.children if isinstance(c, tree.Not))
        if unwanted is None:
            return wanted
        return _but_not(Query.all_query() if wanted is None else wanted, unwanted)
    if isinstance(node, tree.Any):
        # `scale` (more children matched ranks higher) has no tantivy counterpart: tantivy's
        # boolean query sums its clauses' scores, which already ranks those first
        return _any(_query(child, target) for child in node.children)
    if isinstance(node, tree.Not):
        child = _query(node.child, target)
        return None if child is None else _but_not(Query.all_query(), child)
    if isinstance(node, tree.Dates):
        return calendar_query(target.schema, node.first, node.last)
    if isinstance(node, tree.Keys):
        keys = [indexable(key) for key in sorted(node.values)]
        return Query.term_set_query(target.schema, node.field, keys)
    if isinstance(node, tree.Everything):
        return Query.all_query()
    return None


def _all(queries: Iterable[tantivy.Query | None]) -> tantivy.Query | None:
    return _group(Occur.Must, queries)


def _any(queries: Iterable[tantivy.Query | None]) -> tantivy.Query | None:
    return _group(Occur.Should, queries)


def _group(occur: tantivy.Occur, queries: Iterable[tantivy.Query | None]) -> tantivy.Query | None:
    found = [q for q in queries if q is not None]
    if len(found) <= 1:
        return found[0] if found else None
    return Query.boolean_query([(occur, q) for q in found])


def _but_not(wanted: tantivy.Query, unwanted: tantivy.Query) -> tantivy.Query:
    return Query.boolean_query([(Occur.Must, wanted), (Occur.MustNot, unwanted)])


def _boosted(q: tantivy.Query, boost: float) -> tantivy.Query:
    return q if boost == 1.0 else Query.boost_query(q, boost)


# -- leaves --------------------------------------------------------------------------------


def _leaf(node: tree.Leaf, field: str, boost: float, target: Target) -> tantivy.Query | None:
    """A word, pattern or fuzzy word in one field: a query per term its analysis gives,
    all of them wanted (`gpt-4` is `gpt` and `4`); a quoted one is a phrase."""
    if isinstance(node, tree.Phrase):
        return _phrase(node, field, boost, target.schema)
    schema = target.schema
    if isinstance(node, tree.Word):
        terms = query_terms(field, node.text, removestops=not tree.keeps_stop_words(node))
        made = [Query.term_query(schema, field, term) for term in terms]
    else:
        # patterns and fuzzy words are read whole (one token, stop words kept), as Whoosh's
        # parser reads them, and match words as written (the field beside a stemmed one)
        field = EXACT.get(field, field)
        terms = query_terms(field, node.text, tokenize=False, removestops=False)
        if isinstance(node, tree.Pattern):
            made = [_pattern(schema, field, term) for term in terms]
        else:
            made = [_fuzzy(target, field, term, node.edits, node.prefix) for term in terms]
    found = _all(made)
    return None if found is None else _boosted(found, boost)


def _pattern(schema: tantivy.Schema, field: str, pattern: str) -> tantivy.Query:
    """`*` any run of characters, `?` one; the rest as written (tantivy's regular
    expressions match a whole term)."""
    return Query.regex_query(schema, field, f"(?s){wildcard_regex(pattern)}")


def wildcard_regex(pattern: str) -> str:
    """A pattern's regular expression, to match a whole term."""
    return "".join(
        ".*" if char == "*" else "." if char == "?" else re.escape(char) for char in pattern
    )


def _fuzzy(
    target: Target, field: str, term: str, edits: int, prefix: int
) -> tantivy.Query:
    """Terms within `edits` edits of the term (Levenshtein's: a transposition is two, as in
    Whoosh's automaton), sharing its first `prefix` letters.

    tantivy's fuzzy query has no shared prefix (its `prefix` flag is another thing: the term
    as a prefix of longer ones), and a regular expression of the edits is past its size
    limit at two edits; so with a prefix, the terms sharing it are read from the index and
    the near ones kept."""
    if not prefix:
        return Query.fuzzy_term_query(target.schema, field, term, edits, False, False)
    kept, rest = term[:prefix], term[prefix:]
    near = [t for t in target.lexicon(field, kept) if levenshtein(rest, t[prefix:], edits) <= edits]
    return Query.term_set_query(target.schema, field, near) if near else Query.empty_query()


def levenshtein(a: str, b: str, most: int) -> int:
    """The edits (a letter changed, added or dropped) from `a` to `b`, or `most + 1` as soon
    as that many are needed."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            changed = previous[j - 1] + (char_a != char_b)
            current.append(min(previous[j] + 1, current[j - 1] + 1, changed))
        if min(current) > most:
            return most + 1
        previous = current
    return previous[-1]


def _phrase(
    node: tree.Phrase, field: str, boost: float, schema: tantivy.Schema
) -> tantivy.Query | None:
    """A quoted word or phrase: its words as written (in the `_exact` field beside a stemmed
    one), stop words and all, and a compound however the text spells it (its parts, or one
    word)."""
    searched = EXACT.get(field, field)
    spellings: list[tuple[str, ...]] = []
    for mode in PHRASE_MODES:
        words = phrase_terms(searched, node.text, mode)
        if words and words not in spellings:
            spellings.append(words)
    found = _any(_placed(schema, searched, words, node.slop) for words in spellings)
    return None if found is None else _boosted(found, boost)


def _placed(schema: tantivy.Schema, field: str, words: Sequence[str], slop: int) -> tantivy.Query:
    """The words in order, each 1 to `slop` places after the one before (Whoosh's slop).

    tantivy's slop is another measure: the words may stand that many places off their
    offsets *in all*, either way, even two on one place. Around an offset k, it finds a
    second word k - slop to k + slop places after the first: two such windows cover Whoosh's
    1 to `slop`. Longer phrases are searched as each placement of their words, exactly, up
    to MAX_PLACEMENTS of them; past that, with the tantivy slop that finds every Whoosh
    match (and some more: words reordered, or further apart)."""
    if len(words) == 1:
        return Query.term_query(schema, field, words[0])
    gaps = max(slop, 1)
    if len(words) == 2:
        off = (gaps - 1) // 2
        windows = [
            Query.phrase_query(schema, field, [(0, words[0]), (centre, words[1])], off)
            for centre in sorted({1 + off, gaps - off})
        ]
        return windows[0] if len(windows) == 1 else _should(windows)
    if gaps ** (len(words) - 1) > MAX_PLACEMENTS:
        every: list[str | tuple[int, str]] = list(words)
        return Query.phrase_query(schema, field, every, (len(words) - 1) * (gaps - 1))
    placements = []
    for steps in itertools.product(range(1, gaps + 1), repeat=len(words) - 1):
        offsets = itertools.accumulate(steps, initial=0)
        placed: list[str | tuple[int, str]] = list(zip(offsets, words, strict=True))
        placements.append(Query.phrase_query(schema, field, placed, 0))
    return placements[0] if len(placements) == 1 else _should(placements)


def _should(queries: list[tantivy.Query]) -> tantivy.Query:
    return Query.boolean_query([(Occur.Should, q) for q in queries])


# -- dates ---------------------------------------------------------------------------------


def calendar_query(
    schema: tantivy.Schema, first: date | None, last: date | None
) -> tantivy.Query | None:
    """Units dated `first` to `last`, as the calendar fields' pieces (`periods.calendar`):
    a run of whole years as one range of the `year` number."""
    parts = [
        Query.term_query(schema, "period", piece)
        if isinstance(piece, str)
        else Query.range_query(schema, "year", tantivy.FieldType.Unsigned, *piece)
        for piece in calendar(first, last)
    ]
    found = _any(parts)
    return None if found is None else Query.const_score_query(found, 1.0)
