"""Chinese for the generalization stage's fragments and figures (English -> 中文)."""

STRINGS: dict[str, str] = {
    # lists and ranges
    "{low} to {high}": "{low} 至 {high}",
    "{first} and {then}": "{first} 和 {then}",
    "; ": "；",
    "twice": "两次",
    "three times": "三次",
    "{count} times": "{count} 次",
    # generalization_widths.md
    "normal approximation": "正态近似",
    "the central limit theorem, and $\\hat a$ for $a$ in the variance": (
        "中心极限定理，并在方差中以 $\\hat a$ 代替 $a$"
    ),
    "Wilson": "Wilson 区间",
    "the central limit theorem": "中心极限定理",
    "Hoeffding": "Hoeffding 不等式",
    "independence of the $a^{(i)}$; the model fixed before the test set "
    "(it was chosen on validation)": (
        "各 $a^{(i)}$ 相互独立；模型在查看测试集之前已经固定（它是在验证集上选出的）"
    ),
    "*what if* (Hoeffding and the union bound, $m = {m}$, as many as the "
    "checkpoints of the runs): had $m$ models been compared on the test set": (
        "*假设情形*（Hoeffding 不等式加联合界，$m = {m}$，即各次运行的检查点总数）："
        "假如曾在测试集上比较 $m$ 个模型"
    ),
    "*what if* (Hoeffding and the union bound, $m = {m}$): had $m$ models been "
    "compared on the test set": (
        "*假设情形*（Hoeffding 不等式加联合界，$m = {m}$）：假如曾在测试集上比较 $m$ 个模型"
    ),
    "independence of the $a^{(i)}$; the $m$ models fixed before the test set": (
        "各 $a^{(i)}$ 相互独立；$m$ 个模型在查看测试集之前已经固定"
    ),
    "error bar": "误差棒",
    "rests on": "依赖的条件",
    "radius at $n = {n}$ (points)": "$n = {n}$ 时的半径（百分点）",
    "95% interval for the test accuracy {acc}": "测试准确率 {acc} 的 95% 区间",
    # generalization_runs.md
    "passes run": "运行的遍数",
    "best checkpoint by validation (after passes)": "验证准确率最高的检查点（所经遍数）",
    "validation accuracy there": "该处的验证准确率",
    "training accuracy there": "该处的训练准确率",
    "validation accuracy, last checkpoint": "最后一个检查点的验证准确率",
    "training accuracy, last checkpoint": "最后一个检查点的训练准确率",
    "training loss, last checkpoint": "最后一个检查点的训练损失",
    "Each run had a budget of {passes} passes, so its checkpoints are the models "
    "after 0 to {last} passes.": (
        "每次运行的预算是 {passes} 遍，所以它的检查点是经过 0 到 {last} 遍之后的模型。"
    ),
    "Without a penalty, the training accuracy minus the validation accuracy is "
    "{g1} points after {k1} passes, {g2} after {k2} and {g3} after {k3}: "
    "the gap grows.": (
        "不加惩罚时，训练准确率减去验证准确率在 {k1} 遍后是 {g1} 个百分点，"
        "{k2} 遍后是 {g2}，{k3} 遍后是 {g3}：差距在增大。"
    ),
    "Without a penalty, the training accuracy minus the validation accuracy is "
    "{g1} points after {k1} passes, {g2} after {k2} and {g3} after {k3}.": (
        "不加惩罚时，训练准确率减去验证准确率在 {k1} 遍后是 {g1} 个百分点，"
        "{k2} 遍后是 {g2}，{k3} 遍后是 {g3}。"
    ),
    "With $\\lambda = {decay}$, over the last {window} passes the training loss "
    "fell by {fall} and the validation accuracy stayed within {spread} points.": (
        "$\\lambda = {decay}$ 时，在最后 {window} 遍中，训练损失下降了 {fall}，"
        "验证准确率的变动不超过 {spread} 个百分点。"
    ),
    "With $\\lambda = {decay}$, over the last {window} passes the penalized "
    "objective fell by {fall} and the validation accuracy stayed within {spread} "
    "points.": (
        "$\\lambda = {decay}$ 时，在最后 {window} 遍中，带惩罚的目标函数下降了 {fall}，"
        "验证准确率的变动不超过 {spread} 个百分点。"
    ),
    "The best validation accuracies of the two runs differ by {difference} points. "
    "Their two checkpoints disagree on {disagreements} of the {n} validation images, "
    "which puts the standard error of that difference at {se} points.": (
        "两次运行的最佳验证准确率相差 {difference} 个百分点。这两个检查点在 {n} 张验证图像中的 "
        "{disagreements} 张上预测不同，由此算出这个差值的标准误差为 {se} 个百分点。"
    ),
    # generalization_setup.md
    "The build step runs L-BFGS on the {num_train} training images {times}, each "
    "with the same budget of {passes} passes: without a penalty, $\\lambda = 0$, "
    "where only stopping early can brake, and with {penalized}. For comparison, it "
    "also trains with the book's recipe on the same training part, watching the "
    "validation set: its {epochs} epochs are {epochs} passes.": (
        "构建步骤在 {num_train} 张训练图像上运行 L-BFGS {times}，每次的预算都是同样的 "
        "{passes} 遍：一次不加惩罚，即 $\\lambda = 0$，这时只有提前停止能起制动作用；"
        "其余的运行取 {penalized}。作为对照，它还在同一训练部分上用原书的做法训练，"
        "并观察验证集：其 {epochs} 个迭代周期就是 {epochs} 遍。"
    ),
    # generalization_chosen.md
    "The validation set picks $\\lambda = {decay}$ and the checkpoint after {passes} "
    "passes (validation accuracy {valid}).": (
        "验证集选出 $\\lambda = {decay}$ 和经过 {passes} 遍后的检查点（验证准确率 {valid}）。"
    ),
    "That is within the last {window} passes of the budget: a longer run might "
    "find a slightly better checkpoint.": (
        "它落在预算的最后 {window} 遍之内：运行得更久，也许能找到稍好一些的检查点。"
    ),
    "On the test set, used once, now, this model is right on **{test}** of the {n} "
    "images: 95% interval [{low}, {high}] (Wilson), standard error {se} points. Its "
    "training accuracy is {train}.": (
        "在测试集上（只用这一次，就在此刻），这个模型在 {n} 张图像中答对了 **{test}**："
        "95% 区间为 [{low}, {high}]（Wilson 区间），标准误差为 {se} 个百分点。"
        "它的训练准确率是 {train}。"
    ),
    # generalization_book.md
    "The book's recipe on the same {n} images ({epochs} epochs of minibatch SGD, "
    "learning rate {lr}, batch size {batch_size}: {epochs} passes of {steps} steps "
    "each) ends with validation accuracy {valid} (its best epoch by validation is its "
    "last: it was still improving when it stopped), training accuracy {train} and "
    "test accuracy {test}.": (
        "原书的做法在同样的 {n} 张图像上（小批量 SGD 训练 {epochs} 个迭代周期，学习率 {lr}，"
        "批量大小 {batch_size}：共 {epochs} 遍，每遍 {steps} 步）最终验证准确率为 {valid}"
        "（按验证集，它最好的迭代周期就是最后一个：停止时它仍在进步），训练准确率为 "
        "{train}，测试准确率为 {test}。"
    ),
    "The book's recipe on the same {n} images ({epochs} epochs of minibatch SGD, "
    "learning rate {lr}, batch size {batch_size}: {epochs} passes of {steps} steps "
    "each) ends with validation accuracy {valid} (its best epoch by validation is "
    "epoch {best_epoch}, at {best}), training accuracy {train} and test accuracy "
    "{test}.": (
        "原书的做法在同样的 {n} 张图像上（小批量 SGD 训练 {epochs} 个迭代周期，学习率 {lr}，"
        "批量大小 {batch_size}：共 {epochs} 遍，每遍 {steps} 步）最终验证准确率为 {valid}"
        "（按验证集，它最好的迭代周期是第 {best_epoch} 个，验证准确率 {best}），"
        "训练准确率为 {train}，测试准确率为 {test}。"
    ),
    "After as many passes, {passes}, L-BFGS without a penalty is at validation accuracy {valid}.": (
        "经过同样多的遍数（{passes} 遍），不加惩罚的 L-BFGS 的验证准确率为 {valid}。"
    ),
    "The L-BFGS model chosen below, after {passes} passes, is {points} points more "
    "accurate on the test set than the book's; the two models disagree on "
    "{disagreements} of the {n} test images, which puts the standard error of that "
    "difference at {se} points.": (
        "下文选出的 L-BFGS 模型（经过 {passes} 遍）在测试集上的准确率比原书的模型高 "
        "{points} 个百分点；两个模型在 {n} 张测试图像中的 {disagreements} 张上预测不同，"
        "由此算出这个差值的标准误差为 {se} 个百分点。"
    ),
    "The L-BFGS model chosen below, after {passes} passes, is {points} points less "
    "accurate on the test set than the book's; the two models disagree on "
    "{disagreements} of the {n} test images, which puts the standard error of that "
    "difference at {se} points.": (
        "下文选出的 L-BFGS 模型（经过 {passes} 遍）在测试集上的准确率比原书的模型低 "
        "{points} 个百分点；两个模型在 {n} 张测试图像中的 {disagreements} 张上预测不同，"
        "由此算出这个差值的标准误差为 {se} 个百分点。"
    ),
    # generalization_headline.md
    "Trained with full-batch L-BFGS, its stopping point and L2 penalty chosen on a "
    "validation set, the model is right on **{test}** of the {n} test images (95% "
    "interval {low} to {high}).": (
        "用全批量 L-BFGS 训练、在验证集上选定停止点和 L2 惩罚之后，模型在 {n} 张测试图像中"
        "答对了 **{test}**（95% 区间为 {low} 至 {high}）。"
    ),
    # generalization_peek.md
    "Looked at only now, after the choice: the highest test accuracy on the path "
    "without a penalty is {acc}, after {passes} passes, {points} points above the "
    "chosen model's.": (
        "做出选择之后才看：不加惩罚的路径上最高的测试准确率是 {acc}，出现在 {passes} 遍后，"
        "比所选模型的高 {points} 个百分点。"
    ),
    "Looked at only now, after the choice: the highest test accuracy on the path "
    "without a penalty is {acc}, after {passes} passes, {points} points below the "
    "chosen model's.": (
        "做出选择之后才看：不加惩罚的路径上最高的测试准确率是 {acc}，出现在 {passes} 遍后，"
        "比所选模型的低 {points} 个百分点。"
    ),
    "Reporting that peak would be choosing on the test set.": (
        "报告这个峰值，就等于在测试集上做选择。"
    ),
    "At the end of the budget, after {passes} passes, the test accuracy is {acc}, "
    "and the training loss is {loss}, still falling.": (
        "到预算用完时（{passes} 遍后），测试准确率为 {acc}，训练损失为 {loss}，仍在下降。"
    ),
    "At the end of the budget, after {passes} passes, the test accuracy is {acc}, "
    "and the training loss is {loss}.": (
        "到预算用完时（{passes} 遍后），测试准确率为 {acc}，训练损失为 {loss}。"
    ),
    # generalization_reuse.md
    "examples chosen on, $s$": "用于选择的样本数 $s$",
    "candidates, $m$": "候选数 $m$",
    "winner's accuracy where chosen": "胜者在选择所用样本上的准确率",
    "on the rest": "在其余样本上的准确率",
    "overstatement: mean ± 2 s.e. (points)": "高估量：均值 ± 2 倍标准误差（百分点）",
    "95th percentile": "第 95 百分位数",
    "union-bound radius for it": "对应的联合界半径",
    "independent mistakes: mean ± 2 s.e.": "错误相互独立时：均值 ± 2 倍标准误差",
    # generalization_reuse_sentence.md
    "chosen on {s} images, {independent} points for independent mistakes against "
    "{checkpoints} for the checkpoints": (
        "在 {s} 张图像上选择时，错误相互独立的候选为 {independent} 个百分点，"
        "检查点为 {checkpoints} 个百分点"
    ),
    "Each row averages {repeats} random draws; the candidates are the {m} checkpoints "
    "of the {runs} L-BFGS runs and the examples are the {n} validation images. The ± is "
    "twice the standard error of the average over the draws: it measures the Monte Carlo "
    "error for this one validation set, not how the numbers would change with another. "
    "The last two columns draw candidates with the same accuracies whose mistakes are "
    "independent, from example to example and from candidate to candidate.": (
        "每一行是 {repeats} 次随机抽取的平均；候选是 {runs} 次 L-BFGS 运行的 {m} 个检查点，"
        "样本是 {n} 张验证图像。± 是这些抽取的平均值的标准误差的两倍：它衡量的是对这一个"
        "验证集而言的蒙特卡洛误差，而不是换一个验证集时这些数字会怎样变化。最后两列抽取的"
        "候选准确率与检查点相同，但错误相互独立：样本与样本之间独立，候选与候选之间也独立。"
    ),
    "The 95th percentile of the overstatement is below the union-bound radius in every row, "
    "and that of independent candidates is below it in every row too.": (
        "在每一行中，高估量的第 95 百分位数都低于联合界半径，错误相互独立的候选也是如此。"
    ),
    "The 95th percentile of the overstatement is below the union-bound radius in every row, "
    "and that of independent candidates is above it in some row.": (
        "在每一行中，高估量的第 95 百分位数都低于联合界半径，而错误相互独立的候选至少在一行中高于它。"
    ),
    "The 95th percentile of the overstatement is above the union-bound radius in some row, "
    "and that of independent candidates is below it in every row too.": (
        "高估量的第 95 百分位数至少在一行中高于联合界半径，而错误相互独立的候选在每一行中都低于它。"
    ),
    "The 95th percentile of the overstatement is above the union-bound radius in some row, "
    "and that of independent candidates is above it in some row.": (
        "高估量的第 95 百分位数至少在一行中高于联合界半径，错误相互独立的候选也是如此。"
    ),
    "With all {m} candidates compared, the average overstatement is: {sizes}.": (
        "比较全部 {m} 个候选时，平均高估量为：{sizes}。"
    ),
    # generalization_gap.md
    "The chosen model's training accuracy is {train} and its test accuracy {test}: "
    "a gap of {gap} points.": (
        "所选模型的训练准确率为 {train}，测试准确率为 {test}：相差 {gap} 个百分点。"
    ),
    # figures: generalization_convergence
    "training": "训练集",
    "validation": "验证集",
    "test (after the choice)": "测试集（选择之后）",
    "L-BFGS, no penalty ($\\lambda = 0$)": "L-BFGS，不加惩罚（$\\lambda = 0$）",
    "accuracy": "准确率",
    "L-BFGS, $\\lambda = {decay}$": "L-BFGS, $\\lambda = {decay}$",  # no words to translate
    "SGD, the book's recipe": "SGD，原书的做法",
    "chosen": "选中的检查点",
    "Validation accuracy": "验证准确率",
    "Training loss (L-BFGS)": "训练损失（L-BFGS）",
    "mean cross-entropy (nats)": "平均交叉熵（纳特）",
    "passes over the training data": "遍历训练数据的遍数",
    # figures: generalization_reuse
    "checkpoints, chosen on {size} examples": "检查点，在 {size} 个样本上选择",
    "independent mistakes, {size} examples": "错误相互独立，{size} 个样本",
    "candidates compared, $m$": "比较的候选数 $m$",
    "chosen-on minus fresh accuracy\n(percentage points)": (
        "选择所用样本上的准确率减去\n其余样本上的准确率（百分点）"
    ),
    "The winner's score overstates it": "胜者的分数偏高",
}
