"""Markdown tables and sentences generated from ``metrics.json``, for the pages to include."""

from collections.abc import Sequence

__all__ = [
    "evaluation_summary",
    "history_table",
    "markdown_table",
    "per_class_table",
    "results_table",
    "run_sentence",
    "stability_table",
    "training_summary",
]

NAMES = {"scratch": "From scratch", "concise": "Concise (`torch.nn`)"}


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str) -> str:
    """A Markdown table; ``align`` has one letter per column: ``l`` (left) or ``r`` (right)."""
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(" ---: " if a == "r" else " --- " for a in align) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def results_table(metrics: dict) -> str:
    """One row per implementation: final loss and accuracies, and the training time."""
    rows = []
    for impl, run in metrics["runs"].items():
        last = run["history"][-1]
        rows.append(
            [
                NAMES[impl],
                f"{last['train_loss']:.4f}",
                f"{last['train_acc']:.4f}",
                f"{last['test_acc']:.4f}",
                f"{run['seconds']:.2f}",
            ]
        )
    epochs = metrics["config"]["num_epochs"]
    header = [
        "implementation",
        "train loss",
        "train accuracy",
        "test accuracy",
        f"seconds ({epochs} epochs)",
    ]
    return markdown_table(header, rows, "lrrrr")


def history_table(run: dict) -> str:
    """One row per epoch of one run."""
    rows = [
        [
            str(h["epoch"]),
            f"{h['train_loss']:.4f}",
            f"{h['train_acc']:.4f}",
            f"{h['test_acc']:.4f}",
            f"{h['seconds']:.2f}",
        ]
        for h in run["history"]
    ]
    return markdown_table(
        ["epoch", "train loss", "train accuracy", "test accuracy", "seconds"], rows, "rrrrr"
    )


def per_class_table(metrics: dict) -> str:
    """Per-class test accuracy of the concise model and the class each one is most often mistaken for."""
    classes, confusion = metrics["classes"], metrics["confusion_matrix"]
    rows = []
    for i, name in enumerate(classes):
        mistakes = [(count, j) for j, count in enumerate(confusion[i]) if j != i]
        count, j = max(mistakes)
        rows.append(
            [
                name,
                f"{metrics['per_class_accuracy'][i]:.3f}",
                f"{classes[j]} ({count} of {sum(confusion[i])})",
            ]
        )
    return markdown_table(
        ["true class", "test accuracy", "most often predicted instead"], rows, "lrl"
    )


def stability_table(metrics: dict) -> str:
    """Per dtype: where exp overflows and underflows, so where each naive form breaks."""
    scan_max = metrics["stability"]["scan_max"]
    rows = []
    for r in metrics["stability"]["rows"]:
        stable = (
            f"finite up to s = {scan_max:g}"
            if r["stable_breaks"] is None
            else f"breaks at {r['stable_breaks']:.4g}"
        )
        rows.append(
            [
                f"`{r['dtype']}`",
                f"{r['exp_overflow']:.6g}",
                f"{r['exp_underflow']:.6g}",
                f"s > {r['exp_overflow']:.6g}",
                f"s > {-r['exp_underflow']:.6g}",
                stable,
            ]
        )
    header = [
        "dtype",
        "largest x with finite exp(x)",
        "smallest x with exp(x) > 0",
        "naive softmax is nan for",
        "naive cross-entropy is inf for",
        "stable forms",
    ]
    return markdown_table(header, rows, "lrrrrl")


def run_sentence(metrics: dict) -> str:
    """How the results were produced, in one sentence."""
    c, v = metrics["config"], metrics["versions"]
    return (
        f"Trained for {c['num_epochs']} epochs with learning rate {c['lr']:g}, minibatch size "
        f"{c['batch_size']} and seed {c['seed']}, on {metrics['machine']['cpu_count']} CPU cores with "
        f"PyTorch {v['torch']} and {metrics['machine']['torch_threads']} threads.\n"
    )


def training_summary(metrics: dict, impl: str) -> str:
    """A paragraph on one implementation's final numbers, for its page."""
    run, config = metrics["runs"][impl], metrics["config"]
    last = run["history"][-1]
    steps = config["num_epochs"] * -(
        -metrics["num_train"] // config["batch_size"]
    )  # ceil: last batch is smaller
    text = (
        f"After {config['num_epochs']} epochs the {'model written from scratch' if impl == 'scratch' else 'concise model'} "
        f"classifies **{last['test_acc']:.2%}** of the test images correctly (test accuracy {last['test_acc']:.4f}); "
        f"its training loss fell from {run['history'][0]['train_loss']:.4f} after the first epoch to "
        f"{last['train_loss']:.4f}, and the {config['num_epochs']} epochs took {run['seconds']:.1f} s."
    )
    if impl == "concise":
        text += (
            f" After all {steps:,} minibatch updates its weights differ from those of the model written from "
            f"scratch by at most {metrics['max_weight_difference']:.1e}."
        )
    return text + "\n"


def evaluation_summary(metrics: dict) -> str:
    """A paragraph on the best and worst classes, for the evaluation page."""
    classes, accuracy, confusion = (
        metrics["classes"],
        metrics["per_class_accuracy"],
        metrics["confusion_matrix"],
    )
    order = sorted(range(len(classes)), key=lambda i: accuracy[i])
    worst, second, best = order[0], order[1], order[-1]

    def mistaken_for(i: int) -> str:
        count, j = max((count, j) for j, count in enumerate(confusion[i]) if j != i)
        return f"{classes[j]} ({count} times)"

    return (
        f"The model is right on **{metrics['test_accuracy']:.2%}** of the test images, but not evenly: "
        f"it recognises {accuracy[best]:.1%} of the {classes[best]} images and only {accuracy[worst]:.1%} of the "
        f"{classes[worst]} images, which it most often takes for {mistaken_for(worst)}. The next hardest class, "
        f"{classes[second]} ({accuracy[second]:.1%}), is most often taken for {mistaken_for(second)}.\n"
    )
