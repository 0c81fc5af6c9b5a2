"""People, timeline and facets: who wrote to whom, and when."""

from __future__ import annotations

import csv
import io
import json
import tempfile
import textwrap
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit import envelopes, search
from searchkit.cli import main
from searchkit.correspondence import Names, timeline
from searchkit.present import bar_chart
from searchkit.units import REDACTED

from .conftest import CORPUS, installed_engines


def cli(index, corpus, *args: str):
    return CliRunner().invoke(main, [*args, "--index", str(index), "--corpus", str(corpus)])


@pytest.fixture(scope="module")
def links(bundled_index):
    result = cli(bundled_index, CORPUS, "people", "--format", "json")
    assert result.exit_code == 0
    return {(link["sender"], link["recipient"]): link for link in json.loads(result.stdout)}


def test_elon_to_ilya_counted_from_the_documents(links):
    # Elon's emails with Ilya in To or Cc, read off the page: lines 75, 144, 150, 209, 229,
    # 239, 259, 345, 355, 380 and 496 of 001_e4abe99dc77dc7d1.txt
    elon_ilya = links["Elon Musk", "Ilya Sutskever"]
    assert elon_ilya["messages"] == 11
    assert elon_ilya["first"] == "2016-02-19T00:05:00"
    assert elon_ilya["last"] == "2018-12-26T12:07:00"
    assert links["Ilya Sutskever", "Elon Musk"]["messages"] == 4
    assert links["Greg Brockman", "Elon Musk"]["messages"] == 2


def test_redacted_recipients_are_kept_apart(links):
    redacted = [link for key, link in links.items() if key[1] == REDACTED]
    assert redacted and all(link["redacted"] for link in redacted)
    named = [link for key, link in links.items() if key[1] != REDACTED]
    assert not any(link["redacted"] for link in named)
    assert not any(REDACTED in key[0] for key in links)


def test_people_text_and_csv(bundled_index):
    text = cli(bundled_index, CORPUS, "people").stdout
    assert text.splitlines()[0].split() == ["from", "to", "messages", "first", "last"]
    assert "Elon Musk" in text and f"{REDACTED} *" in text and "several people" in text
    rows = list(
        csv.DictReader(io.StringIO(cli(bundled_index, CORPUS, "people", "--format", "csv").stdout))
    )
    assert {"sender", "recipient", "messages", "first", "last", "redacted"} <= set(rows[0])


def test_people_for_a_query(bundled_index):
    found = json.loads(
        cli(bundled_index, CORPUS, "people", "triggering", "--format", "json").stdout
    )
    # only the 11 Aug 2017 email says "triggering": Elon to Greg, Ilya and Sam, cc Shivon
    assert sorted(link["recipient"] for link in found) == sorted(
        ["Greg Brockman", "Ilya Sutskever", "Sam Altman", "Shivon Zilis", REDACTED]
    )
    assert {link["sender"] for link in found} == {"Elon Musk"}


@pytest.mark.parametrize("query", ["", "from:elon", "for-profit", "kind:email date:2017"])
def test_envelopes_are_what_search_finds_without_the_text(bundled_index, query):
    found = search(query, limit=None, index=bundled_index, corpus=CORPUS)
    counted = envelopes(query, index=bundled_index, corpus=CORPUS)
    assert len(counted) == len(found) > 0 and counted.collapsed == found.collapsed
    assert {hit.id for hit in counted} == {hit.id for hit in found}
    assert all(hit.text == "" and hit.snippet == "" for hit in counted)
    assert _rows(counted.people()) == _rows(found.people())
    assert _rows(counted.timeline("month")) == _rows(found.timeline("month"))


def _rows(frame) -> list:
    return frame.to_dict("records") if hasattr(frame, "to_dict") else frame


def test_timeline_of_for_profit_matches_the_units_that_say_it(bundled_index):
    listed = CliRunner().invoke(main, ["units", "--corpus", str(CORPUS)]).stdout
    units = [json.loads(line) for line in listed.splitlines()]
    expected = Counter(u["date"][:4] for u in units if "for-profit" in u["text"].lower())
    shown = json.loads(
        cli(bundled_index, CORPUS, "timeline", "for-profit", "--format", "json").stdout
    )
    assert {row["period"]: row["count"] for row in shown if row["count"]} == dict(expected)
    periods = [row["period"] for row in shown]
    assert periods == [str(year) for year in range(int(min(expected)), int(max(expected)) + 1)]


def test_timeline_bar_chart_in_the_terminal(bundled_index):
    text = cli(bundled_index, CORPUS, "timeline", "from:elon", "--by", "month").stdout
    lines = text.splitlines()
    assert lines[0].startswith("2015-11") and lines[-1].startswith("2018-12")
    busiest = max(lines, key=lambda line: int(line.split()[-1]))
    assert "█" * 40 in busiest  # the longest bar fills the width
    assert (
        bar_chart([("a", 1), ("b", 2)])[0].endswith("1")
        and "█" * 20 in bar_chart([("a", 1), ("b", 2)])[0]
    )


def test_timeline_periods_by_day():
    rows = timeline([_unit(datetime(2017, 7, 21, 3, 0)), _unit(datetime(2017, 7, 23, 9, 0))], "day")
    assert rows == [("2017-07-21", 1), ("2017-07-22", 0), ("2017-07-23", 1)]


def _unit(when):
    from searchkit.units import Unit

    return Unit("x", "email", "s", "t", None, "A B", (), (), when, "text", 1, 1)


def test_facets_beside_the_hits(bundled_index):
    results = search("for-profit", index=bundled_index, corpus=CORPUS, facets=["year", "kind"])
    years = results.facets["year"]  # the years the paragraphs tell of, not the page's
    assert years["2017"] > years["2024"] and sum(years.values()) == 10
    assert results.facets["kind"] == {"paragraph": 9, "email": 1}
    # a corrected query's facets are those of the query it became (tantivy counts them in
    # another thread, for the query as typed, while the hits are ranked)
    typo = search("safty", index=bundled_index, corpus=CORPUS, facets=["kind", "sender"])
    fixed = search("safety", index=bundled_index, corpus=CORPUS, facets=["kind", "sender"])
    assert typo.corrected_query == "safety" and typo.facets == fixed.facets
    assert sum(typo.facets["kind"].values()) == fixed.total
    data = json.loads(
        cli(
            bundled_index, CORPUS, "search", "for-profit", "--facet", "sender", "--format", "json"
        ).stdout
    )
    assert data["facets"]["sender"] == {"Greg Brockman": 1} and len(data["hits"]) == 10
    text = cli(bundled_index, CORPUS, "search", "from:elon", "--facet", "sender").stdout
    assert "by sender" in text and "Elon Musk" in text


def test_aliases_file_and_what_the_corpus_says(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "aliases.toml").write_text('# who is who\nboss = "Ada Lovelace"\n')
    mail = textwrap.dedent("""\
        From: {sender}
        To: Charles Babbage <charles@example.org>, <redacted>
        Date: Mon, {day} Mar 2021 10:00:00 +0000
        Subject: Engines {day}

        Body number {day}.
        {sign}
        """)
    senders = [
        ("Ada Lovelace <ada@example.org>", "-ada"),
        ("ada@example.org", ""),  # the same address: the same person
        ("Boss", ""),  # the alias file says so
        ("Charles Babbage <charles@example.org>", ""),
    ]
    for day, (sender, sign) in enumerate(senders, start=1):
        (corpus / f"{day}.eml").write_text(mail.format(sender=sender, day=day, sign=sign))
    index = tmp_path / "index"
    found = json.loads(cli(index, corpus, "people", "--format", "json").stdout)
    ada = [link for link in found if link["sender"] == "Ada Lovelace"]
    assert [(link["recipient"], link["messages"]) for link in ada] == [
        ("Charles Babbage", 3),
        (REDACTED, 3),
    ]
    assert (
        next(link for link in found if link["sender"] == "Charles Babbage")["recipient"] == REDACTED
    )
    aliases = cli(index, corpus, "people", "--aliases").stdout
    assert "boss = Ada Lovelace" in aliases and "aliases.toml" in aliases
    # boss is Ada Lovelace, whose mail the corpus shows from her address alone too: the
    # three the table counts as hers
    by_alias = search("from:boss", corpus=corpus, index=index, limit=None)
    assert sorted(hit.sender for hit in by_alias) == ["Ada Lovelace", "Boss", "ada@example.org"]
    # her bare address holds her first name too
    by_name = search("from:ada", corpus=corpus, index=index, limit=None)
    assert sorted(hit.sender for hit in by_name) == ["Ada Lovelace", "ada@example.org"]


def test_results_frames_and_plot_for_notebooks(bundled_index):
    pandas = pytest.importorskip("pandas")
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    results = search("from:elon", index=bundled_index, corpus=CORPUS, limit=None)
    frame = results.timeline("year")
    assert isinstance(frame, pandas.DataFrame) and frame["count"].sum() == 13
    assert list(frame["period"]) == ["2015", "2016", "2017", "2018"]
    people = results.people()
    assert set(people.columns) >= {"sender", "recipient", "messages"}
    assert people.loc[people["recipient"] == "Ilya Sutskever", "messages"].item() == 11
    (axes,) = results.plot_timeline("year").axes
    assert [bar.get_height() for bar in axes.patches] == list(frame["count"])
    assert axes.get_xlabel() == "year" and axes.get_ylabel() == "units"


def test_a_page_of_hits_tallies_every_match(bundled_index):
    page = search("board", index=bundled_index, corpus=CORPUS, limit=3)
    assert len(page) == 3 and page.total > 3
    everything = search("board", index=bundled_index, corpus=CORPUS, limit=None)
    assert len(page.matching()) == len(everything)
    counted = page.timeline()
    total = (
        sum(counted["count"]) if hasattr(counted, "columns") else sum(r["count"] for r in counted)
    )
    assert total == sum(1 for hit in everything if hit.date)


def test_a_plot_without_matplotlib_says_what_to_install(bundled_index, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    results = search("from:elon", index=bundled_index, corpus=CORPUS, limit=None)
    with pytest.raises(ImportError, match=r"pip install 'searchkit\[notebook\]'"):
        results.plot_timeline()


@pytest.mark.parametrize(
    "query",
    ["for-profit", "", "from:elon", "tesla OR funding", "date:2017 openai", "kind:paragraph"],
)
def test_facets_counted_by_the_engine_are_the_envelopes_counts(bundled_index, query):
    from searchkit import Archive
    from searchkit.tallies import tally

    archive = Archive(CORPUS, bundled_index)
    counted = archive.tallies(query, refresh=False, top=None)
    every = tally(archive.envelopes(query, refresh=False).hits, top=None)
    assert counted == every and counted.total > 0
    # counted again: tantivy then finds the matches sharing a text among the texts shared
    assert archive.tallies(query, refresh=False, top=None) == every


@pytest.mark.parametrize("facets", [("sender",), ("kind", "thread"), ("recipient", "year")])
def test_the_facets_asked_are_counted_as_every_facet_is(bundled_index, facets):
    from searchkit import Archive
    from searchkit.tallies import tally

    archive = Archive(CORPUS, bundled_index)
    counted = archive.tallies("openai", refresh=False, top=None, facets=facets)
    every = tally(archive.envelopes("openai", refresh=False).hits, top=None)
    assert counted.total == every.total and counted.timeline == every.timeline
    assert {name: counted.facets[name] for name in facets} == {
        name: every.facets[name] for name in facets
    }


class _Refusing:
    """A tantivy searcher refusing every aggregation, as it refuses one past its bucket
    limit (every thread, or sender, of a large corpus)."""

    def __init__(self, searcher):
        self.searcher = searcher

    def aggregate(self, *_):
        raise ValueError("Aborting aggregation because bucket limit was exceeded. Limit: 1")

    def __getattr__(self, name):
        return getattr(self.searcher, name)


def _tantivy_reader(archive):
    reader = archive.searcher(refresh=False).reader
    if reader.engine != "tantivy":
        pytest.skip("tantivy's own limit")
    return reader


def test_values_past_tantivys_bucket_limit_are_counted_from_the_envelopes(bundled_index):
    """Facets past tantivy's bucket limit come from the matches' envelopes, not an error."""
    from searchkit import Archive
    from searchkit.tallies import tally

    archive = Archive(CORPUS, bundled_index)
    reader = _tantivy_reader(archive)
    reader.tantivy = _Refusing(reader.tantivy)
    assert reader.counted(archive.searcher(refresh=False)._parse("", {}), ("thread",)) is None
    counted = archive.tallies("", refresh=False, top=None)
    assert counted == tally(archive.envelopes("", refresh=False).hits, top=None)
    assert counted.total > 0


def test_people_whose_values_share_a_number_are_counted_by_their_values(tmp_path, monkeypatch):
    """tantivy counts the people facets by their values' numbers; where two values share a
    number, they are counted by the values themselves, never as one."""
    from searchkit import Archive
    from searchkit.tallies import tally

    if "tantivy" not in installed_engines():
        pytest.skip("the fast extra is not installed")
    from searchkit.tantivy_engine import reading, schema

    for module in (schema, reading):  # every value one number, as written and as read
        monkeypatch.setattr(module, "value_number", lambda value: 7)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    letters = [("Ada Lovelace", "Bob Hope <bob@example.org>"), ("Bob Hope", "Ada Lovelace")]
    letters.append(("Cy Young", "Ada Lovelace, Bob Hope <bob@example.org>"))
    for number, (sender, to) in enumerate(letters):
        (corpus / f"{number}.eml").write_text(_mail(sender, to, 2020, f"harbour {number}", "The harbour."))
    archive = Archive(corpus, tmp_path / "index", engine="tantivy")
    counted = archive.tallies("harbour", top=None)
    assert counted.facets["sender"] == [("Ada Lovelace", 1), ("Bob Hope", 1), ("Cy Young", 1)]
    assert counted.facets["recipient"] == [("Ada Lovelace", 2), ("Bob Hope", 2)]
    assert counted == tally(archive.envelopes("harbour", refresh=False).hits, top=None)


def test_stats_past_tantivys_bucket_limit_are_counted_unit_by_unit(bundled_index):
    from searchkit import Archive

    archive = Archive(CORPUS, bundled_index)
    reader = _tantivy_reader(archive)
    counted = archive.stats(refresh=False)
    reader.searcher.tantivy = _Refusing(reader.searcher.tantivy)
    assert archive.stats(refresh=False) == counted
    assert counted["senders"] and counted["units"] > 0


def _mail(sender: str, to: str, year: int, subject: str, body: str) -> str:
    return (
        f"From: {sender} <{sender.split()[0].lower()}@example.org>\nTo: {to}\n"
        f"Date: Mon, 1 Mar {year} 10:00:00 +0000\nSubject: {subject}\n"
        f"Message-ID: <{subject.replace(' ', '.')}@example.org>\n\n{body}\n"
    )


def test_the_same_words_are_one_message_only_from_one_person_on_one_day(tmp_path, installed_engine):
    """The same words sent by three people are three messages, in the hits and the counts;
    a printout of one beside its mail (the same sender, the same day) counts once."""
    from searchkit import Archive
    from searchkit.tallies import tally

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    same = "Thanks, see you at the launch on Friday."
    senders = [("Ada Lovelace", 2019), ("Bob Hope", 2020), ("Cy Young", 2021)]
    for number, (sender, year) in enumerate(senders):
        to = "Dee Dee <dee@example.org>, Eve Arden <eve@example.org>"
        text = _mail(sender, to, year, f"launch {number}", same)
        (corpus / f"{number}.eml").write_text(text)
    printout = _mail("Ada Lovelace", "Eve Arden <eve@example.org>", 2019, "launch 0", same)
    (corpus / "printout.txt").write_text(printout.replace("Message-ID", "X-Printed"))
    (corpus / "3.eml").write_text(_mail("Ada Lovelace", "Eve Arden", 2022, "other", "A launch."))
    archive = Archive(corpus, tmp_path / "index", engine=installed_engine)
    found = archive.search("friday", limit=None)
    assert sorted(hit.sender for hit in found) == ["Ada Lovelace", "Bob Hope", "Cy Young"]
    assert found.collapsed == 1
    counted = archive.tallies("launch", top=None)
    assert counted.total == 4
    assert counted.facets["sender"] == [("Ada Lovelace", 2), ("Bob Hope", 1), ("Cy Young", 1)]
    assert counted.facets["recipient"] == [("Eve Arden", 4), ("Dee Dee", 3)]
    assert counted.timeline.rows == (("2019", 1), ("2020", 1), ("2021", 1), ("2022", 1))
    later = archive.tallies("launch from:bob", top=None)
    assert later.facets["sender"] == [("Bob Hope", 1)] and later.years == [("2020", 1)]
    for query in ("launch", "launch from:bob", "friday", "launch -from:ada"):
        every = tally(archive.envelopes(query, refresh=False).hits, top=None)
        assert archive.tallies(query, refresh=False, top=None) == every


@settings(max_examples=10, deadline=None)
@given(
    st.lists(
        st.dates(min_value=date(2001, 1, 1), max_value=date(2030, 12, 31)),
        min_size=1,
        max_size=4,
        unique=True,
    )
)
def test_a_first_or_last_day_that_may_be_read_the_other_way_is_marked(days):
    """`people` answers when two wrote; a first or last day that is a numeric day nothing
    decided (`03/04/2019`, a file of its own) is marked so, in JSON and in the table."""
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        for number, day in enumerate(days):
            (corpus / f"{number}.txt").write_text(
                f"From: Ada Berg\nDate: {day:%m/%d/%Y} 10:00\nTo: Bo Lund\n\nNote {number}.\n"
            )
        index = Path(folder) / "index"
        (link,) = json.loads(cli(index, corpus, "people", "--format", "json").stdout)
        table = cli(index, corpus, "people").stdout
    read = sorted(days)  # each read month first, as written (nothing else tells)
    either = {day: day.day <= 12 and day.day != day.month for day in days}
    assert (link["first"][:10], link["last"][:10]) == (read[0].isoformat(), read[-1].isoformat())
    assert (link["first_ambiguous"], link["last_ambiguous"]) == (either[read[0]], either[read[-1]])
    assert ("? a numeric day" in table) == (link["first_ambiguous"] or link["last_ambiguous"])


@settings(max_examples=15, deadline=None)
@given(
    shown=st.sampled_from(["ceo@bank.example", "CEO@Bank.Example", "'ceo@bank.example'"]),
    sent_from=st.sampled_from(["billing@bank-payments.example", "x@evil.example"]),
    real_first=st.booleans(),
)
def test_a_display_name_that_is_another_address_names_no_one(shown, sent_from, real_first):
    """A spoofer's `"ceo@bank.example" <billing@…>` is the address the message came from in
    the people table, never the person whose address it shows, nor a name of its own."""
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        head = "To: Dana Reyes <dana@example.org>\nSubject: Wire\n"
        spoof = f'From: "{shown}" <{sent_from}>\n{head}Date: Tue, 4 Oct 2022 16:56:00 +0000\n\nWire it.\n'
        real = f"From: Carl Otto <ceo@bank.example>\n{head}Date: Wed, 5 Oct 2022 09:00:00 +0000\n\nNo.\n"
        (corpus / ("1.eml" if real_first else "2.eml")).write_text(real)
        (corpus / ("2.eml" if real_first else "1.eml")).write_text(spoof)
        found = json.loads(cli(Path(folder) / "index", corpus, "people", "--format", "json").stdout)
    assert sorted((link["sender"], link["messages"]) for link in found) == sorted(
        [("Carl Otto", 1), (sent_from, 1)]
    )


def test_names_told_apart_by_a_number_are_two_people():
    """`Writer 3` and `Writer 17` sharing an address name neither, and neither is the one
    person with the first name Writer (whose addresses `from:writer` would add)."""
    shown = {("Writer 3", "desk@x.org"): 2, ("Writer 17", "desk@x.org"): 1}
    shown |= {("Writer 3", "w3@x.org"): 1, ("Writer 17", "w17@x.org"): 1}
    names = Names(shown)
    assert names.canonical("Writer 17", "desk@x.org") == "Writer 17"
    assert names.canonical("Writer", None) == "Writer"
    assert ("Writer", "w3@x.org") not in names.addresses()


def test_an_initial_standing_for_two_peoples_names_merges_neither():
    """`Kim L.` may be Kim Lee or Kim Lo, who are two: shown most at an address they share,
    or beside both of them, it names neither, nor is `Kim` either's first name alone; where
    the full name is shown, `Ada L.` and `A. Lovelace` are both hers."""
    shared = {("Kim L.", "desk@x.org"): 5, ("Kim Lee", "desk@x.org"): 1, ("Kim Lo", "desk@x.org"): 1}
    names = Names(shared)
    assert names.canonical("Kim Lee", "desk@x.org") == "Kim Lee"
    assert names.canonical("Kim Lo", "desk@x.org") == "Kim Lo"
    assert names.canonical("Kim", None) == "Kim"
    hers = {("Ada L.", "ada@x.org"): 3, ("A. Lovelace", "ada@x.org"): 2, ("Ada Lovelace", "ada@x.org"): 1}
    names = Names(hers)
    assert {names.canonical(name, "ada@x.org") for name, _ in hers} == {"Ada L."}
