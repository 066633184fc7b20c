"""Dropout written differently: a binomial draw per element, np.where, division by 1-p."""

import numpy as np


def dropout_forward(x, p, rng, training=True):
    if not (0 <= p <= 1):
        raise ValueError("p must be in [0, 1]")
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    if not training or p == 0:
        return x.copy(), np.ones_like(x)
    if p == 1:
        return np.zeros_like(x), np.zeros_like(x)
    keep = rng.binomial(1, 1 - p, size=x.shape).astype(bool)
    mask = np.where(keep, x.dtype.type(1) / x.dtype.type(1 - p), x.dtype.type(0))
    return x * mask, mask


def dropout_backward(dout, mask):
    dout, mask = np.asarray(dout), np.asarray(mask)
    if dout.shape != mask.shape:
        raise ValueError("shape mismatch")
    return np.where(mask != 0, dout * mask, 0).astype(np.result_type(dout, mask))
