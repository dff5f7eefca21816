"""The hand-written SGD step against torch.optim.SGD."""

import pytest
import torch

from softmax_regression import SGD, sgd


def test_sgd_step_matches_torch_optim():
    generator = torch.Generator().manual_seed(0)
    ours = [
        torch.randn(4, 3, generator=generator).requires_grad_(),
        torch.randn(3, generator=generator).requires_grad_(),
    ]
    theirs = [p.detach().clone().requires_grad_() for p in ours]
    reference = torch.optim.SGD(theirs, lr=0.1)
    optimizer = SGD(ours, lr=0.1)
    X = torch.randn(5, 4, generator=generator)
    for _ in range(3):
        for params, opt in ((ours, optimizer), (theirs, reference)):
            opt.zero_grad()
            ((X @ params[0] + params[1]) ** 2).mean().backward()
            opt.step()
    for a, b in zip(ours, theirs, strict=True):
        torch.testing.assert_close(a, b)


def test_sgd_without_a_gradient_says_to_call_backward():
    with pytest.raises(
        ValueError, match=r"shape \(2,\) has no gradient; call loss.backward\(\) before sgd\(\)"
    ):
        sgd([torch.zeros(2, requires_grad=True)], lr=0.1)


@pytest.mark.parametrize("lr", [0, -0.1, float("inf"), float("nan")])
def test_learning_rate_must_be_positive_and_finite(lr):
    with pytest.raises(ValueError, match="lr must be a finite number greater than 0"):
        SGD([torch.zeros(2, requires_grad=True)], lr=lr)


def test_learning_rate_must_be_a_number():
    with pytest.raises(TypeError, match="lr must be a number, got str"):
        SGD([torch.zeros(2, requires_grad=True)], lr="0.1")
