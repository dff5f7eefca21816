"""The Performance page's tables, from the last ``make bench`` of this machine.

``benchmarks/results.json`` carries a schema version, :data:`SCHEMA`, which
``make bench`` writes and this module checks once: a missing file, or one
from an older benchmark, gives each fragment a note that says to run
``make bench``; a file of the current schema that lacks a key is a bug, and
fails the build with :class:`BenchmarkError`. The optional parts (the test
timings of ``--tests``, the ``torch.compile`` trial) are the only keys
looked up with a default.
"""

from sitebuild.tables import markdown_table

__all__ = ["FRAGMENTS", "SCHEMA", "BenchmarkError", "fragments", "outdated"]

#: the version of the layout of results.json; raise it when the layout changes
SCHEMA = 2
NO_BENCHMARK = (
    '!!! note "No benchmark yet"\n    This copy of the site was built on a machine '
    "where `make bench` has not run yet. Run it, then rebuild (`make site` or "
    "`make serve`): the tables appear here.\n"
)
OUTDATED = (
    '!!! note "Benchmark out of date"\n    `benchmarks/results.json` was written by '
    "an older `make bench`. Run `make bench` again, then rebuild.\n"
)


class BenchmarkError(RuntimeError):
    """results.json has the current schema but lacks a measurement the page shows."""


NAMES = {
    "reference": "book's pipeline, Chinese edition (DataLoader, ToTensor, 4 workers)",
    "reference_resize": "book's pipeline, English edition 1.0 (the same with Resize)",
    "concise": "ours, concise",
    "scratch": "ours, from scratch",
}


def headline(results: dict) -> str:
    """Seconds, throughput, speed-up and accuracy of each trainer; the targets; the machine."""
    training, machine = results["training"], results["machine"]
    rows = [
        [
            NAMES[key],
            f"{row['seconds']:.2f}",
            f"{min(row['runs']):.2f} to {max(row['runs']):.2f}",
            f"{row['images_per_second']:,.0f}",
            f"{row['speedup_vs_reference']:.1f}x",
            f"{row['test_acc']:.4f}",
        ]
        for key, row in sorted(training.items(), key=lambda item: -item[1]["seconds"])
    ]
    header = [
        "pipeline",
        f"seconds ({results['run']['num_epochs']} epochs, median)",
        "fastest to slowest run",
        "training images/s",
    ]
    text = markdown_table([*header, "speed-up", "test accuracy"], rows, "lrrrrr")
    text += "\n" + markdown_table(
        ["what", "target", "measured", "met"],
        [
            [t["what"], t["target"], t["measured"], "yes" if t["met"] else "**no**"]
            for t in results["targets"]
        ],
        "llll",
    )
    runs = len(training["concise"]["runs"])
    memory = f", {machine['memory_gib']:.0f} GiB of memory"
    text += (
        f"\nMeasured with `make bench` on {machine['cpu_count']} CPU cores "
        f"({machine['cpu_model']}){memory}, {machine['platform']}, "
        f"PyTorch {machine['torch']} with {machine['torch_threads']} threads, Python "
        f"{machine['python']}: medians of {runs} runs of ours and "
        f"{len(training['reference']['runs'])} of the reference, timed in alternation.\n"
    )
    return text


def reference(results: dict) -> str:
    """The book's pipeline, cost by cost."""
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
    return markdown_table(
        ["cost", "seconds", "paid"], [[a, f"{b:.3f}", c] for a, b, c in rows], "lrl"
    )


def profile(results: dict) -> str:
    """The operators our trainers spend their time in, per training step."""
    profiles = results["profile"]
    compute = results["compute"]
    fraction = compute["fraction_of_matmul_peak"]
    text = (
        f"One run of {results['run']['num_epochs']} epochs needs {compute['gflop']:.1f} GFLOP; this machine's float32 matmul "
        f"reaches {compute['matmul_gflops']:.0f} GFLOP/s on large matrices, so the concise trainer uses "
        f"{fraction['concise']:.1%} of it and the scratch trainer {fraction['scratch']:.1%}.\n\n"
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
    return text


def tried(results: dict) -> str:
    """What else was tried, each against what the trainer does now, measured in the same run."""
    trials, training = results["tried"], results["training"]

    def versus(seconds: float, baseline: float) -> str:
        ratio = seconds / baseline
        return f"{ratio:.2f}x the time ({'slower' if ratio > 1 else 'faster'})"

    scratch, concise = training["scratch"]["seconds"], training["concise"]["seconds"]
    row_major = trials["scratch_row_major"]["seconds"]
    threads = results["machine"]["torch_threads"]
    one_thread = trials["concise_one_thread"]["seconds"]
    tensor_loop = trials["concise_tensor_loop"]["seconds"]
    gather = trials["gather_microseconds"]
    batches = results["run"]["num_epochs"] * results["run"]["batches_per_epoch"]
    saved = (gather["float32"] - gather["uint8_then_float32"]) * batches / 1e6
    rows = [
        ["scratch model with `W` stored row by row", f"{row_major:.2f} s",
         f"column by column: {scratch:.2f} s", versus(row_major, scratch)],
        ["concise trainer on one thread (`torch.set_num_threads(1)`)", f"{one_thread:.2f} s",
         f"{threads} threads: {concise:.2f} s", versus(one_thread, concise)],
        ["the loop without `.item()` per batch (losses kept as tensors, read once per epoch)",
         f"{tensor_loop:.2f} s", f"`.item()` per batch: {concise:.2f} s",
         versus(tensor_loop, concise)],
        ["minibatch gathered with `X[indices]`", f"{gather['float32_indexing']:.0f} µs per batch",
         f"`index_select`: {gather['float32']:.0f} µs per batch",
         versus(gather["float32_indexing"], gather["float32"])],
        ["images kept as uint8, each minibatch converted", f"{gather['uint8_then_float32']:.0f} µs per batch",
         f"float32 gather: {gather['float32']:.0f} µs per batch",
         f"{versus(gather['uint8_then_float32'], gather['float32'])}, "
         f"{'saving' if saved > 0 else 'adding'} {abs(saved):.3f} s per "
         f"{results['run']['num_epochs']} epochs"],
    ]  # fmt: skip
    compiled = trials.get("compile")
    if compiled and "error" not in compiled:
        rows += [
            ["`torch.compile(model)`, first run (compiling included)", f"{compiled['first']:.2f} s",
             f"eager: {compiled['eager']:.2f} s", versus(compiled["first"], compiled["eager"])],
            ["`torch.compile(model)`, second run in the same process", f"{compiled['second']:.2f} s",
             f"eager: {compiled['eager']:.2f} s", versus(compiled["second"], compiled["eager"])],
        ]  # fmt: skip
    elif compiled:
        rows.append(["`torch.compile(model)`", "failed", compiled["error"], ""])
    return markdown_table(["tried", "measured", "compared with", "result"], rows, "lrrl")


def other(results: dict) -> str:
    """Memory, the build step and the tests."""
    memory, build, tests = results["memory"], results["build"], results.get("tests") or {}
    rows = [
        ["data set in memory, float32 (what the trainer uses)", f"{memory['dataset_float32_mib']:.0f} MiB"],
        ["data set in memory, as uint8", f"{memory['dataset_uint8_mib']:.0f} MiB"],
        ["peak memory of a process that imports torch and torchvision", f"{memory['peak_rss_import_torch_mib']:.0f} MiB"],
        ["peak memory of a process that loads the data", f"{memory['peak_rss_load_mib']:.0f} MiB"],
        ["the same, dividing with `/ 255` instead of `div_(255)`", f"{memory['peak_rss_load_out_of_place_mib']:.0f} MiB"],
        [f"peak memory: load and train {results['run']['num_epochs']} epochs",
         f"{memory['peak_rss_train_mib']:.0f} MiB"],
        ["build step, cold (train, figures, notebooks)", f"{build['cold_seconds']:.1f} s"],
        ["build step, warm (nothing changed)", f"{build['warm_seconds']:.2f} s"],
        ["`mkdocs build --strict`", f"{build['mkdocs_build_seconds']:.1f} s"],
    ]  # fmt: skip
    if "make_test_seconds" in tests:
        rows.append(["`make test` (set-up done)", f"{tests['make_test_seconds']:.0f} s"])
    if "sybil_seconds" in tests:
        rows.append(
            ["the pages' and docstrings' examples alone (sybil)", f"{tests['sybil_seconds']:.0f} s"]
        )
    text = markdown_table(["measurement", "value"], rows, "lr")
    if "error" in tests:
        text += f"\nThe tests were not timed: in the last benchmark {tests['error']}.\n"
    elif not tests:
        text += "\nThe tests were not timed in the last benchmark (`make bench BENCH_ARGS=--tests` does).\n"
    return text


def _indent(text: str) -> str:
    return "".join(f"    {line}" if line.strip() else line for line in text.splitlines(True))


FRAGMENTS = {
    "performance.md": headline,
    "performance_reference.md": reference,
    "performance_profile.md": profile,
    "performance_tried.md": tried,
    "performance_other.md": other,
}


def outdated(results: dict | None) -> bool:
    """Whether ``results`` is missing or was written with another schema."""
    return results is None or results.get("schema") != SCHEMA


def fragments(results: dict | None) -> dict[str, str]:
    """File name -> Markdown of every Performance page fragment.

    Raises:
        BenchmarkError: ``results`` has the current schema but lacks a key.
    """
    if results is None:
        return dict.fromkeys(FRAGMENTS, NO_BENCHMARK)
    if outdated(results):
        return dict.fromkeys(FRAGMENTS, OUTDATED)
    rendered = {}
    for name, render in FRAGMENTS.items():
        try:
            rendered[name] = render(results)
        except KeyError as error:
            raise BenchmarkError(
                f"benchmarks/results.json (schema {SCHEMA}) has no {error} for "
                f"{name}: make bench and sitebuild/performance.py disagree"
            ) from None
    return rendered
