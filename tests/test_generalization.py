"""L-BFGS checkpoints, the choice on validation data, and the reuse experiment.

Synthetic data only: images drawn at random, labelled by a random linear
teacher, so the tests run in a fraction of a second. The stage's fragments and
figures, in English and in Chinese, are written from made-up results.
"""

import itertools
import math
import re
import warnings

import matplotlib.pyplot as plt
import pytest
import torch
import torch.nn.functional as F

from sitebuild import generalization, generalization_plots
from sitebuild.i18n import fields, tr
from sitebuild.plots import THEMES
from sitebuild.zh.generalization import STRINGS
from softmax_regression.data import Split
from softmax_regression.generalization import best, correct_matrix, fit_lbfgs, reuse


def _split(n: int, seed: int) -> Split:
    generator = torch.Generator().manual_seed(seed)
    teacher = torch.randn(784, 10, generator=torch.Generator().manual_seed(99))
    X = torch.rand(n, 1, 28, 28, generator=generator)
    y = (X.reshape(n, -1) @ teacher).argmax(dim=1)
    return Split(X=X, y=y)


@pytest.fixture(scope="module")
def splits() -> tuple[Split, Split]:
    return _split(300, seed=0), _split(100, seed=1)


def _objective(W, b, split: Split, weight_decay: float) -> torch.Tensor:
    """The penalized loss, computed with torch's own cross-entropy."""
    O = split.X.reshape(len(split), -1) @ W + b
    return F.cross_entropy(O, split.y) + weight_decay / 2 * (W**2).sum()


def _accuracy(W, b, split: Split) -> float:
    O = split.X.reshape(len(split), -1) @ W + b
    return (O.argmax(dim=1) == split.y).float().mean().item()


def test_the_first_checkpoint_is_the_zero_model(splits):
    train, _ = splits
    first = fit_lbfgs(train, 0.0, 5)[0]
    assert torch.equal(first.W, torch.zeros(784, 10))
    assert torch.equal(first.b, torch.zeros(10))
    assert first.train_loss == pytest.approx(math.log(10))  # uniform over q


def test_one_checkpoint_per_evaluation_at_most_num_passes(splits):
    train, _ = splits
    run = fit_lbfgs(train, 0.0, 12)
    assert 1 < len(run) <= 12


def test_each_checkpoint_reports_its_own_weights_scores(splits):
    train, valid = splits
    run = fit_lbfgs(train, 1e-3, 15)
    correct = correct_matrix(run, valid, chunk=4)  # chunks of 4, and a rest
    assert correct.shape == (len(run), len(valid)) and correct.dtype == torch.bool
    for c, right in zip(run, correct, strict=True):
        assert right.float().mean().item() == pytest.approx(_accuracy(c.W, c.b, valid))
        assert c.train_acc == pytest.approx(_accuracy(c.W, c.b, train))
        loss = _objective(c.W, c.b, train, 0.0).item()
        assert c.train_loss == pytest.approx(loss, rel=1e-5)


def test_with_weight_decay_it_reaches_the_penalized_minimum(splits):
    """Strongly convex: the gradient of the objective vanishes at the end."""
    train, _ = splits
    weight_decay = 0.1
    last = fit_lbfgs(train, weight_decay, 100)[-1]
    W, b = last.W.clone().requires_grad_(), last.b.clone().requires_grad_()
    _objective(W, b, train, weight_decay).backward()
    assert W.grad.abs().max() < 1e-4 and b.grad.abs().max() < 1e-4
    # the minimum of a larger penalty has smaller weights
    smaller = fit_lbfgs(train, 10 * weight_decay, 100)[-1]
    assert smaller.W.norm() < last.W.norm()


def test_the_objective_falls(splits):
    train, _ = splits
    run = fit_lbfgs(train, 0.0, 30)
    assert run[-1].train_loss < 0.5 * run[0].train_loss
    assert run[-1].train_acc > 0.9  # 300 examples, 7850 parameters


def test_best_takes_the_highest_validation_accuracy_and_breaks_ties_early():
    valid_acc = {
        0.0: [0.1, 0.8, 0.85, 0.83],
        1e-3: [0.1, 0.85, 0.84],
        1e-4: [0.1, 0.86, 0.86],
    }
    assert best(valid_acc) == (1e-4, 1)
    valid_acc[1e-2] = [0.1, 0.86]
    assert best(valid_acc) == (1e-4, 1)  # same accuracy and pass: smaller decay
    valid_acc[0.0].append(0.9)
    assert best(valid_acc) == (0.0, 4)


def _exact_overstatement(correct: torch.Tensor, num_candidates: int, num_select: int) -> float:
    """E[selected - fresh accuracy of the winner], by enumerating every draw.

    A tie goes to one of the tied candidates at random, so a tie counts the
    mean of their fresh accuracies.
    """
    m, n = correct.shape
    C = correct.float()
    total, count = 0.0, 0
    for rows in itertools.combinations(range(m), num_candidates):
        for chosen in itertools.combinations(range(n), num_select):
            fresh = [i for i in range(n) if i not in chosen]
            scores = [C[j, list(chosen)].mean().item() for j in rows]
            tied = [j for j, score in zip(rows, scores, strict=True) if score == max(scores)]
            on_fresh = sum(C[j, fresh].mean().item() for j in tied) / len(tied)
            total += max(scores) - on_fresh
            count += 1
    return total / count


def test_the_mean_overstatement_matches_exact_enumeration():
    generator = torch.Generator().manual_seed(0)
    correct = torch.rand(4, 8, generator=generator) < 0.5  # 4 candidates, 8 examples
    for num_candidates in (2, 3):
        exact = _exact_overstatement(correct, num_candidates, 4)
        on_selected, on_fresh = reuse(correct, [num_candidates], 4, num_repeats=40_000, seed=0)
        assert (on_selected - on_fresh).mean().item() == pytest.approx(exact, abs=0.01)
        assert exact > 0.05  # selection does overstate here


def test_one_candidate_is_not_overstated_on_average():
    correct = torch.rand(1, 2000, generator=torch.Generator().manual_seed(0)) < 0.8
    on_selected, on_fresh = reuse(correct, [1], 500, num_repeats=4000, seed=1)
    gap = (on_selected - on_fresh)[0]
    assert abs(gap.mean().item()) < 4 * gap.std().item() / math.sqrt(len(gap))
    # the fresh and the selection part together are the whole data set
    whole = (500 * on_selected[0] + 1500 * on_fresh[0]) / 2000
    torch.testing.assert_close(whole, correct.float().mean().expand(4000))


def test_more_independent_candidates_are_overstated_more():
    generator = torch.Generator().manual_seed(0)
    correct = torch.rand(200, 2000, generator=generator) < 0.8  # equally good
    on_selected, on_fresh = reuse(correct, [1, 10, 200], 500, 300, seed=2)
    gaps = (on_selected - on_fresh).mean(dim=1).tolist()
    assert gaps[0] < gaps[1] < gaps[2]
    # the best of 200 equal candidates: about 2.7 standard errors above
    se = math.sqrt(0.8 * 0.2 / 500)
    assert 2 * se < gaps[2] < 3.5 * se


def test_larger_comparisons_include_the_smaller_ones():
    """The first m candidates of each repeat's order compete: nested draws."""
    generator = torch.Generator().manual_seed(3)
    correct = torch.rand(30, 400, generator=generator) < 0.7
    on_selected, _ = reuse(correct, [1, 5, 30], 100, 500, seed=4)
    assert (on_selected[0] <= on_selected[1]).all() and (on_selected[1] <= on_selected[2]).all()
    # with every candidate compared, the winner is the best on the selected part
    best_possible = on_selected[2]
    one, _ = reuse(correct, [30], 100, 500, seed=4)
    torch.testing.assert_close(one[0], best_possible)


def test_the_overstatement_is_n_over_n_minus_s_times_the_excess_over_all_examples():
    """What lets the union bound over s examples cap the selected-minus-fresh gap."""
    generator = torch.Generator().manual_seed(5)
    correct = torch.rand(20, 300, generator=generator) < 0.75
    n, s = 300, 120
    on_selected, on_fresh = reuse(correct, [20], s, 200, seed=6)
    on_all = (s * on_selected + (n - s) * on_fresh) / n  # the winner on all n
    torch.testing.assert_close(on_selected - on_fresh, n / (n - s) * (on_selected - on_all))
    # and the winner's accuracy on all n is one of the candidates' accuracies
    accuracies = correct.float().mean(dim=1)
    distance = (on_all[0][:, None] - accuracies[None, :]).abs().min(dim=1).values
    assert distance.max() < 1e-5


# ---- the stage's outputs, in English and in Chinese ------------------------------------------

CJK = re.compile(r"[\u4e00-\u9fff]")


def _results(passes: int = 12, decays: tuple[float, ...] = (0.0, 3e-3)) -> dict:
    """What the stage measures, made up, with every key its fragments and figures read.

    Training and validation accuracy rise with the passes, the loss falls, the
    run without a penalty is chosen after 9 passes (within the last ``window``),
    the book's SGD is best at its last epoch.
    """
    window, m_all = 3, passes * len(decays)

    def run(decay: float) -> dict:
        loss = [2.3 * 0.85**k + 0.3 + 10 * decay for k in range(passes)]
        return {
            "weight_decay": decay,
            "train_loss": loss,
            "objective": [v + decay for v in loss],
            "train_acc": [min(0.1 + 0.09 * k, 0.9 - decay) for k in range(passes)],
            "valid_acc": [min(0.1 + 0.085 * k, 0.85 - decay) for k in range(passes)],
            "test_acc_after_choice": [min(0.1 + 0.08 * k, 0.845) for k in range(passes)]
            if decay == 0
            else None,
        }

    rows = [
        {
            "num_candidates": count,
            "num_select": select,
            "num_fresh": 10_000 - select,
            "selected_acc": 0.85 + 0.001 * count,
            "fresh_acc": 0.85,
            "gap": 0.0002 * count,
            "gap_se": 0.0003,
            "gap_q95": 0.02,
            "gap_positive": 0.6,
            "bound": 0.05,
            "beyond_bound": 0.0,
            "independent_gap": 0.0005 * count,
            "independent_gap_se": 0.0002,
            "independent_q95": 0.03,
            "independent_beyond_bound": 0.0,
        }
        for select in (1000, 5000)
        for count in (1, 3, m_all)
    ]
    return {
        "num_train": 50_000,
        "num_valid": 10_000,
        "book": {
            "config": {"num_epochs": 3, "lr": 0.1, "batch_size": 256, "seed": 0},
            "steps_per_pass": 196,
            "valid_acc": [0.79, 0.82, 0.83],
            "train_acc": 0.84,
            "test_acc": 0.82,
            "at_same_passes": {"passes": 3, "valid_acc": 0.35},
        },
        "num_test": 10_000,
        "confidence": 0.95,
        "num_passes": passes,
        "window": window,
        "runs": {str(d): run(d) for d in decays},
        "chosen": {
            "weight_decay": 0.0,
            "passes": 9,
            "train_loss": 0.45,
            "train_acc": 0.86,
            "valid_acc": 0.85,
            "test_acc": 0.8414,
            "standard_error": 0.0037,
            "normal": [0.8342, 0.8486],
            "wilson": [0.8341, 0.8484],
            "hoeffding_radius": 0.0136,
        },
        "comparison": {
            "weight_decays": [0.0, 3e-3],
            "difference": 0.0066,
            "disagreements": 366,
            "standard_error": 0.0019,
        },
        "against_book": {"difference": 0.0102, "disagreements": 536, "standard_error": 0.0023},
        "reuse": {
            "num_candidates": m_all,
            "num_examples": 10_000,
            "num_runs": len(decays),
            "repeats": 2000,
            "rows": rows,
        },
    }


def _variants() -> list[dict]:
    """Results that take every other branch of the fragments' wording."""
    variants = [
        _results(),
        _results(decays=(0.0, 1e-3, 3e-3)),
        _results(decays=(0.0, 1e-4, 1e-3, 3e-3)),
    ]
    other = _results()
    plain = other["runs"]["0.0"]
    plain["train_loss"][-3:] = [plain["train_loss"][0]] * 3  # levelled off: not falling
    plain["train_acc"] = [0.5] * 12  # the train-minus-validation gap does not grow
    plain["test_acc_after_choice"] = [0.8] * 12  # the test curve stays below the chosen model
    other["book"]["valid_acc"] = [0.79, 0.83, 0.82]  # SGD best before its last epoch
    other["against_book"]["difference"] = -0.003  # less accurate than the book's
    other["chosen"]["passes"] = 4  # not near the end of the budget
    for row in other["reuse"]["rows"]:
        row["gap_q95"] = 0.06  # beyond the bound
    variants.append(other)
    mixed = _results()
    for row in mixed["reuse"]["rows"]:
        row["independent_q95"] = 0.06
    variants.append(mixed)
    both = _results()
    for row in both["reuse"]["rows"]:
        row["gap_q95"] = row["independent_q95"] = 0.06
    variants.append(both)
    return variants


def test_every_fragment_and_figure_is_written_in_english_and_in_chinese(tmp_path, caplog):
    results = _results()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        outputs = generalization.write_outputs(tmp_path, results)
    # no Chinese character drawn as an empty box, in plain labels or beside $math$
    missing = [str(w.message) for w in caught if "glyph" in str(w.message).lower()]
    missing += [r.getMessage() for r in caplog.records if "glyph" in r.getMessage().lower()]
    assert not missing, missing[:3]
    english = [name for name in outputs if "/" not in name and name != "generalization.json"]
    fragments = generalization._fragments(results, "en")
    figures = generalization._figures(results, "en")
    assert sorted(english) == sorted(
        [*fragments, *(f"{name}-{theme}.svg" for name in figures for theme in ("light", "dark"))]
    )
    assert sorted(outputs) == sorted(
        ["generalization.json", *english, *(f"zh/{name}" for name in english)]
    )
    assert not (tmp_path / "zh" / "generalization.json").exists()  # measured and written once
    for name in english:
        en = (tmp_path / name).read_text(encoding="utf-8")
        zh = (tmp_path / "zh" / name).read_text(encoding="utf-8")
        assert outputs[f"zh/{name}"] == (tmp_path / "zh" / name).stat().st_size
        assert CJK.search(zh), name  # SVG text is drawn as paths, named in comments
        assert not CJK.search(en), name
    # the same numbers in both languages
    for name in fragments:
        en = (tmp_path / name).read_text(encoding="utf-8")
        zh = (tmp_path / "zh" / name).read_text(encoding="utf-8")
        numbers = [sorted(re.findall(r"\d[\d,.]*\d|\d", text)) for text in (en, zh)]
        assert numbers[0] == numbers[1], name


def test_every_wording_has_its_chinese_and_every_entry_is_used(monkeypatch):
    """Each branch of each sentence renders in Chinese; the catalogue has nothing else."""
    used: set[str] = set()

    def recording(lang: str, text: str, /, **values: object) -> str:
        used.add(text)
        return tr(lang, text, **values)

    monkeypatch.setattr(generalization, "tr", recording)
    monkeypatch.setattr(generalization_plots, "tr", recording)
    for results in _variants():
        texts = generalization._fragments(results, "zh")
        assert all(CJK.search(text) for text in texts.values())
        for figure in (
            generalization_plots.convergence_figure(THEMES["light"], results, "zh"),
            generalization_plots.reuse_figure(THEMES["light"], results, "zh"),
        ):
            plt.close(figure)
    assert used == set(STRINGS)
    for english, chinese in STRINGS.items():
        assert fields(chinese) == fields(english), english
        words = re.search(r"[A-Za-z]{3}", english)  # a name kept as it is may stay the same
        assert CJK.search(chinese) or not words or chinese == english, english


def test_english_fragments_read_as_before():
    """Spot checks of the English wording the Chinese edition must not change."""
    texts = generalization._fragments(_results(), "en")
    assert texts["generalization_setup.md"].startswith(
        "The build step runs L-BFGS on the 50,000 training images twice, each with the same "
        "budget of 12 passes: without a penalty, $\\lambda = 0$,"
    )
    assert (
        "(points) | 95% interval for the test accuracy 84.14% |"
        in texts["generalization_widths.md"]
    )
    assert "| Wilson | the central limit theorem | " in texts["generalization_widths.md"]
    assert "| 83.41% to 84.84% |" in texts["generalization_widths.md"]
    chosen = texts["generalization_chosen.md"]
    assert chosen.count(". ") == 3  # four sentences, one space between each two
    assert "(validation accuracy 85.00%). That is within the last 3 passes" in chosen
    assert texts["generalization_reuse_sentence.md"].endswith(
        "1.20 points for independent mistakes against 0.48 for the checkpoints.\n"
    )
    three = generalization._fragments(_results(decays=(0.0, 1e-3, 3e-3)), "en")
    assert "three times" in three["generalization_setup.md"]
    assert (
        "with $\\lambda = 10^{-3}$ and $\\lambda = 3 \\cdot 10^{-3}$."
        in three["generalization_setup.md"]
    )
