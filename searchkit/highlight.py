"""Snippets: the best passages of a unit around the matched words, with where the matches are.

The words that may be a query's term are found by a search of the whole text for the
terms' first letters where a word (or a compound's part) begins; only those words are
analysed (a word's analysis is remembered: the same words come back in every hit). Passages
are gathered around the matches, by characters, the one or two holding the most of them (and
of the most terms) kept, and returned as plain text with `[start, end]` offsets of the
matches in it, which each presenter turns into bold, colour or `<mark>`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .analysis import DELIMITER, INTRA_DELIMS, MARK, TEXT_ANALYZER, WORD, folded

ELLIPSIS = "…"
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


@dataclass(frozen=True)
class Match:
    """A word of the text (or a compound's part) that is one of the query's terms."""

    start: int
    end: int
    term: str


@dataclass(frozen=True)
class _Passage:
    start: int
    stop: int
    matches: tuple[Match, ...]

    @property
    def score(self) -> int:
        """The matches, times the terms among them: a passage holding both words of a
        two-word query beats one holding the first word twice."""
        return len(self.matches) * len({match.term for match in self.matches})


def snippet(text: str, terms: frozenset[str], exact: frozenset[str] = frozenset()) -> Snippet:
    """The best one or two passages of `text` for the (analysed) query terms: `terms` the
    stemmed ones (any form of the word matches), `exact` the words as written (a quoted
    word or phrase's: only that word matches)."""
    if not terms and not exact:
        return lead(text)
    found: set[tuple[str, str]] = set()
    matches = _matched(text, terms, exact, found)
    best = sorted(_passages(text, matches), key=_best)[:_PASSAGES]
    if not best:
        return Snippet(lead(text).text, found=frozenset(found))
    shown, marks = _joined(text, sorted(best, key=lambda passage: passage.start))
    return Snippet(shown, marks, frozenset(found))


def _best(passage: _Passage) -> int:
    return -passage.score


def _passages(text: str, matches: list[Match]) -> Iterator[_Passage]:
    """The matches (in order) gathered into passages: a match joins the passage of the one
    before when it stands within `_CONTEXT_CHARS` of it and the passage, opening
    `_CONTEXT_CHARS` before its first match, stays within `_PASSAGE_CHARS`; a passage
    closes `_CONTEXT_CHARS` after its last match, both ends at a word's edge, and never
    reaches into the next passage (nor the next into it)."""
    groups = list(_groups(matches))
    stop = 0
    for number, held in enumerate(groups):
        first, end = held[0].start, max(match.end for match in held)
        following = groups[number + 1][0].start if number + 1 < len(groups) else len(text)
        start = max(_word_start(text, max(first - _CONTEXT_CHARS, stop)), stop)
        start += len(text[start:first]) - len(text[start:first].lstrip())
        closing = min(end + _CONTEXT_CHARS, start + _PASSAGE_CHARS, following)
        stop = max(min(_word_end(text, closing), following), end)
        while stop > end and text[stop - 1].isspace():
            stop -= 1
        yield _Passage(start, stop, tuple(held))


def _groups(matches: list[Match]) -> Iterator[list[Match]]:
    held: list[Match] = []
    opening = end = 0
    for match in matches:
        if held and (match.start - end > _CONTEXT_CHARS or match.end - opening > _PASSAGE_CHARS):
            yield held
            held = []
        if not held:
            opening, end = max(match.start - _CONTEXT_CHARS, 0), match.end
        held.append(match)
        end = max(end, match.end)  # a compound's merged word covers its parts
    if held:
        yield held


def _joined(text: str, passages: list[_Passage]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The passages as one line, spaces collapsed, an ellipsis where text is left out, and
    where each match stands in it."""
    out: list[str] = []
    marks: list[tuple[int, int]] = []
    length = 0
    end = 0
    for number, passage in enumerate(passages):
        if number and not text[end : passage.start].strip():  # the one before ended here
            piece = " " if end < passage.start else ""
        elif number or passage.start > 0:
            piece = f" {ELLIPSIS} " if number else f"{ELLIPSIS} "
        else:
            piece = ""
        out.append(piece)
        length += len(piece)
        index = passage.start
        # a compound's merged word before its parts, which it covers
        for match in sorted(passage.matches, key=lambda match: (match.start, -match.end)):
            if match.start < index:
                continue
            between = _collapsed(text[index : match.start])
            word = text[match.start : match.end]
            out.extend((between, word))
            length += len(between)
            marks.append((length, length + len(word)))
            length += len(word)
            index = match.end
        trailing = _TRAILING_PUNCTUATION.match(text, passage.stop)
        end = trailing.end() if trailing else passage.stop
        tail = _collapsed(text[index:end])
        out.append(tail)
        length += len(tail)
    if end < len(text.rstrip()):
        out.append(f" {ELLIPSIS}")
    joined = "".join(out)
    shift = len(joined) - len(joined.lstrip())
    return joined.strip(), tuple((start - shift, stop - shift) for start, stop in marks)


def _word_start(text: str, index: int) -> int:
    """Where the word at `index` starts (`index` itself inside a word longer than a
    passage's context: it is cut)."""
    before = text[max(index - _CONTEXT_CHARS - 1, 0) : index]
    if not before or before[-1].isspace():
        return index
    run = len(before.rsplit(None, 1)[-1])
    return index if run > _CONTEXT_CHARS else index - run


def _word_end(text: str, index: int) -> int:
    """Where the word at `index` ends (or `index`, inside a word longer than a context)."""
    after = text[index : index + _CONTEXT_CHARS + 1]
    if not after or after[0].isspace():
        return index
    run = len(after.split(None, 1)[0])
    return index if run > _CONTEXT_CHARS else index + run


def _collapsed(piece: str) -> str:
    """The piece with each run of spaces one space (`\\s+` → ` `; `str.split`'s spaces are
    `\\s`), without a regular expression: it runs for every match of every hit."""
    inner = " ".join(piece.split())
    if not inner:
        return " " if piece else ""
    return f"{' ' if piece[0].isspace() else ''}{inner}{' ' if piece[-1].isspace() else ''}"


def lead(text: str) -> Snippet:
    """The start of a text, cut at a word boundary, when no word of the query is in it."""
    stripped = text.strip()
    head = stripped[: 4 * _LEAD_CHARS]  # spaces collapse: enough for a lead, not a long email
    flat = " ".join(head.split())  # (`\s` is `str.isspace`)
    if len(flat) <= _LEAD_CHARS:
        return Snippet(flat if head == stripped else f"{flat} {ELLIPSIS}")
    cut = flat.rfind(" ", 0, _LEAD_CHARS)
    return Snippet(flat[: cut if cut > 0 else _LEAD_CHARS] + f" {ELLIPSIS}")


def matched_words(
    text: str, terms: frozenset[str], exact: frozenset[str], found: set[tuple[str, str]]
) -> list[Match]:
    """The words of `text` that are a stemmed term (any form of it) or a word of `exact`
    (as written), in order; each stemmed term matched is added to `found` with the word as
    written."""
    return _matched(text, terms, exact, found)


def _matched(
    text: str, terms: frozenset[str], exact: frozenset[str], found: set[tuple[str, str]]
) -> list[Match]:
    """`matched_words`. Stemming only rewrites the ends of words (`safeti` ← `safety`,
    `hope` ← `hoping`), so a word that stems to a term begins with the term's first letters:
    a search of the text for them where words begin finds every word that may match, and
    only those are analysed."""
    if not terms and not exact:
        return []
    starts = frozenset(map(stem_prefix, terms))
    whole = folded(text)
    looked_at: Iterable[tuple[int, int]]
    if "" in starts or "" in exact:  # a one-letter term: any word may be it
        looked_at = _every_word(text)
    elif len(whole) != len(text):  # a letter folded into two: find the words one by one
        patterns, sought = _sought(starts, exact), starts | exact
        looked_at = (
            (a, b) for a, b in _every_word(text) if _holds(folded(text[a:b]), patterns, sought)
        )
    else:
        looked_at = _words_holding(text, whole, _sought(starts, exact), starts | exact)
    matches: list[Match] = []
    for start, end in looked_at:
        for term, first, last, written in _analysed(text[start:end]):
            stemmed = term in terms
            if stemmed:
                found.add((term, written))
            if stemmed or written in exact:
                matches.append(Match(start + first, start + last, term))
    return matches


def _every_word(text: str) -> Iterator[tuple[int, int]]:
    return (word.span() for word in WORD.finditer(text))


def _holds(word: str, patterns: tuple[re.Pattern[str], ...], sought: frozenset[str]) -> bool:
    """May the (folded) word be one of the sought: a part of it begins with one, or its
    letters, its joiners dropped, hold one (the merged word of a compound)?"""
    if any(pattern.search(word) for pattern in patterns):
        return True
    merged = DELIMITER.sub("", word)
    return merged != word and any(letters in merged for letters in sought)


def _words_holding(
    text: str, whole: str, patterns: tuple[re.Pattern[str], ...], sought: frozenset[str]
) -> Iterator[tuple[int, int]]:
    """The span of each word of `text` (its folded form `whole`, of the same length) that
    may be one of the sought: where a word or a compound's part begins with one (found by
    the patterns), and each compound whose letters, its joiners dropped, hold one."""
    past = 0  # the end of the word last given: a later find inside it is the same word
    for at in _found_at(whole, patterns, sought):
        if at < past:
            continue
        word = WORD.match(text, _word_opening(text, at))
        if word is not None and word.end() > at:
            yield word.span()
            past = word.end()


def _found_at(
    whole: str, patterns: tuple[re.Pattern[str], ...], sought: frozenset[str]
) -> list[int]:
    """Where any of the patterns is found, and where a compound holding one of the sought
    across its joiners begins, in order."""
    found = {hit.start() for pattern in patterns for hit in pattern.finditer(whole)}
    found.update(_compounds_holding(whole, sought))
    return sorted(found)


def _compounds_holding(whole: str, sought: frozenset[str]) -> Iterator[int]:
    """Where each word begins whose letters run on across a joiner (`non-profit`, `o’brien`)
    and, its joiners dropped, hold one of the sought: the merged word a compound is also
    indexed as, which no pattern of letters as written finds. Joiners are few in a text:
    each is found by `str.find`, and only the words around them are looked at."""
    past = 0  # the end of the word last looked at: its other joiners are its own
    for at in sorted(_joiners(whole)):
        after = whole[at + 1 : at + 2]
        joins = _is_word_letter(whole[at - 1]) and (after.isalnum() or after in _JOINERS)
        if at < past or not joins:
            continue
        start = _word_opening(whole, at)
        word = WORD.match(whole, start)
        if word is None:
            continue
        past = word.end()
        if _holds(word.group(), (), sought):
            yield start


def _joiners(whole: str) -> Iterator[int]:
    """Where each joiner stands, past the text's first character."""
    for joiner in _JOINERS:
        at = whole.find(joiner, 1)
        while at >= 0:
            yield at
            at = whole.find(joiner, at + 1)


def _word_opening(text: str, at: int) -> int:
    """Where the word (as `WORD` finds it) holding the part beginning at `at` begins: back
    over the parts before it, each joined by one delimiter (`non-` of `non-profit`)."""
    start = at
    while start > 0 and (
        _is_word_letter(text[start - 1])
        or (text[start - 1] in _JOINING and start > 1 and _is_word_letter(text[start - 2]))
    ):
        start -= 1
    return start


def _is_word_letter(char: str) -> bool:
    """`\\w`, as the regular expressions read it (a letter or digit, or `_`), or a
    combining mark, which `WORD` holds in a word."""
    return char.isalnum() or char == "_" or _MARK.match(char) is not None


_MARK = re.compile(MARK)


#: What joins a word's parts in `WORD` (beside `_`, which it reads as a letter).
_JOINING = frozenset(INTRA_DELIMS) - {"_"}
#: What the analyser drops between a compound's parts.
_JOINERS = tuple(INTRA_DELIMS)


@functools.lru_cache(maxsize=1024)
def _sought(starts: frozenset[str], whole: frozenset[str]) -> tuple[re.Pattern[str], ...]:
    """Patterns finding, in a folded text, where a word or a compound's part begins (after
    no letter or digit: a delimiter may stand before a part) with one of the `starts` (a
    stemmed term's first letters) or is one of the `whole` words (as written: ending there).
    Inside a word they begin no term: `berel` in `anberel` is no candidate, nor is `berello`
    for the word `ber`. (A compound's merged word, `nonprof` across `non-profit`, is found
    by `_compounds_holding`: a class of joiners between every two letters made each new
    query's patterns cost milliseconds to compile.)

    One pattern for each first letter: a pattern opening with one letter is looked for by
    the regular expressions' quick scan for that letter, where alternatives opening with
    several letters are tried at every place that holds any of them."""
    sought = [(start, _letters(start)) for start in sorted(starts, key=len)]
    sought += [(word, _letters(word) + _ENDS) for word in sorted(whole, key=len)]
    by_first: dict[str, list[str]] = {}
    for letters, pattern in sought:
        by_first.setdefault(letters[0], []).append(pattern)
    return tuple(re.compile("|".join(group)) for group in by_first.values())


def _letters(word: str) -> str:
    """The word's letters, the first beginning a word or part."""
    first = re.escape(word[0])
    # the look back follows the first letter: a pattern opening with it is tried at every
    # place of the text, one opening with a letter only where the letter stands
    return first + _BEGINS.format(first) + re.escape(word[1:])


#: A letter that begins a word or a compound's part: after no letter or digit (`_` joins
#: parts). After a combining mark, inside a word, it may begin none: the word then found
#: around it is analysed whole, as any other.
_BEGINS = r"(?<![^\W_]{})"
#: Where a word or a compound's part ends: before no letter or digit (nor a mark, which the
#: analysis of the word found there tells).
_ENDS = r"(?![^\W_])"


@functools.lru_cache(maxsize=50_000)
def _analysed(word: str) -> tuple[tuple[str, int, int, str], ...]:
    """Each term of a word (a compound's parts and merged word), with its span in the word
    and its form as written."""
    tokens = TEXT_ANALYZER(word, chars=True, mode="index", removestops=False)
    return tuple(
        (
            token.text,
            token.startchar,
            token.endchar,
            written_form(word[token.startchar : token.endchar]),
        )
        for token in tokens
    )


def written_form(word: str) -> str:
    """A word as the `_exact` fields hold it: lower case, accents folded, a compound's
    delimiters dropped (`Non-Profit` → `nonprofit`)."""
    return DELIMITER.sub("", folded(word))


def matched_forms(text: str, terms: frozenset[str]) -> frozenset[tuple[str, str]]:
    """(term, word as written) for each word of `text` that stems to one of the terms."""
    found: set[tuple[str, str]] = set()
    if terms:
        matched_words(text, terms, frozenset(), found)
    return frozenset(found)


def stem_prefix(term: str) -> str:
    """Letters every word stemming to `term` starts with: the stemmer changes at most the
    last two (`sensibl` ← `sensibility`, `fli` ← `fly`, `run` ← `running`)."""
    return term[:-1] if len(term) <= 4 else term[:-2]
