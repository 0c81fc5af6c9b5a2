"""The example notebook runs, and what it shows is true: its timeline counts every match."""

from __future__ import annotations

from pathlib import Path

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


def test_the_projects_corpus_by_another_path_keeps_its_index(tmp_path, monkeypatch):
    from searchkit import Archive
    from searchkit.archive import cache_folder, index_folder

    project = tmp_path / "project"
    (project / "corpus").mkdir(parents=True)
    (project / "corpus" / "a.txt").write_text("A note about lighthouses.\n", "utf-8")
    Archive(project / "corpus", project / "index").update()
    (project / "notebooks").mkdir()
    monkeypatch.chdir(project / "notebooks")
    monkeypatch.delenv("SEARCHKIT_INDEX", raising=False)
    for path in ("../corpus", project / "corpus", "../notebooks/../corpus"):
        assert Path(index_folder(Path(path))).resolve() == (project / "index").resolve()
    other = tmp_path / "elsewhere" / "corpus"  # a folder named corpus, no index beside it
    other.mkdir(parents=True)
    assert index_folder(other).parent == cache_folder()
    (tmp_path / "elsewhere" / "index").symlink_to(project / "index")  # another corpus's index
    assert index_folder(other).parent == cache_folder()


def test_a_notebook_timeline_says_what_it_leaves_out(bundled_index, capsys):
    from searchkit import search

    from .conftest import CORPUS

    page = search("for-profit", index=bundled_index, corpus=CORPUS, limit=3)
    frame = page.timeline("month")
    counted = int(frame["count"].sum())
    left_out = frame.attrs["left_out"]
    assert counted < len(page.matching()) and "dated only by a longer period" in left_out
    coarse = int(left_out.split("not counted: ")[1].split()[0])
    assert counted + coarse == len(page.matching())
    assert left_out in capsys.readouterr().err
    by_year = page.timeline("year")  # a year places every match: nothing to say
    assert by_year.attrs["left_out"] is None and int(by_year["count"].sum()) == page.total
