"""Error bars for an accuracy measured on ``n`` held-out examples.

>>> low, high = wilson_interval(0.84, 10_000)
>>> f"{low:.4f} {high:.4f}"
'0.8327 0.8471'
>>> f"{hoeffding_radius(10_000):.4f}"
'0.0136'

The functions check their arguments with a decorator that the pages do not
show: an accuracy outside [0, 1], a count that is not a positive integer, or
a confidence or delta outside (0, 1) is a clear error.
"""

# --8<-- [start:imports]
import math
from statistics import NormalDist

# --8<-- [end:imports]
# isort: split
import functools
import inspect
from collections.abc import Callable

__all__ = [
    "hoeffding_radius",
    "normal_interval",
    "standard_error",
    "wilson_interval",
    "z_value",
]


def _checked(function: Callable) -> Callable:
    """Check the arguments named accuracy, n, m, confidence and delta."""
    signature = inspect.signature(function)

    @functools.wraps(function)
    def checked(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        values = bound.arguments
        if "accuracy" in values and not 0 <= values["accuracy"] <= 1:
            raise ValueError(
                f"accuracy must be in [0, 1], got {values['accuracy']!r}"
            )
        for name in ("n", "m"):
            count = values.get(name, 1)
            if (
                isinstance(count, bool)
                or not isinstance(count, int)
                or count < 1
            ):
                message = f"{name} must be a positive integer, got {count!r}"
                raise ValueError(message)
        for name in ("confidence", "delta"):
            if name in values and not 0 < values[name] < 1:
                raise ValueError(
                    f"{name} must be in (0, 1), got {values[name]!r}"
                )
        return function(*args, **kwargs)

    return checked


@_checked
# --8<-- [start:z_value]
def z_value(confidence: float) -> float:
    """The z with P(-z <= N(0, 1) <= z) = confidence: 1.96 for 0.95."""
    return NormalDist().inv_cdf((1 + confidence) / 2)


# --8<-- [end:z_value]


@_checked
# --8<-- [start:normal_interval]
def normal_interval(
    accuracy: float, n: int, confidence: float = 0.95
) -> tuple[float, float]:
    """The accuracy plus or minus z standard errors."""
    radius = z_value(confidence) * standard_error(accuracy, n)
    return accuracy - radius, accuracy + radius


def standard_error(accuracy: float, n: int) -> float:
    """The binomial standard error sqrt(a (1 - a) / n), a estimated."""
    return math.sqrt(accuracy * (1 - accuracy) / n)


# --8<-- [end:normal_interval]


@_checked
# --8<-- [start:wilson_interval]
def wilson_interval(
    accuracy: float, n: int, confidence: float = 0.95
) -> tuple[float, float]:
    """Every a with (accuracy - a)^2 <= z^2 a (1 - a) / n."""
    z = z_value(confidence)
    shrink = 1 + z**2 / n  # the quadratic's leading coefficient
    center = (accuracy + z**2 / (2 * n)) / shrink
    spread = accuracy * (1 - accuracy) / n + z**2 / (4 * n**2)
    radius = z * math.sqrt(spread) / shrink
    return center - radius, center + radius


# --8<-- [end:wilson_interval]


@_checked
# --8<-- [start:hoeffding_radius]
def hoeffding_radius(n: int, delta: float = 0.05, m: int = 1) -> float:
    """The t with 2 m exp(-2 n t^2) = delta.

    With probability at least 1 - delta, each of m classifiers fixed
    before the n examples were drawn has its measured accuracy within t of
    its true accuracy (Hoeffding's inequality and the union bound).
    """
    return math.sqrt(math.log(2 * m / delta) / (2 * n))


# --8<-- [end:hoeffding_radius]
