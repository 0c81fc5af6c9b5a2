"""The search engine: everything Whoosh-specific lives in this package.

The rest of searchkit talks to it through two names, so that another engine could stand
beside this one without the readers, the splitter or the presenters changing:

* `update(corpus, index, *, rebuild, progress, wait) -> Report` (`writing`): bring an index
  folder up to date with a corpus folder.
* `Searcher(generation)` (`searching`): an open generation, with `search()`, `envelopes()`,
  `unit()`, `thread()`, `copies()`, `stats()` and the sign-off aliases it found.

Inside, modules are named after Whoosh's own: `schema` (fields and analysis), `queries` (the
query tree as Whoosh queries),
`searching`, `highlight`, `spelling`, `writing`, with `shards` and `pool` for parallel builds,
`dedup` for copies, and `compat` for the private Whoosh calls the pinned version must keep.
"""

#: What a search can count beside its hits (`--facet`), and the index field each counts.
FACETS = {"sender": "person", "year": "year", "kind": "kind", "thread": "thread"}
