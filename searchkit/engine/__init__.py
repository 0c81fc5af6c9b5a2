"""The Whoosh engine: everything Whoosh-specific lives in this package.

searchkit reaches it through the `searchkit.engines.Engine` protocol, which `whoosh_engine`
is: `build()` and `apply()` write what `searchkit.indexing` hands them (`writing`, with
`shards` and `pool` for parallel builds), and `open_reader()` opens a
generation for the engine-neutral `searchkit.searching.Searcher` (`reading`). They import
Whoosh only when called, so that the command line starts without it.

Inside, modules are named after Whoosh's own: `schema` (fields, each with its analysis from
`searchkit.analysis`), `queries` (the query tree as Whoosh queries), `reading` (with
`expansions`: fuzzy and wildcard words expanded once, cut short at a deadline), `writing`;
`version` says which Whoosh it runs on and `private_calls` holds the private Whoosh calls
the pinned version must keep.
"""
