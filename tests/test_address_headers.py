"""Address headers as mail writes them: a generator draws the forms RFC 5322 and its
predecessor RFC 822 allow, and those mailers and archives write (a display name before an
angled address, quoted or not, `Last, First`; the older `address (Name)` comment form, its
comment holding parentheses of its own; Outlook's `Name [mailto:address]`; a bare address;
QQ Mail's `"Name"<address>;`, no space and a list's separator after one person), in lists of
any length, and checks every person read back: name and address. Addresses an archive hid
(MHonArc's `DOMAIN.HIDDEN`, Hypermail's `domain.name.hidden`, Google Groups' cut mailbox) are
no one's: the person is the name alone."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit.people import Person, parse_people, parse_sender
from searchkit.units import REDACTED

FIRST = ["Ann", "José", "Zoë", "Łukasz", "Mary-Jane", "D'Arcy", "Jean Luc", "Ōtani"]
LAST = ["Doe", "O'Brien", "Groß", "van der Berg", "Nguyễn", "Smith-Jones", "Dupont"]


@st.composite
def people(draw) -> tuple[str, Person]:
    """One person as a header writes them, and who that is."""
    first, last = draw(st.sampled_from(FIRST)), draw(st.sampled_from(LAST))
    local = draw(st.from_regex(r"[a-z][a-z0-9._+-]{0,12}[a-z0-9]", fullmatch=True))
    domain = draw(st.sampled_from(["example.com", "mail.example.org", "uni-x.ac.uk"]))
    address = f"{local}@{domain}"
    name = f"{first} {last}"
    aside = draw(st.sampled_from(["", " (Sales)", " (at home)"]))  # a comment in the name
    written = draw(
        st.sampled_from(
            [
                f"{name} <{address}>",
                f'"{name}" <{address}>',
                f'"{last}, {first}" <{address}>',
                f"{address} ({name})",
                f"<{address}> ({name})",
                f"{address} ({last}, {first})",
                f"{address} ({name}{aside})",
                f"{name} [mailto:{address}]",
                f'"{name}"<{address}>',
                f"{name}<{address}>",
                f"{name} <@relay.example.net,@hub.example.org:{address}>",  # RFC 5322 4.4's route
                address,
            ]
        )
    )
    if written == address:
        return written, Person(address, address)
    if written == f"{address} ({name}{aside})":
        return written, Person(f"{name}{aside}", address)
    return written, Person(name, address)


@settings(max_examples=300, deadline=None)
@given(st.lists(people(), min_size=1, max_size=6), st.sampled_from([", ", ",", " , "]))
def test_every_person_of_a_list_read_back(drawn, comma):
    header = comma.join(written for written, _ in drawn)
    assert parse_people(header) == [person for _, person in drawn]


@settings(max_examples=300, deadline=None)
@given(people(), st.sampled_from(["", ";", " ;", ","]))
def test_a_sender_read_back(drawn, separator):
    written, person = drawn
    assert parse_sender(written + separator) == person


@st.composite
def masked(draw) -> tuple[str, Person]:
    """One person as an archive shows them with their address hidden, and who that is: the
    name, no address (the mask as written where there is no name)."""
    first, last = draw(st.sampled_from(FIRST)), draw(st.sampled_from(LAST))
    local = draw(st.from_regex(r"[a-z][a-z0-9._+-]{2,12}[a-z0-9]", fullmatch=True))
    domain = draw(st.sampled_from(["example.com", "mail.example.org", "uni-x.ac.uk"]))
    hidden = draw(
        st.sampled_from(
            [
                f"{local}@DOMAIN.HIDDEN",  # MHonArc's example ADDRESSMODIFYCODE
                f"{local}@domain.hidden",
                f"{local[:3]}...@{domain}",  # Google Groups
                f"{local[:3]}…@{domain}",
            ]
        )
    )
    name = f"{first} {last}"
    form = draw(st.sampled_from(["angle", "quoted", "comment", "bare", "dotted"]))
    if form == "dotted":  # Hypermail's, no `@`: only ever in angle brackets
        return f"{name} <{local}.domain.name.hidden>", Person(name)
    written = {
        "angle": f"{name} <{hidden}>",
        "quoted": f'"{name}" <{hidden}>',
        "comment": f"{hidden} ({name})",
        "bare": hidden,
    }[form]
    return written, Person(hidden if form == "bare" else name)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["", "Jane Doe", "'Jane Doe'", "Doe, Jane", "█████████", "(b)(6)"]),
    st.sampled_from(["█████████", "████", "XXXXXXX", "XXX"]),
    st.sampled_from(["gmail.com", "state.gov"]),
    st.sampled_from(["angle", "mailto", "bare"]),
)
def test_an_address_whose_mailbox_is_blacked_out_is_no_ones(name, mark, domain, form):
    """`█████████ <█████████@gmail.com>`: the mailbox blacked out, the address is redacted
    (every blacked-out mailbox of a domain would otherwise be one person's)."""
    address = f"{mark}@{domain}"
    written = {
        "angle": f"{name} <{address}>".strip(),
        "mailto": f"{name} [mailto:{address}]".strip(),
        "bare": address,
    }[form]
    person = "Jane Doe" if "Jane" in name and form != "bare" else None
    expected = Person(person, REDACTED) if person else Person(REDACTED)
    assert parse_sender(written) == expected, written
    assert parse_people(f"{written}; Ann Doe <ann@example.com>") == [
        expected,
        Person("Ann Doe", "ann@example.com"),
    ]


@settings(max_examples=200, deadline=None)
@given(masked())
def test_an_address_an_archive_hid_is_no_ones(drawn):
    written, person = drawn
    assert parse_sender(written) == person
    assert parse_people(f"{written}, Ann Doe <ann@example.com>") == [
        person,
        Person("Ann Doe", "ann@example.com"),
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(FIRST),
    st.sampled_from(LAST),
    st.lists(st.sampled_from(["DC", "R5", "HOU", "Enron Communications", "USEPA", "US"]), min_size=1, max_size=4),
    st.sampled_from(["{name}/{units}", "{name}/{units}@{domain}", "CN={name}/{typed}"]),
)
def test_a_notes_name_in_any_form_is_one_person(first, last, units, form):
    """Lotus Notes names one person `Gina McCarthy/DC/USEPA/US` (a memo's print), `Gina
    McCarthy/DC/USEPA/US@EPA` (a list of recipients) and `CN=Gina McCarthy/OU=DC/O=USEPA`:
    each is Gina McCarthy, or one person is split in two."""
    name = f"{first} {last}"
    typed = "/".join([*(f"OU={unit}" for unit in units[:-1]), f"O={units[-1]}"])
    written = form.format(name=name, units="/".join(units), domain="EPA", typed=typed)
    assert parse_sender(written) == Person(name), written
    assert parse_people(f"{written}, Bob Day") == [Person(name), Person("Bob Day")], written
