"""``bn-inference``: the diagnosis probes and the grader's timing inputs."""

from __future__ import annotations

import numpy as np


def _probe_update(impl, momentum):
    x = np.random.default_rng(80).normal(2.0, 3.0, size=(5, 3))
    return impl.update_running_stats(np.array([1.0, 0.0, -1.0]), np.ones(3), x, momentum)


def _probe_eval(impl):
    x = np.random.default_rng(81).normal(10.0, 4.0, size=(4, 3))
    return impl.batchnorm_inference(
        x,
        np.array([1.0, -2.0, 0.5]),
        np.array([0.0, 1.0, 2.0]),
        np.array([1.0, 0.0, -1.0]),
        np.array([4.0, 0.5, 2.0]),
    )


def _probe_fold(impl, eps):
    rng = np.random.default_rng(82)
    W, b = rng.normal(size=(3, 3)), rng.normal(size=3)
    Wf, bf = impl.fold_batchnorm(
        W,
        b,
        np.array([1.0, -2.0, 0.5]),
        np.array([0.0, 1.0, 2.0]),
        np.array([1.0, 0.5, -1.0]),
        np.array([4.0, 0.5, 2.0]),
        eps,
    )
    return W, np.asarray(Wf, dtype=np.float64), np.asarray(bf, dtype=np.float64)


def _probe_fold_axis(impl):
    """1 when W is scaled row by row (output channels), 0 when column by column, 0.5 neither."""
    W, Wf, _ = _probe_fold(impl, 1e-5)
    ratio = Wf / W
    if np.allclose(ratio, ratio[:, :1]):
        return 1.0
    return 0.0 if np.allclose(ratio, ratio[:1, :]) else 0.5


def _probe_fold_scales(impl):
    """The scale factors applied to W with eps = 1, whichever axis they were applied along."""
    W, Wf, _ = _probe_fold(impl, 1.0)
    return np.unique(np.round(Wf / W, 4))


# Each probe reads one property, so that two errors in one function are both named: the
# momentum is read where it matters (0.3) and the variance where a flipped momentum does not
# (0.5); folding reads the axis W is scaled along, the scale itself, and the bias.
PROBES = {
    "update mean, momentum 0.3": lambda impl: _probe_update(impl, 0.3)[0],
    "update var, momentum 0.5": lambda impl: _probe_update(impl, 0.5)[1],
    "eval on a shifted batch": _probe_eval,
    "fold scales rows of W": _probe_fold_axis,
    "fold scale, eps=1": _probe_fold_scales,
    "fold bias": lambda impl: _probe_fold(impl, 1e-5)[2],
}


def timing_inputs():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((8192, 256), dtype=np.float32)
    ones, zeros = np.ones(256, np.float32), np.zeros(256, np.float32)
    W = rng.standard_normal((256, 128, 3, 3), dtype=np.float32)
    return {
        "update_running_stats": (zeros, ones, x),
        "batchnorm_inference": (x, ones, zeros, zeros, ones),
        "fold_batchnorm": (W, zeros, ones, zeros, zeros, ones),
    }
