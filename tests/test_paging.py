"""Paging through matches that score alike (`kind:email`, `date:2015`): every page holds
what the whole list holds there, on every engine, however the index was built."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit import search
from searchkit.indexing import update

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
    """Mail and prose files."""
    folder.mkdir()
    for number in range(EMAILS):
        (folder / f"m{number:02d}.eml").write_text(_mail(number, "budget line"))
    for number in range(PROSE):
        (folder / f"p{number:02d}.txt").write_text(f"A paragraph of prose, the {number}th.\n")


def _rewritten(folder: Path) -> None:
    """The first file of each ten rewritten: the engine holds it last, the corpus first."""
    for number in range(0, EMAILS, 10):
        (folder / f"m{number:02d}.eml").write_text(_mail(number, "budget line, amended"))
    for number in range(0, PROSE, 10):
        (folder / f"p{number:02d}.txt").write_text(
            f"A paragraph of prose, the {number}th, again.\n"
        )


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(["kind:email", "-kind:email", "date:2015", ""]), st.integers(1, 7))
def test_pages_of_matches_alike_are_the_whole_list_cut(
    tmp_path_factory, installed_engine, query, size
):
    folder = tmp_path_factory.mktemp("paged")
    corpus, index = folder / "corpus", folder / "index"
    _corpus(corpus)
    update(corpus, index, engine=installed_engine)
    _rewritten(corpus)
    update(corpus, index, engine=installed_engine)
    whole = search(query, index=index, corpus=corpus, limit=None)
    assert whole.total == len(whole) > size
    pages = [
        search(query, index=index, corpus=corpus, limit=size, offset=start)
        for start in range(0, len(whole), size)
    ]
    assert [hit.id for page in pages for hit in page] == [hit.id for hit in whole]
    # correspondence first, then the rest, each in the corpus's order
    kinds = [hit.kind for hit in whole]
    assert kinds == sorted(kinds, key=lambda kind: kind != "email")
    for kind in set(kinds):
        sources = [hit.source for hit in whole if hit.kind == kind]
        assert sources == sorted(sources)
