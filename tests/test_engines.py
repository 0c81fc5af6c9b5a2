"""The engine seam: an index says which engine built it, a search opens it with that one,
and asking for another is one line saying what to type."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from searchkit import Archive
from searchkit.cli import main
from searchkit.engines import DEFAULT_ENGINE, ENGINES, engine
from searchkit.errors import EngineUnavailable, IndexMismatch
from searchkit.manifest import MANIFEST, live_generation, load_manifest

from .conftest import installed_engines


def _built_by(index, name: str) -> None:
    """Say in the manifest that another engine built the index."""
    path = live_generation(index) / MANIFEST
    data = json.loads(path.read_text("utf-8"))
    data["engine"] = name
    path.write_text(json.dumps(data), "utf-8")


def test_the_manifest_records_the_engine_and_its_version(corpus_copy, tmp_path):
    with Archive(corpus_copy, tmp_path / "index", notify=lambda _: None) as archive:
        assert archive.search("tesla").total
    manifest = load_manifest(tmp_path / "index")
    assert manifest is not None
    assert (manifest.engine, manifest.engine_version) == (
        DEFAULT_ENGINE,
        engine(DEFAULT_ENGINE).version(),
    )


@pytest.mark.parametrize("name", sorted(ENGINES))
def test_every_engine_is_a_module_with_the_protocol(name):
    module = engine(name)
    assert name == module.NAME and module.version()
    assert all(callable(part) for part in (module.build, module.apply, module.open_reader))


def test_an_index_of_another_engine_is_one_line_saying_what_to_type(corpus_copy, tmp_path):
    index = tmp_path / "index"
    Archive(corpus_copy, index, notify=lambda _: None).update()
    _built_by(index, "elsewhere")
    with pytest.raises(IndexMismatch, match="built by elsewhere, not whoosh") as raised:
        Archive(corpus_copy, index, engine="whoosh").search("tesla")
    assert "searchkit index --engine whoosh --rebuild" in str(raised.value)
    # unasked, the index's own engine opens it: one this searchkit lacks is said
    with pytest.raises(EngineUnavailable, match="no engine named 'elsewhere'"):
        Archive(corpus_copy, index).search("tesla")
    done = CliRunner().invoke(
        main, ["index", "--engine", "whoosh", "--corpus", str(corpus_copy), "--index", str(index)]
    )
    assert done.exit_code == 0, done.output
    assert load_manifest(index).engine == "whoosh"  # rebuilt by the engine asked for
    assert Archive(corpus_copy, index, engine="whoosh").search("tesla").total


def test_an_unknown_engine_is_refused_in_one_line(corpus_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("SEARCHKIT_ENGINE", "lucene")
    done = CliRunner().invoke(
        main, ["search", "tesla", "--corpus", str(corpus_copy), "--index", str(tmp_path / "i")]
    )
    assert done.exit_code == 2 and "no engine named 'lucene'" in done.stderr
    assert done.stderr.count("\n") == 1


def test_a_large_corpus_is_answered_first_and_checked_after(corpus_copy, tmp_path, monkeypatch):
    import searchkit.archive

    index = tmp_path / "index"
    Archive(corpus_copy, index, notify=lambda _: None).update()
    monkeypatch.setattr(searchkit.archive, "ANSWER_FIRST_BYTES", 0)  # every index is large
    args = ["--corpus", str(corpus_copy), "--index", str(index), "--no-pager"]
    quiet = CliRunner().invoke(main, ["search", "tesla", *args])
    assert quiet.exit_code == 0 and "tesla" in quiet.stdout.lower() and not quiet.stderr
    (corpus_copy / "late.md").write_text("A zeppelin arrived late.\n", encoding="utf-8")
    first = CliRunner().invoke(main, ["search", "zeppelin", *args])
    assert first.exit_code == 0
    assert "no unit mentions" in first.stdout  # the answer came from the index as it was
    assert "the corpus had changed, index refreshed now" in first.stderr
    assert first.stderr.count("\n") == 1
    again = CliRunner().invoke(main, ["search", "zeppelin", "--no-refresh", *args])
    assert "late.md" in again.stdout


def test_sign_offs_are_counted_by_the_update_not_by_each_search(corpus_copy, tmp_path):
    from searchkit.people import SIGN_OFFS

    index = tmp_path / "index"
    with Archive(corpus_copy, index, notify=lambda _: None) as archive:
        archive.update()
        written = live_generation(index) / SIGN_OFFS
        assert ["gdb", "Greg Brockman"] in json.loads(written.read_text("utf-8"))
        assert {(a.alias, a.name) for a in archive.aliases()} >= {("gdb", "Greg Brockman")}
        assert archive.search("from:gdb").total  # the short name finds Greg's mail


@pytest.mark.parametrize("name", installed_engines())
def test_an_update_keeps_the_engine_that_built_the_index(corpus_copy, tmp_path, name):
    from searchkit.indexing import update

    index = tmp_path / "index"
    update(corpus_copy, index, engine=name)
    (corpus_copy / "late.md").write_text("A zeppelin arrived late.\n", encoding="utf-8")
    report = update(corpus_copy, index)  # no engine asked: the index's own
    assert not report.rebuilt and report.added == ["late.md"]
    assert load_manifest(index).engine == name
