"""The snippets' matches: the words found by one search of the text for the terms' first
letters (`highlight.matched_words`) are every word the analyser makes a term of, checked
against analysing every word, on texts generated from the characters that decide a word
(`test_analysis.PIECES`: accents, capitals whose lower case is longer, ligatures, compounds'
delimiters, possessives, scripts without spaces) and on the bundled corpus."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from searchkit.analysis import TEXT_ANALYZER, WORD
from searchkit.corpus import read_units
from searchkit.highlight import ELLIPSIS, Match, matched_words, snippet, written_form

from .conftest import CORPUS
from .test_analysis import TEXTS


def every_word(text: str, terms: frozenset[str], exact: frozenset[str]):
    """The matches and forms found by analysing each word of the text."""
    matches, found = [], set()
    for word in WORD.finditer(text):
        tokens = TEXT_ANALYZER(word.group(), chars=True, mode="index", removestops=False)
        for token in tokens:
            start, end = word.start() + token.startchar, word.start() + token.endchar
            written = written_form(text[start:end])
            if token.text in terms:
                found.add((token.text, written))
            if token.text in terms or written in exact:
                matches.append(Match(start, end, token.text))
    return matches, found


def terms_of(text: str) -> tuple[list[str], list[str]]:
    stems = [t.text for t in TEXT_ANALYZER(text, mode="index", removestops=False)]
    return stems, [written_form(word.group()) for word in WORD.finditer(text)]


@st.composite
def texts_and_terms(draw):
    text = draw(TEXTS)
    stems, written = terms_of(text)
    others = st.sampled_from(["profit", "run", "general", "xyz", "e", "s", "2017"])
    terms = draw(st.frozensets(st.sampled_from(stems) | others if stems else others, max_size=3))
    exact = draw(st.frozensets(st.sampled_from(written), max_size=2)) if written else frozenset()
    return text, terms, exact


@settings(max_examples=500, deadline=None)
@given(texts_and_terms())
def test_the_words_found_are_every_word_that_matches(case):
    text, terms, exact = case
    found: set[tuple[str, str]] = set()
    assert matched_words(text, terms, exact, found) == every_word(text, terms, exact)[0]
    assert found == every_word(text, terms, exact)[1]


@settings(max_examples=300, deadline=None)
@given(texts_and_terms())
def test_a_snippet_marks_matching_words_of_the_text(case):
    text, terms, exact = case
    shown = snippet(text, terms, exact)
    flat = " ".join(text.split())
    assert shown.text.replace(f"{ELLIPSIS} ", "").replace(f" {ELLIPSIS}", "") in flat or (
        ELLIPSIS in shown.text
    )
    marked = {shown.text[start:end] for start, end in shown.matches}
    words = {text[match.start : match.end] for match in every_word(text, terms, exact)[0]}
    assert marked <= words
    if words and len(text) < 200:  # a short text is one passage: all its matches marked
        # (a compound's part within its merged word, marked whole)
        assert all(any(word in mark for mark in marked) for word in words)


def test_the_corpus_words_found_are_every_word_that_matches():
    units = [
        unit for path in sorted(CORPUS.iterdir()) for unit in read_units(path, path.name).units
    ]
    for unit in units[::3]:
        stems, written = terms_of(unit.text)
        terms, exact = frozenset(stems[::7]), frozenset(written[::11])
        found: set[tuple[str, str]] = set()
        expected, forms = every_word(unit.text, terms, exact)
        assert matched_words(unit.text, terms, exact, found) == expected
        assert found == forms


def every_line_word(text: str, matches: list[Match], candidates: list[tuple[int, int]]):
    """What Whoosh's highlighter was fed: every word of each line holding a candidate word,
    a candidate word as its analysed parts."""
    from searchkit.highlight import _analysed

    matched = {(match.start, match.end): match for match in matches}
    spans, high = set(candidates), -1
    for start, stop in candidates:
        if start < high:
            continue
        end = text.find("\n", stop)
        low, high = text.rfind("\n", 0, start) + 1, len(text) if end < 0 else end
        for word in WORD.finditer(text, low, high):
            if word.span() not in spans:
                yield word.start(), word.end(), None
                continue
            for _, first, last, _ in _analysed(word.group()):
                at = (word.start() + first, word.start() + last)
                yield *at, matched.get(at)


_VOCABULARY = ["funding", "funds", "fun", "non-profit", "profit", "a", "Musk's", "the", "of",
               "agreement", "tesla", "2017", "I", "océan", "fundamentally", "in"]
_BETWEEN = st.sampled_from([" "] * 8 + [", ", ". ", "\n", "\n\n", " -- ", " " * 40, "!!! "])


@st.composite
def long_texts(draw):
    words = draw(st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=300))
    return "".join(word + draw(_BETWEEN) for word in words)


@settings(max_examples=400, deadline=None)
@given(
    long_texts(),
    st.frozensets(
        st.sampled_from(["fund", "profit", "tesla", "nonprofit", "a"]), min_size=1, max_size=2
    ),
)
@example("funding " + "of the agreement " * 12, frozenset({"fund"}))  # context after, doubled
@example("the agreement of funding " * 6, frozenset({"fund"}))
def test_the_passages_are_those_of_every_word_of_the_lines(text, terms):
    """Only the words near a match are read for the passages: the passages are the same as
    when every word of the lines is read, as Whoosh's highlighter read them."""
    from searchkit.analysis import WordSpans
    from searchkit.highlight import _matched, _near_words, _passages

    candidates: list[tuple[int, int]] = []
    words = WordSpans.of(list(WORD.finditer(text)))
    matches = _matched(text, words, terms, frozenset(), set(), candidates)
    whole = [p for p in _passages(text, every_line_word(text, matches, candidates)) if p.matches]
    near = [p for p in _passages(text, _near_words(text, words, matches, candidates)) if p.matches]
    assert near == whole


@settings(max_examples=400, deadline=None)
@given(texts_and_terms(), st.lists(st.sampled_from(["\n", " ", "\n\n"]), max_size=30))
def test_a_snippet_reads_the_lines_of_its_candidates_as_every_word(case, breaks):
    """Only the lines where a term's first letters stand are read for a snippet's words: the
    snippet is the one read from every word of the text."""
    from unittest import mock

    from searchkit import highlight
    from searchkit.analysis import WordSpans

    text, terms, exact = case
    # lines of their own, some without a candidate word
    pieces = text.split(" ")
    text = "".join(
        piece + (breaks[n] if n < len(breaks) else " ") for n, piece in enumerate(pieces)
    )
    every = WordSpans.of(list(WORD.finditer(text)))
    with mock.patch.object(highlight, "_readable_words", lambda *_: every):
        whole = snippet(text, terms, exact)
    assert snippet(text, terms, exact) == whole
