"""bn-recsys written differently: the padding replaced by 0 with np.where, the
statistics from masked sums divided by the count of real positions, and the
output masked with np.where again (never by multiplication)."""

from __future__ import annotations

import numpy as np


def masked_batchnorm(x, mask, gamma, beta, eps=1e-5):
    x = np.asarray(x)
    mask = np.asarray(mask)
    if x.ndim != 3 or mask.shape != x.shape[:2]:
        raise ValueError("x must be (N, T, D) and mask (N, T)")
    if mask.dtype != bool:
        if not np.isin(mask, (0, 1)).all():
            raise ValueError("mask must hold 0/1")
        mask = mask.astype(bool)
    gamma, beta = np.asarray(gamma), np.asarray(beta)
    if gamma.shape != (x.shape[2],) or beta.shape != (x.shape[2],):
        raise ValueError("gamma and beta need one value per feature")
    count = int(mask.sum())
    if count < 2:
        raise ValueError("need two real positions")
    if eps < 0:
        raise ValueError("eps must be >= 0")
    keep = mask[:, :, None]
    clean = np.where(keep, x, 0)
    mean = clean.sum(axis=(0, 1)) / count
    centred = np.where(keep, clean - mean, 0)
    var = (centred * centred).sum(axis=(0, 1)) / count
    out = centred / np.sqrt(var + eps) * gamma + beta
    return np.where(keep, out, 0).astype(x.dtype)
