"""Single messages as mail clients and tools save them: whatever one header holds, the
message is read, every other field with it; what could not be read is said."""

from __future__ import annotations

import pytest

from searchkit.corpus import iter_corpus

BOM = b"\xef\xbb\xbf"


def _units(folder, name: str, data: bytes):
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    return [unit for result in iter_corpus(folder) for unit in result.units]


@pytest.mark.parametrize("name", ["saved.eml", "saved.txt", "saved", "box.mbox"])
@pytest.mark.parametrize("newline", [b"\n", b"\r\n"])
@pytest.mark.parametrize("separator", [b"", b"From sloth@example.com Thu Mar  4 10:00:00 2021\n"])
def test_a_byte_order_mark_before_the_headers_changes_nothing(tmp_path, name, newline, separator):
    head = separator + b"From: Bom Bearer <bom@example.com>\nTo: vera@example.com\n"
    message = head + b"Subject: the sloth\nMessage-ID: <odd-31@example.com>\n\nSloth moves.\n"
    units = _units(tmp_path / "corpus", name, BOM + message.replace(b"\n", newline))
    assert [(u.kind, u.sender, u.sender_address, u.subject, u.message_id, u.text) for u in units] == [
        ("email", "Bom Bearer", "bom@example.com", "the sloth", "<odd-31@example.com>", "Sloth moves.")
    ]
