"""Run the code of the pages exactly as a reader sees it.

The site's own Markdown settings (read from ``mkdocs.yml``) expand every
``--8<--`` include with pymdownx's snippet preprocessor before sybil parses a
page, so the tests and the site can never disagree about what a page shows.
A missing file or section raises, as it does in ``mkdocs build``.

Sybil's Markdown parser collects only fences whose info string is exactly
``python``; :class:`PageCodeBlockParser` also takes ``py``, ``python3``,
``pycon``, attribute forms (``python title="x.py"``, ``{.python}``), and
doctest blocks (a fence whose code starts with ``>>>``).
"""

import contextlib
import doctest
import html
import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from sybil import Document, Example, Region, Sybil
from sybil.evaluators.doctest import DocTestEvaluator
from sybil.evaluators.python import PythonEvaluator
from sybil.parsers.abstract.doctest import DocTestStringParser
from sybil.parsers.rest import DocTestParser

from sitebuild.markdown import (
    PYTHON_LANGUAGES,
    expand_snippets,
    fence_language,
    fences,
    is_doctest,
    markdown_settings,
    new_markdown,
    python_fences,
)
from sitebuild.paths import ROOT, pages

__all__ = [
    "PYTHON_LANGUAGES",
    "ROOT",
    "ExpandedMarkdownDocument",
    "OutputEvaluator",
    "PageCodeBlockParser",
    "expand_snippets",
    "fence_language",
    "fences",
    "markdown_settings",
    "new_markdown",
    "pages",
    "rendered_python_examples",
    "stray_prompts",
    "sybils",
]

DOCTEST_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


class OutputEvaluator:
    """Run a code block and compare what it prints with the ``text`` block shown after it."""

    def __init__(self, expected: str) -> None:
        self.expected = expected
        self.python = PythonEvaluator()

    def __call__(self, example: Example) -> str | None:
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            self.python(example)
        got, expected = _normalise(printed.getvalue()), _normalise(self.expected)
        if got != expected:
            return f"the block printed:\n{got}\nbut the page shows:\n{expected}"
        return None


def _normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


class PageCodeBlockParser:
    """Sybil parser for every Python fence of a page: code blocks and ``>>>`` doctests.

    A ``text`` fence right after a code block (nothing but blank lines between
    them) is the output the page claims; the block's printed output must match it.
    """

    def __init__(self) -> None:
        self.evaluator = PythonEvaluator()
        self.doctests = DocTestStringParser(DocTestEvaluator(DOCTEST_FLAGS))

    def __call__(self, document: Document) -> Iterable[Region]:
        for region, output in python_fences(document):
            source = region.lexemes["source"]
            if is_doctest(source):
                for example in self.doctests(source, document.path):
                    example.adjust(region, source)
                    yield example
                continue
            region.parsed = source
            region.evaluator = self.evaluator
            if output is not None:
                region.evaluator = OutputEvaluator(str(output.lexemes["source"]))
            yield region


class ExpandedMarkdownDocument(Document):
    """A Markdown page whose snippet includes are expanded before any parser sees it."""

    @classmethod
    def parse(cls, path: str, *parsers, encoding: str = "utf-8") -> "ExpandedMarkdownDocument":
        return cls.from_markdown(Path(path).read_text(encoding), path, parsers)

    @classmethod
    def from_markdown(
        cls, text: str, path: str, parsers: Iterable, base_path: Sequence[str | Path] | None = None
    ) -> "ExpandedMarkdownDocument":
        document = cls(expand_snippets(text, base_path), path)
        for parser in parsers:
            for region in parser(document):
                document.add(region)
        return document


class _InAnEmptyFolder:
    """Run a page's code in a fresh empty working folder, as a downloaded notebook runs.

    A page whose code reads a file by a path relative to the project would pass
    here only by accident; in an empty folder it fails, as its notebook would.
    """

    def setup(self, namespace: dict) -> None:
        namespace["__sybil_folder__"] = (Path.cwd(), tempfile.mkdtemp(prefix="page-"))
        os.chdir(namespace["__sybil_folder__"][1])

    def teardown(self, namespace: dict) -> None:
        previous, folder = namespace.pop("__sybil_folder__")
        os.chdir(previous)
        shutil.rmtree(folder, ignore_errors=True)


def sybils() -> tuple[Sybil, Sybil]:
    """The sybil of the pages and the sybil of the package's docstrings."""
    folder = _InAnEmptyFolder()
    page_sybil = Sybil(
        parsers=[PageCodeBlockParser()],
        setup=folder.setup,
        teardown=folder.teardown,
        patterns=["docs/*.md", "docs/**/*.md"],
        excludes=["docs/generated/*", "docs/zh/generated/*", "docs/assets/*", "docs/zh/assets/*"],
        document_types={".md": ExpandedMarkdownDocument},
        path=str(ROOT),
        name="page",
    )
    docstring_sybil = Sybil(
        parsers=[DocTestParser(optionflags=DOCTEST_FLAGS)],
        patterns=["code/softmax_regression/*.py"],
        excludes=["code/softmax_regression/__main__.py"],
        path=str(ROOT),
        name="docstring",
    )
    return page_sybil, docstring_sybil


_CODE_BLOCK = re.compile(
    r'<div class="language-([\w+-]+) highlight">.*?<code>(.*?)</code>', re.DOTALL
)


def stray_prompts(path: Path) -> list[str]:
    """Lines starting with ``>>>`` outside any code fence: Markdown shows them as quotes and nothing runs them."""
    document = Document(expand_snippets(path.read_text(encoding="utf-8")), str(path))
    text = document.text
    for region in fences(document):
        text = text[: region.start] + " " * (region.end - region.start) + text[region.end :]
    return [line.strip() for line in text.splitlines() if line.lstrip().startswith(">>>")]


def rendered_python_examples(path: Path) -> int:
    """Count the Python examples a reader sees on the rendered page, independently of sybil.

    A Python block counts once, or once per ``>>>`` prompt if it is a doctest.
    """
    rendered = new_markdown().convert(path.read_text(encoding="utf-8"))
    count = 0
    for language, code in _CODE_BLOCK.findall(rendered):
        if language not in PYTHON_LANGUAGES:
            continue
        text = html.unescape(re.sub(r"<[^>]+>", "", code))
        prompts = sum(1 for line in text.splitlines() if line.lstrip().startswith(">>>"))
        count += prompts if text.lstrip().startswith(">>>") else 1
    return count
