"""``python -m sitebuild``: bring every generated output of the site up to date.

The up-to-date check uses the standard library only, so a warm build answers
in a fraction of a second; torch and matplotlib are imported only when there
is something to do (see :mod:`sitebuild.steps`).

The outputs depend on three keys:

- the *training key*: the package's source (model, data checksums, trainer),
  the hyperparameters, and the torch, torchvision and Python versions;
- the *figures key*: the training key, this build's own source, and the
  matplotlib and NumPy versions;
- the *notebooks key*: the pages, ``notebooks/*.md``, ``mkdocs.yml``, the two
  keys above and the notebook tools' versions.

A changed figure script redraws without retraining; a changed learning rate
retrains; a changed page only re-exports the notebooks.
"""

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from pymdownx.snippets import SnippetMissingError

from sitebuild.cache import MANIFEST, cache_key, read_manifest, write_manifest

__all__ = ["ROOT", "keys", "main", "pages", "parse_args"]

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "code" / "softmax_regression"
BUILD = Path(__file__).resolve().parent
NOTEBOOKS = ROOT / "notebooks"
BENCHMARK = ROOT / "benchmarks" / "results.json"
DEFAULT_OUT = ROOT / "docs" / "generated"
STAGES = ("figures", "notebooks")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m sitebuild", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output folder (default: docs/generated)"
    )
    parser.add_argument("--epochs", type=int, default=10, metavar="N", help="training epochs (10)")
    parser.add_argument("--lr", type=float, default=0.1, metavar="X", help="learning rate (0.1)")
    parser.add_argument(
        "--batch-size", type=int, default=256, metavar="N", help="minibatch size (256)"
    )
    parser.add_argument(
        "--seed", type=int, default=0, metavar="N", help="seed of weights and shuffle (0)"
    )
    parser.add_argument(
        "--force", action="store_true", help="rebuild even if the outputs are up to date"
    )
    parser.add_argument(
        "--stages",
        default=",".join(STAGES),
        type=lambda text: tuple(text.split(",")),
        help="the stages to bring up to date (default: figures,notebooks)",
    )
    return parser.parse_args(argv)


def settings(args: argparse.Namespace) -> dict[str, object]:
    """The hyperparameters, named as :class:`softmax_regression.TrainConfig` names them."""
    return {
        "num_epochs": args.epochs,
        "lr": args.lr,
        "batch_size": args.batch_size,
        "seed": args.seed,
    }


def pages() -> list[Path]:
    """The site's Markdown pages (not the build's own fragments)."""
    return sorted(p for p in (ROOT / "docs").rglob("*.md") if DEFAULT_OUT not in p.parents)


def keys(args: argparse.Namespace) -> dict[str, str]:
    """The key of each stage of a build with these arguments: training, figures, notebooks."""
    train = cache_key(PACKAGE.glob("*.py"), settings(args), ["torch", "torchvision"])
    benchmark = [BENCHMARK] if BENCHMARK.is_file() else []  # the Performance page's table
    figures = cache_key(
        [*BUILD.glob("*.py"), *benchmark], {"train_key": train}, ["matplotlib", "numpy"]
    )
    sources = [*pages(), *NOTEBOOKS.glob("*.md"), ROOT / "mkdocs.yml", *BUILD.glob("*.py")]
    notebooks = cache_key(
        sources,
        {"train_key": train, "figures_key": figures},
        ["jupytext", "nbformat", "nbclient", "pymdown-extensions"],
    )
    return {"train": train, "figures": figures, "notebooks": notebooks}


def _fresh(manifest: dict, stage: str, key: str, out: Path) -> bool:
    entry = manifest.get("stages", {}).get(stage, {})
    outputs = entry.get("outputs", {})
    return (
        entry.get("key") == key
        and bool(outputs)
        and all((out / name).is_file() for name in outputs)
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Build what is out of date; return the exit status."""
    started = time.perf_counter()
    args = parse_args(argv)
    key = keys(args)
    manifest = read_manifest(args.out)
    wanted = [stage for stage in STAGES if stage in args.stages]
    stale = [
        stage for stage in wanted if args.force or not _fresh(manifest, stage, key[stage], args.out)
    ]
    if not stale:
        count = sum(len(manifest["stages"][stage]["outputs"]) for stage in wanted)
        print(
            f"figures: up to date, {count} outputs in {args.out} ({time.perf_counter() - started:.2f} s)"
        )
        return 0
    from sitebuild import steps  # torch, matplotlib, nbclient: only when there is work to do

    (args.out / MANIFEST).unlink(
        missing_ok=True
    )  # until every output is written, nothing is up to date
    stages = {
        stage: entry for stage, entry in manifest.get("stages", {}).items() if stage not in stale
    }
    try:
        if "figures" in stale:
            outputs = steps.build_figures(args.out, settings(args), key["train"])
            stages["figures"] = {"key": key["figures"], "outputs": outputs}
        if "notebooks" in stale:
            outputs = steps.build_notebooks(args.out, pages(), NOTEBOOKS)
            stages["notebooks"] = {"key": key["notebooks"], "outputs": outputs}
    except ValueError as error:  # a bad hyperparameter, reported by TrainConfig
        print(f"python -m sitebuild: error: {error}", file=sys.stderr)
        return 2
    except steps.DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except SnippetMissingError as error:  # a page includes a file or section that does not exist
        print(f"python -m sitebuild: error: {error} (a --8<-- include of a page)", file=sys.stderr)
        return 1
    write_manifest(args.out, {"train_key": key["train"], "stages": stages})
    count = sum(len(stage["outputs"]) for stage in stages.values())
    print(
        f"figures: {count} outputs up to date in {args.out} ({time.perf_counter() - started:.1f} s)"
    )
    return 0
