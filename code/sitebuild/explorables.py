"""The data the explorables run in the reader's browser, and the fixtures that test them.

Three outputs, written by the figures stage from the runs it trained:

- ``explorable_model.js``: the evaluated model's ``W`` (d, q) and ``b`` as
  float32, and a few hundred test images as uint8 pixels, base64 in a classic
  script (a ``fetch`` of a data file fails from ``file://``);
- ``explorable_toy.js``: the 2-D points of the calibration page's picture and
  the initial weights of its model;

(these two in each language: the class names and the sentence on their
source are words the widgets show)
- ``explorable_fixtures.json`` (not part of the site): what PyTorch computes
  for the same inputs, which the Node unit tests and the browser tests compare
  the JavaScript with.
"""

import base64
import json
import math
from collections.abc import Sequence

import numpy as np
import torch

from sitebuild.i18n import tr
from sitebuild.measure import FORMS, SCALES, STATES, WRONG_EPS, exact_loss
from softmax_regression import (
    FashionMNISTData,
    as_float,
    cross_entropy,
    most_confident_mistakes,
    softmax,
)
from softmax_regression.models import SoftmaxRegressionScratch
from softmax_regression.stability import exp_overflow_threshold, exp_underflow_threshold
from softmax_regression.toy import CLASSES, TOY_CONFIG, three_blobs

__all__ = ["PER_CLASS", "TOY_POINTS", "fixtures", "model_script", "toy_script"]

#: test images exported per class (the first ones of the test set), plus the mistakes
PER_CLASS = 20
#: the most confident mistakes exported with them (the evaluation page's figure)
MISTAKES = 10
#: the points of the calibration page's picture: three_blobs(TOY_POINTS, seed=0)
TOY_POINTS = 300
#: the three loss forms of the stability scan, by the names the JavaScript uses
FORM_NAMES = dict(
    zip((form.code for form in FORMS), ("naive", "stable_softmax", "logits"), strict=True)
)
DTYPES = (torch.float16, torch.float32, torch.float64)


def _b64(array: np.ndarray, dtype: str) -> str:
    return base64.b64encode(np.ascontiguousarray(array, dtype=dtype).tobytes()).decode()


def _script(name: str, value: dict) -> str:
    body = json.dumps(value, separators=(",", ":"))
    return (
        "// Written by the site build (code/sitebuild/explorables.py); do not edit.\n"
        "window.SR_EXPLORABLES = window.SR_EXPLORABLES || {};\n"
        f"window.SR_EXPLORABLES.{name} = {body};\n"
    )


def _number(x: float) -> float | str:
    """A JSON number, or "inf", "-inf", "nan"."""
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def exported_images(data: FashionMNISTData, probabilities: torch.Tensor) -> torch.Tensor:
    """Indices of the exported test images: the first of each class and the surest mistakes."""
    first = [torch.nonzero(data.test.y == c)[:PER_CLASS, 0] for c in range(len(data.classes))]
    mistakes = most_confident_mistakes(probabilities, data.test.y, MISTAKES)
    return torch.cat([*first, mistakes]).unique(sorted=True)


def model_script(
    data: FashionMNISTData,
    W: torch.Tensor,
    b: torch.Tensor,
    indices: torch.Tensor,
    source: str,
    classes: Sequence[str] | None = None,
) -> tuple[str, dict]:
    """The model's script, and its probabilities for the exported images (for the fixtures).

    ``source`` and ``classes`` (by default the data's class names) are the
    words the widget shows, in the page's language.
    """
    pixels = data.test.X[indices].reshape(len(indices), -1)  # (n, d), the files' bytes
    X = as_float(pixels)  # (n, d), pixel / 255 in float32, as training sees them
    with torch.inference_mode():
        probabilities = softmax(X @ W + b)  # (n, q), what the model computes in float32
    mistakes = torch.nonzero(probabilities.argmax(dim=1) != data.test.y[indices])[:, 0]
    value = {
        "classes": list(data.classes if classes is None else classes),
        "d": W.shape[0],
        "q": W.shape[1],
        "W": _b64(W.numpy(), "<f4"),
        "b": _b64(b.numpy(), "<f4"),
        "n": len(indices),
        "images": _b64(pixels.numpy(), "u1"),
        "labels": data.test.y[indices].tolist(),
        "indices": indices.tolist(),
        "mistakes": mistakes.tolist(),
        "source": source,
    }
    return _script("model", value), {"probabilities": probabilities.double().tolist()}


def toy_script(lang: str = "en") -> tuple[str, dict]:
    """The toy model's points and initial weights, and one gradient step (for the fixtures).

    The class names and the sentence on the source are in ``lang``.
    """
    points = three_blobs(TOY_POINTS, seed=0)
    model = SoftmaxRegressionScratch(num_inputs=2, num_outputs=3, seed=0)
    W0, b0 = model.W.detach(), model.b.detach()  # (2, 3), (3,)
    value = {
        "X": points.X.tolist(),
        "y": points.y.tolist(),
        "W": W0.tolist(),
        "b": b0.tolist(),
        "lr": TOY_CONFIG.lr,
        "classes": [tr(lang, name) for name in CLASSES],
        "source": tr(
            lang,
            "three_blobs({points}, seed=0) and the initial weights of "
            "SoftmaxRegressionScratch(num_inputs=2, num_outputs=3, seed=0)",
            points=TOY_POINTS,
        ),
    }
    # One full-batch gradient step on the mean loss, in float64, by autograd.
    X, y = points.X.double(), points.y
    W = W0.double().requires_grad_()
    b = b0.double().requires_grad_()
    O = X @ W + b  # (n, 3)
    loss = cross_entropy(O, y).mean()
    loss.backward()
    lr = TOY_CONFIG.lr
    step = {
        "X": X.tolist(),
        "y": y.tolist(),
        "W": W.detach().tolist(),
        "b": b.detach().tolist(),
        "lr": lr,
        "loss": loss.item(),
        "accuracy": (O.argmax(dim=1) == y).double().mean().item(),
        "W_next": (W - lr * W.grad).detach().tolist(),
        "b_next": (b - lr * b.grad).detach().tolist(),
    }
    return _script("toy", value), step


def _softmax_cases() -> list[dict]:
    """Logits, temperatures and true classes, and what PyTorch computes for them in float64."""
    generator = torch.Generator().manual_seed(0)
    cases = [
        ([3.0, 1.5, 1.0, 0.2, -1.0], T, y) for T in (0.05, 0.25, 1.0, 2.0, 20.0) for y in (0, 4)
    ]
    cases += [
        ([0.0, 0.0, 0.0], 1.0, 1),
        ([1000.0, 0.0, -1000.0], 1.0, 2),
        ([100.0, 100.0, -3.0, 7.5], 0.5, 3),
        ([-50.0, -51.0, -52.0], 1.0, 0),
    ]
    for q in range(3, 11):
        o = (torch.randn(q, generator=generator, dtype=torch.float64) * 5).tolist()
        cases.append((o, 1.0 if q % 2 else 0.3, q - 1))
    rows = []
    for o, T, y in cases:
        scaled = torch.tensor(o, dtype=torch.float64) / T  # (q,)
        y_hat = softmax(scaled)  # (q,)
        onehot = torch.nn.functional.one_hot(torch.tensor(y), len(o)).double()
        rows.append(
            {
                "o": o,
                "T": T,
                "y": y,
                "softmax": y_hat.tolist(),
                "logsumexp": torch.logsumexp(scaled, dim=0).item(),
                "cross_entropy": cross_entropy(scaled[None], torch.tensor([y])).item(),
                "gradient": (y_hat - onehot).tolist(),
                "entropy": torch.special.entr(y_hat).sum().item(),
            }
        )
    return rows


def _rounding() -> dict:
    """Float64 inputs and their float32 and float16 values: ties, subnormals, overflow."""
    special = [
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.1,
        1 / 3,
        math.pi,
        math.e,
        1e-8,
        -1e-8,
        1e5,
        -1e5,
        1 + 2**-11,
        1 + 3 * 2**-11,
        1 + 2**-11 + 2**-40,
        1 + 2**-11 + 2**-30,
        65504.0,
        65519.99,
        65520.0,
        2**-24,
        2**-25,
        2**-25 * 1.0001,
        3 * 2**-25,
        2**-14,
        2**-14 - 2**-25,
        2**-14 - 2**-24,
        1 + 2**-24,
        1 + 3 * 2**-24,
        2**-149,
        2**-150,
        3 * 2**-150,
        2**-126,
        float(np.finfo(np.float32).max),
        3.4028235677973366e38 * (1 + 2**-25),
        3.4028236e38,
        math.inf,
        -math.inf,
        math.nan,
    ]
    generator = torch.Generator().manual_seed(0)
    mantissa = torch.rand(300, generator=generator, dtype=torch.float64) + 0.5
    exponent = torch.randint(-160, 130, (300,), generator=generator).double()
    sign = torch.randint(0, 2, (300,), generator=generator).double() * 2 - 1
    inputs = special + (sign * mantissa * 2.0**exponent).tolist()
    x = torch.tensor(inputs, dtype=torch.float64)
    with np.errstate(over="ignore"):
        exact16 = x.numpy().astype(np.float16).astype(np.float64)
    return {
        "note": "float32 and float16 are PyTorch's conversions; PyTorch converts float64 "
        "to float16 through float32 (two roundings), as its float16 kernels round a "
        "float32 result. float16_exact is numpy's single round-to-nearest-even from float64.",
        "inputs": [_number(v) for v in inputs],
        "float32": [_number(v) for v in x.float().double().tolist()],
        "float16": [_number(v) for v in x.half().double().tolist()],
        "float16_exact": [_number(v) for v in exact16.tolist()],
    }


def _scan() -> list[dict]:
    """The stability scan's losses around every change of state, and a sample between.

    The same computation as :func:`sitebuild.measure.stability_scan`: logits
    ``[s, 0]``, true class 1, each dtype and form.
    """
    rows = []
    for dtype in DTYPES:
        O = torch.stack([SCALES, torch.zeros_like(SCALES)], dim=1).to(dtype)  # (N, 2)
        y = torch.ones(len(O), dtype=torch.int64)
        s = O[:, 0].double()
        for form in FORMS:
            loss = form.loss(O, y).double()
            error = (loss - exact_loss(s)).abs() / exact_loss(s)
            tolerance = WRONG_EPS * torch.finfo(dtype).eps
            state = torch.where(torch.isfinite(loss), (error > tolerance).long(), 2)
            changes = torch.nonzero(state[1:] != state[:-1])[:, 0]
            picked = {0, len(s) - 1, *range(0, len(s), 5000)}
            picked |= {*changes.tolist(), *(changes + 1).tolist()}
            for i in sorted(picked):
                rows.append(
                    {
                        "dtype": str(dtype).removeprefix("torch."),
                        "form": FORM_NAMES[form.code],
                        "s": s[i].item(),
                        "loss": _number(loss[i].item()),
                        "state": STATES[state[i]],
                    }
                )
    return rows


def fixtures(model: dict, step: dict) -> str:
    """The fixtures file: PyTorch's answers for the JavaScript's tests."""
    names = {str(dtype).removeprefix("torch."): dtype for dtype in DTYPES}
    value = {
        "softmax": _softmax_cases(),
        "rounding": _rounding(),
        "thresholds": {
            "exp_overflow": {n: exp_overflow_threshold(d) for n, d in names.items()},
            "exp_underflow": {n: exp_underflow_threshold(d) for n, d in names.items()},
        },
        "wrong_eps": WRONG_EPS,
        "scan": _scan(),
        "sgd": step,
        "model": model,
    }
    return json.dumps(value, separators=(",", ":")) + "\n"
