"""Multi-label classification: a sigmoid per class instead of one softmax.

A softmax makes the classes compete for one unit of probability: one label
per example. With a sigmoid per class, each class is a yes/no question of its
own, and an example may have any number of labels.

>>> O = torch.tensor([[2.0, 1.0, -3.0]])
>>> multilabel_decision(O).int()
tensor([[1, 1, 0]], dtype=torch.int32)
"""

# --8<-- [start:imports]
import torch
from torch.nn.functional import softplus

# --8<-- [end:imports]
# isort: split
import functools
from collections.abc import Callable
from typing import TypeVar

from softmax_regression.checks import check_logits

__all__ = ["multilabel_cross_entropy", "multilabel_decision"]


F = TypeVar("F", bound=Callable)


def _checks_logits(function: F) -> F:
    """Decorate ``f(O, ...)``: the logits must be a float (n, q) tensor."""

    @functools.wraps(function)
    def checked(O: torch.Tensor, *args, **kwargs):
        check_logits(O, "O", batched=True)
        return function(O, *args, **kwargs)

    return checked  # type: ignore[return-value]


def _checks_labels(function: F) -> F:
    """Decorate ``f(O, Y)``: the labels must be a tensor shaped like O."""

    @functools.wraps(function)
    def checked(O: torch.Tensor, Y: torch.Tensor) -> torch.Tensor:
        if not isinstance(Y, torch.Tensor) or Y.shape != O.shape:
            shape = tuple(Y.shape) if isinstance(Y, torch.Tensor) else Y
            raise ValueError(
                "Y must be a tensor of 0/1 labels shaped like O "
                f"{tuple(O.shape)}, got {shape}"
            )
        return function(O, Y)

    return checked  # type: ignore[return-value]


@_checks_logits
@_checks_labels
# --8<-- [start:multilabel_cross_entropy]
def multilabel_cross_entropy(O: torch.Tensor, Y: torch.Tensor) -> torch.Tensor:
    """Per-example loss of q independent sigmoids, shape (n,).

    ``Y`` (n, q) holds 1 for each label the example has, 0 for the others.
    Each class adds ``-log sigmoid(o_j)`` if present and
    ``-log(1 - sigmoid(o_j))`` if not; both are ``softplus(o_j) - y_j o_j``.
    """
    return (softplus(O) - Y * O).sum(dim=1)  # (n, q) -> (n,)


# --8<-- [end:multilabel_cross_entropy]


@_checks_logits
# --8<-- [start:multilabel_decision]
def multilabel_decision(
    O: torch.Tensor, threshold: float = 0.5
) -> torch.Tensor:
    """The labels to report: every class whose sigmoid exceeds ``threshold``.

    Returns a boolean tensor shaped like ``O``; a row may have no label or
    several.
    """
    return torch.sigmoid(O) > threshold  # (n, q)


# --8<-- [end:multilabel_decision]
