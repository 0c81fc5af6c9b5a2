"""Split: documents become units, one per email message and one per paragraph of prose.

How emails are found in prose (the bundled Markdown page shows every case):

* A *header block* is a run of `Name: value` lines holding `From:` and one of `Date:`/`Sent:`/`To:`.
  Each header block starts a message. The lines just above it may add a subject line, a count
  line (`3 emails`) and a forward marker (`––––– Forwarded message –––––`), in that order.
* A message's body runs until the next message, a `===` separator, or a Markdown heading of level
  3 or higher (deeper headings such as `#### Dota 2:` belong to the body).
* Inside a body, an attribution line (`On Nov 20, 2015, at 11:48 AM, Sam Altman <x> wrote:`) starts
  a quoted message; it becomes a unit of its own with `quoted_in` set, and the outer body stops
  there. A forwarded message inside an open body is quoted in it too.
* Everything else is prose: one paragraph unit per paragraph, heading, list item or image caption.

Mail messages (`.eml`, mbox) go through the same body rules, so Outlook `-----Original Message-----`
blocks, Lotus `Forwarded by … on …` chains and `>` quotes become quoted units as well.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from .dates import parse_date, stated_date
from .layouts import Layout
from .people import Person, parse_people, parse_sender
from .readers.documents import (
    HTML,
    MARKDOWN,
    PAGE_NUMBER,
    TEXT,
    Attachment,
    ChatMessage,
    Document,
    MailMessage,
    Problem,
    TextDocument,
    attachment_names,
    furniture_shape,
)
from .units import (
    ATTACHMENT,
    CHAT,
    EMAIL,
    FOIA_EXEMPTION,
    PARAGRAPH,
    REDACTED,
    Unit,
    slug,
    subject_thread,
    unit_id,
)

Line = tuple[int, str]

_SEPARATOR = re.compile(r"^\s*={3,}\s*$")
# `From: x`, also as Markdown exports write it: `**From:** x`, `*From*: x`, `- From: x`
_HEADER = re.compile(
    r"^\s*(?:[-*+]\s+)?[*_]{0,2}(from|to|cc|bcc|date|sent|subject|reply-to|attachments|importance)"
    r"[*_]{0,2}\s*:"
    r"[*_]{0,2}(?:\s+(.*?))?\s*$",
    re.IGNORECASE,
)
_MARKER = re.compile(
    r"^\s*[-–—_=*>\s]*(forwarded message|original message|begin forwarded message:?)[-–—_=*\s]*$",
    re.IGNORECASE,
)
_LOTUS_MARKER = re.compile(r"^\s*-{3,}\s*Forwarded by (.+?) on (.+?)\s*-*\s*$")
_LOTUS_SENDER = re.compile(
    r"^\s*(.+?)\s+on\s+(\d{1,2}/\d{1,2}/\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*[AP]M)\s*$"
)
_COUNT = re.compile(r"^\s*\d+\s+(?:e-?mails?|messages?)\s*$", re.IGNORECASE)
# `On <date>, <who> wrote:`, `Le <date>, <who> a écrit :`, `Am <date> schrieb <who>:`
_ATTRIBUTIONS = tuple(
    re.compile(pattern, re.IGNORECASE | re.DOTALL)
    for pattern in (
        r"^\s*On\s+(?P<both>.+?)\s+wrote\s*:\s*$",
        r"^\s*Le\s+(?P<both>.+?)\s+a\s+écrit\s*:\s*$",
        r"^\s*Am\s+(?P<when>.+?),?\s+schrieb\s+(?P<who>.+?)\s*:\s*$",
    )
)
_ATTRIBUTION_START = re.compile(r"^\s*(?:On|Le|Am)\s", re.IGNORECASE)
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_IMAGE_LINE = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$")
_QUOTED = re.compile(r"^\s*>")
_REDACTION = re.compile(
    rf"(?:\s*(?:█+|<redacted>|\[redacted\]|{FOIA_EXEMPTION}))+\s*", re.IGNORECASE
)
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^()]*\))+\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_MD_CODE = re.compile(r"`([^`]+)`")
#: Headings of level 1-3 are the page's own structure: they end a message's body.
_BODY_ENDING_HEADING_LEVEL = 3
_MAX_SUBJECT_LENGTH = 200


def split(
    document: Document, ids_seen: dict[str, int] | None = None, layouts: Sequence[Layout] = ()
) -> list[Unit]:
    """Units of one document, in source order; prose is read with the layouts the corpus
    declares for it too (its searchkit.toml).

    Ids are unique within the document, and across every document split with the same
    `ids_seen` (the messages of one mbox file).
    """
    seen = {} if ids_seen is None else ids_seen
    if isinstance(document, ChatMessage):
        return [_unique(_chat_unit(document), seen)]
    raw: Sequence[_Message | _Paragraph] = (
        _mail_units(document)
        if isinstance(document, MailMessage)
        else _text_units(document, layouts)
    )
    units = _with_ids(raw, seen)
    if isinstance(document, MailMessage) and document.attached:
        carrier = next((unit for unit in units if not unit.quoted_in), None)
        if carrier:
            units += [_unique(_attachment_unit(carrier, item), seen) for item in document.attached]
    if isinstance(document, TextDocument) and (document.pages or document.date or document.author):
        return [_of_document(unit, document) for unit in units]
    return units


def _of_document(unit: Unit, document: TextDocument) -> Unit:
    """The unit with what its document says of itself: its date, author and pages."""
    page = _page(document.pages, unit.line_start) if document.pages else None
    return replace(unit, page=page, published=document.date, author=document.author)


def _page(starts: tuple[int, ...], line: int) -> int:
    """The page (from 1) a line of a PDF stands on, from each page's first line."""
    return max(1, bisect_right(starts, line))


def _chat_unit(message: ChatMessage) -> Unit:
    text = clean_text(message.text, markdown=False)
    return Unit(
        id=unit_id(message.source, CHAT, message.sender, message.date, message.line_start, text),
        kind=CHAT,
        source=message.source,
        thread=message.chat,
        subject=None,
        sender=message.sender,
        to=(),
        cc=(),
        date=message.date,
        text=text,
        line_start=message.line_start,
        line_end=message.line_end,
    )


def _attachment_unit(message: Unit, attached: Attachment) -> Unit:
    """An attached file's text, with the envelope of the email that carried it (so
    `from:` and `date:` find it) and that email's id."""
    text = clean_text(attached.text, markdown=False)
    return replace(
        message,
        id=unit_id(message.source, ATTACHMENT, message.id, attached.name, text),
        kind=ATTACHMENT,
        text=text,
        message_id=None,
        attachments=(attached.name,),
        attached_to=message.id,
    )


# -- what the splitter finds, before ids are given ---------------------------------------------


# Frozen, and compared by identity (eq=False): a quote names its outer message by reference,
# and the splitter maps each message to its unit id with a dict keyed by the message itself.
@dataclass(frozen=True, eq=False)
class _Message:
    source: str
    headers: dict[str, str]
    first_line: int
    body: tuple[Line, ...] = ()
    subject: str | None = None
    quoted_in: _Message | None = None
    markdown: bool = False
    sender: Person | None = None
    to: tuple[Person, ...] | None = None  # when known from real headers, else from `headers`
    cc: tuple[Person, ...] | None = None
    date: datetime | date | None = None
    thread: str | None = None
    message_id: str | None = None
    attachments: tuple[str, ...] = ()
    whole_span: int | None = None  # last line of the message, when lines cannot be told apart


@dataclass(frozen=True)
class _Paragraph:
    source: str
    lines: tuple[Line, ...]
    section: str | None
    thread: str
    date: datetime | date | None
    markdown: bool


# -- documents of prose --------------------------------------------------------------------------


@dataclass(frozen=True)
class _HeaderBlock:
    start: int  # index of the first line that belongs to the message (its preamble)
    end: int  # index after the last header line
    headers: dict[str, str]
    subject: str | None
    forwarded: bool


def _text_units(
    document: TextDocument, layouts: Sequence[Layout] = ()
) -> list[_Message | _Paragraph]:
    lines = _without_furniture(document.lines) if document.format == TEXT else list(document.lines)
    markdown = document.format in (MARKDOWN, HTML)
    blocks = {block.start: block for block in _header_blocks(lines, subjects=True, layouts=layouts)}
    found: list[_Message | _Paragraph] = []
    prose = _ProseCollector(document, found)
    message: _Message | None = None  # the open message: its head, the body still being read
    body: list[Line] = []
    last_subject: str | None = None

    def close() -> _Message | None:
        """The open message, finished: its body, then each quote cut out of it."""
        nonlocal message, body
        if message is None:
            return None
        finished = _with_quotes(replace(message, body=tuple(body)))
        found.extend(finished)
        message, body = None, []
        return finished[0]

    index = 0
    while index < len(lines):
        number, text = lines[index]
        block = blocks.get(index)
        if block:
            prose.flush()
            forwards_open_message = block.forwarded and _has_text(body)
            outer = close()
            subject = block.subject
            if subject is None and "subject" not in block.headers and not prose.since_last_message:
                subject = last_subject  # a block without a subject line continues the thread
            message = _Message(
                document.source,
                block.headers,
                lines[block.start][0],
                subject=subject,
                quoted_in=outer if forwards_open_message else None,
                markdown=markdown,
            )
            last_subject = subject
            prose.since_last_message = False
            index = block.end
            continue
        heading = _HEADING.match(text) if markdown else None
        separator = bool(_SEPARATOR.match(text))
        if separator or (
            message and heading and len(heading.group(1)) <= _BODY_ENDING_HEADING_LEVEL
        ):
            close()
            prose.flush()
            if separator:
                index += 1
                continue
        if message:
            body.append((number, text))
        else:
            prose.add(number, text)
        index += 1
    close()
    prose.flush()
    return found


class _ProseCollector:
    """Groups prose lines into paragraphs and keeps track of the current section."""

    def __init__(self, document: TextDocument, found: list[_Message | _Paragraph]) -> None:
        self.document = document
        self.found = found
        self.markdown = document.format == MARKDOWN
        self.one_per_line = document.format == HTML or (
            not self.markdown and _longest_line(document.lines) > 100
        )
        self.section: str | None = None
        self.lines: list[Line] = []
        self.since_last_message = False

    def add(self, number: int, text: str) -> None:
        if not text.strip():
            self.flush()
            return
        heading = _HEADING.match(text) if self.document.format != TEXT else None
        if heading:
            self.flush()
            self.section = clean_text(heading.group(2), markdown=True) or self.section
            self.lines = [(number, text)]
            self.flush()
            return
        starts_block = self.markdown and (
            _LIST_ITEM.match(text) or _IMAGE_LINE.match(text) or _IMAGE_LINE.match(self._last())
        )
        if self.one_per_line or starts_block:
            self.flush()
        self.lines.append((number, text))

    def _last(self) -> str:
        return self.lines[-1][1] if self.lines else ""

    def flush(self) -> None:
        if self.lines and _has_text(self.lines):
            thread = self.document.source
            if self.section:
                thread += "#" + slug(self.section)
            # the date it speaks of, where it or its section states one, else the page's
            opening = _LIST_ITEM.sub("", self.lines[0][1], count=1)
            opening += " " + " ".join(text for _, text in self.lines[1:])
            spoken = stated_date(opening) or stated_date(self.section)
            self.found.append(
                _Paragraph(
                    self.document.source,
                    tuple(self.lines),
                    self.section,
                    thread,
                    spoken or self.document.date,
                    self.document.format in (MARKDOWN, HTML),
                )
            )
            self.since_last_message = True
        self.lines = []


def _longest_line(lines: Sequence[Line]) -> int:
    return max((len(text) for _, text in lines), default=0)


def _header_blocks(
    lines: Sequence[Line], *, subjects: bool, layouts: Sequence[Layout] = ()
) -> Iterable[_HeaderBlock]:
    index = 0
    while index < len(lines):
        declared = _declared_start(lines, index, layouts) if layouts else None
        if declared:
            yield declared
            index = declared.end
            continue
        end, headers = _header_run(lines, index)
        if end > index and "from" in headers and {"date", "sent", "to"} & headers.keys():
            if not any(headers.values()):
                end, headers = _values_below(lines, end, headers)
            yield _preamble(lines, index, end, headers, subjects=subjects)
            index = end
            continue
        envelope = envelope_headers(lines[index][1]) if subjects else None
        if envelope:
            # Gmail's print view: `Name <address>   date`, then the To:/Cc: lines
            end, more = _header_run(lines, index + 1) if "<" in envelope["from"] else (index, {})
            if "from" not in more and "date" not in more:
                envelope = {**more, **envelope}
            yield _preamble(lines, index, max(end, index + 1), envelope, subjects=subjects)
        index += 1


#: How often a line must stand in a text for it to be page furniture, and how far apart at
#: the least (a numbered list's items are alike too, but one under the other).
_FURNITURE_REPEATS = 3
_PAGE_LINES = 5
_LABEL = re.compile(r"^\W*[A-Za-z][\w-]*\s?:")


def _without_furniture(lines: Sequence[Line]) -> list[Line]:
    """The lines of a text without what a printout or release repeats on every page: running
    headers and Bates numbers (`UNCLASSIFIED … Doc No. C06012345`), `Page 3 of 40`. A line
    is furniture when, its digits aside, it stands three times or more, pages apart, and
    holds digits (so a repeated sign-off or greeting stays); header lines, attributions and envelope
    lines, which repeat as correspondence does, are never furniture."""
    shapes = [furniture_shape(text) for _, text in lines]
    places: dict[str, list[int]] = {}
    for place, shape in enumerate(shapes):
        if "#" in shape:
            places.setdefault(shape, []).append(place)
    repeated = {
        shape
        for shape, found in places.items()
        if len(found) >= _FURNITURE_REPEATS
        and min(b - a for a, b in itertools.pairwise(found)) >= _PAGE_LINES
    }
    if not repeated:
        return list(lines)
    return [
        line
        for line, shape in zip(lines, shapes, strict=True)
        if shape not in repeated or not _is_furniture(line[1])
    ]


def _is_furniture(text: str) -> bool:
    if PAGE_NUMBER.match(text):
        return True
    return (
        len(text.strip()) >= 16
        and not _LABEL.match(text)
        and not any(pattern.match(text) for pattern in _ATTRIBUTIONS)
        and envelope_headers(text) is None
    )


def _values_below(
    lines: Sequence[Line], end: int, labels: dict[str, str]
) -> tuple[int, dict[str, str]]:
    """Labels OCR read apart from their values (`From:` `Sent:` `To:` `Subject:`, then the
    four values): paired in order, but only when the lines under them are exactly as many as
    the labels and the date reads as one; else the labels stay empty and the values text."""
    values: list[str] = []
    while end + len(values) < len(lines) and lines[end + len(values)][1].strip():
        values.append(lines[end + len(values)][1].strip())
    paired = dict(zip(labels, values, strict=False))
    when = paired.get("sent") or paired.get("date")
    if len(values) != len(labels) or not when or parse_date(when) is None:
        return end, labels
    return end + len(values), paired


def _declared_start(
    lines: Sequence[Line], index: int, layouts: Sequence[Layout]
) -> _HeaderBlock | None:
    """A message start as the corpus's searchkit.toml declares it, with any header lines
    under it (`Subject:`); nothing above it is looked at: the user said where messages start."""
    for layout in layouts:
        headers = layout.headers(lines[index][1])
        if headers:
            end, more = _header_run(lines, index + 1)
            if "from" in more or "date" in more:  # the next message's own header block
                end, more = index + 1, {}
            headers = {**more, **headers}
            return _HeaderBlock(index, max(end, index + 1), headers, headers.get("subject"), False)
    return None


# `Elon Musk to Sam Altman, Greg Brockman, (cc: Ilya Sutskever) - Nov 22, 2015 10:48 AM`, as
# compilations of emails write a message's head in one line: also as a Markdown heading or in
# emphasis, with the time glued (`10:48AM`) or left out
_NAME = r"(?:\[redacted\]|<redacted>|[A-Z][\w.'’-]*)(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|la|del))*"
_ENVELOPE = re.compile(
    rf"^\s*(?:#{{1,6}}\s+)?[*_]{{0,2}}(?P<sender>{_NAME})\s+to\s+"
    rf"(?P<to>{_NAME}(?:\s*,\s*{_NAME})*)"
    rf"(?:\s*,?\s*\(\s*cc:?\s*(?P<cc>{_NAME}(?:\s*,\s*{_NAME})*)\s*\))?"
    r"\s*[-–—]\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}"
    r"(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?)?)"
    r"\s*[*_]{0,2}\s*$"
)


# `Jane Doe <jane@gmail.com>      Tue, Mar 5, 2019 at 4:12 PM`: a Gmail print view's head line
_PRINTED_HEAD = re.compile(
    r"^\s*(?P<sender>[^<>\s][^<>]*<[^<>@\s]+@[^<>\s]+>)\s{2,}(?P<date>\S.*\d{4}.*?)\s*$"
)


def envelope_headers(line: str) -> dict[str, str] | None:
    """The from, to, cc and date of an envelope line (or the sender and date of a Gmail
    print view's head line), as headers; None for any other line."""
    if len(line) >= 300:
        return None
    printed = _PRINTED_HEAD.match(line)
    if printed and parse_date(printed.group("date")) is not None:
        return {"from": printed.group("sender"), "date": printed.group("date")}
    found = _ENVELOPE.match(line) if " to " in line else None
    if not found or parse_date(found.group("date")) is None:
        return None
    headers = {"from": found.group("sender"), "to": found.group("to"), "date": found.group("date")}
    if found.group("cc"):
        headers["cc"] = found.group("cc")
    return headers


def _header_run(lines: Sequence[Line], index: int) -> tuple[int, dict[str, str]]:
    """The header lines starting at `index` (folded continuation lines joined), and their values."""
    headers: dict[str, str] = {}
    name = None
    lotus = _LOTUS_SENDER.match(lines[index][1]) if index < len(lines) else None
    if lotus and index + 1 < len(lines) and _HEADER.match(lines[index + 1][1]):
        headers = {"from": lotus.group(1), "date": lotus.group(2)}
        index += 1
    while index < len(lines):
        text = lines[index][1]
        found = _HEADER.match(text)
        if found:
            name = found.group(1).lower()
            if name in headers and name != "cc":
                break  # a second From: is the next message
            headers[name] = (found.group(2) or "").strip()
        elif name in ("to", "cc") and text[:1] in (" ", "\t") and text.strip():
            headers[name] += " " + text.strip()
        else:
            break
        index += 1
    return index, headers


def _preamble(
    lines: Sequence[Line], start: int, end: int, headers: dict[str, str], *, subjects: bool
) -> _HeaderBlock:
    """Look above a header block for its forward marker, count line and subject line."""
    index = start - 1
    while index >= 0 and not lines[index][1].strip() and index >= start - 3:
        index -= 1  # Lotus and some clients leave blank lines under the marker
    forwarded = index >= 0 and bool(
        _MARKER.match(lines[index][1]) or _LOTUS_MARKER.match(lines[index][1])
    )
    if forwarded:
        index -= 1
    else:
        index = start - 1
    if (
        subjects
        and index >= 1
        and not lines[index][1].strip()
        and _COUNT.match(lines[index - 1][1])
    ):
        index -= 1  # Gmail's print view leaves a blank line under `2 messages`
    if subjects and index >= 0 and _COUNT.match(lines[index][1]):
        index -= 1
    subject = None
    probe = index
    if probe >= 0 and not lines[probe][1].strip():
        probe -= 1  # a blank line may stand between
    above = _HEADER.match(lines[probe][1]) if subjects and probe >= 0 else None
    if above and above.group(1).lower() == "subject" and above.group(2):
        subject = above.group(2)  # `Subject: Plans` above an envelope line names its thread
        index = probe - 1
    elif subjects and index >= 0 and _is_subject_line(lines, index):
        subject = clean_text(_HEADING.sub(r"\2", lines[index][1]), markdown=True)
        index -= 1
    if headers.get("subject"):
        subject = headers["subject"]
    return _HeaderBlock(index + 1, end, headers, subject, forwarded)


def _is_subject_line(lines: Sequence[Line], index: int) -> bool:
    text = lines[index][1].strip()
    above = lines[index - 1][1] if index > 0 else ""
    return (
        bool(text)
        and len(text) <= _MAX_SUBJECT_LENGTH
        and not _SEPARATOR.match(text)
        and not _HEADER.match(text)
        and (not above.strip() or bool(_SEPARATOR.match(above)))
    )


# -- mail messages -------------------------------------------------------------------------------


def _mail_units(mail: MailMessage) -> list[_Message]:
    if mail.body_line is None:  # decoded body: every unit cites the whole message
        body = [(mail.line_start, line) for line in mail.body.splitlines()]
    else:
        body = list(enumerate(mail.body.splitlines(), start=mail.body_line))
    message = _Message(
        mail.source,
        {},
        mail.line_start,
        body=tuple(body),
        subject=mail.subject,
        sender=mail.sender,
        to=mail.to,
        cc=mail.cc,
        date=mail.date,
        thread=mail_thread(mail),
        message_id=mail.message_id,
        attachments=mail.attachments,
        whole_span=mail.line_end if mail.body_line is None else None,
    )
    return _with_quotes(message)


def mail_thread(mail: MailMessage) -> str:
    """The thread of a mail message: its root Message-ID, else its subject."""
    if mail.thread:
        return mail.thread
    root = mail.references[0] if mail.references else mail.in_reply_to or mail.message_id
    if root:
        return root.strip("<>")
    return subject_thread(mail.subject) or f"{mail.source}:{mail.line_start}"


# -- quoted replies inside bodies ----------------------------------------------------------------


def _with_quotes(message: _Message) -> list[_Message]:
    """The message with its body cut at its first attribution or `>` block, then the quote cut
    out of it (cut in turn), and so on down the chain."""
    chain = []
    while True:
        cut = _cut_quote(message)
        if cut is None:
            chain.append(message)
            return chain
        outer, message = cut
        chain.append(outer)


def _cut_quote(message: _Message) -> tuple[_Message, _Message] | None:
    """The message without its first quoted message, and that quoted message; the outer body
    keeps the writer's own words.

    A quote starts at an attribution line, a run of `>` lines, or a header block (Outlook's
    `-----Original Message-----`, a forward, Lotus Notes' `Forwarded by`). After an
    attribution, either every line is the quote (Apple Mail, the Markdown pages) or, when the
    quote is `>`-prefixed, only those lines are: the replies between them stay.
    """
    body = message.body
    block = next(iter(_header_blocks(body, subjects=False)), None)
    for index in range(block.start if block else len(body)):
        number, text = body[index]
        attribution = _attribution(body, index)
        if attribution:
            who, when, after = attribution
            rest = body[after:]
            if _starts_quoted(rest):
                quoted = [line for line in rest if _QUOTED.match(line[1])]
                kept = body[:index] + tuple(line for line in rest if not _QUOTED.match(line[1]))
            else:
                quoted, kept = list(rest), body[:index]
            outer = replace(message, body=kept)
            return outer, _quoted(outer, number, who, when, _unquote(quoted))
        if _QUOTED.match(text) and _is_quote_block(body, index):
            quoted_lines = [line for line in body[index:] if _QUOTED.match(line[1])]
            outer = replace(
                message, body=tuple(line for line in body if not _QUOTED.match(line[1]))
            )
            return outer, _quoted(outer, number, None, None, _unquote(quoted_lines))
        if _LOTUS_MARKER.match(text):
            outer = replace(message, body=body[:index])
            return outer, _lotus_forward(outer, body, index)
    if block is None:
        return None
    outer = replace(message, body=body[: block.start])
    inner = _Message(
        message.source,
        block.headers,
        body[block.start][0],
        body=body[block.end :],
        subject=block.headers.get("subject") or message.subject,
        quoted_in=outer,
        markdown=message.markdown,
        thread=message.thread,
        whole_span=message.whole_span,
    )
    return outer, inner


def _lotus_forward(outer: _Message, body: Sequence[Line], index: int) -> _Message:
    """A Lotus Notes `Forwarded by … on …` block whose headers are not a plain header block.

    Notes writes the original's author and date on lines of their own (`Kirk McDaniel`,
    `11/27/2001 01:41 AM`) above `To:`/`cc:`/`Subject:`; everything after is the message.
    """
    head_end = index + 1
    headers: dict[str, str] = {}
    names: list[str] = []
    for position in range(index + 1, min(len(body), index + 14)):
        text = body[position][1].strip()
        header = _HEADER.match(text)
        if header:
            headers[header.group(1).lower()] = (header.group(2) or "").strip()
        elif text and not text.strip("-"):
            pass
        elif text:
            names.append(text)
        if header and header.group(1).lower() == "subject":
            head_end = position + 1
            break
    who = when = None
    for text in names:
        lotus = _LOTUS_SENDER.match(text)
        if lotus:
            who, when = lotus.groups()
            break
        if who is None and parse_date(text) is None:
            who = text
        elif who is not None and when is None and parse_date(text) is not None:
            when = text
    return _quoted(
        outer,
        body[index][0],
        who,
        when,
        list(body[head_end:]),
        headers={name: headers[name] for name in ("to", "cc") if name in headers},
        subject=headers.get("subject"),
    )


def _starts_quoted(lines: Sequence[Line]) -> bool:
    first = next((text for _, text in lines if text.strip()), "")
    return bool(_QUOTED.match(first))


def _attribution(body: Sequence[Line], index: int) -> tuple[str, str, int] | None:
    """`On <date>, <person> wrote:` and its French and German forms, also wrapped in two."""
    if not _ATTRIBUTION_START.match(body[index][1]):
        return None
    for span in (1, 2):
        joined = " ".join(line for _, line in body[index : index + span])
        for pattern in _ATTRIBUTIONS:
            found = pattern.match(joined)
            if not found:
                continue
            if "both" in found.groupdict():
                when, who = _split_attribution(found.group("both"))
            else:
                when, who = found.group("when"), found.group("who")
            if when is not None and parse_date(when) is not None:
                return who, when, index + span
    return None


def _split_attribution(words: str) -> tuple[str | None, str]:
    """Split `Nov 20, 2015, at 11:48 AM, Sam Altman <x>` into its date and its person."""
    parts = words.split(",")
    for cut in range(len(parts) - 1, 0, -1):
        when = ",".join(parts[:cut])
        if parse_date(when) is not None:
            return when, ",".join(parts[cut:]).strip()
    # Gmail also writes `On Mon, Jan 1, 2018 at 10:00 AM Sam Altman <x> wrote:` with no comma
    found = re.match(r"(.*\d{1,2}:\d{2}(?:\s*[AP]M)?)\s+(.+)$", words, re.IGNORECASE)
    if found and parse_date(found.group(1)) is not None:
        return found.group(1), found.group(2)
    return None, words


def _is_quote_block(body: Sequence[Line], index: int) -> bool:
    """Two or more `>` lines make a quote; a lone one may be a shell prompt or an arrow."""
    return sum(1 for _, text in body[index : index + 3] if _QUOTED.match(text)) >= 2


def _unquote(lines: Sequence[Line]) -> list[Line]:
    return [(number, re.sub(r"^\s*> ?", "", text)) for number, text in lines]


def _quoted(
    outer: _Message,
    number: int,
    who: str | None,
    when: str | None,
    lines: list[Line],
    *,
    headers: dict[str, str] | None = None,
    subject: str | None = None,
) -> _Message:
    sender = parse_sender(who) if who else None
    return _Message(
        outer.source,
        headers or {},
        number,
        body=tuple(lines),
        subject=subject or outer.subject,
        quoted_in=outer,
        markdown=outer.markdown,
        sender=sender,
        date=parse_date(when) if when else None,
        thread=outer.thread,
        whole_span=outer.whole_span,
    )


# -- units ---------------------------------------------------------------------------------------


def _with_ids(found: Sequence[_Message | _Paragraph], seen: dict[str, int]) -> list[Unit]:
    units: list[Unit] = []
    ids: dict[_Message, str] = {}  # each message's unit id, for the quotes inside it
    for item in found:
        unit = _message_unit(item, ids) if isinstance(item, _Message) else _paragraph_unit(item)
        if unit is None:
            if isinstance(item, _Message) and item.quoted_in is not None:
                # an empty quote in an Outlook chain: what it quoted is quoted in its outer
                ids[item] = ids.get(item.quoted_in, "")
            continue
        unit = _unique(unit, seen)
        if isinstance(item, _Message):
            ids[item] = unit.id
        units.append(unit)
    return units


def _unique(unit: Unit, seen: dict[str, int]) -> Unit:
    """The unit, its id made unique among those `seen` (the same words twice in a file)."""
    repeat = seen.get(unit.id, 0)
    seen[unit.id] = repeat + 1
    return replace(unit, id=f"{unit.id}-{repeat + 1}") if repeat else unit


def _message_unit(message: _Message, ids: dict[_Message, str]) -> Unit | None:
    headers = message.headers
    outlook = "sent" in headers and "date" not in headers
    sender = message.sender or parse_sender(headers.get("from"))
    to = message.to if message.to is not None else parse_people(headers.get("to"), outlook=outlook)
    cc = message.cc if message.cc is not None else parse_people(headers.get("cc"), outlook=outlook)
    when = message.date or parse_date(headers.get("date") or headers.get("sent"))
    text = clean_text("\n".join(text for _, text in message.body), markdown=message.markdown)
    if not text and (sender is None or message.quoted_in) and not message.attachments:
        return None
    source = message.source
    lines = [number for number, line in message.body if line.strip()]
    if message.whole_span:
        lines.append(message.whole_span)
    thread = message.thread or subject_thread(message.subject) or f"{source}:{message.first_line}"
    sender_name = sender.name if sender else None
    return Unit(
        id=unit_id(source, EMAIL, sender_name, when, message.message_id, text),
        kind=EMAIL,
        source=source,
        thread=thread,
        subject=message.subject,
        sender=sender_name,
        to=tuple(p.name for p in to),
        cc=tuple(p.name for p in cc),
        date=when,
        text=text,
        line_start=message.first_line,
        line_end=max(lines, default=message.first_line),
        quoted_in=ids.get(message.quoted_in) or None if message.quoted_in else None,
        section=None,
        sender_address=sender.address if sender else None,
        to_addresses=tuple(p.address for p in to if p.address),
        cc_addresses=tuple(p.address for p in cc if p.address),
        message_id=message.message_id,
        attachments=message.attachments or attachment_names(headers.get("attachments")),
    )


def _paragraph_unit(paragraph: _Paragraph) -> Unit | None:
    text = clean_text("\n".join(text for _, text in paragraph.lines), markdown=paragraph.markdown)
    if not text:
        return None
    source = paragraph.source
    return Unit(
        id=unit_id(source, PARAGRAPH, text),
        kind=PARAGRAPH,
        source=source,
        thread=paragraph.thread,
        subject=None,
        sender=None,
        to=(),
        cc=(),
        date=paragraph.date,
        text=text,
        line_start=paragraph.lines[0][0],
        line_end=paragraph.lines[-1][0],
        section=paragraph.section,
    )


# -- text ----------------------------------------------------------------------------------------


def clean_text(text: str, *, markdown: bool) -> str:
    """The readable words: no Markdown syntax, each redaction one marker, tidy spacing."""
    lines = []
    for line in text.splitlines():
        if markdown:
            line = _strip_markdown(line)
        line = _REDACTION.sub(f" {REDACTED} ", line).strip()
        lines.append(re.sub(r"[ \t]+", " ", line))
    text = "\n".join(lines).strip()
    text = re.sub(r"\n{3,}", "\n\n", text)
    # a redaction that spans several lines is still one redaction
    return re.sub(rf"{re.escape(REDACTED)}(\s*{re.escape(REDACTED)})+", REDACTED, text)


def _strip_markdown(line: str) -> str:
    line = _HEADING.sub(r"\2", line)
    line = re.sub(r"^\s*>\s?", "", line)
    line = _LIST_ITEM.sub("", line)
    line = _MD_IMAGE.sub(r"\1", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_CODE.sub(r"\1", line)
    return _MD_EMPHASIS.sub(lambda m: m.group(2) or m.group(3), line)


def _has_text(lines: Sequence[Line]) -> bool:
    return any(text.strip() for _, text in lines)


# -- what was not recognised ---------------------------------------------------------------------

# header labels, Outlook's in German, French, Spanish, Dutch and Italian too (which no
# layout reads yet: their files are then said, not silently taken for prose), attributions
_MAIL_LINE = re.compile(
    r"^\W{0,4}(?:(?:from|sent|to|cc|date|subject|von|gesendet|an|betreff|de|envoyé|à|objet"
    r"|para|enviado|asunto|van|verzonden|aan|onderwerp|da|inviato|oggetto)\s*:"
    r"|.*\bwrote\s*:\s*$|.*\ba\s+écrit\s*:)",
    re.IGNORECASE,
)
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def unrecognised_mail(document: Document, units: Sequence[Unit]) -> bool:
    """Does this prose look like correspondence (header-like lines, attributions, many
    addresses) though no message was found in it? Then a layout was not recognised."""
    if not isinstance(document, TextDocument) or any(unit.kind != PARAGRAPH for unit in units):
        return False
    heads = sum(1 for _, text in document.lines if _MAIL_LINE.match(text))
    addresses = sum(len(_ADDRESS.findall(text)) for _, text in document.lines)
    return heads >= 3 or addresses >= 5


_START_LINE = re.compile(r"^\W{0,4}(?:from|sent)\s*:\s*\S", re.IGNORECASE)
#: How far below an email's first line its From: line may stand (subject line, count, marker).
_HEAD_LINES = 6


def missed_starts(document: Document, units: Sequence[Unit]) -> list[int]:
    """Lines of prose in which messages were found that start like a message (`From: …`,
    `Sent: …`) but start none of them: a layout only partly recognised."""
    starts = sorted(unit.line_start for unit in units if unit.kind == EMAIL)
    if not isinstance(document, TextDocument) or not starts:
        return []  # (a file with no message at all is `unrecognised_mail`'s to say)
    heads = [number for number, text in document.lines if _START_LINE.match(text)]
    used = set()
    for start in starts:  # an email's own From: (a subject line or marker may stand above)
        first = bisect_left(heads, start)
        if first < len(heads) and heads[first] - start <= _HEAD_LINES:
            used.add(heads[first])
            if first + 1 < len(heads) and heads[first + 1] - heads[first] <= 2:
                used.add(heads[first + 1])  # and its Sent: under it
    return [number for number in heads if number not in used]


# -- size ----------------------------------------------------------------------------------------

#: The most text one unit holds. A longer paragraph (a 50 MB line) becomes several units of
#: this size, so every word stays findable; a longer email is cut, with a line saying so (as
#: parts, one message would be counted as several).
MAX_UNIT_CHARS = 1_000_000


def bounded(units: Iterable[Unit], problems: list[Problem]) -> Iterator[Unit]:
    """The units, none longer than MAX_UNIT_CHARS; what was cut or parted joins `problems`."""
    for unit in units:
        if len(unit.text) <= MAX_UNIT_CHARS:
            yield unit
        elif unit.kind == EMAIL:
            problems.append(
                Problem(
                    unit.source,
                    f"email at line {unit.line_start}: text cut at {MAX_UNIT_CHARS:,} of"
                    f" {len(unit.text):,} characters",
                )
            )
            yield replace(unit, text=unit.text[: _word_end(unit.text, MAX_UNIT_CHARS)])
        else:
            note = f"paragraphs of over {MAX_UNIT_CHARS:,} characters indexed in parts"
            if not any(problem.message.startswith(note) for problem in problems):
                problems.append(
                    Problem(unit.source, f"{note} (the first at line {unit.line_start})")
                )
            for number, part in enumerate(_parts(unit.text), start=1):
                yield replace(unit, id=f"{unit.id}.{number}", text=part)


def _parts(text: str) -> Iterator[str]:
    start = 0
    while start < len(text):
        end = _word_end(text, start + MAX_UNIT_CHARS)
        if text[start:end].strip():
            yield text[start:end].strip()
        start = end


def _word_end(text: str, limit: int) -> int:
    """Where to cut `text` at about `limit` characters: after the last space before it."""
    if limit >= len(text):
        return len(text)
    space = text.rfind(" ", limit - MAX_UNIT_CHARS // 10, limit)
    return space + 1 if space > 0 else limit
