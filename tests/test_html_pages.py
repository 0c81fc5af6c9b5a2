"""Saved web pages that show emails: every shape a page gives an email's head (a paragraph
of `<br>` lines, labels in bold, a table of headers down or across, a definition list,
headings, a block quote, `<pre>`) reads to the same message, and no word of the page is lost.
Saved pages in one file (MHTML) and a page's declared charset."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit.corpus import read_units
from searchkit.readers import sniff_format

WORDS = (
    "ibex",
    "lemur",
    "otter",
    "heron",
    "walrus",
    "marmot",
    "badger",
    "falcon",
    "beaver",
    "osprey",
    "puffin",
    "quokka",
    "tapir",
    "vole",
    "wren",
    "yak",
    "zebu",
    "gecko",
    "hoopoe",
    "jackal",
    "kestrel",
    "lynx",
    "mink",
    "newt",
    "okapi",
)
NAMES = (
    "Ada Lovelace",
    "Grace Hopper",
    "Zoë Þórsdóttir",
    "Łucja Wiśniewska",
    "Søren Kierkegaard",
    "José María Peña",
    "Alan Turing",
)
DATE_FORMS = ("%a, %b %d, %Y at %I:%M %p", "%d %B %Y %H:%M", "%A, %B %d, %Y %I:%M %p")
LABELS = {"from": "From", "to": "To", "cc": "Cc", "date": "Date", "subject": "Subject"}


@dataclass(frozen=True)
class Email:
    sender: str
    address: str | None
    to: tuple[str, ...]
    cc: tuple[str, ...]
    when: datetime
    date_form: str
    subject: str
    body: tuple[str, ...]

    def head(self) -> list[tuple[str, str]]:
        """(label, value) in the order the page shows them."""
        sender = f"{self.sender} <{self.address}>" if self.address else self.sender
        fields = [("From", sender), ("To", ", ".join(self.to))]
        if self.cc:
            fields.append(("Cc", ", ".join(self.cc)))
        fields.append(("Date", self.when.strftime(self.date_form)))
        fields.append(("Subject", self.subject))
        return fields


def _sentence(words: list[str]) -> str:
    return " ".join([words[0].capitalize(), *words[1:]]) + "."


sentences = st.lists(st.sampled_from(WORDS), min_size=3, max_size=10).map(_sentence)
people = st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True)


@st.composite
def emails(draw) -> Email:
    sender = draw(st.sampled_from(NAMES))
    address = draw(st.none() | st.just(sender.split()[-1].lower().encode("ascii", "ignore")))
    return Email(
        sender=sender,
        address=f"{address.decode() or 'x'}@example.org" if address is not None else None,
        to=tuple(draw(people)),
        cc=tuple(draw(st.lists(st.sampled_from(NAMES), max_size=2, unique=True))),
        when=draw(
            st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2030, 12, 31))
        ).replace(second=0, microsecond=0),
        date_form=draw(st.sampled_from(DATE_FORMS)),
        subject=" ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5))),
        body=tuple(draw(st.lists(sentences, min_size=1, max_size=3))),
    )


def _label(label: str, style: str) -> str:
    return {
        "plain": f"{label}:",
        "strong": f"<strong>{label}:</strong>",
        "b": f"<b>{label}</b>:",
        "em": f"<em>{label}:</em>",
    }[style]


def _head_html(
    email: Email, shape: str, style: str, links: bool = False, local: bool = False
) -> str:
    fields = [(label, html.escape(value)) for label, value in email.head()]
    if local:  # Google Groups' reader's clock under the Date:, no field of the message's
        at = next(n for n, (label, _) in enumerate(fields) if label == "Date") + 1
        fields.insert(
            at, ("Local", (email.when + timedelta(hours=9)).strftime("%a, %b %d %Y %I:%M %p"))
        )
    if links and email.address:  # a print view's sender a link to the address, its name shown
        fields[0] = ("From", f'<a href="mailto:{email.address}">{html.escape(email.sender)}</a>')
    if shape == "p_br":
        return "<p>" + "<br>\n".join(f"{_label(k, style)} {v}" for k, v in fields) + "</p>"
    if shape == "p_run_on":  # no `<br>` after the To: line: To and Cc run on in the text
        lines = [f"{_label(k, style)} {v}" + ("" if k == "To" else "<br>") for k, v in fields]
        return "<p>" + "\n".join(lines) + "</p>"
    if shape == "table_inline_label":  # Thunderbird's: the label a div shown inline
        rows = "".join(
            f'<tr><td><div class="moz-header-display-name" style="display:inline;">{k}: </div>'
            f"{v}</td></tr>\n"
            for k, v in fields
        )
        return f'<table class="moz-header-part1 moz-main-header">\n<tbody>{rows}</tbody></table>'
    if shape == "table_classed":  # Yahoo's print view: a class that says header
        rows = "".join(f'<tr><td class="lbl">{k}:</td><td>{v}</td></tr>\n' for k, v in fields)
        return f'<table class="msg-header">\n{rows}</table>'
    if shape == "word_table":  # Word's HTML (Outlook's Save as): each cell a paragraph
        rows = "".join(
            f"<tr><td width=\"20%\"><p class=MsoNormal><b><span style='font-size:10.0pt'>{k}:"
            f"<o:p></o:p></span></b></p></td>\n<td><p class=MsoNormal><span>{v}<o:p></o:p>"
            "</span></p></td></tr>\n"
            for k, v in fields
        )
        return f'<table class=MsoNormalTable border=0 width="100%">\n{rows}</table>'
    if shape == "separate_p":
        return "\n".join(f"<p>{_label(k, style)} {v}</p>" for k, v in fields)
    if shape == "table_down":
        colon = ":" if style == "plain" else ""
        rows = "".join(f"<tr><th>{k}{colon}</th><td>{v}</td></tr>\n" for k, v in fields)
        return f'<table class="headers">\n{rows}</table>'
    if shape == "table_across":
        labels = "".join(f"<th>{k}</th>" for k, _ in fields)
        values = "".join(f"<td>{v}</td>" for _, v in fields)
        return (
            f"<table>\n<thead><tr>{labels}</tr></thead>\n<tbody><tr>{values}</tr></tbody>\n</table>"
        )
    if shape == "dl":
        items = "".join(f"<dt>{k}</dt><dd>{v}</dd>\n" for k, v in fields)
        return f"<dl>\n{items}</dl>"
    assert shape == "headings"
    (_, first), *rest = fields
    return f"<h3><strong>From: {first}</strong></h3>\n" + "\n".join(
        f"<h4>{k}: {v}</h4>" for k, v in rest
    )


HEAD_SHAPES = (
    "p_br",
    "p_run_on",
    "separate_p",
    "table_down",
    "table_inline_label",
    "table_classed",
    "word_table",
    "table_across",
    "dl",
    "headings",
)
#: How the body stands under the head: paragraphs, a block quote, or head and body in one
#: block quote (only a head of lines may stand in one) or `<pre>`.
BODY_SHAPES = ("paragraphs", "blockquote", "whole_blockquote", "pre")


def _email_html(
    email: Email, head: str, style: str, body: str, links: bool = False, local: bool = False
) -> str:
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in email.body)
    if body == "pre":
        lines = [f"{k}: {v}" for k, v in email.head()]
        return "<pre>\n" + html.escape("\n".join([*lines, "", *email.body])) + "\n</pre>"
    written = _head_html(email, head, style, links, local)
    if body == "whole_blockquote":
        return f"<blockquote>\n{written}\n{paragraphs}\n</blockquote>"
    quoted = f"<blockquote>\n{paragraphs}\n</blockquote>" if body == "blockquote" else paragraphs
    return f"{written}\n{quoted}"


@st.composite
def pages(draw) -> tuple[str, list[Email], list[str]]:
    """A page of prose and emails, the emails, and the prose's sentences."""
    parts = ["<html><head><title>Letters</title></head><body><article>"]
    shown: list[Email] = []
    prose: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        for sentence in draw(st.lists(sentences, max_size=2)):
            parts.append(f"<p>{sentence}</p>")
            prose.append(sentence)
        email = draw(emails())
        head = draw(st.sampled_from(HEAD_SHAPES))
        body = draw(st.sampled_from(BODY_SHAPES))
        if body == "whole_blockquote" and head in ("table_across", "headings"):
            body = "blockquote"
        style = draw(st.sampled_from(("plain", "strong", "b", "em")))
        local = draw(st.booleans()) and head in ("table_down", "table_classed", "p_br")
        parts.append(_email_html(email, head, style, body, links=draw(st.booleans()), local=local))
        shown.append(email)
        if body == "paragraphs":  # nothing but a heading ends the message on the page
            heading = draw(sentences)
            parts.append(f"<h2>{heading}</h2>")
            prose.append(heading)
    for sentence in draw(st.lists(sentences, max_size=2)):
        parts.append(f"<p>{sentence}</p>")
        prose.append(sentence)
    parts.append("</article></body></html>")
    return "\n".join(parts), shown, prose


def _units(tmp_path: Path, name: str, content: str | bytes):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return read_units(path, name)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(page=pages())
def test_every_shape_of_an_email_on_a_page_reads_to_the_same_message(tmp_path, page):
    markup, shown, prose = page
    result = _units(tmp_path, "page.html", markup)
    messages = [unit for unit in result.units if unit.kind == "email" and not unit.quoted_in]
    assert len(messages) == len(shown), markup
    for unit, email in zip(messages, shown, strict=True):
        assert unit.sender == email.sender, markup
        assert unit.sender_address == email.address, markup
        assert unit.to == email.to, markup
        assert unit.cc == email.cc, markup
        assert unit.date == email.when, markup
        assert unit.subject == email.subject, markup
        assert unit.text.split() == " ".join(email.body).split(), markup
        assert unit.inferred is None
    # every word of the page's prose is in a paragraph: nothing is lost between the emails
    paragraphs = " ".join(unit.text for unit in result.units if unit.kind == "paragraph")
    assert paragraphs.split() == " ".join(prose).split(), markup


# -- the testers' pages: a paragraph above an email is no subject line, and is kept ---------------

VARIANT_EMAIL = """<p>{label_from} Elon Musk<br>
{label_to} Ilya Sutskever, Greg Brockman<br>
{label_date} Wed, Dec 26, 2018 at 12:07 PM<br>
{label_subject} I feel I should reiterate</p>
<p>My probability assessment is 0%.</p>"""


@pytest.mark.parametrize("wrapper", ["blockquote", "div", "none"])
@pytest.mark.parametrize("strong", [True, False])
def test_an_intro_paragraph_above_an_email_is_kept(tmp_path, wrapper, strong):
    labels = {
        f"label_{name}": (f"<strong>{label}:</strong>" if strong else f"{label}:")
        for name, label in LABELS.items()
    }
    email = VARIANT_EMAIL.format(**labels)
    if wrapper != "none":
        email = f"<{wrapper}>\n{email}\n</{wrapper}>"
    markup = f"<html><body><article>\n<p>Intro text here.</p>\n{email}\n</article></body></html>"
    units = _units(tmp_path, "page.html", markup).units
    assert [unit.kind for unit in units] == ["paragraph", "email"]
    assert units[0].text == "Intro text here."
    assert units[1].sender == "Elon Musk"
    assert units[1].to == ("Ilya Sutskever", "Greg Brockman")
    assert units[1].date == datetime(2018, 12, 26, 12, 7)
    assert units[1].subject == "I feel I should reiterate"
    assert units[1].text == "My probability assessment is 0%."


def test_a_plain_text_line_above_a_head_with_a_subject_is_a_paragraph(tmp_path):
    text = (
        "Intro text here.\nFrom: Elon Musk\nTo: Ilya Sutskever\n"
        "Date: Wed, Dec 26, 2018 at 12:07 PM\nSubject: I feel I should reiterate\n\nBody words.\n"
    )
    units = _units(tmp_path, "note.txt", text).units
    assert [(unit.kind, unit.text) for unit in units] == [
        ("paragraph", "Intro text here."),
        ("email", "Body words."),
    ]
    assert units[1].subject == "I feel I should reiterate"


# -- Gmail's print view: its heading is the thread's subject ------------------------------------

GMAIL_PRINT = """<html><head><title>Gmail - Budget</title></head><body><div class="bodycontainer">
<table><tr><td><img alt="Gmail"></td><td><b>Zoë T &lt;zoe@example.org&gt;</b></td></tr></table><hr>
<div class="maincontent"><table><tr><td><font size=+1><b>Budget for Q3</b></font><br>
<font size=-1>2 messages</font></td></tr></table><hr>
<table class="message"><tr><td><b>Marek Nowak </b>&lt;marek@example.pl&gt;</td>
<td align=right>Thu, Dec 10, 2015 at 11:51 PM</td></tr>
<tr><td colspan=2><div>To: Zoë T &lt;zoe@example.org&gt;</div></td></tr>
<tr><td colspan=2><table><tr><td><div dir="ltr">Hi Zoë, figures attached.</div></td></tr></table></td></tr></table><hr>
<table class="message"><tr><td><b>Zoë T </b>&lt;zoe@example.org&gt;</td>
<td align=right>Fri, Dec 11, 2015 at 8:05 AM</td></tr>
<tr><td colspan=2><div>To: Marek Nowak &lt;marek@example.pl&gt;</div></td></tr>
<tr><td colspan=2><table><tr><td><div dir="ltr">Thanks Marek.</div></td></tr></table></td></tr></table>
</div></div></body></html>"""


def test_a_gmail_print_view_names_its_thread_by_its_heading(tmp_path):
    units = [u for u in _units(tmp_path, "print.html", GMAIL_PRINT).units if u.kind == "email"]
    assert [(u.sender, u.date, u.subject) for u in units] == [
        ("Marek Nowak", datetime(2015, 12, 10, 23, 51), "Budget for Q3"),
        ("Zoë T", datetime(2015, 12, 11, 8, 5), "Budget for Q3"),
    ]
    assert units[0].thread == units[1].thread
    assert units[1].to_addresses == ("marek@example.pl",)


# -- MHTML: the browser's wrapper is no message ----------------------------------------------------

MHTML_PAGE = """From: <Saved by Blink>
Snapshot-Content-Location: https://example.org/letters
Subject: =?utf-8?Q?Letters?=
Date: Mon, 9 May 2022 21:14:02 +0200
MIME-Version: 1.0
Content-Type: multipart/related;
\ttype="text/html";
\tboundary="----MultipartBoundary--abc----"


------MultipartBoundary--abc----
Content-Type: text/html
Content-ID: <frame-1@mhtml.blink>
Content-Transfer-Encoding: quoted-printable
Content-Location: https://example.org/letters

<html><head><meta http-equiv=3D"Content-Type" content=3D"text/html; charset=
=3DUTF-8"><title>Letters</title></head><body><article>
<p>From: Henrik =C3=85berg &lt;henrik@example.se&gt;<br>To: Friederike<br>Date: F=
ri, May 6, 2022 at 7:03 PM<br>Subject: Keys</p><p>Hallo Friederike.</p>
</article></body></html>
------MultipartBoundary--abc----
Content-Type: image/png
Content-Transfer-Encoding: base64
Content-Location: https://example.org/logo.png

iVBORw0KGgo=
------MultipartBoundary--abc------
"""


@pytest.mark.parametrize("name", ["saved.mhtml", "saved.mht", "saved.eml", "saved"])
def test_a_saved_page_in_one_file_is_read_as_its_page(tmp_path, name):
    data = MHTML_PAGE.replace("\n", "\r\n" if name == "saved.mht" else "\n").encode()
    assert sniff_format(Path(name), data) == "mhtml"
    units = _units(tmp_path, name, data).units
    assert [
        (u.kind, u.sender, u.sender_address, u.to, u.date, u.subject, u.text) for u in units
    ] == [
        (
            "email",
            "Henrik Åberg",
            "henrik@example.se",
            ("Friederike",),
            datetime(2022, 5, 6, 19, 3),
            "Keys",
            "Hallo Friederike.",
        )
    ]
    assert units[0].line_start >= 16  # the page's lines, not the wrapper's


def test_a_mail_message_with_related_parts_is_still_mail(tmp_path):
    message = (
        "From: Ada <ada@example.org>\nTo: Bob <bob@example.org>\nSubject: Logo\n"
        "Date: Mon, 9 May 2022 21:14:02 +0200\nMIME-Version: 1.0\n"
        'Content-Type: multipart/related; boundary="b"\n\n--b\nContent-Type: text/html\n\n'
        "<p>See the logo.</p>\n--b--\n"
    )
    assert sniff_format(Path("logo.eml"), message.encode()) == "email"


# -- a page's charset is the one it declares ---------------------------------------------------------

CHARSET_PAGE = """<html><head><META http-equiv="Content-Type" content="text/html; charset={label}">
</head><body><p>J\u00fcrgen Stra\u00dfer schreibt: \u201eGr\u00fc\u00dfe\u201c</p></body></html>"""


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("iso-8859-1", "cp1252"),
        ("windows-1252", "cp1252"),
        ("latin1", "cp1252"),
        ("utf-8", "utf-8"),
        ("iso-8859-15", "iso-8859-15"),
    ],
)
def test_a_page_is_decoded_in_the_charset_it_declares(tmp_path, label, codec):
    markup = CHARSET_PAGE.format(label=label)
    if codec == "iso-8859-15":
        markup = markup.replace("\u201e", '"').replace("\u201c", '"')
    result = _units(tmp_path, "page.html", markup.encode(codec))
    assert [unit.text for unit in result.units] == [
        "Jürgen Straßer schreibt: " + ("\u201eGrüße\u201c" if codec != "iso-8859-15" else '"Grüße"')
    ]
    assert not result.problems


def test_a_page_without_a_charset_is_utf8_else_said(tmp_path):
    result = _units(
        tmp_path, "page.html", "<html><body><p>J\u00fcrgen</p></body></html>".encode("cp1252")
    )
    assert [unit.text for unit in result.units] == ["J\ufffdrgen"]
    assert "not valid UTF-8" in str(result.problems[0])


# -- a page that looks like a webmail's or an archive's and gives no message is said --------------

HYPERKITTY_PAGE = """<html><head><title>Re: Proposal - devel - Mailing-Lists</title></head><body>
<div class="email email-first"><div id="XK3Q7" class="email-header">
<span class="name"><a href="/archives/users/4c1d2e/">Fabio Valentini</a></span>
<span title="Sender's time: July 11, 2017, 11:36 a.m.">9:36 a.m.</span></div>
<div class="email-body">+1 from me.<br>Fabio<br></div></div>
<footer><p>Powered by <a href="http://hyperkitty.readthedocs.org">HyperKitty</a></p></footer>
</body></html>"""


def test_a_hyperkitty_page_gives_its_posts(tmp_path):
    """Mailman 3's archive: each post's author, its sender's own time, its words."""
    result = _units(tmp_path, "message.html", HYPERKITTY_PAGE)
    (post,) = [unit for unit in result.units if unit.kind == "email"]
    assert (post.sender, post.date) == ("Fabio Valentini", datetime(2017, 7, 11, 11, 36))
    assert post.text.split() == ["+1", "from", "me.", "Fabio"] and not result.problems


@pytest.mark.parametrize(
    ("name", "markup", "what"),
    [
        (
            "conversation.html",
            "<html><body><section><div>Rafael</div><div>Mar 3, 2021, 4:15:22 PM</div>"
            '<div class="ptW7te">Hi all.</div><div role="button">Reply to author</div>'
            "</section></body></html>",
            "Google Groups",
        ),
        (
            "inbox.html",
            "<html><head><title>Re: Servers - ada@example.org - Gmail</title></head><body>"
            '<div role="main"><div class="adn ads"><h3>Sven</h3><div class="ii gt">Hej Zoë, '
            "Saturday.</div></div></div></body></html>",
            "Gmail",
        ),
    ],
)
def test_a_mail_page_that_gives_no_message_is_said_and_its_text_kept(tmp_path, name, markup, what):
    result = _units(tmp_path, name, markup)
    assert [unit.kind for unit in result.units if unit.kind == "email"] == []
    (problem,) = result.problems
    assert "no message was recognised" in problem.message and what in problem.message
    words = " ".join(unit.text for unit in result.units)
    assert "Hej" in words or "Hi all" in words or "+1 from me" in words


def test_an_archive_page_cut_inside_its_body_gives_its_message_and_says_so(tmp_path):
    page = (
        "<html><head><title>[list] Plans</title></head><body>\n"
        "<H1>[list] Plans</H1>\n<B>Ada Lovelace</B>\n"
        '<A HREF="mailto:list%40example.org?In-Reply-To=%3C1%40example.org%3E">ada at example.org'
        "</A><BR>\n<I>Mon Mar  1 10:00:00 UTC 2021</I>\n<!--beginarticle-->\n<PRE>The first"
        " words of a body that is cut"
    )
    result = _units(tmp_path, "000001.html", page)
    (unit,) = result.units
    assert (unit.kind, unit.sender, unit.sender_address, unit.subject) == (
        "email",
        "Ada Lovelace",
        "ada@example.org",
        "[list] Plans",
    )
    assert unit.text == "The first words of a body that is cut"
    assert unit.message_id == "<1@example.org>"
    assert ["cut short" in problem.message for problem in result.problems] == [True]


def test_hypermail_hides_the_at_of_message_ids_too(tmp_path):
    from .conftest import hypermail_page

    (tmp_path / "0001.html").write_text(hypermail_page("root_at_example.org"))
    (tmp_path / "0002.html").write_text(
        hypermail_page("reply_at_example.org", parent="root_at_example.org", link="0001.html")
    )
    unit = next(u for u in read_units(tmp_path / "0002.html", "0002.html").units)
    assert unit.message_id == "<reply@example.org>"
    assert unit.thread == "root@example.org"


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(email=emails(), cut=st.sampled_from(["<p class=MsoNormal style='margin", "<span", "</di"]))
def test_a_tag_the_files_end_cuts_is_no_word_of_the_message(tmp_path, email, cut):
    """A page saved or sent in part ends inside a tag: the tag's text is no word of its last
    message."""
    page = f"<html><body>{_email_html(email, 'p_br', 'plain', 'paragraphs')}\n{cut}"
    (unit,) = [unit for unit in _units(tmp_path, "cut.html", page).units if unit.kind == "email"]
    assert unit.text.split() == " ".join(email.body).split()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    senders=st.lists(
        st.sampled_from([("Marek Nowak", "marek@example.pl"), (None, "noreply-scan@example.org")]),
        min_size=1,
        max_size=4,
    ),
    start=st.datetimes(datetime(2005, 1, 1), datetime(2024, 12, 31)),
)
def test_every_message_of_a_gmail_print_view_is_read_with_or_without_a_name(
    tmp_path, senders, start
):
    """Gmail prints a sender with no name as its address alone (`<b>noreply@…</b>`): its
    message is read as any other's, not lost."""
    when = [
        start.replace(second=0, microsecond=0) + timedelta(hours=n) for n in range(len(senders))
    ]
    messages = "".join(
        f'<table class="message"><tr><td><b>{name + " " if name else address}</b>'
        f"{'&lt;' + address + '&gt;' if name else ''}</td>"
        f"<td align=right>{moment:%a, %b} {moment.day}, {moment.year} at "
        f"{moment.hour % 12 or 12}:{moment:%M %p}</td></tr>"
        f"<tr><td colspan=2><div>To: Zoë T &lt;zoe@example.org&gt;</div></td></tr>"
        f'<tr><td colspan=2><div dir="ltr">Message {number} words.</div></td></tr></table><hr>'
        for number, ((name, address), moment) in enumerate(zip(senders, when, strict=True))
    )
    page = (
        '<html><head><title>Gmail - Scans</title></head><body><div class="maincontent">'
        f"<table><tr><td><font size=+1><b>Scans</b></font><br>"
        f"<font size=-1>{len(senders)} messages</font></td></tr></table><hr>{messages}"
        "</div></body></html>"
    )
    units = [u for u in _units(tmp_path, "print.html", page).units if u.kind == "email"]
    assert [(u.sender, u.sender_address, u.date) for u in units] == [
        (name or address, address, moment)
        for (name, address), moment in zip(senders, when, strict=True)
    ]
    assert [u.text for u in units] == [f"Message {n} words." for n in range(len(senders))]
