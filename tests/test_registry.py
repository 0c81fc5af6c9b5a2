"""The table of formats: one ordered list of rows that sniffing, reading, reading large
files and attachments all go through, and that a new format joins with one row."""

from __future__ import annotations

from pathlib import Path, PurePath

import pytest

from searchkit.corpus import read_units
from searchkit.readers import Format, formats, read_bytes, register, sniff_format
from searchkit.readers.attachments import attachment
from searchkit.readers.documents import ChatMessage, Reading
from searchkit.readers.registry import _TABLE


def test_the_built_in_formats_in_the_order_they_are_recognised():
    names = [row.name for row in formats()]
    assert names[-2:] == ["markdown", "text"]  # prose takes whatever the others left
    assert names.index("email") < names.index("whatsapp")
    assert {row.name for row in formats() if row.binary} == {
        "pdf",
        "slack export .zip",
        "outlook .msg",
        "mbox",
        "babyl",
        "outlook .pst",
        "gzip",
    }
    assert [row.name for row in formats() if row.stream] == [
        "mbox",
        "babyl",
        "outlook .pst",
        "telegram json",
        "discord json",
        "markdown",
        "text",
    ]


@pytest.fixture
def shouting_format():
    """A made-up format: files whose first line is `SHOUT`, each later line a message."""

    def recognise(path: PurePath, head: bytes) -> bool:
        return head.startswith(b"SHOUT\n")

    def read(data: bytes, path: Path, source: str, reading: Reading) -> None:
        for number, line in enumerate(data.decode().splitlines()[1:], start=2):
            sender, _, text = line.partition(": ")
            reading.documents.append(
                ChatMessage(source, number, number, "shouts", sender, None, text)
            )

    row = register(Format("shout", recognise, read))
    yield row
    _TABLE.remove(row)


def test_a_new_format_is_one_row(shouting_format, tmp_path):
    assert [row.name for row in formats()][-3:] == ["shout", "markdown", "text"]
    (tmp_path / "a.txt").write_text("SHOUT\nAnn: HELLO\nBob: WHAT\n")
    assert sniff_format(tmp_path / "a.txt", b"SHOUT\nAnn: HELLO\n") == "shout"
    units = read_units(tmp_path / "a.txt", "a.txt").units
    assert [(unit.kind, unit.sender, unit.text) for unit in units] == [
        ("chat", "Ann", "HELLO"),
        ("chat", "Bob", "WHAT"),
    ]
    # it cannot be an attachment (no attachment reader in its row): its name alone is kept
    assert attachment("a.shout", b"SHOUT\nAnn: HI\n", "m.eml", Reading()) is None


def test_a_row_of_the_same_name_replaces_the_old_one_where_it_stands(shouting_format):
    where = formats().index(shouting_format)
    louder = register(Format("shout", shouting_format.recognise, shouting_format.read))
    assert formats()[where] is louder
    _TABLE[where] = shouting_format


def test_a_zip_or_an_outlook_file_attached_is_no_text():
    assert attachment("x.zip", b"PK\x03\x04" + bytes(200), "m.eml", Reading()) is None
    head = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200)
    assert attachment("x.msg", head, "m.eml", Reading()) is None


def test_binary_is_said_once():
    reading = read_bytes(bytes(range(256)) * 8, Path("x.bin"), "x.bin")
    assert [problem.message for problem in reading.problems] == ["binary file, skipped"]


def test_a_large_file_of_a_format_read_whole_is_not_said_to_be_cut(tmp_path, monkeypatch):
    """A JSON chat export over LARGE_FILE_BYTES is read whole (cut short it is no JSON), and
    no line claims only its first megabytes were read."""
    import json

    import searchkit.readers as readers

    monkeypatch.setattr(readers, "MAX_WHOLE_BYTES", 2**16)
    messages = [
        {"id": n, "type": "message", "date": "2024-01-01T10:00:00", "from": "Ann", "text": "x" * 50}
        for n in range(2000)
    ]
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"name": "Big", "messages": messages}))
    documents, problems = readers.read_large(path, "result.json", path.stat().st_size)
    assert len(list(documents)) == 2000
    assert problems == []


@pytest.mark.parametrize("ending", [".pdf", ".pst", ".PDF"])
@pytest.mark.parametrize(
    ("content", "read_as"),
    [
        (b"<html><head><title>Not Found</title></head><body><p>Gone.</p></body></html>", "html"),
        (b"From: Ann Lee <ann@example.org>\nSubject: x\n\nWords.\n", "email"),
        (b"Minutes of the meeting, as typed.\n", "text"),
    ],
)
def test_a_file_named_as_one_binary_format_holding_another_is_read_and_said(
    ending, content, read_as
):
    """A web page saved as `release.pdf` (an error page a download left): read as what it
    holds, and said, naming the file. (Mail saved as text is named `.msg` as often as
    Outlook's files are: nothing to say.)"""
    reading = read_bytes(content, Path(f"release{ending}"), f"release{ending}")
    assert reading.documents
    (said,) = [str(problem) for problem in reading.problems]
    assert said.startswith(f"release{ending}: named {ending.lower()}, but holds no ")
    assert said.endswith(f": read as {read_as}")


def test_mail_saved_as_text_named_msg_is_nothing_to_say():
    reading = read_bytes(b"From: Ann Lee <ann@example.org>\nSubject: x\n\nWords.\n", Path("m.msg"), "m.msg")
    assert reading.documents and reading.problems == []
