"""Copies: what the corpus holds twice is indexed once.

* Copies of one message (same Message-ID, e.g. cross-posted to two lists) are indexed, but all
  after the first are marked `copy`; searches leave them out and `searchkit show` lists them.
* A quoted message whose words already stand in the corpus as an email of their own (a reply
  quoting its parent) is not indexed again; a quote of a message the corpus lacks stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .units import Unit

#: How many words of a quote must stand, in order, in an email for the quote to be a copy.
OPENING_WORDS = 12
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def opening(unit: Unit) -> list[str]:
    """The first words of a quoted message, or nothing when it is too short to tell."""
    found = words(unit.text)[:OPENING_WORDS]
    return found if len(found) >= OPENING_WORDS // 2 else []


class Copies:
    """Decides, unit by unit, what an update indexes as a copy or leaves out.

    `searcher` sees the index as it was before this update; `replaced` names the files this
    update deletes, whose units no longer count.
    """

    def __init__(self, searcher=None, replaced: Iterable[str] = ()) -> None:
        self.searcher = searcher
        self.replaced = set(replaced)
        self.message_ids: set[str] = set()
        self.copy_ids: set[str] = set()
        self.batch_texts: list[str] = []
        self.quotes_left_out = 0

    def is_copy(self, unit: Unit) -> bool:
        """Is this a later copy of a message already indexed (same Message-ID)?"""
        if not unit.message_id or unit.quoted_in:
            return False
        if unit.message_id in self.message_ids or self._indexed("message_id", unit.message_id):
            self.copy_ids.add(unit.id)
            return True
        self.message_ids.add(unit.message_id)
        return False

    def quote_is_copy(self, quote: Unit) -> bool:
        """A quote inside a copy of a message is a copy too."""
        if quote.quoted_in in self.copy_ids:
            self.copy_ids.add(quote.id)
            return True
        return False

    def remember(self, unit: Unit) -> None:
        """An email of this update that quotes may turn out to copy."""
        if unit.kind == "email" and not unit.quoted_in:
            self.batch_texts.append(" " + " ".join(words(unit.text)) + " ")

    def keep_quote(self, quote: Unit) -> bool:
        """Index this quote, or do its words stand in the corpus already (an email, a quote)?"""
        first = opening(quote)
        if not first:
            return True
        needle = " " + " ".join(first) + " "
        if any(needle in text for text in self.batch_texts) or self._said_in_index(first):
            self.quotes_left_out += 1
            return False
        self.batch_texts.append(" " + " ".join(words(quote.text)) + " ")
        return True

    def _indexed(self, fieldname: str, value: str) -> bool:
        if self.searcher is None:
            return False
        from whoosh.query import Term

        return any(
            hit["source"] not in self.replaced
            for hit in self.searcher.search(Term(fieldname, value), limit=None)
        )

    def _said_in_index(self, first: list[str]) -> bool:
        """Do these words stand, in order, in an email (not a quote) already indexed?"""
        if self.searcher is None:
            return False
        from whoosh.query import And, Not, Phrase, Term

        from .schema import TEXT_ANALYZER

        terms = [t.text for t in TEXT_ANALYZER(" ".join(first), mode="query")]
        if len(terms) < 2:
            return False
        q = And([Phrase("text", terms), Term("kind", "email"), Not(Term("quoted", "1"))])
        return any(
            hit["source"] not in self.replaced for hit in self.searcher.search(q, limit=None)
        )
