"""Input checks, kept at the edges so that the code on the pages is the formula.

The public functions check their arguments with a decorator placed just above
the lines a page shows: :func:`checks_scores_and_labels` on the losses, the
accuracy and the confident mistakes, :func:`checks_predictions` on the
confusion matrix, :func:`checks_minibatch_arguments` on the minibatches, and
:func:`checks_inputs` on the two models (it checks what ``forward`` and
``loss`` are given). The softmax functions and the optimizer call a check
themselves, in one line. The training data is checked once, before the first
epoch, by :func:`~softmax_regression.training.check_dataset`.

Most checks look only at a tensor's type, shape and dtype, which costs no
computation. The range of the labels costs a pass over them, so it is checked
where a whole data set comes in (``check_dataset``, ``accuracy``,
``confusion_matrix``, ``most_confident_mistakes``), not on every minibatch.
The functions the training loop calls on every minibatch, the losses and
``num_correct``, leave it out: there a label of q or more makes the loss's
indexing fail with torch's ``IndexError``, which names the label and the
number of classes; a negative label counts from the end, as a negative index
does in Python; and ``num_correct`` counts either as a wrong prediction.

Every message names the argument, what it received and what was expected.
"""

import functools
import inspect
from collections.abc import Callable
from typing import TypeVar

import torch

__all__ = [
    "check_images",
    "check_label_range",
    "check_labels",
    "check_logits",
    "check_lr",
    "checks_inputs",
    "checks_minibatch_arguments",
    "checks_predictions",
    "checks_scores_and_labels",
]

F = TypeVar("F", bound=Callable)
M = TypeVar("M", bound=type)


def _check_tensor(value: object, name: str) -> torch.Tensor:
    if not isinstance(value, torch.Tensor):
        raise TypeError(
            f"{name} must be a torch.Tensor, got {type(value).__name__}"
        )
    return value


def check_logits(X: object, name: str = "X", *, batched: bool = False) -> None:
    """Check a floating-point tensor of scores with classes on the last axis.

    Args:
        X: the tensor to check: shape ``(q,)`` or ``(n, q)``.
        name: the argument's name, used in the error message.
        batched: require the minibatch form ``(n, q)``.

    Raises:
        TypeError: ``X`` is not a floating-point tensor.
        ValueError: ``X`` has the wrong number of dimensions or no classes.
    """
    X = _check_tensor(X, name)
    expected = "(n, q)" if batched else "(q,) or (n, q)"
    if X.dim() not in ((2,) if batched else (1, 2)):
        raise ValueError(
            f"{name} must have shape {expected} (classes on the last axis), "
            f"got shape {tuple(X.shape)} with {X.dim()} dimensions"
        )
    if not X.is_floating_point():
        raise TypeError(
            f"{name} must be a floating-point tensor, got dtype {X.dtype}; "
            f"convert it with {name}.float()"
        )
    if X.shape[-1] == 0:
        raise ValueError(
            f"{name} must have at least one class, got shape {tuple(X.shape)}"
        )


def check_labels(
    y: object, num_examples: int | None = None, name: str = "y"
) -> None:
    """Check a vector of integer class labels: its type, shape and length.

    Args:
        y: the labels: shape ``(n,)``, an integer dtype.
        num_examples: ``n``, the number of rows of the scores they go with
            (``None``: any length).
        name: the argument's name, used in the error message.

    Raises:
        TypeError: ``y`` is not a tensor of integers.
        ValueError: ``y`` has the wrong shape or length.
    """
    y = _check_tensor(y, name)
    if y.dim() != 1:
        hint = (
            "; for one-hot labels pass y.argmax(dim=1)" if y.dim() == 2 else ""
        )
        raise ValueError(
            f"{name} must have shape (n,), one class index per example, "
            f"got shape {tuple(y.shape)}{hint}"
        )
    if y.is_floating_point() or y.is_complex() or y.dtype == torch.bool:
        raise TypeError(
            f"{name} must hold integer class indices (torch.int64), "
            f"got dtype {y.dtype}; convert it with {name}.long()"
        )
    if num_examples is not None and len(y) != num_examples:
        raise ValueError(
            f"{name} has {len(y)} labels but the scores have {num_examples} "
            "rows; they must describe the same examples"
        )


def check_label_range(
    y: torch.Tensor, num_classes: int, name: str = "y"
) -> None:
    """Check that every label lies in ``0..q-1``: one pass over the labels.

    Raises:
        ValueError: a label is negative or at least ``num_classes``.
    """
    if len(y) == 0:
        return
    low, high = (int(bound) for bound in torch.aminmax(y))  # one pass
    if low < 0 or high >= num_classes:
        bad = low if low < 0 else high
        raise ValueError(
            f"{name} holds the label {bad}, outside 0..{num_classes - 1} "
            f"(there are q={num_classes} classes)"
        )


def check_images(X: object, num_inputs: int, name: str = "X") -> None:
    """Check a minibatch of inputs that flattens to ``(n, num_inputs)``.

    Args:
        X: shape ``(n, num_inputs)`` or ``(n, 1, 28, 28)`` (any shape whose
            trailing axes multiply to ``num_inputs``), floating point.
        num_inputs: ``d``, the number of features of one example.
        name: the argument's name, used in the error message.

    Raises:
        TypeError: ``X`` is not a floating-point tensor.
        ValueError: one example of ``X`` does not have ``num_inputs`` values.
    """
    X = _check_tensor(X, name)
    if not X.is_floating_point():
        raise TypeError(
            f"{name} must be a floating-point tensor, got dtype {X.dtype}; "
            f"convert uint8 images with as_float({name})"
        )
    if X.dim() < 2 or X.shape[1:].numel() != num_inputs:
        raise ValueError(
            f"{name} must be a minibatch of shape (n, {num_inputs}) or "
            f"(n, 1, 28, 28) whose examples have {num_inputs} values, "
            f"got shape {tuple(X.shape)}"
        )


def check_lr(lr: object, name: str = "lr") -> None:
    """Check a learning rate: a finite number greater than 0.

    Raises:
        TypeError: ``lr`` is not a number.
        ValueError: ``lr`` is zero, negative, infinite or NaN.
    """
    if isinstance(lr, bool) or not isinstance(lr, (int, float)):
        raise TypeError(f"{name} must be a number, got {type(lr).__name__}")
    if not (0 < lr < float("inf")):
        raise ValueError(
            f"{name} must be a finite number greater than 0, got {lr}"
        )


def _leading(
    function: Callable, args: tuple, kwargs: dict, count: int
) -> tuple:
    """The first ``count`` arguments of a call, passed by position or by name.

    A call that lacks one raises the ``TypeError`` Python would raise.
    """
    if kwargs or len(args) < count:
        args = inspect.signature(function).bind(*args, **kwargs).args
    return args[:count]


def checks_scores_and_labels(
    name: str, *, label_range: bool = False, nonempty: bool = False
) -> Callable[[F], F]:
    """Decorate ``f(scores, y, ...)`` to check ``scores`` and ``y`` first.

    ``scores`` must be a float ``(n, q)`` tensor, ``y`` a vector of ``n``
    integer labels.

    Args:
        name: the name of the scores argument, for the messages: ``"O"`` for
            logits, ``"y_hat"`` for probabilities.
        label_range: also check that every label lies in ``0..q-1`` (a pass
            over the labels: for functions that see a whole data set).
        nonempty: also require at least one example.
    """

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def checked(*args, **kwargs):
            scores, y = _leading(function, args, kwargs, 2)
            check_logits(scores, name, batched=True)
            check_labels(y, num_examples=len(scores))
            if nonempty and len(y) == 0:
                raise ValueError(
                    f"{name} has no rows; {function.__name__} needs at least "
                    "one example"
                )
            if label_range:
                check_label_range(y, num_classes=scores.shape[1])
            return function(*args, **kwargs)

        return checked  # type: ignore[return-value]

    return decorate


def checks_predictions(function: F) -> F:
    """Decorate ``f(predicted, y, num_classes)``: two label vectors in range."""

    @functools.wraps(function)
    def checked(*args, **kwargs):
        predicted, y, num_classes = _leading(function, args, kwargs, 3)
        check_labels(predicted, name="predicted")
        check_labels(y, num_examples=len(predicted))
        check_label_range(predicted, num_classes, name="predicted")
        check_label_range(y, num_classes)
        return function(*args, **kwargs)

    return checked  # type: ignore[return-value]


def checks_minibatch_arguments(function: F) -> F:
    """Decorate ``f(X, y, batch_size, ...)``: check the arguments at the call.

    ``X`` and ``y`` must hold as many examples, and ``batch_size`` must be an
    integer of at least 1. The check runs when the generator is made, not at
    its first batch.
    """

    @functools.wraps(function)
    def checked(*args, **kwargs):
        X, y, batch_size = _leading(function, args, kwargs, 3)
        if len(X) != len(y):
            raise ValueError(
                f"X has {len(X)} examples but y has {len(y)}; they must match"
            )
        if (
            isinstance(batch_size, bool)
            or not isinstance(batch_size, int)
            or batch_size < 1
        ):
            raise ValueError(
                "batch_size must be an integer of at least 1, "
                f"got {batch_size!r}"
            )
        return function(*args, **kwargs)

    return checked  # type: ignore[return-value]


def checks_inputs(model_class: M) -> M:
    """Class decorator: the model's ``forward`` and ``loss`` check their inputs.

    ``forward(X)`` needs a float minibatch whose examples have ``num_inputs``
    values (an attribute of the model; see :func:`check_images`), and
    ``loss(O, y)`` float logits ``(n, q)`` and ``n`` integer labels. The label
    range is left to the check of the whole data set.
    """
    forward, loss = model_class.forward, model_class.loss

    @functools.wraps(forward)
    def checked_forward(self, X):
        check_images(X, num_inputs=self.num_inputs)
        return forward(self, X)

    @functools.wraps(loss)
    def checked_loss(self, O, y):
        check_logits(O, "O", batched=True)
        check_labels(y, num_examples=len(O))
        return loss(self, O, y)

    model_class.forward, model_class.loss = checked_forward, checked_loss
    return model_class
