// The softmax playground, explorable "softmax". data-size="full" (the softmax
// page): 3 to 10 logits, temperature, true class, precision and form of the
// loss; shows probabilities, entropy, LogSumExp, loss and its gradient with
// respect to the logits. data-size="small" (the stability page): logits [s, 0]
// with true class 1. Every number comes from SoftmaxMath; this file only builds
// and updates the page. Outputs carry data-output and data-value (full
// precision), controls data-control. Screen readers hear one summary line, after
// a change ends, not every number on every slider step. The words come from
// strings.js (t), in the page's language.
(function () {
  "use strict";

  const { el, format, dataValue, subscript } = window.SRWidgets;
  const { t } = window.SRLang;
  /** The labels of SoftmaxMath.DTYPES (code names, the same in every language). */
  const DTYPE_LABELS = { float16: "float16", float32: "float32", float64: "float64" };
  const ANNOUNCE_DELAY = 500; // ms of quiet before the summary is announced
  let instances = 0;

  /**
   * Show a value: readable text, and the full-precision value in data-value.
   * @param {HTMLElement} node an element with data-output
   * @param {number|number[]} value
   * @param {string} [text] what to print (default: 6 significant digits)
   */
  function show(node, value, text) {
    node.dataset.value = dataValue(value);
    node.textContent = text === undefined ? format(value, 6) : text;
  }

  /**
   * A number of the dtype in the fewest significant digits (at least 6) that
   * give it back when rounded to the dtype, so a statement about it stays true.
   * @param {number} x a finite number of the dtype
   * @param {string} dtype
   * @returns {string}
   */
  function exactText(x, dtype) {
    const M = window.SRWidgets.math();
    for (let d = 6; d < 17; d++) if (M.round(Number(x.toPrecision(d)), dtype) === x) return format(x, d);
    return format(x, 17);
  }

  /**
   * A polite, atomic live region that says a summary once a change has settled:
   * `later` waits ANNOUNCE_DELAY ms of quiet, `now` says the latest summary at
   * once (on a control's `change`). Nothing is said before the first change.
   * @param {HTMLElement} node the (visually hidden) live region
   */
  function announcer(node) {
    let pending = null;
    let timer = null;
    function now() {
      clearTimeout(timer);
      timer = null;
      if (pending !== null && node.textContent !== pending) node.textContent = pending;
    }
    return {
      /** Record the summary; announce it after a pause, unless `quiet` (the first draw). */
      later(text, quiet) {
        pending = text;
        if (quiet) return;
        clearTimeout(timer);
        timer = setTimeout(now, ANNOUNCE_DELAY);
      },
      now,
    };
  }

  /** The visually hidden live region of a widget, announcing on `change` and after a pause. */
  function liveRegion(root) {
    const node = el("p", { class: "sr-visually-hidden", "aria-live": "polite", "aria-atomic": "true" });
    const say = announcer(node);
    root.addEventListener("change", say.now);
    return { node, say };
  }

  /** A labelled <select> of SoftmaxMath names, shown with their human labels. */
  function choice(id, label, control, names, labels, value, onChange) {
    const node = el("select", { id, "data-control": control },
      names.map((v) => el("option", { value: v, selected: String(v) === String(value) }, labels[v])));
    node.addEventListener("input", () => onChange(node.value));
    return el("span", { class: "sr-field" }, [el("label", { for: id }, label), node]);
  }

  /**
   * A slider and a number field for one value, kept in sync. The slider holds
   * toSlider(x) (e.g. log10 T); the number field holds x and accepts any number
   * that `valid` accepts, beyond the slider's range too. `o.aria` names the
   * value for screen readers (plain letters and digits).
   * @returns {{row: HTMLElement, set: function(number): void}}
   */
  function pair(o) {
    const toSlider = o.toSlider || ((x) => x);
    const fromSlider = o.fromSlider || ((u) => u);
    const valid = o.valid || (() => true);
    const aria = o.aria || o.name;
    const slider = el("input", { type: "range", id: o.id, min: o.min, max: o.max, step: o.step,
      "aria-label": aria, "data-control": o.control });
    const number = el("input", { type: "number", step: "any", "aria-label": t("asNumber", aria),
      "data-control": `${o.control}-number` });
    const describe = (x) => slider.setAttribute("aria-valuetext", format(x, 6));
    function set(x) {
      slider.value = toSlider(x);
      number.value = String(x);
      number.removeAttribute("aria-invalid");
      describe(x);
    }
    slider.addEventListener("input", () => {
      const x = fromSlider(Number(slider.value));
      number.value = String(x);
      number.removeAttribute("aria-invalid");
      describe(x);
      o.onChange(x);
    });
    number.addEventListener("input", () => {
      const x = Number(number.value);
      if (number.value.trim() === "" || !Number.isFinite(x) || !valid(x)) {
        number.setAttribute("aria-invalid", "true");
        return;
      }
      number.removeAttribute("aria-invalid");
      slider.value = toSlider(x);
      describe(x);
      o.onChange(x);
    });
    set(o.value);
    const row = el("div", { class: "sr-pair" }, [el("label", { for: o.id }, o.label || o.name), slider, number]);
    return { row, set };
  }

  /**
   * One row of a bar chart: label, track with a bar, value.
   * @param {boolean} signed bars grow left or right from a zero line in the middle
   */
  function barRow(label, signed) {
    const bar = el("span", { class: "sr-bar" });
    const value = el("span", { class: "sr-bar-value" });
    const track = el("span", { class: signed ? "sr-bar-track sr-signed" : "sr-bar-track" },
      signed ? [el("span", { class: "sr-zero" }), bar] : [bar]);
    const name = el("span", { class: "sr-bar-label" }, label);
    return { row: el("div", { class: "sr-bar-row" }, [name, track, value]), name, bar, value };
  }

  /**
   * Draw x in a bar: [0, scale] from the left, or [-scale, scale] around the
   * middle when signed; a non-finite x draws no bar and prints inf or NaN.
   */
  function setBar(item, x, signed, scale) {
    const u = x / (scale || 1);
    const v = Number.isFinite(u) ? Math.max(signed ? -1 : 0, Math.min(1, u)) : 0;
    item.bar.style.left = signed ? `${50 + Math.min(v, 0) * 50}%` : "0";
    item.bar.style.width = `${Math.abs(v) * (signed ? 50 : 100)}%`;
    item.bar.classList.toggle("sr-negative", v < 0);
    item.value.textContent = format(x, 3);
    item.row.classList.toggle("sr-nonfinite", !Number.isFinite(x));
  }

  /** The status: loss, exact loss and state, with the relative error when wrong. Returns the state. */
  function showLoss(out, loss, exact, dtype) {
    const state = window.SRWidgets.math().state(loss, exact, dtype);
    show(out.loss, loss);
    show(out.exact, exact);
    const error = Math.abs(loss - exact) / Math.abs(exact);
    const text = state === "right" ? t("states").right
      : state === "inf or nan" ? "inf/nan" : t("wrongWithError", format(error, 2));
    show(out.state, state, text);
    out.state.className = `sr-state sr-state-${state.replace(/ /g, "-")}`;
    return state;
  }

  /**
   * The line naming the type's exp thresholds, each number in enough digits
   * to be that number of the type, with the next number of the type beyond it.
   */
  function showThreshold(node, dtype) {
    const M = window.SRWidgets.math();
    const over = M.expOverflow(dtype);
    const under = M.expUnderflow(dtype);
    node.dataset.value = JSON.stringify({ dtype, overflow: over, underflow: under });
    node.textContent = t("threshold", dtype, exactText(over, dtype), exactText(M.nextUp(over, dtype), dtype),
      exactText(under, dtype), exactText(-M.nextUp(-under, dtype), dtype));
  }

  /** The outputs every size shows, each with its data-output name. */
  function outputs(names) {
    const out = {};
    for (const name of names) out[name] = el("span", { "data-output": name });
    return out;
  }

  /** The full playground of the softmax page. */
  function full(root, id) {
    const M = window.SRWidgets.math();
    const st = { o: [3, 1.5, 1, 0.2, -1], T: 1, y: 0, dtype: "float32", form: "logits" };
    const out = outputs(["loss", "exact", "state", "entropy", "logsumexp", "threshold"]);
    out.probabilities = el("div", { class: "sr-bars", "data-output": "probabilities" });
    out.gradient = el("div", { class: "sr-bars", "data-output": "gradient" });
    const gradientScale = el("span");
    const extra = el("span");
    const logitRows = el("div", { class: "sr-logit-rows" });
    const add = el("button", { type: "button", "data-control": "add-logit" }, t("addLogit"));
    const remove = el("button", { type: "button", "data-control": "remove-logit" }, t("removeLogit"));
    const yField = el("span");
    const live = liveRegion(root);
    let bars = [];
    let drawn = false;

    function build() {
      const q = st.o.length;
      logitRows.textContent = "";
      st.o.forEach((value, i) => {
        logitRows.appendChild(pair({ id: id(`logit-${i}`), name: `o${subscript(i)}`, aria: t("logitAria", i),
          control: `logit-${i}`, min: -20, max: 20, step: 0.1, value,
          onChange: (x) => { st.o[i] = x; update(); } }).row);
      });
      add.disabled = q >= 10;
      remove.disabled = q <= 3;
      yField.textContent = "";
      const classes = st.o.map((_, i) => String(i));
      const classLabels = Object.fromEntries(classes.map((i) => [i, t("classNumber", i)]));
      yField.appendChild(choice(id("y"), t("trueClassY"), "true-class", classes, classLabels, st.y,
        (v) => { st.y = Number(v); update(); }));
      out.probabilities.textContent = "";
      out.gradient.textContent = "";
      bars = st.o.map((_, i) => {
        const p = barRow(t("classNumber", i), false);
        const g = barRow(t("classNumber", i), true);
        out.probabilities.appendChild(p.row);
        out.gradient.appendChild(g.row);
        return { p, g };
      });
      update();
    }

    function update() {
      const r = (x) => M.round(x, st.dtype);
      const o = st.o.map(r);
      const T = r(st.T); // 0 or inf when T is beyond the type's range: divide anyway, as the type would
      const z = (T > 0 && T < Infinity ? M.withTemperature(o, T) : o.map((v) => v / T)).map(r); // (q,) o / T
      const p = st.form === "naive" ? M.softmaxNaive(z, st.dtype) : M.softmax(z, st.dtype); // ŷ
      // dℓ/do = (ŷ - onehot(y)) / T, from the ŷ of the chosen form (a NaN ŷ gives a NaN gradient);
      // for the stable forms ŷ - onehot(y) is SoftmaxMath.gradient(o / T, y).
      const difference = st.form === "naive"
        ? p.map((pj, j) => r(pj - (j === st.y ? 1 : 0)))
        : M.gradient(z, st.y, st.dtype);
      const g = difference.map((dj) => r(dj / T));
      const scale = T > 0 && T < 1 ? 1 / T : 1; // |dℓ/do_j| < 1/T: the bars span ±max(1, 1/T)
      bars.forEach((b, i) => {
        const isTrue = i === st.y;
        for (const item of [b.p, b.g]) {
          item.row.classList.toggle("sr-true", isTrue);
          item.name.textContent = isTrue ? t("trueClassNumber", i) : t("classNumber", i);
        }
        setBar(b.p, p[i], false, 1);
        setBar(b.g, g[i], true, scale);
      });
      gradientScale.textContent = t("barsRange", format(-scale, 3), format(scale, 3));
      out.probabilities.dataset.value = dataValue(p);
      out.gradient.dataset.value = dataValue(g);
      const h = M.entropy(p);
      show(out.entropy, h, Number.isFinite(h) ? t("nats", format(h, 6)) : format(h));
      show(out.logsumexp, M.logsumexp(z, st.dtype));
      const loss = M.loss(z, st.y, st.form, st.dtype);
      const state = showLoss(out, loss, M.exactLoss(z, st.y), st.dtype);
      showThreshold(out.threshold, st.dtype);
      extra.textContent = t("largestScaled", format(Math.max(...z), 6));
      live.say.later(t("summaryFull", format(loss, 4), t("states")[state], st.y, format(p[st.y], 4)), !drawn);
      drawn = true;
    }

    // A button that disables itself would drop the keyboard focus: give it to the other one.
    add.addEventListener("click", () => {
      st.o.push(0);
      build();
      if (add.disabled) remove.focus();
    });
    remove.addEventListener("click", () => {
      st.o.pop();
      st.y = Math.min(st.y, st.o.length - 1);
      build();
      if (remove.disabled) add.focus();
    });
    const temperature = pair({ id: id("temperature"), name: "T", label: t("temperatureT"), aria: t("temperatureT"),
      control: "temperature", min: -1.301, max: 1.301, step: 0.001, value: st.T,
      toSlider: Math.log10, fromSlider: (u) => Number((10 ** u).toPrecision(3)), valid: (x) => x > 0,
      onChange: (x) => { st.T = x; update(); } });
    const controls = el("div", { class: "sr-controls" }, [
      el("fieldset", {}, [el("legend", {}, t("logitsLegend")),
        logitRows, el("div", { class: "sr-row" }, [add, remove])]),
      el("div", { class: "sr-temperature" }, [temperature.row]),
      el("div", { class: "sr-row" }, [yField,
        choice(id("dtype"), t("precision"), "dtype", M.DTYPES, DTYPE_LABELS, st.dtype,
          (v) => { st.dtype = v; update(); }),
        choice(id("form"), t("lossForm"), "form", M.FORMS, t("forms"), st.form,
          (v) => { st.form = v; update(); })]),
    ]);
    root.append(controls,
      el("p", { class: "sr-status" }, t("statusFull", el("sub", {}, "y"), out.loss, out.exact, out.state)),
      live.node,
      el("div", { class: "sr-charts" }, [
        el("div", {}, [el("p", { class: "sr-caption" }, t("probabilitiesCaption")), out.probabilities]),
        el("div", {}, [el("p", { class: "sr-caption" }, t("gradientCaption", gradientScale)), out.gradient]),
      ]),
      el("p", {}, t("entropyLine", out.entropy, out.logsumexp)),
      el("p", {}, [out.threshold, extra]),
      el("p", { class: "sr-note" }, t("softmaxNote")));
    build();
  }

  /** The small widget of the stability page: logits [s, 0], true class 1. */
  function small(root, id) {
    const M = window.SRWidgets.math();
    const st = { s: 89, dtype: "float32", form: "naive" };
    const out = outputs(["loss", "exact", "state", "threshold", "logits"]);
    const live = liveRegion(root);
    let drawn = false;
    const s = pair({ id: id("s"), name: "s", label: t("scaleS"), aria: t("scaleS"), control: "s", min: 0, max: 800,
      step: 0.01, value: st.s, valid: (x) => x >= 0, onChange: (x) => { st.s = x; update(); } });
    const presetNames = ["overflow-below", "overflow-above", "underflow-below", "underflow-above"];
    const presets = presetNames.map((name) => el("button", { type: "button", "data-control": `preset-${name}` }));

    /** The preset scales for the type: each side of exp(s) overflowing, and of exp(-s) underflowing. */
    function presetValues(dtype) {
      const over = M.expOverflow(dtype);
      const under = -M.expUnderflow(dtype);
      return [
        [t("presetOverflowBelow"), over],
        [t("presetOverflowAbove"), M.nextUp(over, dtype)],
        [t("presetUnderflowBelow"), under],
        [t("presetUnderflowAbove"), M.nextUp(under, dtype)],
      ];
    }

    function update() {
      const o = [M.round(st.s, st.dtype), 0]; // (2,) the logits as the type stores them
      show(out.logits, o, `[${exactText(o[0], st.dtype)}, 0]`);
      const loss = M.loss(o, 1, st.form, st.dtype);
      const state = showLoss(out, loss, M.exactLoss(o, 1), st.dtype);
      showThreshold(out.threshold, st.dtype);
      presetValues(st.dtype).forEach(([text, value], i) => {
        presets[i].textContent = t("preset", text, exactText(value, st.dtype));
        presets[i].onclick = () => { st.s = value; s.set(value); update(); };
      });
      live.say.later(t("summarySmall", format(loss, 6), format(M.exactLoss(o, 1), 6), t("states")[state]), !drawn);
      drawn = true;
    }

    root.append(
      el("div", { class: "sr-controls" }, [
        s.row,
        el("div", { class: "sr-row" }, [
          choice(id("dtype"), t("precision"), "dtype", M.DTYPES, DTYPE_LABELS, st.dtype,
            (v) => { st.dtype = v; update(); }),
          choice(id("form"), t("lossForm"), "form", M.FORMS, t("forms"), st.form,
            (v) => { st.form = v; update(); })]),
        el("div", { class: "sr-row", role: "group", "aria-label": t("jumpToThreshold") }, presets),
      ]),
      el("p", {}, t("logitsLine", out.logits)),
      el("p", { class: "sr-status" }, t("statusSmall", out.loss, out.exact, out.state)),
      live.node,
      el("p", {}, [out.threshold]),
      el("p", { class: "sr-note" }, t("softmaxNote")));
    update();
  }

  /**
   * Build the playground inside `root` (a .sr-explorable element).
   * @param {HTMLElement} root
   * @param {DOMStringMap} data its dataset; data-size is "full" or "small"
   */
  function init(root, data) {
    const k = instances++;
    const id = (name) => `sr-softmax-${k}-${name}`;
    for (const line of root.querySelectorAll(".sr-needs-js")) line.remove();
    root.classList.add("sr-softmax");
    (data.size === "small" ? small : full)(root, id);
  }

  window.SRWidgets.register("softmax", init);
})();
