"""Single messages as mail clients and tools save them: whatever one header holds, the
message is read, every other field with it; what could not be read is said."""

from __future__ import annotations

from datetime import datetime, timezone
from email.header import Header

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit.corpus import iter_corpus

BOM = b"\xef\xbb\xbf"


def _units(folder, name: str, data: bytes):
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    return [unit for result in iter_corpus(folder) for unit in result.units]


@pytest.mark.parametrize("name", ["saved.eml", "saved.txt", "saved", "box.mbox"])
@pytest.mark.parametrize("newline", [b"\n", b"\r\n"])
@pytest.mark.parametrize("separator", [b"", b"From sloth@example.com Thu Mar  4 10:00:00 2021\n"])
def test_a_byte_order_mark_before_the_headers_changes_nothing(tmp_path, name, newline, separator):
    head = separator + b"From: Bom Bearer <bom@example.com>\nTo: vera@example.com\n"
    message = head + b"Subject: the sloth\nMessage-ID: <odd-31@example.com>\n\nSloth moves.\n"
    units = _units(tmp_path / "corpus", name, BOM + message.replace(b"\n", newline))
    assert [(u.kind, u.sender, u.sender_address, u.subject, u.message_id, u.text) for u in units] == [
        ("email", "Bom Bearer", "bom@example.com", "the sloth", "<odd-31@example.com>", "Sloth moves.")
    ]


_TEXTS = st.sampled_from(["André Müller", "Zähler, Jürgen", "Café", "marmot", "Grüße", "€ 100"])
_CHARSETS = st.sampled_from(["utf-8", "iso-8859-15", "windows-1252"])
#: Encoded words no decoder reads: broken base64, a charset no one knows.
_BROKEN = st.sampled_from(["=?UTF-8?B?!!!notbase64?=", "=?x-unknown-cs?Q?Caf=E9?="])


@st.composite
def encoded_phrases(draw: st.DrawFn) -> tuple[str, str, bool]:
    """A header phrase of encoded words and plain ones, what it decodes to (broken words
    kept as written), and whether one is broken."""
    written, decoded, broken = [], [], False
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["plain", "B", "Q", "broken"]))
        if kind == "broken":
            word = draw(_BROKEN)
            written.append(word)
            decoded.append(word)
            broken = True
        elif kind == "plain":
            written.append("marmot")
            decoded.append("marmot")
        else:
            text = draw(_TEXTS)
            written.append(Header(text, draw(_CHARSETS)).encode() if kind == "B" else _q_word(text, draw(_CHARSETS)))
            decoded.append(text)
    return " ".join(written), " ".join(decoded), broken


def _q_word(text: str, charset: str) -> str:
    body = "".join(
        char if char.isascii() and char.isalnum() else "".join(f"={byte:02X}" for byte in char.encode(charset))
        for char in text
    )
    return f"=?{charset}?Q?{body}?="


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=encoded_phrases(), subject=encoded_phrases())
def test_a_header_no_decoder_reads_loses_no_message(tmp_path, name, subject):
    written_name, _, name_broken = name
    written_subject, decoded_subject, subject_broken = subject
    folder = tmp_path / "corpus"
    units = _units(
        folder,
        "odd.eml",
        f"From: {written_name} <broken@example.com>\nTo: robin@example.com\n"
        f"Subject: {written_subject}\nDate: Tue, 02 Mar 2021 10:00:00 +0000\n"
        f"Message-ID: <odd-28@example.com>\n\nMarmot body.\n".encode(),
    )
    [unit] = units
    assert (unit.sender_address, unit.to, unit.message_id, unit.text) == (
        "broken@example.com",
        ("robin@example.com",),
        "<odd-28@example.com>",
        "Marmot body.",
    )
    assert unit.date == datetime(2021, 3, 2, 10, tzinfo=timezone.utc)
    # (adjacent encoded words join without their space, RFC 2047 6.2)
    assert unit.subject is not None and "".join(unit.subject.split()) == "".join(decoded_subject.split())
    problems = [problem.message for result in iter_corpus(folder) for problem in result.problems]
    said = {name for name in ("From", "Subject") for text in problems if f"{name}:" in text}
    assert said == {name for name, broken in (("From", name_broken), ("Subject", subject_broken)) if broken}


def _mail(subject: str, extra: str = "") -> str:
    return (
        f"From: Julia <julia@example.com>\nTo: kevin@example.com\nSubject: {subject}\n{extra}"
        f"Date: Mon, 13 Apr 2020 10:00:00 +0200\nMessage-ID: <{subject.replace(' ', '-')}@x>\n\n{subject} body\n"
    )


@pytest.mark.parametrize("status", ["0008", "0009", "000B", "0809"])
def test_mail_a_client_marked_deleted_is_read_and_listed_to_check(tmp_path, status):
    tb = tmp_path / "Local Folders"
    tb.mkdir()
    (tb / "Inbox").write_text(
        "From - Mon Apr 13 10:00:00 2020\n" + _mail("kept", "X-Mozilla-Status: 0001\n")
        + "\nFrom - Mon Apr 13 10:00:00 2020\n" + _mail("spam", f"X-Mozilla-Status: {status}\n")
    )
    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    (maildir / "cur" / "1.M1.host:2,S").write_text(_mail("seen"))
    (maildir / "cur" / "2.M2.host:2,ST").write_text(_mail("trashed"))
    mh = tmp_path / "Mail" / "inbox"
    mh.mkdir(parents=True)
    (mh / "1").write_text(_mail("mh kept"))
    (mh / ",3").write_text(_mail("mh removed"))

    from searchkit.audit import MAIL_DOUBT, audit

    results = list(iter_corpus(tmp_path))
    subjects = sorted(unit.subject for result in results for unit in result.units)
    assert subjects == sorted(["kept", "spam", "seen", "trashed", "mh kept", "mh removed"])  # none lost
    listed = sorted((finding.source, finding.line) for finding in audit(results) if finding.kind == MAIL_DOUBT)
    assert listed == sorted(
        [("Local Folders/Inbox", 12), ("Maildir/cur/2.M2.host:2,ST", 1), ("Mail/inbox/,3", 1)]
    )


#: What Windows mailers wrote in the C1 bytes of text they declared Latin-1.
_CP1252_ONLY = "“”‘’–—€…™•"
_LATIN1_NAMES = st.sampled_from(["iso-8859-1", "ISO-8859-1", "latin1", "latin-1", "l1", "iso_8859-1"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(st.sampled_from(_CP1252_ONLY + "abc éàü"), min_size=1, max_size=30).filter(str.strip),
    charset=_LATIN1_NAMES,
    encoding=st.sampled_from(["8bit", "quoted-printable", "base64"]),
)
def test_text_declared_latin1_is_read_as_windows_1252(tmp_path, text, charset, encoding):
    import base64
    import quopri

    raw = text.encode("cp1252")
    body = {"8bit": raw, "quoted-printable": quopri.encodestring(raw), "base64": base64.encodebytes(raw)}
    subject = "".join(f"={byte:02X}" for byte in raw)
    units = _units(
        tmp_path / "corpus",
        "quotes.eml",
        f"From: Q <q@example.com>\nTo: r@example.com\nSubject: =?{charset}?Q?{subject}?=\n"
        f"Date: Wed, 15 Jan 2003 13:14:15 -0500\nMessage-ID: <q@x>\nMIME-Version: 1.0\n"
        f"Content-Type: text/plain; charset={charset}\nContent-Transfer-Encoding: {encoding}\n\n".encode()
        + body[encoding]
        + b"\n",
    )
    [unit] = units
    assert unit.text == " ".join(text.split())
    assert unit.subject == " ".join(text.split())


@pytest.mark.parametrize("content", [b"", b"\n", b"\r\n\r\n"])
@pytest.mark.parametrize("name", ["24_empty.eml", "notes.txt", "page.md", "box.mbox", "page.html"])
def test_an_empty_file_is_said_not_passed_over(tmp_path, content, name):
    (tmp_path / name).write_bytes(content)
    [result] = list(iter_corpus(tmp_path))
    assert list(result.units) == []
    assert [str(problem) for problem in result.problems] == [f"{name}: empty file: nothing to read"]


def test_an_empty_mail_store_folder_is_nothing_to_say(tmp_path):
    """A Thunderbird folder (`Trash`, a file of no ending) is empty as often as not."""
    (tmp_path / "Trash").write_bytes(b"")
    [result] = list(iter_corpus(tmp_path))
    assert list(result.units) == [] and list(result.problems) == []


@pytest.mark.parametrize("encoding", ["8bit", "base64"])
def test_nul_bytes_are_no_text(tmp_path, encoding):
    import base64

    body = b"Platypus report.\x00\x00 Some mailers leave NULs.\n"
    payload = base64.encodebytes(body) if encoding == "base64" else body
    [unit] = _units(
        tmp_path / "corpus",
        "36_nul_bytes.eml",
        b"From: Nul Nancy <nancy@example.com>\nTo: zack@example.com\nSubject: NULs\n"
        b"Date: Mon, 08 Mar 2021 10:00:00 +0000\nMessage-ID: <odd-36@example.com>\n"
        b"Content-Transfer-Encoding: " + encoding.encode() + b"\n\n" + payload,
    )
    assert (unit.sender, unit.subject, unit.text) == ("Nul Nancy", "NULs", "Platypus report. Some mailers leave NULs.")
