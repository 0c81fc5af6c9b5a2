"""Saved HTML pages: the visible text, one line per block, in Markdown-like form.

Headings come out as `## Heading` and list items as `- item`, so the splitter treats a page the
way it treats a Markdown document; each line keeps the source line of the element it came from.
"""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from ..dates import parse_date
from .documents import HTML, TextDocument

_INVISIBLE = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}
_BLOCKS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
_HEADING = re.compile(r"^h([1-6])$")
_SPACE = re.compile(r"\s+")
_DATE_META: tuple[tuple[str, dict[str, Any]], ...] = (
    ("meta", {"property": "article:published_time"}),
    ("meta", {"name": "date"}),
    ("meta", {"name": "dc.date"}),
    ("time", {"datetime": True}),
)


def html_document(markup: str, source: str) -> TextDocument:
    soup = BeautifulSoup(markup, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    page_date = _page_date(soup)
    lines = _BlockWriter()
    lines.walk(soup.body or soup)
    return TextDocument(source, HTML, tuple(lines.lines), title or None, page_date)


def _page_date(soup: BeautifulSoup):
    for name, attrs in _DATE_META:
        tag = soup.find(name, attrs=attrs)
        if tag:
            value = tag.get("content") or tag.get("datetime")
            found = parse_date(str(value) if value else None)
            if found:
                return found
    return None


class _BlockWriter:
    """Collects inline text into lines, breaking at block elements and `<br>`."""

    def __init__(self) -> None:
        self.lines: list[tuple[int, str]] = []
        self._words: list[str] = []
        self._line = 1
        self._prefix = ""

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                if not self._words:
                    self._line = getattr(node, "sourceline", None) or self._line
                self._words.append(str(child))
            elif isinstance(child, Tag):
                self._element(child)

    def _element(self, tag: Tag) -> None:
        name = tag.name.lower()
        if name in _INVISIBLE:
            return
        if name == "br":
            self.flush()
            return
        if name == "pre":
            self.flush()
            start = tag.sourceline or self._line
            for offset, text in enumerate(tag.get_text().splitlines()):
                if text.strip():
                    self.lines.append((start + offset, text.rstrip()))
            return
        if name not in _BLOCKS:
            self.walk(tag)
            return
        self.flush()
        heading = _HEADING.match(name)
        outer_prefix = self._prefix
        if heading:
            self._prefix = "#" * int(heading.group(1)) + " "
        elif name == "li":
            self._prefix = "- "
        elif name == "blockquote":
            self._prefix = "> "
        self._line = tag.sourceline or self._line
        self.walk(tag)
        self.flush()
        self._prefix = outer_prefix

    def flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self._words)).strip()
        self._words = []
        if text:
            self.lines.append((self._line, self._prefix + text))
