"""The workers' posting pool gives Whoosh's writer exactly what Whoosh's own pool would."""

from __future__ import annotations

import random

import pytest
from whoosh.filedb.filestore import RamStorage
from whoosh.writing import PostingPool

from searchkit.engine.pool import TermPostingPool


def postings(documents: int, seed: int = 5) -> list[tuple[str, bytes, int, float, bytes]]:
    """What a writer adds: documents in docnum order, each with its fields' distinct terms."""
    rng = random.Random(seed)
    vocabulary = [f"w{rng.randrange(3000)}".encode() for _ in range(800)]
    added = []
    for docnum in range(documents):
        for fieldname in ("subject", "text", "year"):
            for term in sorted(set(rng.sample(vocabulary, rng.randrange(1, 40)))):
                value = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 9)))
                added.append((fieldname, term, docnum, rng.choice((1.0, 2.0, 1.5)), value))
    return added


@pytest.mark.parametrize(
    "limit_bytes",
    [2**26, 30_000],  # all in memory; about 30 runs on disk, merged four at a time
)
def test_same_postings_in_the_same_order_as_whoosh(tmp_path, limit_bytes):
    added = postings(300)
    whoosh_pool = PostingPool(RamStorage(), None, limitmb=64)
    pool = TermPostingPool(limit_bytes, tempdir=str(tmp_path), max_runs=4)
    for posting in added:
        whoosh_pool.add(posting)
        pool.add(posting)
    assert list(pool.iter_postings()) == list(whoosh_pool.iter_postings())
    assert pool.fieldnames == {"subject", "text", "year"}
    pool.cleanup()
    assert list(tmp_path.iterdir()) == []  # runs are anonymous files, gone once closed
