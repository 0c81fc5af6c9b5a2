"""Blind copies: whom a message was blind-copied to, where the copy read names them (a
sender's own `.eml`, a printout's `Bcc:` line), kept apart from its copies, searched as
`bcc:` and among `to:`'s recipients; a Bcc: that repeats the Cc: (Enron's mail writes every
message's Cc: again as its Bcc:) names no blind copy."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchkit import search
from searchkit.corpus import read_units
from searchkit.indexing import update

PEOPLE = [("Carol Hu", "carol@example.org"), ("Dan Ode", "dan@example.org"),
          ("Eve Lund", "eve@example.org"), ("Raj Patel", "raj@example.org")]


def _eml(cc: list[tuple[str, str]], bcc: list[tuple[str, str]], *, names: bool) -> str:
    listed = lambda people: ", ".join(  # noqa: E731
        f"{name} <{address}>" if names else address for name, address in people
    )
    return (
        "From: Alice Walker <alice@example.org>\n"
        "To: Raj Patel <raj@example.org>\n"
        + (f"Cc: {listed(cc)}\n" if cc else "")
        + (f"X-cc: {', '.join(name for name, _ in cc)}\n" if cc and not names else "")
        + (f"Bcc: {listed(bcc)}\n" if bcc else "")
        + "Subject: numbers\nDate: Tue, 5 Mar 2019 16:12:00 +0000\n\nHere they are.\n"
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.sampled_from(PEOPLE[:3]), unique=True, max_size=2),
    st.lists(st.sampled_from(PEOPLE[:3]), unique=True, max_size=2),
    st.booleans(),
)
def test_a_bcc_names_the_blind_copies_its_cc_does_not(tmp_path, cc, bcc, names):
    path = tmp_path / "sent.eml"
    path.write_text(_eml(cc, bcc, names=names))
    (unit,) = read_units(path, "sent.eml").units
    blind = [person for person in bcc if person not in cc]
    assert list(unit.cc) == [name for name, _ in cc]  # (named by X-cc: where Cc: has none)
    assert list(unit.bcc) == [name if names else address for name, address in blind]
    assert list(unit.bcc_addresses) == [address for _, address in blind]


def test_a_printouts_bcc_is_no_copy_and_is_searched(tmp_path, installed_engine):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "printout.txt").write_text(
        "From: Walker, Alice\nSent: Tuesday, March 5, 2019 4:12 PM\nTo: Patel, Raj\n"
        "Cc: Stone, Bob\nBcc: Hu, Carol\nSubject: visa backlog\n\nRaj, the numbers.\n"
    )
    (corpus / "other.txt").write_text(
        "From: Stone, Bob\nSent: Tuesday, March 5, 2019 5:12 PM\nTo: Hu, Carol\n"
        "Subject: lunch\n\nCarol, lunch?\n"
    )
    index = tmp_path / "index"
    update(corpus, index, engine=installed_engine)
    (unit,) = [u for u in read_units(corpus / "printout.txt", "printout.txt").units]
    assert (unit.cc, unit.bcc) == (("Bob Stone",), ("Carol Hu",))
    found = lambda query: {hit.subject for hit in search(query, index=index, corpus=corpus)}  # noqa: E731
    assert found("bcc:carol") == {"visa backlog"}
    assert found("cc:carol") == set()
    assert found("to:carol") == {"visa backlog", "lunch"}  # to: is to, cc or bcc
    said = search("cc:carol", index=index, corpus=corpus).explanation
    assert said == 'no unit has "carol" in cc:; the name is in to: and bcc:'
    said = search("cc:bob", index=index, corpus=corpus)
    assert said.total == 1  # (Bob is copied on the printout)
    said = search("bcc:bob", index=index, corpus=corpus).explanation
    assert said == 'no unit has "bob" in bcc:; the name is in from: and cc:'
