"""Cross-entropy against PyTorch's, its gradient against autograd, and its failure modes."""

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st

from softmax_regression import cross_entropy, cross_entropy_naive, softmax
from softmax_regression.stability import DTYPES, exp_underflow_threshold, next_up


@st.composite
def logits_and_labels(draw, max_scale: float = 1e3) -> tuple[torch.Tensor, torch.Tensor]:
    n, q = draw(st.integers(1, 8)), draw(st.integers(1, 12))
    scale = draw(st.floats(1e-3, max_scale))
    generator = torch.Generator().manual_seed(draw(st.integers(0, 2**32 - 1)))
    return torch.randn(n, q, generator=generator) * scale, torch.randint(
        0, q, (n,), generator=generator
    )


def test_book_example():
    y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
    y = torch.tensor([0, 2])
    torch.testing.assert_close(cross_entropy_naive(y_hat, y), -torch.log(torch.tensor([0.1, 0.5])))


def test_worked_example_of_the_likelihood_page():
    """y_hat = [0.7, 0.2, 0.1] with true class 0 costs -log 0.7, about 0.357."""
    loss = cross_entropy_naive(torch.tensor([[0.7, 0.2, 0.1]]), torch.tensor([0]))
    assert loss.item() == pytest.approx(0.35667, abs=1e-5)


@given(logits_and_labels())
def test_cross_entropy_matches_torch(case):
    O, y = case
    # The loss is a difference of numbers as large as the logits: the float32 error scales with them.
    atol = 1e-5 + 4 * torch.finfo(torch.float32).eps * O.abs().max().item()
    torch.testing.assert_close(
        cross_entropy(O, y), F.cross_entropy(O, y, reduction="none"), atol=atol, rtol=1e-6
    )


@given(logits_and_labels(max_scale=10.0))
def test_naive_and_stable_forms_agree_for_moderate_logits(case):
    O, y = case
    torch.testing.assert_close(
        cross_entropy_naive(softmax(O), y), cross_entropy(O, y), atol=1e-5, rtol=1e-4
    )


@given(logits_and_labels())
def test_gradient_is_softmax_minus_one_hot(case):
    O, y = case
    O = O.clone().requires_grad_()
    cross_entropy(O, y).sum().backward()
    expected = torch.softmax(O.detach(), dim=-1) - F.one_hot(y, O.shape[1]).float()
    torch.testing.assert_close(O.grad, expected)


@pytest.mark.parametrize("dtype", DTYPES)
def test_naive_cross_entropy_is_infinite_exactly_where_the_probability_underflows(dtype):
    """With logits [0, -m] and true class 1, y_hat_1 = exp(-m) / (1 + exp(-m)) rounds to exp(-m)."""
    limit = exp_underflow_threshold(dtype)
    y = torch.tensor([1])
    finite = torch.tensor([[0.0, limit]], dtype=dtype)
    past = torch.tensor([[0.0, next_up(limit, dtype)]], dtype=dtype)
    assert torch.isfinite(cross_entropy_naive(softmax(finite), y)).all()
    assert torch.isinf(cross_entropy_naive(softmax(past), y)).all()
    assert cross_entropy(past, y).item() == pytest.approx(-next_up(limit, dtype), rel=1e-2)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float16, torch.bfloat16])
def test_stable_cross_entropy_is_finite_for_logits_up_to_1e4(dtype):
    O = (torch.randn(32, 10, generator=torch.Generator().manual_seed(0)) * 1e4).to(dtype)
    y = torch.randint(0, 10, (32,), generator=torch.Generator().manual_seed(1))
    loss = cross_entropy(O, y)
    assert torch.isfinite(loss).all()
    torch.testing.assert_close(
        loss.float(), F.cross_entropy(O.float(), y, reduction="none"), rtol=1e-2, atol=1.0
    )


def test_masked_true_class_costs_infinity_and_masked_others_cost_nothing():
    O = torch.tensor([[0.0, float("-inf"), 0.0]])
    assert cross_entropy(O, torch.tensor([0])).item() == pytest.approx(
        torch.log(torch.tensor(2.0)).item()
    )
    assert cross_entropy(O, torch.tensor([1])).item() == float("inf")


@pytest.mark.parametrize("function", [cross_entropy, cross_entropy_naive])
@pytest.mark.parametrize(
    ("scores", "y", "error", "words"),
    [
        (
            torch.rand(2, 3),
            torch.tensor([0.0, 1.0]),
            TypeError,
            "integer class indices (torch.int64), got dtype torch.float32",
        ),
        (
            torch.rand(2, 3),
            torch.tensor([0, 1, 2]),
            ValueError,
            "y has 3 labels but the scores have 2 rows",
        ),
        (
            torch.rand(2, 3),
            torch.eye(3)[[0, 1]].long(),
            ValueError,
            "for one-hot labels pass y.argmax(dim=1)",
        ),
        (torch.rand(3), torch.tensor([0]), ValueError, "must have shape (n, q)"),
        (torch.rand(2, 3), [0, 1], TypeError, "y must be a torch.Tensor, got list"),
    ],
)
def test_bad_inputs_raise_a_clear_error(function, scores, y, error, words):
    with pytest.raises(error) as caught:
        function(scores, y)
    assert words in str(caught.value)


@pytest.mark.parametrize("function", [cross_entropy, cross_entropy_naive])
def test_a_label_past_the_last_class_is_torchs_index_error(function):
    """The loss does not range-check the labels (train checks them once); torch's
    indexing names the bad label and the number of classes."""
    with pytest.raises(IndexError, match=r"index 3 is out of bounds for dimension 1 with size 3"):
        function(torch.rand(2, 3), torch.tensor([0, 3]))


@pytest.mark.parametrize("function", [cross_entropy, cross_entropy_naive])
def test_arguments_can_be_passed_by_name(function):
    O, y = torch.randn(4, 3, generator=torch.Generator().manual_seed(0)), torch.tensor([0, 2, 1, 0])
    scores = softmax(O) if function is cross_entropy_naive else O
    name = "y_hat" if function is cross_entropy_naive else "O"
    torch.testing.assert_close(function(**{name: scores, "y": y}), function(scores, y))
    with pytest.raises(TypeError, match="missing a required argument: 'y'"):
        function(scores)
    with pytest.raises(TypeError, match="y must hold integer class indices"):
        function(**{name: scores, "y": y.float()})
