// Shared helpers for the explorables: a registry that boots every widget on the
// page, a palette observer, colour lookup, number formatting and a DOM builder.
// A widget file keeps its own state in its own closure and uses these for
// everything two widgets need. The words are in strings.js (SRLang.t), looked up
// when a widget is built, so this file has none.
// A classic script (no ES module): it also works from file://. Defines SRWidgets.
(function (root) {
  "use strict";

  const registry = {};

  /**
   * Register a widget. Every `.sr-explorable` element whose `data-explorable`
   * is `name` is handed to `init(element, element.dataset)` once the page is parsed.
   * @param {string} name
   * @param {function(HTMLElement, DOMStringMap): void} init
   */
  function register(name, init) {
    registry[name] = init;
  }

  /**
   * Replace a widget's content with a short error line, and log the error.
   * @param {HTMLElement} element
   * @param {string} name
   * @param {*} error
   */
  function fail(element, name, error) {
    console.error(`explorable "${name}" failed:`, error);
    const reason = String(error && error.message ? error.message : error);
    let text = reason; // without the words (strings.js), the reason alone
    try {
      text = root.SRLang.t("widgetFailed", reason);
    } catch (missing) {
      console.error("explorables: no words for the error line:", missing);
    }
    element.textContent = "";
    element.appendChild(el("p", { class: "sr-explorable-error", role: "alert" }, text));
  }

  /** Start every widget on the page; an error stays inside its own widget. */
  function boot() {
    for (const element of document.querySelectorAll(".sr-explorable")) {
      if (element.dataset.booted) continue;
      element.dataset.booted = "true";
      const name = element.dataset.explorable;
      try {
        if (!registry[name]) throw new Error(root.SRLang.t("noWidget", name));
        registry[name](element, element.dataset);
      } catch (error) {
        fail(element, name, error);
      }
    }
  }

  /**
   * Call `callback` whenever Material switches the palette (the
   * `data-md-color-scheme` attribute of <body>).
   * @param {function(string): void} callback receives the new scheme name
   * @returns {function(): void} stops watching
   */
  function onPaletteChange(callback) {
    const observer = new MutationObserver(() => callback(document.body.getAttribute("data-md-color-scheme")));
    observer.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    return () => observer.disconnect();
  }

  /**
   * The current value of a CSS custom property, read at call time (so after a
   * palette switch it gives the new colour).
   * @param {string} name e.g. "--md-default-fg-color"
   * @param {Element} [element] where to resolve it (default <body>)
   * @returns {string}
   */
  function cssColor(name, element) {
    return getComputedStyle(element || document.body).getPropertyValue(name).trim();
  }

  /**
   * A number for people to read: `digits` significant digits, plain notation
   * between 0.001 and 1e6, exponent notation outside, no trailing zeros;
   * non-finite values print as "inf", "-inf", "NaN".
   * @param {number} x
   * @param {number} [digits=4]
   * @returns {string}
   */
  function format(x, digits) {
    const n = digits || 4;
    if (Number.isNaN(x)) return "NaN";
    if (x === Infinity) return "inf";
    if (x === -Infinity) return "\u2212inf";
    if (x === 0) return "0";
    const a = Math.abs(x);
    let text;
    if (a >= 1e-3 && a < 1e6) {
      const decimals = Math.max(0, n - 1 - Math.floor(Math.log10(a)));
      text = x.toFixed(decimals);
      if (decimals > 0) text = text.replace(/\.?0+$/, "");
    } else {
      text = x.toExponential(n - 1).replace(/\.?0+e/, "e").replace("e+", "e");
    }
    return text.replace(/-/g, "\u2212"); // a real minus sign, as in the figures
  }

  /**
   * A probability as a percentage with one decimal; "<0.1%" and ">99.9%" at the
   * ends, so that no rounding shows a certainty the model does not have.
   * @param {number} p
   * @returns {string}
   */
  function percent(p) {
    if (!Number.isFinite(p)) return format(p);
    if (100 * p < 0.05) return p > 0 ? "<0.1%" : "0%";
    if (100 * p >= 99.95) return p < 1 ? ">99.9%" : "100%";
    return `${(100 * p).toFixed(1)}%`;
  }

  /**
   * A subscript for a small whole number, as in o₀ and W₁₂.
   * @param {number} n
   * @returns {string}
   */
  function subscript(n) {
    return String(n).replace(/\d/g, (digit) => "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089"[digit]);
  }

  /**
   * The math module, or a clear error if its script did not load.
   * @returns {Object} window.SoftmaxMath
   */
  function math() {
    if (!root.SoftmaxMath) throw new Error(root.SRLang.t("mathMissing"));
    return root.SoftmaxMath;
  }

  let probe = null;
  const painted = new Map();

  /**
   * A CSS colour as the opaque [r, g, b] it paints over `under` (Material's
   * foreground colours are translucent), whatever CSS syntax it is written in.
   * @param {string} colour any CSS colour
   * @param {string} [under="#fff"]
   * @returns {number[]} three bytes
   */
  function rgb(colour, under) {
    const key = `${colour}|${under || ""}`;
    if (!painted.has(key)) {
      if (!probe) {
        const canvas = document.createElement("canvas");
        canvas.width = canvas.height = 1;
        probe = canvas.getContext("2d", { willReadFrequently: true });
      }
      probe.clearRect(0, 0, 1, 1);
      probe.fillStyle = under || "#fff";
      probe.fillRect(0, 0, 1, 1);
      probe.fillStyle = colour;
      probe.fillRect(0, 0, 1, 1);
      painted.set(key, Array.from(probe.getImageData(0, 0, 1, 1).data.slice(0, 3)));
    }
    return painted.get(key);
  }

  /**
   * A value for a `data-value` attribute: String(x) for a number (full
   * precision), JSON for an array with "inf", "-inf", "nan" for non-finite entries.
   * @param {number|number[]} x
   * @returns {string}
   */
  function dataValue(x) {
    if (!Array.isArray(x)) return String(x);
    return JSON.stringify(x.map((v) => (Number.isFinite(v) ? v : Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf")));
  }

  /**
   * Build an element. `attrs`: "class", "text", `on<event>` functions,
   * anything else as an attribute (true: present, false/null: absent).
   * `children`: a node, a string, or an array of them.
   * @param {string} tag
   * @param {Object} [attrs]
   * @param {(Node|string|Array)} [children]
   * @returns {HTMLElement}
   */
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === false || value === null || value === undefined) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of [].concat(children === undefined ? [] : children)) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else setTimeout(boot, 0);

  root.SRWidgets = {
    register, boot, onPaletteChange, cssColor, format, percent, subscript, math, rgb, dataValue, el,
  };
})(window);
