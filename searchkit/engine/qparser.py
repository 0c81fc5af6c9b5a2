"""Query: the query language (Whoosh's parser plus notmuch-style fields) turned into Whoosh queries.

Words, "phrases", AND/OR/NOT, -word, compu*, safty~ come from Whoosh's own parser plugins.
searchkit adds the field names notmuch users type (`from:`, `to:` for to-or-cc), `date:` with
partial dates and `..` ranges, `after:`/`before:`, and short names for people (`from:gdb`).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from datetime import date, timedelta

from whoosh import qparser, query
from whoosh.analysis import STOP_WORDS
from whoosh.qparser import syntax

from ..dates import day_key, month_key, year_key
from ..errors import QueryError
from ..people import formal_names
from .schema import EXACT, PEOPLE_ANALYZER, PEOPLE_FIELDS, PHRASE, PHRASE_MERGED, STEMMED

#: Fields searched by words that name no field, with their weight.
DEFAULT_FIELDS = {"subject": 2.0, "text": 1.0, "sender": 1.5, "recipients": 1.0}
#: Query-language names of fields, where they differ from the schema's.
FIELD_NAMES = {"sender": ["from"], "recipients": ["to"], "text": ["body"]}
#: Keyword filters of `search()` and the query field each one stands for.
FILTERS = {
    "sender": "from",
    "from_": "from",
    "to": "to",
    "cc": "cc",
    "subject": "subject",
    "attachment": "attachment",
    "author": "author",
    "kind": "kind",
    "thread": "thread",
    "source": "source",
    "date": "date",
    "after": "after",
    "before": "before",
    "text": "body",
}
_DATE_VALUE = re.compile(r"^\d{4}(?:[-/]\d{1,2}(?:[-/]\d{1,2})?)?$")


# -- dates -------------------------------------------------------------------------------------


def today() -> date:
    """The day relative dates count from (the one place the clock is read)."""
    return date.today()


_RELATIVE = re.compile(r"^-?(\d{1,4})([dwmy])$")
_DATE_FORMS = (
    "use YYYY, YYYY-MM or YYYY-MM-DD, a time ago (30d, 2w, 6m, 1y), today, yesterday,"
    " this-week, last-week, this-month, last-month, this-year or last-year"
)


def _relative(value: str) -> tuple[date, date] | None:
    """`30d`/`-30d`, `2w`, `6m`, `1y` (that day, so long ago) and the named periods, as
    notmuch and mu read them."""
    now = today()
    ago = _RELATIVE.match(value)
    if ago:
        count, unit = int(ago.group(1)), ago.group(2)
        if unit in "dw":
            day = now - timedelta(days=count * (7 if unit == "w" else 1))
        else:
            day = _months_before(now, count * (12 if unit == "y" else 1))
        return day, day
    monday = now - timedelta(days=now.weekday())
    month = now.replace(day=1)
    last_month = _months_before(month, 1)
    named = {
        "today": (now, now),
        "yesterday": (now - timedelta(days=1), now - timedelta(days=1)),
        "this-week": (monday, monday + timedelta(days=6)),
        "last-week": (monday - timedelta(days=7), monday - timedelta(days=1)),
        "this-month": (month, _month_end(month)),
        "last-month": (last_month, _month_end(last_month)),
        "this-year": (date(now.year, 1, 1), date(now.year, 12, 31)),
        "last-year": (date(now.year - 1, 1, 1), date(now.year - 1, 12, 31)),
    }
    return named.get(value.lower())


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    first = date(index // 12, index % 12 + 1, 1)
    return first.replace(day=min(day.day, _month_end(first).day))


def _days(value: str) -> tuple[date, date]:
    """First and last day of a year, month or day written as 2017, 2017-09 or 2017-09-20,
    or relative to today (`30d`, `last-week`)."""
    if not _DATE_VALUE.match(value):
        relative = _relative(value)
        if relative is None:
            raise QueryError(f"{value!r} is not a date: {_DATE_FORMS}")
        return relative
    parts = [int(part) for part in re.split(r"[-/]", value)]
    try:
        first = date(parts[0], *(parts[1:] + [1, 1])[:2])
    except ValueError as error:
        raise QueryError(f"{value!r} is not a date: {error}") from None
    if len(parts) == 1:
        return first, date(first.year, 12, 31)
    if len(parts) == 2:
        return first, _month_end(first)
    return first, first


def date_query(op: str, value: str) -> query.Query:
    """`date:2017`, `date:2017-09..2018-02`, `date:..2016`, `after:2017-06`, `before:2018`.

    `after:` includes the period it names, `before:` excludes it, as in Gmail's search.
    """
    if op == "after":
        return calendar_query(_days(value)[0], None)
    if op == "before":
        first = _days(value)[0]
        if first == date.min:
            return query.NullQuery
        return calendar_query(None, first - timedelta(days=1))
    start, dots, end = value.partition("..")
    if not dots:
        return calendar_query(*_days(value))
    if not start and not end:
        raise QueryError("a date range needs at least one end: date:2017..2018")
    return calendar_query(_days(start)[0] if start else None, _days(end)[1] if end else None)


_DATE_RANGE = re.compile(r"\bdate:(\S+?)\.\.(\S+)")


def reversed_range(text: str) -> str | None:
    """A `date:` range of the query that ends before it starts (it selects nothing), said."""
    for start, end in _DATE_RANGE.findall(text):
        with contextlib.suppress(QueryError):
            if _days(start)[0] > _days(end)[1]:
                return f"date:{start}..{end} ends before it starts (date:{end}..{start}?)"
    return None


def calendar_query(first: date | None, last: date | None) -> query.Query:
    """Units dated `first` to `last` (whole days; None leaves that end open), as the fewest
    terms of the calendar fields: whole years, then whole months, then days.

    `date:2017-09` is one term of the `period` field; Whoosh's DateRange over the
    microsecond `date` field expanded the same month into ninety terms (five times slower).
    """
    first, last = first or date.min, last or date.max
    parts: list[query.Query] = []
    whole_years_to = last.year if (last.month, last.day) == (12, 31) else last.year - 1
    day: date | None = first
    while day is not None and day <= last:
        if (day.month, day.day) == (1, 1) and day.year <= whole_years_to:
            years_end = date(whole_years_to, 12, 31)
            parts.append(_years(day, years_end))
            day = _day_after(years_end)
        elif day.day == 1 and _month_end(day) <= last:
            parts.append(query.Term("period", month_key(day)))
            day = _day_after(_month_end(day))
        else:
            parts.append(query.Term("period", day_key(day)))
            day = _day_after(day)
    if not parts:
        return query.NullQuery
    return query.ConstantScoreQuery(parts[0] if len(parts) == 1 else query.Or(parts))


def _years(first: date, last: date) -> query.Query:
    if first.year == last.year:
        return query.Term("year", year_key(first))
    return query.TermRange("year", year_key(first), year_key(last))


def _month_end(day: date) -> date:
    if day.month == 12:
        return day.replace(day=31)
    return day.replace(month=day.month + 1, day=1) - timedelta(days=1)


def _day_after(day: date) -> date | None:
    return None if day == date.max else day + timedelta(days=1)


class _DateNode(syntax.SyntaxNode):
    has_fieldname = has_text = has_boost = False

    def __init__(self, op: str, value: str) -> None:
        self.op, self.value = op.lower(), value

    def r(self) -> str:
        return f"{self.op}:{self.value}"

    def query(self, parser: qparser.QueryParser) -> query.Query:
        return date_query(self.op, self.value)


class DatePlugin(qparser.TaggingPlugin):
    """Tags `date:`, `after:` and `before:` before Whoosh's field plugin sees them."""

    priority = -10  # before FieldsPlugin (-1) and the plain word tagger
    expr = r"(?P<op>date|after|before):(?P<value>[^\s()\"]+)"
    nodetype = _DateNode


# -- people ------------------------------------------------------------------------------------


def expand_aliases(q: query.Query, aliases: Mapping[str, list[str]]) -> query.Query:
    """`from:gdb` also finds `Greg Brockman` when the corpus (or the alias file) says so."""
    if not aliases:
        return q

    def expand(node: query.Query) -> query.Query:
        if isinstance(node, query.Term) and node.fieldname in PEOPLE_FIELDS:
            names = aliases.get(str(node.text).lower())
            if names:
                alternatives = [node] + [_name_query(node.fieldname, name) for name in names]
                return query.Or(alternatives, boost=node.boost)
        return node

    return q.accept(expand)


def expand_nicknames(q: query.Query) -> query.Query:
    """`from:jeff` also finds Jeffrey (and Geoffrey): a person field's short first name
    stands for the formal ones it is short for. Free words are left alone: `bill` in a
    sentence is no William."""
    if isinstance(q, query.Term):
        if q.fieldname not in PEOPLE_FIELDS:
            return q
        formal = [name for name in formal_names(str(q.text)) if name != q.text]
        if not formal:
            return q
        names = [query.Term(q.fieldname, name) for name in formal]
        return query.Or([q, *names], boost=q.boost)
    if q.is_leaf() or _is_free_word(q):
        return q
    return q.apply(expand_nicknames)


def _is_free_word(q: query.Query) -> bool:
    """Is this one free word (or phrase), searched in each default field?"""
    children = list(q.children())
    return (
        isinstance(q, query.Or)
        and all(child.is_leaf() for child in children)
        and "text" in {searched_field(child) for child in children}
    )


def _name_query(fieldname: str, name: str) -> query.Query:
    words = [token.text for token in PEOPLE_ANALYZER(name)]
    if len(words) == 1:
        return query.Term(fieldname, words[0])
    return query.Phrase(fieldname, words)


# -- phrases -----------------------------------------------------------------------------------


class _PhraseNode(qparser.PhrasePlugin.PhraseNode):
    """A quoted word or phrase: its words as written (unstemmed: searched in the `_exact`
    field beside a stemmed one), stop words and all (the index holds them), and a compound
    however the text spells it: `"research non-profit"` finds "research non-profit" by the
    parts the index holds, and "research nonprofit" by the merged word."""

    def query(self, parser):
        fieldname = self.fieldname or parser.fieldname
        if not fieldname or not parser.schema or fieldname not in parser.schema:
            return super().query(parser)
        searched = EXACT.get(str(fieldname), str(fieldname))
        field = parser.schema[searched]
        if not field.analyzer:
            return super().query(parser)
        spellings: list[list[str]] = []
        for mode in (PHRASE, PHRASE_MERGED):
            words = [token.text for token in field.tokenize(self.text, mode=mode)]
            if words and words not in spellings:
                spellings.append(words)
        found = [_phrase(searched, words, self.slop, self.boost) for words in spellings]
        if not found:
            return query.NullQuery
        return syntax.attach(found[0] if len(found) == 1 else query.Or(found), self)


def _phrase(fieldname: str, words: list[str], slop: int, boost: float) -> query.Query:
    if len(words) == 1:
        return query.Term(fieldname, words[0], boost=boost)
    return query.Phrase(fieldname, words, slop=slop, boost=boost)


class _PhraseTagger(qparser.PhrasePlugin.PhraseTagger):
    def create(self, parser, match):
        slop = match.group("slop")
        return _PhraseNode(match.group("text"), match.start("text"), int(slop) if slop else 1)


class _PhrasePlugin(qparser.PhrasePlugin):
    def taggers(self, parser):
        return [(_PhraseTagger(self.expr), 0)]


# -- parsing -----------------------------------------------------------------------------------


def make_parser(schema, *, any_word: bool = False) -> qparser.QueryParser:
    group = qparser.OrGroup.factory(0.9) if any_word else qparser.AndGroup
    parser = qparser.MultifieldParser(
        list(DEFAULT_FIELDS), schema, fieldboosts=DEFAULT_FIELDS, group=group
    )
    parser.remove_plugin_class(qparser.PhrasePlugin)
    parser.add_plugin(_PhrasePlugin())
    parser.add_plugin(DatePlugin())
    parser.add_plugin(qparser.FieldAliasPlugin(FIELD_NAMES))
    # +word / -word only at the start of a word, so `non-profit` stays one word
    parser.add_plugin(qparser.PlusMinusPlugin(r"(?<![^\s(])\+", r"(?<![^\s(])-"))
    parser.add_plugin(qparser.FuzzyTermPlugin())
    return parser


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
        if field in ("date", "after", "before"):
            clauses.append(f"{field}:{text}")
        else:
            clauses.append(f'{field}:"{text}"' if " " in text else f"{field}:{text}")
    return " ".join(clauses)


def parse(
    schema,
    text: str,
    *,
    any_word: bool = False,
    aliases: Mapping[str, list[str]] | None = None,
) -> query.Query:
    """The Whoosh query for a query string; QueryError for anything it cannot understand or
    that would cost too much."""
    text = _QUESTION_MARK.sub("", _plain(text))
    if text.count('"') % 2:
        raise QueryError('unclosed quote: every " needs its partner')
    if not text.strip():
        return query.Every()
    try:
        q = make_parser(schema, any_word=any_word).parse(text)
    except QueryError:
        raise
    except Exception as error:  # noqa: BLE001 - Whoosh raises many kinds on bad syntax
        raise QueryError(f"cannot parse query: {error}") from None
    problem = _first_error(q) or _too_costly(q)
    if problem:
        raise QueryError(problem)
    return expand_nicknames(expand_aliases(q, aliases or {}))


#: A question mark ending a word (`why did he leave?`) is punctuation, not Whoosh's
#: one-letter wildcard (which made `over?` find no "over"); inside a word it stays one.
_QUESTION_MARK = re.compile(r"(?:(?<=\w\w)|(?<=\"))\?+(?=\s|\)|$)")
#: The longest query string searched; a longer one is refused (a pasted document is no query).
MAX_QUERY_CHARS = 1000
#: Edits a fuzzy term may allow: past two, every term of the index is near enough to try.
MAX_FUZZY_EDITS = 2
_CONTROLS = re.compile(r"[\x00-\x1f\x7f]+")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


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


def _too_costly(q: query.Query) -> str | None:
    """A fuzzy term that would visit every term of the index, or whose prefix is longer than
    the word (Whoosh raised IndexError)."""
    for node in q.leaves():
        if isinstance(node, query.FuzzyTerm):
            word = str(node.text)
            if node.maxdist > MAX_FUZZY_EDITS:
                return (
                    f"{word}~{node.maxdist}: a fuzzy term allows at most {MAX_FUZZY_EDITS} edits"
                    f" ({word}~1 or {word}~2)"
                )
            if node.prefixlength > len(word):
                return (
                    f"{word}~{node.maxdist}/{node.prefixlength}: the prefix is longer than the word"
                )
    return None


def _first_error(q: query.Query) -> str | None:
    """Whoosh reports some mistakes (`date:notadate`) as an error query rather than raising."""
    error = getattr(q, "error", None)
    if error:
        return str(error)
    return next(filter(None, map(_first_error, q.children())), None)


# -- relaxing ----------------------------------------------------------------------------------


def free_words(q: query.Query) -> tuple[list[query.Query], list[query.Query]]:
    """The top-level clauses of a query that are free words (a word or phrase searched in
    every default field) and the others: fields, dates, groups of fields."""
    clauses = list(q.subqueries) if isinstance(q, query.And) else [q]
    free = [clause for clause in clauses if _is_free(clause)]
    return free, [clause for clause in clauses if not _is_free(clause)]


def _is_free(clause: query.Query) -> bool:
    fields = {searched_field(leaf) for leaf in clause.leaves()}
    return len(fields) > 1 and fields <= DEFAULT_FIELDS.keys()


def searched_field(leaf: query.Query) -> str | None:
    """The query-language field a leaf searches (`text` for `text_exact`, a quoted word's)."""
    fieldname = getattr(leaf, "fieldname", None)
    return STEMMED.get(fieldname, fieldname) if fieldname else None


def relaxed(q: query.Query) -> query.Query | None:
    """The query with its free words OR-ed, units with most of them first; its fields, dates
    and exclusions kept as they are (a filter is never relaxed). None without two free words."""
    if isinstance(q, query.AndNot):
        inner = relaxed(q.a)
        return None if inner is None else query.AndNot(inner, q.b)
    free, fixed = free_words(q)
    if len(free) < 2:
        return None
    any_of = query.Or(free, scale=0.9)
    return query.And([*fixed, any_of]) if fixed else any_of


def spelled(clause: query.Query) -> str:
    """A free word as the user wrote it, near enough: the people fields keep words unstemmed."""
    leaves = list(clause.leaves())
    for leaf in sorted(leaves, key=lambda leaf: leaf.fieldname not in PEOPLE_FIELDS):
        if isinstance(leaf, query.Phrase):
            return " ".join(str(word) for word in leaf.words)
        if isinstance(leaf, query.Term):
            return str(leaf.text)
        if isinstance(leaf, query.FuzzyTerm):  # `hovercraft~`, as written
            return f"{leaf.text}~"
        if isinstance(leaf, query.Prefix):  # `zzq*`
            return f"{leaf.text}*"
        if isinstance(leaf, query.PatternQuery):  # `z?q*`
            return str(leaf.text)
    return str(clause)


_PIECE = re.compile(r'[^\s"]*"[^"]*"(?:~\d+)?|\S+')
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


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
        if piece in _OPERATORS:
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


def words_of(text: str) -> list[str]:
    """The plain words of a query string (no fields, operators or syntax), for correction."""
    words = []
    for token in re.findall(r'"[^"]*"|\S+', text):
        if token.startswith('"') or ":" in token or token in ("AND", "OR", "NOT"):
            continue
        word = token.strip("()+-*~^")
        # a longer "word" is no typo, and correcting it would scan the lexicon
        if re.fullmatch(r"[A-Za-z]{3,30}", word) and word.lower() not in STOP_WORDS:
            words.append(word)
    return words
