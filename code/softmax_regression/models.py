"""The two softmax regression models: written from scratch, and with torch.nn.

Both map a minibatch of images to logits ``O = XW + b`` of shape ``(n, q)``.
They expose the same things to the trainer: ``forward``, ``loss``,
``configure_optimizer`` and ``num_outputs``; and both have ``W``, of shape
``(d, q)``. Built with the same ``seed`` they start from the same weights, so
they take the same steps, up to float rounding.

The decorator :func:`~softmax_regression.checks.checks_inputs`, which the
pages do not show, makes ``forward`` and ``loss`` check their inputs first: a
minibatch of the wrong shape or of integer pixels, or float or one-hot labels,
are clear errors.

>>> model = SoftmaxRegressionScratch(seed=0)
>>> model(torch.zeros(2, 1, 28, 28)).shape
torch.Size([2, 10])
"""

from typing import Literal

# --8<-- [start:imports]
import torch
from torch import nn

from softmax_regression.cross_entropy import cross_entropy
from softmax_regression.sgd import SGD

# --8<-- [end:imports]
# isort: split
from softmax_regression.checks import checks_inputs

__all__ = [
    "IMPLEMENTATIONS",
    "SoftmaxRegressionConcise",
    "SoftmaxRegressionScratch",
    "build_model",
    "initial_weights",
]

Implementation = Literal["scratch", "concise"]
IMPLEMENTATIONS: tuple[Implementation, ...] = ("scratch", "concise")


# --8<-- [start:initial_weights]
def initial_weights(
    num_inputs: int, num_outputs: int, sigma: float, seed: int
) -> torch.Tensor:
    """Draw ``W``, shape ``(d, q)``, from N(0, sigma^2), with its own seed."""
    generator = torch.Generator().manual_seed(seed)
    size = (num_inputs, num_outputs)  # (d, q)
    return torch.normal(0.0, sigma, size=size, generator=generator)


# --8<-- [end:initial_weights]


@checks_inputs
# --8<-- [start:scratch]
class SoftmaxRegressionScratch(nn.Module):
    """Softmax regression with its parameters ``W`` (d, q) and ``b`` (q,)."""

    def __init__(
        self,
        num_inputs: int = 784,
        num_outputs: int = 10,
        sigma: float = 0.01,
        *,
        seed: int = 0,
    ):
        super().__init__()
        self.num_inputs, self.num_outputs = num_inputs, num_outputs  # d, q
        W = initial_weights(num_inputs, num_outputs, sigma, seed)  # (d, q)
        # Same shape (d, q), stored column by column as nn.Linear stores its
        # weight, for the speed of X @ W and its gradient on a CPU (the
        # Performance page times both layouts).
        self.W = nn.Parameter(W.T.contiguous().T)
        self.b = nn.Parameter(torch.zeros(num_outputs))  # (q,), added to rows

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        X = X.reshape(len(X), -1)  # (n, 1, 28, 28) -> (n, d)
        return X @ self.W + self.b  # (n, q) logits O

    def loss(self, O: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return cross_entropy(O, y).mean()  # mean over the minibatch

    def configure_optimizer(self, lr: float) -> SGD:
        return SGD(self.parameters(), lr)


# --8<-- [end:scratch]


@checks_inputs
# --8<-- [start:concise]
class SoftmaxRegressionConcise(nn.Module):
    """Softmax regression from ``torch.nn`` building blocks."""

    def __init__(
        self,
        num_inputs: int = 784,
        num_outputs: int = 10,
        sigma: float = 0.01,
        *,
        seed: int = 0,
    ):
        super().__init__()
        self.num_inputs, self.num_outputs = num_inputs, num_outputs  # d, q
        linear = nn.Linear(num_inputs, num_outputs)
        self.net = nn.Sequential(nn.Flatten(), linear)
        W = initial_weights(num_inputs, num_outputs, sigma, seed)  # (d, q)
        with torch.no_grad():
            linear.weight.copy_(W.T)  # nn.Linear stores the transpose, (q, d)
            linear.bias.zero_()
        self.loss_fn = nn.CrossEntropyLoss()  # takes logits; mean over batch

    @property
    def W(self) -> torch.Tensor:
        """The weights as in ``O = XW + b``, shape (d, q): ``weight.T``."""
        return self.net[1].weight.T  # a view, not a copy

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        return self.net(X)  # (n, q) logits O

    def loss(self, O: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return self.loss_fn(O, y)

    def configure_optimizer(self, lr: float) -> torch.optim.SGD:
        return torch.optim.SGD(self.parameters(), lr=lr)


# --8<-- [end:concise]


def build_model(
    impl: Implementation, *, seed: int = 0
) -> SoftmaxRegressionScratch | SoftmaxRegressionConcise:
    """Build the 784-input, 10-class model of ``"scratch"`` or ``"concise"``."""
    if impl == "scratch":
        return SoftmaxRegressionScratch(seed=seed)
    if impl == "concise":
        return SoftmaxRegressionConcise(seed=seed)
    choices = ", ".join(IMPLEMENTATIONS)
    raise ValueError(f"impl must be one of {choices}, got {impl!r}")
