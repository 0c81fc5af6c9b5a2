"""iMessage conversations as imessage-exporter writes them in its `txt` format: one file per
conversation, each message a block of lines ended by a blank line:

    May 17, 2022  5:29:42 PM (Read by you after 1 hour, 49 seconds)
    Sample Contact
    Hello world

the time (local, with no zone), the sender (`Me`, a contact's name, a phone number or
address), then the text, attachments by path, `Reactions:` and replies: a reply to a message
follows its text, indented four spaces, and is a message of its own. An edited message gives
its versions (`Edited 1 minute later: …`); an unsent one says `… deleted a message.`
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from pathlib import Path, PurePath, PurePosixPath

from .chat import reply_note, with_notes
from .documents import ChatMessage, Reading, decode, file_lines

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# `May 17, 2022  5:29:42 PM`, then what the exporter adds: `(Read by you after 1 minute)`
_STAMP = re.compile(
    r"^(?P<indent> {0,8})(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"(?P<day>\d{1,2}), (?P<year>\d{4}) {1,2}(?P<hour>\d{1,2}):(?P<minute>\d{2}):(?P<second>\d{2})"
    r" (?P<half>AM|PM)(?P<rest>.{0,200})$"
)
#: a line the exporter writes about a message, not of it
_REACTIONS = "Reactions:"
_REPLY_NOTE = "This message responded to an earlier message."
# an edited message's later versions: `Edited 1 minute later: Hello world`
_EDITED = re.compile(r"^ {0,8}Edited .{1,80}? later: (?P<rest>.*)$")
_ATTACHMENT = re.compile(r"^(?:~|/)[^\n]{0,1000}/[^/\n]{1,255}\.[A-Za-z0-9]{1,8}$")


def is_imessage_txt(path: PurePath, head: bytes) -> bool:
    """Does it open as a conversation does: a message (a time, a name, its words), after
    any lines of what happened to the conversation (`… You renamed the conversation to X`)?"""
    lines = head.decode("utf-8", "replace").splitlines()[:60]
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        stamp = _STAMP.match(line)
        if stamp is None or stamp["indent"]:
            return False
        if _is_message_start(stamp, lines, number):
            return number + 1 < len(lines)  # its sender, then its words
        if not stamp["rest"].strip():
            return False
    return False


def read(data: bytes, path: Path, source: str, reading: Reading) -> None:
    """One ChatMessage per message; the sender is the line under the time. A reply is
    written twice, indented under what it answers and again in its place in time (`This
    message responded to an earlier message.`): it is one message, in its place, linked to
    what it answers."""
    lines = file_lines(decode(data, source, reading))
    chat = PurePosixPath(source).stem
    blocks: list[tuple[int, int, re.Match[str], list[str]]] = []  # first, indent, stamp, lines
    for number, line in enumerate(lines, start=1):
        stamp = _STAMP.match(line)
        if stamp and _is_message_start(stamp, lines, number):
            blocks.append((number, len(stamp["indent"]), stamp, []))
        elif stamp and not (lines[number:] and lines[number].strip()):
            continue  # `May 17, 2022  5:29:42 PM Me renamed the conversation to Trip`
        elif blocks:
            blocks[-1][3].append(line)
    said = [
        (first, indent, _time(stamp), *_parts(body, indent))
        for first, indent, stamp, body in blocks
    ]
    # the replies written in their place, by who, when and what (as many as there are)
    in_place = Counter(
        (sender, when, text)
        for _, indent, when, sender, text, _, reply in said
        if reply and not indent
    )
    answered: dict[tuple, list[str | None]] = {}  # a reply in its place → what it answers
    parent: tuple[str | None, datetime | None] = (None, None)
    for (first, indent, when, sender, text, attachments, reply), (*_, body) in zip(
        said, blocks, strict=True
    ):
        key = (sender, when, text)
        if indent and in_place[key]:
            in_place[key] -= 1  # the copy under what it answers: it stands in its place
            answered.setdefault(key, []).append(_answering(parent))
            continue
        waiting = answered.get(key) if reply and not indent else None
        note = _answering(parent) if indent else (waiting.pop(0) if waiting else None)
        if not indent:
            parent = (sender, when)
        reading.documents.append(
            ChatMessage(
                source=source,
                line_start=first,
                line_end=first + len(body),
                chat=chat,
                sender=sender,
                date=when,
                text=with_notes(text, note),
                attachments=attachments,
            )
        )


def _answering(parent: tuple[str | None, datetime | None]) -> str | None:
    """The reply note naming the message above a reply, when it has a time to name."""
    return reply_note(*parent) if parent[1] else None


def _is_message_start(stamp: re.Match[str], lines: list[str], number: int) -> bool:
    """A time line begins a message when nothing but how long it took to be read follows
    the time, and the line under it names someone (an edited message's first version is a
    time and the text on one line)."""
    rest = stamp["rest"].strip()
    if rest and not rest.startswith("(Read by"):
        return False
    if number >= len(lines):
        return False
    below = lines[number]
    return bool(below.strip()) and not _STAMP.match(below)


def _parts(body: list[str], indent: int) -> tuple[str | None, str, tuple[str, ...], bool]:
    """A message's sender, words and attachments, and whether it says it is a reply."""
    pad = " " * indent
    own = [line[indent:] if line.startswith(pad) else line.strip() for line in body]
    while own and not own[-1].strip():
        own.pop()
    if not own:
        return None, "", (), False
    sender = own[0].strip() or None
    text: list[str] = []
    attachments: list[str] = []
    skipping = replying = False
    for line in own[1:]:
        if line == _REACTIONS:
            skipping = True  # `Loved by Me` lines until the next part
            continue
        if skipping and re.match(r"^\S.{0,80} by .{1,80}$", line):
            continue
        skipping = False
        if line == _REPLY_NOTE:
            replying = True
            continue
        if _ATTACHMENT.match(line.strip()):
            attachments.append(PurePosixPath(line.strip()).name)
            continue
        version = _STAMP.match(line) or _EDITED.match(line)
        text.append(version["rest"].strip() if version else line)
    return sender, "\n".join(text).strip(), tuple(attachments), replying


def _time(stamp: re.Match[str]) -> datetime | None:
    hour = int(stamp["hour"]) % 12 + (12 if stamp["half"] == "PM" else 0)
    try:
        return datetime(
            int(stamp["year"]),
            _MONTHS.index(stamp["month"]) + 1,
            int(stamp["day"]),
            hour,
            int(stamp["minute"]),
            int(stamp["second"]),
        )
    except ValueError:
        return None
