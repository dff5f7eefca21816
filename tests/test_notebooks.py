"""Every page, downloaded as a notebook, runs top to bottom in a fresh kernel."""

import nbformat
import pytest

from sitebuild.notebooks import execute, page_notebook
from tests.pages import ROOT, pages

PAGES = pages()


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_the_page_notebook_runs_in_a_fresh_kernel(page, tmp_path):
    notebook = page_notebook(page)
    nbformat.validate(notebook)
    assert "--8<--" not in nbformat.writes(notebook)  # includes expanded, as on the page
    execute(notebook, cwd=tmp_path)  # raises CellExecutionError on the first failing cell


def test_doctest_blocks_become_code_cells_without_prompts():
    notebook = page_notebook(ROOT / "docs" / "softmax.md")
    sources = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    assert not any(source.lstrip().startswith(">>>") for source in sources)
    assert any("softmax_naive(torch.tensor([10.0, 100.0]))" in source for source in sources)


def test_figures_become_a_line_of_text():
    notebook = page_notebook(ROOT / "docs" / "results.md")
    markdown = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert "svg#only" not in markdown and "*Figure: " in markdown
