"""The figures, drawn with matplotlib, each in a light and a dark variant.

Every function takes the colours of a theme (from :func:`theme`) and returns
a :class:`~matplotlib.figure.Figure`; :func:`svg` renders it as SVG with a transparent
background and :func:`save` writes it.
The pages show ``name-light.svg#only-light`` and ``name-dark.svg#only-dark``,
so each reader sees the variant that matches the site's palette. The figures'
words go through :func:`sitebuild.i18n.tr`: a function's ``lang`` says which
language to draw them in (English by default).
"""

import contextlib
import io
import logging
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import torch
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from sitebuild.cache import atomic_write
from sitebuild.i18n import FontMissing, folder, font_params, output_name, tr
from sitebuild.measure import SCALES, StabilityRow
from softmax_regression import as_float

__all__ = [
    "THEMES",
    "confusion_figure",
    "draw_all",
    "history_figure",
    "image_grid",
    "network_figure",
    "save",
    "stability_figure",
    "svg",
    "temperature_figure",
    "theme",
    "weights_figure",
]

#: text colour, grid colour and the colours of the series, per theme
THEMES = {
    "light": {
        "text": "#222222",
        "grid": "#d0d0d0",
        "series": ["#1565c0", "#e65100", "#2e7d32"],
        "bad": "#c62828",
        "good": "#2e7d32",
        "warn": "#f9a825",
        "ink": "Greys",
    },
    "dark": {
        "text": "#e6e6e6",
        "grid": "#555555",
        "series": ["#64b5f6", "#ffb74d", "#81c784"],
        "bad": "#ef5350",
        "good": "#66bb6a",
        "warn": "#ffd54f",
        "ink": "Greys_r",
    },
}


@contextlib.contextmanager
def theme(name: str) -> Iterator[dict]:
    """Draw in the named theme: colours of text, axes and grid; reproducible SVG output."""
    colors = THEMES[name]
    params = {
        "text.color": colors["text"],
        "axes.labelcolor": colors["text"],
        "axes.edgecolor": colors["text"],
        "xtick.color": colors["text"],
        "ytick.color": colors["text"],
        "grid.color": colors["grid"],
        "axes.prop_cycle": matplotlib.cycler(color=colors["series"]),
        "figure.facecolor": "none",
        "axes.facecolor": "none",
        "savefig.transparent": True,
        "legend.frameon": False,
        "font.size": 10,
        "axes.titlesize": 10,
        "svg.hashsalt": "softmax-regression",
        "svg.fonttype": "path",
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
    with plt.rc_context(params):
        yield colors


def draw_all(
    out: Path, figures: dict[str, Callable[[dict], Figure]], lang: str = "en"
) -> dict[str, int]:
    """Draw each figure in every theme into ``name-theme.svg`` of ``lang``'s folder.

    Returns output name (see :func:`sitebuild.i18n.output_name`) -> size, and
    prints one line per figure: its name, the light variant's size, the time.
    Chinese labels need a CJK font: :func:`sitebuild.i18n.font_params` stops
    the build, saying what to install, when there is none.
    """
    outputs: dict[str, int] = {}
    fonts = font_params(lang)
    for name, draw in figures.items():
        start = time.perf_counter()
        for variant in THEMES:
            path = folder(out, lang) / f"{name}-{variant}.svg"
            with theme(variant) as colors, plt.rc_context(fonts), _no_missing_glyph(path.name):
                drawn = svg(draw(colors))  # rendered here, so a missing glyph shows here
            outputs[output_name(lang, path.name)] = save(drawn, path)
        size = outputs[output_name(lang, f"{name}-light.svg")] / 1024
        seconds = time.perf_counter() - start
        label = name if lang == "en" else f"{name} ({lang})"
        print(f"  figure     {label:<27} {size:6.0f} KiB  ({seconds:.1f} s)", flush=True)
    return outputs


class _Glyphs(logging.Handler):
    """Collects mathtext's "does not have a glyph" warnings (it logs them, and goes on)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.missing: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if "glyph" in record.getMessage():
            self.missing.append(record.getMessage())


@contextlib.contextmanager
def _no_missing_glyph(name: str) -> Iterator[None]:
    """Stop the build when a label drew a character as an empty box (no font had its glyph).

    The box would go unnoticed in an SVG; matplotlib only warns (plain text) or
    logs (math). The figure is rendered inside the block and written after it,
    so nothing is written.
    """
    handler = _Glyphs()
    logger = logging.getLogger("matplotlib.mathtext")
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield
    finally:
        logger.removeHandler(handler)
    missing = handler.missing + [
        str(w.message) for w in caught if "missing from font" in str(w.message)
    ]
    for warning in caught:  # the other warnings, as they would have been shown
        if "missing from font" not in str(warning.message):
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    if missing:
        raise FontMissing(f"{name}: a label has characters no font could draw: {missing[0]}")


def svg(figure: Figure) -> bytes:
    """``figure`` as SVG bytes (reproducible: no date), and the figure closed."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", dpi=150, metadata={"Date": None})
    plt.close(figure)
    return buffer.getvalue()


def save(data: bytes, path: Path) -> int:
    """Write SVG bytes to ``path``, atomically; return the size in bytes."""
    with atomic_write(path, "wb") as file:
        file.write(data)
    return path.stat().st_size


def _mixed(lang: str) -> dict[str, object]:
    """Text properties for a label that mixes words in ``lang`` with ``$math$``.

    matplotlib draws the words of such a label with the text's first font
    only, without the fallback plain labels get: for Chinese, the CJK font must
    come first (its Latin letters are fine), as :func:`sitebuild.i18n.font_params`
    puts it. Nothing changes for English.
    """
    if lang == "en":
        return {}
    return {"fontfamily": font_params(lang)["font.family"]}


def network_figure(
    colors: dict, num_inputs: int = 4, num_outputs: int = 3, lang: str = "en"
) -> Figure:
    """Softmax regression as a one-layer network: every input feeds every output, then softmax."""
    figure, ax = plt.subplots(figsize=(6.4, 3.4))
    ax.set_axis_off()
    x_in, x_out, x_prob = 0.0, 2.2, 3.6
    ys_in = [(num_inputs - 1) / 2 - i for i in range(num_inputs)]
    ys_out = [(num_outputs - 1) / 2 - j for j in range(num_outputs)]
    for y_in in ys_in:
        for y_out in ys_out:
            ax.plot([x_in, x_out], [y_in, y_out], color=colors["grid"], linewidth=1, zorder=1)
    node = {"s": 900, "zorder": 2, "linewidths": 1.5}
    ax.scatter([x_in] * num_inputs, ys_in, facecolor="none", edgecolor=colors["series"][0], **node)
    ax.scatter(
        [x_out] * num_outputs, ys_out, facecolor="none", edgecolor=colors["series"][1], **node
    )
    for i, y in enumerate(ys_in):
        ax.text(x_in, y, f"$x_{i + 1}$", ha="center", va="center", fontsize=12)
    box_left, box_right = x_out + 0.55, x_prob - 0.45
    ax.add_patch(
        matplotlib.patches.FancyBboxPatch(
            (box_left, ys_out[-1] - 0.35),
            box_right - box_left,
            ys_out[0] - ys_out[-1] + 0.7,
            boxstyle="round,pad=0.05",
            facecolor="none",
            edgecolor=colors["series"][2],
            linewidth=1.5,
        )
    )
    ax.text((box_left + box_right) / 2, 0, "softmax", rotation=90, ha="center", va="center")
    arrow = {"arrowstyle": "->", "color": colors["text"]}
    for j, y in enumerate(ys_out):
        ax.text(x_out, y, f"$o_{j + 1}$", ha="center", va="center", fontsize=12)
        ax.annotate("", xy=(box_left - 0.05, y), xytext=(x_out + 0.28, y), arrowprops=arrow)
        ax.annotate("", xy=(x_prob - 0.08, y), xytext=(box_right + 0.1, y), arrowprops=arrow)
        ax.text(x_prob, y, f"$\\hat y_{j + 1}$", ha="left", va="center", fontsize=12)
    top = ys_in[0] + 0.9
    words = _mixed(lang)
    ax.text(
        x_in,
        top,
        tr(lang, "inputs\n$d = {d}$ features", d=num_inputs),
        ha="center",
        va="bottom",
        **words,
    )
    ax.text(
        x_out,
        top,
        tr(lang, "fully connected layer\n$q = {q}$ logits, $o = xW + b$", q=num_outputs),
        ha="center",
        va="bottom",
        **words,
    )
    ax.text(x_prob + 0.1, top, tr(lang, "outputs\nprobabilities"), ha="center", va="bottom")
    ax.set_xlim(-0.5, 4.2)
    ax.set_ylim(ys_in[-1] - 0.6, top + 0.9)
    return figure


def history_figure(colors: dict, history: Sequence[dict], title: str, lang: str = "en") -> Figure:
    """Training loss (left) and train and test accuracy (right) per epoch; ``title`` in ``lang``."""
    epochs = [h["epoch"] for h in history]
    figure, (left, right) = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained")
    left.plot(epochs, [h["train_loss"] for h in history], marker="o", label=tr(lang, "train loss"))
    left.set(
        xlabel=tr(lang, "epoch"),
        ylabel=tr(lang, "cross-entropy (nats)"),
        title=tr(lang, "Training loss (running mean over the epoch)"),
    )
    for split, label, marker, color in (
        ("train", tr(lang, "train (running mean over the epoch)"), "o", colors["series"][1]),
        ("test", tr(lang, "test (end of epoch)"), "s", colors["series"][2]),
    ):
        accuracy = [h[f"{split}_acc"] for h in history]
        right.plot(epochs, accuracy, marker=marker, label=label, color=color)
    right.set(xlabel=tr(lang, "epoch"), ylabel=tr(lang, "accuracy"), title=tr(lang, "Accuracy"))
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2))  # under the axes
    for axes in (left, right):
        axes.grid(True, linewidth=0.5)
        axes.set_xticks(epochs)
    figure.suptitle(title)
    return figure


def image_grid(
    colors: dict,
    images: torch.Tensor,
    titles: Sequence[str],
    columns: int,
    bad: Sequence[bool] | None = None,
    cell: tuple[float, float] = (1.05, 1.3),
) -> Figure:
    """Images (k, 1, 28, 28) in a grid with a title under each; titles of ``bad`` ones in red.

    The images are uint8 pixels or floats in [0, 1]; ``cell`` is the width and
    height in inches that one image and its title take.
    """
    images = as_float(images)  # float32 in [0, 1]
    rows = -(-len(images) // columns)
    figure, axes = plt.subplots(
        rows, columns, figsize=(cell[0] * columns, cell[1] * rows), squeeze=False
    )
    for index, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if index >= len(images):
            continue
        ax.imshow(
            images[index, 0].numpy(), cmap=colors["ink"], vmin=0, vmax=1, interpolation="nearest"
        )
        color = colors["bad"] if bad is not None and bad[index] else colors["text"]
        ax.text(
            0.5,
            -0.04,
            titles[index],
            transform=ax.transAxes,
            ha="center",
            va="top",
            fontsize=7.5,
            color=color,
        )
    figure.subplots_adjust(wspace=0.1, hspace=0.1 + 0.25 * max(t.count("\n") + 1 for t in titles))
    return figure


def confusion_figure(
    colors: dict, confusion: torch.Tensor, classes: Sequence[str], lang: str = "en"
) -> Figure:
    """The confusion matrix as a heat map with the counts written in, rows = true class.

    ``classes`` are the names to show, in ``lang``.
    """
    q = len(classes)
    figure, ax = plt.subplots(figsize=(6.8, 5.8), layout="constrained")
    ramp = LinearSegmentedColormap.from_list("counts", ["#ffffff00", colors["series"][0]])
    image = ax.imshow(confusion.numpy(), cmap=ramp, norm=matplotlib.colors.PowerNorm(0.4))
    for i in range(q):
        for j in range(q):
            count = int(confusion[i, j])
            if count:
                strong = count > 0.35 * confusion.max()
                ax.text(
                    j,
                    i,
                    count,
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if strong else colors["text"],
                )
    ax.set_xticks(range(q), classes, rotation=45, ha="right")
    ax.set_yticks(range(q), classes)
    ax.set(xlabel=tr(lang, "predicted class"), ylabel=tr(lang, "true class"))
    ax.spines[:].set_visible(False)
    figure.colorbar(image, ax=ax, shrink=0.8, label=tr(lang, "test images"))
    return figure


def weights_figure(
    colors: dict, W: torch.Tensor, classes: Sequence[str], lang: str = "en"
) -> Figure:
    """Each column of W (d, q) as a 28x28 image: red pixels raise the class's logit, blue lower it.

    ``classes`` are the names to show, in ``lang``.
    """
    limit = W.abs().max().item()
    figure, axes = plt.subplots(2, 5, figsize=(9, 4.3), layout="constrained")
    for j, ax in enumerate(axes.flat):
        image = ax.imshow(
            W[:, j].reshape(28, 28).numpy(),
            cmap="RdBu_r",
            vmin=-limit,
            vmax=limit,
            interpolation="nearest",
        )
        ax.set_title(classes[j])
        ax.set_axis_off()
    figure.colorbar(image, ax=axes, shrink=0.8, label=tr(lang, "weight"))
    return figure


def stability_figure(colors: dict, rows: Sequence[StabilityRow], lang: str = "en") -> Figure:
    """One panel per dtype: for each form of the loss, the scales s where it is right, wrong or broken.

    Each panel zooms on the scales where something happens; every form is right
    left of it. Vertical lines mark where exp(-s) becomes subnormal, where exp(s)
    overflows and where exp(-s) underflows to 0.
    """
    fill = {  # the states of sitebuild.measure.STATES
        "right": colors["good"],
        "finite but wrong": colors["warn"],
        "inf or nan": colors["bad"],
    }
    lines = {
        r"$e^{-s}$ becomes subnormal": ("subnormal_from", ":"),
        r"$e^{s}$ overflows to inf": ("exp_overflow", "--"),
        r"$e^{-s}$ underflows to 0": ("exp_underflow", "-."),
    }
    panels: dict[str, list[StabilityRow]] = {}
    for row in rows:
        panels.setdefault(row.dtype, []).append(row)
    figure, axes = plt.subplots(len(panels), 1, figsize=(8, 1.6 * len(panels) + 0.9))
    for ax, (dtype, forms) in zip(axes, panels.items(), strict=True):
        first = forms[0]
        edges = [abs(getattr(first, field)) for field, _ in lines.values()]
        changes = [s for row in forms for s, _ in row.segments[1:]]
        low, high = 0.8 * min(edges + changes), 1.1 * max(edges + changes)
        for y, row in enumerate(forms):
            starts = [s for s, _ in row.segments]
            ends = [*starts[1:], SCALES[-1].item()]
            for state, color in fill.items():
                spans = [
                    (start, end - start)
                    for (start, name), end in zip(row.segments, ends, strict=True)
                    if name == state
                ]
                ax.broken_barh(spans, (y - 0.35, 0.7), facecolors=color, linewidth=0)
            ax.text(
                1.01,
                y,
                _stability_summary(row, lang),
                transform=ax.get_yaxis_transform(),
                va="center",
                fontsize=8.5,
                linespacing=1.1,
            )
        for field, style in lines.values():
            ax.axvline(abs(getattr(first, field)), color=colors["text"], linestyle=style, lw=1)
        # the labels are sitebuild.measure.FORMS' words, translated by the catalogue
        ax.set_yticks(range(len(forms)), [tr(lang, row.label) for row in forms], fontsize=9)
        ax.set_ylim(len(forms) - 0.5, -0.5)
        ax.set_xlim(low, high)
        ax.set_title(dtype, loc="left", fontweight="bold")
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
    axes[-1].set_xlabel(tr(lang, "logit scale s (logits [s, 0], true class 1)"))
    handles = [plt.Rectangle((0, 0), 1, 1, color=color) for color in fill.values()]
    handles += [
        matplotlib.lines.Line2D([], [], color=colors["text"], linestyle=style, lw=1)
        for _, style in lines.values()
    ]
    # the labels of the lines mix words and math
    font = (
        {"fontsize": 9}
        if lang == "en"
        else {"prop": {"size": 9, "family": _mixed(lang)["fontfamily"]}}
    )
    figure.legend(
        handles,
        [tr(lang, label) for label in (*fill, *lines)],
        loc="outside upper center",
        ncols=3,
        **font,
    )
    figure.set_layout_engine("constrained")
    return figure


def _stability_summary(row: StabilityRow, lang: str = "en") -> str:
    """What the figure writes right of a bar: where the form goes wrong and breaks."""
    if row.first_wrong is None and row.first_broken is None:
        return tr(lang, "right up to s = {s}", s=f"{SCALES[-1].item():,.0f}")
    parts = []
    if row.first_wrong is not None:
        parts.append(tr(lang, "wrong from {s}", s=f"{row.first_wrong:.5g}"))
    if row.first_broken is not None:
        parts.append(tr(lang, "{value} from {s}", value=row.broken_as, s=f"{row.first_broken:.5g}"))
    return "\n".join(parts)


def temperature_figure(
    colors: dict, table: dict[float, list[float]], logits: Sequence[float], lang: str = "en"
) -> Figure:
    """softmax(o / T) for a fixed logit vector o, one panel per temperature T."""
    figure, axes = plt.subplots(1, len(table), figsize=(9, 2.6), sharey=True, layout="constrained")
    positions = range(len(logits))
    for ax, (T, probabilities) in zip(axes, table.items(), strict=True):
        ax.bar(positions, probabilities, color=colors["series"][0])
        ax.set_title(f"T = {T:g}")
        ax.set_xticks(positions, [f"{o:g}" for o in logits], fontsize=8)
        ax.set_xlabel(tr(lang, "logit $o_j$"), **_mixed(lang))
        ax.set_ylim(0, 1)
        ax.grid(True, axis="y", linewidth=0.5)
    axes[0].set_ylabel(tr(lang, "probability"))
    return figure
