"""Calendars and address books: events (an .ics file, an invitation's text/calendar part)
are units of kind event dated by their start; vCards are contacts, not prose."""

from __future__ import annotations

from datetime import date, datetime, timezone

from searchkit.corpus import read_units

from .conftest import needs_testdata

ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Example//EN\r
BEGIN:VEVENT\r
UID:board-2021@x.org\r
DTSTART:20210305T143000Z\r
DTEND:20210305T153000Z\r
SUMMARY:Board meeting on the merger\r
LOCATION:Room 4\\, Zürich office\r
DESCRIPTION:Agenda: the platypus acquisition\\nand the budget.\r
ORGANIZER;CN=Ann Lee:mailto:ann@x.org\r
ATTENDEE;CN=Bob Roe;PARTSTAT=ACCEPTED:mailto:bob@x.org\r
ATTENDEE;CN="Cy, Jr.":mailto:cy@x.org\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:holiday@x.org\r
DTSTART;VALUE=DATE:20210405\r
SUMMARY:Easter Monday\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_an_ics_file_is_events_dated_by_their_start(tmp_path):
    (tmp_path / "cal.ics").write_text(ICS, encoding="utf-8")
    result = read_units(tmp_path / "cal.ics", "cal.ics")
    board, holiday = result.units
    assert board.kind == "event" and board.subject == "Board meeting on the merger"
    assert board.date == datetime(2021, 3, 5, 14, 30, tzinfo=timezone.utc)
    assert (board.sender, board.sender_address) == ("Ann Lee", "ann@x.org")
    assert board.to == ("Bob Roe", "Cy, Jr.") and board.to_addresses == ("bob@x.org", "cy@x.org")
    assert "Room 4, Zürich office" in board.text and "platypus acquisition" in board.text
    assert holiday.date == date(2021, 4, 5) and holiday.kind == "event"
    assert result.problems == ()


def test_an_invitation_mail_gives_its_message_and_its_event():
    folder = needs_testdata("calendar")
    mail, event = read_units(folder / "thunderbird_single-event.eml", "i.eml").units
    assert mail.kind == "email" and "BEGIN:VCALENDAR" not in mail.text
    assert event.kind == "event" and event.subject == "Single Event"
    assert event.date == datetime(2022, 3, 16, 11, 0, tzinfo=timezone.utc)
    assert event.sender == "Sender" and "Receiver" in event.to and "Somewhere" in event.text
    mail, event = read_units(folder / "thunderbird_outlook-test-invite.eml", "o.eml").units
    assert event.kind == "event" and event.date.year == 2021


def test_a_vcard_is_a_contact_with_its_addresses_not_paragraphs():
    folder = needs_testdata("calendar")
    (card,) = read_units(folder / "rubymsg_contact.vcf", "c.vcf").units
    assert card.kind == "contact" and card.sender == "(full name) A completely bogus contact"
    assert card.sender_address == "email@emailland.com" and "0404 123 456" in card.text
    (other,) = read_units(folder / "rubymsg_Swetlana_Novikova.vcf", "s.vcf").units
    assert other.sender == "Swetlana Novikova" and other.sender_address == "support@scalabium.com"


def test_a_card_is_found_by_its_structured_name_and_nickname_too(tmp_path):
    """FN in one script, N in another (`FN:山田 健二`, `N:Yamada;Kenji`): both are its name's
    words; an N that only repeats FN is not written twice."""
    (tmp_path / "c.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:山田 健二\r\nN:Yamada;Kenji;;;\r\n"
        "NICKNAME:Ken\r\nEMAIL:kenji@example.jp\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    kenji, ann = read_units(tmp_path / "c.vcf", "c.vcf").units
    assert kenji.sender == "山田 健二"
    assert "Name: Kenji Yamada" in kenji.text and "Nickname: Ken" in kenji.text
    assert "Name:" not in ann.text


def test_a_broken_calendar_is_one_line(tmp_path):
    (tmp_path / "bad.ics").write_text(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:notadate\n", encoding="utf-8"
    )
    result = read_units(tmp_path / "bad.ics", "bad.ics")
    assert len(result.problems) == 1 and result.problems[0].source == "bad.ics"


def test_events_and_contacts_are_found_by_kind_person_and_words(tmp_path):
    from searchkit import Archive

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "cal.ics").write_text(ICS, encoding="utf-8")
    (corpus / "ann.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\nEMAIL:ann@x.org\r\n"
        "EMAIL:ann.lee@home.example\r\nORG:Platypus Holdings\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    with Archive(corpus, tmp_path / "index") as archive:
        (hit,) = archive.search("platypus kind:event").hits
        assert hit.subject == "Board meeting on the merger" and hit.kind == "event"
        assert [h.subject for h in archive.search("to:bob", limit=None)] == [
            "Board meeting on the merger"
        ]
        assert {h.kind for h in archive.search("from:ann", limit=None)} == {"event", "contact"}
        assert [h.subject for h in archive.search("date:2021-04", limit=None)] == ["Easter Monday"]
        (card,) = archive.search("kind:contact", limit=None).hits
        assert card.sender == "Ann Lee" and "ann.lee@home.example" in card.text
