"""``l1-drawbacks``: the diagnosis probes and the grader's timing inputs."""

from __future__ import annotations

import numpy as np

from quizzer.suites.l1_sparsity.helpers import _orthonormal, _sparse_problem, _timing_regression


def _probe_orthonormal(impl):
    X, y = _orthonormal()
    return np.round(np.asarray(impl.elastic_net(X, y, 0.5, 0.7), dtype=float), 2)


def _probe_l1_norm(impl):
    X, y = _sparse_problem()
    return round(float(np.sum(np.abs(impl.elastic_net(X, y, 0.5, 0.5)))), 1)


def _probe_zeros(impl):
    X, y = _sparse_problem()
    return float(np.count_nonzero(np.asarray(impl.elastic_net(X, y, 1.0, 0.9)) == 0.0))


PROBES = {"orthonormal": _probe_orthonormal, "l1_norm": _probe_l1_norm, "zeros": _probe_zeros}


def timing_inputs() -> dict[str, tuple]:
    """A 1000 x 200 sparse regression (the benchmark's size)."""
    gen = np.random.default_rng(0)
    X, y = _timing_regression(gen)
    return {"elastic_net": (X, y, 0.05, 0.5)}
