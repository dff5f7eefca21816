"""The calibration stage: calibration, temperature scaling and decisions, measured.

It trains the concise model on the 50,000 training images left after holding
out the shared validation set (``split_validation(data.train, 10_000,
seed=0)``), fits the temperature on the validation images, and measures on
the test images: the reliability diagram, ECE, Brier score and loss before and
after scaling, and the decisions of a cost matrix. It also walks the line from
the initial to the trained weights, and trains the 2-D toy model.

Every output is named ``calibration*``; the stage returns name -> size.
"""

import itertools
import json
import math
import time
from collections.abc import Callable
from pathlib import Path

import torch

from sitebuild import calibration_plots, plots
from sitebuild.cache import write_text
from sitebuild.stats import paired_difference
from sitebuild.tables import markdown_table
from softmax_regression import (
    FashionMNISTData,
    SoftmaxRegressionConcise,
    Split,
    TrainConfig,
    as_float,
    build_model,
    cross_entropy,
    load_fashion_mnist,
    softmax,
    train,
)
from softmax_regression.calibration import (
    brier_score,
    classwise_calibration_errors,
    expected_calibration_error,
    fit_temperature,
    reliability_bins,
)
from softmax_regression.data_files import DataError
from softmax_regression.decisions import bayes_decision, expected_costs, realised_cost, shop_costs
from softmax_regression.toy import TOY_CONFIG, three_blobs, train_toy
from softmax_regression.validation import split_validation

__all__ = ["NUM_VALID", "USER_ERRORS", "build", "paired_difference"]

#: errors a build reports in one line: the data is missing or corrupted
USER_ERRORS = (DataError,)

NUM_VALID = 10_000  # the validation set all chapters hold out, seed 0
# The bins of the reliability diagram and of both ECEs are the package's
# default, as on the page (which calls the functions without ``num_bins``).
LINE = torch.linspace(0, 2, 121, dtype=torch.float64)  # t along the line
ZOOM = (0.95, 1.05)  # the piece of the line the zoom shows
ZOOM_STEPS = 2001
TOY_POINTS = 300


def _scores(O: torch.Tensor, y: torch.Tensor, T: float) -> dict:
    """Scores of softmax(O / T): loss, both ECEs, Brier score, accuracy, confidence.

    ``classwise`` holds each class's own ECE (their mean is ``classwise_ece``);
    ``wrong_loss_share`` and ``wrong_brier_share`` are the parts of the loss
    and of the Brier score that come from the misclassified examples.
    """
    y_hat = softmax(O / T)  # (n, q)
    losses = cross_entropy(O / T, y)  # (n,)
    briers = ((y_hat - torch.nn.functional.one_hot(y, y_hat.shape[1])) ** 2).sum(dim=1)
    wrong = y_hat.argmax(dim=1) != y
    classwise = classwise_calibration_errors(y_hat, y)
    return {
        "loss": losses.mean().item(),
        "ece": expected_calibration_error(y_hat, y),
        "classwise_ece": classwise.mean().item(),
        "classwise": classwise.tolist(),
        "brier": brier_score(y_hat, y),
        "accuracy": (~wrong).double().mean().item(),
        "mean_confidence": y_hat.max(dim=1).values.mean().item(),
        "wrong_loss_share": (losses[wrong].sum() / losses.sum()).item(),
        "wrong_brier_share": (briers[wrong].sum() / briers.sum()).item(),
    }


def _bins(O: torch.Tensor, y: torch.Tensor, T: float) -> dict[str, list]:
    counts, confidence, accuracy = reliability_bins(softmax(O / T), y)
    return {
        "counts": counts.tolist(),
        "confidence": confidence.tolist(),
        "accuracy": accuracy.tolist(),
    }


def _decisions(O: torch.Tensor, y: torch.Tensor, T: float, classes: tuple[str, ...]) -> dict:
    """The arg max against the least expected cost, under the shop's costs, on the test set.

    ``paired`` compares per-image realised costs on the same test images: the
    cost rule against the arg max (both on the scaled probabilities), and the
    cost rule on the scaled probabilities against it on those as trained.
    """
    cost = shop_costs(classes)
    bag = classes.index("Bag")
    scaled = softmax(O / T)  # the probabilities the rule trusts
    rules = {
        "arg max": scaled.argmax(dim=1),
        "least expected cost": bayes_decision(scaled, cost),
        "least expected cost, T = 1": bayes_decision(softmax(O), cost),
    }
    forecast = expected_costs(scaled, cost)  # (n, q), the model's own estimate
    rows = {
        name: {
            "accuracy": (actions == y).double().mean().item(),
            "expected_cost": forecast[torch.arange(len(y)), actions].mean().item(),
            "realised_cost": realised_cost(actions, y, cost),
            "called_bag": int((actions == bag).sum()),
            "bag_mistakes": int(((actions == bag) & (y != bag)).sum()),
        }
        for name, actions in rules.items()
    }
    before, after = rules["arg max"], rules["least expected cost"]
    changed = torch.nonzero(before != after).squeeze(1)
    pairs: dict[tuple[int, int], dict[str, int]] = {}
    for i in changed.tolist():
        pair = pairs.setdefault(
            (before[i].item(), after[i].item()), {"count": 0, "old_right": 0, "new_right": 0}
        )
        pair["count"] += 1
        pair["old_right"] += int(before[i] == y[i])
        pair["new_right"] += int(after[i] == y[i])
    changes = [
        {"from": classes[a], "to": classes[b], **counts}
        for (a, b), counts in sorted(pairs.items(), key=lambda item: -item[1]["count"])
    ]
    per_image = {name: cost[y, actions] for name, actions in rules.items()}  # (n,) each
    # Bag's own probability in the bin that holds the two-class threshold 5/6
    # of the shop's rule (the same bins as the ECE, the package's default)
    num_bins = len(reliability_bins(scaled, y)[0])
    edges = torch.linspace(0, 1, num_bins + 1, dtype=torch.float64)
    near = int(torch.bucketize(torch.tensor(5 / 6, dtype=torch.float64), edges[1:-1]))
    threshold_bin = {"low": edges[near].item(), "high": edges[near + 1].item()}
    for key, probabilities in (("as trained", softmax(O)), ("scaled", scaled)):
        p_bag = probabilities[:, bag]  # (n,)
        inside = (p_bag > edges[near]) & (p_bag <= edges[near + 1])
        threshold_bin[key] = {
            "count": int(inside.sum()),
            "mean_probability": p_bag[inside].mean().item() if inside.any() else 0.0,
            "share_of_bags": (y[inside] == bag).double().mean().item() if inside.any() else 0.0,
        }
    return {
        "cost": cost.tolist(),
        "rules": rows,
        "changed": len(changed),
        "changed_unscaled": int((rules["least expected cost, T = 1"] != before).sum()),
        "changed_by_scaling": int((rules["least expected cost, T = 1"] != after).sum()),
        "bag_threshold_bin": threshold_bin,
        "paired": {
            "cost rule - arg max": paired_difference(
                per_image["least expected cost"], per_image["arg max"]
            ),
            "scaled - T = 1": paired_difference(
                per_image["least expected cost"], per_image["least expected cost, T = 1"]
            ),
        },
        "changes": changes,
    }


def _line(model: SoftmaxRegressionConcise, split: Split, seed: int) -> dict:
    """Loss and accuracy on ``split`` along W(t) = W0 + t (W1 - W0), b(t) likewise.

    W0 is the initial weights training started from (b0 = 0), W1 the trained
    ones. The logits are linear in t, O(t) = O0 + t (O1 - O0), so two matrix
    products give the whole line.
    """
    X = as_float(split.X).reshape(len(split), -1).double()  # (n, d)
    y = split.y
    W1, b1 = model.W.detach().double(), model.net[1].bias.detach().double()
    W0 = build_model("concise", seed=seed).W.detach().double()  # as training began
    O0 = X @ W0  # (n, q), b0 = 0
    D = X @ W1 + b1 - O0  # (n, q), O1 - O0
    result = {"t": LINE.tolist(), "loss": [], "accuracy": []}
    for t in LINE.tolist():
        O = O0 + t * D
        result["loss"].append(cross_entropy(O, y).mean().item())
        result["accuracy"].append((O.argmax(dim=1) == y).double().mean().item())
    # The zoom, exactly: the true class's logit minus each other is linear in
    # t, so an example can change between right and wrong inside the zoom only
    # if one of these differences changes sign there. Only those are tracked.
    low, high = ZOOM
    rows = torch.arange(len(y))

    def margins(t: float) -> torch.Tensor:  # (n, q): o_y - o_k
        O = O0 + t * D
        return O[rows, y].unsqueeze(1) - O

    crossing = ((margins(low) > 0) != (margins(high) > 0)).any(dim=1)  # (n,)
    steady = ~crossing
    base = int(((O0 + low * D)[steady].argmax(dim=1) == y[steady]).sum())
    ts = torch.linspace(low, high, ZOOM_STEPS, dtype=torch.float64)
    O0c, Dc, yc = O0[crossing], D[crossing], y[crossing]
    correct = [base + int(((O0c + t * Dc).argmax(dim=1) == yc).sum()) for t in ts.tolist()]
    few = ts[:: (ZOOM_STEPS - 1) // 100]  # the loss is smooth: 101 points draw it
    result["zoom"] = {
        "t": ts.tolist(),
        "correct": correct,
        "loss_t": few.tolist(),
        "loss": [cross_entropy(O0 + t * D, y).mean().item() for t in few.tolist()],
        "tracked": int(crossing.sum()),
        "jumps": sum(a != b for a, b in itertools.pairwise(correct)),
        "num_examples": len(y),
    }
    return result


def _toy() -> dict:
    """The 2-D toy model: its points, weights and training accuracy."""
    points = three_blobs(TOY_POINTS, seed=0)
    model, history = train_toy(points)
    return {
        "X": points.X.tolist(),
        "y": points.y.tolist(),
        "W": model.W.detach().tolist(),
        "b": model.b.detach().tolist(),
        "accuracy": history[-1].test_acc,
        "loss": history[-1].train_loss,
        "config": {
            "num_epochs": TOY_CONFIG.num_epochs,
            "lr": TOY_CONFIG.lr,
            "batch_size": TOY_CONFIG.batch_size,
        },
    }


def measure(config: TrainConfig) -> dict:
    """Train, fit T, and measure everything the page shows; plain numbers only."""
    data = load_fashion_mnist()
    train_part, valid = split_validation(data.train, NUM_VALID, seed=0)
    start = time.perf_counter()
    model = build_model("concise", seed=config.seed)
    history = train(
        model,
        FashionMNISTData(train=train_part, test=valid, classes=data.classes),
        config,
        progress=False,
    )
    print(
        f"  training   concise on {len(train_part):,} images, validation accuracy "
        f"{history[-1].test_acc:.4f} ({time.perf_counter() - start:.1f} s)",
        flush=True,
    )
    with torch.inference_mode():
        O_valid = model(as_float(valid.X)).double()  # (10000, q)
        O_test = model(as_float(data.test.X)).double()  # (10000, q)
    T = fit_temperature(O_valid, valid.y)
    y_test = data.test.y
    start = time.perf_counter()
    line = _line(model, valid, config.seed)
    toy = _toy()
    print(f"  measured   temperature, line, toy ({time.perf_counter() - start:.1f} s)", flush=True)
    return {
        "config": {
            "num_epochs": config.num_epochs,
            "lr": config.lr,
            "batch_size": config.batch_size,
            "seed": config.seed,
        },
        "classes": list(data.classes),
        "num_train": len(train_part),
        "num_valid": len(valid),
        "num_test": len(y_test),
        "num_bins": len(reliability_bins(softmax(O_test), y_test)[0]),
        "valid_accuracy": history[-1].test_acc,
        "temperature": T,
        "valid": {
            "as trained": _scores(O_valid, valid.y, 1.0),
            "scaled": _scores(O_valid, valid.y, T),
        },
        "test": {"as trained": _scores(O_test, y_test, 1.0), "scaled": _scores(O_test, y_test, T)},
        "reliability": {
            "as trained": _bins(O_test, y_test, 1.0),
            "scaled": _bins(O_test, y_test, T),
        },
        "decisions": _decisions(O_test, y_test, T, data.classes),
        "line": line,
        "toy": toy,
    }


# ---- fragments -------------------------------------------------------------------------------


def temperature_table(m: dict) -> str:
    """Before and after temperature scaling: validation loss and the test scores."""
    rows = []
    scaled = ("scaled", "temperature-scaled", m["temperature"])
    for key, name, T in (("as trained", "as trained", 1.0), scaled):
        test = m["test"][key]
        rows.append(
            [
                name,
                f"{T:.3f}",
                f"{m['valid'][key]['loss']:.4f}",
                f"{test['loss']:.4f}",
                f"{test['ece']:.4f}",
                f"{test['classwise_ece']:.4f}",
                f"{test['brier']:.4f}",
            ]
        )
    header = [
        "probabilities",
        "$T$",
        "validation loss",
        "test loss",
        f"test ECE, top label ({m['num_bins']} bins)",
        f"test classwise ECE ({m['num_bins']} bins)",
        "test Brier score",
    ]
    return markdown_table(header, rows, "lrrrrrr")


def _change(before: float, after: float, digits: int = 4) -> str:
    """'rises from a to b', 'falls from a to b' or 'stays at a', as the printed numbers read."""
    a, b = f"{before:.{digits}f}", f"{after:.{digits}f}"
    if a == b:
        return f"stays at {a}"
    return f"{'rises' if after > before else 'falls'} from {a} to {b}"


def temperature_sentence(m: dict) -> str:
    """What the fitted temperature does, what the model was, and what scaling changed.

    Every word follows from the numbers it prints: the direction of the
    scaling from T against 1 (as printed), the verdict on the model from its
    mean confidence against its accuracy, and each change from the two values.
    """
    T, before, after = m["temperature"], m["test"]["as trained"], m["test"]["scaled"]
    if f"{T:.3f}" == "1.000":
        scaling = "practically 1, so scaling leaves the probabilities almost as they were"
    elif T < 1:
        scaling = "below 1, so scaling sharpens the probabilities"
    else:
        scaling = "above 1, so scaling softens the probabilities"
    confidence, accuracy = f"{before['mean_confidence']:.4f}", f"{before['accuracy']:.4f}"
    if confidence < accuracy:  # same width, same format: compares as the numbers do
        verdict = "on average less sure than it was right: *underconfident*"
    elif confidence > accuracy:
        verdict = "on average more sure than it was right: *overconfident*"
    else:
        verdict = "on average as sure as it was right"
    agrees = (T < 1 and confidence < accuracy) or (T > 1 and confidence > accuracy)
    aside = (
        ""
        if agrees or f"{T:.3f}" == "1.000"
        else " (the temperature minimises the validation loss, not this gap)"
    )
    bag = m["classes"].index("Bag")
    return (
        f"Fitted on the {m['num_valid']:,} validation images, the temperature is "
        f"**$T = {T:.3f}$**, {scaling}: on the {m['num_test']:,} test images their mean "
        f"confidence {_change(before['mean_confidence'], after['mean_confidence'])}, "
        f"against an accuracy of {accuracy}. As trained, the model was {verdict}{aside}. "
        f"The top-label ECE {_change(before['ece'], after['ece'])}, the classwise ECE "
        f"{_change(before['classwise_ece'], after['classwise_ece'])} (for Bag alone, the "
        f"class the shop's rule is most wary of, it "
        f"{_change(before['classwise'][bag], after['classwise'][bag])}), the loss "
        f"{_change(before['loss'], after['loss'])} and the Brier score "
        f"{_change(before['brier'], after['brier'])}; the accuracy stays "
        f"{after['accuracy']:.4f}, as it must. After scaling, the misclassified images, "
        f"{1 - after['accuracy']:.2%} of the test set, carry "
        f"{after['wrong_loss_share']:.0%} of the loss and {after['wrong_brier_share']:.0%} "
        "of the Brier score.\n"
    )


def model_sentence(m: dict) -> str:
    """How the model of this page was trained."""
    c = m["config"]
    return (
        f"The model: the concise softmax regression, trained for {c['num_epochs']} epochs "
        f"(learning rate {c['lr']:g}, minibatch size {c['batch_size']}, seed {c['seed']}) on the "
        f"{m['num_train']:,} training images left after holding out {m['num_valid']:,} for "
        f"validation; its validation accuracy is {m['valid_accuracy']:.4f}.\n"
    )


def costs_table(m: dict) -> str:
    """The two decision rules on the test set, under the shop's costs."""
    names = {
        "arg max": "arg max",
        "least expected cost": "least expected cost",
    }
    rows = [
        [
            label,
            f"{r['accuracy']:.4f}",
            f"{r['expected_cost']:.4f}",
            f"{r['realised_cost']:.4f}",
            f"{r['called_bag']:,}",
            f"{r['bag_mistakes']:,}",
        ]
        for key, label in names.items()
        for r in [m["decisions"]["rules"][key]]
    ]
    header = [
        "decision",
        "test accuracy",
        "expected cost per image (the model's forecast)",
        "realised cost per image",
        "images called Bag",
        "of which not bags",
    ]
    return markdown_table(header, rows, "lrrrrr")


def paired_sentence(paired: dict[str, float], what: str, verdicts: tuple[str, str, str]) -> str:
    """The paired difference in cost per image with its standard error, and what it shows.

    ``verdicts`` says what to conclude when the difference is below zero by more
    than two standard errors, above it by more than two, or neither.
    """
    mean, se = paired["mean"], paired["se"]
    head = (
        f"the paired difference in cost per image, {what}, is "
        f"${mean:+.4f} \\pm {se:.4f}$ (one standard error over the test images)"
    )
    lower, higher, neither = verdicts
    if se == 0 and mean == 0:
        return f"{head}: the two cost the same on every image"
    if abs(mean) <= 2 * se:
        return f"{head}, within two standard errors of 0: {neither}"
    side, verdict = ("below", lower) if mean < 0 else ("above", higher)
    return f"{head}, {abs(mean) / se:.1f} standard errors {side} 0: {verdict}"


def changes_fragment(m: dict) -> str:
    """How many decisions the costs change and which, with paired differences and their SE."""
    d = m["decisions"]
    rules = d["rules"]
    before, after, unscaled = (
        rules["arg max"],
        rules["least expected cost"],
        rules["least expected cost, T = 1"],
    )
    against_arg_max = paired_sentence(
        d["paired"]["cost rule - arg max"],
        "cost rule minus arg max",
        (
            "the cost rule is measurably cheaper",
            "the cost rule is measurably dearer",
            "no difference this test set can detect",
        ),
    )
    against_unscaled = paired_sentence(
        d["paired"]["scaled - T = 1"],
        "scaled minus as trained",
        (
            "calibrating made the rule measurably cheaper",
            "calibrating made the rule measurably dearer",
            "calibrating made no difference to the shop's cost that this test set can detect",
        ),
    )
    decisions = "decision" if d["changed_by_scaling"] == 1 else "decisions"
    near = d["bag_threshold_bin"]
    gaps = {
        key: abs(near[key]["mean_probability"] - near[key]["share_of_bags"])
        for key in ("as trained", "scaled")
    }
    if near["as trained"]["count"] == 0 or near["scaled"]["count"] == 0:
        bag_sentence = (
            f"No test image has a probability of Bag in "
            f"$({near['low']:g}, {near['high']:g}]$, near the rule's threshold for Bag, "
            "in one of the two sets of probabilities.\n"
        )
    else:
        # the standard error of a share of bags measured on this bin's images
        se = max(
            math.sqrt(b["share_of_bags"] * (1 - b["share_of_bags"]) / b["count"])
            for b in (near["as trained"], near["scaled"])
        )
        noise = f"; on so few images a share has a standard error of about {se:.2f}, " + (
            "more than either gap" if se > max(gaps.values()) else "less than the gaps"
        )
        bag_sentence = (
            f"Near the rule's threshold for Bag, among the test images whose probability of Bag "
            f"lies in $({near['low']:g}, {near['high']:g}]$, the mean probability of Bag is "
            f"{near['as trained']['mean_probability']:.4f} against a share of bags of "
            f"{near['as trained']['share_of_bags']:.4f} as trained "
            f"({near['as trained']['count']:,} images), and "
            f"{near['scaled']['mean_probability']:.4f} against "
            f"{near['scaled']['share_of_bags']:.4f} scaled ({near['scaled']['count']:,} images): "
            f"the gap {_change(gaps['as trained'], gaps['scaled'])}{noise}.\n"
        )
    sentence = (
        f"Of the {m['num_test']:,} test images, **{d['changed']:,}** get another decision. "
        f"The realised cost per image goes from {before['realised_cost']:.4f} to "
        f"{after['realised_cost']:.4f}, while the accuracy goes from {before['accuracy']:.4f} to "
        f"{after['accuracy']:.4f}; {against_arg_max}. With the probabilities as trained "
        f"($T = 1$) instead of the temperature-scaled ones, the rule changes "
        f"{d['changed_unscaled']:,} decisions of the arg max and its realised cost is "
        f"{unscaled['realised_cost']:.4f}. Calibrating changes {d['changed_by_scaling']:,} of "
        f"the rule's {decisions}, and {against_unscaled}.\n"
    )
    rows = [
        [c["from"], c["to"], f"{c['count']:,}", f"{c['old_right']:,}", f"{c['new_right']:,}"]
        for c in d["changes"][:8]
    ]
    table = markdown_table(
        ["arg max", "least expected cost", "images", "arg max right", "new decision right"],
        rows,
        "llrrr",
    )
    rest = d["changed"] - sum(c["count"] for c in d["changes"][:8])
    if rest == 0:
        tail = "\nThe table lists every change.\n"
    else:
        images = "image changes" if rest == 1 else "images change"
        tail = f"\nThe table lists the {len(rows)} most frequent changes; {rest:,} other {images} in other ways.\n"
    return sentence + "\n" + bag_sentence + "\n" + table + tail


def line_sentence(m: dict) -> str:
    """What the walk along the line measured."""
    line, zoom = m["line"], m["line"]["zoom"]
    t = line["t"]
    at = {round(v, 6): i for i, v in enumerate(t)}
    i0, i1 = at[0.0], at[1.0]
    best = min(range(len(t)), key=lambda i: line["loss"][i])
    distinct = len(set(zoom["correct"]))
    return (
        f"On the {zoom['num_examples']:,} validation images, the accuracy goes from "
        f"{line['accuracy'][i0]:.4f} at the initial weights ($t = 0$) to "
        f"{line['accuracy'][i1]:.4f} at the trained ones ($t = 1$), and the loss from "
        f"{line['loss'][i0]:.4f} to {line['loss'][i1]:.4f}; of the {len(t)} points of the whole "
        f"line, the loss is lowest at $t = {t[best]:.2f}$. In the zoom, "
        f"$t \\in [{zoom['t'][0]:g}, {zoom['t'][-1]:g}]$, the number of images classified right "
        f"takes {distinct} different values and changes {zoom['jumps']} times over "
        f"{len(zoom['t']):,} values of $t$, in steps of whole images; in between it is flat, "
        "and its derivative is 0.\n"
    )


def toy_sentence(m: dict) -> str:
    """How well the toy model fits its own training points (it has no others)."""
    toy = m["toy"]
    c = toy["config"]
    return (
        f"Trained for {c['num_epochs']} epochs (learning rate {c['lr']:g}, minibatch size "
        f"{c['batch_size']}) on {len(toy['y'])} points, the toy model classifies "
        f"{toy['accuracy']:.1%} of these training points correctly. "
        + (
            "The Gaussian clouds overlap, and the points it gets wrong lie where they do.\n"
            if toy["accuracy"] < 1
            else "None of them falls on another class's side of the boundaries.\n"
        )
    )


def _fragments(m: dict) -> dict[str, str]:
    return {
        "calibration_model.md": model_sentence(m),
        "calibration_temperature.md": temperature_table(m),
        "calibration_summary.md": temperature_sentence(m),
        "calibration_costs.md": costs_table(m),
        "calibration_changes.md": changes_fragment(m),
        "calibration_line.md": line_sentence(m),
        "calibration_toy.md": toy_sentence(m),
    }


def _figures(m: dict) -> dict[str, Callable]:
    T = m["temperature"]
    reliability = m["reliability"]
    toy = m["toy"]
    return {
        "calibration_reliability": lambda c: calibration_plots.reliability_figure(
            c,
            {
                f"As trained (T = 1), top-label ECE {m['test']['as trained']['ece']:.4f}": reliability[
                    "as trained"
                ],
                f"Scaled (T = {T:.3f}), top-label ECE {m['test']['scaled']['ece']:.4f}": reliability[
                    "scaled"
                ],
            },
        ),
        "calibration_line": lambda c: calibration_plots.line_figure(c, m["line"]),
        "calibration_toy": lambda c: calibration_plots.toy_figure(
            c,
            torch.tensor(toy["X"]),
            torch.tensor(toy["y"]),
            torch.tensor(toy["W"]),
            torch.tensor(toy["b"]),
        ),
    }


def build(out: Path, config: TrainConfig, keys: dict[str, str]) -> dict[str, int]:
    """Train, measure, then write every figure and fragment; return name -> size."""
    print(f"calibration: building into {out}", flush=True)
    m = measure(config)
    outputs = {"calibration.json": write_text(out / "calibration.json", json.dumps(m) + "\n")}
    for name, text in _fragments(m).items():
        outputs[name] = write_text(out / name, text)
    print(f"  results    calibration.json and {len(outputs) - 1} fragments", flush=True)
    outputs.update(plots.draw_all(out, _figures(m)))
    return outputs
