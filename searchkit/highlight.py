"""Snippets: the best passages of a unit around the matched words, with where the matches are.

Whoosh finds and ranks the passages (its analyzer, ContextFragmenter and fragment scorer); the
formatter here returns plain text and `[start, end]` offsets of the matches in it, which each
presenter turns into bold, colour or `<mark>`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import whoosh.highlight as highlight

from .analysis import TEXT_ANALYZER, WORD, fold_accents

ELLIPSIS = "…"
_SPACE = re.compile(r"\s+")
_TRAILING_PUNCTUATION = re.compile(r"[^\w\s]*")
_PASSAGES = 2
_PASSAGE_CHARS = 220
_CONTEXT_CHARS = 60
_LEAD_CHARS = 200


@dataclass(frozen=True)
class Snippet:
    text: str
    matches: tuple[tuple[int, int], ...] = ()
    #: (term, word) of every word of the text that matched a stemmed term, the word as
    #: written (folded): whether the text holds the query's word or only other forms of it
    found: frozenset[tuple[str, str]] = frozenset()


class _SnippetFormatter(highlight.Formatter):
    """Joins fragments into one line of plain text, recording match offsets as it goes."""

    def __call__(self, text: str, fragments) -> Snippet:
        out: list[str] = []
        matches: list[tuple[int, int]] = []
        length = 0
        ordered = sorted(fragments, key=lambda fragment: fragment.startchar)
        for number, fragment in enumerate(ordered):
            start, stop, tokens = _clip(text, fragment)
            if number or start > 0:
                piece = f" {ELLIPSIS} " if number else f"{ELLIPSIS} "
                out.append(piece)
                length += len(piece)
            index = start
            for token in tokens:
                if token.startchar is None or token.startchar < index:
                    continue
                between = _SPACE.sub(" ", text[index : token.startchar])
                word = text[token.startchar : token.endchar]
                out.extend((between, word))
                length += len(between)
                matches.append((length, length + len(word)))
                length += len(word)
                index = token.endchar
            trailing = _TRAILING_PUNCTUATION.match(text, stop)
            end = trailing.end() if trailing else stop
            tail = _SPACE.sub(" ", text[index:end])
            out.append(tail)
            length += len(tail)
        if not ordered:
            return lead(text)
        if end < len(text.rstrip()):
            out.append(f" {ELLIPSIS}")
        joined = "".join(out)
        shift = len(joined) - len(joined.lstrip())
        return Snippet(
            joined.strip(), tuple((start - shift, end - shift) for start, end in matches)
        )


def _clip(text: str, fragment) -> tuple[int, int, list]:
    """The fragment's span, cut to about a passage's length around its first match.

    Only lines that may match are analysed, so Whoosh's fragmenter, which counts the
    characters of the tokens it sees, can run a fragment across many unseen lines.
    """
    tokens = sorted(fragment.matches, key=lambda token: (token.startchar, -token.endchar))
    start, stop = fragment.startchar, fragment.endchar
    if stop - start > _PASSAGE_CHARS and tokens:
        start = max(start, _word_start(text, tokens[0].startchar - _CONTEXT_CHARS))
        stop = min(stop, _word_end(text, start + _PASSAGE_CHARS))
        tokens = [token for token in tokens if token.endchar <= stop]
    return start, stop, tokens


def _word_start(text: str, index: int) -> int:
    """The start of the word at `index` (or the first word after a space there)."""
    index = max(index, 0)
    space = text.rfind(" ", 0, index)
    return 0 if space < 0 else space + 1


def _word_end(text: str, index: int) -> int:
    space = text.find(" ", index)
    return len(text) if space < 0 else space


def lead(text: str) -> Snippet:
    """The start of a text, cut at a word boundary, when no word of the query is in it."""
    stripped = text.strip()
    head = stripped[: 4 * _LEAD_CHARS]  # spaces collapse: enough for a lead, not a long email
    flat = _SPACE.sub(" ", head).rstrip()
    if len(flat) <= _LEAD_CHARS:
        return Snippet(flat if head == stripped else f"{flat} {ELLIPSIS}")
    cut = flat.rfind(" ", 0, _LEAD_CHARS)
    return Snippet(flat[: cut if cut > 0 else _LEAD_CHARS] + f" {ELLIPSIS}")


_FRAGMENTER = highlight.ContextFragmenter(maxchars=_PASSAGE_CHARS, surround=_CONTEXT_CHARS)
_FORMATTER = _SnippetFormatter()


def snippet(text: str, terms: frozenset[str], exact: frozenset[str] = frozenset()) -> Snippet:
    """The best one or two passages of `text` for the (analysed) query terms: `terms` the
    stemmed ones (any form of the word matches), `exact` the words as written (a quoted
    word or phrase's: only that word matches).

    Whoosh's highlight() analyses the whole text; this analyses only the words that may be a
    term, on the lines that may hold one (a cheap test for the stems' first letters), then
    hands the tokens to Whoosh's own fragmenter, scorer and a formatter.
    """
    if not terms and not exact:
        return lead(text)
    found: set[tuple[str, str]] = set()
    tokens = candidate_tokens(text, terms, exact, found)
    fragments = _FRAGMENTER.fragment_tokens(text, tokens)
    best = highlight.top_fragments(fragments, _PASSAGES, _SCORER, highlight.FIRST, minscore=1)
    for _ in tokens:  # the fragmenter may stop early: every word's form is still wanted
        pass
    passage = _FORMATTER(text, best)
    if not passage.text:
        passage = lead(text)
    return Snippet(passage.text, passage.matches, frozenset(found))


_SCORER = highlight.BasicFragmentScorer()
_INTRAWORD = re.compile(r"[-'’.@&_]")


class _Place:
    """A word that cannot match: all Whoosh's fragmenter reads of it is where it stands. One
    is reused for every such word, as Whoosh's tokenizers reuse their Token."""

    __slots__ = ("endchar", "startchar")
    startchar: int
    endchar: int
    matched = False


def candidate_tokens(
    text: str, terms: frozenset[str], exact: frozenset[str], found: set[tuple[str, str]]
):
    """The words of the lines that may hold a term, analysed (and marked `matched`) only where
    a word may be one; each stemmed term matched is added to `found` with the word as written.

    Stemming only rewrites the ends of words (`safeti` ← `safety`, `hope` ← `hoping`), so a
    word that stems to a term holds the term's first letters; the analyser, most of the cost
    of a snippet, runs on those words alone, and every other word is just a place.
    """
    starts = {stem_prefix(term) for term in terms} | {stem_prefix(word) for word in exact}
    prefixes = re.compile("|".join(map(re.escape, sorted(starts))))
    place = _Place()
    offset = 0
    for line in text.splitlines(keepends=True):
        if _may_hold(line, prefixes):
            for word in WORD.finditer(line):
                if _may_hold(word.group(), prefixes):
                    yield from _matched(word.group(), offset + word.start(), terms, exact, found)
                else:
                    place.startchar, place.endchar = offset + word.start(), offset + word.end()
                    yield place
        offset += len(line)


def _matched(
    word: str,
    start: int,
    terms: frozenset[str],
    exact: frozenset[str],
    found: set[tuple[str, str]],
):
    for token in TEXT_ANALYZER(word, chars=True, mode="index", removestops=False, start_char=start):
        stemmed = token.text in terms
        if stemmed or exact:
            written = written_form(word[token.startchar - start : token.endchar - start])
            if stemmed:
                found.add((token.text, written))
            token.matched = stemmed or written in exact
        else:
            token.matched = False
        yield token


def written_form(word: str) -> str:
    """A word as the `_exact` fields hold it: lower case, accents folded, a compound's
    delimiters dropped (`Non-Profit` → `nonprofit`)."""
    return _INTRAWORD.sub("", fold_accents(word.lower()))


def matched_forms(text: str, terms: frozenset[str]) -> frozenset[tuple[str, str]]:
    """(term, word as written) for each word of `text` that stems to one of the terms."""
    found: set[tuple[str, str]] = set()
    if terms:
        for _ in candidate_tokens(text, terms, frozenset(), found):
            pass
    return frozenset(found)


def stem_prefix(term: str) -> str:
    """Letters every word stemming to `term` starts with: Porter's stemmer changes at most the
    last two (`sensibl` ← `sensibility`, `fli` ← `fly`)."""
    return term[:-1] if len(term) <= 4 else term[:-2]


def _may_hold(text: str, prefixes: re.Pattern[str]) -> bool:
    lower = text.lower()
    if lower.isascii() and lower.isalnum():  # a plain word, as most are
        return prefixes.search(lower) is not None
    return prefixes.search(_INTRAWORD.sub("", fold_accents(lower))) is not None
