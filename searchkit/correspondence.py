"""Who wrote to whom, and when: the people table and the timeline of a set of units.

Names are merged only on the corpus's own word: a shared address, an address book's card
giving a person's addresses, a sign-off the sender uses (`-gdb`), the alias file (`gdb = Greg
Brockman`), or a first name that only one person in the corpus has. A redacted recipient is
never merged with anybody, nor with another redacted one; nor are people whose addresses a
release blacked out merged by that (`Sam Altman <[REDACTED]>` is not Greg Brockman
<[REDACTED]>).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .dates import PERIODS, period_key, sort_key
from .people import Alias, is_redaction, name_key, person_of
from .units import CONTACT, EMAIL, PARAGRAPH, REDACTED, Unit, is_inferred


@dataclass(frozen=True)
class Link:
    """Messages from one person to another (to, cc or bcc) and the first and last of them."""

    sender: str
    recipient: str
    messages: int
    first: datetime | date | None
    last: datetime | date | None
    redacted: bool = False  # recipients whose names are blacked out: maybe several people
    inferred: int = 0  # of its messages, those whose recipient is inferred (`is_inferred`)
    # whether the first's (the last's) numeric day may be read the other way round
    first_ambiguous: bool = False
    last_ambiguous: bool = False

    def to_dict(self) -> dict:
        return {
            "sender": self.sender,
            "recipient": self.recipient,
            "messages": self.messages,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "redacted": self.redacted,
            "inferred": self.inferred,
            "first_ambiguous": self.first_ambiguous,
            "last_ambiguous": self.last_ambiguous,
        }


class Names:
    """Turns the names a corpus uses into one name per person, from the (name, address)
    pairs its units show (`shown`), each with how many units show it."""

    def __init__(self, shown: Mapping[Person, int], aliases: Iterable[Alias] = ()) -> None:
        self.aliases = list(aliases)
        self._by_alias = {name_key(alias.alias): alias.name for alias in self.aliases}
        self._by_address = _names_by_address(shown)
        self._names_at: dict[str, set[str]] = {}  # each address → the names shown with it
        for name, address in shown:
            if address:
                self._names_at.setdefault(address, set()).add(name or address)
        self._by_first = _by_first(shown)
        self._by_word = _by_word(shown)
        self._known: dict[Person, str] = {}  # each name and address asked, as named
        self._values: dict[str, str] = {}  # each facet's value asked, as named

    @classmethod
    def of(cls, units: Iterable[Unit], aliases: Iterable[Alias] = ()) -> Names:
        """The names of these units' senders and recipients."""
        return cls(Counter(person for unit in units for person in shown(unit)), aliases)

    def canonical(self, name: str, address: str | None = None) -> str:
        """One person's one name: an address's alias (an address book's, the alias file's),
        else the name the corpus shows with the address most; that name, or the name given,
        then as its alias names it, else as the full name of the only person with this
        first name (`gdb <greg@x.org>` is Greg Brockman where the alias file says so)."""
        known = self._known.get((name, address))
        if known is None:
            known = self._known[name, address] = self._canonical(name, address)
        return known

    def of_value(self, value: str) -> str:
        """The one name of a facet's value (`people.person_value`: a name and an address):
        a count names each of its hundreds of values so."""
        known = self._values.get(value)
        if known is None:
            known = self._values[value] = self.canonical(*person_of(value))
        return known

    def _canonical(self, name: str, address: str | None) -> str:
        if is_redaction(name):
            return REDACTED
        if address and address != REDACTED:
            aliased = self._by_alias and self._by_alias.get(name_key(address))
            named = aliased or self._by_address.get(address)
            if named:
                return self._named(named)
            if _another_address(name, address):
                return address
        return self._named(name)

    def addresses(self) -> list[tuple[str, str]]:
        """(name, address) for each address the corpus shows with one person's names: their
        one name, each full name the corpus shows with the address (`Ada L.` beside Ada
        Lovelace), their first name where no one else has it (the counts merge `Chidi`
        into Chidi Okafor; `from:chidi` finds his mail from his address alone too), and
        each other word of their name no one else's has (`from:okafor` alike)."""
        found = []
        for address, shown in self._by_address.items():
            name = self.canonical(shown, address)
            shown_here = sorted(self._full_names_at(address))
            # (the words of the names shown with this address: not those of a name it was
            # merged into by a first name, `Will <a@x.org>` into Will May)
            own = [word for one in shown_here for word in self._own_words(one)]
            names = [name, *(one for one in shown_here if one != name), *own]
            if " " in name and self._by_first.get(_first(name)) == name:
                names.append(name.split()[0])
            # only where the address is shown otherwise too: a search for the name finds
            # mail headed by the name already, and each address added costs it time
            found += [(one, address) for one in names if self._shown_otherwise(one, address)]
        return found

    def _own_words(self, name: str) -> list[str]:
        """The words of a name past its first that only this person's names have."""
        own = []
        for word in name.split()[1:]:
            plain = _name_word_list(word)  # (one word: `Lovelace,` is, `Lovelace-Byron` not)
            holder = len(plain) == 1 and len(plain[0]) > 1 and self._by_word.get(plain[0])
            if holder and _one_person(holder, name):
                own.append(word.strip(_PUNCTUATION))
        return own

    def _full_names_at(self, address: str) -> set[str]:
        """The names of more than one word the corpus shows with this address."""
        shown = self._names_at[address]
        return {name for name in shown if len(name.split()) > 1 and "@" not in name}

    def _shown_otherwise(self, name: str, address: str) -> bool:
        """Is the address shown with a name in which this one's words do not stand together,
        in order (`Kim`, `Lee, Kim`, the address alone, for Kim Lee; `Ada A. Lovelace` for
        Ada Lovelace), so that no search of the name as a phrase finds it?"""
        words = _name_word_list(name)
        return any(not _runs_in(words, _name_word_list(shown)) for shown in self._names_at[address])

    def _named(self, name: str) -> str:
        aliased = self._by_alias and self._by_alias.get(name_key(name))
        if aliased:
            return aliased
        lower = name.lower()
        if " " not in lower and "@" not in lower and lower in self._by_first:
            return self._by_first[lower]
        return name


#: A name as a unit shows it, with its address where the unit gives one.
Person = tuple[str, str | None]


def shown(unit: Unit) -> list[Person]:
    """The unit's sender and each of its recipients once, with their addresses: what the
    people table and the facets of senders and recipients count."""
    return sender_shown(unit) + recipients_once(unit)


def sender_shown(unit: Unit) -> list[Person]:
    """The unit's sender, unless it is no message: an address book's card (whose person sent
    nothing), a paragraph (the words a writer signed below a message they pasted: part of
    their mail, `copies.written_below`)."""
    if not unit.sender or unit.kind in (CONTACT, PARAGRAPH):
        return []
    return [(unit.sender, unit.sender_address)]


def recipients_once(unit: Unit) -> list[Person]:
    """Each of the unit's named recipients once: an address in To: and Cc: is one person
    (`Bob Stone <bob@x.org>` and `BOB STONE <Bob@x.org>`), as a name without one is."""
    once: dict[str, Person] = {}
    for name, address in recipients(unit):
        if name:
            once.setdefault(address.casefold() if address else f"\n{name}", (name, address))
    return sorted(once.values(), key=str)


def _first(name: str) -> str:
    return name.split()[0].lower()


def _by_first(shown: Mapping[Person, int]) -> dict[str, str]:
    """Each first name that only one person's full names have (`Kim Lee`, `KIM LEE`, `Kim
    Lee (Sales)` are one person's) → the name of theirs shown most (as `_names_by_address`
    chooses)."""
    full: dict[str, dict[str, int]] = {}
    for (name, _), count in shown.items():
        if name and name != REDACTED and len(name.split()) > 1:
            names = full.setdefault(_first(name), {})
            names[name] = names.get(name, 0) + count
    named = {}
    for first, names in full.items():
        if _one_persons(names):
            named[first] = _most_used(names)
    return named


def _by_word(shown: Mapping[Person, int]) -> dict[str, str]:
    """Each word (of two letters or more: no initial) of full names that only one person's
    full names have → the name of theirs shown most (`Lovelace` → Ada Lovelace)."""
    holding: dict[str, dict[str, int]] = {}
    for (name, _), count in shown.items():
        if name and name != REDACTED and len(name.split()) > 1:
            for word in _name_words(name):
                if len(word) > 1:
                    names = holding.setdefault(word, {})
                    names[name] = names.get(name, 0) + count
    return {word: _most_used(names) for word, names in holding.items() if _one_persons(names)}


def _most_used(names: Mapping[str, int]) -> str:
    """Of the names, the one shown most; of two shown alike, the one not in capitals, then
    the longer (in words, then in letters: `Ada Lovelace` before `Ada L.`), then the first
    in order."""
    return min(names, key=lambda n: (-names[n], n.isupper(), -len(n.split()), -len(n), n))


def _names_by_address(shown: Mapping[Person, int]) -> dict[str, str]:
    """Each address the corpus shows with a display name → its most used display name
    (`_most_used`: the same whichever way the pairs were counted). Not an address shown with
    the names of two people (a shared `info@` of Ann Bell's and Carl Dunn's): it names
    neither (`_one_persons`)."""
    seen: dict[str, dict[str, int]] = {}
    for (name, address), count in shown.items():
        if not name or not address or address == REDACTED or name.lower() == address:
            continue
        if not _another_address(name, address):
            names = seen.setdefault(address, {})
            names[name] = names.get(name, 0) + count
    named = {}
    for address, names in seen.items():
        if len(names) == 1:
            named[address] = next(iter(names))
            continue
        if _one_persons(names):
            named[address] = _most_used(names)
    return named


def _one_persons(names: Iterable[str]) -> bool:
    """May the names all be one person's: each a form of the fullest (`Ada L.` and `A.
    Lovelace` are forms of `Ada Lovelace`, though neither says it is the other; `Kim L.`
    stands for `Kim Lee` and for `Kim Lo`, who are two)?"""
    fullest = max(names, key=lambda name: (len(_name_words(name)), len(name), name))
    return all(_one_person(fullest, name) for name in names)


def _one_person(one: str, other: str) -> bool:
    """May two names be one person's: the words of one among the other's (`Kim`, `Kim Lee`,
    `Lee, Kim`, `KIM LEE`, `Kim Lee (Sales)`), an initial standing for a word (`K. Lee`)?"""
    words, others = _name_words(one), _name_words(other)
    if len(words) > len(others):
        return _among(others, words)
    # (of as many words, either may hold the initials: `Ada L.` and `Ada Lovelace`)
    return _among(words, others) or (len(words) == len(others) and _among(others, words))


def _among(fewer: set[str], more: set[str]) -> bool:
    """Is each word of `fewer` one of `more`, or the initial of one?"""
    return all(
        word in more or (len(word) == 1 and any(w.startswith(word) for w in more))
        for word in fewer
    )


def _name_words(name: str) -> set[str]:
    """A name's words (and numbers), in lower case, accents dropped."""
    return set(_name_word_list(name))


def _name_word_list(name: str) -> list[str]:
    """`_name_words`, in order."""
    plain = unicodedata.normalize("NFKD", name.casefold())
    return _NAME_WORD.findall("".join(c for c in plain if not unicodedata.combining(c)))


def _runs_in(words: list[str], other: list[str]) -> bool:
    """Do the words stand together, in this order, in the other words?"""
    return any(other[at : at + len(words)] == words for at in range(len(other) - len(words) + 1))


# (a number too: `Writer 3` and `Writer 17` are two)
_NAME_WORD = re.compile(r"[^\W_]+")
#: What stands around a name's word (`Lovelace,`, `(Sales)`).
_PUNCTUATION = "\"'.,;:()[]<>"


def _another_address(name: str, address: str) -> bool:
    """Is the display name an address other than the one the message came from (a
    spoofer's `"ceo@bank.example" <billing@bank-payments.example>`)? Such a name is no
    one's: the table names the address."""
    return "@" in name and name.strip("'\" <>").lower() != address.lower()


def recipients(unit: Unit) -> list[tuple[str, str | None]]:
    """The unit's recipients (to, then cc, then bcc), each with its address where the
    addresses line up with the names: a header's list gives both or, for a redacted one,
    neither."""
    found: list[tuple[str, str | None]] = []
    for names, addresses in (
        (unit.to, unit.to_addresses),
        (unit.cc, unit.cc_addresses),
        (unit.bcc, unit.bcc_addresses),
    ):
        named = [name for name in names if name != REDACTED]
        if len(named) != len(addresses):
            found.extend((name, None) for name in names)
            continue
        given = iter(addresses)
        found.extend((name, None if name == REDACTED else next(given)) for name in names)
    return found


def people(units: Iterable[Unit], names: Names) -> list[Link]:
    """Sender → recipient links, most messages first."""
    counts: Counter[tuple[str, str]] = Counter()
    inferred: Counter[tuple[str, str]] = Counter()
    dates: dict[tuple[str, str], list] = defaultdict(list)
    for unit in units:
        if unit.kind != EMAIL or not unit.sender:
            continue
        sender = names.canonical(unit.sender, unit.sender_address)
        for recipient in {names.canonical(*person) for person in recipients(unit)}:
            if recipient == sender:
                continue
            # a redacted recipient counts once per message: it may be anyone, or several
            counts[sender, recipient] += 1
            inferred[sender, recipient] += is_inferred(unit, "to")
            if unit.date:
                dates[sender, recipient].append((unit.date, bool(unit.date_ambiguous)))
    links = []
    for (sender, recipient), count in counts.items():
        when = sorted(dates[sender, recipient], key=lambda dated: sort_key(dated[0]))
        links.append(
            Link(
                sender,
                recipient,
                count,
                when[0][0] if when else None,
                when[-1][0] if when else None,
                redacted=recipient == REDACTED,
                inferred=inferred[sender, recipient],
                first_ambiguous=bool(when) and when[0][1],
                last_ambiguous=bool(when) and when[-1][1],
            )
        )
    return sorted(links, key=lambda link: (-link.messages, link.sender, link.recipient))


@dataclass(frozen=True)
class Thread:
    """A thread (or a page's section) with units that matched: its span and its people."""

    thread: str
    subject: str | None
    first: datetime | date | None
    last: datetime | date | None
    matches: int
    participants: tuple[str, ...]
    ids: tuple[str, ...]  # of the matching units, oldest first

    def to_dict(self) -> dict:
        return {
            "thread": self.thread,
            "subject": self.subject,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "matches": self.matches,
            "participants": list(self.participants),
            "ids": list(self.ids),
        }


def threads(units: Iterable[Unit], names: Names) -> list[Thread]:
    """The units grouped by thread, the thread last active first (undated ones last)."""
    grouped: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        grouped[unit.thread].append(unit)
    found = []
    for thread, members in grouped.items():
        members.sort(key=lambda unit: (sort_key(unit.date), unit.source, unit.line_start))
        dated = [unit.date for unit in members if unit.date]
        people: dict[str, None] = {}
        for unit in members:
            for name, address in [(unit.sender, unit.sender_address), *recipients(unit)]:
                if name:
                    people.setdefault(names.canonical(name, address))
        found.append(
            Thread(
                thread,
                next(
                    (
                        unit.subject or unit.section
                        for unit in members
                        if unit.subject or unit.section
                    ),
                    None,
                ),
                dated[0] if dated else None,
                dated[-1] if dated else None,
                len(members),
                tuple(people),
                tuple(unit.id for unit in members),
            )
        )
    found.sort(key=lambda thread: sort_key(thread.last), reverse=True)
    found.sort(key=lambda thread: thread.last is None)  # stable: undated threads last
    return found


def timeline(units: Iterable[Unit], by: str = "year") -> list[tuple[str, int]]:
    """Units per period, every period from the first to the last (empty ones too); a unit
    dated by a coarser period (a paragraph that names only a year, by month) is not counted
    (`coarsely_dated` counts those)."""
    if by not in PERIODS:
        raise ValueError(f"--by must be one of {', '.join(PERIODS)}")
    keys = (period_key(unit.date, by) for unit in units if unit.date)
    return every_period(Counter(key for key in keys if key), by)


def every_period(counts: Counter[str], by: str) -> list[tuple[str, int]]:
    """Each period's count, every period from the first counted to the last (empty ones
    too)."""
    if not counts:
        return []
    periods = _every_period(min(counts), max(counts), by)
    return [(period, counts.get(period, 0)) for period in periods]


def coarsely_dated(units: Iterable[Unit], by: str) -> int:
    """How many units a timeline `by` month or day leaves out: dated by a year or month only."""
    return sum(1 for unit in units if unit.date and period_key(unit.date, by) is None)


def _every_period(first: str, last: str, by: str) -> list[str]:
    if by == "year":
        return [f"{year:04d}" for year in range(int(first), int(last) + 1)]
    if by == "month":
        year, month = map(int, first.split("-"))
        out = []
        while f"{year:04d}-{month:02d}" <= last:
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out
    day, end = date.fromisoformat(first), date.fromisoformat(last)
    return [(day + timedelta(days=n)).isoformat() for n in range((end - day).days + 1)]
