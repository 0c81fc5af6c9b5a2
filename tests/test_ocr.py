"""Scanned pages (a PDF with no text layer) read by Tesseract: the test makes its own scan,
text drawn on an image with Pillow, put in a PDF by fpdf2 with no text layer."""

from __future__ import annotations

import shutil
import sys
from datetime import datetime
from pathlib import Path

import pytest

from searchkit.corpus import read_units

fpdf = pytest.importorskip("fpdf")
Image = pytest.importorskip("PIL.Image")
ImageDraw = pytest.importorskip("PIL.ImageDraw")
ImageFont = pytest.importorskip("PIL.ImageFont")

LINES = [
    "From: Jane Doe <jane@state.example>",
    "Sent: Tuesday, March 5, 2019 4:12 PM",
    "To: Raj Patel",
    "Subject: The pangolin shipment",
    "",
    "Raj, the pangolin shipment arrives Thursday.",
]


def scan(path: Path, lines: list[str], turned: int = 0) -> Path:
    """A page as a scanner makes it: an image of the text, no text layer (`turned`: the
    degrees the sheet lay turned on the scanner)."""
    page = Image.new("L", (1700, 2200), 255)
    draw = ImageDraw.Draw(page)
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 40)
    except OSError:
        font = ImageFont.load_default(size=40)
    for number, line in enumerate(lines):
        draw.text((120, 150 + number * 70), line, fill=0, font=font)
    picture = path.with_suffix(".png")
    page = page.rotate(turned, expand=True)
    page.save(picture)
    width, height = (612, 792) if page.height > page.width else (792, 612)
    document = fpdf.FPDF(unit="pt", format=(width, height))
    document.add_page()
    document.image(str(picture), x=0, y=0, w=width, h=height)
    document.output(str(path))
    return path


def test_a_scanned_page_is_read_by_ocr_and_its_email_found(tmp_path):
    pytest.importorskip("pytesseract")
    if shutil.which("tesseract") is None:
        pytest.skip("Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)")
    result = read_units(scan(tmp_path / "scan.pdf", LINES), "scan.pdf")
    text = "\n".join(unit.text for unit in result.units)
    assert "pangolin" in text.lower()
    (email,) = [unit for unit in result.units if unit.kind == "email"]
    assert email.sender == "Jane Doe" and email.page == 1
    (said,) = [p.message for p in result.problems]
    assert said.startswith("1 of 1 pages read by OCR (Tesseract, mean word confidence")
    confidence = int(said.split("confidence ")[1].split("%")[0])
    assert 50 <= confidence <= 100


@pytest.mark.parametrize("turned", [90, 180, 270])
def test_a_page_scanned_turned_is_read_upright(tmp_path, turned):
    pytest.importorskip("pytesseract")
    if shutil.which("tesseract") is None:
        pytest.skip("Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)")
    lines = [*LINES, "", *(f"Line {n} of the note on the shipment of pangolins." for n in range(8))]
    result = read_units(scan(tmp_path / "turned.pdf", lines, turned), "turned.pdf")
    (email,) = [unit for unit in result.units if unit.kind == "email"]
    assert (email.sender, email.date) == ("Jane Doe", datetime(2019, 3, 5, 16, 12))
    assert "pangolin shipment arrives" in email.text


def test_without_the_extra_the_one_line_names_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pytesseract", None)
    result = read_units(scan(tmp_path / "scan.pdf", LINES), "scan.pdf")
    assert [p.message for p in result.problems] == [
        "1 of 1 pages are scanned images: pip install 'searchkit[ocr]' (and Debian's"
        " tesseract-ocr tesseract-ocr-eng) to read them"
    ]


def test_without_tesseract_the_one_line_says_what_to_install(tmp_path, monkeypatch):
    pytest.importorskip("pytesseract")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = read_units(scan(tmp_path / "scan.pdf", LINES), "scan.pdf")
    assert [p.message for p in result.problems] == [
        "1 of 1 pages are scanned images: apt-get install tesseract-ocr tesseract-ocr-eng to read them"
    ]


def test_ocr_stops_within_its_time_and_says_the_pages_left(tmp_path, monkeypatch):
    pytest.importorskip("pytesseract")
    if shutil.which("tesseract") is None:
        pytest.skip("Tesseract is not installed")
    from searchkit.readers import ocr

    monkeypatch.setattr(ocr, "OCR_SECONDS", 0.0)  # past its time before the first page
    result = read_units(scan(tmp_path / "scan.pdf", LINES), "scan.pdf")
    assert [p.message for p in result.problems] == ["1 scanned pages not read: OCR stops after 0 s"]
