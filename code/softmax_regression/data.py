"""Fashion-MNIST as in-memory tensors, read straight from the original files.

The whole data set is 70,000 images of 28x28 pixels. They are kept as the
files hold them, one byte (``uint8``) a pixel: 52 MiB, a quarter of what
float32 would take (the data page computes both sizes). A minibatch is
converted to float32 in [0, 1] when it is drawn, by :func:`as_float`, which
gives exactly the numbers a conversion of the whole set would.
"""

# --8<-- [start:imports]
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from softmax_regression.data_files import idx_shape, locate_fashion_mnist

# --8<-- [end:imports]

__all__ = [
    "CLASSES",
    "FashionMNISTData",
    "Split",
    "as_float",
    "load_fashion_mnist",
    "read_idx",
]


# --8<-- [start:classes]
@dataclass(frozen=True)
class Split:
    """One split of the data set: images ``X`` and their labels ``y``."""

    X: torch.Tensor  # (n, 1, 28, 28), uint8 pixels 0..255 (or float32)
    y: torch.Tensor  # (n,), int64 class indices

    def __len__(self) -> int:
        return len(self.y)


@dataclass(frozen=True)
class FashionMNISTData:
    """The training and test splits and the names of the ten classes."""

    train: Split
    test: Split
    classes: tuple[str, ...]


# the names of the classes 0 to 9, as torchvision and the data set's authors
# write them
CLASSES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)


# --8<-- [end:classes]


# --8<-- [start:as_float]
def as_float(X: torch.Tensor) -> torch.Tensor:
    """Images as float32 in [0, 1]: uint8 pixels divided by 255.

    Images of any other dtype (float32 synthetic data, the 2-D toy) are
    returned as they are: the same tensor, no copy.
    """
    if X.dtype == torch.uint8:  # pixels 0..255, as the files hold them
        return X.float().div_(255)  # one new float32 tensor, divided in place
    return X


# --8<-- [end:as_float]


# --8<-- [start:read_idx]
IMAGES, LABELS = 2051, 2049  # the magic numbers: 0x0803 and 0x0801


def read_idx(path: Path, magic: int) -> torch.Tensor:
    """Read an IDX file of unsigned bytes into a uint8 tensor of its shape.

    The file starts with big-endian 32-bit integers: the magic number, then
    one size per dimension (n, rows, cols for images; n for labels). The
    values follow, one byte each.
    """
    num_dims = magic % 256  # the magic number's last byte: 3 or 1
    with path.open("rb") as file:
        header = file.read(4 * (1 + num_dims))  # magic number and sizes
        values = np.fromfile(file, dtype=np.uint8)  # the rest, in one read
    shape = idx_shape(path, header, magic, len(values))  # checked
    return torch.from_numpy(values).reshape(shape)  # no copy: shares memory


# --8<-- [end:read_idx]


# --8<-- [start:load]
def load_split(raw: Path, prefix: str) -> Split:
    """Read the images and labels of one split (prefix "train" or "t10k")."""
    X = read_idx(raw / f"{prefix}-images-idx3-ubyte", IMAGES)  # (n, 28, 28)
    y = read_idx(raw / f"{prefix}-labels-idx1-ubyte", LABELS)  # (n,)
    return Split(X=X.unsqueeze(1), y=y.long())  # X (n, 1, 28, 28), y int64


def load_fashion_mnist(
    data_dir: str | os.PathLike | None = None,
    *,
    cache_dir: str | os.PathLike | None = None,
    download: bool = True,
) -> FashionMNISTData:
    """Load Fashion-MNIST into memory, finding and verifying the files first.

    The images stay uint8, as the files hold them; :func:`as_float` (which
    :func:`~softmax_regression.batching.minibatches` calls on every batch)
    turns them into float32 in [0, 1].

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
    raw = root / "FashionMNIST" / "raw"  # the four verified files
    train = load_split(raw, "train")
    test = load_split(raw, "t10k")
    return FashionMNISTData(train=train, test=test, classes=CLASSES)


# --8<-- [end:load]
