"""Prose: the lines of a text document that are no message, as paragraphs; and the loop
that reads a text document into messages and paragraphs."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..dates import stated_date
from ..layouts import Layout
from ..readers.documents import HTML, MARKDOWN, TEXT, TextDocument
from ..units import slug
from .furniture import without_furniture
from .header_blocks import SEPARATOR, header_blocks
from .model import SUBJECT_FROM_ABOVE, Line, Message, Paragraph
from .quotes import QUOTED, quoted_head_subject, with_quotes
from .text import HEADING, IMAGE_LINE, LIST_ITEM, clean_text, has_text

_BODY_ENDING_HEADING_LEVEL = 3
_MAX_SUBJECT_LENGTH = 200


def text_units(document: TextDocument, layouts: Sequence[Layout] = ()) -> list[Message | Paragraph]:
    lines = without_furniture(document.lines) if document.format == TEXT else list(document.lines)
    markdown = document.format in (MARKDOWN, HTML)
    blocks = {block.start: block for block in header_blocks(lines, subjects=True, layouts=layouts)}
    found: list[Message | Paragraph] = []
    prose = _ProseCollector(document, found)
    message: Message | None = None  # the open message: its head, the body still being read
    body: list[Line] = []
    last_subject: str | None = None
    # a head inside a Markdown block quote (`> Shivon Zilis to Elon Musk - …`): its body is
    # the quote's lines, their `>` the page's, not a reply's quoting
    in_block_quote = False

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
        block = blocks.get(index)
        if block:
            prose.flush()
            # a forward inside the open message, also one with no words of its own (a
            # forward of a forward)
            forwards_open_message = block.forwarded and message is not None
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
            in_block_quote = markdown and bool(QUOTED.match(lines[block.start][1]))
            if not forwards_open_message:
                # a forward inside a message is part of it, as a quote cut out of its body
                # is: a head below runs on the thread of the message it is forwarded in
                last_subject = subject
            prose.since_last_message = False
            index = block.end
            continue
        heading = HEADING.match(text) if markdown else None
        separator = bool(SEPARATOR.match(text))
        if separator or (
            message and heading and len(heading.group(1)) <= _BODY_ENDING_HEADING_LEVEL
        ):
            close()
            prose.flush()
            if separator:
                index += 1
                continue
        if message:
            body.append((number, _BLOCK_QUOTE.sub("", text) if in_block_quote else text))
        else:
            prose.add(number, text)
        index += 1
    close()
    prose.flush()
    return found


_BLOCK_QUOTE = re.compile(r"^\s{0,3}> ?")


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
