"""Prose: the lines of a text document that are no message, as paragraphs; and the loop
that reads a text document into messages and paragraphs."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime, time, timedelta

from ..dates import stated_date
from ..layouts import Layout
from ..people import parse_sender
from ..readers.documents import HTML, MARKDOWN, TEXT, TextDocument
from ..units import quoted_subject, slug
from ..written_dates import ONE_DAY, Written, read_written
from .encapsulation import unencapsulated
from .furniture import without_furniture, without_page_furniture
from .header_blocks import FORWARD_END, SENTENCE_END, SEPARATOR, header_blocks, header_field
from .model import SUBJECT_FROM_ABOVE, SUBJECT_FROM_TITLE, HeaderBlock, Line, Message, Paragraph
from .quotes import COLONS, QUOTED, attributed, quoted_head_subject, with_quotes
from .tables import table_heads
from .text import HEADING, IMAGE_LINE, LIST_ITEM, clean_text, has_text

_BODY_ENDING_HEADING_LEVEL = 3
_MAX_SUBJECT_LENGTH = 200


def text_units(document: TextDocument, layouts: Sequence[Layout] = ()) -> list[Message | Paragraph]:
    if document.format == TEXT:
        lines = without_furniture(document.lines)
    elif document.pages:
        lines = without_page_furniture(document.lines, document.pages)
    else:
        lines = list(document.lines)
    markdown = document.format in (MARKDOWN, HTML)
    lines = _attributions_unwrapped(unencapsulated(lines), document.source, markdown)
    blocks = {block.start: block for block in header_blocks(lines, subjects=True, layouts=layouts)}
    if markdown:
        for table in table_heads(lines):
            blocks.setdefault(table.start, table)
    # heads at the top of a `>` block standing in the page's own text: a reprint that sets
    # each email off as a block quote, notes that quote a message whole (inside an open
    # message's own words, such a block is what that message quotes: `with_quotes` reads it)
    quoted_heads = _quoted_heads(lines, layouts)
    found: list[Message | Paragraph] = []
    prose = _ProseCollector(document, found)
    message: Message | None = None  # the open message: its head, the body still being read
    body: list[Line] = []
    last_subject: str | None = None
    # the open message's body is a `>` block (a Markdown block quote holding a head, or under
    # a head on a page; the quote under an attribution in prose): each line's first `>` is
    # the page's or the attribution's, not a reply's quoting, and the message ends with the
    # block
    quoted_body = False

    def close() -> Message | None:
        """The open message, finished: its body, then each quote cut out of it."""
        nonlocal message, body
        if message is None:
            return None
        finished = with_quotes(replace(message, body=tuple(body)))
        found.extend(finished)
        message, body = None, []
        return finished[0]

    index = 0
    while index < len(lines):
        number, text = lines[index]
        if quoted_body and text.strip() and not QUOTED.match(text):
            close()  # the block that was its body has ended: what follows is the page's
            quoted_body = False
        block = blocks.get(index)
        opens_quote = block is None and (message is None or quoted_body) and index in quoted_heads
        if opens_quote:
            block = quoted_heads[index]
        if block:
            prose.flush()
            # a forward inside the open message, also one with no words of its own (a
            # forward of a forward); or a head right under a reply's words that the reply
            # quotes (a thread pasted as text: `RE: Plan` over `Plan`)
            forwards_open_message = message is not None and (
                block.forwarded or _replied_to(message, block)
            )
            outer = close()
            subject, inferred = block.subject, None
            if subject is None and "subject" not in block.headers:
                if forwards_open_message and outer is not None:
                    # forwarded in the open message: about what that is about, as any quote
                    subject, inferred = quoted_head_subject(block.headers, outer)
                elif last_subject and not prose.since_last_message:
                    # a head right under another message, with no subject line of its own:
                    # the page runs on that thread, so it is given that subject as the page
                    # shows it (no `Re:` added or dropped: the page does not say which
                    # answers which), and its unit says the subject is inferred
                    subject, inferred = last_subject, SUBJECT_FROM_ABOVE
                elif outer is None and last_subject is None:
                    # a print view's title, the subject over the first head (Proton's,
                    # Outlook.com's), a blank line between: said to be inferred
                    subject = _title_above(lines, block.start)
                    inferred = SUBJECT_FROM_TITLE if subject else None
            message = Message(
                document.source,
                block.headers,
                lines[block.start][0],
                subject=subject,
                subject_inferred=inferred,
                quoted_in=outer if forwards_open_message else None,
                markdown=markdown,
                head_end=lines[block.end - 1][0],
            )
            body.extend(block.body)
            page_quote = bool(QUOTED.match(lines[block.start][1])) or (
                not block.body and _quote_under(lines, block.end)
            )
            quoted_body = opens_quote or (markdown and page_quote)
            if not forwards_open_message:
                # a forward inside a message is part of it, as a quote cut out of its body
                # is: a head below runs on the thread of the message it is forwarded in
                last_subject = subject
            prose.since_last_message = False
            index = block.end
            continue
        heading = HEADING.match(text) if markdown else None
        # a rule, or the end marker of a forward: what follows is not the forwarded text
        separator = bool(SEPARATOR.match(text) or FORWARD_END.match(text)) or (
            markdown and _thematic_break(lines, index)
        )
        if separator or (
            message and heading and len(heading.group(1)) <= _BODY_ENDING_HEADING_LEVEL
        ):
            close()
            quoted_body = False
            prose.flush()
            if separator:
                index += 1
                continue
        if message and not quoted_body and _past_sign_off(message, body, lines, index):
            close()  # the page's words under a message its sender has signed off
        started = (
            attributed(lines, index, source=document.source, markdown=markdown)
            if message is None or not quoted_body
            else None
        )
        if started and message is not None:
            if _days_after(started[0].headers, message.headers):
                # the open message cannot quote what was written days after it: it ended
                # above, and the page goes on to tell of a later message (a day's slack:
                # the two dates may be read in different time zones)
                close()
            else:
                started = None  # what the open message quotes: `with_quotes` cuts it out
        if started:
            # a reply pasted as text quoting the message this attribution starts: the reply's
            # own words, whose writer no line names, stay prose
            prose.flush()
            message, index, quoted_body = started
            last_subject = None
            prose.since_last_message = False
            continue
        if message:
            body.append((number, _BLOCK_QUOTE.sub("", text) if quoted_body else text))
        else:
            prose.add(number, text)
        index += 1
    close()
    prose.flush()
    return found


_BLOCK_QUOTE = re.compile(r"^\s{0,3}> ?")
# `---`, `***`, `* * *`: a rule between the sections of a Markdown page
_THEMATIC_BREAK = re.compile(r"^\s{0,3}([-*_])(?:[ \t]{0,10}\1){2,}[ \t]*$")
#: How far under a head its body's `>` block may start (blank lines between).
_HEAD_TO_QUOTE = 3


# the sender's name (a word of it, or its initials) alone on the body's last line: `Elon`,
# `-Sam`, `— Sam Altman`, `*Elon*`
_SIGN_OFF = re.compile(r"^[-–—~*_\s]{0,6}(\w[\w.' -]{0,60}?)[*_.,!\s]{0,6}$")
# what an email may hold below its sign-off: a postscript, a signature (its delimiter, an
# address, a link, a phone number), its client's line, a rule over what it quotes, the quote
# (an attribution, which ends with a colon, or a `>` block), a client's note in brackets
# (Gmail's print view's `[Quoted text hidden]`, in the reader's language; `[image: logo]`)
_UNDER_SIGN_OFF = re.compile(
    r"^\W{0,3}(?:p\.?\s?p?\.?\s?s\b|nb\b|--|sent from|get outlook|>)|^\s*[-_=*]{3,}\s*$|:\s*$"
    r"|@|https?:|www\.|\d{3}|^\s*\[[^\[\]]{1,80}\]\s*$",
    re.IGNORECASE,
)


def _past_sign_off(
    message: Message, body: Sequence[Line], lines: Sequence[Line], index: int
) -> bool:
    """Does a paragraph of the page start here, under the open message's body that its
    sender has signed off? An email's words end at its sign-off, but for what one keeps under
    it (`_UNDER_SIGN_OFF`); a page's note or narrative under it is not the sender's."""
    text = lines[index][1]
    if not text.strip() or lines[index - 1][1].strip() or _UNDER_SIGN_OFF.search(text):
        return False
    last = next((line for _, line in reversed(body) if line.strip()), None)
    signed = _SIGN_OFF.match(last) if last else None
    sender = parse_sender(message.headers.get("from")) if signed else None
    if signed is None or sender is None or not sender.name:
        return False
    words = sender.name.casefold().replace(".", " ").split()
    sign = signed.group(1).casefold().replace(".", " ").split()
    initials = "".join(word[0] for word in words)
    signed_by = bool(sign) and (sign == words or sign == words[:1] or "".join(sign) == initials)
    # a signature's first line names its writer whole: `Chidi Okonkwo | Director`
    return signed_by and " ".join(words) not in text.casefold().replace(".", " ")


#: Lines of a `>` block a head at its top may take, at most (a preamble, every header line).
_HEAD_LINES = 40


def _quoted_heads(lines: Sequence[Line], layouts: Sequence[Layout]) -> dict[int, HeaderBlock]:
    """The heads that open a `>` block (its lines read with one `>` taken off), by the index
    of the block's first line."""
    found = {}
    for index, end in _quote_blocks(lines):
        unquoted = _unquoted(lines[index : min(end, index + _HEAD_LINES)])
        head = next(iter(header_blocks(unquoted, subjects=True, layouts=layouts)), None)
        if head is not None and head.start == 0:
            found[index] = replace(head, start=index, end=index + head.end)
    return found


def _attributions_unwrapped(lines: list[Line], source: str, markdown: bool) -> list[Line]:
    """The lines, each `>` block that opens with an attribution naming a person read as
    that attribution over its quote: a page quoting a reply's quote whole (`> Am … schrieb
    Petra Schmidt <…>:` over `> > her words`: the block read with its one `>` off), or a
    message under an attribution, Apple Mail's way (`> On …, Ann wrote:` over `> her words`:
    the attribution's `>` off, the block its body, ending with it)."""
    unwrapped: list[Line] = []
    done = 0  # the lines before this index are in `unwrapped`
    for index, end in _quote_blocks(lines):
        # every attribution ends with a colon on its first or second line: a cheap look
        # before the block is copied
        top = _unquoted(lines[index : min(end, index + 2)])
        if not any(text.rstrip().endswith(COLONS) for _, text in top):
            continue
        block = _unquoted(lines[index:end])
        started = attributed(block, 0, source=source, markdown=markdown)
        if started is None:
            continue
        _, after, quoted = started
        unwrapped += lines[done:index]
        unwrapped += block if quoted else [*block[:after], *lines[index + after : end]]
        done = end
    return [*unwrapped, *lines[done:]] if done else lines


def _quote_blocks(lines: Sequence[Line]) -> Iterator[tuple[int, int]]:
    """Each run of `>` lines: the index of its first line and the index past its last."""
    index = 0
    while index < len(lines):
        if not QUOTED.match(lines[index][1]):
            index += 1
            continue
        end = index + 1
        while end < len(lines) and QUOTED.match(lines[end][1]):
            end += 1
        yield index, end
        index = end


def _unquoted(lines: Sequence[Line]) -> list[Line]:
    """The lines with one `>` taken off each."""
    return [(number, _BLOCK_QUOTE.sub("", text, count=1)) for number, text in lines]


def _thematic_break(lines: Sequence[Line], index: int) -> bool:
    """A Markdown rule (`---`) standing apart: a blank line or the start above it (under a line
    of text, `---` underlines a heading)."""
    above_blank = index == 0 or not lines[index - 1][1].strip()
    return above_blank and bool(_THEMATIC_BREAK.match(lines[index][1]))


def _quote_under(lines: Sequence[Line], end: int) -> bool:
    """Does a `>` block stand right under a head (blank lines aside), no attribution or words
    before it? On a page, that block is the message's body set off from the page's words."""
    for _, text in lines[end : end + _HEAD_TO_QUOTE]:
        if text.strip():
            return bool(QUOTED.match(text))
    return False


def _replied_to(message: Message, block: HeaderBlock) -> bool:
    """Does a head right under a message's body head the message it replies to or forwards?
    Its own subject is the upper one's less a `Re:` or `Fwd:` (`RE: Plan` over `Plan`), and
    its day no later, or the upper one's own (`RE: Plan` over `RE: Plan`) and its time
    before: a thread pasted newest first, each reply over what it quotes. A compilation runs
    oldest first, its replies under what they answer: never read so."""
    upper, lower = message.subject, block.headers.get("subject")
    if not upper or not lower or message.subject_inferred:
        return False
    quoted = quoted_subject(upper)
    if _same(quoted, upper):
        return False
    if _same(upper, lower):
        # Outlook keeps one `RE:` down a chain (`RE: Plan` over `RE: Plan` over `Plan`): the
        # same subject is the message replied to only when it is written before the reply
        return _earlier(block.headers, message.headers)
    return _same(quoted, lower) and not _later(block.headers, message.headers)


def _title_above(lines: Sequence[Line], start: int) -> str | None:
    """The title a print view shows over its first head: the nearest of the few short lines
    above it (an application's name may stand over it), none of them a sentence or a field."""
    above = [text.strip() for _, text in lines[:start] if text.strip()]
    if not above or len(above) > _MOST_TITLE_LINES:
        return None
    if any(len(text) > _MAX_SUBJECT_LENGTH or text.endswith(SENTENCE_END) for text in above):
        return None
    title = above[-1]
    # (a release's `EXHIBIT 4`, in capitals, or its `Exhibit 4` label, names no subject)
    if header_field(title) or QUOTED.match(title) or title.isupper() or _LABEL.match(title):
        return None
    return title


_MOST_TITLE_LINES = 3
_LABEL = re.compile(r"^(?:exhibit|attachment|appendix|tab|page|document)\b", re.IGNORECASE)


def _same(subject: str, other: str) -> bool:
    return " ".join(subject.casefold().split()) == " ".join(other.casefold().split())


def _later(head: dict[str, str], other: dict[str, str]) -> bool:
    """Is the day one head gives later than the day another gives, however either's numeric
    day is read? (Unknown when either gives none.)"""
    first, second = (read_written(_head_date(headers)) for headers in (head, other))
    return first is not None and second is not None and min(first.days) > max(second.days)


def _earlier(head: dict[str, str], other: dict[str, str]) -> bool:
    """Is the time one head gives before the time another gives, however either is read?
    (No when either gives no time.)"""
    first, second = (read_written(_head_date(headers)) for headers in (head, other))
    if first is None or second is None or first.time is None or second.time is None:
        return False
    # each as its clock reads, unless both give their zone
    zoned = first.offset is not None and second.offset is not None
    return max(_moments(first, zoned)) < min(_moments(second, zoned))


def _days_after(later: dict[str, str], head: dict[str, str]) -> bool:
    """Is the date one head gives more than a day after another's, however either is read?
    (No when either gives none; by the days alone when either gives no time.)"""
    first, second = (read_written(_head_date(headers)) for headers in (head, later))
    if first is None or second is None:
        return False
    if first.time is None or second.time is None:
        return min(second.days) - max(first.days) > ONE_DAY
    zoned = first.offset is not None and second.offset is not None
    return min(_moments(second, zoned)) - max(_moments(first, zoned)) > ONE_DAY


def _moments(written: Written, zoned: bool) -> list[datetime]:
    """Each reading of a written date with its time, at UTC where `zoned`."""
    shift = written.offset if zoned and written.offset is not None else timedelta()
    clock = time(*written.time) if written.time is not None else time()
    return [datetime.combine(day, clock) - shift for day in written.days]


def _head_date(headers: dict[str, str]) -> str:
    return headers.get("date") or headers.get("sent") or ""


class _ProseCollector:
    """Groups prose lines into paragraphs and keeps track of the current section."""

    def __init__(self, document: TextDocument, found: list[Message | Paragraph]) -> None:
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
        heading = HEADING.match(text) if self.document.format != TEXT else None
        if heading:
            self.flush()
            self.section = clean_text(heading.group(2), markdown=True) or self.section
            self.lines = [(number, text)]
            self.flush()
            return
        starts_block = self.markdown and (
            LIST_ITEM.match(text) or IMAGE_LINE.match(text) or IMAGE_LINE.match(self._last())
        )
        if self.one_per_line or starts_block:
            self.flush()
        self.lines.append((number, text))

    def _last(self) -> str:
        return self.lines[-1][1] if self.lines else ""

    def flush(self) -> None:
        if self.lines and has_text(self.lines):
            thread = self.document.source
            if self.section:
                thread += "#" + slug(self.section)
            # the date it speaks of, where it or its section states one, else the page's
            opening = LIST_ITEM.sub("", self.lines[0][1], count=1)
            opening += " " + " ".join(text for _, text in self.lines[1:])
            spoken = stated_date(opening) or stated_date(self.section)
            self.found.append(
                Paragraph(
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
