"""The book as a PDF, printed by Chromium from the built site, read back with pypdf.

``python -m sitebuild.pdf`` runs once, as ``make pdf`` runs it, on the session's
built site, into a temporary folder: an outline entry for every page of the
navigation, under its section; the contents giving each chapter's page; the
words of every chapter and its rendered math in the text; links between pages
that land inside the PDF; no blank page; no step gone slow. And the print
stylesheet, on a page of the site: no widgets, the light figures, whole formulas.
Skipped, loudly, only where Chromium is missing.
"""

import html.parser
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from mkdocs.config import load_config
from pypdf import PdfReader

from sitebuild import book
from sitebuild.paths import ROOT
from tests.browser import needs_chromium, visit

pytestmark = needs_chromium

#: TeX that KaTeX would have turned into math
RAW_TEX = re.compile(r"\\\(|\\\[|\\frac|\\sum|\\mathbf|\\hat")


class _Title(html.parser.HTMLParser):
    """The text of a page's first ``<h1>``, without its permalink (``¶``)."""

    def __init__(self) -> None:
        super().__init__()
        self.inside, self.permalink, self.done, self.text = False, False, False, ""

    def handle_starttag(self, tag, attrs):
        if tag == "h1" and not self.done:
            self.inside = True
        elif self.inside and tag == "a":
            self.permalink = {"headerlink", "anchor-link"} & set(
                (dict(attrs).get("class") or "").split()
            )

    def handle_endtag(self, tag):
        if tag == "a":
            self.permalink = False
        elif tag == "h1" and self.inside:
            self.inside, self.done = False, True

    def handle_data(self, data):
        if self.inside and not self.permalink:
            self.text += data


def title_of(page: Path) -> str:
    parser = _Title()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join(parser.text.split())


#: each edition's configuration, where its site is built within the built site, and the
#: words the tests look for: the contents' title (sitebuild.book) and an exercise's solution
EDITIONS = {
    "en": ("mkdocs.yml", ".", {"contents": "Contents", "solution": "Solution"}),
    "zh": ("mkdocs.zh.yml", "zh", {"contents": "目录", "solution": "解答"}),
}


@pytest.fixture(scope="module", params=list(EDITIONS))
def edition(request, built_site) -> tuple[str, Path]:
    """An edition's configuration file and its built site: each book is tested."""
    config, folder, _ = EDITIONS[request.param]
    return config, built_site / folder


@pytest.fixture(scope="module")
def words(edition) -> dict[str, str]:
    return next(w for config, _, w in EDITIONS.values() if config == edition[0])


@pytest.fixture(scope="module")
def chapters(edition) -> list[tuple[book.Chapter, str]]:
    """Every page of the navigation, with the title the site gives it."""
    config_file, site = edition
    config = load_config(str(ROOT / config_file))
    return [
        (chapter, title_of(site / chapter.path))
        for chapter in book.chapters(config["nav"], config["use_directory_urls"])
    ]


@pytest.fixture(scope="module")
def printed(edition, tmp_path_factory) -> tuple[PdfReader, float, str]:
    """The book printed from the built site, the seconds it took, and what the script said."""
    config_file, site = edition
    out = tmp_path_factory.mktemp("pdf") / "book.pdf"
    started = time.perf_counter()
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "sitebuild.pdf",
            config_file,
            "--site",
            str(site),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    assert run.returncode == 0, run.stderr
    return PdfReader(out), seconds, run.stdout


def _outline(reader: PdfReader, items=None) -> list[tuple[str, int, list]]:
    """The outline as (title, page from 1, children)."""
    result = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            result[-1][2].extend(_outline(reader, item))
        else:
            result.append((item.title, reader.get_destination_page_number(item) + 1, []))
    return result


def test_the_book_is_printed_in_minutes_not_more(printed, edition):
    reader, seconds, said = printed
    # `make pdf` prints the book in about 30 s on this two-core machine when it is
    # quiet (it says how long each step took), and three times that when other
    # work shares the cores. This bound leaves room for that, and still catches a
    # step gone wrong: pypdf merging every page instead of two took 5 minutes.
    assert seconds < 180, said
    assert len(reader.pages) > 150
    assert reader.metadata.title == load_config(str(ROOT / edition[0]))["site_name"]
    assert re.fullmatch(r"[0-9a-f]{7,}( \+ local changes)?|unknown", reader.metadata["/Commit"])
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_the_outline_follows_the_navigation(printed, chapters, words):
    reader = printed[0]
    outline = _outline(reader)
    expected = [words["contents"]]
    for chapter, title in chapters:
        if chapter.part is None:
            expected.append(title)
        elif expected[-1] != chapter.part:
            expected.append(chapter.part)
    assert [title for title, _, _ in outline] == expected
    children = {title: [child for child, _, _ in nested] for title, _, nested in outline}
    for chapter, title in chapters:
        if chapter.part is not None:
            assert title in children[chapter.part]
    pages = [page for _, page, _ in outline]
    assert pages == sorted(pages)  # in reading order
    assert any(nested for _, _, nested in outline if nested)  # sections under the chapters


def _lines(page) -> dict[float, list[str]]:
    """The text of a page by the height of its baseline."""
    lines: dict[float, list[str]] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            lines.setdefault(round(tm[5] * cm[3] + cm[5], 1), []).append(text.strip())

    page.extract_text(visitor_text=visit)
    return lines


def _squash(text: str) -> str:
    """Text without spaces: the PDF's text puts Chinese glyphs in chunks of their own, and
    spaces around Latin words inside full-width brackets (自己动手训练（ Train it yourself ）)."""
    return "".join(text.split())


def test_the_contents_give_each_chapter_its_page(printed, chapters, words):
    """Each title of the contents has, on its line, the page its chapter starts on."""
    reader = printed[0]
    parts = {chapter.part for chapter, _ in chapters}
    starts = {}  # the first page of each chapter, from the outline
    for title, page, nested in _outline(reader):
        starts[title] = page
        if title in parts:
            starts.update({child: start for child, start, _ in nested})
    lines = {}
    for index in range(starts[words["contents"]] - 1, starts[chapters[0][1]] - 1):
        lines.update(_lines(reader.pages[index]))
    for _, title in chapters:
        line = next(line for line in lines.values() if _squash(title) in _squash("".join(line)))
        assert _squash("".join(line[:-1])) == _squash(title) and line[-1] == str(starts[title])


def test_every_chapter_and_its_math_are_in_the_text(printed, chapters, words):
    reader = printed[0]
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for _, title in chapters:
        assert _squash(title) in _squash(text), title
    assert "LogSumExp" in text
    assert "∑" in text and "∂" in text  # KaTeX's glyphs: the math is rendered
    assert not RAW_TEX.search(text), RAW_TEX.findall(text)[:5]
    # Chinese copies and searches as the characters shown, not as CJK radicals
    assert not re.search("[\u2e80-\u2fdf]", text), re.findall("[\u2e80-\u2fdf]", text)[:5]
    assert words["solution"] in text  # the exercises' solutions are in, opened


def test_links_between_pages_land_inside_the_pdf(printed):
    reader = printed[0]
    names = set(reader.named_destinations)
    inside, local = 0, []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if "/Dest" in annotation:
                assert annotation["/Dest"] in names
                inside += 1
            elif "/A" in annotation and "127.0.0.1" in annotation["/A"].get("/URI", ""):
                local.append(annotation["/A"]["/URI"])
    assert inside > 100
    assert local == []  # nothing points back to the server the book was printed from


def test_no_page_is_blank(printed):
    reader = printed[0]
    for number, page in enumerate(reader.pages, start=1):
        words = page.extract_text().replace(str(number), "", 1).split()
        drawing = page.get_contents().get_data()
        paths = len(re.findall(rb"\s(?:f|f\*|S|B|B\*|b)\s", drawing))
        assert words or paths > 2 or "/XObject" in page["/Resources"], f"page {number} is blank"


def test_a_printed_page_shows_no_widget_the_light_figures_and_whole_formulas(site, browser):
    page, problems = visit(browser, site + "softmax.html", "dark")
    page.emulate_media(media="print")
    shown = page.evaluate("""() => {
        const display = (selector) => [...document.querySelectorAll(selector)].map(
            (e) => getComputedStyle(e).display);
        return {
            widgets: display(".sr-explorable"),
            light: display('img[src$="#only-light"]'),
            dark: display('img[src$="#only-dark"]'),
            header: display(".md-header"),
            overflow: [...document.querySelectorAll(".katex-display")].map(
                (e) => getComputedStyle(e).overflowX),
        };
    }""")
    assert shown["widgets"] and set(shown["widgets"]) == {"none"}
    assert set(shown["light"]) == {"inline"} and set(shown["dark"]) == {
        "none"
    }  # in the dark palette too
    assert set(shown["header"]) == {"none"}
    assert set(shown["overflow"]) == {"visible"}
    assert problems == []
    page.context.close()
