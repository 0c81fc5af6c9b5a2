"""PDF releases: the emails of a printed thread found across pages, each unit citing its page,
page furniture dropped, pages without text counted, bad PDFs one line each."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit.corpus import read_units

fpdf = pytest.importorskip("fpdf")

THREAD = [
    [
        "From: Doe, Jane <jane@state.example>",
        "Sent: Tuesday, March 5, 2019 4:12 PM",
        "To: Patel, Raj; Smith, Anna",
        "Subject: RE: visa backlog",
        "",
        "Raj, the backlog numbers are attached. We need an answer on the",
        "consular staffing before the hearing.",
        "",
        "From: Patel, Raj <raj@state.example>",
        "Sent: Tuesday, March 5, 2019 9:02 AM",
        "To: Doe, Jane",
        "Subject: visa backlog",
        "",
        "Jane, can you send the latest backlog numbers for the committee?",
    ],
    [
        "From: Smith, Anna <anna@state.example>",
        "Sent: Wednesday, March 6, 2019 10:30 AM",
        "To: Doe, Jane; Patel, Raj",
        "Subject: RE: visa backlog",
        "",
        "The hearing moved to Thursday; staffing figures by Wednesday noon.",
    ],
    [],  # a scanned page: no text layer
]


def release(path: Path, pages: list[list[str]], *, password: str | None = None) -> Path:
    document = fpdf.FPDF()
    document.set_font("helvetica", size=11)
    document.set_auto_page_break(False)  # the footer stays on its page
    if password:
        document.set_encryption(owner_password="owner", user_password=password)
    for number, lines in enumerate(pages, start=1):
        document.add_page()
        if lines:  # running header, Bates number and page count on every page with text
            document.cell(0, 8, "UNCLASSIFIED U.S. Department of State Case No. F-2019-01234")
            document.ln()
            for line in lines:
                document.cell(0, 6, line)
                document.ln()
            document.set_y(-20)
            document.cell(0, 6, f"DOS-{1233 + number:07d}   Page {number} of {len(pages)}")
    document.output(str(path))
    return path


def test_a_printed_thread_in_a_pdf_gives_its_emails_with_their_pages(tmp_path):
    result = read_units(release(tmp_path / "release.pdf", THREAD + [THREAD[0][:0]]), "release.pdf")
    emails = [unit for unit in result.units if unit.kind == "email"]
    assert [(e.sender, e.date, e.page) for e in emails] == [
        ("Jane Doe", datetime(2019, 3, 5, 16, 12), 1),
        ("Raj Patel", datetime(2019, 3, 5, 9, 2), 1),
        ("Anna Smith", datetime(2019, 3, 6, 10, 30), 2),
    ]
    assert emails[0].to == ("Raj Patel", "Anna Smith") and emails[2].subject == "RE: visa backlog"
    assert "consular staffing before the hearing." in emails[0].text
    for unit in result.units:  # page furniture is no part of any unit
        assert (
            "UNCLASSIFIED" not in unit.text
            and "DOS-" not in unit.text
            and "Page 1" not in unit.text
        )
    assert [str(problem) for problem in result.problems] == [
        "release.pdf: 2 of 4 pages hold no text: blank, or text drawn as shapes"
    ]


def test_encrypted_and_broken_pdfs_are_one_line_each(tmp_path):
    locked = read_units(release(tmp_path / "locked.pdf", THREAD[:1], password="secret"), "l.pdf")
    assert locked.units == () and [p.message for p in locked.problems] == [
        "an encrypted PDF: cannot be read"
    ]
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj garbage\n%%EOF")
    broken = read_units(tmp_path / "broken.pdf", "b.pdf")
    assert broken.units == () and len(broken.problems) == 1
    assert broken.problems[0].message.startswith(("not a readable PDF", "unreadable"))


#: The moments of a release's messages, one a page.
_PAGES_MOMENTS = st.lists(
    st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2030, 12, 31)),
    min_size=2,
    max_size=4,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    _PAGES_MOMENTS,
    st.sampled_from(["%m/%d/%Y %I:%M %p", "%A, %B %d, %Y %I:%M %p", "%d/%m/%Y %H:%M"]),
    st.booleans(),
    st.sampled_from(["H <hrod17@clintonemail.com>", "Hollis, Dana <dhollis@brightwater.io>"]),
)
def test_a_release_of_one_message_a_page_from_one_sender_keeps_every_head(
    tmp_path, moments, form, same_recipient, sender
):
    """Each page starts with the same `From:` (and maybe `To:`), its `Sent:` differing only
    in its digits: what a release of "every email from X" looks like, a page each. No line of
    a head is page furniture; the banner, Bates number and page count are."""
    moments = sorted(moment.replace(second=0, microsecond=0) for moment in moments)
    if form.startswith("%d/") and all(moment.day <= 12 for moment in moments):
        return  # (no day tells the order: another test's)
    pages = [
        [
            f"From: {sender}",
            f"Sent: {moment:{form}}",
            "To: Abedin, Huma" if same_recipient else f"To: Person{number} Lund",
            f"Subject: item {number}",
            "",
            f"Words of message {number}.",
        ]
        for number, moment in enumerate(moments)
    ]
    emails = _released_emails(tmp_path, pages)
    assert [(e.date, e.page, e.subject) for e in emails] == [
        (moment, number + 1, f"item {number}") for number, moment in enumerate(moments)
    ]
    assert all("UNCLASSIFIED" not in e.text and "DOS-" not in e.text for e in emails)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    _PAGES_MOMENTS,
    st.sampled_from(["Gina McCarthy/R5/USEPA/US", "Richard Windsor/DC/USEPA/US", "Kay Mann/HOU/ECT"]),
    st.sampled_from(["", ":"]),
)
def test_a_release_of_one_officials_notes_memos_a_page_each_keeps_every_head(
    tmp_path, moments, writer, colon
):
    """Each page starts with the same Notes name in full over the memo's date (its digits
    are its office's), its labels under: no line of them is a page's furniture."""
    moments = sorted(moment.replace(second=0, microsecond=0) for moment in moments)
    pages = [
        [
            writer,
            f"{moment:%m/%d/%Y %I:%M %p}",
            f"To{colon} Bob Perciasepe/DC/USEPA/US@EPA",
            f"cc{colon}",
            f"Subject{colon} item {number}",
            "",
            f"Words of memo {number}.",
        ]
        for number, moment in enumerate(moments)
    ]
    emails = _released_emails(tmp_path, pages)
    assert [(e.sender, e.date, e.page, e.subject) for e in emails] == [
        (writer.partition("/")[0], moment, number + 1, f"item {number}")
        for number, moment in enumerate(moments)
    ]


def _released_emails(tmp_path, pages: list[list[str]]) -> list:
    """The emails read from a release of these pages (a file of its own for each draw)."""
    path = release(tmp_path / f"r{len(list(tmp_path.iterdir()))}.pdf", pages)
    return [unit for unit in read_units(path, path.name).units if unit.kind == "email"]


def test_a_truncated_pdf_is_one_line_naming_it_and_nothing_else_on_stderr(tmp_path):
    """(pypdf logs what it tries, `EOF marker not found`, naming no file.)"""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    whole = release(tmp_path / "whole.pdf", THREAD[:2]).read_bytes()
    (corpus / "cut.pdf").write_bytes(whole[: len(whole) // 2])
    command = [sys.executable, "-m", "searchkit.cli", "units", "--corpus", str(corpus)]
    command += ["--index", str(tmp_path / "index")]
    ran = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    said = [line for line in ran.stderr.splitlines() if "building the index" not in line]
    assert ran.returncode == 0 and len(said) == 1 and "cut.pdf: not a readable PDF" in said[0], said


_WORDS = ["board", "steering", "group", "agree", "budget", "annex", "harbour", "mooring", "fees", "letters", "quarter", "desk"]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.sampled_from(_WORDS), min_size=3, max_size=30),
    st.lists(st.lists(st.sampled_from(_WORDS), min_size=5, max_size=60), min_size=1, max_size=3),
    st.booleans(),
)
def test_a_pdfs_layout_keeps_a_wrapped_subject_and_its_paragraphs(tmp_path, subject, paragraphs, prose):
    """A head's labels in a column, a subject long enough to wrap under its value's column,
    paragraphs wrapped over lines with space between them: the subject whole, the words in
    their paragraphs (a phrase over a line's end is one), a memo of prose a paragraph each."""
    document = fpdf.FPDF()
    document.set_font("helvetica", size=11)
    document.add_page()
    texts = [" ".join(words).capitalize() + "." for words in paragraphs]
    if not prose:
        fields = [("From:", "Doe, Jane <jane@state.example>"), ("Sent:", "Tuesday, March 5, 2019 4:12 PM")]
        fields += [("To:", "Patel, Raj"), ("Subject:", " ".join(subject))]
        for label, value in fields:
            document.cell(30, 6, label)
            document.multi_cell(150, 6, value, new_x="LMARGIN", new_y="NEXT")
        document.ln(6)
    for text in texts:
        document.multi_cell(170, 6, text, new_x="LMARGIN", new_y="NEXT")
        document.ln(6)
    path = tmp_path / f"p{len(list(tmp_path.iterdir()))}.pdf"
    document.output(str(path))
    units = read_units(path, path.name).units
    if prose:
        assert [" ".join(unit.text.split()) for unit in units] == texts
        return
    (email,) = units
    assert (email.sender, email.subject) == ("Jane Doe", " ".join(subject))
    assert " ".join(email.text.split()) == " ".join(texts)
    assert email.text.count("\n\n") == len(texts) - 1


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.sampled_from(["Priya Raman", "Tomás Ferreira", "Kenji Watanabe"]), min_size=2, max_size=4),
    st.datetimes(min_value=datetime(2005, 1, 1), max_value=datetime(2030, 1, 1)),
)
def test_a_gmail_print_view_saved_as_a_pdf_gives_each_message(tmp_path, senders, first):
    """Chrome's print of a Gmail conversation: the browser's day and title over each page,
    its address and `1/2` under it; the sender left and the date right on one line, `To:`
    below, the conversation's subject over its count of messages."""
    first = first.replace(second=0, microsecond=0)
    moments = [first + timedelta(hours=7 * number) for number in range(len(senders))]
    document = fpdf.FPDF()
    document.set_font("helvetica", size=10)
    document.set_auto_page_break(False)
    numbers = list(range(len(senders)))
    pages = [numbers[:2], numbers[2:]] if len(senders) > 2 else [numbers]
    for page, held in enumerate(pages, start=1):
        document.add_page()
        document.cell(60, 6, "3/7/19, 10:02 AM")
        document.cell(120, 6, "Gmail - Lisbon agenda", align="R", new_x="LMARGIN", new_y="NEXT")
        if page == 1:
            for line in ("", "Lisbon agenda", f"{len(senders)} messages", ""):
                document.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        for number in held:
            name = senders[number]
            address = name.split()[0].lower().replace("á", "a") + "@gmail.com"
            document.cell(90, 6, f"{name} <{address}>")
            document.cell(90, 6, f"{moments[number]:%a, %b %-d, %Y at %-I:%M %p}", align="R")
            document.ln(6)
            document.cell(0, 6, "To: Team <team@example.org>", new_x="LMARGIN", new_y="NEXT")
            document.ln(6)
            document.cell(0, 6, f"Words of message {number}.", new_x="LMARGIN", new_y="NEXT")
            document.ln(10)
        document.set_y(-20)
        document.cell(150, 6, "https://mail.google.com/mail/u/0?ik=4f2a&view=pt&search=all")
        document.cell(30, 6, f"{page}/{len(pages)}", align="R")
    path = tmp_path / f"g{len(list(tmp_path.iterdir()))}.pdf"
    document.output(str(path))
    emails = [unit for unit in read_units(path, path.name).units if unit.kind == "email"]
    assert [(e.sender, e.date, e.subject, e.text) for e in emails] == [
        (name, moment, "Lisbon agenda", f"Words of message {number}.")
        for number, (name, moment) in enumerate(zip(senders, moments, strict=True))
    ]
