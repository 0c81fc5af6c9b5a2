"""The formats searchkit reads, as one ordered table: how each is recognised, how it is read,
whether a large file of it streams, whether it can be an attachment.

The built-in formats register through the same `register` as any new one (as Datasette's
built-in plugins use the same hooks as add-ons), so a new format is one module and one row:

    register(Format("vcard", recognise=is_vcard, read=read_vcard), before="markdown")

Recognition goes down the table and the first row that recognises the file's first bytes
wins: rows marked `binary` are tried first (a PDF, a zip, an OLE2 file, an mbox with a damaged
message hold bytes no text holds), then a file whose first bytes are no text is binary (and
skipped), then the text formats, the specific ones before the prose that takes anything.
The built-in rows are in `builtin.py` (registered when the package is imported); readers
are imported when a file of theirs is read, so that start-up loads none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import BinaryIO

from .documents import MARKDOWN, Document, Problem, Reading
from .sniff import SNIFF_BYTES, looks_binary, unwrapped

#: How a format is recognised: from the file's path (its name only breaks ties) and its
#: first bytes (SNIFF_BYTES of them, UTF-16/32 already made UTF-8).
Recognise = Callable[[PurePath, bytes], bool]
#: How a file of the format is read: its bytes (whole, or cut at the size limit), its path
#: (for the files beside it), its name in the corpus; documents and problems go to `reading`.
Read = Callable[[bytes, Path, str, Reading], None]
#: How a file too large to hold is read as it is split: an open file, its name in the corpus.
Stream = Callable[[BinaryIO, str, Reading], Iterator[Document]]
#: An attachment's text: its bytes, where it is (for problems), the charset its part declares.
AttachmentText = Callable[[bytes, str, Reading, "str | None"], "str | None"]


@dataclass(frozen=True)
class Format:
    """One row of the table."""

    name: str
    recognise: Recognise
    read: Read
    #: a large file (over LARGE_FILE_BYTES) read as it is split; None: read at most
    #: MAX_WHOLE_BYTES of it (or all of it, when `whole`)
    stream: Stream | None = None
    #: the text of an attached file of this format; None: it cannot be one (its name is kept)
    attachment: AttachmentText | None = None
    #: recognised before the test for binary bytes (the format holds bytes no text holds)
    binary: bool = False
    #: a large file is read whole: cut short it cannot be opened at all
    whole: bool = False
    #: what a large file's bytes lose before they are cut (a page's scripts), letting more
    #: of it be read
    trim: Callable[[bytes], bytes] | None = None
    #: the endings of its files' names (`.pdf`): a file so named that holds another format
    #: is read as that one, and said (a web page saved as `release.pdf`)
    endings: tuple[str, ...] = ()


#: A file is read whole up to this size (past it, a format with no streaming reader has
#: this much of it read, and says so; a container, this much of what it holds).
MAX_WHOLE_BYTES = 32 * 2**20

_TABLE: list[Format] = []


def register(row: Format, *, before: str | None = None) -> Format:
    """Add a format to the table, before the row named `before` (by default before the
    prose formats, Markdown and plain text, that recognise any text). A row of the same
    name is replaced where it stands."""
    names = [existing.name for existing in _TABLE]
    if row.name in names:
        _TABLE[names.index(row.name)] = row
        return row
    where = before if before is not None else (MARKDOWN if MARKDOWN in names else None)
    _TABLE.insert(names.index(where) if where in names else len(_TABLE), row)
    return row


def formats() -> tuple[Format, ...]:
    """The table, in the order files are recognised."""
    return tuple(_TABLE)


def named(name: str) -> Format | None:
    return next((row for row in _TABLE if row.name == name), None)


def recognised(path: PurePath, head: bytes) -> Format | None:
    """The first row that recognises the file; None for a binary file of no format."""
    for row in _TABLE:
        if row.binary and row.recognise(path, head):
            return row
    if looks_binary(head):
        return None
    return next((row for row in _TABLE if not row.binary and row.recognise(path, head)), None)


def sniff_format(path: PurePath, head: bytes) -> str | None:
    """The name of a file's format from its first bytes (its name only breaks ties); None
    for binary."""
    row = recognised(path, head)
    return row.name if row else None


def read_bytes(data: bytes, path: Path, source: str) -> Reading:
    """Documents from a file's bytes (`path` only hints at the format), by the row of the
    table that recognises them (here, so that a container's row reads what it holds)."""
    reading = Reading()
    data = unwrapped(data, path)
    if not data.strip():
        # said, not passed over: a reader may wonder whether it was read (but for a mail
        # store's folder, a file of no ending, which is empty as often as not: `Trash`)
        if path.suffix:
            reading.problems.append(Problem(source, "empty file: nothing to read"))
        return reading
    row = recognised(path, data[:SNIFF_BYTES])
    if row is None:
        reading.problems.append(Problem(source, "binary file, skipped"))
        return reading
    ending = path.suffix.lower()
    claimed = next((other for other in _TABLE if ending in other.endings), row)
    if claimed is not row:
        said = f"named {ending}, but holds no {claimed.name} file: read as {row.name}"
        reading.problems.append(Problem(source, said))
    try:
        row.read(data, path, source, reading)
    except Exception as error:  # noqa: BLE001 - one bad file must never stop the others
        reading.documents.clear()
        reading.problems.append(Problem(source, f"unreadable ({type(error).__name__}: {error})"))
    return reading
