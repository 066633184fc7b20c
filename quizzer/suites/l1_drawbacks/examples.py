"""``l1-drawbacks``: the visible tests, whose docstrings are the worked examples."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import assert_close, case, expect, say
from quizzer.suites.l1_drawbacks.helpers import _check_kkt, _fit


@case(
    "orthonormal design: soft-threshold, then shrink", zh="正交设计：先软阈值，再收缩", visible=True
)
def test_orthonormal_example(impl):
    """
    >>> X = np.array([[1.0, 1.0], [1.0, -1.0], [-1.0, 1.0], [-1.0, -1.0]])  # X^T X / n = I
    >>> y = np.array([3.0, 1.0, 0.0, -2.0])
    >>> X.T @ y / 4  # least squares
    array([1.5, 1. ])
    >>> # soft-threshold by alpha*l1_ratio = 0.5, divide by 1 + alpha*(1 - l1_ratio) = 1.5
    >>> np.round(elastic_net(X, y, 1.0, 0.5), 4)
    array([0.6667, 0.3333])
    """
    X = np.array([[1.0, 1.0], [1.0, -1.0], [-1.0, 1.0], [-1.0, -1.0]])
    y = np.array([3.0, 1.0, 0.0, -2.0])
    w = _fit(impl, X, y, 1.0, 0.5)
    hint = say(
        "with X^T X/n = I: w = soft_threshold(X^T y/n, alpha·l1_ratio) / (1 + alpha·(1 - l1_ratio))",
        "X^T X/n = I 时：w = soft_threshold(X^T y/n, alpha·l1_ratio) / (1 + alpha·(1 - l1_ratio))",
    )
    if np.allclose(w, [0.5, 0.25], atol=1e-5):
        hint = say(
            "you divide by 1 + 2·alpha(1-l1_ratio): the L2 term is 0.5·alpha(1-l1_ratio)||w||², "
            "its gradient has no 2",
            "你除以的是 1 + 2·alpha(1-l1_ratio)：L2 项是 0.5·alpha(1-l1_ratio)||w||²，它的梯度没有 2",
        )
    assert_close(w, [2 / 3, 1 / 3], "elastic_net(X, y, 1.0, 0.5)", rtol=0, atol=1e-6, hint=hint)


@case(
    "identical features get identical weights (grouping effect)",
    zh="相同的特征得到相同的权重（组效应）",
    visible=True,
)
def test_grouping_example(impl):
    """
    >>> X = np.array([[1.0, 1.0, 0.0], [2.0, 2.0, 1.0], [0.0, 0.0, 1.0], [1.0, 1.0, -1.0], [-1.0, -1.0, 2.0]])
    >>> y = np.array([2.0, 5.0, 1.0, 1.0, 0.0])
    >>> np.round(elastic_net(X, y, 0.1, 0.5), 4)  # columns 0 and 1 are identical
    array([0.9593, 0.9593, 0.9198])
    """
    X = np.array(
        [[1.0, 1.0, 0.0], [2.0, 2.0, 1.0], [0.0, 0.0, 1.0], [1.0, 1.0, -1.0], [-1.0, -1.0, 2.0]]
    )
    y = np.array([2.0, 5.0, 1.0, 1.0, 0.0])
    w = _fit(impl, X, y, 0.1, 0.5)
    expect(
        abs(w[0] - w[1]) <= 1e-6 * max(1.0, abs(w[0])),
        say(
            "columns 0 and 1 are identical, so the strictly convex elastic net gives them the "
            "same weight; got {a} and {b}",
            "第 0 列和第 1 列完全相同，严格凸的弹性网络会给它们相同的权重；实际得到 {a} 和 {b}",
            a=f"{w[0]:.6g}",
            b=f"{w[1]:.6g}",
        ),
        expected="w[0] == w[1]",
        got=np.round(w, 6),
    )
    _check_kkt(X, y, w, 0.1, 0.5, "elastic_net(X, y, 0.1, 0.5)")
