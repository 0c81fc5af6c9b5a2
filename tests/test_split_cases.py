"""The splitter and readers on small fixtures written for each tricky case."""

from __future__ import annotations

import textwrap
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from searchkit.corpus import read_units
from searchkit.dates import parse_date
from searchkit.people import Person, parse_people
from searchkit.readers import EMAIL, HTML, MARKDOWN, MBOX, TEXT, sniff_format
from searchkit.units import REDACTED

from .conftest import FIXTURES


def units_of(tmp_path: Path, name: str, content: str | bytes):
    path = tmp_path / name
    if isinstance(content, str):
        content = textwrap.dedent(content).lstrip("\n").encode("utf-8")
    path.write_bytes(content)
    return read_units(path, name)


# -- dates and names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fri, Nov 20, 2015 at 12:29 PM", datetime(2015, 11, 20, 12, 29)),
        ("Mon, 17 Dec 2018 at 15:47", datetime(2018, 12, 17, 15, 47)),
        ("Fri, Feb 19, 2016, at 10:28 AM", datetime(2016, 2, 19, 10, 28)),
        ("2024-12-04 14:44:00", datetime(2024, 12, 4, 14, 44)),
        ("2023-08-27", date(2023, 8, 27)),
        (
            "Wed, 3 Mar 2021 10:00:00 +0100",
            datetime(2021, 3, 3, 10, 0, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("Monday, March 01, 2021 8:00 AM", datetime(2021, 3, 1, 8, 0)),
        ("Tuesday, March 5, 2019 4:12 PM", datetime(2019, 3, 5, 16, 12)),  # Outlook's Sent:
        ("2023-08-27T09:00:00Z", datetime(2023, 8, 27, 9, 0, tzinfo=timezone.utc)),
        ("Feb 19, 2016", date(2016, 2, 19)),  # a day, not its midnight
        ("dg., ag. 01 2021", None),  # Catalan: dateutil would make it January 1
        ("Tuesday, March 05, 2019 12:30 AM", datetime(2019, 3, 5, 0, 30)),
        ("Tuesday, March 05, 2019 12:30 PM", datetime(2019, 3, 5, 12, 30)),
        ("5 Mar 2019 4:12 p.m.", datetime(2019, 3, 5, 16, 12)),
        ("sometime next week", None),
        ("March 3", None),  # no year: refused rather than guessed
        ("", None),
    ],
)
def test_dates_in_every_form(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("header", "people"),
    [
        ("Elon Musk <redacted>", [Person("Elon Musk", REDACTED)]),
        ("<redacted>", [Person(REDACTED)]),
        (
            "<redacted> <redacted>, Shivon Zilis <redacted>",
            [Person(REDACTED), Person("Shivon Zilis", REDACTED)],
        ),
        ('"Musk, Elon" <Elon@Example.com>', [Person("Elon Musk", "elon@example.com")]),
        (
            "Port, David; 'x@example.com'; Allen, Phillip K.",
            [
                Person("David Port"),
                Person("x@example.com", "x@example.com"),
                Person("Phillip K. Allen"),
            ],
        ),
        ("gdb@example.com", [Person("gdb@example.com", "gdb@example.com")]),
        ("Charles Babbage, Ada Lovelace", [Person("Charles Babbage"), Person("Ada Lovelace")]),
        ("Ada Lovelace [mailto:ada@example.org]", [Person("Ada Lovelace", "ada@example.org")]),
        ("Tim O'Rourke/HOU/ECT@ECT", [Person("Tim O'Rourke")]),
        ("undisclosed-recipients:;", []),
    ],
)
def test_people_in_headers(header, people):
    assert parse_people(header) == people


# -- formats ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("page.txt", b"---\ntitle: x\n---\n# Heading\n", MARKDOWN),
        ("notes.txt", b"Just some words.\nAnd more.\n", TEXT),
        ("saved.txt", b"<!DOCTYPE html><html><body>x</body></html>", HTML),
        ("msg_01.txt", b"Return-Path: <a@b>\nFrom: a@b\nSubject: hi\n\nbody\n", EMAIL),
        ("folder", b"From a@b Thu Jan  1 00:00:00 2015\nFrom: a@b\n\nx\n", MBOX),
        ("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0", None),
        ("note.md", b"A line.\n", MARKDOWN),
    ],
)
def test_format_comes_from_the_content(name, head, expected):
    assert sniff_format(Path(name), head) == expected


def test_html_keeps_visible_text_and_blocks():
    result = read_units(FIXTURES / "letters.html", "letters.html")
    assert result.problems == ()
    texts = [unit.text for unit in result.units]
    assert texts[:4] == [
        "Letters of the Board",
        "The board met in March and wrote to the founders.",
        "First point of order",
        "Second point of order",
    ]
    assert not any("secret" in text or "color" in text or "Enable" in text for text in texts)
    letter = next(unit for unit in result.units if unit.kind == "email")
    assert (letter.sender, letter.sender_address, letter.to) == (
        "Ada Lovelace",
        "ada@example.org",
        ("Charles Babbage",),
    )
    assert letter.text == "Dear Charles, the analytical engine weaves algebraic patterns."
    assert result.units[0].date == date(2021, 3, 4)
    assert result.units[1].line_start == 11
    assert result.units[2].section == "Letters of the Board"


def test_eml_headers_body_quote_and_attachment():
    reply, quoted = read_units(FIXTURES / "reply.eml", "reply.eml").units
    assert reply.sender == "Adá Lovelace"  # RFC 2047 encoded word decoded
    assert reply.subject == "Re: Engine détails"
    assert reply.to == ("Charles Babbage", REDACTED)
    assert reply.to_addresses == ("charles@example.org",)
    assert reply.cc == ("Mary Somerville",) and reply.cc_addresses == ("mary@example.org",)
    assert reply.date == datetime(2021, 3, 3, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    assert reply.message_id == "<reply-1@example.org>"
    assert reply.thread == "root-1@example.org"
    assert reply.attachments == ("notes.pdf",)
    assert reply.text == "The engine weaves algebraic patterns, charmant étre."  # base64 decoded
    assert (quoted.sender, quoted.sender_address) == ("Charles Babbage", "charles@example.org")
    assert quoted.quoted_in == reply.id
    assert quoted.text == "How does the engine compute Bernoulli numbers?\nI am curious."
    assert quoted.date == datetime(2021, 3, 2, 9, 15)


def test_mbox_messages_charsets_and_outlook_quotes():
    first, reply, original = read_units(FIXTURES / "archive.mbox", "archive.mbox").units
    assert (first.line_start, first.subject, first.date.year) == (2, "First", 2021)  # not 2015
    assert reply.text == "A reply with café in it."  # quoted-printable latin-1
    assert reply.thread == first.thread == "first@example.org"
    assert original.quoted_in == reply.id
    assert (original.sender, original.sender_address) == ("Ada Lovelace", "ada@example.org")
    assert original.date == datetime(2021, 3, 1, 8, 0)
    assert original.text == "The first message of the archive, quoted by Outlook."


# -- the splitter's cases -----------------------------------------------------------------------

BLOCKS = """
    ---
    title: Threads
    date: 2020-05-06
    ---

    ## Part one

    Some narrative before the emails.

    ===
    Plans
    2 emails
    From: Ann Able <redacted>
    Date: Mon, May 4, 2020 at 9:00 AM
    To: Bob Baker <redacted>, <redacted>
    First message **body** with a [link](https://example.org).

    From: Bob Baker <redacted>
    Date: Mon, May 4, 2020 at 10:30 AM
    To: Ann Able <redacted>
    Reply body ██████ ████ end.

    On Mon, May 4, 2020 at 9:00 AM Ann Able <redacted> wrote:
    First message again.
    ===

    Between the blocks.

    Fwd: Old news
    ---------- Forwarded message ---------
    From: Cy Cole <cy@example.org>
    Date: Sun, 3 May 2020 08:00:00 -0400
    To: Ann Able <ann@example.org>
    The forwarded text.
    ===
"""


@pytest.fixture()
def blocks(tmp_path):
    return units_of(tmp_path, "threads.txt", BLOCKS).units


def test_two_messages_in_a_block_each_with_headers(blocks):
    ann, bob, quoted, cy = [unit for unit in blocks if unit.kind == "email"]
    assert (ann.sender, ann.to, ann.subject) == ("Ann Able", ("Bob Baker", REDACTED), "Plans")
    assert ann.text == "First message body with a link."
    assert (bob.sender, bob.date, bob.subject) == (
        "Bob Baker",
        datetime(2020, 5, 4, 10, 30),
        "Plans",
    )
    assert bob.text == f"Reply body {REDACTED} end."
    assert ann.thread == bob.thread
    # Bob's head has no subject line: "Plans" is the one above his, and said to be
    assert ann.inferred is None
    assert bob.inferred == "subject: from the message above it on the page"


def test_gmail_attribution_without_comma_is_a_quote(blocks):
    _, bob, quoted, _ = [unit for unit in blocks if unit.kind == "email"]
    assert (quoted.sender, quoted.date) == ("Ann Able", datetime(2020, 5, 4, 9, 0))
    assert quoted.quoted_in == bob.id and quoted.text == "First message again."
    # what the quote infers, field by field, in one string
    assert quoted.inferred == (
        "to: Bob Baker replied quoting it; subject: from the message quoting it"
    )


def test_forwarded_message_after_prose_is_a_message(blocks):
    cy = [unit for unit in blocks if unit.kind == "email"][-1]
    assert (cy.sender, cy.sender_address, cy.subject, cy.quoted_in) == (
        "Cy Cole",
        "cy@example.org",
        "Fwd: Old news",
        None,
    )
    assert cy.to_addresses == ("ann@example.org",)
    assert cy.text == "The forwarded text."


def test_prose_between_blocks_is_paragraphs(blocks):
    paragraphs = [unit.text for unit in blocks if unit.kind == "paragraph"]
    assert paragraphs == ["Part one", "Some narrative before the emails.", "Between the blocks."]
    assert all(unit.date == date(2020, 5, 6) for unit in blocks if unit.kind == "paragraph")


def test_forward_inside_an_open_email_is_quoted_in_it(tmp_path):
    units = units_of(
        tmp_path,
        "fwd.txt",
        """
        ===
        From: Ann Able <ann@example.org>
        Date: Tue, 5 May 2020 10:00:00 +0000
        To: Bob Baker <bob@example.org>
        See below.
        ---------- Forwarded message ---------
        From: Cy Cole <cy@example.org>
        Date: Sun, 3 May 2020 08:00:00 +0000
        To: Ann Able <ann@example.org>
        The original.
        ===
        """,
    ).units
    outer, inner = units
    assert outer.text == "See below."
    assert inner.quoted_in == outer.id and inner.sender == "Cy Cole"


def test_hard_wrapped_plain_text_joins_lines_into_paragraphs(tmp_path):
    units = units_of(
        tmp_path,
        "wrapped.txt",
        """
        This paragraph was wrapped by a mail client at seventy-two columns,
        so its lines belong together.

        A second paragraph.
        """,
    ).units
    assert [unit.text for unit in units] == [
        "This paragraph was wrapped by a mail client at seventy-two columns,\n"
        "so its lines belong together.",
        "A second paragraph.",
    ]
    assert (units[0].line_start, units[0].line_end) == (1, 2)


# -- bad input -------------------------------------------------------------------------------------


def test_binary_file_is_skipped_with_a_reason(tmp_path):
    result = units_of(tmp_path, "photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    assert result.units == ()
    assert [str(problem) for problem in result.problems] == ["photo.txt: binary file, skipped"]


def test_wrong_encoding_is_decoded_with_replacement_and_reported(tmp_path):
    result = units_of(tmp_path, "latin.txt", "Caf\xe9 au lait, the board met.\n".encode("latin-1"))
    assert result.units[0].text == "Caf\ufffd au lait, the board met."
    assert "not valid UTF-8" in str(result.problems[0])
    assert "latin.txt" in str(result.problems[0])


def test_unreadable_file_is_reported(tmp_path):
    result = read_units(tmp_path / "missing.txt", "missing.txt")
    assert result.units == ()
    assert "missing.txt: cannot read" in str(result.problems[0])


def test_broken_mail_never_raises(tmp_path):
    garbage = b"From: \xff\xfe\nSubject: =?bogus?q?x?=\nDate: yesterday\nContent-Type: text/plain; charset=nonexistent\n\n\xff\xfe body\n"
    result = units_of(tmp_path, "broken.eml", garbage)
    assert len(result.units) == 1
    assert result.units[0].date is None
    assert "body" in result.units[0].text


def test_markdown_bold_headers_are_headers(tmp_path):
    units = units_of(
        tmp_path,
        "export.md",
        """
        # Letters

        **From:** Ada Lovelace <ada@example.org>
        **Date:** Tue, 2 Mar 2021 09:15:00 +0000
        **To:** Charles Babbage <charles@example.org>
        **Subject:** Engines

        Dear Charles, the engine weaves.
        """,
    ).units
    letter = units[-1]
    assert (letter.kind, letter.sender, letter.to, letter.subject) == (
        "email",
        "Ada Lovelace",
        ("Charles Babbage",),
        "Engines",
    )
    assert letter.text == "Dear Charles, the engine weaves."


OUTLOOK_BLOCK = """\
    Notes before the thread.

    From: Doe, Jane <jane@x.org>
    Sent: Tuesday, March 5, 2019 4:12 PM
    To: Patel, Raj; Smith, Anna <anna@x.org>
    Cc: Patel, Raj
    Subject: Budget review
    Attachments: budget.xlsx; notes.docx
    Importance: High

    Raj, please look at the numbers before Friday.
    """


@pytest.mark.parametrize("start", ["", "Notes before the thread.\n\n"])
def test_outlook_blocks_read_as_outlook_means_them(tmp_path, start):
    text = textwrap.dedent(OUTLOOK_BLOCK).split("\n\n", 1)[1]  # from `From:` on
    result = units_of(tmp_path, "printout.txt", start + text)  # alone, it sniffs as mail
    (email,) = [unit for unit in result.units if unit.kind == "email"]
    assert email.sender == "Jane Doe" and email.sender_address == "jane@x.org"
    assert email.date == datetime(2019, 3, 5, 16, 12)  # PM is afternoon
    assert email.to == ("Raj Patel", "Anna Smith") and email.cc == ("Raj Patel",)
    assert email.attachments == ("budget.xlsx", "notes.docx")
    assert email.text == "Raj, please look at the numbers before Friday."


def test_a_comma_list_of_names_outside_outlook_is_several_people(tmp_path):
    result = units_of(
        tmp_path,
        "page.md",
        """\
        From: Elon Musk
        Date: Sep 20, 2017
        To: Ilya, Greg

        Guys.
        """,
    )
    assert result.units[0].to == ("Ilya", "Greg")  # Date:, not Sent: no Last, First reading


def test_envelope_lines_start_messages_in_every_form():
    units = read_units(FIXTURES / "envelopes.md", "envelopes.md").units
    emails = [unit for unit in units if unit.kind == "email"]
    assert [(e.sender, e.to, e.cc, e.date, e.subject) for e in emails] == [
        ("Elon Musk", ("Sam Altman",), (), datetime(2015, 11, 22, 8, 11), "AI docs"),
        (
            "Sam Altman",
            ("Elon Musk",),
            ("Greg Brockman",),
            datetime(2015, 11, 22, 10, 48),
            "AI docs",
        ),
        ("Greg Brockman", ("Elon Musk", "Ilya Sutskever"), (), date(2016, 2, 19), "AI docs"),
        (
            "Ilya Sutskever",
            ("Elon Musk", "Sam Altman", "Greg Brockman"),
            (),
            datetime(2017, 9, 20, 14, 8),
            "AI docs",
        ),
    ]
    assert emails[1].text == "Yes, the board will have five seats.\n\nElon,\nSam"
    assert emails[0].thread == emails[1].thread == "ai-docs"
    assert emails[2].text.startswith("Compensation numbers") and emails[3].line_start == 22
    prose = [unit.text for unit in units if unit.kind == "paragraph"]
    assert "The author explains the months that followed, to Paris and back." in prose
    assert not any("docs look good" in text for text in prose)


def test_a_foia_release_reads_exemption_codes_as_redactions(tmp_path):
    result = units_of(
        tmp_path,
        "release.txt",
        """\
        UNCLASSIFIED U.S. Department of State Case No. F-2020-01

        From : Smith, John (b)(6)
        Sent : Monday, May 4, 2020 3:05 PM
        To : (b)(6); Doe, Jane
        Subject : RE: masks

        Call (b)(6) about the (b)(7)(C) order. Ship by Friday.
        """,
    )
    (email,) = [unit for unit in result.units if unit.kind == "email"]
    # the exemption code stands where the address was: blacked out, not absent
    assert email.sender == "John Smith" and email.sender_address == REDACTED
    assert email.to == (REDACTED, "Jane Doe")
    assert email.date == datetime(2020, 5, 4, 15, 5) and email.subject == "RE: masks"
    assert email.text == f"Call {REDACTED} about the {REDACTED} order. Ship by Friday."


def test_a_saved_page_gives_its_article_only_and_its_files_folder_is_not_read():
    from searchkit.corpus import iter_corpus

    results = list(iter_corpus(FIXTURES / "saved"))
    assert [result.source for result in results] == ["Board_news.html"]
    texts = [unit.text for unit in results[0].units]
    assert texts[1].startswith("The board of the lab met on Friday")
    assert any("simulator work" in text for text in texts)
    for boilerplate in ("cookies", "World", "Most read", "Celebrity", "Subscribe", "Related"):
        assert not any(boilerplate in text for text in texts), boilerplate
    assert results[0].units[0].date == datetime(2023, 8, 27, 9, 0, tzinfo=timezone.utc)


def test_a_gmail_print_view_gives_its_messages():
    units = read_units(FIXTURES / "gmail_print.txt", "gmail_print.txt").units
    emails = [unit for unit in units if unit.kind == "email"]
    assert [(e.sender, e.sender_address, e.to, e.date, e.subject) for e in emails] == [
        (
            "Jane Doe",
            "jane.doe@gmail.com",
            ("Raj Patel",),
            datetime(2019, 3, 5, 16, 12),
            "Budget question",
        ),
        (
            "Raj Patel",
            "raj@example.org",
            ("Jane Doe",),
            datetime(2019, 3, 5, 17, 30),
            "Budget question",
        ),
    ]
    assert [e.text for e in emails] == ["Raj, can you confirm the budget?", "Confirmed."]
