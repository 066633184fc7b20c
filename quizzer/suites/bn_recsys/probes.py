"""``bn-recsys``: the diagnosis probes and the grader's timing inputs."""

from __future__ import annotations

import numpy as np

_PROBE_MASK = np.array([[1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 0, 0]], dtype=bool)


def _probe(impl, pad):
    rng = np.random.default_rng(110)
    x = rng.normal(1.0, 2.0, size=(3, 4, 2))
    x[~_PROBE_MASK] = pad
    with np.errstate(all="ignore"):
        out = impl.masked_batchnorm(
            x, _PROBE_MASK, np.array([1.5, -0.5]), np.array([0.5, 1.0]), 1e-9
        )
    return np.asarray(out, dtype=np.float64)


# The real and the padded positions apart, so that an error in the statistics and one in the
# padded outputs are both named; eps is tiny, so a different eps handling shows in neither.
PROBES = {
    "real, finite padding": lambda impl: _probe(impl, 4.0)[_PROBE_MASK],
    "padded, finite padding": lambda impl: _probe(impl, 4.0)[~_PROBE_MASK],
    "real, nan padding": lambda impl: _probe(impl, np.nan)[_PROBE_MASK],
    "padded, nan padding": lambda impl: _probe(impl, np.nan)[~_PROBE_MASK],
}


def timing_inputs():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((256, 50, 64), dtype=np.float32)
    mask = np.arange(50)[None, :] < rng.integers(1, 51, size=256)[:, None]
    return {"masked_batchnorm": (x, mask, np.ones(64, np.float32), np.zeros(64, np.float32))}
