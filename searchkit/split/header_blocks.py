"""Header blocks: runs of `Name: value` lines that start a message (`From:`, `Von:`,
`De :`, …), the lines above them (subject, count, forward marker), and the other starts a
file may use: envelope lines, print views' head lines, its own declared layouts."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from ..dates import parse_date
from ..languages import LANGUAGES, fold, label_fields, label_language, separator_words
from ..layouts import Layout
from ..people import is_redaction, parse_sender
from ..units import REDACTED
from .envelopes import DIGIT, printed_head, read_envelope, stacked_head
from .model import HeaderBlock, Line
from .text import HEADING, clean_text

_MAX_SUBJECT_LENGTH = 200

SEPARATOR = re.compile(r"^\s*={3,}\s*$")
#: Labels that are no field of a message's head, but stand in header blocks.
_OTHER_LABELS = ("bcc", "reply-to", "attachments", "importance", "sent by")


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
        for field in ("subject", "from", "sent", "date", "to", "cc")
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
LOTUS_MARKER = re.compile(r"^\s*-{3,}\s*Forwarded by (.{1,200}?) on (.{1,100}?)\s*-*\s*$")
#: Mutt's forward, which names its sender and closes: `----- Forwarded message from Ben Ode
#: <ben@example.org> -----` over the head, `----- End forwarded message -----` under the text.
MUTT_MARKER = re.compile(r"^\s*-{3,}\s*Forwarded message from .{1,200}?\s*-{3,}\s*$")
MUTT_END = re.compile(r"^\s*-{3,}\s*End forwarded message\s*-{3,}\s*$")
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
    """Is this a forward or original-message separator, in any language searchkit knows?"""
    return len(text) < 300 and bool(MARKER.match(fold(text)) or MUTT_MARKER.match(text))


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
        # is the text of the message that carries it
        if end > index and _starts_message(headers, dated=not subjects):
            if _labels_only(headers):
                end, headers = _values_below(lines, end, headers)
            yield _preamble(lines, index, end, headers, subjects=subjects)
            index = end
            continue
        stacked = _stacked(lines, index)
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
            noted = LOTUS_SENDER.match(value) if name == "from" and len(value) < 200 else None
            if noted and "date" not in headers:  # Notes: `From: Jeff Dasovich on 01/05/2001 …`
                headers["from"], headers["date"] = noted.groups()
            language = label_language().get(label)
            if language is not None and language.day_first is not None:
                headers.setdefault("language", language.code)
        elif headers and _MAIL_FIELD.match(text):
            # a pasted head holds every field of the mail (`Message-ID:`, `Content-Type:`):
            # part of the head, no value of it, nor a line of a To: list
            name, passing = None, True
        elif passing and _folded(text):
            pass
        elif name is not None and (_folded(text) or _goes_on(name, headers[name], text)):
            headers[name] += " " + text.strip()
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
_INLINE_FIELDS = ("sent", "date", "to", "cc", "subject")


def _inline_fields(value: str) -> dict[str, str] | None:
    """A From: value that goes on with the head's other fields on the same line (`Beth Young
    <b@x.org> Sent: Friday, March 22, 2024 7:15 AM To: Alan Zhou Subject: Shift swap`, as
    a client that writes its quoted head in one paragraph leaves it): each field, the sender
    first; None unless two other fields stand in it, each once."""
    if len(value) > _MAX_INLINE_HEAD:
        return None
    cuts = []
    for found in _INLINE_LABEL.finditer(value):
        # the label is its last word (`… 7:15 AM To:`) or its two (`Enviado el:`)
        for start in (found.start(found.lastindex or 1), found.start(1)):
            field = header_field(value[start : found.end()] + " x")
            if field is not None and field[0] in _INLINE_FIELDS:
                cuts.append((start, found.end(), field[0]))
                break
    names = [name for *_, name in cuts]
    if len(cuts) < 2 or len(set(names)) < len(names):
        return None
    fields = {"from": value[: cuts[0][0]].strip()}
    for (_, end, name), following in zip(cuts, [*cuts[1:], (len(value), 0, "")], strict=True):
        fields[name] = value[end : following[0]].strip()
    return fields if all(fields.values()) else None


_MAX_INLINE_HEAD = 600


#: A line of a header field of any name (RFC 5322's field name: printable ASCII but the colon),
#: known to searchkit or not: `Message-ID: <a@x.org>` under a `To:` is no address of its list.
_ANY_FIELD = re.compile(r"^[!-9;-~]{1,76}:(?=\s|$)")


#: The fields a mail's head holds of which a message's unit keeps nothing, as a pasted head
#: or a digest's holds them.
_MAIL_FIELD = re.compile(
    r"^(?:message-id|in-reply-to|references|content-[a-z-]{1,40}|mime-version|return-path"
    r"|x-[!-9;-~]{1,70}|list-[a-z-]{1,20}|user-agent|organi[sz]ation|thread-(?:topic|index)"
    r"|precedence|received|delivered-to):(?=\s|$)",
    re.IGNORECASE,
)


def _folded(text: str) -> bool:
    """Is this line a header's folded continuation, as RFC 5322 folds one: it starts with a
    space or a tab and says something (`From: =?utf-8?q?Mar=C3=ADa?=` over `\t<m@x.es>`)?"""
    return text[:1] in (" ", "\t") and bool(text.strip())


# a line that is only the half of the day a time above it is in
_MERIDIEM = re.compile(r"^\s*[AaPp]\.?\s?[Mm]\.?\s*$")
_CLOCK_END = re.compile(r"\d:\d\d(?::\d\d)?$")


def _goes_on(name: str, value: str, text: str) -> bool:
    """Does this line go on with the header above it: a To:/Cc: list wrapped, or the `PM` of
    the time a date line ends with (`10:52`), wrapped onto a line of its own?"""
    if name in ("to", "cc"):
        return bool(text.strip()) and not _ANY_FIELD.match(text) and _continues(value, text)
    wrapped = name in ("sent", "date") and _MERIDIEM.match(text) is not None
    # (the time as OCR's letters for digits repaired: `12:O0` over `AM` is 12:00 AM)
    return wrapped and _CLOCK_END.search(_ocr_date(value)) is not None


# a letter standing against a digit in a date, which OCR read for one: `2O17`, `1O:24`, `l0:24`
_OCR_DIGIT = re.compile(r"[OoIl](?=\d)|(?<=[\d:])[OoIl]")
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
    """Does a head go on under this blank line: its Subject: right under it (Notes leaves a
    blank line above it), or past a page break (a printout's head cut by its page's end, the
    furniture between taken out: line numbers jump there) a field it has none of yet?"""
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
    if found is None or found[0] in headers:
        return False
    return found[0] == "subject" or (broken and found[0] in _FIELDS_PAST_A_BREAK)


#: The fields a head cut by a page break may go on with past it.
_FIELDS_PAST_A_BREAK = frozenset({"sent", "date", "to", "cc", "subject"})


def _page_break(lines: Sequence[Line], start: int, end: int) -> bool:
    """Were lines taken out between these two (the furniture of a page break)?"""
    return any(lines[place + 1][0] - lines[place][0] > 1 for place in range(max(start, 0), end))


# a Lotus Notes address, `Greg Whalley/HOU/ECT@ECT`
_NOTES_ADDRESS = re.compile(r"\w/[\w .-]{1,60}@\w")
# a list cut inside such an address: `Jim Fallon/Enron` then `Communications@Enron` under it
_OPEN_NOTES_ADDRESS = re.compile(r"\w/[\w .-]{0,60}$")


def _continues(value: str, text: str) -> bool:
    """Does this line go on with a To:/Cc: list? Folded lines are indented; Lotus Notes
    wraps its lists at the margin, after a comma or inside a name or an address."""
    return (
        text[:1] in (" ", "\t")
        or "@" in text[:400]  # addresses go on (Notes wraps at the margin, mid-name too)
        or bool(_NOTES_ADDRESS.search(text[:200]))
        or bool(_OPEN_NOTES_ADDRESS.search(value[-80:]))
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
    index = start - 1
    while index >= 0 and index >= start - 4 and _under_marker(lines[index][1]):
        index -= 1  # Lotus and some clients leave blank lines under the marker
    forwarded = index >= 0 and (
        is_marker(lines[index][1]) or bool(LOTUS_MARKER.match(lines[index][1]))
    )
    if forwarded:
        index -= 1
        # above a forward marker may stand the forwarding message's last words (`See
        # below.`): a subject line there is no sentence
        bare_subject = bare_subject and not lines[index][1].rstrip().endswith(_SENTENCE_END)
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


_SENTENCE_END = (".", "!", "?", ":", ";", ",")
#: The rule Outlook writes over a reply's quoted head (`________________________________`).
_OUTLOOK_RULE = re.compile(r"^\s*_{10,}\s*$")


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
