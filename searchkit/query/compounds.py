"""Compounds written as one word or as two: `cybersecurity` also finds "cyber security" and
`cyber security` also "cybersecurity"; `email`, `e-mail` and `e mail` are one word.

The hyphenated spelling is the analyser's (the index holds `non-profit` as its parts and as
`nonprofit`). Written apart, the two spellings only meet through the corpus's own words: a
query word is split only into two words that stand side by side in the corpus (`therapist`
is never `the rapist`: stop words are no parts), and two query words are joined only into a
word it holds. The query string gets the other spelling as an alternative:
`((cyber security) OR cybersecurity)`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..analysis import STOP_WORDS

#: A query string's pieces: quoted phrases (a field's, `subject:"a b"`, whole), and the words
#: and operators between them.
_PIECE = re.compile(r'[^\s"]*"[^"]*"(?:~\d+)?|\S+')
_WORD = re.compile(r"[A-Za-z]+")
_HYPHENATED = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)+")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}
#: The shortest parts a word is split into: three letters (`cyber security`), or a first
#: part of one (`e mail`, `x ray`); two-letter parts (`re search`) are prefixes, not words.
_SHORTEST_PART = 3
_SHORTEST_SPLIT = 5
#: Splits into two known words looked for side by side, at most (each a phrase search).
_MOST_TRIES = 2
#: Words longer than this are not tried (each split is a lookup).
_LONGEST = 40


Known = Callable[[str], bool]
Adjacent = Callable[[str, str], bool]


def both_spellings(text: str, known: Known, adjacent: Adjacent) -> str:
    """The query string with each compound's other spelling beside it, where the corpus
    holds that spelling (`known`: does it hold this word? `adjacent`: these two words, one
    after the other?)."""
    pieces = _PIECE.findall(text)
    out: list[str] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        # after NOT, `cyber security` stays two words (NOT would take the whole group)
        joinable = index + 1 < len(pieces) and (not out or out[-1] != "NOT")
        following = pieces[index + 1] if joinable else ""
        other = _other_spelling(piece, following, known, adjacent)
        if piece.startswith('"'):
            out.append(_phrase(piece, known, adjacent))
        elif other and other[1] == 2:
            out.append(f"(({piece} {following}) OR {other[0]})")
            index += 1
        elif other and other[1] == 1:
            out.append(f'({piece} OR "{other[0]}")')
        elif _HYPHENATED.fullmatch(piece):  # `e-mail`: also `e mail`, written apart
            out.append(f'({piece} OR "{piece.replace("-", " ")}")')
        else:
            out.append(piece)
        index += 1
    return " ".join(out) if out != pieces else text


def _phrase(piece: str, known: Known, adjacent: Adjacent) -> str:
    """A quoted phrase, and the phrase with one compound spelled the other way."""
    inner, _, tail = piece[1:].partition('"')
    words = inner.split()
    for at, word in enumerate(words):
        following = words[at + 1] if at + 1 < len(words) else ""
        other = _other_spelling(word, following, known, adjacent)
        if other:
            respelled = [*words[:at], other[0], *words[at + other[1] :]]
            return f'({piece} OR "{" ".join(respelled)}"{tail})'
    return piece


def _other_spelling(
    word: str, following: str, known: Known, adjacent: Adjacent
) -> tuple[str, int] | None:
    """The word (with the one after it: `cyber security` → `cybersecurity`) or the word
    alone (`cybersecurity` → `cyber security`) as the corpus also spells it, and how many
    words that stands for."""
    if not _plain(word):
        return None
    if _plain(following) and known(word + following):
        return word + following, 2
    parts = _split(word, known, adjacent)
    return (parts, 1) if parts else None


def _plain(word: str) -> bool:
    return bool(_WORD.fullmatch(word)) and word not in _OPERATORS and len(word) <= _LONGEST


def _split(word: str, known: Known, adjacent: Adjacent) -> str | None:
    """`cybersecurity` as `cyber security` when the corpus writes it so somewhere."""
    if len(word) < _SHORTEST_SPLIT:
        return None
    tries = 0
    for cut in (1, *range(_SHORTEST_PART, len(word) - _SHORTEST_PART + 1)):
        first, second = word[:cut], word[cut:]
        if first.lower() in STOP_WORDS or second.lower() in STOP_WORDS:
            continue
        if known(first) and known(second):
            if adjacent(first, second):
                return f"{first} {second}"
            tries += 1
            if tries == _MOST_TRIES:
                return None
    return None
