"""Analysis: how text becomes the words an index holds, the same for every engine.

Words with their inner hyphens and apostrophes (a compound as its parts and as one word),
folded, stemmed or as written; names unstemmed; attachments' file names. A query tree means
the same on every engine because every engine indexes these words (Whoosh through its
fields, tantivy handed them written out or as tokens). Built on Whoosh's analysis module, a
text-analysis library that searchkit uses as such, whatever the engine.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from operator import add
from pathlib import Path
from typing import NamedTuple

from whoosh.analysis import (
    STOP_WORDS,
    Filter,
    LowercaseFilter,
    PassFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
    Tokenizer,
)
from whoosh.lang.porter2 import stem as porter2_stem

__all__ = ["STOP_WORDS"]


def _combining_mark() -> str:
    """A pattern of one combining mark (Unicode's Mn, Mc and Me): the vowel signs of
    Devanagari, Bengali, Tamil or Thai, Arabic's and Hebrew's vowel points, a decomposed
    accent. They are no `\\w` to Python's patterns, which would cut `हिन्दी` into `ह`, `न`
    and `द`: a word's marks are part of it. The marks past the Basic Multilingual Plane are
    tried only on such a character (a class holding them is read range by range)."""
    table = Path(__file__).parent / "data" / "combining-marks.txt"
    lines = [line for line in table.read_text().splitlines() if not line.startswith("#")]
    runs = [(int(first, 16), int(last, 16)) for first, last in map(str.split, lines)]
    plane = "".join(f"\\u{first:04x}-\\u{last:04x}" for first, last in runs if last <= 0xFFFF)
    beyond = "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in runs if last > 0xFFFF)
    return f"(?:[{plane}{_JOINERS}]|(?=[\\U00010000-\\U0010ffff])[{beyond}])"


#: The zero-width non-joiner and joiner, which Persian (`می‌خواهم`) and the Indic scripts write
#: inside a word: part of it, as a mark is, and dropped where words are compared.
_JOINERS = "\\u200c\\u200d"
#: One combining mark (or joiner), as a pattern.
MARK = _combining_mark()
#: A word's letters: a letter or digit first, then letters, digits and combining marks.
_LETTERS = rf"\w+(?:{MARK}+\w*)*"
# Words with their inner hyphens, apostrophes, dots and @ kept, so that a compound such as
# `non-profit` is indexed as its parts and as one word (see CompoundFilter).
#: A number with its decimal point or thousands' separators (`3.5`, `1,250,000`,
#: `1.234,56`): one word as written, so that `5` is not found in 3.5, nor `250` in 1,250,000.
NUMBER = re.compile(r"\d+(?:[.,]\d+)+(?![\w'’@&-]|\.\w)")
WORD = re.compile(rf"{NUMBER.pattern}|{_LETTERS}(?:[-'’.@&]{_LETTERS})*")
_WORDS = RegexTokenizer(WORD)
#: What joins a compound's parts inside a word: dropped from the word as written.
INTRA_DELIMS = "-'’.@&_"
#: One of those characters (`written_form` drops them; a word holding one is a compound).
DELIMITER = re.compile(f"[{re.escape(INTRA_DELIMS)}]")
_PART = re.compile(f"[^{re.escape(INTRA_DELIMS)}]+")

#: How a CompoundFilter writes `non-profit`: as the index holds it (the parts, and the merged
#: word beside the first), as a query's word (`nonprofit`: either spelling), or as a phrase's
#: parts (`non profit`, where the words around stand).
INDEXED, MERGED, PARTS = "indexed", "merged", "parts"
#: The analyser modes of a quoted phrase: the words as written, stop words kept; a compound
#: as the index's parts in one, as one word in the other (the text may spell it either way).
PHRASE, PHRASE_MERGED = "phrase", "phrase_merged"


def compound(text: str) -> tuple[list[tuple[int, int]], bool]:
    """The character spans of a compound word's parts (a possessive `'s` is none), and
    whether they merge into one word: all letters (`non-profit`, `e-mail`, `O'Neil`) or all
    digits (`555-0134`); `gpt-4` stays its parts, and so does a contraction: `we'll` is no
    well, `she'd` no shed. (A number's decimals are no compound: `NUMBER`.)"""
    spans = [found.span() for found in _PART.finditer(text)]
    last = spans[-1] if spans else (0, 0)
    if len(spans) > 1 and text[last[0] : last[1]] in ("s", "S") and text[last[0] - 1] in "'’":
        spans.pop()
    words = [text[start:end] for start, end in spans]
    mergeable = len(words) > 1 and (
        (all(word.isalpha() for word in words) and not _contraction(text, spans))
        or all(word.isdigit() for word in words)
    )
    return spans, mergeable


#: What follows an apostrophe in a contraction (`we'll`, `I'd`, `you're`, `we've`, `I'm`)
#: whose merged spelling is another word; `n't` merges (`dont`, `isnt` are no words).
_CONTRACTED = frozenset({"ll", "d", "re", "ve", "m", "s"})


def _contraction(text: str, spans: list[tuple[int, int]]) -> bool:
    start, end = spans[-1]
    return text[start - 1] in "'’" and text[start:end].lower() in _CONTRACTED


class CompoundFilter(Filter):
    """`non-profit` (a word holding an intra-word delimiter) as its parts and as one word,
    in the spelling its mode asks for; the positions after it are renumbered.

    Indexed, the parts stand one place each and `nonprofit` beside the first: a phrase finds
    the hyphenated text by its parts, the text written as one word by the merged word.
    """

    def __init__(self, spelling: str, *, addresses: bool = False) -> None:
        self.spelling = spelling
        self.addresses = addresses

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, CompoundFilter)
            and self.spelling == other.spelling
            and self.addresses == other.addresses
        )

    def __call__(self, tokens):
        shift = 0
        for token in tokens:
            if token.positions:
                token.pos += shift
            if not DELIMITER.search(token.text) or NUMBER.fullmatch(token.text):
                yield token
                continue
            text, pos = token.text, token.pos if token.positions else 0
            first = token.startchar if token.chars else 0
            spans, mergeable = compound(text)
            if mergeable and self.spelling == MERGED:
                spans = [(spans[0][0], spans[-1][1])]
            for offset, (start, end) in enumerate(spans):
                token.text = DELIMITER.sub("", text[start:end])
                if token.positions:
                    token.pos = pos + offset
                if token.chars:
                    token.startchar, token.endchar = first + start, first + end
                yield token
            if mergeable and self.spelling == INDEXED:
                token.text = "".join(text[start:end] for start, end in spans)
                if token.positions:
                    token.pos = pos
                if token.chars:
                    token.startchar, token.endchar = first + spans[0][0], first + spans[-1][1]
                yield token
            address = self.addresses and self.spelling == INDEXED and whole_address(text, spans)
            if address:
                token.text = address
                if token.positions:
                    token.pos = pos
                if token.chars:
                    token.startchar, token.endchar = first + spans[0][0], first + spans[-1][1]
                yield token
            shift += len(spans) - 1


def whole_address(word: str, parts: list[tuple[int, int]]) -> str | None:
    """The compound `word` (its `parts` as `compound` gives them) whole, without a
    possessive `'s`, if it is an e-mail address; else None. A people field indexes an
    address whole beside its parts, so that `from:a.0@example.org` is that address: its
    parts alone (`a` a stop word) are in `e.0@example.org` too."""
    whole = word[parts[0][0] : parts[-1][1]] if parts else ""
    return whole if "@" in whole else None


def fold_accents(text: str) -> str:
    """`café` → `cafe`, as the index folds words; plain ASCII, most text, passes untouched."""
    return text if text.isascii() else text.translate(_accent_map())


def folded(text: str) -> str:
    """Lower case, accents folded: a word (or a whole text) as the index compares it."""
    return fold_accents(text.lower())


_START, _END = re.Match.start, re.Match.end
#: `folded` of a word, remembered: the same words come back in every text.
_folded_word = functools.lru_cache(maxsize=50_000)(folded)


@dataclass(frozen=True)
class WordSpans:
    """Where each of a text's words (as `WORD` finds them) starts and ends, in order."""

    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, found: Sequence[re.Match[str]]) -> WordSpans:
        return cls(list(map(_START, found)), list(map(_END, found)))

    def holding(self, index: int) -> int | None:
        """The number of the word holding the character at `index`, if one does."""
        at = bisect.bisect_right(self.starts, index) - 1
        return at if at >= 0 and index < self.ends[at] else None


@functools.cache
def _accent_map() -> dict[int, str | None]:
    """Whoosh's table of accented letters, and the marks that are accents dropped: a
    decomposed `é`'s acute, Hebrew's points, Arabic's short vowels (a text or a query may
    write them or not)."""
    from whoosh.support.charset import accent_map  # a large table: loaded for accents only

    mark = re.compile(MARK)
    dropped = {
        point: None
        for first, last in _ACCENT_BLOCKS
        for point in range(first, last + 1)
        if mark.match(chr(point))
    }
    return {**accent_map, **dropped}


#: The blocks whose marks are accents: the joiners, the combining diacritical marks (and
#: their extended and supplement blocks, and half marks), Hebrew's points and cantillation,
#: Arabic's vowels. An Indic or Thai vowel sign is a letter of its word, kept.
_ACCENT_BLOCKS = (
    (0x200C, 0x200D),
    (0x0300, 0x036F),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0xFE20, 0xFE2F),
    (0x0591, 0x05C7),
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06ED),
    (0x08D3, 0x08FF),
)


class FoldAccents(Filter):
    """CharsetFilter(accent_map) with a fast path for the plain ASCII words most text is."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = fold_accents(token.text)
            yield token


class ModeFilter(Filter):
    """Whoosh's MultiFilter (one filter for indexing, another for queries), safe on an empty
    token stream: Whoosh 2.7's calls next() outside a generator, so a field with no word in
    it (a subject of `?`, a paragraph of `...`) raised StopIteration, which stopped the index
    as `RuntimeError: generator raised StopIteration`."""

    def __init__(self, **filters: Filter) -> None:
        self.filters = filters

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ModeFilter) and self.filters == other.filters

    def __call__(self, tokens):
        first = next(tokens, None)
        if first is None:
            return iter(())
        return self.filters.get(first.mode, PassFilter())(chain([first], tokens))


def text_analyzer(*, stemmed: bool = True):
    """Words for body and subject: compounds as parts and merged, folded, stemmed, without
    stop words (unquoted words: the stemmed fields keep no positions, as no phrase searches
    them).

    Unstemmed (`stemmed=False`), the words as written, for quoted words and phrases: the
    `_exact` fields beside `text` and `subject` (as Elasticsearch's `.exact` subfields), with
    positions and stop words (a phrase's words are the words; they are dropped from unquoted
    queries only).
    """
    compounds = ModeFilter(
        index=CompoundFilter(INDEXED),
        query=CompoundFilter(MERGED),
        phrase=CompoundFilter(PARTS),
        phrase_merged=CompoundFilter(MERGED),
    )
    words = _WORDS | compounds | LowercaseFilter() | FoldAccents()
    if stemmed:
        # Snowball's English stemmer (Porter2): Whoosh's Porter left `running` as `runn`
        # and `mapping` as `mapp`, so that `run` found no running and `map` no mapping
        return words | StopFilter(minsize=1) | StemFilter(stemfn=porter2_stem, cachesize=50000)
    return words | ModeFilter(query=StopFilter(minsize=1))


def people_analyzer():
    """Names and addresses: `Elon Musk <elon@x.com>` gives elon, musk, elon@x.com's parts.

    Stop words are dropped from queries only, so the `are` of an unfielded `discussions are
    over` does not have to be somebody's name.
    """
    drop_stop_words = ModeFilter(index=PassFilter(), query=StopFilter(minsize=1))
    compounds = ModeFilter(
        index=CompoundFilter(INDEXED, addresses=True),
        query=CompoundFilter(INDEXED, addresses=True),
        phrase=CompoundFilter(PARTS),
        phrase_merged=CompoundFilter(MERGED),
    )
    return _WORDS | compounds | LowercaseFilter() | FoldAccents() | drop_stop_words


class FileNames(Tokenizer):
    """Attachment names, one a line: each whole (`contract_draft.pdf`), without its extension
    (`contract_draft`) and word by word (contract, draft, pdf), lowercased and folded. A
    query's value stays one token, so `attachment:contract_draft.pdf` is that file and
    `attachment:pdf` any PDF."""

    _WORD = re.compile(r"[^\W_]+")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FileNames)

    def __call__(self, value, positions=False, chars=False, mode="", start_pos=0, **kwargs):
        token = Token(positions, chars, mode=mode, **kwargs)
        token.startchar = token.endchar = 0
        terms = [value] if mode == "query" else list(chain(*map(self._terms, value.split("\n"))))
        for position, text in enumerate(filter(None, terms), start=start_pos):
            token.text = fold_accents(" ".join(text.split()).lower())
            token.boost, token.stopped, token.pos = 1.0, False, position
            yield token

    @classmethod
    def _terms(cls, name: str) -> list[str]:
        stem = name.rsplit(".", 1)[0] if "." in name.strip(".") else name
        return list(dict.fromkeys((name, stem, *cls._WORD.findall(name))))


class FolderNames(Tokenizer):
    """A mail store's folder (`Archive/2019`) as the folder and each folder around it
    (archive, archive/2019), lowercased, folded and its spaces made single, as mu matches
    `maildir:`: so `folder:Archive` finds what is filed in Archive and in the folders inside
    it, and `folder:Archive/2019` only what is in that one. A query's value, quoted or not,
    stays one token (its slashes at either end dropped: `folder:/Sent` is mu's spelling)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FolderNames)

    def __call__(self, value, positions=False, chars=False, mode="", start_pos=0, **kwargs):
        token = Token(positions, chars, mode=mode, **kwargs)
        token.startchar = token.endchar = 0
        names = [" ".join(name.split()) for name in value.strip("/").split("/")]
        if mode == "index":
            terms = ["/".join(names[:depth]) for depth in range(1, len(names) + 1)]
        else:
            terms = ["/".join(names)]
        for position, text in enumerate(filter(None, terms), start=start_pos):
            token.text = folded(text)
            token.boost, token.stopped, token.pos = 1.0, False, position
            yield token


class Words(NamedTuple):
    """A text's indexed words as columns, in order: each word, its position, and where it
    starts and ends in the text (tantivy's tokens are made from the four in bulk)."""

    words: Sequence[str]
    positions: Sequence[int]
    starts: Sequence[int]
    ends: Sequence[int]


_NO_WORDS = Words((), (), (), ())


def word_columns(analyzer, text: str) -> Words:
    """The words the analyser indexes for the text. searchkit's own three are computed in
    one loop (`_as_written`, `_stemmed`) rather than by their chain of generators passing a
    token along, their rules written a second time for speed: tantivy's build analyses every
    unit in Python. `tests/test_analysis.py` generates texts and holds the two alike."""
    if analyzer is TEXT_ANALYZER:
        return _stemmed(_as_written(text))
    if analyzer is EXACT_ANALYZER:
        return _as_written(text)
    if analyzer is PEOPLE_ANALYZER:
        return _as_written(text, addresses=True)
    tokens = analyzer(text, positions=True, chars=True, mode="index")
    words = [(token.text, token.pos, token.startchar, token.endchar) for token in tokens]
    return Words(*zip(*words, strict=True)) if words else _NO_WORDS


def written_out(analyzer, text: str, *, places: bool) -> str | None:
    """The words the analyser indexes for the text, one space between two (tantivy splits
    them back: `tantivy_engine.schema.WORDS_TOKENIZER`), where that keeps what the index
    holds: the field keeps no places (stemmed words), or each word takes the next place
    from the first on (no compound, whose parts and merged word share a place). Else None:
    the words go as tokens, each at its place (`word_columns`). A word of searchkit's own
    analysers is letters and digits, never a space; another analyser's term may hold one
    (a file's name)."""
    if analyzer is TEXT_ANALYZER and not places:
        plain = _plain_words(text)
        words = _as_written(text).words if plain is None else plain[0]
        return " ".join(filter(None, map(_kept_stem, words)))
    if analyzer is EXACT_ANALYZER or analyzer is PEOPLE_ANALYZER:
        plain = _plain_words(text)  # (an address is a compound: none to add beside the words)
        return None if plain is None else plain[1]
    return None


@functools.lru_cache(maxsize=4)  # a unit's text is indexed stemmed and as written, in turn
def _plain_words(text: str) -> tuple[list[str], str] | None:
    """The words of a text without a compound, lowercased and folded (`_as_written`, taken
    without their places or where they stand), and written out one space apart; None for a
    text holding a compound, a word holding a delimiter."""
    plain = text.isascii()  # most text: lowercased at once, nothing to fold
    found = WORD.findall(text.lower() if plain else text)
    spaced = " ".join(found)
    if DELIMITER.search(spaced):
        return None
    if plain:
        return found, spaced
    words = list(map(_folded_word, found))
    return words, " ".join(words)


@functools.lru_cache(maxsize=4)  # a unit's text is indexed stemmed and as written, in turn
def _as_written(text: str, addresses: bool = False) -> Words:
    """Words, a compound as its parts and as one word, lowercased and folded (the index
    mode of `EXACT_ANALYZER`; with `addresses`, each address whole beside its parts too, of
    `PEOPLE_ANALYZER`). The words are taken in bulk (`map`); only the compounds, found by
    where the text's delimiters fall, one by one."""
    plain = text.isascii()  # most text: lowercased at once, nothing to fold
    source = text.lower() if plain else text
    found = list(WORD.finditer(source))
    raw = list(map(_MATCHED, found))
    written = raw if plain else list(map(_folded_word, raw))
    spans = WordSpans.of(found)
    compounds = _compounds(source, spans)
    if not compounds:
        return Words(written, range(len(written)), spans.starts, spans.ends)
    words: list[str] = []
    positions: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    shift = done = 0  # a compound's parts take a place each: the words after it move on
    for at in compounds:
        words += written[done:at]
        positions += range(done + shift, at + shift)
        starts += spans.starts[done:at]
        ends += spans.ends[done:at]
        held, taken = _compound_words(raw[at], addresses)
        words += held.words
        positions += map(add, held.positions, repeat(at + shift))
        starts += map(add, held.starts, repeat(spans.starts[at]))
        ends += map(add, held.ends, repeat(spans.starts[at]))
        shift += taken - 1
        done = at + 1
    words += written[done:]
    positions += range(done + shift, len(written) + shift)
    starts += spans.starts[done:]
    ends += spans.ends[done:]
    return Words(words, positions, starts, ends)


@functools.lru_cache(maxsize=50_000)  # the same compounds come back: addresses, `don't`
def _compound_words(word: str, addresses: bool) -> tuple[Words, int]:
    """A compound's words as the index holds them, their places and characters counted from
    the compound's own (each part a place, the merged word and the address at the first),
    and how many places it takes."""
    parts, mergeable = compound(word)
    words = [folded(DELIMITER.sub("", word[first:last])) for first, last in parts]
    positions = list(range(len(parts)))
    starts = [first for first, _ in parts]
    ends = [last for _, last in parts]
    whole = (parts[0][0], parts[-1][1]) if parts else (0, 0)
    if mergeable:
        words.append(folded("".join(word[first:last] for first, last in parts)))
        positions.append(0)
        starts.append(whole[0])
        ends.append(whole[1])
    address = addresses and whole_address(word, parts)
    if address:
        words.append(folded(address))
        positions.append(0)
        starts.append(whole[0])
        ends.append(whole[1])
    return Words(tuple(words), tuple(positions), tuple(starts), tuple(ends)), len(parts)


_MATCHED = re.Match.group


def _compounds(source: str, spans: WordSpans) -> list[int]:
    """The numbers of the words holding a delimiter (a compound, not a number), in order."""
    held: list[int] = []
    for delimiter in DELIMITER.finditer(source):
        at = spans.holding(delimiter.start())
        if at is None or (held and held[-1] == at):
            continue
        if not NUMBER.fullmatch(source, spans.starts[at], spans.ends[at]):
            held.append(at)
    return held


def _stemmed(written: Words) -> Words:
    """Stop words out (the places after them closed up, as StopFilter renumbers), stemmed
    (the index mode of `TEXT_ANALYZER`)."""
    stems = map(_kept_stem, written.words)
    kept = [(at, stem) for at, stem in enumerate(stems) if stem is not None]
    if not kept:
        return _NO_WORDS
    first = written.positions[kept[0][0]]
    return Words(
        [stem for _, stem in kept],
        range(first, first + len(kept)),
        [written.starts[at] for at, _ in kept],
        [written.ends[at] for at, _ in kept],
    )


@functools.lru_cache(maxsize=50_000)  # StemFilter's cache size
def _kept_stem(word: str) -> str | None:
    """The word stemmed, or None where StopFilter drops it (empty, or a stop word)."""
    return porter2_stem(word) if word and word not in STOP_WORDS else None


TEXT_ANALYZER = text_analyzer()
EXACT_ANALYZER = text_analyzer(stemmed=False)

PEOPLE_ANALYZER = people_analyzer()
