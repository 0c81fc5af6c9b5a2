"""A tantivy index in a folder: adding and deleting units, and searching a query tree.

Every term is made by searchkit (`schema.py`: words written out or as tokens, or one raw
term). The analyser that splits words written out at their spaces is registered on every
open (`open_index`): tantivy keeps only its name, and a writer whose field names an
analyser not registered panics.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tantivy

from ..fields import COUNTED_FIELDS, indexable
from ..query import tree
from ..results import NEWEST, OLDEST, RELEVANCE
from ..tallies import facet_values
from ..units import Unit
from .queries import Target, to_tantivy
from .schema import WORDS_TOKENIZER, make_schema, unit_document, words_tokenizer

Query = tantivy.Query
Occur = tantivy.Occur

#: The writer's memory, over its threads: tantivy writes a segment each time a thread's
#: share fills (the share allocated as it is used), and every commit writes one a thread.
#: A search pays for each segment, and the bindings cannot merge segments on demand: the
#: build writes few, on every core; the other commits (a build's quotes and marks, an
#: update's files) on one thread, one segment each.
WRITER_HEAP = 128_000_000
BUILD_HEAP = 256_000_000
#: Query trees whose tantivy queries a searcher remembers, at most.
_QUERIES_KEPT = 256
#: The buckets a terms aggregation asks for: every value (tantivy's bucket limit refuses
#: more than it counts at once). Not the units' number: a unit holds several recipients, and
#: a message to two people was counted as one of them only.
EVERY_VALUE = {"size": 2**32 - 1, "segment_size": 2**32 - 1}
#: What `counts` counts, and in which field: the senders', kinds' and recipients' values
#: (the recipients', for the names and addresses a generation shows: `people.shown_rows`).
_COUNTED = {**COUNTED_FIELDS, "recipient": "recipient"}


def open_index(folder: Path) -> tantivy.Index:
    """The index in the folder, made there if the folder holds none."""
    folder.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(make_schema(), path=str(folder), reuse=True)
    index.register_tokenizer(WORDS_TOKENIZER, words_tokenizer())
    # read as it was when opened (`Searcher` reloads it once): a reader that followed
    # commits would keep a thread watching the folder for as long as it lives, which the
    # garbage collector decides, past the generation's own life
    index.config_reader(reload_policy="Manual")
    return index


class Writer:
    """Adds and deletes units; what it did is published at once by `commit()`, or not at
    all (leaving the `with` block by an exception rolls it back)."""

    def __init__(self, index: tantivy.Index, *, build: bool = False) -> None:
        self.writer = index.writer(BUILD_HEAP, 0) if build else index.writer(WRITER_HEAP, 1)

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.writer.rollback()
        self.writer.wait_merging_threads()

    def add(
        self,
        unit: Unit,
        place: int,
        *,
        copy: bool = False,
        echo: bool = False,
        shared: bool = False,
    ) -> None:
        """A unit at its place (a later `copy` of a message, or an `echo`: a quote of one
        the corpus holds already; both kept out of searches), its text marked `shared`."""
        self.writer.add_document(unit_document(unit, place, copy=copy, echo=echo, shared=shared))

    def delete(self, field: str, value: str) -> None:
        """The units with that value of a one-term field (`source`, `id`)."""
        self.writer.delete_documents_by_term(field, indexable(value))

    def commit(self) -> None:
        self.writer.commit()


@dataclass(frozen=True)
class Ranked:
    """A search's hits (their stored records, with their scores: None sorted by date),
    and how many units match in all."""

    records: tuple[dict[str, Any], ...]
    scores: tuple[float | None, ...]
    total: int


class Searcher:
    """The index as it was last committed, for searching."""

    def __init__(self, index: tantivy.Index) -> None:
        index.reload()
        self.schema = index.schema
        self.tantivy = index.searcher()
        # copies and echoes: never a hit, never counted
        self.hidden = Query.term_query(self.schema, "hidden", "1")
        self.target = Target(self.schema, lambda field, prefix: self.terms(field, prefix))
        self._queries: dict[tree.Node, tantivy.Query] = {}

    def query(self, node: tree.Node) -> tantivy.Query:
        """The tree's query, without the hidden units; remembered for this searcher's
        generation (a page asks again for its hits, its facets and the next page; a prefix
        expands to the terms this generation holds)."""
        made = self._queries.get(node)
        if made is None:
            if len(self._queries) >= _QUERIES_KEPT:
                self._queries.clear()
            q = to_tantivy(node, self.target)
            made = Query.boolean_query([(Occur.Must, q), (Occur.MustNot, self.hidden)])
            self._queries[node] = made
        return made

    def search(
        self,
        node: tree.Node,
        *,
        limit: int | None = 10,
        sort: str = RELEVANCE,
    ) -> Ranked:
        """The units matching the tree, best first or by date (`NEWEST`, `OLDEST`; undated
        last either way), at most `limit` (None: all), counted exactly."""
        q = self.query(node)
        wanted = self.tantivy.num_docs if limit is None else limit
        if sort == RELEVANCE:
            found = self.tantivy.search(q, max(wanted, 1), count=True)
        else:
            order = tantivy.Order.Desc if sort == NEWEST else tantivy.Order.Asc
            assert sort in (NEWEST, OLDEST), sort
            # tantivy sorts a unit without a date after the dated ones, in either order
            found = self.tantivy.search(
                q, max(wanted, 1), count=True, order_by_field="date", order=order
            )
        hits = found.hits[:wanted]
        return Ranked(
            records=tuple(self._stored_json(address, "record") for _, address in hits),
            scores=tuple(score if sort == RELEVANCE else None for score, _ in hits),
            total=found.count,  # type: ignore[attr-defined]  # tantivy's stub omits it
        )

    def counts(self, q: tantivy.Query) -> dict[str, dict[str, int]]:
        """How many of the query's units each sender, each kind and each recipient has
        (every one of them: a terms aggregation asked for every value; past tantivy's bucket
        limit, more senders than it counts at once, from each unit's envelope)."""
        asked = {
            name: {"terms": {"field": field, **EVERY_VALUE}} for name, field in _COUNTED.items()
        }
        counted = aggregated(self.tantivy, q, asked)
        if counted is None:
            return self._counted_one_by_one(q, max(self.tantivy.num_docs, 1))
        return {
            name: {str(b["key"]): b["doc_count"] for b in counted[name]["buckets"]}
            for name in _COUNTED
        }

    def _counted_one_by_one(self, q: tantivy.Query, size: int) -> dict[str, dict[str, int]]:
        counts: dict[str, Counter[str]] = {name: Counter() for name in _COUNTED}
        for _, address in self.tantivy.search(q, size).hits:
            envelope = self._stored_json(address, "envelope")
            del envelope["duplicate"]
            values = facet_values(Unit.from_dict(envelope))
            for name, counter in counts.items():  # the fields hold these values, indexable
                counter.update(map(indexable, values[name]))
        return {name: dict(counter) for name, counter in counts.items()}

    def unit(self, unit_id: str) -> Unit | None:
        """The unit of that id, hidden or not."""
        found = self.tantivy.search(Query.term_query(self.schema, "id", unit_id), 1)
        return Unit.from_dict(self._stored_json(found.hits[0][1], "record")) if found.hits else None

    def doc_freq(self, field: str, term: str) -> int:
        """How many units hold the term (as the index holds it: stemmed, folded), deleted
        ones counted until their segment is merged, as in Whoosh."""
        return int(self.tantivy.doc_freq(field, term))

    def terms(self, field: str, prefix: str = "") -> dict[str, int]:
        """The field's terms beginning with `prefix`, each with how many units hold it."""
        return dict(self.tantivy.terms_with_prefix(field, prefix))

    def _stored_json(self, address: tantivy.DocAddress, field: str) -> dict[str, Any]:
        """The unit's `record` or `envelope`, as stored."""
        stored = self.tantivy.doc(address).get_first(field)
        assert isinstance(stored, bytes), stored
        return json.loads(stored)


def aggregated(searcher: tantivy.Searcher, q: tantivy.Query, asked: dict) -> dict | None:
    """tantivy's aggregation of the query's units, or None where it refuses one of more
    buckets than its limit (every thread, or sender, of a large corpus)."""
    try:
        return searcher.aggregate(q, asked)
    except ValueError as error:  # the bucket limit is the only refusal asked this way
        if "bucket limit" not in str(error):
            raise
        return None
