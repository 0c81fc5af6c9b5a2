"""What searchkit raises for bad input and busy indexes (light, so the CLI can catch them
without loading Whoosh)."""


class QueryError(ValueError):
    """The query cannot be understood; the message says why, in one line."""


class IndexBusy(RuntimeError):
    """Another process is updating this index."""
