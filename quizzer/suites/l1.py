"""Hidden suite for the ``l1`` challenge (the L1 penalty and its minimum-norm subgradient)."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import as_array, as_float, assert_close, case, expect, expect_raises


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
    hint = "L1 = lam * sum |w_i|"
    if np.isclose(got, 0.5 * 2.5):
        hint = "that is lam * |sum w_i|: take the absolute value of each weight before summing"
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
    hint = "lam*sign(w), and exactly 0 where w == 0 (the minimum-norm subgradient)"
    if np.isnan(got[2]):
        hint = "nan at w == 0: w/|w| is 0/0 there; use np.sign, which gives 0 at 0"
    elif abs(got[2]) == 0.5:
        hint = "at w == 0 any value in [-lam, lam] is a subgradient; the contract asks for the minimum-norm one, 0"
    assert_close(got, [0.5, -0.5, 0.0], "l1_subgradient([1.5, -2, 0], 0.5)", hint=hint)


# --------------------------------------------------------------------------- hidden
@case("l1_penalty sums over every entry of a 2-D array", zh="l1_penalty 对二维数组的所有元素求和")
def test_penalty_2d(impl):
    w = _w()
    got = _penalty(impl, w, 0.3)
    assert_close(
        got,
        0.3 * np.abs(w).sum(),
        "l1_penalty of a (5, 4) array",
        rtol=1e-12,
        hint="sum |w_i| over all entries, times lam",
    )


@case("l1_penalty returns a float", zh="l1_penalty 返回浮点数")
def test_penalty_is_float(impl):
    got = impl.l1_penalty(np.array([1.0, -1.0]), 2.0)
    expect(
        not isinstance(got, np.ndarray) or got.ndim == 0,
        f"l1_penalty must return a single number (a float), got an array of shape {np.shape(got)}",
    )
    as_float(got, "l1_penalty([1, -1], 2)")


@case("l1_penalty is 0 for lam = 0 and for w = 0", zh="lam = 0 或 w = 0 时 l1_penalty 为 0")
def test_penalty_zero(impl):
    expect(_penalty(impl, _w(), 0.0) == 0.0, "with lam = 0 the penalty is 0")
    expect(_penalty(impl, np.zeros(6), 1.7) == 0.0, "the penalty of w = 0 is 0")


@case("l1_penalty is linear in lam and in |w|", zh="l1_penalty 对 lam 和 |w| 都是线性的")
def test_penalty_homogeneous(impl):
    w = _w(seed=1, shape=(30,))
    base = _penalty(impl, w, 1.0)
    assert_close(
        _penalty(impl, w, 2.5),
        2.5 * base,
        "l1_penalty(w, 2.5) vs 2.5 * l1_penalty(w, 1)",
        rtol=1e-12,
    )
    assert_close(
        _penalty(impl, -3.0 * w, 1.0),
        3.0 * base,
        "l1_penalty(-3w, 1) vs 3 * l1_penalty(w, 1)",
        rtol=1e-12,
        hint="||c w||_1 = |c| ||w||_1 (not c^2: that would be the L2 penalty)",
    )


@case("l1_subgradient on a 2-D array", zh="二维数组上的 l1_subgradient")
def test_subgradient_2d(impl):
    w = _w(seed=2)
    w[0, :2] = 0.0
    got = as_array(impl.l1_subgradient(w, 0.7), "l1_subgradient of a (5, 4) array", shape=w.shape)
    assert_close(
        got,
        0.7 * np.sign(w),
        "l1_subgradient(w, 0.7)",
        rtol=1e-12,
        atol=0,
        hint="lam * sign(w) elementwise, 0 where w == 0",
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
        "l1_subgradient gives nan at w == 0: w/|w| is 0/0 there; use np.sign",
    )
    expect(
        bool(np.all(got == 0.0)),
        f"at w == 0 the contract's subgradient is 0 (the minimum-norm element of [-lam, lam]); got {got}",
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
        "l1_subgradient of tiny weights",
        rtol=0,
        atol=0,
        hint="only an exact zero gets 0; |w| is differentiable everywhere else, with derivative sign(w)",
    )


@case("l1_subgradient is a subgradient of l1_penalty", zh="l1_subgradient 是 l1_penalty 的次梯度")
def test_subgradient_inequality(impl):
    gen = np.random.default_rng(3)
    lam = 0.8
    w = gen.uniform(-1, 1, 40)
    w[:8] = 0.0
    g = np.asarray(impl.l1_subgradient(w, lam), dtype=np.float64)
    expect(g.shape == w.shape, f"l1_subgradient should keep the shape {w.shape}, got {g.shape}")
    for _ in range(5):
        v = gen.uniform(-2, 2, 40)
        lhs = lam * np.abs(v).sum()
        rhs = lam * np.abs(w).sum() + g @ (v - w)
        expect(
            lhs >= rhs - 1e-12,
            "g is not a subgradient: lam*||v||_1 >= lam*||w||_1 + g.(v - w) must hold for every v",
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
    expect(np.array_equal(w, w0), "l1_penalty or l1_subgradient modified w in place")
    as_array(g, "l1_subgradient(float64 w, 0.5)", shape=w.shape, dtype=np.float64)


@case("array-likes (lists) are accepted", zh="接受类数组输入（列表）")
def test_lists(impl):
    assert_close(
        _penalty(impl, [1.0, -2.0, 3.0], 1.0),
        6.0,
        "l1_penalty([1, -2, 3], 1)",
        hint="convert w with np.asarray",
    )
    assert_close(
        impl.l1_subgradient([1.0, -2.0, 0.0], 1.0),
        [1.0, -1.0, 0.0],
        "l1_subgradient([1, -2, 0], 1)",
        hint="convert w with np.asarray",
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
