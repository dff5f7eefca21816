"""Error bars: checked against brute force and exact binomial probabilities."""

import itertools
import math

import pytest

from softmax_regression.intervals import (
    hoeffding_radius,
    normal_interval,
    standard_error,
    wilson_interval,
    z_value,
)


def _binomial_pmf(n: int, theta: float) -> list[float]:
    """P(k correct out of n), exactly in float64 (log space, no overflow)."""

    def log_pmf(k: int) -> float:
        log_choose = math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
        return log_choose + k * math.log(theta) + (n - k) * math.log1p(-theta)

    return [math.exp(log_pmf(k)) for k in range(n + 1)]


def test_z_is_the_normal_quantile():
    for confidence in (0.5, 0.9, 0.95, 0.99):
        z = z_value(confidence)
        # P(-z <= N(0, 1) <= z) = erf(z / sqrt 2)
        assert math.erf(z / math.sqrt(2)) == pytest.approx(confidence, abs=1e-12)
    assert z_value(0.95) == pytest.approx(1.959964, abs=1e-6)


def test_the_normal_interval_is_the_estimate_plus_or_minus_z_standard_errors():
    low, high = normal_interval(0.84, 10_000)
    radius = 1.959964 * math.sqrt(0.84 * 0.16 / 10_000)
    assert (low, high) == pytest.approx((0.84 - radius, 0.84 + radius), abs=1e-7)
    assert standard_error(0.84, 10_000) == pytest.approx(0.0036661, abs=1e-7)


@pytest.mark.parametrize(
    ("accuracy", "n"), [(0.84, 10_000), (0.5, 40), (0.95, 20), (1.0, 100), (0.0, 7)]
)
def test_the_wilson_interval_is_the_set_of_accuracies_the_score_test_accepts(accuracy, n):
    z = z_value(0.95)
    low, high = wilson_interval(accuracy, n)
    steps = 200_000
    accepted = [
        theta
        for theta in (i / steps for i in range(steps + 1))
        if (accuracy - theta) ** 2 <= z**2 * theta * (1 - theta) / n
    ]
    assert min(accepted) == pytest.approx(low, abs=2 / steps)
    assert max(accepted) == pytest.approx(high, abs=2 / steps)
    assert 0 <= low <= accuracy <= high <= 1


def test_at_ten_thousand_examples_wilson_and_normal_nearly_agree():
    normal, wilson = normal_interval(0.84, 10_000), wilson_interval(0.84, 10_000)
    assert normal == pytest.approx(wilson, abs=2e-4)
    # with few examples and an accuracy near 1 they do not
    assert normal_interval(1.0, 20) == (1.0, 1.0)
    assert wilson_interval(1.0, 20)[0] < 0.9


def test_both_intervals_cover_about_95_percent_at_n_10000():
    n, theta = 10_000, 0.84
    pmf = _binomial_pmf(n, theta)
    for interval in (normal_interval, wilson_interval):
        coverage = 0.0
        for k, p in enumerate(pmf):
            low, high = interval(k / n, n)
            coverage += p if low <= theta <= high else 0.0
        assert coverage == pytest.approx(0.95, abs=0.005)


@pytest.mark.parametrize("n", [10, 50, 200])
@pytest.mark.parametrize("theta", [0.05, 0.5, 0.84])
def test_hoeffdings_bound_holds_for_exact_binomial_tails(n, theta):
    pmf = _binomial_pmf(n, theta)
    for t in (0.02, 0.05, 0.1, 0.2, 0.3):
        tail = sum(p for k, p in enumerate(pmf) if abs(k / n - theta) >= t)
        assert tail <= 2 * math.exp(-2 * n * t**2) + 1e-12


def test_the_hoeffding_radius_solves_the_bound_and_grows_with_log_m():
    n, delta = 10_000, 0.05
    for m in (1, 10, 1000):
        t = hoeffding_radius(n, delta, m)
        assert 2 * m * math.exp(-2 * n * t**2) == pytest.approx(delta)
    assert hoeffding_radius(n) == pytest.approx(0.01358, abs=1e-5)
    # the squared radius grows linearly in log m
    squares = [hoeffding_radius(n, delta, 10**e) ** 2 for e in range(4)]
    steps = [b - a for a, b in itertools.pairwise(squares)]
    assert steps == pytest.approx([math.log(10) / (2 * n)] * 3)


def test_the_hoeffding_radius_holds_with_probability_at_least_1_minus_delta():
    n, theta, delta = 1000, 0.84, 0.05
    t = hoeffding_radius(n, delta)
    pmf = _binomial_pmf(n, theta)
    outside = sum(p for k, p in enumerate(pmf) if abs(k / n - theta) > t)
    assert outside < delta / 10  # far inside: the bound is loose here


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: normal_interval(1.2, 100), "accuracy must be in"),
        (lambda: wilson_interval(0.5, 0), "n must be a positive integer"),
        (lambda: wilson_interval(0.5, 10.0), "n must be a positive integer"),
        (lambda: normal_interval(0.5, 10, confidence=1.0), "confidence must be in"),
        (lambda: hoeffding_radius(100, delta=0.0), "delta must be in"),
        (lambda: hoeffding_radius(100, m=0), "m must be a positive integer"),
    ],
)
def test_a_bad_argument_is_a_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()
