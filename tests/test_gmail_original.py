"""Gmail's "Show original" page saved as text, over the grammar of its variation: the summary
table (a title, Message ID, Created at, From, To, Subject, the SPF, DKIM and DMARC rows, the
Download and Copy buttons) in the account's language, each label and value a row however the
browser copied it (a tab, spaces, the value on the next line), above the raw message, its
head long or short (dozens of Received:, ARC- and DKIM-Signature: lines push the Message-ID
past the bytes a format is recognised by), its body plain, quoted-printable, base64 or
multipart; and the raw message alone, as "Download Original" saves it. Each file is one
message, read from its raw head: the summary is no second one."""

from __future__ import annotations

import base64
import html
import quopri
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit.corpus import read_units
from searchkit.readers.gmail_original import raw_message_in_page, raw_message_start
from searchkit.readers.registry import sniff_format
from searchkit.readers.sniff import SNIFF_BYTES
from searchkit.units import EMAIL

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


@st.composite
def _originals(draw: st.DrawFn) -> tuple[bytes, dict]:
    """A saved page: as text (its summary table copied row by row) or as the HTML a
    browser saves (the table's cells, the raw message in a `<pre>`)."""
    sender, recipient = draw(st.permutations(_PEOPLE))[:2]
    moment = draw(st.datetimes(datetime(2012, 1, 1), datetime(2025, 12, 31))).replace(microsecond=0)
    when = moment.replace(tzinfo=timezone(timedelta(minutes=draw(st.sampled_from(_ZONES)))))
    subject = " ".join(draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4))).capitalize()
    words = " ".join(draw(st.lists(st.sampled_from(_WORDS), min_size=4, max_size=12))).capitalize()
    body = f"{words}, café at 07:40."
    message_id = f"<CA{draw(st.integers(10**6, 10**9))}x=q@mail.gmail.com>"
    labels = _LABELS[draw(st.sampled_from(sorted(_LABELS)))]
    summary = _summary(draw, labels, message_id, sender, recipient, subject)
    head = _raw_head(draw, sender, recipient, subject, when, message_id)
    raw_head, raw_body = _body(draw, body)
    raw = "\n".join([*head, *raw_head]) + "\n\n" + raw_body
    saved = draw(st.sampled_from([_as_text, _as_page, _downloaded]))
    data, line = saved(draw, summary, raw)
    expected = {
        "sender": sender,
        "to": recipient,
        "date": when,
        "subject": subject,
        "message_id": message_id,
        "body": body,
        "line": line,
        "format": {_as_text: "gmail show original", _as_page: "html", _downloaded: "email"}[saved],
    }
    return data, expected


def _summary(draw, labels, message_id, sender, recipient, subject) -> dict:
    """The summary table: its title, its rows (label and value), its buttons."""
    title, id_label, created, from_, to, subject_label, download, copy, more = labels
    created_at = "Tue, Mar 3, 2020 at 4:05 PM" + draw(
        st.sampled_from(["", " (Delivered after 2 seconds)", " (Zugestellt nach 12 Sekunden)"])
    )
    rows = [(id_label, message_id), (created, created_at), (from_, _person(sender)),
            (to, _person(recipient)), (subject_label, subject)]
    verdicts = [("SPF:", "PASS with IP 209.85.220.41"), ("DKIM:", "'PASS' with domain gmail.com"),
                ("DMARC:", "'PASS'")]
    rows += [(label, f"{value} {more}".strip()) for label, value in verdicts if draw(st.booleans())]
    return {"title": title, "rows": rows, "buttons": (download, copy)}


def _as_text(draw, summary: dict, raw: str) -> tuple[bytes, int]:
    """The page copied as a browser copies its table: a row's label and value apart by a
    tab, by spaces, or on lines of their own; rows and blank lines as the page laid them;
    Windows' line breaks or not, a byte-order mark or not. (The raw head's line.)"""
    apart = draw(st.sampled_from(["\t", "  ", "    ", "\n", " "]))
    lines = [summary["title"], ""] if draw(st.booleans()) else []
    lines += [f"{label}{apart}{value}" for label, value in summary["rows"]]
    download, copy = summary["buttons"]
    buttons = draw(st.sampled_from(["", f"{download}\t{copy}", f"{download}\n{copy}"]))
    if buttons:
        lines += ["", buttons]
    lines += [""] * draw(st.integers(1, 2))
    above = "\n".join(lines) + "\n"
    text = (above + raw).replace("\n", draw(st.sampled_from(["\n", "\r\n"])))
    mark = b"\xef\xbb\xbf" if draw(st.booleans()) else b""
    return mark + text.encode("utf-8"), above.count("\n") + 1


def _downloaded(draw, summary: dict, raw: str) -> tuple[bytes, int]:
    """The raw message alone, as "Download Original" saves it (a mail file: its own
    `Received: … for <a@b>` lines name addresses above its Message-ID, and no summary)."""
    text = raw.replace("\n", draw(st.sampled_from(["\n", "\r\n"])))
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + text.encode("utf-8"), 1


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


@settings(max_examples=100, deadline=None)
@given(_originals())
def test_a_saved_show_original_is_the_one_message_it_shows(drawn):
    data, expected = drawn
    fmt, read = _read(data)
    assert fmt == expected["format"]
    units = list(read.units)
    assert [unit.kind for unit in units] == [EMAIL]
    unit = units[0]
    assert (unit.sender, unit.sender_address) == expected["sender"]
    assert (list(unit.to), list(unit.to_addresses)) == ([expected["to"][0]], [expected["to"][1]])
    assert (unit.date, unit.subject) == (expected["date"], expected["subject"])
    assert unit.message_id == expected["message_id"]
    assert unit.text.strip() == expected["body"]
    assert unit.line_start == expected["line"]
    assert not read.problems


@settings(max_examples=30, deadline=None)
@given(_originals())
def test_a_summary_of_another_message_folds_nothing(drawn):
    # the summary names another Message-ID: it describes no message below it
    data, expected = drawn
    if expected["format"] == "email":
        return  # (no summary)
    named = expected["message_id"][1:-1].encode()
    other = data.replace(named, b"other-" + named, 1)
    if other.startswith(b"<!DOCTYPE"):
        assert raw_message_in_page(other) is None
    else:
        assert raw_message_start(other.splitlines(keepends=True), whole=True) is None
