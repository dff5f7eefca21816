"""The site's own Markdown settings, read from ``mkdocs.yml``, for code outside MkDocs.

The tests (which run every page's code) and the notebook export (which turns
every page into a notebook) expand ``--8<--`` includes with the very
preprocessor and settings ``mkdocs build`` uses, so none of them can disagree
about what a page shows. A missing file or section raises
``pymdownx.snippets.SnippetMissingError``, as it fails the site build.
"""

import copy
import functools
import re
from collections.abc import Sequence
from pathlib import Path

import markdown
from mkdocs.config import load_config

from sitebuild.build import ROOT

__all__ = [
    "PYTHON_LANGUAGES",
    "ROOT",
    "expand_snippets",
    "fence_language",
    "markdown_settings",
    "new_markdown",
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
