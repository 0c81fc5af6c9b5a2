"""The analysers' words computed in one loop (`word_columns`, what tantivy is handed) are
the words their chains of Whoosh filters give (what Whoosh indexes), for texts generated
from the characters that decide a word: letters with and without accents, capitals whose
lower case is longer, digits, the inner delimiters of compounds, possessives, stop words,
scripts without spaces. Written out for tantivy (`written_out`), they are those words, one
space between two, none holding a space."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit.analysis import (
    DELIMITER,
    EXACT_ANALYZER,
    PEOPLE_ANALYZER,
    TEXT_ANALYZER,
    WORD,
    FileNames,
    word_columns,
    written_out,
)
from searchkit.corpus import read_units

from .conftest import CORPUS


def indexed_words(analyzer, text: str) -> tuple[tuple[str, int, int, int], ...]:
    """The words `word_columns` gives, one (word, place, start, end) each, as the Whoosh
    chain's tokens are compared."""
    return tuple(zip(*word_columns(analyzer, text), strict=True))

PIECES = st.sampled_from(
    [
        *"abzXYZéÉñçøßİﬁ0129",
        *"-'’.@&_",
        *" ,;:!?()\n\t",
        "日本語",
        "the ",
        "and ",
        "a ",
        "'s ",
        "’S ",
        "non-profit ",
        "e-mail ",
        "gpt-4 ",
        "2017-09-12 ",
        "o'brien ",
        "elon@tesla.com ",
        "AT&T ",
        "__init__ ",
        "running ",
        "généralement ",
    ]
)
TEXTS = st.lists(PIECES, max_size=40).map("".join)


def chain_words(analyzer, text: str) -> list[tuple[str, int, int, int]]:
    tokens = analyzer(text, positions=True, chars=True, mode="index")
    return [(token.text, token.pos, token.startchar, token.endchar) for token in tokens]


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_the_loop_gives_the_words_the_filters_give(text):
    for analyzer in (TEXT_ANALYZER, EXACT_ANALYZER, PEOPLE_ANALYZER):
        assert list(indexed_words(analyzer, text)) == chain_words(analyzer, text), analyzer


#: And the spaces a word must never hold: Unicode's (tantivy splits at them) and Python's.
SPACED_TEXTS = st.lists(
    st.one_of(PIECES, st.sampled_from(["\u00a0", "\u2028", "\u3000", "\x1c", "\x85", "İ"])),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(SPACED_TEXTS)
def test_the_words_written_out_are_the_words_indexed(text):
    assert_written_out_as_indexed(text)


def assert_written_out_as_indexed(text: str) -> None:
    for analyzer, places in ((TEXT_ANALYZER, False), (EXACT_ANALYZER, True), (PEOPLE_ANALYZER, True)):
        words = indexed_words(analyzer, text)
        written = written_out(analyzer, text, places=places)
        if written is None:  # a compound's words share a place: they go as tokens
            assert analyzer is not TEXT_ANALYZER
            assert any(DELIMITER.search(word) for word in WORD.findall(text))
            continue
        apart = written.split(" ") if written else []
        assert apart == [word for word, *_ in words]
        assert all(word and not any(char.isspace() for char in word) for word in apart)
        if places:
            assert [place for _, place, *_ in words] == list(range(len(words)))


@settings(max_examples=400, deadline=None)
@given(SPACED_TEXTS)
def test_a_text_is_written_out_unless_a_word_holds_a_delimiter(text):
    compound = any(DELIMITER.search(word) for word in WORD.findall(text))
    assert (written_out(EXACT_ANALYZER, text, places=True) is None) == compound


def test_the_corpus_and_the_words_it_decides():
    units = [
        unit for path in sorted(CORPUS.iterdir()) for unit in read_units(path, path.name).units
    ]
    texts = [unit.text for unit in units] + [unit.sender for unit in units if unit.sender]
    assert len(units) > 100
    for text in texts:
        for analyzer in (TEXT_ANALYZER, EXACT_ANALYZER, PEOPLE_ANALYZER):
            assert list(indexed_words(analyzer, text)) == chain_words(analyzer, text)
        assert_written_out_as_indexed(text)
    assert [word for word, *_ in indexed_words(TEXT_ANALYZER, "The non-profit's emails")] == [
        "non",
        "profit",
        "nonprofit",
        "email",
    ]


def test_another_analyser_is_run_as_it_is():
    names = FileNames()
    assert list(indexed_words(names, "contract_draft.pdf")) == chain_words(
        names, "contract_draft.pdf"
    )
