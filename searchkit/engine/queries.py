"""The query tree (`searchkit.query`) as Whoosh queries.

Each leaf is made by Whoosh's own parser nodes, so that a word is analysed exactly as its
field analyses text (stemmed, folded, a compound split), and a free word is searched in
every field words are, each with its weight (BM25F's field boosts).
"""

from __future__ import annotations

from datetime import date

from whoosh import qparser, query
from whoosh.qparser import syntax

from ..analysis import PHRASE, PHRASE_MERGED
from ..dates import year_key
from ..fields import EXACT, indexable
from ..query import tree
from ..query.periods import calendar


def to_whoosh(node: tree.Node, schema) -> query.Query:
    """The Whoosh query for a query tree, normalised as Whoosh's parser leaves its own."""
    return _query(node, _parser(schema)).normalize()


def _parser(schema) -> qparser.QueryParser:
    """A parser only for its leaves' analysis (`term_query`): the tree is parsed already."""
    return _parsers.setdefault(id(schema), (schema, qparser.QueryParser("text", schema)))[1]


#: One parser per schema (by identity; a schema is no dict key), the schema kept alive with it.
_parsers: dict[int, tuple[object, qparser.QueryParser]] = {}


def _query(node: tree.Node, parser: qparser.QueryParser) -> query.Query:
    if isinstance(node, tree.LEAVES):
        if node.field is None:
            return query.Or(
                [
                    _leaf(node, field, node.boost * weight, parser)
                    for field, weight in tree.FREE_WORD_FIELDS.items()
                ]
            )
        return _leaf(node, node.field, node.boost, parser)
    if isinstance(node, tree.All):
        # And with Not children, never Whoosh's AndNot: its matcher let excluded units
        # through when the wanted side was itself an And (`openai funding -musk`); and
        # without Everything, which Whoosh's And makes the whole query (every unit)
        wanted = [child for child in node.children if not isinstance(child, tree.Everything)]
        return query.And([_query(child, parser) for child in wanted]) if wanted else query.Every()
    if isinstance(node, tree.Any):
        return query.Or([_query(child, parser) for child in node.children], scale=node.scale)
    if isinstance(node, tree.Not):
        return query.Not(_query(node.child, parser))
    if isinstance(node, tree.Dates):
        return calendar_query(node.first, node.last)
    if isinstance(node, tree.Keys):
        return query.Or([query.Term(node.field, indexable(key)) for key in sorted(node.values)])
    if isinstance(node, tree.Everything):
        return query.Every()
    return query.NullQuery


def _leaf(node: tree.Leaf, field: str, boost: float, parser: qparser.QueryParser) -> query.Query:
    """A leaf in one field; a pattern or a fuzzy word matches words as written (the field
    beside a stemmed one), not stems: `universit*` found nothing in the stems (`univers`)
    and `f?nd` found the stem of Funds."""
    if isinstance(node, tree.Phrase):
        return _phrase(node, field, boost, parser.schema)
    made: syntax.TextNode
    if isinstance(node, (tree.Pattern, tree.Fuzzy)):
        field = EXACT.get(field, field)
    if isinstance(node, tree.Pattern):
        made = qparser.WildcardPlugin.WildcardNode(node.text)
    elif isinstance(node, tree.Fuzzy):
        word = syntax.WordNode(node.text)
        word.startchar = word.endchar = None
        made = qparser.FuzzyTermPlugin.FuzzyTermNode(word, node.edits, node.prefix)
    else:
        made = syntax.WordNode(node.text)
        made.removestops = not tree.keeps_stop_words(node)
    made.set_fieldname(field)
    made.set_boost(boost)
    made.startchar = made.endchar = None  # where in the string: the tree has parsed it
    try:
        found = made.query(parser)
    except AttributeError:  # Whoosh's fuzzy node, on a word the field analyses away
        found = None
    if found is None:
        return query.NullQuery
    if isinstance(node, tree.Fuzzy):
        _as_asked(found, node)
    return found


def _as_asked(found: query.Query, node: tree.Fuzzy) -> None:
    """Each part of a fuzzy compound as asked (Whoosh set the node's edits on the And around
    the parts, which kept its defaults); the prefix counts letters of the term, which a stem
    may have fewer of (`running~1/6` is `run`: Whoosh raised IndexError past its end)."""
    for fuzzy in found.leaves():
        fuzzy.maxdist = node.edits
        fuzzy.prefixlength = min(node.prefix, len(fuzzy.text))


def _phrase(node: tree.Phrase, field: str, boost: float, schema) -> query.Query:
    """A quoted word or phrase: its words as written (unstemmed: searched in the `_exact`
    field beside a stemmed one), stop words and all (the index holds them), and a compound
    however the text spells it: `"research non-profit"` finds "research non-profit" by the
    parts the index holds, and "research nonprofit" by the merged word."""
    searched = EXACT.get(field, field)
    analysed = schema[searched]
    spellings: list[list[str]] = []
    for mode in (PHRASE, PHRASE_MERGED):
        words = [token.text for token in analysed.tokenize(node.text, mode=mode)]
        if words and words not in spellings:
            spellings.append(words)
    found = [_words(searched, words, node.slop, boost) for words in spellings]
    if not found:
        return query.NullQuery
    return found[0] if len(found) == 1 else query.Or(found)


def _words(fieldname: str, words: list[str], slop: int, boost: float) -> query.Query:
    if len(words) == 1:
        return query.Term(fieldname, words[0], boost=boost)
    return query.Phrase(fieldname, words, slop=slop, boost=boost)


def calendar_query(first: date | None, last: date | None) -> query.Query:
    """Units dated `first` to `last`, as terms of the calendar fields (`periods.calendar`)."""
    parts = [
        query.Term("period", piece) if isinstance(piece, str) else _years(*piece)
        for piece in calendar(first, last)
    ]
    if not parts:
        return query.NullQuery
    dated = query.ConstantScoreQuery(parts[0] if len(parts) == 1 else query.Or(parts))
    dated.boost = 1.0  # Whoosh's And reads it when it flattens a nested And (it has none)
    return dated


def _years(first: int, last: int) -> query.Query:
    start, end = year_key(date(first, 1, 1)), year_key(date(last, 1, 1))
    return query.Term("year", start) if first == last else query.TermRange("year", start, end)
