"""The Markdown fragments of the shift stage: tables and sentences, from its results.

Every number the page on distribution shift quotes comes from here; the
wording that depends on a result (helped or not, within the noise or not) is
chosen by the code, from the numbers.
"""

from statistics import mean

from sitebuild.tables import markdown_table

__all__ = ["NOISE_Z", "fragments"]

#: a difference of fewer standard errors than this is called sampling noise
NOISE_Z = 2.0


def _pct(x: float) -> str:
    return f"{100 * x:.2f}%"


def _points(x: float) -> str:
    return f"{100 * x:+.2f} points"


def _z_of_gap(p_1: float, n_1: int, p_2: float, n_2: int) -> float:
    """How many standard errors two accuracies on independent samples differ."""
    se = (p_1 * (1 - p_1) / n_1 + p_2 * (1 - p_2) / n_2) ** 0.5
    return (p_1 - p_2) / se


def _noise(z: float) -> str:
    """The wording of a difference of ``z`` standard errors."""
    if abs(z) < NOISE_Z:
        return "within sampling noise"
    return "more than sampling noise usually gives"


def draws_sentence(results: dict) -> str:
    """How many target sets the build draws, and with which seeds."""
    seeds = [d["seed"] for d in results["label_shift"]["draws"]]
    return (
        f"The build step repeats this for {len(seeds)} draws of the priors "
        f"(seeds {min(seeds)} to {max(seeds)}), each with its own target set.\n"
    )


def source_sentence(results: dict) -> str:
    """How the source model was trained, and how it does without any shift."""
    s, c = results["source"], results["config"]
    return (
        f"The source model is the concise model trained with the book's settings "
        f"({c['num_epochs']} epochs, learning rate {c['lr']:g}, minibatch size "
        f"{c['batch_size']}, seed {c['seed']}) on the {s['num_train']:,} training "
        f"images left after holding out {s['num_valid']:,} for validation. Without "
        f"any shift it is right on {_pct(s['valid']['accuracy'])} of the validation "
        f"images (log loss {s['valid']['log_loss']:.3f}) and on "
        f"{_pct(s['test']['accuracy'])} of the test images (log loss "
        f"{s['test']['log_loss']:.3f}).\n"
    )


def label_table(results: dict) -> str:
    """Accuracy and log loss on the first target set, and the mean over all draws."""
    draws = results["label_shift"]["draws"]
    first = draws[0]
    names = {
        "before": "the model as it is",
        "bbse": "reweighted with the estimated priors",
        "oracle": "reweighted with the true priors",
    }
    rows = [
        [
            text,
            _pct(first[key]["accuracy"]),
            f"{first[key]['log_loss']:.3f}",
            _pct(mean(d[key]["accuracy"] for d in draws)),
            f"{mean(d[key]['log_loss'] for d in draws):.3f}",
        ]
        for key, text in names.items()
    ]
    header = [
        "predictions",
        "accuracy (draw 0)",
        "log loss (draw 0)",
        f"accuracy (mean of {len(draws)} draws)",
        f"log loss (mean of {len(draws)} draws)",
    ]
    return markdown_table(header, rows, "lrrrr")


def label_sentence(results: dict) -> str:
    """The first draw's priors and estimate, and how the correction did over all draws."""
    label, classes = results["label_shift"], results["classes"]
    draws = label["draws"]
    first = draws[0]
    priors = first["priors"]
    common = max(range(len(priors)), key=lambda j: priors[j])
    rare = min(range(len(priors)), key=lambda j: priors[j])
    gains = [d["bbse"]["accuracy"] - d["before"]["accuracy"] for d in draws]
    oracle_gains = [d["oracle"]["accuracy"] - d["before"]["accuracy"] for d in draws]
    better_loss = sum(d["bbse"]["log_loss"] < d["before"]["log_loss"] for d in draws)
    clipped = sum(d["clipped"] > 0 for d in draws)
    ok = label["condition_number"] <= label["max_condition"]
    clipped_text = (
        "No estimated ratio was negative, so the clipping never acted."
        if clipped == 0
        else f"In {clipped} of the {len(draws)} draws a negative ratio was clipped to 0."
    )
    return (
        f"The first target set (draw 0) has {first['n']:,} test images: "
        f"{classes[common]} is its most common class ({_pct(priors[common])}) and "
        f"{classes[rare]} its rarest ({_pct(priors[rare])}). The estimated priors "
        f"differ from the true ones by {first['error']:.3f} in total (the sum of the "
        f"absolute differences), against {first['error_source']:.3f} for the "
        f"source priors the model assumes. Over the {len(draws)} draws the "
        f"estimate is off by {mean(d['error'] for d in draws):.3f} on average, "
        f"the correction raised the accuracy in {sum(g > 0 for g in gains)} of "
        f"them, by {_points(mean(gains))} on average (from {_points(min(gains))} "
        f"to {_points(max(gains))}; the true priors give {_points(mean(oracle_gains))}), "
        f"and lowered the log loss in {better_loss} of them. {clipped_text} The "
        f"condition number of $\\mathbf{{J}}$ is {label['condition_number']:.2f}, "
        f"{'well within' if ok else 'above'} the limit of "
        f"{label['max_condition']:g} that `estimate_prior_ratio` accepts.\n"
    )


def covariate_target_sentence(results: dict) -> str:
    """What the selection kept: how many images, and which classes it favours."""
    cov, classes = results["covariate_shift"], results["classes"]
    counts, n_t = cov["target_class_counts"], cov["num_target"]
    shares = [c / n_t for c in counts]
    order = sorted(range(len(classes)), key=lambda j: shares[j], reverse=True)
    top, second, last = order[0], order[1], order[-1]
    return (
        f"With $\\kappa = {cov['kappa']:g}$ the selection keeps {n_t:,} of the "
        f"{results['source']['num_test']:,} test images. Every class is still there, in other proportions: "
        f"the class {classes[top]} makes up {_pct(shares[top])} of the target set "
        f"and {classes[second]} {_pct(shares[second])}, while {classes[last]} "
        f"falls to {_pct(shares[last])}; in the test set each class is 10%.\n"
    )


def weights_sentence(results: dict) -> str:
    """The domain classifier and its weights: agreement with the truth, spread, ESS."""
    cov = results["covariate_shift"]
    w, e = cov["weights_valid"], cov["estimates"]
    exact, base = cov["exact_domain_predicted_target"], cov["domain_base_rate"]
    share = "no image" if exact == 0 else _pct(exact)
    if exact < base / 2:
        yardstick = (
            "So does the best possible classifier: the exact domain posterior, "
            "computed from the true weights, predicts the target class for "
            f"{share} of the pool (its largest odds of target over source "
            f"are {cov['exact_domain_max_odds']:.2f}). With target images this "
            "rare in the pool, calling nearly everything source is the "
            "Bayes-optimal decision, and accuracy is the wrong yardstick for a "
            "density-ratio estimator: what counts are the odds themselves."
        )
    else:
        yardstick = (
            "The exact domain posterior, computed from the true weights, "
            f"predicts the target class for {share} of the pool (its "
            f"largest odds of target over source are "
            f"{cov['exact_domain_max_odds']:.2f}); but accuracy is the wrong "
            "yardstick for a density-ratio estimator: what counts are the odds "
            "themselves."
        )
    return (
        f"The domain classifier saw {cov['num_domain_source']:,} source images and "
        f"the {cov['num_target']:,} target images, and took "
        f"{cov['domain_seconds']:.1f} s to train. It predicts the target class for "
        f"{_pct(cov['domain_predicted_target'])} of that pool, where "
        f"{_pct(base)} is target. {yardstick} The logarithms of its weights and "
        f"of the true ones have a correlation of {w['correlation_of_logs']:.3f} on "
        f"the validation images. "
        f"There the weights average {w['mean']:.3f} (the true ratio averages 1 "
        f"over the source) and reach {w['max']:.1f}; their effective sample size "
        f"is {e['beta']['ess']:,.0f} of {results['source']['num_valid']:,}. Scaled "
        f"to mean 1, the largest is {w['max_mean_one']:.1f} and "
        f"{_pct(w['clipped_fraction'])} of them are above the clip at "
        f"{cov['clip']:g}.\n"
    )


def estimate_table(results: dict) -> str:
    """Estimates of the target accuracy of the source model, each with its SE and ESS."""
    cov = results["covariate_shift"]
    e, n_v = cov["estimates"], results["source"]["num_valid"]
    names = {
        "unweighted": ("no weights (the validation accuracy)", "validation"),
        "beta": (r"$\hat\beta$, sum divided by $n$", "validation"),
        "beta_self_normalised": (r"$\hat\beta$, self-normalised", "validation"),
        "beta_clipped": (
            rf"$\hat\beta$ clipped at {cov['clip']:g}, self-normalised",
            "validation",
        ),
        "exact": (r"true $\beta$, self-normalised", "validation"),
        "expected": (
            r"true $\beta$, self-normalised",
            "whole test set (its expected value over target sets)",
        ),
        "target": ("measured", f"the target set ({cov['num_target']:,} images)"),
    }
    rows = [
        [text, where, _pct(e[key]["estimate"]), _pct(e[key]["se"]), f"{e[key]['ess']:,.0f}"]
        for key, (text, where) in names.items()
    ]
    header = ["target accuracy", "labelled images used", "estimate", "standard error", "ESS"]
    table = markdown_table(header, rows, "llrrr")
    s, sel = results["source"], cov["selection"]
    spread = e["beta"]["se"] / e["beta_self_normalised"]["se"]
    measured, expected, exact = e["target"], e["expected"], e["exact"]
    z_valid = _z_of_gap(
        s["valid"]["accuracy"], s["num_valid"], s["test"]["accuracy"], s["num_test"]
    )
    z_exact = (exact["estimate"] - expected["estimate"]) / (
        exact["se"] ** 2 + expected["se"] ** 2
    ) ** 0.5
    both = _noise(z_valid) if _noise(z_valid) == _noise(z_exact) else None
    gaps = (
        f"(a gap of {z_valid:.1f} standard errors of the difference; with the "
        f"true weights, {_pct(exact['estimate'])} against "
        f"{_pct(expected['estimate'])}, {z_exact:.1f}): both {both}."
        if both
        else f"(a gap of {z_valid:.1f} standard errors of the difference, "
        f"{_noise(z_valid)}; with the true weights, {_pct(exact['estimate'])} "
        f"against {_pct(expected['estimate'])}, {z_exact:.1f}, "
        f"{_noise(z_exact)})."
    )
    side = "below" if sel["z"] < 0 else "above"
    note = (
        f"\nThe standard error of the weighted sum divided by $n$ (the "
        f"{n_v:,} validation images) is "
        f"{spread:.1f} times that of the self-normalised mean, with the same "
        f"weights. Two kinds of sampling separate the estimates from the "
        f"measured accuracy. The target set is one random selection from the "
        f"test set: given the test set, the accuracy of a selection has expected "
        f"value {_pct(sel['expected'])} and a standard deviation of "
        f"{_pct(sel['sd'])} from one selection to the next, "
        f"$\\sqrt{{\\sum_i \\pi_i (1 - \\pi_i)(c_i - {{\\bar c}})^2}} / \\sum_i \\pi_i$ "
        f"over the test images (the delta method, with $\\pi_i$ the probability "
        f"of keeping image $i$, $c_i$ 1 if the model is right on it and 0 if "
        f"not, and $\\bar c$ the expected value), "
        f"{'smaller' if sel['sd'] < measured['se'] else 'no smaller'} than the "
        f"binomial standard error of the table, which treats the target set as "
        f"a fresh sample of the target distribution. The measured accuracy is "
        f"{abs(sel['z']):.2f} of these standard deviations {side} the expected "
        f"value, {_noise(sel['z'])}: of {sel['num_selections']:,} simulated "
        f"selections, {_pct(sel['tail_fraction'])} land as far {side} it "
        f"(their standard deviation is {_pct(sel['sd_simulated'])}). And the "
        f"validation and test images are two samples of the source: without any "
        f"shift the model is right on {_pct(s['valid']['accuracy'])} of the "
        f"validation images and {_pct(s['test']['accuracy'])} of the test images "
        f"{gaps}\n"
    )
    return table + note


def retrain_table(results: dict) -> str:
    """The model retrained with each weighting: target accuracy and the change."""
    cov = results["covariate_shift"]
    names = {
        "none": "none (the source model)",
        "beta": r"$\hat\beta$",
        "exact": r"true $\beta$",
    }
    rows = []
    for key, text in names.items():
        r = cov["retrained"][key]
        change = (
            "" if key == "none" else f"{_points(r['difference'])} ± {100 * r['difference_se']:.2f}"
        )
        rows.append(
            [
                text,
                f"{r['ess']:,.0f}",
                _pct(r["target_accuracy"]),
                change,
                _pct(r["test_accuracy"]),
            ]
        )
    header = [
        "weights in the loss",
        f"ESS (of {results['source']['num_train']:,})",
        f"target accuracy ({cov['num_target']:,} images)",
        "change (± paired standard error)",
        "accuracy on the whole test set",
    ]
    return markdown_table(header, rows, "lrrrr")


def retrain_sentence(results: dict) -> str:
    """The verdict on the weighted retraining, worded by the numbers."""
    cov = results["covariate_shift"]
    r, none = cov["retrained"]["beta"], cov["retrained"]["none"]
    z = r["difference"] / r["difference_se"]
    if z >= NOISE_Z:
        verdict = "a gain beyond the noise: about"
    elif z > -NOISE_Z:
        verdict = "within the noise: only"
    else:
        verdict = "a loss:"
    cost = none["test_accuracy"] - r["test_accuracy"]
    exact = cov["retrained"]["exact"]
    paired = cov["retrained_exact_minus_beta"]
    z_pair = paired["difference"] / paired["difference_se"]
    if z_pair >= NOISE_Z:
        better = "the true weights did better, beyond the noise"
    elif z_pair > -NOISE_Z:
        better = "the true weights did no better, within the noise"
    else:
        better = "the estimated weights did better, beyond the noise"
    return (
        f"Retrained with the estimated weights, the model gains "
        f"{_points(r['difference'])} on the target set, {verdict} {abs(z):.1f} "
        f"paired standard errors. With the true weights the change is "
        f"{_points(exact['difference'])}; the two retrained models differ by "
        f"{_points(paired['difference'])} ± {100 * paired['difference_se']:.2f} "
        f"(true minus estimated weights, paired on the same target images): "
        f"{better}. On the source distribution "
        f"the reweighted model is {'worse' if cost > 0 else 'no worse'}: on the "
        f"whole test set it is right on {_pct(r['test_accuracy'])} of the images, "
        f"{100 * abs(cost):.2f} points {'below' if cost > 0 else 'above'} the "
        f"source model's {_pct(none['test_accuracy'])}. Two cautions. The "
        f"{cov['num_target']:,} target images that score the models also trained "
        f"the domain classifier, so the estimated weights were fitted on the very "
        f"images they are judged on (a *transductive* setting, fair here because "
        f"it uses their pixels and never their labels, but not a test on new "
        f"target images). And a paired standard error covers only the sampling "
        f"of the target images, not the randomness of the domain classifier's "
        f"and the models' training.\n"
    )


def fragments(results: dict) -> dict[str, str]:
    """File name -> Markdown text, for every fragment of the page."""
    return {
        "shift_source.md": source_sentence(results),
        "shift_draws.md": draws_sentence(results),
        "shift_label.md": label_table(results),
        "shift_label_sentence.md": label_sentence(results),
        "shift_target.md": covariate_target_sentence(results),
        "shift_weights.md": weights_sentence(results),
        "shift_estimate.md": estimate_table(results),
        "shift_retrain.md": retrain_table(results) + "\n" + retrain_sentence(results),
    }
