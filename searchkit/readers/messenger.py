"""Facebook Messenger's and Instagram's "Download your information" JSON (`message_1.json`,
`message_2.json`, …): `participants`, and `messages` newest first, each with `sender_name`,
`timestamp_ms` and `content`, or `photos`, `files`, `audio_files`, `videos`, `sticker`.

Facebook writes the text's UTF-8 bytes as if each were a Latin-1 character (`Ã©` for `é`):
the text is re-read as those bytes, exactly, when it is made of such characters and they are
UTF-8; otherwise (an export that wrote proper text) it stays as it is. Never a guess.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path, PurePath, PurePosixPath

from .chat import LineFinder, json_messages
from .documents import ChatMessage, Reading

_JSON_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*\{")
_SENDER = re.compile(rb'"sender_name"\s{0,8}:')
_TIME = re.compile(rb'"timestamp_ms"\s{0,8}:')
_MEDIA_KEYS = ("photos", "videos", "files", "audio_files", "gifs")


def is_messenger_json(path: PurePath, head: bytes) -> bool:
    return bool(_JSON_START.match(head) and _SENDER.search(head) and _TIME.search(head))


def repaired(text: str) -> str:
    """Text as Facebook meant it: `CafÃ©` is `Café`; text that is no such mojibake (a
    character past U+00FF, or bytes that are no UTF-8) is returned as it is."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def read(data: bytes, path: Path, source: str, reading: Reading) -> None:
    found_export = json_messages(data, source, reading)
    if found_export is None:
        return
    text, export, messages = found_export
    title = export.get("title")
    chat = repaired(title) if isinstance(title, str) and title else _chat_name(source)
    lines = LineFinder(text)
    found = []
    for message in messages:
        if not isinstance(message, dict):
            continue
        stamp = message.get("timestamp_ms")
        line = lines.find("timestamp_ms", stamp)
        try:
            when = datetime.fromtimestamp(int(str(stamp)) / 1000, tz=timezone.utc)
        except (TypeError, ValueError, OverflowError, OSError):
            when = None
        sender = message.get("sender_name")
        content = message.get("content")
        found.append(
            ChatMessage(
                source=source,
                line_start=line,
                line_end=line,
                chat=chat,
                sender=repaired(sender) if isinstance(sender, str) else None,
                date=when,
                text=_text(content, message.get("share")),
                attachments=_media(message),
            )
        )
    # newest first, as Facebook writes them: read oldest first, as the others are
    found.sort(key=lambda message: message.date or datetime.min.replace(tzinfo=timezone.utc))
    reading.documents.extend(found)


def _text(content: object, share: object) -> str:
    """The message's words, and a shared link's address and words (`share`)."""
    parts = [content] if isinstance(content, str) and content else []
    if isinstance(share, dict):
        for key in ("link", "share_text"):
            value = share.get(key)
            if isinstance(value, str) and value and value not in parts:
                parts.append(value)  # (the content is often the link itself)
    return "\n".join(repaired(part) for part in parts)


def _media(message: dict) -> tuple[str, ...]:
    names = []
    for key in _MEDIA_KEYS:
        for item in message.get(key) or ():
            if isinstance(item, dict) and isinstance(item.get("uri"), str):
                names.append(PurePosixPath(item["uri"]).name)
    sticker = message.get("sticker")
    if isinstance(sticker, dict) and isinstance(sticker.get("uri"), str):
        names.append(PurePosixPath(sticker["uri"]).name)
    return tuple(names)


def _chat_name(source: str) -> str:
    """`inbox/alice_aaaaaaaaaa/message_1.json`: the conversation's folder, else the file."""
    where = PurePosixPath(source)
    return (
        where.parent.name if where.stem.startswith("message_") and where.parent.name else where.stem
    )
