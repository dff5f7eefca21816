"""A sigmoid per class: the loss is torch's binary cross-entropy, summed over classes."""

import pytest
import torch

from softmax_regression import cross_entropy, softmax
from softmax_regression.multilabel import multilabel_cross_entropy, multilabel_decision


def test_the_loss_is_the_sum_of_binary_cross_entropies():
    generator = torch.Generator().manual_seed(0)
    O = 4 * torch.randn(20, 5, generator=generator, dtype=torch.float64)
    Y = (torch.rand(20, 5, generator=generator) > 0.6).double()  # any number of labels
    expected = torch.nn.functional.binary_cross_entropy_with_logits(O, Y, reduction="none").sum(
        dim=1
    )
    torch.testing.assert_close(multilabel_cross_entropy(O, Y), expected)


def test_the_loss_is_finite_for_large_logits():
    O = torch.tensor([[200.0, -200.0]])
    torch.testing.assert_close(
        multilabel_cross_entropy(O, torch.tensor([[0.0, 1.0]])), torch.tensor([400.0])
    )


def test_with_two_classes_a_softmax_is_a_sigmoid_of_the_difference():
    o = torch.tensor([[0.3, 1.7]])
    torch.testing.assert_close(softmax(o)[:, 1], torch.sigmoid(o[:, 1] - o[:, 0]))
    # and the softmax loss of class 1 is the sigmoid loss of one logit o_1 - o_0
    torch.testing.assert_close(
        cross_entropy(o, torch.tensor([1])),
        multilabel_cross_entropy((o[:, 1] - o[:, 0]).unsqueeze(1), torch.ones(1, 1)),
    )


def test_the_decision_takes_every_class_above_the_threshold():
    O = torch.tensor([[2.0, 1.0, -3.0], [-1.0, -2.0, -0.5]])
    assert multilabel_decision(O).tolist() == [[True, True, False], [False, False, False]]
    assert multilabel_decision(O, threshold=0.8).tolist() == [[True, False, False], [False] * 3]


def test_labels_of_the_wrong_shape_are_a_clear_error():
    with pytest.raises(ValueError, match="Y must be a tensor of 0/1 labels shaped like O"):
        multilabel_cross_entropy(torch.zeros(2, 3), torch.zeros(2))
