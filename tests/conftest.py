"""Fixtures shared by the tests."""

import functools
import http.server
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import torch
from hypothesis import settings

from softmax_regression import FashionMNISTData, Split, load_fashion_mnist, locate_fashion_mnist
from softmax_regression.data_files import FILES

# One Hypothesis profile for every test module, whatever order they are collected in.
settings.register_profile("default", deadline=None, max_examples=60)
settings.load_profile("default")


@pytest.fixture(scope="session")
def fashion_mnist() -> FashionMNISTData:
    """The real data set, loaded once for the whole session."""
    return load_fashion_mnist()


@pytest.fixture(scope="session")
def raw_files() -> dict[str, Path]:
    """The four verified, decompressed original files."""
    raw = locate_fashion_mnist() / "FashionMNIST" / "raw"
    return {name: raw / name for name in FILES}


def make_blobs(n: int, seed: int, num_classes: int = 10) -> Split:
    """A small, learnable, synthetic stand-in for Fashion-MNIST: one noisy prototype image per class."""
    generator = torch.Generator().manual_seed(seed)
    prototypes = torch.rand(num_classes, 1, 28, 28, generator=torch.Generator().manual_seed(1234))
    y = torch.randint(0, num_classes, (n,), generator=generator)
    noise = 0.3 * torch.rand(n, 1, 28, 28, generator=generator)
    return Split(X=(0.7 * prototypes[y] + noise).clamp(0, 1), y=y)


@pytest.fixture
def blobs() -> FashionMNISTData:
    """Synthetic data that trains in milliseconds."""
    return FashionMNISTData(
        train=make_blobs(600, seed=1), test=make_blobs(200, seed=2), classes=tuple("abcdefghij")
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The site in both editions, built once with ``mkdocs build --strict`` into a temporary folder.

    The English edition at the folder's root, the Chinese one in ``zh/``, as
    ``make site`` builds them. Each build must succeed and print no warning;
    every test of the built site (links, browser) shares this one build.
    """
    folder = tmp_path_factory.mktemp("site")
    root = Path(__file__).resolve().parents[1]
    for config, site_dir in (("mkdocs.yml", folder), ("mkdocs.zh.yml", folder / "zh")):
        build = subprocess.run(
            [
                *(sys.executable, "-m", "mkdocs", "build", "--strict"),
                *("--config-file", config, "--site-dir", str(site_dir)),
            ],
            cwd=root,
            capture_output=True,
            text=True,
        )
        assert build.returncode == 0, build.stderr
        assert not re.search(r"^WARNING\b", build.stderr, re.MULTILINE), build.stderr
    return folder


@pytest.fixture(scope="session")
def site(built_site) -> str:
    """The built site served on 127.0.0.1; yields its URL."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(built_site))
    http.server.SimpleHTTPRequestHandler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright, for the whole session."""
    from playwright.sync_api import sync_playwright

    from tests.browser import ARGS, CHROMIUM

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


#: fixtures that cost seconds each: the site build, copies of the real files
_SLOW_FIXTURES = {"built_site", "raw_files"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``slow`` every test that builds the site or copies the real data files."""
    for item in items:
        if _SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
