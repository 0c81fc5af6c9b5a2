"""Gmail's "Show original" page saved as text, copied from, or saved as a page: a summary of
the message (`Original Message`, its Message ID, when it was created and delivered, From, To,
Subject, the SPF, DKIM and DMARC verdicts, the buttons `Download Original` and `Copy to
clipboard`, each in the language of the account's Gmail, a label and its value a row) above
the raw message, headers and all (on a saved page, in a `<pre>`: the page's reader asks
`raw_message_in_page`).

Recognised by shape, in any language: a short block naming a Message-ID (`<…@…>`) above a
mail head whose own Message-ID is the same. Read as the message it describes; its summary
is no message of its own (read as text, it was a second email of the same people and
subject, undated: one message counted twice), and says nothing a unit holds that the
message's headers do not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING

from .sniff import UTF8_BOM, looks_like_mail

if TYPE_CHECKING:
    from bs4 import PageElement

GMAIL_ORIGINAL = "gmail show original"

#: Lines of the summary, at most, above the raw message.
_MOST_SUMMARY_LINES = 40
#: A summary line past this is none of a summary's.
_LONGEST_SUMMARY_LINE = 1000
#: Lines of the raw head looked through for its Message-ID, at most (a Gmail head holds
#: dozens of `Received:`, `ARC-` and `DKIM-Signature:` lines).
_MOST_HEAD_LINES = 2000
#: Where a page's strings are no text it shows.
_UNSHOWN = frozenset({"style", "script", "head", "title", "template"})
#: `<pre>` blocks of a page looked in for the raw message, at most.
_MOST_PRE_BLOCKS = 8
_ESCAPED_ID_FIELD = re.compile(rb"^message-id:[ \t]*(?:\r?\n[ \t]+)?&lt;", re.I | re.M)
_MESSAGE_ID = re.compile(rb"<[^<>\s@]{1,500}@[^<>\s]{1,500}>")
_MESSAGE_ID_FIELD = re.compile(rb"message-id[ \t]*:", re.IGNORECASE)
_FIELD_NAME = re.compile(rb"[!-9;-~]{1,200}[ \t]*:")


def is_gmail_original(path: PurePath, head: bytes) -> bool:
    """The page as text (a page saved as a browser saves it is read as a page, which
    looks for the message: `holds_raw_message`)."""
    lines = head.removeprefix(UTF8_BOM).splitlines()
    if not head.endswith(b"\n"):
        lines = lines[:-1]  # (the sniffed bytes may end in the middle of a line)
    return raw_message_start(lines, whole=False) is not None


def holds_raw_message(page: bytes) -> bool:
    """Might a page hold a raw message (a `<pre>`, a Message-ID field's escaped value)?"""
    return _ESCAPED_ID_FIELD.search(page) is not None and b"<pre" in page.lower()


def raw_message_in_page(data: bytes) -> tuple[int, list[bytes]] | None:
    """The raw message a saved page holds in a `<pre>` below a summary naming its
    Message-ID: the line of the file it starts on, and its lines; None where none does."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    for pre in soup.find_all("pre", limit=_MOST_PRE_BLOCKS):
        text = pre.get_text()
        first = pre.sourceline or 1
        if text.startswith("\n"):  # (the line break right after `<pre>` is none of its text)
            text, first = text[1:], first + 1
        lines = text.encode("utf-8", "surrogateescape").splitlines(keepends=True)
        above = pre.find_all_previous(string=True, limit=_MOST_SUMMARY_LINES * 4)
        shown = (cell for cell in reversed(above) if _shown(cell))
        cells = [line.strip() for cell in shown for line in cell.splitlines() if line.strip()]
        summary = [cell.encode("utf-8", "surrogateescape") for cell in cells]
        summary = summary[-_MOST_SUMMARY_LINES:]  # (the nearest last)
        start = raw_message_start([*summary, *lines], whole=True)
        if start is not None and start >= len(summary):
            start -= len(summary)
            return first + start, lines[start:]
    return None


def _shown(text: PageElement) -> bool:
    return text.parent is None or text.parent.name not in _UNSHOWN


def raw_message_start(lines: Sequence[bytes], *, whole: bool) -> int | None:
    """The index of the line where the raw message starts below Gmail's summary of it: the
    first mail head whose Message-ID a line above it names, on a line that goes on no head
    above it (a mail file's own `Received: … for <a@b>` names an address, no summary). None
    where no such head stands within a summary's length of the top. Of a file's first
    bytes only (`whole` false), a head that runs past them before its Message-ID is taken
    on the summary's word (its reader looks again)."""
    lines = [line.rstrip(b"\r\n") for line in lines[: _MOST_SUMMARY_LINES + _MOST_HEAD_LINES]]
    named: set[bytes] = set()
    for index, line in enumerate(lines[: _MOST_SUMMARY_LINES + 1]):
        if len(line) > _LONGEST_SUMMARY_LINE:
            return None
        if named and not _in_a_head(lines[index - 1]) and looks_like_mail(
            b"\n".join(lines[index : index + 200]), ""
        ):
            found, ended = _message_id(lines[index : index + _MOST_HEAD_LINES])
            if found in named or (found is None and not ended and not whole):
                return index
        named.update(_MESSAGE_ID.findall(line))
    return None


def _in_a_head(line: bytes) -> bool:
    """Is this line a head's field, or the fold of one?"""
    return bool(line.strip()) and (line[:1] in (b" ", b"\t") or bool(_FIELD_NAME.match(line)))


def _message_id(head: Sequence[bytes]) -> tuple[bytes | None, bool]:
    """The Message-ID of a head (its field's value, folded or not), and whether the head
    ended within these lines."""
    value: bytes | None = None
    for line in head:
        folded = line[:1] in (b" ", b"\t") and bool(line.strip())
        if value is not None:
            if not folded:
                break  # (the field's value ended)
            value += line
        elif not folded and not _FIELD_NAME.match(line):
            return None, True  # (the head ended without one: a blank line, or a body's)
        elif _MESSAGE_ID_FIELD.match(line):
            value = line.split(b":", 1)[1]
    if value is None:
        return None, False  # (the head goes on past these lines)
    found = _MESSAGE_ID.search(value)
    return (found.group() if found else None), True
