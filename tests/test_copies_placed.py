"""One message in several places: filed in several folders of a mail store (Gmail's All Mail
and a label's folder, Thunderbird's Inbox and the folder it was moved to) or posted to two
lists, each list adding its own footer. It is indexed once, its later copies hidden, and:

* it is found by each place it stands in (`folder:`, `source:`), as notmuch's `folder:`
  finds a message by any of its files, and counted once;
* it is one hit of any query, a phrase or a wildcard too (Whoosh's time-limited collector
  let the hidden copies through, where their text differed from the first copy's).

The stores are generated: messages filed in any set of folders, copies with or without a
footer of their own, on both engines.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit import Archive

FOLDERS = ("Archive", "Sent", "Work", "Work.2019")


def message(number: int, footer: str) -> str:
    return (
        f"From: Ann <ann@x.test>\nTo: Bob <bob@x.test>\n"
        f"Date: Tue, {number % 28 + 1} Apr 2024 09:00:00 +0000\nSubject: Memo {number}\n"
        f"Message-ID: <memo{number}@x.test>\n\nMemo{number} body of the memo.\n{footer}"
    )


#: Each message: the folders it is filed in, and whether each copy adds a footer of its own.
_FILED = st.lists(
    st.tuples(
        st.lists(st.sampled_from(FOLDERS), min_size=1, max_size=3, unique=True), st.booleans()
    ),
    min_size=1,
    max_size=6,
)


def store(root: Path, filed: list[tuple[list[str], bool]]) -> None:
    for folder in FOLDERS:
        for part in ("cur", "new", "tmp"):
            (root / "Mail" / f".{folder}" / part).mkdir(parents=True)
    for number, (folders, footers) in enumerate(filed):
        for folder in folders:
            footer = f"Filed in {folder}.\n" if footers else ""
            name = f"{number}.host:2,S"
            (root / "Mail" / f".{folder}" / "cur" / name).write_text(message(number, footer))


def folder_names(folder: str) -> set[str]:
    """What `folder:` finds of a Maildir++ folder: itself and those around it
    (`.Work.2019` is Work/2019, found by `folder:Work` too)."""
    parts = folder.split(".")
    return {"/".join(parts[: end + 1]) for end in range(len(parts))}


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(filed=_FILED)
def test_a_message_is_found_once_by_each_place_it_stands_in(installed_engine, filed):
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        store(corpus, filed)
        with Archive(corpus, Path(folder) / "index", engine=installed_engine) as archive:

            def found(query: str) -> list[str]:
                results = archive.search(query, limit=None)
                assert results.total == len(results.hits), query
                return [hit.subject for hit in results]

            every = sorted(f"Memo {number}" for number in range(len(filed)))
            assert sorted(found("memo")) == every
            # open-ended queries (a phrase, a wildcard) too: never a hidden copy
            assert sorted(found("memo*")) == every
            assert sorted(found('"body of the memo"')) == every
            for place in ("Archive", "Sent", "Work", "Work/2019"):
                holding = sorted(
                    f"Memo {number}"
                    for number, (folders, _) in enumerate(filed)
                    if any(place in folder_names(name) for name in folders)
                )
                assert sorted(found(f"folder:{place}")) == holding, place
                assert sorted(found(f'folder:"{place}" memo')) == holding, place
                if "/" not in place:
                    by_file = f"source:Mail/.{place}/cur/*"
                    exactly = sorted(
                        f"Memo {number}"
                        for number, (folders, _) in enumerate(filed)
                        if place in folders
                    )
                    assert sorted(found(by_file)) == exactly, by_file
                    others = sorted(set(every) - set(holding))
                    assert sorted(found(f"memo -folder:{place}")) == others, place


def digest(numbers: list[int]) -> bytes:
    """A MIME digest (RFC 2046's multipart/digest) carrying those messages."""
    from email.message import EmailMessage
    from email.parser import Parser

    mail = EmailMessage()
    mail["From"] = "list-request@x.test"
    mail["Subject"] = "Memos digest"
    mail["Date"] = "Wed, 1 May 2024 00:00:00 +0000"
    mail["Message-ID"] = "<digest@x.test>"
    mail.make_mixed()
    mail.set_type("multipart/digest")
    for number in numbers:
        mail.attach(_rfc822(Parser().parsestr(message(number, ""))))
    return mail.as_bytes()


def _rfc822(inner):
    from email.message import EmailMessage

    part = EmailMessage()
    part.set_content(inner)
    return part


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    numbers=st.lists(st.integers(0, 20), min_size=1, max_size=5, unique=True),
    also_alone=st.data(),
)
def test_a_message_a_digest_carries_and_a_file_holds_is_one_message(
    installed_engine, numbers, also_alone
):
    """A list's digest carries messages its archive holds too (same Message-ID): each is
    one message, counted and found once, its other place a copy (`units --copies`)."""
    alone = also_alone.draw(st.lists(st.sampled_from(numbers), unique=True))
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        (corpus / "digest.eml").write_bytes(digest(numbers))
        for number in alone:
            (corpus / f"memo{number}.eml").write_text(message(number, ""))
        with Archive(corpus, Path(folder) / "index", engine=installed_engine) as archive:
            results = archive.search('"body of the memo"', limit=None)
            subjects = sorted(hit.subject for hit in results)
            assert subjects == sorted(f"Memo {number}" for number in numbers)
            assert results.total == len(numbers)
            read = [(unit, copy) for unit, copy in archive.read_units() if unit.message_id]
        copies = [unit.message_id for unit, copy in read if copy]
        assert sorted(copies) == sorted(f"<memo{number}@x.test>" for number in alone)
