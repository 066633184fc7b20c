"""Classic wrong answers to the ``l1-drawbacks`` challenge (the elastic net)."""

from __future__ import annotations

import numpy as np

from quizzer.challenges import reference
from quizzer.suites.base import mistake

CARD = "l1-drawbacks"


def _ref(X, y, alpha, l1_ratio):
    return reference(CARD).elastic_net(X, y, alpha, l1_ratio)


def _check(alpha, l1_ratio):
    if alpha < 0 or not 0 <= l1_ratio <= 1:
        raise ValueError("alpha must be >= 0 and l1_ratio in [0, 1]")


def missing_half(X, y, alpha, l1_ratio):
    """L2 term alpha*(1 - l1_ratio)*||w||^2: the elastic net with alpha' = alpha*(2 - l1_ratio)."""
    _check(alpha, l1_ratio)
    strength = alpha * (2.0 - l1_ratio)
    ratio = alpha * l1_ratio / strength if strength > 0 else l1_ratio
    return _ref(X, y, strength, ratio)


def ratio_swapped(X, y, alpha, l1_ratio):
    """l1_ratio used as the weight of the L2 term."""
    _check(alpha, l1_ratio)
    return _ref(X, y, alpha, 1.0 - l1_ratio)


def missing_one_over_n(X, y, alpha, l1_ratio):
    """0.5*||y - Xw||^2 instead of (1/(2n))*||y - Xw||^2: the same as alpha/n."""
    _check(alpha, l1_ratio)
    return _ref(X, y, alpha / np.shape(X)[0], l1_ratio)


def l2_dropped(X, y, alpha, l1_ratio):
    """The coordinate update forgets the L2 term: it solves the Lasso with alpha*l1_ratio."""
    _check(alpha, l1_ratio)
    return _ref(X, y, alpha * l1_ratio, 1.0)


def subgradient_descent(X, y, alpha, l1_ratio):
    """(Sub)gradient descent on the whole objective: never exact zeros."""
    _check(alpha, l1_ratio)
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    n, d = X.shape
    gram, corr = X.T @ X / n, X.T @ y / n
    l1, l2 = alpha * l1_ratio, alpha * (1 - l1_ratio)
    step = 1.0 / (np.linalg.eigvalsh(gram)[-1] + l2)
    w = np.zeros(d)
    for k in range(3000):
        w = w - step / np.sqrt(k + 1) * (gram @ w - corr + l2 * w + l1 * np.sign(w))
    return w


def _m(slug, name, en, zh, fn, *, name_zh, signature=()):
    return mistake(CARD, slug, name, en, zh, name_zh=name_zh, signature=signature, elastic_net=fn)


MISTAKES = [
    _m(
        "no-half",
        "The 0.5 of the L2 term forgotten",
        "scikit-learn's ElasticNet objective has 0.5·alpha·(1 - l1_ratio)·||w||²; without the 0.5 the "
        "L2 part is twice as strong (the coordinate update divides by X_jᵀX_j/n + 2·alpha(1-l1_ratio) "
        "instead of + alpha(1-l1_ratio)). See card l1-drawbacks.",
        "scikit-learn 的 ElasticNet 目标函数里是 0.5·alpha·(1 - l1_ratio)·||w||²；漏掉 0.5，L2 部分就强了一倍"
        "（坐标更新的分母变成 X_jᵀX_j/n + 2·alpha(1-l1_ratio)）。见卡片 l1-drawbacks。",
        missing_half,
        name_zh="漏掉 L2 项的 0.5",
        signature=("orthonormal", "l1_norm"),
    ),
    _m(
        "ratio-swapped",
        "l1_ratio weighs the L2 term",
        "l1_ratio is the share of the L1 penalty: 1 is the Lasso, 0 is ridge. Swapping the roles "
        "turns a mostly-L1 model into a mostly-L2 one. See card l1-drawbacks.",
        "l1_ratio 是 L1 惩罚所占的比例：1 是 Lasso，0 是 ridge。把两者弄反，主要是 L1 的模型就变成了主要是 L2 的模型。"
        "见卡片 l1-drawbacks。",
        ratio_swapped,
        name_zh="l1_ratio 加权的是 L2 项",
        signature=("orthonormal",),
    ),
    _m(
        "no-1-over-n",
        "The 1/n of the data term forgotten",
        "The data term is (1/(2n))·||y - Xw||²; without 1/n it is n times stronger, the same as "
        "dividing alpha by n. See card l1-drawbacks.",
        "数据项是 (1/(2n))·||y - Xw||²；漏掉 1/n，它就强了 n 倍，相当于把 alpha 除以 n。见卡片 l1-drawbacks。",
        missing_one_over_n,
        name_zh="漏掉数据项的 1/n",
        signature=("orthonormal", "l1_norm"),
    ),
    _m(
        "l2-dropped",
        "The L2 term left out of the update",
        "Forgetting alpha·(1 - l1_ratio) in the coordinate update (or the gradient) solves the Lasso "
        "with alpha·l1_ratio: no grouping effect, correlated features are split arbitrarily again. "
        "See card l1-drawbacks.",
        "坐标更新（或梯度）里漏掉 alpha·(1 - l1_ratio)，解的就是 alpha·l1_ratio 的 Lasso：没有组效应，相关特征又被随意取舍。"
        "见卡片 l1-drawbacks。",
        l2_dropped,
        name_zh="更新中漏掉 L2 项",
        signature=("orthonormal", "l1_norm"),
    ),
    _m(
        "subgradient-descent",
        "Subgradient descent: tiny non-zeros instead of exact zeros",
        "The L1 term is not differentiable at 0; stepping with sign(w) makes coefficients oscillate "
        "around 0 instead of landing on it. Soft thresholding (coordinate descent, proximal gradient) "
        "gives exact zeros. See card l1-drawbacks: non-smoothness is the first drawback of L1.",
        "L1 项在 0 处不可导；用 sign(w) 做梯度步会让系数在 0 附近振荡而不会落在 0 上。软阈值（坐标下降、近端梯度）才给出精确的 0。"
        "见卡片 l1-drawbacks：不光滑是 L1 的第一个缺点。",
        subgradient_descent,
        name_zh="次梯度下降：得到极小的非零值而非精确的 0",
    ),
]
