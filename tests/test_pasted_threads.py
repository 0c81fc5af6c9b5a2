"""Threads pasted as text and reprints of correspondence, over the whole grammar of variation.

Hypothesis draws:

* replies pasted as text with no head of their own, quoting a chain under attribution lines
  as Gmail, Thunderbird and Apple Mail write them in every language of searchkit's table
  (`>` levels, blank lines or none under the attribution, `>` with or without a space,
  addresses or none, the attribution wrapped in two lines as Gmail wraps it);
* the same chains set off whole in a page's block quote (`> On … wrote:` over `> > …`);
* Markdown reprints whose message bodies are block quotes under header blocks in any
  emphasis, or under heads written as Markdown tables, with the reprint's notes between;
* Outlook heads pasted newest first under a reply (each quoted in the one above it), and
  compilations oldest first (none quoted in another).

Every field of every generated message is checked, and the words around them stay prose.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit.readers.documents import MARKDOWN, TEXT, TextDocument
from searchkit.split import missed_starts, split, unrecognised_mail
from searchkit.units import is_inferred
from tests.test_recognition_generated import FIRST, LAST, WORDS, _localised
from tests.timing import best_seconds

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Attribution lines as the clients write them: Gmail (`at`, no comma before the name),
#: Thunderbird (`date time, name`), Apple Mail (`date at time, name`), per language.
ATTRIBUTIONS = {
    "en": (
        "On {date} at {time} {who} wrote:",
        "On {date} at {time}, {who} wrote:",
        "On {date} {time}, {who} wrote:",
        "On {date}, at {time}, {who} wrote:",
    ),
    "de": (
        "Am {date} um {time} Uhr schrieb {who}:",
        "Am {date} um {time} schrieb {who}:",
        "Am {date} {time} schrieb {who}:",
    ),
    "fr": ("Le {date} à {time}, {who} a écrit :", "Le {date} {time}, {who} a écrit :"),
    "es": ("El {date} a las {time}, {who} escribió:", "El {date}, a las {time}, {who} escribió:"),
    "it": (
        "Il giorno {date} alle ore {time} {who} ha scritto:",
        "Il giorno {date}, alle ore {time}, {who} ha scritto:",
    ),
    "nl": ("Op {date} om {time} schreef {who}:", "Op {date} {time} schreef {who}:"),
    "pt": ("Em {date} às {time}, {who} escreveu:", "Em {date} {time}, {who} escreveu:"),
    "sv": ("Den {date} kl {time} skrev {who}:", "Den {date} {time} skrev {who}:"),
}

moments = st.datetimes(min_value=datetime(1998, 1, 1), max_value=datetime(2030, 12, 31)).map(
    lambda moment: moment.replace(second=0, microsecond=0)
)


@st.composite
def casts(draw, size: int) -> list[tuple[str, str]]:
    """People with distinct first and last names: (name, address)."""
    firsts = draw(st.lists(st.sampled_from(FIRST), min_size=size, max_size=size, unique=True))
    lasts = draw(st.lists(st.sampled_from(LAST), min_size=size, max_size=size, unique=True))
    return [
        (f"{first} {last}", f"{first.lower()[:3]}.{last.split()[-1].lower()[:4]}{n}@example.org")
        for n, (first, last) in enumerate(zip(firsts, lasts, strict=True))
    ]


@st.composite
def sentences(draw) -> str:
    """A sentence of a message or a note: never ends with a colon (an attribution's end)."""
    words = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=14)))
    return words[0].upper() + words[1:] + draw(st.sampled_from([".", "?", "!"]))


def _document(text: str, fmt: str) -> TextDocument:
    source = "thread.md" if fmt == MARKDOWN else "thread.txt"
    return TextDocument(source, fmt, tuple(enumerate(text.splitlines(), start=1)))


def _emails(units):
    return [unit for unit in units if unit.kind == "email"]


# -- a reply pasted as text, quoting a chain under attributions ---------------------------------


@st.composite
def pasted_replies(draw, *, apple: bool | None = None, wrap: bool = True):
    """A reply's words (its writer unnamed), then the chain it quotes, newest first: each
    message under an attribution, one `>` level deeper than the one quoting it; or, Apple
    Mail's way, the newest under its attribution with no `>` at all."""
    locale = draw(st.sampled_from(sorted(ATTRIBUTIONS)))
    depth = draw(st.integers(1, 3))
    people = draw(casts(depth))
    newest = draw(moments)
    when = [newest]
    for _ in range(depth - 1):
        when.append(when[-1] - timedelta(minutes=draw(st.integers(1, 20_000))))
    top = draw(st.lists(sentences(), min_size=1, max_size=2))
    lines = [paragraph for sentence in top for paragraph in (sentence, "")]
    unquoted_newest = draw(st.booleans()) if apple is None else apple
    gold = []
    for level, ((name, address), moment) in enumerate(zip(people, when, strict=True)):
        quoted = ">" * (level + (0 if unquoted_newest else 1))  # the depth of its words
        outer = ">" * max(len(quoted) - 1, 0)  # of its attribution: the quoting message's
        day, clock = _localised(moment, locale, draw(st.sampled_from(["full", "long", "medium"])))
        who = draw(st.sampled_from(["{name} <{address}>", "{name}", "{name} (<{address}>)"]))
        attribution = draw(st.sampled_from(ATTRIBUTIONS[locale])).format(
            date=day, time=clock, who=who.format(name=name, address=address)
        )
        lead = outer + " " if outer else ""
        head = [lead + attribution]
        if wrap and draw(st.booleans()):  # Gmail wraps a long line at a space
            cut = attribution.rindex(" ", 0, len(attribution) - 8)
            head = [lead + attribution[:cut], lead + attribution[cut + 1 :]]
        start = len(lines) + 1
        lines += head
        if draw(st.booleans()):
            lines.append(outer)  # a blank line under the attribution
        words = draw(st.lists(sentences(), min_size=1, max_size=3))
        prefix = quoted + " " if quoted and draw(st.booleans()) else quoted
        for number, sentence in enumerate(words):
            if number:
                lines.append(quoted)
            lines.append(prefix + sentence)
        if level + 1 < depth:
            lines.append(quoted)
        gold.append((start, name, moment, "\n\n".join(words)))
    return "\n".join(lines) + "\n", top, gold


@SETTINGS
@given(pasted_replies(), st.sampled_from([TEXT, MARKDOWN]))
def test_a_pasted_reply_gives_each_message_it_quotes(drawn, fmt):
    text, top, gold = drawn
    units = split(_document(text, fmt))
    emails = _emails(units)
    assert len(emails) == len(gold), text
    # the reply's own words, whose writer no line names, stay prose: never a guessed sender
    assert [unit.text for unit in units if unit.kind == "paragraph"] == top, text
    carrier = None
    for unit, (start, name, moment, words) in zip(emails, gold, strict=True):
        assert (unit.line_start, unit.sender, unit.date, unit.text) == (start, name, moment, words)
        assert unit.subject is None and unit.cc == () and unit.date_ambiguous is None, text
        assert unit.quoted_in == (carrier.id if carrier else None), text
        if carrier is None:  # quoted by a reply whose writer is unnamed: no recipient
            assert unit.to == () and unit.inferred is None, text
        else:  # went to whoever replied quoting it, and says so
            assert unit.to == (carrier.sender,) and is_inferred(unit, "to"), text
        assert unit.thread == emails[0].thread
        carrier = unit
    assert not unrecognised_mail(_document(text, fmt), units)
    assert missed_starts(_document(text, fmt), units) == []


@SETTINGS
@given(pasted_replies(wrap=False), st.sampled_from([TEXT, MARKDOWN]))
def test_a_chain_a_page_quotes_whole_gives_each_message(drawn, fmt):
    """The same chain set off whole in the page's own block quote (`> On … wrote:` over
    `> > …`), as notes quote a thread they copied: each message as before."""
    text, top, gold = drawn
    lines = text.splitlines()
    first = gold[0][0] - 1
    lines[first:] = [f"> {line}".rstrip() for line in lines[first:]]
    quoted = "\n".join(lines) + "\n"
    emails = _emails(split(_document(quoted, fmt)))
    assert [(u.line_start, u.sender, u.date, u.text) for u in emails] == gold, quoted


@SETTINGS
@given(pasted_replies(apple=False, wrap=False))
def test_a_pasted_reply_whose_attributions_do_not_read_is_said(drawn):
    """An attribution whose date is no date: where it names its person by address, the
    quote is that person's message, undated, its unit saying its date could not be read;
    else it starts nothing, and the file is said to look like mail (`searchkit audit`
    lists it). Never paragraphs in silence, never a date made up."""
    text, _, gold = drawn
    garbled = text
    for _, _, moment, _ in gold:
        garbled = garbled.replace(str(moment.year), "Foobar")
    document = _document(garbled, TEXT)
    units = split(document)
    attributed = [email for email in _emails(units) if email.sender]
    for email in attributed:
        assert email.date is None and (email.date_doubt or "").startswith("unreadable"), garbled
    if len(attributed) < len(gold):
        if _emails(units):
            assert missed_starts(document, units) != [], garbled
        else:
            assert unrecognised_mail(document, units), garbled


# -- Markdown reprints: bodies in block quotes, heads in tables ---------------------------------

LABEL_FORMS = (
    "**{label}:** {value}",
    "*{label}:* {value}",
    "- {label}: {value}",
    "{label}: {value}",
)
DATE_FORMS = ("%b %d, %Y (%I:%M %p)", "%a, %b %d, %Y at %I:%M %p", "%B %d, %Y %H:%M")


@st.composite
def reprints(draw):
    """Sections of a reprint: a heading, a head (header lines in some emphasis, or a table),
    the body, and the reprinter's note under it. The body is a block quote under the head,
    or head and body are one block quote, or the body is the page's lines, signed off by
    its sender (the note under the sign-off is the page's)."""
    count = draw(st.integers(1, 4))
    lines = ["# The emails, annotated", "", draw(sentences()), ""]
    gold = []
    for number in range(count):
        sender, *recipients = (name for name, _ in draw(casts(3)))
        moment = draw(moments)
        written = moment.strftime(draw(st.sampled_from(DATE_FORMS))).replace(" 0", " ")
        subject = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))).title()
        fields = [("From", sender), ("To", ", ".join(recipients)), ("Date", written)]
        fields += [("Subject", subject)]
        lines += [f"## {number + 1}. {subject}", ""]
        head = draw(st.sampled_from(["lines", "row", "column"]))
        body = draw(st.sampled_from(["quoted", "quoted with its head", "signed off"]))
        if body == "quoted with its head":
            head = "lines"
        mark = "> " if body == "quoted with its head" else ""
        start = len(lines) + 1
        if head == "lines":
            form = draw(st.sampled_from(LABEL_FORMS))
            lowered = draw(st.booleans())
            for label, value in fields:
                label = label.lower() if lowered else label
                lines.append(mark + form.format(label=label, value=value))
        elif head == "row":
            lines += [
                "| " + " | ".join(label for label, _ in fields) + " |",
                "|" + "|".join("---" for _ in fields) + "|",
                "| " + " | ".join(value for _, value in fields) + " |",
            ]
        else:
            lines += ["| Header | Value |", "|--------|-------|"]
            lines += [f"| {label} | {value} |" for label, value in fields]
        lines.append(mark.rstrip())
        words = draw(st.lists(sentences(), min_size=1, max_size=3))
        if body == "signed off":
            sign_off = draw(st.sampled_from(["{first}", "-{first}", "— {name}", "*{first}*"]))
            words.append(sign_off.format(first=sender.split()[0], name=sender))
        for index, sentence in enumerate(words):
            if index:
                lines.append("" if body == "signed off" else ">")
            lines.append(sentence if body == "signed off" else "> " + sentence)
        end = len(lines)
        lines.append("")
        note = draw(st.sampled_from(["Note: {}", "*Our note: {}*", "{}"])).format(draw(sentences()))
        lines += [note, ""]
        text = "\n\n".join(words).replace("*", "")
        note = note.strip("*")
        gold.append((start, end, sender, tuple(recipients), moment, subject, text, note))
    if draw(st.booleans()):
        lines += ["---", "", "*Annotations by the editor.*"]
    return "\n".join(lines) + "\n", gold


@SETTINGS
@given(reprints())
def test_a_reprint_whose_bodies_are_block_quotes_gives_each_message_whole(drawn):
    text, gold = drawn
    units = split(_document(text, MARKDOWN))
    emails = _emails(units)
    assert len(emails) == len(gold), text
    paragraphs = {unit.text for unit in units if unit.kind == "paragraph"}
    for unit, (start, end, sender, to, moment, subject, words, note) in zip(
        emails, gold, strict=True
    ):
        assert (unit.line_start, unit.line_end) == (start, end), text
        assert (unit.sender, unit.to, unit.cc, unit.subject) == (sender, to, (), subject), text
        assert unit.date == moment and unit.text == words, text
        assert unit.quoted_in is None and unit.inferred is None, text
        assert note in paragraphs  # the reprinter's words are no part of the message
    assert "Annotations by the editor." not in "".join(unit.text for unit in emails)


def test_a_table_of_several_messages_is_said_not_read():
    text = (
        "# Index\n\n| From | To | Date | Subject |\n|---|---|---|---|\n"
        "| Ada Berg | Ivo Holm | Jan 2, 2016 | Plan |\n| Ivo Holm | Ada Berg | Jan 3, 2016 | Re: Plan |\n"
    )
    document = _document(text, MARKDOWN)
    units = split(document)
    assert _emails(units) == [] and unrecognised_mail(document, units)


def test_a_table_that_is_no_head_stays_prose():
    text = "| Name | Value |\n|---|---|\n| From | the north |\n| Date | unknown |\n"
    document = _document(text, MARKDOWN)
    assert _emails(split(document)) == []


# -- Outlook heads pasted newest first, and compilations oldest first ----------------------------


@st.composite
def pasted_heads(draw):
    """A reply's words, then heads with their bodies. Pasted newest first, each subject is
    the one below with a `RE:` (or, as Outlook keeps one `RE:` down a chain, every reply's
    subject `RE:` and the original's); a compilation runs oldest first, `Re:` below the
    original."""
    depth = draw(st.integers(2, 4))
    people = [name for name, _ in draw(casts(depth))]
    subject = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))).title()
    prefix = draw(st.sampled_from(["RE: ", "Re: ", "AW: ", "SV: ", "FW: "]))
    pasted = draw(st.booleans())
    stacked = draw(st.booleans())
    moment = draw(moments)
    lines = [draw(sentences()), ""] if pasted else []
    gold = []
    for level in range(depth):
        reply = depth - 1 - level if pasted else level
        step = timedelta(minutes=draw(st.integers(1, 5000)))
        moment = moment - step if pasted else moment + step
        sender, other = people[level], people[(level + 1) % depth]
        start = len(lines) + 1
        lines += [
            f"From: {sender}",
            f"Sent: {moment:%A, %B} {moment.day}, {moment:%Y %H:%M}",
            f"To: {other}",
            f"Subject: {prefix * (reply if stacked else min(reply, 1))}{subject}",
            "",
            draw(sentences()),
            "",
        ]
        gold.append((start, sender, (other,), moment))
    return "\n".join(lines) + "\n", pasted, gold


@SETTINGS
@given(pasted_heads())
def test_heads_pasted_newest_first_are_quoted_each_in_the_one_above(drawn):
    text, pasted, gold = drawn
    emails = _emails(split(_document(text, TEXT)))
    assert [(u.line_start, u.sender, u.to, u.date) for u in emails] == gold, text
    for above, unit in zip([None, *emails], emails, strict=False):
        quoted_in = above.id if pasted and above is not None else None
        assert unit.quoted_in == quoted_in, text


@st.composite
def told_replies(draw):
    """A page telling of a message (its head and words), then of another under an
    attribution (`On …, Ann wrote:` over `> …`), written before it or after it, then the
    page's own words."""
    locale = draw(st.sampled_from(sorted(ATTRIBUTIONS)))
    (sender, _), (replier, address) = draw(casts(2))
    sent = draw(moments)
    written = sent + timedelta(minutes=draw(st.integers(-5 * 24 * 60, 5 * 24 * 60)))
    lines = [draw(sentences()), ""]
    lines += [
        f"From: {sender}",
        f"Sent: {sent:%A, %B} {sent.day}, {sent:%Y %H:%M}",
        f"To: {replier}",
        "Subject: " + " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))),
        "",
    ]
    for sentence in draw(st.lists(sentences(), min_size=1, max_size=3)):
        lines += [sentence, ""]
    day, clock = _localised(written, locale, draw(st.sampled_from(["full", "long", "medium"])))
    who = draw(st.sampled_from(["{name} <{address}>", "{name}"]))
    attribution = draw(st.sampled_from(ATTRIBUTIONS[locale])).format(
        date=day, time=clock, who=who.format(name=replier, address=address)
    )
    start = len(lines) + 1
    lines += [attribution, "> " + draw(sentences()), ""]
    after = draw(sentences())
    lines += [after]
    return "\n".join(lines) + "\n", (sent, written, start, replier, after)


@SETTINGS
@given(told_replies(), st.sampled_from([TEXT, MARKDOWN]))
def test_a_message_written_days_after_the_one_above_is_not_quoted_in_it(drawn, fmt):
    # a message cannot quote one written after it: more than a day after (beyond what
    # time zones explain), the attribution ends the message above and starts its own; the
    # page's words under its quote are the page's
    text, (sent, written, start, replier, after) = drawn
    units = split(_document(text, fmt))
    told, attributed = _emails(units)
    assert (attributed.line_start, attributed.sender, attributed.date) == (
        start,
        replier,
        written,
    ), text
    if written - sent > timedelta(days=1):
        assert attributed.quoted_in is None and told.line_end < start, text
        assert units[-1].kind == "paragraph" and units[-1].text == after, text
    elif written <= sent:
        assert attributed.quoted_in == told.id, text


# -- patterns on hostile lines -------------------------------------------------------------------

N = 20_000


def _markdown(text: str) -> None:
    split(TextDocument("hostile.md", MARKDOWN, ((1, text), (2, "|---|---|"), (3, text), (4, "x"))))


GROWTH = {
    "table cells": (lambda n: "| a " * (n // 4) + "|", _markdown),
    "table rule cells": (lambda n: "|" + "-|" * (n // 2), _markdown),
    "a rule never ended": (lambda n: "- " * (n // 2) + "x", _markdown),
    "quote marks over an attribution": (
        lambda n: "> " * (n // 2) + "On Jan 2, 2016 at 10:00, Ada <a@b.org> wrote:",
        _markdown,
    ),
}


@pytest.mark.parametrize("case", sorted(GROWTH))
def test_growth_is_linear(case):
    make, work = GROWTH[case]
    small, large = best_seconds(work, make(N)), best_seconds(work, make(4 * N))
    assert large <= 10 * max(small, 0.002), (case, small, large)
