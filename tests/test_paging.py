"""Paging: every page holds what the whole list holds there, on every engine, however the
index was built: matches that score alike (`kind:email`, `date:2015`), scored matches that
tie (`from:writer`), and a message whose prior lifts it above matches that outscore it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit import places, search
from searchkit.indexing import update

from .conftest import needs_testdata

EMAILS = 30
PROSE = 25


def _mail(number: int, words: str) -> str:
    return (
        f"From: Writer {number} <w{number}@example.org>\n"
        "To: Reader <r@example.org>\n"
        f"Date: Mon, 2 Mar 2015 10:{number % 60:02d}:00 +0000\n"
        f"Subject: note {number}\n"
        f"Message-ID: <n{number}@example.org>\n\n"
        f"{words} {number}\n"
    )


def _corpus(folder: Path) -> None:
    """Mail and prose files, and exact duplicates of some (the same words of the same
    writer on the same day, filed again under another Message-ID) listed far from them."""
    folder.mkdir()
    for number in range(EMAILS):
        (folder / f"m{number:02d}.eml").write_text(_mail(number, "budget line"))
    for number in range(PROSE):
        (folder / f"p{number:02d}.txt").write_text(f"A paragraph of prose, the {number}th.\n")
    for number in (3, 17, 26):
        (folder / f"z{number:02d}.eml").write_text(_again(number, "budget line"))
    (folder / "z99.txt").write_text("A paragraph of prose, the 5th.\n")


def _again(number: int, words: str) -> str:
    """Mail `number` filed again under another Message-ID."""
    return _mail(number, words).replace(f"<n{number}@", f"<again{number}@")


def _rewritten(folder: Path) -> None:
    """The first file of each ten rewritten (the engine holds it last, the corpus first),
    new files listed between those indexed (each indexed at a place between theirs), and
    exact duplicates changed and added."""
    for number in range(0, EMAILS, 10):
        (folder / f"m{number:02d}.eml").write_text(_mail(number, "budget line, amended"))
        (folder / f"m{number + 4:02d}b.eml").write_text(_mail(number + 100, "budget line"))
    for number in range(0, PROSE, 10):
        (folder / f"p{number:02d}.txt").write_text(
            f"A paragraph of prose, the {number}th, again.\n"
        )
        (folder / f"p{number + 2:02d}b.txt").write_text(f"A paragraph of prose, {number}b.\n")
    # a duplicate's words changed (its original's text is its own again), and new ones of
    # mail that had none
    (folder / "z17.eml").write_text(_again(17, "budget line, corrected"))
    for number in (5, 21):
        (folder / f"z{number:02d}.eml").write_text(_again(number, "budget line"))


def _pages(
    query: str, index: Path, corpus: Path, size: int, sort: str = "relevance"
) -> tuple[list[str], list]:
    """The ids of every page of `size` hits, and the whole list in one; each page's total
    the whole list's length, exactly (the duplicates beyond a page's candidates too)."""
    whole = search(query, index=index, corpus=corpus, limit=None, sort=sort)
    assert whole.total == len(whole) > size
    pages = [
        search(query, index=index, corpus=corpus, limit=limit, offset=start, sort=sort)
        for start in range(0, len(whole), size)
        for limit in (size, 0)
    ]
    assert {(page.total, page.total_is_exact, page.collapsed) for page in pages} == {
        (len(whole), True, whole.collapsed)
    }
    return [hit.id for page in pages for hit in page], list(whole)


def _indexed_then_updated(folder: Path, engine: str) -> tuple[Path, Path]:
    corpus, index = folder / "corpus", folder / "index"
    _corpus(corpus)
    update(corpus, index, engine=engine)
    _rewritten(corpus)
    update(corpus, index, engine=engine)
    return corpus, index


def _in_place(hits: list) -> bool:
    """Are these hits in the corpus's order (correspondence first)?"""
    kinds = [hit.kind for hit in hits]
    if kinds != sorted(kinds, key=lambda kind: kind != "email"):
        return False
    for kind in set(kinds):
        places = [places_of(hit) for hit in hits if hit.kind == kind]
        if places != sorted(places):
            return False
    return True


def places_of(hit) -> tuple:
    return (places.listing_order(hit.source), hit.line_start, hit.id)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.sampled_from(
        # matches alike (no word ranks one above another); scored matches that tie (every
        # writer's sender field is alike in length, and which of them fill a window past
        # its edge is the engine's choice); prose that outscores the mail of `budget OR
        # prose`, which the email prior lifts above it
        ["kind:email", "-kind:email", "date:2015", "", "from:writer", "to:reader", "budget",
         "budget OR prose"]
    ),
    st.integers(1, 7),
)
def test_pages_are_the_whole_list_cut(tmp_path_factory, installed_engine, query, size):
    corpus, index = _indexed_then_updated(tmp_path_factory.mktemp("paged"), installed_engine)
    paged, whole = _pages(query, index, corpus, size)
    assert paged == [hit.id for hit in whole]
    for score in {hit.score for hit in whole}:  # (correspondence first: the prior)
        assert _in_place([hit for hit in whole if hit.score == score])


@pytest.mark.parametrize("query", ["kind:email", "from:writer"])
def test_files_added_where_no_room_is_left_page_in_place(
    tmp_path, monkeypatch, installed_engine, query
):
    # no room between two files' positions: a file added between them shares a neighbour's,
    # and the records order the units of one number
    monkeypatch.setattr(places, "POSITION_GAP", 1)
    corpus, index = _indexed_then_updated(tmp_path, installed_engine)
    for size in (1, 2, 5):
        paged, whole = _pages(query, index, corpus, size)
        assert paged == [hit.id for hit in whole]
        assert _in_place(whole)


@pytest.mark.parametrize("query", ["kind:email", ""])
def test_a_mail_stores_messages_page_in_place(tmp_path, installed_engine, query):
    # a .pst's messages share its first line: one place number, ordered by their records
    corpus, index = needs_testdata("pst"), tmp_path / "index"
    update(corpus, index, engine=installed_engine)
    for size in (1, 2, 3):
        paged, whole = _pages(query, index, corpus, size)
        assert paged == [hit.id for hit in whole]
        assert _in_place(whole)


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.sampled_from(["budget OR prose", "", "kind:email", "date:2015 OR prose", "date:2015 line"]),
    st.sampled_from(["newest", "oldest"]),
    st.integers(1, 7),
)
def test_pages_by_date_are_the_whole_list_cut(tmp_path_factory, installed_engine, query, sort, size):
    # the prose is undated: after every dated match, whichever way the dates run
    corpus, index = _indexed_then_updated(tmp_path_factory.mktemp("paged"), installed_engine)
    paged, whole = _pages(query, index, corpus, size, sort)
    assert paged == [hit.id for hit in whole]
    dates = [hit.date for hit in whole if hit.date is not None]
    assert dates == sorted(dates, reverse=sort == "newest")
    assert all(hit.date is None for hit in whole[len(dates):])
    assert {hit.score for hit in whole} == {0.0}  # (by date, no hit is ranked by its words)


def test_a_count_of_duplicates_looks_among_the_marked_or_says_when_not(tmp_path):
    # tantivy marks the units whose text another shares, on a build and after each update;
    # an update cut short before it marked them leaves a count looking among every match
    pytest.importorskip("tantivy")
    from searchkit.tantivy_engine.reading import MARKING, TantivyReader

    corpus, index = _indexed_then_updated(tmp_path, "tantivy")
    live = index / "current"
    with TantivyReader(live.resolve()) as reader:
        assert reader.sharing_unmarked() == []
        marked = reader.units("shared", "1")
    assert {unit.source for unit in marked} >= {"m03.eml", "z03.eml", "m05.eml", "z05.eml"}
    whole = search("budget", index=index, corpus=corpus, limit=None)
    (live / MARKING).touch()  # (as an update killed between its two commits leaves it)
    for limit in (1, 0):
        page = search("budget", index=index, corpus=corpus, limit=limit, refresh=False)
        assert (page.total, page.total_is_exact, page.collapsed) == (
            len(whole), True, whole.collapsed
        )
