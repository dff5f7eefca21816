"""The benchmark's own pieces and the Performance page made from its results.

The verdicts on the targets, the memory probe, the competing process, the profile and the
trials; and the page's fragments, from a small fake results dict, from a recorded run, and
from none. The timings themselves are not tested here (this machine is too noisy for that);
``make bench`` prints them with their ratios.
"""

import copy
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch
from benchmarks import bench
from benchmarks.bench import parse_args, write_results
from benchmarks.experiments import gather_microseconds, profile_steps, row_major_scratch
from benchmarks.processes import BUSY_LOOP, competing_process, peak_memory_mib
from benchmarks.targets import report, targets
from markdown.extensions.toc import slugify

from sitebuild.i18n import catalogue
from sitebuild.markdown import new_markdown
from sitebuild.paths import DOCS, ROOT
from sitebuild.performance import (
    FRAGMENTS,
    RECORDED_TEXTS,
    SCHEMA,
    BenchmarkError,
    fragments,
    read_results,
    recorded_text,
)
from softmax_regression import build_model


def _summary(seconds: float, runs: int = 3, accuracy: float = 0.8248) -> dict:
    return {"seconds": seconds, "runs": [seconds] * runs, "test_acc": accuracy}


def _results() -> dict:
    """A results.json as ``make bench`` writes it, with round numbers."""
    row = {"runs": [2.0] * 7, "images_per_second": 300000.0}
    results = {
        "schema": SCHEMA,
        "recorded_at": "2025-11-22T07:40:12+00:00",
        "commit": {"sha": "0123456789abcdef0123456789abcdef01234567", "dirty": False},
        "full": True,
        "counts": dict(bench.FULL),
        "machine": {
            "cpu_count": 2, "cpu_model": "AMD EPYC", "memory_gib": 23.5, "platform": "Linux",
            "torch": "2.14.1", "torch_threads": 2, "omp_num_threads": None, "python": "3.11.7",
            "load_average_at_start": 0.08,
        },
        "run": {"num_epochs": 10, "batch_size": 256, "num_train": 60000, "num_test": 10000,
                "batches_per_epoch": 235},
        "training": {
            "concise": {**row, "seconds": 0.5, "speedup_vs_reference": 56.0, "test_acc": 0.8248},
            "scratch": {**row, "seconds": 0.6, "speedup_vs_reference": 46.7, "test_acc": 0.8248},
            "reference": {**row, "seconds": 28.0, "runs": [28.0] * 2, "speedup_vs_reference": 1.0,
                          "test_acc": 0.8324},
            "reference_resize": {**row, "seconds": 30.8, "runs": [30.8] * 2,
                                 "speedup_vs_reference": 0.91, "test_acc": 0.8321},
        },
        "threads": {
            "default": 1, "alternative": 2, "torch_threads": 2, "competitor": BUSY_LOOP,
            "quiet": {"default": _summary(0.5, 7), "alternative": _summary(0.45, 7)},
            "loaded": {"default": _summary(0.75), "alternative": _summary(2.0)},
        },
        "process": {
            "train": {**_summary(2.0), "command": "python -m softmax_regression train --impl concise"},
            "reference": {**_summary(24.0, 1, 0.8324),
                          "command": "python -m benchmarks.reference --edition zh"},
            "speedup": 12.0,
            "import": {"seconds": 1.25, "runs": [1.25] * 3, "torchvision": False},
            "load": {"seconds": 0.15, "runs": [0.15] * 5},
        },
        "tried": {
            "scratch_row_major": _summary(1.26),
            "concise_tensor_loop": _summary(0.735),
            "gather_microseconds": {"uint8_then_float32": 40.0,
                                    "uint8_indexing_then_float32": 90.0, "float32": 80.0},
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
        "compute": {"gflop": 20.4, "matmul_gflops": 100.0, "matmul_threads": 1,
                    "fraction_of_matmul_peak": {"concise": 0.291, "scratch": 0.243}},
        "memory": {
            "dataset_uint8_mib": 52.3, "dataset_float32_mib": 209.4,
            "peak_rss_import_torch_mib": 521.0, "peak_rss_import_torchvision_mib": 686.0,
            "peak_rss_import_package_mib": 530.0, "peak_rss_load_mib": 590.0,
            "peak_rss_train_mib": 650.0,
        },
        "build": {"cold_seconds": 90.0, "warm_seconds": 0.05, "mkdocs_build_seconds": 20.0},
        "tests": {"make_test_seconds": 300.0, "sybil_seconds": 60.0},
        "sections": {"quiet, in process": 120.0},
    }  # fmt: skip
    results["targets"] = targets(results)
    return results


# The targets and the report


def test_every_target_is_met_on_its_boundary():
    checks = targets(_results())
    assert len(checks) == 10 and all(check["met"] for check in checks)
    measured = {check["what"]: check["measured"] for check in checks}
    assert measured["the whole command against the book's pipeline as a process"] == "12.0x"
    assert measured[
        "the concise trainer's 10 epochs beside a busy process (default: 1 thread)"
    ] == ("1.50x (0.75 s against 0.50 s)")
    assert (
        measured["our trainers' final test accuracy at the book's settings"] == "0.8248 and 0.8248"
    )


def test_every_target_is_missed_just_past_its_boundary():
    results = _results()
    results["process"]["train"]["seconds"] = 2.01
    results["process"]["speedup"] = 11.9
    results["process"]["import"]["torchvision"] = True
    results["process"]["load"]["seconds"] = 0.5
    results["threads"]["loaded"]["default"]["seconds"] = 0.76
    results["training"]["concise"]["seconds"] = 0.71
    results["training"]["scratch"]["seconds"] = 0.8521  # 1.2x 0.71 is 0.852
    results["training"]["reference"]["test_acc"] = 0.8349  # 0.0101 from 0.8248
    results["training"]["scratch"]["test_acc"] = 0.8247
    results["memory"]["peak_rss_train_mib"] = 651.0
    checks = targets(results)
    assert [check["what"] for check in checks if check["met"]] == []
    lines = report({**results, "targets": checks}).splitlines()
    assert sum(line.endswith(": NOT met") for line in lines) == 10
    assert "`import softmax_regression` in a fresh process: does not import torchvision, " in (
        "\n".join(lines)
    )


def test_the_report_shows_the_thread_rows_side_by_side_and_says_when_a_run_is_reduced():
    results = _results()
    text = report(results)
    assert "1 (default)          0.50     0.75         1.50x" in text
    assert "2                    0.45     2.00         4.44x" in text
    assert "book                24.00  (1 run)" in text
    assert "reduced run" not in text and "busy when" not in text
    assert "reduced run" in report({**results, "full": False})
    results["machine"]["load_average_at_start"] = 3.58
    assert "busy when the run started (load average 3.58)" in report(results)


# The command line and the record


def test_a_quick_run_is_reduced_and_cannot_be_recorded(capsys):
    quick = parse_args(["--quick"])
    assert quick.runs == bench.QUICK["runs"] and quick.no_compile and quick.no_build
    assert not quick.full
    assert parse_args([]).full and parse_args(["--record", "--tests"]).full
    assert not parse_args(["--runs", "3"]).full
    for reduced in (["--quick"], ["--no-build"], ["--no-compile"], ["--reference-runs", "1"]):
        with pytest.raises(SystemExit):
            parse_args(["--record", *reduced])
    assert "--record takes a full run" in capsys.readouterr().err


def test_a_full_run_is_recorded_and_a_reduced_one_is_not(tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "RESULTS", tmp_path / "results.json")
    monkeypatch.setattr(bench, "RECORDED", tmp_path / "recorded" / "results.json")
    write_results(_results(), record=True)
    assert json.loads(bench.RECORDED.read_text()) == json.loads(bench.RESULTS.read_text())
    bench.RECORDED.unlink()
    with pytest.raises(ValueError, match="only a full run"):
        write_results({**_results(), "full": False}, record=True)
    assert not bench.RECORDED.exists()
    write_results({**_results(), "full": False})  # a reduced run is fine locally
    assert not json.loads(bench.RESULTS.read_text())["full"]


@pytest.mark.slow
def test_make_bench_runs_the_module_and_documents_its_flags():
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "--quick" in run.stdout and "--record" in run.stdout


# The processes


def test_the_memory_probe_measures_the_child_not_this_process():
    this_process = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MiB, with torch
    assert this_process > 200
    empty = peak_memory_mib("pass")
    assert empty < 100  # a bare interpreter; ru_maxrss would report at least this_process
    assert peak_memory_mib("x = bytearray(300 * 2**20)") - empty == pytest.approx(300, abs=30)


def test_the_competing_process_runs_during_the_block_and_is_stopped_after_it():
    with competing_process() as process:
        assert process.poll() is None  # busy
    assert process.poll() is not None


@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt])
def test_the_competing_process_is_stopped_when_the_block_fails_or_is_interrupted(error):
    with pytest.raises(error), competing_process() as process:
        assert process.poll() is None
        raise error
    assert process.poll() is not None


def _ended(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status  # a zombie has ended; only its exit status is left


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_the_busy_loop_ends_by_itself_when_the_benchmark_dies():
    starter = (
        "import os, subprocess, sys\n"
        f"loop = [sys.executable, '-c', {BUSY_LOOP!r}, str(os.getpid())]\n"
        "print(subprocess.Popen(loop, stdout=subprocess.DEVNULL).pid)\n"
    )  # starts the loop, then exits without stopping it, as a killed benchmark would
    run = subprocess.run(
        [sys.executable, "-c", starter], capture_output=True, text=True, check=True
    )
    pid = int(run.stdout)
    deadline = time.monotonic() + 10
    while not _ended(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    ended = _ended(pid)
    if not ended:
        os.kill(pid, 9)
    assert ended


# The trials


def test_the_row_major_scratch_model_differs_only_in_layout():
    model, reference = row_major_scratch(seed=0), build_model("scratch", seed=0)
    assert model.W.stride() == (10, 1) and reference.W.stride() == (1, 784)
    assert torch.equal(model.W, reference.W)
    X = torch.rand(5, 1, 28, 28)
    torch.testing.assert_close(model(X), reference(X))


def test_the_profile_counts_operators_per_step(blobs):
    profile = profile_steps("concise", blobs, num_epochs=2, top=5)
    assert profile["steps"] == 2 * 3  # 600 examples in minibatches of 256
    assert 1 <= len(profile["ops"]) <= 5
    shares = [op["share"] for op in profile["ops"]]
    assert shares == sorted(shares, reverse=True) and 0 < sum(shares) <= 1
    names = {op["name"] for op in profile["ops"]}
    assert names & {"aten::addmm", "aten::mm", "aten::index_select"}


@pytest.mark.slow
def test_every_gather_gives_the_same_minibatch_and_a_time(fashion_mnist):
    microseconds = gather_microseconds(fashion_mnist, repeats=1)
    assert set(microseconds) == {"uint8_then_float32", "uint8_indexing_then_float32", "float32"}
    assert all(0 < value < 1e5 for value in microseconds.values())


# The page


def test_the_fragments_show_the_measurements_and_the_paragraphs_about_them():
    pages = fragments(_results(), "local")
    assert set(pages) == set(FRAGMENTS)
    assert not any("No benchmark yet" in t or "Not measured" in t for t in pages.values())
    headline = pages["performance.md"]
    assert headline.startswith('!!! info "Measured on this machine"')
    assert "on 2025-11-22 07:40 UTC, commit `0123456789`." in headline
    assert [line for line in headline.splitlines() if line.startswith("| book's")] == [
        "| book's pipeline, English edition 1.0 (the same with Resize) | 30.80 "
        "| 30.80 to 30.80 | 300,000 | 0.9x | 0.8321 |",
        "| book's pipeline, Chinese edition (DataLoader, ToTensor, 4 workers) | 28.00 "
        "| 28.00 to 28.00 | 300,000 | 1.0x | 0.8324 |",
    ]
    assert "| the concise trainer's 10 epochs, in process | at most 0.7 s | 0.50 s | yes |" in (
        headline
    )
    assert "The speed-up is the book's pipeline's median time divided by" in headline
    assert "medians of 7 runs of ours, on 1 thread (the package's default), and 2 of" in headline
    assert "load average when the run started was 0.08" in headline
    process = pages["performance_process.md"]
    assert (
        "| `python -m softmax_regression train --impl concise`, the whole process | 2.00 "
        "| 2.00 to 2.00 | 3 |" in process
    )
    assert (
        "| `load_fashion_mnist()` in a process that has imported it | 0.150 | 0.150 to" in process
    )
    assert "12.0x faster than the book's pipeline" in process
    assert "Importing the package did not import torchvision." in process
    threads = pages["performance_threads.md"]
    assert "| 1 thread (the default) | 0.50 | 0.75 | 1.50x |" in threads
    assert "| 2 threads | 0.45 | 2.00 | 4.44x |" in threads
    sentence = " ".join(threads.split())
    assert "2 threads took 0.90x the time (faster) of 1 thread; beside the busy process, 2.67x" in (
        sentence
    )
    assert "uses 29.1% of it" in pages["performance_profile.md"]
    assert "| `aten::addmm` | 1.01 | 100.0 | 25.0% |" in pages["performance_profile.md"]
    tried = pages["performance_tried.md"]
    assert "| 1.26 s | column by column: 0.60 s | 2.10x the time (slower) |" in tried
    assert (
        "| 80 µs per batch | uint8, converted after the gather: 40 µs per batch "
        "| 2.00x the time (slower), adding 0.094 s per 10 epochs |" in tried
    )
    assert "| 25.00 s | eager: 2.00 s | 12.50x the time (slower) |" in tried
    assert "**`torch.compile`**" in tried
    reference = pages["performance_reference.md"]
    assert "| starting 4 workers, up to the first batch | 0.130 | twice per epoch |" in reference
    assert "`ToTensor` on all 70,000 images" in reference and "this machine's 2 cores" in reference
    memory = pages["performance_memory.md"]
    assert "| ... that loads the data and trains 10 epochs | 650 |" in memory
    assert "| `make test` (set-up done) | 300 s |" in pages["performance_build.md"]


def test_a_recorded_run_says_where_and_when_it_was_measured():
    results = _results()
    results["commit"]["dirty"] = True
    headline = fragments(results, "recorded")["performance.md"]
    assert headline.startswith('!!! info "A recorded run"')
    assert (
        "A recorded run from 2025-11-22 07:40 UTC on 2 CPU cores (AMD EPYC), commit "
        "`0123456789` with uncommitted changes; run `make bench` to measure yours." in headline
    )
    reduced = fragments({**_results(), "full": False, "commit": None}, "local")["performance.md"]
    assert "an unknown commit. A reduced run" in reduced


def test_a_missing_part_takes_its_paragraphs_with_it():
    results = _results()
    del results["tests"], results["build"], results["tried"]["compile"]
    del results["process"]
    pages = fragments(results)
    assert "torch.compile" not in pages["performance_tried.md"]
    assert pages["performance_build.md"].startswith('!!! note "Not measured"')
    assert pages["performance_process.md"].startswith('!!! note "Not measured"')
    assert "faster than the book's pipeline" not in "".join(pages.values())
    results["tests"] = {"sybil_seconds": 60.0}
    build = fragments(results)["performance_build.md"]
    assert "| the pages' and docstrings' examples alone (sybil) | 60 s |" in build
    assert "The build was not timed in this run" in build


def test_an_older_benchmark_gives_one_note_and_a_missing_key_fails_the_build():
    older = {**_results(), "schema": SCHEMA - 1}
    assert all("Run `make bench` again" in text for text in fragments(older).values())
    unversioned = _results()
    del unversioned["schema"]
    assert all("Run `make bench` again" in text for text in fragments(unversioned).values())
    broken = _results()
    del broken["tried"]["scratch_row_major"]
    with pytest.raises(BenchmarkError, match="have no 'scratch_row_major'"):
        fragments(broken)


def test_the_local_run_comes_first_then_the_record(tmp_path):
    local, recorded = tmp_path / "results.json", tmp_path / "recorded.json"
    assert read_results(local, recorded) == (None, None)
    recorded.write_text(json.dumps({**_results(), "machine": {"cpu_count": 64}}))
    assert read_results(local, recorded)[1] == "recorded"
    local.write_text(json.dumps(_results()))
    results, origin = read_results(local, recorded)
    assert origin == "local" and results["machine"]["cpu_count"] == 2
    local.write_text(json.dumps({**_results(), "schema": SCHEMA - 1}))
    assert read_results(local, recorded)[1] == "recorded"  # a current record beats a stale run
    recorded.unlink()
    assert read_results(local, recorded)[1] == "local"  # which then says it is out of date


def _render_page(tmp_path: Path, pages: dict[str, str], lang: str = "en") -> str:
    """The Performance page as the site renders it, with these fragments as docs/generated."""
    generated = tmp_path / "docs" / "generated"
    if lang != "en":
        generated /= lang
    generated.mkdir(parents=True)
    for name, text in pages.items():
        (generated / name).write_text(text)
    page = DOCS / "performance.md" if lang == "en" else DOCS / lang / "performance.md"
    # The fragments from tmp_path; everything else the page includes from the project.
    return new_markdown(base_path=[tmp_path, ROOT]).convert(page.read_text())


def test_with_no_results_at_all_the_page_builds_and_says_so(tmp_path):
    results, origin = read_results(tmp_path / "none.json", tmp_path / "none either.json")
    html = _render_page(tmp_path, fragments(results, origin))
    assert "No benchmark yet" in html and "--8&lt;--" not in html and "--8<--" not in html
    assert "<table>" not in html  # no measured table, so no paragraph about one
    for words in ("speed-up is", "faster than the book's", "Each cell is", "Each peak is"):
        assert words not in html


def test_the_page_includes_every_fragment_and_renders_a_recorded_run(tmp_path):
    page = (DOCS / "performance.md").read_text()
    included = {
        line.split('"')[1].removeprefix("docs/generated/")
        for line in page.splitlines()
        if line.startswith('--8<-- "docs/generated/performance')
    }
    assert included == set(FRAGMENTS)
    html = _render_page(tmp_path, fragments(copy.deepcopy(_results()), "recorded"))
    assert "A recorded run from 2025-11-22 07:40 UTC" in html
    assert html.count("<table>") >= 9


def test_every_link_of_the_fragments_to_the_page_lands_on_a_heading():
    page = (DOCS / "performance.md").read_text()
    headings = {slugify(title, "-") for title in re.findall(r"^#+ (.+)$", page, re.MULTILINE)}
    links = set(re.findall(r"\]\(#([^)]+)\)", "".join(fragments(_results()).values())))
    assert links and links <= headings


def test_steal_is_the_share_of_cpu_time_the_hypervisor_took():
    from benchmarks.bench import cpu_times, steal_fraction

    assert steal_fraction((100, 1_000), (150, 1_200)) == 0.25
    assert steal_fraction(None, (150, 1_200)) is None
    assert steal_fraction((100, 1_000), (100, 1_000)) is None  # no time passed
    now = cpu_times()
    assert now is None or 0 <= now[0] <= now[1]


def test_the_report_says_when_the_hypervisor_took_the_cpu():
    results = _results()
    assert "hypervisor" not in report(results)
    results["machine"]["steal_fraction"] = 0.3
    assert "the hypervisor took 30% of this virtual machine's CPU time" in report(results)


# The page in Chinese

CJK = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _quick() -> dict:
    """The results of ``make bench --quick``: fewer runs, no build, no torch.compile, no tests."""
    results = _results()
    results["full"] = False
    del results["build"], results["tests"], results["tried"]["compile"]
    results["targets"] = targets(results)
    return results


RUNS = {
    "full, local": (_results, "local"),
    "full, recorded": (_results, "recorded"),
    "quick, local": (_quick, "local"),
    "quick, recorded": (_quick, "recorded"),
    "no results": (lambda: None, None),
    "outdated": (lambda: {**_results(), "schema": SCHEMA - 1}, "local"),
}


@pytest.mark.parametrize("run", RUNS)
def test_every_fragment_has_a_chinese_version_and_the_english_is_unchanged(run):
    make, origin = RUNS[run]
    english = fragments(make(), origin)
    assert fragments(make(), origin, lang="en") == english
    chinese = fragments(make(), origin, lang="zh")
    assert set(chinese) == set(english) == set(FRAGMENTS)
    for name, text in chinese.items():
        assert CJK.search(text), name
        assert text != english[name]
        # the same numbers, and the same links to the page's headings, in both languages
        assert sorted(NUMBER.findall(text)) == sorted(NUMBER.findall(english[name])), name
        assert re.findall(r"\]\((#[^)]+)\)", text) == re.findall(r"\]\((#[^)]+)\)", english[name])


def test_the_chinese_fragments_cover_every_variant_of_the_results():
    results = _results()
    results["commit"] = None
    results["threads"]["default"] = None
    results["process"]["import"]["torchvision"] = True
    results["tried"]["compile"] = {"error": "RuntimeError: no C compiler"}
    results["tests"] = {"error": "`make test` failed with exit status 2"}
    del results["build"]
    results["memory"].update(peak_rss_train_scratch_mib=640.0, peak_rss_import_dynamo_mib=560.0)
    results["targets"] = targets(results)
    pages = fragments(results, "recorded", lang="zh")
    assert "对应未知的提交" in pages["performance.md"]
    assert "torch 自己的线程数（默认）" in pages["performance_threads.md"]
    assert "导入软件包时也导入了 torchvision。" in pages["performance_process.md"]
    assert (
        "| `torch.compile(model)` | 失败 | RuntimeError: no C compiler |  |"
        in (pages["performance_tried.md"])
    )
    assert "在这次运行中，`make test` 失败，退出状态为 2。" in pages["performance_build.md"]
    assert "这次运行没有为构建计时" in pages["performance_build.md"]
    assert "| ……同上，但使用从零开始实现的模型 | 640 |" in pages["performance_memory.md"]


def test_every_target_the_benchmark_writes_is_translated():
    missed = _results()
    missed["process"]["import"]["torchvision"] = True
    missed["threads"]["default"] = None
    missed["memory"]["peak_rss_train_scratch_mib"] = 640.0
    alternative = copy.deepcopy(missed)
    alternative["threads"]["default"] = 2
    texts = [
        text
        for results in (_results(), missed, alternative)
        for check in targets(results)
        for text in (check["what"], check["target"], check["measured"])
    ]
    assert all(text in catalogue("zh") for text in RECORDED_TEXTS)
    for text in texts:  # each has a known form: none is shown as it was recorded
        chinese = recorded_text("zh", text)
        assert CJK.search(chinese) or re.fullmatch(r"[0-9.]+(x| MiB)", chinese), text
    assert recorded_text("zh", "worded some other way") == "worded some other way"


def test_with_no_results_the_chinese_page_builds_and_says_so(tmp_path):
    results, origin = read_results(tmp_path / "none.json", tmp_path / "none either.json")
    html = _render_page(tmp_path, fragments(results, origin, lang="zh"), "zh")
    assert "尚无基准测试结果" in html and "--8&lt;--" not in html and "--8<--" not in html
    assert "<table>" not in html  # no measured table, so no paragraph about one
    for words in ("加速比是", "整条命令的速度是", "每个单元格是", "每个峰值都是", "第一行是"):
        assert words not in html


def test_the_chinese_page_includes_every_fragment_and_its_links_land_on_headings(tmp_path):
    page = (DOCS / "zh" / "performance.md").read_text()
    included = {
        line.split('"')[1].removeprefix("docs/generated/zh/")
        for line in page.splitlines()
        if line.startswith('--8<-- "docs/generated/zh/performance')
    }
    assert included == set(FRAGMENTS)
    html = _render_page(tmp_path, fragments(copy.deepcopy(_results()), "recorded", "zh"), "zh")
    assert "这是一次已记录的运行，于 2025-11-22 07:40 UTC" in html
    assert html.count("<table>") >= 9
    ids = set(re.findall(r'<h[1-6] id="([^"]+)"', html))
    links = set(re.findall(r"\]\(#([^)]+)\)", "".join(fragments(_results(), lang="zh").values())))
    assert links and links <= ids
