"""The query tree: what a query string means, before any engine sees it.

searchkit parses its query language once (`parse.py`) into these nodes; each engine
translates them into its own queries, and the rules that are about the language rather than
an engine (relaxing a query that found nothing, a person's other names) rewrite them here.

A leaf's `field` is a field of the language's own (`sender`, `recipients`, `cc`, `subject`,
`text`, …; see `FIELDS`), or None for a free word, searched in every field words are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date

#: Names the query language gives fields, and the field each stands for.
FIELDS = {
    "from": "sender",
    "to": "recipients",
    "cc": "cc",
    "bcc": "bcc",
    "subject": "subject",
    "body": "text",
    "attachment": "attachment",
    "author": "author",
    "kind": "kind",
    "thread": "thread",
    "source": "source",
    "folder": "folder",
}
#: Fields a person's name is searched in.
PEOPLE_FIELDS = ("sender", "recipients", "cc", "bcc")
#: Fields where one message's copies differ: a message filed in two folders, or posted to
#: two lists, is indexed once, its later copies hidden, and is found by each copy's place.
PLACE_FIELDS = ("folder", "source")
#: Fields that hold names: the people fields and a page's author.
NAME_FIELDS = (*PEOPLE_FIELDS, "author")
#: Fields a free word is searched in, with the weight a match in each counts for.
FREE_WORD_FIELDS = {"subject": 2.0, "text": 1.0, "sender": 1.5, "recipients": 1.0}


@dataclass(frozen=True)
class Word:
    """A word searched by its stem (a name field's by the name as written)."""

    text: str
    field: str | None = None
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """A quoted word or phrase: the words as written (case and accents folded), in order,
    at most `slop` positions apart."""

    text: str
    field: str | None = None
    slop: int = 1
    boost: float = 1.0


@dataclass(frozen=True)
class Pattern:
    """A word with wildcards: `*` any run of letters, `?` one."""

    text: str
    field: str | None = None
    boost: float = 1.0


@dataclass(frozen=True)
class Fuzzy:
    """A word or any within `edits` edits of it, sharing its first `prefix` letters."""

    text: str
    field: str | None = None
    edits: int = 1
    prefix: int = 0
    boost: float = 1.0


@dataclass(frozen=True)
class Dates:
    """Units dated from `first` to `last`, whole days; None leaves that end open."""

    first: date | None
    last: date | None


@dataclass(frozen=True)
class Keys:
    """Units whose `field` is one of `values`, exactly: the messages whose later copies
    matched a place (see `PLACE_FIELDS`), the correspondence, the units with a date."""

    field: str
    values: frozenset[str]


@dataclass(frozen=True)
class All:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Any:
    """Any of the children; with `scale`, a unit matching more of them ranks higher by
    that factor per child (how a relaxed query puts units with most words first)."""

    children: tuple[Node, ...]
    scale: float | None = None


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class Everything:
    """Every unit: the empty query."""


@dataclass(frozen=True)
class Nothing:
    """No unit: a period none can fall in (`before:0001`)."""


Leaf = Word | Phrase | Pattern | Fuzzy
Node = Word | Phrase | Pattern | Fuzzy | Dates | Keys | All | Any | Not | Everything | Nothing
LEAVES = (Word, Phrase, Pattern, Fuzzy)


def keeps_stop_words(leaf: Leaf) -> bool:
    """Is every word of this leaf searched, stop words too? A word asked for in a field of
    names (`from:will`, `to:"May"`, `from:it@example.com`, `author:will`) is a name or a
    part of one; a free word's stop words are dropped (no name need be the `are` of
    `discussions are over`)."""
    return leaf.field in NAME_FIELDS


def leaves(node: Node) -> Iterator[Node]:
    """Every leaf under a node (dates count as leaves), in order."""
    if isinstance(node, (All, Any)):
        for child in node.children:
            yield from leaves(child)
    elif isinstance(node, Not):
        yield from leaves(node.child)
    else:
        yield node


def mapped(node: Node, rule: Callable[[Node], Node]) -> Node:
    """The node with each leaf (dates too) replaced by what `rule` makes of it."""
    if isinstance(node, All):
        return All(tuple(mapped(child, rule) for child in node.children))
    if isinstance(node, Any):
        return Any(tuple(mapped(child, rule) for child in node.children), node.scale)
    if isinstance(node, Not):
        return Not(mapped(node.child, rule))
    return rule(node)


def settled(node: Node) -> Node:
    """The node with what selects nothing (`before:0001`, a range that ends before it
    starts) carried up: a clause that must match and can't leaves the whole group nothing
    (the engines drop an empty clause, which made `musk before:0001` every musk)."""
    if isinstance(node, All):
        children = [settled(child) for child in node.children]
        if any(isinstance(child, Nothing) for child in children):
            return Nothing()
        kept: list[Node] = [child for child in children if not isinstance(child, Everything)]
        return _one_of(kept, All, Everything())
    if isinstance(node, Any):
        children = [settled(child) for child in node.children]
        if any(isinstance(child, Everything) for child in children):
            return Everything()
        options: list[Node] = [child for child in children if not isinstance(child, Nothing)]
        return _one_of(options, lambda found: Any(found, node.scale), Nothing())
    if isinstance(node, Not):
        child = settled(node.child)
        if isinstance(child, Nothing):
            return Everything()
        return Nothing() if isinstance(child, Everything) else Not(child)
    return node


def _one_of(kept: list[Node], group: Callable[[tuple[Node, ...]], Node], empty: Node) -> Node:
    if not kept:
        return empty
    return kept[0] if len(kept) == 1 else group(tuple(kept))


def with_field(node: Node, field: str) -> Node:
    """The node with every leaf searched in `field` (`from:(elon OR sam)`)."""
    return mapped(
        node, lambda leaf: replace(leaf, field=field) if isinstance(leaf, LEAVES) else leaf
    )


def written(node: Node) -> str:
    """A leaf as the query language writes it."""
    if isinstance(node, Fuzzy):
        return f"{node.text}~"
    if isinstance(node, (Word, Phrase, Pattern)):
        return node.text
    return ""
