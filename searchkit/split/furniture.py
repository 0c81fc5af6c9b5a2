"""Page furniture: what a printout or release repeats on every page."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from ..readers.documents import PAGE_NUMBER, furniture_shape
from .envelopes import printed_head, read_envelope
from .model import Line
from .quotes import ATTRIBUTIONS

_FURNITURE_REPEATS = 3
_PAGE_LINES = 5
_LABEL = re.compile(r"^\W*[A-Za-z][\w-]*\s?:")


def without_furniture(lines: Sequence[Line]) -> list[Line]:
    """The lines of a text without what a printout or release repeats on every page: running
    headers and Bates numbers (`UNCLASSIFIED … Doc No. C06012345`), `Page 3 of 40`. A line
    is furniture when, its digits aside, it stands three times or more, pages apart, and
    holds digits (so a repeated sign-off or greeting stays); header lines, attributions and envelope
    lines, which repeat as correspondence does, are never furniture."""
    shapes = [furniture_shape(text) for _, text in lines]
    places: dict[str, list[int]] = {}
    for place, shape in enumerate(shapes):
        if "#" in shape:
            places.setdefault(shape, []).append(place)
    repeated = {
        shape
        for shape, found in places.items()
        if len(found) >= _FURNITURE_REPEATS
        and min(b - a for a, b in itertools.pairwise(found)) >= _PAGE_LINES
    }
    if not repeated:
        return list(lines)
    return [
        line
        for line, shape in zip(lines, shapes, strict=True)
        if shape not in repeated or not _is_furniture(line[1])
    ]


def _is_furniture(text: str) -> bool:
    if PAGE_NUMBER.match(text):
        return True
    return (
        len(text.strip()) >= 16
        and not _LABEL.match(text)
        and not any(pattern.match(text) for pattern in ATTRIBUTIONS)
        and read_envelope(text) is None
        and printed_head(text) is None
    )
