"""A message sent as text and HTML (multipart/alternative) is read from the part a reader's
client shows when the text part lacks words the HTML shows: a stub (`This message has an
HTML part`), an empty part, a part that left the quoted messages out, a part that says
something else. Where the two agree, the text part is read, as it always was. What the HTML
hides (a preheader, `display:none`) is no word of the message.

Hypothesis draws replies as Gmail, Outlook and Apple Mail write them in HTML, with each
kind of text part; every message, the quoted one too, must come back with its sender, its
minute and its words, and no words of the stub.
"""

from __future__ import annotations

import html
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import mail_units

PEOPLE = [
    ("Hannah Cole", "hannah@cole.org"),
    ("Ian Wright", "ian@wright.net"),
    ("Léa Moreau", "lea@moreau.fr"),
    ("Søren Holm", "soren@holm.dk"),
]
WORDS = [
    "contract",
    "page",
    "sign",
    "return",
    "figures",
    "board",
    "meeting",
    "lease",
    "renewal",
    "trailer",
    "museum",
]
STUB = "This message has an HTML part. Please use an HTML-capable mail client to read it."
#: A preheader: the teaser an inbox lists, hidden in the message as mailers hide it.
TEASER = "Preview lychee durian rambutan"
PREHEADERS = [
    "",
    '<div style="display:none">{}</div>',
    '<div style="display: none !important; max-height:0; overflow:hidden">{}</div>',
    '<span style="color:#ffffff;font-size:1px;DISPLAY:NONE">{}</span>',
    '<div style="visibility:hidden; mso-hide:all">{}</div>',
    "<div hidden>{}</div>",
]

sentences = st.lists(st.sampled_from(WORDS), min_size=4, max_size=12).map(
    lambda words: " ".join(words).capitalize() + "."
)


def _quote_html(client: str, who: tuple[str, str], when: datetime, words: str) -> str:
    name, address = who
    if client == "gmail":
        stamp = f"{when:%a, %b} {when.day}, {when:%Y} at {when:%I:%M %p}"
        return (
            f'<div class="gmail_quote"><div dir="ltr" class="gmail_attr">On {stamp} '
            f'{html.escape(name)} &lt;<a href="mailto:{address}">{address}</a>&gt; wrote:<br>'
            f'</div><blockquote class="gmail_quote" style="margin:0 0 0 .8ex;border-left:1px '
            f'#ccc solid;padding-left:1ex"><div dir="ltr">{html.escape(words)}</div>'
            "</blockquote></div>"
        )
    if client == "outlook":
        stamp = f"{when:%A, %B} {when.day}, {when:%Y} {when:%I:%M %p}"
        return (
            '<hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg" dir="ltr">'
            f"<b>From:</b> {html.escape(name)} &lt;{address}&gt;<br><b>Sent:</b> {stamp}<br>"
            "<b>To:</b> Team &lt;team@example.org&gt;<br><b>Subject:</b> Plan</div>"
            f"<div><p>{html.escape(words)}</p></div>"
        )
    stamp = f"{when:%b} {when.day}, {when:%Y}, at {when:%I:%M %p}"
    return (
        f'<div><br><blockquote type="cite"><div>On {stamp}, {html.escape(name)} '
        f"&lt;{address}&gt; wrote:</div><br><div><div>{html.escape(words)}</div></div>"
        "</blockquote></div>"
    )


@st.composite
def replies(draw):
    """An .eml reply in HTML quoting one message, its text part of some kind, and what it
    must give: (sender, minute, words) of the reply, then of the quoted message."""
    (replier, replier_address), quoted = draw(st.permutations(PEOPLE))[:2]
    sent = draw(st.datetimes(datetime(2005, 1, 1), datetime(2030, 1, 1))).replace(
        second=0, microsecond=0, tzinfo=timezone.utc
    )
    earlier = (sent - timedelta(minutes=draw(st.integers(5, 5000)))).replace(tzinfo=None)
    own, theirs = draw(sentences), draw(sentences)
    client = draw(st.sampled_from(["gmail", "outlook", "apple"]))
    preheader = draw(st.sampled_from(PREHEADERS)).format(TEASER)
    markup = (
        f"<html><head><style>p {{ margin: 0 }}</style></head><body>{preheader}"
        f'<div dir="ltr">{html.escape(own)}</div>'
        f"{_quote_html(client, quoted, earlier, theirs)}</body></html>"
    )
    text = draw(st.sampled_from(["stub", "empty", "reply only", "something else"]))
    plain = {
        "stub": STUB,
        "empty": "",
        "reply only": own,
        "something else": " ".join(reversed(draw(sentences).split())),
    }[text]
    mail = EmailMessage()
    mail["From"] = f"{replier} <{replier_address}>"
    mail["To"] = f"{quoted[0]} <{quoted[1]}>"
    mail["Date"] = format_datetime(sent)
    mail["Subject"] = "Re: Plan"
    mail.set_content(plain + "\n")
    mail.add_alternative(markup, subtype="html")
    return mail, [(replier, sent, own), (quoted[0], earlier, theirs)], plain


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(replies())
def test_a_text_part_lacking_what_the_html_shows_gives_way_to_it(drawn):
    mail, gold, plain = drawn
    units = mail_units(mail)
    assert [(unit.sender, unit.date, unit.text.strip()) for unit in units] == gold, plain
    assert units[1].quoted_in == units[0].id


def test_a_text_part_that_says_what_the_html_says_is_read():
    mail = EmailMessage()
    mail["From"] = "Hannah Cole <hannah@cole.org>"
    mail["Date"] = "Tue, 05 Mar 2019 16:12:00 +0000"
    mail["Subject"] = "Plan"
    # the plain part's own wording of a link: the HTML shows the link's words instead
    mail.set_content("The contract is signed: see https://example.org/c (page 4).\n\nHannah\n")
    mail.add_alternative(
        '<p>The contract is signed: see <a href="https://example.org/c">the contract</a> '
        "(page 4).</p><p>Hannah</p>",
        subtype="html",
    )
    (unit,) = mail_units(mail)
    assert "https://example.org/c" in unit.text  # the text part's words
