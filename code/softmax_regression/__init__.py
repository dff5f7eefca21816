"""Softmax regression, derived and run: the code the pages show, as a package.

Each module holds one concept. These are the modules of softmax regression
and its training, and this top level re-exports the names a reader needs from
them; other pages add modules of their own, imported by their full name:

- :mod:`~softmax_regression.softmax`: the softmax and its log-space relatives;
- :mod:`~softmax_regression.stability`: where ``exp`` overflows and underflows;
- :mod:`~softmax_regression.cross_entropy`: the loss;
- :mod:`~softmax_regression.accuracy`: the number and fraction correct;
- :mod:`~softmax_regression.evaluation`: confusion matrix, confident mistakes;
- :mod:`~softmax_regression.sgd`: the optimizer;
- :mod:`~softmax_regression.models`: the scratch and the concise model;
- :mod:`~softmax_regression.data`: Fashion-MNIST in memory, as bytes;
- :mod:`~softmax_regression.data_files`: finding and verifying its files;
- :mod:`~softmax_regression.batching`: minibatches;
- :mod:`~softmax_regression.training`: the hyperparameters and the loop;
- :mod:`~softmax_regression.checks`: the input checks, kept at the edges;
- :mod:`~softmax_regression.cli`: ``python -m softmax_regression``.
"""

from softmax_regression.accuracy import accuracy, num_correct
from softmax_regression.batching import minibatches
from softmax_regression.cross_entropy import cross_entropy, cross_entropy_naive
from softmax_regression.data import (
    CLASSES,
    FashionMNISTData,
    Split,
    as_float,
    load_fashion_mnist,
)
from softmax_regression.data_files import DataError, locate_fashion_mnist
from softmax_regression.evaluation import (
    confusion_matrix,
    most_confident_mistakes,
    per_class_accuracy,
)
from softmax_regression.models import (
    SoftmaxRegressionConcise,
    SoftmaxRegressionScratch,
    build_model,
)
from softmax_regression.sgd import SGD, sgd
from softmax_regression.softmax import (
    log_softmax,
    logsumexp,
    softmax,
    softmax_naive,
)
from softmax_regression.stability import (
    exp_overflow_threshold,
    exp_underflow_threshold,
)
from softmax_regression.training import (
    ConfigError,
    EpochStats,
    TrainConfig,
    TrainingDiverged,
    evaluate_accuracy,
    train,
)

__all__ = [
    "CLASSES",
    "SGD",
    "ConfigError",
    "DataError",
    "EpochStats",
    "FashionMNISTData",
    "SoftmaxRegressionConcise",
    "SoftmaxRegressionScratch",
    "Split",
    "TrainConfig",
    "TrainingDiverged",
    "accuracy",
    "as_float",
    "build_model",
    "confusion_matrix",
    "cross_entropy",
    "cross_entropy_naive",
    "evaluate_accuracy",
    "exp_overflow_threshold",
    "exp_underflow_threshold",
    "load_fashion_mnist",
    "locate_fashion_mnist",
    "log_softmax",
    "logsumexp",
    "minibatches",
    "most_confident_mistakes",
    "num_correct",
    "per_class_accuracy",
    "sgd",
    "softmax",
    "softmax_naive",
    "train",
]
