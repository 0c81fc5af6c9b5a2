"""Calendars (`.ics` files, an invitation's `text/calendar` part) and address books (`.vcf`):
each event a `Card` of kind `event`, dated by its start, its organizer and attendees its
people; each vCard a `Card` of kind `contact` with its names, addresses and numbers.

icalendar (BSD, the maintained RFC 5545 parser) reads calendars, vobject (Apache-2.0) reads
vCards 2.1 to 4.0 (icalendar reads no vCard): property lines, folding, parameters and time
zones are theirs to get right, not a regex's.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from ..people import Person, parse_sender
from ..units import CONTACT, EVENT
from .documents import Card, Problem, Reading, declared_text

#: An event's description past this is not read (a unit holds less anyway).
_MOST_CHARS = 200_000


def read_calendar(data: bytes, source: str, reading: Reading) -> None:
    found = events(data, source, reading)
    if not found and not any(problem.source == source for problem in reading.problems):
        reading.problems.append(Problem(source, "a calendar with no event in it"))
    reading.documents.extend(found)


def events(data: bytes, source: str, reading: Reading, *, line_start: int = 1) -> list[Card]:
    """The events (VEVENT) of a calendar's bytes, each a Card; a calendar that cannot be
    parsed is one problem line."""
    from icalendar import Calendar

    text = declared_text(data, None)
    try:
        calendars = Calendar.from_ical(text, multiple=True)
    except Exception as error:  # noqa: BLE001 - icalendar raises ValueError and others
        reading.problems.append(Problem(source, f"not a readable calendar ({error})"))
        return []
    found = []
    for calendar in calendars:
        for event in calendar.walk("VEVENT"):
            found.append(_event(event, source, line_start))
    return found


def _event(event: Any, source: str, line: int) -> Card:
    organizer = _address(event.get("ORGANIZER"))
    attendees = event.get("ATTENDEE") or []
    if not isinstance(attendees, list):
        attendees = [attendees]
    people = tuple(person for item in attendees if (person := _address(item)) is not None)
    words = [
        f"Where: {location}" if (location := _text(event.get("LOCATION"))) else "",
        _text(event.get("DESCRIPTION"))[:_MOST_CHARS],
    ]
    return Card(
        source=source,
        kind=EVENT,
        line_start=line,
        line_end=line,
        title=_text(event.get("SUMMARY")) or None,
        person=organizer,
        people=people,
        date=_start(event),
        text="\n\n".join(word for word in words if word),
        uid=_text(event.get("UID")) or None,
    )


def _start(event: Any) -> datetime | date | None:
    start = event.get("DTSTART")
    value = getattr(start, "dt", None)
    return value if isinstance(value, (datetime, date)) else None


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _address(value: Any) -> Person | None:
    """An ORGANIZER or ATTENDEE: `mailto:` address, its CN parameter the name."""
    if value is None:
        return None
    address = str(value)
    if address.lower().startswith("mailto:"):
        address = address[len("mailto:") :]
    name = " ".join(str(getattr(value, "params", {}).get("CN", "")).strip('"').split())
    address = address.strip()
    if not address or "@" not in address:
        return Person(name, None) if name else None
    return Person(name or address, address)  # a CN is a name as written, never `Last, First`


#: A folded line's break (RFC 6350 §3.2): a line break and one space or tab.
_FOLD = re.compile(r"\r?\n[ \t]")


def read_vcards(data: bytes, source: str, reading: Reading) -> None:
    """Each vCard of the file a Card of kind `contact`: its full name the person, its
    e-mail addresses (the first the person's; all of them its `addresses`), numbers,
    organisation and postal address the words. A vCard 2.1 value in quoted-printable runs
    on over lines that end in `=` (vobject's `allowQP`); a line vobject cannot read is
    skipped, and said."""
    import vobject

    # folded lines joined here: vobject's reader with `allowQP` takes a folded piece that is
    # only a space (the space between two words, folded before it) for a blank line
    text = _FOLD.sub("", declared_text(data, None))
    with _skipped_lines() as skipped:
        try:
            cards = list(vobject.readComponents(text, ignoreUnreadable=True, allowQP=True))
        except Exception as error:  # noqa: BLE001 - vobject raises ParseError and others
            reading.problems.append(Problem(source, f"not a readable vCard ({error})"))
            return
    if skipped:
        lines = "1 line" if len(skipped) == 1 else f"{len(skipped)} lines"
        reading.problems.append(
            Problem(source, f"{lines} not readable as vCard, skipped ({skipped[0]})")
        )
    for card in cards:
        if card.name != "VCARD":
            continue
        reading.documents.append(_contact(card, source))


@contextmanager
def _skipped_lines() -> Iterator[list[str]]:
    """What vobject says of each line it skips (it logs them, one error each), kept rather
    than logged while the block runs."""
    said: list[str] = []

    def keep(record: logging.LogRecord) -> bool:
        said.append(record.getMessage())
        return False

    logger = logging.getLogger("vobject.base")
    logger.addFilter(keep)
    try:
        yield said
    finally:
        logger.removeFilter(keep)


def _values(card: Any, name: str) -> list[str]:
    found = []
    for line in card.contents.get(name, []):
        value = line.value
        if isinstance(value, (list, tuple)):
            value = " ".join(str(item) for item in value if item)
        text = " ".join(str(value).split())
        if text:
            found.append(text)
    return found


def _contact(card: Any, source: str) -> Card:
    name = next(iter(_values(card, "fn")), None) or next(iter(_values(card, "n")), None)
    emails = _values(card, "email")
    person = (
        parse_sender(f'"{name}" <{emails[0]}>' if name and emails else name or emails[0])
        if (name or emails)
        else None
    )
    addresses = (found.address for email in emails if (found := parse_sender(email)))
    lines = [f"{label}: {value}" for label, key in _FIELDS for value in _values(card, key)]
    spoken = _spoken_name(card)
    if spoken and name and set(spoken.lower().split()) != set(name.lower().split()):
        lines.insert(0, f"Name: {spoken}")  # `N:Yamada;Kenji` beside `FN:山田 健二`
    return Card(
        source=source,
        kind=CONTACT,
        line_start=1,
        line_end=1,
        title=name,
        person=person,
        people=(),  # its other addresses are words of it, never its recipients
        date=None,
        text="\n".join([name or "", *lines]).strip(),
        uid=next(iter(_values(card, "uid")), None),
        addresses=tuple(dict.fromkeys(address for address in addresses if address)),
    )


def _spoken_name(card: Any) -> str | None:
    """The card's structured name (N: family; given; additional; prefix; suffix) in the
    order it is spoken, or None."""
    line = next(iter(card.contents.get("n", [])), None)
    value = getattr(line, "value", None)
    parts = (
        [getattr(value, part, "") for part in ("prefix", "given", "additional", "family", "suffix")]
        if value is not None
        else []
    )
    words = " ".join(
        " ".join(part) if isinstance(part, (list, tuple)) else str(part) for part in parts
    ).split()
    return " ".join(words) or None


_FIELDS = (
    ("Nickname", "nickname"),
    ("E-mail", "email"),
    ("Organisation", "org"),
    ("Title", "title"),
    ("Phone", "tel"),
    ("Address", "adr"),
    ("Web", "url"),
    ("Note", "note"),
)
