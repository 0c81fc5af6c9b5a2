"""Text: the readable words of lines, without Markdown syntax, each redaction one marker."""

from __future__ import annotations

import re
from collections.abc import Sequence

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
_REDACTIONS_IN_A_ROW = re.compile(rf"{re.escape(REDACTED)}(\s*{re.escape(REDACTED)})+")
_QUOTE_MARK = re.compile(r"^\s*>\s?")
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(text: str, *, markdown: bool) -> str:
    """The readable words: no Markdown syntax, each redaction one marker, tidy spacing."""
    lines = []
    for line in text.splitlines():
        if markdown:
            line = _strip_markdown(line)
        line = _REDACTION.sub(_ONE_REDACTION, line).strip()
        # (each pattern is tried only on a line that holds what it needs: most hold nothing)
        lines.append(_SPACES.sub(" ", line) if "  " in line or "\t" in line else line)
    text = _BLANK_LINES.sub("\n\n", "\n".join(lines).strip())
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
