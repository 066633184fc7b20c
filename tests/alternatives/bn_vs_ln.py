"""bn-vs-ln written with explicit loops over samples, groups and channels, and
np.mean / np.std on each slice: slow, plain, and correct."""

from __future__ import annotations

import numpy as np


def _norm(block, eps):
    return (block - np.mean(block)) / np.sqrt(np.var(block) + eps)


def layer_norm(x, gamma, beta, eps=1e-5):
    x = np.asarray(x)
    if x.ndim == 0:
        raise ValueError("x needs a feature axis")
    gamma, beta = np.asarray(gamma), np.asarray(beta)
    if gamma.shape != (x.shape[-1],) or beta.shape != (x.shape[-1],):
        raise ValueError("gamma and beta need one value per feature")
    if eps < 0:
        raise ValueError("eps must be >= 0")
    out = np.empty_like(x)
    for index in np.ndindex(*x.shape[:-1]):
        out[index] = _norm(x[index], eps) * gamma + beta
    return out


def group_norm(x, num_groups, gamma, beta, eps=1e-5):
    x = np.asarray(x)
    if x.ndim < 2:
        raise ValueError("x must be (N, C, ...)")
    c = x.shape[1]
    if num_groups <= 0 or c % num_groups != 0:
        raise ValueError("num_groups must divide the number of channels")
    gamma, beta = np.asarray(gamma), np.asarray(beta)
    if gamma.shape != (c,) or beta.shape != (c,):
        raise ValueError("gamma and beta need one value per channel")
    if eps < 0:
        raise ValueError("eps must be >= 0")
    size = c // num_groups
    out = np.empty_like(x)
    for n in range(x.shape[0]):
        for g in range(num_groups):
            chans = slice(g * size, (g + 1) * size)
            out[n, chans] = _norm(x[n, chans], eps)
        for ch in range(c):
            out[n, ch] = out[n, ch] * gamma[ch] + beta[ch]
    return out


def instance_norm(x, eps=1e-5):
    x = np.asarray(x)
    if x.ndim < 3 or np.prod(x.shape[2:]) < 2:
        raise ValueError("instance_norm needs spatial axes with at least two positions")
    if eps < 0:
        raise ValueError("eps must be >= 0")
    out = np.empty_like(x)
    for n in range(x.shape[0]):
        for ch in range(x.shape[1]):
            out[n, ch] = _norm(x[n, ch], eps)
    return out
