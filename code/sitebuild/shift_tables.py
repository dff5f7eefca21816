"""The Markdown fragments of the shift stage: tables and sentences, from its results.

Every number the page on distribution shift quotes comes from here; the
wording that depends on a result (helped or not, within the noise or not) is
chosen by the code, from the numbers. Every function takes the language
(``"en"`` or ``"zh"``): the words go through :func:`sitebuild.i18n.tr`, the
numbers are formatted here, the same in both.
"""

from statistics import mean

from sitebuild.i18n import tr
from sitebuild.tables import markdown_table

__all__ = ["NOISE_Z", "fragments"]

#: a difference of fewer standard errors than this is called sampling noise
NOISE_Z = 2.0


def _pct(x: float) -> str:
    return f"{100 * x:.2f}%"


def _points(x: float, lang: str) -> str:
    return tr(lang, "{value} points", value=f"{100 * x:+.2f}")


def _class(name: str, lang: str) -> str:
    """A Fashion-MNIST class name in ``lang``."""
    return tr(lang, name)


def _sentences(lang: str, *sentences: str) -> str:
    """Sentences joined as the language writes them: a space in English, nothing in Chinese."""
    return ("" if lang == "zh" else " ").join(sentences)


def _z_of_gap(p_1: float, n_1: int, p_2: float, n_2: int) -> float:
    """How many standard errors two accuracies on independent samples differ."""
    se = (p_1 * (1 - p_1) / n_1 + p_2 * (1 - p_2) / n_2) ** 0.5
    return (p_1 - p_2) / se


def _noise(z: float, lang: str = "en") -> str:
    """The wording of a difference of ``z`` standard errors."""
    if abs(z) < NOISE_Z:
        return tr(lang, "within sampling noise")
    return tr(lang, "more than sampling noise usually gives")


def draws_sentence(results: dict, lang: str = "en") -> str:
    """How many target sets the build draws, and with which seeds."""
    seeds = [d["seed"] for d in results["label_shift"]["draws"]]
    text = tr(
        lang,
        "The build step repeats this for {count} draws of the priors "
        "(seeds {first} to {last}), each with its own target set.",
        count=len(seeds),
        first=min(seeds),
        last=max(seeds),
    )
    return text + "\n"


def source_sentence(results: dict, lang: str = "en") -> str:
    """How the source model was trained, and how it does without any shift."""
    s, c = results["source"], results["config"]
    text = tr(
        lang,
        "The source model is the concise model trained with the book's settings "
        "({epochs} epochs, learning rate {lr}, minibatch size {batch_size}, seed {seed}) "
        "on the {num_train} training images left after holding out {num_valid} for "
        "validation. Without any shift it is right on {valid_accuracy} of the validation "
        "images (log loss {valid_loss}) and on {test_accuracy} of the test images "
        "(log loss {test_loss}).",
        epochs=c["num_epochs"],
        lr=f"{c['lr']:g}",
        batch_size=c["batch_size"],
        seed=c["seed"],
        num_train=f"{s['num_train']:,}",
        num_valid=f"{s['num_valid']:,}",
        valid_accuracy=_pct(s["valid"]["accuracy"]),
        valid_loss=f"{s['valid']['log_loss']:.3f}",
        test_accuracy=_pct(s["test"]["accuracy"]),
        test_loss=f"{s['test']['log_loss']:.3f}",
    )
    return text + "\n"


def label_table(results: dict, lang: str = "en") -> str:
    """Accuracy and log loss on the first target set, and the mean over all draws."""
    draws = results["label_shift"]["draws"]
    first = draws[0]
    names = {
        "before": tr(lang, "the model as it is"),
        "bbse": tr(lang, "reweighted with the estimated priors"),
        "oracle": tr(lang, "reweighted with the true priors"),
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
        tr(lang, "predictions"),
        tr(lang, "accuracy (draw 0)"),
        tr(lang, "log loss (draw 0)"),
        tr(lang, "accuracy (mean of {count} draws)", count=len(draws)),
        tr(lang, "log loss (mean of {count} draws)", count=len(draws)),
    ]
    return markdown_table(header, rows, "lrrrr")


def label_sentence(results: dict, lang: str = "en") -> str:
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
        tr(lang, "No estimated ratio was negative, so the clipping never acted.")
        if clipped == 0
        else tr(
            lang,
            "In {clipped} of the {count} draws a negative ratio was clipped to 0.",
            clipped=clipped,
            count=len(draws),
        )
    )
    text = tr(
        lang,
        "The first target set (draw 0) has {n} test images: {common} is its most common "
        "class ({common_share}) and {rare} its rarest ({rare_share}). The estimated priors "
        "differ from the true ones by {error} in total (the sum of the absolute "
        "differences), against {error_source} for the source priors the model assumes. "
        "Over the {count} draws the estimate is off by {mean_error} on average, the "
        "correction raised the accuracy in {raised} of them, by {gain} on average (from "
        "{low} to {high}; the true priors give {oracle_gain}), and lowered the log loss "
        "in {better_loss} of them. {clipped_text} The condition number of $\\mathbf{J}$ "
        "is {condition}, {within} the limit of {limit} that `estimate_prior_ratio` accepts.",
        n=f"{first['n']:,}",
        common=_class(classes[common], lang),
        common_share=_pct(priors[common]),
        rare=_class(classes[rare], lang),
        rare_share=_pct(priors[rare]),
        error=f"{first['error']:.3f}",
        error_source=f"{first['error_source']:.3f}",
        count=len(draws),
        mean_error=f"{mean(d['error'] for d in draws):.3f}",
        raised=sum(g > 0 for g in gains),
        gain=_points(mean(gains), lang),
        low=_points(min(gains), lang),
        high=_points(max(gains), lang),
        oracle_gain=_points(mean(oracle_gains), lang),
        better_loss=better_loss,
        clipped_text=clipped_text,
        condition=f"{label['condition_number']:.2f}",
        within=tr(lang, "well within") if ok else tr(lang, "above"),
        limit=f"{label['max_condition']:g}",
    )
    return text + "\n"


def covariate_target_sentence(results: dict, lang: str = "en") -> str:
    """What the selection kept: how many images, and which classes it favours."""
    cov, classes = results["covariate_shift"], results["classes"]
    counts, n_t = cov["target_class_counts"], cov["num_target"]
    shares = [c / n_t for c in counts]
    order = sorted(range(len(classes)), key=lambda j: shares[j], reverse=True)
    top, second, last = order[0], order[1], order[-1]
    text = tr(
        lang,
        "With $\\kappa = {kappa}$ the selection keeps {num_target} of the {num_test} test "
        "images. Every class is still there, in other proportions: the class {top} makes "
        "up {top_share} of the target set and {second} {second_share}, while {last} falls "
        "to {last_share}; in the test set each class is 10%.",
        kappa=f"{cov['kappa']:g}",
        num_target=f"{n_t:,}",
        num_test=f"{results['source']['num_test']:,}",
        top=_class(classes[top], lang),
        top_share=_pct(shares[top]),
        second=_class(classes[second], lang),
        second_share=_pct(shares[second]),
        last=_class(classes[last], lang),
        last_share=_pct(shares[last]),
    )
    return text + "\n"


def weights_sentence(results: dict, lang: str = "en") -> str:
    """The domain classifier and its weights: agreement with the truth, spread, ESS."""
    cov = results["covariate_shift"]
    w, e = cov["weights_valid"], cov["estimates"]
    exact, base = cov["exact_domain_predicted_target"], cov["domain_base_rate"]
    predicts = (
        tr(lang, "predicts the target class for no image of the pool")
        if exact == 0
        else tr(lang, "predicts the target class for {share} of the pool", share=_pct(exact))
    )
    odds = f"{cov['exact_domain_max_odds']:.2f}"
    if exact < base / 2:
        yardstick = tr(
            lang,
            "So does the best possible classifier: the exact domain posterior, computed "
            "from the true weights, {predicts} (its largest odds of target over source are "
            "{odds}). With target images this rare in the pool, calling nearly everything "
            "source is the Bayes-optimal decision, and accuracy is the wrong yardstick for "
            "a density-ratio estimator: what counts are the odds themselves.",
            predicts=predicts,
            odds=odds,
        )
    else:
        yardstick = tr(
            lang,
            "The exact domain posterior, computed from the true weights, {predicts} (its "
            "largest odds of target over source are {odds}); but accuracy is the wrong "
            "yardstick for a density-ratio estimator: what counts are the odds themselves.",
            predicts=predicts,
            odds=odds,
        )
    text = tr(
        lang,
        "The domain classifier saw {num_source} source images and the {num_target} target "
        "images, and took {seconds} s to train. It predicts the target class for "
        "{predicted} of that pool, where {base} is target. {yardstick} The logarithms of "
        "its weights and of the true ones have a correlation of {correlation} on the "
        "validation images. There the weights average {mean} (the true ratio averages 1 "
        "over the source) and reach {max}; their effective sample size is {ess} of "
        "{num_valid}. Scaled to mean 1, the largest is {max_mean_one} and {clipped} of "
        "them are above the clip at {clip}.",
        num_source=f"{cov['num_domain_source']:,}",
        num_target=f"{cov['num_target']:,}",
        seconds=f"{cov['domain_seconds']:.1f}",
        predicted=_pct(cov["domain_predicted_target"]),
        base=_pct(base),
        yardstick=yardstick,
        correlation=f"{w['correlation_of_logs']:.3f}",
        mean=f"{w['mean']:.3f}",
        max=f"{w['max']:.1f}",
        ess=f"{e['beta']['ess']:,.0f}",
        num_valid=f"{results['source']['num_valid']:,}",
        max_mean_one=f"{w['max_mean_one']:.1f}",
        clipped=_pct(w["clipped_fraction"]),
        clip=f"{cov['clip']:g}",
    )
    return text + "\n"


def estimate_table(results: dict, lang: str = "en") -> str:
    """Estimates of the target accuracy of the source model, each with its SE and ESS."""
    cov = results["covariate_shift"]
    e, n_v = cov["estimates"], results["source"]["num_valid"]
    validation = tr(lang, "validation")
    true_beta = tr(lang, r"true $\beta$, self-normalised")
    names = {
        "unweighted": (tr(lang, "no weights (the validation accuracy)"), validation),
        "beta": (tr(lang, r"$\hat\beta$, sum divided by $n$"), validation),
        "beta_self_normalised": (tr(lang, r"$\hat\beta$, self-normalised"), validation),
        "beta_clipped": (
            tr(lang, r"$\hat\beta$ clipped at {clip}, self-normalised", clip=f"{cov['clip']:g}"),
            validation,
        ),
        "exact": (true_beta, validation),
        "expected": (
            true_beta,
            tr(lang, "whole test set (its expected value over target sets)"),
        ),
        "target": (
            tr(lang, "measured"),
            tr(lang, "the target set ({count} images)", count=f"{cov['num_target']:,}"),
        ),
    }
    rows = [
        [text, where, _pct(e[key]["estimate"]), _pct(e[key]["se"]), f"{e[key]['ess']:,.0f}"]
        for key, (text, where) in names.items()
    ]
    header = [
        tr(lang, "target accuracy"),
        tr(lang, "labelled images used"),
        tr(lang, "estimate"),
        tr(lang, "standard error"),
        tr(lang, "effective sample size"),
    ]
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
    gap = {
        "z_valid": f"{z_valid:.1f}",
        "exact": _pct(exact["estimate"]),
        "expected": _pct(expected["estimate"]),
        "z_exact": f"{z_exact:.1f}",
    }
    if _noise(z_valid) == _noise(z_exact):
        gaps = tr(
            lang,
            "(a gap of {z_valid} standard errors of the difference; with the true weights, "
            "{exact} against {expected}, {z_exact}): both {both}.",
            both=_noise(z_valid, lang),
            **gap,
        )
    else:
        gaps = tr(
            lang,
            "(a gap of {z_valid} standard errors of the difference, {noise_valid}; with the "
            "true weights, {exact} against {expected}, {z_exact}, {noise_exact}).",
            noise_valid=_noise(z_valid, lang),
            noise_exact=_noise(z_exact, lang),
            **gap,
        )
    side = tr(lang, "below") if sel["z"] < 0 else tr(lang, "above")
    smaller = sel["sd"] < measured["se"]
    note = tr(
        lang,
        "The standard error of the weighted sum divided by $n$ (the {num_valid} validation "
        "images) is {spread} times that of the self-normalised mean, with the same weights. "
        "Two kinds of sampling separate the estimates from the measured accuracy. The "
        "target set is one random selection from the test set: given the test set, the "
        "accuracy of a selection has expected value {selection_mean} and a standard "
        "deviation of {selection_sd} from one selection to the next, "
        "$\\sqrt{\\sum_i \\pi_i (1 - \\pi_i)(c_i - {\\bar c})^2} / \\sum_i \\pi_i$ over the "
        "test images (the delta method, with $\\pi_i$ the probability of keeping image $i$, "
        "$c_i$ 1 if the model is right on it and 0 if not, and $\\bar c$ the expected "
        "value), {smaller} than the binomial standard error of the table, which treats the "
        "target set as a fresh sample of the target distribution. The measured accuracy is "
        "{z} of these standard deviations {side} the expected value, {noise}: of "
        "{num_selections} simulated selections, {tail} land as far {side} it (their "
        "standard deviation is {simulated_sd}). And the validation and test images are two "
        "samples of the source: without any shift the model is right on {valid_accuracy} "
        "of the validation images and {test_accuracy} of the test images {gaps}",
        num_valid=f"{n_v:,}",
        spread=f"{spread:.1f}",
        selection_mean=_pct(sel["expected"]),
        selection_sd=_pct(sel["sd"]),
        smaller=tr(lang, "smaller") if smaller else tr(lang, "no smaller"),
        z=f"{abs(sel['z']):.2f}",
        side=side,
        noise=_noise(sel["z"], lang),
        num_selections=f"{sel['num_selections']:,}",
        tail=_pct(sel["tail_fraction"]),
        simulated_sd=_pct(sel["sd_simulated"]),
        valid_accuracy=_pct(s["valid"]["accuracy"]),
        test_accuracy=_pct(s["test"]["accuracy"]),
        gaps=gaps,
    )
    return table + "\n" + note + "\n"


def retrain_table(results: dict, lang: str = "en") -> str:
    """The model retrained with each weighting: target accuracy and the change."""
    cov = results["covariate_shift"]
    names = {
        "none": tr(lang, "none (the source model)"),
        "beta": r"$\hat\beta$",
        "exact": tr(lang, r"true $\beta$"),
    }
    rows = []
    for key, text in names.items():
        r = cov["retrained"][key]
        change = (
            ""
            if key == "none"
            else tr(
                lang,
                "{change} points ± {se}",
                change=f"{100 * r['difference']:+.2f}",
                se=f"{100 * r['difference_se']:.2f}",
            )
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
        tr(lang, "weights in the loss"),
        tr(lang, "effective sample size (of {count})", count=f"{results['source']['num_train']:,}"),
        tr(lang, "target accuracy ({count} images)", count=f"{cov['num_target']:,}"),
        tr(lang, "change (± paired standard error)"),
        tr(lang, "accuracy on the whole test set"),
    ]
    return markdown_table(header, rows, "lrrrr")


def retrain_sentence(results: dict, lang: str = "en") -> str:
    """The verdict on the weighted retraining, worded by the numbers."""
    cov = results["covariate_shift"]
    r, none = cov["retrained"]["beta"], cov["retrained"]["none"]
    z = r["difference"] / r["difference_se"]
    size = f"{abs(z):.1f}"
    if z >= NOISE_Z:
        verdict = tr(lang, "a gain beyond the noise: about {z} paired standard errors", z=size)
    elif z > -NOISE_Z:
        verdict = tr(lang, "within the noise: only {z} paired standard errors", z=size)
    else:
        verdict = tr(lang, "a loss: {z} paired standard errors", z=size)
    cost = none["test_accuracy"] - r["test_accuracy"]
    exact = cov["retrained"]["exact"]
    paired = cov["retrained_exact_minus_beta"]
    z_pair = paired["difference"] / paired["difference_se"]
    if z_pair >= NOISE_Z:
        better = tr(lang, "the true weights did better, beyond the noise")
    elif z_pair > -NOISE_Z:
        better = tr(lang, "the true weights did no better, within the noise")
    else:
        better = tr(lang, "the estimated weights did better, beyond the noise")
    gains = tr(
        lang,
        "Retrained with the estimated weights, the model gains {gain} on the target set, "
        "{verdict}. With the true weights the change is {exact_gain}; the two retrained "
        "models differ by {paired} points ± {paired_se} (true minus estimated weights, "
        "paired on the same target images): {better}.",
        gain=_points(r["difference"], lang),
        verdict=verdict,
        exact_gain=_points(exact["difference"], lang),
        paired=f"{100 * paired['difference']:+.2f}",
        paired_se=f"{100 * paired['difference_se']:.2f}",
        better=better,
    )
    on_source = {
        "test_accuracy": _pct(r["test_accuracy"]),
        "cost": f"{100 * abs(cost):.2f}",
        "source_accuracy": _pct(none["test_accuracy"]),
    }
    if cost > 0:
        source = tr(
            lang,
            "On the source distribution the reweighted model is worse: on the whole test "
            "set it is right on {test_accuracy} of the images, {cost} points below the "
            "source model's {source_accuracy}.",
            **on_source,
        )
    else:
        source = tr(
            lang,
            "On the source distribution the reweighted model is no worse: on the whole "
            "test set it is right on {test_accuracy} of the images, {cost} points above "
            "the source model's {source_accuracy}.",
            **on_source,
        )
    cautions = tr(
        lang,
        "Two cautions. The {num_target} target images that score the models also trained "
        "the domain classifier, so the estimated weights were fitted on the very images "
        "they are judged on (a *transductive* setting, fair here because it uses their "
        "pixels and never their labels, but not a test on new target images). And a "
        "paired standard error covers only the sampling of the target images, not the "
        "randomness of the domain classifier's and the models' training.",
        num_target=f"{cov['num_target']:,}",
    )
    return _sentences(lang, gains, source, cautions) + "\n"


def fragments(results: dict, lang: str = "en") -> dict[str, str]:
    """File name -> Markdown text in ``lang``, for every fragment of the page."""
    return {
        "shift_source.md": source_sentence(results, lang),
        "shift_draws.md": draws_sentence(results, lang),
        "shift_label.md": label_table(results, lang),
        "shift_label_sentence.md": label_sentence(results, lang),
        "shift_target.md": covariate_target_sentence(results, lang),
        "shift_weights.md": weights_sentence(results, lang),
        "shift_estimate.md": estimate_table(results, lang),
        "shift_retrain.md": retrain_table(results, lang) + "\n" + retrain_sentence(results, lang),
    }
