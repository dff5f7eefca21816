"""The shift stage: label shift and covariate shift, measured on Fashion-MNIST.

It trains the source model (the book's settings, on the 50,000 training
images left after the validation split), then

- label shift: resamples the test set with other class priors, estimates them
  by black-box shift estimation from the validation set's confusion matrix,
  and reweights the predicted probabilities;
- covariate shift (:mod:`sitebuild.shift_covariate`): keeps test images with
  a low mean pixel value more often, trains a domain classifier, turns its
  logits into importance weights, estimates the target accuracy with them,
  and retrains the model with the weighted loss.

It writes ``shift.json``, the Markdown fragments ``shift_*.md`` and the
figures ``shift_*-{light,dark}.svg``, one progress line each. The fragments
and figures are written in every language of :data:`sitebuild.i18n.LANGUAGES`
(English in ``out``, Chinese in ``out/zh``, its words from
``sitebuild.zh.shift``), from the same measurements.
"""

import json
import time
from pathlib import Path

import torch

from sitebuild import plots, shift_covariate, shift_plots, shift_tables
from sitebuild.cache import write_text
from sitebuild.i18n import LANGUAGES, folder, output_name
from softmax_regression import (
    FashionMNISTData,
    TrainConfig,
    as_float,
    build_model,
    load_fashion_mnist,
    softmax,
    train,
)
from softmax_regression.data_files import DataError
from softmax_regression.label_shift import (
    MAX_CONDITION,
    estimate_prior_ratio,
    joint_confusion,
    largest_sample,
    random_priors,
    reweight_probabilities,
    sample_with_priors,
)
from softmax_regression.validation import split_validation

__all__ = ["USER_ERRORS", "build"]

#: errors a build reports in one line: the data is missing or corrupted
USER_ERRORS = (DataError,)

NUM_VALID = 10_000  # held out of the 60,000 training images, as every chapter
NUM_DRAWS = 20  # label shift: target priors drawn, seeds 0..NUM_DRAWS-1


def _scores(y_hat: torch.Tensor, y: torch.Tensor) -> dict[str, float]:
    """Accuracy and log loss (mean cross-entropy, nats) of probabilities."""
    p_true = y_hat[torch.arange(len(y)), y].double()  # (n,)
    return {
        "accuracy": (y_hat.argmax(dim=1) == y).double().mean().item(),
        "log_loss": -p_true.log().mean().item(),
    }


def _label_shift(y_hat_valid, valid, y_hat_test, test, q) -> dict:
    """BBSE on NUM_DRAWS target sets resampled from the test set."""
    J = joint_confusion(y_hat_valid.argmax(dim=1), valid.y, q)  # (q, q)
    p_source = J.sum(dim=0)  # (q,), true-class fractions on validation
    draws = []
    for seed in range(NUM_DRAWS):
        priors = random_priors(q, seed)
        n = largest_sample(test.y, priors)
        rows = sample_with_priors(test.y, priors, n, seed)
        y, y_hat = test.y[rows], y_hat_test[rows].double()  # (n,), (n, q)
        p_target = torch.bincount(y, minlength=q).double() / n  # (q,)
        mu = torch.bincount(y_hat.argmax(dim=1), minlength=q).double() / n
        omega = estimate_prior_ratio(J, mu)  # (q,)
        estimated = omega * p_source / (omega * p_source).sum()
        oracle = p_target / p_source  # the true ratio
        draws.append(
            {
                "seed": seed,
                "n": n,
                "priors": p_target.tolist(),
                "estimated": estimated.tolist(),
                "clipped": int((omega == 0).sum()),
                "error": (estimated - p_target).abs().sum().item(),
                "error_source": (p_source - p_target).abs().sum().item(),
                "before": _scores(y_hat, y),
                "bbse": _scores(reweight_probabilities(y_hat, omega), y),
                "oracle": _scores(reweight_probabilities(y_hat, oracle), y),
            }
        )
    return {
        "source_priors": p_source.tolist(),
        "condition_number": torch.linalg.cond(J).item(),
        "max_condition": MAX_CONDITION,
        "draws": draws,
    }


def experiments(config: TrainConfig) -> tuple[dict, dict]:
    """Train the source model and run both experiments.

    Returns the results (numbers, for the json) and what the figures draw.
    """
    data = load_fashion_mnist()
    train_part, valid = split_validation(data.train, NUM_VALID, seed=0)
    q = len(data.classes)
    start = time.perf_counter()
    model = build_model("concise", seed=config.seed)
    history = train(
        model, FashionMNISTData(train_part, valid, data.classes), config, progress=False
    )
    seconds = time.perf_counter() - start
    with torch.inference_mode():
        y_hat_valid = softmax(model(as_float(valid.X)))  # (n_valid, q)
        y_hat_test = softmax(model(as_float(data.test.X)))  # (n_test, q)
    source = {
        "num_train": len(train_part),
        "num_valid": len(valid),
        "num_test": len(data.test),
        "valid": _scores(y_hat_valid, valid.y),
        "test": _scores(y_hat_test, data.test.y),
        "seconds": seconds,
        "epochs": len(history),
    }
    print(
        f"  training   source model, validation accuracy "
        f"{source['valid']['accuracy']:.4f} ({seconds:.1f} s)",
        flush=True,
    )
    label = _label_shift(y_hat_valid, valid, y_hat_test, data.test, q)
    covariate, drawn = shift_covariate.experiment(model, train_part, valid, data.test, config)
    results = {
        "classes": list(data.classes),
        "config": {
            "num_epochs": config.num_epochs,
            "lr": config.lr,
            "batch_size": config.batch_size,
            "seed": config.seed,
        },
        "source": source,
        "label_shift": label,
        "covariate_shift": covariate,
    }
    return results, drawn


def build(out: Path, config: TrainConfig, keys: dict[str, str]) -> dict[str, int]:
    """Run the experiments once; write the json, then the fragments and figures per language."""
    print(f"shift: building into {out}", flush=True)
    results, drawn = experiments(config)
    text = json.dumps(results, indent=1) + "\n"
    outputs = {"shift.json": write_text(out / "shift.json", text)}  # once: numbers only
    for lang in LANGUAGES:
        fragments = shift_tables.fragments(results, lang)
        for name, text in fragments.items():
            outputs[output_name(lang, name)] = write_text(folder(out, lang) / name, text)
        where = "shift.json and " if lang == "en" else ""
        print(f"  results    {where}{len(fragments)} fragments ({lang})", flush=True)
        outputs.update(plots.draw_all(out, shift_plots.figures(results, drawn, lang), lang))
    return outputs
