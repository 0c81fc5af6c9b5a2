"""The `searchkit` command: a thin click layer over the Python API."""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from .archive import CORPUS_ENV, INDEX_ENV, Archive
from .dates import PERIODS
from .engines import DEFAULT_ENGINE, ENGINE_ENV, ENGINES
from .errors import (
    AmbiguousId,
    ConfigFileError,
    EngineUnavailable,
    IndexBusy,
    IndexMismatch,
    QueryError,
    SemanticUnavailable,
)
from .present import safe_line
from .results import SORTS, Results
from .syntax import QUERY_HELP
from .tallies import FACETS
from .units import KINDS, Unit

EXIT_BAD_INPUT = 2
EXIT_IO = 74  # EX_IOERR: the disk is full, or failing
EXIT_BUSY = 75  # EX_TEMPFAIL: try again later
#: How long `searchkit index` waits for another updater (a page's refresh, a watcher) to end.
INDEX_WAIT = 600.0


def _folder_option(name: str, env: str, what: str) -> Callable:
    return click.option(
        f"--{name}",
        type=click.Path(path_type=Path, file_okay=False),
        envvar=env,
        default=None,
        help=f"{what} (or ${env}).",
    )


_corpus_option = _folder_option("corpus", CORPUS_ENV, "Folder of documents [default: ./corpus]")
_index_option = _folder_option(
    "index",
    INDEX_ENV,
    "Folder of its search index, built on first use [default: ./index for ./corpus, else a"
    " folder of ~/.cache/searchkit named after the corpus]",
)


def _format_option(*choices: str) -> Callable:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="Output for people (text), for scripts (json"
        + (", jsonl" if "jsonl" in choices else "")
        + ")"
        + (" or for a spreadsheet (csv)." if "csv" in choices else "."),
    )


def _errors(function: Callable) -> Callable:
    """Bad input ends in one line on stderr and a non-zero exit, never a traceback."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except QueryError as error:
            _fail(f"bad query: {error}", EXIT_BAD_INPUT)
        except IndexBusy as error:
            _fail(str(error), EXIT_BUSY)
        except (
            IndexMismatch, ConfigFileError, AmbiguousId, SemanticUnavailable, EngineUnavailable
        ) as error:
            _fail(str(error), EXIT_BAD_INPUT)
        except (FileNotFoundError, NotADirectoryError, PermissionError) as error:
            _fail(str(error), EXIT_BAD_INPUT)
        except BrokenPipeError:
            _reader_left()
        except OSError as error:  # the disk full, an I/O error: the live index is untouched
            where = f" ({os.fsdecode(error.filename)})" if error.filename else ""
            _fail(f"{error.strerror or error}{where}: the index was left as it was", EXIT_IO)
        except Exception as error:  # noqa: BLE001 - a bug: one line, the details on request
            if os.environ.get("SEARCHKIT_DEBUG"):
                raise
            _fail(
                f"internal error: {type(error).__name__}: {error} "
                "(run with SEARCHKIT_DEBUG=1 for the traceback, and please report it)",
                1,
            )

    return wrapper


def _fail(message: str, status: int) -> NoReturn:
    click.echo(f"searchkit: {safe_line(message)}", err=True)
    sys.exit(status)


def _reader_left() -> None:
    """The reader of stdout stopped (`searchkit units | head`): end quietly, as Python's
    documentation recommends, with stdout sent to /dev/null so the last flush succeeds."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(1)


def _note(message: str) -> None:
    click.echo(safe_line(message), err=True)


class _Styles:
    """Bold, dim and matched words (bold yellow) on a terminal; nothing when piped or when
    NO_COLOR is set."""

    def __init__(self) -> None:
        self.on = sys.stdout.isatty() and not os.environ.get("NO_COLOR")

    def bold(self, text: str) -> str:
        return click.style(text, bold=True) if self.on else text

    def dim(self, text: str) -> str:
        return click.style(text, dim=True) if self.on else text

    def mark(self, text: str) -> str:
        return click.style(text, bold=True, fg="yellow") if self.on else text


_pager_option = click.option(
    "--no-pager", is_flag=True, help="On a terminal, never page long output (as git's)."
)


def _width() -> int | None:
    """The terminal's columns (or $COLUMNS), when output is fitted to it: not when piped."""
    if sys.stdout.isatty() or os.environ.get("COLUMNS"):
        return shutil.get_terminal_size().columns
    return None


def _show_text(text: str, no_pager: bool) -> None:
    """Text output fitted to the terminal's width (or $COLUMNS), and on a terminal paged
    through $PAGER (else `less -FRX`) when it is longer than the screen, as git does."""
    from .present import fit

    terminal = sys.stdout.isatty()
    if terminal or os.environ.get("COLUMNS"):
        text = fit(text, shutil.get_terminal_size().columns)
    if terminal and not no_pager and text.count("\n") + 1 >= shutil.get_terminal_size().lines:
        # git's LESS, with its dash: click passes colours through only to a less it sees
        # told -R (a bare `FRX` read as no option, and every search lost its colours)
        os.environ.setdefault("LESS", "-FRX")
        click.echo_via_pager(text)
    else:
        click.echo(text)


class _FittedHelp:
    """Help whose `\\b` blocks (examples, the query language) fit the terminal: click prints
    them as written, and at 60 columns the terminal cut `attachment:budget.xlsx` in two.
    Here a long line is folded between words (a quoted phrase is one), its continuation
    under the line's second column."""

    help: str | None
    epilog: str | None

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = inspect.cleandoc(self.help or "").partition("\f")[0]
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                _write_fitted(formatter, text)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.epilog:
            formatter.write_paragraph()
            with formatter.indentation():
                _write_fitted(formatter, inspect.cleandoc(self.epilog))


class _Command(_FittedHelp, click.Command):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if any(param.name == "query" for param in self.params):
            args = _query_words_apart(self.get_params(ctx), args)
        return super().parse_args(ctx, args)


def _query_words_apart(params: list[click.Parameter], args: list[str]) -> list[str]:
    """The arguments with the query's words after a `--`: a word left out (`-google`) is the
    query's, not an option click knows nothing of (it printed the usage and stopped)."""
    valued = {
        name: not (param.is_flag or param.count)
        for param in params
        if isinstance(param, click.Option)
        for name in (*param.opts, *param.secondary_opts)
    }
    options: list[str] = []
    words: list[str] = []
    waiting = False  # the option before takes this argument as its value
    for number, arg in enumerate(args):
        name = arg.split("=", 1)[0]
        if waiting:
            options.append(arg)
            waiting = False
        elif arg == "--":
            words.extend(args[number + 1 :])
            break
        elif name in valued or (arg.startswith("--") and len(arg) > 2):
            options.append(arg)  # an unknown --option stays one: click names it
            waiting = valued.get(name, False) and "=" not in arg
        elif valued.get(arg[:2]) and arg[2:].isdigit():  # `-n5`
            options.append(arg)
        else:
            words.append(arg)
    return [*options, "--", *words] if words else options


class _Group(_FittedHelp, click.Group):
    command_class = _Command


def _write_fitted(formatter: click.HelpFormatter, text: str) -> None:
    width = (formatter.width or 80) - formatter.current_indent
    for number, paragraph in enumerate(re.split(r"\n[ \t]*\n", text.strip("\n"))):
        if number:
            formatter.write("\n")
        if not paragraph.lstrip(" ").startswith("\b"):
            formatter.write_text(paragraph)
            continue
        for line in paragraph.splitlines():
            if line.strip("\b "):
                for piece in _fitted(line, width):
                    formatter.write(f"{'':>{formatter.current_indent}}{piece}\n")


def _fitted(line: str, width: int) -> list[str]:
    """A line of a `\\b` block fitted to `width`: folded under its second column, or, when
    that column starts far right (`searchkit index        bring the index up to date`), the
    first column on a line and the second under it, further in."""
    column = _SECOND_COLUMN.search(line)
    if len(line) <= width or not column or column.end() <= width * 2 // 3:
        return _folded(line, width, _hang(line, width))
    indent = len(line) - len(line.lstrip(" "))
    rest = " " * (indent + 4) + line[column.end() :]
    return [line[: column.start() + 1], *_folded(rest, width, indent + 4)]


#: A word of help text: a quoted phrase (`to:"Greg Brockman"`) is one, with its spaces.
_HELP_WORD = re.compile(r'((?:[^\s"]|"[^"]*")+)(\s*)')
_SECOND_COLUMN = re.compile(r"\S {3,}(?=\S)")


def _hang(line: str, width: int) -> int:
    """Where a folded line continues: under its second column (the examples of `words  all
    of them:  board control`), else a little in from its first."""
    indent = len(line) - len(line.lstrip(" "))
    column = _SECOND_COLUMN.search(line)
    if column and column.end() <= width * 2 // 3:
        return column.end()
    return indent + 2 if 0 < indent < 8 else indent


def _folded(line: str, width: int, hang: int) -> list[str]:
    """`line` in pieces of at most `width` columns, cut between words (a word longer than a
    line stands alone), a piece after the first starting at column `hang`."""
    if len(line) <= width:
        return [line]
    indent = line[: len(line) - len(line.lstrip(" "))]
    pieces, current = [], indent
    for found in _HELP_WORD.finditer(line, len(indent)):
        word, space = found.groups()
        if current.strip() and len(current) + len(word) > width:  # it would end past the edge
            pieces.append(current.rstrip())
            current = " " * hang
        current += word + space
    pieces.append(current.rstrip())
    return pieces


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="searchkit")
def main() -> None:
    """Search a corpus of correspondence: emails, mbox archives, chat exports, web pages.

    \b
    Start with:
      searchkit search "discussions are over"     ranked hits with snippets
      searchkit show ID                           one message whole, with its thread
      searchkit people                            who wrote to whom, and when
      searchkit units --kind email | jq .sender   every unit, as JSON lines
      searchkit inspect FILE                      how one file is read, message by message
      searchkit index                             bring the index up to date

    The corpus is ./corpus, indexed in ./index; any other folder (--corpus DIR or
    $SEARCHKIT_CORPUS) gets an index of its own in ~/.cache/searchkit, unless --index
    or $SEARCHKIT_INDEX names one. Exit status: 0 done, 1 internal error, 2 bad input
    (query, folder, alias file, an index of another corpus), 74 disk full or failing,
    75 another update runs.
    """


def _archive(corpus: Path | None, index: Path | None, engine: str | None = None) -> Archive:
    return Archive(corpus, index, notify=_note, engine=engine)


@main.command(epilog=QUERY_HELP)
@click.argument("query", nargs=-1, required=True)
@click.option(
    "-n", "--limit", default=10, show_default=True, help="How many hits to show (0: count only)."
)
@click.option("--offset", default=0, show_default=True, help="Skip this many hits (paging).")
@click.option(
    "--sort", type=click.Choice(SORTS), default=SORTS[0], show_default=True, help="Hit order."
)
@click.option(
    "--facet",
    "facets",
    multiple=True,
    type=click.Choice(list(FACETS)),
    help="Count every match by this field beside the hits, as the page and timeline count"
    " (repeatable).",
)
@click.option(
    "--threads", "by_thread", is_flag=True, help="List the threads that match, not the hits."
)
@click.option("--no-refresh", is_flag=True, help="Do not check the corpus for changes first.")
@click.option(
    "--semantic/--no-semantic",
    default=None,
    help="Rank by meaning too (an index made with `index --semantic`) [default: for questions].",
)
@_format_option("text", "json", "csv")
@_pager_option
@_corpus_option
@_index_option
@_errors
def search(
    query,
    limit,
    offset,
    sort,
    facets,
    by_thread,
    no_refresh,
    semantic,
    fmt,
    no_pager,
    corpus,
    index,
) -> None:
    """Search for QUERY and print the best hits with snippets.

    A question (`why did elon leave`) on an index with vectors is also ranked by meaning,
    fused with the ranking by words: answers that share no word with it are found.

    With --format json, one object: query, total, total_is_exact, corrected_query,
    any_word, collapsed, partial, semantic, explanation, notices, hits (every unit field plus
    score, rank, snippet, matches, stem_only) and facets. With --format csv, a table for a
    spreadsheet: id, date, sender, recipients, subject, source, line, page, kind, link.
    """
    from .present import threads_json, threads_text

    if by_thread:
        if fmt == "csv":  # a thread is no row of units: said, not printed as text
            _fail("--threads lists threads as text or json; csv is for hits", EXIT_BAD_INPUT)
        with _archive(corpus, index) as archive:
            every = archive.threads(" ".join(query), limit=None)
        found = every[offset : offset + limit]  # (-n 0: the count alone)
        if fmt == "json":
            click.echo(threads_json(found))
        else:
            styles = _Styles()
            text = threads_text(
                found, total=len(every), offset=offset, bold=styles.bold, dim=styles.dim
            )
            _show_text(text, no_pager)
        return
    archive = _archive(corpus, index)
    # a large corpus is checked for changes after the answer, not before (see Archive)
    check_after = not no_refresh and archive.answers_first()
    with archive:
        results = archive.search(
            " ".join(query),
            limit=limit,
            offset=offset,
            sort=sort,
            facets=facets,
            refresh=not (no_refresh or check_after),
            semantic=semantic,
        )
        _print_results(results, fmt, no_pager, archive.corpus)
        if check_after:
            sys.stdout.flush()
            archive.refresh_after()


def _print_results(results: Results, fmt: str, no_pager: bool, corpus: Path) -> None:
    from .present import results_csv, results_json, results_text, source_link

    if fmt in ("json", "csv"):
        if results.corrected_query:
            _note(f"showing results for {results.corrected_query}")
        if fmt == "csv":  # a spreadsheet's: each hit's file linked (as file://), by line
            click.echo(results_csv(results, source_link(corpus)), nl=False)
        else:
            click.echo(results_json(results))
        return
    styles = _Styles()
    text = results_text(results, bold=styles.bold, dim=styles.dim, mark=styles.mark)
    _show_text(text, no_pager)


@main.command()
@click.argument("unit_id")
@click.option("--thread", "whole_thread", is_flag=True, help="Print every email of its thread.")
@_format_option("text", "json")
@_pager_option
@_corpus_option
@_index_option
@_errors
def show(unit_id, whole_thread, fmt, no_pager, corpus, index) -> None:
    """Print one unit whole: its headers, its text, its thread and its copies.

    UNIT_ID is an id from search results, or the start of one (four characters or more,
    as git takes a commit's), when no other id starts so.
    """
    from .present import thread_page, unit_json, unit_page

    with _archive(corpus, index) as archive:
        unit = archive.unit(unit_id) or _echo(archive, unit_id)
        if unit is None:
            _fail(f"no unit with id {unit_id!r} (ids are in search results)", EXIT_BAD_INPUT)
        thread, copies = archive.thread(unit), archive.copies(unit)
    bold = _Styles().bold
    if fmt == "json":
        click.echo(unit_json(unit, thread, copies))
    elif whole_thread:
        _show_text(thread_page(thread or [unit], unit, bold=bold), no_pager)
    else:
        _show_text(unit_page(unit, thread, copies, bold=bold), no_pager)


def _echo(archive: Archive, unit_id: str) -> Unit | None:
    """The echo with this id, said to be one (on stderr: the JSON stays the unit's), and
    which email search shows in its place."""
    found = archive.echo(unit_id)
    if found is None:
        return None
    echo, original = found
    instead = f"as {original.id}" if original else "in its thread"
    _note(
        f"{echo.id} is a quote whose words the corpus holds already, {instead}: search "
        "shows that one, not this copy"
    )
    return echo


def _echoes(archive: Archive) -> Callable[[Unit], str | None]:
    """What tells, of a unit read from the files, the email it repeats when the index holds
    it as an echo: the index brought up to date first. Without an index (another update
    runs, it is of another engine) the units are all listed, and a note says so."""
    if not archive.corpus.is_dir():
        return lambda unit: None  # reading the corpus says so
    try:
        archive.searcher()
    except (IndexBusy, IndexMismatch, EngineUnavailable, OSError) as error:
        _note(f"searchkit: quotes the corpus holds already are listed too: {error}")
        return lambda unit: None
    return archive.echo_of


@main.command()
@click.option("--kind", type=click.Choice(KINDS), help="Only units of this kind.")
@click.option(
    "--copies",
    "with_copies",
    is_flag=True,
    help="Also list later copies of a message, and quotes the corpus holds already.",
)
@_format_option("jsonl", "json", "text", "csv")
@_corpus_option
@_index_option
@_errors
def units(kind, with_copies, fmt, corpus, index) -> None:
    """Print every unit of the corpus (one JSON object per line by default).

    \b
    Each unit is one email message (quoted and forwarded ones too) or one paragraph:
      searchkit units --kind email | jq -r '[.date, .sender, .subject] | @tsv'
    A message seen again (same Message-ID) is left out, as search leaves it out;
    with --copies it is listed too, its `copy_of` naming the first copy's id. So
    is a quoted message whose words the corpus holds already as an email (a
    reply's quote of its parent): search shows that email; `copy_of` names it.
    """
    from .present import export_lines, source_link, units_csv

    archive = _archive(corpus, index)
    echo_of = _echoes(archive)
    read = (
        (unit, copy_of or echo_of(unit))
        for unit, copy_of in archive.read_units()
        if not (kind and unit.kind != kind)
    )
    exported = ((unit, copy_of) for unit, copy_of in read if with_copies or not copy_of)
    if fmt == "csv":  # the columns of `search --format csv`, a line per unit as they come
        for line in units_csv((unit for unit, _ in exported), source_link(archive.corpus)):
            click.echo(line, nl=False)
        return
    for line in export_lines(exported, fmt):
        click.echo(line)


@main.command("inspect")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False)
)
@_format_option("text", "json")
@_pager_option
@_errors
def inspect_command(files, fmt, no_pager) -> None:
    """Show how FILE is read: its format, each message found (its line, sender, recipients,
    date, subject) and the prose left as paragraphs, with any problems.

    \b
    This is how to learn why a file gave no emails:
      searchkit inspect corpus/release.txt
    The layouts of the nearest searchkit.toml above FILE are applied, as `index` would.
    """
    from .corpus import read_units
    from .layouts import layouts_near
    from .present import inspection_json, inspection_text
    from .readers import format_of

    texts = []
    for path in files:
        corpus, layouts = layouts_near(path) or (path.resolve().parent, ())
        found = read_units(path, path.resolve().relative_to(corpus).as_posix(), layouts)
        units = list(found.units)  # a large file is read as it is split: its problems after
        inspected = (format_of(path) or "binary", units, list(found.problems))
        if fmt == "json":
            click.echo(inspection_json(path, *inspected))
        else:
            texts.append(inspection_text(path, *inspected))
    if texts:  # every file's, paged as one on a terminal
        _show_text("\n".join(texts), no_pager)


@main.command("index")
@click.option("--rebuild", is_flag=True, help="Rebuild from scratch instead of updating.")
@click.option(
    "--semantic",
    is_flag=True,
    help="Give the index vectors for search by meaning, kept current from then on"
    " (needs the semantic extra).",
)
@click.option(
    "--engine",
    type=click.Choice(list(ENGINES)),
    envvar=ENGINE_ENV,
    help=f"Build the index with this engine [default: the index's own, else {DEFAULT_ENGINE}]"
    f" (or ${ENGINE_ENV}).",
)
@_format_option("text", "json")
@_corpus_option
@_index_option
@_errors
def index_command(rebuild, semantic, engine, fmt, corpus, index) -> None:
    """Bring the index up to date with the corpus (only changed files are re-read).

    --rebuild also takes over an index that was built from another corpus; --engine
    rebuilds an index that another engine built. With
    --format json, one object: rebuilt, added, changed, removed (file names),
    units_added, units_removed, quotes_left_out, problems, seconds, doubts. When the index
    holds places to check by hand, a last line counts them: `searchkit audit` lists them.
    """
    from .present import report_text, to_json

    archive = _archive(corpus, index, engine)
    progress = _ProgressBar()
    write = archive.rebuild if rebuild else archive.update
    try:
        report = write(progress=progress, semantic=semantic, wait=0)
    except IndexBusy:  # a page's refresh, a watcher, another index: this one is asked to wait
        _note("searchkit: another searchkit process is updating this index; waiting for it")
        report = write(progress=progress, semantic=semantic, wait=INDEX_WAIT)
    if fmt == "json":
        click.echo(to_json(report.to_dict()))
        return
    problems, summary = report_text(report)
    for line in problems:
        _note(line)
    click.echo(summary)
    if report.changed_anything and report.doubts:
        many = "s" if report.doubts != 1 else ""
        click.echo(f"{report.doubts} place{many} to check by hand: searchkit audit")


class _ProgressBar:
    """A progress bar on stderr, only on a terminal and only when there is real work."""

    def __init__(self) -> None:
        self.bar: Any = None

    def start(self, total: int) -> None:
        if total >= 20 and sys.stderr.isatty():
            self.bar = click.progressbar(length=total, label="indexing", file=sys.stderr)
            self.bar.__enter__()

    def advance(self, source: str) -> None:
        if self.bar is not None:
            self.bar.update(1)
            if self.bar.finished:
                self.bar.__exit__(None, None, None)
                self.bar = None


@main.command("people")
@click.argument("query", nargs=-1)
@click.option("--aliases", "show_aliases", is_flag=True, help="Print the aliases in force.")
@_format_option("text", "json", "csv")
@_pager_option
@_corpus_option
@_index_option
@_errors
def people_command(query, show_aliases, fmt, no_pager, corpus, index) -> None:
    """Who wrote to whom: sender → recipient, messages, first and last date.

    \b
    Over the whole corpus, or the units matching QUERY:
      searchkit people
      searchkit people for-profit --format csv > links.csv
    Names merge only where the corpus says so: a shared address, an address
    book (a .vcf: a card's addresses are its person's), a sign-off (-gdb), the
    alias file corpus/aliases.toml (gdb = "Greg Brockman") or a first name only
    one person has. Redacted recipients are never merged with anyone:
    their row counts messages to one or more unknown people.
    """
    from .present import aliases_json, aliases_text, people_csv, people_json, people_table

    with _archive(corpus, index) as archive:
        if show_aliases:
            aliases = archive.aliases()
            click.echo(aliases_json(aliases) if fmt == "json" else aliases_text(aliases))
            return
        links = archive.people(" ".join(query))
    if fmt == "text":
        _show_text(people_table(links, _width()), no_pager)
    else:
        click.echo({"json": people_json, "csv": people_csv}[fmt](links))


@main.command("timeline")
@click.argument("query", nargs=-1)
@click.option("--by", type=click.Choice(PERIODS), default="year", show_default=True)
@_format_option("text", "json")
@_pager_option
@_corpus_option
@_index_option
@_errors
def timeline_command(query, by, fmt, no_pager, corpus, index) -> None:
    """How many units match QUERY per year, month or day, as a bar chart.

    \b
      searchkit timeline for-profit
      searchkit timeline from:elon --by month --format json
    """
    from .present import timeline_json, timeline_text

    with _archive(corpus, index) as archive:
        counted = archive.timeline(" ".join(query), by)
    if fmt == "json":
        click.echo(timeline_json(counted.rows))
    else:
        _show_text(timeline_text(counted, shutil.get_terminal_size().columns), no_pager)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8001, show_default=True, help="Port (0: any free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in a browser.")
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Let --host be an address other machines reach (the corpus is then theirs to read).",
)
@_corpus_option
@_index_option
@_errors
def serve(host, port, open_browser, allow_remote, corpus, index) -> None:
    """Read the corpus in a browser: search, facets, timeline, messages and their threads.

    \b
    Read-only, on this machine only unless --host says otherwise:
      searchkit serve                 then open http://127.0.0.1:8001/
      searchkit serve --open --port 0
    Every page has a JSON twin (/search.json?q=…, /unit/ID.json, /people.json). Needs the
    serve extra: pip install 'searchkit[serve]'.
    """
    try:
        from .web import is_loopback
        from .web import serve as run_server
    except ImportError:
        _fail("searchkit serve needs Flask: pip install 'searchkit[serve]'", EXIT_BAD_INPUT)
    if not is_loopback(host):
        if not allow_remote:
            _fail(
                f"--host {host} lets other machines read the corpus; add --allow-remote to mean it",
                EXIT_BAD_INPUT,
            )
        _note(
            f"searchkit: warning: serving on {host}: anyone who reaches this machine can read"
            " the corpus (no password, no encryption)"
        )
    run_server(
        _archive(corpus, index), host, port, open_browser=open_browser, allow_remote=allow_remote
    )


@main.command()
@click.option(
    "--interval", default=1.0, show_default=True, help="Seconds between looks at the corpus."
)
@_corpus_option
@_index_option
@_errors
def watch(interval, corpus, index) -> None:
    """Keep the index current while files change, until Ctrl-C.

    Reacts to file events at once with the `watch` extra installed
    (pip install 'searchkit[watch]'); without it, looks every --interval seconds.
    """
    from .watch import watch as keep_watching

    def report(done) -> None:
        if done.changed_anything:
            click.echo(done.summary())

    archive = _archive(corpus, index)
    _note(f"searchkit: watching {archive.corpus}/ (Ctrl-C to stop)")
    with contextlib.suppress(KeyboardInterrupt):
        keep_watching(archive, report, interval=interval)


@main.command()
@_format_option("text", "json")
@_corpus_option
@_errors
def audit(fmt, corpus) -> None:
    """What to check by hand: the places where searchkit read something it could not be sure
    of, one line each (file:line: kind: detail).

    Files that look like correspondence but gave no message, lines that look like a
    message's start but start none, dates that could be read two ways (`05/06/2019` with
    nothing in the file to decide) or cannot be right (a quote dated after its reply, before
    1971 or after today), senders that are no person, lists of over 50 recipients, what
    was read in part only (cut at a size bound). It reads the corpus's files (no index is
    needed). Exit status 0 either way; --format json gives a list of {source, line, kind,
    detail}.
    """
    from .present import to_json

    found = _archive(corpus, None).audit()
    if fmt == "json":
        click.echo(to_json([finding.to_dict() for finding in found]))
        return
    for finding in found:
        click.echo(safe_line(str(finding)))
    click.echo(f"{len(found)} place{'s' if len(found) != 1 else ''} to check by hand")


@main.command()
@_format_option("text", "json")
@_pager_option
@_corpus_option
@_index_option
@_errors
def stats(fmt, no_pager, corpus, index) -> None:
    """Units by kind, senders by count, the date range and skipped files."""
    from .present import stats_text, to_json

    with _archive(corpus, index) as archive:
        numbers = archive.stats()
    if fmt == "json":
        click.echo(to_json(numbers))
    else:  # a corpus of thousands of senders is pages long
        _show_text(stats_text(numbers, bold=_Styles().bold), no_pager)


def run() -> None:
    """The `searchkit` console script: `main`, then an exit that skips the interpreter's
    teardown, which frees every object of the run one by one (25 ms, a fifth of a cold
    search). Nothing is lost by it: output is flushed here, and the index holds only
    committed generations, crash-safe by design."""
    try:
        main()
        status = 0
    except SystemExit as stop:
        status = _exit_status(stop.code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            pass  # the reader stopped reading (`| head`) after the last write: not an error
        except OSError:
            status = status or 120  # what Python's own exit reports when it cannot flush
    os._exit(status)


def _exit_status(code: object) -> int:
    if code is None or isinstance(code, int):
        return code or 0
    print(code, file=sys.stderr)
    return 1


if __name__ == "__main__":
    run()
