"""Looking closer than accuracy: which classes the model confuses, and its most confident mistakes.

>>> predicted, y = torch.tensor([0, 1, 1, 2]), torch.tensor([0, 1, 2, 2])
>>> confusion_matrix(predicted, y, num_classes=3)
tensor([[1, 0, 0],
        [0, 1, 0],
        [0, 1, 1]])
"""

# --8<-- [start:imports]
import torch

from softmax_regression.checks import check_labels, check_logits

# --8<-- [end:imports]

__all__ = ["confusion_matrix", "most_confident_mistakes", "per_class_accuracy"]


# --8<-- [start:confusion_matrix]
def confusion_matrix(predicted: torch.Tensor, y: torch.Tensor, num_classes: int) -> torch.Tensor:
    """Count every (true class, predicted class) pair: entry ``[i, j]`` counts class i predicted as j.

    Args:
        predicted: predicted classes, shape ``(n,)``, for example ``y_hat.argmax(dim=1)``.
        y: true classes, shape ``(n,)``.
        num_classes: ``q``.

    Returns:
        Counts of shape ``(q, q)``; the diagonal holds the correct predictions.
    """
    check_labels(predicted, num_classes, len(y), name="predicted")
    check_labels(y, num_classes, len(predicted))
    pairs = y * num_classes + predicted  # (n,), one number per (true, predicted) pair
    return torch.bincount(pairs, minlength=num_classes**2).reshape(num_classes, num_classes)


# --8<-- [end:confusion_matrix]


# --8<-- [start:per_class_accuracy]
def per_class_accuracy(confusion: torch.Tensor) -> torch.Tensor:
    """For each true class, the fraction of its examples predicted correctly: shape ``(q,)``."""
    return confusion.diag() / confusion.sum(dim=1)  # correct / examples, row by row


# --8<-- [end:per_class_accuracy]


# --8<-- [start:most_confident_mistakes]
def most_confident_mistakes(y_hat: torch.Tensor, y: torch.Tensor, k: int) -> torch.Tensor:
    """Indices of the ``k`` wrong predictions made with the highest probability, most confident first.

    Args:
        y_hat: predicted probabilities, shape ``(n, q)``.
        y: true classes, shape ``(n,)``.
        k: how many to return (fewer if there are fewer mistakes).
    """
    check_logits(y_hat, "y_hat", batched=True)
    check_labels(y, y_hat.shape[1], len(y_hat))
    confidence, predicted = y_hat.max(dim=1)  # (n,) and (n,)
    wrong = torch.nonzero(predicted != y).squeeze(1)  # indices of the mistakes
    return wrong[confidence[wrong].argsort(descending=True)[:k]]


# --8<-- [end:most_confident_mistakes]
