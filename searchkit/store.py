"""The index as a store of units: one by id, a thread, copies of a message, corpus statistics."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date, datetime

from . import index as indexing
from .corpus import corpus_dir, index_dir
from .dates import naive
from .units import Unit

PathLike = str | os.PathLike[str] | None


def _open(corpus: PathLike, index: PathLike, notify: Callable[[str], None] | None = None):
    from .searching import ensure_index

    ensure_index(corpus_dir(corpus), index_dir(index), notify=notify)
    return indexing.open_index(index_dir(index))


def _units(searcher, q, limit: int | None = None) -> list[Unit]:
    return [Unit.from_dict(json.loads(hit["record"])) for hit in searcher.search(q, limit=limit)]


def find_unit(unit_id: str, *, corpus: PathLike = None, index: PathLike = None) -> Unit | None:
    from whoosh.query import Term

    with _open(corpus, index).searcher() as searcher:
        found = _units(searcher, Term("id", unit_id), limit=1)
    return found[0] if found else None


def thread_of(unit: Unit, *, index: PathLike = None) -> list[Unit]:
    """Every email of the unit's thread, oldest first (a paragraph has no thread neighbours)."""
    from whoosh.query import And, Not, Term

    if unit.kind != "email":
        return []
    ix = indexing.open_index(index_dir(index))
    with ix.searcher() as searcher:
        q = And([Term("thread", unit.thread), Term("kind", "email"), Not(Term("copy", "1"))])
        found = _units(searcher, q)
    return sorted(found, key=lambda u: (_sort_date(u.date), u.source, u.line_start))


def copies(unit: Unit, *, index: PathLike = None) -> list[Unit]:
    """Every copy of the unit's message (same Message-ID) in the corpus, itself included."""
    from whoosh.query import Term

    if not unit.message_id:
        return [unit]
    ix = indexing.open_index(index_dir(index))
    with ix.searcher() as searcher:
        found = _units(searcher, Term("message_id", unit.message_id))
    return sorted(found, key=lambda u: (u.source, u.line_start)) or [unit]


def _sort_date(value: date | datetime | None) -> datetime:
    return naive(value) if value else datetime.min


def corpus_stats(
    *, corpus: PathLike = None, index: PathLike = None, notify: Callable[[str], None] | None = None
) -> dict:
    """Units by kind, senders by count, the date range, copies and files with problems.

    Counted by Whoosh's facets and date column, without loading any stored unit.
    """
    from whoosh import query, sorting

    ix = _open(corpus, index, notify)
    manifest = indexing.load_manifest(index_dir(index))
    copy = query.Term("copy", "1")
    units = query.AndNot(query.Every(), copy)
    facets = {name: sorting.FieldFacet(name, maptype=sorting.Count) for name in ("kind", "person")}
    with ix.searcher() as searcher:
        counts = searcher.search(units, limit=1, groupedby=facets)
        kinds = _by_count(counts.groups("kind"))
        senders = _by_count(counts.groups("person"))
        # a range over the date's numeric terms, where Every("date") visits every date term
        dated = query.And([units, query.DateRange("date", datetime(1, 1, 1), None)])
        first, last = (
            _first_date(searcher, dated, reverse=False),
            _first_date(searcher, dated, reverse=True),
        )
        copies_of_messages = len(searcher.search(copy, limit=None))
    return {
        "units": sum(kinds.values()),
        "kinds": kinds,
        "senders": senders,
        "dates": [first, last],
        "copies": copies_of_messages,
        "files": len(manifest.files) if manifest else 0,
        "skipped": manifest.problems if manifest else [],
    }


def _by_count(groups: dict) -> dict[str, int]:
    return dict(sorted(((k, v) for k, v in groups.items() if k), key=lambda kv: (-kv[1], kv[0])))


def _first_date(searcher, q, *, reverse: bool) -> str | None:
    found = searcher.search(q, sortedby="date", reverse=reverse, limit=1)
    return json.loads(found[0]["record"])["date"][:10] if found else None
