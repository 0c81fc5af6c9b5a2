"""What `notmuch show` prints, over the grammar of its text format (notmuch-show(1) and
notmuch-show.c): each message between form-feed markers, its `^Lmessage{` line with the
id, depth, match, excluded and file name, its head a one-line summary (the sender, a date
as notmuch words it, the tags) over Subject/From/To/Cc/Date, its body parts and attachments
each marked. Every message must come back with its fields, its words without a marker, and
its line span where the file has it."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit.corpus import read_units
from searchkit.units import EMAIL

_PEOPLE = [
    ("Lars Kellogg-Stedman", "lars@seas.example.edu"),
    ("Mikhail Gusarov", "dottedmag@example.net"),
    ("Ingmar Vanhassel", "ingmar@example.org"),
    ("José Gómez", "jose@example.es"),
]
_WORDS = ["notmuch", "maildir", "index", "tags", "thread", "patch", "search", "mutt", "emacs"]
F = "\f"


@st.composite
def _messages(draw: st.DrawFn) -> tuple[list[str], dict]:
    sender, to = draw(st.permutations(_PEOPLE))[:2]
    cc = draw(st.sampled_from([None, *_PEOPLE]))
    moment = draw(st.datetimes(datetime(2009, 1, 1), datetime(2024, 12, 31))).replace(microsecond=0)
    zone = timezone(timedelta(minutes=draw(st.sampled_from([-300, 0, 60, 360, 330]))))
    when = moment.replace(tzinfo=zone)
    subject = draw(st.sampled_from(["", "Re: ", "[notmuch] "])) + " ".join(
        draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4))
    )
    body = [
        " ".join(draw(st.lists(st.sampled_from(_WORDS), min_size=3, max_size=9))).capitalize() + "."
        for _ in range(draw(st.integers(1, 3)))
    ]
    tags = draw(st.sampled_from(["(inbox unread)", "(inbox)", "(attachment inbox signed)"]))
    summary_day = draw(st.sampled_from([f"{moment:%Y-%m-%d}", "Yest. 12:34", "Mon. 10:00"]))
    lines = [
        f"{F}message{{ id:{draw(st.integers(1, 10**9))}@example.org depth:{draw(st.integers(0, 3))}"
        f" match:1 excluded:0 filename:/home/u/mail/cur/{draw(st.integers(1, 10**9))}.host:2,S",
        f"{F}header{{",
        f"{sender[0]} <{sender[1]}> ({summary_day}) {tags}",
        f"Subject: {subject}",
        f"From: {sender[0]} <{sender[1]}>",
        f"To: {to[0]} <{to[1]}>",
        *([f"Cc: {cc[0]} <{cc[1]}>"] if cc else []),
        f"Date: {format_datetime(when)}",
        f"{F}header}}",
        f"{F}body{{",
        f"{F}part{{ ID: 1, Content-type: text/plain",
        *body,
        f"{F}part}}",
    ]
    if draw(st.booleans()):
        lines += [
            f"{F}attachment{{ ID: 2, Filename: notes.pdf, Content-type: application/pdf",
            "Non-text part: application/pdf",
            f"{F}attachment}}",
        ]
    lines += [f"{F}body}}", f"{F}message}}"]
    expected = {
        "sender": sender[0],
        "sender_address": sender[1],
        "to": [to[0]],
        "cc": [cc[0]] if cc else [],
        "date": when,
        "subject": subject,
        "text": "\n".join(body),
    }
    return lines, expected


@settings(max_examples=60, deadline=None)
@given(st.lists(_messages(), min_size=1, max_size=4))
def test_every_message_of_notmuch_shows_text_is_read_whole(drawn):
    lines: list[str] = []
    starts = []
    for message, _ in drawn:
        starts.append(len(lines) + 1)
        lines += message
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "thread.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        read = read_units(path, "thread.txt")
        units = list(read.units)
    assert not read.problems
    assert [unit.kind for unit in units] == [EMAIL] * len(drawn)
    for unit, (message, expected), start in zip(units, drawn, starts, strict=True):
        assert (unit.sender, unit.sender_address) == (
            expected["sender"],
            expected["sender_address"],
        )
        assert (list(unit.to), list(unit.cc)) == (expected["to"], expected["cc"])
        assert (unit.date, unit.subject) == (expected["date"], expected["subject"])
        assert unit.text == expected["text"] and "\f" not in unit.text
        assert start < unit.line_start < unit.line_end < start + len(message)
