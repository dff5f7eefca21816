"""Label shift: estimate the target's class priors, then correct the model.

Black-box shift estimation (Lipton, Wang and Smola, 2018) solves
``J omega = mu``: ``J`` is the joint confusion matrix on labelled source data,
``mu`` the distribution of the predictions on unlabelled target data, and
``omega`` the ratio of target to source class priors.

>>> J = torch.tensor([[0.4, 0.1], [0.1, 0.4]])  # (predicted, true)
>>> mu = J @ torch.tensor([1.6, 0.4])  # predictions on the target
>>> estimate_prior_ratio(J, mu)
tensor([1.6000, 0.4000])
"""

import functools
from collections.abc import Callable

# --8<-- [start:imports]
import torch

from softmax_regression.evaluation import confusion_matrix

# --8<-- [end:imports]

__all__ = [
    "MAX_CONDITION",
    "check_condition",
    "estimate_prior_ratio",
    "joint_confusion",
    "largest_sample",
    "random_priors",
    "reweight_probabilities",
    "sample_with_priors",
]


# --8<-- [start:random_priors]
def random_priors(num_classes: int, seed: int) -> torch.Tensor:
    """Class priors drawn uniformly from all probability vectors, seeded.

    Normalised exponential draws: the Dirichlet distribution with every
    parameter 1.
    """
    generator = torch.Generator().manual_seed(seed)
    e = torch.empty(num_classes, dtype=torch.float64)
    e.exponential_(generator=generator)  # (q,), each drawn from Exp(1)
    return e / e.sum()  # (q,), adds up to 1


# --8<-- [end:random_priors]


def _checks_sample(function: Callable) -> Callable:
    """Check the arguments of :func:`sample_with_priors` before it runs."""

    @functools.wraps(function)
    def checked(
        y: torch.Tensor, priors: torch.Tensor, n: int, seed: int
    ) -> torch.Tensor:
        _check_sample(y, priors, n)
        return function(y, priors, n, seed)

    return checked


@_checks_sample
# --8<-- [start:sample_with_priors]
def sample_with_priors(
    y: torch.Tensor, priors: torch.Tensor, n: int, seed: int
) -> torch.Tensor:
    """Indices of ``n`` distinct examples whose classes follow ``priors``.

    Class ``j`` gets ``n * priors[j]`` examples, rounded so that the counts
    add up to ``n``; within a class the examples are drawn at random.
    """
    generator = torch.Generator().manual_seed(seed)
    shares = n * priors.double()  # (q,), examples wanted per class
    counts = shares.floor().long()
    left = n - int(counts.sum())  # the largest fractions get one more
    counts[(shares - counts).argsort(descending=True)[:left]] += 1
    chosen = []
    for j, count in enumerate(counts.tolist()):
        members = torch.nonzero(y == j).squeeze(1)  # this class's rows
        order = torch.randperm(len(members), generator=generator)
        chosen.append(members[order[:count]])
    return torch.cat(chosen)


# --8<-- [end:sample_with_priors]


# --8<-- [start:joint_confusion]
def joint_confusion(
    predicted: torch.Tensor, y: torch.Tensor, num_classes: int
) -> torch.Tensor:
    """The joint confusion matrix ``J``, shape ``(q, q)``.

    ``J[k, j]`` is the fraction of all examples that are of class ``j`` and
    predicted ``k``.
    """
    C = confusion_matrix(predicted, y, num_classes)  # (q, q) counts [j, k]
    return C.T.double() / len(y)  # (q, q) probabilities [k, j]


# --8<-- [end:joint_confusion]


# MAX_CONDITION: the relative error of omega can be up to about cond(J) times
# the relative error of J and mu; measured on thousands of images those are
# off by a percent or so, and beyond 100 the bound allows errors as large as
# omega itself. Refusing, rather than warning, because ratios fitted to noise
# would silently reweight every prediction; a caller with far more data can
# pass a larger max_condition.
# --8<-- [start:check_condition]
MAX_CONDITION = 100.0  # the largest condition number of J accepted


def check_condition(J: torch.Tensor, max_condition: float) -> None:
    """Refuse a singular or nearly singular ``J``: its answer would be noise.

    Raises:
        ValueError: the condition number of ``J`` is above ``max_condition``.
    """
    condition = torch.linalg.cond(J.double()).item()  # inf: J is singular
    if condition > max_condition:
        raise ValueError(
            f"J is singular or nearly so (condition number {condition:.3g}"
            f" > {max_condition:g}): the predictions do not tell some classes"
            " apart. Merge the classes the model confuses, or measure J and"
            " mu on more images and raise max_condition."
        )


# --8<-- [end:check_condition]


# --8<-- [start:estimate_prior_ratio]
def estimate_prior_ratio(
    J: torch.Tensor, mu: torch.Tensor, max_condition: float = MAX_CONDITION
) -> torch.Tensor:
    """Solve ``J omega = mu``; clip negative ratios to 0.

    Args:
        J: joint confusion matrix on source data, ``[predicted, true]``,
            shape ``(q, q)``.
        mu: fraction of target examples predicted as each class, ``(q,)``.
        max_condition: the largest condition number of ``J`` accepted.

    Returns:
        ``omega``, shape ``(q,)``: estimated target prior over source prior.

    Raises:
        ValueError: ``J`` is singular or nearly so; its answer would be noise.
    """
    check_condition(J, max_condition)  # refuses a nearly singular J
    omega = torch.linalg.solve(J, mu)  # (q,), the one solution
    return omega.clamp(min=0)  # a ratio of probabilities


# --8<-- [end:estimate_prior_ratio]


# --8<-- [start:reweight_probabilities]
def reweight_probabilities(
    y_hat: torch.Tensor, omega: torch.Tensor
) -> torch.Tensor:
    """Bayes' rule for new priors: ``y_hat[i, j] * omega[j]``, renormalised."""
    weighted = y_hat * omega  # (n, q), each column j times omega_j
    return weighted / weighted.sum(dim=1, keepdim=True)  # rows sum to 1


# --8<-- [end:reweight_probabilities]


def _check_sample(y: torch.Tensor, priors: torch.Tensor, n: int) -> None:
    if priors.dim() != 1 or (priors < 0).any():
        raise ValueError("priors must be a vector of non-negative numbers")
    if abs(priors.double().sum().item() - 1) > 1e-6:
        raise ValueError(f"priors must add up to 1, got {priors.sum():.6g}")
    available = torch.bincount(y, minlength=len(priors)).double()
    if (n * priors.double() > available * (1 + 1e-6)).any():  # float slack
        raise ValueError(
            f"n={n} asks for more examples of a class than y holds; "
            f"the largest n these priors allow is {largest_sample(y, priors)}"
        )


def largest_sample(y: torch.Tensor, priors: torch.Tensor) -> int:
    """The largest ``n`` for which every class has its share in ``y``."""
    available = torch.bincount(y, minlength=len(priors)).double()
    shown = priors > 0
    ratio = (available[shown] / priors[shown].double()).min().item()
    return int(ratio * (1 + 1e-6))  # slack for priors rounded to float32
