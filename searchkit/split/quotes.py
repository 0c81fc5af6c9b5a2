"""Quoted messages: inside a body (attributions, `>` blocks, Outlook and Lotus chains), and
the chain an attribution standing in prose starts (a reply pasted as text)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..dates import parse_date
from ..languages import LANGUAGES, calendar_names, fold
from ..people import parse_sender
from ..readers.digests import digested, own_lines
from ..units import quoted_subject
from ..written_dates import NUMERIC_DAY, read_written
from .envelopes import is_person
from .header_blocks import (
    FORWARD_END,
    FORWARD_MARKER,
    LOTUS_MARKER,
    LOTUS_SENDER,
    MUTT_MARKER,
    NEXT_FORWARDED,
    header_blocks,
    header_field,
    is_marker,
)
from .model import SUBJECT_FROM_QUOTING, HeaderBlock, Line, Message

_MAX_ATTRIBUTION = 400  # characters: a longer line is a paragraph, not an attribution
#: What an attribution ends with: a colon (full width in Chinese and Japanese).
COLONS = (":", "：")


def _attribution_pattern(template: str) -> re.Pattern[str]:
    """`On {when}, {who} wrote:` as a pattern; a date and a name side by side (`{when},
    {who}`) are one group, cut apart by reading the date."""
    pattern = re.escape(template).replace(r"\ ", r"\s+")
    for joined in (
        r"\{when\},\s+\{who\}",
        r"\{when\}\s+\{who\}",
        r"\{when\}，\{who\}",  # Chinese and Japanese commas: Apple Mail's
        r"\{when\}、\{who\}",
    ):
        pattern = pattern.replace(joined, r"(?P<both>.{1,300}?)")
    pattern = pattern.replace(r"\{when\}", r"(?P<when>.{1,160}?),?")
    pattern = pattern.replace(r"\{who\}", r"(?P<who>.{1,200}?)")
    pattern = pattern.replace(r"\s+:", r"\s*:").replace(":", r"\s*:")
    return re.compile(rf"^\s*{pattern}\s*$", re.IGNORECASE | re.DOTALL)


#: `On <date>, <who> wrote:`, `Le <date>, <who> a écrit :`, `Am <date> schrieb <who>:`, … in
#: every language of the table
_ATTRIBUTION_LANGUAGES = {
    _attribution_pattern(template): language.code
    for language in LANGUAGES
    for template in language.attributions
}
ATTRIBUTIONS = tuple(_ATTRIBUTION_LANGUAGES)


def _verb(template: str) -> str:
    """The longest word of an attribution's own (`wrote`, `schrieb`, `écrit`)."""
    words = re.sub(r"\{\w+\}|[:,]", " ", template).split()
    return max(words, key=len)


# a cheap look before the patterns: the verb of some attribution
_ATTRIBUTION_VERB = re.compile(
    "|".join(
        re.escape(verb)
        for verb in sorted(
            {_verb(t) for language in LANGUAGES for t in language.attributions}, key=len
        )[::-1]
    ),
    re.IGNORECASE,
)

QUOTED = re.compile(r"^\s*>")


def with_quotes(message: Message) -> list[Message]:
    """The message with its body cut at its first attribution or `>` block, then the quote cut
    out of it (cut in turn), and so on down the chain; each message before those it quotes."""
    chain = []
    waiting = [message]
    while waiting:
        message = waiting.pop()
        cut = _digest_quoted(message) or _cut_quote(message)
        if cut is None:
            chain.append(message)
            continue
        outer, quotes = cut
        chain.append(outer)
        waiting.extend(reversed(quotes))
    return chain


def _digest_quoted(message: Message) -> tuple[Message, list[Message]] | None:
    """A plain-text digest a reply quotes (`> Message: 1`, `> Date: …` under the digest's
    rules): its own text (the table of contents, its end), and each of its messages quoted in
    it, side by side, where each was quoted in the one above it. A mail that is a digest is
    read so by its reader (`readers/digests.py`)."""
    if message.quoted_in is None:
        return None
    texts = [text for _, text in message.body]
    pieces = digested(texts)
    if not pieces:
        return None
    own = replace(
        message,
        body=tuple(
            (number, text)
            for (number, _), text in zip(message.body, own_lines(texts, pieces), strict=True)
        ),
    )
    carried = []
    for piece in pieces:
        lines = replace(message, body=message.body[piece.start : piece.end])
        block = next(iter(header_blocks(lines.body, subjects=False)), None)
        # the head the digest found (under Mailman's `Message: 1`, no field of a mail's)
        if block is not None and all(text.strip() for _, text in lines.body[: block.start]):
            carried.append(_headed(lines, block, own))
    return own, carried


def _cut_quote(message: Message) -> tuple[Message, list[Message]] | None:
    """The message without the messages it quotes first, and those (one, or a `>` quote and
    the head below it); the outer body keeps the writer's own words.

    A quote starts at an attribution line, a run of `>` lines, or a header block (Outlook's
    `-----Original Message-----`, a forward, Lotus Notes' `Forwarded by`). After an
    attribution, either every line is the quote (Apple Mail, the Markdown pages) or, when the
    quote is `>`-prefixed, only those lines are: the replies between them stay. A header
    block below such a quote, not itself quoted, heads a message of its own, quoted in the
    same message (a reply quoting Ben's `>` lines, Carl's original pasted under them).
    """
    body = message.body
    block = next(iter(header_blocks(body, subjects=False)), None)
    for index in range(block.start if block else len(body)):
        number, text = body[index]
        attribution = _attribution(body, index)
        if attribution:
            who, when, after, language = attribution
            # a separator over the attribution (Proton's `------- Original Message -------`)
            # is no word of the reply
            top = _marker_above(body, index)
            if _starts_quoted(body[after:]):
                outer, quoted, below = _without_quoted(message, top, after, block)
                quote = _quoted(outer, number, who, when, quoted, language=language)
                return outer, [quote, *below]
            outer = replace(message, body=body[:top])
            quote = _quoted(outer, number, who, when, _unquote(body[after:]), language=language)
            return outer, [quote]
        if QUOTED.match(text) and _is_quote_block(body, index):
            # a lone `>` line above the block is no part of the quote: it stays the writer's;
            # a forward marker right above it is the quote's (Apple Mail's HTML forward:
            # `Begin forwarded message:` over the forwarded head in a block quote)
            top = _marker_above(body, index)
            outer, quoted, below = _without_quoted(message, top, index, block)
            return outer, [_quoted_block(outer, number, quoted), *below]
        if LOTUS_MARKER.match(text):
            if block is not None and block.start - index <= _MARKER_TO_HEAD:
                # the forwarded message's head is a header block of its own (Notes' name
                # over date over To:): read it as one, the marker no part of either text
                return _forwarded(message, block, body[:index])
            outer = replace(message, body=body[:index])
            lotus = _lotus_forward(outer, body, index)
            if lotus is not None:
                return outer, [lotus]
    if block is None:
        return None
    return _forwarded(message, block, body[: block.start])


def _without_quoted(
    message: Message, index: int, start: int, block: HeaderBlock | None
) -> tuple[Message, list[Line], list[Message]]:
    """The message without its `>` quote (the `>` lines from `start` on, the quote's own
    attribution at `index`, if any): its outer form, the quote's lines unquoted, and the
    message a header block standing unquoted below the quote heads, if one does (up to it the
    `>` lines are the quote, and the other lines the writer's)."""
    body = message.body
    below = block is not None and block.start >= start and not QUOTED.match(body[block.start][1])
    head = block if below else None
    rest = body[start : head.start if head else len(body)]
    kept = body[:index] + tuple(line for line in rest if not QUOTED.match(line[1]))
    outer = replace(message, body=kept + (_after_forward(body, head) if head else ()))
    quoted = _unquote([line for line in rest if QUOTED.match(line[1])])
    return outer, quoted, [_headed(message, head, outer)] if head else []


#: How many lines may stand between a `Forwarded by` marker and the head under it (the
#: marker's end wrapped onto a line of its own, blank lines).
_MARKER_TO_HEAD = 6


def _forwarded(
    message: Message, block: HeaderBlock, kept: Sequence[Line]
) -> tuple[Message, list[Message]]:
    """The message without the one quoted or forwarded under `block` (and those forwarded
    with it, each after MH's `------- Message 2`), and those."""
    blocks = [block]
    while True:
        end = _forward_end(message.body, blocks[-1])
        following = _next_forwarded(message.body, end)
        if following is None:
            break
        blocks.append(following)
    outer = replace(message, body=tuple(kept) + _after_forward(message.body, blocks[-1]))
    return outer, [_headed(message, each, outer) for each in blocks]


def _next_forwarded(body: Sequence[Line], index: int) -> HeaderBlock | None:
    """The head under MH's `------- Message 2` at `index`, if one stands there."""
    if index >= len(body) or not NEXT_FORWARDED.match(body[index][1]):
        return None
    found = next(iter(header_blocks(body[index:], subjects=False)), None)
    if found is None or found.start != 0:
        return None
    return replace(found, start=index, end=found.end + index)


def _headed(message: Message, block: HeaderBlock, outer: Message) -> Message:
    """The message `block` heads in `message`'s body, quoted in `outer` (`message` as cut)."""
    subject, inferred = quoted_head_subject(block.headers, outer)
    return Message(
        message.source,
        block.headers,
        message.body[block.start][0],
        body=message.body[block.end : _forward_end(message.body, block)],
        subject=subject,
        subject_inferred=inferred,
        quoted_in=outer,
        markdown=message.markdown,
        thread=message.thread,
        whole_span=message.whole_span,
    )


def _forward_end(body: Sequence[Line], block: HeaderBlock) -> int:
    """Where the text under `block` ends: at the end marker that closes a forward (the
    forwards inside it closed first), else at the body's end."""
    if not _opens_forward(body[block.start][1]):
        return len(body)
    depth = 0
    for index in range(block.end, len(body)):
        text = body[index][1]
        if not depth and NEXT_FORWARDED.match(text):
            return index  # (the next message of the same forward)
        if _opens_forward(text):
            depth += 1
        elif FORWARD_END.match(text):
            if not depth:
                return index
            depth -= 1
    return len(body)


def _opens_forward(text: str) -> bool:
    return bool(
        MUTT_MARKER.match(text) or FORWARD_MARKER.match(text) or NEXT_FORWARDED.match(text)
    )


def _after_forward(body: Sequence[Line], block: HeaderBlock) -> tuple[Line, ...]:
    """The forwarding message's words after a closed forward (its sign-off, under Mutt's
    `----- End forwarded message -----`, MH's `------- End of Forwarded Message`)."""
    end = _forward_end(body, block)
    if end < len(body) and NEXT_FORWARDED.match(body[end][1]):
        return tuple(body[end:])  # (its marker heads the next message of the forward)
    return tuple(body[end + 1 :])


def _lotus_forward(outer: Message, body: Sequence[Line], index: int) -> Message | None:
    """A Lotus Notes `Forwarded by … on …` block whose headers are not a plain header block.

    Notes writes the original's author and date on lines of their own (`Kirk McDaniel`,
    `11/27/2001 01:41 AM`) above `To:`/`cc:`/`Subject:`; everything after is the message.
    """
    head_end = index + 1
    headers: dict[str, str] = {}
    names: list[str] = []
    for position in range(index + 1, min(len(body), index + 14)):
        text = body[position][1].strip()
        header = header_field(text)
        if header:
            headers[header[0]] = header[1]
        elif text.endswith("---"):
            pass  # a rule, or the marker's own end wrapped onto a line of its own
        elif text:
            names.append(text)
        if header and header[0] == "subject":
            head_end = position + 1
            break
    who = when = None
    for text in names:
        lotus = LOTUS_SENDER.match(text)
        if lotus:
            who, when = lotus.groups()
            break
        # a name on a line of its own (`Kirk McDaniel`), never a line of the text
        if who is None and parse_date(text) is None and is_person(text):
            who = text
        elif who is not None and when is None and parse_date(text) is not None:
            when = text
    if who is None and when is None:
        return None  # a marker over no head (a memo pasted under it): the text stays text
    return _quoted(
        outer,
        body[index][0],
        who,
        when,
        list(body[head_end:]),
        headers={
            name: headers[name] for name in ("to", "cc", "bcc", "subject") if name in headers
        },
    )


def _quoted_block(outer: Message, number: int, lines: list[Line]) -> Message:
    """The message a `>` block quotes. An attribution the block opens with, its own text
    unquoted under it (Apple Mail quotes its `On …, … wrote:` with the message), heads that
    message: read as a quote of a quote, it made an empty shell, dropped, and the message
    lost one more reply prefix of its inferred subject."""
    first = next((index for index, (_, text) in enumerate(lines) if text.strip()), None)
    attribution = None
    if first is not None:
        attribution = _attribution(lines, first) or _dateless(lines, first, over_quote=False)
    if attribution is None or _starts_quoted(lines[attribution[2] :]):
        return _quoted(outer, number, None, None, lines)
    who, when, after, language = attribution
    return _quoted(outer, number, who, when, lines[after:], language=language)


def _marker_above(body: Sequence[Line], index: int) -> int:
    """The line of the forward marker standing right above line `index` (blank lines
    between), else `index`."""
    above = index - 1
    while above >= 0 and index - above <= _MARKER_TO_QUOTE and not body[above][1].strip():
        above -= 1
    return above if above >= 0 and is_marker(body[above][1]) else index


#: How far above a `>` quote its forward marker may stand (blank lines between).
_MARKER_TO_QUOTE = 3


def _starts_quoted(lines: Sequence[Line]) -> bool:
    first = next((text for _, text in lines if text.strip()), "")
    return bool(QUOTED.match(first))


def _attribution(
    body: Sequence[Line], index: int
) -> tuple[str, str | None, int, str | None] | None:
    """`On <date>, <person> wrote:` in any language of the table, also wrapped in two lines;
    or a person's `… wrote:` with no date, right over a `>` quote."""
    if len(body[index][1]) > _MAX_ATTRIBUTION or not body[index][1].strip():
        return None
    if body[index][1].lstrip().startswith(">>>"):
        return _chevrons(body[index][1], index)
    for span in (1, 2):
        # every attribution ends with a colon: a cheap look before the patterns
        if index + span > len(body) or not body[index + span - 1][1].rstrip().endswith(COLONS):
            continue
        joined = " ".join(line for _, line in body[index : index + span])
        if len(joined) > _MAX_ATTRIBUTION or not _ATTRIBUTION_VERB.search(joined):
            continue
        for pattern in ATTRIBUTIONS:
            found = pattern.match(joined)
            if not found:
                continue
            if "both" in found.groupdict():
                when, who = _split_attribution(found.group("both"))
            else:
                when, who = found.group("when"), found.group("who")
            if span == 2 and when is not None:
                when, who = _at_the_break(when, who, joined, len(body[index][1]))
            # (a date that reads as none names its person all the same: see `_split_attribution`)
            if when is not None and (
                parse_date(when) is not None
                or _NAMED_BY_ADDRESS.match(who)
                or (_a_day_in_words(when) and is_person(who))
            ):
                return who, when, index + span, _ATTRIBUTION_LANGUAGES[pattern]
    return _addressed(body, index) or _dateless(body, index, over_quote=True)


def _at_the_break(when: str, who: str, joined: str, break_at: int) -> tuple[str, str]:
    """The date and the person of an attribution of two lines (`joined`, the first
    `break_at` long), split where the lines break when what of the person stands on the
    first line is the date's end: the date reads otherwise with it (Sylpheed's `On Tue, 5
    Mar 2024 10:00:00 +0100` over `Ann Lee <ann@…> wrote:`: the zone is the date's, not the
    name's; `… um 00:00 Uhr schrieb Bruno Berg` over `<bru@…>:` reads the same)."""
    start = joined.rfind(who)
    if start < 0 or start >= break_at:
        return when, who
    later = joined[break_at + 1 : start + len(who)].strip()
    longer = f"{when} {joined[start:break_at].strip()}"
    read = parse_date(longer)
    if later and read is not None and read != parse_date(when):
        return longer, later
    return when, who


# GroupWise's attribution, the quote under it unmarked: `>>> Ken Ito 3/12/2009 11:05 AM >>>`,
# `>>> "Ito, Ken" <KIto@county.example.gov> 03/16/09 5:55 PM >>>`
_CHEVRONS = re.compile(r"^\s*>>>\s*(?P<both>[^>]{1,300}(?:>[^>]{1,100})?)\s*>>>\s*$")
#: The words a date at the end of GroupWise's attribution may take, at most
_MOST_DATE_WORDS = 6


def _chevrons(text: str, index: int) -> tuple[str, str | None, int, None] | None:
    """GroupWise's attribution: the person, then the date and time (split where the words
    after the person read whole as a date)."""
    found = _CHEVRONS.match(text)
    if found is None:
        return None
    words = found.group("both").split()
    for count in range(min(_MOST_DATE_WORDS, len(words) - 1), 0, -1):
        when = " ".join(words[-count:])
        if read_written(when) is not None:
            return " ".join(words[:-count]), when, index + 1, None
    return None


# a person, then an attribution's verb and a colon: `Zoe Clark <zoe@example.com> wrote:`,
# `Jörg Müller schrieb:` (the verb checked against the table's below)
_DATELESS = re.compile(
    r"^\s*(?P<who>[^:<>]{1,120}(?:<[^<>\s]{1,200}>)?)\s+(?P<verb>[^\W\d]{2,20})\s*[:：]\s*$"
)


def _dateless(
    body: Sequence[Line], index: int, *, over_quote: bool
) -> tuple[str, None, int, None] | None:
    """An attribution that names a person and no date (Apple Mail's `Zoe Clark
    <zoe@example.com> wrote:` at the top of the quote it heads; `Jörg Müller wrote:` over a
    `>` quote, `over_quote`): its person, no date (none is made up)."""
    found = _DATELESS.match(body[index][1]) if len(body[index][1]) <= _MAX_ATTRIBUTION else None
    if found is None or not _ATTRIBUTION_VERB.fullmatch(found.group("verb")):
        return None
    if not is_person(found.group("who")) or (over_quote and not _starts_quoted(body[index + 1 :])):
        return None
    return found.group("who").strip(), None, index + 1, None


def _addressed(body: Sequence[Line], index: int) -> tuple[str, str, int, None] | None:
    """An attribution with no verb, over a `>` quote: Gmail's in the languages it writes so
    (`вт, 10 мар. 2020 г. в 17:00, Ben Ode <ben@example.org>:`, Russian; `2020年3月10日(火)
    17:00 Ben Ode <ben@example.org>:`, Japanese; wrapped after its `<` as Gmail wraps it),
    and Mutt's bracketed one (`* John Smith <john@example.com> [2024-03-16 21:05:44 -0400]:`).
    With no word of its own to tell it, it is one only in these shapes: a date and a name
    with its address in angle brackets, then a colon, right over the quote."""
    for span in (1, 2):
        last = index + span - 1
        if last >= len(body) or not body[last][1].rstrip().endswith((">:", "]:")):
            continue  # a cheap look before the patterns
        if span == 2 and not body[index][1].rstrip().endswith("<"):
            return None  # two lines only as Gmail wraps one: after the address's `<`
        text = _BROKEN_ADDRESS.sub("<", " ".join(line for _, line in body[index : last + 1]))
        if not _starts_quoted(body[last + 1 :]):
            return None
        bracketed = _BRACKETED.match(text)
        if bracketed:
            when, who = bracketed.group("when"), bracketed.group("who")
            return (who, when, last + 1, None) if parse_date(when) is not None else None
        found = _ADDRESSED.match(text)
        when, who = _split_attribution(found.group("both")) if found else (None, "")
        return (who, when, last + 1, None) if when is not None else None
    return None


#: A comma in a line written in any script (Chinese and Japanese write their own), and one
#: inside a date, where the date reader reads a space (`2024年10月21日，上午10:05`).
_COMMAS = re.compile("(?<=[,，、])")
_COMMA_SPACED = re.compile("[，、]")
_ADDRESS = r"<[^<>\s]{1,200}@[^<>\s]{1,200}>"
_ADDRESSED = re.compile(rf"^\s*(?P<both>[^<>]{{1,300}}{_ADDRESS})\s*:\s*$")
_BRACKETED = re.compile(
    rf"^\s*\*\s+(?P<who>[^<>\[\]]{{1,200}}{_ADDRESS})\s+\[(?P<when>[^\[\]]{{6,80}})\]:\s*$"
)
#: Gmail wraps a long attribution after the `<` of its address.
_BROKEN_ADDRESS = re.compile(r"<\s+")


def _split_attribution(words: str) -> tuple[str | None, str]:
    """Split `Nov 20, 2015, at 11:48 AM, Sam Altman <x>` into its date and its person: at a
    comma where the date before it reads whole, else after its time (Gmail's `Mon, Jan 1,
    2018 at 10:00 AM Sam Altman <x>`, no comma; `Fri, Mar 29, 2024 at 6:30 PM Doe, John <x>`;
    Gmail on Android's `Thu, 28 Mar 2024, 21:14 Vera Kohl, <x>`), else at a comma where the
    date before it reads at all (a loose reading takes a name's word for no date's)."""
    parts = _COMMAS.split(words)  # each part but the last ends with its comma
    cuts = [
        (_COMMA_SPACED.sub(" ", "".join(parts[:cut])[:-1]), "".join(parts[cut:]).strip())
        for cut in range(len(parts) - 1, 0, -1)
    ]
    for when, who in cuts:
        if read_written(when) is not None and not who[:1].isdigit():
            return when, _person_written(who)
    # (and Finnish `ma 4.3.2024 klo 15.15 Mikko Virtanen`, its time dotted)
    found = _AFTER_TIME.match(words)
    if found and parse_date(found.group(1)) is not None:
        return found.group(1), _person_written(found.group(2))
    # (Gmail's older English: a numeric day and no time, `2012/1/8 Pavel Ivanov <p@x.ru>`)
    day = _NUMERIC_DAY_FIRST.match(words)
    if day and parse_date(day.group(1)) is not None and _NAMED_BY_ADDRESS.match(day.group(2)):
        return day.group(1), _person_written(day.group(2))
    for when, who in cuts:
        if parse_date(when) is not None:
            return when, _person_written(who)
    # a date no reading makes whole (`Wed 3 Apr at 10:15`: no year) before a name and its
    # address, or a day in words alone before a name (`On Mon, Astrid wrote:`): the person
    # is known, the date is kept as written (its unit says unreadable)
    for when, who in [*cuts, *([(found.group(1), found.group(2))] if found else [])]:
        if any(char.isdigit() for char in when) and _NAMED_BY_ADDRESS.match(who):
            return when, _person_written(who)
        if _a_day_in_words(when) and is_person(who):
            return when, _person_written(who)
    return None, words


def _a_day_in_words(when: str) -> bool:
    """Is the text a weekday's or a month's name and no more (`Mon`, `Monday`, `mardi`)?"""
    months, weekdays = calendar_names()
    words = [fold(word).rstrip(".") for word in when.split()]
    return len(words) == 1 and (words[0] in weekdays or words[0] in months)


_NAMED_BY_ADDRESS = re.compile(rf"^[^\d<>,]{{2,100}}{_ADDRESS}\s*$")


# (its marker as any English writes it: `PM`, `pm`, Canada's `p.m.`)
_AFTER_TIME = re.compile(r"(.*\d{1,2}[:.]\d{2}(?:\s*[AP]\.?\s?M\b\.?)?),?\s+(.+)$", re.IGNORECASE)
_NUMERIC_DAY_FIRST = re.compile(rf"^\s*({NUMERIC_DAY.pattern})\s+(\S.{{0,250}})$")
# the comma Gmail on Android writes between a name and its address: `Vera Kohl, <v@x.de>`
_COMMA_BEFORE_ADDRESS = re.compile(r",\s*(?=<[^<>]{1,200}>\s*$)")


def _person_written(who: str) -> str:
    return _COMMA_BEFORE_ADDRESS.sub(" ", who)


def _is_quote_block(body: Sequence[Line], index: int) -> bool:
    """Two or more `>` lines make a quote; a lone one may be a shell prompt or an arrow."""
    return sum(1 for _, text in body[index : index + 3] if QUOTED.match(text)) >= 2


def _unquote(lines: Sequence[Line]) -> list[Line]:
    return [(number, re.sub(r"^\s*> ?", "", text)) for number, text in lines]


def _quoted(
    outer: Message,
    number: int,
    who: str | None,
    when: str | None,
    lines: list[Line],
    *,
    headers: dict[str, str] | None = None,
    language: str | None = None,
) -> Message:
    sender = parse_sender(who) if who else None
    headers = _attributed_headers(when, language, headers)
    subject, inferred = quoted_head_subject(headers, outer)
    return Message(
        outer.source,
        headers,
        number,
        body=tuple(lines),
        subject=subject,
        subject_inferred=inferred,
        quoted_in=outer,
        markdown=outer.markdown,
        sender=sender,
        thread=outer.thread,
        whole_span=outer.whole_span,
    )


def _attributed_headers(
    when: str | None, language: str | None, headers: dict[str, str] | None = None
) -> dict[str, str]:
    """A quoted message's head: what its quoting line gave, its date as written (read later
    with the evidence of the file and of the message quoting it), its attribution's language."""
    headers = dict(headers or {})
    if when:
        headers["date"] = when
    if language:
        headers["language"] = language
    return headers


#: How far under an attribution its `>` lines may start (Gmail leaves a blank line).
_ATTRIBUTION_TO_QUOTE = 3


def attributed(
    lines: Sequence[Line], index: int, *, source: str, markdown: bool
) -> tuple[Message, int, bool] | None:
    """The message an attribution standing in prose starts (`On <date>, <person> wrote:`):
    a reply pasted as text, whose own writer no line names, quoting it. Its first body line,
    and whether its body is the `>` lines under the attribution (Gmail, Thunderbird) or all
    that follows, as under a head (Apple Mail).

    Only an attribution that names a person (a name or an address) starts one: prose may say
    `On May 5, 2015, the board wrote:` of a letter.
    """
    found = _attribution(lines, index)
    if found is None:
        return None
    who, when, after, language = found
    sender = parse_sender(who)
    if sender is None or not (sender.address or is_person(sender.name)):
        return None
    number = lines[index][0]
    message = Message(
        source,
        _attributed_headers(when, language),
        number,
        markdown=markdown,
        sender=sender,
        # no subject names its thread: the chain it starts is one thread, as its quotes' are
        thread=f"{source}:{number}",
    )
    return message, after, _starts_quoted(lines[after : after + _ATTRIBUTION_TO_QUOTE])


def quoted_head_subject(headers: dict[str, str], outer: Message) -> tuple[str | None, str | None]:
    """A quoted message's subject, and why it is inferred when it is: its head's `Subject:`
    (an empty one: none), else what the message quoting it is about (its subject less one
    `Re:`, see `quoted_subject`): a guess, which its unit says (SUBJECT_FROM_QUOTING)."""
    if "subject" in headers:
        return headers["subject"] or None, None
    carried = quoted_subject(outer.subject) if outer.subject else None
    return carried or None, SUBJECT_FROM_QUOTING if carried else None
