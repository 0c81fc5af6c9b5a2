"""Chat exports: WhatsApp's text in every locale's date order, Slack's export folder."""

from __future__ import annotations

import json
import textwrap
import zipfile
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit import Archive
from searchkit.corpus import iter_corpus, read_units
from searchkit.readers.chat import _slack_day
from searchkit.readers.documents import Reading

from .conftest import needs_testdata

CHATMINER = (
    "bracketed_mmddyy_24hrs",
    "ddmmyy_24hrs",
    "mmddyy_24hrs",
    "mmddyyyy_12hrs",
    "yyyymmdd_24hrs",
)


def test_whatsapp_exports_in_five_locales_give_the_same_messages():
    folder = needs_testdata("chat-export/whatsapp")
    readings = [
        [
            (unit.sender, unit.date, unit.text)
            for unit in read_units(folder / f"chatminer_test_{name}.txt", name).units
        ]
        for name in CHATMINER
    ]
    assert all(reading == readings[0] for reading in readings), "the date order was misread"
    senders = [sender for sender, _, _ in readings[0]]
    assert senders == [
        "John Doe",
        "John Doe",
        "Jahn Doe",
        "John-John Doe",
        "John Doe 🤓",
        "🤓",
        "John Doe",
    ]
    assert readings[0][2][1] == datetime(2019, 1, 30, 20, 49)  # 08:49 p. m.
    assert (
        readings[0][2][2]
        == "Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit. Duis libero."
    )
    assert readings[0][3][2] == "Lorem ipsum : dolor sit amet."  # a colon inside the message


def test_whatsapp_app_lines_are_not_messages_and_every_message_is_found():
    folder = needs_testdata("chat-export/whatsapp")
    units = {result.source: result.units for result in iter_corpus(folder)}
    assert sum(len(found) for found in units.values()) == 553
    pokemon = units["whatstk_pokemon.txt"]
    # the notice, old (no sender) and new (said by the chat, `Pokemon Chat: Messages and
    # calls are end-to-end encrypted…`), is no one's message
    assert not any("end-to-end encrypt" in unit.text for unit in pokemon)
    assert "Pokemon Chat" not in {unit.sender for unit in pokemon}
    assert pokemon[0].sender == "Ash Ketchum" and pokemon[0].date == datetime(2016, 8, 6, 13, 23)
    lorem = units["whatstk_lorem.txt"]
    assert lorem[0].date == datetime(2020, 1, 15, 2, 22, 56)  # [15-01-20 02:22:56], day first
    assert {unit.sender for unit in lorem} >= {"Mary", "+1 123 456 789", "Giuseppe"}


def test_a_whatsapp_file_whose_day_and_month_cannot_be_told_is_left_undated(tmp_path):
    (tmp_path / "chat.txt").write_text(
        textwrap.dedent("""\
            03/04/19, 10:00 - Ann: First.
            03/05/19, 11:00 - Bob: Second.
            03/06/19, 12:00 - Ann: Third.
            """)
    )
    result = read_units(tmp_path / "chat.txt", "chat.txt")
    assert [unit.sender for unit in result.units] == ["Ann", "Bob", "Ann"]
    assert all(unit.date is None for unit in result.units)
    assert [str(problem) for problem in result.problems] == [
        "chat.txt: day and month cannot be told apart in its dates: left undated"
    ]


def test_slack_export_messages_with_names_channels_and_times(tmp_path):
    folder = needs_testdata("chat-export/slack/testarchive")
    units = [unit for result in iter_corpus(folder) for unit in result.units]
    # 158 entries less 8 `channel_join` and 3 `bot_add`: Slack's own, not a person's
    assert len(units) == 147 and {unit.kind for unit in units} == {"chat"}
    assert not any(unit.text.endswith("has joined the channel") for unit in units)
    assert {unit.thread for unit in units} == {"enrique", "traveling-sailor"}
    first = next(unit for unit in units if unit.source == "enrique/2016-01-15.json")
    assert first.sender == "Harry Potter"
    assert first.date == datetime(2016, 1, 15, 8, 17, 45, tzinfo=timezone.utc)
    assert not any("<@U" in unit.text or "\\/" in unit.text for unit in units)
    commits = [unit for unit in units if "new commit" in unit.text]
    assert commits and all(unit.sender is None for unit in commits)  # a bot: no name invented
    with Archive(folder, tmp_path / "index") as archive:
        found = archive.search('from:"harry potter" date:2016-01-15 setup.py')
        assert [hit.id for hit in found] == [first.id]


def test_a_slack_export_zip_reads_as_the_folder_it_unpacks_to(tmp_path):
    folder = needs_testdata("chat-export/slack/testarchive")
    export = tmp_path / "corpus" / "testarchive.zip"
    export.parent.mkdir()
    with zipfile.ZipFile(export, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():  # as Slack zips it: under the workspace's folder
                archive.write(path, f"testarchive/{path.relative_to(folder).as_posix()}")

    def messages(units):
        return sorted((u.thread, u.sender or "", u.date, u.text) for u in units)

    unpacked = [unit for result in iter_corpus(folder) for unit in result.units]
    zipped = read_units(export, "testarchive.zip")
    assert zipped.problems == () and messages(zipped.units) == messages(unpacked)
    assert {unit.source for unit in zipped.units} == {"testarchive.zip"}


def test_other_zips_are_one_line_each(tmp_path):
    with zipfile.ZipFile(tmp_path / "photos.zip", "w") as archive:
        archive.writestr("holiday/notes.txt", "not a chat")
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    (photos,) = read_units(tmp_path / "photos.zip", "photos.zip").problems
    assert photos.message == "a zip archive that is no Slack export: unpack it to index its files"
    (broken,) = read_units(tmp_path / "broken.zip", "broken.zip").problems
    assert broken.message.startswith("not a readable zip archive")


# -- WhatsApp's exports, generated ------------------------------------------------------------

SENDERS = ["Luis García", "Søren Kierkegaard", "Ελένη", "Priya 🌸", "O'Neil", "+34 600 123 456"]
#: How each locale writes a day: its order and separator, and whether a day past the 12th
#: must be there to tell (a dotted date is day first by convention; a year first, by its
#: four digits).
STYLES = {
    "day/month": ("{d:02d}/{m:02d}/{y:02d}", True),
    "month/day": ("{m}/{d}/{y:02d}", True),
    "day.month": ("{d:02d}.{m:02d}.{y:02d}", False),
    "year-month-day": ("{Y}-{m:02d}-{d:02d}", False),
}


@st.composite
def whatsapp_exports(draw):
    """A chat exported by WhatsApp on iOS (`[date, time] Name: text`, seconds, the app's
    lines marked U+200E and said by the group, in a folder holding `_chat.txt`) or Android
    (`date, time - Name: text`, its own lines with no sender), in a locale's date order and
    clock, with multi-line messages, media omitted or attached; or a Signal Desktop chat as
    signal-export writes it in the same lines (`Family/chat.md`, files linked in Markdown);
    and what it holds."""
    platform = draw(st.sampled_from(["ios", "android", "signal"]))
    ios, signal = platform == "ios", platform == "signal"
    style = "year-month-day" if signal else draw(st.sampled_from(sorted(STYLES)))
    written, needs_evidence = STYLES[style]
    twelve_hours = style == "month/day" and draw(st.booleans())
    when = draw(st.datetimes(datetime(2015, 1, 1), datetime(2024, 12, 1)))
    when = when.replace(
        day=draw(st.integers(13, 28)) if needs_evidence else when.day, microsecond=0
    )
    when = when if ios else when.replace(second=0)
    title = draw(st.sampled_from(["Grupo Café", "Family 👨‍👩‍👧", "Projekt Groß"]))
    lines, expected = [], []

    def stamp(moment: datetime) -> str:
        day = written.format(d=moment.day, m=moment.month, y=moment.year % 100, Y=moment.year)
        if twelve_hours:
            hour = moment.hour % 12 or 12
            clock = f"{hour}:{moment.minute:02d}" + (f":{moment.second:02d}" if ios else "")
            clock += draw(st.sampled_from([" ", "\u202f"])) + ("PM" if moment.hour >= 12 else "AM")
        else:
            clock = f"{moment:%H:%M}" + (f":{moment:%S}" if ios else "")
        return f"[{day}, {clock}] " if ios or signal else f"{day}, {clock} - "

    if ios:  # the encryption notice opens every iOS export, said by the chat
        lines.append(f"{stamp(when)}{title}: \u200eMessages and calls are end-to-end encrypted.")
    for number in range(draw(st.integers(1, 7))):
        when += timedelta(
            minutes=draw(st.integers(0, 3000)), seconds=draw(st.integers(0, 59)) if ios else 0
        )
        sender = draw(st.sampled_from(SENDERS))
        shapes = ["words", "lines", "attached"] + ([] if signal else ["omitted", "notice"])
        shape = draw(st.sampled_from(shapes))
        attachments: tuple[str, ...] = ()
        if shape == "notice":  # the app's own: never a message
            lines.append(
                f"{stamp(when)}{title}: \u200e{sender} added Ana"
                if ios
                else f"{stamp(when)}{sender} added Ana"
            )
            continue
        if shape == "words":
            text = f"message {number}: ok"
        elif shape == "lines":
            text = f"line one {number}\nline two"
        elif shape == "omitted":
            text = "image omitted" if ios else "<Media omitted>"
        else:
            name = f"0000{number}-PHOTO-2023.jpg" if ios else f"IMG-2023-WA000{number}.jpg"
            attachments, text = (name,), ""
        said = (
            _attached(platform, attachments[0])
            if shape == "attached"
            else ("\u200e" + text if ios and shape == "omitted" else text)
        )
        lines.append(f"{stamp(when)}{sender}: {said}")
        minute = when if ios else when.replace(second=0)
        expected.append((sender, minute, text, attachments))
    name, chat = {
        "ios": (f"WhatsApp Chat - {title}/_chat.txt", f"WhatsApp Chat - {title}"),
        "android": (f"WhatsApp Chat with {title}.txt", f"WhatsApp Chat with {title}"),
        "signal": (f"{title}/chat.md", title),  # signal-export's
    }[platform]
    return name, "\n".join(lines) + "\n", chat, expected


def _attached(platform: str, name: str) -> str:
    """A file sent, as each export writes it."""
    return {
        "ios": f"\u200e<attached: {name}>",
        "android": f"{name} (file attached)",
        "signal": f"![{name}](./media/{name})",
    }[platform]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(whatsapp_exports())
def test_every_generated_whatsapp_message_read_back(tmp_path, export):
    name, text, chat, expected = export
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    result = read_units(path, name)
    assert not result.problems, result.problems
    found = [(u.sender, u.date, u.text, u.attachments) for u in result.units]
    assert found == expected, text
    assert {unit.thread for unit in result.units} <= {chat} and all(
        unit.kind == "chat" for unit in result.units
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                None,
                "me_message",
                "thread_broadcast",
                "channel_join",
                "channel_leave",
                "channel_topic",
                "channel_purpose",
                "channel_name",
                "group_join",
                "bot_add",
                "bot_remove",
                "pinned_item",
                "tombstone",
            ]
        ),
        min_size=1,
        max_size=12,
    )
)
def test_slacks_own_lines_are_no_persons_messages(subtypes):
    """A join, a leave, a topic, a bot added, a pin, the tombstone of a deleted message:
    Slack's, in the channel, under a person's id (or USLACKBOT's) all the same."""
    day = [
        {"type": "message", "user": "U1", "text": f"said {number}", "ts": f"155238{number:04d}.0"}
        | ({"subtype": subtype} if subtype else {})
        for number, subtype in enumerate(subtypes)
    ]
    reading = Reading()
    _slack_day(json.dumps(day).encode(), "general", {"U1": "Ann"}, "general/x.json", reading)
    people = {None, "me_message", "thread_broadcast"}
    assert [message.text for message in reading.documents] == [
        f"said {number}" for number, subtype in enumerate(subtypes) if subtype in people
    ]
    assert all(message.sender == "Ann" for message in reading.documents)


#: Slack's references as its "Formatting text" guide writes them, and how a reader sees them.
SLACK_REFERENCES = [
    ("<@U01ABCD>", "@Ann"),
    ("<@U01ABCD|ann.k>", "@ann.k"),
    ("<#C024BE7LR|general>", "#general"),
    ("<#C024BE7LR>", "#C024BE7LR"),
    ("<!here>", "@here"),
    ("<!channel>", "@channel"),
    ("<!everyone|@everyone>", "@everyone"),
    ("<!subteam^SAZ94GDB8|@design-team>", "@design-team"),
    ("<!date^1392734382^{date_short}|Feb 18, 2014>", "Feb 18, 2014"),
    ("<https://example.org/a?b=1|the minutes>", "the minutes"),
    ("<https://example.org/plan>", "https://example.org/plan"),
    ("<mailto:bob@example.org|Bob>", "Bob"),
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(SLACK_REFERENCES), st.sampled_from(["see", "the", "plan"])),
        min_size=1,
        max_size=8,
    )
)
def test_slack_references_read_as_a_reader_sees_them(words):
    """Every reference in a message's text (a person, a channel, `@here`, a team, a date, a
    link) as Slack shows it: no `<#C…|…>` markup left, no word lost."""
    written = " ".join(word[0] if isinstance(word, tuple) else word for word in words)
    shown = " ".join(word[1] if isinstance(word, tuple) else word for word in words)
    day = [{"type": "message", "user": "U01ABCD", "text": written, "ts": "1552380000.0"}]
    reading = Reading()
    _slack_day(json.dumps(day).encode(), "general", {"U01ABCD": "Ann"}, "general/x.json", reading)
    assert [message.text for message in reading.documents] == [shown]
