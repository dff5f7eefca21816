"""The training loop, shared by both implementations.

The whole data set is checked once, before the first epoch, so the loop checks
no batch. The loop adds up plain Python numbers, each batch's loss times its
size and its number of correct predictions, and stops at the first batch whose
loss is not finite. It runs torch on ``config.num_threads`` threads (one by
default) and gives torch back its previous number of threads when it ends.
"""

# --8<-- [start:imports]
import contextlib
import math
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Protocol

import torch
from tqdm import tqdm

from softmax_regression.accuracy import num_correct
from softmax_regression.batching import minibatches
from softmax_regression.data import FashionMNISTData, Split

# --8<-- [end:imports]
# isort: split
from softmax_regression.checks import check_label_range, check_labels, check_lr

__all__ = [
    "Classifier",
    "ConfigError",
    "EpochStats",
    "TrainConfig",
    "TrainingDiverged",
    "check_dataset",
    "evaluate_accuracy",
    "torch_threads",
    "train",
]


class ConfigError(ValueError):
    """A bad value in a :class:`TrainConfig`; ``field`` names the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _check_count(field: str, value: object, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ConfigError(
            field,
            f"{field} must be an integer of at least {minimum}, got {value!r}",
        )


def _check_threads(value: object) -> None:
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int) or value < 1
    ):
        raise ConfigError(
            "num_threads",
            "num_threads must be None (keep torch's setting) or an integer "
            f"of at least 1, got {value!r}",
        )


def _check_lr(value: object) -> None:
    try:
        check_lr(value)
    except (TypeError, ValueError) as error:
        raise ConfigError("lr", str(error)) from None


@dataclass(frozen=True)
class TrainConfig:
    """Hyperparameters of one training run; the defaults are the book's.

    Raises:
        ConfigError: a field has a bad value; ``error.field`` names it.
    """

    num_epochs: int = 10
    lr: float = 0.1
    batch_size: int = 256
    # Seeds the shuffle of the training examples; the CLI and the site's build
    # also seed the initial weights with it (build_model(impl, seed=seed)).
    seed: int = 0
    # The torch threads while training; None keeps torch's own setting. One:
    # on two busy cores two threads spin against each other, and at this
    # size one thread loses little on a quiet machine (the Performance page).
    num_threads: int | None = 1

    def __post_init__(self) -> None:
        _check_count("num_epochs", self.num_epochs, 1)
        _check_lr(self.lr)
        _check_count("batch_size", self.batch_size, 1)
        _check_count("seed", self.seed, 0)
        _check_threads(self.num_threads)


@dataclass(frozen=True)
class EpochStats:
    """What one epoch measured."""

    epoch: int  # counted from 1
    train_loss: float  # mean cross-entropy over the epoch's training examples
    train_acc: float  # accuracy on the training examples, as they were seen
    test_acc: float  # accuracy on the test set after the epoch
    seconds: float  # wall time of the epoch, evaluation included

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


class TrainingDiverged(RuntimeError):
    """The loss became NaN or infinite; the message names where and why."""

    def __init__(self, loss: float, epoch: int, batch: int, lr: float) -> None:
        super().__init__(
            f"the loss became {loss} at epoch {epoch}, batch {batch}. "
            f"The learning rate lr={lr} is probably too large "
            "(the book uses 0.1); try a smaller one."
        )
        self.epoch, self.batch, self.lr = epoch, batch, lr


class Classifier(Protocol):
    """What :func:`train` needs of a model (both models of the package)."""

    num_outputs: int

    def __call__(self, X: torch.Tensor) -> torch.Tensor: ...
    def loss(self, O: torch.Tensor, y: torch.Tensor) -> torch.Tensor: ...
    def configure_optimizer(self, lr: float) -> torch.optim.Optimizer: ...


@contextlib.contextmanager
def torch_threads(num_threads: int | None) -> Iterator[None]:
    """Run a block on ``num_threads`` torch threads, then restore the number.

    The previous number is restored however the block ends, an exception
    included. ``None`` leaves torch's setting alone.
    """
    if num_threads is None:
        yield
        return
    previous = torch.get_num_threads()
    torch.set_num_threads(num_threads)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


# --8<-- [start:evaluate_accuracy]
def evaluate_accuracy(
    model: Classifier, split: Split, batch_size: int = 8192
) -> float:
    """Accuracy of ``model`` on a whole split, without recording gradients."""
    correct = 0
    with torch.inference_mode():
        for X, y in minibatches(split.X, split.y, batch_size):
            correct += num_correct(model(X), y)
    return correct / len(split)


# --8<-- [end:evaluate_accuracy]


def check_dataset(data: FashionMNISTData, num_classes: int) -> None:
    """Check the whole data set once, so the loop does not check any batch.

    Both splits must be non-empty, their images uint8 pixels (converted
    batch by batch) or finite float32 numbers, their labels integers in
    ``0..num_classes-1``, one per image.
    """
    for name, split in (("train", data.train), ("test", data.test)):
        if len(split) == 0:
            raise ValueError(f"the {name} split is empty")
        if split.X.dtype not in (torch.uint8, torch.float32):
            raise TypeError(
                f"{name} images must be uint8 or float32, got {split.X.dtype}"
            )
        check_labels(split.y, len(split.X), name=f"{name} labels")
        check_label_range(split.y, num_classes, name=f"{name} labels")
        if split.X.dtype == torch.uint8:
            continue  # bytes are always finite
        low, high = torch.aminmax(split.X)  # one pass; NaN propagates to both
        if not (torch.isfinite(low) and torch.isfinite(high)):
            raise ValueError(
                f"the {name} images contain NaN or infinite values"
            )


# --8<-- [start:train]
def train(
    model: Classifier,
    data: FashionMNISTData,
    config: TrainConfig,
    *,
    progress: bool | None = None,
) -> list[EpochStats]:
    """Train ``model`` with minibatch SGD; evaluate it after each epoch.

    Args:
        model: a model with ``forward``, ``loss`` and ``configure_optimizer``.
        data: the training and test splits, in memory: images uint8 or
            float32.
        config: epochs, learning rate, batch size, shuffle seed and the
            number of torch threads (restored when training ends).
        progress: show a progress bar; by default only when stderr is a
            terminal.

    Returns:
        One :class:`EpochStats` per epoch. Same seed, same machine: same
        numbers.

    Raises:
        TrainingDiverged: the loss became NaN or infinite; the message names
            the epoch, the batch and the learning rate.
    """
    check_dataset(data, model.num_outputs)
    optimizer = model.configure_optimizer(config.lr)
    generator = torch.Generator().manual_seed(config.seed)
    X_train, y_train = data.train.X, data.train.y  # images uint8 or float32
    n = len(data.train)
    history = []
    bar = tqdm(
        range(1, config.num_epochs + 1),
        desc="training",
        unit="epoch",
        disable=None if progress is None else not progress,
    )
    with torch_threads(config.num_threads):  # restored when it ends
        for epoch in bar:
            start = time.perf_counter()
            total_loss, correct = 0.0, 0  # sums over the epoch's examples
            batches = minibatches(
                X_train, y_train, config.batch_size, generator=generator
            )
            for batch, (X, y) in enumerate(batches, start=1):
                O = model(X)  # (batch_size, q) logits
                loss = model.loss(O, y)  # scalar: mean over the batch
                batch_loss = loss.item()  # a Python float
                if not math.isfinite(batch_loss):  # NaN or infinite: stop here
                    raise TrainingDiverged(batch_loss, epoch, batch, config.lr)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                total_loss += batch_loss * len(y)  # the batch's sum of losses
                correct += num_correct(O, y)
            stats = EpochStats(
                epoch=epoch,
                train_loss=total_loss / n,  # mean over all n examples
                train_acc=correct / n,
                test_acc=evaluate_accuracy(model, data.test),
                seconds=time.perf_counter() - start,
            )
            history.append(stats)
            bar.set_postfix(
                loss=f"{stats.train_loss:.3f}", test_acc=f"{stats.test_acc:.3f}"
            )
    return history


# --8<-- [end:train]
