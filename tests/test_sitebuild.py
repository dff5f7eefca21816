"""The build step: cache keys, a warm build that imports nothing heavy, reproducibility, atomic outputs."""

import ast
import json
import os
import re
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
    """Every output by its name relative to ``out`` (the Chinese ones ``zh/name``)."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }


#: the figures stage's outputs made once, not per language: the tests' fixtures and the metrics
ONCE = {"metrics.json", "explorable_fixtures.json"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def words_of(path: Path) -> str:
    """What a reader sees of an output: a data script's JSON decoded, else the file's text."""
    text = path.read_text()
    if path.suffix == ".js":
        prefix = "window.SR_EXPLORABLES."
        (line,) = [line for line in text.splitlines() if line.startswith(prefix)]
        value = json.loads(line.split(" = ", 1)[1].removesuffix(";"))
        return json.dumps(value, ensure_ascii=False)
    return text  # Markdown, or SVG, whose comments name each text drawn as paths


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
def test_a_build_writes_every_output_in_chinese_too(cold_build):
    """Each fragment, figure and data script also at zh/name, with Chinese in it; the rest once."""
    names = set(outputs_of(cold_build))
    english = {name for name in names if "/" not in name}
    assert names - english == {f"zh/{name}" for name in english - ONCE}
    for name in english - ONCE:
        assert CJK.search(words_of(cold_build / "zh" / name)), name
        if not name.endswith(".svg"):
            assert not CJK.search(words_of(cold_build / name)), name  # the English has none


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
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
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


def test_a_text_with_no_translation_fails_the_stage_in_one_line(tmp_path):
    from sitebuild.build import run_stage

    outputs, problem = run_stage(("tests.stage_stub", "untranslated"), tmp_path, None, {})
    assert outputs is None
    assert problem == (
        "no zh translation of 'A sentence no catalogue has': add it to a catalogue in "
        "code/sitebuild/zh/"
    )
