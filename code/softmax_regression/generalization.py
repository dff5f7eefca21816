"""Training longer, choosing on validation data, and test-set reuse.

:func:`fit_lbfgs` trains the concise model with full-batch L-BFGS and keeps
a checkpoint at every evaluation of the loss, one per pass over the training
data; :func:`correct_matrix` scores the checkpoints on held-out data and
:func:`best` chooses one; :func:`reuse` picks among candidates by their
accuracy on one random part of held-out data and measures the winner on the
rest.

Two candidates, each right on half of four examples: the winner on any two
of them is right on at least one, so it looks at least as good as it is on
the other two.

>>> correct = torch.tensor([[True, False, True, False], [False, True] * 2])
>>> on_selected, on_fresh = reuse(correct, [2], 2, num_repeats=5, seed=0)
>>> (on_selected >= 0.5).all().item(), (on_fresh <= 0.5).all().item()
(True, True)
"""

# --8<-- [start:imports]
from dataclasses import dataclass

import torch

from softmax_regression.accuracy import num_correct
from softmax_regression.data import Split, as_float
from softmax_regression.models import SoftmaxRegressionConcise

# --8<-- [end:imports]

__all__ = ["Checkpoint", "best", "correct_matrix", "fit_lbfgs", "reuse"]


# --8<-- [start:checkpoint]
@dataclass(frozen=True)
class Checkpoint:
    """The model at one evaluation of the loss: its weights and scores."""

    train_loss: float  # mean cross-entropy on the training data, no penalty
    train_acc: float  # accuracy on the training data
    W: torch.Tensor  # (d, q)
    b: torch.Tensor  # (q,)


# --8<-- [end:checkpoint]


# --8<-- [start:fit_lbfgs]
def fit_lbfgs(
    train: Split, weight_decay: float, num_passes: int
) -> list[Checkpoint]:
    """Full-batch L-BFGS from zero weights on L + (weight_decay / 2) |W|^2.

    Returns a checkpoint at every point where L-BFGS evaluated the loss,
    line-search trial points included: one per pass over the training
    data. Item k holds the weights that k passes produced (item 0: zero).
    """
    X = as_float(train.X)  # (n, 1, 28, 28) float32, converted once
    model = SoftmaxRegressionConcise(sigma=0.0)  # W = 0 and b = 0
    optimizer = torch.optim.LBFGS(
        model.parameters(),
        max_iter=num_passes,  # iterations, at most
        max_eval=num_passes,  # loss evaluations, line searches included
        line_search_fn="strong_wolfe",
    )
    checkpoints = []

    def closure() -> torch.Tensor:
        optimizer.zero_grad()
        O = model(X)  # (n, q): logits of every training image
        loss = model.loss(O, train.y)  # L, the mean cross-entropy
        penalty = weight_decay / 2 * (model.W**2).sum()  # b is not penalized
        (loss + penalty).backward()
        checkpoints.append(
            Checkpoint(
                train_loss=loss.item(),
                train_acc=num_correct(O.detach(), train.y) / len(train),
                W=model.W.detach().clone(),  # (d, q)
                b=model.net[1].bias.detach().clone(),  # (q,)
            )
        )
        return loss + penalty

    optimizer.step(closure)  # all the iterations, in one call
    return checkpoints


# --8<-- [end:fit_lbfgs]


# --8<-- [start:correct_matrix]
def correct_matrix(
    checkpoints: list[Checkpoint], split: Split, chunk: int = 64
) -> torch.Tensor:
    """Which checkpoint is right on which example, as a bool tensor.

    Row u is checkpoint u, column i is example i of ``split``: the shape is
    ``(len(checkpoints), n)``.

    ``chunk`` checkpoints at a time share one matrix product over the split.
    """
    X = as_float(split.X).reshape(len(split), -1)  # (n, d)
    rows = []
    for start in range(0, len(checkpoints), chunk):
        part = checkpoints[start : start + chunk]
        W = torch.cat([c.W for c in part], dim=1)  # (d, q * len(part))
        b = torch.cat([c.b for c in part])  # (q * len(part),)
        with torch.inference_mode():
            O = (X @ W + b).reshape(len(X), len(part), -1)  # (n, len(part), q)
            rows.append((O.argmax(dim=2) == split.y[:, None]).T)
    return torch.cat(rows)  # (len(checkpoints), n)


# --8<-- [end:correct_matrix]


# --8<-- [start:best]
def best(valid_acc: dict[float, list[float]]) -> tuple[float, int]:
    """The weight decay and checkpoint with the best validation accuracy.

    A tie goes to the earlier checkpoint, then to the smaller weight decay.
    """
    scored = [
        (accuracy, -i, -decay)  # max: the best accuracy, then the ties
        for decay, accuracies in valid_acc.items()
        for i, accuracy in enumerate(accuracies)
    ]
    _, minus_i, minus_decay = max(scored)
    return -minus_decay, -minus_i


# --8<-- [end:best]


# --8<-- [start:reuse]
def reuse(
    correct: torch.Tensor,
    num_candidates: list[int],
    num_select: int,
    num_repeats: int,
    seed: int,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Pick the best of some candidates on some examples; score it on the rest.

    Each repeat puts the ``m`` candidates in a random order and draws
    ``num_select`` of the ``n`` examples at random. For each count in
    ``num_candidates``, the first count candidates of that order compete,
    so a larger comparison includes the smaller ones; a tie goes to the
    candidate earlier in the order, that is, to one of the tied at random.

    Args:
        correct: shape ``(m, n)``: row u is a candidate, column i an
            example, True where the candidate is right on the example.
        num_candidates: how many candidates compete; one count per row of
            the results.
        num_select: how many examples each repeat selects on.
        num_repeats: how many random draws.
        seed: seeds the draws.

    Returns:
        The winner's accuracy on the examples that chose it, and on the
        examples the choice never saw; each of shape
        ``(len(num_candidates), num_repeats)``.
    """
    generator = torch.Generator().manual_seed(seed)
    m, n = correct.shape
    C = correct.float()  # (m, n)
    order = torch.rand(num_repeats, m, generator=generator).argsort(dim=1)
    selecting = torch.zeros(num_repeats, n)  # 1 on the examples selected on
    for r in range(num_repeats):
        selecting[r, torch.randperm(n, generator=generator)[:num_select]] = 1
    on_selected = selecting @ C.T / num_select  # (repeats, m) accuracies
    # On the rest: all its right answers, less those on the selected part.
    on_fresh = (C.sum(dim=1) - on_selected * num_select) / (n - num_select)
    picked, rest = [], []
    for count in num_candidates:
        compared = order[:, :count]  # (repeats, count): who competes
        scores = on_selected.gather(1, compared)  # (repeats, count)
        winner = compared.gather(1, scores.argmax(dim=1, keepdim=True))
        picked.append(on_selected.gather(1, winner)[:, 0])  # (repeats,)
        rest.append(on_fresh.gather(1, winner)[:, 0])  # (repeats,)
    return torch.stack(picked), torch.stack(rest)


# --8<-- [end:reuse]
