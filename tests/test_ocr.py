"""Scanned pages (a PDF with no text layer) read by Tesseract: the test makes its own scan,
text drawn on an image with Pillow, put in a PDF by fpdf2 with no text layer."""

from __future__ import annotations

import shutil
import sys
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


def scan(path: Path, lines: list[str]) -> Path:
    """A page as a scanner makes it: an image of the text, no text layer."""
    page = Image.new("L", (1700, 2200), 255)
    draw = ImageDraw.Draw(page)
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 40)
    except OSError:
        font = ImageFont.load_default(size=40)
    for number, line in enumerate(lines):
        draw.text((120, 150 + number * 70), line, fill=0, font=font)
    picture = path.with_suffix(".png")
    page.save(picture)
    document = fpdf.FPDF(unit="pt", format=(612, 792))
    document.add_page()
    document.image(str(picture), x=0, y=0, w=612, h=792)
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
