"""Minibatch stochastic gradient descent, written out by hand.

>>> W = torch.tensor([1.0, 2.0], requires_grad=True)
>>> (W ** 2).sum().backward()  # gradient 2 * W = [2., 4.]
>>> sgd([W], lr=0.1)
>>> W.detach()
tensor([0.8000, 1.6000])

The learning rate is checked where it comes in: by :class:`SGD`, and by
:class:`~softmax_regression.training.TrainConfig`.
"""

# --8<-- [start:imports]
from collections.abc import Iterable

import torch

from softmax_regression.checks import check_lr

# --8<-- [end:imports]

__all__ = ["SGD", "sgd"]


# --8<-- [start:sgd]
def sgd(params: Iterable[torch.Tensor], lr: float) -> None:
    """Take one step ``param <- param - lr * param.grad`` for every parameter.

    The loss is a minibatch mean, so its gradient is already averaged over the
    batch and ``lr`` needs no division by the batch size.
    """
    with torch.no_grad():  # the update itself must not be recorded by autograd
        for param in params:
            if param.grad is None:
                raise ValueError(
                    f"a parameter of shape {tuple(param.shape)} has no "
                    "gradient; call loss.backward() before sgd()"
                )
            param -= lr * param.grad


# --8<-- [end:sgd]


# --8<-- [start:SGD]
class SGD:
    """The interface of ``torch.optim.SGD`` (``step``, ``zero_grad``).

    ``step`` calls :func:`sgd`; ``lr`` is checked once, here.
    """

    def __init__(self, params: Iterable[torch.Tensor], lr: float) -> None:
        check_lr(lr)
        self.params = list(params)
        self.lr = lr

    def step(self) -> None:
        sgd(self.params, self.lr)

    def zero_grad(self) -> None:
        for param in self.params:
            param.grad = None


# --8<-- [end:SGD]
