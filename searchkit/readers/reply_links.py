"""A list archive's thread, from its reply links: the pages beside the one being read.

A message page seldom names its thread's root. Hypermail's names its parent (the
`inreplyto` comment, and an "In reply to" link to the parent's page, which names its own
parent, and so on up); pipermail's names nothing, but the month's `thread.html` gives every
page a key holding its ancestors, the root's first. So the thread of a page needs other files
of the corpus: `Neighbours` reads them (never following a link, never leaving the corpus) and
records each one it looked for, found or not, so that an update re-reads the page when one of
them changes, appears or goes (see `FileUnits.consulted`).

A thread is its root's Message-ID, as for mail files, so that a list's archive pages and its
mbox copies share their threads. A link is trusted only when the page it leads to is the one
the reply names: a guess ("Maybe in reply to") or a stale link never joins two threads.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import stat
from collections.abc import Callable, Iterator
from functools import cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple, TypeVar
from urllib.parse import unquote

T = TypeVar("T")

#: Past this many pages up a chain of replies, the chain is cut (a loop of links, say).
MAX_CHAIN = 500
#: The largest page or index read for its links: a thread.html of a busy month is a few MB.
MAX_LINKED_BYTES = 16 * 2**20


class Neighbours:
    """Other files of the corpus, by their source name, as one page's reading needs them."""

    def __init__(self, path: Path, source: str) -> None:
        depth = source.count("/")
        self.root = path.parents[depth] if depth else path.parent
        self.source = source
        self.consulted: list[str] = []  # other files, so not the page itself

    @cached_property
    def real_root(self) -> str:  # only when a page asks for another: most HTML is no archive
        return os.path.realpath(self.root)

    def read(self, source: str, parse: Callable[[str], T]) -> T | None:
        """`parse` of the file's text; None when it is not a regular file of the corpus."""
        if source not in self.consulted and source != self.source:
            self.consulted.append(source)
        path = self.root / source
        if os.path.realpath(path) != os.path.join(self.real_root, source):
            return None  # a link is never followed, in the name's folders neither
        try:
            info = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_LINKED_BYTES:
            return None  # a FIFO is never opened
        return _parsed(str(path), info.st_mtime_ns, info.st_size, parse)

    def folders_beside(self, folder: str) -> list[str]:
        """The other folders in `folder`'s parent (a list archive's other months), sorted."""
        parent = posixpath.dirname(folder)
        try:
            with os.scandir(self.root / parent) as entries:
                names = sorted(
                    entry.name
                    for entry in entries
                    if entry.is_dir(follow_symlinks=False) and not entry.name.startswith(".")
                )
        except OSError:
            return []
        beside = (posixpath.join(parent, name) for name in names)
        return [other for other in beside if other != folder]


@lru_cache(maxsize=512)
def _parsed(path: str, mtime_ns: int, size: int, parse: Callable[[str], T]) -> T | None:
    """A file's parse, kept while its size and mtime stay: every page of a month reads the
    same thread.html, every reply the same parents."""
    try:
        text = Path(path).read_bytes().decode("utf-8", "replace")
    except OSError:
        return None
    return parse(text)


def linked(source: str, href: str) -> str | None:
    """The source name a page's relative link leads to, if it stays in the corpus."""
    if not href or "//" in href or href.startswith(("/", "mailto:")) or ":" in href.split("/")[0]:
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(href)))
    return None if target.startswith("..") or target == "." else target


def bare(message_id: str) -> str:
    """A thread id from a Message-ID, as mail files make it (split.mail_thread)."""
    return message_id.strip().strip("<>")


# -- Hypermail: each page names its parent ---------------------------------------------------

#: A header Hypermail writes into a comment: `<!-- inreplyto="1200@example.org" -->`.
# The value stops at `<` and `>` (Hypermail escapes both), so no match runs past the next tag.
HYPERMAIL_FIELD = re.compile(r'<!--\s*(?P<name>\w+)="(?P<value>[^"<>]*)"\s*-->')
# "In reply to" with a capital I: Hypermail's guess by subject says "Maybe in reply to"
_IN_REPLY_TO = "In reply to"
#: How far after "In reply to" its link is looked for: a few tags.
_IN_REPLY_TO_WINDOW = 600
_FIRST_LINK = re.compile(r"<a\s[^<>]*?href=\"(?P<href>[^\"#<>]+)", re.I)
_TAG = re.compile(r"<[^<>]*>")


class HypermailLinks(NamedTuple):
    message_id: str | None
    parent_id: str | None
    parent_href: str | None


def hypermail_links(markup: str) -> HypermailLinks:
    head, _, _ = markup.partition('<!-- body="start" -->')
    fields = {m["name"].lower(): html.unescape(m["value"]) for m in HYPERMAIL_FIELD.finditer(head)}
    return HypermailLinks(
        _unhidden(fields.get("id", "")),
        _unhidden(fields.get("inreplyto", "")),
        _in_reply_to_href(head),
    )


def _unhidden(message_id: str) -> str | None:
    """A Message-ID as it was sent: Hypermail's spam protection writes its `@` as `_at_`
    (`CAHq9nZ+8xk_at_mail.gmail.com`), as it does an address's, and a copy of the message
    in an mbox must have the same id and thread."""
    message_id = message_id.strip()
    if "@" not in message_id and "_at_" in message_id:
        head, _, domain = message_id.rpartition("_at_")
        message_id = f"{head}@{domain}"
    return message_id or None


def _in_reply_to_href(head: str) -> str | None:
    """The link just after "In reply to" (only tags, spaces and a colon between), each
    occurrence looked at in a window of its own: a pattern spanning tags would backtrack."""
    at = head.find(_IN_REPLY_TO)
    while at >= 0:
        window = head[at + len(_IN_REPLY_TO) : at + len(_IN_REPLY_TO) + _IN_REPLY_TO_WINDOW]
        link = _FIRST_LINK.search(window)
        if link and _TAG.sub("", window[: link.start()]).strip() in ("", ":"):
            return html.unescape(link["href"])
        at = head.find(_IN_REPLY_TO, at + 1)
    return None


def hypermail_thread(links: HypermailLinks, source: str, neighbours: Neighbours) -> str | None:
    """The root's Message-ID, up the pages' "In reply to" links; where the chain leaves the
    archive, the last message it names (every reply below it names the same)."""
    seen = {source}
    for _ in range(MAX_CHAIN):
        if links.parent_id is None:
            return bare(links.message_id) if links.message_id else None
        parent = linked(source, links.parent_href or "")
        if parent is None or parent in seen:
            break
        found = neighbours.read(parent, hypermail_links)
        if found is None or bare(found.message_id or "") != bare(links.parent_id):
            break  # not the page of the message it replies to: a link is never a guess
        seen.add(parent)
        source, links = parent, found
    return bare(links.parent_id) if links.parent_id else None


# -- pipermail: the month's thread.html keys each page by its ancestors ----------------------

# `<!--2 01627803680.65691-01627810112.65692-01627942654.65701- -->` then the page's entry
_THREAD_ENTRY = re.compile(
    r"<!--\d+\s+(?P<key>\S+)\s*-->\s*<LI>\s*<A\s+HREF=\"(?P<href>[^\"#]+)\"", re.I
)
# Mailman 2.1 keys a message by `date.number-`, each ancestor first; older ones `date/Message-ID-`
_SEQUENCE_ROOT = re.compile(r"^-?\d+\.(?P<number>\d+)-")
_MESSAGE_ID_ROOT = re.compile(r"^-?\d+/(?P<message_id>.+?)-(?=-?\d+/|$)")
# the reply link of a pipermail page carries the page's own Message-ID, to reply to
# (a link's whole href, then its query read by string operations: linear on any page)
_MAILTO = re.compile(r"href=\"mailto:(?P<href>[^\"]*)\"", re.I)
_REPLY_TO_PARAMETER = re.compile(r"[?&]In-Reply-To=(?P<id>[^&]*)", re.I)


def pipermail_keys(markup: str) -> dict[str, str]:
    """A thread.html's key of each page, by the page's file name."""
    return {m["href"]: m["key"] for m in _THREAD_ENTRY.finditer(markup)}


def pipermail_message_id(markup: str) -> str | None:
    for link in _MAILTO.finditer(markup):
        found = _REPLY_TO_PARAMETER.search(link["href"])
        if found:
            value = unquote(html.unescape(found["id"])).strip()
            return value or None
    return None


def pipermail_thread(source: str, message_id: str | None, neighbours: Neighbours) -> str | None:
    """The thread of a pipermail page (whose own Message-ID is `message_id`) from its
    month's thread.html: the root's Message-ID (its page in this month or another), else the
    archive's number for the root; None when the month has no thread.html that lists it."""
    folder, name = posixpath.split(source)
    keys = neighbours.read(posixpath.join(folder, "thread.html"), pipermail_keys)
    key = (keys or {}).get(name)
    if key is None:
        return None
    by_id = _MESSAGE_ID_ROOT.match(key)
    if by_id:
        return bare(by_id["message_id"])
    by_number = _SEQUENCE_ROOT.match(key)
    if by_number is None:
        return None
    number = int(by_number["number"])
    page = f"{number:06d}.html"  # Mailman numbers messages across the whole archive
    if page == name:  # the page is its thread's root
        root_id = message_id
    else:
        found = (
            neighbours.read(posixpath.join(month, page), pipermail_message_id)
            for month in _this_month_first(folder, neighbours)
        )
        root_id = next((candidate for candidate in found if candidate), None)
    return bare(root_id) if root_id else f"{posixpath.dirname(folder) or '.'}#{number}"


def _this_month_first(folder: str, neighbours: Neighbours) -> Iterator[str]:
    """The page's month, then (listed only if the root is not there) the others."""
    yield folder
    yield from neighbours.folders_beside(folder)
