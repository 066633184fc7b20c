"""Inverted dropout, forward and backward (card ``dropout``, section 5 of the write-up).

During training each unit is dropped independently with probability ``p`` (the
DROP probability) and the units that survive are scaled by ``1/(1-p)``, so the
expectation of the output equals the input and nothing has to change at test
time; in evaluation mode dropout is the identity. The backward pass sends the
upstream gradient through the very same mask.
"""

from __future__ import annotations

import numpy as np


def _drop_probability(p) -> float:
    if isinstance(p, (bool, np.bool_)):
        raise ValueError(f"p must be a number in [0, 1], got the bool {p!r}")
    try:
        value = float(p)
    except (TypeError, ValueError):
        raise ValueError(f"p must be a number in [0, 1], got {p!r}") from None
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"p is the drop probability and must lie in [0, 1], got {p!r}")
    return value


def _float_dtype(x: np.ndarray) -> np.dtype:
    return x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)


def dropout_forward(x, p, rng, training=True):
    """Inverted dropout: drop each unit with probability ``p``, scale the kept ones by 1/(1-p).

    Math: draw one independent keep/drop decision per element of ``x``,
    ``keep_i ~ Bernoulli(1 - p)``, and set

        mask_i = keep_i / (1 - p)        (so mask_i is 0 or 1/(1-p))
        out    = x * mask                (elementwise)

    so that ``E[out] = x``: the expectation seen in training equals the test-time
    output, and test time needs no rescaling.

    Contract:
    - ``p`` is the DROP probability (PyTorch's convention), a number in [0, 1];
      any other value (nan included) raises ValueError.
    - ``rng`` is a ``numpy.random.Generator``; draw every random number from it
      (the same seed must give the same mask).
    - Returns ``(out, mask)``; ``mask`` has the shape and the float dtype of ``x``
      (float32 in, float32 out; integer ``x`` gives float64) and holds only 0 and
      1/(1-p); ``out == x * mask``.
    - When ``training`` is False, or ``p == 0``: ``out`` equals ``x`` and
      ``mask`` is all ones.
    - ``p == 1``: every unit is dropped; ``out`` and ``mask`` are all zeros, with
      no nan and no inf (beware of 1/(1-p) = 1/0, which also warns).
    - ``x`` is not modified.

    Card: dropout, section 5 of the write-up.
    """
    p = _drop_probability(p)
    x = np.asarray(x)
    dtype = _float_dtype(x)
    if not training or p == 0.0:
        return x.astype(dtype, copy=True), np.ones(x.shape, dtype=dtype)
    if p == 1.0:
        return np.zeros(x.shape, dtype=dtype), np.zeros(x.shape, dtype=dtype)
    draw = np.float32 if dtype == np.float32 else np.float64
    keep = rng.random(x.shape, dtype=draw) >= draw(p)
    mask = np.multiply(keep, dtype.type(1.0 / (1.0 - p)), dtype=dtype)
    return np.multiply(x, mask, dtype=dtype), mask


def dropout_backward(dout, mask):
    """Gradient of inverted dropout: ``dx = dout * mask``.

    Math: ``out = x * mask`` with ``mask`` fixed during the step, so
    ``d out_i / d x_i = mask_i`` (0 for a dropped unit, 1/(1-p) for a kept one)
    and ``dx = dout * mask``: the gradient goes through the same mask, scale
    included, that the forward pass used.

    Contract: ``dout`` and ``mask`` (as returned by ``dropout_forward``) have the
    same shape, otherwise ValueError (a mask that merely broadcasts is refused);
    the result is their elementwise product whatever values the mask holds, and
    keeps the float dtype (float32 in, float32 out); the inputs are not modified.

    Card: dropout, section 5 of the write-up.
    """
    dout = np.asarray(dout)
    mask = np.asarray(mask)
    if dout.shape != mask.shape:
        raise ValueError(
            f"dout has shape {dout.shape} but mask has shape {mask.shape}; they must match"
        )
    return dout * mask
