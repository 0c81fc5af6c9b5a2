"""Split: documents become units, one per email message and one per paragraph of prose.

Each module is named after what it recognises (the README's "How the splitter finds emails"
tells the rules with examples):

* `header_blocks`: runs of `Name: value` lines holding a sender and a date or recipients, in
  every language of `languages.py` (`From:`, `Von:`, `De :`, `Från:`), with the forward marker,
  count line and subject line above them; Lotus Notes' and Outlook.com's person-over-date
  heads; and the starts a corpus declares in its searchkit.toml.
* `envelopes`: a message's head written as one line (`Sam Altman to Elon Musk - May 25, 2015
  9:10 PM`), read by a grammar, in any heading or emphasis; print views' head lines.
* `tables`: a head written as a Markdown table (labels over a row of values, or a label and
  its value on each row).
* `quotes`: inside a body, attributions (in every language of the table), `>` blocks,
  Outlook's and Lotus Notes' chains: each quoted message a unit of its own, `quoted_in` its
  outer one.
* `prose`: everything else, one paragraph unit per paragraph, heading, list item or caption;
  `furniture`: what a printout repeats on every page, dropped first.
* `making`: units from what was found; dates decided by evidence (`written_dates`): validity,
  the date of the message quoting it, the file's own order, the language of its labels.
* `recognition`: what was not recognised, said; `size`: no unit past what one may hold.

Mail messages (`.eml`, mbox) go through the same body rules.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

from ..layouts import Layout
from ..readers.documents import Card, ChatMessage, Document, MailMessage, TextDocument
from ..units import Unit
from ..written_dates import FileOrder
from .cards import card_unit, carried_units
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
    if isinstance(document, Card):
        return [unique(card_unit(document), seen)]
    raw: Sequence[Message | Paragraph] = (
        mail_units(document) if isinstance(document, MailMessage) else text_units(document, layouts)
    )
    units = with_ids(raw, seen, order)
    if isinstance(document, MailMessage) and document.attached:
        carrier = next((unit for unit in units if not unit.quoted_in), None)
        if carrier:
            units += [unique(attachment_unit(carrier, item), seen) for item in document.attached]
    if isinstance(document, MailMessage) and document.carried:
        units += carried_units(document, units, lambda inner: split(inner, seen, layouts, order))
    if isinstance(document, MailMessage) and document.folder:
        units = [replace(unit, folder=document.folder) for unit in units]
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
