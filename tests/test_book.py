"""The pieces of the PDF that need no browser: the book's order and HTML, the download line.

The printed book itself is tested in ``tests/test_pdf.py``.
"""

import re
from pathlib import Path

import pytest
from mkdocs.config import load_config
from pypdf import PdfWriter

from sitebuild import book, downloads, pdf
from sitebuild.paths import ROOT


@pytest.fixture(scope="module")
def config():
    return load_config(str(ROOT / "mkdocs.yml"))


def _nav_pages(entries: list) -> list[str]:
    """Every page of a ``nav`` setting, depth first."""
    found = []
    for entry in entries:
        target = next(iter(entry.values())) if isinstance(entry, dict) else entry
        found += _nav_pages(target) if isinstance(target, list) else [target]
    return found


def test_the_book_has_every_page_of_the_navigation_in_its_order(config):
    chapters = book.chapters(config["nav"], config["use_directory_urls"])
    sources = _nav_pages(config["nav"])
    assert [c.path for c in chapters] == [re.sub(r"\.(md|ipynb)$", ".html", s) for s in sources]
    assert len({c.key for c in chapters}) == len(chapters)
    parts = {c.key: c.part for c in chapters}
    assert parts["index"] is None and parts["generated-train"] is None
    assert parts["softmax"] == "The model" and parts["calibration"] == "Beyond the training set"


def test_a_page_is_found_where_mkdocs_builds_it():
    assert book.page_path("softmax.md", use_directory_urls=False) == "softmax.html"
    assert book.page_path("generated/train.ipynb", False) == "generated/train.html"
    assert book.page_path("softmax.md", use_directory_urls=True) == "softmax/index.html"
    assert book.page_path("index.md", True) == "index.html"
    assert book.page_path("part/index.md", True) == "part/index.html"


def test_sections_of_sections_and_links_to_other_sites_are_handled():
    nav = [
        {"Home": "index.md"},
        {"Part": ["a.md", {"Inner": ["b/c.md"]}]},
        {"Elsewhere": "https://example.org/"},
    ]
    assert book.chapters(nav) == [
        book.Chapter("index", "index.html", None),
        book.Chapter("a", "a.html", "Part"),
        book.Chapter("b-c", "b/c.html", "Part"),
    ]


def test_the_book_html_has_a_title_page_contents_parts_and_a_section_per_chapter(config):
    chapters = book.chapters(config["nav"])
    html = book.shell(
        title="A title",
        description="A description",
        language="en",
        built="2026-01-02",
        commit="abc1234 + local changes",
        book=chapters,
    )
    assert "Built on 2026-01-02 from commit abc1234 + local changes." in html
    for chapter in chapters:
        assert (
            f'<section class="sr-book-chapter" id="{chapter.key}" data-path="{chapter.path}"'
            in html
        )
        assert f'href="#{chapter.key}"' in html  # the contents link to it
    parts = re.findall(
        r'<section class="sr-book-part md-typeset" id="(part-\d+)"><h1>([^<]+)</h1>', html
    )
    assert [title for _, title in parts] == [
        "The model",
        "The loss",
        "Training",
        "Beyond the training set",
    ]
    assert html.index(">Contents<") < html.index('id="index"') < html.index('id="part-2"')
    assert "Online" not in html  # no site_url, no address to give


def test_the_book_renders_math_with_the_sites_own_katex(config):
    assert set(book.MATH_SCRIPTS) <= {str(script) for script in config["extra_javascript"]}


def test_the_book_is_laid_out_as_wide_as_the_printed_text():
    assert book.text_width() == round((210 - 2 * 17) / 25.4 * 96) == 665


def test_the_commit_names_local_changes_or_says_it_is_unknown(tmp_path):
    assert re.fullmatch(r"[0-9a-f]{7,}( \+ local changes)?", pdf.commit())
    assert pdf.commit(tmp_path) == "unknown"  # not a repository


def _pdf(path: Path, pages: int, commit: str) -> None:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Commit": commit, "/CreationDate": "D:20260102030405+00'00'"})
    path.parent.mkdir(parents=True)
    with path.open("wb") as file:
        writer.write(file)


def test_the_index_page_offers_the_pdf_only_once_it_is_built(tmp_path):
    assert downloads.write_link(tmp_path, "en") == ""
    assert downloads.link_path(tmp_path, "en").read_text() == ""
    pdf_file = downloads.pdf_path(tmp_path, "en")
    _pdf(pdf_file, pages=3, commit="abc1234")
    line = downloads.write_link(tmp_path, "en")
    assert "[softmax-regression-en.pdf](downloads/softmax-regression-en.pdf)" in line
    assert "3 pages" in line and "built 2026-01-02 from commit abc1234" in line
    assert line.endswith("\n{: .sr-pdf-download }\n")  # hidden when the page is printed
    assert downloads.link_path(tmp_path, "en").read_text() == line


def test_the_print_stylesheet_hides_the_download_line():
    css = (ROOT / "docs" / "stylesheets" / "print.css").read_text()
    assert ".sr-pdf-download" in css
    assert "stylesheets/print.css" in (ROOT / "mkdocs.yml").read_text()


def test_glyphs_named_as_cjk_radicals_are_mapped_to_the_ideographs():
    from sitebuild.pdf_finish import to_unicode, unified

    cmap = (
        "2 beginbfchar\n<0003> <0020>\n<0010> <2F8F>\nendbfchar\n"  # space, KANGXI RADICAL WALK
        "2 beginbfrange\n<0020> <0022> <2F00>\n<0030> <0031> [<2EDA> <0041>]\nendbfrange\n"
    )
    mapping = to_unicode(cmap)
    assert mapping == {
        "0003": " ",
        "0010": "\u2f8f",
        "0020": "\u2f00",
        "0021": "\u2f01",
        "0022": "\u2f02",
        "0030": "\u2eda",
        "0031": "A",
    }
    assert unified("".join(mapping.values())) == " 行一丨\u4e36页A"  # 丶: U+4E36
    assert unified("softmax 回归：页 ⻚ ⾏") == "softmax 回归：页 页 行"
