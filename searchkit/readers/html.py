"""Saved HTML pages: the visible text, one line per block, in Markdown-like form.

Headings come out as `## Heading` and list items as `- item`, so the splitter treats a page the
way it treats a Markdown document; each line keeps the source line of the element it came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from bs4 import BeautifulSoup, Comment, NavigableString, PageElement, Tag

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

    def walk(self, root: Tag) -> None:
        """Every element below `root`, in document order, without recursion: a page nested
        thousands deep must not exhaust Python's stack. Each entry of the stack is an
        element, its children still to visit, and the line prefix to restore when it ends
        (None for an inline element, which ends no line)."""
        stack: list[tuple[Tag, Iterator[PageElement], str | None]] = [
            (root, iter(root.children), None)
        ]
        while stack:
            node, children, outer_prefix = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if outer_prefix is not None:
                    self.flush()
                    self._prefix = outer_prefix
            elif isinstance(child, Comment):
                continue
            elif isinstance(child, NavigableString):
                if not self._words:
                    self._line = getattr(node, "sourceline", None) or self._line
                self._words.append(str(child))
            elif isinstance(child, Tag) and self._has_children_to_walk(child):
                block = child.name.lower() in _BLOCKS
                stack.append(
                    (child, iter(child.children), self._start_block(child) if block else None)
                )

    def _has_children_to_walk(self, tag: Tag) -> bool:
        """False for what is invisible or written whole here (`<br>`, `<pre>`)."""
        name = tag.name.lower()
        if name in _INVISIBLE:
            return False
        if name == "br":
            self.flush()
            return False
        if name == "pre":
            self.flush()
            start = tag.sourceline or self._line
            for offset, text in enumerate(tag.get_text().splitlines()):
                if text.strip():
                    self.lines.append((start + offset, text.rstrip()))
            return False
        return True

    def _start_block(self, tag: Tag) -> str:
        """A block element begins a line; returns the prefix to restore when it ends."""
        name = tag.name.lower()
        self.flush()
        outer_prefix = self._prefix
        heading = _HEADING.match(name)
        if heading:
            self._prefix = "#" * int(heading.group(1)) + " "
        elif name == "li":
            self._prefix = "- "
        elif name == "blockquote":
            self._prefix = "> "
        self._line = tag.sourceline or self._line
        return outer_prefix

    def flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self._words)).strip()
        self._words = []
        if text:
            self.lines.append((self._line, self._prefix + text))
