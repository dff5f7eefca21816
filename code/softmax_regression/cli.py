"""Command line: ``python -m softmax_regression train`` (or ``data``).

Bad flags or values exit with status 2 and one line that says what was wrong;
a data problem exits with status 1 and says how to get the data.
"""

import argparse
import json
import sys
from collections.abc import Sequence
from typing import NoReturn

from softmax_regression.data import load_fashion_mnist
from softmax_regression.data_files import DataError, locate_fashion_mnist
from softmax_regression.models import IMPLEMENTATIONS, build_model
from softmax_regression.training import (
    ConfigError,
    EpochStats,
    TrainConfig,
    TrainingDiverged,
    train,
)

__all__ = ["main"]

PROG = "python -m softmax_regression"
DEFAULTS = TrainConfig()
#: flag -> (TrainConfig field, type, help)
HYPERPARAMETERS = {
    "--epochs": ("num_epochs", int, "number of epochs (%(default)s)"),
    "--lr": ("lr", float, "learning rate (%(default)s)"),
    "--batch-size": ("batch_size", int, "minibatch size (%(default)s)"),
    "--seed": (
        "seed",
        int,
        "seed of the initial weights and of the shuffle (%(default)s)",
    ),
    "--threads": (
        "num_threads",
        int,
        "torch threads while training (%(default)s): on two busy cores two "
        "OpenMP threads spin against each other (10 epochs beside one busy "
        "process: 3.7 s with 1 thread, 21 to 34 s with 2), while on a quiet "
        "machine one thread loses little (2.75 s against 2.55 s); the "
        "Performance page has the measurements",
    ),
}
FLAGS = {field: flag for flag, (field, _, _) in HYPERPARAMETERS.items()}
DATA_DIR_HELP = (
    "folder with the four Fashion-MNIST files (default: look them up)"
)
COLUMNS = ("epoch", "train loss", "train acc", "test acc", "seconds")


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, not a usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(
        dest="command", required=True, parser_class=_Parser
    )
    run = commands.add_parser(
        "train", help="train on Fashion-MNIST, print the per-epoch history"
    )
    run.add_argument(
        "--impl",
        choices=IMPLEMENTATIONS,
        required=True,
        help="the implementation",
    )
    for flag, (field, kind, text) in HYPERPARAMETERS.items():
        default = getattr(DEFAULTS, field)
        metavar = "N" if kind is int else "X"
        run.add_argument(
            flag,
            dest=field,
            type=kind,
            default=default,
            metavar=metavar,
            help=text,
        )
    run.add_argument("--data-dir", metavar="DIR", help=DATA_DIR_HELP)
    run.add_argument(
        "--json", action="store_true", help="print JSON instead of a table"
    )
    fetch = commands.add_parser(
        "data", help="find, verify and cache the Fashion-MNIST files"
    )
    fetch.add_argument("--data-dir", metavar="DIR", help=DATA_DIR_HELP)
    return parser


def _row(cells: Sequence[object]) -> str:
    """One line of the table: each cell right-aligned under its column."""
    pairs = zip(cells, COLUMNS, strict=True)
    return "  ".join(f"{cell:>{len(column)}}" for cell, column in pairs)


def _table(history: list[EpochStats]) -> str:
    rows = [
        (
            s.epoch,
            f"{s.train_loss:.4f}",
            f"{s.train_acc:.4f}",
            f"{s.test_acc:.4f}",
            f"{s.seconds:.2f}",
        )
        for s in history
    ]
    return "\n".join(_row(cells) for cells in [COLUMNS, *rows])


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "data":
            print(locate_fashion_mnist(args.data_dir) / "FashionMNIST" / "raw")
            return 0
        try:
            config = TrainConfig(
                **{field: getattr(args, field) for field in FLAGS}
            )
        except ConfigError as error:
            parser.error(f"invalid {FLAGS[error.field]}: {error}")
        data = load_fashion_mnist(args.data_dir)
        history = train(build_model(args.impl, seed=config.seed), data, config)
    except (DataError, TrainingDiverged) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.json:
        result = {
            "impl": args.impl,
            "config": vars(config),
            "history": [s.as_dict() for s in history],
        }
        print(json.dumps(result, indent=2))
    else:
        print(_table(history))
    return 0
