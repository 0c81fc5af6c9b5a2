"""Ranked search on the bundled corpus: each query form, the expected unit first."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from click.testing import CliRunner

from searchkit import envelopes, search
from searchkit.cli import main
from searchkit.dates import Month, Year
from searchkit.errors import QueryError
from searchkit.highlight import Snippet, lead

from .conftest import CORPUS, PAGE


@pytest.fixture(scope="module")
def find(bundled_index):
    def run(query: str = "", **options):
        return search(query, index=bundled_index, corpus=CORPUS, **options)

    return run


def cli(bundled_index, *args: str):
    return CliRunner().invoke(main, [*args, "--index", str(bundled_index), "--corpus", str(CORPUS)])


def test_who_wrote_discussions_are_over(find):
    hits = find('"Discussions are over"')
    assert (hits[0].kind, hits[0].sender) == ("email", "Elon Musk")
    assert hits[0].date == datetime(2017, 9, 20, 14, 17)
    # the narrative paragraph quoting the same sentence comes back too
    assert any(hit.kind == "paragraph" and hit.line_start == 367 for hit in hits)


def test_phrase_is_stricter_than_words(find):
    words = find("board control")
    phrase = find('"board control"')
    assert len(words) > 0
    assert len(phrase) < len(words) or phrase.total < words.total
    exact = find('"absolute control"')
    assert len(exact) > 0
    assert all("absolute control" in hit.text.lower() for hit in exact)


def test_what_ilya_wrote_in_2017(find):
    hits = find("from:ilya date:2017", limit=None)
    assert len(hits) == 3
    assert {hit.sender for hit in hits} == {"Ilya Sutskever"}
    assert all(hit.date.year == 2017 for hit in hits)


def test_people_by_full_first_and_last_name(find):
    for query in ("from:elon", "from:musk", 'from:"Elon Musk"'):
        hits = find(query, limit=None)
        assert len(hits) == 13 and {hit.sender for hit in hits} == {"Elon Musk"}, query


def test_short_name_the_corpus_uses(find):
    hits = find("from:gdb", limit=None)
    assert {hit.sender for hit in hits} == {"Greg Brockman"} and len(hits) == 2
    assert len(find("to:gdb", limit=None)) > len(hits)  # Greg is a recipient more often


def test_to_means_to_or_cc(find):
    hits = find("to:shivon", limit=None)
    assert len(hits) == 7
    assert all("Shivon Zilis" in hit.to + hit.cc for hit in hits)


def test_stemming_and_hyphens(find):
    assert any("non-profit" in hit.text for hit in find("nonprofits", limit=None))
    assert any("nonprofit" in hit.text for hit in find("nonprofit", limit=None))
    assert any(" fund " in f" {hit.text} " for hit in find("funding", limit=None))


def test_typo_is_corrected(find):
    hits = find("safty")
    assert hits.corrected_query == "safety"
    assert len(hits) > 0 and all("safety" in hit.text.lower() for hit in hits)


def test_fuzzy_and_wildcard(find):
    assert any("Sutskever" in hit.sender for hit in find("from:sutskevr~") if hit.sender)
    wild = find("compu*", limit=None)
    assert len(wild) > 0 and all("comput" in hit.text.lower() for hit in wild)


def test_boolean_operators(find):
    both = find("tesla AND spacex", limit=None)
    either = find("tesla OR spacex", limit=None)
    without = find("tesla -spacex", limit=None)
    assert 0 < len(both) < len(either) and len(without) > 0
    assert all("spacex" not in hit.text.lower() for hit in without)
    assert len(without) + len(both) == len(find("tesla", limit=None))


@pytest.mark.parametrize(
    ("query", "first", "last"),
    [
        ("date:2017-09", datetime(2017, 9, 1), datetime(2017, 9, 30, 23, 59)),
        ("date:2017-09-20", datetime(2017, 9, 20), datetime(2017, 9, 20, 23, 59)),
        ("date:2017-09..2018-02", datetime(2017, 9, 1), datetime(2018, 2, 28, 23, 59)),
        ("after:2018-06", datetime(2018, 6, 1), datetime(2030, 1, 1)),
        ("before:2016 kind:email", datetime(2000, 1, 1), datetime(2015, 12, 31, 23, 59)),
    ],
)
def test_date_fields(find, query, first, last):
    hits = find(f"{query} kind:email", limit=None)
    assert len(hits) > 0
    assert all(first <= hit.date <= last for hit in hits), query


@pytest.mark.parametrize(
    ("query", "first", "last"),
    [
        ("date:2017", date(2017, 1, 1), date(2017, 12, 31)),
        ("date:2017-09-20", date(2017, 9, 20), date(2017, 9, 20)),
        ("date:2016-02-19..2018-01-02", date(2016, 2, 19), date(2018, 1, 2)),
        ("date:2017-09-20..2017-09-20", date(2017, 9, 20), date(2017, 9, 20)),
        ("date:..2016-02", date.min, date(2016, 2, 29)),
        ("date:2018-12-26..", date(2018, 12, 26), date.max),
        ("after:2017-09-20", date(2017, 9, 20), date.max),
        ("before:2017-09-21", date.min, date(2017, 9, 20)),
        ("date:2018..2017", date.max, date.min),
    ],
)
def test_date_queries_select_exactly_the_days_they_name(find, query, first, last):
    dated = [hit for hit in find(limit=None) if hit.date]
    expected = {hit.id for hit in dated if _within(hit.date, first, last)}
    assert {hit.id for hit in find(query, limit=None)} == expected, query


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _within(value: date, first: date, last: date) -> bool:
    """Is the whole of the day, month (`Month`) or year (`Year`) a unit is dated by inside
    `first`..`last`? (A month only partly inside is not known to be in the range.)"""
    if isinstance(value, Year):
        end = date(value.year, 12, 31)
    elif isinstance(value, Month):
        after = date(value.year + value.month // 12, value.month % 12 + 1, 1)
        end = after - timedelta(days=1)
    else:
        end = _day(value)
    return first <= _day(value) and end <= last


def test_before_the_first_day_finds_nothing(find):
    assert len(find("before:0001-01-01")) == 0


@pytest.mark.parametrize(
    ("query", "same_as"),
    [
        ("musk -before:0001", "musk"),
        ("musk OR before:0001", "musk"),
        ("musk OR (altman date:2019..2017)", "musk"),
        ("musk -(altman date:2019..2017)", "musk"),
        ("tesla -(NOT before:0001)", "nothing"),
    ],
)
def test_a_period_no_day_falls_in_selects_nothing_where_it_stands(find, query, same_as):
    """The engines drop an empty clause: a period that selects nothing must make its own
    group nothing, not vanish (`musk before:0001` was every musk)."""
    found = {hit.id for hit in find(query, limit=None)}
    assert found == (
        {hit.id for hit in find(same_as, limit=None)} if same_as != "nothing" else set()
    )
    assert found or same_as == "nothing"


def test_a_word_left_out_is_the_querys_on_the_command_line(bundled_index):
    """`searchkit search -google tesla`: click took `-google` for an unknown option."""
    expected = cli(bundled_index, "search", "tesla", "NOT", "google", "-n", "0").output
    assert expected.strip().endswith("hits") and not expected.startswith("0 ")
    for args in (("-google", "tesla"), ("tesla", "-google"), ("-n0", "tesla", "-google")):
        said = cli(bundled_index, "search", *args, "-n", "0")
        assert (said.exit_code, said.output) == (0, expected), args
    wrong = cli(bundled_index, "search", "tesla", "--bogus")
    assert wrong.exit_code == 2 and "No such option '--bogus'" in wrong.output
    people = cli(bundled_index, "people", "from:elon", "-openai", "--format", "json")
    assert people.exit_code == 0 and json.loads(people.output)


def test_date_range_counts(find):
    assert len(find("kind:email date:2017-09..2018-02", limit=None)) == 7
    assert len(find("kind:email", after="2018-06", limit=None)) == 3


def test_words_matching_nothing_together_fall_back_to_any(find):
    hits = find("bezos rubik")
    assert hits.any_word and len(hits) > 0
    assert "Bezos" in hits[0].text or "Rubik" in hits[0].text
    all_words = find("bezos rubik ego")
    assert all_words.any_word
    top = all_words[0].text.lower()
    assert "bezos" in top and "ego" in top  # more words matched ranks higher


@pytest.mark.parametrize("query", ['"unclosed phrase', "date:notadate", "date:2017-13"])
def test_bad_syntax_is_a_query_error(find, query):
    with pytest.raises(QueryError):
        find(query)


def test_filters_mirror_query_fields(find):
    by_filter = find(sender="elon", after="2017-06", limit=None)
    by_query = find("from:elon after:2017-06", limit=None)
    assert [hit.id for hit in by_filter] == [hit.id for hit in by_query]
    assert len(by_filter) == 11


def test_snippets_show_matches_with_offsets(find):
    hit = find("triggering event", kind="email")[0]
    assert hit.subject == "Tomorrow afternoon"
    assert [hit.snippet[start:end].lower() for start, end in hit.matches] == ["triggering", "event"]
    long = find("cerebras")[0]
    assert "…" in long.snippet and len(long.snippet) < len(long.text)


@pytest.mark.parametrize("query", ['"non-profit"', '"nonprofit"', "non-profit", "nonprofit"])
def test_a_compound_is_marked_however_the_text_spells_it(find, query):
    # a quoted compound finds "nonprofit" and "non-profit" alike: each hit shows where
    spelled = re.compile(r"non-?profit", re.IGNORECASE)
    hits = [hit for hit in find(query, limit=None) if spelled.search(hit.snippet)]
    assert any("-" not in spelled.search(hit.snippet).group() for hit in hits)
    assert any("-" in spelled.search(hit.snippet).group() for hit in hits)
    for hit in hits:
        for word in spelled.finditer(hit.snippet):
            within = [
                (start, end) for start, end in hit.matches if word.start() <= start < word.end()
            ]
            assert within and within[0][0] == word.start(), (hit.snippet, hit.matches)
            assert max(end for _, end in within) == word.end(), (hit.snippet, hit.matches)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Short   note.\n\n", "Short note."),
        ("word " * 400, ("word " * 40).strip() + " …"),  # cut at a word, within 200 characters
        ("Hello" + " " * 900 + "world", "Hello …"),  # the lead reads the start only
    ],
)
def test_lead_of_a_unit_without_matches(text, expected):
    assert lead(text) == Snippet(expected)


def test_people_searches_show_the_start_of_each_message(find):
    hits = find("from:ilya", limit=None)
    assert len(hits) > 0
    for hit in hits:
        assert hit.snippet.removesuffix(" …") in " ".join(hit.text.split())
        assert hit.snippet == " ".join(hit.text.split()) or hit.snippet.endswith(" …")


@pytest.mark.parametrize("find_all", [search, envelopes])
def test_exact_duplicates_are_collapsed(tmp_path, find_all):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The zeppelin landed at noon.\n\nSomething else entirely.\n")
    (corpus / "b.txt").write_text("The  Zeppelin landed at noon.\n")
    hits = find_all("zeppelin", corpus=corpus, index=tmp_path / "index")
    assert len(hits) == 1 and hits.collapsed == 1


def test_results_render_as_html_for_jupyter(find):
    results = find("triggering event")
    html = results._repr_html_()
    assert "<mark>triggering</mark>" in html and "<table>" in html and "Elon Musk" in html
    hostile = replace(results[0], snippet="<script>x</script> event", matches=((19, 24),))
    escaped = replace(results, hits=(hostile,))._repr_html_()
    assert (
        "<script>" not in escaped and "&lt;script&gt;x&lt;/script&gt; <mark>event</mark>" in escaped
    )


def test_cli_text_json_and_exit_codes(bundled_index):
    text = cli(bundled_index, "search", "discussions are over", "--limit", "3")
    assert text.exit_code == 0
    assert "Elon Musk → Ilya Sutskever" in text.output and f"{PAGE}:345" in text.output
    assert "\x1b[" not in text.output  # no colour when not a terminal
    data = json.loads(cli(bundled_index, "search", "discussions", "--format", "json").output)
    faceted = json.loads(
        cli(bundled_index, "search", "discussions", "--facet", "year", "--format", "json").output
    )
    assert (
        set(data)
        == set(faceted)
        == {
            "query",
            "total",
            "total_is_exact",
            "corrected_query",
            "any_word",
            "collapsed",
            "partial",
            "semantic",
            "explanation",
            "notices",
            "hits",
            "facets",
        }
    )
    assert data["total"] >= len(data["hits"]) > 0 and data["facets"] == {}
    first = data["hits"][0]
    assert first["rank"] == 1 and {"score", "snippet", "matches", "sender"} <= set(first)
    start, end = first["matches"][0]
    assert first["snippet"][start:end].lower().startswith("discuss")
    bad = cli(bundled_index, "search", '"unclosed')
    assert bad.exit_code == 2 and bad.output.count("\n") == 1 and "Traceback" not in bad.output


def test_cli_show_and_stats(bundled_index, find):
    unit = find('"Discussions are over"')[0]
    shown = cli(bundled_index, "show", unit.id)
    assert shown.exit_code == 0
    assert "From: Elon Musk" in shown.output and "Discussions are over." in shown.output
    assert shown.output.count("Honest Thoughts") >= 1 and "→" in shown.output  # thread list
    stats = json.loads(cli(bundled_index, "stats", "--format", "json").output)
    assert stats["kinds"]["email"] == 22
    assert stats["senders"]["Elon Musk"] == 13
    assert stats["dates"] == ["2015-11", "2024-12-04"]  # "November 2015: OpenAI started …"
    missing = cli(bundled_index, "show", "nope")
    assert missing.exit_code == 2


def test_hyphenated_query_means_the_compound(find):
    hits = find("for-profit", limit=None)
    assert len(hits) == 10
    assert all("for-profit" in hit.text.lower() for hit in hits)  # not "non-profit"


@pytest.mark.parametrize(
    ("typo", "meant"),
    [("goverment project", "government project"), ("Sutskevr", "sutskever"), ("equty", "equity")],
)
def test_typos_in_text_and_names_are_corrected(find, typo, meant):
    hits = find(typo)
    assert hits.corrected_query == meant and len(hits) > 0 and not hits.any_word


def test_correction_only_for_near_words(find):
    from searchkit.spelling import edit_distance

    assert (edit_distance("safty", "safety"), edit_distance("teh", "the")) == (1, 1)
    assert edit_distance("quokka", "quotas") == 3
    hits = find("quokka")
    assert hits.corrected_query is None and len(hits) == 0


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    from searchkit.cli import _Styles

    class Terminal:
        def isatty(self):
            return True

    monkeypatch.setattr("sys.stdout", Terminal())
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert "\x1b[" in _Styles().bold("x")
    monkeypatch.setenv("NO_COLOR", "1")
    assert _Styles().bold("x") == "x"


def test_the_any_word_fallback_keeps_every_filter(find):
    relaxed = find("from:ilya board tesla hovercraftless", limit=None)
    assert relaxed.total == 0 and relaxed.explanation == 'no unit mentions "hovercraftless"'
    relaxed = find("from:ilya compute tesla", limit=None)
    assert relaxed.any_word and len(relaxed) > 0
    assert {hit.sender for hit in relaxed} == {"Ilya Sutskever"}  # the filter stayed a filter
    dated = find("date:2017 tesla bezos", limit=None)
    assert all(hit.date.year == 2017 for hit in dated)


def test_a_word_the_corpus_never_uses_is_said_not_dropped(find):
    for query in ("hovercraft elon", "from:ilya hovercraft", "kind:email hovercraft -google"):
        results = find(query)
        assert results.total == 0 and not results.any_word, query
        assert results.explanation == 'no unit mentions "hovercraft"', query


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("the", "too common"),
        ("foo:bar", "no field named foo:"),
        ("from:nobody", 'no one in the corpus is called "nobody"'),
        ("from:ilia", "near names: ilya"),
        ("date:2016 resigned", "in no unit within date:"),
        ("date:2019..2017", "ends before it starts (date:2017..2019?)"),
        ("musk date:2019..2017", "ends before it starts (date:2017..2019?)"),
        ("kind:email (musk before:0001)", "no day can fall in the dates asked"),
        ("🎉", "emoji, symbols and punctuation are not indexed"),
        ("kind:chat", "no unit matches kind:chat"),
        ("date:2030 kind:email", "no unit matches date:2030 kind:email"),
    ],
)
def test_zero_hits_are_explained(find, bundled_index, query, says):
    results = find(query)
    assert results.total == 0 and says in (results.explanation or ""), results.explanation
    text = cli(bundled_index, "search", query)
    assert text.exit_code == 0 and says in text.output
    data = json.loads(cli(bundled_index, "search", query, "--format", "json").output)
    assert data["hits"] == [] and says in data["explanation"]


def test_sort_newest_and_oldest_and_paging(find):
    newest = find("from:elon", limit=None, sort="newest")
    oldest = find("from:elon", limit=None, sort="oldest")
    dates = [hit.date for hit in newest]
    assert len(dates) == 13 and dates == sorted(dates, reverse=True)
    assert [hit.id for hit in oldest] == [hit.id for hit in reversed(newest)]
    pages = [find("from:elon", limit=5, offset=start, sort="newest") for start in (0, 5, 10)]
    assert [hit.id for page in pages for hit in page] == [hit.id for hit in newest]
    assert [hit.rank for hit in pages[1]] == [6, 7, 8, 9, 10] and pages[2].total == 13
    counted = find("from:elon", limit=0)
    assert len(counted) == 0 and counted.total == 13 and counted.explanation is None


def test_count_only_and_paging_on_the_command_line(bundled_index):
    assert cli(bundled_index, "search", "from:elon", "-n", "0").output.strip() == "13 hits"
    page = cli(bundled_index, "search", "from:elon", "-n", "5", "--offset", "5", "--sort", "oldest")
    assert "6-10 of 13 hits" in page.output and " 6. " in page.output
    data = json.loads(
        cli(bundled_index, "search", "from:elon", "--offset", "10", "--format", "json").output
    )
    assert data["total"] == 13 and [hit["rank"] for hit in data["hits"]] == [11, 12, 13]


@pytest.mark.parametrize(
    ("query", "first", "last"),
    [
        ("date:1y..", date(2017, 1, 10), date.max),
        ("after:-30d", date(2017, 12, 11), date.max),
        ("date:..2y", date.min, date(2016, 1, 10)),
        ("date:last-year", date(2017, 1, 1), date(2017, 12, 31)),
        ("date:last-week..", date(2018, 1, 1), date.max),
        ("date:this-month", date(2018, 1, 1), date(2018, 1, 31)),
        ("date:6m..this-week", date(2017, 7, 10), date(2018, 1, 14)),
    ],
)
def test_relative_dates_count_from_today(find, monkeypatch, query, first, last):
    from searchkit.query import periods

    monkeypatch.setattr(periods, "today", lambda: date(2018, 1, 10))  # a Wednesday
    dated = [hit for hit in find(limit=None) if hit.date]
    expected = {hit.id for hit in dated if _within(hit.date, first, last)}
    assert expected and {hit.id for hit in find(query, limit=None)} == expected, query


def test_the_notebook_table_has_ids_kinds_and_collapses_when_long(find):
    results = find("kind:email", limit=None)
    assert len(results) > 20
    html = results._repr_html_()
    assert html.count("<tr>") == 21  # the head and the first twenty hits
    assert f"<code>{results[0].id}</code>" in html and "white-space:nowrap" in html
    assert f"{len(results)} hits; the table shows the first 20" in html


def test_threads_view_groups_every_match_by_thread(bundled_index):
    from searchkit import Archive

    with Archive(CORPUS, bundled_index) as archive:
        found = archive.threads("from:elon", limit=None)
        everything = archive.search("from:elon", limit=None)
    assert sum(thread.matches for thread in found) == everything.total == 13
    lasts = [thread.last for thread in found]
    assert lasts == sorted(lasts, reverse=True)  # the last active first
    honest = next(thread for thread in found if thread.thread == "honest-thoughts")
    assert honest.subject == "Honest Thoughts" and "Ilya Sutskever" in honest.participants
    text = cli(bundled_index, "search", "from:elon", "--threads", "-n", "2").output
    # (a page of threads says how many match: it said "2 threads" of more)
    assert text.count(" match") == 2 and text.rstrip().endswith(f"2 of {len(found)} threads")
    counted = cli(bundled_index, "search", "from:elon", "--threads", "-n", "0").output
    assert counted.strip() == f"{len(found)} threads"
    data = json.loads(
        cli(bundled_index, "search", "from:elon", "--threads", "--format", "json").output
    )
    assert {"thread", "subject", "first", "last", "matches", "participants", "ids"} == set(data[0])
    # --offset pages the threads as it pages hits: one at a time, the whole list in order
    pages = [
        json.loads(
            cli(
                bundled_index, "search", "from:elon", "--threads", "--format", "json",
                "-n", "1", "--offset", str(offset),
            ).output
        )
        for offset in range(len(found) + 1)
    ]
    assert [thread for page in pages for thread in page] == data and pages[-1] == []
    third = cli(bundled_index, "search", "from:elon", "--threads", "-n", "1", "--offset", "2")
    assert found[2].ids[0] in third.output
    assert third.output.rstrip().endswith(f"3-3 of {len(found)} threads")


@pytest.mark.parametrize(
    ("query", "excluded"),
    [
        ("openai funding -musk", "musk"),
        ("board control -elon", "elon"),
        ("tesla NOT spacex", "spacex"),
    ],
)
def test_an_excluded_word_leaves_out_every_unit_holding_it(find, query, excluded):
    wanted = query.replace(f"-{excluded}", "").replace(f"NOT {excluded}", "")
    held = [hit for hit in find(wanted, limit=None) if excluded in hit.text.lower()]
    assert held, "the words alone find units holding the excluded word"
    found = find(query, limit=None)
    assert found.total and not {hit.id for hit in held} & {hit.id for hit in found}, query
    assert all(excluded not in hit.text.lower() for hit in found), query


@pytest.mark.parametrize("query", ["date:2018 tesla", "date:2017-09 control"])
def test_a_dated_question_is_answered_by_a_message_of_that_time(find, query):
    """A message is dated by its own header, a paragraph by the heading above it: where the
    query names a period, the message that says it ranks first."""
    first = find(query, limit=1)[0]
    word = query.split()[-1]
    assert first.kind == "email" and word in first.text.lower(), (first.kind, first.id)


def test_a_common_word_left_out_of_a_query_is_said(find, bundled_index):
    """`from:elon will` searched every Elon email, no "will": the word left out is said."""
    plain = find("from:elon")
    results = find("from:elon will")
    assert [hit.id for hit in results] == [hit.id for hit in plain]
    assert any("left out as too common to search: will" in note for note in results.notes)
    assert not any("too common" in note for note in find('from:elon "will"').notes)
    text = cli(bundled_index, "search", "from:elon", "will", "-n", "0")
    assert "left out as too common to search: will" in text.output
