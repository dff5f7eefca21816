"""The Chinese catalogues: a module per stage, each a ``STRINGS`` dict (English -> 中文).

The terms follow the Chinese edition of *Dive into Deep Learning* (《动手学深度学习》);
the glossary page (docs/zh/glossary.md) lists them.
"""

#: the catalogue modules, merged by :func:`sitebuild.i18n.catalogue`
MODULES = ("figures", "generalization", "shift", "calibration", "performance", "site")
