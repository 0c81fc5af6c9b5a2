"""Reading a tantivy generation: what the engine-neutral `Searcher` asks of an index
(`searchkit.engines.Reader`), answered with tantivy's searcher, its stored records and its
terms.

A document is its address in the index, `(segment, number)` (tantivy's own `DocAddress`
cannot be a dict key).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Collection, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import tantivy

from ..analysis import TEXT_ANALYZER
from ..engines import IN_PLACE, Collected, Counted
from ..fields import EXACT, PEOPLE_FIELDS, indexable
from ..highlight import stem_prefix
from ..query import tree
from ..units import CORRESPONDENCE, KINDS, Unit
from .index import EVERY_VALUE, Searcher, aggregated, open_index
from .queries import PHRASE_MODES, is_nothing, levenshtein, to_tantivy, wildcard_regex
from .schema import phrase_terms, query_terms, value_number

Query = tantivy.Query
Occur = tantivy.Occur
Doc = tuple[int, int]

#: Words of the lexicon sharing a stem's first letters looked at, at most, for its forms.
_MOST_FORMS_TRIED = 5000
#: The index's own file that each commit replaces: its time says whether a reader is current.
_META = "meta.json"
#: Candidates whose kinds are read from their stored documents, at most (see `correspondence`).
_KINDS_LOADED = 64
#: Stored documents kept, at most, between the ranking's look at a candidate's kind and the
#: loading of the records kept (a generation never changes while it is open).
_DOCS_KEPT = 1024


class TantivyReader:
    """One tantivy generation, open for reading."""

    engine = "tantivy"
    reads_in_parallel = True  # and it searches and counts without holding the GIL

    def __init__(self, generation: Path) -> None:
        self.generation = generation
        self._stamp = _stamp(generation)
        self.index = open_index(generation)
        self.searcher = Searcher(self.index)
        self.tantivy = self.searcher.tantivy
        self.schema = self.searcher.schema
        self._everyone = max(self.tantivy.num_docs, 1)
        self._copies = Query.term_query(self.schema, "copy", "1")
        self._visible = Query.boolean_query(  # every unit a search may find
            [(Occur.Must, Query.all_query()), (Occur.MustNot, self.searcher.hidden)]
        )
        # the units that are not correspondence, scoring nothing (a search of them ranks
        # its matches as the search of every unit does)
        others = [kind for kind in KINDS if kind not in CORRESPONDENCE]
        self._rest = Query.boost_query(Query.term_set_query(self.schema, "kind", others), 0.0)
        self._docs: dict[Doc, tantivy.Document] = {}
        self._numbers: dict[str, dict[int, str] | None] = {}  # (`_numbered`)
        # the units whose text another unit shares, marked (`writing._mark_shared`) unless
        # an update was cut short before it marked them: then every match is looked among
        self._marked = Query.term_query(self.schema, "shared", "1")
        self._shared: Query | None = None
        if not (generation / MARKING).exists():
            self._shared = self._marked
        # the `duplicate` numbers two or more units hold (texts shared), exactly
        self._shared_texts = {
            "terms": {
                "field": "duplicate",
                "size": self._everyone,
                "segment_size": self._everyone,
                "min_doc_count": 2,
            }
        }

    def is_current(self) -> bool:
        return _stamp(self.generation) == self._stamp

    def close(self) -> None:
        """Nothing to release: tantivy's searcher holds no lock on the index."""

    def __enter__(self) -> TantivyReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ranking and matching --------------------------------------------------------------

    def bounded(self, deadline: float | None) -> AbstractContextManager[None]:
        """No deadline: tantivy expands fuzzy and wildcard words in Rust, each query in
        milliseconds; its bindings offer no time limit to stop one."""
        return nullcontext()

    def rank(self, node: tree.Node, *, window: int | None, sort: str | None) -> Collected:
        """BM25's best `window` candidates (None: every match), or the first by date, with
        an exact count; copies and echoes left out."""
        wanted = self._everyone if window is None else max(window, 1)
        found = self._search(self.searcher.query(node), wanted, sort, count=True)
        return Collected(
            hits=[  # (by place, the place number)
                (score if sort == IN_PLACE else float(score or 0.0), _doc(address))
                for score, address in found.hits
            ],
            total=found.count,  # type: ignore[attr-defined]  # tantivy's stub omits it
            exact=True,
            partial=False,
        )

    def _search(
        self, q: tantivy.Query, wanted: int, sort: str | None, *, count: bool = False
    ) -> tantivy.SearchResult:
        if not sort:
            return self.tantivy.search(q, wanted, count=count)
        order = tantivy.Order.Desc if sort == "newest" else tantivy.Order.Asc
        column = IN_PLACE if sort == IN_PLACE else "date"
        return self.tantivy.search(q, wanted, count=count, order_by_field=column, order=order)

    def matching(self, node: tree.Node) -> list[Doc]:
        """Every unit matching, copies and echoes left out, in index order."""
        found = self.tantivy.search(self.searcher.query(node), self._everyone)
        return sorted(_doc(address) for _, address in found.hits)

    def copies_matching(self, node: tree.Node) -> frozenset[str]:
        """The Message-IDs of the later copies of messages that match."""
        q = Query.boolean_query(
            [(Occur.Must, to_tantivy(node, self.searcher.target)), (Occur.Must, self._copies)]
        )
        found = self.tantivy.search(q, self._everyone).hits
        ids = (self.envelope(_doc(address)).get("message_id") for _, address in found)
        return frozenset(filter(None, ids))

    def matches_nothing(self, node: tree.Node) -> bool:
        """Does no unit a search could show match (copies and echoes left out)?"""
        found = self.tantivy.search(self.searcher.query(node), 1, count=True)
        return not found.count  # type: ignore[attr-defined]

    def looks_for_nothing(self, node: tree.Node) -> bool:
        return is_nothing(node, self.searcher.target)

    def visible(self, unit_id: str) -> Doc | None:
        """The unit's document, unless it is a copy or an echo."""
        q = Query.boolean_query(
            [
                (Occur.Must, Query.term_query(self.schema, "id", indexable(unit_id))),
                (Occur.MustNot, self.searcher.hidden),
            ]
        )
        found = self.tantivy.search(q, 1)
        return _doc(found.hits[0][1]) if found.hits else None

    def correspondence(self, node: tree.Node, found: Collected) -> set[Doc]:
        """Read from the stored documents of a few (most are the page's, loaded anyway);
        of many (a window widened past ties), the others are what the same search of the
        rest finds: a subset of the matches ranks each of them no lower."""
        if len(found.hits) <= _KINDS_LOADED:
            kinds = {doc: self._stored(doc).get_first("kind") for _, doc in found.hits}
            return {doc for doc, kind in kinds.items() if kind in CORRESPONDENCE}
        q = self.searcher.query(node)
        rest = Query.boolean_query([(Occur.Must, q), (Occur.Must, self._rest)])
        others = {_doc(address) for _, address in self.tantivy.search(rest, len(found.hits)).hits}
        return {doc for _, doc in found.hits if doc not in others}

    def record(self, doc: Doc) -> dict[str, Any]:
        return json.loads(self._bytes(doc, "record"))

    def envelope(self, doc: Doc) -> dict[str, Any]:
        return json.loads(self._bytes(doc, "envelope"))

    def _stored(self, doc: Doc) -> tantivy.Document:
        """The unit's stored document, read once: ranking reads every candidate's kind, then
        the record of those kept, and tantivy decompresses a whole block for each read."""
        stored = self._docs.get(doc)
        if stored is None:
            if len(self._docs) >= _DOCS_KEPT:
                self._docs.clear()
            stored = self._docs[doc] = self.tantivy.doc(tantivy.DocAddress(*doc))
        return stored

    def _bytes(self, doc: Doc, field: str) -> bytes:
        value = self._stored(doc).get_first(field)
        assert isinstance(value, bytes), value
        return value

    # -- the lexicon -----------------------------------------------------------------------

    def frequency(self, field: str, term: str) -> int:
        return self.searcher.doc_freq(field, term)

    def holds(self, field: str, term: str) -> bool:
        return self.frequency(field, term) > 0

    def holding(self, terms: Sequence[tuple[str, str]]) -> int:
        """How many units (copies and echoes aside) hold any of these (field, term) pairs."""
        any_of = Query.boolean_query(
            [(Occur.Should, Query.term_query(self.schema, field, term)) for field, term in terms]
        )
        q = Query.boolean_query([(Occur.Must, any_of), (Occur.MustNot, self.searcher.hidden)])
        return int(self.tantivy.search(q, 1, count=True).count)  # type: ignore[attr-defined]

    def adjacent(self, first: str, second: str) -> bool:
        """Does a unit's text hold these two words (as written), one right after the other?"""
        phrase = Query.phrase_query(self.schema, EXACT["text"], [first, second])
        return bool(self.tantivy.search(phrase, 1).hits)

    def terms_matched(self, node: tree.Node) -> tuple[frozenset[str], frozenset[str]]:
        """The query's terms of the text that the corpus holds: the stemmed ones (any form
        of the word is marked in a snippet) and the words as written (a quoted word's)."""
        stemmed: set[str] = set()
        written: set[str] = set()
        for leaf in tree.leaves(node):
            if not isinstance(leaf, tree.LEAVES) or leaf.field not in (None, "text"):
                continue
            if isinstance(leaf, tree.Phrase):  # a compound spelled as the query finds it
                for mode in PHRASE_MODES:
                    written.update(phrase_terms(EXACT["text"], leaf.text, mode))
            elif isinstance(leaf, tree.Word):
                stemmed.update(query_terms("text", leaf.text))
            else:
                stemmed.update(self._expanded(leaf))
        return (
            frozenset(term for term in stemmed if self.holds("text", term)),
            frozenset(term for term in written if self.holds(EXACT["text"], term)),
        )

    def _expanded(self, leaf: tree.Pattern | tree.Fuzzy) -> set[str]:
        """The text's terms a pattern or a fuzzy word matches."""
        found: set[str] = set()
        for term in query_terms("text", leaf.text, tokenize=False, removestops=False):
            if isinstance(leaf, tree.Pattern):
                head = term.split("*")[0].split("?")[0]
                pattern = re.compile(wildcard_regex(term), re.S)
                found.update(t for t in self.searcher.terms("text", head) if pattern.fullmatch(t))
            else:
                head = term[: leaf.prefix]
                found.update(
                    t
                    for t in self.searcher.terms("text", head)
                    if levenshtein(term, t, leaf.edits) <= leaf.edits
                )
        return found

    def forms(self, stem: str) -> Counter[str]:
        """The words as written whose stem is `stem`, with how many units use each."""
        used: Counter[str] = Counter()
        for field in EXACT.values():
            terms = self.searcher.terms(field, stem_prefix(stem))
            for number, (word, count) in enumerate(terms.items()):
                if number == _MOST_FORMS_TRIED:
                    break
                if [token.text for token in TEXT_ANALYZER(word, mode="query")] == [stem]:
                    used[word] += count
        return used

    def names(self) -> set[str]:
        """Every word of every name in the people fields."""
        return {term for field in PEOPLE_FIELDS for term in self.searcher.terms(field)}

    def near_terms(self, field: str, word: str, edits: int) -> dict[str, int]:
        """The field's terms within `edits` edits of the word, sharing its first letter,
        with how many units hold each (for spelling suggestions)."""
        return {
            term: count
            for term, count in self.searcher.terms(field, word[:1]).items()
            if levenshtein(word, term, edits) <= edits
        }

    def signed(self) -> Counter[tuple[str, str]]:
        """(sender, sign-off) pairs and how many units each signs, off the `signed` terms."""
        signed: Counter[tuple[str, str]] = Counter()
        for value, count in self.searcher.terms("signed").items():
            sender, _, sign = value.partition("\t")
            signed[sender, sign] = count
        return signed

    # -- looking up ------------------------------------------------------------------------

    def units(
        self,
        field: str,
        value: str,
        *,
        prefix: bool = False,
        limit: int | None = None,
        echoes: bool = False,
    ) -> list[Unit]:
        """The units (copies kept; echoes only with `echoes`) whose `field` is `value` or,
        with `prefix`, starts with it."""
        written = indexable(value)
        if prefix:
            starting = list(self.searcher.terms(field, written))
            matched = Query.term_set_query(self.schema, field, starting) if starting else None
        else:
            matched = Query.term_query(self.schema, field, written)
        if matched is None:
            return []
        clauses = [(Occur.Must, matched)]
        if not echoes:
            clauses.append((Occur.MustNot, Query.term_query(self.schema, "echo", "1")))
        found = self.tantivy.search(
            Query.boolean_query(clauses), self._everyone if limit is None else limit
        )
        return [Unit.from_dict(self.record(_doc(address))) for _, address in found.hits]

    def thread(self, thread: str, kind: str) -> list[Unit]:
        """The units of this kind in this thread, copies and echoes left out."""
        q = Query.boolean_query(
            [
                (Occur.Must, Query.term_query(self.schema, "thread", indexable(thread))),
                (Occur.Must, Query.term_query(self.schema, "kind", kind)),
                (Occur.MustNot, self.searcher.hidden),
            ]
        )
        found = self.tantivy.search(q, self._everyone)
        return [Unit.from_dict(self.record(_doc(address))) for _, address in found.hits]

    def stats(self) -> dict[str, Any]:
        """Units by kind and by sender, the first and last dates and the copies."""
        every = self._visible
        counted = self.searcher.counts(every)
        return {
            "kinds": counted["kind"],
            "senders": counted["sender"],
            "recipients": counted["recipient"],
            "dates": [
                self._first_date(every, tantivy.Order.Asc),
                self._first_date(every, tantivy.Order.Desc),
            ],
            "copies": int(self.tantivy.search(self._copies, 1, count=True).count),  # type: ignore[attr-defined]
        }

    def counted(self, node: tree.Node, facets: Collection[str]) -> Counted | None:
        """How many units match, the values of each of `facets` (and the years) among them,
        and the matches whose text another match may share (exact duplicates are counted
        once: the caller tells which); None where a name was made indexable (a lone
        surrogate: the stored names are counted instead), or where the values are more than
        tantivy counts in one aggregation (every thread of a large corpus)."""
        q = self.searcher.query(node)
        names = [name for name in _FACET_FIELDS if name in facets or name == "year"]
        fields = {name: self._counted_in(name) for name in names}
        asked: dict[str, Any] = {
            name: {"terms": {"field": fields[name], **EVERY_VALUE}} for name in names
        }
        asked["total"] = {"value_count": {"field": "duplicate"}}  # every unit has one
        if self._shared is None:
            asked["shared"] = self._shared_texts
        found = aggregated(self.tantivy, q, asked)
        if found is None:
            return None
        shared = found["shared"] if "shared" in found else self._among(q)
        if shared is None:
            return None
        try:
            counts = {name: self._bucket_counts(name, found[name]["buckets"]) for name in names}
        except KeyError:  # a number no value of the field has (never seen; counted otherwise)
            return None
        if any(_ESCAPED in "\n".join(counts[name]) for name in names if name != "year"):
            return None
        total = int(found["total"]["value"] or 0)
        numbers = [int(bucket["key"]) for bucket in shared["buckets"]]
        sharing: list[Doc] = []
        if numbers:
            both = Query.boolean_query(
                [(Occur.Must, q), (Occur.Must, _any_number(self.schema, "duplicate", numbers))]
            )
            found_sharing = self.tantivy.search(both, self._everyone).hits
            sharing = [_doc(address) for _, address in found_sharing]
        return Counted(total, counts, sharing)

    def _counted_in(self, facet: str) -> str:
        """The field a facet is counted in: a people facet's numbers, where no two of its
        values share a number."""
        return _NUMBERED[facet] if self._numbered(facet) is not None else _FACET_FIELDS[facet]

    def _numbered(self, facet: str) -> dict[int, str] | None:
        """A people facet's values by their numbers (`schema.value_number`), told from the
        terms of the field holding them as words (a unit deleted and not yet merged away
        keeps its terms: a value too many, never one too few); None for any other facet,
        and where two values share a number."""
        if facet not in _NUMBERED:
            return None
        if facet not in self._numbers:
            terms = self.searcher.terms(_FACET_FIELDS[facet])
            table = {value_number(term): term for term in terms}
            self._numbers[facet] = table if len(table) == len(terms) else None
        return self._numbers[facet]

    def _bucket_counts(self, name: str, buckets: list[dict[str, Any]]) -> Counter[str]:
        """A terms aggregation's buckets as `tallies.facet_values` spells the values: the
        year (a number to tantivy) zero-padded, a people facet's numbers as their values,
        the other fields' keys as they are."""
        if name == "year":
            return Counter({f"{int(b['key']):04d}": int(b["doc_count"]) for b in buckets})
        numbered = self._numbered(name)
        if numbered is not None:
            return Counter({numbered[int(b["key"])]: int(b["doc_count"]) for b in buckets})
        return Counter({b["key"]: b["doc_count"] for b in buckets})

    def later_copies(self, node: tree.Node) -> int | None:
        """Counted from the `duplicate` numbers two or more matches share (a number stands
        for a text's hash: two texts sharing one are as seldom as its 52 bits make them),
        among the marked matches; None where they are more than one aggregation counts."""
        shared = self._among(self.searcher.query(node))
        if shared is None:
            return None
        return sum(int(bucket["doc_count"]) - 1 for bucket in shared["buckets"])

    def _among(self, q: Query) -> dict[str, Any] | None:
        """The `duplicate` numbers two or more of the query's matches share: counted among
        those marked as sharing their text (every match, where the marks are not made)."""
        if self._shared is not None:
            q = Query.boolean_query([(Occur.Must, q), (Occur.Must, self._shared)])
        found = aggregated(self.tantivy, q, {"shared": self._shared_texts})
        return None if found is None else found["shared"]

    def sharing_unmarked(self) -> list[dict[str, Any]] | None:
        """The records of the visible units whose text another visible unit shares and
        that are not marked so; None where the shared texts are more than one aggregation
        counts."""
        found = aggregated(self.tantivy, self._visible, {"shared": self._shared_texts})
        if found is None:
            return None
        numbers = [int(bucket["key"]) for bucket in found["shared"]["buckets"]]
        if not numbers:
            return []
        unmarked = Query.boolean_query(
            [
                (Occur.Must, _any_number(self.schema, "duplicate", numbers)),
                (Occur.MustNot, self._marked),
                (Occur.MustNot, self.searcher.hidden),
            ]
        )
        hits = self.tantivy.search(unmarked, self._everyone).hits
        return [self.record(_doc(address)) for _, address in hits]

    def _first_date(self, every: tantivy.Query, order: tantivy.Order) -> str | None:
        found = self.tantivy.search(every, 1, order_by_field="date", order=order)
        for _, address in found.hits:
            date = self.record(_doc(address))["date"]
            return date[:10] if date else None
        return None


#: A file in a generation while its units sharing their text are not all marked (an
#: update cut short between its commits; shared texts past one aggregation's count).
MARKING = "marking-shared"

#: Each facet (`tallies.FACETS`) and the field it is counted in.
_FACET_FIELDS = {
    "sender": "person",
    "recipient": "recipient",
    "year": "year",
    "kind": "kind",
    "thread": "thread",
}
#: The people facets, each with the field of its values' numbers (`schema.value_number`):
#: tantivy counts numbers faster than the words of a column.
_NUMBERED = {"sender": "sender_number", "recipient": "recipient_number"}
#: How `fields.indexable` spells a lone surrogate.
_ESCAPED = "\\ud"


def _any_number(schema: tantivy.Schema, field: str, numbers: list[int]) -> tantivy.Query:
    return Query.boolean_query(
        [(Occur.Should, Query.term_query(schema, field, number)) for number in numbers]
    )


def _doc(address: tantivy.DocAddress) -> Doc:
    return (address.segment_ord, address.doc)


def _stamp(generation: Path) -> int:
    try:
        return (generation / _META).stat().st_mtime_ns
    except OSError:
        return 0
