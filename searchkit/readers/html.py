"""Saved HTML pages: the visible text, one line per block, in Markdown-like form.

Headings come out as `## Heading` and list items as `- item`, so the splitter treats a page the
way it treats a Markdown document; each line keeps the source line of the element it came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
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


#: Past this many characters (once scripts and styles are dropped), HTML is read as text,
#: its tags removed, not parsed into a tree: a tree costs some 60 bytes of memory per byte of
#: a page dense with links (a 33 MB page of a million links took 2 GB).
HTML_TREE_CHARS = 3 * 2**20


#: A page read as text is handed on in documents of this many lines, so that each is split
#: and indexed before the next (one document of a million lines split at once took 420 MB).
PIECE_LINES = 20_000


def html_documents(markup: str, source: str) -> list[TextDocument]:
    """A saved page's documents: one, or for a page past HTML_TREE_CHARS its text in pieces
    of PIECE_LINES lines."""
    if len(markup) <= HTML_TREE_CHARS:
        return [html_document(markup, source)]
    lines = list(_text_lines(_without_invisible(markup)))
    return [
        TextDocument(source, HTML, tuple(lines[start : start + PIECE_LINES]), None, None)
        for start in range(0, max(len(lines), 1), PIECE_LINES)
    ]


def html_document(markup: str, source: str, *, page: bool = True) -> TextDocument:
    """The visible text of HTML; of a saved web `page`, its article only (menus, banners,
    "most read", footers dropped), where a mail part's HTML is read whole."""
    if len(markup) > HTML_TREE_CHARS:
        markup = _without_invisible(markup)
        if len(markup) > HTML_TREE_CHARS:
            return TextDocument(source, HTML, tuple(_text_lines(markup)), None, None)
    soup = BeautifulSoup(_tolerable(markup), "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    page_date = _page_date(soup)
    author = _page_author(soup) if page else None
    lines = _BlockWriter(skip_boilerplate=page)
    lines.walk(_article(soup) if page else soup.body or soup)
    return TextDocument(source, HTML, tuple(lines.lines), title or None, page_date, author=author)


# -- what Python's html.parser would take quadratic time over --------------------------------
# It looks for the end of an unclosed tag or comment from each `<` to the end of the page
# (`<a href="x" ` 8,000 times took 20 s), so such a `<` is written `&lt;`, as a browser shows
# it. A `<` whose tag ends before the next `<` is left alone; comments are kept whole.
_UNCLOSED_TAG = re.compile(r"<(?=[^<>]*(?:<|\Z))")


def _tolerable(markup: str) -> str:
    parts = []
    at = 0
    while (start := markup.find("<!--", at)) >= 0:
        end = markup.find("-->", start + 4)
        if end < 0:  # every comment from here on is unclosed: none is a comment
            break
        parts.append(_UNCLOSED_TAG.sub("&lt;", markup[at:start]))
        parts.append(markup[start : end + 3])
        at = end + 3
    parts.append(_UNCLOSED_TAG.sub("&lt;", markup[at:].replace("<!--", "&lt;!--")))
    return "".join(parts)


_INVISIBLE_START = re.compile(r"<(script|style|svg|template)\b", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")
_BREAKS = re.compile(r"<(?:br|p|div|li|tr|h[1-6])\b[^<>]*>", re.IGNORECASE)


def _without_invisible(markup: str) -> str:
    """The markup without scripts, styles and drawings (each read to its own end tag by
    search, linear however many are unclosed)."""
    parts = []
    at = 0
    while found := _INVISIBLE_START.search(markup, at):
        end = _end_tag(found[1]).search(markup, found.end())
        parts.append(markup[at : found.start()])
        if end is None:
            return "".join(parts)
        # the newlines inside are kept, so that the lines after keep their numbers
        parts.append("\n" * markup.count("\n", found.start(), end.start()))
        at = end.start()
    parts.append(markup[at:])
    return "".join(parts)


@lru_cache(maxsize=8)
def _end_tag(name: str) -> re.Pattern[str]:
    return re.compile(f"</{name}", re.IGNORECASE)


def _text_lines(markup: str) -> Iterator[tuple[int, str]]:
    """A large page's text, line by line with its source line, tags removed (a tag across
    lines leaves its newlines), entities decoded: no tree, so memory stays a few times the
    page."""
    import html as entities

    # a block's end breaks a line (NUL marks it: no source line is added) as in a browser
    text = _TAG.sub(_newlines, _BREAKS.sub(lambda tag: "\0" + _newlines(tag), markup))
    number, at = 1, 0
    while at <= len(text):  # line by line, never a list of every line
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        for piece in text[at:end].split("\0"):
            words = " ".join(entities.unescape(piece).split())
            if words:
                yield number, words
        number, at = number + 1, end + 1


def _newlines(tag: re.Match[str]) -> str:
    return "\n" * tag[0].count("\n")


#: What a page's text must hold for its <article> to be the page's, not a teaser of another.
_SHORTEST_ARTICLE = 200
#: Parts of a page around its article, by element or by class or id.
_BOILERPLATE_TAGS = {"nav", "header", "footer", "aside", "form", "button", "dialog"}
_BOILERPLATE = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|footer|header|masthead|cookie|consent|banner|sidebar|share|"
    r"social|related|recommended|most-read|popular|trending|newsletter|subscribe|promo|advert|"
    r"ad|ads|comments?|breadcrumbs?|skip-link)($|[\s_-])",
    re.IGNORECASE,
)


def _article(soup: BeautifulSoup) -> Tag:
    """The page's main content: its longest <article>, else <main>, else the body (whose
    boilerplate the walk leaves out)."""
    articles = sorted(soup.find_all("article"), key=lambda tag: len(tag.get_text()), reverse=True)
    if articles and len(articles[0].get_text(" ", strip=True)) >= _SHORTEST_ARTICLE:
        return articles[0]
    main = soup.find("main") or soup.find(True, role="main")
    if isinstance(main, Tag) and main.get_text(strip=True):
        return main
    return soup.body or soup


def _boilerplate(tag: Tag) -> bool:
    if tag.name.lower() in _BOILERPLATE_TAGS or tag.get("role") in ("navigation", "banner"):
        return True
    names = " ".join([str(tag.get("id") or ""), *(tag.get("class") or [])])
    return bool(names.strip()) and bool(_BOILERPLATE.search(names))


def _page_date(soup: BeautifulSoup):
    for name, attrs in _DATE_META:
        tag = soup.find(name, attrs=attrs)
        if tag:
            value = tag.get("content") or tag.get("datetime")
            found = parse_date(str(value) if value else None)
            if found:
                return found
    return None


_AUTHOR_META: tuple[dict[str, Any], ...] = (
    {"name": "author"},
    {"property": "article:author"},
    {"name": "dc.creator"},
    {"name": "byl"},  # the New York Times' `By Jane Doe`
    {"name": "parsely-author"},
)
_BY = re.compile(r"^\s*by\s+", re.IGNORECASE)


def _page_author(soup: BeautifulSoup) -> str | None:
    """The author the page's metadata names: a `<meta>` (not a profile URL), else the
    JSON-LD article's `author`. A byline in the text is not read: it is not told from prose."""
    for attrs in _AUTHOR_META:
        tag = soup.find("meta", attrs=attrs)
        value = " ".join(str(tag.get("content") or "").split()) if tag else ""
        if value and not value.startswith(("http://", "https://")):
            return _BY.sub("", value)
    for script in soup.find_all("script", type="application/ld+json"):
        name = _json_ld_author(script.get_text())
        if name:
            return name
    return None


def _json_ld_author(text: str) -> str | None:
    import json

    try:
        data = json.loads(text)
    except ValueError:
        return None
    items = data if isinstance(data, list) else [data, *(data.get("@graph") or [])]
    for item in items:
        author = item.get("author") if isinstance(item, dict) else None
        authors = author if isinstance(author, list) else [author]
        found = [a.get("name") if isinstance(a, dict) else a for a in authors]
        names = [" ".join(n.split()) for n in found if isinstance(n, str) and n.strip()]
        if names:
            return ", ".join(names)
    return None


class _BlockWriter:
    """Collects inline text into lines, breaking at block elements and `<br>`."""

    def __init__(self, *, skip_boilerplate: bool = False) -> None:
        self.skip_boilerplate = skip_boilerplate
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
        if name in _INVISIBLE or (self.skip_boilerplate and _boilerplate(tag)):
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
