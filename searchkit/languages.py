"""The languages mail clients write headers in: one row each, which a contributor extends.

A row holds what the splitter and the date reader need to know of a language: the labels of
a reply or forward header block (Outlook's `Von:`/`Gesendet:`/`An:`/`Betreff:`), the
separators above such blocks (`-----Ursprüngliche Nachricht-----`), the attribution lines
mail clients write above a quote (`Am … schrieb …:`), the small words that stand inside a
written date (`um`, `de`, `kl.`), and whether a numeric day is written day first.

Month and weekday names are not listed here: they come from the Unicode CLDR data that
Babel ships (every spelling, abbreviated and wide, format and stand-alone), loaded the first
time a date in words is read.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

#: The header fields a label names, as the splitter calls them.
FROM, SENT, DATE, TO, CC, BCC, SUBJECT = "from", "sent", "date", "to", "cc", "bcc", "subject"


@dataclass(frozen=True)
class Language:
    code: str  # a CLDR locale, for month and weekday names
    labels: dict[str, tuple[str, ...]]  # field -> the labels that name it
    separators: tuple[str, ...]  # the words of `-----Original Message-----` lines
    # attribution lines, as patterns over `{when}` and `{who}` (each any text)
    attributions: tuple[str, ...]
    date_words: tuple[str, ...] = ()  # small words inside a written date and time
    # how this language's clients write a numeric day (None: both ways, as English does)
    day_first: bool | None = True


LANGUAGES: tuple[Language, ...] = (
    Language(
        "en",
        {
            FROM: ("from",),
            SENT: ("sent",),
            DATE: ("date",),
            TO: ("to",),
            CC: ("cc",),
            BCC: ("bcc",),
            SUBJECT: ("subject",),
        },
        (
            "original message",
            "forwarded message",
            "begin forwarded message",
            "start of forwarded message",
        ),
        ("On {when}, {who} wrote:", "On {when} {who} wrote:", "{who} wrote on {when}:"),
        ("at", "on", "the", "of"),
        day_first=None,
    ),
    Language(
        "de",
        {
            FROM: ("von",),
            SENT: ("gesendet",),
            DATE: ("datum",),
            TO: ("an",),
            CC: ("cc", "kopie", "kopie (cc)"),  # `Kopie (CC)`: Thunderbird's
            BCC: ("blindkopie", "blindkopie (bcc)"),
            SUBJECT: ("betreff", "thema"),  # `Thema`: Lotus Notes' German memo
        },
        (
            "ursprüngliche nachricht",
            "weitergeleitete nachricht",
            "original nachricht",
            "anfang der weitergeleiteten nachricht",  # Apple Mail
        ),
        ("Am {when} schrieb {who}:", "{who} schrieb am {when}:"),
        ("um", "am", "den", "uhr"),
    ),
    Language(
        "fr",
        {
            FROM: ("de", "expéditeur"),
            SENT: ("envoyé", "envoyé le"),
            DATE: ("date",),
            TO: ("à", "a", "destinataire", "pour"),  # `Pour :` is Thunderbird's
            CC: ("cc", "copie à"),
            BCC: ("cci",),
            SUBJECT: ("objet", "sujet"),
        },
        (
            "message d'origine",
            "message d’origine",
            "message transféré",
            "message original",
            "mail original",  # Zimbra
            "début du message réexpédié",  # Apple Mail
        ),
        ("Le {when}, {who} a écrit :", "Le {when} {who} a écrit :"),
        ("à", "le", "h"),
    ),
    Language(
        "es",
        {
            FROM: ("de",),
            SENT: ("enviado", "enviado el", "fecha de envío"),
            DATE: ("fecha",),
            TO: ("para", "a"),
            CC: ("cc", "copia"),
            BCC: ("cco",),
            SUBJECT: ("asunto",),
        },
        ("mensaje original", "mensaje reenviado", "comienzo del mensaje reenviado"),
        ("El {when}, {who} escribió:", "El {when} {who} escribió:"),
        ("de", "del", "a", "las", "la", "el", "en"),
    ),
    Language(
        "it",
        {
            FROM: ("da", "mittente"),  # `Mittente:` is Thunderbird's
            SENT: ("inviato", "data invio"),
            DATE: ("data",),
            TO: ("a", "destinatario"),
            CC: ("cc", "copia"),
            BCC: ("ccn",),
            SUBJECT: ("oggetto",),
        },
        ("messaggio originale", "messaggio inoltrato", "inizio messaggio inoltrato"),
        ("Il giorno {when} {who} ha scritto:", "Il {when}, {who} ha scritto:"),
        ("alle", "ore", "il", "giorno"),
    ),
    Language(
        "nl",
        {
            FROM: ("van",),
            SENT: ("verzonden",),
            DATE: ("datum",),
            TO: ("aan",),
            CC: ("cc",),
            SUBJECT: ("onderwerp",),
        },
        (
            "oorspronkelijk bericht",
            "doorgestuurd bericht",
            "origineel bericht",
            "begin doorgestuurd bericht",
        ),
        (
            "Op {when} schreef {who}:",
            "Op {when}, {who} schreef:",
            "Op {when} heeft {who} het volgende geschreven:",
            "Op {when} heeft {who} geschreven:",
        ),
        ("om", "op"),
    ),
    Language(
        "pt",
        {
            FROM: ("de",),
            SENT: ("enviado", "enviada em", "enviado em", "enviada"),
            DATE: ("data",),
            TO: ("para",),
            CC: ("cc",),
            SUBJECT: ("assunto",),
        },
        ("mensagem original", "mensagem encaminhada", "início da mensagem reencaminhada"),
        # Gmail in Portugal: `Rui <rui@x.pt> escreveu no dia segunda, 4/03/2024 à(s) 15:15:`
        (
            "Em {when}, {who} escreveu:",
            "Em {when} {who} escreveu:",
            "{who} escreveu no dia {when}:",
        ),
        ("de", "às"),
    ),
    Language(
        "sv",
        {
            FROM: ("från",),
            SENT: ("skickat", "skickades"),
            DATE: ("datum",),
            TO: ("till",),
            CC: ("kopia", "cc"),
            SUBJECT: ("ämne",),
        },
        (
            "ursprungligt meddelande",
            "vidarebefordrat meddelande",
            "vidarebefordrat brev",  # Apple Mail
            "vidarebefordrat mejl",
        ),
        ("Den {when} skrev {who}:", "{when} skrev {who}:"),
        ("kl", "den"),
    ),
    Language(
        "pl",
        {
            FROM: ("od", "nadawca"),
            SENT: ("wysłano", "wysłane"),
            DATE: ("data",),
            TO: ("do", "adresat"),
            CC: ("dw", "kopia"),  # `DW:` is Outlook's (do wiadomości)
            BCC: ("udw",),  # ukryte do wiadomości
            SUBJECT: ("temat",),
        },
        (
            "wiadomość oryginalna",
            "oryginalna wiadomość",
            "wiadomość przekazana dalej",
            "przekazana wiadomość",
        ),
        (
            "{when} {who} napisał(a):",
            "Dnia {when} {who} napisał(a):",
            "{when} {who} napisał:",
            "Wiadomość napisana przez {who} w dniu {when}:",  # Apple Mail
            "W dniu {when}, {who} pisze:",  # Thunderbird
            "W dniu {when} {who} pisze:",
        ),
        ("o", "r", "dnia", "godz"),  # `5 lutego 2020 r. o 10:11`, `06.02.2024, o godz. 11:40`
    ),
    Language(
        "ru",
        {
            FROM: ("от",),
            SENT: ("отправлено",),
            DATE: ("дата",),
            TO: ("кому",),
            CC: ("копия",),
            SUBJECT: ("тема",),
        },
        ("исходное сообщение", "пересылаемое сообщение", "пересланное сообщение"),
        (
            "{when}, {who} пишет:",
            "{when} {who} пишет:",
            "{when}, {who} написал(а):",  # Apple Mail
            "{when} {who} написал(а):",
        ),
        ("г", "в"),  # `3 февраля 2020 г. в 14:05`
    ),
    Language(
        "cs",
        {
            FROM: ("od",),
            SENT: ("odesláno",),
            DATE: ("datum",),
            TO: ("komu",),
            CC: ("kopie",),
            SUBJECT: ("předmět",),
        },
        ("původní zpráva", "přeposlaná zpráva", "začátek přeposílané zprávy"),
        # Gmail: `po 4. 3. 2024 v 15:15 odesílatel Jan Novák <jan@x.cz> napsal:`
        (
            "Dne {when} {who} napsal(a):",
            "{when} {who} napsal(a):",
            "{when} odesílatel {who} napsal:",
            "{when} odesílatel {who} napsala:",
        ),
        ("v",),
    ),
    Language(
        "tr",
        {
            FROM: ("kimden",),
            SENT: ("gönderildi", "gönderilme tarihi"),
            DATE: ("tarih",),
            TO: ("kime",),
            CC: ("bilgi", "cc"),
            SUBJECT: ("konu",),
        },
        ("özgün ileti", "orijinal mesaj", "iletilen ileti"),
        (
            "{who}, {when} tarihinde şunu yazdı:",
            "{when} tarihinde {who} şunu yazdı:",
            "{when} saatinde, {who} şunları yazdı:",  # Apple Mail: `… tarihinde 18:35 saatinde`
        ),
        ("saat", "tarihinde"),
    ),
    Language(
        "da",
        {
            FROM: ("fra",),
            SENT: ("sendt",),
            DATE: ("dato",),
            TO: ("til",),
            CC: ("cc", "kopi"),
            SUBJECT: ("emne",),
        },
        ("oprindelig meddelelse", "videresendt meddelelse", "videresendt besked"),
        (),  # `Den {when} skrev {who}:`, as in Swedish
        ("den", "kl"),
    ),
    Language(
        "nb",
        {
            FROM: ("fra",),
            SENT: ("sendt",),
            DATE: ("dato",),
            TO: ("til",),
            CC: ("kopi", "cc"),
            SUBJECT: ("emne",),
        },
        ("opprinnelig melding", "videresendt melding"),
        (),  # `{when} skrev {who}:`, as in Swedish
        ("den", "kl"),
    ),
    Language(
        "fi",
        {
            FROM: ("lähettäjä",),
            SENT: ("lähetetty",),
            DATE: ("päivämäärä",),
            TO: ("vastaanottaja",),
            CC: ("kopio",),
            SUBJECT: ("aihe",),
        },
        ("alkuperäinen viesti", "välitetty viesti"),
        ("{who} kirjoitti {when}:", "{when} {who} kirjoitti:"),
        ("klo",),
    ),
    Language(
        "el",
        {
            FROM: ("από",),
            SENT: ("στάλθηκε", "αποστολή"),
            DATE: ("ημερομηνία",),
            TO: ("προς",),
            CC: ("κοιν.", "κοιν"),
            SUBJECT: ("θέμα",),
        },
        ("αρχικό μήνυμα", "προωθημένο μήνυμα"),
        # Gmail's (`ο χρήστης`, `ο/η`), Roundcube's and Thunderbird's
        (
            "Στις {when}, ο χρήστης {who} έγραψε:",
            "Στις {when}, ο/η {who} έγραψε:",
            "Στις {when}, {who} έγραψε:",
            "Στις {when} ο χρήστης {who} έγραψε:",
            "Στις {when} {who} έγραψε:",
        ),
        ("στις",),
    ),
    # the languages that write a day year first (`2020年2月3日`, `2020년 2월 3일`): Outlook's
    # labels, its colon sometimes the full-width one (`发件人：`)
    Language(
        "ja",
        {
            FROM: ("差出人", "送信者"),
            SENT: ("送信日時",),
            DATE: ("日付", "日時"),
            TO: ("宛先",),
            CC: ("cc",),
            SUBJECT: ("件名",),
        },
        ("元のメッセージ", "転送されたメッセージ", "転送メッセージ"),
        # Apple Mail's (Gmail's `{when} {who}:` has no word of its own to find it by)
        ("{when}、{who}のメール:", "{when}、{who}のメール："),
        (),
        day_first=None,
    ),
    Language(
        "zh",
        {
            FROM: ("发件人",),
            SENT: ("发送时间",),
            DATE: ("日期",),
            TO: ("收件人",),
            CC: ("抄送",),
            SUBJECT: ("主题",),
        },
        ("原始邮件", "转发的邮件", "原始消息"),
        (
            "{who} 于{when}写道：",
            "{who} 于{when}写道:",
            "{who}于{when}写道：",
            "在 {when}，{who} 写道：",  # Apple Mail
            "在 {when}，{who} 写道:",
        ),
        (),
        day_first=None,
    ),
    Language(
        "zh_Hant",
        {
            FROM: ("寄件者",),
            SENT: ("寄件日期", "傳送時間"),
            DATE: ("日期",),
            TO: ("收件者",),
            CC: ("副本",),
            SUBJECT: ("主旨",),
        },
        ("原始郵件", "轉寄的郵件"),
        # Gmail writes no space before 寫道 after a time (`於 2024年3月4日 週一 下午3:15寫道：`)
        (
            "{who} 於 {when} 寫道：",
            "{who} 於 {when} 寫道:",
            "{who} 於 {when}寫道：",
            "{who} 於 {when}寫道:",
            "於 {when}，{who} 寫道：",  # Apple Mail
            "於 {when}，{who} 寫道:",
        ),
        (),
        day_first=None,
    ),
    Language(
        "ko",
        {
            FROM: ("보낸 사람",),
            SENT: ("보낸 날짜",),
            DATE: ("날짜",),
            TO: ("받는 사람",),
            CC: ("참조",),
            SUBJECT: ("제목",),
        },
        ("원본 메시지", "전달된 메시지"),
        ("{when}, {who}님이 작성:", "{when}, {who} 작성:"),  # Gmail, Apple Mail
        (),
        day_first=None,
    ),
)


def language_day_first(code: str) -> bool | None:
    """Whether the clients of a language write a numeric day first (None: not known)."""
    return next((language.day_first for language in LANGUAGES if language.code == code), None)


def fold(text: str) -> str:
    """Lower case without accents, for comparing words across spellings (`Envoyé`, `envoye`;
    `№` is `no`, as `No` is). An accent on a letter of a European script is dropped; a mark
    that is part of a letter of another (a kana's voicing mark: `ガ` is not `カ`) is kept."""
    if text.isascii():
        return text.lower()
    kept: list[str] = []
    for char in unicodedata.normalize("NFKD", text).casefold():
        accent = unicodedata.combining(char) and kept and ord(kept[-1]) < _ACCENTED_SCRIPTS_END
        if not accent:
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


#: Below it, a combining mark is an accent on a letter of a European script (`é`, `ñ`, `й`).
_ACCENTED_SCRIPTS_END = 0x0530


@functools.cache
def label_fields() -> dict[str, str]:
    """Every header label, folded, and the field it names (`gesendet` -> `sent`)."""
    table: dict[str, str] = {}
    for language in LANGUAGES:
        for field, labels in language.labels.items():
            for label in labels:
                table.setdefault(fold(label), field)
    return table


@functools.cache
def label_language() -> dict[str, Language]:
    """The language a label belongs to, for labels only one language uses (`gesendet`)."""
    owners: dict[str, list[Language]] = {}
    for language in LANGUAGES:
        for labels in language.labels.values():
            for label in labels:
                owners.setdefault(fold(label), []).append(language)
    return {label: found[0] for label, found in owners.items() if len(found) == 1}


@functools.cache
def separator_words() -> tuple[str, ...]:
    return tuple(fold(words) for language in LANGUAGES for words in language.separators)


@functools.cache
def date_words() -> frozenset[str]:
    return frozenset(fold(word) for language in LANGUAGES for word in language.date_words)


@functools.cache
def calendar_names() -> tuple[dict[str, int], dict[str, int]]:
    """Month names and weekday names of every language, folded and without a final dot,
    each with its number (January 1, Monday 0): the first language's, where two differ."""
    months, weekdays, _ = _calendar()
    return months, weekdays


@functools.cache
def weekday_numbers() -> dict[str, frozenset[int]]:
    """Every weekday a name stands for in some language (`so`: Sunday in German, Saturday in
    Czech), folded as `calendar_names` folds them: a date whose weekday is any of them is
    written right."""
    return _calendar()[2]


@functools.cache
def _calendar() -> tuple[dict[str, int], dict[str, int], dict[str, frozenset[int]]]:
    from babel import Locale  # lazily: only dates written in words need it

    months: dict[str, int] = {}
    every: dict[str, dict[int, None]] = {}  # each name's weekdays, the first language's first
    for language in LANGUAGES:
        locale = Locale.parse(language.code)
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in locale.months[context][width].items():
                    months.setdefault(_name_key(name), number)
                for number, name in locale.days[context][width].items():
                    every.setdefault(_name_key(name), {})[number] = None
                    # Portuguese also drops `-feira` (Gmail in Portugal: `segunda, 4/03/2024`)
                    if name.endswith("-feira"):
                        every.setdefault(_name_key(name.removesuffix("-feira")), {})[number] = None
    # the short forms mail clients write beside CLDR's (`Sept`, `Tues`, `Thur`, `mrt`, and
    # German's older `Mrz`, Canadian French's `juill.`)
    written = (("sept", 9), ("mrt", 3), ("juni", 6), ("juli", 7), ("mei", 5), ("mrz", 3))
    for name, number in (*written, ("juill", 7)):
        months.setdefault(name, number)
    for name, number in (("tues", 1), ("thur", 3), ("thurs", 3), ("weds", 2)):
        every.setdefault(name, {})[number] = None
    weekdays = {name: next(iter(numbers)) for name, numbers in every.items()}
    return months, weekdays, {name: frozenset(numbers) for name, numbers in every.items()}


@functools.cache
def day_periods() -> dict[str, bool]:
    """The words for before and after noon in every language (`fm`/`em` in Swedish), folded
    and without dots or spaces, each with whether it is after noon."""
    from babel import Locale

    periods: dict[str, bool] = {}
    for language in LANGUAGES:
        locale = Locale.parse(language.code)
        halves = _halves(locale)
        for width in ("abbreviated", "wide"):
            for period, name in locale.day_periods["format"].get(width, {}).items():
                if period in halves:
                    periods.setdefault(period_key(name), halves[period])
    return periods | _OLDER_DAY_PERIODS


#: Markers CLDR gave before it wrote AM/PM for German, which printouts of its time keep
#: (`Gesendet: Mittwoch, 3. April 2019 4:12 nachm.`).
_OLDER_DAY_PERIODS = {"vorm": False, "nachm": True}


def _halves(locale) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    """The periods of the day a language writes a time with, each with whether it is after
    noon: `am`/`pm`, and where its short time is written with the finer ones (Traditional
    Chinese: `午夜12:00`, `凌晨1:05`, `晚上8:00`), those that lie in one half of the day."""
    from datetime import time

    from babel.dates import get_period_id

    seen: dict[str, set[bool]] = {"am": {False}, "pm": {True}}
    if "B" in str(locale.time_formats["short"].pattern):
        for hour in range(24):
            period = get_period_id(time(hour, 30 if hour else 0), locale=locale)
            seen.setdefault(period, set()).add(hour >= 12)
    return {period: found.pop() for period, found in seen.items() if len(found) == 1}


def period_key(name: str) -> str:
    """A word for a half of the day as `day_periods` keys it: folded, no dots nor spaces."""
    return "".join(fold(name).replace(".", "").split())


def _name_key(name: str) -> str:
    return fold(name).rstrip(".")
