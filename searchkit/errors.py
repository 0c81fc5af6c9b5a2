"""What searchkit raises for bad input and busy indexes (light, so the CLI can catch them
without loading Whoosh)."""


class QueryError(ValueError):
    """The query cannot be understood; the message says why, in one line."""


class IndexBusy(RuntimeError):
    """Another process is updating this index."""


class AmbiguousId(ValueError):
    """An id prefix that more than one unit's id starts with; the message lists them."""


class IndexMismatch(ValueError):
    """The index was built from another corpus folder; the message says which, and what to do."""


class ConfigFileError(ValueError):
    """A configuration file of the corpus (`aliases.toml`, `searchkit.toml`) cannot be used;
    the message names the file and the problem, in one line."""


class SemanticUnavailable(RuntimeError):
    """Semantic search cannot run: the extra is missing, the model file is not the pinned
    one, or the index has no vectors; the message says what to do, in one line."""


class EngineUnavailable(RuntimeError):
    """An engine searchkit does not know, or whose extra is not installed; the message says
    what to type, in one line."""
