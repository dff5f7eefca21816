"""The numbers of the stability and temperature figures, computed by running torch itself."""

import math
from collections.abc import Callable
from dataclasses import dataclass

import torch

from softmax_regression import cross_entropy, cross_entropy_naive, softmax, softmax_naive
from softmax_regression.stability import DTYPES, exp_overflow_threshold, exp_underflow_threshold

__all__ = [
    "FORMS",
    "SCALES",
    "STATES",
    "WRONG_EPS",
    "StabilityRow",
    "exact_loss",
    "stability_scan",
    "temperature_table",
]

#: the logit scales of the stability scan: 1 to 10^4, evenly spaced in log scale
#: (neighbours 0.0092% apart: 0.008 apart at s = 88.7, 0.07 at s = 745)
SCALES = torch.logspace(0, 4, 100_001, dtype=torch.float64)

#: A finite loss is *wrong* when its relative error exceeds WRONG_EPS times the
#: machine epsilon of its dtype. A loss computed right is off by a rounding or
#: two (the tests check that the logit form stays under 2 eps), so 8 eps flags
#: only errors of the formula. A fixed tolerance such as 1e-3 cannot serve all
#: four types: bfloat16's rounding alone exceeds it, and float32's 99.983 for
#: s = 100 (off by 1.7e-4 where 1.2e-7 is possible) would pass.
WRONG_EPS = 8

#: the state of a computed loss, in the order they appear as s grows
STATES = ("right", "finite but wrong", "inf or nan")


@dataclass(frozen=True)
class Form:
    """One way of computing the loss of logits ``O`` with true classes ``y``."""

    code: str  # the code it runs, as a page writes it
    label: str  # what it computes, in words (the Chinese figures' in sitebuild/zh/figures.py)
    loss: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


#: the three compositions the scan compares
FORMS = (
    Form(
        "cross_entropy_naive(softmax_naive(O), y)",
        "naive softmax, then naive loss",
        lambda O, y: cross_entropy_naive(softmax_naive(O), y),
    ),
    Form(
        "cross_entropy_naive(softmax(O), y)",
        "stable softmax, then naive loss",
        lambda O, y: cross_entropy_naive(softmax(O), y),
    ),
    Form("cross_entropy(O, y)", "loss from the logits", cross_entropy),
)


@dataclass(frozen=True)
class StabilityRow:
    """How one form computes the loss of logits ``[s, 0]``, true class 1, in one dtype.

    Every ``s`` below is a scanned value of :data:`SCALES`, rounded to the dtype.
    """

    dtype: str
    form: str  # the code that computes the loss (Form.code)
    label: str  # what it computes, in words (Form.label)
    exp_overflow: float  # largest x with finite exp(x)
    exp_underflow: float  # most negative x with exp(x) > 0
    subnormal_from: float  # exp(-s) is below the smallest normal number for s > this
    scanned: int  # how many values of s the scan tried
    wrong_eps: int  # a finite loss is wrong above this many eps of the dtype: WRONG_EPS
    tolerance: float  # the same as a relative error: wrong_eps * eps
    max_error: float  # largest relative error of a finite loss in the scan
    first_wrong: float | None  # first s whose loss is finite but wrong
    last_right: float | None  # last s whose loss is right
    first_broken: float | None  # first s whose loss is inf or nan
    broken_as: str | None  # what the loss is there: "inf" or "nan"
    segments: list  # [first s, state] of each run of scanned s in the same state


def exact_loss(s: torch.Tensor) -> torch.Tensor:
    """The loss of logits ``[s, 0]`` with true class 1, ``log(e^s + 1) = s + log(1 + e^-s)``, in float64."""
    s = s.double()
    return s + torch.log1p(torch.exp(-s))


def _segments(s: torch.Tensor, state: torch.Tensor) -> list:
    """[first s, state name] of each run of equal consecutive states."""
    starts = [0, *(torch.nonzero(state[1:] != state[:-1])[:, 0] + 1).tolist()]
    return [[s[i].item(), STATES[state[i]]] for i in starts]


def _scan(dtype: torch.dtype, form: Form) -> StabilityRow:
    O = torch.stack([SCALES, torch.zeros_like(SCALES)], dim=1).to(dtype)  # (N, 2)
    y = torch.ones(len(O), dtype=torch.int64)  # true class 1, the smaller logit
    s = O[:, 0].double()  # the scanned scales as the dtype stores them
    loss = form.loss(O, y).double()
    error = (loss - exact_loss(s)).abs() / exact_loss(s)
    finite = torch.isfinite(loss)
    tolerance = WRONG_EPS * torch.finfo(dtype).eps
    state = torch.where(finite, (error > tolerance).long(), 2)  # an index into STATES

    def first(mask: torch.Tensor) -> float | None:
        return s[mask][0].item() if mask.any() else None

    return StabilityRow(
        dtype=str(dtype).removeprefix("torch."),
        form=form.code,
        label=form.label,
        exp_overflow=exp_overflow_threshold(dtype),
        exp_underflow=exp_underflow_threshold(dtype),
        subnormal_from=-math.log(torch.finfo(dtype).tiny),
        scanned=len(SCALES),
        wrong_eps=WRONG_EPS,
        tolerance=tolerance,
        max_error=error[finite].max().item(),
        first_wrong=first(state == 1),
        last_right=s[state == 0][-1].item() if (state == 0).any() else None,
        first_broken=first(state == 2),
        broken_as=str(loss[~finite][0].item()) if (~finite).any() else None,
        segments=_segments(s, state),
    )


def stability_scan() -> list[StabilityRow]:
    """Run each form of the loss on logits ``[s, 0]`` for every scanned ``s``, in every dtype.

    The true class is 1, the one with the smaller logit: its probability
    ``1 / (e^s + 1)``, about ``e^-s``, is the one that becomes subnormal and then 0.
    Each loss is compared with :func:`exact_loss` of the same (rounded) logits.
    """
    return [_scan(dtype, form) for dtype in DTYPES for form in FORMS]


#: the fixed logits of the temperature figure, and the temperatures it shows
TEMPERATURE_LOGITS = (3.0, 1.5, 1.0, 0.2, -1.0)
TEMPERATURES = (0.25, 0.5, 1.0, 2.0, 10.0)


def temperature_table() -> dict[float, list[float]]:
    """softmax(o / T) of the fixed logits for each temperature T."""
    o = torch.tensor(TEMPERATURE_LOGITS, dtype=torch.float64)
    return {T: softmax(o / T).tolist() for T in TEMPERATURES}
