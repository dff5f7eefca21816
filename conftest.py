"""Collect every Python example of the pages and of the package's docstrings with sybil.

See ``tests/pages.py`` for how the pages' snippet includes are expanded first.
"""

from tests.pages import sybils

page_sybil, docstring_sybil = sybils()
pytest_collect_file = (page_sybil + docstring_sybil).pytest()
