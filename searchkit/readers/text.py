"""Plain text and Markdown pages (and HTML, through `html.py`), as numbered lines of prose."""

from __future__ import annotations

import re

from ..dates import parse_date
from .documents import HTML, MARKDOWN, Reading, TextDocument, decode

_FRONT_MATTER_FENCE = re.compile(r"^(---|\.\.\.)\s*$")
_FRONT_MATTER_FIELD = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
# A first line such as `date 2023-08-27 Title of the article` (how saved articles often start).
_DATE_PREFIX = re.compile(
    r"^\s*date:?\s+(\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?)\b\s*(.*)$", re.I
)


def read(data: bytes, source: str, fmt: str, reading: Reading) -> None:
    text = decode(data, source, reading)
    if fmt == HTML:
        from .html import html_document

        reading.documents.append(html_document(text, source))
        return
    lines = list(enumerate(text.splitlines(), start=1))
    title = doc_date = None
    if fmt == MARKDOWN:
        lines, meta = _front_matter(lines)
        title = meta.get("title")
        doc_date = parse_date(meta.get("date"))
    if doc_date is None and lines:
        lines, doc_date = _date_prefix(lines)
    reading.documents.append(TextDocument(source, fmt, tuple(lines), title, doc_date))


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
