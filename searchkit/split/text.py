"""Text: the readable words of lines, without Markdown syntax, each redaction one marker."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..units import FOIA_EXEMPTION, REDACTED
from .model import Line

HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
# Every pattern here runs on corpus text, line by line, however long a line is: each
# repetition between two delimiters is bounded, so no line costs more than linear time.
IMAGE_LINE = re.compile(r"^\s*!\[[^\]]{0,500}\]\([^)]{0,2000}\)\s*$")

_MD_IMAGE = re.compile(r"!\[([^\]]{0,500})\]\([^)]{0,2000}\)")
_MD_LINK = re.compile(r"\[([^\]]{1,500})\]\((?:[^()\s]|\([^()]{0,500}\)){1,2000}\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.{1,500}?)\1|(?<![\w*])\*(?!\s)(.{1,500}?)(?<!\s)\*(?![\w*])")
_MD_CODE = re.compile(r"`([^`]{1,2000})`")
_REDACTION_MARK = rf"(?:█+|<redacted>|\[redacted\]|{FOIA_EXEMPTION})"
# no leading `\s*`: tried at every place of a long run of spaces, it made the run quadratic
# (the spaces around a redaction are tidied with all the others)
_REDACTION = re.compile(rf"{_REDACTION_MARK}(?:\s*{_REDACTION_MARK})*", re.IGNORECASE)
_ONE_REDACTION = f" {REDACTED} "
#: What every redaction begins with (`█`, `<redacted>`, `[redacted]`, `(b)(6)`).
_MAY_REDACT = re.compile(r"[█<\[(]")
_REDACTIONS_IN_A_ROW = re.compile(rf"{re.escape(REDACTED)}(\s*{re.escape(REDACTED)})+")
_QUOTE_MARK = re.compile(r"^\s*>\s?")
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(text: str, *, markdown: bool) -> str:
    """The readable words: no Markdown syntax, each redaction one marker, tidy spacing."""
    lines: Iterable[str] = text.splitlines()
    if markdown:
        lines = map(_strip_markdown, lines)
    # (each pattern is tried only where what it needs is: most text holds no redaction, and
    # taking Markdown out writes no character that was not there)
    if _MAY_REDACT.search(text):
        lines = [_REDACTION.sub(_ONE_REDACTION, line) for line in lines]
    # the lines stripped, their runs of spaces made one: no run goes past a line's end
    joined = "\n".join(map(str.strip, lines))
    if "  " in joined or "\t" in joined:
        joined = _SPACES.sub(" ", joined)
    text = _BLANK_LINES.sub("\n\n", joined.strip())
    # a redaction that spans several lines is still one redaction
    return _REDACTIONS_IN_A_ROW.sub(REDACTED, text) if REDACTED in text else text


def _strip_markdown(line: str) -> str:
    if "#" in line:
        line = HEADING.sub(r"\2", line)
    if ">" in line:
        line = _QUOTE_MARK.sub("", line)
    line = LIST_ITEM.sub("", line)
    if "](" in line:
        line = _MD_IMAGE.sub(r"\1", line)
        line = _MD_LINK.sub(r"\1", line)
    if "`" in line:
        line = _MD_CODE.sub(r"\1", line)
    if "*" in line or "__" in line:
        line = _MD_EMPHASIS.sub(lambda m: m.group(2) or m.group(3), line)
    return line


def has_text(lines: Sequence[Line]) -> bool:
    return any(text.strip() for _, text in lines)
