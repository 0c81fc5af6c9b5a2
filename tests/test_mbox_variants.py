"""mbox in all its variants (qmail's mbox(5), RFC 4155): a message starts at a `From ` line
of a separator's shape after a blank line, followed by a header block. Writers differ in how
they keep a body line starting `From ` from looking like one: mboxo escapes `From ` as
`>From `, mboxrd escapes `>*From ` by one more `>`, mboxcl2 escapes nothing and says the
body's length in `Content-Length:` (mboxcl does both), and careless writers do neither.

Whatever the variant, every message is read once, with every field, and its body as the
sender wrote it: a body line starting `From ` (a sentence, a pasted log line, a pasted
message under Content-Length) is never a message, never lost, and escaping never adds a
quote level.
"""

from __future__ import annotations

import mailbox
from collections import Counter
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit.corpus import iter_corpus
from searchkit.readers.documents import MailMessage, Reading
from searchkit.readers.mail import messages
from tests.timing import best_seconds

REAL_MBOXES = Path("/work/shared/testdata/mbox")

#: How the variants write a body line; (escape, content_length, may hold pasted headers).
VARIANTS = ("mboxo", "mboxrd", "mboxcl", "mboxcl2", "unescaped")

_NAMES = st.sampled_from(["Kate Unesc", "Leo Marsh", "Ada Byron", "Zoë Ångström", "Bob"])
_PROSE = st.sampled_from(
    [
        "the heron plan is approved",
        "From here on we meet on Tuesdays.",
        "From the minutes: approved.",
        ">From the kiwi desk.",
        ">>From an older kiwi desk.",
        "From",
        "From kate@example.com Thu Mar 11 09:00:00 2021",
        "From - Sat Jan  3 03:05:34 1996",
        "",
    ]
)
#: A message pasted into a body unescaped: a separator followed by headers (only a
#: variant that escapes, or vouches for the body's length, can tell it from a message).
_PASTED_MESSAGE = [
    "From fake@example.com Thu Jan  1 00:00:00 2015",
    "From: Fake Sender <fake@example.com>",
    "Subject: not a message of this mailbox",
    "",
    "pasted body",
]


def _separators(address: str, when: datetime) -> st.SearchStrategy[str]:
    asctime = when.strftime("%a %b ") + f"{when.day:2d}" + when.strftime(" %H:%M:%S")
    return st.sampled_from(
        [
            f"From {address} {asctime} {when.year}",
            f"From {address}  {asctime} {when.year}",  # two spaces
            f"From {address} {asctime} +0000 {when.year}",  # Gmail's Takeout
            f"From {address} {asctime} {when.year} +0000",
            f"From {address} {format_datetime(when)}",  # RFC 5322's date
            f"From MAILER-DAEMON {asctime} {when.year}",
            f"From - {asctime} {when.year}",  # Thunderbird's
            f"From {address.replace('@', ' at ')}  {asctime} {when.year}",  # pipermail's
        ]
    )


@st.composite
def mailboxes(draw: st.DrawFn) -> tuple[str, list[dict]]:
    variant = draw(st.sampled_from(VARIANTS))
    found = []
    for number in range(draw(st.integers(1, 4))):
        name = draw(_NAMES)
        address = f"{name.split()[0].lower()}@example.org".replace("ë", "e")
        when = datetime(2000, 1, 1, tzinfo=timezone(timedelta(hours=draw(st.integers(-11, 13)))))
        when += timedelta(minutes=draw(st.integers(0, 10**7)))
        body = draw(st.lists(_PROSE, min_size=1, max_size=8))
        if variant != "unescaped" and draw(st.booleans()):
            at = draw(st.integers(0, len(body)))
            body[at:at] = ["", *_PASTED_MESSAGE, ""]
        body = ["words", *body, "end"]  # the splitter trims a body's edges
        found.append(
            {
                "sender": name,
                "address": address,
                "date": when,
                "subject": f"Note {number} about the newt",
                "id": f"<m{number}@example.org>",
                "body": body,
                "separator": draw(_separators(address, when)),
            }
        )
    return variant, found


def _escaped(line: str, variant: str) -> str:
    if variant in ("mboxo", "mboxcl") and line.startswith("From "):
        return ">" + line
    if variant == "mboxrd" and line.lstrip(">").startswith("From "):
        return ">" + line
    return line


def _written(variant: str, box: list[dict], newline: str, leading_from: bool) -> bytes:
    chunks = []
    for number, message in enumerate(box):
        body = "".join(_escaped(line, variant) + newline for line in message["body"])
        head = [
            f"From: {message['sender']} <{message['address']}>",
            "To: Leo Marsh <leo@example.org>",
            f"Subject: {message['subject']}",
            f"Date: {format_datetime(message['date'])}",
            f"Message-ID: {message['id']}",
            "Content-Type: text/plain; charset=utf-8",
        ]
        if variant in ("mboxcl", "mboxcl2"):
            head.append(f"Content-Length: {len(body.encode())}")
        separator = [message["separator"]] if number or leading_from else []
        chunks.append("".join(line + newline for line in [*separator, *head, ""]) + body)
    return newline.join(chunks).encode()


def _expected_body(message: dict, variant: str) -> str:
    """The body as the reader gives it back: as written, but where the variant loses what
    was written: mboxo's `>From ` and an escaped `From ` are one line, read as the escaped
    one (`>>From ` as `>From `), and so are a careless writer's and an mboxcl2 body's that
    holds no bare `From ` line (nothing tells it from mboxcl's, which escapes)."""
    lines = message["body"]
    bare_from = any(line.startswith("From ") for line in lines)
    if variant != "mboxrd" and not (variant == "mboxcl2" and bare_from):
        lines = [line[1:] if line.lstrip(">").startswith("From ") and line[:1] == ">" else line for line in lines]
    return "\n".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    box=mailboxes(),
    newline=st.sampled_from(["\n", "\r\n"]),
    leading_from=st.booleans(),
)
def test_every_message_of_every_mbox_variant_is_read_whole(tmp_path, box, newline, leading_from):
    variant, written = box
    data = _written(variant, written, newline, leading_from)
    reading = Reading()
    read = list(messages(data.splitlines(keepends=True), "box.mbox", reading))
    assert reading.problems == []
    assert all(isinstance(message, MailMessage) for message in read)
    assert [message.message_id for message in read] == [message["id"] for message in written]
    for got, message in zip(read, written, strict=True):
        assert isinstance(got, MailMessage)
        assert got.sender is not None
        assert (got.sender.name, got.sender.address) == (message["sender"], message["address"])
        assert [(person.name, person.address) for person in got.to] == [("Leo Marsh", "leo@example.org")]
        assert got.date == message["date"]
        assert got.subject == message["subject"]
        # (the blank line before the next separator is the separator's, kept or not)
        assert got.body.replace("\r\n", "\n").rstrip("\n") == _expected_body(message, variant)

    # the corpus reads the file so too: no message more, none with another's words
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    (folder / "box.mbox").write_bytes(data)
    units = [unit for result in iter_corpus(folder) for unit in result.units if unit.kind == "email"]
    tops = [unit for unit in units if unit.quoted_in is None]
    assert [unit.message_id for unit in tops] == [message["id"] for message in written]
    for top, message in zip(tops, written, strict=True):
        assert (top.sender, top.sender_address, top.date) == (
            message["sender"],
            message["address"],
            message["date"],
        )
        # every word of its own lines in the message or a quote of it, none another's (the
        # sender's own `>` lines are quotes to the splitter, which may let a lone one go)
        texts = [unit.text for unit in units if top.id in (unit.id, unit.quoted_in)]
        found = Counter(_words("\n".join(texts)))
        expected = _expected_body(message, variant).splitlines()
        assert not Counter(_words("\n".join(line for line in expected if line[:1] != ">"))) - found
        assert not found - Counter(_words("\n".join(expected)))


def _words(text: str) -> list[str]:
    return [word.lstrip(">") for word in text.split() if word.lstrip(">")]


def test_a_sentence_starting_from_after_a_blank_line_is_body():
    data = (
        b"From alice@example.com Mon Jan  6 09:00:00 2014\nFrom: Alice <alice@example.com>\n"
        b"Subject: heron\nMessage-ID: <a@x>\n\nBob, the plan:\n\nFrom here on we meet.\n"
        b">From the minutes.\n\nFrom kate@example.com Thu Mar 11 09:00:00 2021\nlog line\n"
    )
    read = list(messages(data.splitlines(keepends=True), "box.mbox", Reading()))
    assert len(read) == 1
    assert isinstance(read[0], MailMessage)
    assert read[0].body == (
        "Bob, the plan:\n\nFrom here on we meet.\nFrom the minutes.\n\n"
        "From kate@example.com Thu Mar 11 09:00:00 2021\nlog line\n"
    )


def test_a_content_length_that_disagrees_with_the_file_is_not_followed():
    # a stale Content-Length (the body edited after it was written) would swallow the next
    # message: the separators decide instead
    data = (
        b"From a@x Mon Jan  6 09:00:00 2014\nFrom: A <a@x>\nMessage-ID: <1@x>\n"
        b"Content-Length: 9999\n\none\n\nFrom b@x Mon Jan  6 10:00:00 2014\nFrom: B <b@x>\n"
        b"Message-ID: <2@x>\n\ntwo\n"
    )
    read = list(messages(data.splitlines(keepends=True), "box.mbox", Reading()))
    assert [message.message_id for message in read if isinstance(message, MailMessage)] == [
        "<1@x>",
        "<2@x>",
    ]


def test_an_mbox_whose_first_message_has_no_from_line_is_read_as_mbox(tmp_path):
    (tmp_path / "box.mbox").write_bytes(
        b"From: Hal <hal@example.com>\nSubject: first\nMessage-ID: <1@x>\n\nFirst.\n\n"
        b"From ida@example.com Wed Mar 10 11:00:00 2021\nFrom: Ida <ida@example.com>\n"
        b"Subject: second\nMessage-ID: <2@x>\n\nSecond.\n"
    )
    units = [unit for result in iter_corpus(tmp_path) for unit in result.units]
    assert [(unit.sender, unit.message_id, unit.text) for unit in units] == [
        ("Hal", "<1@x>", "First."),
        ("Ida", "<2@x>", "Second."),
    ]


@pytest.mark.skipif(not REAL_MBOXES.is_dir(), reason="public samples not installed")
def test_real_mboxes_agree_with_the_standard_library():
    for path in sorted(REAL_MBOXES.glob("*.mbox")):
        read = list(messages(path.read_bytes().splitlines(keepends=True), path.name, Reading()))
        ids = [message.message_id for message in read if isinstance(message, MailMessage)]
        assert ids == [message["Message-ID"] for message in mailbox.mbox(str(path), create=False)]


def _read_mbox(data: bytes) -> None:
    list(messages(data.splitlines(keepends=True), "box.mbox", Reading()))


_HEAD = b"From a@x Thu Mar 11 09:00:00 2021\nFrom: A <a@x>\n"
GROWTH = {
    # separators with no header block after them, each looked ahead from
    "pasted separators": lambda n: _HEAD + b"\n" + b"\nFrom a@x Thu Mar 11 09:00:00 2021\nlog\n" * n,
    "a long line of separator words": lambda n: b"From a at " * n + b"Thu Mar 11 09:00:00 2021\n",
    "a separator's sender never ending": lambda n: b"From " + b"a" * n + b"\n",
    # every message's Content-Length reaching past the file: one look ahead, not one each
    "lengths past the end": lambda n: (_HEAD + b"Content-Length: 33554432\n\nx\n\n") * (n // 40),
}


@pytest.mark.parametrize("case", sorted(GROWTH))
def test_reading_an_mbox_grows_linearly(case):
    make = GROWTH[case]
    small, large = best_seconds(_read_mbox, make(6_000)), best_seconds(_read_mbox, make(24_000))
    assert large <= 10 * max(small, 0.002), (case, small, large)
