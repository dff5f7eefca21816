"""The figures stage in Chinese: every word it writes is translated, with the same numbers.

The stage's fragments, figures and data scripts are made here from a small
made-up run (no training): each Chinese text must exist for every English one,
contain Chinese, keep every number of the English, and leave no English word
outside code and math; every entry of the catalogue must be one the stage uses.
"""

import json
import re

import matplotlib.pyplot as plt
import matplotlib.text
import pytest
import torch

from sitebuild import explorables, figures, performance, plots, tables
from sitebuild.i18n import catalogue, fields, font_params
from sitebuild.measure import stability_scan
from sitebuild.zh.figures import STRINGS
from softmax_regression import CLASSES, FashionMNISTData, Split, TrainConfig

CJK = re.compile(r"[\u4e00-\u9fff]")
#: Latin words a Chinese text may keep: names of types, libraries and units
KEPT = {"dtype", "eps", "inf", "nan", "softmax", "PyTorch", "CPU", "torch", "float", "bfloat"}


def english_words(text: str) -> set[str]:
    """The Latin words of ``text`` outside code, math and tab labels, less :data:`KEPT`."""
    code = r"`[^`]*`|\$[^$]*\$|^=== .*$|\w+\.\w[\w.]*"  # `code`, $math$, tabs, torch.nn
    prose = re.sub(code, " ", text, flags=re.MULTILINE)
    return set(re.findall(r"[A-Za-z]{2,}", prose)) - KEPT


def numbers(text: str) -> list[str]:
    return sorted(re.findall(r"\d+(?:[.,]\d+)*", text))


@pytest.fixture(scope="module")
def metrics() -> dict:
    """A metrics.json of a made-up two-epoch run, with the real stability scan."""
    q = len(CLASSES)
    confusion = [[90 if i == j else (3 * i + j) % 7 for j in range(q)] for i in range(q)]
    confusion[6][0], confusion[2][4] = 40, 30  # a hardest class and a next hardest
    history = [
        {"epoch": e, "train_loss": 0.8 / e, "train_acc": 0.7, "test_acc": 0.75, "seconds": 1.5}
        for e in (1, 2)
    ]
    final = {"train": {"loss": 0.47, "accuracy": 0.83}, "test": {"loss": 0.51, "accuracy": 0.82}}
    return {
        "config": {"num_epochs": 2, "lr": 0.1, "batch_size": 256, "seed": 0},
        "versions": {"torch": "2.0.0"},
        "machine": {"cpu_count": 2, "torch_threads": 1},
        "classes": list(CLASSES),
        "num_train": 60_000,
        "runs": {
            impl: {"history": history, "seconds": 3.0, "final": final}
            for impl in ("scratch", "concise")
        },
        "max_weight_difference": 5.7e-7,
        "test_accuracy": 0.82,
        "confusion_matrix": confusion,
        "per_class_accuracy": [row[i] / sum(row) for i, row in enumerate(confusion)],
        "stability": {
            "scan_min": 1.0,
            "scan_max": 10_000.0,
            "rows": [vars(row) for row in stability_scan()],
        },
        "temperature": {
            "logits": [3.0, 1.5, 1.0, 0.2, -1.0],
            "probabilities": {"0.5": [0.9, 0.05, 0.03, 0.01, 0.01], "2": [0.2] * 5},
        },
    }


@pytest.fixture
def no_performance(monkeypatch):
    """The Performance page's fragments are the performance stage's words, tested there."""
    monkeypatch.setattr(performance, "fragments", lambda *args, lang="en": {})


@pytest.fixture
def used(monkeypatch) -> set[str]:
    """The English texts the stage's modules translate from now on."""
    texts: set[str] = set()
    for module in (tables, plots, figures, explorables):
        real = module.tr

        def recording(lang, text, /, _real=real, **values):
            texts.add(text)
            return _real(lang, text, **values)

        monkeypatch.setattr(module, "tr", recording)
    return texts


def test_each_translation_keeps_the_fields_of_its_english_text_and_is_chinese():
    for english, chinese in STRINGS.items():
        assert fields(chinese) == fields(english), english
        assert CJK.search(chinese), english
        assert catalogue("zh")[english] == chinese  # no other catalogue overrides it


def test_the_class_names_are_the_glossarys():
    names = ["T恤/上衣", "裤子", "套衫", "连衣裙", "外套", "凉鞋", "衬衫", "运动鞋", "包", "短靴"]
    assert [tables.class_name("zh", name) for name in CLASSES] == names
    assert [tables.class_name("en", name) for name in CLASSES] == list(CLASSES)


@pytest.mark.parametrize("threads", [1, 4])
def test_every_fragment_is_written_in_chinese_with_the_same_numbers(
    metrics, threads, no_performance
):
    metrics = {**metrics, "machine": {"cpu_count": 8, "torch_threads": threads}}
    english, chinese = figures._tables(metrics, "en"), figures._tables(metrics, "zh")
    assert set(chinese) == set(english)
    for name, text in chinese.items():
        assert CJK.search(text), name
        assert english_words(text) == set(), name
        assert numbers(text) == numbers(english[name]), name
        assert text.count("\n|") == english[name].count("\n|"), name  # the same table rows


def _texts(figure) -> list[str]:
    return [t.get_text() for t in figure.findobj(matplotlib.text.Text) if t.get_text()]


def test_every_figure_and_data_script_is_drawn_in_chinese(
    metrics, used, no_performance, tmp_path, monkeypatch
):
    """Every label of every Chinese figure is Chinese or numbers; every catalogue entry is used."""
    monkeypatch.setattr(explorables, "fixtures", lambda model, step: "{}\n")  # English, slow
    generator = torch.Generator().manual_seed(0)
    pixels = torch.randint(0, 256, (100, 1, 28, 28), generator=generator, dtype=torch.uint8)
    split = Split(X=pixels, y=torch.arange(100) % 10)
    data = FashionMNISTData(train=split, test=split, classes=CLASSES)
    W = torch.randn(784, 10, generator=generator) * 0.01  # (d, q)
    b = torch.zeros(10)
    trained = {
        "scratch": {"state": {"W": W}},
        "concise": {"state": {"net.1.weight": W.T, "net.1.bias": b}},
    }
    probabilities = torch.softmax(torch.randn(100, 10, generator=generator), dim=1)
    for threads in (1, 2):  # both run sentences
        machine = {"cpu_count": 2, "torch_threads": threads}
        figures._tables({**metrics, "machine": machine}, "zh")
    drawn = figures._figures(metrics, data, trained, probabilities, "zh")
    for name, draw in drawn.items():
        with plots.theme("light") as colors, plt.rc_context(font_params("zh")):
            figure = draw(colors)
        texts = _texts(figure)
        plt.close(figure)
        assert any(CJK.search(text) for text in texts), name
        assert set().union(*(english_words(text) for text in texts)) == set(), name
    outputs = figures._explorables(
        tmp_path, TrainConfig(num_epochs=2), data, trained, probabilities, metrics
    )
    assert {"zh/explorable_model.js", "zh/explorable_toy.js"} <= set(outputs)
    assert "zh/explorable_fixtures.json" not in outputs  # the tests' file: once, in English
    for name in ("explorable_model.js", "explorable_toy.js"):
        (line,) = [
            line
            for line in (tmp_path / "zh" / name).read_text().splitlines()
            if line.startswith("window.SR_EXPLORABLES.")
        ]
        value = json.loads(line.split(" = ", 1)[1].removesuffix(";"))
        assert CJK.search(value["source"]) and all(CJK.search(c) for c in value["classes"])
    assert set(STRINGS) - used == set(), "catalogue entries the stage no longer writes"
