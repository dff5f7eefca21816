// The trained model, live: pick one of the exported test images or draw one,
// and see the ten probabilities; for one class j, its weights w_j (column j of
// W, the class's template) and the per-pixel contributions x_r W_rj, whose sum
// plus b_j is the logit o_j. The math comes from SoftmaxMath and the pictures
// from SRModelCanvas; this file decodes the build's data and wires the image
// picker, the probability bars and the choice of the class.
// The words come from strings.js (t), in the page's language, and so do the class
// names (className: the data carries English ones); the model's source sentence
// is shown as the data gives it.
// A classic script (no ES module): it also works from file://. Defines
// SRModelWidget (the test hooks) and registers widget "model".
(function (root) {
  "use strict";

  const { el, format, dataValue, percent, subscript } = root.SRWidgets;
  const { t, className } = root.SRLang;
  const pictures = root.SRModelCanvas;
  const instances = []; // the widgets on the page
  let decoded = null;

  /** A button with a data-control name. */
  const button = (control, text, onclick, attrs) =>
    el("button", Object.assign({ type: "button", "data-control": control, onclick }, attrs), text);

  /**
   * The build's data (window.SR_EXPLORABLES.model), with W, b and the images
   * decoded by SoftmaxMath; decoded once.
   * @returns {Object}
   */
  function model() {
    if (decoded) return decoded;
    const raw = root.SR_EXPLORABLES && root.SR_EXPLORABLES.model;
    if (!raw) throw new Error(t("modelDataMissing"));
    const math = root.SRWidgets.math();
    decoded = Object.assign({}, raw, {
      names: raw.classes.map(className), // the class names as the page shows them
      W: math.decodeFloat32(raw.W), // (d * q,) row-major: W[i * q + j]
      b: math.decodeFloat32(raw.b), // (q,)
      images: math.decodeUint8(raw.images), // (n * d,) raw pixels 0..255
    });
    return decoded;
  }

  /** Exported image `position` as pixel values 0..1: x = pixel / 255. */
  function pixelsOf(position) {
    const m = model();
    const x = new Array(m.d);
    for (let i = 0; i < m.d; i++) x[i] = m.images[position * m.d + i] / 255;
    return x;
  }

  /**
   * The probabilities the browser computes with SoftmaxMath.predict for every
   * exported image, in the exported order (the tests compare them with PyTorch's).
   * @returns {number[][]} (n, q)
   */
  function predictAll() {
    const m = model();
    const math = root.SRWidgets.math();
    return Array.from({ length: m.n }, (_, position) => math.predict(pixelsOf(position), m.W, m.b, m.d, m.q));
  }

  /**
   * The image picker: a filter (all images, the model's mistakes, one class),
   * the list of images it leaves, and Previous / Next.
   * @param {Object} m the model's data
   * @param {string} id the widget's id, a prefix for its controls' ids
   * @param {function(number): void} onPick called with the picked image's position
   * @returns {{node: HTMLElement, pick: function(number): void, position: function(): number}}
   */
  function picker(m, id, onPick) {
    const predictedOf = predictAll().map(root.SoftmaxMath.argmax); // the model's class for each image
    const wrong = new Set(m.mistakes);
    const filter = el("select", { "data-control": "class-filter", id: `${id}-filter` }, [
      el("option", { value: "all" }, t("allImages", m.n)),
      el("option", { value: "mistakes" }, t("mistakes", m.mistakes.length)),
      ...m.names.map((name, c) => {
        const count = m.labels.filter((y) => y === c).length;
        return el("option", { value: String(c) }, t("classCount", name, count));
      }),
    ]);
    const images = el("select", { "data-control": "image-select", id: `${id}-image` });
    let position = 0;

    /** The positions the filter leaves, in the exported order. */
    function listed() {
      if (filter.value === "all") return m.labels.map((_, p) => p);
      if (filter.value === "mistakes") return m.mistakes.slice();
      return m.labels.map((y, p) => (y === Number(filter.value) ? p : -1)).filter((p) => p >= 0);
    }
    function fill() {
      images.replaceChildren(...listed().map((p, k) => {
        const taken = wrong.has(p) ? m.names[predictedOf[p]] : "";
        return el("option", { value: String(p) }, t("imageOption", k + 1, m.names[m.labels[p]], m.indices[p], taken));
      }));
    }
    function pick(p) {
      position = p;
      images.value = String(p);
      onPick(p);
    }
    function step(offset) {
      const positions = listed();
      const k = positions.indexOf(position);
      pick(positions[(k + offset + positions.length) % positions.length]);
    }

    filter.addEventListener("change", () => {
      fill();
      pick(listed()[0]);
    });
    images.addEventListener("change", () => pick(Number(images.value)));
    fill();
    const node = el("div", { class: "sr-row sr-model-picker" }, [
      el("span", { class: "sr-field" }, [el("label", { for: filter.id }, t("show")), filter]),
      el("span", { class: "sr-field" }, [el("label", { for: images.id }, t("image")), images]),
      el("span", { class: "sr-model-step" }, [
        button("previous", t("previous"), () => step(-1), { "aria-label": t("previousImage") }),
        button("next", t("next"), () => step(1), { "aria-label": t("nextImage") }),
      ]),
    ]);
    return { node, pick, position: () => position };
  }

  /**
   * The predicted class and the ten probabilities as bars. Each bar is a toggle
   * button: pressed, its class's maps are shown; pressed again, the maps follow
   * the predicted class. The bar whose maps are shown is marked (aria-current)
   * either way; it is pressed only when the reader chose it.
   * @param {Object} m the model's data
   * @param {function(number): void} onToggle called with the class of the bar pressed
   * @returns {{node: HTMLElement, show: function(Object): void}}
   */
  function probabilityBars(m, onToggle) {
    const bars = m.names.map((name, j) => {
      const fill = el("span", { class: "sr-bar" });
      const value = el("span", { class: "sr-bar-value" });
      const mark = el("span", { class: "sr-model-mark" });
      const row = el("button", { type: "button", class: "sr-bar-row sr-model-bar", onclick: () => onToggle(j) }, [
        el("span", { class: "sr-bar-label" }, [name, mark]), el("span", { class: "sr-bar-track" }, fill), value,
      ]);
      return { row, fill, value, mark };
    });
    const group = el("div", {
      class: "sr-model-bars",
      role: "group",
      "aria-label": t("probabilitiesGroup"),
      "data-output": "probabilities",
    }, bars.map((bar) => bar.row));
    const predicted = el("strong", { "data-output": "predicted" });
    const probability = el("span");
    return {
      node: el("div", { class: "sr-model-output" }, [
        el("p", { class: "sr-model-predicted" }, t("predictedLine", predicted, probability)), group,
      ]),
      /** @param {{p: number[], top: number, truth: number, j: number, chosen: boolean}} now */
      show({ p, top, truth, j, chosen }) {
        group.dataset.value = dataValue(p);
        predicted.dataset.value = String(top);
        predicted.textContent = m.names[top];
        probability.textContent = t("predictedShare", percent(p[top]));
        bars.forEach((bar, k) => {
          bar.fill.style.width = `${100 * p[k]}%`;
          bar.value.textContent = percent(p[k]);
          bar.mark.textContent = k === truth ? t("trueMark") : "";
          bar.row.classList.toggle("is-predicted", k === top);
          bar.row.classList.toggle("is-true", k === truth);
          bar.row.setAttribute("aria-pressed", String(chosen && k === j));
          if (k === j) bar.row.setAttribute("aria-current", "true");
          else bar.row.removeAttribute("aria-current");
        });
      },
    };
  }

  /** `letter` with a subscript, both italic, as in x_r; bold for a vector, as in w_j. */
  const indexed = (letter, sub, bold) =>
    [el("var", {}, bold ? el("strong", {}, letter) : letter), el("sub", {}, el("var", {}, sub))];

  /**
   * The chosen class: its weights w_j and the image's contributions x_r W_rj as
   * heat maps, and the logit o_j as their sum plus b_j.
   * @param {Object} m the model's data
   * @param {string} id the widget's id
   * @param {function(string): void} onChoose called with "auto" or a class index (a string)
   * @returns {{node: HTMLElement, show: function(Object): void}}
   */
  function classPanel(m, id, onChoose) {
    const chosen = el("select", { "data-control": "chosen-class", id: `${id}-class` }, [
      el("option", { value: "auto" }, t("predictedClass")),
      ...m.names.map((name, j) => el("option", { value: String(j) }, t("classOption", j, name))),
    ]);
    chosen.addEventListener("change", () => onChoose(chosen.value));
    const chosenName = el("strong", { "data-output": "chosen-class" });
    const weights = pictures.heatMap(t("weightsCaption", indexed("w", "j", true)));
    const contributions = pictures.heatMap(t("contributionsCaption", indexed("x", "r"), indexed("W", "rj")));
    const wLimit = pictures.range(m.W); // one range for all ten weight images, as in the figure
    const logit = el("strong", { "data-output": "logit" });
    const logitLine = el("p", { class: "sr-model-logit" });
    const node = el("div", { class: "sr-model-class" }, [
      el("p", { class: "sr-model-chooser" }, [
        el("span", { class: "sr-field" }, [el("label", { for: chosen.id }, t("classJ")), chosen]),
        " ", el("span", { class: "sr-model-chosen" }, t("showing", chosenName)),
      ]),
      el("div", { class: "sr-model-maps" }, [weights.node, contributions.node]),
      el("p", { class: "sr-note sr-model-key" }, t("mapKey")),
      logitLine,
    ]);
    return {
      node,
      /** @param {{x: number[], o: number[], j: number, top: number, choice: string, look: Object}} now */
      show({ x, o, j, top, choice, look }) {
        const name = m.names[j];
        const sub = subscript(j);
        const column = Array.from({ length: m.d }, (_, i) => m.W[i * m.q + j]); // w_j
        const parts = root.SoftmaxMath.contributions(x, m.W, j, m.d, m.q); // (d,)
        chosen.value = choice;
        chosen.options[0].textContent = t("predictedClassNamed", m.names[top]);
        chosenName.dataset.value = String(j);
        chosenName.textContent = t("chosenName", j, name);
        weights.show(column, wLimit, look, t("weightsLabel", name));
        contributions.show(parts, pictures.range(parts), look, t("contributionsLabel", name));
        logit.dataset.value = String(o[j]);
        logit.textContent = format(o[j], 4);
        const numbers = `${format(o[j] - m.b[j], 4)} ${m.b[j] < 0 ? "−" : "+"} ${format(Math.abs(m.b[j]), 4)}`;
        logitLine.replaceChildren(
          ...t("logitLine", [el("var", {}, "o"), sub], [el("var", {}, "b"), sub], name, numbers, logit));
      },
    };
  }

  /**
   * The image: the drawing surface, which image it is, and the buttons that
   * start a drawing (blank, or from the picked test image).
   * @param {Object} m the model's data
   * @param {string} id the widget's id
   * @param {Object} handlers target(), changed(final) for the surface; start(fromImage) for the buttons
   * @returns {{node: HTMLElement, show: function(Object): void}}
   */
  function imageColumn(m, id, handlers) {
    const surface = pictures.surface({
      target: handlers.target,
      changed: handlers.changed,
      attributes: {
        "aria-label": t("canvasLabel"),
        "aria-describedby": `${id}-hint`,
        "data-control": "canvas",
      },
    });
    const imageIndex = el("span", { "data-output": "image-index" });
    const trueClass = el("span", { "data-output": "true-class" });
    const startFromImage = button("start-from-image", "", () => handlers.start(true));
    const node = el("div", { class: "sr-model-input" }, [
      surface.canvas,
      el("p", { class: "sr-caption sr-model-caption" }, [imageIndex, trueClass]),
      el("div", { class: "sr-row sr-model-buttons" }, [
        button("clear", t("clear"), () => handlers.start(false)),
        startFromImage,
      ]),
    ]);
    return {
      node,
      /** @param {{x: number[], position: number, drawn: boolean, look: Object}} now */
      show({ x, position, drawn, look }) {
        surface.show(x, look);
        imageIndex.dataset.value = String(drawn ? -1 : position);
        trueClass.dataset.value = String(drawn ? -1 : m.labels[position]);
        imageIndex.textContent = drawn ? t("yourDrawing") : t("testImage", m.indices[position]);
        trueClass.textContent = drawn ? t("noTrueClass") : t("trueClassIs", m.names[m.labels[position]]);
        startFromImage.textContent = t("startFrom", m.indices[position]);
      },
    };
  }

  /**
   * The widget's parts, laid out inside `element`.
   * @returns {Object} the parts: pick, image, bars, panel, summary
   */
  function layout(element, m, id, handlers) {
    const parts = {
      pick: picker(m, id, handlers.pick),
      image: imageColumn(m, id, handlers),
      bars: probabilityBars(m, handlers.toggle),
      panel: classPanel(m, id, handlers.choose),
      // what screen readers hear after each change (visually hidden: the line above the bars shows it)
      summary: el("p", { class: "sr-visually-hidden", "aria-live": "polite", "aria-atomic": "true" }),
    };
    element.classList.add("sr-model");
    element.replaceChildren( // drops the "needs JavaScript" line
      el("p", { class: "sr-note sr-model-source" }, t("modelSource", m.source)),
      parts.pick.node,
      el("div", { class: "sr-model-main" }, [parts.image.node, parts.bars.node]),
      el("p", { class: "sr-note sr-model-hint", id: `${id}-hint` }, t("drawHint")),
      parts.panel.node,
      parts.summary,
    );
    return parts;
  }

  /**
   * Build the widget inside `element` (a `.sr-explorable[data-explorable=model]`).
   * @param {HTMLElement} element
   */
  function init(element) {
    const m = model();
    const state = {
      drawn: false, // true when x is the reader's drawing, false when it is the picked test image
      x: pixelsOf(0), // (d,) pixel values 0..1
      choice: "auto", // the class of the maps: "auto" (the predicted one) or a class index as a string
    };
    const widget = { m, state, element, parts: null };
    const start = (fromImage) => {
      state.x = fromImage ? pixelsOf(widget.parts.pick.position()) : new Array(m.d).fill(0);
      state.drawn = true;
    };
    const choose = (choice) => {
      state.choice = choice;
      update(widget);
    };
    widget.parts = layout(element, m, `sr-model-${instances.length}`, {
      pick: (position) => {
        state.drawn = false;
        state.x = pixelsOf(position);
        update(widget);
      },
      target: () => {
        if (!state.drawn) start(false); // drawing on a test image starts a new drawing
        return state.x;
      },
      changed: (final) => (final ? update(widget) : render(widget)), // final: the stroke ended
      start: (fromImage) => {
        start(fromImage);
        update(widget);
      },
      toggle: (j) => choose(state.choice === String(j) ? "auto" : String(j)),
      choose,
    });
    instances.push({
      setPixels(x) {
        state.x = x;
        state.drawn = true;
        return update(widget).p;
      },
      // stops redrawing on palette switches (nothing calls it yet)
      disconnect: root.SRWidgets.onPaletteChange(() => render(widget)),
    });
    widget.parts.pick.pick(0);
  }

  /** Redraw every output and announce the prediction; returns what render returns. */
  function update(widget) {
    const shown = render(widget);
    announce(widget, shown);
    return shown;
  }

  /**
   * Compute with SoftmaxMath and redraw every output of one widget.
   * @param {{m: Object, state: Object, element: HTMLElement, parts: Object}} widget
   * @returns {{p: number[], top: number}} the probabilities and the predicted class
   */
  function render({ m, state, element, parts }) {
    const math = root.SRWidgets.math();
    const o = math.logits(state.x, m.W, m.b, m.d, m.q); // (q,)
    const p = math.softmax(o, "float64"); // (q,)
    const top = math.argmax(p);
    const j = state.choice === "auto" ? top : Number(state.choice);
    const position = parts.pick.position();
    const look = pictures.colours(element);
    parts.image.show({ x: state.x, position, drawn: state.drawn, look });
    parts.bars.show({ p, top, truth: state.drawn ? -1 : m.labels[position], j, chosen: state.choice !== "auto" });
    parts.panel.show({ x: state.x, o, j, top, choice: state.choice, look });
    return { p, top };
  }

  /** Say what the model predicts now, in the line screen readers hear. */
  function announce({ m, state, parts }, { p, top }) {
    const position = parts.pick.position();
    const what = state.drawn ? t("yourDrawing") : t("testImageNamed", m.indices[position], m.names[m.labels[position]]);
    parts.summary.textContent = t("modelSummary", what, m.names[top], percent(p[top]));
  }

  /**
   * Replace the image of every model widget on the page with `values` (d pixel
   * values 0..1, row by row) as a drawing, and redraw at once.
   * @param {number[]} values
   * @returns {number[]|undefined} the first widget's probabilities
   */
  function setPixels(values) {
    const x = Array.from(values, Number);
    if (x.length !== model().d || !x.every(Number.isFinite)) {
      throw new Error(`setPixels needs ${model().d} finite values`);
    }
    const results = instances.map((instance) => instance.setPixels(x.slice()));
    return results[0];
  }

  root.SRModelWidget = { predictAll, setPixels };
  root.SRWidgets.register("model", init);
})(window);
