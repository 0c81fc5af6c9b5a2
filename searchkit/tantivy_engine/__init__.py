"""The tantivy engine (`searchkit[fast]`): tantivy, the Rust search library, through its
Python bindings, with the same fields, terms and query meanings as the Whoosh engine.

Only this package imports tantivy. `schema` makes the fields (the Whoosh schema's, with
searchkit's own analysis handed over), `queries` the query tree as tantivy queries, `index` an
index in a folder: its writer and its searcher.
"""
