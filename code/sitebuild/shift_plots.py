"""The figures of the shift stage, one function each, in the site's two themes.

Each function takes the colours of a theme (from :func:`sitebuild.plots.theme`)
and the language of its words (through :func:`sitebuild.i18n.tr`), and returns
a figure; :func:`figures` maps each output name to its function.
"""

import math
import re
from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import torch
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FixedLocator, FuncFormatter

from sitebuild import plots
from sitebuild.i18n import font_params, tr

__all__ = [
    "examples_figure",
    "figures",
    "mean_pixel_figure",
    "priors_figure",
    "weights_figure",
]


def priors_figure(
    colors: dict, label_shift: dict, classes: Sequence[str], lang: str = "en"
) -> Figure:
    """Left: source, true and estimated target priors of draw 0. Right: accuracy of every draw."""
    draws = label_shift["draws"]
    first = draws[0]
    figure, (left, right) = plt.subplots(
        1, 2, figsize=(9.5, 3.6), width_ratios=(1.8, 1), layout="constrained"
    )
    q = len(classes)
    width = 0.27
    bars = [
        (tr(lang, "source priors (validation)"), label_shift["source_priors"], colors["grid"]),
        (tr(lang, "true target priors"), first["priors"], colors["series"][0]),
        (tr(lang, "estimated target priors"), first["estimated"], colors["series"][1]),
    ]
    for k, (name, values, color) in enumerate(bars):
        positions = [j + (k - 1) * width for j in range(q)]
        left.bar(positions, values, width, label=name, color=color)
    left.set_xticks(range(q), [tr(lang, c) for c in classes], rotation=40, ha="right", fontsize=8.5)
    left.set(ylabel=tr(lang, "share of the images"), title=tr(lang, "Target set of draw 0"))
    left.legend(fontsize=8.5)
    left.grid(True, axis="y", linewidth=0.5)
    left.set_axisbelow(True)

    before = [100 * d["before"]["accuracy"] for d in draws]
    low, high = min(before) - 2, max(100 * d["oracle"]["accuracy"] for d in draws) + 2
    right.plot([low, high], [low, high], color=colors["grid"], linewidth=1, zorder=1)
    right.scatter(
        before,
        [100 * d["oracle"]["accuracy"] for d in draws],
        s=46,
        facecolors="none",
        edgecolors=colors["series"][0],
        label=tr(lang, "reweighted, true priors"),
        zorder=2,
    )
    right.scatter(
        before,
        [100 * d["bbse"]["accuracy"] for d in draws],
        s=14,
        color=colors["series"][1],
        label=tr(lang, "reweighted, estimated priors"),
        zorder=3,
    )
    right.set(
        xlim=(low, high),
        ylim=(low, high),
        xlabel=tr(lang, "accuracy of the model as it is (%)"),
        ylabel=tr(lang, "accuracy after reweighting (%)"),
        title=tr(lang, "All {count} target sets", count=len(draws)),
    )
    right.set_aspect("equal")
    right.legend(fontsize=8.5, loc="lower right")
    right.grid(True, linewidth=0.5)
    right.set_axisbelow(True)
    return figure


def mean_pixel_figure(
    colors: dict,
    drawn: dict,
    counts: Sequence[int],
    classes: Sequence[str],
    lang: str = "en",
) -> Figure:
    """Left: the mean pixel value of source and target images. Right: each class's share."""
    figure, (left, right) = plt.subplots(
        1, 2, figsize=(9.5, 3.4), width_ratios=(1.2, 1), layout="constrained"
    )
    bins = torch.linspace(0, 0.7, 36).tolist()
    for name, key, color in (
        (tr(lang, "source (training images)"), "mean_pixel_source", colors["series"][0]),
        (tr(lang, "target (kept test images)"), "mean_pixel_target", colors["series"][1]),
    ):
        left.hist(
            drawn[key].numpy(),
            bins=bins,
            density=True,
            histtype="stepfilled",
            alpha=0.45,
            color=color,
            edgecolor=color,
            label=name,
        )
    left.set(
        xlabel=tr(lang, "mean pixel value $\\bar x$ of an image $\\mathbf{x}$"),
        ylabel=tr(lang, "density"),
        title=tr(lang, "What the selection keeps"),
    )
    left.set_axisbelow(True)
    left.legend(fontsize=8.5)
    left.grid(True, linewidth=0.5)

    n_t = sum(counts)
    shares = [100 * c / n_t for c in counts]
    positions = range(len(classes))
    right.barh(positions, shares, color=colors["series"][1], label=tr(lang, "target"))
    right.axvline(
        10, color=colors["text"], linestyle="--", linewidth=1, label=tr(lang, "source: 10% each")
    )
    right.set_yticks(positions, [tr(lang, c) for c in classes], fontsize=8.5)
    right.invert_yaxis()
    right.set(
        xlabel=tr(lang, "share of the images (%)"), title=tr(lang, "Classes in the target set")
    )
    right.set_axisbelow(True)
    right.legend(fontsize=8.5, loc="lower right")
    right.grid(True, axis="x", linewidth=0.5)
    return figure


def _powers_of_ten(axis, low: float, high: float) -> None:
    """Ticks at the integers of a log10 axis, labelled 0.001, 0.01, ..., 10.

    Drawing log10 values on a linear axis is several times faster to lay out
    than matplotlib's log scale, and looks the same.
    """
    axis.set_major_locator(FixedLocator(range(math.ceil(low), math.floor(high) + 1)))
    axis.set_major_formatter(FuncFormatter(lambda value, _: f"{10.0**value:g}"))


def weights_figure(colors: dict, drawn: dict, clip: float, lang: str = "en") -> Figure:
    """Left: estimated against true weights on validation. Right: their spread, with the clip."""
    figure, (left, right) = plt.subplots(1, 2, figsize=(9.5, 3.6), layout="constrained")
    estimated = drawn["beta_valid"].log10()
    exact = drawn["exact_valid"].log10()
    left.scatter(
        exact.numpy(),
        estimated.numpy(),
        s=3,
        alpha=0.3,
        color=colors["series"][0],
        linewidths=0,
        rasterized=True,
    )
    low = min(estimated.min().item(), exact.min().item()) - 0.2
    high = max(estimated.max().item(), exact.max().item()) + 0.2
    left.plot([low, high], [low, high], color=colors["text"], linewidth=1, linestyle="--")
    left.set(
        xlim=(low, high),
        ylim=(low, high),
        xlabel=tr(lang, "true weight $\\beta(\\mathbf{x})$ (log scale)"),
        ylabel=tr(lang, "estimated weight $\\hat\\beta(\\mathbf{x})$ (log scale)"),
        title=tr(lang, "Validation images"),
    )
    left.set_aspect("equal")
    left.grid(True, linewidth=0.5)
    _powers_of_ten(left.xaxis, low, high)
    _powers_of_ten(left.yaxis, low, high)

    weights = drawn["beta_valid_mean_one"].log10()
    right.hist(weights.numpy(), bins=60, color=colors["series"][0])
    right.set_axisbelow(True)
    right.axvline(
        math.log10(clip),
        color=colors["bad"],
        linewidth=1.2,
        label=tr(lang, "clip at {clip}", clip=f"{clip:g}"),
    )
    right.axvline(0, color=colors["text"], linewidth=1, linestyle=":", label=tr(lang, "weight 1"))
    right.set(
        xlabel=tr(lang, "estimated weight $\\hat\\beta$, scaled to mean 1 (log scale)"),
        ylabel=tr(lang, "validation images"),
        title=tr(lang, "Their spread"),
    )
    right.legend(fontsize=8.5)
    right.grid(True, linewidth=0.5)
    _powers_of_ten(right.xaxis, weights.min().item(), weights.max().item())
    return figure


def examples_figure(colors: dict, drawn: dict, classes: Sequence[str], lang: str = "en") -> Figure:
    """The first source images (top rows) and the first target images (bottom rows)."""
    images = torch.cat([drawn["source_images"], drawn["target_images"]])
    labels = torch.cat([drawn["source_labels"], drawn["target_labels"]])
    domains = [tr(lang, "source")] * len(drawn["source_labels"])
    domains += [tr(lang, "target")] * len(drawn["target_labels"])
    titles = [f"{d}\n{tr(lang, classes[y])}" for d, y in zip(domains, labels.tolist(), strict=True)]
    return plots.image_grid(colors, images, titles, 10)


_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _cjk_first_in_math(figure: Figure, lang: str) -> Figure:
    """Let labels that mix Chinese words and ``$math$`` draw the words in a CJK font.

    mathtext draws the words of such a label in the first font of its family
    only, with no fallback, so DejaVu Sans would draw the Chinese as boxes; the
    CJK font (which has Latin letters too) goes first for those labels, the
    math keeps its own fonts. English figures are left as they are.
    """
    if lang == "en":
        return figure
    family = font_params(lang)["font.family"]  # the CJK font first
    for text in figure.findobj(Text):
        label = text.get_text()
        if label.count("$") >= 2 and _CJK.search(label):
            text.set_fontfamily(family)
    return figure


def figures(results: dict, drawn: dict, lang: str = "en") -> dict[str, Callable]:
    """Name -> function(colors) that draws it, its words in ``lang``."""
    classes = results["classes"]
    covariate = results["covariate_shift"]
    draws = {
        "shift_priors": lambda c: priors_figure(c, results["label_shift"], classes, lang),
        "shift_examples": lambda c: examples_figure(c, drawn, classes, lang),
        "shift_mean_pixel": lambda c: mean_pixel_figure(
            c, drawn, covariate["target_class_counts"], classes, lang
        ),
        "shift_weights": lambda c: weights_figure(c, drawn, covariate["clip"], lang),
    }
    return {
        name: (lambda c, draw=draw: _cjk_first_in_math(draw(c), lang))
        for name, draw in draws.items()
    }
