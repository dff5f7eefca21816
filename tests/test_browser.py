"""Every page in a real browser (Debian's Chromium through Playwright), served from 127.0.0.1.

For every page, in the light and the dark palette: the math is rendered by
KaTeX with no raw TeX left, every image loads, the console has no error, no
request fails and none leaves the local server. A full-page screenshot of each
goes to build/screenshots/ (the first screen only, in the dark palette).
Skipped, loudly, only where Chromium is missing.
"""

import json
import re
from urllib.parse import urljoin

import nbformat
import pytest

from sitebuild.paths import language
from tests.browser import needs_chromium, visit
from tests.pages import ROOT, pages

SCREENSHOTS = ROOT / "build" / "screenshots"
#: every page of both editions: the Chinese one is built into zh/ (tests/conftest.py)
URLS = [f"{'zh/' if language(p) == 'zh' else ''}{p.stem}.html" for p in pages()] + [
    "generated/train.html",
    "zh/generated/train.html",
]
RAW_TEX = re.compile(r"\$\$|\\\(|\\\)|\\\[|\\\]|\\frac|\\sum|\\mathbf")

pytestmark = needs_chromium


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", URLS, ids=[u.removesuffix(".html") for u in URLS])
def test_page_renders_completely_and_offline(site, browser, path, scheme):
    page, problems = visit(browser, site + path, scheme)
    content = page.locator("article.md-content__inner")
    assert page.locator(".katex-error").count() == 0, "KaTeX could not render a formula"
    if page.locator(".arithmatex").count():
        assert page.locator(".katex").count() > 0, "the page has math but KaTeX rendered none"
    text = content.evaluate("""node => {
        const copy = node.cloneNode(true);
        copy.querySelectorAll('.katex, code, pre, script, style, .jp-CodeCell, .jp-OutputArea').forEach(e => e.remove());
        return copy.innerText;
    }""")
    assert not RAW_TEX.findall(text), f"raw TeX left on the page: {RAW_TEX.findall(text)[:5]}"
    # the table of contents repeats the headings as plain text: math there stays raw TeX
    toc = " ".join(page.locator("nav.md-nav--secondary").all_text_contents())
    assert not RAW_TEX.findall(toc), f"raw TeX in the table of contents: {RAW_TEX.findall(toc)}"
    broken = page.evaluate("""() => [...document.images]
        .filter(img => !img.complete || img.naturalWidth === 0).map(img => img.src)""")
    assert broken == [], f"images that did not load: {broken}"
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == (
        "default" if scheme == "light" else "slate"
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # The whole page in the light palette, the first screen in the dark one: a
    # full-page screenshot of a long page costs seconds, and the content is the same.
    page.screenshot(
        path=SCREENSHOTS / f"{path.removesuffix('.html').replace('/', '-')}-{scheme}.png",
        full_page=scheme == "light",
    )
    page.context.close()
    assert problems == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("LogSumExp", "stability.html"),
        ("cross-entropy", "cross_entropy.html"),
        # the Chinese edition's own index, segmented by jieba at build time
        ("交叉熵", "zh/cross_entropy.html"),
        ("数值稳定性", "zh/stability.html"),
        ("标签偏移", "zh/distribution_shift.html"),
        ("LogSumExp", "zh/stability.html"),
    ],
)
def test_search_finds(site, browser, query, expected):
    page, problems = visit(browser, site + ("zh/" if expected.startswith("zh/") else ""), "light")
    search = page.locator("input.md-search__input")
    search.click()
    if query.isascii():
        search.press_sequentially(query, delay=20)  # key events, as a reader types
    else:
        # An input method commits CJK text at once; press_sequentially would send no
        # keyup for it, and Material's search listens for keyup.
        search.fill(query)
        search.press("End")
    found = """expected => [...document.querySelectorAll('a.md-search-result__link')]
        .some(link => new URL(link.href).pathname.endsWith('/' + expected))"""
    page.wait_for_function(
        found, arg=expected, timeout=10_000
    )  # results update as the reader types
    page.context.close()
    assert problems == []


@pytest.mark.parametrize(
    ("start", "choice", "expected"),
    [
        ("softmax.html", "中文", "zh/softmax.html"),
        ("zh/calibration.html", "English", "calibration.html"),
        ("generated/train.html", "中文", "zh/generated/train.html"),
        ("zh/index.html", "English", "index.html"),
    ],
)
def test_the_language_switch_keeps_the_reader_on_the_same_page(
    site, browser, start, choice, expected
):
    page, problems = visit(browser, site + start, "light")
    assert page.evaluate("document.documentElement.lang") == (
        "zh" if start.startswith("zh/") else "en"
    )
    page.locator(".md-header__option .md-select").hover()
    # no <link rel="alternate">: Material's script would race to send the click to the
    # other edition's home (overrides/main.html)
    assert page.locator("link[rel=alternate]").count() == 0
    page.locator("a.md-select__link", has_text=choice).click()
    page.wait_for_load_state("networkidle")
    assert page.url == site + expected
    page.context.close()
    assert problems == []


def test_the_palette_toggle_switches_the_theme(site, browser):
    page, problems = visit(browser, site + "softmax.html", "light")
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function(f"{scheme} === 'slate'")
    page.context.close()
    assert problems == []


@pytest.mark.parametrize("path", ["softmax.html", "generated/train.html"])
def test_the_notebook_download_is_a_valid_notebook(site, browser, path):
    page, problems = visit(browser, site + path, "light")
    link = page.locator("a.notebook-download")
    href = link.get_attribute("href")
    response = page.request.get(urljoin(page.url, href))
    assert response.ok, href
    notebook = nbformat.reads(json.dumps(response.json()), as_version=4)
    nbformat.validate(notebook)
    assert any(cell.cell_type == "code" for cell in notebook.cells)
    page.context.close()
    assert problems == []


#: Material's search, opened from file://, fetches a web-worker shim from unpkg.com: the one request
#: to another host that the site cannot avoid there. Search needs the site served (mkdocs serve, or
#: python -m http.server in site/); everything else works from disk.
FILE_SEARCH_SHIM = "https://unpkg.com/iframe-worker/shim"


def test_the_site_opened_from_disk_works_offline(built_site, browser):
    context = browser.new_context()
    page = context.new_page()
    elsewhere = []
    page.on(
        "request",
        lambda r: (
            None if r.url.startswith(("file:", "data:", "blob:")) else elsewhere.append(r.url)
        ),
    )
    page.goto((built_site / "index.html").as_uri(), wait_until="networkidle")
    page.locator("nav.md-nav a", has_text="The gradient").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/gradient.html")
    assert page.locator(".katex").count() > 100 and page.locator(".katex-error").count() == 0
    page.goto((built_site / "evaluation.html").as_uri(), wait_until="networkidle")
    loaded = page.evaluate("[...document.images].map(i => i.complete && i.naturalWidth > 0)")
    assert loaded and all(loaded)
    context.close()
    assert set(elsewhere) <= {FILE_SEARCH_SHIM}, elsewhere
