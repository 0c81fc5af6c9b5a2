"""Senders as mailing lists write them, over the grammar of their variation: the addresses
pipermail hides as `local at domain` (in its `.txt` months' From: lines, the name in a comment
or a phrase, with commas, RFC 2047 encoded), and the From: a list rewrites for DMARC (Mailman
3's and 2's `Name via List <list@…>`, Google Groups' `'Name' via list`), the poster's address
kept in X-Original-From, X-Original-Sender or Reply-To, or nowhere."""

from __future__ import annotations

from email.header import Header

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit.corpus import read_units
from searchkit.people import Person, parse_sender

NAMES = st.sampled_from(
    ["Jane Doe", "Åsa Lindström", "Jörg Müller", "Ольга Петрова", "Pat O'Neil", "Brian W. Kay"]
)
LOCALS = st.sampled_from(["jane.doe", "asa", "j-m+lists", "olga_p", "bwk"])
DOMAINS = st.sampled_from(["example.com", "cs.example.edu", "example.co.uk", "lists.example.at"])


def _encoded(name: str, encode: bool) -> str:
    return Header(name, "utf-8").encode() if encode and not name.isascii() else name


def _flipped(name: str) -> str:
    """`Jane Doe` as `Doe, Jane`."""
    first, _, last = name.rpartition(" ")
    return f"{last}, {first}"


@st.composite
def hidden_senders(draw):
    """A From: value whose address pipermail hid, and the person it names."""
    name, local, domain = draw(NAMES), draw(LOCALS), draw(DOMAINS)
    written = _flipped(name) if draw(st.booleans()) else name
    written = _encoded(written, draw(st.booleans()))
    hidden = f"{local} at {domain}"
    form = draw(st.sampled_from(["comment", "angle", "quoted", "bare"]))
    value = {
        "comment": f"{hidden} ({written})",
        "angle": f"{written} <{hidden}>",
        "quoted": f'"{written}" <{hidden}>',
        "bare": hidden,
    }[form]
    address = f"{local}@{domain}"
    # (a phrase with a comma outside quotes is two people's: only as a comment or quoted)
    if form == "angle" and "," in written:
        value = f'"{written}" <{hidden}>'
    return value, Person(address if form == "bare" else name, address)


@settings(max_examples=80, deadline=None)
@given(hidden_senders())
def test_an_address_pipermail_hid_is_read_back(drawn):
    value, person = drawn
    assert parse_sender(value) == person, value


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(hidden_senders(), min_size=1, max_size=4))
def test_each_message_of_a_pipermail_month_has_its_sender_and_address(tmp_path, senders):
    months = []
    for number, (value, _) in enumerate(senders):
        envelope = value.split(" (")[0].strip('"<> ').split(" <")[-1].rstrip(">")
        months.append(
            f"From {envelope}  Mon Mar  4 15:02:07 2019\nFrom: {value}\n"
            f"Date: Mon, 4 Mar 2019 10:0{number}:07 -0500\nSubject: [Dev-list] Topic {number}\n"
            f"Message-ID: <m{number}@example.org>\n\nThe text {number}.\n\n"
        )
    path = tmp_path / "2019-March.txt"
    path.write_text("".join(months), "utf-8")
    units = read_units(path, "2019-March.txt").units
    assert [(unit.sender, unit.sender_address) for unit in units] == [
        (person.name, person.address) for _, person in senders
    ]
    assert [unit.subject for unit in units] == [
        f"[Dev-list] Topic {n}" for n in range(len(senders))
    ]


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["We met at example.com", "lunch is at 12 (at noon.com)", "see you at the."])
)
def test_prose_with_at_is_no_hidden_address(text):
    person = parse_sender(text)
    assert person is None or person.address is None


LISTS = st.sampled_from(
    [
        ("Users", "users@lists.example.org"),
        ("dev-list", "dev-list@googlegroups.com"),
        ("Dev-list", "dev-list@lists.example.org"),
    ]
)


@st.composite
def rewritten_mails(draw):
    """A mail a list sent on with its From: rewritten, and its poster as the sender."""
    name, (list_name, list_address) = draw(NAMES), draw(LISTS)
    address = f"{draw(LOCALS)}@{draw(DOMAINS)}"
    shown = f"'{name}'" if draw(st.booleans()) else name  # Google Groups quotes the name
    form = draw(st.sampled_from(["quoted", "bare", "encoded"]))
    munged = f"{shown} via {list_name}"
    sender = {
        "quoted": f'"{munged}" <{list_address}>',
        "bare": f"{munged} <{list_address}>" if name.isascii() else f'"{munged}" <{list_address}>',
        "encoded": f"{Header(munged, 'utf-8').encode()} <{list_address}>",
    }[form]
    originals = {}
    kept = draw(
        st.lists(
            st.sampled_from(["x-original-from", "x-original-sender", "reply-to", "reply-to-list"]),
            unique=True,
            max_size=3,
        )
    )
    for field in kept:
        if field == "reply-to-list":
            originals.setdefault("Reply-To", list_address)  # the list's own: never the poster's
        else:
            named = f"{_encoded(name, True)} <{address}>"
            originals.setdefault(field.title(), named if field == "x-original-from" else address)
    heads = "".join(f"{field}: {value}\n" for field, value in originals.items())
    mail = (
        f"From: {sender}\n{heads}To: {list_address}\nDate: Mon, 6 May 2019 15:39:58 +0200\n"
        "Subject: Problem\n\nThe text.\n"
    )
    # the first kept field naming the poster gives the address, in the reader's order
    for field in ("X-Original-From", "X-Original-Sender", "Reply-To"):
        value = originals.get(field)
        if value is not None and value != list_address:
            expected = address
            break
    else:
        expected = None
    return mail, name, expected, list_address


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rewritten_mails())
def test_a_from_a_list_rewrote_is_its_posters(tmp_path, drawn):
    mail, name, address, list_address = drawn
    (tmp_path / "m.eml").write_text(mail, "utf-8")
    (unit,) = read_units(tmp_path / "m.eml", "m.eml").units
    assert (unit.sender, unit.sender_address) == (name, address), mail
    assert unit.to_addresses == (list_address,) and unit.subject == "Problem"


def test_a_name_via_something_else_is_a_name():
    assert parse_sender("Bob via Phone <bob@example.org>") == Person(
        "Bob via Phone", "bob@example.org"
    )


def test_a_last_first_name_keeps_the_parentheses_closed_in_it():
    """Outlook's `Last, First M (Dept)` is one person; a comment holding a comma is no
    `Last, First` across its parenthesis."""
    assert parse_sender("Garrett, Amy C (PACE)") == Person("Amy C Garrett (PACE)")
    assert parse_sender('"Calapristi; A J (Gus)"') == Person("A J (Gus) Calapristi")
    assert parse_sender("anna at example.at (Schmidt, Anna)") == Person(
        "Anna Schmidt", "anna@example.at"
    )
