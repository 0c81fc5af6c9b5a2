"""Audit: what searchkit read but could not be sure of, file by file, for a person to check.

Recognition and dates are decided by evidence; where the evidence ran out, the units say so
(`date_ambiguous`; `date_doubt`, of a date line that reads as none or names the wrong
weekday) and the reading says so (problems). The audit gathers those places with the ones
a reader would doubt: a quote dated after the message quoting it, a date before 1971 or
after today, a sender that is no person (a time, a rule of dashes, a sentence), a
recipient list longer than anyone writes to by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from .corpus import FileUnits
from .dates import naive
from .readers.documents import PARTLY_RECOGNISED, UNRECOGNISED
from .split.header_blocks import plausible_sender
from .units import EMAIL, Unit
from .written_dates import after_its_carrier

#: The kinds of finding, in the order they are listed.
UNREAD = "not recognised"  # looks like correspondence, gave only paragraphs
MISSED = "missed start"  # a line that looks like a message's start starts none
AMBIGUOUS = "ambiguous date"
UNREADABLE = "unreadable date"  # a head's date line that reads as no date: left undated
CONTRADICTED = "contradictory date"  # a head's date whose weekday is not its day's
DOUBTFUL_DATE = "date read with doubt"  # a mail date's time zone unknown
IMPOSSIBLE = "impossible date"
NOISY_SENDER = "odd sender"
MANY_RECIPIENTS = "many recipients"
MAIL_DOUBT = "mail read with doubt"  # a header read as far as it goes, a deleted message
READ_IN_PART = "read in part"  # a file, a message or a text cut at a bound: the rest unread
#: Earlier than this, a date in mail is a wrong clock or a wrong reading.
EARLIEST = date(1971, 1, 1)
MAX_RECIPIENTS = 50


@dataclass(frozen=True)
class Finding:
    source: str
    line: int | None
    kind: str
    detail: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.kind}: {self.detail}"

    def to_dict(self) -> dict[str, object]:
        return {"source": self.source, "line": self.line, "kind": self.kind, "detail": self.detail}


def audit(files: Iterable[FileUnits], today: date | None = None) -> Iterator[Finding]:
    """The findings of every file, in corpus order."""
    for file_units in files:
        yield from _of_reading(file_units)
        doubts = Doubts(today)
        for unit in file_units.units:
            yield from doubts.take(unit)


class Doubts:
    """The findings of one file's units, taken as they pass (a build's worker counts them
    as it indexes; the audit lists them); a quote comes after the message quoting it."""

    def __init__(self, today: date | None = None) -> None:
        self.today = today or date.today()
        self.dates: dict[str, datetime | date | None] = {}
        self.count = 0

    def take(self, unit: Unit) -> list[Finding]:
        self.dates[unit.id] = unit.date
        found = list(_of_unit(unit, self.dates, self.today))
        self.count += len(found)
        return found


def _of_reading(file_units: FileUnits) -> Iterator[Finding]:
    for problem in file_units.problems:
        message = problem.message
        if message.startswith(UNRECOGNISED):
            yield Finding(file_units.source, None, UNREAD, message)
        elif message.startswith(PARTLY_RECOGNISED):
            yield Finding(file_units.source, None, MISSED, message)
        elif cut := _CUT.search(message):
            line = int(cut[1]) if cut[1] else None
            yield Finding(file_units.source, line, READ_IN_PART, message)
        elif found := _MESSAGE_DOUBT.match(message):
            yield Finding(file_units.source, int(found[1]), MAIL_DOUBT, found[2])


#: How a reader says it read a file, a message or a text in part only (`message at line 9
#: is over 32 MB: only its first 32 MB read`, `email at line 3: text cut at 1,000,000 of …`,
#: `only the first 32 MB of 40 MB read`).
_CUT = re.compile(
    r"^(?:(?:message|email) at line (\d{1,12})\b[^:]{0,100}?)?.{0,200}?"
    r"\b(?:only (?:its|the) first|text cut at)\b"
)
#: How the mail reader says what it read of a message with doubt (`message at line 14:
#: marked deleted by Thunderbird …`, `message at line 1 (a.eml): Date '…': unknown time zone`).
_MESSAGE_DOUBT = re.compile(r"message at line (\d{1,12})(?: \([^()]{0,500}\))?: (.{1,2000})", re.S)


def _of_unit(
    unit: Unit, dates: dict[str, datetime | date | None], today: date
) -> Iterator[Finding]:
    where = (unit.source, unit.line_start)
    if unit.date_ambiguous:
        yield Finding(
            *where,
            AMBIGUOUS,
            f"{_day(unit.date)} or {unit.date_ambiguous}: nothing in the file decides",
        )
    if unit.date_doubt:
        yield Finding(*where, _doubt_kind(unit), unit.date_doubt)
    if unit.date is not None:
        day = _day(unit.date)
        carrier = dates.get(unit.quoted_in) if unit.quoted_in else None
        # a day's slack: the quoting message's clock may stand in another time zone
        if carrier is not None and after_its_carrier(unit.date, carrier):
            yield Finding(
                *where,
                IMPOSSIBLE,
                f"quoted message dated {day}, after the reply quoting it ({_day(carrier)})",
            )
        elif carrier is not None and _clock_later(unit.date, carrier):
            yield Finding(
                *where,
                DOUBTFUL_DATE,
                f"quoted message dated {_clock(unit.date)}, after the message quoting it "
                f"({_clock(carrier)}): it may be no quote of it (a page telling of a later "
                "reply), unless the two clocks stood in different time zones",
            )
        if day < EARLIEST or day > today:
            yield Finding(*where, IMPOSSIBLE, f"dated {day}")
    if unit.kind == EMAIL and unit.sender and not plausible_sender(unit.sender):
        yield Finding(*where, NOISY_SENDER, repr(unit.sender))
    recipients = len(unit.to) + len(unit.cc) + len(unit.bcc)
    if recipients > MAX_RECIPIENTS:
        yield Finding(*where, MANY_RECIPIENTS, f"{recipients} recipients")


def _clock_later(quoted: datetime | date, carrier: datetime | date) -> bool:
    """Is a quote's time later than its carrier's, both written with no zone (a printout's
    or a page's), within the day's slack the zones allow?"""
    zoned = (getattr(value, "tzinfo", None) is not None for value in (quoted, carrier))
    times = isinstance(quoted, datetime) and isinstance(carrier, datetime)
    return times and not any(zoned) and naive(quoted) > naive(carrier)


def _clock(value: datetime | date) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else str(value)


def _doubt_kind(unit: Unit) -> str:
    if unit.date is None:
        return UNREADABLE
    return CONTRADICTED if (unit.date_doubt or "").startswith("weekday:") else DOUBTFUL_DATE


def _day(value: datetime | date | None) -> date:
    assert value is not None
    return value.date() if isinstance(value, datetime) else value
