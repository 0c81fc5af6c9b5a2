"""The Whoosh engine: everything Whoosh-specific lives in this package.

searchkit reaches it through the `searchkit.engines.Engine` protocol, which `whoosh_engine` is:
`update()` brings an index folder up to date with a corpus folder (`writing`), and
`open_reader()` opens a generation for the engine-neutral `Searcher` (`reading`). Both are
imported only when called, so that the command line starts without Whoosh.

Inside, modules are named after Whoosh's own: `schema` (fields and analysis), `queries` (the
query tree as Whoosh queries), `reading`, `searching` (searchkit's own rules, over any
engine's reader), `highlight`, `spelling`, `writing`, with `shards` and `pool` for parallel
builds, `dedup` for copies, `version` for which Whoosh it runs on, and `private_calls` for the
private Whoosh calls the pinned version must keep.
"""
