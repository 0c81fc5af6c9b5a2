"""What a quoted message's unit infers from its place, field by field, and says so: who
received it (whoever replied quoting it), what it is about (what the message quoting it is
about, one `Re:` less). Each inferred field, and only such a field, is shown `(inferred)`; who
wrote to whom counts only inferred recipients as inferred."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from searchkit import Archive
from searchkit.corpus import read_units
from searchkit.correspondence import Names, people
from searchkit.present import hit_lines, inspection_text, people_line, results_html, unit_text
from searchkit.results import Hit, Results
from searchkit.units import Unit, inferences, is_inferred, quoted_subject

#: A German reply as Thunderbird writes it, quoting under `Am … schrieb …:`.
GERMAN = """\
    From: Anna Schmidt <anna@example.de>
    To: Hans Müller <hans@example.de>
    Date: Thu, 14 Mar 2024 11:02:00 +0100
    Subject: Re: Angebot für März
    Message-ID: <re-angebot@example.de>
    Content-Type: text/plain; charset=utf-8

    Hallo Hans,

    das passt so, bitte schick die Rechnung.

    Am 14.03.24 um 09:29 schrieb Hans Müller:
    > Hallo Anna,
    >
    > anbei unser Angebot für März: 40 Stunden zu 95 Euro.
    >
    > Gruß, Hans
    """

#: An English reply as Gmail writes it, quoting under `On …, … wrote:`.
ENGLISH = """\
    From: Anna Smith <anna@example.com>
    To: Hans Miller <hans@example.com>
    Date: Thu, 14 Mar 2024 11:02:00 +0000
    Subject: Re: Offer for March
    Message-ID: <re-offer@example.com>

    Sounds good, please send the invoice.

    On Thu, Mar 14, 2024 at 9:29 AM Hans Miller <hans@example.com> wrote:
    > Hi Anna,
    >
    > here is our offer for March: 40 hours at 95 dollars.
    >
    > Hans
    """

#: Outlook's reply: the original's head gives its own recipient and subject.
OUTLOOK = """\
    From: Anna Smith <anna@example.com>
    To: Hans Miller <hans@example.com>
    Date: Thu, 14 Mar 2024 11:02:00 +0000
    Subject: RE: Offer for March
    Message-ID: <re-offer-outlook@example.com>

    Sounds good, please send the invoice.

    -----Original Message-----
    From: Hans Miller <hans@example.com>
    Sent: Thursday, March 14, 2024 9:29 AM
    To: Anna Smith <anna@example.com>
    Subject: Offer for March (draft 2)

    Hi Anna,

    here is our offer for March: 40 hours at 95 dollars.

    Hans
    """

#: A forward whose head names the recipient but no subject.
FORWARD = """\
    From: Anna Smith <anna@example.com>
    To: Carl Jones <carl@example.com>
    Date: Thu, 14 Mar 2024 11:02:00 +0000
    Subject: Fwd: Offer for March
    Message-ID: <fwd-offer@example.com>

    Carl, see below.

    ---------- Forwarded message ---------
    From: Hans Miller <hans@example.com>
    Date: Thu, Mar 14, 2024 at 9:29 AM
    To: Anna Smith <anna@example.com>

    here is our offer for March: 40 hours at 95 dollars.
    """


def quoted(tmp_path: Path, mail: str) -> tuple[Unit, Unit]:
    """The reply's unit and the one of the message it quotes."""
    path = tmp_path / "mail.eml"
    path.write_text(textwrap.dedent(mail), encoding="utf-8")
    reply, original = read_units(path, path.name).units
    assert original.quoted_in == reply.id
    return reply, original


@pytest.mark.parametrize(
    ("mail", "replier", "subject"),
    [
        (GERMAN, "Anna Schmidt", "Angebot für März"),
        (ENGLISH, "Anna Smith", "Offer for March"),
    ],
)
def test_a_quote_under_an_attribution_infers_its_recipient_and_subject(
    tmp_path, mail, replier, subject
):
    reply, original = quoted(tmp_path, mail)
    assert original.sender.startswith("Hans") and original.to == (replier,)
    assert reply.subject == f"Re: {subject}" and original.subject == subject
    assert original.inferred == (
        f"to: {replier} replied quoting it; subject: from the message quoting it"
    )
    assert is_inferred(original, "to") and is_inferred(original, "subject")
    assert not is_inferred(reply, "to") and not is_inferred(reply, "subject")
    assert people_line(original).endswith(f"→ {replier} (inferred)")
    listed = inspection_text("mail.eml", "email", [reply, original], [])
    assert listed.splitlines()[-1].endswith(f"{replier} (inferred)  {subject} (inferred)  (quoted)")
    shown = unit_text(original)
    assert f"\nTo: {replier} (inferred)\n" in shown and f"\nSubject: {subject} (inferred)\n" in shown
    assert "\nInferred: to: " in shown
    assert original.to_dict()["inferred"] == original.inferred  # JSON: the same one string
    assert "(inferred)" not in inspection_text("mail.eml", "email", [reply], [])


def test_an_outlook_original_with_its_own_head_infers_nothing(tmp_path):
    reply, original = quoted(tmp_path, OUTLOOK)
    assert (original.sender, original.to) == ("Hans Miller", ("Anna Smith",))
    assert original.subject == "Offer for March (draft 2)" and original.inferred is None
    assert "(inferred)" not in inspection_text("mail.eml", "email", [reply, original], [])
    assert "(inferred)" not in unit_text(original) and "Inferred:" not in unit_text(original)


def test_only_the_field_inferred_is_marked_and_counted(tmp_path):
    """A forward's head names Anna, but no subject: the subject is marked, never Anna, and
    the people table counts Hans → Anna as a known recipient."""
    forward, original = quoted(tmp_path, FORWARD)
    assert original.to == ("Anna Smith",) and original.subject == "Offer for March"
    assert original.inferred == "subject: from the message quoting it"
    assert people_line(original) == "Hans Miller → Anna Smith"
    assert "\nTo: Anna Smith\n" in unit_text(original)
    assert "\nSubject: Offer for March (inferred)\n" in unit_text(original)
    (link,) = [link for link in people([forward, original], Names.of([])) if link.sender == "Hans Miller"]
    assert (link.recipient, link.messages, link.inferred) == ("Anna Smith", 1, 0)
    # an attribution's quote: its recipient is inferred, and counted so
    reply, quote = quoted(tmp_path, ENGLISH)
    (link,) = [link for link in people([reply, quote], Names.of([])) if link.sender == "Hans Miller"]
    assert (link.recipient, link.inferred) == ("Anna Smith", 1)


def test_an_index_built_before_subjects_were_inferred_still_marks_its_recipients():
    """`inferred` as an older index stores it names the recipient only: the recipient is
    marked, the subject (the carrier's, as it was then) is not."""
    older = Unit(
        id="a1", kind="email", source="m.eml", thread="t", subject="Re: Plans", sender="Sam",
        to=("Elon",), cc=(), date=None, text="Plan", line_start=1, line_end=2, quoted_in="b2",
        inferred="to: Elon replied quoting it",
    )  # fmt: skip
    assert is_inferred(older, "to") and not is_inferred(older, "subject")
    assert people_line(older) == "Sam → Elon (inferred)"
    assert "\nSubject: Re: Plans\n" in unit_text(older)


def test_an_empty_subject_line_is_the_message_s_own(tmp_path):
    _, original = quoted(tmp_path, OUTLOOK.replace("Subject: Offer for March (draft 2)", "Subject:"))
    assert original.subject is None and original.inferred is None


def test_the_subject_a_reply_quotes_loses_one_prefix_only():
    assert quoted_subject("Re: Angebot für März") == "Angebot für März"
    assert quoted_subject("AW: WG: Angebot") == "WG: Angebot"  # a reply to a forward
    assert quoted_subject("Sv: Re: x") == "Re: x" and quoted_subject("RE[2]: x") == "x"
    assert quoted_subject("[list] Re: Plan") == "[list] Plan"
    assert quoted_subject("Re: [list] Plan") == "[list] Plan"
    assert quoted_subject("Rechnung: offen") == "Rechnung: offen"  # no prefix: as it is
    assert inferences({}) is None
    assert inferences({"to": "Ann replied quoting it", "subject": "why"}) == (
        "to: Ann replied quoting it; subject: why"
    )


def test_search_marks_an_inferred_subject(tmp_path, installed_engine):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "mail.eml").write_text(textwrap.dedent(GERMAN), encoding="utf-8")
    with Archive(corpus, tmp_path / "index", engine=installed_engine) as archive:
        (hit,) = archive.search("Stunden").hits
        head = hit_lines(hit)[0]
        assert head.endswith("Hans Müller → Anna Schmidt (inferred)  Angebot für März (inferred)")
        (reply,) = archive.search("Rechnung").hits
        assert hit_lines(reply)[0].endswith("Anna Schmidt → Hans Müller  Re: Angebot für März")
        # the quoted message is about Angebot für März, no longer a reply to it
        assert [hit.sender for hit in archive.search("subject:re", limit=None)] == ["Anna Schmidt"]
        found = archive.search('subject:"angebot für märz"', limit=None)
        assert sorted(hit.sender for hit in found) == ["Anna Schmidt", "Hans Müller"]


def test_the_notebook_table_marks_each_inferred_field(tmp_path):
    _, original = quoted(tmp_path, ENGLISH)
    hit = Hit(**vars(original), rank=1, snippet="offer")
    table = results_html(Results("offer", (hit,), total=1))
    assert "Anna Smith (inferred)" in table and "Offer for March (inferred)" in table


def test_the_pages_mark_each_inferred_field(tmp_path):
    pytest.importorskip("flask")
    from searchkit.web import create_app

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "fwd.eml").write_text(textwrap.dedent(FORWARD), encoding="utf-8")
    with Archive(corpus, tmp_path / "index") as archive:
        archive.update()
        client = create_app(archive).test_client()
        found = client.get("/?q=dollars").get_data(as_text=True)
        assert "Offer for March (inferred)" in found and "Hans Miller → Anna Smith<" in found
        (hit,) = archive.search("dollars").hits
        page = client.get(f"/unit/{hit.id}").get_data(as_text=True)
        assert "<h1>Offer for March (inferred)</h1>" in page
        assert '<dd class="to">Anna Smith</dd>' in page


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(
        [
            "ana.lopez@contoso.com",
            "Ana Lopez <ana.lopez@contoso.com>",
            '"Lopez, Ana" <ana.lopez@contoso.com>',
        ]
    ),
    st.sampled_from(
        [
            "Lopez, Ana <ana.lopez@contoso.com>",
            "Ana Lopez <ana.lopez@contoso.com>",
            "Ana Lopez",
            "Greg Mills",
        ]
    ),
)
def test_a_reply_quoting_the_writers_own_message_infers_no_recipient(
    tmp_path_factory, sender, quoted
):
    """Ana replying under her own earlier message (by her address, or her name written
    alike): that message went to someone the reply does not name, never to herself. A
    message she quotes that may be someone else's went to her, and says so."""
    folder = tmp_path_factory.mktemp("own")
    (folder / "reply.txt").write_text(
        f"From: {sender}\nDate: Monday, March 4, 2019 at 10:15 PM\nTo: Greg Mills <g@me.com>\n"
        f"Subject: Re: Parking permits\n\nThey're in.\n\n"
        f"On Mon, Mar 4, 2019 at 9:02 PM {quoted} wrote:\n> Reminder about the permits.\n"
    )
    reply, earlier = read_units(folder / "reply.txt", "reply.txt").units
    own = "<" in quoted or (quoted == "Ana Lopez" and "<" in sender)
    if own:
        assert earlier.to == () and not is_inferred(earlier, "to")
    else:
        assert earlier.to == (reply.sender,) and is_inferred(earlier, "to")
