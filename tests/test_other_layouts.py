"""Files of layouts and formats the other tests do not make: each read right, or named with
the reason it is not (found by pointing searchkit at a folder made by hand)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from searchkit.corpus import read_units

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
