"""The two training runs the pages show, trained once and cached, and what they measured.

``.runs.pt`` in the output folder keeps both runs' histories and final
weights with the training key they were made with, so a build whose training
key has not changed (only a figure or a page did) reuses them instead of
training again.
"""

import dataclasses
import os
import platform
import time
from pathlib import Path

import torch

from sitebuild.cache import atomic_write
from sitebuild.measure import (
    SCALES,
    TEMPERATURE_LOGITS,
    stability_scan,
    temperature_table,
)
from softmax_regression import (
    FashionMNISTData,
    Split,
    TrainConfig,
    as_float,
    build_model,
    confusion_matrix,
    per_class_accuracy,
    softmax,
    train,
)
from softmax_regression.models import IMPLEMENTATIONS

__all__ = ["RUNS", "load_model", "metrics", "train_or_reuse", "weights"]

RUNS = ".runs.pt"


def train_or_reuse(out: Path, config: TrainConfig, data: FashionMNISTData, train_key: str) -> dict:
    """Both runs: from ``.runs.pt`` if made with this training key, else trained now."""
    path = out / RUNS
    if path.is_file():
        cached = torch.load(path, weights_only=True)
        if cached.get("train_key") == train_key:
            print(f"  training   reused from {RUNS} (same code, data and settings)")
            return cached["runs"]
    runs = {}
    for impl in IMPLEMENTATIONS:
        start = time.perf_counter()
        model = build_model(impl, seed=config.seed)
        history = train(model, data, config)
        runs[impl] = {
            "history": [h.as_dict() for h in history],
            "state": model.state_dict(),
            "seconds": sum(h.seconds for h in history),
        }
        print(
            f"  training   {impl:<8} test accuracy {history[-1].test_acc:.4f} "
            f"({time.perf_counter() - start:.1f} s)",
            flush=True,
        )
    with atomic_write(path, "wb") as file:
        torch.save({"train_key": train_key, "runs": runs}, file)
    return runs


def load_model(runs: dict, impl: str) -> torch.nn.Module:
    """The model of one run with its final weights."""
    model = build_model(impl)
    model.load_state_dict(runs[impl]["state"])
    return model


def weights(runs: dict) -> tuple[torch.Tensor, torch.Tensor]:
    """W (d, q) of the scratch run and of the concise run."""
    W_concise = runs["concise"]["state"]["net.1.weight"].T  # stored as (q, d)
    return runs["scratch"]["state"]["W"], W_concise


def final_scores(model: torch.nn.Module, split: Split) -> dict[str, float]:
    """Mean loss and accuracy of the final weights on a whole split."""
    with torch.inference_mode():
        O = model(as_float(split.X))  # (n, q)
        loss = model.loss(O, split.y).item()
        accuracy = (O.argmax(dim=1) == split.y).double().mean().item()
    return {"loss": loss, "accuracy": accuracy}


def metrics(config: TrainConfig, data: FashionMNISTData, runs: dict) -> tuple[dict, torch.Tensor]:
    """Everything the pages quote, and the concise model's test probabilities (n, q)."""
    models = {impl: load_model(runs, impl) for impl in runs}
    with torch.inference_mode():
        probabilities = softmax(models["concise"](as_float(data.test.X)))  # (n, q)
    confusion = confusion_matrix(probabilities.argmax(dim=1), data.test.y, len(data.classes))
    W_scratch, W_concise = weights(runs)
    result = {
        "config": dataclasses.asdict(config),
        "versions": {
            "torch": torch.__version__,
            "python": platform.python_version(),
        },
        "machine": {
            "cpu_count": os.cpu_count(),
            "torch_threads": torch.get_num_threads(),
            "platform": platform.platform(),
        },
        "classes": list(data.classes),
        "num_train": len(data.train),
        "num_test": len(data.test),
        "runs": {
            impl: {
                "history": run["history"],
                "seconds": run["seconds"],
                "final_test_acc": run["history"][-1]["test_acc"],
                # the final weights on the whole of each split, measured once
                "final": {
                    "train": final_scores(models[impl], data.train),
                    "test": final_scores(models[impl], data.test),
                },
            }
            for impl, run in runs.items()
        },
        "max_weight_difference": (W_scratch - W_concise).abs().max().item(),
        "evaluated": "concise",
        "test_accuracy": (confusion.diag().sum() / confusion.sum()).item(),
        "confusion_matrix": confusion.tolist(),
        "per_class_accuracy": per_class_accuracy(confusion).tolist(),
        "stability": {
            "scan_min": SCALES[0].item(),
            "scan_max": SCALES[-1].item(),
            "rows": [vars(row) for row in stability_scan()],
        },
        "temperature": {
            "logits": list(TEMPERATURE_LOGITS),
            "probabilities": {str(T): p for T, p in temperature_table().items()},
        },
    }
    return result, probabilities
