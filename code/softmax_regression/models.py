"""The two softmax regression models: written from scratch, and with ``torch.nn``.

Both map a minibatch of images to logits ``O = XW + b`` of shape ``(n, q)``.
They expose the same three things to the trainer: ``forward``, ``loss`` and
``configure_optimizer``. Built with the same ``seed`` they start from the same
weights, so they follow the same training trajectory.

>>> model = SoftmaxRegressionScratch(seed=0)
>>> model(torch.zeros(2, 1, 28, 28)).shape
torch.Size([2, 10])
"""

from typing import Literal

# --8<-- [start:imports]
import torch
from torch import nn

from softmax_regression.checks import check_images, check_labels
from softmax_regression.cross_entropy import cross_entropy
from softmax_regression.sgd import SGD

# --8<-- [end:imports]

__all__ = ["IMPLEMENTATIONS", "SoftmaxRegressionConcise", "SoftmaxRegressionScratch", "build_model"]

Implementation = Literal["scratch", "concise"]
IMPLEMENTATIONS: tuple[Implementation, ...] = ("scratch", "concise")


# --8<-- [start:initial_weights]
def initial_weights(num_inputs: int, num_outputs: int, sigma: float, seed: int) -> torch.Tensor:
    """Draw ``W`` of shape ``(num_inputs, num_outputs)`` from N(0, sigma^2) with its own generator."""
    generator = torch.Generator().manual_seed(seed)
    return torch.normal(0.0, sigma, size=(num_inputs, num_outputs), generator=generator)


# --8<-- [end:initial_weights]


# --8<-- [start:scratch]
class SoftmaxRegressionScratch(nn.Module):
    """Softmax regression with its parameters ``W`` (d, q) and ``b`` (q,) held by hand."""

    def __init__(
        self, num_inputs: int = 784, num_outputs: int = 10, sigma: float = 0.01, *, seed: int = 0
    ):
        super().__init__()
        self.num_outputs = num_outputs  # q
        W = initial_weights(num_inputs, num_outputs, sigma, seed)  # (d, q)
        # Same shape (d, q), stored column by column (as nn.Linear stores its weight): on a CPU,
        # X @ W and its gradient X.T @ G run much faster with this memory layout (see Performance).
        self.W = nn.Parameter(W.T.contiguous().T)
        self.b = nn.Parameter(torch.zeros(num_outputs))  # (q,), broadcast over the rows

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        check_images(X, num_inputs=self.W.shape[0])
        X = X.reshape(len(X), -1)  # (n, 1, 28, 28) -> (n, d)
        return X @ self.W + self.b  # (n, q) logits O

    def loss(self, O: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return cross_entropy(O, y).mean()  # minibatch mean of the per-example losses

    def configure_optimizer(self, lr: float) -> SGD:
        return SGD(self.parameters(), lr)


# --8<-- [end:scratch]


# --8<-- [start:concise]
class SoftmaxRegressionConcise(nn.Module):
    """Softmax regression from ``torch.nn`` building blocks."""

    def __init__(
        self, num_inputs: int = 784, num_outputs: int = 10, sigma: float = 0.01, *, seed: int = 0
    ):
        super().__init__()
        self.num_outputs = num_outputs  # q
        self.net = nn.Sequential(nn.Flatten(), nn.Linear(num_inputs, num_outputs))
        W = initial_weights(num_inputs, num_outputs, sigma, seed)  # (d, q), as in the scratch model
        with torch.no_grad():
            self.net[1].weight.copy_(W.T)  # nn.Linear stores the transpose, (q, d)
            self.net[1].bias.zero_()
        self.loss_fn = nn.CrossEntropyLoss()  # takes logits; mean over the minibatch

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        check_images(X, num_inputs=self.net[1].in_features)
        return self.net(X)  # (n, q) logits O

    def loss(self, O: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        check_labels(y, num_classes=O.shape[1], num_examples=O.shape[0])
        return self.loss_fn(O, y)

    def configure_optimizer(self, lr: float) -> torch.optim.SGD:
        return torch.optim.SGD(self.parameters(), lr=lr)


# --8<-- [end:concise]


def build_model(
    impl: Implementation, *, seed: int = 0
) -> SoftmaxRegressionScratch | SoftmaxRegressionConcise:
    """Build the 784-input, 10-class model of one implementation, ``"scratch"`` or ``"concise"``."""
    if impl == "scratch":
        return SoftmaxRegressionScratch(seed=seed)
    if impl == "concise":
        return SoftmaxRegressionConcise(seed=seed)
    raise ValueError(f"impl must be one of {', '.join(IMPLEMENTATIONS)}, got {impl!r}")
