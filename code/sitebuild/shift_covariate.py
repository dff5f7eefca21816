"""The covariate-shift experiment of the shift stage.

The target keeps each test image with a probability that falls with its mean
pixel value. A domain classifier estimates the importance weights; the stage
compares them with the true ones (known, since we made the target), estimates
the source model's target accuracy with them, and retrains the model with the
weighted loss.
"""

import math
import time

import torch

from sitebuild.stats import paired_difference
from softmax_regression import Split, as_float, build_model
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

__all__ = [
    "CLIP",
    "KAPPA",
    "experiment",
    "selection_spread",
    "true_weights",
]

KAPPA = 15.0  # the preference for a low mean pixel value
NUM_DOMAIN_SOURCE = 10_000  # source images the domain classifier sees
CLIP = 5.0  # estimates: weights above this (scaled to mean 1) are cut
EXAMPLES = 10  # images of each domain shown
NUM_SELECTIONS = 2_000  # selections simulated to check the spread of ours


def true_weights(
    X_source: torch.Tensor, X_test: torch.Tensor, *Xs: torch.Tensor
) -> tuple[torch.Tensor, ...]:
    """``beta(x) = pi(x) / Z`` for the images of each of ``Xs``, in float64.

    ``pi`` is the probability of keeping an image (``m_min`` the lowest mean
    pixel value of ``X_test``, capped at 1 for sparser images) and ``Z`` its
    mean over ``X_source``, so that the weights average 1 over the source.
    """
    m_min = mean_pixel(X_test).min().item()
    scale = keep_probability(X_source, KAPPA, m_min).double().mean()  # Z
    return tuple(keep_probability(X, KAPPA, m_min).double() / scale for X in Xs)


def selection_spread(
    pi: torch.Tensor, correct: torch.Tensor, measured: float, seed: int = 1
) -> dict[str, float]:
    """How the accuracy of a target set selected from the test set varies.

    Each test image ``i`` is kept with probability ``pi[i]``, and the target's
    accuracy is ``sum_i K_i c_i / sum_i K_i`` (``c_i`` 1 if the model is right).
    Given the test set, its expected value is ``mu = sum pi c / sum pi``; its
    standard deviation by the delta method is
    ``sqrt(sum pi (1 - pi) (c - mu)^2) / sum pi``. The simulation repeats the
    selection ``NUM_SELECTIONS`` times and counts how often it lands as far
    from ``mu`` as ``measured``, on the same side.
    """
    pi, c = pi.double(), correct.double()
    mu = (pi * c).sum() / pi.sum()
    sd = (pi * (1 - pi) * (c - mu) ** 2).sum().sqrt() / pi.sum()
    generator = torch.Generator().manual_seed(seed)
    accuracies = []
    for _ in range(NUM_SELECTIONS // 100):  # 100 selections at a time
        K = (torch.rand(100, len(pi), generator=generator, dtype=torch.float64) < pi).double()
        accuracies.append((K @ c) / K.sum(dim=1))  # (100,)
    simulated = torch.cat(accuracies)  # (NUM_SELECTIONS,)
    below = measured < mu.item()
    tail = (simulated <= measured) if below else (simulated >= measured)
    return {
        "expected": mu.item(),
        "sd": sd.item(),
        "sd_simulated": simulated.std().item(),
        "z": (measured - mu.item()) / sd.item(),
        "tail_fraction": tail.double().mean().item(),
        "num_selections": len(simulated),
    }


def _self_normalised(values, weights) -> dict[str, float]:
    """Self-normalised weighted mean, its standard error and the ESS."""
    mean = weighted_mean(values, weights)
    spread = (weights**2 * (values - mean) ** 2).sum().sqrt() / weights.sum()
    return {
        "estimate": mean,
        "se": spread.item(),
        "ess": effective_sample_size(weights),
    }


def _accuracy_estimates(correct, beta, exact, correct_test, exact_test) -> dict:
    """Estimates of the source model's target accuracy, with their SE and ESS.

    ``correct``, ``beta`` and ``exact`` are per validation image (right or
    wrong, estimated and true weight); ``correct_test`` and ``exact_test`` per
    test image.
    """
    n_v = len(correct)
    unnormalised = beta * correct  # (n_v,), the terms of the plain estimate
    return {
        "unweighted": _self_normalised(correct, torch.ones(n_v)),
        "beta": {
            "estimate": unnormalised.mean().item(),
            "se": unnormalised.std().item() / math.sqrt(n_v),
            "ess": effective_sample_size(beta),
        },
        "beta_self_normalised": _self_normalised(correct, beta),
        "beta_clipped": _self_normalised(correct, (beta / beta.mean()).clamp(max=CLIP)),
        "exact": _self_normalised(correct, exact),
        # the mean over many target sets drawn like ours, from the test set
        "expected": _self_normalised(correct_test, exact_test),
    }


def _retrain(weightings, train_part, target, test, correct_target, config) -> tuple[dict, dict]:
    """Retrain the model with each weighting; its accuracy and the paired change.

    Also returns each retrained model's right-or-wrong indicators on the target.
    """
    retrained, corrects = {}, {}
    for name, weights in weightings.items():
        start = time.perf_counter()
        weights = (weights / weights.mean()).float()  # mean 1: lr keeps its meaning
        model = build_model("concise", seed=config.seed)
        train_weighted(model, train_part, weights, config)
        with torch.inference_mode():
            correct = (model(as_float(target.X)).argmax(dim=1) == target.y).double()
            test_accuracy = (model(as_float(test.X)).argmax(dim=1) == test.y).double().mean()
        change = paired_difference(correct, correct_target)
        difference, difference_se = change["mean"], change["se"]
        corrects[name] = correct
        retrained[name] = {
            "ess": effective_sample_size(weights.double()),
            "target_accuracy": correct.mean().item(),
            "test_accuracy": test_accuracy.item(),
            "difference": difference,
            "difference_se": difference_se,
            "seconds": time.perf_counter() - start,
        }
        print(
            f"  retrained  {name:<13} target accuracy {correct.mean():.4f} "
            f"({retrained[name]['seconds']:.1f} s)",
            flush=True,
        )
    return retrained, corrects


def experiment(model, train_part, valid, test, config) -> tuple[dict, dict]:
    """Domain classifier, importance weights, estimates and retraining."""
    keep = select_by_mean_pixel(test.X, KAPPA, seed=0)
    target = Split(test.X[keep], test.y[keep])
    n_t = len(target)
    start = time.perf_counter()
    source_sample = train_part.X[:NUM_DOMAIN_SOURCE]
    domain = domain_classifier(source_sample, target.X, config)
    domain_seconds = time.perf_counter() - start
    with torch.inference_mode():
        pool = torch.cat([source_sample, target.X])
        predicted_target = domain(as_float(pool)).argmax(dim=1).double().mean().item()
    beta_train = importance_weights(domain, train_part.X, NUM_DOMAIN_SOURCE, n_t)
    beta_valid = importance_weights(domain, valid.X, NUM_DOMAIN_SOURCE, n_t)
    # The true ratio, known here because we made the target: the probability
    # of keeping an image, normalised to mean 1 on the source.
    exact_train, exact_valid, exact_test, exact_pool = true_weights(
        train_part.X, test.X, train_part.X, valid.X, test.X, pool
    )
    exact_odds = exact_pool * n_t / NUM_DOMAIN_SOURCE  # P(z=1 | x) / P(z=0 | x)

    with torch.inference_mode():
        correct = {
            name: (model(as_float(split.X)).argmax(dim=1) == split.y).double()
            for name, split in (("valid", valid), ("target", target), ("test", test))
        }
    estimates = _accuracy_estimates(
        correct["valid"], beta_valid, exact_valid, correct["test"], exact_test
    )
    accuracy_target = correct["target"].mean().item()
    estimates["target"] = {
        "estimate": accuracy_target,
        "se": math.sqrt(accuracy_target * (1 - accuracy_target) / n_t),
        "ess": float(n_t),
    }
    m_min = mean_pixel(test.X).min().item()
    selection = selection_spread(
        keep_probability(test.X, KAPPA, m_min), correct["test"], accuracy_target
    )
    weightings = {"beta": beta_train, "exact": exact_train}
    retrained_models, corrects = _retrain(
        weightings, train_part, target, test, correct["target"], config
    )
    exact = paired_difference(corrects["exact"], corrects["beta"])
    exact_minus_beta, exact_minus_beta_se = exact["mean"], exact["se"]
    retrained = {
        "none": {
            "ess": float(len(train_part)),
            "target_accuracy": accuracy_target,
            "test_accuracy": correct["test"].mean().item(),
            "difference": 0.0,
            "difference_se": 0.0,
            "seconds": 0.0,
        },
        **retrained_models,
    }
    q = int(test.y.max()) + 1
    valid_mean_one = beta_valid / beta_valid.mean()
    log_beta, log_exact = beta_valid.log(), exact_valid.log()
    correlation = torch.corrcoef(torch.stack([log_beta, log_exact]))[0, 1]
    results = {
        "kappa": KAPPA,
        "clip": CLIP,
        "num_target": n_t,
        "num_domain_source": NUM_DOMAIN_SOURCE,
        "domain_seconds": domain_seconds,
        "domain_predicted_target": predicted_target,
        "domain_base_rate": n_t / (NUM_DOMAIN_SOURCE + n_t),
        # the exact domain posterior, from the true weights, on the same pool
        "exact_domain_predicted_target": (exact_odds > 1).double().mean().item(),
        "exact_domain_max_odds": exact_odds.max().item(),
        "target_class_counts": torch.bincount(target.y, minlength=q).tolist(),
        "weights_valid": {
            "correlation_of_logs": correlation.item(),
            "mean": beta_valid.mean().item(),
            "max": beta_valid.max().item(),
            "max_mean_one": valid_mean_one.max().item(),
            "clipped_fraction": (valid_mean_one > CLIP).double().mean().item(),
        },
        "weights_train": {
            "mean": beta_train.mean().item(),
            "max_mean_one": (beta_train / beta_train.mean()).max().item(),
        },
        "estimates": estimates,
        "selection": selection,
        "retrained": retrained,
        "retrained_exact_minus_beta": {
            "difference": exact_minus_beta,
            "difference_se": exact_minus_beta_se,
        },
    }
    drawn = {  # what the figures draw, not written to the json
        "mean_pixel_source": mean_pixel(train_part.X),
        "mean_pixel_target": mean_pixel(target.X),
        "beta_valid": beta_valid,
        "exact_valid": exact_valid,
        "beta_valid_mean_one": valid_mean_one,
        "source_images": valid.X[:EXAMPLES],
        "source_labels": valid.y[:EXAMPLES],
        "target_images": target.X[:EXAMPLES],
        "target_labels": target.y[:EXAMPLES],
    }
    return results, drawn
