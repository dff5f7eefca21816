"""The trainer: configuration, reproducibility, divergence, progress, and the real accuracy."""

import dataclasses

import pytest
import torch

from softmax_regression import (
    FashionMNISTData,
    Split,
    TrainConfig,
    TrainingDiverged,
    build_model,
    train,
)


def test_defaults_are_the_books():
    assert dataclasses.astuple(TrainConfig()) == (10, 0.1, 256, 0)


def test_config_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        TrainConfig().lr = 1.0


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("num_epochs", 0, "num_epochs must be an integer of at least 1, got 0"),
        ("num_epochs", -3, "num_epochs must be an integer of at least 1, got -3"),
        ("lr", 0.0, "lr must be a finite number greater than 0, got 0.0"),
        ("lr", float("nan"), "lr must be a finite number greater than 0, got nan"),
        ("batch_size", 0, "batch_size must be an integer of at least 1, got 0"),
        ("seed", -1, "seed must be an integer of at least 0, got -1"),
    ],
)
def test_bad_config_values_are_clear_errors(field, value, words):
    with pytest.raises(ValueError) as caught:
        TrainConfig(**{field: value})
    assert str(caught.value) == words


def test_same_seed_same_history(blobs):
    config = TrainConfig(num_epochs=3, batch_size=50, seed=7)
    first, second = (
        train(build_model("scratch", seed=7), blobs, config, progress=False) for _ in range(2)
    )
    strip = [{k: v for k, v in s.as_dict().items() if k != "seconds"} for s in first]
    assert strip == [{k: v for k, v in s.as_dict().items() if k != "seconds"} for s in second]
    assert [s.epoch for s in first] == [1, 2, 3]
    assert all(s.seconds > 0 for s in first)


def test_training_learns_the_synthetic_data(blobs):
    history = train(
        build_model("concise"),
        blobs,
        TrainConfig(num_epochs=5, lr=0.5, batch_size=32),
        progress=False,
    )
    assert history[-1].train_loss < history[0].train_loss
    assert history[-1].test_acc > 0.9


def test_a_diverging_loss_names_the_epoch_batch_and_learning_rate(blobs):
    with pytest.raises(TrainingDiverged) as caught:
        train(
            build_model("scratch"),
            blobs,
            TrainConfig(num_epochs=3, lr=1e38, batch_size=100),
            progress=False,
        )
    message = str(caught.value)
    assert "at epoch 1, batch " in message and "of 6" in message
    assert "lr=1e+38 is probably too large" in message


def test_labels_out_of_range_are_caught_before_training(blobs):
    bad = FashionMNISTData(
        train=Split(blobs.train.X, blobs.train.y + 5), test=blobs.test, classes=blobs.classes
    )
    with pytest.raises(ValueError, match=r"train labels holds the label 14, outside 0..9"):
        train(build_model("scratch"), bad, TrainConfig(num_epochs=1), progress=False)


def test_non_finite_images_are_caught_before_training(blobs):
    X = blobs.test.X.clone()
    X[0, 0, 0, 0] = float("nan")
    bad = FashionMNISTData(train=blobs.train, test=Split(X, blobs.test.y), classes=blobs.classes)
    with pytest.raises(ValueError, match="the test images contain NaN or infinite values"):
        train(build_model("scratch"), bad, TrainConfig(num_epochs=1), progress=False)


def test_progress_bar_is_silent_when_not_a_terminal(blobs, capsys):
    train(build_model("scratch"), blobs, TrainConfig(num_epochs=2), progress=None)
    assert capsys.readouterr().err == ""


def test_progress_bar_shows_when_asked(blobs, capsys):
    train(build_model("scratch"), blobs, TrainConfig(num_epochs=2), progress=True)
    assert "2/2" in capsys.readouterr().err


@pytest.mark.slow
def test_the_books_recipe_reaches_082_and_both_models_agree(fashion_mnist):
    torch.manual_seed(12345)  # must not matter: the models and the trainer use their own generators
    scratch, concise = build_model("scratch", seed=0), build_model("concise", seed=0)
    history_scratch = train(scratch, fashion_mnist, TrainConfig(), progress=False)
    history_concise = train(concise, fashion_mnist, TrainConfig(), progress=False)
    assert len(history_scratch) == len(history_concise) == 10
    assert history_scratch[-1].test_acc >= 0.82, history_scratch[-1]
    assert history_concise[-1].test_acc >= 0.82, history_concise[-1]
    # 2,350 SGD steps later the two implementations still hold the same weights, up to float rounding.
    torch.testing.assert_close(
        scratch.W.detach(), concise.net[1].weight.detach().T, atol=1e-5, rtol=1e-4
    )
    for a, c in zip(history_scratch, history_concise, strict=True):
        assert a.train_loss == pytest.approx(c.train_loss, rel=1e-5)
        assert a.test_acc == pytest.approx(
            c.test_acc, abs=2e-4
        )  # at most 2 of 10,000 test images differ
