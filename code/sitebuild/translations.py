"""Keep the Chinese edition in step with the English one.

Each page of ``docs/zh/`` translates the English page of the same name (and
each notebook source of ``notebooks/zh/`` the one of ``notebooks/``), and
records, in its front matter, the SHA-256 of the English source it translates::

    ---
    translation_of: docs/softmax.md
    source_sha256: 3f2a...
    ---

:func:`problems` lists, by page, what is out of step: an English page with no
translation, a translation whose English page changed since it was stamped, and
code that differs. A page's code fences must be the English page's, in the same
order, identical once Python comments are set aside (a translation may
translate its comments, nothing else); every other fence (output, text) must be
identical as it stands.

``python -m sitebuild.translations`` prints the problems (exit status 1 if
any); ``python -m sitebuild.translations --stamp docs/zh/softmax.md`` records
the English page's current hash once the translation has caught up with it.
"""

import argparse
import hashlib
import io
import re
import sys
import tokenize
from collections.abc import Sequence
from pathlib import Path

from sybil import Document

from sitebuild.markdown import PYTHON_LANGUAGES, fence_language, fences
from sitebuild.paths import DOCS, NOTEBOOKS, ROOT

__all__ = [
    "EDITIONS",
    "TRANSLATIONS",
    "code_of",
    "english_pages",
    "front_matter",
    "problems",
    "source_sha256",
    "stamp",
    "without_comments",
]

#: the Chinese edition's pages
TRANSLATIONS = DOCS / "zh"
#: each folder of English sources, and the folder of their translations
EDITIONS = ((DOCS, TRANSLATIONS), (NOTEBOOKS, NOTEBOOKS / "zh"))

_FRONT = re.compile(r"\A---\n(?P<body>.*?)\n---\n", re.DOTALL)


def english_pages(docs: Path = DOCS) -> list[Path]:
    """The English edition's pages: the Markdown files of ``docs/`` itself."""
    return sorted(docs.glob("*.md"))


def source_sha256(page: Path) -> str:
    """The SHA-256 of an English page's source, as a translation records it."""
    return hashlib.sha256(page.read_bytes()).hexdigest()


def front_matter(text: str) -> dict[str, str]:
    """The ``key: value`` lines of a page's front matter (``{}`` without one)."""
    match = _FRONT.match(text)
    if not match:
        return {}
    pairs = (line.split(":", 1) for line in match["body"].splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def without_comments(source: str) -> str:
    """Python source with its comments removed and trailing spaces dropped."""
    try:
        tokens = [
            token
            for token in tokenize.generate_tokens(io.StringIO(source).readline)
            if token.type != tokenize.COMMENT
        ]
        code = tokenize.untokenize(tokens)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        code = re.sub(r"(?m)\s+#[^\n'\"]*$", "", source)  # doctest-like text: a plain cut
    return "\n".join(line.rstrip() for line in code.splitlines()).strip()


def code_of(path: Path) -> list[tuple[str, str]]:
    """A page's fences in order, as (language, code): Python without its comments."""
    document = Document(path.read_text(encoding="utf-8"), str(path))
    result = []
    for region in fences(document):
        language = fence_language(region.lexemes["info"])
        source = str(region.lexemes["source"])
        if language in PYTHON_LANGUAGES and not source.lstrip().startswith(">>>"):
            source = without_comments(source)
        result.append((language, source.rstrip()))
    return result


def _code_problems(english: Path, chinese: Path) -> list[str]:
    ours, theirs = code_of(english), code_of(chinese)
    for number, (a, b) in enumerate(zip(ours, theirs, strict=False), start=1):
        if a != b:
            pairs = zip([a[0], *a[1].splitlines()], [b[0], *b[1].splitlines()], strict=False)
            line, (x, y) = next(
                ((i, p) for i, p in enumerate(pairs) if p[0] != p[1]),
                (0, (a[1][-60:], b[1][-60:])),
            )
            return [
                f"code block {number} ({a[0] or 'no language'}) differs from the English page's, "
                f"line {line} of the block: English {x!r}, here {y!r}"
            ]
    if len(ours) != len(theirs):
        return [f"{len(theirs)} code blocks, the English page has {len(ours)}"]
    return []


def problems(
    editions: Sequence[tuple[Path, Path]] = EDITIONS, root: Path = ROOT
) -> dict[str, list[str]]:
    """What is out of step, by page: missing, stale, or with different code."""
    found: dict[str, list[str]] = {}
    for docs, translations in editions:
        found |= _problems(docs, translations, root)
    return found


def _problems(docs: Path, translations: Path, root: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for english in english_pages(docs):
        chinese = translations / english.name
        name = chinese.relative_to(root).as_posix()
        if not chinese.is_file():
            found[name] = [f"missing: no translation of {english.name}"]
            continue
        page_problems = []
        meta = front_matter(chinese.read_text(encoding="utf-8"))
        expected = english.relative_to(root).as_posix()
        if meta.get("translation_of") != expected:
            page_problems.append(f"front matter: translation_of is not {expected}")
        if meta.get("source_sha256") != source_sha256(english):
            page_problems.append(
                f"stale: {expected} changed since this translation was stamped; update the "
                f"translation, then run `python -m sitebuild.translations --stamp {name}`"
            )
        page_problems += _code_problems(english, chinese)
        if page_problems:
            found[name] = page_problems
    for chinese in sorted(translations.glob("*.md")):
        if not (docs / chinese.name).is_file():
            found[chinese.relative_to(root).as_posix()] = [
                "no English page of this name: an edition may not have pages the other lacks"
            ]
    return found


def stamp(chinese: Path, root: Path = ROOT) -> None:
    """Record in a translation's front matter the hash of its English page as it is now."""
    english = chinese.parent.parent / chinese.name
    text = chinese.read_text(encoding="utf-8")
    match = _FRONT.match(text)
    meta = front_matter(text)
    meta["translation_of"] = english.relative_to(root).as_posix()
    meta["source_sha256"] = source_sha256(english)
    body = text[match.end() :] if match else text
    head = "".join(f"{key}: {value}\n" for key, value in meta.items())
    chinese.write_text(f"---\n{head}---\n{body}", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sitebuild.translations", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--stamp",
        nargs="+",
        type=Path,
        metavar="PAGE",
        help="record the English page's current hash in these translations (docs/zh/..., notebooks/zh/...)",
    )
    args = parser.parse_args(argv)
    for page in args.stamp or ():
        page = page if page.is_absolute() else Path.cwd() / page
        folders = [translations.resolve() for _, translations in EDITIONS]
        if page.parent.resolve() not in folders or not page.is_file():
            parser.error(f"{page} is not a page of docs/zh/ or notebooks/zh/")
        stamp(page)
    found = problems()
    for page, messages in found.items():
        for message in messages:
            print(f"{page}: {message}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
