// SoftmaxMath against PyTorch: the numbers in docs/generated/explorable_fixtures.json
// were computed by torch (code/sitebuild/explorables.py); this file recomputes them
// in JavaScript. Run with `node --test tests/js/` from the repository root.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const M = require("../../docs/javascripts/explorables/softmax_math.js");

const FIXTURES = path.join(__dirname, "..", "..", "docs", "generated", "explorable_fixtures.json");

/** The fixtures, or null when the build has not written them yet. */
function loadFixtures() {
  if (!fs.existsSync(FIXTURES)) return null;
  return JSON.parse(fs.readFileSync(FIXTURES, "utf8"));
}

const fx = loadFixtures();

/** A fixture number: non-finite values are stored as the strings "inf", "-inf", "nan". */
function num(v) {
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  if (v === "nan") return NaN;
  return v;
}

/** Bitwise equality of two numbers: NaN equals NaN, 0 and -0 differ. */
function same(a, b) {
  return Object.is(a, b);
}

// Float64 tolerance of the softmax rows. Both sides compute in float64, but with
// different exp and log (V8's fdlibm port, PyTorch's SLEEF/glibc: each within 1 ulp)
// and, for sums of up to 10 terms, perhaps a different order: a few ulps, about
// 1e-15 relative. 1e-12 leaves room for that and still catches any wrong formula.
// Values above 1 in size (LogSumExp and losses up to 2000) are compared relatively.
const TOL64 = 1e-12;

function difference(actual, expected) {
  if (!isFinite(expected)) return same(actual, expected) ? 0 : Infinity;
  return Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
}

test("the fixtures exist", () => {
  assert.ok(
    fx,
    "docs/generated/explorable_fixtures.json is missing: run `make figures` to write it " +
      "(these tests compare the JavaScript with numbers PyTorch wrote there)"
  );
});

test("softmax, LogSumExp, cross-entropy, gradient and entropy agree with PyTorch in float64", (t) => {
  assert.ok(fx, "fixtures missing: run `make figures`");
  assert.ok(fx.softmax.length > 0);
  const worst = { softmax: 0, logsumexp: 0, cross_entropy: 0, gradient: 0, entropy: 0 };
  function check(name, actual, expected, row) {
    const d = difference(actual, num(expected));
    worst[name] = Math.max(worst[name], d);
    assert.ok(d <= TOL64, `${name} of o=${JSON.stringify(row.o)}, T=${row.T}, y=${row.y}: ` +
      `${actual} vs PyTorch ${expected}`);
  }
  for (const row of fx.softmax) {
    const z = M.withTemperature(row.o, row.T); // o / T
    const p = M.softmax(z, "float64");
    p.forEach((v, j) => check("softmax", v, row.softmax[j], row));
    check("logsumexp", M.logsumexp(z, "float64"), row.logsumexp, row);
    check("cross_entropy", M.crossEntropy(z, row.y, "float64"), row.cross_entropy, row);
    check("cross_entropy", M.loss(z, row.y, "logits", "float64"), row.cross_entropy, row);
    M.gradient(z, row.y, "float64").forEach((v, j) => check("gradient", v, row.gradient[j], row));
    check("entropy", M.entropy(p), row.entropy, row);
    // logSoftmax is log of the softmax, and the loss is minus its entry y
    const logP = M.logSoftmax(z, "float64");
    check("cross_entropy", -logP[row.y], row.cross_entropy, row);
  }
  t.diagnostic("largest difference (relative above 1): " + JSON.stringify(worst));
});

test("round to float32 and float16 give PyTorch's values bit for bit", () => {
  assert.ok(fx, "fixtures missing: run `make figures`");
  const r = fx.rounding;
  assert.equal(r.inputs.length, r.float32.length);
  assert.equal(r.inputs.length, r.float16.length);
  r.inputs.forEach((input, i) => {
    const x = num(input);
    const f32 = M.round(x, "float32");
    const f16 = M.round(x, "float16");
    assert.ok(same(f32, num(r.float32[i])), `float32 of ${input}: ${f32} vs PyTorch ${r.float32[i]}`);
    assert.ok(same(f16, num(r.float16[i])), `float16 of ${input}: ${f16} vs PyTorch ${r.float16[i]}`);
    const exact = M.toFloat16(x);
    assert.ok(same(exact, num(r.float16_exact[i])), `toFloat16 of ${input}: ${exact} vs numpy ${r.float16_exact[i]}`);
    assert.ok(same(M.round(x, "float64"), x));
  });
});

test("PyTorch's float16 (two roundings) differs from toFloat16 (one) only at float16 midpoints", () => {
  assert.ok(fx, "fixtures missing: run `make figures`");
  const r = fx.rounding;
  assert.ok(r.float16_exact, "the fixtures have no float16_exact column: run `make figures`");
  let differing = 0;
  r.inputs.forEach((input, i) => {
    const x = num(input);
    if (same(M.round(x, "float16"), M.toFloat16(x))) return;
    differing += 1;
    // x rounded to float32 lands exactly halfway between two float16 neighbours
    // (or on 65520, halfway to 2^16), so the second rounding goes to even.
    const f = Math.abs(Math.fround(x));
    const down = Math.abs(M.toFloat16(f - f * 2 ** -12));
    const up = Math.abs(M.toFloat16(f + f * 2 ** -12));
    assert.ok(down < f && f < up && f - down === up - f, `${input}: not a float16 midpoint after float32`);
  });
  assert.ok(differing > 0, "the fixtures have inputs where the two roundings differ");
});

test("float16Bits and fromFloat16Bits round-trip all 65,536 bit patterns", () => {
  let nans = 0;
  for (let bits = 0; bits < 65536; bits++) {
    const h = M.fromFloat16Bits(bits);
    if (Number.isNaN(h)) {
      nans += 1;
      assert.equal((bits & 0x7c00), 0x7c00);
      assert.equal(M.float16Bits(h), 0x7e00);
      continue;
    }
    assert.equal(M.float16Bits(h), bits, `bits ${bits.toString(16)} -> ${h}`);
    assert.ok(same(M.toFloat16(h), h), `toFloat16 moved the float16 value ${h}`);
  }
  assert.equal(nans, 2 * 1023); // exponent 31 with a nonzero fraction, either sign
  assert.equal(M.fromFloat16Bits(0x7bff), M.MAX.float16);
  assert.equal(M.fromFloat16Bits(0x0400), M.TINY.float16);
  assert.equal(M.fromFloat16Bits(0x3c01) - 1, M.EPS.float16);
  assert.ok(same(M.fromFloat16Bits(0x8000), -0));
});

test("the exp thresholds equal the ones PyTorch measured", () => {
  assert.ok(fx, "fixtures missing: run `make figures`");
  for (const dtype of ["float16", "float32", "float64"]) {
    assert.equal(M.expOverflow(dtype), fx.thresholds.exp_overflow[dtype], `overflow ${dtype}`);
    assert.equal(M.expUnderflow(dtype), fx.thresholds.exp_underflow[dtype], `underflow ${dtype}`);
  }
  assert.equal(M.WRONG_EPS, fx.wrong_eps === undefined ? 8 : fx.wrong_eps);
});

/** Per dtype and form: the first wrong s, the last right s and the first broken s. */
function edges(rows, stateOf) {
  const out = {};
  for (const r of rows) {
    const key = `${r.dtype} ${r.form}`;
    const e = (out[key] = out[key] || { firstWrong: null, lastRight: null, firstBroken: null });
    const st = stateOf(r);
    if (st === "finite but wrong" && e.firstWrong === null) e.firstWrong = r.s;
    if (st === "right") e.lastRight = r.s;
    if (st === "inf or nan" && e.firstBroken === null) e.firstBroken = r.s;
  }
  return out;
}

test("the stability scan: every row in the same state as PyTorch, and right losses close to it", (t) => {
  assert.ok(fx, "fixtures missing: run `make figures`");
  assert.ok(fx.scan.length > 0);
  // The fixture keeps both sides of every change of state, so equal states on
  // every row means the same first wrong, last right and first broken s.
  // Measured with PyTorch 2.14 on x86: every row agrees, in every form and dtype,
  // and so did all 100,001 values of s of the page's scan (checked once, outside
  // this test). PyTorch's kernels differ from the emulation here (vectorised SLEEF
  // exp and log within 1 ulp, not correctly rounded; float16 computed in float32
  // and rounded), so a few losses differ by a rounding (at most 1.5 eps), but no
  // state changes: a differing state would be a real disagreement, so it fails.
  const js = new Map();
  const stateOf = (r) => js.get(r);
  const worst = {};
  const mismatches = [];
  for (const r of fx.scan) {
    const o = [r.s, 0];
    assert.ok(same(M.round(r.s, r.dtype), r.s), `s = ${r.s} is not a ${r.dtype} value`);
    const computed = M.loss(o, 1, r.form, r.dtype);
    js.set(r, M.state(computed, M.exactLoss(o, 1), r.dtype));
    if (js.get(r) !== r.state) mismatches.push(`${r.dtype} ${r.form} s=${r.s}: ${js.get(r)} (${computed}) vs PyTorch ${r.state} (${r.loss})`);
    if (r.state === "right") {
      const relative = Math.abs(computed - r.loss) / Math.abs(r.loss) / M.EPS[r.dtype];
      const key = `${r.dtype} ${r.form}`;
      worst[key] = Math.max(worst[key] || 0, relative);
      assert.ok(relative <= M.WRONG_EPS, `${r.dtype} ${r.form} s=${r.s}: ${computed} vs PyTorch ${r.loss}`);
    }
  }
  assert.deepEqual(edges(fx.scan, stateOf), edges(fx.scan, (r) => r.state), "the edges of the states");
  assert.deepEqual(mismatches, [], "rows whose state differs from PyTorch's");
  t.diagnostic("largest difference of a right loss from PyTorch's, in eps: " + JSON.stringify(worst));
});

test("one SGD step on the toy points agrees with PyTorch's autograd in float64", (t) => {
  assert.ok(fx, "fixtures missing: run `make figures`");
  const s = fx.sgd;
  const W = s.W.map((row) => row.slice());
  const b = s.b.slice();
  const step = M.sgdStep(W, b, s.X, s.y, s.lr);
  let worst = 0;
  const close = (a, e, what) => {
    worst = Math.max(worst, Math.abs(a - e));
    assert.ok(Math.abs(a - e) <= TOL64, `${what}: ${a} vs PyTorch ${e}`);
  };
  step.W.forEach((row, k) => row.forEach((w, j) => close(w, s.W_next[k][j], `W[${k}][${j}]`)));
  step.b.forEach((v, j) => close(v, s.b_next[j], `b[${j}]`));
  close(step.loss, s.loss, "loss");
  const before = M.toyLoss(s.W, s.b, s.X, s.y);
  close(before.loss, s.loss, "toyLoss");
  assert.equal(before.accuracy, s.accuracy);
  assert.deepEqual(W, s.W, "sgdStep must not change its arguments");
  assert.deepEqual(b, s.b);
  assert.ok(M.toyLoss(step.W, step.b, s.X, s.y).loss < s.loss, "a small step lowers the loss");
  t.diagnostic("largest difference: " + worst);
});

test("regionOf is the class with the largest logit", () => {
  const W = [[1, 0, -1], [0, 1, 0]];
  const b = [0, 0, 0.5];
  assert.equal(M.regionOf(W, b, [2, 0]), 0);
  assert.equal(M.regionOf(W, b, [0, 2]), 1);
  assert.equal(M.regionOf(W, b, [-2, 0]), 2);
});

test("the model's logits, probabilities and contributions equal a direct float64 computation", () => {
  const d = 6, q = 4;
  const W = Array.from({ length: d * q }, (_, k) => Math.sin(k + 1) * 3); // W[i*q + j]
  const b = [0.5, -0.25, 0, 1];
  for (const x of [[0, 0.2, 0.4, 0.6, 0.8, 1], [1, 1, 0, 0, 0.5, 0.25]]) {
    const o = [];
    for (let j = 0; j < q; j++) {
      let total = b[j];
      for (let i = 0; i < d; i++) total += x[i] * W[i * q + j];
      o.push(total);
    }
    const e = o.map((v) => Math.exp(v - Math.max(...o)));
    const z = e.reduce((a, v) => a + v, 0);
    const p = M.predict(x, W, b, d, q);
    p.forEach((v, j) => assert.ok(Math.abs(v - e[j] / z) <= 1e-15, `p[${j}] ${v} vs ${e[j] / z}`));
    assert.ok(Math.abs(p.reduce((a, v) => a + v, 0) - 1) <= 1e-15);
    M.logits(x, W, b, d, q).forEach((v, j) => assert.ok(Math.abs(v - o[j]) <= 1e-14));
    for (let j = 0; j < q; j++) {
      const c = M.contributions(x, W, j, d, q);
      assert.equal(c.length, d);
      c.forEach((v, i) => assert.equal(v, x[i] * W[i * q + j]));
    }
  }
});

test("decodeFloat32 and decodeUint8 read little-endian base64", () => {
  const floats = Buffer.from(new Float32Array([1.5, -2, 0.1]).buffer).toString("base64");
  assert.equal(floats, "AADAPwAAAMDNzMw9");
  assert.deepEqual(M.decodeFloat32("AADAPwAAAMDNzMw9"), [1.5, -2, Math.fround(0.1)]);
  assert.deepEqual(M.decodeUint8("AAF/gP8="), [0, 1, 127, 128, 255]);
  assert.deepEqual(M.decodeUint8(""), []);
  assert.ok(Array.isArray(M.decodeUint8("AAE=")), "a plain array: .map(v => v / 255) keeps fractions");
});

test("the constants of each dtype", () => {
  assert.equal(M.MAX.float32, 3.4028234663852886e38);
  assert.equal(M.MAX.float64, Number.MAX_VALUE);
  assert.equal(M.TINY.float32, 2 ** -126);
  assert.equal(M.EPS.float64, Number.EPSILON);
  assert.ok(same(M.round(M.MAX.float32, "float32"), M.MAX.float32));
  assert.equal(M.toFloat16(65519.99), 65504);
  assert.equal(M.toFloat16(65520), Infinity);
  assert.equal(M.toFloat16(2 ** -25), 0); // a tie between 0 and 2^-24: to even, 0
  assert.ok(same(M.toFloat16(-(2 ** -26)), -0));
});

test("bad input is a clear Error", () => {
  assert.throws(() => M.round(1, "float8"), /dtype must be float16, float32 or float64, got 'float8'/);
  assert.throws(() => M.softmax([1, 2], "bfloat16"), /dtype must be float16, float32 or float64/);
  assert.throws(() => M.expOverflow("int32"), /dtype must be/);
  assert.throws(() => M.crossEntropy([1, 2, 3], 3, "float32"), /y must be an integer class in 0\.\.q-1 \(q = 3\), got 3/);
  assert.throws(() => M.gradient([1, 2, 3], 1.5, "float64"), /y must be an integer class/);
  assert.throws(() => M.loss([1, 2], -1, "logits", "float64"), /y must be an integer class/);
  assert.throws(() => M.loss([1, 2], 0, "fused", "float64"), /form must be naive, stable_softmax or logits, got 'fused'/);
  assert.throws(() => M.softmax([], "float64"), /o must be a non-empty array of numbers/);
  assert.throws(() => M.softmax(["1", 2], "float64"), /o must be a non-empty array of numbers/);
  assert.throws(() => M.withTemperature([1, 2], 0), /T must be a positive number, got 0/);
  assert.throws(() => M.fromFloat16Bits(65536), /bits must be an integer in 0\.\.65535/);
  assert.throws(() => M.decodeFloat32("AAAAAAA="), /multiple of 4 bytes/);
  assert.throws(() => M.logits([1, 2], [1, 2, 3], [0], 2, 1), /W must have length 2, got 3/);
  assert.throws(() => M.sgdStep([[1, 2, 3], [4, 5, 6]], [0, 0, 0], [[1, 2]], [3], 0.1), /y must be an integer class/);
});

test("with NaN weights no class is predicted and none counts as right", () => {
  const W = [[NaN, 0, 0], [0, 0, 0]];
  const b = [0, 0, 0];
  assert.equal(M.regionOf(W, b, [1, 1]), -1);
  assert.equal(M.toyLoss(W, b, [[1, 1], [2, 0]], [0, 1]).accuracy, 0);
  assert.equal(M.regionOf([[1, 0, 0], [0, 0, 0]], b, [1, 1]), 0);
});

test("nextUp steps to the neighbouring number of each dtype", () => {
  assert.equal(M.nextUp(1, "float16"), 1 + 2 ** -10);
  assert.equal(M.nextUp(1, "float32"), 1 + 2 ** -23);
  assert.equal(M.nextUp(1, "float64"), 1 + Number.EPSILON);
  assert.equal(M.nextUp(0, "float16"), 2 ** -24); // the smallest subnormal
  assert.equal(M.nextUp(65504, "float16"), 65536); // past the largest finite float16
  for (const dtype of M.DTYPES) {
    const over = M.expOverflow(dtype);
    assert.ok(Number.isFinite(M.round(Math.exp(over), dtype)));
    assert.equal(M.round(Math.exp(M.nextUp(over, dtype)), dtype), Infinity, dtype);
  }
  assert.throws(() => M.nextUp(1 + 2 ** -20, "float16"), /finite number >= 0 of the dtype/);
});

test("the entropy of a broken softmax is NaN, not 0", () => {
  assert.ok(Number.isNaN(M.entropy([0, NaN, 0])));
  assert.equal(M.entropy([1, 0, 0]), 0);
});
