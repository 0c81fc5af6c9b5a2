"""Plain-text digests (RFC 1153: Mailman's, LISTSERV's, the old lists') over the grammar of
their variation, and heads pasted into a body folded as RFC 5322 folds them.

Hypothesis draws digests in each layout (Mailman's `Message: N` over each head, LISTSERV's
values aligned past the label, RFC 1153's bare heads), messages with and without a Subject,
with To and Cc or none, each header folded or not (at any space of its value, with a space or
a tab), names RFC 2047 encoded or not, the MIME fields Mailman leaves in each head; every
field of every message is checked: each is a message of its own carried by the digest (never
quoted in its sibling, never given its sibling's subject), on its own lines of the file.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.header import Header

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit.corpus import read_units

NAMES = st.sampled_from(
    ["Bob Smith", "María José García-López", "Chen Wei", "Søren Ødegård", "Ольга Петрова", "Tom"]
)
WORDS = st.sampled_from(["aardvark", "bison", "caribou", "dingo", "emu", "ferret"])
SUBJECTS = st.one_of(
    st.none(), st.sampled_from(["Release schedule", "Re: [Dev-list] Weekly notes", "Café"])
)
LAYOUTS = st.sampled_from(["mailman", "listserv", "rfc1153"])
FOLDS = st.sampled_from([" ", "\t", "        "])


@st.composite
def digested_messages(draw):
    return [
        {
            "name": draw(NAMES),
            "word": draw(WORDS),
            "subject": draw(SUBJECTS),
            "to": draw(st.lists(NAMES, max_size=2, unique=True)),
            "cc": draw(st.lists(NAMES, max_size=2, unique=True)),
            "encoded": draw(st.booleans()),
            "fold": draw(st.one_of(st.none(), FOLDS)),
            "folded": draw(st.sets(st.sampled_from(["from", "to", "cc", "subject", "date"]))),
            "minutes": draw(st.integers(0, 60 * 24 * 30)),
        }
        for _ in range(draw(st.integers(1, 6)))
    ]


def _address(name: str) -> str:
    return name.split()[0].lower().encode("ascii", "ignore").decode() + "@example.org"


def _written(name: str, encoded: bool) -> str:
    return Header(name, "utf-8").encode() if encoded and not name.isascii() else name


def _field(label: str, value: str, message: dict, listserv: bool) -> list[str]:
    """A header's lines: folded (RFC 5322: at a space, the next line starting with white
    space) when drawn so, at the last space of its value."""
    gap = " " * max(1, 9 - len(label) - 1) if listserv else " "
    fold = message["fold"]
    if fold is None or label.lower() not in message["folded"] or " " not in value:
        return [f"{label}:{gap}{value}"]
    cut = value.rindex(" ")
    return [f"{label}:{gap}{value[:cut]}", fold + value[cut + 1 :]]


def _people(names: list[str], message: dict) -> str:
    return ", ".join(f"{_written(name, message['encoded'])} <{_address(name)}>" for name in names)


def _when(message: dict) -> datetime:
    return datetime(2019, 3, 1, tzinfo=UTC) + timedelta(minutes=message["minutes"])


def _digest(messages: list[dict], layout: str) -> tuple[str, list[tuple[int, int]]]:
    """The digest's text and each message's first and last line (from 1)."""
    lines = [
        "From: dev-list-request@lists.example.org",
        "To: dev-list@lists.example.org",
        "Subject: Dev-list Digest, Vol 1, Issue 2",
        "Date: Fri, 29 Mar 2019 12:00:03 -0500",
        "",
        "Today's Topics:",
        "",
        *(f"   {n}. {m['subject'] or '(no subject)'}" for n, m in enumerate(messages, 1)),
        "",
        "-" * 70,
    ]
    spans = []
    listserv = layout == "listserv"
    for number, message in enumerate(messages, 1):
        lines.append("")
        first = len(lines) + 1
        if layout == "mailman":
            lines.append(f"Message: {number}")
        head = [
            ("Date", _when(message).strftime("%a, %d %b %Y %H:%M:%S +0000")),
            (
                "From",
                f"{_written(message['name'], message['encoded'])} <{_address(message['name'])}>",
            ),
        ]
        if message["to"]:
            head.append(("To", _people(message["to"], message)))
        if message["cc"]:
            head.append(("Cc", _people(message["cc"], message)))
        if message["subject"] is not None:
            head.append(("Subject", message["subject"]))
        if layout == "mailman":
            head.append(("Message-ID", f"<m{number}@example.org>"))
            head.append(("Content-Type", 'text/plain; charset="us-ascii"'))
        for label, value in head:
            lines.extend(_field(label, value, message, listserv))
        lines += ["", f"The {message['word']} is message {number}."]
        spans.append((first, len(lines)))
        lines += ["", "", "-" * 30]
    lines += ["", "End of Dev-list Digest, Vol 1, Issue 2", "*" * 40]
    return "\n".join(lines) + "\n", spans


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(messages=digested_messages(), layout=LAYOUTS, crlf=st.booleans())
def test_every_message_of_a_plain_digest_is_a_message_of_its_own(tmp_path, messages, layout, crlf):
    text, spans = _digest(messages, layout)
    path = tmp_path / "digest.eml"
    path.write_bytes((text.replace("\n", "\r\n") if crlf else text).encode("utf-8"))
    digest, *found = read_units(path, "digest.eml").units
    assert digest.subject == "Dev-list Digest, Vol 1, Issue 2" and "Today's Topics" in digest.text
    assert [unit.kind for unit in found] == ["email"] * len(messages), text
    for number, (unit, message, span) in enumerate(zip(found, messages, spans, strict=True), 1):
        assert (unit.sender, unit.sender_address) == (message["name"], _address(message["name"]))
        assert unit.date == _when(message), text
        assert unit.subject == message["subject"] and unit.inferred is None, text
        assert unit.to == tuple(message["to"]) and unit.cc == tuple(message["cc"]), text
        assert unit.to_addresses == tuple(_address(name) for name in message["to"])
        assert unit.cc_addresses == tuple(_address(name) for name in message["cc"])
        assert unit.text == f"The {message['word']} is message {number}.", text
        assert unit.quoted_in is None and unit.attached_to == digest.id
        assert unit.attachments == (f"message {number} of the digest",)
        assert (unit.line_start, unit.line_end) == span, text
        assert message["word"] not in digest.text


def test_a_rule_of_30_hyphens_with_no_head_under_it_is_the_text_it_stands_in(tmp_path):
    text = (
        "From: Ann <ann@example.org>\nDate: Mon, 4 Mar 2019 10:00:00 +0000\nSubject: Notes\n\n"
        "Above the rule.\n\n" + "-" * 30 + "\n\nBelow the rule: no head.\n"
    )
    (tmp_path / "a.eml").write_text(text)
    (unit,) = read_units(tmp_path / "a.eml", "a.eml").units
    assert "Above the rule." in unit.text and "Below the rule: no head." in unit.text


@st.composite
def pasted_heads(draw):
    """A reply whose text holds a forwarded head, each of its fields folded or not."""
    fold = draw(FOLDS)
    folded = draw(st.sets(st.sampled_from(["From", "To", "Subject", "Date"])))
    name, other = draw(NAMES), draw(NAMES)
    fields = [
        ("From", f"{_written(name, draw(st.booleans()))} <{_address(name)}>"),
        ("Date", "Thu, 7 Mar 2019 10:11:12 -0500"),
        ("To", f"{other} <{_address(other)}>"),
        ("Subject", "Weekly meeting notes"),
    ]
    lines = []
    for label, value in fields:
        if label in folded:
            cut = value.rindex(" ")
            lines += [f"{label}: {value[:cut]}", fold + value[cut + 1 :]]
        else:
            lines.append(f"{label}: {value}")
        if label == "To" and draw(st.booleans()):
            lines.append(f"Message-ID: <x1@{_address(other).split('@')[1]}>")
    return name, other, lines


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pasted=pasted_heads())
def test_a_head_pasted_in_a_body_is_unfolded_as_rfc_5322_says(tmp_path, pasted):
    name, other, lines = pasted
    text = (
        "From: Zed <zed@example.org>\nDate: Fri, 8 Mar 2019 09:00:00 +0000\nSubject: Fwd: notes\n\n"
        "See below.\n\n---------- Forwarded message ---------\n"
        + "\n".join(lines)
        + "\n\nThe notes.\n"
    )
    (tmp_path / "f.eml").write_text(text)
    outer, forwarded = read_units(tmp_path / "f.eml", "f.eml").units
    assert (forwarded.sender, forwarded.sender_address) == (name, _address(name)), text
    assert (forwarded.to, forwarded.to_addresses) == ((other,), (_address(other),)), text
    assert forwarded.subject == "Weekly meeting notes" and forwarded.text == "The notes.", text
    assert forwarded.date == datetime(2019, 3, 7, 10, 11, 12, tzinfo=UTC) + timedelta(hours=5)
    assert forwarded.quoted_in == outer.id and outer.text == "See below."


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(messages=digested_messages(), layout=LAYOUTS)
def test_a_digest_a_reply_quotes_carries_its_messages_side_by_side(tmp_path, messages, layout):
    """A reply quoting the digest it answers (`> Message: 1`, `> Date: …`): the quoted
    digest is quoted in the reply, and each of its messages in the digest, with its own
    sender, date, subject and words, never in the message above it."""
    messages = [dict(message, encoded=False) for message in messages]  # as a reader shows it
    text, _ = _digest(messages, layout)
    digest_body = text.split("\n\n", 1)[1].splitlines()
    reply = "\n".join(
        [
            "From: Kwame Mensah <kwame@example.gh>",
            "Date: Sat, 30 Mar 2019 09:00:00 +0000",
            "Subject: Re: Dev-list Digest, Vol 1, Issue 2",
            "",
            "Answering the first one below.",
            "",
            "On Fri, Mar 29, 2019 at 12:00 PM <dev-list-request@lists.example.org> wrote:",
            *(f"> {line}".rstrip() for line in digest_body),
        ]
    )
    path = tmp_path / "reply.eml"
    path.write_text(reply + "\n", encoding="utf-8")
    own, digest, *found = read_units(path, "reply.eml").units
    assert own.text == "Answering the first one below." and digest.quoted_in == own.id
    assert "Today's Topics" in digest.text, reply
    assert len(found) == len(messages), reply
    for number, (unit, message) in enumerate(zip(found, messages, strict=True), 1):
        assert (unit.sender, unit.sender_address) == (message["name"], _address(message["name"]))
        assert unit.date == _when(message), reply
        assert unit.to == tuple(message["to"]) and unit.cc == tuple(message["cc"]), reply
        assert unit.text == f"The {message['word']} is message {number}.", reply
        assert unit.quoted_in == digest.id, reply
        if message["subject"] is not None:
            assert unit.subject == message["subject"], reply
