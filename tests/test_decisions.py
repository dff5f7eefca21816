"""Bayes decisions under a cost matrix, against brute force and the confusion matrix."""

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from softmax_regression import confusion_matrix, softmax
from softmax_regression.data import CLASSES
from softmax_regression.decisions import (
    FOOTWEAR,
    bayes_decision,
    expected_costs,
    realised_cost,
    shop_costs,
    zero_one_cost,
)


def _y_hat(n: int, q: int, seed: int) -> torch.Tensor:
    generator = torch.Generator().manual_seed(seed)
    return softmax(2 * torch.randn(n, q, generator=generator, dtype=torch.float64))


@settings(deadline=None)
@given(st.integers(1, 50), st.integers(2, 8), st.integers(0, 2**32 - 1))
def test_under_the_zero_one_cost_the_decision_is_the_arg_max(n, q, seed):
    y_hat = _y_hat(n, q, seed)
    assert torch.equal(bayes_decision(y_hat, zero_one_cost(q)), y_hat.argmax(dim=1))
    # the expected 0-1 cost of calling the example class a is 1 - y_hat_a
    torch.testing.assert_close(expected_costs(y_hat, zero_one_cost(q)), 1 - y_hat)


@settings(deadline=None)
@given(st.integers(1, 30), st.integers(2, 6), st.integers(0, 2**32 - 1))
def test_the_decision_has_the_least_expected_cost_of_all_actions(n, q, seed):
    y_hat = _y_hat(n, q, seed)
    generator = torch.Generator().manual_seed(seed + 1)
    cost = 5 * torch.rand(q, q, generator=generator, dtype=torch.float64)
    cost.fill_diagonal_(0)
    actions = bayes_decision(y_hat, cost)
    for i in range(n):
        risks = [sum(y_hat[i, j].item() * cost[j, a].item() for j in range(q)) for a in range(q)]
        assert risks[actions[i]] == pytest.approx(min(risks))
        torch.testing.assert_close(
            expected_costs(y_hat, cost)[i], torch.tensor(risks, dtype=torch.float64)
        )


def test_labels_drawn_from_y_hat_cost_least_under_the_bayes_decision():
    # When y_hat is the true conditional distribution, no rule does better on
    # average: compare with the arg max on many labels drawn from y_hat.
    y_hat = _y_hat(2000, 10, seed=1)
    cost = shop_costs(CLASSES)
    generator = torch.Generator().manual_seed(2)
    y = torch.multinomial(y_hat, 50, replacement=True, generator=generator)  # (n, 50)
    bayes, top = bayes_decision(y_hat, cost), y_hat.argmax(dim=1)
    cost_bayes = cost[y, bayes.unsqueeze(1)].mean().item()
    cost_top = cost[y, top.unsqueeze(1)].mean().item()
    assert cost_bayes < cost_top


def test_the_realised_cost_weighs_the_confusion_matrix_by_the_costs():
    y_hat = _y_hat(500, 10, seed=3)
    y = torch.randint(0, 10, (500,), generator=torch.Generator().manual_seed(4))
    cost = shop_costs(CLASSES)
    actions = bayes_decision(y_hat, cost)
    confusion = confusion_matrix(actions, y, 10)  # [true, predicted]
    expected = (confusion * cost).sum().item() / 500
    assert realised_cost(actions, y, cost) == pytest.approx(expected)


def test_the_shop_costs_are_as_documented():
    cost = shop_costs(CLASSES)
    bag = CLASSES.index("Bag")
    shoes = [CLASSES.index(name) for name in FOOTWEAR]
    for j in range(10):
        for a in range(10):
            if j == a:
                expected = 0.0
            elif a == bag:
                expected = 5.0
            elif j in shoes and a in shoes:
                expected = 0.2
            else:
                expected = 1.0
            assert cost[j, a].item() == expected, (CLASSES[j], CLASSES[a])


def test_a_cost_matrix_of_the_wrong_shape_is_a_clear_error():
    with pytest.raises(ValueError, match=r"cost must have shape \(q, q\) = \(3, 3\)"):
        bayes_decision(_y_hat(2, 3, seed=0), zero_one_cost(4))
