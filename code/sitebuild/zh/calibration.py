"""Chinese for the calibration stage's fragments and figures (English -> 中文)."""

STRINGS: dict[str, str] = {
    # (the Fashion-MNIST class names are in sitebuild.zh.figures: one entry per text)
    # ---- calibration_model.md ----
    "The model: the concise softmax regression, trained for {num_epochs} epochs "
    "(learning rate {lr}, minibatch size {batch_size}, seed {seed}) on the "
    "{num_train} training images left after holding out {num_valid} for "
    "validation; its validation accuracy is {accuracy}.": (
        "模型：简洁实现的 softmax 回归。从训练图像中留出 {num_valid} 张作为验证集后，"
        "在剩下的 {num_train} 张上训练了 {num_epochs} 个迭代周期（epoch），"
        "学习率为 {lr}，批量大小为 {batch_size}，随机种子为 {seed}；"
        "它在验证集上的准确率为 {accuracy}。"
    ),
    # ---- calibration_temperature.md ----
    "probabilities": "概率",
    "as trained": "训练所得",
    "temperature-scaled": "温度缩放后",
    "validation loss": "验证集损失",
    "test loss": "测试损失",
    "test ECE, top label ({num_bins} bins)": "测试集最大概率 ECE（{num_bins} 个区间）",
    "test classwise ECE ({num_bins} bins)": "测试集逐类别 ECE（{num_bins} 个区间）",
    "test Brier score": "测试集 Brier 分数",
    # ---- how a number changed (a predicate: "the loss falls from a to b") ----
    "stays at {a}": "保持在 {a}",
    "rises from {a} to {b}": "从 {a} 升至 {b}",
    "falls from {a} to {b}": "从 {a} 降至 {b}",
    # ---- calibration_summary.md ----
    "practically 1, so scaling leaves the probabilities almost as they were": (
        "几乎等于 1，因此缩放后的概率与原来几乎相同"
    ),
    "below 1, so scaling sharpens the probabilities": "小于 1，因此缩放使概率更尖锐",
    "above 1, so scaling softens the probabilities": "大于 1，因此缩放使概率更平坦",
    "on average less sure than it was right: *underconfident*": (
        "平均而言置信度低于准确率：*信心不足*（underconfident）"
    ),
    "on average more sure than it was right: *overconfident*": (
        "平均而言置信度高于准确率：*过度自信*（overconfident）"
    ),
    "on average as sure as it was right": "平均而言置信度与准确率相当",
    " (the temperature minimises the validation loss, not this gap)": (
        "（温度最小化的是验证集上的损失，而不是这个差距）"
    ),
    "Fitted on the {num_valid} validation images, the temperature is "
    "**$T = {T}$**, {scaling}: on the {num_test} test images their mean "
    "confidence {confidence}, against an accuracy of {accuracy}.": (
        "在 {num_valid} 张验证图像上拟合得到的温度为 **$T = {T}$**，{scaling}："
        "在 {num_test} 张测试图像上，平均置信度{confidence}，而准确率为 {accuracy}。"
    ),
    "As trained, the model was {verdict}{aside}.": "训练所得的模型{verdict}{aside}。",
    "The top-label ECE {ece}, the classwise ECE {classwise} (for Bag alone, the "
    "class the shop's rule is most wary of, it {bag}), the loss {loss} and the "
    "Brier score {brier}; the accuracy stays {accuracy}, as it must.": (
        "最大概率 ECE {ece}，逐类别 ECE {classwise}（单看“包”这一个类别，"
        "也就是商店的规则最为提防的类别，它{bag}），损失{loss}，Brier 分数{brier}；"
        "准确率保持为 {accuracy}，这是必然的。"
    ),
    "After scaling, the misclassified images, {wrong} of the test set, carry "
    "{loss_share} of the loss and {brier_share} of the Brier score.": (
        "缩放之后，分类错误的图像占测试集的 {wrong}，"
        "它们贡献了损失的 {loss_share} 和 Brier 分数的 {brier_share}。"
    ),
    # ---- calibration_costs.md ----
    "arg max": "arg max",
    "least expected cost": "最小期望代价",
    "decision": "决策规则",
    "test accuracy": "测试准确率",
    "expected cost per image (the model's forecast)": "每张图像的期望代价（模型的预测）",
    "realised cost per image": "每张图像的实际代价",
    "images called Bag": "判为“包”的图像数",
    "of which not bags": "其中实际不是包的",
    # ---- calibration_changes.md: the paired differences ----
    "the paired difference in cost per image, {what}, is "
    "${mean} \\pm {se}$ (one standard error over the test images)": (
        "每张图像代价的配对差（{what}）为 ${mean} \\pm {se}$（± 后为在测试图像上算得的一个标准误差）"
    ),
    "{head}: the two cost the same on every image": "{head}：两者在每张图像上的代价都相同",
    "{head}, within two standard errors of 0: {verdict}": (
        "{head}，与 0 的距离在两个标准误差之内：{verdict}"
    ),
    "{head}, {ratio} standard errors below 0: {verdict}": (
        "{head}，比 0 低 {ratio} 个标准误差：{verdict}"
    ),
    "{head}, {ratio} standard errors above 0: {verdict}": (
        "{head}，比 0 高 {ratio} 个标准误差：{verdict}"
    ),
    "cost rule minus arg max": "代价规则减去 arg max",
    "the cost rule is measurably cheaper": "代价规则的代价更低，而且这个差异测得出来",
    "the cost rule is measurably dearer": "代价规则的代价更高，而且这个差异测得出来",
    "no difference this test set can detect": "这个测试集测不出差异",
    "scaled minus as trained": "缩放后减去训练所得",
    "calibrating made the rule measurably cheaper": ("校准降低了规则的代价，而且这个差异测得出来"),
    "calibrating made the rule measurably dearer": ("校准提高了规则的代价，而且这个差异测得出来"),
    "calibrating made no difference to the shop's cost that this test set can detect": (
        "这个测试集测不出校准对商店的代价有什么影响"
    ),
    # ---- calibration_changes.md: near the threshold for Bag ----
    "No test image has a probability of Bag in $({low}, {high}]$, near the rule's "
    "threshold for Bag, in one of the two sets of probabilities.": (
        "在两组概率的其中一组里，没有一张测试图像的“包”的概率落在规则对“包”的阈值附近，"
        "即 $({low}, {high}]$ 之内。"
    ),
    "; on so few images a share has a standard error of about {se}, more than either gap": (
        "；图像这么少，比例的标准误差约为 {se}，比两个差距都大"
    ),
    "; on so few images a share has a standard error of about {se}, less than either gap": (
        "；图像这么少，比例的标准误差约为 {se}，比两个差距都小"
    ),
    "; on so few images a share has a standard error of about {se}, between the two gaps": (
        "；图像这么少，比例的标准误差约为 {se}，介于两个差距之间"
    ),
    "Near the rule's threshold for Bag, among the test images whose probability of "
    "Bag lies in $({low}, {high}]$, the mean probability of Bag is {p_trained} "
    "against a share of bags of {share_trained} as trained ({n_trained} images), "
    "and {p_scaled} against {share_scaled} scaled ({n_scaled} images): the gap "
    "{gap}{noise}.": (
        "在规则对“包”的阈值附近，即“包”的概率落在 $({low}, {high}]$ 之内的测试图像中，"
        "按训练所得的概率，“包”的平均概率为 {p_trained}，而其中真正是包的比例为 "
        "{share_trained}（{n_trained} 张图像）；缩放后分别为 {p_scaled} 和 "
        "{share_scaled}（{n_scaled} 张图像）：两者的差距{gap}{noise}。"
    ),
    # ---- calibration_changes.md: the decisions that change ----
    "Of the {num_test} test images, **{changed}** get another decision.": (
        "在 {num_test} 张测试图像中，有 **{changed}** 张得到了不同的决策。"
    ),
    "The realised cost per image goes from {cost_before} to {cost_after}, while the "
    "accuracy goes from {accuracy_before} to {accuracy_after}; {paired}.": (
        "每张图像的实际代价从 {cost_before} 变为 {cost_after}，"
        "而准确率从 {accuracy_before} 变为 {accuracy_after}；{paired}。"
    ),
    "With the probabilities as trained ($T = 1$) instead of the temperature-scaled "
    "ones, the rule changes {changed} decisions of the arg max and its realised "
    "cost is {cost}.": (
        "如果改用训练所得的概率（$T = 1$）而不是温度缩放后的概率，"
        "这个规则会改变 arg max 的 {changed} 个决策，实际代价为 {cost}。"
    ),
    "Calibrating changes {changed} decision of the rule, and {paired}.": (
        "校准改变了这个规则的 {changed} 个决策；{paired}。"
    ),
    "Calibrating changes {changed} of the rule's decisions, and {paired}.": (
        "校准改变了这个规则的 {changed} 个决策；{paired}。"
    ),
    "images": "图像数",
    "arg max right": "arg max 正确",
    "new decision right": "新决策正确",
    "The table lists every change.": "表中列出了全部改变。",
    "The table lists the {rows} most frequent changes; {rest} other image changes "
    "in other ways.": "表中列出了最常见的 {rows} 种改变；另有 {rest} 张图像以其他方式改变。",
    "The table lists the {rows} most frequent changes; {rest} other images change "
    "in other ways.": "表中列出了最常见的 {rows} 种改变；另有 {rest} 张图像以其他方式改变。",
    # ---- calibration_line.md ----
    "On the {num_examples} validation images, the accuracy goes from {accuracy_0} "
    "at the initial weights ($t = 0$) to {accuracy_1} at the trained ones "
    "($t = 1$), and the loss from {loss_0} to {loss_1}; of the {points} points of "
    "the whole line, the loss is lowest at $t = {best}$.": (
        "在 {num_examples} 张验证图像上，准确率从初始权重（$t = 0$）处的 {accuracy_0} "
        "变为训练所得权重（$t = 1$）处的 {accuracy_1}，损失从 {loss_0} 变为 {loss_1}；"
        "在整条直线的 {points} 个点中，损失在 $t = {best}$ 处最低。"
    ),
    "In the zoom, $t \\in [{low}, {high}]$, the number of images classified right "
    "takes {distinct} different values and changes {jumps} times over {steps} "
    "values of $t$, in steps of whole images; in between it is flat, and its "
    "derivative is 0.": (
        "在放大的一段 $t \\in [{low}, {high}]$ 上，分类正确的图像数在 $t$ 的 {steps} "
        "个取值上取到 {distinct} 个不同的值，变化了 {jumps} 次，每次变化整数张图像；"
        "两次变化之间它保持不变，导数为 0。"
    ),
    # ---- calibration_toy.md ----
    "Trained for {num_epochs} epochs (learning rate {lr}, minibatch size "
    "{batch_size}) on {num_points} points, the toy model classifies {accuracy} of "
    "these training points correctly.": (
        "在 {num_points} 个点上训练 {num_epochs} 个迭代周期（学习率 {lr}，"
        "批量大小 {batch_size}）之后，这个玩具模型把这些训练点中的 {accuracy} 分类正确。"
    ),
    "The Gaussian clouds overlap, and the points it gets wrong lie where they do.": (
        "几团高斯点云彼此重叠，它分错的点就位于重叠之处。"
    ),
    "None of them falls on another class's side of the boundaries.": (
        "没有一个点落在边界线另一侧、属于其他类别的区域里。"
    ),
    # ---- figure calibration_reliability ----
    "As trained (T = 1), top-label ECE {ece}": "训练所得（T = 1），最大概率 ECE {ece}",
    "Scaled (T = {T}), top-label ECE {ece}": "缩放后（T = {T}），最大概率 ECE {ece}",
    "accuracy in the bin": "区间内的准确率",
    "accuracy = confidence": "准确率 = 置信度",
    "mean confidence in the bin": "区间内的平均置信度",
    "accuracy": "准确率",
    "confidence (largest probability)": "置信度（最大概率）",
    "share of the ECE\n$(n_I / n)(\\mathrm{acc} - \\mathrm{conf})$": (
        "对 ECE 的贡献\n$(n_I / n)(\\mathrm{acc} - \\mathrm{conf})$"
    ),
    "acc > conf: underconfident": "acc > conf：信心不足",
    "acc < conf: overconfident": "acc < conf：过度自信",
    # ---- figure calibration_line ----
    "Along the whole line": "沿整条直线",
    "cross-entropy (nats)": "交叉熵（纳特）",
    "t  (0: initial weights, 1: trained weights)": "t（0：初始权重，1：训练所得权重）",
    "Zoom on t in [{low}, {high}]": "局部放大：t 在 [{low}, {high}] 之间",
    "images classified right": "分类正确的图像数",
    # ---- figure calibration_toy ----
    "class {j}": "类别 {j}",
    "largest probability {levels}": "最大概率 {levels}",
    ", ": "、",  # between the numbers of a list
}
