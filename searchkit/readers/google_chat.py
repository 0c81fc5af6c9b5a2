"""Google Chat as Google Takeout exports it: a folder per conversation under `Google
Chat/Groups/` (`Space AAAA…/`, `DM k6ox…/`), each with `messages.json` and `group_info.json`.

`messages.json` is `{"messages": [...]}`, each with `creator` (`name`, `email`, `user_type`),
`created_date` (`Thursday, November 3, 2016 at 11:59:50 AM UTC`, the space before AM/PM
sometimes a narrow no-break space), `text` (absent for a file alone), `attached_files`
(`original_name`, `export_name`), `topic_id` and `message_id`. `group_info.json` names a
Space (`name`) and lists its `members`; a DM has members and no name. The conversation is
each message's thread: the Space's name, a DM by its members' names.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path, PurePath, PurePosixPath
from typing import Any

from ..dates import parse_date
from .chat import LineFinder, json_messages
from .documents import ChatMessage, Problem, Reading

_JSON_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*\{")
_CREATOR = re.compile(rb'"creator"\s{0,8}:\s{0,8}\{')
_CREATED = re.compile(rb'"created_date"\s{0,8}:')
#: The conversation's own files beside its messages: read by them, never messages.
METADATA_FILES = ("group_info.json", "user_info.json")
# `Thursday, November 3, 2016 at 11:59:50 AM UTC`
_CREATED_DATE = re.compile(
    r"^(?:[A-Za-z]{3,9},\s+)?(?P<month>[A-Za-z]{3,9})\s+(?P<day>\d{1,2}),\s+(?P<year>\d{4})"
    r"\s+at\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\s*(?P<half>[AaPp][Mm]))?(?:\s+(?P<zone>[A-Z]{2,5}))?$"
)


def is_google_chat_json(path: PurePath, head: bytes) -> bool:
    return bool(_JSON_START.match(head) and _CREATOR.search(head) and _CREATED.search(head))


def is_google_chat_metadata(path: PurePath, head: bytes) -> bool:
    return path.name in METADATA_FILES and bool(_JSON_START.match(head)) and (
        b'"members"' in head or b'"membership_info"' in head or b'"user"' in head
    )


def read(data: bytes, path: Path, source: str, reading: Reading) -> None:
    """One ChatMessage per message, in the order written (oldest first)."""
    found = json_messages(data, source, reading)
    if found is None:
        return
    text, _, messages = found
    chat = _conversation(path, source, reading)
    lines = LineFinder(text)
    undated: list[str] = []
    for message in messages:
        if not isinstance(message, dict):
            continue
        written = message.get("created_date")
        when = created(written) if isinstance(written, str) else None
        if when is None:
            undated.append(str(written))
        creator = message.get("creator") if isinstance(message.get("creator"), dict) else {}
        line = lines.find("created_date", written if isinstance(written, str) else None)
        reading.documents.append(
            ChatMessage(
                source=source,
                line_start=line,
                line_end=line,
                chat=chat,
                sender=_string(creator, "name") or _string(creator, "email"),
                date=when,
                text=_string(message, "text") or "",
                attachments=_files(message),
                sender_address=(_string(creator, "email") or "").lower() or None,
            )
        )
    if undated:
        reading.problems.append(
            Problem(
                source,
                f"{len(undated)} message date(s) not read as Google Chat writes them"
                f" (such as {undated[0][:60]!r}): left undated",
            )
        )


def created(written: str) -> datetime | None:
    """A `created_date` as a time, read as every date of the corpus is (`dates.parse_date`),
    when it is written as Takeout writes it: zoned when it says UTC (or GMT); a zone named by
    an abbreviation (`PST`) names no one offset, and is never guessed."""
    text = " ".join(written.split())  # (a narrow no-break space too)
    found = _CREATED_DATE.match(text)
    if not found or found["zone"] not in (None, "UTC", "GMT"):
        return None
    if found["half"] and not 1 <= int(found["hour"]) <= 12:
        return None  # `13:59 PM`: no time
    value = parse_date(text)
    return value if isinstance(value, datetime) else None


def _conversation(path: Path, source: str, reading: Reading) -> str:
    """The Space's name, a DM by its members (`DM: Ana Pérez, Bob Stone`), else its folder."""
    folder = PurePosixPath(source).parent
    info = path.parent / "group_info.json"
    try:
        group = json.loads(info.read_bytes().decode("utf-8-sig"))
    except (OSError, ValueError):
        group = None
    else:
        reading.consulted.append(str(folder / "group_info.json"))
    if isinstance(group, dict):
        name = _string(group, "name")
        if name:
            return name
        members = [
            _string(member, "name") or _string(member, "email")
            for member in group.get("members") or ()
            if isinstance(member, dict)
        ]
        if any(members):
            return "DM: " + ", ".join(sorted(filter(None, members)))
    return folder.name or PurePosixPath(source).stem


def _files(message: dict) -> tuple[str, ...]:
    found = []
    for item in message.get("attached_files") or ():
        if isinstance(item, dict):
            name = _string(item, "original_name") or _string(item, "export_name")
            if name:
                found.append(name)
    return tuple(found)


def _string(value: Any, key: str) -> str | None:
    found = value.get(key) if isinstance(value, dict) else None
    return found.strip() if isinstance(found, str) and found.strip() else None
