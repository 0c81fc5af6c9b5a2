"""The Whoosh schema: a unit's fields, each with its analysis (`searchkit.analysis`), stored
and weighted.

Changing it, or what `document()` puts in, means bumping `index.SCHEMA_VERSION`.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from whoosh import fields, query

from ..analysis import EXACT_ANALYZER, PEOPLE_ANALYZER, TEXT_ANALYZER, FileNames, duplicate_hash
from ..dates import calendar_keys, naive, year_key
from ..units import EMAIL, Unit, subject_thread

#: Copies and echoes (quotes the corpus holds already): what no search or count finds.
HIDDEN = query.Term("hidden", "1")


def make_schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        kind=fields.ID(stored=True, sortable=True),
        source=fields.ID(stored=True),
        thread=fields.ID(stored=True, sortable=True),
        subject=fields.TEXT(analyzer=TEXT_ANALYZER, field_boost=2.0, phrase=False),
        text=fields.TEXT(analyzer=TEXT_ANALYZER, phrase=False),
        # the words as written (folded, not stemmed): quoted words and phrases search these
        subject_exact=fields.TEXT(analyzer=EXACT_ANALYZER, field_boost=2.0),
        text_exact=fields.TEXT(analyzer=EXACT_ANALYZER),
        sender=fields.TEXT(analyzer=PEOPLE_ANALYZER, field_boost=1.5),
        recipients=fields.TEXT(analyzer=PEOPLE_ANALYZER, field_boost=1.2),
        cc=fields.TEXT(analyzer=PEOPLE_ANALYZER),
        attachment=fields.TEXT(analyzer=FileNames(), phrase=False),
        author=fields.TEXT(analyzer=PEOPLE_ANALYZER),  # a page's, from its metadata
        date=fields.DATETIME(sortable=True),
        year=fields.ID(sortable=True),
        period=fields.KEYWORD(scorable=False),  # "2017-09 2017-09-20": date: as one term
        person=fields.ID(sortable=True),  # exact sender name, for facets
        signed=fields.ID(),  # "<sender>\t<signature>" pairs, for short names like `gdb`
        message_id=fields.ID(),
        topic=fields.ID(),  # the subject without Re:/Fwd:, where quotes look for originals
        quoted=fields.ID(),  # "1" for a quoted or forwarded message inside another
        copy=fields.ID(stored=True),  # "1" for a later copy of a message (same Message-ID)
        # "1" for a quote whose words stand in its thread already: indexed without its text,
        # so that an update can find it again when that original goes
        echo=fields.ID(),
        hidden=fields.ID(),  # "1" for a copy or an echo: never a hit
        record=fields.STORED(),
        # the record without its text, in a column: people tables and timelines read it for
        # every unit, which the stored record (text and all, unpickled per document) made slow
        envelope=fields.COLUMN(),
    )


_SIGNATURE = re.compile(r"^[-–—\s]*([A-Za-z][A-Za-z.]{1,11})\s*$")


def signature(unit: Unit) -> str | None:
    """The one-word sign-off closing an email (`-gdb`, `Elon`), if it has one."""
    if unit.kind != EMAIL or not unit.sender:
        return None
    last = unit.text.rstrip().rsplit("\n", 1)[-1]
    found = _SIGNATURE.match(last)
    return found.group(1).lower() if found else None


def document(unit: Unit, *, copy: bool = False, echo: bool = False) -> dict:
    """The Whoosh document of a unit (a `copy` is indexed but left out of searches; an `echo`
    is a quote the corpus holds already, kept without its text, never found)."""
    people = lambda names, addresses: " ".join((*names, *addresses))  # noqa: E731
    if echo:
        unit = replace(unit, text="")
    record = unit.to_dict()
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
        "recipients": people((*unit.to, *unit.cc), (*unit.to_addresses, *unit.cc_addresses)),
        "cc": people(unit.cc, unit.cc_addresses),
        "attachment": "\n".join(unit.attachments),
        "author": unit.author or "",
        "person": unit.sender or "",
        "message_id": unit.message_id or "",
        "topic": subject_thread(unit.subject) or "",
        "quoted": "1" if unit.quoted_in else "",
        "copy": "1" if copy else "",
        "echo": "1" if echo else "",
        "hidden": "1" if copy or echo else "",
        "record": _json(record),
        "envelope": _json({**record, "text": "", "duplicate": duplicate_hash(unit.text)}).encode(
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
    """Text Whoosh can encode as UTF-8: a lone surrogate (an undecodable byte of a file name,
    as os.fsdecode() gives it, or of a raw header) is spelled as its escape, `\\udcff`.
    The stored record keeps the exact string."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def stored_record(stored) -> dict:
    """The unit's record as `document()` stored it (a hit or a stored-fields dict)."""
    return json.loads(stored["record"])


def stored_unit(stored) -> Unit:
    """The unit a hit or a stored-fields dict holds: the one way back from the index."""
    return Unit.from_dict(stored_record(stored))


def _json(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
