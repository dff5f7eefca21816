"""Collect every Python example of the pages and of the package's docstrings with sybil.

See ``tests/pages.py`` for how the pages' snippet includes are expanded first.
A page whose code trains on the full data set is marked ``slow``, all of its
examples (they share one namespace), so ``make test-fast`` can leave it out.
"""

import functools
import re

import pytest
from tests.pages import sybils

from sitebuild.markdown import python_fences

page_sybil, docstring_sybil = sybils()
pytest_collect_file = (page_sybil + docstring_sybil).pytest()

#: a call of the trainer, not its definition: ``train(model, data, config)``
_TRAINS = re.compile(r"(?<![\w.])(?<!def )train\(")


@functools.cache
def _trains(document) -> bool:
    return any(
        _TRAINS.search(str(region.lexemes["source"])) for region, _ in python_fences(document)
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        example = getattr(item, "example", None)
        if example is not None and _trains(example.document):
            item.add_marker(pytest.mark.slow)
