"""The site builds with Zensical, Material for MkDocs' successor, from the same ``mkdocs.yml``.

MkDocs stays the build of record; this test keeps the switch open. Zensical skips the
plugins and settings it does not know (mkdocs-jupyter) without a word, and its strict
mode covers only its own link checks, so the test reads what it wrote: every chapter
page, snippets expanded, KaTeX math, the figures, the notebook download button, as much
of each as MkDocs' build has, and links that resolve.
"""

import importlib.metadata
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from mkdocs.config import load_config

from tests.test_links import check_links

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
ZENSICAL = Path(sys.executable).with_name("zensical")

#: the nav entries Zensical does not build as pages, and why; the README lists them too
KNOWN_MISSING = {
    "generated/train.ipynb": "a notebook page needs mkdocs-jupyter, a plugin Zensical does not run",
}

#: what the site shows, counted in each page's article: the same in both builds
FEATURES = {
    "math": r'class="arithmatex"',
    "figures": r"<img\b",
    "Python blocks": r'class="language-python',
    "admonitions": r'class="admonition\b',
    "tabs": r'class="tabbed-set\b',
    "tables": r"<table\b",
}


def nav_pages(entries) -> list[str]:
    """The source paths of the nav, in order."""
    found = []
    for entry in entries:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        found += nav_pages(value) if isinstance(value, list) else [value]
    return found


CHAPTERS = [
    page
    for page in nav_pages(load_config(str(ROOT / "mkdocs.yml"))["nav"])
    if page not in KNOWN_MISSING
]


def html_of(page: str) -> str:
    return re.sub(r"\.(md|ipynb)$", ".html", page)  # use_directory_urls: false


def article(path: Path) -> str:
    return article_text(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    """The site built by the pinned Zensical into a temporary folder.

    Zensical writes only inside its config file's folder (``site_dir`` must lie
    within the project) and keeps a cache there, so it builds a copy of what the
    site reads: the config, the pages, the overrides and the code the pages embed.
    """
    pinned = re.search(r"^zensical==(\S+)", (ROOT / "requirements.txt").read_text(), re.M)
    assert pinned and importlib.metadata.version("zensical") == pinned.group(1)
    project = tmp_path_factory.mktemp("zensical")
    for config in ("mkdocs.yml", "mkdocs.zh.yml"):
        shutil.copy(ROOT / config, project)
    for folder in ("docs", "overrides", "code", "search"):
        shutil.copytree(
            ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    # Zensical appends inherited lists where MkDocs replaces them: the Chinese
    # configuration goes to it merged as MkDocs merges it (sitebuild.configs).
    from sitebuild.configs import flatten

    (project / "mkdocs.zh.flat.yml").write_text(flatten(project / "mkdocs.zh.yml"))
    # both editions, as `make site` builds them: the English one first, into site/
    for command in (["build", "--clean"], ["build", "--config-file", "mkdocs.zh.flat.yml"]):
        build = subprocess.run(
            [str(ZENSICAL), *command], cwd=project, capture_output=True, text=True
        )
        assert build.returncode == 0, build.stdout + build.stderr
    return project / "site"


def test_every_chapter_page_is_built(zensical_site):
    missing = [page for page in CHAPTERS if not (zensical_site / html_of(page)).is_file()]
    assert len(CHAPTERS) > 10 and missing == []


def test_the_known_exceptions_are_still_missing(zensical_site):
    """When Zensical builds one of them, remove it from KNOWN_MISSING and from the README."""
    built = [page for page in KNOWN_MISSING if (zensical_site / html_of(page)).exists()]
    assert built == []


@pytest.mark.parametrize("page", CHAPTERS)
def test_a_chapter_has_its_snippets_math_figures_and_download(zensical_site, page):
    path = zensical_site / html_of(page)
    text, shown = path.read_text(encoding="utf-8"), article(path)
    assert "--8&lt;--" not in shown and "--8<--" not in shown  # every include expanded
    # KaTeX: the site's own copy, loaded and present in the output
    for script in ("assets/katex/katex.min.js", "javascripts/katex.js"):
        assert re.search(rf'<script src="(\./)?{script}"', text), script
        assert (zensical_site / script).is_file()
    assert (zensical_site / "assets/katex/katex.min.css").is_file()
    for src in re.findall(r'<img\b[^>]*\bsrc="([^"]+)"', shown):
        assert (path.parent / unquote(urlsplit(src).path)).is_file(), src  # "x.svg#only-light"
    download = re.findall(r'<a href="([^"]+)" download[^>]*notebook-download', shown)
    assert len(download) == 1 and download[0].endswith(
        f"generated/notebooks/{Path(page).stem}.ipynb"
    )
    assert (path.parent / download[0]).is_file()


def test_the_chinese_edition_is_built_in_chinese(zensical_site):
    for page in CHAPTERS:
        text = (zensical_site / "zh" / html_of(page)).read_text(encoding="utf-8")
        assert '<html lang="zh"' in text and "--8<--" not in article_text(text), page
        assert re.search(r"[\u4e00-\u9fff]{10}", article_text(text)), page


def article_text(html: str) -> str:
    match = re.search(r'<article class="md-content__inner md-typeset">(.*)</article>', html, re.S)
    assert match
    return match.group(1)


def test_the_chapters_show_what_the_mkdocs_build_shows(zensical_site, built_site):
    different = []
    for page in [*CHAPTERS, *(f"zh/{page}" for page in CHAPTERS)]:
        ours, theirs = article(built_site / html_of(page)), article(zensical_site / html_of(page))
        for name, pattern in FEATURES.items():
            expected, found = len(re.findall(pattern, ours)), len(re.findall(pattern, theirs))
            if expected != found:
                different.append(f"{page}: {name}: MkDocs {expected}, Zensical {found}")
    assert different == []
    total = {
        name: sum(len(re.findall(p, article(zensical_site / html_of(page)))) for page in CHAPTERS)
        for name, p in FEATURES.items()
    }
    assert total["math"] > 1000 and total["figures"] > 20, total  # the pages are not empty


def test_every_internal_link_resolves(zensical_site):
    broken, external, checked = check_links(zensical_site)
    assert checked > 500 and broken == [] and external == []
