// The widgets' words (docs/javascripts/explorables/strings.js): both languages have
// the same keys and the same sentence functions, every key a widget looks up exists
// (and every key is looked up somewhere), the Chinese is Chinese, and the language
// follows <html lang>. Run with `node --test tests/js/` from the repository root.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const FOLDER = path.join(__dirname, "..", "..", "docs", "javascripts", "explorables");
const SOURCE = fs.readFileSync(path.join(FOLDER, "strings.js"), "utf8");
/** The scripts that show words: everything in the folder but the math (no words) and strings.js. */
const WIDGETS = ["common.js", "softmax_widget.js", "model_widget.js", "model_canvas.js", "toy_widget.js", "toy_plot.js"];
const MODEL_DATA = path.join(__dirname, "..", "..", "docs", "generated", "explorable_model.js");

/** strings.js run in a page whose <html lang> is `lang`: its SRStrings and SRLang. */
function load(lang) {
  const window = { document: { documentElement: { lang } } };
  window.window = window;
  vm.runInNewContext(SOURCE, window, { filename: "strings.js" });
  return window;
}

const { SRStrings } = load("en");
const { en, zh } = SRStrings;

/** A key's entry as plain text: a function called with `args`, arrays and objects joined. */
function render(entry, args) {
  const value = typeof entry === "function" ? entry(...args) : entry;
  if (Array.isArray(value)) return value.map((part) => render(part, args)).join("");
  if (value && typeof value === "object") return Object.values(value).map((part) => render(part, args)).join(" ");
  return String(value);
}

/** Arguments to render a sentence function with: a value per parameter. */
function sample(key, entry) {
  if (key === "className") return ["Trouser"];
  return Array.from({ length: typeof entry === "function" ? entry.length : 0 }, (_, i) => String(i + 1));
}

/** Each lookup `t("key"` in a widget script, with the file it is in. */
function lookups() {
  const found = [];
  for (const file of WIDGETS) {
    const text = fs.readFileSync(path.join(FOLDER, file), "utf8");
    for (const match of text.matchAll(/\bt\(\s*(\S)/g)) {
      const rest = text.slice(match.index + match[0].length - 1);
      const key = /^"([A-Za-z0-9_]+)"/.exec(rest);
      found.push({ file, key: key ? key[1] : null, at: rest.slice(0, 40) });
    }
  }
  return found;
}

const HAN = /\p{Script=Han}/u;
const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
/**
 * The Latin words the Chinese keeps, as the style guide asks: code, type and API
 * names, math functions, file names and key names. Any other Latin word in the
 * Chinese table is English left behind.
 */
const LATIN_IN_CHINESE = new Set([
  "softmax", "float16", "float32", "float64", "exp", "log", "max", "inf", "nan", "onehot",
  "LogSumExp", "PyTorch", "Math", "fround", "train_toy", "SoftmaxMath",
  "javascripts", "explorables", "softmax_math", "js", "generated", "explorable_model", "explorable_toy",
  "Shift", "Enter", "Delete",
]);
/** Latin words of two letters or more (identifiers whole: train_toy, float32; not symbols as o1). */
const latinWords = (text) =>
  (text.match(/[A-Za-z][A-Za-z0-9_]*/g) || []).filter((word) => word.replace(/[^A-Za-z]/g, "").length >= 2);

test("both languages have the same keys, of the same kind", () => {
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  for (const key of Object.keys(en)) {
    const [a, b] = [en[key], zh[key]];
    assert.equal(typeof b, typeof a, key);
    assert.equal(Array.isArray(b), Array.isArray(a), key);
    if (typeof a === "function") assert.equal(b.length, a.length, `${key}: the same number of values`);
    else if (Array.isArray(a)) assert.equal(b.length, a.length, key);
    else if (typeof a === "object") assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort(), key);
    else assert.equal(typeof a, "string", key);
  }
  console.log(`${Object.keys(en).length} keys in each language`);
});

test("every sentence function uses every value it is given, in both languages", () => {
  for (const key of Object.keys(en)) {
    if (typeof en[key] !== "function" || key === "className") continue;
    for (const [lang, table] of [["en", en], ["zh", zh]]) {
      const args = Array.from({ length: table[key].length }, (_, i) => `\u27e8${i}\u27e9`);
      const text = render(table[key], args);
      for (const arg of args) assert.ok(text.includes(arg), `${lang}.${key} leaves out ${arg}: ${text}`);
    }
  }
});

test("every key a widget looks up exists, and every key is looked up", () => {
  const found = lookups();
  assert.ok(found.length > 100, `only ${found.length} lookups found`);
  const computed = found.filter((f) => f.key === null);
  assert.deepEqual(computed, [], "a lookup whose key is not a string literal (the scan cannot check it)");
  for (const { file, key } of found) {
    assert.ok(Object.hasOwn(en, key), `${file} looks up "${key}", which strings.js does not have`);
  }
  const used = new Set(found.map((f) => f.key));
  for (const match of SOURCE.matchAll(/\bt\("([A-Za-z0-9_]+)"/g)) used.add(match[1]); // className
  const unused = Object.keys(en).filter((key) => !used.has(key));
  assert.deepEqual(unused, [], "keys no widget looks up");
});

test("the Chinese strings are Chinese, with no English word left", () => {
  // joins two sentences; its words are the sentences'
  const NO_WORDS_OF_THEIR_OWN = new Set(["sentences"]);
  for (const key of Object.keys(zh)) {
    if (NO_WORDS_OF_THEIR_OWN.has(key)) continue;
    const text = render(zh[key], sample(key, zh[key]));
    assert.match(text, CJK, `zh.${key} has no Chinese: ${text}`);
    const english = latinWords(text).filter((word) => !LATIN_IN_CHINESE.has(word));
    assert.deepEqual(english, [], `zh.${key} keeps English words: ${text}`);
  }
  // the words themselves, not only punctuation, for every entry without values
  for (const key of Object.keys(zh)) {
    if (typeof zh[key] === "function") continue;
    for (const part of [].concat(typeof zh[key] === "object" ? Object.values(zh[key]) : zh[key])) {
      assert.match(part, HAN, `zh.${key}: ${part}`);
    }
  }
});

test("the English strings are the English page's words, and differ from the Chinese", () => {
  for (const key of Object.keys(en)) {
    if (key === "className" || key === "sentences") continue;
    const args = sample(key, en[key]);
    const text = render(en[key], args);
    assert.doesNotMatch(text, CJK, `en.${key}: ${text}`);
    assert.notEqual(render(zh[key], args), text, `zh.${key} is the English`);
  }
});

test("class names: the glossary's Chinese for Fashion-MNIST and the toy's classes", () => {
  const { SRLang } = load("zh");
  const names = fs.existsSync(MODEL_DATA)
    ? JSON.parse(/"classes":(\[[^\]]*\])/.exec(fs.readFileSync(MODEL_DATA, "utf8"))[1])
    : ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
  assert.equal(names.length, 10);
  const chinese = names.map(SRLang.className);
  assert.ok(chinese.every((name) => HAN.test(name)), chinese.join(", "));
  assert.equal(new Set(chinese).size, 10);
  assert.deepEqual(chinese.slice(0, 2), ["T恤/上衣", "裤子"]);
  assert.equal(SRLang.className("Ankle boot"), "短靴");
  assert.deepEqual(["class 0", "class 1", "class 2"].map(SRLang.className), ["类别 0", "类别 1", "类别 2"]);
  assert.equal(SRLang.className("连衣裙"), "连衣裙", "a name already in Chinese stays");
  const english = load("en").SRLang;
  assert.deepEqual(names.map(english.className), names);
});

test("the language follows <html lang>, read at each lookup", () => {
  for (const lang of ["zh", "zh-CN", "zh-Hans", "ZH-cn"]) assert.equal(load(lang).SRLang.language(), "zh", lang);
  for (const lang of ["en", "", "en-GB", "fr", undefined]) assert.equal(load(lang).SRLang.language(), "en", String(lang));
  const page = load("en");
  assert.equal(page.SRLang.t("run"), "Run");
  assert.equal(page.SRLang.t("toyScores", 3, "0.5", "90%", 300), "Step 3: loss 0.5, accuracy 90% on 300 points.");
  page.document.documentElement.lang = "zh";
  assert.equal(page.SRLang.t("run"), "运行");
  assert.equal(page.SRLang.t("toyScores", 3, "0.5", "90%", 300), "第 3 步：在 300 个点上，损失 0.5，准确率 90%。");
  assert.throws(() => page.SRLang.t("no such key"), /no string "no such key"/);
});
