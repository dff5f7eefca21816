"""The data the explorables run in the browser, and the fixtures their tests compare with."""

import base64
import functools
import json
import math

import numpy as np
import pytest
import torch

from sitebuild import explorables
from sitebuild.paths import DEFAULT_OUT
from softmax_regression import FashionMNISTData, Split, softmax
from softmax_regression.toy import TOY_CONFIG

f64 = functools.partial(torch.tensor, dtype=torch.float64)


def script_value(text: str, name: str) -> dict:
    """The object a data script assigns to ``window.SR_EXPLORABLES.<name>``."""
    prefix = f"window.SR_EXPLORABLES.{name} = "
    (line,) = [line for line in text.splitlines() if line.startswith(prefix)]
    return json.loads(line.removeprefix(prefix).removesuffix(";"))


@pytest.fixture
def pixel_data() -> FashionMNISTData:
    """Images as the real loader makes them, uint8 pixels in (n, 1, 28, 28)."""
    generator = torch.Generator().manual_seed(0)
    pixels = torch.randint(0, 256, (120, 1, 28, 28), generator=generator, dtype=torch.uint8)
    y = torch.arange(120) % 10
    split = Split(X=pixels, y=y)
    return FashionMNISTData(train=split, test=split, classes=tuple("abcdefghij"))


def test_the_model_script_holds_the_weights_and_the_raw_pixels(pixel_data):
    W = torch.randn(784, 10, generator=torch.Generator().manual_seed(1)) * 0.01  # (d, q)
    b = torch.randn(10, generator=torch.Generator().manual_seed(2))
    indices = torch.tensor([0, 5, 17, 119])
    text, parity = explorables.model_script(pixel_data, W, b, indices, "a test model")
    value = script_value(text, "model")
    decoded_W = np.frombuffer(base64.b64decode(value["W"]), "<f4").reshape(784, 10)
    decoded_b = np.frombuffer(base64.b64decode(value["b"]), "<f4")
    pixels = np.frombuffer(base64.b64decode(value["images"]), "u1").reshape(4, 784)
    assert np.array_equal(decoded_W, W.numpy()) and np.array_equal(decoded_b, b.numpy())
    assert np.array_equal(pixels, pixel_data.test.X[indices].reshape(4, -1).numpy())
    assert value["labels"] == pixel_data.test.y[indices].tolist()
    assert value["indices"] == indices.tolist() and (value["d"], value["q"], value["n"]) == (
        784,
        10,
        4,
    )
    # the probabilities the browser must reproduce: the model's, on the same pixels
    X = torch.from_numpy(pixels / 255.0)  # (4, d) float64
    reference = softmax(X @ W.double() + b.double())
    assert torch.allclose(f64(parity["probabilities"]), reference, atol=1e-6, rtol=0)
    predicted = reference.argmax(dim=1)
    assert (
        value["mistakes"] == torch.nonzero(predicted != pixel_data.test.y[indices])[:, 0].tolist()
    )


def test_the_exported_images_are_the_first_of_each_class_and_the_surest_mistakes(
    pixel_data, monkeypatch
):
    monkeypatch.setattr(explorables, "PER_CLASS", 2)
    y = pixel_data.test.y  # 0, 1, ..., 9, 0, 1, ...
    probabilities = torch.nn.functional.one_hot(y, 10).float() * 0.9 + 0.01  # all right
    for k in range(explorables.MISTAKES + 3):  # 13 mistakes; images 100..109 the surest
        probabilities[100 + k] = 0.01
        probabilities[100 + k, (y[100 + k] + 1) % 10] = 0.95 - 0.01 * k
    indices = explorables.exported_images(pixel_data, probabilities)
    assert indices.tolist() == [*range(20), *range(100, 110)]


def test_the_gradient_step_is_the_formula():
    _, step = explorables.toy_script()
    X, y = f64(step["X"]), torch.tensor(step["y"])  # (n, 2), (n,)
    W, b = f64(step["W"]), f64(step["b"])  # (2, 3), (3,)
    y_hat = softmax(X @ W + b)  # (n, 3)
    error = (y_hat - torch.nn.functional.one_hot(y, 3).double()) / len(y)  # (n, 3)
    lr = TOY_CONFIG.lr
    assert torch.allclose(f64(step["W_next"]), W - lr * X.T @ error, atol=1e-14)
    assert torch.allclose(f64(step["b_next"]), b - lr * error.sum(dim=0), atol=1e-14)
    assert step["loss"] == pytest.approx(-y_hat[torch.arange(len(y)), y].log().mean().item())


def test_non_finite_numbers_are_strings_in_json():
    assert [explorables._number(x) for x in (math.inf, -math.inf, math.nan, 1.5)] == [
        "inf",
        "-inf",
        "nan",
        1.5,
    ]


def test_the_fixtures_scan_breaks_where_the_stability_page_says():
    """The built fixtures and the stability table come from the same scan."""
    fixtures = json.loads((DEFAULT_OUT / "explorable_fixtures.json").read_text())
    metrics = json.loads((DEFAULT_OUT / "metrics.json").read_text())
    forms = dict(explorables.FORM_NAMES)
    checked = 0
    for row in metrics["stability"]["rows"]:
        if row["dtype"] == "bfloat16" or row["first_broken"] is None:
            continue
        scan = [
            r
            for r in fixtures["scan"]
            if r["dtype"] == row["dtype"] and r["form"] == forms[row["form"]]
        ]
        broken = [r["s"] for r in scan if r["state"] == "inf or nan"]
        assert min(broken) == row["first_broken"], (row["dtype"], row["form"])
        right = [r["s"] for r in scan if r["state"] == "right"]
        assert max(right) == row["last_right"], (row["dtype"], row["form"])
        checked += 1
    assert checked == 6  # two breaking forms in each of three dtypes
    for name in ("float16", "float32", "float64"):
        assert fixtures["thresholds"]["exp_overflow"][name] == next(
            r["exp_overflow"] for r in metrics["stability"]["rows"] if r["dtype"] == name
        )
