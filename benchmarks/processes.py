"""What ``make bench`` measures in processes of their own: the whole command as a user runs it,
the import, peak memory, the build and the tests; and the busy process that loads the machine.

Every child is started as a new shell would start it: the same Python, from the project's
folder, without the ``OMP_NUM_THREADS`` of the benchmark's caller (the tests' one-thread
setting must not leak into what a user would see).
"""

import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "BUSY_LOOP",
    "competing_process",
    "import_probe",
    "memory",
    "peak_memory_mib",
    "time_build",
    "time_commands",
    "time_tests",
    "user_environment",
]

ROOT = Path(__file__).resolve().parents[1]
#: the competing process of the "under load" rows: one core kept busy in pure Python, as
#: ``while True: pass`` does, but ending by itself if the benchmark dies: every million turns,
#: a few times a second, it checks that its parent is still the process named by its argument
BUSY_LOOP = (
    "import os, sys\n"
    "while os.getppid() == int(sys.argv[1]):\n"
    "    for _ in range(1_000_000):\n"
    "        pass\n"
)
#: the commands timed as whole processes: ours, and the book's pipeline
COMMANDS = {
    "train": [sys.executable, "-m", "softmax_regression", "train", "--impl", "concise"],
    "reference": [sys.executable, "-m", "benchmarks.reference", "--edition", "zh"],
}


def user_environment() -> dict[str, str]:
    """This process's environment without the thread settings a user's shell would not have."""
    return {
        name: value
        for name, value in os.environ.items()
        if name not in ("OMP_NUM_THREADS", "MKL_NUM_THREADS")
    }


def _run(command: list[str]) -> tuple[float, str]:
    """Wall seconds of ``command`` from start to exit, and its standard output."""
    start = time.perf_counter()
    run = subprocess.run(
        command, cwd=ROOT, env=user_environment(), capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        tail = run.stderr.strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"`{' '.join(command[1:])}` failed ({run.returncode}): {tail[0]}")
    return seconds, run.stdout


def _final_test_accuracy(name: str, stdout: str) -> float:
    """The last epoch's test accuracy from the CLI's table, or from the reference's JSON."""
    last = stdout.strip().splitlines()[-1]
    return json.loads(last)["test_acc"] if name == "reference" else float(last.split()[3])


def time_commands(runs: dict[str, int]) -> dict[str, dict]:
    """Wall time of each of :data:`COMMANDS`, ``runs[name]`` times, in alternation.

    Returns name -> the median seconds, every run, and the final test accuracy printed.
    """
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    accuracy = {}
    for round_ in range(max(runs.values())):
        for name, count in runs.items():
            if round_ < count:
                elapsed, stdout = _run(COMMANDS[name])
                seconds[name].append(elapsed)
                accuracy[name] = _final_test_accuracy(name, stdout)
                print(f"  process {name}: {elapsed:.2f} s", flush=True)
    return {
        name: {
            "command": " ".join(["python", *COMMANDS[name][1:]]),
            "seconds": statistics.median(seconds[name]),
            "runs": seconds[name],
            "test_acc": accuracy[name],
        }
        for name in runs
    }


IMPORT_PROBE = (
    "import json, sys, time\n"
    "start = time.perf_counter()\n"
    "import softmax_regression\n"
    "seconds = time.perf_counter() - start\n"
    "print(json.dumps({'seconds': seconds, 'torchvision': 'torchvision' in sys.modules}))"
)


def import_probe(runs: int = 3) -> dict:
    """``import softmax_regression`` in fresh processes: its seconds, and whether torchvision came.

    Both are measured inside the child: the seconds of the import statement alone (the
    interpreter's own start is not counted), and ``"torchvision" in sys.modules`` after it.
    """
    probes = [json.loads(_run([sys.executable, "-c", IMPORT_PROBE])[1]) for _ in range(runs)]
    seconds = [probe["seconds"] for probe in probes]
    return {
        "seconds": statistics.median(seconds),
        "runs": seconds,
        "torchvision": any(probe["torchvision"] for probe in probes),
    }


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
    _, stdout = _run([sys.executable, "-c", probe])
    return int(stdout.split()[-1]) / 1024  # VmHWM is in kB


@contextlib.contextmanager
def competing_process(code: str = BUSY_LOOP) -> Iterator[subprocess.Popen]:
    """Run ``code`` in a separate Python process for the duration of the block.

    The code gets this process's id as its argument (``sys.argv[1]``).

    The process is killed when the block ends, whether it finishes, raises or is
    interrupted (Ctrl-C); :data:`BUSY_LOOP` also ends by itself if the benchmark is killed.
    """
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(os.getpid())],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.2)  # let it start and take its core
        yield process
    finally:
        process.kill()
        process.wait()


LOAD = "from softmax_regression import load_fashion_mnist; data = load_fashion_mnist()"


def memory(data) -> dict:
    """The data's size in memory, and the peak memory of fresh processes doing more and more."""
    images = data.train.X.numel() + data.test.X.numel()
    return {
        "dataset_uint8_mib": images / 2**20,
        "dataset_float32_mib": 4 * images / 2**20,
        "peak_rss_import_torch_mib": peak_memory_mib("import torch"),
        "peak_rss_import_torchvision_mib": peak_memory_mib("import torch, torchvision"),
        # torch.optim imports torch._dynamo on an optimizer's first use (torch 2.14:
        # torch/_compile.py and torch/optim/optimizer.py), which the scratch model avoids
        "peak_rss_import_dynamo_mib": peak_memory_mib("import torch, torch._dynamo"),
        "peak_rss_import_package_mib": peak_memory_mib("import softmax_regression"),
        "peak_rss_load_mib": peak_memory_mib(LOAD),
        "peak_rss_train_mib": peak_memory_mib(
            f"{LOAD}\nfrom softmax_regression import TrainConfig, build_model, train\n"
            "train(build_model('concise'), data, TrainConfig(), progress=False)"
        ),
        "peak_rss_train_scratch_mib": peak_memory_mib(
            f"{LOAD}\nfrom softmax_regression import TrainConfig, build_model, train\n"
            "train(build_model('scratch'), data, TrainConfig(), progress=False)"
        ),
    }


def _command_seconds(command: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, **kwargs)
    return time.perf_counter() - start


def time_build() -> dict:
    """The build step cold (no cached runs, no manifest) and warm, and ``mkdocs build``."""
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
    return build


def time_tests() -> dict:
    """Wall time of ``make test`` (set-up already done) and of the sybil examples alone.

    A failing run is not a timing: it is reported, with the end of its output, instead.
    """
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
