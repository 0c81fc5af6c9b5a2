"""Telegram Desktop's "Export chat history": the JSON (`result.json`, one chat or the whole
account's `chats.list`) and the HTML (`messages.html`, `messages2.html`, …).

Service entries (joined, pinned, call) are no messages. A message's time is the one it was
written at, in the exporting machine's time zone: the JSON's `date` is that local time and
`date_unixtime` the instant, so their difference is the zone; the HTML writes
`26.02.2020 20:48:53 UTC+01:00` (older exports leave the zone out). A reply starts with the
replied-to message's sender and time; a forwarded message with whom it was forwarded from;
photos, files and voice notes are attachments by name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from html import unescape
from pathlib import Path, PurePath, PurePosixPath
from typing import BinaryIO

from .chat import JsonWalk, json_text, reply_note, with_notes
from .documents import TELEGRAM, ChatMessage, Reading, account_address

_JSON_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*\{")
_JSON_HINT = re.compile(
    rb'"type"\s{0,8}:\s{0,8}"(?:message|service)"|"personal_information"\s{0,8}:'
    rb'|"chats"\s{0,8}:\s{0,8}\{'
)
#: what a JSON message's media is kept in, each a file's path
_MEDIA_KEYS = ("photo", "file")


def is_telegram_json(path: PurePath, head: bytes) -> bool:
    return bool(_JSON_START.match(head)) and bool(_JSON_HINT.search(head))


def read_json(data: bytes, path: Path, source: str, reading: Reading) -> None:
    reading.documents.extend(_json_messages(json_text(data), source))


def stream_json(file: BinaryIO, source: str, reading: Reading) -> Iterator[ChatMessage]:
    """A large export's messages, decoded one at a time (its text is held, not its tree)."""
    yield from _json_messages(json_text(file.read()), source)


#: where the messages are: `messages` of one chat, or of each chat of `chats.list`
_WALK: dict[str, set[tuple[str, ...]]] = {
    "objects": {(), ("chats",), ("chats", "list", "*")},
    "lists": {("chats", "list")},
    "items": {("messages",), ("chats", "list", "*", "messages")},
}


def _json_messages(text: str, source: str) -> Iterator[ChatMessage]:
    said: dict[object, tuple[str | None, datetime | None]] = {}  # id: sender, time
    for chat, message, line in JsonWalk(text, **_WALK):
        if not isinstance(message, dict) or message.get("type", "message") != "message":
            continue  # a service entry: joined, pinned, a call
        name = str(chat.get("name") or chat.get("id") or PurePosixPath(source).stem)
        sender = _name(message.get("from")) or _name(message.get("author"))
        account = account_address(TELEGRAM, message.get("from_id"))
        when = _json_time(message)
        said[(name, message.get("id"))] = (sender, when)
        reply = None
        if "reply_to_message_id" in message:
            replied = said.get((name, message["reply_to_message_id"]), (None, None))
            reply = reply_note(*replied)
        forward = message.get("forwarded_from")
        attachments = tuple(
            _media_name(message[key], message.get("media_type") or key)
            for key in _MEDIA_KEYS
            if isinstance(message.get(key), str)
        )
        body = entities_text(message.get("text"))
        yield ChatMessage(
            source=source,
            line_start=line,
            line_end=line,
            chat=name,
            sender=sender,
            sender_address=account,
            date=when,
            text=with_notes(body, reply, f"(forwarded from {forward})" if forward else None),
            attachments=attachments,
        )


def _media_name(path: str, kind: str) -> str:
    """A media file's name; one the export left out (`(File not included. …)`) is named by
    its kind (`photo`, `voice_message`)."""
    return str(kind) if path.startswith("(") else PurePosixPath(path).name


def _name(value: object) -> str | None:
    return str(value).strip() or None if value is not None else None


def entities_text(value: object) -> str:
    """A message's `text`: a string, or a list of strings and entities (`{"type": "link",
    "text": …}`), joined as written."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(
            part if isinstance(part, str) else str(part.get("text") or "")
            for part in value
            if isinstance(part, str | dict)
        )
    return ""


def _json_time(message: dict) -> datetime | None:
    """The time written, in the zone it was written in: `date` is local, `date_unixtime`
    the instant; with one of them only, that one (the instant in UTC)."""
    local = _iso(message.get("date"))
    try:
        instant = datetime.fromtimestamp(int(message["date_unixtime"]), tz=timezone.utc)
    except (KeyError, TypeError, ValueError, OverflowError, OSError):
        return local
    if local is None:
        return instant
    offset = local - instant.replace(tzinfo=None)
    minutes = round(offset.total_seconds() / 60)
    if abs(minutes) > 14 * 60 or minutes % 15:
        return instant  # no zone is that far or that odd: the two disagree, keep the instant
    return instant.astimezone(timezone(timedelta(minutes=minutes)))


def _iso(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


# -- HTML ----------------------------------------------------------------------------------------

_HTML_HINT = re.compile(rb"<title>\s*Exported Data\s*</title>|class=\"message default clearfix")
_MESSAGE = re.compile(
    r'<div class="message (?P<kind>default|service)[^"]{0,40}"(?P<id>[^>]{0,80})>'
)
_ID = re.compile(r'id="message(?P<id>-?\d{1,20})"')
_DATE = re.compile(r'<div class="pull_right date details" title="(?P<title>[^"]{1,80})"')
_STAMP = re.compile(
    r"^(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4}) "
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?: UTC(?P<sign>[+-])(?P<zh>\d{1,2}):(?P<zm>\d{2}))?"
)
_REPLY = re.compile(r'<div class="reply_to details">.{0,400}?GoToMessage\((?P<id>\d{1,20})\)', re.S)
_HREF = re.compile(
    r'<a class="[^"]{0,80}(?:media|photo_wrap|video_file_wrap|animated_wrap|sticker_wrap)'
    r'[^"]{0,80}" href="(?P<href>[^"]{1,400})"'
)
_TAG = re.compile(r"<[^<>]{0,2000}>")
_BR = re.compile(r"<br\s{0,4}/?>", re.I)


def is_telegram_html(path: PurePath, head: bytes) -> bool:
    return bool(_HTML_HINT.search(head))


def read_html(data: bytes, path: Path, source: str, reading: Reading) -> None:
    """One ChatMessage per `message default` block; a `joined` one (a sender's later
    message in a run) has no name: it is the name of the block above."""
    markup = data.decode("utf-8", "replace")
    chat = _page_title(markup) or PurePosixPath(source).parent.name or PurePosixPath(source).stem
    starts = list(_MESSAGE.finditer(markup))
    sender = _sender_before(path, source, reading)
    said: dict[str, tuple[str | None, datetime | None]] = {}
    line = 1
    at = 0
    for number, start in enumerate(starts):
        line += markup.count("\n", at, start.start())
        at = start.start()
        if start["kind"] != "default":
            continue
        end = starts[number + 1].start() if number + 1 < len(starts) else len(markup)
        block = markup[start.start() : end]
        own_body = _own_body(block)
        named = _div_text(own_body, "from_name", stop_at_span=True)
        if named is not None and "joined" not in start.group(0):
            sender = named
        stamp = _DATE.search(block)
        when = _stamp(unescape(stamp["title"])) if stamp else None
        found = _ID.search(start.group(0))
        message_id = found["id"] if found else None
        if message_id:
            said[message_id] = (sender, when)
        reply = _REPLY.search(block)
        forwarded = None
        if '<div class="forwarded body">' in block:
            inner = block.split('<div class="forwarded body">', 1)[1]
            forwarded = _div_text(inner, "from_name", stop_at_span=True)
        text = _div_text(block, "text") or ""
        attachments = tuple(
            PurePosixPath(unescape(href["href"])).name for href in _HREF.finditer(block)
        )
        reading.documents.append(
            ChatMessage(
                source=source,
                line_start=line,
                line_end=line + block.count("\n"),
                chat=chat,
                sender=sender,
                date=when,
                text=with_notes(
                    text,
                    reply_note(*said.get(reply["id"], (None, None))) if reply else None,
                    f"(forwarded from {forwarded})" if forwarded else None,
                ),
                attachments=attachments,
            )
        )


_PAGE = re.compile(r"^messages(?P<number>\d{0,6})\.html$")
_FROM_NAME = '<div class="from_name">'


def _sender_before(path: Path, source: str, reading: Reading) -> str | None:
    """Who wrote the last message of the export's page before this one (`messages2.html`
    follows `messages.html`): a run of one sender's messages goes on across pages, and the
    page's first message then repeats no name."""
    page = _PAGE.match(path.name)
    if not page or not page["number"]:
        return None
    number = int(page["number"])
    before = f"messages{number - 1 if number > 2 else ''}.html"
    reading.consulted.append(str(PurePosixPath(source).with_name(before)))
    try:
        markup = (path.parent / before).read_text("utf-8", "replace")
    except OSError:
        return None
    last = markup.rfind(_FROM_NAME)
    while last >= 0 and markup.rfind('<div class="forwarded body">', 0, last) > markup.rfind(
        '<div class="message', 0, last
    ):
        last = markup.rfind(_FROM_NAME, 0, last)  # a forwarded message's original sender
    return _div_text(markup[last:], "from_name", stop_at_span=True) if last >= 0 else None


def _own_body(block: str) -> str:
    """The block before a forwarded message's body (whose `from_name` is the original
    sender's, not this message's)."""
    return block.split('<div class="forwarded body">', 1)[0]


def _div_text(markup: str, name: str, *, stop_at_span: bool = False) -> str | None:
    """The text of the first `<div class="name">`, tags dropped and line breaks kept."""
    opening = f'<div class="{name}">'
    where = markup.find(opening)
    if where < 0:
        return None
    inner = markup[where + len(opening) :]
    inner = inner[: inner.find("</div>")] if "</div>" in inner else inner
    if stop_at_span:
        inner = inner.split("<span", 1)[0]
    text = unescape(_TAG.sub("", _BR.sub("\n", inner)))
    return "\n".join(line.strip() for line in text.strip().splitlines()).strip() or None


def _page_title(markup: str) -> str | None:
    return _div_text(markup[:20000], "text bold")


def _stamp(title: str) -> datetime | None:
    """`26.02.2020 20:48:53` or `24.04.2025 13:49:04 UTC+06:00` (day first, always)."""
    found = _STAMP.match(title.strip())
    if not found:
        return None
    try:
        when = datetime(
            int(found["year"]),
            int(found["month"]),
            int(found["day"]),
            int(found["hour"]),
            int(found["minute"]),
            int(found["second"] or 0),
        )
    except ValueError:
        return None
    if found["sign"]:
        offset = timedelta(hours=int(found["zh"]), minutes=int(found["zm"]))
        when = when.replace(tzinfo=timezone(-offset if found["sign"] == "-" else offset))
    return when
