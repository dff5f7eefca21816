/* SoftmaxMath: the softmax, the cross-entropy and their floating-point behaviour,
 * as pure functions (no DOM). The explorables draw with these, and
 * tests/js/softmax_math.test.js checks them against numbers PyTorch wrote.
 *
 * Arguments, named as the book writes them: o the logits (an array of q numbers),
 * y the true class (an integer in 0..q-1), p probabilities (q numbers), form
 * "naive" | "stable_softmax" | "logits", dtype "float16" | "float32" | "float64".
 * The trained model: x the d inputs (pixels scaled to 0..1), W its d*q weights
 * (float32 values, row-major: W[i*q + j]), b its q biases. The 2-D classifier: W
 * its weights as d rows of q (2 x 3), b its q biases, X n points of d coordinates,
 * y their n classes, lr the learning rate.
 * Precision emulation: the inputs are rounded to the dtype, then every elementary
 * operation (+, -, *, /, exp, log) is computed in float64 and its result rounded
 * to the dtype; sums run left to right in the dtype. */
(function (root) {
  "use strict";

  /** The dtypes the widgets emulate, and the stability page's three ways to compute the loss. */
  const DTYPES = ["float16", "float32", "float64"];
  const FORMS = ["naive", "stable_softmax", "logits"];
  const PRECISION = { float16: 11, float32: 24, float64: 53 }; // significant bits
  const EMIN = { float16: -14, float32: -126, float64: -1022 }; // exponent of TINY
  /** Machine epsilon: the gap between 1 and the next number of each dtype. */
  const EPS = { float16: 2 ** -10, float32: 2 ** -23, float64: 2 ** -52 };
  /** The largest finite number of each dtype. */
  const MAX = { float16: 65504, float32: (2 - 2 ** -23) * 2 ** 127, float64: Number.MAX_VALUE };
  /** The smallest normal (full-precision) positive number of each dtype. */
  const TINY = { float16: 2 ** -14, float32: 2 ** -126, float64: 2 ** -1022 };
  /** A finite loss is "finite but wrong" when its relative error exceeds WRONG_EPS eps. */
  const WRONG_EPS = 8;

  // ---- argument checks: a clear Error, not a silent NaN ----

  function checkDtype(dtype) {
    if (!DTYPES.includes(dtype)) {
      throw new Error(`dtype must be float16, float32 or float64, got '${dtype}'`);
    }
  }

  function checkVector(v, name) {
    if (!v || !(v.length > 0) || !Array.prototype.every.call(v, (x) => typeof x === "number")) {
      throw new Error(`${name} must be a non-empty array of numbers`);
    }
  }

  function checkClass(y, q, name = "y") {
    if (!Number.isInteger(y) || y < 0 || y >= q) {
      throw new Error(`${name} must be an integer class in 0..q-1 (q = ${q}), got ${y}`);
    }
  }

  function checkLength(v, n, name) {
    if (!v || v.length !== n) throw new Error(`${name} must have length ${n}, got ${v && v.length}`);
  }

  // ---- rounding to float16 and float32 ----

  const POW2 = Array.from({ length: 2098 }, (_, k) => 2 ** (k - 1074)); // 2^-1074 .. 2^1023
  const pow2 = (e) => POW2[e + 1074];

  /** floor(log2(a)) for a finite a > 0, exact (Math.log2 can be off by one). */
  function exponentOf(a) {
    let e = Math.floor(Math.log2(a));
    if (pow2(e) > a) e -= 1;
    else if (e < 1023 && pow2(e + 1) <= a) e += 1;
    return e;
  }

  /** The spacing of the dtype's numbers at a > 0 (below TINY, the subnormal spacing). */
  const quantum = (a, dtype) => pow2(Math.max(exponentOf(a), EMIN[dtype]) - (PRECISION[dtype] - 1));

  /** n rounded to a whole number, ties to even. */
  function roundHalfEven(n) {
    const whole = Math.floor(n);
    const rest = n - whole;
    return rest > 0.5 || (rest === 0.5 && whole % 2 === 1) ? whole + 1 : whole;
  }

  /**
   * The float16 nearest to x: one exact round-to-nearest-even from the float64
   * value, with subnormals, signed zeros and overflow to infinity from 65520.
   * @param {number} x
   * @returns {number} a float16 value
   */
  function toFloat16(x) {
    if (x === 0 || !isFinite(x)) return x; // +-0, +-inf, NaN
    const a = Math.abs(x);
    const step = quantum(a, "float16");
    let r = roundHalfEven(a / step) * step; // a / step is exact: step is a power of 2
    if (r > MAX.float16) r = Infinity;
    return x < 0 ? -r : r;
  }

  /**
   * x rounded to the dtype: float32 with Math.fround; float16 as PyTorch does,
   * through float32 (its float16 kernels round a float32 result), then
   * toFloat16. The two roundings differ from one only for a float32 value
   * exactly halfway between two float16 values.
   * @param {number} x
   * @param {string} dtype
   * @returns {number}
   */
  function round(x, dtype) {
    checkDtype(dtype);
    if (dtype === "float32") return Math.fround(x);
    return dtype === "float16" ? toFloat16(Math.fround(x)) : +x;
  }

  /**
   * The 16 bits of toFloat16(x): sign, 5 exponent bits, 10 fraction bits (NaN: 0x7e00).
   * @param {number} x
   * @returns {number} an integer in 0..65535
   */
  function float16Bits(x) {
    const h = toFloat16(x);
    if (Number.isNaN(h)) return 0x7e00;
    const sign = h < 0 || Object.is(h, -0) ? 0x8000 : 0;
    const a = Math.abs(h);
    if (a === Infinity) return sign | 0x7c00;
    if (a < TINY.float16) return sign | (a / pow2(-24)); // subnormal: exponent field 0
    const e = exponentOf(a);
    return sign | ((e + 15) << 10) | ((a / pow2(e) - 1) * 1024);
  }

  /**
   * The float16 number with the given 16 bits.
   * @param {number} bits an integer in 0..65535
   * @returns {number}
   */
  function fromFloat16Bits(bits) {
    if (!Number.isInteger(bits) || bits < 0 || bits > 0xffff) {
      throw new Error(`bits must be an integer in 0..65535, got ${bits}`);
    }
    const sign = bits & 0x8000 ? -1 : 1;
    const exponent = (bits >> 10) & 0x1f;
    const fraction = bits & 0x3ff;
    if (exponent === 31) return fraction ? NaN : sign * Infinity;
    if (exponent === 0) return sign * fraction * pow2(-24); // subnormal, or zero
    return sign * (1024 + fraction) * pow2(exponent - 25);
  }

  // ---- elementary operations in a dtype ----

  const exp = (x, dtype) => round(Math.exp(x), dtype);
  const log = (x, dtype) => round(Math.log(x), dtype);
  const sum = (v, dtype) => v.reduce((total, x) => round(total + x, dtype)); // left to right

  function roundAll(o, dtype) {
    checkVector(o, "o");
    checkDtype(dtype);
    return Array.from(o, (x) => round(x, dtype));
  }

  /**
   * The next number of the dtype above x, for a finite x >= 0 of the dtype.
   * @param {number} x
   * @param {string} dtype
   * @returns {number}
   */
  function nextUp(x, dtype) {
    checkDtype(dtype);
    if (!(x >= 0 && x < Infinity) || round(x, dtype) !== x) {
      throw new Error(`x must be a finite number >= 0 of the dtype ${dtype}, got ${x}`);
    }
    return x === 0 ? quantum(TINY[dtype], dtype) : x + quantum(x, dtype);
  }

  /** The largest a >= 0 of the dtype near start for which holds(a) (holds is monotone). */
  function largest(start, holds, dtype) {
    const up = (a) => a + quantum(a, dtype);
    const down = (a) => a - quantum(a - quantum(a, dtype), dtype); // the spacing below a
    let a = round(start, dtype);
    for (let k = 0; k < 100; k++) {
      if (!holds(a)) a = down(a);
      else if (holds(up(a))) a = up(a);
      else return a;
    }
    throw new Error(`no threshold found near ${start} in ${dtype}`);
  }

  /**
   * The largest x of the dtype whose exp(x), rounded to the dtype, is finite.
   * @param {string} dtype
   * @returns {number} 11.0859375 (float16), 88.72283172607422, 709.782712893384
   */
  function expOverflow(dtype) {
    checkDtype(dtype);
    return largest(Math.log(MAX[dtype]), (x) => isFinite(exp(x, dtype)), dtype);
  }

  /**
   * The most negative x of the dtype whose exp(x), rounded to the dtype, is above 0.
   * @param {string} dtype
   * @returns {number} -17.328125 (float16), -103.97207641601562, -745.1332191019411
   */
  function expUnderflow(dtype) {
    checkDtype(dtype);
    // near -log of half the smallest subnormal, TINY * EPS / 2: below it exp rounds to 0
    const start = -Math.log(TINY[dtype] * EPS[dtype]) + Math.LN2;
    return -largest(start, (m) => exp(-m, dtype) > 0, dtype);
  }

  // ---- softmax and LogSumExp ----

  /**
   * The softmax as the formula reads, exp(o_j) / sum_k exp(o_k): NaN once exp overflows.
   * @returns {number[]} p
   */
  function softmaxNaive(o, dtype) {
    const e = roundAll(o, dtype).map((x) => exp(x, dtype));
    const partition = sum(e, dtype);
    return e.map((x) => round(x / partition, dtype));
  }

  /**
   * The stable softmax, exp(o_j - max o) / sum_k exp(o_k - max o).
   * @returns {number[]} p
   */
  function softmax(o, dtype) {
    const x = roundAll(o, dtype);
    const oMax = Math.max(...x);
    const e = x.map((xj) => exp(round(xj - oMax, dtype), dtype));
    const partition = sum(e, dtype);
    return e.map((ej) => round(ej / partition, dtype));
  }

  /**
   * LogSumExp, g(o) = log sum_k exp(o_k) = c + log sum_k exp(o_k - c) with c = max o
   * (c = 0 when the maximum is infinite, as the package does).
   * @returns {number}
   */
  function logsumexp(o, dtype) {
    const x = roundAll(o, dtype);
    let c = Math.max(...x);
    if (Math.abs(c) === Infinity) c = 0;
    const e = x.map((xj) => exp(round(xj - c, dtype), dtype));
    return round(c + log(sum(e, dtype), dtype), dtype);
  }

  /**
   * The log-softmax, log p_j = o_j - g(o).
   * @returns {number[]}
   */
  function logSoftmax(o, dtype) {
    const g = logsumexp(o, dtype);
    return roundAll(o, dtype).map((x) => round(x - g, dtype));
  }

  // ---- the loss ----

  /**
   * The naive cross-entropy from probabilities, -log p_y (inf when p_y is 0).
   * @returns {number}
   */
  function crossEntropyNaive(p, y, dtype) {
    checkVector(p, "p");
    checkClass(y, p.length);
    return -log(round(p[y], dtype), dtype);
  }

  /**
   * The cross-entropy from the logits, g(o) - o_y: it never forms p_y.
   * @returns {number}
   */
  function crossEntropy(o, y, dtype) {
    checkVector(o, "o");
    checkClass(y, o.length);
    return round(logsumexp(o, dtype) - round(o[y], dtype), dtype);
  }

  /**
   * The loss computed in one of the stability page's three ways: "naive" (naive
   * softmax, then naive loss), "stable_softmax" (stable softmax, then naive loss)
   * or "logits" (the loss from the logits).
   * @returns {number}
   */
  function loss(o, y, form, dtype) {
    checkVector(o, "o");
    checkClass(y, o.length);
    checkDtype(dtype);
    if (form === "naive") return crossEntropyNaive(softmaxNaive(o, dtype), y, dtype);
    if (form === "stable_softmax") return crossEntropyNaive(softmax(o, dtype), y, dtype);
    if (form === "logits") return crossEntropy(o, y, dtype);
    throw new Error(`form must be naive, stable_softmax or logits, got '${form}'`);
  }

  /**
   * The reference loss in float64, c + log1p(sum of exp(o_k - c) over the other k) - o_y
   * with c = max o; for o = [s, 0], y = 1 it is the page's exact loss s + log1p(exp(-s)).
   * @returns {number}
   */
  function exactLoss(o, y) {
    checkVector(o, "o");
    checkClass(y, o.length);
    const c = Math.max(...o);
    const top = o.indexOf(c);
    const rest = o.reduce((total, x, k) => (k === top ? total : total + Math.exp(x - c)), 0);
    return c + Math.log1p(rest) - o[y];
  }

  /**
   * How a computed loss compares with the exact one: "right" (relative error at most
   * WRONG_EPS eps of the dtype), "finite but wrong", or "inf or nan".
   * @param {number} computed
   * @param {number} exact from exactLoss
   * @param {string} dtype
   * @returns {string}
   */
  function state(computed, exact, dtype) {
    checkDtype(dtype);
    if (!isFinite(computed)) return "inf or nan";
    const error = computed === exact ? 0 : Math.abs(computed - exact) / Math.abs(exact);
    return error <= WRONG_EPS * EPS[dtype] ? "right" : "finite but wrong";
  }

  /**
   * The entropy -sum_j p_j log p_j in nats, float64, with 0 log 0 = 0.
   * @returns {number}
   */
  function entropy(p) {
    checkVector(p, "p");
    if (p.some(Number.isNaN)) return NaN; // a broken softmax has no entropy
    return p.reduce((h, pj) => (pj > 0 ? h - pj * Math.log(pj) : h), 0);
  }

  /**
   * The gradient of the loss with respect to the logits, softmax(o) - onehot(y).
   * @returns {number[]}
   */
  function gradient(o, y, dtype) {
    checkVector(o, "o");
    checkClass(y, o.length);
    return softmax(o, dtype).map((pj, j) => round(pj - (j === y ? 1 : 0), dtype));
  }

  /**
   * The logits divided by the temperature, o / T, in float64.
   * @param {number} T the temperature, positive
   * @returns {number[]}
   */
  function withTemperature(o, T) {
    checkVector(o, "o");
    if (typeof T !== "number" || !(T > 0 && T < Infinity)) {
      throw new Error(`T must be a positive number, got ${T}`);
    }
    return Array.from(o, (x) => x / T);
  }

  // ---- the trained model, in float64 ----

  function decodeBytes(base64) {
    if (typeof base64 !== "string") throw new Error(`expected a base64 string, got ${typeof base64}`);
    if (typeof atob !== "function") return new Uint8Array(Buffer.from(base64, "base64"));
    const text = atob(base64);
    return Uint8Array.from(text, (character) => character.charCodeAt(0));
  }

  /**
   * Little-endian float32 numbers from base64, as a plain array.
   * @param {string} base64
   * @returns {number[]}
   */
  function decodeFloat32(base64) {
    const bytes = decodeBytes(base64);
    if (bytes.length % 4 !== 0) {
      throw new Error(`float32 data must be a multiple of 4 bytes, got ${bytes.length}`);
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    return Array.from({ length: bytes.length / 4 }, (_, k) => view.getFloat32(4 * k, true));
  }

  /**
   * Bytes 0..255 from base64, as a plain array (so .map(v => v / 255) keeps fractions).
   * @param {string} base64
   * @returns {number[]}
   */
  const decodeUint8 = (base64) => Array.from(decodeBytes(base64));

  /**
   * The logits o_j = sum_i x_i W[i*q + j] + b_j, with W of shape (d, q), row-major.
   * @returns {number[]} q logits
   */
  function logits(x, W, b, d, q) {
    checkLength(x, d, "x");
    checkLength(W, d * q, "W");
    checkLength(b, q, "b");
    return Array.from({ length: q }, (_, j) => {
      let total = 0;
      for (let i = 0; i < d; i++) total += x[i] * W[i * q + j];
      return total + b[j];
    });
  }

  /**
   * The model's probabilities, the stable softmax of its logits in float64.
   * @returns {number[]} q probabilities
   */
  const predict = (x, W, b, d, q) => softmax(logits(x, W, b, d, q), "float64");

  /**
   * What each pixel adds to logit j, x_i * W[i*q + j].
   * @returns {number[]} d contributions
   */
  function contributions(x, W, j, d, q) {
    checkLength(x, d, "x");
    checkLength(W, d * q, "W");
    checkClass(j, q, "j");
    return Array.from({ length: d }, (_, i) => x[i] * W[i * q + j]);
  }

  // ---- the 2-D classifier, in float64: W is d rows of q (2 x 3), b has q entries ----

  const toyLogits = (W, b, x) => b.map((bj, j) => W.reduce((o, row, k) => o + x[k] * row[j], bj));
  /** The index of the largest entry, or -1 when an entry is NaN (no class is predicted). */
  const argmax = (v) =>
    v.some(Number.isNaN) ? -1 : v.reduce((best, x, j) => (x > v[best] ? j : best), 0);

  function checkToy(W, b, X, y) {
    if (!Array.isArray(X) || X.length === 0 || !Array.isArray(y) || y.length !== X.length) {
      throw new Error("X and y must be non-empty arrays of the same length");
    }
    W.forEach((row) => checkLength(row, b.length, "each row of W"));
    X.forEach((x) => checkLength(x, W.length, "each point of X"));
    y.forEach((yi) => checkClass(yi, b.length));
  }

  /**
   * The class whose region holds the point x: the largest logit.
   * @returns {number}
   */
  const regionOf = (W, b, x) => argmax(toyLogits(W, b, x));

  /**
   * The mean cross-entropy and the accuracy of (W, b) on the points X with classes y.
   * @returns {{loss: number, accuracy: number}}
   */
  function toyLoss(W, b, X, y) {
    checkToy(W, b, X, y);
    const O = X.map((x) => toyLogits(W, b, x)); // (n, q)
    const total = O.reduce((t, o, i) => t + exactLoss(o, y[i]), 0);
    const right = O.filter((o, i) => argmax(o) === y[i]).length;
    return { loss: total / X.length, accuracy: right / X.length };
  }

  /**
   * One full-batch gradient step on the mean loss: with G = (softmax(O) - Y) / n,
   * W - lr X^T G and b - lr sum_i G_i. Returns new arrays and the loss before the
   * step; never changes its arguments.
   * @returns {{W: number[][], b: number[], loss: number}}
   */
  function sgdStep(W, b, X, y, lr) {
    checkToy(W, b, X, y);
    if (typeof lr !== "number" || !isFinite(lr)) throw new Error(`lr must be a finite number, got ${lr}`);
    const n = X.length;
    const gradW = W.map((row) => row.map(() => 0)); // (d, q)
    const gradB = b.map(() => 0); // (q,)
    let total = 0;
    X.forEach((x, i) => {
      const o = toyLogits(W, b, x);
      total += exactLoss(o, y[i]);
      softmax(o, "float64").forEach((pj, j) => {
        const g = (pj - (j === y[i] ? 1 : 0)) / n; // d loss / d o_ij
        x.forEach((xk, k) => (gradW[k][j] += xk * g));
        gradB[j] += g;
      });
    });
    return {
      W: W.map((row, k) => row.map((w, j) => w - lr * gradW[k][j])),
      b: b.map((bj, j) => bj - lr * gradB[j]),
      loss: total / n,
    };
  }

  const api = {
    DTYPES, FORMS, EPS, MAX, TINY, WRONG_EPS,
    round, toFloat16, float16Bits, fromFloat16Bits, nextUp, expOverflow, expUnderflow,
    softmaxNaive, softmax, logsumexp, logSoftmax,
    crossEntropyNaive, crossEntropy, loss, exactLoss, state, entropy, gradient, withTemperature,
    decodeFloat32, decodeUint8, logits, predict, contributions,
    toyLoss, sgdStep, regionOf, argmax,
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.SoftmaxMath = api;
})(typeof self !== "undefined" ? self : this);
