"""The shape of the code: no import cycles, Whoosh behind the engine package, a light
start-up path, and the private Whoosh calls still where the pinned version keeps them."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import whoosh

from searchkit.engine.private_calls import PRIVATE
from searchkit.engine.version import PINNED_WHOOSH

PACKAGE = Path(__file__).resolve().parents[1] / "searchkit"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module this one imports, at the top or inside a function, but not the imports
    that only type checkers see (`if TYPE_CHECKING:`)."""
    tree = ast.parse(path.read_text("utf-8"))
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    type_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and getattr(block.test, "id", "") == "TYPE_CHECKING"
        for child in block.body
        for node in ast.walk(child)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            # `from . import shards` imports a module, not a name
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {name: imports(path) & modules.keys() - {name} for name, path in modules.items()}


def test_no_import_cycles():
    edges = graph()
    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for other in sorted(edges[name]):
            if state.get(other) == "open":
                cycle = trail[trail.index(other) :] + [other] if other in trail else [name, other]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if other not in state:
                visit(other, [*trail, other])
        state[name] = "done"

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])


#: Whoosh's text analysis, which searchkit uses as a library whatever the engine: analysers
#: (`analysis.py`).
TEXT_ANALYSIS = {
    "whoosh.analysis",
    "whoosh.lang.porter2",
    "whoosh.support.charset",
}


def test_only_the_engine_imports_whoosh():
    outside = {
        (module_name(path), name)
        for path in PACKAGE.rglob("*.py")
        if "engine" not in path.relative_to(PACKAGE).parts
        for name in imports(path)
        if name.split(".")[0] == "whoosh"
    }
    analysis = {"searchkit.analysis"}
    assert {(module, name) for module, name in outside if module not in analysis} == set()
    assert [
        name
        for _, name in outside
        if not any(name == part or name.startswith(f"{part}.") for part in TEXT_ANALYSIS)
    ] == []


def test_only_the_tantivy_engine_imports_tantivy():
    outside = {
        module_name(path)
        for path in PACKAGE.rglob("*.py")
        if "tantivy_engine" not in path.relative_to(PACKAGE).parts
        and any(name.split(".")[0] == "tantivy" for name in imports(path))
    }
    assert outside == set()


def test_the_command_line_and_the_manifest_start_without_whoosh():
    heavy = ("whoosh", "bs4", "dateutil", "pandas")
    for module in ("searchkit.cli", "searchkit.manifest", "searchkit.archive"):
        loaded = subprocess.run(
            [sys.executable, "-c", f"import sys, {module}; print(' '.join(sys.modules))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        assert not [name for name in loaded if name.split(".")[0] in heavy], module
    assert graph()["searchkit.manifest"] <= {
        "searchkit",
        "searchkit.corpus",
        "searchkit.errors",
        "searchkit.layouts",  # the digest of searchkit.toml the index was read with
    }


def test_the_pinned_whoosh_still_has_the_private_calls_the_engine_makes():
    assert whoosh.__version__ == PINNED_WHOOSH, "Whoosh changed: check engine/private_calls.py"
    for where, names in PRIVATE.items():
        module, _, cls = where.rpartition(".")
        owner = getattr(importlib.import_module(module), cls)
        assert [name for name in names if not callable(getattr(owner, name, None))] == [], where


def test_cli_choices_are_the_library_constants():
    from searchkit.cli import main
    from searchkit.dates import PERIODS
    from searchkit.tallies import FACETS
    from searchkit.units import KINDS

    def choices(command: str, option: str) -> tuple[str, ...]:
        param = next(p for p in main.commands[command].params if p.name == option)
        return tuple(param.type.choices)

    assert choices("search", "facets") == tuple(FACETS)
    assert choices("units", "kind") == KINDS
    assert choices("timeline", "by") == PERIODS
