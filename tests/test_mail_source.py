"""A raw message as mail clients' source views show it, saved, over the grammar of their
variation. Gmail's "Show original": the summary table (a title, Message ID, Created at, From,
To, Subject, the SPF, DKIM and DMARC rows, the Download and Copy buttons) in the account's
language, each label and value a row however the browser copied it (a tab, spaces, the value
on the next line), the Message ID in brackets or bare, above the raw message; pages pasted
one after another; saved as a page (the raw message in a `<pre>`); the raw message alone, as
"Download Original" saves it. Other clients' views: a title line or two above the raw
message (Outlook on the web, Yahoo, Thunderbird, Apple Mail). The raw message: its head long
or short (dozens of Received:, ARC- and DKIM-Signature: lines push the Message-ID past the
bytes a format is recognised by; a field whose value starts on the next line, as Outlook on
the web writes its antispam fields), its body plain, quoted-printable, base64 or multipart.
Each message is read once, from its raw head: a summary or a title is no message."""

from __future__ import annotations

import base64
import html
import quopri
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit.corpus import read_units
from searchkit.readers.mail_source import first_message, raw_message_in_page
from searchkit.readers.registry import sniff_format
from searchkit.readers.sniff import SNIFF_BYTES
from searchkit.units import EMAIL, PARAGRAPH

_PEOPLE = [
    ("Nina Petrova", "nina.petrova@gmail.com"),
    ("Omar Haddad", "omar@example.org"),
    ("Jürgen Weiß", "jw@example.de"),
    ("Amélie Durand", "amelie@example.fr"),
    ("Chen Wei", "chen.wei@example.cn"),
]
_WORDS = ["ferry", "timetable", "pier", "Thursday", "budget", "harbour", "survey", "minutes"]
#: The summary's labels in some of Gmail's languages (the recogniser reads none of them).
_LABELS = {
    "en": ("Original Message", "Message ID", "Created at:", "From:", "To:", "Subject:",
           "Download Original", "Copy to clipboard", "Learn more"),
    "en-on": ("Original message", "Message ID", "Created on:", "From:", "To:", "Subject:",
              "Download original", "Copy to clipboard", ""),
    "de": ("Originalnachricht", "Nachrichten-ID", "Erstellt am:", "Von:", "An:", "Betreff:",
           "Original herunterladen", "In die Zwischenablage kopieren", "Weitere Informationen"),
    "fr": ("Message d'origine", "ID du message", "Créé le :", "De :", "À :", "Objet :",
           "Télécharger le message d'origine", "Copier dans le presse-papiers", "En savoir plus"),
    "es": ("Mensaje original", "ID del mensaje", "Creado el:", "De:", "Para:", "Asunto:",
           "Descargar original", "Copiar en el portapapeles", "Más información"),
}
_ZONES = [0, 60, 120, -300, -420, 330]


def _person(person: tuple[str, str]) -> str:
    return f"{person[0]} <{person[1]}>"


#: A note someone wrote above the page they saved.
_NOTE = "Saved from Gmail for the insurance claim about the flooded cellar, reference 88-walrus."
#: What other clients' source views put above the raw message.
_TITLES = [
    ["Message source"],
    ["View raw message - Yahoo Mail"],
    ["Source of: imap://alice@imap.example.org:993/fetch%3EUID%3E/INBOX%3E4711"],
    ["Raw Source", ""],
    ["Source of: imap://alice@imap.example.org:993/fetch%3EUID%3E/INBOX%3E4242",
     "From - Thu Dec 31 23:30:05 2020"],
    ["Quelltext der Nachricht", ""],
]


@st.composite
def _message(draw: st.DrawFn) -> tuple[str, dict]:
    """A raw message, and what a unit of it must hold."""
    sender, recipient = draw(st.permutations(_PEOPLE))[:2]
    moment = draw(st.datetimes(datetime(2012, 1, 1), datetime(2025, 12, 31))).replace(microsecond=0)
    when = moment.replace(tzinfo=timezone(timedelta(minutes=draw(st.sampled_from(_ZONES)))))
    subject = " ".join(draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4))).capitalize()
    words = " ".join(draw(st.lists(st.sampled_from(_WORDS), min_size=4, max_size=12))).capitalize()
    body = f"{words}, café at 07:40."
    message_id = f"<CA{draw(st.integers(10**6, 10**9))}x=q@mail.gmail.com>"
    head = _raw_head(draw, sender, recipient, subject, when, message_id)
    raw_head, raw_body = _body(draw, body)
    raw = "\n".join([*head, *raw_head]) + "\n\n" + raw_body.rstrip("\n") + "\n"
    expected = {
        "sender": sender,
        "to": recipient,
        "date": when,
        "subject": subject,
        "message_id": message_id,
        "body": body,
    }
    return raw, expected


@st.composite
def _saved(draw: st.DrawFn) -> tuple[bytes, list[dict], str, str]:
    """A saved source view: its bytes, each message's fields (with its head's line), the
    format it is recognised as, and how it was saved."""
    saver = draw(st.sampled_from(["pages", "titled", "page", "downloaded"]))
    count = draw(st.integers(1, 3)) if saver == "pages" else 1
    messages = draw(
        st.lists(
            _message(),
            min_size=count,
            max_size=count,
            unique_by=lambda message: message[1]["message_id"],  # (one message's pages: copies)
        )
    )
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    mark = b"\xef\xbb\xbf" if draw(st.booleans()) else b""
    if saver == "page":
        raw, expected = messages[0]
        language = draw(st.sampled_from(sorted(_LABELS)))
        data, line = _as_page(draw, _summary(draw, expected, language), raw)
        return data, [{**expected, "line": line}], "html", saver
    text, found, layout = "", [], _layout(draw)
    if saver == "pages" and draw(st.booleans()):  # (a note written above the first page)
        text = _NOTE + "\n\n"
        found.append({"note": _NOTE})
    for raw, expected in messages:
        if saver == "pages":
            text += _as_text(_summary(draw, expected, layout["language"]), layout)
        elif saver == "titled":
            title = draw(st.sampled_from(_TITLES))
            found.append({"note": " ".join(line for line in title if line)})
            text += "\n".join(title) + "\n"
        found.append({**expected, "line": text.count("\n") + 1})
        text += raw
    data = mark + text.replace("\n", newline).encode("utf-8")
    return data, found, "email" if saver == "downloaded" else "mail source", saver


def _summary(draw, expected: dict, language: str) -> dict:
    """The summary table: its title, its rows (label and value), its buttons."""
    labels = _LABELS[language]
    title, id_label, created, from_, to, subject_label, download, copy, more = labels
    created_at = "Tue, Mar 3, 2020 at 4:05 PM" + draw(
        st.sampled_from(["", " (Delivered after 2 seconds)", " (Zugestellt nach 12 Sekunden)"])
    )
    named = expected["message_id"] if draw(st.booleans()) else expected["message_id"][1:-1]
    rows = [(id_label, named), (created, created_at), (from_, _person(expected["sender"])),
            (to, _person(expected["to"])), (subject_label, expected["subject"])]
    verdicts = [("SPF:", "PASS with IP 209.85.220.41"), ("DKIM:", "'PASS' with domain gmail.com"),
                ("DMARC:", "'PASS'")]
    rows += [(label, f"{value} {more}".strip()) for label, value in verdicts if draw(st.booleans())]
    return {"title": title, "rows": rows, "buttons": (download, copy)}


def _layout(draw) -> dict:
    """How one browser copied a summary table, the same for every page of a file (one
    account's, in its language): a row's label and value apart by a tab, by spaces, or on
    lines of their own; the title there or not, the buttons one way or another, blank lines
    as the page laid them."""
    return {
        "language": draw(st.sampled_from(sorted(_LABELS))),
        "apart": draw(st.sampled_from(["\t", "  ", "    ", "\n", " "])),
        "above": draw(st.integers(0, 1)),
        "title": draw(st.booleans()),
        "buttons": draw(st.sampled_from(["", "{}\t{}", "{}\n{}"])),
        "below": draw(st.integers(1, 2)),
    }


def _as_text(summary: dict, layout: dict) -> str:
    """The summary as the browser copied it."""
    lines = [""] * layout["above"]
    lines += [summary["title"], ""] if layout["title"] else []
    lines += [f"{label}{layout['apart']}{value}" for label, value in summary["rows"]]
    if layout["buttons"]:
        lines += ["", layout["buttons"].format(*summary["buttons"])]
    lines += [""] * layout["below"]
    return "\n".join(lines) + "\n"


def _as_page(draw, summary: dict, raw: str) -> tuple[bytes, int]:
    """The page as a browser saves it: a style sheet (long or short) in its head, the
    table's rows as header and data cells, the buttons as links, the raw message escaped
    in a `<pre>` (its first line on the tag's, or on the next). (The raw head's line.)"""
    style = "td { padding: 2px }\n" * draw(st.sampled_from([1, 600]))
    rows = "".join(
        f"<tr><th>{html.escape(label)}</th><td>{html.escape(value)}</td></tr>\n"
        for label, value in summary["rows"]
    )
    download, copy = summary["buttons"]
    above = (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">\n'
        f"<style>\n{style}</style>\n<title>Gmail</title></head>\n<body>\n"
        f'<div class="top-area"><h2>{html.escape(summary["title"])}</h2>\n'
        f'<table class="message_header"><tbody>\n{rows}</tbody></table>\n'
        f'<a href="#">{html.escape(download)}</a> <a href="#">{html.escape(copy)}</a></div>\n'
        '<pre class="raw_message_text" id="raw_message_text">'
    )
    after_tag = draw(st.sampled_from(["", "\n"]))
    page = above + after_tag + html.escape(raw, quote=False) + "</pre>\n</body></html>\n"
    return page.encode("utf-8"), above.count("\n") + 1 + len(after_tag)


def _raw_head(draw, sender, recipient, subject, when, message_id) -> list[str]:
    """A raw head as Gmail shows it: the transport's fields first (as many as the message
    crossed servers), then the sender's, in the order its mailer wrote them."""
    stamp = when.strftime("%a, %d %b %Y %H:%M:%S %z")
    transport = [f"Delivered-To: {recipient[1]}"]
    for hop in range(draw(st.integers(0, 60))):
        transport += [
            f"Received: from mail-sor-f{hop}.google.com (mail-sor-f{hop}.google.com."
            f" [209.85.220.{hop}])",
            f"        by mx.google.com with SMTPS id a{hop}sor{hop}.{hop}.2020.03.03.07.05.12",
            f"        for <{recipient[1]}>; {stamp}",
        ]
    for seal in range(draw(st.integers(0, 3))):
        transport += [f"ARC-Seal: i={seal + 1}; a=rsa-sha256; t=1583247912; cv=none;",
                      "        d=google.com; s=arc-20160816;",
                      "        b=" + "Qm9yaW5nIGJ1dCBsb25nIHNlYWwgdmFsdWU" * 2]
    if draw(st.booleans()):  # (a value on the lines below its field's, kilobytes of it:
        # Outlook on the web's antispam fields, before any other field but one Received:)
        folds = draw(st.integers(2, 250))
        transport[:0] = [
            f"Received: from DM6PR11MB1234.namprd11.prod.outlook.com with HTTPS; {stamp}",
            "X-Microsoft-Antispam-Message-Info:",
            *["\t6RZQAD5jW251c2h+fPKACDiBZLPKDGA3j6MJaMh25g55a3LgTET4D+e9iAYb/dF/5cLOGQ"] * folds,
        ]
    if draw(st.booleans()):  # (an empty field, padded: Thunderbird's)
        transport += ["X-Mozilla-Keys:" + " " * 80]
    transport += ["Return-Path: <" + sender[1] + ">"]
    folded_id = draw(st.booleans())
    own = [
        "MIME-Version: 1.0",
        f"From: {_person(sender)}",
        f"Date: {stamp}",
        "Message-ID:\n " + message_id if folded_id else f"Message-ID: {message_id}",
        f"Subject: {subject}",
        f"To: {_person(recipient)}",
    ]
    return transport + draw(st.permutations(own))


def _body(draw, body: str) -> tuple[list[str], str]:
    """The body's own fields and its text, as the sender's mailer encoded it."""
    encoding = draw(st.sampled_from(["8bit", "quoted-printable", "base64", "multipart"]))
    if encoding == "8bit":
        return ['Content-Type: text/plain; charset="UTF-8"', "Content-Transfer-Encoding: 8bit"], body
    if encoding == "quoted-printable":
        coded = quopri.encodestring(body.encode("utf-8")).decode("ascii")
        return ['Content-Type: text/plain; charset="UTF-8"',
                "Content-Transfer-Encoding: quoted-printable"], coded
    coded = base64.encodebytes(body.encode("utf-8")).decode("ascii")
    if encoding == "base64":
        return ['Content-Type: text/plain; charset="UTF-8"', "Content-Transfer-Encoding: base64"], coded
    html = base64.encodebytes(f"<div dir=\"ltr\">{body}</div>".encode()).decode("ascii")
    return ['Content-Type: multipart/alternative; boundary="000000000000a1b2c3"'], (
        "--000000000000a1b2c3\n"
        'Content-Type: text/plain; charset="UTF-8"\nContent-Transfer-Encoding: base64\n\n'
        f"{coded}\n--000000000000a1b2c3\n"
        'Content-Type: text/html; charset="UTF-8"\nContent-Transfer-Encoding: base64\n\n'
        f"{html}\n--000000000000a1b2c3--\n"
    )


def _read(data: bytes):
    with tempfile.TemporaryDirectory() as folder:
        name = "original.html" if data.startswith(b"<!DOCTYPE") else "original_msg.txt"
        path = Path(folder) / name
        path.write_bytes(data)
        return sniff_format(path, data[:SNIFF_BYTES]), read_units(path, name)


@settings(max_examples=120, deadline=None)
@given(_saved())
def test_each_message_of_a_saved_source_view_is_read_once(drawn):
    data, messages, recognised, _ = drawn
    fmt, read = _read(data)
    assert fmt == recognised
    units = list(read.units)
    kinds = [PARAGRAPH if "note" in expected else EMAIL for expected in messages]
    assert [unit.kind for unit in units] == kinds
    for unit, expected in zip(units, messages, strict=True):
        if "note" in expected:  # (a note or a title above a message: its words kept)
            assert " ".join(unit.text.split()) == expected["note"]
            continue
        assert (unit.sender, unit.sender_address) == expected["sender"]
        assert (list(unit.to), list(unit.to_addresses)) == ([expected["to"][0]], [expected["to"][1]])
        assert (unit.date, unit.subject) == (expected["date"], expected["subject"])
        assert unit.message_id == expected["message_id"]
        assert unit.text.strip() == expected["body"]
        assert unit.line_start == expected["line"]
    assert not read.problems


@settings(max_examples=30, deadline=None)
@given(_saved())
def test_a_summary_of_another_message_folds_nothing(drawn):
    # the summary names another Message-ID: it describes no message below it
    data, messages, _, saver = drawn
    messages = [expected for expected in messages if "note" not in expected]
    if saver not in ("pages", "page") or len(messages) > 1:
        return  # (no summary, or more than one)
    named = messages[0]["message_id"][1:-1].encode()
    other = data.replace(named, b"other-" + named, 1)
    if other.startswith(b"<!DOCTYPE"):
        assert raw_message_in_page(other) is None
    else:
        assert first_message(other.splitlines(keepends=True), whole=True) is None


@settings(max_examples=30, deadline=None)
@given(_saved())
def test_a_mail_whose_body_quotes_a_source_view_is_the_mail_it_is(drawn):
    # forwarded to IT as plain text: the outer message keeps its own fields and words
    data, _, _, saver = drawn
    if saver in ("page", "downloaded"):
        return
    view = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8").replace("\r\n", "\n")
    outer = (
        "From: Kim Lee <kim@example.com>\nTo: IT Helpdesk <it@example.com>\n"
        "Date: Mon, 2 Mar 2020 09:11:00 -0500\nMessage-ID: <outer1@example.com>\n"
        "Subject: Suspicious mail, source below\n\n"
        f"Hi IT, I got this odd message; its source:\n\n{view}\nThanks, Kim\n"
    )
    fmt, read = _read(outer.encode("utf-8"))
    assert fmt == "email"
    first = list(read.units)[0]
    assert (first.sender, first.message_id) == ("Kim Lee", "<outer1@example.com>")
    assert first.subject == "Suspicious mail, source below"
    assert first.text.startswith("Hi IT, I got this odd message")


@pytest.mark.parametrize(
    "text",
    [
        "Log\nReceived: 14 boxes of tiles\n\nThe tiles are stacked by the gate.\n",
        "Meeting notes\nReceived: your letter of the 3rd.\nSubject: the lighthouse repair\n"
        "From: the committee's last meeting we learned three things.\n\nThe budget is short.\n",
        "Draft\nContent-Type: text/plain\nMIME-Version: 1.0\n\nA note on formats.\n",
    ],
)
def test_prose_that_names_header_fields_under_a_title_stays_prose(text):
    fmt, read = _read(text.encode("utf-8"))
    assert fmt != "mail source"
    words = " ".join(unit.text for unit in read.units).split()
    assert {"Received:", "the"} & set(words) or "Content-Type:" in words
    assert len(words) == len(text.split())  # (no line of it left out)
