"""`searchkit serve`: the archive in a browser, read-only, on 127.0.0.1.

Flask (a well-kept WSGI framework, with Jinja2, whose templates escape every value unless
told otherwise: the corpus is untrusted) renders each page on the server; there is no
JavaScript. Each page has a JSON twin of the CLI's shape (`/search.json`, `/unit/ID.json`,
`/people.json`), as Datasette's pages do. A stale index is refreshed in a background thread
while pages answer from the index as it is.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from ..archive import Archive
from ..errors import IndexBusy, QueryError, SemanticUnavailable
from ..results import SORTS

#: The page's Content-Security-Policy: its own stylesheet, no script, no frame, no form
#: posted elsewhere; a hostile unit that slipped through escaping could still run nothing.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self';"
    " frame-ancestors 'none'; base-uri 'none'"
)
PAGE_SIZE = 20
#: Facets beside the hits, counted over every match (not only the page).
FACETS = ("sender", "recipient", "year", "kind")
_FACET_FIELDS = {"sender": "from", "recipient": "to", "year": "date", "kind": "kind"}


def create_app(archive: Archive) -> Any:
    from flask import Flask, abort, jsonify, render_template, request

    from .. import present
    from ..correspondence import timeline

    app = Flask(__name__)
    refresher = _Refresher(archive)
    lock = threading.Lock()  # one search at a time: the archive's searcher is shared

    @app.after_request
    def secure(response):
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def searched() -> dict[str, Any]:
        query = request.args.get("q", "").strip()
        sort = request.args.get("sort", SORTS[0])
        page = max(1, request.args.get("page", 1, type=int) or 1)
        refresher.poke()
        if sort not in SORTS:
            sort = SORTS[0]
        with lock:
            try:
                results = archive.search(
                    query, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, sort=sort, refresh=False
                )
                every = archive.envelopes(query, refresh=False) if query else None
                error = None
            except (QueryError, SemanticUnavailable) as problem:
                results, every, error = None, None, str(problem)
        return {
            "query": query,
            "sort": sort,
            "page": page,
            "results": results,
            "every": every,
            "error": error,
        }

    @app.get("/")
    def search_page():
        found = searched()
        results, every = found["results"], found["every"]
        facets = _facets(every, found["query"]) if every is not None else {}
        bars = timeline(every.hits, "year") if every is not None else []
        pages = _pages(found, results)
        return render_template(
            "search.html",
            **found,
            facets=facets,
            chart=_chart(bars, found["query"]),
            pages=pages,
            sorts=SORTS,
            present=present,
            link=_link,
            refreshing=refresher.running,
        )

    @app.get("/search.json")
    def search_json():
        found = searched()
        if found["error"]:
            return jsonify({"error": found["error"]}), 400
        return app.response_class(
            present.results_json(found["results"]), mimetype="application/json"
        )

    @app.get("/unit/<unit_id>")
    def unit_page(unit_id: str):
        unit, thread, copies = _unit(archive, lock, unit_id) or abort(404)
        return render_template(
            "unit.html", unit=unit, thread=thread, copies=copies, present=present, link=_link
        )

    @app.get("/unit/<unit_id>.json")
    def unit_json(unit_id: str):
        unit, thread, copies = _unit(archive, lock, unit_id) or abort(404)
        return app.response_class(
            present.unit_json(unit, thread, copies), mimetype="application/json"
        )

    @app.get("/people")
    def people_page():
        query = request.args.get("q", "").strip()
        with lock:
            links = _people(archive, query)
        return render_template("people.html", query=query, links=links, present=present, link=_link)

    @app.get("/people.json")
    def people_json():
        with lock:
            links = _people(archive, request.args.get("q", "").strip())
        return _json(app, present.people_json(links))

    @app.get("/help")
    def help_page():
        from ..syntax import QUERY_HELP

        return render_template("help.html", help=QUERY_HELP.replace("\b\n", ""))

    return app


def _json(app: Any, text: str) -> Any:
    return app.response_class(text, mimetype="application/json")


def _unit(archive: Archive, lock: threading.Lock, unit_id: str):
    with lock:
        try:
            unit = archive.unit(unit_id, refresh=False)
        except ValueError:  # an id prefix more than one unit starts with
            return None
        if unit is None:
            return None
        return unit, archive.thread(unit), archive.copies(unit)


def _people(archive: Archive, query: str) -> list:
    try:
        return archive.people(query, refresh=False)  # the refresher's to do, behind the page
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


def _facets(every, query: str) -> dict[str, list[tuple[str, int, str]]]:
    """(value, count, the URL narrowing the query to it) per facet, over every match."""
    from collections import Counter

    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    for hit in every.hits:
        if hit.sender:
            counts["sender"][hit.sender] += 1
        counts["recipient"].update(set(hit.to) | set(hit.cc))
        if hit.date:
            counts["year"][f"{hit.date.year:04d}"] += 1
        counts["kind"][hit.kind] += 1
    out = {}
    for name, counter in counts.items():
        ranked = sorted(counter.items()) if name == "year" else counter.most_common(12)
        out[name] = [
            (value, count, _link(q=_narrowed(query, _FACET_FIELDS[name], value)))
            for value, count in ranked
        ]
    return out


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


def serve(archive: Archive, host: str, port: int, *, open_browser: bool = False) -> None:
    from werkzeug.serving import make_server

    archive.searcher()  # built or refreshed once, before the first page
    server = make_server(host, port, create_app(archive), threaded=True)
    url = f"http://{host}:{server.server_port}/"
    print(f"searchkit: serving {Path(archive.corpus)} at {url} (Ctrl-C stops)", flush=True)
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
