"""The reading and splitting shortcuts, each held to the slower way it replaced, for generated
text: a Notes sender line's pattern tried only on a line holding a slash."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit.split.header_blocks import LOTUS_SENDER


@settings(max_examples=200, deadline=None)
@given(st.from_regex(LOTUS_SENDER, fullmatch=True))
def test_every_notes_sender_line_holds_a_slash(line):
    assert "/" in line
