"""The splitter's patterns run on corpus text: none may grow faster than the line it reads.

Each case times a hostile line of n and of 4n characters (the best of three, the machine being
shared and noisy) and fails when four times the text costs far more than four times the time.
"""

from __future__ import annotations

import pytest

from searchkit.readers.documents import MARKDOWN, TEXT, TextDocument
from searchkit.split import split
from searchkit.split.prose import _attributions_unwrapped
from searchkit.split.text import clean_text
from tests.timing import best_seconds

N = 20_000


def _as_document(fmt: str):
    def read(text: str) -> None:
        split(TextDocument("hostile", fmt, ((1, text), (2, ""), (3, text))))

    return read


CASES = {
    "spaces around nothing": (
        lambda n: "a" + " " * n + "b",
        lambda t: clean_text(t, markdown=True),
    ),
    "links never closed": (lambda n: "[a" * (n // 2), lambda t: clean_text(t, markdown=True)),
    "images never closed": (lambda n: "![a" * (n // 3), lambda t: clean_text(t, markdown=True)),
    "stars never closed": (lambda n: "*a " * (n // 3), lambda t: clean_text(t, markdown=True)),
    "redactions": (lambda n: "█ " * (n // 2) + "x", lambda t: clean_text(t, markdown=False)),
    "a header with a long value": (lambda n: "From: " + " " * n + "x", _as_document(TEXT)),
    "connectors in a line": (
        lambda n: "Ada Berg to " * (n // 12) + "- Jan 2, 2016",
        _as_document(MARKDOWN),
    ),
    "an attribution's words": (lambda n: "On " + "wrote " * (n // 6) + ":", _as_document(TEXT)),
    "labels in a row": (lambda n: "From: To: " * (n // 10), _as_document(TEXT)),
    "digits and dashes": (lambda n: "1-" * (n // 2), _as_document(TEXT)),
    # OCR's labels: letters each followed by a space, never a colon
    "spaced letters of a label": (lambda n: "F r o m " * (n // 8), _as_document(TEXT)),
    "a browser's print foot never ending in a page": (
        lambda n: "https://" + "a" * n + " 1/",
        _as_document(TEXT),
    ),
    "a print head's far gap": (lambda n: "12/14/2015" + " " * n, _as_document(TEXT)),
    "a date line of letters against digits": (
        lambda n: "From: Ada\nSent: " + "O1" * (n // 2) + "\nTo: Bo\nSubject: x",
        lambda t: split(TextDocument("h", TEXT, tuple(enumerate(t.split("\n"), 1)))),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_growth_is_linear(case):
    make, work = CASES[case]
    small, large = best_seconds(work, make(N)), best_seconds(work, make(4 * N))
    # linear is 4x; quadratic would be 16x; the floor keeps timer noise on tiny times out
    assert large <= 10 * max(small, 0.002), (case, small, large)


def test_block_quoted_attributions_are_unwrapped_in_linear_time():
    # a page of `>` blocks each opening with an attribution: each block is read once, and
    # the page's lines are not copied again for each
    def page(blocks: int) -> list[tuple[int, str]]:
        block = "> Ann Lee <ann@example.com> wrote:\n> > hi there\n\n"
        return list(enumerate((block * blocks).split("\n"), 1))

    def unwrap(lines: list[tuple[int, str]]) -> None:
        unwrapped = _attributions_unwrapped(lines, "page.md", markdown=True)
        assert unwrapped[1] == (2, "> hi there")

    small, large = best_seconds(unwrap, page(2_000)), best_seconds(unwrap, page(8_000))
    assert large <= 8 * max(small, 0.002), (small, large)
