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
    SLACK_ZIP,
    TEXT,
    WHATSAPP,
    Document,
    MailMessage,
    Problem,
    Reading,
    TextDocument,
    decode,
)
from .sniff import SNIFF_BYTES, from_bom, sniff_format, unwrapped

__all__ = [
    "Document",
    "MailMessage",
    "Problem",
    "Reading",
    "TextDocument",
    "from_bom",
    "read_bytes",
    "sniff_format",
]

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
        head = file.read(SNIFF_BYTES)
    fmt = sniff_format(path, from_bom(head))
    if fmt in (TEXT, MARKDOWN, MBOX) and from_bom(head) == head:
        problems: list[Problem] = []
        return _streamed(path, source, fmt, problems), problems
    # a page of 50 MB of script is a small page once its scripts are gone: read more of it;
    # an Outlook file or a PDF cut short cannot be opened: read it whole
    whole = fmt in (OUTLOOK, PDF, SLACK_ZIP)  # none can be read cut short
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
        return sniff_format(path, unwrapped(file.read(SNIFF_BYTES), path))


_OTHER_JSON = "JSON that is no export searchkit reads (Slack's is): indexed as plain text"


def read_bytes(data: bytes, path: Path, source: str) -> Reading:
    """Documents from a file's bytes (`path` only hints at the format)."""
    reading = Reading()
    data = unwrapped(data, path)
    fmt = sniff_format(path, data[:SNIFF_BYTES])
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
        elif fmt == SLACK_ZIP:
            chat.read_slack_zip(data, source, reading)
        elif fmt == WHATSAPP:
            chat.read_whatsapp(decode(data, source, reading), source, reading)
        elif fmt == SLACK_METADATA:
            pass  # names and channels, which the channels' messages read from it
        else:
            from . import text

            text.read(data, path, source, fmt, reading)
            if path.suffix.lower() == ".json":  # a chat export of another app, say: its
                # senders and dates are not read, and nobody would know
                reading.problems.append(Problem(source, _OTHER_JSON))
    except Exception as error:  # noqa: BLE001 - one bad file must never stop the others
        reading.documents.clear()
        reading.problems.append(Problem(source, f"unreadable ({type(error).__name__}: {error})"))
    return reading
