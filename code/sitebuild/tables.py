"""Markdown tables and sentences generated from ``metrics.json``, for the pages to include."""

import textwrap
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
    """One row per implementation: the final weights on each whole split, and the time.

    The loss and accuracy are measured once after training, on all training
    and all test images, so the two columns compare the same model.
    """
    rows = []
    for impl, run in metrics["runs"].items():
        train, test = run["final"]["train"], run["final"]["test"]
        rows.append(
            [
                NAMES[impl],
                f"{train['loss']:.4f}",
                f"{train['accuracy']:.4f}",
                f"{test['loss']:.4f}",
                f"{test['accuracy']:.4f}",
                f"{run['seconds']:.2f}",
            ]
        )
    epochs = metrics["config"]["num_epochs"]
    header = [
        "implementation",
        "train loss",
        "train accuracy",
        "test loss",
        "test accuracy",
        f"seconds ({epochs} epochs)",
    ]
    return markdown_table(header, rows, "lrrrrr")


def history_table(run: dict) -> str:
    """One row per epoch of one run.

    The training columns are running means over the epoch's minibatches, taken
    while the weights changed; the test accuracy is of the weights at the
    epoch's end.
    """
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
    header = [
        "epoch",
        "train loss (running mean)",
        "train accuracy (running mean)",
        "test accuracy (end of epoch)",
        "seconds",
    ]
    return markdown_table(header, rows, "rrrrr")


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
    """Where exp leaves the normal range in each dtype, then how each form of the loss fares."""
    rows = metrics["stability"]["rows"]
    scanned, wrong_eps = rows[0]["scanned"], rows[0]["wrong_eps"]
    by_dtype = {r["dtype"]: r for r in rows}  # the dtype's own numbers, the same in each row
    ranges = [
        [
            f"`{dtype}`",
            f"{r['exp_overflow']:.6g}",
            f"{r['subnormal_from']:.4g}",
            f"{-r['exp_underflow']:.6g}",
            f"{r['tolerance']:.2g}",
        ]
        for dtype, r in by_dtype.items()
    ]
    ranges_table = markdown_table(
        [
            "dtype",
            "$e^{s}$ is inf for $s >$",
            "$e^{-s}$ is subnormal for $s >$",
            "$e^{-s}$ is 0 for $s >$",
            f"tolerance: {wrong_eps} eps",
        ],
        ranges,
        "lrrrr",
    )

    def at(s: float | None) -> str:
        return "never" if s is None else f"{s:.5g}"

    forms: dict[str, list[list[str]]] = {}  # dtype -> its rows
    for r in rows:
        right_to_the_end = r["first_broken"] is None and r["segments"][-1][1] == "right"
        eps = r["tolerance"] / wrong_eps  # the dtype's machine epsilon
        forms.setdefault(r["dtype"], []).append(
            [
                f"`{r['form']}`",
                at(r["first_wrong"]),
                "end of scan" if right_to_the_end else at(r["last_right"]),
                at(r["first_broken"]),
                f"{r['max_error']:.2g} ({r['max_error'] / eps:.2g} eps)",
            ]
        )
    header = [
        "loss computed by",
        "first wrong $s$",
        "last right $s$",
        "first $s$ with inf or nan",
        "largest error of a finite loss",
    ]
    forms_tabs = "".join(
        f'=== "{dtype}"\n\n'
        + textwrap.indent(markdown_table(header, cells, "lrrrr"), "    ")
        + "\n"
        for dtype, cells in forms.items()
    )
    scan = metrics["stability"]
    sentence = (
        f"The scan: {scanned:,} values of $s$ from {scan['scan_min']:g} to "
        f"{scan['scan_max']:,.0f}, evenly spaced in log scale and rounded to the dtype, "
        "logits $[s, 0]$, true class 1. A loss is *right* when its relative error against "
        "the float64 reference $s + \\log(1 + e^{-s})$ is at most "
        f"{wrong_eps} eps of its dtype, *finite but wrong* above that, and broken when "
        "it is `inf` or `nan`. Between the first wrong $s$ and the last right one, "
        "wrong and right values of $s$ can alternate.\n"
    )
    return ranges_table + "\n" + sentence + "\n" + forms_tabs


def run_sentence(metrics: dict) -> str:
    """How the results were produced, in one sentence."""
    c, v, machine = metrics["config"], metrics["versions"], metrics["machine"]
    threads = machine["torch_threads"]
    return (
        f"Trained for {c['num_epochs']} epochs with learning rate {c['lr']:g}, minibatch size "
        f"{c['batch_size']} and seed {c['seed']}, on a machine with {machine['cpu_count']} CPU "
        f"cores, with PyTorch {v['torch']} on {threads} thread{'s' if threads > 1 else ''}.\n"
    )


def training_summary(metrics: dict, impl: str) -> str:
    """A paragraph on one implementation's final numbers, for its page."""
    run, config = metrics["runs"][impl], metrics["config"]
    train, test = run["final"]["train"], run["final"]["test"]
    epochs = config["num_epochs"]
    batches = -(-metrics["num_train"] // config["batch_size"])  # the last is smaller
    name = "model written from scratch" if impl == "scratch" else "concise model"
    text = (
        f"After {epochs} epochs the {name} classifies **{test['accuracy']:.2%}** of "
        f"the test images correctly (test accuracy {test['accuracy']:.4f}, test loss "
        f"{test['loss']:.4f}). Its final weights have training loss "
        f"{train['loss']:.4f} and training accuracy {train['accuracy']:.4f}, measured "
        f"on all {metrics['num_train']:,} training images after training; the running "
        f"mean of the training loss over the first epoch was "
        f"{run['history'][0]['train_loss']:.4f}. The {epochs} epochs took "
        f"{run['seconds']:.1f} s."
    )
    if impl == "concise":
        text += (
            f" After all {epochs * batches:,} minibatch updates its weights differ "
            f"from those of the model written from scratch by at most "
            f"{metrics['max_weight_difference']:.1e}."
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
