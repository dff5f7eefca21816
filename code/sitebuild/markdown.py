"""The site's own Markdown settings, read from ``mkdocs.yml``, for code outside MkDocs.

The tests (which run every page's code) and the notebook export (which turns
every page into a notebook) expand ``--8<--`` includes with the very
preprocessor and settings ``mkdocs build`` uses, and find a page's Python
code with one function, :func:`python_fences`, so none of them can disagree
about what a page shows or runs. A missing file or section raises
``pymdownx.snippets.SnippetMissingError``, as it fails the site build.
"""

import copy
import functools
import itertools
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import markdown
from mkdocs.config import load_config
from sybil import Document, Region
from sybil.parsers.markdown.lexers import RawFencedCodeBlockLexer

from sitebuild.paths import ROOT

__all__ = [
    "PYTHON_LANGUAGES",
    "expand_snippets",
    "fence_language",
    "fences",
    "is_doctest",
    "markdown_settings",
    "new_markdown",
    "python_fences",
]

#: the info strings of fences that hold Python code (sybil alone would collect only ``python``)
PYTHON_LANGUAGES = frozenset({"python", "py", "python3", "pycon"})


@functools.cache
def markdown_settings() -> tuple[tuple[str, ...], dict]:
    """The Markdown extensions and their settings from ``mkdocs.yml``, snippet paths made absolute."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    configs = copy.deepcopy(dict(config["mdx_configs"]))
    snippets = configs.get("pymdownx.snippets", {})
    snippets["base_path"] = [str(ROOT / base) for base in snippets.get("base_path", ["."])]
    return tuple(config["markdown_extensions"]), configs


def new_markdown(base_path: Sequence[str | Path] | None = None) -> markdown.Markdown:
    """A Markdown converter configured as the site's; ``base_path`` overrides where snippets are found."""
    extensions, configs = markdown_settings()
    if base_path is not None:
        configs = copy.deepcopy(configs)
        configs["pymdownx.snippets"]["base_path"] = [str(path) for path in base_path]
    return markdown.Markdown(extensions=list(extensions), extension_configs=configs)


def expand_snippets(text: str, base_path: Sequence[str | Path] | None = None) -> str:
    """Replace every ``--8<--`` include of a page by the lines it includes, as the site does."""
    md = new_markdown(base_path)
    return "\n".join(md.preprocessors["snippet"].run(text.split("\n")))


def fence_language(info: str) -> str:
    """The language of a fence's info string: ``python title="x"`` and ``{ .python }`` give ``python``."""
    info = info.strip()
    if info.startswith("{"):
        match = re.search(r"\.([\w+-]+)", info)
        return match.group(1) if match else ""
    match = re.match(r"[\w+-]+", info)
    return match.group(0) if match else ""


#: the info string of a fence: the rest of its opening line
_INFO = re.compile(r"(?P<info>[^\n]*)$\n", re.MULTILINE)


def fences(document: Document) -> list[Region]:
    """Every fenced block of ``document``, in page order, at any depth.

    Fences inside content tabs and admonitions count too. Each region's
    ``lexemes`` hold its ``info`` string and its ``source``.
    """
    lexer = RawFencedCodeBlockLexer(
        info_pattern=_INFO, mapping={"info": "info", "source": "source"}
    )
    return sorted(lexer(document), key=lambda region: region.start)


def is_doctest(source: str) -> bool:
    """A fence whose code starts with ``>>>`` is a doctest, not a script."""
    return source.lstrip().startswith(">>>")


def python_fences(document: Document) -> Iterator[tuple[Region, Region | None]]:
    """Each Python fence of ``document`` with the output fence shown after it.

    The second item is the ``text`` fence that follows the Python fence with
    nothing but blank lines between them (the output the page claims), or
    ``None``. The tests run exactly these fences, and the notebook export
    turns exactly these into code cells.
    """
    regions = fences(document)
    for region, following in itertools.pairwise([*regions, None]):
        if fence_language(region.lexemes["info"]) not in PYTHON_LANGUAGES:
            continue
        if (
            following is not None
            and fence_language(following.lexemes["info"]) == "text"
            and not document.text[region.end : following.start].strip()
        ):
            yield region, following
        else:
            yield region, None
