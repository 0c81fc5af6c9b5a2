"""What the splitter finds in a document before units are made of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ..people import Person

Line = tuple[int, str]


# Frozen, and compared by identity (eq=False): a quote names its outer message by reference,
# and the splitter maps each message to its unit id with a dict keyed by the message itself.
@dataclass(frozen=True, eq=False)
class Message:
    source: str
    headers: dict[str, str]
    first_line: int
    body: tuple[Line, ...] = ()
    subject: str | None = None
    quoted_in: Message | None = None
    markdown: bool = False
    sender: Person | None = None
    to: tuple[Person, ...] | None = None  # when known from real headers, else from `headers`
    cc: tuple[Person, ...] | None = None
    bcc: tuple[Person, ...] | None = None
    date: datetime | date | None = None
    thread: str | None = None
    message_id: str | None = None
    attachments: tuple[str, ...] = ()
    whole_span: int | None = None  # last line of the message, when lines cannot be told apart
    head_end: int | None = None  # last line of its header block, in a text (its span's least end)
    # why `subject` is inferred, when the message's head has no `Subject:` of its own and its
    # place gave it one (SUBJECT_FROM_QUOTING, SUBJECT_FROM_ABOVE), which its unit says
    # (`making._inferred`); else None
    subject_inferred: str | None = None


#: Why a quoted message's subject is its carrier's less one `Re:` (`quotes.quoted_head_subject`).
SUBJECT_FROM_QUOTING = "from the message quoting it"
#: Why a head on a page with no subject line of its own has the subject of the message above
#: it, nothing but that message (or a `===` line) between them (`prose.text_units`): the page
#: runs on a thread.
SUBJECT_FROM_ABOVE = "from the message above it on the page"
#: Why the first head of a print view with no `Subject:` has the title line over it.
SUBJECT_FROM_TITLE = "from the title line above it"


@dataclass(frozen=True)
class Paragraph:
    source: str
    lines: tuple[Line, ...]
    section: str | None
    thread: str
    date: datetime | date | None
    markdown: bool


@dataclass(frozen=True)
class HeaderBlock:
    start: int  # index of the first line that belongs to the message (its preamble)
    end: int  # index after the last header line
    headers: dict[str, str]
    subject: str | None
    forwarded: bool
    body: tuple[Line, ...] = ()  # the body's first words, on the start line itself
