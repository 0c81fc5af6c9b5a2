"""Layouts nobody foresaw, declared in the corpus's searchkit.toml; bad declarations are one
line naming the file; a file found only in part says so."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchkit import Archive
from searchkit.cli import main
from searchkit.corpus import read_units
from searchkit.layouts import load_layouts

EXHIBIT = """\
UNITED STATES DISTRICT COURT - EXHIBIT 14

=== MSG 03/05/2019 16:12 | FROM: Jane Doe <jane@example.org> | TO: Raj Patel; Anna Smith
Subject: visa backlog

Raj, the backlog numbers are attached.

=== MSG 06/05/2019 09:05 | FROM: Raj Patel | TO: Jane Doe
Thanks. The hearing moved to Thursday.
=== MSG 07/05/2019 | FROM: Anna Smith | TO: Jane Doe, Raj Patel
Staffing figures by Wednesday noon.
"""

LAYOUT = r"""
[[layout]]
files = "exhibits/*.txt"
start = '^=== MSG (?P<date>[\d/]+(?: [\d:]+)?) \| FROM: (?P<sender>[^|]+?) \| TO: (?P<to>.+)$'
dayfirst = true
"""


def corpus(tmp_path: Path, layout: str = LAYOUT) -> Path:
    folder = tmp_path / "court"
    (folder / "exhibits").mkdir(parents=True)
    (folder / "exhibits" / "ex14.txt").write_text(EXHIBIT, "utf-8")
    (folder / "other.txt").write_text(EXHIBIT, "utf-8")  # outside the glob
    (folder / "searchkit.toml").write_text(layout, "utf-8")
    return folder


def test_a_declared_layout_gives_each_message_its_fields(tmp_path):
    folder = corpus(tmp_path)
    archive = Archive(folder)
    emails = sorted(
        (unit for unit, _ in archive.read_units() if unit.kind == "email"),
        key=lambda unit: unit.line_start,
    )
    assert [(e.source, e.sender, e.to, e.date) for e in emails] == [
        (
            "exhibits/ex14.txt",
            "Jane Doe",
            ("Raj Patel", "Anna Smith"),
            datetime(2019, 5, 3, 16, 12),
        ),
        ("exhibits/ex14.txt", "Raj Patel", ("Jane Doe",), datetime(2019, 5, 6, 9, 5)),
        ("exhibits/ex14.txt", "Anna Smith", ("Jane Doe", "Raj Patel"), datetime(2019, 5, 7).date()),
    ]
    assert emails[0].subject == "visa backlog" and emails[0].sender_address == "jane@example.org"
    assert emails[0].text == "Raj, the backlog numbers are attached."
    assert emails[1].text == "Thanks. The hearing moved to Thursday."
    assert archive.search("from:raj date:2019-05-06").total == 1
    # the layout applies to the files its glob names, and the file itself is no document
    assert archive.search("staffing kind:email").total == 1
    assert {unit.source for unit, _ in archive.read_units()} == {"exhibits/ex14.txt", "other.txt"}


def test_inspect_reads_a_file_with_the_nearest_layout_file(tmp_path):
    folder = corpus(tmp_path)
    shown = CliRunner().invoke(main, ["inspect", str(folder / "exhibits" / "ex14.txt")])
    assert shown.exit_code == 0 and "3 messages" in shown.output
    assert "2019-05-03 16:12  Jane Doe → Raj Patel, Anna Smith  visa backlog" in shown.output


def test_a_changed_layout_file_reads_the_corpus_again(tmp_path):
    folder = corpus(tmp_path, layout="")
    archive = Archive(folder)
    assert archive.search("kind:email").total == 0
    (folder / "searchkit.toml").write_text(LAYOUT, "utf-8")
    report = archive.update()
    assert report.rebuilt and archive.search("kind:email").total == 3
    (folder / "searchkit.toml").unlink()
    archive.update()
    assert archive.search("kind:email").total == 0


@pytest.mark.parametrize(
    ("layout", "says"),
    [
        ("[[layout]\nfiles = 1", "not valid TOML (Expected ']]'"),
        ("[[layout]]\nstart = '^From (?P<sender>.+)'", 'layout 1: needs files = "a glob"'),
        ("[[layout]]\nfiles = '*.txt'", "layout 1: needs start = 'a regular expression'"),
        ("[[layout]]\nfiles = '*'\nstart = '^(?P<sender>'", "start is not a regular expression"),
        ("[[layout]]\nfiles = '*'\nstart = '^(?P<from>.+)'", "(?P<from>…) that is no field: use"),
        ("[[layout]]\nfiles = '*'\nstart = '^(?P<to>.+)'", "must capture (?P<sender>…) or"),
        ("[[layout]]\nfiles = '*'\nstart = '(?P<date>.*)'", "matches an empty line"),
        ("[[layout]]\nfiles = '*'\nstart = '^(?P<date>.+)'\nglob = 1", "unknown key 'glob'"),
        ("[[layout]]\nfiles = '*'\nstart = '^(?P<date>.+)'\ndayfirst = 'yes'", "dayfirst is"),
        ("[layouts]\nfiles = '*'", "unknown table [layouts]"),
        ("[[layout]]\nfiles = '*'\nstart = '^(?P<sender>(a|aa)+)$'", "takes too long on a line"),
        ("[[layout]]\nfiles = '*'\nstart = '(?P<date>(x+x+)+y)'", "takes too long on a line"),
    ],
)
def test_a_bad_layout_file_is_one_line_naming_it_and_the_corpus_is_indexed(tmp_path, layout, says):
    folder = corpus(tmp_path, layout=layout)
    result = CliRunner().invoke(main, ["index", "--corpus", str(folder)])
    assert result.exit_code == 0, result.output
    line, summary = result.output.strip().splitlines()
    assert "searchkit.toml" in line and says in line, line
    assert "indexed with the layouts searchkit knows" in line
    assert "units added" in summary and " 0 units added" not in summary


def test_text_a_start_pattern_leaves_is_the_body(tmp_path):
    folder = tmp_path / "chat"
    folder.mkdir()
    (folder / "searchkit.toml").write_text(
        "[[layout]]\nfiles = '*.log'\nstart = '^(?P<date>\\d{4}-\\d\\d-\\d\\d) (?P<sender>\\w+):'\n"
    )
    (folder / "talk.log").write_text(
        "2019-03-05 ada: the figures are late\n2019-03-06 bruno: sent now\n"
    )
    emails = read_units(folder / "talk.log", "talk.log", load_layouts(folder)).units
    assert [(unit.sender, unit.text) for unit in emails] == [
        ("ada", "the figures are late"),
        ("bruno", "sent now"),
    ]


PART_READ = """\
Exhibit 12

From: Jane Doe <jane@x.org>
Sent: Tuesday, March 5, 2019 4:12 PM
To: Raj Patel
Subject: budget

Raj, numbers attached.

From: Raj Patel
Thanks, Jane.

From: Jane Doe <jane@x.org>
Sent: Wednesday, March 6, 2019 9:00 AM
To: Raj Patel
Subject: RE: budget

Any news?
"""


def test_a_layout_found_only_in_part_is_said(tmp_path):
    path = tmp_path / "part.txt"
    path.write_text(PART_READ, "utf-8")
    result = read_units(path, "part.txt")
    assert [unit.kind for unit in result.units].count("email") == 2
    (problem,) = result.problems  # Raj's reply has a From: line and nothing else of a head
    assert str(problem).startswith("part.txt: partly recognised: line 10 looks like a message's")
