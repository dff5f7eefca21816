// The widgets' words in each language: every label, button, aria-label, status
// sentence and legend the explorables show or read out. SRStrings.en and
// SRStrings.zh have the same keys, named by meaning; a sentence with values is a
// function of them (the same parameters in both languages), and a sentence with
// elements in it (an output, a subscript) is a function that returns the parts
// in the language's own order, as children for SRWidgets.el.
// SRLang.t(key, ...values) looks a key up in the page's language, read from
// <html lang> at call time: "zh" and "zh-..." give Chinese, anything else English.
// Numbers are formatted by the widgets (SRWidgets.format, percent) and passed in.
// A classic script (no ES module): it also works from file://. Defines SRStrings
// and SRLang; loaded after common.js and before the widgets.
(function (root) {
  "use strict";

  /** The Fashion-MNIST classes in Chinese (the glossary's names), by the data's English names. */
  const FASHION_ZH = {
    "T-shirt/top": "T恤/上衣",
    Trouser: "裤子",
    Pullover: "套衫",
    Dress: "连衣裙",
    Coat: "外套",
    Sandal: "凉鞋",
    Shirt: "衬衫",
    Sneaker: "运动鞋",
    Bag: "包",
    "Ankle boot": "短靴",
  };

  const en = {
    // ---- common.js ----
    widgetFailed: (reason) => `This interactive widget could not start (${reason}).`,
    noWidget: (name) => `no widget named "${name}"`,
    mathMissing: "SoftmaxMath (javascripts/explorables/softmax_math.js) is not loaded",
    /** A class name from a data script, as the page shows it. */
    className: (name) => name,

    // ---- softmax_widget.js: the softmax playground ----
    softmaxNote:
      "Emulated arithmetic: the inputs and the result of every +, \u2212, \u00d7, /, exp and log are " +
      "computed in float64 and rounded to the chosen type: float32 with Math.fround; float16 via " +
      "float32 then an exact round-to-nearest-even, as PyTorch converts; PyTorch's own float16 and " +
      "float32 kernels may differ from this by a rounding (they accumulate sums in float32). The " +
      "exact loss is computed in float64, by the stable formula, from the same rounded logits.",
    forms: {
      naive: "naive softmax, then naive loss",
      stable_softmax: "stable softmax, then naive loss",
      logits: "loss from the logits",
    },
    /** SoftmaxMath.state's names, as said in the summary a screen reader hears. */
    states: { right: "right", "finite but wrong": "finite but wrong", "inf or nan": "inf or nan" },
    wrongWithError: (error) => `finite but wrong (relative error ${error})`,
    asNumber: (name) => `${name}, as a number`,
    classNumber: (i) => `class ${i}`,
    trueClassNumber: (i) => `class ${i} (y)`,
    addLogit: "Add a logit",
    removeLogit: "Remove the last logit",
    logitAria: (i) => `logit o${i}`,
    trueClassY: "true class y",
    barsRange: (low, high) => `bars from ${low} to ${high}`,
    nats: (h) => `${h} nats`,
    largestScaled: (x) => ` Here the largest scaled logit, max(o/T), is ${x}.`,
    summaryFull: (loss, state, y, p) => `Cross-entropy ${loss}, ${state}; probability of the true class ${y}: ${p}.`,
    temperatureT: "temperature T",
    logitsLegend: "Logits o (slider from \u221220 to 20; type any number in the field)",
    precision: "precision",
    lossForm: "form of the loss",
    statusFull: (sub, loss, exact, state) =>
      ["Cross-entropy \u2212log \u0177", sub, " with \u0177 = softmax(o/T): ", loss, " (exact ", exact, "): ", state],
    probabilitiesCaption: "Probabilities \u0177 = softmax(o/T)",
    gradientCaption: (range) => ["\u2202\u2113/\u2202o = (\u0177 \u2212 onehot(y)) / T (", range, ")"],
    entropyLine: (entropy, logsumexp) => ["Entropy of \u0177: ", entropy, "; LogSumExp g(o/T) = ", logsumexp, "."],
    threshold: (dtype, over, overNext, under, underNext) =>
      `In ${dtype}, the largest x with finite exp(x) is ${over}; exp overflows to inf ` +
      `from the next ${dtype}, ${overNext}. The most negative x with ` +
      `exp(x) > 0 is ${under}; exp underflows to 0 from the next ${dtype} below, ${underNext}.`,
    scaleS: "scale s",
    presetOverflowBelow: "largest s with finite exp(s)",
    presetOverflowAbove: "next s: exp(s) overflows",
    presetUnderflowBelow: "largest s with exp(\u2212s) > 0",
    presetUnderflowAbove: "next s: exp(\u2212s) underflows to 0",
    preset: (text, s) => `${text} (s = ${s})`,
    summarySmall: (loss, exact, state) => `Loss ${loss}, exact ${exact}: ${state}.`,
    jumpToThreshold: "jump to a threshold",
    logitsLine: (logits) => ["Logits [s, 0] as the type stores them: ", logits, "; true class 1."],
    statusSmall: (loss, exact, state) => ["Loss ", loss, " (exact ", exact, "): ", state],

    // ---- model_widget.js and model_canvas.js: the trained model ----
    modelDataMissing: "the model's data (generated/explorable_model.js) is not on the page",
    modelSource: (source) => `Model: ${source}.`,
    allImages: (n) => `all images (${n})`,
    mistakes: (n) => `the model's mistakes (${n})`,
    classCount: (name, n) => `${name} (${n})`,
    imageOption: (k, name, index, takenFor) =>
      `#${k} ${name} (test image ${index})${takenFor ? `, taken for ${takenFor}` : ""}`,
    show: "Show",
    image: "Image",
    previous: "\u25c0 Previous",
    next: "Next \u25b6",
    previousImage: "Previous image",
    nextImage: "Next image",
    probabilitiesGroup: "The ten probabilities; press a class to see its weights",
    predictedLine: (predicted, probability) => ["Predicted: ", predicted, probability],
    predictedShare: (p) => `, ${p}`,
    trueMark: " \u2713 true",
    predictedClass: "the predicted class",
    predictedClassNamed: (name) => `the predicted class (${name})`,
    classOption: (j, name) => `${j}: ${name}`,
    weightsCaption: (w) => ["weights ", ...w],
    contributionsCaption: (x, W) => ["contributions ", ...x, " ", ...W, ", pixel by pixel"],
    classJ: "Class j",
    showing: (chosen) => ["showing ", chosen],
    chosenName: (j, name) => `j = ${j}, ${name}`,
    mapKey:
      "Red is positive and raises the logit where the pixel is bright, blue is negative and lowers it, " +
      "the background colour is 0. The weights share one range (the largest |W| over all classes); " +
      "the contributions have their own.",
    weightsLabel: (name) => `The weights of class ${name} as a 28 by 28 image`,
    contributionsLabel: (name) => `The pixels' contributions to the logit of ${name}`,
    logitLine: (o, b, name, numbers, logit) =>
      ["The logit ", ...o, ` (${name}) = sum of the contributions + `, ...b, ` = ${numbers} = `, logit],
    canvasLabel: "The image, 28 by 28 pixels: draw on it",
    drawingCanvas: "drawing canvas",
    clear: "Clear",
    yourDrawing: "Your drawing",
    testImage: (index) => `Test image ${index}`,
    testImageNamed: (index, name) => `Test image ${index} (${name})`,
    noTrueClass: " (no true class)",
    trueClassIs: (name) => `, true class: ${name}`,
    startFrom: (index) => `Start from test image ${index}`,
    drawHint:
      "Draw with the mouse, a finger or a pen; drawing on a test image starts a new drawing. " +
      "Keyboard: focus the canvas, move the square with the arrow keys and paint with Space " +
      "(hold Space while moving to draw a line).",
    modelSummary: (what, name, p) => `${what}: predicted ${name}, ${p}.`,

    // ---- toy_widget.js and toy_plot.js: the 2-D classifier ----
    toyDataMissing: "the toy data (generated/explorable_toy.js) is not loaded",
    toyNote:
      "Each step is one gradient step on the mean loss over all the current points (full " +
      "batch); the page's train_toy takes minibatches of 32. The loss is the mean " +
      "cross-entropy over the current points, in float64.",
    toyHint:
      "Click or tap empty space to add a point, drag a point to move it. Keyboard: arrow " +
      "keys move the crosshair (Shift: faster), Enter adds a point, Space picks up the " +
      "nearest point and puts it down again, Delete removes it.",
    learningRate: "learning rate",
    learningRateValue: (lr) => `learning rate ${lr}`,
    shapes: ["circles", "squares", "triangles"],
    classWithShape: (name, shape) => `${name} (${shape})`,
    addPointsOf: "add points of class",
    weightRow: (n, x) => `W row ${n} (${x})`,
    currentWeights: "The current weights",
    oneStep: "One step",
    run: "Run",
    pause: "Pause",
    reset: "Reset",
    removeLastPoint: "Remove last point",
    planeLabel: "The plane: the points, the decision regions and the boundary lines",
    lossAfterEachStep: "loss after each step",
    statStep: "step",
    statLoss: "loss",
    statAccuracy: "accuracy",
    statPoints: "points",
    resetDone: "Reset to the exported points and initial weights.",
    removedLast: (name) => `Removed the last point (${name}).`,
    toyScores: (step, loss, accuracy, n) => `Step ${step}: loss ${loss}, accuracy ${accuracy} on ${n} points.`,
    sentences: (first, second) => `${first} ${second}`,
    notFinite: "The weights are no longer finite numbers: Reset to start again.",
    noPoints: "No points left: add some to train on.",
    inRegion: (name) => `, in the region of ${name}`,
    noRegion: ", where no class is predicted",
    pointAdded: (name, place, region) => `Added a point of ${name} at ${place}${region}.`,
    pointMoved: (name, place, region) => `Moved a point of ${name} at ${place}${region}.`,
    pointClicked: (name, place, region) => `Clicked a point of ${name} at ${place}${region}.`,
    putDownPlain: "Put the point down.",
    crosshairAt: (place, region) => `Crosshair at ${place}${region}.`,
    carrying: (name, place, region) => `Carrying a point of ${name} at ${place}${region}.`,
    noPointNear: "No point near the crosshair.",
    pickedUp: (name) => `Picked up a point of ${name}: the arrow keys move it, Space puts it down.`,
    putDown: (name, place, region) => `Put down the point of ${name} at ${place}${region}.`,
    removedPoint: (name) => `Removed a point of ${name}.`,
    tintLegend: "tint: the class predicted there",
    lossCurveLabel: (first, last, n) => `Loss curve: ${first} at step 0, ${last} at step ${n}.`,
    stepN: (n) => `step ${n}`,
    atStep: (value, n) => `${value} at step ${n}`,
  };

  const zh = {
    // ---- common.js ----
    widgetFailed: (reason) => `这个交互组件无法启动（${reason}）。`,
    noWidget: (name) => `没有名为“${name}”的组件`,
    mathMissing: "SoftmaxMath（javascripts/explorables/softmax_math.js）没有加载",
    className: (name) => FASHION_ZH[name] || String(name).replace(/^class (\d+)$/, "类别 $1"),

    // ---- softmax_widget.js ----
    softmaxNote:
      "模拟的运算：输入以及每次 +、\u2212、\u00d7、/、exp 和 log 的结果都先在 float64 中计算，再舍入到所选类型：" +
      "float32 用 Math.fround；float16 先转成 float32，再精确地就近舍入（恰在中点时取偶数），与 PyTorch 的转换方式相同；" +
      "PyTorch 自己的 float16 和 float32 内核可能与此相差一次舍入（它们在 float32 中累加求和）。" +
      "精确损失在 float64 中用稳定的公式计算，所用的是同样舍入后的对数几率。",
    forms: {
      naive: "朴素 softmax，再算朴素损失",
      stable_softmax: "稳定 softmax，再算朴素损失",
      logits: "由对数几率直接算损失",
    },
    states: { right: "正确", "finite but wrong": "有限但错误", "inf or nan": "inf 或 nan" },
    wrongWithError: (error) => `有限但错误（相对误差 ${error}）`,
    asNumber: (name) => `${name}（数值输入）`,
    classNumber: (i) => `类别 ${i}`,
    trueClassNumber: (i) => `类别 ${i}（y）`,
    addLogit: "添加一个对数几率",
    removeLogit: "移除最后一个对数几率",
    logitAria: (i) => `对数几率 o${i}`,
    trueClassY: "真实类别 y",
    barsRange: (low, high) => `条形范围为 ${low} 到 ${high}`,
    nats: (h) => `${h} 纳特`,
    largestScaled: (x) => `此处缩放后最大的对数几率 max(o/T) 为 ${x}。`,
    summaryFull: (loss, state, y, p) => `交叉熵 ${loss}，${state}；真实类别 ${y} 的概率：${p}。`,
    temperatureT: "温度 T",
    logitsLegend: "对数几率 o（滑块范围为 \u221220 到 20；输入框中可以键入任意数）",
    precision: "精度",
    lossForm: "损失的计算方式",
    statusFull: (sub, loss, exact, state) =>
      ["交叉熵 \u2212log \u0177", sub, "，其中 \u0177 = softmax(o/T)：", loss, "（精确值 ", exact, "）：", state],
    probabilitiesCaption: "概率 \u0177 = softmax(o/T)",
    gradientCaption: (range) => ["梯度 \u2202\u2113/\u2202o = (\u0177 \u2212 onehot(y)) / T（", range, "）"],
    entropyLine: (entropy, logsumexp) => ["\u0177 的熵：", entropy, "；LogSumExp g(o/T) = ", logsumexp, "。"],
    threshold: (dtype, over, overNext, under, underNext) =>
      `在 ${dtype} 中，使 exp(x) 有限的最大 x 是 ${over}；从下一个 ${dtype} 数 ${overNext} 起，exp 上溢为 inf。` +
      `使 exp(x) > 0 的最小的 x 是 ${under}；从比它小的下一个 ${dtype} 数 ${underNext} 起，exp 下溢为 0。`,
    scaleS: "尺度 s",
    presetOverflowBelow: "exp(s) 有限的最大 s",
    presetOverflowAbove: "下一个 s：exp(s) 上溢",
    presetUnderflowBelow: "exp(\u2212s) > 0 的最大 s",
    presetUnderflowAbove: "下一个 s：exp(\u2212s) 下溢为 0",
    preset: (text, s) => `${text}（s = ${s}）`,
    summarySmall: (loss, exact, state) => `损失 ${loss}，精确值 ${exact}：${state}。`,
    jumpToThreshold: "跳到阈值",
    logitsLine: (logits) => ["以该类型存储的对数几率 [s, 0]：", logits, "；真实类别为 1。"],
    statusSmall: (loss, exact, state) => ["损失 ", loss, "（精确值 ", exact, "）：", state],

    // ---- model_widget.js and model_canvas.js ----
    modelDataMissing: "页面上没有模型的数据（generated/explorable_model.js）",
    modelSource: (source) => `模型：${String(source).replace(/[。.]$/, "")}。`,
    allImages: (n) => `全部图像（${n}）`,
    mistakes: (n) => `模型分错的图像（${n}）`,
    classCount: (name, n) => `${name}（${n}）`,
    imageOption: (k, name, index, takenFor) =>
      `#${k} ${name}（测试图像 ${index}）${takenFor ? `，被误认为“${takenFor}”` : ""}`,
    show: "显示",
    image: "图像",
    previous: "\u25c0 上一张",
    next: "下一张 \u25b6",
    previousImage: "上一张图像",
    nextImage: "下一张图像",
    probabilitiesGroup: "十个概率；点击一个类别即可查看它的权重",
    predictedLine: (predicted, probability) => ["预测：", predicted, probability],
    predictedShare: (p) => `，${p}`,
    trueMark: " \u2713 真实",
    predictedClass: "预测的类别",
    predictedClassNamed: (name) => `预测的类别（${name}）`,
    classOption: (j, name) => `${j}：${name}`,
    weightsCaption: (w) => ["权重 ", ...w],
    contributionsCaption: (x, W) => ["逐像素的贡献 ", ...x, " ", ...W],
    classJ: "类别 j",
    showing: (chosen) => ["当前显示 ", chosen],
    chosenName: (j, name) => `j = ${j}，${name}`,
    mapKey:
      "红色为正，在像素亮的地方提高对数几率；蓝色为负，降低对数几率；背景色表示 0。" +
      "各类别的权重共用一个范围（所有类别中最大的 |W|）；贡献图各用自己的范围。",
    weightsLabel: (name) => `类别“${name}”的权重，显示为 28×28 的图像`,
    contributionsLabel: (name) => `各像素对“${name}”的对数几率的贡献`,
    logitLine: (o, b, name, numbers, logit) =>
      ["对数几率 ", ...o, `（${name}）= 各贡献之和 + `, ...b, ` = ${numbers} = `, logit],
    canvasLabel: "图像，28×28 像素：可以在上面绘制",
    drawingCanvas: "绘图画布",
    clear: "清空",
    yourDrawing: "你画的图",
    testImage: (index) => `测试图像 ${index}`,
    testImageNamed: (index, name) => `测试图像 ${index}（${name}）`,
    noTrueClass: "（没有真实类别）",
    trueClassIs: (name) => `，真实类别：${name}`,
    startFrom: (index) => `从测试图像 ${index} 开始绘制`,
    drawHint:
      "用鼠标、手指或触控笔绘制；在测试图像上绘制会开始一幅新的绘图。" +
      "键盘：让画布获得焦点，用方向键移动方块，按空格键涂色（按住空格键的同时移动可以画出一条线）。",
    modelSummary: (what, name, p) => `${what}：预测为“${name}”，${p}。`,

    // ---- toy_widget.js and toy_plot.js ----
    toyDataMissing: "二维分类器的数据（generated/explorable_toy.js）没有加载",
    toyNote:
      "每一步都是在当前所有点的平均损失上做一次梯度下降（全批量）；页面上的 train_toy 使用大小为 32 的小批量。" +
      "损失是当前各点交叉熵的平均值，在 float64 中计算。",
    toyHint:
      "单击或轻触空白处可以添加一个点，拖动一个点可以移动它。键盘：方向键移动十字准星（按住 Shift 移动得更快），" +
      "Enter 键添加一个点，空格键拿起最近的点、再按一次放下，Delete 键删除它。",
    learningRate: "学习率",
    learningRateValue: (lr) => `学习率 ${lr}`,
    shapes: ["圆形", "方形", "三角形"],
    classWithShape: (name, shape) => `${name}（${shape}）`,
    addPointsOf: "新添加的点属于",
    weightRow: (n, x) => `W 第 ${n} 行（${x}）`,
    currentWeights: "当前的权重",
    oneStep: "单步",
    run: "运行",
    pause: "暂停",
    reset: "重置",
    removeLastPoint: "移除最后一个点",
    planeLabel: "平面：各个点、决策区域和边界线",
    lossAfterEachStep: "每一步之后的损失",
    statStep: "步数",
    statLoss: "损失",
    statAccuracy: "准确率",
    statPoints: "点数",
    resetDone: "已重置为导出的点和初始权重。",
    removedLast: (name) => `已移除最后一个点（${name}）。`,
    toyScores: (step, loss, accuracy, n) => `第 ${step} 步：在 ${n} 个点上，损失 ${loss}，准确率 ${accuracy}。`,
    sentences: (first, second) => `${first}${second}`,
    notFinite: "权重已不再是有限数：请重置后重新开始。",
    noPoints: "已经没有点了：请添加一些点再训练。",
    inRegion: (name) => `，位于“${name}”的区域内`,
    noRegion: "，此处没有预测任何类别",
    pointAdded: (name, place, region) => `在 ${place} 处添加了一个“${name}”的点${region}。`,
    pointMoved: (name, place, region) => `把一个“${name}”的点移到了 ${place}${region}。`,
    pointClicked: (name, place, region) => `单击了 ${place} 处一个“${name}”的点${region}。`,
    putDownPlain: "已放下这个点。",
    crosshairAt: (place, region) => `十字准星位于 ${place}${region}。`,
    carrying: (name, place, region) => `正拿着一个“${name}”的点，位于 ${place}${region}。`,
    noPointNear: "十字准星附近没有点。",
    pickedUp: (name) => `拿起了一个“${name}”的点：方向键移动它，空格键放下它。`,
    putDown: (name, place, region) => `把“${name}”的点放在了 ${place}${region}。`,
    removedPoint: (name) => `移除了一个“${name}”的点。`,
    tintLegend: "底色：该处预测的类别",
    lossCurveLabel: (first, last, n) => `损失曲线：第 0 步为 ${first}，第 ${n} 步为 ${last}。`,
    stepN: (n) => `第 ${n} 步`,
    atStep: (value, n) => `第 ${n} 步为 ${value}`,
  };

  const SRStrings = { en, zh };

  /** The page's language: "zh" when <html lang> starts with "zh" (zh, zh-CN, ...), else "en". */
  function language() {
    const doc = root.document;
    const lang = String((doc && doc.documentElement && doc.documentElement.lang) || "").toLowerCase();
    return lang.startsWith("zh") ? "zh" : "en";
  }

  /**
   * The words for `key` in the page's language: a string, an object or an array
   * as stored, or, for a function, its value for `values`.
   * @param {string} key
   * @param {...*} values
   * @returns {*}
   */
  function t(key, ...values) {
    const table = SRStrings[language()];
    if (!Object.prototype.hasOwnProperty.call(table, key)) throw new Error(`no string "${key}"`);
    const entry = table[key];
    return typeof entry === "function" ? entry(...values) : entry;
  }

  /** A class name from a data script (Fashion-MNIST's or "class 0"), in the page's language. */
  const className = (name) => t("className", name);

  root.SRStrings = SRStrings;
  root.SRLang = { language, t, className };
})(window);
