"""The private corners of Whoosh that searchkit relies on, in one place.

whoosh-reloaded 2.7.5 is no longer developed, so it is pinned in pyproject.toml. The parallel
build needs three things Whoosh keeps private: a writer's posting pool (replaced by
`pool.TermPostingPool`), finishing a segment without committing it (each worker's), and
committing segments written elsewhere (the parent's). A search's deadline needs a fourth: a
fuzzy or wildcard word's expansion over the lexicon (`expansions.py` keeps and cuts it
short). `PRIVATE` lists every such name, and
tests/test_layout.py fails when the installed Whoosh is another version (`version.py`) or
lacks one.
"""

from __future__ import annotations

from typing import Any

#: Private methods the engine calls, by the class that has them. (Its other workarounds of
#: Whoosh 2.7 bugs are commented where they stand: `schema._intraword`, `Searcher._results`.)
PRIVATE = {
    "whoosh.writing.SegmentWriter": (
        "_close_segment",
        "_commit_toc",
        "_finish",
        "_finalize_segment",
    ),
    # called here and overridden by `expansions._Bounded`
    "whoosh.query.terms.MultiTerm": ("_btexts",),
}


def expansion(word_class: type, word: Any, reader: Any) -> list[bytes]:
    """The terms of the lexicon a fuzzy or wildcard word stands for, as its Whoosh class
    `word_class` expands it."""
    return list(word_class._btexts(word, reader))  # type: ignore[attr-defined]


def finish_segment(writer: Any) -> Any:
    """Write the writer's segment to disk and hand it back, uncommitted (a worker's part)."""
    return writer._finalize_segment()


def commit_segments(writer: Any, segments: list[Any]) -> None:
    """Commit `segments` (the index's own and those finished by workers) in one TOC."""
    writer._close_segment()
    writer._commit_toc(segments)
    writer._finish()
