"""``l2``: the diagnosis probes and the grader's timing inputs."""

from __future__ import annotations

import numpy as np

_PROBE_W = np.array([3.0, -4.0, 0.0, 1.0])
_PROBE_G = np.array([1.0, 1.0, -1.0, 0.5])


def _probe_penalty(impl):
    return float(impl.l2_penalty(_PROBE_W.copy(), 0.5))


def _probe_gradient(impl):
    return np.asarray(impl.l2_gradient(_PROBE_W.copy(), 0.5), dtype=float)


def _probe_step(impl):
    return np.asarray(
        impl.weight_decay_step(_PROBE_W.copy(), _PROBE_G.copy(), 0.1, 0.5), dtype=float
    )


def _probe_elastic(impl):
    return float(impl.elastic_net_penalty(_PROBE_W.copy(), 0.5, 0.25))


def _probe_modifies(impl):
    w = _PROBE_W.copy()
    impl.weight_decay_step(w, _PROBE_G.copy(), 0.1, 0.5)
    return float(not np.array_equal(w, _PROBE_W))


PROBES = {
    "penalty": _probe_penalty,
    "gradient": _probe_gradient,
    "step": _probe_step,
    "elastic_net_penalty": _probe_elastic,
    "modifies_w": _probe_modifies,
}


def timing_inputs() -> dict[str, tuple]:
    """A weight matrix of 10^6 entries and its loss gradient."""
    gen = np.random.default_rng(0)
    w, grad = gen.standard_normal((1000, 1000)), gen.standard_normal((1000, 1000))
    return {
        "l2_penalty": (w, 1e-4),
        "l2_gradient": (w, 1e-4),
        "weight_decay_step": (w, grad, 0.01, 1e-4),
        "elastic_net_penalty": (w, 1e-4, 1e-4),
    }
