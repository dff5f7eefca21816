"""Input checks shared by the public functions.

Each check looks only at a tensor's type, shape and dtype, which costs no
computation. The one exception is the label range in :func:`check_labels`: it
is checked on the CPU, where it is a tiny reduction, and skipped on an
accelerator, where reading the result back would stall the device every batch.

Every message names the argument, what it received and what was expected.
"""

import torch

__all__ = ["check_images", "check_labels", "check_logits", "check_lr"]


def _check_tensor(value: object, name: str) -> torch.Tensor:
    if not isinstance(value, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(value).__name__}")
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
            f"{name} must be a floating-point tensor, got dtype {X.dtype}; convert it with {name}.float()"
        )
    if X.shape[-1] == 0:
        raise ValueError(f"{name} must have at least one class, got shape {tuple(X.shape)}")


def check_labels(y: object, num_classes: int, num_examples: int, name: str = "y") -> None:
    """Check a vector of integer class labels against the scores it goes with.

    Args:
        y: the labels: shape ``(n,)``, an integer dtype, values in ``0..q-1``.
        num_classes: ``q``, the number of classes of the scores.
        num_examples: ``n``, the number of rows of the scores.
        name: the argument's name, used in the error message.

    Raises:
        TypeError: ``y`` is not a tensor of integers.
        ValueError: ``y`` has the wrong shape or length, or a label is out of range.
    """
    y = _check_tensor(y, name)
    if y.dim() != 1:
        hint = "; for one-hot labels pass y.argmax(dim=1)" if y.dim() == 2 else ""
        raise ValueError(
            f"{name} must have shape (n,), one class index per example, got shape {tuple(y.shape)}{hint}"
        )
    if y.is_floating_point() or y.is_complex() or y.dtype == torch.bool:
        raise TypeError(
            f"{name} must hold integer class indices (torch.int64), got dtype {y.dtype}; convert it with {name}.long()"
        )
    if len(y) != num_examples:
        raise ValueError(
            f"{name} has {len(y)} labels but the scores have {num_examples} rows; they must describe the same examples"
        )
    if y.device.type == "cpu" and len(y) > 0:
        low, high = (int(bound) for bound in torch.aminmax(y))  # one pass; Python ints compare fast
        if low < 0 or high >= num_classes:
            bad = low if low < 0 else high
            raise ValueError(
                f"{name} holds the label {bad}, outside 0..{num_classes - 1} (the scores have q={num_classes} classes)"
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
            f"{name} must be a floating-point tensor, got dtype {X.dtype}; convert images with {name}.float() / 255"
        )
    if X.dim() < 2 or X.shape[1:].numel() != num_inputs:
        raise ValueError(
            f"{name} must be a minibatch of shape (n, {num_inputs}) or (n, 1, 28, 28) whose "
            f"examples have {num_inputs} values, got shape {tuple(X.shape)}"
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
        raise ValueError(f"{name} must be a finite number greater than 0, got {lr}")
