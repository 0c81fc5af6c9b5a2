"""The README keeps up with the code, as sqlite-utils' test_docs.py does: every command of
the command line is shown in it, and every module is named in "How the code is laid out"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from searchkit.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf-8")
PACKAGE = ROOT / "searchkit"


def _section(title: str) -> str:
    start = README.index(f"## {title}")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_in_the_readme(command):
    assert re.search(rf"searchkit {command}\b", README), f"`searchkit {command}` is not in README"


#: Every module but a package's `__init__.py`, which its folder names (web/ has code there).
MODULES = sorted(
    path.relative_to(PACKAGE)
    for path in PACKAGE.rglob("*.py")
    if path.name != "__init__.py" or path.parent.name == "web"
)


@pytest.mark.parametrize("module", MODULES, ids=str)
def test_every_module_is_named_in_the_layout(module):
    layout = _section("How the code is laid out")
    name = module.name
    folder = f"`{module.parent}/`" if module.parent != Path(".") else None
    if folder is None:
        assert f"`{name}`" in layout, f"{module} is not in README's layout"
    else:  # `readers/`: `mail.py`, … names a folder's modules after it, in a row or two
        rows = [line for line in layout.splitlines() if folder in line]
        assert any(f"`{name}`" in row for row in rows), f"{module} is not in README's layout"
