"""The unit: one email message or one paragraph of prose, the thing searchkit finds and cites."""

from __future__ import annotations

import datetime as dt  # for the fields after the one named `date`
import hashlib
import re
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from .dates import from_iso
from .languages import fold

EMAIL = "email"
PARAGRAPH = "paragraph"
CHAT = "chat"  # a message of a chat export (WhatsApp, Slack)
ATTACHMENT = "attachment"  # the text of a file attached to an email
EVENT = "event"  # a calendar's event: an invitation's, an .ics file's, an Outlook appointment
CONTACT = "contact"  # an address book's person: a vCard, an Outlook contact
KINDS = (EMAIL, PARAGRAPH, CHAT, ATTACHMENT, EVENT, CONTACT)
#: Kinds written by someone to someone: what outranks narrative prose (the email prior).
CORRESPONDENCE = (EMAIL, CHAT)

#: What a redaction (`█████`, `<redacted>`, a FOIA exemption code such as `(b)(6)`) reads as,
#: in text and in recipient lists.
REDACTED = "[redacted]"
#: FOIA exemption codes, which stand where a release redacted something: `(b)(6)`, `(b)(7)(C)`,
#: `b6` as OCR reads them.
FOIA_EXEMPTION = r"\(b\)\s*\(\d\)(?:\s*\([A-F]\))?"


@dataclass(frozen=True)
class Unit:
    id: str
    kind: str
    source: str
    thread: str
    subject: str | None
    sender: str | None
    to: tuple[str, ...]
    cc: tuple[str, ...]
    date: datetime | date | None  # a `dates.Month` or `dates.Year` when the text says no more
    text: str
    line_start: int
    line_end: int
    quoted_in: str | None = None
    section: str | None = None
    sender_address: str | None = None
    to_addresses: tuple[str, ...] = ()
    cc_addresses: tuple[str, ...] = ()
    message_id: str | None = None
    attachments: tuple[str, ...] = ()
    page: int | None = None  # of a PDF: the page the unit starts on
    attached_to: str | None = None  # of an attachment: the id of the email that carried it
    published: dt.datetime | dt.date | None = None  # of a page's units: the page's own date
    author: str | None = None  # of a page's units: its author, as its metadata names them
    # the other day a numeric date may be (`05/03/2019`) when nothing in the file decided
    # which order it is written in: `date` is then one reading, this the other
    date_ambiguous: str | None = None
    # the folder of a mail store it was filed in, a path of names: a Maildir++ folder's
    # (`Sent`, `Archive/2019`), a Thunderbird folder's (`Inbox/Projekte`), a .pst's
    # (`Inbox`); `folder:` searches it
    folder: str | None = None
    # of a contact: every e-mail address its card gives (the first its `sender_address`),
    # each an alias of its name in the people table (`people.address_book`)
    addresses: tuple[str, ...] = ()
    # what the unit's own text does not say but its place implies, and why, a field at a time
    # (`field: why`, `; ` between them): a quoted message with no `To:` went to whoever
    # replied quoting it (`to: Elon Musk replied quoting it`), one with no `Subject:` is about
    # what the message quoting it is about (`subject: from the message quoting it`), a head on
    # a page with no subject line of its own right under another message is about what that
    # one is about (`subject: from the message above it on the page`); see `inferences` and
    # `is_inferred`
    inferred: str | None = None
    # why the date its head writes is not to be trusted, for the audit to list: it could not
    # be read as a date (`date` is then None: `unreadable: 'Sunday, February 30, 2020'`), or
    # the weekday it names is not the day's (`date` is the day: `weekday: … is a Tuesday`)
    date_doubt: str | None = None
    # whom a message was blind-copied to, where the copy read names them (the sender's own:
    # its `Bcc:`, a .pst's blind recipients, a printout's `Bcc:` line)
    bcc: tuple[str, ...] = ()
    bcc_addresses: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict: lists for sequences, ISO 8601 for the date."""
        # not dataclasses.asdict(): its deep copy costs more than indexing a field
        record = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            record[name] = list(value) if isinstance(value, tuple) else value
        record["date"] = self.date.isoformat() if self.date else None
        record["published"] = self.published.isoformat() if self.published else None
        return record

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Unit:
        return cls(**unit_values(record))


UNIT_FIELDS = tuple(f.name for f in fields(Unit))
_LISTS = (
    "to",
    "cc",
    "bcc",
    "to_addresses",
    "cc_addresses",
    "bcc_addresses",
    "attachments",
    "addresses",
)
_DATES = ("date", "published")


def unit_values(record: dict[str, Any]) -> dict[str, Any]:
    """A record's (`to_dict`'s) values as a unit's fields hold them, for `Unit` or a class
    made on it (a search's `Hit`, made from its stored record without a `Unit` between)."""
    values = {name: record[name] for name in UNIT_FIELDS if name in record}
    for name in _LISTS:
        values[name] = tuple(values.get(name) or ())
    for name in _DATES:
        values[name] = parse_iso_date(values.get(name))
    return values


#: Between the fields a unit's `inferred` names, each `field: why`.
_INFERENCES_APART = "; "


def inferences(said: dict[str, str]) -> str | None:
    """A unit's `inferred`: each inferred field (`to`, `subject`) with why it is inferred."""
    return _INFERENCES_APART.join(f"{field}: {why}" for field, why in said.items()) or None


def is_inferred(unit: Unit, field: str) -> bool:
    """Does the unit's `inferred` name this field (`to`, `subject`) as inferred?"""
    named = (unit.inferred or "").split(_INFERENCES_APART)
    return any(part.startswith(f"{field}: ") for part in named)


def parse_iso_date(value: str | None) -> datetime | date | None:
    """Inverse of `isoformat()`: a plain day stays a `date`, anything with a time a `datetime`."""
    if not value:
        return None
    if len(value) <= 10:
        return from_iso(value)  # a day, or a Month or Year that says no more
    return datetime.fromisoformat(value)


def unit_id(source: str, kind: str, *parts: object) -> str:
    """A short id that depends only on where the unit comes from and what it says.

    Content-based rather than position-based, so editing one paragraph leaves the ids of the
    others in the same file unchanged.
    """
    digest = hashlib.blake2b(digest_size=6)
    for part in (source, kind, *parts):
        digest.update(str(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


# `Re:`, `Fwd:` and the forms mail clients write for them in other languages (German
# `AW:`/`WG:`, Dutch `Antw:`/`Doorst:`, Swedish `SV:`/`VB:`, Danish and Norwegian `SV:`/`VS:`,
# Polish `Odp:`/`PD:`, Turkish `YNT:`/`İLT:`, Chinese `回复:`/`答复:`/`转发:`, `回覆:`/`轉寄:`,
# Japanese `返信:`/`転送:`, Korean `회신:`/`전달:`, Greek `ΑΠ:`/`ΣΧΕΤ:`/`ΠΡΘ:`, Hebrew
# `השב:`/`הועבר:`), in any case, with the full-width colon too, and `Re[2]:`
_REPLY_WORDS = (
    "re|fwd?|fw|aw|wg|antw|doorst|sv|vb|odp|ynt|vá|tov|"
    "回复|答复|回覆|转发|轉寄|返信|転送|회신|전달|απ|σχετ|πρθ|השב|הועבר"
)
# the forms that are also words or abbreviations of their own (`Res: a note on resolution`,
# `PD: the report`, `TR: the figures`, `I: …`), stripped only as the clients write them, in
# capitals: Portuguese `RES:`/`ENC:`, French `TR:`, Spanish `RV:`, Italian `R:`/`I:`/`RIF:`,
# Finnish `VS:`/`VL:`, Polish `PD:`, Turkish `İLT:`, Icelandic `FS:`
_REPLY_CAPITALS = "RES|ENC|TR|RV|RIF|R|I|VS|VL|PD|İLT|ILT|FS"
# each space one way only to match (a run of them is never split two ways: "re" and 60,000
# spaces fail at once)
_REPLY_PREFIX = (
    rf"(?:(?i:{_REPLY_WORDS})|{_REPLY_CAPITALS})\s*(?:\[\d+\]\s*)?[:：]\s*"
)
# a mailing list's `[Twisted-Python]` tag
_LIST_TAG = r"\[[^\[\]]{1,40}\]\s*"
#: Every prefix of a subject, replies', forwards' and lists' tags, in any order.
_SUBJECT_PREFIX = re.compile(rf"^\s*(?:{_REPLY_PREFIX}|{_LIST_TAG})+")
#: A subject's first reply or forward prefix, with the list tags before it.
_FIRST_REPLY_PREFIX = re.compile(rf"^\s*((?:{_LIST_TAG})*){_REPLY_PREFIX}")
# what stands between the words of a slug: anything but a letter or digit of any script
_SLUG = re.compile(r"[\W_]+")


def subject_thread(subject: str | None) -> str | None:
    """A thread id from a subject: `Re: Fwd: AI docs`, `[list] Re: AI docs` and `AI docs`
    are one thread; its words in any script (`Счёт № 118`, `打ち合わせ`), without case or
    accents (`Reunión` and `Reunion` are one thread)."""
    if not subject:
        return None
    return slug(_SUBJECT_PREFIX.sub("", subject)) or None


def quoted_subject(subject: str) -> str:
    """The subject of the message that a reply or forward of this subject quotes, as far as
    the subject shows it: one `Re:` or `Fwd:` (in any language of _REPLY_PREFIX) dropped
    (`AW: WG: Plan` quotes `WG: Plan`, `[list] Re: Plan` quotes `[list] Plan`); a subject
    with none is the subject."""
    return _FIRST_REPLY_PREFIX.sub(r"\1", subject, count=1)


def slug(text: str) -> str:
    """A subject or title as one token: its words in lower case, accents dropped, joined by
    `-`, in any script (`Reunión de presupuesto` is `reunion-de-presupuesto`; a Russian or
    Chinese subject is no empty name, which left its messages in no thread)."""
    return _SLUG.sub("-", fold(text)).strip("-")
