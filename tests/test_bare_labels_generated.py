"""Heads whose labels stand with no colon, over the grammar of their variation.

Hypothesis draws releases of Lotus Notes memos as printed (the sender, a Notes name in full,
over the date; `Sent by:` sometimes; then `To`, `cc`, `bcc`, `Subject` with no colon, each
value beside its label, under it, or, in a layout's text, the labels in a column right of the
sender and date, the sender's name wrapped in that narrow column; lists wrapped; English or
German labels and clocks), and webmail print views whose head is a table of labels and values
(a tab or spaces between, the rows in any order, any language of searchkit's table). Every
message must come back with its sender, recipients, date, subject and lines.
"""

from __future__ import annotations

from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .test_header_blocks_generated import _body, _check, _units

FIRST = ["Gina", "Bob", "Richard", "Aaron", "Janet", "Seth", "Anna", "Lisa", "Craig"]
LAST = ["McCarthy", "Perciasepe", "Windsor", "Dickerson", "McCabe", "Oster", "Wood", "Hooks"]
UNITS = ["DC/USEPA/US", "R5/USEPA/US", "RTP/USEPA/US", "HOU/ECT", "Sales/Acme"]
WORDS = ["sampling", "outfall", "permit", "budget", "draft", "meeting", "review", "standards"]
#: A memo's labels as Notes prints them (to, cc, bcc, subject), and how it writes a date
MEMO_LOCALES = {
    "en": (("To", "cc", "bcc", "Subject"), "%m/%d/%Y %I:%M %p"),
    "de": (("An", "Kopie", "Blindkopie", "Betreff"), "%d.%m.%Y %H:%M"),
    "de-r5": (("An", "Kopie", "Blindkopie", "Thema"), "%d.%m.%Y %H:%M"),
}
#: A print view's labels (from, date, to, cc, subject) in some of the table's languages
VIEW_LABELS = {
    "en": ("From", "Date", "To", "Cc", "Subject"),
    "de": ("Von", "Datum", "An", "Kopie", "Betreff"),
    "fr": ("De", "Date", "À", "Cc", "Objet"),
    "es": ("De", "Fecha", "Para", "CC", "Asunto"),
    "pl": ("Od", "Data", "Do", "DW", "Temat"),
}
VIEW_DATES = ("%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%a, %d %b %Y %H:%M")

moments = st.datetimes(min_value=datetime(1998, 1, 1), max_value=datetime(2024, 12, 31)).map(
    lambda moment: moment.replace(second=0, microsecond=0)
)
names = st.builds(lambda first, last: f"{first} {last}", st.sampled_from(FIRST), st.sampled_from(LAST))


def _paragraph(draw) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=4, max_size=10))
    return " ".join(words).capitalize() + "."


def _listed(people: list[str], wrap: bool) -> list[str]:
    """A list of people as Notes writes it: on one line, or wrapped after a comma."""
    if not wrap or len(people) < 2:
        return [", ".join(people)]
    return [", ".join(people[:1]) + ",", ", ".join(people[1:])]


@st.composite
def memos(draw, locale: str, writer: tuple[str, str] | None = None):
    """One memo's head lines, with what it must read as (`writer`'s, a name and its unit,
    where given)."""
    (to_label, cc_label, bcc_label, subject_label), clock = MEMO_LOCALES[locale]
    sender, unit = writer or (draw(names), draw(st.sampled_from(UNITS)))
    when = draw(moments)
    cast = draw(st.lists(names.filter(lambda name: name != sender), min_size=1, max_size=5, unique=True))
    split = draw(st.integers(1, len(cast)))
    to, cc = cast[:split], cast[split:]
    subject = draw(st.sampled_from(["", "Re: ", "Fw: "])) + " ".join(
        draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))
    ).capitalize()
    sent_by = draw(st.sampled_from([None, *[f"{first} {LAST[0]}" for first in FIRST[:2]]]))
    form = draw(st.sampled_from(["beside", "under", "columns", "date below"]))
    wrap = draw(st.booleans())
    colon = ":" if draw(st.booleans()) else ""  # Notes 6 writes its labels with one
    fields = [(to_label, _listed(to, wrap)), (cc_label, _listed(cc, wrap) if cc else [])]
    blind = draw(st.lists(names.filter(lambda name: name not in (sender, *cast)), max_size=2, unique=True))
    fields += [(bcc_label, _listed(blind, wrap) if blind else []), (subject_label, [subject])]
    fields = [(label + colon, value) for label, value in fields]
    left = [f"{sender}/{unit}", f"{when:{clock}}"]
    if form == "columns" and draw(st.booleans()):  # the name wrapped in a narrow column
        first, last = sender.split(" ", 1)
        left[:1] = [first, f"{last}/{unit}"]
    if sent_by:
        left.insert(len(left) - 1, f"Sent by: {sent_by}")
    if form == "columns" and draw(st.booleans()):
        left += ["Please respond to", f"{draw(names)}/{unit}"]
    if form == "columns":
        rows = []
        for label, value in fields:
            rows.append(f"{label:>12}   {value[0] if value else ''}".rstrip())
            rows += [f"{'':>12}   {more}" for more in value[1:]]
        height = max(len(left), len(rows))
        left += [""] * (height - len(left))
        rows += [""] * (height - len(rows))
        lines = [f"    {a:<32}{b}".rstrip() for a, b in zip(left, rows, strict=True)]
    else:  # (the left column printed after the labels: the sender over them, the date below)
        above = left[:1] if form == "date below" else left
        lines = list(above) + ([""] if form == "under" and draw(st.booleans()) else [])
        for label, value in fields:
            if form == "under" and value:
                lines += [label, *value]
            else:
                lines.append(f"{label} {value[0]}" if value else label)
                lines += value[1:]
        lines += ["", *left[1:]] if form == "date below" else []
    expected = {
        "sender": sender,
        "to": tuple(to),
        "cc": tuple(cc),
        "bcc": tuple(blind),
        "date": when,
        "subject": subject,
    }
    return lines, expected


@st.composite
def memo_releases(draw):
    """A release of printed memos, its body under each; over each a Bates number, which
    searchkit takes for a page's furniture where the release repeats it, thrice or more."""
    lines: list[str] = ["Release 2 - HQ-FOI-01268-12", ""]
    if draw(st.booleans()):
        lines.append("CONFIDENTIAL")  # a banner right over the first memo's sender
    gold = []
    bates = draw(st.booleans())
    locale = draw(st.sampled_from(sorted(MEMO_LOCALES)))  # one installation's
    # (one official's mail: every memo headed by the same name, its digits and all, as a
    # running header repeats)
    writer = draw(st.one_of(st.none(), st.tuples(names, st.sampled_from(UNITS))))
    for number in range(draw(st.integers(3, 4) if bates else st.integers(1, 4))):
        head, expected = draw(memos(locale, writer))
        lines += [f"01268-EPA-{3260 + number}", ""] if bates and lines[-1] else []
        first = len(lines) + 1
        lines += [*head, ""]
        _body(draw, lines)
        gold.append((first, len(lines), expected))
        lines.append("")
    return "\n".join(lines) + "\n", gold


@st.composite
def print_views(draw):
    """A webmail print view: a table of labels and values, in any order, then the text."""
    language = draw(st.sampled_from(sorted(VIEW_LABELS)))
    from_label, date_label, to_label, cc_label, subject_label = VIEW_LABELS[language]
    sender, to, cc = draw(st.lists(names, min_size=3, max_size=3, unique=True))
    when = draw(moments)
    subject = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))).capitalize()
    address = f"{sender.split()[0].lower()}@example.org"
    rows = [
        (from_label, f"{sender} <{address}>"),
        (date_label, f"{when:{draw(st.sampled_from(VIEW_DATES))}}"),
        (to_label, to),
    ]
    rows += [(cc_label, cc)] if draw(st.booleans()) else []
    rows += [(subject_label, subject)]
    rows = draw(st.permutations(rows))
    tab = draw(st.booleans())
    width = max(len(label) for label, _ in rows) + 2
    head = [f"{label}\t{value}" if tab else f"{label:<{width}}{value}" for label, value in rows]
    lines = ["Print view", "", *head, "", _paragraph(draw), "", sender.split()[0]]
    expected = {
        "sender": sender,
        "to": (to,),
        "cc": (cc,) if any(label == cc_label for label, _ in rows) else (),
        "date": when,
        "subject": subject,
    }
    return "\n".join(lines) + "\n", [(3, len(lines), expected)]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(memo_releases())
def test_every_memo_of_a_generated_notes_release_is_read_whole(drawn):
    text, gold = drawn
    _check(_units(text, "release.txt"), gold, text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(print_views())
def test_a_print_views_table_of_labels_is_read_as_its_head(drawn):
    text, gold = drawn
    _check(_units(text, "print.txt"), gold, text)
