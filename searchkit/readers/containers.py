"""The rows of the table of formats (`registry.py`) for Outlook data files, calendars and
address books; each reader is imported when a file of its format is read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import BinaryIO

from .documents import CALENDAR, HTML, PST, VCARD, Document, Reading
from .registry import Format, register


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


def register_containers() -> None:
    # a .pst is walked item by item from the open file, never held whole
    register(Format(PST, _is_pst, _read_pst, _stream_pst, None, binary=True), before=HTML)
    register(Format(CALENDAR, _begins(b"BEGIN:VCALENDAR"), _read_calendar), before=HTML)
    register(Format(VCARD, _begins(b"BEGIN:VCARD"), _read_vcards), before=HTML)


register_containers()
