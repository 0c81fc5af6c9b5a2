"""The query language read into searchkit's own tree: every tree the grammar can make,
written as a user would type it, reads back as that tree; and the rules on the tree (other
names, relaxing) keep filters as filters."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit.errors import QueryError
from searchkit.query import rules
from searchkit.query.parse import parse
from searchkit.query.tree import (
    FIELDS,
    All,
    Any,
    Dates,
    Everything,
    Fuzzy,
    Node,
    Not,
    Pattern,
    Phrase,
    Word,
    mapped,
)

LANGUAGE_NAME = {field: name for name, field in FIELDS.items()}
words = st.from_regex(r"[a-zà-ÿ][a-z0-9à-ÿ]{0,7}", fullmatch=True)
fields = st.none() | st.sampled_from(sorted(LANGUAGE_NAME))
days = st.dates(min_value=date(1971, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def leaves(draw) -> Node:
    field = draw(fields)
    kind = draw(st.sampled_from(["word", "phrase", "pattern", "fuzzy", "dates"]))
    word = draw(words)
    if kind == "phrase":
        text = " ".join([word, *draw(st.lists(words, max_size=3))])
        return Phrase(text, field, slop=draw(st.sampled_from([1, 1, 2, 5])))
    if kind == "pattern":
        cut = draw(st.integers(0, len(word)))
        # a `?` ending a word is a question's mark, not a wildcard (documented)
        wildcard = draw(st.sampled_from(["*", "?"])) if cut < len(word) else "*"
        return Pattern(word[:cut] + wildcard + word[cut:], field)
    if kind == "fuzzy":
        return Fuzzy(word, field, edits=draw(st.integers(1, 2)), prefix=draw(st.integers(0, 1)))
    if kind == "dates":
        first, last = sorted([draw(days), draw(days)])
        return Dates(*draw(st.sampled_from([(first, last), (first, None), (None, last)])))
    return Word(word, field)


def trees(leaf=None, depth: int = 2):
    """Trees of the whole grammar, `depth` groups deep, over `leaf` (else `leaves()`)."""
    leaf = leaves() if leaf is None else leaf
    if depth == 0:
        return leaf
    inner = trees(leaf, depth - 1)
    return st.one_of(
        leaf,
        st.lists(inner, min_size=2, max_size=4).map(lambda found: All(tuple(found))),
        st.lists(inner, min_size=2, max_size=3).map(lambda found: Any(tuple(found))),
        inner.map(Not),
    )


def written(node: Node) -> str:
    """A tree as a user types it."""
    if isinstance(node, All):
        return " ".join(_grouped(child, All) for child in node.children)
    if isinstance(node, Any):
        return " OR ".join(_grouped(child, Any) for child in node.children)
    if isinstance(node, Not):
        return "-" + _grouped(node.child, Not)
    if isinstance(node, Dates):
        if node.last is None:
            return f"after:{node.first}"
        return f"date:{node.first or ''}..{node.last}"
    field = f"{LANGUAGE_NAME[node.field]}:" if getattr(node, "field", None) else ""
    if isinstance(node, Phrase):
        slop = f"~{node.slop}" if node.slop != 1 else ""
        return f'{field}"{node.text}"{slop}'
    if isinstance(node, Fuzzy):
        return f"{field}{node.text}~{node.edits}" + (f"/{node.prefix}" if node.prefix else "")
    assert isinstance(node, (Word, Pattern))
    return field + node.text


def _grouped(node: Node, inside: type) -> str:
    """A group in parentheses where the reading would otherwise differ: OR binds closer
    than the words around it, and a minus takes one clause."""
    plain = isinstance(node, (All, Any)) and (inside is not All or isinstance(node, All))
    return f"({written(node)})" if plain or (inside is Not and isinstance(node, Not)) else (
        written(node)
    )


def flat(node: Node) -> Node:
    """The tree as the parser builds it: a group inside a group of its kind is one group."""
    if isinstance(node, (All, Any)):
        children = [flat(child) for child in node.children]
        kind = type(node)
        merged = [part for child in children for part in _parts(child, kind)]
        return kind(tuple(merged))
    if isinstance(node, Not):
        return Not(mapped(flat(node.child), _as_written))
    return node


def _as_written(leaf: Node) -> Node:
    """A word left out is left out as written (a phrase of one word), but a name's."""
    if isinstance(leaf, Word) and leaf.field in (None, "text", "subject"):
        return Phrase(leaf.text, leaf.field, boost=leaf.boost)
    return leaf


def _parts(node: Node, kind: type) -> tuple[Node, ...]:
    return node.children if isinstance(node, kind) else (node,)


@settings(max_examples=400, deadline=None)
@given(trees())
def test_every_tree_reads_back_from_how_a_user_types_it(node):
    assert parse(written(node)) == flat(node), written(node)


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("", Everything()),
        ("board control", All((Word("board"), Word("control")))),
        ("tesla OR spacex funding", All((Any((Word("tesla"), Word("spacex"))), Word("funding")))),
        ("from:(elon OR sam)", Any((Word("elon", "sender"), Word("sam", "sender")))),
        ('to:"Greg Brockman"', Phrase("Greg Brockman", "recipients")),
        ("x ANDNOT y", All((Word("x"), Not(Phrase("y"))))),
        ("NOT (a b)", Not(All((Phrase("a"), Phrase("b"))))),
        ("x -subject:y -from:z", All((Word("x"), Not(Phrase("y", "subject")), Not(Word("z", "sender"))))),
        ("non-profit", Word("non-profit")),  # a minus inside a word is no exclusion
        ("why did he leave?", All((Word("why"), Word("did"), Word("he"), Word("leave")))),
        ("foo:bar", All((Word("foo"), Word("bar")))),  # no field: words like any other
        ("before:2018", Dates(None, date(2017, 12, 31))),
        ("* fund*", Pattern("fund*")),
    ],
)
def test_the_language_reads_as_documented(text, tree):
    assert parse(text) == tree


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('"open', "unclosed quote"),
        ("safty~3", "at most 2 edits"),
        ("ab~1/3", "prefix is longer than the word"),
        ("date:soon", "is not a date"),
        ("date:..", "needs at least one end"),
        ('date:"2017"', "takes a date"),
    ],
)
def test_what_cannot_be_read_is_one_line(text, says):
    with pytest.raises(QueryError, match=says) as raised:
        parse(text)
    assert "\n" not in str(raised.value)


def test_a_short_name_stands_for_the_names_it_is_short_for():
    tree = rules.with_other_names(parse("from:jeff funding"), {"jeff": ["Jeff Skilling"]})
    first = tree.children[0]
    assert isinstance(first, Any)
    assert Word("jeff", "sender") in first.children
    assert Phrase("Jeff Skilling", "sender") in first.children
    assert Word("jeffrey", "sender") in first.children  # from the table of short forms
    assert tree.children[1] == Word("funding")  # a free word is no name


def test_relaxing_keeps_fields_dates_and_exclusions():
    tree = parse("from:ilya date:2017 tesla bezos -google")
    wider = rules.relaxed(tree)
    assert isinstance(wider, All)
    *kept, any_of = wider.children
    assert kept == [Word("ilya", "sender"), Dates(date(2017, 1, 1), date(2017, 12, 31)),
                    Not(Phrase("google"))]
    assert isinstance(any_of, Any) and any_of.children == (Word("tesla"), Word("bezos"))
    assert rules.relaxed(parse("from:ilya tesla")) is None  # one free word: nothing to relax


def test_trees_no_parser_makes_translate_too(bundled_index):
    """A tree built in code (a group in a group of its kind, holding dates) and a fuzzy
    prefix longer than the word's stem: both answered, neither raised."""
    from searchkit.engine.queries import to_whoosh
    from searchkit.engine.schema import make_schema

    nested = All((Word("tesla"), All((Word("funding"), Dates(date(2017, 1, 1), date(2017, 12, 31))))))
    assert to_whoosh(nested, make_schema()) is not None
    from searchkit import Archive

    from .conftest import CORPUS

    with Archive(CORPUS, bundled_index, notify=lambda _: None) as archive:
        # (a fuzzy word matches words as written: at least the word itself)
        near = archive.search("running~1/6", refresh=False).total
        assert near >= archive.search('"running"', refresh=False).total > 0
        assert archive.search("tesla funding date:2017", refresh=False).total
