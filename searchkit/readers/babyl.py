"""Emacs RMAIL's mailboxes in Babyl, the format Rmail kept mail in before Emacs 23
(`etc/BABYL` in Emacs's sources; Python's `mailbox.Babyl` writes it).

A Babyl file starts with a `BABYL OPTIONS:` section; each message's section starts with a
line of Control-Underscore and Control-L, and each section ends with a Control-Underscore.
A message's section is a line of its labels (`1, answered,, work,`), the message's original
head, the line `*** EOOH ***`, the head Rmail shows (its fields pruned or reformatted),
a blank line and the body. Where the original head is left out (a message Rmail has not
reformatted, `0, unseen,,`), the head after `*** EOOH ***` is the message's whole head.

Each message is read as a mail file is, from its original head and its body: its sender,
recipients, date and encodings are the original's. Every line keeps its number in the file:
the lines between the original head and the body (the shown head) are read as one header
the reading ignores, so that a message's lines and its quotes' point where the file has them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath
from typing import BinaryIO

from .documents import Document, Reading
from .sniff import HEADER_FIELD, UTF8_BOM

BABYL = "babyl"

_OPTIONS = b"BABYL OPTIONS:"
_END, _FORM_FEED = b"\x1f", b"\x0c"
_EOOH = b"*** EOOH ***"
#: A message section's first line: whether Rmail reformatted its head, then its labels.
_LABELS = re.compile(rb"^\s*[01]\s*,")
#: The header the shown head's lines are read as: ignored by the mail reader, and no
#: header a message has.
_SHOWN = b"X-Babyl-Shown-Head:"


def is_babyl(path: PurePath, head: bytes) -> bool:
    """Its options section's first line (in any case), or a message section's start and its
    labels line (a file whose options section was lost)."""
    head = head.removeprefix(UTF8_BOM).lstrip(b"\r\n")
    if head[: len(_OPTIONS)].upper() == _OPTIONS:
        return True
    first, _, rest = head.partition(b"\n")
    return first.rstrip(b"\r") == _END + _FORM_FEED and _LABELS.match(rest) is not None


def read(data: bytes, path: Path, source: str, reading: Reading) -> None:
    reading.documents.extend(_messages(data.splitlines(keepends=True), source, reading))


def stream(file: BinaryIO, source: str, reading: Reading) -> Iterator[Document]:
    """A large mailbox's messages, one at a time."""
    from .mail import MOST_MESSAGE_BYTES

    yield from _messages(iter(lambda: file.readline(MOST_MESSAGE_BYTES), b""), source, reading)


def _messages(lines: Iterable[bytes], source: str, reading: Reading) -> Iterator[Document]:
    from .mail import parsed

    return parsed(_chunks(lines), source, reading)


def _chunks(lines: Iterable[bytes]) -> Iterator[tuple[int, bytes, bool]]:
    """(first line, bytes as a mail file's, whether cut at the mail reader's size bound) of
    each message's section; the options section and a second one (two files joined) give
    none."""
    from .mail import MOST_MESSAGE_BYTES

    section: list[tuple[int, bytes]] = []
    in_message, size, cut = False, 0, False
    for number, line in _parted(lines):
        if not _separates(line):
            if in_message and not cut:
                size += len(line)
                cut = size > MOST_MESSAGE_BYTES
                if not cut:
                    section.append((number, line))
            continue
        if in_message and section:
            yield _message(section, cut)
        section, size, cut = [], 0, False
        in_message = line[1:].lstrip(b"\r\n").startswith(_FORM_FEED)
    if in_message and section:  # (a file cut short before its last Control-Underscore)
        yield _message(section, cut)


def _separates(line: bytes) -> bool:
    """Does the line end a section: a Control-Underscore alone, or before the Control-L
    that starts a message's section or before a second options section (two files joined)?
    One inside a body's line (`5^_6 units`) or before its words is the body's."""
    if not line.startswith(_END):
        return False
    rest = line[1:].strip(b" \t\r\n")
    return rest in (b"", _FORM_FEED) or rest[: len(_OPTIONS)].upper() == _OPTIONS


def _parted(lines: Iterable[bytes]) -> Iterator[tuple[int, bytes]]:
    """Each line with its number; a line ending in a section's end (a body's last line not
    ended before it: `Ines^_`) is two lines under the same number."""
    for number, line in enumerate(lines, start=1):
        at = line.rfind(_END, 1)
        if at > 0 and _separates(line[at:]):
            yield number, line[:at] + b"\n"
            line = line[at:]
        yield number, line


def _message(section: list[tuple[int, bytes]], cut: bool) -> tuple[int, bytes, bool]:
    if _LABELS.match(section[0][1]):
        section = section[1:] or section
    texts = [line for _, line in section]
    eooh = next((at for at, line in enumerate(texts) if line.rstrip() == _EOOH), None)
    if eooh is None:  # no shown head: the section is the message
        return section[0][0], b"".join(texts), cut
    original = texts[:eooh]
    while original and not original[-1].strip():
        original.pop()
    body = _body_start(texts, eooh)
    if not original:  # not reformatted: the head after the line is the message's own
        start = section[min(eooh + 1, len(section) - 1)][0]
        return start, b"".join(texts[eooh + 1 :]), cut
    between = texts[len(original) : body]
    # the lines between as one header, the last (the blank line above the body) kept blank;
    # with no body and no blank line, one added
    ended = body <= len(texts)
    shown = [
        (_SHOWN + b" " if at == 0 else b" ") + (line.strip() or b"-") + b"\n"
        for at, line in enumerate(between[:-1] if ended else between)
    ]
    return section[0][0], b"".join([*original, *shown, b"\n", *texts[body:]]), cut


def _body_start(texts: list[bytes], eooh: int) -> int:
    """Where the body starts: past the shown head and its blank line, where the lines after
    `*** EOOH ***` are a head; else right after that line."""
    at = eooh + 1
    while at < len(texts) and texts[at].strip():
        if not (HEADER_FIELD.match(texts[at]) or texts[at][:1] in (b" ", b"\t")):
            return eooh + 1
        at += 1
    return at + 1 if at > eooh + 1 else eooh + 1
