"""Shared by the ``l1-sparsity`` tests: the problems, a checked call and the optimality (KKT) check."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import as_array, expect, say

KKT_TOL = 1e-6
_RELEVANT = (0, 3, 7)


def _sparse_problem(seed=5, n=60, d=12):
    """y depends on features 0, 3 and 7 only; alpha = 0.1 zeroes the nine others with a wide margin."""
    gen = np.random.default_rng(seed)
    X = gen.standard_normal((n, d))
    w_true = np.zeros(d)
    w_true[list(_RELEVANT)] = [3.0, -2.0, 1.5]
    y = X @ w_true + 0.1 * gen.standard_normal(n)
    return X, y


def _orthonormal(seed=3, n=40, d=8):
    """X with X^T X / n = I exactly (up to rounding)."""
    gen = np.random.default_rng(seed)
    q, _ = np.linalg.qr(gen.standard_normal((n, d)))
    X = np.sqrt(n) * q
    y = X @ gen.uniform(-2, 2, d) + 0.3 * gen.standard_normal(n)
    return X, y


def _timing_regression(gen):
    """The benchmark's 1000 x 200 regression (20 relevant features), drawn from ``gen``."""
    X = gen.standard_normal((1000, 200))
    w = np.zeros(200)
    w[:20] = gen.standard_normal(20) * 2
    y = X @ w + 0.5 * gen.standard_normal(1000)
    return X, y


def _lasso(impl, X, y, alpha):
    w = impl.lasso(X, y, alpha)
    return as_array(
        w,
        say(
            "lasso(X, y, alpha={a}) with X of shape {s}",
            "lasso(X, y, alpha={a})（X 的形状为 {s}）",
            a=f"{alpha:g}",
            s=str(X.shape),
        ),
        shape=(X.shape[1],),
    )


def _soft(w, t):
    return np.sign(w) * np.maximum(np.abs(w) - t, 0.0)


def _kkt_gaps(X, y, w, l1, l2=None):
    """How far ``w`` is from optimal for (1/2n)||y - Xw||^2 + l1·||w||_1 (+ l2/2·||w||^2).

    g = X^T (y - X w)/n (- l2·w) must equal l1·sign(w_j) where w_j != 0 and lie in [-l1, l1]
    where w_j == 0: returns ``(worst_nonzero, worst_zero)``, the worst miss of each.
    """
    n = X.shape[0]
    w = np.asarray(w, dtype=np.float64)
    g = X.T @ (y - X @ w) / n
    if l2 is not None:
        g = g - l2 * w
    nz = w != 0
    worst_nonzero = float(np.max(np.abs(g[nz] - l1 * np.sign(w[nz])), initial=0.0))
    worst_zero = float(np.max(np.abs(g[~nz]) - l1, initial=-np.inf))
    return worst_nonzero, worst_zero


def _expect_kkt(worst_nonzero, worst_zero, what, on_support, off_support):
    """Fail with ``on_support`` or ``off_support`` (an en, zh pair with ``{what}``, ``{off}`` and
    ``{tol}``) where the gaps of ``_kkt_gaps`` pass ``KKT_TOL``."""
    expect(
        worst_nonzero <= KKT_TOL,
        say(*on_support, what=what, off=f"{worst_nonzero:.3g}", tol=f"{KKT_TOL:g}"),
    )
    expect(
        worst_zero <= KKT_TOL,
        say(*off_support, what=what, off=f"{worst_zero:.3g}", tol=f"{KKT_TOL:g}"),
    )


def _check_kkt(X, y, w, alpha, what):
    """g = X^T (y - X w)/n must equal alpha*sign(w_j) where w_j != 0 and lie in [-alpha, alpha] where w_j == 0."""
    worst_nonzero, worst_zero = _kkt_gaps(X, y, w, alpha)
    _expect_kkt(
        worst_nonzero,
        worst_zero,
        what,
        (
            "{what}: not optimal. Where w_j != 0 the optimality condition is "
            "X_j^T(y - Xw)/n = alpha·sign(w_j); it is off by {off} (tolerance {tol}). Check the "
            "1/(2n) scaling of the objective, the threshold (step·alpha in ISTA), and that the "
            "solver has converged.",
            "{what}：不是最优解。w_j != 0 处的最优性条件是 X_j^T(y - Xw)/n = alpha·sign(w_j)，"
            "偏差为 {off}（容差 {tol}）。请检查目标函数的 1/(2n) 缩放、阈值（ISTA 中是 step·alpha），"
            "以及求解器是否已经收敛。",
        ),
        (
            "{what}: not optimal. Where w_j == 0 the condition is |X_j^T(y - Xw)/n| <= alpha; it "
            "is exceeded by {off} (tolerance {tol}): that coefficient should not be zero.",
            "{what}：不是最优解。w_j == 0 处的条件是 |X_j^T(y - Xw)/n| <= alpha，实际超出 {off}"
            "（容差 {tol}）：这个系数不应为 0。",
        ),
    )
