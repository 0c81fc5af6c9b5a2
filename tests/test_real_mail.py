"""Real public mail nobody here wrote (../shared/testdata): read as faithfully as notmuch reads it.

Expected values were read off the files with grep, not from searchkit's output. Every test is
skipped when the folder is absent.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from searchkit import search
from searchkit.archive import Archive
from searchkit.corpus import iter_corpus, read_units
from searchkit.indexing import update

from .conftest import needs_testdata


def units_in(folder: str):
    return [unit for result in iter_corpus(needs_testdata(folder)) for unit in result.units]


def top_level(units):
    return [unit for unit in units if unit.kind == "email" and not unit.quoted_in]


@pytest.fixture(scope="module")
def mail_index(tmp_path_factory):
    """One index over every test mail folder (copied: the corpus may not live in shared/)."""
    root = needs_testdata(".")
    corpus = tmp_path_factory.mktemp("mail") / "corpus"
    for folder in ("eml-notmuch-default", "eml-notmuch-duplicate", "mbox", "rfc822-edge-cases"):
        shutil.copytree(root / folder, corpus / folder)
    index = corpus.parent / "index"
    report = update(corpus, index)
    return corpus, index, report


@pytest.mark.parametrize(
    ("folder", "messages"),
    [("eml-notmuch-default", 53), ("mbox", 164), ("eml-notmuch-duplicate", 9)],
)
def test_every_message_becomes_an_email_unit(folder, messages):
    assert len(top_level(units_in(folder))) == messages


def test_mbox_messages_per_folder_and_dates_from_the_date_header():
    folder = needs_testdata("mbox")
    counts = {
        "enron.allen-p.inbox.mbox": 66,
        "enron.beck-s.dpr.mbox": 22,
        "enron.hodge-j.sent.mbox": 36,
        "enron.shackleton-s.policy.mbox": 40,
    }
    for name, count in counts.items():
        found = top_level(read_units(folder / name, name).units)
        assert len(found) == count > 0, name
        # the mbox `From ` lines carry the conversion time (2022); the Date: headers 1999-2002
        assert all(1999 <= unit.date.year <= 2002 for unit in found), name
    first = top_level(read_units(folder / "enron.hodge-j.sent.mbox", "x").units)[0]
    assert first.sender_address == "jeffrey.hodge@enron.com"
    assert first.subject == "Producer Services Agreement"
    assert first.date == datetime(2001, 5, 14, 9, 27, tzinfo=timezone(timedelta(hours=-7)))


@pytest.mark.parametrize(
    ("name", "sender", "address", "subject", "date"),
    [
        (
            "01.eml",
            "Mikhail Gusarov",
            "dottedmag@dottedmag.net",
            "[notmuch] [PATCH 1/2] Close message file after parsing message headers",
            datetime(2009, 11, 17, 21, 28, 37, tzinfo=timezone(timedelta(hours=6))),
        ),
        (
            "cur_41.eml",
            "Carl Worth",
            "cworth@cworth.org",
            "[notmuch] Working with Maildir storage?",
            datetime(2009, 11, 18, 2, 8, 10, tzinfo=timezone(timedelta(hours=-8))),
        ),
        # RFC 2047 encoded words, even inside quotes where the RFC does not allow them
        ("cur_52.eml", "François Boulogne", "boulogne.f@gmail.com", None, None),
        ("cur_53.eml", None, None, "Essai accentué", None),
    ],
)
def test_notmuch_headers_decoded(name, sender, address, subject, date):
    folder = needs_testdata("eml-notmuch-default")
    unit = top_level(read_units(folder / name, name).units)[0]
    if sender:
        assert (unit.sender, unit.sender_address) == (sender, address)
    if subject:
        assert unit.subject == subject
    if date:
        assert unit.date == date


def test_threads_from_references():
    units = top_level(units_in("eml-notmuch-default"))
    maildir = [
        unit for unit in units if unit.subject and "Working with Maildir storage" in unit.subject
    ]
    assert len(maildir) >= 2 and len({unit.thread for unit in maildir}) == 1


def test_interleaved_reply_keeps_its_own_words_and_quotes_apart():
    folder = needs_testdata("eml-notmuch-default")
    reply, quoted = read_units(folder / "cur_41.eml", "cur_41.eml").units
    assert reply.text.startswith("Welcome, Lars!")
    assert "Notmuch works just fine with maildir" in reply.text
    assert "mairix" not in reply.text and ">" not in reply.text
    assert quoted.sender == "Lars Kellogg-Stedman" and quoted.quoted_in == reply.id
    assert "mutt and mairix" in quoted.text


def test_outlook_and_lotus_quotes_are_recognised():
    folder = needs_testdata("mbox")
    units = read_units(folder / "enron.allen-p.inbox.mbox", "x").units
    quoted = [unit for unit in units if unit.quoted_in]
    assert quoted and all("-----Original Message-----" not in unit.text for unit in units)
    assert not any("Forwarded by" in unit.text for unit in units if unit.sender)
    kirk = [unit for unit in quoted if unit.sender == "sheri.a.righi@accenture.com"]
    assert kirk and kirk[0].date.year == 2001  # from `… on 11/26/2001 05:29:09 PM`


def test_nothing_in_the_folders_crashes_and_nothing_is_lost(mail_index):
    corpus, index, report = mail_index
    assert report.problems == []
    assert len(report.added) == 53 + 9 + 4 + 48


def test_copies_of_one_message_are_one_unit(mail_index):
    corpus, index, _ = mail_index
    hits = search("severity serious", corpus=corpus, index=index, kind="email", limit=None)
    # five files carry Message-ID <87r2ecrr6x.fsf@zephyr.silentflame.com>: one hit
    sean = [hit for hit in hits if hit.message_id == "<87r2ecrr6x.fsf@zephyr.silentflame.com>"]
    assert len(sean) == 1
    assert [u.source for u in Archive(corpus, index).copies(sean[0])] == [
        f"eml-notmuch-duplicate/msg-3-{n}.eml" for n in range(1, 6)
    ]
    stats = Archive(corpus, index).stats()
    assert stats["copies"] >= 4 + 1 + 1


def test_no_quoted_block_is_indexed_twice(mail_index):
    corpus, index, report = mail_index
    assert report.quotes_left_out > 0
    # Lars's first message is in the corpus (cur_46.eml… via its Message-ID) and is quoted by
    # Carl's reply: its words are found once, as Lars's own email
    hits = search('"decided to take a look at notmuch"', corpus=corpus, index=index, limit=None)
    assert len(hits) == 1 and hits[0].quoted_in is None
    assert hits[0].sender == "Lars Kellogg-Stedman"


def test_attachment_names_are_kept(mail_index):
    corpus, index, _ = mail_index
    found = [
        hit
        for hit in search("kind:email", corpus=corpus, index=index, limit=None)
        if hit.attachments
    ]
    assert found and all(
        isinstance(name, str) and name for hit in found for name in hit.attachments
    )


def test_maildir_folder_is_read_as_mail(tmp_path):
    source = needs_testdata("eml-notmuch-default")
    maildir = tmp_path / "corpus" / "Mail" / "inbox"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    shutil.copy(source / "01.eml", maildir / "cur" / "1258471718.M1P1.host:2,S")
    shutil.copy(source / "cur_41.eml", maildir / "new" / "1258510090.M2P2.host")
    shutil.copy(source / "cur_52.eml", maildir / "tmp" / "1258510091.M3P3.host")  # in delivery
    units = [u for r in iter_corpus(tmp_path / "corpus") for u in r.units if not u.quoted_in]
    assert sorted(unit.sender for unit in units) == ["Carl Worth", "Mikhail Gusarov"]
    assert {Path(unit.source).parent.name for unit in units} == {"cur", "new"}


@pytest.mark.parametrize(
    ("name", "field", "people"),
    [
        ("msg_20.txt", "cc", ("ccc@zzz.org", "ddd@zzz.org", "eee@zzz.org")),  # Cc:, CC:, cc:
        ("msg_25.txt", "to", ("linuxuser-admin@www.linux.org.uk", "postmaster@zinfandel.lacita.com")),
    ],
)
def test_every_header_of_a_recipients_field_is_read(name, field, people):
    path = needs_testdata("rfc822-edge-cases") / name
    (unit,) = read_units(path, name).units
    assert getattr(unit, field) == people
