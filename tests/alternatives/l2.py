"""L2 penalty through a dot product, weight decay written as (1 - 2 lr lam) w - lr grad."""

import numpy as np


def _check(*values):
    for v in values:
        if v < 0:
            raise ValueError(f"negative strength {v}")


def l2_penalty(w, lam):
    _check(lam)
    flat = np.ravel(np.asarray(w, dtype=np.float64))
    return float(lam * np.dot(flat, flat))


def l2_gradient(w, lam):
    _check(lam)
    return np.multiply(np.asarray(w, dtype=np.float64), 2 * lam)


def weight_decay_step(w, grad, lr, lam):
    _check(lr, lam)
    w = np.asarray(w, dtype=np.float64)
    grad = np.asarray(grad, dtype=np.float64)
    if w.shape != grad.shape:
        raise ValueError("w and grad shapes differ")
    return (1.0 - 2.0 * lr * lam) * w - lr * grad


def elastic_net_penalty(w, lam1, lam2):
    _check(lam1, lam2)
    flat = np.ravel(np.asarray(w, dtype=np.float64))
    return float(lam1 * np.linalg.norm(flat, 1) + lam2 * np.linalg.norm(flat) ** 2)
