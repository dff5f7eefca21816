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
from sitebuild.i18n import LANGUAGES, folder, output_name, tr
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
# Every word goes through ``tr(lang, ...)``: English here, Chinese in ``sitebuild.zh.calibration``.
# Numbers are formatted here and passed as fields, so both languages print the same digits.


def _sentences(lang: str, *sentences: str) -> str:
    """The sentences of one paragraph: a space between them in English, none in Chinese."""
    return (" " if lang == "en" else "").join(sentences)


def temperature_table(m: dict, lang: str = "en") -> str:
    """Before and after temperature scaling: validation loss and the test scores."""
    rows = []
    scaled = ("scaled", "temperature-scaled", m["temperature"])
    for key, name, T in (("as trained", "as trained", 1.0), scaled):
        test = m["test"][key]
        rows.append(
            [
                tr(lang, name),
                f"{T:.3f}",
                f"{m['valid'][key]['loss']:.4f}",
                f"{test['loss']:.4f}",
                f"{test['ece']:.4f}",
                f"{test['classwise_ece']:.4f}",
                f"{test['brier']:.4f}",
            ]
        )
    header = [
        tr(lang, "probabilities"),
        "$T$",
        tr(lang, "validation loss"),
        tr(lang, "test loss"),
        tr(lang, "test ECE, top label ({num_bins} bins)", num_bins=m["num_bins"]),
        tr(lang, "test classwise ECE ({num_bins} bins)", num_bins=m["num_bins"]),
        tr(lang, "test Brier score"),
    ]
    return markdown_table(header, rows, "lrrrrrr")


def _change(before: float, after: float, digits: int = 4, lang: str = "en") -> str:
    """'rises from a to b', 'falls from a to b' or 'stays at a', as the printed numbers read."""
    a, b = f"{before:.{digits}f}", f"{after:.{digits}f}"
    if a == b:
        return tr(lang, "stays at {a}", a=a)
    if after > before:
        return tr(lang, "rises from {a} to {b}", a=a, b=b)
    return tr(lang, "falls from {a} to {b}", a=a, b=b)


def temperature_sentence(m: dict, lang: str = "en") -> str:
    """What the fitted temperature does, what the model was, and what scaling changed.

    Every word follows from the numbers it prints: the direction of the
    scaling from T against 1 (as printed), the verdict on the model from its
    mean confidence against its accuracy, and each change from the two values.
    """
    T, before, after = m["temperature"], m["test"]["as trained"], m["test"]["scaled"]
    if f"{T:.3f}" == "1.000":
        scaling = tr(lang, "practically 1, so scaling leaves the probabilities almost as they were")
    elif T < 1:
        scaling = tr(lang, "below 1, so scaling sharpens the probabilities")
    else:
        scaling = tr(lang, "above 1, so scaling softens the probabilities")
    confidence, accuracy = f"{before['mean_confidence']:.4f}", f"{before['accuracy']:.4f}"
    if confidence < accuracy:  # same width, same format: compares as the numbers do
        verdict = tr(lang, "on average less sure than it was right: *underconfident*")
    elif confidence > accuracy:
        verdict = tr(lang, "on average more sure than it was right: *overconfident*")
    else:
        verdict = tr(lang, "on average as sure as it was right")
    agrees = (T < 1 and confidence < accuracy) or (T > 1 and confidence > accuracy)
    aside = (
        ""
        if agrees or f"{T:.3f}" == "1.000"
        else tr(lang, " (the temperature minimises the validation loss, not this gap)")
    )
    bag = m["classes"].index("Bag")

    def change(key: str) -> str:
        return _change(before[key], after[key], lang=lang)

    return (
        _sentences(
            lang,
            tr(
                lang,
                "Fitted on the {num_valid} validation images, the temperature is "
                "**$T = {T}$**, {scaling}: on the {num_test} test images their mean "
                "confidence {confidence}, against an accuracy of {accuracy}.",
                num_valid=f"{m['num_valid']:,}",
                T=f"{T:.3f}",
                scaling=scaling,
                num_test=f"{m['num_test']:,}",
                confidence=change("mean_confidence"),
                accuracy=accuracy,
            ),
            tr(lang, "As trained, the model was {verdict}{aside}.", verdict=verdict, aside=aside),
            tr(
                lang,
                "The top-label ECE {ece}, the classwise ECE {classwise} (for Bag alone, the "
                "class the shop's rule is most wary of, it {bag}), the loss {loss} and the "
                "Brier score {brier}; the accuracy stays {accuracy}, as it must.",
                ece=change("ece"),
                classwise=change("classwise_ece"),
                bag=_change(before["classwise"][bag], after["classwise"][bag], lang=lang),
                loss=change("loss"),
                brier=change("brier"),
                accuracy=f"{after['accuracy']:.4f}",
            ),
            tr(
                lang,
                "After scaling, the misclassified images, {wrong} of the test set, carry "
                "{loss_share} of the loss and {brier_share} of the Brier score.",
                wrong=f"{1 - after['accuracy']:.2%}",
                loss_share=f"{after['wrong_loss_share']:.0%}",
                brier_share=f"{after['wrong_brier_share']:.0%}",
            ),
        )
        + "\n"
    )


def model_sentence(m: dict, lang: str = "en") -> str:
    """How the model of this page was trained."""
    c = m["config"]
    return (
        tr(
            lang,
            "The model: the concise softmax regression, trained for {num_epochs} epochs "
            "(learning rate {lr}, minibatch size {batch_size}, seed {seed}) on the "
            "{num_train} training images left after holding out {num_valid} for "
            "validation; its validation accuracy is {accuracy}.",
            num_epochs=c["num_epochs"],
            lr=f"{c['lr']:g}",
            batch_size=c["batch_size"],
            seed=c["seed"],
            num_train=f"{m['num_train']:,}",
            num_valid=f"{m['num_valid']:,}",
            accuracy=f"{m['valid_accuracy']:.4f}",
        )
        + "\n"
    )


def costs_table(m: dict, lang: str = "en") -> str:
    """The two decision rules on the test set, under the shop's costs."""
    names = {
        "arg max": "arg max",
        "least expected cost": "least expected cost",
    }
    rows = [
        [
            tr(lang, label),
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
        tr(lang, "decision"),
        tr(lang, "test accuracy"),
        tr(lang, "expected cost per image (the model's forecast)"),
        tr(lang, "realised cost per image"),
        tr(lang, "images called Bag"),
        tr(lang, "of which not bags"),
    ]
    return markdown_table(header, rows, "lrrrrr")


def paired_sentence(
    paired: dict[str, float], what: str, verdicts: tuple[str, str, str], lang: str = "en"
) -> str:
    """The paired difference in cost per image with its standard error, and what it shows.

    ``verdicts`` says what to conclude when the difference is below zero by more
    than two standard errors, above it by more than two, or neither; ``what``
    and ``verdicts`` come in ``lang`` already.
    """
    mean, se = paired["mean"], paired["se"]
    head = tr(
        lang,
        "the paired difference in cost per image, {what}, is "
        "${mean} \\pm {se}$ (one standard error over the test images)",
        what=what,
        mean=f"{mean:+.4f}",
        se=f"{se:.4f}",
    )
    lower, higher, neither = verdicts
    if se == 0 and mean == 0:
        return tr(lang, "{head}: the two cost the same on every image", head=head)
    if abs(mean) <= 2 * se:
        return tr(
            lang, "{head}, within two standard errors of 0: {verdict}", head=head, verdict=neither
        )
    ratio = f"{abs(mean) / se:.1f}"
    if mean < 0:
        text = "{head}, {ratio} standard errors below 0: {verdict}"
        return tr(lang, text, head=head, ratio=ratio, verdict=lower)
    text = "{head}, {ratio} standard errors above 0: {verdict}"
    return tr(lang, text, head=head, ratio=ratio, verdict=higher)


def changes_fragment(m: dict, lang: str = "en") -> str:
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
        tr(lang, "cost rule minus arg max"),
        (
            tr(lang, "the cost rule is measurably cheaper"),
            tr(lang, "the cost rule is measurably dearer"),
            tr(lang, "no difference this test set can detect"),
        ),
        lang,
    )
    against_unscaled = paired_sentence(
        d["paired"]["scaled - T = 1"],
        tr(lang, "scaled minus as trained"),
        (
            tr(lang, "calibrating made the rule measurably cheaper"),
            tr(lang, "calibrating made the rule measurably dearer"),
            tr(
                lang,
                "calibrating made no difference to the shop's cost that this test set can detect",
            ),
        ),
        lang,
    )
    near = d["bag_threshold_bin"]
    gaps = {
        key: abs(near[key]["mean_probability"] - near[key]["share_of_bags"])
        for key in ("as trained", "scaled")
    }
    if near["as trained"]["count"] == 0 or near["scaled"]["count"] == 0:
        bag_sentence = (
            tr(
                lang,
                "No test image has a probability of Bag in $({low}, {high}]$, near the rule's "
                "threshold for Bag, in one of the two sets of probabilities.",
                low=f"{near['low']:g}",
                high=f"{near['high']:g}",
            )
            + "\n"
        )
    else:
        # the standard error of a share of bags measured on this bin's images
        se = max(
            math.sqrt(b["share_of_bags"] * (1 - b["share_of_bags"]) / b["count"])
            for b in (near["as trained"], near["scaled"])
        )
        if se > max(gaps.values()):
            noise = tr(
                lang,
                "; on so few images a share has a standard error of about {se}, "
                "more than either gap",
                se=f"{se:.2f}",
            )
        elif se < min(gaps.values()):
            noise = tr(
                lang,
                "; on so few images a share has a standard error of about {se}, "
                "less than either gap",
                se=f"{se:.2f}",
            )
        else:
            noise = tr(
                lang,
                "; on so few images a share has a standard error of about {se}, "
                "between the two gaps",
                se=f"{se:.2f}",
            )
        trained, scaled = near["as trained"], near["scaled"]
        bag_sentence = (
            tr(
                lang,
                "Near the rule's threshold for Bag, among the test images whose probability of "
                "Bag lies in $({low}, {high}]$, the mean probability of Bag is {p_trained} "
                "against a share of bags of {share_trained} as trained ({n_trained} images), "
                "and {p_scaled} against {share_scaled} scaled ({n_scaled} images): the gap "
                "{gap}{noise}.",
                low=f"{near['low']:g}",
                high=f"{near['high']:g}",
                p_trained=f"{trained['mean_probability']:.4f}",
                share_trained=f"{trained['share_of_bags']:.4f}",
                n_trained=f"{trained['count']:,}",
                p_scaled=f"{scaled['mean_probability']:.4f}",
                share_scaled=f"{scaled['share_of_bags']:.4f}",
                n_scaled=f"{scaled['count']:,}",
                gap=_change(gaps["as trained"], gaps["scaled"], lang=lang),
                noise=noise,
            )
            + "\n"
        )
    if d["changed_by_scaling"] == 1:
        calibrating = "Calibrating changes {changed} decision of the rule, and {paired}."
    else:
        calibrating = "Calibrating changes {changed} of the rule's decisions, and {paired}."
    sentence = (
        _sentences(
            lang,
            tr(
                lang,
                "Of the {num_test} test images, **{changed}** get another decision.",
                num_test=f"{m['num_test']:,}",
                changed=f"{d['changed']:,}",
            ),
            tr(
                lang,
                "The realised cost per image goes from {cost_before} to {cost_after}, while the "
                "accuracy goes from {accuracy_before} to {accuracy_after}; {paired}.",
                cost_before=f"{before['realised_cost']:.4f}",
                cost_after=f"{after['realised_cost']:.4f}",
                accuracy_before=f"{before['accuracy']:.4f}",
                accuracy_after=f"{after['accuracy']:.4f}",
                paired=against_arg_max,
            ),
            tr(
                lang,
                "With the probabilities as trained ($T = 1$) instead of the temperature-scaled "
                "ones, the rule changes {changed} decisions of the arg max and its realised "
                "cost is {cost}.",
                changed=f"{d['changed_unscaled']:,}",
                cost=f"{unscaled['realised_cost']:.4f}",
            ),
            tr(
                lang,
                calibrating,
                changed=f"{d['changed_by_scaling']:,}",
                paired=against_unscaled,
            ),
        )
        + "\n"
    )
    rows = [
        [
            tr(lang, c["from"]),
            tr(lang, c["to"]),
            f"{c['count']:,}",
            f"{c['old_right']:,}",
            f"{c['new_right']:,}",
        ]
        for c in d["changes"][:8]
    ]
    header = ["arg max", "least expected cost", "images", "arg max right", "new decision right"]
    table = markdown_table([tr(lang, h) for h in header], rows, "llrrr")
    rest = d["changed"] - sum(c["count"] for c in d["changes"][:8])
    if rest == 0:
        tail = tr(lang, "The table lists every change.")
    elif rest == 1:
        tail = tr(
            lang,
            "The table lists the {rows} most frequent changes; {rest} other image changes "
            "in other ways.",
            rows=len(rows),
            rest=f"{rest:,}",
        )
    else:
        tail = tr(
            lang,
            "The table lists the {rows} most frequent changes; {rest} other images change "
            "in other ways.",
            rows=len(rows),
            rest=f"{rest:,}",
        )
    return sentence + "\n" + bag_sentence + "\n" + table + "\n" + tail + "\n"


def line_sentence(m: dict, lang: str = "en") -> str:
    """What the walk along the line measured."""
    line, zoom = m["line"], m["line"]["zoom"]
    t = line["t"]
    at = {round(v, 6): i for i, v in enumerate(t)}
    i0, i1 = at[0.0], at[1.0]
    best = min(range(len(t)), key=lambda i: line["loss"][i])
    distinct = len(set(zoom["correct"]))
    return (
        _sentences(
            lang,
            tr(
                lang,
                "On the {num_examples} validation images, the accuracy goes from {accuracy_0} "
                "at the initial weights ($t = 0$) to {accuracy_1} at the trained ones "
                "($t = 1$), and the loss from {loss_0} to {loss_1}; of the {points} points of "
                "the whole line, the loss is lowest at $t = {best}$.",
                num_examples=f"{zoom['num_examples']:,}",
                accuracy_0=f"{line['accuracy'][i0]:.4f}",
                accuracy_1=f"{line['accuracy'][i1]:.4f}",
                loss_0=f"{line['loss'][i0]:.4f}",
                loss_1=f"{line['loss'][i1]:.4f}",
                points=len(t),
                best=f"{t[best]:.2f}",
            ),
            tr(
                lang,
                "In the zoom, $t \\in [{low}, {high}]$, the number of images classified right "
                "takes {distinct} different values and changes {jumps} times over {steps} "
                "values of $t$, in steps of whole images; in between it is flat, and its "
                "derivative is 0.",
                low=f"{zoom['t'][0]:g}",
                high=f"{zoom['t'][-1]:g}",
                distinct=distinct,
                jumps=zoom["jumps"],
                steps=f"{len(zoom['t']):,}",
            ),
        )
        + "\n"
    )


def toy_sentence(m: dict, lang: str = "en") -> str:
    """How well the toy model fits its own training points (it has no others)."""
    toy = m["toy"]
    c = toy["config"]
    if toy["accuracy"] < 1:
        verdict = tr(
            lang, "The Gaussian clouds overlap, and the points it gets wrong lie where they do."
        )
    else:
        verdict = tr(lang, "None of them falls on another class's side of the boundaries.")
    return (
        _sentences(
            lang,
            tr(
                lang,
                "Trained for {num_epochs} epochs (learning rate {lr}, minibatch size "
                "{batch_size}) on {num_points} points, the toy model classifies {accuracy} of "
                "these training points correctly.",
                num_epochs=c["num_epochs"],
                lr=f"{c['lr']:g}",
                batch_size=c["batch_size"],
                num_points=len(toy["y"]),
                accuracy=f"{toy['accuracy']:.1%}",
            ),
            verdict,
        )
        + "\n"
    )


def _fragments(m: dict, lang: str = "en") -> dict[str, str]:
    return {
        "calibration_model.md": model_sentence(m, lang),
        "calibration_temperature.md": temperature_table(m, lang),
        "calibration_summary.md": temperature_sentence(m, lang),
        "calibration_costs.md": costs_table(m, lang),
        "calibration_changes.md": changes_fragment(m, lang),
        "calibration_line.md": line_sentence(m, lang),
        "calibration_toy.md": toy_sentence(m, lang),
    }


def _figures(m: dict, lang: str = "en") -> dict[str, Callable]:
    T = m["temperature"]
    reliability = m["reliability"]
    toy = m["toy"]
    titles = {
        tr(
            lang,
            "As trained (T = 1), top-label ECE {ece}",
            ece=f"{m['test']['as trained']['ece']:.4f}",
        ): reliability["as trained"],
        tr(
            lang,
            "Scaled (T = {T}), top-label ECE {ece}",
            T=f"{T:.3f}",
            ece=f"{m['test']['scaled']['ece']:.4f}",
        ): reliability["scaled"],
    }
    return {
        "calibration_reliability": lambda c: calibration_plots.reliability_figure(c, titles, lang),
        "calibration_line": lambda c: calibration_plots.line_figure(c, m["line"], lang),
        "calibration_toy": lambda c: calibration_plots.toy_figure(
            c,
            torch.tensor(toy["X"]),
            torch.tensor(toy["y"]),
            torch.tensor(toy["W"]),
            torch.tensor(toy["b"]),
            lang=lang,
        ),
    }


def build(out: Path, config: TrainConfig, keys: dict[str, str]) -> dict[str, int]:
    """Train, measure, then write every figure and fragment in every language.

    The measurements are made once and written once (``calibration.json``);
    the fragments and figures are written for each language, English at
    ``out/name``, the others at ``out/lang/name``. Returns name -> size.
    """
    print(f"calibration: building into {out}", flush=True)
    m = measure(config)
    outputs = {"calibration.json": write_text(out / "calibration.json", json.dumps(m) + "\n")}
    for lang in LANGUAGES:
        for name, text in _fragments(m, lang).items():
            outputs[output_name(lang, name)] = write_text(folder(out, lang) / name, text)
    print(f"  results    calibration.json and {len(outputs) - 1} fragments", flush=True)
    for lang in LANGUAGES:
        outputs.update(plots.draw_all(out, _figures(m, lang), lang))
    return outputs
