"""What ``make bench`` measures beside the headline table: where our trainer's time goes, and the
alternatives that were tried (the row-major ``W``, ``torch.compile``, float32 storage, the loop
without ``.item()``).

``python -m benchmarks.experiments compile`` runs the ``torch.compile`` measurement in a fresh
process with an empty compiler cache and prints it as JSON, so that the compile time is counted
as a learner would pay it.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch
from torch import nn
from torch.profiler import ProfilerActivity, profile

from softmax_regression import (
    TrainConfig,
    build_model,
    evaluate_accuracy,
    load_fashion_mnist,
    minibatches,
    train,
)
from softmax_regression.data import FashionMNISTData
from softmax_regression.training import torch_threads

__all__ = [
    "compile_in_fresh_process",
    "gather_microseconds",
    "profile_steps",
    "row_major_scratch",
    "train_seconds",
    "train_seconds_tensor_loop",
]

ROOT = Path(__file__).resolve().parents[1]


def train_seconds(
    model: nn.Module,
    data: FashionMNISTData,
    config: TrainConfig = TrainConfig(),  # noqa: B008 (frozen: safe as a default)
) -> tuple[float, float]:
    """Wall seconds of ``train`` (by default the book's 10 epochs), and the final test accuracy."""
    start = time.perf_counter()
    history = train(model, data, config, progress=False)
    return time.perf_counter() - start, history[-1].test_acc


def train_seconds_tensor_loop(model: nn.Module, data: FashionMNISTData) -> tuple[float, float]:
    """The same 10 epochs with the loop the package had before: no ``.item()`` per batch.

    Each batch's loss is kept as a 0-d tensor and the correct count as a tensor sum; both
    are read once per epoch, and the losses are checked for NaN once per epoch. This is
    what a loop does to keep an accelerator busy; on the CPU the simpler loop of
    :func:`softmax_regression.train` must not be slower, and this trial measures that.
    It runs on as many threads as ``train`` does by default.
    """
    config = TrainConfig()
    with torch_threads(config.num_threads):
        return _tensor_loop(model, data, config)


def _tensor_loop(
    model: nn.Module, data: FashionMNISTData, config: TrainConfig
) -> tuple[float, float]:
    start = time.perf_counter()
    optimizer = model.configure_optimizer(config.lr)
    generator = torch.Generator().manual_seed(config.seed)
    for _ in range(config.num_epochs):
        batch_losses, batch_sizes = [], []
        correct = torch.zeros((), dtype=torch.int64)
        for X, y in minibatches(data.train.X, data.train.y, config.batch_size, generator=generator):
            O = model(X)
            loss = model.loss(O, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            batch_losses.append(loss.detach())
            batch_sizes.append(len(y))
            correct += (O.detach().argmax(dim=1) == y).sum()
        losses = torch.stack(batch_losses)
        if not torch.isfinite(losses).all():
            raise RuntimeError("the loss diverged")
        sizes = torch.tensor(batch_sizes, dtype=losses.dtype)
        _ = (losses @ sizes).item() / len(data.train), correct.item() / len(data.train)
        test_acc = evaluate_accuracy(model, data.test)
    return time.perf_counter() - start, test_acc


def row_major_scratch(seed: int = 0) -> nn.Module:
    """The scratch model with ``W`` stored row by row, the layout ``initial_weights`` returns."""
    model = build_model("scratch", seed=seed)
    model.W = nn.Parameter(model.W.detach().contiguous())  # (d, q), strides (q, 1)
    return model


def profile_steps(impl: str, data: FashionMNISTData, num_epochs: int = 2, top: int = 8) -> dict:
    """Self CPU time of the operators of ``num_epochs`` epochs, per training step.

    The profiler adds its own cost to every operator, so the shares count, not the sums.
    """
    train(build_model(impl), data, TrainConfig(num_epochs=1), progress=False)  # warm-up
    with profile(activities=[ProfilerActivity.CPU]) as profiler:
        train(build_model(impl), data, TrainConfig(num_epochs=num_epochs), progress=False)
    events = [event for event in profiler.key_averages() if event.self_cpu_time_total > 0]
    total = sum(event.self_cpu_time_total for event in events)  # microseconds
    steps = num_epochs * -(-len(data.train) // TrainConfig().batch_size)
    events.sort(key=lambda event: -event.self_cpu_time_total)
    return {
        "steps": steps,
        "total_us_per_step": total / steps,
        "ops": [
            {
                "name": event.key,
                "calls_per_step": event.count / steps,
                "us_per_step": event.self_cpu_time_total / steps,
                "share": event.self_cpu_time_total / total,
            }
            for event in events[:top]
        ],
    }


def gather_microseconds(data: FashionMNISTData, batch_size: int = 256, repeats: int = 3) -> dict:
    """Microseconds to draw one shuffled minibatch of float32 images, three ways.

    ``uint8_then_float32`` is what :func:`~softmax_regression.minibatches` does with the
    images as loaded (the files' bytes, converted after the gather); ``uint8_indexing_then_float32``
    gathers with ``X[indices]`` instead of ``index_select``; ``float32`` keeps the whole set
    as float32 (four times the memory) and gathers that. Timed on as many threads as
    ``train`` uses by default.
    """
    X = data.train.X  # (n, 1, 28, 28)
    X8 = X if X.dtype == torch.uint8 else (X * 255).round_().to(torch.uint8)  # the files' bytes
    X32 = X8.float().div_(255)  # the whole set converted once
    order = torch.randperm(len(X8), generator=torch.Generator().manual_seed(0))
    batches = [order[start : start + batch_size] for start in range(0, len(order), batch_size)]
    ways = {
        "uint8_then_float32": lambda indices: X8.index_select(0, indices).float().div_(255),
        "uint8_indexing_then_float32": lambda indices: X8[indices].float().div_(255),
        "float32": lambda indices: X32.index_select(0, indices),
    }
    for gather in ways.values():  # the same minibatch every way
        assert torch.equal(gather(batches[0]), ways["float32"](batches[0]))
    with torch_threads(TrainConfig().num_threads):
        return _best_microseconds(ways, batches, repeats)


def _best_microseconds(ways: dict, batches: list[torch.Tensor], repeats: int) -> dict:
    result = {}
    for name, gather in ways.items():
        best = float("inf")
        for _ in range(repeats):  # one pass over the epoch's batches, best of several
            start = time.perf_counter()
            for indices in batches:
                gather(indices)
            best = min(best, time.perf_counter() - start)
        result[name] = best / len(batches) * 1e6
    return result


def compile_in_fresh_process() -> dict:
    """Run :func:`_compile_run` in a new process with an empty compiler cache."""
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "TORCHINDUCTOR_CACHE_DIR": cache, "TRITON_CACHE_DIR": cache}
        run = subprocess.run(
            [sys.executable, "-m", "benchmarks.experiments", "compile"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
    if run.returncode != 0:
        return {"error": run.stderr.strip().splitlines()[-1] if run.stderr.strip() else "failed"}
    return json.loads(run.stdout.splitlines()[-1])


def _compile_run() -> dict:
    """10 epochs of the concise model eagerly, then compiled twice (the first run compiles)."""
    data = load_fashion_mnist()
    train_seconds(build_model("concise"), data)  # warm-up: first-call overheads are not training
    eager, _ = train_seconds(build_model("concise"), data)
    first, _ = train_seconds(torch.compile(build_model("concise")), data)
    second, accuracy = train_seconds(torch.compile(build_model("concise")), data)
    return {"eager": eager, "first": first, "second": second, "test_acc": accuracy}


if __name__ == "__main__":
    if sys.argv[1:] != ["compile"]:
        sys.exit("usage: python -m benchmarks.experiments compile")
    print(json.dumps(_compile_run()))
