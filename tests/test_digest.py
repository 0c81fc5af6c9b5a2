"""MIME digests: each digested message a message of its own, linked to the digest."""

from __future__ import annotations

from searchkit.corpus import read_units
from searchkit.people import is_redaction

from .conftest import needs_testdata

DIGEST = b"""From: List <list@x.org>
To: Ann <ann@x.org>
Date: Mon, 1 Mar 2021 16:00:00 +0000
Subject: List digest, Vol 1, Issue 2
MIME-Version: 1.0
Content-Type: multipart/digest; boundary="==digest"

--==digest

From: Bob <bob@x.org>
Date: Sun, 28 Feb 2021 09:15:00 +0000
Subject: The quokka census

The quokka count rose this year.

--==digest
Content-Type: message/rfc822

From: Cy <cy@x.org>
Date: Sun, 28 Feb 2021 10:30:00 +0000
Subject: Re: The quokka census
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Caf=C3=A9 talk about numbats.

--==digest--
"""


def test_each_digested_message_is_a_message_of_its_own_linked_to_the_digest(tmp_path):
    (tmp_path / "digest.eml").write_bytes(DIGEST)
    result = read_units(tmp_path / "digest.eml", "digest.eml")
    digest, bob, cy = result.units
    assert digest.subject == "List digest, Vol 1, Issue 2" and not digest.attached_to
    assert (bob.sender, bob.subject, bob.date.hour) == ("Bob", "The quokka census", 9)
    assert "quokka count rose" in bob.text and "quokka" not in digest.text
    assert (cy.sender, cy.date.minute) == ("Cy", 30) and "Café talk about numbats" in cy.text
    assert bob.attached_to == digest.id and cy.attached_to == digest.id
    assert bob.attachments == ("message 1 of the digest",) and bob.kind == "email"


def test_the_rfc_2046_sample_with_its_boundary_folded_across_a_line():
    folder = needs_testdata("digest")
    result = read_units(folder / "mime4j_mimetools_multi-digest.msg", "d.msg")
    digest, one, two = result.units
    assert digest.subject == "Sample digest message" and result.problems == ()
    assert (one.subject, one.sender_address) == ("embedded message 1", "noone@nowhere.org")
    assert "implicitly-typed ASCII text" in one.text
    assert "explicitly typed plain ASCII text" in two.text
    assert {one.attached_to, two.attached_to} == {digest.id}


def test_a_digest_of_empty_parts_reads_without_a_problem():
    folder = needs_testdata("digest")
    result = read_units(folder / "mime4j_multipartdigestnestedemptyparts.msg", "e.msg")
    assert result.problems == () and [unit.sender for unit in result.units] == ["Me", "Me"]


def test_an_eml_attached_to_an_eml_is_a_message_of_its_own(tmp_path):
    inner = b"From: Dee <dee@x.org>\nSubject: The original\nDate: Tue, 2 Mar 2021 08:00:00 +0000\n\nThe wombat plan.\n"
    outer = (
        b"From: Ed <ed@x.org>\nSubject: Fwd: The original\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nSee attached.\n'
        b'--b\nContent-Type: message/rfc822\nContent-Disposition: attachment; filename="original.eml"\n\n'
        + inner
        + b"--b--\n"
    )
    (tmp_path / "fwd.eml").write_bytes(outer)
    fwd, original = read_units(tmp_path / "fwd.eml", "fwd.eml").units
    assert "See attached" in fwd.text and "wombat" not in fwd.text
    assert original.sender == "Dee" and "wombat plan" in original.text
    assert original.attached_to == fwd.id and original.attachments[0] == "original.eml"


def test_a_mime_body_read_as_text_is_linear_on_any_line():
    """The lines of a MIME body nested too deep to parse are told by a bounded pattern."""
    import time

    from searchkit.readers.mail import _unmimed

    for piece in ("--", " " * 50, "content-type" + " " * 30, "-" * 300):
        times = []
        for n in (5_000, 20_000):
            text = (piece * n + "\n") * 4
            started = time.perf_counter()
            _unmimed(text)
            times.append(time.perf_counter() - started)
        assert times[1] < 8 * times[0] + 0.05, (piece[:12], times)


#: Fields a list's digest keeps above a message's own (Mailman's keep its Received: lines).
LEADING = [
    "Return-Path: <bounce@x.org>",
    "Received: from mail.x.org (mail.x.org [192.0.2.1])\n\tby lists.x.org; Tue, 2 Mar 2021",
    "Message-ID: <{number}.{word}@x.org>",
    "MIME-Version: 1.0",
]


def _digest(messages, boundary: str, fold: bool, crlf: bool, typed: bool, leading=()) -> bytes:
    head_boundary = boundary[:3] + "\n " + boundary[3:] if fold else boundary
    parts = []
    for number, (name, word) in enumerate(messages):
        typed_line = "Content-Type: message/rfc822\n" if typed else ""
        fields = "".join(f"{field}\n".format(number=number, word=word) for field in leading)
        parts.append(
            f"--{boundary.replace(chr(10), '')}\n{typed_line}\n{fields}"
            f"From: {name} <p{number}@x.org>\nDate: Tue, 2 Mar 2021 {number % 24:02d}:05:00 +0000\n"
            f"Subject: Topic {number}\n\nThe {word} is message {number}.\n"
        )
    boundary_line = boundary.replace("\n", "")
    text = (
        'From: List <list@x.org>\nSubject: Digest\nMIME-Version: 1.0\nContent-Type: multipart/digest; boundary="'
        + head_boundary
        + '"\n\nPreamble.\n'
        + "".join(parts)
        + f"--{boundary_line}--\n"
    )
    # a folded boundary's value is its two halves joined by the fold's space
    if fold:
        text = text.replace(f"--{boundary_line}", f"--{boundary[:3]} {boundary[3:]}")
    return text.replace("\n", "\r\n").encode() if crlf else text.encode()


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# (not a name that is a redaction's mark, `Redacted`: a sender blacked out is no name)
NAMES = (
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzéøłżАБВ", min_size=2, max_size=12)
    .map(str.title)
    .filter(lambda name: not is_redaction(name))
)
WORDS = st.sampled_from(["aardvark", "bison", "caribou", "dingo", "emu", "ferret", "gazelle"])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    messages=st.lists(st.tuples(NAMES, WORDS), min_size=1, max_size=12),
    boundary=st.text(alphabet="abcdefghijkl0123456789=_", min_size=6, max_size=30),
    fold=st.booleans(),
    crlf=st.booleans(),
    typed=st.booleans(),
    leading=st.lists(st.sampled_from(LEADING), unique=True, max_size=4),
)
def test_every_digested_message_is_found_whatever_the_digest_looks_like(
    tmp_path, messages, boundary, fold, crlf, typed, leading
):
    """Each on its own lines of the file: from its head's first line to its last word."""
    path = tmp_path / "digest.eml"
    path.write_bytes(_digest(messages, boundary, fold, crlf, typed, leading))
    result = read_units(path, "digest.eml")
    digest, *found = result.units
    assert result.problems == ()
    assert [(unit.sender, unit.subject) for unit in found] == [
        (name, f"Topic {number}") for number, (name, _) in enumerate(messages)
    ]
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, (unit, (_, word)) in enumerate(zip(found, messages, strict=True)):
        assert f"The {word} is message {number}." in unit.text
        assert unit.attached_to == digest.id and unit.date.hour == number % 24
        head = lines.index(f"From: {unit.sender} <p{number}@x.org>") - len(leading)
        if any(field.startswith("Received:") for field in leading):
            head -= 1  # its second line
        last = lines.index(f"The {word} is message {number}.")
        assert (unit.line_start, unit.line_end) == (head + 1, last + 1), lines


def test_a_header_in_raw_utf8_bytes_is_read_as_utf8(tmp_path):
    """compat32 makes such a header a Header object that prints its bytes as U+FFFD; the
    generated digests found it (their senders Aé, Łukasz)."""
    raw = "From: Łukasz Żółw <l@x.org>\nTo: José <j@x.org>\nSubject: Café ½\n\nThe body.\n"
    (tmp_path / "raw.eml").write_bytes(raw.encode("utf-8"))
    (unit,) = read_units(tmp_path / "raw.eml", "raw.eml").units
    assert (unit.sender, unit.to, unit.subject) == ("Łukasz Żółw", ("José",), "Café ½")


def test_a_header_in_raw_latin1_bytes_is_read_as_windows_1252(tmp_path):
    raw = "From: Andr\xe9 M\xfcller <a@x.org>\nSubject: Caf\xe9\n\nThe body.\n"
    (tmp_path / "raw.eml").write_bytes(raw.encode("latin-1"))
    (unit,) = read_units(tmp_path / "raw.eml", "raw.eml").units
    assert (unit.sender, unit.subject) == ("André Müller", "Café")


def test_a_digest_inside_a_mail_as_mailman_sends_it():
    """CPython's msg_02: a multipart/mixed mail whose second part is the multipart/digest."""
    folder = needs_testdata("rfc822-edge-cases")
    mail, *found = read_units(folder / "msg_02.txt", "msg_02.txt").units
    assert [unit.attachments[0] for unit in found] == [
        f"message {number} of the digest" for number in range(1, 6)
    ]
    assert [unit.subject for unit in found][2:] == [
        "[Ppp] testing #3",
        "[Ppp] testing #4",
        "[Ppp] testing #5",
    ]
    assert all(unit.attached_to == mail.id and unit.kind == "email" for unit in found)


def test_finding_each_digested_messages_lines_grows_linearly(tmp_path):
    """Each message's head is looked for from the one before on, its lines counted once:
    four times the messages take about four times as long, never sixteen."""
    import time

    times = []
    for count in (300, 1200):
        path = tmp_path / f"d{count}.eml"
        messages = [(f"Name{number}", "emu") for number in range(count)]
        path.write_bytes(_digest(messages, "==b", False, False, True, LEADING))
        started = time.perf_counter()
        units = read_units(path, path.name).units
        times.append(time.perf_counter() - started)
        assert units[-1].line_start > units[1].line_start > 1
    assert times[1] < 8 * times[0] + 0.2, times
