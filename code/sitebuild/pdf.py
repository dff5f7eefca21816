"""``python -m sitebuild.pdf``: the whole book as one PDF per edition, printed by Chromium.

For each MkDocs config given (an edition; default ``mkdocs.yml``): serve its
built site on 127.0.0.1 with the book's own page (:mod:`sitebuild.book`), open
it in Chromium in the light palette and print media, fill it with every page of
the navigation in order (``book.js``), and print it with Chromium's own PDF
writer, page numbers from the print stylesheet. Chromium names a destination
after every element a link points to, so the print tells each chapter's page:
the contents' page numbers are printed alone, in the same layout, and pypdf
lays them over the book's first pages, writes the outline from the headings
and fills in the metadata (:mod:`sitebuild.pdf_finish`). Nothing but the local
site is fetched: Chromium resolves no other host name, and a request to one
fails the book.

The book goes to ``<docs_dir>/downloads/softmax-regression-<language>.pdf``
(git-ignored), which the next site build copies, and the index page's line
offering it is rewritten (:mod:`sitebuild.downloads`). ``make pdf`` builds the
site before, and again after.
"""

import argparse
import contextlib
import functools
import http.server
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sitebuild import book, downloads, pdf_finish
from sitebuild.cache import atomic_write
from sitebuild.paths import ROOT

__all__ = ["BookError", "Edition", "commit", "main", "print_book", "serve"]

PROG = "python -m sitebuild.pdf"
#: the CHROMIUM environment variable (CI sets it to Playwright's build), else Debian's chromium
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # no network: only the local site
]
BOOK = "__book__.html"  # served from memory, at the root of the site


class BookError(RuntimeError):
    """The book could not be printed as it should be: a missing page, math or figure."""


def commit(root: Path = ROOT) -> str:
    """The commit the book is built from, ``a165ae3``, and ``+ local changes`` if the tree differs."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()

    try:
        head = git("rev-parse", "--short", "HEAD")
        return f"{head} + local changes" if git("status", "--porcelain") else head
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


@contextlib.contextmanager
def serve(folder: Path, extra: dict[str, bytes] | None = None) -> Iterator[str]:
    """Serve ``folder``, and the pages of ``extra`` from memory, on 127.0.0.1 from a thread; yield its URL."""
    extra = extra or {}

    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self) -> None:
            body = extra.get(self.path.lstrip("/"))
            if body is None:
                return super().do_GET()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class Edition:
    """What one MkDocs config says about its book."""

    config: Path
    title: str
    description: str
    language: str
    site_url: str | None
    docs: Path  # docs_dir: the PDF goes to its downloads/
    site: Path  # the built site to print
    chapters: list[book.Chapter]

    @classmethod
    def read(cls, config_file: Path, site: Path | None = None) -> "Edition":
        from mkdocs.config import load_config

        config = load_config(str(config_file))
        return cls(
            config=config_file,
            title=config["site_name"],
            description=config["site_description"] or "",
            language=config["theme"]["language"] or "en",
            site_url=config["site_url"],
            docs=Path(config["docs_dir"]),
            site=site or Path(config["site_dir"]),
            chapters=book.chapters(config["nav"], config["use_directory_urls"]),
        )


def print_book(browser, edition: Edition, built: str, stamp: str) -> tuple[bytes, dict]:
    """Fill the book with the edition's pages in Chromium, print it and finish it with pypdf.

    Return the PDF and a report: what ``book.js`` counted, the pages, the
    seconds of each step. The contents get their page numbers from the print:
    printed alone, nothing else shown, in the same layout, they are laid over
    the book's first pages (:mod:`sitebuild.pdf_finish`).
    """
    from playwright.sync_api import Error as PlaywrightError

    html = book.shell(
        title=edition.title,
        description=edition.description,
        language=edition.language,
        built=built,
        commit=stamp,
        book=edition.chapters,
        site_url=edition.site_url,
    )
    # The light palette for the figures; the layout as wide as the printed text.
    viewport = {"width": book.text_width(), "height": 1000}
    context = browser.new_context(color_scheme="light", viewport=viewport)
    page = context.new_page()
    page.emulate_media(media="print")
    problems = _watch(page)
    seconds, clock = {}, time.perf_counter()
    try:
        with serve(edition.site, {BOOK: html.encode()}) as base:
            page.goto(base + BOOK, wait_until="load")
            try:
                report = page.evaluate(
                    book.BOOK_JS.read_text(encoding="utf-8"), {"siteUrl": edition.site_url}
                )
            except PlaywrightError as error:  # a page missing from the site, or no article in it
                raise BookError(error.message) from None
            if report["unrendered"] or report["mathErrors"]:
                problems.append(
                    f"math left unrendered: {report['unrendered']}, {report['mathErrors']} errors"
                )
            problems += [f"figure did not load: {src}" for src in report["brokenImages"]]
            problems += [f"wider than the page: {element}" for element in report["tooWide"]]
            if problems:
                raise BookError("; ".join(problems))
            seconds["fill"], clock = time.perf_counter() - clock, time.perf_counter()
            options = {"print_background": True, "prefer_css_page_size": True}
            printed = pdf_finish.Printed(page.pdf(**options))
            seconds["print"], clock = time.perf_counter() - clock, time.perf_counter()
            pages = printed.page_numbers()
            page.evaluate(_NUMBERS_ONLY, pages)
            numbers = page.pdf(prefer_css_page_size=True)  # no background: it lies over the book
    finally:
        context.close()
    front = pages[report["first"]] - 1  # the pages before the first chapter or section
    if pdf_finish.page_count(numbers) != front:
        raise BookError(f"the contents alone do not take the {front} pages they take in the book")
    info = {"/Subject": edition.description, "/Commit": stamp}
    pdf, report["pages"] = printed.finish(numbers, report.pop("outline"), info)
    seconds["finish"] = time.perf_counter() - clock
    report["seconds"] = seconds
    return pdf, report


#: shows nothing but the page numbers of the contents, in their places (book.css)
_NUMBERS_ONLY = """numbers => {
    for (const span of document.querySelectorAll("[data-page-of]")) {
        span.textContent = numbers[span.dataset.pageOf] ?? "";
    }
    document.body.classList.add("sr-book-numbers-only");
}"""


def _watch(page) -> list[str]:
    """Record what goes wrong while the book loads: script errors, failed or outside requests."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url} {r.failure}"))
    page.on(
        "request",
        lambda r: (
            None
            if r.url.startswith(("http://127.0.0.1:", "data:", "blob:"))
            else problems.append(f"request to another host: {r.url}")
        ),
    )
    return problems


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0])
    parser.add_argument(
        "configs",
        nargs="*",
        type=Path,
        default=[ROOT / "mkdocs.yml"],
        metavar="CONFIG",
        help="the MkDocs config of each edition to print (default: mkdocs.yml)",
    )
    parser.add_argument(
        "--site", type=Path, help="the built site to print (default: the config's site_dir)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="the PDF to write (default: downloads/softmax-regression-<language>.pdf in docs_dir)",
    )
    args = parser.parse_args(argv)
    if (args.site or args.out) and len(args.configs) > 1:
        parser.error("--site and --out name one edition's site and PDF: give one config")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Print the book of every edition given; return the exit status."""
    args = parse_args(argv)
    if not Path(CHROMIUM).exists():
        _error(f"no Chromium at {CHROMIUM}; `make browser` installs Debian's")
        return 1
    from playwright.sync_api import sync_playwright

    # Chromium's trailer counts fewer objects than its PDF holds; pypdf reads them
    # all anyway, and would say so on every read.
    logging.getLogger("pypdf").setLevel(logging.ERROR)

    built, stamp = date.today().isoformat(), commit()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for config_file in args.configs:
            started = time.perf_counter()
            edition = Edition.read(config_file, args.site)
            if not (edition.site / "index.html").is_file():
                _error(f"no built site in {edition.site}; `make site` builds it")
                return 1
            try:
                pdf, report = print_book(browser, edition, built, stamp)
            except BookError as error:
                _error(f"{config_file.name}: {error}")
                return 1
            out = args.out or downloads.pdf_path(edition.docs, edition.language)
            with atomic_write(out, "wb") as file:
                file.write(pdf)
            if args.out is None:
                downloads.write_link(edition.docs, edition.language)
            steps = ", ".join(f"{step} {t:.1f} s" for step, t in report["seconds"].items())
            print(
                f"pdf: {out}: {report['pages']} pages, {len(pdf) / 2**20:.1f} MiB, "
                f"{report['chapters']} chapters, {report['math']} formulas "
                f"in {time.perf_counter() - started:.1f} s ({steps})"
            )
        browser.close()
    return 0


def _error(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
