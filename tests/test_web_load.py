"""`searchkit serve` keeps answering: a pathological query runs out its own time, in its own
thread, while plain searches beside it answer at once; and the page answers only its own
name (DNS rebinding). A real server on loopback, real queries on the bundled corpus."""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from searchkit import Archive

from .conftest import CORPUS

pytest.importorskip("flask")

#: 140 fuzzy words, each expanded over the whole vocabulary: 6 s of search and 2 s of counting
#: on the bundled corpus, on one quiet core; a plain word takes 20 ms.
PATHOLOGICAL = " ".join(f"x{number}~2" for number in range(140))
PLAIN = ("elon", "honest thoughts", "from:ilya", "funding", "date:2017", "openai")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, int]]:
    from werkzeug.serving import make_server

    from searchkit.web import create_app

    folder = tmp_path_factory.mktemp("load")
    archive = Archive(CORPUS, folder / "index", notify=lambda message: None)
    archive.searcher()
    server = make_server("127.0.0.1", 0, create_app(archive, budget=2.0), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", server.server_port
    finally:
        server.shutdown()


def get(where: tuple[str, int], path: str, host: str | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(*where, timeout=30)
    headers = {"Host": host} if host else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def test_plain_searches_answer_within_a_second_while_a_pathological_one_runs(server):
    slow: dict[str, object] = {}

    def pathological() -> None:
        started = time.monotonic()
        slow["status"], slow["body"] = get(server, "/?q=" + quote(PATHOLOGICAL))
        slow["seconds"] = time.monotonic() - started

    runner = threading.Thread(target=pathological)
    runner.start()
    time.sleep(0.3)  # it is searching now
    waits = []
    for number in range(20):
        started = time.monotonic()
        status, body = get(server, "/search.json?q=" + quote(PLAIN[number % len(PLAIN)]))
        waits.append(time.monotonic() - started)
        assert status == 200 and json.loads(body)["total"] > 0
    runner.join(30)
    assert max(waits) < 1.0, [round(wait, 2) for wait in waits]
    # the slow one was answered by its deadline (2 s) with what it had found and a notice,
    # not after its 8 s
    assert slow["status"] == 200 and slow["seconds"] < 5.0
    assert b"the search ran out of time" in slow["body"]  # type: ignore[operator]


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "localhost", "[::1]", "127.0.0.1:8001", "LOCALHOST:1"]
)
def test_the_page_answers_its_own_names(server, host):
    assert get(server, "/search.json?q=elon", host=host)[0] == 200


@pytest.mark.parametrize("host", ["evil.com", "evil.com:8001", "127.0.0.1.evil.com", "10.0.0.5"])
def test_another_host_is_refused(server, host):
    status, body = get(server, "/search.json?q=elon", host=host)
    assert status == 421 and b"Elon" not in body


def test_a_page_over_its_time_says_so(tmp_path):
    from searchkit.web import create_app

    archive = Archive(CORPUS, tmp_path / "index", notify=lambda message: None)
    archive.searcher()
    client = create_app(archive, budget=0.3).test_client()
    started = time.monotonic()
    page = client.get("/?q=" + quote(PATHOLOGICAL))  # late, or what it found by then: said
    assert page.status_code == 200
    assert b"a narrower query" in page.data or b"the search ran out of time" in page.data
    people = client.get("/people.json?q=" + quote(PATHOLOGICAL))  # no partial table: 503
    assert people.status_code == 503 and b"longer than the 0.3 s a page has" in people.data
    assert time.monotonic() - started < 3.0


def test_serving_beyond_this_machine_asks_for_allow_remote(monkeypatch):
    from click.testing import CliRunner

    import searchkit.web
    from searchkit.cli import main

    served: list[tuple] = []
    monkeypatch.setattr(searchkit.web, "serve", lambda *args, **options: served.append(options))
    refused = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert refused.exit_code == 2 and "--allow-remote" in refused.stderr and not served
    allowed = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--allow-remote"])
    assert allowed.exit_code == 0 and "warning" in allowed.stderr
    assert served == [{"open_browser": False, "allow_remote": True}]
    assert CliRunner().invoke(main, ["serve", "--host", "::1"]).exit_code == 0  # loopback


def test_a_reloaded_slow_query_runs_once_and_its_answer_waits_for_the_reload(
    tmp_path, monkeypatch
):
    from searchkit.web import create_app

    searched = Archive.search

    def slowly(self, *args, **options):  # a search its own deadline does not cut short
        time.sleep(3.0)
        return searched(self, *args, **options)

    monkeypatch.setattr(Archive, "search", slowly)
    archive = Archive(CORPUS, tmp_path / "index", notify=lambda message: None)
    archive.searcher()
    client = create_app(archive, budget=0.5).test_client()
    path = "/search.json?q=elon"

    def searching() -> int:
        return sum(thread.name == "searchkit-search" for thread in threading.enumerate())

    before = searching()  # earlier tests' slow searches may still be ending
    assert client.get(path).status_code == 503
    for _ in range(3):  # reloads: no second search beside the first
        assert client.get(path).status_code == 503
        assert searching() <= before + 1
    for _ in range(120):  # it ends behind the page ...
        answered = client.get(path)
        if answered.status_code == 200:  # ... and the next reload gets its answer at once
            break
        assert searching() <= before + 1
    assert answered.status_code == 200 and json.loads(answered.data)["total"]


def test_the_source_view_reads_only_the_corpus(tmp_path):
    from searchkit.web import create_app

    corpus = tmp_path / "corpus"
    (corpus / "notes").mkdir(parents=True)
    (corpus / "notes" / "a.txt").write_text("First line.\nThe second line.\n", "utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the page\n", "utf-8")
    (corpus / "link.txt").symlink_to(secret)  # a link in the corpus pointing out of it
    archive = Archive(corpus, tmp_path / "index", notify=lambda message: None)
    archive.searcher()
    client = create_app(archive).test_client()
    shown = client.get("/source/notes/a.txt?line=2")
    assert shown.status_code == 200 and b'id="L2" data-n="2" class="here"' in shown.data
    for path in ("/source/link.txt", "/source/../secret.txt", "/source/notes/../../secret.txt",
                 "/source/%2e%2e/secret.txt", "/source/notes", "/source/" + str(secret)):  # fmt: skip
        response = client.get(path, follow_redirects=True)
        assert response.status_code == 404 and b"not for the page" not in response.data, path
