"""Real mail: single RFC 822 messages (`.eml`, maildir files), mbox and MMDF archives.

The standard library's `email` package decodes the headers (RFC 2047 encoded words), bodies
(base64, quoted-printable) and charsets; this module picks what a unit needs out of it. It
parses with the `compat32` policy and decodes the few headers it needs itself: the default
policy's header objects made parsing 17 times slower, most of a build's time.

A message carried whole (a `multipart/digest`'s messages, an `.eml` attached to a mail) is a
message of its own, linked to its carrier; an invitation's `text/calendar` part is an event.
Hostile mail is bounded: an mbox message is cut at 32 MB (and said), a header read to 64 K
characters, and past _MOST_CARRIED messages inside messages, or MIME nested deeper than the
parser's recursion allows, the rest is read as text of the message it is in.
"""

from __future__ import annotations

import bisect
import collections
import contextlib
import io
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from email import policy
from email.header import Header, decode_header, make_header
from email.message import Message
from email.parser import BytesParser

from ..dates import date_doubt, in_mail_form, parse_date
from ..encoded_words import UNDECODABLE, decoded, decoded_words
from ..people import (
    MOST_LIST_LINES,
    Person,
    cut_at_hyphen,
    goes_on_listing,
    list_poster,
    paired,
    parse_people,
    parse_sender,
    with_display_name,
    with_display_names,
    writes_last_first,
)
from .attachments import attachment
from .digests import Digested, digested, own_lines
from .documents import (
    MBOX,
    Attachment,
    Card,
    Document,
    MailMessage,
    Problem,
    Reading,
    attachment_names,
    declared_text,
)
from .sniff import HEADER_FIELD, UTF8_BOM, is_mmdf_delimiter, is_separator

_PARSER = BytesParser(policy=policy.compat32)
_HEADERS_ONLY = BytesParser(policy=policy.compat32)
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
#: An mbox message past this is cut (as a file past MAX_WHOLE_BYTES is), and said.
MOST_MESSAGE_BYTES = 32 * 2**20
#: A header is read to this many characters (a 20 MB Subject: says no more than its start).
MOST_HEADER_CHARS = 64 * 1024
#: An mbox is read in pieces of at most this (a 200 MB line is never held whole).
_PIECE_BYTES = 2**20
#: Messages inside messages (an .eml attached to an .eml) read as messages of their own, at
#: most this deep; deeper ones are text of the message they are in.
_MOST_CARRIED = 8
_RFC822 = "message/rfc822"
_CALENDAR = "text/calendar"


def read(data: bytes, source: str, fmt: str, reading: Reading, first_line: int = 1) -> None:
    """The messages of a mail file (of its lines from `first_line` on)."""
    if fmt == MBOX:
        reading.documents.extend(messages(data.splitlines(keepends=True), source, reading))
    else:
        chunks = [
            (start, _lists_folded(chunk), False) for start, chunk in _form_fed(data, first_line)
        ]
        reading.documents.extend(parsed(chunks, source, reading))


def _form_fed(data: bytes, first_line: int) -> list[tuple[int, bytes]]:
    """A mail file's messages (each with its first line) where form feeds part them: `mu
    view --terminate` ends each message it shows with one, the next head on the form feed's
    line. A form feed that starts no head (a page break in a body) parts nothing."""
    if b"\f" not in data:
        return [(first_line, data)]
    lines = data.splitlines(keepends=True)
    chunks: list[tuple[int, bytes]] = []
    start = first_line
    kept: list[bytes] = []
    for number, line in enumerate(lines, start=1):
        fed, rest = line[:1] == b"\f", line.lstrip(b"\f")
        if fed and kept and _starts_a_head(rest, lines[number : number + _MOST_HEAD_PIECES]):
            chunks.append((start, b"".join(kept)))
            at = first_line - 1 + number
            start, kept = (at, [rest]) if rest.strip() else (at + 1, [])
        elif not (fed and not rest.strip() and number == len(lines)):
            kept.append(line)  # (the last message's form feed, at the file's end, is none of it)
    return [*chunks, (start, b"".join(kept))]


def _starts_a_head(line: bytes, below: list[bytes]) -> bool:
    """Does a head start with this line (or, where it is blank, the next)?"""
    return _heads_a_message(_Ahead(([line] if line.strip() else []) + below))


def _lists_folded(data: bytes) -> bytes:
    """A mail file's head with a To:/Cc: list that a printout wrapped at the margin folded
    as RFC 5322 folds one (the next names indented): unfolded, the parser took them for
    the body, and the Cc: and Subject: under them too. Only the head is looked at (to its
    first blank line), a line at a time, and the file is given back as it was where no
    list wraps."""
    end = _HEAD_END.search(data, 0, _MOST_HEAD_BYTES)
    cut = end.start() if end else min(len(data), _MOST_HEAD_BYTES)
    lines = data[:cut].splitlines(keepends=True)
    seen: set[str] = set()
    listed: str | None = None  # the To:/Cc: value so far, in the field being read
    changed = False
    for number, line in enumerate(lines):
        text = line.decode("latin-1")
        name = _field_name(text)
        if text[:1] in (" ", "\t"):
            listed = None if listed is None else listed + text
        elif name is not None:
            seen.add(name)
            listed = text.partition(":")[2] if name in ("to", "cc") else None
        elif listed is not None and goes_on_listing(
            listed,
            [part.decode("latin-1") for part in lines[number : number + MOST_LIST_LINES]],
            lambda below: _field_name(below) not in (*seen, None),
        ):
            if cut_at_hyphen(lines[number - 1].decode("latin-1")):  # `Anne-` over `Marie`
                lines[number - 1] = lines[number - 1].rstrip(b"\r\n")
            else:
                lines[number] = b" " + line
            listed += text
            changed = True
        else:
            break
    return b"".join(lines) + data[cut:] if changed else data



def _field_name(text: str) -> str | None:
    """The name of the header field a line starts, lower case; None for another line."""
    if text[:1] in (" ", "\t") or not HEADER_FIELD.match(text.encode("latin-1")):
        return None
    return text.partition(":")[0].strip().lower()


def messages(lines: Iterable[bytes], source: str, reading: Reading) -> Iterator[Document]:
    """The messages of an mbox (and the events their invitations hold), one at a time, from
    its lines (a list, or an open file read as it goes: a large archive is never held
    whole, nor a message past MOST_MESSAGE_BYTES)."""
    lines = iter(_pieces(lines) if hasattr(lines, "readline") else lines)
    first = next(lines, b"").removeprefix(UTF8_BOM)
    mmdf = is_mmdf_delimiter(first)
    return parsed(_mbox_chunks(itertools.chain([first], lines), mmdf=mmdf), source, reading)


def _pieces(file) -> Iterator[bytes]:  # type: ignore[no-untyped-def]
    """An open file's lines, a line longer than _PIECE_BYTES in pieces of that size."""
    return iter(lambda: file.readline(_PIECE_BYTES), b"")


def parsed(
    chunks: Iterable[tuple[int, bytes, bool]], source: str, reading: Reading
) -> Iterator[Document]:
    """The messages of each (first line, bytes, cut at MOST_MESSAGE_BYTES) chunk, each as
    a mail file's (the events its invitations hold after it)."""
    for line_start, chunk, cut in chunks:
        if cut:
            reading.problems.append(
                Problem(
                    source,
                    f"message at line {line_start} is over {MOST_MESSAGE_BYTES // 2**20} MB:"
                    f" only its first {MOST_MESSAGE_BYTES // 2**20} MB read",
                )
            )
        try:
            found: list[Document] = []
            found.append(_message(chunk, source, line_start, reading, found))
            yield from found[-1:] + found[:-1]  # the message, then its events
        except Exception as error:  # noqa: BLE001 - one broken message must not lose the rest
            reading.problems.append(
                Problem(source, f"message at line {line_start} unreadable ({error}), skipped")
            )


class _Ahead:
    """Lines that can be looked ahead at: whether a `From ` line starts a message depends on
    the lines after it."""

    def __init__(self, lines: Iterable[bytes]) -> None:
        self._lines = iter(lines)
        self._ahead: collections.deque[bytes] = collections.deque()

    def __iter__(self) -> _Ahead:
        return self

    def __next__(self) -> bytes:
        return self._ahead.popleft() if self._ahead else next(self._lines)

    def peek(self, index: int) -> bytes | None:
        """The line (or piece) `index` places after the last one taken, None past the end."""
        while len(self._ahead) <= index:
            line = next(self._lines, None)
            if line is None:
                return None
            self._ahead.append(line)
        return self._ahead[index]


class _Message:
    """The lines of the mbox message being read, to at most MOST_MESSAGE_BYTES."""

    def __init__(self, start: int | None) -> None:
        self.start = start  # line number of its `From ` line (0: the file's start)
        self.lines: list[bytes] = []
        self.size = 0
        self.cut = False

    def keep(self, line: bytes) -> None:
        if self.size + len(line) <= MOST_MESSAGE_BYTES:
            self.lines.append(line)
            self.size += len(line)
        else:
            self.cut = True


def _mbox_chunks(lines: Iterable[bytes], *, mmdf: bool) -> Iterator[tuple[int, bytes, bool]]:
    """(first line of the message, message bytes without the `From ` line, whether it was
    cut at MOST_MESSAGE_BYTES) of each message. A line may come in pieces (`_pieces`): only
    a piece that starts a line counts as one.

    An mbox's message starts at a `From ` line of a separator's shape after a blank line,
    followed by a header block (`_begins_message`); a body holding `From ` lines it did not
    escape is kept whole where its `Content-Length:` says where it ends, and agrees with the
    file (mboxcl2). A body line escaped as `>From ` (mboxo, mboxrd) loses one `>`. Lines
    before the first separator are a message too (a `.mbox` whose first `From ` line is
    missing), never dropped.

    An MMDF mailbox's messages are between its delimiter lines, a `From ` line after the
    opening one optional; every delimiter ends a piece and only blank pieces are let go,
    so text outside a pair of delimiters is read too (as a message of its own)."""
    ahead = _Ahead(lines)
    message = _Message(None if mmdf else 0)
    previous_blank = True
    number, line_begins = 0, True
    in_head = not mmdf  # in the header block of the message (an mbox may start with one)
    protected = 0  # bytes of a body its Content-Length vouches for, still to come
    unescape = not mmdf
    lengths_agree = not mmdf  # whether the bodies' Content-Length are followed
    for line in ahead:
        number += line_begins
        vouched_end = False  # the line ends a body its Content-Length vouched for
        if protected > 0:
            protected -= len(line)
            message.keep(_unescaped(line) if line_begins and unescape else line)
            vouched_end = protected <= 0
        elif line_begins and _begins_message(line, ahead, previous_blank, mmdf, not message.lines):
            if message.start is not None and _holds_a_message(message.lines):
                chunk, message.lines = b"".join(message.lines), []  # let go before it is read
                yield message.start + 1, chunk, message.cut
                del chunk
            message = _Message(number)
            in_head, unescape = True, not mmdf
        elif message.start is not None:
            if in_head and line_begins and not line.strip():
                in_head = False
                vouched = _vouched_body(message.lines, ahead) if lengths_agree else None
                if vouched is None:  # a writer's lengths once wrong are never followed
                    lengths_agree = False  # (nor looked ahead for again, at a cost each)
                protected, unescape = vouched or (0, not mmdf)
            message.keep(_unescaped(line) if line_begins and unescape and not in_head else line)
        line_begins = line.endswith(b"\n")
        previous_blank = vouched_end or (line_begins and not line.strip())
    if message.start is not None and _holds_a_message(message.lines):
        yield message.start + 1, b"".join(message.lines), message.cut


def _begins_message(
    line: bytes, ahead: _Ahead, previous_blank: bool, mmdf: bool, opened: bool
) -> bool:
    """Whether the line is a message's first, not part of it: an mbox's separator after a
    blank line, a header block after it; an MMDF delimiter, or the `From ` line just after
    one. A pasted log line or a sentence starting `From ` is the body's."""
    if mmdf:
        return is_mmdf_delimiter(line) or (opened and line.startswith(b"From "))
    return previous_blank and is_separator(line) and _heads_a_message(ahead)


#: How far ahead a separator's header block is checked (a longer one is taken as headers).
_MOST_HEAD_PIECES = 1000


def _heads_a_message(ahead: _Ahead) -> bool:
    """Whether the lines ahead are a header block: header fields (folded ones too) up to a
    blank line or the end of the file."""
    size, line_begins = 0, True
    for index in range(_MOST_HEAD_PIECES):
        piece = ahead.peek(index)
        if piece is None or (line_begins and not piece.strip()):
            return index > 0
        folded = index > 0 and piece[:1] in (b" ", b"\t")
        field = HEADER_FIELD.match(piece) or _cut(piece, ahead, index)
        if line_begins and not folded and not field:
            return False
        size += len(piece)
        if size > _MOST_HEAD_BYTES:
            return True
        line_begins = piece.endswith(b"\n")
    return True


def _cut(piece: bytes, ahead: _Ahead, index: int) -> bool:
    """Is this the file's last piece, a header's name cut short (`Fro`): a head the file
    ends inside, a message all the same (and said, as cut)?"""
    last = not piece.endswith(b"\n") and ahead.peek(index + 1) is None
    return last and _NAME_CUT.match(piece) is not None


_NAME_CUT = re.compile(rb"[!-9;-~]{1,76}\Z")
_CONTENT_LENGTH = re.compile(rb"content-length[ \t]*:[ \t]*(\d{1,12})[ \t]*\r?\n?\Z", re.I)


def _vouched_body(head: list[bytes], ahead: _Ahead) -> tuple[int, bool] | None:
    """How many bytes of body the header block's `Content-Length:` vouches for (0: it gives
    none), and whether the body is escaped: a body holding a bare `From ` line was not
    (mboxcl2), its `>From ` lines are as written. None when the length disagrees with the
    file: the body does not end there at a line's end, followed by a blank line, a
    separator or the file's end."""
    length = next((int(found[1]) for line in head if (found := _CONTENT_LENGTH.match(line))), 0)
    if length == 0:
        return 0, True
    if length > MOST_MESSAGE_BYTES:
        return None
    size, index, bare_from, line_begins = 0, 0, False, True
    while size < length:
        piece = ahead.peek(index)
        if piece is None:
            return None
        bare_from = bare_from or (line_begins and piece.startswith(b"From "))
        size, index, line_begins = size + len(piece), index + 1, piece.endswith(b"\n")
    after = ahead.peek(index)
    ends = after is None or not after.strip() or is_separator(after)
    if size != length or not line_begins or not ends:
        return None
    return length, not bare_from


def _unescaped(line: bytes) -> bytes:
    """A body line as written before the mbox escaped it: `>From ` (mboxo, mboxrd) and
    `>>From ` (mboxrd) lose one `>`."""
    if line.startswith(b">") and line.lstrip(b">").startswith(b"From "):
        return line[1:]
    return line


def _holds_a_message(kept: list[bytes]) -> bool:
    """Whether the lines kept are a message: more than blank lines (not the nothing before
    an mbox's first separator, nor what is between an MMDF message's closing delimiter and
    the next one's opening)."""
    return any(piece.strip() for piece in kept)


def _parse(raw: bytes, source: str, reading: Reading) -> tuple[Message, bool]:
    """The message's tree, and whether it is flat: MIME nested deeper than the parser's
    recursion allows is read as the top message's headers and its body as text (never
    lost to a RecursionError)."""
    raw = _capped_headers(raw)
    try:
        return _unfolded(_PARSER.parsebytes(raw)), False
    except RecursionError:
        reading.problems.append(
            Problem(source, "MIME parts nested too deep to parse: the message read as text")
        )
        return _HEADERS_ONLY.parsebytes(raw, headersonly=True), True


_HEAD_END = re.compile(rb"\r?\n\r?\n")
#: A header block past this is cut header by header before it is parsed.
_MOST_HEAD_BYTES = 2**20


def _capped_headers(raw: bytes) -> bytes:
    """The message with each header cut at MOST_HEADER_CHARS bytes (folded lines included)
    when its header block is over _MOST_HEAD_BYTES: a 20 MB Subject or a million References
    are never parsed whole."""
    found = _HEAD_END.search(raw, 0)
    end = found.start() if found else len(raw)
    if end <= _MOST_HEAD_BYTES:
        return raw
    kept: list[bytes] = []
    size = 0
    for line in io.BytesIO(raw[:end]):
        if line[:1] in (b" ", b"\t"):  # a folded line of the same header
            if size + len(line) > MOST_HEADER_CHARS:
                continue
            size += len(line)
            kept.append(line)
        else:
            size = min(len(line), MOST_HEADER_CHARS)
            kept.append(line[:MOST_HEADER_CHARS].rstrip(b"\r\n") + b"\n")
    return b"".join(kept).rstrip(b"\r\n") + raw[end:]


def _unfolded(message: Message) -> Message:
    """The message with a boundary folded across a line (`boundary="simple\\r\\n
    boundary"`, as in RFC 2046's sample digest) unfolded, which the parser does not do."""
    # (only a Content-Type that names a boundary may hold one: a cheap look before its
    # parameters are read)
    if message.is_multipart() or "boundary" not in str(message.get("content-type", "")).lower():
        return message
    boundary = message.get_boundary()
    if not boundary or not ("\n" in boundary or "\r" in boundary):
        return message
    payload = message.get_payload(decode=True)  # its bytes (a str would lose 8-bit ones)
    if not isinstance(payload, bytes):
        return message
    # the message's own bytes again (8-bit ones kept: the parser holds them as surrogates),
    # its Content-Type written anew with the boundary unfolded
    unfolded = boundary.replace("\r", "").replace("\n", "")
    head = "".join(
        f"{key}: {value}\n" for key, value in message.raw_items() if key.lower() != "content-type"
    )
    head += f'Content-Type: {message.get_content_type()}; boundary="{unfolded}"\n\n'
    try:
        data = head.encode("utf-8", "surrogateescape") + payload
    except UnicodeError:  # read as it stands
        return message
    return _PARSER.parsebytes(data)


def _own_parts(message: Message) -> Iterator[Message]:
    """The message's parts, not those of the messages it carries; iterative, however deep."""
    stack = [message]
    while stack:
        part = stack.pop()
        yield part
        if part.is_multipart() and (part is message or part.get_content_type() != _RFC822):
            payload: list = part.get_payload()  # type: ignore[assignment]
            stack.extend(child for child in reversed(payload) if isinstance(child, Message))


def _carried(message: Message) -> list[tuple[str | None, Message, Message]]:
    """The messages the message carries whole, each with how it is named (the file name its
    part gives, else `message 2 of the digest` for a digest's: a digest may be a part of a
    mail, as Mailman sends it; else None) and the part that holds it."""
    found = []
    numbers: dict[int, int] = {}  # a digest's part (by id) → its number in the digest
    for part in _own_parts(message):
        if part.get_content_type() == "multipart/digest":
            children = [child for child in part.get_payload() if isinstance(child, Message)]
            numbers.update((id(child), number) for number, child in enumerate(children, 1))
        if part is not message and part.get_content_type() == _RFC822:
            inner = part.get_payload()
            if isinstance(inner, list) and inner and isinstance(inner[0], Message):
                name = _filename(part)
                if name is None and id(part) in numbers:
                    name = f"message {numbers[id(part)]} of the digest"
                found.append((name, inner[0], part))
        elif part is not message and (attached := _eml_file(part)) is not None:
            found.append((_filename(part), attached, part))
    return found


def _eml_file(part: Message) -> Message | None:
    """The message a part holds as a file of its own (`original.eml` sent as
    `application/octet-stream`, as some clients forward one), if it is one: a head with a
    sender or a date."""
    name = (_filename(part) or "").lower()
    if not name.endswith(".eml") or part.is_multipart():
        return None
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not HEADER_FIELD.match(payload):
        return None
    parsed = _PARSER.parsebytes(payload[:MOST_MESSAGE_BYTES])
    return parsed if parsed.get("from") or parsed.get("date") else None


def _message(
    raw: bytes, source: str, line_start: int, reading: Reading, found: list[Document]
) -> MailMessage:
    message, flat = _parse(raw, source, reading)
    body_line = None if flat else _body_line(raw, message, line_start)
    mail = _mail(message, source, line_start, reading, found, depth=0, body_line=body_line, raw=raw)
    deleted = _marked_deleted(message, source)
    if deleted:  # evidence still, read as any other message; but never passed off as one
        reading.problems.append(Problem(source, f"message at line {line_start}: {deleted}"))
    if not raw.endswith(b"\n") and _HEAD_END.search(raw) is None:
        # the file ends inside the head, mid-line: its last field (a sender, a date) may be
        # cut short, and reads as if whole
        reading.problems.append(
            Problem(source, f"message at line {line_start}: the file ends inside its head")
        )
    payload = message.get_payload()
    return replace(
        mail,
        line_end=line_start + max(raw.count(b"\n") - 1, 0),
        body_line=body_line,
        body=_unmimed(payload) if flat and isinstance(payload, str) else mail.body,
    )


#: Thunderbird's flag for a message deleted from its folder but not yet compacted away.
_MOZILLA_EXPUNGED = 0x0008
#: A Maildir file name's flags (`…:2,ST`), T being trashed.
_MAILDIR_FLAGS = re.compile(r":2,([A-Za-z]{0,26})$")
#: An MH message `rmm` deleted: renamed with a leading comma (`,3`).
_MH_DELETED = re.compile(r",\d{1,12}$")


def _marked_deleted(message: Message, source: str) -> str | None:
    """How a mail client marked the message deleted, if it did: Thunderbird's expunged flag
    in X-Mozilla-Status, a Maildir file's T (trashed) flag, MH's `,` before a file's
    number."""
    status = str(message.get("x-mozilla-status", "")).strip()
    with contextlib.suppress(ValueError):
        if status and int(status, 16) & _MOZILLA_EXPUNGED:
            return f"marked deleted by Thunderbird (X-Mozilla-Status: {status})"
    name = source.replace("\\", "/").rpartition("/")[2]
    flags = _MAILDIR_FLAGS.search(name)
    if flags and "T" in flags[1]:
        return f"marked trashed in its Maildir (flags {flags[1]})"
    if _MH_DELETED.fullmatch(name):
        return f"deleted by MH's rmm (file {name})"
    return None


def _mail(
    message: Message,
    source: str,
    line_start: int,
    reading: Reading,
    found: list[Document],
    depth: int,
    carried_as: str | None = None,
    body_line: int | None = None,
    raw: bytes | None = None,
) -> MailMessage:
    """The message as a MailMessage, and the messages it carries as its `carried` (a MIME
    digest's and a plain-text digest's messages, attached ones; past _MOST_CARRIED deep, as
    text of its body); its invitations' events go to `found`. `body_line`: the source line
    its body starts at, when its body is the source's own lines; `raw`: the message's bytes
    as the file holds them from `line_start` on, where the messages it carries are found."""
    message = _unfolded(message)
    inner = _carried(message) if depth < _MOST_CARRIED else []
    holder = _Where(source, line_start, body_line, reading, found, depth)
    carried = tuple(_carried_mail(inner, holder, raw, _boundaries(message)))
    parts = [(_filename(part), part) for part in _own_parts(message)]  # each named once
    for name, part in parts:
        if _is_calendar(name, part):
            found.extend(_events(part, source, line_start, reading))
    # (a message sent as a file is carried, above: no attachment of its own)
    sent_as_files = {id(part) for _, _, part in inner if part.get_content_type() != _RFC822}
    files = [
        (name, part) for name, part in parts if name is not None and id(part) not in sent_as_files
    ]
    attachments = tuple(name for name, _ in files)
    doubts: list[str] = []  # what could not be read as written, to be said
    # Enron's mail writes display names in X-From/X-To/X-cc, its From/To addresses only
    sender = with_display_name(_sender(message, doubts), _header(message, "x-from", doubts))
    references = tuple(_MESSAGE_ID.findall(_header(message, "references") or ""))
    # an Outlook printout or paste saved as a file looks like mail, but dates with `Sent:`
    # and lists people with `;`, one `Last, First` each
    printout = message.get("date") is None and message.get("sent") is not None
    when = _header(message, "sent" if printout else "date")
    date = parse_date(when)  # a doubt about it is the unit's `date_doubt`, which audit lists
    naive = isinstance(date, datetime) and date.tzinfo is None
    if naive and in_mail_form(when) and date_doubt(when) is None:  # (an unknown zone's is said)
        # RFC 5322 asks a mailer's Date: for its zone (a printout's date never gives one)
        doubts.append(f"Date {when!r} has no time zone: the time read as written")
    if len(written := _different(message, "sent" if printout else "date")) > 1:
        doubts.append(f"{len(written)} different dates ({'; '.join(written)}): read {when}")
    body = _body(parts) if depth < _MOST_CARRIED else _flat_text(message)
    if depth == _MOST_CARRIED and _carried(message):
        doubts.append(
            f"messages attached more than {_MOST_CARRIED} deep read as the words of the"
            f" {_MOST_CARRIED}th, their heads with them"
        )
    if depth < _MOST_CARRIED:
        body, digested_mail = _plain_digest(body, holder)
        carried += digested_mail
    mail = MailMessage(
        source=source,
        line_start=line_start,
        line_end=line_start,
        body_line=None,
        sender=sender,
        to=tuple(_named(message, "to", printout, doubts)),
        cc=tuple(_named(message, "cc", printout, doubts)),
        bcc=tuple(_named(message, "bcc", printout, doubts)),
        subject=_header(message, "subject", doubts),
        date=date,
        date_written=when,
        message_id=_first_id(_header(message, "message-id")),
        in_reply_to=_first_id(_header(message, "in-reply-to")),
        references=references,
        body=body,
        attachments=attachments or attachment_names(_header(message, "attachments")),
        attached=tuple(
            text
            for name, part in files
            if not _is_calendar(name, part) and (text := _attached(name, part, source, reading))
        ),
        carried=carried,
        carried_as=carried_as,
    )
    where = f"message at line {line_start}" + (f" ({carried_as})" if carried_as else "")
    reading.problems.extend(Problem(source, f"{where}: {doubt}") for doubt in doubts)
    return mail


@dataclass(frozen=True)
class _Where:
    """Where a message stands, for the messages it holds: its file, its first line, the line
    its body starts at (None: its body is decoded, no line of the file), how deep it is."""

    source: str
    line_start: int
    body_line: int | None
    reading: Reading
    found: list[Document]
    depth: int


def _carried_mail(
    inner: list[tuple[str | None, Message, Message]],
    where: _Where,
    raw: bytes | None,
    boundaries: tuple[bytes, ...],
) -> Iterator[MailMessage]:
    """Each message the mail carries whole, on its own lines of the file where its head is
    found there, in order (a MIME digest's, an attached `.eml` not encoded); on the mail's
    first line where it is not (encoded: its lines are none of the file's)."""
    at = _head_end(raw) if raw is not None and inner else 0
    stops = _boundary_lines(raw, boundaries) if raw is not None and inner else []
    counted = line = 0  # the lines before `counted`, counted once: linear in the parts
    missed = 0  # each head not found was looked for to the end: after a few, no more
    for name, part, _ in inner:
        span = _located(raw, part, at, stops) if raw is not None and missed < 4 else None
        missed += span is None
        if raw is None or span is None:
            first, piece, body_line = where.line_start, None, None
        else:
            start, at = span
            line += raw.count(b"\n", counted, start)
            counted = start
            first, piece = where.line_start + line, raw[start:at]
            body_line = _body_line(piece, part, first)
        depth = where.depth + 1
        mail = _mail(part, where.source, first, where.reading, where.found, depth, name, raw=piece)
        if piece is None:
            yield mail
        else:
            last = first + piece.rstrip().count(b"\n")
            yield replace(mail, line_end=last, body_line=body_line)


def _head_end(raw: bytes) -> int:
    """Where the mail's body starts in its bytes (0 when it has none)."""
    found = [end for mark in (b"\n\n", b"\n\r\n") if (end := raw.find(mark)) >= 0]
    return min(found) + 1 if found else 0


def _boundary_lines(raw: bytes, boundaries: tuple[bytes, ...]) -> list[int]:
    """Where each boundary line of the carrier's parts starts, in order."""
    stops = []
    for mark in boundaries:
        found = 0
        while (found := raw.find(b"\n" + mark, found)) >= 0:
            found += 1
            stops.append(found)
    return sorted(stops)


def _located(raw: bytes, part: Message, at: int, stops: list[int]) -> tuple[int, int] | None:
    """Where a carried message stands in its carrier's bytes, from `at` on: from the first
    line of its head (found by its Message-ID, else Date, From or Subject line as written)
    to the next boundary line; None where its head is not there as written (an encoded
    part, which RFC 2046 forbids a message)."""
    field = _distinct_field(part)
    if field is None:
        return None
    name, value = field
    found = at
    while (found := raw.find(name, found)) >= 0:
        line_end = raw.find(b"\n", found)
        if (found == 0 or raw[found - 1 : found] == b"\n") and raw[
            found + len(name) : line_end if line_end >= 0 else len(raw)
        ].strip() == value:
            break
        found += 1
    else:
        return None
    blank = max(raw.rfind(b"\n\n", at, found), raw.rfind(b"\n\r\n", at, found))
    start = raw.index(b"\n", blank + 1) + 1 if blank >= 0 else at
    end = bisect.bisect_right(stops, found)
    return start, stops[end] if end < len(stops) else len(raw)


def _distinct_field(message: Message) -> tuple[bytes, bytes] | None:
    """The message's most telling field as its head writes it: `Name:`, and the first line
    of its value."""
    fields = {name.lower(): (name, str(value)) for name, value in reversed(message.items())}
    for wanted in ("message-id", "date", "from", "subject"):
        if wanted in fields and (value := fields[wanted][1].strip()):
            name = f"{fields[wanted][0]}:".encode("ascii", "surrogateescape")
            return name, value.splitlines()[0].strip().encode("utf-8", "surrogateescape")
    return None


def _boundaries(message: Message) -> tuple[bytes, ...]:
    """The boundary lines (`--boundary`) of the message's multiparts."""
    return tuple(
        b"--" + boundary.encode("ascii", "surrogateescape")
        for part in _own_parts(message)
        if part.is_multipart() and (boundary := part.get_boundary())
    )


def _plain_digest(body: str, where: _Where) -> tuple[str, tuple[MailMessage, ...]]:
    """A plain-text digest's own text (its messages' lines blanked) and its messages, each
    read as a mail of its own; the body as it is when it is no digest."""
    lines = body.splitlines()
    pieces = digested(lines)
    if not pieces:
        return body, ()
    carried = tuple(_digested_mail(lines, piece, where) for piece in pieces)
    return "\n".join(own_lines(lines, pieces)), carried


#: A digested message's MIME fields, which described its text before the digester decoded it
#: into the digest's own: its head is read with the text's charset instead.
_MIME_FIELD = re.compile(r"(?:content-[a-z-]{1,40}|mime-version)\s*:", re.IGNORECASE)


def _digested_mail(lines: list[str], piece: Digested, where: _Where) -> MailMessage:
    """A plain-text digest's message, its head parsed as any mail's (RFC 5322's folding and
    encoded words), on its own lines of the file where the digest's text is the file's."""
    head_end = next(index for index in range(piece.start, piece.end) if not lines[index].strip())
    head, dropped = [], False
    for line in lines[piece.start : head_end]:
        folded = line[:1] in (" ", "\t")
        dropped = dropped if folded else _MIME_FIELD.match(line) is not None
        if not dropped:
            head.append(line)
    text = "\n".join([*head, _UTF8_TEXT, "", *lines[head_end + 1 : piece.end]]) + "\n"
    message = _PARSER.parsebytes(text.encode("utf-8", "surrogateescape"))
    first = where.line_start if where.body_line is None else where.body_line + piece.start
    name = f"message {piece.number} of the digest"
    mail = _mail(message, where.source, first, where.reading, where.found, where.depth + 1, name)
    if where.body_line is None:
        return mail
    return replace(
        mail,
        line_end=where.body_line + piece.end - 1,
        body_line=where.body_line + head_end + 1,
    )


_UTF8_TEXT = 'Content-Type: text/plain; charset="utf-8"'


#: Where a list that rewrote its poster's From: (DMARC) kept the poster's own address.
_ORIGINAL_SENDER = ("x-original-from", "x-original-sender", "reply-to")


def _sender(message: Message, doubts: list[str]) -> Person | None:
    """Who sent the message: its From:, or the poster a list's rewritten From: names, with
    the address the list kept for them (none is the list's)."""
    header = _header(message, "from", doubts, words=False)
    if len(written := _different(message, "from")) > 1:
        doubts.append(f"{len(written)} different senders ({'; '.join(written)}): read the first")
    originals = (_header(message, name, doubts, words=False) for name in _ORIGINAL_SENDER)
    sender = list_poster(header, originals) or parse_sender(header)
    named = _NAMED_ADDRESS.search(sender.name) if sender and sender.address else None
    if sender and named and named[0].strip("'").lower() != (sender.address or "").lower():
        # what a reader sees as the sender, and what a spoofer writes there
        doubts.append(f"From: the name {sender.name!r} is another address than the sender's")
    return sender


#: An address written in a display name (`"ceo@example.com" <someone@elsewhere.example>`).
_NAMED_ADDRESS = re.compile(r"[^\s<>\"@,;:()]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")


def _is_calendar(name: str | None, part: Message) -> bool:
    return part.get_content_type() == _CALENDAR or (name or "").lower().endswith(".ics")


def _events(part: Message, source: str, line_start: int, reading: Reading) -> list[Card]:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return []
    from .calendar import events

    return events(payload, source, reading, line_start=line_start)


def _named(message: Message, name: str, printout: bool, doubts: list[str]) -> list:
    """The people of every header of the name: RFC 5322 allows one `To:`, but a mailer that
    writes two (or `Cc:` and `CC:`) sent to the people of both; nothing is left to decide."""
    written = [_readable(value, name, doubts, words=False) for value in _written(message, name)]
    people = [one for value in written for one in parse_people(value, outlook=printout)]
    # (`To: Walker, Alice` where the mail writes its people so: GroupWise's printouts)
    heads = (str(message.get(field, "")) for field in ("from", "to", "cc"))
    people = paired(people, writes_last_first(heads))
    return with_display_names(people, _header(message, f"x-{name}", doubts))


def _body_line(raw: bytes, message: Message, line_start: int) -> int | None:
    """The source line where the body starts, when the body is the source's own lines.

    A multipart, base64 or quoted-printable body is decoded text that maps to no source line.
    """
    encoding = str(message.get("content-transfer-encoding", "")).strip().lower()
    if message.is_multipart() or encoding in ("base64", "quoted-printable"):
        return None
    for number, line in enumerate(raw.splitlines()):
        if not line.strip():
            return line_start + number + 1
    return None


#: A byte the parser could not decode, kept as a lone surrogate (`surrogateescape`).
_UNDECODED = re.compile("[\udc80-\udcff]")


def _header(
    message: Message, name: str, doubts: list[str] | None = None, *, words: bool = True
) -> str | None:
    """A header as text (the first of its name): see `_readable`."""
    written = _written(message, name)
    return _readable(written[0], name, doubts, words=words) if written else None


def _written(message: Message, name: str) -> list[str]:
    """Each header of the name, in order, as written: 8-bit bytes, which compat32 makes a
    Header that prints them as U+FFFD, kept as surrogates."""
    values = message.get_all(name) or []
    if any(isinstance(value, Header) for value in values):
        raws = [raw for key, raw in message.raw_items() if key.lower() == name]
        pairs = zip(values, raws, strict=True)
        values = [raw if isinstance(value, Header) else value for value, raw in pairs]
    return [str(value) for value in values]


def _different(message: Message, name: str) -> list[str]:
    """The different values of the headers of a name RFC 5322 allows once (which of two is
    true, nothing tells: the first is read, and both said)."""
    return sorted({" ".join(value.split()) for value in _written(message, name)})


def _readable(value: str, name: str, doubts: list[str] | None, *, words: bool) -> str | None:
    """A header's text: encoded words decoded (not with `words` False: an address header is
    split into people first, as a decoded `Zähler, Jürgen` is one), folding undone; raw 8-bit
    bytes read as UTF-8, else (as undeclared 8-bit text is, in old mail most often) as
    Windows-1252. An encoded word that cannot be decoded is kept as written, and said in
    `doubts`."""
    value = value[:MOST_HEADER_CHARS]
    if _UNDECODED.search(value):  # undecoded 8-bit bytes
        value = declared_text(value.encode("utf-8", "surrogateescape"), None)  # else cp1252
    try:
        readable = decoded(value)
    except UNDECODABLE as error:  # an unknown charset, a broken encoded word
        if doubts is not None:
            doubts.append(f"{name.title()}: header not decodable ({error}): kept as written")
        readable = decoded_words(value)
    text = " ".join((readable if words else value).split())
    return text or None


def _first_id(value: str | None) -> str | None:
    if not value:
        return None
    found = _MESSAGE_ID.search(value)
    return found.group(0) if found else value.strip()


def _body(parts: list[tuple[str | None, Message]]) -> str:
    """The text/plain body of a message's parts (each with the file name it gives), or the
    text of the HTML one where there is no plain one, or where the plain one lacks words the
    HTML shows: a stub (`This message has an HTML part`), an empty part, a part that left
    the quoted messages out or says something else. A reader's client shows the HTML."""
    plain, html = _body_part(parts, "plain"), _body_part(parts, "html")
    text = _part_text(plain) if plain is not None else None
    if html is None:
        return text or ""
    markup = _part_text(html)
    if text is not None and not _lacks_words(text, markup):
        return text
    from .html import html_document

    return "\n".join(line for _, line in html_document(markup, "", page=False).lines)


_WORDS = re.compile(r"\w+")
# where what no reader sees of an HTML part starts and ends: a style, a script, a comment
_UNSEEN_MARK = re.compile(r"<(/?)(style|script)\b|<!--|-->", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]{0,5000}>")
#: Words of the HTML part the plain one may lack (a link's text, an image's label), at least.
_WORDS_ONLY_SHOWN = 4


def _lacks_words(plain: str, markup: str) -> bool:
    """Does the plain part lack words the HTML one shows, a fifth of them or more (and four
    at least)? Counted on the markup less its tags: a look short of reading the HTML."""
    from html import unescape

    said = set(_WORDS.findall(plain.casefold()))
    shown = _WORDS.findall(unescape(_TAG.sub(" ", _shown(markup))).casefold())
    lacking = sum(1 for word in shown if word not in said)
    return lacking >= max(_WORDS_ONLY_SHOWN, len(shown) // 5)


def _attached(name: str, part: Message, source: str, reading: Reading) -> Attachment | None:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return None  # a message attached whole is read as a message
    return attachment(name, payload, source, reading, part.get_content_charset())


def _flat_text(message: Message) -> str:
    """Every text/plain part of the message and of the messages inside it, with those
    messages' heads: how a message past _MOST_CARRIED deep is read."""
    texts = []
    stack = [message]
    while stack:
        part = stack.pop()
        if part.is_multipart():
            payload: list = part.get_payload()  # type: ignore[assignment]
            stack.extend(child for child in reversed(payload) if isinstance(child, Message))
        if part.get("from") or part.get("subject"):
            head = (f"{name}: {_header(part, name)}" for name in ("from", "date", "subject"))
            texts.append("\n".join(line for line in head if not line.endswith(": None")))
        if part.get_content_type() == "text/plain" and not _filename(part):
            texts.append(_part_text(part))
    return "\n\n".join(texts)


#: The lines of a MIME body that are MIME's own: boundaries and part headers.
_MIME_LINE = re.compile(
    r"--\S{1,200}\s*$|(content-[a-z-]{1,40}|mime-version)\s*:|\s+boundary=", re.IGNORECASE
)


def _unmimed(body: str) -> str:
    """A MIME body nested too deep to parse, as text: its boundary and part header lines
    dropped, every other line kept."""
    if _UNDECODED.search(body, 0, 65536):
        body = body.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "\n".join(line for line in body.splitlines() if not _MIME_LINE.match(line))


def _shown(markup: str) -> str:
    """The markup less its styles, scripts and comments (in one pass: no pattern over a
    whole block, which an unclosed one would make scan to the end again and again)."""
    pieces, start, closing = [], 0, None
    for mark in _UNSEEN_MARK.finditer(markup):
        token = mark.group().lower()
        if closing is None and token not in ("-->",) and not mark.group(1):
            pieces.append(markup[start : mark.start()])
            closing = "-->" if token == "<!--" else f"</{mark.group(2).lower()}"
        elif closing is not None and token == closing:
            closing, start = None, mark.end()
    if closing is None:
        pieces.append(markup[start:])
    return " ".join(pieces)


def _body_part(parts: list[tuple[str | None, Message]], subtype: str) -> Message | None:
    """The first text part of that subtype (`plain`, `html`) that is not an attachment; for
    `plain`, else the first other text part that is no HTML (`text/enriched`)."""
    texts = [
        part
        for name, part in parts
        if part.get_content_maintype() == "text"
        and part.get_content_type() != _CALENDAR
        and not name
    ]
    found = next((part for part in texts if part.get_content_subtype() == subtype), None)
    if found is None and subtype == "plain":
        found = next((part for part in texts if part.get_content_subtype() != "html"), None)
    return found


def _part_text(part: Message) -> str:
    """A text part's text; NUL bytes (a damaged mailer's, never text) dropped."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    return declared_text(payload, part.get_content_charset()).replace("\0", "")


def _filename(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except Exception:  # noqa: BLE001 - malformed parameters
        return None
    if not name or part.get_content_disposition() not in ("attachment", "inline", None):
        return None
    try:
        return str(make_header(decode_header(name)))
    except (LookupError, UnicodeError, ValueError):
        return name
