"""Shared by the ``l1-drawbacks`` tests: the problems, a checked call and the optimality (KKT) check."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import as_array, say
from quizzer.suites.l1_sparsity.helpers import _expect_kkt, _kkt_gaps


def _correlated_problem(seed=7, n=60):
    """Features 0 and 1 are 99% correlated and equally relevant; 2 and 5 matter too."""
    gen = np.random.default_rng(seed)
    z = gen.standard_normal(n)
    x1, x2 = z + 0.1 * gen.standard_normal(n), z + 0.1 * gen.standard_normal(n)
    others = gen.standard_normal((n, 4))
    X = np.column_stack([x1, x2, others])
    y = x1 + x2 + others @ np.array([1.0, 0.0, 0.0, -0.5]) + 0.3 * gen.standard_normal(n)
    return X, y


def _duplicated_problem(seed=11, n=50):
    """Column 0 appears twice (columns 0 and 1)."""
    gen = np.random.default_rng(seed)
    base = gen.standard_normal((n, 4))
    X = np.column_stack([base[:, 0], base])
    y = base @ np.array([2.0, -1.0, 0.0, 0.5]) + 0.2 * gen.standard_normal(n)
    return X, y


def _fit(impl, X, y, alpha, l1_ratio):
    w = impl.elastic_net(X, y, alpha, l1_ratio)
    return as_array(
        w,
        say(
            "elastic_net(X, y, alpha={a}, l1_ratio={r}) with X of shape {s}",
            "elastic_net(X, y, alpha={a}, l1_ratio={r})（X 的形状为 {s}）",
            a=f"{alpha:g}",
            r=f"{l1_ratio:g}",
            s=str(X.shape),
        ),
        shape=(X.shape[1],),
    )


def _check_kkt(X, y, w, alpha, l1_ratio, what):
    worst_nonzero, worst_zero = _kkt_gaps(X, y, w, alpha * l1_ratio, alpha * (1 - l1_ratio))
    _expect_kkt(
        worst_nonzero,
        worst_zero,
        what,
        (
            "{what}: not optimal. Where w_j != 0 the optimality condition is "
            "X_j^T(y - Xw)/n - alpha(1-l1_ratio)·w_j = alpha·l1_ratio·sign(w_j); it is off by "
            "{off} (tolerance {tol}). Check the 1/(2n) on the data term, the 0.5 on the L2 term, "
            "which part l1_ratio weighs, and that the solver has converged.",
            "{what}：不是最优解。w_j != 0 处的最优性条件是 "
            "X_j^T(y - Xw)/n - alpha(1-l1_ratio)·w_j = alpha·l1_ratio·sign(w_j)，偏差为 {off}"
            "（容差 {tol}）。请检查数据项的 1/(2n)、L2 项的 0.5、l1_ratio 加权的是哪一项，"
            "以及求解器是否已经收敛。",
        ),
        (
            "{what}: not optimal. Where w_j == 0 the condition is "
            "|X_j^T(y - Xw)/n| <= alpha·l1_ratio; it is exceeded by {off} (tolerance {tol}).",
            "{what}：不是最优解。w_j == 0 处的条件是 |X_j^T(y - Xw)/n| <= alpha·l1_ratio，"
            "实际超出 {off}（容差 {tol}）。",
        ),
    )
