"""Dates in queries: `date:2017`, `date:2017-09..2018-02`, `after:30d`, `before:last-year`,
read into the days they cover."""

from __future__ import annotations

import contextlib
import re
from datetime import date, timedelta

from ..errors import QueryError
from .tree import Dates

_DATE_VALUE = re.compile(r"^\d{4}(?:[-/]\d{1,2}(?:[-/]\d{1,2})?)?$")
_RELATIVE = re.compile(r"^-?(\d{1,4})([dwmy])$")
_DATE_FORMS = (
    "use YYYY, YYYY-MM or YYYY-MM-DD, a time ago (30d, 2w, 6m, 1y), today, yesterday,"
    " this-week, last-week, this-month, last-month, this-year or last-year"
)


def today() -> date:
    """The day relative dates count from (the one place the clock is read)."""
    return date.today()


def period(op: str, value: str) -> Dates | None:
    """`date:2017`, `date:2017-09..2018-02`, `date:..2016`, `after:2017-06`, `before:2018`
    as the days they cover; None for a period no unit can fall in (`before:0001`,
    `date:2018..2016`).

    `after:` includes the period it names, `before:` excludes it, as in Gmail's search.
    """
    if op == "after":
        return Dates(days(value)[0], None)
    if op == "before":
        day = days(value)[0]
        return None if day == date.min else Dates(None, day - timedelta(days=1))
    start, dots, end = value.partition("..")
    if not dots:
        return Dates(*days(value))
    if not start and not end:
        raise QueryError("a date range needs at least one end: date:2017..2018")
    first: date | None = days(start)[0] if start else None
    last: date | None = days(end)[1] if end else None
    if first and last and first > last:
        return None  # it ends before it starts: `reversed_range` says so
    return Dates(first, last)


def days(value: str) -> tuple[date, date]:
    """First and last day of a year, month or day written as 2017, 2017-09 or 2017-09-20,
    or relative to today (`30d`, `last-week`)."""
    if not _DATE_VALUE.match(value):
        relative = _relative(value)
        if relative is None:
            raise QueryError(f"{value!r} is not a date: {_DATE_FORMS}")
        return relative
    parts = [int(part) for part in re.split(r"[-/]", value)]
    try:
        first = date(parts[0], *(parts[1:] + [1, 1])[:2])
    except ValueError as error:
        raise QueryError(f"{value!r} is not a date: {error}") from None
    if len(parts) == 1:
        return first, date(first.year, 12, 31)
    if len(parts) == 2:
        return first, month_end(first)
    return first, first


def _relative(value: str) -> tuple[date, date] | None:
    """`30d`/`-30d`, `2w`, `6m`, `1y` (that day, so long ago) and the named periods, as
    notmuch and mu read them."""
    now = today()
    ago = _RELATIVE.match(value)
    if ago:
        count, unit = int(ago.group(1)), ago.group(2)
        if unit in "dw":
            day = now - timedelta(days=count * (7 if unit == "w" else 1))
        else:
            day = _months_before(now, count * (12 if unit == "y" else 1))
        return day, day
    monday = now - timedelta(days=now.weekday())
    month = now.replace(day=1)
    last_month = _months_before(month, 1)
    named = {
        "today": (now, now),
        "yesterday": (now - timedelta(days=1), now - timedelta(days=1)),
        "this-week": (monday, monday + timedelta(days=6)),
        "last-week": (monday - timedelta(days=7), monday - timedelta(days=1)),
        "this-month": (month, month_end(month)),
        "last-month": (last_month, month_end(last_month)),
        "this-year": (date(now.year, 1, 1), date(now.year, 12, 31)),
        "last-year": (date(now.year - 1, 1, 1), date(now.year - 1, 12, 31)),
    }
    return named.get(value.lower())


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    first = date(index // 12, index % 12 + 1, 1)
    return first.replace(day=min(day.day, month_end(first).day))


def month_end(day: date) -> date:
    if day.month == 12:
        return day.replace(day=31)
    return day.replace(month=day.month + 1, day=1) - timedelta(days=1)


_DATE_RANGE = re.compile(r"\bdate:(\S+?)\.\.(\S+)")


def reversed_range(text: str) -> str | None:
    """A `date:` range of the query that ends before it starts (it selects nothing), said."""
    for start, end in _DATE_RANGE.findall(text):
        with contextlib.suppress(QueryError):
            if days(start)[0] > days(end)[1]:
                return f"date:{start}..{end} ends before it starts (date:{end}..{start}?)"
    return None


def calendar(first: date | None, last: date | None) -> list[tuple[int, int] | str]:
    """Units dated `first` to `last` (whole days; None leaves that end open) as the fewest
    pieces of the index's calendar fields: a run of whole years (first and last year), then
    whole months and days (their `period` keys, `2017-09`, `2017-09-20`). `date:2017-09` is
    one term; a range over every day of it was ninety (five times slower in Whoosh)."""
    from ..dates import day_key, month_key

    first, last = first or date.min, last or date.max
    pieces: list[tuple[int, int] | str] = []
    whole_years_to = last.year if (last.month, last.day) == (12, 31) else last.year - 1
    day: date | None = first
    while day is not None and day <= last:
        if (day.month, day.day) == (1, 1) and day.year <= whole_years_to:
            pieces.append((day.year, whole_years_to))
            day = _day_after(date(whole_years_to, 12, 31))
        elif day.day == 1 and month_end(day) <= last:
            pieces.append(month_key(day))
            day = _day_after(month_end(day))
        else:
            pieces.append(day_key(day))
            day = _day_after(day)
    return pieces


def _day_after(day: date) -> date | None:
    return None if day == date.max else day + timedelta(days=1)
