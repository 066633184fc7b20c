"""``l1-sparsity``: hidden tests of ``soft_threshold``."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import as_array, assert_close, case, expect, expect_raises, say
from quizzer.suites.l1_sparsity.helpers import _soft


@case("soft_threshold: t = 0 is the identity", zh="soft_threshold：t = 0 时为恒等映射")
def test_soft_threshold_zero(impl):
    w = np.random.default_rng(0).standard_normal((4, 5))
    got = impl.soft_threshold(w, 0.0)
    assert_close(
        got,
        w,
        "soft_threshold(w, 0)",
        rtol=0,
        atol=0,
        hint=say("nothing is shrunk when t = 0", "t = 0 时不做任何收缩"),
    )


@case("soft_threshold: negative t raises ValueError", zh="soft_threshold：t 为负时抛出 ValueError")
def test_soft_threshold_negative(impl):
    expect_raises(
        ValueError,
        impl.soft_threshold,
        np.array([1.0, -2.0]),
        -0.5,
        what="soft_threshold(w, t=-0.5)",
    )


@case(
    "soft_threshold: exact zeros and shape on a 2-D array",
    zh="soft_threshold：二维数组上的精确 0 与形状",
)
def test_soft_threshold_exact_zeros(impl):
    gen = np.random.default_rng(1)
    w = gen.uniform(-3, 3, size=(6, 7))
    w[0, :4] = [1.25, -1.25, 0.0, 1.2499]
    w0 = w.copy()
    got = as_array(
        impl.soft_threshold(w, 1.25),
        say("soft_threshold(w, 1.25) on a (6, 7) array", "(6, 7) 数组上的 soft_threshold(w, 1.25)"),
        shape=(6, 7),
    )
    expect(
        np.array_equal(w, w0),
        say(
            "soft_threshold modified w in place: return a new array",
            "soft_threshold 原地修改了 w：请返回新数组",
        ),
    )
    inside = np.abs(w) <= 1.25
    expect(
        bool(np.all(got[inside] == 0.0)),
        say(
            "where |w| <= t the result must be exactly 0.0 (not a tiny number): that exact zero "
            "is what makes L1 sparse",
            "|w| <= t 处结果必须恰好为 0.0（而不是一个极小的数）：正是这个精确的 0 让 L1 产生稀疏",
        ),
    )
    assert_close(
        got,
        _soft(w, 1.25),
        "soft_threshold(w, 1.25)",
        rtol=1e-12,
        atol=1e-12,
        hint=say("sign(w)·max(|w| - t, 0), elementwise", "逐元素计算 sign(w)·max(|w| - t, 0)"),
    )


@case(
    "soft_threshold minimises 0.5(u - w)^2 + t|u|", zh="soft_threshold 使 0.5(u - w)^2 + t|u| 最小"
)
def test_soft_threshold_is_prox(impl):
    gen = np.random.default_rng(2)
    w = gen.uniform(-2, 2, size=200)
    t = 0.7
    u = np.asarray(impl.soft_threshold(w, t), dtype=np.float64)
    expect(
        u.shape == w.shape,
        say(
            "soft_threshold should keep the shape {a}, got {b}",
            "soft_threshold 应当保持形状 {a}，实际是 {b}",
            a=str(w.shape),
            b=str(u.shape),
        ),
    )

    def objective(v):
        return 0.5 * (v - w) ** 2 + t * np.abs(v)

    best = objective(u)
    for candidate in (np.zeros_like(w), w, u + 1e-3, u - 1e-3, w - t * np.sign(w)):
        expect(
            bool(np.all(best <= objective(candidate) + 1e-12)),
            say(
                "soft_threshold(w, t) must be the minimiser of 0.5·(u - w)² + t·|u| (the "
                "proximal operator of t|·|); another point does better",
                "soft_threshold(w, t) 必须是 0.5·(u - w)² + t·|u| 的最小值点（t|·| 的近端算子）；"
                "有别的点取得了更小的值",
            ),
        )
