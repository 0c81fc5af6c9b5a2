"""Mail store folders: the folder a message was filed in, as a path of names (`Sent`,
`Archive/2019`), and the Maildir++, Apple Mail or Thunderbird folder a corpus file stands in.

Maildir++ (Courier's layout, Dovecot's by default) keeps each folder of a store as a
dot-folder of its maildir, `.` separating the levels (`.Archive.2019/` is Archive/2019), the
names on disk in IMAP's modified UTF-7 (RFC 3501 §5.1.3: `.Entw&APw-rfe/` is Entwürfe).

Thunderbird keeps each folder as an mbox file named after it (`Local Folders/Inbox`, no
extension) and its subfolders' mbox files in a folder beside it, the name with `.sbd` added
(`Inbox.sbd/Projekte` is Inbox/Projekte, `Inbox.sbd/Projekte.sbd/2024` Inbox/Projekte/2024).
As for Maildir++, a folder is named only where the layout shows it, never guessed from a
name: a file in an `.sbd` folder is the folder it is named after, and so is a file with an
`.sbd` folder beside it (`Inbox` by `Inbox.sbd/`, the folder its subfolders are in: unlike a
Maildir++ store's own `cur/`, whose folder no name on disk gives, the file is named after its
folder); any other file, an `Inbox` or `Sent` with no subfolders too, may be an mbox of any
origin, and has no folder.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

#: Between the names of a folder path, whatever the store writes between them on disk.
SEPARATOR = "/"
#: The folders a maildir's messages stand in, the maildir being the folder around them.
_MESSAGE_FOLDERS = ("cur", "new")
#: What Thunderbird adds to a folder's name for the folder holding its subfolders' files.
SUBFOLDERS = ".sbd"
#: A shifted run of modified UTF-7: `&`, modified BASE64 (`,` for `/`, no padding), `-`.
_SHIFTED = re.compile(r"&([A-Za-z0-9+,]*)-")


#: Whether the corpus lists a file of a Thunderbird folder's subfolders: given the `.sbd`
#: folder and the source of the mbox file it belongs to (see `subfolders_owner`).
SubfoldersListed = Callable[[Path, str], bool]


def store_folder(path: Path, source: str, subfolders_listed: SubfoldersListed) -> str | None:
    """The mail store folder a corpus file (`source`, at `path`) stands in: its Maildir++
    folder, else its Apple Mail mailbox, else its Thunderbird folder; None for any other
    file."""
    return (
        maildir_folder(source)
        or apple_mail_folder(source)
        or thunderbird_folder(path, source, subfolders_listed)
    )


def apple_mail_folder(source: str) -> str | None:
    """The Apple Mail mailbox of an `.emlx` file: each folder around it named `….mbox` is a
    mailbox, the ones inside it its mailboxes (`Archive.mbox/2019.mbox/<id>/Data/Messages/
    1.emlx`: `Archive/2019`); None for any other file. Only Apple Mail writes `.emlx`, so
    the name is the layout's own."""
    parts = source.split("/")
    if not parts[-1].lower().endswith(_APPLE_MESSAGE):
        return None
    names = [part[: -len(_APPLE_MAILBOX)] for part in parts[:-1] if _is_apple_mailbox(part)]
    return SEPARATOR.join(names) or None


def _is_apple_mailbox(name: str) -> bool:
    return name.lower().endswith(_APPLE_MAILBOX) and len(name) > len(_APPLE_MAILBOX)


#: What Apple Mail adds to a mailbox's folder name, and to a message's file name.
_APPLE_MAILBOX, _APPLE_MESSAGE = ".mbox", ".emlx"


def thunderbird_folder(path: Path, source: str, subfolders_listed: SubfoldersListed) -> str | None:
    """The Thunderbird folder of a corpus file (`Local Folders/Inbox.sbd/Projekte`:
    `Inbox/Projekte`; `Local Folders/Inbox`: `Inbox` while `Inbox.sbd/` beside it holds a
    subfolder's file, whose coming or going reads it again); None for a file neither in an
    `.sbd` folder nor beside one (an mbox of any origin: a wrong folder is worse than
    none)."""
    parts = source.split("/")
    start = _subfolders_start(parts)
    beside = path.with_name(path.name + SUBFOLDERS)
    if start == len(parts) - 1 and not (_is_folder(beside) and subfolders_listed(beside, source)):
        return None
    names = [part[: -len(SUBFOLDERS)] for part in parts[start:-1]]
    return SEPARATOR.join([*names, parts[-1]])


def subfolders_owner(source: str) -> str | None:
    """The corpus file whose Thunderbird folder this file's coming or going may change: the
    mbox beside the outermost `.sbd` folder around it (`Inbox` for `Inbox.sbd/Projekte.sbd/x`,
    named Inbox only while `Inbox.sbd/` is there); None for a file in no `.sbd` folder."""
    parts = source.split("/")
    start = _subfolders_start(parts)
    if start == len(parts) - 1:
        return None
    return "/".join([*parts[:start], parts[start][: -len(SUBFOLDERS)]])


def _subfolders_start(parts: list[str]) -> int:
    """Where the run of `.sbd` folders directly around a file begins among its path's parts
    (the file's own index when it is in none)."""
    start = len(parts) - 1
    while start > 0 and _holds_subfolders(parts[start - 1]):
        start -= 1
    return start


def _holds_subfolders(name: str) -> bool:
    """Is this folder name a Thunderbird folder's subfolders' (`Inbox.sbd`, not `.sbd`)?"""
    return name.endswith(SUBFOLDERS) and len(name) > len(SUBFOLDERS)


def _is_folder(path: Path) -> bool:
    """Is there a folder at `path` itself (a link to one is never followed)?"""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def maildir_folder(source: str) -> str | None:
    """The Maildir++ folder of a corpus file (`Maildir/.Archive.2019/cur/1.mail`:
    `Archive/2019`); None for any other file, a store's own `cur/` and `new/` included (the
    inbox of a Maildir++ store, or a maildir of another layout: its path cannot tell which,
    and a wrong folder is worse than none)."""
    parts = source.split("/")
    if len(parts) < 3 or parts[-2] not in _MESSAGE_FOLDERS:
        return None
    boxes = []  # the dot-folders around the file, innermost first
    for part in reversed(parts[:-2]):
        if len(part) < 2 or not part.startswith(".") or part == "..":
            break
        boxes.append(part[1:])
    names = [name for box in reversed(boxes) for name in box.split(".")]
    if not names or not all(names):
        return None  # `..Sent`: no Maildir++ folder name has an empty level
    return SEPARATOR.join(mailbox_name(name) for name in names)


def mailbox_name(written: str) -> str:
    """A mailbox name as IMAP's modified UTF-7 writes it, decoded (`Entw&APw-rfe`: Entwürfe,
    `R&-D`: R&D); a name that is not valid modified UTF-7 (a folder a user made by hand,
    `R&D`) is the name as written."""
    try:
        decoded = _SHIFTED.sub(_unshifted, written)
    except (binascii.Error, UnicodeDecodeError):
        return written
    return written if "&" in _SHIFTED.sub("", written) else decoded


def _unshifted(found: re.Match[str]) -> str:
    encoded = found.group(1)
    if not encoded:
        return "&"
    padded = encoded.replace(",", "/") + "=" * (-len(encoded) % 4)
    return base64.b64decode(padded, validate=True).decode("utf-16-be")
