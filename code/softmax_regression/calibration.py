"""Calibration: do the probabilities match how often the model is right?

Two examples: the first is right and 90% sure, the second wrong and 60% sure.
Both land in their own confidence bin; the error is the mean gap.

>>> y_hat = torch.tensor([[0.9, 0.1], [0.6, 0.4]])
>>> y = torch.tensor([0, 1])
>>> round(expected_calibration_error(y_hat, y, num_bins=10), 4)
0.35

The functions check their arguments with a decorator that the pages do not
show (see :mod:`softmax_regression.checks`).
"""

# --8<-- [start:imports]
import math

import torch

from softmax_regression.softmax import softmax

# --8<-- [end:imports]
# isort: split
import functools
import inspect
from collections.abc import Callable
from typing import TypeVar

from softmax_regression.checks import checks_scores_and_labels

__all__ = [
    "brier_score",
    "classwise_calibration_errors",
    "expected_calibration_error",
    "fit_temperature",
    "reliability_bins",
    "temperature_gradient",
]


F = TypeVar("F", bound=Callable)


def _checks(*names: str) -> Callable[[F], F]:
    """Decorate a function to check the named numeric arguments first.

    ``num_bins`` and ``steps`` must be integers of at least 1, ``T``,
    ``low`` and ``high`` positive finite numbers with ``low < high``.
    """

    def decorate(function: F) -> F:
        signature = inspect.signature(function)

        @functools.wraps(function)
        def checked(*args, **kwargs):
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            given = bound.arguments
            for name in names:
                _check_positive(name, given[name])
            if "low" in names and not given["low"] < given["high"]:
                raise ValueError(
                    f"low must be below high, got {given['low']} "
                    f"and {given['high']}"
                )
            return function(*args, **kwargs)

        return checked  # type: ignore[return-value]

    return decorate


def _check_positive(name: str, value: object) -> None:
    integer = name in ("num_bins", "steps")
    kinds = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds):
        kind = "an integer" if integer else "a number"
        raise TypeError(f"{name} must be {kind}, got {value!r}")
    if not 0 < value < math.inf:
        raise ValueError(f"{name} must be positive and finite, got {value}")


@checks_scores_and_labels("y_hat", label_range=True, nonempty=True)
@_checks("num_bins")
# --8<-- [start:reliability_bins]
def reliability_bins(
    y_hat: torch.Tensor, y: torch.Tensor, num_bins: int = 10
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Group the examples by confidence; measure each group.

    The bins are the ``B = num_bins`` intervals ``(0, 1 / B]``,
    ``(1 / B, 2 / B]``, ..., ``((B - 1) / B, 1]``, numbered from 0. An empty
    bin gets confidence and accuracy 0.

    Returns:
        Three tensors of shape ``(B,)``: the number of examples in each bin,
        their mean confidence and their accuracy.
    """
    confidence, predicted = y_hat.double().max(dim=1)  # (n,) and (n,)
    correct = (predicted == y).double()  # (n,), 1 where right
    edges = torch.linspace(0, 1, num_bins + 1, dtype=torch.float64)
    bins = torch.bucketize(confidence, edges[1:-1])  # (n,), in 0..B-1
    counts = torch.bincount(bins, minlength=num_bins)  # (B,), the n_I
    total_confidence = torch.bincount(bins, confidence, minlength=num_bins)
    total_correct = torch.bincount(bins, correct, minlength=num_bins)
    size = counts.clamp(min=1)  # (B,), an empty bin divides 0 by 1
    return counts, total_confidence / size, total_correct / size


# --8<-- [end:reliability_bins]


# --8<-- [start:expected_calibration_error]
def expected_calibration_error(
    y_hat: torch.Tensor, y: torch.Tensor, num_bins: int = 10
) -> float:
    """ECE: the gap between accuracy and confidence, averaged over the bins.

    Each bin is weighted by its share of the examples.
    """
    counts, confidence, accuracy = reliability_bins(y_hat, y, num_bins)
    share = counts.double() / len(y)  # (B,), n_I / n
    return (share * (accuracy - confidence).abs()).sum().item()


# --8<-- [end:expected_calibration_error]


@checks_scores_and_labels("y_hat", label_range=True, nonempty=True)
@_checks("num_bins")
# --8<-- [start:classwise_calibration_errors]
def classwise_calibration_errors(
    y_hat: torch.Tensor, y: torch.Tensor, num_bins: int = 10
) -> torch.Tensor:
    """The ECE of each class's own probability, shape ``(q,)``.

    For class ``k``, the examples are binned by ``y_hat[:, k]``, and each
    bin's mean probability is compared with its share of class ``k``.
    """
    n, q = y_hat.shape
    y_hat = y_hat.double()  # (n, q)
    Y = torch.nn.functional.one_hot(y, q).double()  # (n, q), one-hot
    edges = torch.linspace(0, 1, num_bins + 1, dtype=torch.float64)
    bins = torch.bucketize(y_hat, edges[1:-1])  # (n, q), in 0..B-1
    # one bincount for all classes: class k's bins are k B, ..., k B + B - 1
    slot = bins + num_bins * torch.arange(q)  # (n, q)
    # (n_{k,I} / n) |share - mean| = |sum over the bin of (Y - y_hat)| / n
    gaps = torch.bincount(slot.flatten(), (Y - y_hat).flatten(), q * num_bins)
    return gaps.reshape(q, num_bins).abs().sum(dim=1) / n  # (q,)


# --8<-- [end:classwise_calibration_errors]


@checks_scores_and_labels("y_hat", label_range=True, nonempty=True)
# --8<-- [start:brier_score]
def brier_score(y_hat: torch.Tensor, y: torch.Tensor) -> float:
    """Mean squared distance between ``y_hat`` and the one-hot labels."""
    Y = torch.nn.functional.one_hot(y, y_hat.shape[1])  # (n, q), one-hot
    return ((y_hat.double() - Y) ** 2).sum(dim=1).mean().item()


# --8<-- [end:brier_score]


@checks_scores_and_labels("O", label_range=True, nonempty=True)
@_checks("T")
# --8<-- [start:temperature_gradient]
def temperature_gradient(O: torch.Tensor, y: torch.Tensor, T: float) -> float:
    """dL/dT of the mean loss L(T) of ``softmax(O / T)`` against ``y``.

    dL/dT = mean over the examples of (o_y - sum_j y_hat_j o_j) / T^2.
    """
    O = O.double()  # (n, q)
    y_hat = softmax(O / T)  # (n, q)
    o_y = O[torch.arange(len(y)), y]  # (n,), the true class's logit
    expected = (y_hat * O).sum(dim=1)  # (n,), the logit's mean under y_hat
    return ((o_y - expected).mean() / T**2).item()


# --8<-- [end:temperature_gradient]


@checks_scores_and_labels("O", label_range=True, nonempty=True)
@_checks("low", "high", "steps")
# --8<-- [start:fit_temperature]
def fit_temperature(
    O: torch.Tensor,
    y: torch.Tensor,
    low: float = 0.05,
    high: float = 20.0,
    steps: int = 50,
) -> float:
    """The T in [low, high] that minimises the mean loss of softmax(O / T).

    Bisection on log T: the sign of dL/dT changes at most once, from - to +.
    If it never changes in [low, high], the nearer end is returned.
    """
    log_low, log_high = math.log(low), math.log(high)
    for _ in range(steps):
        log_T = (log_low + log_high) / 2
        if temperature_gradient(O, y, math.exp(log_T)) > 0:
            log_high = log_T  # L rises at T: the minimum lies below
        else:
            log_low = log_T  # L falls (or is flat) at T: it lies above
    return math.exp((log_low + log_high) / 2)


# --8<-- [end:fit_temperature]
