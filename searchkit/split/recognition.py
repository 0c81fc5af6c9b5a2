"""What was not recognised: files that look like correspondence but gave no message, and
lines that look like a message's start but start none."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from ..readers.documents import Document, TextDocument
from ..units import EMAIL, PARAGRAPH, Unit
from .header_blocks import header_field

# an attribution's last words, in any language of the table (`wrote:`, `a écrit :`)
_ATTRIBUTION_END = re.compile(
    r"\b(?:wrote|écrit|schrieb|escribió|scritto|schreef|escreveu|skrev)\b.{0,80}:\s*$",
    re.IGNORECASE,
)


def _mail_line(text: str) -> bool:
    """A header line in any language searchkit knows, or an attribution's end."""
    return len(text) < 400 and (
        header_field(text) is not None or bool(_ATTRIBUTION_END.search(text))
    )


_ADDRESS = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}\.[\w.]{1,255}")  # bounded: runs on every line


def unrecognised_mail(document: Document, units: Sequence[Unit]) -> bool:
    """Does this prose look like correspondence (header-like lines, attributions, many
    addresses) though no message was found in it? Then a layout was not recognised."""
    if not isinstance(document, TextDocument) or any(unit.kind != PARAGRAPH for unit in units):
        return False
    heads = sum(1 for _, text in document.lines if _mail_line(text))
    addresses = sum(len(_ADDRESS.findall(text)) for _, text in document.lines)
    return heads >= 3 or addresses >= 5


def _start_line(text: str) -> bool:
    """`From: x` or `Sent: x`, in any language searchkit knows (`Von:`, `Envoyé :`)."""
    field = header_field(text) if len(text) < 400 else None
    return field is not None and field[0] in ("from", "sent") and bool(field[1])


#: How far below an email's first line its From: line may stand (subject line, count, marker).
_HEAD_LINES = 6


def missed_starts(document: Document, units: Sequence[Unit]) -> list[int]:
    """Lines of prose in which messages were found that start like a message (`From: …`,
    `Sent: …`) but start none of them: a layout only partly recognised."""
    starts = sorted(unit.line_start for unit in units if unit.kind == EMAIL)
    if not isinstance(document, TextDocument) or not starts:
        return []  # (a file with no message at all is `unrecognised_mail`'s to say)
    heads = [number for number, text in document.lines if _start_line(text)]
    used = set()
    for start in starts:  # an email's own From: (a subject line or marker may stand above)
        first = bisect_left(heads, start)
        if first < len(heads) and heads[first] - start <= _HEAD_LINES:
            used.add(heads[first])
            if first + 1 < len(heads) and heads[first + 1] - heads[first] <= 2:
                used.add(heads[first + 1])  # and its Sent: under it
    return [number for number in heads if number not in used]
