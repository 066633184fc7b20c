"""``batchnorm``: hidden tests of ``batchnorm_forward``."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import (
    assert_close,
    case,
    expect,
    say,
)
from quizzer.suites.batchnorm.helpers import RNG_SEED, _analytic_dx, _backward, _check_out, _forward


@case(
    "per-channel mean is beta and variance gamma^2 on (N, C)",
    zh="(N, C) 上每个通道的均值为 beta、方差为 gamma^2",
)
def test_moments_2d(impl):
    rng = np.random.default_rng(RNG_SEED)
    x = rng.normal(size=(64, 5)) * np.array([1.0, 3.0, 0.5, 10.0, 2.0]) + np.array(
        [0, 5, -2, 40, 1.0]
    )
    gamma = np.array([1.0, 2.0, 0.5, -1.5, 3.0])
    beta = np.array([0.0, -1.0, 2.0, 0.5, 10.0])
    out, _ = _check_out(
        impl,
        x,
        gamma,
        beta,
        what=say("batchnorm_forward on a (64, 5) batch", "(64, 5) batch 上的 batchnorm_forward"),
    )
    var = x.var(axis=0)
    assert_close(
        out.mean(axis=0),
        beta,
        say("per-channel mean of out", "out 每个通道的均值"),
        atol=1e-9,
        hint=say("each channel's output mean must be beta", "每个通道输出的均值必须是 beta"),
    )
    assert_close(
        out.var(axis=0),
        gamma**2 * var / (var + 1e-5),
        say("per-channel variance of out", "out 每个通道的方差"),
        hint=say(
            "each channel's biased output variance must be gamma^2 (up to eps)",
            "每个通道输出的有偏方差必须是 gamma^2（忽略 eps 的影响）",
        ),
    )


@case("statistics over N, H and W on (N, C, H, W)", zh="(N, C, H, W) 上在 N、H、W 维求统计量")
def test_statistics_4d(impl):
    rng = np.random.default_rng(RNG_SEED + 1)
    pattern = np.linspace(-3, 3, 20).reshape(1, 1, 4, 5)
    x = rng.normal(size=(3, 4, 4, 5)) + pattern + np.arange(4).reshape(1, 4, 1, 1) * 10
    out, _ = _check_out(
        impl,
        x,
        np.ones(4),
        np.zeros(4),
        what=say(
            "batchnorm_forward on a (3, 4, 4, 5) batch", "(3, 4, 4, 5) batch 上的 batchnorm_forward"
        ),
    )
    assert_close(
        out.mean(axis=(0, 2, 3)),
        np.zeros(4),
        say("mean of out over N, H, W", "out 在 N、H、W 上的均值"),
        atol=1e-9,
    )
    assert_close(
        out.var(axis=(0, 2, 3)),
        np.ones(4),
        say("variance of out over N, H, W", "out 在 N、H、W 上的方差"),
        rtol=1e-4,
    )


@case("statistics over N and L on (N, C, L)", zh="(N, C, L) 上在 N、L 维求统计量")
def test_statistics_3d(impl):
    rng = np.random.default_rng(RNG_SEED + 2)
    x = rng.normal(size=(2, 3, 6)) * 2 + np.linspace(0, 4, 6)
    _check_out(
        impl,
        x,
        np.array([1.0, -2.0, 0.5]),
        np.array([0.3, 0.0, -1.0]),
        what=say(
            "batchnorm_forward on a (2, 3, 6) batch", "(2, 3, 6) batch 上的 batchnorm_forward"
        ),
    )


@case("biased variance in the normalisation", zh="归一化使用有偏方差")
def test_biased_variance(impl):
    x = np.array([[0.0, 1.0], [3.0, 2.0], [6.0, 6.0]])  # 3 samples: m/(m-1) = 1.5
    _check_out(
        impl,
        x,
        np.ones(2),
        np.zeros(2),
        what=say(
            "batchnorm_forward on a 3-sample batch", "3 个样本的 batch 上的 batchnorm_forward"
        ),
    )


@case("eps inside the square root", zh="eps 在平方根内")
def test_eps_inside_sqrt(impl):
    x = np.array([[0.5, 1.0], [-0.5, 3.0], [0.5, 5.0], [-0.5, 7.0]])  # channel 0: var 0.25
    _check_out(
        impl,
        x,
        np.ones(2),
        np.zeros(2),
        1.0,
        what=say("batchnorm_forward with eps=1", "eps=1 时的 batchnorm_forward"),
    )


@case("eps defaults to 1e-5", zh="eps 默认为 1e-5")
def test_eps_default(impl):
    a = np.sqrt(1e-5)
    x = np.array([[-a], [a], [-a], [a]])  # var = 1e-5 = eps: x_hat = +-1/sqrt(2)
    out, _ = _forward(impl, x, np.ones(1), np.zeros(1))
    assert_close(
        out[:, 0],
        np.array([-1, 1, -1, 1]) / np.sqrt(2),
        say("out for a channel with var 1e-5", "方差为 1e-5 的通道的 out"),
        rtol=1e-4,
        hint=say(
            "called without eps, batchnorm_forward must use eps=1e-5 inside the square root",
            "不传 eps 时，batchnorm_forward 必须在平方根内使用 eps=1e-5",
        ),
    )


@case("a constant channel gives beta, with no nan", zh="常数通道输出 beta，不出现 nan")
def test_constant_channel(impl):
    x = np.array([[0.1, 1.0], [0.1, 2.0], [0.1, 4.0], [0.1, 8.0], [0.1, 3.0]])
    out, _ = _forward(impl, x, np.array([2.0, 1.0]), np.array([-0.5, 0.0]))
    expect(
        np.all(np.isfinite(out)),
        say(
            "a constant channel (variance 0) gave nan or inf: eps inside sqrt(var + eps) is what "
            "keeps the division finite",
            "常数通道（方差为 0）得到了 nan 或 inf：正是 sqrt(var + eps) 中的 eps 让除法保持有限",
        ),
        got=out,
    )
    assert_close(
        out[:, 0],
        np.full(5, -0.5),
        say("out of a constant channel", "常数通道的 out"),
        atol=1e-6,
        hint=say("x - mean is 0, so the output is beta", "x - mean 为 0，所以输出就是 beta"),
    )


@case("gamma scales and beta shifts each channel", zh="每个通道由 gamma 缩放、beta 平移")
def test_affine_per_channel(impl):
    rng = np.random.default_rng(RNG_SEED + 3)
    x = rng.normal(size=(10, 4))
    _check_out(
        impl,
        x,
        np.array([2.0, -1.0, 0.0, 0.25]),
        np.array([1.0, 0.0, -3.0, 5.0]),
        what=say(
            "batchnorm_forward with per-channel gamma and beta",
            "逐通道 gamma、beta 下的 batchnorm_forward",
        ),
    )


@case("a single sample with spatial axes is a valid batch", zh="带空间维的单个样本也是合法的 batch")
def test_single_sample_spatial(impl):
    rng = np.random.default_rng(RNG_SEED + 4)
    x = rng.normal(size=(1, 2, 2, 3))
    _check_out(
        impl,
        x,
        np.array([1.0, 2.0]),
        np.array([0.0, 1.0]),
        what=say(
            "batchnorm_forward on a (1, 2, 2, 3) batch", "(1, 2, 2, 3) batch 上的 batchnorm_forward"
        ),
    )


@case("float32 in, float32 out", zh="输入 float32，输出也是 float32")
def test_float32(impl):
    rng = np.random.default_rng(RNG_SEED + 5)
    x = rng.normal(2.0, 3.0, size=(32, 3, 2, 2)).astype(np.float32)
    gamma = np.array([1.0, 0.5, -2.0], dtype=np.float32)
    beta = np.array([0.0, 1.0, 0.5], dtype=np.float32)
    out, cache = _check_out(
        impl,
        x,
        gamma,
        beta,
        what=say("batchnorm_forward on float32", "float32 上的 batchnorm_forward"),
        rtol=1e-4,
        atol=1e-5,
    )
    dout = rng.normal(size=x.shape).astype(np.float32)
    dx, dgamma, dbeta = _backward(
        impl,
        dout,
        cache,
        3,
        what=say("batchnorm_backward on float32", "float32 上的 batchnorm_backward"),
    )
    ref_dx = _analytic_dx(x, gamma, dout)
    assert_close(
        dx,
        ref_dx,
        say("float32 dx", "float32 的 dx"),
        rtol=1e-3,
        atol=1e-5,
        hint=say(
            "dx must include the gradient through the batch mean and variance",
            "dx 必须包含经过 batch 均值和方差的那部分梯度",
        ),
    )


@case("inputs are not modified", zh="不修改输入")
def test_inputs_not_modified(impl):
    rng = np.random.default_rng(RNG_SEED + 6)
    x, gamma, beta = rng.normal(size=(6, 3)), rng.normal(size=3), rng.normal(size=3)
    dout = rng.normal(size=(6, 3))
    copies = [a.copy() for a in (x, gamma, beta, dout)]
    _, cache = _forward(impl, x, gamma, beta)
    _backward(impl, dout, cache, 3)
    for name, before, after in zip(
        ("x", "gamma", "beta", "dout"), copies, (x, gamma, beta, dout), strict=True
    ):
        expect(
            np.array_equal(before, after),
            say(
                "{n} was modified in place; work on a copy (e.g. x - mean creates a new array, "
                "x -= mean does not)",
                "{n} 被原地修改了；请在副本上计算（例如 x - mean 会创建新数组，x -= mean 不会）",
                n=name,
            ),
        )
