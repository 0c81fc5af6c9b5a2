"""Reading ahead in worker processes (tantivy's build): the files come back in order with
the units the calling process would have read, a file whose reading runs out of time is cut
off there, a file whose reading kills its worker is recorded with the problem and the files
after it are read by a new worker; and a build read ahead indexes what one read in the
calling process indexes."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from searchkit import intake
from searchkit.corpus import read_units
from searchkit.read_ahead import read_ahead

#: The file whose reading kills its worker, and the one that outlasts its time.
CRASHING, SLOW = "m07.eml", "m11.eml"


def read_or_misbehave(path: Path, source: str):
    """read_units, but a worker dies on one file and dawdles on another (module-level: the
    workers unpickle it by name)."""
    if source == CRASHING and os.environ.get("SEARCHKIT_TEST_IN_WORKER") == "1":
        os._exit(3)
    if source == SLOW:
        time.sleep(5)
    return read_units(path, source)


def write_mail(folder: Path, count: int) -> list[tuple[str, Path]]:
    folder.mkdir(exist_ok=True)
    files = []
    for number in range(count):
        path = folder / f"m{number:02d}.eml"
        path.write_text(
            f"From: Person {number % 5} <p{number % 5}@example.org>\n"
            f"To: Reader <reader@example.org>\nSubject: report {number}\n"
            f"Message-ID: <m{number}@example.org>\n"
            f"Date: Mon, 1 Jan 2018 10:{number:02d}:00 +0000\n\n"
            f"Zeppelin report {number}.\n\nA second paragraph, {number}.\n",
            "utf-8",
        )
        files.append((path.name, path))
    return files


def test_files_come_back_in_order_cut_off_or_crashed_said(tmp_path, monkeypatch):
    files = write_mail(tmp_path / "mail", 24)
    monkeypatch.setenv(intake.FILE_SECONDS_VARIABLE, "1")
    monkeypatch.setenv("SEARCHKIT_TEST_IN_WORKER", "1")  # the workers inherit it
    root = str(Path(__file__).resolve().parent.parent)  # `tests` importable there
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, (root, os.environ.get("PYTHONPATH"))))
    )
    started = time.monotonic()
    read = [(source, made()) for source, _, made in read_ahead(files, read_or_misbehave, 2)]
    assert time.monotonic() - started < 5  # the slow file was cut off, not waited for
    assert [source for source, _ in read] == [source for source, _ in files]
    for (source, made), (_, path) in zip(read, files, strict=True):
        said = [str(problem) for problem in made.problems]
        assert made.size == path.stat().st_size and made.digest
        if source == CRASHING:
            assert made.units == () and "stopped the process reading it" in said[0]
            assert "exit status 3" in said[0]
        elif source == SLOW:
            assert made.units == () and "took more than 1 s to read" in said[0]
        else:
            assert said == []
            assert made.units == read_units(path, source).units


def test_a_build_read_ahead_indexes_what_one_process_indexes(tmp_path, monkeypatch):
    pytest.importorskip("tantivy")
    from searchkit import Archive

    write_mail(tmp_path / "corpus", 30)
    built = {}
    for name, parallel_from in (("one", 10_000), ("ahead", 10)):
        monkeypatch.setattr(intake, "PARALLEL_FILES", parallel_from)
        archive = Archive(tmp_path / "corpus", tmp_path / name, engine="tantivy")
        report = archive.update()
        assert report.units_added == 30 and not report.problems
        found = archive.search("zeppelin OR paragraph", limit=None, semantic=False)
        built[name] = sorted((hit.id, hit.source, hit.line_start, hit.sender) for hit in found)
    assert built["one"] == built["ahead"] and len(built["one"]) == 30


def test_a_worker_reads_with_this_searchkit_whatever_the_current_folder(tmp_path, monkeypatch):
    """A `searchkit` folder in the current directory (a checkout of another version, say) is
    not what the workers import: they read with the searchkit that started them."""
    files = write_mail(tmp_path / "mail", 6)
    shadow = tmp_path / "here" / "searchkit"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('the wrong searchkit')\n")
    monkeypatch.chdir(shadow.parent)
    read = [(source, made()) for source, _, made in read_ahead(files, read_units, 2)]
    assert [source for source, _ in read] == [source for source, _ in files]
    for (source, made), (_, path) in zip(read, files, strict=True):
        assert made.problems == () and made.units == read_units(path, source).units
