"""Outlook `.msg` files (OLE2 compound files of MAPI properties), through extract-msg.

extract-msg (an optional extra, `pip install 'searchkit[msg]'`: it is GPL-licensed and brings
an RTF stack) reads the properties, the plain or HTML body and the attachments; this module
makes a `MailMessage` of them, so the splitter's quote and copy rules apply as to `.eml`. A
message attached to a message (a forward saved whole) is a message of its own.

A file of 8-bit strings names its code page in PR_MESSAGE_CODEPAGE, or only in
PR_INTERNET_CPID; extract-msg looks at the first alone, and without it read a
Traditional-Chinese message as Latin-9 mojibake.
"""

from __future__ import annotations

import codecs
import contextlib
import warnings
from typing import Any

from ..people import parse_people, parse_sender
from .attachments import attachment
from .documents import Attachment, MailMessage, Problem, Reading

_MESSAGE_CODEPAGE, _INTERNET_CODEPAGE = "3FFD0003", "3FDE0003"
_CODEPAGE_NAMES = {65001: "utf-8", 20127: "ascii", 1200: "utf-16-le"}
_MOST_NESTED = 8  # messages inside messages, at most


def read(data: bytes, source: str, reading: Reading) -> None:
    try:
        import extract_msg
    except ImportError:
        reading.problems.append(
            Problem(source, "an Outlook .msg file: pip install 'searchkit[msg]' to read it")
        )
        return
    with warnings.catch_warnings():  # extract-msg warns of every unusual property
        warnings.simplefilter("ignore")
        message = extract_msg.openMsg(data)
        encoding = _codepage(message)
        if encoding:
            message.close()
            message = extract_msg.openMsg(data, overrideEncoding=encoding)
        try:
            _add(message, source, reading, depth=0)
        finally:
            message.close()


def _codepage(message: Any) -> str | None:
    """The encoding of 8-bit strings when only PR_INTERNET_CPID names it."""
    props = message.props
    if (
        message.areStringsUnicode
        or props.get(_MESSAGE_CODEPAGE)
        or not props.get(_INTERNET_CODEPAGE)
    ):
        return None
    number = props.get(_INTERNET_CODEPAGE).value
    name = _CODEPAGE_NAMES.get(number, f"cp{number}")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _add(message: Any, source: str, reading: Reading, depth: int) -> None:
    """The message, then each message attached to it (a forward saved whole), in turn."""
    attachments = list(message.attachments)
    reading.documents.append(
        MailMessage(
            source=source,
            line_start=1,
            line_end=1,
            body_line=None,
            sender=parse_sender(_text(message, "sender")),
            to=tuple(parse_people(_text(message, "to"), outlook=True)),
            cc=tuple(parse_people(_text(message, "cc"), outlook=True)),
            bcc=tuple(parse_people(_text(message, "bcc"), outlook=True)),
            subject=_text(message, "subject"),
            date=getattr(message, "date", None),
            message_id=_text(message, "messageId"),
            in_reply_to=_text(message, "inReplyTo"),
            references=(),
            body=_body(message),
            attachments=tuple(filter(None, map(_attachment_name, attachments))),
            attached=tuple(
                filter(None, (_attached(item, source, reading) for item in attachments))
            ),
        )
    )
    for item in attachments:
        inner = getattr(item, "data", None)
        if depth < _MOST_NESTED and type(inner).__name__ == "Message":
            _add(inner, source, reading, depth + 1)


def _text(message: Any, name: str) -> str | None:
    with contextlib.suppress(Exception):  # a damaged property costs only itself
        value = getattr(message, name, None)
        if isinstance(value, str) and value.strip():
            return " ".join(value.replace("\x00", "").split())
    return None


def _body(message: Any) -> str:
    """The plain body; else the text of the HTML one."""
    with contextlib.suppress(Exception):
        if message.body and message.body.strip():
            return str(message.body).replace("\r\n", "\n")
    with contextlib.suppress(Exception):
        html = message.htmlBody
        if html:
            from .html import html_document

            markup = html.decode("utf-8", "replace") if isinstance(html, bytes) else str(html)
            return "\n".join(line for _, line in html_document(markup, "", page=False).lines)
    return ""


def _attached(item: Any, source: str, reading: Reading) -> Attachment | None:
    data = getattr(item, "data", None)
    name = _attachment_name(item)
    if not isinstance(data, bytes) or name is None:
        return None  # a message attached whole is read as a message
    return attachment(name, data, source, reading)


def _attachment_name(attachment: Any) -> str | None:
    for name in ("getFilename", "longFilename", "shortFilename", "displayName"):
        value = getattr(attachment, name, None)
        with contextlib.suppress(Exception):
            value = value() if callable(value) else value
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
