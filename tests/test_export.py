"""CSV for a spreadsheet: `search --format csv`, `units --format csv`, the same columns, every
cell that a spreadsheet would run as a formula defused."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from searchkit.cli import main
from searchkit.present import CSV_COLUMNS, RENDERERS, csv_cell

from .conftest import CORPUS, PAGE


def run(*args: str) -> str:
    done = CliRunner().invoke(main, list(args))
    assert done.exit_code == 0, done.output
    return done.stdout


def test_search_as_csv_has_the_hits_of_search_as_json(bundled_index):
    where = ["--corpus", str(CORPUS), "--index", str(bundled_index)]
    rows = list(
        csv.DictReader(
            io.StringIO(run("search", "from:elon", "-n", "5", "--format", "csv", *where))
        )
    )
    hits = json.loads(run("search", "from:elon", "-n", "5", "--format", "json", *where))["hits"]
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [row["id"] for row in rows] == [hit["id"] for hit in hits] and len(rows) == 5
    first = rows[0]
    assert first["sender"] == "Elon Musk" and first["source"] == PAGE and first["kind"] == "email"
    assert first["line"] == str(hits[0]["line_start"]) and first["date"].startswith(
        hits[0]["date"][:10]
    )
    assert first["link"] == (CORPUS / PAGE).resolve().as_uri()
    assert "; cc " in "".join(row["recipients"] for row in rows)  # cc kept apart from to


def test_units_as_csv_lists_every_unit_with_those_columns():
    rows = list(
        csv.DictReader(io.StringIO(run("units", "--format", "csv", "--corpus", str(CORPUS))))
    )
    lines = run("units", "--corpus", str(CORPUS)).splitlines()
    assert len(rows) == len(lines) and tuple(rows[0]) == CSV_COLUMNS
    assert [row["id"] for row in rows] == [json.loads(line)["id"] for line in lines]
    # what a row's place gives, not its message: Sam's mails that exist only as quotes (their
    # recipient), the heads with no subject line under another message (their subject)
    inferred = {row["id"]: row["inferred"] for row in rows if row["inferred"]}
    units = [json.loads(line) for line in lines]
    assert inferred == {unit["id"]: unit["inferred"] for unit in units if unit["inferred"]}
    above = "subject: from the message above it on the page"
    quoted = "to: Elon Musk replied quoting it; subject: from the message quoting it"
    assert sorted(inferred.values()) == [above] * 9 + [quoted] * 2


def test_a_cell_that_would_be_a_formula_is_defused():
    for written in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert csv_cell(written).startswith("'")
    assert csv_cell("Elon Musk") == "Elon Musk" and csv_cell(None) == "" and csv_cell(12) == "12"
    assert csv_cell("a\nb") == "a\\nb"  # one line per row, as a reader expects


def test_one_table_of_renderers():
    assert set(RENDERERS) == {"text", "json", "csv", "html"}
    assert {r.extension for r in RENDERERS.values() if r.extension} == {"json", "csv"}


def test_threads_as_csv_is_refused_in_one_line(bundled_index):
    done = CliRunner().invoke(
        main, ["search", "elon", "--threads", "--format", "csv", "--index", str(bundled_index)]
    )
    assert done.exit_code == 2 and done.stdout == "" and "--threads" in done.stderr
