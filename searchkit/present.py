"""Present: hits and units as terminal text, JSON and HTML."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date, datetime
from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .searching import Hit, Results
    from .units import Unit

Style = Callable[[str], str]


def plain(text: str) -> str:
    return text


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def jsonl(records: Iterable[dict[str, Any]]) -> Iterable[str]:
    for record in records:
        yield json.dumps(record, ensure_ascii=False, default=_json_default)


def when(value: date | datetime | None) -> str:
    if value is None:
        return "(no date)"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def people_line(unit: Unit) -> str:
    """`Elon Musk → Ilya Sutskever, cc Greg Brockman` (or the section, for a paragraph)."""
    if unit.kind != "email":
        return f"§ {unit.section}" if unit.section else "(paragraph)"
    line = unit.sender or "(unknown sender)"
    if unit.to:
        line += " → " + ", ".join(unit.to)
    if unit.cc:
        line += ", cc " + ", ".join(unit.cc)
    return line


def marked(text: str, matches: Iterable[tuple[int, int]], mark: Style, other: Style = plain) -> str:
    """`text` with each matched span passed through `mark` and the rest through `other`."""
    out, index = [], 0
    for start, end in matches:
        out.append(other(text[index:start]))
        out.append(mark(text[start:end]))
        index = end
    out.append(other(text[index:]))
    return "".join(out)


def hit_lines(hit: Hit, *, bold: Style = plain, dim: Style = plain) -> list[str]:
    subject = f"  {bold(hit.subject)}" if hit.subject else ""
    head = f"{hit.rank:>3}. {when(hit.date)}  {people_line(hit)}{subject}"
    where = f"     {dim(f'{hit.source}:{hit.line_start}  {hit.kind} {hit.id}')}"
    if hit.quoted_in:
        where += dim(f"  (quoted in {hit.quoted_in})")
    return [head, where, "     " + marked(hit.snippet, hit.matches, bold)]


def results_text(results: Results, *, bold: Style = plain, dim: Style = plain) -> str:
    lines = []
    if results.corrected_query:
        lines.append(f"showing results for {bold(results.corrected_query)}")
    if results.any_word:
        lines.append("no unit has every word; showing units with any of them, most matches first")
    for hit in results:
        lines.extend(hit_lines(hit, bold=bold, dim=dim))
        lines.append("")
    lines.append(dim(summary(results)))
    for name, counts in results.facets.items():
        lines.append("")
        lines.append(bold(f"by {name}"))
        width = max((len(key) for key in counts), default=0)
        lines.extend(f"  {key:<{width}}  {count:>5}" for key, count in counts.items())
    return "\n".join(lines)


def summary(results: Results) -> str:
    shown = len(results)
    about = "" if results.total_is_exact else "about "
    noun = "hit" if results.total == 1 else "hits"
    if results.total > shown:
        text = f"{shown} of {about}{results.total} {noun}"
    else:
        text = f"{shown} {noun}"
    if results.collapsed:
        text += f" ({results.collapsed} exact duplicates collapsed)"
    return text


def results_html(results: Results) -> str:
    """A table for Jupyter: escaped text, `<mark>`ed matches, sender/date/subject columns."""
    rows = []
    for hit in results:
        snippet = marked(hit.snippet, hit.matches, lambda t: f"<mark>{escape(t)}</mark>", escape)
        rows.append(
            "<tr>"
            f"<td>{hit.rank}</td><td>{escape(when(hit.date))}</td>"
            f"<td>{escape(hit.sender or '')}</td><td>{escape(', '.join(hit.to))}</td>"
            f"<td>{escape(hit.subject or hit.section or '')}</td>"
            f"<td>{snippet}</td>"
            f"<td><code>{escape(hit.source)}:{hit.line_start}</code></td>"
            "</tr>"
        )
    notice = ""
    if results.corrected_query:
        notice = f"<p>showing results for <b>{escape(results.corrected_query)}</b></p>"
    head = "".join(
        f"<th>{name}</th>" for name in ("#", "date", "sender", "to", "subject", "snippet", "source")
    )
    return (
        f"{notice}<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f"<p>{escape(summary(results))}</p>"
    )


def unit_text(unit: Unit, neighbours: Iterable[Unit] = (), *, bold: Style = plain) -> str:
    """One unit whole, with its headers, as `searchkit show` prints it."""
    lines = []
    headers = [
        ("Id", unit.id),
        ("Kind", unit.kind),
        ("From", _person(unit.sender, unit.sender_address)),
        ("To", ", ".join(unit.to)),
        ("Cc", ", ".join(unit.cc)),
        ("Date", when(unit.date) if unit.date else ""),
        ("Subject", unit.subject or ""),
        ("Section", unit.section or ""),
        ("Thread", unit.thread),
        ("Message-ID", unit.message_id or ""),
        ("Source", f"{unit.source}:{unit.line_start}-{unit.line_end}"),
        ("Quoted in", unit.quoted_in or ""),
        ("Attachments", ", ".join(unit.attachments)),
    ]
    lines.extend(f"{bold(name + ':')} {value}" for name, value in headers if value)
    lines.append("")
    lines.append(unit.text)
    neighbours = list(neighbours)
    if neighbours:
        lines.append("")
        lines.append(bold("Thread:"))
        for other in neighbours:
            marker = "→" if other.id == unit.id else " "
            lines.append(f" {marker} {other.id}  {when(other.date)}  {people_line(other)}")
    return "\n".join(lines)


def _person(name: str | None, address: str | None) -> str:
    if name and address and address != name:
        return f"{name} <{address}>"
    return name or ""
