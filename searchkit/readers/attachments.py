"""Attached files with words in them (text, HTML, PDF): their text, for units of their own.

What an attachment is, is sniffed from its bytes as a corpus file's format is (a mail client's
`application/octet-stream` says nothing); binary attachments (images, Office files, archives)
keep only their name, which the message's `attachments` holds.
"""

from __future__ import annotations

from pathlib import PurePath

from .documents import HTML, PDF, Attachment, Problem, Reading, declared_text
from .sniff import SNIFF_BYTES, sniff_format

#: An attachment's text past this is not read (a unit holds MAX_UNIT_CHARS at most anyway).
_MOST_BYTES = 32 * 2**20
_KEY_BLOCK = "-----BEGIN PGP "


def attachment(
    name: str, data: bytes, source: str, reading: Reading, charset: str | None = None
) -> Attachment | None:
    """The attachment's text, or None when it has none (or could not be read: then said,
    naming the message's file and the attachment)."""
    where = f"{source} (attachment {name})"
    fmt = sniff_format(PurePath(name), data[:SNIFF_BYTES])
    if fmt is None:
        return None
    if len(data) > _MOST_BYTES:
        reading.problems.append(
            Problem(where, f"{len(data):,} bytes: over {_MOST_BYTES:,}, its text not read")
        )
        return None
    if fmt == PDF:
        from .pdf import pdf_text

        text = pdf_text(data, where, reading)
    elif fmt == HTML:
        from .html import html_document

        markup = data.decode("utf-8", "replace")
        text = "\n".join(line for _, line in html_document(markup, "").lines)
    else:
        text = declared_text(data, charset)
    if not text or not text.strip() or text.lstrip().startswith(_KEY_BLOCK):
        return None  # a PGP signature or key: no words to find
    return Attachment(name, text)
