"""``python -m sitebuild``: bring every generated output of the site up to date.

The up-to-date check uses the standard library only, so a warm build answers
in a fraction of a second; torch and matplotlib are imported only when there
is something to do (see :mod:`sitebuild.steps`).

The outputs depend on two keys:

- the *training key*: the package's source (model, data checksums, trainer),
  the hyperparameters, and the torch, torchvision and Python versions;
- the *figures key*: the training key, this build's own source, and the
  matplotlib and NumPy versions.

A changed figure script redraws without retraining; a changed learning rate
retrains.
"""

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from sitebuild.cache import cache_key, read_manifest

__all__ = ["ROOT", "keys", "main", "parse_args"]

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "code" / "softmax_regression"
BUILD = Path(__file__).resolve().parent
DEFAULT_OUT = ROOT / "docs" / "generated"


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
    return parser.parse_args(argv)


def settings(args: argparse.Namespace) -> dict[str, object]:
    """The hyperparameters, named as :class:`softmax_regression.TrainConfig` names them."""
    return {
        "num_epochs": args.epochs,
        "lr": args.lr,
        "batch_size": args.batch_size,
        "seed": args.seed,
    }


def keys(args: argparse.Namespace) -> tuple[str, str]:
    """The training key and the figures key of a build with these arguments."""
    train_key = cache_key(PACKAGE.glob("*.py"), settings(args), ["torch", "torchvision"])
    figures_key = cache_key(BUILD.glob("*.py"), {"train_key": train_key}, ["matplotlib", "numpy"])
    return train_key, figures_key


def main(argv: Sequence[str] | None = None) -> int:
    """Build what is out of date; return the exit status."""
    started = time.perf_counter()
    args = parse_args(argv)
    train_key, figures_key = keys(args)
    manifest = read_manifest(args.out)
    outputs = manifest.get("outputs", {})
    if (
        not args.force
        and manifest.get("figures_key") == figures_key
        and outputs
        and all((args.out / name).is_file() for name in outputs)
    ):
        print(
            f"figures: up to date, {len(outputs)} outputs in {args.out} "
            f"({time.perf_counter() - started:.2f} s)"
        )
        return 0
    from sitebuild.steps import build  # torch and matplotlib: only when there is work to do

    try:
        return build(args.out, settings(args), train_key, figures_key, started)
    except ValueError as error:  # a bad hyperparameter, reported by TrainConfig
        print(f"python -m sitebuild: error: {error}", file=sys.stderr)
        return 2
