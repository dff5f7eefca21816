"""The Chinese edition stays in step with the English one (sitebuild.translations).

Every English page has a translation stamped with the hash of the English
source it translates, with the same code in the same order (comments aside),
and headings that keep the English anchors. The checks are shown to fail on a
copy: a changed English page, changed code, a missing or an extra page.
"""

import shutil
from pathlib import Path

import pytest

from sitebuild.markdown import new_markdown
from sitebuild.paths import DOCS, NOTEBOOKS, ROOT
from sitebuild.translations import EDITIONS, code_of, problems, stamp

ENGLISH = sorted(DOCS.glob("*.md"))


def test_every_page_has_an_up_to_date_translation_with_the_same_code():
    found = problems()
    assert found == {}, "\n".join(f"{page}: {'; '.join(m)}" for page, m in found.items())


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """Two English pages and their translations, in a project of their own."""
    for english in (DOCS / "softmax.md", DOCS / "data.md"):
        (tmp_path / "docs" / "zh").mkdir(parents=True, exist_ok=True)
        shutil.copy(english, tmp_path / "docs" / english.name)
        shutil.copy(DOCS / "zh" / english.name, tmp_path / "docs" / "zh" / english.name)
    return tmp_path


def _problems(root: Path) -> dict[str, list[str]]:
    return problems([(root / "docs", root / "docs" / "zh")], root)


def test_the_copy_starts_in_step(copy):
    assert _problems(copy) == {}


def test_a_changed_english_page_makes_its_translation_stale_by_name(copy):
    english = copy / "docs" / "softmax.md"
    english.write_text(english.read_text() + "\nOne more sentence.\n")
    found = _problems(copy)
    assert list(found) == ["docs/zh/softmax.md"]
    assert found["docs/zh/softmax.md"][0].startswith("stale: docs/softmax.md changed")
    stamp(copy / "docs" / "zh" / "softmax.md", root=copy)  # the translator caught up
    assert _problems(copy) == {}


def test_changed_code_in_a_translation_is_caught_but_a_translated_comment_is_not(copy):
    chinese = copy / "docs" / "zh" / "data.md"
    text = chinese.read_text()
    first = code_of(DOCS / "data.md")[0][1].splitlines()[-1]  # last line of the first fence
    assert first in text
    chinese.write_text(text.replace(first, first + "  # 一条中文注释", 1))
    assert _problems(copy) == {}
    chinese.write_text(text.replace(first, first + " + 0", 1))
    found = _problems(copy)
    assert list(found) == ["docs/zh/data.md"]
    assert "code block 1 (python) differs" in found["docs/zh/data.md"][0]


def test_a_missing_and_an_extra_translation_are_named(copy):
    (copy / "docs" / "zh" / "data.md").rename(copy / "docs" / "zh" / "extra.md")
    assert _problems(copy) == {
        "docs/zh/data.md": ["missing: no translation of data.md"],
        "docs/zh/extra.md": [
            "no English page of this name: an edition may not have pages the other lacks"
        ],
    }


def _anchors(page: Path) -> list[str]:
    md = new_markdown()
    md.convert(page.read_text(encoding="utf-8"))

    def walk(tokens):
        for token in tokens:
            yield token["id"]
            yield from walk(token["children"])

    return list(walk(md.toc_tokens))


@pytest.mark.parametrize("english", ENGLISH, ids=[p.stem for p in ENGLISH])
def test_the_translation_keeps_every_heading_anchor_of_the_english_page(english):
    assert _anchors(DOCS / "zh" / english.name) == _anchors(english)


def test_both_folders_of_sources_are_checked():
    assert [(a.relative_to(ROOT), b.relative_to(ROOT)) for a, b in EDITIONS] == [
        (Path("docs"), Path("docs/zh")),
        (Path("notebooks"), Path("notebooks/zh")),
    ]
    assert (NOTEBOOKS / "zh" / "train.md").is_file()


def test_the_chinese_search_dictionary_is_the_glossary():
    from sitebuild.search_terms import DICTIONARY, dictionary, terms

    glossary = (DOCS / "zh" / "glossary.md").read_text(encoding="utf-8")
    assert {"交叉熵", "数值稳定性", "标签偏移", "对数几率", "惊异"} <= set(terms(glossary))
    assert DICTIONARY.read_text(encoding="utf-8") == dictionary(glossary), (
        "the glossary changed: run `python -m sitebuild.search_terms`"
    )


def test_the_flat_chinese_configuration_is_what_mkdocs_reads(tmp_path):
    from mkdocs.config import load_config

    from sitebuild.configs import flatten, merge

    assert merge({"a": [1, 2], "b": {"c": 1, "d": 2}}, {"a": [3], "b": {"d": 4}}) == {
        "a": [3],
        "b": {"c": 1, "d": 4},
    }
    flat = ROOT / "mkdocs.zh.test-flat.yml"  # beside the others: its paths are relative
    try:
        flat.write_text(flatten(ROOT / "mkdocs.zh.yml"), encoding="utf-8")
        assert "!ENV" in flat.read_text(encoding="utf-8")  # tags kept for the engine to read
        ours, mkdocs = load_config(str(flat)), load_config(str(ROOT / "mkdocs.zh.yml"))
    finally:
        flat.unlink(missing_ok=True)
    for key in ("nav", "extra", "theme", "docs_dir", "site_dir", "markdown_extensions"):
        assert ours[key] == mkdocs[key], key
    assert [alt["link"] for alt in ours["extra"]["alternate"]] == ["../", ""]
