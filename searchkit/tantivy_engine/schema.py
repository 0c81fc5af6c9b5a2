"""The tantivy schema: the Whoosh schema's fields, each made the tantivy way, with the same
terms in them.

A Whoosh ID is one raw term here, a KEYWORD its space-separated terms, a TEXT field the
words of *its own* Whoosh analyser (stemming, accent folding, compounds as parts and
merged, stop words), with positions where Whoosh keeps them: written out for tantivy to
split at their spaces (`WORDS_TOKENIZER`) where each takes the next place or none is kept,
else handed over as tokens, each at its place. tantivy's own analysers give other terms
(Snowball's English stemmer is not Whoosh's Porter; no filter writes `non-profit` as
`nonprofit` too: bench/tantivy_probe.py measures both), and a query tree must mean the same
on both engines.

The analysers, `document()` (a unit's field values) and `indexable()` come from the Whoosh
engine's schema module: they are engine-neutral (pure Python token filters, plain values),
and stay the one home of analysis until the engine seam gives them a module of their own.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timezone
from typing import Any

import tantivy

from ..analysis import (
    EXACT_ANALYZER,
    PEOPLE_ANALYZER,
    TEXT_ANALYZER,
    FileNames,
    FolderNames,
    word_columns,
    written_out,
)
from ..fields import document, duplicate_number, indexable
from ..tallies import facet_values
from ..units import Unit

#: How a field is made: one raw term (an id, a kind), raw terms split on spaces (calendar
#: keys), analysed words, a number (a year, a unit's place: tantivy ranges and sorts over
#: numbers fast), a date (sorting), or bytes kept for reading back (the record).
KEY, KEYS, WORDS, NUMBER, DATE, STORED = "key", "keys", "words", "number", "date", "stored"
#: A number kept only as a column, for counting (no search looks for it).
COLUMN = "column"

#: The analyser of the analysed fields, registered on every index opened: a field's words
#: are handed to tantivy written out, one space between two, wherever their places go one
#: by one (or are not kept), which tantivy splits faster than it takes a token object each;
#: the other texts' words are handed over as tokens, at their places.
WORDS_TOKENIZER = "searchkit_words"

#: The dates tantivy can hold (nanoseconds since 1970 in 64 bits); a date outside is indexed
#: at the nearer end, where it sorts the same.
EARLIEST = tantivy.MIN_DATETIME.replace(tzinfo=None)
LATEST = tantivy.MAX_DATETIME.replace(tzinfo=None)


@dataclass(frozen=True)
class Field:
    """One field of the index: how it is made, and what tantivy keeps of it."""

    name: str
    kind: str
    stored: bool = False
    fast: bool = False  # a column: sorting by it and facet counts read it
    positions: bool = False  # phrases search it
    analyzer: Callable[..., Iterable[Any]] | None = None  # WORDS: the Whoosh analyser


#: The Whoosh schema's fields (`searchkit.engine.schema.make_schema`), in its order; what
#: each is for is said there.
FIELDS = (
    Field("id", KEY, stored=True),
    Field("kind", KEY, stored=True, fast=True),
    Field("source", KEY, stored=True),
    Field("thread", KEY, stored=True, fast=True),
    Field("subject", WORDS, analyzer=TEXT_ANALYZER),
    Field("text", WORDS, analyzer=TEXT_ANALYZER),
    Field("subject_exact", WORDS, positions=True, analyzer=EXACT_ANALYZER),
    Field("text_exact", WORDS, positions=True, analyzer=EXACT_ANALYZER),
    Field("sender", WORDS, positions=True, analyzer=PEOPLE_ANALYZER),
    Field("recipients", WORDS, positions=True, analyzer=PEOPLE_ANALYZER),
    Field("cc", WORDS, positions=True, analyzer=PEOPLE_ANALYZER),
    Field("bcc", WORDS, positions=True, analyzer=PEOPLE_ANALYZER),
    Field("attachment", WORDS, analyzer=FileNames()),
    Field("author", WORDS, positions=True, analyzer=PEOPLE_ANALYZER),
    Field("folder", WORDS, analyzer=FolderNames()),
    Field("date", DATE, fast=True),
    # a number, so that `before:2018` is one range rather than every year since 0001
    Field("year", NUMBER, fast=True),
    Field("period", KEYS),
    Field("person", KEY, fast=True),
    Field("signed", KEY),
    Field("message_id", KEY),
    Field("topic", KEY),
    Field("quoted", KEY),
    Field("copy", KEY, stored=True),
    Field("echo", KEY),
    Field("hidden", KEY),
    Field("dated", KEY),
    Field("record", STORED, stored=True),
    # Whoosh's column of records without their text; tantivy reads numeric columns only
    # back to Python, so it is stored beside the record
    Field("envelope", STORED, stored=True),
    Field("place", NUMBER, fast=True),
)

#: tantivy's own fields, for counting facets in the engine (`reading.TantivyReader.counted`;
#: Whoosh counts from the envelopes): each person a unit went to or was copied to, a number
#: its exact duplicates share, and "1" for a unit whose text another shares (or did: a mark
#: left by a unit gone only widens the look), the few a count of duplicates looks among.
COUNTING_FIELDS = (
    Field("recipient", KEY, fast=True),
    # the sender's and each recipient's value numbered (`value_number`): tantivy counts
    # numbers faster than the words of a column, one look-up fewer for each value counted
    Field("sender_number", COLUMN, fast=True),
    Field("recipient_number", COLUMN, fast=True),
    Field("duplicate", NUMBER, fast=True),
    Field("shared", KEY),
)


#: Query words whose terms are remembered, at most.
_QUERIES_KEPT = 4096


@functools.cache
def index_fields() -> dict[str, Field]:
    """The fields by name."""
    return {field.name: field for field in (*FIELDS, *COUNTING_FIELDS)}


def make_schema() -> tantivy.Schema:
    """The tantivy schema of `index_fields()`."""
    builder = tantivy.SchemaBuilder()
    for field in index_fields().values():
        if field.kind in (KEY, KEYS):
            builder.add_text_field(
                field.name,
                stored=field.stored,
                fast=field.fast,
                tokenizer_name="raw",
                index_option="basic",
            )
        elif field.kind == WORDS:
            builder.add_text_field(
                field.name,
                stored=field.stored,
                tokenizer_name=WORDS_TOKENIZER,
                index_option="position" if field.positions else "freq",
            )
        elif field.kind == NUMBER:
            builder.add_unsigned_field(field.name, stored=field.stored, indexed=True, fast=True)
        elif field.kind == COLUMN:
            builder.add_unsigned_field(field.name, indexed=False, fast=True)
        elif field.kind == DATE:
            builder.add_date_field(field.name, stored=field.stored, indexed=True, fast=True)
        else:
            builder.add_bytes_field(field.name, stored=True)
    return builder.build()


def unit_document(
    unit: Unit, place: int, *, copy: bool = False, echo: bool = False, shared: bool = False
) -> tantivy.Document:
    """The tantivy document of a unit: Whoosh's `document()`, field for field (a `copy` and
    an `echo` are hidden from searches as there), marked `shared` where its text is."""
    made = tantivy.Document()
    known = index_fields()
    values = document(unit, place, copy=copy, echo=echo)
    for name, value in values.items():
        _add(made, known[name], value)
    if "person" in values:
        made.add_unsigned("sender_number", value_number(values["person"]))
    for name in facet_values(unit)["recipient"]:
        made.add_text("recipient", indexable(name))
        made.add_unsigned("recipient_number", value_number(indexable(name)))
    made.add_unsigned("duplicate", duplicate_number(unit))
    if shared:
        made.add_text("shared", "1")
    return made


def value_number(value: str) -> int:
    """A facet's value as a number of 52 bits, which an aggregation's keys (doubles) give
    back exactly; the reader tells it back from the terms of the value's field."""
    digest = hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 12


def _add(made: tantivy.Document, field: Field, value: Any) -> None:
    if field.kind == KEY:
        made.add_text(field.name, value)
    elif field.kind == KEYS:
        for key in value.split():
            made.add_text(field.name, key)
    elif field.kind == WORDS:
        assert field.analyzer is not None
        written = written_out(field.analyzer, value, places=field.positions)
        if written is None:
            made.add_pre_tokenized_text(field.name, _tokens(field, value))
        else:
            made.add_text(field.name, written)
    elif field.kind == NUMBER:
        made.add_unsigned(field.name, int(value))
    elif field.kind == DATE:
        made.add_date(field.name, min(max(value, EARLIEST), LATEST).replace(tzinfo=timezone.utc))
    else:
        made.add_bytes(field.name, stored_bytes(value))


def pre_tokenized(field: Field, text: str) -> tantivy.PreTokenizedString:
    """The text as the field's Whoosh analyser indexes it: each term at its position."""
    assert field.analyzer is not None
    words = word_columns(field.analyzer, text)
    return tantivy.PreTokenizedString(text, list(map(tantivy.Token, *words)))


#: A text this short may come back (a sender with their address, a thread's recipients, a
#: subject): its tokens are remembered.
_SHORT_TEXT = 200


def _tokens(field: Field, text: str) -> tantivy.PreTokenizedString:
    if len(text) <= _SHORT_TEXT:
        return _short_tokens(field.name, text)
    return pre_tokenized(field, text)


@functools.lru_cache(maxsize=512)  # (each holds its tokens: a few kB)
def _short_tokens(name: str, text: str) -> tantivy.PreTokenizedString:
    return pre_tokenized(index_fields()[name], text)


def words_tokenizer() -> tantivy.TextAnalyzer:
    """How tantivy reads a field's words written out (`WORDS_TOKENIZER`): split at the
    spaces between them, each a term as it is; no term holds a space (a word is letters
    and digits, folded and stemmed)."""
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()


def stored_bytes(value: str | bytes) -> bytes:
    """A stored value as bytes: a record's lone surrogates (undecodable file-name bytes)
    survive, as `json.loads()` of the bytes reads them back."""
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")


@functools.lru_cache(maxsize=_QUERIES_KEPT)
def query_terms(field: str, text: str, **options: Any) -> tuple[str, ...]:
    """A query's text as the field's analyser reads it (`mode="query"`, with Whoosh's parser
    options `tokenize` and `removestops` as its nodes pass them): the terms a leaf searches
    for, the same on both engines. Remembered: a query's words are read for each field it
    searches, and again by each search that follows (a page, its facets, a notebook's loop)."""
    return _terms(index_fields()[field], text, mode="query", **options)


@functools.lru_cache(maxsize=_QUERIES_KEPT)
def phrase_terms(field: str, text: str, mode: str) -> tuple[str, ...]:
    """A quoted phrase's words in the field, as the phrase `mode` spells a compound."""
    return _terms(index_fields()[field], text, mode=mode)


def _terms(field: Field, text: str, **options: Any) -> tuple[str, ...]:
    if field.kind == WORDS:
        assert field.analyzer is not None
        return tuple(token.text for token in field.analyzer(text, **options))
    return tuple(text.split()) if field.kind == KEYS else (text,)
