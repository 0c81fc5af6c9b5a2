"""A subject names its thread in any script: `Re: Тема` is the thread of `Тема`, `Reunión` of
`Reunion`. The thread's name was the subject's ASCII letters only, so a Russian, Greek or
Chinese subject named no thread and its replies stood alone."""

from __future__ import annotations

import json
import unicodedata

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit.cli import main
from searchkit.units import subject_thread

#: Words of several scripts, some with accents a reader may type or not.
WORDS = st.sampled_from(
    [
        "Тема",
        "письма",
        "Ελλάδα",
        "会议纪要",
        "ガイド",
        "Reunión",
        "Göteborg",
        "naïve",
        "budget",
        "2019",
    ]
)
PREFIXES = st.sampled_from(["", "Re: ", "RE: ", "Fwd: ", "AW: ", "Re: Re: ", "[list] Re: "])


def unaccented(text: str) -> str:
    """The words as a reader without accents on the keyboard types them (Latin letters only:
    a kana's voicing mark is part of the letter)."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = [c for c in decomposed if not (unicodedata.combining(c) and c < "\u0530")]
    return unicodedata.normalize("NFC", "".join(kept))


@settings(max_examples=200)
@given(words=st.lists(WORDS, min_size=1, max_size=4), prefix=PREFIXES)
def test_a_subject_in_any_script_names_its_thread(words, prefix):
    subject = " ".join(words)
    thread = subject_thread(subject)
    assert thread, subject
    assert subject_thread(prefix + subject) == thread
    assert subject_thread(unaccented(subject)) == thread
    assert subject_thread(subject.upper()) == thread


def test_replies_with_a_subject_in_another_script_share_its_thread(tmp_path):
    """A thread pasted as text: its messages' thread is their subject's."""
    subject = "Тема письма"
    blocks = [
        f"From: Анна Петрова\nSent: Tuesday, April {day}, 2024 9:00 AM\nTo: Bob Lee\n"
        f"Subject: {written}\n\nТекст {day}.\n"
        for day, written in ((3, f"AW: Re: {subject}"), (2, f"Re: {subject}"), (1, subject))
    ]
    (tmp_path / "thread.txt").write_text("\n".join(blocks))
    found = CliRunner().invoke(main, ["units", "--corpus", str(tmp_path), "--kind", "email"])
    units = [json.loads(line) for line in found.stdout.splitlines()]
    assert [unit["subject"] for unit in units] == [
        f"AW: Re: {subject}",
        f"Re: {subject}",
        subject,
    ]
    assert {unit["thread"] for unit in units} == {"тема-письма"}
