"""Units made of what the splitter found: ids, people, dates as the evidence decides."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from ..dates import date_doubt, parse_date
from ..languages import language_day_first
from ..people import Person, paired, parse_people, parse_sender, writes_last_first
from ..readers.documents import (
    Attachment,
    ChatMessage,
    MailMessage,
    attachment_names,
    file_lines,
)
from ..units import (
    ATTACHMENT,
    CHAT,
    EMAIL,
    PARAGRAPH,
    REDACTED,
    Unit,
    inferences,
    subject_thread,
    unit_id,
)
from ..written_dates import (
    NUMERIC_DAY,
    DateEvidence,
    FileOrder,
    Written,
    after_its_carrier,
    decide,
    read_as,
    read_head_date,
    read_written,
)
from ..zones import unknown_zone
from .encapsulation import unencapsulated
from .furniture import without_list_footer
from .model import Message, Paragraph
from .quotes import with_quotes
from .text import clean_text


def chat_unit(message: ChatMessage) -> Unit:
    text = clean_text(message.text, markdown=False)
    return Unit(
        id=unit_id(message.source, CHAT, message.sender, message.date, message.line_start, text),
        kind=CHAT,
        source=message.source,
        thread=message.chat,
        subject=None,
        sender=message.sender,
        to=(),
        cc=(),
        date=message.date,
        text=text,
        line_start=message.line_start,
        line_end=message.line_end,
        attachments=message.attachments,
        sender_address=message.sender_address,
    )


def attachment_unit(message: Unit, attached: Attachment) -> Unit:
    """An attached file's text, with the envelope of the email that carried it (so
    `from:` and `date:` find it) and that email's id."""
    text = clean_text(attached.text, markdown=False)
    return replace(
        message,
        id=unit_id(message.source, ATTACHMENT, message.id, attached.name, text),
        kind=ATTACHMENT,
        text=text,
        message_id=None,
        attachments=(attached.name,),
        attached_to=message.id,
    )


# -- mail messages -------------------------------------------------------------------------------


def mail_units(mail: MailMessage) -> list[Message]:
    if mail.body_line is None:  # decoded body: every unit cites the whole message
        body = [(mail.line_start, line) for line in file_lines(mail.body)]
    else:  # (numbered as the file's lines are: a form feed in the body is on a line)
        body = list(enumerate(file_lines(mail.body), start=mail.body_line))
    body = unencapsulated(without_list_footer(body))
    # a numeric Date: that reads two ways is decided with the evidence of the file, as in prose
    when = mail.date_written
    written = read_written(when) if when and NUMERIC_DAY.search(when[:120]) else None
    undecided = written is not None and written.ambiguous
    message = Message(
        mail.source,
        # its date as written, for what the date line says beyond the date the reader read
        # (the other reading, a weekday that is not the day's, a date that reads as none)
        {"date": when} if when else {},
        mail.line_start,
        body=tuple(body),
        subject=mail.subject,
        sender=mail.sender,
        to=mail.to,
        cc=mail.cc,
        bcc=mail.bcc,
        date=None if undecided else mail.date,
        thread=mail_thread(mail),
        message_id=mail.message_id,
        attachments=mail.attachments,
        whole_span=mail.line_end if mail.body_line is None else None,
        head_end=_head_end(mail),
    )
    return with_quotes(message)


def _head_end(mail: MailMessage) -> int | None:
    """The head's last line (a message with no body is its head): above the blank line."""
    if mail.body_line is None or mail.body_line < mail.line_start + 2:
        return None
    return mail.body_line - 2


def _replier(message: Message) -> Person | None:
    """Who received a message quoted under `On …, Ann wrote:`, its head giving no `To:`: the
    one who replied quoting it (the sender of the message it is quoted in)."""
    outer = message.quoted_in
    if outer is None or message.sender is None or "from" in message.headers:
        return None  # not an attribution's quote: a forwarded head says its own recipients
    replier = _sender(outer)
    if replier is None or _same_person(replier, message.sender):
        return None  # a reply to one's own message went to someone else, not said here
    return replier


def _same_person(one: Person, other: Person) -> bool:
    """Are these one person: the same name, or the same address (`ana.lopez@contoso.com` and
    `Lopez, Ana <ana.lopez@contoso.com>`), a redacted one aside (it hides whose it is)?"""
    shown = one.address not in (None, REDACTED)
    return one.name == other.name or (shown and one.address == other.address)


def _sender(message: Message) -> Person | None:
    """Who sent a message: as its reader knew them, else as its head's `From:` says."""
    return message.sender or parse_sender(message.headers.get("from"))


def mail_thread(mail: MailMessage) -> str:
    """The thread of a mail message: its root Message-ID, else its subject."""
    if mail.thread:
        return mail.thread
    root = mail.references[0] if mail.references else mail.in_reply_to or mail.message_id
    if root:
        return root.strip("<>")
    return subject_thread(mail.subject) or f"{mail.source}:{mail.line_start}"


# -- units ---------------------------------------------------------------------------------------


def with_ids(
    found: Sequence[Message | Paragraph], seen: dict[str, int], order: FileOrder | None = None
) -> list[Unit]:
    units: list[Unit] = []
    ids: dict[Message, str] = {}  # each message's unit id, for the quotes inside it
    # and its date, and the latest it may be of (see `_latest`), for theirs
    dates: dict[Message, tuple[datetime | date | None, datetime | date | None]] = {}
    evidence = _chronology(found, (order or FileOrder()).add(_readings(found)))
    for item in found:
        if isinstance(item, Message):
            carrier = dates.get(item.quoted_in, (None, None)) if item.quoted_in else (None, None)
            when, other, doubt = _decided_date(item, evidence, carrier)
            dates[item] = (when, _latest(when, other))
            unit = _message_unit(item, ids, when, other)
            if unit is not None and doubt:
                unit = replace(unit, date_doubt=doubt)
        else:
            unit = _paragraph_unit(item)
        if unit is None:
            if isinstance(item, Message) and item.quoted_in is not None:
                # an empty quote in an Outlook chain: what it quoted is quoted in its outer
                ids[item] = ids.get(item.quoted_in, "")
            continue
        unit = unique(unit, seen)
        if isinstance(item, Message):
            ids[item] = unit.id
        units.append(unit)
    return units


#: The fields of a head whose people tell how that head writes them (see `paired`)
_LISTS = ("from", "to", "cc", "bcc")


def _latest(when: datetime | date | None, other: str | None) -> datetime | date | None:
    """The latest a message may be of: its date, or where the evidence left its day
    undecided, the later of its two readings (what it quotes is older than either, and no
    more: a guess is no evidence)."""
    if when is None or other is None:
        return when
    return max(when.date() if isinstance(when, datetime) else when, date.fromisoformat(other))


def unique(unit: Unit, seen: dict[str, int]) -> Unit:
    """The unit, its id made unique among those `seen` (the same words twice in a file)."""
    repeat = seen.get(unit.id, 0)
    seen[unit.id] = repeat + 1
    return replace(unit, id=f"{unit.id}-{repeat + 1}") if repeat else unit


def _date_text(message: Message) -> str | None:
    return message.headers.get("date") or message.headers.get("sent") or None


def _readings(found: Sequence[Message | Paragraph]) -> list[Written]:
    """The readings of the numeric days written in a document's heads and attributions (a
    date a mail reader read too: an Outlook printout saved as mail writes a numeric one)."""
    readings = []
    for item in found:
        text = _date_text(item) if isinstance(item, Message) else None
        written = read_written(text) if text and NUMERIC_DAY.search(text) else None
        if written is not None:
            readings.append(written)
    return readings


def _chronology(found: Sequence[Message | Paragraph], evidence: DateEvidence) -> DateEvidence:
    """The evidence with the order of a separator's numeric days its reply chains decide,
    where the file's days valid one way only did not: of the two orders, the only one in
    which no quoted message is dated after the message quoting it."""
    messages = [item for item in found if isinstance(item, Message)]
    if not any(NUMERIC_DAY.search(_date_text(message) or "") for message in messages):
        return evidence  # (a mail's dates, written in words: the common case, and cheap)
    written = {
        message: reading
        for message in messages
        if (text := _date_text(message)) and (reading := read_head_date(text)) is not None
    }
    undecided = {
        reading.separator
        for reading in written.values()
        if reading.ambiguous and reading.separator and evidence.order(reading) is None
    }
    orders = []
    for mark in sorted(undecided):
        fitting = [first for first in (False, True) if _in_order(messages, written, mark, first)]
        if len(fitting) == 1:
            orders.append((mark, fitting[0]))
    return replace(evidence, orders=(*evidence.orders, *orders))


def _in_order(
    messages: list[Message], written: dict[Message, Written], mark: str, day_first: bool
) -> bool:
    """Is no quoted message dated after the one quoting it, the numeric days written with
    `mark` read in the given order (the others as their evidence reads them, if it does)?"""
    dates = {one: _read_so(one, written.get(one), mark, day_first) for one in messages}
    for message, when in dates.items():
        carrier = dates.get(message.quoted_in) if message.quoted_in else None
        if when is not None and carrier is not None and after_its_carrier(when, carrier):
            return False
    return True


def _read_so(
    message: Message, written: Written | None, mark: str, day_first: bool
) -> datetime | date | None:
    if written is None or not written.ambiguous:
        return message.date or (written.at(written.days[0]) if written else None)
    return read_as(written, day_first) if written.separator == mark else None


def _decided_date(
    message: Message,
    evidence: DateEvidence,
    carrier: tuple[datetime | date | None, datetime | date | None],
) -> tuple[datetime | date | None, str | None, str | None]:
    """The message's date as the evidence decides it, the other day it may be when the
    evidence could not decide (the file's own order, else the language of its header
    labels, and the date of the message quoting it, which it cannot be newer than), and why
    the date its head writes is not to be trusted, when it is not (`Unit.date_doubt`)."""
    text = _date_text(message)
    written = read_head_date(text) if text else None
    # a mail file's date, its weekday checked where read alike; but a numeric day that may be
    # read either way (a printout saved as mail, read loosely) is decided below
    if message.date is not None and not (written is not None and written.ambiguous):
        day = _day(message.date)
        weekday = None
        if text and written and written.days[0] == day:
            weekday = _weekday_doubt(text, written, day)
        return message.date, None, weekday or date_doubt(text)  # a mail date's zone unknown
    if not text:
        return None, None, None
    if written is None:
        when = parse_date(text)
        if when is not None or _redacted(text):
            return when, None, None
        why = date_doubt(text)  # `impossible time zone +2400`, where the grammar says
        return None, None, f"unreadable: {text!r}" + (f" ({why})" if why else "")
    if evidence.order(written) is None and message.headers.get("language"):
        day_first = language_day_first(message.headers["language"])
        evidence = replace(evidence, day_first=day_first)
    decided = decide(written, evidence, not_after=carrier[1], near=carrier[0])
    other = decided.other.isoformat() if decided.other else None
    unknown = unknown_zone(written.unknown_zone) if written.unknown_zone else None
    return (
        decided.value,
        other,
        "; ".join(filter(None, (_weekday_doubt(text, written, _day(decided.value)), unknown)))
        or None,
    )


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _day(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _weekday_doubt(text: str, written: Written, day: date) -> str | None:
    """What a date line whose weekday is not its day's (as read) says, when it is so."""
    if written.contradicted is None:
        return None
    return (
        f"weekday: {text!r} names a {_WEEKDAYS[written.contradicted]}, "
        f"but {day.isoformat()} is a {_WEEKDAYS[day.weekday()]}"
    )


def _redacted(text: str) -> bool:
    """Was the date withheld (`[redacted]`, `(b)(6)`, `█████`) rather than written badly?"""
    return clean_text(text, markdown=False) == REDACTED


def _message_unit(
    message: Message,
    ids: dict[Message, str],
    when: datetime | date | None,
    other: str | None,
) -> Unit | None:
    headers = message.headers
    # (a head that writes its people `Last, First` so writes each: `To: Walker, Alice`)
    last_first = writes_last_first(headers.get(name) for name in _LISTS)
    outlook = "sent" in headers and "date" not in headers
    sender = _sender(message)

    def listed(held: tuple[Person, ...] | None, name: str) -> list[Person]:
        """One field's people: the reader's, else its line's in the head."""
        found = held if held is not None else parse_people(headers.get(name), outlook=outlook)
        return paired(found, last_first)

    to = listed(message.to, "to")
    replier = _replier(message) if not to and "to" not in headers else None
    if replier is not None:
        to = [replier]
    cc = listed(message.cc, "cc")
    bcc = _blind_only(listed(message.bcc, "bcc"), [*to, *cc])
    text = clean_text("\n".join(text for _, text in message.body), markdown=message.markdown)
    # a message with no words of its own is still one when its head names who sent it and
    # when (a forward of a forward); a quote shell with neither is no message. One that a
    # mail file holds as itself (its headers real: an .eml, a .pst item) is one whenever it
    # says anything: a notice to 200 people with no body and no sender is mail all the same
    shell = sender is None or (message.quoted_in is not None and when is None)
    held = message.quoted_in is None and message.to is not None
    said = bool(to or cc or bcc or message.subject or when)
    if not text and shell and not message.attachments and not (held and said):
        return None
    source = message.source
    lines = [number for number, line in message.body if line.strip()]
    if message.whole_span:
        lines.append(message.whole_span)
    if message.head_end:  # a head with no body under it (a forward's) ends where it ends
        lines.append(message.head_end)
    thread = message.thread or subject_thread(message.subject) or f"{source}:{message.first_line}"
    sender_name = sender.name if sender else None
    return Unit(
        id=unit_id(source, EMAIL, sender_name, when, message.message_id, text),
        kind=EMAIL,
        source=source,
        thread=thread,
        subject=message.subject,
        sender=sender_name,
        to=tuple(p.name for p in to),
        cc=tuple(p.name for p in cc),
        bcc=tuple(p.name for p in bcc),
        date=when,
        text=text,
        line_start=message.first_line,
        line_end=max(lines, default=message.first_line),
        quoted_in=ids.get(message.quoted_in) or None if message.quoted_in else None,
        section=None,
        sender_address=sender.address if sender else None,
        to_addresses=tuple(p.address for p in to if p.address),
        cc_addresses=tuple(p.address for p in cc if p.address),
        bcc_addresses=tuple(p.address for p in bcc if p.address),
        message_id=message.message_id,
        attachments=message.attachments or attachment_names(headers.get("attachments")),
        date_ambiguous=other,
        inferred=_inferred(message, replier),
    )


def _blind_only(bcc: list[Person], shown: list[Person]) -> list[Person]:
    """The blind copies a head names that its To: and Cc: do not: a recipient is shown or
    blind-copied, not both (Enron's mail repeats each message's Cc: as its Bcc:)."""
    known = set().union(*map(_keys, shown))
    return [person for person in bcc if person.redacted or not _keys(person) & known]


def _keys(person: Person) -> set[str]:
    return {key.lower() for key in (person.name, person.address) if key}


def _inferred(message: Message, replier: Person | None) -> str | None:
    """What a message's unit infers from its place: who received it (who replied quoting
    it), what it is about (what the message quoting it, or the one above it on a page, is
    about: `Message.subject_inferred` says which)."""
    said = {}
    if replier is not None:
        said["to"] = f"{replier.name} replied quoting it"
    if message.subject_inferred:
        said["subject"] = message.subject_inferred
    return inferences(said)


def _paragraph_unit(paragraph: Paragraph) -> Unit | None:
    text = clean_text("\n".join(text for _, text in paragraph.lines), markdown=paragraph.markdown)
    if not text:
        return None
    source = paragraph.source
    return Unit(
        id=unit_id(source, PARAGRAPH, text),
        kind=PARAGRAPH,
        source=source,
        thread=paragraph.thread,
        subject=None,
        sender=None,
        to=(),
        cc=(),
        date=paragraph.date,
        text=text,
        line_start=paragraph.lines[0][0],
        line_end=paragraph.lines[-1][0],
        section=paragraph.section,
    )
