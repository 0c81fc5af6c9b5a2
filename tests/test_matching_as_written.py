"""Wildcards, fuzzy words and words left out match words as written, on every engine: a
stem is no word the user typed (`universit*` found nothing in the stem `univers`, `f?nd`
found the stem of Funds, `organize NOT organic` left out both, being `organ`).

The generator draws paragraphs of made-up words (over a small alphabet, so that near
spellings and shared prefixes are common, and endings a stemmer cuts: -s, -ing, -ed, -ic,
-ize), and each query's hits are checked against what the paragraphs hold as written."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit import Archive
from searchkit.analysis import EXACT_ANALYZER

from .conftest import installed_engines

_STEMS = st.text(alphabet="bdklmrtu", min_size=3, max_size=5).map(lambda s: "a" + s)
_WORDS = st.builds(
    lambda stem, end: stem + end, _STEMS, st.sampled_from(["", "s", "ing", "ed", "ic", "ize"])
)
_PARAGRAPHS = st.lists(st.lists(_WORDS, min_size=1, max_size=4), min_size=2, max_size=8)


def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


def _found(paragraphs: list[list[str]], query: str, engine: str) -> set[str]:
    """The texts of the units `query` finds in a corpus of these paragraphs."""
    folder = Path(tempfile.mkdtemp())
    try:
        (folder / "corpus").mkdir()
        text = "\n\n".join(" ".join(words) + "." for words in paragraphs)
        (folder / "corpus" / "words.txt").write_text(text + "\n")
        with Archive(folder / "corpus", folder / "index", engine=engine, notify=print) as archive:
            return {hit.text for hit in archive.search(query, limit=None)}
    finally:
        shutil.rmtree(folder)


def _held(words: list[str]) -> set[str]:
    return {token.text for token in EXACT_ANALYZER(" ".join(words))}


def _texts(paragraphs: list[list[str]], keep) -> set[str]:
    return {" ".join(words) + "." for words in paragraphs if keep(_held(words))}


_ENOUGH = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_ENOUGH
@given(paragraphs=_PARAGRAPHS, pick=st.integers(0, 10_000), cut=st.integers(2, 4))
def test_a_wildcard_matches_words_as_written(paragraphs, pick, cut):
    every = sorted({word for words in paragraphs for word in words})
    prefix = every[pick % len(every)][:cut]
    wanted = _texts(paragraphs, lambda held: any(word.startswith(prefix) for word in held))
    one = every[pick % len(every)]
    single = one[:1] + "?" + one[2:]
    wanted_single = _texts(
        paragraphs,
        lambda held: any(len(w) == len(one) and w[0] == one[0] and w[2:] == one[2:] for w in held),
    )
    for engine in installed_engines():
        assert _found(paragraphs, f"{prefix}*", engine) == wanted, (engine, prefix)
        assert _found(paragraphs, single, engine) == wanted_single, (engine, single)


@_ENOUGH
@given(paragraphs=_PARAGRAPHS, pick=st.integers(0, 10_000), edits=st.sampled_from([1, 2]))
def test_a_fuzzy_word_matches_words_as_written_within_its_edits(paragraphs, pick, edits):
    every = sorted({word for words in paragraphs for word in words})
    asked = every[pick % len(every)]
    wanted = _texts(paragraphs, lambda held: any(_levenshtein(asked, w) <= edits for w in held))
    for engine in installed_engines():
        assert _found(paragraphs, f"{asked}~{edits}", engine) == wanted, (engine, asked)


@_ENOUGH
@given(paragraphs=_PARAGRAPHS, picks=st.tuples(st.integers(0, 10_000), st.integers(0, 10_000)))
def test_a_word_left_out_is_left_out_as_written(paragraphs, picks):
    every = sorted({word for words in paragraphs for word in words})
    kept, left = (every[pick % len(every)] for pick in picks)
    if kept == left:
        return
    for engine in installed_engines():
        with_kept = _found(paragraphs, kept, engine)  # the word searched by its stem
        found = _found(paragraphs, f"{kept} -{left}", engine)
        assert found == {text for text in with_kept if left not in _held(text.split())}, engine
        assert found == _found(paragraphs, f"{kept} NOT {left}", engine)


def test_a_near_spelling_alone_is_marked(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Musk wrote.\n\nMusl is a C library.\n")
    for engine in installed_engines():
        with Archive(corpus, tmp_path / engine, engine=engine, notify=print) as archive:
            hits = archive.search("musl~")
        assert {hit.text.split()[0]: hit.stem_only for hit in hits} == {"Musk": True, "Musl": False}
