"""The numbers of the stability and temperature figures, computed by running torch itself."""

from dataclasses import dataclass

import torch

from softmax_regression import cross_entropy, cross_entropy_naive, softmax, softmax_naive
from softmax_regression.stability import DTYPES, exp_overflow_threshold, exp_underflow_threshold

__all__ = [
    "StabilityRow",
    "stability_scan",
    "temperature_table",
]

#: the logit scales of the stability scan: 1 to 10^4, 400 points evenly spaced in log scale
SCALES = torch.logspace(0, 4, 400, dtype=torch.float64)


@dataclass(frozen=True)
class StabilityRow:
    """Where each form first gives a non-finite result in one dtype, for logits ``[s, 0]``, true class 1."""

    dtype: str
    exp_overflow: float  # largest x with finite exp(x)
    exp_underflow: float  # most negative x with exp(x) > 0
    naive_softmax_breaks: float | None  # first scanned s where softmax_naive is nan
    naive_cross_entropy_breaks: float | None  # first s where -log(softmax(o))[1] is inf
    stable_breaks: float | None  # first s where softmax or cross_entropy is non-finite


def _first_break(finite: torch.Tensor) -> float | None:
    broken = torch.nonzero(~finite)
    return None if len(broken) == 0 else SCALES[broken[0, 0]].item()


def stability_scan() -> list[StabilityRow]:
    """Run the naive and the stable forms on logits ``[s, 0]`` for every scanned scale ``s``.

    The true class is 1, the one with the smaller logit: its probability
    ``exp(-s) / (1 + exp(-s))`` is the first to underflow.
    """
    rows = []
    for dtype in DTYPES:
        O = torch.stack([SCALES, torch.zeros_like(SCALES)], dim=1).to(dtype)  # (400, 2)
        y = torch.ones(len(O), dtype=torch.int64)
        naive_softmax = torch.isfinite(softmax_naive(O)).all(dim=1)
        naive_ce = torch.isfinite(cross_entropy_naive(softmax(O), y))
        stable = torch.isfinite(softmax(O)).all(dim=1) & torch.isfinite(cross_entropy(O, y))
        rows.append(
            StabilityRow(
                dtype=str(dtype).removeprefix("torch."),
                exp_overflow=exp_overflow_threshold(dtype),
                exp_underflow=exp_underflow_threshold(dtype),
                naive_softmax_breaks=_first_break(naive_softmax),
                naive_cross_entropy_breaks=_first_break(naive_ce),
                stable_breaks=_first_break(stable),
            )
        )
    return rows


#: the fixed logits of the temperature figure, and the temperatures it shows
TEMPERATURE_LOGITS = (3.0, 1.5, 1.0, 0.2, -1.0)
TEMPERATURES = (0.25, 0.5, 1.0, 2.0, 10.0)


def temperature_table() -> dict[float, list[float]]:
    """softmax(o / T) of the fixed logits for each temperature T."""
    o = torch.tensor(TEMPERATURE_LOGITS, dtype=torch.float64)
    return {T: softmax(o / T).tolist() for T in TEMPERATURES}
