"""The Performance page's tables, with the paragraphs that describe them, from a ``make bench`` run.

Two files may hold a run: ``benchmarks/results.json``, the last ``make bench`` of
this machine (git-ignored), and ``benchmarks/recorded/results.json``, a full run
committed with the code. :func:`read_results` takes the local one, else the
record, and the first fragment says which one the page shows. Each fragment is
a table with the paragraphs about it, so a measurement that is not there takes
its paragraphs with it.

The results carry a schema version, :data:`SCHEMA`: with no results, or only
results of another schema, every fragment is a note that says to run ``make
bench``. A section the run skipped (``--no-build``) makes its fragment say "Not
measured"; a section that is there but lacks a key is a bug, and fails the
build with :class:`BenchmarkError`. Inside a section, only the optional parts
(the ``torch.compile`` trial, the tests of ``--tests``) are looked up with a
default.
"""

import datetime
import json
from collections.abc import Callable
from pathlib import Path

from sitebuild.performance_costs import profile, reference, spread, threads_label, tried, versus
from sitebuild.tables import markdown_table

__all__ = ["FRAGMENTS", "SCHEMA", "BenchmarkError", "fragments", "outdated", "read_results"]

#: the version of the layout of results.json; raise it when the layout changes
SCHEMA = 3
NO_BENCHMARK = (
    '!!! note "No benchmark yet"\n    This copy of the site was built where neither '
    "`make bench` has run nor a recorded run was found. Run `make bench`, then "
    "rebuild (`make site` or `make serve`): the tables appear here.\n"
)
OUTDATED = (
    '!!! note "Benchmark out of date"\n    The benchmark results were written by '
    "an older `make bench`. Run `make bench` again, then rebuild.\n"
)
NOT_MEASURED = (
    '!!! note "Not measured"\n    The run this page shows skipped this part '
    "(`make bench` with `--quick` or `--no-build`). A full `make bench` measures it.\n"
)


class BenchmarkError(RuntimeError):
    """results.json has the current schema but lacks a measurement the page shows."""


def read_results(local: Path, recorded: Path) -> tuple[dict | None, str | None]:
    """The results the page shows, and where they come from: ``"local"`` or ``"recorded"``.

    The local run if it has the current schema, else the record if it has; else
    whichever exists (its fragments then say it is out of date); else ``(None, None)``.
    """
    found = [
        (json.loads(path.read_text()), origin)
        for path, origin in ((local, "local"), (recorded, "recorded"))
        if path.is_file()
    ]
    current = [(results, origin) for results, origin in found if not outdated(results)]
    return (current or found or [(None, None)])[0]


def _when(results: dict) -> str:
    moment = datetime.datetime.fromisoformat(results["recorded_at"])
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _commit(results: dict) -> str:
    commit = results["commit"]
    if commit is None:
        return "an unknown commit"
    changes = " with uncommitted changes" if commit["dirty"] else ""
    return f"commit `{commit['sha'][:10]}`{changes}"


def _machine(machine: dict) -> str:
    return f"{machine['cpu_count']} CPU cores ({machine['cpu_model']})"


def source(results: dict, origin: str) -> str:
    """Which run the page shows: this machine's, or the committed record."""
    if origin == "local":
        text = (
            f'!!! info "Measured on this machine"\n    Measured by `make bench` on this '
            f"machine on {_when(results)}, {_commit(results)}."
        )
    else:
        text = (
            f'!!! info "A recorded run"\n    A recorded run from {_when(results)} on '
            f"{_machine(results['machine'])}, {_commit(results)}; run `make bench` to "
            "measure yours."
        )
    if not results["full"]:
        text += " A reduced run (fewer runs than a full `make bench`): its medians are rough."
    return text + "\n"


NAMES = {
    "reference": "book's pipeline, Chinese edition (DataLoader, ToTensor, 4 workers)",
    "reference_resize": "book's pipeline, English edition 1.0 (the same with Resize)",
    "concise": "ours, concise",
    "scratch": "ours, from scratch",
}

HEADLINE = """
All the pipelines train the same model from the same initial weights with the
same hyperparameters (learning rate 0.1, minibatches of 256, ten epochs); the
book's draws its minibatches in a different random order, so its test accuracy
need not match ours, while the two implementations of this project see the same
minibatches in the same order and differ only by float32 rounding
([the concise page](concise.md#the-same-model-step-for-step) checks it). Each
timed run includes the evaluation of the test set after every epoch, as the
book's does. The row of the English edition's pipeline times its variant with
`Resize`, [described below](#where-the-books-pipeline-spends-its-time).
"""


def headline(results: dict) -> str:
    """The targets; seconds, throughput, speed-up and accuracy in process; the machine."""
    training, machine, counts = results["training"], results["machine"], results["counts"]
    text = "The targets, and what this run measured:\n\n"
    text += markdown_table(
        ["what", "target", "measured", "met"],
        [
            [t["what"], t["target"], t["measured"], "yes" if t["met"] else "**no**"]
            for t in results["targets"]
        ],
        "llll",
    )
    rows = [
        [
            NAMES[key],
            f"{row['seconds']:.2f}",
            spread(row["runs"]),
            f"{row['images_per_second']:,.0f}",
            f"{row['speedup_vs_reference']:.1f}x",
            f"{row['test_acc']:.4f}",
        ]
        for key, row in sorted(training.items(), key=lambda item: -item[1]["seconds"])
    ]
    header = [
        "pipeline",
        f"seconds ({results['run']['num_epochs']} epochs, median)",
        "fastest to slowest run",
        "training images/s",
        "speed-up",
        "test accuracy",
    ]
    text += (
        "\nThe trainers in one Python process on a quiet machine, each timed from its "
        "first minibatch to its last evaluation (the imports and the loading of the data "
        "come before; the [whole-process rows](#the-whole-command) count them). The "
        "speed-up is the book's pipeline's median time divided by each row's:\n\n"
    )
    text += markdown_table(header, rows, "lrrrrr") + HEADLINE
    text += (
        f"\nMeasured on {machine['cpu_count']} CPU cores ({machine['cpu_model']}), "
        f"{machine['memory_gib']:.0f} GiB of memory, {machine['platform']}, PyTorch "
        f"{machine['torch']}, Python {machine['python']}: medians of {counts['runs']} runs "
        f"of ours, on {threads_label(results['threads']['default'])} (the package's default), and "
        f"{counts['reference_runs']} of each edition of the book's pipeline, on "
        f"{threads_label(machine['torch_threads'])}, timed in alternation. The 1-minute load "
        f"average when the run started was {machine['load_average_at_start']:.2f} (near 0 on a "
        "machine where nothing else runs).\n"
    )
    return text


def whole_process(results: dict) -> str:
    """The command as a user types it, against the book's pipeline as a process."""
    process = results["process"]
    train, book, imported, load = (process[k] for k in ("train", "reference", "import", "load"))
    rows = [
        [f"`{train['command']}`, the whole process", train, 2],
        [f"`{book['command']}`, the book's pipeline as a process", book, 2],
        ["`import softmax_regression` in a fresh process", imported, 2],
        ["`load_fashion_mnist()` in a process that has imported it", load, 3],
    ]
    text = markdown_table(
        ["what", "seconds (median)", "fastest to slowest run", "runs"],
        [
            [
                what,
                f"{row['seconds']:.{digits}f}",
                spread(row["runs"], digits),
                str(len(row["runs"])),
            ]
            for what, row, digits in rows
        ],
        "lrrr",
    )
    torchvision = (
        "also imported torchvision" if imported["torchvision"] else "did not import torchvision"
    )
    text += f"""
The whole command was {process["speedup"]:.1f}x faster than the book's pipeline
as a process, and its final test accuracy was {train["test_acc"]:.4f} (the book's
{book["test_acc"]:.4f}). Importing the package {torchvision}.

Each process was started as a new shell starts one: the same Python, from the
project's folder, without `OMP_NUM_THREADS`. Its wall time counts the
interpreter's start, the imports, loading the data, the ten epochs with the test
set evaluated after each, and printing. The import row times the `import`
statement alone, inside the child; the loader row is a call in the benchmark's
own process, with the files in the operating system's cache.
"""
    return text


def threads(results: dict) -> str:
    """The concise trainer on the default and another thread count, quiet and beside a busy process."""
    rows_of = results["threads"]
    counts = results["counts"]
    rows = []
    for row in ("default", "alternative"):
        quiet, loaded = rows_of["quiet"][row], rows_of["loaded"][row]
        label = threads_label(rows_of[row]) + (" (the default)" if row == "default" else "")
        rows.append(
            [
                label,
                f"{quiet['seconds']:.2f}",
                f"{loaded['seconds']:.2f}",
                f"{loaded['seconds'] / quiet['seconds']:.2f}x",
            ]
        )
    text = (
        "`make bench` measures the choice: the concise trainer on the default and on "
        "another number of threads, on a quiet machine and beside a process of its own "
        "that keeps one core busy, side by side:\n\n"
    )
    text += markdown_table(
        ["torch threads while training", "quiet: seconds", "beside a busy process: seconds",
         "busy / quiet"],
        rows,
        "lrrr",
    )  # fmt: skip
    quiet, loaded = rows_of["quiet"], rows_of["loaded"]
    alternative, default = threads_label(rows_of["alternative"]), threads_label(rows_of["default"])
    text += (
        "\nEach cell is the concise trainer's ten epochs in one process, the median of "
        f"{counts['runs']} runs on the quiet machine and of {counts['load_runs']} beside the "
        "busy process, a Python loop that keeps one core busy (`while True: pass`), which "
        "`make bench` starts for these rows and stops after them. On the quiet machine, "
        f"{alternative} took "
        f"{versus(quiet['alternative']['seconds'], quiet['default']['seconds'])} of "
        f"{default}; beside the busy process, "
        f"{versus(loaded['alternative']['seconds'], loaded['default']['seconds'])}.\n"
    )
    return text


def memory(results: dict) -> str:
    """The data's size and the peak memory of processes doing more and more."""
    memory = results["memory"]
    epochs = results["run"]["num_epochs"]
    rows = [
        ["the images in memory, as uint8 (as the package keeps them)", memory["dataset_uint8_mib"]],
        ["the same images as float32", memory["dataset_float32_mib"]],
        ["peak memory of a process that imports torch", memory["peak_rss_import_torch_mib"]],
        ["... that imports torch and torchvision", memory["peak_rss_import_torchvision_mib"]],
        ["... that imports `softmax_regression`", memory["peak_rss_import_package_mib"]],
        ["... that loads the data", memory["peak_rss_load_mib"]],
        [f"... that loads the data and trains {epochs} epochs", memory["peak_rss_train_mib"]],
    ]
    text = (
        "The size of the data in memory, and the peak memory of fresh processes that do "
        "more and more, from importing torch up to loading the data and training:\n\n"
    )
    text += markdown_table(["measurement", "MiB"], [[a, f"{b:.0f}"] for a, b in rows], "lr")
    return text + (
        "\nEach peak is the high-water mark of resident memory (`VmHWM`) of a fresh Python "
        "process that does what its row says, so the rows separate PyTorch itself, "
        "torchvision, the package, the data and the training.\n"
    )


def build(results: dict) -> str:
    """The build step and the tests."""
    if "build" not in results and not results.get("tests"):
        return NOT_MEASURED
    rows = []
    if build := results.get("build"):
        rows += [
            ["build step, cold (train, figures, notebooks)", f"{build['cold_seconds']:.1f} s"],
            ["build step, warm (nothing changed)", f"{build['warm_seconds']:.2f} s"],
            ["`mkdocs build --strict`", f"{build['mkdocs_build_seconds']:.1f} s"],
        ]
    tests = results.get("tests") or {}
    if "make_test_seconds" in tests:
        rows.append(["`make test` (set-up done)", f"{tests['make_test_seconds']:.0f} s"])
    if "sybil_seconds" in tests:
        rows.append(
            ["the pages' and docstrings' examples alone (sybil)", f"{tests['sybil_seconds']:.0f} s"]
        )
    text = markdown_table(["measurement", "value"], rows, "lr") if rows else ""
    if "build" not in results:
        text += "\nThe build was not timed in this run (`--no-build` or `--quick`).\n"
    if "error" in tests:
        text += f"\nThe tests were not timed: in this run {tests['error']}.\n"
    elif not tests:
        text += "\nThe tests were not timed in this run (`make bench BENCH_ARGS=--tests` does).\n"
    return text


FRAGMENTS: dict[str, tuple[tuple[str, ...], Callable[[dict], str]]] = {
    "performance.md": (("training", "targets", "threads"), headline),
    "performance_process.md": (("process",), whole_process),
    "performance_threads.md": (("threads",), threads),
    "performance_reference.md": (("reference_breakdown", "training"), reference),
    "performance_profile.md": (("profile", "compute"), profile),
    "performance_tried.md": (("tried", "training"), tried),
    "performance_memory.md": (("memory",), memory),
    "performance_build.md": ((), build),
}
FIRST = "performance.md"  # the fragment at the top of the page


def outdated(results: dict | None) -> bool:
    """Whether ``results`` is missing or was written with another schema."""
    return results is None or results.get("schema") != SCHEMA


def fragments(results: dict | None, origin: str | None = "local") -> dict[str, str]:
    """File name -> Markdown of every Performance page fragment.

    Args:
        results: the parsed results.json, or ``None`` when there is none.
        origin: ``"local"`` (this machine's last ``make bench``) or ``"recorded"``.

    Raises:
        BenchmarkError: ``results`` has the current schema but lacks a key.
    """
    if results is None:
        return dict.fromkeys(FRAGMENTS, NO_BENCHMARK)
    if outdated(results):
        return dict.fromkeys(FRAGMENTS, OUTDATED)
    rendered = {}
    for name, (sections, render) in FRAGMENTS.items():
        try:
            if name == FIRST:  # the page says which run it shows before anything else
                rendered[name] = source(results, origin) + "\n"
            else:
                rendered[name] = ""
            if all(section in results for section in sections):
                rendered[name] += render(results)
            else:
                rendered[name] += NOT_MEASURED
        except KeyError as error:
            raise BenchmarkError(
                f"the benchmark results (schema {SCHEMA}) have no {error} for "
                f"{name}: make bench and sitebuild/performance.py disagree"
            ) from None
    return rendered
