"""Dates written as each language writes them (CLDR's patterns, through Babel) read back whole;
a zone after the time read from the one table mail headers use, or said unknown."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from babel.dates import format_datetime
from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit.corpus import read_units
from searchkit.dates import parse_date
from searchkit.written_dates import read_head_date, read_written
from searchkit.zones import ZONE_OFFSETS, unknown_zone

LOCALES = ["en", "de", "fr", "es", "it", "nl", "pt", "sv", "en_GB"]
# weekday and month, wide and abbreviated, in the orders mail clients print them
PATTERNS = [
    "EEE d MMM y HH:mm",
    "EEEE d MMMM y HH:mm",
    "EEE, d MMM y HH:mm",
    "d MMM y",
    "EEEE, d. MMMM y HH:mm",
    "MMM d, y h:mm a",
    "EEEE, MMMM d, y 'at' h:mm a",
    "EEE d MMM y 'kl.' HH:mm",
]


@settings(max_examples=400, deadline=None)
@given(
    st.datetimes(min_value=datetime(1980, 1, 1), max_value=datetime(2035, 12, 31)),
    st.sampled_from(LOCALES),
    st.sampled_from(PATTERNS),
)
def test_a_date_written_in_words_reads_back_as_that_day_and_minute(moment, locale, pattern):
    written = format_datetime(moment, pattern, locale=locale)
    reading = read_written(written)
    assert reading is not None, written
    assert reading.days == (moment.date(),), written
    if "H" in pattern or "h" in pattern:
        assert reading.time == (moment.hour, moment.minute, 0), written


@settings(max_examples=150, deadline=None)
@given(
    st.datetimes(min_value=datetime(1980, 1, 1), max_value=datetime(2035, 12, 31)),
    st.sampled_from(
        [
            ("ja", "y年M月d日 aK:mm"),  # the morning's hours from 0: `午前0:15`
            ("ja", "y年M月d日 a K:mm"),
            ("fr_CA", "EEEE d MMMM y HH 'h' mm"),  # `16 h 40`
            ("fr_CA", "d MMM y HH'h'mm"),
            ("en", "d MMM ''yy HH:mm"),  # `3 Apr '19`
            ("en", "MMMM d ''yy 'at' h:mm a"),
        ]
    ),
)
def test_the_less_usual_patterns_of_a_time_or_a_year_read_back(moment, written):
    """Patterns CLDR's data has, which clients print: Japanese's 0-based morning hours,
    Canadian French's `h` between hour and minute, a year's two digits after an apostrophe."""
    locale, pattern = written
    text = format_datetime(moment, pattern, locale=locale)
    reading = read_written(text)
    assert reading is not None, text
    assert (reading.days, reading.time) == ((moment.date(),), (moment.hour, moment.minute, 0)), text


@settings(max_examples=150, deadline=None)
@given(
    st.datetimes(min_value=datetime(1980, 1, 1), max_value=datetime(2035, 12, 31)),
    st.sampled_from(["EEEE, d. MMMM y h:mm", "EEE, d. MMM y h:mm", "dd.MM.y h:mm"]),
)
def test_germans_older_markers_of_the_afternoon_are_read(moment, pattern):
    """`4:12 nachm.`, `9:05 vorm.`: what CLDR wrote for German before AM/PM (a twelve-hour
    clock without them would be twelve hours off in the afternoon)."""
    marker = "nachm." if moment.hour >= 12 else "vorm."
    written = f"{format_datetime(moment, pattern, locale='de')} {marker}"
    reading = read_written(written)
    assert reading is not None, written
    assert (reading.days, reading.time) == ((moment.date(),), (moment.hour, moment.minute, 0)), (
        written
    )


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=datetime(1980, 1, 1).date(), max_value=datetime(2035, 12, 31).date()))
def test_a_numeric_day_gives_every_reading_it_allows(day):
    reading = read_written(f"{day.month:02d}/{day.day:02d}/{day.year}")
    assert reading is not None and day in reading.days
    assert reading.ambiguous == (day.day <= 12 and day.day != day.month)
    dotted = read_written(f"{day.day:02d}.{day.month:02d}.{day.year}")
    assert dotted is not None and dotted.days == (day,)


def test_text_that_is_more_than_a_date_is_none():
    for text in ["Sam Altman said on March 3, 2016", "March 3, 2016 was a Thursday", "budget 2016"]:
        assert read_written(text) is None


#: Zone names with no known offset: several zones each (`IST`, `BST`, `AST`), or none of
#: the table's (`ET`, `HNE`, `AEST`'s spelling `EAST` for Australia's east).
UNPLACED = st.sampled_from(["IST", "BST", "AST", "ET", "PT", "HNE", "EAST", "CHST", "SST"])


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(min_value=datetime(1980, 1, 1), max_value=datetime(2035, 12, 31)),
    st.sampled_from(PATTERNS[:2] + PATTERNS[4:]),
    st.one_of(st.sampled_from(sorted(ZONE_OFFSETS)), UNPLACED),
)
def test_a_zone_after_the_time_is_its_offset_or_said_unknown(moment, pattern, zone):
    # the one table mail headers read too: a written date never reads a zone otherwise
    written = f"{format_datetime(moment, pattern, locale='en')} {zone}"
    reading = read_head_date(written)
    assert reading is not None, written
    at = reading.at(reading.days[0])
    assert isinstance(at, datetime) and at.replace(tzinfo=None) == moment.replace(
        second=0, microsecond=0
    )
    if zone in ZONE_OFFSETS:
        assert at.utcoffset() == timedelta(minutes=ZONE_OFFSETS[zone]), written
        assert reading.unknown_zone is None
    else:
        assert at.tzinfo is None and reading.unknown_zone == zone, written
        mail_head = parse_date(f"{moment:%a, %d %b %Y %H:%M} {zone}")
        assert mail_head is None or mail_head.tzinfo is None  # the headers' reading agrees


def test_a_pasted_head_whose_zone_no_one_can_place_says_so(tmp_path):
    (tmp_path / "thread.txt").write_text(
        "Notes.\n\nFrom: Ravi Kumar <ravi@example.in>\n"
        "Sent: Tuesday, March 10, 2020 6:30 PM IST\nTo: Dana Miller <dana@example.org>\n"
        "Subject: permits\n\nDana, the permits came through.\n\n"
        "From: Dana Miller <dana@example.org>\nSent: Tuesday, March 10, 2020 10:00 AM AKST\n"
        "To: Ravi Kumar <ravi@example.in>\nSubject: permits\n\nRavi, good news.\n"
    )
    ravi, dana = (u for u in read_units(tmp_path / "thread.txt", "thread.txt").units if u.sender)
    assert ravi.date == datetime(2020, 3, 10, 18, 30)
    assert ravi.date_doubt == "unknown time zone IST: read without an offset"
    assert dana.date == datetime(2020, 3, 10, 10, 0, tzinfo=timezone(timedelta(hours=-9)))
    assert dana.date_doubt is None


#: Windows's names of zones, as Outlook prints them after a `Sent:` time.
WINDOWS_PLACES = [
    "Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
    "Eastern Time (US & Canada)",
    "Chennai, Kolkata, Mumbai, New Delhi",
    "Dublin, Edinburgh, Lisbon, London",
    "Coordinated Universal Time",
    "Amsterdam, Berlin, Bern, Rom, Stockholm, Wien",
]


@settings(max_examples=200, deadline=None)
@given(
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2035, 12, 31)),
    st.sampled_from(["", "+01:00", "-05:00", "+05:30", "+10:00", "-03:30"]),
    st.sampled_from(WINDOWS_PLACES),
    st.sampled_from(["UTC", "GMT"]),
)
def test_outlooks_zone_name_gives_the_time_as_written_and_is_said(moment, offset, places, utc):
    # `(UTC+01:00) Amsterdam, …` is the zone's standard offset, an hour off in summer: the
    # time is kept as written, no offset read (dateutil read `UTC+01:00` as -01:00)
    line = (
        f"{format_datetime(moment, 'EEEE, MMMM d, y h:mm a', locale='en')} ({utc}{offset}) {places}"
    )
    reading = read_head_date(line)
    assert reading is not None and reading.offset is None, line
    assert reading.at(reading.days[0]) == moment.replace(second=0, microsecond=0), line
    assert reading.unknown_zone == f"({utc}{offset}) {places}", line
    assert "standard offset" in unknown_zone(reading.unknown_zone)


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2035, 12, 31)),
    st.sampled_from(["+", "-"]),
    st.integers(0, 12),
    st.sampled_from(["", ":00", ":30", "00"]),
    st.sampled_from(["UTC", "GMT", "utc"]),
    st.sampled_from(["", " sent from my phone", " (approx.)"]),
    st.sampled_from(["%B %d, %Y %H:%M", "%a %d %b %Y %H:%M", "%d %B %Y, %H:%M"]),
)
def test_an_offset_from_utc_is_read_as_people_mean_it(
    moment, sign, hours, minutes, utc, tail, form
):
    # `GMT-5` is five hours behind, whichever reader takes the text (POSIX writes it the
    # other way round, and so did dateutil)
    text = f"{moment:{form}} {utc}{sign}{hours}{minutes}{tail}"
    read = parse_date(text)
    assert isinstance(read, datetime) and read.utcoffset() is not None, text
    expected = timedelta(hours=hours, minutes=30 if "30" in minutes else 0)
    assert read.utcoffset() == (expected if sign == "+" else -expected), text
    assert read.replace(tzinfo=None) == moment.replace(second=0, microsecond=0), text


@settings(max_examples=150, deadline=None)
@given(
    st.datetimes(min_value=datetime(1980, 1, 1), max_value=datetime(2035, 12, 31)),
    st.sampled_from(PATTERNS[:2] + PATTERNS[4:]),
    UNPLACED,
    st.integers(-12 * 4, 14 * 4).map(lambda quarters: timedelta(minutes=15 * quarters)),
    st.booleans(),
)
def test_a_zones_name_beside_its_offset_is_no_doubt(moment, pattern, zone, offset, name_first):
    """`+0100 (BST)`, as mail and Google Groups write a date: the offset is read, and the
    name (one no table can place) is its comment, not said to leave the time unplaced."""
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    numeric = f"{sign}{minutes // 60:02d}{minutes % 60:02d}"
    tail = f"{zone} {numeric}" if name_first else f"{numeric} ({zone})"
    written = f"{format_datetime(moment, pattern, locale='en')} {tail}"
    reading = read_head_date(written)
    assert reading is not None, written
    at = reading.at(reading.days[0])
    assert isinstance(at, datetime) and at.utcoffset() == offset, written
    assert reading.unknown_zone is None, written
