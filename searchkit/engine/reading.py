"""Reading a Whoosh generation: what the engine-neutral `Searcher` asks of an index
(`searchkit.engines.Reader`), answered with Whoosh's searcher, columns and lexicon."""

from __future__ import annotations

import functools
import json
import time
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import collectors, query, sorting
from whoosh.index import Index
from whoosh.query.qcore import QueryError as WhooshQueryError

from ..analysis import TEXT_ANALYZER
from ..engines import IN_PLACE, Collected
from ..errors import QueryError
from ..fields import COUNTED_FIELDS, EXACT, PEOPLE_FIELDS, indexable
from ..highlight import stem_prefix
from ..query import tree
from ..tallies import facet_values
from ..units import CORRESPONDENCE, Unit
from .expansions import Expansions
from .queries import to_whoosh
from .schema import HIDDEN, stored_record, stored_unit

#: Later copies of a message (same Message-ID): indexed, listed by `show`, never a hit.
COPIES = query.Term("copy", "1")
ECHOES = query.Term("echo", "1")
#: Words of the lexicon sharing a stem's first letters looked at, at most, for its forms.
_MOST_FORMS_TRIED = 5000
#: The share of a search's time its fuzzy and wildcard words may take to expand: the rest is
#: for collecting their matches, so that a search cut short answers with some.
_EXPANDING_SHARE = 0.6


def open_generation(generation: Path) -> Index:
    """A generation, opened with searchkit's schema rather than the copy Whoosh pickled into
    it (the manifest's SCHEMA_VERSION says they agree): unpickling it compiled every
    analyser's regular expressions again, 10 ms of a cold search."""
    from whoosh.index import open_dir

    from .schema import make_schema

    return open_dir(str(generation), schema=make_schema())


class WhooshReader:
    """One Whoosh generation, open for reading."""

    engine = "whoosh"
    reads_in_parallel = False  # a Whoosh searcher's readers hold one file position each

    def __init__(self, generation: Path) -> None:
        self.generation = generation
        self.whoosh = open_generation(generation).searcher()
        reader = self.whoosh.reader()
        # the `kind` column, for the email prior without loading stored records
        self._kinds = reader.column_reader("kind") if reader.has_column("kind") else {}
        self._places = reader.column_reader(IN_PLACE) if reader.has_column(IN_PLACE) else {}
        # the `envelope` column: each unit's record without its text
        self._envelopes = reader.column_reader("envelope") if reader.has_column("envelope") else {}
        # copies and echoes, which no search or count finds: a mask of their document numbers,
        # made once: an AndNot over thousands of echoes slowed every query (README, Performance)
        self.hidden = set(self.whoosh.docs_for_query(HIDDEN))
        self.expansions = Expansions()
        self._deadline: float | None = None  # while a search is `bounded`
        self._collecting = 0.0  # the seconds its collecting has at least

    def is_current(self) -> bool:
        return bool(self.whoosh.up_to_date())

    def close(self) -> None:
        self.whoosh.close()

    def __enter__(self) -> WhooshReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _query(self, node: tree.Node) -> query.Query:
        return self.expansions.bound(to_whoosh(node, self.whoosh.schema))

    @contextmanager
    def bounded(self, deadline: float | None) -> Iterator[None]:
        """Within it, a search is cut short at `deadline` (`time.monotonic()`'s): its
        fuzzy and wildcard words not expanded by then stand for themselves, its collecting
        stops, and `rank` says it is partial."""
        self._deadline = deadline
        self.expansions.cut = False
        if deadline is not None:
            now = time.monotonic()
            budget = max(deadline - now, 0.0)
            self.expansions.deadline = now + _EXPANDING_SHARE * budget
            self._collecting = (1 - _EXPANDING_SHARE) * budget
        try:
            yield
        finally:
            self._deadline = self.expansions.deadline = None

    # -- ranking and matching --------------------------------------------------------------

    def rank(self, node: tree.Node, *, window: int | None, sort: str | None) -> Collected:
        """BM25F's best `window` candidates (None: every match), or the first by date
        (`sort` "newest" or "oldest") or by place (each with its place number for score),
        copies and echoes masked."""
        q = self._query(node)
        deadline = self._deadline
        bounded = deadline is not None and _open_ended(q)
        timed: _Masked | _MaskedTimeLimit
        if deadline is not None and bounded:
            self.expansions.expand(q, self.whoosh.reader())
            # its share of the time even when an expansion ran past its own (one word's
            # expansion is never cut), so that a search cut short answers with some hits
            left = max(deadline - time.monotonic(), self._collecting)
            timed = _MaskedTimeLimit(
                self._collector(window, sort), left, self.hidden, self._shared_texts
            )
        else:
            timed = _Masked(self._collector(window, sort), self.hidden, self._shared_texts)
        try:
            self.whoosh.search_with_collector(q, timed)
            partial = self.expansions.cut
        except collectors.TimeLimit:
            partial = True
        except WhooshQueryError as error:  # found only when searching: `period:"a b"`
            raise QueryError(str(error)) from None
        return Collected(
            hits=[
                (self._places[hit.docnum] if sort == IN_PLACE else hit.score or 0.0, hit.docnum)
                for hit in timed.results()
            ],
            total=timed.count(),
            exact=not partial,
            partial=partial,
            later=None if partial else timed.later(),
        )

    def _collector(self, window: int | None, sort: str | None) -> collectors.Collector:
        """A collector of the best `window` matches, or the first by `sort`, that sees and
        counts every match."""
        if sort or window is None:
            sortedby = (IN_PLACE if sort == IN_PLACE else "date") if sort else None
            return self.whoosh.collector(limit=window, sortedby=sortedby, reverse=sort == "newest")
        # Whoosh's own top N skips the blocks of postings that score too little to enter it
        # and drops the words of an Or that cannot (`usequality`, `replace`): their matches
        # went uncounted, and the total was its estimate, copies and duplicates counted in.
        # Scoring every match was measured no slower here (the skipping costs as much).
        return collectors.TopCollector(window, usequality=False, replace=0)

    def matching(self, node: tree.Node) -> list[int]:
        """Every unit matching, copies and echoes left out, in index order."""
        try:
            return sorted(set(self.whoosh.docs_for_query(self._query(node))) - self.hidden)
        except WhooshQueryError as error:
            raise QueryError(str(error)) from None

    def copies_matching(self, node: tree.Node) -> frozenset[str]:
        """The Message-IDs of the later copies of messages that match."""
        found = self.whoosh.docs_for_query(query.And([self._query(node), COPIES]))
        return frozenset(filter(None, (self.envelope(doc).get("message_id") for doc in found)))

    def matches_nothing(self, node: tree.Node) -> bool:
        """Does no unit a search could show match (copies and echoes left out, as `rank`
        leaves them)? A hidden match made a search that found nothing unexplained."""
        return all(doc in self.hidden for doc in self.whoosh.docs_for_query(self._query(node)))

    def looks_for_nothing(self, node: tree.Node) -> bool:
        """Does the query hold no word the index could hold (stop words only, `-`)?"""
        q = self._query(node)
        return q is query.NullQuery or not list(q.leaves())

    def visible(self, unit_id: str) -> int | None:
        """The unit's document, unless it is a copy or an echo."""
        docnum = self.whoosh.document_number(id=unit_id)
        return None if docnum is None or docnum in self.hidden else docnum

    def later_copies(self, node: tree.Node) -> int | None:
        """Noted by `rank`, which sees every match."""
        return self.rank(node, window=1, sort=None).later

    @functools.cached_property
    def _shared_texts(self) -> dict[int, int]:
        """The visible units whose text another visible unit shares (`fields.shared_text`),
        with the number it shares: read once, from the `duplicate` column."""
        reader = self.whoosh.reader()
        if not reader.has_column("duplicate"):
            return {}
        numbers = {
            doc: number
            for doc, number in enumerate(reader.column_reader("duplicate"))
            if doc not in self.hidden and not reader.is_deleted(doc)
        }
        counted = Counter(numbers.values())
        return {doc: number for doc, number in numbers.items() if counted[number] > 1}

    def correspondence(self, node: tree.Node, found: Collected) -> set[int]:
        return {doc for _, doc in found.hits if self._kinds[doc] in CORRESPONDENCE}

    def record(self, doc: int) -> dict[str, Any]:
        return stored_record(self.whoosh.stored_fields(doc))

    def envelope(self, doc: int) -> dict[str, Any]:
        return json.loads(self._envelopes[doc])

    # -- the lexicon -----------------------------------------------------------------------

    def frequency(self, field: str, term: str) -> int:
        return self.whoosh.doc_frequency(field, term)

    def holds(self, field: str, term: str) -> bool:
        return (field, term) in self.whoosh.reader()

    def holding(self, terms: Sequence[tuple[str, str]]) -> int:
        """How many units (copies and echoes aside) hold any of these (field, term) pairs."""
        matching = query.Or([query.Term(field, term) for field, term in terms])
        return len(set(self.whoosh.docs_for_query(matching)) - self.hidden)

    def adjacent(self, first: str, second: str) -> bool:
        """Does a unit's text hold these two words (as written), one right after the other?"""
        phrase = query.Phrase(EXACT["text"], [first, second])
        return next(iter(self.whoosh.docs_for_query(phrase)), None) is not None

    def terms_matched(self, node: tree.Node) -> tuple[frozenset[str], frozenset[str]]:
        """The query's terms of the text that the corpus holds: the stemmed ones (any form
        of the word is marked in a snippet) and the words as written (a quoted word's)."""
        reader = self.whoosh.reader()
        found: dict[str, set[str]] = {"text": set(), EXACT["text"]: set()}
        for leaf in self._query(node).leaves():
            if leaf.field() not in found:
                continue
            for fieldname, term in leaf.expanded_terms(reader, phrases=True):
                if fieldname in found and (fieldname, term) in reader:
                    found[fieldname].add(term.decode("utf-8") if isinstance(term, bytes) else term)
        return frozenset(found["text"]), frozenset(found[EXACT["text"]])

    def forms(self, stem: str) -> Counter[str]:
        """The words as written whose stem is `stem`, with how many units use each."""
        reader = self.whoosh.reader()
        used: Counter[str] = Counter()
        for field in EXACT.values():
            for number, term in enumerate(reader.expand_prefix(field, stem_prefix(stem))):
                if number == _MOST_FORMS_TRIED:
                    break
                word = term.decode("utf-8") if isinstance(term, bytes) else term
                if [token.text for token in TEXT_ANALYZER(word, mode="query")] == [stem]:
                    used[word] += reader.doc_frequency(field, word)
        return used

    def names(self) -> set[str]:
        """Every word of every name in the people fields."""
        reader = self.whoosh.reader()
        return {
            term.decode("utf-8") if isinstance(term, bytes) else term
            for field in PEOPLE_FIELDS
            for term in reader.field_terms(field)
        }

    def near_terms(self, field: str, word: str, edits: int) -> dict[str, int]:
        """The field's terms within `edits` edits of the word, sharing its first letter
        (Whoosh's edit-distance automaton), with how many units hold each."""
        reader = self.whoosh.reader()
        return {
            term: reader.doc_frequency(field, term)
            for term in reader.terms_within(field, word, edits, prefix=1)
        }

    def signed(self) -> Counter[tuple[str, str]]:
        """(sender, sign-off) pairs and how many units each signs, off the `signed` terms."""
        signed: Counter[tuple[str, str]] = Counter()
        for term, info in self.whoosh.reader().iter_field("signed"):
            value = term.decode("utf-8") if isinstance(term, bytes) else term
            sender, _, sign = value.partition("\t")
            signed[sender, sign] = info.doc_frequency()
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
        term = query.Prefix(field, written) if prefix else query.Term(field, written)
        # a mask, not AndNot: Whoosh's AndNot of one id let an echo through at some limits
        return self._units(term, limit=limit) if echoes else self._units(term, limit, mask=ECHOES)

    def thread(self, thread: str, kind: str) -> list[Unit]:
        """The units of this kind in this thread, copies and echoes left out."""
        q = query.And([query.Term("thread", thread), query.Term("kind", kind)])
        return self._units(q, mask=self.hidden)

    def _units(self, q: query.Query, limit: int | None = None, **options: Any) -> list[Unit]:
        return [stored_unit(hit) for hit in self.whoosh.search(q, limit=limit, **options)]

    def stats(self) -> dict[str, Any]:
        """Units by kind, by sender and by recipient, the first and last dates and the
        copies, counted by Whoosh's facets, the date column and the envelopes' column
        without loading any stored unit."""
        facets = {
            name: sorting.FieldFacet(field, maptype=sorting.Count)
            for name, field in COUNTED_FIELDS.items()
        }
        counts = self.whoosh.search(query.Every(), limit=None, groupedby=facets, mask=self.hidden)
        recipients: Counter[str] = Counter()
        for doc in counts.docs():
            recipients.update(facet_values(Unit.from_dict(self.envelope(doc)))["recipient"])
        # a range over the date's numeric terms, where Every("date") visits every date term
        dated = query.DateRange("date", datetime(1, 1, 1), None)
        return {
            "kinds": dict(counts.groups("kind")),
            # (the units with no sender are grouped under None: no one's)
            "senders": {value: n for value, n in counts.groups("sender").items() if value},
            "recipients": dict(recipients),
            "dates": [
                self._first_date(dated, reverse=False),
                self._first_date(dated, reverse=True),
            ],
            "copies": len(self.whoosh.search(COPIES, limit=None)),
        }

    def counted(self, node: tree.Node, facets: Collection[str]) -> None:
        """Not counted here: searchkit counts the matches' envelopes (Whoosh's own facets
        would have to keep its collapsing of duplicates too)."""
        return None

    def _first_date(self, q: query.Query, *, reverse: bool) -> str | None:
        found = self.whoosh.search(q, sortedby="date", reverse=reverse, limit=1, mask=self.hidden)
        return stored_record(found[0])["date"][:10] if found else None


class _Noting:
    """A mask of documents that no search finds (copies and echoes), applied by the
    collector itself, which notes as it goes the matches whose text another unit shares
    (`WhooshReader._shared_texts`)."""

    def __init__(self, mask: set[int], shared: dict[int, int]) -> None:
        self.mask = mask
        self.shared = shared
        self.sharing: list[int] = []

    def _collect_unmasked(self, child: collectors.Collector, sub_docnum: int) -> bool:
        """Collect the match unless masked, noting it where its text is shared."""
        docnum = child.offset + sub_docnum
        if docnum in self.mask:
            return False
        if docnum in self.shared:
            self.sharing.append(docnum)
        child.collect(sub_docnum)
        return True

    def later(self) -> int:
        """How many of the matches are exact duplicates of another match."""
        numbers = Counter(map(self.shared.get, self.sharing))
        return sum(count - 1 for count in numbers.values())


class _Masked(_Noting, collectors.WrappingCollector):
    """Whoosh's mask of a `FilterCollector`, matches noted (`_Noting`)."""

    def __init__(self, child: collectors.Collector, mask: set[int], shared: dict[int, int]):
        collectors.WrappingCollector.__init__(self, child)
        _Noting.__init__(self, mask, shared)

    def collect_matches(self) -> None:
        for sub_docnum in self.child.matches():
            self._collect_unmasked(self.child, sub_docnum)


class _MaskedTimeLimit(_Noting, collectors.TimeLimitCollector):
    """Whoosh's time limit, masking documents itself: Whoosh's own runs its loop over the
    matches of the collector it wraps, calling its `collect()`, so a FilterCollector there
    never filtered (a later copy of a message, or an echo, was a hit of a phrase or a
    wildcard). Matches noted (`_Noting`)."""

    def __init__(
        self, child: collectors.Collector, seconds: float, mask: set[int], shared: dict[int, int]
    ) -> None:
        # no SIGALRM: it works in the main thread only, and a server searches in others
        collectors.TimeLimitCollector.__init__(self, child, seconds, use_alarm=False)
        _Noting.__init__(self, mask, shared)
        # past its time with no hit yet, it goes on to its first hit, for as long again at
        # most: a search cut short answers with some hits where the matching has any soon
        self.last_chance = time.monotonic() + 2 * seconds
        self.collected = False

    def collect_matches(self) -> None:
        child = self.child
        for sub_docnum in child.matches():
            if self.timedout and (self.collected or time.monotonic() > self.last_chance):
                raise collectors.TimeLimit
            if self._collect_unmasked(child, sub_docnum):
                self.collected = True


def _open_ended(q: query.Query) -> bool:
    """Does the query expand to terms or read positions (a wildcard, a fuzzy term, a range,
    a phrase), whose cost grows with the corpus? Only those pay for the time budget: its
    collector starts a timer thread, a tenth of a plain query's time."""
    costly = (query.PatternQuery, query.FuzzyTerm, query.Phrase, query.RangeMixin, query.Every)
    return any(isinstance(node, costly) for node in q.leaves())
