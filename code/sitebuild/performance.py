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

Every fragment can be written in each of the site's languages (``lang``): the
words go through :func:`sitebuild.i18n.tr`, the Chinese is in
``sitebuild.zh.performance``. The texts ``make bench`` itself writes into
results.json (the targets' descriptions, a failed command) are translated by
matching them against :data:`RECORDED_TEXTS`; one that matches none is shown as
it was recorded.
"""

import datetime
import json
import re
from collections.abc import Callable
from pathlib import Path

from sitebuild.i18n import tr
from sitebuild.performance_costs import (
    gap,
    header,
    profile,
    prose,
    reference,
    spread,
    threads_label,
    tried,
    versus,
)
from sitebuild.tables import markdown_table

__all__ = [
    "FRAGMENTS",
    "RECORDED_TEXTS",
    "SCHEMA",
    "BenchmarkError",
    "fragments",
    "outdated",
    "read_results",
    "recorded_text",
]

#: the version of the layout of results.json; raise it when the layout changes
SCHEMA = 3


def _note(lang: str, title: str, text: str) -> str:
    return f'!!! note "{tr(lang, title)}"\n    {tr(lang, text)}\n'


def _no_benchmark(lang: str) -> str:
    return _note(
        lang,
        "No benchmark yet",
        "This copy of the site was built where neither `make bench` has run nor a recorded "
        "run was found. Run `make bench`, then rebuild (`make site` or `make serve`): the "
        "tables appear here.",
    )


def _outdated(lang: str) -> str:
    return _note(
        lang,
        "Benchmark out of date",
        "The benchmark results were written by an older `make bench`. Run `make bench` "
        "again, then rebuild.",
    )


def _not_measured(lang: str) -> str:
    return _note(
        lang,
        "Not measured",
        "The run this page shows skipped this part (`make bench` with `--quick` or "
        "`--no-build`). A full `make bench` measures it.",
    )


NO_BENCHMARK, OUTDATED, NOT_MEASURED = _no_benchmark("en"), _outdated("en"), _not_measured("en")

#: the texts ``make bench`` writes into results.json and the page shows, as templates of
#: what benchmarks/targets.py (the targets) and benchmarks/processes.py (a failed command)
#: write: a field stands for a number, or for the command in ``{command}``
RECORDED_TEXTS = (
    # what each target is
    "{command}, the whole process",
    "the whole command against the book's pipeline as a process",
    "`import softmax_regression` in a fresh process",
    "`load_fashion_mnist()` from the verified files",
    "the concise trainer's {epochs} epochs beside a busy process (default: {count} thread)",
    "the concise trainer's {epochs} epochs beside a busy process (default: {count} threads)",
    "the concise trainer's {epochs} epochs beside a busy process (default: torch's own "
    "thread count)",
    "the concise trainer's {epochs} epochs, in process",
    "the scratch trainer against the concise one",
    "the final test accuracies, ours and the book's",
    "our trainers' final test accuracy at the book's settings",
    "peak memory (VmHWM) of loading and training {epochs} epochs, concise",
    "peak memory (VmHWM) of loading and training {epochs} epochs, scratch",
    # what it asks
    "at most {value} s",
    "at least {value}x faster",
    "does not import torchvision",
    "well under {value} s (checked: under {checked} s)",
    "at most {value}x its quiet time",
    "at most {value}x its time",
    "within {value} of each other",
    "{value}, as before",
    "at most {value} MiB",
    # what was measured
    "{seconds} s",
    "{value}x",
    "does not import torchvision ({seconds} s)",
    "imports torchvision ({seconds} s)",
    "{ratio}x ({loaded} s against {quiet} s)",
    "{value} apart",
    "{first} and {second}",
    "{value} MiB",
    # a command of `make bench --tests` that failed
    "{command} failed with exit status {status}",
)
_NUMBER = r"-?[0-9][0-9.,]*"


def _template_pattern(template: str) -> re.Pattern:
    parts = re.split(r"\{([a-z_]+)\}", template)
    return re.compile(
        "".join(
            re.escape(part)
            if i % 2 == 0
            else f"(?P<{part}>{'.+' if part == 'command' else _NUMBER})"
            for i, part in enumerate(parts)
        )
    )


_RECORDED_PATTERNS = [(template, _template_pattern(template)) for template in RECORDED_TEXTS]


def recorded_text(lang: str, text: str) -> str:
    """A text ``make bench`` wrote into results.json, in ``lang`` if it has a known form."""
    if lang == "en":
        return text
    for template, pattern in _RECORDED_PATTERNS:
        if match := pattern.fullmatch(text):
            return tr(lang, template, **match.groupdict())
    return text  # from a benchmark that words it otherwise: as it was recorded


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


def _commit(results: dict, lang: str) -> str:
    commit = results["commit"]
    if commit is None:
        return tr(lang, "an unknown commit")
    if commit["dirty"]:
        return tr(lang, "commit `{sha}` with uncommitted changes", sha=commit["sha"][:10])
    return tr(lang, "commit `{sha}`", sha=commit["sha"][:10])


def _machine(machine: dict, lang: str) -> str:
    return tr(
        lang, "{cores} CPU cores ({model})", cores=machine["cpu_count"], model=machine["cpu_model"]
    )


def source(results: dict, origin: str, lang: str = "en") -> str:
    """Which run the page shows: this machine's, or the committed record."""
    when, commit = _when(results), _commit(results, lang)
    if origin == "local":
        title = tr(lang, "Measured on this machine")
        text = tr(
            lang,
            "Measured by `make bench` on this machine on {when}, {commit}.",
            when=when,
            commit=commit,
        )
    else:
        title = tr(lang, "A recorded run")
        text = tr(
            lang,
            "A recorded run from {when} on {machine}, {commit}; run `make bench` to measure yours.",
            when=when,
            machine=_machine(results["machine"], lang),
            commit=commit,
        )
    if not results["full"]:
        text += gap(lang) + tr(
            lang, "A reduced run (fewer runs than a full `make bench`): its medians are rough."
        )
    return f'!!! info "{title}"\n    {text}\n'


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


def headline(results: dict, lang: str = "en") -> str:
    """The targets; seconds, throughput, speed-up and accuracy in process; the machine."""
    training, machine, counts = results["training"], results["machine"], results["counts"]
    text = tr(lang, "The targets, and what this run measured:") + "\n\n"
    text += markdown_table(
        header(lang, "what | target | measured | met"),
        [
            [recorded_text(lang, t["what"]), recorded_text(lang, t["target"]),
             recorded_text(lang, t["measured"]), tr(lang, "yes" if t["met"] else "**no**")]
            for t in results["targets"]
        ],
        "llll",
    )  # fmt: skip
    rows = [
        [
            tr(lang, NAMES[key]),
            f"{row['seconds']:.2f}",
            spread(row["runs"], lang=lang),
            f"{row['images_per_second']:,.0f}",
            f"{row['speedup_vs_reference']:.1f}x",
            f"{row['test_acc']:.4f}",
        ]
        for key, row in sorted(training.items(), key=lambda item: -item[1]["seconds"])
    ]
    columns = header(
        lang,
        "pipeline | seconds ({epochs} epochs, median) | fastest to slowest run | training "
        "images/s | speed-up | test accuracy",
        epochs=results["run"]["num_epochs"],
    )
    text += "\n" + tr(
        lang,
        "The trainers in one Python process on a quiet machine, each timed from its first "
        "minibatch to its last evaluation (the imports and the loading of the data come "
        "before; the [whole-process rows](#the-whole-command) count them). The speed-up is "
        "the book's pipeline's median time divided by each row's:",
    )
    text += "\n\n" + markdown_table(columns, rows, "lrrrrr") + prose(lang, HEADLINE)
    text += "\n" + tr(
        lang,
        "Measured on {cores} CPU cores ({model}), {memory} GiB of memory, {platform}, "
        "PyTorch {torch}, Python {python}: medians of {runs} runs of ours, on {threads} (the "
        "package's default), and {reference_runs} of each edition of the book's pipeline, "
        "on {torch_threads}, timed in alternation. The 1-minute load average when the run "
        "started was {load} (near 0 on a machine where nothing else runs).",
        cores=machine["cpu_count"],
        model=machine["cpu_model"],
        memory=f"{machine['memory_gib']:.0f}",
        platform=machine["platform"],
        torch=machine["torch"],
        python=machine["python"],
        runs=counts["runs"],
        threads=threads_label(results["threads"]["default"], lang),
        reference_runs=counts["reference_runs"],
        torch_threads=threads_label(machine["torch_threads"], lang),
        load=f"{machine['load_average_at_start']:.2f}",
    )
    return text + "\n"


WHOLE_PROCESS = """
Each process was started as a new shell starts one: the same Python, from the
project's folder, without `OMP_NUM_THREADS`. Its wall time counts the
interpreter's start, the imports, loading the data, the ten epochs with the test
set evaluated after each, and printing. The import row times the `import`
statement alone, inside the child; the loader row is a call in the benchmark's
own process, with the files in the operating system's cache.
"""


def whole_process(results: dict, lang: str = "en") -> str:
    """The command as a user types it, against the book's pipeline as a process."""
    process = results["process"]
    train, book, imported, load = (process[k] for k in ("train", "reference", "import", "load"))
    rows = [
        [tr(lang, "{command}, the whole process", command=f"`{train['command']}`"), train, 2],
        [tr(lang, "{command}, the book's pipeline as a process", command=f"`{book['command']}`"),
         book, 2],
        [tr(lang, "`import softmax_regression` in a fresh process"), imported, 2],
        [tr(lang, "`load_fashion_mnist()` in a process that has imported it"), load, 3],
    ]  # fmt: skip
    text = markdown_table(
        header(lang, "what | seconds (median) | fastest to slowest run | runs"),
        [
            [
                what,
                f"{row['seconds']:.{digits}f}",
                spread(row["runs"], digits, lang),
                str(len(row["runs"])),
            ]
            for what, row, digits in rows
        ],
        "lrrr",
    )  # fmt: skip
    text += "\n" + tr(
        lang,
        "The whole command was {speedup}x faster than the book's pipeline\nas a process, and "
        "its final test accuracy was {accuracy} (the book's\n{book_accuracy}).",
        speedup=f"{process['speedup']:.1f}",
        accuracy=f"{train['test_acc']:.4f}",
        book_accuracy=f"{book['test_acc']:.4f}",
    )
    text += gap(lang) + tr(
        lang,
        "Importing the package also imported torchvision."
        if imported["torchvision"]
        else "Importing the package did not import torchvision.",
    )
    return text + "\n" + prose(lang, WHOLE_PROCESS)


def threads(results: dict, lang: str = "en") -> str:
    """The concise trainer on the default and another thread count, quiet and beside a busy process."""
    rows_of = results["threads"]
    counts = results["counts"]
    rows = []
    for row in ("default", "alternative"):
        quiet, loaded = rows_of["quiet"][row], rows_of["loaded"][row]
        label = threads_label(rows_of[row], lang)
        if row == "default":
            label = tr(lang, "{threads} (the default)", threads=label)
        rows.append(
            [
                label,
                f"{quiet['seconds']:.2f}",
                f"{loaded['seconds']:.2f}",
                f"{loaded['seconds'] / quiet['seconds']:.2f}x",
            ]
        )
    text = tr(
        lang,
        "`make bench` measures the choice: the concise trainer on the default and on another "
        "number of threads, on a quiet machine and beside a process of its own that keeps one "
        "core busy, side by side:",
    )
    text += "\n\n" + markdown_table(
        header(
            lang,
            "torch threads while training | quiet: seconds | beside a busy process: seconds "
            "| busy / quiet",
        ),
        rows,
        "lrrr",
    )  # fmt: skip
    quiet, loaded = rows_of["quiet"], rows_of["loaded"]
    text += "\n" + tr(
        lang,
        "Each cell is the concise trainer's ten epochs in one process, the median of {runs} "
        "runs on the quiet machine and of {load_runs} beside the busy process, a Python loop "
        "that keeps one core busy (`while True: pass`), which `make bench` starts for these "
        "rows and stops after them. On the quiet machine, {alternative} took {quiet_versus} "
        "of {default}; beside the busy process, {loaded_versus}.",
        runs=counts["runs"],
        load_runs=counts["load_runs"],
        alternative=threads_label(rows_of["alternative"], lang),
        quiet_versus=versus(quiet["alternative"]["seconds"], quiet["default"]["seconds"], lang),
        default=threads_label(rows_of["default"], lang),
        loaded_versus=versus(loaded["alternative"]["seconds"], loaded["default"]["seconds"], lang),
    )
    return text + "\n"


def memory(results: dict, lang: str = "en") -> str:
    """The data's size and the peak memory of processes doing more and more."""
    memory = results["memory"]
    epochs = results["run"]["num_epochs"]
    labels = [
        ("the images in memory, as uint8 (as the package keeps them)", "dataset_uint8_mib"),
        ("the same images as float32", "dataset_float32_mib"),
        ("peak memory of a process that imports torch", "peak_rss_import_torch_mib"),
        ("... that imports torch and torchvision", "peak_rss_import_torchvision_mib"),
        ("... that imports `softmax_regression`", "peak_rss_import_package_mib"),
        ("... that loads the data", "peak_rss_load_mib"),
    ]
    if "peak_rss_train_scratch_mib" in memory:  # older results did not measure it
        later = [
            ("... the same with the scratch model", "peak_rss_train_scratch_mib"),
            ("... that imports torch and `torch._dynamo`", "peak_rss_import_dynamo_mib"),
        ]
    else:
        later = []
    rows = [[tr(lang, what), memory[key]] for what, key in labels]
    rows.append(
        [
            tr(lang, "... that loads the data and trains {epochs} epochs", epochs=epochs),
            memory["peak_rss_train_mib"],
        ]
    )
    rows += [[tr(lang, what), memory[key]] for what, key in later]
    text = tr(
        lang,
        "The size of the data in memory, and the peak memory of fresh processes that do more "
        "and more, from importing torch up to loading the data and training:",
    )
    text += "\n\n" + markdown_table(
        header(lang, "measurement | MiB"), [[a, f"{b:.0f}"] for a, b in rows], "lr"
    )
    text += "\n" + tr(
        lang,
        "Each peak is the high-water mark of resident memory (`VmHWM`) of a fresh Python "
        "process that does what its row says, so the rows separate PyTorch itself, "
        "torchvision, the package, the data and the training.",
    )
    if "peak_rss_train_scratch_mib" in memory:
        text += gap(lang) + tr(
            lang,
            "The concise model's `torch.optim.SGD` imports `torch._dynamo` the first time it "
            "is used (PyTorch's optimizers wrap their methods so that `torch.compile` can skip "
            "them), which the last row measures on its own; the scratch model's own `SGD` does "
            "not import it.",
        )
    return text + "\n"


def build(results: dict, lang: str = "en") -> str:
    """The build step and the tests."""
    if "build" not in results and not results.get("tests"):
        return _not_measured(lang)

    def s(seconds: float, digits: int) -> str:
        return tr(lang, "{seconds} s", seconds=f"{seconds:.{digits}f}")

    rows = []
    if build := results.get("build"):
        rows += [
            ["build step, cold (train, figures, notebooks)", s(build["cold_seconds"], 1)],
            ["build step, warm (nothing changed)", s(build["warm_seconds"], 2)],
            ["`mkdocs build --strict`", s(build["mkdocs_build_seconds"], 1)],
        ]
    tests = results.get("tests") or {}
    if "make_test_seconds" in tests:
        rows.append(["`make test` (set-up done)", s(tests["make_test_seconds"], 0)])
    if "sybil_seconds" in tests:
        rows.append(
            ["the pages' and docstrings' examples alone (sybil)", s(tests["sybil_seconds"], 0)]
        )
    rows = [[tr(lang, what), value] for what, value in rows]
    table = markdown_table(header(lang, "measurement | value"), rows, "lr")
    text = table if rows else ""
    if "build" not in results:
        text += "\n" + tr(lang, "The build was not timed in this run (`--no-build` or `--quick`).")
        text += "\n"
    if "error" in tests:
        text += "\n" + tr(
            lang,
            "The tests were not timed: in this run {error}.",
            error=recorded_text(lang, tests["error"]),
        )
        text += "\n"
    elif not tests:
        text += "\n" + tr(
            lang, "The tests were not timed in this run (`make bench BENCH_ARGS=--tests` does)."
        )
        text += "\n"
    return text


#: file name -> (the sections of results.json it needs, the function that writes it)
FRAGMENTS: dict[str, tuple[tuple[str, ...], Callable[[dict, str], str]]] = {
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


def fragments(
    results: dict | None, origin: str | None = "local", lang: str = "en"
) -> dict[str, str]:
    """File name -> Markdown of every Performance page fragment, in ``lang``.

    Args:
        results: the parsed results.json, or ``None`` when there is none.
        origin: ``"local"`` (this machine's last ``make bench``) or ``"recorded"``.
        lang: the language of the words (the numbers are the same in every language).

    Raises:
        BenchmarkError: ``results`` has the current schema but lacks a key.
    """
    if results is None:
        return dict.fromkeys(FRAGMENTS, _no_benchmark(lang))
    if outdated(results):
        return dict.fromkeys(FRAGMENTS, _outdated(lang))
    rendered = {}
    for name, (sections, render) in FRAGMENTS.items():
        try:
            if name == FIRST:  # the page says which run it shows before anything else
                rendered[name] = source(results, origin, lang) + "\n"
            else:
                rendered[name] = ""
            if all(section in results for section in sections):
                rendered[name] += render(results, lang)
            else:
                rendered[name] += _not_measured(lang)
        except KeyError as error:
            raise BenchmarkError(
                f"the benchmark results (schema {SCHEMA}) have no {error} for "
                f"{name}: make bench and sitebuild/performance.py disagree"
            ) from None
    return rendered
