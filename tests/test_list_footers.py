"""The footer a mailing list adds at the foot of every message is the list's, not the
sender's words, nor those of the message they quoted above it. A generator draws the footers
as Mailman 2 and 3 write them by default (the rule of underscores; `… mailing list`, the
list's address and listinfo page; Mailman 3's `-- address` and `To unsubscribe …`) and as
Google Groups does in its languages (`-- `, `You received this message…`, the group's
`+unsubscribe@googlegroups.com`), under replies with or without a quoted Outlook message and
a signature of the sender's own; every unit must keep its words and none the footer's."""

from __future__ import annotations

import tempfile
from email.message import EmailMessage
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit.corpus import read_units

LISTS = st.sampled_from(["Dev-list", "geo-users", "Python-ideas", "Rust-lang Internals"])
RULE = "_" * 47


def _mailman2(name: str) -> list[str]:
    short = name.lower().replace(" ", "-")
    return [
        RULE,
        f"{name} mailing list",
        f"{short}@lists.example.org",
        f"https://lists.example.org/mailman/listinfo/{short}",
    ]


def _mailman3(name: str) -> list[str]:
    short = name.lower().replace(" ", "-")
    return [
        RULE,
        f"{name} mailing list -- {short}@lists.example.org",
        f"To unsubscribe send an email to {short}-leave@lists.example.org",
        f"https://lists.example.org/postorius/lists/{short}.lists.example.org/",
    ]


#: Google Groups' footer opening, in some of the languages it writes it.
SUBSCRIBED = [
    'You received this message because you are subscribed to the Google Groups "{}" group.',
    'Sie erhalten diese Nachricht, weil Sie Mitglied der Google Groups-Gruppe "{}" sind.',
    'Vous recevez ce message, car vous êtes abonné au groupe Google Groupes "{}".',
    'Recibiste este mensaje porque estás suscrito al grupo "{}" de Grupos de Google.',
]


def _google(name: str, opening: str) -> list[str]:
    short = name.lower().replace(" ", "-")
    return [
        "-- ",
        opening.format(name),
        "To unsubscribe from this group and stop receiving emails from it, send an email to "
        f"{short}+unsubscribe@googlegroups.com.",
        f"To view this discussion visit https://groups.google.com/d/msgid/{short}/abc%40x.org.",
    ]


@st.composite
def posts(draw):
    """A post as a list delivered it, and the words each of its messages must hold: the
    reply's (and its signature), then the quoted message's, if any."""
    name = draw(LISTS)
    footer = draw(
        st.sampled_from(
            [_mailman2(name), _mailman3(name), *(_google(name, o) for o in SUBSCRIBED)]
        )
    )
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
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "post.eml"
        path.write_bytes(mail.as_bytes())
        units = read_units(path, "post.eml").units
    assert [unit.text.strip() for unit in units] == texts
    assert not any(line.strip("-_ ") in unit.text for unit in units for line in footer[1:])


def test_a_rule_over_a_quoted_head_mentioning_a_list_is_the_quote(tmp_path):
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
    (tmp_path / "m.eml").write_bytes(mail.as_bytes())
    reply, quote = read_units(tmp_path / "m.eml", "m.eml").units
    assert (reply.text.strip(), quote.sender) == ("Agreed.", "Jane Doe")
    assert quote.text.strip() == "Shall we move the mailing list? Unsubscribe is broken."
