"""The figures of the calibration page, each taking a theme's colours (see :mod:`sitebuild.plots`).

The functions draw from the plain numbers the stage also writes to
``calibration.json``: lists and dicts, no model. Their words go through
:func:`sitebuild.i18n.tr` in the language ``lang``.
"""

import itertools
from collections.abc import Sequence

import matplotlib
import matplotlib.pyplot as plt
import torch
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from sitebuild.i18n import tr

__all__ = ["line_figure", "reliability_figure", "toy_figure"]


def reliability_figure(colors: dict, panels: dict[str, dict], lang: str = "en") -> Figure:
    """Reliability diagrams side by side, and each bin's share of the ECE below.

    ``panels`` maps a title (in ``lang`` already) to the bins of one set of probabilities:
    ``counts``, ``confidence`` and ``accuracy``, one entry per bin. The top
    row draws each bin at its mean confidence x = conf(S_I): its accuracy as
    a bar with its count above it, and a dot at (conf, conf), on the diagonal
    of perfect calibration; a calibrated bin's bar reaches its dot. Thin lines
    mark the edges of the bins. The bottom row draws, at the same x,
    (n_I / n)(accuracy - confidence), in one colour above 0 (accuracy above
    confidence: underconfident in the bin) and another below (overconfident);
    the absolute values of its bars add up to the ECE.
    """
    figure, axes = plt.subplots(
        2,
        len(panels),
        figsize=(4.2 * len(panels), 5.6),
        sharex=True,
        sharey="row",
        height_ratios=(2.2, 1),
        layout="constrained",
        squeeze=False,
    )
    terms = {}
    for title, bins in panels.items():
        n = sum(bins["counts"])
        terms[title] = [
            count / n * (a - c)
            for count, a, c in zip(
                bins["counts"], bins["accuracy"], bins["confidence"], strict=True
            )
        ]
    limit = 1.25 * max(abs(t) for ts in terms.values() for t in ts)
    above, below = colors["series"][0], colors["series"][1]
    for column, (title, bins) in enumerate(panels.items()):
        top, bottom = axes[0, column], axes[1, column]
        num_bins = len(bins["counts"])
        filled = [m for m, n in enumerate(bins["counts"]) if n]
        xs = [bins["confidence"][m] for m in filled]  # each bin at its mean confidence
        gaps = [b - a for a, b in itertools.pairwise(xs)]
        width = min([0.5 / num_bins] + [0.9 * g for g in gaps])  # bars never overlap
        accuracy = [bins["accuracy"][m] for m in filled]
        for ax in (top, bottom):
            for edge in range(num_bins + 1):
                ax.axvline(edge / num_bins, color=colors["grid"], lw=0.6, zorder=0)
        top.bar(xs, accuracy, width=width, color=above, label=tr(lang, "accuracy in the bin"))
        top.plot(
            [0, 1],
            [0, 1],
            color=colors["text"],
            ls="--",
            lw=1,
            label=tr(lang, "accuracy = confidence"),
        )
        top.scatter(
            xs,
            xs,
            color=below,
            edgecolor=colors["text"],
            linewidths=0.4,
            zorder=3,
            s=18,
            label=tr(lang, "mean confidence in the bin"),
        )
        for m, x, a in zip(filled, xs, accuracy, strict=True):  # the count clears bar and dot
            top.text(
                x, max(a, x) + 0.03, f"{bins['counts'][m]:,}", ha="center", va="bottom", fontsize=7
            )
        top.set(title=title, ylim=(0, 1.12), ylabel=tr(lang, "accuracy"))
        top.grid(True, axis="y", linewidth=0.5)
        term = [terms[title][m] for m in filled]
        bottom.bar(
            xs,
            term,
            width=width,
            color=[above if t >= 0 else below for t in term],
            hatch=[None if t >= 0 else "////" for t in term],
            edgecolor=colors["text"],
            linewidth=0.3,
        )
        bottom.axhline(0, color=colors["text"], lw=0.8)
        bottom.set(xlabel=tr(lang, "confidence (largest probability)"), ylim=(-limit, limit))
        bottom.grid(True, axis="y", linewidth=0.5)
        bottom.set_xticks([m / num_bins for m in range(0, num_bins + 1, 2)])
        right = max([1.0] + [x + width / 2 + 0.005 for x in xs])  # room for the last bar
        bottom.set_xlim(0, right)
    axes[1, 0].set_ylabel(tr(lang, "share of the ECE\n$(n_I / n)(\\mathrm{acc} - \\mathrm{conf})$"))
    axes[0, 0].legend(loc="upper left", fontsize=8)
    axes[1, 0].legend(
        handles=[
            Patch(facecolor=above, edgecolor=colors["text"], linewidth=0.3),
            Patch(facecolor=below, edgecolor=colors["text"], linewidth=0.3, hatch="////"),
        ],
        labels=[tr(lang, "acc > conf: underconfident"), tr(lang, "acc < conf: overconfident")],
        loc="lower left",
        fontsize=7,
    )
    return figure


def line_figure(colors: dict, line: dict, lang: str = "en") -> Figure:
    """Loss and accuracy along W(t) = W0 + t (W1 - W0): the whole line, and a zoom.

    ``line`` has ``t``, ``loss`` and ``accuracy`` for the whole line, and
    ``zoom``, a short piece of it around t = 1, with ``t`` and ``correct`` (a
    count of examples) and the loss at fewer points, ``loss_t`` and ``loss``.
    """
    figure, axes = plt.subplots(2, 2, figsize=(8.4, 4.8), sharex="col", layout="constrained")
    (loss_ax, zoom_loss_ax), (acc_ax, zoom_acc_ax) = axes
    loss_ax.plot(line["t"], line["loss"], color=colors["series"][0])
    acc_ax.plot(line["t"], line["accuracy"], color=colors["series"][1])
    for ax in (loss_ax, acc_ax):
        for t in (0, 1):  # the initial and the trained weights
            ax.axvline(t, color=colors["grid"], lw=1)
        ax.grid(True, linewidth=0.5)
    zoom = line["zoom"]
    low, high = zoom["t"][0], zoom["t"][-1]
    for ax in (loss_ax, acc_ax):
        ax.axvspan(low, high, color=colors["warn"], alpha=0.25, lw=0, zorder=0)
    loss_ax.set(title=tr(lang, "Along the whole line"), ylabel=tr(lang, "cross-entropy (nats)"))
    acc_ax.set(
        xlabel=tr(lang, "t  (0: initial weights, 1: trained weights)"),
        ylabel=tr(lang, "accuracy"),
    )
    zoom_loss_ax.plot(zoom["loss_t"], zoom["loss"], color=colors["series"][0])
    zoom_acc_ax.plot(zoom["t"], zoom["correct"], color=colors["series"][1], drawstyle="steps-post")
    zoom_loss_ax.set(
        title=tr(lang, "Zoom on t in [{low}, {high}]", low=f"{low:g}", high=f"{high:g}")
    )
    zoom_acc_ax.set(xlabel="t", ylabel=tr(lang, "images classified right"))
    zoom_acc_ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    zoom_loss_ax.ticklabel_format(axis="y", useOffset=False)
    for ax in (zoom_loss_ax, zoom_acc_ax):
        ax.grid(True, linewidth=0.5)
    return figure


def toy_figure(
    colors: dict,
    X: torch.Tensor,
    y: torch.Tensor,
    W: torch.Tensor,
    b: torch.Tensor,
    levels: Sequence[float] = (0.5, 0.7, 0.9),
    lang: str = "en",
) -> Figure:
    """The toy model in the plane: its decision regions, probability contours and boundary lines.

    ``X`` (n, 2) and ``y`` (n,) are the points; ``W`` (2, 3) and ``b`` (3,) the
    trained weights. Each region is tinted in its class's colour; the solid
    contours are where the largest probability equals each of ``levels``; the
    dashed lines are the three lines o_j = o_k.
    """
    low, high = X.min().item() - 0.5, X.max().item() + 0.5
    steps = 400
    axis = torch.linspace(low, high, steps, dtype=torch.float64)
    grid_y, grid_x = torch.meshgrid(axis, axis, indexing="ij")
    grid = torch.stack([grid_x.flatten(), grid_y.flatten()], dim=1)  # (steps^2, 2)
    O = grid @ W.double() + b.double()  # (steps^2, 3)
    probabilities = torch.softmax(O, dim=1)
    region = O.argmax(dim=1).reshape(steps, steps)
    top = probabilities.max(dim=1).values.reshape(steps, steps)
    series = colors["series"]
    figure, ax = plt.subplots(figsize=(5.4, 5.8), layout="constrained")
    ax.imshow(
        region.numpy(),
        extent=(low, high, low, high),
        origin="lower",
        cmap=ListedColormap(series[:3]),
        alpha=0.18,
        interpolation="nearest",
    )
    contours = ax.contour(
        axis.numpy(),
        axis.numpy(),
        top.numpy(),
        levels=list(levels),
        colors=colors["text"],
        linewidths=0.8,
    )
    ax.clabel(contours, fmt=lambda p: f"{p:g}", fontsize=7)
    xs = torch.tensor([low, high], dtype=torch.float64)
    for j, k in ((0, 1), (1, 2), (0, 2)):
        w = (W[:, j] - W[:, k]).double()  # the line x w + (b_j - b_k) = 0
        c = (b[j] - b[k]).item()
        if abs(w[1]) > abs(w[0]):
            ax.plot(xs, -(c + w[0] * xs) / w[1], color=colors["text"], ls="--", lw=0.9)
        else:
            ax.plot(-(c + w[1] * xs) / w[0], xs, color=colors["text"], ls="--", lw=0.9)
    markers = ("o", "s", "^")
    for j in range(3):
        members = X[y == j]
        ax.scatter(
            members[:, 0],
            members[:, 1],
            s=12,
            marker=markers[j],
            color=series[j],
            edgecolor=colors["text"],
            linewidths=0.3,
            label=tr(lang, "class {j}", j=j),
        )
    ax.set(xlim=(low, high), ylim=(low, high), xlabel="$x_1$", ylabel="$x_2$", aspect="equal")
    handles, labels = ax.get_legend_handles_labels()
    handles += [
        matplotlib.lines.Line2D([], [], color=colors["text"], lw=0.8),
        matplotlib.lines.Line2D([], [], color=colors["text"], ls="--", lw=0.9),
    ]
    listed = tr(lang, ", ").join(f"{p:g}" for p in levels)  # the list's separator
    labels += [tr(lang, "largest probability {levels}", levels=listed), "$o_j = o_k$"]
    figure.legend(
        handles, labels, loc="outside lower center", ncols=3, fontsize=8, columnspacing=1.2
    )
    return figure
