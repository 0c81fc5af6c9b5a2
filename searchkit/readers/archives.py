"""Mailing-list web archives: a page per message, as Mailman's pipermail, Hypermail and MHonArc
write them, and Mailman 3's HyperKitty, a page per thread.

Each writes the message's headers where a program can find them (pipermail in `<H1>`, `<B>`
and `<I>`; Hypermail and MHonArc in HTML comments) and marks where the body starts and ends;
what lies outside (the archive's navigation, "Messages sorted by", the list footer) is no part
of the message. An archive's index pages (by thread, date, author, subject) are no messages.
"""

from __future__ import annotations

import html
import re

from ..dates import parse_date
from ..people import Person, is_masked, parse_people, parse_sender
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

# `[^<>]`: a tag never crosses another `<`, so a page of `<<<<` costs one pass, not n passes
_TAG = re.compile(r"<[^<>]+>")
_INDEX_TITLE = re.compile(r"<title>[^<]*\barchives?\s+by\s+(thread|date|author|subject)", re.I)

# Every pattern below runs on corpus text, so each is linear: a field is `[^<]*` (text up
# to the next tag, which pipermail and the others escape) and never `.*?` across the page,
# and each reader first looks for its archive's body markers, which other HTML lacks.
_PIPERMAIL_BODY = ("<!--beginarticle-->", "<!--endarticle-->")
_PIPERMAIL_HEAD = re.compile(
    r"<H1>(?P<subject>[^<]*)</H1>\s*<B>(?P<name>[^<]*)</B>\s*"
    r"<A\s+HREF=\"mailto:[^\"]*\"[^<>]*>(?P<address>[^<]*)</A>"
    r"(?:\s*<BR\s*/?>)?\s*<I>(?P<date>[^<]*)</I>",
    re.I,
)
_HYPERMAIL_BODY = ('<!-- body="start" -->', '<!-- body="end" -->')
# Hypermail 2.x shows the headers it was told to in `<span id="to"><dfn>To</dfn>: …</span>`
_HYPERMAIL_SHOWN = re.compile(r"<span\s+id=\"(?P<name>from|to|cc)\"\s*>", re.I)
# Hypermail 2.2 and later (W3C's archives) show them inside the body instead, in an
# `<address class="headers">` block, and end it with `<span id="received">Received on …`
_HYPERMAIL_HEADERS = re.compile(r"<address\s+class=\"headers\"\s*>", re.I)
_ADDRESS_END = re.compile(r"</address\s*>", re.I)
_HYPERMAIL_RECEIVED = re.compile(r"<span\s+id=\"received\"\s*>", re.I)
_MHONARC_BODY = ("<!--X-Body-of-Message-->", "<!--X-Body-of-Message-End-->")
_MHONARC_HEAD_END = "<!--X-Head-End-->"
_MHONARC_SHOWN = ("<!--X-Head-of-Message-->", "<!--X-Head-of-Message-End-->")
_FIELD_NAME = re.compile(r"[\w-]+")
# the page's own header lines: `<li><em>From</em>: Ada &lt;ada@example.org&gt;</li>`
_MHONARC_LABEL = re.compile(r"<(em|b|strong)>(?P<name>[\w-]{1,40})</\1>\s*:\s*", re.I)
_LI_END = re.compile(r"</li\s*>", re.I)
# mail-archive.com's template: MHonArc's body markers, the headers in spans, no comments
_MAIL_ARCHIVE_SPAN = re.compile(
    r"<span\s+class=\"(?P<name>sender|date|subject)\b[^\"]*\"\s*>", re.I
)
_SPAN_TAG = re.compile(r"<(?P<close>/?)span\b", re.I)
#: How far a shown header is read: a name or a date, not a page.
_SHOWN_CHARS = 4000
# MHonArc hides the From header in a comment by its own rot13, which turns `@` too
_MHONARC_R13 = str.maketrans(
    "NOPQRSTUVWXYZ[@ABCDEFGHIJKLMnopqrstuvwxyzabcdefghijklm",
    "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[abcdefghijklmnopqrstuvwxyz",
)


def archive_page(markup: str, source: str, neighbours: Neighbours) -> list[MailMessage] | None:
    """The message of a list archive's page (none for an index page), or the messages of a
    Mailman 3 (HyperKitty) thread's page; None for any other HTML, which is read as a page.
    Its thread comes from the archive's reply links, read through `neighbours`; without
    links, from its subject."""
    for reader in (_pipermail, _hypermail, _mhonarc):
        found = reader(markup, source, neighbours)
        if found is not None:
            return [found]
    posts = _hyperkitty(markup, source)
    if posts:
        return posts
    if _INDEX_TITLE.search(markup[:2000]) or message_index(markup):
        return []
    return None


#: An index page links to this many message pages at least, and they are most of its links.
_INDEX_LINKS = 5
# the names archives give their message pages: pipermail's `065703.html`, MHonArc's
# `msg00042.html`, Hypermail's `1234.html`, W3C's `0042.html`, mail-archive.com's `msg12345.html`
_MESSAGE_HREF = re.compile(r"<a\s[^<>]*?href=\"(?P<href>[^\"#?<>]*)[^\"<>]*\"", re.I)
_MESSAGE_PAGE = re.compile(r"(?:msg)?\d{3,8}\.html?")
# and says what it sorts by: "… by thread", "Thread Index", "Messages sorted by"
_SORTED_BY = re.compile(
    r"\bby\s+(?:thread|date|author|subject)\b|\b(?:thread|date)\s+index\b", re.I
)


def message_index(markup: str) -> bool:
    """A month's index of a list archive (by thread, date, author or subject): most of its
    links lead to message pages of the same folder, and there are several."""
    pages = local = 0  # counted, not kept: a page may hold a million links
    for found in _MESSAGE_HREF.finditer(markup):
        href = found["href"]
        local += "/" not in href and ":" not in href
        pages += _MESSAGE_PAGE.fullmatch(href) is not None
    if pages < _INDEX_LINKS or pages * 2 < local:
        return False
    return _SORTED_BY.search(markup) is not None


def cut_short(markup: str) -> bool:
    """Does the page open an archive's message body and never close it (a download or a
    save cut short)? Its message is read to the page's end, and that is said."""
    return any(
        (first := markup.find(start)) >= 0 and markup.find(end, first) < 0
        for start, end in (_PIPERMAIL_BODY, _HYPERMAIL_BODY, _MHONARC_BODY)
    )


def _pipermail(markup: str, source: str, neighbours: Neighbours) -> MailMessage | None:
    start = markup.find(_PIPERMAIL_BODY[0])
    if start < 0:
        return None
    # a page cut inside the body (its head whole) is read to its end: `cut_short` says so
    body = _between(markup, *_PIPERMAIL_BODY) or _between(markup, _PIPERMAIL_BODY[0], None)
    head = _PIPERMAIL_HEAD.search(markup, 0, start)
    if body is None or head is None:
        return None
    # the archive hides addresses as `contact at evilham.com`
    address = _plain(head["address"]).replace(" at ", "@")
    name = _plain(head["name"])  # a sender without a name is shown by the hidden address
    sender = _person("" if name.replace(" at ", "@") == address else name, address)
    message_id = pipermail_message_id(markup[:start])
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


def _hyperkitty(markup: str, source: str) -> list[MailMessage] | None:
    """The posts of a HyperKitty page (Mailman 3's archive: a thread, or one message), each
    a `div.email` holding its author's name, its date (the sender's own time, in the title
    of the time the reader's clock shows) and its body. HyperKitty shows no address."""
    if 'class="email-header"' not in markup:
        return None
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    heading = soup.select_one(".thread-header h2, .email-header h1, h1")
    subject = heading.get_text(" ", strip=True) if heading else None
    posts = []
    for post in soup.select("div.email"):
        author = post.select_one(".email-author .name, .email-header .name")
        body = post.select_one(".email-body")
        if author is None or body is None:
            continue
        for line_break in body.find_all("br"):
            line_break.replace_with("\n")
        start = post.sourceline or 1
        posts.append(
            MailMessage(
                source=source,
                line_start=start,
                line_end=max(start, _last_line(post)),
                body_line=None,
                sender=_person(author.get_text(" ", strip=True), ""),
                to=(),
                cc=(),
                subject=subject,
                date=parse_date(_hyperkitty_date(post)),
                message_id=None,
                in_reply_to=None,
                references=(),
                body="\n".join(line.strip() for line in body.get_text().strip().splitlines()),
                thread=subject_thread(subject),
            )
        )
    return posts or None


def _hyperkitty_date(post) -> str:  # type: ignore[no-untyped-def]
    """A post's date as its sender's clock gave it (`Sender's time: March 6, 2023, 10:12
    a.m.`), else the day and time the page shows."""
    shown = post.select_one(".email-date .time span[title], .email-header span[title]")
    title = str(shown["title"]) if shown else ""
    if title.lower().startswith(_SENDERS_TIME):
        # Django's `P`: `10 a.m.`, and `noon` and `midnight` for 12:00
        written = title[len(_SENDERS_TIME) :].strip()
        return _DJANGO_HOURS.sub(lambda found: _TWELVE[found[0].lower()], written)
    day = post.select_one(".email-date .date")
    clock = post.select_one(".email-date .time")
    return " ".join(part.get_text(" ", strip=True) for part in (day, clock) if part)


_SENDERS_TIME = "sender's time:"
_DJANGO_HOURS = re.compile(r"\b(?:noon|midnight)\b", re.I)
_TWELVE = {"noon": "12:00 p.m.", "midnight": "12:00 a.m."}


def _last_line(post) -> int:  # type: ignore[no-untyped-def]
    """The last source line of an element: its last descendant's (bs4 keeps where each tag
    starts only)."""
    lines = [tag.sourceline for tag in post.find_all(True) if tag.sourceline]
    return max(lines, default=post.sourceline or 1)


def _hypermail(markup: str, source: str, neighbours: Neighbours) -> MailMessage | None:
    start = markup.find(_HYPERMAIL_BODY[0])
    if start < 0:
        return None
    head = markup[:start]
    shown_below, markup = _headers_in_body(markup, start + len(_HYPERMAIL_BODY[0]))
    head += shown_below
    body = _between(markup, *_HYPERMAIL_BODY)
    if body is None:
        return None
    fields = dict(_comment_fields(HYPERMAIL_FIELD, head))
    # Hypermail's spam protection writes `ada_at_example.org`
    address = fields.get("email", "")
    sender = _person(
        fields.get("name", ""), address if "@" in address else address.replace("_at_", "@")
    )
    shown: dict[str, str] = {}
    for found in _HYPERMAIL_SHOWN.finditer(head):
        if found["name"].lower() not in shown:  # the first of each, read once
            shown[found["name"].lower()] = _shown_value(_span_text(head, found.end()))
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
        to=_recipients(shown.get("to")),
        cc=_recipients(shown.get("cc")),
        thread=hypermail_thread(links, source, neighbours),
    )


def _headers_in_body(markup: str, body: int) -> tuple[str, str]:
    """The headers block a newer Hypermail writes at the body's top, and the page with it and
    the closing `Received on` line blanked out (their lines kept, so that lines still count
    as in the file): the headers are the message's, not its words."""
    window = markup[body : body + _SHOWN_CHARS]
    opened = _HYPERMAIL_HEADERS.search(window)
    closed = _ADDRESS_END.search(window, opened.end()) if opened else None
    if not (opened and closed) or _plain(window[: opened.start()]):
        return "", markup
    first, last = body + opened.start(), body + closed.end()
    markup = _blanked(markup, first, last)
    after = first + window.count("\n", opened.start(), closed.end())  # the block's end now
    received = _HYPERMAIL_RECEIVED.search(markup, after)
    end = markup.find(_HYPERMAIL_BODY[1], after)
    if received and end >= 0 and received.start() < end:
        markup = _blanked(markup, received.start(), end)
    return window[opened.end() : closed.start()], markup


def _blanked(markup: str, start: int, end: int) -> str:
    return markup[:start] + "\n" * markup.count("\n", start, end) + markup[end:]


def _mhonarc(markup: str, source: str, _: Neighbours) -> MailMessage | None:
    body = _between(markup, *_MHONARC_BODY)
    if body is None:
        return None
    start = markup.find(_MHONARC_BODY[0])
    head_end = markup.find(_MHONARC_HEAD_END, 0, start)
    written = _mhonarc_comments(markup[: head_end if head_end >= 0 else start])
    fields = dict(written)
    shown = _mhonarc_shown(markup[:start])
    if not written:  # mail-archive.com's template writes its headers in spans, no comments
        spans = _mail_archive_spans(markup[:start])
        if not spans.get("sender"):
            return None
        fields = {"subject": spans.get("subject", ""), "date": spans.get("date", "")}
        shown.setdefault("from", spans["sender"])
    hidden = parse_sender(fields.get("from-r13", "").translate(_MHONARC_R13))
    sender = _unmasked(parse_sender(shown.get("from")), hidden)
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
        to=_recipients(shown.get("to")),
        cc=_recipients(shown.get("cc")),
        thread=bare(root) if root else None,
    )


def _unmasked(shown: Person | None, hidden: Person | None) -> Person | None:
    """The page's own From line, with the address MHonArc kept in its comment where the
    page hid it (`jane@DOMAIN.HIDDEN`); the comment's alone where the page shows none."""
    if shown is None:
        return hidden
    if shown.address is None and hidden is not None and hidden.address:
        return Person(hidden.name if is_masked(shown.name) else shown.name, hidden.address)
    return shown


def _mhonarc_comments(head: str) -> list[tuple[str, str]]:
    """The headers MHonArc writes one a line, `<!--X-Subject: Engine trials -->`, read line
    by line with string operations: a pattern over the page would cross lines."""
    found = []
    for line in head.splitlines():
        line = line.strip()
        if not (line.startswith("<!--X-") and line.endswith("-->")):
            continue
        name, colon, value = line[6:-3].partition(":")
        if colon and _FIELD_NAME.fullmatch(name):
            found.append((name.lower(), html.unescape(value.strip())))
    return found


def _mhonarc_shown(head: str) -> dict[str, str]:
    """The header lines the page shows (`<li><em>To</em>: …</li>`), by lower-case name,
    each read up to its `</li>`; only in the page's head of message when it marks one."""
    first = head.find(_MHONARC_SHOWN[0])
    if first >= 0:
        last = head.find(_MHONARC_SHOWN[1], first)
        head = head[first : last if last >= 0 else len(head)]
    shown: dict[str, str] = {}
    items = _LI_END.split(head)
    for item in items[:-1]:  # the last piece has no `</li>` after it
        label = _MHONARC_LABEL.search(item)
        if label:
            shown.setdefault(label["name"].lower(), _plain(item[label.end() :]))
    return shown


def _mail_archive_spans(head: str) -> dict[str, str]:
    spans: dict[str, str] = {}
    for found in _MAIL_ARCHIVE_SPAN.finditer(head):
        name = found["name"].lower()
        if name not in spans:  # the first of each: a page of spans reads three, not all
            spans[name] = _plain(_span_text(head, found.end()))
            if len(spans) == 3:
                break
    return spans


def _span_text(markup: str, start: int) -> str:
    """The inside of a `<span>` opened just before `start`, spans nested in it included,
    read no further than _SHOWN_CHARS."""
    window = markup[start : start + _SHOWN_CHARS]
    depth = 1
    for tag in _SPAN_TAG.finditer(window):
        depth += -1 if tag["close"] else 1
        if depth == 0:
            return window[: tag.start()]
    return window


def _shown_value(inner: str) -> str:
    """`<dfn>To</dfn>: Ada, Bob` without its label."""
    text = _plain(inner)
    label, colon, value = text.partition(":")
    return value.strip() if colon and len(label) < 20 else text


def _recipients(value: str | None) -> tuple[Person, ...]:
    """People of a shown `To:` or `Cc:` line; archives hide addresses as `ada_at_example.org`
    or `ada at example.org`."""
    if not value:
        return ()
    return tuple(parse_people(value.replace("_at_", "@").replace(" at ", "@")))


def _comment_fields(pattern: re.Pattern[str], markup: str) -> list[tuple[str, str]]:
    """The headers an archive wrote into HTML comments, in order, each by lower-case name."""
    return [
        (found["name"].lower(), html.unescape(found["value"])) for found in pattern.finditer(markup)
    ]


def _person(name: str, address: str) -> Person | None:
    name, address = name.strip(), address.strip()
    if address and is_masked(address):
        address, name = "", name or address
    return Person(name or address, address.lower() or None) if name or address else None


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
    to: tuple[Person, ...] = (),
    cc: tuple[Person, ...] = (),
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
        to=to,
        cc=cc,
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


def _between(markup: str, start: str, end: str | None) -> tuple[int, str] | None:
    """Where the body starts and its text, each source line still one line (to the page's
    end when `end` is None)."""
    first = markup.find(start)
    last = markup.find(end, first + len(start)) if end is not None else len(markup)
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
