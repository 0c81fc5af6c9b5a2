"""People in headers: `Elon Musk <redacted>`, `"Musk, Elon" <e@x.com>`, a bare `<redacted>`."""

from __future__ import annotations

import functools
import json
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .config import read_toml
from .encoded_words import decoded_words
from .units import REDACTED, Unit

# What a release writes where it blacked out a name or an address: the word, a FOIA
# exemption code (`(b)(6)`, `(b)(7)(C)`, `b6` as OCR reads it), a run of blocks, `XXXXX`
# (in one case: `Xxxx` may be a name). No mark ends in a space, and no two spaces stand
# side by side below, so that a long run of them is never shared out in many ways.
_BLOCKS = "█■▮"
# (a code's letter is never `b`: `(b)(6)(b)(7)(C)` is two codes; codes in a row, with commas
# or not, are one blacked-out name's: `(b)(6), (b)(7)(C)`)
_CODE = r"(?:\(b\)\s*\(\d\)(?:\s*\((?!b\))[a-f]\))?|b\(\d\)|b\d[a-z]?)"
_MARK = (
    rf"(?:redacted|{_CODE}(?:,?\s?{_CODE})*|[{_BLOCKS}]+(?:\s+[{_BLOCKS}]+)*"
    r"|(?-i:X{3,}|x{3,}))"
)
# ... bare or in `<>`, `[]`, `()`, nested once (`<[REDACTED]>`, `[(b)(6)]`), in any case
_WRAPPED_MARK = rf"(?:{_MARK}|<\s*{_MARK}\s*>|\[\s*{_MARK}\s*\]|\(\s*{_MARK}\s*\))"
# (and Outlook's `[mailto:      ]` a release emptied, its code, `B6`, in the margin beside it)
_REDACTION = re.compile(
    rf"(?<![\w@.\-+{_BLOCKS}])(?:{_WRAPPED_MARK}|<\s*(?:mailto:\s*)?{_WRAPPED_MARK}\s*>"
    rf"|\[\s*(?:mailto:\s*)?{_WRAPPED_MARK}\s*\]|\(\s*{_WRAPPED_MARK}\s*\)|\[mailto:\s*\])"
    # (an address's part: `b6+news@…` is no code, nor `b0a…@x.com`, a mailbox an archive cut)
    rf"(?![\w@.\-+…{_BLOCKS}])",
    re.IGNORECASE,
)
# a mailbox a release blacked out, its domain left (`█████@gmail.com`, `XXXXX@state.gov`;
# a code, `b6@…`, or lower-case x's, `xxx@example.com`, is a mailbox like any other)
_BLACKED_OUT_MAILBOX = re.compile(rf"^(?:[{_BLOCKS}]+|X{{3,}})$")
_MARK_HINTS = ("redacted", "(b", "xxx", "mailto: ", "mailto:]", *_BLOCKS)
_CODE_HINT = re.compile(r"b\d")
# `<redacted> <redacted>`: a name and an address both blacked out, still one person.
_REDACTED_RUN = re.compile(r"<redacted>(?:\s*<redacted>)+", re.IGNORECASE)
# a person of a list: quoted (with RFC 5322's quoted pairs, `"O'Brien, Mary \"Molly\""`),
# angled, bracketed and parenthesised parts keep their commas (`jdoe@example.com (Doe,
# John)`); an unclosed quote or bracket is a letter like any other. No part reads past
# its own kind of opening, nor a quote far (`\"` outside quotes): a run of them is read once.
_PARTS = r'"(?:[^"\\]|\\.){0,1000}"|<[^<>]*>|\[[^\[\]]*\]|\([^()]*\)|["<\[(]'
_ITEM = re.compile(rf'(?:{_PARTS}|[^,;"<\[(])+')
_ITEM_SEMICOLON = re.compile(rf'(?:{_PARTS}|[^;"<\[(])+')
_QUOTED_PAIR = re.compile(r"\\(.)")
# `Doe, Jane`; inside quotes Outlook also writes `"Bohn; Shawn J"`
# (each part's parentheses closed in it: `Garrett, Amy C (PACE)` is one, `x (Schmidt, Anna)`
# none)
_NAME_PART = r"[^,;@()]+(?:\([^,;@()]*\)[^,;@()]*)*"
_LAST_FIRST = re.compile(rf"^({_NAME_PART})[,;]\s*({_NAME_PART})$")
# RFC 822 groups: `undisclosed-recipients:;`, `Team: a@x, b@x;` (the name is no person)
_GROUP_NAME = re.compile(r'(^|,)[^,:<>"@\[]+:(?!//)\s*')
# an obsolete route before an address (RFC 5322 4.4), the hosts it was to pass: no part of it
_OBS_ROUTE = re.compile(r"^(?:@[\w.-]{1,255}\s*,?\s*){1,10}:\s*(?=[^@\s]{1,64}@)")
_EMPTY_GROUP = re.compile(r'^\s*[^,:;<>"@\[]{1,80}:\s*;?\s*$')
# (the name all before the last `<…>`, its spaces trimmed later: a lazy name before `\s*`
# tried every way of sharing out a run of spaces)
_ANGLE = re.compile(r"^(?P<name>.*)<(?P<address>[^<>]*)>\s*$")
# Outlook's `Nakamura, Yūko [mailto:y.nakamura@example.co.jp]`, and in its printouts `Weiß,
# Jürgen [juergen.weiss@firma.example.de]`
_MAILTO = re.compile(
    r"^(?P<name>.*)\[(?:mailto:(?P<address>[^\[\]]*)|(?P<bare>[^\[\]\s@]+@[^\[\]\s@]+))\]\s*$",
    re.IGNORECASE,
)
# Lotus Notes: `Tim O'Rourke/HOU/ECT@ECT`, `Kevin Hannon/Enron Communications@Enron
# Communications`, and `Joseph W Sutton@Enron` (a name with spaces is no mailbox)
_LOTUS = re.compile(
    r"^(?P<name>[^/<>@]+?)/[^<>@]+@[^<>@]+$|^(?P<short>[^/<>@\s]*\s[^/<>@]*)@\w[\w ]*$"
)
# a Notes name in full, as a memo's print heads it: `Gina McCarthy/DC/USEPA/US`, `CN=Ann
# Lee/OU=Sales/O=Acme`; the person is its common name (the part before the first slash, a
# name of two words or more: `and/or`, `TCP/IP` are none)
_NOTES_HIERARCHY = re.compile(
    r"^\s*(?:CN=)?(?P<name>[^/<>@=\s][^/<>@=]{0,80}\s[^/<>@=]{1,80}?)"
    r"(?:/(?:[A-Za-z]{1,2}=)?[\w .&'-]{1,60}){1,8}\s*$"
)


def notes_common_name(text: str) -> str | None:
    """The person a Notes name in full names (`Gina McCarthy` of `Gina McCarthy/DC/USEPA/US`,
    as `Gina McCarthy/DC/USEPA/US@EPA` names her), or None for any other text."""
    found = _NOTES_HIERARCHY.match(text) if "/" in text and len(text) < 400 else None
    return found.group("name").strip() if found else None


# Lotus Notes' routing domain after an Internet address: `"Neal S. Manne" <n@x.com> @ ENRON`
_NOTES_DOMAIN = re.compile(r"(?<=>)\s*@\s*[A-Za-z][\w-]{0,30}(?=\s*(?:[,;]|$))")
# Yahoo's print view: `Jane Doe (jane@yahoo.com)`
# (Gmail's Spanish attribution: `Juan Pérez (<juan@x.es>)`)
_PARENTHESISED = re.compile(
    r"^(?P<name>[^()<>]*?)(?<!\s)\s*\(\s*<?(?P<address>[^()<>\s@]+@[^()<>\s]+)>?\s*\)\s*$"
)
# RFC 822's older form, the name a comment after the address: `jdoe@example.com (John Doe)`,
# the comment's own parentheses nested once (`(John (Johnny) Doe)`)
_COMMENTED = re.compile(
    r"^<?(?P<address>[^()<>\s@\"]+@[^()<>\s\"]+?)>?\s*\((?P<name>(?:[^()]|\([^()]*\))*)\)\s*$"
)


@dataclass(frozen=True)
class Person:
    name: str  # display name, the address when there is none, or REDACTED
    address: str | None = None  # REDACTED when a release blacked it out, the name shown

    @property
    def redacted(self) -> bool:
        return self.name == REDACTED


# four or more characters each a word of its own: OCR spaced the letters of this text
_SPACED = re.compile(r"(?<!\S)(?:\S{1,2} ){3,}\S{1,2}(?!\S)")


def joined_letters(text: str) -> str:
    """`J a n e  D o e <j a n e @ s t a t e . g o v>` as `Jane Doe <jane@state.gov>`: OCR
    spaces the letters of some releases, and their words then stand two spaces apart.
    Initials (`J R R Tolkien`) are left alone."""
    if not _SPACED.search(text) or not re.search(r"(?<!\S)\S (?:\S ){2}\S(?!\S)", text):
        return text
    parts = []
    for part in re.split(r"\s{2,}", text.strip()):
        spaced = all(len(token) <= 2 for token in part.split())
        parts.append(part.replace(" ", "") if spaced else _SPACED.sub(_joined, part))
    return re.sub(r"(?<=\S)<", " <", " ".join(parts))


def _joined(found: re.Match[str]) -> str:
    return found.group(0).replace(" ", "")


def parse_people(header: str | None, *, outlook: bool = False) -> list[Person]:
    """Every person named in an address header, in order; redacted ones kept as REDACTED.

    Handles what the standard library's getaddresses() mangles: bare display names
    (`To: Charles Babbage`), Outlook's `Name [mailto:x@y]` and Lotus Notes' `Name/Org@Org`.
    """
    if not header or not header.strip():
        return []
    header, groups = _GROUP_NAME.subn(r"\1", joined_letters(header))
    if groups and not outlook:
        header = header.replace(";", ",")  # what ends a group, `Team: a@x, b@x;`
    header = _NOTES_DOMAIN.sub("", header)
    # Outlook separates people with `;`, and then `Allen, Phillip K.` is one person; so it
    # is in an Outlook block (`Sent:`, not `Date:`) naming one person, `Cc: Patel, Raj`, and
    # in any head naming one so with an address (`Ahmed, Farah <farah@x.com>`: no client
    # gives one person of two an address)
    last_first = _LAST_FIRST_ADDRESSED.match(header)
    listed = outlook or ";" in header or bool(last_first and not is_redaction(last_first["last"]))
    items = _ITEM_SEMICOLON.findall(header) if listed else _ITEM.findall(header)
    return [person for item in items if (person := _one(item))]


#: One person written `Last, First <address>`: a surname (with its particles: `Van der
#: Berg`, `De Luca`), a comma, a given name (and an initial: `Allen, Phillip K.`), an
#: address. (`Bob, Ann Lee <a@x>` is two people, and so is `[redacted], Ann <a@x>`.)
_PARTICLE_WORDS = (
    "van",
    "der",
    "den",
    "de",
    "la",
    "le",
    "von",
    "di",
    "da",
    "del",
    "dos",
    "das",
    "du",
    "ten",
    "ter",
    "'t",
)
_PARTICLES = rf"(?:(?:{'|'.join(_PARTICLE_WORDS)})\s+){{0,3}}"
_WORD = r'[^\s,;<>@"]{1,80}'
_LAST_FIRST_ADDRESSED = re.compile(
    rf"^\s*(?P<last>{_PARTICLES}{_WORD}),\s*{_WORD}(?:\s+[A-Z]\.?)?\s*<[^<>\s]{{1,200}}>\s*$",
    re.IGNORECASE,
)


def wrapped(value: str, line: str) -> str:
    """A value with the line a print wrapped it onto: after a space, or after none where it
    was cut at a word's hyphen (`Anne-` over `Marie`)."""
    return value + line if cut_at_hyphen(value) else f"{value} {line}"


def cut_at_hyphen(value: str) -> bool:
    """Does this value end in a word's hyphen, where a print may have wrapped it?"""
    return _HYPHEN_END.search(value.rstrip("\r\n")) is not None


_HYPHEN_END = re.compile(r"[^\W\d_]-$")


def goes_on_listing(listed: str, below: Sequence[str], is_field: Callable[[str], bool]) -> bool:
    """Does the first line `below` a list of people, unindented, go on with it? Outlook's
    print wraps `To: Kadlec, Robert (HHS/ASPR); …;` at the margin, the next names under it,
    or the end of a name (`(OS/IOS)`, `Marie`) over a field the head has yet to give
    (`Subject:`), or over another such end (`der Berg, Victor (HHS)` over `(OS/IOS)`); a
    sentence (`Thanks both. Forwarding …`) is the message's."""
    if not below:
        return False
    line = below[0].strip()
    if listed.rstrip().endswith(";"):
        return True
    if len(line) > _MOST_WRAPPED or line.endswith(("!", "?", ":")) or _sentence(line):
        return False
    return ";" in line or (
        len(below) > 1
        and (is_field(below[1]) or goes_on_listing(f"{listed} {line}", below[1:], is_field))
    )


def _sentence(line: str) -> bool:
    """Are these words a sentence's rather than names' (two or more in lower case, a name's
    particles aside: `Thanks both. Forwarding …`, not `Victor M. van der Berg`)?"""
    lower = [word for word in line.split() if word[:1].islower() and word not in _PARTICLE_WORDS]
    return len(lower) >= 2


#: The longest end of a list a print wraps onto a line of its own over the next field.
_MOST_WRAPPED = 120
#: The lines a wrapped list is read from: the line, and the two under it (callers hand no
#: more `below`).
MOST_LIST_LINES = 3


def writes_last_first(values: Iterable[str | None]) -> bool:
    """Do these header values (a head's From:, To:, Cc:) write people `Last, First`: a list
    of them separated by `;` (Outlook's, GroupWise's), or a name so with its address
    (`"King, Carol" <…>`)? (A head's own, not its file's: a page of reprints may hold an
    Outlook head over a `To: Ilya, Greg` that names two people.)"""
    return any(value and (";" in value or _QUOTED_LAST_FIRST.search(value)) for value in values)


_QUOTED_LAST_FIRST = re.compile(r'"[^",]{1,80},\s?[^",]{1,80}"\s{0,3}<')


def paired(people: Sequence[Person], last_first: bool) -> list[Person]:
    """The people of a To: or Cc: list; where the head writes its people `Last, First`, a
    list of single words two by two is so written (GroupWise's `To: Walker, Alice` is Alice
    Walker, not `Walker` and `Alice`)."""
    if not last_first or len(people) % 2 or not all(map(_one_word, people)):
        return list(people)
    pairs = zip(people[::2], people[1::2], strict=True)
    return [Person(f"{first.name} {last.name}") for last, first in pairs]


def _one_word(person: Person) -> bool:
    return person.address is None and len(person.name.split()) == 1 and person.name.isalpha()


def parse_sender(header: str | None) -> Person | None:
    """The one person of a From: header, where `Hayden, Frank` is Frank Hayden, not two; of
    Outlook's `Support <support@x.com> On Behalf Of Smith, John`, the one on whose behalf it
    was sent, who wrote it (the address is the account that sent it, not theirs)."""
    if header and len(header) < 1000 and (behalf := _ON_BEHALF.search(header)):
        header = header[behalf.end() :]
    if header and _EMPTY_GROUP.match(header):
        return None  # `undisclosed-senders:;` (RFC 6854's group, no one in it) names no one
    if not header or header.count("@") > 1:
        people = parse_people(header)
        return people[0] if people else None
    # a list's separator after the one person (QQ Mail's quoted `"Bob"<bob@example.cn>;`)
    return _one(joined_letters(header).strip().rstrip(";,").rstrip())


#: Outlook's `On Behalf Of` in a printed From: line, in the languages it writes it.
_ON_BEHALF = re.compile(
    r"\s(?:on behalf of|im auftrag von|de la part de|en nombre de|namens|per conto di"
    r"|em nome de)\s+(?=\S)",
    re.IGNORECASE,
)


def _one(item: str) -> Person | None:
    """The person an item of a header names: its encoded words decoded, then its redactions
    read (inside an encoded word, `=B6` is no exemption code), an address an archive hid
    read back, a list's rewrite of its poster undone."""
    person = _as_written(item)
    return _poster(person) or person


def _as_written(item: str) -> Person | None:
    return _person(_revealed(_marked(decoded_words(item)).strip()))


#: An address as Mailman's pipermail hides it, ` at ` for `@` (`jane.doe at example.com`):
#: a token, ` at `, a domain whose last label is letters.
_HIDDEN_ADDRESS = re.compile(
    r"(?<![^\s<(\"'])(?P<local>[^\s<>()@\"]{1,64}) at "
    r"(?P<domain>(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,63})(?![^\s>)\"'])"
)


def _revealed(item: str) -> str:
    """The item with the address an archive hid as `local at domain` read back, where the
    whole item has an address's shape then (`jane.doe at example.com (Jane Doe)`, `Jane Doe
    <jane.doe at example.com>`, the address alone); prose (`met at example.com`) as it is."""
    if " at " not in item:
        return item
    found = _HIDDEN_ADDRESS.search(item)
    if found is None:
        return item
    address = f"{found['local']}@{found['domain']}"
    candidate = item[: found.start()] + address + item[found.end() :]
    person = _person(candidate)
    return candidate if person is not None and person.address == address.lower() else item


def _poster(person: Person | None) -> Person | None:
    """Who posted a message a list sent on with its From: rewritten (DMARC): `Åsa Lindström
    via Users <users@lists.example.org>` (Mailman), `'Jane Doe' via dev-list
    <dev-list@googlegroups.com>` (Google Groups) is Åsa Lindström, her address not the
    list's; None for anyone else. The list is the one the name says it came through: its
    name is the address's mailbox (case, spaces and punctuation aside)."""
    if person is None or not person.address or " via " not in person.name:
        return None
    name, _, through = person.name.rpartition(" via ")
    mailbox = person.address.partition("@")[0]
    if not name.strip() or _list_key(through) != _list_key(mailbox):
        return None
    return Person(_unquote(name))


def _list_key(name: str) -> str:
    return "".join(char for char in name.casefold() if char.isalnum())


#: A From: a list rewrote is one name and the list's address: no longer.
MOST_POSTER_CHARS = 1000


def list_poster(header: str | None, originals: Iterable[str | None]) -> Person | None:
    """The poster of a message whose From: a list rewrote, with the address of the first of
    `originals` (X-Original-From, X-Original-Sender, Reply-To, as the list kept it) that
    names that person: by their name, or by an address alone, never the list's; the poster
    with no address when none does. None when the From: is no list's rewrite."""
    if not header or header.count("@") != 1 or len(header) > MOST_POSTER_CHARS:
        return None
    written = _as_written(header)
    listed = _poster(written)
    if written is None or listed is None:
        return None
    for original in originals:
        people = parse_people(original)
        if len(people) != 1 or not people[0].address:
            continue
        (candidate,) = people
        if candidate.address == written.address:
            continue
        if candidate.name == candidate.address or name_key(candidate.name) == name_key(listed.name):
            return Person(listed.name, candidate.address)
    return listed


def _marked(header: str) -> str:
    """The header with each redaction one `<redacted>`, where an address would stand: a
    release's `Elon Musk [REDACTED]`, `Sam Altman <(b)(6)>`, `Ilya Sutskever (b)(6)` each
    name a person whose address is blacked out; a mark alone, a person blacked out whole."""
    lower = header.lower()
    # (most headers hold no mark: a look for what every mark holds costs far less)
    if not any(hint in lower for hint in _MARK_HINTS) and not _CODE_HINT.search(lower):
        return header
    marked = _REDACTED_RUN.sub("<redacted>", _REDACTION.sub(" <redacted>", header))
    return _MARK_AFTER_ADDRESS.sub(r"\1", marked)


# a margin's code after an address shown whole (`Doe, Jane [mailto:j@state.gov]   B6`): it
# blacked out something else of the line, not this person
_MARK_AFTER_ADDRESS = re.compile(
    r"((?:\[mailto:[^\[\]\s]{1,200}@[^\[\]\s]{1,200}\]|<[^<>\s]{1,200}@[^<>\s]{1,200}>))"
    r"\s*<redacted>\s*$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)  # the people table asks of each name of each message
def is_redaction(text: str) -> bool:
    """Is the text a redaction mark alone (`[REDACTED]`, `(b)(6)`, `█████`): nobody's name?"""
    return _marked(text).strip().lower() == "<redacted>"


def _person(item: str) -> Person | None:
    found = (
        _ANGLE.match(item)
        or _MAILTO.match(item)
        or _PARENTHESISED.match(item)
        or _COMMENTED.match(item)
    )
    if found:
        address = found.group("address") or found.groupdict().get("bare") or ""
        name, address = _unquote(found.group("name")), address.strip()
    elif "@" in item and " " not in item:
        name, address = "", item.strip("'\"")
    else:
        lotus = _LOTUS.match(item)
        name = (lotus.group("name") or lotus.group("short")) if lotus else item
        name = notes_common_name(name) or name
        name, address = _unquote(name), ""
    address = _OBS_ROUTE.sub("", address)  # RFC 5322 4.4: `<@relay.example:joe@x.org>`
    if name.lower() == "<redacted>":
        name = ""  # `(b)(6) <jdoe@example.com>`: the name blacked out, the address shown
    if _BLACKED_OUT_MAILBOX.match(address.rpartition("@")[0]):
        address = "redacted"  # `█████@gmail.com`: the mailbox blacked out, the domain shown
    if address.lower() == "redacted" or (not address and name.lower() == "redacted"):
        # a name whose address is blacked out is that person still, the address unknown
        return Person(name, REDACTED) if name and name.lower() != "redacted" else Person(REDACTED)
    if address and is_masked(address):  # who it was is the name alone (or the mask shown)
        return Person(name or address)
    address = address.lower() or None
    if name:
        return Person(name, address)
    return Person(address, address) if address else None


def is_masked(address: str) -> bool:
    """Is this an address an archive hid, as MHonArc writes one (`jane@DOMAIN.HIDDEN`),
    Hypermail (`jane.domain.name.hidden`) or Google Groups (`jan...@gmail.com`, the mailbox
    cut)? The domain or mailbox gone, it tells no one from another (every `jane` of every
    domain looks alike): it is no one's address."""
    mailbox, _, domain = address.lower().rpartition("@")
    return domain.rpartition(".")[2] == "hidden" or mailbox.endswith(("...", "…"))


def _unquote(name: str) -> str:
    """A display name tidied: quotes off (a quoted string's `\"` a quote), `Last, First`
    turned to `First Last`."""
    # (nor a Markdown reprint's bold, `**From:** Greg Brockman**`: no name holds `*`)
    name = name.strip().strip("*")
    if len(name) > 1 and name[0] == name[-1] == '"':
        name = _QUOTED_PAIR.sub(r"\1", name[1:-1])
    elif len(name) > 1 and name[0] == name[-1] == "'":  # Outlook's `'x@example.com'`
        name = name[1:-1]
    else:  # a quote left open at an end; one a name holds (`Mary "Molly"`) is closed in it
        name = name.strip("'\"") if name.count('"') + name.count("'") == 1 else name
    name = " ".join(name.split())
    flipped = _LAST_FIRST.match(name)
    if not flipped or _NO_GIVEN_NAME.match(flipped.group(2).strip()):
        return name
    # an office's marks stay last: `Sloane, Victor (HHS/ASPR)` is Victor Sloane (HHS/ASPR)
    last, given = flipped.groups()
    cut = len(given)
    while (mark := _OFFICE_MARK.search(given, 0, cut)) and not any(map(str.islower, mark.group(1))):
        cut = mark.start()
    # and a suffix: `Smith, John Jr.` is John Smith Jr.
    suffix = _SUFFIX.search(given, 0, cut)
    if suffix and suffix.start() > 0:
        cut = suffix.start()
    return " ".join(filter(None, (given[:cut], last, given[cut:].strip())))


# a name's suffix (`Jr.`), kept last: `Smith, John Jr.` is John Smith Jr.
_SUFFIXES = r"jr|sr|ii|iii|iv|phd|ph\.d|md|m\.d|esq"
_SUFFIX = re.compile(rf",?\s+(?:{_SUFFIXES})\.?$", re.IGNORECASE)
# what stands after a comma in a name that is no given name: a suffix (`Smith, Jr.`), a
# company's form (`Acme, Inc.`): the name stays as written, not `Inc. Acme`
_NO_GIVEN_NAME = re.compile(
    rf"^(?:{_SUFFIXES}|inc|ltd|llc|llp|lp|gmbh|corp|co|ag|sa|s\.a|"
    r"plc|n\.v|b\.v|pty|ltda|srl|s\.r\.l|spa|s\.p\.a|oy|ab|as|kg|kk)\.?$",
    re.IGNORECASE,
)


# a mark of an office a name ends with, in parentheses and in capitals (`STRAND, KEVIN M.
# (DO) (FBI)`: two; a nickname, `A J (Gus)`, is the given name's)
_OFFICE_MARK = re.compile(r"\s*\(([^()]{1,80})\)\s*$")


# Enron's X- headers end a name with its Lotus Notes domain: `"Rick Carey" <r@home.com>@ENRON`
_LOTUS_DOMAIN = re.compile(r"(?<=[>\w])@[A-Za-z]+(?=\s*(?:,|$))")


def with_display_name(person: Person | None, x_header: str | None) -> Person | None:
    """The sender with the display name of an `X-From:` header (Enron's mail gives `From:
    jeffrey.hodge@enron.com` and `X-From: Jeffrey T Hodge`), when `From:` has none."""
    if person is None or person.name != person.address or not x_header:
        return person
    named = parse_sender(_LOTUS_DOMAIN.sub("", x_header))
    if named is None or "@" in named.name or named.redacted:
        return person
    return Person(named.name, person.address)


def with_display_names(people: list[Person], x_header: str | None) -> list[Person]:
    """People with the display names of an `X-To:`/`X-cc:` header, one each in the same
    order, when the address header gives addresses only; as they are when the two lists
    do not pair up."""
    if not x_header or not people or any(person.name != person.address for person in people):
        return people
    named = parse_people(_LOTUS_DOMAIN.sub("", x_header))
    if len(named) != len(people) or any("@" in n.name or n.redacted for n in named):
        return people
    return [Person(n.name, person.address) for n, person in zip(named, people, strict=True)]


# -- short names -------------------------------------------------------------------------------

ALIAS_FILE = "aliases.toml"


def read_alias_file(corpus: Path) -> list[tuple[str, str]]:
    """The `gdb = "Greg Brockman"` pairs of the corpus's alias file, read as the TOML it is
    (a value may hold quotes, `#` or an apostrophe). A file that is not valid TOML raises
    ConfigFileError naming the file and the line."""
    table = read_toml(corpus / ALIAS_FILE) or {}
    return [
        (str(alias), str(name))
        for alias, name in table.items()
        if isinstance(name, str) and name.strip()
    ]


def signature_aliases(signed: Mapping[tuple[str, str], int]) -> list[tuple[str, str]]:
    """Short names the corpus itself uses: a sign-off such as `-gdb` closing a person's emails.

    A sign-off counts when the person signs with it at least twice, or when it is their
    initials (`gdb`: Greg … Brockman); their own first or last name needs no alias.
    """
    pairs = []
    for (sender, sign), count in sorted(signed.items()):
        words = sender.lower().split()
        if sign in words or len(words) < 2:
            continue
        if count >= 2 or (sign[0] == words[0][0] and sign[-1] == words[-1][0]):
            pairs.append((sign, sender))
    return pairs


@dataclass(frozen=True)
class Alias:
    alias: str
    name: str
    origin: str  # where the corpus says so


#: What a generation knows of its people, written by each update beside the manifest rather
#: than counted off the index on every cold search (the sign-offs took a quarter of a second
#: at 100,000 messages): its sign-off aliases (`signature_aliases` of its units), its
#: address book (`address_book` of its contacts) and each name and address its units show
#: a sender or a recipient with (`shown_rows`), which name people the same in every count.
SIGN_OFFS, ADDRESS_BOOK, SHOWN = "sign-offs.json", "address-book.json", "people-shown.json"


def write_people_file(generation: Path, name: str, rows: Sequence[tuple[object, ...]]) -> None:
    temporary = generation / f".{name}.{os.getpid()}"
    temporary.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    os.replace(temporary, generation / name)


def read_sign_offs(generation: Path) -> list[tuple[str, str]]:
    """The generation's sign-off aliases: (sign-off, sender) pairs."""
    return [(sign, sender) for sign, sender in _rows(generation / SIGN_OFFS, 2)]


def read_address_book(generation: Path) -> list[Alias]:
    """The generation's address book: each address on a contact's card an alias of its name."""
    return [
        Alias(address, name, f"address book {source}")
        for address, name, source in _rows(generation / ADDRESS_BOOK, 3)
    ]


def person_value(name: str, address: str | None) -> str:
    """A sender's or recipient's facet value: the name as the unit shows it, and its address
    (`correspondence.Names` tells who it is from both)."""
    return f"{name}\t{address or ''}"


def person_of(value: str) -> tuple[str, str | None]:
    name, _, address = value.rpartition("\t")
    return name, address or None


def shown_rows(*counts: Mapping[str, int]) -> list[tuple[str, str, int]]:
    """(name, address, units) for each sender's and recipient's facet value of the counts
    (`person_value`: a name and an address), the units of both counts summed."""
    summed: dict[str, int] = {}
    for counted in counts:
        for value, units in counted.items():
            summed[value] = summed.get(value, 0) + units
    rows = []
    for value, units in sorted(summed.items()):
        name, address = person_of(value)
        rows.append((name, address or "", units))
    return rows


def read_shown(generation: Path) -> dict[tuple[str, str | None], int]:
    """The generation's people as its units show them: (name, address) → units."""
    return {
        (name, address or None): int(units)
        for name, address, units in _rows(generation / SHOWN, 3)
        if units.isdigit()
    }


def _rows(path: Path, width: int) -> list[list[str]]:
    """A people file's rows; none when it is missing or unreadable (the manifest's check of
    the index's files finds it missing, and the index is rebuilt)."""
    try:
        rows = json.loads(path.read_text("utf-8"))
        return [[str(value) for value in row] for row in rows if len(row) == width]
    except (OSError, ValueError, TypeError):
        return []


def address_book(contacts: Iterable[Unit]) -> list[tuple[str, str, str]]:
    """(address, name, source) for each e-mail address on a named contact's card (a vCard,
    an Outlook contact): the address is that person's, whatever name a message gives it.
    An address on the cards of two people (a family's shared one) is an alias of neither."""
    claimed: dict[str, tuple[str, str]] = {}
    shared: set[str] = set()
    for contact in contacts:
        name = contact.sender
        if not name or name == contact.sender_address:
            continue  # a card with no name: nobody to merge its addresses into
        for address in contact.addresses:
            owner, _ = claimed.setdefault(address, (name, contact.source))
            if name_key(owner) != name_key(name):
                shared.add(address)
    return [
        (address, name, source)
        for address, (name, source) in sorted(claimed.items())
        if address not in shared
    ]


def name_key(name: str) -> str:
    """A name (or an address, a short name) as aliases are looked up by: in lower case, its
    spaces single."""
    return " ".join(name.casefold().split())


def formal_names(name: str) -> list[str]:
    """The first names a short one stands for (`jeff` → jeffrey, geoffrey, …), lower case,
    from the `nicknames` package: carltonnorthern/nicknames, a hand-curated table of English
    given names and their nicknames (Apache-2.0), shipped as data inside the package."""
    table = _nickname_table()
    return table.get(name.lower(), []) if table else []


@functools.cache
def _nickname_table() -> dict[str, list[str]] | None:
    try:
        from nicknames import name_triplets
    except ImportError:  # searchkit works without it: short names are then the corpus's own
        return None
    table: dict[str, list[str]] = {}
    for triplet in name_triplets():
        if triplet.relationship == "has_nickname":
            table.setdefault(triplet.name2, []).append(triplet.name1)
    return {name: sorted(set(formal)) for name, formal in table.items()}


def alias_table(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Each alias (its `name_key`) → the names it stands for; and each name with addresses among
    its aliases → those addresses, so that a search for the name finds mail from any of
    them (a short name is never looked up from the name: `jeff` may be two people's)."""
    table: dict[str, list[str]] = {}
    for alias, name in pairs:
        _listed(table, name_key(alias), name)
        if "@" in alias:
            _listed(table, name_key(name), alias)
    return table


class NameTable(Mapping[str, list[str]]):
    """The alias table (`alias_table` of the aliases in force), and under each person's one
    name the addresses the corpus names them at (`addresses`: `Names.addresses`), added at
    the first look-up: only a search naming a person needs them, and a large corpus has
    many. So `from:"Kim Lee"` finds her mail headed by her address alone, as the counts of
    her mail count it."""

    def __init__(
        self, pairs: Iterable[tuple[str, str]], addresses: Callable[[], Iterable[tuple[str, str]]]
    ) -> None:
        self._table = alias_table(pairs)
        self._addresses: Callable[[], Iterable[tuple[str, str]]] | None = addresses
        self._lock = threading.Lock()  # the facets are counted in a thread beside the search

    def _completed(self) -> dict[str, list[str]]:
        with self._lock:
            if self._addresses is not None:
                for name, address in self._addresses():
                    _listed(self._table, name_key(name), address)
                self._addresses = None
        return self._table

    def __getitem__(self, key: str) -> list[str]:
        return self._completed()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._completed())

    def __len__(self) -> int:
        return len(self._completed())


def _listed(table: dict[str, list[str]], key: str, value: str) -> None:
    values = table.setdefault(key, [])
    if value not in values:
        values.append(value)


def other_names(name: str, table: Mapping[str, list[str]]) -> list[str]:
    """The names (and addresses) a name stands for too: as a header's name is read (`Smith,
    Anna` is Anna Smith), and by the `alias_table`, those it is an alias of and their
    addresses (`gdb` is Greg Brockman, and so his addresses are his)."""
    key = name_key(name)
    found: dict[str, None] = {}
    read = _unquote(name)  # `Smith, Anna` is Anna Smith, as a header's name is read
    if name_key(read) != key:
        found.setdefault(read)
    for spelling in dict.fromkeys((key, name_key(read))):
        for other in table.get(spelling, ()):
            found.setdefault(other)
            for address in table.get(name_key(other), ()):
                found.setdefault(address)
    return [other for other in found if name_key(other) != key]


def alias_origins(
    corpus, signature_pairs: Iterable[tuple[str, str]], book: Iterable[Alias] = ()
) -> list[Alias]:
    """The aliases in force: the alias file's, then the address book's, then the sign-offs
    the corpus shows; of two for one alias, the first."""
    origin = f"{ALIAS_FILE} in {corpus}"
    found = [Alias(alias, name, origin) for alias, name in read_alias_file(corpus)]
    found.extend(book)
    found.extend(
        Alias(sign, name, "sign-off in the corpus's emails") for sign, name in signature_pairs
    )
    first: dict[str, Alias] = {}
    for alias in found:
        first.setdefault(name_key(alias.alias), alias)
    return list(first.values())
