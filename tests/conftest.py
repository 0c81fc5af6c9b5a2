"""Shared fixtures: the bundled corpus, an index of it built once, and the shared test mail."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: Real public mail nobody here wrote, beside the checkout (never copied into it).
TESTDATA = ROOT.parent / "shared" / "testdata"

ARTICLE = "000_d65902131c21151f.txt"
PAGE = "001_e4abe99dc77dc7d1.txt"


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory) -> Path:
    """An index of the bundled corpus, built once for the read-only search tests."""
    from searchkit.engine.writing import update

    index = tmp_path_factory.mktemp("bundled") / "index"
    update(CORPUS, index)
    return index


@pytest.fixture()
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the bundled corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


def needs_testdata(folder: str) -> Path:
    path = TESTDATA / folder
    if not path.is_dir():
        pytest.skip(f"{path} is absent")
    return path


@pytest.fixture(autouse=True)
def _user_cache(tmp_path_factory, monkeypatch) -> Path:
    """Indexes of corpora other than ./corpus go to the user's cache: a fresh one per test."""
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.delenv("SEARCHKIT_INDEX", raising=False)
    monkeypatch.delenv("SEARCHKIT_CORPUS", raising=False)
    return cache
