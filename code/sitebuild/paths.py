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


def pages() -> list[Path]:
    """The site's Markdown pages (not the build's own fragments)."""
    return sorted(p for p in DOCS.rglob("*.md") if DEFAULT_OUT not in p.parents)
