"""What was not recognised: files that look like correspondence but gave no message, and
lines that look like a message's start but start none (a head, an attribution over a quote,
a table of heads)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from ..readers.documents import Document, TextDocument
from ..units import EMAIL, PARAGRAPH, Unit
from .header_blocks import bare_field, header_field
from .model import Line
from .tables import header_tables_unread

# an attribution's last words, in any language of the table (`wrote:`, `a écrit :`)
_ATTRIBUTION_END = re.compile(
    r"\b(?:wrote|écrit|schrieb|escribió|scritto|schreef|escreveu|skrev)\b.{0,80}:\s*$",
    re.IGNORECASE,
)


_MAX_LINE = 400  # characters: a longer line is a paragraph, no head or attribution


def _attribution_end(text: str) -> bool:
    """Does the line end as an attribution does? It ends with a colon: a cheap look before
    the pattern, which runs on every line of a page."""
    return text.rstrip().endswith(":") and bool(_ATTRIBUTION_END.search(text))


def _mail_line(text: str) -> bool:
    """A header line in any language searchkit knows (its label with no colon too), or an
    attribution's end."""
    return len(text) < _MAX_LINE and (
        header_field(text) is not None or _attribution_end(text) or _bare_label(text)
    )


def _bare_label(text: str) -> bool:
    """A header label with no colon: alone on its line (Notes prints each value under its
    label: `To` over `Adam Kowalski/R5/USEPA/US@EPA`) or before a tab and its value (a
    webmail's print view: `Subject<TAB>Quarterly figures`)."""
    found = bare_field(text.partition("\t")[0])
    return found is not None and not found[1]


_ADDRESS = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}\.[\w.]{1,255}")  # bounded: runs on every line
# what an attribution gives that a sentence ending `… wrote:` seldom does: a time, an address
_TIME_OR_ADDRESS = re.compile(r"\d{1,2}[:.]\d{2}|@")
_QUOTE_MARKS = re.compile(r"^[\s>]{0,200}")
#: How far under an attribution its quote may start (blank or bare `>` lines between).
_ATTRIBUTION_TO_QUOTE = 3


def unrecognised_mail(document: Document, units: Sequence[Unit]) -> bool:
    """Does this prose look like correspondence (header-like lines, attributions, many
    addresses, an attribution over a quote, a table of heads) though no message was found in
    it? Then a layout was not recognised."""
    if not isinstance(document, TextDocument) or any(unit.kind != PARAGRAPH for unit in units):
        return False
    lines = document.lines
    heads = sum(1 for _, text in lines if _mail_line(text))
    addresses = sum(len(_ADDRESS.findall(text)) for _, text in lines)
    return (
        heads >= 3
        or _stamped(lines)
        or addresses >= 5
        or bool(_quoting_attributions(lines))
        or bool(header_tables_unread(lines))
    )


# a line opening with a day and a time, the day's parts in any order, any words between
# (`12.03.19, 3:45 nachm. -`, `[2019. 3. 12. 오후 3:45:22]`, `12/03/2019 à 10:14 -`, `15:45
# 12/3/19 -`): a chat export's line, or a log's
_DAY = r"\d{1,4}\D{1,4}\d{1,2}\D{1,4}\d{1,4}"
_TIME = r"\d{1,2}\s?[:.h]\s?\d{2}"
_STAMP = re.compile(rf"^\W{{0,4}}(?:{_DAY}\D{{1,12}}?{_TIME}|{_TIME}\D{{1,12}}?{_DAY})")
#: Stamped lines a file of prose must hold, at least, to look like a chat that was not read.
_STAMPED_LINES = 3


def _stamped(lines: Sequence[Line]) -> bool:
    """Do a third of the lines with words, and three at least, open with a day and a time?"""
    spoken = [text for _, text in lines if text.strip()]
    stamped = sum(1 for text in spoken if _STAMP.match(text))
    return stamped >= _STAMPED_LINES and stamped * 3 >= len(spoken)


def _quoting_attributions(lines: Sequence[Line]) -> list[int]:
    """Lines that end as an attribution does (`… Ann <ann@x.org> wrote:`), with a time or an
    address, over a quote one level deeper than the line: a quoted message's start."""
    found = []
    for index, (number, text) in enumerate(lines):
        if (
            len(text) < _MAX_LINE
            and _attribution_end(text)
            and _TIME_OR_ADDRESS.search(text)
            and _quoted_under(lines, index)
        ):
            found.append(number)
    return found


def _quoted_under(lines: Sequence[Line], index: int) -> bool:
    depth = _depth(lines[index][1])
    for _, text in lines[index + 1 : index + 1 + _ATTRIBUTION_TO_QUOTE]:
        marks = _QUOTE_MARKS.match(text)
        if marks is not None and marks.end() < len(text):  # some words, not a bare `>`
            return _depth(text) > depth
    return False


def _depth(text: str) -> int:
    marks = _QUOTE_MARKS.match(text)
    return marks.group().count(">") if marks else 0


def _start_field(text: str) -> str | None:
    """`from` or `sent` of a `From: x` or `Sent: x` line, in any language searchkit knows
    (`Von:`, `Envoyé :`); None for any other line."""
    field = header_field(text) if len(text) < _MAX_LINE else None
    return field[0] if field is not None and field[0] in ("from", "sent") and field[1] else None


#: How far below an email's first line its From: line may stand (subject line, count, marker).
_HEAD_LINES = 6


def missed_starts(document: Document, units: Sequence[Unit]) -> list[int]:
    """Lines of prose in which messages were found that start like a message (`From: …`,
    `Sent: …`) but start none of them: a layout only partly recognised."""
    starts = sorted(unit.line_start for unit in units if unit.kind == EMAIL)
    if not isinstance(document, TextDocument) or not starts:
        return []  # (a file with no message at all is `unrecognised_mail`'s to say)
    fields = {number: field for number, text in document.lines if (field := _start_field(text))}
    heads = sorted(fields)
    missed = _missed_attributions(document.lines, starts) + header_tables_unread(document.lines)
    used = set()
    for start in starts:  # an email's own From: (a subject line or marker may stand above)
        first = bisect_left(heads, start)
        if first < len(heads) and heads[first] - start <= _HEAD_LINES:
            used.add(heads[first])
            below = heads[first + 1] if first + 1 < len(heads) else None
            if below and fields[below] == "sent" and below - heads[first] <= _HEAD_LINES:
                used.add(below)  # and its Sent: under it (To:, Cc: between)
    return sorted([number for number in heads if number not in used] + missed)


def _missed_attributions(lines: Sequence[Line], starts: Sequence[int]) -> list[int]:
    """Attributions over a quote that start no email (one wrapped in two lines starts it on
    the line above)."""
    started = set(starts)
    return [
        number
        for number in _quoting_attributions(lines)
        if number not in started and number - 1 not in started
    ]
