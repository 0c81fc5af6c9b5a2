"""Chat exports of Telegram (JSON and HTML), Messenger and Instagram, Discord (JSON and CSV)
and iMessage (imessage-exporter's txt): every message a `chat` unit with its sender, its
minute (in the zone the export wrote, where it writes one) and its conversation.

Samples are the public ones in ../shared/testdata; the formats with none (Telegram's HTML,
Discord's CSV, iMessage) have fixtures written from the tools' own source (tdesktop's
export_output_html, DiscordChatExporter's CsvMessageWriter, imessage-exporter's txt.rs) and
generators of their variants.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit.corpus import iter_corpus, read_units
from searchkit.readers import read_bytes, sniff_format
from searchkit.readers.documents import ChatMessage
from searchkit.readers.messenger import repaired

from .conftest import FIXTURES, needs_testdata

CHAT = FIXTURES / "chat"
UTC = timezone.utc


def units_of(path: Path):
    return read_units(path, path.name).units


def messages(data: bytes, name: str) -> list[ChatMessage]:
    reading = read_bytes(data, Path(name), name)
    assert not [str(problem) for problem in reading.problems]
    assert all(isinstance(document, ChatMessage) for document in reading.documents)
    return [document for document in reading.documents if isinstance(document, ChatMessage)]


# -- the public samples --------------------------------------------------------------------------


def test_telegram_json_one_chat_and_a_whole_account():
    folder = needs_testdata("telegram-export")
    dm = units_of(folder / "chatanalytics_DM_2A_7M.json")
    assert [unit.kind for unit in dm] == ["chat"] * 6  # the two service entries are none
    assert [unit.sender for unit in dm] == ["Bob", "Alice", "Bob", "Alice", "Alice", "Alice"]
    assert dm[0].text == "https://google.com 👀"  # text as a list of entities
    assert dm[0].date == datetime(2019, 7, 12, 16, 55, 32)  # `date` only: as written
    assert dm[2].date == datetime.fromtimestamp(1652135033, tz=UTC)  # `date_unixtime` only
    assert {unit.thread for unit in dm} == {"Bob"}
    account = units_of(folder / "chatminer_test_batch_export.json")
    assert [(unit.sender, unit.thread, unit.text) for unit in account] == [
        ("Author 1", "Chatname", "Minimal Message"),
        ("Author 2", "Chatname", "Link:https://telegram.org/"),
    ]
    single = units_of(folder / "chatminer_test_single_export.json")
    assert [unit.date for unit in single] == [unit.date for unit in account]


def test_messenger_and_instagram_read_oldest_first_with_media_by_name():
    folder = needs_testdata("messenger-export")
    units = units_of(folder / "chatanalytics_2A_7M.json")  # a UTF-8 byte-order mark first
    assert len(units) == 7
    dates = [unit.date for unit in units]
    assert dates == sorted(dates) and dates[-1] == datetime.fromtimestamp(1415147732.056, tz=UTC)
    assert units[-1].sender == "Alice" and units[-1].text == "Hello"
    assert {"blabla.docx", "audioclip11111.mp4", "123123123123123.png"} <= {
        name for unit in units for name in unit.attachments
    }
    instagram = units_of(folder / "chatminer_instagram_test_export.json")
    assert [(unit.sender, unit.text) for unit in instagram] == [
        ("Jane Doe", "Hello John!"),
        ("John Doe", "Hello Jane!"),
    ]


def test_discord_json_messages_are_default_and_reply_ones_named_by_nickname():
    folder = needs_testdata("discord-export")
    group = units_of(folder / "chatanalytics_GC_3A_5M.json")
    assert [unit.sender for unit in group] == ["theplant", "lombi", "mlomb"]  # no call, no rename
    assert group[0].text == "Should honor nickname over name"
    assert group[0].date == datetime(2023, 1, 17, 19, 33, 19, 87000, tzinfo=UTC)
    assert {unit.thread for unit in group} == {"a group chat"}
    server = units_of(folder / "chatanalytics_SV_5A_5M.json")
    assert {unit.thread for unit in server} == {"DefleMask / general-chiptune"}
    assert len(server) == 5 and len({unit.line_start for unit in server}) == 5


def test_an_account_is_the_senders_address_whatever_name_it_shows():
    """Telegram's `from_id` and Discord's author id, as the export gives them: a nickname
    in one server and a name in another, or a name changed, are one account."""
    for folder, name, app in (
        ("telegram-export", "chatanalytics_DM_2A_7M.json", "telegram"),
        ("discord-export", "chatanalytics_GC_3A_5M.json", "discord"),
        ("discord-export", "chatanalytics_SV_5A_5M.json", "discord"),
    ):
        path = needs_testdata(folder) / name
        written = [
            message.get("from_id") or message["author"]["id"]
            for message in json.loads(path.read_text(encoding="utf-8-sig"))["messages"]
            if message.get("type", "message") in ("message", "Default", "Reply")
        ]
        assert [unit.sender_address for unit in units_of(path)] == [
            f"{app}:{account}" for account in written
        ]


def test_chat_exports_in_a_corpus_say_nothing_is_wrong():
    for folder in ("telegram-export", "messenger-export", "discord-export"):
        found = list(iter_corpus(needs_testdata(folder)))
        assert all(result.units for result in found)
        assert not [str(problem) for result in found for problem in result.problems]


# -- the fixtures made from the tools' own source ------------------------------------------------


def test_telegram_html_runs_replies_forwards_and_media():
    units = units_of(CHAT / "telegram_messages.html")
    zone = timezone(timedelta(hours=2))
    assert [(unit.sender, unit.date) for unit in units] == [
        ("José Núñez", datetime(2025, 4, 24, 13, 49, 4, tzinfo=zone)),
        ("José Núñez", datetime(2025, 4, 24, 13, 50, 12, tzinfo=zone)),  # joined: no name
        ("Мария Иванова", datetime(2025, 4, 24, 14, 2, 40, tzinfo=zone)),
        ("Мария Иванова", datetime(2025, 4, 24, 14, 3, 5, tzinfo=zone)),
        ("Мария Иванова", datetime(2025, 4, 24, 14, 4, 30, tzinfo=zone)),
        ("José Núñez", datetime(2025, 4, 25, 9, 15)),  # an older export: no zone written
    ]
    assert {unit.thread for unit in units} == {"Café Łódź planning"}
    assert units[0].text == "Who books the room at the café?\nI can do Friday."
    assert units[1].attachments == ("photo_1@24-04-2025_13-50-12.jpg",)
    assert units[2].text.startswith("(reply to José Núñez, 2025-04-24 13:49)\n")
    assert units[3].text.startswith("(forwarded from Łódź Venues)\nDeposit is 200 zł")
    assert units[4].attachments == ("contract.pdf",) and units[4].text == "The contract, signed."
    assert not any("pinned" in unit.text or "created group" in unit.text for unit in units)


def test_discord_csv_rows_with_quoted_lines_and_attachments():
    units = units_of(CHAT / "discord_channel.csv")
    assert [(unit.sender, unit.date, unit.line_start) for unit in units] == [
        ("lombi", datetime(2023, 1, 17, 19, 33), 2),
        ("not a plant", datetime(2023, 1, 17, 19, 34), 3),
        ("Zoë Ångström", datetime(2023, 1, 18, 8, 12), 5),
        ("山田太郎", datetime(2023, 1, 25, 0, 5), 6),
    ]
    assert units[1].text == "Two lines:\nthe second one"
    assert units[1].attachments == ("plan v2.png",)
    assert units[2].text == "" and units[2].attachments == ("voice-message.ogg",)
    assert units[3].text == 'Midnight: "quoted" words, commas, and all'


def test_imessage_blocks_replies_edits_and_announcements():
    units = units_of(CHAT / "imessage_+15558675309.txt")
    assert [(unit.sender, unit.date) for unit in units] == [
        ("Me", datetime(2022, 5, 17, 17, 29, 42)),
        ("Sample Contact", datetime(2022, 5, 17, 17, 31, 2)),
        ("Me", datetime(2022, 5, 17, 17, 32, 10)),  # the reply, indented under its message
        ("Sample Contact", datetime(2022, 5, 17, 19, 45, 3)),
        ("Me", datetime(2022, 5, 18, 11, 2, 15)),
        ("Sample Contact", datetime(2022, 5, 18, 12, 0)),
    ]
    assert units[1].text == "Are we still on for dinner?"  # its reactions are no words of it
    assert units[2].text == "(reply to Sample Contact, 2022-05-17 17:31)\nYes, at 8"
    assert units[3].attachments == ("IMG_0042.HEIC",) and units[3].text == "Here is the menu"
    assert units[4].text.endswith("Let's meet at Café Núñez")
    assert not any("renamed" in unit.text for unit in units)


def test_each_format_is_named_by_inspect():
    assert (
        sniff_format(
            CHAT / "telegram_messages.html", (CHAT / "telegram_messages.html").read_bytes()[:8192]
        )
        == "telegram html"
    )
    assert (
        sniff_format(CHAT / "discord_channel.csv", (CHAT / "discord_channel.csv").read_bytes())
        == "discord csv"
    )
    path = CHAT / "imessage_+15558675309.txt"
    assert sniff_format(path, path.read_bytes()) == "imessage txt"


# -- WhatsApp: a date valid one way only decides -------------------------------------------------


def test_whatsapp_dates_that_can_only_be_month_first_are_month_first(tmp_path):
    (tmp_path / "chat.txt").write_text(
        "3/5/25, 10:00 - Ann: First, whose date reads both ways.\n"
        "3/18/25, 17:49 - Bob: Only month first.\n"
        "3/2/25, 09:00 - Ann: Out of order, as exports of merged chats are.\n"
    )
    result = read_units(tmp_path / "chat.txt", "chat.txt")
    assert [unit.date for unit in result.units] == [
        datetime(2025, 3, 5, 10, 0),
        datetime(2025, 3, 18, 17, 49),
        datetime(2025, 3, 2, 9, 0),
    ]
    assert not result.problems


# -- generated variants --------------------------------------------------------------------------

NAMES = st.sampled_from(
    [
        "Ann",
        "José Núñez",
        "Zoë Ångström",
        "Мария Иванова",
        "山田太郎",
        "محمد علي",
        "Łukasz Żółć",
        "O'Brien-Smith",
        "+1 555 867 5309",
    ]
)
WORDS = st.lists(
    st.sampled_from(
        ["hello", "café", "Łódź", "привет", "東京", "ok", "👍", "deal", "3pm", "&", "<b>"]
    ),
    max_size=8,
).map(" ".join)
ZONES = st.sampled_from([None, 0, 120, -300, 330, 345, -210, 840])
TIMES = st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2035, 12, 31)).map(
    lambda when: when.replace(microsecond=0)
)


def _zoned(when: datetime, minutes: int | None) -> datetime:
    return when if minutes is None else when.replace(tzinfo=timezone(timedelta(minutes=minutes)))


def _minute(when: datetime | None):
    assert when is not None
    return (when.replace(second=0, microsecond=0), when.utcoffset())


CHAT_MESSAGES = st.lists(
    st.fixed_dictionaries(
        {
            "sender": NAMES,
            "when": TIMES,
            "text": WORDS,
            "media": st.sampled_from([None, "photo_3@01-02-2024_10-00-00.jpg", "report (1).pdf"]),
            "edited": st.booleans(),
        }
    ),
    min_size=1,
    max_size=12,
).map(lambda found: sorted(found, key=lambda message: str(message["when"])))


def _telegram_html(messages: list[dict], zone: int | None) -> str:
    from html import escape

    parts = [
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"/>\n<title>Exported Data</title>',
        '</head><body><div class="page_wrap"><div class="history">',
    ]
    previous = None
    for number, message in enumerate(messages, start=1):
        when = _zoned(message["when"], zone)
        title = when.strftime("%d.%m.%Y %H:%M:%S")
        if zone is not None:
            offset = when.strftime("%z")
            title += f" UTC{offset[:3]}:{offset[3:]}"
        joined = message["sender"] == previous
        previous = message["sender"]
        parts.append(
            f'<div class="message default clearfix{" joined" if joined else ""}" id="message{number}">'
        )
        if not joined:
            parts.append('<div class="pull_left userpic_wrap"><div class="initials">X</div></div>')
        parts.append(f'<div class="body">\n<div class="pull_right date details" title="{title}">')
        parts.append(f"{when:%H:%M}\n</div>")
        if not joined:
            parts.append(f'<div class="from_name">\n{escape(message["sender"])} \n</div>')
        if message["media"]:
            parts.append(
                '<div class="media_wrap clearfix"><a class="photo_wrap clearfix pull_left" '
                f'href="photos/{escape(message["media"])}"><img class="photo"/></a></div>'
            )
        if message["text"]:
            parts.append(f'<div class="text">\n{escape(message["text"])}\n</div>')
        parts.append("</div>\n</div>")
        if number % 4 == 0:
            parts.append(
                f'<div class="message service" id="message-{number}">'
                '<div class="body details">\n1 May 2024\n</div></div>'
            )
    parts.append("</div></div></body></html>")
    return "\n".join(parts)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CHAT_MESSAGES, ZONES)
def test_generated_telegram_html(generated, zone):
    found = messages(_telegram_html(generated, zone).encode(), "messages.html")
    assert [(message.sender, _minute(message.date)) for message in found] == [
        (message["sender"], _minute(_zoned(message["when"], zone))) for message in generated
    ]
    assert [message.text for message in found] == [message["text"] for message in generated]


@settings(max_examples=80, deadline=None)
@given(CHAT_MESSAGES, ZONES, st.booleans(), st.booleans())
def test_generated_telegram_json(generated, zone, whole_account, entities):
    listed = []
    for number, message in enumerate(generated, start=1):
        when = _zoned(message["when"], zone if zone is not None else 0)
        entry = {
            "id": number,
            "type": "message",
            "date": when.replace(tzinfo=None).isoformat(),
            "date_unixtime": str(int(when.timestamp())),
            "from": message["sender"],
            "text": [{"type": "bold", "text": message["text"]}] if entities else message["text"],
        }
        if message["edited"]:
            entry["edited"] = (when + timedelta(minutes=3)).replace(tzinfo=None).isoformat()
        if message["media"]:
            entry["photo"] = f"photos/{message['media']}"
        if number > 1 and number % 3 == 0:
            entry["reply_to_message_id"] = number - 1
        listed.append(entry)
        listed.append(
            {
                "id": 1000 + number,
                "type": "service",
                "actor": "X",
                "action": "pin_message",
                "text": "",
            }
        )
    chat = {"name": "Group", "type": "private_group", "id": 7, "messages": listed}
    export = {"about": "Here is the data you requested.", "chats": {"about": "", "list": [chat]}}
    data = json.dumps(export if whole_account else chat, ensure_ascii=False, indent=1).encode()
    found = messages(data, "result.json")
    assert [(message.sender, _minute(message.date)) for message in found] == [
        (message["sender"], _minute(_zoned(message["when"], zone if zone is not None else 0)))
        for message in generated
    ]
    for number, (message, written) in enumerate(zip(found, generated, strict=True), start=1):
        assert message.text.endswith(written["text"])
        assert message.text.startswith("(reply to ") == (number > 1 and number % 3 == 0)
        assert message.attachments == ((written["media"],) if written["media"] else ())


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(NAMES, st.text(max_size=30), TIMES), min_size=1, max_size=10))
def test_generated_messenger_mojibake_is_repaired_exactly(generated):
    def facebook(text: str) -> str:  # what Facebook writes: each UTF-8 byte a code point
        return text.encode("utf-8").decode("latin-1")

    written = sorted(generated, key=lambda item: item[2], reverse=True)  # newest first
    export = {
        "participants": [{"name": facebook(name)} for name, _, _ in written],
        "messages": [
            {
                "sender_name": facebook(name),
                "timestamp_ms": int(when.replace(tzinfo=UTC).timestamp() * 1000),
                "content": facebook(text),
            }
            for name, text, when in written
        ],
    }
    found = messages(json.dumps(export).encode(), "message_1.json")
    assert sorted((m.sender, m.text, m.date) for m in found) == sorted(
        (name, text, when.replace(tzinfo=UTC)) for name, text, when in generated
    )
    dates = [m.date for m in found]
    assert dates == sorted(date for date in dates if date)  # oldest first


@given(st.text(max_size=40))
def test_repair_never_guesses(text):
    # what Facebook never wrote (a character past U+00FF, bytes that are no UTF-8) is kept
    fixed = repaired(text)
    assert fixed == text or fixed.encode("utf-8").decode("latin-1") == text


#: DiscordChatExporter's date formats (.NET format strings) as the CSV writes them
DISCORD_FORMATS = {
    "MM/dd/yyyy h:mm tt": lambda when: f"{when:%m/%d/%Y} {when.hour % 12 or 12}:{when:%M %p}",
    "dd-MMM-yy hh:mm tt": lambda when: f"{when:%d-%b-%y %I:%M %p}",
    "yyyy-MM-dd HH:mm": lambda when: f"{when:%Y-%m-%d %H:%M}",
    "M/d/yyyy H:mm": lambda when: f"{when.month}/{when.day}/{when.year} {when.hour}:{when:%M}",
}


@settings(max_examples=80, deadline=None)
@given(CHAT_MESSAGES, st.sampled_from(sorted(DISCORD_FORMATS)), st.booleans())
def test_generated_discord_csv(generated, written_as, discriminators):
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    buffer.write("AuthorID,Author,Date,Content,Attachments,Reactions\r\n")
    for number, message in enumerate(generated):
        author = message["sender"] + ("#0420" if discriminators else "")
        media = (
            f"https://cdn.discordapp.com/attachments/1/{number}/x.png" if message["media"] else ""
        )
        writer.writerow(
            [
                str(10**17 + number),
                author,
                DISCORD_FORMATS[written_as](message["when"]),
                message["text"],
                media,
                "",
            ]
        )
    found = messages(buffer.getvalue().encode(), "channel.csv")
    assert [(message.sender, _minute(message.date)) for message in found] == [
        (message["sender"], _minute(message["when"])) for message in generated
    ]


def _imessage_time(when: datetime) -> str:
    hour = when.hour % 12 or 12
    return f"{when:%b %d, %Y} {hour:>2}:{when:%M:%S} {'PM' if when.hour >= 12 else 'AM'}"


@settings(max_examples=80, deadline=None)
@given(CHAT_MESSAGES, st.sampled_from(["", " (Read by you after 1 minute)"]))
def test_generated_imessage_txt(generated, read_note):
    blocks = []
    for message in generated:
        lines = [_imessage_time(message["when"]) + read_note, message["sender"]]
        if message["media"]:
            lines.append(f"/Users/me/Library/Messages/Attachments/0a/10/{message['media']}")
        if message["edited"] and message["text"]:
            lines.append(f"{_imessage_time(message['when'])} {message['text']} (draft)")
            lines.append(f"Edited 2 minutes later: {message['text']}")
        elif message["text"]:
            lines.append(message["text"])
        else:
            lines.append("They deleted a message.")
        blocks.append("\n".join(lines) + "\n\n")
    found = messages("".join(blocks).encode(), "+15558675309.txt")
    assert [(message.sender, _minute(message.date)) for message in found] == [
        (message["sender"], _minute(message["when"])) for message in generated
    ]


def test_a_telegram_run_goes_on_across_the_exports_pages(tmp_path):
    (tmp_path / "messages.html").write_bytes((CHAT / "telegram_messages.html").read_bytes())
    (tmp_path / "messages2.html").write_text(
        "<!DOCTYPE html>\n<html><head><title>Exported Data</title></head><body>\n"
        '<div class="history">\n'
        '<div class="message default clearfix joined" id="message41108">\n'
        '<div class="body">\n'
        '<div class="pull_right date details" title="25.04.2025 09:16:00">\n09:16\n</div>\n'
        '<div class="text">\nSee you Friday.\n</div>\n</div>\n</div>\n</div></body></html>\n'
    )
    found = read_units(tmp_path / "messages2.html", "chat/messages2.html")
    assert [(unit.sender, unit.text) for unit in found.units] == [("José Núñez", "See you Friday.")]
    assert found.consulted == ("chat/messages.html",)


def test_a_shared_link_is_words_of_the_message_once():
    export = {
        "participants": [{"name": "Ann"}],
        "messages": [
            {
                "sender_name": "Ann",
                "timestamp_ms": 1700000000000,
                "content": "https://example.org/caf\u00c3\u00a9",
                "share": {
                    "link": "https://example.org/caf\u00c3\u00a9",
                    "share_text": "Le caf\u00c3\u00a9",
                },
            }
        ],
    }
    (found,) = messages(json.dumps(export).encode(), "message_1.json")
    assert found.text == "https://example.org/café\nLe café"


def test_a_large_telegram_export_is_read_a_message_at_a_time(tmp_path):
    """Over LARGE_FILE_BYTES, a JSON export's messages are decoded one at a time (its tree
    is never built) and come out as the whole file's reading does."""
    from searchkit.readers import LARGE_FILE_BYTES, read_large

    chats = [
        {
            "name": f"Chat {n}",
            "type": "private_group",
            "id": n,
            "messages": [
                {
                    "id": i,
                    "type": "message" if i % 50 else "service",
                    "date": "2024-01-01T12:00:00",
                    "date_unixtime": "1704103200",
                    "from": "Zoë",
                    "text": [{"type": "plain", "text": f"note {i} "}, "x" * 200],
                }
                for i in range(9000)
            ],
        }
        for n in range(5)
    ]
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"about": "…", "chats": {"about": "", "list": chats}}, indent=1))
    assert path.stat().st_size > LARGE_FILE_BYTES
    documents, problems = read_large(path, "result.json", path.stat().st_size)
    assert not isinstance(documents, list)  # a generator: read as it is split
    streamed = [document for document in documents if isinstance(document, ChatMessage)]
    whole = read_bytes(path.read_bytes(), path, "result.json").documents
    assert streamed == whole and not problems
    assert len(streamed) == 5 * (9000 - 180)
    assert streamed[-1].chat == "Chat 4" and streamed[-1].text.startswith("note 8999 ")
    assert streamed[0].date == datetime(2024, 1, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(NAMES, WORDS.filter(bool), TIMES), min_size=1, max_size=10),
    st.sampled_from(["month first", "day first"]),
    st.booleans(),
    st.randoms(use_true_random=False),
)
def test_generated_whatsapp_a_date_valid_one_way_decides_whatever_the_order(
    generated, order, twelve_hour, shuffle
):
    # one message on a day past the 12th, so that only one order reads every date
    generated = [*generated, ("Ann", "the 18th", datetime(2025, 3, 18, 17, 49))]
    shuffle.shuffle(generated)  # exports of merged chats run back in time too
    lines = []
    for name, text, when in generated:
        first, second = (when.month, when.day) if order == "month first" else (when.day, when.month)
        clock = (
            f"{when.hour % 12 or 12}:{when:%M} {'PM' if when.hour >= 12 else 'AM'}"
            if twelve_hour
            else f"{when:%H:%M}"
        )
        lines.append(f"{first}/{second}/{when:%y}, {clock} - {name}: {text}")
    found = messages("\n".join(lines).encode(), "chat.txt")
    assert [(m.sender, m.date) for m in found] == [
        (name, when.replace(second=0)) for name, _, when in generated
    ]


DISCORD_SYSTEM = st.sampled_from(
    ["Call", "ChannelNameChange", "RecipientAdd", "ChannelPinnedMessage"]
)


@settings(max_examples=80, deadline=None)
@given(CHAT_MESSAGES, ZONES, st.lists(st.booleans(), min_size=12, max_size=12), DISCORD_SYSTEM)
def test_generated_discord_json(generated, zone, nicknamed, system):
    listed = []
    for number, message in enumerate(generated):
        when = _zoned(message["when"], zone if zone is not None else 0)
        author = {"id": str(number), "name": "account", "discriminator": "0000", "nickname": None}
        author["nickname" if nicknamed[number] else "name"] = message["sender"]
        entry = {
            "id": str(10**17 + number),
            "type": "Reply" if number % 3 == 2 else "Default",
            "timestamp": when.isoformat(timespec="milliseconds"),
            "timestampEdited": when.isoformat() if message["edited"] else None,
            "content": message["text"],
            "author": author,
            "attachments": [
                {"id": "1", "url": f"https://cdn/{message['media']}", "fileName": message["media"]}
            ]
            if message["media"]
            else [],
        }
        if entry["type"] == "Reply":
            entry["reference"] = {"messageId": str(10**17 + number - 1)}
        listed.append(entry)
        listed.append({**entry, "id": "9", "type": system, "content": "Started a call."})
    export = {
        "guild": {"id": "0", "name": "Direct Messages"},
        "channel": {"id": "1", "type": "DirectGroupTextChat", "name": "Ünïcode chat"},
        "messages": listed,
    }
    found = messages(json.dumps(export, indent=2).encode(), "export.json")
    assert [(m.sender, _minute(m.date)) for m in found] == [
        (message["sender"], _minute(_zoned(message["when"], zone if zone is not None else 0)))
        for message in generated
    ]
    assert {m.chat for m in found} == {"Ünïcode chat"}
    for number, (message, written) in enumerate(zip(found, generated, strict=True)):
        assert message.text.endswith(written["text"])
        assert message.text.startswith("(reply to ") == (number % 3 == 2)


@settings(max_examples=80, deadline=None)
@given(
    CHAT_MESSAGES,
    st.sampled_from(["", " (Read by you after 1 minute)"]),
    st.sampled_from(["none", "first", "between"]),
    st.booleans(),
)
def test_generated_imessage_conversations_with_announcements_and_replies(
    generated, read_note, announced, twice
):
    """A conversation as imessage-exporter writes it, with what happened to it (`… renamed
    the conversation`) first or between messages, and replies: indented under what they
    answer, and (`twice`) written again in their place, `This message responded to an
    earlier message.`; every message is read once, a reply linked to what it answers."""
    announcement = "{} Me renamed the conversation to Trip 🚗\n\n"
    blocks, expected, parent, under = [], [], None, 0
    if announced == "first":
        blocks.append(announcement.format(_imessage_time(generated[0]["when"])))
    for number, message in enumerate(generated):
        text = message["text"] or "Ok"
        reply = parent is not None and number % 2 == 1
        head = [_imessage_time(message["when"]) + read_note, message["sender"]]
        if reply:
            indented = "\n".join("    " + line for line in head + [text])
            blocks[under] = blocks[under].rstrip("\n") + "\n" + indented + "\n\n"
            if twice:
                blocks.append("\n".join(head + [text, _REPLY]) + "\n\n")
            note = f"(reply to {parent['sender']}, {parent['when']:%Y-%m-%d %H:%M})\n"
            expected.append((message["sender"], message["when"], note + text))
        else:
            blocks.append("\n".join(head + [text]) + "\n\n")
            expected.append((message["sender"], message["when"], text))
            parent, under = message, len(blocks) - 1
        if announced == "between" and number == 0:
            blocks.append(announcement.format(_imessage_time(message["when"])))
    found = messages("".join(blocks).encode(), "+15558675309.txt")
    assert sorted((m.sender, m.date, m.text) for m in found) == sorted(expected)


_REPLY = "This message responded to an earlier message."


# -- Google Chat (Google Takeout) ---------------------------------------------------------------


def _takeout_time(when: datetime, space: str) -> str:
    hour = when.hour % 12 or 12
    return (
        f"{when:%A, %B} {when.day}, {when.year} at {hour}:{when:%M:%S}{space}"
        f"{'PM' if when.hour >= 12 else 'AM'} UTC"
    )


@settings(max_examples=60, deadline=None)
@given(
    CHAT_MESSAGES,
    st.sampled_from(["Project Café", None]),  # a Space's name, or a DM
    st.sampled_from([" ", "\u202f"]),
)
def test_generated_google_chat_takeout(tmp_path_factory, generated, space, before_half):
    """A conversation as Google Takeout writes it: every message's sender (and address),
    time in UTC, words and files; its thread the Space's name or the DM's members; the
    conversation's own group_info.json no message."""
    folder = tmp_path_factory.mktemp("takeout") / "Google Chat" / "Groups" / "Space AAAA"
    folder.mkdir(parents=True)
    people = sorted({message["sender"] for message in generated})
    address = {name: f"user{number}@example.com" for number, name in enumerate(people)}
    written = []
    for message in generated:
        item = {
            "creator": {"name": message["sender"], "email": address[message["sender"]]},
            "created_date": _takeout_time(message["when"], before_half),
            "topic_id": "t",
            "message_id": "m",
        }
        item["creator"]["user_type"] = "Human"
        if message["text"]:
            item["text"] = message["text"]
        if message["media"]:
            item["attached_files"] = [{"original_name": message["media"], "export_name": "File-1"}]
        written.append(item)
    (folder / "messages.json").write_text(json.dumps({"messages": written}, indent=2), "utf-8")
    members = [{"name": name, "email": address[name], "user_type": "Human"} for name in people]
    info = {"name": space, "members": members} if space else {"members": members}
    (folder / "group_info.json").write_text(json.dumps(info), "utf-8")
    units = [unit for result in iter_corpus(folder.parents[2]) for unit in result.units]
    assert [(u.sender, u.sender_address, u.date, u.text, u.attachments) for u in units] == [
        (
            m["sender"],
            address[m["sender"]],
            m["when"].replace(tzinfo=timezone.utc),
            m["text"],
            (m["media"],) if m["media"] else (),
        )
        for m in generated
    ]
    thread = space or "DM: " + ", ".join(people)
    assert {unit.thread for unit in units} == {thread} and {u.kind for u in units} == {"chat"}


def test_a_google_chat_date_written_otherwise_is_left_undated_and_said(tmp_path):
    (tmp_path / "messages.json").write_text(
        json.dumps(
            {
                "messages": [
                    {
                        "creator": {"name": "Ana", "email": "ana@x.org"},
                        "created_date": "Donnerstag, 3. November 2016 um 11:59:50 UTC",
                        "text": "hallo",
                    },
                    {
                        "creator": {"name": "Ana", "email": "ana@x.org"},
                        "created_date": "Thursday, November 3, 2016 at 11:59:50 AM PST",
                        "text": "hi",
                    },
                ]
            }
        ),
        "utf-8",
    )
    result = read_units(tmp_path / "messages.json", "messages.json")
    assert [unit.date for unit in result.units] == [None, None]
    (problem,) = result.problems
    assert "2 message date(s) not read" in problem.message and "Donnerstag" in problem.message
