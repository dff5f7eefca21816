"""Chinese for the shift stage's fragments and figures (English -> 中文)."""

STRINGS: dict[str, str] = {
    # (the Fashion-MNIST class names are in sitebuild.zh.figures: one entry per text)
    # --- words used inside sentences and cells --------------------------------
    "{value} points": "{value} 个百分点",
    "within sampling noise": "在抽样噪声的范围之内",
    "more than sampling noise usually gives": "超出了抽样噪声通常造成的范围",
    "well within": "远低于",
    "above": "高于",
    "below": "低于",
    "smaller": "小于",
    "no smaller": "不小于",
    # --- shift_source.md, shift_draws.md ----------------------------------------
    "The source model is the concise model trained with the book's settings "
    "({epochs} epochs, learning rate {lr}, minibatch size {batch_size}, seed {seed}) "
    "on the {num_train} training images left after holding out {num_valid} for "
    "validation. Without any shift it is right on {valid_accuracy} of the validation "
    "images (log loss {valid_loss}) and on {test_accuracy} of the test images "
    "(log loss {test_loss}).": (
        "源模型就是按原书的设置（{epochs} 个迭代周期（epoch），学习率 {lr}，小批量大小 {batch_size}，"
        "随机种子 {seed}）训练的简洁实现的模型，训练数据是留出 {num_valid} 张图像作验证集后剩下的 "
        "{num_train} 张训练图像。在没有任何偏移时，它在验证集图像上的准确率为 "
        "{valid_accuracy}（对数损失（log loss）为 {valid_loss}），在测试集图像上为 "
        "{test_accuracy}（对数损失为 {test_loss}）。"
    ),
    "The build step repeats this for {count} draws of the priors "
    "(seeds {first} to {last}), each with its own target set.": (
        "构建步骤把这一过程重复 {count} 次，每次重新抽取先验（随机种子 {first} 到 {last}），"
        "各有自己的目标集。"
    ),
    # --- shift_label.md ----------------------------------------------------------
    "the model as it is": "原模型（不重新加权）",
    "reweighted with the estimated priors": "用估计的先验重新加权",
    "reweighted with the true priors": "用真实的先验重新加权",
    "predictions": "预测",
    "accuracy (draw 0)": "准确率（第 0 次抽取）",
    "log loss (draw 0)": "对数损失（第 0 次抽取）",
    "accuracy (mean of {count} draws)": "准确率（{count} 次抽取的均值）",
    "log loss (mean of {count} draws)": "对数损失（{count} 次抽取的均值）",
    # --- shift_label_sentence.md ----------------------------------------------------
    "No estimated ratio was negative, so the clipping never acted.": (
        "没有一个估计的比值为负，所以截断从未起作用。"
    ),
    "In {clipped} of the {count} draws a negative ratio was clipped to 0.": (
        "在 {count} 次抽取中，有 {clipped} 次把负的比值截断为 0。"
    ),
    "The first target set (draw 0) has {n} test images: {common} is its most common "
    "class ({common_share}) and {rare} its rarest ({rare_share}). The estimated priors "
    "differ from the true ones by {error} in total (the sum of the absolute "
    "differences), against {error_source} for the source priors the model assumes. "
    "Over the {count} draws the estimate is off by {mean_error} on average, the "
    "correction raised the accuracy in {raised} of them, by {gain} on average (from "
    "{low} to {high}; the true priors give {oracle_gain}), and lowered the log loss "
    "in {better_loss} of them. {clipped_text} The condition number of $\\mathbf{J}$ "
    "is {condition}, {within} the limit of {limit} that `estimate_prior_ratio` accepts.": (
        "第一个目标集（第 0 次抽取）有 {n} 张测试图像：其中最常见的类别是“{common}”"
        "（{common_share}），最少见的是“{rare}”（{rare_share}）。估计的先验与真实先验之差"
        "总计为 {error}（各类别绝对差之和），而模型所假设的源先验与真实先验之差为 "
        "{error_source}。在 {count} 次抽取中，估计平均偏离 {mean_error}；校正在其中 {raised} "
        "次提高了准确率，平均变化 {gain}（从 {low}到 {high}；用真实先验则为 {oracle_gain}），"
        "并在其中 {better_loss} 次降低了对数损失。{clipped_text}$\\mathbf{J}$ 的条件数为 "
        "{condition}，{within} `estimate_prior_ratio` 所接受的上限 {limit}。"
    ),
    # --- shift_target.md -----------------------------------------------------------
    "With $\\kappa = {kappa}$ the selection keeps {num_target} of the {num_test} test "
    "images. Every class is still there, in other proportions: the class {top} makes "
    "up {top_share} of the target set and {second} {second_share}, while {last} falls "
    "to {last_share}; in the test set each class is 10%.": (
        "取 $\\kappa = {kappa}$ 时，选取保留了 {num_test} 张测试图像中的 {num_target} 张。"
        "每个类别都还在，只是比例变了：类别“{top}”占目标集的 {top_share}，“{second}”占 "
        "{second_share}，而“{last}”降到 {last_share}；在测试集中，每个类别各占 10%。"
    ),
    # --- shift_weights.md ---------------------------------------------------------
    "predicts the target class for no image of the pool": "不把池中的任何图像预测为目标类别",
    "predicts the target class for {share} of the pool": "把池中 {share} 的图像预测为目标类别",
    "So does the best possible classifier: the exact domain posterior, computed "
    "from the true weights, {predicts} (its largest odds of target over source are "
    "{odds}). With target images this rare in the pool, calling nearly everything "
    "source is the Bayes-optimal decision, and accuracy is the wrong yardstick for "
    "a density-ratio estimator: what counts are the odds themselves.": (
        "最好的分类器也是如此：由真实权重算出的精确域后验{predicts}（它给出的目标对源的最大"
        "几率为 {odds}）。目标图像在池中如此稀少，把几乎所有图像都判为源图像正是贝叶斯最优"
        "决策；对密度比估计器而言，准确率是错误的衡量标准：重要的是几率本身。"
    ),
    "The exact domain posterior, computed from the true weights, {predicts} (its "
    "largest odds of target over source are {odds}); but accuracy is the wrong "
    "yardstick for a density-ratio estimator: what counts are the odds themselves.": (
        "由真实权重算出的精确域后验{predicts}（它给出的目标对源的最大几率为 {odds}）；"
        "但对密度比估计器而言，准确率是错误的衡量标准：重要的是几率本身。"
    ),
    "The domain classifier saw {num_source} source images and the {num_target} target "
    "images, and took {seconds} s to train. It predicts the target class for "
    "{predicted} of that pool, where {base} is target. {yardstick} The logarithms of "
    "its weights and of the true ones have a correlation of {correlation} on the "
    "validation images. There the weights average {mean} (the true ratio averages 1 "
    "over the source) and reach {max}; their effective sample size is {ess} of "
    "{num_valid}. Scaled to mean 1, the largest is {max_mean_one} and {clipped} of "
    "them are above the clip at {clip}.": (
        "域分类器看过 {num_source} 张源图像和全部 {num_target} 张目标图像，训练用时 {seconds} "
        "秒。它把这个池中 {predicted} 的图像预测为目标类别，而池中目标图像占 {base}。"
        "{yardstick}在验证集图像上，它的权重的对数与真实权重的对数的相关系数为 {correlation}。"
        "在这些图像上，权重的均值为 {mean}（真实比值在源分布上的均值为 1），最大达到 "
        "{max}；它们的有效样本量为 {ess}（共 {num_valid} 张）。缩放到均值为 1 后，最大的"
        "权重为 {max_mean_one}，有 {clipped} 的权重超过截断值 {clip}。"
    ),
    # --- shift_estimate.md -------------------------------------------------------
    "validation": "验证集",
    "no weights (the validation accuracy)": "不加权（即验证集准确率）",
    r"$\hat\beta$, sum divided by $n$": r"$\hat\beta$，总和除以 $n$",
    r"$\hat\beta$, self-normalised": r"$\hat\beta$，自归一化",
    r"$\hat\beta$ clipped at {clip}, self-normalised": r"$\hat\beta$ 在 {clip} 处截断，自归一化",
    r"true $\beta$, self-normalised": r"真实 $\beta$，自归一化",
    "whole test set (its expected value over target sets)": "整个测试集（目标集准确率的期望值）",
    "measured": "实测",
    "the target set ({count} images)": "目标集（{count} 张图像）",
    "target accuracy": "目标准确率",
    "labelled images used": "所用的有标签图像",
    "estimate": "估计值",
    "standard error": "标准误差",
    "effective sample size": "有效样本量",
    "(a gap of {z_valid} standard errors of the difference; with the true weights, "
    "{exact} against {expected}, {z_exact}): both {both}.": (
        "（两者相差 {z_valid} 个差值的标准误差；用真实权重时是 {exact} 对 {expected}，"
        "相差 {z_exact} 个）：两者都{both}。"
    ),
    "(a gap of {z_valid} standard errors of the difference, {noise_valid}; with the "
    "true weights, {exact} against {expected}, {z_exact}, {noise_exact}).": (
        "（两者相差 {z_valid} 个差值的标准误差，{noise_valid}；用真实权重时是 {exact} 对 "
        "{expected}，相差 {z_exact} 个，{noise_exact}）。"
    ),
    "The standard error of the weighted sum divided by $n$ (the {num_valid} validation "
    "images) is {spread} times that of the self-normalised mean, with the same weights. "
    "Two kinds of sampling separate the estimates from the measured accuracy. The "
    "target set is one random selection from the test set: given the test set, the "
    "accuracy of a selection has expected value {selection_mean} and a standard "
    "deviation of {selection_sd} from one selection to the next, "
    "$\\sqrt{\\sum_i \\pi_i (1 - \\pi_i)(c_i - {\\bar c})^2} / \\sum_i \\pi_i$ over the "
    "test images (the delta method, with $\\pi_i$ the probability of keeping image $i$, "
    "$c_i$ 1 if the model is right on it and 0 if not, and $\\bar c$ the expected "
    "value), {smaller} than the binomial standard error of the table, which treats the "
    "target set as a fresh sample of the target distribution. The measured accuracy is "
    "{z} of these standard deviations {side} the expected value, {noise}: of "
    "{num_selections} simulated selections, {tail} land as far {side} it (their "
    "standard deviation is {simulated_sd}). And the validation and test images are two "
    "samples of the source: without any shift the model is right on {valid_accuracy} "
    "of the validation images and {test_accuracy} of the test images {gaps}": (
        "在同样的权重下，加权和除以 $n$（{num_valid} 张验证集图像）的标准误差是自归一化均值的 "
        "{spread} 倍。估计值与实测准确率之间隔着两种抽样。目标集是从测试集中做的一次随机"
        "选取：给定测试集，一次选取的准确率的期望值为 {selection_mean}，不同选取之间的标准差"
        "为 {selection_sd}，即在测试图像上计算的 "
        "$\\sqrt{\\sum_i \\pi_i (1 - \\pi_i)(c_i - {\\bar c})^2} / \\sum_i \\pi_i$（delta "
        "方法，其中 $\\pi_i$ 是保留图像 $i$ 的概率，模型判对该图像时 $c_i$ 为 1、否则为 0，"
        "$\\bar c$ 是期望值），{smaller}表中的二项标准误差；后者把目标集当作来自目标分布的"
        "一个新样本。实测准确率{side}期望值 {z} 个这样的标准差，{noise}：在 "
        "{num_selections} 次模拟选取中，有 {tail} 的选取同样{side}期望值至少这么多（它们的标准差为 "
        "{simulated_sd}）。此外，验证集图像和测试集图像是源分布的两个样本：在没有任何偏移时，"
        "模型在验证集图像上的准确率为 {valid_accuracy}，在测试集图像上为 {test_accuracy}"
        "{gaps}"
    ),
    # --- shift_retrain.md --------------------------------------------------------
    "none (the source model)": "无（源模型）",
    r"true $\beta$": r"真实 $\beta$",
    "{change} points ± {se}": "{change} ± {se} 个百分点",
    "weights in the loss": "损失中的权重",
    "effective sample size (of {count})": "有效样本量（共 {count}）",
    "target accuracy ({count} images)": "目标准确率（{count} 张图像）",
    "change (± paired standard error)": "变化（± 配对标准误差）",
    "accuracy on the whole test set": "整个测试集上的准确率",
    "a gain beyond the noise: about {z} paired standard errors": (
        "这一提升超出了噪声：约为 {z} 个配对标准误差"
    ),
    "within the noise: only {z} paired standard errors": ("这在噪声之内：仅为 {z} 个配对标准误差"),
    "a loss: {z} paired standard errors": "准确率反而下降：{z} 个配对标准误差",
    "the true weights did better, beyond the noise": "真实权重做得更好，超出了噪声",
    "the true weights did no better, within the noise": "真实权重并没有做得更好，差别在噪声之内",
    "the estimated weights did better, beyond the noise": "估计的权重做得更好，超出了噪声",
    "Retrained with the estimated weights, the model gains {gain} on the target set, "
    "{verdict}. With the true weights the change is {exact_gain}; the two retrained "
    "models differ by {paired} points ± {paired_se} (true minus estimated weights, "
    "paired on the same target images): {better}.": (
        "用估计的权重重新训练后，模型在目标集上的准确率变化 {gain}，{verdict}。用真实权重时，"
        "变化为 {exact_gain}；两个重新训练的模型相差 {paired} ± {paired_se} 个百分点"
        "（真实权重减估计的权重，在相同的目标图像上配对）：{better}。"
    ),
    "On the source distribution the reweighted model is worse: on the whole test "
    "set it is right on {test_accuracy} of the images, {cost} points below the "
    "source model's {source_accuracy}.": (
        "在源分布上，重新加权的模型更差：它在整个测试集上的准确率为 {test_accuracy}，"
        "比源模型的 {source_accuracy} 低 {cost} 个百分点。"
    ),
    "On the source distribution the reweighted model is no worse: on the whole "
    "test set it is right on {test_accuracy} of the images, {cost} points above "
    "the source model's {source_accuracy}.": (
        "在源分布上，重新加权的模型并不更差：它在整个测试集上的准确率为 {test_accuracy}，"
        "比源模型的 {source_accuracy} 高 {cost} 个百分点。"
    ),
    "Two cautions. The {num_target} target images that score the models also trained "
    "the domain classifier, so the estimated weights were fitted on the very images "
    "they are judged on (a *transductive* setting, fair here because it uses their "
    "pixels and never their labels, but not a test on new target images). And a "
    "paired standard error covers only the sampling of the target images, not the "
    "randomness of the domain classifier's and the models' training.": (
        "有两点需要注意。给模型打分的 {num_target} 张目标图像也训练了域分类器，所以估计的"
        "权重恰恰是在评判它们的那些图像上拟合的（这是一种*直推式*（transductive）设定；"
        "在这里是公平的，因为它只用了这些图像的像素，从未用它们的标签，但这不是在新的目标"
        "图像上的检验）。另外，配对标准误差只涵盖目标图像的抽样，不涵盖域分类器和各个模型"
        "训练中的随机性。"
    ),
    # --- figures: shift_priors ------------------------------------------------------
    "source priors (validation)": "源先验（验证集）",
    "true target priors": "真实的目标先验",
    "estimated target priors": "估计的目标先验",
    "share of the images": "图像所占比例",
    "Target set of draw 0": "第 0 次抽取的目标集",
    "reweighted, true priors": "重新加权，真实先验",
    "reweighted, estimated priors": "重新加权，估计的先验",
    "accuracy of the model as it is (%)": "重新加权前的准确率（%）",
    "accuracy after reweighting (%)": "重新加权后的准确率（%）",
    "All {count} target sets": "全部 {count} 个目标集",
    # --- figures: shift_examples, shift_mean_pixel ----------------------------------
    "source": "源图像",
    "target": "目标图像",
    "source (training images)": "源（训练图像）",
    "target (kept test images)": "目标（保留下来的测试图像）",
    "mean pixel value $\\bar x$ of an image $\\mathbf{x}$": "图像 $\\mathbf{x}$ 的平均像素值 $\\bar x$",
    "density": "密度",
    "What the selection keeps": "选取保留了什么",
    "source: 10% each": "源：每类 10%",
    "share of the images (%)": "图像所占比例（%）",
    "Classes in the target set": "目标集中的类别",
    # --- figures: shift_weights -------------------------------------------------------
    "true weight $\\beta(\\mathbf{x})$ (log scale)": "真实权重 $\\beta(\\mathbf{x})$（对数刻度）",
    "estimated weight $\\hat\\beta(\\mathbf{x})$ (log scale)": (
        "估计的权重 $\\hat\\beta(\\mathbf{x})$（对数刻度）"
    ),
    "Validation images": "验证集图像",
    "clip at {clip}": "截断值 {clip}",
    "weight 1": "权重 1",
    "estimated weight $\\hat\\beta$, scaled to mean 1 (log scale)": (
        "估计的权重 $\\hat\\beta$，缩放到均值为 1（对数刻度）"
    ),
    "validation images": "验证集图像数",
    "Their spread": "权重的分布",
}
