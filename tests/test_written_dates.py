"""Dates written as each language writes them (CLDR's patterns, through Babel) read back whole."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_datetime
from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit.written_dates import read_written

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
