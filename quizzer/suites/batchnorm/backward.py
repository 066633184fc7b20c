"""``batchnorm``: hidden tests of ``batchnorm_backward``."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import (
    assert_close,
    case,
    say,
)
from quizzer.suites.batchnorm.helpers import (
    RNG_SEED,
    _analytic_dx,
    _backward,
    _forward,
    _gradient_check,
)


@case("backward matches numerical gradients on (N, C)", zh="(N, C) 上反向传播与数值梯度一致")
def test_gradcheck_2d(impl):
    _gradient_check(impl, (4, 3))


@case(
    "backward matches numerical gradients on (N, C, H, W)",
    zh="(N, C, H, W) 上反向传播与数值梯度一致",
)
def test_gradcheck_4d(impl):
    _gradient_check(impl, (2, 3, 2, 2))


@case("backward on a larger (N, C, L) batch", zh="较大 (N, C, L) batch 上的反向传播")
def test_backward_larger(impl):
    rng = np.random.default_rng(RNG_SEED + 7)
    x = rng.normal(1.0, 3.0, size=(16, 4, 3))
    gamma, beta = rng.normal(size=4), rng.normal(size=4)
    dout = rng.normal(size=x.shape)
    _, cache = _forward(impl, x, gamma, beta)
    dx, dgamma, dbeta = _backward(impl, dout, cache, 4)
    axes = (0, 2)
    x_hat = (x - x.mean(axis=axes, keepdims=True)) / np.sqrt(x.var(axis=axes, keepdims=True) + 1e-5)
    assert_close(
        dbeta,
        dout.sum(axis=axes),
        "dbeta",
        hint=say("sum dout over N and L, per channel", "逐通道对 dout 在 N 和 L 上求和"),
    )
    assert_close(
        dgamma,
        (dout * x_hat).sum(axis=axes),
        "dgamma",
        hint=say(
            "sum dout * x_hat over N and L, per channel", "逐通道对 dout * x_hat 在 N 和 L 上求和"
        ),
    )
    assert_close(
        dx,
        _analytic_dx(x, gamma, dout),
        "dx",
        hint="dx = (g - mean(g) - x_hat * mean(g * x_hat)) / sqrt(var + eps), g = dout * gamma",
    )


@case("each cache belongs to its own forward call", zh="每个 cache 只属于产生它的那次前向调用")
def test_cache_independent(impl):
    rng = np.random.default_rng(RNG_SEED + 8)
    xa, xb = rng.normal(size=(5, 2)), rng.normal(3.0, 5.0, size=(5, 2))
    gamma, beta = np.array([1.5, -0.5]), np.zeros(2)
    dout = rng.normal(size=(5, 2))
    _, cache_a = _forward(impl, xa, gamma, beta)
    _forward(impl, xb, gamma, beta)
    dx, _, _ = _backward(impl, dout, cache_a, 2)
    hint = "dx = (g - mean(g) - x_hat * mean(g * x_hat)) / sqrt(var + eps), g = dout * gamma"
    if np.allclose(dx, _analytic_dx(xb, gamma, dout), rtol=1e-6):
        hint = say(
            "dx is the gradient for the second call's batch: keep everything backward needs "
            "in the cache each call returns, not in globals or function attributes",
            "dx 是第二次调用那个 batch 的梯度：反向传播需要的一切都要放在每次调用返回的 cache 里，"
            "而不是放在全局变量或函数属性里",
        )
    assert_close(
        dx,
        _analytic_dx(xa, gamma, dout),
        say("dx from the first call's cache", "用第一次调用的 cache 算出的 dx"),
        hint=hint,
    )
