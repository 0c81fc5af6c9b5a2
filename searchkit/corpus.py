"""The corpus folder: its files in a stable order, and one file read all the way to units."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .readers import Problem
    from .units import Unit

#: A file that marks a folder as a searchkit index: a corpus walk never goes into one, so an
#: index kept inside its corpus (or inside another corpus) is never read as documents.
INDEX_MARKER = ".searchkit-index"


@dataclass(frozen=True)
class FileUnits:
    source: str
    units: tuple[Unit, ...]
    problems: tuple[Problem, ...]
    size: int = 0
    mtime_ns: int = 0
    digest: str = ""


def file_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def read_units(path: Path, source: str) -> FileUnits:
    """Read and split one corpus file; problems are returned, never raised."""
    try:
        stat = path.stat()
        data = path.read_bytes()
    except OSError as error:
        from .readers import Problem

        problem = Problem(source, f"cannot read: {error.strerror or error}")
        return FileUnits(source, (), (problem,))
    from .readers import Problem, read_bytes
    from .split import split  # lazily: `searchkit index` with nothing to read needs neither

    reading = read_bytes(data, path, source)
    units: list[Unit] = []
    problems = list(reading.problems)
    ids_seen: dict[str, int] = {}  # shared, so the messages of one mbox never share an id
    for document in reading.documents:
        try:
            units.extend(split(document, ids_seen))
        except Exception as error:  # noqa: BLE001 - a splitter bug must not stop the corpus
            problems.append(Problem(source, f"could not split ({type(error).__name__}: {error})"))
    return FileUnits(
        source, tuple(units), tuple(problems), stat.st_size, stat.st_mtime_ns, file_digest(data)
    )


def iter_corpus(corpus: Path) -> Iterator[FileUnits]:
    """FileUnits for every file of the corpus, in a stable order."""
    for path, source in corpus_files(corpus):
        yield read_units(path, source)


_SKIPPED_DIRS = {"tmp", "__pycache__", "node_modules"}
#: Files in the corpus folder that configure searchkit rather than hold correspondence.
CONFIG_FILES = {"aliases.toml"}


def corpus_files(corpus: Path) -> Iterator[tuple[Path, str]]:
    """Every file of the corpus with its source name (POSIX path relative to the corpus), sorted.

    Hidden files, a maildir's `tmp/` (messages still being delivered) and searchkit's own
    index folders are left out.
    """
    for entry, source in corpus_entries(corpus):
        yield Path(entry.path), source


def corpus_entries(corpus: Path, prefix: str = "") -> Iterator[tuple[os.DirEntry, str]]:
    """The same as corpus_files(), as directory entries: the cheap form for a freshness check
    that stats every file (pathlib objects cost more than the stat calls themselves)."""
    with os.scandir(corpus) as found:
        entries = sorted(found, key=lambda entry: entry.name)
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        if entry.is_dir():
            if name not in _SKIPPED_DIRS and not os.path.exists(
                os.path.join(entry.path, INDEX_MARKER)
            ):
                yield from corpus_entries(Path(entry.path), f"{prefix}{name}/")
        elif entry.is_file() and not (name in CONFIG_FILES and not prefix):
            yield entry, prefix + name
