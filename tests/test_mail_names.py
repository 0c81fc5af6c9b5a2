"""Display names of mail headers, as RFC 5322 and RFC 2047 write them: a quoted name keeps its
commas and its quoted pairs (`"O'Brien, Mary \\"Molly\\""`), an encoded word decoding to
`Zähler, Jürgen` is one person (headers are split into people before they are decoded), and
`Last, First` reads as `First Last` without mangling what the name holds.

The names and the ways of writing them are generated; every field of the people is checked."""

from __future__ import annotations

import tempfile
from email.header import Header
from email.utils import formataddr
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit.corpus import read_units
from searchkit.people import Person, parse_people, parse_sender

FIRSTS = ["Mary", 'Mary "Molly"', "Jürgen", "Zoë", "Ann-Marie", "J.R.", "André", "山田"]
LASTS = ["O'Brien", "Zähler", "Lee", "Ångström", "van der Berg", "Dupré", "太郎"]
LOCALS = ["a", "b.c", "d_e", "first.last", "x-y"]


#: A person's name's suffix, and a company's form: after a comma, neither is a given name.
SUFFIXES = ["Jr.", "Sr.", "III", "PhD", "Esq."]
COMPANIES = ["Acme, Inc.", "Widgets, Ltd", "Müller, GmbH", "Northwind, LLC", "Fabrikam, S.A."]


@st.composite
def people(draw) -> tuple[str, str, str]:
    """(display name as written, address, the name searchkit should give): `Last, First`
    as `First Last`, a suffix kept last (`Smith, John Jr.`), a company's name as written."""
    address = f"{draw(st.sampled_from(LOCALS))}{draw(st.integers(0, 99))}@example.org"
    if draw(st.integers(0, 5)) == 0:
        company = draw(st.sampled_from(COMPANIES))
        return company, address, company
    first, last = draw(st.sampled_from(FIRSTS)), draw(st.sampled_from(LASTS))
    suffix = draw(st.sampled_from(["", *(f" {suffix}" for suffix in SUFFIXES)]))
    flipped = draw(st.booleans())
    written = f"{last}, {first}{suffix}" if flipped else f"{first} {last}{suffix}"
    return written, address, f"{first} {last}{suffix}"


def header_value(written: str, address: str, encoding: str) -> str:
    """The person as a header writes them: quoted (with quoted pairs), or as encoded words
    (base64 or quoted-printable) even where the name is plain ASCII, their charset tagged
    with a language as RFC 2231 allows (`b*de`: `=?utf-8*de?b?…?=`)."""
    if encoding == "quoted":
        return formataddr((written, address))
    kind, _, language = encoding.partition("*")
    encoded = Header(written, "utf-8").encode() if kind == "b" else _q_words(written)
    if language:
        encoded = encoded.replace("=?utf-8?", f"=?utf-8*{language}?")
    return f"{encoded} <{address}>"


def _q_words(text: str) -> str:
    from email.charset import QP, Charset

    charset = Charset("utf-8")
    charset.header_encoding = QP
    return charset.header_encode(text)


@settings(max_examples=120, deadline=None)
@given(
    sender=people(),
    recipients=st.lists(people(), min_size=1, max_size=4, unique_by=lambda p: p[1]),
    encodings=st.lists(
        st.sampled_from(["quoted", "b", "q", "b*de", "q*en-US", "b*EN"]), min_size=5, max_size=5
    ),
)
def test_every_display_name_is_one_person_whole(sender, recipients, encodings):
    to = ", ".join(
        header_value(written, address, encodings[n % 4 + 1])
        for n, (written, address, _) in enumerate(recipients)
    )
    mail = (
        f"From: {header_value(sender[0], sender[1], encodings[0])}\nTo: {to}\n"
        "Date: Wed, 5 Aug 2015 16:20:00 +0100\nSubject: Names\n"
        "Message-ID: <names@example.org>\nMIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\n\nThe capybara report.\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "names.eml"
        path.write_text(mail, "utf-8")
        (unit,) = read_units(path, "names.eml").units
    assert (unit.sender, unit.sender_address) == (sender[2], sender[1]), mail
    assert unit.to == tuple(name for _, _, name in recipients), mail
    assert unit.to_addresses == tuple(address for _, address, _ in recipients), mail


def test_the_testers_names(tmp_path):
    path = tmp_path / "names.eml"
    path.write_text(
        'From: "O\'Brien, Mary \\"Molly\\"" <molly.obrien@example.ie>\n'
        "To: =?UTF-8?B?WsOkaGxlciwgSsO8cmdlbg==?= <juergen@example.de>\n"
        "Subject: x\nMessage-ID: <n@example.ie>\n\nBody.\n",
        "utf-8",
    )
    (unit,) = read_units(path, "names.eml").units
    assert (unit.sender, unit.sender_address) == (
        'Mary "Molly" O\'Brien',
        "molly.obrien@example.ie",
    )
    assert (unit.to, unit.to_addresses) == (("Jürgen Zähler",), ("juergen@example.de",))


@settings(max_examples=100, deadline=None)
@given(listed=st.lists(st.tuples(people(), st.sampled_from(["[{}]", "[mailto:{}]"])), min_size=1))
def test_outlooks_bracketed_addresses(listed):
    """Outlook's `Weiß, Jürgen [juergen.weiss@firma.example.de]` and `[mailto:…]`: the name
    and the address, in a list of `;` as Outlook writes it."""
    header = "; ".join(
        f"{written} {form.format(address)}" for (written, address, _), form in listed
    )
    found = parse_people(header, outlook=True)
    assert found == [Person(name, address) for (_, address, name), _ in listed], header


#: Outlook's `On Behalf Of` as its languages print it in a reply's From: line.
ON_BEHALF = ["On Behalf Of", "on behalf of", "Im Auftrag von", "De la part de", "En nombre de"]


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(ON_BEHALF),
    st.sampled_from(["Support <support@contoso.com>", "owner-list@lists.example.org", "Assistant"]),
    st.sampled_from(
        [("Smith, John", "John Smith"), ("Jane Doe", "Jane Doe"), ("Zoë Müller", "Zoë Müller")]
    ),
)
def test_a_message_sent_on_behalf_of_someone_is_theirs(phrase, delegate, owner):
    # `From: Support <support@contoso.com> On Behalf Of Smith, John`: John Smith wrote it; the
    # address is the account that sent it, not his
    written, name = owner
    person = parse_sender(f"{delegate} {phrase} {written}")
    assert person is not None and (person.name, person.address) == (name, None)


_SURNAME = st.tuples(
    st.sampled_from(["", "Van der ", "De ", "von ", "da "]),
    st.sampled_from(["Ahmed", "Berg", "Luca", "Müller", "O'Brien", "Nguyen"]),
).map("".join)
_GIVEN = st.sampled_from(["Farah", "Maarten", "Zoë", "Anna", "Jean-Luc"])


@settings(max_examples=200, deadline=None)
@given(_SURNAME, _GIVEN, st.sampled_from(["farah@wire.example", "m.b@x.nl"]))
def test_one_person_written_last_first_with_an_address_is_one_person(surname, given, address):
    # `To: Ahmed, Farah <farah@…>` under any head, not only Outlook's: no client gives one
    # person of two an address
    assert parse_people(f"{surname}, {given} <{address}>") == [
        Person(f"{given} {surname}", address)
    ]
    # two people written first name first stay two
    two = parse_people(f"{given} {surname}, Ann Lee <{address}>")
    assert [person.name for person in two] == [f"{given} {surname}", "Ann Lee"]
