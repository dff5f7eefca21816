"""``make bench``: the trainer as a user meets it, measured on this machine in one run.

Prints a table, every target with its measured value and whether it is met, and writes
``benchmarks/results.json`` (git-ignored), which the site build turns into the Performance
page. ``--record`` also copies a full run into ``benchmarks/recorded/results.json``, the
committed record the page shows where no local run exists. Every ratio compares two
measurements taken in this same run, timed in interleaved rounds, so a slow moment of the
machine hits both alike.

The sections, in order: our trainers and the book's pipeline in this process, on a quiet
machine; the trainer beside a busy competing process; whole processes (the command, the
import, the loader); the profiles; the trials; the book's pipeline cost by cost; peak memory;
the build; the tests (``--tests``).
"""

import argparse
import contextlib
import datetime
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import torch

from benchmarks import experiments, processes, reference
from benchmarks.targets import report, targets
from sitebuild.performance import SCHEMA
from softmax_regression import (
    TrainConfig,
    build_model,
    load_fashion_mnist,
    locate_fashion_mnist,
)
from softmax_regression.training import torch_threads

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results.json"
RECORDED = ROOT / "benchmarks" / "recorded" / "results.json"

#: run counts of a full run, and of ``--quick``
FULL = {
    "runs": 7,
    "reference_runs": 2,
    "process_runs": 3,
    "reference_process_runs": 1,
    "load_runs": 3,
    "import_runs": 3,
    "loader_runs": 5,
}
QUICK = {
    "runs": 2,
    "reference_runs": 1,
    "process_runs": 1,
    "reference_process_runs": 1,
    "load_runs": 1,
    "import_runs": 1,
    "loader_runs": 2,
}


def _summary(seconds: list[float], accuracy: float) -> dict:
    return {"seconds": statistics.median(seconds), "runs": seconds, "test_acc": accuracy}


def alternative_threads(default: int | None) -> int:
    """The other thread count the thread rows compare the default with: 2, or 1 if 2 is it."""
    return 1 if default == 2 else 2


def timed_rounds(
    functions: dict[str, Callable[[], tuple[float, float]]], runs: dict[str, int]
) -> dict[str, dict]:
    """Call each function ``runs[name]`` times, in interleaved rounds; median seconds and accuracy."""
    seconds: dict[str, list[float]] = {name: [] for name in functions}
    accuracy = {}
    for round_ in range(max(runs.values())):
        todo = [name for name in functions if round_ < runs[name]]
        for name in todo:
            elapsed, accuracy[name] = functions[name]()
            seconds[name].append(elapsed)
        print(
            f"  round {round_ + 1}: " + ", ".join(f"{n} {seconds[n][-1]:.2f} s" for n in todo),
            flush=True,
        )
    return {name: _summary(seconds[name], accuracy[name]) for name in functions}


def quiet_trainers(data, root: Path, default: TrainConfig, runs: int, reference_runs: int) -> dict:
    """Our trainers and the book's pipeline in this process, with nothing else running."""
    alternative = TrainConfig(num_threads=alternative_threads(default.num_threads))
    ours = {
        "concise": lambda: experiments.train_seconds(build_model("concise"), data, default),
        "concise_alternative_threads": lambda: experiments.train_seconds(
            build_model("concise"), data, alternative
        ),
        "scratch": lambda: experiments.train_seconds(build_model("scratch"), data, default),
        "scratch_row_major": lambda: experiments.train_seconds(
            experiments.row_major_scratch(), data, default
        ),
        "concise_tensor_loop": lambda: experiments.train_seconds_tensor_loop(
            build_model("concise"), data
        ),
    }
    for function in ours.values():
        function()  # warm-up: first-call overheads are not training
    references = {
        "reference": lambda: reference.train_reference(root, default, edition="zh"),
        "reference_resize": lambda: reference.train_reference(root, default, edition="en"),
    }
    return timed_rounds(
        {**ours, **references},
        {**dict.fromkeys(ours, runs), **dict.fromkeys(references, reference_runs)},
    )


def loaded_trainers(data, default: TrainConfig, runs: int) -> dict:
    """The concise trainer on the default and the other thread count, beside a busy process."""
    alternative = TrainConfig(num_threads=alternative_threads(default.num_threads))
    functions = {
        "concise": lambda: experiments.train_seconds(build_model("concise"), data, default),
        "concise_alternative_threads": lambda: experiments.train_seconds(
            build_model("concise"), data, alternative
        ),
    }
    with processes.competing_process():
        return timed_rounds(functions, dict.fromkeys(functions, runs))


def thread_rows(default: TrainConfig, quiet: dict, loaded: dict) -> dict:
    """The thread comparison: quiet and loaded, the default count and the other one."""
    keys = {"default": "concise", "alternative": "concise_alternative_threads"}
    return {
        "default": default.num_threads,
        "alternative": alternative_threads(default.num_threads),
        "torch_threads": torch.get_num_threads(),  # what ``None`` would use in this process
        "competitor": processes.BUSY_LOOP,
        "quiet": {row: quiet[key] for row, key in keys.items()},
        "loaded": {row: loaded[key] for row, key in keys.items()},
    }


def loader_seconds(runs: int) -> dict:
    """``load_fashion_mnist()`` in this process, files verified as on every load."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        load_fashion_mnist()
        seconds.append(time.perf_counter() - start)
    return {"seconds": statistics.median(seconds), "runs": seconds}


def whole_processes(counts: dict) -> dict:
    """The command, the book's pipeline as a process, the import and the loader."""
    print("  import softmax_regression, in fresh processes ...", flush=True)
    imported = processes.import_probe(counts["import_runs"])
    commands = processes.time_commands(
        {"train": counts["process_runs"], "reference": counts["reference_process_runs"]}
    )
    return {
        **commands,
        "speedup": commands["reference"]["seconds"] / commands["train"]["seconds"],
        "import": imported,
        "load": loader_seconds(counts["loader_runs"]),
    }


def matmul_gflops(size: int = 2048, repeats: int = 5, threads: int | None = None) -> float:
    """The machine's measured float32 matmul throughput (best of ``repeats``), in GFLOP/s."""
    a, b = torch.randn(size, size), torch.randn(size, size)
    with torch_threads(threads):
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
        "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
        "platform": platform.platform(),
        "torch": torch.__version__,
        "python": platform.python_version(),
    }


def cpu_times() -> tuple[int, int] | None:
    """(steal, total) jiffies of all CPUs since boot, from ``/proc/stat``; None elsewhere.

    Steal is the time a virtual machine's CPUs were ready to run but the
    hypervisor ran something else: a benchmark cannot be quiet while it is high,
    whatever the load average inside the machine says.
    """
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except (OSError, IndexError):
        return None
    values = [int(value) for value in fields[:8]]
    return (values[7] if len(values) == 8 else 0), sum(values)


def steal_fraction(start: tuple[int, int] | None, end: tuple[int, int] | None) -> float | None:
    """The fraction of CPU time stolen by the hypervisor between two :func:`cpu_times`."""
    if start is None or end is None or end[1] <= start[1]:
        return None
    return (end[0] - start[0]) / (end[1] - start[1])


def commit() -> dict | None:
    """The commit of the measured tree and whether the tree differed from it, if git can tell."""
    try:
        sha, status = (
            subprocess.run(
                ["git", *command], cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout.strip()
            for command in (["rev-parse", "HEAD"], ["status", "--porcelain"])
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return {"sha": sha, "dirty": bool(status)}


class Sections:
    """Wall seconds of each section of the run, printed as it starts and ends."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        print(f"== {name} ...", flush=True)
        start = time.perf_counter()
        yield
        self.seconds[name] = time.perf_counter() - start
        print(f"== {name}: {self.seconds[name]:.0f} s", flush=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench", description=__doc__.splitlines()[0]
    )
    helps = {
        "runs": "runs of each of our trainers in process, quiet (median)",
        "reference_runs": "runs of each edition of the book's pipeline in process",
        "process_runs": "runs of `python -m softmax_regression train --impl concise`",
        "reference_process_runs": "runs of the book's pipeline as a process",
        "load_runs": "runs of each thread count beside the busy process",
        "import_runs": "fresh processes timing `import softmax_regression`",
        "loader_runs": "calls of load_fashion_mnist() timed in process",
    }
    for name, text in helps.items():
        parser.add_argument(
            f"--{name.replace('_', '-')}", type=int, help=f"{text} (default {FULL[name]})"
        )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a check that every part runs: the fewest runs, no torch.compile, no build "
        f"({', '.join(f'{k} {v}' for k, v in QUICK.items())}); not recordable",
    )
    parser.add_argument(
        "--tests", action="store_true", help="also time `make test` and the sybil part (minutes)"
    )
    parser.add_argument(
        "--no-compile", action="store_true", help="skip the torch.compile trial (about a minute)"
    )
    parser.add_argument(
        "--no-build", action="store_true", help="skip timing the build step and mkdocs"
    )
    parser.add_argument(
        "--record",
        action="store_true",
        help="also copy the results into benchmarks/recorded/results.json, the committed record "
        "(only a full run: default run counts, with the compile trial and the build)",
    )
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The arguments, with every run count filled in and ``full`` telling whether it is a full run."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.quick:
        args.no_compile = args.no_build = True
    base = QUICK if args.quick else FULL
    for name in FULL:
        if getattr(args, name) is None:
            setattr(args, name, base[name])
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    args.full = (
        all(getattr(args, name) >= FULL[name] for name in FULL)
        and not args.no_compile
        and not args.no_build
    )
    if args.record and not args.full:
        parser.error(
            "--record takes a full run: no --quick, --no-compile, --no-build or fewer runs"
        )
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # The book asks for 4 workers on any machine; PyTorch warns when that exceeds the cores.
    warnings.filterwarnings("ignore", "This DataLoader will create", UserWarning)
    started = datetime.datetime.now(datetime.UTC)
    load_average = os.getloadavg()[0]  # before this run adds its own: is the machine quiet?
    times_at_start = cpu_times()
    measured_commit = commit()
    section = Sections()
    default = TrainConfig()  # the book's hyperparameters and the package's thread policy
    data = load_fashion_mnist()
    root = locate_fashion_mnist()
    counts = {name: getattr(args, name) for name in FULL}

    with section("quiet, in process"):
        quiet = quiet_trainers(data, root, default, args.runs, args.reference_runs)
    with section("under load"):
        loaded = loaded_trainers(data, default, args.load_runs)
    with section("whole process"):
        process = whole_processes(counts)
    rows = {name: quiet[name] for name in ("concise", "scratch", "reference", "reference_resize")}
    images = default.num_epochs * len(data.train)
    for row in rows.values():
        row["images_per_second"] = images / row["seconds"]
        row["speedup_vs_reference"] = rows["reference"]["seconds"] / row["seconds"]

    with section("profile"):
        profiles = {impl: experiments.profile_steps(impl, data) for impl in ("concise", "scratch")}
    with section("trials"):
        tried = {
            "scratch_row_major": quiet["scratch_row_major"],
            "concise_tensor_loop": quiet["concise_tensor_loop"],
            "gather_microseconds": experiments.gather_microseconds(data),
        }
        if not args.no_compile:
            print("  torch.compile, in a fresh process with an empty compiler cache", flush=True)
            tried["compile"] = experiments.compile_in_fresh_process()
    with section("the book's pipeline, cost by cost"):
        breakdown = reference_breakdown(root)
    with section("memory"):
        gflop = default.num_epochs * epoch_gflop(len(data.train), len(data.test))
        peak = matmul_gflops(threads=default.num_threads)
        compute = {
            "gflop": gflop,
            "matmul_gflops": peak,
            "matmul_threads": default.num_threads or torch.get_num_threads(),
            "fraction_of_matmul_peak": {
                impl: gflop / rows[impl]["seconds"] / peak for impl in ("concise", "scratch")
            },
        }
        peaks = processes.memory(data)
    results = {
        "schema": SCHEMA,
        "recorded_at": started.isoformat(timespec="seconds"),
        "commit": measured_commit,
        "full": args.full,
        "counts": counts,
        "machine": {
            **machine(),
            "load_average_at_start": load_average,
            "steal_fraction": steal_fraction(times_at_start, cpu_times()),
        },
        "run": {
            "num_epochs": default.num_epochs,
            "batch_size": default.batch_size,
            "num_train": len(data.train),
            "num_test": len(data.test),
            "batches_per_epoch": math.ceil(len(data.train) / default.batch_size),
        },
        "training": rows,
        "threads": thread_rows(default, quiet, loaded),
        "process": process,
        "tried": tried,
        "profile": profiles,
        "reference_breakdown": breakdown,
        "compute": compute,
        "memory": peaks,
    }
    if not args.no_build:
        with section("build"):
            results["build"] = processes.time_build()
    if args.tests:
        with section("tests"):
            results["tests"] = processes.time_tests()
    results["sections"] = section.seconds
    results["targets"] = targets(results)
    write_results(results, record=args.record)
    print(report(results))
    print(f"written to {os.path.relpath(RESULTS, ROOT)}")
    if args.record:
        print(f"recorded in {os.path.relpath(RECORDED, ROOT)}: commit it")
    return 0


def write_results(results: dict, record: bool = False) -> None:
    """Write the local results; with ``record``, also the committed record (a full run only)."""
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    if record:
        if not results["full"]:
            raise ValueError("only a full run may be recorded")
        RECORDED.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(RESULTS, RECORDED)


if __name__ == "__main__":
    raise SystemExit(main())
