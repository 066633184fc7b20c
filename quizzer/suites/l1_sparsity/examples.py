"""``l1-sparsity``: the visible tests, whose docstrings are the worked examples."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import as_array, assert_close, case, expect, say
from quizzer.suites.l1_sparsity.helpers import _lasso


@case(
    "soft_threshold: values inside, at and outside the threshold",
    zh="soft_threshold：阈值以内、恰在阈值上和阈值以外的值",
    visible=True,
)
def test_soft_threshold_values(impl):
    """
    >>> soft_threshold(np.array([-3.0, -1.0, 0.5, 1.0, 2.5]), 1.0)
    array([-2. ,  0. ,  0. ,  0. ,  1.5])
    """
    got = impl.soft_threshold(np.array([-3.0, -1.0, 0.5, 1.0, 2.5]), 1.0)
    got = as_array(got, "soft_threshold(w, 1.0)", shape=(5,))
    hint = say(
        "S_t(w) = sign(w)·max(|w| - t, 0): shrink by t towards 0, exactly 0 when |w| <= t",
        "S_t(w) = sign(w)·max(|w| - t, 0)：向 0 收缩 t，|w| <= t 时恰为 0",
    )
    if np.allclose(got, [3.0, 1.0, 0.0, 0.0, 2.5], atol=1e-12) or np.allclose(
        got, [-3.0, 0, 0, 0, 2.5]
    ):
        hint = say(
            "that is hard thresholding (keep or kill); soft thresholding also shrinks the "
            "survivors by t",
            "这是硬阈值（要么保留，要么置零）；软阈值还要把保留下来的值收缩 t",
        )
    assert_close(got, [-2.0, 0.0, 0.0, 0.0, 1.5], "soft_threshold(w, 1.0)", hint=hint)


@case(
    "lasso: alpha >= max|X^T y|/n gives exactly zero",
    zh="lasso：alpha >= max|X^T y|/n 时解恰为 0",
    visible=True,
)
def test_alpha_max_example(impl):
    """
    >>> X = np.array([[1.0, 2.0], [3.0, -1.0], [0.0, 1.0], [2.0, 2.0]])
    >>> y = np.array([1.0, 2.0, -1.0, 0.5])
    >>> alpha_max = np.max(np.abs(X.T @ y)) / len(y)
    >>> alpha_max
    np.float64(2.0)
    >>> lasso(X, y, alpha_max)
    array([0., 0.])
    >>> bool(np.any(lasso(X, y, 0.9 * alpha_max) != 0))
    True
    """
    X = np.array([[1.0, 2.0], [3.0, -1.0], [0.0, 1.0], [2.0, 2.0]])
    y = np.array([1.0, 2.0, -1.0, 0.5])
    w = _lasso(impl, X, y, 2.0)
    expect(
        np.all(w == 0.0),
        say(
            "at alpha = max|X^T y|/n = 2 the Lasso solution is w = 0 exactly (the subgradient "
            "condition |X^T y|/n <= alpha holds at 0); got {w}",
            "alpha = max|X^T y|/n = 2 时 Lasso 的解恰为 w = 0（在 0 处次梯度条件 "
            "|X^T y|/n <= alpha 成立）；实际得到 {w}",
            w=str(w),
        ),
        expected=[0.0, 0.0],
        got=w,
    )
    w = _lasso(impl, X, y, 1.8)
    expect(
        np.any(w != 0),
        say(
            "just below alpha_max (alpha = 1.8) the solution is no longer zero",
            "略低于 alpha_max（alpha = 1.8）时解不再是 0",
        ),
    )


@case(
    "lasso: orthonormal design = soft-thresholded least squares",
    zh="lasso：正交设计 = 软阈值后的最小二乘",
    visible=True,
)
def test_orthonormal_example(impl):
    """
    >>> X = np.array([[1.0, 1.0], [1.0, -1.0], [-1.0, 1.0], [-1.0, -1.0]])  # X^T X / n = I
    >>> y = np.array([3.0, 1.0, 0.0, -2.0])
    >>> X.T @ y / 4  # the least-squares solution
    array([1.5, 1. ])
    >>> np.round(lasso(X, y, 0.5), 6)  # each coefficient soft-thresholded by alpha
    array([1. , 0.5])
    >>> np.round(lasso(X, y, 1.2), 6)
    array([0.3, 0. ])
    """
    X = np.array([[1.0, 1.0], [1.0, -1.0], [-1.0, 1.0], [-1.0, -1.0]])
    y = np.array([3.0, 1.0, 0.0, -2.0])
    for alpha, expected in ((0.5, [1.0, 0.5]), (1.2, [0.3, 0.0])):
        w = _lasso(impl, X, y, alpha)
        assert_close(
            w,
            expected,
            say(
                "lasso(X, y, {a}) with X^T X/n = I",
                "X^T X/n = I 时的 lasso(X, y, {a})",
                a=str(alpha),
            ),
            rtol=0,
            atol=1e-6,
            hint=say(
                "with an orthonormal design the Lasso is soft_threshold(X^T y/n, alpha)",
                "正交设计下 Lasso 的解就是 soft_threshold(X^T y/n, alpha)",
            ),
        )
    expect(
        _lasso(impl, X, y, 1.2)[1] == 0.0,
        say("lasso(X, y, 1.2)[1] must be exactly 0.0", "lasso(X, y, 1.2)[1] 必须恰好为 0.0"),
    )
