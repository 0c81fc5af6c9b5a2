"""The rows of the table of formats (`registry.py`) for Outlook data files, calendars, address
books and gzip files (pipermail's `2019-April.txt.gz`, an `.mbox.gz`); each reader is imported
when a file of its format is read."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import BinaryIO

from .documents import CALENDAR, HTML, PST, VCARD, Document, Problem, Reading
from .registry import MAX_WHOLE_BYTES, Format, read_bytes, register


def _is_pst(path: PurePath, head: bytes) -> bool:
    return head.startswith(b"!BDN")


def _read_pst(data: bytes, path: Path, source: str, reading: Reading) -> None:
    from .pst import read

    read(data, source, reading)


def _stream_pst(file: BinaryIO, source: str, reading: Reading) -> Iterator[Document]:
    from .pst import items

    yield from items(file, source, reading)


def _begins(marker: bytes):  # type: ignore[no-untyped-def]
    def recognise(path: PurePath, head: bytes) -> bool:
        return head.lstrip(b"\xef\xbb\xbf \t\r\n")[: len(marker)].upper() == marker

    return recognise


def _read_calendar(data: bytes, path: Path, source: str, reading: Reading) -> None:
    from .calendar import read_calendar

    read_calendar(data, source, reading)


def _read_vcards(data: bytes, path: Path, source: str, reading: Reading) -> None:
    from .calendar import read_vcards

    read_vcards(data, source, reading)


GZIP = "gzip"
_GZIP_MAGIC = b"\x1f\x8b"


def _is_gzip(path: PurePath, head: bytes) -> bool:
    return head.startswith(_GZIP_MAGIC)


def _read_gzip(data: bytes, path: Path, source: str, reading: Reading) -> None:
    """A gzip file's inner file, read by its own format's reader (its name the file's less
    `.gz`), decompressed to MAX_WHOLE_BYTES at most (a small file may hold a huge one: what
    is past that is not read, and said); a gzip file inside is not opened."""
    inflater = zlib.decompressobj(wbits=31)  # 31: a gzip header, not a bare zlib stream
    try:
        inner = inflater.decompress(data, MAX_WHOLE_BYTES)
    except zlib.error as error:
        reading.problems.append(Problem(source, f"gzip file unreadable ({error})"))
        return
    if not inflater.eof and not inflater.unconsumed_tail:  # (a file cut short, or damaged)
        reading.problems.append(Problem(source, "gzip file cut short: what it held read"))
    if inflater.unconsumed_tail:
        mb = MAX_WHOLE_BYTES // 2**20
        reading.problems.append(Problem(source, f"only the first {mb} MB of its inner file read"))
    if inner.startswith(_GZIP_MAGIC):
        reading.problems.append(Problem(source, "a gzip file inside a gzip file: not opened"))
        return
    inner_path = path.with_suffix("") if path.suffix.lower() == ".gz" else path
    found = read_bytes(inner, inner_path, source)
    reading.documents.extend(found.documents)
    reading.problems.extend(found.problems)
    reading.consulted.extend(found.consulted)


def register_containers() -> None:
    # a .pst is walked item by item from the open file, never held whole
    register(
        Format(PST, _is_pst, _read_pst, _stream_pst, None, binary=True, endings=(".pst", ".ost")),
        before=HTML,
    )
    register(Format(GZIP, _is_gzip, _read_gzip, None, None, binary=True), before=HTML)
    register(Format(CALENDAR, _begins(b"BEGIN:VCALENDAR"), _read_calendar), before=HTML)
    register(Format(VCARD, _begins(b"BEGIN:VCARD"), _read_vcards), before=HTML)


register_containers()
