"""``python -m sitebuild``: bring every generated output of the site up to date.

This module parses the arguments, computes the keys, reads and writes the
manifest, and runs the stages that are out of date, from the table
:data:`STAGES`. The up-to-date check imports nothing but the standard library
(see :mod:`sitebuild.cache`), so a warm build answers in a fraction of a
second; a stage's module, with torch, matplotlib or nbclient, is imported only
when that stage has work to do.

The outputs depend on keys:

- the *training key*: the source of the package modules every training run
  goes through (:data:`CORE`: model, data checksums, trainer), the
  hyperparameters given, and the torch, numpy and Python versions;
  it keys the two training runs the chapters up to evaluation show;
- each stage's key: the stage's own sources (for a chapter's stage, the
  package modules it uses), the hyperparameters given, the versions of the
  libraries it uses, and the training key if the stage uses those runs
  (see :data:`STAGES`).

A changed figure script redraws without retraining; a changed learning rate
retrains; a changed page only re-exports the notebooks; a changed chapter
module reruns that chapter's stage and no other.
"""

import argparse
import importlib
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sitebuild.cache import MANIFEST, cache_key, read_manifest, write_manifest
from sitebuild.i18n import FontMissing, MissingTranslation
from sitebuild.paths import (
    BENCHMARK,
    BUILD,
    DEFAULT_OUT,
    NOTEBOOKS,
    PACKAGE,
    RECORDED_BENCHMARK,
    ROOT,
    pages,
)

__all__ = ["STAGES", "Stage", "keys", "main", "parse_args", "run_stage", "run_stages"]

PROG = "python -m sitebuild"


@dataclass(frozen=True)
class Stage:
    """One stage of the build: a module with ``build(out, config, keys)``."""

    module: str  # imported only when the stage has work to do
    sources: Callable[[], list[Path]]  # the files its outputs depend on
    packages: tuple[str, ...]  # the libraries it uses, by distribution name
    uses_runs: bool = False  # its key includes the training key
    reads_outputs: bool = False  # its key includes the keys of the stages before it
    entry: str = "build"  # the module's function that runs the stage


def _benchmark() -> list[Path]:
    """The benchmark results the Performance page shows: local, else the recorded run."""
    return [p for p in (BENCHMARK, RECORDED_BENCHMARK) if p.is_file()]


#: the package modules every training run goes through
CORE = [
    PACKAGE / f"{name}.py"
    for name in (
        "__init__",
        "accuracy",
        "batching",
        "checks",
        "cross_entropy",
        "data",
        "data_files",
        "models",
        "sgd",
        "softmax",
        "training",
    )
]


def _chapter(name: str, build: tuple[str, ...], package: tuple[str, ...]) -> Stage:
    """The stage of a chapter beyond the training set: its own modules and the core.

    It trains its own models, so its key covers the package modules every
    training run goes through, not the runs of the figures stage; a change to
    another chapter's modules does not touch it.
    """
    shared = ("plots", "tables", "cache", "paths", "i18n")
    return Stage(
        f"sitebuild.{name}",
        lambda: [
            *CORE,
            *(BUILD / f"{module}.py" for module in (*build, *shared)),
            *_CATALOGUES,
            *(PACKAGE / f"{module}.py" for module in package),
        ],
        ("torch", "matplotlib", "numpy"),
    )


#: the Chinese words of every stage (sitebuild.i18n merges them all, so each stage reads all)
_CATALOGUES = sorted((BUILD / "zh").glob("*.py"))

#: the build modules the figures stage runs
_FIGURES = (
    "i18n",
    "figures",
    "runs",
    "measure",
    "plots",
    "tables",
    "performance",
    "performance_costs",
    "explorables",
    "cache",
    "paths",
)

#: the build modules the notebook stages run
_NOTEBOOKS = ("notebooks", "markdown", "paths", "cache", "i18n")

#: the stages, in the order they run
STAGES = {
    "figures": Stage(
        "sitebuild.figures",
        lambda: [
            *(BUILD / f"{name}.py" for name in _FIGURES),
            *_CATALOGUES,
            PACKAGE / "evaluation.py",
            PACKAGE / "stability.py",
            PACKAGE / "toy.py",
            *_benchmark(),
        ],
        ("matplotlib", "numpy"),
        uses_runs=True,
    ),
    "generalization": _chapter(
        "generalization",
        ("generalization", "generalization_plots"),
        ("validation", "intervals", "generalization"),
    ),
    "shift": _chapter(
        "shift",
        ("shift", "shift_covariate", "shift_plots", "shift_tables", "stats"),
        ("validation", "evaluation", "label_shift", "covariate_shift"),
    ),
    "calibration": _chapter(
        "calibration",
        ("calibration", "calibration_plots", "stats"),
        ("validation", "calibration", "decisions", "toy"),
    ),
    "executed": Stage(
        "sitebuild.notebooks",
        lambda: [
            *NOTEBOOKS.glob("*.md"),
            *NOTEBOOKS.glob("zh/*.md"),
            *_CATALOGUES,
            *PACKAGE.glob("*.py"),
            *(BUILD / f"{name}.py" for name in _NOTEBOOKS),
        ],
        ("nbformat", "nbclient", "ipykernel", "markdown", "pymdown-extensions", "sybil"),
        uses_runs=True,  # the notebooks run the package
        entry="build_executed",
    ),
    "notebooks": Stage(
        "sitebuild.notebooks",
        lambda: [
            *pages(),
            *PACKAGE.glob("*.py"),  # the pages embed it
            ROOT / "mkdocs.yml",
            *_CATALOGUES,
            *(BUILD / f"{name}.py" for name in _NOTEBOOKS),
        ],
        ("nbformat", "markdown", "mkdocs", "pymdown-extensions", "sybil"),
        reads_outputs=True,  # the pages include the fragments the other stages write
    ),
}
#: build flag -> the TrainConfig field it sets; a flag not given keeps its default
HYPERPARAMETERS = {
    "--epochs": ("num_epochs", int, "N", "training epochs"),
    "--lr": ("lr", float, "X", "learning rate"),
    "--batch-size": ("batch_size", int, "N", "minibatch size"),
    "--seed": ("seed", int, "N", "seed of the initial weights and the shuffle"),
}


def _stages(text: str) -> tuple[str, ...]:
    names = tuple(text.split(","))
    unknown = [name for name in names if name not in STAGES]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown stage {', '.join(unknown)}; the stages are {', '.join(STAGES)}"
        )
    return names


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, got {text!r}")
    return int(text)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="output folder (default: docs/generated)",
    )
    for flag, (field, kind, metavar, text) in HYPERPARAMETERS.items():
        parser.add_argument(
            flag,
            dest=field,
            type=kind,
            metavar=metavar,
            help=f"{text} (default: TrainConfig's)",
        )
    parser.add_argument(
        "--force",
        action="store_true",
        help="rebuild even if the outputs are up to date",
    )
    parser.add_argument(
        "--jobs",
        type=_positive,
        default=os.cpu_count() or 1,
        metavar="N",
        help="stages run side by side, one process each (default: the number of cores)",
    )
    parser.add_argument(
        "--stages",
        default=tuple(STAGES),
        type=_stages,
        help=f"the stages to bring up to date (default: {','.join(STAGES)})",
    )
    return parser.parse_args(argv)


def settings(args: argparse.Namespace) -> dict[str, object]:
    """The hyperparameters given on the command line, named as TrainConfig names them."""
    fields = (field for field, *_ in HYPERPARAMETERS.values())
    return {f: getattr(args, f) for f in fields if getattr(args, f) is not None}


def keys(args: argparse.Namespace) -> dict[str, str]:
    """The training key and the key of each stage, for a build with these arguments."""
    given = settings(args)
    train = cache_key(CORE, given, ["torch", "numpy"])  # numpy reads the files
    result = {"train": train}
    for name, stage in STAGES.items():
        inputs: dict[str, object] = {"settings": given}
        if stage.uses_runs:
            inputs["train_key"] = train
        if stage.reads_outputs:
            inputs["stages"] = {k: v for k, v in result.items() if k != "train"}
        result[name] = cache_key(stage.sources(), inputs, stage.packages)
    return result


def _fresh(manifest: dict, stage: str, key: str, out: Path) -> bool:
    entry = manifest.get("stages", {}).get(stage, {})
    outputs = entry.get("outputs", {})
    return (
        entry.get("key") == key
        and bool(outputs)
        and all((out / name).is_file() for name in outputs)
    )


def run_stage(
    stage: tuple[str, str], out: Path, config: object, key: dict[str, str]
) -> tuple[dict[str, int] | None, str | None]:
    """Run one stage, given as (module, entry); return its outputs, or the problem.

    The problem is the one-line message of an error the user can fix (the
    module's ``USER_ERRORS``, a text with no translation, no CJK font for the
    Chinese figures); any other error propagates.
    """
    module_name, entry = stage
    module = importlib.import_module(module_name)
    try:
        return getattr(module, entry)(out, config, key), None
    except (*module.USER_ERRORS, MissingTranslation, FontMissing) as error:
        return None, str(error)


def run_stages(
    stages: dict[str, tuple[str, str]],
    jobs: int,
    out: Path,
    config: object,
    key: dict[str, str],
) -> dict[str, tuple[dict[str, int] | None, str | None]]:
    """Run the stages here, or side by side in up to ``jobs`` fresh processes."""
    if jobs <= 1 or len(stages) <= 1:
        return {name: run_stage(stage, out, config, key) for name, stage in stages.items()}
    context = multiprocessing.get_context("spawn")  # no fork of a process running torch
    with ProcessPoolExecutor(min(jobs, len(stages)), mp_context=context) as pool:
        futures = {
            name: pool.submit(run_stage, stage, out, config, key) for name, stage in stages.items()
        }
        return {name: future.result() for name, future in futures.items()}


def _error(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Build what is out of date; return the exit status."""
    started = time.perf_counter()
    args = parse_args(argv)
    key = keys(args)
    manifest = read_manifest(args.out)
    wanted = [name for name in STAGES if name in args.stages]
    stale = [
        name for name in wanted if args.force or not _fresh(manifest, name, key[name], args.out)
    ]
    if not stale:
        count = sum(len(manifest["stages"][name]["outputs"]) for name in wanted)
        seconds = time.perf_counter() - started
        print(f"figures: up to date, {count} outputs in {args.out} ({seconds:.2f} s)")
        return 0
    # One thread for torch here and in the notebooks' kernels, unless the caller
    # chose: at this problem size one thread loses little on a quiet machine,
    # and two threads on two busy cores spin against each other (Performance).
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    # Validate the settings before touching any output: a typo keeps the cache.
    from softmax_regression.training import ConfigError, TrainConfig

    try:
        config = TrainConfig(**settings(args))
    except ConfigError as error:
        _error(f"invalid {error.field}: {error}")
        return 2
    (args.out / MANIFEST).unlink(missing_ok=True)  # nothing is up to date until all is
    done = {
        name: entry
        for name, entry in manifest.get("stages", {}).items()
        if name in STAGES and name not in stale
    }
    # The stages that read no other stage's outputs run side by side, one
    # process each, as many at a time as there are cores (--jobs); the rest after.
    first = [name for name in stale if not STAGES[name].reads_outputs]
    then = [name for name in stale if STAGES[name].reads_outputs]
    for batch, jobs in ((first, args.jobs), (then, 1)):
        stages = {name: (STAGES[name].module, STAGES[name].entry) for name in batch}
        results = run_stages(stages, jobs, args.out, config, key)
        for name, (outputs, problem) in results.items():
            if problem is not None:
                _error(problem)
                return 1
            done[name] = {"key": key[name], "outputs": outputs}
    write_manifest(args.out, {"train_key": key["train"], "stages": done})
    count = sum(len(stage["outputs"]) for stage in done.values())
    seconds = time.perf_counter() - started
    print(f"figures: {count} outputs up to date in {args.out} ({seconds:.1f} s)")
    return 0
