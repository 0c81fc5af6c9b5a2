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

from whoosh.analysis import STOP_WORDS

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
        following = pieces[index + 1] if index + 1 < len(pieces) else ""
        if piece.startswith('"'):
            out.append(_phrase(piece, known, adjacent))
        elif (
            _plain(piece)
            and _plain(following)
            and (not out or out[-1] != "NOT")
            and known(piece + following)
        ):
            out.append(f"(({piece} {following}) OR {piece}{following})")
            index += 1
        elif _plain(piece) and (parts := _split(piece, known, adjacent)):
            out.append(f'({piece} OR "{parts}")')
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
        nxt = words[at + 1] if at + 1 < len(words) else ""
        if _plain(word) and _plain(nxt) and known(word + nxt):
            other = [*words[:at], word + nxt, *words[at + 2 :]]
        elif _plain(word) and (parts := _split(word, known, adjacent)):
            other = [*words[:at], parts, *words[at + 1 :]]
        else:
            continue
        return f'({piece} OR "{" ".join(other)}"{tail})'
    return piece


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
