"""The Whoosh schema: a unit's fields, each with its analysis (`searchkit.analysis`), stored
and weighted.

Changing it means bumping `manifest.SCHEMA_VERSION`.
"""

from __future__ import annotations

import json

from whoosh import columns, fields, query

from ..analysis import EXACT_ANALYZER, PEOPLE_ANALYZER, TEXT_ANALYZER, FileNames, FolderNames
from ..units import Unit

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
        bcc=fields.TEXT(analyzer=PEOPLE_ANALYZER),
        attachment=fields.TEXT(analyzer=FileNames(), phrase=False),
        author=fields.TEXT(analyzer=PEOPLE_ANALYZER),  # a page's, from its metadata
        folder=fields.TEXT(analyzer=FolderNames(), phrase=False),  # and the folders around it
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
        dated=fields.ID(),  # "1" for a unit with a date: sorted by it, the undated after
        record=fields.STORED(),
        # the record without its text, in a column: people tables and timelines read it for
        # every unit, which the stored record (text and all, unpickled per document) made slow
        envelope=fields.COLUMN(),
        # `places.place_number`, to page through matches that tie
        place=fields.COLUMN(columns.NumericColumn("Q")),
        # `fields.duplicate_number`: the exact duplicates among every match, counted for a
        # total
        duplicate=fields.COLUMN(columns.NumericColumn("Q")),
    )


def stored_record(stored) -> dict:
    """The unit's record as `document()` stored it (a hit or a stored-fields dict)."""
    return json.loads(stored["record"])


def stored_unit(stored) -> Unit:
    """The unit a hit or a stored-fields dict holds: the one way back from the index."""
    return Unit.from_dict(stored_record(stored))
