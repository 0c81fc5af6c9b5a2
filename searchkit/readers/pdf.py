"""PDF files (a release, an exhibit, a printout): the text layer of each page, through pypdf.

pypdf (BSD-licensed, pure Python) reads each page's text; the pages then become one prose
document, so that the splitter finds the emails of a release as in any text, a message running
over a page break included. Each line remembers its page, for units to cite it (and the
splitter, what repeats at the edge of most pages: `split/furniture.py`). Pages without a text
layer (scanned images) are read by OCR where the `ocr` extra and Tesseract are installed
(`ocr.py`), else counted and said.
"""

from __future__ import annotations

import io
import logging

from .documents import PDF, Problem, Reading, TextDocument


def read(data: bytes, source: str, reading: Reading) -> None:
    pages = page_lines(data, source, reading)
    if pages is not None:
        reading.documents.append(_document(source, pages))


def pdf_text(data: bytes, source: str, reading: Reading) -> str | None:
    """The words of a PDF as one text (an attached PDF's)."""
    pages = page_lines(data, source, reading)
    if pages is None:
        return None
    return "\n".join(line for _, line in _document(source, pages).lines)


def page_lines(data: bytes, source: str, reading: Reading) -> list[list[str]] | None:
    """Each page's lines of text; None, and a problem said, when the PDF cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    _quiet_pypdf()
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
            texts.append(_page_text(page))
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
            Problem(
                source,
                f"{len(blank)} of {len(texts)} pages hold no text: blank, or text drawn as shapes",
            )
        )
    return [_spaced(text.splitlines()) for text in texts]


def _spaced(lines: list[str]) -> list[str]:
    """A laid-out page's lines with one blank line for each space the page leaves (its
    margins none): as many blank lines as the space is tall would part a head cut by a page
    break from its fields on the next page."""
    kept: list[str] = []
    for line in lines:
        if line.strip() or (kept and kept[-1].strip()):
            kept.append(line.rstrip())
    while kept and not kept[-1].strip():
        kept.pop()
    return kept


def _quiet_pypdf() -> None:
    """pypdf logs what it repairs (`EOF marker not found`) to stderr, naming no file: what
    cannot be read is said once, as a problem of the file, and what was repaired is read."""
    logger = logging.getLogger("pypdf")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
        logger.propagate = False


def _page_text(page) -> str:  # type: ignore[no-untyped-def]
    """A page's text as it is laid out: its columns apart, a blank line where the page leaves
    space (between a head and its words, between paragraphs), which the plain reading loses
    (a subject wrapped onto a second line ran into the words below it). Else the plain one."""
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except Exception:  # noqa: BLE001 - a layout pypdf cannot work out is read plain
        return page.extract_text() or ""


def _document(source: str, pages: list[list[str]]) -> TextDocument:
    lines: list[tuple[int, str]] = []
    starts: list[int] = []
    number = 0
    for page in pages:
        starts.append(number + 1)
        for text in page:
            number += 1
            lines.append((number, text))
        lines.append((number, ""))  # a page break ends a paragraph
    return TextDocument(source, PDF, tuple(lines), pages=tuple(starts))
