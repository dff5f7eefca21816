"""A toy data set in the plane: three classes of 2-D points, for pictures.

With ``d = 2`` inputs the decision regions of softmax regression can be drawn:
each is a convex polygon, bounded by the lines where two logits are equal.

>>> points = three_blobs(6, seed=0)
>>> points.X.shape, points.y.tolist()
(torch.Size([6, 2]), [0, 1, 2, 0, 1, 2])
"""

# --8<-- [start:imports]
import torch

from softmax_regression.data import FashionMNISTData, Split
from softmax_regression.models import SoftmaxRegressionScratch
from softmax_regression.training import EpochStats, TrainConfig, train

# --8<-- [end:imports]
# isort: split
import functools
from collections.abc import Callable
from typing import TypeVar

__all__ = ["CLASSES", "TOY_CONFIG", "three_blobs", "train_toy"]

F = TypeVar("F", bound=Callable)


def _checks_blobs(function: F) -> F:
    """Decorate ``three_blobs``: ``n`` a count, ``spread`` positive."""

    @functools.wraps(function)
    def checked(n: int, seed: int, spread: float = 1.0) -> Split:
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"n must be an integer of at least 1, got {n!r}")
        if not spread > 0:
            raise ValueError(f"spread must be positive, got {spread!r}")
        return function(n, seed, spread)

    return checked  # type: ignore[return-value]


@_checks_blobs
# --8<-- [start:three_blobs]
def three_blobs(n: int, seed: int, spread: float = 1.0) -> Split:
    """``n`` points in the plane, classes 0, 1, 2 in turn.

    The class centres lie on a circle of radius 2, at 90, 210 and 330
    degrees; each point is its centre plus Gaussian noise of standard
    deviation ``spread`` in each coordinate.
    """
    generator = torch.Generator().manual_seed(seed)
    y = torch.arange(n) % 3  # (n,), the classes in turn
    angles = torch.tensor([90.0, 210.0, 330.0]).deg2rad()  # (3,)
    centres = 2 * torch.stack([angles.cos(), angles.sin()], dim=1)  # (3, 2)
    noise = torch.randn(n, 2, generator=generator)  # (n, 2)
    return Split(X=centres[y] + spread * noise, y=y)  # X: (n, 2)


# --8<-- [end:three_blobs]


# --8<-- [start:train_toy]
CLASSES = ("class 0", "class 1", "class 2")  # the model sees 0, 1, 2
TOY_CONFIG = TrainConfig(num_epochs=20, lr=0.1, batch_size=32, seed=0)


def train_toy(
    points: Split, config: TrainConfig = TOY_CONFIG
) -> tuple[SoftmaxRegressionScratch, list[EpochStats]]:
    """Softmax regression with d = 2 inputs and q = 3 classes, trained.

    The trainer evaluates on ``data.test`` after each epoch; here that is
    the training points themselves.
    """
    model = SoftmaxRegressionScratch(num_inputs=2, num_outputs=3, seed=0)
    data = FashionMNISTData(train=points, test=points, classes=CLASSES)
    history = train(model, data, config, progress=False)
    return model, history


# --8<-- [end:train_toy]
