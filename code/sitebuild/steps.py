"""The work of a build: train (or reuse the cached runs), then write every output, one line each."""

import dataclasses
import json
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
import torch

from sitebuild import notebooks, performance, plots, tables
from sitebuild.build import BENCHMARK
from sitebuild.cache import atomic_write
from sitebuild.measure import (
    SCALES,
    TEMPERATURE_LOGITS,
    StabilityRow,
    stability_scan,
    temperature_table,
)
from softmax_regression import (
    DataError,
    FashionMNISTData,
    TrainConfig,
    build_model,
    confusion_matrix,
    load_fashion_mnist,
    most_confident_mistakes,
    per_class_accuracy,
    softmax,
    train,
)
from softmax_regression.models import IMPLEMENTATIONS

__all__ = ["DataError", "build_figures", "build_notebooks"]

RUNS = ".runs.pt"


def _say(message: str) -> None:
    print(message, flush=True)


def _train_or_reuse(out: Path, config: TrainConfig, data: FashionMNISTData, train_key: str) -> dict:
    """Both runs: from ``.runs.pt`` if it was made with this training key, else trained now."""
    path = out / RUNS
    if path.is_file():
        cached = torch.load(path, weights_only=True)
        if cached.get("train_key") == train_key:
            _say(f"  training   reused from {RUNS} (same code, data, hyperparameters and versions)")
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
        _say(
            f"  training   {impl:<8} test accuracy {history[-1].test_acc:.4f} "
            f"({time.perf_counter() - start:.1f} s)"
        )
    with atomic_write(path, "wb") as file:
        torch.save({"train_key": train_key, "runs": runs}, file)
    return runs


def _weights(runs: dict) -> tuple[torch.Tensor, torch.Tensor]:
    """W (d, q) of the scratch run and of the concise run."""
    return runs["scratch"]["state"]["W"], runs["concise"]["state"]["net.1.weight"].T


def _metrics(config: TrainConfig, data: FashionMNISTData, runs: dict) -> tuple[dict, torch.Tensor]:
    """Everything the pages quote, and the concise model's test probabilities (10000, q)."""
    model = build_model("concise")
    model.load_state_dict(runs["concise"]["state"])
    with torch.inference_mode():
        probabilities = softmax(model(data.test.X))  # (10000, 10)
    confusion = confusion_matrix(probabilities.argmax(dim=1), data.test.y, len(data.classes))
    W_scratch, W_concise = _weights(runs)
    return {
        "config": dataclasses.asdict(config),
        "versions": {"torch": torch.__version__, "python": platform.python_version()},
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
    }, probabilities


def _figures(
    metrics: dict, data: FashionMNISTData, runs: dict, probabilities: torch.Tensor
) -> dict[str, Callable]:
    """Name -> function(colors) that draws it."""
    classes = data.classes
    # Samples: the first three training images of each class, one class per column.
    first = torch.stack(
        [torch.nonzero(data.train.y == c)[:3, 0] for c in range(len(classes))], dim=1
    )  # (3, q)
    samples = first.flatten()
    # Predictions on the first 20 test images, and the 10 most confident mistakes.
    shown = torch.arange(20)
    predicted = probabilities.argmax(dim=1)
    mistakes = most_confident_mistakes(probabilities, data.test.y, 10)

    def labels(indices: torch.Tensor) -> list[str]:
        return [f"true: {classes[data.test.y[i]]}\npred: {classes[predicted[i]]}" for i in indices]

    W_scratch, _ = _weights(runs)
    temperature = {float(T): p for T, p in metrics["temperature"]["probabilities"].items()}
    stability_rows = [StabilityRow(**row) for row in metrics["stability"]["rows"]]
    return {
        "network": lambda c: plots.network_figure(c),
        "training_scratch": lambda c: plots.history_figure(
            c, metrics["runs"]["scratch"]["history"], "Softmax regression from scratch"
        ),
        "training_concise": lambda c: plots.history_figure(
            c, metrics["runs"]["concise"]["history"], "Concise softmax regression (torch.nn)"
        ),
        "samples": lambda c: plots.image_grid(
            c, data.train.X[samples], [classes[data.train.y[i]] for i in samples], 10
        ),
        "predictions": lambda c: plots.image_grid(
            c,
            data.test.X[shown],
            labels(shown),
            5,
            cell=(1.6, 1.6),
            bad=(predicted[shown] != data.test.y[shown]).tolist(),
        ),
        "mistakes": lambda c: plots.image_grid(
            c,
            data.test.X[mistakes],
            [
                f"{label}\n({probabilities[i].max():.1%} sure)"
                for i, label in zip(mistakes, labels(mistakes), strict=True)
            ],
            5,
            bad=[True] * len(mistakes),
            cell=(1.6, 1.8),
        ),
        "confusion": lambda c: plots.confusion_figure(
            c, torch.tensor(metrics["confusion_matrix"]), classes
        ),
        "weights": lambda c: plots.weights_figure(c, W_scratch, classes),
        "stability": lambda c: plots.stability_figure(c, stability_rows),
        "temperature": lambda c: plots.temperature_figure(
            c, temperature, metrics["temperature"]["logits"]
        ),
    }


def _tables(metrics: dict) -> dict[str, str]:
    return {
        "results.md": tables.results_table(metrics),
        "history_scratch.md": tables.history_table(metrics["runs"]["scratch"]),
        "history_concise.md": tables.history_table(metrics["runs"]["concise"]),
        "per_class_accuracy.md": tables.per_class_table(metrics),
        "stability.md": tables.stability_table(metrics),
        "run.md": tables.run_sentence(metrics),
        "summary_scratch.md": tables.training_summary(metrics, "scratch"),
        "summary_concise.md": tables.training_summary(metrics, "concise"),
        "summary_evaluation.md": tables.evaluation_summary(metrics),
        **performance.fragments(_benchmark()),
    }


def _benchmark() -> dict | None:
    """The last ``make bench`` results of this machine, if any."""
    return json.loads(BENCHMARK.read_text()) if BENCHMARK.is_file() else None


def _write_text(path: Path, text: str) -> int:
    with atomic_write(path) as file:
        file.write(text)
    return path.stat().st_size


def build_figures(out: Path, settings: dict, train_key: str) -> dict[str, int]:
    """Train or reuse, then write every figure and result atomically; return name -> size."""
    config = TrainConfig(**settings)
    _say(f"figures: building into {out}")
    data = load_fashion_mnist()
    runs = _train_or_reuse(out, config, data, train_key)
    metrics, probabilities = _metrics(config, data, runs)
    outputs: dict[str, int] = {}
    outputs["metrics.json"] = _write_text(
        out / "metrics.json", json.dumps(metrics, indent=1) + "\n"
    )
    for name, text in _tables(metrics).items():
        outputs[name] = _write_text(out / name, text)
    _say(f"  results    metrics.json and {len(outputs) - 1} tables")
    for name, draw in _figures(metrics, data, runs, probabilities).items():
        start = time.perf_counter()
        for variant in plots.THEMES:
            with plots.theme(variant) as colors:
                outputs[f"{name}-{variant}.svg"] = plots.save(
                    draw(colors), out / f"{name}-{variant}.svg"
                )
        size = outputs[f"{name}-light.svg"] / 1024
        _say(f"  figure     {name:<17} {size:6.0f} KiB  ({time.perf_counter() - start:.1f} s)")
    return outputs


def build_notebooks(out: Path, pages: list[Path], sources: Path) -> dict[str, int]:
    """Export every page as a notebook, and execute the train-it-yourself notebook; return name -> size."""
    outputs: dict[str, int] = {}
    for page in pages:
        name = f"notebooks/{page.stem}.ipynb"
        outputs[name] = _write_text(out / name, nbformat.writes(notebooks.page_notebook(page)))
    _say(f"  notebooks  {len(pages)} pages exported to {out / 'notebooks'}")
    for source in sorted(sources.glob("*.md")):
        start = time.perf_counter()
        notebook = notebooks.execute(notebooks.page_notebook(source), cwd=source.parent.parent)
        outputs[f"{source.stem}.ipynb"] = _write_text(
            out / f"{source.stem}.ipynb", nbformat.writes(notebook)
        )
        _say(f"  notebook   {source.stem}.ipynb executed ({time.perf_counter() - start:.1f} s)")
    return outputs
