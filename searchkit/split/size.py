"""Size: no unit past what one unit may hold."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from ..readers.documents import Problem
from ..units import EMAIL, Unit

#: The most text one unit holds. A longer paragraph (a 50 MB line) becomes several units of
#: this size, so every word stays findable; a longer email is cut, with a line saying so (as
#: parts, one message would be counted as several).
MAX_UNIT_CHARS = 1_000_000


def bounded(units: Iterable[Unit], problems: list[Problem]) -> Iterator[Unit]:
    """The units, none longer than MAX_UNIT_CHARS; what was cut or parted joins `problems`."""
    for unit in units:
        if len(unit.text) <= MAX_UNIT_CHARS:
            yield unit
        elif unit.kind == EMAIL:
            problems.append(
                Problem(
                    unit.source,
                    f"email at line {unit.line_start}: text cut at {MAX_UNIT_CHARS:,} of"
                    f" {len(unit.text):,} characters",
                )
            )
            yield replace(unit, text=unit.text[: _word_end(unit.text, MAX_UNIT_CHARS)])
        else:
            note = f"paragraphs of over {MAX_UNIT_CHARS:,} characters indexed in parts"
            if not any(problem.message.startswith(note) for problem in problems):
                problems.append(
                    Problem(unit.source, f"{note} (the first at line {unit.line_start})")
                )
            for number, part in enumerate(_parts(unit.text), start=1):
                yield replace(unit, id=f"{unit.id}.{number}", text=part)


def _parts(text: str) -> Iterator[str]:
    start = 0
    while start < len(text):
        end = _word_end(text, start + MAX_UNIT_CHARS)
        if text[start:end].strip():
            yield text[start:end].strip()
        start = end


def _word_end(text: str, limit: int) -> int:
    """Where to cut `text` at about `limit` characters: after the last space before it."""
    if limit >= len(text):
        return len(text)
    space = text.rfind(" ", limit - MAX_UNIT_CHARS // 10, limit)
    return space + 1 if space > 0 else limit
