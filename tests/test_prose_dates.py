"""A paragraph is dated by what it speaks of ("February 2018: Elon resigned"), the page by its
own date (`published`), and a month or a year a text names is never made a day."""

from __future__ import annotations

import json
import pickle
from datetime import date

import pytest

from searchkit import Archive
from searchkit.dates import Month, Year, stated_date
from searchkit.units import Unit

from .conftest import CORPUS, PAGE


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("On June 13, 2017, Elon responded to an email", date(2017, 6, 13)),
        ("On July 13th, 2017, Greg sent Shivon", date(2017, 7, 13)),
        ("Ilya reiterated on July 12, 2017, “Each year…”", date(2017, 7, 12)),
        ("a statement on the website from December 11, 2015.", date(2015, 12, 11)),
        ("The board met on 13 March 2019 to vote.", date(2019, 3, 13)),
        ("Filed 2019-03-05 with the court.", date(2019, 3, 5)),
        ("February 2018: Elon resigned as co-chair", Month(2018, 2)),
        ("**Sept. 2017** was when the talks broke down", Month(2017, 9)),
        ("Summer 2017: We and Elon agreed", Year(2017)),
        ("Early 2017: Our research progress", Year(2017)),
        ("In 2018, Musk left the board.", Year(2018)),
        # what it does not speak of, or does not say
        ("Musk departed OpenAI in 2018 and recently announced xAI.", None),
        ("Elon demanded equity. On September 4, 2017, Shivon wrote", None),
        ("In a March episode of the podcast", None),
        ("From 2015 - 2017 the lab grew.", None),
        ("February 30, 2018 is no day", None),
        ("", None),
    ],
)
def test_the_date_a_passage_speaks_of(text, spoken):
    found = stated_date(text)
    assert found == spoken and type(found) is type(spoken)


def test_months_and_years_say_no_more_than_the_text():
    assert Month(2018, 2).isoformat() == "2018-02" and str(Year(2017)) == "2017"
    for value in (Month(2018, 2), Year(2017)):
        assert pickle.loads(pickle.dumps(value)) == value  # workers pass units pickled
        assert type(pickle.loads(pickle.dumps(value))) is type(value)
    unit = Unit("x", "paragraph", "s", "t", None, None, (), (), Month(2018, 2), "w", 1, 1)
    back = Unit.from_dict(json.loads(json.dumps(unit.to_dict())))
    assert back.date == Month(2018, 2) and type(back.date) is Month


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Archive:
    return Archive(CORPUS, tmp_path_factory.mktemp("prose") / "index")


def test_a_paragraph_is_found_by_the_month_it_speaks_of(archive):
    found = archive.search("date:2018-02 resigned", limit=None)
    assert any(hit.text.startswith("February 2018: Elon resigned") for hit in found)
    resigned = next(hit for hit in found if hit.text.startswith("February 2018: Elon resigned"))
    assert resigned.date == Month(2018, 2) and resigned.published.year == 2024
    # a month is not a day
    days = archive.search("date:2018-02-01 resigned", limit=None)
    assert resigned.id not in {hit.id for hit in days}
    assert resigned.id in {hit.id for hit in archive.search("date:2018 resigned", limit=None)}


def test_the_timeline_counts_prose_in_the_years_it_tells_of(archive):
    years = dict(archive.timeline("for-profit kind:paragraph"))
    assert years["2017"] >= 5  # the "Summer 2017" and "Fall 2017" sections
    assert years.get("2024", 0) <= 2  # the page's own introduction only


def test_a_paragraph_naming_no_date_keeps_the_pages(archive):
    units = [unit for unit, _ in archive.read_units() if unit.source == PAGE]
    latest = next(unit for unit in units if unit.text.startswith("Elon Musk’s latest legal"))
    assert latest.date == latest.published and latest.published.year == 2024
    on_day = next(unit for unit in units if unit.text.startswith("On June 13, 2017"))
    assert on_day.date == date(2017, 6, 13) and on_day.published == latest.published
    # under "Fall 2017: …", a paragraph that names no date of its own is of 2017
    weeks = next(unit for unit in units if unit.text.startswith("Over the next six weeks"))
    assert weeks.date == Year(2017)


PAGE_HTML = """<!doctype html><html><head><title>Lab notes</title>
<meta property="article:published_time" content="2021-05-04T09:00:00Z">
{meta}
</head><body><nav>Home | About</nav><article>
<h1>How the lab was funded</h1>
<p>The endowment paid for the first telescopes, and the university matched every grant that
the observatory won over its first decade of operation, a rare arrangement then.</p>
</article></body></html>"""


@pytest.mark.parametrize(
    "meta",
    [
        '<meta name="author" content="Jane Doe">',
        '<meta name="byl" content="By Jane Doe">',
        '<meta property="article:author" content="https://example.org/jane">'
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "author": [{"@type": "Person", "name": "Jane  Doe"}]}</script>',
    ],
)
def test_a_saved_pages_author_and_date_come_from_its_metadata(tmp_path, meta):
    corpus = tmp_path / "pages"
    corpus.mkdir()
    (corpus / "lab.html").write_text(PAGE_HTML.format(meta=meta), "utf-8")
    archive = Archive(corpus)
    (hit,) = archive.search('author:"jane doe" telescopes')
    assert hit.author == "Jane Doe" and hit.published.date() == date(2021, 5, 4)
    assert archive.search("author:smith").total == 0
