"""Statistics the chapters' stages share."""

import math

import torch

__all__ = ["paired_difference"]


def paired_difference(a: torch.Tensor, b: torch.Tensor) -> dict[str, float]:
    """The mean of ``a - b`` over paired examples, and its standard error.

    The standard error is the sample standard deviation of the differences
    over the square root of their number: both are measured on the same
    examples, so what varies from example to example is the difference.
    """
    diff = (a - b).double()  # (n,)
    return {"mean": diff.mean().item(), "se": (diff.std() / math.sqrt(len(diff))).item()}
