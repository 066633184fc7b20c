"""LayerNorm, GroupNorm and InstanceNorm (card ``bn-vs-ln``, section 10 of the write-up):
the same standardisation as BatchNorm, ``(x - mean) / sqrt(var + eps)`` with the
biased variance, but with the statistics taken inside each sample (over its
features, over a group of its channels, or over one channel's spatial
positions), so a sample's output never depends on the rest of the batch.
"""

from __future__ import annotations

import numpy as np


def _float_array(x) -> np.ndarray:
    x = np.asarray(x)
    return x if x.dtype.kind == "f" else x.astype(np.float64)


def _check_eps(eps) -> None:
    if not eps >= 0:
        raise ValueError(f"eps must be non-negative, got {eps}")


def _vector(name: str, value, size: int, dtype) -> np.ndarray:
    value = np.asarray(value, dtype=dtype)
    if value.shape != (size,):
        raise ValueError(f"{name} must have shape ({size},), got {value.shape}")
    return value


def _moments(rows: np.ndarray, eps: float) -> tuple[np.ndarray, np.ndarray]:
    """Mean and 1/sqrt(var + eps) over the last axis of ``rows`` (biased variance).

    One pass, E[x^2] - mean^2, where that is safe; rows whose mean is large
    against their spread (cancellation) are centred first.
    """
    k = rows.shape[-1]
    mean = np.add.reduce(rows, axis=-1) / k
    var = np.einsum("...k,...k->...", rows, rows) / k - mean * mean
    unsafe = ~(mean * mean <= 4 * var)
    if unsafe.any():
        centred = rows[unsafe] - mean[unsafe][:, None]
        var[unsafe] = np.einsum("ik,ik->i", centred, centred) / k
    inv_std = var
    inv_std += rows.dtype.type(eps)
    np.sqrt(inv_std, out=inv_std)
    np.reciprocal(inv_std, out=inv_std)
    return mean, inv_std


def layer_norm(x, gamma, beta, eps=1e-5):
    """LayerNorm over the last axis: each row (sample, or token) is standardised on its own.

    For ``x`` of shape ``(..., D)`` (e.g. ``(N, D)`` or ``(N, T, D)``), with the
    mean and the biased variance of each row ``x[..., :]`` over its D features::

        out = gamma * (x - mean) / sqrt(var + eps) + beta     # gamma, beta: shape (D,)

    No statistic crosses the batch: a sample's output does not change when
    the other samples change, and a batch of one works.

    Rules: inputs are not modified; ``out`` has x's shape and float dtype
    (float32 in, float32 out); ``eps`` defaults to 1e-5. Raise ValueError when
    ``x`` is 0-dimensional, when ``gamma`` or ``beta`` is not of shape ``(D,)``,
    or when ``eps`` is negative.

    Card: bn-vs-ln, section 10 of the write-up.
    """
    x = _float_array(x)
    if x.ndim < 1 or x.shape[-1] < 1:
        raise ValueError(f"x must have a last axis of D >= 1 features, got shape {x.shape}")
    d = x.shape[-1]
    gamma = _vector("gamma", gamma, d, x.dtype)
    beta = _vector("beta", beta, d, x.dtype)
    _check_eps(eps)
    rows = x.reshape(-1, d)
    mean, inv_std = _moments(rows, eps)
    out = rows - mean[:, None]
    out *= inv_std[:, None]
    out *= gamma
    out += beta
    return out.reshape(x.shape)


def group_norm(x, num_groups, gamma, beta, eps=1e-5):
    """GroupNorm: per sample, standardise each group of ``C // num_groups`` adjacent channels.

    ``x`` has shape ``(N, C, *spatial)``. The channels are split into
    ``num_groups`` CONTIGUOUS groups (group g holds channels ``g*C/G`` to
    ``(g+1)*C/G - 1``); for every sample n and group g, the mean and the biased
    variance are taken over the group's channels and all spatial positions::

        x_hat[n, c] = (x[n, c] - mean[n, g(c)]) / sqrt(var[n, g(c)] + eps)
        out[n, c]   = gamma[c] * x_hat[n, c] + beta[c]       # per CHANNEL affine, shape (C,)

    ``num_groups = 1`` is LayerNorm over ``(C, *spatial)`` with a per-channel
    affine; ``num_groups = C`` is InstanceNorm with an affine.

    Rules: inputs are not modified; ``out`` has x's shape and float dtype
    (float32 in, float32 out); ``eps`` defaults to 1e-5. Raise ValueError when
    ``x`` has fewer than 2 dimensions, when ``num_groups`` is not a positive
    divisor of C (0, negative, or C not divisible by it), when ``gamma`` or ``beta`` is not of shape ``(C,)``,
    or when ``eps`` is negative.

    Card: bn-vs-ln, section 10 of the write-up.
    """
    x = _float_array(x)
    if x.ndim < 2:
        raise ValueError(f"x must have shape (N, C, *spatial), got shape {x.shape}")
    n, c = x.shape[:2]
    if isinstance(num_groups, bool) or not isinstance(num_groups, (int, np.integer)):
        raise ValueError(f"num_groups must be an integer, got {num_groups!r}")
    if num_groups < 1 or c % num_groups:
        raise ValueError(f"num_groups must be a positive divisor of C = {c}, got {num_groups}")
    gamma = _vector("gamma", gamma, c, x.dtype)
    beta = _vector("beta", beta, c, x.dtype)
    _check_eps(eps)
    groups = np.ascontiguousarray(x).reshape(n, num_groups, -1)  # contiguous groups: a view
    mean, inv_std = _moments(groups, eps)
    per_group = c // num_groups
    # out = x * scale + shift, with one scale and one shift per (sample, channel)
    scale = np.repeat(inv_std, per_group, axis=1) * gamma
    shift = beta - np.repeat(mean, per_group, axis=1) * scale
    out = x.reshape(n, c, -1) * scale[..., None]
    out += shift[..., None]
    return out.reshape(x.shape)


def instance_norm(x, eps=1e-5):
    """InstanceNorm: standardise each (sample, channel) over its spatial positions; no affine.

    ``x`` has shape ``(N, C, *spatial)`` with at least 2 spatial positions. For
    every sample n and channel c, with the mean and the biased variance over the
    spatial axes::

        out[n, c] = (x[n, c] - mean[n, c]) / sqrt(var[n, c] + eps)

    Rules: ``x`` is not modified; ``out`` has x's shape and float dtype
    (float32 in, float32 out); ``eps`` defaults to 1e-5. Raise ValueError when
    ``x`` has fewer than 3 dimensions or fewer than 2 spatial positions, or
    when ``eps`` is negative.

    Card: bn-vs-ln, section 10 of the write-up.
    """
    x = _float_array(x)
    if x.ndim < 3 or x.size // max(x.shape[0] * x.shape[1], 1) < 2:
        raise ValueError(
            f"x must have shape (N, C, *spatial) with at least 2 spatial positions, got {x.shape}"
        )
    _check_eps(eps)
    rows = np.ascontiguousarray(x).reshape(x.shape[0], x.shape[1], -1)
    mean, inv_std = _moments(rows, eps)
    out = rows - mean[..., None]
    out *= inv_std[..., None]
    return out.reshape(x.shape)
