"""The figures of the generalization page, drawn from the stage's results.

Each function takes the colours of a theme (see :func:`sitebuild.plots.theme`)
and the results dictionary that the stage also writes to
``generalization.json``, and returns a figure.

On every horizontal axis a model sits at the number of passes over the
training data that produced it: checkpoint k of an L-BFGS run at k (the zero
start at 0), the SGD model after epoch e at e.

Every word goes through :func:`sitebuild.i18n.tr` in the language ``lang``;
English is the default.
"""

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from sitebuild.i18n import tr

__all__ = ["convergence_figure", "reuse_figure"]


def convergence_figure(colors: dict, results: dict, lang: str = "en") -> Figure:
    """Accuracy and training loss against passes over the training data.

    Left: the run without a penalty, its training and validation accuracy,
    and the test accuracy computed after the choice. Middle: the validation
    accuracy of each penalty and of the book's SGD, with the chosen
    checkpoint marked. Right: the training loss of each penalty.
    """
    runs = list(results["runs"].values())
    chosen = results["chosen"]
    figure, (left, middle, right) = plt.subplots(1, 3, figsize=(11, 3.4), layout="constrained")
    plain = next(run for run in runs if run["weight_decay"] == 0)
    passes = range(len(plain["valid_acc"]))  # checkpoint k: after k passes
    series = colors["series"]
    left.plot(passes, plain["train_acc"], color=series[1], label=tr(lang, "training"))
    left.plot(passes, plain["valid_acc"], color=series[0], label=tr(lang, "validation"))
    left.plot(
        passes,
        plain["test_acc_after_choice"],
        color=series[2],
        linestyle=":",
        label=tr(lang, "test (after the choice)"),
    )
    left.set(title=tr(lang, "L-BFGS, no penalty ($\\lambda = 0$)"), ylabel=tr(lang, "accuracy"))
    left.legend(loc="lower right", fontsize=8)
    styles = ["-", "--", "-."]
    for run, color, style in zip(runs, series, styles, strict=False):
        steps = range(len(run["valid_acc"]))
        label = tr(lang, "L-BFGS, $\\lambda = {decay}$", decay=f"{run['weight_decay']:g}")
        middle.plot(steps, run["valid_acc"], color=color, linestyle=style, label=label)
        right.plot(steps, run["train_loss"], color=color, linestyle=style, label=label)
    book = results["book"]["valid_acc"]
    middle.plot(
        range(1, len(book) + 1),  # after epoch e: e passes
        book,
        color=colors["text"],
        marker=".",
        linestyle=":",
        label=tr(lang, "SGD, the book's recipe"),
    )
    middle.plot(
        [chosen["passes"]],
        [chosen["valid_acc"]],
        marker="o",
        markersize=8,
        markerfacecolor="none",
        markeredgecolor=colors["bad"],
        linestyle="none",
        label=tr(lang, "chosen"),
    )
    middle.set(title=tr(lang, "Validation accuracy"), ylabel=tr(lang, "accuracy"))
    middle.legend(loc="upper left", fontsize=8)  # above SGD, before L-BFGS rises
    right.set(
        title=tr(lang, "Training loss (L-BFGS)"),
        ylabel=tr(lang, "mean cross-entropy (nats)"),
        yscale="log",
    )
    losses = [loss for run in runs for loss in run["train_loss"]]
    ticks = [t for t in (0.3, 0.4, 0.6, 1.0, 1.5, 2.3) if min(losses) <= t <= max(losses)]
    right.set_yticks(ticks, [f"{t:g}" for t in ticks])
    right.minorticks_off()
    right.legend(loc="upper right", fontsize=8)
    top = max(max(run["train_acc"]) for run in runs)
    left.set_ylim(0.8, top + 0.01)
    best_valid = max(max(run["valid_acc"]) for run in runs)
    middle.set_ylim(best_valid - 0.04, best_valid + 0.006)
    for ax in (left, middle, right):
        ax.set_xlabel(tr(lang, "passes over the training data"))
        ax.grid(True, linewidth=0.5)
    return figure


def reuse_figure(colors: dict, results: dict, lang: str = "en") -> Figure:
    """How much the winner's score overstates it, against the number of candidates.

    Solid: the checkpoints; dashed: candidates with the same accuracies and
    independent mistakes. Error bars: two standard errors of the average over
    the draws.
    """
    rows = results["reuse"]["rows"]
    figure, ax = plt.subplots(figsize=(6.4, 3.8), layout="constrained")
    sizes = sorted({r["num_select"] for r in rows})
    markers = ["o", "s", "^"]
    for size, color, marker in zip(sizes, colors["series"], markers, strict=False):
        mine = [r for r in rows if r["num_select"] == size]
        counts = [r["num_candidates"] for r in mine]
        ax.errorbar(
            counts,
            [100 * r["gap"] for r in mine],
            yerr=[200 * r["gap_se"] for r in mine],
            color=color,
            marker=marker,
            capsize=3,
            label=tr(lang, "checkpoints, chosen on {size} examples", size=f"{size:,}"),
        )
        ax.errorbar(
            counts,
            [100 * r["independent_gap"] for r in mine],
            yerr=[200 * r["independent_gap_se"] for r in mine],
            color=color,
            marker=marker,
            markerfacecolor="none",
            linestyle="--",
            capsize=3,
            label=tr(lang, "independent mistakes, {size} examples", size=f"{size:,}"),
        )
    ax.axhline(0, color=colors["text"], linewidth=0.8)
    ax.set_xscale("log")
    counts = sorted({r["num_candidates"] for r in rows})
    ax.set_xticks(counts, [str(m) for m in counts])
    ax.minorticks_off()
    ax.set(
        xlabel=tr(lang, "candidates compared, $m$"),
        ylabel=tr(lang, "chosen-on minus fresh accuracy\n(percentage points)"),
        title=tr(lang, "The winner's score overstates it"),
    )
    if lang != "en":  # CJK glyphs fill their line: the two lines of the label would touch
        ax.yaxis.label.set_linespacing(1.5)
    ax.grid(True, linewidth=0.5)
    ax.legend(loc="upper left", fontsize=8)
    return figure
