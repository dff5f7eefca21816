"""Classification accuracy: the fraction of examples whose top score is right.

>>> y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
>>> accuracy(y_hat, torch.tensor([0, 2]))
0.5

Both functions check their arguments with a decorator that the pages do not
show (see :mod:`softmax_regression.checks`). ``accuracy`` also checks that
every label is a class; ``num_correct``, which the training loop calls on
every minibatch, leaves that to the check of the whole data set.
"""

# --8<-- [start:imports]
import torch

# --8<-- [end:imports]
# isort: split
from softmax_regression.checks import checks_scores_and_labels

__all__ = ["accuracy", "num_correct"]


@checks_scores_and_labels("y_hat")
# --8<-- [start:num_correct]
def num_correct(y_hat: torch.Tensor, y: torch.Tensor) -> int:
    """Count the rows of ``y_hat`` whose arg max is the true class.

    ``y_hat`` may hold probabilities or logits: softmax keeps the arg max, so
    both give the same prediction.
    """
    return (y_hat.argmax(dim=1) == y).sum().item()


# --8<-- [end:num_correct]


@checks_scores_and_labels("y_hat", label_range=True, nonempty=True)
# --8<-- [start:accuracy]
def accuracy(y_hat: torch.Tensor, y: torch.Tensor) -> float:
    """Fraction of examples predicted correctly, between 0 and 1."""
    return num_correct(y_hat, y) / len(y)


# --8<-- [end:accuracy]
