"""Reliability bins, ECE, Brier score and temperature scaling, against direct computations."""

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from softmax_regression import softmax
from softmax_regression.calibration import (
    brier_score,
    classwise_calibration_errors,
    expected_calibration_error,
    fit_temperature,
    reliability_bins,
    temperature_gradient,
)


def _probabilities(n: int, q: int, seed: int, scale: float = 3.0):
    """Logits, their softmax, and labels drawn from softmax(O / 2).

    The labels are less certain than the logits say: the best temperature is
    near 2.
    """
    generator = torch.Generator().manual_seed(seed)
    O = scale * torch.randn(n, q, generator=generator, dtype=torch.float64)
    y = torch.multinomial(softmax(O / 2), 1, generator=generator).squeeze(1)
    return O, softmax(O), y


def _mean_loss(O: torch.Tensor, y: torch.Tensor, T: float) -> float:
    return torch.nn.functional.cross_entropy(O / T, y).item()


@settings(deadline=None)
@given(st.integers(1, 200), st.integers(2, 6), st.integers(1, 12), st.integers(0, 2**32 - 1))
def test_the_bins_match_a_loop_over_the_intervals(n, q, num_bins, seed):
    _, y_hat, y = _probabilities(n, q, seed)
    counts, confidence, accuracy = reliability_bins(y_hat, y, num_bins)
    edges = torch.linspace(0, 1, num_bins + 1, dtype=torch.float64).tolist()
    top, predicted = y_hat.max(dim=1)
    ece = 0.0
    for m in range(num_bins):
        members = [
            i for i in range(n) if edges[m] < top[i].item() <= edges[m + 1]
        ]  # bin m is (m / M, (m + 1) / M]
        assert counts[m].item() == len(members)
        if members:
            mean_confidence = sum(top[i].item() for i in members) / len(members)
            right = sum(predicted[i].item() == y[i].item() for i in members) / len(members)
            assert confidence[m].item() == pytest.approx(mean_confidence)
            assert accuracy[m].item() == pytest.approx(right)
            ece += len(members) / n * abs(right - mean_confidence)
        else:
            assert confidence[m].item() == 0 and accuracy[m].item() == 0
    assert counts.sum().item() == n
    assert expected_calibration_error(y_hat, y, num_bins) == pytest.approx(ece, abs=1e-12)


@settings(deadline=None)
@given(st.integers(1, 120), st.integers(2, 6), st.integers(1, 12), st.integers(0, 2**32 - 1))
def test_the_classwise_errors_match_a_loop_over_classes_and_intervals(n, q, num_bins, seed):
    _, y_hat, y = _probabilities(n, q, seed)
    edges = torch.linspace(0, 1, num_bins + 1, dtype=torch.float64).tolist()
    errors = classwise_calibration_errors(y_hat, y, num_bins)
    assert errors.shape == (q,)
    for k in range(q):
        error = 0.0
        for m in range(num_bins):
            members = [i for i in range(n) if edges[m] < y_hat[i, k].item() <= edges[m + 1]]
            if members:
                share = sum(y[i].item() == k for i in members) / len(members)
                mean = sum(y_hat[i, k].item() for i in members) / len(members)
                error += len(members) / n * abs(share - mean)
        assert errors[k].item() == pytest.approx(error, abs=1e-12)


def test_with_two_classes_each_classwise_error_is_the_top_label_error_when_all_lean_one_way():
    # every example gives class 0 a probability above 1/2: class 0's own
    # probability is the confidence, and "y = 0" is "right"
    generator = torch.Generator().manual_seed(8)
    p0 = 0.5 + 0.5 * torch.rand(300, generator=generator, dtype=torch.float64)
    y_hat = torch.stack([p0, 1 - p0], dim=1)
    y = (torch.rand(300, generator=generator, dtype=torch.float64) > p0).long()
    errors = classwise_calibration_errors(y_hat, y)
    assert errors[0].item() == pytest.approx(expected_calibration_error(y_hat, y), abs=1e-12)


def test_the_uniform_forecast_on_balanced_labels_is_classwise_calibrated():
    y = torch.arange(40) % 4
    uniform = torch.full((40, 4), 0.25, dtype=torch.float64)
    assert classwise_calibration_errors(uniform, y).abs().max().item() < 1e-15
    assert expected_calibration_error(uniform, y) < 1e-15


def test_a_confidence_of_exactly_one_falls_in_the_last_bin_and_an_edge_in_the_lower():
    y_hat = torch.tensor([[1.0, 0.0], [0.5, 0.5], [0.7, 0.3]], dtype=torch.float64)
    counts, _, _ = reliability_bins(y_hat, torch.tensor([0, 0, 0]), num_bins=2)
    assert counts.tolist() == [1, 2]  # 0.5 is in (0, 0.5]; 0.7 and 1.0 in (0.5, 1]


def test_a_model_right_as_often_as_it_says_has_no_calibration_error():
    # 4 examples at confidence 0.75, 3 of them right; 2 at 1.0, both right
    y_hat = torch.tensor([[0.75, 0.25]] * 4 + [[0.0, 1.0]] * 2, dtype=torch.float64)
    y = torch.tensor([0, 0, 0, 1, 1, 1])
    assert expected_calibration_error(y_hat, y) == pytest.approx(0.0, abs=1e-15)
    assert brier_score(y_hat, y) == pytest.approx((3 * 0.125 + 1.125) / 6)


def test_the_brier_score_is_the_summed_squared_error_against_one_hot_labels():
    _, y_hat, y = _probabilities(50, 4, seed=3)
    Y = torch.nn.functional.one_hot(y, 4).double()
    expected = torch.nn.functional.mse_loss(y_hat, Y, reduction="sum").item() / 50
    assert brier_score(y_hat, y) == pytest.approx(expected)


def test_the_brier_score_is_proper_the_honest_forecast_scores_best_in_expectation():
    p = torch.tensor([0.6, 0.3, 0.1], dtype=torch.float64)  # the true distribution

    def expected_score(forecast: torch.Tensor) -> float:
        return sum(
            p[j].item() * brier_score(forecast.unsqueeze(0), torch.tensor([j])) for j in range(3)
        )

    honest = expected_score(p)
    assert honest == pytest.approx(1 - (p**2).sum().item())  # sum_j p_j (1 - p_j)
    generator = torch.Generator().manual_seed(0)
    for _ in range(200):
        other = softmax(torch.randn(3, generator=generator, dtype=torch.float64))
        gap = (other - p).pow(2).sum().item()  # the derivation's extra term
        assert expected_score(other) == pytest.approx(honest + gap)


@pytest.mark.parametrize("T", [0.1, 0.7, 1.0, 2.5, 30.0])
def test_the_temperature_gradient_is_autograds(T):
    O, _, y = _probabilities(40, 5, seed=1)
    T_tensor = torch.tensor(T, dtype=torch.float64, requires_grad=True)
    (grad,) = torch.autograd.grad(torch.nn.functional.cross_entropy(O / T_tensor, y), T_tensor)
    assert temperature_gradient(O, y, T) == pytest.approx(grad.item(), rel=1e-9, abs=1e-12)


def test_the_fitted_temperature_is_the_minimum_of_a_fine_grid():
    O, _, y = _probabilities(300, 5, seed=2)
    fitted = fit_temperature(O, y)
    grid = torch.logspace(math.log10(0.05), math.log10(20), 4001).tolist()
    losses = [_mean_loss(O, y, t) for t in grid]
    best = grid[min(range(len(grid)), key=losses.__getitem__)]
    assert fitted == pytest.approx(best, rel=2e-3)
    assert _mean_loss(O, y, fitted) <= min(losses) + 1e-12
    assert abs(temperature_gradient(O, y, fitted)) < 1e-8  # a stationary point


def test_the_fitted_temperature_agrees_with_lbfgs_on_log_T():
    O, _, y = _probabilities(500, 10, seed=4, scale=5.0)
    log_T = torch.zeros((), dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.LBFGS(
        [log_T],
        max_iter=100,
        tolerance_grad=1e-14,
        tolerance_change=0,
        line_search_fn="strong_wolfe",
    )

    def closure():
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(O / log_T.exp(), y)
        loss.backward()
        return loss

    optimizer.step(closure)
    assert fit_temperature(O, y) == pytest.approx(log_T.exp().item(), rel=1e-6)


def test_temperature_scaling_recovers_a_known_overconfidence():
    # Labels drawn from softmax(O); the model reports 2 O: twice too sure.
    generator = torch.Generator().manual_seed(5)
    O = 2 * torch.randn(20_000, 4, generator=generator, dtype=torch.float64)
    y = torch.multinomial(softmax(O), 1, generator=generator).squeeze(1)
    assert fit_temperature(2 * O, y) == pytest.approx(2.0, rel=0.05)


def test_temperature_changes_no_prediction():
    O, y_hat, y = _probabilities(100, 6, seed=6)
    T = fit_temperature(O, y)
    assert torch.equal(softmax(O / T).argmax(dim=1), y_hat.argmax(dim=1))


def test_a_separable_set_pushes_the_temperature_to_the_lower_end():
    O = torch.tensor([[3.0, 0.0], [0.0, 3.0]], dtype=torch.float64)
    y = torch.tensor([0, 1])  # always right: the sharper, the better
    # dL/dT >= 0 everywhere: the loss keeps falling as T falls, until the
    # true class's probability 1 - exp(-3 / T) rounds to 1: the loss is flat
    assert all(temperature_gradient(O, y, t) > 0 for t in (0.5, 1.0, 20.0))
    assert temperature_gradient(O, y, 0.05) == 0
    fitted = fit_temperature(O, y)
    assert fitted < 0.1 and _mean_loss(O, y, fitted) < 1e-12


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda y_hat, y: reliability_bins(y_hat, y, 0), ValueError, "num_bins"),
        (lambda y_hat, y: reliability_bins(y_hat, y, 2.5), TypeError, "num_bins"),
        (lambda y_hat, y: classwise_calibration_errors(y_hat, y, 0), ValueError, "num_bins"),
        (lambda y_hat, y: classwise_calibration_errors(y_hat, y + 5), ValueError, "outside"),
        (lambda y_hat, y: temperature_gradient(y_hat, y, 0.0), ValueError, "T must"),
        (lambda y_hat, y: fit_temperature(y_hat, y, 2.0, 1.0), ValueError, "low"),
        (lambda y_hat, y: brier_score(y_hat, y[:2]), ValueError, "labels"),
        (lambda y_hat, y: brier_score(y_hat, y + 5), ValueError, "outside"),
    ],
)
def test_bad_arguments_are_clear_errors(call, error, message):
    _, y_hat, y = _probabilities(5, 3, seed=7)
    with pytest.raises(error, match=message):
        call(y_hat, y)
