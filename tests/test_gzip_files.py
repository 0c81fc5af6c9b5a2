"""gzip files (pipermail's `2019-April.txt.gz`, an `.mbox.gz`): the inner file read by its own
format's reader, as if it stood uncompressed, its decompressed size bounded."""

from __future__ import annotations

import gzip

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import searchkit.readers.containers
from searchkit.corpus import read_units

SENDERS = st.sampled_from(
    ["jane.doe at example.com (Jane Doe)", "Bob Smith <bob@example.org>", "olga at example.ru"]
)


def _month(senders: list[str]) -> bytes:
    return "".join(
        f"From x at example.com  Mon Mar  4 15:02:0{n % 10} 2019\nFrom: {sender}\n"
        f"Date: Mon, 4 Mar 2019 10:0{n % 10}:07 -0500\nSubject: Topic {n}\n\nThe text {n}.\n\n"
        for n, sender in enumerate(senders)
    ).encode()


def _fields(units):
    return [
        (u.sender, u.sender_address, u.date, u.subject, u.text, u.line_start, u.line_end)
        for u in units
    ]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    senders=st.lists(SENDERS, min_size=1, max_size=5),
    suffix=st.sampled_from([".txt", ".mbox"]),
    level=st.integers(1, 9),
)
def test_a_gzip_file_gives_what_its_inner_file_gives(tmp_path, senders, suffix, level):
    data = _month(senders)
    plain, packed = tmp_path / f"2019-March{suffix}", tmp_path / f"2019-March{suffix}.gz"
    plain.write_bytes(data)
    packed.write_bytes(gzip.compress(data, compresslevel=level))
    inner = read_units(plain, plain.name)
    found = read_units(packed, packed.name)
    assert found.problems == inner.problems == ()
    assert _fields(found.units) == _fields(inner.units) and len(found.units) == len(senders)
    assert {unit.source for unit in found.units} == {packed.name}


def test_a_gzip_file_is_decompressed_to_a_bound(tmp_path, monkeypatch):
    monkeypatch.setattr(searchkit.readers.containers, "MAX_WHOLE_BYTES", 2000)
    (tmp_path / "big.txt.gz").write_bytes(gzip.compress(b"word " * 100_000))
    found = read_units(tmp_path / "big.txt.gz", "big.txt.gz")
    assert [problem.message for problem in found.problems] == [
        "only the first 0 MB of its inner file read"
    ]


def test_a_damaged_gzip_file_is_said(tmp_path):
    (tmp_path / "bad.txt.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    found = read_units(tmp_path / "bad.txt.gz", "bad.txt.gz")
    assert found.units == ()
    assert found.problems[0].message == "gzip file cut short: what it held read"
