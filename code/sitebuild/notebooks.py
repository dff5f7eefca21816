"""Every page as a Jupyter notebook, and the executed "train it yourself" notebook.

A page's notebook is cut from its Markdown after the snippet includes are
expanded, at the same Python fences the tests run, at any depth (inside
content tabs and admonitions too), in page order: so the notebook holds the
code the page shows and runs it in the same order. ``>>>`` examples become code
cells without prompts and outputs; figures, which live on the site, become a
line of text. (jupytext's Markdown reader was tried first: it leaves fences
inside tabs and admonitions as Markdown, so code in a tab would not run.)
"""

import re
import textwrap
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from sybil import Document
from sybil.parsers.markdown.lexers import RawFencedCodeBlockLexer

from sitebuild.markdown import PYTHON_LANGUAGES, expand_snippets, fence_language

__all__ = ["execute", "page_notebook"]

KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}
_INFO = re.compile(r"(?P<info>[^\n]*)$\n", re.MULTILINE)
_FIGURE = re.compile(
    r"^( *)!\[([^\]]*)\]\(generated/[\w-]+-(light|dark)\.svg#only-\3\)$", re.MULTILINE
)


def _figure_to_text(match: re.Match) -> str:
    indent, alt, variant = match.groups()
    return f"{indent}*Figure: {alt} (see the page on the site).*" if variant == "light" else ""


def _code(source: str) -> str:
    source = textwrap.dedent(source).strip("\n")
    if source.lstrip().startswith(
        ">>>"
    ):  # a doctest: keep the statements, drop prompts and outputs
        lines = [
            line.strip()[4:]
            for line in source.splitlines()
            if line.strip().startswith((">>> ", "... "))
        ]
        source = "\n".join(lines)
    return source


def page_notebook(page: Path) -> nbformat.NotebookNode:
    """The notebook of one Markdown page, ready to run top to bottom."""
    text = _FIGURE.sub(_figure_to_text, expand_snippets(page.read_text(encoding="utf-8")))
    document = Document(text, str(page))
    cells, position = [], 0
    lexer = RawFencedCodeBlockLexer(
        info_pattern=_INFO, mapping={"info": "info", "source": "source"}
    )
    for region in sorted(lexer(document), key=lambda region: region.start):
        if fence_language(region.lexemes["info"]) not in PYTHON_LANGUAGES:
            continue
        if text[position : region.start].strip():
            cells.append(new_markdown_cell(text[position : region.start].strip("\n")))
        cells.append(new_code_cell(_code(str(region.lexemes["source"]))))
        position = region.end
    if text[position:].strip():
        cells.append(new_markdown_cell(text[position:].strip("\n")))
    return new_notebook(
        cells=cells, metadata={"kernelspec": KERNEL, "language_info": {"name": "python"}}
    )


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
