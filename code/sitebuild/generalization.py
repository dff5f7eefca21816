"""The generalization stage: train longer, choose on validation, reuse.

The experiments of the page ``docs/generalization.md``, on the real data:

- the book's recipe (minibatch SGD) on the 50,000 training images that the
  validation split leaves, watching the validation set;
- full-batch L-BFGS from zero weights on the same images, for two L2
  penalties with the same budget of passes over the data, with a checkpoint
  at every pass (the budget is short of convergence: see ``NUM_PASSES``);
- the choice of the penalty and the stopping point on the 10,000 validation
  images, and one evaluation of the chosen model on the test set, with its
  error bars;
- test-set reuse: every checkpoint is a candidate; pick the best on part of
  the validation images and score it on the rest, over many random splits,
  next to candidates with the same accuracies and independent mistakes.

Every output is named ``generalization*``; the stage prints one line per
output and returns ``{name: size}`` for the manifest. The experiments run
once; their fragments and figures are written in every language of
:data:`sitebuild.i18n.LANGUAGES` (English at ``out/name``, Chinese at
``out/zh/name``, its words from ``sitebuild.zh.generalization``).
"""

import dataclasses
import json
import math
import time
from collections.abc import Callable
from pathlib import Path

import torch
from matplotlib.figure import Figure

from sitebuild import generalization_plots, plots
from sitebuild.cache import write_text
from sitebuild.i18n import LANGUAGES, folder, output_name, tr
from sitebuild.tables import markdown_table
from softmax_regression import (
    FashionMNISTData,
    TrainConfig,
    as_float,
    build_model,
    evaluate_accuracy,
    load_fashion_mnist,
    train,
)
from softmax_regression.data_files import DataError
from softmax_regression.generalization import best, correct_matrix, fit_lbfgs, reuse
from softmax_regression.intervals import (
    hoeffding_radius,
    normal_interval,
    standard_error,
    wilson_interval,
)
from softmax_regression.training import torch_threads
from softmax_regression.validation import split_validation

__all__ = ["USER_ERRORS", "build", "write_outputs"]

#: errors a build reports in one line: the data is missing or corrupted
USER_ERRORS = (DataError,)

NUM_VALID, SPLIT_SEED = 10_000, 0  # the validation split all chapters share
#: the L2 penalties compared (the page names no value: it quotes these)
WEIGHT_DECAYS = (0.0, 3e-3)
#: the passes over the training data every L-BFGS run may take, the same for
#: every penalty. Measured: without a penalty the training loss is still
#: falling after hundreds of passes, and with 1e-3 L-BFGS only stops itself
#: after about 140, which the time budget of the stage does not allow; with
#: 3e-3 the penalized objective is nearly flat within this budget.
NUM_PASSES = 50
#: how many of the last passes the "still falling" and "levelled off"
#: sentences look at
WINDOW = 10
CONFIDENCE = 0.95
#: test-set reuse: candidates compared, examples selected on, random draws
CANDIDATES = (1, 3, 10, 30, None)  # None: every checkpoint
SELECT = (1000, 5000)
REPEATS = 2000
REUSE_SEED = 0
#: Threads for the full-batch work (L-BFGS, scoring checkpoints, reuse).
#: Measured on this 2-core machine: a pass of L-BFGS takes 0.06 s on two
#: threads and 0.10 s on one when the other core is idle, but 0.18 s on two
#: and 0.11-0.17 s on one when others use it, and the reuse draws took 13 s
#: instead of 2 s on two threads under load. One thread degrades gracefully.
#: Minibatch SGD (small products), which only loses from a second thread,
#: runs on ``config.num_threads``, as ``train`` does everywhere.
FULL_BATCH_THREADS = 1


def _book_recipe(data, train_part, valid, config: TrainConfig) -> tuple[dict, torch.Tensor]:
    """The book's minibatch SGD on the same training part, watching validation.

    Returns its results and which test images it gets right.
    """
    start = time.perf_counter()
    model = build_model("concise", seed=config.seed)
    held_out = FashionMNISTData(train=train_part, test=valid, classes=data.classes)
    history = train(model, held_out, config, progress=False)  # test_acc: on valid
    seconds = time.perf_counter() - start
    print(
        f"  SGD        the book's recipe: {config.num_epochs} epochs ({seconds:.1f} s)", flush=True
    )
    with torch.inference_mode():
        O_test = model(as_float(data.test.X))  # (n_test, q)
        test_correct = O_test.argmax(dim=1) == data.test.y  # its one look
    return {
        "config": dataclasses.asdict(config),
        "steps_per_pass": math.ceil(len(train_part) / config.batch_size),
        "valid_acc": [h.test_acc for h in history],
        "train_acc": evaluate_accuracy(model, train_part),
        "test_acc": test_correct.float().mean().item(),  # not chosen on it
    }, test_correct


def _experiments(data, config: TrainConfig) -> dict:
    train_part, valid = split_validation(data.train, NUM_VALID, SPLIT_SEED)
    book, book_test_correct = _book_recipe(data, train_part, valid, config)
    runs, valid_correct = {}, {}
    for decay in WEIGHT_DECAYS:
        start = time.perf_counter()
        runs[decay] = fit_lbfgs(train_part, decay, NUM_PASSES)
        valid_correct[decay] = correct_matrix(runs[decay], valid)  # (k, n_valid)
        seconds = time.perf_counter() - start
        print(
            f"  L-BFGS     weight decay {decay:g}: {len(runs[decay])} passes ({seconds:.1f} s)",
            flush=True,
        )
    valid_acc = {d: correct.float().mean(dim=1).tolist() for d, correct in valid_correct.items()}
    decay, index = best(valid_acc)  # chosen on the validation set only
    chosen = runs[decay][index]
    # The one use of the test set that the choice is reported with.
    chosen_test_correct = correct_matrix([chosen], data.test)[0]
    # After the choice, for the figure and the peek: the test curves of the
    # run without a penalty and of the chosen run.
    test_curves = {
        d: correct_matrix(runs[d], data.test).float().mean(dim=1).tolist() for d in {0.0, decay}
    }
    test_acc = chosen_test_correct.float().mean().item()
    n_test = len(data.test)
    book["at_same_passes"] = {  # L-BFGS without a penalty, after as many passes
        "passes": config.num_epochs,
        "valid_acc": valid_acc[0.0][config.num_epochs],
    }
    return {
        "num_train": len(train_part),
        "num_valid": len(valid),
        "book": book,
        "num_test": n_test,
        "confidence": CONFIDENCE,
        "num_passes": NUM_PASSES,
        "window": WINDOW,
        "runs": {
            str(d): {
                "weight_decay": d,
                "train_loss": [c.train_loss for c in run],
                "objective": [c.train_loss + d / 2 * (c.W**2).sum().item() for c in run],
                "train_acc": [c.train_acc for c in run],
                "valid_acc": valid_acc[d],
                "test_acc_after_choice": test_curves.get(d),
            }
            for d, run in runs.items()
        },
        "chosen": {
            "weight_decay": decay,
            "passes": index,  # item k of a run: the weights that k passes produced
            "train_loss": chosen.train_loss,
            "train_acc": chosen.train_acc,
            "valid_acc": valid_acc[decay][index],
            "test_acc": test_acc,
            "standard_error": standard_error(test_acc, n_test),
            "normal": normal_interval(test_acc, n_test, CONFIDENCE),
            "wilson": wilson_interval(test_acc, n_test, CONFIDENCE),
            "hoeffding_radius": hoeffding_radius(n_test, 1 - CONFIDENCE),
        },
        "comparison": _best_of_each(valid_correct, valid_acc),
        "against_book": _paired(chosen_test_correct, book_test_correct),
        "reuse": _reuse(torch.cat(list(valid_correct.values())), len(runs)),
    }


def _paired(a: torch.Tensor, b: torch.Tensor) -> dict:
    """The accuracy of a minus that of b, measured on the same images.

    Each image adds a_i - b_i, one of -1, 0 and 1, to n times the difference
    of the accuracies, so its variance is (disagreements / n - difference^2),
    and the standard error of the difference sqrt of that over n.
    """
    n = len(a)
    difference = (a.float().mean() - b.float().mean()).item()
    disagreements = int((a != b).sum())
    variance = disagreements / n - difference**2
    return {
        "difference": difference,
        "disagreements": disagreements,
        "standard_error": math.sqrt(variance / n),
    }


def _best_of_each(
    valid_correct: dict[float, torch.Tensor], valid_acc: dict[float, list[float]]
) -> dict:
    """The best checkpoints of the two best runs, compared on the validation images."""
    ranked = sorted(valid_acc, key=lambda d: max(valid_acc[d]), reverse=True)[:2]
    a, b = (valid_correct[d][valid_acc[d].index(max(valid_acc[d]))] for d in ranked)
    return {"weight_decays": ranked, **_paired(a, b)}


def _independent(accuracies: torch.Tensor, counts: list[int], num_select: int, n: int) -> list:
    """The overstatement of candidates with these accuracies but independent mistakes.

    Each candidate is right on each example with probability its accuracy,
    independently of the other examples and of the other candidates: its
    number of right answers on the selected part and on the rest are
    binomial. The draws mirror :func:`reuse`: a random order of the
    candidates per repeat, the first ``count`` of it compete.
    """
    generator = torch.Generator().manual_seed(REUSE_SEED)
    order = torch.rand(REPEATS, len(accuracies), generator=generator).argsort(dim=1)
    a = accuracies[order]  # (repeats, m), in each repeat's order
    right_selected = torch.binomial(torch.full_like(a, num_select), a, generator=generator)
    right_fresh = torch.binomial(torch.full_like(a, n - num_select), a, generator=generator)
    gaps = []
    for count in counts:
        winner = right_selected[:, :count].argmax(dim=1, keepdim=True)  # (repeats, 1)
        on_selected = right_selected.gather(1, winner)[:, 0] / num_select
        on_fresh = right_fresh.gather(1, winner)[:, 0] / (n - num_select)
        gaps.append(on_selected - on_fresh)
    return gaps


def _reuse(correct: torch.Tensor, num_runs: int) -> dict:
    """Every checkpoint is a candidate; choose on part of the validation set."""
    start = time.perf_counter()
    m, n = correct.shape
    counts = [m if count is None else count for count in CANDIDATES]
    accuracies = correct.float().mean(dim=1)  # (m,): each on all n images
    rows = []
    for num_select in SELECT:
        on_selected, on_fresh = reuse(correct, counts, num_select, REPEATS, REUSE_SEED)
        independent = _independent(accuracies, counts, num_select, n)
        for count, picked, rest, other in zip(
            counts, on_selected, on_fresh, independent, strict=True
        ):
            gap = picked - rest  # (repeats,)
            # With probability 1 - delta, picked - (accuracy on all n) <= t for
            # every candidate (Hoeffding without replacement, union bound),
            # and picked - rest = n / (n - num_select) (picked - accuracy on all).
            bound = n / (n - num_select) * hoeffding_radius(num_select, 1 - CONFIDENCE, count)
            rows.append(
                {
                    "num_candidates": count,
                    "num_select": num_select,
                    "num_fresh": n - num_select,
                    "selected_acc": picked.mean().item(),
                    "fresh_acc": rest.mean().item(),
                    "gap": gap.mean().item(),
                    "gap_se": gap.std().item() / math.sqrt(REPEATS),
                    "gap_q95": gap.quantile(CONFIDENCE).item(),
                    "gap_positive": (gap > 0).float().mean().item(),
                    "bound": bound,
                    "beyond_bound": (gap > bound).float().mean().item(),
                    "independent_gap": other.mean().item(),
                    "independent_gap_se": other.std().item() / math.sqrt(REPEATS),
                    "independent_q95": other.quantile(CONFIDENCE).item(),
                    "independent_beyond_bound": (other > bound).float().mean().item(),
                }
            )
    seconds = time.perf_counter() - start
    print(f"  reuse      {len(rows)} settings, {REPEATS} draws each ({seconds:.1f} s)", flush=True)
    return {
        "num_candidates": m,
        "num_examples": n,
        "num_runs": num_runs,
        "repeats": REPEATS,
        "rows": rows,
    }


def _points(x: float) -> str:
    """An accuracy difference in percentage points, never "-0.00"."""
    text = f"{100 * x:.2f}"
    return "0.00" if text == "-0.00" else text


def _interval(lang: str, low: float, high: float) -> str:
    return tr(lang, "{low} to {high}", low=f"{low:.2%}", high=f"{high:.2%}")


def _decay(value: float) -> str:
    """A penalty strength in LaTeX: 0, or 3 \\cdot 10^{-3}."""
    if value == 0:
        return "0"
    mantissa, exponent = f"{value:.0e}".split("e")
    power = f"10^{{{int(exponent)}}}"
    return power if mantissa == "1" else f"{mantissa} \\cdot {power}"


def _join(lang: str, sentences: list[str]) -> str:
    """Sentences of one paragraph: a space between them in English, none in Chinese."""
    return ("" if lang == "zh" else " ").join(sentences)


def _widths_table(results: dict, lang: str) -> str:
    """The 95% radius of each kind of error bar, for the test set's n."""
    chosen, n = results["chosen"], results["num_test"]
    acc, delta = chosen["test_acc"], 1 - results["confidence"]
    normal, wilson = chosen["normal"], chosen["wilson"]
    m_all = results["reuse"]["num_candidates"]
    rows = [
        [
            tr(lang, "normal approximation"),
            tr(lang, "the central limit theorem, and $\\hat a$ for $a$ in the variance"),
            _points((normal[1] - normal[0]) / 2),
            _interval(lang, *normal),
        ],
        [
            tr(lang, "Wilson"),
            tr(lang, "the central limit theorem"),
            _points((wilson[1] - wilson[0]) / 2),
            _interval(lang, *wilson),
        ],
    ]
    for m in sorted({1, 10, 100, m_all}):
        t = hoeffding_radius(n, delta, m)
        if m == 1:
            what = tr(lang, "Hoeffding")
            rests = tr(
                lang,
                "independence of the $a^{(i)}$; the model fixed before the test set "
                "(it was chosen on validation)",
            )
        else:
            if m == m_all:
                what = tr(
                    lang,
                    "*what if* (Hoeffding and the union bound, $m = {m}$, as many as the "
                    "checkpoints of the runs): had $m$ models been compared on the test set",
                    m=m,
                )
            else:
                what = tr(
                    lang,
                    "*what if* (Hoeffding and the union bound, $m = {m}$): had $m$ models been "
                    "compared on the test set",
                    m=m,
                )
            rests = tr(
                lang, "independence of the $a^{(i)}$; the $m$ models fixed before the test set"
            )
        rows.append([what, rests, _points(t), _interval(lang, acc - t, acc + t)])
    header = [
        tr(lang, "error bar"),
        tr(lang, "rests on"),
        tr(lang, "radius at $n = {n}$ (points)", n=f"{n:,}".replace(",", "{,}")),
        tr(lang, "95% interval for the test accuracy {acc}", acc=f"{acc:.2%}"),
    ]
    return markdown_table(header, rows, "llrl")


def _fall(values: list[float], window: int) -> float:
    """How much the lowest value fell over the last ``window`` items, relatively.

    The lowest, not the last: the checkpoints include line-search trial
    points, where the loss can be higher than before.
    """
    before = min(values[:-window])
    return (before - min(values)) / before


def _runs_table(results: dict, lang: str) -> str:
    """One row per L2 penalty: where validation peaks, and where the run ends."""
    rows = []
    for run in results["runs"].values():
        valid = run["valid_acc"]
        peak = max(range(len(valid)), key=lambda i: (valid[i], -i))
        rows.append(
            [
                f"${_decay(run['weight_decay'])}$",
                str(len(valid)),
                str(peak),
                f"{valid[peak]:.4f}",
                f"{run['train_acc'][peak]:.4f}",
                f"{valid[-1]:.4f}",
                f"{run['train_acc'][-1]:.4f}",
                f"{run['train_loss'][-1]:.4f}",
            ]
        )
    header = [
        "$\\lambda$",
        tr(lang, "passes run"),
        tr(lang, "best checkpoint by validation (after passes)"),
        tr(lang, "validation accuracy there"),
        tr(lang, "training accuracy there"),
        tr(lang, "validation accuracy, last checkpoint"),
        tr(lang, "training accuracy, last checkpoint"),
        tr(lang, "training loss, last checkpoint"),
    ]
    table = markdown_table(header, rows, "rrrrrrrr")
    return table + "\n" + _budget_sentence(results, lang)


def _budget_sentence(results: dict, lang: str) -> str:
    """What the runs show about convergence, and the two best compared."""
    window, passes = results["window"], results["num_passes"]
    plain = results["runs"][str(0.0)]
    gaps = [
        (k, plain["train_acc"][k] - plain["valid_acc"][k])
        for k in (passes // 5, passes // 2, passes - 1)
    ]
    (k1, g1), (k2, g2), (k3, g3) = gaps
    gap_fields = {
        "g1": _points(g1),
        "k1": k1,
        "g2": _points(g2),
        "k2": k2,
        "g3": _points(g3),
        "k3": k3,
    }
    sentences = [
        tr(
            lang,
            "Each run had a budget of {passes} passes, so its checkpoints are the models "
            "after 0 to {last} passes.",
            passes=passes,
            last=passes - 1,
        )
    ]
    if g1 < g2 < g3:
        sentences.append(
            tr(
                lang,
                "Without a penalty, the training accuracy minus the validation accuracy is "
                "{g1} points after {k1} passes, {g2} after {k2} and {g3} after {k3}: "
                "the gap grows.",
                **gap_fields,
            )
        )
    else:
        sentences.append(
            tr(
                lang,
                "Without a penalty, the training accuracy minus the validation accuracy is "
                "{g1} points after {k1} passes, {g2} after {k2} and {g3} after {k3}.",
                **gap_fields,
            )
        )
    for run in results["runs"].values():
        decay = run["weight_decay"]
        last = run["valid_acc"][-window:]
        values = {
            "decay": _decay(decay),
            "window": window,
            "fall": f"{_fall(run['objective'], window):.2%}",
            "spread": _points(max(last) - min(last)),
        }
        if decay == 0:
            text = (
                "With $\\lambda = {decay}$, over the last {window} passes the training loss "
                "fell by {fall} and the validation accuracy stayed within {spread} points."
            )
        else:
            text = (
                "With $\\lambda = {decay}$, over the last {window} passes the penalized "
                "objective fell by {fall} and the validation accuracy stayed within {spread} "
                "points."
            )
        sentences.append(tr(lang, text, **values))
    c = results["comparison"]
    sentences.append(
        tr(
            lang,
            "The best validation accuracies of the two runs differ by {difference} points. "
            "Their two checkpoints disagree on {disagreements} of the {n} validation images, "
            "which puts the standard error of that difference at {se} points.",
            difference=_points(c["difference"]),
            disagreements=f"{c['disagreements']:,}",
            n=f"{results['num_valid']:,}",
            se=_points(c["standard_error"]),
        )
    )
    return _join(lang, sentences) + "\n"


def _and(lang: str, items: list[str]) -> str:
    """``a and b and c``: the items of a list, in a sentence."""
    text = items[0]
    for item in items[1:]:
        text = tr(lang, "{first} and {then}", first=text, then=item)
    return text


def _setup_sentence(results: dict, lang: str) -> str:
    """The runs the build makes, with the penalties and budgets of this module."""
    decays = [run["weight_decay"] for run in results["runs"].values()]
    penalized = _and(lang, [f"$\\lambda = {_decay(d)}$" for d in decays if d != 0])
    times = {2: tr(lang, "twice"), 3: tr(lang, "three times")}.get(len(decays))
    if times is None:
        times = tr(lang, "{count} times", count=len(decays))
    epochs = results["book"]["config"]["num_epochs"]  # the config the build trained with
    return (
        tr(
            lang,
            "The build step runs L-BFGS on the {num_train} training images {times}, each "
            "with the same budget of {passes} passes: without a penalty, $\\lambda = 0$, "
            "where only stopping early can brake, and with {penalized}. For comparison, it "
            "also trains with the book's recipe on the same training part, watching the "
            "validation set: its {epochs} epochs are {epochs} passes.",
            num_train=f"{results['num_train']:,}",
            times=times,
            passes=results["num_passes"],
            penalized=penalized,
            epochs=epochs,
        )
        + "\n"
    )


def _chosen_sentence(results: dict, lang: str) -> str:
    c = results["chosen"]
    low, high = c["wilson"]
    last = results["num_passes"] - 1
    sentences = [
        tr(
            lang,
            "The validation set picks $\\lambda = {decay}$ and the checkpoint after {passes} "
            "passes (validation accuracy {valid}).",
            decay=_decay(c["weight_decay"]),
            passes=c["passes"],
            valid=f"{c['valid_acc']:.2%}",
        )
    ]
    if c["passes"] > last - results["window"]:
        sentences.append(
            tr(
                lang,
                "That is within the last {window} passes of the budget: a longer run might "
                "find a slightly better checkpoint.",
                window=results["window"],
            )
        )
    sentences.append(
        tr(
            lang,
            "On the test set, used once, now, this model is right on **{test}** of the {n} "
            "images: 95% interval [{low}, {high}] (Wilson), standard error {se} points. Its "
            "training accuracy is {train}.",
            test=f"{c['test_acc']:.2%}",
            n=f"{results['num_test']:,}",
            low=f"{low:.2%}",
            high=f"{high:.2%}",
            se=_points(c["standard_error"]),
            train=f"{c['train_acc']:.2%}",
        )
    )
    return _join(lang, sentences) + "\n"


def _book_sentence(results: dict, lang: str) -> str:
    """The book's recipe on the same splits, against L-BFGS at equal and at more passes."""
    book, c, versus = results["book"], results["chosen"], results["against_book"]
    epochs = book["config"]["num_epochs"]
    best_epoch = max(range(epochs), key=lambda i: (book["valid_acc"][i], -i)) + 1
    recipe = {
        "n": f"{results['num_train']:,}",
        "epochs": epochs,
        "lr": f"{book['config']['lr']:g}",
        "batch_size": book["config"]["batch_size"],
        "steps": book["steps_per_pass"],
        "valid": f"{book['valid_acc'][-1]:.2%}",
        "train": f"{book['train_acc']:.2%}",
        "test": f"{book['test_acc']:.2%}",
    }
    if best_epoch == epochs:
        first = tr(
            lang,
            "The book's recipe on the same {n} images ({epochs} epochs of minibatch SGD, "
            "learning rate {lr}, batch size {batch_size}: {epochs} passes of {steps} steps "
            "each) ends with validation accuracy {valid} (its best epoch by validation is its "
            "last: it was still improving when it stopped), training accuracy {train} and "
            "test accuracy {test}.",
            **recipe,
        )
    else:
        first = tr(
            lang,
            "The book's recipe on the same {n} images ({epochs} epochs of minibatch SGD, "
            "learning rate {lr}, batch size {batch_size}: {epochs} passes of {steps} steps "
            "each) ends with validation accuracy {valid} (its best epoch by validation is "
            "epoch {best_epoch}, at {best}), training accuracy {train} and test accuracy "
            "{test}.",
            best_epoch=best_epoch,
            best=f"{max(book['valid_acc']):.2%}",
            **recipe,
        )
    same = book["at_same_passes"]
    second = tr(
        lang,
        "After as many passes, {passes}, L-BFGS without a penalty is at validation "
        "accuracy {valid}.",
        passes=same["passes"],
        valid=f"{same['valid_acc']:.2%}",
    )
    gain = versus["difference"]
    against = {
        "passes": c["passes"],
        "points": _points(abs(gain)),
        "disagreements": f"{versus['disagreements']:,}",
        "n": f"{results['num_test']:,}",
        "se": _points(versus["standard_error"]),
    }
    if gain >= 0:
        third = tr(
            lang,
            "The L-BFGS model chosen below, after {passes} passes, is {points} points more "
            "accurate on the test set than the book's; the two models disagree on "
            "{disagreements} of the {n} test images, which puts the standard error of that "
            "difference at {se} points.",
            **against,
        )
    else:
        third = tr(
            lang,
            "The L-BFGS model chosen below, after {passes} passes, is {points} points less "
            "accurate on the test set than the book's; the two models disagree on "
            "{disagreements} of the {n} test images, which puts the standard error of that "
            "difference at {se} points.",
            **against,
        )
    return _join(lang, [first, second, third]) + "\n"


def _headline(results: dict, lang: str) -> str:
    """One sentence for the results page: the chosen model and its error bar."""
    c = results["chosen"]
    low, high = c["wilson"]
    return (
        tr(
            lang,
            "Trained with full-batch L-BFGS, its stopping point and L2 penalty chosen on a "
            "validation set, the model is right on **{test}** of the {n} test images (95% "
            "interval {low} to {high}).",
            test=f"{c['test_acc']:.2%}",
            n=f"{results['num_test']:,}",
            low=f"{low:.2%}",
            high=f"{high:.2%}",
        )
        + "\n"
    )


def _peek_sentence(results: dict, lang: str) -> str:
    """What the test curve says, looked at after the choice."""
    c = results["chosen"]
    plain = results["runs"][str(0.0)]
    test = plain["test_acc_after_choice"]
    top = max(range(len(test)), key=lambda i: (test[i], -i))
    above = test[top] - c["test_acc"]
    falling = _fall(plain["train_loss"], results["window"]) > 0
    peak = {"acc": f"{test[top]:.2%}", "passes": top, "points": _points(abs(above))}
    if above >= 0:
        first = tr(
            lang,
            "Looked at only now, after the choice: the highest test accuracy on the path "
            "without a penalty is {acc}, after {passes} passes, {points} points above the "
            "chosen model's.",
            **peak,
        )
    else:
        first = tr(
            lang,
            "Looked at only now, after the choice: the highest test accuracy on the path "
            "without a penalty is {acc}, after {passes} passes, {points} points below the "
            "chosen model's.",
            **peak,
        )
    second = tr(lang, "Reporting that peak would be choosing on the test set.")
    end = {
        "passes": len(test) - 1,
        "acc": f"{test[-1]:.2%}",
        "loss": f"{plain['train_loss'][-1]:.4f}",
    }
    if falling:
        third = tr(
            lang,
            "At the end of the budget, after {passes} passes, the test accuracy is {acc}, "
            "and the training loss is {loss}, still falling.",
            **end,
        )
    else:
        third = tr(
            lang,
            "At the end of the budget, after {passes} passes, the test accuracy is {acc}, "
            "and the training loss is {loss}.",
            **end,
        )
    return _join(lang, [first, second, third]) + "\n"


def _reuse_table(results: dict, lang: str) -> str:
    rows = [
        [
            f"{r['num_select']:,}",
            f"{r['num_candidates']}",
            f"{r['selected_acc']:.4f}",
            f"{r['fresh_acc']:.4f}",
            f"{_points(r['gap'])} ± {_points(2 * r['gap_se'])}",
            _points(r["gap_q95"]),
            _points(r["bound"]),
            f"{_points(r['independent_gap'])} ± {_points(2 * r['independent_gap_se'])}",
            _points(r["independent_q95"]),
        ]
        for r in results["reuse"]["rows"]
    ]
    header = [
        tr(lang, "examples chosen on, $s$"),
        tr(lang, "candidates, $m$"),
        tr(lang, "winner's accuracy where chosen"),
        tr(lang, "on the rest"),
        tr(lang, "overstatement: mean ± 2 s.e. (points)"),
        tr(lang, "95th percentile"),
        tr(lang, "union-bound radius for it"),
        tr(lang, "independent mistakes: mean ± 2 s.e."),
        tr(lang, "95th percentile"),
    ]
    return markdown_table(header, rows, "rrrrrrrrr")


def _reuse_sentence(results: dict, lang: str) -> str:
    r = results["reuse"]
    rows = r["rows"]
    inside = all(row["gap_q95"] < row["bound"] for row in rows)
    independent_inside = all(row["independent_q95"] < row["bound"] for row in rows)
    every = [row for row in rows if row["num_candidates"] == r["num_candidates"]]
    sizes = [
        tr(
            lang,
            "chosen on {s} images, {independent} points for independent mistakes against "
            "{checkpoints} for the checkpoints",
            s=f"{row['num_select']:,}",
            independent=_points(row["independent_gap"]),
            checkpoints=_points(row["gap"]),
        )
        for row in every
    ]
    first = tr(
        lang,
        "Each row averages {repeats} random draws; the candidates are the {m} checkpoints "
        "of the {runs} L-BFGS runs and the examples are the {n} validation images. The ± is "
        "twice the standard error of the average over the draws: it measures the Monte Carlo "
        "error for this one validation set, not how the numbers would change with another. "
        "The last two columns draw candidates with the same accuracies whose mistakes are "
        "independent, from example to example and from candidate to candidate.",
        repeats=f"{r['repeats']:,}",
        m=r["num_candidates"],
        runs=r["num_runs"],
        n=f"{r['num_examples']:,}",
    )
    tail = {
        (
            True,
            True,
        ): "The 95th percentile of the overstatement is below the union-bound radius in every row, "
        "and that of independent candidates is below it in every row too.",
        (
            True,
            False,
        ): "The 95th percentile of the overstatement is below the union-bound radius in every row, "
        "and that of independent candidates is above it in some row.",
        (
            False,
            True,
        ): "The 95th percentile of the overstatement is above the union-bound radius in some row, "
        "and that of independent candidates is below it in every row too.",
        (
            False,
            False,
        ): "The 95th percentile of the overstatement is above the union-bound radius in some row, "
        "and that of independent candidates is above it in some row.",
    }[inside, independent_inside]
    average = tr(
        lang,
        "With all {m} candidates compared, the average overstatement is: {sizes}.",
        m=r["num_candidates"],
        sizes=tr(lang, "; ").join(sizes),
    )
    return first + "\n\n" + _join(lang, [tr(lang, tail), average]) + "\n"


def _gap_sentence(results: dict, lang: str) -> str:
    c = results["chosen"]
    return (
        tr(
            lang,
            "The chosen model's training accuracy is {train} and its test accuracy {test}: "
            "a gap of {gap} points.",
            train=f"{c['train_acc']:.2%}",
            test=f"{c['test_acc']:.2%}",
            gap=_points(c["train_acc"] - c["test_acc"]),
        )
        + "\n"
    )


def _fragments(results: dict, lang: str) -> dict[str, str]:
    """Every Markdown fragment of the page, in ``lang``: name -> text."""
    return {
        "generalization_widths.md": _widths_table(results, lang),
        "generalization_setup.md": _setup_sentence(results, lang),
        "generalization_runs.md": _runs_table(results, lang),
        "generalization_chosen.md": _chosen_sentence(results, lang),
        "generalization_headline.md": _headline(results, lang),
        "generalization_book.md": _book_sentence(results, lang),
        "generalization_peek.md": _peek_sentence(results, lang),
        "generalization_reuse.md": _reuse_table(results, lang),
        "generalization_reuse_sentence.md": _reuse_sentence(results, lang),
        "generalization_gap.md": _gap_sentence(results, lang),
    }


def _figures(results: dict, lang: str) -> dict[str, Callable[[dict], Figure]]:
    """Every figure of the page, in ``lang``: name -> a function of the theme's colours."""
    return {
        "generalization_convergence": lambda c: generalization_plots.convergence_figure(
            c, results, lang
        ),
        "generalization_reuse": lambda c: generalization_plots.reuse_figure(c, results, lang),
    }


def write_outputs(out: Path, results: dict) -> dict[str, int]:
    """Write the JSON once and every fragment and figure in every language; name -> size."""
    outputs = {
        "generalization.json": write_text(
            out / "generalization.json", json.dumps(results, indent=1) + "\n"
        )
    }
    for lang in LANGUAGES:
        fragments = _fragments(results, lang)
        for name, text in fragments.items():
            outputs[output_name(lang, name)] = write_text(folder(out, lang) / name, text)
        if lang == "en":
            print(f"  results    generalization.json and {len(fragments)} fragments", flush=True)
        else:
            print(f"  results    {len(fragments)} fragments ({lang})", flush=True)
        outputs.update(plots.draw_all(out, _figures(results, lang), lang))
    return outputs


def build(out: Path, config: TrainConfig, keys: dict[str, str]) -> dict[str, int]:
    """Run the experiments and write every figure and fragment; return name -> size."""
    print(f"generalization: building into {out}", flush=True)
    start = time.perf_counter()
    data = load_fashion_mnist()
    print(f"  data       loaded ({time.perf_counter() - start:.1f} s)", flush=True)
    with torch_threads(FULL_BATCH_THREADS):  # train sets its own
        results = _experiments(data, config)
    return write_outputs(out, results)
