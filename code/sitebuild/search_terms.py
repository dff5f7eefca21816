"""The Chinese search's dictionary: the glossary's terms, each one word for jieba.

Material's search segments Chinese with jieba when the site is built; jieba's
own dictionary cuts 数值稳定性 into 数值 / 稳定性 and 交叉熵 into 交叉 / 熵, and
the search box does not segment what the reader types, so a query for the whole
term would find nothing. ``mkdocs.zh.yml`` gives jieba this file
(``search.jieba_dict_user``): every Chinese term of the glossary
(``docs/zh/glossary.md``), so each is one word in the index.

``python -m sitebuild.search_terms`` rewrites the file from the glossary; a
test fails when the two differ.
"""

import re
import sys

from sitebuild.paths import ROOT, ZH_DOCS

__all__ = ["DICTIONARY", "dictionary", "terms"]

DICTIONARY = ROOT / "search" / "zh_terms.txt"
_CJK = re.compile(r"[\u4e00-\u9fff]")


def terms(glossary: str) -> list[str]:
    """The Chinese terms of the glossary's tables (first column), one per name, in order."""
    found: list[str] = []
    for line in glossary.splitlines():
        if not line.startswith("| ") or line.startswith(("| 中文", "| ---")):
            continue
        cell = line.split("|")[1].strip()
        cell = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", cell)  # [term](link) -> term
        cell = re.sub(r"（[^）]*）", "", cell)  # 对数几率（logits） -> 对数几率
        for name in re.split(r"\s*/\s*", cell):
            if _CJK.search(name) and " " not in name.strip() and name.strip() not in found:
                found.append(name.strip())
    return found


def dictionary(glossary: str) -> str:
    """jieba's user dictionary format: a word and a high frequency per line."""
    return "".join(f"{term} 100000\n" for term in terms(glossary))


def main() -> int:
    text = dictionary((ZH_DOCS / "glossary.md").read_text(encoding="utf-8"))
    DICTIONARY.parent.mkdir(exist_ok=True)
    DICTIONARY.write_text(text, encoding="utf-8")
    print(f"search: {len(text.splitlines())} terms written to {DICTIONARY.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
