"""A full build's shards: the whole corpus, in order, in parts of about equal weight."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from searchkit.engine import shards
from searchkit.engine.shards import Spool


@pytest.fixture
def listing(tmp_path: Path) -> shards.Listing:
    """A corpus of 200 files from a few bytes to 60 KB, in nested folders."""
    rng = random.Random(3)
    corpus = tmp_path / "corpus"
    for number in range(200):
        folder = corpus / f"box-{number % 7}" / ("cur" if number % 2 else "new")
        folder.mkdir(parents=True, exist_ok=True)
        size = rng.choice((10, 900, 4000, 60_000))
        (folder / f"{number}.").write_bytes(b"x" * size)
    (corpus / ".hidden").write_text("not corpus")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    return shards.list_corpus(corpus, scratch)


def test_the_listing_holds_every_file_once_with_its_size(listing, tmp_path):
    jobs = list(listing.jobs)
    assert listing.files == len(jobs) == 200
    assert listing.bytes == sum(job.size for job in jobs)
    assert len({job.source for job in jobs}) == 200 and ".hidden" not in listing.sources()
    assert all(job.size == (tmp_path / "corpus" / job.source).stat().st_size for job in jobs)


@pytest.mark.parametrize("parts", [2, 5, 13])
def test_shards_cut_the_listing_in_order_into_parts_of_about_equal_weight(
    listing, monkeypatch, parts
):
    monkeypatch.setattr(shards, "SHARD_BYTES", listing.weight // parts + 1)
    made = [list(shard) for shard in shards._cut(listing, 1, listing.jobs.path.parent)]

    assert [job for shard in made for job in shard] == list(listing.jobs)
    assert len(made) == parts
    share = listing.weight / parts
    heaviest = max(job.weight for job in listing.jobs)
    assert all(abs(sum(job.weight for job in shard) - share) <= heaviest for shard in made)


def test_every_worker_gets_as_many_shards(listing, monkeypatch):
    assert len(shards._cut(listing, 2, listing.jobs.path.parent)) == 2  # small: one each
    monkeypatch.setattr(shards, "SHARD_BYTES", listing.weight // 3 + 1)
    assert len(shards._cut(listing, 2, listing.jobs.path.parent)) == 4


def test_a_spool_gives_back_what_it_was_given_in_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(Spool, "CHUNK", 7)
    records = [("id", number, f"<m{number}@example.org>") for number in range(100)]
    spool = Spool(tmp_path / "records").write(records)
    assert list(spool) == records == list(spool)  # read as often as needed
    with Spool(tmp_path / "added").adding() as add:
        for record in records[:3]:
            add(record)
    assert list(Spool(tmp_path / "added")) == records[:3]
    assert list(Spool(tmp_path / "empty").write([])) == []


def test_an_empty_corpus_is_no_shard(tmp_path):
    (tmp_path / "corpus").mkdir()
    listing = shards.list_corpus(tmp_path / "corpus", tmp_path)
    assert (listing.files, listing.bytes) == (0, 0)
    assert shards._cut(listing, 2, tmp_path) == []
