"""The trainer: configuration, reproducibility, divergence, progress, and the real accuracy."""

import dataclasses
import json

import pytest
import torch

import softmax_regression.checks
import softmax_regression.training
from sitebuild.paths import DEFAULT_OUT
from softmax_regression import (
    ConfigError,
    FashionMNISTData,
    Split,
    TrainConfig,
    TrainingDiverged,
    build_model,
    evaluate_accuracy,
    train,
)
from softmax_regression.training import torch_threads


def test_defaults_are_the_books_on_one_thread():
    assert dataclasses.astuple(TrainConfig()) == (10, 0.1, 256, 0, 1)


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
        ("seed", 1.5, "seed must be an integer of at least 0, got 1.5"),
        ("lr", "0.1", "lr must be a number, got str"),
        *(
            (
                "num_threads",
                value,
                "num_threads must be None (keep torch's setting) or an integer of at least 1, "
                f"got {value!r}",
            )
            for value in (0, -2, 1.5, True, "2")
        ),
    ],
)
def test_bad_config_values_are_clear_errors_that_name_the_field(field, value, words):
    with pytest.raises(ConfigError) as caught:
        TrainConfig(**{field: value})
    assert str(caught.value) == words
    assert caught.value.field == field
    assert isinstance(caught.value, ValueError)  # callers that catch ValueError still work


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
    error = caught.value
    assert (error.epoch, error.lr) == (1, 1e38) and 1 <= error.batch <= 6
    message = str(error)
    assert f"at epoch 1, batch {error.batch}." in message
    assert "lr=1e+38 is probably too large" in message


def test_the_loop_stops_at_the_batch_whose_loss_is_not_finite(blobs):
    """The weights are those that gave the bad loss: no step is taken with its gradient."""
    model = build_model("scratch")
    with pytest.raises(TrainingDiverged) as caught:
        train(model, blobs, TrainConfig(num_epochs=3, lr=1e38, batch_size=100), progress=False)
    assert torch.isfinite(model.W).all() and torch.isfinite(model.b).all()
    assert caught.value.batch > 1  # the first step (from finite weights) went through


def test_the_labels_are_range_checked_once_per_split_not_per_batch(blobs, monkeypatch):
    calls = []
    original = softmax_regression.checks.check_label_range

    def counting(y, num_classes, name="y"):
        calls.append(name)
        original(y, num_classes, name)

    monkeypatch.setattr(softmax_regression.checks, "check_label_range", counting)
    monkeypatch.setattr(softmax_regression.training, "check_label_range", counting)
    train(build_model("scratch"), blobs, TrainConfig(num_epochs=2, batch_size=50), progress=False)
    assert calls == ["train labels", "test labels"]


def test_the_training_loss_is_the_mean_over_examples_not_over_batches(blobs):
    """600 examples in batches of 256: the last batch, of 88, counts for 88 examples."""
    config = TrainConfig(num_epochs=1, lr=1e-30, batch_size=256)  # the weights barely move
    model = build_model("scratch", seed=0)
    stats = train(model, blobs, config, progress=False)[0]
    with torch.no_grad():
        expected = model.loss(model(blobs.train.X), blobs.train.y).item()
    assert stats.train_loss == pytest.approx(expected, rel=1e-5)


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


def as_bytes(split: Split) -> Split:
    """The split's images rounded to uint8 pixels, as the real loader keeps them."""
    return Split(X=(split.X * 255).round().to(torch.uint8), y=split.y)


def test_uint8_images_train_exactly_as_their_float32_division(blobs):
    """Each batch converted when drawn gives the numbers the whole set converted gives."""
    pixels = FashionMNISTData(as_bytes(blobs.train), as_bytes(blobs.test), blobs.classes)
    floats = FashionMNISTData(
        *(Split(X=split.X.float() / 255, y=split.y) for split in (pixels.train, pixels.test)),
        blobs.classes,
    )
    config = TrainConfig(num_epochs=2, batch_size=64, seed=3)
    runs = [
        train(build_model("scratch", seed=3), data, config, progress=False)
        for data in (pixels, floats)
    ]
    strip = [[{k: v for k, v in s.as_dict().items() if k != "seconds"} for s in h] for h in runs]
    assert strip[0] == strip[1]
    assert evaluate_accuracy(build_model("concise", seed=0), pixels.test) == evaluate_accuracy(
        build_model("concise", seed=0), floats.test
    )


def test_images_of_another_dtype_are_refused_before_training(blobs):
    bad = FashionMNISTData(
        train=Split(blobs.train.X.double(), blobs.train.y), test=blobs.test, classes=blobs.classes
    )
    with pytest.raises(
        TypeError, match=r"train images must be uint8 or float32, got torch\.float64"
    ):
        train(build_model("scratch"), bad, TrainConfig(num_epochs=1), progress=False)


class ThreadRecorder(torch.nn.Module):
    """Wraps a model; records how many threads torch had at each forward."""

    def __init__(self, model: torch.nn.Module) -> None:
        super().__init__()
        self.model, self.num_outputs, self.seen = model, model.num_outputs, set()

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        self.seen.add(torch.get_num_threads())
        return self.model(X)

    def loss(self, O, y):
        return self.model.loss(O, y)

    def configure_optimizer(self, lr):
        return self.model.configure_optimizer(lr)


@pytest.fixture
def three_threads():
    """Torch on 3 threads (not a default anywhere) for the test; the caller's number after."""
    before = torch.get_num_threads()
    torch.set_num_threads(3)
    yield
    torch.set_num_threads(before)


@pytest.mark.parametrize(("num_threads", "inside"), [(1, 1), (2, 2), (None, 3)])
def test_training_runs_on_the_configured_threads_and_restores_the_number(
    blobs, three_threads, num_threads, inside
):
    model = ThreadRecorder(build_model("scratch"))
    train(model, blobs, TrainConfig(num_epochs=1, num_threads=num_threads), progress=False)
    assert model.seen == {inside}
    assert torch.get_num_threads() == 3


def test_the_thread_count_is_restored_when_training_diverges(blobs, three_threads):
    model = ThreadRecorder(build_model("scratch"))
    with pytest.raises(TrainingDiverged):
        train(model, blobs, TrainConfig(num_epochs=1, lr=1e38, batch_size=100), progress=False)
    assert model.seen == {1}
    assert torch.get_num_threads() == 3


def test_torch_threads_restores_the_number_after_any_exception(three_threads):
    with pytest.raises(KeyboardInterrupt), torch_threads(1):
        assert torch.get_num_threads() == 1
        raise KeyboardInterrupt
    assert torch.get_num_threads() == 3


def test_progress_bar_is_silent_when_not_a_terminal(blobs, capsys):
    train(build_model("scratch"), blobs, TrainConfig(num_epochs=2), progress=None)
    assert capsys.readouterr().err == ""


def test_progress_bar_shows_when_asked(blobs, capsys):
    train(build_model("scratch"), blobs, TrainConfig(num_epochs=2), progress=True)
    assert "2/2" in capsys.readouterr().err


def test_the_books_recipe_reaches_082_and_both_models_agree():
    """The build trained both models with the book's recipe; its record is checked here.

    ``make figures`` (which ``make test`` runs first) trains each model once for
    the pages; training them again here would prove nothing more.
    """
    path = DEFAULT_OUT / "metrics.json"
    assert path.is_file(), f"{path} is missing: run `make figures` first"
    metrics = json.loads(path.read_text())
    if metrics["config"] != dataclasses.asdict(TrainConfig()):
        pytest.skip(f"the build used other hyperparameters: {metrics['config']}")
    scratch, concise = (metrics["runs"][impl]["history"] for impl in ("scratch", "concise"))
    assert len(scratch) == len(concise) == TrainConfig().num_epochs
    assert scratch[-1]["test_acc"] >= 0.82 and concise[-1]["test_acc"] >= 0.82
    # 2,350 SGD steps later the two implementations hold the same weights, up to rounding.
    assert metrics["max_weight_difference"] < 1e-5
    for a, c in zip(scratch, concise, strict=True):
        assert a["train_loss"] == pytest.approx(c["train_loss"], rel=1e-5)
        assert a["test_acc"] == pytest.approx(c["test_acc"], abs=2e-4)  # <= 2 images
