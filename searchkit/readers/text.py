"""Plain text and Markdown pages (and HTML, through `html.py`), as numbered lines of prose."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from ..dates import parse_date
from .documents import HTML, MARKDOWN, Reading, TextDocument, decode, file_lines

_FRONT_MATTER_FENCE = re.compile(r"^(---|\.\.\.)\s*$")
_FRONT_MATTER_FIELD = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
# A first line such as `date 2023-08-27 Title of the article` (how saved articles often start).
_DATE_PREFIX = re.compile(
    r"^\s*date:?\s+(\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?)\b\s*(.*)$", re.I
)


def read(data: bytes, path: Path, source: str, fmt: str, reading: Reading) -> None:
    if fmt == HTML:  # (a page's charset is its own: its `<meta>` declares it)
        from .html import read_page

        read_page(data, path, source, reading)
        return
    reading.documents.append(_document(decode(data, source, reading), source, fmt))


def _document(text: str, source: str, fmt: str, first_line: int = 1) -> TextDocument:
    """Numbered lines, and the title and date the start of the document gives (front
    matter, or a first line `date 2023-08-27 …`) when it is the start."""
    lines = list(enumerate(file_lines(text), start=first_line))
    title = doc_date = None
    if fmt == MARKDOWN and first_line == 1:
        lines, meta = _front_matter(lines)
        title = meta.get("title")
        doc_date = parse_date(meta.get("date"))
    if doc_date is None and lines and first_line == 1:
        lines, doc_date = _date_prefix(lines)
    return TextDocument(source, fmt, tuple(lines), title, doc_date)


#: A large text file is read this much at a time (see `read_pieces`).
PIECE_BYTES = 2 * 2**20


def read_pieces(file: BinaryIO, source: str, fmt: str, reading: Reading) -> Iterator[TextDocument]:
    """A large text or Markdown file as documents of about PIECE_BYTES each, read as they
    are needed, so that its size never bounds the memory of a build. Pieces end at a blank
    line where there is one, else at a line break, else at a space (a 50 MB line); each
    carries the title and date of the file's start."""
    first: TextDocument | None = None
    line = 1
    for piece in _pieces(file):
        part = Reading()
        document = _document(decode(piece, source, part), source, fmt, first_line=line)
        if first is None:
            first = document
            reading.problems.extend(part.problems)  # a decoding problem is told once
        else:
            document = replace(document, title=first.title, date=first.date)
        line += piece.count(b"\n")
        yield document


def _pieces(file: BinaryIO) -> Iterator[bytes]:
    rest = b""
    while chunk := file.read(PIECE_BYTES):
        data = rest + chunk
        cut = _last_break(data)
        yield data[:cut]
        rest = data[cut:]
    if rest:
        yield rest


def _last_break(data: bytes) -> int:
    """Where to end a piece: after its last blank line, line break or space, else at the
    last whole UTF-8 character."""
    for mark in (b"\n\n", b"\n", b" "):
        found = data.rfind(mark)
        if found > 0:
            return found + len(mark)
    start = len(data) - 1
    while start > 0 and data[start] & 0xC0 == 0x80:  # back to the last character's first byte
        start -= 1
    lead = data[start]
    length = 1 if lead < 0xC0 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
    return len(data) if start + length <= len(data) or start == 0 else start


def _front_matter(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], dict[str, str]]:
    """YAML front matter's simple `key: value` fields, and the lines after it."""
    if not lines or lines[0][1].strip() != "---":
        return lines, {}
    for index in range(1, min(len(lines), 200)):
        if _FRONT_MATTER_FENCE.match(lines[index][1]):
            meta = {}
            for _, line in lines[1:index]:
                found = _FRONT_MATTER_FIELD.match(line)
                if found and not line.lstrip().startswith("#"):
                    meta[found.group(1).lower()] = found.group(2).strip("'\"")
            return lines[index + 1 :], meta
    return lines, {}


def _date_prefix(lines: list[tuple[int, str]]):
    number, first = lines[0]
    found = _DATE_PREFIX.match(first)
    if not found:
        return lines, None
    day = parse_date(found.group(1))
    if day is None:
        return lines, None
    return [(number, found.group(2)), *lines[1:]], day
