// The pictures of the 2-D classifier (explorable "toy"), defines SRToyPlot:
// - Plane: a canvas showing a square of the plane, with the conversion between
//   data coordinates and CSS pixels, the decision regions and boundary lines of
//   given weights W (2 x 3), b (3,), the points with one shape per class, a
//   crosshair and the axes;
// - LossCurve: the loss after each step, in an SVG;
// - markerIcon and legend: the class shapes for the page around the plot.
// It draws what it is given and knows nothing of training or input (toy_widget.js).
// Colours are read with getComputedStyle at draw time, so a redraw follows the palette.
// The words come from strings.js (t), in the page's language.
(function () {
  "use strict";

  const { el, format, subscript, math, cssColor, rgb } = window.SRWidgets;
  const { t } = window.SRLang;
  const SVG = "http://www.w3.org/2000/svg";
  const CELL = 4; // CSS px between two samples of the decision regions
  const MAX_SIZE = 480; // CSS px, the canvas's largest width
  const MIN_SIZE = 200; // CSS px, its smallest
  const MARGIN = { left: 34, right: 8, top: 8, bottom: 34 }; // CSS px around the plot
  const TINT = 0.2; // opacity of the region colours
  const TICK = 2; // data units between two axis ticks
  const PAIRS = [[0, 1], [1, 2], [0, 2]]; // the classes j, k of each boundary o_j = o_k
  const FALLBACK = ["#1565c0", "#e65100", "#2e7d32"]; // the figure's light colours
  const CURVE = { h: 110, left: 34, right: 8, top: 8, bottom: 20 }; // the loss curve's box, SVG units

  /** Whether every weight and bias is a finite number. */
  const finite = (W, b) => W.every((row) => row.every(Number.isFinite)) && b.every(Number.isFinite);

  /**
   * The line o_j(x) = o_k(x) as two of its points, where it crosses the sides
   * (extended) of the square [low, high]^2; null when there is no such line.
   * o_j - o_k = c + a1 x1 + a2 x2 is read off the logits at (0, 0), (1, 0) and (0, 1).
   * @returns {number[][]|null}
   */
  function boundaryEnds(W, b, j, k, low, high) {
    const flat = [W[0][0], W[0][1], W[0][2], W[1][0], W[1][1], W[1][2]]; // (d, q) row-major
    const gap = (x) => {
      const o = math().logits(x, flat, b, 2, 3);
      return o[j] - o[k];
    };
    const c = gap([0, 0]);
    const a1 = gap([1, 0]) - c;
    const a2 = gap([0, 1]) - c;
    if (![c, a1, a2].every(Number.isFinite) || (a1 === 0 && a2 === 0)) return null;
    return Math.abs(a2) > Math.abs(a1)
      ? [low, high].map((x1) => [x1, -(c + a1 * x1) / a2])
      : [low, high].map((x2) => [-(c + a2 * x2) / a1, x2]);
  }

  /** The shape of class `shape`: circle, square or triangle of "radius" r around (x, y). */
  function markerPath(ctx, shape, x, y, r) {
    ctx.beginPath();
    if (shape === 0) {
      ctx.arc(x, y, r, 0, 2 * Math.PI);
    } else if (shape === 1) {
      const h = 0.9 * r;
      ctx.rect(x - h, y - h, 2 * h, 2 * h);
    } else {
      const h = 1.25 * r;
      ctx.moveTo(x, y - h);
      ctx.lineTo(x + 0.866 * h, y + 0.5 * h);
      ctx.lineTo(x - 0.866 * h, y + 0.5 * h);
      ctx.closePath();
    }
  }

  /** An SVG element with attributes (undefined ones left out) and, optionally, text. */
  function svgNode(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs)) if (value !== undefined) node.setAttribute(key, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /**
   * A small inline SVG of class j's marker, for the legend and the class selector.
   * @param {number} j
   * @returns {SVGElement}
   */
  function markerIcon(j) {
    const shape = j === 0 ? svgNode("circle", { r: 4 })
      : j === 1 ? svgNode("rect", { x: -3.6, y: -3.6, width: 7.2, height: 7.2 })
        : svgNode("polygon", { points: "0,-5 4.33,2.5 -4.33,2.5" });
    const svg = svgNode("svg", { viewBox: "-6 -6 12 12", class: `sr-toy-icon sr-toy-class-${j}`, "aria-hidden": "true" });
    svg.appendChild(shape);
    return svg;
  }

  /**
   * The legend under the plane: each class's marker, the dashed boundary, the tint.
   * @param {string[]} names the class names
   * @returns {HTMLElement}
   */
  function legend(names) {
    return el("ul", { class: "sr-toy-legend" }, [
      ...names.map((name, j) => el("li", {}, [markerIcon(j), el("span", {}, name)])),
      el("li", {}, [el("span", { class: "sr-toy-dash", "aria-hidden": "true" }),
        el("span", {}, ["o", el("sub", {}, "j"), " = o", el("sub", {}, "k")])]),
      el("li", {}, t("tintLegend")),
    ]);
  }

  /**
   * The square [low, high]^2 of the plane on a canvas that fills its parent's
   * width (MIN_SIZE to MAX_SIZE CSS px). Coordinates: data [x1, x2] (x2 up) and
   * CSS pixels [px, py] from the canvas's top left corner.
   */
  class Plane {
    /**
     * @param {HTMLCanvasElement} canvas
     * @param {number} low
     * @param {number} high
     */
    constructor(canvas, low, high) {
      this.canvas = canvas;
      this.ctx = canvas.getContext("2d");
      this.low = low;
      this.high = high;
      this.layout = null; // {width, height, plot, ratio} in CSS px, set by measure()
      this.regions = document.createElement("canvas"); // one pixel per region sample
      this.regionsKey = ""; // the W, b, size and colours this.regions was painted for
    }

    /** Size the canvas to its parent (and the screen's pixel ratio); true when it changed. */
    measure() {
      const box = this.canvas.parentElement.clientWidth || MAX_SIZE;
      const width = Math.max(MIN_SIZE, Math.min(MAX_SIZE, Math.floor(box)));
      const plot = width - MARGIN.left - MARGIN.right;
      const height = plot + MARGIN.top + MARGIN.bottom;
      const ratio = window.devicePixelRatio || 1;
      const old = this.layout;
      this.layout = { width, height, plot, ratio };
      if (old && old.width === width && old.ratio === ratio) return false;
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
      return true;
    }

    /** @returns {number[]} the CSS pixel [px, py] of the data point x = [x1, x2] */
    toPx(x) {
      const { low, high } = this;
      const plot = this.layout.plot;
      return [MARGIN.left + ((x[0] - low) / (high - low)) * plot, MARGIN.top + ((high - x[1]) / (high - low)) * plot];
    }

    /** @returns {number[]} the data point [x1, x2] at CSS pixel (px, py) */
    toData(px, py) {
      const { low, high } = this;
      const plot = this.layout.plot;
      return [low + ((px - MARGIN.left) / plot) * (high - low), high - ((py - MARGIN.top) / plot) * (high - low)];
    }

    /** @returns {number[]} the data point x moved into the square */
    clamp(x) {
      return x.map((v) => Math.min(this.high, Math.max(this.low, v)));
    }

    /** @returns {number[]} the CSS pixel of a pointer event on the canvas */
    eventPx(event) {
      const box = this.canvas.getBoundingClientRect();
      return [event.clientX - box.left, event.clientY - box.top];
    }

    /** Whether the CSS pixel (px, py) lies inside the plotted square (false before the first draw). */
    contains(px, py) {
      if (!this.layout) return false;
      const plot = this.layout.plot;
      return px >= MARGIN.left && px <= MARGIN.left + plot && py >= MARGIN.top && py <= MARGIN.top + plot;
    }

    /**
     * The topmost (last) of the points X within `radius` CSS px of (px, py), or -1.
     * @returns {number}
     */
    nearest(X, px, py, radius) {
      if (!this.layout) return -1;
      let best = -1;
      let bestDistance = radius * radius;
      for (let i = X.length - 1; i >= 0; i--) {
        const [qx, qy] = this.toPx(X[i]);
        const distance = (qx - px) ** 2 + (qy - py) ** 2;
        if (distance < bestDistance) {
          best = i;
          bestDistance = distance;
        }
      }
      return best;
    }

    /** The palette's colours now. */
    colours() {
      const at = this.canvas;
      const fg = cssColor("--md-default-fg-color", at) || "#000";
      return {
        fg,
        light: cssColor("--md-default-fg-color--light", at) || fg,
        bg: cssColor("--md-default-bg-color", at) || "#fff",
        classes: [0, 1, 2].map((j) => cssColor(`--sr-toy-class-${j}`, at) || FALLBACK[j]),
        font: getComputedStyle(at).fontFamily,
      };
    }

    /**
     * Draw everything. Regions and boundary lines only while W and b are finite.
     * @param {{W: number[][], b: number[], X: number[][], y: number[], active: number, cross: number[]|null}} scene
     *   active: the index of a point drawn larger and on top (-1: none);
     *   cross: where to draw the keyboard crosshair (null: nowhere)
     */
    draw(scene) {
      this.measure();
      const { ctx } = this;
      const { width, height, plot, ratio } = this.layout;
      const colours = this.colours();
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, width, height);
      ctx.save();
      ctx.beginPath();
      ctx.rect(MARGIN.left, MARGIN.top, plot, plot);
      ctx.clip();
      if (finite(scene.W, scene.b)) {
        this.drawRegions(scene.W, scene.b, colours.classes);
        this.drawBoundaries(scene.W, scene.b, colours.fg);
      }
      this.drawPoints(scene, colours);
      if (scene.cross) {
        this.drawCrosshair(scene.cross, colours.bg, 4);
        this.drawCrosshair(scene.cross, colours.fg, 1.5);
      }
      ctx.restore();
      this.drawAxes(colours);
    }

    /** The tinted regions, from the cached sample image (repainted when anything changed). */
    drawRegions(W, b, classColours) {
      const cols = Math.ceil(this.layout.plot / CELL);
      const key = JSON.stringify([W, b, cols, classColours]);
      if (key !== this.regionsKey) {
        this.regionsKey = key;
        this.paintRegions(W, b, classColours, cols);
      }
      this.ctx.imageSmoothingEnabled = false;
      this.ctx.drawImage(this.regions, MARGIN.left, MARGIN.top, cols * CELL, cols * CELL);
    }

    /**
     * Sample regionOf at the centre of every CELL x CELL square, one pixel each.
     * Where no class is predicted (regionOf gives -1: NaN logits, as inf - inf
     * with huge weights), the pixel stays transparent.
     */
    paintRegions(W, b, classColours, cols) {
      const tints = classColours.map((colour) => rgb(colour));
      const alpha = Math.round(255 * TINT);
      this.regions.width = cols;
      this.regions.height = cols;
      const rctx = this.regions.getContext("2d");
      const image = rctx.createImageData(cols, cols); // transparent black
      for (let r = 0; r < cols; r++) {
        for (let c = 0; c < cols; c++) {
          const x = this.toData(MARGIN.left + (c + 0.5) * CELL, MARGIN.top + (r + 0.5) * CELL);
          const tint = tints[math().regionOf(W, b, x)];
          if (!tint) continue; // no class here: leave the cell untinted
          const at = 4 * (r * cols + c);
          image.data.set([tint[0], tint[1], tint[2], alpha], at);
        }
      }
      rctx.putImageData(image, 0, 0);
    }

    /** The dashed lines o_j = o_k, across the whole square. */
    drawBoundaries(W, b, fg) {
      const { ctx } = this;
      ctx.strokeStyle = fg;
      ctx.lineWidth = 1.2;
      ctx.setLineDash([5, 3]);
      for (const [j, k] of PAIRS) {
        const ends = boundaryEnds(W, b, j, k, this.low, this.high);
        if (!ends) continue;
        ctx.beginPath();
        ctx.moveTo(...this.toPx(ends[0]));
        ctx.lineTo(...this.toPx(ends[1]));
        ctx.stroke();
      }
      ctx.setLineDash([]);
    }

    /** The points, each in its class's shape and colour; the active one larger and on top. */
    drawPoints({ X, y, active }, colours) {
      const { ctx } = this;
      const r = Math.max(2.6, Math.min(3.6, this.layout.plot / 120));
      const mark = (i, radius) => {
        const [px, py] = this.toPx(X[i]);
        markerPath(ctx, y[i], px, py, radius);
        ctx.fillStyle = colours.classes[y[i]];
        ctx.fill();
        ctx.stroke();
      };
      ctx.strokeStyle = colours.fg;
      ctx.lineWidth = 0.6;
      X.forEach((x, i) => i !== active && mark(i, r));
      if (active >= 0 && active < X.length) {
        ctx.lineWidth = 2;
        mark(active, 2 * r);
      }
    }

    /** A ring with four ticks around the data point x. */
    drawCrosshair(x, colour, width) {
      const { ctx } = this;
      const [px, py] = this.toPx(x);
      ctx.strokeStyle = colour;
      ctx.lineWidth = width;
      ctx.beginPath();
      ctx.arc(px, py, 7, 0, 2 * Math.PI);
      for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
        ctx.moveTo(px + 4 * dx, py + 4 * dy);
        ctx.lineTo(px + 12 * dx, py + 12 * dy);
      }
      ctx.stroke();
    }

    /** The left and bottom axes, their ticks and numbers, and the names x₁, x₂. */
    drawAxes({ fg, light, font }) {
      const { ctx } = this;
      const { plot, height } = this.layout;
      const bottom = MARGIN.top + plot;
      ctx.strokeStyle = fg;
      ctx.fillStyle = fg;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(MARGIN.left, MARGIN.top);
      ctx.lineTo(MARGIN.left, bottom);
      ctx.lineTo(MARGIN.left + plot, bottom);
      ctx.stroke();
      ctx.font = `11px ${font}`;
      for (let t = Math.ceil(this.low / TICK) * TICK; t <= this.high; t += TICK) this.drawTick(t, bottom);
      ctx.fillStyle = light;
      ctx.font = `italic 12px ${font}`;
      ctx.textAlign = "center";
      ctx.textBaseline = "bottom";
      ctx.fillText(`x${subscript(1)}`, MARGIN.left + plot / 2, height - 1);
      ctx.save();
      ctx.translate(10, MARGIN.top + plot / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textBaseline = "middle";
      ctx.fillText(`x${subscript(2)}`, 0, 0);
      ctx.restore();
    }

    /** The tick and number t on both axes. */
    drawTick(t, bottom) {
      const { ctx } = this;
      const [tx, ty] = this.toPx([t, t]);
      ctx.beginPath();
      ctx.moveTo(tx, bottom);
      ctx.lineTo(tx, bottom + 4);
      ctx.moveTo(MARGIN.left, ty);
      ctx.lineTo(MARGIN.left - 4, ty);
      ctx.stroke();
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      ctx.fillText(format(t), tx, bottom + 6);
      ctx.textAlign = "right";
      ctx.textBaseline = "middle";
      ctx.fillText(format(t), MARGIN.left - 6, ty);
    }
  }

  /**
   * The loss curve in an <svg>: a line through the finite values (broken at the
   * others), a dot at the last one, and a mark at the first value that is not finite.
   * The y axis runs from 0 to the largest finite value.
   */
  class LossCurve {
    /** @param {SVGSVGElement} svg */
    constructor(svg) {
      this.svg = svg;
      this.width = 0; // CSS px the curve was last drawn for
    }

    /** Whether the svg's width changed since the last draw (then draw again). */
    resized() {
      return Math.round(this.svg.getBoundingClientRect().width) !== this.width;
    }

    /**
     * Draw the curve of `values`: value i at step i.
     * @param {number[]} values
     */
    draw(values) {
      this.width = Math.round(this.svg.getBoundingClientRect().width);
      const { h, left, right, top, bottom } = CURVE;
      const w = Math.max(120, this.width || 300);
      const n = values.length;
      const last = values[n - 1];
      const finiteValues = values.filter(Number.isFinite);
      const top0 = finiteValues.length ? Math.max(...finiteValues, 1e-12) : 1;
      const x = (i) => left + (n > 1 ? (i / (n - 1)) * (w - left - right) : 0);
      const y = (v) => (Number.isFinite(v) ? top + (1 - v / top0) * (h - top - bottom) : top);
      const text = (tx, ty, anchor, content, cls) => svgNode("text", { x: tx, y: ty, "text-anchor": anchor, class: cls }, content);
      this.svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
      this.svg.setAttribute("aria-label", t("lossCurveLabel", format(values[0], 4), format(last, 4), n - 1));
      this.svg.replaceChildren(
        svgNode("path", { d: `M${left} ${top}V${h - bottom}H${w - right}`, class: "sr-toy-curve-axes" }),
        svgNode("path", { d: pathData(values, x, y) || "M0 0", class: "sr-toy-curve-line" }),
        svgNode("circle", { class: "sr-toy-curve-dot", r: "2.5", cx: x(n - 1).toFixed(1), cy: y(last).toFixed(1),
          visibility: Number.isFinite(last) ? "visible" : "hidden" }),
        text(left - 4, top + 4, "end", format(top0, 3)),
        text(left - 4, h - bottom + 4, "end", "0"),
        text(left, h - 6, "start", "0"),
        text(w - right, h - 6, "end", t("stepN", n - 1)),
      );
      const bad = values.findIndex((v) => !Number.isFinite(v));
      if (bad < 0) return;
      this.svg.append(
        svgNode("path", { d: `M${x(bad).toFixed(1)} ${top}V${h - bottom}`, class: "sr-toy-curve-bad-line" }),
        text(w - right, top + 10, "end", t("atStep", format(values[bad]), bad), "sr-toy-curve-bad"),
      );
    }
  }

  /**
   * The curve's path through at most about 600 of the values, value i at
   * (x(i), y(value)); a value that is not finite lifts the pen.
   * @returns {string}
   */
  function pathData(values, x, y) {
    const n = values.length;
    const stride = Math.max(1, Math.ceil(n / 600));
    const shown = [];
    for (let i = 0; i < n; i += stride) shown.push(i);
    if (shown[shown.length - 1] !== n - 1) shown.push(n - 1);
    let d = "";
    let pen = false;
    for (const i of shown) {
      if (!Number.isFinite(values[i])) {
        pen = false;
        continue;
      }
      d += `${pen ? "L" : "M"}${x(i).toFixed(1)} ${y(values[i]).toFixed(1)}`;
      pen = true;
    }
    return d;
  }

  window.SRToyPlot = { Plane, LossCurve, markerIcon, legend, finite };
})();
