"""The splitter on the bundled corpus: every email, read off the documents by hand."""

from __future__ import annotations

from datetime import date, datetime
from itertools import pairwise

import pytest

from searchkit.corpus import read_units
from searchkit.present import subject_shown, unit_text
from searchkit.units import REDACTED, Unit, is_inferred

from .conftest import ARTICLE, CORPUS, PAGE

R = REDACTED
ELON, SAM, ILYA, GREG, SHIVON = (
    "Elon Musk",
    "Sam Altman",
    "Ilya Sutskever",
    "Greg Brockman",
    "Shivon Zilis",
)

# (first line, sender, to, cc, date, subject, quoted in the email on line…), in document order.
# Written by reading 001_e4abe99dc77dc7d1.txt, not by running the splitter (the recipients of
# lines 48 and 470, quotes whose heads name none, are who replied quoting them, their subjects
# the reply's less its `Re:`: `inferred`).
EMAILS = [
    (39, ELON, [SAM], [], datetime(2015, 11, 20, 12, 29), "Re: AI docs", None),
    (48, SAM, [ELON], [], datetime(2015, 11, 20, 11, 48), "AI docs", 39),
    (74, ELON, [ILYA], [GREG, SAM], datetime(2016, 2, 19, 0, 5), "Re: Followup thoughts", None),
    (89, ILYA, [ELON], [GREG, SAM], datetime(2016, 2, 19, 10, 28), "Re: Followup thoughts", None),
    (99, ILYA, [GREG, R, ELON], [], datetime(2017, 6, 12, 22, 39), "Bi-weekly updates", None),
    (144, ELON, [ILYA], [GREG, R], datetime(2017, 6, 12, 22, 52), "Bi-weekly updates", None),
    (150, ELON, [ILYA], [GREG, R], datetime(2017, 6, 13, 10, 24), "Bi-weekly updates", None),
    (
        156,
        ILYA,
        [ELON, GREG],
        [],
        datetime(2017, 7, 12, 13, 36),
        "The business of building AGI",
        None,
    ),
    (
        208,
        ELON,
        [GREG, ILYA],
        [],
        datetime(2017, 7, 21, 3, 34),
        "Beijing Wants A.I. to Be Made in China by 2030 - NYTimes.com",
        None,
    ),
    (
        216,
        GREG,
        [ELON],
        [ILYA],
        datetime(2017, 7, 21, 13, 18),
        "Beijing Wants A.I. to Be Made in China by 2030 - NYTimes.com",
        None,
    ),
    (
        229,
        ELON,
        [GREG],
        [ILYA, R],
        datetime(2017, 7, 21, 13, 18),
        "Beijing Wants A.I. to Be Made in China by 2030 - NYTimes.com",
        None,
    ),
    (
        238,
        ELON,
        [GREG, ILYA, SAM],
        [R, SHIVON],
        datetime(2017, 8, 11, 21, 17),
        "Tomorrow afternoon",
        None,
    ),
    (258, ELON, [ILYA], [GREG], datetime(2017, 9, 13, 0, 40), "Re: Current State", None),
    (301, ILYA, [ELON, SAM, GREG], [], datetime(2017, 9, 20, 14, 8), "Honest Thoughts", None),
    (
        345,
        ELON,
        [ILYA],
        [SAM, GREG, R, SHIVON],
        datetime(2017, 9, 20, 14, 17),
        "Honest Thoughts",
        None,
    ),
    (
        355,
        ELON,
        [ILYA],
        [SAM, GREG, R, SHIVON],
        datetime(2017, 9, 20, 14, 17),
        "Honest Thoughts",
        None,
    ),
    (
        361,
        SAM,
        [ELON, ILYA],
        [GREG, R, SHIVON],
        datetime(2017, 9, 20, 14, 17),
        "Honest Thoughts",
        None,
    ),
    (
        379,
        ELON,
        [GREG, ILYA, SAM],
        [R, SHIVON],
        datetime(2018, 1, 31, 14, 2),
        "Fwd: Top AI institutions today",
        None,
    ),
    (
        392,
        GREG,
        [ELON],
        [ILYA, SAM, R, SHIVON],
        datetime(2018, 1, 31, 22, 56),
        "Fwd: Top AI institutions today",
        None,
    ),
    (461, ELON, [SAM], [], datetime(2018, 12, 17, 15, 47), "Re: OpenAI update", None),
    (470, SAM, [ELON], [], datetime(2018, 12, 17, 15, 42), "OpenAI update", 461),
    (
        495,
        ELON,
        [ILYA, GREG],
        [SAM, SHIVON],
        datetime(2018, 12, 26, 12, 7),
        "I feel I should reiterate",
        None,
    ),
]


@pytest.fixture(scope="module")
def page() -> list[Unit]:
    result = read_units(CORPUS / PAGE, PAGE)
    assert result.problems == ()
    return list(result.units)


@pytest.fixture(scope="module")
def article() -> list[Unit]:
    return list(read_units(CORPUS / ARTICLE, ARTICLE).units)


def emails(units: list[Unit]) -> list[Unit]:
    return [unit for unit in units if unit.kind == "email"]


def test_every_email_has_its_sender_recipients_date_and_subject(page):
    found = emails(page)
    by_line = {unit.line_start: unit for unit in found}
    assert [unit.line_start for unit in found] == [row[0] for row in EMAILS]
    for line, sender, to, cc, when, subject, quoted_in in EMAILS:
        unit = by_line[line]
        assert (unit.sender, list(unit.to), list(unit.cc)) == (sender, to, cc), line
        assert unit.date == when, line
        assert unit.subject == subject, line
        expected_outer = by_line[quoted_in].id if quoted_in else None
        assert unit.quoted_in == expected_outer, line


def test_quoted_reply_is_cut_out_of_the_outer_email(page):
    outer, quoted = emails(page)[:2]
    assert outer.text.endswith(
        "Probably better to have a standard C corp with a parallel nonprofit."
    )
    assert "Board of Directors" not in outer.text
    assert quoted.text.startswith("Elon–\n\nPlan is to have you, me, and Ilya")
    assert quoted.text.endswith("Sam")
    assert "wrote:" not in quoted.text
    assert (outer.line_start, outer.line_end, quoted.line_start, quoted.line_end) == (
        39,
        46,
        48,
        60,
    )


def test_messages_of_one_block_are_separate_units(page):
    thoughts = [unit for unit in emails(page) if unit.subject == "Honest Thoughts"]
    assert len(thoughts) == 4  # the page says "4 emails"
    assert thoughts[1].text == (
        "Guys, I’ve had enough. This is the final straw.\n\n"
        "Either go do something on your own or continue with OpenAI as a nonprofit. I will no "
        "longer fund OpenAI until you have made a firm commitment to stay or I’m just being a "
        "fool who is essentially providing free funding for you to create a startup.\n\n"
        "Discussions are over."
    )
    assert len({unit.thread for unit in thoughts}) == 1


def test_a_block_without_subject_continues_the_thread_before_it(page):
    updates = [unit for unit in emails(page) if unit.subject == "Bi-weekly updates"]
    assert len(updates) == 3  # the page says "3 emails", across a === line
    assert len({unit.thread for unit in updates}) == 1


# The heads of the page with no subject line of their own, read off the page by hand: each
# stands right under another message (no prose between), whose subject it is given.
CARRIED = [89, 144, 150, 216, 229, 345, 355, 361, 392]


def test_a_subject_carried_from_the_message_above_is_marked_inferred(page):
    """Greg's reply on line 392 has no subject line: "Fwd: Top AI institutions today" is
    Elon's, above it. It is given, and marked; a head's own subject line never is."""
    lines = (CORPUS / PAGE).read_text(encoding="utf-8").splitlines()
    outer = [unit for unit in emails(page) if not unit.quoted_in]
    carried = [unit for unit in outer if is_inferred(unit, "subject")]
    assert [unit.line_start for unit in carried] == CARRIED
    for above, unit in pairwise(outer):
        # its head (the subject line above `From:`, or `Subject:` in it) names its subject
        own = any(unit.subject in text for text in lines[unit.line_start - 1 : unit.line_start + 5])
        assert own == (unit.line_start not in CARRIED), unit.line_start
        if own:
            assert unit.inferred is None and "(inferred)" not in subject_shown(unit)
        else:
            assert unit.subject == above.subject, unit.line_start  # as the page shows it
            assert unit.inferred == "subject: from the message above it on the page"
            assert subject_shown(unit) == f"{unit.subject} (inferred)"
            assert not is_inferred(unit, "to")
    greg = next(unit for unit in outer if unit.line_start == 392)
    assert "\nSubject: Fwd: Top AI institutions today (inferred)\n" in unit_text(greg)


def test_email_text_is_clean(page):
    for unit in emails(page):
        for marker in ("From:", "Date:", "To:", "Cc:", "===", "█", "<redacted>", "**", "####"):
            assert marker not in unit.text, (unit.line_start, marker)
    update = next(unit for unit in emails(page) if unit.line_start == 99)
    assert "TLDR: What matters is the size and speed" in update.text
    assert "Dota 2:" in update.text  # a level-4 heading inside the email stays in its body
    assert update.text.rstrip().endswith(
        "Updates to be presented as they produce significant results."
    )


def test_redactions_fold_to_one_marker(page):
    greg = next(unit for unit in emails(page) if unit.line_start == 216)
    assert f"Government project (when: ??)\n{REDACTED}\n\n-gdb" in greg.text
    elon = next(unit for unit in emails(page) if unit.line_start == 238)
    assert elon.text.startswith(f"{REDACTED} Are you guys able to meet")


def test_heading_ends_an_email_and_prose_resumes(page):
    agi = next(unit for unit in emails(page) if unit.line_start == 156)
    assert agi.line_end == 194
    after = next(unit for unit in page if unit.line_start == 196)
    assert after.kind == "paragraph"
    assert after.section.startswith("Summer 2017: We and Elon agreed")


def test_prose_becomes_paragraphs_with_section_and_page_date(page):
    paragraphs = [unit for unit in page if unit.kind == "paragraph"]
    assert all(unit.published == datetime(2024, 12, 4, 14, 44) for unit in paragraphs)
    sue = next(unit for unit in paragraphs if "You can’t sue your way to AGI" in unit.text)
    assert sue.section == "Timeline of events"
    assert (sue.line_start, sue.line_end) == (33, 33)
    items = [unit for unit in paragraphs if 16 <= unit.line_start <= 27]
    assert len(items) == 12  # one unit per list item
    assert items[0].text == "November 2015: OpenAI started as a nonprofit, which Elon questioned"
    caption = next(unit for unit in paragraphs if unit.line_start == 31)
    assert caption.text == "elon setup a new openai structure in Sept 15, 2017"
    heading = next(unit for unit in paragraphs if unit.line_start == 453)
    assert heading.text == heading.section == "February 2018: Elon resigned as co-chair of OpenAI"


def test_front_matter_is_not_a_unit(page):
    assert min(unit.line_start for unit in page) == 10
    assert not any("layout: page" in unit.text for unit in page)


def test_article_paragraphs_carry_the_first_line_date(article):
    assert len(article) == 31  # one paragraph per line
    assert all(unit.kind == "paragraph" and unit.published == date(2023, 8, 27) for unit in article)
    # the one that says what it speaks of: "… a statement … from December 11, 2015."
    assert [unit.date for unit in article if unit.date != unit.published] == [date(2015, 12, 11)]
    assert article[0].text == "OpenAI CEO Sam Altman and Elon Musk have a long history."
    assert article[0].line_start == 1


def test_ids_are_unique_and_stable(page, article):
    ids = [unit.id for unit in page + article]
    assert len(ids) == len(set(ids))
    again = read_units(CORPUS / PAGE, PAGE).units
    assert [unit.id for unit in again] == [unit.id for unit in page]


def test_a_quoted_message_went_to_whoever_replied_quoting_it_and_says_so():
    """`On Dec 17, 2018, at 3:42 PM, Sam Altman wrote:` under Elon's reply names no
    recipient nor subject: Elon received it, about what his reply is about. Both are given,
    and marked as inferred."""
    units = {unit.id: unit for unit in read_units(CORPUS / PAGE, PAGE).units}
    quoted = [unit for unit in units.values() if is_inferred(unit, "to")]
    assert quoted and all(unit.quoted_in for unit in quoted)
    for unit in quoted:
        carrier = units[unit.quoted_in]
        assert unit.to == (carrier.sender,) and unit.inferred == (
            f"to: {carrier.sender} replied quoting it; subject: from the message quoting it"
        )
        assert carrier.subject == f"Re: {unit.subject}"
    # a quote whose head names its recipients keeps them, inferring them not (an inferred
    # recipient's address is the replier's: here blacked out)
    headed = [unit for unit in units.values() if set(unit.to_addresses) - {REDACTED}]
    assert not any(is_inferred(unit, "to") for unit in headed)
