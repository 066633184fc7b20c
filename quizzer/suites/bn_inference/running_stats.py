"""``bn-inference``: hidden tests of ``update_running_stats``."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import (
    as_array,
    assert_close,
    case,
    expect,
    expect_raises,
    say,
)
from quizzer.suites.bn_inference.helpers import SEED, _check_update, _expected_update, _update


@case(
    "running statistics: momentum is the weight of the new batch",
    zh="移动统计量：momentum 是新 batch 的权重",
)
def test_update_momentum(impl):
    rng = np.random.default_rng(SEED)
    x = rng.normal(3.0, 2.0, size=(20, 4))
    _check_update(
        impl,
        rng.normal(size=4),
        rng.uniform(0.5, 2, 4),
        x,
        0.3,
        what=say("momentum 0.3", "以 momentum 0.3 更新"),
    )


@case("running variance is the unbiased batch variance", zh="移动方差用的是 batch 的无偏方差")
def test_update_unbiased(impl):
    x = np.array([[0.0, 1.0], [3.0, 2.0], [6.0, 6.0]])  # 3 samples: m/(m-1) = 1.5
    _check_update(
        impl,
        np.zeros(2),
        np.zeros(2),
        x,
        1.0,
        what=say("momentum 1 on a 3-sample batch", "在 3 个样本的 batch 上以 momentum 1 更新"),
    )


@case("running statistics: momentum defaults to 0.1", zh="移动统计量：momentum 默认为 0.1")
def test_update_default_momentum(impl):
    rng = np.random.default_rng(SEED + 1)
    x = rng.normal(size=(8, 3))
    _check_update(
        impl,
        np.ones(3),
        np.full(3, 2.0),
        x,
        what=say("a batch with the default momentum", "以默认 momentum 更新一个 batch"),
    )


@case("running statistics over N and the spatial axes", zh="在 N 和空间维上求移动统计量")
def test_update_spatial(impl):
    rng = np.random.default_rng(SEED + 2)
    x = rng.normal(size=(2, 3, 4, 4)) + np.linspace(-2, 2, 16).reshape(1, 1, 4, 4)
    _check_update(
        impl,
        np.zeros(3),
        np.ones(3),
        x,
        0.5,
        what=say("a (2, 3, 4, 4) batch", "用 (2, 3, 4, 4) 的 batch 更新"),
    )


@case(
    "momentum 0 keeps and momentum 1 replaces the running statistics",
    zh="momentum 为 0 时保留、为 1 时替换移动统计量",
)
def test_update_extremes(impl):
    rng = np.random.default_rng(SEED + 3)
    x = rng.normal(size=(6, 2))
    old_mean, old_var = np.array([5.0, -5.0]), np.array([0.1, 9.0])
    _check_update(impl, old_mean, old_var, x, 0.0, what=say("momentum 0", "以 momentum 0 更新"))
    _check_update(impl, old_mean, old_var, x, 1.0, what=say("momentum 1", "以 momentum 1 更新"))


@case(
    "running statistics: float32 in, float32 out, inputs not modified",
    zh="移动统计量：输入 float32 则输出 float32，不修改输入",
)
def test_update_float32_and_inputs(impl):
    rng = np.random.default_rng(SEED + 4)
    x = rng.normal(1.0, 2.0, size=(16, 3)).astype(np.float32)
    mean, var = np.zeros(3, np.float32), np.ones(3, np.float32)
    copies = (x.copy(), mean.copy(), var.copy())
    got_mean, got_var = _update(impl, mean, var, x)
    want_mean, want_var = _expected_update(mean.astype(float), var.astype(float), x.astype(float))
    assert_close(
        got_mean, want_mean, say("float32 running mean", "float32 的移动均值"), rtol=1e-5, atol=1e-6
    )
    assert_close(
        got_var,
        want_var,
        say("float32 running variance", "float32 的移动方差"),
        rtol=1e-5,
        atol=1e-6,
    )
    as_array(
        got_mean,
        say("the new running mean of float32 inputs", "float32 输入的新移动均值"),
        dtype=np.float32,
    )
    as_array(
        got_var,
        say("the new running variance of float32 inputs", "float32 输入的新移动方差"),
        dtype=np.float32,
    )
    for name, before, after in zip(
        ("x", "running_mean", "running_var"), copies, (x, mean, var), strict=True
    ):
        expect(
            np.array_equal(before, after),
            say(
                "update_running_stats modified {n} in place; return new arrays",
                "update_running_stats 原地修改了 {n}；请返回新数组",
                n=name,
            ),
        )


@case(
    "running statistics: bad arguments raise ValueError", zh="移动统计量：非法参数抛出 ValueError"
)
def test_update_errors(impl):
    x = np.arange(8.0).reshape(4, 2)
    expect_raises(
        ValueError,
        impl.update_running_stats,
        np.zeros(2),
        np.ones(2),
        x[:1],
        what=say(
            "update_running_stats on a 1-sample (N, C) batch",
            "只有 1 个样本的 (N, C) batch 上的 update_running_stats",
        ),
    )
    expect_raises(
        ValueError,
        impl.update_running_stats,
        np.zeros(2),
        np.ones(2),
        x,
        1.5,
        what=say(
            "update_running_stats with momentum 1.5", "momentum 为 1.5 时的 update_running_stats"
        ),
    )
    expect_raises(
        ValueError,
        impl.update_running_stats,
        np.zeros(2),
        np.ones(2),
        x,
        -0.1,
        what=say(
            "update_running_stats with momentum -0.1", "momentum 为 -0.1 时的 update_running_stats"
        ),
    )
    expect_raises(
        ValueError,
        impl.update_running_stats,
        np.zeros(2),
        np.ones(3),
        x,
        what=say(
            "update_running_stats with 3 running variances for 2 channels",
            "2 个通道却有 3 个移动方差时的 update_running_stats",
        ),
    )
    expect_raises(
        ValueError,
        impl.update_running_stats,
        np.zeros(3),
        np.ones(3),
        x,
        what=say(
            "update_running_stats with 3 running means for 2 channels",
            "2 个通道却有 3 个移动均值时的 update_running_stats",
        ),
    )
    expect_raises(
        ValueError,
        impl.update_running_stats,
        np.zeros(2),
        np.ones(2),
        np.arange(4.0),
        what=say("update_running_stats on a 1-D x", "x 为一维时的 update_running_stats"),
    )
