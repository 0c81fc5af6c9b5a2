"""An address book (`.vcf`) in the corpus: each card's person is one person in the people
table and in `from:`, whichever of the card's addresses a message comes from and whatever
name the message gives. The cards are written as RFC 6350 (vCard 4.0), RFC 2426 (3.0) and the
vCard 2.1 of old phones and Outlook exports write them: FN and N, several EMAIL lines with
their TYPE parameters, lines folded, 2.1's quoted-printable with its soft line breaks, names
in any script."""

from __future__ import annotations

import itertools
import tempfile
from dataclasses import dataclass
from email.utils import formataddr
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit import Archive
from searchkit.analysis import fold_accents
from searchkit.cli import main
from searchkit.corpus import read_units
from searchkit.people import address_book
from searchkit.units import CONTACT

ME = ("Me Myself", "me@self.example")


@dataclass(frozen=True)
class Person:
    given: str
    family: str
    addresses: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}"


# -- writing vCards as each version does -----------------------------------------------------


def escaped(value: str) -> str:
    """A text value as vCard 3.0 and 4.0 escape it."""
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")


def folded(line: str, widths: list[int]) -> str:
    """A content line folded (RFC 6350 §3.2): a line break and a space before each piece
    after the first; `widths` are the pieces' lengths, in characters (a character whole)."""
    pieces, rest = [], line
    for width in widths:
        if len(rest) <= width:
            break
        pieces.append(rest[:width])
        rest = rest[width:]
    return "\r\n ".join([*pieces, rest])


def quoted_printable(value: str, breaks: list[int]) -> str:
    """A value in vCard 2.1's quoted-printable: each byte that is not printable ASCII (and
    `=`, `;`) as `=XX`, a soft line break (`=` ending the line) after the tokens `breaks`
    name."""
    tokens = [
        chr(byte) if 33 <= byte <= 126 and byte not in b"=;" else f"={byte:02X}"
        for byte in value.encode("utf-8")
    ]
    for place in sorted(set(breaks), reverse=True):
        if 0 < place < len(tokens):
            tokens.insert(place, "=\r\n")
    return "".join(tokens)


def vcard(person: Person, version: str, layout: dict) -> str:
    if version == "2.1":
        encoding = ";CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE"
        n = ";".join(quoted_printable(part, []) for part in (person.family, person.given))
        lines = [
            f"N{encoding}:{n};;;",
            f"FN{encoding}:{quoted_printable(person.name, layout['breaks'])}",
        ]
        types = ["INTERNET;PREF", "INTERNET;HOME", "INTERNET;WORK", "HOME"]
        lines += [f"EMAIL;{types[i % 4]}:{a}" for i, a in enumerate(person.addresses)]
    else:
        lines = [
            f"FN:{escaped(person.name)}",
            f"N:{escaped(person.family)};{escaped(person.given)};;;",
        ]
        if version == "3.0":
            types = ["TYPE=INTERNET,PREF", "TYPE=INTERNET;TYPE=HOME", "TYPE=WORK"]
        else:
            types = ["TYPE=work;PREF=1", 'TYPE="home,internet"', "TYPE=home;PREF=2"]
        lines += [f"EMAIL;{types[i % 3]}:{a}" for i, a in enumerate(person.addresses)]
        lines = [folded(line, layout["widths"]) for line in lines]
    body = "".join(f"{line}\r\n" for line in lines)
    return f"BEGIN:VCARD\r\nVERSION:{version}\r\n{body}TEL:+1 555 0100\r\nEND:VCARD\r\n"


# -- people, as the generator makes them ----------------------------------------------------

#: A word of a name in one script: Latin with accents, Greek, Cyrillic, Han, Arabic.
_SCRIPTS = ["A-Za-zÀ-ÖØ-öø-ÿ", "Α-Ωα-ω", "А-Яа-я", "一-龥", "ء-ي"]
_WORD = st.sampled_from(_SCRIPTS).flatmap(
    lambda letters: st.from_regex(f"[{letters}]{{2,8}}", fullmatch=True)
)
_LOCAL = st.from_regex(r"[a-z][a-z0-9]{0,6}(\.[a-z0-9]{1,5})?", fullmatch=True)
_DOMAIN = st.sampled_from(["example.org", "mail.example", "home.example.net", "x.test"])


def _key(word: str) -> str:
    return fold_accents(word.lower())


@st.composite
def people(draw) -> list[Person]:
    """Two to four people, no word of a name another's (so that a name's phrase finds only
    its person), each with one to three addresses no one else has, written in any case."""
    count = draw(st.integers(2, 4))
    words = draw(st.lists(_WORD, min_size=2 * count, max_size=2 * count, unique_by=_key))
    words = [word for word in words if _key(word) not in ("me", "myself")]
    addresses = draw(
        st.lists(
            st.tuples(_LOCAL, _DOMAIN).map("@".join),
            min_size=3 * count,
            max_size=3 * count,
            unique=True,
        )
    )
    found = []
    for number in range(len(words) // 2):
        own = addresses[3 * number : 3 * number + draw(st.integers(1, 3))]
        written = tuple(a.upper() if draw(st.booleans()) else a for a in own)
        found.append(Person(words[2 * number], words[2 * number + 1], written))
    return found


_LAYOUT = st.fixed_dictionaries(
    {
        "widths": st.lists(st.integers(1, 75), min_size=1, max_size=6),
        "breaks": st.lists(st.integers(1, 40), max_size=3),
    }
)
_VERSION = st.sampled_from(["2.1", "3.0", "4.0"])


def address_book_file(folder: Path, book: list[Person], versions, layouts) -> Path:
    path = folder / "contacts.vcf"
    cards = (vcard(p, v, lay) for p, v, lay in zip(book, versions, layouts, strict=True))
    path.write_bytes("".join(cards).encode("utf-8"))
    return path


@settings(max_examples=150, deadline=None)
@given(book=people(), data=st.data())
def test_each_card_is_its_person_with_every_address(book, data):
    versions = [data.draw(_VERSION) for _ in book]
    layouts = [data.draw(_LAYOUT) for _ in book]
    with tempfile.TemporaryDirectory() as folder:
        path = address_book_file(Path(folder), book, versions, layouts)
        result = read_units(path, "contacts.vcf")
    assert result.problems == ()
    assert [(unit.kind, unit.sender, unit.addresses) for unit in result.units] == [
        (CONTACT, person.name, tuple(a.lower() for a in person.addresses)) for person in book
    ]


# -- the people table and from: --------------------------------------------------------------


def mail(sender: tuple[str, str], to: tuple[str, str], number: int) -> str:
    return (
        f"From: {formataddr(sender, 'utf-8')}\nTo: {formataddr(to, 'utf-8')}\n"
        f"Date: Mon, {number % 28 + 1} Mar 2021 10:00:00 +0000\nSubject: Note {number}\n"
        f"Message-ID: <note{number}@self.example>\n\nWord{number} of the note.\n"
    )


#: What a message calls its sender: the card's name, the bare address, initials, capitals.
_DISPLAYS = st.sampled_from(["name", "bare", "initials", "capitals"])


def displayed(person: Person, address: str, how: str) -> tuple[str, str]:
    shown = {
        "name": person.name,
        "bare": "",
        "initials": f"{person.given[0]}. {person.family[0]}.",
        "capitals": person.name.upper(),
    }[how]
    return shown, address.lower()


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(book=people(), data=st.data())
def test_mail_from_any_address_on_a_card_is_its_person(installed_engine, book, data):
    versions = [data.draw(_VERSION) for _ in book]
    layouts = [data.draw(_LAYOUT) for _ in book]
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        address_book_file(corpus, book, versions, layouts)
        numbers = itertools.count(1)
        sent: dict[str, set[str]] = {}  # a person's name → the words of the mail they sent
        for person in book:
            for address in person.addresses:
                number = next(numbers)
                sender = displayed(person, address, data.draw(_DISPLAYS))
                (corpus / f"{number}.eml").write_text(mail(sender, ME, number), "utf-8")
                sent.setdefault(person.name, set()).add(f"word{number}")
            # and one to the last of their addresses, under another name
            number = next(numbers)
            to = displayed(person, person.addresses[-1], data.draw(_DISPLAYS))
            (corpus / f"{number}.eml").write_text(mail(ME, to, number), "utf-8")
        with Archive(corpus, Path(folder) / "index", engine=installed_engine) as archive:
            links = {(link.sender, link.recipient): link.messages for link in archive.people()}
            assert links == {
                **{(person.name, ME[0]): len(person.addresses) for person in book},
                **{(ME[0], person.name): 1 for person in book},
            }
            for person in book:
                found = archive.search(f'from:"{person.name}" kind:email', limit=None)
                assert {hit.text.split()[0].lower() for hit in found} == sent[person.name]
            aliases = {alias.alias: (alias.name, alias.origin) for alias in archive.aliases()}
            assert aliases == {
                address.lower(): (person.name, "address book contacts.vcf")
                for person in book
                for address in person.addresses
            }


# -- what a card does not say ----------------------------------------------------------------


def contact(name: str, *addresses: str, source: str = "contacts.vcf"):
    from searchkit.units import Unit

    return Unit(
        "c",
        CONTACT,
        source,
        "t",
        name,
        name,
        (),
        (),
        None,
        name,
        1,
        1,
        sender_address=addresses[0] if addresses else None,
        addresses=addresses,
    )


def test_an_address_on_two_peoples_cards_is_an_alias_of_neither():
    book = address_book(
        [
            contact("John Smith", "john@x.org", "smiths@x.org"),
            contact("Jane Smith", "jane@x.org", "smiths@x.org", source="family.vcf"),
            contact("jane smith", "j.smith@work.example", source="work.vcf"),  # her, again
            contact("nobody@x.org", "nobody@x.org", "other@x.org"),  # no name: nobody to merge
        ]
    )
    assert book == [
        ("j.smith@work.example", "jane smith", "work.vcf"),
        ("jane@x.org", "Jane Smith", "family.vcf"),
        ("john@x.org", "John Smith", "contacts.vcf"),
    ]


def test_the_alias_file_outranks_a_card_and_both_are_listed_with_their_origin(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "aliases.toml").write_text('"ann@x.org" = "Ann the Elder"\n')
    (corpus / "cards.vcf").write_text(
        vcard(Person("Ann", "Lee", ("ann@x.org", "ann.lee@home.example")), "4.0", {"widths": [75]})
    )
    (corpus / "1.eml").write_text(mail(("A. L.", "ann.lee@home.example"), ME, 1))
    (corpus / "2.eml").write_text(mail(("Ann", "ann@x.org"), ME, 2))
    with Archive(corpus, tmp_path / "index") as archive:
        origins = {alias.alias: (alias.name, alias.origin) for alias in archive.aliases()}
        assert origins["ann@x.org"] == ("Ann the Elder", f"aliases.toml in {corpus}")
        assert origins["ann.lee@home.example"] == ("Ann Lee", "address book cards.vcf")
        senders = {link.sender for link in archive.people()}
        assert senders == {"Ann the Elder", "Ann Lee"}
    done = CliRunner().invoke(
        main,
        ["people", "--aliases", "--corpus", str(corpus), "--index", str(tmp_path / "index")],
    )
    assert "ann.lee@home.example = Ann Lee    (address book cards.vcf)" in done.stdout


def test_the_address_book_follows_the_corpus(tmp_path):
    """An update reads the address book off the index again: a card gone, its addresses are
    nobody's aliases, as a rebuild would have them."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    ann = Person("Ann", "Lee", ("ann@x.org", "ann.lee@home.example"))
    (corpus / "cards.vcf").write_text(vcard(ann, "3.0", {"widths": [75]}))
    (corpus / "1.eml").write_text(mail(("A. L.", "ann.lee@home.example"), ME, 1))
    with Archive(corpus, tmp_path / "index") as archive:
        assert {link.sender for link in archive.people()} == {"Ann Lee"}
        (corpus / "cards.vcf").unlink()
        assert {link.sender for link in archive.people()} == {"A. L."}
        assert archive.aliases() == ()


def test_a_line_vobject_cannot_read_is_one_line_naming_the_file(tmp_path):
    card = vcard(Person("Ann", "Lee", ("ann@x.org",)), "3.0", {"widths": [75]})
    (tmp_path / "cards.vcf").write_text(card.replace("TEL:", "this is no property\r\nTEL:"))
    result = read_units(tmp_path / "cards.vcf", "cards.vcf")
    (unit,) = result.units
    assert unit.sender == "Ann Lee" and unit.addresses == ("ann@x.org",)
    assert [str(problem) for problem in result.problems] == [
        "cards.vcf: 1 line not readable as vCard, skipped"
        " (Skipped line 6, message: At line 6: Failed to parse line: this is no property)"
    ]


def test_an_address_is_one_word_quoted_or_not(tmp_path, installed_engine):
    """`a@x.test` is not `a.a@x.test`, though its parts stand in it in order (found by the
    generator above: a card's address matched another person's mail)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number, sender in enumerate([("AA AAA", "a@x.test"), ("A. A.", "a.a@x.test")], start=1):
        (corpus / f"{number}.eml").write_text(mail(sender, ("Me", "me@x.test"), number), "utf-8")
    with Archive(corpus, tmp_path / "index", engine=installed_engine) as archive:
        for query in ("from:a@x.test", 'from:"a@x.test"', "from:A@X.TEST"):
            assert [hit.sender_address for hit in archive.search(query)] == ["a@x.test"], query
        assert [hit.sender_address for hit in archive.search('from:"a.a@x.test"')] == [
            "a.a@x.test"
        ]
