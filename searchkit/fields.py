"""A unit as the fields every engine indexes: their names, and `document()`, each field's
value (its words made by `searchkit.analysis`).

Changing what `document()` puts in means bumping `manifest.SCHEMA_VERSION`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import replace
from typing import Any

from .dates import calendar_keys, naive, year_key
from .tallies import sender_values
from .units import EMAIL, Unit, subject_thread

#: The unstemmed field beside each stemmed one: where a quoted word or phrase is searched.
EXACT = {"text": "text_exact", "subject": "subject_exact"}
#: And back: the field an exact one stands beside.
STEMMED = {exact: stemmed for stemmed, exact in EXACT.items()}
#: Fields a person's name is searched in, as the query language names them.
PEOPLE_FIELDS = ("sender", "recipients", "cc", "bcc")
#: What `stats` counts the units by, and the field each count reads.
COUNTED_FIELDS = {"sender": "person", "kind": "kind"}


_SIGNATURE = re.compile(r"^[-–—\s]*([A-Za-z][A-Za-z.]{1,11})\s*$")


def signature(unit: Unit) -> str | None:
    """The one-word sign-off closing an email (`-gdb`, `Elon`), if it has one."""
    if unit.kind != EMAIL or not unit.sender:
        return None
    last = unit.text.rstrip().rsplit("\n", 1)[-1]
    found = _SIGNATURE.match(last)
    return found.group(1).lower() if found else None


def document(unit: Unit, place: int, *, copy: bool = False, echo: bool = False) -> dict:
    """A unit's fields, as every engine indexes them, at its `places.place_number` (a `copy`
    is indexed but left out of searches; an `echo` is a quote the corpus holds already, kept
    without its text, never found)."""
    people = lambda names, addresses: " ".join((*names, *addresses))  # noqa: E731
    if echo:
        unit = replace(unit, text="")
    record = {
        **unit.to_dict(),
        "duplicate": duplicate_hash(unit.text, said_by(unit)),
        "place": place,
    }
    doc: dict[str, Any] = {
        "id": unit.id,
        "kind": unit.kind,
        "source": unit.source,
        "thread": unit.thread,
        "subject": unit.subject or "",
        "text": unit.text,
        "subject_exact": unit.subject or "",
        "text_exact": unit.text,
        "sender": " ".join(filter(None, (unit.sender, unit.sender_address))),
        "recipients": people(
            (*unit.to, *unit.cc, *unit.bcc),
            (*unit.to_addresses, *unit.cc_addresses, *unit.bcc_addresses),
        ),
        "cc": people(unit.cc, unit.cc_addresses),
        "bcc": people(unit.bcc, unit.bcc_addresses),
        "attachment": "\n".join(unit.attachments),
        "author": unit.author or "",
        "folder": unit.folder or "",
        "person": next(iter(sender_values(unit)), ""),
        "message_id": unit.message_id or "",
        "topic": subject_thread(unit.subject) or "",
        "quoted": "1" if unit.quoted_in else "",
        "copy": "1" if copy else "",
        "echo": "1" if echo else "",
        "hidden": "1" if copy or echo else "",
        "dated": "1" if unit.date else "",
        "place": place,
        "record": _json(record),
        "envelope": _json({**record, "text": ""}).encode(
            "utf-8",
            "surrogatepass",  # json.loads() of bytes decodes them back the same way
        ),
    }
    if unit.date:
        doc["date"] = naive(unit.date)
        doc["year"] = year_key(unit.date)
        doc["period"] = " ".join(calendar_keys(unit.date))
    sign = signature(unit)
    if sign:
        doc["signed"] = f"{unit.sender}\t{sign}"
    return {
        name: indexable(value) if isinstance(value, str) and name != "record" else value
        for name, value in doc.items()
        if value != ""
    }


def indexable(text: str) -> str:
    """Text an engine can encode as UTF-8: a lone surrogate (an undecodable byte of a file
    name, as os.fsdecode() gives it, or of a raw header) is spelled as its escape, `\\udcff`.
    The stored record keeps the exact string."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def duplicate_key(text: str) -> str:
    """Units whose text is the same, whatever the spacing and case, share this key."""
    return " ".join(text.lower().split())


def shared_text(record: dict[str, Any]) -> str:
    """What a stored record's exact duplicates share: its `duplicate_hash`, stored with it
    (a search collapses its hits' duplicates without reading their texts again)."""
    return record["duplicate"]


def said_by(unit: Unit) -> str:
    """Who said a unit's words, and on which day: the same words are one message only when
    one person wrote them on one day (a printout beside its mail), never two people's
    identical notes, nor one person's "Thanks!" of two days."""
    person = " ".join((unit.sender or unit.sender_address or "").lower().split())
    day = naive(unit.date).date().isoformat() if unit.date else ""
    return f"{person}\t{day}"


def duplicate_number(unit: Unit) -> int:
    """`duplicate_hash` as a number of 52 bits, which an aggregation's keys (doubles) give
    back exactly (tantivy counts duplicates so; Whoosh keeps it in a column): units sharing
    it are the same words said by the same person on the same day, or very seldom differ
    (the stored hashes tell)."""
    return int(duplicate_hash(unit.text, said_by(unit)), 16) >> 12


@functools.lru_cache(maxsize=4)  # tantivy's document asks again for the unit just indexed
def duplicate_hash(text: str, said: str) -> str:
    """A short digest of `duplicate_key` and `said_by`, for collapsing duplicates without
    their text."""
    key = f"{said}\n{duplicate_key(text)}"
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def _json(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
