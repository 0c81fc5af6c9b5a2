"""Read: a file in the corpus becomes documents (prose with line numbers, or mail messages).

One reader per format; the format is sniffed from the content, because extensions lie (the
bundled Markdown page is a `.txt` file, CPython's RFC 822 test messages are `.txt` files too).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import chat
from .documents import (
    EMAIL,
    HTML,
    MARKDOWN,
    MBOX,
    OUTLOOK,
    PDF,
    SLACK,
    SLACK_METADATA,
    TEXT,
    WHATSAPP,
    Document,
    MailMessage,
    Problem,
    Reading,
    TextDocument,
    decode,
)

__all__ = ["Document", "MailMessage", "Problem", "Reading", "TextDocument", "read_bytes"]

_SNIFF_BYTES = 8192
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
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
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(_OLE2) and suffix == ".msg":
        return OUTLOOK  # (an OLE2 file of another name is a Word or Excel file: binary)
    if _MBOX_FROM_LINE.match(head) or (suffix == ".mbox" and not head.strip()):
        return MBOX  # a NUL in one message (a damaged archive) must not lose the others
    if b"\0" in head or _mostly_not_text(head):
        return None
    if _HTML_START.match(head) or (suffix in (".html", ".htm") and b"<" in head):
        return HTML
    if _looks_like_mail(head, suffix):
        return EMAIL
    if head.lstrip()[:1] == b"[" and path.name in chat.SLACK_METADATA:
        return SLACK_METADATA
    if chat.looks_like_slack_day(head):
        return SLACK
    text = head.decode("utf-8", "replace")
    if chat.looks_like_whatsapp(text):
        return WHATSAPP
    if suffix in (".md", ".markdown") or _MARKDOWN_HINT.search(text):
        return MARKDOWN
    return TEXT


#: Bytes of no text: control characters other than tab, line breaks, form feed and escape.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def _mostly_not_text(head: bytes) -> bool:
    """A binary file without NUL bytes (compressed or encrypted data, images cut short):
    over a third of its first bytes are control characters or not UTF-8. Undeclared 8-bit
    text (Windows-1252, Latin-1) stays text: its accented letters are a few percent."""
    if not head:
        return False
    invalid = head.decode("utf-8", "replace").count("\ufffd")
    return (invalid + len(_CONTROL_BYTES.findall(head))) * 3 > len(head)


#: Byte-order marks of the encodings that need one to be told apart, longest first.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def from_bom(data: bytes) -> bytes:
    """UTF-16 and UTF-32 files (which a byte-order mark announces) as UTF-8, mark dropped;
    any other file as it is."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, "replace").encode("utf-8")
    return data


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


#: Files larger than this are read as they are split, never held whole: prose a few MB at a
#: time, an mbox message by message.
LARGE_FILE_BYTES = 8 * 2**20
#: Past this much, a file that must be read whole (one mail message, an HTML page once its
#: scripts and styles are dropped) is cut, and a line says so.
MAX_WHOLE_BYTES = 32 * 2**20
_SCRIPTS = re.compile(rb"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def read_large(path: Path, source: str, size: int) -> tuple[Iterable[Document], list[Problem]]:
    """The documents of a file over LARGE_FILE_BYTES, read as they are asked for, and the
    problems met, a list that grows as they are read."""
    with path.open("rb") as file:
        head = file.read(_SNIFF_BYTES)
    fmt = sniff_format(path, from_bom(head))
    if fmt in (TEXT, MARKDOWN, MBOX) and from_bom(head) == head:
        problems: list[Problem] = []
        return _streamed(path, source, fmt, problems), problems
    # a page of 50 MB of script is a small page once its scripts are gone: read more of it;
    # an Outlook file or a PDF cut short cannot be opened: read it whole
    whole = fmt in (OUTLOOK, PDF)  # neither can be read cut short
    limit = size if whole else MAX_WHOLE_BYTES * (4 if fmt == HTML else 1)
    with path.open("rb") as file:
        data = file.read(limit)
    if fmt == HTML:
        data = _SCRIPTS.sub(b"", data)
    reading = read_bytes(data if whole else data[:MAX_WHOLE_BYTES], path, source)
    if len(data) > MAX_WHOLE_BYTES or size > limit:
        read_mb = min(len(data), MAX_WHOLE_BYTES) / 2**20
        reading.problems.append(
            Problem(source, f"only the first {read_mb:.0f} MB of {size / 2**20:.0f} MB read")
        )
    return reading.documents, reading.problems


def _streamed(path: Path, source: str, fmt: str, problems: list[Problem]) -> Iterator[Document]:
    reading = Reading(problems=problems)
    with path.open("rb") as file:
        if fmt == MBOX:
            from . import mail

            yield from mail.messages(file, source, reading)
        else:
            from . import text

            yield from text.read_pieces(file, source, fmt, reading)


def format_of(path: Path) -> str | None:
    """The format a file is read as (None: binary), from its first bytes."""
    with path.open("rb") as file:
        return sniff_format(path, from_bom(file.read(_SNIFF_BYTES)))


def read_bytes(data: bytes, path: Path, source: str) -> Reading:
    """Documents from a file's bytes (`path` only hints at the format)."""
    reading = Reading()
    data = from_bom(data)
    fmt = sniff_format(path, data[:_SNIFF_BYTES])
    if fmt is None:
        reading.problems.append(Problem(source, "binary file, skipped"))
        return reading
    try:
        if fmt in (EMAIL, MBOX):
            from . import mail

            mail.read(data, source, fmt, reading)
        elif fmt == OUTLOOK:
            from . import outlook

            outlook.read(data, source, reading)
        elif fmt == PDF:
            from . import pdf

            pdf.read(data, source, reading)
        elif fmt == SLACK:
            chat.read_slack(data, path, source, reading)
        elif fmt == WHATSAPP:
            chat.read_whatsapp(decode(data, source, reading), source, reading)
        elif fmt == SLACK_METADATA:
            pass  # names and channels, which the channels' messages read from it
        else:
            from . import text

            text.read(data, source, fmt, reading)
    except Exception as error:  # noqa: BLE001 - one bad file must never stop the others
        reading.documents.clear()
        reading.problems.append(Problem(source, f"unreadable ({type(error).__name__}: {error})"))
    return reading
