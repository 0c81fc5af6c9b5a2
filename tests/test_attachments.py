"""Attachments: every name searchable (`attachment:`), the text of text, HTML and PDF
attachments indexed as units of their own that name the email carrying them."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from searchkit import Archive
from searchkit.corpus import read_units

from .conftest import needs_testdata

fpdf = pytest.importorskip("fpdf")


def pdf_bytes(lines: list[str]) -> bytes:
    document = fpdf.FPDF()
    document.set_font("helvetica", size=11)
    document.add_page()
    for line in lines:
        document.cell(0, 6, line)
        document.ln()
    return bytes(document.output())


def message(message_id: str = "<budget-1@example.org>") -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = "Jane Doe <jane@example.org>"
    mail["To"] = "Raj Patel <raj@example.org>"
    mail["Date"] = "Tue, 05 Mar 2019 16:12:00 +0000"
    mail["Subject"] = "Budget for the hearing"
    mail["Message-ID"] = message_id
    mail.set_content("Raj, the figures are attached.\n")
    contract = pdf_bytes(["The indemnification clause covers the subcontractors."])
    mail.add_attachment(contract, "application", "pdf", filename="contract_draft.pdf")
    notes = "Письмо: the zvezda figures rose.\n".encode("cp1251")
    mail.add_attachment(notes, "text", "plain", filename="notes.txt", params={"charset": "cp1251"})
    page = b"<html><body><nav>Menu</nav><p>The lighthouse schedule slipped.</p></body></html>"
    mail.add_attachment(page, "text", "html", filename="schedule.html")
    mail.add_attachment(
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "image", "png", filename="logo.png"
    )
    signature = b"-----BEGIN PGP SIGNATURE-----\n\niQIzBAEBCgAdFiEE\n-----END PGP SIGNATURE-----\n"
    mail.add_attachment(signature, "application", "pgp-signature", filename="signature.asc")
    return mail


@pytest.fixture()
def corpus(tmp_path) -> Path:
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "budget.eml").write_bytes(message().as_bytes())
    return folder


def test_text_html_and_pdf_attachments_are_units_naming_their_email(corpus):
    units = read_units(corpus / "budget.eml", "budget.eml").units
    email, *attached = units
    assert email.kind == "email"
    assert email.attachments == (
        "contract_draft.pdf",
        "notes.txt",
        "schedule.html",
        "logo.png",
        "signature.asc",
    )
    assert [(unit.kind, unit.attachments, unit.attached_to) for unit in attached] == [
        ("attachment", ("contract_draft.pdf",), email.id),
        ("attachment", ("notes.txt",), email.id),
        ("attachment", ("schedule.html",), email.id),
    ]
    pdf, notes, page = attached
    assert "indemnification clause covers the subcontractors" in pdf.text
    assert "Письмо" in notes.text  # its declared charset, not UTF-8
    assert page.text == "The lighthouse schedule slipped."
    # the envelope of the email that carried it, so from: and date: find it too
    assert (pdf.sender, pdf.to, pdf.date, pdf.thread) == (
        email.sender,
        email.to,
        email.date,
        email.thread,
    )


def test_words_inside_an_attachment_find_it_and_the_email_that_carried_it(corpus):
    archive = Archive(corpus)
    results = archive.search("indemnification")
    assert [(hit.kind, hit.attachments) for hit in results] == [
        ("attachment", ("contract_draft.pdf",))
    ]
    carrier = archive.unit(results[0].attached_to)
    assert carrier is not None and carrier.subject == "Budget for the hearing"
    assert archive.search("from:jane indemnification").total == 1


def test_attachment_names_are_searchable_whole_by_extension_and_by_word(corpus):
    archive = Archive(corpus)

    def kinds(query: str) -> list[str]:
        return sorted(hit.kind for hit in archive.search(query, limit=None))

    assert kinds("attachment:contract_draft.pdf") == ["attachment", "email"]
    assert kinds("attachment:Contract_Draft") == ["attachment", "email"]
    assert kinds("attachment:logo.png") == ["email"]  # no words of its own
    assert kinds("attachment:pdf") == ["attachment", "email"]
    assert kinds("attachment:draft") == ["attachment", "email"]
    assert kinds("attachment:budget.xlsx") == []
    assert kinds("attachment:*.html") == ["attachment", "email"]


def test_the_attachments_of_a_copy_of_a_message_are_copies_too(tmp_path):
    folder = tmp_path / "lists"
    folder.mkdir()
    for name in ("list-a.eml", "list-b.eml"):  # one message, cross-posted
        (folder / name).write_bytes(message().as_bytes())
    archive = Archive(folder)
    assert archive.search("lighthouse").total == 1
    assert archive.search("attachment:schedule.html").total == 2  # the email and its file
    copies = {unit.text: first for unit, first in archive.read_units() if first}
    units = {unit.id: unit for unit, _ in archive.read_units()}
    assert len(copies) == 4  # the later email and its three attachments
    assert all(units[first].text == text for text, first in copies.items())


def test_an_unreadable_attached_pdf_is_one_line_and_the_message_stays(tmp_path):
    mail = message()
    mail.add_attachment(b"%PDF-1.4\n1 0 obj garbage\n%%EOF", "application", "pdf", filename="x.pdf")
    (tmp_path / "broken.eml").write_bytes(mail.as_bytes())
    result = read_units(tmp_path / "broken.eml", "broken.eml")
    assert [unit.kind for unit in result.units].count("attachment") == 3
    assert len(result.problems) == 1
    assert str(result.problems[0]).startswith("broken.eml (attachment x.pdf): ")


def test_the_text_attachment_of_a_real_outlook_message_is_a_unit():
    pytest.importorskip("extract_msg")
    path = needs_testdata("msg-outlook") / "poi_attachment_test_msg.msg"
    units = read_units(path, path.name).units
    attached = [unit for unit in units if unit.kind == "attachment"]
    assert [unit.attachments for unit in attached] == [("pj1.txt",)]
    assert attached[0].attached_to == units[0].id and attached[0].text.strip()
    assert "test-unicode.doc" in units[0].attachments  # a Word file: its name only
