"""``make bench``: the trainer, the build and the tests, measured on this machine in one run.

Prints a table and writes ``benchmarks/results.json`` (git-ignored), which the
site build turns into the tables of the Performance page. Every ratio compares
two measurements taken in this same run; the trainers are timed in interleaved
rounds, so a slow moment of the machine hits all of them alike.

Usage: ``python -m benchmarks.bench [--runs 7] [--reference-runs 3] [--tests] [--no-compile]``
"""

import argparse
import contextlib
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import torch

from benchmarks import experiments, reference
from sitebuild.performance import SCHEMA
from softmax_regression import (
    TrainConfig,
    build_model,
    load_fashion_mnist,
    locate_fashion_mnist,
)

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results.json"
CONCISE_SECONDS, SPEEDUP, SCRATCH_FACTOR, ACCURACY_GAP = 1.0, 30.0, 1.5, 0.01  # the targets


def _one_thread_concise(data) -> tuple[float, float]:
    with experiments.one_thread():
        return experiments.train_seconds(build_model("concise"), data)


def _summary(seconds: list[float], accuracy: float) -> dict:
    return {"seconds": statistics.median(seconds), "runs": seconds, "test_acc": accuracy}


def time_trainers(
    data, root: Path, config: TrainConfig, runs: int, reference_runs: int
) -> dict[str, dict]:
    """Median seconds and final test accuracy of every trainer, timed in interleaved rounds."""
    ours = {
        "concise": lambda: experiments.train_seconds(build_model("concise"), data),
        "scratch": lambda: experiments.train_seconds(build_model("scratch"), data),
        "scratch_row_major": lambda: experiments.train_seconds(
            experiments.row_major_scratch(), data
        ),
        "concise_one_thread": lambda: _one_thread_concise(data),
        "concise_tensor_loop": lambda: experiments.train_seconds_tensor_loop(
            build_model("concise"), data
        ),
    }
    for function in ours.values():
        function()  # warm-up: first-call overheads are not training
    references = {
        "reference": lambda: reference.train_reference(root, config, edition="zh"),
        "reference_resize": lambda: reference.train_reference(root, config, edition="en"),
    }
    seconds = {name: [] for name in [*ours, *references]}
    accuracy = {}
    for round_ in range(max(runs, reference_runs)):
        todo = {**ours} if round_ < runs else {}
        if round_ < reference_runs:
            todo.update(references)
        for name, function in todo.items():
            elapsed, accuracy[name] = function()
            seconds[name].append(elapsed)
        print(
            f"round {round_ + 1}: "
            + ", ".join(f"{name} {seconds[name][-1]:.2f} s" for name in todo),
            flush=True,
        )
    return {name: _summary(seconds[name], accuracy[name]) for name in seconds}


def matmul_gflops(size: int = 2048, repeats: int = 5) -> float:
    """The machine's measured float32 matmul throughput (best of ``repeats``), in GFLOP/s."""
    a, b = torch.randn(size, size), torch.randn(size, size)
    a @ b  # warm-up
    best = min(_seconds(lambda: a @ b) for _ in range(repeats))
    return 2 * size**3 / best / 1e9


def _seconds(function: Callable) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def epoch_gflop(num_train: int, num_test: int, d: int = 784, q: int = 10) -> float:
    """Floating-point operations of one epoch: forward and weight gradient per training image, one test pass."""
    forward = 2 * d * q  # one row of X W
    weight_gradient = 2 * d * q  # its share of X^T (Y_hat - Y); no gradient for X is needed
    return (num_train * (forward + weight_gradient) + num_test * forward) / 1e9


def peak_memory_mib(code: str) -> float:
    """Peak resident memory of a fresh Python process running ``code``, in MiB.

    Read from ``VmHWM`` in ``/proc/self/status``, which belongs to the process's own
    address space. ``ru_maxrss`` would not do: Linux carries it over from the parent
    through fork and exec, so a child of this (large) process would report at least
    the parent's size.
    """
    probe = (
        f"{code}\nimport pathlib\n"
        "print(next(line.split()[1] for line in pathlib.Path('/proc/self/status').read_text()"
        ".splitlines() if line.startswith('VmHWM:')))"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return int(run.stdout.split()[-1]) / 1024  # VmHWM is in kB


def _command_seconds(command: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, **kwargs)
    return time.perf_counter() - start


def time_tests() -> dict:
    """Wall time of ``make test`` (set-up already done) and of the sybil examples alone.

    A failing run is not a timing: it is reported, with the end of its output, instead.
    """
    print("make test, then the sybil part alone ...", flush=True)
    commands = {
        "make_test_seconds": ["make", "test"],
        "sybil_seconds": [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "docs",
            "code",
        ],
    }
    tests = {}
    for name, command in commands.items():
        start = time.perf_counter()
        run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        if run.returncode != 0:
            tail = (run.stdout + run.stderr).strip().splitlines()[-15:]
            print(
                f"`{' '.join(command)}` failed (exit {run.returncode}):",
                *tail,
                sep="\n",
                file=sys.stderr,
            )
            return {"error": f"`{' '.join(command[:3])}` failed with exit status {run.returncode}"}
        tests[name] = time.perf_counter() - start
    return tests


def reference_breakdown(root: Path) -> dict[str, float]:
    """The costs of the book's data pipeline, each measured on its own."""
    return {
        "per_image_seconds": reference.per_image_seconds(root),
        "collate_seconds": reference.collate_seconds(root),
        "worker_startup_seconds": statistics.median(
            reference.worker_startup_seconds(root) for _ in range(3)
        ),
        "loader_pass_4_workers_seconds": reference.loader_pass_seconds(root, num_workers=4),
        "loader_pass_0_workers_seconds": reference.loader_pass_seconds(root, num_workers=0),
    }


def machine() -> dict:
    """What the numbers were measured on."""
    info = {"cpu_count": os.cpu_count(), "cpu_model": platform.processor() or platform.machine()}
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
    info["memory_gib"] = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        **info,
        "torch_threads": torch.get_num_threads(),
        "platform": platform.platform(),
        "torch": torch.__version__,
        "python": platform.python_version(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--runs", type=int, default=7, help="runs of each of our trainers (median)")
    parser.add_argument(
        "--reference-runs", type=int, default=3, help="runs of the reference pipeline"
    )
    parser.add_argument(
        "--tests", action="store_true", help="also time `make test` and the sybil part (minutes)"
    )
    parser.add_argument(
        "--no-compile", action="store_true", help="skip the torch.compile trial (about 30 s)"
    )
    args = parser.parse_args(argv)
    # The book asks for 4 workers on any machine; PyTorch warns when that exceeds the cores.
    warnings.filterwarnings("ignore", "This DataLoader will create", UserWarning)
    if args.runs < 1 or args.reference_runs < 1:
        parser.error("--runs and --reference-runs must be at least 1")

    config = TrainConfig()  # the book's hyperparameters, which every trainer here uses
    data = load_fashion_mnist()
    root = locate_fashion_mnist()
    timed = time_trainers(data, root, config, args.runs, args.reference_runs)
    rows = {name: timed[name] for name in ("concise", "scratch", "reference", "reference_resize")}
    images = config.num_epochs * len(data.train)
    for row in rows.values():
        row["images_per_second"] = images / row["seconds"]
        row["speedup_vs_reference"] = rows["reference"]["seconds"] / row["seconds"]

    tried = {
        "scratch_row_major": timed["scratch_row_major"],
        "concise_one_thread": timed["concise_one_thread"],
        "concise_tensor_loop": timed["concise_tensor_loop"],
        "gather_microseconds": experiments.gather_microseconds(data),
    }
    if not args.no_compile:
        print("torch.compile, in a fresh process with an empty compiler cache ...", flush=True)
        tried["compile"] = experiments.compile_in_fresh_process()
    print("profiling ...", flush=True)
    profiles = {impl: experiments.profile_steps(impl, data) for impl in ("concise", "scratch")}
    print("the reference's costs, one by one ...", flush=True)
    breakdown = reference_breakdown(root)

    gflop = config.num_epochs * epoch_gflop(len(data.train), len(data.test))
    peak = matmul_gflops()
    compute = {
        "gflop": gflop,
        "matmul_gflops": peak,
        "fraction_of_matmul_peak": {
            impl: gflop / rows[impl]["seconds"] / peak for impl in ("concise", "scratch")
        },
    }

    load = "from softmax_regression import load_fashion_mnist; data = load_fashion_mnist()"
    memory = {
        "dataset_float32_mib": (data.train.X.nbytes + data.test.X.nbytes) / 2**20,
        "dataset_uint8_mib": (data.train.X.numel() + data.test.X.numel()) / 2**20,
        "peak_rss_import_torch_mib": peak_memory_mib("import torch, torchvision"),
        "peak_rss_load_mib": peak_memory_mib(load),
        "peak_rss_load_out_of_place_mib": peak_memory_mib(
            "from softmax_regression import locate_fashion_mnist\n"
            "from torchvision.datasets import FashionMNIST\n"
            "for train in (True, False):\n"
            "    data = FashionMNIST(locate_fashion_mnist(), train=train).data\n"
            "    X = data.unsqueeze(1).float() / 255  # what load_split did before div_"
        ),
        "peak_rss_train_mib": peak_memory_mib(
            f"{load}\nfrom softmax_regression import TrainConfig, build_model, train\n"
            "train(build_model('concise'), data, TrainConfig(), progress=False)"
        ),
    }

    print("build, cold and warm ...", flush=True)
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
    tests = time_tests() if args.tests else {}

    results = {
        "schema": SCHEMA,
        "machine": machine(),
        "run": {
            "num_epochs": config.num_epochs,
            "batch_size": config.batch_size,
            "num_train": len(data.train),
            "num_test": len(data.test),
            "batches_per_epoch": math.ceil(len(data.train) / config.batch_size),
        },
        "training": rows,
        "tried": tried,
        "profile": profiles,
        "reference_breakdown": breakdown,
        "compute": compute,
        "memory": memory,
        "build": build,
        "tests": tests,
        "targets": targets(rows),
    }
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    print(_report(results))
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


def targets(training: dict) -> list[dict]:
    """Each target of the benchmark, what was measured, and whether it is met."""
    concise, scratch = training["concise"], training["scratch"]
    accuracies = [row["test_acc"] for row in training.values()]
    checks = [
        (
            "the concise trainer's 10 epochs",
            f"at most {CONCISE_SECONDS:.1f} s",
            f"{concise['seconds']:.2f} s",
            concise["seconds"] <= CONCISE_SECONDS,
        ),
        (
            "the concise trainer against the book's pipeline",
            f"at least {SPEEDUP:.0f}x faster",
            f"{concise['speedup_vs_reference']:.1f}x",
            concise["speedup_vs_reference"] >= SPEEDUP,
        ),
        (
            "the scratch trainer against the concise one",
            f"at most {SCRATCH_FACTOR}x its time",
            f"{scratch['seconds'] / concise['seconds']:.2f}x",
            scratch["seconds"] <= SCRATCH_FACTOR * concise["seconds"],
        ),
        (
            "the final test accuracies",
            f"within {ACCURACY_GAP} of each other",
            f"{max(accuracies) - min(accuracies):.4f} apart",
            max(accuracies) - min(accuracies) <= ACCURACY_GAP,
        ),
    ]
    return [
        {"what": what, "target": target, "measured": measured, "met": met}
        for what, target, measured, met in checks
    ]


def _report(results: dict) -> str:
    """The headline table and the targets, for the terminal."""
    lines = [
        f"{'pipeline':10s} {'seconds':>8s} {'images/s':>10s} {'speed-up':>9s} {'test acc':>9s}"
    ]
    for name, row in results["training"].items():
        lines.append(
            f"{name:10s} {row['seconds']:8.2f} {row['images_per_second']:10,.0f} "
            f"{row['speedup_vs_reference']:8.1f}x {row['test_acc']:9.4f}"
        )
    for target in results["targets"]:
        verdict = "met" if target["met"] else "NOT met"
        lines.append(
            f"{target['what']}: {target['target']}, measured {target['measured']}: {verdict}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
