"""Keep the index current while files change: watchdog events when installed, else polling."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import IndexBusy
from .manifest import Report

if TYPE_CHECKING:
    from .archive import Archive


def watch(
    archive: Archive,
    on_report: Callable[[Report], None],
    *,
    interval: float = 1.0,
    stop: threading.Event | None = None,
) -> None:
    """Update the archive's index whenever its corpus changes, until `stop` is set (or Ctrl-C)."""
    stop = stop or threading.Event()
    changed = threading.Event()
    observer = _observe(archive.corpus, changed)
    try:
        on_report(archive.update())
        while not stop.wait(interval):
            # with watchdog, look only after events (the interval gathers a burst of them);
            # without it, look every interval, which costs a stat() per file
            if observer and not changed.is_set():
                continue
            changed.clear()
            try:
                if archive.is_stale():
                    on_report(archive.update())
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
