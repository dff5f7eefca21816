"""The two models: same start, same trajectory; shapes; clear input errors."""

import pytest
import torch

from softmax_regression import (
    SoftmaxRegressionConcise,
    SoftmaxRegressionScratch,
    TrainConfig,
    build_model,
    train,
)


def concise_W_b(model: SoftmaxRegressionConcise) -> tuple[torch.Tensor, torch.Tensor]:
    linear = model.net[1]
    return linear.weight.detach().T, linear.bias.detach()  # as (d, q) and (q,)


@pytest.mark.parametrize("impl", ["scratch", "concise"])
def test_both_models_show_W_as_d_by_q(impl):
    """model.W is the W of O = XW + b for either model (the concise one stores its transpose)."""
    model = build_model(impl, seed=0)
    assert model.W.shape == (784, 10)
    X = torch.rand(3, 784, generator=torch.Generator().manual_seed(0))
    b = model.b if impl == "scratch" else model.net[1].bias
    torch.testing.assert_close(model(X), X @ model.W + b)
    assert torch.equal(model.W, build_model("scratch", seed=0).W)


def test_concise_W_is_a_view_of_the_linear_layers_weight():
    model = SoftmaxRegressionConcise(seed=0)
    assert model.W.data_ptr() == model.net[1].weight.data_ptr()
    assert [name for name, _ in model.named_parameters()] == ["net.1.weight", "net.1.bias"]


def test_initialisation_is_normal_with_sigma_001_and_zero_bias():
    model = SoftmaxRegressionScratch(seed=0)
    assert model.W.shape == (784, 10) and model.b.shape == (10,)
    assert model.W.std().item() == pytest.approx(0.01, rel=0.05)
    assert model.W.mean().abs().item() < 1e-3
    assert torch.equal(model.b.detach(), torch.zeros(10))


def test_same_seed_gives_the_same_initial_weights():
    scratch, concise = SoftmaxRegressionScratch(seed=3), SoftmaxRegressionConcise(seed=3)
    W, b = concise_W_b(concise)
    assert torch.equal(scratch.W.detach(), W) and torch.equal(scratch.b.detach(), b)
    assert not torch.equal(SoftmaxRegressionScratch(seed=4).W, scratch.W)


def test_both_models_follow_the_same_trajectory(blobs):
    config = TrainConfig(num_epochs=5, lr=0.1, batch_size=32, seed=0)
    scratch, concise = build_model("scratch", seed=0), build_model("concise", seed=0)
    history_scratch = train(scratch, blobs, config, progress=False)
    history_concise = train(concise, blobs, config, progress=False)
    W, b = concise_W_b(concise)
    assert not torch.equal(
        W, build_model("concise", seed=0).net[1].weight.detach().T
    )  # it did move
    torch.testing.assert_close(scratch.W.detach(), W, atol=1e-5, rtol=1e-4)
    torch.testing.assert_close(scratch.b.detach(), b, atol=1e-5, rtol=1e-4)
    for a, c in zip(history_scratch, history_concise, strict=True):
        assert a.train_loss == pytest.approx(c.train_loss, rel=1e-4)
        assert a.test_acc == pytest.approx(c.test_acc, abs=1 / len(blobs.test))


@pytest.mark.parametrize("impl", ["scratch", "concise"])
def test_models_give_logits_for_images_or_flat_rows(impl):
    model = build_model(impl)
    assert model(torch.zeros(3, 1, 28, 28)).shape == (3, 10)
    assert model(torch.zeros(3, 784)).shape == (3, 10)


@pytest.mark.parametrize("impl", ["scratch", "concise"])
def test_wrong_image_shape_is_a_clear_error(impl):
    with pytest.raises(
        ValueError, match=r"shape \(n, 784\) or \(n, 1, 28, 28\).*got shape \(3, 100\)"
    ):
        build_model(impl)(torch.zeros(3, 100))
    with pytest.raises(TypeError, match=r"convert uint8 images with as_float\(X\)"):
        build_model(impl)(torch.zeros(3, 784, dtype=torch.uint8))
    with pytest.raises(TypeError, match=r"X must be a torch.Tensor, got list"):
        build_model(impl)([[0.0] * 784])


@pytest.mark.parametrize("impl", ["scratch", "concise"])
def test_float_or_one_hot_labels_for_the_loss_are_a_clear_error(impl):
    model = build_model(impl)
    O = model(torch.zeros(2, 784))
    with pytest.raises(TypeError, match=r"y must hold integer class indices"):
        model.loss(O, torch.tensor([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"for one-hot labels pass y.argmax\(dim=1\)"):
        model.loss(O, torch.eye(10)[[0, 1]].long())


def test_unknown_implementation_is_a_clear_error():
    with pytest.raises(ValueError, match="impl must be one of scratch, concise, got 'fast'"):
        build_model("fast")
