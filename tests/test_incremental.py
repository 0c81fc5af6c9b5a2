"""An incremental update gives exactly the index a rebuild gives, whatever files came, changed
and went: which copy of a message is the first, and which quotes stand in the corpus already,
are decided as a rebuild decides them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from searchkit.engines import engine
from searchkit.indexing import update
from searchkit.manifest import live_generation, load_head, load_manifest

from .conftest import (
    hypermail_page,
    installed_engines,
    needs_testdata,
    pipermail_page,
    pipermail_thread_index,
)

ORIGINAL = (
    "We should fund the robotics team through the winter and hire two more people for the"
    " simulator work before the spring review"
)


def mail(message_id: str, subject: str, body: str, extra: str = "") -> str:
    return (
        f"From: Ada <ada@x.org>\nTo: Bob <bob@x.org>\nDate: Mon, 1 Mar 2021 10:00:00 +0000\n"
        f"Subject: {subject}\nMessage-ID: {message_id}\n{extra}\n{body}\n"
    )


def reply(variant: int) -> str:
    quoted = "\n".join(f"> {line}" for line in ORIGINAL.split(" and "))
    return mail(
        f"<reply{variant}@x>",
        "Re: Plans",
        f"Agreed, number {variant}.\n\nOn Mon, 1 Mar 2021 at 10:00, Ada <ada@x.org> wrote:\n{quoted}",
        "In-Reply-To: <plans@x>\nReferences: <plans@x>\n",
    )


def page(variant: int) -> str:
    return (
        f"# Notes {variant}\n\nFrom: Bob <bob@x.org>\nDate: March 2, 2021\nTo: Ada\nSubject: Re: Plans\n\n"
        f"Fine by me ({variant}).\n\nOn Mar 1, 2021, at 10:00 AM, Ada <ada@x.org> wrote:\n\n{ORIGINAL}\n"
    )


def thread_index(variant: int) -> str:
    """Pipermail's thread.html for two pages: both roots, or the second answering the first."""
    if variant == 0:
        return pipermail_thread_index(("000001.html", "1.1-"), ("000002.html", "2.2-"))
    return pipermail_thread_index(("000001.html", "1.1-"), ("000002.html", "1.1-2.2-"))


#: Files a corpus may hold, each in a few versions: copies of one message in three places
#: (one in a folder, to sort `sub/…` against `sub-…`), replies and a page quoting it; list
#: archives whose threads come from other files (a parent's page, the month's thread.html);
#: a Thunderbird mbox, its folder named only while its subfolders' `.sbd` is beside it.
FILES = {
    "plans.eml": lambda v: mail("<plans@x>", "Plans", ORIGINAL + (f" (draft {v})" if v else "")),
    "sub/plans.eml": lambda v: mail("<plans@x>", "Plans", ORIGINAL + (f" (copy {v})" if v else "")),
    "sub-plans.eml": lambda v: mail("<plans@x>", "Plans", ORIGINAL),
    "reply.eml": reply,
    "page.md": page,
    "other.eml": lambda v: mail(f"<other{v}@x>", "Lunch", f"Lunch at noon, take {v}."),
    # version 2 of the root answers a message from outside: the thread of all three moves
    "list/03/1.html": lambda v: hypermail_page("root@x", *(("older@x",) if v == 2 else ())),
    "list/03/2.html": lambda v: hypermail_page("reply@x", "root@x", "1.html"),
    "list/04/1.html": lambda v: hypermail_page("deeper@x", "reply@x", "../03/2.html"),
    "pm/08/thread.html": thread_index,
    "pm/08/000001.html": lambda v: pipermail_page("first@x", "Plans"),
    "pm/08/000002.html": lambda v: pipermail_page(f"second{v}@x", "Re: Plans"),
    # Thunderbird's folders: Inbox is folder Inbox only while Inbox.sbd/ holds its subfolders
    "tb/Inbox": lambda v: "From - Mon Mar  1 10:00:00 2021\n" + mail(f"<tb{v}@x>", "Tb", "Inbox."),
    "tb/Inbox.sbd/Projekte": lambda v: (
        "From - Mon Mar  1 10:00:00 2021\n" + mail(f"<tbp{v}@x>", "Tb", "Projekte.")
    ),
    # the pipermail page's message as the list's mbox holds it: a copy in another format
    "mbox/08.mbox": lambda v: (
        "From ada@x.org Mon Mar  1 10:00:00 2021\n"
        + mail("<first@x>", "Plans", "Text of first@x." + (f" ({v})" if v else ""))
    ),
}

#: (a file's name, a version to write or None to delete it), or (name, "->", another name):
#: a rename, which moves the file into another folder when the names' folders differ
operation = st.one_of(
    st.tuples(st.sampled_from(sorted(FILES)), st.sampled_from([None, 0, 1, 2])),
    st.tuples(st.sampled_from(sorted(FILES)), st.just("->"), st.sampled_from(sorted(FILES))),
)


def apply(corpus: Path, step: tuple) -> None:
    path = corpus / step[0]
    if len(step) == 3:  # a rename, over the other file if it is there
        if path.exists():
            (corpus / step[2]).parent.mkdir(parents=True, exist_ok=True)
            path.rename(corpus / step[2])
    elif step[1] is None:
        path.unlink(missing_ok=True)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(FILES[step[0]](step[1]))


def snapshot(index: Path) -> dict[str, tuple[dict, bool]]:
    """Every unit of every file the index holds, copies and echoes included, each with
    whether a search can find it: read through the engine's own Reader."""
    head = load_head(index)
    assert head is not None
    found: dict[str, tuple[dict, bool]] = {}
    with engine(head.engine).open_reader(live_generation(index)) as reader:
        for source in load_manifest(index).files:
            for unit in reader.units("source", source, echoes=True):
                assert unit.id not in found  # no id twice
                found[unit.id] = (unit.to_dict(), reader.visible(unit.id) is not None)
    return found


@pytest.mark.parametrize("name", installed_engines())
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.lists(operation, min_size=1, max_size=4), min_size=1, max_size=6))
# a subfolder's file come and gone between two updates leaves an empty Inbox.sbd/ behind
@example(steps=[[("tb/Inbox", 0)], [("tb/Inbox.sbd/Projekte", 0), ("tb/Inbox.sbd/Projekte", None)]])
def test_incremental_updates_give_what_a_rebuild_gives(tmp_path_factory, name, steps):
    root = tmp_path_factory.mktemp("corpus")
    corpus, index, fresh = root / "corpus", root / "index", root / "fresh"
    corpus.mkdir()
    update(corpus, index, engine=name)
    for batch in steps:
        for step in batch:
            apply(corpus, step)
        update(corpus, index, engine=name)
    update(corpus, fresh, rebuild=True, engine=name)
    assert snapshot(index) == snapshot(fresh)
    shutil.rmtree(root)


def test_a_copy_of_a_page_that_quotes_hides_its_quote_as_a_rebuild_does(tmp_path):
    """A pipermail page copied into another folder: the copy's quote is a copy too, in a
    rebuild (whose shards find copies among their own files) as in an update (#27)."""
    months = needs_testdata("pipermail-html")
    corpus, index, fresh = tmp_path / "corpus", tmp_path / "index", tmp_path / "fresh"
    shutil.copytree(months, corpus / "pm")
    update(corpus, index)
    (corpus / "b").mkdir()
    shutil.copy(months / "2021-August" / "065700.html", corpus / "b" / "065700.html")
    update(corpus, index)
    update(corpus, fresh, rebuild=True)
    after = snapshot(index)
    assert after == snapshot(fresh)
    # hidden, with their text (an echo is kept without it): the copies
    copies = [record for record, visible in after.values() if not visible and record["text"]]
    assert {record["source"] for record in copies} == {"pm/2021-August/065700.html"}
    assert len(copies) == 2  # the message and the quote inside it


def test_an_update_reads_each_changed_file_once(tmp_path, monkeypatch):
    import searchkit.corpus

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("plans.eml", "reply1.eml", "notes.md"):
        (corpus / name).write_text(
            {"plans.eml": FILES["plans.eml"](0), "reply1.eml": reply(1), "notes.md": page(1)}[name],
            encoding="utf-8",
        )
    update(corpus, tmp_path / "index")
    (corpus / "reply1.eml").write_text(reply(2), encoding="utf-8")
    (corpus / "new.eml").write_text(mail("<new@x>", "New", "A new message."), encoding="utf-8")
    reads: list[str] = []
    read_units = searchkit.corpus.read_units

    def counted(path, source, layouts=()):
        reads.append(source)
        return read_units(path, source, layouts)

    monkeypatch.setattr(searchkit.corpus, "read_units", counted)
    report = update(corpus, tmp_path / "index")
    assert set(report.changed) == {"reply1.eml"} and set(report.added) == {"new.eml"}
    assert sorted(reads) == sorted({"new.eml", "reply1.eml", *report.related}), reads
