#!/usr/bin/env python3
"""The tantivy engine beside Whoosh's: analysis, build speed and warm query latency.

    python bench/tantivy_probe.py              # 10,000 messages (bench/benchmark.py's corpus)
    python bench/tantivy_probe.py --n 2000 --runs 1

1. Analysis, two ways: tantivy's own analysers (a regex tokenizer, lowercase, ASCII folding,
   Whoosh's stop words, Snowball's English stemmer) against the terms Whoosh's analysers give,
   word by word on the bundled corpus and the synthetic one; and what each costs to build.
   The engine (searchkit.tantivy_engine) indexes Whoosh's terms pre-tokenized.
2. Build: the same units (read and split once, beforehand) into a Whoosh index (one writer,
   searchkit's schema and documents), a tantivy index of pre-tokenized terms, and one of
   tantivy's own analysers; messages per second.
3. Warm queries, p50/p95 in ms, each query tree run on both engines for its first ten hits
   with their stored records: one word, two words, a phrase, `from:`, a date range sorted by
   date, a word with the four facets.

Each measurement is run `--runs` times and the best kept: the machine is shared and noisy.
Run by hand; nothing here is a test.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import tantivy  # noqa: E402
from benchmark import Generator, generate  # noqa: E402
from whoosh import query as whoosh_query  # noqa: E402
from whoosh import sorting  # noqa: E402
from whoosh.analysis import STOP_WORDS  # noqa: E402
from whoosh.index import create_in  # noqa: E402

from searchkit import Archive  # noqa: E402
from searchkit.analysis import TEXT_ANALYZER, WORD  # noqa: E402

#: The fields an engine's own aggregation counts for the four facets (the search's facets
#: are counted by searchkit.tallies; this measures what counting in the engine would cost).
FACETS = {"sender": "person", "year": "year", "kind": "kind", "thread": "thread"}
from searchkit.engine.queries import to_whoosh  # noqa: E402
from searchkit.engine.schema import make_schema  # noqa: E402
from searchkit.fields import document  # noqa: E402
from searchkit.query.parse import parse  # noqa: E402
from searchkit.results import NEWEST, RELEVANCE  # noqa: E402
from searchkit.tantivy_engine import schema as tantivy_schema  # noqa: E402
from searchkit.tantivy_engine.index import Searcher, Writer, open_index  # noqa: E402

OUT = ROOT / "bench" / "out" / "tantivy-probe"


# -- 1. analysis -----------------------------------------------------------------------------


def native_analyzers() -> dict[str, tantivy.TextAnalyzer]:
    """tantivy's nearest to Whoosh's analysers: stemmed words, and words as written."""

    def words() -> tantivy.TextAnalyzerBuilder:
        return (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(WORD.pattern))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.ascii_fold())
        )

    stemmed = (
        words()
        .filter(tantivy.Filter.custom_stopword(sorted(STOP_WORDS)))
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )
    return {"stemmed": stemmed, "exact": words().build()}


def term_differences(words: set[str]) -> dict:
    """Each word as Whoosh's text analyser indexes it against tantivy's own analyser."""
    native = native_analyzers()["stemmed"]
    differ: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    for word in sorted(words):
        whoosh_terms = [t.text for t in TEXT_ANALYZER(word, mode="index")]
        tantivy_terms = native.analyze(word)
        if whoosh_terms == tantivy_terms:
            continue
        why = _why(word, whoosh_terms, tantivy_terms)
        differ[why] += 1
        if len(examples.setdefault(why, [])) < 8:
            examples[why].append(f"{word}: whoosh {whoosh_terms} tantivy {tantivy_terms}")
    return {"words": len(words), "differ": sum(differ.values()), "by_cause": dict(differ),
            "examples": examples}


def _why(word: str, whoosh_terms: list[str], tantivy_terms: list[str]) -> str:
    if any(char in word for char in "-'’.@&_"):
        return "compound or inner punctuation"
    if not word.isascii():
        return "accent folding"
    if len(whoosh_terms) != len(tantivy_terms):
        return "stop word or tokenizing"
    return "stemmer (Porter vs Snowball English)"


# -- 2. build ------------------------------------------------------------------------------


def whoosh_build(units: list, folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    writer = create_in(str(folder), make_schema()).writer(limitmb=256)
    for unit, first in units:
        writer.add_document(**document(unit, copy=first is not None))
    writer.commit()


def tantivy_build(units: list, folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    with Writer(open_index(folder)) as writer:
        for unit, first in units:
            writer.add(unit, copy=first is not None)


def native_build(units: list, folder: Path) -> None:
    """The same index, its analysed fields by tantivy's own analysers (registered: a custom
    analyser must be, on every open)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    fields = tantivy_schema.index_fields()
    builder = tantivy.SchemaBuilder()
    for field in fields.values():
        if field.kind == tantivy_schema.WORDS:
            name = "stemmed" if field.name in ("text", "subject") else "exact"
            builder.add_text_field(field.name, tokenizer_name=name,
                                   index_option="position" if field.positions else "freq")
        elif field.kind in (tantivy_schema.KEY, tantivy_schema.KEYS):
            builder.add_text_field(field.name, stored=field.stored, fast=field.fast,
                                   tokenizer_name="raw", index_option="basic")
        elif field.kind == tantivy_schema.NUMBER:
            builder.add_unsigned_field(field.name, indexed=True, fast=True)
        elif field.kind == tantivy_schema.DATE:
            builder.add_date_field(field.name, indexed=True, fast=True)
        else:
            builder.add_bytes_field(field.name, stored=True)
    index = tantivy.Index(builder.build(), path=str(folder))
    for name, analyser in native_analyzers().items():
        index.register_tokenizer(name, analyser)
    writer = index.writer(256_000_000)
    for unit, first in units:
        made = tantivy.Document()
        for name, value in document(unit, copy=first is not None).items():
            if fields[name].kind == tantivy_schema.WORDS:
                made.add_text(name, value)
            else:
                tantivy_schema._add(made, fields[name], value)
        writer.add_document(made)
    writer.commit()
    writer.wait_merging_threads()


def best_seconds(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


# -- 3. queries ----------------------------------------------------------------------------


def query_set() -> dict[str, tuple[str, str, list[str]]]:
    """name → (query, sort, facets), in the synthetic corpus's words and people."""
    generator = Generator()
    common, rare = generator.words[300], generator.words[3000]
    phrase = Generator().text(3, 3).replace(".", "").split()[:2]
    return {
        "one word": (common, RELEVANCE, []),
        "two words": (f"{common} {generator.words[301]}", RELEVANCE, []),
        "phrase": (f'"{" ".join(phrase)}"', RELEVANCE, []),
        "from:": (f'from:"{generator.people[0]}"', RELEVANCE, []),
        "dates by date": ("date:2012-03..2013-06", NEWEST, []),
        "word, facets": (rare, RELEVANCE, list(FACETS)),
    }


def tantivy_runner(searcher: Searcher):
    def run(text: str, sort: str, facets: list[str]) -> int:
        found = searcher.search(parse(text), limit=10, sort=sort)
        if facets:
            size = max(searcher.tantivy.num_docs, 1)
            searcher.tantivy.aggregate(
                searcher.query(parse(text)),
                {name: {"terms": {"field": FACETS[name], "size": size}} for name in facets},
            )
        return found.total

    return run


def whoosh_runner(whoosh_searcher):
    hidden = set(whoosh_searcher.docs_for_query(whoosh_query.Term("hidden", "1")))

    def run(text: str, sort: str, facets: list[str]) -> int:
        groups = {name: sorting.FieldFacet(FACETS[name], maptype=sorting.Count) for name in facets}
        found = whoosh_searcher.search(
            to_whoosh(parse(text), whoosh_searcher.schema),
            limit=10,
            sortedby=None if sort == RELEVANCE else "date",
            reverse=sort == NEWEST,
            groupedby=groups or None,
            mask=hidden,
        )
        for hit in found:
            json.loads(hit["record"])
        for name in facets:
            found.groups(name)
        return len(found)

    return run


def latency(run, text: str, sort: str, facets: list[str], rounds: int, runs: int) -> dict:
    run(text, sort, facets)  # warm
    best: dict | None = None
    for _ in range(runs):
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            run(text, sort, facets)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        found = {"p50": statistics.median(times), "p95": times[max(int(len(times) * 0.95) - 1, 0)]}
        if best is None or found["p50"] < best["p50"]:
            best = found
    assert best is not None
    return {key: round(value, 2) for key, value in best.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="messages to generate")
    parser.add_argument("--runs", type=int, default=3, help="repeats; the best is kept")
    parser.add_argument("--rounds", type=int, default=40, help="runs of each query per repeat")
    args = parser.parse_args()

    corpus = OUT / "corpus"
    generate(corpus, args.n)
    started = time.perf_counter()
    units = list(Archive(corpus).read_units())
    results: dict = {"messages": args.n, "units": len(units),
                     "read_and_split_s": round(time.perf_counter() - started, 1)}

    bundled = {w for u, _ in Archive(ROOT / "corpus").read_units()
               for w in WORD.findall(f"{u.subject or ''} {u.text}")}
    synthetic = {w for u, _ in units[:2000] for w in WORD.findall(f"{u.subject or ''} {u.text}")}
    results["terms_bundled"] = term_differences(bundled)
    results["terms_synthetic"] = term_differences(synthetic)
    # every accented Latin letter, as a word of its own beside plain letters
    results["terms_latin_letters"] = term_differences({f"x{chr(c)}x" for c in range(0xC0, 0x250)})

    builds = {
        "whoosh": lambda: whoosh_build(units, OUT / "whoosh"),
        "tantivy_pretokenized": lambda: tantivy_build(units, OUT / "tantivy"),
        "tantivy_native": lambda: native_build(units, OUT / "native"),
    }
    results["build_msg_per_s"] = {
        name: round(args.n / best_seconds(build, args.runs)) for name, build in builds.items()
    }

    from whoosh.index import open_dir

    whoosh_searcher = open_dir(str(OUT / "whoosh"), schema=make_schema()).searcher()
    engines = {"whoosh": whoosh_runner(whoosh_searcher),
               "tantivy": tantivy_runner(Searcher(open_index(OUT / "tantivy")))}
    results["queries_ms"] = {
        name: {
            "query": text,
            **{engine: latency(run, text, sort, facets, args.rounds, args.runs)
               for engine, run in engines.items()},
            "hits": {engine: run(text, sort, facets) for engine, run in engines.items()},
        }
        for name, (text, sort, facets) in query_set().items()
    }
    (OUT / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
