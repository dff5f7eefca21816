"""Fashion-MNIST as in-memory tensors, loaded once through torchvision.

The whole data set is 70,000 images of 28x28 pixels: as float32, four bytes
a pixel, it is still small enough to hold in memory (the data page prints its
size in MiB). Converting it once, as a single tensor operation, replaces the
per-image ``ToTensor`` work a ``DataLoader`` would repeat every epoch.
"""

# --8<-- [start:imports]
import os
from dataclasses import dataclass
from pathlib import Path

import torch
from torchvision.datasets import FashionMNIST

from softmax_regression.data_files import locate_fashion_mnist

# --8<-- [end:imports]

__all__ = ["FashionMNISTData", "Split", "load_fashion_mnist"]


# --8<-- [start:classes]
@dataclass(frozen=True)
class Split:
    """One split of the data set: images ``X`` and their labels ``y``."""

    X: torch.Tensor  # (n, 1, 28, 28), float32 in [0, 1]
    y: torch.Tensor  # (n,), int64 class indices

    def __len__(self) -> int:
        return len(self.y)


@dataclass(frozen=True)
class FashionMNISTData:
    """The training and test splits and the names of the ten classes."""

    train: Split
    test: Split
    classes: tuple[str, ...]


# --8<-- [end:classes]


# --8<-- [start:load]
def load_split(root: Path, train: bool) -> Split:
    """Read one split with torchvision; convert all of it to tensors at once."""
    dataset = FashionMNIST(root, train=train, download=False)
    X = dataset.data.unsqueeze(1)  # (n, 28, 28) -> (n, 1, 28, 28), uint8
    X = X.float().div_(255)  # float32 in [0, 1], divided in place
    return Split(X=X, y=dataset.targets)  # targets: (n,) int64


def load_fashion_mnist(
    data_dir: str | os.PathLike | None = None,
    *,
    cache_dir: str | os.PathLike | None = None,
    download: bool = True,
) -> FashionMNISTData:
    """Load Fashion-MNIST into memory, finding and verifying the files first.

    Args:
        data_dir: a directory holding the four original files; see
            :func:`~softmax_regression.data_files.locate_fashion_mnist` for
            where the files are looked for when it is not given.
        cache_dir: where verified copies are kept (default: the project's
            ``data/``).
        download: let torchvision download the files when no other source
            has them.

    Raises:
        DataError: a file is missing, truncated or corrupted; the message says
            how to get it.
    """
    root = locate_fashion_mnist(
        data_dir, cache_dir=cache_dir, download=download
    )
    train = load_split(root, train=True)
    test = load_split(root, train=False)
    classes = tuple(FashionMNIST.classes)  # 'T-shirt/top', 'Trouser', ...
    return FashionMNISTData(train=train, test=test, classes=classes)


# --8<-- [end:load]
