"""PDF releases: the emails of a printed thread found across pages, each unit citing its page,
page furniture dropped, pages without text counted, bad PDFs one line each."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

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
        "release.pdf: 2 of 4 pages have no text: scanned images?"
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
