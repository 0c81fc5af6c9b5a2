"""Header blocks over the grammar of their variation, every field of every message checked.

Hypothesis draws printouts and reprints of Outlook heads: the labels of every language of
searchkit's table, as localised Outlook writes them (`Od:`/`Wysłano:`/`DW:`/`Temat:`,
`差出人:`/`送信日時:`/`件名:`, `发件人：`, …), dates as CLDR writes them in that language (genitive
months, `г.`, `2020年2月3日`, `오후 2:05`, `14.05`), Markdown emphasis around a label or a whole
line, OCR's misreadings (`Fr0m:`, `S ubject:`, `2O17`, a `PM` wrapped onto its own line), page
breaks with their furniture and form feeds (one cutting a head above its `Subject:`), and
date lines that read as no date or name the wrong weekday. Each message must come back with
its sender, recipients, date, subject, and first and last line as `sed` numbers them.
"""

from __future__ import annotations

import re
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from babel.dates import format_date, format_time
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit.audit import CONTRADICTED, UNREADABLE, audit
from searchkit.corpus import read_units
from searchkit.split.prose import _same
from searchkit.units import EMAIL, quoted_subject, subject_thread

#: Each language's labels as its Outlook (and Outlook for Mac, Thunderbird) writes them:
#: from, date, to, cc, subject, each a choice
LABELS = {
    "en": (("From",), ("Sent", "Date"), ("To",), ("Cc", "CC"), ("Subject",)),
    "de": (("Von",), ("Gesendet", "Datum"), ("An",), ("Cc", "Kopie (CC)"), ("Betreff",)),
    "fr": (("De",), ("Envoyé", "Date"), ("À",), ("Cc",), ("Objet",)),
    "pl": (("Od",), ("Wysłano", "Data"), ("Do",), ("DW",), ("Temat",)),
    "ru": (("От",), ("Отправлено", "Дата"), ("Кому",), ("Копия",), ("Тема",)),
    "cs": (("Od",), ("Odesláno", "Datum"), ("Komu",), ("Kopie",), ("Předmět",)),
    "tr": (("Kimden",), ("Gönderildi", "Tarih"), ("Kime",), ("Bilgi",), ("Konu",)),
    "da": (("Fra",), ("Sendt", "Dato"), ("Til",), ("Cc",), ("Emne",)),
    "nb": (("Fra",), ("Sendt", "Dato"), ("Til",), ("Kopi",), ("Emne",)),
    "fi": (("Lähettäjä",), ("Lähetetty",), ("Vastaanottaja",), ("Kopio",), ("Aihe",)),
    "el": (("Από",), ("Στάλθηκε", "Ημερομηνία"), ("Προς",), ("Κοιν.",), ("Θέμα",)),
    "ja": (("差出人", "送信者"), ("送信日時", "日付"), ("宛先",), ("CC",), ("件名",)),
    "zh": (("发件人",), ("发送时间", "日期"), ("收件人",), ("抄送",), ("主题",)),
    "zh_Hant": (("寄件者",), ("寄件日期", "傳送時間"), ("收件者",), ("副本",), ("主旨",)),
    "ko": (("보낸 사람",), ("보낸 날짜",), ("받는 사람",), ("참조",), ("제목",)),
}
#: The blind copy's label, where a language's Outlook (a sent message's printout) writes one
BCC_LABELS = {
    "en": ("Bcc", "BCC"),
    "de": ("Bcc", "Blindkopie (BCC)"),
    "fr": ("Cci",),
    "pl": ("UDW",),
}
#: The reply prefixes each language's Outlook writes
PREFIXES = {
    "en": ("RE: ", "FW: ", "Re: ", "Fwd: "),
    "de": ("AW: ", "WG: "),
    "fr": ("RE : ", "TR : "),
    "pl": ("Odp: ", "PD: ", "RE: "),
    "ru": ("RE: ", "FW: "),
    "cs": ("RE: ", "FW: "),
    "tr": ("YNT: ", "İLT: "),
    "da": ("SV: ", "VS: "),
    "nb": ("SV: ", "VS: "),
    "fi": ("VS: ", "VL: "),
    "el": ("ΑΠ: ", "ΠΡΘ: ", "RE: "),
    "ja": ("RE: ", "返信: ", "転送: "),
    "zh": ("回复: ", "答复: ", "转发: ", "回复："),
    "zh_Hant": ("回覆: ", "轉寄: "),
    "ko": ("회신: ", "전달: "),
}
CJK = ("ja", "zh", "zh_Hant", "ko")
#: How Windows's settings have Outlook write a time, where it is not CLDR's short time
CLOCKS = {
    **{language: ("short", "HH:mm", "a hh:mm", "ah:mm") for language in CJK},
    "en": ("short", "h:mm a", "hh:mm a", "HH:mm"),
}
NAMES = [
    "Ada Okafor",
    "Łukasz Żak",
    "Zoë Dubois",
    "Søren Holm",
    "Сергей Петров",
    "Ольга Иванова",
    "山田 太郎",
    "王强",
    "Kemal Aydın",
    "Priyanka Rao",
]
WORDS = ["budget", "board", "draft", "meeting", "review", "plan", "team", "office", "vote"]
moments = st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2030, 12, 31)).map(
    lambda moment: moment.replace(second=0, microsecond=0)
)
#: OCR's misreadings of the English labels
OCR_LABELS = {
    "From": ("Fr0m", "Fr om", "Frorn", "F rom"),
    "Sent": ("Sen t", "S ent"),
    "To": ("T o", "T0"),
    "Cc": ("C c", "Ce", "Co"),
    "Subject": ("S ubject", "Subj ect", "Subjec t", "Subiect"),
}
#: What OCR makes of the colon after a label: its space lost, a space before it, a semicolon
OCR_COLONS = (": ", ":", " : ", "; ")


def _written(moment: datetime, language: str, width: str, clock: str) -> str:
    """A date line as Outlook writes it in a language: the day as CLDR writes it, the time."""
    day = format_date(moment, width, locale=language)
    return f"{day} {format_time(moment, clock, locale=language)}"


def _body(draw, lines: list[str]) -> None:
    """A message's words, one paragraph or two, added to `lines`."""
    for number in range(draw(st.integers(1, 2))):
        if number:
            lines.append("")
        lines.append(_paragraph(draw))


def _paragraph(draw) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=4, max_size=12))
    return " ".join(words).capitalize() + "."


@st.composite
def heads(draw, language: str, *, ocr: bool, markdown: bool):
    """One message's head lines, with what it must read as."""
    labels = LABELS[language]
    names = [draw(st.sampled_from(choices)) for choices in labels]
    if ocr:
        names = [draw(st.sampled_from((name, *OCR_LABELS.get(name, ())))) for name in names]
    colon = draw(st.sampled_from([": ", "：", "： "])) if language in CJK else ": "
    emphasis = draw(st.sampled_from(["", "label", "line", "value"])) if markdown else ""
    mark = draw(st.sampled_from(["**", "__", "*", "_"])) if emphasis else ""
    cast = draw(st.lists(st.sampled_from(NAMES), min_size=4, max_size=6, unique=True))
    sender, to, cc, bcc = cast[0], cast[1:3], cast[3:-1], cast[-1:]
    if language not in BCC_LABELS or draw(st.booleans()):
        cc, bcc = cast[3:], []
    moment = draw(moments)
    # the time as CLDR writes it short (`午夜12:00`, `14.05`), or as Windows's settings have
    # Outlook write it (`下午 02:05`, `14:05`)
    clock = draw(st.sampled_from(CLOCKS.get(language, ("short", "HH:mm"))))
    when = _written(moment, language, draw(st.sampled_from(["full", "long", "medium"])), clock)
    wrapped = None
    if ocr:  # OCR reads a 0 for an O, and a printout wraps a long date line before its `PM`
        when = when.replace("0", draw(st.sampled_from(["0", "O"])), 1)
        if when.endswith("M") and draw(st.booleans()):
            when, wrapped = when.rsplit(None, 1)
    subject = draw(st.sampled_from(["", *PREFIXES[language]])) + draw(
        st.sampled_from(["Budget 2020", "Q2 lease renewal", "Umowa zlecenie", "打ち合わせ日程"])
    )
    sender_written = draw(st.sampled_from([sender, f"{sender} <sender@example.org>"]))
    values = [sender_written, when, "; ".join(to), "; ".join(cc), subject]

    def line(label: str, value: str) -> str:
        if ocr:
            return f"{label}{draw(st.sampled_from(OCR_COLONS))}{value}"
        if emphasis == "label":
            return f"{mark}{label}{colon.rstrip()}{mark} {value}"
        if emphasis == "line":
            return f"{mark}{label}{colon}{value}{mark}"
        if emphasis == "value":
            return f"{label}{colon}{mark}{value}{mark}"
        return f"{label}{colon}{value}"

    lines = [line(names[0], values[0]), line(names[1], values[1])]
    if wrapped:
        lines.append(wrapped)
    # OCR leaves a blank line between a scanned head's fields, some of them
    spaced = ocr and draw(st.booleans())
    blind = [(draw(st.sampled_from(BCC_LABELS[language])), "; ".join(bcc))] if bcc else []
    rest = [
        (names[2], values[2]),
        *([(names[3], values[3])] if cc else []),
        *blind,
        (names[4], values[4]),
    ]
    for label, value in rest:
        if spaced and draw(st.booleans()):
            lines.append("")
        lines.append(line(label, value))
    gold = dict(
        sender=sender, to=tuple(to), cc=tuple(cc), bcc=tuple(bcc), date=moment, subject=subject
    )
    return lines, gold


def _page_head(page: int) -> str:
    return f"Case 4:24-cv-04722-YGR     Document 32-1     Filed 11/14/24     Page {page} of 40"


def _page_foot(page: int) -> str:
    return f"                                CONFIDENTIAL      MUSK-OAI-{410 + page:08d}"


@st.composite
def printouts(draw, *, bare: bool = False):
    """A released printout: pages (a head line after a form feed, a Bates number at the
    foot; or, as the State Department's releases, one banner at both), messages on them, a
    page break sometimes cutting a head under any of its fields; `bare`, OCR'd and starting
    with its first head, whose `From:` OCR misread."""
    language = "en" if bare else draw(st.sampled_from(sorted(LABELS)))
    ocr = bare or (language == "en" and draw(st.booleans()))
    banner = draw(st.booleans())
    head_of, foot_of = (_banner, _banner) if banner else (_page_head, _page_foot)
    lines: list[str] = [] if bare else [head_of(1), "", "EXHIBIT 3", ""]
    page = 1
    gold = []
    broken: list[int] = []  # how many lines there were after each page break

    def page_break() -> None:
        nonlocal page
        lines.extend(["", foot_of(page)])
        page += 1
        lines.extend(["\f" if bare else f"\f{head_of(page)}", ""])
        broken.append(len(lines))

    for _ in range(draw(st.integers(2, 4))):
        head, expected = draw(heads(language, ocr=ocr, markdown=False))
        if bare and not lines:  # the sender's label misread, in whichever way
            misread = draw(st.sampled_from(["Frorn", "Fr0m", "Frorn ", "Fr0m "]))
            head[0] = re.sub(r"^F ?r ?[o0] ?(?:rn|m) ?", misread, head[0])
        first = len(lines) + 1
        # the page ends inside the head, under one of its fields (never between a date and
        # the `PM` it wraps onto a line of its own, nor on a page holding nothing else)
        cuts = [cut for cut in range(1, len(head)) if not _MERIDIEM_ALONE.match(head[cut])]
        if broken[-1:] != [len(lines)] and draw(st.booleans()):
            cut = draw(st.sampled_from(cuts))
            lines.extend(head[:cut])
            page_break()
            lines.extend(head[cut:])
        else:
            lines.extend(head)
        lines.append("")
        _body(draw, lines)
        gold.append((first, len(lines), expected))
        lines.append("")
        if draw(st.booleans()) or page < 3:
            page_break()
    # the last message's words go on over the page break, to the end of the exhibit
    lines.append("The end of the last message.")
    gold[-1] = (gold[-1][0], len(lines), gold[-1][2])
    lines.extend(["", "", "", foot_of(page)])
    return "\n".join(lines) + "\n", gold, language


_MERIDIEM_ALONE = re.compile(r"^\s*[AP]M\s*$")


def _banner(page: int) -> str:
    """The State Department's banner, at a page's head and foot alike."""
    return (
        "UNCLASSIFIED U.S. Department of State Case No. F-2014-20439 "
        f"Doc No. C0573{page:04d} Date: 05/13/2015"
    )


@st.composite
def reprints(draw):
    """A Markdown page reprinting messages, emphasis around labels, values or whole lines."""
    language = draw(st.sampled_from(sorted(LABELS)))
    lines = ["# The emails", "", "What follows was released in court.", ""]
    gold = []
    for _ in range(draw(st.integers(1, 3))):
        head, expected = draw(heads(language, ocr=False, markdown=True))
        first = len(lines) + 1
        lines.extend([*head, "", _paragraph(draw)])
        gold.append((first, len(lines), expected))
        lines.append("")
    return "\n".join(lines), gold, language


def _units(text: str, name: str) -> list:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        return [unit for unit in read_units(path, name).units if unit.kind == EMAIL]


def _check(units, gold, text: str) -> None:
    assert len(units) == len(gold), text
    above = None
    for unit, (first, last, expected) in zip(units, gold, strict=True):
        assert (unit.line_start, unit.line_end) == (first, last), text
        assert unit.sender == expected["sender"], text
        assert (unit.to, unit.cc) == (expected["to"], expected["cc"]), text
        assert unit.bcc == expected.get("bcc", ()), text
        assert unit.date == expected["date"] and unit.date_doubt is None, text
        assert unit.subject == expected["subject"] and unit.inferred is None, text
        assert unit.thread == subject_thread(expected["subject"]), text
        # a head under a reply to it, no later, is quoted in it (a thread pasted newest first;
        # under the same `RE:` subject, as Outlook keeps one down a chain, when it is earlier)
        if unit.quoted_in:
            assert above is not None and unit.quoted_in == above.id, text
            assert above.subject and (
                quoted_subject(above.subject) == unit.subject
                or (_same(unit.subject, above.subject) and unit.date < above.date)
            ), text
        above = unit


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(printouts())
def test_every_head_of_a_generated_printout_is_read_whole(drawn):
    text, gold, _ = drawn
    units = _units(text, "exhibit.txt")
    _check(units, gold, text)
    for unit in units:  # no page furniture in a message's words
        assert "CONFIDENTIAL" not in unit.text and "Page" not in unit.text, text
        assert "UNCLASSIFIED" not in unit.text, text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(printouts(bare=True))
def test_a_printout_starting_with_a_head_whose_from_ocr_misread_is_read_whole(drawn):
    # no mail file: read as one, it was one message, with no sender nor date
    text, gold, _ = drawn
    _check(_units(text, "release.txt"), gold, text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reprints())
def test_every_head_of_a_generated_markdown_reprint_is_read_whole(drawn):
    text, gold, _ = drawn
    _check(_units(text, "reprint.md"), gold, text)


def test_form_feeds_are_no_lines_of_their_own():
    """A unit cites the line `sed -n Np` shows: a form feed starts a line, it is no line."""
    text = "\f".join(
        f"Page {page}\n\nFrom: Ada Okafor\nTo: Zoë Dubois\nDate: 3 March 2020 10:0{page}\n"
        f"Subject: Budget\n\nThe board met.\n"
        for page in range(1, 5)
    )
    units = _units(text, "pages.txt")
    lines = text.split("\n")
    assert [lines[unit.line_start - 1].lstrip("\f") for unit in units] == ["From: Ada Okafor"] * 4


# -- what is no header line --------------------------------------------------------------------

BODY_LINES = [
    "From our side: the plan stands.",
    "To our surprise: nobody came.",
    "Subject to approval: the budget.",
    "Date night: Friday.",
    "Do: bring the forms.",
    "Od razu: tak.",
    "Fromage: brie.",
    "Sentiment: good.",
    "To do: everything.",
    "T o do: nothing.",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(BODY_LINES), min_size=1, max_size=5))
def test_body_lines_that_start_like_labels_stay_body_text(body):
    text = "\n".join(
        [
            "From: Ada Okafor",
            "Sent: Tuesday, March 3, 2020 10:15 AM",
            "To: Zoë Dubois",
            "Subject: Budget",
            "",
            *body,
            "",
            "Ada",
        ]
    )
    (unit,) = _units("Notes.\n\n" + text + "\n", "note.txt")
    assert unit.text.splitlines() == [*body, "", "Ada"]


PLACES = ["Berlin Tegel", "Paris CDG", "New York JFK", "Gare de Lyon", "Zurich HB", "Main Office"]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(PLACES), min_size=2, max_size=2, unique=True),
    moments,
    st.sampled_from(["Date", "Departure"]),
    st.booleans(),
)
def test_an_itinerary_in_a_body_is_the_writers_text(places, moment, label, ordered):
    # `From: Berlin Tegel`, `To: Paris CDG`, `Date: …` under a message's own head: no quoted
    # head has no `Subject:` nor `Sent:` and a sender without an address
    trip = [f"From: {places[0]}", f"To: {places[1]}", f"{label}: {moment:%A, %B %d, %Y %I:%M %p}"]
    if not ordered:
        trip = [trip[2], trip[0], trip[1]]
    mail = (
        "From: Jane Doe <jane@example.com>\nTo: Bob <bob@example.com>\nSubject: trip\n"
        "Date: Wed, 6 Mar 2024 10:00:00 -0800\n\nHi Bob, the itinerary:\n\n"
        + "\n".join(trip)
        + "\n\nSubject to change by the airline.\n\nJane\n"
    )
    (unit,) = _units(mail, "trip.eml")
    assert unit.sender == "Jane Doe" and all(line in unit.text for line in trip)


# -- date lines that read as no date, or contradict themselves ---------------------------------

ORDINALS = ("first", "second", "third", "fourth")
UNREADABLE_DATES = [
    "########",
    "Sunday, February 30, 2020 3:00 PM",
    "Montag, 32. Foobar 2020 25:61",
    "31/31/2020 10:00",
    "2O2O-??-??",
]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(UNREADABLE_DATES + [""] * 3), min_size=2, max_size=4),
    st.sampled_from(["en", "de"]),
    st.booleans(),
)
def test_a_head_whose_date_reads_as_none_is_a_message_undated_and_said(dates, language, prose):
    """A block with its other labels right is a message whatever its date line holds: its
    date is null, its unit says the line could not be read, the audit lists it; the blocks
    under and above it stay messages of their own."""
    labels = {"en": ("From", "Sent", "To", "Subject"), "de": ("Von", "Gesendet", "An", "Betreff")}
    sender, sent, to, subject = labels[language]
    lines = ["Please see below.", ""] if prose else []
    gold = []
    for number, when in enumerate(dates):
        first = len(lines) + 1
        readable = when or f"3 March 2020 10:{number:02d}"
        lines += [
            f"{sender}: Ada Okafor",
            f"{sent}: {readable}",
            f"{to}: Zoë Dubois",
            f"{subject}: Budget {number}",
            "",
            f"Words of the {ORDINALS[number]}.",
            "",
        ]
        gold.append((first, when))
    text = "\n".join(lines)
    units = _units(text, "garbled.txt")
    assert [unit.subject for unit in units] == [f"Budget {n}" for n in range(len(dates))], text
    if prose:  # (a file that starts with a head is a mail file: its later heads are quotes)
        assert [unit.line_start for unit in units] == [first for first, _ in gold], text
    for unit, (_, when) in zip(units, gold, strict=True):
        assert unit.text.startswith("Words of the"), text
        if when:
            assert unit.date is None and unit.date_doubt == f"unreadable: {when!r}", text
        else:
            assert unit.date is not None and unit.date_doubt is None, text
    found = [finding for finding in audit([_file(units)]) if finding.kind == UNREADABLE]
    assert [finding.line for finding in found] == [
        unit.line_start for unit, (_, when) in zip(units, gold, strict=True) if when
    ]


def _file(units):
    from searchkit.corpus import FileUnits

    return FileUnits(units[0].source, units, ())


@settings(max_examples=100, deadline=None)
@given(moments, st.integers(1, 6), st.sampled_from(["en", "de", "fr", "pl", "ru", "cs", "da"]))
def test_a_weekday_that_is_not_the_days_keeps_the_date_and_is_listed(moment, off, language):
    wrong = moment - timedelta(days=off)  # another weekday: its name, this day's date
    day = format_date(moment, "long", locale=language)
    weekday = format_date(wrong, "EEEE", locale=language)
    sender, sent, to, subject = (LABELS[language][index][0] for index in (0, 1, 2, 4))
    text = (
        f"Notes.\n\n{sender}: Ada Okafor\n{sent}: {weekday}, {day} "
        f"{format_time(moment, 'short', locale=language)}\n{to}: Zoë Dubois\n"
        f"{subject}: Budget\n\nWords.\n"
    )
    (unit,) = _units(text, "weekday.txt")
    assert unit.date == moment, text
    assert unit.date_doubt and unit.date_doubt.startswith("weekday: "), text
    (finding,) = (f for f in audit([_file([unit])]) if f.kind == CONTRADICTED)
    assert finding.line == 3


# -- reply and forward prefixes ----------------------------------------------------------------

PREFIXED = [(prefix, language) for language, found in PREFIXES.items() for prefix in found] + [
    (prefix, "other")
    for prefix in ("RES: ", "ENC: ", "RV: ", "R: ", "I: ", "Antw: ", "SV: ", "ΑΠ: ", "Re[2]: ")
]


@pytest.mark.parametrize(("prefix", "language"), PREFIXED)
def test_a_reply_or_forward_prefix_of_any_language_leaves_the_thread(prefix, language):
    assert subject_thread(f"{prefix}Contrato de locação") == "contrato-de-locacao"
    assert quoted_subject(f"{prefix}{prefix}Plan") == f"{prefix}Plan"


@pytest.mark.parametrize(
    "subject", ["Res: a note on resolution", "Vs: the match", "Pd: payments", "In: the box"]
)
def test_a_word_that_is_also_a_prefix_stays_in_the_subject_unless_written_in_capitals(subject):
    assert quoted_subject(subject) == subject
    assert subject_thread(subject) == subject.lower().replace(":", "").replace(" ", "-")


def test_subjects_in_any_script_make_threads_of_their_own():
    assert subject_thread("RE: Счёт № 118") != subject_thread("RE: Акт № 118")
    assert subject_thread("回复: 服务器安装时间") == "服务器安装时间"
    assert subject_thread("Reunión") == subject_thread("Reunion")


# -- a browser's print furniture ----------------------------------------------------------------


def _print_head(number: int, gap: str, to: str) -> list[str]:
    """A message's head in Gmail's print view: sender and date on one line, then `To:`."""
    return [
        "",
        f"Ada Okafor <ada@example.org>{gap}Sat, Dec 12, 2015 at {number}:02 PM",
        f"To: {to}",
        "",
    ]


#: How a release blacks out a sender in a Gmail print view's head line.
REDACTION_MARKS = ["(b)(6)", "(b)(6), (b)(7)(C)", "[REDACTED]", "█████████", "B6", "(b) (6)"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=3),
    st.sampled_from(REDACTION_MARKS),
    st.sampled_from([" " * 2, " " * 14, " " * 40, "\t"]),
)
def test_a_gmail_print_view_in_a_release_keeps_each_message_its_sender_blacked_out(
    messages, mark, gap
):
    """`(b)(6)      Fri, Jul 15, 2011 at 11:44 PM` over `To: Jane Doe <…>`: a message whose
    sender is blacked out, `[redacted]`, never missed nor guessed."""
    jane = "Jane Doe <jane@example.org>"
    lines = ["7/30/2011                Gmail - Press inquiry", "", jane, "", "Press inquiry"]
    lines.append(f"{len(messages)} messages" if len(messages) > 1 else "")
    gold = []
    for number, (sender_hidden, recipient_hidden) in enumerate(messages, start=1):
        sender = mark if sender_hidden else jane
        lines += [
            "",
            f"{sender}{gap}Fri, Jul {number + 14}, 2011 at 11:4{number} PM",
            f"To: {'(b)(6)' if recipient_hidden else jane}",
            "",
            f"The words of the {ORDINALS[number - 1]}.",
        ]
        gold.append(
            (
                "[redacted]" if sender_hidden else "Jane Doe",
                datetime(2011, 7, number + 14, 23, 40 + number),
                ("[redacted]",) if recipient_hidden else ("Jane Doe",),
                f"The words of the {ORDINALS[number - 1]}.",
            )
        )
    units = _units("\n".join(lines) + "\n", "release.txt")
    assert [(u.sender, u.date, u.to, u.text) for u in units] == gold, "\n".join(lines)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 4), st.sampled_from(["12/14/2015", "12/14/15, 3:45 PM"]))
def test_a_browsers_print_head_and_foot_are_no_words_of_a_message(pages, printed):
    title = "Gmail - Kickoff dinner in Lyon"
    url = "https://mail.google.com/mail/u/0/?ik=3f2a1b9c0d&view=pt&search=all"
    lines = [
        f"{printed}                  {title}",
        "",
        "Kickoff dinner in Lyon",
        f"{pages} messages",
    ]
    for page in range(1, pages + 1):
        lines += [
            *_print_head(page, " " * 14, "Zoë Dubois <zoe@example.org>"),
            f" The words of the {ORDINALS[page - 1]},",
            "",
            f"{url}   {page}/{pages}",
            f"{printed}                  {title}",
            f" and the rest of the {ORDINALS[page - 1]}.",
        ]
    units = _units("\n".join(lines) + "\n", "print.txt")
    assert [unit.text for unit in units] == [
        f"The words of the {ordinal},\n\nand the rest of the {ordinal}."
        for ordinal in ORDINALS[:pages]
    ]


#: What may stand between a `>` quote and an unquoted head below it.
BELOW_A_QUOTE = ["", "-----Original Message-----", "________________________________", "---"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(sorted(LABELS)).flatmap(
        lambda language: heads(language, ocr=False, markdown=False)
    ),
    st.sampled_from(BELOW_A_QUOTE),
    st.lists(st.sampled_from(WORDS), min_size=2, max_size=4),  # a lone `>` line is no quote
    st.booleans(),
    st.booleans(),
)
def test_a_head_below_a_quote_is_a_message_of_its_own(
    drawn, separator, quoted, replied, attributed
):
    # a reply quoting Ben's lines with `>` (under his attribution, or bare), the original Ben
    # answered pasted unquoted under them: three messages, the last two quoted in the first,
    # none in another's text
    lines, gold = drawn
    body = [
        "Ben, agreed.",
        "",
        *(
            ["On Tue, Mar 10, 2020 at 5:00 PM Ben Ode <ben@example.org> wrote:"]
            if attributed
            else []
        ),
        *(f"> {word} is fine by me." for word in quoted),
        *(["", "Ana: and the draft too.", ""] if replied else [""]),
        *([separator] if separator else []),
        *lines,
        "",
        "The text of the head below.",
    ]
    mail = (
        "From: Ana Lima <ana@example.org>\nTo: Ben Ode <ben@example.org>\nSubject: Re: plan\n"
        "Date: Wed, 11 Mar 2020 09:00:00 +0000\nMessage-ID: <r@example.org>\n\n"
        + "\n".join(body)
        + "\n"
    )
    ana, ben, below = _units(mail, "reply.eml")
    quoting = "Ben Ode" if attributed else None
    assert (ana.sender, ben.sender, below.sender) == ("Ana Lima", quoting, gold["sender"])
    assert ben.quoted_in == ana.id and below.quoted_in == ana.id, mail
    assert (below.to, below.cc, below.date) == (gold["to"], gold["cc"], gold["date"]), mail
    assert below.subject == gold["subject"], mail
    assert below.text == "The text of the head below.", mail
    said = "Ben, agreed." + ("\n\nAna: and the draft too." if replied else "")
    # a rule above a head stays the text's, as above any head (a marker is the head's)
    assert ana.text in (said, f"{said}\n\n{separator}"), mail
    assert ben.text == "\n".join(f"{word} is fine by me." for word in quoted), mail


@pytest.mark.parametrize(
    ("written", "day"),
    [("Sunday, January 3O, 2000 12:00 AM", 30), ("January 1O, 2000 9:05 AM", 10)],
)
def test_an_ocr_letter_in_a_day_is_read_as_its_digit(written, day):
    # read as written, `3O` was the 3rd (the `O` skipped): a wrong day, said only by a weekday
    text = f"From: Ada Okafor\nSent: {written}\nTo: Zoë Dubois\nSubject: Budget\n\nBudget.\n"
    (unit,) = _units("Exhibit.\n\n" + text, "exhibit.txt")
    assert unit.date is not None and unit.date.day == day and unit.date_doubt is None


#: The letters OCR reads for a digit.
OCR_DIGITS = {"0": ("O", "o"), "1": ("l", "I")}


@settings(max_examples=200, deadline=None)
@given(moments, st.data(), st.booleans())
def test_an_ocr_letter_for_a_digit_never_gives_another_date(moment, data, prose):
    """`l1:44 PM` is 11:44 PM or unread (said), never 1:44 PM (the letter skipped): in a head
    on a page and in a file that starts with its head (read as a mail file)."""
    written = f"{moment:%A, %B} {moment.day}, {moment:%Y} {moment:%I:%M %p}".replace(" 0", " ")
    places = [at for at, char in enumerate(written) if char in OCR_DIGITS]
    misread = data.draw(st.sets(st.sampled_from(places), min_size=1)) if places else set()
    letters = [
        data.draw(st.sampled_from(OCR_DIGITS[char])) if at in misread else char
        for at, char in enumerate(written)
    ]
    sent = "".join(letters)
    head = f"From: Ada Okafor\nSent: {sent}\nTo: Zoë Dubois\nSubject: Budget\n\nBudget.\n"
    (unit,) = _units(("Exhibit.\n\n" if prose else "") + head, "exhibit.txt")
    if unit.date is None:
        assert unit.date_doubt == f"unreadable: {sent!r}", head
    else:
        assert unit.date == moment, head


#: Letters OCR reads for a digit that no repair takes back (`5` as `S`, `8` as `B`).
UNREPAIRED = "SBZXsg"


@settings(max_examples=100, deadline=None)
@given(moments, st.data(), st.booleans())
def test_a_time_ocr_left_unread_is_said_never_dropped(moment, data, prose):
    """`4:S2 PM` cannot be read: the date is said unreadable, not given as its day alone."""
    clock = f"{moment:%I:%M}".lstrip("0")
    at = data.draw(st.sampled_from([at for at, char in enumerate(clock) if char != ":"]))
    misread = clock[:at] + data.draw(st.sampled_from(UNREPAIRED)) + clock[at + 1 :]
    sent = f"{moment:%A, %B} {moment.day}, {moment:%Y} {misread} {moment:%p}"
    head = f"From: Ada Okafor\nSent: {sent}\nTo: Zoë Dubois\nSubject: Budget\n\nBudget.\n"
    (unit,) = _units(("Exhibit.\n\n" if prose else "") + head, "exhibit.txt")
    assert unit.date is None and unit.date_doubt == f"unreadable: {sent!r}", head


#: Gmail's print view's count of a conversation's messages, as it writes it in some of the
#: languages of the table.
PRINT_COUNTS = [
    "{n} messages",
    "{n} Nachrichten",
    "{n} mensajes",
    "{n} messaggi",
    "{n} berichten",
    "{n} mensagens",
    "{n} meddelanden",
    "{n} wiadomości",
    "{n} сообщения",
    "{n} 件のメッセージ",
    "{n} 封邮件",
]


#: Gmail's print view's note where it left a message's quote out, in some of its languages.
HIDDEN_QUOTES = [
    "[Quoted text hidden]",
    "[Zitierter Text ausgeblendet]",
    "[Texte des messages précédents masqué]",
    "[Texto citado oculto]",
]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(PRINT_COUNTS),
    st.integers(2, 3),
    st.lists(st.sampled_from(["", *HIDDEN_QUOTES]), min_size=3, max_size=3),
    st.booleans(),
)
def test_a_gmail_print_views_subject_stands_over_its_count_in_any_language(
    count, messages, hidden, signed
):
    """`Termin Werkstatt` over `2 Nachrichten`: the conversation's subject, each message's;
    the note where the print left a quote out, under a sign-off, is its message's too."""
    lines = ["Gmail - Termin Werkstatt", "", "Gmail\tJonas Weber <jonas@example.org>", ""]
    lines += ["Termin Werkstatt", count.format(n=messages)]
    texts = []
    for number in range(1, messages + 1):
        words = [f"The words of the {ORDINALS[number - 1]}."] + (["", "Ada"] if signed else [])
        words += ["", hidden[number - 1]] if hidden[number - 1] else []
        lines += [*_print_head(number, "\t", "Jonas Weber <jonas@example.org>"), *words]
        texts.append("\n".join(words))
    units = _units("\n".join(lines) + "\n", "print.txt")
    emails = [unit for unit in units if unit.kind == "email"]
    assert [(unit.subject, unit.text) for unit in emails] == [
        ("Termin Werkstatt", text) for text in texts
    ], lines


@given(moments, st.booleans())
def test_a_days_ocr_o_is_no_portuguese_ordinal_outside_one(moment, mail_file):
    """`1o` is Portuguese's first of a month only in `1o de maio`; in `January 1o, 2000` it
    is OCR's `10`, repaired in a head, unread (and said) where nothing repairs it."""
    sent = f"{moment:%A, %B} 1o, {moment:%Y %I:%M %p}"
    head = f"From: Ada Okafor\nSent: {sent}\nTo: Zoë Dubois\nSubject: Budget\n\nBudget.\n"
    (unit,) = _units(head if mail_file else "Exhibit.\n\n" + head, "exhibit.txt")
    assert unit.date is None or unit.date.day == 10, head
