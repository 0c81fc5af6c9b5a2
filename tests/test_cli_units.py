"""`searchkit units`: the corpus as JSON lines, the export researchers pipe into jq or pandas."""

from __future__ import annotations

import json

from click.testing import CliRunner

from searchkit.cli import main
from searchkit.units import UNIT_FIELDS

from .conftest import CORPUS

ISSUE_FIELDS = {
    "id",
    "kind",
    "source",
    "thread",
    "subject",
    "sender",
    "to",
    "cc",
    "date",
    "text",
    "line_start",
    "line_end",
    "quoted_in",
    "section",
}


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_units_jsonl_has_every_field_of_every_unit(bundled_index):
    # (`units` asks the index which quotes are echoes: one of its own, not ./index)
    index = ("--index", str(bundled_index))
    result = run("units", "--corpus", str(CORPUS), "--format", "jsonl", *index)
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) > 100
    for record in records:
        assert set(record) >= ISSUE_FIELDS and set(record) == {*UNIT_FIELDS, "copy_of"}
        assert isinstance(record["to"], list) and isinstance(record["cc"], list)
    ids = [record["id"] for record in records]
    assert len(ids) == len(set(ids))
    discussions = next(r for r in records if r["text"].endswith("Discussions are over."))
    assert discussions["date"] == "2017-09-20T14:17:00"
    assert discussions["sender"] == "Elon Musk"
    assert discussions["source"] == "001_e4abe99dc77dc7d1.txt"


def test_units_kind_filter(bundled_index):
    index = ("--index", str(bundled_index))
    result = run("units", "--corpus", str(CORPUS), "--kind", "email", *index)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 22 and {r["kind"] for r in records} == {"email"}
    article = run("units", "--corpus", str(CORPUS), "--kind", "paragraph", *index).stdout
    assert json.loads(article.splitlines()[0])["date"] == "2023-08-27"


def test_units_reports_bad_files_and_goes_on(tmp_path):
    (tmp_path / "a.txt").write_text("A good paragraph.\n")
    (tmp_path / "b.txt").write_bytes(b"\0\1\2binary")
    result = CliRunner().invoke(main, ["units", "--corpus", str(tmp_path)])
    assert result.exit_code == 0
    assert "b.txt: binary file, skipped" in result.stderr
    assert json.loads(result.stdout)["text"] == "A good paragraph."


def test_missing_corpus_is_one_line_exit_2(tmp_path):
    result = CliRunner().invoke(main, ["units", "--corpus", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "corpus folder not found" in result.stderr


def test_empty_corpus_searches_without_error(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for args in (["search", "anything"], ["people"], ["timeline", "x"], ["stats"]):
        result = CliRunner().invoke(
            main, [*args, "--corpus", str(corpus), "--index", str(tmp_path / "index")]
        )
        assert result.exit_code == 0, (args, result.output)


def test_inspect_shows_how_a_file_is_read_and_says_when_mail_went_unrecognised(tmp_path):
    from .conftest import FIXTURES

    shown = run("inspect", str(FIXTURES / "envelopes.md"))
    assert shown.exit_code == 0
    assert "read as markdown: 4 messages, 4 paragraphs" in shown.output
    assert (
        "line    18  email      2016-02-19  Greg Brockman → Elon Musk, Ilya Sutskever"
        in shown.output
    )
    odd = tmp_path / "odd.txt"
    odd.write_text(
        "Jane Doe (jane@x.org) 5 March 2019\nTo: bob@x.org\nsays: go.\n\n"
        "Bob Roe (bob@x.org) 6 March 2019\nTo: jane@x.org\nsays: fine.\n\nCc: ann@x.org\n"
    )
    data = json.loads(run("inspect", str(odd), "--format", "json").output)
    assert data["format"] == "text" and {unit["kind"] for unit in data["units"]} == {"paragraph"}
    assert data["problems"] == [
        "odd.txt: looks like correspondence, but no message was recognised in it"
        " (`searchkit inspect` shows what was read)"
    ]
    indexed = CliRunner().invoke(
        main, ["index", "--corpus", str(tmp_path), "--index", str(tmp_path / "ix")]
    )
    assert "odd.txt: looks like correspondence" in indexed.stderr
