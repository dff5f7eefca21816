"""The validation split: disjoint, complete, stratified and reproducible."""

import pytest
import torch

from softmax_regression.data import Split
from softmax_regression.validation import split_validation


def _split(n: int = 1000, q: int = 10, seed: int = 0) -> Split:
    y = torch.randint(0, q, (n,), generator=torch.Generator().manual_seed(seed))
    return Split(X=torch.arange(n, dtype=torch.float32).unsqueeze(1), y=y)


def test_the_two_parts_are_disjoint_and_cover_the_split():
    split = _split()
    train, valid = split_validation(split, 200, seed=0)
    assert len(train) == 800 and len(valid) == 200
    rows = torch.cat([train.X, valid.X]).squeeze(1).long()
    assert sorted(rows.tolist()) == list(range(1000))
    torch.testing.assert_close(split.y[rows], torch.cat([train.y, valid.y]))


def test_each_class_gives_its_share():
    split = _split(n=6000)
    _, valid = split_validation(split, 1000, seed=1)
    expected = split.y.bincount() * 1000 / 6000
    assert (valid.y.bincount() - expected).abs().max() < 1
    assert len(valid) == 1000


def test_the_same_seed_gives_the_same_split_and_another_seed_another():
    split = _split()
    a, b, c = (split_validation(split, 100, seed=s)[1] for s in (0, 0, 1))
    assert torch.equal(a.X, b.X) and not torch.equal(a.X, c.X)


@pytest.mark.parametrize(
    ("num_valid", "error"), [(0, ValueError), (1000, ValueError), (2.5, TypeError)]
)
def test_a_bad_size_is_a_clear_error(num_valid, error):
    with pytest.raises(error, match="num_valid must be"):
        split_validation(_split(), num_valid, seed=0)
