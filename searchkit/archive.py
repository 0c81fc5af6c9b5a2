"""The archive: one handle on a corpus folder and its index, which everything hangs off.

>>> from searchkit import Archive
>>> with Archive("corpus") as archive:
...     hits = archive.search('"discussions are over"')
...     archive.unit(hits[0].id).sender
'Elon Musk'

It owns the paths (where a corpus's index lives), the open searcher, the alias table and
freshness: a search first brings the index up to date with the corpus, unless another process
is updating it, in which case it answers at once from the live generation. Only `update()`
and `rebuild()` wait for the lock.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .engines import ENGINE_ENV, chosen_engine, engine_for
from .errors import IndexBusy, IndexMismatch, QueryError
from .manifest import (
    Progress,
    Report,
    check_corpus,
    corpus_key,
    live_generation,
    load_head,
    load_manifest,
    plan,
)
from .people import ALIAS_FILE, Alias, NameTable, alias_origins
from .results import RELEVANCE, SORTS, Page
from .tallies import FACETS, TOP
from .units import EMAIL, slug

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

    from .audit import Finding
    from .correspondence import Link, Thread
    from .engines import Engine
    from .results import Results
    from .searching import Searcher
    from .tallies import Tallies, Timeline
    from .units import Unit

PathLike = str | os.PathLike[str]
Notify = Callable[[str], None]

CORPUS_ENV, INDEX_ENV = "SEARCHKIT_CORPUS", "SEARCHKIT_INDEX"
#: The corpus searched when none is named, and the index it keeps beside it.
DEFAULT_CORPUS, DEFAULT_INDEX = Path("corpus"), Path("index")
#: How long `searchkit index` waits for another updater before it says one is running.
UPDATE_WAIT = 3.0
#: A manifest this large (about 20,000 files) makes the command line answer first and check
#: the corpus after: reading it and statting every file it lists cost more than a search.
ANSWER_FIRST_BYTES = 2 * 2**20


def corpus_folder(corpus: PathLike | None = None) -> Path:
    """The corpus folder: the argument, else $SEARCHKIT_CORPUS, else ./corpus."""
    return Path(corpus or os.environ.get(CORPUS_ENV) or DEFAULT_CORPUS)


def index_folder(corpus: Path, index: PathLike | None = None) -> Path:
    """Where a corpus's index lives: the argument, else $SEARCHKIT_INDEX, else ./index for
    ./corpus and, for any other folder, a folder of the user's cache named after it.

    The cache (as mu keeps one index per mail store) writes nothing into the user's folder,
    works for a read-only corpus, and gives each corpus its own index, so that two corpora
    never overwrite each other's.
    """
    chosen = index or os.environ.get(INDEX_ENV)
    if chosen:
        return Path(chosen)
    if corpus.resolve() == DEFAULT_CORPUS.resolve():
        return DEFAULT_INDEX
    beside = _index_beside(corpus)
    if beside is not None:
        return beside
    key = corpus_key(corpus)
    digest = hashlib.blake2b(os.fsencode(key), digest_size=6).hexdigest()
    return cache_folder() / f"{slug(corpus.resolve().name) or 'corpus'}-{digest}"


def _index_beside(corpus: Path) -> Path | None:
    """The `index/` beside a folder named `corpus` when it was built from that folder: the
    project's own corpus reached by another path (`../corpus` from notebooks/, an absolute
    path) keeps its index, not a second one in the cache."""
    folder = corpus.resolve()
    beside = folder.parent / DEFAULT_INDEX.name
    if folder.name != DEFAULT_CORPUS.name or live_generation(beside) is None:
        return None
    manifest = load_manifest(beside)
    return beside if manifest is not None and manifest.corpus == corpus_key(folder) else None


def cache_folder() -> Path:
    """$XDG_CACHE_HOME/searchkit, else ~/.cache/searchkit."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "searchkit"


def to_stderr(message: str) -> None:
    print(message, file=sys.stderr)


class Archive:
    """A corpus folder and its index. Use it as a context manager, or call `close()`."""

    def __init__(
        self,
        corpus: PathLike | None = None,
        index: PathLike | None = None,
        *,
        notify: Notify | None = None,
        engine: str | None = None,
    ) -> None:
        self.corpus = corpus_folder(corpus)
        self.index = index_folder(self.corpus, index)
        self.notify = notify or to_stderr
        # the engine asked for (the argument, else $SEARCHKIT_ENGINE); None: the index's own
        self.asked_engine = chosen_engine(engine) if engine or os.environ.get(ENGINE_ENV) else None
        self._searcher: Searcher | None = None
        self._checked: Path | None = None  # the generation known to belong to this corpus
        self._engine_checked: Path | None = None  # the generation known built by the engine asked
        self._aliases: _AliasesInForce | None = None

    def __repr__(self) -> str:
        return f"Archive({os.fsdecode(self.corpus)!r}, index={os.fsdecode(self.index)!r})"

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    # -- writing ---------------------------------------------------------------------------

    def update(
        self, *, progress: Progress | None = None, wait: float = UPDATE_WAIT, semantic: bool = False
    ) -> Report:
        """Bring the index up to date with the corpus; IndexBusy if another update runs.
        `semantic` gives the index vectors from now on (the `semantic` extra). An engine
        asked for that did not build the index rebuilds it."""
        return self._update(rebuild=False, progress=progress, wait=wait, semantic=semantic)

    def rebuild(
        self, *, progress: Progress | None = None, wait: float = UPDATE_WAIT, semantic: bool = False
    ) -> Report:
        """Index the whole corpus anew (and take over an index built from another corpus)."""
        return self._update(rebuild=True, progress=progress, wait=wait, semantic=semantic)

    def _update(self, **options: Any) -> Report:
        from .indexing import update

        # the engine asked for, or None: indexing chooses as `engine()` does (the index's own)
        return update(self.corpus, self.index, engine=self.asked_engine, **options)

    def engine(self) -> Engine:
        """The engine asked for, else the one that built the index, else the default."""
        return engine_for(self.index, self.asked_engine)

    def answers_first(self) -> bool:
        """Is checking the corpus for changes before a search dearer than the search (a
        manifest of about 20,000 files and more)? The command line then answers from the
        index as it is and checks after (`refresh_after`)."""
        head = load_head(self.index)
        return head is not None and head.size >= ANSWER_FIRST_BYTES

    def refresh_after(self) -> None:
        """After answering from the index as it was: bring it up to date, and say so when
        the corpus had changed (the answer may have missed those files)."""
        try:
            if not self.is_stale():
                return
            report = self.update(wait=0)
        except IndexBusy:
            self.notify("searchkit: answered from the index as it is; another process updates it")
            return
        self.notify(
            f"searchkit: answered from the index as it was; the corpus had changed, index"
            f" refreshed now ({report.summary()}): search again to see the changes"
        )

    def is_stale(self) -> bool:
        chosen = self.engine()
        return plan(
            self.corpus, self.index, engine=chosen.NAME, engine_version=chosen.version()
        ).needed

    # -- reading ---------------------------------------------------------------------------

    def searcher(self, *, refresh: bool = True) -> Searcher:
        """The open searcher of the live generation, the index built or refreshed first."""
        from .searching import Searcher

        self._check_engine()
        generation = self._live_generation(refresh)
        cached = self._searcher
        if cached and cached.generation == generation and cached.is_current():
            return cached
        self.close()
        opened = self.engine()
        try:
            self._searcher = Searcher(opened.open_reader(generation))
        except Exception as error:  # noqa: BLE001 - whatever a damaged file makes Whoosh raise
            self.notify(
                f"searchkit: the index in {os.fsdecode(self.index)} is damaged"
                f" ({type(error).__name__}: {error}); rebuilding it from the corpus"
            )
            self.rebuild(wait=0)
            self._searcher = Searcher(opened.open_reader(self._live_generation(refresh=False)))
        return self._searcher

    def _check_engine(self) -> None:
        """A search never rebuilds an index with another engine than built it: it says what
        to type."""
        if not self.asked_engine:
            return
        generation = live_generation(self.index)
        if generation is None or generation == self._engine_checked:
            return  # (a generation's engine never changes: its head is read once)
        head = load_head(self.index)
        if head is not None and head.engine != self.asked_engine:
            raise IndexMismatch(
                f"the index in {os.fsdecode(self.index)} was built by {head.engine}, not"
                f" {self.asked_engine}: run `searchkit index --engine {self.asked_engine}"
                " --rebuild` to rebuild it, or search without asking for an engine"
            )
        self._engine_checked = generation

    def _live_generation(self, refresh: bool) -> Path:
        """Build the index on first use; with `refresh`, bring it up to date unless another
        process is doing so (a search never waits for a writer)."""
        live = live_generation(self.index)
        if live is not None and not refresh:
            if live != self._checked:  # once per generation; the head, not the files' entries
                check_corpus(load_head(self.index), self.corpus, self.index)
                self._checked = live
            return live
        if live is None:
            if not self.corpus.is_dir():
                raise FileNotFoundError(f"corpus folder not found: {os.fsdecode(self.corpus)}")
            self.notify(
                f"searchkit: building the index of {os.fsdecode(self.corpus)}/"
                f" in {os.fsdecode(self.index)}/ (first use)"
            )
        try:
            if live is None or self.is_stale():
                report = self.update(wait=0)
                if live is not None:
                    self.notify(f"searchkit: index refreshed: {report.summary()}")
        except IndexBusy:
            if live is None:
                raise
            self.notify("searchkit: another process is updating the index; searching it as it is")
        except OSError as error:  # a full disk: the live generation still answers
            if live is None:
                raise
            self.notify(
                f"searchkit: could not refresh the index ({error.strerror or error});"
                " searching it as it is"
            )
        live = live_generation(self.index)
        if live is None:
            raise FileNotFoundError(f"no index in {os.fsdecode(self.index)}")
        return live

    def aliases(self, *, refresh: bool = True) -> tuple[Alias, ...]:
        """The other names in force: the alias file's, the address book's (each address on
        a contact's card), the sign-offs the corpus shows."""
        searcher = self.searcher(refresh=refresh)
        return self._aliases_of(searcher)

    def _aliases_of(self, searcher: Searcher) -> tuple[Alias, ...]:
        return self._in_force(searcher).aliases

    def _alias_table(self, searcher: Searcher) -> NameTable:
        return self._in_force(searcher).table

    def _in_force(self, searcher: Searcher) -> _AliasesInForce:
        """The aliases and their table, read again when the searcher or the alias file
        changed (each search asks: the table is made once for them)."""
        try:
            stamp = (self.corpus / ALIAS_FILE).stat().st_mtime_ns
        except OSError:
            stamp = 0
        key = (searcher, stamp)
        if self._aliases is None or self._aliases.key != key:
            found = tuple(alias_origins(self.corpus, searcher.signatures, searcher.address_book))
            pairs = [(alias.alias, alias.name) for alias in found]
            table = NameTable(pairs, lambda: searcher.names(found).addresses())
            self._aliases = _AliasesInForce(key, found, table)
        return self._aliases

    def search(
        self,
        query: str = "",
        *,
        limit: int | None = 10,
        offset: int = 0,
        sort: str = RELEVANCE,
        facets: Sequence[str] = (),
        refresh: bool = True,
        semantic: bool | None = None,
        seconds: float | None = None,
        **filters: object,
    ) -> Results:
        """Ranked hits for `query` and the keyword filters (see `searchkit.search`): `limit`
        of them (None for all, 0 to count only) after the first `offset`, by relevance or
        `newest`/`oldest` first. `semantic` fuses in the ranking by meaning (True), never
        (False) or for a question, where the index has vectors (None). Past `seconds`
        (`searching.QUERY_SECONDS` unless given) the hits found by then, said `partial`.
        `facets` are counted over every match by `tallies`, as the page and `timeline`
        count them."""
        import time
        from dataclasses import replace

        from .searching import QUERY_SECONDS

        unknown = set(facets) - set(FACETS)
        if unknown:
            raise QueryError(f"unknown facet {sorted(unknown)[0]!r}; known: {', '.join(FACETS)}")
        if sort not in SORTS:
            raise QueryError(f"unknown sort {sort!r}; known: {', '.join(SORTS)}")
        if offset < 0 or (limit is not None and limit < 0):
            raise QueryError("limit and offset count hits: 0 or more")
        searcher = self.searcher(refresh=refresh)
        text = _query_text(query, filters)
        page = Page(limit, offset, sort)
        deadline = time.monotonic() + (QUERY_SECONDS if seconds is None else seconds)
        counting = self._counting_ahead(searcher, text, facets)
        results = searcher.search(
            text,
            page=page,
            aliases=self._alias_table(searcher),
            semantic=semantic,
            deadline=deadline,
        )
        # a relaxed (any-word) search matches what no exact count can recount: its hits stand
        recount = results.corrected_query or text
        every = None if results.any_word else (lambda: self._envelopes(recount, False))
        results = replace(results, every_match=every, **self._naming(searcher))
        if not facets:
            return results
        unsure = results.uncountable()
        if unsure:
            return replace(results, notes=(*results.notes, f"facets not counted: {unsure}"))
        ahead = counting.result() if counting is not None and recount == text else None
        if ahead is None:  # not counted ahead, or for another query, or beyond the engine
            counted = self.tallies(recount, refresh=False, top=None, facets=facets)
        else:
            counted = ahead
        return replace(results, facets={name: dict(counted.facets[name]) for name in facets})

    def _counting_ahead(
        self, searcher: Searcher, text: str, facets: Collection[str]
    ) -> Future[Tallies | None] | None:
        """The facets, counted in another thread while the hits are ranked, where the engine
        may be searched by two threads at once (its counting then takes no time of its own
        on a machine of several cores); None otherwise."""
        if not facets or not searcher.reader.reads_in_parallel:
            return None
        table, people = self._alias_table(searcher), self._aliases_of(searcher)
        return _counter().submit(
            searcher.tallies, text, aliases=table, top=None, facets=facets, people=people
        )

    def envelopes(self, query: str = "", *, refresh: bool = True, **filters: object) -> Results:
        """Every unit matching exactly, without text or ranking: what tallies count."""
        return self._envelopes(_query_text(query, filters), refresh)

    def _envelopes(self, text: str, refresh: bool) -> Results:
        from dataclasses import replace

        searcher = self.searcher(refresh=refresh)
        found = searcher.envelopes(text, aliases=self._alias_table(searcher))
        return replace(found, **self._naming(searcher))

    def _naming(self, searcher: Searcher) -> dict[str, Any]:
        """The aliases in force and the corpus's one name per person, for a `Results`."""
        aliases = self._aliases_of(searcher)
        return {"aliases": aliases, "naming": lambda: searcher.names(aliases)}

    def unit(self, unit_id: str, *, refresh: bool = True) -> Unit | None:
        return self.searcher(refresh=refresh).unit(unit_id)

    def echo(self, unit_id: str) -> tuple[Unit, Unit | None] | None:
        """The echo with this id (a quote whose words the corpus holds already as an email,
        indexed hidden and without its text: no search finds it), its text read again from
        its file, and the email it repeats; None when no echo has this id."""
        from dataclasses import replace

        from .copies import original_of
        from .corpus import read_units
        from .layouts import load_layouts

        reader = self.searcher(refresh=False).reader
        found = reader.units("id", unit_id, limit=1, echoes=True)
        if not found or reader.visible(unit_id) is not None:
            return None
        echo = found[0]
        path = self.corpus / echo.source
        read = read_units(path, echo.source, load_layouts(self.corpus)) if path.is_file() else None
        again = [unit for unit in (read.units if read else ()) if unit.id == echo.id]
        echo = replace(echo, text=again[0].text) if again else echo
        return echo, original_of(echo, reader)

    def echo_of(self, unit: Unit) -> str | None:
        """Of a unit read from the corpus (`read_units`), the id of the email it repeats when
        the index holds it as an echo (see `echo`), else None."""
        from .copies import original_of

        if not unit.quoted_in:
            return None
        reader = self.searcher(refresh=False).reader
        # hidden (`visible` is None) but indexed
        if reader.visible(unit.id) is not None or not reader.units(
            "id", unit.id, limit=1, echoes=True
        ):
            return None
        original = original_of(unit, reader)
        return original.id if original else None

    def thread(self, unit: Unit) -> list[Unit]:
        """Every email of the unit's thread, oldest first."""
        return self.searcher(refresh=False).thread(unit)

    def copies(self, unit: Unit) -> list[Unit]:
        """Every copy of the unit's message in the corpus, itself included."""
        return self.searcher(refresh=False).copies(unit)

    def stats(self, *, refresh: bool = True) -> dict[str, Any]:
        """Units by kind, senders by count, the date range, copies and files with problems."""
        searcher = self.searcher(refresh=refresh)
        numbers = searcher.stats(self._aliases_of(searcher))
        manifest = load_manifest(self.index)
        numbers["files"] = len(manifest.files) if manifest else 0
        numbers["skipped"] = manifest.problems if manifest else []
        return numbers

    def people(self, query: str = "", *, refresh: bool = True, **filters: object) -> list[Link]:
        """Who wrote to whom among the units matching `query`, most messages first."""
        from .correspondence import people

        results = self._envelopes(_query_text(query, filters), refresh=refresh)
        return people(results.hits, results.names())

    def threads(
        self, query: str = "", *, limit: int | None = 10, offset: int = 0, **filters: object
    ) -> list[Thread]:
        """The threads whose units match `query` (as notmuch's search lists threads), the
        last active first, `limit` of them after the first `offset`: each with its span,
        its participants and its matching units."""
        from .correspondence import threads

        results = self._envelopes(_query_text(query, filters), refresh=True)
        found = threads(results.hits, results.names())
        return found[offset:] if limit is None else found[offset : offset + limit]

    def timeline(
        self, query: str = "", by: str = "year", *, refresh: bool = True, **filters: object
    ) -> Timeline:
        """Every match per period from the first to the last, with how many it leaves out
        (undated, or dated by a longer period): what `searchkit timeline` draws."""
        from .tallies import timeline

        return timeline(self._envelopes(_query_text(query, filters), refresh).hits, by)

    def tallies(
        self,
        query: str = "",
        *,
        refresh: bool = True,
        top: int | None = TOP,
        facets: Collection[str] = FACETS,
        **filters: object,
    ) -> Tallies:
        """Every match counted by each of `facets` (sender, recipient, year, kind, thread:
        all unless named; the years always), and its timeline by year: what the page shows
        beside the hits. Counted by the engine where it can, else from every match's
        envelope (every facet then)."""
        from .tallies import tally

        text = _query_text(query, filters)
        searcher = self.searcher(refresh=refresh)
        aliases = self._alias_table(searcher)
        people = self._aliases_of(searcher)
        found = searcher.tallies(text, aliases=aliases, top=top, facets=facets, people=people)
        if found is None:
            return tally(self._envelopes(text, False).hits, top, searcher.names(people))
        return found

    # -- the corpus itself -----------------------------------------------------------------

    def read_units(self) -> Iterator[tuple[Unit, str | None]]:
        """Every unit of the corpus as the splitter gives it, read from the files (not the
        index), each with the id of the first copy of its message when it is a later one.

        Problems reading a file go to `notify`, one line each.
        """
        from .copies import signed
        from .corpus import iter_corpus

        if not self.corpus.is_dir():
            raise FileNotFoundError(f"corpus folder not found: {os.fsdecode(self.corpus)}")
        firsts: dict[str, str] = {}  # a Message-ID, or an attachment's key → its first unit
        copied: dict[str, str] = {}  # a later copy's id → the first's
        # of each carrier, how many of its attachments of one name came so far: two messages
        # attached with no Message-ID are both `attached message`, and neither the other's copy
        attached: Counter[str] = Counter()
        for file_units in iter_corpus(self.corpus):
            for unit in file_units.units:
                # a message carried by another (a digest's) is a copy by its Message-ID, as
                # `copies.Copies` has it; an attached file, or one in a copy, with its carrier
                carried = unit.kind == EMAIL and unit.message_id and unit.attached_to not in copied
                if unit.attached_to and not carried:  # the same file attached to a copy
                    original = copied.get(unit.attached_to, unit.attached_to)
                    name = f"{unit.attached_to}\t{unit.attachments[0]}"
                    key = f"{original}\t{unit.attachments[0]}\t{attached[name]}"
                    attached[name] += 1
                elif unit.message_id and not unit.quoted_in:
                    key = f"{unit.message_id}\t{signed(unit)}"  # one ID, two messages: both
                else:
                    yield unit, None
                    continue
                first = firsts.setdefault(key, unit.id)
                if first != unit.id:
                    copied[unit.id] = first
                yield unit, (first if first != unit.id else None)
            for problem in file_units.problems:  # a large file's are known once it is read
                self.notify(f"searchkit: warning: {problem}")

    def audit(self) -> list[Finding]:
        """What to check by hand, file by file (`searchkit audit`): the places where the
        reading could not be sure (see `audit.py`)."""
        from .audit import audit
        from .corpus import iter_corpus

        if not self.corpus.is_dir():
            raise FileNotFoundError(f"corpus folder not found: {os.fsdecode(self.corpus)}")
        return list(audit(iter_corpus(self.corpus)))


def _query_text(query: str, filters: dict[str, object]) -> str:
    """The query and the keyword filters (sender="elon" is from:elon) as one query string."""
    from .query.parse import filters_to_query

    return " ".join(part for part in (query.strip(), filters_to_query(filters)) if part)


@dataclass(frozen=True)
class _AliasesInForce:
    key: tuple[object, int]  # the searcher and the alias file's time
    aliases: tuple[Alias, ...]
    table: NameTable


# -- the default handles behind `from searchkit import search` -------------------------------

_HANDLES: dict[tuple[str, str], Archive] = {}


def archive_for(corpus: PathLike | None = None, index: PathLike | None = None) -> Archive:
    """One Archive per corpus and index, kept open: a notebook pays for opening it once.
    The folders as spelled are resolved once, while the corpus folder stays the same one
    (a link to it may be pointed elsewhere)."""
    folder = corpus_folder(corpus)
    spelled = (
        *(None if given is None else os.fspath(given) for given in (corpus, index)),
        os.environ.get(CORPUS_ENV),
        os.environ.get(INDEX_ENV),
        os.getcwd(),
    )
    identity = _identity(folder)
    known = _SPELLED.get(spelled)
    if known is not None and known[0] == identity and known[1] in _HANDLES:
        return _HANDLES[known[1]]
    key = (corpus_key(folder), os.fsdecode(Path(index_folder(folder, index)).absolute()))
    if key not in _HANDLES:
        _HANDLES[key] = Archive(folder, index)
    if len(_SPELLED) >= _SPELLINGS_KEPT:
        _SPELLED.clear()
    _SPELLED[spelled] = (identity, key)
    return _HANDLES[key]


_COUNTER: list[ThreadPoolExecutor] = []


def _counter() -> ThreadPoolExecutor:
    """The one thread that counts pages' facets beside their searches (made when first asked:
    most runs count none)."""
    if not _COUNTER:
        from concurrent.futures import ThreadPoolExecutor

        _COUNTER.append(ThreadPoolExecutor(max_workers=1, thread_name_prefix="searchkit-facets"))
    return _COUNTER[0]


#: Each spelling of a corpus and index (with the variables and the working folder that
#: complete it), the corpus folder's identity then, and its handle's key.
_SPELLED: dict[tuple, tuple[tuple[int, int] | None, tuple[str, str]]] = {}
_SPELLINGS_KEPT = 256


def _identity(folder: Path) -> tuple[int, int] | None:
    try:
        found = folder.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


def search(
    query: str = "",
    *,
    limit: int | None = 10,
    offset: int = 0,
    sort: str = RELEVANCE,
    index: PathLike | None = None,
    corpus: PathLike | None = None,
    refresh: bool = True,
    facets: Sequence[str] = (),
    notify: Notify | None = None,
    semantic: bool | None = None,
    seconds: float | None = None,
    **filters: object,
) -> Results:
    """Search the corpus; builds the index on first use and refreshes it when files changed.

    >>> from searchkit import search
    >>> hits = search("discussions are over", sender="elon")
    >>> hits[0].sender, hits[0].date
    ('Elon Musk', datetime.datetime(2017, 9, 20, 14, 17))
    >>> hits.total
    2

    Keyword filters mirror the query fields: sender/from_, to, cc, subject, kind, thread,
    source, folder, date, after, before. Raises QueryError for a query it cannot understand.
    """
    archive = archive_for(corpus, index)
    archive.notify = notify or to_stderr
    return archive.search(
        query,
        limit=limit,
        offset=offset,
        sort=sort,
        facets=facets,
        refresh=refresh,
        semantic=semantic,
        seconds=seconds,
        **filters,
    )


def envelopes(
    query: str = "",
    *,
    index: PathLike | None = None,
    corpus: PathLike | None = None,
    refresh: bool = True,
    notify: Notify | None = None,
    **filters: object,
) -> Results:
    """Every unit matching `query` exactly, in the corpus's order, with its text left out: what a
    people table or a timeline counts (`Results.people()`, `.timeline()`)."""
    archive = archive_for(corpus, index)
    archive.notify = notify or to_stderr
    return archive.envelopes(query, refresh=refresh, **filters)
