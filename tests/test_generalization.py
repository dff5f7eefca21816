"""L-BFGS checkpoints, the choice on validation data, and the reuse experiment.

Synthetic data only: images drawn at random, labelled by a random linear
teacher, so the tests run in a fraction of a second.
"""

import itertools
import math

import pytest
import torch
import torch.nn.functional as F

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
