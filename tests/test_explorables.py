"""The explorables in Chromium: the browser computes what PyTorch computes, and the controls work.

The model's probabilities for the exported test images are compared with the
ones PyTorch computed in the build; each widget's controls are moved and the
values it shows are compared with the package's functions, computed here.
"""

import base64
import json
import math
import re

import pytest
import torch

from sitebuild.paths import DEFAULT_OUT
from softmax_regression import cross_entropy, cross_entropy_naive, logsumexp, softmax, softmax_naive
from tests.browser import needs_chromium, visit
from tests.pages import ROOT

pytestmark = needs_chromium

SCREENSHOTS = ROOT / "build" / "screenshots" / "explorables"
#: the page of each widget, and the playground that holds them all
PAGES = {
    "softmax": "softmax.html",
    "softmax-small": "stability.html",
    "model": "evaluation.html",
    "toy": "calibration.html",
}
WIDGET_PAGES = sorted({*PAGES.values(), "playground.html"})


@pytest.fixture(scope="module")
def fixtures() -> dict:
    return json.loads((DEFAULT_OUT / "explorable_fixtures.json").read_text())


def value(page, widget, name: str):
    """The full-precision value a widget shows as ``data-output=name``."""
    text = widget.locator(f"[data-output='{name}']").first.get_attribute("data-value")
    return json.loads(text) if text[:1] in "[{" else _number(text)


def _number(text: str) -> float:
    return {"Infinity": math.inf, "-Infinity": -math.inf, "NaN": math.nan}.get(text) or float(text)


def set_field(widget, control: str, number: float) -> None:
    """Type a number into a field, as a reader does, and leave it."""
    field = widget.locator(f"[data-control='{control}']").first
    field.fill(str(number))
    field.dispatch_event("input")
    field.dispatch_event("change")


def test_the_model_in_the_browser_computes_what_pytorch_computed(site, browser, fixtures):
    page, problems = visit(browser, site + PAGES["model"], "light")
    page.wait_for_function("window.SRModelWidget !== undefined")
    browser_p = torch.tensor(page.evaluate("SRModelWidget.predictAll()"), dtype=torch.float64)
    torch_p = torch.tensor(fixtures["model"]["probabilities"], dtype=torch.float64)
    assert browser_p.shape == torch_p.shape == (210, 10)
    difference = (browser_p - torch_p).abs().max().item()
    print(f"model parity: max |browser - PyTorch| = {difference:.3g} over {torch_p.numel()}")
    assert difference <= 1e-5
    assert torch.equal(browser_p.argmax(dim=1), torch_p.argmax(dim=1))
    page.context.close()
    assert problems == []


def test_the_softmax_playground_shows_what_the_package_computes(site, browser):
    page, problems = visit(browser, site + PAGES["softmax"], "light")
    widget = page.locator(".sr-explorable[data-explorable='softmax']").first
    widget.locator("[data-output='probabilities']").wait_for()
    o = [2.5, -1.0, 0.75, 4.0, 0.0]
    for i, x in enumerate(o):
        set_field(widget, f"logit-{i}-number", x)
    set_field(widget, "temperature-number", 0.5)
    widget.locator("[data-control='dtype']").first.select_option("float64")
    widget.locator("[data-control='true-class']").first.select_option("2")
    scaled = torch.tensor(o, dtype=torch.float64)[None] / 0.5  # (1, q)
    y_hat = softmax(scaled)[0]
    y = torch.tensor([2])
    shown = torch.tensor(value(page, widget, "probabilities"), dtype=torch.float64)
    assert torch.allclose(shown, y_hat, atol=1e-15, rtol=1e-12)
    assert value(page, widget, "logsumexp") == pytest.approx(logsumexp(scaled).item(), rel=1e-14)
    assert value(page, widget, "loss") == pytest.approx(cross_entropy(scaled, y).item(), rel=1e-14)
    entropy = torch.special.entr(y_hat).sum().item()
    assert value(page, widget, "entropy") == pytest.approx(entropy, rel=1e-12)
    logits = torch.tensor(o, dtype=torch.float64, requires_grad=True)  # (q,)
    torch.nn.functional.cross_entropy(logits[None] / 0.5, y).backward()
    gradient = logits.grad  # dl/do = (y_hat - onehot(y)) / T, autograd's
    shown = torch.tensor(value(page, widget, "gradient"), dtype=torch.float64)
    assert torch.allclose(shown, gradient, atol=1e-15, rtol=1e-12)
    page.context.close()
    assert problems == []


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_the_naive_form_breaks_where_the_stability_page_says(site, browser, dtype):
    """At the scan's last right s and first broken s, the small widget agrees with torch."""
    metrics = json.loads((DEFAULT_OUT / "metrics.json").read_text())
    (row,) = [
        r
        for r in metrics["stability"]["rows"]
        if r["dtype"] == dtype and r["form"] == "cross_entropy_naive(softmax_naive(O), y)"
    ]
    page, problems = visit(browser, site + PAGES["softmax-small"], "light")
    widget = page.locator(".sr-explorable[data-explorable='softmax']").first
    widget.locator("[data-output='state']").wait_for()
    widget.locator("[data-control='dtype']").first.select_option(dtype)
    torch_dtype = getattr(torch, dtype)
    for form in ("naive", "logits"):
        widget.locator("[data-control='form']").first.select_option(form)
        for s, broken in ((row["last_right"], False), (row["first_broken"], True)):
            set_field(widget, "s-number", s)
            O = torch.tensor([[s, 0.0]], dtype=torch_dtype)
            expected = (
                cross_entropy_naive(softmax_naive(O), torch.tensor([1]))
                if form == "naive"
                else cross_entropy(O, torch.tensor([1]))
            ).item()
            state = widget.locator("[data-output='state']").first.get_attribute("data-value")
            assert state == ("inf or nan" if broken and form == "naive" else "right"), (s, form)
            assert math.isinf(expected) == (broken and form == "naive")
            if math.isfinite(expected):
                assert value(page, widget, "loss") == pytest.approx(
                    expected, rel=8 * torch.finfo(torch_dtype).eps
                )
    page.context.close()
    assert problems == []


def test_picking_a_test_image_shows_pytorchs_probabilities_and_logit(site, browser, fixtures):
    from tests.test_explorable_data import script_value

    model = script_value((DEFAULT_OUT / "explorable_model.js").read_text(), "model")
    W = torch.frombuffer(bytearray(base64.b64decode(model["W"])), dtype=torch.float32)
    W = W.double().reshape(model["d"], model["q"])  # (d, q)
    b = torch.frombuffer(bytearray(base64.b64decode(model["b"])), dtype=torch.float32).double()
    pixels = torch.frombuffer(bytearray(base64.b64decode(model["images"])), dtype=torch.uint8)
    X = pixels.double().reshape(model["n"], model["d"]) / 255  # (n, d)
    page, problems = visit(browser, site + PAGES["model"], "light")
    widget = page.locator(".sr-explorable[data-explorable='model']").first
    for position in (0, model["mistakes"][0], model["n"] - 1):
        widget.locator("[data-control='image-select']").first.select_option(str(position))
        shown = torch.tensor(value(page, widget, "probabilities"), dtype=torch.float64)
        expected = torch.tensor(fixtures["model"]["probabilities"][position], dtype=torch.float64)
        assert (shown - expected).abs().max().item() <= 1e-5
        assert int(value(page, widget, "image-index")) == position
        assert int(value(page, widget, "true-class")) == model["labels"][position]
        for j in (3, 7):
            widget.locator("[data-control='chosen-class']").first.select_option(str(j))
            o_j = (X[position] @ W[:, j] + b[j]).item()
            assert value(page, widget, "logit") == pytest.approx(o_j, rel=1e-12, abs=1e-12)
    page.context.close()
    assert problems == []


def _draw(page, canvas, points) -> None:
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + points[0][0] * box["width"], box["y"] + points[0][1] * box["height"])
    page.mouse.down()
    for x, y in points[1:]:
        page.mouse.move(box["x"] + x * box["width"], box["y"] + y * box["height"], steps=8)
    page.mouse.up()


def test_drawing_on_the_canvas_updates_the_prediction(site, browser):
    page, problems = visit(browser, site + PAGES["model"], "light")
    widget = page.locator(".sr-explorable[data-explorable='model']").first
    widget.locator("[data-control='clear']").first.click()
    before = value(page, widget, "probabilities")
    canvas = widget.locator("[data-control='canvas']").first
    # a wide horizontal bar and a stroke down: something like a trouser or a shirt
    _draw(page, canvas, [(0.2, 0.3), (0.8, 0.3)])
    _draw(page, canvas, [(0.35, 0.3), (0.35, 0.9)])
    _draw(page, canvas, [(0.65, 0.3), (0.65, 0.9)])
    page.wait_for_timeout(200)  # the redraw is throttled to animation frames
    after = value(page, widget, "probabilities")
    assert after != before and sum(after) == pytest.approx(1.0, abs=1e-9)
    assert int(value(page, widget, "image-index")) == -1  # a drawn image
    predicted = int(value(page, widget, "predicted"))
    assert predicted == max(range(10), key=after.__getitem__)
    widget.locator("[data-control='clear']").first.click()
    page.wait_for_timeout(200)
    assert value(page, widget, "probabilities") == pytest.approx(before)
    page.context.close()
    assert problems == []


def test_training_the_two_dimensional_classifier_lowers_its_loss(site, browser, fixtures):
    page, problems = visit(browser, site + PAGES["toy"], "light")
    widget = page.locator(".sr-explorable[data-explorable='toy']").first
    widget.locator("[data-output='loss']").wait_for()
    start = value(page, widget, "loss")
    assert start == pytest.approx(fixtures["sgd"]["loss"], rel=1e-12)
    widget.locator("[data-control='step']").first.click()
    state = page.evaluate("SRToyWidget.state()")
    W_next = torch.tensor(fixtures["sgd"]["W_next"], dtype=torch.float64)  # (2, 3)
    assert torch.allclose(torch.tensor(state["W"], dtype=torch.float64), W_next, rtol=1e-12)
    assert state["b"] == pytest.approx(fixtures["sgd"]["b_next"], rel=1e-12, abs=1e-15)
    for _ in range(20):
        widget.locator("[data-control='step']").first.click()
    assert int(value(page, widget, "step")) == 21
    trained = value(page, widget, "loss")
    assert trained < 0.8 * start
    widget.locator("[data-control='reset']").first.click()
    assert value(page, widget, "loss") == pytest.approx(start, rel=1e-12)
    # a learning rate typed by the reader is the one the step uses
    set_field(widget, "lr-number", 10)
    widget.locator("[data-control='step']").first.click()
    X = torch.tensor(fixtures["sgd"]["X"], dtype=torch.float64)  # (n, 2)
    y = torch.tensor(fixtures["sgd"]["y"])
    W = torch.tensor(fixtures["sgd"]["W"], dtype=torch.float64).requires_grad_()
    b = torch.tensor(fixtures["sgd"]["b"], dtype=torch.float64).requires_grad_()
    cross_entropy(X @ W + b, y).mean().backward()
    state = page.evaluate("SRToyWidget.state()")
    shown = torch.tensor(state["W"], dtype=torch.float64)
    assert torch.allclose(shown, (W - 10 * W.grad).detach(), rtol=1e-12)
    page.context.close()
    assert problems == []


@pytest.mark.parametrize("path", WIDGET_PAGES)
def test_without_javascript_the_page_says_the_widget_needs_it(built_site, browser, path):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((built_site / path).as_uri())
    lines = page.locator(".sr-needs-js")
    assert lines.count() >= 1 and all(lines.nth(i).is_visible() for i in range(lines.count()))
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_playground_works_from_disk_at_phone_width(built_site, browser, scheme):
    """Every widget boots from file://, fits 390 px, and the page makes no request elsewhere."""
    context = browser.new_context(
        color_scheme=scheme, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    problems, failed = [], []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None,
    )
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on(
        "request",
        lambda r: None if r.url.startswith(("file:", "data:", "blob:")) else problems.append(r.url),
    )
    page.goto((built_site / "playground.html").as_uri(), wait_until="networkidle")
    assert page.locator(".sr-needs-js").count() == 0  # every widget replaced its line
    for name in ("softmax", "model", "toy"):
        assert page.locator(f".sr-explorable[data-explorable='{name}'] [data-output]").count() > 0
    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px at 390 px"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"playground-{scheme}-390.png", full_page=True)
    context.close()
    # From disk, Material's search looks for search/search_index.js, which only its
    # offline plugin writes: that missing file, and the console lines about it, are
    # the site's (every page has them from file://), not the widgets'.
    assert all(url.endswith("/search/search_index.js") for url in failed), failed
    if failed:
        problems = [
            p for p in problems if "search_index" not in p and "ERR_FILE_NOT_FOUND" not in p
        ]
    assert problems == []


def test_the_explorables_add_at_most_500_kib_to_a_page(built_site):
    """What a page with widgets loads beyond the rest of the site: scripts, styles, data."""
    added = {}
    for path in WIDGET_PAGES:
        html = (built_site / path).read_text()
        files = {
            part.split('"')[0]
            for part in html.split('src="')[1:] + html.split('href="')[1:]
            if "explorable" in part.split('"')[0]
        }
        added[path] = sum((built_site / name).stat().st_size for name in files)
    print("bytes the explorables add:", added)
    assert 0 < max(added.values()) <= 500 * 1024, added
    assert not (built_site / "generated" / "explorable_fixtures.json").exists()


# ---- the widgets in Chinese ----------------------------------------------------------

#: The Chinese edition's playground, when the built site has it (mkdocs.zh.yml builds it).
CHINESE_PLAYGROUND = "zh/playground.html"
#: Run before the page's scripts: once the document is parsed, and before common.js
#: boots the widgets (its DOMContentLoaded listener comes later), the page says
#: <html lang="zh">, as every page of the Chinese edition does. With it the English
#: playground stands in for the Chinese one when the built site has no zh/.
AS_CHINESE = (
    'document.addEventListener("DOMContentLoaded", '
    '() => { document.documentElement.lang = "zh"; });'
)

#: In the page: each widget's words, as shown and as read out (its text nodes apart,
#: and the attributes screen readers read), without the math symbols (<var>, <sub>:
#: w_j, x_r), the model's source sentence (the data script's, English on an English
#: build) and the numbers' data-value.
_WIDGET_WORDS = """() => {
  const source = (window.SR_EXPLORABLES && SR_EXPLORABLES.model && SR_EXPLORABLES.model.source) || null;
  const read = ["aria-label", "aria-valuetext", "aria-roledescription", "title", "alt", "placeholder"];
  const words = {};
  for (const widget of document.querySelectorAll(".sr-explorable")) {
    const parts = [];
    const walker = document.createTreeWalker(widget, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (!node.parentElement.closest("var, sub")) parts.push(node.nodeValue); // not the symbols
    }
    for (const node of [widget, ...widget.querySelectorAll("*")]) {
      for (const name of read) if (node.hasAttribute(name)) parts.push(node.getAttribute(name));
    }
    let text = parts.join(" ");
    if (source) text = text.split(source).join(" ");
    words[widget.dataset.explorable] = text;
  }
  return words;
}"""

#: In the page: the Latin words of the English table that the Chinese one does not use
#: (Latin words the Chinese keeps, as softmax, float32, LogSumExp, are not English left
#: behind), and the class names of the data scripts that are English (a Chinese build's
#: data scripts carry Chinese ones).
_ENGLISH_ONLY = """() => {
  const words = (text) => (text.match(/[A-Za-z][A-Za-z0-9_]*/g) || [])
    .filter((word) => word.replace(/[^A-Za-z]/g, "").length >= 2).map((word) => word.toLowerCase());
  const render = (entry) => {
    const value = typeof entry === "function" ? entry(...Array(entry.length).fill("")) : entry;
    if (Array.isArray(value)) return value.map(render).join(" ");
    if (value && typeof value === "object") return Object.values(value).map(render).join(" ");
    return String(value);
  };
  const of = (table) => new Set(Object.values(table).flatMap((entry) => words(render(entry))));
  const chinese = of(SRStrings.zh);
  return {
    words: [...of(SRStrings.en)].filter((word) => !chinese.has(word)),
    classes: [...SR_EXPLORABLES.model.classes, ...SR_EXPLORABLES.toy.classes]
      .filter((name) => /[A-Za-z]{2}/.test(name)),
  };
}"""


#: the Latin words the Chinese widgets keep: code, type and API names, math functions, key
#: names (tests/js/strings.test.js holds the Chinese table itself to such a list)
KEPT_IN_LATIN = {
    "softmax", "float16", "float32", "float64", "exp", "log", "max", "inf", "nan", "onehot",
    "logsumexp", "pytorch", "math", "fround", "train_toy", "shift", "enter", "delete",
}  # fmt: skip


class _InChinese:
    """The browser, for ``visit``: every page of its new contexts runs AS_CHINESE first."""

    def __init__(self, browser):
        self.browser = browser

    def new_context(self, **options):
        context = self.browser.new_context(**options)
        context.add_init_script(AS_CHINESE)
        return context


def visit_chinese_playground(site, built_site, browser, scheme: str, width: int = 1280):
    """The Chinese playground if the site has it, else the English one as a Chinese page."""
    if (built_site / CHINESE_PLAYGROUND).exists():
        page, problems = visit(browser, site + CHINESE_PLAYGROUND, scheme, width)
    else:
        page, problems = visit(_InChinese(browser), site + "playground.html", scheme, width)
    assert page.evaluate("document.documentElement.lang") == "zh"
    return page, problems


def _latin_words(text: str) -> set[str]:
    return {
        word.lower()
        for word in re.findall(r"[A-Za-z][A-Za-z0-9_]*", text)
        if len(re.sub(r"[^A-Za-z]", "", word)) >= 2
    }


def test_on_a_chinese_page_the_widgets_speak_chinese(site, built_site, browser):
    """Every word the three widgets show or read out is Chinese, before and after use."""
    page, problems = visit_chinese_playground(site, built_site, browser, "light")
    softmax_widget = page.locator(".sr-explorable[data-explorable='softmax']").first
    model_widget = page.locator(".sr-explorable[data-explorable='model']").first
    toy = page.locator(".sr-explorable[data-explorable='toy']").first
    toy.locator("[data-output='loss']").wait_for()
    seen = [page.evaluate(_WIDGET_WORDS)]
    # the softmax: a state that is finite but wrong, and the summary a screen reader hears
    softmax_widget.locator("[data-control='dtype']").first.select_option("float16")
    softmax_widget.locator("[data-control='form']").first.select_option("stable_softmax")
    softmax_widget.locator("[data-control='true-class']").first.select_option("4")
    set_field(softmax_widget, "logit-0-number", 15.5)
    softmax_widget.locator("[data-control='add-logit']").first.click()
    state = softmax_widget.locator("[data-output='state']").first
    assert state.get_attribute("data-value") == "finite but wrong"
    assert state.text_content().startswith("有限但错误（相对误差 ")
    # the model: the mistakes, a class chosen by its bar, a drawing
    model_widget.locator("[data-control='class-filter']").first.select_option("mistakes")
    model_widget.locator(".sr-model-bar").nth(1).click()
    assert (
        model_widget.locator("[data-output='chosen-class']").first.text_content() == "j = 1，裤子"
    )
    model_widget.locator("[data-control='start-from-image']").first.click()
    assert model_widget.locator("[data-output='image-index']").first.text_content() == "你画的图"
    # the plane: a step, a run, the keyboard (move, add, pick up, carry, put down, delete)
    toy.locator("[data-control='step']").first.click()
    run = toy.locator("[data-control='run']").first
    run.click()
    assert run.text_content() == "暂停"
    run.click()
    assert run.text_content() == "运行"
    toy.locator("[data-control='canvas']").first.focus()
    for key in ["ArrowRight", "Enter", "Space", "ArrowUp"]:
        page.keyboard.press(key)
    assert "正拿着一个“类别 0”的点" in toy.locator(".sr-toy-summary").first.text_content()
    for key in ["Space", "Delete", "ArrowLeft"]:
        page.keyboard.press(key)
    page.wait_for_timeout(700)  # the softmax's summary is announced after 500 ms of quiet
    seen.append(page.evaluate(_WIDGET_WORDS))
    english = page.evaluate(_ENGLISH_ONLY)
    page.context.close()
    assert problems == []
    assert len(english["words"]) > 100, english  # the English table's own words
    for words in seen:
        assert set(words) == {"softmax", "model", "toy"}
        for name, text in words.items():
            assert len(re.findall(r"[\u4e00-\u9fff]", text)) > 100, name  # Chinese characters
            left = sorted(_latin_words(text) & set(english["words"]))
            assert left == [], f"English words in the Chinese {name} widget: {left}"
            latin = sorted(_latin_words(text) - KEPT_IN_LATIN)
            assert latin == [], f"Latin words in the Chinese {name} widget: {latin}"
            classes = [c for c in english["classes"] if c in text]
            assert classes == [], f"English class names in the Chinese {name} widget: {classes}"
    assert "类别 0（y）" in seen[0]["softmax"] and "温度 T" in seen[0]["softmax"]
    assert (
        "交叉熵 inf" not in seen[1]["softmax"]
        and "有限但错误；真实类别 4 的概率" in seen[1]["softmax"]
    )
    assert "T恤/上衣" in seen[0]["model"] and "预测：" in seen[0]["model"]
    assert "模型分错的图像（" in seen[0]["model"] and "，被误认为“" in seen[0]["model"]
    assert "单步" in seen[0]["toy"] and "第 0 步：在 300 个点上" in seen[0]["toy"]


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_chinese_widgets_fit(site, built_site, browser, scheme, width):
    """In Chinese, at 1280 and 390 px: nothing sticks out of a widget, no label overflows."""
    page, problems = visit_chinese_playground(site, built_site, browser, scheme, width)
    page.locator(".sr-explorable[data-explorable='toy'] [data-output='loss']").first.wait_for()
    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px at {width} px"
    sticking_out = page.evaluate("""() => {
      const found = [];
      for (const widget of document.querySelectorAll(".sr-explorable")) {
        const box = widget.getBoundingClientRect();
        for (const node of widget.querySelectorAll("*")) {
          if (node.closest(".sr-visually-hidden")) continue;
          const r = node.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) continue;
          const label = `${widget.dataset.explorable}: <${node.tagName.toLowerCase()} class="${node.getAttribute("class") || ""}"> ${(node.textContent || "").slice(0, 40)}`;
          if (r.left < box.left - 1 || r.right > box.right + 1) found.push(`outside the widget: ${label}`);
          const words = node.matches("button, label, legend, caption, th, option, .sr-bar-label, .sr-toy-label, .sr-caption");
          if (words && node.scrollWidth > node.clientWidth + 1 && node.clientWidth > 0) found.push(`overflows: ${label}`);
        }
      }
      return found;
    }""")
    assert sticking_out == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # the header scrolls away instead of lying over the widget a screenshot scrolls to
    page.add_style_tag(content=".md-header { position: relative !important; }")
    for name in ("softmax", "model", "toy"):
        widget = page.locator(f".sr-explorable[data-explorable='{name}']").first
        widget.screenshot(path=SCREENSHOTS / f"zh-{name}-{scheme}-{width}.png")
    page.context.close()
    assert problems == []
