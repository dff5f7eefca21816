"""Decisions from probabilities: the action of least expected cost.

A cost matrix ``cost`` (q, q) holds in entry ``[j, a]`` the cost of taking
action ``a`` (calling the example class ``a``) when its true class is ``j``:
rows are true classes, as in the confusion matrix. Under the 0-1 cost, every
mistake costs 1, and the least expected cost is the arg max.

>>> y_hat = torch.tensor([[0.5, 0.3, 0.2]], dtype=torch.float64)
>>> bayes_decision(y_hat, zero_one_cost(3)).item()
0
>>> costly_zero = torch.tensor([[0.0, 1, 1], [4, 0, 1], [4, 1, 0]])
>>> bayes_decision(y_hat, costly_zero.double()).item()
1
"""

# --8<-- [start:imports]
from collections.abc import Sequence

import torch

# --8<-- [end:imports]
# isort: split
import functools
from collections.abc import Callable
from typing import TypeVar

from softmax_regression.checks import (
    check_label_range,
    check_labels,
    check_logits,
)

__all__ = [
    "FOOTWEAR",
    "bayes_decision",
    "expected_costs",
    "realised_cost",
    "shop_costs",
    "zero_one_cost",
]

F = TypeVar("F", bound=Callable)


def _check_cost(cost: torch.Tensor, q: int) -> None:
    check_logits(cost, "cost", batched=True)
    if cost.shape != (q, q):
        raise ValueError(
            f"cost must have shape (q, q) = ({q}, {q}), got {tuple(cost.shape)}"
        )


def _checks_costs(function: F) -> F:
    """Decorate ``f(y_hat, cost)``: probabilities (n, q) and costs (q, q)."""

    @functools.wraps(function)
    def checked(y_hat: torch.Tensor, cost: torch.Tensor) -> torch.Tensor:
        check_logits(y_hat, "y_hat", batched=True)
        _check_cost(cost, y_hat.shape[1])
        return function(y_hat, cost)

    return checked  # type: ignore[return-value]


def _checks_actions(function: F) -> F:
    """Decorate ``f(actions, y, cost)``: two label vectors and the costs."""

    @functools.wraps(function)
    def checked(actions: torch.Tensor, y: torch.Tensor, cost: torch.Tensor):
        check_labels(actions, name="actions")
        check_labels(y, num_examples=len(actions))
        _check_cost(cost, len(cost))
        check_label_range(actions, len(cost), name="actions")
        check_label_range(y, len(cost))
        return function(actions, y, cost)

    return checked  # type: ignore[return-value]


# --8<-- [start:zero_one_cost]
def zero_one_cost(q: int) -> torch.Tensor:
    """The 0-1 cost: 0 on the diagonal (right), 1 everywhere else (wrong)."""
    return 1 - torch.eye(q, dtype=torch.float64)  # (q, q)


# --8<-- [end:zero_one_cost]


@_checks_costs
# --8<-- [start:expected_costs]
def expected_costs(y_hat: torch.Tensor, cost: torch.Tensor) -> torch.Tensor:
    """Expected cost of each action for each example, if y_hat is right.

    Entry ``[i, a]`` is ``sum_j y_hat[i, j] * cost[j, a]``: a matrix product.
    """
    return y_hat.to(cost.dtype) @ cost  # (n, q) @ (q, q) -> (n, q)


def bayes_decision(y_hat: torch.Tensor, cost: torch.Tensor) -> torch.Tensor:
    """For each example, the action of least expected cost, shape (n,)."""
    return expected_costs(y_hat, cost).argmin(dim=1)  # (n,)


# --8<-- [end:expected_costs]


@_checks_actions
# --8<-- [start:realised_cost]
def realised_cost(
    actions: torch.Tensor, y: torch.Tensor, cost: torch.Tensor
) -> float:
    """Mean cost of the actions taken, given the true classes ``y``."""
    return cost[y, actions].mean().item()  # entry [true class, action]


# --8<-- [end:realised_cost]


# --8<-- [start:shop_costs]
FOOTWEAR = ("Sandal", "Sneaker", "Ankle boot")  # the three kinds of shoe


def shop_costs(classes: Sequence[str]) -> torch.Tensor:
    """A cost matrix for sorting Fashion-MNIST items onto a shop's shelves.

    Every mistake costs 1, except: one shoe put with another kind of shoe
    costs 0.2 (the shelves are side by side), and anything that is not a
    bag sent to the bag department costs 5 (it goes to another building).
    """
    cost = zero_one_cost(len(classes))  # (q, q), rows: true class
    shoes = [classes.index(name) for name in FOOTWEAR]
    for j in shoes:
        for a in shoes:
            cost[j, a] = 0.2 if j != a else 0.0
    bag = classes.index("Bag")
    cost[:, bag] = 5.0  # column: the action "Bag"
    cost[bag, bag] = 0.0  # a bag called a bag costs nothing
    return cost


# --8<-- [end:shop_costs]
