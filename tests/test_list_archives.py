"""Mailing-list web archives: a message per page with the archive's own headers, never its
navigation; its index pages are no messages."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from searchkit.corpus import iter_corpus, read_units

from .conftest import FIXTURES, needs_testdata


def test_every_pipermail_message_page_gives_its_message():
    folder = needs_testdata("pipermail-html")
    results = list(iter_corpus(folder))
    pages = [
        result for result in results if not result.source.endswith(("date.html", "thread.html"))
    ]
    assert len(pages) == 18
    for page in pages:
        (message,) = [unit for unit in page.units if unit.kind == "email" and not unit.quoted_in]
        assert message.sender and message.sender_address and "@" in message.sender_address
        assert message.subject.startswith("[Twisted-Python]") and message.date is not None
        assert not any(
            "Messages sorted by" in unit.text or "Next message" in unit.text for unit in page.units
        )
    # a thread is its subject's, whatever the list tag and the Re:/Fwd: before it
    firsts = [unit for page in pages for unit in page.units if not unit.quoted_in]
    moving = {unit.thread for unit in firsts if "Moving the Twisted-Python" in unit.subject}
    subjects = {unit.subject for unit in firsts if "Moving the Twisted-Python" in unit.subject}
    assert len(moving) == 1 and len(subjects) == 2  # `[Twisted-Python] …`, `… Fwd: …`
    indexes = [result for result in results if result.source.endswith(("date.html", "thread.html"))]
    assert len(indexes) == 4 and all(
        result.units == () and result.problems == () for result in indexes
    )
    (evilham,) = [
        unit
        for unit in read_units(folder / "2021-August/065704.html", "p.html").units
        if not unit.quoted_in
    ]
    assert (evilham.sender, evilham.sender_address) == ("Evilham", "contact@evilham.com")
    assert evilham.date == datetime(2021, 8, 4, 1, 27, 34, tzinfo=timezone(timedelta(hours=-6)))


def test_hypermail_and_mhonarc_pages():
    (ada, quote) = read_units(FIXTURES / "hypermail.html", "h.html").units
    assert (ada.sender, ada.subject) == ("Ada Lovelace", "Re: budget for the lab")
    assert ada.sender_address == "ada@example.org"
    assert ada.date == datetime(2021, 3, 1, 10, 0, tzinfo=timezone.utc)
    assert (
        ada.text == "The engine needs a new budget line for the cards."
        and ada.message_id == "<1234@example.org>"
    )
    assert quote.quoted_in == ada.id and quote.text == "Can we afford it?\nI am not sure."
    (charles,) = read_units(FIXTURES / "mhonarc.html", "m.html").units
    assert (charles.sender, charles.sender_address) == ("Charles Babbage", "charles@example.org")
    assert (
        charles.subject == "Engine trials on Thursday"
        and charles.message_id == "<5678@example.org>"
    )
    assert (
        charles.text
        == "The difference engine runs its first trial on Thursday morning.\nBring the punched cards."
    )
