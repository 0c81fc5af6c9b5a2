"""Files of layouts and formats the other tests do not make: each read right, or named with
the reason it is not (found by pointing searchkit at a folder made by hand); an Apple Mail
store's mailboxes, drawn in every way Apple Mail nests them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit import Archive
from searchkit.corpus import read_units
from searchkit.folders import apple_mail_folder

FORWARD = """\
Notes pasted from my mailbox, March 2019.

-------- Forwarded Message --------
Subject: \tRe: staffing plan
Date: \tWed, 6 Mar 2019 17:45:10 +0100
From: \tMarta Ruiz <marta@example.es>
To: \tJonas Berg <jonas@example.se>
CC: \tPriya Nair <priya@example.in>

Jonas, the plan is fine by me. Let's meet at 5 pm on Friday.

On 06.03.2019 14:02, Jonas Berg wrote:
> Marta, attached is the staffing plan for Q2.
"""


def test_a_thunderbird_forward_and_a_dotted_day_first_attribution(tmp_path):
    (tmp_path / "forward.txt").write_text(FORWARD, "utf-8")
    emails = [
        u for u in read_units(tmp_path / "forward.txt", "forward.txt").units if u.kind == "email"
    ]
    marta, jonas = emails
    assert (marta.sender, marta.to, marta.cc) == ("Marta Ruiz", ("Jonas Berg",), ("Priya Nair",))
    assert marta.date == datetime(2019, 3, 6, 17, 45, 10, tzinfo=timezone(timedelta(hours=1)))
    # 06.03.2019 is the 6th of March: dots are day first (it was read as June 3)
    assert (jonas.sender, jonas.date, jonas.quoted_in) == (
        "Jonas Berg",
        datetime(2019, 3, 6, 14, 2),
        marta.id,
    )


def test_an_apple_mail_emlx_file_is_the_message_it_holds(tmp_path):
    message = (
        b"From: Kim Park <kim@example.org>\nTo: Sam Cho <sam@example.org>\n"
        b"Date: Thu, 7 Mar 2019 09:15:00 -0800\nSubject: lunch\n"
        b"Message-ID: <lunch-1@example.org>\n\nLunch at noon?\n"
    )
    plist = b'<?xml version="1.0"?>\n<plist version="1.0"><dict><key>flags</key></dict></plist>\n'
    (tmp_path / "12345.emlx").write_bytes(str(len(message)).encode() + b"\n" + message + plist)
    result = read_units(tmp_path / "12345.emlx", "12345.emlx")
    (email,) = result.units
    assert (email.sender, email.to, email.subject, email.message_id) == (
        "Kim Park",
        ("Sam Cho",),
        "lunch",
        "<lunch-1@example.org>",
    )
    assert email.text == "Lunch at noon?" and result.problems == ()
    # its lines are the file's: the length on line 1, the body on line 8
    assert (email.line_start, email.line_end) == (1, 8)


def test_a_german_outlook_printout_is_read_as_a_message(tmp_path):
    (tmp_path / "de.txt").write_text(
        "Von: Schmidt, Anna <anna.schmidt@example.de>\nGesendet: Dienstag, 5. März 2019 16:12\n"
        "An: Weber, Tom <tom.weber@example.de>\nBetreff: Budget 2019\n\nHallo Tom.\n",
        "utf-8",
    )
    result = read_units(tmp_path / "de.txt", "de.txt")
    (email,) = result.units
    assert (email.sender, email.to, email.subject, email.date.isoformat()) == (
        "Anna Schmidt",
        ("Tom Weber",),
        "Budget 2019",
        "2019-03-05T16:12:00",
    )
    assert email.text == "Hallo Tom." and result.problems == ()


def test_json_of_an_app_searchkit_does_not_read_is_named(tmp_path):
    (tmp_path / "result.json").write_text(
        '{"name": "Project chat", "messages": [{"id": 1, "date": "2019-03-05T16:12:00",'
        ' "from": "Alex", "text": "Are the figures ready?"}]}\n',
        "utf-8",
    )
    result = read_units(tmp_path / "result.json", "result.json")
    assert [str(problem) for problem in result.problems] == [
        "result.json: JSON that is no export searchkit reads (Slack's is): indexed as plain text"
    ]
    assert any("figures ready" in unit.text for unit in result.units)  # still findable


_MAILBOX = st.text(
    st.sampled_from([*"abcXYZ019 ._-", "ü", "é", "日"]), min_size=1, max_size=10
).filter(lambda name: name.strip(". ") == name)
#: Where Apple Mail keeps a mailbox's messages below its `.mbox` folder: `Messages/` (older
#: stores), `<id>/Data/Messages/`, and `<id>/Data/<digit>/<digit>/Messages/` past a thousand.
_BELOW = st.sampled_from(
    [
        "Messages",
        "0A1B2C3D-4E5F-6789-ABCD-EF0123456789/Data/Messages",
        "0A1B2C3D-4E5F-6789-ABCD-EF0123456789/Data/3/1/Messages",
    ]
)
_ABOVE = st.sampled_from(["", "Mail/V10/9F8E7D6C-5B4A-3210-FEDC-BA9876543210/", "Mailboxes/"])


@settings(max_examples=300, deadline=None)
@given(
    above=_ABOVE,
    names=st.lists(_MAILBOX, min_size=1, max_size=3),
    below=_BELOW,
    name=st.sampled_from(["1201.emlx", "88.partial.emlx", "7.EMLX"]),
)
def test_an_apple_mail_message_is_filed_in_the_mailboxes_around_it(above, names, below, name):
    source = above + "".join(f"{box}.mbox/" for box in names) + f"{below}/{name}"
    assert apple_mail_folder(source) == "/".join(names)
    assert apple_mail_folder(source.removesuffix(name) + "1201.eml") is None
    assert apple_mail_folder(f"{below}/{name}") is None  # no mailbox on its path: none said


def test_folder_finds_the_apple_mail_mailbox_of_a_message(tmp_path):
    message = (
        b"From: Kim Park <kim@example.org>\nTo: Sam Cho <sam@example.org>\n"
        b"Date: Thu, 7 Mar 2019 09:15:00 -0800\nSubject: lunch\n\nLunch at noon?\n"
    )
    place = tmp_path / "corpus" / "Projects.mbox" / "Alpha.mbox" / "Messages"
    place.mkdir(parents=True)
    (place / "1.emlx").write_bytes(str(len(message)).encode() + b"\n" + message)
    archive = Archive(tmp_path / "corpus", tmp_path / "index")
    (hit,) = archive.search("folder:Projects/Alpha")
    assert hit.folder == "Projects/Alpha"
    assert archive.search("folder:Projects").total == 1  # and the mailbox around it
