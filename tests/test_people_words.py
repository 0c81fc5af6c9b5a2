"""A name or an address asked for in a people field is every word of it: `from:will` is
Will Smith (`will` is a stop word elsewhere), `from:a.0@example.org` is that address and not
`e.0@example.org` (whose parts but the stop word `a` are the same), on both engines.

The people are generated: names of ordinary words and stop words, addresses whose parts
share stop words and digits, so that one address's parts are often another's."""

from __future__ import annotations

import re
import tempfile
from email.utils import formataddr
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit import Archive

ME = ("Me Myself", "me@self.example")
#: Name words, some of them stop words (`will`, `may`, `it`, `the`, `an`).
_NAME_WORDS = st.sampled_from(["Will", "May", "It", "The", "An", "Ann", "Lee", "Smith"])
#: Address parts: stop words and digits, and no name word (but the stop words `it`, `the`).
_ADDRESS_PARTS = st.sampled_from(["a", "it", "the", "us", "0", "7", "x", "on"])
_JOINS = st.sampled_from([".", "_", "-"])
_DOMAINS = st.sampled_from(["example.org", "x.test", "a.test"])


@st.composite
def addresses(draw) -> str:
    parts = draw(st.lists(_ADDRESS_PARTS, min_size=1, max_size=3))
    join = draw(_JOINS)
    return f"{join.join(parts)}@{draw(_DOMAINS)}"


@st.composite
def people(draw) -> list[tuple[str, str]]:
    found = draw(
        st.lists(
            st.tuples(
                st.lists(_NAME_WORDS, min_size=1, max_size=2, unique=True).map(" ".join),
                addresses(),
            ),
            min_size=2,
            max_size=6,
            unique_by=(lambda person: person[0], lambda person: person[1]),
        )
    )
    return found


def mail(sender: tuple[str, str], to: tuple[str, str], number: int) -> str:
    return (
        f"From: {formataddr(sender)}\nTo: {formataddr(to)}\n"
        f"Date: Tue, {number % 28 + 1} Apr 2024 09:00:00 +0000\nSubject: Memo {number}\n"
        f"Message-ID: <memo{number}@self.example>\n\nMemo{number} text.\n"
    )


def words_of(name: str, address: str) -> set[str]:
    """What a people field holds of a person, word by word: their name's words and their
    address's parts."""
    return {word.lower() for word in name.split()} | set(re.split(r"[._\-@]", address))


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(book=people())
def test_a_people_field_searches_every_word_of_a_name_or_an_address(installed_engine, book):
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        for number, person in enumerate(book, start=1):
            (corpus / f"{number}.eml").write_text(mail(person, ME, number))
            (corpus / f"to{number}.eml").write_text(mail(ME, person, 100 + number))
        with Archive(corpus, Path(folder) / "index", engine=installed_engine) as archive:

            def senders(query: str) -> set[str]:
                return {hit.sender_address for hit in archive.search(query, limit=None)}

            def recipients(query: str) -> set[str]:
                found = archive.search(query, limit=None)
                return {address for hit in found for address in hit.to_addresses}

            for name, address in book:
                assert senders(f"from:{address}") == {address}
                assert senders(f'from:"{address}"') == {address}
                assert recipients(f"to:{address}") == {address}
                for word in {word.lower() for word in name.split()}:
                    holding = {a for n, a in book if word in words_of(n, a)}
                    assert senders(f"from:{word}") == holding, word
                    assert recipients(f"to:{word}") == holding, word


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(book=people())
def test_author_searches_every_word_of_a_page_author(installed_engine, book):
    """A page's author, from its metadata, is a name too: `author:will` is Will Oremus."""
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        for number, (name, _) in enumerate(book, start=1):
            (corpus / f"page{number}.html").write_text(
                f'<html><head><title>Page {number}</title><meta name="author" '
                f'content="{name}"></head><body><p>Column {number} text.</p></body></html>'
            )
        with Archive(corpus, Path(folder) / "index", engine=installed_engine) as archive:
            for name, _ in book:
                for word in {word.lower() for word in name.split()}:
                    holding = {n for n, _ in book if word in n.lower().split()}
                    found = archive.search(f"author:{word}", limit=None)
                    assert {hit.author for hit in found} == holding, word


def test_a_free_stop_word_still_searches_nothing(installed_engine, tmp_path):
    """Out of a people field a stop word is no name: `will` alone is too common to search."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "1.eml").write_text(mail(("Will Smith", "will@x.test"), ME, 1))
    with Archive(corpus, tmp_path / "index", engine=installed_engine) as archive:
        found = archive.search("will")
        assert not found.hits
        assert found.explanation and "too common" in found.explanation
        assert [hit.sender for hit in archive.search("from:will")] == ["Will Smith"]
