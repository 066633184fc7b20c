"""BN switching itself off (card ``bn-params``, section 9 of the write-up): with
``gamma = sqrt(var + eps)`` and ``beta = mean`` of each channel, BatchNorm's
learnable scale and shift undo its normalisation exactly and the layer returns
its input. (The write-up says gamma and beta take the mean and the standard
deviation "respectively": that is the wrong way round.)
"""

from __future__ import annotations

import numpy as np


def bn_identity_params(x, eps=1e-5):
    """The ``(gamma, beta)`` for which training-mode BatchNorm returns ``x`` itself.

    BatchNorm computes ``out = gamma * (x - mean) / sqrt(var + eps) + beta`` per
    channel (axis 1 of ``x``, shape ``(N, C)`` or ``(N, C, *spatial)``), with
    the channel's mean and biased variance over every axis but the channel
    axis. Choose, per channel::

        gamma[c] = sqrt(var_c + eps)   # the scale undoes the division (eps included)
        beta[c]  = mean_c              # the shift undoes the centring

    so that ``batchnorm_forward(x, gamma, beta, eps)`` returns ``x``: the
    learnable parameters let BN "switch itself off".

    Rules: ``x`` is not modified; ``gamma`` and ``beta`` have shape ``(C,)``
    and x's float dtype (float32 in, float32 out); ``eps`` defaults to 1e-5.
    Raise ValueError when ``x`` has fewer than 2 dimensions, when a channel has
    fewer than 2 values, or when ``eps`` is negative.

    Card: bn-params, section 9 of the write-up.
    """
    x = np.asarray(x)
    if x.dtype.kind != "f":
        x = x.astype(np.float64)
    if x.ndim < 2:
        raise ValueError(f"x must have shape (N, C) or (N, C, *spatial), got shape {x.shape}")
    m = x.size // x.shape[1] if x.shape[1] else 0
    if m < 2:
        raise ValueError(
            f"each channel needs at least 2 values for batch statistics; x of shape {x.shape} "
            f"has {m} per channel"
        )
    if not eps >= 0:
        raise ValueError(f"eps must be non-negative, got {eps}")
    axes = (0, *range(2, x.ndim))
    mean = x.mean(axis=axes)
    var = x.var(axis=axes)
    return np.sqrt(var + x.dtype.type(eps)), mean
