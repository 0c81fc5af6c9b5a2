"""Maildir++ (Dovecot's and Courier's layout): the dot-folders `.Sent/` and `.Archive.2019/`
are folders of the store, read like its inbox, their names kept in the messages' source;
mail clients' and servers' sidecar files are skipped by name.

The tree is built as Dovecot's documentation describes Maildir++ (mailbox format Maildir:
`cur/`, `new/`, `tmp/` in each folder, sub-folders as `.Name` with `.` as hierarchy
separator, a `maildirfolder` marker file, `dovecot.index*`, `dovecot-uidlist`,
`dovecot-keywords`, `subscriptions` beside them) and Thunderbird's `.msf` summaries.
"""

from __future__ import annotations

from pathlib import Path

from searchkit import Archive
from searchkit.corpus import corpus_files, iter_corpus


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
