"""Mail store folders: the folder a message was filed in, as a path of names (`Sent`,
`Archive/2019`), and the Maildir++ folder a corpus file stands in.

Maildir++ (Courier's layout, Dovecot's by default) keeps each folder of a store as a
dot-folder of its maildir, `.` separating the levels (`.Archive.2019/` is Archive/2019), the
names on disk in IMAP's modified UTF-7 (RFC 3501 §5.1.3: `.Entw&APw-rfe/` is Entwürfe).
"""

from __future__ import annotations

import base64
import binascii
import re

#: Between the names of a folder path, whatever the store writes between them on disk.
SEPARATOR = "/"
#: The folders a maildir's messages stand in, the maildir being the folder around them.
_MESSAGE_FOLDERS = ("cur", "new")
#: A shifted run of modified UTF-7: `&`, modified BASE64 (`,` for `/`, no padding), `-`.
_SHIFTED = re.compile(r"&([A-Za-z0-9+,]*)-")


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
