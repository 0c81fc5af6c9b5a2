"""Outlook data files (.pst) through libpff-python: the shared samples (pstsdk, java-libpst,
ruby-msg, go-pst), messages, appointments and contacts each read as what they are."""

from __future__ import annotations

import sys
from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searchkit.corpus import read_units
from searchkit.readers.pst import rtf_text
from tests.timing import best_seconds

from .conftest import needs_testdata

pytest.importorskip("pypff")


def units_of(name: str):
    folder = needs_testdata("pst")
    result = read_units(folder / name, name)
    return list(result.units), [problem.message for problem in result.problems]


def test_a_message_with_its_people_body_and_date():
    units, problems = units_of("pstsdk_sample1.pst")
    assert problems == []
    (message,) = units
    assert message.kind == "email" and message.subject == "Here is a sample message"
    assert message.sender == "Terry Mahaffey" and message.date.year == 2010
    assert message.text  # the plain body


def test_appointments_are_events_and_contacts_are_contacts_never_emails():
    units, _ = units_of("javalibpst_dist-list.pst")
    kinds = sorted(unit.kind for unit in units)
    assert kinds == ["contact", "contact", "event"]
    # a contact's addresses are its own (aliases of its name); a distribution list's are its
    # members', never its own
    cards = {unit.subject: unit.addresses for unit in units if unit.kind == "contact"}
    assert cards == {"contact name 1": ("contact1@rjohnson.id.au",), "test dist list": ()}
    (event,) = [unit for unit in units if unit.kind == "event"]
    assert event.subject == "Test appointment" and "complete test" in event.text
    # a recurring meeting's recurrence, a named property, is kept as words
    assert "every Tuesday" in event.text
    # no PidTagStartDate: the start as its named properties repeat it (15:00 UTC, 8 AM Pacific)
    assert event.date == datetime(2016, 8, 2, 15, 0, tzinfo=timezone.utc)
    units, _ = units_of("gopst_32-bit.pst")
    (meeting,) = units
    assert meeting.kind == "event" and meeting.sender == "Cyndy Foulkrod"
    assert meeting.folder == "Calendar"  # the folder it was filed in
    assert "Patty Fukasawa" in meeting.to
    assert meeting.date == datetime(2004, 8, 19, 18, 30, tzinfo=timezone.utc)


def test_each_item_keeps_its_folder_below_the_files_top_in_any_language():
    """The top (`Top of Personal Folders`, the Japanese Outlook's `Outlook データ ファイルの
    トップ`) is known by the store's IPM subtree entry: an item filed in it has no folder, and
    the search folders beside it are never taken for it."""
    folder = needs_testdata("pst")
    from searchkit.readers import read_bytes

    filed = {
        path.name: [
            document.folder for document in read_bytes(path.read_bytes(), path, path.name).documents
        ]
        for path in sorted(folder.glob("*.pst"))
    }
    assert filed == {
        "gopst_32-bit.pst": ["Calendar"],
        "javalibpst_dist-list.pst": ["Calendar", "Contacts", "Contacts"],
        "javalibpst_passworded.pst": ["Contacts", "Contacts"],
        "pstsdk_sample1.pst": ["Sample1"],
        "pstsdk_submessage.pst": ["submessage"],
        "pstsdk_test_ansi.pst": ["Folder"],
        "pstsdk_test_unicode.pst": [None, "Folder"],
        "rubymsg_200_recipients.pst": [None],
        "rubymsg_attachAndInline.pst": [None],
        "rubymsg_msgInMsg.pst": [None],
    }


def test_folder_finds_what_was_filed_there(tmp_path, installed_engine):
    from searchkit import Archive

    corpus = needs_testdata("pst")
    with Archive(corpus, tmp_path / "index", engine=installed_engine) as archive:
        # (the password-protected file's two contacts are copies of these: hidden)
        contacts = archive.search("folder:contacts", limit=None)
        assert sorted(hit.subject for hit in contacts) == ["contact name 1", "test dist list"]
        assert {hit.kind for hit in contacts} == {"contact"}
        calendar = archive.search("", folder="Calendar", limit=None)
        assert sorted(hit.source for hit in calendar) == [
            "gopst_32-bit.pst",
            "javalibpst_dist-list.pst",
        ]


def test_two_hundred_recipients_and_attachments_as_the_msg_reader_reads_them():
    units, _ = units_of("rubymsg_attachAndInline.pst")
    (message,) = units
    assert set(message.attachments) == {"attach.png", "image001.png"}
    folder = needs_testdata("pst")
    from searchkit.readers import read_bytes

    reading = read_bytes((folder / "rubymsg_200_recipients.pst").read_bytes(), folder, "r.pst")
    (mail,) = reading.documents
    assert len(mail.to) == 200 and mail.to[199].address == "xmailuser200@xmailserver.test"


def items_in(path) -> int:
    """How many messages the file's folders hold (items of every message class: mail,
    appointments, contacts; not free/busy data, which is no pypff.message), by libpff."""
    import pypff

    store = pypff.file()
    store.open(str(path))
    try:
        count, folders = 0, [store.get_root_folder()]
        while folders:
            folder = folders.pop()
            count += sum(
                isinstance(folder.get_sub_message(i), pypff.message)
                for i in range(folder.number_of_sub_messages)
            )
            folders.extend(folder.get_sub_folder(i) for i in range(folder.number_of_sub_folders))
        return count
    finally:
        store.close()


def test_every_item_of_every_sample_is_a_unit_or_a_line_naming_it():
    """Nothing vanishes: each item a folder holds gives a unit of its own (a message with no
    body and no sender, sent to 200 people, too), or a problem line says why not."""
    folder = needs_testdata("pst")
    for path in sorted(folder.glob("*.pst")):
        result = read_units(path, path.name)
        own = [unit for unit in result.units if not unit.quoted_in and not unit.attached_to]
        unread = [problem for problem in result.problems if "unreadable" in problem.message]
        assert len(own) + len(unread) == items_in(path), path.name
    (notice,) = units_of("rubymsg_200_recipients.pst")[0]
    assert notice.subject == "200 recipients" and len(notice.to) == 200 and notice.sender is None


def test_a_message_embedded_in_a_message_is_a_message_of_its_own():
    """libpff-python does not open an embedded message as an item: its property context is
    read from the attachment's bytes, giving its sender, display-list recipients, date,
    subject and body, attached to the message that carries it."""
    units, problems = units_of("pstsdk_submessage.pst")
    assert problems == []
    outer, inner = units
    assert outer.folder == "submessage" and inner.attached_to == outer.id
    assert inner.subject == "This is an embedded message"
    assert inner.text == "This is the body of an embedded message"
    assert inner.sender == "Terry Mahaffey" and inner.to == ("Terry Mahaffey",)
    assert inner.date == datetime(2010, 3, 17, 23, 1, 46, tzinfo=timezone.utc)
    units, problems = units_of("rubymsg_msgInMsg.pst")
    assert problems == []
    (japanese,) = [unit for unit in units if unit.attached_to]
    assert japanese.subject == "Microsoft Outlook テスト メッセージ"
    assert japanese.sender_address == "xmailuser@xmailserver.test"
    assert japanese.text.startswith("この電子メール メッセージは")


def test_a_password_is_said_in_one_line():
    units, problems = units_of("javalibpst_passworded.pst")
    assert len(problems) == 1 and "password-protected" in problems[0]
    assert {unit.subject for unit in units} == {"test dist list", "contact name 1"}


@given(st.binary(max_size=600))
def test_any_bytes_as_an_embedded_message_are_read_or_refused_never_raise(data):
    from searchkit.readers.pst import _property_context

    assert isinstance(_property_context(data), dict)
    assert isinstance(_property_context(b"\x10\x00\xec\xbc" + data), dict)


def test_without_the_extra_each_pst_is_one_line_naming_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "pypff", None)
    units, problems = units_of("pstsdk_sample1.pst")
    assert units == []
    assert problems == ["an Outlook .pst/.ost file: pip install 'searchkit[pst]' to read it"]


def test_an_rtf_body_as_text():
    rtf = rb"{\rtf1\ansi{\fonttbl{\f0 Arial;}}{\*\generator Riched20;}\f0 Caf\'e9 at noon\par Bring the {\b budget}.\par}"
    assert rtf_text(rtf) == "Café at noon\nBring the budget.\n"


@pytest.mark.parametrize(
    "piece",
    [b"{", b"\\", b"\\'", b"{\\*\\x ", b"\\par", b"}", b"\\abcdefghijklmnopqrstuvwxyzabcdefgh"],
)
def test_the_rtf_reader_is_linear_on_any_body(piece):
    """Four times the body costs about four times the time (quadratic would be 16)."""
    small, large = piece * 20_000, piece * 80_000
    assert best_seconds(rtf_text, large) < 8 * best_seconds(rtf_text, small) + 0.05


def test_a_large_pst_is_walked_from_the_open_file(monkeypatch):
    """Past the size read whole, a .pst streams: its items come as they are read."""
    import searchkit.readers

    monkeypatch.setattr(searchkit.readers, "LARGE_FILE_BYTES", 1000)
    folder = needs_testdata("pst")
    result = read_units(folder / "javalibpst_dist-list.pst", "big.pst")
    assert not isinstance(result.units, (list, tuple))  # read as it is iterated
    assert sorted(unit.kind for unit in result.units) == ["contact", "contact", "event"]
    assert list(result.problems) == []
