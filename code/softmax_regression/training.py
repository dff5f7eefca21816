"""The training loop, shared by both implementations.

The loop never waits for a number inside an epoch: losses and correct counts
are summed as tensors, and each batch's loss is stored, so one read at the end
of the epoch gives its statistics and, if the loss went non-finite, the first
batch where it did.
"""

# --8<-- [start:imports]
import time
from dataclasses import asdict, dataclass
from typing import Protocol

import torch
from tqdm import tqdm

from softmax_regression.accuracy import num_correct
from softmax_regression.batching import minibatches
from softmax_regression.checks import check_labels, check_lr
from softmax_regression.data import FashionMNISTData, Split

# --8<-- [end:imports]

__all__ = [
    "Classifier",
    "EpochStats",
    "TrainConfig",
    "TrainingDiverged",
    "check_dataset",
    "evaluate_accuracy",
    "train",
]


def _check_count(name: str, value: object, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"{name} must be an integer of at least {minimum}, got {value!r}")


@dataclass(frozen=True)
class TrainConfig:
    """Hyperparameters of one training run; the defaults are the book's."""

    num_epochs: int = 10
    lr: float = 0.1
    batch_size: int = 256
    seed: int = 0  # seeds the shuffle of the training examples

    def __post_init__(self) -> None:
        _check_count("num_epochs", self.num_epochs, 1)
        check_lr(self.lr)
        _check_count("batch_size", self.batch_size, 1)
        _check_count("seed", self.seed, 0)


@dataclass(frozen=True)
class EpochStats:
    """What one epoch measured."""

    epoch: int  # counted from 1
    train_loss: float  # mean cross-entropy over the epoch's minibatches, weighted by size
    train_acc: float  # accuracy on the training examples as they were seen during the epoch
    test_acc: float  # accuracy on the test set after the epoch
    seconds: float  # wall time of the epoch, evaluation included

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


class TrainingDiverged(RuntimeError):
    """The loss became NaN or infinite."""

    @classmethod
    def from_losses(cls, epoch: int, batch_losses: torch.Tensor, lr: float) -> "TrainingDiverged":
        """The error for an epoch whose per-batch losses include a NaN or an infinity."""
        batch = int(torch.nonzero(~torch.isfinite(batch_losses))[0]) + 1
        return cls(
            f"the loss became {batch_losses[batch - 1].item()} at epoch {epoch}, batch {batch} of "
            f"{len(batch_losses)}. The learning rate lr={lr} is probably too large (the book uses 0.1); "
            "try a smaller one."
        )


class Classifier(Protocol):
    """What :func:`train` needs of a model (both models in :mod:`softmax_regression.models` have it)."""

    num_outputs: int

    def __call__(self, X: torch.Tensor) -> torch.Tensor: ...
    def loss(self, O: torch.Tensor, y: torch.Tensor) -> torch.Tensor: ...
    def configure_optimizer(self, lr: float) -> torch.optim.Optimizer: ...


# --8<-- [start:evaluate_accuracy]
def evaluate_accuracy(model: Classifier, split: Split, batch_size: int = 8192) -> float:
    """Accuracy of ``model`` on a whole split, without recording gradients."""
    correct = torch.zeros((), dtype=torch.int64)
    with torch.inference_mode():
        for X, y in minibatches(split.X, split.y, batch_size):
            correct += num_correct(model(X), y)
    return correct.item() / len(split)


# --8<-- [end:evaluate_accuracy]


def check_dataset(data: FashionMNISTData, num_classes: int) -> None:
    """Check the whole data set once, so the loop does not have to."""
    for name, split in (("train", data.train), ("test", data.test)):
        if len(split) == 0:
            raise ValueError(f"the {name} split is empty")
        if split.X.dtype != torch.float32:
            raise TypeError(f"{name} images must be float32, got {split.X.dtype}")
        check_labels(split.y, num_classes, len(split.X), name=f"{name} labels")
        low, high = torch.aminmax(split.X)  # one pass, no temporary; NaN propagates to both
        if not (torch.isfinite(low) and torch.isfinite(high)):
            raise ValueError(f"the {name} images contain NaN or infinite values")


# --8<-- [start:train]
def train(
    model: Classifier, data: FashionMNISTData, config: TrainConfig, *, progress: bool | None = None
) -> list[EpochStats]:
    """Train ``model`` on ``data.train`` with minibatch SGD; evaluate on ``data.test`` after each epoch.

    Args:
        model: a model with ``forward``, ``loss`` and ``configure_optimizer``.
        data: the training and test splits, in memory.
        config: epochs, learning rate, batch size and shuffle seed.
        progress: show a progress bar; by default only when stderr is a terminal.

    Returns:
        One :class:`EpochStats` per epoch. Same seed, same machine: same numbers.

    Raises:
        TrainingDiverged: the loss became NaN or infinite; the message names the epoch and batch.
    """
    check_dataset(data, model.num_outputs)
    optimizer = model.configure_optimizer(config.lr)
    generator = torch.Generator().manual_seed(config.seed)
    history = []
    bar = tqdm(
        range(1, config.num_epochs + 1),
        desc="training",
        unit="epoch",
        disable=None if progress is None else not progress,
    )
    for epoch in bar:
        start = time.perf_counter()
        batch_losses, batch_sizes = [], []  # one 0-d loss tensor and one count per batch
        correct = torch.zeros((), dtype=torch.int64)
        for X, y in minibatches(data.train.X, data.train.y, config.batch_size, generator=generator):
            O = model(X)  # (batch_size, q) logits
            loss = model.loss(O, y)  # scalar: mean over the batch
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            batch_losses.append(loss.detach())  # kept as a tensor: no read-back here
            batch_sizes.append(len(y))
            correct += num_correct(O.detach(), y)
        losses = torch.stack(batch_losses)  # (num_batches,) the minibatch means
        if not torch.isfinite(losses).all():  # one check per epoch
            raise TrainingDiverged.from_losses(epoch, losses, config.lr)
        sizes = torch.tensor(batch_sizes, dtype=losses.dtype)  # (num_batches,), the last is smaller
        stats = EpochStats(
            epoch=epoch,
            train_loss=(losses @ sizes).item() / len(data.train),  # each batch weighted by its size
            train_acc=correct.item() / len(data.train),
            test_acc=evaluate_accuracy(model, data.test),
            seconds=time.perf_counter() - start,
        )
        history.append(stats)
        bar.set_postfix(loss=f"{stats.train_loss:.3f}", test_acc=f"{stats.test_acc:.3f}")
    return history


# --8<-- [end:train]
