"""Outlook data files (`.pst`, `.ost`: the PFF format), through libpff's Python bindings.

libpff-python (an optional extra, `pip install 'searchkit[pst]'`: LGPL-3, a C library in
manylinux wheels; the one maintained PFF reader on PyPI) walks the folders and reads
each item's MAPI properties; this module makes of each item what it is:

* a message (IPM.Note, a meeting request, a post): a `MailMessage` with its folder's path
  below the file's top folder (its units' `folder`, `Inbox`), its transport headers when it has
  them (Message-ID, References), its people from the recipient table, else the display
  lists; its body plain, else the text of the HTML, else of the RTF one;
  its attachments as the `.msg` reader reads them;
* an appointment (IPM.Appointment): a `Card` of kind `event`;
* a contact or distribution list (IPM.Contact, IPM.DistList): a `Card` of kind `contact`.

The file is opened from a file object, never read whole: a `.pst` of gigabytes is walked
item by item. libpff-python does not expose the named-property map, so an appointment's
start is read from PidTagStartDate when the item has it, else as the time its named
properties repeat most (`_named_start`), and the named string properties (location,
recurrence, a contact's e-mail addresses) are kept as words, unnamed.
"""

from __future__ import annotations

import io
import re
import struct
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from email.parser import HeaderParser
from functools import partial
from typing import Any, BinaryIO

from ..folders import SEPARATOR
from ..people import Person, parse_people, parse_sender
from ..units import CONTACT, EVENT
from .attachments import attachment
from .documents import Attachment, Card, Document, MailMessage, Problem, Reading

_SIGNATURE = b"!BDN"
_CLASS, _SUBJECT, _SENDER_NAME, _SENDER_ADDRESS = 0x001A, 0x0037, 0x0C1A, 0x0C1F
_SMTP_SENDER, _DISPLAY_TO, _DISPLAY_CC, _DISPLAY_BCC = 0x5D01, 0x0E04, 0x0E03, 0x0E02
#: A recipient's PR_RECIPIENT_TYPE: MAPI_CC, MAPI_BCC (MAPI_TO is 1)
_CC_TYPE, _BCC_TYPE = 2, 3
_MESSAGE_ID, _IN_REPLY_TO, _SUBMITTED, _START = 0x1035, 0x1042, 0x0039, 0x0060
_DISPLAY_NAME, _ADDRESS, _RECIPIENT_TYPE, _SMTP_ADDRESS = 0x3001, 0x3003, 0x0C15, 0x39FE
_ATTACH_NAME, _ATTACH_LONG_NAME, _ATTACH_METHOD, _EMBEDDED = 0x3704, 0x3707, 0x3705, 5
_PASSWORD, _IPM_SUBTREE = 0x67FF, 0x35E0
_BODY, _HTML_BODY = 0x1000, 0x1013
_STRING_TYPES = (0x001E, 0x001F)
#: A contact's own properties (given name, surname, company, title, numbers) as words.
_CONTACT_FIELDS = (0x3A06, 0x3A11, 0x3A16, 0x3A17, 0x3A08, 0x3A09, 0x3A1C, 0x3A18, 0x3A29)
_MOST_ITEMS = 1_000_000


def is_pst(head: bytes) -> bool:
    return head.startswith(_SIGNATURE)


def read(data: bytes, source: str, reading: Reading) -> None:
    reading.documents.extend(items(io.BytesIO(data), source, reading))


def items(file: BinaryIO, source: str, reading: Reading) -> Iterator[Document]:
    """Every item of the file, folder by folder, as it is read."""
    try:
        import pypff
    except ImportError:
        reading.problems.append(
            Problem(source, "an Outlook .pst/.ost file: pip install 'searchkit[pst]' to read it")
        )
        return
    store = pypff.file()
    try:
        store.open_file_object(file)
    except OSError as error:
        reading.problems.append(Problem(source, f"not a readable Outlook data file ({error})"))
        return
    try:
        if _password(store):
            reading.problems.append(
                Problem(
                    source,
                    "a password-protected .pst: read all the same (its password guards only"
                    " Outlook's view of it, not its contents)",
                )
            )
        yield from _folder(store.get_root_folder(), _top(store), source, reading)
    finally:
        store.close()


def _top(store: Any) -> int | None:
    """The identifier of the folder Outlook shows as the file's top (its IPM subtree:
    `Top of Personal Folders`, `Outlook データ ファイルのトップ`, named in the language of the
    Outlook that made the file), from the message store's PidTagIpmSubtreeEntryId: an entry
    id, its last four bytes the folder's node id."""
    try:
        entry = _props(store.get_message_store()).get(_IPM_SUBTREE)
        data = bytes(entry.data) if entry is not None else b""
    except Exception:  # noqa: BLE001 - a store without one: folders named from the root
        return None
    return int.from_bytes(data[-4:], "little") if len(data) >= 24 else None


def _password(store: Any) -> bool:
    try:
        props = _props(store.get_message_store())
    except Exception:  # noqa: BLE001 - a store without one
        return False
    entry = props.get(_PASSWORD)
    return entry is not None and _integer(entry) not in (None, 0)


def _folder(root: Any, top: int | None, source: str, reading: Reading) -> Iterator[Document]:
    """The items of every folder, a folder's then its subfolders', iteratively (a tree of any
    depth), each with its folder's path below the file's `top` folder (`Inbox`,
    `Archive/2019`; None in the top itself)."""
    stack: list[tuple[Any, tuple[str, ...]]] = [(root, ())]
    while stack:
        current, names = stack.pop()
        where = SEPARATOR.join(names) or None
        try:
            count = min(current.number_of_sub_messages, _MOST_ITEMS)
        except Exception:  # noqa: BLE001
            count = 0
        for index in range(count):
            try:
                item = current.get_sub_message(index)
                found = _item(item, where, source, reading)
            except Exception as error:  # noqa: BLE001 - a damaged item costs only itself
                place = where or "the top folder"
                reading.problems.append(
                    Problem(source, f"item {index + 1} of {place} unreadable ({error})")
                )
                continue
            if found is not None:
                yield found
        subfolders = []
        for index in range(getattr(current, "number_of_sub_folders", 0)):
            sub = current.get_sub_folder(index)
            inside = () if sub.identifier == top else (*names, sub.name or "")
            subfolders.append((sub, inside))
        stack.extend(reversed(subfolders))


def _props(item: Any) -> dict[int, Any]:
    found: dict[int, Any] = {}
    for record_set in item.record_sets:
        for entry in record_set.entries:
            found.setdefault(entry.entry_type, entry)
    return found


def _string(entry: Any) -> str | None:
    if entry is None or entry.value_type not in _STRING_TYPES:
        return None
    try:
        value = entry.data_as_string
    except Exception:  # noqa: BLE001 - a string in an unknown code page
        return None
    text = " ".join(str(value or "").replace("\x00", "").split())
    return text.lstrip("\x01") or None


def _integer(entry: Any) -> int | None:
    try:
        return int(entry.data_as_integer)
    except Exception:  # noqa: BLE001
        return None


def _time(entry: Any) -> datetime | None:
    if entry is None or entry.value_type != 0x0040:
        return None
    try:
        value = entry.data_as_datetime
    except Exception:  # noqa: BLE001
        return None
    if not isinstance(value, datetime) or value.year < 1980 or value.year > 4000:
        return None
    return value.replace(tzinfo=timezone.utc)  # FILETIME: UTC


def _named_words(props: dict[int, Any]) -> list[str]:
    """The string values of the named properties (location, recurrence, e-mail addresses):
    libpff-python gives no names for them, but their words are the item's."""
    words = []
    for kind, entry in sorted(props.items()):
        text = _string(entry) if kind >= 0x8000 else None
        if text and text not in ("None", "0") and not text.replace(".", "").isdigit():
            words.append(text)
    return list(dict.fromkeys(words))


def _named_start(props: dict[int, Any]) -> datetime | None:
    """An appointment's start when PidTagStartDate is missing: Outlook writes the start in
    several named properties (PidLidAppointmentStartWhole, PidLidCommonStart, the reminder's
    time), the end in two: the earliest of the times written most often, at least twice.
    (On the shared samples that have PidTagStartDate, it is that time.)"""
    seen = Counter(
        when for kind, entry in props.items() if kind >= 0x8000 and (when := _time(entry))
    )
    if not seen:
        return None
    most = max(seen.values())
    return min(when for when, count in seen.items() if count == most) if most >= 2 else None


def _item(item: Any, folder: str | None, source: str, reading: Reading) -> Document | None:
    props = _props(item)
    kind = (_string(props.get(_CLASS)) or "IPM.Note").lower()
    if kind.startswith("ipm.appointment"):
        return replace(_card(item, props, EVENT, source), folder=folder)
    if kind.startswith("ipm.contact"):
        return replace(_card(item, props, CONTACT, source), folder=folder)
    if kind.startswith("ipm.distlist"):  # the addresses it holds are its members'
        return replace(_card(item, props, CONTACT, source), folder=folder, addresses=())
    if not hasattr(item, "plain_text_body"):
        return None  # a folder's associated contents, a view: nobody's words
    return _message(item, props, folder, source, reading)


def _card(item: Any, props: dict[int, Any], kind: str, source: str) -> Card:
    title = _string(props.get(_SUBJECT)) or _string(props.get(_DISPLAY_NAME))
    named = _named_words(props)
    own = [text for key in _CONTACT_FIELDS if (text := _string(props.get(key)))]
    emails = list(dict.fromkeys(w.lower() for w in named if "@" in w and " " not in w))
    if kind == CONTACT:
        person = parse_sender(f'"{title}" <{emails[0]}>' if title and emails else title)
        people: tuple[Person, ...] = ()
    else:
        person = _sender(props)
        people = tuple(_recipients(item)[0])
    text = "\n".join(filter(None, [_body(item), *own, *named]))
    return Card(
        source=source,
        kind=kind,
        line_start=1,
        line_end=1,
        title=title,
        person=person,
        people=people,
        date=(_time(props.get(_START)) or _named_start(props)) if kind == EVENT else None,
        text=text,
        addresses=tuple(emails) if kind == CONTACT else (),
    )


def _sender(props: dict[int, Any]) -> Person | None:
    name = _string(props.get(_SENDER_NAME))
    address = _string(props.get(_SMTP_SENDER)) or _string(props.get(_SENDER_ADDRESS))
    if address and "@" not in address:
        address = None  # an Exchange DN (/O=…/CN=…), no address
    if name and address and name != address:
        return parse_sender(f'"{name}" <{address}>')
    return parse_sender(name or address)


def _displayed(props: dict[int, Any]) -> tuple[list[Person], list[Person], list[Person]]:
    """(to, cc, bcc) from the display lists an item keeps beside its recipient table."""
    to, cc, bcc = (
        parse_people(_string(props.get(tag)), outlook=True)
        for tag in (_DISPLAY_TO, _DISPLAY_CC, _DISPLAY_BCC)
    )
    return to, cc, bcc


def _recipients(item: Any) -> tuple[list[Person], list[Person], list[Person]]:
    """(to, cc, bcc) from the recipient table: each one's display name and SMTP address."""
    to: list[Person] = []
    cc: list[Person] = []
    bcc: list[Person] = []
    table = getattr(item, "recipients", None)
    if table is None:
        return to, cc, bcc
    for index in range(table.number_of_record_sets):
        found = {entry.entry_type: entry for entry in table.get_record_set(index).entries}
        name = _string(found.get(_DISPLAY_NAME))
        address = _string(found.get(_SMTP_ADDRESS)) or _string(found.get(_ADDRESS))
        if address and "@" not in address:
            address = None
        written = f'"{name}" <{address}>' if name and address and name != address else name
        person = parse_sender(written or address)
        if person is not None:
            kind = _integer(found.get(_RECIPIENT_TYPE))
            (cc if kind == _CC_TYPE else bcc if kind == _BCC_TYPE else to).append(person)
    return to, cc, bcc


def _message(
    item: Any, props: dict[int, Any], folder: str | None, source: str, reading: Reading
) -> MailMessage:
    headers: Any = HeaderParser().parsestr(item.transport_headers) if _has_headers(item) else {}
    to, cc, bcc = _recipients(item)
    if not to and not cc and not bcc:  # no recipient table: the display lists (`Ann; Bob`)
        to, cc, bcc = _displayed(props)
    references = tuple(re.findall(r"<[^<>\s]{1,998}>", str(headers.get("references", ""))[:65536]))
    names, attached, carried = _attachments(item, source, reading)
    subject = _string(props.get(_SUBJECT))
    return MailMessage(
        source=source,
        line_start=1,
        line_end=1,
        body_line=None,
        sender=_sender(props) or parse_sender(str(headers.get("from", "")) or None),
        to=tuple(to),
        cc=tuple(cc),
        bcc=tuple(bcc),
        subject=subject,
        date=_time(props.get(_SUBMITTED)) or _time(props.get(0x0E06)),
        message_id=_string(props.get(_MESSAGE_ID)) or headers.get("message-id"),
        in_reply_to=_string(props.get(_IN_REPLY_TO)) or headers.get("in-reply-to"),
        references=references,
        body=_body(item),
        attachments=names,
        attached=attached,
        carried=carried,
        # the folder the message was filed in, for `searchkit show`'s thread when nothing
        # better tells (no Message-ID nor subject)
        thread=None if (subject or _string(props.get(_MESSAGE_ID))) else f"{source}:{folder or ''}",
        folder=folder,
    )


def _has_headers(item: Any) -> bool:
    try:
        return bool(item.transport_headers)
    except Exception:  # noqa: BLE001
        return False


def _body(item: Any) -> str:
    """The plain body; else the text of the HTML one; else of the RTF one."""
    return _first_body(
        (name, partial(getattr, item, name, None))
        for name in ("plain_text_body", "html_body", "rtf_body")
    )


def _first_body(forms: Iterable[tuple[str, Callable[[], Any]]]) -> str:
    """The text of the first body form that has words, each read only when the one before
    it had none (`plain_text_body`, `html_body`, `rtf_body`)."""
    for name, read in forms:
        try:
            value = read()
        except Exception:  # noqa: BLE001 - a damaged body: try the next form
            continue
        if not value:
            continue
        text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
        if name == "html_body":
            from .html import html_document

            text = "\n".join(line for _, line in html_document(text, "", page=False).lines)
        elif name == "rtf_body":
            text = rtf_text(
                value if isinstance(value, bytes) else text.encode("latin-1", "replace")
            )
        text = text.replace("\r\n", "\n").replace("\x00", "")
        if text.strip():
            return text
    return ""


#: RTF's syntax, token by token: a control word, a hex escape, an escaped character, a brace.
_RTF_TOKEN = re.compile(rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])")
#: Groups whose text is no body text: fonts, colours, styles, pictures, metadata.
_RTF_SKIPPED = {b"fonttbl", b"colortbl", b"stylesheet", b"info", b"pict", b"object", b"*"}


def rtf_text(data: bytes) -> str:
    """An RTF body's text: one linear pass over its tokens, skipping the groups that hold
    no text; `\\par` and `\\line` end lines, hex escapes are Windows-1252 bytes."""
    out = bytearray()
    depth, skipping = 0, None  # the depth at which a skipped group started
    position = 0
    for token in _RTF_TOKEN.finditer(data):
        if skipping is None:
            out += data[position : token.start()].replace(b"\r", b"").replace(b"\n", b"")
        position = token.end()
        word, hexa, escaped, brace = token.group(1), token.group(3), token.group(4), token.group(5)
        if brace == b"{":
            depth += 1
        elif brace == b"}":
            if skipping is not None and depth <= skipping:
                skipping = None
            depth -= 1
        elif skipping is not None:
            continue
        elif word is not None:
            if word in _RTF_SKIPPED:
                skipping = depth
            elif word in (b"par", b"line"):
                out += b"\n"
            elif word == b"tab":
                out += b"\t"
        elif hexa is not None:
            out.append(int(hexa, 16))
        elif escaped is not None:
            if escaped == b"*":
                skipping = depth
            elif escaped in (b"\\", b"{", b"}"):
                out += escaped
    if skipping is None:
        out += data[position:]
    return out.decode("cp1252", "replace")


def _attachments(
    item: Any, source: str, reading: Reading
) -> tuple[tuple[str, ...], tuple[Attachment, ...], tuple[MailMessage, ...]]:
    """Every attachment's name, the text of those that have words (as the .msg reader
    does), and each message embedded whole, as a message of its own (read from its property
    context: libpff-python does not open it as an item)."""
    names: list[str] = []
    attached: list[Attachment] = []
    carried: list[MailMessage] = []
    try:
        count = item.number_of_attachments
    except Exception:  # noqa: BLE001
        return (), (), ()
    for index in range(count):
        try:
            part = item.get_attachment(index)
            props = _props(part)
        except Exception:  # noqa: BLE001
            continue
        name = (
            _string(props.get(_ATTACH_LONG_NAME))
            or _string(props.get(_ATTACH_NAME))
            or _string(props.get(_DISPLAY_NAME))
            or f"attachment {index + 1}"
        )
        names.append(name)
        try:
            size = part.size
            data = part.read_buffer(size) if size else b""
        except Exception:  # noqa: BLE001
            continue
        if _integer(props.get(_ATTACH_METHOD)) == _EMBEDDED:
            inner = _embedded(data, name, source)
            if inner is None:
                reading.problems.append(
                    Problem(source, f"a message embedded in a message ({name}): its text not read")
                )
            else:
                carried.append(inner)
            continue
        found = attachment(name, data, source, reading) if data else None
        if found is not None:
            attached.append(found)
    return tuple(names), tuple(attached), tuple(carried)


def _embedded(data: bytes, name: str, source: str) -> MailMessage | None:
    """A message embedded in another, from the bytes libpff gives for it: its property
    context ([MS-PST] 2.3.3), a heap whose B-tree holds 8-byte records (property id, type,
    the value or where in the heap it is). Its recipients are named by its display lists
    (its recipient table is a subnode, out of reach), its body is its plain text (else its
    HTML's). None when the bytes are no such heap."""
    props = _property_context(data)
    if not props:
        return None
    plain, html = props.get(_BODY), props.get(_HTML_BODY)
    body = _first_body(
        [
            ("plain_text_body", lambda: plain.text if plain else None),
            ("html_body", lambda: html.data if html else None),
        ]
    )
    displayed = _displayed(props)
    return MailMessage(
        source=source,
        line_start=1,
        line_end=1,
        body_line=None,
        sender=_sender(props),
        to=tuple(displayed[0]),
        cc=tuple(displayed[1]),
        bcc=tuple(displayed[2]),
        subject=_string(props.get(_SUBJECT)),
        date=_time(props.get(_SUBMITTED)) or _time(props.get(0x0E06)),
        message_id=_string(props.get(_MESSAGE_ID)),
        in_reply_to=_string(props.get(_IN_REPLY_TO)),
        references=(),
        body=body,
        carried_as=name,
    )


class _Value:
    """A property read from a heap, as libpff-python gives one (`value_type`, `data`)."""

    def __init__(self, value_type: int, data: bytes) -> None:
        self.value_type, self.data = value_type, data

    @property
    def text(self) -> str:
        if self.value_type == 0x001F:
            return self.data.decode("utf-16-le", "replace").rstrip("\x00")
        return self.data.decode("cp1252", "replace").rstrip("\x00")

    data_as_string = text

    @property
    def data_as_integer(self) -> int:
        return int.from_bytes(self.data[:8], "little")

    @property
    def data_as_datetime(self) -> datetime:
        ticks = int.from_bytes(self.data[:8], "little")  # FILETIME: 100 ns since 1601
        return datetime(1601, 1, 1) + timedelta(microseconds=ticks // 10)


#: Property types whose value stands in the record itself (at most four bytes).
_INLINE_TYPES = (0x0002, 0x0003, 0x000A, 0x000B)


def _property_context(data: bytes) -> dict[int, _Value]:
    """Every property a one-block property context holds in its heap (those kept in
    subnodes are left out); {} for bytes that are no such heap, or a B-tree of more than
    one level (a message too large to be embedded whole in one block)."""
    if len(data) < 12 or data[2] != 0xEC or data[3] != 0xBC:
        return {}
    page_map, root = struct.unpack_from("<H", data, 0)[0], struct.unpack_from("<I", data, 4)[0]
    if page_map + 4 > len(data):
        return {}
    count = struct.unpack_from("<H", data, page_map)[0]
    if page_map + 4 + 2 * (count + 1) > len(data):
        return {}
    offsets = struct.unpack_from(f"<{count + 1}H", data, page_map + 4)

    def heap(hid: int) -> bytes | None:
        index = (hid >> 5) & 0x7FF
        if hid & 0x1F or hid >> 16 or not 1 <= index <= count:
            return None  # a subnode's, or another block's: out of reach
        start, end = offsets[index - 1], offsets[index]
        return data[start:end] if start <= end <= len(data) else None

    header = heap(root)
    if header is None or len(header) < 8 or header[0] != 0xB5:
        return {}
    key_size, entry_size, levels, records_at = struct.unpack_from("<BBBI", header, 1)
    records = heap(records_at) if records_at else b""
    if levels or key_size != 2 or entry_size != 6 or records is None:
        return {}
    found: dict[int, _Value] = {}
    for at in range(0, len(records) - 7, 8):
        prop, kind, value = struct.unpack_from("<HHI", records, at)
        if kind in _INLINE_TYPES:
            found[prop] = _Value(kind, value.to_bytes(4, "little"))
        elif (stored := heap(value)) is not None:
            found[prop] = _Value(kind, stored)
    return found
