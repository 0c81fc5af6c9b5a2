"""Print views of mail clients other than Outlook, over the grammar of their variation.

Hypothesis draws: GroupWise replies, whose quote opens with `>>> Name date time >>>` (the
name, or `"Last, First" <address>`; the date as the client's locale writes it) over the
quoted words unmarked; Zimbra's print, the date right of the sender on the `From :` line;
Yahoo's print view, a blank line between its fields; Outlook Web App's print view, the
sender's line with no label over `Sent:` and the recipients (in the languages Outlook
writes). Every message must come back with its sender, date, recipients and words.
"""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit.corpus import read_units
from searchkit.units import EMAIL

FIRST = ["Alice", "Bob", "Carol", "Ken", "Nora", "Jürgen", "Petra", "Lucía"]
LAST = ["Walker", "Stone", "King", "Ito", "Quinn", "Weber", "Schulz", "Romero"]
WORDS = ["detour", "signs", "budget", "numbers", "schedule", "review", "board", "route"]
moments = st.datetimes(min_value=datetime(1998, 1, 1), max_value=datetime(2024, 12, 31)).map(
    lambda moment: moment.replace(second=0, microsecond=0)
)
people = st.tuples(st.sampled_from(FIRST), st.sampled_from(LAST)).map(" ".join)
settings_ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _address(name: str) -> str:
    return f"{name.split()[0].lower().replace('ü', 'u').replace('í', 'i')}@example.org"


def _words(draw) -> str:
    return " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=4, max_size=9))).capitalize() + "."


def _emails(text: str) -> list:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "print.txt"
        path.write_text(text, encoding="utf-8")
        read = read_units(path, "print.txt")
    assert not read.problems, (text, read.problems)  # nothing said unread: all of it was
    return [unit for unit in read.units if unit.kind == EMAIL]


@settings_
@given(st.data())
def test_a_groupwise_quote_is_the_message_its_chevrons_name(data):
    draw = data.draw
    replier, writer = draw(st.lists(people, min_size=2, max_size=2, unique=True))
    replied = draw(moments)
    written = replied - timedelta(minutes=draw(st.integers(1, 60 * 24 * 20)))  # before
    shown = draw(
        st.sampled_from(
            [writer, f'"{writer.split()[1]}, {writer.split()[0]}" <{_address(writer)}>']
        )
    )
    clock = draw(st.sampled_from(["%m/%d/%Y %I:%M %p", "%m/%d/%y %I:%M %p", "%m/%d/%Y %H:%M"]))
    stamp = f"{written:{clock}}".replace(" 0", " ", 1) if draw(st.booleans()) else f"{written:{clock}}"
    own, quoted = _words(draw), _words(draw)
    lines = [
        f"From:    {replier}",
        f"To:      {writer}",
        f"Date:    {replied:%m/%d/%Y %I:%M %p}",
        "Subject: Re: Detour signs",
        "",
        own,
        "",
        f">>> {shown} {stamp} >>>",
        quoted,
        writer.split()[0],
    ]
    text = "\n".join(lines) + "\n"
    reply, quote = _emails(text)
    assert (reply.sender, reply.date, reply.text) == (replier, replied, own), text
    assert quote.sender == writer and quote.date == written, text
    assert quote.text == f"{quoted}\n{writer.split()[0]}" and quote.quoted_in == reply.id, text


@settings_
@given(people, people, moments, st.integers(3, 40), st.sampled_from(["From :", "From:", "De :"]))
def test_a_zimbra_print_dates_its_message_right_of_the_sender(sender, to, when, gap, label):
    line = f"{label} {sender} <{_address(sender)}>{' ' * gap}{when:%a, %b %d, %Y %I:%M %p}"
    lines = ["Zimbra" + " " * 40 + _address(to), "", "Quarterly numbers", "", line]
    lines += ["Subject : Quarterly numbers", f"To : {to} <{_address(to)}>", "", "The numbers are in."]
    text = "\n".join(lines) + "\n"
    (unit,) = _emails(text)
    assert (unit.sender, unit.sender_address, unit.date) == (sender, _address(sender), when), text
    assert unit.to == (to,) and unit.subject == "Quarterly numbers", text


@settings_
@given(people, people, moments, st.permutations(["to", "date", "subject"]))
def test_a_yahoo_print_views_fields_apart_are_one_head(sender, to, when, order):
    values = {
        "to": f"To: {_address(to)}",
        "date": f"Date: {when:%A, %B %d, %Y, %I:%M %p}",
        "subject": "Subject: Volunteer schedule",
    }
    lines = ["Yahoo Mail - Volunteer schedule", "", f"From: {sender} ({_address(sender)})"]
    for field in order:
        lines += ["", values[field]]
    lines += ["", "", "Here is the schedule for May.", "", sender.split()[0]]
    text = "\n".join(lines) + "\n"
    (unit,) = _emails(text)
    assert (unit.sender, unit.date, unit.to) == (sender, when, (_address(to),)), text
    assert unit.subject == "Volunteer schedule", text
    assert unit.text == f"Here is the schedule for May.\n\n{sender.split()[0]}", text


#: Outlook Web App's print labels: sent, to, cc
OWA = {
    "en": ("Sent", "To", "Cc", "%A, %B %d, %Y %I:%M %p"),
    "de": ("Gesendet", "An", "Cc", "%d.%m.%Y %H:%M"),
    "fr": ("Envoyé", "À", "Cc", "%d/%m/%Y %H:%M"),
}


@settings_
@given(st.sampled_from(sorted(OWA)), st.lists(people, min_size=3, max_size=3, unique=True), moments, st.booleans(), st.booleans())
def test_an_owa_print_views_sender_needs_no_label(language, cast, when, last_first, cc):
    sent, to_label, cc_label, clock = OWA[language]
    sender, to, copied = cast
    written = f"{sender.split()[1]}, {sender.split()[0]}" if last_first else sender
    lines = ["Budget review", written, f"{sent}: {when:{clock}}", f"{to_label}:   {to}"]
    lines += [f"{cc_label}:   {copied}"] if cc else []
    lines += ["", "The travel line is now split by department.", "", sender.split()[0]]
    text = "\n".join(lines) + "\n"
    (unit,) = _emails(text)
    assert (unit.sender, unit.date, unit.to) == (sender, when, (to,)), text
    assert unit.cc == ((copied,) if cc else ()) and unit.subject == "Budget review", text


@settings_
@given(st.lists(people, min_size=3, max_size=3, unique=True), moments, st.booleans())
def test_a_zimbra_quoted_head_sent_under_its_recipients_is_read_and_not_doubted(cast, when, cc):
    """Zimbra quotes a head as From:, To:, Cc:, Sent:, Subject:: the `Sent:` under the
    recipients is the head's, no start of another that was missed."""
    sender, to, copied = cast
    head = [f'From: "{sender}" <{_address(sender)}>', f'To: "{to}" <{_address(to)}>']
    head += [f'Cc: "{copied}" <{_address(copied)}>'] if cc else []
    head += [f"Sent: {when:%A, %B %d, %Y %I:%M:%S %p}", "Subject: Numbers due"]
    lines = ["Zimbra" + " " * 40 + _address(to), "", "Re: Numbers due", ""]
    lines += [f"From : {to} <{_address(to)}>      Sat, Mar 14, 2099 11:30 AM"]
    lines += ["Subject : Re: Numbers due", "", "Done.", "", "----- Original Message -----"]
    lines += [*head, "", "The board wants the numbers by Monday."]
    text = "\n".join(lines) + "\n"
    reply, quote = _emails(text)
    assert (quote.sender, quote.date, quote.to) == (sender, when, (to,)), text
    assert quote.cc == ((copied,) if cc else ()) and quote.quoted_in == reply.id, text


@settings_
@given(st.lists(people, min_size=2, max_size=5, unique=True), people, moments, st.booleans(), st.sampled_from(["", "Print view\n\n"]))
def test_a_groupwise_recipient_written_last_first_is_one_person(recipients, sender, when, quoted, title):
    """GroupWise writes people `Last, First`, several separated by `;` and a lone one with
    nothing around it (`To: Walker, Alice`): where the head writes its people so (a `;`
    list, or `"King, Carol" <…>`), a list of single words two by two is one person each;
    elsewhere `To: Bob, Alice` stays two people."""
    *to, copied = recipients if len(recipients) > 1 else [*recipients, sender]
    def last_first(name: str) -> str:
        return ", ".join(reversed(name.split()))
    shown = f'"{last_first(sender)}" <{_address(sender)}>' if quoted else sender
    lines = [f"From:         {shown}", f"To:           {'; '.join(map(last_first, to))}"]
    lines += [f"CC:           {last_first(copied)}", f"Date:         {when:%m/%d/%Y %I:%M %p}"]
    lines += ["Subject:      Road closure notice", "", "The county will close Route 9."]
    text = title + "\n".join(lines) + "\n"
    (unit,) = _emails(text)
    if quoted or len(to) > 1:  # the head writes its people `Last, First`
        assert unit.sender == sender and unit.to == tuple(to) and unit.cc == (copied,), text
    else:  # nothing tells `Walker, Alice` from two people of one name each
        assert unit.to == tuple(last_first(to[0]).split(", ")), text


@settings_
@given(st.lists(st.sampled_from(FIRST), min_size=2, max_size=4, unique=True), people, moments)
def test_first_names_in_a_comma_list_stay_people_of_their_own(names, sender, when):
    """First names in a comma list are people of their own, even under an Outlook head
    that lists its people with `;` in the same file (a page of reprints)."""
    outlook = [f"From: {sender}", f"Sent: {when:%A, %B %d, %Y %I:%M %p}"]
    outlook += ["To: Walker, Alice; King, Carol", "Subject: RE: Lunch", "", "Agreed."]
    lines = [f"From: {sender}", f"To: {', '.join(names)}", f"Date: {when:%m/%d/%Y %I:%M %p}"]
    lines += ["Subject: Lunch", "", "Noon at the usual place."]
    text = "# Reprints\n\n" + "\n".join(outlook) + "\n\n===\n\n" + "\n".join(lines) + "\n"
    units = _emails(text)
    assert units[0].to == ("Alice Walker", "Carol King") and units[-1].to == tuple(names), text


@settings_
@given(people, people, moments, st.integers(2, 4), st.sampled_from(["%m/%d/%Y %I:%M %p", "%d.%m.%Y %H:%M"]))
def test_a_thunderbird_prints_pages_leave_no_furniture_in_its_words(sender, to, when, pages, clock):
    """Thunderbird prints `1 of 3` and the time at each page's foot, the message's title at
    each next page's head: none of it is the message's words, which go on across pages."""
    title = "Re: Site visit"
    lines = [title, "", f"Subject: {title}", f"From: {sender} <{_address(sender)}>"]
    lines += [f"Date: {when:%m/%d/%Y %I:%M %p}", f"To: {to} <{_address(to)}>", ""]
    words = []
    for page in range(1, pages + 1):
        paragraph = f"Paragraph number {page} of the message."
        words.append(paragraph)
        lines += [paragraph, "", "", f"{page} of {pages}" + " " * 40 + f"{when:{clock}}"]
        if page < pages:
            lines += [f"\f{title}", ""]
    text = "\n".join(lines) + "\n"
    (unit,) = _emails(text)
    assert unit.sender == sender and unit.date == when, text
    assert " ".join(unit.text.split()) == " ".join(words), text


@settings_
@given(people, people, moments, st.sampled_from(["", "Outlook", "Proton Mail"]), st.sampled_from(["Re: Budget review", "Contract signed", "Fw: Volunteer schedule", "EXHIBIT 4", "Exhibit 12"]))
def test_a_print_views_title_is_its_first_heads_subject_said_inferred(sender, to, when, app, title):
    """A print view's title over its first head, which has no `Subject:`: that head's subject,
    said to be inferred; a release's `EXHIBIT 4` is no subject."""
    lines = [app, ""] if app else []
    lines += [title, "", f"From: {sender} <{_address(sender)}>", f"To: {to} <{_address(to)}>"]
    lines += [f"Date: {when:%A, %B %d, %Y at %I:%M %p}", "", "The words of it.", "", sender.split()[0]]
    (unit,) = _emails("\n".join(lines) + "\n")
    if title.lower().startswith("exhibit"):
        assert unit.subject is None, lines
    else:
        assert unit.subject == title and "title line" in (unit.inferred or ""), lines


@settings_
@given(people, people, moments, st.sampled_from(["------- Original Message -------", "-----Original Message-----", "-------- Mensaje original --------", "----- Message d'origine -----"]), st.integers(0, 2), st.booleans())
def test_a_separator_over_an_attribution_is_no_word_of_the_reply(sender, writer, when, marker, blanks, quoted):
    """Proton writes `------- Original Message -------` over `On …, X wrote:`: neither is a
    word of the reply above, and the quote under them is X's message."""
    reply = f"Thanks {writer.split()[0]}, received."
    lines = [f"From: {sender} <{_address(sender)}>", f"To: {writer} <{_address(writer)}>"]
    lines += [f"Date: {when + timedelta(days=1):%a, %d %b %Y %H:%M:%S} +0000", "Subject: Re: Copy", "", reply, "", marker]
    lines += [""] * blanks + [f"On {when:%A, %B %d, %Y at %I:%M %p}, {writer} <{_address(writer)}> wrote:", ""]
    words = "The countersigned copy will follow tomorrow."
    lines += [f"> {words}" if quoted else words]
    outer, quote = _emails("Print\n\n" + "\n".join(lines) + "\n")
    assert outer.text == reply and quote.sender == writer and quote.text == words, lines


@settings_
@given(people, people, moments, st.sampled_from(["wrote", "schrieb"]), st.booleans())
def test_notes_8s_wrote_line_over_a_quoted_head_is_no_word_of_the_reply(sender, writer, when, verb, addressed):
    """Lotus Notes 8 quotes a message under `-----Brian Gix <b@x.com> wrote: -----` and its
    head: the line is the quote's, no word of the reply above it."""
    shown = f"{writer} <{_address(writer)}>" if addressed else writer
    reply = "Any timeline for the fix?"
    lines = [f"From: {sender} <{_address(sender)}>", f"To: {writer} <{_address(writer)}>"]
    lines += [f"Date: {when + timedelta(hours=5):%a, %d %b %Y %H:%M:%S} +0000", "Subject: Re: Gateway", "", reply, "", f"-----{shown} {verb}: -----", ""]
    lines += [f"To: {sender} <{_address(sender)}>", f"From: {writer} <{_address(writer)}>"]
    lines += [f"Date: {when:%m/%d/%Y %I:%M%p}", "Subject: Gateway", "", "The fix is planned."]
    outer, quote = _emails("Print\n\n" + "\n".join(lines) + "\n")
    assert outer.text == reply and quote.sender == writer and quote.date == when, lines


@settings_
@given(st.sampled_from([("Van", "Verzonden", "Aan", "Onderwerp", "Urgentie", "Hoog"), ("Von", "Gesendet", "An", "Betreff", "Wichtigkeit", "Hoch"), ("De", "Enviado el", "Para", "Asunto", "Importancia", "Alta"), ("From", "Sent", "To", "Subject", "Importance", "High")]), people, people, moments)
def test_outlooks_importance_in_any_language_is_no_word_of_the_message(labels, sender, to, when):
    """Outlook's `Importance: High` under a head, in the language it prints in (Dutch
    `Urgentie: Hoog`): a field no unit keeps, no word of the message."""
    from_label, sent, to_label, subject, importance, level = labels
    lines = ["Print", "", f"{from_label}: {sender} <{_address(sender)}>", f"{sent}: {when:%d.%m.%Y %H:%M}"]
    lines += [f"{to_label}: {to}", f"{subject}: Vergunning", f"{importance}: {level}", "", "De vergunning volgt."]
    (unit,) = _emails("\n".join(lines) + "\n")
    assert unit.text == "De vergunning volgt." and unit.sender == sender, lines
