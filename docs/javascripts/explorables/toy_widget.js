// The 2-D classifier the reader trains, explorable "toy": three classes of
// points in the plane (window.SR_EXPLORABLES.toy), full-batch gradient steps on
// the weights W (2 x 3), b (3,), the loss and accuracy after each step. The
// reader can drag points, add points (pointer or keyboard) and remove them.
// This file holds the state, the controls, the input and the wiring; every
// number comes from SoftmaxMath (sgdStep, toyLoss, regionOf) and every picture
// from SRToyPlot (toy_plot.js).
// Outputs carry data-output and data-value (full precision), controls data-control.
// The words come from strings.js (t), in the page's language, and so do the class
// names (className: the data carries English ones).
// Test hook: window.SRToyWidget.state() -> {W, b, X, y, losses, step, lr} of the first widget.
(function () {
  "use strict";

  const { el, format, dataValue, percent, subscript, math, onPaletteChange } = window.SRWidgets;
  const { Plane, LossCurve, markerIcon, legend, finite } = window.SRToyPlot;
  const { t, className } = window.SRLang;
  const STEPS_PER_SECOND = 30;
  const LR_MIN = 0.001;
  const LR_MAX = 100;
  const KEY_STEP = 0.1; // how far an arrow key moves the crosshair (Shift: 5 times as far)
  const MOVES = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
  const instances = [];

  const copyRows = (rows) => rows.map((row) => row.slice());
  const place = (x) => `(${format(x[0], 3)}, ${format(x[1], 3)})`;

  /**
   * The learning rate: a slider over log10(lr) and a number field, kept in sync.
   * @param {string} id the slider's id
   * @param {function(number): void} onChange called with each valid rate the reader sets
   * @returns {{node: HTMLElement, set: function(number, HTMLElement=): void}}
   */
  function lrControl(id, onChange) {
    const slider = el("input", { type: "range", id, min: Math.log10(LR_MIN), max: Math.log10(LR_MAX),
      step: 0.01, "data-control": "lr" });
    const number = el("input", { type: "number", min: LR_MIN, max: LR_MAX, step: "any",
      "aria-label": t("asNumber", t("learningRate")), "data-control": "lr-number" });
    let lr = NaN;
    const set = (x, from) => {
      lr = x;
      if (from !== slider) slider.value = String(Math.log10(x));
      if (from !== number) number.value = String(x);
      number.removeAttribute("aria-invalid");
      slider.setAttribute("aria-valuetext", t("learningRateValue", format(x, 3)));
    };
    const choose = (x, from) => {
      set(x, from);
      onChange(x);
    };
    slider.addEventListener("input", () => choose(Number(Math.pow(10, Number(slider.value)).toPrecision(3)), slider));
    number.addEventListener("input", () => {
      const x = Number(number.value);
      if (number.value.trim() === "" || !(x >= LR_MIN && x <= LR_MAX)) number.setAttribute("aria-invalid", "true");
      else choose(x, number);
    });
    number.addEventListener("change", () => set(lr)); // an invalid entry goes back to the rate in use
    const node = el("div", { class: "sr-pair sr-toy-lr" }, [el("label", { for: id }, t("learningRate")), slider, number]);
    return { node, set };
  }

  /**
   * The class of the points the reader adds: a select and the class's marker.
   * @returns {{node: HTMLElement, value: function(): number}}
   */
  function classChooser(id, names) {
    const select = el("select", { id, "data-control": "add-class" },
      names.map((name, j) => el("option", { value: String(j) }, t("classWithShape", name, t("shapes")[j]))));
    const icon = el("span", { class: "sr-toy-chosen" }, markerIcon(0));
    select.addEventListener("input", () => icon.replaceChildren(markerIcon(Number(select.value))));
    const node = el("span", { class: "sr-field" }, [el("label", { for: id }, t("addPointsOf")), select, icon]);
    return { node, value: () => Number(select.value) };
  }

  /**
   * The table of the current weights: a row per input, a column per class, and b.
   * @returns {{node: HTMLElement, show: function(number[][], number[]): void}}
   */
  function weightsTable(names) {
    const row = (label) => el("tr", {}, [el("th", { scope: "row" }, label)]);
    const weightRows = [0, 1].map((i) => row(t("weightRow", i + 1, `x${subscript(i + 1)}`)));
    const biasRow = row("b");
    const weightCells = weightRows.map((tr) => names.map(() => tr.appendChild(el("td"))));
    const biasCells = names.map(() => biasRow.appendChild(el("td")));
    const W = el("tbody", { "data-output": "W" }, weightRows);
    const b = el("tbody", { "data-output": "b" }, biasRow);
    const node = el("table", { class: "sr-toy-weights" }, [
      el("caption", {}, t("currentWeights")),
      el("thead", {}, el("tr", {}, [el("td"), ...names.map((name) => el("th", { scope: "col" }, name))])),
      W, b,
    ]);
    const show = (weights, bias) => {
      W.dataset.value = `[${weights.map((r) => dataValue(r)).join(",")}]`;
      b.dataset.value = dataValue(bias);
      weightCells.forEach((cells, i) => cells.forEach((cell, j) => (cell.textContent = format(weights[i][j], 4))));
      biasCells.forEach((cell, j) => (cell.textContent = format(bias[j], 4)));
    };
    return { node, show };
  }

  /** One toy widget: its state, its page and its input. */
  class ToyWidget {
    /**
     * @param {HTMLElement} root the .sr-explorable element
     * @param {Object} data window.SR_EXPLORABLES.toy
     * @param {string} id a prefix for the element ids
     */
    constructor(root, data, id) {
      this.root = root;
      this.data = data;
      this.names = data.classes ? data.classes.map(className) : [0, 1, 2].map((j) => t("classNumber", j));
      this.state = null; // W, b, X, y, losses (after each step), loss0 (before the first), step
      this.measured = { loss: NaN, accuracy: NaN }; // on the current W, b and points
      this.lr = data.lr;
      this.running = false;
      this.budget = 0; // steps owed by the run loop
      this.lastTime = null;
      this.drag = null; // {index, pointerId, verb} while a pointer holds a point
      this.carried = -1; // index of the point the keyboard picked up
      this.cross = [0, 0]; // the keyboard crosshair, in data coordinates
      this.keyboard = false; // the crosshair shows while the canvas has focus from the keyboard
      this.drawPending = false;
      this.disconnects = []; // stop watching the palette and the size
      this.build(id);
      this.listen();
      this.lrControl.set(this.lr);
      this.reset();
      this.announce();
      this.watch();
    }

    // ---- the page ----

    /** Build the controls, the plane, the outputs and the notes inside root. */
    build(id) {
      const button = (control, text, onclick) => el("button", { type: "button", "data-control": control, onclick }, text);
      this.stepButton = button("step", t("oneStep"), () => this.oneStep());
      this.runButton = button("run", t("run"), () => (this.running ? this.stop() : this.start()));
      this.runButton.setAttribute("aria-pressed", "false");
      this.resetButton = button("reset", t("reset"), () => this.resetByReader());
      this.removeButton = button("remove-last", t("removeLastPoint"), () => this.removeLast());
      this.lrControl = lrControl(`${id}-lr`, (x) => (this.lr = x));
      this.chooser = classChooser(`${id}-class`, this.names);
      this.canvas = el("canvas", { class: "sr-toy-canvas", tabindex: "0", role: "application",
        "aria-label": t("planeLabel"),
        "aria-describedby": `${id}-hint`, "data-control": "canvas" });
      const all = this.data.X.flat(); // the plotted square: the points' extent plus 0.5, as in the figure
      this.plane = new Plane(this.canvas, Math.min(...all) - 0.5, Math.max(...all) + 0.5);
      const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      svg.setAttribute("class", "sr-toy-curve");
      svg.setAttribute("role", "img");
      this.curve = new LossCurve(svg);
      this.weights = weightsTable(this.names);
      this.summary = el("p", { class: "sr-toy-summary", "aria-live": "polite" });
      this.root.replaceChildren(
        el("div", { class: "sr-controls" }, [
          el("div", { class: "sr-row" }, [this.stepButton, this.runButton, this.resetButton, this.removeButton]),
          el("div", { class: "sr-row" }, [this.lrControl.node, this.chooser.node]),
        ]),
        el("div", { class: "sr-toy-layout" }, [
          el("div", { class: "sr-toy-plot" }, [this.canvas, legend(this.names)]),
          el("div", { class: "sr-toy-side" }, [this.stats(), el("p", { class: "sr-caption" }, t("lossAfterEachStep")), svg]),
        ]),
        this.weights.node,
        this.summary,
        el("p", { class: "sr-note", id: `${id}-hint` }, t("toyHint")),
        el("p", { class: "sr-note" }, t("toyNote")),
      );
      this.root.classList.add("sr-toy");
    }

    /** Step, loss, accuracy and points: a label above each number. */
    stats() {
      this.out = {};
      const labels = { step: t("statStep"), loss: t("statLoss"), accuracy: t("statAccuracy"), points: t("statPoints") };
      const stat = (name) => {
        this.out[name] = el("span", { class: "sr-toy-value", "data-output": name });
        return el("div", { class: "sr-toy-stat" }, [el("span", { class: "sr-toy-label" }, labels[name]), this.out[name]]);
      };
      return el("div", { class: "sr-toy-stats" }, Object.keys(labels).map(stat));
    }

    /** Redraw on resize and on a palette switch; keep the functions that stop both. */
    watch() {
      const observer = new ResizeObserver(() => {
        this.requestDraw();
        if (this.curve.resized()) this.drawCurve();
      });
      observer.observe(this.root);
      this.disconnects.push(() => observer.disconnect());
      this.disconnects.push(onPaletteChange(() => {
        this.draw();
        this.drawCurve();
      }));
    }

    /** Stop the run and stop watching the size and the palette. */
    disconnect() {
      this.stop();
      this.disconnects.forEach((stop) => stop());
      this.disconnects = [];
    }

    // ---- the state ----

    /** Back to the exported points and the initial weights, step 0. */
    reset() {
      const { data } = this;
      this.state = { W: copyRows(data.W), b: data.b.slice(), X: copyRows(data.X), y: data.y.slice(), losses: [], step: 0 };
      this.carried = -1;
      this.drag = null;
      this.changed();
    }

    /** Recompute the loss and accuracy on the current points, update the page. */
    changed() {
      const { W, b, X, y } = this.state;
      this.measured = X.length ? math().toyLoss(W, b, X, y) : { loss: NaN, accuracy: NaN };
      if (this.state.step === 0) this.state.loss0 = this.measured.loss;
      this.render();
    }

    /** Take n full-batch gradient steps; weights that are no longer finite stop a run. */
    train(n) {
      const s = this.state;
      for (let i = 0; i < n && s.X.length; i++) {
        const next = math().sgdStep(s.W, s.b, s.X, s.y, this.lr);
        s.W = next.W;
        s.b = next.b;
        s.step += 1;
        this.measured = math().toyLoss(s.W, s.b, s.X, s.y);
        s.losses.push(this.measured.loss);
      }
      if (!finite(s.W, s.b)) this.stop();
      this.render();
    }

    /** Add a point of class j at x (moved into the plotted square); its index. */
    addPoint(x, j) {
      this.state.X.push(this.plane.clamp(x));
      this.state.y.push(j);
      this.changed();
      return this.state.X.length - 1;
    }

    /** Remove point i; its class. */
    removePoint(i) {
      const [j] = this.state.y.splice(i, 1);
      this.state.X.splice(i, 1);
      this.carried = -1;
      this.changed();
      return j;
    }

    /** A copy of the state, for the tests. */
    snapshot() {
      const s = this.state;
      return { W: copyRows(s.W), b: s.b.slice(), X: copyRows(s.X), y: s.y.slice(),
        losses: s.losses.slice(), step: s.step, lr: this.lr };
    }

    // ---- the buttons and the run loop ----

    oneStep() {
      this.stop();
      this.train(1);
      this.announce();
    }

    resetByReader() {
      this.stop();
      this.reset();
      this.announce(t("resetDone"));
    }

    removeLast() {
      if (!this.state.X.length) return;
      const j = this.removePoint(this.state.X.length - 1);
      this.announce(t("removedLast", this.names[j]));
    }

    start() {
      if (!this.state.X.length) return;
      this.running = true;
      this.budget = 1;
      this.lastTime = null;
      this.runButton.textContent = t("pause");
      this.runButton.setAttribute("aria-pressed", "true");
      requestAnimationFrame((now) => this.frame(now));
    }

    stop() {
      if (!this.running) return;
      this.running = false;
      this.runButton.textContent = t("run");
      this.runButton.setAttribute("aria-pressed", "false");
      this.announce();
    }

    /** One animation frame of a run: the steps owed at STEPS_PER_SECOND (at most 3). */
    frame(now) {
      if (!this.running) return;
      if (!this.state.X.length) {
        this.stop();
        return;
      }
      if (this.lastTime !== null) this.budget = Math.min(this.budget + ((now - this.lastTime) / 1000) * STEPS_PER_SECOND, 3);
      this.lastTime = now;
      const n = Math.floor(this.budget);
      this.budget -= n;
      if (n) this.train(n);
      if (this.running) requestAnimationFrame((t) => this.frame(t));
    }

    // ---- the outputs ----

    /** Show the numbers, enable the buttons that can act, redraw. */
    render() {
      const { loss, accuracy } = this.measured;
      const s = this.state;
      const show = (name, value, text) => {
        this.out[name].dataset.value = String(value);
        this.out[name].textContent = text;
      };
      show("step", s.step, String(s.step));
      show("loss", loss, format(loss, 4));
      show("accuracy", accuracy, percent(accuracy));
      show("points", s.X.length, String(s.X.length));
      this.weights.show(s.W, s.b);
      const empty = s.X.length === 0;
      this.stepButton.disabled = empty;
      this.runButton.disabled = empty && !this.running;
      this.removeButton.disabled = empty;
      this.drawCurve();
      this.requestDraw();
    }

    /**
     * Set the spoken (and shown) summary line: `event` (a sentence, optional)
     * followed by the step, loss and accuracy.
     */
    announce(event) {
      const { loss, accuracy } = this.measured;
      const s = this.state;
      let text = t("toyScores", s.step, format(loss, 4), percent(accuracy), s.X.length);
      if (!finite(s.W, s.b)) text = t("sentences", text, t("notFinite"));
      else if (!s.X.length) text = t("noPoints");
      this.summary.textContent = event ? t("sentences", event, text) : text;
    }

    drawCurve() {
      this.curve.draw([this.state.loss0, ...this.state.losses]);
    }

    requestDraw() {
      if (this.drawPending) return;
      this.drawPending = true;
      requestAnimationFrame(() => {
        this.drawPending = false;
        this.draw();
      });
    }

    /** Draw the plane now; the crosshair only while the canvas has the keyboard's focus. */
    draw() {
      const { W, b, X, y } = this.state;
      const focused = document.activeElement === this.canvas && (this.keyboard || this.canvas.matches(":focus-visible"));
      this.plane.draw({ W, b, X, y, active: this.drag ? this.drag.index : this.carried, cross: focused ? this.cross : null });
    }

    /** ", in the region of class j" for the data point x, or why there is none. */
    regionText(x) {
      const { W, b } = this.state;
      if (!finite(W, b)) return "";
      const j = math().regionOf(W, b, x);
      return j >= 0 ? t("inRegion", this.names[j]) : t("noRegion");
    }

    // ---- input ----

    /** Pointer and keyboard on the canvas. */
    listen() {
      const on = (type, handler) => this.canvas.addEventListener(type, handler);
      on("pointerdown", (event) => this.pointerDown(event));
      on("pointermove", (event) => this.pointerMove(event));
      on("pointerup", (event) => this.release(event));
      on("pointercancel", (event) => this.release(event));
      on("keydown", (event) => this.keyDown(event));
      on("focus", () => this.requestDraw());
      on("blur", () => {
        this.carried = -1;
        this.requestDraw();
      });
    }

    // ---- pointer: add, drag ----

    /** Pick up the point under the pointer, or add one there. */
    pointerDown(event) {
      if (event.pointerType === "mouse" && event.button !== 0) return;
      const [px, py] = this.plane.eventPx(event);
      this.keyboard = false;
      if (!this.plane.contains(px, py)) return;
      let index = this.plane.nearest(this.state.X, px, py, event.pointerType === "mouse" ? 7 : 14);
      const added = index < 0;
      if (added) index = this.addPoint(this.plane.toData(px, py), this.chooser.value());
      this.drag = { index, pointerId: event.pointerId, verb: added ? "added" : "picked" };
      this.carried = -1;
      this.canvas.setPointerCapture(event.pointerId);
      event.preventDefault();
      this.requestDraw();
    }

    /** Move the held point; without one, show whether a point is under the pointer. */
    pointerMove(event) {
      const [px, py] = this.plane.eventPx(event);
      const { drag } = this;
      if (!drag) {
        this.canvas.style.cursor = this.plane.nearest(this.state.X, px, py, 7) >= 0 ? "grab" : "crosshair";
        return;
      }
      if (event.pointerId !== drag.pointerId) return;
      this.state.X[drag.index] = this.plane.clamp(this.plane.toData(px, py));
      if (drag.verb === "picked") drag.verb = "moved";
      this.canvas.style.cursor = "grabbing";
      this.changed();
    }

    /** Put the held point down and say where it is. */
    release(event) {
      const { drag } = this;
      if (!drag || event.pointerId !== drag.pointerId) return;
      const x = this.state.X[drag.index];
      const j = this.state.y[drag.index];
      const what = [this.names[j], place(x), this.regionText(x)];
      const said = drag.verb === "added" ? t("pointAdded", ...what)
        : drag.verb === "moved" ? t("pointMoved", ...what) : t("pointClicked", ...what); // picked up, put back
      this.drag = null;
      this.canvas.style.cursor = "grab";
      this.announce(said);
      this.requestDraw();
    }

    // ---- keyboard: crosshair, add, carry, delete ----

    /**
     * Handle a key on the canvas. Each action says what it did; after a change
     * to the points (withScores) the step, loss and accuracy follow.
     */
    keyDown(event) {
      const said = this.keyAction(event);
      if (!said) return;
      this.keyboard = true;
      event.preventDefault();
      if (said.withScores) this.announce(said.text);
      else this.summary.textContent = said.text;
      this.requestDraw();
    }

    /** @returns {{text: string, withScores: boolean}|null} what the key did, or null for other keys */
    keyAction(event) {
      if (MOVES[event.key]) return this.moveCross(MOVES[event.key], event.shiftKey ? 5 : 1);
      if (event.key === "Enter") return this.addAtCross();
      if (event.key === " ") return this.carried >= 0 ? this.putDown() : this.pickUp();
      if (event.key === "Escape" && this.carried >= 0) {
        this.carried = -1;
        return { text: t("putDownPlain"), withScores: false };
      }
      if (event.key === "Delete" || event.key === "Backspace") return this.removeAtCross();
      return null;
    }

    /** Move the crosshair (and the carried point) by `times` KEY_STEPs along `direction`. */
    moveCross(direction, times) {
      const step = KEY_STEP * times;
      this.cross = this.plane.clamp(this.cross.map((v, i) => Math.round((v + step * direction[i]) * 100) / 100));
      const [at, region] = [place(this.cross), this.regionText(this.cross)];
      if (this.carried < 0) return { text: t("crosshairAt", at, region), withScores: false };
      this.state.X[this.carried] = this.cross.slice();
      this.changed();
      return { text: t("carrying", this.names[this.state.y[this.carried]], at, region), withScores: false };
    }

    addAtCross() {
      const j = this.chooser.value();
      this.addPoint(this.cross, j);
      return { text: t("pointAdded", this.names[j], place(this.cross), this.regionText(this.cross)), withScores: true };
    }

    /** The point within 16 px of the crosshair, or -1. */
    nearCross() {
      const [px, py] = this.plane.toPx(this.cross);
      return this.plane.nearest(this.state.X, px, py, 16);
    }

    pickUp() {
      this.carried = this.nearCross();
      if (this.carried < 0) return { text: t("noPointNear"), withScores: false };
      this.cross = this.state.X[this.carried].slice();
      const name = this.names[this.state.y[this.carried]];
      return { text: t("pickedUp", name), withScores: false };
    }

    putDown() {
      const name = this.names[this.state.y[this.carried]];
      this.carried = -1;
      return { text: t("putDown", name, place(this.cross), this.regionText(this.cross)), withScores: true };
    }

    removeAtCross() {
      const index = this.carried >= 0 ? this.carried : this.nearCross();
      if (index < 0) return { text: t("noPointNear"), withScores: false };
      const j = this.removePoint(index);
      return { text: t("removedPoint", this.names[j]), withScores: true };
    }
  }

  /**
   * Build the widget in `root`.
   * @param {HTMLElement} root the .sr-explorable element
   */
  function init(root) {
    const data = window.SR_EXPLORABLES && window.SR_EXPLORABLES.toy;
    if (!data) throw new Error(t("toyDataMissing"));
    math();
    instances.push(new ToyWidget(root, data, `sr-toy-${instances.length}`));
  }

  window.SRWidgets.register("toy", init);

  /** Test hook: the state of the first toy widget on the page. */
  window.SRToyWidget = {
    /** @returns {{W: number[][], b: number[], X: number[][], y: number[], losses: number[], step: number, lr: number}|null} */
    state: () => (instances.length ? instances[0].snapshot() : null),
  };
})();
