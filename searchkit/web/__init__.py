"""`searchkit serve`: the archive in a browser, read-only, on 127.0.0.1.

Flask (a well-kept WSGI framework, with Jinja2, whose templates escape every value unless
told otherwise: the corpus is untrusted) renders each page on the server; there is no
JavaScript. Each page has a JSON twin of the CLI's shape (`/search.json`, `/unit/ID.json`,
`/people.json`) and the search a CSV one (`/search.csv`), as Datasette's pages do. A stale
index is refreshed in a background thread while pages answer from the index as it is.

It keeps answering: searches run side by side on a pool of handles (`_Pool`), each request
has one deadline for all its work (`_Deadline`), a search past it finishes behind the page,
and the page answers only requests addressed to it by name (`_Hosts`: DNS rebinding).
"""

from __future__ import annotations

import contextlib
import ipaddress
import queue
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from html import escape
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

from ..archive import Archive
from ..errors import IndexBusy, QueryError, SemanticUnavailable
from ..people import alias_table
from ..present import RENDERERS
from ..results import NEWEST, SORTS

#: The page's Content-Security-Policy: its own stylesheet, no script, no frame, no form
#: posted elsewhere; a hostile unit that slipped through escaping could still run nothing.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self';"
    " frame-ancestors 'none'; base-uri 'none'"
)
PAGE_SIZE = 20
#: The most hits a `/search.csv?all=1` holds.
EXPORT_ROWS = 10_000
#: Present's renderers with a page of their own: `/search.json`, `/search.csv`.
EXPORTS = {r.extension: r for r in RENDERERS.values() if r.extension}
#: A request's whole time (its search, then its facets and timeline): past it, the visitor
#: gets what was done, and a notice, while the search finishes in the background.
REQUEST_SECONDS = 3.0
#: The share of a page's time left that its search has: the rest is for its snippets and
#: the page around them, so that a search cut short is shown rather than late.
_SEARCHING_SHARE = 0.7
#: Searches that run side by side; more visitors wait for a free one (until their deadline).
SEARCHERS = 6
T = TypeVar("T")
_FACET_FIELDS = {"sender": "from", "recipient": "to", "year": "date", "kind": "kind"}


def create_app(
    archive: Archive,
    *,
    host: str = "127.0.0.1",
    allow_remote: bool = False,
    budget: float = REQUEST_SECONDS,
    searchers: int = SEARCHERS,
) -> Any:
    from flask import Flask, abort, jsonify, render_template, request

    from .. import present

    app = Flask(__name__)
    refresher = _Refresher(archive)
    pool = _Pool(archive, searchers)
    hosts = _Hosts(host, allow_remote)

    @app.before_request
    def same_host():
        # DNS rebinding: a hostile site's name made to point at 127.0.0.1 reaches this server
        # from the user's browser, with its own name in Host; the page answers only its own
        if not hosts.allowed(request.host):
            abort(421 if request.host else 400)

    @app.errorhandler(_Late)
    def late(problem: _Late):
        """A page over its time: said, with 503 (try again), never a page left hanging."""
        if request.path.endswith(".json"):
            return jsonify({"error": str(problem), "partial": True}), 503
        return render_template("search.html", late=str(problem), query="", results=None), 503

    @app.after_request
    def secure(response):
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def searched(*, tallies: bool, limit: int = PAGE_SIZE) -> dict[str, Any]:
        query = request.args.get("q", "").strip()
        sort = request.args.get("sort", "")
        if sort not in SORTS:  # no query: the newest first, which every visit shows alike
            sort = SORTS[0] if query else NEWEST
        page = max(1, request.args.get("page", 1, type=int) or 1)
        refresher.poke()
        found: dict[str, Any] = {"query": query, "sort": sort, "page": page, "error": None}
        found.update(results=None, facets={}, bars=[], late=None)
        deadline = _Deadline(budget)

        def search(handle: Archive) -> Any:
            # its own deadline a little before the page's: the hits found by then, shown
            seconds = deadline.left() * _SEARCHING_SHARE
            return handle.search(
                query, limit=limit, offset=(page - 1) * limit, sort=sort, refresh=False,
                seconds=seconds,
            )

        try:
            key = ("search", query, sort, page, limit)
            results = found["results"] = pool.run(search, deadline, key)
            if tallies and not results.uncountable():
                # what the hits are counted over: the query as searched (corrected, if it was)
                counting = results.corrected_query or query
                tally = lambda h: h.tallies(counting, refresh=False, facets=_FACET_FIELDS)  # noqa: E731
                counted = pool.run(tally, deadline, ("tallies", counting))
                found["bars"] = counted.years
                found["facets"] = {
                    name: values for name, values in counted.facets.items() if name in _FACET_FIELDS
                }
                if not results.total_is_exact and not results.partial:  # counted, not guessed
                    found["results"] = replace(results, total=counted.total, total_is_exact=True)
        except (QueryError, SemanticUnavailable) as problem:
            found["error"] = str(problem)
        except _Late as late:
            found["late"] = (
                f"{late}: the hits are shown, without the counts of every match beside them"
                if found["results"] is not None
                else f"{late}; a narrower query (a date, a sender, fewer words) answers sooner"
            )
        return found

    def render_search(found: dict[str, Any]):
        query = found["query"]
        facets = {
            name: [
                (value, count, _link(q=_narrowed(query, _FACET_FIELDS[name], value)))
                for value, count in values
            ]
            for name, values in found["facets"].items()
        }
        return render_template(
            "search.html",
            **{**found, "facets": facets},
            chart=_chart(found["bars"], query),
            pages=_pages(found, found["results"]),
            sorts=SORTS,
            present=present,
            link=_link,
            refreshing=refresher.running,
        )

    @app.get("/")
    def search_page():
        return render_search(searched(tallies=True))

    @app.get("/search.<extension>")
    def search_export(extension: str):
        """The search as a file, in each format of present's table that has a page
        (`/search.json`, `/search.csv`): the page's hits, or up to EXPORT_ROWS with
        `?all=1`, in the page's order."""
        renderer = EXPORTS.get(extension) or abort(404)
        whole = request.args.get("all") == "1"
        found = searched(tallies=False, limit=EXPORT_ROWS if whole else PAGE_SIZE)
        if found["error"]:
            return jsonify({"error": found["error"]}), 400
        if found["late"]:
            return jsonify({"error": found["late"], "partial": True}), 503
        results = found["results"]
        if renderer.name == "csv":  # each row links to its message's page, in full
            page = request.host_url.rstrip("/")
            text = present.results_csv(results, lambda unit: f"{page}/unit/{unit.id}")
            name = _slug(found["query"]) or "search"
            response = app.response_class(text, mimetype="text/csv")
            response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        return app.response_class(renderer.render(results), mimetype=renderer.media_type)

    @app.get("/unit/<unit_id>")
    def unit_page(unit_id: str):
        query = request.args.get("q", "").strip()
        unit, thread, copies, marks = _unit(pool, budget, unit_id, query) or abort(404)
        text = present.marked(unit.text, marks, lambda t: f"<mark>{escape(t)}</mark>", escape)
        return render_template(
            "unit.html",
            unit=unit,
            thread=thread,
            copies=copies,
            text=text,
            marked=len(marks),
            query=query,
            back=_link(q=query) if query else None,
            source=_source_link(archive.corpus, unit, query),
            present=present,
            link=_link,
        )

    @app.get("/unit/<unit_id>.json")
    def unit_json(unit_id: str):
        unit, thread, copies, _ = _unit(pool, budget, unit_id, "") or abort(404)
        return _json(app, present.unit_json(unit, thread, copies))

    @app.get("/source/<path:name>")
    def source_page(name: str):
        """A corpus file's text, read-only, its lines numbered, the cited one marked: never a
        file outside the corpus (a `..`, a link pointing out, an absolute path: 404)."""
        path = _in_corpus(archive.corpus, name) or abort(404)
        line = max(1, request.args.get("line", 1, type=int) or 1)
        lines, first = _source_lines(path, line)
        return render_template(
            "source.html",
            name=name,
            lines=lines,
            first=first,
            line=line,
            query=request.args.get("q", "").strip(),
            unit_id=request.args.get("unit", ""),
        )

    @app.get("/people")
    def people_page():
        query = request.args.get("q", "").strip()
        page = max(1, request.args.get("page", 1, type=int) or 1)
        links = _people(pool, budget, query)
        shown = links[(page - 1) * PEOPLE_ROWS : page * PEOPLE_ROWS]
        rows = [
            (row, _link(q=_narrowed(query, "from", row.sender)), _pair_link(query, row))
            for row in shown
        ]
        more = len(links) > page * PEOPLE_ROWS
        pages = {
            "previous": _people_link(query, page - 1) if page > 1 else None,
            "next": _people_link(query, page + 1) if more else None,
        }
        return render_template(
            "people.html",
            query=query,
            rows=rows,
            total=len(links),
            first=(page - 1) * PEOPLE_ROWS + 1,
            pages=pages,
            present=present,
        )

    @app.get("/people.json")
    def people_json():
        links = _people(pool, budget, request.args.get("q", "").strip())
        return _json(app, present.people_json(links))

    @app.get("/people.csv")
    def people_csv():
        """Who wrote to whom as `searchkit people --format csv` writes it, for a spreadsheet."""
        query = request.args.get("q", "").strip()
        response = app.response_class(
            present.people_csv(_people(pool, budget, query)) + "\n", mimetype="text/csv"
        )
        name = f"people-{_slug(query)}" if _slug(query) else "people"
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response

    @app.get("/audit")
    def audit_page():
        """What to check by hand (`searchkit audit`), each place linked to its source line."""
        found = pool.run(lambda handle: handle.audit(), _Deadline(budget), ("audit",))
        rows = [(finding, _finding_link(archive.corpus, finding)) for finding in found]
        return render_template("audit.html", rows=rows, total=len(found))

    @app.get("/help")
    def help_page():
        from ..syntax import QUERY_HELP

        return render_template("help.html", help=QUERY_HELP.replace("\b\n", ""))

    return app


def _slug(query: str) -> str:
    """A file name from a query: its letters, digits and dashes, at most 60 of them."""
    return re.sub(r"[^A-Za-z0-9]+", "-", query).strip("-")[:60]


def _json(app: Any, text: str) -> Any:
    return app.response_class(text, mimetype="application/json")


def _unit(pool: _Pool, budget: float, unit_id: str, query: str):
    def look(handle: Archive):
        try:
            unit = handle.unit(unit_id, refresh=False)
        except ValueError:  # an id prefix more than one unit starts with
            return None
        if unit is None:
            return None
        marks = _marks(handle, query, unit.text) if query else []
        return unit, handle.thread(unit), handle.copies(unit), marks

    return pool.run(look, _Deadline(budget))  # _Late: the app's handler says so


def _marks(handle: Archive, query: str, text: str) -> list[tuple[int, int]]:
    """Where the query's words stand in a unit's whole text, marked as a hit's snippet marks
    them: the engine's own terms and highlighter, run over every line (a bad query marks
    nothing: the message is shown all the same)."""
    searcher = handle.searcher(refresh=False)
    aliases = alias_table((alias.alias, alias.name) for alias in handle.aliases(refresh=False))
    try:
        return searcher.marks(query, aliases, text)
    except QueryError:
        return []


#: The most lines the source view shows around the cited one (a 100 MB mbox is not a page).
SOURCE_LINES = 2000
#: /people shows this many rows a page.
PEOPLE_ROWS = 100


def _in_corpus(corpus: Path, name: str) -> Path | None:
    """The corpus file `name` names, or None when it would lead outside the corpus folder."""
    root = corpus.resolve()
    try:
        path = (root / name).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not path.is_file() or not path.is_relative_to(root):
        return None
    return path


def _source_lines(path: Path, line: int) -> tuple[list[str], int]:
    """The lines of the file around `line` (decoded as UTF-8, bad bytes replaced), and the
    number of the first one shown."""
    first = max(1, line - SOURCE_LINES // 2)
    lines: list[str] = []
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        for number, text in enumerate(handle, start=1):
            if number >= first + SOURCE_LINES:
                break
            if number >= first:
                lines.append(text.rstrip("\r\n"))
    return lines, first


def _source_link(corpus: Path, unit: Any, query: str) -> str | None:
    """The source view at the unit's line, when its file is text (not a PDF's page)."""
    if unit.page is not None or _in_corpus(corpus, unit.source) is None:
        return None
    params = {"line": unit.line_start, "unit": unit.id, "q": query}
    kept = urlencode({name: value for name, value in params.items() if value})
    return f"/source/{quote(unit.source)}?{kept}#L{unit.line_start}"


def _finding_link(corpus: Path, finding: Any) -> str | None:
    """The source view at a finding's line, when it names one in a text file."""
    if finding.line is None or _in_corpus(corpus, finding.source) is None:
        return None
    return f"/source/{quote(finding.source)}?line={finding.line}#L{finding.line}"


def _pair_link(query: str, row: Any) -> str:
    """The messages a sender→recipient row counts: from the one, to the other."""
    narrowed = _narrowed(query, "from", row.sender)
    if row.redacted:  # a redacted recipient is no name to search for
        return _link(q=narrowed)
    return _link(q=_narrowed(narrowed, "to", row.recipient))


def _people_link(query: str, page: int) -> str:
    kept = {name: value for name, value in (("q", query), ("page", page)) if value not in ("", 1)}
    return "/people?" + urlencode(kept) if kept else "/people"


def _people(pool: _Pool, budget: float, query: str) -> list:
    try:
        # refresh=False: the refresher's to do, behind the page
        people = lambda handle: handle.people(query, refresh=False)  # noqa: E731
        return pool.run(people, _Deadline(budget), ("people", query))
    except QueryError:
        return []


def _link(**params: Any) -> str:
    """A shareable search URL: `/?q=from:elon+date:2017&sort=newest&page=2`."""
    kept = {
        name: value for name, value in params.items() if value not in (None, "", 1, "relevance")
    }
    return "/?" + urlencode(kept) if kept else "/"


def _narrowed(query: str, field: str, value: str) -> str:
    clause = f'{field}:"{value}"' if " " in value or ":" in value else f"{field}:{value}"
    return f"{query} {clause}".strip()


def _chart(bars: list[tuple[str, int]], query: str) -> dict[str, Any]:
    """An inline SVG bar chart of every match by year: each bar a link to its year."""
    most = max((count for _, count in bars), default=0)
    width = 28
    return {
        "bars": [
            {
                "x": number * width,
                "height": round(80 * count / most) if most else 0,
                "period": period,
                "count": count,
                "href": _link(q=_narrowed(query, "date", period)),
            }
            for number, (period, count) in enumerate(bars)
        ],
        "width": max(width * len(bars), width),
        "bar": width - 4,
    }


def _pages(found: dict[str, Any], results) -> dict[str, str | None]:
    if results is None:
        return {"previous": None, "next": None}
    page, query, sort = found["page"], found["query"], found["sort"]
    more = results.total > page * PAGE_SIZE
    return {
        "previous": _link(q=query, sort=sort, page=page - 1) if page > 1 else None,
        "next": _link(q=query, sort=sort, page=page + 1) if more else None,
    }


class _Late(Exception):
    """The request's time ran out: what the visitor is told instead of the answer."""


class _Deadline:
    """The time a request has left, as a whole: search, facets and timeline share it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return max(0.0, self.end - time.monotonic())


class _Pool:
    """Searchers side by side: up to `size` handles on the archive, each used by one request
    at a time (a Whoosh searcher is not shared between threads), made as visitors come.

    A request waits for its answer only until its deadline; a search still running then
    finishes in its own thread and hands its handle back, while the visitor is answered at
    once: one slow query never queues the next visitor behind it.
    """

    def __init__(self, archive: Archive, size: int) -> None:
        self.archive = archive
        self.idle: queue.LifoQueue[Archive] = queue.LifoQueue()
        self.idle.put(archive)
        self.made = 1
        self.size = max(1, size)
        self.lock = threading.Lock()
        # searches that ran past their deadline, by key: running, or their answer kept
        self.late: dict[tuple, tuple[threading.Event, list[Any]]] = {}

    def _take(self, deadline: _Deadline) -> Archive:
        with contextlib.suppress(queue.Empty):
            return self.idle.get_nowait()
        with self.lock:
            if self.made < self.size:
                self.made += 1
                return Archive(self.archive.corpus, self.archive.index, notify=_quiet)
        try:
            return self.idle.get(timeout=deadline.left())
        except queue.Empty:
            raise _Late(
                f"every searcher is busy with slower queries ({self.size}); try again soon"
            ) from None

    def run(self, work: Callable[[Archive], T], deadline: _Deadline, key: tuple | None = None) -> T:
        """`work` on a free handle, its answer by the deadline or _Late. A `key` names the
        work: a search past its deadline is not started again while it still runs (a reload
        waits for the one running), and its answer, when it comes, is kept a minute for the
        visitor who asks again: a pathological query reloaded no longer piles up threads
        that take the processor from every other visitor."""
        kept = self._kept(key)
        if kept is None:
            kept = self._start(work, deadline)
        done, answer = kept
        if not done.wait(deadline.left()):
            with self.lock:
                if key is not None:
                    self.late[key] = kept
            raise _Late(f"this took longer than the {deadline.seconds:g} s a page has")
        succeeded, value = answer[0]
        if not succeeded:
            raise value
        return value

    def _kept(self, key: tuple | None) -> tuple[threading.Event, list[Any]] | None:
        """The late search of that key, still running or done less than a minute ago."""
        now = time.monotonic()
        with self.lock:
            for old, (done, answer) in list(self.late.items()):
                if done.is_set() and now - answer[1] > _KEPT_SECONDS:
                    del self.late[old]
            return self.late.get(key) if key is not None else None

    def _start(self, work: Callable[[Archive], T], deadline: _Deadline):
        handle = self._take(deadline)
        done = threading.Event()
        answer: list[Any] = []

        def worker() -> None:
            try:
                answer.append((True, work(handle)))
            except BaseException as error:  # noqa: BLE001 - handed to the request's thread
                answer.append((False, error))
            finally:
                answer.append(time.monotonic())  # when it ended: kept a minute after
                self.idle.put(handle)
                done.set()

        threading.Thread(target=worker, daemon=True, name="searchkit-search").start()
        return done, answer


#: How long the answer of a search that finished past its deadline is kept for a reload.
_KEPT_SECONDS = 60.0


def _quiet(message: str) -> None:
    """A pooled handle's notices: the first handle has said them already."""


class _Hosts:
    """The names a request's Host may carry: this machine's loopback names, and what
    --host names; with --allow-remote on a wildcard address, any address written as digits
    and this machine's own names (a DNS-rebinding page carries its own name, never those)."""

    def __init__(self, host: str, allow_remote: bool) -> None:
        names = {"localhost", "127.0.0.1", "::1", host.strip("[]").lower()}
        self.wildcard = allow_remote and host in ("0.0.0.0", "::", "")
        if self.wildcard:
            names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
        self.names = frozenset(names)

    def allowed(self, header: str) -> bool:
        name = _host_name(header)
        if name in self.names:
            return True
        if self.wildcard:
            with contextlib.suppress(ValueError):
                ipaddress.ip_address(name)
                return True
        return False


def _host_name(header: str) -> str:
    """`127.0.0.1:8001` -> `127.0.0.1`, `[::1]:8001` -> `::1`."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class _Refresher:
    """Brings a stale index up to date in a background thread; pages never wait for it."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def poke(self) -> None:
        if self.running:
            return
        self.thread = threading.Thread(target=self._refresh, daemon=True)
        self.thread.start()

    def _refresh(self) -> None:
        try:
            if self.archive.is_stale():
                self.archive.update(wait=0)
        except (IndexBusy, OSError):
            pass  # another writer has it, or the disk: the next page asks again


def serve(
    archive: Archive,
    host: str,
    port: int,
    *,
    open_browser: bool = False,
    allow_remote: bool = False,
) -> None:
    from werkzeug.serving import make_server

    archive.searcher()  # built or refreshed once, before the first page
    app = create_app(archive, host=host, allow_remote=allow_remote)
    # a thread per request (werkzeug's), the searches themselves in the pool's threads
    server = make_server(host, port, app, threaded=True)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{server.server_port}/"
    print(f"searchkit: serving {Path(archive.corpus)} at {url} (Ctrl-C stops)", flush=True)
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
