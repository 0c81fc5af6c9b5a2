"""Mailing-list web archives: a page per message, as Mailman's pipermail, Hypermail and MHonArc
write them.

Each writes the message's headers where a program can find them (pipermail in `<H1>`, `<B>`
and `<I>`; Hypermail and MHonArc in HTML comments) and marks where the body starts and ends;
what lies outside (the archive's navigation, "Messages sorted by", the list footer) is no part
of the message. An archive's index pages (by thread, date, author, subject) are no messages.
"""

from __future__ import annotations

import html
import re

from ..dates import parse_date
from ..people import Person, parse_sender
from ..units import subject_thread
from .documents import MailMessage
from .reply_links import (
    HYPERMAIL_FIELD,
    Neighbours,
    bare,
    hypermail_links,
    hypermail_thread,
    pipermail_message_id,
    pipermail_thread,
)

_TAG = re.compile(r"<[^>]+>")
_INDEX_TITLE = re.compile(r"<title>[^<]*\barchives?\s+by\s+(thread|date|author|subject)", re.I)

_PIPERMAIL_BODY = ("<!--beginarticle-->", "<!--endarticle-->")
_PIPERMAIL_HEAD = re.compile(
    r"<H1>(?P<subject>.*?)</H1>\s*<B>(?P<name>.*?)</B>\s*<A HREF=\"mailto:[^\"]*\"[^>]*>"
    r"(?P<address>.*?)</A>.*?<I>(?P<date>.*?)</I>",
    re.I | re.S,
)
_HYPERMAIL_BODY = ('<!-- body="start" -->', '<!-- body="end" -->')
_MHONARC_BODY = ("<!--X-Body-of-Message-->", "<!--X-Body-of-Message-End-->")
_MHONARC_FIELD = re.compile(r"<!--X-(?P<name>[\w-]+):\s?(?P<value>.*?)\s*-->", re.S)
_MHONARC_FROM = re.compile(r"<(em|b|strong)>From</\1>\s*:\s*(?P<value>.*?)</li>", re.I | re.S)
# MHonArc hides the From header in a comment by its own rot13, which turns `@` too
_MHONARC_R13 = str.maketrans(
    "NOPQRSTUVWXYZ[@ABCDEFGHIJKLMnopqrstuvwxyzabcdefghijklm",
    "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[abcdefghijklmnopqrstuvwxyz",
)


def archive_page(markup: str, source: str, neighbours: Neighbours) -> list[MailMessage] | None:
    """The message of a list archive's page (none for an index page); None for any other
    HTML, which is read as a page. Its thread comes from the archive's reply links, read
    through `neighbours`; without links, from its subject."""
    for reader in (_pipermail, _hypermail, _mhonarc):
        found = reader(markup, source, neighbours)
        if found is not None:
            return [found]
    if _INDEX_TITLE.search(markup[:2000]):
        return []
    return None


def _pipermail(markup: str, source: str, neighbours: Neighbours) -> MailMessage | None:
    body = _between(markup, *_PIPERMAIL_BODY)
    head = _PIPERMAIL_HEAD.search(markup)
    if body is None or head is None:
        return None
    # the archive hides addresses as `contact at evilham.com`
    address = _plain(head["address"]).replace(" at ", "@")
    name = _plain(head["name"])  # a sender without a name is shown by the hidden address
    sender = _person("" if name.replace(" at ", "@") == address else name, address)
    message_id = pipermail_message_id(markup)
    return _message(
        source,
        markup,
        body,
        sender,
        _plain(head["subject"]),
        _plain(head["date"]),
        message_id=_bracketed(message_id),
        thread=pipermail_thread(source, message_id, neighbours),
    )


def _hypermail(markup: str, source: str, neighbours: Neighbours) -> MailMessage | None:
    body = _between(markup, *_HYPERMAIL_BODY)
    if body is None:
        return None
    fields = dict(_comment_fields(HYPERMAIL_FIELD, markup))
    # Hypermail's spam protection writes `ada_at_example.org`
    address = fields.get("email", "")
    sender = _person(
        fields.get("name", ""), address if "@" in address else address.replace("_at_", "@")
    )
    links = hypermail_links(markup)
    return _message(
        source,
        markup,
        body,
        sender,
        fields.get("subject"),
        fields.get("sent") or fields.get("isosent"),
        message_id=_bracketed(links.message_id),
        in_reply_to=_bracketed(links.parent_id),
        thread=hypermail_thread(links, source, neighbours),
    )


def _mhonarc(markup: str, source: str, _: Neighbours) -> MailMessage | None:
    body = _between(markup, *_MHONARC_BODY)
    if body is None:
        return None
    written = _comment_fields(_MHONARC_FIELD, markup)
    fields = dict(written)
    shown = _MHONARC_FROM.search(markup)  # the page's own From line, else the hidden one
    hidden = fields.get("from-r13", "").translate(_MHONARC_R13)
    sender = parse_sender(_plain(shown["value"]) if shown else hidden)
    # a page lists every message it follows up, the root first (none: it is a root), so
    # its thread is on the page
    message_id = _bracketed(fields.get("message-id"))
    references = tuple(
        bracketed
        for name, value in written
        if name == "reference" and (bracketed := _bracketed(value))
    )
    root = references[0] if references else message_id
    return _message(
        source,
        markup,
        body,
        sender,
        fields.get("subject"),
        fields.get("date"),
        message_id=message_id,
        references=references,
        thread=bare(root) if root else None,
    )


def _comment_fields(pattern: re.Pattern[str], markup: str) -> list[tuple[str, str]]:
    """The headers an archive wrote into HTML comments, in order, each by lower-case name."""
    return [
        (found["name"].lower(), html.unescape(found["value"])) for found in pattern.finditer(markup)
    ]


def _person(name: str, address: str) -> Person | None:
    name, address = name.strip(), address.strip()
    return Person(name or address, address or None) if name or address else None


def _bracketed(message_id: str | None) -> str | None:
    """A Message-ID as mail headers write it, `<…>`, so that copies in any format match."""
    return f"<{message_id.strip('<> ')}>" if message_id and message_id.strip() else None


def _message(
    source: str,
    markup: str,
    body: tuple[int, str],
    sender: Person | None,
    subject: str | None,
    date: str | None,
    *,
    message_id: str | None,
    in_reply_to: str | None = None,
    references: tuple[str, ...] = (),
    thread: str | None,
) -> MailMessage:
    start, text = body
    first_line = markup.count("\n", 0, start) + 1
    subject = " ".join(subject.split()) if subject else None
    return MailMessage(
        source=source,
        line_start=1,
        line_end=markup.count("\n") + 1,
        body_line=first_line,
        sender=sender,
        to=(),
        cc=(),
        subject=subject,
        date=parse_date(date),
        message_id=message_id,
        in_reply_to=in_reply_to,
        references=references,
        body=text,
        # without reply links, the subject's: a page's own Message-ID would make every
        # message a thread of one, though most are replies
        thread=thread or subject_thread(subject),
    )


def _between(markup: str, start: str, end: str) -> tuple[int, str] | None:
    """Where the body starts and its text, each source line still one line."""
    first = markup.find(start)
    last = markup.find(end, first + len(start))
    if first < 0 or last < 0:
        return None
    inner = markup[first + len(start) : last]
    offset = first + len(start)
    if inner.startswith("\n"):  # the body starts on the line after the marker
        inner, offset = inner[1:], offset + 1
    return offset, _plain(inner, keep_lines=True)


def _plain(fragment: str, *, keep_lines: bool = False) -> str:
    text = html.unescape(_TAG.sub("", fragment))
    return text.rstrip() if keep_lines else " ".join(text.split())
