"""Plain-text digests (RFC 1153, as Mailman's, LISTSERV's and the old lists' digesters write
them): one mail whose text holds the list's messages one after another, each under a rule of
30 hyphens (the table of contents under one of 70), each starting with its own header block.

Each such message is a message of its own, carried by the digest as a MIME digest's are (the
mail reader parses its head as any mail's, RFC 5322's folded lines and encoded words
included); what is no message (the table of contents, the list's footer, the `End of …
Digest` trailer) stays the digest's own text. A rule under which no head stands (a
signature's, a message's own) is the text it stands in.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

#: RFC 1153's rules: 70 hyphens under the table of contents, 30 between messages.
_RULE = re.compile(r"-{30}(?:-{40})?[ \t]*")
#: A header field's line (RFC 5322's field name: printable ASCII but the colon).
_FIELD = re.compile(r"[!-9;-~]{1,76}:")
#: A head longer than this many lines is no digested message's.
_MOST_HEAD_LINES = 200
#: Blank lines a digester leaves between a rule and the head under it.
_MOST_BLANKS = 3


@dataclass(frozen=True)
class Digested:
    """One message of a plain-text digest: its lines (`start` to `end`, indexes into the
    digest's text's lines, `end` past the last) and its number in the digest."""

    start: int
    end: int
    number: int


def digested(lines: list[str]) -> list[Digested]:
    """The messages of a plain-text digest (its text's lines), in order; none for any other
    text."""
    if not any(line.startswith("-" * 30) for line in lines):  # (a cheap look first)
        return []
    rules = [index for index, line in enumerate(lines) if _is_rule(lines, index)]
    found: list[Digested] = []
    for rule in rules:
        start = _head_under(lines, rule + 1)
        if start is None:
            continue
        # a message runs to the next rule of the digest (one its text holds is its own)
        later = bisect.bisect_right(rules, start)
        end = rules[later] if later < len(rules) else len(lines)
        found.append(Digested(start, _trimmed(lines, start, end), len(found) + 1))
    return found


def _is_rule(lines: list[str], index: int) -> bool:
    """Is the line one of the digest's rules? RFC 1153 sets each apart by blank lines."""
    return (
        _RULE.fullmatch(lines[index]) is not None
        and (index == 0 or not lines[index - 1].strip())
        and (index + 1 == len(lines) or not lines[index + 1].strip())
    )


def _head_under(lines: list[str], index: int) -> int | None:
    """Where the header block of a message starts under a rule (blank lines between), if a
    header block stands there: field lines (folded ones too) holding a `From:`, then a
    blank line."""
    start = index
    while start < len(lines) and start - index < _MOST_BLANKS and not lines[start].strip():
        start += 1
    sender = False
    for place in range(start, min(len(lines), start + _MOST_HEAD_LINES)):
        line = lines[place]
        if not line.strip():
            return start if sender else None
        if line[:1] in (" ", "\t") and place > start:
            continue  # a folded line of the field above (RFC 5322)
        if not _FIELD.match(line):
            return None
        sender = sender or line[:5].lower() == "from:"
    return None


def _trimmed(lines: list[str], start: int, end: int) -> int:
    """The end of a message's lines, the blank lines above the rule under it left out."""
    while end > start and not lines[end - 1].strip():
        end -= 1
    return end


def own_lines(lines: list[str], messages: list[Digested]) -> list[str]:
    """The digest's own text: its lines with those of its messages, and its rules, blanked
    (so each line keeps its number in the file)."""
    own = ["" if _RULE.fullmatch(line) else line for line in lines]
    for message in messages:
        own[message.start : message.end] = [""] * (message.end - message.start)
    return own
