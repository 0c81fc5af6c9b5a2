"""Envelope lines: a message's head written as one line, as reprints of published
correspondence write it, recognised by its shape rather than by one pattern.

    ### _**Sam Altman** to Elon Musk - May 25, 2015 9:10 PM_
    Elon Musk to: Greg Brockman (cc: Sam Altman; Ilya Sutskever) - Nov 22, 2015 (7:48PM)
    **Ilya Sutskever → Elon Musk, Sam Altman | Sep 20, 2017 2:08 PM CST**

The grammar: a person, a connector (`to`, `to:`, `→`, `->`), recipients separated by `,`,
`;` or `and`, a cc (`(cc: …)`, `(cc …)`, `, cc …`, `cc: …`), a separator, and a date that is
a date and nothing else (read by `written_dates`, in any language searchkit knows), the
whole line wrapped in any Markdown heading or emphasis. A line of prose that names a person
and a date does not fit: the line must be all envelope. Print views' head lines (Gmail's
`Name <address>   date`; Outlook.com's and Lotus Notes' person line over a date line) are
read here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..people import is_redaction, notes_common_name
from ..written_dates import read_written

_MAX_LINE = 300
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+")
_BLOCKQUOTE = re.compile(r"^\s{0,3}(?:>\s?){1,10}")
_STRONG = re.compile(r"\*\*|__")
_EDGE_EMPHASIS = re.compile(r"(?<![\w*])[*_]+|[*_]+(?![\w*])")
# the connector between the sender and the recipients
_HINT = re.compile(r"\bto\b|→|->|⟶", re.IGNORECASE)  # some connector, before the grammar
DIGIT = re.compile(r"\d")
_CONNECTOR = re.compile(r"\s+to\s*:?\s+|\s*(?:→|->|⟶)\s*", re.IGNORECASE)
_DATE_CUT = re.compile(r"\s*[-–—|,]\s+|\s+(?=\()|\s+(?:on|at)\s+|\s+")
_CC = re.compile(
    r"\s*,?\s*\(\s*cc\s*:?\s*(?P<inner>[^()]{1,400})\)"
    r"|\s*[,;]?\s+cc\s*:?\s+(?P<tail>.{1,400})$",
    re.IGNORECASE,
)
_LIST_SEPARATOR = re.compile(r"\s*[,;]\s*|\s+(?:and|&)\s+")
_ADDRESS = r"[\w.+'-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}"
_ADDRESS_ONLY = re.compile(rf"^<?{_ADDRESS}>?$")
_NAMED_ADDRESS = re.compile(rf"^(?P<name>[^<>()]{{1,80}}?)\s*[<(](?P<address>{_ADDRESS})[>)]$")
_REDACTED = re.compile(r"^(?:\[redacted\]|<redacted>|█+)$", re.IGNORECASE)
_PARTICLES = frozenset(
    [
        "de",
        "del",
        "della",
        "der",
        "den",
        "van",
        "von",
        "la",
        "le",
        "du",
        "da",
        "di",
        "dos",
        "das",
        "do",
        "ter",
        "ten",
        "bin",
        "al",
        "el",
        "y",
        # inside an office's name, as Notes and announcements sign (`Office of the Chairman`)
        "of",
        "the",
        "for",
    ]
)
_MAX_NAME_WORDS = 6
# words that begin a title or a phrase, never a person's name (`Letter To The Board`)
_NOT_NAMES = frozenset(
    {"the", "a", "an", "our", "my", "your", "his", "her", "their", "its", "this", "that"}
    | {"these", "those", "all", "dear"}
)
# `From Elon Musk to …`, `Email from Elon Musk to …`: words before the sender
_LEAD = re.compile(r"^(?:(?:an?\s+)?(?:e-?mail|message|letter|note)\s+)?from\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Envelope:
    sender: str
    to: tuple[str, ...]
    cc: tuple[str, ...]
    date: str
    shape: tuple[int, str, str]  # heading level, connector, separator: what a file repeats

    def headers(self) -> dict[str, str]:
        headers = {"from": self.sender, "to": "; ".join(self.to), "date": self.date}
        if self.cc:
            headers["cc"] = "; ".join(self.cc)
        return headers


def read_envelope(line: str) -> Envelope | None:
    """The envelope a line is, or None: the line must be all envelope."""
    # cheap looks first: every line of a text comes here
    if len(line) >= _MAX_LINE or not _HINT.search(line) or not DIGIT.search(line):
        return None
    line = _BLOCKQUOTE.sub("", line)  # a head quoted in a Markdown block quote
    heading = HEADING.match(line)
    level = len(heading.group(1)) if heading else 0
    text = plain(line[heading.end() :] if heading else line)
    connector = _CONNECTOR.search(text)
    if connector is None:
        return None
    sender = _LEAD.sub("", text[: connector.start()]).strip()
    if not is_person(sender):
        return None
    rest = text[connector.end() :]
    for cut in _DATE_CUT.finditer(rest):
        if cut.start() == 0:
            continue
        when = rest[cut.end() :].strip(" *_")
        people = _recipients(rest[: cut.start()])
        if people is None or not when:
            continue
        if read_written(when) is None:
            continue
        separator = cut.group().strip() or " "
        to, cc = people
        # `To` with a capital and no colon is told apart: a title's words are capitalised too
        kind = connector.group().strip().rstrip(":") or "to"
        return Envelope(sender, to, cc, when, (level, kind, separator))
    return None


def plain(line: str) -> str:
    """The line without Markdown emphasis: around the whole line or around the names."""
    text = _STRONG.sub("", line)
    return _EDGE_EMPHASIS.sub("", text).strip()


def _recipients(text: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    text = text.strip().rstrip(",;")
    cc: list[str] = []
    found = _CC.search(text)
    if found:
        listed = found.group("inner") or found.group("tail") or ""
        cc = _people(listed) or []
        if not cc:
            return None
        text = (text[: found.start()] + text[found.end() :]).strip().rstrip(",;")
    to = _people(text)
    if not to:
        return None
    return tuple(to), tuple(cc)


def _people(text: str) -> list[str] | None:
    names = [name.strip() for name in _LIST_SEPARATOR.split(text.strip()) if name.strip()]
    if not names or not all(is_person(name) for name in names):
        return None
    return names


def is_person(text: str) -> bool:
    """Does this text name one person: a name, an address, both, or a redaction?"""
    text = text.strip()
    if not text or len(text) > 120:
        return False
    text = notes_common_name(text) or text
    if _ADDRESS_ONLY.match(text) or _REDACTED.match(text):
        return True
    named = _NAMED_ADDRESS.match(text)
    if named:
        text = named.group("name").strip().strip("\"'")
        if not text:
            return True
    words = text.split()
    if len(words) > _MAX_NAME_WORDS or words[0].lower() in _NOT_NAMES:
        return False
    return all(_name_word(word) for word in words) and not all(
        word.lower() in _PARTICLES for word in words
    )


def _name_word(word: str) -> bool:
    if word.lower() in _PARTICLES:
        return True
    core = word.strip(".,'’\"")
    if not core or any(char.isdigit() for char in core):
        return False
    first = core[0]
    if not first.isalpha():
        return False
    # a capital, or a letter of a script with no case (Chinese, Arabic, Hebrew, …)
    return first.isupper() or not first.islower()


# `Jane Doe <jane@gmail.com>      Tue, Mar 5, 2019 at 4:12 PM`: a Gmail print view's head line
# (a sender with no name is its address alone: `noreply@x.org      Mon, Dec 2, 2019 …`)
_PRINTED_HEAD = re.compile(
    r"^\s*(?P<sender>[^<>\s][^<>]{0,120}< ?[^<>@\s]{1,64}@[^<>\s]{1,255} ?>"
    r"|[^<>@\s]{1,64}@[^<>@\s]{1,255}\.[A-Za-z]{2,63})(?:\s{2,}|\t)"
    r"(?P<date>\S.{0,80}?\d{4}.{0,40}?)\s*$"
)


def printed_head(line: str) -> dict[str, str] | None:
    """The sender and date of a Gmail print view's head line (its sender blacked out, in a
    release: `(b)(6)      Fri, Jul 15, 2011 at 11:44 PM`; Zimbra's address spaced inside
    its brackets, `< alice@example.com >`), or None."""
    if len(line) >= _MAX_LINE:
        return None
    found = _PRINTED_HEAD.match(line)
    if found is not None:
        sender, date = found.group("sender"), found.group("date")
    else:
        parts = GAP.split(line.strip(), maxsplit=1)
        if len(parts) != 2 or not is_redaction(parts[0]) or not _DATE_LIKE.match(parts[1]):
            return None
        sender, date = parts
    from ..dates import parse_date

    if parse_date(date) is None:
        return None
    if "<" not in sender and "@" in sender and not _CLOCK.search(date):
        return None  # an address and a day, a table's row, give no message: Gmail's gives a time
    return {"from": sender, "date": date}


_CLOCK = re.compile(r"\d:\d\d")


# between a print view's sender and its date, or a label and its value: spaces, or a tab
GAP = re.compile(r"\s{2,}|\t")
_DATE_LIKE = re.compile(r"\S.{0,80}?\d{4}.{0,40}?$")


def stacked_head(person_line: str, date_line: str) -> dict[str, str] | None:
    """A person on one line and a date alone on the next: the head of an Outlook.com print
    view (`Jane Doe <jane@x.org>` over `Wed 3/6/2019 8:05 AM`) or a Lotus Notes header block
    (`Kirk McDaniel` over `12/29/2000 10:05 AM`)."""
    person = plain(person_line)
    when = plain(date_line)
    if not person or not is_person(person) or read_written(when) is None:
        return None
    return {"from": person, "date": when}
