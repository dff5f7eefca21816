"""The page harness: no code block escapes, embedded code runs as shown, and the site builds."""

import textwrap
from pathlib import Path

import pytest
from pymdownx.snippets import SnippetMissingError
from sybil import Document
from sybil.example import SybilFailure

from tests.pages import (
    ROOT,
    ExpandedMarkdownDocument,
    PageCodeBlockParser,
    expand_snippets,
    fence_language,
    fences,
    markdown_settings,
    pages,
    rendered_python_examples,
    stray_prompts,
    sybils,
)

PAGES = pages()


def parse(text: str, tmp_path: Path) -> list:
    page = tmp_path / "page.md"
    page.write_text(text)
    document = ExpandedMarkdownDocument.from_markdown(
        text, str(page), [PageCodeBlockParser()], base_path=[tmp_path]
    )
    return list(document)


def run(examples: list) -> None:
    for example in examples:
        example.evaluate()


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_sybil_collects_every_example_the_page_shows(page):
    page_sybil, _ = sybils()
    collected = len(list(page_sybil.parse(page)))
    assert collected == rendered_python_examples(page), (
        f"{page}: sybil would skip some Python blocks"
    )


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_no_doctest_prompt_stands_outside_a_fence(page):
    assert stray_prompts(page) == [], f"{page}: put these examples in a ```pycon fence"


def test_a_stray_prompt_is_found(tmp_path):
    (tmp_path / "page.md").write_text("Text.\n\n>>> 1 + 1\n2\n\n```pycon\n>>> 2 + 2\n4\n```\n")
    assert stray_prompts(tmp_path / "page.md") == [">>> 1 + 1"]


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_every_include_is_expanded(page):
    assert "--8<--" not in expand_snippets(page.read_text())


def test_pages_exist_and_have_code():
    assert {p.name for p in PAGES} >= {"index.md", "softmax.md"}
    assert sum(rendered_python_examples(p) for p in PAGES) >= 10


def test_the_site_and_the_tests_read_the_same_snippet_settings():
    _, configs = markdown_settings()
    snippets = configs["pymdownx.snippets"]
    assert snippets["check_paths"] is True
    assert snippets["base_path"] == [str(ROOT / ".")]


@pytest.mark.parametrize(
    ("info", "language"),
    [
        ("python", "python"),
        ("py", "py"),
        ('python title="x.py"', "python"),
        ("{ .python .annotate }", "python"),
        ("pycon", "pycon"),
        ("text", "text"),
        ("", ""),
    ],
)
def test_fence_language(info, language):
    assert fence_language(info) == language


def test_every_spelling_of_a_python_fence_is_collected(tmp_path):
    text = textwrap.dedent("""\
        ```python
        a = 1
        ```

        ```py
        b = a + 1
        ```

        ```python title="c.py" linenums="1"
        c = b + 1
        ```

        ``` { .python }
        d = c + 1
        ```

        ```pycon
        >>> d
        4
        >>> d + 1
        5
        ```

        === "Tab"

            ```python3
            assert d == 4
            ```

        ??? note "Collapsed"
            ```python
            assert d == 4
            ```
        """)
    examples = parse(text, tmp_path)
    assert len(examples) == 8
    assert rendered_python_examples(tmp_path / "page.md") == 8
    run(examples)


def test_a_broken_embedded_function_fails_the_page(tmp_path):
    (tmp_path / "module.py").write_text(
        textwrap.dedent("""\
        # --8<-- [start:double]
        def double(x):
            return x * 3  # the bug
        # --8<-- [end:double]
        """)
    )
    text = '```python\n--8<-- "module.py:double"\n```\n\n```python\nassert double(2) == 4\n```\n'
    examples = parse(text, tmp_path)
    assert "def double(x):" in examples[0].region.parsed
    examples[0].evaluate()
    with pytest.raises(AssertionError):
        examples[1].evaluate()


@pytest.mark.parametrize("include", ['"missing.py:double"', '"module.py:missing"', '"missing.py"'])
def test_an_include_of_a_missing_file_or_section_fails(tmp_path, include):
    (tmp_path / "module.py").write_text(
        "# --8<-- [start:double]\ndouble = 2\n# --8<-- [end:double]\n"
    )
    with pytest.raises(SnippetMissingError):
        parse(f"```python\n--8<-- {include}\n```\n", tmp_path)


def test_printed_output_must_match_the_text_block_after_it(tmp_path):
    good, bad = (
        parse(f"```python\nprint(1 + 1)\n```\n\n```text\n{shown}\n```\n", tmp_path)
        for shown in (2, 3)
    )
    run(good)
    with pytest.raises(SybilFailure, match="the block printed:\n2\nbut the page shows:\n3"):
        run(bad)


def test_mkdocs_build_is_strict_and_clean(built_site):
    """The fixture builds with ``--strict`` and fails on any warning."""
    assert (built_site / "softmax.html").is_file()
    assert (built_site / "generated" / "train.html").is_file()


#: the widest code line Material's content column shows without scrolling
CODE_COLUMNS = 80
SOURCES = [*PAGES, *sorted((ROOT / "notebooks").glob("*.md"))]


@pytest.mark.parametrize("page", SOURCES, ids=[str(p.relative_to(ROOT)) for p in SOURCES])
def test_every_code_line_a_reader_sees_fits_in_80_columns(page):
    document = Document(expand_snippets(page.read_text(encoding="utf-8")), str(page))
    long = [
        f"{len(line)}: {line}"
        for region in fences(document)
        for line in textwrap.dedent(str(region.lexemes["source"])).splitlines()
        if len(line) > CODE_COLUMNS
    ]
    assert long == [], f"{page.name}: {len(long)} code lines over {CODE_COLUMNS} columns"


def test_a_long_line_in_an_indented_fence_is_found(tmp_path):
    text = '!!! note\n    ```python\n    x = "' + "a" * 75 + '"\n    ```\n'
    document = Document(expand_snippets(text), "page.md")
    (region,) = fences(document)
    (line,) = textwrap.dedent(str(region.lexemes["source"])).splitlines()
    assert len(line) == 81
