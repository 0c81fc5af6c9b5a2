"""RFC 934's encapsulation, as MH's forward (`forw`) writes it: the forwarded message between
`------- Forwarded Message` and `------- End of Forwarded Message`, each of its lines that
began with a dash written after one more dash and a space (`- --` for a signature's `--`,
`- ------- Forwarded Message` for a forward inside it). Read back as written before it, at
every depth, before a body or a page is split: the forwarded messages' texts are their
writers' own, and only the outermost markers open and close a forward.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .header_blocks import FORWARD_END
from .model import Line

#: The marker over an RFC 934 encapsulation: seven dashes, as MH's, VM's and older Gnus'
#: (`------- Forwarded Message`, `------- start of forwarded message (RFC 934
#: encapsulation) -------`); its end marker is `FORWARD_END`'s.
MARKER = re.compile(
    r"^-{7} ?(?:(?:start|beginning) of |begin )?forwarded messages?\b.{0,60}$", re.IGNORECASE
)


def unencapsulated(lines: Sequence[Line]) -> list[Line]:
    """The lines, each encapsulated message's (closed by its end marker) as written before
    it was encapsulated, each line keeping its number. One pass finds the encapsulations,
    by how deep each marker is stuffed; a second takes from each line one `- ` for each
    encapsulation holding it."""
    depths = [0] * (len(lines) + 1)
    for start, end in _encapsulations(lines):
        depths[start + 1] += 1
        depths[end] -= 1
    found = []
    depth = 0
    for index, (number, text) in enumerate(lines):
        depth += depths[index]
        found.append((number, _unstuffed(text, depth) if depth else text))
    return found


def _encapsulations(lines: Sequence[Line]) -> list[tuple[int, int]]:
    """(marker, end marker) of each encapsulation closed by its end marker: a marker opens
    one inside those open when it is stuffed once for each of them."""
    open_at: list[int] = []
    found = []
    for index, (_, text) in enumerate(lines):
        if not text.startswith("-"):  # (every marker does, stuffed or not; few lines do)
            continue
        depth, marker = _stuffing(text)
        if depth == len(open_at) and MARKER.match(marker):
            open_at.append(index)
        elif open_at and depth == len(open_at) - 1 and FORWARD_END.match(marker):
            found.append((open_at.pop(), index))
    return found


def _stuffing(text: str) -> tuple[int, str]:
    """How many `- ` a line begins with, and the rest of it."""
    at = 0
    while text.startswith("- ", at):
        at += 2
    return at // 2, text[at:]


def _unstuffed(text: str, depth: int) -> str:
    """The line with up to `depth` of the `- ` it begins with taken away."""
    stuffed, _ = _stuffing(text)
    return text[2 * min(depth, stuffed) :]
