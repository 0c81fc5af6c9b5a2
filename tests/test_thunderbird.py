"""Thunderbird's folders: each an mbox named after it (`Local Folders/Inbox`, no extension),
its subfolders' mbox files in a folder beside it named with `.sbd` added (`Inbox.sbd/Projekte`
is Inbox/Projekte); the messages' folder is that path of names, which `folder:` searches as
it searches a Maildir++ folder's. An mbox with no `.sbd` around it nor beside it has none.

The profile is built as Thunderbird writes one (mozillaZine's "Profile folder - Thunderbird":
an mbox and its `.msf` summary per folder, `.sbd` folders for subfolders; each message after a
`From - <date>` line, with `X-Mozilla-Status` headers).
"""

from __future__ import annotations

import shutil
from functools import partial
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit import Archive
from searchkit.corpus import _sidecar, corpus_files, iter_corpus, read_units, subfolders_listed
from searchkit.folders import subfolders_owner, thunderbird_folder
from searchkit.present import inspection_text, unit_text
from searchkit.readers import format_of

from .test_maildir import _key

#: A Mork summary as Thunderbird writes one beside each mbox: no mail, nobody's words.
MORK = (
    '// <!-- <mdb:mork:z v="1.4"/> -->\n< <(a=c)> // (f=iso-8859-1)\n'
    "  (B8=flags)(B9=priority)(BA=label)(BB=statusOfset)(BC=numLines)>\n"
    "<(80=0)(81=Hans M$C3$BCller <hans@example.de>)(82=Angebot f$C3$BCr M$C3$A4rz)>\n"
    "{1:^80 {(k^BE:c)(s=9)} [1(^81^82)(^82^81)]}\n"
)


def message(word: str, subject: str = "Notiz") -> str:
    """One message of a Thunderbird mbox: its `From - ` line, Mozilla's status headers, and a
    text whose second word tells it from the others."""
    return (
        "From - Thu Mar 14 09:29:00 2024\n"
        "X-Mozilla-Status: 0001\nX-Mozilla-Status2: 00000000\nX-Mozilla-Keys:\n"
        f"From: Hans Müller <hans@example.de>\nTo: Anna Schmidt <anna@example.de>\n"
        f"Date: Thu, 14 Mar 2024 09:29:00 +0100\nSubject: {subject}\n"
        f"Message-ID: <{word}@example.de>\n\nThe {word} is in this folder.\n\n"
    )


def build_profile(root: Path) -> Path:
    """A profile's `Mail/` and `ImapMail/`: Local Folders with an Inbox holding Projekte
    (holding 2024), a Sent and an empty Trash with no subfolders; an IMAP account's INBOX
    holding Entwürfe and `Kunden v2.1`; summaries and Thunderbird's other files beside them."""
    local = root / "Mail" / "Local Folders"
    files = {
        "Inbox": message("aardvark") + message("bison"),
        "Inbox.sbd/Projekte": message("caribou", "Angebot für März"),
        "Inbox.sbd/Projekte.sbd/2024": message("dingo"),
        "Sent": message("emu"),
        "Trash": "",
    }
    for name, mbox in files.items():
        (local / name).parent.mkdir(parents=True, exist_ok=True)
        (local / name).write_text(mbox)
        (local / f"{name}.msf").write_text(MORK)
    (local / "msgFilterRules.dat").write_text('version="9"\nlogging="no"\n')
    (local / "popstate.dat").write_text("# POP3 State File\n")
    imap = root / "ImapMail" / "imap.example.de"
    (imap / "INBOX.sbd").mkdir(parents=True)
    (imap / "INBOX").write_text(message("ferret"))
    (imap / "INBOX.sbd" / "Entwürfe").write_text(message("gecko"))
    (imap / "INBOX.sbd" / "Kunden v2.1").write_text(message("heron"))
    for name in ("INBOX", "INBOX.sbd/Entwürfe", "INBOX.sbd/Kunden v2.1"):
        (imap / f"{name}.msf").write_text(MORK)
    return root


#: Each message's folder in the profile: Sent has no subfolders, so no folder is shown for it.
FILED = {
    "aardvark": "Inbox",
    "bison": "Inbox",
    "caribou": "Inbox/Projekte",
    "dingo": "Inbox/Projekte/2024",
    "emu": None,
    "ferret": "INBOX",
    "gecko": "INBOX/Entwürfe",
    "heron": "INBOX/Kunden v2.1",
}


def test_a_profile_s_messages_know_their_folders_and_no_summary_is_read(tmp_path):
    corpus = build_profile(tmp_path / "profile")
    assert [source for _, source in corpus_files(corpus)] == [
        "ImapMail/imap.example.de/INBOX",
        "ImapMail/imap.example.de/INBOX.sbd/Entwürfe",
        "ImapMail/imap.example.de/INBOX.sbd/Kunden v2.1",
        "Mail/Local Folders/Inbox",
        "Mail/Local Folders/Inbox.sbd/Projekte",
        "Mail/Local Folders/Inbox.sbd/Projekte.sbd/2024",
        "Mail/Local Folders/Sent",
        "Mail/Local Folders/Trash",
    ]
    results = list(iter_corpus(corpus))
    assert all(result.problems == () for result in results)
    units = [unit for result in results for unit in result.units]
    assert {unit.text.split()[1]: unit.folder for unit in units} == FILED
    assert len(units) == len(FILED) and {unit.kind for unit in units} == {"email"}
    (caribou,) = [unit for unit in units if "caribou" in unit.text]
    assert (caribou.sender, caribou.to, caribou.subject) == (
        "Hans Müller",
        ("Anna Schmidt",),
        "Angebot für März",
    )


def test_folder_finds_a_profile_s_folders_and_the_folders_inside_them(tmp_path, installed_engine):
    corpus = build_profile(tmp_path / "profile")
    with Archive(corpus, tmp_path / "index", engine=installed_engine) as archive:

        def found(query: str, **filters: str) -> set[str]:
            return {hit.text.split()[1] for hit in archive.search(query, limit=None, **filters)}

        # in any case: the local Inbox and the IMAP INBOX, and the folders inside each
        assert found("folder:inbox") == set(FILED) - {"emu"}
        assert found("folder:Inbox/Projekte") == {"caribou", "dingo"}
        assert found('folder:"inbox/projekte/2024"') == {"dingo"}
        assert found("folder:INBOX/entwurfe") == {"gecko"}
        assert found('folder:"INBOX/Kunden v2.1"') == {"heron"}
        assert found("folder:Sent") == set()  # no subfolders: no folder is known
        assert found("", folder="inbox/projekte") == {"caribou", "dingo"}
        (hit,) = archive.search("dingo").hits
        unit = archive.unit(hit.id)
        assert "\nFolder: Inbox/Projekte/2024\n" in unit_text(unit)
        assert unit.to_dict()["folder"] == "Inbox/Projekte/2024"


def test_inspect_names_a_thunderbird_message_s_folder(tmp_path):
    corpus = build_profile(tmp_path / "profile")
    source = "Mail/Local Folders/Inbox.sbd/Projekte"
    (unit,) = read_units(corpus / source, source).units
    assert inspection_text(source, "mbox", [unit], []).endswith(
        "Hans Müller → Anna Schmidt  Angebot für März  in Inbox/Projekte"
    )


def test_a_summary_is_never_mail_nor_text(tmp_path):
    """Thunderbird's `.msf` summary is left out of the corpus by its name; read by content
    (`searchkit inspect` of one, one renamed) it is still no message and no paragraph."""
    summary = tmp_path / "Inbox.msf"
    summary.write_text(MORK)
    renamed = tmp_path / "Inbox summary"
    renamed.write_text(MORK)
    for path in (summary, renamed):
        found = read_units(path, path.name)
        assert list(found.units) == [] and found.problems == ()
        assert format_of(path) == "mork summary"


def test_a_folder_comes_only_from_a_thunderbird_layout(tmp_path):
    (tmp_path / "Inbox.sbd").mkdir()
    (tmp_path / "Inbox.sbd" / "Projekte.sbd").mkdir()
    (tmp_path / "Inbox.sbd" / "Projekte").write_text("")
    (tmp_path / "Sent.sbd").symlink_to(tmp_path / "Inbox.sbd")
    (tmp_path / "Drafts.sbd" / "x").mkdir(parents=True)  # left empty: no subfolder's file
    (tmp_path / "Drafts.sbd" / "x" / "y").write_text("")
    (tmp_path / "Trash.sbd").mkdir()
    (tmp_path / "Trash.sbd" / "Old.msf").write_text("")  # Thunderbird's own file: not listed

    def folder(source: str) -> str | None:
        listed = partial(subfolders_listed, corpus=tmp_path)
        return thunderbird_folder(tmp_path / source, source, listed)

    assert folder("Inbox") == "Inbox"  # its subfolders beside it
    assert folder("Drafts") is None  # a file in Drafts.sbd/x/ is no subfolder's
    assert folder("Trash") is None
    assert folder("Inbox.sbd/Projekte") == "Inbox/Projekte"
    assert folder("Inbox.sbd/Projekte.sbd/2024") == "Inbox/Projekte/2024"
    assert folder("a/b/Inbox.sbd/Projekte") == "Inbox/Projekte"  # an account's folder above
    assert folder("Archive") is None  # an mbox of any origin
    assert folder("Sent") is None  # a link to a folder is never followed
    assert folder(".sbd/Projekte") is None  # no name: no folder around it
    assert folder("Inbox.sbd/x/Projekte") is None  # not directly in an .sbd folder
    assert folder("Inbox.sbd/Projekte/cur/1.eml") is None
    # which file's folder another file's coming or going may change
    assert subfolders_owner("a/Inbox.sbd/Projekte.sbd/2024") == "a/Inbox"
    assert subfolders_owner("a/Inbox.sbd/Projekte") == "a/Inbox"
    assert subfolders_owner("a/Inbox") is None
    assert subfolders_owner("Inbox.sbd/x/Projekte") is None


# -- any hierarchy --------------------------------------------------------------------------


def _thunderbird_writes(name: str) -> bool:
    """A name Thunderbird writes to disk as it is: never `.` first nor `.`, `~` or a space
    last (those it hashes, as it hashes `/\\:*?"<>|;#`), never a summary's or an `.sbd`'s,
    and none of the files it keeps beside its folders."""
    return (
        name == name.strip()
        and not name.startswith((".", "#"))
        and not name.endswith((".", "~", ".sbd", ".msf"))
        and not _sidecar(name, maildir=True)
    )


#: Names as a user gives folders: letters of any script, digits, spaces, dots inside (`v2.1`)
#: and other punctuation Thunderbird keeps in a file name.
_NAME = st.text(
    st.characters(categories=("L", "N")) | st.sampled_from(" .&-_'+,!()"),
    min_size=1,
    max_size=10,
).filter(_thunderbird_writes)
#: A hierarchy: folders as paths of names, up to four deep (each folder above one is there
#: too); whether each folder's mbox holds a message.
_HIERARCHY = st.lists(
    st.lists(_NAME, min_size=1, max_size=4).map(tuple), min_size=1, max_size=6, unique=True
)


def _folders(paths: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Every folder of the hierarchy: the paths and every folder above one of them."""
    return sorted({path[:depth] for path in paths for depth in range(1, len(path) + 1)})


def _written_folder(path: tuple[str, ...], folders: list[tuple[str, ...]]) -> str | None:
    """The folder a message filed in `path` is given: the path, but for a top folder with no
    subfolders (an mbox of any origin, as far as its place shows)."""
    has_subfolders = any(other[: len(path)] == path != other for other in folders)
    return "/".join(path) if len(path) > 1 or has_subfolders else None


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(paths=_HIERARCHY, empty=st.sets(st.integers(0, 30)))
def test_every_message_of_any_hierarchy_knows_its_folder_and_folder_finds_it(
    tmp_path, installed_engine, paths, empty
):
    root = tmp_path / "example"
    shutil.rmtree(root, ignore_errors=True)
    account = root / "corpus" / "Mail" / "Local Folders"
    account.mkdir(parents=True)
    folders = _folders(paths)
    filed = {}
    for number, path in enumerate(folders):
        mbox = account.joinpath(*(f"{name}.sbd" for name in path[:-1]), path[-1])
        mbox.parent.mkdir(parents=True, exist_ok=True)
        word = f"word{number}"
        mbox.write_text("" if number in empty else message(word))  # a folder with no mail
        (mbox.parent / f"{path[-1]}.msf").write_text(MORK)
        if number not in empty:
            filed[word] = _written_folder(path, folders)
    units = [unit for result in iter_corpus(root / "corpus") for unit in result.units]
    assert {unit.text.split()[1]: unit.folder for unit in units} == filed
    with Archive(root / "corpus", root / "index", engine=installed_engine) as archive:
        for asked in folders:
            found = archive.search(f'folder:"{"/".join(asked)}"', limit=None)
            inside = {
                word
                for word, folder in filed.items()
                if folder and _key(tuple(folder.split("/")))[: len(asked)] == _key(asked)
            }
            assert {hit.text.split()[1] for hit in found} == inside


def test_an_update_names_a_folder_when_its_subfolders_come_and_unnames_it_when_they_go(
    tmp_path, installed_engine
):
    """`Inbox` is folder Inbox while `Inbox.sbd/` beside it holds a subfolder's file: an
    update that adds or removes a subfolder reads Inbox again, unchanged though it is, as a
    rebuild would."""
    corpus = tmp_path / "profile"
    corpus.mkdir()
    (corpus / "Inbox").write_text(message("aardvark"))

    def inbox_folder() -> str | None:
        with Archive(corpus, tmp_path / "index", engine=installed_engine) as archive:
            archive.update()
            (hit,) = archive.search("aardvark").hits
            return archive.unit(hit.id).folder

    assert inbox_folder() is None
    (corpus / "Inbox.sbd").mkdir()
    (corpus / "Inbox.sbd" / "Projekte").write_text(message("bison"))
    assert inbox_folder() == "Inbox"
    (corpus / "Inbox.sbd" / "Projekte").unlink()
    # Inbox.sbd/ stays, empty, as Thunderbird may leave it: no evidence an update could see
    # come or go (a rebuild and an update would name Inbox apart), so no folder
    assert inbox_folder() is None
    (corpus / "Inbox.sbd" / "Projekte").write_text(message("bison"))
    assert inbox_folder() == "Inbox"
    shutil.rmtree(corpus / "Inbox.sbd")
    assert inbox_folder() is None
