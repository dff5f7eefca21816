"""Every formula on every page parses with the KaTeX the site serves: a typo fails here, not on screen."""

import html
import json
import re
import shutil
import subprocess

import pytest

from tests.pages import ROOT, new_markdown, pages

ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.DOTALL)


def formulas() -> list[dict]:
    found = []
    for page in pages():
        rendered = new_markdown().convert(page.read_text(encoding="utf-8"))
        for tag, body in ARITHMATEX.findall(rendered):
            tex = html.unescape(body).strip()[2:-2]  # strip \( \) or \[ \]
            found.append({"page": page.name, "tex": tex, "display": tag == "div"})
    return found


def katex_failures(found: list[dict]) -> list[dict]:
    """Parse the formulas with KaTeX under node; return the ones it rejects, with its error."""
    run = subprocess.run(
        ["node", str(ROOT / "tests" / "katex_check.js")],
        input=json.dumps(found),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(run.stdout)


def test_every_formula_parses_with_katex():
    if shutil.which("node") is None or not (ROOT / "node_modules" / "katex").is_dir():
        pytest.fail("KaTeX is not installed: run `make assets` (needs node and npm)")
    found = formulas()
    assert len(found) > 100  # the chapters are full of math: finding none means the scan broke
    failures = katex_failures(found)
    assert failures == [], "\n".join(f"{f['page']}: {f['tex']!r}: {f['error']}" for f in failures)


def test_a_broken_formula_is_caught():
    failures = katex_failures([{"page": "x.md", "tex": r"\frac{1}{", "display": False}])
    assert [f["tex"] for f in failures] == [r"\frac{1}{"]
