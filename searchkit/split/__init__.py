"""Split: documents become units, one per email message and one per paragraph of prose.

How emails are found in prose (the bundled Markdown page shows every case):

* A *header block* is a run of `Name: value` lines holding `From:` and one of `Date:`/`Sent:`/`To:`.
  Each header block starts a message. The lines just above it may add a subject line, a count
  line (`3 emails`) and a forward marker (`––––– Forwarded message –––––`), in that order.
* A message's body runs until the next message, a `===` separator, or a Markdown heading of level
  3 or higher (deeper headings such as `#### Dota 2:` belong to the body).
* Inside a body, an attribution line (`On Nov 20, 2015, at 11:48 AM, Sam Altman <x> wrote:`) starts
  a quoted message; it becomes a unit of its own with `quoted_in` set, and the outer body stops
  there. A forwarded message inside an open body is quoted in it too.
* Everything else is prose: one paragraph unit per paragraph, heading, list item or image caption.

Mail messages (`.eml`, mbox) go through the same body rules, so Outlook `-----Original Message-----`
blocks, Lotus `Forwarded by … on …` chains and `>` quotes become quoted units as well.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

from ..layouts import Layout
from ..readers.documents import ChatMessage, Document, MailMessage, TextDocument
from ..units import Unit
from ..written_dates import FileOrder
from .making import attachment_unit, chat_unit, mail_units, unique, with_ids
from .model import Message, Paragraph
from .prose import text_units
from .recognition import missed_starts, unrecognised_mail
from .size import bounded

__all__ = ["bounded", "missed_starts", "split", "unrecognised_mail"]


def split(
    document: Document,
    ids_seen: dict[str, int] | None = None,
    layouts: Sequence[Layout] = (),
    order: FileOrder | None = None,
) -> list[Unit]:
    """Units of one document, in source order; prose is read with the layouts the corpus
    declares for it too (its searchkit.toml).

    Ids are unique within the document, and across every document split with the same
    `ids_seen` (the messages of one mbox file); the order in which numeric days are written
    is learnt across every document split with the same `order` (a file's).
    """
    seen = {} if ids_seen is None else ids_seen
    if isinstance(document, ChatMessage):
        return [unique(chat_unit(document), seen)]
    raw: Sequence[Message | Paragraph] = (
        mail_units(document) if isinstance(document, MailMessage) else text_units(document, layouts)
    )
    units = with_ids(raw, seen, order)
    if isinstance(document, MailMessage) and document.attached:
        carrier = next((unit for unit in units if not unit.quoted_in), None)
        if carrier:
            units += [unique(attachment_unit(carrier, item), seen) for item in document.attached]
    if isinstance(document, TextDocument) and (document.pages or document.date or document.author):
        return [_of_document(unit, document) for unit in units]
    return units


def _of_document(unit: Unit, document: TextDocument) -> Unit:
    """The unit with what its document says of itself: its date, author and pages."""
    page = _page(document.pages, unit.line_start) if document.pages else None
    return replace(unit, page=page, published=document.date, author=document.author)


def _page(starts: tuple[int, ...], line: int) -> int:
    """The page (from 1) a line of a PDF stands on, from each page's first line."""
    return max(1, bisect_right(starts, line))
