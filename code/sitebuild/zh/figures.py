"""Chinese for the figures stage's fragments and figures (English -> 中文).

The stage's words: the tables and sentences of ``sitebuild.tables``, the labels
of ``sitebuild.plots`` and ``sitebuild.figures``, the names of the loss forms of
``sitebuild.measure``, and the words of the explorables' data scripts
(``sitebuild.explorables``). Fashion-MNIST's class names follow the Chinese
edition of *Dive into Deep Learning*.
"""

STRINGS: dict[str, str] = {
    # Fashion-MNIST's classes (the package's English names), in tables, sentences and figures
    "T-shirt/top": "T恤/上衣",
    "Trouser": "裤子",
    "Pullover": "套衫",
    "Dress": "连衣裙",
    "Coat": "外套",
    "Sandal": "凉鞋",
    "Shirt": "衬衫",
    "Sneaker": "运动鞋",
    "Bag": "包",
    "Ankle boot": "短靴",
    # the toy model's classes (softmax_regression.toy.CLASSES), shown by its widget
    "class 0": "类别 0",
    "class 1": "类别 1",
    "class 2": "类别 2",
    # tables.results_table
    "From scratch": "从零开始实现",
    "Concise (`torch.nn`)": "简洁实现（`torch.nn`）",
    "implementation": "实现",
    "train loss": "训练损失",
    "train accuracy": "训练准确率",
    "test loss": "测试损失",  # as sitebuild.zh.calibration has it (one entry per text)
    "test accuracy": "测试准确率",
    "seconds ({epochs} epochs)": "用时（秒，{epochs} 个迭代周期）",
    # tables.history_table
    "epoch": "迭代周期",
    "train loss (running mean)": "训练损失（周期内累计平均）",
    "train accuracy (running mean)": "训练准确率（周期内累计平均）",
    "test accuracy (end of epoch)": "测试准确率（周期结束时）",
    "seconds": "用时（秒）",
    # tables.per_class_table
    "true class": "真实类别",
    "most often predicted instead": "最常被误判为",
    "{name} ({count} of {total})": "{name}（{total} 张中有 {count} 张）",
    # tables.stability_table
    "$e^{s}$ is inf for $s >$": "$e^{s}$ 上溢为 inf：$s >$",
    "$e^{-s}$ is subnormal for $s >$": "$e^{-s}$ 为次正规数：$s >$",
    "$e^{-s}$ is 0 for $s >$": "$e^{-s}$ 下溢为 0：$s >$",
    "tolerance: {wrong_eps} eps": "容差：{wrong_eps} eps",
    "never": "无",
    "end of scan": "扫描终点",
    "loss computed by": "损失的计算方式",
    "first wrong $s$": "第一个错误的 $s$",
    "last right $s$": "最后一个正确的 $s$",
    "first $s$ with inf or nan": "第一个得到 inf 或 nan 的 $s$",
    "largest error of a finite loss": "有限损失的最大误差",
    "The scan: {scanned} values of $s$ from {scan_min} to {scan_max}, evenly spaced in log "
    "scale and rounded to the dtype, logits $[s, 0]$, true class 1. A loss is *right* when "
    "its relative error against the float64 reference $s + \\log(1 + e^{-s})$ is at most "
    "{wrong_eps} eps of its dtype, *finite but wrong* above that, and broken when it is "
    "`inf` or `nan`. Between the first wrong $s$ and the last right one, wrong and right "
    "values of $s$ can alternate.": "扫描：$s$ 取 {scanned} 个值，从 {scan_min} 到 {scan_max}，"
    "在对数尺度上均匀分布，并舍入到相应的 dtype；对数几率为 $[s, 0]$，真实类别为 1。"
    "若损失相对于 float64 参考值 $s + \\log(1 + e^{-s})$ 的相对误差不超过其 dtype 的 "
    "{wrong_eps} eps，就称它*正确*；超过这一界限时称它*有限但错误*；为 `inf` 或 `nan` "
    "时称它失效。在第一个错误的 $s$ 与最后一个正确的 $s$ 之间，错误与正确的 $s$ 可能交替出现。",
    # tables.run_sentence
    "Trained for {epochs} epochs with learning rate {lr}, minibatch size {batch_size} and "
    "seed {seed}, on a machine with {cpus} CPU cores, with PyTorch {torch} on {threads} "
    "threads.": "以学习率 {lr}、批量大小 {batch_size}、随机种子 {seed} 训练了 {epochs} 个"
    "迭代周期；所用机器有 {cpus} 个 CPU 核心，PyTorch 版本为 {torch}，使用 {threads} 个线程。",
    "Trained for {epochs} epochs with learning rate {lr}, minibatch size {batch_size} and "
    "seed {seed}, on a machine with {cpus} CPU cores, with PyTorch {torch} on {threads} "
    "thread.": "以学习率 {lr}、批量大小 {batch_size}、随机种子 {seed} 训练了 {epochs} 个"
    "迭代周期；所用机器有 {cpus} 个 CPU 核心，PyTorch 版本为 {torch}，使用 {threads} 个线程。",
    # tables.training_summary
    "After {epochs} epochs the model written from scratch classifies **{percent}** of "
    "the test images correctly (test accuracy {test_accuracy}, test loss {test_loss}). Its "
    "final weights have training loss {train_loss} and training accuracy {train_accuracy}, "
    "measured on all {num_train} training images after training; the running mean of the "
    "training loss over the first epoch was {first_loss}. The {epochs} epochs took {seconds} "
    "s.": "训练 {epochs} 个迭代周期之后，从零开始实现的模型能正确分类 **{percent}** 的测试图像"
    "（测试准确率 {test_accuracy}，测试损失 {test_loss}）。训练结束后在全部 {num_train} 张"
    "训练图像上测得，其最终权重的训练损失为 {train_loss}，训练准确率为 {train_accuracy}；"
    "第一个迭代周期内训练损失的累计平均为 {first_loss}。这 {epochs} 个迭代周期共用时 "
    "{seconds} 秒。",
    "After {epochs} epochs the concise model classifies **{percent}** of the test "
    "images correctly (test accuracy {test_accuracy}, test loss {test_loss}). Its final "
    "weights have training loss {train_loss} and training accuracy {train_accuracy}, measured "
    "on all {num_train} training images after training; the running mean of the training loss "
    "over the first epoch was {first_loss}. The {epochs} epochs took {seconds} s.": "训练 "
    "{epochs} 个迭代周期之后，简洁实现的模型能正确分类 **{percent}** 的测试图像（测试准确率 "
    "{test_accuracy}，测试损失 {test_loss}）。训练结束后在全部 {num_train} 张训练图像上测得，"
    "其最终权重的训练损失为 {train_loss}，训练准确率为 {train_accuracy}；第一个迭代周期内"
    "训练损失的累计平均为 {first_loss}。这 {epochs} 个迭代周期共用时 {seconds} 秒。",
    " After all {updates} minibatch updates its weights differ from those of the model "
    "written from scratch by at most {difference}.": "经过全部 {updates} 次小批量更新后，"
    "它的权重与从零开始实现的模型的权重相差至多 {difference}。",
    # tables.evaluation_summary
    "{name} ({count} times)": "“{name}”（{count} 次）",
    "The model is right on **{percent}** of the test images, but not evenly: it "
    "recognises {best_accuracy} of the {best} images and only {worst_accuracy} of the "
    "{worst} images, which it most often takes for {worst_taken_for}. The next hardest "
    "class, {second} ({second_accuracy}), is most often taken for {second_taken_for}.": "模型"
    "对 **{percent}** 的测试图像判断正确，但各类别之间并不均衡：它能认出 {best_accuracy} 的"
    "“{best}”图像，却只能认出 {worst_accuracy} 的“{worst}”图像，后者最常被误认为"
    "{worst_taken_for}。次难的类别是“{second}”（{second_accuracy}），最常被误认为"
    "{second_taken_for}。",
    # figures: the predictions and the mistakes
    "true: {true}\npred: {predicted}": "真实：{true}\n预测：{predicted}",
    "{label}\n({percent} sure)": "{label}\n（置信度 {percent}）",
    # plots.history_figure
    "Softmax regression from scratch": "从零开始实现 softmax 回归",
    "Concise softmax regression (torch.nn)": "softmax 回归的简洁实现（torch.nn）",
    "cross-entropy (nats)": "交叉熵（纳特）",
    "Training loss (running mean over the epoch)": "训练损失（周期内累计平均）",
    "train (running mean over the epoch)": "训练集（周期内累计平均）",
    "test (end of epoch)": "测试集（周期结束时）",
    "accuracy": "准确率",
    "Accuracy": "准确率",
    # plots.network_figure
    "inputs\n$d = {d}$ features": "输入\n$d = {d}$ 个特征",
    "fully connected layer\n$q = {q}$ logits, $o = xW + b$": "全连接层\n$q = {q}$ 个对数几率，"
    "$o = xW + b$",
    "outputs\nprobabilities": "输出\n概率",
    # plots.confusion_figure, plots.weights_figure
    "predicted class": "预测类别",
    "test images": "测试图像数",
    "weight": "权重",
    # plots.stability_figure: the states (measure.STATES), the lines, the forms (measure.FORMS)
    "right": "正确",
    "finite but wrong": "有限但错误",
    "inf or nan": "inf 或 nan",
    "$e^{-s}$ becomes subnormal": "$e^{-s}$ 成为次正规数",
    "$e^{s}$ overflows to inf": "$e^{s}$ 上溢为 inf",
    "$e^{-s}$ underflows to 0": "$e^{-s}$ 下溢为 0",
    "naive softmax, then naive loss": "朴素 softmax，再算朴素损失",
    "stable softmax, then naive loss": "稳定 softmax，再算朴素损失",
    "loss from the logits": "由对数几率直接算损失",
    "logit scale s (logits [s, 0], true class 1)": "对数几率的尺度 s（对数几率 [s, 0]，真实类别为 1）",
    "right up to s = {s}": "直到 s = {s} 都正确",
    "wrong from {s}": "自 {s} 起错误",
    "{value} from {s}": "自 {s} 起为 {value}",
    # plots.temperature_figure
    "logit $o_j$": "对数几率 $o_j$",
    "probability": "概率",
    # the explorables' data scripts
    "the concise model's final weights ({epochs} epochs, lr {lr}, batch size "
    "{batch_size}, seed {seed}; test accuracy {accuracy})": "简洁实现的模型的最终权重"
    "（{epochs} 个迭代周期，lr {lr}，批量大小 {batch_size}，随机种子 {seed}；测试准确率 "
    "{accuracy}）",
    "three_blobs({points}, seed=0) and the initial weights of "
    "SoftmaxRegressionScratch(num_inputs=2, num_outputs=3, seed=0)": "three_blobs({points}, "
    "seed=0) 的点，以及 SoftmaxRegressionScratch(num_inputs=2, num_outputs=3, seed=0) 的初始权重",
}
