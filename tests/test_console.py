"""The console script itself: its quick exit keeps every byte of output and every status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import CORPUS

SEARCHKIT = [sys.executable, "-m", "searchkit.cli"]  # runs the console script's `run`


def searchkit(*args: str, index: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*SEARCHKIT, *args, "--corpus", str(CORPUS), "--index", str(index)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_output_is_complete_and_the_status_zero(bundled_index):
    done = searchkit("search", "discussions are over", "--format", "json", index=bundled_index)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)  # all of it arrived, or this would not parse
    assert found["hits"][0]["sender"] == "Elon Musk"


def test_bad_query_keeps_its_status_and_message(bundled_index):
    done = searchkit("search", "date:2017-13", index=bundled_index)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "searchkit: bad query: '2017-13' is not a date: month must be in 1..12"
    ]


def test_a_reader_that_stops_early_ends_it_quietly():
    # 100 KB of units: more than a pipe holds, so writing meets the closed pipe
    reader = subprocess.Popen(
        [*SEARCHKIT, "units", "--corpus", str(CORPUS)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert reader.stdout is not None and reader.stderr is not None
    json.loads(reader.stdout.readline())
    reader.stdout.close()
    status = reader.wait(timeout=60)
    assert reader.stderr.read() == b""  # no traceback, no "internal error"
    assert status == 1  # as Python's documentation does it for a closed pipe
