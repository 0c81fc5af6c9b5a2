"""Mail headers a careful reader would doubt, over their variation: time zones of other
than four digits or that no place on Earth keeps, two Date: headers, messages attached with
no Message-ID, two different messages sharing one Message-ID. Nothing read wrong in silence,
no message hidden as another's copy."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit import Archive
from searchkit.corpus import read_units
from searchkit.dates import date_doubt, is_kept, parse_date

moments = st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2030, 12, 31)).map(
    lambda moment: moment.replace(second=0, microsecond=0)
)


def _rfc(moment: datetime, zone: str) -> str:
    return f"{moment:%a, %d %b %Y %H:%M:%S} {zone}"


@settings(max_examples=300, deadline=None)
@given(moments, st.sampled_from("+-"), st.integers(0, 23), st.integers(0, 59), st.integers(2, 4))
def test_a_numeric_zone_is_read_as_written_and_said_unless_four_digits_some_place_keeps(
    moment, sign, hours, minutes, digits
):
    """Four digits, hours and minutes, as RFC 5322 writes them; two, hours alone (ISO
    8601's); three, one digit of hours. Any but four digits some place keeps (within -12:00
    and +14:00, a quarter hour) is said; never minutes for hours (`+05` is five hours)."""
    written = {4: f"{hours:02d}{minutes:02d}", 3: f"{hours}{minutes:02d}", 2: f"{hours:02d}"}
    if digits == 3 and hours > 9:
        return  # (three digits hold one of hours)
    minutes = minutes if digits > 2 else 0
    text = _rfc(moment, sign + written[digits])
    offset = timezone((-1 if sign == "-" else 1) * timedelta(hours=hours, minutes=minutes))
    assert parse_date(text) == moment.replace(tzinfo=offset), text
    assert (date_doubt(text) is None) == (digits == 4 and is_kept(offset)), text


def _eml(folder, name: str, lines: list[str]) -> None:
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


@settings(max_examples=40, deadline=None)
@given(moments, moments)
def test_two_different_dates_are_said_naming_the_one_read(tmp_path_factory, first, second):
    folder = tmp_path_factory.mktemp("mail")
    head = ["From: Ann Lee <ann@example.org>", "To: bob@example.org"]
    dates = [f"Date: {_rfc(first, '+0000')}", f"Date: {_rfc(second, '+0000')}"]
    _eml(folder, "two.eml", [*head, *dates, "Subject: two", "", "Two dates."])
    read = read_units(folder / "two.eml", "two.eml")
    (unit,) = read.units
    assert unit.date == first.replace(tzinfo=timezone.utc)
    said = [problem.message for problem in read.problems]
    assert (first == second) != any("2 different dates" in line and _rfc(first, "+0000") in line for line in said), said


people = st.lists(
    st.sampled_from(["Ann Lee", "Bo Ng", "Cy Park", "Di Roe", "Ed Sun"]), min_size=1, max_size=3, unique=True
)


def _addresses(names: list[str]) -> str:
    return ", ".join(f"{name} <{name.split()[0].lower()}@example.org>" for name in names)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["To", "Cc"]), st.lists(people, min_size=1, max_size=3), moments)
def test_every_header_of_recipients_is_read(tmp_path_factory, field, heads, when):
    """RFC 5322 allows one `To:` and one `Cc:`; a mailer that writes two sent to the people
    of both: none is dropped."""
    folder = tmp_path_factory.mktemp("mail")
    lines = ["From: Zed Oak <zed@example.org>", f"Date: {_rfc(when, '+0000')}"]
    lines += [f"{field}: {_addresses(names)}" for names in heads] + ["Subject: s", "", "Text."]
    _eml(folder, "many.eml", lines)
    read = read_units(folder / "many.eml", "many.eml")
    (unit,) = read.units
    got = unit.to if field == "To" else unit.cc
    assert list(got) == [name for names in heads for name in names]


@settings(max_examples=30, deadline=None)
@given(people, people, moments)
def test_two_different_senders_are_said_naming_the_one_read(tmp_path_factory, first, second, when):
    folder = tmp_path_factory.mktemp("mail")
    lines = [f"From: {_addresses(first)}", f"From: {_addresses(second)}", "To: x@example.org"]
    _eml(folder, "two.eml", [*lines, f"Date: {_rfc(when, '+0000')}", "Subject: s", "", "Text."])
    read = read_units(folder / "two.eml", "two.eml")
    (unit,) = read.units
    assert unit.sender == first[0]
    said = [problem.message for problem in read.problems]
    assert (first == second) != any("2 different senders" in line and "read the first" in line for line in said), said


@settings(max_examples=15, deadline=None)
@given(st.lists(st.sampled_from(["Inner One", "Inner Two", "Ivy Three", "Ike Four"]), min_size=2, max_size=4, unique=True), moments)
def test_messages_attached_with_no_message_id_are_each_their_own(tmp_path_factory, senders, when):
    folder = tmp_path_factory.mktemp("mail")
    lines = ["From: Outer Olga <olga@example.org>", "To: you@example.org"]
    lines += [f"Date: {_rfc(when, '+0000')}", "Subject: outer", "Message-ID: <outer@example.org>"]
    lines += ["MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="x"', ""]
    lines += ["--x", "Content-Type: text/plain", "", "Outer text.", ""]
    for number, sender in enumerate(senders):
        lines += ["--x", "Content-Type: message/rfc822", ""]
        lines += [f"From: {sender} <n{number}@example.org>", "To: olga@example.org"]
        lines += [f"Date: {_rfc(when - timedelta(days=number + 1), '+0000')}", f"Subject: s{number}"]
        lines += ["", f"Attached words number {number}.", ""]
    lines += ["--x--"]
    _eml(folder, "outer.eml", lines)
    archive = Archive(folder, tmp_path_factory.mktemp("index"))
    listed = [(unit.sender, copy) for unit, copy in archive.read_units()]
    assert sorted(sender for sender, copy in listed if copy is None) == sorted(["Outer Olga", *senders])
    for number, sender in enumerate(senders):
        (hit,) = archive.search(f'"number {number}"')
        assert hit.sender == sender


@settings(max_examples=15, deadline=None)
@given(moments, st.booleans())
def test_a_message_id_two_messages_share_hides_neither(tmp_path_factory, when, same):
    """Two files of one Message-ID: the same sender and date, a copy (hidden from hits);
    another sender or date, another message (both found)."""
    folder = tmp_path_factory.mktemp("mail")
    for name, sender, moment in (("a.eml", "Ann Lee <ann@example.org>", when), ("b.eml", "Ann Lee <ann@example.org>" if same else "Mal Lory <mal@example.org>", when if same else when + timedelta(hours=3))):
        _eml(folder, name, [f"From: {sender}", "To: bob@example.org", f"Date: {_rfc(moment, '+0000')}", "Subject: shared", "Message-ID: <shared@example.org>", "", f"Lunch words from {name}."])
    archive = Archive(folder, tmp_path_factory.mktemp("index"))
    hits = archive.search("lunch")
    assert len(hits) == (1 if same else 2)
    copies = [copy for _, copy in archive.read_units() if copy]
    assert len(copies) == (1 if same else 0)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_an_mbox_cut_inside_a_head_says_so(tmp_path_factory, data):
    """An mbox whose last message the file cuts mid-line in its head (`From: Bob <bob@exa`,
    `Date: … +00`): that field reads as if whole, so the message is named as cut."""
    folder = tmp_path_factory.mktemp("mail")
    first = ["From a@x Mon Jan  1 00:00:00 2001", "From: Ann <ann@example.org>"]
    first += ["Date: Wed, 1 Apr 2020 10:00:00 +0000", "Subject: one", "", "One.", ""]
    head = "\n".join(["Date: Wed, 1 Apr 2020 11:00:00 +0000", "From: Bob <bob@example.org>", "Subject: two"])
    # (past its first field: a separator over one broken line heads no message)
    start = head.index("\n") + 2
    cut = data.draw(st.integers(start, len(head) - 1).filter(lambda at: head[at - 1] != "\n"))
    text = "\n".join([*first, "From b@x Mon Jan  1 00:00:00 2001"]) + "\n" + head[:cut]
    (folder / "cut.mbox").write_text(text, encoding="utf-8")
    read = read_units(folder / "cut.mbox", "cut.mbox")
    assert any("ends inside its head" in problem.message for problem in read.problems), text


@given(st.sampled_from(["undisclosed-senders", "Undisclosed recipients", "list"]), st.sampled_from([":;", ": ;", ":"]))
def test_an_empty_group_names_no_sender(name, end):
    from searchkit.people import parse_sender

    assert parse_sender(f"{name}{end}") is None


@settings(max_examples=20, deadline=None)
@given(moments, st.sampled_from(["application/octet-stream", "text/plain", "application/x-eml"]), st.booleans())
def test_a_message_sent_as_an_eml_file_is_read_as_the_message_it_is(tmp_path_factory, when, kind, base64):
    """A forward that attaches the original as a file (`original.eml`, whatever the type its
    part is given) carries that message: its own sender, date and words."""
    import base64 as codec

    folder = tmp_path_factory.mktemp("mail")
    inner = "\r\n".join(["From: Jack Jay <jack@example.org>", f"Date: {_rfc(when, '+0200')}", "Subject: Invoice", "", "Invoice attached, due in thirty days.", ""])
    body = codec.encodebytes(inner.encode()).decode() if base64 else inner
    lines = ["From: Kate Kerr <kate@example.org>", "To: you@example.org", f"Date: {_rfc(when + timedelta(days=1), '+0000')}"]
    lines += ["Subject: FW: Invoice", "MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="b"', ""]
    lines += ["--b", "Content-Type: text/plain", "", "Original attached.", "", "--b"]
    lines += [f'Content-Type: {kind}; name="original.eml"', 'Content-Disposition: attachment; filename="original.eml"']
    lines += ["Content-Transfer-Encoding: base64" if base64 else "Content-Transfer-Encoding: 7bit", "", body, "--b--"]
    _eml(folder, "fw.eml", lines)
    units = list(read_units(folder / "fw.eml", "fw.eml").units)
    (jack,) = [unit for unit in units if unit.sender == "Jack Jay"]
    assert jack.date == when.replace(tzinfo=timezone(timedelta(hours=2))) and jack.kind == "email"
    assert jack.text == "Invoice attached, due in thirty days."
    assert not [unit for unit in units if unit.kind != "email"]  # no raw copy as an attachment


@settings(max_examples=12, deadline=None)
@given(st.integers(1, 12), moments)
def test_messages_attached_deeper_than_are_read_say_so(tmp_path_factory, depth, when):
    """Messages attached inside messages, any depth: each read as a message down to the depth
    searchkit reads (a bound against hostile mail), and past it, said."""
    folder = tmp_path_factory.mktemp("mail")

    def level(number: int) -> list[str]:
        head = [f"From: Level {chr(65 + number)} <l{number}@example.org>", "To: you@example.org"]
        head += [f"Date: {_rfc(when - timedelta(days=number), '+0000')}", f"Subject: level {number}"]
        if number == depth:
            return [*head, "", f"Innermost words {number}."]
        boundary = f"b{number}"
        return [*head, "MIME-Version: 1.0", f'Content-Type: multipart/mixed; boundary="{boundary}"', "",
                f"--{boundary}", "Content-Type: text/plain", "", f"Words of level {number}.", "",
                f"--{boundary}", "Content-Type: message/rfc822", "", *level(number + 1), f"--{boundary}--"]

    _eml(folder, "nested.eml", level(0))
    read = read_units(folder / "nested.eml", "nested.eml")
    said = any("attached more than" in problem.message for problem in read.problems)
    senders = {unit.sender for unit in read.units if unit.kind == "email"}
    assert said == (depth > 8), read.problems
    assert {f"Level {chr(65 + number)}" for number in range(min(depth, 8) + 1)} <= senders


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from("abc éüßñÉÜ–“”€"), min_size=1, max_size=6).map(lambda chars: "".join(f"{char}e" for char in chars)), st.booleans()), min_size=1, max_size=5))
def test_latin_bytes_in_text_declared_utf8_keep_their_letters(tmp_path_factory, pieces):
    """A body declared UTF-8 whose mailer wrote some of it in Windows-1252 (Latin-1): each
    piece reads as written, none lost to U+FFFD. (Letters stand between its accents, as in
    words: two Latin-1 bytes in a row may happen to be a UTF-8 letter, `É–` is `ɖ`, which no
    reading can tell.)"""
    folder = tmp_path_factory.mktemp("mail")
    words = "".join(text for text, _ in pieces).strip()
    assume_text = " ".join(words.split())
    if not assume_text:
        return
    body = b"".join(text.encode("cp1252" if latin else "utf-8") for text, latin in pieces)
    head = b"From: Ann <ann@example.org>\nTo: bob@example.org\nDate: Sat, 7 Mar 2020 11:00:00 +0000\n"
    head += b"Subject: x\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
    (folder / "latin.eml").write_bytes(head + body + b"\n")
    (unit,) = read_units(folder / "latin.eml", "latin.eml").units
    assert " ".join(unit.text.split()) == assume_text and "\ufffd" not in unit.text


@settings(max_examples=30, deadline=None)
@given(moments, st.sampled_from(["%a, %d %b %Y %H:%M:%S", "%a %b %d %H:%M:%S %Y", "%d %b %Y %H:%M"]), st.booleans())
def test_a_mail_date_with_no_zone_is_said_a_printouts_not(tmp_path_factory, when, form, printout):
    """A mailer's Date: with no zone (RFC 5322 asks for one) is read as written and said; a
    printout's date (`Sent: Friday, March 13, 2020 9:15 AM`) never gives one: nothing said."""
    folder = tmp_path_factory.mktemp("mail")
    field = f"Sent: {when:%A, %B %d, %Y %I:%M %p}" if printout else f"Date: {when:{form}}"
    _eml(folder, "m.eml", ["From: Ann Lee <ann@example.org>", "To: bob@example.org", field, "Subject: s", "", "Words."])
    read = read_units(folder / "m.eml", "m.eml")
    (unit,) = read.units
    assert unit.date == when
    said = any("has no time zone" in problem.message for problem in read.problems)
    assert said == (not printout), read.problems


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["ann@example.org", "ANN@Example.org", "ceo@bank.example", "o'neil@corp.co.uk"]),
    st.sampled_from(['"{}"', "{}", '"Ann Lee ({})"', "'{}'"]),
    moments,
)
def test_a_display_name_naming_another_address_is_said(tmp_path_factory, named, form, when):
    """`From: "ceo@bank.example" <ann@example.org>`: what a reader sees as the sender is not
    the address it came from (a spoofer's form); kept as written, and said. The same
    address in the name, in any case, is nothing to say."""
    folder = tmp_path_factory.mktemp("mail")
    sender = f"From: {form.format(named)} <ann@example.org>"
    _eml(folder, "m.eml", [sender, "To: bob@example.org", f"Date: {_rfc(when, '+0000')}", "", "Pay."])
    read = read_units(folder / "m.eml", "m.eml")
    (unit,) = read.units
    assert unit.sender_address == "ann@example.org"
    said = any("is another address than the sender's" in problem.message for problem in read.problems)
    assert said == (named.lower() != "ann@example.org"), (sender, read.problems)
