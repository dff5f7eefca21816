"""Accuracy: the book's example, agreement with a direct count, and input checks."""

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from softmax_regression import accuracy, num_correct, softmax


def test_book_example_is_one_half():
    y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
    assert accuracy(y_hat, torch.tensor([0, 2])) == 0.5


@given(st.integers(1, 50), st.integers(1, 10), st.integers(0, 2**32 - 1))
def test_logits_and_probabilities_give_the_same_accuracy(n, q, seed):
    generator = torch.Generator().manual_seed(seed)
    O, y = torch.randn(n, q, generator=generator), torch.randint(0, q, (n,), generator=generator)
    direct = sum(int(O[i].argmax() == y[i]) for i in range(n)) / n
    assert accuracy(O, y) == pytest.approx(direct)
    assert accuracy(softmax(O), y) == pytest.approx(direct)
    assert isinstance(num_correct(O, y), int)  # a Python number the loop can add up


def test_accuracy_of_no_examples_is_an_error():
    with pytest.raises(ValueError, match="at least one example"):
        accuracy(torch.zeros(0, 3), torch.zeros(0, dtype=torch.int64))


def test_mismatched_batch_sizes_are_an_error():
    with pytest.raises(ValueError, match="y has 1 labels but the scores have 2 rows"):
        accuracy(torch.rand(2, 3), torch.tensor([0]))


@pytest.mark.parametrize("label", [3, -1])
def test_accuracy_checks_that_every_label_is_a_class(label):
    with pytest.raises(ValueError, match=rf"y holds the label {label}, outside 0\.\.2"):
        accuracy(torch.rand(2, 3), torch.tensor([0, label]))


@pytest.mark.parametrize("function", [accuracy, num_correct])
def test_float_or_one_hot_labels_are_a_clear_error(function):
    y_hat = torch.rand(3, 3)
    with pytest.raises(TypeError, match=r"integer class indices \(torch.int64\)"):
        function(y_hat, torch.tensor([0.0, 1.0, 2.0]))
    with pytest.raises(ValueError, match=r"for one-hot labels pass y.argmax\(dim=1\)"):
        function(y_hat, torch.eye(3).long())  # (n, q) with n == q: no broadcast can hide it
