"""The footer a mailing list adds at the foot of every message is the list's, not the
sender's words, nor those of the message they quoted above it. A generator draws the footers
as Mailman 2 and 3 write them by default (the rule of underscores; `… mailing list`, the
list's address and listinfo page; Mailman 3's `-- address` and `To unsubscribe …`) and as
Google Groups does in its languages (`-- `, `You received this message…`, the group's
`+unsubscribe@googlegroups.com`), under replies with or without a quoted Outlook message and
a signature of the sender's own; every unit must keep its words and none the footer's."""

from __future__ import annotations

from email.message import EmailMessage

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import mail_units

LISTS = st.sampled_from(["Dev-list", "geo-users", "Python-ideas", "Rust-lang Internals"])
RULE = "_" * 47


#: Each footer as the list writes it under its rule, `{name}` the list's name and `{short}`
#: its mailbox: Mailman 2's and 3's by default, Google Groups' in some of its languages.
MAILMAN = [
    [
        "{name} mailing list",
        "{short}@lists.example.org",
        "https://lists.example.org/mailman/listinfo/{short}",
    ],
    [
        "{name} mailing list -- {short}@lists.example.org",
        "To unsubscribe send an email to {short}-leave@lists.example.org",
        "https://lists.example.org/postorius/lists/{short}.lists.example.org/",
    ],
]
SUBSCRIBED = [
    'You received this message because you are subscribed to the Google Groups "{name}" group.',
    'Sie erhalten diese Nachricht, weil Sie Mitglied der Google Groups-Gruppe "{name}" sind.',
    'Vous recevez ce message, car vous êtes abonné au groupe Google Groupes "{name}".',
    'Recibiste este mensaje porque estás suscrito al grupo "{name}" de Grupos de Google.',
]
GOOGLE = [
    [
        opening,
        "To unsubscribe from this group and stop receiving emails from it, send an email to "
        "{short}+unsubscribe@googlegroups.com.",
        "To view this discussion visit https://groups.google.com/d/msgid/{short}/abc%40x.org.",
    ]
    for opening in SUBSCRIBED
]


def _footer(rule: str, lines: list[str], name: str) -> list[str]:
    short = name.lower().replace(" ", "-")
    return [rule, *(line.format(name=name, short=short) for line in lines)]


@st.composite
def posts(draw):
    """A post as a list delivered it, and the words each of its messages must hold: the
    reply's (and its signature), then the quoted message's, if any."""
    name = draw(LISTS)
    rule, lines = draw(
        st.sampled_from([*((RULE, lines) for lines in MAILMAN), *(("-- ", g) for g in GOOGLE)])
    )
    footer = _footer(rule, lines, name)
    own = ["Thanks, the backport goes in today.", "", "Bob"]
    signature = draw(st.sampled_from([[], ["", "-- ", "Bob Smith | Example Ltd", "+1 555 0100"]]))
    quoted = draw(st.booleans())
    body = own + signature
    if quoted:
        body += [
            "",
            "________________________________",
            "From: Jane Doe <jane@example.com>",
            "Sent: Monday, March 18, 2019 10:00 AM",
            f"To: {name} <list@lists.example.org>",
            "Subject: Branch created",
            "",
            "The release branch now exists.",
        ]
    # a digest's own trailer under the footer stays the digest's words
    trailer = draw(st.sampled_from([[], ["", "End of Dev-list Digest, Vol 186, Issue 4"]]))
    body += draw(st.sampled_from([[], [""]])) + footer + trailer
    mail = EmailMessage()
    mail["From"] = "Bob Smith <bob@example.org>"
    mail["To"] = f"{name} <list@lists.example.org>"
    mail["Date"] = "Mon, 18 Mar 2019 15:22:38 +0000"
    mail["Subject"] = "RE: Branch created"
    mail.set_content("\n".join(body) + "\n")
    texts = ["\n".join(line.rstrip() for line in own + signature).strip()]
    if quoted:
        texts.append("The release branch now exists.")
    if trailer:
        texts[-1] += f"\n\n{trailer[-1]}"
    return mail, texts, footer


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(posts())
def test_a_lists_footer_is_no_ones_words(drawn):
    mail, texts, footer = drawn
    units = mail_units(mail)
    assert [unit.text.strip() for unit in units] == texts
    assert not any(line.strip("-_ ") in unit.text for unit in units for line in footer[1:])


def test_a_rule_over_a_quoted_head_mentioning_a_list_is_the_quote():
    """Outlook's rule over the message it quotes is no footer, whatever that message says."""
    mail = EmailMessage()
    mail["From"] = "Bob Smith <bob@example.org>"
    mail["Date"] = "Mon, 18 Mar 2019 15:22:38 +0000"
    mail["Subject"] = "RE: The mailing list"
    mail.set_content(
        "Agreed.\n\n"
        + RULE
        + "\nFrom: Jane Doe <jane@example.com>\nSent: Monday, March 18, 2019 10:00 AM\n"
        "Subject: The mailing list\n\nShall we move the mailing list? Unsubscribe is broken.\n"
    )
    reply, quote = mail_units(mail)
    assert (reply.text.strip(), quote.sender) == ("Agreed.", "Jane Doe")
    assert quote.text.strip() == "Shall we move the mailing list? Unsubscribe is broken."
