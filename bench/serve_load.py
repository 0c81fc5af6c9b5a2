"""Load on `searchkit serve`, on loopback: N requests from C clients over the bundled corpus,
plain searches of the README's words, optionally beside one pathological query; prints the
median, p99 and worst answer times and the requests per second.

    python bench/serve_load.py [--requests 2000] [--clients 8] [--pathological]
    python bench/serve_load.py --server waitress    # needs `pip install waitress`

The server runs in this process (werkzeug's threaded server, as `searchkit serve` runs it, or
waitress's thread pool), the clients in threads: what it measures is the server's queueing,
not the network.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from searchkit import Archive
from searchkit.web import create_app

WORDS = ("elon", "honest thoughts", "from:ilya", "funding", "date:2017", "openai", "board")
PATHOLOGICAL = " ".join(f"x{number}~2" for number in range(140))


def start(app, kind: str) -> tuple[int, Callable[[], None]]:
    if kind == "waitress":
        from waitress.server import create_server

        server = create_server(app, host="127.0.0.1", port=0, threads=8)
        threading.Thread(target=server.run, daemon=True).start()
        return server.effective_port, server.close
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_port, server.shutdown


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--pathological", action="store_true")
    parser.add_argument("--server", choices=("werkzeug", "waitress"), default="werkzeug")
    options = parser.parse_args()
    archive = Archive(Path("corpus"), notify=lambda message: None)
    archive.searcher()
    port, stop = start(create_app(archive), options.server)
    times: list[float] = []
    lock = threading.Lock()
    each = options.requests // options.clients

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for count in range(each):
            word = WORDS[(number + count) % len(WORDS)]
            started = time.monotonic()
            connection.request("GET", "/?q=" + quote(word))
            connection.getresponse().read()
            with lock:
                times.append(time.monotonic() - started)
        connection.close()

    slow = None
    if options.pathological:

        def pathological() -> None:
            while not done.is_set():
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                connection.request("GET", "/?q=" + quote(PATHOLOGICAL))
                connection.getresponse().read()
                connection.close()

        done = threading.Event()
        slow = threading.Thread(target=pathological, daemon=True)
        slow.start()
    began = time.monotonic()
    clients = [threading.Thread(target=client, args=(n,)) for n in range(options.clients)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join()
    elapsed = time.monotonic() - began
    if slow is not None:
        done.set()
    stop()
    times.sort()
    print(
        f"{options.server}: {len(times)} pages from {options.clients} clients"
        f"{' beside a pathological query' if slow else ''}: median"
        f" {statistics.median(times) * 1000:.0f} ms, p99 {times[int(len(times) * 0.99)] * 1000:.0f}"
        f" ms, worst {times[-1] * 1000:.0f} ms, {len(times) / elapsed:.0f} pages/s"
    )


if __name__ == "__main__":
    main()
