"""Keeping the index in step with the corpus: incremental, atomic, safe under concurrency."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchkit import cli, search
from searchkit.archive import Archive
from searchkit.cli import main
from searchkit.engine.reading import open_generation
from searchkit.errors import IndexBusy
from searchkit.indexing import update
from searchkit.manifest import CURRENT, MANIFEST, live_generation

from .conftest import PAGE, installed_engines


def ids_by_source(index: Path) -> dict[str, set[str]]:
    ix = open_generation(live_generation(index))
    found: dict[str, set[str]] = {}
    with ix.searcher() as searcher:
        for fields in searcher.all_stored_fields():
            found.setdefault(fields["source"], set()).add(fields["id"])
    return found


def test_first_update_builds_then_nothing_to_do(corpus_copy, tmp_path):
    index = tmp_path / "index"
    first = update(corpus_copy, index)
    assert first.rebuilt and len(first.added) == 2 and first.units_added > 100
    again = update(corpus_copy, index)
    assert not again.changed_anything and again.summary() == "index is up to date"
    assert not Archive(corpus_copy, index).is_stale()


def test_add_edit_rename_delete(corpus_copy, tmp_path):
    index = tmp_path / "index"
    update(corpus_copy, index)
    before = ids_by_source(index)

    (corpus_copy / "new.txt").write_text("A zeppelin over the harbour.\n\nA second paragraph.\n")
    report = update(corpus_copy, index)
    assert (report.added, report.changed, report.removed) == (["new.txt"], [], [])
    assert report.units_added == 2 and report.units_removed == 0
    assert [hit.source for hit in search("zeppelin", corpus=corpus_copy, index=index)] == [
        "new.txt"
    ]

    (corpus_copy / "new.txt").write_text("A blimp over the harbour.\n\nA second paragraph.\n")
    report = update(corpus_copy, index)
    assert report.changed == ["new.txt"] and (report.units_added, report.units_removed) == (2, 2)
    assert len(search("zeppelin", corpus=corpus_copy, index=index, refresh=False)) == 0
    assert len(search("blimp", corpus=corpus_copy, index=index, refresh=False)) == 1

    (corpus_copy / "new.txt").rename(corpus_copy / "renamed.txt")
    report = update(corpus_copy, index)
    assert (report.added, report.removed) == (["renamed.txt"], ["new.txt"])
    assert search("blimp", corpus=corpus_copy, index=index)[0].source == "renamed.txt"

    (corpus_copy / "renamed.txt").unlink()
    report = update(corpus_copy, index)
    assert report.removed == ["renamed.txt"] and report.units_removed == 2
    assert report.summary().startswith("+0 files, ~0 changed, -1 removed: 0 units added, 2 removed")
    assert ids_by_source(index) == before  # untouched files kept their ids throughout


def test_touched_but_unchanged_file_is_not_reindexed(corpus_copy, tmp_path):
    index = tmp_path / "index"
    update(corpus_copy, index)
    page = corpus_copy / PAGE
    os.utime(page, (time.time() + 60, time.time() + 60))
    assert Archive(corpus_copy, index).is_stale()  # size and mtime differ from the manifest…
    report = update(corpus_copy, index)
    assert not report.changed_anything  # …but the content hash says it is the same file
    assert not Archive(corpus_copy, index).is_stale()


@pytest.fixture()
def stale_index(corpus_copy, tmp_path) -> Path:
    """An index of the corpus copy, which has since gained late.txt."""
    index = tmp_path / "index"
    update(corpus_copy, index)
    (corpus_copy / "late.txt").write_text("The quokka arrived late.\n")
    return index


def test_search_refreshes_a_stale_index_unless_told_not_to(corpus_copy, stale_index):
    index = stale_index
    assert len(search("quokka", corpus=corpus_copy, index=index, refresh=False)) == 0
    notes: list[str] = []
    assert len(search("quokka", corpus=corpus_copy, index=index, notify=notes.append)) == 1
    assert notes and "refreshed" in notes[0]


def test_index_built_by_an_older_schema_is_rebuilt(corpus_copy, tmp_path):
    index = tmp_path / "index"
    update(corpus_copy, index)
    manifest = live_generation(index) / MANIFEST
    data = json.loads(manifest.read_text())
    data["schema_version"] = 0
    manifest.write_text(json.dumps(data))
    report = update(corpus_copy, index)
    assert report.rebuilt and len(search("elon", corpus=corpus_copy, index=index)) > 0


def test_many_shards_index_what_one_writer_does(tmp_path, monkeypatch):
    from searchkit import intake
    from searchkit.engine import shards

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(90):  # messages 0-9 twice: copies by Message-ID, across shards too
        message = number % 80
        (corpus / f"{number:03d}.eml").write_text(
            f"From: Person {message % 7} <p{message % 7}@example.org>\n"
            f"To: Reader <reader@example.org>\nSubject: topic {message % 9}\n"
            f"Message-ID: <m{message}@example.org>\n"
            f"Date: Mon, 1 Jan 2018 10:{message % 60:02d}:00 +0000\n\n"
            f"Zeppelin report {message}, filed as {number}.\n"
        )
    monkeypatch.setattr(intake, "PARALLEL_FILES", 10_000)
    update(corpus, tmp_path / "one")
    monkeypatch.setattr(intake, "PARALLEL_FILES", 10)
    # about ten shards of nine files, two at a time
    monkeypatch.setattr(shards, "SHARD_BYTES", 9 * (shards.FILE_WEIGHT + 250))
    made = []
    cut = shards._cut
    monkeypatch.setattr(shards, "_cut", lambda *args: made.extend(cut(*args)) or made)
    update(corpus, tmp_path / "many")

    assert len(made) > 4
    assert ids_by_source(tmp_path / "many") == ids_by_source(tmp_path / "one")
    one, many = (
        search("zeppelin", limit=None, corpus=corpus, index=tmp_path / name)
        for name in ("one", "many")
    )
    assert len(one) == 80
    assert sorted(hit.id for hit in many) == sorted(hit.id for hit in one)


def test_rebuild_swaps_in_a_new_generation(corpus_copy, tmp_path):
    index = tmp_path / "index"
    update(corpus_copy, index)
    old = live_generation(index)
    report = update(corpus_copy, index, rebuild=True)
    assert report.rebuilt and live_generation(index) != old and not old.exists()
    assert (index / CURRENT).is_symlink()


def _big_corpus(folder: Path, files: int = 1500) -> None:
    folder.mkdir()
    for number in range(files):
        (folder / f"letter-{number:04d}.txt").write_text(
            f"From: Writer {number % 7} <w{number % 7}@example.org>\n"
            f"Date: Mon, 2 Mar 2020 10:{number % 60:02d}:00 +0000\n"
            "To: Reader <r@example.org>\n\n"
            + " ".join(f"word{(number * 31 + k) % 997}" for k in range(120))
            + "\n"
        )


@pytest.mark.parametrize("name", installed_engines())
def test_rebuild_killed_midway_leaves_the_previous_index_answering(tmp_path, name):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    _big_corpus(corpus)
    update(corpus, index, engine=name)
    before = [(hit.id, hit.score) for hit in search("word5", corpus=corpus, index=index, limit=20)]
    live = live_generation(index)
    midway = tmp_path / "midway"
    # the rebuild stops for good once it has indexed a file: killed there, it is surely midway
    build = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import time
            from pathlib import Path
            from searchkit.indexing import update

            class Stall:
                def start(self, total):
                    pass

                def advance(self, source):
                    Path({str(midway)!r}).touch()
                    time.sleep(3600)

            update(
                Path({str(corpus)!r}), Path({str(index)!r}), rebuild=True, progress=Stall(),
                engine={name!r},
            )
        """),
        ]
    )
    deadline = time.monotonic() + 120
    while not midway.exists():
        assert time.monotonic() < deadline and build.poll() is None, "rebuild never started"
        time.sleep(0.01)
    assert any(p != live and p.name.startswith("gen-") for p in index.iterdir())
    build.send_signal(signal.SIGKILL)
    build.wait()

    assert live_generation(index) == live
    after = search("word5", corpus=corpus, index=index, limit=20, refresh=False)
    assert [(hit.id, hit.score) for hit in after] == before
    report = update(corpus, index)  # the next update works, and cleans up after the dead one
    assert not report.changed_anything
    assert [p.name for p in index.iterdir() if p.name.startswith("gen-")] == [live.name]


def _hold_lock(index: Path, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import time
            from pathlib import Path
            from searchkit.indexing import UpdateLock
            with UpdateLock(Path({str(index)!r}), 0):
                print("locked", flush=True)
                time.sleep({seconds})
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_second_updater_waits_then_says_another_update_runs(corpus_copy, stale_index, monkeypatch):
    index = stale_index
    holder = _hold_lock(index, 30)
    try:
        with pytest.raises(IndexBusy, match="another searchkit process is updating"):
            update(corpus_copy, index, wait=0.3)
        notes: list[str] = []
        started = time.monotonic()
        hits = search("elon", corpus=corpus_copy, index=index, notify=notes.append)
        # a search never waits for the writer: it answers from the live generation at once
        assert time.monotonic() - started < 1.0
        assert len(hits) > 0 and "another process is updating" in notes[0]
        # `searchkit index` waits for the other updater (a page's refresh), saying so, and
        # only past its wait says it cannot
        monkeypatch.setattr(cli, "INDEX_WAIT", 0.3)
        busy = CliRunner().invoke(
            main, ["index", "--corpus", str(corpus_copy), "--index", str(index)]
        )
        assert busy.exit_code == 75, busy.output
        assert "waiting for it" in busy.stderr and "another searchkit process" in busy.stderr
    finally:
        holder.kill()
        holder.wait()


def test_searchkit_index_waits_for_another_updater_then_goes_ahead(corpus_copy, stale_index):
    holder = _hold_lock(stale_index, 1.0)
    try:
        done = CliRunner().invoke(
            main, ["index", "--corpus", str(corpus_copy), "--index", str(stale_index)]
        )
        assert done.exit_code == 0, done.output
        assert "waiting for it" in done.stderr and "+1 files" in done.stdout
    finally:
        holder.wait()


def test_second_updater_goes_ahead_when_the_first_finishes_in_time(corpus_copy, stale_index):
    holder = _hold_lock(stale_index, 0.5)
    try:
        report = update(corpus_copy, stale_index, wait=10)
        assert report.added == ["late.txt"]
    finally:
        holder.wait()


def test_two_real_updaters_at_once_never_corrupt_the_index(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    _big_corpus(corpus, files=300)
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from searchkit.indexing import update
        from searchkit.errors import IndexBusy
        try:
            print(update(Path({str(corpus)!r}), Path({str(index)!r}), wait=60).summary())
        except IndexBusy:
            print("busy")
    """)
    runs = [
        subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = sorted(run.communicate()[0].strip() for run in runs)
    assert outputs[0] == "index is up to date" and outputs[1].startswith("rebuilt: +300 files")
    assert sum(len(ids) for ids in ids_by_source(index).values()) == 300


def test_cli_index_reports_what_it_did(corpus_copy, tmp_path):
    index = tmp_path / "index"
    args = ["index", "--corpus", str(corpus_copy), "--index", str(index)]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0 and first.stdout.startswith("rebuilt: +2 files")
    (corpus_copy / "b.txt").write_bytes(b"\0binary")
    second = CliRunner().invoke(main, [*args, "--format", "json"])
    data = json.loads(second.stdout)
    assert data["added"] == ["b.txt"] and data["problems"] == ["b.txt: binary file, skipped"]


def test_watch_keeps_the_index_current(corpus_copy, tmp_path):
    import threading

    from searchkit.watch import watch

    index = tmp_path / "index"
    reports: queue.Queue = queue.Queue()
    stop = threading.Event()
    watcher = threading.Thread(
        target=watch,
        args=(Archive(corpus_copy, index), reports.put),
        kwargs={"interval": 0.1, "stop": stop},
    )
    watcher.start()
    try:
        assert reports.get(timeout=60).rebuilt  # the first build
        (corpus_copy / "late.txt").write_text("The quokka arrived late.\n")
        assert reports.get(timeout=60).added == ["late.txt"]
        assert len(search("quokka", corpus=corpus_copy, index=index, refresh=False)) == 1
    finally:
        stop.set()
        watcher.join()
