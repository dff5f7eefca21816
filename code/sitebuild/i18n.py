"""The build's words in each language: English in the stages' code, Chinese in catalogues.

Every sentence, table header and figure label a stage writes is English in its
code, passed through :func:`tr`; for another language the text is looked up in
that language's catalogue (``sitebuild.zh``: a module per stage, each a
``STRINGS`` dict from the English text to its translation). A text with no
entry stops the build and names it, so no English is left on a Chinese page
unnoticed.

Fields are written ``{name}`` in both texts and filled from keyword arguments;
numbers are formatted by the caller. Braces that are not a given field (LaTeX's
``x_{i}``, say) are left as they are.

>>> tr("en", "{n} images", n="10,000")
'10,000 images'
"""

import functools
import importlib
import re
from pathlib import Path

__all__ = [
    "CJK_FONTS",
    "LANGUAGES",
    "FontMissing",
    "MissingTranslation",
    "catalogue",
    "fields",
    "folder",
    "font_params",
    "output_name",
    "tr",
]

#: the site's languages; English first, at the site's root
LANGUAGES = ("en", "zh")

#: the CJK fonts matplotlib may draw Chinese labels with, by preference (Debian: fonts-noto-cjk,
#: fonts-wqy-microhei)
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei")

_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class MissingTranslation(LookupError):
    """A text the build writes has no entry in a language's catalogue."""


def fields(text: str) -> set[str]:
    """The ``{name}`` fields of a text."""
    return set(_FIELD.findall(text))


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """All the catalogue modules of ``lang`` merged: English text -> translation."""
    package = importlib.import_module(f"sitebuild.{lang}")
    merged: dict[str, str] = {}
    for name in package.MODULES:
        strings = importlib.import_module(f"sitebuild.{lang}.{name}").STRINGS
        for english, translated in strings.items():
            if merged.get(english, translated) != translated:
                raise ValueError(
                    f"sitebuild.{lang}.{name} translates {english!r} differently from another "
                    "catalogue: keep one entry"
                )
            merged[english] = translated
    return merged


def tr(lang: str, text: str, /, **values: object) -> str:
    """``text`` in ``lang``, its ``{name}`` fields filled from ``values``."""
    if lang == "en":
        template = text
    else:
        try:
            template = catalogue(lang)[text]
        except KeyError:
            raise MissingTranslation(
                f"no {lang} translation of {text!r}: add it to a catalogue in "
                f"code/sitebuild/{lang}/"
            ) from None
    missing = set(values) - fields(template)
    if missing:
        raise MissingTranslation(f"{template!r} has no field {', '.join(sorted(missing))}")
    return _FIELD.sub(lambda m: str(values[m[1]]) if m[1] in values else m[0], template)


def folder(out: Path, lang: str) -> Path:
    """Where a stage writes its outputs in ``lang``: ``out`` for English, ``out/lang`` else."""
    return out if lang == "en" else out / lang


def output_name(lang: str, name: str) -> str:
    """An output's name as the manifest records it, relative to ``out``."""
    return name if lang == "en" else f"{lang}/{name}"


class FontMissing(RuntimeError):
    """No font on this machine can draw the language's labels."""


@functools.cache
def font_params(lang: str) -> dict[str, object]:
    """matplotlib settings for labels in ``lang``: for Chinese, a CJK font, then DejaVu Sans.

    Raises :class:`FontMissing` with what to install when no CJK font is found,
    rather than let matplotlib draw empty boxes.
    """
    if lang == "en":
        return {}
    from matplotlib import font_manager

    manager = font_manager.fontManager

    def found() -> list[str]:
        installed = {font.name for font in manager.ttflist}
        return [name for name in CJK_FONTS if name in installed]

    if not found():  # matplotlib's font cache may predate the font: look at the files
        for path in font_manager.findSystemFonts():
            if "cjk" in path.lower() or "wqy" in path.lower():
                manager.addfont(path)
    if not found():
        raise FontMissing(
            "no CJK font for the Chinese figures: install Debian's fonts-noto-cjk "
            "(`make browser` does it, as root) or fonts-wqy-microhei"
        )
    # The CJK font first: matplotlib draws the words around a $math$ part of a label
    # with the first font of the list only, and a CJK font has Latin letters too.
    return {"font.family": [found()[0], "DejaVu Sans"]}
