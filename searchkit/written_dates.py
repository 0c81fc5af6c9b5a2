"""Dates as people's mail clients write them, in any of the languages searchkit knows, read
whole or not at all: the readings a text allows, so that evidence can choose among them.

`read_written("Dienstag, 5. März 2019 16:12")` gives one reading; `read_written("05/03/2019")`
gives two (the 5th of March and the 3rd of May), and which one is meant is for the evidence
of the file to decide (`DateEvidence`), never for a default to decide silently. Text that
holds anything but a date (a name, a sentence) is no date: the envelope lines of a
compilation are told from prose that way.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from .languages import calendar_names, date_words, day_periods, fold, period_key, weekday_numbers
from .zones import ZONE_OFFSETS

# one token of a written date: a time, a numeric day, a number, a word, an offset, punctuation
_TOKEN = re.compile(
    # (a time also as Canadian French writes it, `16 h 40`)
    r"(?P<time>\d{1,2}(?::|\s?h\s?)\d{2}(?::\d{2})?(?:\.\d{1,6})?)(?![\d:])"
    r"|(?P<numeric>\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4})(?![\d/.-]\d)"
    r"|(?P<offset>[+-]\d{2}:?\d{2})(?!\d)"
    r"|(?P<number>\d{1,4})(?:\.|º|er|st|nd|rd|th)?(?!\d)"
    r"|(?P<short_year>['’]\d{2})(?!\d)"  # `Apr '19`
    r"|(?P<ampm>[ap]\.?\s?m\.?)(?!\w)"
    # a word, also hyphenated (Portuguese weekdays: `segunda-feira`) or letters each dotted
    # (Greek's `π.μ.`)
    r"|(?P<word>(?:[^\W\d_]\.){2,3}|[^\W\d_]{1,12}(?:-[^\W\d_]{1,8})?\.?)"
    r"(?P<zone_offset>[+-]\d{1,2}(?::?\d{2})?)?"
    r"|(?P<punct>[,()\-–—|/])"
    r"|(?P<space>\s+)",
    re.IGNORECASE,
)
_ZONE = re.compile(r"^(?:[A-Z]{2,5}|[A-Z]{1,4}[DS]T|Z)$")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_MAX_TEXT = 120  # longer text is no date line: a sentence
#: A day's slack between two clocks: the time zones of the world lie within it.
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Written:
    """What a written date says: its possible days (one, or two when a numeric day may be
    read either way round), the time when it gives one, and the weekday it names."""

    days: tuple[date, ...]
    time: tuple[int, int, int] | None = None
    offset: timedelta | None = None  # the zone written after the time, when known
    day_first_only: bool | None = None  # True/False when only one order is valid
    lead: int | None = None  # of a numeric day, its first number (the day, or the month)
    # the weekday the text names (Monday 0) when none of its days is that weekday (a head's
    # `Monday, February 4, 2020`, a Tuesday): which of the two is wrong, nothing tells
    contradicted: int | None = None
    # the zone written after the time when no offset is known for it (`18:30 IST`: India,
    # Ireland or Israel): the time is read as written, and the unit says so
    unknown_zone: str | None = None
    separator: str | None = None  # of a numeric day: `/`, `-` or `.`

    def at(self, day: date) -> datetime | date:
        if self.time is None:
            return day
        value = datetime(day.year, day.month, day.day, *self.time)
        return value.replace(tzinfo=timezone(self.offset)) if self.offset is not None else value

    @property
    def ambiguous(self) -> bool:
        return len(self.days) > 1


def ocr_misread(text: str) -> bool:
    """Does the date hold a letter OCR read for a digit: against digits (`l1:44`, `11:4l`,
    `2O17`, `3o`) or standing where a number stands (`January l,`, `lO:00`)? Such a date is
    not read as written: a reader skipping the letter reads another (`3O` as the 3rd, `l1:44`
    as 1:44, a weekday's nearest day for a day it cannot read)."""
    for run in _RUN.findall(text):
        letters = set(run) - _DIGITS_AND_COLON
        a_word = run in _WORDS_OF_THOSE_LETTERS and (run != "1o" or _ORDINAL_DAY.search(text))
        if not letters or not letters <= _OCR_LETTERS or a_word:
            continue
        if len(letters) < len(set(run)) or len(run) <= 2:  # with digits, or `l`, `lO`
            return True
    return False


_RUN = re.compile(r"[\w:]+")
_DIGITS_AND_COLON = frozenset("0123456789:")
_OCR_LETTERS = frozenset("OoIl")
#: Runs of those letters that are words of a date line, or a day's ordinal (`1o de maio`).
_WORDS_OF_THOSE_LETTERS = frozenset({"Il", "o", "I", "1o"})
# the first of a month in Portuguese, `1o de maio` (elsewhere `1o` is OCR's `10`: `January 1o`)
_ORDINAL_DAY = re.compile(r"\b1o\s+de\b", re.IGNORECASE)


def read_written(text: str) -> Written | None:
    """The readings of a text that is a date and nothing else, or None; a weekday that none
    of its days falls on makes it none (a text is told from prose by whether it reads)."""
    return _read(text, weekday_may_contradict=False)


def read_head_date(text: str) -> Written | None:
    """The readings of a head's date line (`Sent:`, `Date:`): a date all the same when the
    weekday it names is not its day's (`contradicted` says which it names), and when words
    no reading takes follow it (`04/03/2019 10:00 local time`, `… (Paris)`): read here, a
    numeric day keeps both its readings, where a loose reading would take one."""
    return _read(text, weekday_may_contradict=True) or _read_before_words(text)


#: Words after a head's date, at most, that it is read without.
_UNREAD_WORDS = 4
# a date's or a time's part: a digit, or a clock's colon (`l:OO`, OCR's letters for digits)
_DATE_PART = re.compile(r"\d|\w:\w")


def _read_before_words(text: str) -> Written | None:
    """The readings of a date line less its last words (none of them holding a digit or a
    clock's colon: a date's or time's part is never left out)."""
    words = text.split()
    for kept in range(len(words) - 1, max(len(words) - 1 - _UNREAD_WORDS, 0), -1):
        tail = " ".join(words[kept:])
        if _DATE_PART.search(tail):
            return None
        written = _read(" ".join(words[:kept]), weekday_may_contradict=True)
        if written is not None:
            return written
    return None


@functools.lru_cache(maxsize=4096)
def _read(text: str, *, weekday_may_contradict: bool) -> Written | None:
    """(Cached: a file's heads are read for its evidence, then each with it.)"""
    if not text or len(text) > _MAX_TEXT + _MAX_WINDOWS_ZONE:
        return None
    windows = _WINDOWS_ZONE.search(text) if "(" in text else None
    if windows:
        text = text[: windows.start()]
    if len(text) > _MAX_TEXT or ocr_misread(text):
        return None
    parts = _tokens(_plain(text.strip()))
    if parts is None:
        return None
    if windows:  # the time as written, and the zone said (`making` says it in the unit)
        parts.unknown_zone = " ".join(windows.group().split())[:_MAX_WINDOWS_ZONE]
    return _readings(parts, weekday_may_contradict)


#: Outlook's time zone after the time, as Windows names it: its standard offset and its
#: places (`(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna`, `(UTC-05:00)
#: Eastern Time (US & Canada)`). The offset is the zone's standard time's, an hour off
#: while summer time is kept, so none is read from it: the time is read as written.
_WINDOWS_ZONE = re.compile(
    r"\s*\(\s*(?:UTC|GMT)(?:\s*[-+−]\s*\d{1,2}(?::?\d{2})?)?\s*\)"
    r"[^\d()]{0,200}(?:\([^\d()]{0,60}\)[^\d()]{0,60})?$"
)
_MAX_WINDOWS_ZONE = 200


# a day written year first with the CJK signs for year, month and day: `2020年2月3日`,
# `2020년 2월 3일`; or with dots and spaces: `2020. 2. 3.` (Korean), `5. 2. 2020` (Czech)
_SIGNED_DAY = re.compile(
    r"(\d{4})\s{0,2}[年년]\s{0,2}(\d{1,2})\s{0,2}[月월]\s{0,2}(\d{1,2})\s{0,2}[日일]"
)
_SPACED_YEAR_FIRST = re.compile(r"(?<![\d.])(\d{4})\.\s(\d{1,2})\.\s(\d{1,2})\.(?!\d)")
_SPACED_DAY_FIRST = re.compile(r"(?<![\d.])(\d{1,2})\.\s(\d{1,2})\.\s(\d{4})(?![\d.])")
# a time written with a dot, as Danish and Finnish write it (`kl. 14.05`, `klo 14.05`), where it
# follows a four-digit year: `5. februar 2020 14.05`
_DOTTED_TIME = re.compile(
    r"(\d{4}\.?,?\s{1,3}(?:[^\W\d]{1,4}\.?\s{1,3})?)(\d{1,2})\.(\d{2})(?![\d.])"
)


def _plain(text: str) -> str:
    """The date in the forms the token grammar reads: a CJK day (`2020年2月3日`) and a spaced
    numeric day (`5. 2. 2020`) as numeric days, a dotted time (`14.05`) as `14:05`, Apple
    Mail's Portuguese `à(s) 18:03` ("at", singular or plural) as `às`."""
    if "à(s)" in text:
        text = text.replace("à(s)", "às")
    if not text.isascii():
        text = _SIGNED_DAY.sub(r"\1-\2-\3 ", text)
    if ". " in text:
        text = _SPACED_YEAR_FIRST.sub(r"\1-\2-\3", text)
        text = _SPACED_DAY_FIRST.sub(r"\1.\2.\3", text)
    return _DOTTED_TIME.sub(r"\1\2:\3", text) if "." in text else text


@dataclass
class _Parts:
    numbers: list[int]
    years: list[int]
    numeric: tuple[int, int, int] | None = None
    month: int | None = None
    weekday: int | None = None
    # every weekday the word naming it stands for in some language (`so`: Sunday, Saturday)
    weekdays: frozenset[int] = frozenset()
    time: list[int] | None = None
    pm: bool | None = None
    offset: timedelta | None = None
    unknown_zone: str | None = None
    year_first: bool = False
    separator: str | None = None  # of a numeric day: `/`, `-`, or `.`
    # words that name a month in one language and a weekday in another (`mar`: March, and
    # Tuesday in French, Spanish and Italian), placed once the text is read
    either: list[tuple[int, int]] = field(default_factory=list)


def _tokens(text: str) -> _Parts | None:
    months, weekdays = calendar_names()
    parts = _Parts([], [])
    position = 0
    while position < len(text):
        found = _TOKEN.match(text, position)
        if not found:
            return None
        position = found.end()
        kind = found.lastgroup if found.lastgroup != "zone_offset" else "word"
        value = found.group(kind or "")
        if kind in ("space", "punct"):
            continue
        if kind == "time" and _LATIN_LETTER.match(text, max(found.start() - 1, 0)):
            return None  # `Z2:00`: a letter OCR read for a digit, no zone (`上午10:00` is)
        if not _take(parts, kind, value, found, months, weekdays):
            return None
    return parts


def _take(parts, kind, value, found, months, weekdays) -> bool:  # type: ignore[no-untyped-def]
    if kind == "time":
        if parts.time is not None:
            return False
        parts.time = [int(piece) for piece in re.split(r"[:h]", value.split(".")[0])]
    elif kind == "numeric":
        if parts.numeric is not None:
            return False
        pieces = tuple(int(piece) for piece in re.split(r"[/.-]", value))
        parts.numeric = pieces  # type: ignore[assignment]
        parts.year_first = len(re.split(r"[/.-]", value)[0]) == 4
        parts.separator = next(char for char in value if char in "/.-")
    elif kind == "number":
        digits = re.match(r"\d+", value)
        assert digits is not None
        # a number written with three or four digits is a year, whatever its value (0001)
        parts.numbers.append(int(digits.group()))
        if len(digits.group()) >= 3:
            parts.years.append(int(digits.group()))
    elif kind == "short_year":
        year = _year(int(value[1:]))
        parts.numbers.append(year)
        parts.years.append(year)
    elif kind == "ampm":
        parts.pm = fold(value).startswith("p")
    elif kind == "offset":
        digits = value[1:].replace(":", "")
        parts.offset = _offset(value[0], int(digits[:2]), int(digits[2:]))
        return parts.offset is not None
    else:
        return _word(parts, value, found.group("zone_offset"), months, weekdays)
    return True


def _offset(sign: str, hours: int, minutes: int) -> timedelta | None:
    """A zone's offset from UTC, or None for one no clock has (`+2400`, `+0075`): a line
    holding it is no date line rather than a date that cannot be made."""
    if hours > 23 or minutes > 59:
        return None
    return (-1 if sign == "-" else 1) * timedelta(hours=hours, minutes=minutes)


def _word(parts, value, zone_offset, months, weekdays) -> bool:  # type: ignore[no-untyped-def]
    key = fold(value).rstrip(".")
    if zone_offset:  # `GMT+1`, `UTC-05:00`
        if key not in ("gmt", "utc"):
            return False
        digits = zone_offset[1:].replace(":", "")
        hours, minutes = (
            (int(digits[:-2] or 0), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
        )
        parts.offset = _offset(zone_offset[0], hours, minutes)
        return parts.offset is not None
    capitals = _ZONE.match(value.rstrip(".")) and value.isupper()
    # after the time, a word in capitals that names no month is its zone: `3:15 PM PT` is
    # Pacific Time, not Polish `pt` (Friday)
    after_time = parts.time is not None and key not in months and key not in day_periods()
    if capitals and after_time and key not in date_words():
        _zone(parts, value.rstrip("."))
    elif key in months and key in weekdays:
        parts.either.append((months[key], weekdays[key]))
    elif key in months and parts.month is None:
        parts.month = months[key]
    elif key in weekdays and parts.weekday is None:
        parts.weekday = weekdays[key]
        parts.weekdays = weekday_numbers()[key]
    elif (period := period_key(value)) in day_periods() and parts.pm is None:
        parts.pm = day_periods()[period]  # (dotted or not: Greek `μ.μ.`, `μμ`)
    elif key in date_words():
        pass
    elif capitals:
        _zone(parts, value.rstrip("."))
    else:
        return False
    return True


def _zone(parts: _Parts, zone: str) -> None:
    if zone in ZONE_OFFSETS:
        parts.offset = timedelta(minutes=ZONE_OFFSETS[zone])
    else:  # a zone no one can place (`IST`) or none of the table's: the time as written
        parts.unknown_zone = zone


def _readings(parts: _Parts, weekday_may_contradict: bool = False) -> Written | None:
    for month, weekday in parts.either:  # the month first, where no other word names one
        if parts.month is None:
            parts.month = month
        elif parts.weekday is None:
            parts.weekday = weekday
        else:
            return None
    candidates = _days(parts)
    contradicted = None
    if parts.weekday is not None:  # a weekday that does not fit rules a reading out
        named = parts.weekdays | {parts.weekday}
        fitting = [day for day in candidates if day.weekday() in named]
        if fitting or not weekday_may_contradict:
            candidates = fitting
        else:  # the days the text gives (one, or a numeric day's two), its weekday none's
            contradicted = parts.weekday
    candidates = sorted(set(candidates))
    if not candidates:
        return None
    time = _clock(parts)
    if parts.time is not None and time is None:
        return None
    only = None
    # (a dotted day is one way by its dots: no evidence of how the writer orders others)
    if parts.numeric and len(candidates) == 1 and not parts.year_first and parts.separator != ".":
        first, second = parts.numeric[0], parts.numeric[1]
        if first != second:
            only = candidates[0].day == first
    offset = parts.offset if time is not None else None
    # (a zone's name beside its offset, `+0100 (BST)`, is a comment: the offset is read)
    unknown = parts.unknown_zone if time is not None and parts.offset is None else None
    lead = parts.numeric[0] if parts.numeric and not parts.year_first else None
    return Written(
        tuple(candidates), time, offset, only, lead, contradicted, unknown, parts.separator
    )


def _days(parts: _Parts) -> list[date]:
    numbers = parts.numbers
    if parts.numeric is not None:
        if numbers or parts.month is not None:
            return []
        a, b, c = parts.numeric
        if parts.year_first:
            return _valid(a, b, c)
        year = _year(c)
        if year is None:
            return []
        if parts.separator == ".":  # `06.03.2019`: nobody writes a month first with dots
            return _valid(year, b, a)
        return _valid(year, a, b) + _valid(year, b, a)
    if parts.month is None:
        return []
    days = list(numbers)
    for year in parts.years:
        days.remove(year)
    if len(parts.years) != 1 or len(days) != 1:
        return []
    return _valid(parts.years[0], parts.month, days[0])


def _year(written: int) -> int | None:
    if written >= 100:
        return written
    # a two-digit year: the century in which it is nearest to now, as mail clients mean it
    return 2000 + written if written < 70 else 1900 + written


def _valid(year: int, month: int, day: int) -> list[date]:
    try:
        return [date(year, month, day)] if year >= 1 else []
    except ValueError:
        return []


def _clock(parts: _Parts) -> tuple[int, int, int] | None:
    if parts.time is None:
        return None
    hour, minute, *rest = parts.time
    second = rest[0] if rest else 0
    if parts.pm is not None:  # (Japanese counts the morning's hours from 0: `午前0:15`)
        if not 0 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if parts.pm else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second


#: A numeric day (`05/03/2019`, `3/18/25`): the only dates that can read two ways.
NUMERIC_DAY = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}")


@dataclass(frozen=True)
class DateEvidence:
    """What a file says of how its numeric days are written: `day_first` when they are
    written day first (its header labels are in a language that writes them so, its layout
    says so), False when month first, None when nothing tells; and `orders`, how the file's
    own dates valid one way only write the days of each separator (a compilation's `/` days
    may be American and its `-` days Dutch), which outweighs it."""

    day_first: bool | None = None
    orders: tuple[tuple[str, bool], ...] = ()

    def order(self, written: Written) -> bool | None:
        """Whether the written day is day first, as far as the evidence tells."""
        return dict(self.orders).get(written.separator or "", self.day_first)


class FileOrder:
    """The orders a file's numeric days were seen written in, by separator, gathered as its
    documents (the messages of an mbox) are split one after the other."""

    def __init__(self) -> None:
        self.seen: dict[str, set[bool]] = {}

    def add(self, readings: list[Written]) -> DateEvidence:
        """Take in one document's readings; the evidence of all taken in so far."""
        for reading in readings:
            if reading.day_first_only is not None and reading.separator:
                self.seen.setdefault(reading.separator, set()).add(reading.day_first_only)
        orders = [(mark, next(iter(seen))) for mark, seen in self.seen.items() if len(seen) == 1]
        return DateEvidence(orders=tuple(sorted(orders)))


@dataclass(frozen=True)
class Decided:
    """A date as the evidence decided it, and the other day it may be when it could not."""

    value: datetime | date
    other: date | None = None


def decide(
    written: Written,
    evidence: DateEvidence = DateEvidence(),
    *,
    not_after: datetime | date | None = None,
    near: datetime | date | None = None,
) -> Decided:
    """The reading of a written date the evidence supports. Validity first (a weekday or a
    day past 12 leaves one reading); then the carrier: a quoted message is not newer than
    the message that quotes it (`not_after`: the latest day that one may be); then the
    file's own order. What is left is ambiguous, the other reading named: first the reading
    nearest before the quoting message within a month of it (`near`: its date as read; a
    reply follows what it quotes by days, seldom by months), else month first, as most of
    the mail searchkit reads writes it."""
    days = list(written.days)
    # a day's slack: the quoting message's clock may stand in another time zone
    limit = (
        (not_after.date() if isinstance(not_after, datetime) else not_after) + ONE_DAY
        if not_after is not None
        else None
    )
    if len(days) > 1 and limit is not None:
        fitting = [day for day in days if day <= limit]
        if len(fitting) == 1:
            days = fitting
    if len(days) > 1 and (day_first := evidence.order(written)) is not None:
        days = [_order(written, days, day_first)]
    if len(days) == 1:
        return Decided(written.at(days[0]))
    anchor = (near.date() if isinstance(near, datetime) else near) if near is not None else None
    gaps = {day: (anchor + ONE_DAY - day).days for day in days} if anchor else {}
    recent = [day for day, gap in gaps.items() if 0 <= gap <= _RECENT_DAYS]
    chosen = min(recent, key=gaps.__getitem__) if recent else _order(written, days, False)
    return Decided(written.at(chosen), next(day for day in days if day != chosen))


def read_as(written: Written, day_first: bool) -> datetime | date:
    """The written date, its numeric day read in the given order."""
    return written.at(_order(written, list(written.days), day_first))


def after_its_carrier(quoted: datetime | date, carrier: datetime | date) -> bool:
    """Is a quoted message dated after the message quoting it, past the day two clocks in
    different time zones may stand apart? (The wall clocks compared, as written.)"""
    return _as_written(quoted) > _as_written(carrier) + ONE_DAY


def _as_written(value: datetime | date) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return datetime(value.year, value.month, value.day)


#: How long before the message quoting it a quoted message's day is "recent" (see `decide`).
_RECENT_DAYS = 31


def _order(written: Written, days: list[date], day_first: bool) -> date:
    """Of the two readings of a numeric day, the one written in the given order: day first,
    the first number is the day; month first, it is the month."""
    for day in days:
        if (day.day if day_first else day.month) == written.lead:
            return day
    return days[0]
