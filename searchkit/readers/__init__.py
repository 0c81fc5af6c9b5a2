"""Read: a file in the corpus becomes documents (prose with line numbers, or mail messages).

One reader per format; the format is sniffed from the content, because extensions lie (the
bundled Markdown page is a `.txt` file, CPython's RFC 822 test messages are `.txt` files too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..people import Person

TEXT, MARKDOWN, HTML, EMAIL, MBOX = "text", "markdown", "html", "email", "mbox"

_SNIFF_BYTES = 8192
_MBOX_FROM_LINE = re.compile(rb"^From \S+ .*\d\d:\d\d", re.ASCII)
_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]*\S", re.ASCII)
_MAIL_HEADERS = {
    b"from",
    b"to",
    b"date",
    b"subject",
    b"message-id",
    b"received",
    b"return-path",
    b"mime-version",
    b"content-type",
    b"cc",
    b"sender",
    b"reply-to",
    b"in-reply-to",
    b"references",
    b"x-mailer",
    b"delivered-to",
}
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_MARKDOWN_HINT = re.compile(r"^(#{1,6}\s+\S|!\[[^\]]*\]\(|---\s*$)", re.M)


@dataclass(frozen=True)
class TextDocument:
    """Prose (plain text, Markdown, or HTML made Markdown-like) with its source line numbers."""

    source: str
    format: str
    lines: tuple[tuple[int, str], ...]  # (1-based line in the source file, text)
    title: str | None = None
    date: datetime | date | None = None


@dataclass(frozen=True)
class MailMessage:
    """One RFC 822 message: decoded headers and the plain-text body."""

    source: str
    line_start: int
    line_end: int
    body_line: int | None  # source line where the body starts, if the body is its own lines
    sender: Person | None
    to: tuple[Person, ...]
    cc: tuple[Person, ...]
    subject: str | None
    date: datetime | date | None
    message_id: str | None
    in_reply_to: str | None
    references: tuple[str, ...]
    body: str
    attachments: tuple[str, ...] = ()


Document = TextDocument | MailMessage


@dataclass(frozen=True)
class Problem:
    """Something in the corpus searchkit could not read as it should; never fatal."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass
class Reading:
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def sniff_format(path: Path, head: bytes) -> str | None:
    """The format of a file from its first bytes (its name only breaks ties); None for binary."""
    if b"\0" in head:
        return None
    suffix = path.suffix.lower()
    if _MBOX_FROM_LINE.match(head) or (suffix == ".mbox" and not head.strip()):
        return MBOX
    if _HTML_START.match(head) or (suffix in (".html", ".htm") and b"<" in head):
        return HTML
    if _looks_like_mail(head, suffix):
        return EMAIL
    text = head.decode("utf-8", "replace")
    if suffix in (".md", ".markdown") or _MARKDOWN_HINT.search(text):
        return MARKDOWN
    return TEXT


def _looks_like_mail(head: bytes, suffix: str) -> bool:
    """Leading `Name: value` header lines (folded ones too) naming real mail headers.

    The headers may run past the sniffed bytes (long Received: chains) or, against RFC 5322,
    straight into the body with no blank line: neither stops them counting.
    """
    known = 0
    for line in head.lstrip(b"\r\n").splitlines()[:200]:
        if line[:1] in (b" ", b"\t") and line.strip():
            continue  # folded continuation of the previous header
        if not _HEADER_LINE.match(line):
            break
        known += line.split(b":", 1)[0].lower() in _MAIL_HEADERS
    return known >= 2 or (known >= 1 and suffix == ".eml")


def read_bytes(data: bytes, path: Path, source: str) -> Reading:
    """Documents from a file's bytes (`path` only hints at the format)."""
    reading = Reading()
    fmt = sniff_format(path, data[:_SNIFF_BYTES])
    if fmt is None:
        reading.problems.append(Problem(source, "binary file, skipped"))
        return reading
    try:
        if fmt in (EMAIL, MBOX):
            from . import mail

            mail.read(data, source, fmt, reading)
        else:
            from . import text

            text.read(data, source, fmt, reading)
    except Exception as error:  # noqa: BLE001 - one bad file must never stop the others
        reading.documents.clear()
        reading.problems.append(Problem(source, f"unreadable ({type(error).__name__}: {error})"))
    return reading


def decode(data: bytes, source: str, reading: Reading) -> str:
    """UTF-8 text; anything else is decoded with replacement and reported."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        reading.problems.append(
            Problem(source, f"not valid UTF-8 (byte {error.start}), decoded with replacement")
        )
        return data.decode("utf-8", "replace")
