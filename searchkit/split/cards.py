"""Units of what is neither a message nor prose (a calendar's event, an address book's
person), and of the messages a message carries whole (a digest's, an attached `.eml`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from ..readers.documents import Card, MailMessage
from ..units import Unit, slug, unit_id
from .text import clean_text


def card_unit(card: Card) -> Unit:
    """An event (dated by its start, its organizer as sender, its attendees as `to`) or a
    contact (its person as sender), its words searchable as any unit's."""
    text = clean_text(card.text, markdown=False)
    person = card.person
    return Unit(
        id=unit_id(card.source, card.kind, card.uid, card.title, card.date, text),
        kind=card.kind,
        source=card.source,
        thread=card.uid or slug(card.title or "") or f"{card.source}:{card.line_start}",
        subject=card.title,
        sender=person.name if person else None,
        to=tuple(p.name for p in card.people),
        cc=(),
        date=card.date,
        text=text,
        line_start=card.line_start,
        line_end=card.line_end,
        folder=card.folder,
        sender_address=person.address if person else None,
        to_addresses=tuple(p.address for p in card.people if p.address),
        addresses=card.addresses,
    )


def carried_units(
    mail: MailMessage, units: Sequence[Unit], split: Callable[[MailMessage], list[Unit]]
) -> list[Unit]:
    """The units of each message the mail carries, each outermost one linked to the mail's
    own unit (`attached_to`, naming it as the mail does), as an attached file's are."""
    carrier = next((unit for unit in units if not unit.quoted_in and not unit.attached_to), None)
    found: list[Unit] = []
    for inner in mail.carried:
        for unit in split(inner):
            if carrier is not None and not unit.quoted_in and not unit.attached_to:
                label = inner.carried_as or "attached message"
                unit = replace(unit, attached_to=carrier.id, attachments=(label, *unit.attachments))
            found.append(unit)
    return found
