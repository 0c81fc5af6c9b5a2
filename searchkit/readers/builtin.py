"""The formats searchkit reads out of the box, registered as any other format is: one row
each in the table of `registry.py`, in the order they are recognised."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from .babyl import BABYL, is_babyl
from .discord import is_discord_csv, is_discord_json
from .documents import (
    EMAIL,
    HTML,
    MARKDOWN,
    MBOX,
    OUTLOOK,
    PDF,
    SLACK,
    SLACK_METADATA,
    SLACK_ZIP,
    TEXT,
    WHATSAPP,
    Document,
    Problem,
    Reading,
    declared_text,
    decode,
)
from .google_chat import is_google_chat_json, is_google_chat_metadata
from .imessage import is_imessage_txt
from .mail_source import MAIL_SOURCE, is_mail_source
from .messenger import is_messenger_json
from .mhtml import MHTML, is_mhtml
from .notmuch import NOTMUCH_TEXT, is_notmuch_text
from .registry import Format, Read, Stream, formats, register
from .sniff import (
    SCRIPT_START,
    SNIFF_BYTES,
    UTF8_BOM,
    is_html,
    is_mail,
    is_markdown,
    is_mbox,
    is_mmdf_delimiter,
    is_mork,
    is_outlook_msg,
    is_pdf,
    is_separator,
    is_slack_day,
    is_slack_metadata,
    is_text,
    is_whatsapp,
    is_zip,
)
from .telegram import is_telegram_html, is_telegram_json

TELEGRAM_JSON, TELEGRAM_HTML = "telegram json", "telegram html"
MESSENGER = "messenger json"
DISCORD_JSON, DISCORD_CSV = "discord json", "discord csv"
IMESSAGE = "imessage txt"
MORK = "mork summary"
GOOGLE_CHAT, GOOGLE_CHAT_METADATA = "google chat json", "google chat metadata"
#: The ending of a PDF's name (see `Format.endings`; not Outlook's `.msg`: mail saved as
#: text is named so as often)
_PDF = (".pdf",)


def _read_mail(fmt: str) -> Read:
    def read(data: bytes, path: Path, source: str, reading: Reading) -> None:
        # (a byte-order mark some Windows tools write before the headers is no header's)
        _mail(data.removeprefix(UTF8_BOM).splitlines(keepends=True), source, fmt, reading)

    return read


def _mail(lines: list[bytes], source: str, fmt: str, reading: Reading, first_line: int = 1) -> None:
    from .mail import read as read_mail

    cleaned = b"".join(headers_cleaned(lines, mbox=fmt == MBOX))
    read_mail(cleaned, source, fmt, reading, first_line)


def _read_mail_source(data: bytes, path: Path, source: str, reading: Reading) -> None:
    """The raw messages of a source view saved as text, each line where the file has it."""
    from .mail_source import messages_in

    lines = data.removeprefix(UTF8_BOM).splitlines(keepends=True)
    above, found = messages_in(lines)
    if not found:
        _read_as_next_row(MAIL_SOURCE, data, path, source, reading)
        return
    if b"".join(lines[:above]).strip():  # (a note or a title above: its words are kept)
        _read_text(TEXT)(b"".join(lines[:above]), path, source, reading)
    for start, end in found:
        _mail(lines[start:end], source, EMAIL, reading, first_line=start + 1)


def _read_as_next_row(name: str, data: bytes, path: Path, source: str, reading: Reading) -> None:
    """A file a row took on its first bytes' word and its whole bytes belied, read by the
    row below it that recognises it (the last, prose, takes any text)."""
    rows = formats()
    below = rows[[row.name for row in rows].index(name) + 1 :]
    head = data[:SNIFF_BYTES]
    next(row for row in below if not row.binary and row.recognise(path, head)).read(
        data, path, source, reading
    )


def _stream_mbox(file: BinaryIO, source: str, reading: Reading) -> Iterator[Document]:
    from .mail import messages

    yield from messages(headers_cleaned(file, mbox=True), source, reading)


#: Control characters no header holds (tab is folding's; CR and LF end the line).
_HEADER_CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def headers_cleaned(lines: Iterable[bytes], *, mbox: bool) -> Iterator[bytes]:
    """The lines of a message (or of an mbox's messages), control characters stripped from
    their headers: one NUL in a `Date:` is a damaged header, not a reason to lose the
    message (the body, which may be any bytes a part declares, is left as it is)."""
    in_head = not mbox
    for line in lines:
        if mbox and (is_separator(line) or is_mmdf_delimiter(line)):
            in_head = True
        elif in_head and not line.strip(b"\r\n"):
            in_head = False
        elif in_head:
            line = _HEADER_CONTROLS.sub(b"", line)
        yield line


def _read_page(data: bytes, path: Path, source: str, reading: Reading) -> None:
    """A web page; Gmail's "Show original" saved as one, the message it shows."""
    from .mail_source import holds_raw_message, raw_message_in_page

    found = raw_message_in_page(data) if holds_raw_message(data) else None
    if found is None:
        _read_text(HTML)(data, path, source, reading)
    else:
        _mail(found[1], source, EMAIL, reading, first_line=found[0])


def _read_text(fmt: str) -> Read:
    def read(data: bytes, path: Path, source: str, reading: Reading) -> None:
        from .text import read as read_text

        read_text(data, path, source, fmt, reading)
        if fmt == TEXT and path.suffix.lower() == ".json":  # a chat export of another app,
            # say: its senders and dates are not read, and nobody would know
            reading.problems.append(Problem(source, _OTHER_JSON))

    return read


_OTHER_JSON = "JSON that is no export searchkit reads (Slack's is): indexed as plain text"


def _stream_text(fmt: str) -> Stream:
    def stream(file: BinaryIO, source: str, reading: Reading) -> Iterator[Document]:
        from .text import read_pieces

        yield from read_pieces(file, source, fmt, reading)

    return stream


def _read_notmuch(data: bytes, path: Path, source: str, reading: Reading) -> None:
    from .notmuch import read as read_notmuch

    read_notmuch(data, path, source, reading)


def _read_mhtml(data: bytes, path: Path, source: str, reading: Reading) -> None:
    from .mhtml import read as read_mhtml

    read_mhtml(data, path, source, reading)


def _read_outlook(data: bytes, path: Path, source: str, reading: Reading) -> None:
    from .outlook import read as read_outlook

    read_outlook(data, source, reading)


def _read_pdf(data: bytes, path: Path, source: str, reading: Reading) -> None:
    from .pdf import read as read_pdf

    read_pdf(data, source, reading)


def _read_slack(data: bytes, path: Path, source: str, reading: Reading) -> None:
    from .chat import read_slack

    read_slack(data, path, source, reading)


def _read_slack_zip(data: bytes, path: Path, source: str, reading: Reading) -> None:
    from .chat import read_slack_zip

    read_slack_zip(data, source, reading)


def _read_whatsapp(data: bytes, path: Path, source: str, reading: Reading) -> None:
    from .chat import read_whatsapp

    read_whatsapp(decode(data, source, reading), source, reading)


def _read_nothing(data: bytes, path: Path, source: str, reading: Reading) -> None:
    """An export's own files beside its messages (Slack's users.json and channels.json,
    Google Chat's group_info.json): names and channels, which the messages read from it; a
    mail client's summary of a folder (Thunderbird's `.msf`, in Mork): what the mbox holds."""


def _pdf_attachment(data: bytes, where: str, reading: Reading, charset: str | None) -> str | None:
    from .pdf import pdf_text

    return pdf_text(data, where, reading)


def _html_attachment(data: bytes, where: str, reading: Reading, charset: str | None) -> str | None:
    from .html import html_document

    markup = data.decode("utf-8", "replace")
    return "\n".join(line for _, line in html_document(markup, "").lines)


def _text_attachment(data: bytes, where: str, reading: Reading, charset: str | None) -> str | None:
    return declared_text(data, charset)


def _trim_scripts(data: bytes) -> bytes:
    """The page without its scripts and styles, each read to its own end tag by search (a
    pattern from start to end tag was quadratic on unclosed ones); an unclosed one runs to
    the end of the page."""
    parts = []
    at = 0
    while found := SCRIPT_START.search(data, at):
        parts.append(data[at : found.start()])
        end = _end(data, found)
        if end < 0:
            return b"".join(parts)
        at = end
    parts.append(data[at:])
    return b"".join(parts)


def _end(data: bytes, start: re.Match[bytes]) -> int:
    """Where the script or style begun at `start` ends: after its end tag's `>`, or -1."""
    closing = _closing(start[1].lower()).search(data, start.end())
    return closing.end() if closing else -1


@functools.lru_cache(maxsize=4)
def _closing(name: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"</" + name + rb"\s*>", re.IGNORECASE)


def _reader_in(module: str, function: str) -> Read:
    """A reader in a module of its own (a chat export's), imported when a file of it is
    read."""

    def read(data: bytes, path: Path, source: str, reading: Reading) -> None:
        from importlib import import_module

        getattr(import_module(f".{module}", __package__), function)(data, path, source, reading)

    return read


def _stream_in(module: str, function: str) -> Stream:
    """A large file's messages (a chat export's), one at a time, read by a module of its
    own imported when a file of it is read."""

    def stream(file: BinaryIO, source: str, reading: Reading) -> Iterator[Document]:
        from importlib import import_module

        yield from getattr(import_module(f".{module}", __package__), function)(
            file, source, reading
        )

    return stream


_text = _text_attachment


def _builtin() -> None:
    rows = (
        Format(
            PDF, is_pdf, _read_pdf, None, _pdf_attachment, binary=True, whole=True, endings=_PDF
        ),
        # (which the reader confirms, or says it is another zip)
        Format(SLACK_ZIP, is_zip, _read_slack_zip, None, None, binary=True, whole=True),
        # (an OLE2 file of another name is a Word or Excel file: binary)
        Format(OUTLOOK, is_outlook_msg, _read_outlook, None, None, binary=True, whole=True),
        # a NUL in one message (a damaged archive) must not lose the others
        Format(MBOX, is_mbox, _read_mail(MBOX), _stream_mbox, _text_attachment, binary=True),
        # (its sections' Control-Underscores are no text's)
        Format(
            BABYL,
            is_babyl,
            _reader_in("babyl", "read"),
            _stream_in("babyl", "stream"),
            None,
            binary=True,
        ),
        Format(MORK, is_mork, _read_nothing, None, None),
        Format(NOTMUCH_TEXT, is_notmuch_text, _read_notmuch, None, _text_attachment),
        # before HTML: Telegram's export is a page, each message a block of it
        Format(
            TELEGRAM_HTML,
            is_telegram_html,
            _reader_in("telegram", "read_html"),
            None,
            _html_attachment,
        ),
        # before HTML and mail: a saved page's wrapper has a mail's headers
        Format(MHTML, is_mhtml, _read_mhtml, None, None),
        Format(HTML, is_html, _read_page, None, _html_attachment, trim=_trim_scripts),
        # before mail: a summary or a title above a raw message
        Format(MAIL_SOURCE, is_mail_source, _read_mail_source, None, _text_attachment),
        Format(EMAIL, is_mail, _read_mail(EMAIL), None, _text_attachment),
        Format(SLACK_METADATA, is_slack_metadata, _read_nothing, None, _text_attachment),
        Format(SLACK, is_slack_day, _read_slack, None, _text_attachment),
        Format(WHATSAPP, is_whatsapp, _read_whatsapp, None, _text_attachment),
        # a JSON export is read whole: cut short, it is no JSON
        Format(
            TELEGRAM_JSON,
            is_telegram_json,
            _reader_in("telegram", "read_json"),
            _stream_in("telegram", "stream_json"),
            _text_attachment,
            whole=True,
        ),
        Format(
            GOOGLE_CHAT_METADATA, is_google_chat_metadata, _read_nothing, None, _text_attachment
        ),
        Format(
            GOOGLE_CHAT,
            is_google_chat_json,
            _reader_in("google_chat", "read"),
            None,
            _text_attachment,
            whole=True,
        ),
        Format(
            MESSENGER,
            is_messenger_json,
            _reader_in("messenger", "read"),
            None,
            _text_attachment,
            whole=True,
        ),
        Format(
            DISCORD_JSON,
            is_discord_json,
            _reader_in("discord", "read_json"),
            _stream_in("discord", "stream_json"),
            _text_attachment,
            whole=True,
        ),
        Format(
            DISCORD_CSV, is_discord_csv, _reader_in("discord", "read_csv"), None, _text_attachment
        ),
        Format(IMESSAGE, is_imessage_txt, _reader_in("imessage", "read"), None, _text_attachment),
        Format(
            MARKDOWN,
            is_markdown,
            _read_text(MARKDOWN),
            _stream_text(MARKDOWN),
            _text_attachment,
        ),
        Format(TEXT, is_text, _read_text(TEXT), _stream_text(TEXT), _text_attachment),
    )
    # the prose rows first, at the end of the table; each other row before them, in order
    register(rows[-1])
    register(rows[-2], before=TEXT)
    for row in rows[:-2]:
        register(row)


_builtin()
