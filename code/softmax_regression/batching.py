"""Minibatches drawn from tensors in memory: no per-image work, no workers.

Images stored as bytes (uint8, as Fashion-MNIST is loaded) come out as
float32 in [0, 1]: each batch is converted after it is gathered.

>>> X, y = torch.arange(10.0).reshape(5, 2), torch.arange(5)
>>> [len(y_batch) for X_batch, y_batch in minibatches(X, y, 2, seed=0)]
[2, 2, 1]
>>> pixels = torch.tensor([[0], [51], [255]], dtype=torch.uint8)
>>> next(minibatches(pixels, torch.arange(3), 3))[0].flatten().tolist()
[0.0, 0.20000000298023224, 1.0]

The arguments are checked by a decorator that the pages do not show (see
:mod:`softmax_regression.checks`).
"""

# --8<-- [start:imports]
from collections.abc import Iterator

import torch

from softmax_regression.data import as_float

# --8<-- [end:imports]
# isort: split
from softmax_regression.checks import checks_minibatch_arguments

__all__ = ["minibatches"]


@checks_minibatch_arguments
# --8<-- [start:minibatches]
def minibatches(
    X: torch.Tensor,
    y: torch.Tensor,
    batch_size: int,
    *,
    seed: int | None = None,
    generator: torch.Generator | None = None,
) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """Yield ``(X_batch, y_batch)`` pairs that cover every example once.

    With a ``seed`` (or a ``generator``) the examples are shuffled,
    reproducibly; with neither they come in order. The last batch may be
    smaller. A batch of uint8 pixels is converted to float32 in [0, 1] by
    :func:`~softmax_regression.data.as_float`; other inputs come as they are.

    Args:
        X: inputs, first axis the examples: shape ``(n, ...)``.
        y: labels, shape ``(n,)``.
        batch_size: examples per batch, at least 1.
        seed: seed of a fresh generator for the shuffle.
        generator: a generator to draw the shuffle from (advances it).
    """
    if seed is not None:
        generator = torch.Generator().manual_seed(seed)
    n = len(X)
    if generator is None:
        for start in range(0, n, batch_size):
            end = start + batch_size
            yield as_float(X[start:end]), y[start:end]  # rows start..end-1
        return
    order = torch.randperm(n, generator=generator)  # (n,), a random permutation
    for start in range(0, n, batch_size):
        indices = order[start : start + batch_size]  # (batch_size,)
        X_batch = X.index_select(0, indices)  # a gather, of bytes if uint8
        yield as_float(X_batch), y.index_select(0, indices)  # float32 X
