"""A message pasted into a mail's body, the writer's own words below it: a raw message (its
source, as a client's "Show original" or "View source" shows it, with Gmail's summary or a
title above it or alone), Gmail's or Outlook's forward block, pasted whole. Nothing marks
where the pasted message ends, so the splitter's quote of it runs on to the end of the body,
the writer's words and name in it. When the corpus holds the pasted message as an email of
its own, that quote repeats it: left out as an echo, it would take the writer's words out of
the index. Every writer's words must be found, as the writer's, on both engines, and the
pasted message counted once: no paste of it is another message."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import archive_of

_SENDER = ("Mallory Phish", "ceo@example.net")
_WRITERS = [("Kim Lee", "kim@example.com"), ("Marta Silva", "marta@example.org"),
            ("Tomás Ruiz", "tomas@example.es")]
_WORDS = ["wire", "funds", "account", "today", "invoice", "supplier", "urgent", "transfer",
          "bank", "details", "confidential", "before", "noon", "approve", "payment"]
#: How a writer signs below what they pasted ({0} their first name, {1} their whole name).
_SIGN_OFFS = ["{0}", "Thanks, {0}", "{1}", "-- \n{1}", "Obrigada,\n{0}", "Best regards,\n{1}",
              "Gracias, {0}", "{0} (IT ticket filed)"]
#: What a company's server puts at the end of every mail: no one signs it.
_NOTICE = ("This e-mail and any attachment is confidential and intended solely for the"
           " addressee. If you received it in error, notify the sender and delete it.")
_STAMP = "Sun, 1 Mar 2020 03:00:00 +0300"


def _raw(body: str) -> str:
    return (
        "Delivered-To: kim@example.com\n"
        "Received: by 2002:a05:6102:60::1 with SMTP id x60;\n"
        f"        {_STAMP}\n"
        "MIME-Version: 1.0\n"
        f"From: {_SENDER[0]} <{_SENDER[1]}>\n"
        f"Date: {_STAMP}\n"
        "Message-ID: <msg60.kxq@mail.example.net>\n"
        "Subject: Urgent wire transfer\n"
        "To: Kim Lee <kim@example.com>\n"
        'Content-Type: text/plain; charset="UTF-8"\n'
        "\n"
        f"{body}\n"
    )


def _pasted(shape: str, body: str) -> str:
    """The message as a writer pasted it."""
    if shape == "raw":
        return _raw(body)
    if shape == "gmail":
        return (
            "Original Message\n\nMessage ID\t<msg60.kxq@mail.example.net>\n"
            "Created at:\tSun, Mar 1, 2020 at 1:00 AM (Delivered after 2 seconds)\n"
            f"From:\t{_SENDER[0]} <{_SENDER[1]}>\nTo:\tKim Lee <kim@example.com>\n"
            "Subject:\tUrgent wire transfer\nSPF:\tPASS with IP 209.85.220.41 Learn more\n\n"
            "Download Original\tCopy to clipboard\n" + _raw(body)
        )
    if shape == "titled":
        return "Message source\n" + _raw(body)
    if shape == "forward":
        return (
            "---------- Forwarded message ---------\n"
            f"From: {_SENDER[0]} <{_SENDER[1]}>\nDate: Sun, Mar 1, 2020 at 1:00 AM\n"
            "Subject: Urgent wire transfer\nTo: Kim Lee <kim@example.com>\n\n"
            f"{body}\n"
        )
    return (
        "-----Original Message-----\n"
        f"From: {_SENDER[0]} [mailto:{_SENDER[1]}]\nSent: Sunday, March 1, 2020 1:00 AM\n"
        f"To: Kim Lee\nSubject: Urgent wire transfer\n\n{body}\n"
    )


@st.composite
def _corpora(draw: st.DrawFn) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The corpus's files, and the word each signing writer wrote below a paste (found
    nowhere else) with the writer's name."""
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=14, max_size=30))
    body = " ".join(words).capitalize() + ".\n\nCEO"
    files = {"original.eml": _raw(body)}
    markers = []
    pastes = draw(st.lists(st.tuples(st.sampled_from(_WRITERS), st.booleans()), min_size=1,
                           max_size=3))
    for number, ((name, address), signs) in enumerate(pastes):
        shape = draw(st.sampled_from(["raw", "gmail", "titled", "forward", "outlook"]))
        apart = draw(st.sampled_from(["\n", "\n\n"]))
        if signs:
            marker = f"ticketword{number}"
            markers.append((marker, name))
            sign_off = draw(st.sampled_from(_SIGN_OFFS)).format(name.split()[0], name)
            below = f"Please advise whether to delete it: {marker}.\n\n{sign_off}\n"
        else:
            below = f"{_NOTICE}\n"
        files[f"paste{number}.eml"] = (
            f"From: {name} <{address}>\nTo: IT Helpdesk <it@example.com>\n"
            f"Date: Mon, 2 Mar 2020 09:1{number}:00 -0500\n"
            f"Message-ID: <outer{number}@example.com>\nSubject: Odd mail {number}, pasted below\n\n"
            f"Hi IT, I got this odd message this morning:\n\n{_pasted(shape, body)}{apart}{below}"
        )
    return files, markers


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_corpora(), st.booleans())
def test_the_words_written_below_a_pasted_message_are_found(installed_engine, drawn, later):
    files, markers = drawn
    first = {"original.eml": files["original.eml"]} if later else files
    with archive_of(first, installed_engine) as archive:
        if later:  # (the pastes come to a corpus indexed already: an update reads them)
            archive.search("wire", limit=0)
            for name, text in files.items():
                (archive.corpus / name).write_text(text, encoding="utf-8")
        for marker, writer in markers:
            (hit,) = archive.search(marker).hits
            assert hit.sender == writer, marker
            assert archive.search(f'from:"{writer}" {marker}', limit=0).total == 1
        # the message itself, once: no paste of it is another
        assert archive.search('from:"Mallory Phish"', limit=0).total == 1
        mallorys = [link for link in archive.people() if link.sender == "Mallory Phish"]
        assert [(link.recipient, link.messages) for link in mallorys] == [("Kim Lee", 1)]
