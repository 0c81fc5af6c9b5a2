"""Header blocks: runs of `Name: value` lines that start a message (`From:`, `Von:`,
`De :`, …), the lines above them (subject, count, forward marker), and the other starts a
file may use: envelope lines, print views' head lines, its own declared layouts."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from ..dates import parse_date
from ..languages import LANGUAGES, fold, label_fields, label_language, separator_words
from ..layouts import Layout
from ..people import MOST_LIST_LINES, goes_on_listing, is_redaction, parse_sender, wrapped
from ..units import REDACTED
from ..written_dates import read_written
from .envelopes import DIGIT, GAP, is_person, plain, printed_head, read_envelope, stacked_head
from .model import HeaderBlock, Line
from .text import HEADING, clean_text

_MAX_SUBJECT_LENGTH = 200

SEPARATOR = re.compile(r"^\s*={3,}\s*$")
#: Labels that are no field of a message's head, but stand in header blocks.
#: Outlook's `Importance:` as it writes it in the languages of the table: a field no unit
#: keeps, and no word of the message
_IMPORTANCE = (
    "importance", "wichtigkeit", "urgentie", "importancia", "importância", "priorità",
    "prioritet",
)  # fmt: skip
_OTHER_LABELS = ("reply-to", "attachments", "sent by", *_IMPORTANCE)


def _label_alternation() -> str:
    labels = {
        label for language in LANGUAGES for names in language.labels.values() for label in names
    }
    labels.update(_OTHER_LABELS)
    return "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))


# `From: x`, `Von: x`, `De : x`, `发件人：x` (the full-width colon, which no space need follow),
# also as Markdown exports write it: `**From:** x`, `*From*: x`, `- From: x`
HEADER = re.compile(
    rf"^\s*(?:[-*+]\s+)?(?P<opening>[*_]{{0,2}})({_label_alternation()})"
    r"(?P<closing>[*_]{0,2}\s*(?::[*_]{0,2}(?=\s|$)|：(?:[*_]{1,2}(?=\s|$))?))",
    # the value is the rest of the line (no pattern: it may be long)
    re.IGNORECASE,
)
#: What OCR makes of a letter of a label: `0` of `o`, `rn` of `m`, `1` or `I` of `l`, `i`
#: of `j`.
_OCR_LETTERS = {"o": "[o0]", "m": "(?:m|rn)", "l": "[l1I]", "i": "[i1l]", "j": "[ji]"}


def _ocr_label(word: str) -> str:
    """A label as OCR may read it: each letter as OCR confuses it, a space (one, no more)
    between any two (`Fr om`, `S ubject`, `T o`)."""
    return " ?".join(_OCR_LETTERS.get(char, re.escape(char)) for char in word)


#: The English labels of a scanned printout's head as OCR misreads them (`Fr0m:`, `T o:`,
#: `Subj ect:`, `Subiect:`); tried only where HEADER finds no label. Each letter is one of a
#: few characters, with at most one space after it, then the colon (or a semicolon before a
#: space, `Sent; …`), its space lost before a name (`From:Mills, Cheryl`): body text (`From
#: our side:`) has more than a space inside a word, and is no label.
OCR_HEADER = re.compile(
    r"^\s*(?:"
    + "|".join(
        f"(?P<{field}>{_ocr_label(field)})"
        for field in ("subject", "from", "sent", "date", "to", "cc", "bcc")
    )
    + r")\s?(?::(?=\s|$|[^\W\d_]|[(\[█'\"<])|;(?=\s))",
    re.IGNORECASE,
)
_SEPARATOR_WORDS = "|".join(
    re.escape(words).replace("\\ ", r"\s+")
    for words in sorted(separator_words(), key=len, reverse=True)
)
MARKER = re.compile(  # on folded text (`ursprungliche nachricht`)
    rf"^\s*[-–—_=*>\s]*(?:{_SEPARATOR_WORDS})\s*:?[-–—_=*\s]*$",
    re.IGNORECASE,
)
LOTUS_MARKER = re.compile(
    r"^\s*-{3,}\s*(?:Forwarded by|Weitergeleitet von) (.{1,200}?) (?:on|am) (.{1,100}?)\s*-*\s*$"
)
#: Mutt's forward, which names its sender and closes: `----- Forwarded message from Ben Ode
#: <ben@example.org> -----` over the head, `----- End forwarded message -----` under the text.
MUTT_MARKER = re.compile(
    r"^\s*-{3,}\s*Forwarded message from .{1,200}?\s*-{3,}\s*$", re.IGNORECASE
)
NOTES_WROTE = re.compile(
    r"^\s*-{3,}\s*\S.{0,200}?\s(?:wrote|schrieb|a écrit|escribió|ha scritto)\s?:\s*-{3,}\s*$"
)
#: A forward's marker that a line closes (`FORWARD_END`): MH's RFC 934 `------- Forwarded
#: Message` (`Forwarded Messages` over several), Gnus' and VM's `----- Start of forwarded
#: message -----` (VM's `(RFC 934 encapsulation)` after it), Gmail's `---------- Forwarded
#: message ---------` (which none closes).
FORWARD_MARKER = re.compile(
    r"^\s*-{3,}\s*(?:(?:Start|Beginning) of |Begin )?forwarded messages?\s*:?"
    r"(?:\s*\([^()\n]{1,60}\))?\s*-*\s*$",
    re.IGNORECASE,
)
#: MH's marker between the messages of one forward (`------- Message 2`).
NEXT_FORWARDED = re.compile(r"^\s*-{3,}\s*Message \d{1,4}\s*-*\s*$", re.IGNORECASE)
#: The line closing a forward: Mutt's `----- End forwarded message -----`, MH's `-------
#: End of Forwarded Message(s)`, Gnus' and VM's `----- End of forwarded message -----`,
#: VM's RFC 934 `------- end -------`.
FORWARD_END = re.compile(
    r"^\s*-{3,}\s*End(?:(?: of)?(?: the)? forwarded messages?)?\s*-*\s*$", re.IGNORECASE
)
LOTUS_TAIL = re.compile(r"^\s*\d{1,2}:\d{2}(?::\d{2})?\s*[AP]M\s*-{3,}\s*$")
LOTUS_SENDER = re.compile(
    r"^\s*(.{1,120}?)\s{1,10}on\s{1,10}(\d{1,2}/\d{1,2}/\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?)\s*$"
)


# how far into a line a header's colon may stand (indent, emphasis, the longest label)
_LONGEST_LABEL = 60


def header_field(text: str) -> tuple[str, str, str] | None:
    """The field a header line names (`Gesendet:` names `sent`), its value, and its label."""
    head = text[:_LONGEST_LABEL]
    if ":" not in head and "：" not in head and ";" not in head:  # a cheap look: the colons
        return None  # (and OCR's misreading of one)
    found = HEADER.match(text)
    if found is None:
        misread = OCR_HEADER.match(text)
        if misread is None or misread.lastgroup is None:
            return None
        return misread.lastgroup, text[misread.end() :].strip(), misread.lastgroup
    label = fold(found.group(2))
    # the emphasis opened before the label and not closed before the colon wraps the whole
    # line (`**From: Greg Brockman**`): it ends the value
    opened = found.group("opening") if not found.group("closing").strip(" \t:：") else ""
    value = _unemphasised(text[found.end() :].strip(), opened)
    return label_fields().get(label, label), value, label


_EMPHASIS = ("**", "__", "*", "_")


def _unemphasised(value: str, opened: str) -> str:
    """A header's value without the Markdown emphasis around it: the marks that wrap the
    value (`From: **Greg**`), or close those opened before the label (`**From: Greg**`)."""
    if opened and value.endswith(opened):
        return value[: -len(opened)].rstrip()
    for mark in _EMPHASIS:
        if len(value) > 2 * len(mark) and value.startswith(mark) and value.endswith(mark):
            inner = value[len(mark) : -len(mark)]
            if mark not in inner:  # (`**a** and **b**` is no value wrapped whole)
                return inner.strip()
    return value


#: Gmail's print view's count of a conversation's messages over their heads, in the
#: languages of the table (`3 messages`, `2 Nachrichten`, `2 件のメッセージ`, `2 封邮件`)
_COUNT = re.compile(
    r"^\s*\d+\s*(?:e-?mails?|messages?|nachrichten|mensajes?|messaggi|berichten|mensagens?"
    r"|meddelanden|meddelelser|meldinger|viestiä|wiadomości|wiadomosci|сообщени[еяй]|zpráv[ya]?"
    r"|mesaj|件のメッセージ|封邮件|封郵件|개의 메일)\s*$",
    re.IGNORECASE,
)


def is_marker(text: str) -> bool:
    """Is this a forward or original-message separator, in any language searchkit knows
    (Lotus Notes 8's `-----Brian Gix <b@x.com> wrote: -----` over the head it quotes too)?"""
    return len(text) < 300 and bool(
        MARKER.match(fold(text))
        or MUTT_MARKER.match(text)
        or FORWARD_MARKER.match(text)
        or NEXT_FORWARDED.match(text)
        or NOTES_WROTE.match(text)
    )


def header_blocks(
    lines: Sequence[Line], *, subjects: bool, layouts: Sequence[Layout] = ()
) -> Iterable[HeaderBlock]:
    """The message starts among `lines`: header blocks, and (at the top of a document, where
    `subjects` is set) envelope lines and print views' head lines."""
    envelopes = _compilation(lines) if subjects else {}
    index = 0
    while index < len(lines):
        declared = _declared_start(lines, index, layouts) if layouts else None
        if declared:
            yield declared
            index = declared.end
            continue
        end, headers = header_run(lines, index)
        # inside a body (a quote's head), the head must give a date: a memo's To:/From:
        # is the text of the message that carries it; not under `-----Original Message-----`
        dated = not subjects and end > index and _marker_above(lines, index) is None
        if end > index and _starts_message(headers, dated=dated):
            if _labels_only(headers):
                end, headers = _values_below(lines, end, headers)
            yield _preamble(lines, index, end, headers, subjects=subjects)
            index = end
            continue
        stacked = (
            _memo(lines, index)
            or _stacked(lines, index)
            or _tabled(lines, index)
            or _unlabelled(lines, index)
        )
        if stacked:
            yield _preamble(lines, index, stacked[0], stacked[1], subjects=subjects)
            index = stacked[0]
            continue
        head = envelopes.get(index) or (printed_head(lines[index][1]) if subjects else None)
        if head:
            # Gmail's print view: `Name <address>   date` (its sender blacked out, in a
            # release), then the To:/Cc: lines
            printed = index not in envelopes or "<" in head["from"]
            end, more = header_run(lines, index + 1) if printed else (index, {})
            if "from" not in more and "date" not in more:
                head = {**more, **head}
            yield _preamble(
                lines,
                index,
                max(end, index + 1),
                head,
                subjects=subjects,
                bare_subject=index not in envelopes,
            )
        index += 1


def _compilation(lines: Sequence[Line]) -> dict[int, dict[str, str]]:
    """The envelope lines of a file: lines all envelope whose shape the file repeats, or of
    a file that holds two or more, or that stand apart as a head does (a blank line or the
    start of the file above them)."""
    found = {}
    for index, (_, text) in enumerate(lines):
        envelope = read_envelope(text)
        if envelope:
            found[index] = envelope
    shapes = Counter(envelope.shape for envelope in found.values())
    return {
        index: envelope.headers()
        for index, envelope in found.items()
        if shapes[envelope.shape] >= 2
        # a capitalised `To` with no colon must repeat: a title's words are capitalised too
        or (envelope.shape[1] != "To" and (len(found) >= 2 or _stands_apart(lines, index)))
    }


def _labels_only(headers: dict[str, str]) -> bool:
    """Labels with no value (OCR put the values below them)."""
    return not any(value for key, value in headers.items() if key != "language")


def _stands_apart(lines: Sequence[Line], index: int) -> bool:
    return index == 0 or not lines[index - 1][1].strip()


def _starts_message(headers: dict[str, str], *, dated: bool = False) -> bool:
    """Do these header lines start a message? A sender, and a date or recipients (a date
    line, when `dated`); a block whose sender is no person (a memo's list of three names, a
    time, a rule of dashes) is body text. A date line that reads as no date (`########`,
    `February 30`) leaves a block with recipients and a subject a message all the same (its
    unit says the date could not be read), else body text. Inside a body, a head with no
    `Subject:` nor `Sent:` names its sender by address."""
    sender = headers.get("from")
    needed = {"date", "sent"} if dated else {"date", "sent", "to"}
    if sender is None or not needed & headers.keys():
        return False
    if _labels_only(headers):
        return True  # labels whose values OCR put below them
    if not plausible_sender(sender):
        return False
    if dated and not {"subject", "sent"} & headers.keys() and not _addressed(sender):
        # inside a body, every client's quoted or forwarded head has a `Subject:` (Outlook's
        # a `Sent:`), or names its sender by address (blacked out, in a release): an
        # itinerary's `From: Berlin Tegel`, `To: Paris CDG`, `Date: …` is the writer's text
        return False
    when = headers.get("date") or headers.get("sent")
    readable = not when or REDACTED in when or parse_date(when) is not None
    return readable or {"to", "subject"} <= headers.keys()


_LIST_OF_PEOPLE = re.compile(r",[^,]{1,80},?\s+and\s+|\s+and\s+.{1,80},", re.IGNORECASE)
_TIME_OR_RULE = re.compile(r"^[\d\s:.apmAPM-]*$|-{4,}|_{4,}|={4,}")


def _addressed(sender: str) -> bool:
    """Does a From: value name its sender by address (`<a@x.org>`, `[mailto:…]`, a redacted
    one: `Jane Doe (b)(6)`), or black the sender out whole?"""
    person = parse_sender(sender)
    return person is not None and (person.address is not None or is_redaction(person.name))


def plausible_sender(text: str) -> bool:
    """Could this be the one person a message is from? Not a list of people, a time, a rule
    of dashes or a sentence."""
    text = text.strip()
    if not text or not any(char.isalpha() for char in text) or _TIME_OR_RULE.search(text):
        return False
    if _LIST_OF_PEOPLE.search(text):
        return False
    name = re.sub(r"<[^<>]{0,320}>|\([^()]{0,320}\)|\[[^\[\]]{0,320}\]", " ", text)
    return len(name.split()) <= 8


def _stacked(lines: Sequence[Line], index: int) -> tuple[int, dict[str, str]] | None:
    """A person line over a date line over header lines (Outlook.com's print view, Lotus
    Notes): where the block ends, and its headers. Notes may leave a blank line under the
    date (and another above `Subject:`, which header_run reads past)."""
    if index + 2 >= len(lines) or not DIGIT.search(lines[index + 1][1], 0, 80):
        return None  # (a cheap look: the line under a person is a date)
    first = _after_blanks(lines, index + 2)
    if header_field(lines[index][1]) or first is None or not header_field(lines[first][1]):
        return None
    head = stacked_head(lines[index][1], lines[index + 1][1])
    if head is None:
        return None
    end, more = header_run(lines, first)
    if "from" in more or not {"to", "cc", "subject"} & more.keys():
        return None
    more.pop("language", None)
    return end, {**more, **head}


# -- heads whose labels stand with no colon -------------------------------------------------


def bare_field(text: str) -> tuple[str, str, str] | None:
    """The field a label with no colon at the line's start names (`To`, `cc`, `Subject`,
    `Betreff`, `Enviado el`), the value beside it (empty where the label stands alone), and
    the label; None where the line opens with no label."""
    if header_field(text):
        return None  # (`Sent by: Addie Johnson` is a label with its colon)
    return _bare(text)


def _bare(text: str) -> tuple[str, str, str] | None:
    """`bare_field`, of a line known to hold no label with its colon."""
    if len(text) > _MAX_BARE_LINE:
        return None
    words = text.split(None, 2)
    if not words or len(words[0]) > _LONGEST_LABEL_WORD:
        return None  # (a cheap look: every line of a text comes here)
    first = fold(words[0]).rstrip(":：")  # (a colon no pattern knew)
    if len(words) > 1 and first in _bare_labels()[1]:  # `Enviado el`, `보낸 사람`
        label = f"{first} {fold(words[1]).rstrip(':：')}"
        field = _bare_labels()[0].get(label)
        if field is not None:
            return field, words[2].strip() if len(words) > 2 else "", label
    field = _bare_labels()[0].get(first)
    if field is None:
        return None
    rest = text.split(None, 1)
    return field, rest[1].strip() if len(rest) > 1 else "", first


@functools.cache
def _bare_labels() -> tuple[dict[str, str], frozenset[str]]:
    """Each label's field (the blind copy's `bcc`), and the first words of the labels of
    two words."""
    fields = {**label_fields(), **dict.fromkeys(_BLIND_COPY, "bcc")}
    return fields, frozenset(label.split()[0] for label in fields if " " in label)


#: The longest word of a label (`Vastaanottaja`, `gonderilme`), and its colon
_LONGEST_LABEL_WORD = 20


_MAX_BARE_LINE = 400
#: A memo's blind-copy label, which names no field a unit keeps (Notes' `bcc`, its German
#: `Blindkopie`; `cci`, `cco`, `ccn` elsewhere)
_BLIND_COPY = frozenset({"bcc", "blindkopie", "cci", "cco", "ccn"})
#: The lines a memo's head may take, at most: a sender wrapped, its date, `Sent by:`, four
#: labels and their values, under them or beside them, a list wrapped.
_MOST_MEMO_LINES = 16
# spaces between a layout's columns: `01/04/2010 01:57 PM          cc Bob Sussman`
_COLUMN_GAP = re.compile(r"(?<=\S)\s{3,}(?=\S)")
# a day as Notes prints one, in numbers (`06/14/2011`, `14.06.2011`, `2011-06-14`), at a
# line's start (its indent aside)
_NUMERIC_DAY = re.compile(r"^\s{0,60}\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b")
#: A memo's left column, at most: the sender's name wrapped, `Sent by:`, the date, `Please
#: respond to` over whom.
_MOST_SENDER_LINES = 6
_SENT_BY = re.compile(r"^sent by\s*:", re.IGNORECASE)
_RESPOND_TO = re.compile(r"^please respond to\s*$", re.IGNORECASE)


def _memo(lines: Sequence[Line], index: int) -> tuple[int, dict[str, str]] | None:
    """A Lotus Notes memo's head as printed: the sender (a Notes name in full, wrapped in a
    narrow column) over the date, then `To`, `cc`, `bcc` and `Subject` with no colon, each
    value beside its label or under it; in a layout's text the labels stand in a column
    right of the sender and the date. Where the head ends, and its headers."""
    if index + 2 >= len(lines) or not (
        any(_NUMERIC_DAY.match(text) for _, text in lines[index + 1 : index + 4])
        or _memo_label(lines[index + 1][1])
    ):
        return None  # (a cheap look: the date stands under the sender, or the labels do)
    first = lines[index][1]
    if header_field(first) or bare_field(first):
        return None
    left: list[str] = []
    right: list[tuple[int, str]] = []
    column = None  # where the labels' column starts, when they stand in one of their own
    end = index
    while end < len(lines) and end - index < _MOST_MEMO_LINES:
        text = lines[end][1]
        if not text.strip():
            below = _after_blanks(lines, end, most=1)
            field = _field_of(_memo_label(lines[below][1])) if below is not None else None
            if below is None or field is None or (right and field != "subject"):
                break
            end = below  # Notes leaves a blank line above the labels, and above Subject
            continue
        if not right and end - index >= _MOST_SENDER_LINES:
            return None  # no label under the sender's column
        cut = _column(text)
        if cut is None and column is not None and _indent(text) < column - _LABEL_WIDTH:
            cut = _beside(text, column)
        if cut is not None:
            column = cut if column is None else column
            if text[:cut].strip():
                left.append(text[:cut].strip())
            right.append((end, text[cut:].strip()))
        elif right and (column is None or _indent(text) >= column - _LABEL_WIDTH):
            right.append((end, text.strip()))  # (in a column: a label, or a value going on)
        elif _memo_label(text) and column is None:
            right.append((end, text.strip()))
        else:
            left.append(text.strip())
        end += 1
    fields, read = _memo_fields([text for _, text in right], columns=column is not None)
    if read < len(right):  # the text under the head (no blank line between)
        end = right[read][0]
    if len(left) == 1 and right:  # the date under the labels (the left column printed last)
        end = _date_below(lines, end, left)
    if not right or not 2 <= len(left) <= _MOST_SENDER_LINES:
        return None
    # a sender's name wraps in a column beside the labels, which start on its first line
    head = _memo_sender(left, wraps=_column(first) is not None)
    if head is None or not {"to", "subject"} & fields.keys():
        return None
    return end, {**fields, **head}


def _date_below(lines: Sequence[Line], end: int, left: list[str]) -> int:
    """Where a memo's head ends whose date (and `Sent by:`) stand under its labels, the
    left column printed after the right: past them, added to `left`, if they are there."""
    below = _after_blanks(lines, end, most=1)
    found: list[str] = []
    while below is not None and below < len(lines) and len(found) < 2:
        text = lines[below][1].strip()
        if _SENT_BY.match(text) and not found:
            found.append(text)
        elif stacked_head(left[0], text):
            left.extend([*found, text])
            return below + 1
        else:
            break
        below += 1
    return end


def in_head(text: str) -> bool:
    """Is this line one a head holds though it repeats, digits aside, page after page, as a
    release's furniture does: a memo's labels in a column beside other words, or a date
    alone (a memo's, a print view's under its sender)?"""
    if _column(text) is not None:
        return True
    return DIGIT.search(text, 0, 80) is not None and read_written(plain(text)) is not None


#: How far left of the column's first label another may start (labels are aligned right).
_LABEL_WIDTH = 12


def _beside(text: str, column: int) -> int | None:
    """Where the labels' column goes on in a line of a memo's head whose right part holds no
    label (a list wrapped, beside the sender's name wrapped or `Sent by:`): past the last
    gap, if it ends near the column."""
    gaps = list(_COLUMN_GAP.finditer(text[:_MAX_BARE_LINE]))
    if gaps and gaps[-1].end() >= column - _LABEL_WIDTH:
        return gaps[-1].end()
    return None


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


def _field_of(found: tuple[str, str, str] | None) -> str | None:
    return found[0] if found else None


def _memo_label(text: str) -> tuple[str, str, str] | None:
    """A memo's label (`To`, `cc`, `bcc`, `Subject`, with its colon or without) and its
    value; None for any other line (a `From:` or a date line starts another head)."""
    found = header_field(text)
    if found is not None:
        return found if found[0] in _MEMO_FIELDS or found[2] in _BLIND_COPY else None
    return _bare(text)


_MEMO_FIELDS = frozenset({"to", "cc", "subject"})


def _column(text: str) -> int | None:
    """Where a right column opening with a label starts in a layout's line, if one does."""
    if len(text) > _MAX_BARE_LINE or "   " not in text:
        return None
    for gap in _COLUMN_GAP.finditer(text):
        if _memo_label(text[gap.end() :]):
            return gap.end()
    return None


def _memo_fields(items: list[str], *, columns: bool) -> tuple[dict[str, str], int]:
    """The fields a memo's labels give, and how many of `items` they take: a label's value
    beside it, or on the line under a label alone; a list wrapped goes on (in a column of
    its own, any line that is no label goes on with the value above it)."""
    fields: dict[str, str] = {}
    name = None
    at = 0
    while at < len(items):
        found = _memo_label(items[at])
        if found is not None:
            name, value, label = found
            name = "bcc" if label in _BLIND_COPY else name
            if name in fields:
                break
            if not value and at + 1 < len(items) and not _memo_label(items[at + 1]):
                at += 1
                value = items[at]
            fields[name] = value
            language = label_language().get(label)
            if language is not None and language.day_first is not None:
                fields.setdefault("language", language.code)
        elif name is not None and (
            columns
            or fields[name].endswith(",")
            or (fields[name] and _goes_on(name, fields, items[at : at + MOST_LIST_LINES]))
        ):
            fields[name] = f"{fields[name]} {items[at]}".strip()
        else:
            break
        at += 1
    return fields, at


def _memo_sender(left: list[str], *, wraps: bool) -> dict[str, str] | None:
    """The sender and date a memo's left column gives: the sender's line (or, where it
    `wraps`, its Notes name's two lines: `Richard` over `Windsor/DC/USEPA/US`) over the
    date, and `Sent by:` (who sent it for the sender) under them."""
    kept = [text for text in left if not _SENT_BY.match(text)]
    if len(kept) >= 2 and _RESPOND_TO.match(kept[-2]):
        del kept[-2:]  # `Please respond to` over whom, under the date
    if len(kept) == 3 and not (wraps and "/" not in kept[0] and "/" in kept[1]):
        return None  # (a page's banner over the sender is none of the sender's name)
    if not 2 <= len(kept) <= 3:
        return None
    return stacked_head(" ".join(kept[:-1]), kept[-1])


def _tabled(lines: Sequence[Line], index: int) -> tuple[int, dict[str, str]] | None:
    """A webmail print view's head, a table of labels and values (`From<TAB>Marta Nowak
    <…>`, spaces between them in a layout's text): three rows or more, a sender and a date
    among them, each label once. Where it ends, and its headers."""
    if "\t" not in lines[index][1] and "  " not in lines[index][1]:
        return None  # (a cheap look: a tab or a gap after the label)
    headers: dict[str, str] = {}
    end = index
    while end < len(lines):
        parts = GAP.split(lines[end][1].strip(), maxsplit=1)
        found = bare_field(parts[0]) if len(parts) == 2 else None
        if found is None or found[1] or found[0] in headers:
            break
        headers[found[0]] = parts[1].strip()
        end += 1
    if end - index < 3 or not _starts_message(headers):
        return None
    return end, headers


def _unlabelled(lines: Sequence[Line], index: int) -> tuple[int, dict[str, str]] | None:
    """A head whose sender's line has no label, `Sent:` and the recipients under it (Outlook
    Web App's print view: `Stone, Bob` over `Sent: Saturday, March 14, 2009 10:02 AM`, `To:
    Walker, Alice; King, Carol`). Where it ends, and its headers."""
    if index + 1 >= len(lines) or _field_of(header_field(lines[index + 1][1])) != "sent":
        return None
    sender = lines[index][1].strip()
    if (
        not sender
        or len(sender) > _MAX_UNLABELLED_SENDER
        or header_field(sender)
        or sender.endswith(SENTENCE_END)
        or not plausible_sender(sender)
        or len(sender.split()) > _MAX_UNLABELLED_WORDS
        # the print's title above it, no head: under a `From:` it is a line of that head
        # (its value wrapped, or a release's margin code), no sender of its own
        or any(header_field(text) for _, text in lines[max(index - 3, 0) : index])
    ):
        return None
    person = parse_sender(sender)
    if person is None or not is_person(person.name):
        return None
    end, headers = header_run(lines, index + 1)
    if "from" in headers or not {"to", "cc"} & headers.keys():
        return None
    headers["from"] = sender
    return (end, headers) if _starts_message(headers) else None


_MAX_UNLABELLED_SENDER = 200
_MAX_UNLABELLED_WORDS = 6


def _after_blanks(lines: Sequence[Line], index: int, most: int = 2) -> int | None:
    """The first line from `index` on that is not blank, if at most `most` blank ones stand
    before it."""
    for place in range(index, min(index + most + 1, len(lines))):
        if lines[place][1].strip():
            return place
    return None


def _values_below(
    lines: Sequence[Line], end: int, labels: dict[str, str]
) -> tuple[int, dict[str, str]]:
    """Labels OCR read apart from their values (`From:` `Sent:` `To:` `Subject:`, then the
    four values): paired in order, but only when the lines under them are exactly as many as
    the labels and the date reads as one; else the labels stay empty and the values text."""
    labels = {name: value for name, value in labels.items() if name != "language"}
    values: list[str] = []
    while end + len(values) < len(lines) and lines[end + len(values)][1].strip():
        values.append(lines[end + len(values)][1].strip())
    paired = dict(zip(labels, values, strict=False))
    when = paired.get("sent") or paired.get("date")
    if len(values) != len(labels) or not when or parse_date(when) is None:
        return end, labels
    return end + len(values), paired


def _declared_start(
    lines: Sequence[Line], index: int, layouts: Sequence[Layout]
) -> HeaderBlock | None:
    """A message start as the corpus's searchkit.toml declares it, with any header lines
    under it (`Subject:`); nothing above it is looked at: the user said where messages start.
    What the pattern left of the line is the body's first line."""
    for layout in layouts:
        declared = layout.headers(lines[index][1])
        if declared:
            headers, rest = declared
            end, more = header_run(lines, index + 1)
            if "from" in more or "date" in more:  # the next message's own header block
                end, more = index + 1, {}
            headers = {**more, **headers}
            kept = ((lines[index][0], rest),) if rest else ()
            return HeaderBlock(
                index, max(end, index + 1), headers, headers.get("subject"), False, kept
            )
    return None


def header_run(lines: Sequence[Line], index: int) -> tuple[int, dict[str, str]]:
    """The header lines starting at `index` (folded continuation lines joined), and their
    values; `language` names the language of labels only one language uses (`Gesendet`)."""
    headers: dict[str, str] = {}
    name = None
    first = lines[index][1] if index < len(lines) else ""
    found = header_field(first)
    # (a Notes sender line holds its date's slashes: a cheap look before the pattern)
    lotus = LOTUS_SENDER.match(first) if len(first) < 200 and not found and "/" in first else None
    if lotus and index + 1 < len(lines) and HEADER.match(lines[index + 1][1]):
        headers = {"from": lotus.group(1), "date": lotus.group(2)}
        index += 1
        found = header_field(lines[index][1])
    passing = False  # in a field of mail's own that no message's unit keeps
    while index < len(lines):
        text = lines[index][1]
        if found:
            name, value, label = found
            passing = False
            if name in headers and name != "cc":
                break  # a second From: is the next message
            inline = _inline_fields(value) if name == "from" and not headers else None
            if inline:  # a head written on one line, its labels inline
                headers.update(inline)
                name = next(reversed(inline))
            else:
                headers[name] = value
                run_on = _inline_fields(value, "to", least=1) if name == "to" else None
                if run_on and headers.keys().isdisjoint(run_on.keys() - {"to"}):
                    # a page's To: and Cc: (or Date:) run on one line where no `<br>` parted them
                    headers.update(run_on)
                    name = next(reversed(run_on))
            noted = LOTUS_SENDER.match(value) if name == "from" and len(value) < 200 else None
            if noted and "date" not in headers:  # Notes: `From: Jeff Dasovich on 01/05/2001 …`
                headers["from"], headers["date"] = noted.groups()
            elif name == "from" and "date" not in headers and "  " in value:
                # a print view's date right of its sender (Zimbra's: `From : Alice Walker
                # <alice@example.com>       Sat, Mar 14, 2009 10:02 AM`)
                headers.update(printed_head(value) or {})
            language = label_language().get(label)
            if language is not None and language.day_first is not None:
                headers.setdefault("language", language.code)
        elif "from" in headers and "cc" not in headers and (misread := _MISREAD_CC.match(text)):
            name = "cc"  # OCR's `Ce:` for `Cc:` (its `c` and `e` alike): a head goes on
            headers[name] = misread.group(1).strip()
        elif headers and passed_field(text):
            # a pasted head holds every field of the mail (`Message-ID:`, `Content-Type:`):
            # part of the head, no value of it, nor a line of a To: list
            name, passing = None, True
        elif passing and _folded(text):
            pass
        elif name is not None and (_folded(text) or _goes_on(name, headers, _below(lines, index))):
            headers[name] = wrapped(headers[name], text.strip())
        elif not text.strip() and _head_below(lines, index, headers):
            pass  # Notes leaves a blank line above Subject:, a page break blank lines
        else:
            break
        index += 1
        found = header_field(lines[index][1]) if index < len(lines) else None
    for name in ("sent", "date"):
        if headers.get(name):
            headers[name] = _ocr_date(headers[name])
    return index, headers


# a label inside a line (one or two words, then a colon and a space): `… <b@x.org> Sent: …`
_INLINE_LABEL = re.compile(r"\s([^\W\d]{1,20})(?: ([^\W\d]{1,20}))?\s?[:：](?=\s)")
#: The fields a one-line head holds after its sender (two at least, to be one).
_INLINE_FIELDS = ("sent", "date", "to", "cc", "bcc", "subject")


def _inline_fields(value: str, first: str = "from", least: int = 2) -> dict[str, str] | None:
    """A From: value that goes on with the head's other fields on the same line (`Beth Young
    <b@x.org> Sent: Friday, March 22, 2024 7:15 AM To: Alan Zhou Subject: Shift swap`, as
    a client that writes its quoted head in one paragraph leaves it), or a To: value that
    goes on with its Cc: (`Grace Osei <g@kew.org> Cc: Liam …`): each field, the `first`
    first; None unless `least` other fields stand in it, each once."""
    if len(value) > _MAX_INLINE_HEAD:
        return None
    cuts = []
    for found in _INLINE_LABEL.finditer(value):
        # the label is its last word (`… 7:15 AM To:`) or its two (`Enviado el:`)
        for start in (found.start(found.lastindex or 1), found.start(1)):
            field = header_field(value[start : found.end()] + " x")
            if field is not None and field[0] in _INLINE_FIELDS and field[0] != first:
                cuts.append((start, found.end(), field[0]))
                break
    names = [name for *_, name in cuts]
    if len(cuts) < least or len(set(names)) < len(names):
        return None
    fields = {first: value[: cuts[0][0]].strip()}
    for (_, end, name), following in zip(cuts, [*cuts[1:], (len(value), 0, "")], strict=True):
        fields[name] = value[end : following[0]].strip()
    return fields if all(fields.values()) else None


_MAX_INLINE_HEAD = 600


#: A line of a header field of any name (RFC 5322's field name: printable ASCII but the colon),
#: known to searchkit or not: `Message-ID: <a@x.org>` under a `To:` is no address of its list.
_ANY_FIELD = re.compile(r"^[!-9;-~]{1,76}:(?=\s|$)")


#: The fields a mail's head holds of which a message's unit keeps nothing, as a pasted head
#: or a digest's holds them.
# `Cc:` as OCR reads it in a scanned head (`Ce:`, `Co:`, `CC;`), a name or an address after it
_MISREAD_CC = re.compile(r"^\s*(?:C[eo]|cc|CC)\s?[:;]\s*(\S.{0,2000})$")
_MAIL_FIELD = re.compile(
    r"^(?:message-id|in-reply-to|references|content-[a-z-]{1,40}|mime-version|return-path"
    r"|x-[!-9;-~]{1,70}|list-[a-z-]{1,20}|user-agent|organi[sz]ation|thread-(?:topic|index)"
    r"|precedence|received|delivered-to"
    r"|local):(?=\s|$)",  # (Google Groups' `Local:`, the reader's clock, under the Date:)
    re.IGNORECASE,
)


def passed_field(text: str) -> bool:
    """Is this line a field of a mail's head that no message's unit keeps (`Message-ID:`,
    Google Groups' `Local:`): part of a head, read past?"""
    return _MAIL_FIELD.match(text) is not None


def _folded(text: str) -> bool:
    """Is this line a header's folded continuation, as RFC 5322 folds one: it starts with a
    space or a tab and says something (`From: =?utf-8?q?Mar=C3=ADa?=` over `\t<m@x.es>`)?"""
    return text[:1] in (" ", "\t") and bool(text.strip())


# a line that is only the half of the day a time above it is in
_MERIDIEM = re.compile(r"^\s*[AaPp]\.?\s?[Mm]\.?\s*$")
_CLOCK_END = re.compile(r"\d:\d\d(?::\d\d)?$")


def _below(lines: Sequence[Line], index: int) -> list[str]:
    """The line at `index` and those a wrapped list looks past under it."""
    return [text for _, text in lines[index : index + MOST_LIST_LINES]]


def _goes_on(name: str, headers: dict[str, str], below: Sequence[str]) -> bool:
    """Does the first line `below` go on with the header above it: a To:/Cc: list wrapped,
    or the `PM` of the time a date line ends with (`10:52`), wrapped onto a line of its own?"""
    text, value = below[0], headers[name]
    if name in ("to", "cc"):
        return (
            bool(text.strip()) and not _ANY_FIELD.match(text) and _continues(value, headers, below)
        )
    wrapped = name in ("sent", "date") and _MERIDIEM.match(text) is not None
    # (the time as OCR's letters for digits repaired: `12:O0` over `AM` is 12:00 AM)
    return wrapped and _CLOCK_END.search(_ocr_date(value)) is not None


# a number or a clock in a date with letters OCR read for digits: `2O17`, `1O:24`, `l:OO`
# (a run of digits and those letters alone, holding a digit or a colon: not a word's letters)
_OCR_DIGIT = re.compile(r"(?<!\w)(?=[OoIl\d]*[\d:])[OoIl\d]+(?::[OoIl\d]+){0,2}(?!\w)")
_OCR_DIGITS = str.maketrans("OoIl", "0011")


def _ocr_date(value: str) -> str:
    """A date line as written, or as it reads once the letters OCR put for digits are
    digits again (`June 12, 2O17 1O:24 AM`), where it reads so: `January 3O, 2000` read as
    written is January 3 (the `O` skipped), a wrong day where the repair gives the right."""
    if not _OCR_DIGIT.search(value):
        return value
    repaired = _OCR_DIGIT.sub(lambda found: found.group().translate(_OCR_DIGITS), value)
    return repaired if parse_date(repaired) is not None else value


#: Blank lines a page break may leave inside a head, its furniture taken out
_PAGE_BREAK_BLANKS = 8


def _head_below(lines: Sequence[Line], index: int, headers: dict[str, str]) -> bool:
    """Does a head go on under this blank line (Notes leaves one above Subject:, Yahoo's
    print view one between its fields) or past a page break (a printout's head cut by its
    page's end, the furniture between taken out: line numbers jump there), with a field it
    has none of yet?"""
    if not {"from", "to"} & headers.keys():
        return False
    below = _after_blanks(lines, index, most=_PAGE_BREAK_BLANKS)
    if below is None:
        return False
    start = index  # the first of the blank lines, the head's last line above it
    while start > max(index - _PAGE_BREAK_BLANKS, 0) and not lines[start - 1][1].strip():
        start -= 1
    broken = _page_break(lines, start - 1, below)
    if below > start + 1 and not broken:
        return False
    found = header_field(lines[below][1])
    if found is None and _MISREAD_CC.match(lines[below][1]):
        found = ("cc", "", "")  # OCR's `Ce:` (a scan's head leaves blank lines between fields)
    dated = {"date", "sent"} & headers.keys()
    if found is None or found[0] in headers or (dated and found[0] in _DATE_FIELDS):
        return False  # (a head dated once: a body's `Date: Monday` is the writer's)
    return found[0] in _FIELDS_PAST_A_BREAK


#: The fields a head cut by a page break (or a blank line: Yahoo's print view leaves one
#: between its fields) may go on with past it.
_FIELDS_PAST_A_BREAK = frozenset({"sent", "date", "to", "cc", "bcc", "subject"})
_DATE_FIELDS = frozenset({"sent", "date"})


def _page_break(lines: Sequence[Line], start: int, end: int) -> bool:
    """Were lines taken out between these two (the furniture of a page break)?"""
    return any(lines[place + 1][0] - lines[place][0] > 1 for place in range(max(start, 0), end))


# a Lotus Notes address, `Greg Whalley/HOU/ECT@ECT`
_NOTES_ADDRESS = re.compile(r"\w/[\w .-]{1,60}@\w")
# a list cut inside such an address: `Jim Fallon/Enron` then `Communications@Enron` under it
_OPEN_NOTES_ADDRESS = re.compile(r"\w/[\w .-]{0,60}$")


def _continues(value: str, headers: dict[str, str], below: Sequence[str]) -> bool:
    """Does the first line `below` go on with a To:/Cc: list? Folded lines are indented;
    Lotus Notes wraps its lists at the margin, after a comma or inside a name or an address;
    a print of Outlook's at the margin too."""
    text = below[0]
    return (
        text[:1] in (" ", "\t")
        or "@" in text[:400]  # addresses go on (Notes wraps at the margin, mid-name too)
        or bool(_NOTES_ADDRESS.search(text[:200]))
        or bool(_OPEN_NOTES_ADDRESS.search(value[-80:]))
        or goes_on_listing(
            value, below, lambda line: _field_of(header_field(line)) not in (*headers, None)
        )
    )


def _preamble(
    lines: Sequence[Line],
    start: int,
    end: int,
    headers: dict[str, str],
    *,
    subjects: bool,
    bare_subject: bool = True,
) -> HeaderBlock:
    """Look above a header block for its forward marker, count line and subject line."""
    marker = _marker_above(lines, start)
    forwarded = marker is not None
    if marker is not None:
        index = marker - 1
        # above a forward marker may stand the forwarding message's last words (`See
        # below.`): a subject line there is no sentence
        bare_subject = bare_subject and not lines[index][1].rstrip().endswith(SENTENCE_END)
    else:
        index = start - 1
        rule = index - 1 if index >= 1 and not lines[index][1].strip() else index
        if rule >= 0 and _OUTLOOK_RULE.match(lines[rule][1]):
            index = rule - 1  # Outlook's rule over the head it quotes is the head's
    if (
        subjects
        and index >= 1
        and not lines[index][1].strip()
        and _COUNT.match(lines[index - 1][1])
    ):
        index -= 1  # Gmail's print view leaves a blank line under `2 messages`
    if subjects and index >= 0 and _COUNT.match(lines[index][1]):
        index -= 1
    subject = None
    probe = index
    if probe >= 0 and not lines[probe][1].strip():
        probe -= 1  # a blank line may stand between
    # a head with a subject of its own takes no line above for one: that line (a page's
    # paragraph, a heading) would be lost, neither the message's nor prose
    subjects = subjects and not headers.get("subject")
    above = header_field(lines[probe][1]) if subjects and probe >= 0 else None
    if above and above[0] == "subject" and above[1]:
        subject = above[1]  # `Subject: Plans` above an envelope line names its thread
        index = probe - 1
    elif (
        subjects
        and index >= 0
        # above an envelope line, only a heading names the thread: a bare line there is
        # as likely the last paragraph of the message before
        and (bare_subject or HEADING.match(lines[index][1]))
        and _is_subject_line(lines, index)
    ):
        subject = clean_text(HEADING.sub(r"\2", lines[index][1]), markdown=True)
        index -= 1
    if headers.get("subject"):
        subject = headers["subject"]
    return HeaderBlock(index + 1, end, headers, subject, forwarded)


SENTENCE_END = (".", "!", "?", ":", ";", ",")
#: The rule Outlook writes over a reply's quoted head (`________________________________`).
_OUTLOOK_RULE = re.compile(r"^\s*_{10,}\s*$")


def _marker_above(lines: Sequence[Line], start: int) -> int | None:
    """Where the forward marker or separator over the head at `start` stands, if one does:
    right above it, or above the forwarded message's own header fields that no head reads
    (`Return-Path:`, `Received:` and its folded lines, which MH's forward keeps)."""
    marker = _marker_over(lines, start)
    if marker is None:
        top = start
        while top > 0 and top > start - _MOST_FIELDS_KEPT and _kept_field(lines, top - 1):
            top -= 1
        marker = _marker_over(lines, top) if top < start else None
    return marker


def _marker_over(lines: Sequence[Line], start: int) -> int | None:
    index = start - 1
    while index >= 0 and index >= start - 4 and _under_marker(lines[index][1]):
        index -= 1  # Lotus and some clients leave blank lines under the marker
    marked = index >= 0 and (is_marker(lines[index][1]) or LOTUS_MARKER.match(lines[index][1]))
    return index if marked else None


def _kept_field(lines: Sequence[Line], index: int) -> bool:
    """A header field (RFC 5322's name: printable characters but the colon), or a line
    folded under one."""
    text = lines[index][1]
    if text[:1] in (" ", "\t"):
        return bool(text.strip()) and index > 0 and bool(lines[index - 1][1].strip())
    return _FIELD.match(text) is not None


#: A header field's name and colon.
_FIELD = re.compile(r"[!-9;-~]{1,76}:[ \t]")
#: How many lines of header fields a forward keeps above those a head reads, at most.
_MOST_FIELDS_KEPT = 100


def _under_marker(text: str) -> bool:
    """A blank line, or the end of Lotus Notes' `Forwarded by … on` marker wrapped onto a
    line of its own (`09:31 AM -----------`)."""
    return not text.strip() or (
        text.rstrip().endswith("---") and LOTUS_TAIL.match(text) is not None
    )


def _is_subject_line(lines: Sequence[Line], index: int) -> bool:
    text = lines[index][1].strip()
    above = lines[index - 1][1] if index > 0 else ""
    return (
        bool(text)
        and len(text) <= _MAX_SUBJECT_LENGTH
        and not SEPARATOR.match(text)
        and not HEADER.match(text)
        and (not above.strip() or bool(SEPARATOR.match(above)))
    )
