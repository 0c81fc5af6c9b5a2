"""A raw message as a mail client's "show original" or "view source" shows it, saved to a
file with what the client put above it:

* Gmail's "Show original" page, saved as text, copied from, or saved as a page: a summary of
  the message (`Original Message`, its Message ID, when it was created and delivered, From,
  To, Subject, the SPF, DKIM and DMARC verdicts, the buttons `Download Original` and `Copy to
  clipboard`, each in the language of the account's Gmail, a label and its value a row)
  above the raw message, headers and all (on a saved page, in a `<pre>`: the page's reader
  asks `raw_message_in_page`). Pages pasted one after another in one file are a message each.
* a title of a line or two above it (Outlook on the web's `Message source`, Yahoo's `View
  raw message`, Thunderbird's `Source of: imap://…`).

Recognised by shape, in any language: a raw head (a mail head holding a field of transport
or MIME, `Received:`, `Delivered-To:`, `MIME-Version:`…, which no printout shows) that goes
on no head above it, below a short block naming its Message-ID, or below a few short lines.
Read as the messages they are. The summary and the title are no message of their own (read
as text, a summary was a second email of the same people and subject, undated: one message
counted twice; a title made the raw message prose, its base64 body its words) and say
nothing a unit holds that the message's headers do not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING

from .sniff import HEADER_FIELD, UTF8_BOM, folded, looks_like_mail

if TYPE_CHECKING:
    from bs4 import PageElement

MAIL_SOURCE = "mail source"

#: Lines of the summary, at most, above the raw message.
_MOST_SUMMARY_LINES = 40
#: A summary line past this is none of a summary's.
_LONGEST_SUMMARY_LINE = 1000
#: A title: this many lines at most, each this long at most, none a field.
_MOST_TITLE_LINES = 3
_LONGEST_TITLE_LINE = 200
#: A line above a later page's Message ID this long at most may be its title (`Original
#: Message`) or the row's label on a line of its own.
_LONGEST_PAGE_TITLE = 60
#: A message's own fields, one of which a raw head holds, with an address.
_SENDER_FIELDS = frozenset({b"from", b"sender", b"message-id"})
#: Fields a mail client's source view shows and a printout never does.
_RAW_FIELDS = frozenset(
    {
        b"received",
        b"delivered-to",
        b"return-path",
        b"mime-version",
        b"dkim-signature",
        b"arc-seal",
        b"authentication-results",
        b"x-received",
    }
)
#: Lines of the raw head looked through for its Message-ID, at most (a Gmail head holds
#: dozens of `Received:`, `ARC-` and `DKIM-Signature:` lines).
_MOST_HEAD_LINES = 2000
#: Where a page's strings are no text it shows.
_UNSHOWN = frozenset({"style", "script", "head", "title", "template"})
#: `<pre>` blocks of a page looked in for the raw message, at most.
_MOST_PRE_BLOCKS = 8
_ESCAPED_ID_FIELD = re.compile(rb"^message-id:[ \t]*(?:\r?\n[ \t]+)?&lt;", re.I | re.M)
#: A Message-ID as a summary names it: in its brackets, or bare between spaces.
_NAMED_ID = re.compile(rb"(?:<|(?<!\S))([^<>\s@]{1,500}@[^<>\s@]{1,500})(?:>|(?!\S))")
_MIME_BOUNDARY = re.compile(rb"^--\S")
_MESSAGE_ID_FIELD = re.compile(rb"message-id[ \t]*:", re.IGNORECASE)
#: A forward's marker: a line of dashes naming a forwarded message (`split.header_blocks`
#: reads each client's).
_FORWARD = re.compile(rb"^\s*-{3,}[^\n]{0,80}?forwarded", re.IGNORECASE)


def is_mail_source(path: PurePath, head: bytes) -> bool:
    """A source view saved as text (a page saved as a browser saves it is read as a page,
    which looks for the message: `holds_raw_message`)."""
    lines = head.removeprefix(UTF8_BOM).splitlines()
    if not head.endswith(b"\n"):
        lines = lines[:-1]  # (the sniffed bytes may end in the middle of a line)
    return first_message(lines, whole=False) is not None


def messages_in(lines: Sequence[bytes]) -> tuple[int, list[tuple[int, int]]]:
    """The messages of a source view saved as text, each as the index of its head's first
    line and the index past its last (none where the file is no such view); and the index
    past the lines above the first page's summary (a note written above it, which is
    read as prose: a title above a raw message is one too)."""
    lines = [line.rstrip(b"\r\n") for line in lines]
    first = first_message(lines, whole=True)
    if first is None:
        return 0, []
    found, _ = _message_id(lines[first : first + _MOST_HEAD_LINES])
    naming = next((at for at in range(first) if found in _NAMED_ID.findall(lines[at])), None)
    above = first if naming is None else _page_start(lines, naming, -1, None)
    title = _isolated(lines, above) if naming is not None and above < naming else None
    pages = [(first, first), *_later_pages(lines, first, title)]
    ends = [page for page, _ in pages[1:]] + [len(lines)]
    return above, [(head, end) for (_, head), end in zip(pages, ends, strict=True)]


def holds_raw_message(page: bytes) -> bool:
    """Might a page hold a raw message (a `<pre>`, a Message-ID field's escaped value)?"""
    return _ESCAPED_ID_FIELD.search(page) is not None and b"<pre" in page.lower()


def raw_message_in_page(data: bytes) -> tuple[int, list[bytes]] | None:
    """The raw message a saved page holds in a `<pre>` below a summary naming its
    Message-ID: the line of the file it starts on, and its lines; None where none does."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    for pre in soup.find_all("pre", limit=_MOST_PRE_BLOCKS):
        text = pre.get_text()
        first = pre.sourceline or 1
        if text.startswith("\n"):  # (the line break right after `<pre>` is none of its text)
            text, first = text[1:], first + 1
        lines = text.encode("utf-8", "surrogateescape").splitlines(keepends=True)
        above = pre.find_all_previous(string=True, limit=_MOST_SUMMARY_LINES * 4)
        shown = (cell for cell in reversed(above) if _shown(cell))
        cells = [line.strip() for cell in shown for line in cell.splitlines() if line.strip()]
        summary = [cell.encode("utf-8", "surrogateescape") for cell in cells]
        summary = summary[-_MOST_SUMMARY_LINES:]  # (the nearest last)
        start = first_message([*summary, *lines], whole=True)
        if start is not None and start >= len(summary):
            start -= len(summary)
            return first + start, lines[start:]
    return None


def _shown(text: PageElement) -> bool:
    return text.parent is None or text.parent.name not in _UNSHOWN


def first_message(lines: Sequence[bytes], *, whole: bool) -> int | None:
    """The index of the line where the first raw message starts below what a source view
    put above it: a summary naming its Message-ID, or a title. None where no raw head
    stands within a summary's length of the top. Of a file's first bytes only (`whole`
    false), a head that runs past them before its Message-ID is taken on the summary's word
    (its reader looks again)."""
    lines = [line.rstrip(b"\r\n") for line in lines[: _MOST_SUMMARY_LINES + _MOST_HEAD_LINES]]
    top = next((line for line in lines if line.strip()), b"")
    if _in_a_head(top):
        return None  # (a mail file: a source view quoted in its body is its words)
    named: set[bytes] = set()
    title: list[bytes] = []
    for index, line in enumerate(lines[: _MOST_SUMMARY_LINES + 1]):
        if len(line) > _LONGEST_SUMMARY_LINE:
            return None
        if index and _raw_head_at(lines, index):
            found, ended = _message_id(lines[index : index + _MOST_HEAD_LINES])
            if found in named or (named and found is None and not ended and not whole):
                return index
            if 0 < len(title) <= _MOST_TITLE_LINES and all(map(_a_title, title)):
                return index
        named.update(_NAMED_ID.findall(line))
        if line.strip():
            title.append(line)
    return None


def _later_pages(
    lines: Sequence[bytes], first: int, title: bytes | None
) -> list[tuple[int, int]]:
    """The pages pasted below the first one (whose title is `title`): each page's first
    line and its raw head's, where a summary names the Message-ID of a raw head below it
    (no MIME boundary between: a message attached to another is shown inside it, its own
    head and all)."""
    pages: list[tuple[int, int]] = []
    bound = first  # (the head of the message above: nothing of it is a page's)
    for index, line in enumerate(lines):
        if index <= bound or b"@" not in line or _in_a_head(line):
            continue
        for named in _NAMED_ID.findall(line):
            head = _head_naming(lines, index, named)
            if head is not None:
                pages.append((_page_start(lines, index, bound, title), head))
                bound = head
                break
    return pages


def _head_naming(lines: Sequence[bytes], at: int, named: bytes) -> int | None:
    """The raw head below a summary's line `at` whose Message-ID it names."""
    for index in range(at + 1, min(at + 1 + _MOST_SUMMARY_LINES, len(lines))):
        if _MIME_BOUNDARY.match(lines[index]):
            return None
        if _raw_head_at(lines, index):
            found, _ = _message_id(lines[index : index + _MOST_HEAD_LINES])
            return index if found == named else None
    return None


def _page_start(lines: Sequence[bytes], at: int, bound: int, title: bytes | None) -> int:
    """A page's first line: its summary's line naming the Message-ID (with the row's label
    on the line above, where the id stands alone on its own), and the page's title above
    that, a blank line or two between: on a later page, the first page's title (`Original
    Message`: a short line above a summary may as well be the last of a message's body);
    on the first (no `title` given), a short line on its own."""
    start, above = at, at - 1
    alone = _NAMED_ID.fullmatch(lines[at].strip()) is not None
    if alone and above > bound and lines[above].strip() and _short(lines[above]):
        start, above = above, above - 1
    while above > bound and not lines[above].strip() and start - above <= 2:
        above -= 1
    if title is None:
        title = _isolated(lines, above) if bound < 0 <= above else None
    if above > bound and title is not None and lines[above].strip() == title:
        start = above
    return start


def _isolated(lines: Sequence[bytes], at: int) -> bytes | None:
    """A short line on its own at the top of a file or under a blank one (a first page's
    title, `Original Message`), stripped; None for any other."""
    line = lines[at].strip()
    alone = at == 0 or not lines[at - 1].strip()
    return line if line and alone and _short(line) else None


def _short(line: bytes) -> bool:
    return len(line.strip()) <= _LONGEST_PAGE_TITLE and not _in_a_head(line)


def _a_title(line: bytes) -> bool:
    """A line a source view may have put above the message: no field, and no forward's
    marker (`------- Forwarded Message` over a forwarded head, its `Received:` lines kept,
    pasted into a note: a forward, read as the text it is in)."""
    return len(line) <= _LONGEST_TITLE_LINE and not _in_a_head(line) and not _FORWARD.match(line)


def _raw_head_at(lines: Sequence[bytes], index: int) -> bool:
    """Does a raw head start at this line: mail fields (`sniff.looks_like_mail`) holding
    one of transport or MIME and an address of the message's own (`From:`, `Sender:`,
    `Message-ID:`), on a line that goes on no head above it (a mail file's own `Received:
    … for <a@b>` names an address, not a message below)? A head may run past the lines
    given (the first bytes of a file), its sender's fields with it."""
    if _in_a_head(lines[index - 1]):
        return False
    raw = sender = False
    for line in lines[index : index + _MOST_HEAD_LINES]:
        if folded(line):
            continue
        field = HEADER_FIELD.match(line)
        if field is None:
            break  # (the head ended)
        name = field.group().rstrip(b": \t").lower()
        raw = raw or name in _RAW_FIELDS
        sender = sender or (name in _SENDER_FIELDS and b"@" in line)
    else:
        sender = True  # (the head runs past the lines given)
    # (sniffing's look, the dearer, last: it is asked of every line a text file's head holds)
    return raw and sender and looks_like_mail(b"\n".join(lines[index : index + 200]), "")


def _in_a_head(line: bytes) -> bool:
    """Is this line a head's field, or the fold of one?"""
    return folded(line) or (bool(line.strip()) and bool(HEADER_FIELD.match(line)))


def _message_id(head: Sequence[bytes]) -> tuple[bytes | None, bool]:
    """The Message-ID of a head (its field's value, folded or not), and whether the head
    ended within these lines."""
    value: bytes | None = None
    for line in head:
        if value is not None:
            if not folded(line):
                break  # (the field's value ended)
            value += line
        elif not folded(line) and not HEADER_FIELD.match(line):
            return None, True  # (the head ended without one: a blank line, or a body's)
        elif _MESSAGE_ID_FIELD.match(line):
            value = line.split(b":", 1)[1]
    if value is None:
        return None, False  # (the head goes on past these lines)
    found = _NAMED_ID.search(value)
    return (found.group(1) if found else None), True
