"""BatchNorm on padded sequences (card ``bn-recsys``, section 11 of the write-up): in
recommender systems a batch of user behaviour sequences is padded to a common
length, and plain BN would count the padding in its statistics. Masked BN takes
each feature's statistics over the real positions only, and padding, whatever
it holds (nan included), never reaches the output.
"""

from __future__ import annotations

import numpy as np


def _bool_mask(mask, shape) -> np.ndarray:
    mask = np.asarray(mask)
    if mask.shape != shape:
        raise ValueError(f"mask must have shape (N, T) = {shape}, got {mask.shape}")
    if mask.dtype == bool:
        return mask
    if mask.dtype.kind not in "iuf" or not np.all((mask == 0) | (mask == 1)):
        raise ValueError("mask must be boolean, or hold only 0 and 1")
    return mask != 0


def masked_batchnorm(x, mask, gamma, beta, eps=1e-5):
    """Training-mode BatchNorm over the real positions of padded sequences.

    ``x`` has shape ``(N, T, D)`` (N sequences padded to length T, D features);
    ``mask`` has shape ``(N, T)``, True where the position is real and False
    where it is padding (0/1 integers are accepted too). For every feature d,
    with ``R`` the set of real positions (n, t) and ``r = |R|``::

        mean_d = sum over R of x[n, t, d] / r
        var_d  = sum over R of (x[n, t, d] - mean_d) ** 2 / r        # biased
        out[n, t, d] = gamma[d] * (x[n, t, d] - mean_d) / sqrt(var_d + eps) + beta[d]   on R
        out[n, t, d] = 0                                                      on padding

    That is, the real positions are normalised exactly as plain BatchNorm
    would normalise ``x[mask]`` (shape ``(r, D)``). Padded inputs may hold any
    value, nan and inf included: they must not influence any output, and
    padded outputs are exactly 0 (multiplying by the mask is not enough:
    nan * 0 is nan).

    Rules: inputs are not modified; ``out`` has x's shape and float dtype
    (float32 in, float32 out); ``eps`` defaults to 1e-5. Raise ValueError when
    ``x`` is not 3-dimensional, when ``mask`` is not of shape ``(N, T)`` or
    holds values other than 0/1, when ``gamma`` or ``beta`` is not of shape
    ``(D,)``, when there are fewer than 2 real positions, or when ``eps`` is
    negative.

    Card: bn-recsys, section 11 of the write-up.
    """
    x = np.asarray(x)
    if x.dtype.kind != "f":
        x = x.astype(np.float64)
    if x.ndim != 3:
        raise ValueError(f"x must have shape (N, T, D), got shape {x.shape}")
    mask = _bool_mask(mask, x.shape[:2])
    d = x.shape[2]
    gamma = np.asarray(gamma, dtype=x.dtype)
    beta = np.asarray(beta, dtype=x.dtype)
    for name, value in (("gamma", gamma), ("beta", beta)):
        if value.shape != (d,):
            raise ValueError(f"{name} must have shape (D,) = ({d},), got {value.shape}")
    if not eps >= 0:
        raise ValueError(f"eps must be non-negative, got {eps}")
    real = x[mask]  # (r, D): padding never enters the arithmetic
    if real.shape[0] < 2:
        raise ValueError(
            f"need at least 2 real positions for batch statistics, got {real.shape[0]}"
        )
    mean = real.mean(axis=0)
    real -= mean  # real is a fresh copy made by the boolean index
    var = np.einsum("rd,rd->d", real, real) / real.shape[0]
    scale = gamma / np.sqrt(var + x.dtype.type(eps))
    real *= scale
    real += beta
    out = np.zeros_like(x)
    out[mask] = real
    return out
