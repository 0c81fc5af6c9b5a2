"""The manifest: what was indexed from which corpus file, and what changed since.

Layout of an index folder::

    index/
      .searchkit-index                      (marks the folder: a corpus walk never reads it)
      current -> gen-20261123T160102-k3x9   (symlink: the generation searches open)
      gen-20261123T160102-k3x9/             (the engine's files and manifest.json)
      .lock                                 (held by the one process updating)

Only the standard library is imported here: a freshness check (`searchkit index` with nothing
to do, the check before every search) stats the corpus against the manifest and must stay as
fast as Python starts.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Protocol

from .corpus import INDEX_MARKER, corpus_entries, entry_digest
from .errors import IndexMismatch
from .layouts import layouts_digest

#: Bump when the schema or the way units are indexed changes: older indexes are then rebuilt.
SCHEMA_VERSION = 76

CURRENT = "current"
MANIFEST = "manifest.json"
LOCK = ".lock"
GENERATION_PREFIX = "gen-"


class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def advance(self, source: str) -> None: ...


class Silent:
    """Progress that shows nothing."""

    def start(self, total: int) -> None:
        pass

    def advance(self, source: str) -> None:
        pass


class FileState(NamedTuple):
    """What the manifest keeps of an indexed file (a named tuple: 100,000 of them are read
    by every freshness check, three times faster than frozen dataclasses)."""

    size: int
    mtime_ns: int
    digest: str
    units: int
    problems: tuple[str, ...] = ()
    consulted: tuple[str, ...] = ()  # other files its reading looked at: see Reading
    doubts: int = 0  # places in it a person should check (`searchkit audit` lists them)
    position: int = 0  # where it stands in the listing's order (`places`)


@dataclass
class Manifest:
    schema_version: int
    corpus: str  # the corpus folder this index was built from, resolved
    files: dict[str, FileState] = field(default_factory=dict)
    # the engine's files in the generation and their sizes when it was last written: a file
    # missing or truncated since says the index is damaged
    index_files: dict[str, int] = field(default_factory=dict)
    layouts: str = ""  # a digest of the corpus's searchkit.toml the files were read with
    engine: str = ""  # the engine that built it (a name of searchkit.engines.ENGINES)
    engine_version: str = ""

    def entries(self) -> Iterator[str]:
        return (manifest_entry(*item) for item in sorted(self.files.items()))

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        # (a manifest of an older schema may hold fewer values: it is read to be rebuilt)
        files = {
            source: FileState._make((*values[:4], tuple(values[4]), tuple(values[5]), *values[6:]))
            for source, values in data["files"].items()
        }
        return cls(
            data["schema_version"],
            data["corpus"],
            files,
            data["index_files"],
            data.get("layouts", ""),
            data["engine"],
            data["engine_version"],
        )

    @property
    def problems(self) -> list[str]:
        return [problem for state in self.files.values() for problem in state.problems]

    @property
    def doubts(self) -> int:
        return sum(state.doubts for state in self.files.values())


def manifest_entry(source: str, state: FileState) -> str:
    """One file's entry in manifest.json:
    `"source": [size, mtime_ns, digest, units, [problems…], [consulted…], doubts, position]`."""
    value = [
        state.size,
        state.mtime_ns,
        state.digest,
        state.units,
        list(state.problems),
        list(state.consulted),
        state.doubts,
        state.position,
    ]
    # a file name that is not UTF-8 holds lone surrogates (os.fsdecode): JSON escapes them
    return f"{json.dumps(source)}: {json.dumps(value)}"


def _manifest_json(
    manifest: Manifest, index_files: dict[str, int], entries: Iterable[str]
) -> Iterator[str]:
    """manifest.json in pieces, so that a build can write it from entries streamed off disk."""
    yield (
        f'{{"schema_version": {manifest.schema_version}, "corpus": {json.dumps(manifest.corpus)},'
        f' "layouts": {json.dumps(manifest.layouts)},'
        f' "engine": {json.dumps(manifest.engine)},'
        f' "engine_version": {json.dumps(manifest.engine_version)},'
        f' "index_files": {json.dumps(index_files)}, "files": {{'
    )
    for number, entry in enumerate(entries):
        yield f", {entry}" if number else entry
    yield "}}"


def corpus_key(corpus: Path) -> str:
    """How an index names the corpus it belongs to: its absolute path, links resolved."""
    return os.fsdecode(corpus.resolve())


@dataclass
class Report:
    """What an update did, for people (`summary`) and scripts (`to_dict`)."""

    rebuilt: bool = False
    damaged: str | None = None  # why the index was rebuilt, when it was found damaged
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    # unchanged files indexed again because a changed one holds a copy of their message or
    # writes in the thread of their quotes
    related: list[str] = field(default_factory=list)
    units_added: int = 0
    units_removed: int = 0
    quotes_left_out: int = 0  # quoted messages the corpus already holds as emails
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    doubts: int = 0  # places in the whole index to check by hand: `searchkit audit`

    @property
    def changed_anything(self) -> bool:
        return bool(self.rebuilt or self.added or self.changed or self.removed)

    def summary(self) -> str:
        if not self.changed_anything:
            return "index is up to date"
        head = "rebuilt: " if self.rebuilt else ""
        if self.damaged:
            head = f"rebuilt (the index was damaged: {self.damaged}): "
        return (
            f"{head}+{len(self.added)} files, ~{len(self.changed)} changed,"
            f" -{len(self.removed)} removed"
            + (f" ({len(self.related)} related indexed again)" if self.related else "")
            + f": {self.units_added} units added,"
            f" {self.units_removed} removed"
            f" ({self.seconds:.2f} s)"
        )

    def to_dict(self) -> dict:
        """The `searchkit index --format json` object (its keys are documented in the README)."""
        return {
            "rebuilt": self.rebuilt,
            "damaged": self.damaged,
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "related": self.related,
            "units_added": self.units_added,
            "units_removed": self.units_removed,
            "doubts": self.doubts,
            "quotes_left_out": self.quotes_left_out,
            "problems": self.problems,
            "seconds": round(self.seconds, 3),
        }


# -- the index folder ------------------------------------------------------------------------


def mark_index_folder(index: Path) -> None:
    """Create the index folder with its marker, which keeps a corpus walk out of it."""
    index.mkdir(parents=True, exist_ok=True)
    marker = index / INDEX_MARKER
    if not marker.exists():
        marker.write_text("searchkit index: not part of any corpus\n", encoding="utf-8")


def live_generation(index: Path) -> Path | None:
    """The generation the index's link names, if it holds a manifest. Asked before every
    search: a link read before, naming the same generation, is not resolved again."""
    link = os.path.join(index, CURRENT)  # (os.path: pathlib's joins cost more than the rest)
    try:
        named = os.readlink(link)
    except OSError:  # no link
        return None
    target = _LIVE.get((link, named)) or Path(link).resolve()
    if not os.path.exists(os.path.join(target, MANIFEST)):
        return None
    if len(_LIVE) >= _LIVE_KEPT:
        _LIVE.clear()
    _LIVE[(link, named)] = target
    return target


#: Each index's link and the generation it named when it was resolved.
_LIVE: dict[tuple[str, str], Path] = {}
_LIVE_KEPT = 64


def load_manifest(index: Path) -> Manifest | None:
    """The live generation's manifest; None when there is none, or it is unreadable (an
    index from an older searchkit, or damaged: either way it is rebuilt)."""
    generation = live_generation(index)
    if generation is None:
        return None
    try:
        return Manifest.from_json((generation / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


@dataclass(frozen=True)
class Head:
    """What a manifest says before its files: read without parsing their entries."""

    corpus: str
    engine: str
    size: int  # of manifest.json, in bytes: what checking the corpus against it costs


#: How much of manifest.json its head may take; the files' entries follow it.
_HEAD_BYTES = 64 * 1024


def load_head(index: Path) -> Head | None:
    """The live generation's manifest head; None as for `load_manifest`."""
    generation = live_generation(index)
    if generation is None:
        return None
    try:
        with (generation / MANIFEST).open("rb") as file:
            start = file.read(_HEAD_BYTES)
            size = os.fstat(file.fileno()).st_size
        head = json.loads(start[: start.index(b', "files": {')] + b"}")
        return Head(head["corpus"], head["engine"], size)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def check_corpus(manifest: Manifest | Head | None, corpus: Path, index: Path) -> None:
    """An index answers for the corpus it was built from, never silently for another."""
    if manifest is None or not manifest.corpus or manifest.corpus == corpus_key(corpus):
        return
    raise IndexMismatch(
        f"the index in {os.fsdecode(index)} belongs to the corpus {manifest.corpus}, not"
        f" {corpus_key(corpus)}: run `searchkit index --rebuild` to take it over"
    )


# -- what changed ----------------------------------------------------------------------------


def damage(generation: Path, manifest: Manifest) -> str | None:
    """What is wrong with the engine's files, if one is missing or not the size written:
    a stat per file, no engine opened."""
    for name, size in manifest.index_files.items():
        try:
            found = (generation / name).stat().st_size
        except OSError:
            return f"{name} is missing"
        if found != size:
            return f"{name} is {found:,} bytes, not {size:,}"
    return None


@dataclass
class Plan:
    corpus: Path
    rebuild: bool
    manifest: Manifest
    damaged: str | None = None
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    touched: dict[str, FileState] = field(default_factory=dict)  # same bytes, new mtime

    @property
    def to_read(self) -> list[str]:
        return self.added + self.changed

    @property
    def needed(self) -> bool:
        return bool(self.rebuild or self.to_read or self.removed or self.touched)


def plan(
    corpus: Path,
    index: Path,
    *,
    rebuild: bool = False,
    engine: str,
    engine_version: str,
) -> Plan:
    """Compare the corpus with the manifest: size and mtime first, a content hash to confirm.

    A rebuild reads every file, which the build lists itself: the plan says only that. An
    index of another corpus is an IndexMismatch unless a rebuild takes it over; an index
    built by another engine than `engine` is rebuilt by it.
    """
    manifest = load_manifest(index)
    if not rebuild:
        check_corpus(manifest, corpus, index)
    layouts = layouts_digest(corpus)
    fresh = Manifest(
        SCHEMA_VERSION, corpus_key(corpus), layouts=layouts, engine=engine,
        engine_version=engine_version,
    )
    if rebuild or manifest is None or manifest.schema_version != SCHEMA_VERSION:
        return Plan(corpus, True, fresh)
    if (manifest.engine, manifest.engine_version) != (engine, engine_version):
        return Plan(corpus, True, fresh)
    if manifest.layouts != layouts:  # searchkit.toml changed: any file may read otherwise
        return Plan(corpus, True, fresh)
    generation = live_generation(index)
    harm = damage(generation, manifest) if generation else None
    if harm:
        return Plan(corpus, True, fresh, damaged=harm)
    result = Plan(corpus, rebuild, manifest)
    seen = set()
    for entry, source in corpus_entries(corpus):
        seen.add(source)
        known = manifest.files.get(source)
        if known is None:
            result.added.append(source)
            continue
        try:
            stat = entry.stat(follow_symlinks=False)  # a link is never followed
        except OSError:
            result.changed.append(source)
            continue
        if (stat.st_size, stat.st_mtime_ns) == (known.size, known.mtime_ns):
            continue
        digest = entry_digest(entry.path)
        if digest == known.digest:
            result.touched[source] = known._replace(size=stat.st_size, mtime_ns=stat.st_mtime_ns)
        else:
            result.changed.append(source)
    result.removed = sorted(manifest.files.keys() - seen)
    return result


def write_manifest(generation: Path, manifest: Manifest, entries: Iterable[str]) -> None:
    """manifest.json replaced in one rename: a crash leaves the old one or the new one. It
    records `manifest`'s corpus and layouts, the `entries` of its files and the engine's
    files as they are now, written and committed."""
    index_files = {
        entry.name: entry.stat().st_size
        for entry in os.scandir(generation)
        if entry.is_file()
        and not entry.name.startswith(".")
        and entry.name != MANIFEST
        and not entry.name.endswith("LOCK")
    }
    temporary = generation / f".{MANIFEST}.{os.getpid()}"
    with temporary.open("w", encoding="utf-8") as file:
        file.writelines(_manifest_json(manifest, index_files, entries))
    os.replace(temporary, generation / MANIFEST)
