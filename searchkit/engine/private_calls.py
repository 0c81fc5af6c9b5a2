"""The private corners of Whoosh that searchkit relies on, in one place.

whoosh-reloaded 2.7.5 is no longer developed, so it is pinned in pyproject.toml. The parallel
build needs three things Whoosh keeps private: a writer's posting pool (replaced by
`pool.TermPostingPool`), finishing a segment without committing it (each worker's), and
committing segments written elsewhere (the parent's). `PRIVATE` lists every such name, and
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
}


def finish_segment(writer: Any) -> Any:
    """Write the writer's segment to disk and hand it back, uncommitted (a worker's part)."""
    return writer._finalize_segment()


def commit_segments(writer: Any, segments: list[Any]) -> None:
    """Commit `segments` (the index's own and those finished by workers) in one TOC."""
    writer._close_segment()
    writer._commit_toc(segments)
    writer._finish()
