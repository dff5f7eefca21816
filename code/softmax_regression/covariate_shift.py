"""Covariate shift: importance weights from a domain classifier, and their use.

A softmax regression with two outputs learns to tell source images (class 0)
from target images (class 1); the difference of its two logits, exponentiated
and scaled by the ratio of the two sample sizes, estimates the importance
weight ``beta(x) = p_target(x) / p_source(x)``.

>>> beta = torch.tensor([1.0, 1.0, 1.0, 1.0])
>>> effective_sample_size(beta), effective_sample_size(beta * 1e3)
(4.0, 4.0)
>>> effective_sample_size(torch.tensor([1.0, 0.0, 0.0, 0.0]))
1.0
"""

# --8<-- [start:imports]
import torch
import torch.nn.functional as F

from softmax_regression.data import FashionMNISTData, Split, as_float
from softmax_regression.models import SoftmaxRegressionScratch
from softmax_regression.training import Classifier, TrainConfig, train

# --8<-- [end:imports]

__all__ = [
    "domain_classifier",
    "effective_sample_size",
    "importance_weights",
    "keep_probability",
    "mean_pixel",
    "select_by_mean_pixel",
    "train_weighted",
    "weighted_mean",
]


# --8<-- [start:select_by_mean_pixel]
def mean_pixel(X: torch.Tensor) -> torch.Tensor:
    """``x_bar``: the mean pixel value of each image, shape ``(n,)``."""
    return as_float(X).reshape(len(X), -1).mean(dim=1)  # (n, d) -> (n,)


def keep_probability(
    X: torch.Tensor, kappa: float, m_min: float
) -> torch.Tensor:
    """``pi(x) = min(1, exp(-kappa (x_bar - m_min)))``, shape ``(n,)``."""
    pi = torch.exp(-kappa * (mean_pixel(X) - m_min))  # (n,)
    return pi.clamp(max=1)  # 1 for images as sparse as m_min or sparser


def select_by_mean_pixel(
    X: torch.Tensor, kappa: float, seed: int
) -> torch.Tensor:
    """Keep each image with probability ``pi(x)``, ``m_min`` the least x_bar.

    Returns a boolean mask, shape ``(n,)``: the lower an image's mean pixel
    value, the likelier it is kept.
    """
    pi = keep_probability(X, kappa, mean_pixel(X).min().item())  # (n,)
    generator = torch.Generator().manual_seed(seed)
    return torch.rand(len(X), generator=generator) < pi


# --8<-- [end:select_by_mean_pixel]


# --8<-- [start:domain_classifier]
def domain_classifier(
    X_source: torch.Tensor, X_target: torch.Tensor, config: TrainConfig
) -> SoftmaxRegressionScratch:
    """Train a softmax regression with q = 2: source is 0, target is 1."""
    X = torch.cat([X_source, X_target])  # (n_s + n_t, ...)
    z = torch.cat([torch.zeros(len(X_source)), torch.ones(len(X_target))])
    pool = Split(X, z.long())  # (n_s + n_t,) domain labels
    data = FashionMNISTData(pool, pool, classes=("source", "target"))
    d = X[0].numel()  # pixels per image
    model = SoftmaxRegressionScratch(d, num_outputs=2, seed=config.seed)
    train(model, data, config, progress=False)
    return model


# --8<-- [end:domain_classifier]


# --8<-- [start:importance_weights]
def importance_weights(
    model: Classifier, X: torch.Tensor, n_source: int, n_target: int
) -> torch.Tensor:
    """``beta(x) = exp(o_1 - o_0) n_s / n_t`` for each image, shape ``(n,)``.

    ``model`` is a domain classifier trained on ``n_source`` source and
    ``n_target`` target images; ``o_1 - o_0`` is its target-minus-source
    logit.
    """
    with torch.inference_mode():
        O = model(as_float(X)).double()  # (n, 2): source, target logits
    return torch.exp(O[:, 1] - O[:, 0]) * n_source / n_target  # (n,)


# --8<-- [end:importance_weights]


# --8<-- [start:effective_sample_size]
def effective_sample_size(weights: torch.Tensor) -> float:
    """``(sum w)^2 / sum w^2``: n for equal weights, 1 if one dominates."""
    return (weights.sum() ** 2 / (weights**2).sum()).item()


def weighted_mean(values: torch.Tensor, weights: torch.Tensor) -> float:
    """The self-normalised weighted mean ``sum w v / sum w``."""
    return ((weights * values).sum() / weights.sum()).item()


# --8<-- [end:effective_sample_size]


# --8<-- [start:train_weighted]
def train_weighted(
    model: Classifier, split: Split, weights: torch.Tensor, config: TrainConfig
) -> Classifier:
    """Minibatch SGD on the weighted loss: the mean of ``w_i * loss_i``.

    ``loss_i`` is the cross-entropy of example ``i``, torch's fused version of
    :func:`~softmax_regression.cross_entropy.cross_entropy`.

    The same shuffle as :func:`~softmax_regression.training.train`: with all
    weights 1 it takes the same steps.
    """
    optimizer = model.configure_optimizer(config.lr)
    generator = torch.Generator().manual_seed(config.seed)
    for _ in range(config.num_epochs):
        order = torch.randperm(len(split), generator=generator)  # (n,)
        for rows in order.split(config.batch_size):  # (batch_size,) indices
            O = model(as_float(split.X[rows]))  # (batch_size, q) logits
            losses = F.cross_entropy(O, split.y[rows], reduction="none")
            loss = (weights[rows] * losses).mean()  # weighted empirical risk
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    return model


# --8<-- [end:train_weighted]
