"""The Performance page's fragments about where the time goes: the book's pipeline cost by
cost, the profile of our trainers, and the alternatives that were tried.

Each function takes the parsed results of ``make bench`` and the language, and returns a
table with the paragraphs about it; :mod:`sitebuild.performance` decides which results and
assembles the fragments. The longer paragraphs are English constants translated whole by
:func:`prose`, a catalogue entry per paragraph.
"""

import re

from sitebuild.i18n import fields, tr
from sitebuild.tables import markdown_table

__all__ = [
    "gap",
    "header",
    "profile",
    "prose",
    "reference",
    "spread",
    "threads_label",
    "tried",
    "versus",
]

# A blank line, or a line break before a list item at the start of a line: the places
# where prose() cuts a text into the paragraphs it translates one by one.
_BREAK = re.compile(r"(\n\n+|\n(?=- ))")


def prose(lang: str, text: str, /, **values: object) -> str:
    """``text`` in ``lang``, translated paragraph by paragraph (a list item is one).

    Each paragraph of the English text, as it stands (line breaks included), is a
    catalogue entry; its ``{name}`` fields are filled from ``values``. The blank
    lines and the line breaks between list items are kept, so the English comes
    out as it went in.
    """
    start = text[: len(text) - len(text.lstrip("\n"))]
    end = text[len(text.rstrip("\n")) :]
    pieces = _BREAK.split(text.strip("\n"))
    for i in range(0, len(pieces), 2):  # the odd pieces are the breaks
        used = {name: value for name, value in values.items() if name in fields(pieces[i])}
        pieces[i] = tr(lang, pieces[i], **used)
    return start + "".join(pieces) + end


def header(lang: str, columns: str, /, **values: object) -> list[str]:
    """A table's header in ``lang``: the column titles ``"a | b | c"``, one catalogue entry."""
    return tr(lang, columns, **values).split(" | ")


def gap(lang: str) -> str:
    """What separates two sentences of a paragraph: a space in English, nothing in Chinese."""
    return " " if lang == "en" else ""


def threads_label(count: int | None, lang: str = "en") -> str:
    if count is None:
        return tr(lang, "torch's own count")
    return tr(lang, "{count} thread" if count == 1 else "{count} threads", count=count)


def versus(seconds: float, baseline: float, lang: str = "en") -> str:
    ratio = seconds / baseline
    template = "{ratio}x the time (slower)" if ratio > 1 else "{ratio}x the time (faster)"
    return tr(lang, template, ratio=f"{ratio:.2f}")


def spread(runs: list[float], digits: int = 2, lang: str = "en") -> str:
    return tr(
        lang, "{fastest} to {slowest}", fastest=f"{min(runs):.{digits}f}",
        slowest=f"{max(runs):.{digits}f}",
    )  # fmt: skip


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


def reference(results: dict, lang: str = "en") -> str:
    """The book's pipeline, cost by cost, and what each cost is."""
    costs = results["reference_breakdown"]
    epochs, batches = results["run"]["num_epochs"], results["run"]["batches_per_epoch"]
    images = results["run"]["num_train"] + results["run"]["num_test"]
    every_epoch = tr(lang, "every epoch")
    rows = [
        [tr(lang, "one epoch of the book's pipeline (training, test, model)"),
         results["training"]["reference"]["seconds"] / epochs, every_epoch],
        [tr(lang, "the DataLoader alone: one training pass, 4 workers, no model"),
         costs["loader_pass_4_workers_seconds"], every_epoch],
        [tr(lang, "the same pass with no workers (`num_workers=0`)"),
         costs["loader_pass_0_workers_seconds"], tr(lang, "(not used)")],
        [tr(lang, "`ToTensor` on all {images} images, in one process", images=f"{images:,}"),
         costs["per_image_seconds"], tr(lang, "every epoch, spread over the workers")],
        [tr(lang, "collating one epoch's {batches} batches from single images", batches=batches),
         costs["collate_seconds"], every_epoch],
        [tr(lang, "starting 4 workers, up to the first batch"),
         costs["worker_startup_seconds"], tr(lang, "twice per epoch")],
        [tr(lang, "one epoch of ours (concise, test set included)"),
         results["training"]["concise"]["seconds"] / epochs, every_epoch],
    ]  # fmt: skip
    text = tr(lang, "`make bench` also times the Chinese edition's costs one at a time:") + "\n\n"
    text += markdown_table(
        header(lang, "cost | seconds | paid"),
        [[a, f"{b:.3f}", c] for a, b, c in rows],
        "lrl",
    )
    return text + prose(lang, REFERENCE, cores=results["machine"]["cpu_count"])


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


def profile(results: dict, lang: str = "en") -> str:
    """How far the trainers are from the matmul peak, and the operators they spend their time in."""
    profiles, compute = results["profile"], results["compute"]
    fraction = compute["fraction_of_matmul_peak"]
    text = tr(
        lang,
        "First, how far the trainers are from what the hardware could do. One run of "
        "{epochs} epochs needs {gflop} GFLOP; this machine's float32 matmul reaches "
        "{peak} GFLOP/s on large matrices on {threads}, as many as the trainer uses, so "
        "the concise trainer uses {concise} of it and the scratch trainer {scratch}. Then "
        "the operators they spend their time in, as PyTorch's profiler counts them over two "
        "epochs of each trainer (self CPU time per training step):",
        epochs=results["run"]["num_epochs"],
        gflop=f"{compute['gflop']:.1f}",
        peak=f"{compute['matmul_gflops']:.0f}",
        threads=threads_label(compute["matmul_threads"], lang),
        concise=f"{fraction['concise']:.1%}",
        scratch=f"{fraction['scratch']:.1%}",
    )
    text += "\n\n"
    columns = header(lang, "operator | calls per step | µs per step | share")
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
        total = tr(
            lang,
            "All operators: {us} µs per step, over {steps} steps, with the profiler's own "
            "overhead.",
            us=f"{run['total_us_per_step']:.0f}",
            steps=run["steps"],
        )
        text += (
            f'=== "{tr(lang, title)}"\n\n'
            + _indent(markdown_table(columns, rows, "lrrr") + f"\n{total}\n")
            + "\n"
        )
    return text + prose(lang, PROFILE)


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


def tried(results: dict, lang: str = "en") -> str:
    """What else was tried, each against what the trainer does now, measured in the same run."""
    trials, training = results["tried"], results["training"]
    scratch, concise = training["scratch"]["seconds"], training["concise"]["seconds"]
    row_major = trials["scratch_row_major"]["seconds"]
    tensor_loop = trials["concise_tensor_loop"]["seconds"]
    gather = trials["gather_microseconds"]
    ours = gather["uint8_then_float32"]
    epochs = results["run"]["num_epochs"]
    batches = epochs * results["run"]["batches_per_epoch"]
    saved = (ours - gather["float32"]) * batches / 1e6

    def s(seconds: float) -> str:
        return tr(lang, "{seconds} s", seconds=f"{seconds:.2f}")

    def per_batch(microseconds: float) -> str:
        return tr(lang, "{us} µs per batch", us=f"{microseconds:.0f}")

    def vs(seconds: float, baseline: float) -> str:
        return versus(seconds, baseline, lang)

    difference = tr(
        lang,
        "{versus}, saving {seconds} s per {epochs} epochs" if saved > 0
        else "{versus}, adding {seconds} s per {epochs} epochs",
        versus=vs(gather["float32"], ours), seconds=f"{abs(saved):.3f}", epochs=epochs,
    )  # fmt: skip
    rows = [
        [tr(lang, "scratch model with `W` stored row by row"), s(row_major),
         tr(lang, "column by column: {seconds} s", seconds=f"{scratch:.2f}"),
         vs(row_major, scratch)],
        [tr(lang, "the loop without `.item()` per batch (losses kept as tensors, read once per "
                  "epoch)"),
         s(tensor_loop), tr(lang, "`.item()` per batch: {seconds} s", seconds=f"{concise:.2f}"),
         vs(tensor_loop, concise)],
        [tr(lang, "minibatch gathered with `X[indices]`"),
         per_batch(gather["uint8_indexing_then_float32"]),
         tr(lang, "`index_select`: {us} µs per batch", us=f"{ours:.0f}"),
         vs(gather["uint8_indexing_then_float32"], ours)],
        [tr(lang, "images kept as float32, each minibatch gathered"), per_batch(gather["float32"]),
         tr(lang, "uint8, converted after the gather: {us} µs per batch", us=f"{ours:.0f}"),
         difference],
    ]  # fmt: skip
    bullets = prose(lang, TRIED)
    compiled = trials.get("compile")
    if compiled and "error" not in compiled:
        eager = tr(lang, "eager: {seconds} s", seconds=f"{compiled['eager']:.2f}")
        rows += [
            [tr(lang, "`torch.compile(model)`, first run (compiling included)"),
             s(compiled["first"]), eager, vs(compiled["first"], compiled["eager"])],
            [tr(lang, "`torch.compile(model)`, second run in the same process"),
             s(compiled["second"]), eager, vs(compiled["second"], compiled["eager"])],
        ]  # fmt: skip
        bullets += prose(lang, COMPILE)
    elif compiled:  # the error is the compiler's own last line, shown as it is
        rows.append(["`torch.compile(model)`", tr(lang, "failed"), compiled["error"], ""])
    columns = header(lang, "tried | measured | compared with | result")
    text = tr(lang, "Each row was measured in the same `make bench` run as the tables above:")
    return text + "\n\n" + markdown_table(columns, rows, "lrrl") + bullets


def _indent(text: str) -> str:
    return "".join(f"    {line}" if line.strip() else line for line in text.splitlines(True))
