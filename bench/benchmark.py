#!/usr/bin/env python3
"""searchkit's benchmark: build, update and query speed on a synthetic corpus, side by side.

    python bench/benchmark.py              # 10,000 messages
    python bench/benchmark.py --n 100000   # the large run
    python bench/benchmark.py --keep       # keep the generated corpus in bench/out/
    python bench/benchmark.py --n 500000 --maildir --build-only   # memory at Enron's size
    python bench/benchmark.py --engine tantivy   # tantivy (the fast extra) beside Whoosh

Generates a deterministic corpus of N messages in the formats searchkit reads (.eml files, mbox
archives, Markdown pages with email blocks), then measures, each in a fresh process where a
user would start one: a full `searchkit index --rebuild`, `searchkit index` with nothing
changed and with one file changed, warm query latency (p50/p95 over a fixed mix and by form
of query, snippets included), a cold `searchkit search` on the bundled corpus and on the
generated one (to its answer, and whole), peak memory and index size, for each engine, beside
the floor no Python tool goes under: `python -c "import whoosh.index, whoosh.qparser, click"`.
Prints a table and writes bench/out/results.json. Run by hand: the machines are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"

FIRST = [
    "Ada",
    "Alan",
    "Ann",
    "Ben",
    "Carl",
    "Cleo",
    "Dan",
    "Dora",
    "Eli",
    "Emma",
    "Finn",
    "Gus",
    "Hana",
    "Ivan",
    "Jade",
    "Karl",
    "Lena",
    "Liam",
    "Maya",
    "Nils",
    "Omar",
    "Pia",
    "Raj",
    "Sara",
    "Tom",
    "Uma",
    "Vera",
    "Walt",
    "Xia",
    "Yuki",
]
LAST = [
    "Abbott",
    "Baker",
    "Chen",
    "Diaz",
    "Evans",
    "Fox",
    "Garcia",
    "Hill",
    "Ito",
    "Jones",
    "Kim",
    "Lopez",
    "Moore",
    "Nakamura",
    "Olsen",
    "Patel",
    "Quinn",
    "Rossi",
    "Singh",
    "Tanaka",
]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "ti",
    "vo",
    "an",
    "el",
    "is",
    "or",
    "um",
    "ber",
    "dan",
    "fel",
    "gor",
    "hal",
    "jin",
    "kel",
    "mar",
    "nor",
    "pel",
    "quin",
]


def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    return sorted(words)


class Generator:
    """Deterministic messages: a few hundred people, ten years, Zipf words, quoted replies."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.words = vocabulary(self.rng)
        self.weights = [1 / rank for rank in range(1, len(self.words) + 1)]
        self.people = [f"{first} {last}" for first in FIRST for last in LAST][:300]
        self.threads: list[dict] = []

    def text(self, low: int, high: int) -> str:
        count = self.rng.randint(low, high)
        words = self.rng.choices(self.words, self.weights, k=count)
        lines, line = [], []
        for number, word in enumerate(words, 1):
            line.append(word)
            if len(line) >= 12 or number == count:
                lines.append(" ".join(line) + ("." if number % 36 == 0 or number == count else ""))
                line = []
        return "\n".join(lines)

    def message(self, number: int) -> dict:
        rng = self.rng
        sender = rng.choice(self.people)
        recipients = rng.sample(self.people, rng.randint(1, 4))
        cc = rng.sample(self.people, rng.randint(0, 2))
        when = datetime(2010, 1, 1) + timedelta(minutes=rng.randint(0, 10 * 365 * 24 * 60))
        body = self.text(50, 400)
        parent = rng.choice(self.threads[-50:]) if self.threads and rng.random() < 0.3 else None
        if parent:
            subject = "Re: " + parent["subject"].removeprefix("Re: ")
            quoted = "\n".join("> " + line for line in parent["body"].splitlines()[:6])
            stamp = parent["date"].strftime("%a, %b %d, %Y at %I:%M %p")
            author = f"{parent['sender']} <{self.address(parent['sender'])}>"
            body += f"\n\nOn {stamp}, {author} wrote:\n{quoted}"
        else:
            subject = " ".join(
                rng.choices(self.words, self.weights, k=rng.randint(2, 6))
            ).capitalize()
        found = {
            "number": number,
            "sender": sender,
            "to": recipients,
            "cc": cc,
            "date": when,
            "subject": subject,
            "body": body,
            "id": make_msgid(f"m{number}", "bench.example"),
            "parent": parent["id"] if parent else None,
            "references": [*parent["references"], parent["id"]] if parent else [],
        }
        self.threads.append(found)
        return found

    @staticmethod
    def address(name: str) -> str:
        return name.lower().replace(" ", ".") + "@bench.example"

    def eml(self, message: dict) -> bytes:
        mail = EmailMessage()
        mail["From"] = f"{message['sender']} <{self.address(message['sender'])}>"
        mail["To"] = ", ".join(f"{p} <{self.address(p)}>" for p in message["to"])
        if message["cc"]:
            mail["Cc"] = ", ".join(f"{p} <{self.address(p)}>" for p in message["cc"])
        mail["Subject"] = message["subject"]
        mail["Date"] = format_datetime(message["date"].astimezone())
        mail["Message-ID"] = message["id"]
        if message["parent"]:
            mail["In-Reply-To"] = message["parent"]
            mail["References"] = " ".join(message["references"])
        mail.set_content(message["body"])
        return bytes(mail)

    def markdown_block(self, message: dict) -> str:
        when = message["date"].strftime("%a, %b %d, %Y at %I:%M %p")
        lines = [
            "===",
            message["subject"],
            f"From: {message['sender']} <redacted>",
            f"Date: {when}",
            "To: " + ", ".join(f"{p} <redacted>" for p in message["to"]),
        ]
        if message["cc"]:
            lines.append("Cc: " + ", ".join(f"{p} <redacted>" for p in message["cc"]))
        return "\n".join([*lines, message["body"], "==="])


def generate(corpus: Path, n: int, maildir: bool = False) -> None:
    """N messages: 40% .eml files, 30% in mbox archives, 30% in Markdown pages; or, with
    `maildir`, each message a file of its own in folders per person (Enron's layout)."""
    generator = Generator()
    shutil.rmtree(corpus, ignore_errors=True)
    corpus.mkdir(parents=True)
    mbox: list[bytes] = []
    page: list[str] = []
    for number in range(n):
        message = generator.message(number)
        if maildir:
            _write_maildir(corpus, generator, message)
            continue
        kind = number % 10
        if kind < 4:
            folder = corpus / "eml" / f"{number // 500:03d}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{number:06d}.eml").write_bytes(generator.eml(message))
        elif kind < 7:
            mbox.append(
                b"From sender@bench.example Thu Jan  1 00:00:00 2015\n"
                + generator.eml(message)
                + b"\n"
            )
            if len(mbox) == 300:
                _flush_mbox(corpus, mbox)
        else:
            if not page:
                front = f"---\ntitle: Page {number}\ndate: 2021-01-01\n---\n\n## Letters\n\n"
                page.append(front + generator.text(40, 80) + "\n")
            page.append(generator.markdown_block(message))
            if len(page) == 21:
                _flush_page(corpus, page)
    if mbox:
        _flush_mbox(corpus, mbox)
    if page:
        _flush_page(corpus, page)


def _write_maildir(corpus: Path, generator: Generator, message: dict) -> None:
    person = generator.address(message["sender"]).split("@")[0]
    folder = corpus / "maildir" / person / ("sent", "inbox", "notes")[message["number"] % 3]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{message['number']}.").write_bytes(generator.eml(message))


def _flush_mbox(corpus: Path, mbox: list[bytes]) -> None:
    folder = corpus / "mbox"
    folder.mkdir(exist_ok=True)
    (folder / f"archive-{len(list(folder.iterdir())):04d}.mbox").write_bytes(b"".join(mbox))
    mbox.clear()


def _flush_page(corpus: Path, page: list[str]) -> None:
    folder = corpus / "pages"
    folder.mkdir(exist_ok=True)
    (folder / f"page-{len(list(folder.iterdir())):04d}.md").write_text("\n\n".join(page) + "\n")
    page.clear()


# -- measuring ------------------------------------------------------------------------------------

_PEAK = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:])\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def timed(command: list[str], env: dict | None = None) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (KiB, of the largest process in the tree) and stdout."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *command], capture_output=True, text=True, env=env
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr}")
    peak = int(done.stderr.strip().splitlines()[-1])
    return seconds, peak, done.stdout


def tree_peak(command: list[str]) -> tuple[float, float]:
    """Wall seconds and the peak of the summed RSS (MiB) of the command and all its children,
    sampled every 0.1 s from /proc (the build runs worker processes beside the parent)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss(process.pid))
        time.sleep(0.1)
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return time.perf_counter() - started, peak / 1024


def _tree_rss(root: int) -> int:
    """KiB of resident memory of `root` and its descendants."""
    parents, rss = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry.name)] = int(fields["PPid"])
        rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0])
    total = 0
    for pid in rss:
        ancestor = pid
        while ancestor and ancestor != root:
            ancestor = parents.get(ancestor, 0)
        if ancestor == root:
            total += rss[pid]
    return total


FLOOR = [sys.executable, "-c", "import whoosh.index, whoosh.qparser, click"]


def against_floor(command: list[str], runs: int = 11) -> tuple[float, float, list[float]]:
    """Median seconds of `command` and its ratio to the import floor, the two run in turn so
    that the machine's drift (the floor alone moved 150-250 ms between runs) hits both alike;
    also the floor's own samples."""
    timed(command)  # warm the page cache and the bytecode
    floors, times = [], []
    for _ in range(runs):
        floors.append(timed(FLOOR)[0])
        times.append(timed(command)[0])
    median = statistics.median(times)
    return median, median / statistics.median(floors), floors


def first_answer(command: list[str], runs: int = 7) -> tuple[float, float]:
    """Median seconds until a command's first output (a large corpus is answered before it
    is checked for changes) and until it ends."""
    answers, wholes = [], []
    for _ in range(runs + 1):
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert process.stdout is not None
        process.stdout.read(1)
        answers.append(time.perf_counter() - started)
        process.stdout.read()
        process.wait()
        wholes.append(time.perf_counter() - started)
    return statistics.median(answers[1:]), statistics.median(wholes[1:])  # the first warms


def searchkit_command() -> list[str]:
    found = shutil.which("searchkit")
    return [found] if found else [sys.executable, "-m", "searchkit.cli"]


def query_mix(corpus: Path) -> list[str]:
    generator = Generator()
    # in real text the most frequent words are stop words, which the index drops: "common"
    # words here are the 300th to 305th most frequent (each in about 7% of the messages),
    # "rare" ones the 3000th to 3005th
    common, rare = generator.words[300:305], generator.words[3000:3005]
    people = generator.people[:5]
    phrase_words = Generator().text(3, 3).replace(".", "").split()
    return (
        common
        + rare
        + [f"{a} {b}" for a, b in zip(common, rare, strict=True)]
        + [f'"{" ".join(phrase_words[:2])}"', f'"{common[0]} {common[1]}"']
        + [f'from:"{person}"' for person in people]
        + [f"date:{year}-0{month}" for year, month in ((2012, 3), (2015, 7), (2019, 1))]
    )


def query_forms(corpus: Path) -> dict[str, tuple[list[str], dict]]:
    """The forms of query the engines are compared on, each with its search options. A
    phrase of the corpus's commonest word (in nearly every unit) and the count of every
    thread (as many values as matches) are measured apart: they are the slowest forms."""
    generator = Generator()
    common, rare = generator.words[300:305], generator.words[3000:3005]
    commonest = Generator().text(3, 3).replace(".", "").split()[:2]
    return {
        "one word": (common + rare, {}),
        "two words": ([f"{a} {b}" for a, b in zip(common, rare, strict=True)], {}),
        "phrase": ([f'"{phrase}"' for phrase in phrases(corpus, generator.words[100:], 3)], {}),
        "phrase of the commonest word": ([f'"{" ".join(commonest)}"'], {}),
        "from:": ([f'from:"{person}"' for person in generator.people[:5]], {}),
        "date range, newest first": (
            ["date:2012-03..2013-02", "date:2015", "date:2019-01"],
            {"sort": "newest"},
        ),
        # the page's four
        "a word, with facets": (common, {"facets": ("sender", "recipient", "year", "kind")}),
        "a word, every thread counted": (common, {"facets": ("thread",)}),
    }


def new_queries() -> list[str]:
    """A hundred two-word queries, none of them among the forms' (nor one another)."""
    words = Generator().words
    return [f"{a} {b}" for a, b in zip(words[400:500], words[3100:3200], strict=True)]


def phrases(corpus: Path, words: list[str], count: int) -> list[str]:
    """Two-word phrases that stand in the corpus, of words past the 100 most frequent."""
    wanted = set(words)
    found: list[str] = []
    for path in sorted((corpus / "eml").rglob("*.eml"))[:50]:
        text = path.read_text(errors="replace").split("\n\n", 1)[-1].split()
        for first, second in zip(text, text[1:], strict=False):
            if first in wanted and second in wanted and len(found) < count:
                found.append(f"{first} {second}")
    return found


def warm_latency(
    corpus: Path, index: Path, queries: list[str], rounds: int = 10, **options
) -> dict:
    sys.path.insert(0, str(ROOT))
    from searchkit import search

    search(queries[0], corpus=corpus, index=index, refresh=False, **options)  # warm up
    times = []
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            results = search(query, corpus=corpus, index=index, refresh=False, **options)
            for hit in results:
                assert hit.snippet is not None
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "queries": len(times),
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
    }


def size_of(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="messages to generate")
    parser.add_argument(
        "--keep", action="store_true", help="keep the generated corpus (reused next time)"
    )
    parser.add_argument(
        "--maildir", action="store_true", help="each message a file of its own (Enron's layout)"
    )
    parser.add_argument(
        "--build-only", action="store_true", help="time the full build and its memory, no more"
    )
    parser.add_argument(
        "--engine",
        default="whoosh",
        help="also measure this engine, beside Whoosh (tantivy needs the fast extra)",
    )
    parser.add_argument(
        "--semantic",
        action="store_true",
        help="also time the semantic extra: embedding the index, an update, a question",
    )
    args = parser.parse_args()

    name = f"n{args.n}" + ("-maildir" if args.maildir else "")
    work = OUT / name
    corpus = work / "corpus"
    marker = corpus / f".generated-{args.n}"  # hidden: searchkit does not read it
    if not marker.exists():
        print(f"generating {args.n:,} messages in {corpus} …", file=sys.stderr)
        generate(corpus, args.n, args.maildir)
        marker.touch()
    files = sum(1 for path in corpus.rglob("[!.]*") if path.is_file())
    # measure code as an installed (byte-compiled) searchkit runs it: an editable install on a
    # machine with PYTHONDONTWRITEBYTECODE=1 would compile every module on every run
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "searchkit")], check=True)
    sk = searchkit_command()
    results: dict = {
        "n": args.n,
        "files": files,
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
    }

    engines = ["whoosh", *([args.engine] if args.engine != "whoosh" else [])]
    for engine in engines:
        index = work / f"index-{engine}"
        shutil.rmtree(index, ignore_errors=True)
        where = ["--corpus", str(corpus), "--index", str(index)]
        print(f"{engine}: full build …", file=sys.stderr)
        results[engine] = measured = measure(sk, engine, corpus, where, args)
        if args.semantic and not args.build_only:
            measured["semantic"] = semantic_costs(corpus, index, sk, where, measured.pop("one"))
        measured.pop("one", None)
    if not args.build_only:
        results["pdf_pages_per_s"] = pdf_pages_per_second(work)
    finish(results, name, work, args.keep)


def measure(sk: list[str], engine: str, corpus: Path, where: list[str], args) -> dict:
    """One engine's build, updates, warm queries by form and cold searches."""
    index = Path(where[-1])
    seconds, peak = tree_peak([*sk, "index", "--rebuild", "--engine", engine, *where])
    results: dict = {"build_s": seconds, "build_peak_mb": peak}
    results["build_msgs_per_s"] = args.n / seconds
    results["index_mb"] = size_of(index) / 2**20
    if args.build_only:
        return results
    unchanged = against_floor([*sk, "index", *where])
    results["nothing_changed_s"], results["nothing_changed_x_floor"], floors = unchanged
    emails = sorted((corpus / ("maildir" if args.maildir else "eml")).rglob("[!.]*.*"))
    one = emails[len(emails) // 2]
    changes = []
    for round_number in range(3):
        one.write_bytes(one.read_bytes() + f"\nedited in round {round_number}\n".encode())
        changes.append(timed([*sk, "index", *where])[0])
    results["one_changed_s"] = statistics.median(changes)
    results["one"] = one
    results["warm_query"] = warm_latency(corpus, index, query_mix(corpus))
    results["warm_by_form"] = {
        form: warm_latency(corpus, index, queries, **options)
        for form, (queries, options) in query_forms(corpus).items()
    }
    # each asked once: what a reader's new query costs, past what the forms above repeat
    results["warm_by_form"]["two words, each asked once"] = warm_latency(
        corpus, index, new_queries(), rounds=1
    )
    bundled = index.parent / f"bundled-index-{engine}"
    shutil.rmtree(bundled, ignore_errors=True)
    bundled_args = ["--corpus", str(ROOT / "corpus"), "--index", str(bundled)]
    timed([*sk, "index", "--engine", engine, *bundled_args])
    cold = against_floor([*sk, "search", "discussions are over", *bundled_args])
    results["cold_search_s"], results["cold_search_x_floor"], more_floors = cold
    results["import_floor_s"] = statistics.median(floors + more_floors)
    answer, whole = first_answer([*sk, "search", query_mix(corpus)[0], "--no-pager", *where])
    results["cold_search_here_answer_s"], results["cold_search_here_whole_s"] = answer, whole
    return results


def semantic_costs(corpus: Path, index: Path, sk: list[str], where: list[str], one: Path) -> dict:
    """The semantic extra: every unit of the built index embedded (`index --semantic`), one
    file changed with vectors kept, and questions (fused with BM25) against warm searches."""
    sys.path.insert(0, str(ROOT))
    from searchkit import Archive, semantic

    seconds, peak = tree_peak([*sk, "index", "--semantic", *where])
    generation = Archive(corpus, index).searcher(refresh=False).generation
    vectors = semantic.load(generation)
    units = len(vectors.ids) if vectors else 0
    vectors_mb = semantic.vectors_path(generation).stat().st_size / 2**20
    one.write_bytes(one.read_bytes() + b"\nedited for the semantic extra\n")
    changed = timed([*sk, "index", *where])[0]
    questions = [f"why did {word} happen?" for word in Generator().words[300:310]]
    warm = warm_latency(corpus, index, questions)
    return {
        "embed_s": seconds,
        "units": units,
        "units_per_s": units / seconds,
        "peak_mb": peak,
        "one_changed_s": changed,
        "question": warm,
        "vectors_mb": vectors_mb,
    }


def pdf_pages_per_second(work: Path, pages: int = 200) -> float | None:
    """Pages of a generated release (a printed email thread, 40 lines a page) read and split
    per second; None without fpdf2 (a test dependency) to make the PDF."""
    try:
        import fpdf
    except ImportError:
        return None
    sys.path.insert(0, str(ROOT))
    from searchkit.corpus import read_units

    generator = Generator()
    document = fpdf.FPDF()
    document.set_font("helvetica", size=9)
    document.set_auto_page_break(False)
    for number in range(pages):
        document.add_page()
        lines = [
            "From: Doe, Jane <jane@example.org>",
            f"Sent: Tuesday, March {number % 28 + 1}, 2019 4:12 PM",
            "To: Patel, Raj",
            f"Subject: RE: item {number}",
            *(generator.text(8, 12) for _ in range(34)),
            f"Page {number + 1} of {pages}",
        ]
        for line in lines:
            document.cell(0, 6, line.encode("latin-1", "replace").decode("latin-1"))
            document.ln()
    path = work / "release.pdf"
    document.output(str(path))
    started = time.perf_counter()
    units = list(read_units(path, "release.pdf").units)
    assert units, "the release gave no unit"
    return pages / (time.perf_counter() - started)


def finish(results: dict, name: str, work: Path, keep: bool) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"results-{name}.json").write_text(json.dumps(results, indent=2))
    print_table(results)
    if not keep:
        shutil.rmtree(work, ignore_errors=True)


def print_table(results: dict) -> None:
    engines = [name for name in ("whoosh", "tantivy") if name in results]
    print(f"{results['n']:,} messages, {results['files']:,} files", end="")
    if results.get("pdf_pages_per_s"):
        print(f"; a PDF release read and split at {results['pdf_pages_per_s']:.0f} pages/s", end="")
    print()
    by_engine = [dict(_rows(results[engine])) for engine in engines]
    names = [name for name, _ in _rows(results[engines[0]])]
    width = max(len(name) for name in names)
    print(f"| {'':<{width}} | " + " | ".join(f"{engine:>18}" for engine in engines) + " |")
    for name in names:
        cells = " | ".join(f"{found.get(name, ''):>18}" for found in by_engine)
        print(f"| {name:<{width}} | {cells} |")
    for engine in engines:
        if "semantic" in results[engine]:
            for name, value, note in _semantic_rows(results[engine]["semantic"]):
                print(f"| {engine} {name} | {value} | {note}")


def _rows(r: dict) -> list[tuple[str, str]]:
    rows = [
        ("full build, msg/s", f"{r['build_msgs_per_s']:.0f} ({r['build_s']:.1f} s)"),
        ("peak memory, build", f"{r['build_peak_mb']:.0f} MB"),
        ("index size", f"{r['index_mb']:.0f} MB"),
    ]
    if "import_floor_s" not in r:
        return rows
    floor = r["import_floor_s"]
    rows += [
        ("import floor", f"{floor * 1000:.0f} ms"),
        ("index, nothing changed", f"{r['nothing_changed_x_floor']:.2f}× floor"),
        ("index, one file changed", f"{r['one_changed_s'] * 1000:.0f} ms"),
        ("warm query mix p50 / p95", _ms(r["warm_query"])),
        *((f"warm: {form}", _ms(found)) for form, found in r["warm_by_form"].items()),
        ("cold search, bundled", f"{r['cold_search_x_floor']:.2f}× floor"),
        (
            "cold search here, answer",
            f"{r['cold_search_here_answer_s'] / floor:.2f}× floor",
        ),
        ("cold search here, whole", f"{r['cold_search_here_whole_s'] * 1000:.0f} ms"),
    ]
    return rows


def _ms(found: dict) -> str:
    return f"{found['p50_ms']:.2f} / {found['p95_ms']:.2f} ms"


def _semantic_rows(s: dict) -> list[tuple[str, str, str]]:
    return [
        (
            "semantic: embed every unit",
            f"{s['embed_s']:.0f} s",
            f"{s['units']:,} units, {s['units_per_s']:.0f} units/s, peak {s['peak_mb']:.0f} MB,"
            f" {s['vectors_mb']:.0f} MB of vectors",
        ),
        ("semantic: one file changed", f"{s['one_changed_s'] * 1000:.0f} ms", ""),
        (
            "semantic: question p50 / p95",
            f"{s['question']['p50_ms']} / {s['question']['p95_ms']} ms",
            "fused with BM25",
        ),
    ]


if __name__ == "__main__":
    main()
