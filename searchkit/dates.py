"""Dates as correspondence writes them: headers, quote lines, front matter, bare days."""

from __future__ import annotations

import re
from datetime import date, datetime

_DAY_ONLY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
# a four-digit year, or a short one in a day/month/year date (`29/12/11 19:56`)
_YEAR = re.compile(r"\b(19|20)\d{2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2}\b")
_DEFAULT = datetime(1900, 1, 1)
_MONTH_NAME = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b\.?", re.IGNORECASE
)
_NUMERIC_DAY = re.compile(r"(?<!\d)(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{8})(?!\d)")
_TIME = re.compile(r"\d:\d\d|\d\s*[ap]\.?m\b", re.IGNORECASE)
_TWELVE_HOUR = re.compile(r"\d\s*[ap]\.?m\b\.?", re.IGNORECASE)


def parse_date(text: str | None) -> datetime | date | None:
    """Parse any date a mail client or a page writes, or None when there is none.

    A bare `2023-08-27` stays a `date`: the text does not give a time, so none is invented.
    Text without a year is refused, because dateutil would fill in this year.
    """
    if not text or not text.strip():
        return None
    day = _DAY_ONLY.match(text)
    if day:
        return _valid_day(*map(int, day.groups()))
    from email.utils import parsedate_to_datetime

    # RFC 2822 dates have a 24-hour clock; the standard library's lenient parser reads
    # `Tuesday, March 5, 2019 4:12 PM` (Outlook's Sent:) as 04:12 and `12:30 AM` as 12:30
    if not _TWELVE_HOUR.search(text):
        try:
            return parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            pass
    if not _YEAR.search(text) or not (_MONTH_NAME.search(text) or _NUMERIC_DAY.search(text)):
        # dateutil knows English month names only: from `dg., ag. 01 2021` (Catalan for
        # Sunday, August 1) it made January 1 out of the loose numbers
        return None
    from dateutil import parser  # lazily: only prose dates need it, and it costs start-up time

    try:
        parsed = parser.parse(text, default=_DEFAULT, fuzzy=True)
    except (ValueError, OverflowError):
        return None
    # `Feb 19, 2016` names a day, not its midnight: no time is invented
    return parsed if _TIME.search(text) else parsed.date()


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


def sort_key(value: datetime | date | None) -> datetime:
    """Where a unit's date sorts: a day at its midnight, no date before every date."""
    return naive(value) if value else datetime.min


#: How `timeline` and `--by` can count: the keys below, by name.
PERIODS = ("year", "month", "day")


def period_key(value: date, by: str) -> str:
    """The year, month or day a date falls in, as the index and the timeline spell it."""
    return {"year": year_key, "month": month_key, "day": day_key}[by](value)
