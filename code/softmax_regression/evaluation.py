"""Closer than accuracy: the classes the model confuses, its surest mistakes.

>>> predicted, y = torch.tensor([0, 1, 1, 2]), torch.tensor([0, 1, 2, 2])
>>> confusion_matrix(predicted, y, num_classes=3)
tensor([[1, 0, 0],
        [0, 1, 0],
        [0, 1, 1]])

The functions check their arguments, the range of the labels included, with
a decorator that the pages do not show (see :mod:`softmax_regression.checks`).
"""

# --8<-- [start:imports]
import torch

# --8<-- [end:imports]
# isort: split
from softmax_regression.checks import (
    checks_predictions,
    checks_scores_and_labels,
)

__all__ = ["confusion_matrix", "most_confident_mistakes", "per_class_accuracy"]


@checks_predictions
# --8<-- [start:confusion_matrix]
def confusion_matrix(
    predicted: torch.Tensor, y: torch.Tensor, num_classes: int
) -> torch.Tensor:
    """Count every (true class, predicted class) pair.

    Entry ``[i, j]`` counts the examples of class ``i`` predicted as ``j``.

    Args:
        predicted: predicted classes, shape ``(n,)``, for example
            ``y_hat.argmax(dim=1)``.
        y: true classes, shape ``(n,)``.
        num_classes: ``q``.

    Returns:
        Counts of shape ``(q, q)``; the diagonal holds the correct predictions.
    """
    q = num_classes
    pairs = y * q + predicted  # (n,), one number per (true, predicted) pair
    return torch.bincount(pairs, minlength=q * q).reshape(q, q)


# --8<-- [end:confusion_matrix]


# --8<-- [start:per_class_accuracy]
def per_class_accuracy(confusion: torch.Tensor) -> torch.Tensor:
    """For each true class, the fraction of its examples predicted correctly.

    Returns:
        Shape ``(q,)``: each diagonal entry divided by its row's sum.
    """
    return confusion.diag() / confusion.sum(dim=1)  # correct / examples


# --8<-- [end:per_class_accuracy]


@checks_scores_and_labels("y_hat", label_range=True)
# --8<-- [start:most_confident_mistakes]
def most_confident_mistakes(
    y_hat: torch.Tensor, y: torch.Tensor, k: int
) -> torch.Tensor:
    """Indices of the ``k`` surest wrong predictions, the surest first.

    Args:
        y_hat: predicted probabilities, shape ``(n, q)``.
        y: true classes, shape ``(n,)``.
        k: how many to return (fewer if there are fewer mistakes).
    """
    confidence, predicted = y_hat.max(dim=1)  # (n,) and (n,)
    wrong = torch.nonzero(predicted != y).squeeze(1)  # indices of the mistakes
    return wrong[confidence[wrong].argsort(descending=True)[:k]]


# --8<-- [end:most_confident_mistakes]
