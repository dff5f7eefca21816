"""Softmax regression, derived and run: the code the pages show, as a package.

Each module holds one concept: :mod:`~softmax_regression.softmax`,
:mod:`~softmax_regression.cross_entropy`, :mod:`~softmax_regression.accuracy`, :mod:`~softmax_regression.evaluation`,
:mod:`~softmax_regression.sgd`, :mod:`~softmax_regression.stability`, :mod:`~softmax_regression.models`,
:mod:`~softmax_regression.data`, :mod:`~softmax_regression.batching` and
:mod:`~softmax_regression.training`.
"""

from softmax_regression.accuracy import accuracy, num_correct
from softmax_regression.batching import minibatches
from softmax_regression.cross_entropy import cross_entropy, cross_entropy_naive
from softmax_regression.data import FashionMNISTData, Split, load_fashion_mnist
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
from softmax_regression.softmax import log_softmax, logsumexp, softmax, softmax_naive
from softmax_regression.stability import exp_overflow_threshold, exp_underflow_threshold
from softmax_regression.training import (
    EpochStats,
    TrainConfig,
    TrainingDiverged,
    evaluate_accuracy,
    train,
)

__all__ = [
    "SGD",
    "DataError",
    "EpochStats",
    "FashionMNISTData",
    "SoftmaxRegressionConcise",
    "SoftmaxRegressionScratch",
    "Split",
    "TrainConfig",
    "TrainingDiverged",
    "accuracy",
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
