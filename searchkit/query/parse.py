"""Reading a query string into the query tree.

The language is notmuch's and Whoosh's: words (all of them), "phrases" (`"a b"~2` allows
two words between), `OR`, `AND`, `NOT`, `-word`, `compu*`, `safty~` (`~2`, `~1/3`: edits and
the letters that must match), `word^2`, parentheses, and fields: `from:elon`,
`to:"Greg Brockman"`, `subject:(tesla OR spacex)`, `date:2017-09..2018-02`, `after:30d`.

`OR` binds the words either side of it (`tesla OR spacex funding` is `(tesla OR spacex)
funding`); a name followed by a colon that is no field is read as a word.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Mapping
from dataclasses import dataclass

from ..errors import QueryError
from ..fields import EXACT
from .periods import period
from .tree import (
    FIELDS,
    All,
    Any,
    Everything,
    Fuzzy,
    Node,
    Not,
    Nothing,
    Pattern,
    Phrase,
    Word,
    mapped,
    settled,
    with_field,
)

#: The longest query string searched; a longer one is refused (a pasted document is no query).
MAX_QUERY_CHARS = 1000
#: Edits a fuzzy term may allow: past two, every term of the index is near enough to try.
MAX_FUZZY_EDITS = 2
#: Fields that take a period rather than words.
DATE_OPERATORS = ("date", "after", "before")
#: Keyword filters of `search()` and the query field each one stands for.
FILTERS = {
    "sender": "from",
    "from_": "from",
    "to": "to",
    "cc": "cc",
    "bcc": "bcc",
    "subject": "subject",
    "attachment": "attachment",
    "author": "author",
    "kind": "kind",
    "thread": "thread",
    "source": "source",
    "folder": "folder",
    "date": "date",
    "after": "after",
    "before": "before",
    "text": "body",
}
OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT"})

#: A question mark ending a word (`why did he leave?`) is punctuation, not the one-letter
#: wildcard (which made `over?` find no "over"); inside a word it stays one.
_QUESTION_MARK = re.compile(r"(?:(?<=\w\w)|(?<=\"))\?+(?=\s|\)|$)")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f]+")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_FIELD = re.compile(r"([A-Za-z_]\w{0,30}):(?=[^\s)])")
_WORD = re.compile(r'[^\s()"]+')
_PHRASE_END = re.compile(r'"(?:~(\d{1,3}))?(?:\^(\d{0,3}(?:\.\d{1,3})?))?')
_SUFFIXES = re.compile(r"(.+?)(?:~(\d{1,3})?(?:/(\d{1,3}))?)?(?:\^(\d{0,3}(?:\.\d{1,3})?))?")
_ONLY_WILDCARDS = re.compile(r"[*?:]*[*?][*?:]*")


@dataclass(frozen=True)
class _Token:
    kind: str  # "(", ")", "sign", "field", "phrase", "word"
    text: str = ""
    slop: int = 1
    boost: float = 1.0


def parse(text: str) -> Node:
    """The query tree of a query string; QueryError for what it cannot understand or what
    would cost too much, said in one line."""
    text = _QUESTION_MARK.sub("", _plain(text))
    if text.count('"') % 2:
        raise QueryError('unclosed quote: every " needs its partner')
    tokens = list(_tokens(text))
    if not tokens:
        return Everything()
    node, _ = _sequence(tokens, 0, depth=0)
    return settled(node) if node is not None else Everything()


def _plain(text: str) -> str:
    """The query with control characters read as spaces; QueryError when it is too long or
    holds what is not text (a lone surrogate, from undecodable bytes)."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(text):,} characters long; at most {MAX_QUERY_CHARS:,}")
    surrogate = _SURROGATE.search(text)
    if surrogate:
        code = ord(surrogate.group())
        raise QueryError(f"the query holds U+{code:04X}, which is not text (undecodable bytes?)")
    return _CONTROLS.sub(" ", text)


def _tokens(text: str) -> Generator[_Token, None, None]:
    at, end = 0, len(text)
    while at < end:
        char = text[at]
        if char.isspace():
            at += 1
        elif char in "()":
            yield _Token(char)
            at += 1
        elif char == '"':
            close = text.index('"', at + 1)
            suffix = _PHRASE_END.match(text, close)
            assert suffix is not None  # the closing quote itself always matches
            slop, boost = suffix.group(1), suffix.group(2)
            yield _Token("phrase", text[at + 1 : close], int(slop) if slop else 1, _boost(boost))
            at = suffix.end()
        elif char in "-+" and at + 1 < end and not text[at + 1].isspace() and text[at + 1] != ")":
            if at == 0 or text[at - 1].isspace() or text[at - 1] in '("':
                yield _Token("sign", char)
                at += 1
            else:
                at = yield from _word(text, at)
        else:
            field = _FIELD.match(text, at)
            if field:
                yield _Token("field", field.group(1))
                at = field.end()
            else:
                at = yield from _word(text, at)


def _word(text: str, at: int) -> Generator[_Token, None, int]:
    found = _WORD.match(text, at)
    assert found is not None  # called on a character that is no space, parenthesis or quote
    yield _Token("word", found.group())
    return found.end()


def _boost(written: str | None) -> float:
    try:
        return float(written) if written else 1.0
    except ValueError:
        return 1.0


def _sequence(tokens: list[_Token], at: int, *, depth: int) -> tuple[Node | None, int]:
    """The clauses from `at` to the closing parenthesis (or the end) as one node: `OR`
    joins its neighbours, the rest must all match."""
    clauses: list[Node] = []
    joined = False  # the last operator was OR: the next clause joins the last one
    negated = False  # ANDNOT: the next clause is excluded
    while at < len(tokens):
        token = tokens[at]
        if token.kind == ")":
            at += 1
            if depth:
                break
            continue  # a parenthesis closing nothing is no clause
        if token.kind == "word" and token.text in ("OR", "AND", "ANDNOT"):
            joined, negated = token.text == "OR" and bool(clauses), token.text == "ANDNOT"
            at += 1
            continue
        clause, at = _clause(tokens, at, depth)
        if clause is None:
            continue
        if negated:
            clause, negated = _without(clause), False
        if joined:
            clause = Any((*_options(clauses.pop()), *_options(clause)))
            joined = False
        clauses.append(clause)
    # a group inside the clauses that must all match is more of them: (a b) c is a b c
    every = [part for clause in clauses for part in _parts(clause)]
    if not every:
        return None, at
    return (every[0] if len(every) == 1 else All(tuple(every))), at


def _parts(node: Node) -> tuple[Node, ...]:
    return node.children if isinstance(node, All) else (node,)


def _options(node: Node) -> tuple[Node, ...]:
    """A choice's options, a choice inside a choice being one choice."""
    return node.children if isinstance(node, Any) and node.scale is None else (node,)


def _clause(tokens: list[_Token], at: int, depth: int) -> tuple[Node | None, int]:
    """One clause: a word, a phrase, a group, a field's value, or one of those negated."""
    token = tokens[at]
    at += 1
    if token.kind == "sign" or (token.kind == "word" and token.text == "NOT"):
        if at == len(tokens) or tokens[at].kind == ")":
            return None, at
        inner, at = _clause(tokens, at, depth)
        if inner is None or token.text == "+":
            return inner, at
        return _without(inner), at
    if token.kind == "(":
        return _sequence(tokens, at, depth=depth + 1)
    if token.kind == "phrase":
        words = token.text.strip()
        return (Phrase(words, slop=token.slop, boost=token.boost) if words else None), at
    if token.kind == "field":
        return _field(token.text, tokens, at, depth)
    return _term(token.text), at


def _without(node: Node) -> Not:
    """A clause left out, its words as written: by their stems `organize NOT organic` was
    nothing (both are `organ`), and `kitten -kittens` left out every kitten."""
    return Not(mapped(node, _as_written))


def _as_written(leaf: Node) -> Node:
    if isinstance(leaf, Word) and (leaf.field is None or leaf.field in EXACT):
        return Phrase(leaf.text, field=leaf.field, boost=leaf.boost)
    return leaf


def _field(name: str, tokens: list[_Token], at: int, depth: int) -> tuple[Node | None, int]:
    lower = name.lower()
    if lower in DATE_OPERATORS:
        written = tokens[at]
        if written.kind != "word":
            raise QueryError(f"{lower}: takes a date, as in {lower}:2017-09")
        return (period(lower, written.text) or Nothing()), at + 1
    field = FIELDS.get(lower)
    if field is None:  # no field of ours: the name is a word like any other
        return _term(name), at
    value, at = _clause(tokens, at, depth)
    return (None if value is None else with_field(value, field)), at


def _term(written: str) -> Node | None:
    """A word with what may follow it: `*`/`?` wildcards, `~` fuzziness, a `^` boost."""
    parts = _SUFFIXES.fullmatch(written)
    if parts is None:  # a word of suffixes only (`~`, `^`): nothing to look for
        return None
    word, edits, prefix, boost = parts.groups()
    weight = _boost(boost)
    if _ONLY_WILDCARDS.fullmatch(word):  # `*`, `*:*`: no word to look for
        return None
    if "*" in word or "?" in word:
        return Pattern(word, boost=weight)
    if "~" not in written.removeprefix(word):
        return Word(word, boost=weight)
    fuzzy = Fuzzy(word, edits=int(edits) if edits else 1, prefix=int(prefix or 0), boost=weight)
    if fuzzy.edits > MAX_FUZZY_EDITS:
        raise QueryError(
            f"{word}~{fuzzy.edits}: a fuzzy term allows at most {MAX_FUZZY_EDITS} edits"
            f" ({word}~1 or {word}~2)"
        )
    if fuzzy.prefix > len(word):
        raise QueryError(f"{word}~{fuzzy.edits}/{fuzzy.prefix}: the prefix is longer than the word")
    return fuzzy


def filters_to_query(filters: Mapping[str, object]) -> str:
    """Keyword filters of `search()` as query-language clauses: sender="elon" → from:"elon"."""
    clauses = []
    for name, value in filters.items():
        if value is None:
            continue
        field = FILTERS.get(name)
        if field is None:
            known = ", ".join(sorted(FILTERS))
            raise QueryError(f"unknown filter {name!r}; known filters: {known}")
        text = str(value)
        if field in DATE_OPERATORS:
            clauses.append(f"{field}:{text}")
        else:
            clauses.append(f'{field}:"{text}"' if " " in text else f"{field}:{text}")
    return " ".join(clauses)
