"""Every query string is answered or refused with a one-line reason, within the time budget:
ten thousand generated ones on the bundled corpus, and the known hard cases."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchkit import Archive, present
from searchkit.cli import main
from searchkit.errors import QueryError

from .conftest import CORPUS

#: Pieces queries are made of: words of the corpus, every operator and field of the query
#: language, names that are no field, ranges, fuzzy and wildcard forms, and what is not text.
PIECES = [
    *("elon", "openai", "funding", "board", "the", "a", "non-profit", "for-profit", "e-mail"),
    *("safty", "AND", "OR", "NOT", "-", "+", "(", ")", '"', "*", "?", "~", "~1", "~2", "~9"),
    *("/3", "^2", "^", ":", "..", "from:", "to:", "cc:", "subject:", "body:", "kind:"),
    *("thread:", "source:", "date:", "after:", "before:", "period:", "foo:", "year:", "id:"),
    *("copy:", "record:", "envelope:", "2017", "2017-09", "2017-09-20", "2019..2017", "..2016"),
    *("[", "]", "{", "}", " TO ", "[a TO b]", "{2017 TO 2018}", "ab~1/3", "\udcff", "\ud800"),
    *("\x00", "\x1b[2J", "é", "日本", "😀", "'", "\\", "/", "!", "&&", "||", "<", ">", "="),
    *("*:*", "fund*", "*ing", "?a", "compu*~", "\t", "\n", " ", " ", " "),
]
QUERIES = 10_000
SECONDS = 5.0


def generated(count: int, seed: int = 13) -> list[str]:
    pick = random.Random(seed)
    return [
        "".join(
            pick.choice(PIECES) + (" " if pick.random() < 0.5 else "")
            for _ in range(pick.randrange(1, 8))
        )
        for _ in range(count)
    ]


@pytest.fixture(scope="module")
def archive(bundled_index):
    with Archive(CORPUS, bundled_index, notify=lambda _: None) as opened:
        yield opened


def test_ten_thousand_generated_queries_answer_or_refuse_in_time(archive):
    answered = refused = 0
    slowest = (0.0, "")
    for text in generated(QUERIES):
        started = time.perf_counter()
        try:
            archive.search(text, limit=1, refresh=False)
            answered += 1
        except QueryError as error:
            assert "\n" not in str(error) and str(error), text
            refused += 1
        slowest = max(slowest, (time.perf_counter() - started, text))
    assert answered + refused == QUERIES and answered > QUERIES // 3 and refused > QUERIES // 10
    assert slowest[0] < SECONDS, slowest


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("ab~1/3", "prefix is longer than the word"),
        ("funding~9", "at most 2 edits"),
        ("\udcff", "not text"),
        ("x" * 1001, "at most 1,000"),
        ('period:"a b"', ""),
        ("date:2019..2017 [a TO", ""),
    ],
)
def test_hard_queries_are_refused_with_exit_status_2_or_answered(
    archive, bundled_index, text, says
):
    try:
        archive.search(text, refresh=False)
    except QueryError as error:
        assert says in str(error)
        done = CliRunner().invoke(
            main, ["search", text, "--index", str(bundled_index), "--no-refresh"]
        )
        assert done.exit_code == 2 and done.stderr.count("\n") == 1
        assert "internal error" not in done.stderr
    else:
        assert not says, f"{text!r} should have been refused"


def test_a_search_out_of_time_answers_with_what_it_found(whoosh_index, monkeypatch):
    bundled_index = whoosh_index  # Whoosh's collector's time budget
    from whoosh import collectors

    prepare = collectors.TimeLimitCollector.prepare

    def out_of_time(self, *args):  # the time budget spent before the first match
        prepare(self, *args)
        self.timedout = True

    monkeypatch.setattr(collectors.TimeLimitCollector, "prepare", out_of_time)
    with Archive(CORPUS, bundled_index, notify=lambda _: None) as archive:
        slow = archive.search("fund*", refresh=False)
        assert slow.partial and not slow.total_is_exact
        assert not archive.search("funding", refresh=False).partial  # a plain word: no budget
    text = CliRunner().invoke(
        main, ["search", "fund*", "--index", str(bundled_index), "--no-refresh"]
    )
    assert "ran out of time" in text.stdout


#: An open-ended query: thirty fuzzy words, each expanded over the whole vocabulary.
SPRAWLING = "openai OR " + " OR ".join(f"x{number}~2" for number in range(30))


def test_a_search_past_its_time_answers_with_fewer_hits_never_wrong_ones(bundled_index):
    """Past its time a search answers with the hits it has, said partial; each of them a
    hit of the whole search (on Whoosh a fuzzy word not expanded in time stands for itself;
    tantivy expands them all in time)."""
    with Archive(CORPUS, bundled_index, notify=lambda _: None) as archive:
        whole = archive.search(SPRAWLING, limit=None, refresh=False, seconds=60)
    assert not whole.partial and whole.total
    with Archive(CORPUS, bundled_index, notify=lambda _: None) as archive:  # nothing expanded yet
        archive.searcher()
        started = time.monotonic()
        hurried = archive.search(SPRAWLING, limit=None, refresh=False, seconds=0.3)
        took = time.monotonic() - started
    assert took < 3.0
    assert {hit.id for hit in hurried} <= {hit.id for hit in whole}
    assert hurried.partial or [hit.id for hit in hurried] == [hit.id for hit in whole]
    if hurried.partial:
        assert not hurried.total_is_exact and not hurried.corrected_query
        assert any("ran out of time" in line for line in present.notices(hurried))


def _too_short_for(query: str, index: Path, share: float = 0.25) -> float:
    """A share of the time a whole search for `query` takes here, on a fresh searcher (a
    fixed budget was no shorter than the whole search on a faster machine)."""
    with Archive(CORPUS, index, notify=lambda _: None) as archive:
        archive.searcher()
        started = time.monotonic()
        archive.search(query, limit=None, refresh=False, seconds=60)
        return (time.monotonic() - started) * share


def test_whoosh_cuts_a_sprawling_search_short_and_keeps_what_it_found(whoosh_index):
    # (a budget this machine's moment spent before the first hit finds none: a larger
    # share of the whole search's time, still short of it, is tried then)
    for share in (0.25, 0.4, 0.6):
        short = _too_short_for(SPRAWLING, whoosh_index, share)
        with Archive(CORPUS, whoosh_index, notify=lambda _: None) as archive:
            archive.searcher()
            hurried = archive.search(SPRAWLING, limit=None, refresh=False, seconds=short)
        if hurried.partial and hurried.total:
            break
    assert hurried.partial and hurried.total  # "openai" itself is no fuzzy word
    # a word under a Not is expanded in full, however late: cut short, it would let excluded
    # units through (x1~2 excludes every unit holding "a", "i", "to", …)
    excluding = f"({SPRAWLING}) -x1~2"
    short = _too_short_for(excluding, whoosh_index)
    with Archive(CORPUS, whoosh_index, notify=lambda _: None) as archive:
        archive.searcher()
        late = archive.search(excluding, limit=None, refresh=False, seconds=short)
        whole = archive.search(excluding, limit=None, refresh=False, seconds=60)
    assert late.partial and not whole.partial
    assert {hit.id for hit in late} <= {hit.id for hit in whole}
