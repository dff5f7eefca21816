"""Classification accuracy: the fraction of examples whose highest score is the true class.

>>> y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
>>> accuracy(y_hat, torch.tensor([0, 2]))
0.5
"""

# --8<-- [start:imports]
import torch

from softmax_regression.checks import check_labels, check_logits

# --8<-- [end:imports]

__all__ = ["accuracy", "num_correct"]


# --8<-- [start:num_correct]
def num_correct(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Count the rows of ``y_hat`` whose arg max is the true class.

    ``y_hat`` may hold probabilities or logits: softmax keeps the arg max, so
    both give the same prediction. Returns a 0-d tensor, so a training loop
    can add counts up without waiting for each one.
    """
    check_logits(y_hat, "y_hat", batched=True)
    check_labels(y, num_classes=y_hat.shape[1], num_examples=y_hat.shape[0])
    return (y_hat.argmax(dim=1) == y).sum()  # 0-d tensor


# --8<-- [end:num_correct]


# --8<-- [start:accuracy]
def accuracy(y_hat: torch.Tensor, y: torch.Tensor) -> float:
    """Fraction of examples predicted correctly, between 0 and 1."""
    if len(y_hat) == 0:
        raise ValueError("y_hat has no rows; accuracy needs at least one example")
    return num_correct(y_hat, y).item() / len(y)


# --8<-- [end:accuracy]
