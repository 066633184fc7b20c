"""Dropout with an explicit loop over a flat view and uniform draws in float64 (slow but correct)."""

import numpy as np


def dropout_forward(x, p, rng, training=True):
    p = float(p)
    if not 0 <= p <= 1:  # nan too
        raise ValueError(f"bad p {p}")
    x = np.asarray(x)
    dtype = x.dtype if x.dtype.kind == "f" else np.float64
    mask = np.ones(x.shape, dtype=dtype)
    if training and p > 0:
        u = rng.uniform(0.0, 1.0, size=x.size)
        flat = mask.reshape(-1)
        for i in range(x.size):
            flat[i] = 0.0 if (p == 1 or u[i] < p) else 1.0 / (1.0 - p)
    return (x * mask).astype(dtype), mask


def dropout_backward(dout, mask):
    if np.shape(dout) != np.shape(mask):  # the contract: no broadcasting
        raise ValueError("dout and mask must have the same shape")
    return np.multiply(dout, mask)
