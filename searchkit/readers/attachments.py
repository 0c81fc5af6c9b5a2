"""Attached files with words in them (text, HTML, PDF): their text, for units of their own.

What an attachment is, is sniffed from its bytes as a corpus file's format is (a mail client's
`application/octet-stream` says nothing), and read as its row of the table of formats says
(`registry.py`); binary attachments (images, Office files, archives) keep only their name,
which the message's `attachments` holds.
"""

from __future__ import annotations

from pathlib import PurePath

from .documents import Attachment, Problem, Reading
from .registry import recognised
from .sniff import SNIFF_BYTES

#: An attachment's text past this is not read (a unit holds MAX_UNIT_CHARS at most anyway).
_MOST_BYTES = 32 * 2**20
_KEY_BLOCK = "-----BEGIN PGP "


def attachment(
    name: str, data: bytes, source: str, reading: Reading, charset: str | None = None
) -> Attachment | None:
    """The attachment's text, or None when it has none (or could not be read: then said,
    naming the message's file and the attachment)."""
    where = f"{source} (attachment {name})"
    row = recognised(PurePath(name), data[:SNIFF_BYTES])
    if row is None or row.attachment is None:
        return None
    if len(data) > _MOST_BYTES:
        reading.problems.append(
            Problem(where, f"{len(data):,} bytes: over {_MOST_BYTES:,}, its text not read")
        )
        return None
    text = row.attachment(data, where, reading, charset)
    if not text or not text.strip() or text.lstrip().startswith(_KEY_BLOCK):
        return None  # a PGP signature or key: no words to find
    return Attachment(name, text)
