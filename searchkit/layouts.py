"""Layouts nobody foresaw: the corpus's `searchkit.toml` says how its messages start.

    [[layout]]
    files = "exhibits/*.txt"     # which files: a glob on the path inside the corpus
    start = '^MSG (?P<date>\\S+ \\S+) FROM (?P<sender>.+?) TO (?P<to>.+)$'
    dayfirst = true              # optional: 03/05/2019 is the 3rd of May

A line the pattern matches starts a message, its named groups (sender, to, cc, date,
subject) its headers, and what the pattern leaves of the line (`hello` in `2019-01-01 bob:
hello`) the first words of its body; the body runs to the next message or structural break,
as for the layouts searchkit knows. A file may be read by several layouts (all are tried,
line by line). A bad file or pattern is a ConfigFileError: one line naming the file and the
problem; the index is then built with the layouts searchkit knows.

The file is the corpus's, so its patterns are untrusted: they run under the `regex`
package's per-call time limit, and a pattern that backtracks without end on a long line
(`(a+)+$`) is refused when the file is read.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import regex

from .config import read_toml
from .dates import parse_date
from .errors import ConfigFileError

LAYOUT_FILE = "searchkit.toml"
#: The named groups a pattern may capture, as the message's headers.
FIELDS = ("sender", "to", "cc", "date", "subject")
_KEYS = ("files", "start", "dayfirst")


@dataclass(frozen=True)
class Layout:
    files: str  # a glob: without a `/`, on the file's name, in any folder
    start: regex.Pattern
    dayfirst: bool = False

    def applies_to(self, source: str) -> bool:
        target = source if "/" in self.files else source.rsplit("/", 1)[-1]
        return _glob(self.files).match(target) is not None

    def headers(self, line: str) -> tuple[dict[str, str], str] | None:
        """The headers of a message this line starts (`from`, as the splitter names the
        sender) and what the pattern left of the line, or None."""
        try:
            found = self.start.search(line, timeout=PATTERN_SECONDS)
        except TimeoutError:  # refused at load for the lines tried then; never a hang
            return None
        if not found:
            return None
        groups = {name: value.strip() for name, value in found.groupdict().items() if value}
        if "sender" in groups:
            groups["from"] = groups.pop("sender")
        if self.dayfirst and "date" in groups:  # read here, where the order is known
            day = parse_date(groups["date"], dayfirst=True)
            groups["date"] = day.isoformat() if day else groups["date"]
        if not {"from", "date"} & groups.keys():
            return None
        return groups, (line[: found.start()] + " " + line[found.end() :]).strip()


def load_layouts(corpus: Path) -> tuple[Layout, ...]:
    """The corpus's layouts (none without a layout file); ConfigFileError for a bad one."""
    path = corpus / LAYOUT_FILE
    table = read_toml(path)
    if table is None:
        return ()
    unknown = sorted(table.keys() - {"layout"})
    if unknown:
        raise ConfigFileError(f"{path}: unknown table [{unknown[0]}] (only [[layout]] is read)")
    entries = table.get("layout", [])
    if not isinstance(entries, list):
        raise ConfigFileError(f"{path}: write each layout as [[layout]]")
    return tuple(_layout(entry, f"{path}: layout {n}") for n, entry in enumerate(entries, 1))


def corpus_layouts(corpus: Path) -> tuple[Layout, ...]:
    """load_layouts, read again only when the file changes (each worker of a build asks);
    none when the file is bad (`layouts_problem` says why)."""
    try:
        stamp = (corpus / LAYOUT_FILE).stat().st_mtime_ns
    except OSError:
        stamp = 0
    return _loaded(corpus, stamp)


@functools.lru_cache(maxsize=8)
def _loaded(corpus: Path, stamp: int) -> tuple[Layout, ...]:
    try:
        return load_layouts(corpus)
    except ConfigFileError:
        return ()


def layouts_problem(corpus: Path) -> str | None:
    """Why the corpus's searchkit.toml is not used, in one line naming it, or None."""
    try:
        load_layouts(corpus)
    except ConfigFileError as error:
        return f"{error}: indexed with the layouts searchkit knows"
    return None


def layouts_near(path: Path) -> tuple[Path, tuple[Layout, ...]] | None:
    """The corpus folder holding a file, as the nearest searchkit.toml above it says, and
    its layouts (for `searchkit inspect FILE`)."""
    for folder in path.resolve().parents:
        if (folder / LAYOUT_FILE).is_file():
            return folder, load_layouts(folder)
    return None


def layouts_digest(corpus: Path) -> str:
    """What the index remembers of the layout file: a change to it re-reads the corpus."""
    try:
        return hashlib.blake2b((corpus / LAYOUT_FILE).read_bytes(), digest_size=8).hexdigest()
    except OSError:
        return ""


def _layout(entry: object, where: str) -> Layout:
    if not isinstance(entry, dict):
        raise ConfigFileError(f"{where}: not a table")
    unknown = sorted(entry.keys() - set(_KEYS))
    if unknown:
        raise ConfigFileError(f"{where}: unknown key {unknown[0]!r} (keys: {', '.join(_KEYS)})")
    files, start = entry.get("files"), entry.get("start")
    if not isinstance(files, str) or not files.strip():
        raise ConfigFileError(f'{where}: needs files = "a glob", e.g. files = "*.txt"')
    if not isinstance(start, str) or not start.strip():
        raise ConfigFileError(f"{where}: needs start = 'a regular expression'")
    try:
        pattern = regex.compile(start)
    except (regex.error, ValueError) as error:
        raise ConfigFileError(f"{where}: start is not a regular expression ({error})") from None
    _bounded(pattern, where)
    groups = set(pattern.groupindex)
    if groups - set(FIELDS):
        name = sorted(groups - set(FIELDS))[0]
        raise ConfigFileError(
            f"{where}: start names a group (?P<{name}>…) that is no field: use {', '.join(FIELDS)}"
        )
    if not groups & {"sender", "date"}:
        raise ConfigFileError(f"{where}: start must capture (?P<sender>…) or (?P<date>…)")
    if pattern.search(""):
        raise ConfigFileError(f"{where}: start matches an empty line: every line would start one")
    dayfirst = entry.get("dayfirst", False)
    if not isinstance(dayfirst, bool):
        raise ConfigFileError(f"{where}: dayfirst is true or false")
    return Layout(files.strip(), pattern, dayfirst)


#: How long one start pattern may run on one line.
PATTERN_SECONDS = 0.05
# lines on which a pattern that backtracks without end shows it
_PROBES = (
    "a" * 2000 + "!",
    "x" * 2000,
    "0" * 2000 + "x",
    " " * 2000 + "x",
    "aA1 -:" * 400 + "\x00",
)


def _bounded(pattern: regex.Pattern, where: str) -> None:
    for probe in _PROBES:
        try:
            pattern.search(probe, timeout=PATTERN_SECONDS * 4)
        except TimeoutError:
            raise ConfigFileError(
                f"{where}: start takes too long on a line of {len(probe):,} characters"
                " (nested repetition such as (a+)+ backtracks without end)"
            ) from None


@functools.cache
def _glob(pattern: str) -> re.Pattern[str]:
    """A glob on corpus paths: `*` within a folder, `**/` any folders."""
    out = []
    for part in re.split(r"(\*\*/|\*|\?)", pattern):
        out.append({"**/": "(?:.*/)?", "*": "[^/]*", "?": "[^/]"}.get(part) or re.escape(part))
    return re.compile("".join(out) + r"\Z")
