"""Every page's notebook holds exactly the code the tests run, and runs in a kernel.

Sybil runs every page's code (``tests/pages.py``); a notebook cut from the same
page must run the same code in the same order. Proving that, page by page, is
cheaper than starting a kernel per page: the notebooks are then shown to run by
the page tests themselves, and one notebook is executed end to end in a fresh
kernel to show that the export makes a notebook a kernel accepts.
"""

import re
import textwrap

import nbformat
import pytest

from sitebuild.notebooks import code_cells, execute, page_notebook
from sitebuild.translations import without_comments
from tests.pages import ROOT, pages, sybils

PAGES = pages()


def _statements(code: str) -> list[str]:
    return [line for line in textwrap.dedent(code).splitlines() if line.strip()]


def _sybil_code(page) -> list[str]:
    """The lines of code sybil runs for a page, in order (doctests: the statements)."""
    page_sybil, _ = sybils()
    lines = []
    for example in page_sybil.parse(page):
        parsed = example.region.parsed
        lines += _statements(parsed if isinstance(parsed, str) else parsed.source)
    return lines


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_the_page_notebook_runs_exactly_the_code_sybil_runs(page):
    notebook = page_notebook(page)
    nbformat.validate(notebook)
    assert "--8<--" not in nbformat.writes(notebook)  # includes expanded, as on the page
    cells = [line for cell in code_cells(notebook) for line in _statements(cell)]
    assert cells == _sybil_code(page)


@pytest.mark.slow
def test_a_page_notebook_runs_in_a_fresh_kernel(tmp_path):
    notebook = page_notebook(ROOT / "docs" / "softmax.md")
    execute(notebook, cwd=tmp_path)  # raises CellExecutionError on the first failing cell
    outputs = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs]
    assert any("tensor(" in out.get("text", "") for out in outputs)


def test_doctest_blocks_become_code_cells_without_prompts():
    sources = code_cells(page_notebook(ROOT / "docs" / "softmax.md"))
    assert not any(source.lstrip().startswith(">>>") for source in sources)
    assert any("softmax_naive(torch.tensor([10.0, 100.0]))" in source for source in sources)


def test_figures_become_a_line_of_text():
    notebook = page_notebook(ROOT / "docs" / "results.md")
    markdown = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert "svg#only" not in markdown and "*Figure: " in markdown


@pytest.mark.slow
def test_a_chinese_page_notebook_runs_and_reads_in_chinese(tmp_path):
    notebook = page_notebook(ROOT / "docs" / "zh" / "softmax.md", "zh")
    cells = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert not cells.startswith("---") and "source_sha256" not in cells  # no front matter
    assert re.search(r"[\u4e00-\u9fff]{20}", cells)  # Chinese prose
    english = code_cells(page_notebook(ROOT / "docs" / "softmax.md"))
    assert [without_comments(c) for c in code_cells(notebook)] == [
        without_comments(c) for c in english
    ]
    execute(notebook, cwd=tmp_path)  # raises CellExecutionError on the first failing cell


def test_a_chinese_notebook_says_in_chinese_where_the_figures_are():
    notebook = page_notebook(ROOT / "docs" / "zh" / "results.md", "zh")
    markdown = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert "svg#only" not in markdown and "*图：" in markdown and "*Figure: " not in markdown
