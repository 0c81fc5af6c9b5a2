"""One person, however the mail writes them, is one name in every count searchkit shows: the
facets beside the hits (`search --facet`, the page's sidebar), `tallies`, `stats` and the
people table. A sender's head names them in every form mail clients and people use (RFC 5322's
display name quoted or not, an address alone, in brackets alone, an old-style comment, a
name in capitals, last name first, a department in brackets, the first name only, RFC 2047's
encoded words) and from a second address with their name; a recipient alike. The people
table merges these on the corpus's own word (the name an address is shown with most); the
counts beside it must say the same, on both engines."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import archive_of

#: Ways a head writes Kim Lee <kim@example.com>.
_KIM = [
    "kim@example.com",
    "<kim@example.com>",
    '"Lee, Kim" <kim@example.com>',
    "'Kim Lee' <kim@example.com>",
    "KIM LEE <KIM@EXAMPLE.COM>",
    "Kim Lee (Sales) <kim@example.com>",
    "Kim <kim@example.com>",
    "=?UTF-8?Q?Kim_Lee?= <kim@example.com>",
    "=?UTF-8?B?S2ltIExlZQ==?= <kim@example.com>",
    "kim@example.com (Kim Lee)",
    "Kim Lee <kim.lee@gmail.com>",  # her other address, her name with it
]
_KIM_AS_SHE_WRITES = "Kim Lee <kim@example.com>"
#: Ways a head writes Bo Lin <bo@example.org>.
_BO = ["bo@example.org", "'Bo Lin' <bo@example.org>", "BO LIN <bo@example.org>", "Bo <bo@example.org>"]
_BO_AS_HE_WRITES = "Bo Lin <bo@example.org>"


#: Two people who write from one address (a shop's), each their own sender.
_SHARING = ["Ann Bell <info@company.com>", "Carl Dunn <info@company.com>"]
#: Kim's initials, which the corpus's alias file names her by, from an address of her own.
_INITIALS = "KL <kl@example.com>"
_CARD = "BEGIN:VCARD\nVERSION:3.0\nFN:Kim Lee\nEMAIL:kim@example.com\nEND:VCARD\n"


@st.composite
def _corpora(draw: st.DrawFn) -> tuple[dict[str, str], list[str], Counter[str]]:
    """Mail to Bo, each head naming its sender and Bo one way: Kim's mostly as she writes
    herself (the name the people table then gives her), the others in any of the forms
    above; mail from the two people of one address; maybe her card, maybe the alias file
    naming her initials. The files, the sender of each message in turn, and how many of
    their messages each copied to Ann Ray."""
    others = draw(st.lists(st.tuples(st.sampled_from(_KIM), st.sampled_from(_BO)), max_size=8))
    usual = [(_KIM_AS_SHE_WRITES, _BO_AS_HE_WRITES)] * (len(others) + 1)
    sharing = [(sender, _BO_AS_HE_WRITES) for sender in draw(st.lists(st.sampled_from(_SHARING), max_size=3))]
    files = {}
    if draw(st.booleans()):
        files["aliases.toml"] = 'KL = "Kim Lee"\n'
        sharing.append((_INITIALS, draw(st.sampled_from(_BO))))
    if draw(st.booleans()):
        files["kim.vcf"] = _CARD
    heads = draw(st.permutations(usual + others + sharing))
    senders: list[str] = []
    copied: Counter[str] = Counter()
    for number, (sender, recipient) in enumerate(heads, start=1):
        person = "Kim Lee" if sender not in _SHARING else sender.split(" <")[0]
        senders.append(person)
        cc = ""
        if draw(st.booleans()):  # (Bo copied too, in other letters: one recipient still)
            cc = draw(st.sampled_from(["Cc: Ann Ray <ann@example.net>\n", "Cc: BO LIN <BO@example.org>\n"]))
            copied[person] += "Ann Ray" in cc
        files[f"m{number:02}.eml"] = (
            f"From: {sender}\nTo: {recipient}\n{cc}"
            f"Date: Mon, {number} Mar 2020 09:00:00 +0000\n"
            f"Message-ID: <m{number}@example.com>\nSubject: Harbour note {number}\n\n"
            f"Harbour note number {number}.\n"
        )
    return files, senders, copied


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_corpora())
def test_a_person_written_many_ways_is_one_name_in_every_count(installed_engine, drawn):
    files, senders, copied = drawn
    sent, messages = Counter(senders), len(senders)
    with archive_of(files, installed_engine) as archive:
        links = Counter({(link.sender, link.recipient): link.messages for link in archive.people()})
        expected = Counter({(sender, "Bo Lin"): count for sender, count in sent.items()})
        expected.update({(sender, "Ann Ray"): count for sender, count in copied.items()})
        assert links == +expected
        recipients = +Counter({"Bo Lin": messages, "Ann Ray": copied.total()})
        results = archive.search("harbour", limit=1, facets=("sender", "recipient"))
        assert results.facets == {"sender": dict(sent), "recipient": dict(recipients)}
        # asked alone, a facet still tells people apart by the other's names too
        alone = archive.search("harbour", limit=1, facets=("sender",))
        assert alone.facets == {"sender": dict(sent)}
        tallied = archive.tallies("harbour")
        assert dict(tallied.facets["sender"]) == dict(sent)
        # (her card is no message of hers)
        assert archive.stats()["senders"] == dict(sent)
        # a person's name is the corpus's, whatever a query matches: the one message
        # headed `Kim <kim@…>` is Kim Lee's in its people table and its counts too
        for number, sender in enumerate(senders, start=1):
            query = f'"harbour note number {number}"'
            assert {link.sender for link in archive.people(query)} == {sender}, query
            assert dict(archive.tallies(query).facets["sender"]) == {sender: 1}, query
        # a count's click finds what it counts: `from:"Kim Lee"` her mail from every address
        # the corpus names her at (headed by an address alone, or `Kim` only, too), and her
        # card (which `from:` finds, and no count counts as a message of hers)
        for name, count in sent.items():
            assert archive.search(f'from:"{name}" -kind:contact', limit=0).total == count, name
        # and by her first name, which no one else in the corpus has
        assert archive.search("from:kim -kind:contact", limit=0).total == sent["Kim Lee"]
        for name, count in recipients.items():
            assert archive.search(f'to:"{name}"', limit=0).total == count, name


#: Full names one person's heads may write beside her one address: her name, with an
#: initial for a word, with a middle initial, in capitals.
_ADA = ["Ada Lovelace", "Ada L.", "A. Lovelace", "Ada A. Lovelace", "ADA LOVELACE"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_ADA), min_size=1, max_size=8).map(lambda drawn: [_ADA[0], *drawn]), st.integers(1, 3))
def test_every_full_name_an_address_is_shown_with_finds_all_its_mail(installed_engine, names, others):
    """Ada Lovelace's heads name her in several forms at one address (her full name among
    them): she is one person, and `from:"Ada L."` finds her mail headed `Ada Lovelace
    <ada@…>` too, and the other way round, whichever of her names the corpus shows most;
    two shown alike, the people table gives the fuller."""
    files = {}
    heads = [*(f"{name} <ada@engine.org>" for name in names), *["Charles Babbage <cb@engine.org>"] * others]
    for number, sender in enumerate(heads, start=1):
        files[f"m{number:02}.eml"] = (
            f"From: {sender}\nTo: Mary Somerville <mary@science.org>\n"
            f"Date: Mon, {number} Jun 1843 10:00:00 +0000\n"
            f"Message-ID: <m{number}@engine.org>\nSubject: Notes {number}\n\nThe engine's notes.\n"
        )
    with archive_of(files, installed_engine) as archive:
        sent = Counter(link.sender for link in archive.people() for _ in range(link.messages))
        (hers,) = set(sent) - {"Charles Babbage"}
        assert sent[hers] == len(names)
        shown = Counter(names)
        assert shown[hers] == max(shown.values())
        if hers in ("Ada L.", "A. Lovelace"):  # (an initial is no name's fuller form)
            assert shown[hers] > shown["Ada Lovelace"]
        # and by her first or last name, which no one else in the corpus has
        for name in {*names, "ada", "lovelace"}:
            assert archive.search(f'from:"{name}"', limit=0).total == len(names), name
        assert archive.search('from:"Charles Babbage"', limit=0).total == others
