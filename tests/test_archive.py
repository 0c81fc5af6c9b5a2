"""The Archive handle: each corpus its own index, an index that knows its corpus, the index
never read as documents, and the exports that say which units are copies."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchkit import Archive, search
from searchkit.archive import index_folder
from searchkit.cli import main
from searchkit.errors import IndexMismatch
from searchkit.manifest import live_generation

from .conftest import CORPUS, PAGE


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def two_corpora(tmp_path: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "a.txt").write_text("The zeppelin landed in Lakehurst.\n")
    (second / "b.txt").write_text("The quokka smiled at Rottnest.\n")
    return first, second


def test_each_corpus_has_its_own_index_and_neither_touches_the_other(tmp_path, _user_cache):
    first, second = two_corpora(tmp_path)
    with Archive(first) as one:
        assert [hit.source for hit in one.search("zeppelin")] == ["a.txt"]
        generation = live_generation(one.index)
    with Archive(second) as other:
        assert [hit.source for hit in other.search("quokka")] == ["b.txt"]
        assert other.index != one.index
        assert other.search("zeppelin").total == 0
    assert one.index.parent == other.index.parent == _user_cache / "searchkit"
    # back to the first: the same generation answers, nothing rebuilt or refreshed
    notes: list[str] = []
    hits = search("zeppelin", corpus=first, notify=notes.append)
    assert len(hits) == 1 and notes == [] and live_generation(one.index) == generation


def test_the_project_corpus_keeps_index_beside_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(CORPUS, tmp_path / "corpus")
    assert index_folder(Path("corpus")) == Path("index")
    assert index_folder(tmp_path / "corpus") == Path("index")  # however it is named
    assert index_folder(Path("corpus"), "elsewhere") == Path("elsewhere")
    monkeypatch.setenv("SEARCHKIT_INDEX", "from-env")
    assert index_folder(Path("corpus")) == Path("from-env")


def test_a_read_only_corpus_is_indexed_in_the_cache(tmp_path):
    first, _ = two_corpora(tmp_path)
    first.chmod(0o555)
    try:
        result = cli("search", "zeppelin", "--corpus", str(first))
        assert result.exit_code == 0 and "a.txt:1" in result.stdout
        assert os.listdir(first) == ["a.txt"]
    finally:
        first.chmod(0o755)


def test_an_index_of_another_corpus_is_refused_then_taken_over(tmp_path):
    first, second = two_corpora(tmp_path)
    index = tmp_path / "index"
    Archive(first, index).update()
    with pytest.raises(IndexMismatch, match=str(first.resolve())):
        Archive(second, index).search("quokka")
    with pytest.raises(IndexMismatch):
        Archive(second, index).search("quokka", refresh=False)
    refused = cli("search", "quokka", "--corpus", str(second), "--index", str(index))
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1
    assert str(first.resolve()) in refused.stderr and "--rebuild" in refused.stderr
    assert (
        len(search("zeppelin", corpus=first, index=index)) == 1
    )  # the first one's index is intact
    taken = cli("index", "--rebuild", "--corpus", str(second), "--index", str(index))
    assert taken.exit_code == 0
    assert [hit.source for hit in search("quokka", corpus=second, index=index)] == ["b.txt"]


@pytest.mark.parametrize("name", ["index", "search-state", "notes"])
def test_an_index_inside_its_corpus_is_never_read_as_documents(tmp_path, name):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    expected = {unit.id for unit, _ in Archive(corpus, tmp_path / "outside").read_units()}
    archive = Archive(corpus, corpus / name)
    archive.update()
    (corpus / "late.txt").write_text("The quokka arrived late.\n")
    report = archive.update()  # an update reads the corpus again, the index folder included
    assert report.added == ["late.txt"]
    assert not archive.rebuild().problems
    sources = {hit.source for hit in archive.search("", limit=None)}
    assert not any(source.startswith(f"{name}/") for source in sources)
    ids = {unit.id for unit, _ in archive.read_units()} - {
        hit.id for hit in archive.search("quokka")
    }
    assert ids == expected


def test_a_file_name_with_a_hash_is_its_own_source(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notes#1.txt").write_text("The narwhal surfaced twice.\n\nA second paragraph.\n")
    archive = Archive(corpus, tmp_path / "index")
    hits = archive.search("narwhal")
    assert [hit.source for hit in hits] == ["notes#1.txt"]
    shown = cli("show", hits[0].id, "--corpus", str(corpus), "--index", str(archive.index))
    assert "Source: notes#1.txt:1-1" in shown.stdout
    (corpus / "notes#1.txt").unlink()
    assert archive.search("narwhal").total == 0 and archive.search("", limit=None).total == 0


def test_alias_values_with_quotes_and_hashes_are_read_as_toml(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "aliases.toml").write_text(
        '# short names\nboss = "Ada \\"Countess\\" Lovelace"  # the title is hers\n'
        '"o\'neil" = "Pat O\'Neil #2"\n'
    )
    for number, sender in enumerate(['"Ada \\"Countess\\" Lovelace" <ada@x.org>', "Pat O'Neil #2"]):
        (corpus / f"{number}.eml").write_text(
            f"From: {sender}\nTo: Charles <c@x.org>\nDate: Mon, 1 Mar 2021 10:00:00 +0000\n"
            f"Subject: Engines\n\nBody {number} about engines.\n"
        )
    archive = Archive(corpus, tmp_path / "index")
    aliases = {alias.alias: alias.name for alias in archive.aliases()}
    assert aliases == {"boss": 'Ada "Countess" Lovelace', "o'neil": "Pat O'Neil #2"}
    assert [hit.source for hit in archive.search("from:boss")] == ["0.eml"]
    (corpus / "aliases.toml").write_text('boss = "unclosed\n')
    broken = cli("search", "engines", "--corpus", str(corpus), "--index", str(archive.index))
    assert broken.exit_code == 2 and "aliases.toml" in broken.stderr
    assert broken.stderr.count("\n") == 1


def test_units_leave_later_copies_out_unless_asked(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("list-a.eml", "list-b.eml"):
        (corpus / name).write_text(
            "From: Ada <ada@x.org>\nTo: list@x.org\nMessage-ID: <one@x.org>\n"
            "Date: Mon, 1 Mar 2021 10:00:00 +0000\nSubject: Engines\n\nCross-posted body.\n"
        )
    plain = [json.loads(line) for line in cli("units", "--corpus", str(corpus)).stdout.splitlines()]
    assert [(unit["source"], unit["copy_of"]) for unit in plain] == [("list-a.eml", None)]
    listed = cli("units", "--copies", "--corpus", str(corpus)).stdout.splitlines()
    both = [json.loads(line) for line in listed]
    assert [unit["source"] for unit in both] == ["list-a.eml", "list-b.eml"]
    assert both[1]["copy_of"] == both[0]["id"] and both[0]["copy_of"] is None
    # search hides the same copy, and show lists both
    assert search("cross-posted", corpus=corpus, limit=None).total == 1


def test_archive_methods_agree_with_the_command_line(bundled_index):
    with Archive(CORPUS, bundled_index) as archive:
        hit = archive.search('"discussions are over"', kind="email")[0]
        unit = archive.unit(hit.id)
        assert unit is not None and unit.source == PAGE and unit.sender == "Elon Musk"
        thread = archive.thread(unit)
        assert unit.id in [other.id for other in thread] and len(thread) > 1
        assert archive.copies(unit) == [unit]
        links = archive.people("from:elon")
        assert links and {link.sender for link in links} == {"Elon Musk"}
        rows = dict(archive.timeline("for-profit"))  # prose counted in the years it tells of
        assert rows["2017"] > rows["2024"] > 0 and sum(rows.values()) == 10
        assert archive.stats()["files"] == 2
    shown = json.loads(
        cli("show", hit.id, "--format", "json", "--index", str(bundled_index)).stdout
    )
    assert shown["thread_units"] == [other.id for other in thread]


def test_index_json_is_the_documented_object(tmp_path):
    first, _ = two_corpora(tmp_path)
    done = cli("index", "--corpus", str(first), "--format", "json")
    assert done.exit_code == 0
    assert set(json.loads(done.stdout)) == {
        "rebuilt",
        "damaged",
        "added",
        "changed",
        "removed",
        "related",
        "units_added",
        "units_removed",
        "quotes_left_out",
        "problems",
        "seconds",
        "doubts",
    }
