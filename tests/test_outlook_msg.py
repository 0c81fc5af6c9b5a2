"""Outlook .msg files (the shared samples from Apache POI and MSGReader), through extract-msg."""

from __future__ import annotations

import sys
from datetime import datetime, timezone

from searchkit.corpus import iter_corpus, read_units

from .conftest import needs_testdata


def test_every_msg_file_gives_its_message_and_nothing_is_lost():
    folder = needs_testdata("msg-outlook")
    results = list(iter_corpus(folder))
    assert len(results) == 10 and all(result.problems == () for result in results)
    assert all(any(unit.kind == "email" for unit in result.units) for result in results)


def test_headers_bodies_and_code_pages():
    folder = needs_testdata("msg-outlook")
    (first, *_) = read_units(folder / "poi_chinese-traditional.msg", "c.msg").units
    # PR_INTERNET_CPID says code page 950: read as Latin-9 it was mojibake
    assert first.sender == "Tests Chang@FT (張毓倫)" and "格式測試" in first.subject
    (reply,) = read_units(folder / "poi_cyrillic_message.msg", "r.msg").units
    assert reply.subject.startswith("Автоматический ответ") and "Ваше сообщение" in reply.text
    assert reply.date == datetime(2010, 5, 18, 7, 38, 39, tzinfo=timezone.utc)
    (listed,) = read_units(folder / "poi_outlook_30_msg.msg", "l.msg").units
    assert listed.sender == "Nick Cramer" and listed.sender_address == "nick.cramer@pnl.gov"
    assert len(listed.to) == 18 and listed.to[0] == "Shawn J Bohn"  # "Bohn; Shawn J"
    sent, _ = read_units(folder / "poi_attachment_test_msg.msg", "a.msg").units  # + pj1.txt
    assert sent.attachments == ("test-unicode.doc", "pj1.txt") and sent.text == "contenu"


def test_a_message_attached_to_a_message_is_a_message_of_its_own():
    folder = needs_testdata("msg-outlook")
    outer, inner = read_units(folder / "poi_58214_with_attachment.msg", "m.msg").units
    assert outer.subject == "Master mail" and outer.attachments == ("Test mail attachment.msg",)
    assert inner.subject == "Test mail attachment" and inner.text.startswith("Lorem ipsum")
    assert inner.id != outer.id


def test_without_the_extra_a_msg_file_says_what_to_install(monkeypatch):
    folder = needs_testdata("msg-outlook")
    monkeypatch.setitem(sys.modules, "extract_msg", None)  # as if it were not installed
    result = read_units(folder / "poi_bug66335.msg", "x.msg")
    assert result.units == ()
    assert [str(problem) for problem in result.problems] == [
        "x.msg: an Outlook .msg file: pip install 'searchkit[msg]' to read it"
    ]
