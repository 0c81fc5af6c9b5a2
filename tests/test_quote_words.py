"""No word of a body is lost to its quotes: a reply's own lines, a lone `>` line (a shell
prompt, an arrow, a one-line quote), `>` blocks and attributed quotes each land in some unit.
A lone `>` line above a `>` block was dropped from every unit: the block's cut took every `>`
line of the body out of the reply, and only those from the block on into the quote.

The bodies are generated: runs of the reply's lines, lone `>` lines, `>` blocks and
attributed `>` blocks in any order, each word numbered so that its loss shows."""

from __future__ import annotations

import itertools
import json
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit.cli import main
from searchkit.units import quoted_subject

PIECES = st.lists(
    st.sampled_from(["own", "lone", "block", "attributed", "blank"]), min_size=1, max_size=8
)


def body(pieces: list[str]) -> tuple[str, set[str]]:
    """The body the pieces make, and its numbered words."""
    numbers = itertools.count()
    words: set[str] = set()

    def word() -> str:
        made = f"w{next(numbers)}x"
        words.add(made)
        return made

    lines: list[str] = []
    for piece in pieces:
        if piece == "own":
            lines.append(f"{word()} {word()}")
        elif piece == "lone":
            lines.append(f"> {word()}")
        elif piece == "block":
            lines += [f"> {word()}", f"> {word()} {word()}"]
        elif piece == "attributed":
            lines += ["On Mon, Apr 1, 2024 at 9:00 AM Bob <bob@x.test> wrote:", f"> {word()}"]
            lines.append(f"> {word()}")
        else:
            lines.append("")
    return "\n".join(lines), words


@settings(max_examples=150, deadline=None)
@given(pieces=PIECES)
def test_every_word_of_a_body_lands_in_a_unit(pieces):
    text, words = body(pieces)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "1.eml").write_text(
            "From: Ann <ann@x.test>\nTo: Bob <bob@x.test>\nSubject: Re: Plan\n"
            "Date: Tue, 2 Apr 2024 09:00:00 +0000\nMessage-ID: <a@x.test>\n\n"
            f"Hi Bob,\n{text}\n"
        )
        found = CliRunner().invoke(main, ["units", "--corpus", folder])
    units = [json.loads(line) for line in found.stdout.splitlines()]
    held = {word for unit in units for word in unit["text"].split()}
    assert words <= held, sorted(words - held)


@settings(max_examples=60, deadline=None)
@given(prefixes=st.lists(st.sampled_from(["Re: ", "Fwd: ", "AW: ", "WG: "]), max_size=3))
def test_an_attribution_quoted_with_its_message_heads_it(prefixes):
    """Apple Mail quotes its `On …, … wrote:` with the message under it: the attribution
    heads that one message, whose subject is the reply's less one prefix (read as a quote of
    a quote, an empty shell took one prefix and the message another)."""
    subject = "".join(prefixes) + "Plan"
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "1.eml").write_text(
            f"From: Dana White <dana@x.test>\nTo: Carl Jones <carl@x.test>\nSubject: {subject}\n"
            "Date: Wed, 3 Apr 2024 18:02:00 +0200\nMessage-ID: <r@x.test>\n\nThanks, noted.\n\n"
            "> On 3 Apr 2024, at 10:15, Carl Jones <carl@x.test> wrote:\n> \n> See below.\n"
        )
        found = CliRunner().invoke(main, ["units", "--corpus", folder])
    reply, quote = [json.loads(line) for line in found.stdout.splitlines()]
    assert (quote["sender"], quote["sender_address"]) == ("Carl Jones", "carl@x.test")
    assert quote["date"] == "2024-04-03T10:15:00" and quote["text"] == "See below."
    assert quote["quoted_in"] == reply["id"] and quote["to"] == ["Dana White"]
    assert quote["subject"] == quoted_subject(subject)
    assert "subject:" in quote["inferred"] and "to:" in quote["inferred"]
