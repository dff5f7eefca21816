"""The softmax family against PyTorch's own, on random shapes, scales and dtypes."""

import math

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from softmax_regression import log_softmax, logsumexp, softmax, softmax_naive
from softmax_regression.stability import DTYPES, exp_overflow_threshold, next_up


@st.composite
def logits(draw, max_scale: float = 1e3) -> torch.Tensor:
    """A (n, q) float32 matrix of logits, with a scale drawn from 1e-3 to max_scale."""
    n, q = draw(st.integers(1, 8)), draw(st.integers(1, 12))
    scale = draw(st.floats(1e-3, max_scale))
    seed = draw(st.integers(0, 2**32 - 1))
    return torch.randn(n, q, generator=torch.Generator().manual_seed(seed)) * scale


@given(logits())
def test_softmax_matches_torch(O):
    torch.testing.assert_close(softmax(O), torch.softmax(O, dim=-1))


@given(logits(max_scale=10.0))
def test_naive_softmax_matches_torch_for_moderate_logits(O):
    torch.testing.assert_close(softmax_naive(O), torch.softmax(O, dim=-1))


@given(logits())
def test_softmax_rows_are_distributions(O):
    y_hat = softmax(O)
    assert (y_hat >= 0).all()
    torch.testing.assert_close(y_hat.sum(dim=-1), torch.ones(len(O)))


@given(logits(), st.floats(-1e3, 1e3))
def test_softmax_is_invariant_to_adding_a_constant(O, c):
    torch.testing.assert_close(softmax(O + c), softmax(O), atol=1e-5, rtol=1e-4)


@given(logits())
def test_logsumexp_and_log_softmax_match_torch(O):
    # Both results are differences of numbers as large as the logits: the float32 error scales with them.
    atol = 1e-5 + 4 * torch.finfo(torch.float32).eps * O.abs().max().item()
    torch.testing.assert_close(logsumexp(O), torch.logsumexp(O, dim=-1), atol=atol, rtol=1e-6)
    torch.testing.assert_close(log_softmax(O), torch.log_softmax(O, dim=-1), atol=atol, rtol=1e-6)


@given(logits(), st.floats(-1e3, 1e3))
def test_logsumexp_shifts_with_its_argument(O, c):
    """g(o + c) = g(o) + c: the log-partition function moves with a constant shift (it is not invariant)."""
    torch.testing.assert_close(logsumexp(O + c), logsumexp(O) + c, atol=1e-3, rtol=1e-5)


def test_single_vector_works_like_a_row():
    o = torch.tensor([1.0, 2.0, 3.0])
    torch.testing.assert_close(softmax(o), softmax(o.unsqueeze(0))[0])
    assert logsumexp(o).shape == ()


@pytest.mark.parametrize("dtype", [torch.float32, torch.float16, torch.bfloat16])
@pytest.mark.parametrize("scale", [1.0, 1e2, 1e3, 1e4])
def test_stable_forms_stay_finite_for_large_logits(dtype, scale):
    O = (torch.randn(16, 10, generator=torch.Generator().manual_seed(0)) * scale).to(dtype)
    for result in (softmax(O), logsumexp(O), log_softmax(O)):
        assert torch.isfinite(result).all(), result
    torch.testing.assert_close(softmax(O).sum(dim=-1).float(), torch.ones(16), atol=1e-2, rtol=0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_naive_softmax_overflows_exactly_past_the_threshold(dtype):
    limit = exp_overflow_threshold(dtype)
    below = torch.tensor([limit, 0.0], dtype=dtype)
    above = torch.tensor([next_up(limit, dtype), 0.0], dtype=dtype)
    assert torch.isfinite(softmax_naive(below)).all()
    assert torch.isnan(softmax_naive(above)[0])
    assert torch.isfinite(softmax(above)).all()


def test_float32_overflow_threshold_is_log_of_largest_float():
    assert exp_overflow_threshold(torch.float32) == pytest.approx(
        math.log(torch.finfo(torch.float32).max), abs=1e-5
    )
    assert exp_overflow_threshold(torch.float64) == pytest.approx(
        math.log(torch.finfo(torch.float64).max), abs=1e-12
    )


def test_masked_logits_get_probability_zero_not_nan():
    O = torch.tensor([[0.0, float("-inf"), 1.0], [float("-inf"), 5.0, float("-inf")]])
    y_hat = softmax(O)
    assert not torch.isnan(y_hat).any()
    assert y_hat[0, 1] == 0 and y_hat[1, 0] == 0 and y_hat[1, 1] == 1
    torch.testing.assert_close(y_hat, torch.softmax(O, dim=-1))
    torch.testing.assert_close(log_softmax(O), torch.log_softmax(O, dim=-1))


def test_logsumexp_of_a_fully_masked_row_is_minus_infinity():
    assert logsumexp(torch.full((3,), float("-inf"))) == float("-inf")


@pytest.mark.parametrize(
    ("X", "error", "words"),
    [
        ([1.0, 2.0], TypeError, "must be a torch.Tensor, got list"),
        (torch.tensor([1, 2]), TypeError, "floating-point tensor, got dtype torch.int64"),
        (torch.tensor(1.0), ValueError, "got shape () with 0 dimensions"),
        (torch.zeros(2, 3, 4), ValueError, "got shape (2, 3, 4) with 3 dimensions"),
        (torch.zeros(2, 0), ValueError, "at least one class"),
    ],
)
@pytest.mark.parametrize("function", [softmax, softmax_naive, logsumexp, log_softmax])
def test_bad_logits_raise_a_clear_error(function, X, error, words):
    with pytest.raises(error, match=r"^X ") as caught:
        function(X)
    assert words in str(caught.value)
