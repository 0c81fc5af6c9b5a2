"""Phrases are the words as written (stop words and compounds in them), compounds are found
however they are spelled, and a small relevance set of the bundled corpus ranks right."""

from __future__ import annotations

import pytest

from searchkit import Archive
from searchkit.query.compounds import both_spellings

from .conftest import CORPUS, PAGE


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Archive:
    return Archive(CORPUS, tmp_path_factory.mktemp("phrases") / "index")


@pytest.mark.parametrize(
    "phrase",
    [
        '"research non-profit"',  # gdb: "AI research non-profit (through end of 2017)"
        '"AI research non-profit"',
        '"non-profit (through end"',
        '"research nonprofit"',  # the compound as one word, the text hyphenated
        '"Elon’s terms"',
    ],
)
def test_a_phrase_holding_a_compound_finds_it(bundled, phrase):
    assert bundled.search(phrase).total >= 1, phrase


@pytest.fixture()
def folder(tmp_path):
    corpus = tmp_path / "notes"
    corpus.mkdir()
    texts = {
        "exact.txt": "The board of directors met on Monday to vote.",
        "other.txt": "A letter went from the board for directors of partner firms.",
        "apart.txt": "We need better cyber security for the e mail servers.",
        "joined.txt": "Our cybersecurity team reviewed the email gateway.",
        "hyphen.txt": "Cyber-security audits read every e-mail twice.",
        "decoy.txt": "The rapist was convicted. A re search of the archive found nothing.",
    }
    for name, text in texts.items():
        (corpus / name).write_text(text + "\n", "utf-8")
    return corpus


def sources(archive: Archive, query: str) -> set[str]:
    return {hit.source for hit in archive.search(query, limit=None)}


def test_the_small_words_of_a_phrase_are_its_words(folder):
    archive = Archive(folder)
    assert sources(archive, '"board of directors"') == {"exact.txt"}
    assert sources(archive, '"board for directors"') == {"other.txt"}
    # unquoted, the small words are dropped: both say board and directors
    assert sources(archive, "board of directors") == {"exact.txt", "other.txt"}
    assert archive.search("the").total == 0 and "too common" in archive.search("the").explanation


@pytest.mark.parametrize(
    "query",
    ["cybersecurity", "cyber security", '"cyber security"', "cyber-security", '"cybersecurity"'],
)
def test_a_compound_is_found_however_it_is_spelled(folder, query):
    assert sources(Archive(folder), query) == {"apart.txt", "joined.txt", "hyphen.txt"}


@pytest.mark.parametrize("query", ["email", "e-mail", "e mail", '"e mail"'])
def test_email_e_mail_and_e_mail_apart_are_one_word(folder, query):
    assert sources(Archive(folder), query) == {"apart.txt", "joined.txt", "hyphen.txt"}


def test_a_word_is_split_only_into_words_of_the_corpus_and_never_a_stop_word(folder):
    archive = Archive(folder)
    assert sources(archive, "therapist") == set()  # not "the rapist"
    assert sources(archive, "research") == set()  # not "re search": two letters are no word
    known = {"cyber", "security", "e", "mail", "team", "fund", "ing"}.__contains__
    side_by_side = {("cyber", "security")}.__contains__

    def adjacent(first: str, second: str) -> bool:
        return side_by_side((first, second))

    assert both_spellings("cybersecurity team", known, adjacent) == (
        '(cybersecurity OR "cyber security") team'
    )
    assert both_spellings("funding", known, adjacent) == "funding"  # never written `fund ing`
    fielded = 'subject:"honest cybersecurity thoughts" team'  # a field's phrase stays whole
    assert both_spellings(fielded, known, adjacent) == fielded
    assert both_spellings("from:jane cybersecurity", known, adjacent) == (
        'from:jane (cybersecurity OR "cyber security")'
    )
    assert both_spellings("NOT cyber security", {"cybersecurity"}.__contains__, adjacent) == (
        "NOT cyber security"
    )


#: (query, the line of the bundled page where the unit that must rank first starts)
RELEVANCE = [
    ("discussions are over", 345),  # Elon's "Honest Thoughts" reply
    ("Cerebras Tesla", 301),  # Ilya's "Honest Thoughts"
    ("probability assessment DeepMind", 495),  # "I feel I should reiterate"
    ("Beijing 2030", 208),  # Elon forwards the NYTimes article
    ('"research non-profit"', 216),  # gdb's reply
    ("Sutskever hardware exponentially", 156),  # "The business of building AGI"
    ("Dota 1v1", 236),
    ("goodbye all-hands", 455),
    ("majority equity", 251),
    ("board structure unequivocally", 256),
    ("spin into Tesla", 371),
    ("open letter pause", 529),
    ("billions per year immediately", 457),
    ("Elon resigned as co-chair", 24),
]


@pytest.mark.parametrize(("query", "line"), RELEVANCE)
def test_the_right_unit_ranks_first(bundled, query, line):
    first = bundled.search(query, limit=1)[0]
    assert (first.source, first.line_start) == (PAGE, line), (query, first.text[:80])


@pytest.mark.parametrize("query", ["hovercraft", "from:ilya hovercraft", "Zuck cage match"])
def test_questions_the_corpus_cannot_answer_come_back_empty(bundled, query):
    results = bundled.search(query)
    assert results.total == 0 and results.explanation
