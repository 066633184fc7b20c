"""Hidden suite for the ``l1`` challenge (the L1 penalty and its minimum-norm subgradient)."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import (
    as_array,
    as_float,
    assert_close,
    case,
    expect,
    expect_raises,
    say,
    values_right_on_arrays,
)


def _w(seed=0, shape=(5, 4)):
    return np.random.default_rng(seed).uniform(-3, 3, size=shape)


def _penalty(impl, w, lam):
    return as_float(impl.l1_penalty(w, lam), f"l1_penalty(w, {lam})")


# --------------------------------------------------------------------------- visible
@case("l1_penalty on a small vector", zh="小向量上的 l1_penalty", visible=True)
def test_penalty_example(impl):
    """
    >>> l1_penalty(np.array([1.0, -2.0, 0.0, 3.5]), 0.5)  # 0.5 * (1 + 2 + 0 + 3.5)
    3.25
    """
    got = _penalty(impl, np.array([1.0, -2.0, 0.0, 3.5]), 0.5)
    hint = say("L1 = lam * sum |w_i|", "L1 = lam * sum |w_i|")
    if np.isclose(got, 0.5 * 2.5):
        hint = say(
            "that is lam * |sum w_i|: take the absolute value of each weight before summing",
            "这是 lam * |sum w_i|：应先对每个权重取绝对值，再求和",
        )
    assert_close(got, 3.25, "l1_penalty([1, -2, 0, 3.5], 0.5)", hint=hint)


@case(
    "l1_subgradient: lam * sign(w), 0 at w == 0",
    zh="l1_subgradient：lam * sign(w)，w == 0 处为 0",
    visible=True,
)
def test_subgradient_example(impl):
    """
    >>> l1_subgradient(np.array([1.5, -2.0, 0.0]), 0.5)
    array([ 0.5, -0.5,  0. ])
    """
    got = as_array(
        impl.l1_subgradient(np.array([1.5, -2.0, 0.0]), 0.5), "l1_subgradient(w, 0.5)", shape=(3,)
    )
    hint = say(
        "lam*sign(w), and exactly 0 where w == 0 (the minimum-norm subgradient)",
        "lam*sign(w)，w == 0 处恰为 0（范数最小的次梯度）",
    )
    if np.isnan(got[2]):
        hint = say(
            "nan at w == 0: w/|w| is 0/0 there; use np.sign, which gives 0 at 0",
            "w == 0 处出现 nan：w/|w| 在那里是 0/0；请用 np.sign，它在 0 处给出 0",
        )
    elif abs(got[2]) == 0.5:
        hint = say(
            "at w == 0 any value in [-lam, lam] is a subgradient; the contract asks for the "
            "minimum-norm one, 0",
            "w == 0 处 [-lam, lam] 中的任何值都是次梯度；题目要求范数最小的那个，即 0",
        )
    assert_close(got, [0.5, -0.5, 0.0], "l1_subgradient([1.5, -2, 0], 0.5)", hint=hint)


# --------------------------------------------------------------------------- hidden
@case("l1_penalty sums over every entry of a 2-D array", zh="l1_penalty 对二维数组的所有元素求和")
def test_penalty_2d(impl):
    w = _w()
    got = _penalty(impl, w, 0.3)
    assert_close(
        got,
        0.3 * np.abs(w).sum(),
        say("l1_penalty of a (5, 4) array", "(5, 4) 数组的 l1_penalty"),
        rtol=1e-12,
        hint=say("sum |w_i| over all entries, times lam", "对所有元素求 sum |w_i|，再乘以 lam"),
    )


@case("l1_penalty returns a float", zh="l1_penalty 返回浮点数")
def test_penalty_is_float(impl):
    got = impl.l1_penalty(np.array([1.0, -1.0]), 2.0)
    expect(
        not isinstance(got, np.ndarray) or got.ndim == 0,
        say(
            "l1_penalty must return a single number (a float), got an array of shape {s}",
            "l1_penalty 应当返回单个数（float），实际返回了形状为 {s} 的数组",
            s=str(np.shape(got)),
        ),
    )
    as_float(got, "l1_penalty([1, -1], 2)")


@case("l1_penalty is 0 for lam = 0 and for w = 0", zh="lam = 0 或 w = 0 时 l1_penalty 为 0")
def test_penalty_zero(impl):
    expect(
        _penalty(impl, _w(), 0.0) == 0.0,
        say("with lam = 0 the penalty is 0", "lam = 0 时惩罚项为 0"),
    )
    expect(
        _penalty(impl, np.zeros(6), 1.7) == 0.0,
        say("the penalty of w = 0 is 0", "w = 0 的惩罚项为 0"),
    )


@case("l1_penalty is linear in lam and in |w|", zh="l1_penalty 对 lam 和 |w| 都是线性的")
def test_penalty_homogeneous(impl):
    w = _w(seed=1, shape=(30,))
    base = _penalty(impl, w, 1.0)
    assert_close(
        _penalty(impl, w, 2.5),
        2.5 * base,
        say(
            "l1_penalty(w, 2.5) vs 2.5 * l1_penalty(w, 1)",
            "l1_penalty(w, 2.5)（应等于 2.5 * l1_penalty(w, 1)）",
        ),
        rtol=1e-12,
    )
    assert_close(
        _penalty(impl, -3.0 * w, 1.0),
        3.0 * base,
        say(
            "l1_penalty(-3w, 1) vs 3 * l1_penalty(w, 1)",
            "l1_penalty(-3w, 1)（应等于 3 * l1_penalty(w, 1)）",
        ),
        rtol=1e-12,
        hint=say(
            "||c w||_1 = |c| ||w||_1 (not c^2: that would be the L2 penalty)",
            "||c w||_1 = |c| ||w||_1（不是 c^2：那是 L2 惩罚）",
        ),
    )


@case("l1_subgradient on a 2-D array", zh="二维数组上的 l1_subgradient")
def test_subgradient_2d(impl):
    w = _w(seed=2)
    w[0, :2] = 0.0
    got = as_array(
        impl.l1_subgradient(w, 0.7),
        say("l1_subgradient of a (5, 4) array", "(5, 4) 数组的 l1_subgradient"),
        shape=w.shape,
    )
    assert_close(
        got,
        0.7 * np.sign(w),
        "l1_subgradient(w, 0.7)",
        rtol=1e-12,
        atol=0,
        hint=say(
            "lam * sign(w) elementwise, 0 where w == 0", "逐元素 lam * sign(w)，w == 0 处为 0"
        ),
    )


@case(
    "l1_subgradient is exactly 0 at w == 0, with no nan",
    zh="l1_subgradient 在 w == 0 处恰为 0，不出现 nan",
)
def test_subgradient_zero(impl):
    w = np.array([0.0, -0.0, 0.0])
    got = as_array(impl.l1_subgradient(w, 1.3), "l1_subgradient(zeros, 1.3)", shape=(3,))
    expect(
        not np.any(np.isnan(got)),
        say(
            "l1_subgradient gives nan at w == 0: w/|w| is 0/0 there; use np.sign",
            "l1_subgradient 在 w == 0 处给出 nan：w/|w| 在那里是 0/0；请用 np.sign",
        ),
    )
    expect(
        bool(np.all(got == 0.0)),
        say(
            "at w == 0 the contract's subgradient is 0 (the minimum-norm element of "
            "[-lam, lam]); got {got}",
            "题目规定 w == 0 处的次梯度为 0（[-lam, lam] 中范数最小的元素）；实际得到 {got}",
            got=str(got),
        ),
    )


@case(
    "l1_subgradient: tiny non-zero weights still get lam * sign(w)",
    zh="l1_subgradient：极小的非零权重仍得到 lam * sign(w)",
)
def test_subgradient_tiny(impl):
    w = np.array([1e-12, -1e-300, 5e-324])
    got = as_array(
        impl.l1_subgradient(w, 2.0), "l1_subgradient([1e-12, -1e-300, 5e-324], 2)", shape=(3,)
    )
    assert_close(
        got,
        [2.0, -2.0, 2.0],
        say("l1_subgradient of tiny weights", "极小权重的 l1_subgradient"),
        rtol=0,
        atol=0,
        hint=say(
            "only an exact zero gets 0; |w| is differentiable everywhere else, with derivative "
            "sign(w)",
            "只有恰好为 0 的权重才得到 0；其他地方 |w| 可导，导数是 sign(w)",
        ),
    )


@case("l1_subgradient is a subgradient of l1_penalty", zh="l1_subgradient 是 l1_penalty 的次梯度")
def test_subgradient_inequality(impl):
    gen = np.random.default_rng(3)
    lam = 0.8
    w = gen.uniform(-1, 1, 40)
    w[:8] = 0.0
    g = np.asarray(impl.l1_subgradient(w, lam), dtype=np.float64)
    expect(
        g.shape == w.shape,
        say(
            "l1_subgradient should keep the shape {want}, got {got}",
            "l1_subgradient 应当保持形状 {want}，实际是 {got}",
            want=str(w.shape),
            got=str(g.shape),
        ),
    )
    for _ in range(5):
        v = gen.uniform(-2, 2, 40)
        lhs = lam * np.abs(v).sum()
        rhs = lam * np.abs(w).sum() + g @ (v - w)
        expect(
            lhs >= rhs - 1e-12,
            say(
                "g is not a subgradient: lam*||v||_1 >= lam*||w||_1 + g.(v - w) must hold for "
                "every v",
                "g 不是次梯度：对任意 v 都应有 lam*||v||_1 >= lam*||w||_1 + g.(v - w)",
            ),
        )


@case("lam < 0 raises ValueError", zh="lam < 0 时抛出 ValueError")
def test_negative_lam(impl):
    w = np.array([1.0, -2.0])
    expect_raises(ValueError, impl.l1_penalty, w, -0.1, what="l1_penalty(w, lam=-0.1)")
    expect_raises(ValueError, impl.l1_subgradient, w, -0.1, what="l1_subgradient(w, lam=-0.1)")


@case("inputs are not modified; float64 results", zh="不修改输入；结果为 float64")
def test_inputs_unchanged(impl):
    w = _w(seed=4)
    w0 = w.copy()
    impl.l1_penalty(w, 0.5)
    g = impl.l1_subgradient(w, 0.5)
    expect(
        np.array_equal(w, w0),
        say(
            "l1_penalty or l1_subgradient modified w in place",
            "l1_penalty 或 l1_subgradient 原地修改了 w",
        ),
    )
    as_array(g, "l1_subgradient(float64 w, 0.5)", shape=w.shape, dtype=np.float64)


@case(
    "float32 w: the penalty is summed in float64, the subgradient is float64",
    zh="float32 的 w：惩罚项按 float64 求和，次梯度为 float64",
)
def test_float32_weights(impl):
    w = np.random.default_rng(9).uniform(-1, 1, 100_000).astype(np.float32)
    exact = 0.5 * float(np.abs(w.astype(np.float64)).sum())
    values_right_on_arrays(
        _penalty(impl, w.astype(np.float64), 0.5),
        exact,
        "l1_penalty(float64 w, 0.5)",
        rtol=1e-12,
    )
    assert_close(
        _penalty(impl, w, 0.5),
        exact,
        "l1_penalty(float32 w, 0.5)",
        rtol=1e-12,
        hint=say(
            "the contract computes the penalty in float64: a float32 sum of 10^5 terms is off "
            "by about 1e-7 relative; convert with np.asarray(w, dtype=np.float64)",
            "题目要求惩罚项用 float64 计算：10^5 个 float32 相加会有约 1e-7 的相对误差；"
            "请用 np.asarray(w, dtype=np.float64) 转换",
        ),
    )
    g = impl.l1_subgradient(w[:6], 0.5)
    assert_close(g, 0.5 * np.sign(w[:6].astype(np.float64)), "l1_subgradient(float32 w, 0.5)")
    as_array(g, "l1_subgradient(float32 w, 0.5)", shape=(6,), dtype=np.float64)


@case("array-likes (lists) are accepted", zh="接受类数组输入（列表）")
def test_lists(impl):
    convert = say("convert w with np.asarray", "请先用 np.asarray 转换 w")
    values_right_on_arrays(
        _penalty(impl, np.array([1.0, -2.0, 3.0]), 1.0), 6.0, "l1_penalty(np.array([1, -2, 3]), 1)"
    )
    assert_close(
        _penalty(impl, [1.0, -2.0, 3.0], 1.0), 6.0, "l1_penalty([1, -2, 3], 1)", hint=convert
    )
    values_right_on_arrays(
        impl.l1_subgradient(np.array([1.0, -2.0, 0.0]), 1.0),
        [1.0, -1.0, 0.0],
        "l1_subgradient(np.array([1, -2, 0]), 1)",
    )
    assert_close(
        impl.l1_subgradient([1.0, -2.0, 0.0], 1.0),
        [1.0, -1.0, 0.0],
        "l1_subgradient([1, -2, 0], 1)",
        hint=convert,
    )


# --------------------------------------------------------------------------- diagnosis
_PROBE_W = np.array([2.0, -3.0, 0.0, 0.5, -0.25])


def _probe_penalty(impl):
    return float(impl.l1_penalty(_PROBE_W.copy(), 0.5))


def _probe_subgradient(impl):
    return np.asarray(impl.l1_subgradient(_PROBE_W.copy(), 0.5), dtype=float)


def _probe_rejects(impl):
    rejected = 0.0
    for fn in (impl.l1_penalty, impl.l1_subgradient):
        try:
            fn(_PROBE_W.copy(), -1.0)
        except ValueError:
            rejected += 1.0
    return rejected


PROBES = {
    "penalty": _probe_penalty,
    "subgradient": _probe_subgradient,
    "rejects_negative_lam": _probe_rejects,
}


def timing_inputs() -> dict[str, tuple]:
    """A weight vector of 10^6 entries, some exactly zero."""
    w = np.random.default_rng(0).standard_normal(1_000_000)
    w[::10] = 0.0
    return {"l1_penalty": (w, 0.01), "l1_subgradient": (w, 0.01)}
