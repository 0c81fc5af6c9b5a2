"""Scanned PDF pages (no text layer, the most common shape of a FOIA release) read by OCR.

The page's own images are taken out of the PDF by pypdf (pure Python: a scan is one image per
page, JPEG, Flate or CCITT), and read by Tesseract through pytesseract (the `ocr` extra, with
Debian's `tesseract-ocr` and `tesseract-ocr-eng`: the language data is the package's, nothing
is downloaded). The text takes the page's place, so page furniture, header recognition and
page citations apply to it as to a text layer; one line per file says how many pages were
read so and with what mean word confidence. Without the extra, or without Tesseract, one line
says what would read them.
"""

from __future__ import annotations

import shutil
import time
from typing import Any

from .documents import Problem, Reading

#: An image smaller than this on either side is a logo or a rule, not a scanned page.
_SMALLEST_SIDE = 200
#: Pages read by OCR at most per file (a page takes a second or two): the rest are said.
MOST_PAGES = 200
#: Seconds of OCR at most per file: the build gives a file 60 s (SEARCHKIT_FILE_SECONDS)
#: and cuts off one past it with nothing read, so OCR stops first and the pages read so
#: far, and the text layer's, are kept; the pages left are said.
OCR_SECONDS = 40.0
#: Tesseract's language: English, the data Debian's tesseract-ocr-eng installs.
LANGUAGE = "eng"


def read_scans(
    pages: list[Any], blank: list[int], texts: list[str], source: str, reading: Reading
) -> set[int]:
    """Fill `texts[n]` for each page n in `blank` that holds a scanned image Tesseract can
    read; say in one line what was read, or what would read it. The pages said so."""
    scanned = [number for number in blank if _images(pages[number])]
    if not scanned:
        return set()  # blank pages: nothing to read
    missing = _missing()
    if missing:
        reading.problems.append(
            Problem(source, f"{len(scanned)} of {len(texts)} pages are scanned images: {missing}")
        )
        return set(scanned)
    confidences: list[float] = []
    read = 0
    deadline = time.monotonic() + OCR_SECONDS
    for done, number in enumerate(scanned[:MOST_PAGES]):
        if time.monotonic() > deadline:
            left = len(scanned) - done
            reading.problems.append(
                Problem(
                    source, f"{left} scanned pages not read: OCR stops after {OCR_SECONDS:.0f} s"
                )
            )
            return set(scanned[done:])
        try:
            text, confidence = _page_text(pages[number])
        except Exception as error:  # noqa: BLE001 - one bad image costs only its page
            reading.problems.append(Problem(source, f"page {number + 1}: OCR failed ({error})"))
            continue
        if text.strip():
            texts[number] = text
            confidences.extend(confidence)
            read += 1
    if read:
        mean = sum(confidences) / len(confidences) if confidences else 0.0
        reading.problems.append(
            Problem(
                source,
                f"{read} of {len(texts)} pages read by OCR (Tesseract, mean word confidence"
                f" {mean:.0f}%): their text may hold misread words",
            )
        )
    if len(scanned) > MOST_PAGES:
        reading.problems.append(
            Problem(source, f"only the first {MOST_PAGES} scanned pages read by OCR")
        )
    return set(scanned[MOST_PAGES:])


def _missing() -> str | None:
    """What is missing to read scanned pages, if anything."""
    try:
        import pytesseract  # noqa: F401
        from PIL import Image  # noqa: F401
    except ImportError:
        return (
            "pip install 'searchkit[ocr]' (and Debian's tesseract-ocr tesseract-ocr-eng)"
            " to read them"
        )
    if shutil.which("tesseract") is None:
        return "apt-get install tesseract-ocr tesseract-ocr-eng to read them"
    return None


def _images(page: Any) -> list[Any]:
    """The page's images large enough to be a scan of it."""
    try:
        found = list(page.images)
    except Exception:  # noqa: BLE001 - an image pypdf cannot decode
        return []
    large = []
    for image in found:
        try:
            width, height = image.image.size
        except Exception:  # noqa: BLE001
            continue
        if min(width, height) >= _SMALLEST_SIDE:
            large.append(image.image)
    return large


def _page_text(page: Any) -> tuple[str, list[float]]:
    """The text of the page's scanned images, a line per line Tesseract found, and each
    word's confidence; an image read with little confidence is turned upright first where
    Tesseract finds it scanned on its side or upside down."""
    lines: list[str] = []
    confidences: list[float] = []
    for image in _images(page):
        gray = image.convert("L")
        image_lines, image_confidences = _read(gray)
        if _mean(image_confidences) < _UNSURE:
            upright = _upright(gray)
            if upright is not None:
                turned = _read(upright)
                if _mean(turned[1]) > _mean(image_confidences):
                    image_lines, image_confidences = turned
        lines.extend(image_lines)
        confidences.extend(image_confidences)
    return "\n".join(lines), confidences


#: A mean word confidence (in %) under which a page may have been scanned turned.
_UNSURE = 70.0


def _mean(confidences: list[float]) -> float:
    return sum(confidences) / len(confidences) if confidences else 0.0


def _upright(image: Any) -> Any | None:
    """The image turned as Tesseract's orientation detection says it stands upright, or None
    when it stands so already, or cannot tell."""
    import pytesseract

    try:
        found = pytesseract.image_to_osd(image, output_type=pytesseract.Output.DICT)
    except Exception:  # noqa: BLE001 - no orientation data, too few letters to tell
        return None
    turn = int(found.get("rotate", 0))
    return image.rotate(-turn, expand=True) if turn else None


def _read(image: Any) -> tuple[list[str], list[float]]:
    """An image's lines of text as Tesseract reads them (a blank line between its
    paragraphs and after its last), and each word's confidence."""
    import pytesseract

    lines: list[str] = []
    confidences: list[float] = []
    data = pytesseract.image_to_data(image, lang=LANGUAGE, output_type=pytesseract.Output.DICT)
    current: tuple[int, int, int] | None = None
    words: list[str] = []
    for index, word in enumerate(data["text"]):
        where = (data["block_num"][index], data["par_num"][index], data["line_num"][index])
        if where != current and words:
            lines.append(" ".join(words))
            words = []
        if data["par_num"][index] != (current or (0, 0, 0))[1] and lines and current:
            lines.append("")  # a paragraph ends
        current = where
        confidence = float(data["conf"][index])
        if word.strip() and confidence >= 0:
            words.append(word.strip())
            confidences.append(confidence)
    if words:
        lines.append(" ".join(words))
    lines.append("")
    return lines, confidences
