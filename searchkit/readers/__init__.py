"""Read: a file in the corpus becomes documents (prose with line numbers, or mail messages).

One reader per format; the format is sniffed from the content, because extensions lie (the
bundled Markdown page is a `.txt` file, CPython's RFC 822 test messages are `.txt` files too).
"""

from __future__ import annotations

import re
from pathlib import Path

from .documents import (
    EMAIL,
    HTML,
    MARKDOWN,
    MBOX,
    TEXT,
    Document,
    MailMessage,
    Problem,
    Reading,
    TextDocument,
)

__all__ = ["Document", "MailMessage", "Problem", "Reading", "TextDocument", "read_bytes"]

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
