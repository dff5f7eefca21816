"""The Performance page's fragments about where the time goes: the book's pipeline cost by
cost, the profile of our trainers, and the alternatives that were tried.

Each function takes the parsed results of ``make bench`` and returns a table with the
paragraphs about it; :mod:`sitebuild.performance` decides which results and assembles
the fragments.
"""

from sitebuild.tables import markdown_table

__all__ = ["profile", "reference", "spread", "threads_label", "tried", "versus"]


def threads_label(count: int | None) -> str:
    if count is None:
        return "torch's own count"
    return f"{count} thread{'' if count == 1 else 's'}"


def versus(seconds: float, baseline: float) -> str:
    ratio = seconds / baseline
    return f"{ratio:.2f}x the time ({'slower' if ratio > 1 else 'faster'})"


def spread(runs: list[float], digits: int = 2) -> str:
    return f"{min(runs):.{digits}f} to {max(runs):.{digits}f}"


REFERENCE = """
The first row is an epoch of the book's pipeline, the last an epoch of ours,
which trains the same model; the rows between them are costs the book's pipeline
pays outside the model (the column *paid* says how often), and comparing each
with the first row shows how much of an epoch it accounts for:

- **Per-image conversion.** `ToTensor` turns one 28x28 image at a time into a
  PIL image and back into a float tensor: 60,000 Python calls per epoch for
  training and 10,000 more for the test set, every epoch, although the pixels
  never change. The English edition's `Resize` adds one more PIL operation per
  image.
- **Worker start-up.** Without `persistent_workers=True`, the DataLoader starts
  its four worker processes again for every pass over the data: twice per
  epoch (training and test).
- **Collating and moving.** Each batch is assembled from 256 separate tensors,
  and the batches travel from the workers to the main process through shared
  memory.
- **Workers and cores.** Four workers run alongside the training process, on
  this machine's {cores} cores. Compare the two DataLoader rows, four workers and
  none, both without a model: the workers convert images in parallel, but they
  pay for starting up and for shipping every batch back to the main process, and
  the two rows show which side wins on this machine. The first row, an epoch with
  the model in the loop, adds the training process, which competes with the
  workers for the same cores.
"""


def reference(results: dict) -> str:
    """The book's pipeline, cost by cost, and what each cost is."""
    costs = results["reference_breakdown"]
    epochs, batches = results["run"]["num_epochs"], results["run"]["batches_per_epoch"]
    images = results["run"]["num_train"] + results["run"]["num_test"]
    rows = [
        ["one epoch of the book's pipeline (training, test, model)",
         results["training"]["reference"]["seconds"] / epochs, "every epoch"],
        ["the DataLoader alone: one training pass, 4 workers, no model",
         costs["loader_pass_4_workers_seconds"], "every epoch"],
        ["the same pass with no workers (`num_workers=0`)",
         costs["loader_pass_0_workers_seconds"], "(not used)"],
        [f"`ToTensor` on all {images:,} images, in one process",
         costs["per_image_seconds"], "every epoch, spread over the workers"],
        [f"collating one epoch's {batches} batches from single images",
         costs["collate_seconds"], "every epoch"],
        ["starting 4 workers, up to the first batch",
         costs["worker_startup_seconds"], "twice per epoch"],
        ["one epoch of ours (concise, test set included)",
         results["training"]["concise"]["seconds"] / epochs, "every epoch"],
    ]  # fmt: skip
    text = "`make bench` also times the Chinese edition's costs one at a time:\n\n"
    text += markdown_table(
        ["cost", "seconds", "paid"], [[a, f"{b:.3f}", c] for a, b, c in rows], "lrl"
    )
    return text + REFERENCE.format(cores=results["machine"]["cpu_count"])


PROFILE = """
- **`aten::index_select`** is the minibatch gather (one call for the images and
  one for the labels). A shuffled minibatch reads 256 rows from random places in
  the training images: the cost is memory traffic, not arithmetic. The
  conversion of the gathered bytes to float32 follows it: `.float()` is a copy
  (counted in `aten::copy_`, with the other copies of a step), and `aten::div_`
  divides by 255 in place.
- **The matrix products** are named differently in the two tables. In the
  concise model, `nn.Linear` computes the forward $\\mathbf{X}\\mathbf{W} +
  \\mathbf{b}$ in one fused call, `aten::addmm`, and `aten::mm` is the weight
  gradient. The scratch model's forward `X @ self.W + self.b` is two operators:
  the product, `aten::matmul`, which calls `aten::mm`, and a separate `aten::add`
  for the bias; so for the scratch model `aten::mm` counts both products, the
  forward and the weight gradient. With only 10 columns the matrices are thin;
  the sentence above the tables says how far the trainers are from this
  machine's matmul peak.
- The rest is the softmax and cross-entropy, the optimizer step, the arg max for
  the accuracy and the `.item()` that reads each batch's loss, plus the Python
  that calls them; the tables give each operator's time per step. (The labels
  are checked once per run, not per batch.)
"""


def profile(results: dict) -> str:
    """How far the trainers are from the matmul peak, and the operators they spend their time in."""
    profiles, compute = results["profile"], results["compute"]
    fraction = compute["fraction_of_matmul_peak"]
    text = (
        f"First, how far the trainers are from what the hardware could do. One run of "
        f"{results['run']['num_epochs']} epochs needs {compute['gflop']:.1f} GFLOP; this "
        f"machine's float32 matmul reaches {compute['matmul_gflops']:.0f} GFLOP/s on large "
        f"matrices on {threads_label(compute['matmul_threads'])}, as many as the trainer uses, so "
        f"the concise trainer uses {fraction['concise']:.1%} of it and the scratch trainer "
        f"{fraction['scratch']:.1%}. Then the operators they spend their time in, as "
        "PyTorch's profiler counts them over two epochs of each trainer (self CPU time per "
        "training step):\n\n"
    )
    for impl, title in (("concise", "Concise"), ("scratch", "From scratch")):
        run = profiles[impl]
        rows = [
            [
                f"`{op['name']}`",
                f"{op['calls_per_step']:.2f}",
                f"{op['us_per_step']:.1f}",
                f"{op['share']:.1%}",
            ]
            for op in run["ops"]
        ]
        text += (
            f'=== "{title}"\n\n'
            + _indent(
                markdown_table(["operator", "calls per step", "µs per step", "share"], rows, "lrrr")
                + f"\nAll operators: {run['total_us_per_step']:.0f} µs per step, "
                f"over {run['steps']} steps, with the profiler's own overhead.\n"
            )
            + "\n"
        )
    return text + PROFILE


TRIED = """
- **The row-major `W`** is the layout `initial_weights` draws and the one the
  scratch model used before; the [column layout](#the-lines-that-make-the-difference)
  replaced it, and the first row times the whole scratch trainer with each.
- **The loop without `.item()`** keeps each batch's loss as a tensor and reads
  them once per epoch, as a loop does to keep an accelerator busy; its row
  measures what the simpler loop of `train` costs on the CPU.
- **`X[indices]`** gathers the same rows as `index_select`, through PyTorch's
  general advanced-indexing path.
- **float32 storage.** Converting the whole set to float32 once, when it is
  loaded, spares converting each minibatch but keeps four bytes per pixel instead
  of one ([Memory](#memory) gives both sizes); the row compares the two gathers
  per batch and gives the difference over ten epochs.
"""
COMPILE = """- **`torch.compile`** generates fused code for the model. Its first row
  includes the compiling, to be set against the whole ten epochs it would speed
  up; its second row, a run in the same process, shows the compiled code alone
  against the eager model. Fusing can only speed up the operators around the
  matrix products, which it leaves to the same library.
"""


def tried(results: dict) -> str:
    """What else was tried, each against what the trainer does now, measured in the same run."""
    trials, training = results["tried"], results["training"]
    scratch, concise = training["scratch"]["seconds"], training["concise"]["seconds"]
    row_major = trials["scratch_row_major"]["seconds"]
    tensor_loop = trials["concise_tensor_loop"]["seconds"]
    gather = trials["gather_microseconds"]
    ours = gather["uint8_then_float32"]
    batches = results["run"]["num_epochs"] * results["run"]["batches_per_epoch"]
    saved = (ours - gather["float32"]) * batches / 1e6
    rows = [
        ["scratch model with `W` stored row by row", f"{row_major:.2f} s",
         f"column by column: {scratch:.2f} s", versus(row_major, scratch)],
        ["the loop without `.item()` per batch (losses kept as tensors, read once per epoch)",
         f"{tensor_loop:.2f} s", f"`.item()` per batch: {concise:.2f} s",
         versus(tensor_loop, concise)],
        ["minibatch gathered with `X[indices]`",
         f"{gather['uint8_indexing_then_float32']:.0f} µs per batch",
         f"`index_select`: {ours:.0f} µs per batch",
         versus(gather["uint8_indexing_then_float32"], ours)],
        ["images kept as float32, each minibatch gathered", f"{gather['float32']:.0f} µs per batch",
         f"uint8, converted after the gather: {ours:.0f} µs per batch",
         f"{versus(gather['float32'], ours)}, {'saving' if saved > 0 else 'adding'} "
         f"{abs(saved):.3f} s per {results['run']['num_epochs']} epochs"],
    ]  # fmt: skip
    bullets = TRIED
    compiled = trials.get("compile")
    if compiled and "error" not in compiled:
        rows += [
            ["`torch.compile(model)`, first run (compiling included)", f"{compiled['first']:.2f} s",
             f"eager: {compiled['eager']:.2f} s", versus(compiled["first"], compiled["eager"])],
            ["`torch.compile(model)`, second run in the same process", f"{compiled['second']:.2f} s",
             f"eager: {compiled['eager']:.2f} s", versus(compiled["second"], compiled["eager"])],
        ]  # fmt: skip
        bullets += COMPILE
    elif compiled:
        rows.append(["`torch.compile(model)`", "failed", compiled["error"], ""])
    text = "Each row was measured in the same `make bench` run as the tables above:\n\n"
    return (
        text
        + markdown_table(["tried", "measured", "compared with", "result"], rows, "lrrl")
        + bullets
    )


def _indent(text: str) -> str:
    return "".join(f"    {line}" if line.strip() else line for line in text.splitlines(True))


#: file name -> (the sections of results.json it needs, the function that writes it)
