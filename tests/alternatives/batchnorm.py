"""BatchNorm written as a computational graph (the staged backward of CS231n):
channels moved to the front and flattened to (C, m), np.var for the variance,
and the backward pass walked node by node instead of the closed form."""

from __future__ import annotations

import numpy as np


def _to_rows(a):
    """(N, C, *spatial) -> (C, m): one row per channel."""
    return np.moveaxis(a, 1, 0).reshape(a.shape[1], -1)


def _from_rows(rows, shape):
    moved = (shape[1], shape[0], *shape[2:])
    return np.moveaxis(rows.reshape(moved), 0, 1)


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    x = np.asarray(x)
    if x.ndim < 2:
        raise ValueError("x needs a batch axis and a channel axis")
    c = x.shape[1]
    gamma, beta = np.asarray(gamma), np.asarray(beta)
    if gamma.shape != (c,) or beta.shape != (c,):
        raise ValueError("gamma and beta need one value per channel")
    rows = _to_rows(x)
    if rows.shape[1] < 2:
        raise ValueError("every channel needs at least two values")
    if eps < 0:
        raise ValueError("eps must be >= 0")
    mu = rows.mean(axis=1, keepdims=True)
    xmu = rows - mu
    var = np.var(rows, axis=1, keepdims=True)
    sqrtvar = np.sqrt(var + eps)
    ivar = (1 / sqrtvar).astype(x.dtype)
    xhat = xmu * ivar
    out = xhat * gamma.astype(x.dtype)[:, None] + beta.astype(x.dtype)[:, None]
    return _from_rows(out, x.shape), (xhat, xmu, ivar, sqrtvar, var, eps, gamma, x.shape)


def batchnorm_backward(dout, cache):
    xhat, xmu, ivar, sqrtvar, var, eps, gamma, shape = cache
    if np.shape(dout) != shape:
        raise ValueError("dout must have the shape of x")
    d = _to_rows(np.asarray(dout))
    m = d.shape[1]
    dbeta = d.sum(axis=1)
    dgamma = (d * xhat).sum(axis=1)
    dxhat = d * gamma.astype(d.dtype)[:, None]
    divar = (dxhat * xmu).sum(axis=1, keepdims=True)
    dxmu1 = dxhat * ivar
    dsqrtvar = -divar / sqrtvar**2
    dvar = 0.5 * dsqrtvar / np.sqrt(var + eps)
    dsq = np.ones_like(d) * dvar / m
    dxmu2 = 2 * xmu * dsq
    dx1 = dxmu1 + dxmu2
    dmu = -dx1.sum(axis=1, keepdims=True)
    dx = dx1 + dmu / m
    return _from_rows(dx.astype(d.dtype), shape), dgamma.astype(d.dtype), dbeta.astype(d.dtype)
