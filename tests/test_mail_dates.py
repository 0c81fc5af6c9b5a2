"""Mail dates, RFC 5322's date-time (3.3) in all its forms, obsolete ones (4.3) too: a day
name or none, two-, three- or four-digit years, seconds or none, a numeric zone (`-0000`:
UTC, nothing said of the local zone), RFC 5322's zone names and the other unambiguous ones,
comments, extra spaces, RFC 733's zone name after a hyphen; asctime's form (an mbox's, pipermail's). Each is read to the very
wall-clock time and offset written; what cannot be placed (a zone no one can tell, a day
that does not exist) is read as far as it goes, and said."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit.corpus import iter_corpus
from searchkit.dates import date_doubt, is_kept, parse_date
from searchkit.zones import ZONE_OFFSETS

_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def _offset_text(minutes: int, colon: bool) -> str:
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{':' if colon else ''}{rest:02d}"


@st.composite
def mail_dates(draw: st.DrawFn) -> tuple[str, datetime, timezone | None]:
    """A Date: header's value, the wall-clock time it writes, and the offset it gives."""
    when = draw(st.datetimes(datetime(1950, 1, 1), datetime(2049, 12, 31, 23, 59, 59))).replace(microsecond=0)
    if draw(st.booleans()):
        when = when.replace(second=0)
    zone_kind = draw(st.sampled_from(["numeric", "colon", "name", "minus zero", "none"]))
    if zone_kind == "name":
        name = draw(st.sampled_from(sorted(ZONE_OFFSETS)))
        zone = draw(st.sampled_from([name, name.lower()])) if name != "Z" else name
        offset: timezone | None = timezone(timedelta(minutes=ZONE_OFFSETS[name]))
    elif zone_kind == "minus zero":
        zone, offset = "-0000", timezone.utc
    elif zone_kind == "none":
        zone, offset = "", None
    else:
        minutes = draw(st.integers(-23 * 60 - 59, 23 * 60 + 59))
        zone, offset = _offset_text(minutes, zone_kind == "colon"), timezone(timedelta(minutes=minutes))

    day_name = _DAYS[when.weekday()]
    weekday = draw(st.sampled_from(["", f"{day_name[:3]}, ", f"{day_name}, ", f"{day_name[:3]} "]))
    day = draw(st.sampled_from([f"{when.day}", f"{when.day:02d}"]))
    month_name = _MONTHS[when.month - 1]
    month = draw(st.sampled_from([month_name[:3], month_name, month_name[:3].upper()]))
    years = [f"{when.year}", f"{when.year % 100:02d}"]  # RFC 5322 4.3: 00-49 20xx, 50-99 19xx
    if when.year >= 2000:
        years.append(f"{when.year - 1900}")  # a program's `year - 1900`: `103` for 2003
    year = draw(st.sampled_from(years))
    clock = f"{when.hour:02d}:{when.minute:02d}" + (f":{when.second:02d}" if when.second or draw(st.booleans()) else "")
    space = draw(st.sampled_from([" ", "  ", "\t"]))
    comment = draw(st.sampled_from(["", " (CET)", " (UTC)", " (Pacific Daylight Time)"]))
    # (RFC 733's zone name after a hyphen, as etc/BABYL's example writes it: `21:40-EDT`)
    joint = "-" if zone_kind == "name" and draw(st.booleans()) else " "
    text = f"{weekday}{day}{space}{month} {year}{space}{clock}{joint}{zone}".rstrip() + (comment if zone else "")
    if draw(st.booleans()):  # asctime's: `Tue Jun 18 22:03:11 CEST 2019` (zone before year)
        zone_part = f" {zone}" if zone else ""
        text = f"{day_name[:3]} {month_name[:3]} {when.day:2d} {clock}{zone_part} {when.year}"
    return text, when, offset


@settings(max_examples=500, deadline=None)
@given(mail_dates())
def test_every_form_of_a_mail_date_is_read_to_its_time_and_offset(case):
    text, when, offset = case
    read = parse_date(text)
    assert isinstance(read, datetime), text
    assert read.replace(tzinfo=None) == when, text
    assert read.utcoffset() == (offset.utcoffset(None) if offset else None), text
    # (an offset no place keeps, `+0001`, `+2215`, is read as written, and said)
    assert (date_doubt(text) is None) == (offset is None or is_kept(offset)), text


@pytest.mark.parametrize(
    "text, doubt",
    [
        ("Fri, 13 Mar 2020 10:00:00 M", "military time zone M"),
        ("Fri, 13 Mar 2020 10:00:00 Y", "military time zone Y"),
        ("1 Jul 2003 10:52:37 A", "military time zone A"),
        ("Fri, 13 Mar 2020 10:00:00 BST", "unknown time zone BST"),  # British or Bangladesh
        ("Fri, 13 Mar 2020 10:00 IST", "unknown time zone IST"),  # India, Ireland, Israel
        ("Tue Jun 18 22:03:11 XYZT 2019", "unknown time zone XYZT"),
    ],
)
def test_a_zone_no_one_can_place_gives_the_time_written_and_is_said(text, doubt):
    read = parse_date(text)
    assert isinstance(read, datetime) and read.tzinfo is None
    assert doubt in (date_doubt(text) or "")


@pytest.mark.parametrize(
    "text",
    [
        "Fri, 13 Mar 2020 10:00:00 +2400",
        "Fri, 13 Mar 2020 10:00:00 -0960",
        "Mon, 31 Feb 2021 10:00:00 +0000",
        "Mon, 01 Feb 2021 25:61:00 +0000",
    ],
)
def test_an_impossible_zone_or_day_gives_no_date_and_is_said(text):
    assert parse_date(text) is None
    assert date_doubt(text)


def test_a_twelve_hour_clock_is_no_zone():
    assert parse_date("Tuesday, March 5, 2019 4:12 PM") == datetime(2019, 3, 5, 16, 12)
    assert parse_date("5 Mar 2019 4:12 PM") == datetime(2019, 3, 5, 16, 12)


@pytest.mark.parametrize(
    "header, expected, said",
    [
        ("15 Dec 49 10:00:00 -0800", "2049-12-15T10:00:00-08:00", None),
        ("Sun, 01 Jan 50 00:00:00 +0000", "1950-01-01T00:00:00+00:00", None),
        ("Thu, 13 Feb 103 07:00:00 UT", "2003-02-13T07:00:00+00:00", None),
        ("Sun, 2 Feb 2020 23:59:59 -0000", "2020-02-02T23:59:59+00:00", None),
        ("13 Mar 2020 10:00:00 +01:00", "2020-03-13T10:00:00+01:00", None),
        ("Fri, 13 Mar 2020 10:00:00 CET", "2020-03-13T10:00:00+01:00", None),
        ("Fri, 13 Mar 2020 10:00:00 BST", "2020-03-13T10:00:00", "unknown time zone BST"),
        ("Fri, 13 Mar 2020 10:00:00 +2400", None, "impossible time zone +2400"),
        ("the day after tomorrow", None, "unreadable"),
    ],
)
def test_a_message_keeps_its_date_as_written_and_says_what_it_could_not_read(tmp_path, header, expected, said):
    (tmp_path / "probe.eml").write_text(
        f"From: P <p@example.com>\nTo: q@example.com\nSubject: probe\nDate: {header}\n"
        "Message-ID: <probe@example.com>\n\nprobe body\n"
    )
    [result] = list(iter_corpus(tmp_path))
    [unit] = result.units
    assert (unit.sender, unit.subject, unit.text) == ("P", "probe", "probe body")
    assert (unit.date.isoformat() if unit.date else None) == expected
    # what could not be read is the unit's `date_doubt`, which `searchkit audit` lists
    assert [problem.message for problem in result.problems] == []
    if said is None:
        assert unit.date_doubt is None
    else:
        assert unit.date_doubt and said in unit.date_doubt
