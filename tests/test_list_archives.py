"""Mailing-list web archives: a message per page with the archive's own headers, never its
navigation; its index pages are no messages."""

from __future__ import annotations

import re
import shutil
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit.corpus import iter_corpus, read_units

from .conftest import FIXTURES, hypermail_page, needs_testdata


def test_every_pipermail_message_page_gives_its_message():
    folder = needs_testdata("pipermail-html")
    results = list(iter_corpus(folder))
    pages = [
        result for result in results if not result.source.endswith(("date.html", "thread.html"))
    ]
    assert len(pages) == 18
    for page in pages:
        (message,) = [unit for unit in page.units if unit.kind == "email" and not unit.quoted_in]
        assert message.sender and message.sender_address and "@" in message.sender_address
        assert message.subject.startswith("[Twisted-Python]") and message.date is not None
        assert not any(
            "Messages sorted by" in unit.text or "Next message" in unit.text for unit in page.units
        )
    # the month's thread.html joins `[Twisted-Python] …` and `… Fwd: …` in one thread
    firsts = [unit for page in pages for unit in page.units if not unit.quoted_in]
    moving = {unit.thread for unit in firsts if "Moving the Twisted-Python" in unit.subject}
    subjects = {unit.subject for unit in firsts if "Moving the Twisted-Python" in unit.subject}
    assert len(moving) == 1 and len(subjects) == 2
    indexes = [result for result in results if result.source.endswith(("date.html", "thread.html"))]
    assert len(indexes) == 4 and all(
        result.units == () and result.problems == () for result in indexes
    )
    (evilham,) = [
        unit
        for unit in read_units(folder / "2021-August/065704.html", "p.html").units
        if not unit.quoted_in
    ]
    assert (evilham.sender, evilham.sender_address) == ("Evilham", "contact@evilham.com")
    assert evilham.date == datetime(2021, 8, 4, 1, 27, 34, tzinfo=timezone(timedelta(hours=-6)))


def test_hypermail_and_mhonarc_pages():
    (ada, quote) = read_units(FIXTURES / "hypermail.html", "h.html").units
    assert (ada.sender, ada.subject) == ("Ada Lovelace", "Re: budget for the lab")
    assert ada.sender_address == "ada@example.org"
    assert ada.date == datetime(2021, 3, 1, 10, 0, tzinfo=timezone.utc)
    assert (
        ada.text == "The engine needs a new budget line for the cards."
        and ada.message_id == "<1234@example.org>"
    )
    assert quote.quoted_in == ada.id and quote.text == "Can we afford it?\nI am not sure."
    (charles,) = read_units(FIXTURES / "mhonarc.html", "m.html").units
    assert (charles.sender, charles.sender_address) == ("Charles Babbage", "charles@example.org")
    assert (
        charles.subject == "Engine trials on Thursday"
        and charles.message_id == "<5678@example.org>"
    )
    assert (
        charles.text
        == "The difference engine runs its first trial on Thursday morning.\nBring the punched cards."
    )


def _messages(folder: Path) -> dict[str, object]:
    """The message of each page of an archive, by its source."""
    return {
        result.source: unit
        for result in iter_corpus(folder)
        for unit in result.units
        if not unit.quoted_in
    }


def test_pipermail_threads_come_from_the_months_thread_index(tmp_path):
    messages = _messages(needs_testdata("pipermail-html"))
    august = {source.split("/")[1]: unit for source, unit in messages.items() if "2021" in source}
    root = august["065691.html"]  # Glyph's "bad news", answered four times, two levels deep
    hosting = {name for name, unit in august.items() if unit.thread == root.thread}
    assert hosting == {f"0656{n}.html" for n in (91, 92, 93, 99)} | {"065701.html", "065704.html"}
    assert root.thread == root.message_id.strip("<>")  # the root's Message-ID, as mail files
    # a message of the page's own: the reply link's In-Reply-To, which a copy in mbox shares
    assert august["065692.html"].message_id == (
        "<8de566d9-1569-4f2a-8ff3-c64c597fc922@yggdrasil.evilham.com>"
    )
    success = {name for name, unit in august.items() if "success story" in unit.subject}
    assert success == {"065697.html", "065703.html"}
    assert len({august[name].thread for name in success}) == 1
    # a sender the archive names only by the hidden address is that address, not two people
    assert august["065690.html"].sender == "trac@twistedmatrix.com"
    # one subject, one thread per posting: a weekly summary is never everybody's reply
    threads = [unit.thread for unit in august.values()]
    assert len(set(threads)) == 6 and threads.count(root.thread) == 6


def _september(archive: Path, parent_number: int) -> None:
    """A month whose one message answers a message of August (its key starts in August)."""
    month = archive / "2021-September"
    month.mkdir()
    page = (archive / "2021-August/065704.html").read_text(encoding="utf-8")
    (month / "065800.html").write_text(page.replace("contact at evilham.com", "e at x.org"))
    (month / "thread.html").write_text(
        "<html><head><title>The Twisted-Python September 2021 Archive by thread</title></head>"
        f"<body><ul>\n<!--1 01627803680.{parent_number}-01630000000.65800- -->\n"
        '<LI><A HREF="065800.html">[Twisted-Python] bad news</A><A NAME="65800">&nbsp;</A>\n'
        "<I>E</I>\n</ul></body></html>\n"
    )


def test_a_pipermail_reply_finds_its_root_in_another_month(tmp_path):
    archive = tmp_path / "twisted"
    shutil.copytree(needs_testdata("pipermail-html"), archive)
    _september(archive, 65691)
    messages = _messages(archive)
    root = messages["2021-August/065691.html"]
    assert messages["2021-September/065800.html"].thread == root.thread
    (consulted,) = [r.consulted for r in iter_corpus(archive) if r.source.endswith("065800.html")]
    assert consulted[0] == "2021-September/thread.html" and "2021-August/065691.html" in consulted
    # the root nowhere in the archive: the archive's number for it, never a guess by subject
    shutil.rmtree(archive / "2021-August")
    assert _messages(archive)["2021-September/065800.html"].thread == ".#65691"


def test_hypermail_threads_follow_in_reply_to_links_across_months(tmp_path):
    pages = {
        "2021-03/0001.html": hypermail_page("root@x"),
        "2021-03/0002.html": hypermail_page("reply@x", "root@x", "0001.html"),
        "2021-04/0001.html": hypermail_page("deeper@x", "reply@x", "../2021-03/0002.html"),
        # a guess by subject is never followed, nor a link to a page of another message
        "2021-04/0002.html": hypermail_page("guessed@x", guess="../2021-03/0001.html"),
        "2021-04/0003.html": hypermail_page("stale@x", "gone@x", "../2021-03/0001.html"),
        # replies to a message the archive lacks: one thread, the message they answer
        "2021-04/0004.html": hypermail_page("a@x", "outside@x"),
        "2021-04/0005.html": hypermail_page("b@x", "a@x", "0004.html"),
    }
    for source, markup in pages.items():
        (tmp_path / source).parent.mkdir(exist_ok=True)
        (tmp_path / source).write_text(markup)
    threads = {source: unit.thread for source, unit in _messages(tmp_path).items()}
    assert threads == {
        "2021-03/0001.html": "root@x",
        "2021-03/0002.html": "root@x",
        "2021-04/0001.html": "root@x",
        "2021-04/0002.html": "guessed@x",
        "2021-04/0003.html": "gone@x",
        "2021-04/0004.html": "outside@x",
        "2021-04/0005.html": "outside@x",
    }


def test_an_mhonarc_page_names_its_threads_root(tmp_path):
    markup = (FIXTURES / "mhonarc.html").read_text()
    references = "<!--X-Reference: root@example.org -->\n<!--X-Reference: 1200@example.org -->\n"
    (tmp_path / "msg00042.html").write_text(
        markup.replace("<!--X-Head-End-->", references + "<!--X-Head-End-->")
    )
    (charles,) = read_units(tmp_path / "msg00042.html", "msg00042.html").units
    assert charles.thread == "root@example.org"
    (alone,) = read_units(FIXTURES / "mhonarc.html", "m.html").units
    assert alone.thread == "5678@example.org"


def test_a_reply_link_never_leaves_the_corpus(tmp_path):
    outside, corpus = tmp_path / "outside", tmp_path / "corpus"
    outside.mkdir()
    corpus.mkdir()
    (outside / "0001.html").write_text(hypermail_page("parent@x", "secret-root@x"))
    (corpus / "linked").symlink_to(outside)  # a folder of the corpus that leads out of it
    for number, link in enumerate(("linked/0001.html", "../outside/0001.html", "/tmp/x.html")):
        (corpus / f"000{number}.html").write_text(hypermail_page(f"r{number}@x", "parent@x", link))
    threads = {unit.thread for unit in _messages(corpus).values()}
    assert threads == {"parent@x"}  # the parent named, its page unread


def test_an_mhonarc_page_without_a_from_line_gives_the_hidden_one(tmp_path):
    markup = (FIXTURES / "mhonarc.html").read_text()
    markup = re.sub(r"<li><em>From</em>.*?</li>", "", markup)
    # MHonArc's own rot13, which turns `@` and the capitals by one more place than rot13
    markup = re.sub(
        r"X-From-R13: .*? -->", "X-From-R13: Oqn Zbirynpr <nqnNrknzcyr.bet> -->", markup
    )
    (tmp_path / "m.html").write_text(markup)
    (ada,) = read_units(tmp_path / "m.html", "m.html").units
    assert (ada.sender, ada.sender_address) == ("Ada Lovelace", "ada@example.org")


def test_an_mhonarc_page_that_hid_the_address_gives_the_one_in_its_comment(tmp_path):
    """A page showing `jane@DOMAIN.HIDDEN` (MHonArc's ADDRESSMODIFYCODE) keeps the address
    in its rot13 comment: the sender is the shown name with that address; where the comment
    hid it too, the name alone (every `charles` of every domain looked alike)."""
    markup = (FIXTURES / "mhonarc.html").read_text()
    shown = markup.replace("&lt;charles@example.org&gt;", "&lt;charles@DOMAIN.HIDDEN&gt;")
    for kept, address in (
        ("puneyrfNrknzcyr.bet", "charles@example.org"),
        ("puneyrfNRA[OW@.VWRRS@", None),  # `charles@DOMAIN.HIDDEN` in MHonArc's rot13
    ):
        page = re.sub(r"X-From-R13: .*? -->", f"X-From-R13: Punevrf Onoontr <{kept}> -->", shown)
        assert page != markup
        (tmp_path / "m.html").write_text(page)
        (charles,) = read_units(tmp_path / "m.html", "m.html").units
        assert (charles.sender, charles.sender_address) == ("Charles Babbage", address)


def test_a_mail_archive_com_page_gives_its_message():
    """mail-archive.com's template: MHonArc's body markers, the headers in spans, no
    `<!--X-…-->` header comments."""
    ada = read_units(FIXTURES / "mail-archive.html", "msg00042.html").units[0]
    assert (ada.kind, ada.sender, ada.subject) == (
        "email",
        "Ada Lovelace",
        "Re: [lab-list] Engine trials on Thursday",
    )
    assert ada.date == datetime(2021, 3, 5, 8, 15, tzinfo=timezone.utc)
    assert ada.text.startswith("I will bring the cards for the engine trials.")
    assert "Previous message" not in ada.text and "darkgray" not in ada.text


def test_shown_to_and_cc_lines_are_recipients(tmp_path):
    mhonarc = (
        (FIXTURES / "mhonarc.html")
        .read_text()
        .replace(
            "<li><em>Date</em>:",
            "<li><em>To</em>: Ada Lovelace &lt;ada@example.org&gt;, bob@example.org</li>\n"
            "<li><em>Cc</em>: Mary Somerville &lt;mary@example.org&gt;</li>\n<li><em>Date</em>:",
        )
    )
    (tmp_path / "m.html").write_text(mhonarc)
    (charles,) = read_units(tmp_path / "m.html", "m.html").units
    assert charles.to_addresses == ("ada@example.org", "bob@example.org")
    assert charles.cc_addresses == ("mary@example.org",)
    hypermail = (
        (FIXTURES / "hypermail.html")
        .read_text()
        .replace(
            "</span></address>",
            '</span><br />\n<span id="to"><dfn>To</dfn>: Bob &lt;bob_at_example.org&gt;</span><br />'
            '\n<span id="cc"><dfn>Cc</dfn>: carol_at_example.org</span></address>',
        )
    )
    (tmp_path / "h.html").write_text(hypermail)
    ada = read_units(tmp_path / "h.html", "h.html").units[0]
    assert ada.to_addresses == ("bob@example.org",) and ada.cc_addresses == ("carol@example.org",)


def test_a_month_index_of_any_archive_is_no_prose(tmp_path):
    """W3C's month index ("… by thread") and MHonArc's: links to message pages, no text."""
    entries = "\n".join(
        f'<li><a href="{n:04d}.html">Re: engine trials {n}</a> <em>Ada Lovelace</em></li>'
        for n in range(12)
    )
    (tmp_path / "thread.html").write_text(
        "<html><head><title>public-lab@w3.org from March 2021 by thread</title></head><body>"
        f"<h1>public-lab@w3.org from March 2021 by thread</h1><ul>{entries}</ul></body></html>"
    )
    assert read_units(tmp_path / "thread.html", "thread.html").units == ()
    mhonarc = "\n".join(f'<li><a href="msg{n:05d}.html">Trial {n}</a></li>' for n in range(8))
    (tmp_path / "threads.html").write_text(
        f"<html><head><title>lab-list</title></head><body><h1>Thread Index</h1><ul>{mhonarc}"
        '</ul><a href="maillist.html">Date Index</a></body></html>'
    )
    assert read_units(tmp_path / "threads.html", "threads.html").units == ()
    # a page of a few numbered links is still a page
    (tmp_path / "years.html").write_text(
        '<p>Our reports: <a href="2019.html">2019</a> and <a href="2020.html">2020</a>.</p>'
    )
    assert read_units(tmp_path / "years.html", "years.html").units


@st.composite
def shown_people(draw) -> tuple[str, tuple[str, ...]]:
    """A `To:` or `Cc:` line as Hypermail shows it, and the addresses it names."""
    shown, addresses = [], []
    for number in range(draw(st.integers(1, 3))):
        local = draw(st.sampled_from(["ada", "bob.smith", "j-doe", "x_y"]))
        address = f"{local}{number}@example.org"
        hidden = address.replace("@", "_at_") if draw(st.booleans()) else address
        linked = f'<a href="mailto:{hidden}">{hidden}</a>' if draw(st.booleans()) else hidden
        name = draw(st.sampled_from(["", "Ada Lovelace", "Zoë O&#39;Brien", "Bob"]))
        shown.append(f"{name} &lt;{linked}&gt;" if name else linked)
        addresses.append(address)
    return ", ".join(shown), tuple(addresses)


@settings(max_examples=60, deadline=None)
@given(
    newer=st.booleans(),
    to=shown_people(),
    cc=st.none() | shown_people(),
    words=st.lists(st.sampled_from(["Shall we meet?", "Budget attached.", "Yes."]), min_size=1),
)
def test_hypermail_pages_of_either_template_give_their_recipients(
    tmp_path_factory, newer, to, cc, words
):
    """Hypermail 2.1 shows the headers above the body's marker; 2.2 and later (W3C's lists)
    inside the body, in `<address class="headers">`, closed by a `Received on` line: either
    way they are the message's recipients, never its words."""
    label = "CC" if newer else "Cc"
    spans = [
        '<span id="from"><dfn>From</dfn>: Ana P&#233;rez &lt;<a href="mailto:ana_at_example.org">'
        "ana_at_example.org</a>&gt;</span><br />",
        '<span id="date"><dfn>Date</dfn>: Tue, 12 Mar 2019 10:14:22 +0100</span><br />',
        f'<span id="to"><dfn>To</dfn>: {to[0]}<br />\n</span>',
        *([f'<span id="cc"><dfn>{label}</dfn>: {cc[0]}<br />\n</span>'] if cc else []),
    ]
    text = "".join(f"{line}<br />\n" for line in words)
    head = (
        '<html><head><title>Plans</title>\n<!-- sent="Tue, 12 Mar 2019 10:14:22 +0100" -->\n'
        '<!-- name="Ana P&#233;rez" -->\n<!-- email="ana_at_example.org" -->\n'
        '<!-- subject="Plans" -->\n<!-- id="plans@example.org" -->\n</head><body>\n'
    )
    if newer:
        page = (
            head
            + '<!-- body="start" -->\n<div class="mail">\n<address class="headers">\n'
            + "\n".join(spans)
            + "\n</address>\n<br />\n"
            + text
            + '<span id="received"><dfn>Received on</dfn> Tue Mar 12 2019 - 10:15:00 CET</span>\n'
            '</div>\n<!-- body="end" -->\n</body></html>\n'
        )
    else:
        page = (
            head + '<address class="headers">' + "\n".join(spans) + "</address>\n"
            '<!-- body="start" -->\n' + text + '<!-- body="end" -->\n</body></html>\n'
        )
    path = tmp_path_factory.mktemp("hypermail") / "0012.html"
    path.write_text(page)
    (ana,) = read_units(path, "0012.html").units
    assert (ana.sender, ana.sender_address) == ("Ana Pérez", "ana@example.org")
    assert ana.to_addresses == to[1] and ana.cc_addresses == (cc[1] if cc else ())
    assert ana.text.split("\n") == words
    assert ana.date is not None and ana.date.hour == 10 and ana.subject == "Plans"


_AP_MONTHS = [
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
]


def _django_time(moment: datetime) -> str:
    """Django's `P`: the hour, its minutes unless zero, a.m./p.m.; noon and midnight."""
    if (moment.hour, moment.minute) == (12, 0):
        return "noon"
    if (moment.hour, moment.minute) == (0, 0):
        return "midnight"
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{moment.hour % 12 or 12}{minutes} {'p.m.' if moment.hour >= 12 else 'a.m.'}"


@settings(max_examples=40, deadline=None)
@given(
    posts=st.lists(
        st.tuples(
            st.sampled_from(["Abhilash Raj", "Mark Sapiro", "Zoë Ștefănescu"]),
            st.datetimes(datetime(2015, 1, 1), datetime(2025, 12, 31)).map(
                lambda moment: moment.replace(second=0, microsecond=0)
            ),
            st.lists(
                st.sampled_from(["release", "docs", "merge", "3.2.0"]), min_size=1, max_size=6
            ),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_every_post_of_a_hyperkitty_thread_is_read(posts):
    """Mailman 3's archive shows a thread on one page: each post its author (no address),
    its date as the sender's clock gave it (in Django's words, the title of the time the
    reader's clock shows), its words."""
    blocks = []
    for number, (author, moment, words) in enumerate(posts):
        said = f"{_AP_MONTHS[moment.month - 1]} {moment.day}, {moment.year}, {_django_time(moment)}"
        blocks.append(
            f'<div class="email{" email-first" if not number else ""}">'
            f'<div id="ID{number}" class="email-header"><div class="gravatar-wrapper">'
            f'<div class="email-author"><span class="name"><a href="/u/{number}/">{author}</a>'
            f'</span></div></div><div class="email-date right"><span class="date">Mon</span>'
            f'<div class="time"><span title="Sender\'s time: {said}">9:12 a.m.</span></div>'
            f'</div></div><div class="email-body"><p>{" ".join(words)}<br><br>{author}</p>'
            "</div></div>"
        )
    page = (
        '<html><head><title>Plans - Mailman-users</title></head><body><div class="thread-header">'
        f'<h2>Plans for 3.2</h2></div><section id="thread-content">{"".join(blocks)}'
        "</section></body></html>"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "thread.html"
        path.write_text(page, encoding="utf-8")
        units = [unit for unit in read_units(path, "thread.html").units if unit.kind == "email"]
    assert [(unit.sender, unit.date, unit.subject) for unit in units] == [
        (author, moment, "Plans for 3.2") for author, moment, _ in posts
    ]
    assert [unit.text.split() for unit in units] == [
        [*words, *author.split()] for author, _, words in posts
    ]
