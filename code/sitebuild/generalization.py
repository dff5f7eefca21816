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
output and returns ``{name: size}`` for the manifest.
"""

import dataclasses
import json
import math
import time
from pathlib import Path

import torch

from sitebuild import generalization_plots, plots
from sitebuild.cache import write_text
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

__all__ = ["USER_ERRORS", "build"]

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


def _interval(low: float, high: float) -> str:
    return f"{low:.2%} to {high:.2%}"


def _decay(value: float) -> str:
    """A penalty strength in LaTeX: 0, or 3 \\cdot 10^{-3}."""
    if value == 0:
        return "0"
    mantissa, exponent = f"{value:.0e}".split("e")
    power = f"10^{{{int(exponent)}}}"
    return power if mantissa == "1" else f"{mantissa} \\cdot {power}"


def _widths_table(results: dict) -> str:
    """The 95% radius of each kind of error bar, for the test set's n."""
    chosen, n = results["chosen"], results["num_test"]
    acc, delta = chosen["test_acc"], 1 - results["confidence"]
    normal, wilson = chosen["normal"], chosen["wilson"]
    m_all = results["reuse"]["num_candidates"]
    rows = [
        [
            "normal approximation",
            "the central limit theorem, and $\\hat a$ for $a$ in the variance",
            _points((normal[1] - normal[0]) / 2),
            _interval(*normal),
        ],
        [
            "Wilson",
            "the central limit theorem",
            _points((wilson[1] - wilson[0]) / 2),
            _interval(*wilson),
        ],
    ]
    for m in sorted({1, 10, 100, m_all}):
        t = hoeffding_radius(n, delta, m)
        if m == 1:
            what = "Hoeffding"
            rests = (
                "independence of the $a^{(i)}$; the model fixed before the test set "
                "(it was chosen on validation)"
            )
        else:
            what = f"Hoeffding and the union bound, $m = {m}$"
            if m == m_all:
                what += ", as many as the checkpoints of the runs"
            what = f"*what if* ({what}): had $m$ models been compared on the test set"
            rests = "independence of the $a^{(i)}$; the $m$ models fixed before the test set"
        rows.append([what, rests, _points(t), _interval(acc - t, acc + t)])
    header = [
        "error bar",
        "rests on",
        f"radius at $n = {n:,}$ (points)".replace(",", "{,}"),
        f"95% interval for the test accuracy {acc:.2%}",
    ]
    return markdown_table(header, rows, "llrl")


def _fall(values: list[float], window: int) -> float:
    """How much the lowest value fell over the last ``window`` items, relatively.

    The lowest, not the last: the checkpoints include line-search trial
    points, where the loss can be higher than before.
    """
    before = min(values[:-window])
    return (before - min(values)) / before


def _runs_table(results: dict) -> str:
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
        "passes run",
        "best checkpoint by validation (after passes)",
        "validation accuracy there",
        "training accuracy there",
        "validation accuracy, last checkpoint",
        "training accuracy, last checkpoint",
        "training loss, last checkpoint",
    ]
    return markdown_table(header, rows, "rrrrrrrr") + "\n" + _budget_sentence(results)


def _budget_sentence(results: dict) -> str:
    """What the runs show about convergence, and the two best compared."""
    window, passes = results["window"], results["num_passes"]
    plain = results["runs"][str(0.0)]
    gaps = [
        (k, plain["train_acc"][k] - plain["valid_acc"][k])
        for k in (passes // 5, passes // 2, passes - 1)
    ]
    (k1, g1), (k2, g2), (k3, g3) = gaps
    grows = g1 < g2 < g3
    text = (
        f"Each run had a budget of {passes} passes, so its checkpoints are the "
        f"models after 0 to {passes - 1} passes. Without a penalty, the training "
        f"accuracy minus the validation accuracy is {_points(g1)} points after {k1} "
        f"passes, {_points(g2)} after {k2} and {_points(g3)} after {k3}"
        f"{': the gap grows' if grows else ''}. "
    )
    for run in results["runs"].values():
        decay = run["weight_decay"]
        fall = _fall(run["objective"], window)
        last = run["valid_acc"][-window:]
        objective = "training loss" if decay == 0 else "penalized objective"
        text += (
            f"With $\\lambda = {_decay(decay)}$, over the last {window} passes the "
            f"{objective} fell by {fall:.2%} and the validation accuracy stayed within "
            f"{_points(max(last) - min(last))} points. "
        )
    c = results["comparison"]
    return text + (
        f"The best validation accuracies of the two runs differ by "
        f"{_points(c['difference'])} points. Their two checkpoints disagree on "
        f"{c['disagreements']:,} of the {results['num_valid']:,} validation images, which "
        f"puts the standard error of that difference at {_points(c['standard_error'])} "
        f"points.\n"
    )


def _setup_sentence(results: dict, config: TrainConfig) -> str:
    """The runs the build makes, with the penalties and budgets of this module."""
    decays = [run["weight_decay"] for run in results["runs"].values()]
    penalized = " and ".join(f"$\\lambda = {_decay(d)}$" for d in decays if d != 0)
    times = {2: "twice", 3: "three times"}.get(len(decays), f"{len(decays)} times")
    return (
        f"The build step runs L-BFGS on the {results['num_train']:,} training images "
        f"{times}, "
        f"each with the same budget of {results['num_passes']} "
        f"passes: without a penalty, $\\lambda = 0$, where only stopping early can brake, "
        f"and with {penalized}. For comparison, it also trains with the book's recipe on "
        f"the same training part, watching the validation set: its {config.num_epochs} "
        f"epochs are {config.num_epochs} passes.\n"
    )


def _chosen_sentence(results: dict) -> str:
    c = results["chosen"]
    low, high = c["wilson"]
    last = results["num_passes"] - 1
    edge = (
        f" That is within the last {results['window']} passes of the budget: a longer run "
        f"might find a slightly better checkpoint."
        if c["passes"] > last - results["window"]
        else ""
    )
    return (
        f"The validation set picks $\\lambda = {_decay(c['weight_decay'])}$ and the "
        f"checkpoint after {c['passes']} passes (validation accuracy "
        f"{c['valid_acc']:.2%}).{edge} On the test set, used once, now, this model is "
        f"right on **{c['test_acc']:.2%}** of the {results['num_test']:,} images: 95% "
        f"interval [{low:.2%}, {high:.2%}] (Wilson), standard error "
        f"{_points(c['standard_error'])} points. Its training accuracy is "
        f"{c['train_acc']:.2%}.\n"
    )


def _book_sentence(results: dict) -> str:
    """The book's recipe on the same splits, against L-BFGS at equal and at more passes."""
    book, c, versus = results["book"], results["chosen"], results["against_book"]
    epochs = book["config"]["num_epochs"]
    best_epoch = max(range(epochs), key=lambda i: (book["valid_acc"][i], -i)) + 1
    where = (
        "its last: it was still improving when it stopped"
        if best_epoch == epochs
        else f"epoch {best_epoch}, at {max(book['valid_acc']):.2%}"
    )
    same = book["at_same_passes"]
    gain = versus["difference"]
    return (
        f"The book's recipe on the same {results['num_train']:,} images "
        f"({epochs} epochs of minibatch SGD, learning rate {book['config']['lr']:g}, "
        f"batch size {book['config']['batch_size']}: {epochs} passes of "
        f"{book['steps_per_pass']} steps each) ends with validation accuracy "
        f"{book['valid_acc'][-1]:.2%} (its best epoch by validation is {where}), training "
        f"accuracy {book['train_acc']:.2%} and test accuracy {book['test_acc']:.2%}. "
        f"After as many passes, {same['passes']}, L-BFGS without a penalty is at "
        f"validation accuracy {same['valid_acc']:.2%}. The L-BFGS model chosen below, "
        f"after {c['passes']} passes, is {_points(abs(gain))} points "
        f"{'more' if gain >= 0 else 'less'} accurate on the test set than the book's; the "
        f"two models disagree on {versus['disagreements']:,} of the "
        f"{results['num_test']:,} test images, which puts the standard error of that "
        f"difference at {_points(versus['standard_error'])} points.\n"
    )


def _headline(results: dict) -> str:
    """One sentence for the results page: the chosen model and its error bar."""
    c = results["chosen"]
    low, high = c["wilson"]
    return (
        f"Trained with full-batch L-BFGS, its stopping point and L2 penalty chosen on a "
        f"validation set, the model is right on **{c['test_acc']:.2%}** of the "
        f"{results['num_test']:,} test images (95% interval {low:.2%} to {high:.2%}).\n"
    )


def _peek_sentence(results: dict) -> str:
    """What the test curve says, looked at after the choice."""
    c = results["chosen"]
    plain = results["runs"][str(0.0)]
    test = plain["test_acc_after_choice"]
    top = max(range(len(test)), key=lambda i: (test[i], -i))
    above = test[top] - c["test_acc"]
    falling = _fall(plain["train_loss"], results["window"]) > 0
    return (
        f"Looked at only now, after the choice: the highest test accuracy on the path "
        f"without a penalty is {test[top]:.2%}, after {top} passes, "
        f"{_points(abs(above))} points {'above' if above >= 0 else 'below'} the chosen "
        f"model's. Reporting that peak would be choosing on the test set. At the end of "
        f"the budget, after {len(test) - 1} passes, the test accuracy is {test[-1]:.2%}, "
        f"and the training loss is {plain['train_loss'][-1]:.4f}"
        f"{', still falling' if falling else ''}.\n"
    )


def _reuse_table(results: dict) -> str:
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
        "examples chosen on, $s$",
        "candidates, $m$",
        "winner's accuracy where chosen",
        "on the rest",
        "overstatement: mean ± 2 s.e. (points)",
        "95th percentile",
        "union-bound radius for it",
        "independent mistakes: mean ± 2 s.e.",
        "95th percentile",
    ]
    return markdown_table(header, rows, "rrrrrrrrr")


def _reuse_sentence(results: dict) -> str:
    r = results["reuse"]
    rows = r["rows"]
    inside = all(row["gap_q95"] < row["bound"] for row in rows)
    independent_inside = all(row["independent_q95"] < row["bound"] for row in rows)
    every = [row for row in rows if row["num_candidates"] == r["num_candidates"]]
    sizes = "; ".join(
        f"chosen on {row['num_select']:,} images, {_points(row['independent_gap'])} points "
        f"for independent mistakes against {_points(row['gap'])} for the checkpoints"
        for row in every
    )
    return (
        f"Each row averages {r['repeats']:,} random draws; the candidates are the "
        f"{r['num_candidates']} checkpoints of the {r['num_runs']} L-BFGS runs and the "
        f"examples are the {r['num_examples']:,} validation images. The ± is twice the "
        f"standard error of the average over the draws: it measures the Monte Carlo "
        f"error for this one validation set, not how the numbers would change with "
        f"another. The last two columns draw candidates with the same accuracies whose "
        f"mistakes are independent, from example to example and from candidate to "
        f"candidate.\n\n"
        f"The 95th percentile of the overstatement is "
        f"{'below' if inside else 'not always below'} the union-bound radius in every "
        f"row, and that of independent candidates is "
        f"{'below it too' if independent_inside else 'not always below it'}. With all "
        f"{r['num_candidates']} candidates compared, the average overstatement is: "
        f"{sizes}.\n"
    )


def _gap_sentence(results: dict) -> str:
    c = results["chosen"]
    return (
        f"The chosen model's training accuracy is {c['train_acc']:.2%} and its test "
        f"accuracy {c['test_acc']:.2%}: a gap of {_points(c['train_acc'] - c['test_acc'])} "
        f"points.\n"
    )


def build(out: Path, config: TrainConfig, keys: dict[str, str]) -> dict[str, int]:
    """Run the experiments and write every figure and fragment; return name -> size."""
    print(f"generalization: building into {out}", flush=True)
    start = time.perf_counter()
    data = load_fashion_mnist()
    print(f"  data       loaded ({time.perf_counter() - start:.1f} s)", flush=True)
    with torch_threads(FULL_BATCH_THREADS):  # train sets its own
        results = _experiments(data, config)
    outputs = {
        "generalization.json": write_text(
            out / "generalization.json", json.dumps(results, indent=1) + "\n"
        )
    }
    fragments = {
        "generalization_widths.md": _widths_table(results),
        "generalization_setup.md": _setup_sentence(results, config),
        "generalization_runs.md": _runs_table(results),
        "generalization_chosen.md": _chosen_sentence(results),
        "generalization_headline.md": _headline(results),
        "generalization_book.md": _book_sentence(results),
        "generalization_peek.md": _peek_sentence(results),
        "generalization_reuse.md": _reuse_table(results),
        "generalization_reuse_sentence.md": _reuse_sentence(results),
        "generalization_gap.md": _gap_sentence(results),
    }
    for name, text in fragments.items():
        outputs[name] = write_text(out / name, text)
    print(f"  results    generalization.json and {len(fragments)} fragments", flush=True)
    figures = {
        "generalization_convergence": lambda c: generalization_plots.convergence_figure(c, results),
        "generalization_reuse": lambda c: generalization_plots.reuse_figure(c, results),
    }
    outputs.update(plots.draw_all(out, figures))
    return outputs
