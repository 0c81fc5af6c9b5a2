"""What `mu view --terminate` prints, over the grammar of its plain format (mu-view(1) and
mu-cmd-view.cc): each message its From, To, Cc, Bcc, Subject, Date (the `%c` of the locale mu
ran in), Tags and Attachments lines, each only where it has a value, a blank line, the body,
then a form feed on which the next message's From: line starts. Every message must come back
on its own, with its fields (its blind copies as such) and its own words, none taken for a
quote of the one before."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit.corpus import read_units
from searchkit.units import EMAIL

_PEOPLE = [
    ("Dirk-Jan Binnema", "djcb@example.nl"),
    ("Maria Gómez", "maria@example.es"),
    ("", "noreply@lists.example.org"),
    ("Chen Wei", "chen.wei@example.cn"),
    ("O'Brien, Sean", "sean@example.ie"),
]
_WORDS = ["maildir", "index", "query", "thread", "patch", "release", "emacs", "mu4e", "budget"]
#: Zone abbreviations `%c` prints, and their offsets (minutes).
_ZONES = [("UTC", 0), ("GMT", 0), ("CET", 60), ("CEST", 120), ("EST", -300), ("PDT", -420)]
#: Weekday and month names of the locales' `%c`, Monday and January first.
_NAMES = {
    "en": (
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    ),
    "de": (
        ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"],
        ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"],
    ),
    "fr": (
        ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."],
        ["janv.", "févr.", "mars", "avril", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
    ),
}


def _c_time(when: datetime, locale: str, zone: str) -> str:
    """`%c` as glibc writes it in the C, en_US and en_GB/de_DE/fr_FR locales."""
    days, months = _NAMES["en" if locale in ("C", "en_US", "en_GB") else locale]
    day, month = days[when.weekday()], months[when.month - 1]
    if locale == "C":
        return f"{day} {month} {when.day:2d} {when:%H:%M:%S} {when.year}"
    if locale == "en_US":
        return f"{day} {when.day:02d} {month} {when.year} {when:%I:%M:%S %p} {zone}"
    return f"{day} {when.day:02d} {month} {when.year} {when:%H:%M:%S} {zone}"


def _listed(people: list[tuple[str, str]]) -> str:
    """Contacts as mu joins them: a name holding a comma quoted (`Contact::display_name`)."""
    return ", ".join(
        address if not name else f'"{name}" <{address}>' if "," in name else f"{name} <{address}>"
        for name, address in people
    )


def _shown(person: tuple[str, str]) -> str:
    """The name searchkit shows for a person: `Last, First` turned round; the address of
    one who has no name."""
    name = person[0]
    if ", " in name:
        last, first = name.split(", ", 1)
        return f"{first} {last}"
    return name or person[1]


@st.composite
def _messages(draw: st.DrawFn, locale: str) -> tuple[list[str], dict]:
    cast = draw(st.permutations(_PEOPLE))
    sender = draw(st.sampled_from([p for p in _PEOPLE if p[0]]))
    others = [p for p in cast if p != sender]
    to = others[: draw(st.integers(1, 2))]
    cc = others[len(to) : len(to) + draw(st.integers(0, 1))]
    bcc = others[len(to) + len(cc) :][: draw(st.integers(0, 1))]
    moment = draw(st.datetimes(datetime(2009, 1, 1), datetime(2024, 12, 31))).replace(microsecond=0)
    zone, minutes = draw(st.sampled_from(_ZONES))
    subject = draw(st.sampled_from(["", "Re: ", "[mu] "])) + " ".join(
        draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4))
    ).capitalize()
    body = [
        " ".join(draw(st.lists(st.sampled_from(_WORDS), min_size=3, max_size=9))).capitalize() + "."
        for _ in range(draw(st.integers(1, 3)))
    ]
    if len(body) > 1 and draw(st.booleans()):  # a page break inside the body parts nothing
        body.insert(1, "\f")
    lines = [f"From: {_listed([sender])}", f"To: {_listed(to)}"]
    lines += [f"Cc: {_listed(cc)}"] if cc else []
    lines += [f"Bcc: {_listed(bcc)}"] if bcc else []
    lines += [f"Subject: {subject}"] if subject else []
    lines += [f"Date: {_c_time(moment, locale, zone)}"]
    lines += [f"Tags: {draw(st.sampled_from(['inbox', 'inbox, unread', 'replied']))}"] * draw(st.booleans())
    lines += ["Attachments: minutes.pdf, budget.xlsx"] * draw(st.booleans())
    lines += ["", *body]
    when = moment if locale == "C" else moment.replace(tzinfo=timezone(timedelta(minutes=minutes)))
    expected = {
        "sender": _shown(sender),
        "sender_address": sender[1],
        "to": list(map(_shown, to)),
        "cc": list(map(_shown, cc)),
        "bcc": list(map(_shown, bcc)),
        "date": when,
        "subject": subject or None,
        "words": [line for line in body if line != "\f"],
    }
    return lines, expected


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["C", "en_US", "en_GB", "de", "fr"]).flatmap(
    lambda locale: st.tuples(st.just(locale), st.lists(_messages(locale), min_size=1, max_size=4))
))
def test_every_message_mu_view_terminate_prints_is_read_on_its_own(drawn):
    locale, messages = drawn
    text, starts = "", []
    for lines, _ in messages:
        starts.append(text.count("\n") + 1)
        text += "\n".join(lines) + "\n\f"  # the next head starts on the form feed's line
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "view.txt"
        path.write_text(text, encoding="utf-8")
        read = read_units(path, "view.txt")
    units = list(read.units)
    assert [unit.kind for unit in units] == [EMAIL] * len(messages)
    assert all(unit.quoted_in is None for unit in units)
    for unit, (lines, expected), start in zip(units, messages, starts, strict=True):
        assert (unit.sender, unit.sender_address) == (expected["sender"], expected["sender_address"])
        assert (list(unit.to), list(unit.cc)) == (expected["to"], expected["cc"])
        assert list(unit.bcc) == expected["bcc"]
        assert (unit.date, unit.subject) == (expected["date"], expected["subject"])
        assert [line for line in unit.text.split("\n") if line.strip()] == expected["words"]
        assert start <= unit.line_start <= unit.line_end < start + len(lines)
    # a time with no zone (the C locale's) is said, naming the file; nothing else is
    said = [str(problem) for problem in read.problems]
    assert len(said) == (len(messages) if locale == "C" else 0), said
    assert all("view.txt" in line and "no time zone" in line for line in said)
