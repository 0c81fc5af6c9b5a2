"""Saved pages in one file: MHTML (`.mhtml`, `.mht`), a MIME message of type
multipart/related (RFC 2557) holding the page's HTML and its images, as Chrome ("Save page as…
single file"), Internet Explorer and Word write it.

The wrapper looks like mail (`From: <Saved by Blink>`, a `Date:`, a `Subject:`), but its sender
is the browser, its date the moment the page was saved, its subject the page's title: none of
it is a message's. The page it holds is read as any saved page is (a list archive's message,
a print view's messages, an article's paragraphs); the wrapper gives nothing but the page.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import replace
from email.message import Message
from pathlib import Path, PurePath

from .documents import Document, MailMessage, Problem, Reading, TextDocument

MHTML = "mhtml"

#: A suffix that names a saved page; its head must still be a MIME wrapper.
_SUFFIXES = (".mhtml", ".mht")
#: Headers only a browser's saved page carries: Chrome's and Firefox's (the MAF extension).
_SAVED_PAGE_HEADERS = ("snapshot-content-location", "x-maf-information")
_SAVED_BY = re.compile(r"<\s*saved by\b", re.IGNORECASE)
_RELATED = re.compile(r"^\s*multipart/related\b", re.IGNORECASE)
#: How many header lines of the head are read to tell a saved page.
_HEAD_LINES = 60


def is_mhtml(path: PurePath, head: bytes) -> bool:
    """A saved page: a multipart/related wrapper that a browser wrote (its own headers, a
    `From: <Saved by …>`) or whose name says it is one."""
    headers = _head_fields(head)
    if not _RELATED.match(headers.get("content-type", "")):
        return False
    return (
        any(name in headers for name in _SAVED_PAGE_HEADERS)
        or bool(_SAVED_BY.search(headers.get("from", "")))
        or path.suffix.lower() in _SUFFIXES
    )


def _head_fields(head: bytes) -> dict[str, str]:
    """The wrapper's header fields (folded lines joined), by lower-case name; read with
    string operations, line by line, up to the first blank line."""
    fields: dict[str, str] = {}
    name = None
    text = head.decode("utf-8", "replace").lstrip("\r\n")
    for line in text.splitlines()[:_HEAD_LINES]:
        if not line.strip():
            break
        if line[:1] in (" ", "\t") and name:
            fields[name] += " " + line.strip()
            continue
        label, colon, value = line.partition(":")
        if not colon or not label.strip() or " " in label.strip():
            break
        name = label.strip().lower()
        fields.setdefault(name, value.strip())
    return fields


def read(data: bytes, path: Path, source: str, reading: Reading) -> None:
    """The pages a saved page holds (its HTML part, and the frames saved beside it), each
    read as a saved page; the wrapper's own headers are no message."""
    from .html import page_codec, page_text, read_markup

    wrapper = email.message_from_bytes(data, policy=email.policy.compat32)
    pages = [part for part in wrapper.walk() if part.get_content_type() == "text/html"]
    if not pages:
        reading.problems.append(Problem(source, "a saved page (MHTML) with no HTML part: no text"))
        return
    for part in pages:
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        charset = part.get_content_charset()
        if charset:
            markup = payload.decode(page_codec(charset) or "utf-8", "replace")
        else:
            markup = page_text(payload, source, reading)  # as its `<meta>` says
        page = Reading()
        read_markup(markup, path, source, page)
        offset = _body_line(data, wrapper, part) - 1
        reading.documents.extend(_moved(document, offset) for document in page.documents)
        reading.problems.extend(page.problems)
        reading.consulted.extend(page.consulted)


def _body_line(data: bytes, wrapper: Message, part: Message) -> int:
    """The file's line where a page part's text starts (the line after its headers): its
    page's lines are counted from there. A quoted-printable part is decoded first, so a line
    of the page is cited as the line it starts near, not always the one it is on."""
    boundary = wrapper.get_boundary()
    parts = wrapper.get_payload() if wrapper.is_multipart() else []
    index = next((i for i, each in enumerate(parts) if each is part), None)
    if not boundary or index is None:
        return 1
    delimiter = b"--" + boundary.encode("ascii", "replace")
    at = -1
    for _ in range(index + 1):
        at = data.find(delimiter, at + 1)
        if at < 0:
            return 1
    blank = _BLANK_LINE.search(data, at)
    return data.count(b"\n", 0, blank.end()) + 1 if blank else 1


_BLANK_LINE = re.compile(rb"\r?\n\r?\n")


def _moved(document: Document, offset: int) -> Document:
    """A document of the page, its lines counted from the file's start."""
    if not offset:
        return document
    if isinstance(document, TextDocument):
        return replace(document, lines=tuple((n + offset, text) for n, text in document.lines))
    if isinstance(document, MailMessage):
        return replace(
            document,
            line_start=document.line_start + offset,
            line_end=document.line_end + offset,
            body_line=document.body_line + offset if document.body_line else None,
        )
    return document
