"""Read: a file in the corpus becomes documents (prose with line numbers, or mail messages).

One reader per format, each a row of the table in `registry.py` (the built-in ones in
`builtin.py`); the format is sniffed from the content, because extensions lie (the bundled
Markdown page is a `.txt` file, CPython's RFC 822 test messages are `.txt` files too).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from . import (
    builtin,  # noqa: F401 - registers the built-in formats
    containers,  # noqa: F401 - .pst, calendars and address books
)
from .documents import (  # the format names, for the callers that ask for one
    EMAIL,
    HTML,
    MARKDOWN,
    MBOX,
    OUTLOOK,
    PDF,
    SLACK,
    TEXT,
    WHATSAPP,
    Document,
    MailMessage,
    Problem,
    Reading,
    TextDocument,
)
from .registry import (
    MAX_WHOLE_BYTES,
    Format,
    formats,
    read_bytes,
    recognised,
    register,
    sniff_format,
)
from .sniff import SNIFF_BYTES, from_bom, unwrapped

__all__ = [
    "EMAIL",
    "HTML",
    "MARKDOWN",
    "MBOX",
    "OUTLOOK",
    "PDF",
    "SLACK",
    "TEXT",
    "WHATSAPP",
    "Document",
    "Format",
    "MailMessage",
    "Problem",
    "Reading",
    "TextDocument",
    "formats",
    "from_bom",
    "read_bytes",
    "register",
    "sniff_format",
]

#: Files larger than this are read as they are split, never held whole: prose a few MB at a
#: time, an mbox message by message.
LARGE_FILE_BYTES = 8 * 2**20
#: Past this much, a file that must be read whole (one mail message, an HTML page once its
#: scripts and styles are dropped) is cut, and a line says so.


def read_large(path: Path, source: str, size: int) -> tuple[Iterable[Document], list[Problem]]:
    """The documents of a file over LARGE_FILE_BYTES, read as they are asked for, and the
    problems met, a list that grows as they are read."""
    with path.open("rb") as file:
        head = file.read(SNIFF_BYTES)
    row = recognised(path, from_bom(head))
    if row is not None and row.stream is not None and from_bom(head) == head:
        problems: list[Problem] = []
        return _streamed(path, source, row, problems), problems
    # a page of 50 MB of script is a small page once its scripts are gone: read more of it;
    # an Outlook file or a PDF cut short cannot be opened: read it whole
    whole = row is not None and row.whole
    limit = size if whole else MAX_WHOLE_BYTES * (4 if row and row.trim else 1)
    with path.open("rb") as file:
        data = file.read(limit)
    if row is not None and row.trim is not None:
        data = row.trim(data)
    reading = read_bytes(data if whole else data[:MAX_WHOLE_BYTES], path, source)
    if not whole and (len(data) > MAX_WHOLE_BYTES or size > limit):  # (a whole one is whole)
        read_mb = min(len(data), MAX_WHOLE_BYTES) / 2**20
        reading.problems.append(
            Problem(source, f"only the first {read_mb:.0f} MB of {size / 2**20:.0f} MB read")
        )
    return reading.documents, reading.problems


def _streamed(path: Path, source: str, row: Format, problems: list[Problem]) -> Iterable[Document]:
    reading = Reading(problems=problems)
    assert row.stream is not None
    with path.open("rb") as file:
        yield from row.stream(file, source, reading)


def format_of(path: Path) -> str | None:
    """The format a file is read as (None: binary), from its first bytes."""
    with path.open("rb") as file:
        return sniff_format(path, unwrapped(file.read(SNIFF_BYTES), path))


