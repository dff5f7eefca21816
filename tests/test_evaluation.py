"""Confusion matrix, per-class accuracy and confident mistakes, checked against direct loops."""

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from softmax_regression import (
    accuracy,
    confusion_matrix,
    most_confident_mistakes,
    per_class_accuracy,
)


@given(st.integers(1, 60), st.integers(1, 8), st.integers(0, 2**32 - 1))
def test_confusion_matrix_counts_every_pair(n, q, seed):
    generator = torch.Generator().manual_seed(seed)
    predicted, y = (
        torch.randint(0, q, (n,), generator=generator),
        torch.randint(0, q, (n,), generator=generator),
    )
    expected = torch.zeros(q, q, dtype=torch.int64)
    for p, t in zip(predicted.tolist(), y.tolist(), strict=True):
        expected[t, p] += 1
    confusion = confusion_matrix(predicted, y, q)
    assert torch.equal(confusion, expected)
    assert confusion.diag().sum().item() / n == pytest.approx(accuracy(torch.eye(q)[predicted], y))


def test_per_class_accuracy_divides_each_diagonal_entry_by_its_row():
    confusion = torch.tensor([[3, 1], [0, 4]])
    torch.testing.assert_close(per_class_accuracy(confusion), torch.tensor([0.75, 1.0]))


def test_most_confident_mistakes_come_first():
    y_hat = torch.tensor([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [0.99, 0.01]])
    assert most_confident_mistakes(y_hat, torch.tensor([0, 0, 1, 1]), 5).tolist() == [3, 1, 2]
    assert most_confident_mistakes(y_hat, torch.tensor([0, 1, 0, 0]), 5).tolist() == []


def test_predictions_out_of_range_are_a_clear_error():
    with pytest.raises(ValueError, match=r"predicted holds the label 3, outside 0\.\.2"):
        confusion_matrix(torch.tensor([3]), torch.tensor([0]), 3)
