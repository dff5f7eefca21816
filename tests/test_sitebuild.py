"""The build step: cache keys, a warm build that imports nothing heavy, reproducibility, atomic outputs."""

import ast
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
import torch

from sitebuild import figures, plots, tables
from sitebuild.build import STAGES, keys, main, parse_args
from sitebuild.cache import MANIFEST, atomic_write, cache_key, read_manifest
from sitebuild.measure import FORMS, SCALES, StabilityRow, exact_loss, stability_scan
from sitebuild.paths import BUILD
from sitebuild.performance import SCHEMA

SMALL = ["--epochs", "1", "--stages", "figures"]


def test_the_key_changes_with_a_hyperparameter():
    base = keys(parse_args(SMALL))
    assert keys(parse_args(SMALL)) == base
    for flag, value in [
        ("--lr", "0.2"),
        ("--batch-size", "128"),
        ("--seed", "1"),
        ("--epochs", "2"),
    ]:
        changed = keys(parse_args([*SMALL, flag, value]))
        assert all(changed[stage] != base[stage] for stage in base), flag


def test_the_key_changes_with_a_source_file(tmp_path):
    source = tmp_path / "model.py"
    source.write_text("lr = 0.1\n")
    before = cache_key([source], {}, ["torch"])
    source.write_text("lr = 0.2\n")
    assert cache_key([source], {}, ["torch"]) != before


def test_atomic_write_keeps_the_old_file_when_interrupted(tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("old")
    with pytest.raises(RuntimeError), atomic_write(path) as file:
        file.write("half of the new")
        raise RuntimeError("interrupted")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


@pytest.fixture(scope="module")
def scan() -> dict[tuple[str, str], StabilityRow]:
    """The rows of the stability scan by (dtype, the code of the form)."""
    return {(row.dtype, row.form): row for row in stability_scan()}


NAIVE_NAIVE, STABLE_NAIVE, LOGITS = (form.code for form in FORMS)


def _scanned(dtype: str) -> torch.Tensor:
    """The scanned scales as the dtype stores them, in float64."""
    return SCALES.to(getattr(torch, dtype)).double()


def _state_at(row: StabilityRow, s: float) -> str:
    """The state of the last segment that starts at or before ``s``."""
    return [state for start, state in row.segments if start <= s][-1]


def test_the_scan_brackets_the_exact_thresholds(scan):
    """Each naive form becomes inf just past the dtype's exp threshold that explains it."""
    for (dtype, form), row in scan.items():
        limit = {NAIVE_NAIVE: row.exp_overflow, STABLE_NAIVE: -row.exp_underflow}.get(form)
        if limit is None:
            continue
        before = _scanned(dtype)[_scanned(dtype) < row.first_broken][-1].item()
        assert before <= limit < row.first_broken, row
        assert row.broken_as == "inf", row


def test_chaining_the_naive_forms_breaks_where_exp_overflows_long_before_underflow(scan):
    for dtype in ("float16", "float32", "float64"):
        naive, stable = scan[dtype, NAIVE_NAIVE], scan[dtype, STABLE_NAIVE]
        assert naive.first_broken < stable.first_broken, dtype
        assert naive.first_wrong is None, dtype  # right until it is inf
    row = scan["float32", NAIVE_NAIVE]
    assert 88.7 < row.first_broken < 89  # the book's chain: inf from s = 89 on


def test_the_naive_loss_of_a_subnormal_probability_is_finite_but_wrong(scan):
    """Between exp(-s) turning subnormal and underflowing, the loss is finite but wrong."""
    for dtype in ("float16", "float32", "float64"):
        row = scan[dtype, STABLE_NAIVE]
        assert row.subnormal_from < row.first_wrong < row.last_right < row.first_broken, row
        states = [state for _, state in row.segments]
        assert states[0] == "right" and states[-2:] == ["finite but wrong", "inf or nan"]
        assert set(states[1:-2]) <= {"right", "finite but wrong"}  # they alternate, no inf
        assert row.max_error > row.tolerance
    # bfloat16's rounding is as coarse as its few subnormals: never wrong, as the page says
    assert scan["bfloat16", STABLE_NAIVE].first_wrong is None
    # the losses that stop growing: 99.983 for s = 100, 103.279 for 103.9 (float32),
    # 16.64 for both 17 and 17.3 (float16)
    for dtype, s in [("float32", 100.0), ("float32", 103.9), ("float16", 17.0), ("float16", 17.3)]:
        assert _state_at(scan[dtype, STABLE_NAIVE], s) == "finite but wrong", (dtype, s)
    assert _state_at(scan["float32", STABLE_NAIVE], 90.0) == "right"


def test_the_loss_from_the_logits_is_right_at_every_scale(scan):
    for dtype in ("float16", "bfloat16", "float32", "float64"):
        row = scan[dtype, LOGITS]
        assert row.segments == [[_scanned(dtype)[0].item(), "right"]], row
        assert row.first_wrong is None and row.first_broken is None
        assert row.max_error < 2 * row.tolerance / row.wrong_eps  # under 2 eps


def test_the_scan_agrees_with_the_float64_reference_where_nothing_is_small():
    s = torch.tensor([1.0, 5.0, 30.0])
    torch.testing.assert_close(exact_loss(s), torch.log(torch.exp(s.double()) + 1))


def test_the_stability_rows_survive_metrics_json_and_give_the_table_and_figure(scan):
    rows = [json.loads(json.dumps(vars(row))) for row in scan.values()]
    metrics = {"stability": {"scan_min": 1.0, "scan_max": 10_000.0, "rows": rows}}
    table = tables.stability_table(metrics)
    rows_shown = [line for line in table.splitlines() if line.lstrip().startswith("| `")]
    assert len(rows_shown) == 4 + 12  # the dtypes, then a tab of the three forms per dtype
    float32 = table[table.index('=== "float32"') : table.index('=== "float64"')]
    assert f"| `{LOGITS}` | never | end of scan | never |" in float32
    for variant in plots.THEMES:
        with plots.theme(variant) as colors:
            figure = plots.stability_figure(colors, [StabilityRow(**row) for row in rows])
        assert len(figure.axes) == 4
        plt.close(figure)


def outputs_of(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}


@pytest.fixture(scope="module")
def cold_build(tmp_path_factory) -> Path:
    """A cold build of a one-epoch run into an empty folder."""
    out = tmp_path_factory.mktemp("cold")
    assert main(["--out", str(out), *SMALL]) == 0
    return out


@pytest.mark.slow
def test_training_again_measures_the_same(cold_build, tmp_path):
    """The runs are reproducible: a second training from scratch gives the same record."""
    from sitebuild import runs
    from softmax_regression import TrainConfig, load_fashion_mnist

    data = load_fashion_mnist()
    again = runs.train_or_reuse(tmp_path, TrainConfig(num_epochs=1), data, "another key")
    a = json.loads((cold_build / "metrics.json").read_text())
    b, _ = runs.metrics(TrainConfig(num_epochs=1), data, again)
    for impl in ("scratch", "concise"):
        strip = [{k: v for k, v in h.items() if k != "seconds"} for h in a["runs"][impl]["history"]]
        assert strip == [
            {k: v for k, v in h.items() if k != "seconds"} for h in b["runs"][impl]["history"]
        ]
        assert a["runs"][impl]["final"] == b["runs"][impl]["final"]
    assert a["confusion_matrix"] == b["confusion_matrix"]
    assert (cold_build / "results.md").read_text().splitlines()[2:] != []


@pytest.mark.slow
def test_a_build_writes_every_output(cold_build):
    out = cold_build
    names = set(outputs_of(out))
    figures = [
        "training_scratch",
        "training_concise",
        "samples",
        "predictions",
        "mistakes",
        "confusion",
        "weights",
        "stability",
        "temperature",
    ]
    assert {f"{f}-{v}.svg" for f in figures for v in ("light", "dark")} <= names
    assert {
        "metrics.json",
        "results.md",
        "per_class_accuracy.md",
        "stability.md",
        "history_scratch.md",
        "explorable_model.js",
        "explorable_toy.js",
        "explorable_fixtures.json",
    } <= names
    assert set(read_manifest(out)["stages"]["figures"]["outputs"]) == names
    for name in names:
        if name.endswith(".svg"):
            ET.fromstring((out / name).read_bytes())  # complete, well-formed SVG


@pytest.mark.slow
def test_a_warm_build_is_a_cache_hit_without_importing_torch(cold_build):
    code = (
        f"import sys; from sitebuild.build import main; rc = main(['--out', {str(cold_build)!r}, *{SMALL!r}]);"
        " print(rc, 'torch' in sys.modules, 'matplotlib' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.splitlines()[-1] == "0 False False"
    assert "up to date" in run.stdout


@pytest.mark.slow
def test_an_interrupted_build_keeps_the_old_outputs_and_the_next_completes_them(
    cold_build, tmp_path, monkeypatch
):
    out = tmp_path / "out"
    shutil.copytree(cold_build, out)
    before = outputs_of(out)
    # Three figures are enough to interrupt at the third file and to complete.
    real_figures = figures._figures
    monkeypatch.setattr(
        figures, "_figures", lambda *args: dict(list(real_figures(*args).items())[:3])
    )
    real_save, calls = plots.save, []

    def save_then_fail(figure, path):
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real_save(figure, path)

    monkeypatch.setattr(plots, "save", save_then_fail)
    with pytest.raises(KeyboardInterrupt):
        main(["--out", str(out), *SMALL, "--lr", "0.2"])
    after = outputs_of(out)
    assert set(after) == set(before)  # nothing lost, nothing half-written
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    assert not (out / MANIFEST).exists()  # so nothing counts as up to date
    monkeypatch.setattr(plots, "save", real_save)
    assert main(["--out", str(out), *SMALL, "--lr", "0.2"]) == 0
    assert (
        read_manifest(out)["stages"]["figures"]["key"]
        == keys(parse_args([*SMALL, "--lr", "0.2"]))["figures"]
    )
    assert json.loads((out / "metrics.json").read_text())["config"]["lr"] == 0.2


def test_bad_hyperparameters_are_one_clear_error(tmp_path, capsys):
    assert main(["--out", str(tmp_path), "--lr", "-1", "--stages", "figures"]) == 2
    error = capsys.readouterr().err
    assert "invalid lr: lr must be a finite number greater than 0, got -1.0" in error
    assert "Traceback" not in error


@pytest.mark.slow
def test_a_typo_in_a_flag_keeps_the_cache(cold_build, capsys):
    out = cold_build
    before = {**outputs_of(out), MANIFEST: (out / MANIFEST).read_bytes()}
    assert main(["--out", str(out), *SMALL, "--lr", "-1"]) == 2
    assert main(["--out", str(out), *SMALL, "--batch-size", "0"]) == 2
    assert {**outputs_of(out), MANIFEST: (out / MANIFEST).read_bytes()} == before
    capsys.readouterr()
    assert main(["--out", str(out), *SMALL]) == 0
    assert "up to date" in capsys.readouterr().out


def test_an_unknown_stage_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        parse_args(["--stages", "figures,figure"])
    assert exit_.value.code == 2
    error = capsys.readouterr().err
    assert f"unknown stage figure; the stages are {', '.join(STAGES)}" in error


def _imports(path: Path) -> set[str]:
    """The modules a module imports, at any depth (inside functions too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_the_build_has_no_import_cycle():
    modules = {f"sitebuild.{p.stem}" for p in BUILD.glob("*.py")}
    graph = {f"sitebuild.{p.stem}": _imports(p) & modules for p in BUILD.glob("*.py")}
    graph["sitebuild.build"] |= {stage.module for stage in STAGES.values()}
    assert "sitebuild.figures" in graph["sitebuild.build"]
    visiting, done = [], set()

    def visit(name: str) -> None:
        assert name not in visiting, "import cycle: " + " -> ".join([*visiting, name])
        if name not in done:
            visiting.append(name)
            for imported in graph[name]:
                visit(imported)
            visiting.pop()
            done.add(name)

    for name in graph:
        visit(name)


def _benchmark_results() -> dict:
    """A results.json as ``make bench`` writes it, with round numbers."""
    row = {"seconds": 2.0, "runs": [2.0] * 5, "images_per_second": 300000.0}
    return {
        "schema": SCHEMA,
        "training": {
            "concise": {**row, "speedup_vs_reference": 20.0, "test_acc": 0.8248},
            "scratch": {**row, "seconds": 3.0, "speedup_vs_reference": 13.3, "test_acc": 0.8248},
            "reference": {
                **row,
                "seconds": 40.0,
                "runs": [40.0] * 3,
                "speedup_vs_reference": 1.0,
                "test_acc": 0.8324,
            },
            "reference_resize": {
                **row,
                "seconds": 44.0,
                "runs": [44.0] * 3,
                "speedup_vs_reference": 0.91,
                "test_acc": 0.8321,
            },
        },
        "targets": [
            {"what": "the concise trainer's 10 epochs", "target": "at most 1.0 s",
             "measured": "2.00 s", "met": False},
            {"what": "the final test accuracies", "target": "within 0.01 of each other",
             "measured": "0.0076 apart", "met": True},
        ],
        "tried": {
            "scratch_row_major": {"seconds": 4.5},
            "concise_one_thread": {"seconds": 1.8},
            "concise_tensor_loop": {"seconds": 2.1},
            "gather_microseconds": {"float32": 80.0, "float32_indexing": 180.0,
                                    "uint8_then_float32": 40.0},
            "compile": {"eager": 2.0, "first": 25.0, "second": 2.2, "test_acc": 0.8248},
        },
        "profile": {
            impl: {"steps": 470, "total_us_per_step": 400.0,
                   "ops": [{"name": "aten::addmm", "calls_per_step": 1.01,
                            "us_per_step": 100.0, "share": 0.25}]}
            for impl in ("concise", "scratch")
        },
        "reference_breakdown": {
            "per_image_seconds": 1.7, "collate_seconds": 0.04, "worker_startup_seconds": 0.13,
            "loader_pass_4_workers_seconds": 1.7, "loader_pass_0_workers_seconds": 2.4,
        },
        "compute": {
            "gflop": 20.4,
            "matmul_gflops": 100.0,
            "fraction_of_matmul_peak": {"concise": 0.102, "scratch": 0.068},
        },
        "memory": {
            "dataset_float32_mib": 210.0,
            "dataset_uint8_mib": 52.5,
            "peak_rss_import_torch_mib": 670.0,
            "peak_rss_load_mib": 900.0,
            "peak_rss_load_out_of_place_mib": 1080.0,
            "peak_rss_train_mib": 950.0,
        },
        "build": {"cold_seconds": 22.0, "warm_seconds": 0.05, "mkdocs_build_seconds": 2.0},
        "tests": {"make_test_seconds": 300.0, "sybil_seconds": 60.0},
        "run": {
            "num_epochs": 10,
            "batch_size": 256,
            "num_train": 60000,
            "num_test": 10000,
            "batches_per_epoch": 235,
        },
        "machine": {
            "cpu_count": 2,
            "cpu_model": "AMD EPYC",
            "memory_gib": 23.5,
            "platform": "Linux",
            "torch": "2.14.1",
            "torch_threads": 2,
            "python": "3.11.7",
        },
    }  # fmt: skip


def test_the_performance_page_comes_from_the_benchmark_or_says_there_is_none():
    from sitebuild.performance import FRAGMENTS, fragments

    assert set(fragments(None)) == set(FRAGMENTS)
    assert all("No benchmark yet" in text for text in fragments(None).values())
    pages = fragments(_benchmark_results())
    assert not any("No benchmark yet" in t or "Not measured" in t for t in pages.values())
    headline = pages["performance.md"]
    assert [line for line in headline.splitlines() if line.startswith("| book's")] == [
        "| book's pipeline, English edition 1.0 (the same with Resize) | 44.00 "
        "| 44.00 to 44.00 | 300,000 | 0.9x | 0.8321 |",
        "| book's pipeline, Chinese edition (DataLoader, ToTensor, 4 workers) | 40.00 "
        "| 40.00 to 40.00 | 300,000 | 1.0x | 0.8324 |",
    ]
    assert "| the concise trainer's 10 epochs | at most 1.0 s | 2.00 s | **no** |" in headline
    assert "on 2 CPU cores (AMD EPYC), 24 GiB of memory" in headline
    assert "medians of 5 runs of ours and 3 of the reference" in headline
    assert "uses 10.2% of it" in pages["performance_profile.md"]
    assert '=== "From scratch"' in pages["performance_profile.md"]
    assert "| `aten::addmm` | 1.01 | 100.0 | 25.0% |" in pages["performance_profile.md"]
    tried = pages["performance_tried.md"]
    assert "| 4.50 s | column by column: 3.00 s | 1.50x the time (slower) |" in tried
    assert "| 2.10 s | `.item()` per batch: 2.00 s | 1.05x the time (slower) |" in tried
    assert (
        "| 40 µs per batch | float32 gather: 80 µs per batch | 0.50x the time (faster), "
        "saving 0.094 s per 10 epochs |" in tried
    )
    assert "| 25.00 s | eager: 2.00 s | 12.50x the time (slower) |" in tried
    assert (
        "| starting 4 workers, up to the first batch | 0.130 | twice per epoch |"
        in (pages["performance_reference.md"])
    )
    assert "| `make test` (set-up done) | 300 s |" in pages["performance_other.md"]
    reference = pages["performance_reference.md"]
    assert "`ToTensor` on all 70,000 images" in reference and "one epoch's 235 batches" in reference


def test_an_older_benchmark_gives_one_note_and_a_missing_key_fails_the_build():
    from sitebuild.performance import BenchmarkError, fragments

    older = {**_benchmark_results(), "schema": SCHEMA - 1}
    assert all("Run `make bench` again" in text for text in fragments(older).values())
    unversioned = _benchmark_results()
    del unversioned["schema"]
    assert all("Run `make bench` again" in text for text in fragments(unversioned).values())
    broken = _benchmark_results()
    del broken["tried"]["scratch_row_major"]
    with pytest.raises(BenchmarkError, match="has no 'scratch_row_major'"):
        fragments(broken)


def test_the_optional_measurements_may_be_missing():
    from sitebuild.performance import fragments

    results = _benchmark_results()
    del results["tests"], results["tried"]["compile"]
    pages = fragments(results)
    assert "were not timed in the last benchmark" in pages["performance_other.md"]
    assert "torch.compile" not in pages["performance_tried.md"]


def test_a_stage_reruns_only_when_what_it_reads_changes(tmp_path, monkeypatch):
    """A chapter's module keys its own stage; the notebooks, which include every
    stage's fragments, follow every stage; no chapter module retrains the runs."""
    import sitebuild.build as build

    module = tmp_path / "chapter.py"
    module.write_text("x = 1\n")
    stages = {
        "figures": build.STAGES["figures"],
        "chapter": build.Stage("chapter", lambda: [module], ()),
        "notebooks": build.STAGES["notebooks"],
    }
    monkeypatch.setattr(build, "STAGES", stages)
    before = keys(parse_args([]))
    module.write_text("x = 2\n")
    after = keys(parse_args([]))
    assert after["chapter"] != before["chapter"]
    assert after["figures"] == before["figures"] and after["train"] == before["train"]
    assert after["notebooks"] != before["notebooks"]
    assert all(path.is_file() for path in build.CORE)  # no typo in the list


def test_every_stage_names_files_that_exist():
    for name, stage in STAGES.items():
        missing = [path for path in stage.sources() if not path.is_file()]
        assert missing == [], f"stage {name} names missing files"


@pytest.mark.slow
def test_stages_run_side_by_side_in_their_own_processes(tmp_path):
    from sitebuild.build import run_stages

    stub = ("tests.stage_stub", "build")
    results = run_stages({"a": stub}, 2, tmp_path, None, {"name": "a"})
    assert results == {"a": ({"stub-a.txt": len((tmp_path / "stub-a.txt").read_text())}, None)}
    assert (tmp_path / "stub-a.txt").read_text() == str(os.getpid())  # one stage: here
    results = run_stages(
        {"b": stub, "c": ("tests.stage_stub", "broken")}, 2, tmp_path, None, {"name": "b"}
    )
    assert results["c"] == (None, "the data is missing: get it first")
    assert (tmp_path / "stub-b.txt").read_text() != str(os.getpid())  # another process
