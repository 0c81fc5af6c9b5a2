"""Spelling: a query word the index lacks, replaced by the corpus's nearest word, found
through any engine's `Reader` (its terms near a word, and the units holding a term)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .analysis import STOP_WORDS, TEXT_ANALYZER

if TYPE_CHECKING:
    from .engines import Reader


def correction(reader: Reader, text: str) -> str | None:
    """The query with words the index lacks replaced by its nearest words, if any."""
    corrected = text
    for word in words_of(text):
        lower = word.lower()
        stem = next((token.text for token in TEXT_ANALYZER(word, mode="query")), None)
        if stem is None or reader.holds("text", stem):
            continue
        if any(reader.holds(fieldname, lower) for fieldname in _PEOPLE_FIELDS):
            continue
        suggestion = nearest_word(reader, lower, stem)
        if suggestion:
            corrected = corrected.replace(word, suggestion, 1)
    return corrected if corrected != text else None


#: A suggestion is at most this many edits from the word typed.
_MAX_EDITS = 2
_PEOPLE_FIELDS = ("sender", "recipients")


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, counting a swap of neighbours as one edit (`teh` → `the`)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def nearest_word(reader: Reader, word: str, stem: str) -> str | None:
    """The corpus's word closest to `word`: fewest edits, then most used.

    Candidates are the stemmed text terms near the word's stem (each shown as the corpus
    spells it) and people's names near the word. Whoosh's own ReaderCorrector ranks every
    candidate within `maxdist` alike, so it preferred `sat` to `safety` for `safty`, and it
    needs an unstemmed copy of the text in the index (twice the indexing time).
    """
    candidates: dict[str, int] = {}  # spelling → how many units use it
    for term, used in reader.near_terms("text", stem, _MAX_EDITS).items():
        for spelling in _spellings(reader, term):
            candidates[spelling] = max(candidates.get(spelling, 0), used)
    for fieldname in _PEOPLE_FIELDS:
        for term, used in reader.near_terms(fieldname, word, _MAX_EDITS).items():
            candidates[term] = max(candidates.get(term, 0), used)
    scored = [
        (edit_distance(word, spelling), -used, spelling) for spelling, used in candidates.items()
    ]
    best = min(scored, default=None)
    return best[2] if best and best[0] <= _MAX_EDITS else None


def _spellings(reader: Reader, stem: str, units: int = 3) -> set[str]:
    """The words of the corpus that stem to `stem`, as the first few units holding it spell them."""
    found = set()
    for unit in reader.units("text", stem, limit=units):
        text = unit.text
        for token in TEXT_ANALYZER(text, chars=True, mode="index", removestops=False):
            if token.text == stem:
                found.add(text[token.startchar : token.endchar].lower())
    return found


def words_of(text: str) -> list[str]:
    """The plain words of a query string (no fields, operators or syntax), for correction."""
    words = []
    for token in re.findall(r'"[^"]*"|\S+', text):
        if token.startswith('"') or ":" in token or token in ("AND", "OR", "NOT"):
            continue
        word = token.strip("()+-*~^")
        # a longer "word" is no typo, and correcting it would scan the lexicon
        if re.fullmatch(r"[A-Za-z]{3,30}", word) and word.lower() not in STOP_WORDS:
            words.append(word)
    return words
