"""The example notebook runs, and what it shows is true: its timeline counts every match."""

from __future__ import annotations

import pytest

from .conftest import ROOT

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("pandas")

NOTEBOOK = ROOT / "notebooks" / "tour.ipynb"


def test_the_example_notebook_runs_and_counts_every_match(monkeypatch):
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's own inline backend
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute()
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert not any(output.output_type == "error" for cell in cells for output in cell.outputs)

    def outputs(fragment: str) -> list:
        """The cell's results (not what it wrote to stderr: on a fresh checkout, that the
        first search builds the index)."""
        (cell,) = [cell for cell in cells if fragment in cell.source]
        return [output for output in cell.outputs if output.output_type != "stream"]

    total, shown, counted = eval(  # noqa: S307 - the notebook's own tuple of three ints
        outputs("hits.total, len(hits)")[0].data["text/plain"]
    )
    assert total == counted > shown == 5
    table = outputs("hits = search(")[0].data["text/html"]
    assert "<mark>" in table and "text-align:left" in table.replace(" ", "")
    (figure,) = outputs("hits.plot_timeline()")  # shown once, as a picture: no `<Axes …>` line
    assert "image/png" in figure.data
