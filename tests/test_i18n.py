"""The build's words in Chinese: the catalogues, the lookup and the CJK font check."""

import re

import pytest

from sitebuild import i18n
from sitebuild.i18n import MissingTranslation, catalogue, fields, folder, output_name, tr

CJK = re.compile(r"[\u4e00-\u9fff]")
ENTRIES = sorted(catalogue("zh").items())


def test_the_catalogues_are_not_empty():
    assert len(ENTRIES) > 100


@pytest.mark.parametrize(("english", "chinese"), ENTRIES, ids=range(len(ENTRIES)))
def test_each_translation_has_the_same_fields_and_is_chinese(english, chinese):
    assert fields(chinese) == fields(english)
    if CJK.search(english) is None and re.search(r"[A-Za-z]{3}", english):
        # Words, not just symbols or numbers: the translation has Chinese in it,
        # unless it is a name kept as it is (an API, a dtype) shown in code style.
        assert CJK.search(chinese) or chinese == english, chinese


def test_tr_fills_fields_and_leaves_latex_braces_alone():
    assert tr("en", r"$x_{i}$ for {n} images", n="10,000") == r"$x_{i}$ for 10,000 images"
    english = next(e for e, _ in ENTRIES if fields(e))
    values = {name: f"<{name}>" for name in fields(english)}
    result = tr("zh", english, **values)
    assert all(value in result for value in values.values())
    assert not fields(result) & set(values)
    assert CJK.search(result)


def test_a_text_with_no_translation_stops_the_build_naming_it():
    with pytest.raises(MissingTranslation, match=r"no zh translation of 'Not in any catalogue'"):
        tr("zh", "Not in any catalogue")
    with pytest.raises(MissingTranslation, match="has no field"):
        tr("en", "no fields here", n=1)


def test_chinese_outputs_go_to_their_own_folder(tmp_path):
    assert folder(tmp_path, "en") == tmp_path and folder(tmp_path, "zh") == tmp_path / "zh"
    assert output_name("en", "a.md") == "a.md" and output_name("zh", "a.md") == "zh/a.md"


def test_a_cjk_font_is_found_for_the_chinese_figures():
    params = i18n.font_params("zh")
    assert params["font.family"][0] in i18n.CJK_FONTS
    assert params["font.family"][1] == "DejaVu Sans"


def test_no_cjk_font_stops_the_build_saying_what_to_install(monkeypatch):
    from matplotlib import font_manager

    i18n.font_params.cache_clear()
    monkeypatch.setattr(i18n, "CJK_FONTS", ("No Such Font CJK",))
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *args, **kwargs: [])
    try:
        with pytest.raises(i18n.FontMissing, match="install Debian's fonts-noto-cjk"):
            i18n.font_params("zh")
    finally:
        i18n.font_params.cache_clear()


def test_a_label_no_font_can_draw_stops_the_build_and_writes_nothing(tmp_path):
    import matplotlib.pyplot as plt

    from sitebuild import plots

    def boxes(colors):
        figure, ax = plt.subplots()
        ax.set_title("交叉熵")  # with the English font only: empty boxes
        return figure

    with (
        plt.rc_context({"font.family": ["DejaVu Sans"]}),
        pytest.raises(i18n.FontMissing, match=r"boxes-light.svg: a label has characters no font"),
    ):
        plots.draw_all(tmp_path, {"boxes": boxes}, "en")
    assert list(tmp_path.iterdir()) == []
    outputs = plots.draw_all(tmp_path, {"boxes": boxes}, "zh")  # a CJK font: drawn
    assert set(outputs) == {"zh/boxes-light.svg", "zh/boxes-dark.svg"}
