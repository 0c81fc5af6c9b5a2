"""Real mail: single RFC 822 messages (`.eml`, maildir files) and mbox archives.

The standard library's `email` package decodes the headers (RFC 2047 encoded words), bodies
(base64, quoted-printable) and charsets; this module picks what a unit needs out of it. It
parses with the `compat32` policy and decodes the few headers it needs itself: the default
policy's header objects made parsing 17 times slower, most of a build's time.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from email import policy
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesParser

from ..dates import parse_date
from ..people import parse_people, parse_sender, with_display_name, with_display_names
from .attachments import attachment
from .documents import (
    MBOX,
    Attachment,
    MailMessage,
    Problem,
    Reading,
    attachment_names,
    declared_text,
)

_PARSER = BytesParser(policy=policy.compat32)
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")


def read(data: bytes, source: str, fmt: str, reading: Reading) -> None:
    if fmt == MBOX:
        reading.documents.extend(messages(data.splitlines(keepends=True), source, reading))
    else:
        reading.documents.extend(_parsed([(1, data)], source, reading))


def messages(lines: Iterable[bytes], source: str, reading: Reading) -> Iterator[MailMessage]:
    """The messages of an mbox, one at a time, from its lines (a list, or an open file
    read as it goes: a large archive is never held whole)."""
    return _parsed(_mbox_chunks(lines), source, reading)


def _parsed(
    chunks: Iterable[tuple[int, bytes]], source: str, reading: Reading
) -> Iterator[MailMessage]:
    for line_start, chunk in chunks:
        try:
            yield _message(chunk, source, line_start, reading)
        except Exception as error:  # noqa: BLE001 - one broken message must not lose the rest
            reading.problems.append(
                Problem(source, f"message at line {line_start} unreadable ({error}), skipped")
            )


def _mbox_chunks(lines: Iterable[bytes]) -> Iterator[tuple[int, bytes]]:
    """(first line of the message, message bytes without the `From ` line) of each message."""
    start: int | None = None  # line number of the current message's `From ` line
    kept: list[bytes] = []
    previous_blank = True
    for number, line in enumerate(lines, start=1):
        if line.startswith(b"From ") and previous_blank:
            if start is not None:
                yield start + 1, b"".join(kept)
            start, kept = number, []
        elif start is not None:
            kept.append(line)
        previous_blank = not line.strip()
    if start is not None:
        yield start + 1, b"".join(kept)


def _message(raw: bytes, source: str, line_start: int, reading: Reading) -> MailMessage:
    message = _PARSER.parsebytes(raw)
    files = [(name, part) for part in message.walk() if (name := _filename(part)) is not None]
    attachments = tuple(name for name, _ in files)
    # Enron's mail writes display names in X-From/X-To/X-cc, its From/To addresses only
    sender = with_display_name(parse_sender(_header(message, "from")), _header(message, "x-from"))
    references = tuple(_MESSAGE_ID.findall(_header(message, "references") or ""))
    # an Outlook printout or paste saved as a file looks like mail, but dates with `Sent:`
    # and lists people with `;`, one `Last, First` each
    printout = message.get("date") is None and message.get("sent") is not None
    when = _header(message, "sent" if printout else "date")
    return MailMessage(
        source=source,
        line_start=line_start,
        line_end=line_start + max(raw.count(b"\n") - 1, 0),
        body_line=_body_line(raw, message, line_start),
        sender=sender,
        to=tuple(_named(message, "to", printout)),
        cc=tuple(_named(message, "cc", printout)),
        subject=_header(message, "subject"),
        date=parse_date(when),
        date_written=when,
        message_id=_first_id(_header(message, "message-id")),
        in_reply_to=_first_id(_header(message, "in-reply-to")),
        references=references,
        body=_body(message),
        attachments=attachments or attachment_names(_header(message, "attachments")),
        attached=tuple(
            found for name, part in files if (found := _attached(name, part, source, reading))
        ),
    )


def _named(message: Message, name: str, printout: bool) -> list:
    people = parse_people(_header(message, name), outlook=printout)
    return with_display_names(people, _header(message, f"x-{name}"))


def _body_line(raw: bytes, message: Message, line_start: int) -> int | None:
    """The source line where the body starts, when the body is the source's own lines.

    A multipart, base64 or quoted-printable body is decoded text that maps to no source line.
    """
    encoding = str(message.get("content-transfer-encoding", "")).strip().lower()
    if message.is_multipart() or encoding in ("base64", "quoted-printable"):
        return None
    for number, line in enumerate(raw.splitlines()):
        if not line.strip():
            return line_start + number + 1
    return None


def _header(message: Message, name: str) -> str | None:
    """A header as text: encoded words decoded, folding undone; raw 8-bit bytes read as UTF-8."""
    value = message.get(name)
    if value is None:
        return None
    value = str(value)
    if any("\udc80" <= char <= "\udcff" for char in value):  # undecoded 8-bit bytes
        value = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    # an unknown charset or a broken encoded word: keep the raw text
    with contextlib.suppress(LookupError, UnicodeError, ValueError, AssertionError):
        value = str(make_header(decode_header(value)))
    text = " ".join(value.split())
    return text or None


def _first_id(value: str | None) -> str | None:
    if not value:
        return None
    found = _MESSAGE_ID.search(value)
    return found.group(0) if found else value.strip()


def _body(message: Message) -> str:
    """The text/plain body, or text from the HTML one."""
    part = _body_part(message)
    if part is None:
        return ""
    text = _part_text(part)
    if part.get_content_subtype() == "html":
        from .html import html_document

        text = "\n".join(line for _, line in html_document(text, "", page=False).lines)
    return text


def _attached(name: str, part: Message, source: str, reading: Reading) -> Attachment | None:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return None  # a message attached whole is read as a message
    return attachment(name, payload, source, reading, part.get_content_charset())


def _body_part(message: Message) -> Message | None:
    """The first text/plain part that is not an attachment, else the first text/html one."""
    parts = [
        part
        for part in message.walk()
        if part.get_content_maintype() == "text" and not _filename(part)
    ]
    for subtype in ("plain", "html"):
        for part in parts:
            if part.get_content_subtype() == subtype:
                return part
    return parts[0] if parts else None


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    return declared_text(payload, part.get_content_charset()) if isinstance(payload, bytes) else ""


def _filename(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except Exception:  # noqa: BLE001 - malformed parameters
        return None
    if not name or part.get_content_disposition() not in ("attachment", "inline", None):
        return None
    try:
        return str(make_header(decode_header(name)))
    except (LookupError, UnicodeError, ValueError):
        return name
