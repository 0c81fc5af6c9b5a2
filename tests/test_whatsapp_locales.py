"""WhatsApp's "Export chat" in the whole grammar of its line: every locale's date order and
separators, the word between date and time (`à`, `klo`, Arabic `،`), 24-hour clocks with `:`
or `.`, 12-hour clocks with the locale's marker after the time (`PM`, `p. m.`, `nachm.`, `م`,
with U+202F or a space) or before it (`오후`, `午後`, `下午`), iOS's brackets, Android's ` - `,
old iOS's `: `, a byte-order mark, CRLF; files sent, in the phone's language (`<вложено: …>`,
`(Datei angehängt)`), with a caption or none; and the app's own lines in each of the shapes it
writes them. Every field of every message is read back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit.corpus import read_units
from searchkit.readers.chat import WHATSAPP_LINE, on_day

#: How a locale writes a day, and whether a day past the 12th must be in the file to tell
#: its order (a dotted date is day first by convention; a year first, by its four digits).
DAYS = {
    "day/month/yy": ("{d:02d}/{m:02d}/{y:02d}", True),
    "day/month/yyyy": ("{d}/{m}/{Y}", True),
    "month/day/yy": ("{m}/{d}/{y:02d}", True),
    "day-month-yy": ("{d:02d}-{m:02d}-{y:02d}", True),
    "day-month-yyyy": ("{d:02d}-{m:02d}-{Y}", True),
    "day.month.yy": ("{d:02d}.{m:02d}.{y:02d}", False),
    "day.month.yyyy": ("{d}.{m}.{Y}", False),
    "yyyy-month-day": ("{Y}-{m:02d}-{d:02d}", False),
    "yyyy/month/day": ("{Y}/{m:02d}/{d:02d}", False),
    "yyyy. month. day.": ("{Y}. {m}. {d}.", False),  # Korean
}
#: What stands between the date and the time.
BETWEEN = [", ", " ", " à ", " klo ", "\u060c "]
#: A 12-hour clock's markers (morning, afternoon), and whether they stand before the time.
HALVES = [
    ("AM", "PM", False),
    ("am", "pm", False),
    ("a. m.", "p. m.", False),
    ("a.\u202fm.", "p.\u202fm.", False),
    ("a.m.", "p.m.", False),
    ("vorm.", "nachm.", False),
    ("\u0635", "\u0645", False),  # Arabic ص, م
    ("π.μ.", "μ.μ.", False),
    ("fm", "em", False),
    ("ap.", "ip.", False),
    ("dop.", "odp.", False),
    ("SA", "CH", False),
    ("오전", "오후", True),
    ("午前", "午後", True),
    ("上午", "下午", True),
    ("de.", "du.", True),
    ("ÖÖ", "ÖS", True),
]
#: A sender as the export writes them, and as one person.
SENDERS = [
    ("Luis García", "Luis García"),
    ("Sandrine - French", "Sandrine - French"),
    ("Bob 🐢", "Bob 🐢"),
    ("O'Neil", "O'Neil"),
    ("山田太郎", "山田太郎"),
    ("محمد علي", "محمد علي"),
    ("~\u202fNev", "Nev"),  # a contact not saved
    ("~ Maria", "Maria"),
    ("\u202a+44 7700 900123\u202c", "+44 7700 900123"),  # iOS wraps a number
    ("+1 (555) 123-4567", "+1 (555) 123-4567"),
]
TITLES = ["Grupo Café", "Family 👨‍👩‍👧", "Mökki 2023"]
#: iOS's word for a file sent, in the phone's language (`<attached: …>`, `<вложено: …>`).
IOS_ATTACHED = ["attached", "вложено", "Anhang", "adjunto", "pièce jointe", "allegato", "anexo"]
#: Android's parenthesis after a file sent, in the phone's language.
ANDROID_ATTACHED = ["Datei angehängt", "archivo adjunto", "fichier joint", "файл прикреплен"]
#: Files as each app names the media it sends (Android: `IMG-20190312-WA0001.jpg`).
IOS_FILES = ["00000012-PHOTO-2023-01-05-10-16-10.jpg", "00000021-AUDIO-2023-02-15-07-00-00.opus"]
ANDROID_FILES = ["IMG-20190312-WA0001.jpg", "VID-20240101-WA0012.mp4", "PTT-20230215-WA0003.opus"]
ENCRYPTED = (
    "Messages and calls are end-to-end encrypted. No one outside of this chat, "
    "not even WhatsApp, can read or listen to them."
)


@dataclass
class Export:
    """A generated export: its file's name and text, and the messages it holds."""

    name: str
    chat: str
    lines: list[str] = field(default_factory=list)
    expected: list[tuple[str, datetime, str, tuple[str, ...]]] = field(default_factory=list)


@st.composite
def clocks(draw):
    """A function writing a time as one locale's clock does."""
    seconds = draw(st.booleans())
    dot = draw(st.sampled_from([":", "."]))
    twelve = draw(st.none() | st.sampled_from(HALVES))
    space = draw(st.sampled_from([" ", "\u202f", ""]))

    def written(when: datetime) -> str:
        hour = when.hour % 12 or 12 if twelve else when.hour
        clock = f"{hour:{'d' if twelve else '02d'}}{dot}{when:%M}"
        clock += f"{dot}{when:%S}" if seconds else ""
        if not twelve:
            return clock
        morning, afternoon, before = twelve
        half = afternoon if when.hour >= 12 else morning
        return f"{half}{space}{clock}" if before else f"{clock}{space or ' '}{half}"

    return written, seconds


@st.composite
def whatsapp_exports(draw) -> Export:
    platform = draw(st.sampled_from(["ios", "android", "old ios"]))
    day_style, needs_evidence = DAYS[draw(st.sampled_from(sorted(DAYS)))]
    between = draw(st.sampled_from(BETWEEN))
    clock, seconds = draw(clocks())
    title = draw(st.sampled_from(TITLES))
    when = draw(st.datetimes(datetime(2015, 1, 1), datetime(2024, 11, 30))).replace(microsecond=0)
    when = when.replace(day=draw(st.integers(13, 28))) if needs_evidence else when
    when = when if seconds else when.replace(second=0)

    def stamp(moment: datetime) -> str:
        day = day_style.format(d=moment.day, m=moment.month, y=moment.year % 100, Y=moment.year)
        written = f"{day}{between}{clock(moment)}"
        if platform == "ios":
            return draw(st.sampled_from(["", "\u200e"])) + f"[{written}] "
        return f"{written} - " if platform == "android" else f"{written}: "

    export = (
        Export(f"WhatsApp Chat - {title}/_chat.txt", f"WhatsApp Chat - {title}")
        if platform != "android"
        else Export(f"WhatsApp Chat with {title}.txt", f"WhatsApp Chat with {title}")
    )
    if platform == "ios":  # every iOS export opens with it, marked U+200E, said by the
        # chat (a group) or by the other person (`Hana: ‎Messages and calls are…`)
        said_by = draw(st.sampled_from([title, SENDERS[0][0]]))
        export.lines.append(f"{stamp(when)}{said_by}: \u200e{ENCRYPTED}")
    else:  # Android's has no sender; whatstk's sample has the chat say it, unmarked
        opening = draw(st.sampled_from(["none", "unsaid", "said by the chat"]))
        if opening != "none":
            said_by = f"{title}: " if opening == "said by the chat" else ""
            export.lines.append(f"{stamp(when)}{said_by}{ENCRYPTED}")
    for number in range(draw(st.integers(1, 6))):
        # (the first stamp of a file whose day must be told by evidence keeps its day past
        # the 12th: a day later could be the 1st of the next month, and no stamp would tell)
        first_evidence = needs_evidence and not export.lines
        if not first_evidence:
            when += timedelta(minutes=draw(st.integers(0, 3000)), seconds=draw(st.integers(0, 59)))
        when = when if seconds else when.replace(second=0)
        written, person = draw(st.sampled_from(SENDERS))
        shape = draw(
            st.sampled_from(
                ["words", "lines", "dated lines", "placeholder", "notice", "own notice", "file"]
            )
        )
        if shape == "file":
            caption = draw(st.sampled_from(["", "Привет!", "the plan"]))
            sent, text = _file_sent(draw, platform, caption)
            export.lines.append(f"{stamp(when)}{written}: {text}")
            export.expected.append((person, when, caption, (sent,)))
            continue
        if shape == "notice":  # the app's: with no sender, or (iOS) said by the chat
            said = f"{title}: \u200e{written} added Ana" if platform == "ios" else "Ana left"
            export.lines.append(f"{stamp(when)}{said}")
            continue
        if shape == "own notice":  # iOS: said by the person it tells of
            export.lines.append(f"{stamp(when)}{written}: \u200e{written} created this group")
            continue
        text = {
            "words": f"message {number}: ok",
            "lines": f"line one {number}\nline two",
            # a line that starts with a date, which is no stamp: no ` - ` after it (Android),
            # or no sender (iOS), and out of its place in time
            "dated lines": f"Termine:\n{stamp(when - timedelta(days=2))}Abgabe"
            f"\n{day_style.format(d=9, m=3, y=19, Y=2019)}, 10:00 Zahnarzt",
            "placeholder": "\u200eimage omitted" if platform == "ios" else "<Media omitted>",
        }[shape]
        export.lines.append(f"{stamp(when)}{written}: {text}")
        export.expected.append((person, when, text.replace("\u200e", ""), ()))
    return export


def _file_sent(draw, platform: str, caption: str) -> tuple[str, str]:
    """A file sent with a caption (or none), in the platform's and a language's words: the
    file, and the message's text as the export writes it."""
    if platform == "android":
        sent = draw(st.sampled_from([*ANDROID_FILES, "Quarterly Report 2023.pdf"]))
        labels = ["file attached"] + (ANDROID_ATTACHED if sent in ANDROID_FILES else [])
        written = f"{sent} ({draw(st.sampled_from(labels))})"
        return sent, f"{written}\n{caption}" if caption else written
    sent = draw(st.sampled_from(IOS_FILES))
    written = f"\u200e<{draw(st.sampled_from(IOS_ATTACHED))}: {sent}>"
    return sent, f"{caption} {written}" if caption else written


def _file(export: Export, newline: str, bom: bool) -> bytes:
    text = newline.join(export.lines) + newline
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(whatsapp_exports(), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_every_field_of_every_generated_message_read_back(tmp_path, export, newline, bom):
    path = tmp_path / export.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_file(export, newline, bom))
    result = read_units(path, export.name)
    assert not result.problems, result.problems
    found = [(unit.sender, unit.date, unit.text, unit.attachments) for unit in result.units]
    assert found == export.expected, "\n".join(export.lines)
    assert all(unit.thread == export.chat and unit.kind == "chat" for unit in result.units)


@settings(max_examples=200, deadline=None)
@given(clocks(), st.datetimes(datetime(2000, 1, 1), datetime(2030, 12, 31)))
def test_a_clock_in_any_locale_reads_as_its_24_hour_time(clock, when):
    """Noon and midnight too: `12:10 vorm.` is 00:10, `오후 12:10` is 12:10."""
    written, seconds = clock
    when = when.replace(microsecond=0) if seconds else when.replace(second=0, microsecond=0)
    line = f"{when:%d.%m.%Y}, {written(when)} - Ann: hi"
    stamp = WHATSAPP_LINE.match(line)
    assert stamp and stamp["rest"] == "Ann: hi", line
    half = stamp["before"] or stamp["after"]
    assert on_day(stamp["date"], stamp["time"], half, (2, 1, 0)) == when, line


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.sampled_from(["day/month/yy", "day/month/yyyy", "month/day/yy", "day-month-yyyy"]),
    st.lists(
        st.datetimes(datetime(2015, 1, 1), datetime(2024, 12, 31)).map(
            lambda when: when.replace(day=min(when.day, 12), second=0, microsecond=0)
        ),
        min_size=2,
        max_size=6,
    ),
    st.sampled_from(["android", "ios"]),
    st.data(),
)
def test_a_file_sent_tells_the_day_order_the_dates_cannot(tmp_path, style, times, platform, data):
    """Days of no more than 12 read both ways; the name WhatsApp gives a file it sends
    (`IMG-20241207-WA0005.jpg`, `00000012-PHOTO-2024-12-07-….jpg`) bears its message's day,
    and so the order: every message dated, none left undated."""
    times = sorted(times)
    # (a file sent on a day whose day and month are one tells nothing)
    telling = [number for number, when in enumerate(times) if when.day != when.month]
    if telling:
        day_style, _ = DAYS[style]
        sending = data.draw(st.sampled_from(telling))
        lines = []
        for number, when in enumerate(times):
            day = day_style.format(d=when.day, m=when.month, y=when.year % 100, Y=when.year)
            text = f"message {number}"
            if number == sending:
                text = (
                    f"IMG-{when:%Y%m%d}-WA0005.jpg (file attached)"
                    if platform == "android"
                    else f"\u200e<attached: 00000012-PHOTO-{when:%Y-%m-%d-%H-%M}-00.jpg>"
                )
            stamp = f"{day}, {when:%H:%M}"
            lines.append(f"{stamp} - Ann: {text}" if platform == "android" else f"[{stamp}] Ann: {text}")
        path = tmp_path / "WhatsApp Chat with Ann.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = read_units(path, path.name)
        assert not result.problems, lines
        assert [unit.date for unit in result.units] == times, lines
