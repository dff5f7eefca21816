"""Where things are: the project's folders and files, and its list of pages.

A leaf module (standard library only) that every other module of the build,
and the tests, import their paths from.
"""

from pathlib import Path

__all__ = [
    "BENCHMARK",
    "BUILD",
    "DEFAULT_OUT",
    "DOCS",
    "NOTEBOOKS",
    "PACKAGE",
    "RECORDED_BENCHMARK",
    "ROOT",
    "ZH_DOCS",
    "language",
    "pages",
]

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "code" / "softmax_regression"  # the code the pages show
BUILD = Path(__file__).resolve().parent  # this build step's own source
DOCS = ROOT / "docs"
NOTEBOOKS = ROOT / "notebooks"  # sources of the executed notebooks
BENCHMARK = ROOT / "benchmarks" / "results.json"  # the last `make bench` (git-ignored)
RECORDED_BENCHMARK = ROOT / "benchmarks" / "recorded" / "results.json"  # a full run, committed
DEFAULT_OUT = DOCS / "generated"
ZH_DOCS = DOCS / "zh"  # the Chinese edition's pages (mkdocs.zh.yml)


def pages() -> list[Path]:
    """The site's Markdown pages, English (``docs/``) then Chinese (``docs/zh/``).

    Not the build's own fragments: ``docs/zh/generated`` is a link to the
    Chinese outputs, not a folder of pages.
    """
    return sorted(DOCS.glob("*.md")) + sorted(ZH_DOCS.glob("*.md"))


def language(page: Path) -> str:
    """The edition a page belongs to: ``"zh"`` under ``docs/zh/``, else ``"en"``."""
    return "zh" if page.parent == ZH_DOCS else "en"
