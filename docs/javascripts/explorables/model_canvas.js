// The pictures of the model widget, with no knowledge of the model: a 28x28
// drawing surface (a soft round brush, moved by a mouse, a finger, a pen or the
// keyboard) and a heat map (28x28 values through a diverging colour map, with
// its legend). Colours are read from the page's CSS when a picture is drawn, so
// a redraw after a palette switch uses the new palette. Its one word (the
// canvas's role description) comes from strings.js; the owner gives the rest.
// A classic script (no ES module): it also works from file://. Defines SRModelCanvas.
(function (root) {
  "use strict";

  const { el, cssColor, format, rgb } = root.SRWidgets;
  const { t } = root.SRLang;
  const SIDE = 28; // the images are SIDE x SIDE pixels
  const ZOOM = 8; // pixels of the drawing canvas per image pixel
  const BRUSH_SIGMA = 0.9; // the brush's radius (a Gaussian), in image pixels
  const BRUSH_RATE = 0.4; // intensity added per image pixel of stroke, at the brush's centre
  const DAB = 0.6; // intensity a click or a Space press adds under the brush's centre
  const LEGEND_STEPS = 64; // colours in a legend's bar
  const MOVES = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

  // ---- colours -------------------------------------------------------------

  /** The colour a fraction t (0..1) of the way through `stops` (a list of [r, g, b]). */
  function along(stops, t) {
    const s = Math.min(Math.max(t, 0), 1) * (stops.length - 1);
    const k = Math.min(Math.floor(s), stops.length - 2);
    const f = s - k;
    return stops[k].map((c, channel) => Math.round(c + f * (stops[k + 1][channel] - c)));
  }

  /**
   * The page's colours, read from CSS variables now: `ink(v)` for a pixel value
   * 0..1 (the background colour at 0, the text colour at 1), `diverging(v)` for
   * -1..1 (the background at 0, the ramps --sr-model-negative and
   * --sr-model-positive outwards) and `cursor`, the keyboard brush's colour.
   * @param {HTMLElement} element where the ramps' variables resolve
   * @returns {{ink: function(number): number[], diverging: function(number): number[], cursor: string}}
   */
  function colours(element) {
    const background = cssColor("--md-default-bg-color") || "#fff";
    const zero = rgb(background);
    const ramp = (name) =>
      [zero].concat(cssColor(name, element).split(/\s+/).filter(Boolean).map((c) => rgb(c, background)));
    const negative = ramp("--sr-model-negative");
    const positive = ramp("--sr-model-positive");
    const ink = [zero, rgb(cssColor("--md-default-fg-color") || "#000", background)];
    return {
      ink: (v) => along(ink, v),
      diverging: (v) => (v < 0 ? along(negative, -v) : along(positive, v)),
      cursor: cssColor("--md-accent-fg-color") || "#f50057",
    };
  }

  /** Paint `values` into `canvas`, one canvas pixel each (row by row), through `colour`. */
  function paint(canvas, values, colour) {
    const context = canvas.getContext("2d");
    const image = context.createImageData(canvas.width, canvas.height);
    for (let i = 0; i < canvas.width * canvas.height; i++) {
      const [r, g, b] = colour(values[i]);
      image.data.set([r, g, b, 255], 4 * i);
    }
    context.putImageData(image, 0, 0);
  }

  /**
   * The largest absolute value (1 when all are 0): a symmetric colour range.
   * @param {ArrayLike<number>} values
   * @returns {number}
   */
  function range(values) {
    let limit = 0;
    for (const v of values) limit = Math.max(limit, Math.abs(v));
    return limit > 0 ? limit : 1;
  }

  // ---- the brush: it adds intensity to x (SIDE * SIDE,), in place, capped at 1 ----

  /**
   * Add a round Gaussian dab of height `amount`, centred at (gx, gy) in image
   * pixels (0..SIDE; pixel (row, col) has its centre at col + 0.5, row + 0.5).
   * @param {number[]} x
   */
  function dab(x, gx, gy, amount) {
    const reach = Math.ceil(3 * BRUSH_SIGMA);
    for (let row = Math.floor(gy) - reach; row <= Math.floor(gy) + reach; row++) {
      if (row < 0 || row >= SIDE) continue;
      for (let col = Math.floor(gx) - reach; col <= Math.floor(gx) + reach; col++) {
        if (col < 0 || col >= SIDE) continue;
        const dx = col + 0.5 - gx;
        const dy = row + 0.5 - gy;
        const i = row * SIDE + col;
        x[i] = Math.min(1, x[i] + amount * Math.exp(-(dx * dx + dy * dy) / (2 * BRUSH_SIGMA * BRUSH_SIGMA)));
      }
    }
  }

  /**
   * A stroke from point `a` to point `b` ({gx, gy}): dabs a quarter pixel
   * apart, each weighted by its length, so a fast stroke adds as much ink as a slow one.
   * @param {number[]} x
   */
  function stroke(x, a, b) {
    const length = Math.hypot(b.gx - a.gx, b.gy - a.gy);
    const steps = Math.max(1, Math.ceil(length / 0.25));
    for (let k = 1; k <= steps; k++) {
      const t = k / steps;
      dab(x, a.gx + t * (b.gx - a.gx), a.gy + t * (b.gy - a.gy), (BRUSH_RATE * length) / steps);
    }
  }

  // ---- the drawing surface ---------------------------------------------------
  // A pad is one surface's state: its canvas, the pixels it last showed, the
  // keyboard's cursor and the stroke under way, and the owner's two callbacks.

  /** Redraw the pad's last pixels, SIDE x SIDE blown up ZOOM times, and the cursor square. */
  function redraw(pad) {
    if (!pad.values) return;
    paint(pad.small, pad.values, pad.look.ink);
    const context = pad.canvas.getContext("2d");
    context.imageSmoothingEnabled = false;
    context.drawImage(pad.small, 0, 0, pad.canvas.width, pad.canvas.height);
    if (!pad.showCursor) return;
    context.strokeStyle = pad.look.cursor;
    context.lineWidth = 2;
    context.strokeRect(pad.cursor.col * ZOOM + 1, pad.cursor.row * ZOOM + 1, ZOOM - 2, ZOOM - 2);
  }

  /**
   * Tell the owner about new marks: at the next animation frame while a stroke
   * goes on (once a frame, however many pointer events came), at once when it ends.
   */
  function notify(pad, final) {
    if (final) {
      root.cancelAnimationFrame(pad.frame);
      pad.frame = 0;
      pad.changed(true);
    } else if (!pad.frame) {
      pad.frame = root.requestAnimationFrame(() => {
        pad.frame = 0;
        pad.changed(false);
      });
    }
  }

  /** Mouse, finger and pen: press to dab, move to stroke. */
  function listenToPointer(pad) {
    const { canvas } = pad;
    const at = (event) => {
      const box = canvas.getBoundingClientRect();
      return {
        gx: ((event.clientX - box.left) / box.width) * SIDE,
        gy: ((event.clientY - box.top) / box.height) * SIDE,
      };
    };
    canvas.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      canvas.setPointerCapture(event.pointerId);
      pad.showCursor = false;
      pad.last = at(event);
      dab(pad.target(), pad.last.gx, pad.last.gy, DAB);
      notify(pad, false);
    });
    canvas.addEventListener("pointermove", (event) => {
      if (!pad.last) return;
      for (const e of event.getCoalescedEvents ? event.getCoalescedEvents() : [event]) {
        const point = at(e);
        stroke(pad.target(), pad.last, point);
        pad.last = point;
      }
      notify(pad, false);
    });
    const end = () => {
      if (!pad.last) return;
      pad.last = null;
      notify(pad, true);
    };
    for (const name of ["pointerup", "pointercancel", "lostpointercapture"]) canvas.addEventListener(name, end);
  }

  /** The keyboard: the arrow keys move the cursor square, Space paints under it (held, along the way). */
  function listenToKeys(pad) {
    const { canvas, cursor } = pad;
    const mark = () => dab(pad.target(), cursor.col + 0.5, cursor.row + 0.5, DAB);
    canvas.addEventListener("keydown", (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      let marked = false;
      if (MOVES[event.key]) {
        const [dr, dc] = MOVES[event.key];
        cursor.row = Math.min(SIDE - 1, Math.max(0, cursor.row + dr));
        cursor.col = Math.min(SIDE - 1, Math.max(0, cursor.col + dc));
        marked = pad.spaceDown;
      } else if (event.key === " ") {
        marked = !event.repeat;
        pad.spaceDown = true;
      } else {
        return;
      }
      event.preventDefault();
      pad.showCursor = true;
      if (marked) {
        mark();
        notify(pad, false);
      } else {
        redraw(pad);
      }
    });
    const release = () => {
      if (!pad.spaceDown) return;
      pad.spaceDown = false;
      notify(pad, true);
    };
    canvas.addEventListener("keyup", (event) => {
      if (event.key === " ") release();
    });
    canvas.addEventListener("focus", () => {
      pad.showCursor = canvas.matches(":focus-visible");
      redraw(pad);
    });
    canvas.addEventListener("blur", () => {
      pad.showCursor = false;
      release();
      redraw(pad);
    });
  }

  /**
   * A SIDE x SIDE image the reader draws on, shown ZOOM times larger. The
   * surface does not own the pixels: before each mark it asks `target()` for the
   * array to draw into (changed in place), and after marks it calls
   * `changed(false)` while a stroke goes on (at most once an animation frame)
   * and `changed(true)` when it ends. The owner then shows the pixels with `show`.
   * @param {Object} options
   * @param {function(): number[]} options.target the SIDE * SIDE pixel values 0..1 to draw into
   * @param {function(boolean): void} options.changed
   * @param {Object} [options.attributes] more attributes of the canvas (aria-label, data-control, ...)
   * @returns {{canvas: HTMLCanvasElement, show: function(number[], Object): void}}
   */
  function surface(options) {
    const canvas = el("canvas", Object.assign({
      class: "sr-model-canvas",
      width: SIDE * ZOOM,
      height: SIDE * ZOOM,
      tabindex: "0",
      role: "application",
      "aria-roledescription": t("drawingCanvas"),
    }, options.attributes));
    const pad = {
      canvas,
      small: el("canvas", { width: SIDE, height: SIDE }), // the image at its own size
      target: options.target,
      changed: options.changed,
      cursor: { row: SIDE / 2, col: SIDE / 2 }, // the keyboard's brush, in image pixels
      showCursor: false,
      spaceDown: false,
      last: null, // the pointer's last position while a stroke goes on
      frame: 0, // the animation frame that will call changed(false)
      values: null, // the pixels last shown, and their colours
      look: null,
    };
    listenToPointer(pad);
    listenToKeys(pad);
    return {
      canvas,
      /**
       * Show `values` (SIDE * SIDE pixel values 0..1, row by row) in the colours `look`.
       * @param {number[]} values
       * @param {Object} look from colours()
       */
      show(values, look) {
        pad.values = values;
        pad.look = look;
        redraw(pad);
      },
    };
  }

  // ---- the heat map ----------------------------------------------------------

  /**
   * A figure: SIDE x SIDE values through the diverging colour map on the
   * symmetric range [-limit, limit], with a colour bar labelled -limit, 0, +limit.
   * @param {(Node|string|Array)} caption the figure's caption
   * @returns {{node: HTMLElement, show: function(number[], number, Object, string): void}}
   */
  function heatMap(caption) {
    const canvas = el("canvas", { class: "sr-model-map", width: SIDE, height: SIDE, role: "img" });
    const bar = el("canvas", { class: "sr-model-legend-bar", width: LEGEND_STEPS, height: 1, "aria-hidden": "true" });
    const low = el("span");
    const high = el("span");
    const steps = Array.from({ length: LEGEND_STEPS }, (_, k) => -1 + (2 * k) / (LEGEND_STEPS - 1));
    const labels = el("div", { class: "sr-model-legend-labels" }, [low, el("span", {}, "0"), high]);
    const node = el("figure", {}, [ // the legend right under the map, so that two maps' legends line up
      canvas,
      el("div", { class: "sr-model-legend" }, [bar, labels]),
      el("figcaption", {}, caption),
    ]);
    return {
      node,
      /**
       * @param {ArrayLike<number>} values SIDE * SIDE, row by row
       * @param {number} limit the value at either end of the colour map (see range())
       * @param {Object} look from colours()
       * @param {string} label what the map shows, for screen readers
       */
      show(values, limit, look, label) {
        paint(canvas, values, (v) => look.diverging(v / limit));
        canvas.setAttribute("aria-label", label);
        paint(bar, steps, look.diverging);
        low.textContent = format(-limit, 2);
        high.textContent = `+${format(limit, 2)}`;
      },
    };
  }

  root.SRModelCanvas = { SIDE, ZOOM, colours, range, dab, stroke, surface, heatMap };
})(window);
