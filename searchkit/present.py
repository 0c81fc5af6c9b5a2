"""Present: hits and units as terminal text, JSON, CSV and HTML (`RENDERERS`, at the end)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .units import (
    ATTACHMENT,
    CHAT,
    CONTACT,
    CORRESPONDENCE,
    EVENT,
    PARAGRAPH,
    is_inferred,
)

if TYPE_CHECKING:
    from .correspondence import Link, Thread
    from .manifest import Report
    from .people import Alias
    from .results import Hit, Results
    from .tallies import Timeline
    from .units import Unit

Style = Callable[[str], str]


def plain(text: str) -> str:
    return text


# Corpus text is untrusted: on a terminal, an escape sequence in a subject could clear the
# screen, retitle the window or write the clipboard (OSC 52). Text output shows every control
# character, bidirectional override and lone surrogate as a visible escape; JSON stays exact.
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE_IN_TEXT = re.compile(f"[{_UNSAFE}]")
_UNSAFE_IN_LINE = re.compile(f"[\t\n{_UNSAFE}]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _visible(found: re.Match[str]) -> str:
    char = found.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (os.fsdecode)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: str) -> str:
    """Corpus text for a terminal: its lines and tabs kept, every other control escaped."""
    return _UNSAFE_IN_TEXT.sub(_visible, text)


def safe_line(text: str) -> str:
    """Corpus text for one line of a terminal: newlines and tabs escaped too."""
    return _UNSAFE_IN_LINE.sub(_visible, text)


def to_json(value: Any) -> str:
    return _exact_json(value, indent=2)


def _exact_json(value: Any, **options: Any) -> str:
    """JSON as the corpus has it, readable UTF-8; where a string holds a lone surrogate (a
    file name that is not UTF-8), that document falls back to ASCII escapes, which any JSON
    reader turns back into the same string."""
    text = json.dumps(value, ensure_ascii=False, default=_json_default, **options)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, ensure_ascii=True, default=_json_default, **options)
    return text


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def jsonl(records: Iterable[dict[str, Any]]) -> Iterable[str]:
    for record in records:
        yield _exact_json(record)


def dated(unit: Unit) -> str:
    """A unit's date, marked with the other day it may be when nothing in its file decided
    how a numeric day was written (`05/06/2019`)."""
    shown = when(unit.date)
    return f"{shown} (or {unit.date_ambiguous}?)" if unit.date_ambiguous else shown


def when(value: date | datetime | None) -> str:
    if value is None:
        return "(no date)"
    if isinstance(value, datetime):
        # not strftime: its %Y writes year 1 as `1`, where the year is kept as written
        return value.isoformat(" ", "minutes")[:16]
    return value.isoformat()


#: A hit names this many recipients; the others are counted ("and 95 others"), as an Enron
#: message's hundred recipients would fill a screen.
FOLD_AFTER = 8


def people_line(unit: Unit, most: int | None = None) -> str:
    """`Elon Musk → Ilya Sutskever, cc Greg Brockman` (or the section, for a paragraph); with
    `most`, the recipients past it counted: `… → A, B, C and 95 others`."""
    head, others = people_folded(unit, most)
    return f"{head} and {len(others)} others" if others else head


def people_folded(unit: Unit, most: int | None = None) -> tuple[str, list[str]]:
    """The people line with at most `most` recipients, and the others (each escaped for a
    line; never just one: a name takes no more room than "and 1 others"): a page shows them
    in a `<details>`."""
    if unit.kind == CHAT:
        return safe_line(f"{unit.sender or '(unknown sender)'} in {unit.thread}"), []
    if unit.kind == PARAGRAPH:
        return (f"§ {safe_line(unit.section)}" if unit.section else "(paragraph)"), []
    cc = (f"cc {name}" if n == 0 else name for n, name in enumerate(unit.cc))
    bcc = (f"bcc {name}" if n == 0 else name for n, name in enumerate(unit.bcc))
    named = [*recipients_shown(unit), *cc, *bcc]
    keep = len(named) if most is None or len(named) <= most + 1 else most
    line = unit.sender or "(unknown sender)"
    if named:
        line += " → " + ", ".join(named[:keep])
    return safe_line(line), [safe_line(name) for name in named[keep:]]


def inferred_mark(unit: Unit, field: str) -> str:
    """` (inferred)` after a field (`to`, `subject`) that the unit's place gives, not its
    own text (see `Unit.inferred`); nothing after one it gives itself."""
    return " (inferred)" if is_inferred(unit, field) else ""


def recipients_shown(unit: Unit) -> list[str]:
    """The unit's recipients, each marked when they are inferred (unescaped)."""
    mark = inferred_mark(unit, "to")
    return [f"{name}{mark}" for name in unit.to]


def subject_shown(unit: Unit) -> str:
    """The unit's subject, marked when it is inferred (unescaped); empty when it has none."""
    return f"{unit.subject}{inferred_mark(unit, 'subject')}" if unit.subject else ""


def cited(unit: Unit) -> str:
    """Where a unit stands: `file:line`, or for a PDF `release.pdf p. 12`."""
    if unit.page is not None:
        return f"{safe_line(unit.source)} p. {unit.page}"
    return f"{safe_line(unit.source)}:{unit.line_start}"


def marked(text: str, matches: Iterable[tuple[int, int]], mark: Style, other: Style = plain) -> str:
    """`text` with each matched span passed through `mark` and the rest through `other`
    (for the terminal: give `safe_line` as part of both)."""
    out, index = [], 0
    for start, end in matches:
        out.append(other(text[index:start]))
        out.append(mark(text[start:end]))
        index = end
    out.append(other(text[index:]))
    return "".join(out)


def hit_lines(
    hit: Hit, *, bold: Style = plain, dim: Style = plain, mark: Style | None = None
) -> list[str]:
    """A hit in three lines: when, who and the subject (in `bold`); where it stands; the
    snippet with the matched words in `mark` (`bold` unless told)."""
    mark = mark or bold
    subject = ""
    if hit.subject:
        subject = f"  {bold(safe_line(hit.subject))}{inferred_mark(hit, 'subject')}"
    head = f"{hit.rank:>3}. {dated(hit)}  {people_line(hit, FOLD_AFTER)}{subject}"
    where = f"     {dim(f'{cited(hit)}  {hit.kind} {hit.id}')}"
    if hit.quoted_in:
        where += dim(f"  (quoted in {hit.quoted_in})")
    if hit.attached_to:
        where += dim(f"  ({safe_line(hit.attachments[0])}, attached to {hit.attached_to})")
    if hit.stem_only:
        where += dim("  (other forms of a word only)")
    snippet = marked(hit.snippet, hit.matches, lambda t: mark(safe_line(t)), safe_line)
    return [head, where, "     " + snippet]


def notices(results: Results) -> list[str]:
    """What a reader must know about how the hits were found, a line each (unescaped)."""
    said = [
        results.corrected_query and f"showing results for {results.corrected_query}",
        results.any_word
        and "no unit has every word; showing units with any of them, most matches first",
        results.semantic and "ranked by meaning and by words (semantic search)",
        results.explanation,
        *results.notes,
        results.partial
        and "the search ran out of time: these are the hits it had found by then; more may match",
    ]
    return [line for line in said if line]


def snippet_html(hit: Hit) -> str:
    """The hit's snippet, escaped, its matched words in `<mark>`."""
    return marked(hit.snippet, hit.matches, lambda t: f"<mark>{escape(t)}</mark>", escape)


def results_text(
    results: Results, *, bold: Style = plain, dim: Style = plain, mark: Style | None = None
) -> str:
    lines = [safe_line(notice) for notice in notices(results)]
    for hit in results:
        lines.extend(hit_lines(hit, bold=bold, dim=dim, mark=mark))
        lines.append("")
    lines.append(dim(summary(results)))
    for name, counts in results.facets.items():
        lines.append("")
        lines.append(bold(f"by {name}"))
        width = max((len(key) for key in counts), default=0)
        lines.extend(f"  {safe_line(key):<{width}}  {count:>5}" for key, count in counts.items())
    return "\n".join(lines)


def summary(results: Results) -> str:
    shown = len(results)
    about = "" if results.total_is_exact else "about "
    noun = "hit" if results.total == 1 else "hits"
    if shown and results.total > shown:
        first = results.hits[0].rank
        where = f"{first}-{first + shown - 1}" if first > 1 else f"{shown}"
        text = f"{where} of {about}{results.total} {noun}"
    else:
        text = f"{about}{results.total} {noun}"
    if results.collapsed:
        copies = "exact duplicate" if results.collapsed == 1 else "exact duplicates"
        text += f" ({results.collapsed} {copies} collapsed)"
    return text


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_RANKED = re.compile(r"^ *\d+\. ")
_HANGING = "     "
#: ` → b2574259c628  2018-12-26 12:07  Elon Musk → …`: a line of `show`'s thread.
_THREAD_LINE = re.compile(r"^ [ →] [0-9a-f]{12}  \S.*?  (?=\S)")


def fit(text: str, width: int) -> str:
    """Terminal text folded to `width` columns at spaces, never inside a word (a word longer
    than the line stands alone); a continued line hangs under its first word's column, a
    hit's head under its date. Styling (ANSI SGR) takes no columns."""
    return "\n".join(folded for line in text.split("\n") for folded in _fold(line, width))


def _fold(line: str, width: int) -> list[str]:
    if _columns(line) <= width:
        return [line]
    thread = _THREAD_LINE.match(line)
    if _RANKED.match(line):
        indent = _HANGING
    elif thread:  # a thread's line in `show`: under its people, the marked one's too
        indent = " " * thread.end()
    else:
        indent = " " * (len(line) - len(line.lstrip(" ")))
    pieces = re.split(r"( +)", line.strip(" "))
    lines: list[str] = []
    current = line[: len(line) - len(line.lstrip(" "))]
    filled = len(current)
    for word, space in zip(pieces[::2], [*pieces[1::2], ""], strict=True):
        length = _columns(word)
        if filled > len(indent) and filled + length > width:
            lines.append(current.rstrip(" "))
            current, filled = indent, len(indent)
        current += word + space
        filled += length + len(space)
    lines.append(current.rstrip(" "))
    return lines


def _columns(text: str) -> int:
    return len(_ANSI.sub("", text))


#: A notebook table shows this many hits; the rest are counted below it.
_TABLE_ROWS = 20
_CELL = 'style="text-align:left;vertical-align:top"'
_ONE_LINE = 'style="text-align:left;vertical-align:top;white-space:nowrap"'


def results_html(results: Results) -> str:
    """A table for Jupyter: left-aligned, the date on one line, the id to pass to `show`,
    escaped text with `<mark>`ed matches; a long one shows its first rows and the count."""
    rows = []
    for hit in results.hits[:_TABLE_ROWS]:
        snippet = snippet_html(hit)
        cells = [
            (str(hit.rank), _ONE_LINE),
            (f"<code>{escape(hit.id)}</code>", _ONE_LINE),
            (escape(hit.kind), _ONE_LINE),
            (escape(dated(hit)), _ONE_LINE),
            (escape(hit.sender or ""), _CELL),
            (escape(_some(recipients_shown(hit))), _CELL),
            (escape(subject_shown(hit) or hit.section or ""), _CELL),
            (snippet, _CELL),
            (f"<code>{escape(hit.source)}:{hit.line_start}</code>", _ONE_LINE),
        ]
        rows.append("<tr>" + "".join(f"<td {style}>{cell}</td>" for cell, style in cells) + "</tr>")
    said = [f"<p>{escape(line)}</p>" for line in notices(results)]
    names = ("#", "id", "kind", "date", "sender", "to", "subject", "snippet", "source")
    head = "".join(f"<th {_CELL}>{name}</th>" for name in names)
    more = len(results.hits) - _TABLE_ROWS
    shown = f"{escape(summary(results))}" + (
        f"; the table shows the first {_TABLE_ROWS}" if more > 0 else ""
    )
    return (
        f"{''.join(said)}<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}"
        f"</tbody></table><p>{shown}</p>"
    )


def _some(names: Sequence[str]) -> str:
    """`A, B, C and 95 others`: at most FOLD_AFTER names (never "and 1 others")."""
    if len(names) <= FOLD_AFTER + 1:
        return ", ".join(names)
    return f"{', '.join(names[:FOLD_AFTER])} and {len(names) - FOLD_AFTER} others"


def results_json(results: Results) -> str:
    """`search --format json`: one object, the same keys whatever the options."""
    return to_json(
        {
            "query": results.query,
            "total": results.total,
            "total_is_exact": results.total_is_exact,
            "corrected_query": results.corrected_query,
            "any_word": results.any_word,
            "collapsed": results.collapsed,
            "partial": results.partial,
            "semantic": results.semantic,
            "explanation": results.explanation,
            "notices": notices(results),
            "hits": results.to_dicts(),
            "facets": results.facets,
        }
    )


def unit_json(unit: Unit, thread: Sequence[Unit], copies: Sequence[Unit]) -> str:
    """`show --format json`: the unit's fields, its thread's ids and where its copies are."""
    record = unit.to_dict()
    record["thread_units"] = [other.id for other in thread]
    record["copies"] = [f"{other.source}:{other.line_start}" for other in copies]
    return to_json(record)


def export_record(unit: Unit, copy_of: str | None) -> dict[str, Any]:
    """A unit as `searchkit units` exports it: every field, and `copy_of` for a later copy."""
    return {**unit.to_dict(), "copy_of": copy_of}


def export_lines(units: Iterable[tuple[Unit, str | None]], fmt: str) -> Iterator[str]:
    """`searchkit units`: JSON lines as the units come, a JSON array, or each unit as text."""
    if fmt == "json":
        yield to_json([export_record(unit, copy_of) for unit, copy_of in units])
    elif fmt == "text":
        yield from (unit_text(unit) + "\n" + "-" * 72 for unit, _ in units)
    else:
        yield from jsonl(export_record(unit, copy_of) for unit, copy_of in units)


def unit_page(
    unit: Unit, thread: Sequence[Unit], copies: Sequence[Unit], *, bold: Style = plain
) -> str:
    """`searchkit show`: the unit whole, its thread, and where else its message stands."""
    text = unit_text(unit, thread, bold=bold)
    if len(copies) > 1:
        text += "\n\nCopies of this message:"
        text += "".join(f"\n  {safe_line(other.source)}:{other.line_start}" for other in copies)
    return text


def inspection_text(path: Any, fmt: str, units: Sequence[Unit], problems: Sequence[Any]) -> str:
    """`searchkit inspect`: the format, then a line per unit in source order, then problems."""
    kinds = Counter(unit.kind for unit in units)
    messages = sum(kinds[kind] for kind in CORRESPONDENCE)
    counted = f"{_count(messages, 'message')}, {_count(kinds[PARAGRAPH], 'paragraph')}"
    for kind in (ATTACHMENT, EVENT, CONTACT):
        if kinds[kind]:
            counted += f", {_count(kinds[kind], kind)}"
    lines = [safe_line(f"{path}: read as {fmt}: {counted}")]
    for unit in units:
        where = f"  line {unit.line_start:>5}  {unit.kind:<9}  "
        if unit.kind == PARAGRAPH:
            about = f"  § {safe_line(unit.section)}" if unit.section else ""
            lines.append(f"{where}{_count(len(unit.text.split()), 'word')}{about}")
            continue
        subject = f"  {safe_line(subject_shown(unit))}" if unit.subject else ""
        quoted = "  (quoted)" if unit.quoted_in else ""
        folder = f"  in {safe_line(unit.folder)}" if unit.folder else ""
        lines.append(f"{where}{dated(unit)}  {people_line(unit)}{subject}{quoted}{folder}")
    lines.extend(f"  problem: {safe_line(str(problem))}" for problem in problems)
    return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def inspection_json(path: Any, fmt: str, units: Sequence[Unit], problems: Sequence[Any]) -> str:
    """`searchkit inspect --format json`: `file`, `format`, `units`, `problems`."""
    return to_json(
        {
            "file": str(path),
            "format": fmt,
            "units": [unit.to_dict() for unit in units],
            "problems": [str(problem) for problem in problems],
        }
    )


def thread_page(thread: Sequence[Unit], current: Unit, *, bold: Style = plain) -> str:
    """`show --thread`: every email of the thread whole, oldest first, the one asked for
    marked."""
    rule = "─" * 40
    pages = [
        (bold("→ this one") + "\n" if unit.id == current.id else "") + unit_text(unit, bold=bold)
        for unit in thread
    ]
    return f"\n{rule}\n".join(pages)


def threads_text(
    found: Sequence[Thread],
    *,
    total: int | None = None,
    offset: int = 0,
    bold: Style = plain,
    dim: Style = plain,
) -> str:
    """`search --threads`: a thread in two lines, its span, matches and subject, then its
    people and the id of its first match; which of `total` threads, when more match than
    shown (the first shown is the one after `offset`)."""
    lines = []
    for thread in found:
        span = when(thread.first)[:10]
        if thread.last and when(thread.last)[:10] != span:
            span += f" → {when(thread.last)[:10]}"
        matches = f"{thread.matches} match" + ("" if thread.matches == 1 else "es")
        lines.append(f"{span}  {matches}  {bold(safe_line(thread.subject or thread.thread))}")
        people = ", ".join(thread.participants) or "(no names)"
        lines.append(f"     {safe_line(people)}  " + dim(f"first: {thread.ids[0]}"))
    total = len(found) if total is None else total
    if 0 < len(found) < total:
        where = f"{offset + 1}-{offset + len(found)}" if offset else f"{len(found)}"
        lines.append(dim(f"{where} of {total} threads"))
    else:
        lines.append(dim(_count(total, "thread")))
    return "\n".join(lines)


def threads_json(found: Sequence[Thread]) -> str:
    return to_json([thread.to_dict() for thread in found])


def report_text(report: Report) -> tuple[list[str], str]:
    """`searchkit index`: the problems (for stderr) and the summary line."""
    problems = [
        f"searchkit: skipped or partly read: {safe_line(problem)}" for problem in report.problems
    ]
    return problems, report.summary()


def people_table(links: Sequence[Link], columns: int | None = None) -> str:
    """`searchkit people`: from, to, messages, first, last, aligned; with `columns`, names
    shortened (`Ilya Sutsk…`) so that each row stays one line of the terminal, under its
    header (a folded row put its last date under the next row's name)."""
    rows = [("from", "to", "messages", "first", "last")]
    rows += [
        (
            safe_line(link.sender),
            safe_line(link.recipient) + (" *" if link.redacted else ""),
            str(link.messages) + (" †" if link.inferred else ""),
            when(link.first)[:10] + (" ?" if link.first_ambiguous else ""),
            when(link.last)[:10] + (" ?" if link.last_ambiguous else ""),
        )
        for link in links
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(5)]
    if columns is not None and sum(widths) + 8 > columns:
        names = max(8, columns - 8 - sum(widths[2:]))  # what the two name columns may share
        widths[0] = min(widths[0], max(4, names // 2))
        widths[1] = min(widths[1], max(4, names - widths[0]))
        rows = [(_cut(row[0], widths[0]), _cut(row[1], widths[1]), *row[2:]) for row in rows]
    table = "\n".join(
        "  ".join(
            cell.rjust(width) if column == 2 else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    )
    if any(link.redacted for link in links):
        table += "\n* recipients whose names are redacted: one row may stand for several people"
    if any(link.inferred for link in links):
        table += f"\n† {INFERRED_NOTE}"
    if any(link.first_ambiguous or link.last_ambiguous for link in links):
        table += f"\n? {AMBIGUOUS_NOTE}"
    return table


#: What a † beside a count says.
INFERRED_NOTE = "recipient inferred: who replied quoting the message"
#: What a ? beside a date says.
AMBIGUOUS_NOTE = "a numeric day that may be read the other way round (`searchkit audit` lists it)"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def people_csv(links: Sequence[Link]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(links[0].to_dict()) if links else [])
    writer.writeheader()
    for link in links:  # a name is corpus text: no formula of it runs in a spreadsheet
        record = link.to_dict()
        writer.writerow({key: csv_cell(value) if isinstance(value, str) else value
                         for key, value in record.items()})  # fmt: skip
    return out.getvalue().rstrip("\n")


def people_json(links: Sequence[Link]) -> str:
    return to_json([link.to_dict() for link in links])


def aliases_json(aliases: Iterable[Alias]) -> str:
    return to_json([alias.__dict__ for alias in aliases])


def aliases_text(aliases: Iterable[Alias]) -> str:
    return "\n".join(
        safe_line(f"{alias.alias} = {alias.name}    ({alias.origin})") for alias in aliases
    )


def timeline_json(rows: Sequence[tuple[str, int]]) -> str:
    return to_json([{"period": period, "count": count} for period, count in rows])


def timeline_text(counted: Timeline, columns: int = 80) -> str:
    """The bars from the first match to the last; a run of empty periods (three or more) is
    one line, `2018-02..2018-11  0`, so that a month chart of years is not a page of
    zeros."""
    rows = _empty_runs_joined(counted.rows)
    label = max((len(period) for period, _ in rows), default=0)
    count = max((len(str(number)) for _, number in rows), default=0)
    # the bars fit the terminal: label, two spaces, bar, two spaces, count
    lines = bar_chart(rows, width=max(10, min(40, columns - label - count - 5)))
    if counted.undated:
        lines.append(f"({counted.undated} without a date)")
    if counted.coarse:
        lines.append(
            f"({counted.coarse} dated by a year or a month only, not counted by {counted.by})"
        )
    return "\n".join(lines)


def _empty_runs_joined(rows: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    run: list[str] = []
    for period, count in [*rows, ("", -1)]:
        if count == 0:
            run.append(period)
            continue
        if len(run) >= 3:
            out.append((f"{run[0]}..{run[-1]}", 0))
        else:
            out.extend((empty, 0) for empty in run)
        run = []
        if count > 0:
            out.append((period, count))
    return out


def stats_text(numbers: dict[str, Any], *, bold: Style = plain) -> str:
    lines: list[str] = [f"{bold('units')}: {numbers['units']}"]
    lines.extend(f"  {kind:<12} {count:>6}" for kind, count in numbers["kinds"].items())
    first, last = numbers["dates"]
    lines.append(f"{bold('dates')}: {first or '-'} to {last or '-'}")
    lines.append(f"{bold('files')}: {numbers['files']} ({len(numbers['skipped'])} with problems)")
    lines.extend(f"  {safe_line(problem)}" for problem in numbers["skipped"])
    lines.append(bold("senders") + ":")
    lines.extend(
        f"  {count:>6}  {safe_line(sender)}" for sender, count in numbers["senders"].items()
    )
    return "\n".join(lines)


def unit_text(unit: Unit, neighbours: Iterable[Unit] = (), *, bold: Style = plain) -> str:
    """One unit whole, with its headers, as `searchkit show` prints it."""
    lines: list[str] = []
    headers = [
        ("Id", unit.id),
        ("Kind", unit.kind),
        ("From", _person(unit.sender, unit.sender_address)),
        ("To", ", ".join(recipients_shown(unit))),
        ("Cc", ", ".join(unit.cc)),
        ("Bcc", ", ".join(unit.bcc)),
        ("Date", dated(unit) if unit.date else ""),
        ("Published", when(unit.published) if unit.published else ""),
        ("Author", unit.author or ""),
        ("Subject", subject_shown(unit)),
        ("Section", unit.section or ""),
        ("Folder", unit.folder or ""),
        ("Thread", unit.thread),
        ("Message-ID", unit.message_id or ""),
        ("Source", f"{unit.source}:{unit.line_start}-{unit.line_end}"),
        ("Page", str(unit.page) if unit.page is not None else ""),
        ("Quoted in", unit.quoted_in or ""),
        ("Attached to", unit.attached_to or ""),
        ("Attachments", ", ".join(unit.attachments)),
        ("Inferred", unit.inferred or ""),
    ]
    lines.extend(f"{bold(name + ':')} {safe_line(value)}" for name, value in headers if value)
    lines.append("")
    lines.append(safe(unit.text))
    neighbours = list(neighbours)
    if neighbours:
        lines.append("")
        lines.append(bold("Thread:"))
        for other in neighbours:
            marker = "→" if other.id == unit.id else " "
            # each neighbour's recipients folded, as a hit's: the unit's own headers list all
            line = f" {marker} {other.id}  {when(other.date)}  {people_line(other, FOLD_AFTER)}"
            lines.append(line)
    return "\n".join(lines)


def _person(name: str | None, address: str | None) -> str:
    """`Name <address>`; a name that is its address, once."""
    if name and address and address.lower() != name.lower():
        return f"{name} <{address}>"
    return name or address or ""


def person(name: str | None, address: str | None) -> str:
    """A sender as a page shows it: `Name <address>`, a name equal to its address once."""
    return _person(name, address) or "(unknown sender)"


_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar_chart(rows: Sequence[tuple[str, int]], width: int = 40) -> list[str]:
    """One row per period: label, a bar of Unicode blocks, the count."""
    top = max((count for _, count in rows), default=0) or 1
    label_width = max((len(label) for label, _ in rows), default=0)
    lines = []
    for label, count in rows:
        eighths = round(count / top * width * 8)
        bar = "█" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")
        lines.append(f"{label:<{label_width}}  {bar:<{width}}  {count}")
    return lines


# -- CSV, for a spreadsheet -------------------------------------------------------------------

#: The columns of a CSV export of hits or units: what a spreadsheet of sources needs.
CSV_COLUMNS = (
    "id",
    "date",
    "sender",
    "recipients",
    "subject",
    "source",
    "line",
    "page",
    "kind",
    "link",
    "inferred",
)
#: A cell a spreadsheet would run as a formula (or DDE) starts with one of these: OWASP's
#: list for CSV injection, tab and carriage return included.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A cell's text, a leading quote before what would start a formula (`=HYPERLINK(…)` in a
    hostile subject is shown, never run); control characters made visible."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return safe_line(text)


def csv_row(unit: Unit, link: str) -> list[str]:
    recipients = "; ".join(
        [*unit.to, *(f"cc {name}" for name in unit.cc), *(f"bcc {name}" for name in unit.bcc)]
    )
    return [
        csv_cell(value)
        for value in (
            unit.id,
            when(unit.date) if unit.date else "",
            unit.sender,
            recipients,
            unit.subject or unit.section,
            unit.source,
            unit.line_start,
            unit.page,
            unit.kind,
            link,
            unit.inferred,
        )
    ]


def units_csv(units: Iterable[Unit], link: Callable[[Unit], str]) -> Iterator[str]:
    """A header line, then a line per unit (RFC 4180 quoting, `\\r\\n` line ends)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    yield out.getvalue()
    for unit in units:
        out.seek(0)
        out.truncate()
        writer.writerow(csv_row(unit, link(unit)))
        yield out.getvalue()


def source_link(root: Path) -> Callable[[Unit], str]:
    """A unit's link on the command line: its file, as a file:// URL (the line beside it)."""
    return lambda unit: (root / unit.source).resolve().as_uri()


def results_csv(results: Results, link: Callable[[Unit], str] | None = None) -> str:
    return "".join(units_csv(results.hits, link or (lambda unit: f"/unit/{unit.id}")))


# -- the renderers: one table, as Datasette registers its output formats --------------------


@dataclass(frozen=True)
class Renderer:
    """An output format of a search: its name (`--format`), the extension of its page on
    `searchkit serve` (`/search.csv`; None: the page itself), its media type, and the
    function from Results to text."""

    name: str
    extension: str | None
    media_type: str
    render: Callable[[Results], str]


def _text(results: Results) -> str:
    return results_text(results)


RENDERERS: dict[str, Renderer] = {
    renderer.name: renderer
    for renderer in (
        Renderer("text", None, "text/plain; charset=utf-8", _text),
        Renderer("json", "json", "application/json", results_json),
        Renderer("csv", "csv", "text/csv; charset=utf-8", results_csv),
        Renderer("html", None, "text/html; charset=utf-8", results_html),
    )
}
