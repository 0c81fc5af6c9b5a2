"""MIME digests: each digested message a message of its own, linked to the digest."""

from __future__ import annotations

from searchkit.corpus import read_units

from .conftest import needs_testdata

DIGEST = b"""From: List <list@x.org>
To: Ann <ann@x.org>
Date: Mon, 1 Mar 2021 16:00:00 +0000
Subject: List digest, Vol 1, Issue 2
MIME-Version: 1.0
Content-Type: multipart/digest; boundary="==digest"

--==digest

From: Bob <bob@x.org>
Date: Sun, 28 Feb 2021 09:15:00 +0000
Subject: The quokka census

The quokka count rose this year.

--==digest
Content-Type: message/rfc822

From: Cy <cy@x.org>
Date: Sun, 28 Feb 2021 10:30:00 +0000
Subject: Re: The quokka census
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Caf=C3=A9 talk about numbats.

--==digest--
"""


def test_each_digested_message_is_a_message_of_its_own_linked_to_the_digest(tmp_path):
    (tmp_path / "digest.eml").write_bytes(DIGEST)
    result = read_units(tmp_path / "digest.eml", "digest.eml")
    digest, bob, cy = result.units
    assert digest.subject == "List digest, Vol 1, Issue 2" and not digest.attached_to
    assert (bob.sender, bob.subject, bob.date.hour) == ("Bob", "The quokka census", 9)
    assert "quokka count rose" in bob.text and "quokka" not in digest.text
    assert (cy.sender, cy.date.minute) == ("Cy", 30) and "Café talk about numbats" in cy.text
    assert bob.attached_to == digest.id and cy.attached_to == digest.id
    assert bob.attachments == ("message 1 of the digest",) and bob.kind == "email"


def test_the_rfc_2046_sample_with_its_boundary_folded_across_a_line():
    folder = needs_testdata("digest")
    result = read_units(folder / "mime4j_mimetools_multi-digest.msg", "d.msg")
    digest, one, two = result.units
    assert digest.subject == "Sample digest message" and result.problems == ()
    assert (one.subject, one.sender_address) == ("embedded message 1", "noone@nowhere.org")
    assert "implicitly-typed ASCII text" in one.text
    assert "explicitly typed plain ASCII text" in two.text
    assert {one.attached_to, two.attached_to} == {digest.id}


def test_a_digest_of_empty_parts_reads_without_a_problem():
    folder = needs_testdata("digest")
    result = read_units(folder / "mime4j_multipartdigestnestedemptyparts.msg", "e.msg")
    assert result.problems == () and [unit.sender for unit in result.units] == ["Me", "Me"]


def test_an_eml_attached_to_an_eml_is_a_message_of_its_own(tmp_path):
    inner = b"From: Dee <dee@x.org>\nSubject: The original\nDate: Tue, 2 Mar 2021 08:00:00 +0000\n\nThe wombat plan.\n"
    outer = (
        b"From: Ed <ed@x.org>\nSubject: Fwd: The original\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nSee attached.\n'
        b'--b\nContent-Type: message/rfc822\nContent-Disposition: attachment; filename="original.eml"\n\n'
        + inner
        + b"--b--\n"
    )
    (tmp_path / "fwd.eml").write_bytes(outer)
    fwd, original = read_units(tmp_path / "fwd.eml", "fwd.eml").units
    assert "See attached" in fwd.text and "wombat" not in fwd.text
    assert original.sender == "Dee" and "wombat plan" in original.text
    assert original.attached_to == fwd.id and original.attachments[0] == "original.eml"


def test_a_mime_body_read_as_text_is_linear_on_any_line():
    """The lines of a MIME body nested too deep to parse are told by a bounded pattern."""
    import time

    from searchkit.readers.mail import _unmimed

    for piece in ("--", " " * 50, "content-type" + " " * 30, "-" * 300):
        times = []
        for n in (5_000, 20_000):
            text = (piece * n + "\n") * 4
            started = time.perf_counter()
            _unmimed(text)
            times.append(time.perf_counter() - started)
        assert times[1] < 8 * times[0] + 0.05, (piece[:12], times)
