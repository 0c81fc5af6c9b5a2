"""The corpus folder: its files in a stable order, and one file read all the way to units.

A corpus is untrusted input, so the walk never leaves it: a symbolic link is not followed
(one whose target lies inside the corpus is read there, once; one that leads outside, loops or
dangles is listed so that reading it says so, one line naming it), and nothing but regular
files is ever opened (a FIFO would block the index forever).
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .folders import SUBFOLDERS, store_folder, subfolders_owner
from .layouts import LAYOUT_FILE
from .people import ALIAS_FILE
from .readers.documents import PARTLY_RECOGNISED, UNRECOGNISED

if TYPE_CHECKING:
    from .layouts import Layout
    from .readers import Document, Problem
    from .units import Unit

#: A file that marks a folder as a searchkit index: a corpus walk never goes into one, so an
#: index kept inside its corpus (or inside another corpus) is never read as documents.
INDEX_MARKER = ".searchkit-index"


@dataclass(frozen=True)
class FileUnits:
    """A file read and split. For a large file, `units` is read and split as it is iterated
    (never held whole) and `problems` grows meanwhile: read them after the units."""

    source: str
    units: Iterable[Unit]
    problems: Sequence[Problem]
    size: int = 0
    mtime_ns: int = 0
    digest: str = ""
    consulted: tuple[str, ...] = ()  # other corpus files the reading looked at (Reading)


def file_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def entry_digest(path: str | os.PathLike[str]) -> str:
    """What a file's content hash is taken of: a regular file's bytes, a link's target (a
    link is never followed), nothing for anything else."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            return file_digest(os.fsencode(os.readlink(path)))
        if stat.S_ISREG(info.st_mode):
            return file_digest(Path(path).read_bytes())
    except OSError:
        pass
    return ""


def read_units(path: Path, source: str, layouts: Sequence[Layout] = ()) -> FileUnits:
    """Read and split one corpus file (`source` is its name inside the corpus) with the
    corpus's declared `layouts` that apply to it; problems are returned, never raised."""
    from .readers import Problem

    try:
        info = os.lstat(path)
        refusal = _refusal(path, source, info)
        if refusal:
            return FileUnits(
                source,
                (),
                (Problem(source, refusal),),
                info.st_size,
                info.st_mtime_ns,
                entry_digest(path),
            )
        from .readers import LARGE_FILE_BYTES, read_bytes, read_large

        folder = store_folder(path, source, partial(subfolders_listed, corpus=_root(path, source)))
        if info.st_size > LARGE_FILE_BYTES:
            documents, problems = read_large(path, source, info.st_size)
            streamed = _split(documents, source, problems, layouts, folder)
            digest = entry_digest(path)
            return FileUnits(source, streamed, problems, info.st_size, info.st_mtime_ns, digest)
        data = path.read_bytes()
    except OSError as error:
        return FileUnits(source, (), (Problem(source, f"cannot read: {_reason(error)}"),))
    reading = read_bytes(data, path, source)
    units = tuple(_split(reading.documents, source, reading.problems, layouts, folder))
    said = tuple(reading.problems)
    return FileUnits(
        source,
        units,
        said,
        info.st_size,
        info.st_mtime_ns,
        file_digest(data),
        tuple(reading.consulted),
    )


def _split(
    documents: Iterable[Document],
    source: str,
    problems: list[Problem],
    layouts: Sequence[Layout] = (),
    folder: str | None = None,
) -> Iterator[Unit]:
    """The units of the documents, each bounded in size and given the mail store `folder`
    the file stands in; what goes wrong joins `problems`."""
    layouts = [layout for layout in layouts if layout.applies_to(source)]
    from .readers import Problem
    from .split import bounded, missed_starts, split, unrecognised_mail  # lazily: a fresh
    from .written_dates import FileOrder  # index needs none of them

    ids_seen: dict[str, int] = {}  # shared, so the messages of one mbox never share an id
    order = FileOrder()  # and so a date valid one way only tells how the others are written
    try:
        for document in documents:
            try:
                units = split(document, ids_seen, layouts, order)
                if folder:
                    units = [replace(unit, folder=folder) for unit in units]
                if unrecognised_mail(document, units):
                    problems.append(Problem(source, _UNRECOGNISED))
                missed = missed_starts(document, units)
                if missed:
                    problems.append(Problem(source, _partly(missed)))
                yield from bounded(units, problems)
            except Exception as error:  # noqa: BLE001 - a splitter bug must not stop the corpus
                problems.append(Problem(source, f"could not split ({_error(error)})"))
    except OSError as error:  # a large file read as it is split
        problems.append(Problem(source, f"read only in part: {_reason(error)}"))
    except Exception as error:  # noqa: BLE001 - nor may a reader's
        problems.append(Problem(source, f"read only in part ({_error(error)})"))




def _partly(missed: list[int]) -> str:
    shown = "(`searchkit inspect` shows what was read)"
    if len(missed) == 1:
        line = missed[0]
        return (
            f"{PARTLY_RECOGNISED}: line {line} looks like a message's start but starts none {shown}"
        )
    return (
        f"{PARTLY_RECOGNISED}: {len(missed)} lines look like a message's start but start none"
        f" (the first at line {missed[0]}) {shown}"
    )


_UNRECOGNISED = f"{UNRECOGNISED} (`searchkit inspect` shows what was read)"


def _error(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


def _refusal(path: Path, source: str, info: os.stat_result) -> str | None:
    """Why this entry of the corpus is not read, if it is not a regular file."""
    if stat.S_ISREG(info.st_mode):
        return None
    if stat.S_ISLNK(info.st_mode):
        return _link_refusal(path, source)
    if stat.S_ISDIR(info.st_mode):
        try:
            os.scandir(path).close()
        except OSError as error:
            return f"folder cannot be read: {_reason(error)}"
        return "a folder, not a file"
    return "not a regular file (a device, FIFO or socket): skipped"


def _link_refusal(path: Path, source: str) -> str:
    target = os.readlink(path)
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == 40:  # ELOOP
            return f"symbolic link loop ({target}): skipped"
        return f"dangling symbolic link (to {target}): skipped"
    return f"symbolic link to {target}, outside the corpus: not followed"


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def iter_corpus(corpus: Path) -> Iterator[FileUnits]:
    """FileUnits for every file of the corpus, in a stable order (a bad searchkit.toml is
    a ConfigFileError, before any)."""
    from .layouts import load_layouts

    layouts = load_layouts(corpus)
    for path, source in corpus_files(corpus):
        yield read_units(path, source, layouts)


_SKIPPED_DIRS = {"tmp", "__pycache__", "node_modules"}
#: Files in the corpus folder that configure searchkit rather than hold correspondence.
CONFIG_FILES = {ALIAS_FILE, LAYOUT_FILE}


def corpus_files(corpus: Path) -> Iterator[tuple[Path, str]]:
    """Every file of the corpus with its source name (POSIX path relative to the corpus), sorted.

    Hidden files (but a maildir's Maildir++ folders, `.Sent/`), a maildir's `tmp/` (messages
    still being delivered), mail clients' sidecar files (Thunderbird's `.msf`, Dovecot's
    indexes), searchkit's own index folders and the `Page_files/` folder a browser saves
    beside `Page.html` are left out; so
    are links whose target lies inside the corpus (it is read where it stands). Links that
    leave the corpus, loop or dangle are listed, and reading them says why they are not read.
    """
    for entry, source in corpus_entries(corpus):
        yield Path(entry.path), source


def subfolders_listed(folder: Path, owner: str, *, corpus: Path) -> bool:
    """Does the corpus list a file of the Thunderbird subfolders in `folder` (the `.sbd`
    folder of the mbox file `owner`): one whose coming or going reads `owner` again? Only
    then is `owner` named after its folder, so that an update and a rebuild name it alike
    (an empty `Inbox.sbd/` left behind is no evidence an update would see come or go)."""
    found = _entries(folder, owner + SUBFOLDERS + "/", os.path.realpath(corpus))
    return any(subfolders_owner(source) == owner for _, source in found)


def _root(path: Path, source: str) -> Path:
    """The corpus folder a file at `path`, named `source` in it, stands in."""
    return path.parents[source.count("/")]


def corpus_entries(corpus: Path) -> Iterator[tuple[os.DirEntry, str]]:
    """The same as corpus_files(), as directory entries: the cheap form for a freshness check
    that stats every file (pathlib objects cost more than the stat calls themselves)."""
    yield from _entries(corpus, "", os.path.realpath(corpus))


def _entries(folder: str | os.PathLike[str], prefix: str, root: str) -> Iterator:
    try:
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda entry: entry.name)
    except OSError:
        if not prefix:
            raise  # the corpus itself: the caller says so
        return  # listed by its parent as a folder that cannot be read (see _refusal)
    names = {entry.name for entry in entries}
    maildir = "cur" in names or "new" in names
    for entry in entries:
        name = entry.name
        if name.startswith(".") and not _maildir_folder(entry):
            continue
        if _companion(name, names) or _sidecar(name, maildir):
            continue
        if entry.is_symlink():
            if not _inside(entry.path, root):
                yield entry, prefix + name
        elif entry.is_dir(follow_symlinks=False):
            if name in _SKIPPED_DIRS or os.path.exists(os.path.join(entry.path, INDEX_MARKER)):
                continue
            if os.access(entry.path, os.R_OK | os.X_OK):
                yield from _entries(entry.path, f"{prefix}{name}/", root)
            else:
                yield entry, prefix + name
        elif not (name in CONFIG_FILES and not prefix):
            yield entry, prefix + name


def _maildir_folder(entry: os.DirEntry) -> bool:
    """Is this hidden entry a Maildir++ folder (Dovecot's and Courier's `.Sent/`,
    `.Archive.2019/`: a maildir of its own, with `cur/` or `new/`)? Its messages are the
    store's as much as the inbox's, and its name stays in their source. Its store's own
    `cur/` and `new/` may be missing, as in a copy of a few folders."""
    if not entry.is_dir(follow_symlinks=False):
        return False
    return any(os.path.isdir(os.path.join(entry.path, sub)) for sub in ("cur", "new"))


#: What mail clients and servers keep beside the mail: Dovecot's and Courier's indexes,
#: lists and quotas in a maildir. Nobody's words, and read as text they made paragraphs.
_MAILDIR_SIDECARS = {
    "maildirfolder",
    "maildirsize",
    "subscriptions",
    "courierimapuiddb",
    "courierimapsubscribed",
    "courierimapacl",
    "courierimapkeywords",
}


#: Mail clients' own files beside the mail, wherever they stand: Thunderbird's (its POP
#: state, filter rules and logs, folder cache) and Apple Mail's (a mailbox's property list).
_CLIENT_SIDECARS = {
    "popstate.dat",
    "msgFilterRules.dat",
    "filterlog.html",
    "junklog.html",
    "virtualFolders.dat",
    "folderCache.json",
    "folderTree.json",
    "panacea.dat",
    "Info.plist",
}


def _sidecar(name: str, maildir: bool) -> bool:
    """A mail client's or server's own file: Thunderbird's `.msf` summary (beside each mbox
    folder) and the others of _CLIENT_SIDECARS, or in a maildir Dovecot's `dovecot.index*`,
    `dovecot-uidlist` and the like."""
    if name.endswith(".msf") or name in _CLIENT_SIDECARS:
        return True
    return maildir and (name in _MAILDIR_SIDECARS or name.startswith(("dovecot.", "dovecot-")))


def _companion(name: str, names: set[str]) -> bool:
    """Is this the folder a browser saved beside a page (`Page_files/` by `Page.html`): its
    scripts, stylesheets and images, never documents?"""
    stem, marker, rest = name.rpartition("_files")
    return (
        bool(marker)
        and not rest
        and any(f"{stem}{suffix}" in names for suffix in (".html", ".htm", ".xhtml"))
    )


def _inside(link: str, root: str) -> bool:
    """Does this link lead to something that exists inside the corpus?"""
    target = os.path.realpath(link)
    return os.path.exists(target) and os.path.commonpath([root, target]) == root
