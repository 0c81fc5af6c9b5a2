"""What `notmuch show` prints (its default text format): each message between form-feed
markers (`^Lmessage{ id:… filename:…`, `^Lheader{`, `^Lbody{`, `^Lpart{ ID: 1, …`, their
closing `}`), its head a one-line summary (`Name <address> (2009-11-18) (inbox unread)`),
then `Subject:`, `From:`, `To:`, `Cc:` and `Date:`; its text parts decoded.

Read as the printout it is, once the markers and the summary are blank lines: each message a
head over its words, every line where the file has it (a unit's line span is the file's).
"""

from __future__ import annotations

import re
from pathlib import Path, PurePath

from .documents import TEXT, Reading

NOTMUCH_TEXT = "notmuch show text"

#: A marker's line: the form feed, the part's name, its brace (a part's line goes on with
#: its ID and content type; an attachment that is no text is said by a line of its own).
_MARKER = re.compile(r"^\f(?:message|header|body|part|attachment)[{}].*$|^Non-text part: .*$", re.M)
#: The summary opening a head: the line after `^Lheader{` that is no header field.
_SUMMARY = re.compile(r"(?<=^\fheader\{\n)(?![!-9;-~]{1,76}:\s)[^\n]*$", re.M)


def is_notmuch_text(path: PurePath, head: bytes) -> bool:
    return head.lstrip(b"\r\n").startswith(b"\x0cmessage{ ")


def read(data: bytes, path: Path, source: str, reading: Reading) -> None:
    from .text import read as read_text

    text = data.decode("utf-8", "surrogateescape")
    unmarked = _MARKER.sub("", _SUMMARY.sub("", text))
    read_text(unmarked.encode("utf-8", "surrogateescape"), path, source, TEXT, reading)
