"""Wildcards, fuzzy words and words left out match words as written, on every engine: a
stem is no word the user typed (`universit*` found nothing in the stem `univers`, `f?nd`
found the stem of Funds, `organize NOT organic` left out both, being `organ`).

The generator draws paragraphs of made-up words (over a small alphabet, so that near
spellings and shared prefixes are common, and endings a stemmer cuts: -s, -ing, -ed, -ic,
-ize), and each query's hits are checked against what the paragraphs hold as written."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Callable, Iterator
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


@contextlib.contextmanager
def _searching(paragraphs: list[list[str]]) -> Iterator[Callable[[str, str], set[str]]]:
    """A search of a corpus of these paragraphs on each engine: `found(query, engine)`, the
    texts of the units the query finds (each engine's index built once)."""
    folder = Path(tempfile.mkdtemp())
    try:
        (folder / "corpus").mkdir()
        text = "\n\n".join(" ".join(words) + "." for words in paragraphs)
        (folder / "corpus" / "words.txt").write_text(text + "\n")
        with contextlib.ExitStack() as stack:
            archives = {
                engine: stack.enter_context(
                    Archive(folder / "corpus", folder / engine, engine=engine, notify=print)
                )
                for engine in installed_engines()
            }

            def found(query: str, engine: str) -> set[str]:
                hits = archives[engine].search(query, limit=None, refresh=False)
                return {hit.text for hit in hits}

            yield found
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
    with _searching(paragraphs) as found:
        for engine in installed_engines():
            assert found(f"{prefix}*", engine) == wanted, (engine, prefix)
            assert found(single, engine) == wanted_single, (engine, single)


@_ENOUGH
@given(paragraphs=_PARAGRAPHS, pick=st.integers(0, 10_000), edits=st.sampled_from([1, 2]))
def test_a_fuzzy_word_matches_words_as_written_within_its_edits(paragraphs, pick, edits):
    every = sorted({word for words in paragraphs for word in words})
    asked = every[pick % len(every)]
    wanted = _texts(paragraphs, lambda held: any(_levenshtein(asked, w) <= edits for w in held))
    with _searching(paragraphs) as found:
        for engine in installed_engines():
            assert found(f"{asked}~{edits}", engine) == wanted, (engine, asked)


@_ENOUGH
@given(paragraphs=_PARAGRAPHS, picks=st.tuples(st.integers(0, 10_000), st.integers(0, 10_000)))
def test_a_word_left_out_is_left_out_as_written(paragraphs, picks):
    every = sorted({word for words in paragraphs for word in words})
    kept, left = (every[pick % len(every)] for pick in picks)
    if kept == left:
        return
    with _searching(paragraphs) as found:
        for engine in installed_engines():
            with_kept = found(kept, engine)  # the word searched by its stem
            without = found(f"{kept} -{left}", engine)
            assert without == {t for t in with_kept if left not in _held(t.split())}, engine
            assert without == found(f"{kept} NOT {left}", engine)


def test_a_near_spelling_alone_is_marked(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Musk wrote.\n\nMusl is a C library.\n")
    for engine in installed_engines():
        with Archive(corpus, tmp_path / engine, engine=engine, notify=print) as archive:
            hits = archive.search("musl~")
        assert {hit.text.split()[0]: hit.stem_only for hit in hits} == {"Musk": True, "Musl": False}


_NUMBERS = st.builds(
    lambda whole, cents, mark: f"{whole}{mark}{cents:02d}",
    st.integers(1, 99),
    st.integers(0, 99),
    st.sampled_from([".", ","]),
)
_CONTRACTIONS = st.sampled_from(
    [("we'll", "well"), ("she'll", "shell"), ("we're", "were"), ("she'd", "shed"), ("I'll", "ill")]
)


@_ENOUGH
@given(number=_NUMBERS, pair=_CONTRACTIONS, quote=st.sampled_from(["'", "’"]))
def test_a_number_and_a_contraction_are_not_the_word_their_marks_hide(number, pair, quote):
    """`2.5` is no 25 (nor `15.00` 1500, nor does `5` find it), `we'll` no well: a number's
    marks and a contraction's are their own, not a word's joints (`non-profit` is
    nonprofit)."""
    contracted, word = pair
    contracted = contracted.replace("'", quote)
    joined = number.replace(".", "").replace(",", "")
    paragraphs = [
        ["the", "price", "was", number],
        ["the", "price", "was", joined],
        ["says", contracted, "go"],
        ["says", word, "go"],
    ]
    with _searching(paragraphs) as found:
        for engine in installed_engines():
            assert found(f'"{number}"', engine) == {f"the price was {number}."}, engine
            assert found(joined, engine) == {f"the price was {joined}."}, engine
            whole, cents = number.replace(",", ".").split(".")
            assert f"the price was {number}." not in found(whole, engine) | found(cents, engine)
            assert found(number, engine) == {f"the price was {number}."}, engine
            assert found(f"says {word}", engine) == {f"says {word} go."}, engine
            assert f"says {contracted} go." in found(f'"{contracted}"', engine), engine
