"""A validation set held out from the training images, stratified by class.

>>> y = torch.tensor([0, 0, 0, 0, 1, 1, 1, 1])
>>> train_part, valid = split_validation(Split(X=y.float(), y=y), 4, seed=0)
>>> valid.y.bincount().tolist(), len(train_part)
([2, 2], 4)
"""

# --8<-- [start:imports]
import torch

from softmax_regression.data import Split

# --8<-- [end:imports]

__all__ = ["split_validation"]


# --8<-- [start:split_validation]
def split_validation(
    split: Split, num_valid: int, seed: int
) -> tuple[Split, Split]:
    """Hold out ``num_valid`` examples of ``split``, stratified by class.

    Each class gives the same fraction of its examples (rounded), so the
    validation set has the class mix of the whole split. Returns the rest
    and the held-out part, each in a seeded random order.
    """
    _check(split, num_valid)
    generator = torch.Generator().manual_seed(seed)
    classes, counts = split.y.unique(return_counts=True)
    quotas = _quotas(counts, num_valid)  # examples taken from each class
    held_out = []
    for c, quota in zip(classes, quotas, strict=True):
        members = torch.nonzero(split.y == c).squeeze(1)  # this class's rows
        order = torch.randperm(len(members), generator=generator)
        held_out.append(members[order[:quota]])
    valid = torch.cat(held_out)
    valid = valid[torch.randperm(len(valid), generator=generator)]
    keep = torch.ones(len(split), dtype=torch.bool)
    keep[valid] = False
    rest = torch.nonzero(keep).squeeze(1)
    rest = rest[torch.randperm(len(rest), generator=generator)]
    train_part = Split(split.X[rest], split.y[rest])
    return train_part, Split(split.X[valid], split.y[valid])


# --8<-- [end:split_validation]


def _quotas(counts: torch.Tensor, total: int) -> list[int]:
    """Split ``total`` over the classes in proportion to ``counts``, exactly."""
    shares = counts.double() * total / counts.sum()
    quotas = shares.floor().long()
    remainder = total - int(quotas.sum())
    # the largest fractional parts get the examples left over
    for c in (shares - quotas).argsort(descending=True)[:remainder]:
        quotas[c] += 1
    return quotas.tolist()


def _check(split: Split, num_valid: int) -> None:
    if isinstance(num_valid, bool) or not isinstance(num_valid, int):
        raise TypeError(f"num_valid must be an integer, got {num_valid!r}")
    if not 0 < num_valid < len(split):
        raise ValueError(
            f"num_valid must be between 1 and {len(split) - 1} (the split has "
            f"{len(split)} examples), got {num_valid}"
        )
