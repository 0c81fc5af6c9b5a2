"""PDF files (a release, an exhibit, a printout): the text layer of each page, through pypdf.

pypdf (BSD-licensed, pure Python) reads each page's text; the pages then become one prose
document, so that the splitter finds the emails of a release as in any text, a message running
over a page break included. Each line remembers its page, for units to cite it. What repeats at
the top or the bottom of most pages (running headers, "Page 3 of 40", Bates numbers) is page
furniture and is dropped. Pages without a text layer (scanned images) are read by OCR where
the `ocr` extra and Tesseract are installed (`ocr.py`), else counted and said.
"""

from __future__ import annotations

import io
from collections import Counter

from .documents import PAGE_NUMBER, PDF, Problem, Reading, TextDocument, furniture_shape

#: Lines at a page's top and bottom that are looked at as furniture.
_EDGE_LINES = 3


def read(data: bytes, source: str, reading: Reading) -> None:
    pages = page_lines(data, source, reading)
    if pages is not None:
        reading.documents.append(_document(source, pages))


def pdf_text(data: bytes, source: str, reading: Reading) -> str | None:
    """The words of a PDF as one text, page furniture dropped (an attached PDF's)."""
    pages = page_lines(data, source, reading)
    if pages is None:
        return None
    return "\n".join(line for _, line in _document(source, pages).lines)


def page_lines(data: bytes, source: str, reading: Reading) -> list[list[str]] | None:
    """Each page's lines of text; None, and a problem said, when the PDF cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        pdf = PdfReader(io.BytesIO(data))
        if pdf.is_encrypted and not pdf.decrypt(""):
            reading.problems.append(Problem(source, "an encrypted PDF: cannot be read"))
            return None
        pages = list(pdf.pages)
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        reading.problems.append(Problem(source, f"not a readable PDF ({error})"))
        return None
    texts = []
    for number, page in enumerate(pages, start=1):
        try:
            texts.append(page.extract_text() or "")
        except Exception as error:  # noqa: BLE001 - one broken page must not lose the rest
            reading.problems.append(Problem(source, f"page {number} unreadable ({error})"))
            texts.append("")
    blank = [number for number, text in enumerate(texts) if not text.strip()]
    if blank:
        from .ocr import read_scans

        said = read_scans(pages, blank, texts, source, reading)
        blank = [number for number in blank if not texts[number].strip() and number not in said]
    if blank:
        reading.problems.append(
            Problem(source, f"{len(blank)} of {len(texts)} pages have no text: scanned images?")
        )
    return [text.splitlines() for text in texts]


def _document(source: str, pages: list[list[str]]) -> TextDocument:
    furniture = _furniture(pages)
    lines: list[tuple[int, str]] = []
    starts: list[int] = []
    number = 0
    for page in pages:
        starts.append(number + 1)
        for index, text in enumerate(page):
            number += 1
            edge = index < _EDGE_LINES or index >= len(page) - _EDGE_LINES
            if not (edge and (furniture_shape(text) in furniture or PAGE_NUMBER.match(text))):
                lines.append((number, text))
        lines.append((number, ""))  # a page break ends a paragraph
    return TextDocument(source, PDF, tuple(lines), pages=tuple(starts))


def _furniture(pages: list[list[str]]) -> set[str]:
    """Lines (digits aside: `Page 3 of 40`, `DOS-0001234`) at the edge of most pages that
    have text."""
    written = [page for page in pages if any(text.strip() for text in page)]
    if len(written) < 2:
        return set()
    seen: Counter[str] = Counter()
    for page in written:
        edges = page[:_EDGE_LINES] + page[-_EDGE_LINES:]
        seen.update({furniture_shape(text) for text in edges if text.strip()})
    return {shape for shape, count in seen.items() if count * 2 > len(written)}
