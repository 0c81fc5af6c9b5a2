"""Hostile chat exports and mail (issue 27): a zip named like a Slack export that unpacks a
900 MB day file is read a piece at a time and that file refused, in one line, with the
memory of a build bounded; one NUL in a mail header leaves the mail a mail."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import zipfile
from datetime import datetime
from pathlib import Path

from searchkit.corpus import read_units

#: The README's bound on a build's memory.
MOST_BUILD_BYTES = 400 * 2**20


def _slack_bomb(path: Path, member_bytes: int) -> None:
    """A Slack export whose `general` channel has one good day and one day file of
    `member_bytes` zero bytes (which deflate to a thousandth of that)."""
    day = [{"type": "message", "user": "U1", "text": "the good day", "ts": "1500000000.000100"}]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("users.json", json.dumps([{"id": "U1", "name": "ann"}]))
        archive.writestr("general/2017-07-14.json", json.dumps(day))
        with archive.open("general/2017-07-15.json", "w", force_zip64=True) as member:
            piece = b"\0" * 2**20
            for _ in range(member_bytes // len(piece)):
                member.write(piece)


def test_a_900_mb_day_file_in_a_slack_zip_is_refused_in_one_line_within_the_memory_bound(
    tmp_path,
):
    bomb = tmp_path / "corpus" / "slack-export.zip"
    bomb.parent.mkdir()
    _slack_bomb(bomb, 900 * 2**20)
    assert bomb.stat().st_size < 2 * 2**20  # a small file
    script = textwrap.dedent(f"""
        import resource, sys
        from pathlib import Path
        from searchkit.corpus import read_units
        found = read_units(Path({str(bomb)!r}), "slack-export.zip")
        for unit in found.units:
            print("unit", unit.sender, unit.text)
        for problem in found.problems:
            print("problem", problem)
        # VmHWM, this process's own high-water mark: ru_maxrss is kept across exec, so
        # it would count the size of the pytest process this one was forked from
        status = Path("/proc/self/status")
        lines = status.read_text().splitlines() if status.exists() else []
        hwm = [int(line.split()[1]) for line in lines if line.startswith("VmHWM:")]
        print("peak", (hwm or [resource.getrusage(resource.RUSAGE_SELF).ru_maxrss])[0] * 1024)
    """)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    lines = done.stdout.splitlines()
    assert "unit ann the good day" in lines
    problems = [line for line in lines if line.startswith("problem")]
    assert problems == [
        "problem slack-export.zip (general/2017-07-15.json): unpacks to over 32 MB: not read"
    ]
    peak = int(next(line for line in lines if line.startswith("peak")).split()[1])
    assert peak < MOST_BUILD_BYTES, f"{peak / 2**20:.0f} MB"


def test_one_nul_in_a_mail_header_leaves_the_mail_a_mail(tmp_path):
    mail = tmp_path / "budget.eml"
    mail.write_bytes(
        b"From: Ann Lee <ann@example.org>\r\n"
        b"To: bob@example.org\r\n"
        b"Date: Mon, 3 Mar 2025 10:00:00\x00 +0000\r\n"
        b"Subject: Budget\x07 plan\x1b[2J\r\n"
        b"\r\n"
        b"The budget is attached.\r\n"
    )
    found = read_units(mail, "budget.eml")
    assert not found.problems
    (unit,) = found.units
    assert unit.kind == "email" and unit.sender == "Ann Lee"
    assert unit.subject == "Budget plan[2J"  # the controls go, the characters stay
    assert isinstance(unit.date, datetime) and (unit.date.year, unit.date.hour) == (2025, 10)
    assert unit.text == "The budget is attached."


def test_nul_in_an_mbox_message_header_loses_neither_it_nor_the_next(tmp_path):
    mbox = tmp_path / "list.mbox"
    mbox.write_bytes(
        b"From ann@example.org Mon Mar  3 10:00:00 2025\n"
        b"From: Ann <ann@example.org>\nSubject: One\x00\nDate: Mon, 3 Mar 2025 10:00:00 +0000\n"
        b"\nFirst body.\n\n"
        b"From bob@example.org Mon Mar  3 11:00:00 2025\n"
        b"From: Bob <bob@example.org>\nSubject: Two\nDate: Mon, 3 Mar 2025 11:00:00 +0000\n"
        b"\nSecond body.\n"
    )
    found = read_units(mbox, "list.mbox")
    assert [(unit.sender, unit.subject) for unit in found.units] == [("Ann", "One"), ("Bob", "Two")]


def test_a_file_of_noise_is_still_binary(tmp_path):
    noise = tmp_path / "noise.txt"
    noise.write_bytes(bytes(range(32)) * 200)
    found = read_units(noise, "noise.txt")
    assert [problem.message for problem in found.problems] == ["binary file, skipped"]
