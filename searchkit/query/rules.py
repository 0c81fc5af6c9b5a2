"""Rules of the query language that no engine owns: a person's other names, and what a query
that found nothing becomes (its free words relaxed to any of them, its filters kept)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TypeGuard

from ..people import formal_names, other_names
from ..units import CORRESPONDENCE
from .parse import OPERATORS
from .tree import (
    LEAVES,
    PEOPLE_FIELDS,
    PLACE_FIELDS,
    All,
    Any,
    Dates,
    Everything,
    Keys,
    Node,
    Not,
    Pattern,
    Phrase,
    Word,
    leaves,
    mapped,
)

#: The units that are correspondence: emails and chat messages.
MAIL_OR_CHAT = Keys("kind", frozenset(CORRESPONDENCE))
#: How much less a unit matching one word fewer ranks, in a relaxed query.
RELAXED_SCALE = 0.9


def with_other_names(node: Node, aliases: Mapping[str, list[str]]) -> Node:
    """`from:gdb` also finds Greg Brockman when the corpus (or the alias file) says so,
    `from:"Jane Doe"` her mail from each address her card gives, and `from:jeff` Jeffrey and
    Geoffrey: a name in a people field stands for the names it is short for. Free words are
    left alone: `bill` in a sentence is no William."""

    def with_names(leaf: Node) -> Node:
        if not (isinstance(leaf, (Word, Phrase)) and leaf.field in PEOPLE_FIELDS):
            return leaf
        leaf = _as_address(leaf)
        names: list[Node] = [
            _as_address(Phrase(name, leaf.field)) for name in other_names(leaf.text, aliases)
        ]
        if isinstance(leaf, Word):
            lower = leaf.text.lower()
            names += [Word(name, leaf.field) for name in formal_names(lower) if name != lower]
        return Any((leaf, *names)) if names else leaf

    return mapped(node, with_names)


#: A letter of a script written without spaces between words: Thai, Lao, Myanmar, Khmer,
#: Hangul (whose words take their particles: `서울에서`), Japanese kana, Chinese characters.
#: The analyser reads a run of them as one word (`東京の会議は延期です`).
UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u3040-\u30ff\u3130-\u318f"
    "\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f]"
)


def within_runs(node: Node) -> Node:
    """A word of a script written without spaces (`東京`), typed alone or quoted, also
    sought inside the runs the index holds as one word (`*東京*`): else it would find only
    a run that is that word alone, and miss, without a word said, every sentence holding
    it. `unspaced` names those words, for the notice that says so."""

    def inside(leaf: Node) -> Node:
        if not _is_unspaced(leaf):
            return leaf
        return Any((leaf, Pattern(f"*{leaf.text.strip()}*", leaf.field, leaf.boost)))

    return mapped(node, inside)


def unspaced(node: Node) -> list[str]:
    """The words of the query that `within_runs` seeks inside runs, as typed."""
    return [leaf.text.strip() for leaf in leaves(node) if _is_unspaced(leaf)]


def _is_unspaced(leaf: Node) -> TypeGuard[Word | Phrase]:
    """One word (no wildcard) holding a letter of a script written without spaces."""
    return (
        isinstance(leaf, (Word, Phrase))
        and UNSPACED.search(leaf.text) is not None
        and len(leaf.text.split()) == 1
        and not any(char in leaf.text for char in "*?")
    )


def with_copies_placed(node: Node, copies: Callable[[Node], frozenset[str]]) -> Node:
    """`folder:Sent` also finds the messages filed in Sent whose first copy the corpus
    holds in another folder (Gmail's All Mail, Thunderbird's Inbox before a move), as
    notmuch's `folder:` finds a message by any of its files: `copies` gives the Message-IDs
    of the later copies a place leaf matches, and the message is found by its Message-ID."""

    def placed(leaf: Node) -> Node:
        if not (isinstance(leaf, LEAVES) and leaf.field in PLACE_FIELDS):
            return leaf
        ids = copies(leaf)
        return Any((leaf, Keys("message_id", ids))) if ids else leaf

    return mapped(node, placed)


def _as_address(node: Word | Phrase) -> Word | Phrase:
    """An address is one word, quoted or not: as a phrase of its parts, `"a@x.test"` also
    matched `a.a@x.test` (the parts `a x test` stand in it, in order)."""
    text = node.text.strip()
    if isinstance(node, Phrase) and _ADDRESS.match(text):
        return Word(text, node.field, boost=node.boost)
    return node


_ADDRESS = re.compile(r"^[^\s@\"]{1,200}@[^\s@\"]{1,200}$")


def clauses(node: Node) -> tuple[Node, ...]:
    """The clauses that must all match."""
    return node.children if isinstance(node, All) else (node,)


def is_free(clause: Node) -> bool:
    """Is this a free word, phrase or pattern (or a choice of them), searched in every field
    words are, rather than a field, a date or an exclusion?"""
    if isinstance(clause, Any):
        return all(is_free(child) for child in clause.children)
    return isinstance(clause, LEAVES) and clause.field is None


def free_words(node: Node) -> tuple[list[Node], list[Node]]:
    """The clauses of a query that are free words and the others: fields, dates, exclusions."""
    found = clauses(node)
    return [c for c in found if is_free(c)], [c for c in found if not is_free(c)]


def relaxed(node: Node) -> Node | None:
    """The query with its free words OR-ed, units with most of them first; its fields, dates
    and exclusions kept as they are (a filter is never relaxed). None without two free words."""
    free, fixed = free_words(node)
    if len(free) < 2:
        return None
    any_of = Any(tuple(free), RELAXED_SCALE)
    return All((*fixed, any_of)) if fixed else any_of


def named(node: Node) -> list[Word]:
    """The names the query looks for in people fields, as typed (not their other names)."""
    return [
        leaf
        for clause in free_words(node)[1]
        if not isinstance(clause, Not)
        for leaf in leaves(clause)
        if isinstance(leaf, Word) and leaf.field in PEOPLE_FIELDS
    ]


#: Fields of one term a unit (`kind:email`), in which every unit a word matches scores alike.
KEY_FIELDS = ("kind", "thread", "source")


def scores_alike(node: Node) -> bool:
    """Does every unit the query matches score alike: no clause but fields of one term, dates,
    and exclusions (`kind:email date:2015 -from:alice`)? Then a score tells no match from
    another: they stand in the corpus's order."""
    return all(map(_scores_alike, clauses(node)))


def scores_by_names(node: Node) -> bool:
    """Does the query score its matches by names alone (`from:alice kind:email`)? Then a
    person's units mostly score alike (a name's length is what tells them apart)."""
    return not scores_alike(node) and all(
        _scores_alike(clause)
        or all(isinstance(leaf, LEAVES) and leaf.field in PEOPLE_FIELDS for leaf in leaves(clause))
        for clause in clauses(node)
    )


def _scores_alike(clause: Node) -> bool:
    """Does every unit the clause matches score alike: a field of one term, a date, an
    exclusion?"""
    return isinstance(clause, (Not, Dates, Keys, Everything)) or (
        isinstance(clause, Word) and clause.field in KEY_FIELDS
    )


def has_dates(node: Node) -> bool:
    return any(isinstance(leaf, Dates) for leaf in leaves(node))


def dated_only(node: Node) -> bool:
    """Does every match of the query have a date (`date:2015 budget`)?"""
    if isinstance(node, All):
        return any(dated_only(child) for child in node.children)
    if isinstance(node, Any):
        return all(dated_only(child) for child in node.children)
    return isinstance(node, Dates)


_PIECE = re.compile(r'[^\s"]*"[^"]*"(?:~\d+)?|\S+')


def unquoted_words(text: str) -> list[str]:
    """The words of a query string searched by their stems: not quoted, not a field's, not
    excluded (`-word`, `NOT word`, `NOT (a b)`), no wildcard or fuzzy term."""
    words = []
    excluded = 0  # the depth of parentheses after a NOT, while inside them
    negate = False
    for piece in _PIECE.findall(text):
        opened, closed = piece.count("("), piece.count(")")
        if excluded:
            excluded += opened - closed
            continue
        if piece in OPERATORS:
            negate = piece in ("NOT", "ANDNOT")
            continue
        if negate:
            negate = False
            excluded = max(opened - closed, 0)
            continue
        if '"' in piece or ":" in piece or piece.lstrip("(").startswith("-"):
            continue
        word = piece.strip("()+")
        if word and not re.search(r"[*?~^]", word):
            words.append(word)
    return words
