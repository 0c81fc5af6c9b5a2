"""Recognition by shape, over the whole grammar of variation, not one fixture per shape.

Hypothesis draws compilations of envelope lines (heading × emphasis × connector × recipient
separator × cc form × date, time and zone form × separator × blank lines), reply chains
whose quoted messages stand under header blocks and attribution lines in every language of
searchkit's table (dates written as CLDR says each language writes them), and prose that
names people and dates; every generated message must come back with its sender, recipients
and minute, and prose must give no message.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from babel.dates import format_date, format_datetime, format_time
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit.corpus import read_units
from searchkit.readers.documents import MARKDOWN, TEXT, TextDocument
from searchkit.split import split, unrecognised_mail

FIRST = [
    "Ada",
    "Bruno",
    "Chloé",
    "Dmitri",
    "Efua",
    "Łukasz",
    "Gustav",
    "Hana",
    "Ivo",
    "Zoë",
    "Kemal",
    "Søren",
    "Mateo",
    "Nia",
    "Oskar",
    "Priyanka",
    "José",
    "Ana",
]
LAST = [
    "Abara",
    "Berg",
    "de la Cruz",
    "Dubois",
    "Eriksen",
    "Fonseca",
    "O'Brien",
    "Holm",
    "van Dijk",
    "Jansen",
    "Kowalski",
    "Lindqvist",
    "Müller",
    "Novak",
    "Okafor",
    "Żak",
]
WORDS = [
    "budget",
    "board",
    "draft",
    "meeting",
    "review",
    "funding",
    "proposal",
    "contract",
    "schedule",
    "hire",
    "office",
    "quarter",
    "plan",
    "team",
    "launch",
    "risk",
    "vote",
    "memo",
    "letter",
    "press",
    "deal",
    "lawyers",
    "numbers",
]

people = st.builds(
    lambda first, last: f"{first} {last}", st.sampled_from(FIRST), st.sampled_from(LAST)
)
moments = st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2030, 12, 31)).map(
    lambda moment: moment.replace(second=0, microsecond=0)
)


def _prose(draw, cast: list[str]) -> str:
    """A paragraph that may name a person and a date, as narrative does."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=6, max_size=25))
    if draw(st.booleans()):
        when = draw(moments)
        words.insert(
            draw(st.integers(0, len(words))),
            f"{draw(st.sampled_from(cast))} said on {when:%B} {when.day}, {when.year} that",
        )
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


# -- envelope lines ------------------------------------------------------------------------------

DATES = [
    "%b %d, %Y",
    "%B %d, %Y",
    "%A, %B %d, %Y",
    "%d %B %Y",
    "%Y-%m-%d",
    "%a, %b %d, %Y",
    "%a %d %b %Y",
    "%B %d %Y",
    "%m/%d/%Y",  # numeric days: the file decides which way round, or the unit says it cannot
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%m/%d/%y",
]
#: numeric forms, and whether they write the day first
NUMERIC = {"%m/%d/%Y": False, "%d/%m/%Y": True, "%d.%m.%Y": True, "%m/%d/%y": False}
TIMES = [
    "",
    " %I:%M %p",
    " %I:%M%p",
    " (%I:%M %p)",
    " (%I:%M%p)",
    " %H:%M",
    " at %I:%M %p",
    " %I:%M %p CST",
    " %I:%M %p PST",
    " %H:%M GMT+1",
    " %I:%M %p EDT",
    ", %I:%M %p",
]


@st.composite
def envelope_shapes(draw):
    return dict(
        heading=draw(st.sampled_from(["", "# ", "## ", "### ", "#### "])),
        emphasis=draw(st.sampled_from(["", "**", "*", "_", "__", "_**", "names**", "names*"])),
        connector=draw(st.sampled_from([" to ", " to: ", " To: ", " → ", " -> ", " TO "])),
        separator=draw(st.sampled_from([", ", "; ", " and "])),
        cc=draw(
            st.sampled_from(
                [
                    "",
                    "({} {})",
                    "(cc: {})",
                    "(cc:{})",
                    "(cc {})",
                    ", cc {}",
                    " cc: {}",
                    "(CC: {})",
                    ", cc: {}",
                ]
            )
        ),
        cc_separator=draw(st.sampled_from([", ", "; "])),
        date=draw(st.sampled_from(DATES)),
        time=draw(st.sampled_from(TIMES)),
        before_date=draw(st.sampled_from([" - ", " – ", " — ", ", ", " | ", " -- "])),
        blank=draw(st.booleans()),
    )


def _written(moment: datetime, date_form: str, time_form: str) -> str:
    day = moment.strftime(date_form).replace(" 0", " ")
    if date_form.startswith("%d"):
        day = day.lstrip("0")
    clock = moment.strftime(time_form).replace(" 0", " ").replace("(0", "(") if time_form else ""
    return day + clock


def _envelope(shape, sender, to, cc, moment) -> str:
    emphasis = shape["emphasis"]
    mark = emphasis[5:] if emphasis.startswith("names") else ""
    name = (lambda person: f"{mark}{person}{mark}") if mark else (lambda person: person)
    line = f"{name(sender)}{shape['connector']}{shape['separator'].join(map(name, to))}"
    if cc:
        listed = shape["cc_separator"].join(map(name, cc))
        form = shape["cc"]
        if form == "({} {})":
            form = "(cc {})"
        line += (" " if form.startswith("(") else "") + form.format(listed)
    line += shape["before_date"] + _written(moment, shape["date"], shape["time"])
    if emphasis and not mark:
        opening = emphasis
        line = f"{opening}{line}{opening[::-1]}"
    return shape["heading"] + line


@st.composite
def compilations(draw):
    shape = draw(envelope_shapes())
    cast = draw(st.lists(people, min_size=4, max_size=7, unique=True))
    moment = draw(moments)
    lines = ["# Correspondence", "", _prose(draw, cast), ""]
    gold = []
    for number in range(draw(st.integers(2, 6))):
        sender = draw(st.sampled_from(cast))
        others = [person for person in cast if person != sender]
        to = draw(st.lists(st.sampled_from(others), min_size=1, max_size=2, unique=True))
        rest = [person for person in others if person not in to]
        cc = draw(st.lists(st.sampled_from(rest), max_size=2, unique=True)) if shape["cc"] else []
        moment += timedelta(minutes=draw(st.integers(1, 20000)))
        if shape["blank"] or number == 0:
            lines.append("")
        lines.append(_envelope(shape, sender, to, cc, moment))
        gold.append(
            ("\n".join(lines).count("\n") + 1, sender, sorted(to + cc), moment, bool(shape["time"]))
        )
        if shape["blank"]:
            lines.append("")
        paragraphs = [_prose(draw, cast) for _ in range(draw(st.integers(1, 3)))]
        lines.append(("\n\n" if shape["blank"] else "\n").join(paragraphs))
    return "\n".join(lines) + "\n", gold, shape


def _document(text: str, fmt: str = MARKDOWN, source: str = "file.md") -> TextDocument:
    return TextDocument(source, fmt, tuple(enumerate(text.splitlines(), start=1)))


def _check(unit, sender, recipients, moment, timed, decided=True) -> None:
    """The unit has every field right; a numeric day nothing decided is the month-first
    reading with the other reading named, never a silent guess."""
    assert unit.sender == sender
    assert sorted(unit.to + unit.cc) == recipients
    assert unit.date is not None
    day = unit.date.date() if timed else unit.date
    if decided or moment.day == moment.month:
        assert unit.date_ambiguous is None and day == moment.date()
    else:
        assert {day.isoformat(), unit.date_ambiguous} == {
            moment.date().isoformat(),
            moment.date().replace(month=moment.day, day=moment.month).isoformat(),
        }
    if timed:
        assert (unit.date.hour, unit.date.minute) == (moment.hour, moment.minute)


def _decided(shape: dict, gold: list) -> bool:
    """Does the file tell the order of its numeric days: a day past 12, or dots?"""
    form = shape["date"]
    if form not in NUMERIC or "." in form:
        return True
    return any(moment.day > 12 for _, _, _, moment, _ in gold)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(compilations())
def test_every_envelope_line_of_a_generated_compilation_is_read_whole(drawn):
    text, gold, shape = drawn
    emails = [unit for unit in split(_document(text)) if unit.kind == "email"]
    assert [unit.line_start for unit in emails] == [line for line, *_ in gold], text
    decided = _decided(shape, gold)
    for unit, (_, sender, recipients, moment, timed) in zip(emails, gold, strict=True):
        _check(unit, sender, recipients, moment, timed, decided)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_prose_that_names_people_and_dates_gives_no_message(data):
    cast = data.draw(st.lists(people, min_size=2, max_size=4, unique=True))
    paragraphs = [_prose(data.draw, cast) for _ in range(data.draw(st.integers(1, 8)))]
    for _ in range(data.draw(st.integers(0, 2))):  # a title that names a day, Title Case
        when = data.draw(moments)
        words = data.draw(
            st.sampled_from(["Letter To The Board", "Notes To Our Team", "A Memo To All Staff"])
        )
        paragraphs.insert(
            data.draw(st.integers(0, len(paragraphs))),
            f"## {words} - {when:%B} {when.day}, {when.year}",
        )
    document = _document("\n\n".join(paragraphs))
    units = split(document)
    assert all(unit.kind == "paragraph" for unit in units)
    assert not unrecognised_mail(document, units)


#: Phone locales whose chat exports stamp each line as CLDR's short date and time does
#: (`12.03.19, 15:45`, `2019. 3. 12. 오후 3:45`, `15:45 12/3/19`), well past the forms read.
CHAT_LOCALES = [
    "en_US",
    "en_GB",
    "de",
    "fr",
    "es",
    "it",
    "nl",
    "pt_BR",
    "ru",
    "pl",
    "tr",
    "sv",
    "fi",
    "da",
    "nb",
    "cs",
    "hu",
    "ro",
    "el",
    "uk",
    "ko",
    "ja",
    "zh",
    "zh_Hant",
    "ar",
    "fa",
    "he",
    "hi",
    "bn",
    "th",
    "vi",
    "id",
    "ms",
    "ca",
]


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_a_chat_in_a_layout_not_read_is_said_not_recognised(data):
    """A chat export whose line stamps no reader reads gives paragraphs only: the file is
    named as not recognised, never left as prose in silence."""
    locale = data.draw(st.sampled_from(CHAT_LOCALES))
    wrap = data.draw(st.sampled_from(["{stamp} - {who}: {text}", "[{stamp}] {who}: {text}"]))
    cast = data.draw(st.lists(people, min_size=2, max_size=3, unique=True))
    when = data.draw(moments)
    lines = []
    for _ in range(data.draw(st.integers(3, 12))):
        when += timedelta(minutes=data.draw(st.integers(1, 3000)))
        stamp = format_datetime(when, "short", locale=locale)
        text = _prose(data.draw, cast)
        lines.append(wrap.format(stamp=stamp, who=data.draw(st.sampled_from(cast)), text=text))
        if data.draw(st.booleans()):  # a message of two lines
            lines.append(_prose(data.draw, cast))
    document = _document("\n".join(lines), TEXT, "chat.txt")
    units = split(document)
    assert all(unit.kind == "paragraph" for unit in units)
    assert unrecognised_mail(document, units), lines


# -- header blocks and attributions in other languages -----------------------------------------

#: What each language's mail clients write: the labels of a reply header block, the
#: separator above it, and attribution lines as Gmail, Apple Mail, Thunderbird and Outlook
#: localise them ({date} and {time} as CLDR writes them in that language).
LOCALES = {
    "de": (
        ("Von", "Gesendet", "An", "Cc", "Betreff"),
        "-----Ursprüngliche Nachricht-----",
        (
            "Am {date} {time} schrieb {who}:",
            "Am {date} um {time} Uhr schrieb {who}:",
            "Am {date} um {time} schrieb {who}:",
        ),
    ),
    "fr": (
        ("De", "Envoyé", "À", "Cc", "Objet"),
        "-----Message d'origine-----",
        ("Le {date} {time}, {who} a écrit :", "Le {date} à {time}, {who} a écrit :"),
    ),
    "es": (
        ("De", "Enviado el", "Para", "CC", "Asunto"),
        "-----Mensaje original-----",
        (
            "El {date} {time}, {who} escribió:",
            "El {date} a las {time}, {who} escribió:",
            "El {date}, a las {time}, {who} escribió:",
        ),
    ),
    "it": (
        ("Da", "Inviato", "A", "Cc", "Oggetto"),
        "-----Messaggio originale-----",
        (
            "Il giorno {date} {time} {who} ha scritto:",
            "Il giorno {date} alle ore {time} {who} ha scritto:",
            "Il giorno {date}, alle ore {time}, {who} ha scritto:",
        ),
    ),
    "nl": (
        ("Van", "Verzonden", "Aan", "CC", "Onderwerp"),
        "-----Oorspronkelijk bericht-----",
        (
            "Op {date} {time} schreef {who}:",
            "Op {date} om {time} schreef {who}:",
            "Op {date} om {time} heeft {who} het volgende geschreven:",
        ),
    ),
    "pt": (
        ("De", "Enviada em", "Para", "Cc", "Assunto"),
        "-----Mensagem original-----",
        ("Em {date} {time}, {who} escreveu:", "Em {date} às {time}, {who} escreveu:"),
    ),
    "sv": (
        ("Från", "Skickat", "Till", "Kopia", "Ämne"),
        "-----Ursprungligt meddelande-----",
        (
            "Den {date} {time} skrev {who}:",
            "Den {date} kl {time} skrev {who}:",
            "{date} kl. {time} skrev {who}:",
        ),
    ),
    "en": (
        ("From", "Sent", "To", "Cc", "Subject"),
        "-----Original Message-----",
        (
            "On {date} {time}, {who} wrote:",
            "On {date} at {time}, {who} wrote:",
            "On {date}, at {time}, {who} wrote:",
        ),
    ),
}


def _localised(moment: datetime, locale: str, width: str) -> tuple[str, str]:
    return format_date(moment, width, locale=locale), format_time(moment, "short", locale=locale)


@st.composite
def reply_chains(draw):
    locale = draw(st.sampled_from(sorted(LOCALES)))
    labels, separator, attributions = LOCALES[locale]
    cast = draw(st.lists(people, min_size=3, max_size=5, unique=True))
    original = draw(moments)
    reply = original + timedelta(minutes=draw(st.integers(1, 5000)))
    sender, quoted_sender = draw(st.sampled_from(cast)), draw(st.sampled_from(cast))
    to = draw(st.lists(st.sampled_from(cast), min_size=1, max_size=2, unique=True))
    day, clock = _localised(original, locale, draw(st.sampled_from(["full", "long", "medium"])))
    address = quoted_sender.split()[0].lower() + "@example.org"
    who = draw(st.sampled_from(["{}", "{} <" + address + ">", "{} (<" + address + ">)"]))
    lines = [
        f"From: {sender}",
        f"Date: {reply:%a, %d %b %Y %H:%M}",
        f"To: {quoted_sender}",
        "Subject: budget",
        "",
        _prose(draw, cast),
        "",
    ]
    if draw(st.booleans()):
        names = dict(zip(("from", "sent", "to", "cc", "subject"), labels, strict=True))
        lines += [
            separator,
            f"{names['from']}: {who.format(quoted_sender)}",
            f"{names['sent']}: {day} {clock}",
            f"{names['to']}: {'; '.join(to)}",
            f"{names['subject']}: budget",
            "",
        ]
        gold_to = sorted(to)
    else:
        template = draw(st.sampled_from(attributions))
        lines += [template.format(date=day, time=clock, who=who.format(quoted_sender)), ""]
        gold_to = None
    lines.append(_prose(draw, cast))
    return "\n".join(lines) + "\n", (sender, reply), (quoted_sender, gold_to, original)


@settings(max_examples=200, deadline=None)
@given(reply_chains())
def test_quoted_messages_under_headers_and_attributions_in_any_language(drawn):
    text, (sender, reply), (quoted_sender, to, original) = drawn
    outer, quoted = (
        unit for unit in split(_document(text, TEXT, "reply.txt")) if unit.kind == "email"
    )
    assert (outer.sender, outer.date) == (sender, reply)
    assert quoted.quoted_in == outer.id and quoted.sender == quoted_sender, text
    if to is not None:
        assert sorted(quoted.to) == to
    assert quoted.date == original and quoted.date_ambiguous is None, text


#: Attributions as Gmail writes them where the table's templates are not enough: with no verb
#: (Russian, Japanese), the name first (Chinese, Portugal's Portuguese), Czech's `odesílatel`,
#: Finnish's dotted time; Mutt's bracketed one; Apple Mail's and Thunderbird's in languages
#: whose own words they are (`Wiadomość napisana przez … w dniu …`, `…のメール:`, `在 …，… 写道：`).
#: Each, by its locale (and client): the date's CLDR pattern, the line.
ATTRIBUTION_LINES = {
    "pl apple": ("dd.MM.y, 'o godz.' HH:mm", "Wiadomość napisana przez {who} w dniu {date}:"),
    "pl thunderbird": ("dd.MM.y 'o' HH:mm", "W dniu {date}, {who} pisze:"),
    "ja apple": ("y/MM/dd H:mm", "{date}、{who}のメール:"),
    "ko apple": ("y. M. d. a h:mm", "{date}, {who} 작성:"),
    "zh apple": ("y年M月d日，ah:mm", "在 {date}，{who} 写道："),
    "zh_Hant apple": ("y年M月d日 ah:mm", "於 {date}，{who} 寫道："),
    "ru apple": ("d MMM y 'г.', 'в' HH:mm", "{date}, {who} написал(а):"),
    "tr apple": ("d MMM y 'tarihinde' HH:mm", "{date} saatinde, {who} şunları yazdı:"),
    "ru": ("EEE, d MMM y 'г.' 'в' HH:mm", "{date}, {who}:"),
    "ja": ("y年M月d日(EEE) H:mm", "{date} {who}:"),
    "zh": ("y年M月d日EEE HH:mm", "{who} 于{date}写道："),
    "zh_Hant": ("y年M月d日 EEE ah:mm", "{who} 於 {date}寫道："),
    "fi": ("EEE d.M.y 'klo' H.mm", "{date} {who} kirjoitti:"),
    "cs": ("EEE d. M. y 'v' H:mm", "{date} odesílatel {who} napsal:"),
    "pt_PT": ("EEEE, d/MM/y 'à(s)' HH:mm", "{who} escreveu no dia {date}:"),
    "en": ("y-MM-dd HH:mm:ss", "* {who} [{date}]:"),
    # Gmail's Greek (its time's half of the day `μ.μ.`), Roundcube's
    "el": ("EEE, d MMM y 'στις' h:mm a", "Στις {date}, ο χρήστης {who} έγραψε:"),
    "el roundcube": ("y-MM-dd HH:mm", "Στις {date}, {who} έγραψε:"),
    # Gmail's older English: a numeric day, no time, no verb
    "en old gmail": ("y/M/d", "{date} {who}:"),
}


@settings(max_examples=150, deadline=None)
@given(
    moments,
    people,
    st.sampled_from(["+0100", "-0500", "+0930", "+0000", "GMT"]),
    st.sampled_from(["{name} <{address}>", '"{name}" <{address}>', "{address}"]),
    st.booleans(),
)
def test_a_date_over_its_writer_keeps_its_zone(original, writer, zone, form, seconds):
    # Sylpheed's and Claws Mail's attribution: `On <the Date: field as written>` on a line,
    # `<the From: field> wrote:` under it; the zone ends the first line and is the date's
    address = writer.split()[0].lower() + "@example.org"
    written = original.strftime("%a, %-d %b %Y %H:%M" + (":%S" if seconds else "")) + f" {zone}"
    lines = [
        "From: Bob Ray <bob@example.org>",
        "Date: Wed, 6 Mar 2024 08:15:00 +0900",
        "Subject: Re: plan",
        "",
        f"On {written}",
        f"{form.format(name=writer, address=address)} wrote:",
        "",
        "> The plan.",
        "",
        "Fine by me.",
    ]
    units = [u for u in _mail_units("\n".join(lines) + "\n") if u.kind == "email"]
    quoted = units[1]
    offset = 0 if zone in ("GMT", "+0000") else int(zone[:3]) * 60 + int(zone[0] + zone[3:])
    expected = original.replace(second=original.second if seconds else 0)
    assert quoted.date is not None and quoted.date.replace(tzinfo=None) == expected
    assert quoted.date.utcoffset() == timedelta(minutes=offset), written
    assert (quoted.sender or quoted.sender_address) in (writer, address), written
    assert units[0].text == "Fine by me."


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(ATTRIBUTION_LINES)),
    moments,
    people,
    people,
    st.integers(1, 4),
    st.booleans(),
    st.data(),
)
def test_gmails_and_mutts_other_attributions_head_the_quote_under_them(
    client, original, replier, quoted_sender, quoted_lines, wrapped, data
):
    pattern, template = ATTRIBUTION_LINES[client]
    locale = client.split()[0]
    written = format_datetime(original, pattern, locale=locale)
    if locale == "pt_PT" and data.draw(st.booleans()):
        written = written.replace("-feira", "", 1)  # `segunda, 4/03/2024`, as Gmail writes it
    address = quoted_sender.split()[0].lower() + "@example.org"
    who = data.draw(
        st.sampled_from([f"{quoted_sender} <{address}>", f'"{quoted_sender}" <{address}>'])
    )
    line = template.format(date=written, who=who)
    # Gmail wraps a long attribution after its address's `<`
    head = line.replace("<", "<\n", 1).split("\n") if wrapped and client == "ru" else [line]
    lines = [
        f"From: {replier}",
        "Date: 11 Mar 2031 09:00",
        "Subject: Re: budget",
        "",
        "Agreed, let us go on.",
        "",
        *head,
        *(["", *(["", ""] if client == "zh" else [])] if data.draw(st.booleans()) else []),
        *(f"> line {number} of the quote." for number in range(quoted_lines)),
    ]
    text = "\n".join(lines) + "\n"
    outer, quoted = (u for u in split(_document(text, TEXT, "reply.txt")) if u.kind == "email")
    assert outer.text == "Agreed, let us go on.", text
    if "m" not in pattern:  # a day, no time
        expected: datetime | date = original.date()
    else:
        expected = original.replace(second=0) if ":ss" not in pattern else original
    assert (quoted.sender, quoted.date, quoted.quoted_in) == (quoted_sender, expected, outer.id), text
    assert quoted.text == "\n".join(
        f"line {number} of the quote." for number in range(quoted_lines)
    )


def test_a_line_ending_with_an_address_but_no_date_is_no_attribution():
    text = (
        "From: Ana Lima\nDate: Wed, 11 Mar 2020 09:00\nSubject: list\n\n"
        "Write to the list <list@example.org>:\n> line one\n> line two\n"
    )
    outer, quoted = (u for u in split(_document(text, TEXT, "note.txt")) if u.kind == "email")
    assert "Write to the list <list@example.org>:" in outer.text
    assert quoted.sender is None


#: How mail clients open and close a forward: Mutt's, Gnus', and those that encapsulate as
#: RFC 934 does (each line of the forwarded message that begins with a dash stuffed with
#: `- `): MH's `forw`, VM's, older Gnus'.
_FORWARDS = {
    "mutt": ("----- Forwarded message from {who} -----", "----- End forwarded message -----"),
    "gnus": (
        "-------------------- Start of forwarded message --------------------",
        "-------------------- End of forwarded message --------------------",
    ),
    "mh": ("------- Forwarded Message", "------- End of Forwarded Message"),
    "vm": (
        "------- start of forwarded message (RFC 934 encapsulation) -------",
        "------- end -------",
    ),
    "old gnus": (
        "------- Start of forwarded message -------",
        "------- End of forwarded message -------",
    ),
}
#: The clients whose forwards are RFC 934 encapsulations.
_STUFFING = ("mh", "vm", "old gnus")


@settings(max_examples=150, deadline=None)
@given(
    st.lists(people, min_size=2, max_size=4, unique=True),
    st.lists(moments, min_size=4, max_size=4),
    st.booleans(),
    st.booleans(),
    st.sampled_from(sorted(_FORWARDS)),
    st.booleans(),
    st.booleans(),
    st.sampled_from([str, str.lower, str.upper]),
)
def test_forwards_close_where_their_end_marker_stands(
    cast, times, signed, spaced, style, dashed, fields, case
):
    # a forward's marker over the head and its end marker under the text, forwards inside
    # forwards: each text its own sender's, the forwarder's words after the end marker (a
    # sign-off) the forwarder's; in MH's forward, a line of the forwarded text beginning
    # with a dash (a list's) as written before RFC 934 stuffed it, at every depth; the
    # header fields a forward keeps that no head reads (MH's `Return-Path:`, `Received:`
    # folded) in neither text
    blank = [""] if spaced else []
    kept = [
        "Return-Path: <{address}>",
        "Received: from mail.example.org by mx.example.org;",
        "\tSat, 01 Jan 2000 00:00:00 +0000",
    ]
    opening, closing = map(case, _FORWARDS[style])

    def point(depth: int) -> list[str]:
        return ["", f"- a point of {cast[depth]}"] if dashed else []

    def forwarded(depth: int) -> list[str]:
        sender, address = cast[depth], cast[depth].split()[0].lower() + "@example.org"
        inner = forwarded(depth + 1) if depth + 1 < len(cast) else []
        message = [
            *(line.format(address=address) for line in (kept if fields else [])),
            f"Date: {times[depth]:%a, %d %b %Y %H:%M:%S} +0000",
            f"From: {sender} <{address}>",
            f"To: {cast[depth - 1]}",
            "Subject: budget",
            "",
            f"Words of {sender}.",
            *point(depth),
            "",
            *inner,
            *([""] if inner else []),
        ]
        if style in _STUFFING:
            message = [f"- {line}" if line.startswith("-") else line for line in message]
        return [opening.replace("{WHO}", "{who}").format(who=f"{sender} <{address}>"), *blank, *message, closing]

    lines = [
        f"From: {cast[0]}",
        f"Date: {times[0]:%a, %d %b %Y %H:%M}",
        "Subject: Fwd: budget",
        "",
        f"Words of {cast[0]}.",
        "",
        *forwarded(1),
        *(["", "-- ", cast[0].split()[0]] if signed else []),
    ]
    text = "\n".join(lines) + "\n"
    sign_off = f"\n\n--\n{cast[0].split()[0]}" if signed else ""
    # pasted as a text file, the sign-off under the end marker is the page's prose; in a
    # mail file's body, the forwarder's
    for units, outer_text in (
        (split(_document(text, TEXT, "fwd.txt")), f"Words of {cast[0]}."),
        (_mail_units(text), f"Words of {cast[0]}.{sign_off}"),
    ):
        emails = [u for u in units if u.kind == "email"]
        assert [u.sender for u in emails] == cast, text
        assert emails[0].text == outer_text, text
        for number, unit in enumerate(emails[1:], 1):
            assert unit.quoted_in == emails[number - 1].id, text
            assert unit.text == "\n\n".join([f"Words of {cast[number]}.", *point(number)[1:]]), text


def test_an_encapsulation_left_open_is_read_as_written():
    """RFC 934's stuffing is taken away only inside an encapsulation its end marker closes:
    a list's `- ` elsewhere, or under a marker never closed (a cut file: its markers by the
    hundred thousand, read in one pass), stays as written."""
    from searchkit.split.encapsulation import unencapsulated

    lines = ["- a list's item", "------- Forwarded Message", "- - stuffed", "- ------- Forwarded Message"]
    numbered = list(enumerate(lines * 50_000))
    assert unencapsulated(numbered) == numbered
    closed = [*numbered[:3], (3, "------- End of Forwarded Message"), (4, "- after")]
    assert [text for _, text in unencapsulated(closed)] == [
        "- a list's item", "------- Forwarded Message", "- stuffed",
        "------- End of Forwarded Message", "- after",
    ]


def _mail_units(text: str, name: str = "fwd.eml") -> list:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        return list(read_units(path, name).units)


#: A forwarded message's head as MH's `forw` keeps it: transport fields, folded, first.
_KEPT_HEAD = """Return-Path: <{address}>
Received: from relay.example.net (relay.example.net [198.51.100.7])
\tby mail.example.org (8.14.4/8.14.4) with ESMTP id q9ZZxy
\tfor <ann@example.org>; Mon, 4 Mar 2024 15:00:02 +0000
X-Mailer: MH-E 8.6; nmh 1.7.1
Message-ID: <{number}.1709560800@example.net>
From: {name} <{address}>
To: Ann Lee <ann@example.org>
Subject: Pump schedule {number}
Date: Mon, 0{number} Mar 2024 09:00:00 -0500
"""


@settings(max_examples=60, deadline=None)
@given(st.lists(people, min_size=1, max_size=3, unique=True), st.booleans(), st.booleans())
def test_an_mh_forward_of_several_messages_gives_each_its_own(cast, pasted, kept):
    # nmh's `forw` of several messages: `------- Forwarded Messages` over the first, `-------
    # Message 2` over each next, `------- End of Forwarded Messages` under the last, each
    # RFC 934-stuffed, their heads kept whole; in a mail file, or pasted into a note under
    # lines of the note's own (which no source view's title is)
    def head(number: int, name: str) -> str:
        address = name.split()[0].lower() + "@example.net"
        if kept:
            return _KEPT_HEAD.format(number=number, name=name, address=address)
        return f"From: {name} <{address}>\nDate: Mon, 0{number} Mar 2024 09:00:00 -0500\n"

    parts = []
    for number, name in enumerate(cast, start=1):
        marker = "------- Forwarded Messages" if number == 1 else f"------- Message {number}"
        words = f"Plan {number} of {name}:\n- - drain the tank\n\n- -- \n{name}"
        parts.append(f"{marker}\n\n{head(number, name)}\n{words}\n\n")
    forward = "".join(parts) + "------- End of Forwarded Messages\n\nAnn ocelot\n"
    if pasted:
        text = f"Notes kept by Ann.\n\nI pasted the forward here:\n\n{forward}"
        units = _mail_units(text, "notes.txt")
    else:
        mail = "From: Ann Lee <ann@example.org>\nTo: Bob Ray <bob@example.org>\n"
        mail += "Date: Tue, 05 Mar 2024 10:00:00 +0100\nSubject: Pumps (fwd)\n\nBob, notes.\n\n"
        units = _mail_units(mail + forward)
    emails = [unit for unit in units if unit.kind == "email"]
    forwarded = emails if pasted else emails[1:]
    assert [unit.sender for unit in forwarded] == cast
    for number, (unit, name) in enumerate(zip(forwarded, cast, strict=True), start=1):
        assert unit.text == f"Plan {number} of {name}:\n- drain the tank\n\n--\n{name}"
        assert unit.date is not None and unit.date.day == number
    if not pasted:
        assert emails[0].text == "Bob, notes.\n\nAnn ocelot"
        assert all(unit.quoted_in == emails[0].id for unit in forwarded)
    assert not any("orwarded" in unit.text or "Received" in unit.text for unit in units)


#: Forwards as Thunderbird and Apple Mail write them: a separator line, then the forwarded
#: message's head in the client's own order and labels (subject first in Thunderbird).
FORWARDS = {
    "de": (
        ("-------- Weitergeleitete Nachricht --------", "Anfang der weitergeleiteten Nachricht:"),
        {"subject": "Betreff", "date": "Datum", "from": "Von", "to": "An"},
    ),
    "fr": (
        ("-------- Message transféré --------", "Début du message réexpédié :"),
        {"subject": "Sujet", "date": "Date", "from": "De", "to": "Pour"},
    ),
    "es": (
        ("-------- Mensaje reenviado --------", "Comienzo del mensaje reenviado:"),
        {"subject": "Asunto", "date": "Fecha", "from": "De", "to": "Para"},
    ),
    "it": (
        ("-------- Messaggio Inoltrato --------", "Inizio messaggio inoltrato:"),
        {"subject": "Oggetto", "date": "Data", "from": "Mittente", "to": "A"},
    ),
    "nl": (
        ("-------- Doorgestuurd bericht --------", "Begin doorgestuurd bericht:"),
        {"subject": "Onderwerp", "date": "Datum", "from": "Van", "to": "Aan"},
    ),
    "pt": (
        ("-------- Mensagem encaminhada --------", "Início da mensagem reencaminhada:"),
        {"subject": "Assunto", "date": "Data", "from": "De", "to": "Para"},
    ),
    "sv": (
        ("-------- Vidarebefordrat meddelande --------", "Vidarebefordrat mejl:"),
        {"subject": "Ämne", "date": "Datum", "from": "Från", "to": "Till"},
    ),
}


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_forwards_as_thunderbird_and_apple_mail_write_them(data):
    locale = data.draw(st.sampled_from(sorted(FORWARDS)))
    separators, labels = FORWARDS[locale]
    cast = data.draw(st.lists(people, min_size=3, max_size=4, unique=True))
    original = data.draw(moments)
    day, clock = _localised(
        original, locale, data.draw(st.sampled_from(["full", "long", "medium"]))
    )
    order = data.draw(st.permutations(["subject", "date", "from", "to"]))
    values = {"subject": "budget", "date": f"{day} {clock}", "from": cast[1], "to": cast[2]}
    tab = data.draw(st.sampled_from([" ", "\t", " \t"]))
    head = [f"{labels[field]}:{tab}{values[field]}" for field in order]
    text = "\n".join(
        [
            f"From: {cast[0]}",
            f"Date: {original + timedelta(days=1):%a, %d %b %Y %H:%M}",
            f"To: {cast[2]}",
            "",
            "For you.",
            "",
            data.draw(st.sampled_from(separators)),
            *head,
            "",
            _prose(data.draw, cast),
        ]
    )
    outer, forwarded = (
        unit for unit in split(_document(text, TEXT, "fwd.txt")) if unit.kind == "email"
    )
    assert (forwarded.quoted_in, forwarded.sender, forwarded.to) == (
        outer.id,
        cast[1],
        (cast[2],),
    ), text
    assert (forwarded.date, forwarded.subject) == (original, "budget"), text
    assert outer.text == "For you."


# -- the bundled page's emails, reprinted ----------------------------------------------------


def _bundled_emails():
    from searchkit.corpus import read_units
    from tests.conftest import CORPUS, PAGE

    units = read_units(CORPUS / PAGE, PAGE).units
    return [unit for unit in units if unit.kind == "email" and unit.to and not unit.quoted_in]


@settings(max_examples=60, deadline=None)
@given(envelope_shapes(), st.sampled_from(["%b %d, %Y", "%B %d, %Y", "%a, %b %d, %Y", "%d %B %Y"]))
def test_the_bundled_emails_reprinted_in_another_layout_read_the_same(shape, day_form):
    """Reprints of the same emails in other layouts give the same senders, recipients and
    minutes as the bundled page does."""
    shape = {**shape, "date": day_form, "time": shape["time"] or " %I:%M %p"}
    originals = _bundled_emails()
    lines = ["# The emails", ""]
    for unit in originals:
        cc = list(unit.cc) if shape["cc"] else []
        to = list(unit.to) + ([] if shape["cc"] else list(unit.cc))
        lines += [
            "",
            _envelope(shape, unit.sender, to, cc, unit.date),
            "",
            unit.text.split("\n")[0] or "(no text)",
        ]
    reprinted = [u for u in split(_document("\n".join(lines))) if u.kind == "email"]
    assert len(reprinted) == len(originals), "\n".join(lines)
    for again, original in zip(reprinted, originals, strict=True):
        assert again.sender == original.sender
        assert sorted(again.to + again.cc) == sorted(original.to + original.cc)
        assert again.date.replace(tzinfo=None) == original.date.replace(second=0, tzinfo=None)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_a_forward_of_a_forward_keeps_the_middle_message_that_has_no_words(data):
    """Gmail and Thunderbird forward a forward with nothing added: the middle message has a
    head (who, when) and no text of its own, and is a message all the same."""
    first, second = data.draw(st.lists(st.sampled_from(sorted(FORWARDS)), min_size=2, max_size=2))
    cast = data.draw(st.lists(people, min_size=4, max_size=5, unique=True))
    when = data.draw(moments)
    heads = []
    for locale, sender, moment in (
        (first, cast[1], when + timedelta(hours=5)),
        (second, cast[2], when),
    ):
        separators, labels = FORWARDS[locale]
        day, clock = _localised(moment, locale, "medium")
        heads += [
            data.draw(st.sampled_from(separators)),
            f"{labels['from']}: {sender}",
            f"{labels['date']}: {day} {clock}",
            f"{labels['to']}: {cast[3]}",
            "",
            "",
        ]
    text = "\n".join(
        [
            f"From: {cast[0]}",
            f"Date: {when + timedelta(days=1):%a, %d %b %Y %H:%M}",
            f"To: {cast[3]}",
            "",
            "For you.",
            "",
            *heads,
            "The words of the first.",
        ]
    )
    outer, middle, inner = (u for u in split(_document(text, TEXT, "fwd.txt")) if u.kind == "email")
    assert (middle.sender, middle.date, middle.text, middle.quoted_in) == (
        cast[1],
        when + timedelta(hours=5),
        "",
        outer.id,
    ), text
    assert (inner.sender, inner.date, inner.quoted_in) == (cast[2], when, middle.id), text
    assert inner.text == "The words of the first."


#: English attributions as the clients write them: each's date (CLDR's pattern) and line.
#: Gmail puts no comma between date and name, Gmail on Android one before the address too.
ENGLISH_ATTRIBUTIONS = {
    "gmail": ("EEE, MMM d, y 'at' h:mm a", "On {date} {name} <{address}> wrote:"),
    "gmail, a comma": ("EEE, MMM d, y, h:mm a", "On {date} {name} <{address}> wrote:"),
    "gmail android": ("EEE, d MMM y, HH:mm", "On {date} {name}, <{address}> wrote:"),
    "apple": ("MMM d, y, 'at' h:mm a", "On {date}, {name} <{address}> wrote:"),
    "thunderbird": ("M/d/yy h:mm a", "On {date}, {name} wrote:"),
    "dateless": (None, "{name} <{address}> wrote:"),
    "dateless, no address": (None, "{name} wrote:"),
}


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(sorted(ENGLISH_ATTRIBUTIONS)),
    moments,
    st.sampled_from(FIRST),
    st.sampled_from(LAST),
    st.booleans(),
    st.sampled_from(["above the quote", "inside it"]),
    st.integers(1, 3),
    st.sampled_from(["en_US", "en_CA", "en_GB", "en_AU"]),
)
def test_an_attribution_gives_its_quote_the_whole_name_its_address_and_its_date(
    client, original, first, last, last_first, place, quoted_lines, locale
):
    """`Doe, John <…>`, `Vera Kohl, <…>` and a dateless `Zoe Clark <…> wrote:` (Apple Mail's,
    at the top of the quote) name the whole person; no date is made up where none is; the
    time's marker as each English writes it (`PM`, `pm`, Canada's `p.m.`)."""
    pattern, template = ENGLISH_ATTRIBUTIONS[client]
    address = f"{first.lower()}.{last.split()[-1].lower()}@example.org"
    name = f"{last}, {first}" if last_first and "<" in template else f"{first} {last}"
    written = format_datetime(original, pattern, locale=locale) if pattern else ""
    line = template.format(date=written, name=name, address=address)
    quote = [f"line {number} of the quote." for number in range(quoted_lines)]
    if place == "inside it":
        block = [f"> {line}", *(f"> {text}" for text in quote)]
    else:
        block = [line, *(f"> {text}" for text in quote)]
    text = "\n".join(
        ["From: Ivo Holm", "Date: 11 Mar 2031 09:00", "Subject: Re: budget", "", "Agreed.", ""]
        + block
    )
    outer, quoted = (
        unit for unit in split(_document(text, TEXT, "reply.txt")) if unit.kind == "email"
    )
    assert outer.text == "Agreed." and quoted.quoted_in == outer.id, text
    assert quoted.sender == f"{first} {last}", text
    assert quoted.sender_address == (address if "<" in template else None), text
    assert quoted.date == (original if pattern else None), text
    assert quoted.text == "\n".join(quote), text


def _localised_head(locale: str, sender: str, original: datetime, recipient: str) -> list[str]:
    """A quoted head in the labels of `locale`'s mail clients, its subject `budget`."""
    (from_label, sent, to, _, subject), _, _ = LOCALES[locale]
    return [
        f"{from_label}: {sender} <{sender.split()[0].lower()}@example.org>",
        f"{sent}: {original:%Y-%m-%d %H:%M}",
        f"{to}: {recipient}",
        f"{subject}: budget",
    ]


def _two_emails(lines: list[str]):
    """The outer email of a text file of these lines, and the one it quotes."""
    outer, quoted = (
        unit
        for unit in split(_document("\n".join(lines), TEXT, "reply.txt"))
        if unit.kind == "email"
    )
    return outer, quoted


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(sorted(LOCALES)),
    moments,
    people,
    people,
    st.booleans(),
    st.booleans(),
)
def test_outlooks_rule_over_a_quoted_head_is_the_heads_not_the_replys(
    locale, original, replier, quoted_sender, blank_under_rule, signed
):
    """Outlook's `________________________________` over the head it quotes: no word of the
    reply's, the quoted message's first line."""
    reply = ["Agreed, let us go on.", *(["", replier.split()[0]] if signed else [])]
    rule = ["_" * 32, *([""] if blank_under_rule else [])]
    head = _localised_head(locale, quoted_sender, original, replier)
    lines = ["From: " + replier, "Date: 11 Mar 2031 09:00", "Subject: Re: budget", ""]
    lines += [*reply, *rule, *head, "", "The figures are final."]
    outer, quoted = _two_emails(lines)
    assert outer.text == "\n".join(reply), lines
    assert (quoted.sender, quoted.date) == (quoted_sender, original), lines
    assert quoted.line_start == lines.index("_" * 32) + 1, lines


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(sorted(LOCALES)),
    moments,
    people,
    people,
    st.sampled_from(
        ["locale", "Begin forwarded message:", "---------- Forwarded message ---------"]
    ),
    st.integers(0, 2),
)
def test_a_forward_marker_over_a_quoted_head_is_no_word_of_the_forwarders(
    locale, original, forwarder, sender, marker, blanks
):
    """Apple Mail's HTML forward, read as text: `Begin forwarded message:` over the forwarded
    head in a block quote. The marker is the quote's."""
    marker = LOCALES[locale][1] if marker == "locale" else marker
    head = _localised_head(locale, sender, original, forwarder)
    lines = ["From: " + forwarder, "Date: 11 Mar 2031 09:00", "Subject: Fwd: budget", ""]
    lines += ["See below.", "", marker, *[""] * blanks]
    lines += [f"> {line}" for line in [*head, "", "The figures are final."]]
    outer, forwarded = _two_emails(lines)
    assert outer.text == "See below.", lines
    assert (forwarded.sender, forwarded.date) == (sender, original), lines
    assert forwarded.text == "The figures are final." and forwarded.quoted_in == outer.id


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(LOCALES)), moments, people, people, st.booleans())
def test_a_quoted_head_written_on_one_line_is_read_field_by_field(
    locale, original, replier, sender, with_to
):
    """A client that writes the quoted head in one paragraph (`From: Beth Young <…> Sent: …
    To: … Subject: …`, its labels in the reply's language): each field read."""
    (from_label, sent, to, _, subject), _, _ = LOCALES[locale]
    address = f"{sender.split()[0].lower()}@example.org"
    fields = [f"{from_label}: {sender} <{address}>", f"{sent}: {original:%Y-%m-%d %H:%M}"]
    fields += [f"{to}: {replier}"] if with_to else []
    fields += [f"{subject}: Shift swap"]
    lines = ["From: " + replier, "Date: 11 Mar 2031 09:00", "Subject: RE: Shift swap", ""]
    lines += ["I will take it.", "", " ".join(fields), "", "Can anyone cover my shift?"]
    outer, quoted = _two_emails(lines)
    assert outer.text == "I will take it.", lines
    assert (quoted.sender, quoted.sender_address, quoted.date) == (sender, address, original)
    assert quoted.subject == "Shift swap" and quoted.text == "Can anyone cover my shift?"
    assert quoted.to == ((replier,) if with_to else ()), lines


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_head_of_labels_without_colons_not_read_is_said_not_recognised(data):
    """Labels with no colon, each over its value (a Notes memo's print) or before a tab and
    its value (a webmail's print view), in a layout no reader reads: the file is named as
    not recognised, never left as prose in silence."""
    cast = data.draw(st.lists(people, min_size=3, max_size=3, unique=True))
    labels = data.draw(
        st.sampled_from([("From", "To", "cc", "Subject"), ("Von", "An", "Cc", "Betreff")])
    )
    when = data.draw(moments)
    values = [cast[0], cast[1], cast[2], "Outfall 003 sampling"]
    tab = data.draw(st.booleans())
    lines = [f"{when:%m/%d/%Y %I:%M %p}"]
    for label, value in zip(labels, values, strict=True):
        lines += [f"{label}\t{value}"] if tab else [label, value]
    lines += ["", _prose(data.draw, cast), "", cast[0].split()[0]]
    document = _document("\n".join(lines), TEXT, "memo.txt")
    units = split(document)
    if all(unit.kind == "paragraph" for unit in units):
        assert unrecognised_mail(document, units), lines


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(sorted(LOCALES)),
    st.lists(people, min_size=2, max_size=2, unique=True),
    moments,
    st.sampled_from([("to", "subject"), ("subject", "to"), ("to",), ("to", "cc", "subject")]),
    st.booleans(),
)
def test_an_undated_head_under_a_separator_is_a_message_of_its_own(
    locale, cast, reply, fields, printout
):
    """Under `-----Original Message-----` (in any language), a quoted head with no date line
    is a message all the same, its date unknown: its words are not the reply's, under the
    replier's name and date. A printout saved as its own file is read as mail first."""
    labels, separator, _ = LOCALES[locale]
    names = dict(zip(("from", "sent", "to", "cc", "subject"), labels, strict=True))
    replier, original = cast
    head = [f"{names['from']}: {original} <{original.split()[0].lower()}@example.org>"]
    values = {"to": replier, "cc": "Team Desk", "subject": "Lease"}
    head += [f"{names[field]}: {values[field]}" for field in fields]
    lines = [] if printout else ["Printed for the record.", ""]
    lines += [f"From: {replier}", f"Sent: {reply:%A, %B %d, %Y %I:%M %p}", f"To: {original}"]
    lines += ["Subject: RE: Lease", "", "Lease signed.", "", separator, *head, "", "Please sign."]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reply.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        emails = [unit for unit in read_units(path, "reply.txt").units if unit.kind == "email"]
    text = "\n".join(lines)
    assert [(unit.sender, unit.text) for unit in emails] == [
        (replier, "Lease signed."),
        (original, "Please sign."),
    ], text
    quoted = emails[1]
    assert (quoted.date, quoted.quoted_in, quoted.to) == (None, emails[0].id, (replier,)), text
    if "subject" in fields:
        assert quoted.subject == "Lease", text


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(["EEE d MMM 'at' HH:mm", "MMM d 'at' h:mm a", "EEE, MMM d, h:mm a", "d MMM, HH:mm"]),
    st.sampled_from(["On {date}, {name} <{address}> wrote:", "On {date} {name} <{address}> wrote:"]),
    moments,
    st.sampled_from(FIRST),
    st.sampled_from(LAST),
)
def test_an_attribution_whose_date_has_no_year_names_its_person_and_no_date(
    pattern, template, original, first, last
):
    """`On Wed 3 Apr at 10:15, Otto Orr <otto@example.com> wrote:`: no year, so no date (none
    is made up, and the unit says the date could not be read); the person and the quote are
    the attribution's all the same, not the reply's words."""
    address = f"{first.lower()}@example.org"
    written = format_datetime(original, pattern, locale="en_US")
    line = template.format(date=written, name=f"{first} {last}", address=address)
    text = "\n".join(
        ["From: Ivo Holm", "Date: 11 Mar 2031 09:00", "Subject: Re: lamps", "", "Fixed.", ""]
        + [line, "> Two lamps are broken.", "> Please look."]
    )
    outer, quoted = (unit for unit in split(_document(text, TEXT, "r.txt")) if unit.kind == "email")
    assert (outer.text, quoted.quoted_in) == ("Fixed.", outer.id), text
    assert (quoted.sender, quoted.sender_address, quoted.date) == (f"{first} {last}", address, None), text
    assert quoted.date_doubt is not None and quoted.date_doubt.startswith("unreadable"), text


#: Attributions that name a day in words only, in languages of the table (`On Monday,
#: Astrid wrote:`): each's template.
DAY_ONLY_ATTRIBUTIONS = {
    "en": ("On {day}, {who} wrote:", "{who} wrote on {day}:"),
    "fr": ("Le {day}, {who} a écrit :",),
    "es": ("El {day}, {who} escribió:",),
    "de": ("Am {day} schrieb {who}:",),
    "pt": ("Em {day}, {who} escreveu:",),
    "nl": ("Op {day} schreef {who}:",),
}


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(sorted(DAY_ONLY_ATTRIBUTIONS)),
    moments,
    people,
    st.sampled_from(["EEEE", "EEE"]),
    st.booleans(),
    st.data(),
)
def test_an_attribution_naming_only_a_weekday_names_its_person_and_says_the_date(
    locale, moment, person, width, addressed, data
):
    """`On Mon, Astrid wrote:` is Astrid's quote, its date unread and said: the weekday is
    never a word of her name (`Astrid On Mon`), nor made a day."""
    template = data.draw(st.sampled_from(DAY_ONLY_ATTRIBUTIONS[locale]))
    day = format_date(moment, width, locale=locale)
    address = person.split()[0].lower() + "@example.org"
    who = f"{person} <{address}>" if addressed else person
    text = (
        "From: Pal Eide\nDate: Tue, 04 Mar 2008 22:40:05 -0500\nTo: Ines Duarte\n"
        f"Subject: budget\n\nGood.\n\n{template.format(day=day, who=who)}\n"
        "> The timetable starts on the 17th.\n"
    )
    units = [unit for unit in split(_document(text, TEXT, "reply.txt")) if unit.kind == "email"]
    assert len(units) == 2, text
    quoted = units[1]
    assert quoted.sender == person and quoted.date is None, text
    assert quoted.date_doubt is not None and quoted.date_doubt.startswith("unreadable"), text
