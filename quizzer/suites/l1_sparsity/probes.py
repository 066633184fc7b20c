"""``l1-sparsity``: the diagnosis probes and the grader's timing inputs."""

from __future__ import annotations

import numpy as np

from quizzer.suites.l1_sparsity.helpers import _orthonormal, _sparse_problem, _timing_regression


def _probe_soft(impl):
    return np.asarray(
        impl.soft_threshold(np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0]), 1.0), dtype=float
    )


def _probe_l1_norm(impl):
    X, y = _sparse_problem()
    return round(float(np.sum(np.abs(impl.lasso(X, y, 0.5)))), 1)


def _probe_zeros(impl):
    X, y = _sparse_problem()
    return float(np.count_nonzero(np.asarray(impl.lasso(X, y, 1.5)) == 0.0))


def _probe_orthonormal(impl):
    X, y = _orthonormal()
    return np.round(np.asarray(impl.lasso(X, y, 0.4), dtype=float), 2)


PROBES = {
    "soft_threshold": _probe_soft,
    "lasso_l1_norm": _probe_l1_norm,
    "lasso_zeros": _probe_zeros,
    "lasso_orthonormal": _probe_orthonormal,
}


def timing_inputs() -> dict[str, tuple]:
    """A 1000 x 200 sparse regression (the benchmark's size) and a 10^6-element threshold."""
    gen = np.random.default_rng(0)
    X, y = _timing_regression(gen)
    return {
        "soft_threshold": (gen.standard_normal(1_000_000), 0.5),
        "lasso": (X, y, 0.05),
    }
