"""The book: every page of a built site, in navigation order, as one HTML document.

:func:`chapters` reads the order from the ``nav`` of ``mkdocs.yml``;
:func:`shell` writes the document around them: the title page, the contents,
a page for each navigation section, and an empty section per chapter, which
``book.js`` fills in the browser with the chapter's article as the site built
it. Standard library only: this module decides what the book holds and in
which order, :mod:`sitebuild.pdf` drives Chromium.
"""

import html
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "BOOK_JS",
    "MARGINS_MM",
    "MATH_SCRIPTS",
    "PAGE_MM",
    "WORDS",
    "Chapter",
    "chapters",
    "page_path",
    "shell",
    "text_width",
]

#: the browser side: fetches every chapter into the book (run by :mod:`sitebuild.pdf`)
BOOK_JS = Path(__file__).with_name("book.js")
#: the site's own KaTeX and the script that renders its math (``extra_javascript``)
MATH_SCRIPTS = ("assets/katex/katex.min.js", "javascripts/katex.js")
_CSS = Path(__file__).with_name("book.css")
#: the printed page, in millimetres: A4, and its margins (top, sides, bottom)
PAGE_MM = (210, 297)
MARGINS_MM = (18, 17, 20)

#: the book's own words, by the edition's language (``theme.language``); English for any other
WORDS = {
    "en": {
        "contents": "Contents",
        "built": "Built on {date} from commit {commit}.",
        "online": "Online, with the interactive figures:",
    },
    "zh": {
        "contents": "目录",
        "built": "构建于 {date}，提交 {commit}。",
        "online": "在线版本（含交互图）：",
    },
}


@dataclass(frozen=True)
class Chapter:
    """One page of the site, as a chapter of the book."""

    key: str  # its id in the book, from its path: "softmax", "generated-train"
    path: str  # its built page, relative to the site: "softmax.html"
    part: str | None  # the navigation section it belongs to, if any


def text_width() -> int:
    """The width of the printed text in CSS pixels (96 to the inch).

    Chromium lays the book out at this width (the viewport of sitebuild.pdf):
    anything wider would make it shrink every page to fit.
    """
    return round((PAGE_MM[0] - 2 * MARGINS_MM[1]) / 25.4 * 96)


def page_path(source: str, use_directory_urls: bool) -> str:
    """The built page of a source page: ``softmax.md`` -> ``softmax.html`` (or ``softmax/index.html``)."""
    stem = source.rsplit(".", 1)[0]
    if not use_directory_urls or stem == "index" or stem.endswith("/index"):
        return f"{stem}.html"
    return f"{stem}/index.html"


def chapters(nav: list, use_directory_urls: bool = False) -> list[Chapter]:
    """The pages of a ``nav`` setting in reading order; a section's pages name it as their part.

    Pages nested deeper than a section belong to the top-level section;
    links to other sites (``Title: https://...``) are not pages and are left out.
    """
    found: list[Chapter] = []

    def walk(entries: list, part: str | None) -> None:
        for entry in entries:
            title, target = next(iter(entry.items())) if isinstance(entry, dict) else (None, entry)
            if isinstance(target, list):
                walk(target, part or title)
            elif "://" not in target:
                key = target.rsplit(".", 1)[0].replace("/", "-")
                found.append(Chapter(key, page_path(target, use_directory_urls), part))

    walk(nav, None)
    return found


def _parts(book: list[Chapter]) -> list[tuple[str | None, list[Chapter]]]:
    """The chapters grouped as the navigation shows them: runs of one part, or one chapter alone."""
    groups: list[tuple[str | None, list[Chapter]]] = []
    for chapter in book:
        if chapter.part is not None and groups and groups[-1][0] == chapter.part:
            groups[-1][1].append(chapter)
        else:
            groups.append((chapter.part, [chapter]))
    return groups


def _entry(chapter: Chapter) -> str:
    # book.js writes the chapter's title in; sitebuild.pdf, its page number
    return (
        f'<li><a href="#{chapter.key}"><span data-title-of="{chapter.key}"></span>'
        f'<span class="sr-book-page" data-page-of="{chapter.key}"></span></a></li>'
    )


def shell(
    *,
    title: str,
    description: str,
    language: str,
    built: str,
    commit: str,
    book: list[Chapter],
    site_url: str | None = None,
) -> str:
    """The book's HTML, with an empty ``<section>`` per chapter for ``book.js`` to fill."""
    e = html.escape
    words = WORDS.get(language, WORDS["en"])
    contents, body = [], []
    for number, (part, members) in enumerate(_parts(book), start=1):
        if part is None:
            contents.append(_entry(members[0]))
        else:
            entries = "".join(_entry(c) for c in members)
            contents.append(
                f'<li class="sr-book-part-entry"><a href="#part-{number}">{e(part)}</a>'
                f"<ol>{entries}</ol></li>"
            )
            body.append(
                f'<section class="sr-book-part md-typeset" id="part-{number}">'
                f"<h1>{e(part)}</h1><ol>{entries}</ol></section>"
            )
        for chapter in members:
            body.append(
                f'<section class="sr-book-chapter" id="{chapter.key}" '
                f'data-path="{e(chapter.path)}" data-in-part="{str(part is not None).lower()}"></section>'
            )
    online = (
        f'<p>{e(words["online"])} <a href="{e(site_url)}">{e(site_url)}</a></p>' if site_url else ""
    )
    scripts = "".join(f'<script src="{e(src)}"></script>' for src in MATH_SCRIPTS)
    return f"""<!doctype html>
<html lang="{e(language)}">
<head>
<meta charset="utf-8">
<title>{e(title)}</title>
<script>
  // The site's katex.js renders the math of each page Material's instant navigation
  // emits on document$; the book has no Material script, so it keeps the renderer
  // and calls it once every chapter is in (book.js).
  window.document$ = {{ subscribe: (render) => {{ window.renderMath$ = render; }} }};
</script>
{scripts}
<style>
@page {{
  size: {PAGE_MM[0]}mm {PAGE_MM[1]}mm;
  margin: {MARGINS_MM[0]}mm {MARGINS_MM[1]}mm {MARGINS_MM[2]}mm;
}}
{_CSS.read_text(encoding="utf-8")}
</style>
</head>
<body>
<div class="md-typeset sr-book-title">
  <p class="sr-book-name">{e(title)}</p>
  <p class="sr-book-description">{e(description)}</p>
  <p class="sr-book-stamp">{e(words["built"].format(date=built, commit=commit))}</p>
  {online}
</div>
<nav class="md-typeset sr-book-contents" id="contents">
  <h1>{e(words["contents"])}</h1>
  <ol>{"".join(contents)}</ol>
</nav>
{"".join(body)}
</body>
</html>
"""
