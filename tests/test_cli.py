"""The command line: one clear line for bad flags, a clear error for bad data, a table or JSON."""

import json
import subprocess
import sys

import pytest

from softmax_regression.cli import main


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (
            ["train", "--impl", "fast"],
            "argument --impl: invalid choice: 'fast' (choose from 'scratch', 'concise')",
        ),
        (["train"], "the following arguments are required: --impl"),
        (
            ["train", "--impl", "scratch", "--epochs", "-2"],
            "invalid --epochs: num_epochs must be an integer of at least 1, got -2",
        ),
        (
            ["train", "--impl", "scratch", "--lr", "0"],
            "invalid --lr: lr must be a finite number greater than 0, got 0.0",
        ),
        (
            ["train", "--impl", "scratch", "--lr", "abc"],
            "argument --lr: invalid float value: 'abc'",
        ),
        (
            ["train", "--impl", "scratch", "--batch-size", "0"],
            "invalid --batch-size: batch_size must be an integer",
        ),
        (["train", "--impl", "scratch", "--color"], "unrecognized arguments: --color"),
        (
            ["train", "--impl", "scratch", "--threads", "0"],
            "invalid --threads: num_threads must be None (keep torch's setting) or an integer "
            "of at least 1, got 0",
        ),
        (
            ["train", "--impl", "scratch", "--threads", "two"],
            "argument --threads: invalid int value: 'two'",
        ),
    ],
)
def test_bad_flags_exit_2_with_one_line(argv, words, capsys):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert words in err and err.startswith("python -m softmax_regression")


def test_a_bad_data_directory_is_one_clear_error(tmp_path, capsys):
    assert main(["train", "--impl", "scratch", "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        f"error: Fashion-MNIST: {tmp_path} (from the data_dir argument) lacks train-images-idx3-ubyte"
    )
    assert "Traceback" not in err


def test_a_diverging_run_is_one_clear_error(capsys):
    assert main(["train", "--impl", "scratch", "--epochs", "1", "--lr", "1e38"]) == 1
    assert "is probably too large" in capsys.readouterr().err


def test_json_output_has_the_config_and_the_history(capsys):
    assert (
        main(["train", "--impl", "concise", "--epochs", "2", "--batch-size", "1000", "--json"]) == 0
    )
    result = json.loads(capsys.readouterr().out)
    assert result["impl"] == "concise"
    assert result["config"] == {
        "num_epochs": 2,
        "lr": 0.1,
        "batch_size": 1000,
        "seed": 0,
        "num_threads": 1,
    }
    assert [e["epoch"] for e in result["history"]] == [1, 2]
    assert set(result["history"][0]) == {"epoch", "train_loss", "train_acc", "test_acc", "seconds"}


@pytest.mark.slow
def test_the_module_runs_and_prints_a_table():
    run = subprocess.run(
        [sys.executable, "-m", "softmax_regression", "train", "--impl", "scratch", "--epochs", "1"],
        capture_output=True,
        text=True,
        check=True,
    )
    header, row = run.stdout.splitlines()
    assert header.split() == ["epoch", "train", "loss", "train", "acc", "test", "acc", "seconds"]
    assert row.split()[0] == "1" and 0.5 < float(row.split()[3]) < 1
    assert run.stderr == ""  # no progress bar when not on a terminal


def test_threads_default_to_one_and_the_help_says_why(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--threads N torch threads while training (1):" in help_text
    assert "spin against each other" in help_text and "loses little" in help_text


def test_threads_reach_the_config(capsys):
    argv = ["train", "--impl", "concise", "--epochs", "1", "--batch-size", "6000", "--json"]
    assert main([*argv, "--threads", "2"]) == 0
    assert json.loads(capsys.readouterr().out)["config"]["num_threads"] == 2


@pytest.mark.slow
def test_training_from_the_command_line_never_imports_torchvision():
    code = (
        "import sys; from softmax_regression.cli import main; "
        "assert main(['train', '--impl', 'concise', '--epochs', '1', '--json']) == 0; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'torchvision'))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip().splitlines()[-1] == "[]"
