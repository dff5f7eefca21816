"""What the browser tests share: Chromium, its flags, and a page visit that records problems.

The fixtures ``site`` (the built site served on 127.0.0.1) and ``browser``
(Chromium through Playwright) live in ``tests/conftest.py``, one of each per
session.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

__all__ = ["ARGS", "CHROMIUM", "needs_chromium", "visit"]

#: the CHROMIUM environment variable (CI sets it to Playwright's build), else Debian's chromium
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: the marks of every browser test module
needs_chromium = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="BROWSER TESTS SKIPPED: no Chromium; install Debian's chromium (make test does as root) or set CHROMIUM",
    ),
]


def visit(browser, url: str, scheme: str, width: int = 1280):
    """Open ``url`` in a fresh context; return the page and what went wrong while loading it."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
    page = context.new_page()
    problems = []
    host = re.match(r"http://[^/]+/", url).group(0)
    page.on(
        "console",
        lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url} {r.failure}"))
    page.on(
        "response",
        lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
    )
    page.on(
        "request",
        lambda r: (
            None
            if r.url.startswith((host, "data:", "blob:"))
            else problems.append(f"request to another host: {r.url}")
        ),
    )
    page.goto(url, wait_until="networkidle")
    return page, problems
