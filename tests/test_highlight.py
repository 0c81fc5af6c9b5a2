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
    st.frozensets(st.sampled_from(["fun", "non", "profit", "of", "in"]), max_size=2),
)
@example("funding " + "of the agreement " * 12, frozenset({"fund"}), frozenset())
@example("the agreement of funding " * 6, frozenset({"fund"}), frozenset())
def test_a_long_texts_snippet_is_its_best_passages(text, terms, exact):
    """At most two passages, each within a passage's length (and a word at each edge),
    each a piece of the text, the matches in them marked; a text with a match shows one."""
    from searchkit.highlight import _CONTEXT_CHARS, _PASSAGE_CHARS

    shown = snippet(text, terms, exact)
    matches = every_word(text, terms, exact)[0]
    pieces = [p.strip() for p in shown.text.split(ELLIPSIS) if p.strip()]
    flat = " ".join(text.split())
    assert all(piece in flat for piece in pieces)
    if not matches:
        assert not shown.matches
        return
    assert 1 <= len(pieces) <= 2
    assert all(len(piece) <= _PASSAGE_CHARS + 2 * _CONTEXT_CHARS for piece in pieces)
    marked = [shown.text[start:end] for start, end in shown.matches]
    assert marked and set(marked) <= {text[m.start : m.end] for m in matches}


def test_a_passage_holding_both_words_beats_one_holding_one_word_twice():
    apart = "then nothing at all here " * 8
    text = ("funding and more funding " + apart) * 3 + "the funding of tesla " + apart
    shown = snippet(text, frozenset({"fund", "tesla"}))
    assert "funding of tesla" in shown.text
    assert shown.text.count(ELLIPSIS) <= 3  # two passages


def test_a_text_of_joined_parts_is_looked_at_in_linear_time():
    """`a-a-a-…`: each joiner's word is looked at once, not each joiner back to the start."""
    from .timing import best_seconds

    small, large = (
        best_seconds(lambda text: snippet(text, frozenset({"ab"})), text)
        for text in ("a-" * 20_000 + "b", "a-" * 80_000 + "b")
    )
    assert large < 8 * small + 0.05, (small, large)
