"""`searchkit audit`: the places a person should check by hand, named by file and line."""

from __future__ import annotations

import json
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit import Archive
from searchkit.cli import main
from tests.conftest import CORPUS


def _folder(tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    # a compilation (.md, so no reader takes it for one mail file): an undecidable day, a
    # quote dated after its reply (in its body, a block quote: in the page's own text, an
    # attribution of a message days after the one above starts a message of its own), a
    # sender that is a time, a list of 60 recipients
    many = "; ".join(f"Person{n} Example" for n in range(60))
    (folder / "pages.md").write_text(
        "# Pages\n\nFrom: Ada Berg\nDate: 05/06/2019 10:00\nTo: Bruno Holm\n\n> Hello.\n>\n"
        "> On 07/08/2019 10:00, Chloé Dubois wrote:\n>\n> > old news\n\n===\n\n"
        f"From: Ada Berg\nSent: Tuesday, March 5, 2019 4:12 PM\nTo: {many}\n\nTo all.\n",
        "utf-8",
    )
    return folder


def test_audit_names_each_place_to_check(tmp_path):
    found = Archive(_folder(tmp_path), tmp_path / "index").audit()
    kinds = [(finding.line, finding.kind) for finding in found]
    assert (3, "ambiguous date") in kinds
    assert (9, "impossible date") in kinds and (9, "ambiguous date") in kinds
    assert (15, "many recipients") in kinds
    assert all(finding.source == "pages.md" for finding in found)


def test_audit_on_the_command_line_text_and_json(tmp_path):
    folder = _folder(tmp_path)
    text = CliRunner().invoke(main, ["audit", "--corpus", str(folder)])
    assert text.exit_code == 0, text.output
    assert "pages.md:3: ambiguous date: 2019-05-06 or 2019-06-05" in text.output
    assert text.output.rstrip().endswith("places to check by hand")
    listed = json.loads(
        CliRunner().invoke(main, ["audit", "--corpus", str(folder), "--format", "json"]).output
    )
    assert {"source", "line", "kind", "detail"} == set(listed[0])


def test_the_bundled_corpus_has_nothing_impossible():
    found = Archive(CORPUS).audit()
    assert not [finding for finding in found if finding.kind in ("impossible date", "odd sender")]


def test_index_ends_with_the_count_of_places_to_check(tmp_path):
    folder = _folder(tmp_path)
    built = CliRunner().invoke(
        main, ["index", "--corpus", str(folder), "--index", str(tmp_path / "ix")]
    )
    assert built.exit_code == 0, built.output
    found = Archive(folder).audit()
    unit_findings = [f for f in found if f.kind not in ("not recognised", "missed start")]
    assert (
        built.output.rstrip().splitlines()[-1]
        == f"{len(unit_findings)} places to check by hand: searchkit audit"
    )
    again = CliRunner().invoke(
        main, ["index", "--corpus", str(folder), "--index", str(tmp_path / "ix")]
    )
    assert again.output.strip() == "index is up to date"
    report = json.loads(
        CliRunner()
        .invoke(
            main,
            [
                "index",
                "--rebuild",
                "--format",
                "json",
                "--corpus",
                str(folder),
                "--index",
                str(tmp_path / "ix"),
            ],
        )
        .output
    )
    assert report["doubts"] == len(unit_findings)


@settings(max_examples=25, deadline=None)
@given(st.integers(-23 * 60, 23 * 60).filter(bool))
def test_a_quote_timed_after_its_carrier_within_a_day_is_listed_with_doubt(minutes):
    """A page's message quoting one timed after it, within the day time zones allow: listed
    (it may be no quote of it, a page telling of a later reply), not called impossible; one
    timed before it is no finding."""
    sent = datetime(2019, 2, 11, 7, 52)
    quoted = sent + timedelta(minutes=minutes)
    page = (
        "# Pages\n\nFrom: Derek Olsen\nSent: Monday, February 11, 2019 7:52 AM\n"
        "To: Margaret Halvorsen\nSubject: Line 3\n\n> Margaret, the swabs came back positive.\n"
        f">\n> On {quoted:%a, %b} {quoted.day}, 2019 at {quoted:%I:%M %p}, Margaret Halvorsen"
        " <m.h@example.com> wrote:\n> > Let's not pause yet.\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "article.md").write_text(page, "utf-8")
        found = [
            finding
            for finding in Archive(Path(folder), Path(folder) / "index").audit()
            if "after the message quoting it" in finding.detail
        ]
    assert [(finding.line, finding.kind) for finding in found] == (
        [(10, "date read with doubt")] if minutes > 0 else []
    ), page


def test_a_text_cut_at_its_bound_is_listed_as_read_in_part(tmp_path):
    """A message's text past the unit's bound is not indexed: a place to check by hand."""
    folder = tmp_path / "mail"
    folder.mkdir()
    words = " ".join(f"word{number}" for number in range(150_000))
    (folder / "long.eml").write_text(
        f"From: Ada Berg <ada@example.org>\nTo: Bo Lin <bo@example.org>\n"
        f"Date: Mon, 2 Mar 2020 09:00:00 +0000\nSubject: long\n\n{words}\n",
        "utf-8",
    )
    found = Archive(folder, tmp_path / "index").audit()
    (cut,) = [finding for finding in found if finding.kind == "read in part"]
    assert (cut.source, cut.line) == ("long.eml", 1) and "text cut at" in cut.detail
