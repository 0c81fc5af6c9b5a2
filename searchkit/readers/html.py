"""Saved HTML pages: the visible text, one line per block, in Markdown-like form.

Headings come out as `## Heading` and list items as `- item`, so the splitter treats a page the
way it treats a Markdown document; each line keeps the source line of the element it came from.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote

from bs4 import BeautifulSoup, Comment, NavigableString, PageElement, Tag

from ..dates import parse_date
from .documents import HTML, UNRECOGNISED, Problem, Reading, TextDocument, decode

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


def html_documents(markup: str, source: str, *, by_class: bool = True) -> list[TextDocument]:
    """A saved page's documents: one, or for a page past HTML_TREE_CHARS its text in pieces
    of PIECE_LINES lines."""
    if len(markup) <= HTML_TREE_CHARS:
        return [html_document(markup, source, by_class=by_class)]
    lines = list(_text_lines(_without_invisible(markup)))
    return [
        TextDocument(source, HTML, tuple(lines[start : start + PIECE_LINES]), None, None)
        for start in range(0, max(len(lines), 1), PIECE_LINES)
    ]


def html_document(
    markup: str, source: str, *, page: bool = True, by_class: bool = True
) -> TextDocument:
    """The visible text of HTML; of a saved web `page`, its article only (menus, banners,
    "most read", footers dropped), where a mail part's HTML is read whole. Unless `by_class`,
    no part is dropped for its class or id alone: a webmail's minified class names (`ads`)
    name no advert."""
    if len(markup) > HTML_TREE_CHARS:
        markup = _without_invisible(markup)
        if len(markup) > HTML_TREE_CHARS:
            return TextDocument(source, HTML, tuple(_text_lines(markup)), None, None)
    soup = BeautifulSoup(_tolerable(markup), "html.parser")
    _addresses_shown(soup)
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    page_date = _page_date(soup)
    author = _page_author(soup) if page else None
    lines = _BlockWriter(skip_boilerplate=page, by_class=by_class)
    lines.walk(_article(soup) if page else soup.body or soup)
    return TextDocument(source, HTML, tuple(lines.lines), title or None, page_date, author=author)


def _addresses_shown(soup: BeautifulSoup) -> None:
    """A link to a person's address that shows only their name (`<a href="mailto:r@x.edu">
    Rachel Okonkwo</a>`, a head's To: in a print view) shows the address too, as a header
    writes it (`Rachel Okonkwo <r@x.edu>`); a link that asks for a reply's subject
    (pipermail's `?Subject=…`, to the list) or shows an address already is left alone."""
    for link in soup.find_all("a", href=_MAILTO):
        address = unquote(str(link["href"]).split(":", 1)[1]).strip()
        text = link.get_text()
        if "?" in address or "," in address or "@" not in address or not text.strip():
            continue
        if "@" in text or _HIDDEN_AT.search(text):
            continue
        link.append(f" <{address}>")


_MAILTO = re.compile(r"^\s*mailto:", re.IGNORECASE)
# an address an archive writes with ` at ` for `@` (`guido at python.org`)
_HIDDEN_AT = re.compile(r"\S at \S")


# -- what Python's html.parser would take quadratic time over --------------------------------
# It looks for the end of an unclosed tag or comment from each `<` to the end of the page
# (`<a href="x" ` 8,000 times took 20 s), so such a `<` is written `&lt;`, as a browser shows
# it. A `<` whose tag ends before the next `<` is left alone; comments are kept whole.
_UNCLOSED_TAG = re.compile(r"<(?=[^<>]*(?:<|\Z))")


#: A tag cut by the file's end (`<p class=MsoNormal style='margin-bottom:12.0pt`): no text.
_TRUNCATED_TAG = re.compile(r"<[A-Za-z/!][^<>]*\Z")


def _tolerable(markup: str) -> str:
    markup = _TRUNCATED_TAG.sub("", markup)
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


def _boilerplate(tag: Tag, *, by_class: bool = True) -> bool:
    if tag.name.lower() in _BOILERPLATE_TAGS or tag.get("role") in ("navigation", "banner"):
        return True
    if not by_class:
        return False
    names = " ".join([str(tag.get("id") or ""), *(tag.get("class") or [])])
    # a class that names a page's header names a message's too (Yahoo's `msg-header`,
    # Thunderbird's `moz-header-part1`): what holds a head's line is never left out
    return bool(names.strip()) and bool(_BOILERPLATE.search(names)) and not _holds_a_head(tag)


def _holds_a_head(tag: Tag) -> bool:
    """Does the element's text, in its first characters, hold a line of a message's head
    (`From: Ada`, or a label alone, `From:`, its value in the next cell)?"""
    read: list[str] = []
    size = 0
    for text in tag.strings:  # lazily: a page's footer may be most of it
        read.append(text)
        size += len(text)
        if size > _HEAD_CHARS:
            break
    lines = "\n".join(read)[:_HEAD_CHARS].splitlines()
    return any(header_line(line.strip()) or _is_label(line) for line in lines if line.strip())


#: How much of an element's text is looked at for a head's line.
_HEAD_CHARS = 2000


def _displayed_inline(tag: Tag) -> bool:
    """Is this block element shown inline (`style="display:inline"`: Thunderbird's label of
    a header, `<div …>From: </div>Karin …`)? Its text goes on the line it stands in."""
    style = tag.get("style")
    return isinstance(style, str) and bool(_INLINE_STYLE.search(style[:_STYLE_CHARS]))


_INLINE_STYLE = re.compile(r"(?:^|;)\s*display\s*:\s*inline\s*(?:!important\s*)?(?:;|$)", re.I)


def _hidden(tag: Tag) -> bool:
    """Is the element hidden where it stands (`hidden`, `style="display:none"`): a mail's
    preheader, the teaser an inbox lists and no one reading the message sees."""
    style = tag.get("style")
    return tag.has_attr("hidden") or (
        isinstance(style, str) and bool(_HIDING_STYLE.search(style[:_STYLE_CHARS]))
    )


#: A declaration that hides an element, in its `style` attribute.
_HIDING_STYLE = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)",
    re.IGNORECASE,
)
#: Of a style attribute, what is looked at: the longest any mail writes, well within.
_STYLE_CHARS = 2000


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
    """Collects inline text into lines, breaking at block elements and `<br>`.

    A page's text is given to the splitter as lines, so that the header blocks it reads in
    plain text are read here too: a table row of header cells is one line (`From:`, a tab,
    the value), as is a definition list's term and definition, and a heading that is a
    header line (`<h3>From: Ada</h3>`) is that line. On a saved `page`, a block quote or
    `<pre>` that holds a whole message (or the body under a message's head) ends it: the
    page goes on after it, so a separator line (which the splitter drops) closes it."""

    def __init__(self, *, skip_boilerplate: bool = False, by_class: bool = True) -> None:
        self.skip_boilerplate = skip_boilerplate
        self.by_class = by_class
        self.lines: list[tuple[int, str]] = []
        self._words: list[str] = []
        self._line = 1
        self._prefix = ""
        self._heading_prefix = ""  # the part of the prefix a heading added
        self._messages = _MessageState(self.lines) if skip_boilerplate else None

    def walk(self, root: Tag) -> None:
        """Every element below `root`, in document order, without recursion: a page nested
        thousands deep must not exhaust Python's stack. Each entry of the stack is an
        element, its children still to visit, and what to do when it ends (None for an
        inline element, which ends no line)."""
        stack: list[tuple[Tag, Iterator[PageElement], _Ending | None]] = [
            (root, iter(root.children), None)
        ]
        while stack:
            node, children, ending = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if ending is not None:
                    self._end_block(ending)
            elif isinstance(child, Comment):
                continue
            elif isinstance(child, NavigableString):
                if not self._words:
                    self._line = getattr(node, "sourceline", None) or self._line
                self._words.append(str(child))
            elif isinstance(child, Tag) and self._has_children_to_walk(child):
                block = child.name.lower() in _BLOCKS and not _displayed_inline(child)
                stack.append(
                    (child, iter(child.children), self._start_block(child) if block else None)
                )

    def _has_children_to_walk(self, tag: Tag) -> bool:
        """False for what is invisible or written whole here (`<br>`, `<pre>`, a table row
        or definition list of plain cells)."""
        name = tag.name.lower()
        if (
            name in _INVISIBLE
            or _hidden(tag)
            or (self.skip_boilerplate and _boilerplate(tag, by_class=self.by_class))
        ):
            return False
        if name == "br":
            self.flush()
            return False
        if name == "hr":  # a rule parts what is above from what is below, as a blank line
            self.flush()
            self.lines.append((tag.sourceline or self._line, ""))
            return False
        if name == "pre":
            ending = self._start_block(tag)
            start = tag.sourceline or self._line
            for offset, text in enumerate(tag.get_text().splitlines()):
                if text.strip():
                    self.lines.append((start + offset, self._prefix + text.rstrip()))
            self._end_block(ending)
            return False
        if name in ("table", "dl", "tr"):
            rows = _header_rows(tag) if name != "tr" else _plain_row(tag)
            if rows is not None:
                self.flush()
                line = tag.sourceline or self._line
                self.lines.extend((line, self._prefix + row) for row in rows)
                return False
        return True

    def _start_block(self, tag: Tag) -> _Ending:
        """A block element begins a line; returns what its end restores and does."""
        name = tag.name.lower()
        self.flush()
        ending = _Ending(self._prefix, self._heading_prefix, len(self.lines), None)
        heading = _HEADING.match(name)
        # a list in a quote is quoted (`> - item`), to a depth: a page nested thousands
        # deep must not write each line thousands of marks long
        deeper = len(self._prefix) < _DEEPEST_PREFIX
        if heading:
            self._heading_prefix = "#" * int(heading.group(1)) + " "
        elif name == "li" and deeper:
            self._prefix += "- "
        elif name in _MESSAGE_HOLDERS:
            ending = ending._replace(holds=self._what_it_holds())
            if name == "blockquote" and ending.holds != _BODY and deeper:
                self._prefix += "> "
        self._line = tag.sourceline or self._line
        return ending

    def _what_it_holds(self) -> str | None:
        """Whether a block quote or `<pre>` starting here is the body under a message's head
        (_BODY), may hold a message of its own (_MESSAGE: no message is open on the page), or
        is a message's quote, or a page's (None)."""
        if self._messages is None:
            return None
        open_message, head_ends_here = self._messages.state()
        if head_ends_here:
            return _BODY
        return None if open_message else _MESSAGE

    def _end_block(self, ending: _Ending) -> None:
        self.flush()
        self._prefix, self._heading_prefix = ending.prefix, ending.heading_prefix
        if ending.holds == _MESSAGE and self._holds_message(ending):
            self._unquote(ending)
        elif ending.holds != _BODY or len(self.lines) == ending.first_line:
            return
        self.lines.append((self.lines[-1][0], _END_OF_MESSAGE))

    def _holds_message(self, ending: _Ending) -> bool:
        """Do the first lines the block wrote start a message (as the splitter reads it)?"""
        from ..split.header_blocks import header_blocks

        first = self.lines[ending.first_line : ending.first_line + _HEAD_LINES]
        quoted = ending.prefix + "> "
        window = [(n, text.replace(quoted, ending.prefix, 1)) for n, text in first]
        return next(iter(header_blocks(window, subjects=True)), None) is not None

    def _unquote(self, ending: _Ending) -> None:
        """The block quote's lines, its own `> ` taken off: it is the page's way to show the
        message it holds, not a message's quoting."""
        quoted = ending.prefix + "> "
        for index in range(ending.first_line, len(self.lines)):
            number, text = self.lines[index]
            if text.startswith(quoted):
                self.lines[index] = (number, ending.prefix + text[len(quoted) :])

    def flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self._words)).strip()
        self._words = []
        if text:
            prefix = self._prefix
            # a heading that is a header line (`<h3>From: Ada</h3>`) is that line
            if self._heading_prefix and not header_line(text):
                prefix = self._heading_prefix
            self.lines.append((self._line, prefix + text))


class _Ending(NamedTuple):
    """What a block's end restores (the line prefix around it) and looks at."""

    prefix: str
    heading_prefix: str
    first_line: int  # the index of the first line it wrote
    holds: str | None  # _BODY, _MESSAGE or None


#: The longest line prefix of quote and list marks (a quote in a quote in a list, …).
_DEEPEST_PREFIX = 40
#: Blocks that may hold a message the page shows (or a message's body), ended with them.
_MESSAGE_HOLDERS = ("blockquote", "pre")
_BODY, _MESSAGE = "body", "message"
#: How many of a block's first lines are looked at for a message's head.
_HEAD_LINES = 16
#: A line the splitter reads as a separator: the message above it ends there (it is dropped).
_END_OF_MESSAGE = "==="


class _MessageState:
    """Whether a message is open at the end of the lines written so far, as the splitter
    will read them: a head was read, and no separator or heading closed it since. Each line
    is looked at once (and a head's few lines again), however many blocks ask."""

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        self.lines = lines
        self.scanned = 0
        self.last_head_start = -1
        self.last_head_end = -1
        self.last_close = -1

    def state(self) -> tuple[bool, bool]:
        """(a message is open, its head is the last thing written)."""
        from ..split.header_blocks import SEPARATOR, header_blocks
        from ..split.text import HEADING

        start = max(0, self.scanned - _HEAD_LINES)
        window = self.lines[start:]
        for block in header_blocks(window, subjects=True):
            if start + block.end > self.last_head_end:
                self.last_head_start, self.last_head_end = start + block.start, start + block.end
        for index in range(max(self.scanned, start), len(self.lines)):
            text = self.lines[index][1]
            heading = HEADING.match(text)
            if SEPARATOR.match(text) or (heading and len(heading.group(1)) <= 3):
                self.last_close = index
        self.scanned = len(self.lines)
        open_message = self.last_head_start > self.last_close
        return open_message, open_message and self.last_head_end == len(self.lines)


def header_line(text: str) -> bool:
    """Is this a mail header line (`From: Ada`, `Gesendet: …`) as the splitter reads one?"""
    from ..split.header_blocks import header_field

    return ":" in text[:60] and header_field(text) is not None


def _is_label(text: str) -> bool:
    """A header's label alone, with or without its colon (`From`, `Sent:`, `Local`)."""
    from ..split.header_blocks import passed_field

    label = text.strip().rstrip(":").strip()
    return 0 < len(label) <= 40 and (header_line(f"{label}: x") or passed_field(f"{label}: x"))


def _labelled(label: str, value: str) -> str:
    return f"{label.strip().rstrip(':').strip()}:\t{value}"


def _plain_text(tag: Tag) -> str | None:
    """The text of an element holding no block (nor `<br>`), else None."""
    if not _is_plain(tag):
        return None
    return _SPACE.sub(" ", tag.get_text()).strip()


def _is_plain(tag: Tag) -> bool:
    """Does the element hold no block, `<br>` or invisible element? Looked at in document
    order, up to the first such (bs4's `find` walks to the end of the element first: a page
    of tables nested thousands deep would be walked once per table)."""
    stack = [iter(tag.children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif isinstance(child, Tag):
            name = child.name.lower()
            if (name in _BLOCKS and not _displayed_inline(child)) or name in ("br", *_INVISIBLE):
                return False
            stack.append(iter(child.children))
    return True


def _cells(row: Tag, *, paragraphs: bool = False) -> list[str] | None:
    """A table row's cells' texts (empty ones left out), when every cell is plain (or, with
    `paragraphs`, plain paragraphs: Word's `<td><p class=MsoNormal>From:</p></td>`)."""
    texts = []
    for cell in row.find_all(("td", "th"), recursive=False):
        text = _plain_text(cell)
        if text is None and paragraphs:
            text = _paragraphs_text(cell)
        if text is None:
            return None
        if text:
            texts.append(text)
    return texts


def _paragraphs_text(cell: Tag) -> str | None:
    """The text of a cell holding plain paragraphs only, each a few words, else None."""
    blocks = cell.find_all(True, recursive=False)
    if not blocks or any(block.name.lower() not in ("p", "div") for block in blocks):
        return None
    texts = [_plain_text(block) for block in blocks]
    if any(text is None for text in texts):
        return None
    joined = " ".join(filter(None, texts))
    return joined if len(joined) <= _MOST_HEADER_CHARS else None


#: The longest value a cell beside a header's label is read as (a To: list of many).
_MOST_HEADER_CHARS = 4000


def _plain_row(row: Tag) -> list[str] | None:
    """A row of plain cells as one line, its cells apart by a tab (as a browser shows them
    side by side); a label cell and its value as a header line (`From:`, tab, `Ada`), also
    where each cell is a paragraph (Word's)."""
    cells = _cells(row)
    if cells is None:
        cells = _cells(row, paragraphs=True)
        if cells is not None and len(cells) == 2 and _is_label(cells[0]):
            return [_labelled(*cells)]
        return None
    if not cells:
        return []
    if len(cells) == 2 and _is_label(cells[0]):
        return [_labelled(*cells)]
    return ["\t".join(cells)]


def _header_rows(tag: Tag) -> list[str] | None:
    """A table of headers written across (a row of labels over a row of values), or a
    definition list of labels and values, as header lines; None for any other."""
    if tag.name.lower() == "dl":
        return _definitions(tag)
    rows = _rows(tag)
    if len(rows) != 2:
        return None
    labels, values = _cells(rows[0]), _cells(rows[1])
    if not labels or not values or len(labels) != len(values):
        return None
    if not all(_is_label(label) for label in labels):
        return None
    return [_labelled(label, value) for label, value in zip(labels, values, strict=True)]


def _rows(table: Tag) -> list[Tag]:
    """A table's own rows (in its `thead`, `tbody`, `tfoot` or not), not a nested table's;
    no more than three are counted."""
    rows: list[Tag] = []
    for child in table.children:
        if not isinstance(child, Tag):
            continue
        name = child.name.lower()
        if name == "tr":
            rows.append(child)
        elif name in ("thead", "tbody", "tfoot"):
            rows.extend(row for row in child.children if isinstance(row, Tag) and row.name == "tr")
        if len(rows) > 2:
            break
    return rows


def _definitions(tag: Tag) -> list[str] | None:
    """`<dt>From</dt><dd>Ada</dd>…` as header lines, when every term is a header label."""
    items = tag.find_all(("dt", "dd"), recursive=False)
    if not items or len(items) % 2 or len(items) != len(tag.find_all(True, recursive=False)):
        return None
    texts = [_plain_text(item) for item in items]
    pairs = list(zip(items[::2], texts[::2], items[1::2], texts[1::2], strict=True))
    if not all(
        term.name == "dt" and definition.name == "dd" and label and value is not None
        for term, label, definition, value in pairs
    ):
        return None
    if not all(_is_label(label or "") for _, label, _, _ in pairs):
        return None
    return [_labelled(label or "", value or "") for _, label, _, value in pairs]


# -- a page's bytes as text, as a browser decodes them ---------------------------------------
# WHATWG's encoding sniffing: a byte-order mark (made UTF-8 before a reader sees the bytes,
# `sniff.from_bom`), else the charset a `<meta>` of the page's first bytes declares, else
# UTF-8 when the bytes are UTF-8, else windows-1252, the web's default for old pages.

#: How far the `<meta>` that declares the charset is looked for (the standard's prescan).
_PRESCAN_BYTES = 1024
_META_CHARSET = re.compile(
    rb"<meta\b[^<>]{0,500}?charset\s*=\s*[\"']?\s*(?P<charset>[\w.:-]{1,40})", re.IGNORECASE
)
#: Labels the standard reads as another encoding than Python's codec of the same name: the
#: web's Latin-1 and ASCII are windows-1252; a page that says UTF-16 yet was read as bytes
#: without a BOM is UTF-8 (and a BOM's UTF-16 is UTF-8 by now).
_WHATWG_LABELS = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-sjis": "shift_jis",
    "unicode": "utf-8",
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
    "x-user-defined": "cp1252",
}


def page_text(data: bytes, source: str, reading: Reading) -> str:
    """A saved page's text, in the charset it declares (else UTF-8, else windows-1252);
    a charset that is named but unknown, or bytes it cannot decode, are said."""
    declared = _META_CHARSET.search(data, 0, _PRESCAN_BYTES)
    if declared is None:
        return decode(data, source, reading)
    label = declared["charset"].decode("ascii", "replace").lower()
    encoding = page_codec(label)
    if encoding is None:
        reading.problems.append(Problem(source, f"unknown charset {label!r}: read as UTF-8"))
        return decode(data, source, reading)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        reading.problems.append(
            Problem(
                source,
                f"not valid {label} (byte {error.start}), decoded with replacement",
            )
        )
        return data.decode(encoding, "replace")


def page_codec(label: str) -> str | None:
    """The codec a page's charset label is read with, as a browser reads it; None for a
    label no codec has."""
    label = label.strip().lower()
    encoding = _WHATWG_LABELS.get(label, label)
    try:
        codecs.lookup(encoding)
    except LookupError:
        return None
    return encoding


def read_page(data: bytes, path: Path, source: str, reading: Reading) -> None:
    """A saved page: a list archive's message, else the page's text."""
    read_markup(page_text(data, source, reading), path, source, reading)


def read_markup(markup: str, path: Path, source: str, reading: Reading) -> None:
    """A page's markup (of a file, or of a saved page's wrapper): a list archive's message
    (or none, for its index pages), else the page's text."""
    from .archives import archive_page, cut_short
    from .reply_links import Neighbours

    neighbours = Neighbours(path, source)  # a list archive's other pages, for threads
    messages = archive_page(markup, source, neighbours)  # its message, if any
    reading.consulted.extend(neighbours.consulted)
    if messages is not None:
        reading.documents.extend(messages)
        if messages and cut_short(markup):
            reading.problems.append(Problem(source, _CUT_SHORT))
        return
    mark = _MAIL_PAGE.search(markup)
    documents = html_documents(markup, source, by_class=mark is None)
    reading.documents.extend(documents)
    if mark and not _gives_messages(documents):
        reading.problems.append(Problem(source, _unrecognised(_MAIL_PAGES[mark.lastgroup or ""])))


_CUT_SHORT = "the page ends inside its message (cut short): its body is read to the page's end"
#: What marks a page as a webmail's or a list archive's: a message or a conversation saved
#: from one, which ought to give messages. Literal strings: one linear pass over the page.
_MAIL_PAGES = {
    "hyperkitty": "a HyperKitty (Mailman 3) archive page",
    "google_groups": "a Google Groups conversation",
    "gmail": "a page saved from Gmail",
    "outlook": "a page saved from Outlook on the web",
    "archive": "a list archive's message page",
    "reply_link": "a list archive's page (its reply link names a message)",
}
_MAIL_PAGE = re.compile(
    r"(?P<hyperkitty>\bHyperKitty\b|class=\"email-(?:header|body)\b)"
    r"|(?P<google_groups>groups\.google\.com|\bReply to author\b)"
    r"|(?P<gmail>mail\.google\.com|- Gmail\s*</title>)"
    r"|(?P<outlook>\bOutlook Web Access\b|\bOutlook Web App\b|/owa/)"
    r"|(?P<archive><!--beginarticle-->|<!-- body=\"start\" -->|<!--X-Body-of-Message-->)"
    r"|(?P<reply_link>mailto:[^\"'<>\s]{0,300}[?&]In-Reply-To=)",
    re.IGNORECASE,
)


def _gives_messages(documents: list[TextDocument]) -> bool:
    """Does the splitter find a message in the page's text (as it will when it splits it)?"""
    from ..split import split

    return any(unit.kind == "email" for document in documents for unit in split(document))


def _unrecognised(what: str) -> str:
    return f"{UNRECOGNISED} ({what}; its text is indexed as paragraphs)"
