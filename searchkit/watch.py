"""Keep the index current while files change: watchdog events when installed, else polling."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from .index import IndexBusy, Report, is_stale, update


def watch(
    corpus: Path,
    index: Path,
    on_report: Callable[[Report], None],
    *,
    interval: float = 1.0,
    stop: threading.Event | None = None,
) -> None:
    """Update the index whenever the corpus changes, until `stop` is set (or Ctrl-C)."""
    stop = stop or threading.Event()
    changed = threading.Event()
    observer = _observe(corpus, changed)
    try:
        on_report(update(corpus, index))
        while not stop.wait(interval):
            # with watchdog, look only after events (the interval gathers a burst of them);
            # without it, look every interval, which costs a stat() per file
            if observer and not changed.is_set():
                continue
            changed.clear()
            try:
                if is_stale(corpus, index):
                    on_report(update(corpus, index))
            except IndexBusy:
                changed.set()  # somebody else is updating: look again next round
    finally:
        if observer:
            observer.stop()
            observer.join()


def _observe(corpus: Path, changed: threading.Event):
    try:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
    except ImportError:
        return None

    class _Handler(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            changed.set()

    observer = Observer()
    observer.schedule(_Handler(), str(corpus), recursive=True)
    observer.start()
    return observer
