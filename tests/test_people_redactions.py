"""A redaction in a name or an address (`Elon Musk [REDACTED]`, `Sam Altman <(b)(6)>`,
`Ilya Sutskever [(b)(6)]`, `█████`, `XXXXX`, in any case) is a blacked-out address: the
person is the name, their address `[redacted]`; a mark alone is a redacted recipient. People
whose addresses are all `[redacted]` are never merged by that address: the people table
credits each message to its own sender, whatever the query.

The headers and the corpora are generated: every form of mark, in every wrapping, in every
place of a header, and corpora of mail whose senders' addresses are all blacked out."""

from __future__ import annotations

import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit import Archive
from searchkit.people import Person, is_redaction, parse_people, parse_sender
from searchkit.units import REDACTED

#: What releases write for a blacked-out name or address.
MARKS = [
    "redacted",
    "REDACTED",
    "Redacted",
    "(b)(6)",
    "(b)(7)(C)",
    "(b)(6)(b)(7)(C)",
    "(b)(6) (b)(7)(c)",
    "(b) (6)",
    "b6",
    "B6",
    "b7c",
    "█████",
    "██ ███",
    "■■■■",
    "XXXXX",
    "xxxx",
]
#: How a mark is wrapped where an address stands.
WRAPS = ["{}", "<{}>", "[{}]", "({})", "<[{}]>", "[<{}>]", "<({})>", "[mailto:{}]", "< {} >"]
FIRSTS = ["Elon", "Sam", "Ilya", "Greg", "Shivon", "Mary", "Ann", "Jürgen"]
LASTS = ["Musk", "Altman", "Sutskever", "Brockman", "Zilis", "O'Brien", "Lee", "Weiß"]

marks = st.tuples(st.sampled_from(MARKS), st.sampled_from(WRAPS)).map(
    lambda pair: pair[1].format(pair[0])
)


@dataclass(frozen=True)
class Written:
    """One person as a header writes them, and what they are."""

    text: str
    person: Person


@st.composite
def written_people(draw, *, last_first: bool = False) -> Written:
    """A person with a blacked-out address, a mark alone, or a person with an address."""
    first, last = draw(st.sampled_from(FIRSTS)), draw(st.sampled_from(LASTS))
    name = f"{last}, {first}" if last_first else f"{first} {last}"
    kind = draw(st.sampled_from(["named", "alone", "addressed", "name redacted", "emptied"]))
    # the exemption's code a release prints in the margin beside the line, or none
    margin = draw(st.sampled_from(["", "   B6", "  (b)(6)", "     b6"]))
    if kind == "named":
        return Written(f"{name} {draw(marks)}", Person(f"{first} {last}", REDACTED))
    if kind == "emptied":  # Outlook's `[mailto:…]`, its address taken out of the page
        emptied = f"[mailto:{' ' * draw(st.integers(0, 20))}]"
        return Written(f"{name} {emptied}{margin}", Person(f"{first} {last}", REDACTED))
    if kind == "alone":
        return Written(draw(marks), Person(REDACTED))
    address = f"{first[0]}.{last}@example.org".lower().replace("'", "")
    if kind == "name redacted":  # `(b)(6) <jdoe@x>`: the address is who it is
        return Written(f"{draw(marks)} <{address}>", Person(address, address))
    shown = draw(st.sampled_from(["<{}>", "[mailto:{}]"])).format(address)
    return Written(f"{name} {shown}{margin}", Person(f"{first} {last}", address))


@settings(max_examples=300, deadline=None)
@given(person=written_people(), mark=marks)
def test_a_sender_with_a_blacked_out_address_is_their_name(person, mark):
    assert parse_sender(person.text) == person.person
    assert is_redaction(mark)


@settings(max_examples=300, deadline=None)
@given(
    data=st.data(),
    last_first=st.booleans(),
)
def test_every_person_of_a_list_with_redactions(data, last_first):
    # `Last, First` names are an Outlook list's, `;` between them
    separator = "; " if last_first else data.draw(st.sampled_from([", ", "; "]))
    listed = data.draw(st.lists(written_people(last_first=last_first), min_size=1, max_size=5))
    header = separator.join(person.text for person in listed)
    found = parse_people(header, outlook=last_first)
    assert found == [person.person for person in listed], header


@settings(max_examples=100, deadline=None)
@given(name=st.sampled_from(["Xxxx Smith", "Bob Xxx", "Anna B6-Lee", "Redactedson"]))
def test_a_name_that_looks_a_little_like_a_mark_is_a_name(name):
    assert parse_sender(f"{name} <n@example.org>") == Person(name, "n@example.org")
    assert not is_redaction(name)


# -- the people table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Mail:
    number: int
    sender: str
    sender_mark: str
    to: tuple[str, ...]  # names, or REDACTED
    quoted: str | None  # who wrote the message it quotes, their address blacked out too
    quoted_mark: str

    @property
    def word(self) -> str:
        return f"kiwi{self.number}"

    def text(self) -> str:
        recipients = ", ".join(
            "[REDACTED]" if name == REDACTED else f"{name} (b)(6)" for name in self.to
        )
        body = f"Reply words {self.word}.\n"
        if self.quoted:
            body += (
                f"\nOn Mon, {self.number} Apr 2024 at 08:00, {self.quoted} {self.quoted_mark}"
                f" wrote:\n> Quoted words mango{self.number}.\n"
            )
        return (
            f"From: {self.sender} {self.sender_mark}\nTo: {recipients}\n"
            f"Date: Tue, {self.number} May 2024 09:00:00 +0000\nSubject: Memo {self.number}\n"
            f"Message-ID: <memo{self.number}@example.org>\n\n{body}"
        )


NAMES = ["Elon Musk", "Sam Altman", "Ilya Sutskever", "Greg Brockman", "Shivon Zilis"]
address_marks = st.sampled_from(["<[REDACTED]>", "<(b)(6)>", "[(b)(6)]", "(b)(6)", "<redacted>"])


@st.composite
def mails(draw) -> list[Mail]:
    count = draw(st.integers(min_value=2, max_value=6))
    found = []
    for number in range(1, count + 1):
        sender = draw(st.sampled_from(NAMES))
        others = [name for name in NAMES if name != sender] + [REDACTED]
        to = draw(st.lists(st.sampled_from(others), min_size=1, max_size=3, unique=True))
        quoted = draw(st.none() | st.sampled_from([n for n in NAMES if n != sender]))
        found.append(
            Mail(number, sender, draw(address_marks), tuple(to), quoted, draw(address_marks))
        )
    return found


@dataclass
class Expected:
    messages: int = 0
    inferred: int = 0
    days: tuple[date, ...] = ()


def expected_links(written: list[Mail]) -> dict[tuple[str, str], Expected]:
    links: dict[tuple[str, str], Expected] = defaultdict(Expected)
    for mail in written:
        for name in mail.to:
            link = links[mail.sender, name]
            link.messages += 1
            link.days += (date(2024, 5, mail.number),)
        if mail.quoted:  # went to the one who replied quoting it: inferred
            link = links[mail.quoted, mail.sender]
            link.messages += 1
            link.inferred += 1
            link.days += (date(2024, 4, mail.number),)
    return links


def _day(when) -> date:
    return when.date() if hasattr(when, "date") else when


def assert_people(found, expected: dict[tuple[str, str], Expected]) -> None:
    pairs = [(link.sender, link.recipient) for link in found]
    assert Counter(pairs) == Counter(set(expected)), pairs
    for link in found:
        want = expected[link.sender, link.recipient]
        assert link.messages == want.messages, link
        assert link.inferred == want.inferred, link
        assert link.redacted == (link.recipient == REDACTED), link
        assert (_day(link.first), _day(link.last)) == (min(want.days), max(want.days)), link


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(written=mails())
def test_people_with_blacked_out_addresses_are_never_merged(installed_engine, written):
    """Every message is credited to its own sender, with or without a query: Sam Altman's
    quoted `<[REDACTED]>` is not Greg Brockman's, nor Elon Musk's quoted message to Greg
    (merged into Greg, it was a message to himself) left out."""
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        for mail in written:
            (corpus / f"{mail.number}.eml").write_text(mail.text(), "utf-8")
        with Archive(corpus, Path(folder) / "index", engine=installed_engine) as archive:
            assert_people(archive.people(), expected_links(written))
            for mail in written:
                reply = expected_links([replace(mail, quoted=None)])
                assert_people(archive.people(mail.word), reply)
                if mail.quoted:
                    quote = {
                        (mail.quoted, mail.sender): expected_links([mail])[mail.quoted, mail.sender]
                    }
                    assert_people(archive.people(f"mango{mail.number}"), quote)


def test_a_markdown_reprints_bold_is_no_part_of_a_name():
    assert parse_people("**Elon Musk**, Shivon Zilis** (b)(6)") == [
        Person("Elon Musk"),
        Person("Shivon Zilis", REDACTED),
    ]


def test_a_first_name_alone_merges_once_redactions_split_no_one(installed_engine, tmp_path):
    """`elon` (a reprint's lower-case From) is Elon Musk when he is the only Elon: a blacked-out
    address (`Elon Musk [REDACTED]`) or a reprint's bold (`Elon Musk**`) made a second one."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    senders = ["Elon Musk [REDACTED]", "Elon Musk <(b)(6)>", "Elon Musk**", "elon"]
    for number, sender in enumerate(senders, start=1):
        (corpus / f"{number}.eml").write_text(
            f"From: {sender}\nTo: Sam Altman (b)(6)\n"
            f"Date: Tue, {number} May 2024 09:00:00 +0000\nSubject: Memo {number}\n"
            f"Message-ID: <memo{number}@example.org>\n\nWords {number}.\n",
            "utf-8",
        )
    with Archive(corpus, tmp_path / "index", engine=installed_engine) as archive:
        (link,) = archive.people()
        assert (link.sender, link.recipient, link.messages) == ("Elon Musk", "Sam Altman", 4)
