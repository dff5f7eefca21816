"""The figures stage: train (or reuse the cached runs), then write every figure and table.

Every output is written atomically, one line of progress each; the stage
returns the name and size of each, for the manifest. The runs and
``metrics.json`` are made once; every fragment, figure and data script a reader
sees is then written in each language (English at ``out/name``, Chinese at
``out/zh/name``).
"""

import json
from collections.abc import Callable
from pathlib import Path

import torch

from sitebuild import explorables, performance, plots, runs, tables
from sitebuild.cache import write_text
from sitebuild.i18n import LANGUAGES, folder, output_name, tr
from sitebuild.measure import StabilityRow
from sitebuild.paths import BENCHMARK, RECORDED_BENCHMARK
from softmax_regression import (
    FashionMNISTData,
    TrainConfig,
    load_fashion_mnist,
    most_confident_mistakes,
)
from softmax_regression.data_files import DataError

__all__ = ["USER_ERRORS", "build"]

#: errors a build reports in one line: the data is missing or corrupted
USER_ERRORS = (DataError,)


def _figures(
    metrics: dict,
    data: FashionMNISTData,
    trained: dict,
    probabilities: torch.Tensor,
    lang: str = "en",
) -> dict[str, Callable]:
    """Name -> function(colors) that draws it, with its words in ``lang``."""
    classes = [tables.class_name(lang, name) for name in data.classes]
    # Samples: the first three training images of each class, a class per column.
    first = torch.stack(
        [torch.nonzero(data.train.y == c)[:3, 0] for c in range(len(classes))],
        dim=1,
    )  # (3, q)
    samples = first.flatten()
    # Predictions on the first 20 test images, and the 10 most confident mistakes.
    shown = torch.arange(20)
    predicted = probabilities.argmax(dim=1)
    mistakes = most_confident_mistakes(probabilities, data.test.y, 10)

    def labels(indices: torch.Tensor) -> list[str]:
        return [
            tr(
                lang,
                "true: {true}\npred: {predicted}",
                true=classes[data.test.y[i]],
                predicted=classes[predicted[i]],
            )
            for i in indices
        ]

    W_scratch, _ = runs.weights(trained)
    temperature = {float(T): p for T, p in metrics["temperature"]["probabilities"].items()}
    stability_rows = [StabilityRow(**row) for row in metrics["stability"]["rows"]]
    history = {impl: metrics["runs"][impl]["history"] for impl in trained}
    return {
        "network": lambda c: plots.network_figure(c, lang=lang),
        "training_scratch": lambda c: plots.history_figure(
            c, history["scratch"], tr(lang, "Softmax regression from scratch"), lang
        ),
        "training_concise": lambda c: plots.history_figure(
            c, history["concise"], tr(lang, "Concise softmax regression (torch.nn)"), lang
        ),
        "samples": lambda c: plots.image_grid(
            c,
            data.train.X[samples],
            [classes[data.train.y[i]] for i in samples],
            10,
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
                tr(
                    lang,
                    "{label}\n({percent} sure)",
                    label=label,
                    percent=f"{probabilities[i].max():.1%}",
                )
                for i, label in zip(mistakes, labels(mistakes), strict=True)
            ],
            5,
            bad=[True] * len(mistakes),
            cell=(1.6, 1.8),
        ),
        "confusion": lambda c: plots.confusion_figure(
            c, torch.tensor(metrics["confusion_matrix"]), classes, lang
        ),
        "weights": lambda c: plots.weights_figure(c, W_scratch, classes, lang),
        "stability": lambda c: plots.stability_figure(c, stability_rows, lang),
        "temperature": lambda c: plots.temperature_figure(
            c, temperature, metrics["temperature"]["logits"], lang
        ),
    }


def _tables(metrics: dict, lang: str = "en") -> dict[str, str]:
    """File name -> Markdown of every table and sentence, in ``lang``."""
    return {
        "results.md": tables.results_table(metrics, lang),
        "history_scratch.md": tables.history_table(metrics["runs"]["scratch"], lang),
        "history_concise.md": tables.history_table(metrics["runs"]["concise"], lang),
        "per_class_accuracy.md": tables.per_class_table(metrics, lang),
        "stability.md": tables.stability_table(metrics, lang),
        "run.md": tables.run_sentence(metrics, lang),
        "summary_scratch.md": tables.training_summary(metrics, "scratch", lang),
        "summary_concise.md": tables.training_summary(metrics, "concise", lang),
        "summary_evaluation.md": tables.evaluation_summary(metrics, lang),
        # this machine's last `make bench`, else the committed record
        **performance.fragments(
            *performance.read_results(BENCHMARK, RECORDED_BENCHMARK), lang=lang
        ),
    }


def build(out: Path, config: TrainConfig, keys: dict[str, str]) -> dict[str, int]:
    """Train or reuse, then write every figure and result; return name -> size."""
    print(f"figures: building into {out}", flush=True)
    data = load_fashion_mnist()
    trained = runs.train_or_reuse(out, config, data, keys["train"])
    metrics, probabilities = runs.metrics(config, data, trained)
    outputs = {
        "metrics.json": write_text(out / "metrics.json", json.dumps(metrics, indent=1) + "\n")
    }
    for lang in LANGUAGES:
        fragments = _tables(metrics, lang)
        for name, text in fragments.items():
            outputs[output_name(lang, name)] = write_text(folder(out, lang) / name, text)
        if lang == "en":
            print(f"  results    metrics.json and {len(fragments)} tables", flush=True)
        else:
            print(f"  results    {len(fragments)} tables ({lang})", flush=True)
    outputs.update(_explorables(out, config, data, trained, probabilities, metrics))
    for lang in LANGUAGES:
        figures = _figures(metrics, data, trained, probabilities, lang)
        outputs.update(plots.draw_all(out, figures, lang))
    return outputs


def _explorables(
    out: Path,
    config: TrainConfig,
    data: FashionMNISTData,
    trained: dict,
    probabilities: torch.Tensor,
    metrics: dict,
) -> dict[str, int]:
    """The evaluated model, exported test images and toy data for the browser, and the fixtures.

    The data scripts are written in each language (their words: the model's
    source and the class names); the fixtures, which only the tests read, once.
    """
    _, W = runs.weights(trained)  # the concise run's (d, q): the one the pages evaluate
    b = trained["concise"]["state"]["net.1.bias"]  # (q,)
    indices = explorables.exported_images(data, probabilities)
    accuracy = metrics["runs"]["concise"]["final"]["test"]["accuracy"]
    outputs = {}
    for lang in LANGUAGES:
        source = tr(
            lang,
            "the concise model's final weights ({epochs} epochs, lr {lr}, batch size "
            "{batch_size}, seed {seed}; test accuracy {accuracy})",
            epochs=config.num_epochs,
            lr=config.lr,
            batch_size=config.batch_size,
            seed=config.seed,
            accuracy=f"{accuracy:.2%}",
        )
        classes = [tables.class_name(lang, name) for name in data.classes]
        model, parity = explorables.model_script(data, W.contiguous(), b, indices, source, classes)
        toy, step = explorables.toy_script(lang)
        for name, text in (("explorable_model.js", model), ("explorable_toy.js", toy)):
            outputs[output_name(lang, name)] = write_text(folder(out, lang) / name, text)
        if lang == "en":
            outputs["explorable_fixtures.json"] = write_text(
                out / "explorable_fixtures.json", explorables.fixtures(parity, step)
            )
    print(f"  browser    {len(indices)} test images, the model and the toy data", flush=True)
    return outputs
