"""Outlook's printed `;` lists over the grammar of their variation: people written `Last,
First M. (OFFICE) (AGENCY)` as U.S. agencies' releases print them, a list wrapped at the
margin with the next names unindented (at a `;` or inside a name), the sender with marks of
its own; saved as a file of its own (read as mail) or under a line of a release (read by
the splitter). And Zimbra's print view, its address spaced inside the brackets and its date
right of the sender. Every field of every message is checked."""

from __future__ import annotations

import tempfile
import textwrap
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit.corpus import read_units
from searchkit.units import EMAIL

_LAST = ["Sloane", "Kadlec", "O'Neil", "Van der Berg", "Phillips", "Yeskey", "Strand", "Hamel"]
_FIRST = ["Victor", "Robert", "Sally", "Anne-Marie", "Kevin", "Joseph", "Jo", "Li"]
_MARKS = ["HHS/ASPR", "OS/IOS", "DO", "FBI", "CDC/OD"]


@st.composite
def _people(draw: st.DrawFn, most: int) -> list[tuple[str, str]]:
    """People as the list writes them and as searchkit should name them."""
    drawn = []
    for _ in range(draw(st.integers(1, most))):
        last, first = draw(st.sampled_from(_LAST)), draw(st.sampled_from(_FIRST))
        initial = draw(st.sampled_from(["", " M.", " C"]))
        nickname = draw(st.sampled_from(["", " (Gus)", " (Bo)"]))  # the given name's
        marks = draw(st.lists(st.sampled_from(_MARKS), max_size=2, unique=True))
        shout = draw(st.booleans()) and not marks[1:]
        written_last = last.upper() if shout else last
        office = "".join(f" ({mark})" for mark in marks)
        given = f"{first}{initial}{nickname}"
        drawn.append((f"{written_last}, {given}{office}", f"{given} {written_last}{office}"))
    return drawn


def _wrapped(label: str, people: list[tuple[str, str]], width: int) -> str:
    """`label: a; b; c` wrapped at `width` columns, the lines after the first unindented."""
    listed = "; ".join(written for written, _ in people)
    lines = textwrap.wrap(f"{label}: {listed}", width=width, break_long_words=False)
    return "\n".join(lines)


@st.composite
def _heads(draw: st.DrawFn) -> tuple[str, dict]:
    sender = draw(_people(1))[0]
    to = draw(_people(8))
    cc = draw(st.one_of(st.just([]), _people(5)))
    width = draw(st.integers(40, 90))
    when = draw(st.datetimes(datetime(2015, 1, 1), datetime(2024, 12, 31))).replace(
        second=0, microsecond=0
    )
    sent = f"{when:%A, %B} {when.day}, {when.year} {when.hour % 12 or 12}:{when:%M %p}"
    subject = draw(st.sampled_from(["Masks", "RE: Counts by state", "FW: Call at 3"]))
    lines = [f"From: {sender[0]}", f"Sent: {sent}", _wrapped("To", to, width)]
    if cc:
        lines.append(_wrapped("Cc", cc, width))
    lines.append(f"Subject: {subject}")
    body = draw(st.sampled_from(["We need the counts by noon.", "Thanks; see below."]))
    expected = {
        "sender": sender[1],
        "to": [named for _, named in to],
        "cc": [named for _, named in cc],
        "date": when,
        "subject": subject,
        "body": body,
    }
    return "\n".join(lines) + f"\n\n{body}\n", expected


def _units(name: str, text: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        return [unit for unit in read_units(path, name).units if unit.kind == EMAIL]


def _check(unit, expected: dict) -> None:
    assert unit.sender == expected["sender"]
    assert list(unit.to) == expected["to"]
    assert list(unit.cc) == expected["cc"]
    assert unit.date == expected["date"]
    assert unit.subject == expected["subject"]
    assert unit.text.strip() == expected["body"]


_ENOUGH = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_ENOUGH
@given(_heads())
def test_a_printed_list_wrapped_at_the_margin_is_read_whole_in_a_file_of_its_own(head):
    text, expected = head
    units = _units("printout.txt", text)
    assert len(units) == 1, text
    _check(units[0], expected)


@_ENOUGH
@given(_heads(), _heads())
def test_a_printed_list_wrapped_at_the_margin_is_read_whole_in_a_release(first, second):
    release = (
        f"UNCLASSIFIED U.S. Department of State Case No. F-2020-01234\n\n{first[0]}\n{second[0]}"
    )
    units = _units("release.txt", release)
    assert len(units) == 2, release
    for unit, (_, expected) in zip(units, (first, second), strict=True):
        _check(unit, expected)


@settings(max_examples=40, deadline=None)
@given(
    name=st.sampled_from(["Alice Walker", "Bob de la Cruz", "Łucja Nowak"]),
    inside=st.sampled_from(["<{}>", "< {} >", "< {}>", "<{} >"]),
    label=st.sampled_from(["From : ", "From: "]),
    gap=st.integers(2, 30),
    when=st.datetimes(datetime(2005, 1, 1), datetime(2024, 12, 31)),
)
def test_zimbras_print_view_names_its_sender_and_date(name, inside, label, gap, when):
    address = name.split()[0].lower().replace("ł", "l") + "@example.com"
    written = f"{when:%a, %b} {when.day}, {when.year} {when.hour % 12 or 12}:{when:%M %p}"
    text = (
        f"{label}{name} {inside.format(address)}{' ' * gap}{written}\n"
        f"Subject : Budget\nTo : Bob Stone < bob@example.com >\n\nThe budget is final.\n"
    )
    units = _units("print.txt", text)
    assert len(units) == 1, text
    unit = units[0]
    assert (unit.sender, unit.sender_address) == (name, address)
    assert unit.date == when.replace(second=0, microsecond=0)
    assert (unit.subject, list(unit.to), unit.text.strip()) == (
        "Budget",
        ["Bob Stone"],
        "The budget is final.",
    )
