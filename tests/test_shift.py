"""Label shift and covariate shift: each formula against a direct computation.

The oracles are small discrete worlds where every probability can be
enumerated: the inputs take a handful of values, ``p(x | y)`` is a table, and
the source and target distributions, their posteriors and their risks are
computed exactly with plain sums.
"""

import math
import re
from pathlib import Path

import pytest
import torch

from sitebuild.shift_covariate import KAPPA, NUM_DOMAIN_SOURCE, selection_spread, true_weights
from sitebuild.shift_tables import NOISE_Z, fragments
from softmax_regression import FashionMNISTData, Split, TrainConfig, train
from softmax_regression.covariate_shift import (
    domain_classifier,
    effective_sample_size,
    importance_weights,
    keep_probability,
    mean_pixel,
    select_by_mean_pixel,
    train_weighted,
    weighted_mean,
)
from softmax_regression.label_shift import (
    MAX_CONDITION,
    check_condition,
    estimate_prior_ratio,
    joint_confusion,
    largest_sample,
    random_priors,
    reweight_probabilities,
    sample_with_priors,
)
from softmax_regression.models import SoftmaxRegressionConcise


def _world(seed: int = 0, num_x: int = 12, q: int = 4):
    """A discrete world: ``p(x | y)`` as a (q, num_x) table, two priors."""
    generator = torch.Generator().manual_seed(seed)
    likelihood = torch.rand(q, num_x, generator=generator, dtype=torch.float64) ** 3
    likelihood /= likelihood.sum(dim=1, keepdim=True)  # each row: p(x | y)
    source = torch.full((q,), 1 / q, dtype=torch.float64)
    target = torch.rand(q, generator=generator, dtype=torch.float64)
    return likelihood, source, target / target.sum()


def _posterior(likelihood, prior):
    """p(y | x) for every x, by Bayes' rule: shape (num_x, q)."""
    joint = likelihood.T * prior  # (num_x, q): p(x, y)
    return joint / joint.sum(dim=1, keepdim=True)


# --- label shift --------------------------------------------------------------


def test_random_priors_are_probability_vectors_reproducible_by_seed():
    a, b, c = random_priors(10, 3), random_priors(10, 3), random_priors(10, 4)
    assert torch.equal(a, b) and not torch.equal(a, c)
    assert (a > 0).all() and math.isclose(a.sum().item(), 1.0)


def test_random_priors_follow_the_flat_dirichlet():
    # Dirichlet(1, ..., 1): each entry has mean 1/q and variance
    # (q - 1) / (q^2 (q + 1)).
    q, draws = 5, torch.stack([random_priors(5, s) for s in range(4000)])
    torch.testing.assert_close(draws.mean(dim=0), torch.full((q,), 0.2).double(), atol=0.01, rtol=0)
    variance = (q - 1) / (q**2 * (q + 1))
    torch.testing.assert_close(
        draws.var(dim=0), torch.full((q,), variance).double(), atol=0.003, rtol=0
    )


def test_sample_with_priors_takes_exact_counts_without_repeats():
    y = torch.arange(5).repeat_interleave(100)[torch.randperm(500)]
    priors = torch.tensor([0.5, 0.25, 0.125, 0.125, 0.0])
    rows = sample_with_priors(y, priors, 160, seed=0)
    assert len(rows) == len(set(rows.tolist())) == 160
    assert torch.bincount(y[rows], minlength=5).tolist() == [80, 40, 20, 20, 0]


def test_sample_with_priors_rounds_to_the_requested_size():
    y = torch.arange(3).repeat_interleave(50)
    rows = sample_with_priors(y, torch.tensor([1 / 3, 1 / 3, 1 / 3]), 100, seed=1)
    counts = torch.bincount(y[rows], minlength=3)
    assert counts.sum() == 100 and counts.max() - counts.min() <= 1


def test_largest_sample_uses_up_the_scarcest_class_and_no_more():
    y = torch.arange(4).repeat_interleave(torch.tensor([100, 100, 40, 100]))
    priors = torch.tensor([0.3, 0.3, 0.2, 0.2])
    n = largest_sample(y, priors)
    assert n == 200  # class 2: 40 / 0.2
    assert len(sample_with_priors(y, priors, n, seed=0)) == n
    with pytest.raises(ValueError, match="the largest n these priors allow is 200"):
        sample_with_priors(y, priors, n + 10, seed=0)


def test_the_largest_sample_is_always_accepted_with_float64_slack():
    # Seed 2835 once failed: the slack on the class counts was computed in
    # float32, so n * prior exceeded count * (1 + 1e-6) in float64.
    y = torch.arange(10).repeat_interleave(1000)  # like the test set
    for seed in [2835, *range(300)]:
        priors = random_priors(10, seed)
        n = largest_sample(y, priors)
        rows = sample_with_priors(y, priors, n, seed)
        assert len(rows) == n == len(set(rows.tolist()))


@pytest.mark.parametrize(
    "priors", [torch.tensor([0.5, 0.6]), torch.tensor([1.2, -0.2]), torch.ones(2, 2) / 4]
)
def test_bad_priors_are_a_clear_error(priors):
    with pytest.raises(ValueError, match="priors must"):
        sample_with_priors(torch.tensor([0, 1, 0, 1]), priors, 2, seed=0)


def test_joint_confusion_counts_pairs_as_a_loop_would():
    generator = torch.Generator().manual_seed(0)
    y = torch.randint(0, 4, (200,), generator=generator)
    predicted = torch.randint(0, 4, (200,), generator=generator)
    J = joint_confusion(predicted, y, 4)
    expected = torch.zeros(4, 4, dtype=torch.float64)
    for k, j in zip(predicted.tolist(), y.tolist(), strict=True):
        expected[k, j] += 1 / 200
    torch.testing.assert_close(J, expected)
    assert math.isclose(J.sum().item(), 1.0)


def test_the_bbse_equation_holds_exactly_under_label_shift():
    # mu_k = sum_j P_source(f = k, y = j) omega_j, computed by enumeration.
    likelihood, source, target = _world()
    f = _posterior(likelihood, source).argmax(dim=1)  # (num_x,): a classifier
    q = len(source)
    predicts = torch.nn.functional.one_hot(f, q).double()  # (num_x, q)
    J = (likelihood * source[:, None]) @ predicts  # (q, q): [j, k] = P(y=j, f=k)
    J = J.T  # [k, j], as joint_confusion orders it
    mu = predicts.T @ (likelihood.T @ target)  # P_target(f = k)
    omega = target / source
    torch.testing.assert_close(J @ omega, mu)
    torch.testing.assert_close(estimate_prior_ratio(J, mu), omega)


def test_estimate_prior_ratio_solves_the_square_system():
    generator = torch.Generator().manual_seed(1)
    J = torch.eye(5, dtype=torch.float64) + 0.1 * torch.rand(
        5, 5, generator=generator, dtype=torch.float64
    )
    omega = torch.rand(5, generator=generator, dtype=torch.float64) + 0.5
    torch.testing.assert_close(estimate_prior_ratio(J, J @ omega), torch.linalg.solve(J, J @ omega))


def test_negative_solutions_are_clipped_to_zero():
    J = torch.tensor([[0.45, 0.05], [0.05, 0.45]], dtype=torch.float64)
    mu = torch.tensor([0.0, 1.0], dtype=torch.float64)  # asks for omega_0 < 0
    assert torch.linalg.solve(J, mu)[0] < 0
    omega = estimate_prior_ratio(J, mu)
    assert omega[0] == 0 and omega[1] > 0


NEAR_SINGULAR = torch.tensor([[0.25, 0.25 - 1e-9], [0.25, 0.25 + 1e-9]], dtype=torch.float64)


def test_least_squares_does_not_rescue_a_nearly_singular_J():
    # The reason for the check: lstsq gives the same huge entries as solve.
    mu = torch.tensor([0.49, 0.51], dtype=torch.float64)
    solved = torch.linalg.solve(NEAR_SINGULAR, mu)
    least_squares = torch.linalg.lstsq(NEAR_SINGULAR, mu[:, None]).solution[:, 0]
    assert solved.abs().min() > 1e6 and least_squares.abs().min() > 1e6
    torch.testing.assert_close(least_squares, solved, rtol=1e-6, atol=0)


@pytest.mark.parametrize(
    "J",
    [
        NEAR_SINGULAR,  # condition number 5e8
        torch.tensor([[0.5, 0.5], [0.0, 0.0]], dtype=torch.float64),  # singular
    ],
)
def test_a_nearly_singular_J_is_refused_with_a_clear_message(J):
    mu = torch.tensor([0.5, 0.5], dtype=torch.float64)
    with pytest.raises(ValueError, match="J is singular or nearly so"):
        estimate_prior_ratio(J, mu)


def test_the_condition_limit_is_the_condition_number_of_J():
    # diag(1, 1/c) has condition number c: accepted at the limit, refused above.
    for c, accepted in [(MAX_CONDITION, True), (1.01 * MAX_CONDITION, False)]:
        J = torch.diag(torch.tensor([1.0, 1 / c], dtype=torch.float64))
        torch.testing.assert_close(torch.linalg.cond(J).item(), c)
        if accepted:
            check_condition(J, MAX_CONDITION)
        else:
            with pytest.raises(ValueError, match=f"> {MAX_CONDITION:g}"):
                check_condition(J, MAX_CONDITION)


def test_a_larger_limit_lets_a_caller_solve_a_worse_conditioned_J():
    J = torch.diag(torch.tensor([1.0, 1e-3], dtype=torch.float64))
    mu = torch.tensor([0.5, 5e-4], dtype=torch.float64)
    with pytest.raises(ValueError):
        estimate_prior_ratio(J, mu)
    torch.testing.assert_close(
        estimate_prior_ratio(J, mu, max_condition=1e4),
        torch.tensor([0.5, 0.5], dtype=torch.float64),
    )


def test_unclipped_prior_estimates_add_up_to_one():
    # sum_j omega_j p_s(j) = 1^T J omega = 1^T mu = 1, whatever the noise.
    generator = torch.Generator().manual_seed(11)
    y = torch.randint(0, 5, (2000,), generator=generator)
    noisy = torch.where(torch.rand(2000, generator=generator) < 0.3, (y + 1) % 5, y)
    J = joint_confusion(noisy, y, 5)
    mu = torch.rand(5, generator=generator, dtype=torch.float64) + 0.5
    mu /= mu.sum()
    omega = torch.linalg.solve(J, mu)
    assert math.isclose((omega * J.sum(dim=0)).sum().item(), 1.0, rel_tol=1e-12)


def test_bbse_recovers_the_priors_from_samples():
    likelihood, source, target = _world(seed=0)  # J is well conditioned
    generator = torch.Generator().manual_seed(3)
    f = _posterior(likelihood, source).argmax(dim=1)

    def draw(prior, n):
        y = torch.multinomial(prior, n, replacement=True, generator=generator)
        x = torch.stack([torch.multinomial(likelihood[j], 1, generator=generator) for j in y])
        return x.squeeze(1), y

    x_s, y_s = draw(source, 20_000)
    x_t, _ = draw(target, 20_000)
    J = joint_confusion(f[x_s], y_s, len(source))
    mu = torch.bincount(f[x_t], minlength=len(source)).double() / len(x_t)
    estimated = estimate_prior_ratio(J, mu) * J.sum(dim=0)
    torch.testing.assert_close(estimated / estimated.sum(), target, atol=0.03, rtol=0)


def test_reweighting_is_bayes_rule_with_the_new_priors():
    likelihood, source, target = _world(seed=4)
    reweighted = reweight_probabilities(_posterior(likelihood, source), target / source)
    torch.testing.assert_close(reweighted, _posterior(likelihood, target))


def test_reweighting_with_equal_ratios_changes_nothing():
    y_hat = torch.softmax(torch.randn(6, 3, generator=torch.Generator().manual_seed(0)), dim=1)
    torch.testing.assert_close(reweight_probabilities(y_hat, torch.full((3,), 2.5)), y_hat)


# --- importance weighting -----------------------------------------------------


def test_importance_weighted_source_risk_is_the_target_risk():
    # Change of measure, checked by enumeration over a discrete world.
    generator = torch.Generator().manual_seed(5)
    num_x, q = 10, 3
    p_x = torch.rand(num_x, generator=generator, dtype=torch.float64)
    p_t_x = torch.rand(num_x, generator=generator, dtype=torch.float64)
    p_x, p_t_x = p_x / p_x.sum(), p_t_x / p_t_x.sum()
    p_y_given_x = torch.softmax(torch.randn(num_x, q, generator=generator).double(), dim=1)
    loss = torch.rand(num_x, q, generator=generator, dtype=torch.float64)  # l(x, y)
    target_risk = (p_t_x[:, None] * p_y_given_x * loss).sum()
    beta = p_t_x / p_x
    weighted_source_risk = (p_x[:, None] * p_y_given_x * beta[:, None] * loss).sum()
    torch.testing.assert_close(weighted_source_risk, target_risk)


def test_effective_sample_size_is_n_over_one_plus_squared_variation():
    w = torch.rand(1000, generator=torch.Generator().manual_seed(6), dtype=torch.float64)
    cv2 = w.var(unbiased=False) / w.mean() ** 2
    assert math.isclose(effective_sample_size(w), 1000 / (1 + cv2.item()), rel_tol=1e-9)
    assert math.isclose(effective_sample_size(3 * w), effective_sample_size(w), rel_tol=1e-9)


def test_weighted_mean_is_the_ratio_of_sums():
    values, weights = torch.tensor([1.0, 0.0, 1.0]), torch.tensor([1.0, 2.0, 5.0])
    assert math.isclose(weighted_mean(values, weights), 6 / 8)


def test_importance_weights_exponentiate_the_logit_difference():
    class Fixed(torch.nn.Module):
        def forward(self, X):
            return torch.stack([torch.zeros(len(X)), X[:, 0]], dim=1)

    X = torch.tensor([[0.0], [1.0], [-2.0]])
    beta = importance_weights(Fixed(), X, n_source=300, n_target=100)
    torch.testing.assert_close(beta, 3 * torch.exp(X[:, 0]).double())


def test_a_domain_classifier_recovers_a_known_density_ratio():
    # Source N(0, 1), target N(1, 1): log p_t(x) / p_s(x) = x - 1/2, linear,
    # so a softmax regression with two outputs can represent it exactly.
    generator = torch.Generator().manual_seed(7)
    X_source = torch.randn(4000, 1, generator=generator)
    X_target = torch.randn(2000, 1, generator=generator) + 1
    config = TrainConfig(num_epochs=30, lr=0.5, batch_size=100)
    model = domain_classifier(X_source, X_target, config)
    X = torch.linspace(-1.0, 2.0, 7).unsqueeze(1)  # where both have mass
    beta = importance_weights(model, X, 4000, 2000)
    torch.testing.assert_close(beta.log(), X[:, 0].double() - 0.5, atol=0.15, rtol=0)


def test_select_by_mean_pixel_keeps_images_at_the_stated_rate():
    levels = torch.tensor([0.1, 0.2, 0.4])
    X = levels.repeat_interleave(20_000)[:, None, None, None].expand(-1, 1, 2, 2)
    keep = select_by_mean_pixel(X, kappa=5.0, seed=0)
    torch.testing.assert_close(mean_pixel(X[:3]), torch.tensor([0.1, 0.1, 0.1]))
    rates = keep.reshape(3, -1).double().mean(dim=1)
    expected = torch.exp(-5.0 * (levels - 0.1)).double()
    torch.testing.assert_close(rates, expected, atol=0.01, rtol=0)


def test_the_keep_probability_is_capped_at_one():
    levels = torch.tensor([0.05, 0.1, 0.3])  # the first is sparser than m_min
    X = levels[:, None, None, None].expand(-1, 1, 2, 2)
    pi = keep_probability(X, kappa=10.0, m_min=0.1)
    expected = torch.tensor([1.0, 1.0, math.exp(-10.0 * 0.2)])
    torch.testing.assert_close(pi, expected)


def test_selection_keeps_each_image_with_its_keep_probability():
    X = torch.rand(500, 1, 4, 4, generator=torch.Generator().manual_seed(12))
    pi = keep_probability(X, 8.0, mean_pixel(X).min().item())
    draws = torch.rand(500, generator=torch.Generator().manual_seed(3))
    assert torch.equal(select_by_mean_pixel(X, 8.0, seed=3), draws < pi)


def test_true_weights_are_capped_and_average_one_on_the_source():
    levels = torch.tensor([0.02, 0.1, 0.2, 0.4])  # source; 0.02 is below m_min
    X_source = levels[:, None, None, None].expand(-1, 1, 2, 2)
    X_test = torch.tensor([0.1, 0.3])[:, None, None, None].expand(-1, 1, 2, 2)
    (beta,) = true_weights(X_source, X_test, X_source)
    pi = torch.exp(-KAPPA * (levels.double() - 0.1)).clamp(max=1)
    torch.testing.assert_close(beta, pi / pi.mean())
    assert beta[0] == beta[1] == beta.max()  # the cap: no more than m_min's
    assert math.isclose(beta.mean().item(), 1.0)


def test_selection_spread_matches_simulation_and_enumeration():
    generator = torch.Generator().manual_seed(13)
    pi = torch.rand(3000, generator=generator, dtype=torch.float64) * 0.3
    correct = (torch.rand(3000, generator=generator) < 0.8).double()
    expected = (pi * correct).sum() / pi.sum()
    spread = selection_spread(pi, correct, measured=expected.item() - 0.01)
    assert math.isclose(spread["expected"], expected.item())
    assert math.isclose(spread["sd"], spread["sd_simulated"], rel_tol=0.08)
    assert math.isclose(spread["z"], -0.01 / spread["sd"])
    tail = 0.5 * math.erfc(-spread["z"] / math.sqrt(2))  # normal P(Z <= z)
    assert abs(spread["tail_fraction"] - tail) < 0.03


def _small_data(n: int = 300, d: int = 6, q: int = 3, seed: int = 8) -> Split:
    generator = torch.Generator().manual_seed(seed)
    return Split(
        torch.randn(n, d, generator=generator), torch.randint(0, q, (n,), generator=generator)
    )


def test_unit_weights_take_the_same_steps_as_train():
    split = _small_data()
    config = TrainConfig(num_epochs=3, lr=0.1, batch_size=32)
    plain, weighted = (SoftmaxRegressionConcise(6, 3, seed=0) for _ in range(2))
    train(plain, FashionMNISTData(split, split, ("a", "b", "c")), config, progress=False)
    train_weighted(weighted, split, torch.ones(len(split)), config)
    for a, b in zip(plain.parameters(), weighted.parameters(), strict=True):
        torch.testing.assert_close(a, b)


def test_one_weighted_step_follows_the_gradient_of_the_weighted_loss():
    # One full batch: W <- W - lr * X^T ((Y_hat - Y) * w) / n, by hand.
    split = _small_data(n=50)
    weights = torch.rand(50, generator=torch.Generator().manual_seed(9)) * 3
    model = SoftmaxRegressionConcise(6, 3, seed=0)
    W, b = model.W.detach().clone(), model.net[1].bias.detach().clone()  # (d, q), (q,)
    train_weighted(model, split, weights, TrainConfig(num_epochs=1, lr=0.5, batch_size=50))
    Y = torch.nn.functional.one_hot(split.y, 3).float()  # (n, q)
    residual = (torch.softmax(split.X @ W + b, dim=1) - Y) * weights[:, None] / 50
    torch.testing.assert_close(model.W.detach(), W - 0.5 * split.X.T @ residual)
    torch.testing.assert_close(model.net[1].bias.detach(), b - 0.5 * residual.sum(dim=0))


def test_zero_weights_leave_the_model_untouched():
    split = _small_data(n=40)
    model = SoftmaxRegressionConcise(6, 3, seed=0)
    before = [p.detach().clone() for p in model.parameters()]
    train_weighted(model, split, torch.zeros(40), TrainConfig(num_epochs=2, batch_size=16))
    for a, b in zip(before, model.parameters(), strict=True):
        torch.testing.assert_close(a, b.detach())


# --- the build's fragments ------------------------------------------------------


def _results(gain: float, paired: float = 0.0, z_selection: float = -1.5) -> dict:
    """A small results dict shaped like the shift stage's, with chosen results.

    ``gain``: the retrained model's change on the target; ``paired``: true
    minus estimated weights (SE 0.01); ``z_selection``: the measured target
    accuracy in standard deviations of the selection.
    """
    scores = {"accuracy": 0.8, "log_loss": 0.5}
    draw = {
        "seed": 0,
        "n": 100,
        "priors": [0.5, 0.3, 0.2],
        "estimated": [0.45, 0.35, 0.2],
        "clipped": 0,
        "error": 0.1,
        "error_source": 0.4,
        "before": scores,
        "bbse": {"accuracy": 0.82, "log_loss": 0.45},
        "oracle": {"accuracy": 0.83, "log_loss": 0.44},
    }
    estimate = {"estimate": 0.85, "se": 0.01, "ess": 500.0}
    retrained = {
        "ess": 900.0,
        "target_accuracy": 0.8 + gain,
        "test_accuracy": 0.78,
        "difference": gain,
        "difference_se": 0.01,
        "seconds": 1.0,
    }
    return {
        "classes": ["a", "b", "c"],
        "config": {"num_epochs": 1, "lr": 0.1, "batch_size": 8, "seed": 0},
        "source": {
            "num_train": 1000,
            "num_valid": 200,
            "num_test": 300,
            "valid": scores,
            "test": {"accuracy": 0.79, "log_loss": 0.52},
        },
        "label_shift": {
            "source_priors": [1 / 3] * 3,
            "condition_number": 2.0,
            "max_condition": 100.0,
            "draws": [draw, {**draw, "seed": 1, "clipped": 1}],
        },
        "covariate_shift": {
            "kappa": 15.0,
            "clip": 5.0,
            "num_target": 50,
            "num_domain_source": 100,
            "domain_seconds": 0.1,
            "domain_predicted_target": 0.01,
            "domain_base_rate": 0.33,
            "exact_domain_predicted_target": 0.0,
            "exact_domain_max_odds": 0.9,
            "target_class_counts": [30, 15, 5],
            "weights_valid": {
                "correlation_of_logs": 0.9,
                "mean": 1.0,
                "max": 9.0,
                "max_mean_one": 9.0,
                "clipped_fraction": 0.01,
            },
            "weights_train": {"mean": 1.0, "max_mean_one": 9.0},
            "estimates": {
                key: estimate
                for key in (
                    "unweighted",
                    "beta",
                    "beta_self_normalised",
                    "beta_clipped",
                    "exact",
                    "expected",
                    "target",
                )
            },
            "retrained": {
                "none": {
                    **retrained,
                    "difference": 0.0,
                    "target_accuracy": 0.8,
                    "test_accuracy": 0.8,
                },
                "beta": retrained,
                "exact": retrained,
            },
            "retrained_exact_minus_beta": {"difference": paired, "difference_se": 0.01},
            "selection": {
                "expected": 0.85 - 0.01 * z_selection,
                "sd": 0.01,
                "sd_simulated": 0.0101,
                "z": z_selection,
                "tail_fraction": 0.07,
                "num_selections": 2000,
            },
        },
    }


@pytest.mark.parametrize(
    ("gain", "verdict"),
    [(0.05, "a gain beyond the noise"), (0.01, "within the noise"), (-0.05, "a loss")],
)
def test_the_retraining_verdict_follows_the_numbers(gain, verdict):
    texts = fragments(_results(gain))
    assert verdict in texts["shift_retrain.md"]
    assert "In 1 of the 2 draws a negative ratio was clipped" in texts["shift_label_sentence.md"]
    for name, text in texts.items():
        assert name.startswith("shift_") and text.endswith("\n")


@pytest.mark.parametrize(
    ("paired", "wording"),
    [
        (0.03, "the true weights did better, beyond the noise"),
        (0.01, "the true weights did no better, within the noise"),
        (-0.01, "the true weights did no better, within the noise"),
        (-0.03, "the estimated weights did better, beyond the noise"),
    ],
)
def test_the_two_weightings_are_compared_by_their_paired_difference(paired, wording):
    text = fragments(_results(0.05, paired=paired))["shift_retrain.md"]
    assert wording in text
    assert f"{100 * paired:+.2f} points ± 1.00" in text
    assert "transductive" in text


@pytest.mark.parametrize(
    ("z", "wording"),
    [(-1.5, "within sampling noise"), (-2.5, "more than sampling noise usually gives")],
)
def test_the_target_accuracy_is_judged_by_the_spread_of_the_selection(z, wording):
    text = fragments(_results(0.05, z_selection=z))["shift_estimate.md"]
    assert f"{abs(z):.2f} of these standard deviations below the expected value, {wording}" in text
    assert "1.00% from one selection to the next" in text


def test_the_validation_test_gap_is_worded_from_its_z():
    results = _results(0.05)
    source = results["source"]
    # 80% on 200 validation images against 79% on 300 test images: z = 0.27.
    assert "both within sampling noise" in fragments(results)["shift_estimate.md"]
    source["valid"] = {"accuracy": 0.95, "log_loss": 0.2}
    text = fragments(results)["shift_estimate.md"]
    assert "standard errors of the difference, more than sampling noise usually gives" in text
    assert NOISE_Z == 2.0


def test_the_domain_classifier_is_compared_with_the_exact_posterior():
    text = fragments(_results(0.05))["shift_weights.md"]
    assert "So does the best possible classifier" in text
    assert "predicts the target class for no image of the pool" in text
    assert "largest odds of target over source are 0.90" in text


def test_the_condition_number_is_reported_against_the_limit():
    text = fragments(_results(0.05))["shift_label_sentence.md"]
    assert "is 2.00, well within the limit of 100" in text


def test_the_draws_sentence_counts_the_draws_and_seeds():
    text = fragments(_results(0.05))["shift_draws.md"]
    assert "2 draws of the priors (seeds 0 to 1)" in text


def test_the_page_uses_the_build_stage_constants():
    # The page's code must make the target the build step measures.
    page = Path(__file__).parents[1] / "docs" / "distribution_shift.md"
    text = page.read_text(encoding="utf-8")
    assert f"kappa = {KAPPA!r}" in text
    assert f"train_part.X[:{NUM_DOMAIN_SOURCE:_}]" in text


# --- the Chinese edition ----------------------------------------------------------

CJK = re.compile(r"[\u4e00-\u9fff]")


def _variants() -> list[dict]:
    """Results that, between them, take every branch of every worded sentence."""
    variants = []
    for gain, paired, z in [(0.05, 0.03, -1.5), (0.01, 0.01, -2.5), (-0.05, -0.03, 2.5)]:
        variants.append(_results(gain, paired=paired, z_selection=z))
    other = variants[-1]
    other["label_shift"]["condition_number"] = 500.0  # above the limit
    for draw in other["label_shift"]["draws"]:
        draw["clipped"] = 0  # no ratio clipped
    cov = other["covariate_shift"]
    cov["exact_domain_predicted_target"] = 0.2  # not rare: the other yardstick
    cov["retrained"]["beta"] = {**cov["retrained"]["beta"], "test_accuracy": 0.9}  # no cost
    cov["selection"]["sd"] = 0.1  # wider than the binomial standard error
    other["source"]["valid"] = {"accuracy": 0.95, "log_loss": 0.2}  # gaps worded apart
    for results in variants:
        results["classes"] = ["T-shirt/top", "Sandal", "Bag"]
    return variants


@pytest.mark.parametrize("results", _variants(), ids=["gain", "noise", "loss"])
def test_every_fragment_has_a_chinese_edition(results):
    english, chinese = fragments(results, "en"), fragments(results, "zh")
    assert chinese.keys() == english.keys()
    for name, text in chinese.items():
        assert CJK.search(text), name
        assert text.endswith("\n") and text != english[name]
        # the same numbers, the same tables; no field left unfilled
        assert text.count("|") == english[name].count("|"), name
        assert not re.search(r"\{[a-z_]+\}", text), name
    assert "类别“T恤/上衣”占目标集的" in chinese["shift_target.md"]  # class names in Chinese


def _drawn(k: int = 3) -> dict:
    """A small ``drawn`` dict shaped like the shift stage's, for the figures."""
    generator = torch.Generator().manual_seed(14)
    beta = torch.rand(200, generator=generator, dtype=torch.float64) * 3 + 0.01
    images = torch.randint(0, 256, (k, 1, 28, 28), generator=generator, dtype=torch.uint8)
    return {
        "mean_pixel_source": torch.rand(300, generator=generator) * 0.6,
        "mean_pixel_target": torch.rand(100, generator=generator) * 0.3,
        "beta_valid": beta,
        "exact_valid": beta * (1 + 0.1 * torch.rand(200, generator=generator)),
        "beta_valid_mean_one": beta / beta.mean(),
        "source_images": images,
        "source_labels": torch.tensor([0, 1, 2])[:k],
        "target_images": images,
        "target_labels": torch.tensor([2, 1, 0])[:k],
    }


def test_every_figure_has_a_chinese_edition(tmp_path, caplog):
    from sitebuild import plots, shift_plots
    from sitebuild.i18n import LANGUAGES

    caplog.set_level("WARNING", logger="matplotlib")
    results, drawn = _variants()[0], _drawn()
    outputs = {}
    for lang in LANGUAGES:
        figures = shift_plots.figures(results, drawn, lang)
        assert figures.keys() == shift_plots.figures(results, drawn).keys()
        outputs.update(plots.draw_all(tmp_path, figures, lang))
    english = [name for name in outputs if not name.startswith("zh/")]
    assert len(english) == 8  # four figures, two themes
    for name in english:
        assert f"zh/{name}" in outputs
        svg = (tmp_path / "zh" / name).read_text(encoding="utf-8")
        assert CJK.search(svg), name  # matplotlib keeps each label as a comment
        assert not CJK.search((tmp_path / name).read_text(encoding="utf-8")), name
    # mathtext warns for each glyph it draws as a box (Chinese words in a $...$ label)
    assert not [r for r in caplog.records if "does not have a glyph" in r.getMessage()]
