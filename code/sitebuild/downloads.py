"""The index page's offer of the book as a PDF: a line naming it once it is built, else nothing.

``docs/index.md`` includes ``docs/generated/pdf-en.md``, ``docs/zh/index.md``
``docs/generated/zh/pdf-zh.md``. ``make figures`` writes
it (``python -m sitebuild.downloads``) before anything reads the pages, so it
exists for every build and test, empty while there is no PDF; ``make pdf``
(:mod:`sitebuild.pdf`) rewrites it after printing. The line is computed from
the PDF itself (its size, its pages and the commit in its metadata), so the
two cannot disagree. Standard library only, and pypdf when there is a PDF.
"""

import argparse
from collections.abc import Sequence
from pathlib import Path

from sitebuild.cache import write_text
from sitebuild.paths import DOCS

__all__ = ["NAME", "link_line", "link_path", "main", "pdf_path", "write_link"]

NAME = "softmax-regression"

#: the line, by the edition's language; English for any other
LINE = {
    "en": (
        "The whole book as one PDF, to read offline or print: [{file}]({href}) "
        "({pages} pages, {size:.1f} MiB; built {date} from commit {commit})."
    ),
    "zh": (
        "全书的 PDF 版本，可离线阅读或打印：[{file}]({href})"
        "（{pages} 页，{size:.1f} MiB；构建于 {date}，提交 {commit}）。"
    ),
}


def pdf_path(docs: Path, language: str) -> Path:
    """Where ``make pdf`` writes an edition's book: in its docs folder, so its site build copies it."""
    return docs / "downloads" / f"{NAME}-{language}.pdf"


def link_path(docs: Path, language: str) -> Path:
    """The fragment an edition's index page includes.

    ``docs/zh/generated`` is a link to ``docs/generated/zh``, which may not exist yet: resolved.
    """
    return (docs / "generated").resolve() / f"pdf-{language}.md"


def link_line(pdf: Path, language: str) -> str:
    """The Markdown the index page shows for the built ``pdf`` (a link relative to the index page)."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    info = reader.metadata  # sitebuild.pdf writes the commit there; Chromium the date
    line = LINE.get(language, LINE["en"]).format(
        file=pdf.name,
        href=f"downloads/{pdf.name}",
        pages=len(reader.pages),
        size=pdf.stat().st_size / 2**20,
        date=info.creation_date.date().isoformat() if info and info.creation_date else "?",
        commit=info.get("/Commit", "?") if info else "?",
    )
    return f"{line}\n{{: .sr-pdf-download }}\n"


def write_link(docs: Path = DOCS, language: str = "en") -> str:
    """Write the fragment of an edition's index page from its PDF, or empty without one."""
    pdf = pdf_path(docs, language)
    text = link_line(pdf, language) if pdf.is_file() else ""
    write_text(link_path(docs, language), text)
    return text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sitebuild.downloads", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--docs", type=Path, default=DOCS, help="the docs folder (default: docs)")
    parser.add_argument("--language", default="en", help="the edition's language (default: en)")
    args = parser.parse_args(argv)
    text = write_link(args.docs, args.language)
    print(f"downloads: {text.splitlines()[0] if text else 'no PDF built (make pdf)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
