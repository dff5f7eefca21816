"""The toy data in the plane, and the straight boundaries of the model trained on it."""

import pytest
import torch

from softmax_regression.toy import three_blobs, train_toy


def test_the_blobs_are_reproducible_balanced_and_centred():
    a, b, c = three_blobs(3000, seed=0), three_blobs(3000, seed=0), three_blobs(3000, seed=1)
    assert torch.equal(a.X, b.X) and not torch.equal(a.X, c.X)
    assert a.X.shape == (3000, 2) and a.X.dtype == torch.float32
    assert a.y.bincount().tolist() == [1000, 1000, 1000]
    angles = torch.tensor([90.0, 210.0, 330.0]).deg2rad()
    for j in range(3):
        centre = 2 * torch.tensor([angles[j].cos(), angles[j].sin()])
        assert (a.X[a.y == j].mean(dim=0) - centre).norm() < 0.1  # 3 standard errors
        assert a.X[a.y == j].std(dim=0).tolist() == pytest.approx([1.0, 1.0], abs=0.07)


@pytest.fixture(scope="module")
def trained():
    points = three_blobs(300, seed=0)
    model, history = train_toy(points)
    return points, model, history


def test_the_toy_model_separates_most_points(trained):
    points, model, history = trained
    with torch.inference_mode():
        accuracy = (model(points.X).argmax(dim=1) == points.y).double().mean().item()
    assert accuracy > 0.85
    assert history[-1].test_acc == pytest.approx(accuracy)
    assert history[-1].train_loss < history[0].train_loss


def test_where_the_prediction_changes_two_logits_are_equal(trained):
    points, model, _ = trained
    W, b = model.W.detach().double(), model.b.detach().double()
    X = points.X.double()
    predicted = (X @ W + b).argmax(dim=1)

    def winner(x: torch.Tensor) -> int:
        return (x @ W + b).argmax().item()

    for j, k in ((0, 1), (1, 2), (2, 0)):
        x_j, x_k = X[predicted == j][0], X[predicted == k][0]
        low, high = 0.0, 1.0  # bisection on the segment from x_j to x_k
        for _ in range(60):
            middle = (low + high) / 2
            if winner((1 - middle) * x_j + middle * x_k) == j:
                low = middle
            else:
                high = middle
        o = ((1 - low) * x_j + low * x_k) @ W + b  # (3,), logits at the switch
        others = torch.cat([o[:j], o[j + 1 :]])
        # j stops winning where another logit catches up: o_j = o_l, a line
        assert winner((1 - low) * x_j + low * x_k) == j
        assert (o[j] - others.max()).abs().item() < 1e-9
