"""Maildir++ (Dovecot's and Courier's layout): the dot-folders `.Sent/` and `.Archive.2019/`
are folders of the store, read like its inbox, their names (decoded from IMAP's modified
UTF-7) the messages' folder, which `folder:` searches;
mail clients' and servers' sidecar files are skipped by name.

The tree is built as Dovecot's documentation describes Maildir++ (mailbox format Maildir:
`cur/`, `new/`, `tmp/` in each folder, sub-folders as `.Name` with `.` as hierarchy
separator, a `maildirfolder` marker file, `dovecot.index*`, `dovecot-uidlist`,
`dovecot-keywords`, `subscriptions` beside them) and Thunderbird's `.msf` summaries.
"""

from __future__ import annotations

import base64
import itertools
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit import Archive
from searchkit.analysis import fold_accents
from searchkit.corpus import corpus_files, iter_corpus, read_units
from searchkit.folders import mailbox_name, maildir_folder
from searchkit.present import inspection_text, unit_text


def mail(sender: str, subject: str, word: str) -> str:
    return (
        f"From: {sender} <{sender.lower()}@x.org>\nTo: Ann <ann@x.org>\n"
        f"Date: Mon, 1 Mar 2021 16:00:00 +0000\nSubject: {subject}\n"
        f"Message-ID: <{word}@x.org>\n\nThe {word} is in this folder.\n"
    )


def maildir(folder: Path) -> Path:
    for sub in ("cur", "new", "tmp"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    return folder


def build_store(root: Path) -> Path:
    store = maildir(root / "Maildir")
    (store / "cur" / "1614614400.M1P10.mail,S=200,W=210:2,S").write_text(
        mail("Bob", "Inbox", "aardvark")
    )
    (store / "new" / "1614614401.M2P11.mail,S=200,W=210").write_text(mail("Cy", "New", "bison"))
    (store / "tmp" / "1614614402.M3P12.mail").write_text(mail("Dee", "Half", "caribou"))
    sent = maildir(store / ".Sent")
    (sent / "maildirfolder").write_text("")
    (sent / "cur" / "1614614403.M4P13.mail,S=200,W=210:2,S").write_text(
        mail("Ann", "Sent", "dingo")
    )
    archive = maildir(store / ".Archive.2019")
    (archive / "maildirfolder").write_text("")
    (archive / "cur" / "1546300800.M5P14.mail:2,RS").write_text(mail("Ed", "Old", "emu"))
    for name in ("dovecot.index", "dovecot.index.log", "dovecot.index.cache"):
        (store / name).write_bytes(b"\x07\x02dovecot index words words\n" * 4)
    (store / "dovecot-uidlist").write_text("3 V1614614400 N4 Gguid\n1 :1614614400.M1P10.mail\n")
    (store / "dovecot-keywords").write_text("0 $Forwarded\n1 Junk\n")
    (store / "subscriptions").write_text("Sent\nArchive.2019\n")
    (sent / "dovecot-uidlist").write_text("3 V1614614403 N2\n")
    # a hidden folder that is no Maildir++ folder stays unread
    (store / ".git").mkdir()
    (store / ".git" / "config").write_text("[core]\n")
    # Thunderbird's summary beside its mbox folder
    thunderbird = root / "Thunderbird"
    thunderbird.mkdir()
    (thunderbird / "Inbox").write_text(
        "From a@x Mon Mar  1 16:00:00 2021\n" + mail("Flo", "Tb", "ferret")
    )
    (thunderbird / "Inbox.msf").write_text(
        '// <!-- <mdb:mork:z v="1.4"/> -->\n< <(a=c)> // (f=iso-8859-1)\n'
    )
    (thunderbird / "popstate.dat").write_text("# POP3 State File\n# Do not edit.\n")
    (thunderbird / "msgFilterRules.dat").write_text('version="9"\nname="Bills"\n')
    (thunderbird / "filterlog.html").write_text("<html><body>Detected junk</body></html>\n")
    return root


def test_every_maildir_plus_plus_folder_is_read_and_sidecars_are_not(tmp_path):
    corpus = build_store(tmp_path / "corpus")
    sources = [source for _, source in corpus_files(corpus)]
    assert sources == [
        "Maildir/.Archive.2019/cur/1546300800.M5P14.mail:2,RS",
        "Maildir/.Sent/cur/1614614403.M4P13.mail,S=200,W=210:2,S",
        "Maildir/cur/1614614400.M1P10.mail,S=200,W=210:2,S",
        "Maildir/new/1614614401.M2P11.mail,S=200,W=210",
        "Thunderbird/Inbox",
    ]
    results = list(iter_corpus(corpus))
    assert all(result.problems == () for result in results)
    units = [unit for result in results for unit in result.units]
    assert [unit.kind for unit in units] == ["email"] * 5 and not any(
        unit.kind == "paragraph" for unit in units
    )


def test_the_folder_name_is_searchable_in_the_source(tmp_path):
    corpus = build_store(tmp_path / "corpus")
    with Archive(corpus, tmp_path / "index") as archive:
        (hit,) = archive.search("dingo").hits
        assert hit.source.startswith("Maildir/.Sent/") and hit.sender == "Ann"
        sent = archive.search("source:Maildir/.Sent/*", limit=None)
        assert [hit.subject for hit in sent] == ["Sent"]
        archived = archive.search("source:Maildir/.Archive.2019/*", limit=None)
        assert [hit.subject for hit in archived] == ["Old"]
        assert [hit.subject for hit in archive.search("folder:Sent", limit=None)] == ["Sent"]
        assert [hit.subject for hit in archive.search("", folder="archive")] == ["Old"]
        unit = archive.unit(hit.id)
        assert "\nFolder: Sent\n" in unit_text(unit) and unit.to_dict()["folder"] == "Sent"


def test_inspect_names_each_messages_folder(tmp_path):
    corpus = build_store(tmp_path / "corpus")
    source = "Maildir/.Archive.2019/cur/1546300800.M5P14.mail:2,RS"
    (unit,) = read_units(corpus / source, source).units
    assert inspection_text(source, "email", [unit], []).endswith("Ed → Ann  Old  in Archive/2019")


# -- folders: what `folder:` finds ----------------------------------------------------------


def modified_utf7(name: str) -> str:
    """A mailbox name as RFC 3501 §5.1.3 writes it (and Dovecot on disk): printable ASCII as
    itself, `&` as `&-`, any other run as `&`, BASE64 of its UTF-16 with `,` for `/` and no
    padding, `-`."""
    written = []
    for printable, run in itertools.groupby(name, lambda char: " " <= char <= "~"):
        text = "".join(run)
        if printable:
            written.append(text.replace("&", "&-"))
        else:
            encoded = base64.b64encode(text.encode("utf-16-be")).decode("ascii")
            written.append("&" + encoded.rstrip("=").replace("/", ",") + "-")
    return "".join(written)


def test_modified_utf7_as_the_rfc_writes_it():
    assert mailbox_name("&U,BTFw-") == "台北" and mailbox_name("&ZeVnLIqe-") == "日本語"
    assert (
        mailbox_name("Entw&APw-rfe") == "Entwürfe" and modified_utf7("Entwürfe") == "Entw&APw-rfe"
    )
    assert mailbox_name("R&-D") == "R&D"
    # not modified UTF-7 (a folder made by hand): the name as written
    assert [mailbox_name(name) for name in ("R&D", "&AP", "&2D0-")] == ["R&D", "&AP", "&2D0-"]


def test_a_folder_comes_only_from_a_maildir_plus_plus_dot_folder():
    assert maildir_folder("Maildir/.Archive.2019/cur/1.mail") == "Archive/2019"
    assert maildir_folder("Maildir/.INBOX.sub/new/1.mail") == "INBOX/sub"
    assert maildir_folder("Maildir/cur/1.mail") is None  # the store's own: inbox or not?
    assert maildir_folder("Mail/Sent/cur/1.mail") is None  # a maildir of another layout
    assert maildir_folder("Maildir/.Sent/1.mail") is None  # not in cur/ nor new/
    assert maildir_folder("Maildir/..Sent/cur/1.mail") is None  # a level with no name


#: Names as a mail client lets a user type them: letters of any script, digits, spaces and
#: the punctuation a name holds (`&` too); never `.` (Maildir++'s separator) nor `/`.
_NAME = st.text(
    st.characters(categories=("L", "N")) | st.sampled_from(" &-_'#+,!"),
    min_size=1,
    max_size=10,
).filter(lambda name: name.strip() and name == name.strip())
_STORE = st.lists(
    st.lists(_NAME, min_size=1, max_size=3).map(tuple), min_size=1, max_size=6, unique=True
)


def _key(path: tuple[str, ...]) -> tuple[str, ...]:
    """A folder as `folder:` compares it: each name in lower case, accents folded."""
    return tuple(fold_accents(" ".join(name.split()).lower()) for name in path)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(folders=_STORE)
def test_every_message_knows_its_folder_and_folder_finds_exactly_those(
    tmp_path, installed_engine, folders
):
    root = tmp_path / "example"
    shutil.rmtree(root, ignore_errors=True)
    store = maildir(root / "corpus" / "Maildir")
    (store / "cur" / "0.mail").write_text(mail("Ann", "Inbox", "inbox0"))
    filed = {"inbox0": None}
    for number, path in enumerate(folders, start=1):
        folder = maildir(store / ("." + ".".join(map(modified_utf7, path))))
        word = f"word{number}"
        (folder / "new" / f"{number}.mail").write_text(mail("Bo", "/".join(path), word))
        filed[word] = "/".join(path)
    units = [unit for result in iter_corpus(root / "corpus") for unit in result.units]
    assert {unit.text.split()[1]: unit.folder for unit in units} == filed
    with Archive(root / "corpus", root / "index", engine=installed_engine) as archive:
        asked = {path[:depth] for path in folders for depth in range(1, len(path) + 1)}
        for folder_asked in asked:
            found = archive.search(f'folder:"{"/".join(folder_asked)}"', limit=None)
            depth = len(folder_asked)
            inside = {
                word
                for word, folder in filed.items()
                if folder and _key(tuple(folder.split("/")))[:depth] == _key(folder_asked)
            }
            assert {hit.text.split()[1] for hit in found} == inside
