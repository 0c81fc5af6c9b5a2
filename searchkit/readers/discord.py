"""DiscordChatExporter's JSON and CSV exports of a channel, a DM or a group DM.

JSON: `guild`, `channel`, `messages`, each with `type` (`Default` and `Reply` are messages;
`Call`, `ChannelNameChange`, `RecipientAdd`, … are Discord's own), `timestamp` with its
offset, the `author`'s nickname (else name) and id (its account, as the sender's address: a
nickname in one server and a name in another are one person), `attachments` by file name,
and for a reply `reference.messageId`. CSV: `AuthorID,Author,Date,Content,Attachments,Reactions`
(the id the account too), the date in the exporter's format and the machine's local time
(`17-Jan-23 07:33 PM`, `01/17/2023 7:33 PM`, `2023-01-17 19:33`); numeric days are read in the
order every date of the file allows (month first, DiscordChatExporter's default, when both do).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path, PurePath, PurePosixPath
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

from .chat import JsonWalk, day_order, json_text, on_day, reply_note, with_notes
from .documents import DISCORD, ChatMessage, Problem, Reading, account_address

_JSON_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*\{")
_GUILD = re.compile(rb'"guild"\s{0,8}:\s{0,8}\{')
_CHANNEL = re.compile(rb'"channel"\s{0,8}:\s{0,8}\{')
_MESSAGE_TYPES = {"Default", "Reply"}
CSV_HEADER = "AuthorID,Author,Date,Content,Attachments,Reactions"


def is_discord_json(path: PurePath, head: bytes) -> bool:
    return bool(_JSON_START.match(head) and _GUILD.search(head) and _CHANNEL.search(head))


def read_json(data: bytes, path: Path, source: str, reading: Reading) -> None:
    reading.documents.extend(_json_messages(json_text(data), source))


def stream_json(file: BinaryIO, source: str, reading: Reading) -> Iterator[ChatMessage]:
    """A large export's messages, decoded one at a time (its text is held, not its tree)."""
    yield from _json_messages(json_text(file.read()), source)


def _json_messages(text: str, source: str) -> Iterator[ChatMessage]:
    said: dict[str, tuple[str | None, datetime | None]] = {}
    walk = JsonWalk(text, objects={()}, lists=set(), items={("messages",)})
    for export, message, line in walk:
        if not isinstance(message, dict):
            continue
        author = _object(message.get("author"))
        sender = author.get("nickname") or author.get("name")
        account = account_address(DISCORD, author.get("id"))
        when = _iso(message.get("timestamp"))
        said[str(message.get("id"))] = (sender, when)
        if message.get("type", "Default") not in _MESSAGE_TYPES:
            continue  # a call, a renamed channel: Discord's own line
        reference = message.get("reference")
        replied = reference.get("messageId") if isinstance(reference, dict) else None
        yield ChatMessage(
            source=source,
            line_start=line,
            line_end=line,
            chat=_chat_name(export, source),
            sender=sender,
            sender_address=account,
            date=when,
            text=with_notes(
                str(message.get("content") or ""),
                reply_note(*said.get(str(replied), (None, None))) if replied else None,
            ),
            attachments=tuple(
                str(item.get("fileName") or _file_name(str(item.get("url") or "")))
                for item in message.get("attachments") or ()
                if isinstance(item, dict)
            ),
        )


def _chat_name(export: dict, source: str) -> str:
    guild, channel = _object(export.get("guild")), _object(export.get("channel"))
    name = channel.get("name")
    if not name:
        return PurePosixPath(source).stem
    place = guild.get("name")
    return f"{place} / {name}" if place and place != "Direct Messages" else str(name)


def _object(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _iso(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _file_name(url: str) -> str:
    return unquote(PurePosixPath(urlsplit(url).path).name) if url else ""


# -- CSV -----------------------------------------------------------------------------------------


def is_discord_csv(path: PurePath, head: bytes) -> bool:
    first = head.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0].strip()
    return first.replace(b'"', b"").decode("ascii", "replace") == CSV_HEADER


_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
# `17-Jan-23 07:33 PM`, `Jan 17, 2023 7:33 PM`
_NAMED = re.compile(
    r"^(?:(?P<d1>\d{1,2})[- ](?P<m1>[A-Za-z]{3})[A-Za-z]{0,6}\.?[- ,]{1,2}(?P<y1>\d{2,4})"
    r"|(?P<m2>[A-Za-z]{3})[A-Za-z]{0,6}\.? (?P<d2>\d{1,2}),? (?P<y2>\d{4}))"
    r",? (?P<time>\d{1,2}:\d{2}(?::\d{2})?)\s?(?P<half>[AaPp][Mm])?$"
)
# `01/17/2023 7:33 PM`, `17.01.2023 19:33`, `2023-01-17 19:33:07`
_NUMERIC = re.compile(
    r"^(?P<date>\d{1,4}[./-]\d{1,2}[./-]\d{1,4}),?[ T](?P<time>\d{1,2}:\d{2}(?::\d{2})?)"
    r"(?:\.\d{1,7})?\s?(?P<half>[AaPp][Mm])?$"
)


def read_csv(data: bytes, path: Path, source: str, reading: Reading) -> None:
    text = json_text(data)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return
    chat = PurePosixPath(source).stem
    # the line each row starts on (a message of several lines is one quoted field)
    starts, line = [], 1
    for row in rows:
        starts.append(line)
        line += sum(field.count("\n") for field in row) + 1
    records = list(zip(starts[1:], rows[1:], strict=False))
    numeric = [
        found["date"]
        for _, row in records
        if len(row) > 2 and (found := _NUMERIC.match(row[2].strip()))
    ]
    order = day_order(numeric, prefer="month first")  # DiscordChatExporter's default
    undated = 0
    for start, row in records:
        if len(row) < 4:
            continue
        when = _csv_date(row[2].strip(), order)
        undated += when is None
        reading.documents.append(
            ChatMessage(
                source=source,
                line_start=start,
                line_end=start + sum(field.count("\n") for field in row),
                chat=chat,
                sender=_author(row[1]),
                sender_address=account_address(DISCORD, row[0]),
                date=when,
                text=row[3].strip(),
                attachments=tuple(
                    _file_name(url.strip())
                    for url in (row[4].split(",") if len(row) > 4 else ())
                    if url.strip()
                ),
            )
        )
    if undated:
        reading.problems.append(
            Problem(source, f"{undated} message dates not read (neither day nor time as written)")
        )


def _author(value: str) -> str | None:
    """`lombi#8778` is lombi (the discriminator says nothing; newer names have none)."""
    name = re.sub(r"#\d{4}$", "", value.strip())
    return name or None


def _csv_date(value: str, order: tuple[int, int, int] | None) -> datetime | None:
    if value.isdigit():  # `--dateformat unix` (seconds) or `unixms`
        try:
            seconds = int(value) / (1000 if len(value) > 11 else 1)
            return datetime.fromtimestamp(seconds, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    iso = _iso(value)
    if iso is not None:
        return iso
    found = _NUMERIC.match(value)
    if found:
        return on_day(found["date"], found["time"], found["half"], order) if order else None
    named = _NAMED.match(value)
    if not named:
        return None
    month = _MONTHS.get((named["m1"] or named["m2"]).lower())
    year = int(named["y1"] or named["y2"])
    year += 2000 if year < 70 else 1900 if year < 100 else 0
    if month is None:
        return None
    day = f"{year}-{month}-{named['d1'] or named['d2']}"
    return on_day(day, named["time"], named["half"], (0, 1, 2))
