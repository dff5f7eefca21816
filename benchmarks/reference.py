"""The book's pipeline, as a reference to measure the project's trainer against.

Written the way *Dive into Deep Learning* does it: torchvision's ``FashionMNIST``
with a transform converting one PIL image at a time, a
``DataLoader(batch_size=256, shuffle=True, num_workers=4)``, the concise model,
and an evaluation of the whole test set (through a DataLoader too) after every
epoch.

The editions differ in the transform. The Chinese edition's
``load_data_fashion_mnist(batch_size)`` (《动手学深度学习》, the edition this
project's readers follow) uses ``transforms.ToTensor()`` alone; the English
edition 1.0's ``FashionMNIST`` class uses
``transforms.Compose([transforms.Resize((28, 28)), transforms.ToTensor()])``.
:data:`TRANSFORMS` names both, and :func:`train_reference` takes either.

``python -m benchmarks.reference --edition zh`` runs the book's pipeline as a
whole process, as a learner runs the book's code: it imports torch and
torchvision, trains 10 epochs and prints the seconds of the training and the
final test accuracy as JSON. ``make bench`` times that process from outside.
"""

import argparse
import json
import time
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader, default_collate
from torchvision import transforms
from torchvision.datasets import FashionMNIST

from softmax_regression import TrainConfig, build_model, locate_fashion_mnist

__all__ = [
    "TRANSFORMS",
    "collate_seconds",
    "loader_pass_seconds",
    "per_image_seconds",
    "train_reference",
    "worker_startup_seconds",
]


#: edition -> the transform its data loader applies to each image
TRANSFORMS = {
    "zh": lambda: transforms.ToTensor(),
    "en": lambda: transforms.Compose([transforms.Resize((28, 28)), transforms.ToTensor()]),
}


def train_reference(
    root: Path,
    config: TrainConfig = TrainConfig(),  # noqa: B008 (frozen: safe as a default)
    num_workers: int = 4,
    edition: str = "zh",
) -> tuple[float, float]:
    """Train the concise model the book's way; return (seconds, final test accuracy)."""
    torch.manual_seed(config.seed)
    transform = TRANSFORMS[edition]()
    train_set = FashionMNIST(root, train=True, transform=transform, download=False)
    test_set = FashionMNIST(root, train=False, transform=transform, download=False)
    start = time.perf_counter()
    batch_size = config.batch_size
    train_iter = DataLoader(train_set, batch_size, shuffle=True, num_workers=num_workers)
    test_iter = DataLoader(test_set, batch_size, shuffle=False, num_workers=num_workers)
    model = build_model("concise", seed=config.seed)
    loss = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=config.lr)
    for _ in range(config.num_epochs):
        for X, y in train_iter:
            l = loss(model(X), y)
            optimizer.zero_grad()
            l.backward()
            optimizer.step()
        correct = total = 0
        with torch.no_grad():
            for X, y in test_iter:
                correct += (model(X).argmax(dim=1) == y).sum().item()
                total += len(y)
    return time.perf_counter() - start, correct / total


def per_image_seconds(root: Path) -> float:
    """Seconds one process spends turning every training and test image into a tensor, once.

    This is the ``ToTensor`` work the reference repeats every epoch (spread over its workers).
    """
    start = time.perf_counter()
    for train in (True, False):
        dataset = FashionMNIST(root, train=train, transform=transforms.ToTensor(), download=False)
        for i in range(len(dataset)):
            dataset[i]
    return time.perf_counter() - start


def worker_startup_seconds(root: Path, num_workers: int = 4, batch_size: int = 256) -> float:
    """Seconds from starting a pass over the DataLoader to its first batch.

    Without ``persistent_workers=True`` the reference pays this twice per epoch, once for the
    training pass and once for the test pass.
    """
    dataset = FashionMNIST(root, train=True, transform=transforms.ToTensor(), download=False)
    loader = DataLoader(dataset, batch_size, shuffle=True, num_workers=num_workers)
    start = time.perf_counter()
    batches = iter(loader)
    next(batches)
    seconds = time.perf_counter() - start
    del batches  # shuts the workers down
    return seconds


def loader_pass_seconds(root: Path, num_workers: int, batch_size: int = 256) -> float:
    """Seconds for one pass over the training DataLoader with no model: the data pipeline alone."""
    dataset = FashionMNIST(root, train=True, transform=transforms.ToTensor(), download=False)
    loader = DataLoader(dataset, batch_size, shuffle=True, num_workers=num_workers)
    start = time.perf_counter()
    for _ in loader:
        pass
    return time.perf_counter() - start


def collate_seconds(root: Path, batch_size: int = 256) -> float:
    """Seconds ``default_collate`` spends stacking one epoch of training batches, image by image."""
    dataset = FashionMNIST(root, train=True, transform=transforms.ToTensor(), download=False)
    batch = [dataset[i] for i in range(batch_size)]
    num_batches = -(-len(dataset) // batch_size)
    start = time.perf_counter()
    for _ in range(num_batches):
        default_collate(batch)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Train the book's way in this process; print ``{"seconds", "test_acc"}`` as JSON."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.reference", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--edition", choices=sorted(TRANSFORMS), default="zh")
    args = parser.parse_args(argv)
    seconds, accuracy = train_reference(locate_fashion_mnist(), edition=args.edition)
    print(json.dumps({"edition": args.edition, "seconds": seconds, "test_acc": accuracy}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
