"""The book's pipeline, as a reference to measure the project's trainer against.

Written the way *Dive into Deep Learning* does it: torchvision's ``FashionMNIST``
with ``transforms.ToTensor()`` converting one PIL image at a time, a
``DataLoader(batch_size=256, shuffle=True, num_workers=4)``, the concise model,
and an evaluation of the whole test set (through a DataLoader too) after every
epoch.
"""

import time
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import transforms
from torchvision.datasets import FashionMNIST

from softmax_regression import build_model

__all__ = ["train_reference"]


def train_reference(
    root: Path,
    num_epochs: int = 10,
    lr: float = 0.1,
    batch_size: int = 256,
    num_workers: int = 4,
    seed: int = 0,
) -> tuple[float, float]:
    """Train the concise model the book's way; return (seconds, final test accuracy)."""
    torch.manual_seed(seed)
    train_set = FashionMNIST(root, train=True, transform=transforms.ToTensor(), download=False)
    test_set = FashionMNIST(root, train=False, transform=transforms.ToTensor(), download=False)
    start = time.perf_counter()
    train_iter = DataLoader(train_set, batch_size, shuffle=True, num_workers=num_workers)
    test_iter = DataLoader(test_set, batch_size, shuffle=False, num_workers=num_workers)
    model = build_model("concise", seed=seed)
    loss = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for _ in range(num_epochs):
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
