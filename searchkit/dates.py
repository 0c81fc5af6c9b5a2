"""Dates as correspondence writes them: headers, quote lines, front matter, bare days."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from .zones import ZONE_OFFSETS, unknown_zone

_DAY_ONLY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
# a four-digit year, or a short one in a day/month/year date (`29/12/11 19:56`)
_YEAR = re.compile(r"\b(19|20)\d{2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2}\b")
_DEFAULT = datetime(1900, 1, 1)
_NUMBER = re.compile(r"(?<!\d)0?(\d{1,2})(?!\d)")
#: No date is written longer (`Wednesday, September 20, 2017 at 2:17:33 PM Pacific Daylight
#: Time` is 63): longer text is no date, and dateutil would read it slowly, every word.
_LONGEST_DATE = 200
# English month names only, whole: dateutil knows no other language, and from `janeiro` or
# `marzo` it made a wrong day out of the loose numbers (the other languages' dates are read
# whole by written_dates)
_MONTH_NAME = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?",
    re.IGNORECASE,
)
_NUMERIC_DAY = re.compile(r"(?<!\d)(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{8})(?!\d)")
# `06.03.2019`: the dotted day is day first wherever it is written (German, Russian, …)
_DOTTED_DAY = re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}\.\d{2,4}(?![\d.])")
_TIME = re.compile(r"\d:\d\d|\d\s*[ap]\.?m\b", re.IGNORECASE)
_TWELVE_HOUR = re.compile(r"\d\s*[ap]\.?m\b\.?", re.IGNORECASE)
_HYPHENED_ZONE = re.compile(r"(\d:\d\d(?::\d\d)?)-([A-Za-z]{1,5})\b")
# a clock's shape, its figures read or not (`10:52`, OCR's `l:OX`)
_CLOCK_SHAPE = re.compile(r"(?<![\w:])[0-9A-Za-z]{1,2}:[0-9A-Za-z]{2}(?::[0-9A-Za-z]{2})?(?![\w:])")


def parse_date(text: str | None, *, dayfirst: bool = False) -> datetime | date | None:
    """Parse any date a mail client or a page writes, or None when there is none.

    A bare `2023-08-27` stays a `date`: the text does not give a time, so none is invented.
    Text without a year is refused, because dateutil would fill in this year. Numeric days
    are month first (`03/05/2019` is March 5) unless `dayfirst`, or written with dots
    (`06.03.2019` is the 6th of March: nobody writes a month first with dots).
    """
    if not text or not text.strip() or len(text) > _LONGEST_DATE:
        return None
    day = _DAY_ONLY.match(text)
    if day:
        return _valid_day(*map(int, day.groups()))
    from .written_dates import ocr_misread  # lazily, as below: it costs start-up time

    if ocr_misread(text):
        return None  # unread, which the caller says; a head's reader repairs it first
    # RFC 733's zone after a hyphen (`21:40-EDT`, etc/BABYL's own example), which the
    # standard library's parser drops, the time then read as no zone's
    text = _HYPHENED_ZONE.sub(r"\1 \2", text)
    mail_date = _mail_date(text)
    if mail_date is not None:
        return mail_date.value
    from email.utils import parsedate_to_datetime

    # RFC 2822 dates have a 24-hour clock; the standard library's lenient parser reads
    # `Tuesday, March 5, 2019 4:12 PM` (Outlook's Sent:) as 04:12 and `12:30 AM` as 12:30
    if not _TWELVE_HOUR.search(text):
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            pass
        else:
            # the standard library reads `0001` as 2001 and `0099` as 1999: a year written
            # with four digits is kept as written; it drops a `GMT-5` it cannot read
            kept_zone = parsed.tzinfo is not None or not _GMT_OFFSET.search(text)
            if kept_zone and (
                str(parsed.year) in text or _written_year(text) in (None, parsed.year)
            ):
                return parsed
    written = _whole_date(text, dayfirst)
    if written is not None:
        return written
    if not _YEAR.search(text) or not (_MONTH_NAME.search(text) or _NUMERIC_DAY.search(text)):
        # dateutil knows English month names only: from `dg., ag. 01 2021` (Catalan for
        # Sunday, August 1) it made January 1 out of the loose numbers
        return None
    if any(not clock.replace(":", "").isdigit() for clock in _CLOCK_SHAPE.findall(text)):
        return None  # a time unread: the loose parser would skip it and give the day alone
    from dateutil import parser  # lazily: only prose dates need it, and it costs start-up time

    # dateutil reads `UTC+01:00` as POSIX writes zones, its sign the other way round: the
    # offset is read here, as people mean it, and dateutil given the rest
    offset = _GMT_OFFSET.search(text)
    if offset:
        text = f"{text[: offset.start()]} {text[offset.end() :]}"
    try:
        dayfirst = dayfirst or bool(_DOTTED_DAY.search(text))
        parsed = parser.parse(text, default=_DEFAULT, fuzzy=True, dayfirst=dayfirst)
    except (ValueError, OverflowError):
        return None
    numbers = _NUMBER.findall(_CLOCK_SHAPE.sub(" ", text))
    if parsed.day != _DEFAULT.day and str(parsed.day) not in numbers:
        # a day no number of the text but its time's writes: the day nearest a weekday the
        # text names, its own day unread (`Tuesday, January Il, 2000 4:00 PM`: the 4th)
        return None
    if not _TIME.search(text):
        return parsed.date()  # `Feb 19, 2016` names a day, not its midnight: no time invented
    if offset and parsed.tzinfo is None:
        sign, hours, minutes = offset.groups()
        zone = _zone_offset(f"{sign}{int(hours):02d}{minutes or '00'}")[0]
        return parsed.replace(tzinfo=zone) if zone else parsed
    return parsed


#: An offset from UTC or GMT written after a time (`UTC+01:00`, `GMT-5`, `UTC+5:30`).
_GMT_OFFSET = re.compile(r"\b(?:UTC|GMT)\s?([+-])(\d{1,2})(?::?(\d{2}))?(?![\d:])", re.IGNORECASE)


def _written_year(text: str) -> int | None:
    found = re.search(r"(?<!\d)(\d{4})(?!\d)", text)
    return int(found.group(1)) if found else None


def _whole_date(text: str, dayfirst: bool) -> datetime | date | None:
    """A text that is a date and nothing else, in any language searchkit knows; a numeric
    day either way round is read month first unless `dayfirst` (or dotted)."""
    from .written_dates import DateEvidence, decide, read_written

    written = read_written(text)
    if written is None:
        return None
    order = dayfirst or bool(_DOTTED_DAY.search(text))
    return decide(written, DateEvidence(order)).value


class _Coarse(date):
    """A date that stands for a whole month or year (its first day; `keeps_month` says
    which); arithmetic on it is on that first day (date subclasses would otherwise give more
    of themselves: a Month plus five days)."""

    keeps_month = True

    def __new__(cls, year: int | bytes, month: int = 1, day: int = 1):
        if isinstance(year, bytes):  # unpickling
            return date.__new__(cls, year)  # type: ignore[call-arg, arg-type]
        return date.__new__(cls, year, month if cls.keeps_month else 1, 1)

    def day_one(self) -> date:
        return date(self.year, self.month, self.day)

    def __add__(self, other):  # type: ignore[no-untyped-def]
        return self.day_one() + other

    __radd__ = __add__

    def __sub__(self, other):  # type: ignore[no-untyped-def]
        return self.day_one() - (other.day_one() if isinstance(other, _Coarse) else other)

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" if self.keeps_month else f"{self.year:04d}"

    __str__ = isoformat

    def __repr__(self) -> str:
        shown = f"{self.year}, {self.month}" if self.keeps_month else f"{self.year}"
        return f"{type(self).__name__}({shown})"


class Month(_Coarse):
    """A month a text names without its day (`February 2018`): a date that claims no more.

    Searches find it by its month and year (`date:2018-02`), never by a day; JSON writes it
    `2018-02`; it sorts at the month's start.
    """


class Year(_Coarse):
    """A year a text names alone (`Summer 2017`, `In 2018,`): found by `date:2017` only."""

    keeps_month = False


def from_iso(value: str) -> date:
    """`2018`, `2018-02` or `2018-02-20` as a Year, a Month or a day."""
    if len(value) == 4:
        return Year(int(value))
    if len(value) == 7:
        return Month(int(value[:4]), int(value[5:]))
    return date.fromisoformat(value)


_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR_NUMBER = r"(?P<year>(?:1[89]|20)\d{2})"
_STATED = re.compile(
    rf"\b(?:{_MONTH}\s+(?P<day>\d{{1,2}}){_ORDINAL},?\s+{_YEAR_NUMBER}"
    rf"|(?P<day2>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?{_MONTH.replace('month', 'month2')},?\s+"
    rf"{_YEAR_NUMBER.replace('year', 'year2')}"
    rf"|{_MONTH.replace('month', 'month3')},?\s+{_YEAR_NUMBER.replace('year', 'year3')}"
    rf"|(?P<iso>(?:1[89]|20)\d{{2}}-\d{{2}}-\d{{2}}))\b(?!\s*[-–]\s*\d)",
    re.IGNORECASE,
)
# `Summer 2017:`, `In 2018, …`, `Early 2017 —`, `2015:` opening a text
_LEADING_YEAR = re.compile(
    r"^\W*(?:(?:in|early|late|mid|spring|summer|fall|autumn|winter)[\s-]+(?:of\s+)?)?"
    rf"{_YEAR_NUMBER}(?:\s*[:,;]|\s+[-–—]\s|\s*$)",
    re.IGNORECASE,
)
_OPENING_CHARS = 2000  # where a first sentence is looked for (a paragraph may be 1 MB)
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+[\"“‘(]?[A-Z]")


def stated_date(text: str | None) -> date | None:
    """The date a passage of prose speaks of, where it states one: a day or a month named in
    its first sentence (`On June 13, 2017, Elon responded`, `… from December 11, 2015.`,
    `February 2018: Elon resigned`), else a year it opens with (`Summer 2017: …`).

    A month is a `Month` and a year a `Year`: no day is invented. Later sentences are not
    read: a paragraph that goes on to recall an older event still speaks of its own.
    """
    if not text:
        return None
    text = text[:_OPENING_CHARS]
    found = _STATED.search(text)
    end = _SENTENCE_END.search(text)
    if found and (end is None or found.start() < end.start() + 1):
        stated = _from_match(found)
        if stated is not None:
            return stated
    leading = _LEADING_YEAR.match(text)
    return Year(int(leading.group("year"))) if leading else None


def _from_match(found: re.Match[str]) -> date | None:
    if found.group("iso"):
        return _valid_day(*map(int, found.group("iso").split("-")))
    for suffix in ("", "2"):
        if found.group("month" + suffix):
            month = _month_number(found.group("month" + suffix))
            day = int(found.group("day" + (suffix or "")))
            return _valid_day(int(found.group("year" + suffix)), month, day)
    return Month(int(found.group("year3")), _month_number(found.group("month3")))


def _month_number(name: str) -> int:
    prefix = name.lower().rstrip(".")[:3]
    return next(number for number, month in enumerate(_MONTHS, 1) if month.startswith(prefix))


def _valid_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def naive(value: datetime | date) -> datetime:
    """The wall-clock time as written, for indexing: a day becomes its midnight."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return datetime(value.year, value.month, value.day)


def year_key(day: date) -> str:
    """How the index spells a day's year, month and day: zero-padded, so they sort."""
    return f"{day.year:04d}"


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def day_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def calendar_keys(value: date) -> list[str]:
    """The month and day a date falls in, as far as it says: a Month has no day, a Year
    neither (its year is `year_key`)."""
    if isinstance(value, Year):
        return []
    if isinstance(value, Month):
        return [month_key(value)]
    return [month_key(value), day_key(value)]


def sort_key(value: datetime | date | None) -> datetime:
    """Where a unit's date sorts: a day at its midnight, no date before every date."""
    return naive(value) if value else datetime.min


#: How `timeline` and `--by` can count: the keys below, by name.
PERIODS = ("year", "month", "day")


def period_key(value: date, by: str) -> str | None:
    """The year, month or day a date falls in, as the index and the timeline spell it; None
    when the date does not say (a Month has no day)."""
    if by == "year":
        return year_key(value)
    keys = calendar_keys(value)
    return keys[PERIODS.index(by) - 1] if len(keys) >= PERIODS.index(by) else None


# RFC 5322's date-time (3.3) with its obsolete forms (4.3), and asctime's (an mbox's
# separator, pipermail's pages): `Fri, 13 Mar 2020 10:00:00 +0100 (CET)`, `15 Dec 49
# 10:00 -0800`, `Thu, 13 Feb 103 07:00:00 UT`, `Tue Jun 18 22:03:11 CEST 2019`
_WEEKDAY = r"(?:(?P<weekday>mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}\.?\s*,?\s*)?"
_CLOCK = r"(?P<hour>\d{1,2})\s*:\s*(?P<minute>\d\d)(?:\s*:\s*(?P<second>\d\d))?"
# (a numeric zone of other than four digits is read too, to be said: `+05`, `+053`)
_ZONE = r"(?P<zone>[+-]\d\d:?\d\d|[+-]\d{1,3}(?!\d)|[a-z]{1,5})"
_COMMENT = r"(?:\s*\([^()]{0,80}\))?\s*$"
_RFC5322_DATE = re.compile(
    rf"^\s*{_WEEKDAY}(?P<day>\d{{1,2}})(?:\s+|-){_MONTH}(?:\s+|-)(?P<year>\d{{2,4}})\s+{_CLOCK}"
    rf"(?:\s*{_ZONE})?{_COMMENT}",
    re.IGNORECASE,
)
_ASCTIME = re.compile(
    rf"^\s*{_WEEKDAY}{_MONTH}\s+(?P<day>\d{{1,2}})\s+{_CLOCK}(?:\s+{_ZONE})?\s+(?P<year>\d{{4}})"
    rf"(?:\s+{_ZONE.replace('zone', 'zone2')})?{_COMMENT}",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class MailDate:
    """A date as a mail header writes it: its value (None: impossible), and why it says
    less than it writes (a zone no one can place, a day that does not exist), if it does."""

    value: datetime | None
    doubt: str | None = None


@functools.lru_cache(maxsize=4096)
def _mail_date(text: str) -> MailDate | None:
    """The date, when the text is RFC 5322's date-time (obsolete forms too) or asctime's;
    None when it is neither."""
    found = _RFC5322_DATE.match(text) or _ASCTIME.match(text)
    if found is None:
        return None
    fields = found.groupdict()
    if (fields["zone"] or "").upper() in ("AM", "PM"):  # a twelve-hour clock: no mail date
        return None
    year = _mail_year(fields["year"])
    second = min(int(fields["second"] or 0), 59)  # a leap second (`:60`) is its minute's end
    try:
        local = datetime(
            year,
            _month_number(fields["month"]),
            int(fields["day"]),
            int(fields["hour"]),
            int(fields["minute"]),
            second,
        )
    except ValueError:
        return MailDate(None, "no such day or time: no date")
    zone = fields["zone"] or fields.get("zone2")
    if zone is None:
        return MailDate(local)
    offset, doubt = _zone_offset(zone)
    if offset is None:
        return MailDate(None if zone[0] in "+-" else local, doubt)
    return MailDate(local.replace(tzinfo=offset), doubt)


def is_kept(offset: timezone) -> bool:
    """Does some place keep this offset from UTC: within -12:00 and +14:00 (Kiribati's),
    whole hours or 15, 30, 45 minutes past (Nepal's +05:45, India's +05:30)?"""
    minutes = int(offset.utcoffset(None).total_seconds() // 60)
    return -12 * 60 <= minutes <= 14 * 60 and minutes % 15 == 0


def _mail_year(written: str) -> int:
    """RFC 5322 4.3: a two-digit year 00 to 49 is 20xx, 50 to 99 is 19xx; a three-digit
    one (a program's `year - 1900`) adds 1900."""
    year = int(written)
    if len(written) == 2:
        return year + (2000 if year < 50 else 1900)
    return year + 1900 if len(written) == 3 else year


def _zone_offset(zone: str) -> tuple[timezone | None, str | None]:
    """A zone's offset, else None and why: `-0000` is UTC with nothing said of the local
    zone (RFC 5322 3.3), `+01:00` an offset too; military letters but Z are unknown (RFC
    5322 4.3: their signs were written both ways)."""
    if zone[0] in "+-":
        digits = zone[1:].replace(":", "")
        # hours and minutes (`+0530`); one digit of hours (`+530`); hours alone (`+05`,
        # ISO 8601's, where mail writes four digits: a zone cut short reads so too)
        if len(digits) < 3:
            hours, minutes = int(digits), 0
        else:
            hours, minutes = int(digits[:-2]), int(digits[-2:])
        if hours > 23 or minutes > 59:
            return None, f"impossible time zone {zone}: no date"
        sign = -1 if zone[0] == "-" else 1
        offset = timezone(sign * timedelta(hours=hours, minutes=minutes))
        if len(digits) == 4:
            return offset, None if is_kept(offset) else f"time zone {zone}: no place keeps it"
        return offset, f"time zone {zone} read as {zone[0]}{hours:02d}:{minutes:02d}"
    known = ZONE_OFFSETS.get(zone.upper())
    if known is not None:
        return timezone(timedelta(minutes=known)), None
    return None, unknown_zone(zone)


def in_mail_form(text: str | None) -> bool:
    """Is this a date as mailers write a Date: (RFC 5322's form, or asctime's), not as a
    printout or a person writes one?"""
    if not text or len(text) > _LONGEST_DATE:
        return False
    return _mail_date(text) is not None


def date_doubt(text: str | None) -> str | None:
    """Why a mail date says less than it writes (its zone unknown or impossible, its day
    none that exists), or None: for a reader to say, naming the file."""
    if not text or len(text) > _LONGEST_DATE:
        return None
    found = _mail_date(text)
    return found.doubt if found is not None else None
