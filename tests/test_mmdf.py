"""MMDF mailboxes (the Multichannel Memorandum Distribution Facility's, `mailbox.MMDF`):
each message between two lines of four ^A (Control-A), with or without a `From ` line after
the opening one, its body not escaped (a body line may start with `From `). Every message
is read with all its headers, whatever the line endings and blank lines between messages.

The grammar is the one Python's `mailbox` module documents and writes: `mailbox.MMDF` itself
writes one of the files, and reads the others back as the count to agree with.
"""

from __future__ import annotations

import mailbox
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit.corpus import iter_corpus

DELIMITER = "\x01\x01\x01\x01"
_NAMES = st.sampled_from(["Grace Hopper", "Howard Aiken", "Ada Byron", "Alan Turing", "Joan Clarke"])
_WORDS = st.lists(st.sampled_from(["relay", "moth", "panel", "From", "tape", "log", "bug"]), min_size=1, max_size=8)


@st.composite
def messages(draw: st.DrawFn) -> dict:
    sender, recipient = draw(_NAMES), draw(_NAMES)
    when = datetime(1947, 9, 9, 15, 45, tzinfo=timezone(timedelta(hours=-4))) + timedelta(
        minutes=draw(st.integers(0, 10**7))
    )
    body = [" ".join(draw(_WORDS)) for _ in range(draw(st.integers(1, 3)))]
    return {
        "sender": sender,
        "to": recipient,
        "date": when,
        "subject": " ".join(draw(_WORDS)),
        "body": body,
    }


def _address(name: str) -> str:
    return name.split()[0].lower() + "@navy.example"


def written(message: dict, number: int, from_line: bool) -> list[str]:
    lines = [f"From {_address(message['sender'])} Tue Sep  9 15:45:00 1947"] if from_line else []
    headers = [
        f"From: {message['sender']} <{_address(message['sender'])}>",
        f"To: {message['to']} <{_address(message['to'])}>",
        f"Date: {format_datetime(message['date'])}",
        f"Subject: {message['subject']}",
        f"Message-ID: <m{number}@navy.example>",
    ]
    return [*lines, *headers, "", *message["body"]]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    mail=st.lists(st.tuples(messages(), st.booleans(), st.integers(0, 2)), min_size=1, max_size=6),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_every_message_of_an_mmdf_mailbox_is_read_with_its_headers(tmp_path, mail, newline):
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    lines: list[str] = []
    for number, (message, from_line, blanks) in enumerate(mail):
        lines += [*[""] * blanks * bool(number), DELIMITER, *written(message, number, from_line), DELIMITER]
    path = folder / "mail.mmdf"
    path.write_bytes(newline.join([*lines, ""]).encode())

    units = [unit for result in iter_corpus(folder) for unit in result.units]
    assert [unit.message_id for unit in units] == [f"<m{n}@navy.example>" for n in range(len(mail))]
    for unit, (message, _, _) in zip(units, mail, strict=True):
        assert unit.kind == "email"
        assert unit.sender == message["sender"]
        assert unit.sender_address == _address(message["sender"])
        assert unit.to == (message["to"],)
        assert unit.date == message["date"]
        assert unit.subject == message["subject"]
        assert unit.text.split() == " ".join(message["body"]).split()
    if newline == "\n":  # the standard library's reader agrees on the count
        assert len(mailbox.MMDF(str(path), create=False)) == len(units)


def test_a_mailbox_written_by_the_standard_library_is_read(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    box = mailbox.MMDF(str(folder / "archive"))
    for number, name in enumerate(["Grace Hopper", "Howard Aiken"]):
        box.add(
            f"From: {name} <{_address(name)}>\nTo: Ada Byron <ada@navy.example>\n"
            f"Date: Tue, 9 Sep 1947 15:4{number}:00 -0400\nSubject: relay {number}\n"
            f"Message-ID: <s{number}@navy.example>\n\nFrom the log: moth number {number}.\n"
        )
    box.close()
    units = [unit for result in iter_corpus(folder) for unit in result.units]
    assert [(unit.sender, unit.subject, unit.message_id) for unit in units] == [
        ("Grace Hopper", "relay 0", "<s0@navy.example>"),
        ("Howard Aiken", "relay 1", "<s1@navy.example>"),
    ]
    # the body as the standard library reads it back (its writer escapes `From ` as mbox does)
    bodies = [message.get_payload().strip() for message in mailbox.MMDF(str(folder / "archive"))]
    assert [unit.text for unit in units] == bodies
    assert all(unit.line_start > 1 for unit in units)


def test_text_outside_a_pair_of_delimiters_is_read_not_lost(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "odd.mmdf").write_text(
        f"{DELIMITER}\nFrom: Ann <ann@x.org>\nSubject: one\n\nfirst body\n{DELIMITER}\n"
        f"stray words between messages\n{DELIMITER}\nFrom: Bo <bo@x.org>\nSubject: two\n\n"
        f"second body\n{DELIMITER}\n"
    )
    texts = [unit.text for result in iter_corpus(folder) for unit in result.units]
    assert any("stray words" in text for text in texts)
    assert any("first body" in text for text in texts) and any("second body" in text for text in texts)
