"""Emacs RMAIL's Babyl mailboxes, in the shapes the format takes (Emacs's `etc/BABYL`, and
Python's `mailbox.Babyl`, which writes it): the options section in its forms, each message's
labels line, its original head before `*** EOOH ***` and the head Rmail shows after it (or
the head after it alone, a message not reformatted, `0, unseen,,`), bodies plain, base64 or
quoted-printable, names in RFC 2047's encoded words, CRLF lines, the last message ended by a
Control-Underscore or not. Every message is one email, every field read from its original
head, and its lines are where the file has them."""

from __future__ import annotations

import io
import mailbox
import re
import tempfile
from datetime import datetime, timedelta, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit.corpus import read_units
from searchkit.readers import babyl
from searchkit.readers.documents import Reading

_PEOPLE = [
    ("Astrid Nyberg", "astrid@fjord.example"),
    ("Pål Eide", "pal@fjord.example"),
    ("Inês Duarte", "ines@lisboa.example"),
    ("Kofi Mensah", "kofi@accra.example"),
    ("Zoë Dubois", "zoe@lyon.example"),
]
_OPTIONS = [
    "BABYL OPTIONS:\nVersion: 5\nLabels:\n",
    "BABYL OPTIONS: -*- rmail -*-\nVersion: 5\nLabels: work, urgent\nNote:   This is the header"
    " of an rmail file.\nNote:   If you are seeing it in rmail,\nNote:    it means the file has"
    " no messages in it.\n",
    "Babyl Options:\nVersion: 5\n",
    "",  # (lost: the file starts with its first message's section)
]
#: A body's line holding a Control-Underscore that ends no section.
_UNDERSCORED = ["Prices: 5\x1f6 units.", "\x1fnot the end", "\x1f \x0c still the body"]
_LABELS = ["0, unseen,,", "1,,", "1, answered,,", "1, answered, forwarded,, work, urgent,"]
#: How a message section is written by hand: not reformatted (the head after the line),
#: reformatted (original head, the line, the head shown, the body), or with no head shown.
_FORMS = ["not reformatted", "reformatted", "no head shown"]


@st.composite
def _mailboxes(draw: st.DrawFn) -> tuple[list[EmailMessage], list[str], str, bool, str, str]:
    count = draw(st.integers(1, 4))
    start = datetime(2008, 3, 3, 9, 15, tzinfo=timezone(timedelta(hours=1)))
    messages = []
    for number in range(count):
        sender, *recipients = draw(st.permutations(_PEOPLE))[:3]
        message = EmailMessage()
        message["From"] = Address(*_split(sender))
        message["To"] = Address(*_split(recipients[0]))
        if draw(st.booleans()):
            message["Cc"] = Address(*_split(recipients[1]))
        message["Date"] = format_datetime(
            start + timedelta(days=number, minutes=draw(st.integers(0, 900)))
        )
        message["Subject"] = f"Ferry timetable {number}"
        message["Message-ID"] = f"<rmail{number}@fjord.example>"
        body = f"Crossing word{number}x starts on the {number + 10}th, Pål says.\n"
        underscored = draw(st.sampled_from(["", *_UNDERSCORED]))
        if underscored:
            body = f"{body}{underscored}\nThe last line.\n"
        cte = (
            "8bit" if underscored else draw(st.sampled_from(["8bit", "base64", "quoted-printable"]))
        )
        if draw(st.integers(0, 5)):  # (else a head with no body: cpython#114580)
            message.set_content(body, cte=cte)
        messages.append(message)
    forms = [draw(st.sampled_from(_FORMS)) for _ in messages]
    writer = draw(st.sampled_from(["python", "by hand"]))
    end = draw(st.sampled_from(["\x1f", "\x1f\n", ""]))
    return messages, forms, writer, draw(st.booleans()), end, draw(st.sampled_from(_OPTIONS))


def _words(text: str) -> list[str]:
    return re.sub(r"[\x1f\x0c]", " ", text).split()


def _split(person: tuple[str, str]) -> tuple[str, str, str]:
    name, address = person
    user, domain = address.split("@")
    return name, user, domain


def _by_hand(messages: list[EmailMessage], forms: list[str], options: str, end: str) -> bytes:
    sections = [options.encode()]
    for number, (message, form) in enumerate(zip(messages, forms, strict=True)):
        raw = message.as_bytes()
        head, _, body = raw.partition(b"\n\n")
        labels = _LABELS[number % len(_LABELS)].encode()
        if form == "not reformatted":
            section = b"0, unseen,,\n*** EOOH ***\n" + raw
        elif form == "reformatted":
            shown = b"\n".join(
                line
                for line in head.split(b"\n")
                if line.split(b":")[0] in (b"From", b"Date", b"Subject")
            )
            section = labels + b"\n" + head + b"\n\n*** EOOH ***\n" + shown + b"\n\n" + body
        else:
            section = labels + b"\n" + head + b"\n\n*** EOOH ***\n" + body
        sections.append(b"\x1f\x0c\n" + section)
    return b"".join(sections) + end.encode()


def _written(drawn: tuple) -> bytes:
    messages, forms, writer, crlf, end, options = drawn
    if writer == "python":
        with tempfile.TemporaryDirectory() as folder:
            box = mailbox.Babyl(Path(folder) / "RMAIL")
            for message in messages:
                box.add(mailbox.BabylMessage(message))
            box.flush()
            box.close()
            data = (Path(folder) / "RMAIL").read_bytes()
    else:
        data = _by_hand(messages, forms, options, end)
    return data.replace(b"\n", b"\r\n") if crlf else data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mailboxes())
def test_every_message_of_a_babyl_mailbox_is_read_from_its_original_head(drawn):
    messages = drawn[0]
    data = _written(drawn)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "RMAIL"
        path.write_bytes(data)
        read = read_units(path, "RMAIL")
    assert not read.problems, read.problems
    emails = [unit for unit in read.units if unit.kind == "email"]
    assert len(emails) == len(messages), data
    # (the file's lines as a reader counts them: a form feed ends none)
    lines = [line.rstrip("\r") for line in data.decode("utf-8").split("\n")]
    for unit, message in zip(emails, messages, strict=True):
        assert (unit.sender, unit.sender_address) == (
            message["From"].addresses[0].display_name,
            message["From"].addresses[0].addr_spec,
        )
        assert unit.to == (message["To"].addresses[0].display_name,)
        assert unit.cc == ((message["Cc"].addresses[0].display_name,) if message["Cc"] else ())
        assert unit.date == message["Date"].datetime
        assert unit.subject == str(message["Subject"])
        assert unit.message_id == message["Message-ID"]
        # (a body's control characters are no words: the text may drop or keep them)
        body = message.get_content() if message.get_payload() is not None else ""
        assert _words(unit.text) == _words(body), data
        subject = lines.index(f"Subject: {message['Subject']}") + 1
        assert unit.line_start <= subject <= unit.line_end, data
    # a large mailbox is read as it is split: the same messages
    whole, streamed = Reading(), Reading()
    babyl.read(data, Path("RMAIL"), "RMAIL", whole)
    assert list(babyl.stream(io.BytesIO(data), "RMAIL", streamed)) == whole.documents
