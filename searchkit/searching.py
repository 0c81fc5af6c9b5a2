"""Searching: the rules that are searchkit's own, over any engine's `Reader`.

`Searcher` is what the rest of searchkit reads an index through: the query read into its
tree, each compound found however the corpus spells it and each person by the names they
go by; a query matching nothing corrected, relaxed or explained; BM25's candidates reranked
with the email prior and exact duplicates collapsed; snippets; fusion with the ranking by
meaning. What it asks of the index is the `searchkit.engines.Reader` protocol, so that every
engine answers by the same rules. It stays open between searches (a notebook runs many) and
is reopened by its owner when the index changes.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .analysis import EXACT_ANALYZER, PEOPLE_ANALYZER, STOP_WORDS, TEXT_ANALYZER
from .dates import sort_key
from .engines import IN_PLACE, Collected, Reader
from .errors import AmbiguousId, SemanticUnavailable
from .fields import EXACT, PEOPLE_FIELDS, shared_text
from .highlight import matched_forms, matched_words, snippet
from .people import Alias, read_address_book, read_shown, read_sign_offs
from .places import place_key
from .query import rules, tree
from .query.compounds import both_spellings
from .query.parse import FILTERS, parse
from .query.periods import reversed_range
from .results import NEWEST, OLDEST, RELEVANCE, Hit, Page, Results
from .spelling import correction
from .tallies import Tallies, by_person, counted, facet_values
from .units import EMAIL, Unit, parse_iso_date, unit_values

if TYPE_CHECKING:
    from .correspondence import Names

Aliases = Mapping[str, list[str]]
#: A search's time when none is given: past it, it answers with the hits it has found.
QUERY_SECONDS = 5.0
#: Analyses of query words and names remembered, at most: a page's hits share their senders,
#: and a notebook's loop asks the same words again.
_QUERIES_KEPT = 4096


class Searcher:
    """One generation of the index, open for reading through its engine's `Reader`."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.generation = reader.generation
        self.signatures = read_sign_offs(reader.generation)
        self.address_book = read_address_book(reader.generation)
        self._names: tuple[tuple[Alias, ...], Names] | None = None
        self._answers: dict[tuple, bool] = {}
        self._loaded_vectors: tuple[int, Any] | None = None

    def is_current(self) -> bool:
        """False once a commit has changed this generation since it was opened."""
        return self.reader.is_current()

    def close(self) -> None:
        self.reader.close()

    # -- searching -------------------------------------------------------------------------

    def search(
        self,
        text: str,
        *,
        page: Page,
        aliases: Aliases,
        semantic: bool | None = None,
        deadline: float | None = None,
    ) -> Results:
        """Ranked hits with snippets. A query matching nothing is corrected (a word the index
        lacks, for the nearest it has); then, if every free word is in the corpus but they
        never meet, relaxed to any of them (its fields and dates kept); else explained.

        With `semantic` (or, where the index has vectors, for a question), the ranking by
        meaning is fused in (see `semantic.py`). Past `deadline` (`time.monotonic()`'s) the
        search answers with the hits it has (`partial`), neither corrected nor relaxed."""
        with self.reader.bounded(deadline):
            return self._search(text, page, aliases, semantic)

    def _search(
        self,
        text: str,
        page: Page,
        aliases: Aliases,
        semantic: bool | None,
    ) -> Results:
        question = _free_text(text)
        if question and page.sort == RELEVANCE and self._by_meaning(text, semantic):
            fused = self._fused(text, question, page, aliases)
            if fused is not None:
                return fused
        node = self._parse(text, aliases)
        ranked = self._rank(node, page)
        corrected = None
        any_word = False
        if not ranked.total and not ranked.partial:
            corrected = correction(self.reader, text)
            if corrected:
                fixed = self._parse(corrected, aliases)
                ranked = self._rank(fixed, page)
                if ranked.total:
                    node = fixed
                else:
                    corrected = None
        explanation = None
        if not ranked.total and not ranked.partial:
            explanation = _unknown_field(text) or self._nowhere(node)
            wider = None if explanation else rules.relaxed(node)
            if wider is not None:
                ranked = self._rank(wider, page)
                any_word = bool(ranked.total)
                node = wider if any_word else node
            if not ranked.total and explanation is None:
                explanation = self._why_nothing(text, node, aliases)
        results = self._results(node, ranked, corrected or text, corrected, any_word)
        return replace(
            results,
            query=text,
            explanation=explanation,
            notes=(
                *_run_notes(node),
                *(self._stem_notes(corrected or text) if results.total else ()),
                *(_common_notes(corrected or text) if results.total else ()),
            ),
        )

    def envelopes(self, text: str, *, aliases: Aliases) -> Results:
        """Every unit matching `text` exactly, in the corpus's order, without its text: read from
        each unit's envelope, not from the stored units (`searchkit people` over 100,000
        messages took 13 s and 1.2 GB through the stored units). Copies and exact duplicates
        are left out, as `search` leaves them out; a query matching nothing is not corrected
        (a silent correction would change a tally)."""
        hits: list[Hit] = []
        collapsed = 0
        matching = self.reader.matching(self._parse(text, aliases))
        for record, later in _in_place(map(self.reader.envelope, matching)):
            if later:
                collapsed += 1
                continue
            hits.append(Hit(**unit_values(record), rank=len(hits) + 1))
        return Results(query=text, hits=tuple(hits), total=len(hits), collapsed=collapsed)

    def marks(self, text: str, aliases: Aliases, shown: str) -> list[tuple[int, int]]:
        """Where the query's words stand in a unit's whole text, marked as a hit's snippet
        marks them: its terms the corpus holds, found by the snippets' highlighter."""
        terms, exact = self.reader.terms_matched(self._parse(text, aliases))
        if not terms and not exact:
            return []
        return [(match.start, match.end) for match in matched_words(shown, terms, exact, set())]

    def _parse(self, text: str, aliases: Aliases) -> tree.Node:
        """The query, each compound in it found however the corpus spells it, each person
        by the other names they go by, and each folder or file by the copies filed there."""
        spelled = both_spellings(text, self._known, self._adjacent)
        named = rules.with_other_names(rules.within_runs(parse(spelled)), aliases)
        return rules.with_copies_placed(named, self.reader.copies_matching)

    def _known(self, word: str) -> bool:
        """Does a unit's text hold this word (as the index analyses it)?"""
        term = _term(word)
        return term is not None and self._remembered(
            ("word", term), lambda: bool(self.reader.frequency("text", term))
        )

    def _adjacent(self, first: str, second: str) -> bool:
        """Does a unit's text hold these two words, one right after the other?"""
        one, two = _written(first), _written(second)
        if one is None or two is None:
            return False
        return self._remembered(("pair", one, two), lambda: self.reader.adjacent(one, two))

    def _remembered(self, key: tuple, answer: Callable[[], bool]) -> bool:
        """An answer about the index, asked for each split of each query word: kept while
        the searcher is open (it is the same index)."""
        known = self._answers.get(key)
        if known is None:
            if len(self._answers) >= _ANSWERS_KEPT:
                self._answers.clear()
            known = self._answers[key] = answer()
        return known

    # -- by meaning ------------------------------------------------------------------------

    def _by_meaning(self, text: str, asked: bool | None) -> bool:
        from . import semantic

        if asked is False or (asked is None and not semantic.is_question(text)):
            return False
        if not semantic.has_vectors(self.generation):
            if asked:
                raise SemanticUnavailable(
                    "this index has no vectors: run `searchkit index --semantic` first"
                )
            return False
        return asked or semantic.available()

    def _vectors(self):
        from . import semantic

        path = semantic.vectors_path(self.generation)
        stamp = path.stat().st_mtime_ns
        if self._loaded_vectors is None or self._loaded_vectors[0] != stamp:
            self._loaded_vectors = (stamp, semantic.load(self.generation))
        return self._loaded_vectors[1]

    def _fused(self, text: str, question: str, page: Page, aliases: Aliases) -> Results | None:
        """The units nearest the question in meaning, then BM25's other hits (its free words
        any of them: a question's words seldom all meet an answer); filters stay filters.

        None when the words answer it already: BM25's first unit is about as near the
        question in meaning as the nearest unit (at least `_WORDS_AGREE` of its cosine); the
        search then ranks as without vectors. Measured on the relevance set of
        tests/test_semantic.py: where the words were right that share was 0.48 to 1 (and
        once 0, kept first by the alternation below), where they were wrong 0.11 to 0.31
        (-0.06 to 0.44 with the encoder before the integer one).
        """
        from . import semantic

        node = self._parse(text, aliases)
        keyword = rules.relaxed(node) or node
        words = self._rank(keyword, Page(limit=_FUSED, sort=RELEVANCE))
        # a word the corpus lacks (`how many employees…`): the words cannot answer, meaning
        # does, the missing word said
        absent = self._nowhere(node)
        vector = semantic.encoder()([question])[0]
        candidates = self._vectors().ranked(vector, _FUSED * 4)
        if words.hits and candidates and not absent:
            near = self._vectors().cosine(words.hits[0][1]["id"], vector)
            if near is not None and near >= candidates[0][1] * _WORDS_AGREE:
                return None
        by_words = [record["id"] for _, record in words.hits]
        records = {record["id"]: record for _, record in words.hits}
        _, fixed = rules.free_words(node)
        allowed = set(self.reader.matching(tree.All(tuple(fixed)))) if fixed else None
        nearest: list[str] = []
        # the near ones only: cosine falls off steeply past a true answer
        floor = candidates[0][1] * _NEAR_ENOUGH if candidates else 0.0
        for unit_id, cosine in candidates:
            if cosine < floor:
                break
            doc = self.reader.visible(unit_id)
            if doc is None or (allowed is not None and doc not in allowed):
                continue
            nearest.append(unit_id)
            if unit_id not in records:
                records[unit_id] = self.reader.record(doc)
            if len(nearest) == _FUSED:
                break
        fused, seen, collapsed = [], set(), 0
        # the two rankings in turn, meaning first: where the words did not answer, this did
        # better on the relevance set than reciprocal rank fusion (questions' success@1 0.29
        # against 0.21) and than meaning alone (which lost answers BM25 had second)
        for rank, unit_id in enumerate(semantic.alternate(nearest, by_words)):
            record = records[unit_id]
            key = shared_text(record)
            if key in seen:
                collapsed += 1
                continue
            seen.add(key)
            fused.append((round(1.0 / (semantic.RRF_K + rank + 1), 6), record))
        ranked = _Ranked(
            hits=fused[page.offset : page.end],
            first_rank=page.offset + 1,
            total=len(fused),
            exact=False,
            partial=words.partial,
            collapsed=collapsed,
        )
        results = self._results(keyword, ranked, text, None, False)
        notes = (*((absent,) if absent else ()), *(self._stem_notes(text) if fused else ()))
        if self._vectors().encoder != semantic.ENCODER:  # near, not equal: said, until redone
            notes = (*notes, OTHER_ENCODER_NOTE)
        return replace(results, semantic=True, notes=notes)

    # -- explaining ------------------------------------------------------------------------

    def _nowhere(self, node: tree.Node) -> str | None:
        """The free words no unit of the corpus holds: said, never dropped (answering with
        the other words' hits would answer another question)."""
        free, _ = rules.free_words(node)
        missing = [
            clause
            for clause in free
            if not self.reader.looks_for_nothing(clause) and self.reader.matches_nothing(clause)
        ]
        if not missing:
            return None
        said = "no unit mentions " + ", ".join(
            f'"{tree.written(next(tree.leaves(clause)))}"' for clause in missing
        )
        # a quoted word the corpus holds only in other forms: which ones
        for clause in missing:
            exact = _written(clause.text) if isinstance(clause, tree.Phrase) else None
            stem = _term(exact) if exact else None
            forms = self._other_forms(exact, stem) if exact and stem else None
            if forms:
                whose = "its stem" if len(missing) == 1 else f'the stem of "{exact}"'
                count, words = forms
                said += (
                    f"; {_units(count)} {_contain(count)} words with {whose}: {', '.join(words)}"
                )
        return said

    def _stem_notes(self, text: str) -> tuple[str, ...]:
        """A notice for each unquoted word of the query that no unit holds as written, found
        only through its stem (`severance` finding "several"): a stem never passes silently
        for a word."""
        notes = []
        for written, stem in _query_words(text):
            forms = self._other_forms(written, stem)
            if forms:
                count, words = forms
                notes.append(
                    f'no unit contains "{written}"; {_units(count)} {_contain(count)} words with'
                    " its stem:"
                    f" {', '.join(words)}"
                )
        return tuple(notes)

    def _other_forms(self, written: str, stem: str) -> tuple[int, list[str]] | None:
        """When no unit holds `written` as written but some hold words of its stem: how many
        units, and those words (the most used first, at most five). None otherwise."""
        stemmed = [field for field in EXACT if self.reader.holds(field, stem)]
        if not stemmed or any(self.reader.holds(field, written) for field in _WRITTEN_FIELDS):
            return None
        used = self.reader.forms(stem)
        count = self.reader.holding([(field, stem) for field in stemmed])
        if not count:
            return None
        return count, [word for word, _ in used.most_common(_FORMS_SHOWN)]

    def _why_nothing(self, text: str, node: tree.Node, aliases: Aliases) -> str | None:
        """One line saying why a query found nothing, when the reason can be told."""
        backwards = reversed_range(text)
        if backwards:
            return backwards
        if isinstance(node, tree.Nothing):
            return "no day can fall in the dates asked (before:0001?): nothing can match"
        if self.reader.looks_for_nothing(node):
            if not any(char.isalnum() for char in text if char not in _OPERATOR_MARKS):
                return (
                    "nothing to search for: searchkit indexes words (letters and digits);"
                    " emoji, symbols and punctuation are not indexed"
                )
            return (
                "nothing to search for: words such as these are too common to search alone"
                ' (inside a phrase they count: "the board")'
            )
        free, fixed = rules.free_words(node)
        for name in rules.named(parse(text)):  # as typed: `jeff`, not the jeffrey searched
            assert name.field is not None  # a name of a people field
            if self.reader.matches_nothing(rules.with_other_names(name, aliases)):
                return self._nobody(name.text, name.field)
        if free and fixed:
            fields = sorted(set(_field_names(text)))
            where = ", ".join(f"{name}:" for name in fields) or "the rest of the query"
            return f"the words are in the corpus, but in no unit within {where}"
        if fixed and not free:  # fields or dates alone (`date:2017`, `kind:chat`)
            return f"no unit matches {' '.join(text.split())}"
        return None

    def _nobody(self, name: str, fieldname: str) -> str:
        """Why a name matched nobody: the name is someone's in another role (`to:glyph`, and
        Glyph only ever wrote), or no one's, with the nearest names (never the name itself)."""
        from difflib import get_close_matches

        lower = name.lower()
        roles = [
            _ROLES[field]
            for field in PEOPLE_FIELDS
            if field != fieldname and not self.reader.matches_nothing(_in_role(lower, field))
        ]
        if roles:
            return (
                f'no unit has "{name}" in {_ROLES[fieldname]}; the name is in {" and ".join(roles)}'
            )
        known = self.reader.names()
        known.discard(lower)
        near = get_close_matches(lower, known, n=3, cutoff=0.6)
        hint = f"; near names: {', '.join(near)}" if near else ""
        return f'no one in the corpus is called "{name}"{hint}'

    # -- looking up ------------------------------------------------------------------------

    def unit(self, unit_id: str) -> Unit | None:
        """The unit with this id, or the one unit whose id starts with it (as git takes a
        commit's short id); AmbiguousId when several do. Echoes are no units."""
        found = self.reader.units("id", unit_id, limit=1)
        if found or len(unit_id) < _SHORTEST_ID_PREFIX:
            return found[0] if found else None
        found = self.reader.units("id", unit_id, prefix=True, limit=6)
        if len(found) > 1:
            many = "more than five" if len(found) > 5 else str(len(found))
            listed = ", ".join(unit.id for unit in found[:5])
            raise AmbiguousId(f"{unit_id!r} starts {many} ids: {listed}; give more of it")
        return found[0] if found else None

    def thread(self, unit: Unit) -> list[Unit]:
        """Every email of the unit's thread, oldest first (a paragraph has no thread)."""
        if unit.kind != EMAIL:
            return []
        found = self.reader.thread(unit.thread, EMAIL)
        return sorted(found, key=lambda u: (sort_key(u.date), u.source, u.line_start))

    def copies(self, unit: Unit) -> list[Unit]:
        """Every copy of the unit's message (same Message-ID) in the corpus, itself included."""
        if not unit.message_id:
            return [unit]
        found = self.reader.units("message_id", unit.message_id)
        return sorted(found, key=lambda u: (u.source, u.line_start)) or [unit]

    # -- counting --------------------------------------------------------------------------

    def names(self, people: Iterable[Alias] = ()) -> Names:
        """One name per person, told from every name and address the generation's units
        show (`people` the aliases in force): the same person under the same name whatever
        a query matches, in the people table and every count."""
        from .correspondence import Names

        aliases = tuple(people)
        known = self._names
        if known is None or known[0] != aliases:
            known = self._names = (aliases, Names(read_shown(self.generation), aliases))
        return known[1]

    def stats(self, people: Iterable[Alias] = ()) -> dict[str, Any]:
        """Units by kind, senders by count (each person under one name, `people` the aliases
        in force), the date range and the copies, counted without loading any stored unit."""
        counted = self.reader.stats()
        kinds = _by_count(counted["kinds"])
        senders = {
            "sender": Counter(counted["senders"]),
            "recipient": Counter(counted["recipients"]),
        }
        return {
            "units": sum(kinds.values()),
            "kinds": kinds,
            "senders": _by_count(by_person(senders, self.names(people))["sender"]),
            "dates": counted["dates"],
            "copies": counted["copies"],
        }

    def tallies(
        self,
        text: str,
        *,
        aliases: Aliases,
        top: int | None,
        facets: Collection[str],
        people: Iterable[Alias] = (),
    ) -> Tallies | None:
        """Every match of `text` counted by each of `facets` (`tallies.FACETS`) and year, by
        the engine where it can count them (None where it cannot): exact duplicates once, as
        `envelopes` leaves the later ones out; each person under one name (`people` the
        aliases in force)."""
        found = self.reader.counted(self._parse(text, aliases), facets)
        if found is None:
            return None
        total, counts = found.total, found.facets
        for record, later in _in_place(map(self.reader.envelope, found.sharing)):
            if later:
                total -= 1
                for name, values in facet_values(Unit.from_dict(record)).items():
                    if name in counts:
                        counts[name].subtract(values)
        positive = {name: +counter for name, counter in counts.items()}
        return counted(total, positive, top, self.names(people))

    # -- ranking ---------------------------------------------------------------------------

    def _rank(self, node: tree.Node, page: Page) -> _Ranked:
        """The page's hits: BM25's best candidates reranked with the email prior (or the
        matches by date, undated last), exact duplicates collapsed.

        Duplicates are collapsed among the candidates ranked, which is where a reader sees
        them; stored records are loaded only for the hits kept. The candidates are widened
        while a match left out could still rank on the page (a message below the window
        whose prior lifts it, or one of those tied at the window's edge), so that each page
        holds what the whole list holds there.
        """
        if page.sort in (NEWEST, OLDEST):
            return self._by_date(node, page)
        need = page.end
        window = None if need is None else max(2 * need, _RERANK_WINDOW)
        if window is not None and rules.scores_by_names(node):
            window *= _WIDER**2  # (as a window of one score is widened: a person's units tie)
        found = self.reader.rank(node, window=window, sort=None)
        gains = self._gains(node)
        alike = rules.scores_alike(node)
        known: Collection[Any] | None = None  # the correspondence, where taken apart
        if alike and window is not None and len(found.hits) == window:
            found, known = self._in_place_where_alike(node, found, window)
        while True:
            mail = known if known is not None else self.reader.correspondence(node, found)
            candidates = _best_first(found, gains, mail)
            rows = self._by_place_when_tied(node, candidates, need)
            if alike or not need or window is None or len(found.hits) < window or found.partial:
                kept, collapsed, _ = self._kept(rows, page)
                break
            # a match below the window may rank as high as this, at most
            below = found.hits[-1][0] * gains.most
            if len(candidates) >= need and candidates[need - 1][0] > below:
                kept, collapsed, last = self._kept(rows, page)
                if last is not None and last[0] > below:
                    break
            # (a window of one score says nothing of where the tie ends: a sender's
            # hundreds of messages score alike)
            window *= _WIDER**2 if found.hits[0][0] == found.hits[-1][0] else _WIDER
            found = self.reader.rank(node, window=window, sort=None)
        return self._ranked(node, found, kept, collapsed, page)

    def _gains(self, node: tree.Node) -> _Gains:
        """What the query's matches' scores are multiplied by."""
        prior = DATED_EMAIL_PRIOR if rules.has_dates(node) else EMAIL_PRIOR
        return _Gains(prior, self._holding_as_written(node))

    def _by_date(self, node: tree.Node, page: Page) -> _Ranked:
        """The page's hits by date, newest or oldest first, those of one date in the
        corpus's order, then the undated ones in that order; the dated taken ever deeper
        while those of the date at the window's edge could reach the page. No hit has a
        score: none is ranked by its words (the engines' sort keys were no scores)."""
        need = page.end
        window = None if need is None else max(2 * need, _RERANK_WINDOW)
        undated = None if rules.dated_only(node) else tree.All((node, tree.Not(_DATED)))
        dated = node if undated is None else tree.All((node, _DATED))
        while True:
            found = self.reader.rank(dated, window=window, sort=page.sort)
            rows = [(0.0, self.reader.record(doc)) for _, doc in found.hits]
            rows.sort(key=lambda row: (_dated(row[1]), _place(row[1])), reverse=page.sort == NEWEST)
            if window is None or len(found.hits) < window or found.partial:
                # every dated match: the undated follow
                after = self._found_in_place(undated, need or _RERANK_WINDOW) if undated else ()
                undated_rows = ((0.0, self.reader.record(doc)) for doc in after)
                kept, collapsed, last = self._kept(itertools.chain(rows, undated_rows), page)
                break
            kept, collapsed, last = self._kept(rows, page)
            if not need:
                break  # (a count: no row)
            if len(kept) == need and last is not None and _dated(last[1]) != _dated(rows[-1][1]):
                break  # (the page ends before the date at the window's edge)
            window *= _WIDER
        if undated is not None:
            rest = self.reader.rank(undated, window=1, sort=None)
            # (a dated text and an undated one are never duplicates: `said_by` holds the day)
            later = None
            if found.later is not None and rest.later is not None:
                later = found.later + rest.later
            found = replace(
                found,
                total=found.total + rest.total,
                exact=found.exact and rest.exact,
                later=later,
            )
        return self._ranked(node, found, kept, collapsed, page)

    def _ranked(
        self,
        node: tree.Node,
        found: Collected,
        kept: list[tuple[float, dict[str, Any]]],
        collapsed: int,
        page: Page,
    ) -> _Ranked:
        """The page of the rows kept, and the total: every match, the exact duplicates
        among them left out (those the page collapsed, where every match was looked at;
        else counted by the engine)."""
        exact = found.exact and not found.partial
        if exact and len(kept) + collapsed < found.total:
            later = found.later if found.later is not None else self.reader.later_copies(node)
            if later is None:
                exact = False
            else:
                collapsed = later
        return _Ranked(
            hits=kept[page.offset :],
            first_rank=page.offset + 1,
            total=found.total - collapsed,
            exact=exact,
            partial=found.partial,
            collapsed=collapsed,
        )

    def _kept(
        self, rows: Iterable[tuple[float, dict[str, Any]]], page: Page
    ) -> tuple[list[tuple[float, dict[str, Any]]], int, tuple[float, dict[str, Any]] | None]:
        """The rows of the page and those before it, exact duplicates left out; how many
        were left out, and the last row looked at."""
        kept: list[tuple[float, dict[str, Any]]] = []
        seen: set[str] = set()
        collapsed = 0
        last = None
        for row in rows:
            if page.end is not None and len(kept) == page.end:
                break
            last = row
            key = shared_text(row[1])
            if key in seen:
                collapsed += 1
                continue
            seen.add(key)
            kept.append(row)
            if len(kept) == page.end:
                break  # (before the next row: a row of a large tie is looked for in place)
        return kept, collapsed, last

    def _in_place_where_alike(
        self, node: tree.Node, found: Collected, window: int
    ) -> tuple[Collected, set[Any]]:
        """The window of a query whose matches score alike (`kind:email`), taken in the
        corpus's order (correspondence first, as the email prior ranks it) rather than in
        the engine's (which window of a thousand ties the engine gives is its own: a page
        of them repeated one and skipped another where the next page's window took other
        ties); and which of it is correspondence."""
        score = found.hits[0][0]
        mail = self._first_in_place(tree.All((node, rules.MAIL_OR_CHAT)), window)
        rest = tree.All((node, tree.Not(rules.MAIL_OR_CHAT)))
        in_place = mail + self._first_in_place(rest, window - len(mail))
        return replace(found, hits=[(score, doc) for doc in in_place]), set(mail)

    def _holding_as_written(self, node: tree.Node) -> list[set[Any]]:
        """For each free word of the query that the corpus also holds in other forms, the
        units holding it as written: a unit holding "Discussions" ranks above one holding
        only "discussed" for `discussions`, other things equal."""
        free, _ = rules.free_words(node)
        held = []
        for clause in free:
            if not isinstance(clause, tree.Word):
                continue
            stem, written = _term(clause.text), _written(clause.text)
            if stem is None or written is None:
                continue
            if self.reader.frequency("text", stem) == self.reader.frequency(EXACT["text"], written):
                continue  # no unit holds another form of it: the word as written ranks as is
            held.append(set(self.reader.matching(tree.Phrase(clause.text))))
        return held

    def _by_place_when_tied(
        self, node: tree.Node, candidates: list[tuple[float, Any]], need: int | None
    ) -> Iterator[tuple[float, dict[str, Any]]]:
        """The candidates' records, best first; those of one score by their place in the
        corpus, so that every engine (whose order of equals is its own) ranks them alike."""
        given = 0
        for score, group in itertools.groupby(candidates, key=lambda candidate: candidate[0]):
            tied = [doc for _, doc in group]
            in_place: Iterable[dict[str, Any]]
            if len(tied) <= _TIES_LOADED or need is None:
                in_place = sorted(map(self.reader.record, tied), key=_place)
            else:  # many: found in the corpus's order, each loaded only when reached
                found = self._found_in_place(node, need - given, among=set(tied))
                in_place = map(self.reader.record, found)
            for record in in_place:
                given += 1
                yield score, record

    def _found_in_place(
        self, node: tree.Node, first: int, among: set[Any] | None = None
    ) -> Iterator[Any]:
        """The matches of `node` (those `among` these) in the corpus's order, found by
        looking at ever more of them in that order, the `first` of them at first."""
        window, given = max(first, 1), 0
        while among is None or given < len(among):
            taken = self._first_in_place(node, window)
            found = [doc for doc in taken if among is None or doc in among]
            yield from found[given:]
            given = len(found)
            if len(taken) < window:
                return
            window *= _WIDER

    def _first_in_place(self, node: tree.Node, count: int) -> list[Any]:
        """The first `count` matches of `node` in the corpus's order: the engine's order of
        their place numbers, and of those sharing one (a mail store's messages, a file put
        where no room was left) their records'."""
        if count < 1:
            return []
        window = count + 1  # (one more: does the `count`th one's number go on past it?)
        while True:
            taken = self.reader.rank(node, window=window, sort=IN_PLACE).hits
            if len(taken) < window or taken[count - 1][0] != taken[-1][0]:
                break  # (the matches of the `count`th one's number are all in the window)
            window *= _WIDER
        in_place: list[Any] = []
        for _, shared in itertools.groupby(taken, key=lambda hit: hit[0]):
            docs = [doc for _, doc in shared]
            if len(docs) > 1:
                docs.sort(key=lambda doc: _place(self.reader.record(doc)))
            in_place += docs
            if len(in_place) >= count:
                break
        return in_place[:count]

    def _results(
        self, node: tree.Node, ranked: _Ranked, text: str, corrected: str | None, any_word: bool
    ) -> Results:
        terms, exact = self.reader.terms_matched(node)
        words = _query_words(text)
        hits = []
        for rank, (score, record) in enumerate(ranked.hits, start=ranked.first_rank):
            values = unit_values(record)
            passage = snippet(values["text"], terms, exact)
            hit = Hit(
                **values,
                score=round(score, 4),
                rank=rank,
                snippet=passage.text,
                matches=passage.matches,
            )
            if _other_forms_only(hit, words, passage.found, terms) or _near_only(hit, node):
                hit = replace(hit, stem_only=True)
            hits.append(hit)
        return Results(
            query=text,
            hits=tuple(hits),
            total=max(ranked.total, len(hits)),
            total_is_exact=ranked.exact,
            corrected_query=corrected,
            any_word=any_word,
            collapsed=ranked.collapsed,
            partial=ranked.partial,
        )


#: What each free word held as written multiplies a unit's score by, beside units that hold
#: the word only in another form of its stem (after the email prior: a short paragraph gains
#: no more than a long email). Tuned on the relevance sets.
WRITTEN_FORM_GAIN = 1.5
#: Correspondence is what searchkit is for: an email that says something outranks a narrative
#: paragraph that quotes it, other things equal. Tuned on the bundled corpus, where pages quote
#: the emails they tell of.
EMAIL_PRIOR = 1.6
#: The prior where the query names a period (`date:2018 tesla`): a message is dated by its own
#: header, a paragraph by the heading above it (`January 2018`), so the message is the better
#: evidence of what happened then. BM25's length normalisation otherwise ranks a heading's
#: dozen words above a long email saying the same (measured: 5.78 against 4.65).
DATED_EMAIL_PRIOR = 2.0
#: The engine ranks this many candidates (at least), then the email prior and the collapsing
#: of exact duplicates reorder them: the engines' fast top-k searches stay usable.
_RERANK_WINDOW = 20
#: Units with a date (one term: a range of every year was slow in Whoosh).
_DATED = tree.Keys("dated", frozenset({"1"}))
#: How much wider each widening of the candidates is than the last.
_WIDER = 4
#: Matches of one score whose records are loaded to be put in the corpus's order, at most
#: (more are found in that order by the engine, and loaded only when reached).
_TIES_LOADED = 32


#: Names the query language knows as fields (`from:`), for telling an unknown one: those the
#: keyword filters stand for.
_KNOWN = frozenset(FILTERS.values())
_FIELD_WORD = re.compile(r"(?<![\w:])([A-Za-z_]\w*):(?=\S)")
_QUOTED = re.compile(r'"[^"]*"')


#: Said when the index's vectors were made by another encoder than the question's.
OTHER_ENCODER_NOTE = (
    "the index's vectors were made by an earlier searchkit: `searchkit index` makes them again"
)
#: How many candidates each ranking gives the fusion of a search by meaning.
_FUSED = 50
#: A unit is near a question when its cosine is at least this share of the nearest one's.
_NEAR_ENOUGH = 0.5
#: The words answer a question when BM25's first unit is at least this near it, as a share
#: of the nearest unit's cosine (see `Searcher._fused`).
_WORDS_AGREE = 0.4
_FIELD_CLAUSE = re.compile(r'(?<![\w:])[A-Za-z_]\w*:(?:"[^"]*"|\S+)')


def _run_notes(node: tree.Node) -> tuple[str, ...]:
    """A notice for each word of a script written without spaces, which the query sought
    inside longer runs too (`rules.within_runs`): a hit may hold it inside another word."""
    return tuple(
        f'"{word}" was also sought inside longer runs of text (as *{word}*): the index reads'
        " a run of Chinese, Japanese, Korean or Thai letters as one word, so a hit may hold"
        " it inside another word"
        for word in dict.fromkeys(rules.unspaced(node))
    )


def _free_text(text: str) -> str:
    """A query's words without its field clauses (`from:elon`), as a question to embed."""
    return " ".join(_FIELD_CLAUSE.sub(" ", text).replace('"', " ").split())


#: Fields where a word as written counts as found (names are never stemmed).
_WRITTEN_FIELDS = (*EXACT.values(), *PEOPLE_FIELDS)
#: Other forms of a word a notice lists, at most.
_FORMS_SHOWN = 5
#: How a notice names a people field.
_ROLES = {"sender": "from:", "recipients": "to:", "cc": "cc:", "bcc": "bcc:"}


def _in_role(name: str, field: str) -> tree.Node:
    """A name in one people field; in `recipients` (which `to:` searches, the copies and
    blind copies too), as a To: recipient only."""
    if field != "recipients":
        return tree.Word(name, field)
    copies = (tree.Not(tree.Word(name, "cc")), tree.Not(tree.Word(name, "bcc")))
    return tree.All((tree.Word(name, field), *copies))


def _units(count: int) -> str:
    return "1 unit" if count == 1 else f"{count:,} units"


@functools.lru_cache(maxsize=_QUERIES_KEPT)
def _query_words(text: str) -> tuple[tuple[str, str], ...]:
    """Each unquoted word of a query (no field, not excluded) as written (folded) and as
    its stem."""
    words = []
    for word in rules.unquoted_words(text):
        written = [token.text for token in EXACT_ANALYZER(word, mode="query")]
        stems = [token.text for token in TEXT_ANALYZER(word, mode="query")]
        if len(written) == 1 and len(stems) == 1:
            words.append((written[0], stems[0]))
    return tuple(dict.fromkeys(words))


def _other_forms_only(
    unit: Unit,
    words: Sequence[tuple[str, str]],
    found: frozenset[tuple[str, str]],
    terms: frozenset[str],
) -> bool:
    """Did the unit match some word of the query only through other forms of it (`funds`
    for `funding`), nowhere as written? The subject and the names are read only for a word
    the text does not hold as written."""
    if all((stem, written) in found for written, stem in words):
        return False  # the text holds every word as written
    forms = set(found)
    if unit.subject:
        forms |= matched_forms(unit.subject, terms)
    for written, stem in words:
        seen = {form for term, form in forms if term == stem}
        if seen and written not in seen and written not in _people_words(unit):
            return True
    return False


def _near_only(unit: Unit, node: tree.Node) -> bool:
    """Did a fuzzy word the query must match (`musl~`) find the unit only by a near
    spelling, the word as asked nowhere in it?"""
    asked = [clause for clause in rules.free_words(node)[0] if isinstance(clause, tree.Fuzzy)]
    if not asked:
        return False
    held = _written_words(unit.text) | _written_words(unit.subject or "") | _people_words(unit)
    return any(
        token.text not in held
        for clause in asked
        for token in EXACT_ANALYZER(clause.text, mode="query")
    )


def _written_words(text: str) -> frozenset[str]:
    return frozenset(token.text for token in EXACT_ANALYZER(text))


def _people_words(unit: Unit) -> frozenset[str]:
    """The words of a unit's names and addresses, as the people fields hold them."""
    names = " ".join(
        filter(
            None,
            (
                unit.sender,
                unit.sender_address,
                *unit.to,
                *unit.cc,
                *unit.bcc,
                *unit.to_addresses,
                *unit.cc_addresses,
                *unit.bcc_addresses,
            ),
        )
    )
    return _analysed_names(names) if names else frozenset()


@functools.lru_cache(maxsize=_QUERIES_KEPT)
def _analysed_names(names: str) -> frozenset[str]:
    """Remembered: the same senders and recipients come back in hit after hit."""
    return frozenset(token.text for token in PEOPLE_ANALYZER(names))


#: Answers about its words a searcher remembers (see `Searcher._remembered`).
_ANSWERS_KEPT = 50_000


@functools.lru_cache(maxsize=_QUERIES_KEPT)
def _term(word: str) -> str | None:
    """The one index term a word is (stemmed, folded), or None."""
    terms = [token.text for token in TEXT_ANALYZER(word, mode="query")]
    return terms[0] if len(terms) == 1 else None


@functools.lru_cache(maxsize=_QUERIES_KEPT)
def _written(word: str) -> str | None:
    """The one term of the words as written a word is (folded, unstemmed), or None."""
    terms = [token.text for token in EXACT_ANALYZER(word, mode="query")]
    return terms[0] if len(terms) == 1 else None


def _field_names(text: str) -> list[str]:
    """The `name:` prefixes of a query string, outside its quoted phrases."""
    return _FIELD_WORD.findall(_QUOTED.sub(" ", text))


def _unknown_field(text: str) -> str | None:
    unknown = [name for name in _field_names(text) if name not in _KNOWN]
    if not unknown:
        return None
    return f"no field named {unknown[0]}: (the fields: {', '.join(sorted(_KNOWN))})"


#: The shortest id prefix `show` looks up (as git wants four characters of a commit id).
_SHORTEST_ID_PREFIX = 4


@dataclass(frozen=True)
class _Gains:
    """What the rank of a match is multiplied by, beside its engine's score: the email
    prior, and the gain of each free word held as written (`_holding_as_written`)."""

    prior: float
    holding: list[set[Any]]

    def of(self, doc: Any, mail: Collection[Any]) -> float:
        """The gains of a match, `mail` holding the candidates that are correspondence."""
        prior = self.prior if doc in mail else 1.0
        return prior * WRITTEN_FORM_GAIN ** sum(doc in held for held in self.holding)

    @property
    def most(self) -> float:
        return self.prior * WRITTEN_FORM_GAIN ** len(self.holding)


@dataclass
class _Ranked:
    hits: list[tuple[float, dict[str, Any]]]  # (score with the email prior, stored record)
    first_rank: int
    total: int
    exact: bool
    partial: bool
    collapsed: int


def _best_first(found: Collected, gains: _Gains, mail: Collection[Any]) -> list[tuple[float, Any]]:
    """The engine's candidates, each score multiplied by its gains, best first."""
    candidates = [(score * gains.of(doc, mail), doc) for score, doc in found.hits]
    candidates.sort(key=lambda candidate: -candidate[0])
    return candidates


def _place(record: dict[str, Any]) -> str:
    return place_key(record["source"], record["line_start"], record["id"])


def _common_notes(text: str) -> tuple[str, ...]:
    """A notice naming the words left out of the search as too common (`from:alice will`
    searched no "will"): quoted, they are searched."""
    common = [word for word in rules.unquoted_words(text) if word.lower() in STOP_WORDS]
    if not common:
        return ()
    listed = ", ".join(dict.fromkeys(common))
    return (f'left out as too common to search: {listed} (quoted, a word counts: "{common[0]}")',)


def _contain(count: int) -> str:
    return "contains" if count == 1 else "contain"


#: Marks of the query language, no word's
_OPERATOR_MARKS = frozenset('"()*?~^:-+')


def _in_place(envelopes: Iterable[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], bool]]:
    """Envelopes in the corpus's order (whatever the engine's), each without its duplicate
    hash and said `later` when an earlier one had the same text (an exact duplicate)."""
    seen: set[str] = set()
    for record in sorted(envelopes, key=_place):
        duplicate = record.pop("duplicate")
        yield record, duplicate in seen
        seen.add(duplicate)


def _dated(record: dict[str, Any]) -> datetime:
    return sort_key(parse_iso_date(record["date"]))


def _by_count(groups: dict) -> dict[str, int]:
    return dict(sorted(((k, v) for k, v in groups.items() if k), key=lambda kv: (-kv[1], kv[0])))
