"""Snippets: the best passages of a unit around the matched words, with where the matches are.

The words that may be a query's term are found by one search of the whole text for the
terms' first letters; only the lines holding them are split into words, and only those
words analysed (a word's analysis is remembered: the same words come back in every hit).
Passages are gathered around the matches, the one or two holding the most of them (and of
the most terms) kept, and returned as plain text with `[start, end]` offsets of the matches
in it, which each presenter turns into bold, colour or `<mark>`.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .analysis import DELIMITER, INTRA_DELIMS, TEXT_ANALYZER, WORD, WordSpans, folded

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
    candidates: list[tuple[int, int]] = []
    words = _readable_words(text, terms, exact)
    matches = _matched(text, words, terms, exact, found, candidates)
    passages = _passages(text, _near_words(text, words, matches, candidates))
    best = sorted((passage for passage in passages if passage.matches), key=_best)[:_PASSAGES]
    if not best:
        return Snippet(lead(text).text, found=frozenset(found))
    shown, marks = _joined(text, sorted(best, key=lambda passage: passage.start))
    return Snippet(shown, marks, frozenset(found))


def _best(passage: _Passage) -> int:
    return -passage.score


def _passages(
    text: str, words: Iterable[tuple[int, int, Match | None]]
) -> Iterator[_Passage]:
    """The matches gathered into passages as Whoosh's ContextFragmenter gathers them (the
    snippets' shape before searchkit found matches without it): a passage starts at the
    first word within `_CONTEXT_CHARS` (of words' letters) before a match, and ends when as
    many have passed after the last one without another, or at `_PASSAGE_CHARS`; a longer
    one is cut to a passage's length around its first match."""
    first: int | None = None
    before: deque[int] = deque()
    countdown = -1
    held: list[Match] = []
    length = 0
    end = 0
    for start, end, match in words:
        size = end - start
        if countdown < 0 and match is None:
            before.append(start)
            while before and end - before[0] > _CONTEXT_CHARS:
                before.popleft()
        elif length + size > _PASSAGE_CHARS:
            countdown = 0
        elif match is not None:
            countdown = _CONTEXT_CHARS
            if first is None:
                first = before[0] if before else start
                countdown += 0 if before else _CONTEXT_CHARS
            held.append(match)
        if countdown >= 0:
            length += size
            countdown -= size
            if countdown <= 0:
                yield _clipped(text, first or 0, end, held)
                first, before, held, length = None, deque(), [], 0
    if held:
        yield _clipped(text, first or 0, end, held)


def _near_words(
    text: str, words: WordSpans, matches: list[Match], candidates: list[tuple[int, int]]
) -> Iterator[tuple[int, int, Match | None]]:
    """The words Whoosh's highlighter read (every word of the lines holding a word that may
    match), in order, each match with its `Match` and a candidate word as its analysed
    parts: so a passage ends where it ended before. Only the words that can change a
    passage are given: those after a match until its passage has surely ended, and those
    before a match that the fragmenter still holds as its context."""
    read = _line_words(text, words, candidates)
    if not matches or not read.starts:
        return
    matched = {(match.start, match.end): match for match in matches}
    spans = set(candidates)
    for low, high in _windows(read, matches):
        for start, end in zip(read.starts[low:high], read.ends[low:high], strict=True):
            if (start, end) not in spans:
                yield start, end, None
                continue
            for _, first, last, _ in _analysed(text[start:end]):
                at = (start + first, start + last)
                yield *at, matched.get(at)


def _readable_words(text: str, terms: frozenset[str], exact: frozenset[str]) -> WordSpans:
    """The words a snippet may read: those of the lines where a term's first letters are
    found (the lines of its candidate words, `_line_words`); every word where any word may
    be one (a one-letter term) or folding changes the text's length."""
    starts = _starts(terms, exact)
    whole = folded(text)
    if "" in starts or len(whole) != len(text):
        return WordSpans.of(list(WORD.finditer(text)))
    pattern = _first_letters(starts)
    read: list[re.Match[str]] = []
    low, high = 0, -1  # the run of lines to read, next to each other (none yet)
    while high < len(whole) and (hit := pattern.search(whole, high + 1)) is not None:
        start = text.rfind("\n", 0, hit.start()) + 1
        if start > high + 1:  # not the line after the run: the run is read, another begins
            read.extend(WORD.finditer(text, low, max(high, low)))
            low = start
        end = text.find("\n", hit.start())
        high = len(text) if end < 0 else end
    read.extend(WORD.finditer(text, low, max(high, low)))
    return WordSpans.of(read)


def _line_words(text: str, words: WordSpans, candidates: list[tuple[int, int]]) -> WordSpans:
    """The words of each line holding a candidate word, in order."""
    read = WordSpans([], [])
    high = -1
    for start, stop in candidates:
        if start < high:
            continue
        end = text.find("\n", stop)
        low, high = text.rfind("\n", 0, start) + 1, len(text) if end < 0 else end
        first = bisect.bisect_left(words.starts, low)
        last = bisect.bisect_left(words.starts, high)
        read.starts.extend(words.starts[first:last])
        read.ends.extend(words.ends[first:last])
    return read


def _windows(words: WordSpans, matches: list[Match]) -> list[tuple[int, int]]:
    """The runs of `words` (first index, index past the last) that decide the passages
    around the matches, overlapping runs joined. Before a match: every word starting within
    `_CONTEXT_CHARS` of the end of the word read before it (the fragmenter's context; the
    words before it it has let go), and one more. After: words until twice
    `_CONTEXT_CHARS` of letters have passed (a passage's countdown, doubled for its unused
    front context), and two more (one the fragmenter reads into an empty passage when the
    countdown ends at exactly nothing)."""
    starts, ends = words.starts, words.ends
    runs: list[tuple[int, int]] = []
    for match in matches:
        at = words.holding(match.start)
        if at is None:
            continue  # not in a word of these lines (cannot happen: a match is a word's)
        low = at
        if at > 0:
            low = max(bisect.bisect_left(starts, ends[at - 1] - _CONTEXT_CHARS) - 1, 0)
        high, letters = at + 1, 0
        while high < len(starts) and letters < 2 * _CONTEXT_CHARS:
            letters += ends[high] - starts[high]
            high += 1
        runs.append((low, min(high + 2, len(starts))))
    joined: list[tuple[int, int]] = []
    for low, high in sorted(runs):
        if joined and low <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], high))
        else:
            joined.append((low, high))
    return joined


def _clipped(text: str, start: int, stop: int, held: list[Match]) -> _Passage:
    """The passage, cut to about a passage's length around its first match."""
    held = sorted(held, key=lambda match: (match.start, -match.end))
    if stop - start > _PASSAGE_CHARS and held:
        start = max(start, _word_start(text, held[0].start - _CONTEXT_CHARS))
        stop = min(stop, _word_end(text, start + _PASSAGE_CHARS))
        held = [match for match in held if match.end <= stop]
    return _Passage(start, stop, tuple(held))


def _joined(text: str, passages: list[_Passage]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The passages as one line, spaces collapsed, an ellipsis where text is left out, and
    where each match stands in it."""
    out: list[str] = []
    marks: list[tuple[int, int]] = []
    length = 0
    end = 0
    for number, passage in enumerate(passages):
        if number or passage.start > 0:
            piece = f" {ELLIPSIS} " if number else f"{ELLIPSIS} "
            out.append(piece)
            length += len(piece)
        index = passage.start
        # a compound's merged word before its parts, which it covers
        for match in sorted(passage.matches, key=lambda match: (match.start, -match.end)):
            if match.start < index:
                continue
            between = _SPACE.sub(" ", text[index : match.start])
            word = text[match.start : match.end]
            out.extend((between, word))
            length += len(between)
            marks.append((length, length + len(word)))
            length += len(word)
            index = match.end
        trailing = _TRAILING_PUNCTUATION.match(text, passage.stop)
        end = trailing.end() if trailing else passage.stop
        tail = _SPACE.sub(" ", text[index:end])
        out.append(tail)
        length += len(tail)
    if end < len(text.rstrip()):
        out.append(f" {ELLIPSIS}")
    joined = "".join(out)
    shift = len(joined) - len(joined.lstrip())
    return joined.strip(), tuple((start - shift, stop - shift) for start, stop in marks)


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


def matched_words(
    text: str, terms: frozenset[str], exact: frozenset[str], found: set[tuple[str, str]]
) -> list[Match]:
    """The words of `text` that are a stemmed term (any form of it) or a word of `exact`
    (as written), in order; each stemmed term matched is added to `found` with the word as
    written.

    Stemming only rewrites the ends of words (`safeti` ← `safety`, `hope` ← `hoping`), so a
    word that stems to a term holds the term's first letters: one search of the text for
    them finds every word that may match, and only those are analysed.
    """
    return _matched(text, WordSpans.of(list(WORD.finditer(text))), terms, exact, found, [])


def _matched(
    text: str,
    words: WordSpans,
    terms: frozenset[str],
    exact: frozenset[str],
    found: set[tuple[str, str]],
    candidates: list[tuple[int, int]],
) -> list[Match]:
    """`matched_words` of the text's `words`, the span of every word looked at (matched or
    not) added to `candidates`."""
    if not terms and not exact:
        return []
    starts = _starts(terms, exact)
    whole = folded(text)
    matches: list[Match] = []
    every = zip(words.starts, words.ends, strict=True)
    looked_at: Iterable[tuple[int, int]]
    if "" in starts:  # a one-letter term: any word may be it
        looked_at = every
    elif len(whole) != len(text):  # a letter folded into two: find the words one by one
        pattern = _first_letters(starts)
        looked_at = ((a, b) for a, b in every if pattern.search(folded(text[a:b])))
    else:
        looked_at = _words_holding(words, whole, _first_letters(starts))
    for start, end in looked_at:
        candidates.append((start, end))
        for term, first, last, written in _analysed(text[start:end]):
            stemmed = term in terms
            if stemmed:
                found.add((term, written))
            if stemmed or written in exact:
                matches.append(Match(start + first, start + last, term))
    return matches


def _words_holding(
    words: WordSpans, whole: str, pattern: re.Pattern[str]
) -> Iterator[tuple[int, int]]:
    """The span of each of the words in which the pattern is found (in the text's folded
    form `whole`, of the same length)."""
    position = 0
    # past the end, search() starts at the end again: an empty match there would repeat
    while position <= len(whole) and (hit := pattern.search(whole, position)) is not None:
        at = words.holding(hit.start())
        if at is None:
            position = hit.start() + 1
            continue
        yield words.starts[at], words.ends[at]
        position = max(words.ends[at], hit.start() + 1)


def _starts(terms: frozenset[str], exact: frozenset[str]) -> frozenset[str]:
    """What a word that may be one of the terms holds: a stemmed term's first letters, a word
    as written itself."""
    return frozenset({stem_prefix(term) for term in terms} | exact)


@functools.lru_cache(maxsize=1024)
def _first_letters(starts: frozenset[str]) -> re.Pattern[str]:
    """A pattern finding any of these letters in a folded text where a word or a compound's
    part begins (after no letter or digit: a delimiter may stand before a part), a word's
    inner hyphens and apostrophes between them as the analyser drops them (`nonprof` in
    `non-profit`). Inside a word they begin no term: `berel` in `anberel` is no candidate."""
    between = f"[{re.escape(INTRA_DELIMS)}]*"
    written = (
        # the look back follows the first letter: a pattern opening with it is tried at every
        # place of the text, one opening with a letter only where the letter stands
        re.escape(start[0]) + _BEGINS.format(re.escape(start[0])) + between
        + between.join(map(re.escape, start[1:]))
        for start in sorted(starts, key=len)
    )
    return re.compile("|".join(written))


#: A letter that begins a word or a compound's part: after no letter or digit (`_` joins
#: parts).
_BEGINS = r"(?<![^\W_]{})"


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
    """Letters every word stemming to `term` starts with: Porter's stemmer changes at most the
    last two (`sensibl` ← `sensibility`, `fli` ← `fly`)."""
    return term[:-1] if len(term) <= 4 else term[:-2]
