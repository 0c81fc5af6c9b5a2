"""Copies: what the corpus holds twice is indexed once.

* Copies of one message (same Message-ID, e.g. cross-posted to two lists) are indexed, but all
  after the first are marked `copy`; searches leave them out and `searchkit show` lists them.
* A quoted message whose words already stand in the corpus as an email of their own (a reply
  quoting its parent) is not indexed again; a quote of a message the corpus lacks stays.
"""

from __future__ import annotations

import itertools
import re
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from .dates import sort_key
from .units import EMAIL, PARAGRAPH, REDACTED, Unit, inferences, unit_id

if TYPE_CHECKING:
    from .engines import Reader

_THREADS_KEPT = 512
#: How many words of a quote must stand, in order, in an email for the quote to be a copy.
OPENING_WORDS = 12
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def holds_opening(lowered: str, first: list[str]) -> bool:
    """Do the words of a text (lowercased) hold a quote's opening words (`opening`) in
    order? Each word must be in the text: a cheap look before the text's words are taken."""
    return all(word in lowered for word in first) and _spaced(first) in _spaced(
        _WORD.findall(lowered)
    )


@dataclass(frozen=True)
class Said:
    """An email's words (lowercased), with the words that name its writer and the moments it
    may be of: what a quote may repeat."""

    text: str
    writer: frozenset[str]
    moments: tuple[datetime | date, ...] = ()

    @classmethod
    def of(cls, unit: Unit) -> Said:
        return cls(unit.text.lower(), writer(unit), moments(unit))

    def repeats(self, quote: Said, first: list[str] | None) -> bool:
        """Does this email say the quote's opening words as the quote's own message would
        (or, with no `first`, a short quote's words, all of them and no more)? Not when it
        names another writer (no word of the names and addresses in common): another's
        email may paste them; nor when it was sent at another moment (a sender's daily
        report opens alike every day)."""
        if self.writer and quote.writer and not self.writer & quote.writer:
            return False
        if self.moments and quote.moments and not _one_moment(self.moments, quote.moments):
            return False
        if first is None:
            return bool(quote.writer and quote.moments) and words(self.text) == words(quote.text)
        return holds_opening(self.text, first)


def moments(unit: Unit) -> tuple[datetime | date, ...]:
    """The moments a unit may be of: its date, and the other reading of a numeric day."""
    if unit.date is None:
        return ()
    if not unit.date_ambiguous:
        return (unit.date,)
    other = date.fromisoformat(unit.date_ambiguous)
    if isinstance(unit.date, datetime):
        return unit.date, datetime.combine(other, unit.date.timetz())
    return unit.date, other


#: How far apart two clocks may tell one moment: the time zones of the world lie within it.
_ZONES_APART = timedelta(hours=26)


def _one_moment(
    ones: tuple[datetime | date, ...], others: tuple[datetime | date, ...]
) -> bool:
    """May any of these be one moment, told as a quote tells its message's (the date the
    message was sent with, in the time zone of whoever quotes it, to the minute its client
    rounds or cuts it to): whole quarter hours apart, a minute or so aside, at most a day;
    or a day apart where one gives no time?"""
    for one, other in itertools.product(ones, others):
        if isinstance(one, datetime) and isinstance(other, datetime):
            apart = abs(one.replace(tzinfo=None) - other.replace(tzinfo=None))
            off = apart % _QUARTER_HOUR
            if apart <= _ZONES_APART and min(off, _QUARTER_HOUR - off) <= _ROUNDED:
                return True
        elif abs(_day(one) - _day(other)) <= timedelta(days=1):
            return True
    return False


_QUARTER_HOUR = timedelta(minutes=15)
#: How far a quote's minute may stand from its message's seconds (`08:38:37` quoted `08:39`).
_ROUNDED = timedelta(seconds=90)


def _day(moment: datetime | date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def writer(unit: Unit) -> frozenset[str]:
    """The words of the sender's name and of its address's local part, folded (`Vasquez,
    Elena <evasquez@…>`: `vasquez`, `elena`, `evasquez`); none when redacted or unknown.
    Names are written many ways (an address for a name, a list's mangled one): writers
    differ only when no word is common to them."""
    found: set[str] = set()
    for written in (unit.sender, unit.sender_address):
        if written and REDACTED not in written:
            local = " ".join(part.partition("@")[0] for part in written.casefold().split())
            found.update(word for word in _NAME_WORD.findall(local) if len(word) > 1)
    return frozenset(found)


_NAME_WORD = re.compile(r"[^\W\d_]+")


def opening(unit: Unit) -> list[str]:
    """The first words of a quoted message, or nothing when it is too short to tell."""
    found = words(unit.text)[:OPENING_WORDS]
    return found if len(found) >= OPENING_WORDS // 2 else []


class Copies:
    """Decides, unit by unit, what an update indexes as a copy or leaves out.

    `reader` sees the index as it was before this update; `replaced` names the files this
    update deletes, whose units no longer count. A quote is looked for among the emails of
    its own thread (a reply quotes its thread's messages), which keeps the check cheap.
    """

    def __init__(
        self,
        reader: Reader | None = None,
        replaced: Iterable[str] = (),
        *,
        track_added: bool = False,
    ) -> None:
        self.reader = reader
        self.track_added = track_added  # an update that adds emails and quotes in one commit
        self.replaced = set(replaced)
        self.message_ids: dict[str, Signed] = {}  # the first of each, by what it says
        self.copy_ids: set[str] = set()
        self.quotes_left_out = 0
        # thread or topic → what the emails (and quotes kept) this update added said
        self._added: dict[str, list[Said]] = {}
        # the id of each email an update adds → the email (a build's are in the index)
        self._carriers: dict[str, Unit] = {}
        # thread or topic → what its indexed emails said; the most recent few only, so a
        # build's quote pass stays small (quotes come file by file, a thread's together)
        self._indexed_threads: OrderedDict[str, list[Said]] = OrderedDict()

    def is_copy(self, unit: Unit) -> bool:
        """Is this a later copy of a message already indexed (same Message-ID), or an
        attachment of one?"""
        if unit.attached_to and self.quote_is_copy(unit):
            return True
        # a message carried by another (a digest's, one forwarded as an attachment) is a copy
        # by its Message-ID as any message is; an attached file only with its carrier
        if (unit.attached_to and unit.kind != EMAIL) or not unit.message_id or unit.quoted_in:
            return False
        first = self.message_ids.get(unit.message_id) or self._indexed(unit.message_id)
        if first == signed(unit):
            self.copy_ids.add(unit.id)
            return True
        self.message_ids.setdefault(unit.message_id, signed(unit))
        return False

    def quote_is_copy(self, quote: Unit) -> bool:
        """A quote inside a copy of a message (or a file attached to one) is a copy too."""
        if (quote.quoted_in or quote.attached_to) in self.copy_ids:
            self.copy_ids.add(quote.id)
            return True
        return False

    def remember(self, unit: Unit) -> None:
        """An email this update adds, which a quote of the same update may copy (or be
        carried by)."""
        if self.track_added and unit.kind == EMAIL and not unit.quoted_in:
            self._note_added(unit)
            self._carriers[unit.id] = unit

    def keep_quote(self, quote: Unit) -> tuple[bool, Unit | None]:
        """Index this quote, or do its words stand in its thread or topic already? And,
        where they do, the words the quote runs on with that its carrier's writer signs
        (`written_below`): indexed as the writer's.

        The topic (the subject without `Re:`) finds the original where mail carries no
        References, as in Outlook's and Lotus Notes' quoted chains.
        """
        first = opening(quote)
        if not quote.text.strip():
            return True, None
        # the topic's emails are looked up only when the thread's do not hold the words
        said = (
            email
            for field, key in _keys(quote)
            for email in (*self._added.get(key, ()), *self._indexed_emails(field, key))
        )
        quoted = Said.of(quote)
        # a quote too short to tell by its opening (`We bought it yesterday.`) is one only
        # of an email that says those words and no more
        original = next((email for email in said if email.repeats(quoted, first or None)), None)
        if original is not None:
            self.quotes_left_out += 1
            return False, self._signed_below(quote, original)
        self._note_added(quote)
        return True, None

    def _signed_below(self, quote: Unit, original: Said) -> Unit | None:
        """The words the quote runs on with past its original's, where its carrier's writer
        signs them. A message pasted into a mail's body (its source, a forward without
        marks) runs on to the end of that body, the writer's own words below it in the
        quote: left out with the quote, they would be out of the index. From the quote's
        first word that its original does not say on, a word of the carrier's writer's name
        must stand (`Thanks, Kim`): a list's footer or a company's notice there is no one's,
        and goes with the quote."""
        said = set(words(original.text))
        first = next(
            (
                word.start()
                for word in _WORD.finditer(quote.text)
                if word.group().lower() not in said
            ),
            None,
        )
        carrier = self._carrier(quote.quoted_in) if first is not None and quote.quoted_in else None
        if (
            first is None
            or carrier is None
            or writer(carrier).isdisjoint(words(quote.text[first:]))
        ):
            return None
        return written_below(carrier, quote, first)

    def _carrier(self, unit_id: str) -> Unit | None:
        """A unit this update added (an update's) or the index holds."""
        if unit_id in self._carriers:
            return self._carriers[unit_id]
        found = self._search("id", unit_id)
        return found[0] if found else None

    def _note_added(self, unit: Unit) -> None:
        said = Said.of(unit)
        for _, key in _keys(unit):
            self._added.setdefault(key, []).append(said)

    def _indexed(self, message_id: str) -> Signed | None:
        found = self._search("message_id", message_id)
        return signed(found[0]) if found else None

    def _indexed_emails(self, field: str, key: str) -> list[Said]:
        """What the emails of a thread or topic in the index said, looked up once each."""
        cache = self._indexed_threads
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
        cache[key] = [
            Said.of(unit)
            for unit in self._search(field, key.partition(":")[2])
            if unit.kind == EMAIL
        ]
        if len(cache) > _THREADS_KEPT:
            cache.popitem(last=False)
        return cache[key]

    def _search(self, fieldname: str, value: str) -> list[Unit]:
        """The indexed units (echoes too: their words stand elsewhere) whose field has that
        value, but those of the files this update replaces."""
        if self.reader is None:
            return []
        found = self.reader.units(fieldname, value, echoes=True)
        return [unit for unit in found if unit.source not in self.replaced]


#: Who sent a message and when, as its unit says: two units of one Message-ID that differ
#: in them are two messages (a client that reuses its IDs, a file made to hide another).
Signed = tuple[str | None, str | None]


def signed(unit: Unit) -> Signed:
    return unit.sender_address or unit.sender, unit.date.isoformat() if unit.date else None


def written_below(carrier: Unit, quote: Unit, start: int) -> Unit:
    """The words of a quote from `start` on, which its carrier's writer signs, as a
    paragraph of the carrier: found by its words and `from:` its writer, on its date, but no
    message of its own (the people table and the counts count messages)."""
    text = quote.text[start:]
    line = min(quote.line_start + quote.text.count("\n", 0, start), quote.line_end)
    return replace(
        carrier,
        id=unit_id(carrier.source, PARAGRAPH, carrier.id, text),
        kind=PARAGRAPH,
        text=text,
        line_start=line,
        line_end=quote.line_end,
        message_id=None,
        attachments=(),
        inferred=inferences({"sender": SIGNED_BELOW}),
    )


#: Why the words below a pasted message are its carrier's writer's (`written_below`).
SIGNED_BELOW = "signed below the message the writer pasted in their mail"


def original_of(quote: Unit, reader: Reader) -> Unit | None:
    """The indexed email (or quote kept) whose words a quote left out as an echo repeats:
    of those of its thread or topic that hold its opening words, the first in date order."""
    first = opening(quote) or None  # (None: a short quote, all of whose words are said)
    quoted = Said.of(quote)
    holding = {
        unit.id: unit
        for field, key in _keys(quote)
        for unit in reader.units(field, key.partition(":")[2])
        if unit.kind == EMAIL and unit.id != quote.id and Said.of(unit).repeats(quoted, first)
    }
    ordered = sorted(holding.values(), key=lambda u: (sort_key(u.date), u.source, u.line_start))
    return ordered[0] if ordered else None


def _keys(unit: Unit) -> list[tuple[str, str]]:
    """The index field and lookup key of the unit's thread and topic."""
    from .units import subject_thread

    keys = [("thread", f"thread:{unit.thread}")]
    topic = subject_thread(unit.subject)
    if topic:
        keys.append(("topic", f"topic:{topic}"))
    return keys


def _spaced(found: list[str]) -> str:
    return " " + " ".join(found) + " "
