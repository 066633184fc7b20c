"""bn-inference written differently: the running update as old + momentum * (batch - old)
with the variance from explicit sums over a (C, m) view, eval as the textbook
formula, and folding as a product with diag(scale)."""

from __future__ import annotations

import numpy as np


def _rows(x):
    return np.moveaxis(x, 1, 0).reshape(x.shape[1], -1)


def _vec(v, n, dtype):
    v = np.asarray(v, dtype=dtype)
    if v.shape != (n,):
        raise ValueError(f"expected a vector of {n} values, got shape {v.shape}")
    return v


def update_running_stats(running_mean, running_var, x, momentum=0.1):
    x = np.asarray(x)
    if x.ndim < 2 or not 0.0 <= momentum <= 1.0:
        raise ValueError("need x of shape (N, C, ...) and momentum in [0, 1]")
    rows = _rows(x)
    m = rows.shape[1]
    if m < 2:
        raise ValueError("need two values per channel")
    old_mean = _vec(running_mean, rows.shape[0], x.dtype)
    old_var = _vec(running_var, rows.shape[0], x.dtype)
    mean = rows.sum(axis=1) / m
    var = ((rows - mean[:, None]) ** 2).sum(axis=1) / (m - 1)
    return old_mean + momentum * (mean - old_mean), old_var + momentum * (var - old_var)


def _check_var_eps(var, eps):
    if (var < 0).any() or eps < 0:
        raise ValueError("running_var and eps must be >= 0")


def batchnorm_inference(x, gamma, beta, running_mean, running_var, eps=1e-5):
    x = np.asarray(x)
    if x.ndim < 2:
        raise ValueError("x must be (N, C, ...)")
    c = x.shape[1]
    g, b, mu, var = (_vec(v, c, x.dtype) for v in (gamma, beta, running_mean, running_var))
    _check_var_eps(var, eps)
    shape = [1] * x.ndim
    shape[1] = c
    mu, var, g, b = (v.reshape(shape) for v in (mu, var, g, b))
    return g * (x - mu) / np.sqrt(var + x.dtype.type(eps)) + b


def fold_batchnorm(W, b, gamma, beta, running_mean, running_var, eps=1e-5):
    W = np.asarray(W)
    if W.ndim < 2:
        raise ValueError("W must be (out, in, ...)")
    n = W.shape[0]
    g, bt, mu, var = (_vec(v, n, W.dtype) for v in (gamma, beta, running_mean, running_var))
    _check_var_eps(var, eps)
    bias = np.zeros(n, W.dtype) if b is None else _vec(b, n, W.dtype)
    scale = g / np.sqrt(var + W.dtype.type(eps))
    W_folded = np.tensordot(np.diag(scale), W, axes=1)
    return W_folded, scale * bias + (bt - scale * mu)
