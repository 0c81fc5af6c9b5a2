"""Furniture: what a printout or release repeats on every page, and what a mailing list adds
at the foot of every message."""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Sequence

from ..people import notes_common_name
from ..readers.documents import PAGE_NUMBER, furniture_shape
from ..written_dates import read_written
from .envelopes import is_person, printed_head, read_envelope, stacked_head
from .header_blocks import bare_field, header_field, in_head
from .model import Line
from .quotes import ATTRIBUTIONS

_FURNITURE_REPEATS = 3
# a Bates number alone, however short (`01268-EPA-3261`, `HALV-0001234`): capitals and
# digits, a capital and four digits at least (a telephone number in a signature has no
# capital, and repeats as correspondence does)
_BATES = re.compile(
    r"^\s*(?=[A-Z0-9._ -]{0,60}[A-Z])(?=(?:[A-Z._ -]{0,60}\d){4})"
    r"[A-Z0-9]{1,15}(?:[-_. ][A-Z0-9]{1,15}){0,4}\s*$"
)
_PAGE_LINES = 5
# a `Label:` line, in any script (`Тема:`, `件名：`): a thread repeats its header lines
_LABEL = re.compile(r"^\W*[^\W\d_][\w-]*\s?[:：]")
# what a browser prints on every page of a page it prints (Gmail's print view saved as a PDF,
# then as text): at the foot the page's address and `page/pages`, at the head the day (and
# time) it printed and the page's title, far apart
_PRINT_FOOT = re.compile(r"^\s*(?:https?|file)://\S{1,4000}\s+\d{1,4}/\d{1,4}\s*$")
_PRINT_HEAD = re.compile(
    r"^\s*\d{1,2}/\d{1,2}/\d{2,4}(?:,?\s{1,3}\d{1,2}:\d{2}(?:\s?[AaPp][Mm])?)?\s{3,}\S.{0,300}$"
)


def without_furniture(lines: Sequence[Line]) -> list[Line]:
    """The lines of a text without what a printout or release repeats on every page: running
    headers and Bates numbers (`UNCLASSIFIED … Doc No. C06012345`), `Page 3 of 40`. A line
    is furniture when, its digits aside, it stands three times or more, pages apart (a foot
    and the next page's head may hold the same), and
    holds digits (so a repeated sign-off or greeting stays); header lines, attributions and envelope
    lines, which repeat as correspondence does, are never furniture."""
    lines = _without_print_furniture(lines)
    shapes = [furniture_shape(text) for _, text in lines]
    places: dict[str, list[int]] = {}
    for place, shape in enumerate(shapes):
        if "#" in shape:
            places.setdefault(shape, []).append(place)
    repeated = {
        shape
        for shape, found in places.items()
        if len(found) >= _FURNITURE_REPEATS and _at_page_breaks(found, lines)
    }
    if not repeated:
        return list(lines)
    return [
        line
        for place, (line, shape) in enumerate(zip(lines, shapes, strict=True))
        if shape not in repeated
        or not _is_furniture(line[1])
        or in_head(line[1])
        or _of_a_head(lines, place)
    ]


def _of_a_head(lines: Sequence[Line], place: int) -> bool:
    """Is the line at `place` one of a head, which a release of one official's mail repeats,
    digits and all, as a running header would? A person's Notes name in full (its digits are
    its office's: `Gina McCarthy/R5/USEPA/US`, as Notes heads a memo and under `Please respond
    to`), a person over a date (`Jane Doe <jane2@x.org>` over `Wed 3/6/2019 8:05 AM`), or a
    label with no colon under another (`Subject item 2` under `cc`)."""
    text = lines[place][1]
    name = notes_common_name(text) if text.count("/") >= 2 else None
    if name is not None and is_person(name):
        return True
    if place + 1 < len(lines) and stacked_head(text, lines[place + 1][1]) is not None:
        return True
    above = lines[place - 1][1] if place else ""
    return bare_field(text) is not None and (
        header_field(above) is not None or bare_field(above) is not None
    )


#: Lines at a page's top and bottom that are looked at as furniture, in a paged document.
_EDGE_LINES = 3
# a sentence of a message's words (its lower-case letters, its full stop) at a page's edge,
# which the next page's may repeat but for a number (`Words of the 2nd.`): no furniture
_SENTENCE = re.compile(r"[a-z][^.!?]{0,200}[a-z\d)][.!?]\s*$")


def without_page_furniture(lines: Sequence[Line], starts: Sequence[int]) -> list[Line]:
    """A paged document's lines (a PDF's; `starts`, each page's first line) without what
    stands at the top or the bottom of most of its pages with text, digits aside (running
    headers, `Page 3 of 40`, Bates numbers), and page numbers alone there; never a line a head
    or an attribution holds (a release of one message a page starts each page with `From:`
    the same sender, and its `Sent:` lines differ only in their digits). A browser's and a
    mail client's print furniture go too, as in text (`_without_print_furniture`)."""
    lines = _without_print_furniture(lines)
    written: dict[int, list[Line]] = {}  # each page's lines with words, by page
    for line in lines:
        if line[1].strip():
            written.setdefault(bisect.bisect_right(starts, line[0]) - 1, []).append(line)
    # (a page laid out leaves blank lines at its top and foot: the edge is its words')
    edges = [
        (line, page)
        for page, held in written.items()
        for line in {*held[:_EDGE_LINES], *held[-_EDGE_LINES:]}
    ]
    on_pages = {(furniture_shape(text), page) for (_, text), page in edges}
    shapes = Counter(shape for shape, _ in on_pages)
    repeated = {shape for shape, count in shapes.items() if count * 2 > len(written) > 1}
    dropped = {
        line
        for line, _ in edges
        if PAGE_NUMBER.match(line[1])
        or (
            furniture_shape(line[1]) in repeated
            and not _holds_correspondence(line[1])
            and not in_head(line[1])
            and not _SENTENCE.search(line[1])
        )
    }
    dropped -= {
        line for place, line in enumerate(lines) if line in dropped and _of_a_head(lines, place)
    }
    kept = [line for line in lines if line not in dropped]
    # each page's lines, the blank lines left beside its furniture gone, then one blank line
    # (a page break ends a paragraph; a head cut by it goes on past that one)
    paged: list[Line] = []
    for _, held in itertools.groupby(kept, key=lambda line: bisect.bisect_right(starts, line[0])):
        page = list(held)
        words = [place for place, (_, text) in enumerate(page) if text.strip()]
        if words:
            paged.extend(page[words[0] : words[-1] + 1])
            paged.append((page[-1][0], ""))
    return paged


def _at_page_breaks(places: list[int], lines: Sequence[Line]) -> bool:
    """Do a line's places stand pages apart, each alone or two with nothing but blank lines
    between (a page's foot and the next page's head: a release writes its banner on both)?"""
    together = 1
    for before, place in itertools.pairwise(places):
        if place - before >= _PAGE_LINES:
            together = 1
            continue
        between = lines[before + 1 : place]
        together += 1
        if together > 2 or any(text.strip() for _, text in between):
            return False
    return places[-1] - places[0] >= _PAGE_LINES


def _without_print_furniture(lines: Sequence[Line]) -> Sequence[Line]:
    """The lines without a browser's print furniture: the foot lines (an address, then
    `1/2`), and where there are such, the head lines (`12/14/2015   Gmail - Kickoff…`); and
    without a mail client's (Thunderbird's: `1 of 2` and the time it printed at each page's
    foot, the message's title, the file's first line, at each next page's head)."""
    lines = _without_pages_of(lines)
    if not any("://" in text[:20] and _PRINT_FOOT.match(text) for _, text in lines):
        return lines
    return [
        (number, text)
        for number, text in lines
        if not (_PRINT_FOOT.match(text) or (text[:1].isdigit() and _PRINT_HEAD.match(text)))
    ]


def _without_pages_of(lines: Sequence[Line]) -> Sequence[Line]:
    feet = {number for number, text in lines if _is_pages_foot(text)}
    if not feet:
        return lines
    title = next((text.strip() for _, text in lines if text.strip()), "")
    return [
        (number, text)
        for number, text in lines
        if number not in feet and not (text.startswith("\f") and text.strip() == title)
    ]


def _is_pages_foot(text: str) -> bool:
    found = _PAGES_FOOT.match(text) if text[:8].strip()[:1].isdigit() else None
    return found is not None and read_written(found.group("when")) is not None


# a mail client's page foot: `1 of 2`, then far apart the time it printed
_PAGES_FOOT = re.compile(r"^\s{0,40}\d{1,4} of \d{1,4}\s{3,}(?P<when>\S.{0,80}?)\s*$")


def _is_furniture(text: str) -> bool:
    if PAGE_NUMBER.match(text) or _BATES.match(text):
        return True
    return len(text.strip()) >= 16 and not _LABEL.match(text) and not _holds_correspondence(text)


def _holds_correspondence(text: str) -> bool:
    """Is this a line of a head (`보낸 날짜:`, `**Sent:** …`, an envelope line, a print view's
    head line) or an attribution, which repeat as correspondence does?"""
    return (
        header_field(text) is not None
        or any(pattern.match(text) for pattern in ATTRIBUTIONS)
        or read_envelope(text) is not None
        or printed_head(text) is not None
    )


def without_list_footer(lines: Sequence[Line]) -> list[Line]:
    """A mail body's lines without the footer its mailing list added at the end: Mailman's
    rule of underscores over `Dev-list mailing list`, the list's address and its listinfo
    page (Mailman 3: `… mailing list -- dev@…`, `To unsubscribe send an email to …`), Google
    Groups' `-- ` over `You received this message because you are subscribed…` and the
    group's `+unsubscribe@googlegroups.com`, in any language. They are the list's words, not
    the sender's, nor those of the message quoted above them. A rule over anything else (an
    Outlook reply's, a signature's) is left as it is."""
    written = [place for place, (_, text) in enumerate(lines) if text.strip()]
    # from the last rule up: a signature's `-- ` may stand above Google Groups'
    for place in reversed(written[-_MOST_FOOTER_LINES - 1 :]):
        rule = lines[place][1].strip()
        if not (_FOOTER_RULE.match(rule) or rule == "--"):
            continue
        # the footer's lines run on to a blank line or a rule: a digest's own rule and `End of
        # … Digest` under it are the digest's
        end = next(
            (
                after
                for after in range(place + 2, len(lines))
                if not lines[after][1].strip() or _RULE.match(lines[after][1])
            ),
            len(lines),
        )
        footer = [text[:_FOOTER_LINE_CHARS] for _, text in lines[place + 1 : end] if text.strip()]
        if footer and _is_list_footer(rule, footer):
            return [*lines[:place], *lines[end:]]
    return list(lines)


def _is_list_footer(rule: str, footer: list[str]) -> bool:
    if any(header_field(text) is not None for text in footer):
        return False  # a rule over a quoted message's head: the message, not a footer
    said = "\n".join(footer).lower()
    if rule == "--":
        return "@googlegroups.com" in said and "unsubscribe" in said
    return "mailing list" in footer[0].lower() or "/listinfo" in said


#: The rule Mailman puts over its footer (forty-seven underscores, or as many as a list set).
_FOOTER_RULE = re.compile(r"^_{20,}$")
#: A rule of another kind, under which the footer ends (a digest's thirty hyphens).
_RULE = re.compile(r"^\s*(?:-{5,}|\*{5,}|={5,})\s*$")
#: A list's footer, its rule aside, is this many lines at most.
_MOST_FOOTER_LINES = 8
_FOOTER_LINE_CHARS = 300
