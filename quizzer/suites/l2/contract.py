"""``l2``: the contract of all four functions: negative strengths raise ValueError, inputs
are not modified, float32 weights and lists are accepted."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import (
    as_array,
    assert_close,
    case,
    expect,
    expect_raises,
    say,
    values_right_on_arrays,
)
from quizzer.suites.l2.helpers import _float, _w


@case("negative strengths raise ValueError", zh="正则强度为负时抛出 ValueError")
def test_negative(impl):
    w = np.array([1.0, -2.0])
    expect_raises(ValueError, impl.l2_penalty, w, -1.0, what="l2_penalty(w, lam=-1)")
    expect_raises(ValueError, impl.l2_gradient, w, -1.0, what="l2_gradient(w, lam=-1)")
    expect_raises(
        ValueError,
        impl.elastic_net_penalty,
        w,
        -0.1,
        0.1,
        what="elastic_net_penalty(w, lam1=-0.1, lam2=0.1)",
    )
    expect_raises(
        ValueError,
        impl.elastic_net_penalty,
        w,
        0.1,
        -0.1,
        what="elastic_net_penalty(w, lam1=0.1, lam2=-0.1)",
    )


@case("inputs are not modified; float64 results", zh="不修改输入；结果为 float64")
def test_inputs_unchanged(impl):
    w, grad = _w(seed=7), _w(seed=8)
    w0, g0 = w.copy(), grad.copy()
    impl.l2_penalty(w, 0.5)
    g = impl.l2_gradient(w, 0.5)
    new = impl.weight_decay_step(w, grad, 0.1, 0.5)
    impl.elastic_net_penalty(w, 0.5, 0.5)
    expect(
        np.array_equal(w, w0) and np.array_equal(grad, g0),
        say(
            "w or grad was modified in place: weight_decay_step must return a new array "
            "(no w -= ...)",
            "w 或 grad 被原地修改了：weight_decay_step 必须返回新数组（不要写 w -= ...）",
        ),
    )
    as_array(g, "l2_gradient(float64 w, 0.5)", shape=w.shape, dtype=np.float64)
    as_array(new, "weight_decay_step(float64 w, ...)", shape=w.shape, dtype=np.float64)


@case(
    "float32 w: penalties are summed in float64, gradients and steps are float64",
    zh="float32 的 w：惩罚项按 float64 求和，梯度和更新结果为 float64",
)
def test_float32_weights(impl):
    w = np.random.default_rng(10).uniform(-1, 1, 100_000).astype(np.float32)
    w64 = w.astype(np.float64)
    in_float64 = say(
        "the contract computes in float64: a float32 sum of 10^5 terms is off by about 1e-7 "
        "relative; convert with np.asarray(w, dtype=np.float64)",
        "题目要求用 float64 计算：10^5 个 float32 相加会有约 1e-7 的相对误差；"
        "请用 np.asarray(w, dtype=np.float64) 转换",
    )
    for name, args, exact in (
        ("l2_penalty", (0.5,), 0.5 * float(np.sum(w64 * w64))),
        (
            "elastic_net_penalty",
            (0.5, 0.25),
            0.5 * float(np.abs(w64).sum()) + 0.25 * float(np.sum(w64 * w64)),
        ),
    ):
        fn = getattr(impl, name)
        values_right_on_arrays(
            _float(fn, w64, *args, what=f"{name}(float64 w)"),
            exact,
            f"{name}(float64 w)",
            rtol=1e-12,
        )
        got = _float(fn, w, *args, what=f"{name}(float32 w)")
        assert_close(got, exact, f"{name}(float32 w)", rtol=1e-12, hint=in_float64)
    small = w[:6]
    g = impl.l2_gradient(small, 0.5)
    assert_close(g, small.astype(np.float64), "l2_gradient(float32 w, 0.5)", rtol=1e-12)
    step = impl.weight_decay_step(small, np.ones(6, np.float32), 0.1, 0.5)
    assert_close(
        step, 0.9 * small.astype(np.float64) - 0.1, "weight_decay_step(float32 w, ...)", rtol=1e-12
    )
    as_array(g, "l2_gradient(float32 w, 0.5)", shape=(6,), dtype=np.float64)
    as_array(step, "weight_decay_step(float32 w, ...)", shape=(6,), dtype=np.float64)


@case("array-likes (lists) are accepted", zh="接受类数组输入（列表）")
def test_lists(impl):
    convert = say("convert w and grad with np.asarray", "请先用 np.asarray 转换 w 和 grad")
    a, b = np.array([1.0, 2.0]), np.array([0.0, 1.0])
    values_right_on_arrays(
        _float(impl.l2_penalty, a, 1.0, what="l2_penalty(np.array([1, 2]), 1)"),
        5.0,
        "l2_penalty(np.array([1, 2]), 1)",
    )
    assert_close(
        _float(impl.l2_penalty, [1.0, 2.0], 1.0, what="l2_penalty([1, 2], 1)"),
        5.0,
        "l2_penalty([1, 2], 1)",
        hint=convert,
    )
    values_right_on_arrays(impl.l2_gradient(a, 1.0), [2.0, 4.0], "l2_gradient(np.array([1, 2]), 1)")
    assert_close(
        impl.l2_gradient([1.0, 2.0], 1.0), [2.0, 4.0], "l2_gradient([1, 2], 1)", hint=convert
    )
    values_right_on_arrays(
        impl.weight_decay_step(a, b, 0.5, 0.5),
        [0.5, 0.5],
        "weight_decay_step(np.array([1, 2]), np.array([0, 1]), 0.5, 0.5)",
    )
    assert_close(
        impl.weight_decay_step([1.0, 2.0], [0.0, 1.0], 0.5, 0.5),
        [0.5, 0.5],
        "weight_decay_step([1, 2], [0, 1], 0.5, 0.5)",
        hint=convert,
    )
