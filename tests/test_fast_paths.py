"""The build's shortcuts in reading, splitting and copies, each held to the slower way it
replaced, for generated text: a text's cleaning done on the whole text where it was done
line by line, a quote's opening words looked for among an email's words only where each of
them is in its text, a Notes sender line's pattern tried only on a line holding a slash, an
attribution's end only on a line ending with a colon, a mail's boundary read only from a
Content-Type that names one, a header's undecoded bytes found by a pattern, not character
by character."""

from __future__ import annotations

import re
from email import message_from_string

from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit.copies import OPENING_WORDS, holds_opening, words
from searchkit.readers.mail import _UNDECODED
from searchkit.split.header_blocks import LOTUS_SENDER
from searchkit.split.recognition import _ATTRIBUTION_END
from searchkit.split.text import (
    _ONE_REDACTION,
    _REDACTION,
    _REDACTIONS_IN_A_ROW,
    _strip_markdown,
    clean_text,
)
from searchkit.units import REDACTED

#: What decides a cleaning: spaces and tabs, every line end `splitlines` knows, redactions in
#: each spelling (and their first characters alone), Markdown's marks, words.
CLEANED = st.lists(
    st.sampled_from(
        [
            *"ab \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029\u00a0",
            *"█<[(*_#>`!-",
            "██",
            "<redacted>",
            "[REDACTED]",
            "(b)(6)",
            "(b) (7)(C)",
            "](x)",
            "**",
            "# ",
            "- ",
            "1. ",
            REDACTED,
            "word",
        ]
    ),
    max_size=40,
).map("".join)


def clean_text_by_lines(text: str, *, markdown: bool) -> str:
    """`clean_text` as it was: each line in turn."""
    lines = []
    for line in text.splitlines():
        if markdown:
            line = _strip_markdown(line)
        line = _REDACTION.sub(_ONE_REDACTION, line).strip()
        lines.append(re.sub(r"[ \t]+", " ", line) if "  " in line or "\t" in line else line)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines).strip())
    return _REDACTIONS_IN_A_ROW.sub(REDACTED, text) if REDACTED in text else text


@settings(max_examples=500, deadline=None)
@given(CLEANED, st.booleans())
def test_the_whole_text_is_cleaned_as_its_lines_were(text, markdown):
    assert clean_text(text, markdown=markdown) == clean_text_by_lines(text, markdown=markdown)


VOCABULARY = st.sampled_from(["the", "plan", "Plan", "budget", "a", "an", "é", "x_y", "42"])
SEPARATORS = st.sampled_from([" ", "  ", "\n", ", ", ". ", "-", "'", "_", "\t> "])
TEXTS = st.lists(st.tuples(VOCABULARY, SEPARATORS), max_size=30).map(
    lambda pieces: "".join(word + between for word, between in pieces)
)


@settings(max_examples=500, deadline=None)
@given(TEXTS, TEXTS, TEXTS, st.booleans())
def test_an_opening_is_found_where_the_words_spaced_hold_it(quote, before, after, quoting):
    email = before + (quote if quoting else "") + after
    first = words(quote)[:OPENING_WORDS]
    spaced = " " + " ".join(words(email)) + " "
    assert holds_opening(email.lower(), first) == (" " + " ".join(first) + " " in spaced)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(LOTUS_SENDER, fullmatch=True))
def test_every_notes_sender_line_holds_a_slash(line):
    assert "/" in line


@settings(max_examples=200, deadline=None)
@given(st.from_regex(_ATTRIBUTION_END))
def test_every_line_ending_as_an_attribution_ends_with_a_colon(line):
    assert line.rstrip().endswith(":")


PARAMETERS = st.lists(
    st.tuples(
        st.sampled_from(["boundary", "BOUNDARY", "Boundary*0", "boundary*1*", "charset", "b"]),
        st.sampled_from(['"x\n y"', "abc", '"a;b"', "''", "utf-8''%41", '"boundary"']),
    ),
    max_size=4,
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["text/plain", "multipart/mixed", "Text/Plain"]), PARAMETERS)
def test_a_boundary_is_read_only_where_the_content_type_names_one(kind, parameters):
    value = "; ".join([kind, *(f"{name}={given}" for name, given in parameters)])
    message = message_from_string(f"Content-Type: {value}\n\nbody\n")
    if "boundary" not in str(message.get("content-type", "")).lower():
        assert message.get_boundary() is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", "é", "\udc7f", "\udc80", "\udcc4", "\udcff", "\ud800", "\ue000"])))
def test_undecoded_bytes_are_found_as_character_by_character(value):
    assert bool(_UNDECODED.search(value)) == any("\udc80" <= char <= "\udcff" for char in value)
