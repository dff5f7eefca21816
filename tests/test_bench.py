"""The benchmark's own pieces: the targets' verdicts, the memory probe, the profile and the trials.

The timings themselves are not tested here (this machine is too noisy for that); ``make bench``
prints them with their ratios.
"""

import resource

import pytest
import torch
from benchmarks.bench import peak_memory_mib, targets
from benchmarks.experiments import gather_microseconds, profile_steps, row_major_scratch

from softmax_regression import build_model


def _training(concise: float, scratch: float, reference: float, accuracies=(0.8248, 0.8248, 0.83)):
    seconds = {"concise": concise, "scratch": scratch, "reference": reference}
    return {
        name: {
            "seconds": value,
            "speedup_vs_reference": reference / value,
            "test_acc": accuracy,
        }
        for (name, value), accuracy in zip(seconds.items(), accuracies, strict=True)
    }


def test_targets_are_met_on_the_boundary_and_missed_just_past_it():
    met = targets(_training(concise=1.0, scratch=1.5, reference=30.0))
    assert [t["met"] for t in met] == [True, True, True, True]
    assert met[0]["measured"] == "1.00 s" and met[1]["measured"] == "30.0x"
    missed = targets(_training(1.01, 1.6, 30.0, accuracies=(0.82, 0.82, 0.8302)))
    assert [t["met"] for t in missed] == [False, False, False, False]
    assert missed[2]["measured"] == "1.58x" and missed[3]["measured"] == "0.0102 apart"


def test_the_memory_probe_measures_the_child_not_this_process():
    this_process = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MiB, with torch
    assert this_process > 200
    empty = peak_memory_mib("pass")
    assert empty < 100  # a bare interpreter; ru_maxrss would report at least this_process
    assert peak_memory_mib("x = bytearray(300 * 2**20)") - empty == pytest.approx(300, abs=30)


def test_the_row_major_scratch_model_differs_only_in_layout():
    model, reference = row_major_scratch(seed=0), build_model("scratch", seed=0)
    assert model.W.stride() == (10, 1) and reference.W.stride() == (1, 784)
    assert torch.equal(model.W, reference.W)
    X = torch.rand(5, 1, 28, 28)
    torch.testing.assert_close(model(X), reference(X))


def test_the_profile_counts_operators_per_step(blobs):
    profile = profile_steps("concise", blobs, num_epochs=2, top=5)
    assert profile["steps"] == 2 * 3  # 600 examples in minibatches of 256
    assert 1 <= len(profile["ops"]) <= 5
    shares = [op["share"] for op in profile["ops"]]
    assert shares == sorted(shares, reverse=True) and 0 < sum(shares) <= 1
    names = {op["name"] for op in profile["ops"]}
    assert names & {"aten::addmm", "aten::mm", "aten::index_select"}


@pytest.mark.slow
def test_every_gather_gives_the_same_minibatch_and_a_time(fashion_mnist):
    microseconds = gather_microseconds(fashion_mnist, repeats=1)
    assert set(microseconds) == {"float32", "float32_indexing", "uint8_then_float32"}
    assert all(0 < value < 1e5 for value in microseconds.values())
