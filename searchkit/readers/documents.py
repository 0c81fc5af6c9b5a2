"""What a reader gives the splitter: documents (prose with line numbers, or mail messages)
and the problems met reading them."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from ..encoded_words import UTF8_LATIN_FALLBACK, mail_charset
from ..people import Person

TEXT, MARKDOWN, HTML, EMAIL, MBOX = "text", "markdown", "html", "email", "mbox"
WHATSAPP, SLACK, SLACK_METADATA = "whatsapp", "slack", "slack metadata"
SLACK_ZIP = "slack export .zip"
OUTLOOK = "outlook .msg"
PDF = "pdf"
PST = "outlook .pst"
CALENDAR, VCARD = "icalendar", "vcard"


#: How the two problems of recognition begin (`searchkit audit` lists them).
PARTLY_RECOGNISED = "partly recognised"
UNRECOGNISED = "looks like correspondence, but no message was recognised in it"


@dataclass(frozen=True)
class TextDocument:
    """Prose (plain text, Markdown, or HTML made Markdown-like) with its source line numbers."""

    source: str
    format: str
    lines: tuple[tuple[int, str], ...]  # (1-based line in the source file, text)
    title: str | None = None
    date: datetime | date | None = None
    pages: tuple[int, ...] = ()  # of a PDF: the first line of each page, for units to cite
    author: str | None = None  # as the page's metadata names them


@dataclass(frozen=True)
class Attachment:
    """A file attached to a message that has words to search: text, HTML or PDF."""

    name: str
    text: str


@dataclass(frozen=True)
class MailMessage:
    """One RFC 822 message: decoded headers and the plain-text body."""

    source: str
    line_start: int
    line_end: int
    body_line: int | None  # source line where the body starts, if the body is its own lines
    sender: Person | None
    to: tuple[Person, ...]
    cc: tuple[Person, ...]
    subject: str | None
    date: datetime | date | None
    message_id: str | None
    in_reply_to: str | None
    references: tuple[str, ...]
    body: str
    attachments: tuple[str, ...] = ()  # every attached file's name
    attached: tuple[Attachment, ...] = ()  # the text-bearing ones, with their text
    thread: str | None = None  # when the reader knows it better than the headers tell
    # the Date: (or Sent:) header as written, for the splitter to decide a numeric day by the
    # evidence of the file (`Date: 05/03/2019, 21:07` from a printout read as mail)
    date_written: str | None = None
    # messages it carries whole: a digest's messages, an `.eml` attached to it; each is a
    # message of its own, linked to this one (its units' `attached_to`) by `carried_as`
    carried: tuple[MailMessage, ...] = ()
    carried_as: str | None = None  # how its carrier names it: a file name, "message 2 of 3"
    folder: str | None = None  # the folder of a mail store it was filed in (a .pst's)
    bcc: tuple[Person, ...] = ()  # where the sender's own copy names them


@dataclass(frozen=True)
class Card:
    """A calendar's event or an address book's person: a thing of its own kind (`event`,
    `contact`), neither a message nor prose, yet with people, a date and words to find."""

    source: str
    kind: str
    line_start: int
    line_end: int
    title: str | None  # an event's summary, a card's full name
    person: Person | None  # an event's organizer, a card's person
    people: tuple[Person, ...]  # an event's attendees
    date: datetime | date | None  # an event's start
    text: str  # what else it says: where, the description; a card's addresses and numbers
    uid: str | None = None
    folder: str | None = None  # the folder of a mail store it was filed in (a .pst's)
    addresses: tuple[str, ...] = ()  # a card's: every e-mail address of its person


@dataclass(frozen=True)
class ChatMessage:
    """One message of a chat export: who said it, when, in which chat or channel."""

    source: str
    line_start: int
    line_end: int
    chat: str
    sender: str | None
    date: datetime | None
    text: str
    attachments: tuple[str, ...] = ()  # the names of the files (photos, voice notes) it carried
    # where the export gives one: Google Chat's email, an app's account (`account_address`)
    sender_address: str | None = None


#: Apps whose exports name each sender's account beside the name it showed.
DISCORD, TELEGRAM = "discord", "telegram"


def account_address(app: str, account: object) -> str | None:
    """A sender's account on a chat app as its address (`discord:80351110224678912`): names
    change and differ by server, the account does not, so a person's names merge on it as
    on a shared email address."""
    text = str(account).strip() if isinstance(account, str | int) else ""
    return f"{app}:{text}" if text else None


Document = TextDocument | MailMessage | ChatMessage | Card


@dataclass(frozen=True)
class Problem:
    """Something in the corpus searchkit could not read as it should; never fatal."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass
class Reading:
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # other files of the corpus the reading looked at (a list archive's thread index, a
    # reply's parent page), found or not: when one changes, this file is read again
    consulted: list[str] = field(default_factory=list)


def decode(data: bytes, source: str, reading: Reading) -> str:
    """UTF-8 text; anything else is decoded with replacement and reported."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        reading.problems.append(
            Problem(source, f"not valid UTF-8 (byte {error.start}), decoded with replacement")
        )
        return data.decode("utf-8", "replace")


#: What ends a line of a text file: `\n`, `\r\n`, or an old Mac's lone `\r`; not the form feed
#: between a printout's pages, nor the other breaks `str.splitlines` knows (`\v`, `\x1c`,
#: U+2028, …), which no editor, `sed` or `grep` counts: a unit cites the line they show.
_LINE_END = re.compile(r"\r\n|\r|\n")


def file_lines(text: str) -> list[str]:
    """The lines of a text file, as an editor numbers them (a form feed is on a line)."""
    lines = _LINE_END.split(text)
    return lines[:-1] if lines and not lines[-1] else lines


#: A page number standing alone: `3`, `Page 3`, `Page 3 of 40`.
PAGE_NUMBER = re.compile(r"^\s*(?:page\s*)?\d+\s*(?:of\s*\d+)?\s*$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")


def furniture_shape(line: str) -> str:
    """A line as page furniture repeats it, its numbers aside: `Page 3 of 40` and `Page 4 of
    40`, `DOS-0001234` and `DOS-0001235` are one shape (of a PDF's pages, of a printout's)."""
    return _DIGITS.sub("#", " ".join(line.split()))


def declared_text(data: bytes, charset: str | None) -> str:
    """Bytes of mail text in the charset a part declares; an unknown or lying charset costs
    only the bad bytes. Undeclared (or `us-ascii` yet 8-bit) text is UTF-8, else, as in old
    mail most often, Windows-1252; so is text declared ISO-8859-1 (`mail_charset`)."""
    if charset and charset.lower() not in ("us-ascii", "ascii"):
        codec = mail_charset(charset)
        try:
            utf8 = codecs.lookup(codec).name == "utf-8"
            return data.decode(codec, UTF8_LATIN_FALLBACK if utf8 else "replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def attachment_names(header: str | None) -> tuple[str, ...]:
    """The file names of an Outlook `Attachments: budget.xlsx; notes.docx` line."""
    return tuple(name.strip() for name in re.split(r"[;,]", header or "") if name.strip())
