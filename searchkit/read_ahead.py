"""Reading ahead: a build's files read and split by worker processes, one per core, a few
files ahead of the process that indexes them (tantivy's build, whose writer takes units in
one process).

The workers are fresh interpreters (running `serve`), not forks: none holds
the update lock or the parent's threads, and nothing depends on how the caller's script is
guarded. Each is sent the files it reads, in turn (a file's name and path, pickled down its
stdin) and answers in order with what it made (`intake.read_whole`: the units held, cut off
where the file's time ran out). A worker that dies reading a file (a reader's crash) is
started again; the file is recorded with the problem and no unit. A worker stops when its
stdin closes, so none outlives a killed parent.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pickle
import subprocess
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import BinaryIO

from .corpus import FileUnits
from .intake import FileRead, read_whole

#: How many files a worker may have been given beyond the one being indexed: enough to keep
#: it busy, few enough that what waits stays small (a file read ahead is under 8 MB).
AHEAD = 8

#: What a worker runs: this searchkit's `serve`, never that of a `searchkit` folder in the
#: current directory (which `python -c` and `-m` put first on the path).
_WORKER = (
    "import sys; sys.path[:1] = filter(None, sys.path[:1]); "
    "import searchkit.read_ahead as worker; worker.serve()"
)
#: How a worker reads a file: `read(path, source)`, sent to it once, pickled.
Read = Callable[[Path, str], FileUnits]


def read_ahead(files: Iterable[tuple[str, Path]], read: Read, workers: int) -> Iterator[FileRead]:
    """The files as `intake.index_files` takes them, in order, each read by a worker. A large
    file (streamed, never held whole) is read where it is indexed, as without workers."""
    from .readers import LARGE_FILE_BYTES

    pool = [_Worker(read) for _ in range(workers)]
    turns = itertools.cycle(pool)
    waiting: deque[tuple[str, Path, _Worker | None]] = deque()
    try:
        for source, path in files:
            worker = next(turns) if _size(path) <= LARGE_FILE_BYTES else None
            if worker is not None:
                worker.ask(source, path)
            waiting.append((source, path, worker))
            if len(waiting) > workers * AHEAD:
                yield _handed_over(waiting.popleft(), waiting, read)
        while waiting:
            yield _handed_over(waiting.popleft(), waiting, read)
    finally:
        for worker in pool:
            worker.stop()


def _handed_over(file: tuple[str, Path, _Worker | None], waiting: deque, read: Read) -> FileRead:
    source, path, worker = file
    if worker is None:
        return source, path, lambda: read(path, source)
    made = worker.answer()
    if made is None:  # the worker died on this file: a new one reads the files it had after
        status = worker.restart()
        for later_source, later_path, later in waiting:
            if later is worker:
                worker.ask(later_source, later_path)
        made = _crashed(source, path, status)
    return source, path, lambda: made


def _crashed(source: str, path: Path, status: int | None) -> FileUnits:
    from .intake import unread
    from .readers import Problem

    said = f"its reading stopped the process reading it (exit status {status}): skipped"
    return unread(source, path, (Problem(source, said),))


def _size(path: Path) -> int:
    try:
        return os.lstat(path).st_size
    except OSError:
        return 0


class _Worker:
    def __init__(self, read: Read) -> None:
        self.read = read
        self.process = self._start()

    def _start(self) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            [sys.executable, "-c", _WORKER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert process.stdin is not None
        pickle.dump(self.read, process.stdin, pickle.HIGHEST_PROTOCOL)
        return process

    def ask(self, source: str, path: Path) -> None:
        assert self.process.stdin is not None
        try:
            pickle.dump((source, path), self.process.stdin, pickle.HIGHEST_PROTOCOL)
            self.process.stdin.flush()
        except BrokenPipeError:  # it died: `answer` finds out, in its turn
            pass

    def answer(self) -> FileUnits | None:
        assert self.process.stdout is not None
        try:
            made = pickle.load(self.process.stdout)
        except (EOFError, pickle.UnpicklingError):
            return None
        assert isinstance(made, FileUnits)
        return made

    def restart(self) -> int | None:
        self.stop()
        status = self.process.returncode
        self.process = self._start()
        return status

    def stop(self) -> None:
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                with contextlib.suppress(BrokenPipeError):
                    pipe.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """A worker: the files asked for, read and answered one after another."""
    read = pickle.load(requests)
    while True:
        try:
            source, path = pickle.load(requests)
        except EOFError:
            return
        made = read_whole((source, path, partial(read, path, source)))
        pickle.dump(made, answers, pickle.HIGHEST_PROTOCOL)
        answers.flush()


def serve() -> None:
    """A worker's process: files asked for on stdin, answered on stdout."""
    # answers go down a copy of stdout; a reader's stray print goes to stderr instead
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    _serve(sys.stdin.buffer, answers)
