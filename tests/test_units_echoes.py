"""An id one command prints works in the others: a quote whose words the corpus holds already
as an email (an "echo", indexed hidden) is left out of `units` as search leaves it out,
listed by `units --copies` with `copy_of` naming the email it repeats, and `show` finds it,
saying what it is. On both engines.

The corpora are generated: threads whose replies quote their parent (in the corpus, or
not: such a quote is a message of its own), so that echoes and kept quotes mix."""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from unittest import mock

from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from searchkit import Archive
from searchkit.cli import main

NAMES = ["Ada Lovelace", "Charles Babbage", "Mary Somerville", "John Herschel"]
WORDS = ["engine", "cards", "loom", "table", "gears", "mill", "store", "notes", "bernoulli"]


@dataclass(frozen=True)
class Message:
    number: int
    sender: str
    parent: int | None  # the message it replies to, quoting it
    parent_held: bool  # is that message in the corpus, or only quoted?
    words: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(["Message", str(self.number), "says", *self.words, f"marker{self.number}."])

    def mail(self, by_number: dict[int, Message]) -> str:
        address = self.sender.split()[0].lower() + "@example.org"
        reply = self.parent is not None
        head = (
            f"From: {self.sender} <{address}>\nTo: list@example.org\n"
            f"Date: Mon, {self.number} Mar 2021 10:00:00 +0000\n"
            f"Subject: {'Re: ' if reply else ''}Engine notes\n"
            f"Message-ID: <m{self.number}@example.org>\n"
        )
        body = self.text + "\n"
        if self.parent is not None:
            parent = by_number[self.parent]
            head += f"In-Reply-To: <m{parent.number}@example.org>\n"
            body += (
                f"\nOn Mon, {parent.number} Mar 2021 at 10:00, {parent.sender} wrote:\n"
                + "".join(f"> {line}\n" for line in parent.text.splitlines())
            )
        return head + "\n" + body


@st.composite
def threads(draw) -> list[Message]:
    count = draw(st.integers(min_value=2, max_value=5))
    found: list[Message] = []
    for number in range(1, count + 1):
        parent = draw(st.integers(1, number - 1)) if number > 1 else None
        found.append(
            Message(
                number,
                draw(st.sampled_from(NAMES)),
                parent,
                draw(st.booleans()),
                # (a short message, too short to tell by its opening, is quoted too)
                tuple(draw(st.lists(st.sampled_from(WORDS), min_size=0, max_size=12))),
            )
        )
    return found


def write(folder: Path, messages: list[Message]) -> None:
    by_number = {message.number: message for message in messages}
    # a parent not held is only quoted: its own file is left out
    quoted_only = {m.parent for m in messages if m.parent is not None and not m.parent_held}
    held = {m.parent for m in messages if m.parent is not None and m.parent_held}
    for message in messages:
        if message.number in quoted_only - held:
            continue
        (folder / f"{message.number}.eml").write_text(message.mail(by_number), "utf-8")


def units(corpus: Path, index: Path, *options: str) -> list[dict]:
    args = ["units", "--corpus", str(corpus), "--kind", "email", *options]
    with mock.patch.dict(os.environ, {"SEARCHKIT_INDEX": str(index)}):
        result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(messages=threads())
def test_every_id_units_prints_is_one_show_finds(installed_engine, messages):
    with (
        tempfile.TemporaryDirectory() as folder,
        mock.patch.dict(os.environ, {"SEARCHKIT_ENGINE": installed_engine}),
    ):
        corpus, index = Path(folder) / "corpus", Path(folder) / "index"
        corpus.mkdir()
        write(corpus, messages)
        every = units(corpus, index, "--copies")
        shown = units(corpus, index)
        by_id = {record["id"]: record for record in every}
        with Archive(corpus, index) as archive:
            # `units` lists what the index shows: as many emails, the same ids
            assert archive.stats()["kinds"].get("email", 0) == len(shown)
            found = {hit.id for hit in archive.envelopes("kind:email").hits}
            assert found == {record["id"] for record in shown}
            counted = archive.search("kind:email", limit=0)  # the count, the hits' number
            assert counted.total == len(shown) and counted.total_is_exact
            for record in every:
                original = record["copy_of"]
                if original is None:
                    assert archive.unit(record["id"]).id == record["id"]
                    continue
                # an echo: the quote of a message the corpus holds, named by `copy_of`
                assert record["quoted_in"] and archive.unit(record["id"]) is None
                echo, named = archive.echo(record["id"])
                assert named is not None and named.id == original
                assert echo.text == record["text"] and echo.sender == record["sender"]
                assert by_id[original]["text"] == record["text"]
                assert by_id[original]["copy_of"] is None
            # every quote of a held message is an echo; of one only quoted, all but the first
            held = {m.text for m in messages if (corpus / f"{m.number}.eml").exists()}
            echoes = Counter(r["text"] for r in every if r["copy_of"])
            quotes = Counter(r["text"] for r in every if r["quoted_in"])
            for text, count in quotes.items():
                assert echoes[text] == (count if text in held else count - 1), text
            event("echoes" if echoes else "no echo")
        for record in every:
            result = CliRunner().invoke(
                main, ["show", record["id"], "--corpus", str(corpus), "--index", str(index)]
            )
            assert result.exit_code == 0, result.output
            assert f"Id: {record['id']}" in result.stdout
            if record["copy_of"]:
                assert f"as {record['copy_of']}: search shows that one" in result.stderr


@settings(max_examples=12, deadline=None)
@given(
    another=st.booleans(),
    hours=st.integers(-40, 40),
    minutes=st.sampled_from([0, 30, 45, 7, 28]),
    seconds=st.integers(-59, 59),
    comma=st.booleans(),
    words=st.lists(st.sampled_from(WORDS), min_size=12, max_size=16),
)
def test_a_quote_is_an_echo_only_of_its_own_writers_email(
    another, hours, minutes, seconds, comma, words
):
    """A quote whose words stand in an email is that email's echo only when the email is
    the quoted message itself, by the quote's writer (however the name is written, and its
    clock in whatever zone: whole quarter hours apart, a day or so at most); another's email
    pasting them, or the writer's own sent at another time (a report that opens alike every
    day), leaves the quote a message of its own. (A quote gives its minute, rounded or cut
    from the seconds its message was sent at.)"""
    apart = timedelta(hours=hours, minutes=minutes)
    said = " ".join(words).capitalize() + "."
    sent = datetime(2019, 3, 4, 8, 15)
    ada = ("Lovelace, Ada" if comma else "Ada Lovelace", "ada@example.org")
    writer = ("Mary Somerville", "mary@example.org") if another else ada
    own = f"Priya, see below. {said}" if another else said
    mails = {
        "holder.eml": (writer, sent + apart + timedelta(seconds=seconds), "Halvorsen numbers", own),
        "reply.eml": (
            ("Charles Babbage", "charles@example.org"),
            sent + timedelta(hours=1),
            "RE: Halvorsen numbers",
            "Agreed.\n\n-----Original Message-----\nFrom: Ada Lovelace <ada@example.org>\n"
            f"Sent: Monday, March 4, 2019 8:15 AM\nTo: Charles Babbage\n"
            f"Subject: Halvorsen numbers\n\n{said}",
        ),
    }
    with tempfile.TemporaryDirectory() as folder:
        corpus, index = Path(folder) / "corpus", Path(folder) / "index"
        corpus.mkdir()
        for name, ((person, address), moment, subject, body) in mails.items():
            (corpus / name).write_text(
                f"From: {person} <{address}>\nTo: list@example.org\n"
                f"Date: {moment:%a, %d %b %Y %H:%M:%S} +0000\nSubject: {subject}\n\n{body}\n",
                "utf-8",
            )
        every = units(corpus, index, "--copies")
        (quote,) = [record for record in every if record["quoted_in"]]
        (email,) = [record for record in every if record["source"] == "holder.eml"]
        # one moment: whole quarter hours apart, but for the minute a quote rounds its
        # message's seconds to (28:30 apart is 30 minutes, rounded)
        off = abs(apart + timedelta(seconds=seconds)) % timedelta(minutes=15)
        rounded = min(off, timedelta(minutes=15) - off) <= timedelta(seconds=90)
        moment = not another and abs(apart) <= timedelta(hours=26) and rounded
        assert quote["copy_of"] == (email["id"] if moment else None), (another, apart)
        shown = {record["id"] for record in units(corpus, index)}
        assert (quote["id"] in shown) is not moment
