"""Places in the corpus: a file added to an index takes a position between its neighbours',
so that place numbers keep the listing's order however the corpus grew."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searchkit import places

_NAMES = st.lists(
    st.text(alphabet="ab-./", min_size=1, max_size=6).filter(
        lambda name: "" not in name.split("/") and not name.startswith("/")
    ),
    min_size=1,
    max_size=30,
    unique=True,
)


def _in_listing_order(sources, positions) -> bool:
    listed = sorted(sources, key=places.listing_order)
    numbers = [positions[source] for source in listed]
    return numbers == sorted(numbers)


@given(_NAMES, st.data(), st.sampled_from([1, 3, places.POSITION_GAP]))
def test_files_added_fall_between_their_neighbours(names, data, gap):
    built = data.draw(st.lists(st.sampled_from(names), unique=True))
    later = [name for name in names if name not in built]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(places, "POSITION_GAP", gap)
        known = dict(places.listed_positions(sorted(built, key=places.listing_order)))
        added = places.positions_between(later, known)
    assert set(added) == set(later)
    everything = {**known, **added}
    assert _in_listing_order(names, everything)
    if gap == places.POSITION_GAP:  # room enough: every file a position of its own
        assert len(set(everything.values())) == len(everything)


@given(
    st.integers(0, 2**40 - 1), st.integers(0, 2**40 - 1), st.integers(0, 2**30), st.integers(0, 2**30)
)
def test_place_numbers_order_as_positions_then_lines(first, second, line, other_line):
    ones, others = (first, line), (second, other_line)
    if ones < others:
        assert places.place_number(*ones) <= places.place_number(*others)
    assert 0 <= places.place_number(*ones) < 2**64


def test_the_corpus_is_listed_in_the_listing_order(tmp_path):
    # a full build numbers files as the corpus walk gives them: it must be the order
    # `listing_order` sorts them in, which later files are placed by
    from searchkit.corpus import corpus_entries

    names = ["a-b.txt", "a/x.txt", "a/b/c.txt", "a.b/y.txt", "B.txt", "b.txt", "ä.txt",
             "a b/z.txt", "a/b-c.txt", "a/b.txt", "0.txt", "a_/q.txt"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("words\n")
    listed = [source for _, source in corpus_entries(tmp_path)]
    assert sorted(listed) == sorted(names)
    assert listed == sorted(listed, key=places.listing_order)
