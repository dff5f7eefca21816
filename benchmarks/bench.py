"""``make bench``: the trainer, the build and the tests, measured on this machine in one run.

Prints a table and writes ``benchmarks/results.json`` (git-ignored), which the
site build turns into the table of the Performance page. Every ratio compares
two measurements taken in this same run.

Usage: ``python -m benchmarks.bench [--runs 5] [--reference-runs 3] [--tests]``
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch

from benchmarks.reference import train_reference
from softmax_regression import (
    TrainConfig,
    build_model,
    load_fashion_mnist,
    locate_fashion_mnist,
    train,
)

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results.json"


def _median_run(function, runs: int) -> tuple[float, float, list[float]]:
    """Median seconds, the accuracy of the last run, and all the seconds."""
    seconds, accuracy = [], None
    for _ in range(runs):
        elapsed, accuracy = function()
        seconds.append(elapsed)
    return statistics.median(seconds), accuracy, seconds


def _ours(impl: str, data) -> tuple[float, float]:
    model = build_model(impl, seed=0)
    start = time.perf_counter()
    history = train(model, data, TrainConfig(), progress=False)
    return time.perf_counter() - start, history[-1].test_acc


def matmul_gflops(size: int = 2048, repeats: int = 5) -> float:
    """The machine's measured float32 matmul throughput (best of ``repeats``), in GFLOP/s."""
    a, b = torch.randn(size, size), torch.randn(size, size)
    a @ b  # warm-up
    best = min(_timed(lambda: a @ b) for _ in range(repeats))
    return 2 * size**3 / best / 1e9


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def epoch_gflop(num_train: int, num_test: int, d: int = 784, q: int = 10) -> float:
    """Floating-point operations of one epoch: forward and weight gradient per training image, one test pass."""
    forward = 2 * d * q  # one row of X W
    weight_gradient = 2 * d * q  # its share of X^T (Y_hat - Y); no gradient for X is needed
    return (num_train * (forward + weight_gradient) + num_test * forward) / 1e9


def peak_memory_mib(code: str) -> float:
    """Peak resident memory of a fresh Python process running ``code``, in MiB."""
    probe = f"{code}\nimport resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return int(run.stdout.split()[-1]) / 1024  # ru_maxrss is in KiB on Linux


def _command_seconds(command: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, **kwargs)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--runs", type=int, default=5, help="runs of each of our trainers (median)")
    parser.add_argument(
        "--reference-runs", type=int, default=3, help="runs of the reference pipeline"
    )
    parser.add_argument(
        "--tests", action="store_true", help="also time the test suite (about 4 minutes)"
    )
    args = parser.parse_args(argv)

    data = load_fashion_mnist()
    images = TrainConfig().num_epochs * len(data.train)
    rows = {}
    for impl in ("concise", "scratch"):
        _ours(impl, data)  # warm-up: first-call overheads are not training
        median, accuracy, all_seconds = _median_run(lambda impl=impl: _ours(impl, data), args.runs)
        rows[impl] = {"seconds": median, "runs": all_seconds, "test_acc": accuracy}
        print(f"ours {impl:8s} {median:6.2f} s  test acc {accuracy:.4f}", flush=True)
    root = locate_fashion_mnist()
    median, accuracy, all_seconds = _median_run(lambda: train_reference(root), args.reference_runs)
    rows["reference"] = {"seconds": median, "runs": all_seconds, "test_acc": accuracy}
    print(f"reference        {median:6.2f} s  test acc {accuracy:.4f}", flush=True)
    for row in rows.values():
        row["images_per_second"] = images / row["seconds"]
        row["speedup_vs_reference"] = rows["reference"]["seconds"] / row["seconds"]

    gflop = TrainConfig().num_epochs * epoch_gflop(len(data.train), len(data.test))
    peak = matmul_gflops()
    compute = {
        "gflop_10_epochs": gflop,
        "matmul_gflops": peak,
        "fraction_of_matmul_peak": {
            impl: gflop / rows[impl]["seconds"] / peak for impl in ("concise", "scratch")
        },
    }

    load = "from softmax_regression import load_fashion_mnist; data = load_fashion_mnist()"
    memory = {
        "dataset_float32_mib": (data.train.X.nbytes + data.test.X.nbytes) / 2**20,
        "dataset_uint8_mib": (data.train.X.numel() + data.test.X.numel()) / 2**20,
        "peak_rss_load_mib": peak_memory_mib(load),
        "peak_rss_train_mib": peak_memory_mib(
            f"{load}\nfrom softmax_regression import TrainConfig, build_model, train\n"
            "train(build_model('concise'), data, TrainConfig(), progress=False)"
        ),
    }

    # Cold: no cached training runs and no manifest, so everything is trained and written again.
    generated = ROOT / "docs" / "generated"
    for name in (".runs.pt", ".manifest.json"):
        (generated / name).unlink(missing_ok=True)
    build = {
        "cold_seconds": _command_seconds([sys.executable, "-m", "sitebuild"]),
        "warm_seconds": _command_seconds([sys.executable, "-m", "sitebuild"]),
    }
    with tempfile.TemporaryDirectory() as site:
        build["mkdocs_build_seconds"] = _command_seconds(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", site]
        )
    tests = {}
    if args.tests:
        tests["pytest_seconds"] = _command_seconds(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        )
        tests["sybil_seconds"] = _command_seconds(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "docs", "code"]
        )

    results = {
        "machine": {
            "cpu_count": os.cpu_count(),
            "torch_threads": torch.get_num_threads(),
            "processor": platform.processor() or platform.machine(),
            "platform": platform.platform(),
            "torch": torch.__version__,
            "python": platform.python_version(),
        },
        "training": rows,
        "compute": compute,
        "memory": memory,
        "build": build,
        "tests": tests,
        "targets": {
            "concise_at_most_seconds": 1.0,
            "speedup_at_least": 30.0,
            "scratch_within_factor": 1.5,
        },
    }
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    print(json.dumps({k: results[k] for k in ("compute", "memory", "build", "tests")}, indent=1))
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
