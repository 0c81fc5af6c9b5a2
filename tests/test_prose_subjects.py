"""A page that quotes emails as header blocks gives a head with no subject line of its own the
subject of the message above it, when nothing but that message stands between (the page runs
on a thread): a guess, which its unit says (`subject: from the message above it on the page`)
and every view marks `(inferred)`. A head's own subject (a `Subject:` line, a title line or
heading above `From:`) is never marked; an empty `Subject:` is no subject, not the one above;
prose or a heading between two heads ends the thread, so the second has none. A forward inside
a message is about what that message is about, less one `Re:`/`Fwd:`, as any quoted message.

Hypothesis draws such pages, Markdown or plain text: heads with or without a subject line,
labels bare or in Markdown emphasis (`**From:**`, `*To*:`, `- Date:`), titles bare, bold or as
headings, `===` rules, headings and narrative between them or not, forwards inside messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit.present import subject_shown
from searchkit.readers.documents import MARKDOWN, TEXT, TextDocument
from searchkit.split import split
from searchkit.units import is_inferred, quoted_subject

from .test_recognition_generated import WORDS, _prose, moments, people

ABOVE = "subject: from the message above it on the page"
QUOTING = "subject: from the message quoting it"

#: A header label as plain text and Markdown exports write it.
MARKDOWN_LABELS = ["{}:", "**{}:**", "*{}*:", "__{}:__", "- {}:", "*{}:*"]
#: A head's own subject, written above its `From:` line (Markdown: also bold or a heading).
MARKDOWN_TITLES = ["{}", "**{}**", "## {}", "### {}"]
#: What may stand between one message and the next head: (lines, whether prose is among them).
GAPS = {
    "blank": ([""], False),
    "rule": (["==="], False),
    "blank and rule": (["", "===", ""], False),
    "rule and prose": (["===", "", "{prose}", ""], True),
}
#: Markdown only: a heading (of level 3 at most) ends the message above, and is prose.
MARKDOWN_GAPS = {
    "heading": (["", "## Part {n}", ""], True),
    "heading and prose": (["", "### Part {n}", "", "{prose}", ""], True),
}
FORWARD_MARKER = "---------- Forwarded message ---------"

subjects = st.builds(
    lambda prefix, words: prefix + " ".join(words).capitalize(),
    st.sampled_from(["", "", "Re: ", "Fwd: ", "RE: "]),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=4),
)


@dataclass(frozen=True)
class Gold:
    line: int  # the unit's first line
    sender: str
    subject: str | None
    inferred: str | None  # `Unit.inferred`, as the unit must say it
    forwarded_in: int | None = None  # the index in the gold list of the message it is in


@st.composite
def prose_pages(draw):
    """A page and, for each message on it in order, what its unit must say."""
    markdown = draw(st.booleans())
    label = draw(st.sampled_from(MARKDOWN_LABELS)) if markdown else "{}:"
    gaps = {**GAPS, **MARKDOWN_GAPS} if markdown else GAPS
    cast = draw(st.lists(people, min_size=3, max_size=5, unique=True))
    moment = draw(moments)
    lines = ["# Letters" if markdown else "Letters", "", _prose(draw, cast), ""]
    gold: list[Gold] = []
    above: str | None = None  # the subject of the page's message above, None after prose

    def head(sender: str, when, own: str, subject: str) -> list[str]:
        """A head's lines, its own `Subject:` (or an empty one) among them, where drawn."""
        to = draw(st.sampled_from([person for person in cast if person != sender]))
        fields = [
            f"{label.format('From')} {sender}{draw(st.sampled_from(['', ' <redacted>']))}",
            f"{label.format('Date')} {when:%a, %b %d, %Y at %I:%M %p}",
            f"{label.format('To')} {to}",
        ]
        if own in ("line", "empty"):
            value = f" {subject}" if own == "line" else ""
            fields.insert(draw(st.integers(1, 3)), label.format("Subject") + value)
        return fields

    def body() -> list[str]:
        paragraphs = [_prose(draw, cast) for _ in range(draw(st.integers(1, 2)))]
        return ([""] if draw(st.booleans()) else []) + "\n\n".join(paragraphs).split("\n")

    for number in range(draw(st.integers(1, 6))):
        if number:
            gap, prose = gaps[draw(st.sampled_from(sorted(gaps)))]
            text = _prose(draw, cast)
            lines += [line.format(prose=text, n=number) for line in gap]
            above = None if prose else above
        own = draw(st.sampled_from(["none", "line", "title", "empty"]))
        subject = draw(subjects)
        sender = draw(st.sampled_from(cast))
        moment += timedelta(minutes=draw(st.integers(1, 5000)))
        first = len(lines) + 1
        if own == "title":
            title = draw(st.sampled_from(MARKDOWN_TITLES)) if markdown else "{}"
            lines.append(title.format(subject))
        lines += head(sender, moment, own, subject)
        lines += body()
        if own in ("line", "title"):
            gold.append(Gold(first, sender, subject, None))
        elif own == "empty" or above is None:
            gold.append(Gold(first, sender, None, None))
        else:
            gold.append(Gold(first, sender, above, ABOVE))
        outer = len(gold) - 1
        above = gold[outer].subject
        if draw(st.booleans()):  # a forward inside it: a quote, which `above` does not see
            own = draw(st.sampled_from(["none", "line", "empty"]))
            subject = draw(subjects)
            sender = draw(st.sampled_from(cast))
            lines += ["", FORWARD_MARKER]
            first = len(lines)  # the marker's line
            lines += head(sender, moment - timedelta(days=1), own, subject) + body()
            carried = quoted_subject(above) if above and own == "none" else None
            if own == "line":
                gold.append(Gold(first, sender, subject, None, outer))
            else:
                gold.append(Gold(first, sender, carried, QUOTING if carried else None, outer))
    return "\n".join(lines) + "\n", markdown, gold


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prose_pages())
def test_a_subject_carried_from_the_message_above_is_said_to_be_inferred(drawn):
    text, markdown, gold = drawn
    source = "page.md" if markdown else "page.txt"
    document = TextDocument(
        source, MARKDOWN if markdown else TEXT, tuple(enumerate(text.splitlines(), start=1))
    )
    emails = [unit for unit in split(document) if unit.kind == "email"]
    assert [unit.line_start for unit in emails] == [message.line for message in gold], text
    for unit, message in zip(emails, gold, strict=True):
        where = f"line {message.line}:\n{text}"
        assert unit.sender == message.sender, where
        outer = emails[message.forwarded_in].id if message.forwarded_in is not None else None
        assert unit.quoted_in == outer, where
        assert (unit.subject, unit.inferred) == (message.subject, message.inferred), where
        assert is_inferred(unit, "subject") == (message.inferred is not None), where
        mark = " (inferred)" if message.inferred else ""
        assert subject_shown(unit) == (f"{message.subject}{mark}" if message.subject else "")
