"""An OCR'd release read as text: stray spaces in labels, exemption codes, letter-spaced
names, values read apart from their labels, and the running header of every page."""

from __future__ import annotations

from datetime import datetime

import pytest

from searchkit.corpus import read_units

FURNITURE = "UNCLASSIFIED U.S. Department of State Case No. F-2016-07895 Doc No. C0601234{} Date: 03/14/2017"

RELEASE = f"""\
{FURNITURE.format(5)}

RELEASE IN PART B6

From : Mills, Cheryl D <MillsCD@state.gov>
Sent : Tuesday, March 5, 2019 4:12 PM
To : H
Cc : (b)(6)
Subject : Re: the visa backlog

Please call me when you land.

{FURNITURE.format(6)}

From: J a n e  D o e <j a n e @ s t a t e . g o v>
Sent: Wednesday, March 6, 2019 9:30 AM
To: M i l l s ,  C h e r y l  D
Subject: RE: the visa backlog

Will do.

{FURNITURE.format(7)}

From:
Sent:
To:
Subject:
Jacob Sullivan
Thursday, March 7, 2019 8:01 PM
H
follow-up

The follow-up is attached.

{FURNITURE.format(8)}

From:
Sent:
To:
Subject:
Thursday, March 7, 2019 9:15 PM
H

The scan lost a line of this head.
"""


@pytest.fixture()
def emails(tmp_path):
    path = tmp_path / "release.txt"
    path.write_text(RELEASE, "utf-8")
    units = read_units(path, "release.txt").units
    assert not any("UNCLASSIFIED" in unit.text for unit in units)  # the running header
    return [unit for unit in units if unit.kind == "email"]


def test_labels_with_stray_spaces_and_exemption_codes(emails):
    mills = emails[0]
    assert (mills.sender, mills.sender_address) == ("Cheryl D Mills", "millscd@state.gov")
    assert mills.date == datetime(2019, 3, 5, 16, 12) and mills.cc == ("[redacted]",)
    assert mills.text == "Please call me when you land."


def test_letter_spaced_names_and_addresses_are_joined(emails):
    doe = emails[1]
    assert (doe.sender, doe.sender_address, doe.to) == (
        "Jane Doe",
        "jane@state.gov",
        ("Cheryl D Mills",),
    )


def test_values_read_apart_from_their_labels_are_paired_only_when_they_all_stand(emails):
    sullivan, lost = emails[2:]
    assert (sullivan.sender, sullivan.to, sullivan.subject) == (
        "Jacob Sullivan",
        ("H",),
        "follow-up",
    )
    assert sullivan.date == datetime(2019, 3, 7, 20, 1)
    assert sullivan.text == "The follow-up is attached."
    # a value missing: nothing is guessed, the words stay findable, no subject is inherited
    assert (lost.sender, lost.date, lost.subject) == (None, None, None)
    assert "Thursday, March 7, 2019 9:15 PM" in lost.text and "lost a line" in lost.text
