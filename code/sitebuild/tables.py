"""Markdown tables and sentences generated from ``metrics.json``, for the pages to include."""

import textwrap
from collections.abc import Sequence

from sitebuild.i18n import tr

__all__ = [
    "class_name",
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


def class_name(lang: str, name: str) -> str:
    """A Fashion-MNIST class's name (the package's English name) in ``lang``."""
    return tr(lang, name)


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str) -> str:
    """A Markdown table; ``align`` has one letter per column: ``l`` (left) or ``r`` (right)."""
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(" ---: " if a == "r" else " --- " for a in align) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def results_table(metrics: dict, lang: str = "en") -> str:
    """One row per implementation: the final weights on each whole split, and the time.

    The loss and accuracy are measured once after training, on all training
    and all test images, so the two columns compare the same model.
    """
    rows = []
    for impl, run in metrics["runs"].items():
        train, test = run["final"]["train"], run["final"]["test"]
        rows.append(
            [
                tr(lang, NAMES[impl]),
                f"{train['loss']:.4f}",
                f"{train['accuracy']:.4f}",
                f"{test['loss']:.4f}",
                f"{test['accuracy']:.4f}",
                f"{run['seconds']:.2f}",
            ]
        )
    epochs = metrics["config"]["num_epochs"]
    header = [
        tr(lang, "implementation"),
        tr(lang, "train loss"),
        tr(lang, "train accuracy"),
        tr(lang, "test loss"),
        tr(lang, "test accuracy"),
        tr(lang, "seconds ({epochs} epochs)", epochs=epochs),
    ]
    return markdown_table(header, rows, "lrrrrr")


def history_table(run: dict, lang: str = "en") -> str:
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
        tr(lang, "epoch"),
        tr(lang, "train loss (running mean)"),
        tr(lang, "train accuracy (running mean)"),
        tr(lang, "test accuracy (end of epoch)"),
        tr(lang, "seconds"),
    ]
    return markdown_table(header, rows, "rrrrr")


def per_class_table(metrics: dict, lang: str = "en") -> str:
    """Per-class test accuracy of the concise model and the class each one is most often mistaken for."""
    classes, confusion = metrics["classes"], metrics["confusion_matrix"]
    rows = []
    for i, name in enumerate(classes):
        mistakes = [(count, j) for j, count in enumerate(confusion[i]) if j != i]
        count, j = max(mistakes)
        rows.append(
            [
                class_name(lang, name),
                f"{metrics['per_class_accuracy'][i]:.3f}",
                tr(
                    lang,
                    "{name} ({count} of {total})",
                    name=class_name(lang, classes[j]),
                    count=count,
                    total=sum(confusion[i]),
                ),
            ]
        )
    header = [
        tr(lang, "true class"),
        tr(lang, "test accuracy"),
        tr(lang, "most often predicted instead"),
    ]
    return markdown_table(header, rows, "lrl")


def stability_table(metrics: dict, lang: str = "en") -> str:
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
            tr(lang, "$e^{s}$ is inf for $s >$"),
            tr(lang, "$e^{-s}$ is subnormal for $s >$"),
            tr(lang, "$e^{-s}$ is 0 for $s >$"),
            tr(lang, "tolerance: {wrong_eps} eps", wrong_eps=wrong_eps),
        ],
        ranges,
        "lrrrr",
    )

    def at(s: float | None) -> str:
        return tr(lang, "never") if s is None else f"{s:.5g}"

    forms: dict[str, list[list[str]]] = {}  # dtype -> its rows
    for r in rows:
        right_to_the_end = r["first_broken"] is None and r["segments"][-1][1] == "right"
        eps = r["tolerance"] / wrong_eps  # the dtype's machine epsilon
        forms.setdefault(r["dtype"], []).append(
            [
                f"`{r['form']}`",
                at(r["first_wrong"]),
                tr(lang, "end of scan") if right_to_the_end else at(r["last_right"]),
                at(r["first_broken"]),
                f"{r['max_error']:.2g} ({r['max_error'] / eps:.2g} eps)",
            ]
        )
    header = [
        tr(lang, "loss computed by"),
        tr(lang, "first wrong $s$"),
        tr(lang, "last right $s$"),
        tr(lang, "first $s$ with inf or nan"),
        tr(lang, "largest error of a finite loss"),
    ]
    forms_tabs = "".join(
        f'=== "{dtype}"\n\n'
        + textwrap.indent(markdown_table(header, cells, "lrrrr"), "    ")
        + "\n"
        for dtype, cells in forms.items()
    )
    scan = metrics["stability"]
    sentence = (
        tr(
            lang,
            "The scan: {scanned} values of $s$ from {scan_min} to {scan_max}, evenly spaced in log "
            "scale and rounded to the dtype, logits $[s, 0]$, true class 1. A loss is *right* when "
            "its relative error against the float64 reference $s + \\log(1 + e^{-s})$ is at most "
            "{wrong_eps} eps of its dtype, *finite but wrong* above that, and broken when it is "
            "`inf` or `nan`. Between the first wrong $s$ and the last right one, wrong and right "
            "values of $s$ can alternate.",
            scanned=f"{scanned:,}",
            scan_min=f"{scan['scan_min']:g}",
            scan_max=f"{scan['scan_max']:,.0f}",
            wrong_eps=wrong_eps,
        )
        + "\n"
    )
    return ranges_table + "\n" + sentence + "\n" + forms_tabs


def run_sentence(metrics: dict, lang: str = "en") -> str:
    """How the results were produced, in one sentence."""
    c, v, machine = metrics["config"], metrics["versions"], metrics["machine"]
    threads = machine["torch_threads"]
    text = (
        "Trained for {epochs} epochs with learning rate {lr}, minibatch size {batch_size} and "
        "seed {seed}, on a machine with {cpus} CPU cores, with PyTorch {torch} on {threads} "
        + ("threads." if threads > 1 else "thread.")
    )
    return (
        tr(
            lang,
            text,
            epochs=c["num_epochs"],
            lr=f"{c['lr']:g}",
            batch_size=c["batch_size"],
            seed=c["seed"],
            cpus=machine["cpu_count"],
            torch=v["torch"],
            threads=threads,
        )
        + "\n"
    )


#: the paragraph on one implementation's final numbers, by implementation
_SUMMARIES = {
    "scratch": "After {epochs} epochs the model written from scratch classifies **{percent}** of "
    "the test images correctly (test accuracy {test_accuracy}, test loss {test_loss}). Its "
    "final weights have training loss {train_loss} and training accuracy {train_accuracy}, "
    "measured on all {num_train} training images after training; the running mean of the "
    "training loss over the first epoch was {first_loss}. The {epochs} epochs took {seconds} s.",
    "concise": "After {epochs} epochs the concise model classifies **{percent}** of the test "
    "images correctly (test accuracy {test_accuracy}, test loss {test_loss}). Its final "
    "weights have training loss {train_loss} and training accuracy {train_accuracy}, measured "
    "on all {num_train} training images after training; the running mean of the training loss "
    "over the first epoch was {first_loss}. The {epochs} epochs took {seconds} s.",
}


def training_summary(metrics: dict, impl: str, lang: str = "en") -> str:
    """A paragraph on one implementation's final numbers, for its page."""
    run, config = metrics["runs"][impl], metrics["config"]
    train, test = run["final"]["train"], run["final"]["test"]
    epochs = config["num_epochs"]
    batches = -(-metrics["num_train"] // config["batch_size"])  # the last is smaller
    text = tr(
        lang,
        _SUMMARIES[impl],
        epochs=epochs,
        percent=f"{test['accuracy']:.2%}",
        test_accuracy=f"{test['accuracy']:.4f}",
        test_loss=f"{test['loss']:.4f}",
        train_loss=f"{train['loss']:.4f}",
        train_accuracy=f"{train['accuracy']:.4f}",
        num_train=f"{metrics['num_train']:,}",
        first_loss=f"{run['history'][0]['train_loss']:.4f}",
        seconds=f"{run['seconds']:.1f}",
    )
    if impl == "concise":
        text += tr(
            lang,
            " After all {updates} minibatch updates its weights differ from those of the model "
            "written from scratch by at most {difference}.",
            updates=f"{epochs * batches:,}",
            difference=f"{metrics['max_weight_difference']:.1e}",
        )
    return text + "\n"


def evaluation_summary(metrics: dict, lang: str = "en") -> str:
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
        return tr(lang, "{name} ({count} times)", name=class_name(lang, classes[j]), count=count)

    return (
        tr(
            lang,
            "The model is right on **{percent}** of the test images, but not evenly: it "
            "recognises {best_accuracy} of the {best} images and only {worst_accuracy} of the "
            "{worst} images, which it most often takes for {worst_taken_for}. The next hardest "
            "class, {second} ({second_accuracy}), is most often taken for {second_taken_for}.",
            percent=f"{metrics['test_accuracy']:.2%}",
            best_accuracy=f"{accuracy[best]:.1%}",
            best=class_name(lang, classes[best]),
            worst_accuracy=f"{accuracy[worst]:.1%}",
            worst=class_name(lang, classes[worst]),
            worst_taken_for=mistaken_for(worst),
            second=class_name(lang, classes[second]),
            second_accuracy=f"{accuracy[second]:.1%}",
            second_taken_for=mistaken_for(second),
        )
        + "\n"
    )
