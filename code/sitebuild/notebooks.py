"""The notebooks stage: every page as a notebook, and the executed notebooks.

A page's notebook is cut from its Markdown after the snippet includes are
expanded, at the Python fences :func:`sitebuild.markdown.python_fences` finds
(the ones the tests run), at any depth (inside content tabs and admonitions
too), in page order: so the notebook holds the code the page shows and runs it
in the same order. ``>>>`` examples become code cells without prompts and
outputs; figures and the interactive widgets, which live on the site, become
a line of text. (jupytext's
Markdown reader was tried first: it leaves fences inside tabs and admonitions
as Markdown, so code in a tab would not run.)

``notebooks/*.md`` are notebooks in their own right: a stage of their own
(:func:`build_executed`) executes them in a fresh kernel, so a failing cell
fails the build.
"""

import re
import textwrap
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from pymdownx.snippets import SnippetMissingError
from sybil import Document

from sitebuild.cache import write_text
from sitebuild.i18n import folder, output_name, tr
from sitebuild.markdown import expand_snippets, is_doctest, python_fences
from sitebuild.paths import NOTEBOOKS, language, pages

__all__ = [
    "USER_ERRORS",
    "build",
    "build_executed",
    "code_cells",
    "execute",
    "page_notebook",
]

#: errors a build reports in one line: a page includes a missing file or section
USER_ERRORS = (SnippetMissingError,)
KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}
_FIGURE = re.compile(
    r"^( *)!\[([^\]]*)\]\(generated/[\w-]+-(light|dark)\.svg#only-\3\)$",
    re.MULTILINE,
)


#: a Chinese page's front matter (the staleness check's record): not part of the notebook
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)

#: an explorable's block on a page, and the data script before it: they run in the
#: site's browser, not in a notebook
_EXPLORABLE = re.compile(
    r'^(?:<script src="generated/explorable_\w+\.js"></script>\n)?'
    r'<div class="sr-explorable".*?^</div>$',
    re.MULTILINE | re.DOTALL,
)


def _figure_to_text(match: re.Match, lang: str) -> str:
    indent, alt, variant = match.groups()
    if variant == "dark":
        return ""
    return indent + tr(lang, "*Figure: {alt} (see the page on the site).*", alt=alt)


def _code(source: str) -> str:
    """A fence's code as a cell: a doctest keeps its statements, not its outputs."""
    source = textwrap.dedent(source).strip("\n")
    if is_doctest(source):
        lines = [line.strip() for line in source.splitlines()]
        source = "\n".join(line[4:] for line in lines if line.startswith((">>> ", "... ")))
    return source


def page_notebook(page: Path, lang: str = "en") -> nbformat.NotebookNode:
    """The notebook of one Markdown page, ready to run top to bottom; its own words in ``lang``."""
    text = expand_snippets(page.read_text(encoding="utf-8"))
    text = _FRONT_MATTER.sub("", text)
    text = _FIGURE.sub(lambda match: _figure_to_text(match, lang), text)
    text = _EXPLORABLE.sub(tr(lang, "*An interactive widget: see this page on the site.*"), text)
    document = Document(text, str(page))
    cells, position = [], 0
    for region, _ in python_fences(document):
        if text[position : region.start].strip():
            cells.append(new_markdown_cell(text[position : region.start].strip("\n")))
        cells.append(new_code_cell(_code(str(region.lexemes["source"]))))
        position = region.end
    if text[position:].strip():
        cells.append(new_markdown_cell(text[position:].strip("\n")))
    metadata = {"kernelspec": KERNEL, "language_info": {"name": "python"}}
    return new_notebook(cells=cells, metadata=metadata)


def code_cells(notebook: nbformat.NotebookNode) -> list[str]:
    """The sources of a notebook's code cells, in order."""
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def execute(
    notebook: nbformat.NotebookNode, cwd: Path, timeout: int = 600
) -> nbformat.NotebookNode:
    """Run every cell in a fresh kernel; a cell that raises stops it with ``CellExecutionError``."""
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(cwd)}},
    )
    client.execute()
    return notebook


def build(out: Path, config: object, keys: dict[str, str]) -> dict[str, int]:
    """Export every page of both editions as a notebook; return name -> size.

    English pages go to ``notebooks/``, Chinese ones to ``zh/notebooks/``.
    """
    outputs: dict[str, int] = {}
    site_pages = pages()
    for page in site_pages:
        lang = language(page)
        name = f"notebooks/{page.stem}.ipynb"
        notebook = nbformat.writes(page_notebook(page, lang))
        outputs[output_name(lang, name)] = write_text(folder(out, lang) / name, notebook)
    print(f"  notebooks  {len(site_pages)} pages exported to {out / 'notebooks'} and zh/notebooks")
    return outputs


def build_executed(out: Path, config: object, keys: dict[str, str]) -> dict[str, int]:
    """Execute every ``notebooks/*.md`` and ``notebooks/zh/*.md`` in a fresh kernel.

    Returns output name -> size; the Chinese ones are written to ``zh/``.
    """
    outputs: dict[str, int] = {}
    for lang, sources in (("en", NOTEBOOKS), ("zh", NOTEBOOKS / "zh")):
        for source in sorted(sources.glob("*.md")):
            start = time.perf_counter()
            notebook = execute(page_notebook(source, lang), cwd=NOTEBOOKS.parent)
            name = output_name(lang, f"{source.stem}.ipynb")
            outputs[name] = write_text(out / name, nbformat.writes(notebook))
            seconds = time.perf_counter() - start
            print(f"  notebook   {name} executed ({seconds:.1f} s)", flush=True)
    return outputs
