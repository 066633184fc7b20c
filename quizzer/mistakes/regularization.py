"""Classic wrong answers to the ``regularization`` challenge (ridge regression)."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import mistake

CARD = "regularization"


def _inputs(X, y, lam):
    if lam < 0:
        raise ValueError("lam must be >= 0")
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError("X must be (n, d) and y (n,)")
    return X, y


def half_lam(X, y, lam):
    X, y = _inputs(X, y, lam)
    return np.linalg.solve(X.T @ X + lam / 2 * np.eye(X.shape[1]), X.T @ y)


def n_scaled(X, y, lam):
    X, y = _inputs(X, y, lam)
    n, d = X.shape
    return np.linalg.solve(X.T @ X / n + lam * np.eye(d), X.T @ y / n)


def lam_everywhere(X, y, lam):
    X, y = _inputs(X, y, lam)
    return np.linalg.lstsq(X.T @ X + lam, X.T @ y, rcond=None)[0]  # adds lam to EVERY entry


def penalty_ignored(X, y, lam):
    X, y = _inputs(X, y, lam)
    return np.linalg.lstsq(X, y, rcond=None)[0]  # lam is validated, then forgotten


def no_validation(X, y, lam):
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError("X must be (n, d) and y (n,)")
    return np.linalg.lstsq(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y, rcond=None)[0]


def _m(slug, name, en, zh, fn, *, name_zh, signature=()):
    return mistake(CARD, slug, name, en, zh, name_zh=name_zh, signature=signature, ridge_fit=fn)


MISTAKES = [
    _m(
        "half-lam",
        "Penalty taken as lam/2",
        "With the objective ||y - Xw||² + lam·||w||² the gradient is -2Xᵀ(y - Xw) + 2·lam·w, and "
        "the 2s cancel: (XᵀX + lam·I)w = Xᵀy. Writing lam/2 mixes in the ½||y - Xw||² + (lam/2)||w||² "
        "convention. See card regularization: lam multiplies the plain squared norm.",
        "目标函数 ||y - Xw||² + lam·||w||² 的梯度是 -2Xᵀ(y - Xw) + 2·lam·w，两边的 2 相消：(XᵀX + lam·I)w = Xᵀy。"
        "写成 lam/2 是混入了 ½||y - Xw||² + (lam/2)||w||² 的写法。见卡片 regularization：lam 乘的是平方范数本身。",
        half_lam,
        name_zh="惩罚项取成了 lam/2",
    ),
    _m(
        "n-scaled",
        "Data term divided by n",
        "(1/n)||y - Xw||² + lam||w||² is scikit-learn-style scaling, equivalent to the contract's "
        "objective with lam·n: far more shrinkage. The contract's objective has no 1/n. "
        "See card regularization.",
        "(1/n)||y - Xw||² + lam||w||² 是另一种缩放，等价于题目目标函数里用 lam·n，收缩会大得多。题目的目标函数没有 1/n。"
        "见卡片 regularization。",
        n_scaled,
        name_zh="数据项除以了 n",
    ),
    _m(
        "lam-everywhere",
        "lam added to every entry of XᵀX",
        "X.T @ X + lam broadcasts the scalar to every entry of the matrix; the penalty's Hessian is "
        "lam·I, so only the diagonal gets lam: X.T @ X + lam * np.eye(d). See card regularization.",
        "X.T @ X + lam 会把标量广播加到矩阵的每个元素上；惩罚项的 Hessian 是 lam·I，只有对角线加 lam：X.T @ X + lam * np.eye(d)。"
        "见卡片 regularization。",
        lam_everywhere,
        name_zh="lam 加到了 XᵀX 的每个元素上",
        # XᵀX + lam is singular in the wide probe: its answer there depends on the solver
        signature=("w",),
    ),
    _m(
        "penalty-ignored",
        "lam never used: plain least squares",
        "The penalty is what regularizes: without lam·I in the normal equations the fit is ordinary "
        "least squares, with no shrinkage and, when d > n, no unique solution (X^T X is singular). See card regularization.",
        "正则化靠的就是惩罚项：正规方程里没有 lam·I 就是普通最小二乘，没有任何收缩，d > n 时也没有唯一解。见卡片 regularization。",
        penalty_ignored,
        name_zh="没用到 lam：普通最小二乘",
    ),
    _m(
        "no-validation",
        "Negative lam accepted",
        "A negative lam rewards large weights and can make XᵀX + lam·I indefinite: the 'solution' "
        "is a saddle point, not a minimum. Raise ValueError. See card regularization.",
        "负的 lam 会奖励大权重，还可能让 XᵀX + lam·I 不定：得到的是鞍点而不是最小值。应抛出 ValueError。见卡片 regularization。",
        no_validation,
        name_zh="接受了负的 lam",
    ),
]
