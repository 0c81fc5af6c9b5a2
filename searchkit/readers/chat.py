"""Chat exports: WhatsApp's "Export chat" text and Slack's workspace export.

Each message becomes a `ChatMessage` with its sender and time; the chat (the file, or the
Slack channel) is its thread. Dates are read in the order the export's locale wrote them
(day first, month first, year first): the order is the one under which every date of the file
is valid and the messages run forward in time. When the file cannot tell, no date is given,
and a line says so: a date is never guessed.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from .documents import ChatMessage, Problem, Reading, file_lines

# The half of the day a 12-hour clock writes, in each locale's own words (the CLDR ones the
# phone formats with), by its letters (case, dots and spaces aside): is it the afternoon?
# Most write it after the time (`3:45 nachm.`, `9:20 p. m.`, `10:00 م`, `8:04 PM`)...
_HALF_AFTER_TIME = {
    "am": False, "pm": True,  # English and most others; Spanish `a. m.`/`p. m.`
    "vorm": False, "nachm": True,  # German
    "πμ": False, "μμ": True,  # Greek
    "fm": False, "em": True,  # Swedish
    "ap": False, "ip": True,  # Finnish
    "dop": False, "odp": True,  # Czech
    "sa": False, "ch": True,  # Vietnamese
    "ص": False, "م": True,  # Arabic
}  # fmt: skip
# ... and Korean, Japanese, Chinese, Hungarian and Turkish before it (`오후 3:45`, `午後3:45`)
_HALF_BEFORE_TIME = {
    "오전": False, "오후": True,
    "午前": False, "午後": True,
    "上午": False, "下午": True,
    "de": False, "du": True,
    "öö": False, "ös": True,
}  # fmt: skip
_HALVES = _HALF_AFTER_TIME | _HALF_BEFORE_TIME
_HALF_LETTERS = re.compile(r"[\s.]")


def _written(halves: dict[str, bool]) -> str:
    """The markers as written: each letter may be followed by a dot and a space (`a. m.`),
    and U+202F stands for a space as often as not; the longest first."""
    forms = sorted(halves, key=len, reverse=True)
    return "|".join(r"\.?\s?".join(map(re.escape, form)) + r"\.?" for form in forms)


# The stamp that opens a message, in every locale's date and clock: `[12/03/2019, 10:14:22]
# Name: text` (iOS), `12/03/2019, 10:14 - Name: text` (Android), `2016-06-27, 8:04:08 AM:
# Name: text` (iOS before 2017); the date day, month or year first (`12.03.19`, `3/12/19`,
# `2019-03-12`, Korean `2019. 3. 12.`), the time after a comma (`،` in Arabic), a space or a
# word (French `à`, Finnish `klo`), its `:` a `.` in some (`klo 14.08.18`); a byte-order mark
# or a left-to-right mark (iOS) may stand first.
WHATSAPP_LINE = re.compile(
    r"^[\ufeff\u200e\u200f]{0,3}(?P<open>\[)?"
    r"(?P<date>\d{1,4}(?P<sep>[./-])\s?\d{1,2}(?P=sep)\s?\d{1,4})\.?[,\u060c]?\s{1,3}"
    r"(?:(?:à|klo|kl\.|um|às|om)\s{1,3})?"
    rf"(?:(?P<before>{_written(_HALF_BEFORE_TIME)})\s?)?"
    r"(?P<time>\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)"
    rf"(?:\s?(?P<after>{_written(_HALF_AFTER_TIME)}))?"
    r"(?(open)\](?:\s[-\u2013])?|(?:\s[-\u2013]|:))\s(?P<rest>.*)$",
    re.IGNORECASE,
)
# the sender ends at the first `:`; a line without one is the app's own (`created group`), and
# so is one whose "sender" holds quotes or a sentence (`changed the subject to "a: b"`)
_SENDER = re.compile(r'^(?P<sender>[^:"]{1,80}?):(?P<text>.*)$', re.DOTALL)
_MOST_WORDS_IN_A_NAME = 6
# WhatsApp marks what the app wrote itself (a notice, a placeholder) with a left-to-right mark
_APP = "\u200e"
# the marks of direction the app puts around names and numbers, never words of them
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# a contact not saved on the phone, as iOS and Android name them: `~\u202fNev`
_UNSAVED = re.compile(r"^~\s?")
# a file sent with the message. iOS: `<attached: 00000012-PHOTO-2023-01-05.jpg>` in the
# phone's language (`<вложено: …>`, `<Anhang: …>`, `<pièce jointe : …>`), alone or after
# the words it came with
_IOS_ATTACHED = re.compile(
    r"(?:^|(?<=\s))<[^\W\d_]{1,25}(?: [^\W\d_]{1,25}){0,2} ?:\s*"
    r"(?P<file>[^<>\n]{1,255}\.\w{1,8})>$"
)
#: The end of a message an iOS file is looked for in (the longest name, its label and marks).
_IOS_ATTACHED_CHARS = 320
# Android: `IMG-20190312-WA0001.jpg (file attached)` on the message's first line, its caption
# under it; in another language the parenthesis is its own (`(Datei angehängt)`), and the
# file known by the name WhatsApp gives the media it sends
_ANDROID_ATTACHED = re.compile(
    r"^(?:(?P<file>[^\n()]{1,255}\.\w{1,8}) \(file attached\)"
    r"|(?P<media>(?:IMG|VID|AUD|PTT|STK|DOC)-\d{8}-WA\d{4,6}\.\w{1,8}) \([^()\n]{1,40}\))$"
)
# signal-export's Markdown link to the file: `![photo.jpg](./media/photo.jpg)`
_LINKED = re.compile(r"^!?\[(?P<file>[^\[\]\n]{1,255})\]\([^()\n]{1,1000}\)$")
# the folder an iOS export unpacks to: `WhatsApp Chat - Grupo Café/_chat.txt`
_IOS_FOLDER = re.compile(r"^WhatsApp Chat - (?P<title>.+)$")
#: The files that are a chat whose folder names it: WhatsApp on iOS (`_chat.txt`), and
#: signal-export, which writes Signal Desktop's chats in WhatsApp's lines (`Ana/chat.md`)
_CHAT_FILES = ("_chat", "chat")
_ORDERS = {"day first": (2, 1, 0), "month first": (2, 0, 1), "year first": (0, 1, 2)}


def looks_like_whatsapp(text: str, *, named: bool = False) -> bool:
    """Are most of its first lines (two at least) stamped as WhatsApp stamps them? For a file
    `named` as an export, its first line is enough (a chat of one message, of many lines)."""
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if named and lines and WHATSAPP_LINE.match(lines[0]):
        return True
    stamped = sum(bool(WHATSAPP_LINE.match(line)) for line in lines)
    return len(lines) >= 2 and stamped * 2 > len(lines)


def read_whatsapp(text: str, source: str, reading: Reading) -> None:
    """One ChatMessage per message; continuation lines join the message above. The app's
    own lines are no one's message: those without a sender (Android: `Luis created group`),
    and on iOS, where the app writes them as said by the chat itself or by the person they
    tell of, the encryption notice that opens the file and the group's notices (`Grupo Café:
    ‎Luis added Ana`, `~ Nev: ‎~ Nev created this group`)."""
    entries = _entries(text)
    days = [entry.stamp["date"] for entry in entries]
    order = _date_order(days) or _order_by_files(entries, days)
    if order is None and entries:
        reading.problems.append(
            Problem(source, "day and month cannot be told apart in its dates: left undated")
        )
    chat, title = _whatsapp_chat(source)
    for entry, sender, said in _said(_quoted_stamps_joined(entries, order), title):
        words, attachments = _attachments(_BIDI.sub("", said).strip())
        reading.documents.append(
            ChatMessage(
                source=source,
                line_start=entry.first,
                line_end=entry.last,
                chat=chat,
                sender=sender,
                date=entry.when(order),
                text=words,
                attachments=attachments,
            )
        )


@dataclass
class _Entry:
    """A stamped line, and the lines under it that its message runs on."""

    first: int
    stamp: re.Match[str]
    lines: list[str]  # the stamped line's, then the others', blank ones as blank

    @property
    def last(self) -> int:
        """The line its message ends on: its last that is not blank."""
        written = [number for number, line in enumerate(self.lines) if line.strip()]
        return self.first + written[-1]

    @property
    def rest(self) -> str:
        """What follows the stamp: the sender and the words, all lines of them."""
        return "\n".join([self.stamp["rest"], *(line for line in self.lines[1:] if line.strip())])

    def when(self, order: tuple[int, int, int] | None) -> datetime | None:
        stamp = self.stamp
        half = stamp["before"] or stamp["after"]
        return on_day(stamp["date"], stamp["time"], half, order) if order else None

    @property
    def unsaid(self) -> bool:
        """Stamped, but said by no one, nor marked as the app's (U+200E): an app's line on
        Android (`Luis created group`), or a date the message above begins a line with."""
        rest = self.stamp["rest"]
        return not rest.startswith(_APP) and not _SENDER.match(rest)


def _entries(text: str) -> list[_Entry]:
    entries: list[_Entry] = []
    for number, line in enumerate(file_lines(text), start=1):
        stamp = WHATSAPP_LINE.match(line)
        if stamp:
            entries.append(_Entry(number, stamp, [line]))
        elif entries:
            entries[-1].lines.append(line)
    return entries


def _quoted_stamps_joined(
    entries: list[_Entry], order: tuple[int, int, int] | None
) -> list[_Entry]:
    """The entries, a line stamped with no sender that is out of its place in time (a date
    before the message above, or after the one below: `[16/02/2023, 09:00:00] Bin day`
    among messages of the 15th) joined to the message above as words of it. One in its place
    is the app's own line, as WhatsApp writes them (`[06/20/20 00:08] Ann created group`)."""
    times = [entry.when(order) for entry in entries]
    kept: list[tuple[_Entry, datetime | None]] = []
    for index, (entry, when) in enumerate(zip(entries, times, strict=True)):
        after = times[index + 1] if index + 1 < len(times) else None
        before = kept[-1][1] if kept else None
        if (
            when
            and kept
            and entry.unsaid
            and ((before and when < before) or (after and when > after))
        ):
            kept[-1][0].lines.extend(entry.lines)
        else:
            kept.append((entry, when))
    return [entry for entry, _ in kept]


def _said(entries: list[_Entry], title: str | None) -> Iterator[tuple[_Entry, str, str]]:
    """Each entry that a person said, with its sender and words: not the app's own lines."""
    said_by = [_SENDER.match(entry.rest) for entry in entries]
    named = [_person(said["sender"]) if said else "" for said in said_by]
    times_named = Counter(named)
    voices = {
        sender
        for sender, said in zip(named, said_by, strict=True)
        if said and not said["text"].lstrip(" ").startswith(_APP)
    }
    for index, (entry, said, sender) in enumerate(zip(entries, said_by, named, strict=True)):
        if not said or len(sender.split()) > _MOST_WORDS_IN_A_NAME:
            continue  # the app's own line: `created group`, `You were added`
        words = (said["text"] or "").strip(" ")
        if words.startswith(_APP) and (
            (index == 0 and _notice(words))
            or (sender == title and sender not in voices)
            or _person(words).startswith(f"{sender} ")
        ):
            continue  # iOS: the encryption notice, a group's notices, `~ Nev: ~ Nev left`
        if index == 0 and times_named[sender] == 1 and "whatsapp" in words.casefold():
            continue  # the encryption notice, said by a chat that says nothing else
        yield entry, sender, words


def _notice(words: str) -> bool:
    """Are marked words that open a chat its encryption notice (a sentence or two, in the
    phone's language), not a person's file (`‎<attached: …>`) or placeholder (`‎image
    omitted`), which the app marks alike?"""
    words = _BIDI.sub("", words).strip()
    return len(words) > _LONGEST_PLACEHOLDER and not _IOS_ATTACHED.search(words)


#: The longest words with which the app stands in for a file not exported (`‎image omitted`,
#: `‎Kontaktkarte ausgelassen`), in any language, and more than the shortest notice is not.
_LONGEST_PLACEHOLDER = 40


def _person(name: str) -> str:
    """A sender as one person whatever the export: iOS wraps a number in bidi controls
    (`\u202a+44 7700 900123\u202c`) and puts `~ ` before a contact not saved."""
    return _UNSAVED.sub("", _BIDI.sub("", name).strip()).strip()


def _whatsapp_chat(source: str) -> tuple[str, str | None]:
    """The chat a file holds, as its thread, and its title where the export names it: the
    file's name on Android (`WhatsApp Chat with Ana Pérez`), the folder's on iOS, whose file
    is always `_chat.txt`, and in signal-export's (`Ana Pérez/chat.md`)."""
    path = PurePosixPath(source)
    folder = _IOS_FOLDER.match(path.parent.name)
    if path.stem in _CHAT_FILES and path.parent.name:
        return path.parent.name, folder["title"] if folder else None
    return path.stem, None


def _attachments(words: str) -> tuple[str, tuple[str, ...]]:
    """A message's words and the file it sent, when it sent one."""
    first, _, caption = words.partition("\n")
    android = _ANDROID_ATTACHED.match(first.strip())
    if android:
        return caption.strip(), ((android["file"] or android["media"]).strip(),)
    linked = _LINKED.match(words)
    if linked:
        return "", (linked["file"].strip(),)
    ios = _IOS_ATTACHED.search(words[-_IOS_ATTACHED_CHARS:])
    if ios:
        return words[: len(words) - len(ios[0])].strip(), (ios["file"].strip(),)
    return words, ()


def _date_order(days: list[str]) -> tuple[int, int, int] | None:
    # a dotted date is day first wherever it is written so (`03.02.21`: Germany, Russia,
    # Norway…); no locale writes the month first between dots
    dotted = bool(days) and all("." in day for day in days)
    return day_order(days, prefer="day first" if dotted else None)


def day_order(days: list[str], prefer: str | None = None) -> tuple[int, int, int] | None:
    """The field order of a file's numeric dates: the one under which every date is valid
    (`3/18/25` can only be month first, wherever it stands in the file; a year first has
    four digits, unless nothing else reads the dates); when several are,
    the one under which the messages run forward in time; when still several, `prefer` (the
    exporter's default, if it has one), else None: the file cannot tell."""
    valid = []
    for order in _ORDERS.values():
        try:
            valid.append((order, [_day(value, order) for value in days]))
        except ValueError:
            continue
    year_first = _ORDERS["year first"]
    if len(valid) > 1 and any(len(re.split(r"[./-]", value)[0]) < 4 for value in days):
        # `18/3/25` is 2018-03-25 only to a reader with no other choice: a locale that
        # writes the year first writes all four of its digits
        valid = [(order, dates) for order, dates in valid if order != year_first]
    for fitting in (valid, [(order, dates) for order, dates in valid if _forward(dates)]):
        if fitting and len({tuple(dates) for _, dates in fitting}) == 1:
            return fitting[0][0]
    if prefer in _ORDERS and any(order == _ORDERS[prefer] for order, _ in valid):
        return _ORDERS[prefer]
    return None


def _order_by_files(entries: list[_Entry], days: list[str]) -> tuple[int, int, int] | None:
    """Where the dates alone cannot tell their order, the one under which the files sent
    bear their messages' days, as WhatsApp names them (`IMG-20241207-WA0005.jpg`,
    `00000012-PHOTO-2024-12-07-10-16-10.jpg`): of the orders every date reads in, the only
    one under which some do (and None where none or several do)."""
    sent = [(entry.stamp["date"], day) for entry in entries if (day := _file_day(entry.rest))]
    if not sent:
        return None
    fitting = []
    for order in _ORDERS.values():
        try:
            [_day(value, order) for value in days]
        except ValueError:
            continue
        if any(_day(value, order) == day for value, day in sent):
            fitting.append(order)
    return fitting[0] if len(fitting) == 1 else None


# the day in the name WhatsApp gives a file it sends: Android `IMG-20241207-WA0005.jpg`,
# iOS `00000012-PHOTO-2024-12-07-10-16-10.jpg`
_FILE_DAY = re.compile(
    r"\b(?:IMG|VID|AUD|PTT|STK|DOC)-(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})-WA\d"
    r"|\b\d{8}-[A-Z]{3,10}-(?P<Y>\d{4})-(?P<M>\d{2})-(?P<D>\d{2})-\d"
)


def _file_day(words: str) -> datetime | None:
    found = _FILE_DAY.search(words[:_IOS_ATTACHED_CHARS * 4])
    if found is None:
        return None
    year, month, day = (found["y"], found["m"], found["d"]) if found["y"] else found.group(4, 5, 6)
    with contextlib.suppress(ValueError):
        return datetime(int(year), int(month), int(day))
    return None


def _forward(dates: list[datetime]) -> bool:
    return all(earlier <= later for earlier, later in zip(dates, dates[1:], strict=False))


def _day(value: str, order: tuple[int, int, int]) -> datetime:
    parts = [int(part) for part in re.split(r"[./-]", value)]
    year, month, day = (parts[index] for index in order)
    if year < 100:
        year += 2000 if year < 70 else 1900
    return datetime(year, month, day)


def _when(value: str, time: str, half: str | None, order: tuple[int, int, int]) -> datetime:
    hour, minute, *second = (int(part) for part in re.split(r"[:.]", time))
    afternoon = _afternoon(half)
    if afternoon and hour < 12:
        hour += 12
    elif afternoon is False and hour == 12:
        hour = 0
    return _day(value, order).replace(hour=hour, minute=minute, second=second[0] if second else 0)


def _afternoon(half: str | None) -> bool | None:
    """Is the half of the day a 12-hour clock writes (`PM`, `nachm.`, `오후`) the afternoon?
    None for a 24-hour clock."""
    return _HALVES.get(_HALF_LETTERS.sub("", half).casefold()) if half else None


def on_day(value: str, time: str, half: str | None, order: tuple[int, int, int]) -> datetime | None:
    """`value` (`17/01/2023`) at `time` (`7:33`, with `PM` or not) read in `order`; None
    when that is no time."""
    try:
        return _when(value, time, half, order)
    except ValueError:
        return None


# -- Slack ---------------------------------------------------------------------------------------

#: The export's own files beside the channel folders: what they hold is read from them by
#: the channels' messages (names), never indexed as messages.
SLACK_METADATA_FILES = {
    "users.json",
    "channels.json",
    "groups.json",
    "dms.json",
    "mpims.json",
    "integration_logs.json",
    "canvases.json",
}
#: What Slack writes in a channel of its own, as a message `subtype`: who joined or left, a
#: topic or name set, a bot added, a pin, and the `tombstone` (`This message was deleted.`,
#: by USLACKBOT) left where a thread's first message was: no person's message.
_SLACK_EVENTS = frozenset(
    f"{room}_{event}"
    for room in ("channel", "group")
    for event in ("join", "leave", "topic", "purpose", "name", "archive", "unarchive")
) | {"bot_add", "bot_remove", "pinned_item", "unpinned_item", "tombstone"}
# Slack's references in a message's text (its "Formatting text" guide): a person
# `<@U024BE7LH>` (or `<@U024BE7LH|bob>`), a channel `<#C024BE7LR|general>`, a link
# `<https://x.org|label>`, and the special ones `<!here>`, `<!subteam^S01|@team>`,
# `<!date^1392734382^{date_short}|Feb 18, 2014>` (their label, else their name)
_MENTION = re.compile(r"<@(?P<user>[A-Z0-9]+)(?:\|(?P<name>[^>]+))?>")
_CHANNEL = re.compile(r"<#(?P<id>[A-Z0-9]+)(?:\|(?P<name>[^>]*))?>")
_SPECIAL = re.compile(r"<!(?P<what>[a-z]+)(?:\^[^>|]*)?(?:\|(?P<label>[^>]+))?>")
_LINK = re.compile(r"<(?P<url>[a-z]+:[^|>]+)(?:\|(?P<label>[^>]+))?>")


def looks_like_slack_day(head: bytes) -> bool:
    start = head.lstrip()[:1]
    return start == b"[" and b'"ts"' in head and b'"type"' in head


def read_slack(data: bytes, path: Path, source: str, reading: Reading) -> None:
    """One ChatMessage per message of a day file (`channel/YYYY-MM-DD.json`), user ids
    resolved to names with the export's users.json."""
    names = _slack_names(_file_bytes(path.parent.parent / "users.json"))
    _slack_day(data, path.parent.name, names, source, reading)


#: A day file inside an export: `[Workspace/]channel/YYYY-MM-DD.json`.
_ZIPPED_DAY = re.compile(r"^(?:(?P<top>[^/]+)/)?(?P<channel>[^/]+)/\d{4}-\d{2}-\d{2}\.json$")
#: What an export's zip may unpack to, at most (a zip bomb is a small file), counted as it
#: is inflated (the sizes a zip declares may lie), and what one day file may: a day of a
#: channel is kilobytes, and its JSON is held whole to be parsed.
_MOST_UNZIPPED = 1 << 30
MOST_MEMBER_BYTES = 32 * 2**20
_CHUNK = 2**20


class _OverBudget(Exception):
    """A member inflates past what it may: `limit` bytes."""


def read_slack_zip(data: bytes, source: str, reading: Reading) -> None:
    """Slack's export as it is downloaded, a .zip of the export folder: its day files read
    as they would be unpacked (each message's thread its channel), each inflated a piece at a
    time under a budget per file and for the whole archive."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        reading.problems.append(Problem(source, f"not a readable zip archive ({error})"))
        return
    days = [(member, found) for member in members if (found := _ZIPPED_DAY.match(member.filename))]
    if not days:
        reading.problems.append(
            Problem(source, "a zip archive that is no Slack export: unpack it to index its files")
        )
        return
    if sum(member.file_size for member, _ in days) > _MOST_UNZIPPED:
        reading.problems.append(Problem(source, "unpacks to over 1 GB: unpack it to index it"))
        return
    tops = {found["top"] for _, found in days}
    users = next((f"{top}/users.json" if top else "users.json" for top in tops), "users.json")
    left = [_MOST_UNZIPPED]  # what the archive may still inflate to
    try:
        listed = _inflated(archive, users, left) if users in archive.namelist() else b""
        names = _slack_names(listed)
        for member, found in sorted(days, key=lambda day: day[0].filename):
            try:
                day = _inflated(archive, member.filename, left)
            except _OverBudget as over:
                reading.problems.append(
                    Problem(
                        f"{source} ({member.filename})",
                        f"unpacks to over {over.args[0] // 2**20} MB: not read",
                    )
                )
                if left[0] <= 0:
                    return
                continue
            _slack_day(day, found["channel"], names, source, reading)
    except _OverBudget:
        reading.problems.append(Problem(f"{source} ({users})", "unpacks to over 32 MB: not read"))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        reading.problems.append(Problem(source, f"read only in part ({error})"))


def _inflated(archive: zipfile.ZipFile, name: str, left: list[int]) -> bytes:
    """A member's bytes, inflated a piece at a time: past MOST_MEMBER_BYTES, or past what
    the archive may still give (`left`, which this spends), it is given up (_OverBudget)
    before more is held."""
    limit = min(MOST_MEMBER_BYTES, left[0])
    pieces, size = [], 0
    with archive.open(name) as member:
        while piece := member.read(_CHUNK):
            size += len(piece)
            left[0] -= len(piece)
            if size > limit:
                raise _OverBudget(limit)
            pieces.append(piece)
    return b"".join(pieces)


def _slack_day(data: bytes, channel: str, names: dict[str, str], source: str, reading: Reading):
    messages = json.loads(data.decode("utf-8"))
    for message in messages if isinstance(messages, list) else ():
        if not isinstance(message, dict) or "ts" not in message:
            continue
        if message.get("subtype") in _SLACK_EVENTS:
            continue  # `Ann has joined the channel`: Slack's, not Ann's
        sender = _slack_sender(message, names)
        text = _slack_text(message, names)
        if not text:
            continue
        reading.documents.append(
            ChatMessage(
                source=source,
                line_start=1,
                line_end=max(1, data.count(b"\n") + 1),
                chat=channel,
                sender=sender,
                # `ts` is seconds, then a sequence number that only orders messages
                date=datetime.fromtimestamp(int(float(message["ts"])), tz=timezone.utc),
                text=text,
            )
        )


def _file_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _slack_names(users: bytes) -> dict[str, str]:
    try:
        listed = json.loads(users.decode("utf-8"))
    except ValueError:
        return {}
    if not isinstance(listed, list):
        return {}
    return {
        user["id"]: user.get("real_name")
        or user.get("profile", {}).get("real_name")
        or user["name"]
        for user in listed
        if isinstance(user, dict) and "id" in user and "name" in user
    }


def _slack_sender(message: dict, names: dict[str, str]) -> str | None:
    user = message.get("user")
    if user:
        return names.get(user, user)
    return message.get("username") or (message.get("bot_profile") or {}).get("name")


def _slack_text(message: dict, names: dict[str, str]) -> str:
    """The message's words, mentions as names and links as their labels; a bot's message
    (commits, alerts) is in its attachments."""
    parts = [message.get("text") or ""]
    for attachment in message.get("attachments") or ():
        if isinstance(attachment, dict):
            parts.append(attachment.get("pretext") or "")
            parts.append(attachment.get("text") or attachment.get("fallback") or "")
    text = "\n".join(part for part in parts if part)
    text = _MENTION.sub(lambda m: "@" + (m["name"] or names.get(m["user"], m["user"])), text)
    text = _CHANNEL.sub(lambda m: "#" + (m["name"] or m["id"]), text)
    text = _SPECIAL.sub(lambda m: m["label"] or "@" + m["what"], text)
    text = _LINK.sub(lambda m: m["label"] or m["url"], text)
    return html.unescape(text).strip()  # Slack writes &lt; &gt; &amp;


# -- what the chat exports of other apps share ---------------------------------------------------


def reply_note(sender: str | None, when: datetime | None) -> str:
    """The line a reply starts with, naming the message it answers (a unit has no field
    for the link): `(reply to Ann, 2019-07-12 16:55)`."""
    said = [sender or "someone"]
    if when is not None:
        said.append(when.strftime("%Y-%m-%d %H:%M"))
    return f"(reply to {', '.join(said)})"


def with_notes(text: str, *notes: str | None) -> str:
    """The message's text under its notes (reply, forward), one a line."""
    return "\n".join([*(note for note in notes if note), text]).strip()


def json_text(data: bytes) -> str:
    """A JSON export's text: UTF-8, a byte-order mark dropped (Facebook writes one)."""
    return data.decode("utf-8-sig")


def json_messages(data: bytes, source: str, reading: Reading) -> tuple[str, dict, list] | None:
    """An export written as `{"messages": [...], …}`: its text, its object and its messages;
    None, and a line saying so, when it holds no such list."""
    text = json_text(data)
    export = json.loads(text)
    messages = export.get("messages") if isinstance(export, dict) else None
    if not isinstance(messages, list):
        reading.problems.append(Problem(source, "JSON with no messages: not read"))
        return None
    return text, export, messages


class LineFinder:
    """The line of each message in a JSON export, found by a key that names it (its id,
    its time), searched forward from the last one found: linear in the file."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.line = 1

    def find(self, key: str, value: object) -> int:
        if value is None:
            return self.line
        found = re.compile(rf'"{re.escape(key)}"\s{{0,8}}:\s{{0,8}}"?{re.escape(str(value))}\b')
        match = found.search(self.text, self.at)
        if match:  # (a message given twice, as exports do, is found twice)
            self.line += self.text.count("\n", self.at, match.start())
            self.at = match.end()
        return self.line


_JSON_SPACE = re.compile(r"[ \t\n\r]*")


class JsonWalk:
    """The items of a JSON export's message lists, decoded one at a time, so that a large
    export is never one tree in memory: objects on the way to them are walked key by key,
    every other value decoded whole (the json module's own decoder, C-speed).

    `objects` are the paths of the objects walked (`()` the top), `lists` those of arrays
    whose items are objects walked (path + `("*",)`), `items` those of the arrays whose each
    item is yielded, with the enclosing object's values read so far (a chat's `name`, a
    channel's `guild`) and the line the item starts on."""

    def __init__(
        self,
        text: str,
        objects: set[tuple[str, ...]],
        lists: set[tuple[str, ...]],
        items: set[tuple[str, ...]],
    ) -> None:
        self.text, self.objects, self.lists, self.items = text, objects, lists, items
        self.decoder = json.JSONDecoder()
        self.at = 0
        self.line, self.counted = 1, 0

    def __iter__(self) -> Iterator[tuple[dict, object, int]]:
        self._space()
        if self.text.startswith("\ufeff", self.at):
            self.at += 1
        yield from self._value((), {})

    def _space(self) -> None:
        found = _JSON_SPACE.match(self.text, self.at)
        self.at = found.end() if found else self.at

    def _expect(self, mark: str) -> None:
        self._space()
        if not self.text.startswith(mark, self.at):
            raise ValueError(f"JSON: {mark!r} expected at character {self.at}")
        self.at += 1

    def _next_is(self, mark: str) -> bool:
        self._space()
        return self.text.startswith(mark, self.at)

    def _value(self, path: tuple[str, ...], context: dict) -> Iterator[tuple[dict, object, int]]:
        self._space()
        if path in self.objects and self._next_is("{"):
            yield from self._object(path, {})
        elif (path in self.lists or path in self.items) and self._next_is("["):
            self._expect("[")
            while not self._next_is("]"):
                if path in self.items:
                    self.line += self.text.count("\n", self.counted, self.at)
                    self.counted = self.at
                    item, self.at = self.decoder.raw_decode(self.text, self.at)
                    yield context, item, self.line
                else:
                    yield from self._value((*path, "*"), context)
                if not self._next_is("]"):
                    self._expect(",")
            self._expect("]")
        else:
            value, self.at = self.decoder.raw_decode(self.text, self.at)
            if path:
                context[path[-1]] = value

    def _object(self, path: tuple[str, ...], context: dict) -> Iterator[tuple[dict, object, int]]:
        self._expect("{")
        while not self._next_is("}"):
            key, self.at = self.decoder.raw_decode(self.text, self.at)
            self._expect(":")
            yield from self._value((*path, str(key)), context)
            if not self._next_is("}"):
                self._expect(",")
        self._expect("}")
