"""The softmax, naive and stable, and its log-space relatives.

Every function works along the last axis, so one logit vector ``o`` of shape
``(q,)`` and a minibatch ``O`` of shape ``(n, q)`` are treated alike.

>>> O = torch.tensor([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])
>>> softmax(O)
tensor([[0.0900, 0.2447, 0.6652],
        [0.3333, 0.3333, 0.3333]])
>>> logsumexp(O)
tensor([3.4076, 2.0986])
"""

# --8<-- [start:imports]
import torch

from softmax_regression.checks import check_logits

# --8<-- [end:imports]

__all__ = ["log_softmax", "logsumexp", "softmax", "softmax_naive"]


# --8<-- [start:softmax_naive]
def softmax_naive(X: torch.Tensor) -> torch.Tensor:
    """Softmax as the formula reads: exponentiate, then divide by the row sum.

    Overflows once a logit passes about 88.7 in float32: ``exp`` gives
    ``inf`` and ``inf / inf`` is ``nan``.

    >>> softmax_naive(torch.tensor([1.0, 2.0, 100.0]))
    tensor([0., 0., nan])
    """
    check_logits(X, "X")
    X_exp = torch.exp(X)  # (n, q), every entry > 0 (or inf)
    partition = X_exp.sum(dim=-1, keepdim=True)  # (n, 1)
    return X_exp / partition  # (n, q), each row divided by its own sum


# --8<-- [end:softmax_naive]


# --8<-- [start:softmax]
def softmax(X: torch.Tensor) -> torch.Tensor:
    """Softmax of each row, computed stably: subtract the row maximum first.

    Subtracting a constant from a row leaves its softmax unchanged, and after
    the shift the largest exponent is ``exp(0) = 1``, so nothing overflows. A
    logit of ``-inf`` (a masked class) gets probability 0.

    >>> softmax(torch.tensor([1.0, 2.0, 100.0]))
    tensor([1.0089e-43, 2.7465e-43, 1.0000e+00])
    """
    check_logits(X, "X")
    X_max = X.amax(dim=-1, keepdim=True).detach()  # (n, 1), row maxima
    X_exp = torch.exp(X - X_max)  # (n, q), entries in [0, 1]
    return X_exp / X_exp.sum(dim=-1, keepdim=True)  # (n, q), rows sum to 1


# --8<-- [end:softmax]


# --8<-- [start:logsumexp]
def logsumexp(X: torch.Tensor) -> torch.Tensor:
    """``log(sum(exp(X)))`` along the last axis, without overflow or underflow.

    Uses ``log sum_k exp(x_k) = c + log sum_k exp(x_k - c)`` with ``c`` the row
    maximum. A row of only ``-inf`` gives ``-inf`` (the log of an empty sum).

    >>> logsumexp(torch.tensor([1000.0, 1000.0]))
    tensor(1000.6932)
    """
    check_logits(X, "X")
    c = X.amax(dim=-1, keepdim=True).detach()  # (n, 1)
    # A row maximum of -inf (every class masked) or +inf: no shift.
    c = torch.where(torch.isinf(c), torch.zeros_like(c), c)
    return c.squeeze(-1) + torch.log(torch.exp(X - c).sum(dim=-1))  # (n,)


# --8<-- [end:logsumexp]


# --8<-- [start:log_softmax]
def log_softmax(X: torch.Tensor) -> torch.Tensor:
    """Log of the softmax, ``x_j - logsumexp(x)``.

    Exact where ``log(softmax(x))`` underflows to ``log 0 = -inf``.

    >>> log_softmax(torch.tensor([0.0, 200.0]))
    tensor([-200.,    0.])
    """
    return X - logsumexp(X).unsqueeze(-1)  # (n, q); logsumexp checks X


# --8<-- [end:log_softmax]
