"""Minibatches: every example once, reproducible shuffles, clear errors."""

import pytest
import torch

from softmax_regression import minibatches


def test_every_example_appears_exactly_once():
    X, y = torch.arange(10.0).unsqueeze(1), torch.arange(10)
    batches = list(minibatches(X, y, batch_size=3, seed=0))
    assert [len(b) for _, b in batches] == [3, 3, 3, 1]
    seen = torch.cat([b for _, b in batches])
    assert sorted(seen.tolist()) == list(range(10))
    for X_batch, y_batch in batches:
        assert torch.equal(X_batch.squeeze(1).long(), y_batch)  # rows stay paired with their labels


def test_same_seed_same_order_and_different_seeds_differ():
    X, y = torch.zeros(100, 1), torch.arange(100)
    order = [torch.cat([b for _, b in minibatches(X, y, 10, seed=s)]) for s in (0, 0, 1)]
    assert torch.equal(order[0], order[1])
    assert not torch.equal(order[0], order[2])


def test_without_a_seed_batches_are_in_order():
    X, y = torch.zeros(5, 1), torch.arange(5)
    assert torch.cat([b for _, b in minibatches(X, y, 2)]).tolist() == [0, 1, 2, 3, 4]


def test_mismatched_lengths_are_an_error():
    with pytest.raises(ValueError, match="X has 3 examples but y has 2"):
        next(minibatches(torch.zeros(3, 1), torch.zeros(2), 1))


@pytest.mark.parametrize("batch_size", [0, -1, 2.5, True])
def test_batch_size_must_be_a_positive_integer(batch_size):
    with pytest.raises(ValueError, match="batch_size must be an integer of at least 1"):
        next(minibatches(torch.zeros(3, 1), torch.zeros(3), batch_size))


@pytest.mark.parametrize("seed", [None, 0])
def test_uint8_pixels_come_out_as_their_float32_division(seed):
    """Converting each batch after the gather equals converting the whole set first."""
    generator = torch.Generator().manual_seed(5)
    pixels = torch.randint(0, 256, (50, 1, 4, 4), dtype=torch.uint8, generator=generator)
    y = torch.arange(50)
    floats = pixels.float() / 255  # the whole set, converted once
    for X_batch, y_batch in minibatches(pixels, y, 16, seed=seed):
        assert X_batch.dtype == torch.float32
        assert torch.equal(X_batch, floats[y_batch])


def test_float_batches_in_order_are_views_not_copies():
    X, y = torch.zeros(6, 2), torch.arange(6)
    X_batch, _ = next(minibatches(X, y, 4))
    assert X_batch.data_ptr() == X.data_ptr()
