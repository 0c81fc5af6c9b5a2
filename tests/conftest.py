"""Shared fixtures: the bundled corpus, an index of it built once, and the shared test mail."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path

import pytest

from searchkit import Archive
from searchkit.corpus import read_units
from searchkit.units import Unit

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: Real public mail nobody here wrote, beside the checkout (never copied into it).
TESTDATA = ROOT.parent / "shared" / "testdata"

ARTICLE = "000_d65902131c21151f.txt"
PAGE = "001_e4abe99dc77dc7d1.txt"


def installed_engines() -> list[str]:
    """The engines of searchkit.engines.ENGINES whose extra is installed here (CI installs
    every one)."""
    from searchkit.engines import ENGINES, engine
    from searchkit.errors import EngineUnavailable

    found = []
    for name in ENGINES:
        try:
            engine(name).version()
        except EngineUnavailable:
            continue
        found.append(name)
    return found


@pytest.fixture(scope="session", params=installed_engines())
def bundled_index(request, tmp_path_factory) -> Path:
    """An index of the bundled corpus, built once per engine: every test of searching that
    takes it is a test of the engine contract, run against each engine."""
    from searchkit.indexing import update

    index = tmp_path_factory.mktemp(f"bundled-{request.param}") / "index"
    update(CORPUS, index, engine=request.param)
    return index


@pytest.fixture(params=installed_engines())
def installed_engine(request) -> str:
    """Each engine installed here, for a test that indexes a corpus of its own."""
    return request.param


@pytest.fixture(scope="session")
def whoosh_index(tmp_path_factory) -> Path:
    """An index of the bundled corpus by the Whoosh engine, for tests of its own internals."""
    from searchkit.indexing import update

    index = tmp_path_factory.mktemp("bundled-whoosh-own") / "index"
    update(CORPUS, index, engine="whoosh")
    return index


@pytest.fixture()
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the bundled corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@contextmanager
def archive_of(files: dict[str, str], engine: str) -> Iterator[Archive]:
    """An Archive of a corpus of these files (name → text) in a folder of its own, indexed
    by `engine` on first use: a generator's example each."""
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        for name, text in files.items():
            (corpus / name).write_text(text, encoding="utf-8")
        with Archive(corpus, Path(folder) / "index", engine=engine) as archive:
            yield archive


def mail_units(mail: EmailMessage, name: str = "mail.eml") -> tuple[Unit, ...]:
    """The units of a mail saved as a file of its own (a drawn mail's boundary is drawn at
    random, so the file is written here, not by a strategy)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(mail.as_bytes())
        return read_units(path, name).units


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


def hypermail_page(message_id: str, parent: str = "", link: str = "", guess: str = "") -> str:
    """A Hypermail 2 message page; `link` the "In reply to" one, `guess` a "Maybe in reply to"."""
    links = "".join(
        f'<li><dfn>{label}</dfn>: <a href="{href}">earlier</a></li>'
        for label, href in (("In reply to", link), ("Maybe in reply to", guess))
        if href
    )
    return (
        "<html><head><title>budget</title>\n"
        '<!-- sent="Mon, 01 Mar 2021 10:00:00 +0000" -->\n<!-- name="Ada Lovelace" -->\n'
        f'<!-- email="ada_at_example.org" -->\n<!-- subject="Re: budget" -->\n'
        f'<!-- id="{message_id}" -->\n<!-- inreplyto="{parent}" -->\n</head><body>\n'
        f'<ul class="links">{links}</ul>\n<!-- body="start" -->\n<p>Text of {message_id}.</p>\n'
        '<!-- body="end" -->\n</body></html>\n'
    )


def pipermail_page(message_id: str, subject: str) -> str:
    """A Mailman 2 (pipermail) message page: its own Message-ID only in its reply link."""
    return (
        f"<html><head><title>{subject}</title></head><body>\n<H1>{subject}</H1>\n"
        f'<B>Ada</B> <A HREF="mailto:list%40x.org?Subject=Re%3A&In-Reply-To=%3C{message_id}%3E"'
        ">ada at x.org</A><BR>\n<I>Mon Mar  1 10:00:00 UTC 2021</I>\n<!--beginarticle-->\n"
        f"<PRE>Text of {message_id}.</PRE>\n<!--endarticle-->\n</body></html>\n"
    )


def pipermail_thread_index(*entries: tuple[str, str]) -> str:
    """A month's thread.html: (page, key) entries, a key as Mailman writes it."""
    listed = "".join(
        f'<!--{key.count("-") - 1} {key} -->\n<LI><A HREF="{page}">s</A>\n' for page, key in entries
    )
    return f"<html><head><title>Archive by thread</title></head><body><ul>\n{listed}</ul>\n"
