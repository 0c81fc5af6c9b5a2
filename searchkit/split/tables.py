"""Heads written as Markdown tables, as reprints of correspondence set them out:

    | From           | To        | Date                   | Subject         |
    |----------------|-----------|------------------------|-----------------|
    | Ilya Sutskever | Elon Musk | Sep 20, 2017 (2:08 PM) | Honest Thoughts |

    | Header | Value     |
    |--------|-----------|
    | From   | Elon Musk |
    | Date   | Fri, Jul 21, 2017 at 3:34 AM |

A table is a head when its labels are header labels (in any language searchkit knows) and
its values make a head as a header block's do (a sender and a date that reads as one); the
table's rows are then read as the `Name: value` lines they stand for. A table of labels over
several rows of values lists several messages without their words: no head, and said
(`header_tables_unread`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .header_blocks import header_blocks, header_field
from .model import HeaderBlock, Line

_MAX_ROW = 2000  # characters: a longer line is no row of a head
_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")
_RULE_CELL = re.compile(r"^:?-{1,200}:?$")


def _cells(text: str) -> list[str] | None:
    """The cells of a table row (`| a | b |`), or None for a line that is no row."""
    row = text.strip()
    if len(row) > _MAX_ROW or not row.startswith("|") or not row.endswith("|") or len(row) < 2:
        return None
    return [cell.strip() for cell in _CELL_SEPARATOR.split(row[1:-1])]


def _is_rule(cells: Sequence[str]) -> bool:
    return all(_RULE_CELL.match(cell.replace(" ", "")) for cell in cells)


def _label(cell: str) -> str | None:
    """The header label a cell is (`From`, `**Von**`), as a header line writes it."""
    field = header_field(f"{cell}:") if len(cell) < 60 else None
    return cell if field is not None and not field[1] else None


def _tables(lines: Sequence[Line]) -> Iterator[tuple[int, int, list[list[str]]]]:
    """Each Markdown table: its first line, the line after it, its rows (the rule under the
    first row left out)."""
    index = 0
    while index < len(lines):
        first = _cells(lines[index][1])
        rule = _cells(lines[index + 1][1]) if first and index + 1 < len(lines) else None
        if first is None or rule is None or not _is_rule(rule):
            index += 1
            continue
        rows, end = [first], index + 2
        while end < len(lines):
            row = _cells(lines[end][1])
            if row is None:
                break
            rows.append(row)
            end += 1
        yield index, end, rows
        index = end


def _header_lines(rows: list[list[str]]) -> list[str] | None:
    """The `Name: value` lines a table stands for: labels over one row of values, or a label
    and its value on each row (under a row naming the columns, or not); None for a table of
    anything else."""
    labels = [_label(cell) for cell in rows[0]]
    if all(labels) and len(rows) == 2 and len(rows[1]) == len(labels):
        return [f"{label}: {value}" for label, value in zip(labels, rows[1], strict=True)]
    if any(len(row) != 2 for row in rows):
        return None
    named = rows if _label(rows[0][0]) else rows[1:]
    if not named or not all(_label(row[0]) for row in named):
        return None
    return [f"{label}: {value}" for label, value in named]


def _head(lines: Sequence[Line], start: int, end: int, rows: list[list[str]]) -> HeaderBlock | None:
    written = _header_lines(rows)
    if written is None:
        return None
    standing = [(lines[start][0], text) for text in written]
    block = next(iter(header_blocks(standing, subjects=False)), None)
    if block is None or block.start != 0 or block.end != len(standing):
        return None  # not all of it a head (no sender, a date that is none)
    return HeaderBlock(start, end, block.headers, block.headers.get("subject"), False)


def table_heads(lines: Sequence[Line]) -> list[HeaderBlock]:
    """The heads written as Markdown tables among `lines`."""
    return [
        head
        for start, end, rows in _tables(lines)
        if (head := _head(lines, start, end, rows)) is not None
    ]


def header_tables_unread(lines: Sequence[Line]) -> list[int]:
    """Lines of tables of header labels over several rows of values: a list of messages
    that gives none of their words, so no message is made of it."""
    return [
        lines[start][0]
        for start, _, rows in _tables(lines)
        if len(rows) > 2 and all(_label(cell) for cell in rows[0])
    ]
