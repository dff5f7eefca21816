"""Cross-entropy: the book's form on probabilities, the stable one on logits.

The book's two-example check: the true classes 0 and 2 get probabilities 0.1
and 0.5, so the losses are ``-log 0.1`` and ``-log 0.5``.

>>> y = torch.tensor([0, 2])
>>> y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
>>> cross_entropy_naive(y_hat, y)
tensor([2.3026, 0.6931])

Each function checks its arguments with a decorator that the pages do not
show (see :mod:`softmax_regression.checks`): a float or one-hot ``y`` is a
clear error. The loss runs on every minibatch, so it does not check the range
of the labels (:func:`~softmax_regression.training.train` checks them all
once, before it starts): a label of ``q`` or more fails in the indexing with
torch's ``IndexError``, and a negative one counts from the end, as a negative
index does in Python.
"""

# --8<-- [start:imports]
import torch

from softmax_regression.softmax import logsumexp

# --8<-- [end:imports]
# isort: split
from softmax_regression.checks import checks_scores_and_labels

__all__ = ["cross_entropy", "cross_entropy_naive"]


@checks_scores_and_labels("y_hat")
# --8<-- [start:cross_entropy_naive]
def cross_entropy_naive(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Per-example loss ``-log y_hat[i, y_i]`` from predicted probabilities.

    Args:
        y_hat: probabilities, shape ``(n, q)``, for example ``softmax(O)``.
        y: true class of each example, shape ``(n,)``, integers in ``0..q-1``.

    Returns:
        The losses, shape ``(n,)``. A probability that underflowed to 0
        gives ``inf``.
    """
    return -torch.log(y_hat[torch.arange(len(y_hat)), y])  # (n,)


# --8<-- [end:cross_entropy_naive]


@checks_scores_and_labels("O")
# --8<-- [start:cross_entropy]
def cross_entropy(O: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Per-example loss ``log sum_k exp(o_k) - o_y`` straight from the logits.

    Equal to ``cross_entropy_naive(softmax(O), y)`` in exact arithmetic, but it
    never takes the log of a probability, so it stays finite where that one
    gives ``inf``.

    Args:
        O: logits, shape ``(n, q)``.
        y: true class of each example, shape ``(n,)``, integers in ``0..q-1``.

    Returns:
        The losses, shape ``(n,)``.

    >>> cross_entropy(torch.tensor([[0.0, 200.0]]), torch.tensor([0]))
    tensor([200.])
    """
    return logsumexp(O) - O[torch.arange(len(O)), y]  # (n,)


# --8<-- [end:cross_entropy]
