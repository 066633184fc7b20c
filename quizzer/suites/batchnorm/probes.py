"""``batchnorm``: the diagnosis probes and the grader's timing inputs."""

from __future__ import annotations

import numpy as np


def _probe_x(shape, seed):
    return np.random.default_rng(seed).normal(0.5, 2.0, size=shape)


def _probe_forward(impl, shape, eps=1e-9):
    """The output on a random batch; eps is tiny unless the probe is about eps, so that the
    shape probes name an error of the statistics whatever the file does with eps."""
    x = _probe_x(shape, 100 + len(shape))
    channels = shape[1]
    gamma = np.linspace(0.5, 2.0, channels)
    beta = np.linspace(-1.0, 1.0, channels)
    out, _ = impl.batchnorm_forward(x * (0.2 if eps == 1.0 else 1.0), gamma, beta, eps)
    return np.asarray(out, dtype=np.float64)


def _probe_backward(impl, centred):
    """Relative size of dx for a dout constant per channel (dx must be 0: shifting a channel's
    input does not change its output) or equal to (x - mean) + 1 (dx must be ~0 too: neither
    does scaling it)."""
    x = _probe_x((200, 2), 103)
    _, cache = impl.batchnorm_forward(x, np.array([1.5, -0.5]), np.array([0.2, 0.0]))
    dout = x - x.mean(axis=0) + 1 if centred else np.ones_like(x)
    dx = impl.batchnorm_backward(dout, cache)[0]
    return round(float(np.linalg.norm(dx) / np.linalg.norm(dout)), 2)


PROBES = {
    "forward (6, 3)": lambda impl: _probe_forward(impl, (6, 3)),
    "forward (2, 2, 2, 3)": lambda impl: _probe_forward(impl, (2, 2, 2, 3)),
    "forward eps=1": lambda impl: _probe_forward(impl, (4, 3), eps=1.0),
    "backward, constant dout": lambda impl: _probe_backward(impl, centred=False),
    "backward, dout = x - mean + 1": lambda impl: _probe_backward(impl, centred=True),
}


def timing_inputs():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((8192, 256), dtype=np.float32)
    return {"batchnorm_forward": (x, np.ones(256, np.float32), np.zeros(256, np.float32))}
