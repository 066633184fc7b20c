"""Classic wrong answers to the ``l1-sparsity`` challenge, as runnable variants of the reference."""

from __future__ import annotations

import numpy as np

from quizzer.challenges import reference
from quizzer.suites.base import mistake

CARD = "l1-sparsity"


def _ref():
    return reference(CARD)


def hard_threshold(w, t):
    if t < 0:
        raise ValueError("t must be >= 0")
    w = np.asarray(w, dtype=np.float64)
    return np.where(np.abs(w) > t, w, 0.0)  # keeps survivors unshrunk


def threshold_without_sign(w, t):
    if t < 0:
        raise ValueError("t must be >= 0")
    w = np.asarray(w, dtype=np.float64)
    return np.maximum(np.abs(w) - t, 0.0)  # the sign of w is lost


def threshold_without_clip(w, t):
    if t < 0:
        raise ValueError("t must be >= 0")
    w = np.asarray(w, dtype=np.float64)
    return w - t * np.sign(w)  # small values are pushed across zero instead of set to zero


def subgradient_descent(X, y, alpha):
    """Minimise the Lasso objective with the subgradient alpha*sign(w): it never lands on 0."""
    if alpha < 0:
        raise ValueError("alpha must be >= 0")
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    n, d = X.shape
    gram, corr = X.T @ X / n, X.T @ y / n
    step = 1.0 / np.linalg.eigvalsh(gram)[-1]
    w = np.zeros(d)
    for k in range(3000):
        w = w - step / np.sqrt(k + 1) * (gram @ w - corr + alpha * np.sign(w))
    return w


def missing_one_over_n(X, y, alpha):
    """Minimises 0.5*||y - Xw||^2 + alpha*||w||_1: the same as the right objective with alpha/n."""
    return _ref().lasso(X, y, alpha / np.shape(X)[0])


def missing_half(X, y, alpha):
    """Minimises (1/n)*||y - Xw||^2 + alpha*||w||_1: the same as the right objective with alpha/2."""
    return _ref().lasso(X, y, alpha / 2)


def ista_unscaled_threshold(X, y, alpha):
    """ISTA with step 1/L that thresholds by alpha instead of step*alpha: it solves the problem for alpha*L."""
    X = np.asarray(X, dtype=np.float64)
    lipschitz = np.linalg.norm(X, 2) ** 2 / X.shape[0]
    return _ref().lasso(X, y, alpha * lipschitz)


def _m(slug, name, en, zh, *, name_zh, **functions):
    return mistake(CARD, slug, name, en, zh, name_zh=name_zh, **functions)


MISTAKES = [
    _m(
        "subgradient-descent",
        "L1 by plain subgradient descent: tiny non-zeros, never exact zeros",
        "Gradient steps with alpha*sign(w) make a coefficient oscillate around 0 (its sign flips "
        "the push every step) and it practically never lands on exactly 0.0, so the 'sparse' "
        "solution is only small. Exact zeros come from the proximal step, soft thresholding "
        "(ISTA, coordinate descent). See card l1-sparsity: the subgradient of |w| at 0 is the "
        "whole interval [-1, 1].",
        "用 alpha*sign(w) 做（次）梯度下降时，系数在 0 附近来回振荡（符号每步翻转），几乎不会恰好等于 0.0，"
        "得到的只是很小的值而不是稀疏解。精确的 0 来自近端步骤即软阈值（ISTA、坐标下降）。"
        "见卡片 l1-sparsity：|w| 在 0 处的次梯度是整个区间 [-1, 1]。",
        name_zh="用普通次梯度下降求 L1：只有极小的非零值，得不到精确的 0",
        lasso=subgradient_descent,
    ),
    _m(
        "hard-threshold",
        "Hard instead of soft thresholding",
        "Hard thresholding keeps w unchanged when |w| > t; the proximal operator of t|w| also "
        "shrinks the survivors by t: S_t(w) = sign(w)·max(|w| - t, 0). Hard thresholding is the "
        "operator of the L0 penalty, not of L1. See card l1-sparsity.",
        "硬阈值在 |w| > t 时保持 w 不变；而 t|w| 的近端算子还会把保留下来的值收缩 t：S_t(w) = sign(w)·max(|w| - t, 0)。"
        "硬阈值对应 L0 惩罚，而不是 L1。见卡片 l1-sparsity。",
        name_zh="用硬阈值代替软阈值",
        soft_threshold=hard_threshold,
    ),
    _m(
        "no-sign",
        "Soft threshold without the sign",
        "max(|w| - t, 0) is the magnitude of the result; multiply by sign(w), otherwise every "
        "negative weight becomes positive. See card l1-sparsity.",
        "max(|w| - t, 0) 只是结果的绝对值，还要乘以 sign(w)，否则负权重都会变成正的。见卡片 l1-sparsity。",
        name_zh="软阈值丢了符号",
        soft_threshold=threshold_without_sign,
    ),
    _m(
        "no-clip",
        "Shrinking by t without clipping at zero",
        "w - t·sign(w) pushes a small weight (|w| < t) across zero to the other side; the minimiser "
        "of 0.5(u - w)² + t|u| is exactly 0 there. The max(·, 0) is what creates sparsity. "
        "See card l1-sparsity.",
        "w - t·sign(w) 会把很小的权重（|w| < t）推到零的另一侧；而 0.5(u - w)² + t|u| 在那里的最小值点恰好是 0。"
        "正是 max(·, 0) 产生了稀疏性。见卡片 l1-sparsity。",
        name_zh="收缩 t 后没有在 0 处截断",
        soft_threshold=threshold_without_clip,
    ),
    _m(
        "no-1-over-n",
        "The 1/n of the objective forgotten",
        "The objective is (1/(2n))·||y - Xw||² + alpha·||w||₁ (scikit-learn's convention). Dropping "
        "the 1/n makes the data term n times stronger, the same as dividing alpha by n: almost no "
        "shrinkage and far fewer zeros, and alpha no longer means the same thing for different "
        "sample sizes. See card l1-sparsity.",
        "目标函数是 (1/(2n))·||y - Xw||² + alpha·||w||₁（scikit-learn 的约定）。漏掉 1/n 相当于把 alpha 除以 n："
        "几乎没有收缩、零也少得多，而且 alpha 的含义会随样本数变化。见卡片 l1-sparsity。",
        name_zh="漏掉目标函数的 1/n",
        signature=("lasso_l1_norm", "lasso_orthonormal"),
        lasso=missing_one_over_n,
    ),
    _m(
        "no-half",
        "The 1/2 of the objective forgotten",
        "With (1/n)·||y - Xw||² instead of (1/(2n))·||y - Xw||² the gradient of the data term "
        "doubles, which is the same as halving alpha. See card l1-sparsity: the threshold in the "
        "optimality condition is exactly alpha.",
        "用 (1/n)·||y - Xw||² 代替 (1/(2n))·||y - Xw||²，数据项的梯度翻倍，相当于把 alpha 减半。"
        "见卡片 l1-sparsity：最优性条件中的阈值正好是 alpha。",
        name_zh="漏掉目标函数的 1/2",
        signature=("lasso_l1_norm", "lasso_orthonormal"),
        lasso=missing_half,
    ),
    _m(
        "ista-unscaled-threshold",
        "ISTA thresholds by alpha instead of step·alpha",
        "The proximal gradient step is w ← S_{step·alpha}(w - step·∇f(w)). Thresholding by alpha "
        "with step 1/L solves the problem for L·alpha: too many zeros, too much shrinkage. "
        "See card l1-sparsity.",
        "近端梯度步是 w ← S_{step·alpha}(w - step·∇f(w))。步长为 1/L 时若用 alpha 作阈值，解的其实是 L·alpha 的问题："
        "零太多、收缩过度。见卡片 l1-sparsity。",
        name_zh="ISTA 用 alpha 而不是 step·alpha 作阈值",
        signature=("lasso_l1_norm",),
        lasso=ista_unscaled_threshold,
    ),
]
