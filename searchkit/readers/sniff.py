"""Which format a file is, from its first bytes: extensions lie (the bundled Markdown page is
a `.txt` file, CPython's RFC 822 test messages are `.txt` files too). The recognisers of the
built-in formats; the order they are tried in is the table's (`registry.py`)."""

from __future__ import annotations

import re
from pathlib import PurePath

from .chat import SLACK_METADATA_FILES, looks_like_slack_day, looks_like_whatsapp

SNIFF_BYTES = 8192
#: The line before and after each message of an MMDF mailbox.
MMDF_DELIMITER = b"\x01\x01\x01\x01"
#: How a Mork file starts (`// <!-- <mdb:mork:z v="1.4"/> -->`).
_MORK_START = b"// <!-- <mdb:mork"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: A UTF-8 byte-order mark, which some Windows tools write before a saved message's headers.
UTF8_BOM = b"\xef\xbb\xbf"
#: An mbox separator line (qmail's mbox(5), RFC 4155): `From `, the envelope sender (an
#: address, `MAILER-DAEMON`, `-`, pipermail's `ada at example.org`), then when the message
#: was delivered, asctime's way (`Thu Mar 11 09:00:00 2021`, a zone before or after the year)
#: or RFC 5322's (`Sat, 3 Jan 1996 02:05:34 +0000`). (A print view's `From : Alice …  Sat,
#: Mar 14, 2009 10:02 AM`, Zimbra's, is no separator: no sender is a colon.)
_SEPARATOR = re.compile(
    rb"From (?!:)\S{1,500}(?: at \S{1,500})?[ \t]{1,8}(?P<when>[^\r\n]{8,200})\r?\n?\Z", re.ASCII
)
_SEPARATOR_TIME = re.compile(rb"(?<!\d)\d{1,2}:\d\d(?::\d\d)?(?!\d)")
_SEPARATOR_YEAR = re.compile(rb"(?<!\d)(?:19|20)\d\d(?!\d)")
_SEPARATOR_MONTH = re.compile(rb"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", re.I)
#: A header field's line: its name (printable characters but the colon, RFC 5322 3.6.8), `:`.
HEADER_FIELD = re.compile(rb"[!-9;-~]{1,200}[ \t]*:")
_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:", re.ASCII)
_MAIL_HEADERS = {
    b"from",
    b"to",
    b"date",
    b"subject",
    b"message-id",
    b"received",
    b"return-path",
    b"mime-version",
    b"content-type",
    b"cc",
    b"sender",
    b"reply-to",
    b"in-reply-to",
    b"references",
    b"x-mailer",
    b"delivered-to",
}
#: Headers that only mail has, beside its sender: one of them, or the sender, makes the
#: leading lines of a file a mail head.
_SENDER_HEADERS = frozenset(
    {
        b"from",
        b"sender",
        b"message-id",
        b"received",
        b"return-path",
        b"mime-version",
        b"content-type",
        b"x-mailer",
        b"delivered-to",
    }
)
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_MARKDOWN_HINT = re.compile(r"^(#{1,6}\s+\S|!\[[^\]]*\]\(|---\s*$)", re.M)


def is_pdf(path: PurePath, head: bytes) -> bool:
    return head.startswith(b"%PDF-")


def is_zip(path: PurePath, head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04") and path.suffix.lower() == ".zip"


def is_outlook_msg(path: PurePath, head: bytes) -> bool:
    return head.startswith(_OLE2) and path.suffix.lower() == ".msg"


def is_mbox(path: PurePath, head: bytes) -> bool:
    """An mbox, or an MMDF mailbox (messages between lines of four ^A, `mailbox.MMDF`); a
    `.mbox` file whose first message lacks its `From ` line (it starts with headers) too."""
    head = head.removeprefix(UTF8_BOM)
    mbox_named = path.suffix.lower() == ".mbox"
    return (
        is_separator(head.split(b"\n", 1)[0] + b"\n")
        or head.startswith((MMDF_DELIMITER + b"\n", MMDF_DELIMITER + b"\r\n"))
        or (mbox_named and (not head.strip() or looks_like_mail(head, ".mbox")))
    )


def is_separator(line: bytes) -> bool:
    """Whether a line has an mbox separator's shape (`From ` + sender + date): a body line
    that merely starts with `From ` (`From here on we meet on Tuesdays.`) has not."""
    found = _SEPARATOR.match(line)
    if found is None:
        return False
    when = found["when"]
    return all(part.search(when) for part in (_SEPARATOR_TIME, _SEPARATOR_YEAR, _SEPARATOR_MONTH))


def is_mork(path: PurePath, head: bytes) -> bool:
    """A Mork database: Thunderbird's summary of a folder (`Inbox.msf`), its address books'
    of old; an index of the mail, never mail nor prose."""
    return head.lstrip().startswith(_MORK_START)


def is_mmdf_delimiter(line: bytes) -> bool:
    """Whether a line is an MMDF mailbox's delimiter."""
    return line.rstrip(b"\r\n") == MMDF_DELIMITER


def looks_binary(head: bytes) -> bool:
    """No text: a file that starts as images, archives and programs do, one whose first
    bytes hold NULs past one in 64, or over a third of them control characters or not
    UTF-8. A NUL or two (in a damaged mail header, say) leave a text file text."""
    if head.startswith(_BINARY_MAGIC):
        return True
    return head.count(b"\0") * 64 > len(head) or _mostly_not_text(head)


#: How files that are no text begin: PNG, JPEG, GIF, zip, gzip, bzip2, xz, 7z, ELF, Mach-O,
#: PE, SQLite, RIFF (WAV, WebP), Ogg, Java class (the readers' own binary formats,
#: PDF, zip and OLE2, are recognised before this is asked).
_BINARY_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"\x7fELF",
    b"\xcf\xfa\xed\xfe",
    b"MZ\x90\x00",
    b"SQLite format 3\x00",
    b"RIFF",
    b"OggS",
    b"\xca\xfe\xba\xbe",
    b"\xd0\xcf\x11\xe0",
)


def is_html(path: PurePath, head: bytes) -> bool:
    return bool(_HTML_START.match(head)) or (
        path.suffix.lower() in (".html", ".htm") and b"<" in head
    )


def is_mail(path: PurePath, head: bytes) -> bool:
    """Mail headers, or an `.eml` file with nothing in it (which the mail reader says)."""
    suffix = path.suffix.lower()
    return looks_like_mail(head, suffix) or (suffix == ".eml" and not head.strip())


def is_slack_metadata(path: PurePath, head: bytes) -> bool:
    return head.lstrip()[:1] == b"[" and path.name in SLACK_METADATA_FILES


def is_slack_day(path: PurePath, head: bytes) -> bool:
    return looks_like_slack_day(head)


def is_whatsapp(path: PurePath, head: bytes) -> bool:
    # the export names itself: `WhatsApp Chat with Ana.txt` (in the phone's language:
    # `Chat de WhatsApp con Ana.txt`), or iOS's `_chat.txt` in `WhatsApp Chat - Ana/`
    # (and signal-export writes Signal Desktop's chats in the same lines, `Ana/chat.md`)
    named = "whatsapp" in path.name.lower() or path.name in ("_chat.txt", "chat.md")
    return looks_like_whatsapp(head.decode("utf-8", "replace"), named=named)


def is_markdown(path: PurePath, head: bytes) -> bool:
    return path.suffix.lower() in (".md", ".markdown") or bool(
        _MARKDOWN_HINT.search(head.decode("utf-8", "replace"))
    )


def is_text(path: PurePath, head: bytes) -> bool:
    return True  # the last row: any text is prose


#: Where a page's script or style starts (a large page loses them before it is cut).
SCRIPT_START = re.compile(rb"<(script|style)\b", re.IGNORECASE)


#: Bytes of no text: control characters other than tab, line breaks, form feed and escape.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def _mostly_not_text(head: bytes) -> bool:
    """A binary file without NUL bytes (compressed or encrypted data, images cut short):
    over a third of its first bytes are control characters or not UTF-8. Undeclared 8-bit
    text (Windows-1252, Latin-1) stays text: its accented letters are a few percent."""
    if not head:
        return False
    invalid = head.decode("utf-8", "replace").count("\ufffd")
    return (invalid + len(_CONTROL_BYTES.findall(head))) * 3 > len(head)


#: Byte-order marks of the encodings that need one to be told apart, longest first.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def unwrapped(data: bytes, path: PurePath) -> bytes:
    """The file's bytes as the reader for its format wants them: UTF-16/32 as UTF-8
    (`from_bom`), and an Apple Mail `.emlx` file as the message it holds (its first line is
    the message's length in bytes, kept as a header no reading uses so that every line
    keeps its number in the file; a property list of flags follows the message)."""
    data = from_bom(data)
    if path.suffix.lower() == ".emlx":
        first, _, rest = data.partition(b"\n")
        if first.strip().isdigit():
            return b"X-Emlx-Length: " + first.strip() + b"\n" + rest[: int(first)]
    return data


def from_bom(data: bytes) -> bytes:
    """UTF-16 and UTF-32 files (which a byte-order mark announces) as UTF-8, mark dropped;
    any other file as it is."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, "replace").encode("utf-8")
    return data


def folded(line: bytes) -> bool:
    """Is this line a header's folded continuation (a space or a tab, then something)?"""
    return line[:1] in (b" ", b"\t") and bool(line.strip())


def looks_like_mail(head: bytes, suffix: str) -> bool:
    """Leading `Name: value` header lines (folded ones too) naming real mail headers.

    The headers may run past the sniffed bytes (long Received: chains) or, against RFC 5322,
    straight into the body with no blank line: neither stops them counting.
    """
    known = []
    lines = head.removeprefix(UTF8_BOM).lstrip(b"\r\n").splitlines()[:200]
    ended = False
    for line in lines:
        if folded(line):
            continue  # folded continuation of the previous header
        # (a field may be empty, or its value start on the next line: Outlook on the web's
        # antispam fields, Thunderbird's `X-Mozilla-Keys:` padded with spaces)
        if not _HEADER_LINE.match(line):
            ended = True
            break
        name = line.split(b":", 1)[0].lower()
        if name in _MAIL_HEADERS:
            known.append(name)
    if suffix == ".eml":
        return bool(known)
    # a printout's head with no sender (`Frorn:` as OCR read it, `Sent:`, `To:`, `Subject:`)
    # is a text's: read as mail, its messages would be one, with no sender, nor date; a head
    # that runs past the lines looked at (Outlook on the web's antispam fields, kilobytes
    # of them) says what it is by one field of transport
    sender = not _SENDER_HEADERS.isdisjoint(known)
    ran_past = not ended and (len(lines) == 200 or len(head) >= SNIFF_BYTES // 2)
    return sender and (len(known) >= 2 or ran_past)
