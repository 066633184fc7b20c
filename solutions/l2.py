"""The L2 penalty, weight decay and the elastic-net penalty (card ``l2``, section 3 of the write-up).

The L2 penalty is ``lam`` times the SQUARED Euclidean norm (the write-up writes
``lam*||w||_2`` but sums the squares: the squared norm is the one meant). Its
gradient ``2*lam*w`` is proportional to the weight, so a gradient step shrinks
every weight by a constant factor: weight decay. Elastic net adds the L1 and L2
penalties.
"""

from __future__ import annotations

import numpy as np


def _nonnegative(value, name: str) -> float:
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be a number >= 0, got {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number >= 0, got {value!r}") from None
    if not 0.0 <= number < float("inf"):
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return number


def _weights(w) -> np.ndarray:
    return np.asarray(w, dtype=np.float64)


def l2_penalty(w, lam):
    """The L2 penalty ``lam * sum_i w_i**2`` = ``lam * ||w||_2**2`` (the SQUARED norm), as a float.

    Math: ``L2(w) = lam * sum_i w_i^2`` over every entry of ``w`` (any shape).
    Note the square: ``lam*||w||_2`` without it is a different penalty (its
    gradient does not vanish at 0 and it is not weight decay).

    Contract: ``lam >= 0``, otherwise ValueError; returns a float (computed in
    float64, float32 ``w`` included); ``w`` is not modified.

    Card: l2, section 3 of the write-up.
    """
    lam = _nonnegative(lam, "lam")
    w = _weights(w)
    return lam * float(np.sum(w * w))


def l2_gradient(w, lam):
    """Gradient of ``l2_penalty``: ``d/dw (lam * sum w**2) = 2 * lam * w``.

    Contract: ``lam >= 0``, otherwise ValueError; returns a float64 array of
    ``w``'s shape; ``w`` is not modified.

    Card: l2, section 3 of the write-up.
    """
    lam = _nonnegative(lam, "lam")
    return 2.0 * lam * _weights(w)


def weight_decay_step(w, grad, lr, lam):
    """One plain SGD step on ``loss + l2_penalty(w, lam)``: ``w - lr * (grad + 2*lam*w)``.

    Math: ``grad`` is the gradient of the loss alone at ``w``; adding the
    penalty's gradient ``2*lam*w`` gives

        w_new = w - lr*(grad + 2*lam*w) = (1 - 2*lr*lam)*w - lr*grad,

    i.e. the weights decay by the factor ``1 - 2*lr*lam`` at every step.

    Contract: ``w`` and ``grad`` have the same shape (otherwise ValueError);
    ``lr >= 0`` and ``lam >= 0`` (otherwise ValueError). Returns a new float64
    array; ``w`` and ``grad`` are not modified.

    Card: l2, section 3 of the write-up.
    """
    lr = _nonnegative(lr, "lr")
    lam = _nonnegative(lam, "lam")
    w, grad = _weights(w), _weights(grad)
    if w.shape != grad.shape:
        raise ValueError(f"grad has shape {grad.shape} but w has shape {w.shape}; they must match")
    return w - lr * (grad + 2.0 * lam * w)


def elastic_net_penalty(w, lam1, lam2):
    """The elastic-net penalty ``lam1 * sum|w_i| + lam2 * sum w_i**2``, as a float.

    Math: the L1 penalty with strength ``lam1`` plus the (squared) L2 penalty
    with strength ``lam2``; ``lam2 = 0`` gives the L1 penalty, ``lam1 = 0`` the
    L2 penalty.

    Contract: ``lam1 >= 0`` and ``lam2 >= 0``, otherwise ValueError; returns a
    float (computed in float64, float32 ``w`` included); ``w`` is not modified.

    Card: l2, section 3 of the write-up.
    """
    lam1 = _nonnegative(lam1, "lam1")
    lam2 = _nonnegative(lam2, "lam2")
    w = _weights(w)
    return lam1 * float(np.sum(np.abs(w))) + lam2 * float(np.sum(w * w))
