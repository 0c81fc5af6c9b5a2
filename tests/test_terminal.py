"""Text output that fits the terminal: folded to its width at spaces, paged when long, short
ids as git takes them, matches styled apart from subjects."""

from __future__ import annotations

import re
import shutil
import threading

import pytest
from click.testing import CliRunner

from searchkit import Archive
from searchkit.cli import main

from .conftest import CORPUS


def cli(index, *args: str, columns: int | None = None):
    env = {"COLUMNS": str(columns)} if columns else {}
    return CliRunner().invoke(main, [*args, "--index", str(index)], env=env)


@pytest.mark.parametrize("columns", [60, 200])
@pytest.mark.parametrize(
    "command", [["search", "board control", "-n", "5"], ["show", "d1c7306d3aa8", "--thread"]]
)
def test_output_fits_the_width_and_cuts_no_word(bundled_index, columns, command):
    done = cli(bundled_index, *command, columns=columns)
    assert done.exit_code == 0
    lines = done.stdout.splitlines()
    assert len(lines) > 5
    # a line is longer than the width only when it is one word too long for any line
    assert all(len(line) <= columns or " " not in line.strip() for line in lines)
    unfolded = cli(bundled_index, *command).stdout
    assert re.sub(r"\s+", " ", done.stdout) == re.sub(r"\s+", " ", unfolded)  # no word lost
    if columns == 60:
        assert max(len(line) for line in unfolded.splitlines()) > 60  # there was folding to do


def test_long_output_on_a_terminal_goes_through_a_pager(monkeypatch):
    from searchkit import cli as command

    paged: list[str] = []
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setattr(shutil, "get_terminal_size", lambda *_: shutil.os.terminal_size((60, 10)))
    monkeypatch.setattr(command.click, "echo_via_pager", paged.append)
    monkeypatch.delenv("LESS", raising=False)
    command._show_text("\n".join(f"line {n}" for n in range(30)), no_pager=False)
    assert len(paged) == 1 and shutil.os.environ["LESS"] == "-FRX"
    command._show_text("\n".join(f"line {n}" for n in range(30)), no_pager=True)
    command._show_text("short", no_pager=False)
    assert len(paged) == 1


def test_show_takes_a_unique_prefix_of_an_id(bundled_index, tmp_path):
    assert "Id: d1c7306d3aa8" in cli(bundled_index, "show", "d1c7").stdout
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "many.md").write_text("\n\n".join(f"Paragraph number {n}." for n in range(1500)))
    with Archive(corpus, tmp_path / "index") as archive:
        ids = sorted(hit.id for hit in archive.search("", limit=None))
    prefix = next(a[:4] for a, b in zip(ids, ids[1:], strict=False) if a[:4] == b[:4])
    done = CliRunner().invoke(
        main, ["show", prefix, "--corpus", str(corpus), "--index", str(tmp_path / "index")]
    )
    assert done.exit_code == 2 and f"'{prefix}' starts" in done.stderr
    assert done.stderr.count("\n") == 1


def test_show_thread_prints_every_email_of_it_in_order(bundled_index):
    text = cli(bundled_index, "show", "d1c7306d3aa8", "--thread").stdout
    dates = re.findall(r"^Date: (.+)$", text, re.MULTILINE)
    assert len(dates) == 4 and dates == sorted(dates) and text.count("→ this one") == 1


def test_the_year_facet_is_in_year_order(bundled_index):
    with Archive(CORPUS, bundled_index) as archive:
        years = list(archive.search("for-profit", facets=["year"]).facets["year"])
    assert years == sorted(years) and len(years) > 1


def test_matches_are_styled_apart_from_subjects(monkeypatch):
    from searchkit.cli import _Styles

    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    styles = _Styles()
    assert styles.mark("x") != styles.bold("x") and "\x1b[" in styles.mark("x")


def test_colours_reach_a_less_through_the_pager(monkeypatch, tmp_path):
    """click passes colours only to a `less` it sees told -R: LESS must be `-FRX`, as git's."""
    from searchkit import cli as command

    caught = tmp_path / "paged"
    less = tmp_path / "less"  # a stand-in named less, as click looks for, that keeps its input
    less.write_text(f"#!/bin/sh\ncat > {caught}\n")
    less.chmod(0o755)
    monkeypatch.setenv("PAGER", str(less))
    monkeypatch.delenv("LESS", raising=False)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setattr("click._termui_impl.isatty", lambda stream: True)  # stdin too
    monkeypatch.setattr(shutil, "get_terminal_size", lambda *_: shutil.os.terminal_size((60, 10)))
    styled = "\n".join(f"\x1b[1mline\x1b[0m {n}" for n in range(30))
    command._show_text(styled, no_pager=False)
    assert "\x1b[1mline" in caught.read_text()


@pytest.mark.parametrize(
    "command",
    [
        ["people"],
        ["timeline", "openai", "--by", "month"],
        ["stats"],
        ["inspect", str(CORPUS / "001_e4abe99dc77dc7d1.txt")],
    ],
)
def test_long_outputs_page_and_take_no_pager(monkeypatch, bundled_index, command):
    from searchkit import cli as module

    paged: list[str] = []
    monkeypatch.setattr(module, "_show_text", lambda text, no_pager: paged.append(no_pager))

    def run(*args: str):
        if command[0] == "inspect":  # a file, not the index
            return CliRunner().invoke(main, [*command, *args])
        return cli(bundled_index, *command, *args)

    assert run().exit_code == 0 and run("--no-pager").exit_code == 0
    assert paged == [False, True]


def test_a_month_timeline_shows_a_run_of_empty_months_as_one_line(bundled_index):
    lines = cli(bundled_index, "timeline", "for-profit", "--by", "month", columns=60).stdout
    rows = lines.splitlines()
    assert all(len(row) <= 60 for row in rows)
    assert re.match(r"^\d{4}-\d\d  +█", rows[0])  # from the first match, not an empty month
    runs = [row for row in rows if ".." in row]
    assert runs and all(re.match(r"^\d{4}-\d\d\.\.\d{4}-\d\d +0$", row) for row in runs)
    assert len(rows) < 15  # years of months, where each month had a line (~90)


def test_index_waits_for_a_running_update_and_says_so(tmp_path):
    from searchkit.indexing import UpdateLock

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("A note about lighthouses.\n", "utf-8")
    index = tmp_path / "index"
    Archive(corpus, index).update()
    (corpus / "b.txt").write_text("A note about windmills.\n", "utf-8")
    held = UpdateLock(index, 0)
    held.__enter__()  # another updater (a page's refresh) holds the index for a second
    threading.Timer(1.0, held.__exit__, args=(None, None, None)).start()
    done = CliRunner().invoke(main, ["index", "--corpus", str(corpus), "--index", str(index)])
    assert done.exit_code == 0, done.output
    assert "waiting for it" in done.stderr and "+1 files" in done.stdout


@pytest.mark.parametrize("command", ["", "search", "units", "people", "serve", "timeline"])
def test_help_fits_60_columns_and_cuts_no_example(command):
    from searchkit.syntax import QUERY_HELP

    args = [command, "--help"] if command else ["--help"]
    done = CliRunner().invoke(main, args, env={"COLUMNS": "60"}, terminal_width=60)
    assert done.exit_code == 0
    lines = done.stdout.splitlines()
    assert lines and all(len(line) <= 60 for line in lines), [
        line for line in lines if len(line) > 60
    ]
    words = re.findall(r'(?:[^\s"]|"[^"]*")+', done.stdout)
    if command == "search":  # every example of the query language whole, on one line
        for example in re.findall(r'(?:[^\s"]|"[^"]*")+', QUERY_HELP.replace("\b", "")):
            assert example in words, example
        assert "attachment:budget.xlsx" in words


def test_people_rows_fit_60_columns_under_their_header(bundled_index):
    rows = cli(bundled_index, "people", columns=60).stdout.splitlines()
    footnote = next(number for number, row in enumerate(rows) if row.startswith("* "))
    table = rows[:footnote]
    assert all(len(row) <= 60 for row in rows) and table[0].startswith("from")
    assert all(re.search(r"\d{4}-\d\d-\d\d  \d{4}-\d\d-\d\d$", row) for row in table[1:])
    assert "Elon Musk       Greg Brockman" in cli(bundled_index, "people").stdout  # piped: whole


def test_a_folded_thread_line_of_show_hangs_under_its_people(bundled_index):
    lines = cli(bundled_index, "show", "d1c7306d3aa8", columns=60).stdout.splitlines()
    start = lines.index(next(line for line in lines if line.startswith(" → ")))
    people = lines[start].index("Elon Musk")
    assert lines[start + 1].startswith(" " * people) and lines[start + 1][people] != " "


def test_a_hundred_recipients_are_folded_in_a_hit_and_the_notebook_table():
    from searchkit.present import hit_lines, people_line, results_html
    from searchkit.results import Hit, Results

    to = tuple(f"Person {number}" for number in range(100))
    hit = Hit(id="e1", kind="email", source="a.mbox", thread="t", subject="All hands",
              sender="Kenneth Lay", to=to, cc=("Jeff Skilling",), date=None, text="x",
              line_start=1, line_end=1, rank=1)  # fmt: skip
    head = hit_lines(hit)[0]
    assert "Person 7 and 93 others" in head and "Person 8" not in head
    assert people_line(hit).endswith("Person 99, cc Jeff Skilling")  # show: every one
    table = results_html(Results(query="x", hits=(hit,), total=1))
    assert "Person 7 and 92 others" in table and "Person 99" not in table


def test_show_folds_a_neighbours_hundred_recipients_and_lists_its_own(tmp_path):
    corpus = tmp_path / "mail"
    corpus.mkdir()
    many = ", ".join(f"person{n}@example.org" for n in range(100))
    (corpus / "a.eml").write_text(
        f"From: Ada <ada@example.org>\nTo: {many}\nDate: Mon, 1 Mar 2021 10:00:00 +0000\n"
        "Subject: all hands\nMessage-ID: <a@example.org>\n\nThe all hands meeting.\n"
    )
    (corpus / "b.eml").write_text(
        "From: Bob <bob@example.org>\nTo: Ada <ada@example.org>\nDate: Mon, 1 Mar 2021 11:00:00 +0000\n"
        "Subject: Re: all hands\nMessage-ID: <b@example.org>\nIn-Reply-To: <a@example.org>\n"
        "References: <a@example.org>\n\nThe reply.\n"
    )
    archive = Archive(corpus, tmp_path / "index")
    archive.update()
    reply = archive.search("from:bob").hits[0]
    shown = CliRunner().invoke(
        main,
        [
            "show",
            reply.id,
            "--no-pager",
            "--corpus",
            str(corpus),
            "--index",
            str(tmp_path / "index"),
        ],
    )
    assert shown.exit_code == 0, shown.output
    (ada,) = [line for line in shown.output.splitlines() if "Ada →" in line]
    assert ada.endswith("and 92 others")
    first = archive.search("from:ada").hits[0]
    whole = CliRunner().invoke(
        main,
        [
            "show",
            first.id,
            "--no-pager",
            "--corpus",
            str(corpus),
            "--index",
            str(tmp_path / "index"),
        ],
    )
    assert "person99@example.org" in whole.output  # its own headers list every recipient
