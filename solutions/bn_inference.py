"""BatchNorm at inference (card ``bn-inference``, section 8 of the write-up): during training
BN keeps exponential moving averages of each channel's batch mean and unbiased
batch variance; in eval mode it normalises with those running statistics, never
with the statistics of the batch at hand, so BN becomes a fixed per-channel
affine map that can be folded into the weights of the preceding Linear or Conv
layer.
"""

from __future__ import annotations

import numpy as np


def _float_array(a) -> np.ndarray:
    a = np.asarray(a)
    return a if a.dtype.kind == "f" else a.astype(np.float64)


def _channel_vectors(channels: int, dtype, **vectors) -> list[np.ndarray]:
    out = []
    for name, value in vectors.items():
        value = np.asarray(value, dtype=dtype)
        if value.shape != (channels,):
            raise ValueError(f"{name} must have shape (C,) = ({channels},), got {value.shape}")
        out.append(value)
    return out


def _check_eps(eps) -> None:
    if not eps >= 0:
        raise ValueError(f"eps must be non-negative, got {eps}")


def update_running_stats(running_mean, running_var, x, momentum=0.1):
    """One training step's update of BatchNorm's running statistics: returns ``(mean, var)``.

    For every channel c of ``x`` (shape ``(N, C)`` or ``(N, C, *spatial)``; the
    channel axis is axis 1), with the batch statistics taken over every axis but
    the channel axis (``m`` values)::

        batch_mean = mean(x[:, c])
        batch_var  = sum((x[:, c] - batch_mean) ** 2) / (m - 1)   # unbiased: m - 1
        mean[c]    = (1 - momentum) * running_mean[c] + momentum * batch_mean
        var[c]     = (1 - momentum) * running_var[c]  + momentum * batch_var

    This is PyTorch's convention: ``momentum`` (default 0.1) is the weight of the
    NEW batch. The running variance estimates the population variance, hence the
    unbiased estimator (normalising the batch itself uses the biased one).

    Rules: the inputs are not modified (return new arrays); float32 inputs give
    float32 outputs. Raise ValueError when ``x`` has fewer than 2 dimensions,
    when the running statistics are not of shape ``(C,)``, when a channel has
    fewer than 2 values, or when ``momentum`` is outside [0, 1].

    Card: bn-inference, section 8 of the write-up.
    """
    x = _float_array(x)
    if x.ndim < 2:
        raise ValueError(f"x must have shape (N, C) or (N, C, *spatial), got shape {x.shape}")
    dtype = np.result_type(x, np.asarray(running_mean), np.asarray(running_var), np.float16)
    channels = x.shape[1]
    running_mean, running_var = _channel_vectors(
        channels, dtype, running_mean=running_mean, running_var=running_var
    )
    m = x.size // channels if channels else 0
    if m < 2:
        raise ValueError(
            f"the unbiased variance needs at least 2 values per channel; x of shape {x.shape} "
            f"has {m}"
        )
    if not 0 <= momentum <= 1:
        raise ValueError(f"momentum must be in [0, 1], got {momentum}")
    axes = (0, *range(2, x.ndim))
    batch_mean = x.mean(axis=axes, dtype=dtype)
    batch_var = x.var(axis=axes, ddof=1, dtype=dtype)
    keep = dtype.type(1 - momentum)
    new = dtype.type(momentum)
    return keep * running_mean + new * batch_mean, keep * running_var + new * batch_var


def batchnorm_inference(x, gamma, beta, running_mean, running_var, eps=1e-5):
    """Eval-mode BatchNorm: normalise with the running statistics, not the batch's.

    For every channel c (axis 1 of ``x``, shape ``(N, C)`` or ``(N, C, *spatial)``)::

        out[:, c] = gamma[c] * (x[:, c] - running_mean[c]) / sqrt(running_var[c] + eps) + beta[c]

    Each sample's output depends only on that sample, so any batch size works,
    a single sample included, and the result does not change with the rest of
    the batch.

    Rules: inputs are not modified; ``out`` has x's shape and float dtype
    (float32 in, float32 out); ``eps`` defaults to 1e-5. Raise ValueError when
    ``x`` has fewer than 2 dimensions, when ``gamma``, ``beta``,
    ``running_mean`` or ``running_var`` is not of shape ``(C,)``, when
    ``running_var`` has a negative entry, or when ``eps`` is negative.

    Card: bn-inference, section 8 of the write-up.
    """
    x = _float_array(x)
    if x.ndim < 2:
        raise ValueError(f"x must have shape (N, C) or (N, C, *spatial), got shape {x.shape}")
    gamma, beta, running_mean, running_var = _channel_vectors(
        x.shape[1], x.dtype, gamma=gamma, beta=beta,
        running_mean=running_mean, running_var=running_var,
    )  # fmt: skip
    _check_eps(eps)
    if np.any(running_var < 0):
        raise ValueError("running_var must be non-negative")
    scale = gamma / np.sqrt(running_var + x.dtype.type(eps))
    bshape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    out = x * scale.reshape(bshape)
    out += (beta - running_mean * scale).reshape(bshape)
    return out


def fold_batchnorm(W, b, gamma, beta, running_mean, running_var, eps=1e-5):
    """Fold an eval-mode BatchNorm into the layer before it: returns ``(W_folded, b_folded)``.

    The layer is a Linear weight ``W`` of shape ``(out, in)`` or a Conv weight
    ``(out, in, *kernel)`` with bias ``b`` of shape ``(out,)`` (or None, no
    bias); BN acts on its ``out`` channels. With
    ``scale = gamma / sqrt(running_var + eps)`` (shape ``(out,)``)::

        W_folded = W * scale   # scales each OUTPUT channel: W_folded[o] = scale[o] * W[o]
        b_folded = (b - running_mean) * scale + beta              # b = 0 when None

    so that ``layer(x; W_folded, b_folded) == BN_eval(layer(x; W, b))``.

    Rules: inputs are not modified; ``b_folded`` is always an array of shape
    ``(out,)``, even when ``b`` is None; both outputs keep W's float dtype
    (float32 in, float32 out); ``eps`` defaults to 1e-5. Raise ValueError when
    ``W`` has fewer than 2 dimensions, when ``b``, ``gamma``, ``beta``,
    ``running_mean`` or ``running_var`` is not of shape ``(out,)``, when
    ``running_var`` has a negative entry, or when ``eps`` is negative.

    Card: bn-inference, section 8 of the write-up.
    """
    W = _float_array(W)
    if W.ndim < 2:
        raise ValueError(f"W must have shape (out, in) or (out, in, *kernel), got shape {W.shape}")
    out_channels = W.shape[0]
    gamma, beta, running_mean, running_var = _channel_vectors(
        out_channels, W.dtype, gamma=gamma, beta=beta,
        running_mean=running_mean, running_var=running_var,
    )  # fmt: skip
    if b is None:
        b = np.zeros(out_channels, dtype=W.dtype)
    (b,) = _channel_vectors(out_channels, W.dtype, b=b)
    _check_eps(eps)
    if np.any(running_var < 0):
        raise ValueError("running_var must be non-negative")
    scale = gamma / np.sqrt(running_var + W.dtype.type(eps))
    W_folded = W * scale.reshape((out_channels,) + (1,) * (W.ndim - 1))
    b_folded = (b - running_mean) * scale + beta
    return W_folded, b_folded
