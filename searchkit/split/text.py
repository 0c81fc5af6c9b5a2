"""Text: the readable words of lines, without Markdown syntax, each redaction one marker."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..units import FOIA_EXEMPTION, REDACTED
from .model import Line

HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
IMAGE_LINE = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$")

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^()]*\))+\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_MD_CODE = re.compile(r"`([^`]+)`")
#: Headings of level 1-3 are the page's own structure: they end a message's body.
_REDACTION = re.compile(
    rf"(?:\s*(?:█+|<redacted>|\[redacted\]|{FOIA_EXEMPTION}))+\s*", re.IGNORECASE
)


def clean_text(text: str, *, markdown: bool) -> str:
    """The readable words: no Markdown syntax, each redaction one marker, tidy spacing."""
    lines = []
    for line in text.splitlines():
        if markdown:
            line = _strip_markdown(line)
        line = _REDACTION.sub(f" {REDACTED} ", line).strip()
        lines.append(re.sub(r"[ \t]+", " ", line))
    text = "\n".join(lines).strip()
    text = re.sub(r"\n{3,}", "\n\n", text)
    # a redaction that spans several lines is still one redaction
    return re.sub(rf"{re.escape(REDACTED)}(\s*{re.escape(REDACTED)})+", REDACTED, text)


def _strip_markdown(line: str) -> str:
    line = HEADING.sub(r"\2", line)
    line = re.sub(r"^\s*>\s?", "", line)
    line = LIST_ITEM.sub("", line)
    line = _MD_IMAGE.sub(r"\1", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_CODE.sub(r"\1", line)
    return _MD_EMPHASIS.sub(lambda m: m.group(2) or m.group(3), line)


def has_text(lines: Sequence[Line]) -> bool:
    return any(text.strip() for _, text in lines)
