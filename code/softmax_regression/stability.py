"""Where ``exp`` stops being representable, measured in each float type.

The thresholds are found by bisection over the representable values of the
type, running ``torch.exp`` itself, so they are what the naive formulas
actually do on this machine rather than numbers copied from a table.

>>> round(exp_overflow_threshold(torch.float32), 2)
88.72
"""

import torch

__all__ = [
    "DTYPES",
    "exp_overflow_threshold",
    "exp_underflow_threshold",
    "next_up",
]

#: The floating-point types the pages compare.
DTYPES = (torch.float16, torch.bfloat16, torch.float32, torch.float64)
_BITS = {
    torch.float16: torch.int16,
    torch.bfloat16: torch.int16,
    torch.float32: torch.int32,
    torch.float64: torch.int64,
}


def _check_dtype(dtype: torch.dtype) -> None:
    if dtype not in _BITS:
        raise ValueError(
            f"dtype must be one of {', '.join(map(str, DTYPES))}, got {dtype}"
        )


def _value(bits: int, dtype: torch.dtype) -> torch.Tensor:
    """The nonnegative value of ``dtype`` whose bit pattern is ``bits``."""
    return torch.tensor([bits], dtype=_BITS[dtype]).view(dtype)


def _bits(value: float, dtype: torch.dtype) -> int:
    return int(torch.tensor([value], dtype=dtype).view(_BITS[dtype]).item())


def _largest(dtype: torch.dtype, holds) -> torch.Tensor:
    """The largest nonnegative ``x`` of ``dtype`` for which ``holds(x)``.

    ``holds`` must be monotone. For nonnegative floats the order of the bit
    patterns is the order of the values.
    """
    # holds(0) is true, holds(inf) is false
    low, high = 0, _bits(float("inf"), dtype)
    while high - low > 1:
        middle = (low + high) // 2
        if holds(_value(middle, dtype)):
            low = middle
        else:
            high = middle
    return _value(low, dtype)


def exp_overflow_threshold(dtype: torch.dtype) -> float:
    """The largest ``x`` of ``dtype`` whose ``exp(x)`` is finite.

    One step above it, ``exp`` gives ``inf``.
    """
    _check_dtype(dtype)
    return _largest(dtype, lambda x: bool(torch.isfinite(torch.exp(x)))).item()


def exp_underflow_threshold(dtype: torch.dtype) -> float:
    """The most negative ``x`` of ``dtype`` whose ``exp(x)`` is still above 0.

    One step below it, ``exp`` gives 0.
    """
    _check_dtype(dtype)
    return -_largest(dtype, lambda m: bool(torch.exp(-m) > 0)).item()


def next_up(x: float, dtype: torch.dtype) -> float:
    """The next value of ``dtype`` after ``x``, away from zero."""
    _check_dtype(dtype)
    magnitude = _value(_bits(abs(x), dtype) + 1, dtype).item()
    return magnitude if x >= 0 else -magnitude
