"""The calibration stage's own computations: the exact zoom of the line, and its sentences."""

import itertools
import math
import re

import matplotlib.pyplot as plt
import pytest
import torch
from matplotlib.patches import Rectangle

from sitebuild import calibration, calibration_plots, plots
from softmax_regression import SoftmaxRegressionConcise, Split
from softmax_regression.data import CLASSES
from softmax_regression.toy import three_blobs


def test_the_zoom_counts_match_a_brute_force_count_at_every_t():
    generator = torch.Generator().manual_seed(0)
    split = Split(
        X=torch.rand(400, 1, 28, 28, generator=generator),
        y=torch.randint(0, 10, (400,), generator=generator),
    )
    model = SoftmaxRegressionConcise(seed=1)
    with torch.no_grad():
        model.net[1].weight.normal_(0, 0.05, generator=generator)
        model.net[1].bias.normal_(0, 0.5, generator=generator)
    line = calibration._line(model, split, seed=0)
    zoom = line["zoom"]
    X = split.X.reshape(400, -1).double()
    W1, b1 = model.W.detach().double(), model.net[1].bias.detach().double()
    W0 = SoftmaxRegressionConcise(seed=0).W.detach().double()
    brute = [
        int(((X @ (W0 + t * (W1 - W0)) + t * b1).argmax(dim=1) == split.y).sum())
        for t in zoom["t"][::50]
    ]
    assert zoom["correct"][::50] == brute
    assert zoom["tracked"] < 400  # the shortcut left most examples out
    i1 = line["t"].index(1.0)
    assert line["accuracy"][i1] == ((X @ W1 + b1).argmax(dim=1) == split.y).double().mean().item()


def test_the_paired_difference_and_its_standard_error_match_a_loop():
    generator = torch.Generator().manual_seed(3)
    a = torch.randint(0, 3, (500,), generator=generator).double()
    keep = torch.rand(500, generator=generator) < 0.9
    b = torch.where(keep, a, torch.zeros(500, dtype=torch.float64))
    paired = calibration.paired_difference(a, b)
    diffs = [x - y for x, y in zip(a.tolist(), b.tolist(), strict=True)]
    mean = sum(diffs) / len(diffs)
    variance = sum((d - mean) ** 2 for d in diffs) / (len(diffs) - 1)  # sample variance
    assert paired["mean"] == pytest.approx(mean)
    assert paired["se"] == pytest.approx(math.sqrt(variance / len(diffs)))
    # identical rules: no difference and no spread
    assert calibration.paired_difference(a, a) == {"mean": 0.0, "se": 0.0}


def _metrics(T: float, mean_confidence: float = 0.8, accuracy: float = 0.83) -> dict:
    scores = {
        "loss": 0.5,
        "ece": 0.02,
        "classwise_ece": 0.011,
        "classwise": [0.01] * 10,
        "brier": 0.25,
        "accuracy": accuracy,
        "mean_confidence": mean_confidence,
        "wrong_loss_share": 0.7,
        "wrong_brier_share": 0.75,
    }
    rule = {
        "accuracy": 0.8,
        "expected_cost": 0.2,
        "realised_cost": 0.2,
        "called_bag": 10,
        "bag_mistakes": 1,
    }
    near = {"count": 70, "mean_probability": 0.85, "share_of_bags": 0.82}
    return {
        "temperature": T,
        "classes": list(CLASSES),
        "num_valid": 10_000,
        "num_test": 10_000,
        "num_bins": 10,
        "valid": {"as trained": scores, "scaled": scores},
        "test": {
            "as trained": scores,
            "scaled": {**scores, "ece": 0.01, "classwise_ece": 0.009},
        },
        "decisions": {
            "changed": 3,
            "changed_unscaled": 4,
            "changed_by_scaling": 1,
            "rules": {
                "arg max": rule,
                "least expected cost": rule,
                "least expected cost, T = 1": rule,
            },
            "paired": {
                "cost rule - arg max": {"mean": -0.02, "se": 0.004},
                "scaled - T = 1": {"mean": -0.0005, "se": 0.0011},
            },
            "bag_threshold_bin": {
                "low": 0.8,
                "high": 0.9,
                "as trained": near,
                "scaled": {**near, "share_of_bags": 0.83},
            },
            "changes": [{"from": "Bag", "to": "Shirt", "count": 3, "old_right": 1, "new_right": 2}],
        },
    }


def test_the_sentence_says_which_way_the_temperature_went():
    sharpen = calibration.temperature_sentence(_metrics(0.9))
    assert "below 1, so scaling sharpens" in sharpen
    assert "falls from 0.0200 to 0.0100" in sharpen
    soften = calibration.temperature_sentence(_metrics(1.2))
    assert "above 1, so scaling softens" in soften
    same = calibration.temperature_sentence(_metrics(1.0004))
    assert "practically 1" in same and "sharpens" not in same and "softens" not in same


def test_the_verdict_follows_the_mean_confidence_against_the_accuracy_not_t():
    # mean confidence 0.8 below accuracy 0.83: underconfident, whatever T is
    for T in (0.9, 1.0, 1.2):
        text = calibration.temperature_sentence(_metrics(T))
        assert "*underconfident*" in text and "*overconfident*" not in text
    text = calibration.temperature_sentence(_metrics(1.2, mean_confidence=0.9))
    assert "*overconfident*" in text and "not this gap" not in text
    # T and the gap disagree: the sentence says why rather than contradict itself
    assert "not this gap" in calibration.temperature_sentence(_metrics(1.2))
    text = calibration.temperature_sentence(_metrics(0.9, mean_confidence=0.83))
    assert "as sure as it was right" in text and "confident*" not in text


def test_unchanged_numbers_are_said_to_stay():
    assert calibration._change(0.12341, 0.12339) == "stays at 0.1234"
    assert calibration._change(0.1, 0.2) == "rises from 0.1000 to 0.2000"
    assert calibration._change(0.2, 0.1) == "falls from 0.2000 to 0.1000"


@pytest.mark.parametrize(
    ("mean", "se", "words"),
    [
        (-0.0005, 0.0011, "within two standard errors of 0: none"),
        (0.0005, 0.0011, "within two standard errors of 0: none"),
        (-0.02, 0.004, "5.0 standard errors below 0: lower"),
        (0.02, 0.004, "5.0 standard errors above 0: higher"),
        (0.0, 0.0, "the two cost the same on every image"),
    ],
)
def test_the_paired_sentence_words_either_sign_and_noise(mean, se, words):
    text = calibration.paired_sentence(
        {"mean": mean, "se": se}, "a minus b", ("lower", "higher", "none")
    )
    assert words in text
    assert f"${mean:+.4f} \\pm {se:.4f}$" in text


def test_the_changes_fragment_reports_both_paired_differences():
    text = calibration.changes_fragment(_metrics(0.9))
    assert "$-0.0200 \\pm 0.0040$" in text and "the cost rule is measurably cheaper" in text
    assert "$-0.0005 \\pm 0.0011$" in text
    assert "calibrating made no difference to the shop's cost that this test set can detect" in text
    assert "Calibrating changes 1 decision of the rule," in text
    assert "$(0.8, 0.9]$" in text and "more than either gap" in text


def test_the_changes_fragment_counts_the_rest_in_good_english():
    m = _metrics(0.9)
    assert "The table lists every change." in calibration.changes_fragment(m)
    m["decisions"]["changed"] = 4
    assert "1 other image changes" in calibration.changes_fragment(m)
    m["decisions"]["changed"] = 5
    assert "2 other images change" in calibration.changes_fragment(m)


def test_the_toy_sentence_says_the_accuracy_is_on_the_training_points():
    toy = {"config": {"num_epochs": 20, "lr": 0.1, "batch_size": 32}, "y": [0] * 300}
    text = calibration.toy_sentence({"toy": {**toy, "accuracy": 0.9}})
    assert "of these training points" in text and "where they do" in text
    assert "overlap" not in calibration.toy_sentence({"toy": {**toy, "accuracy": 1.0}})


def test_the_reliability_bars_stand_at_the_mean_confidence_of_their_bin():
    bins = {
        "counts": [0, 0, 5, 10, 0, 20, 30, 40, 50, 100],
        "confidence": [0, 0, 0.29, 0.31, 0, 0.58, 0.62, 0.75, 0.86, 0.97],
        "accuracy": [0, 0, 0.2, 0.4, 0, 0.6, 0.6, 0.8, 0.9, 0.95],
    }
    with plots.theme("light") as colors:
        figure = calibration_plots.reliability_figure(colors, {"one": bins})
    top, bottom = figure.axes[0], figure.axes[1]
    bars = [p for p in top.patches if isinstance(p, Rectangle)]
    filled = [m for m, n in enumerate(bins["counts"]) if n]
    centres = [bar.get_x() + bar.get_width() / 2 for bar in bars]
    assert centres == pytest.approx([bins["confidence"][m] for m in filled])
    heights = [bar.get_height() for bar in bars]
    assert heights == pytest.approx([bins["accuracy"][m] for m in filled])
    # close bins never overlap; the lower panel has one colour per sign
    assert all(a.get_x() + a.get_width() <= b.get_x() for a, b in itertools.pairwise(bars))
    colours = {bar.get_height() >= 0: bar.get_facecolor() for bar in bottom.patches}
    assert colours[True] != colours[False]
    plt.close(figure)


# ---- the Chinese edition ---------------------------------------------------------------------

CJK = re.compile(r"[\u4e00-\u9fff]")


def _full_metrics(**changes) -> dict:
    """_metrics with everything the fragments and figures read: the model, the bins, line, toy."""
    m = _metrics(0.9)
    bins = {
        "counts": [0, 2, 60, 300, 700, 900, 1000, 1400, 1000, 4638],
        "confidence": [0, 0.18, 0.27, 0.36, 0.46, 0.55, 0.65, 0.75, 0.85, 0.97],
        "accuracy": [0, 0.0, 0.37, 0.39, 0.51, 0.57, 0.7, 0.78, 0.88, 0.98],
    }
    t = [i / 60 for i in range(121)]
    zoom_t = [0.95 + i / 1000 for i in range(101)]
    points = three_blobs(30, seed=0)
    m.update(
        config={"num_epochs": 10, "lr": 0.1, "batch_size": 256, "seed": 0},
        num_train=50_000,
        valid_accuracy=0.84,
        reliability={"as trained": bins, "scaled": bins},
        line={
            "t": t,
            "loss": [2.3 * math.exp(-3 * v) + 0.4 for v in t],
            "accuracy": [min(0.84, 0.1 + v) for v in t],
            "zoom": {
                "t": zoom_t,
                "correct": [8398 + (i // 20) % 3 for i in range(101)],
                "loss_t": zoom_t,
                "loss": [0.47 - 0.06 * (v - 0.95) for v in zoom_t],
                "tracked": 40,
                "jumps": 5,
                "num_examples": 10_000,
            },
        },
        toy={
            "X": points.X.tolist(),
            "y": points.y.tolist(),
            "W": [[1.0, -1.0, 0.0], [0.5, 0.5, -1.0]],
            "b": [0.0, 0.1, -0.1],
            "accuracy": 0.9,
            "loss": 0.3,
            "config": {"num_epochs": 20, "lr": 0.1, "batch_size": 32},
        },
    )
    m.update(changes)
    return m


def test_every_fragment_and_figure_is_built_in_english_and_in_chinese(tmp_path, monkeypatch):
    monkeypatch.setattr(calibration, "measure", lambda config: _full_metrics())
    outputs = calibration.build(tmp_path, None, {})
    english = [name for name in outputs if "/" not in name and name != "calibration.json"]
    assert {n.split("-")[0].removesuffix(".md") for n in english} == {
        *(name.removesuffix(".md") for name in calibration._fragments(_full_metrics())),
        *calibration._figures(_full_metrics()),
    }
    assert sorted(outputs) == sorted(["calibration.json", *english, *(f"zh/{n}" for n in english)])
    assert not (tmp_path / "zh" / "calibration.json").exists()  # measured and written once
    for name in english:
        en, zh = (tmp_path / name).read_text(), (tmp_path / "zh" / name).read_text()
        assert outputs[f"zh/{name}"] == (tmp_path / "zh" / name).stat().st_size
        assert CJK.search(zh), name  # SVG text is drawn as paths, named in comments
        assert not CJK.search(en), name
    # the same numbers in both languages
    for name in calibration._fragments(_full_metrics()):
        en, zh = (tmp_path / name).read_text(), (tmp_path / "zh" / name).read_text()
        numbers = [sorted(re.findall(r"\d[\d,.]*\d|\d", text)) for text in (en, zh)]
        assert numbers[0] == numbers[1], name


@pytest.mark.parametrize(
    "changes",
    [
        {},  # sharpens, underconfident, one decision changed by scaling
        {"temperature": 1.2},  # softens, with the aside on the gap
        {"temperature": 1.0004},  # practically 1
        {
            "temperature": 1.2,
            "test": {"as trained": {**_metrics(1)["test"]["as trained"], "mean_confidence": 0.9}},
        },
        {
            "temperature": 0.9,
            "test": {"as trained": {**_metrics(1)["test"]["as trained"], "mean_confidence": 0.83}},
        },
    ],
)
def test_every_wording_of_the_summary_has_its_chinese(changes):
    m = _full_metrics()
    m["temperature"] = changes.get("temperature", m["temperature"])
    if "test" in changes:
        m["test"] = {**m["test"], **changes["test"]}
    text = calibration.temperature_sentence(m, "zh")
    assert CJK.search(text)


@pytest.mark.parametrize(
    ("mean", "se"), [(-0.0005, 0.0011), (-0.02, 0.004), (0.02, 0.004), (0.0, 0.0)]
)
@pytest.mark.parametrize("changed", [3, 4, 5])
def test_every_wording_of_the_changes_has_its_chinese(mean, se, changed):
    m = _full_metrics()
    d = m["decisions"]
    d["changed"] = changed
    d["changed_by_scaling"] = changed - 2  # 1 and more
    d["paired"] = {key: {"mean": mean, "se": se} for key in d["paired"]}
    text = calibration.changes_fragment(m, "zh")
    assert f"${mean:+.4f} \\pm {se:.4f}$" in text
    assert "| 包 | 衬衫 |" in text  # the classes in Chinese
    near = d["bag_threshold_bin"]
    near["as trained"] = {**near["as trained"], "share_of_bags": 0.5}  # one gap above the noise
    assert "介于两个差距之间" in calibration.changes_fragment(m, "zh")
    assert "between the two gaps" in calibration.changes_fragment(m, "en")
    near["scaled"] = {**near["scaled"], "share_of_bags": 0.5}  # both gaps above the noise
    assert "比两个差距都小" in calibration.changes_fragment(m, "zh")
    assert "less than either gap" in calibration.changes_fragment(m, "en")
    near["scaled"] = {**near["scaled"], "count": 0}  # no image near the threshold
    assert "没有一张测试图像" in calibration.changes_fragment(m, "zh")


def test_the_chinese_toy_sentence_has_both_endings():
    for accuracy in (0.9, 1.0):
        m = _full_metrics()
        m["toy"]["accuracy"] = accuracy
        text = calibration.toy_sentence(m, "zh")
        assert "迭代周期" in text and text.endswith("。\n")
