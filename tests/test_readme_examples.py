"""The README's terminal examples are what searchkit prints (they drifted once): each
`$ searchkit …` line of a ```console block is run on the bundled corpus and its output
compared, line for line (a `…` line stands for lines left out)."""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner

from searchkit.cli import main

from .conftest import CORPUS, ROOT

#: The commands that read the index (they take --corpus and --index).
READING = {"search", "show", "people", "timeline", "stats"}


def examples() -> list[tuple[str, str]]:
    readme = (ROOT / "README.md").read_text("utf-8")
    found = []
    for block in re.findall(r"```console\n(.*?)```", readme, re.S):
        for part in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = part.partition("\n")
            words = shlex.split(command) if not re.search(r"[|;>]", command) else []
            if words[:1] == ["searchkit"] and words[1:2] and words[1] in READING:
                found.append((command, output.strip("\n")))
    return found


@pytest.mark.parametrize(("command", "expected"), examples())
def test_a_readme_example_prints_what_the_readme_shows(bundled_index, command, expected):
    args = [*shlex.split(command)[1:], "--corpus", str(CORPUS), "--index", str(bundled_index)]
    done = CliRunner().invoke(main, args)
    printed = (done.stderr + done.stdout).strip("\n").splitlines()
    at = 0
    for chunk in re.split(r"^…$", expected, flags=re.M):  # each shown piece, in order
        lines = chunk.strip("\n").splitlines()
        while at < len(printed) and printed[at : at + len(lines)] != lines:
            at += 1
        assert at < len(printed), f"{command}: not printed:\n{chunk}\n--- printed:\n" + "\n".join(
            printed
        )
        at += len(lines)


def test_the_examples_are_found():
    assert len(examples()) >= 12
