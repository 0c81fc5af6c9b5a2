"""Words in every script: a word is found whole, however its script writes its letters.

Devanagari, Bengali, Tamil and Thai write vowels as combining marks; Arabic and Hebrew may
write their vowels as marks or leave them out; a Latin accent may come decomposed (`e` and
U+0301); Persian writes a zero-width non-joiner inside a word. Python's `\\w` is no mark, so a word was cut at each: `हिन्दी` became `ह`, `न` and
`द`, and a query for it matched any text holding those letters alone. Chinese, Japanese,
Korean and Thai write no space between words, so the index holds a run of them as one word:
a word typed alone is also sought inside runs, and the search says so.

The words are drawn from each script's letters and marks (every mark of the table that
Python's `unicodedata` calls one), and every one is searched on every engine.
"""

from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from searchkit import Archive
from searchkit.analysis import STOP_WORDS, TEXT_ANALYZER, WORD
from searchkit.highlight import written_form
from searchkit.query.rules import UNSPACED

TABLE = Path(__file__).resolve().parent.parent / "searchkit" / "data" / "combining-marks.txt"


def test_the_marks_table_is_every_combining_mark_unicodedata_knows():
    lines = [line for line in TABLE.read_text().splitlines() if not line.startswith("#")]
    listed = {
        point
        for first, last in map(str.split, lines)
        for point in range(int(first, 16), int(last, 16) + 1)
    }
    marks = {point for point in range(0x110000) if unicodedata.category(chr(point))[0] == "M"}
    assert listed == marks


def _block(first: int, last: int, category: str) -> list[str]:
    return [
        chr(point)
        for point in range(first, last + 1)
        if unicodedata.category(chr(point)).startswith(category)
    ]


#: Scripts that write vowels as combining marks: (letters, marks), from Unicode's blocks.
SCRIPTS = {
    "Devanagari": (_block(0x0915, 0x0939, "Lo"), _block(0x093E, 0x094D, "M")),
    "Bengali": (_block(0x0995, 0x09B9, "Lo"), _block(0x09BE, 0x09CD, "M")),
    "Tamil": (_block(0x0B95, 0x0BB9, "Lo"), _block(0x0BBE, 0x0BCD, "M")),
    "Thai": (
        _block(0x0E01, 0x0E2E, "Lo"),
        _block(0x0E31, 0x0E3A, "M") + _block(0x0E47, 0x0E4E, "M"),
    ),
    "Arabic": (_block(0x0628, 0x064A, "Lo"), _block(0x064B, 0x0652, "M")),
    "Hebrew": (_block(0x05D0, 0x05EA, "Lo"), _block(0x05B0, 0x05BC, "M")),
    "Latin": (list("abcdefghijklmnopqrstuvwxyz"), _block(0x0300, 0x036F, "M")),
    # the zero-width non-joiner inside a Persian word (`می‌خواهم`), typed or not
    "Persian": (
        _block(0x0628, 0x064A, "Lo") + ["\u067e", "\u0686", "\u06a9", "\u06cc"],
        ["\u200c"],
    ),
}


@st.composite
def marked_words(draw, script: str | None = None) -> str:
    """A word of a script: letters, each followed by none, one or two of its marks."""
    letters, marks = SCRIPTS[script or draw(st.sampled_from(sorted(SCRIPTS)))]
    syllables = st.tuples(st.sampled_from(letters), st.lists(st.sampled_from(marks), max_size=2))
    parts = draw(st.lists(syllables, min_size=2, max_size=6))
    word = "".join(letter + "".join(signs) for letter, signs in parts)
    assume(written_form(word) not in STOP_WORDS)  # `"is"`, a Latin word drawn, is no word sought
    return word


SEPARATORS = st.sampled_from([" ", "  ", "\n", ", ", ". ", "। ", "، ", " (", ") ", "\u05be"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(marked_words(), SEPARATORS), min_size=1, max_size=8))
def test_a_word_is_one_word_whatever_marks_its_letters_carry(pieces):
    text = "".join(word + between for word, between in pieces)
    assert WORD.findall(text) == [word for word, _ in pieces]


@settings(max_examples=300, deadline=None)
@given(marked_words())
def test_a_query_word_is_one_term(word):
    # not a letter each: a query for a marked word never matches its letters alone
    assert len([token.text for token in TEXT_ANALYZER(word, mode="query")]) == 1


def _term(word: str) -> list[str]:
    return [token.text for token in TEXT_ANALYZER(word, mode="query")]


ACCENTS = {"Arabic", "Hebrew", "Latin", "Persian"}


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(ACCENTS)).flatmap(lambda script: marked_words(script)))
def test_an_accent_or_a_vowel_point_may_be_written_or_not(word):
    # Arabic's short vowels, Hebrew's points, a Latin accent: the word matches without them,
    # composed or decomposed
    bare = "".join(char for char in word if not _is_mark(char))
    assert _term(word) == _term(bare) == _term(unicodedata.normalize("NFC", word))


def _is_mark(char: str) -> bool:
    return unicodedata.category(char)[0] == "M" or char == "\u200c"


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(set(SCRIPTS) - ACCENTS)).flatmap(lambda script: marked_words(script)))
def test_an_indic_or_thai_vowel_sign_is_a_letter_of_its_word(word):
    bare = "".join(char for char in word if not _is_mark(char))
    if bare != word:
        assert _term(word) != _term(bare)


def _mail(number: int, body: str) -> str:
    return (
        f"From: Sender {number} <s{number}@example.org>\nTo: Reader <r@example.org>\n"
        f"Subject: note {number}\nDate: Tue, 3 Mar 2020 09:{number:02d}:00 +0000\n"
        'Content-Type: text/plain; charset="utf-8"\n\n'
        f"{body}\n"
    )


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(st.lists(marked_words(), min_size=1, max_size=4), min_size=2, max_size=4),
    marked_words(),
)
def test_each_marked_word_finds_the_messages_holding_it(installed_engine, bodies, absent):
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        for number, words in enumerate(bodies, 1):
            body = " ".join([*words, f"note{number}"])  # no two alike: duplicates collapse
            (corpus / f"{number}.eml").write_text(_mail(number, body), "utf-8")
        with Archive(corpus, Path(folder) / "index", engine=installed_engine) as archive:
            for word in {word for words in bodies for word in words} | {absent}:
                found = archive.search(f'"{word}"', limit=None)
                assert {hit.source for hit in found} == _holding(bodies, word), word
                for hit in found:  # each hit shows the word, marked whole
                    shown = [hit.snippet[start:end] for start, end in hit.matches]
                    assert shown and all(_shows(mark, word) for mark in shown), (word, shown)


def _holding(bodies: list[list[str]], word: str) -> set[str]:
    """The messages holding the word as written (accents and vowel points aside), or, in a
    script written without spaces, inside one of their words."""
    return {
        f"{number}.eml"
        for number, words in enumerate(bodies, 1)
        if any(_shows(other, word) for other in words)
    }


def _shows(shown: str, word: str) -> bool:
    if UNSPACED.search(word):
        return written_form(word) in written_form(shown)
    return written_form(shown) == written_form(word)


#: Runs of Chinese, Japanese, Korean and Thai, written without spaces between words.
RUN_LETTERS = {
    "Han": _block(0x4E00, 0x4E7F, "Lo"),
    "Hiragana": _block(0x3041, 0x3096, "Lo"),
    "Katakana": _block(0x30A1, 0x30FA, "Lo"),
    "Hangul": _block(0xAC00, 0xAC7F, "Lo"),
    "Thai": _block(0x0E01, 0x0E2E, "Lo"),
}
RUN_PIECES = st.sampled_from(sorted(RUN_LETTERS)).flatmap(
    lambda script: st.text(st.sampled_from(RUN_LETTERS[script]), min_size=2, max_size=4)
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    word=RUN_PIECES,
    before=st.text(st.sampled_from(RUN_LETTERS["Han"] + RUN_LETTERS["Hiragana"]), max_size=5),
    after=st.text(st.sampled_from(RUN_LETTERS["Han"] + RUN_LETTERS["Hiragana"]), max_size=5),
    other=RUN_PIECES,
    quoted=st.booleans(),
)
def test_a_word_without_spaces_around_it_is_found_inside_its_run(
    installed_engine, word, before, after, other, quoted
):
    # `東京` in `東京の会議は延期です`: the index holds the whole run as one word
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        (corpus / "1.eml").write_text(_mail(1, f"Note: {before}{word}{after}。 Thanks."), "utf-8")
        (corpus / "2.eml").write_text(_mail(2, "Nothing of the kind here."), "utf-8")
        with Archive(corpus, Path(folder) / "index", engine=installed_engine) as archive:
            for sought in (word, other):
                found = archive.search(f'"{sought}"' if quoted else sought, limit=None)
                holding = {"1.eml"} if sought in f"{before}{word}{after}" else set()
                assert {hit.source for hit in found} == holding, sought
                assert any(f'"{sought}" was also sought inside' in note for note in found.notes)


def test_only_words_of_unspaced_scripts_are_sought_inside_runs():
    assert UNSPACED.search("東京") and UNSPACED.search("서울에서") and UNSPACED.search("ภาษา")
    assert not any(UNSPACED.search(word) for word in ("café", "हिन्दी", "محمد", "שלום", "Zoë"))
