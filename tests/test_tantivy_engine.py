"""The tantivy engine means what the Whoosh engine means: on the bundled corpus, the same
terms in every field, and for every query tree the grammar makes out of the corpus's own
words, names and dates, the same units found; sorting, facets, hiding and deleting as
searchkit asks of an engine."""

from __future__ import annotations

import itertools
import re
import tempfile
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

tantivy = pytest.importorskip("tantivy")

from whoosh import query as whoosh_query  # noqa: E402
from whoosh.query.qcore import QueryError as WhooshQueryError  # noqa: E402

from searchkit import Archive  # noqa: E402
from searchkit.analysis import (  # noqa: E402
    EXACT_ANALYZER,
    PEOPLE_ANALYZER,
    TEXT_ANALYZER,
    WORD,
    word_columns,
    written_out,
)
from searchkit.engine.queries import to_whoosh  # noqa: E402
from searchkit.engine.reading import open_generation  # noqa: E402
from searchkit.engine.schema import stored_record, stored_unit  # noqa: E402
from searchkit.manifest import live_generation  # noqa: E402
from searchkit.query.parse import parse  # noqa: E402
from searchkit.query.tree import (  # noqa: E402
    FIELDS,
    All,
    Any,
    Dates,
    Fuzzy,
    Node,
    Not,
    Pattern,
    Phrase,
    Word,
)
from searchkit.results import NEWEST, OLDEST  # noqa: E402
from searchkit.tallies import facet_values  # noqa: E402
from searchkit.tantivy_engine.index import Searcher, Writer, open_index  # noqa: E402
from searchkit.tantivy_engine.schema import (  # noqa: E402
    COUNTING_FIELDS,
    DATE,
    KEY,
    KEYS,
    NUMBER,
    STORED,
    WORDS,
    index_fields,
    pre_tokenized,
)
from searchkit.tantivy_engine.schema import FIELDS as TWIN_FIELDS  # noqa: E402

from .conftest import CORPUS  # noqa: E402
from .test_analysis import SPACED_TEXTS  # noqa: E402
from .test_query_tree import flat, trees  # noqa: E402

# -- the two engines over the same units --------------------------------------------------


@pytest.fixture(scope="session")
def whoosh_searcher(tmp_path_factory):
    """The bundled corpus in a Whoosh index: the reference each tantivy answer is held to."""
    from searchkit.indexing import update

    index = tmp_path_factory.mktemp("whoosh-reference") / "index"
    update(CORPUS, index, engine="whoosh")
    searcher = open_generation(live_generation(index)).searcher()
    yield searcher
    searcher.close()


@pytest.fixture(scope="session")
def units(whoosh_searcher):
    """The units the Whoosh index holds, each with its copy and echo flags."""
    echoes = {hit["id"] for hit in whoosh_searcher.search(whoosh_query.Term("echo", "1"), limit=None)}
    return [
        (stored_unit(stored), stored_record(stored)["place"], stored.get("copy") == "1",
         stored["id"] in echoes)
        for stored in whoosh_searcher.documents()
    ]


@pytest.fixture(scope="session")
def searcher(units, tmp_path_factory) -> Searcher:
    index = open_index(tmp_path_factory.mktemp("tantivy") / "index")
    with Writer(index) as writer:
        for unit, place, copy, echo in units:
            writer.add(unit, place, copy=copy, echo=echo)
    return Searcher(index)


def whoosh_ids(whoosh_searcher, node: Node) -> set[str] | str:
    """The units Whoosh finds for the tree ("refused" for a query it cannot run)."""
    found = _whoosh_search(whoosh_searcher, to_whoosh(node, whoosh_searcher.schema))
    return "refused" if found is None else found


def _whoosh_search(whoosh_searcher, q) -> set[str] | None:
    hidden = set(whoosh_searcher.docs_for_query(whoosh_query.Term("hidden", "1")))
    try:
        return {hit["id"] for hit in whoosh_searcher.search(q, limit=None, mask=hidden)}
    except WhooshQueryError:
        return None


def expected_ids(whoosh_searcher, node: Node) -> set[str] | str:
    """What the tree means: each leaf as Whoosh finds it, the groups as sets (a leaf the
    analysis leaves no word of dropped from its group, as both engines drop it).

    Whoosh's own boolean matchers are not the reference: `0 1 -0` finds a unit holding `0`
    (see the report)."""
    every = _whoosh_search(whoosh_searcher, whoosh_query.Every())
    assert every is not None

    def meaning(node: Node) -> set[str] | None:
        if isinstance(node, All):
            wanted = _present(meaning(c) for c in node.children if not isinstance(c, Not))
            unwanted = _present(meaning(c.child) for c in node.children if isinstance(c, Not))
            if not unwanted:
                return set.intersection(*wanted) if wanted else None
            return (set.intersection(*wanted) if wanted else every) - set.union(*unwanted)
        if isinstance(node, Any):
            found = _present(meaning(child) for child in node.children)
            return set.union(*found) if found else None
        if isinstance(node, Not):
            child = meaning(node.child)
            return None if child is None else every - child
        q = to_whoosh(node, whoosh_searcher.schema)
        if q is whoosh_query.NullQuery:
            return None
        found = _whoosh_search(whoosh_searcher, q)
        if found is None:
            raise WhooshQueryError(str(node))
        return found

    try:
        found = meaning(node)
    except WhooshQueryError:
        return "refused"
    return set() if found is None else found


def _present(found) -> list[set[str]]:
    return [ids for ids in found if ids is not None]


def tantivy_ids(searcher: Searcher, node: Node) -> set[str] | str:
    try:
        found = searcher.search(node, limit=None)
    except ValueError:
        return "refused"
    assert found.total == len(found.records)
    return {record["id"] for record in found.records}


# -- query trees of the corpus's own words ------------------------------------------------

TEXTS = [unit for unit, _ in Archive(CORPUS).read_units()]
WORDS_WRITTEN = sorted(
    {word for unit in TEXTS for word in WORD.findall(f"{unit.subject or ''} {unit.text}")}
)
NAMES = sorted({part for unit in TEXTS for name in (unit.sender, *unit.to, *unit.cc) if name
                for part in WORD.findall(name)})
DAYS = sorted({date(unit.date.year, unit.date.month, unit.date.day) for unit in TEXTS if unit.date})
LINES = [line for unit in TEXTS for line in unit.text.splitlines() if len(WORD.findall(line)) > 3]

WORD_PART = re.compile(r"[^\W_]+")
words = st.sampled_from(WORDS_WRITTEN) | st.sampled_from(NAMES) | st.sampled_from(WORDS_WRITTEN).map(str.lower)
fields = st.none() | st.sampled_from(sorted(FIELDS.values()))
days = st.sampled_from(DAYS).flatmap(lambda day: st.integers(-40, 40).map(lambda shift: day + timedelta(shift)))


@st.composite
def phrase_text(draw) -> str:
    """Words standing near each other in the corpus, or any words."""
    line = WORD.findall(draw(st.sampled_from(LINES)))
    start = draw(st.integers(0, len(line) - 2))
    near = line[start : start + draw(st.integers(2, 4))]
    if draw(st.booleans()):
        del near[draw(st.integers(0, len(near) - 1))]  # a word missing: a gap for the slop
    return " ".join(near) if draw(st.booleans()) else " ".join(draw(st.lists(words, min_size=1, max_size=3)))


@st.composite
def leaves(draw) -> Node:
    field = draw(fields)
    kind = draw(st.sampled_from(["word", "phrase", "pattern", "fuzzy", "dates"]))
    word = draw(words)
    if kind == "phrase":
        # a sloppy phrase of more placements than MAX_PLACEMENTS finds more than Whoosh
        # (documented): the phrases drawn stay within it (no compound, which is more words;
        # a long slop for two words only)
        slop = draw(st.sampled_from([1, 1, 2, 3, 4, 20]))
        text = draw(phrase_text())
        if slop > 1:
            text = " ".join("".join(WORD_PART.findall(word)) for word in text.split())
        if slop == 20:
            text = " ".join(text.split()[:2])
        return Phrase(text, field, slop=slop)
    if kind == "pattern":
        cut = draw(st.integers(1, len(word)))
        wildcard = draw(st.sampled_from(["*", "?"])) if cut < len(word) else "*"
        return Pattern(word[:cut] + wildcard + word[cut + (wildcard == "?") :], field)
    if kind == "fuzzy":
        word = "".join(WORD_PART.findall(word)) or "x"
        at = draw(st.integers(0, len(word) - 1))
        typo = word[:at] + draw(st.sampled_from(["", "e", "x", word[at] * 2])) + word[at + 1 :]
        prefix = draw(st.integers(0, 2 if len(typo) > 4 else 1))
        return Fuzzy(typo or word, field, edits=draw(st.integers(1, 2)), prefix=prefix)
    if kind == "dates":
        first, last = sorted([draw(days), draw(days)])
        return Dates(*draw(st.sampled_from([(first, last), (first, None), (None, last)])))
    return Word(word, field)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees(leaves()).map(flat))  # as the parser makes them: see the report on nested groups
@example(parse('"non-profit" board'))
@example(parse("non-profit -openai"))
@example(parse("the OR -musk"))
@example(parse("fund*ing"))
@example(parse("from:elon date:2017-09..2018-02-03"))
@example(parse("before:2018 OR after:2023-08-27"))
@example(parse('"open source"~3 -"open source"'))
@example(parse("attachment:pdf"))
@example(Fuzzy("mask", "sender", edits=2, prefix=2))
@example(parse("0 1 -0"))
@example(Phrase("Elon have", slop=2))  # "Elon Musk have": the second word 2 places on
@example(Phrase("Altman have", slop=4))  # "Altman and Elon Musk have": 4 places on
@example(Phrase("have Elon", slop=4))  # never reordered
def test_every_tree_finds_the_same_units_on_both_engines(whoosh_searcher, searcher, node):
    assert tantivy_ids(searcher, node) == expected_ids(whoosh_searcher, node), node


@pytest.mark.parametrize(
    "text",
    [
        "musk",  # a word: stemmed, in every free-word field
        "funding",  # its stem, `fund`
        "Café",  # folded
        "the",  # a stop word: no query at all
        "non-profit",  # a compound: its parts and the merged word
        '"elon musk"',
        '"Elon Musk"~3',
        '"not be"',  # stop words kept in a phrase
        "from:elon",
        'to:"greg brockman"',
        "subject:openai",
        "kind:email",
        "mus*",
        "m?sk",
        "muks~",
        "muks~1/2",
        "openai -musk",
        "tesla OR spacex",
        "date:2017",
        "date:2015-11..2017-03-04",
        "after:2023",
        "before:2016-01-01",
        "-musk",
        "",
    ],
)
def test_each_kind_of_node_finds_the_same_units(whoosh_searcher, searcher, text):
    node = parse(text)
    found = tantivy_ids(searcher, node)
    assert found == whoosh_ids(whoosh_searcher, node)


def test_a_phrase_of_more_placements_than_searched_finds_every_whoosh_match(
    whoosh_searcher, searcher
):
    node = Phrase("Altman Elon have history", slop=9)  # 9 ** 3 placements: tantivy's slop
    expected = expected_ids(whoosh_searcher, node)
    assert expected and tantivy_ids(searcher, node) >= expected


def test_a_fuzzy_compound_is_each_part_fuzzy_as_asked(whoosh_searcher, searcher):
    node = Fuzzy("1-elon.md", edits=1, prefix=0)
    assert tantivy_ids(searcher, node) == expected_ids(whoosh_searcher, node)


@pytest.mark.parametrize("text", ["openai funding -musk", "0 1 -0"])
def test_whoosh_leaves_out_what_a_query_excludes(whoosh_searcher, searcher, text):
    node = parse(text)
    assert whoosh_ids(whoosh_searcher, node) == expected_ids(whoosh_searcher, node)


def test_the_words_people_search_find_units(searcher):
    """The comparison above means something: most of the nodes it checks find units."""
    for text in ('"Elon have"~2', '"Altman have"~4', "musk", "funding", "non-profit", '"elon musk"', "from:elon", "mus*", "musl~", "muks~2",
                 "date:2017"):
        assert searcher.search(parse(text)).total > 0, text


# -- the same terms --------------------------------------------------------------------------


def test_the_fields_are_the_whoosh_schemas(whoosh_searcher):
    from whoosh import fields as whoosh_fields

    kinds = {whoosh_fields.ID: KEY, whoosh_fields.KEYWORD: KEYS, whoosh_fields.TEXT: WORDS,
             whoosh_fields.DATETIME: DATE, whoosh_fields.STORED: STORED, whoosh_fields.COLUMN: STORED}
    whoosh_schema = whoosh_searcher.schema
    # (Whoosh counts the exact duplicates among a search's matches from a column too)
    counting = {field.name for field in COUNTING_FIELDS} - {"duplicate"}
    assert sorted(set(index_fields()) - counting) == sorted(whoosh_schema.names())
    assert not counting & set(whoosh_schema.names())
    for name, field in index_fields().items():
        if name in counting:
            continue
        twin = whoosh_schema[name]
        # (numbers: the year, and the place and duplicate Whoosh columns hold)
        numbers = ("year", "place", "duplicate")
        assert field.kind == (NUMBER if name in numbers else kinds[type(twin)]), name
        assert field.stored == (twin.stored or field.kind == STORED), name
        if field.kind == WORDS:
            assert field.analyzer == twin.analyzer, name
            assert field.positions == twin.format.supports("positions"), name


@pytest.mark.parametrize(
    "field",
    [field.name for field in TWIN_FIELDS if field.kind in (KEY, KEYS, WORDS)],
)
def test_every_field_holds_the_terms_whoosh_holds(whoosh_searcher, searcher, field):
    reader = whoosh_searcher.reader()
    whoosh_terms = {term: reader.doc_frequency(field, term) for term in reader.field_terms(field)}
    assert searcher.terms(field) == whoosh_terms
    for term, units in list(whoosh_terms.items())[:50]:
        assert searcher.doc_freq(field, term) == units


def test_terms_with_a_prefix_are_the_lexicons(whoosh_searcher, searcher):
    reader = whoosh_searcher.reader()
    expected = {term.decode(): reader.doc_frequency("text", term) for term in reader.expand_prefix("text", "fun")}
    assert expected and searcher.terms("text", "fun") == expected


# -- what a search gives back ---------------------------------------------------------------


@pytest.mark.parametrize("text", ["openai", "from:elon OR musk", "", "date:2017"])
def test_counts_are_what_whoosh_counts(whoosh_searcher, searcher, text):
    from whoosh import sorting

    from searchkit.fields import COUNTED_FIELDS

    node = parse(text)
    groups = {
        name: sorting.FieldFacet(field, maptype=sorting.Count)
        for name, field in COUNTED_FIELDS.items()
    }
    q = to_whoosh(node, whoosh_searcher.schema)
    found = whoosh_searcher.search(q, limit=None, groupedby=groups)
    expected = {name: {k: v for k, v in found.groups(name).items() if k} for name in COUNTED_FIELDS}
    counts = searcher.counts(searcher.query(node))
    assert {name: counts[name] for name in COUNTED_FIELDS} == expected
    # and each recipient, as the units' facet values name them
    recipients = Counter(
        value
        for hit in found
        for value in facet_values(stored_unit(hit))["recipient"]
    )
    assert counts["recipient"] == dict(recipients)


def test_a_limit_keeps_the_best_and_counts_them_all(searcher):
    every = searcher.search(parse("openai"), limit=None)
    first = searcher.search(parse("openai"), limit=3)
    assert len(first.records) == 3 and first.total == every.total > 3
    assert first.records == every.records[:3]
    assert list(first.scores) == sorted(first.scores, reverse=True)


def test_records_come_back_as_the_units_indexed(units, searcher):
    for unit, _, _, _ in units:
        assert searcher.unit(unit.id) == unit


# -- writing: hidden units and deletions ---------------------------------------------------


@pytest.fixture()
def small_index(tmp_path: Path):
    index = open_index(tmp_path / "index")
    with Writer(index) as writer:
        for place, (unit, _) in enumerate(Archive(CORPUS).read_units()):
            writer.add(unit, place)
    return index


def test_copies_and_echoes_are_kept_but_never_found(small_index):
    unit = next(u for u, _ in Archive(CORPUS).read_units() if u.sender)
    with Writer(small_index) as writer:
        writer.add(replace(unit, id="acopy"), 0, copy=True)
        writer.add(replace(unit, id="anecho"), 0, echo=True)
    searcher = Searcher(small_index)
    found = tantivy_ids(searcher, Word(re.sub(r"\W", "", unit.sender.split()[0]), "sender"))
    assert unit.id in found and not {"acopy", "anecho"} & found
    assert searcher.unit("acopy") == replace(unit, id="acopy")
    assert searcher.unit("anecho").text == ""  # an echo is kept without its text


@pytest.mark.parametrize("sort", [NEWEST, OLDEST])
def test_by_date_newest_or_oldest_first_and_undated_last(small_index, sort):
    unit = next(u for u, _ in Archive(CORPUS).read_units() if "OpenAI" in u.text)
    with Writer(small_index) as writer:
        writer.add(replace(unit, id="undated", date=None, published=None), 0)
    node = parse("openai OR musk")
    found = Searcher(small_index).search(node, limit=None, sort=sort)
    dates = [record["date"] for record in found.records]
    dated = sorted((day for day in dates if day is not None), reverse=sort == NEWEST)
    assert dates == [*dated, None]
    assert found.records[-1]["id"] == "undated"


def test_deleting_by_source_and_by_id(small_index):
    units = [unit for unit, _ in Archive(CORPUS).read_units()]
    source = units[0].source
    kept = next(unit for unit in units if unit.source != source)
    with Writer(small_index) as writer:
        writer.delete("source", source)
        writer.delete("id", kept.id)
    searcher = Searcher(small_index)
    left = tantivy_ids(searcher, parse(""))
    assert left == {unit.id for unit in units if unit.source != source} - {kept.id}


def test_a_failed_write_leaves_the_index_as_it_was(small_index):
    before = Searcher(small_index).search(parse(""), limit=None).total
    unit = next(u for u, _ in Archive(CORPUS).read_units())
    with pytest.raises(RuntimeError), Writer(small_index) as writer:
        writer.delete("source", unit.source)
        raise RuntimeError("killed")
    assert Searcher(small_index).search(parse(""), limit=None).total == before


def test_an_index_opens_again_from_its_folder(small_index, tmp_path):
    again = Searcher(open_index(tmp_path / "index"))
    assert again.search(parse("musk")).total == Searcher(small_index).search(parse("musk")).total > 0


# -- words written out -----------------------------------------------------------------------

#: The fields of searchkit's own analysers, whose words may be written out.
_WRITTEN_OUT_FIELDS = {
    field.name
    for field in TWIN_FIELDS
    if any(field.analyzer is own for own in (TEXT_ANALYZER, EXACT_ANALYZER, PEOPLE_ANALYZER))
}


@settings(max_examples=150, deadline=None)
@given(SPACED_TEXTS)
def test_words_written_out_are_indexed_as_their_tokens(text):
    """tantivy splitting a field's words written out indexes what it indexes from the
    words as tokens at their places: the same terms, as often, in as many words (a term's
    score is the same in both documents), and each word next to the next."""
    index = open_index(Path(tempfile.mkdtemp()))
    fields = [
        field
        for field in index_fields().values()
        if field.name in _WRITTEN_OUT_FIELDS
        and written_out(field.analyzer, text, places=field.positions) is not None
    ]
    with Writer(index) as writer:
        for field in fields:
            written = written_out(field.analyzer, text, places=field.positions)
            assert written is not None
            as_written, as_tokens = tantivy.Document(), tantivy.Document()
            as_written.add_text("id", f"{field.name}-written")
            as_written.add_text(field.name, written)
            as_tokens.add_text("id", f"{field.name}-tokens")
            as_tokens.add_pre_tokenized_text(field.name, pre_tokenized(field, text))
            writer.writer.add_document(as_written)
            writer.writer.add_document(as_tokens)
    searcher = Searcher(index)
    schema = searcher.schema
    for field in fields:
        for term in searcher.terms(field.name):
            found = searcher.tantivy.search(tantivy.Query.term_query(schema, field.name, term), 9)
            assert len(found.hits) == 2, (field.name, term)
            assert found.hits[0][0] == pytest.approx(found.hits[1][0]), (field.name, term)
        columns = word_columns(field.analyzer, text)
        if field.positions and len(columns.words) > 1:
            placed = zip(columns.words, columns.positions, strict=True)
            for (first, place), (second, _) in itertools.pairwise(placed):
                pair = tantivy.Query.phrase_query(schema, field.name, [first, second])
                assert len(searcher.tantivy.search(pair, 9).hits) == 2, (field.name, place)
