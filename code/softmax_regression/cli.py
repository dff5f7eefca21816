"""Command line: ``python -m softmax_regression train`` and ``python -m softmax_regression data``.

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
from softmax_regression.training import EpochStats, TrainConfig, TrainingDiverged, train

__all__ = ["main"]

DEFAULTS = TrainConfig()
#: flag -> (TrainConfig field, type, help)
HYPERPARAMETERS = {
    "--epochs": ("num_epochs", int, "number of epochs"),
    "--lr": ("lr", float, "learning rate"),
    "--batch-size": ("batch_size", int, "minibatch size"),
    "--seed": ("seed", int, "seed of the initial weights and of the shuffle"),
}
FLAGS = {field: flag for flag, (field, _, _) in HYPERPARAMETERS.items()}
DATA_DIR_HELP = "folder with the four Fashion-MNIST files (default: look them up)"


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, not a usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m softmax_regression", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = commands.add_parser("train", help="train on Fashion-MNIST, print the per-epoch history")
    run.add_argument("--impl", choices=IMPLEMENTATIONS, required=True, help="the implementation")
    for flag, (field, kind, text) in HYPERPARAMETERS.items():
        default = getattr(DEFAULTS, field)
        metavar = "N" if kind is int else "X"
        run.add_argument(
            flag,
            dest=field,
            type=kind,
            default=default,
            metavar=metavar,
            help=f"{text} ({default})",
        )
    run.add_argument("--data-dir", metavar="DIR", help=DATA_DIR_HELP)
    run.add_argument("--json", action="store_true", help="print JSON instead of a table")
    fetch = commands.add_parser("data", help="find, verify and cache the Fashion-MNIST files")
    fetch.add_argument("--data-dir", metavar="DIR", help=DATA_DIR_HELP)
    return parser


def _table(history: list[EpochStats]) -> str:
    lines = [f"{'epoch':>5}  {'train loss':>10}  {'train acc':>9}  {'test acc':>8}  {'seconds':>7}"]
    for s in history:
        lines.append(
            f"{s.epoch:>5}  {s.train_loss:>10.4f}  {s.train_acc:>9.4f}  {s.test_acc:>8.4f}  {s.seconds:>7.2f}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "data":
            print(locate_fashion_mnist(args.data_dir) / "FashionMNIST" / "raw")
            return 0
        try:
            config = TrainConfig(**{field: getattr(args, field) for field in FLAGS})
        except ValueError as error:
            field = str(error).split()[0]  # TrainConfig's messages start with the field's name
            parser.error(f"invalid {FLAGS.get(field, field)}: {error}")
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
