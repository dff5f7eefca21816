"""Chinese for the performance stage's fragments and figures (English -> 中文).

The long paragraphs are translated whole; the English keys keep their line breaks, as
:func:`sitebuild.performance_costs.prose` cuts them from the stage's constants.
"""

STRINGS: dict[str, str] = {
    # Notes instead of tables
    "No benchmark yet": "尚无基准测试结果",
    "This copy of the site was built where neither `make bench` has run nor a recorded run "
    "was found. Run `make bench`, then rebuild (`make site` or `make serve`): the tables "
    "appear here.": "构建本站点的这份副本时，既没有运行过 `make bench`，也没有找到已记录的运行结果。"
    "运行 `make bench`，然后重新构建（`make site` 或 `make serve`），表格就会出现在这里。",
    "Benchmark out of date": "基准测试结果已过时",
    "The benchmark results were written by an older `make bench`. Run `make bench` again, "
    "then rebuild.": "这些基准测试结果是由旧版本的 `make bench` 写出的。请重新运行 `make bench`，"
    "然后重新构建。",
    "Not measured": "未测量",
    "The run this page shows skipped this part (`make bench` with `--quick` or `--no-build`). "
    "A full `make bench` measures it.": "本页展示的这次运行跳过了这一部分（带 `--quick` 或 "
    "`--no-build` 的 `make bench`）。完整的 `make bench` 会测量它。",
    # Which run the page shows
    "Measured on this machine": "在本机上测得",
    "Measured by `make bench` on this machine on {when}, {commit}.": "由 `make bench` 于 "
    "{when} 在本机上测得，对应{commit}。",
    "A recorded run": "已记录的运行",
    "A recorded run from {when} on {machine}, {commit}; run `make bench` to measure yours.": (
        "这是一次已记录的运行，于 {when} 在 {machine}上测得，对应{commit}；运行 `make bench` "
        "可以在你自己的机器上测量。"
    ),
    "{cores} CPU cores ({model})": "{cores} 个 CPU 核心（{model}）",
    "commit `{sha}`": "提交 `{sha}`",
    "commit `{sha}` with uncommitted changes": "提交 `{sha}`（含未提交的改动）",
    "an unknown commit": "未知的提交",
    "A reduced run (fewer runs than a full `make bench`): its medians are rough.": (
        "这是一次缩减的运行（运行次数少于完整的 `make bench`）：其中位数只是粗略的。"
    ),
    # The tables' headers, a table at a time
    "what | target | measured | met": "项目 | 目标 | 实测 | 达标",
    "pipeline | seconds ({epochs} epochs, median) | fastest to slowest run | training "
    "images/s | speed-up | test accuracy": (
        "流水线 | 秒（{epochs} 个迭代周期，中位数） | 最快至最慢的运行 | 每秒训练图像数 | 加速比 "
        "| 测试准确率"
    ),
    "what | seconds (median) | fastest to slowest run | runs": (
        "项目 | 秒（中位数） | 最快至最慢的运行 | 运行次数"
    ),
    "torch threads while training | quiet: seconds | beside a busy process: seconds "
    "| busy / quiet": "训练时 torch 的线程数 | 空闲：秒 | 繁忙进程旁：秒 | 繁忙 / 空闲",
    "cost | seconds | paid": "开销 | 秒 | 何时付出",
    "operator | calls per step | µs per step | share": "算子 | 每步调用次数 | 每步微秒数 | 占比",
    "tried | measured | compared with | result": "尝试的做法 | 实测 | 对照 | 结果",
    "measurement | MiB": "测量项 | MiB",
    "measurement | value": "测量项 | 数值",
    # The targets
    "The targets, and what this run measured:": "各项目标，以及这次运行测得的结果：",
    "yes": "是",
    "**no**": "**否**",
    "{command}, the whole process": "{command}，整个进程",
    "the whole command against the book's pipeline as a process": (
        "整条命令与作为进程运行的书中流水线相比"
    ),
    "`import softmax_regression` in a fresh process": "在新进程中执行 `import softmax_regression`",
    "`load_fashion_mnist()` from the verified files": "从已校验的文件执行 `load_fashion_mnist()`",
    "the concise trainer's {epochs} epochs beside a busy process (default: {count} thread)": (
        "简洁实现的训练器在繁忙进程旁训练 {epochs} 个迭代周期（默认：{count} 个线程）"
    ),
    "the concise trainer's {epochs} epochs beside a busy process (default: {count} threads)": (
        "简洁实现的训练器在繁忙进程旁训练 {epochs} 个迭代周期（默认：{count} 个线程）"
    ),
    "the concise trainer's {epochs} epochs beside a busy process (default: torch's own "
    "thread count)": "简洁实现的训练器在繁忙进程旁训练 {epochs} 个迭代周期（默认：torch 自己的线程数）",
    "the concise trainer's {epochs} epochs, in process": (
        "简洁实现的训练器在进程内训练 {epochs} 个迭代周期"
    ),
    "the scratch trainer against the concise one": "从零开始实现的训练器与简洁实现的相比",
    "the final test accuracies, ours and the book's": "最终测试准确率：本项目的与书中的",
    "our trainers' final test accuracy at the book's settings": (
        "本项目的训练器在书中设置下的最终测试准确率"
    ),
    "peak memory (VmHWM) of loading and training {epochs} epochs, concise": (
        "加载数据并训练 {epochs} 个迭代周期的峰值内存（VmHWM），简洁实现"
    ),
    "peak memory (VmHWM) of loading and training {epochs} epochs, scratch": (
        "加载数据并训练 {epochs} 个迭代周期的峰值内存（VmHWM），从零开始实现"
    ),
    "at most {value} s": "至多 {value} 秒",
    "at least {value}x faster": "加速比至少 {value}x",
    "does not import torchvision": "不导入 torchvision",
    "well under {value} s (checked: under {checked} s)": (
        "远低于 {value} 秒（实际检查：低于 {checked} 秒）"
    ),
    "at most {value}x its quiet time": "至多为空闲时用时的 {value} 倍",
    "at most {value}x its time": "至多为其用时的 {value} 倍",
    "within {value} of each other": "彼此相差不超过 {value}",
    "{value}, as before": "{value}，与之前相同",
    "at most {value} MiB": "至多 {value} MiB",
    "{seconds} s": "{seconds} 秒",
    "{value}x": "{value}x",
    "does not import torchvision ({seconds} s)": "不导入 torchvision（{seconds} 秒）",
    "imports torchvision ({seconds} s)": "导入了 torchvision（{seconds} 秒）",
    "{ratio}x ({loaded} s against {quiet} s)": "{ratio}x（{loaded} 秒对 {quiet} 秒）",
    "{value} apart": "相差 {value}",
    "{first} and {second}": "{first} 和 {second}",
    "{value} MiB": "{value} MiB",
    "{command} failed with exit status {status}": "{command} 失败，退出状态为 {status}",
    # The trainers in process
    "book's pipeline, Chinese edition (DataLoader, ToTensor, 4 workers)": (
        "书中的流水线，中文版（DataLoader、ToTensor、4 个工作进程）"
    ),
    "book's pipeline, English edition 1.0 (the same with Resize)": (
        "书中的流水线，英文版 1.0（与中文版相同，另加 Resize）"
    ),
    "ours, concise": "本项目，简洁实现",
    "ours, from scratch": "本项目，从零开始实现",
    "{fastest} to {slowest}": "{fastest} 至 {slowest}",
    "The trainers in one Python process on a quiet machine, each timed from its first "
    "minibatch to its last evaluation (the imports and the loading of the data come before; "
    "the [whole-process rows](#the-whole-command) count them). The speed-up is the book's "
    "pipeline's median time divided by each row's:": (
        "各训练器在空闲机器上的一个 Python 进程内运行，每个都从第一个小批量计时到最后一次评估"
        "（导入和加载数据发生在此之前；[整个进程的那几行](#the-whole-command)把它们计算在内）。"
        "加速比是书中流水线用时的中位数除以各行用时的中位数："
    ),
    "All the pipelines train the same model from the same initial weights with the\n"
    "same hyperparameters (learning rate 0.1, minibatches of 256, ten epochs); the\n"
    "book's draws its minibatches in a different random order, so its test accuracy\n"
    "need not match ours, while the two implementations of this project see the same\n"
    "minibatches in the same order and differ only by float32 rounding\n"
    "([the concise page](concise.md#the-same-model-step-for-step) checks it). Each\n"
    "timed run includes the evaluation of the test set after every epoch, as the\n"
    "book's does. The row of the English edition's pipeline times its variant with\n"
    "`Resize`, [described below](#where-the-books-pipeline-spends-its-time).": (
        "所有流水线都从相同的初始权重出发，用相同的超参数（学习率 0.1，大小为 256 的小批量，"
        "十个迭代周期）训练同一个模型；书中的流水线以另一种随机顺序抽取小批量，因此它的测试准确率"
        "不必与我们的一致，而本项目的两种实现以相同的顺序看到相同的小批量，只在 float32 的舍入上"
        "有差别（[简洁实现一页](concise.md#the-same-model-step-for-step)对此做了检查）。"
        "每次计时的运行都包括每个迭代周期之后对测试集的评估，与书中的做法相同。英文版流水线那一行"
        "计时的是带 `Resize` 的变体，[见下文](#where-the-books-pipeline-spends-its-time)。"
    ),
    "{count} thread": "{count} 个线程",
    "{count} threads": "{count} 个线程",
    "torch's own count": "torch 自己的线程数",
    "Measured on {cores} CPU cores ({model}), {memory} GiB of memory, {platform}, PyTorch "
    "{torch}, Python {python}: medians of {runs} runs of ours, on {threads} (the package's "
    "default), and {reference_runs} of each edition of the book's pipeline, on "
    "{torch_threads}, timed in alternation. The 1-minute load average when the run started "
    "was {load} (near 0 on a machine where nothing else runs).": (
        "测量环境：{cores} 个 CPU 核心（{model}），{memory} GiB 内存，{platform}，"
        "PyTorch {torch}，Python {python}。本项目的训练器取 {runs} 次运行的中位数，使用 "
        "{threads}（软件包的默认值）；书中流水线的两个版本各取 {reference_runs} 次运行的中位数，"
        "使用 {torch_threads}；两者交替计时。运行开始时的 1 分钟平均负载为 {load}"
        "（在没有其他程序运行的机器上接近 0）。"
    ),
    # The whole command
    "{command}, the book's pipeline as a process": "{command}，作为进程运行的书中流水线",
    "`load_fashion_mnist()` in a process that has imported it": (
        "在已导入软件包的进程中调用 `load_fashion_mnist()`"
    ),
    "The whole command was {speedup}x faster than the book's pipeline\nas a process, and "
    "its final test accuracy was {accuracy} (the book's\n{book_accuracy}).": (
        "整条命令的速度是作为进程运行的书中流水线的 {speedup} 倍，它的最终测试准确率为 "
        "{accuracy}（书中的为 {book_accuracy}）。"
    ),
    "Importing the package did not import torchvision.": "导入软件包时没有导入 torchvision。",
    "Importing the package also imported torchvision.": "导入软件包时也导入了 torchvision。",
    "Each process was started as a new shell starts one: the same Python, from the\n"
    "project's folder, without `OMP_NUM_THREADS`. Its wall time counts the\n"
    "interpreter's start, the imports, loading the data, the ten epochs with the test\n"
    "set evaluated after each, and printing. The import row times the `import`\n"
    "statement alone, inside the child; the loader row is a call in the benchmark's\n"
    "own process, with the files in the operating system's cache.": (
        "每个进程都像在新开的 shell 中那样启动：同一个 Python，从项目的文件夹启动，不设置 "
        "`OMP_NUM_THREADS`。它的实际耗时（wall time）包括解释器的启动、各项导入、加载数据、"
        "十个迭代周期（每个之后评估一次测试集）以及打印输出。导入那一行只计时子进程中的 "
        "`import` 语句本身；加载那一行是基准测试自身进程中的一次调用，此时文件已在操作系统的缓存中。"
    ),
    # On a busy machine
    "{threads} (the default)": "{threads}（默认）",
    "`make bench` measures the choice: the concise trainer on the default and on another "
    "number of threads, on a quiet machine and beside a process of its own that keeps one "
    "core busy, side by side:": (
        "`make bench` 对这一选择做了测量：简洁实现的训练器使用默认的线程数和另一个线程数，"
        "分别在空闲的机器上和在一个让一个核心保持忙碌的进程（由 `make bench` 自己启动）旁运行，"
        "结果并列如下："
    ),
    "{ratio}x the time (faster)": "用时为 {ratio} 倍（更快）",
    "{ratio}x the time (slower)": "用时为 {ratio} 倍（更慢）",
    "Each cell is the concise trainer's ten epochs in one process, the median of {runs} "
    "runs on the quiet machine and of {load_runs} beside the busy process, a Python loop "
    "that keeps one core busy (`while True: pass`), which `make bench` starts for these "
    "rows and stops after them. On the quiet machine, {alternative} took {quiet_versus} "
    "of {default}; beside the busy process, {loaded_versus}.": (
        "每个单元格是简洁实现的训练器在一个进程中训练十个迭代周期的用时：在空闲的机器上取 {runs} "
        "次运行的中位数，在繁忙进程旁取 {load_runs} 次的中位数。繁忙进程是一个让一个核心保持忙碌的 "
        "Python 循环（`while True: pass`），由 `make bench` 为这几行启动，测完后停止。"
        "在空闲的机器上，与 {default}相比，{alternative}{quiet_versus}；在繁忙进程旁，"
        "{loaded_versus}。"
    ),
    # Where the book's pipeline spends its time
    "`make bench` also times the Chinese edition's costs one at a time:": (
        "`make bench` 还逐项计时了中文版流水线的各项开销："
    ),
    "every epoch": "每个迭代周期",
    "one epoch of the book's pipeline (training, test, model)": (
        "书中流水线的一个迭代周期（训练、测试、模型）"
    ),
    "the DataLoader alone: one training pass, 4 workers, no model": (
        "仅 DataLoader：遍历一次训练集，4 个工作进程，不含模型"
    ),
    "the same pass with no workers (`num_workers=0`)": "同样的遍历，不用工作进程（`num_workers=0`）",
    "(not used)": "（未使用）",
    "`ToTensor` on all {images} images, in one process": (
        "在一个进程中对全部 {images} 张图像执行 `ToTensor`"
    ),
    "every epoch, spread over the workers": "每个迭代周期，分摊到各工作进程",
    "collating one epoch's {batches} batches from single images": (
        "把单张图像整理（collate）成一个迭代周期的 {batches} 个批量"
    ),
    "starting 4 workers, up to the first batch": "启动 4 个工作进程，直到得到第一个批量",
    "twice per epoch": "每个迭代周期两次",
    "one epoch of ours (concise, test set included)": "本项目的一个迭代周期（简洁实现，含测试集）",
    "The first row is an epoch of the book's pipeline, the last an epoch of ours,\n"
    "which trains the same model; the rows between them are costs the book's pipeline\n"
    "pays outside the model (the column *paid* says how often), and comparing each\n"
    "with the first row shows how much of an epoch it accounts for:": (
        "第一行是书中流水线的一个迭代周期，最后一行是本项目的一个迭代周期，两者训练的是同一个模型；"
        "中间各行是书中流水线在模型之外付出的开销（*何时付出*一列说明多久付出一次），把每一项与第一行"
        "比较，就能看出它在一个迭代周期中占了多少："
    ),
    "- **Per-image conversion.** `ToTensor` turns one 28x28 image at a time into a\n"
    "  PIL image and back into a float tensor: 60,000 Python calls per epoch for\n"
    "  training and 10,000 more for the test set, every epoch, although the pixels\n"
    "  never change. The English edition's `Resize` adds one more PIL operation per\n"
    "  image.": (
        "- **逐张图像的转换。** `ToTensor` 每次把一张 28x28 的图像转成 PIL 图像，再转回浮点张量："
        "训练时每个迭代周期 60,000 次 Python 调用，测试集再加 10,000 次，每个迭代周期都是如此，"
        "尽管像素从不改变。英文版的 `Resize` 为每张图像再加一次 PIL 操作。"
    ),
    "- **Worker start-up.** Without `persistent_workers=True`, the DataLoader starts\n"
    "  its four worker processes again for every pass over the data: twice per\n"
    "  epoch (training and test).": (
        "- **工作进程的启动。** 没有 `persistent_workers=True` 时，DataLoader 每遍历一次数据，"
        "都要重新启动它的四个工作进程：每个迭代周期两次（训练和测试）。"
    ),
    "- **Collating and moving.** Each batch is assembled from 256 separate tensors,\n"
    "  and the batches travel from the workers to the main process through shared\n"
    "  memory.": (
        "- **整理与搬运。** 每个批量都由 256 个单独的张量拼成，批量再经由共享内存从工作进程传到主进程。"
    ),
    "- **Workers and cores.** Four workers run alongside the training process, on\n"
    "  this machine's {cores} cores. Compare the two DataLoader rows, four workers and\n"
    "  none, both without a model: the workers convert images in parallel, but they\n"
    "  pay for starting up and for shipping every batch back to the main process, and\n"
    "  the two rows show which side wins on this machine. The first row, an epoch with\n"
    "  the model in the loop, adds the training process, which competes with the\n"
    "  workers for the same cores.": (
        "- **工作进程与核心。** 四个工作进程与训练进程一起运行在本机的 {cores} 个核心上。"
        "比较 DataLoader 的两行（四个工作进程和没有工作进程，都不含模型）：工作进程并行地转换图像，"
        "但要为启动以及把每个批量送回主进程付出代价，这两行显示了在本机上哪一方占上风。"
        "第一行是模型参与其中的一个迭代周期，它多了训练进程，与工作进程争用同样的核心。"
    ),
    # Where our trainer spends its time
    "First, how far the trainers are from what the hardware could do. One run of {epochs} "
    "epochs needs {gflop} GFLOP; this machine's float32 matmul reaches {peak} GFLOP/s on "
    "large matrices on {threads}, as many as the trainer uses, so the concise trainer uses "
    "{concise} of it and the scratch trainer {scratch}. Then the operators they spend their "
    "time in, as PyTorch's profiler counts them over two epochs of each trainer (self CPU "
    "time per training step):": (
        "首先看训练器离硬件的能力有多远。一次 {epochs} 个迭代周期的运行需要 {gflop} GFLOP；"
        "本机的 float32 矩阵乘法在大矩阵上使用 {threads}（与训练器所用的一样多）可达 {peak} GFLOP/s，"
        "因此简洁实现的训练器用到了其中的 {concise}，从零开始实现的训练器用到了 {scratch}。"
        "然后是它们花费时间的那些算子，由 PyTorch 的性能分析器（profiler）在每个训练器的两个迭代周期上"
        "统计（每个训练步的自身 CPU 时间）："
    ),
    "All operators: {us} µs per step, over {steps} steps, with the profiler's own overhead.": (
        "全部算子：每步 {us} 微秒，共 {steps} 步，含性能分析器自身的开销。"
    ),
    "Concise": "简洁实现",
    "From scratch": "从零开始实现",
    "- **`aten::index_select`** is the minibatch gather (one call for the images and\n"
    "  one for the labels). A shuffled minibatch reads 256 rows from random places in\n"
    "  the training images: the cost is memory traffic, not arithmetic. The\n"
    "  conversion of the gathered bytes to float32 follows it: `.float()` is a copy\n"
    "  (counted in `aten::copy_`, with the other copies of a step), and `aten::div_`\n"
    "  divides by 255 in place.": (
        "- **`aten::index_select`** 是小批量的收集（gather）操作（图像调用一次，标签调用一次）。"
        "一个打乱了顺序的小批量要从训练图像的随机位置读取 256 行：开销在于内存访问，而不在于算术。"
        "随后是把收集到的字节转换为 float32：`.float()` 是一次复制（与一步中的其他复制一起计入 "
        "`aten::copy_`），`aten::div_` 则原地除以 255。"
    ),
    "- **The matrix products** are named differently in the two tables. In the\n"
    "  concise model, `nn.Linear` computes the forward $\\mathbf{X}\\mathbf{W} +\n"
    "  \\mathbf{b}$ in one fused call, `aten::addmm`, and `aten::mm` is the weight\n"
    "  gradient. The scratch model's forward `X @ self.W + self.b` is two operators:\n"
    "  the product, `aten::matmul`, which calls `aten::mm`, and a separate `aten::add`\n"
    "  for the bias; so for the scratch model `aten::mm` counts both products, the\n"
    "  forward and the weight gradient. With only 10 columns the matrices are thin;\n"
    "  the sentence above the tables says how far the trainers are from this\n"
    "  machine's matmul peak.": (
        "- **矩阵乘法**在两张表中的名称不同。在简洁实现的模型中，`nn.Linear` 用一次融合的调用 "
        "`aten::addmm` 计算前向的 $\\mathbf{X}\\mathbf{W} + \\mathbf{b}$，而 `aten::mm` 是"
        "权重的梯度。从零开始实现的模型的前向 `X @ self.W + self.b` 是两个算子：乘积 "
        "`aten::matmul`（它调用 `aten::mm`），以及单独为偏置做的 `aten::add`；因此对从零开始"
        "实现的模型，`aten::mm` 同时计入了前向的乘积和权重梯度的乘积。矩阵只有 10 列，很“瘦”；"
        "表格上方的那句话说明了训练器离本机矩阵乘法的峰值有多远。"
    ),
    "- The rest is the softmax and cross-entropy, the optimizer step, the arg max for\n"
    "  the accuracy and the `.item()` that reads each batch's loss, plus the Python\n"
    "  that calls them; the tables give each operator's time per step. (The labels\n"
    "  are checked once per run, not per batch.)": (
        "- 其余的是 softmax 和交叉熵、优化器的一步更新、计算准确率的 arg max、读取每个批量损失的 "
        "`.item()`，以及调用它们的 Python 代码；表格给出了每个算子每步的时间。"
        "（标签在每次运行时检查一次，而不是每个批量检查一次。）"
    ),
    # What else was tried
    "Each row was measured in the same `make bench` run as the tables above:": (
        "每一行都与上面的表格在同一次 `make bench` 运行中测得："
    ),
    "scratch model with `W` stored row by row": "`W` 按行存储的从零开始实现的模型",
    "column by column: {seconds} s": "按列存储：{seconds} 秒",
    "the loop without `.item()` per batch (losses kept as tensors, read once per epoch)": (
        "不对每个批量调用 `.item()` 的循环（损失保存为张量，每个迭代周期读取一次）"
    ),
    "`.item()` per batch: {seconds} s": "每个批量调用 `.item()`：{seconds} 秒",
    "minibatch gathered with `X[indices]`": "用 `X[indices]` 收集小批量",
    "{us} µs per batch": "每个批量 {us} 微秒",
    "`index_select`: {us} µs per batch": "`index_select`：每个批量 {us} 微秒",
    "images kept as float32, each minibatch gathered": "图像以 float32 保存，直接收集每个小批量",
    "uint8, converted after the gather: {us} µs per batch": (
        "uint8，收集之后再转换：每个批量 {us} 微秒"
    ),
    "{versus}, saving {seconds} s per {epochs} epochs": (
        "{versus}，每 {epochs} 个迭代周期节省 {seconds} 秒"
    ),
    "{versus}, adding {seconds} s per {epochs} epochs": (
        "{versus}，每 {epochs} 个迭代周期增加 {seconds} 秒"
    ),
    "eager: {seconds} s": "即时执行（eager）：{seconds} 秒",
    "`torch.compile(model)`, first run (compiling included)": (
        "`torch.compile(model)`，第一次运行（含编译）"
    ),
    "`torch.compile(model)`, second run in the same process": (
        "`torch.compile(model)`，同一进程中的第二次运行"
    ),
    "failed": "失败",
    "- **The row-major `W`** is the layout `initial_weights` draws and the one the\n"
    "  scratch model used before; the [column layout](#the-lines-that-make-the-difference)\n"
    "  replaced it, and the first row times the whole scratch trainer with each.": (
        "- **按行存储的 `W`** 是 `initial_weights` 抽取权重时的布局，也是从零开始实现的模型以前"
        "使用的布局；[按列的布局](#the-lines-that-make-the-difference)取代了它，第一行分别用这两种"
        "布局为整个从零开始实现的训练器计时。"
    ),
    "- **The loop without `.item()`** keeps each batch's loss as a tensor and reads\n"
    "  them once per epoch, as a loop does to keep an accelerator busy; its row\n"
    "  measures what the simpler loop of `train` costs on the CPU.": (
        "- **不调用 `.item()` 的循环**把每个批量的损失保存为张量，每个迭代周期读取一次，"
        "就像为了让加速器保持忙碌而写的循环那样；它那一行测量 `train` 中较简单的循环在 CPU 上的代价。"
    ),
    "- **`X[indices]`** gathers the same rows as `index_select`, through PyTorch's\n"
    "  general advanced-indexing path.": (
        "- **`X[indices]`** 与 `index_select` 收集相同的行，但走的是 PyTorch 通用的高级索引路径。"
    ),
    "- **float32 storage.** Converting the whole set to float32 once, when it is\n"
    "  loaded, spares converting each minibatch but keeps four bytes per pixel instead\n"
    "  of one ([Memory](#memory) gives both sizes); the row compares the two gathers\n"
    "  per batch and gives the difference over ten epochs.": (
        "- **以 float32 存储。** 在加载时一次性把整个数据集转换为 float32，可以省去每个小批量的"
        "转换，但每个像素要占四个字节而不是一个（[内存](#memory)一节给出了两种大小）；这一行比较"
        "两种收集方式每个批量的用时，并给出十个迭代周期累计的差别。"
    ),
    "- **`torch.compile`** generates fused code for the model. Its first row\n"
    "  includes the compiling, to be set against the whole ten epochs it would speed\n"
    "  up; its second row, a run in the same process, shows the compiled code alone\n"
    "  against the eager model. Fusing can only speed up the operators around the\n"
    "  matrix products, which it leaves to the same library.": (
        "- **`torch.compile`** 为模型生成融合后的代码。它的第一行包括编译的时间，应当与它能加速的"
        "整整十个迭代周期相权衡；第二行是同一进程中的又一次运行，单独显示编译后的代码与即时执行"
        "（eager）模型的对比。融合只能加速矩阵乘法周围的算子，矩阵乘法本身仍交给同一个库。"
    ),
    # Memory
    "The size of the data in memory, and the peak memory of fresh processes that do more "
    "and more, from importing torch up to loading the data and training:": (
        "数据在内存中的大小，以及一系列新启动的进程的峰值内存；这些进程做的事越来越多，"
        "从导入 torch 一直到加载数据并训练："
    ),
    "the images in memory, as uint8 (as the package keeps them)": (
        "内存中的图像，uint8 格式（软件包就是这样保存的）"
    ),
    "the same images as float32": "同样的图像，float32 格式",
    "peak memory of a process that imports torch": "导入 torch 的进程的峰值内存",
    "... that imports torch and torchvision": "……导入 torch 和 torchvision 的进程",
    "... that imports `softmax_regression`": "……导入 `softmax_regression` 的进程",
    "... that loads the data": "……加载数据的进程",
    "... that loads the data and trains {epochs} epochs": (
        "……加载数据并训练 {epochs} 个迭代周期的进程"
    ),
    "... the same with the scratch model": "……同上，但使用从零开始实现的模型",
    "... that imports torch and `torch._dynamo`": "……导入 torch 和 `torch._dynamo` 的进程",
    "Each peak is the high-water mark of resident memory (`VmHWM`) of a fresh Python "
    "process that does what its row says, so the rows separate PyTorch itself, "
    "torchvision, the package, the data and the training.": (
        "每个峰值都是一个新启动的 Python 进程在完成其所在行所说的工作时，常驻内存的最高水位"
        "（`VmHWM`），因此各行把 PyTorch 本身、torchvision、软件包、数据和训练区分开来。"
    ),
    "The concise model's `torch.optim.SGD` imports `torch._dynamo` the first time it is "
    "used (PyTorch's optimizers wrap their methods so that `torch.compile` can skip them), "
    "which the last row measures on its own; the scratch model's own `SGD` does not import "
    "it.": (
        "简洁实现的模型所用的 `torch.optim.SGD` 在第一次使用时会导入 `torch._dynamo`"
        "（PyTorch 的优化器包装了自己的方法，以便 `torch.compile` 能跳过它们），最后一行单独测量了"
        "这一点；从零开始实现的模型自己的 `SGD` 不会导入它。"
    ),
    # Build and tests
    "build step, cold (train, figures, notebooks)": "构建步骤，从头构建（训练、图表、笔记本）",
    "build step, warm (nothing changed)": "构建步骤，再次构建（没有任何改动）",
    "`mkdocs build --strict`": "`mkdocs build --strict`",
    "`make test` (set-up done)": "`make test`（准备工作已完成）",
    "the pages' and docstrings' examples alone (sybil)": "仅页面和文档字符串中的示例（sybil）",
    "The build was not timed in this run (`--no-build` or `--quick`).": (
        "这次运行没有为构建计时（`--no-build` 或 `--quick`）。"
    ),
    "The tests were not timed: in this run {error}.": "测试没有计时：在这次运行中，{error}。",
    "The tests were not timed in this run (`make bench BENCH_ARGS=--tests` does).": (
        "这次运行没有为测试计时（`make bench BENCH_ARGS=--tests` 会计时）。"
    ),
}
