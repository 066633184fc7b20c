"""Hidden suite for ``bn-params`` (card 9): the gamma and beta that switch BN off.

The learner's parameters are fed to the trusted reference ``batchnorm_forward``
(run here, in-process), which must then return x itself.
"""

from __future__ import annotations

import numpy as np

from quizzer.challenges import reference
from quizzer.suites.base import (
    as_array,
    assert_close,
    case,
    expect,
    expect_raises,
    join,
    say,
    unpack,
)

SEED = 9


def _axes(x):
    return (0, *range(2, x.ndim))


def _params(impl, x, *eps, what="bn_identity_params"):
    gamma, beta = unpack(impl.bn_identity_params(x, *eps), 2, what)
    dtype = x.dtype if x.dtype.kind == "f" else None
    as_array(gamma, say("gamma of {w}", "{w} 的 gamma", w=what), shape=(x.shape[1],), dtype=dtype)
    as_array(beta, say("beta of {w}", "{w} 的 beta", w=what), shape=(x.shape[1],), dtype=dtype)
    return gamma, beta


def _hint(gamma, beta, x, eps=1e-5):
    axes = _axes(x)
    x64 = np.asarray(x, dtype=np.float64)
    mean, var = x64.mean(axis=axes), x64.var(axis=axes)
    std = np.sqrt(var + eps)
    close = lambda a, b: np.allclose(a, b, rtol=1e-5, atol=1e-7)  # noqa: E731
    if close(gamma, mean) and close(beta, std):
        return say(
            "gamma and beta are swapped (the source write-up words it this way round, and it is "
            "wrong): gamma, the scale, must undo the division, so gamma = sqrt(var + eps); "
            "beta, the shift, must undo the centring, so beta = mean",
            "gamma 和 beta 对调了（原文就是这么写的，但那是错的）：gamma 是缩放，要抵消除法，"
            "所以 gamma = sqrt(var + eps)；beta 是平移，要抵消减均值，所以 beta = mean",
        )
    if eps > 0 and close(gamma, np.sqrt(var)):
        return say(
            "gamma = std without eps: BN divides by sqrt(var + eps), so gamma must be "
            "sqrt(var + eps) to undo it exactly",
            "gamma 取了不含 eps 的标准差：BN 除以的是 sqrt(var + eps)，"
            "所以 gamma 必须是 sqrt(var + eps) 才能精确抵消",
        )
    if close(gamma, var + eps) or close(gamma, var):
        return say(
            "gamma is the variance; BN divides by the standard deviation sqrt(var + eps)",
            "gamma 取了方差；BN 除以的是标准差 sqrt(var + eps)",
        )
    m = x.size // x.shape[1]
    if close(gamma, np.sqrt(var * m / (m - 1) + eps)):
        return say(
            "gamma uses the unbiased variance; BN normalises with the biased one "
            "(divide by m), so that is what gamma must undo",
            "gamma 用了无偏方差；BN 用有偏方差（除以 m）归一化，gamma 要抵消的正是它",
        )
    return ""


_GENERIC = say(
    "gamma = sqrt(var + eps) and beta = mean per channel, with the biased variance over "
    "every axis but axis 1",
    "每个通道取 gamma = sqrt(var + eps)、beta = mean，方差是在除 axis 1 以外的所有轴上计算的有偏方差",
)


def _check_identity(impl, x, *eps, what, rtol=1e-6, atol=1e-9):
    gamma, beta = _params(impl, x, *eps, what=what)
    out, _ = reference("batchnorm").batchnorm_forward(x, gamma, beta, *eps)
    assert_close(
        out,
        x,
        say(
            "batchnorm_forward(x, gamma, beta) with your parameters ({w})",
            "用你的参数调用 batchnorm_forward(x, gamma, beta)（{w}）",
            w=what,
        ),
        rtol=rtol,
        atol=atol,
        hint=join(
            say("BN should give x back. ", "BN 应当原样返回 x。"),
            _hint(gamma, beta, x, *eps) or _GENERIC,
        ),
    )
    return gamma, beta


@case("identity parameters for a small batch", zh="小 batch 上让 BN 恒等的参数", visible=True)
def test_small(impl):
    """
    >>> x = np.array([[1., 10.], [3., 20.], [5., 30.], [7., 40.]])
    >>> gamma, beta = bn_identity_params(x)
    >>> np.round(gamma, 4)
    array([ 2.2361, 11.1803])
    >>> beta
    array([ 4., 25.])
    """
    x = np.array([[1.0, 10.0], [3.0, 20.0], [5.0, 30.0], [7.0, 40.0]])
    gamma, beta = _params(impl, x)
    hint = _hint(gamma, beta, x) or _GENERIC
    assert_close(gamma, np.sqrt([5 + 1e-5, 125 + 1e-5]), "gamma", hint=hint)
    assert_close(beta, [4.0, 25.0], "beta", hint=hint)


@case("BN returns x on (N, C)", zh="(N, C) 输入上 BN 原样返回 x")
def test_identity_2d(impl):
    rng = np.random.default_rng(SEED)
    x = rng.normal(size=(32, 4)) * np.array([1.0, 5.0, 0.1, 2.0]) + np.array([0.0, 3.0, -7.0, 50.0])
    _check_identity(impl, x, what=say("a (32, 4) batch", "(32, 4) 的 batch"))


@case("BN returns x on (N, C, H, W)", zh="(N, C, H, W) 输入上 BN 原样返回 x")
def test_identity_4d(impl):
    rng = np.random.default_rng(SEED + 1)
    x = rng.normal(size=(3, 4, 5, 5)) + np.linspace(-2, 2, 5) + np.arange(4).reshape(1, 4, 1, 1)
    _check_identity(impl, x, what=say("a (3, 4, 5, 5) batch", "(3, 4, 5, 5) 的 batch"))


@case("BN returns x with a custom eps", zh="自定义 eps 时 BN 原样返回 x")
def test_identity_eps(impl):
    rng = np.random.default_rng(SEED + 2)
    x = rng.normal(1.0, 0.5, size=(10, 3))
    _check_identity(impl, x, 0.5, what="eps=0.5")


@case("eps defaults to 1e-5", zh="eps 默认为 1e-5")
def test_default_eps(impl):
    a = np.sqrt(1e-5)
    x = np.array([[-a, 1.0], [a, 2.0], [-a, 3.0], [a, 4.0]])  # channel 0: var 1e-5 = eps
    gamma, beta = _params(impl, x)
    hint = _hint(gamma, beta, x) or say(
        "called without eps, use eps = 1e-5: gamma = sqrt(var + 1e-5)",
        "不传 eps 时使用 eps = 1e-5：gamma = sqrt(var + 1e-5)",
    )
    assert_close(
        gamma[0],
        np.sqrt(2e-5),
        say("gamma of a channel with variance 1e-5", "方差为 1e-5 的通道的 gamma"),
        hint=hint,
    )


@case("gamma is the standard deviation, beta the mean", zh="gamma 取标准差，beta 取均值")
def test_values(impl):
    rng = np.random.default_rng(SEED + 3)
    x = rng.normal(size=(4, 3, 2)) * 3 + np.array([10.0, -1.0, 0.0]).reshape(1, 3, 1)
    gamma, beta = _params(impl, x)
    hint = _hint(gamma, beta, x) or _GENERIC
    assert_close(beta, x.mean(axis=(0, 2)), "beta", hint=hint)
    assert_close(gamma, np.sqrt(x.var(axis=(0, 2)) + 1e-5), "gamma", hint=hint)


@case("a constant channel gets gamma = sqrt(eps)", zh="常数通道的 gamma = sqrt(eps)")
def test_constant_channel(impl):
    x = np.column_stack([np.full(4, 2.5), np.arange(4.0)])
    gamma, beta = _check_identity(
        impl, x, what=say("a batch with a constant channel", "含常数通道的 batch")
    )
    assert_close(
        gamma[0], np.sqrt(1e-5), say("gamma of a constant channel", "常数通道的 gamma"), rtol=1e-6
    )


@case("float32 in, float32 out", zh="输入 float32，输出 float32")
def test_float32(impl):
    rng = np.random.default_rng(SEED + 4)
    x = rng.normal(3.0, 2.0, size=(64, 3, 2, 2)).astype(np.float32)
    _check_identity(impl, x, what=say("a float32 batch", "float32 的 batch"), rtol=1e-4, atol=1e-4)


@case("x is not modified", zh="不修改 x")
def test_input_untouched(impl):
    x = np.random.default_rng(SEED + 5).normal(size=(6, 2))
    before = x.copy()
    _params(impl, x)
    expect(
        np.array_equal(x, before),
        say("bn_identity_params modified x in place", "bn_identity_params 原地修改了 x"),
    )


@case("bad arguments raise ValueError", zh="非法参数抛出 ValueError")
def test_errors(impl):
    expect_raises(
        ValueError,
        impl.bn_identity_params,
        np.arange(4.0),
        what=say("bn_identity_params on a 1-D x", "x 为一维时的 bn_identity_params"),
    )
    expect_raises(
        ValueError,
        impl.bn_identity_params,
        np.ones((4, 3)),
        -1e-5,
        what=say(
            "bn_identity_params(x, eps=-1e-5)", "bn_identity_params(x, eps=-1e-5)（eps 为负）"
        ),
    )
    expect_raises(
        ValueError,
        impl.bn_identity_params,
        np.ones((1, 3)),
        what=say(
            "bn_identity_params on a (1, 3) batch (one value per channel)",
            "(1, 3) 的 batch 上的 bn_identity_params（每个通道只有一个值）",
        ),
    )


def _probe(impl, eps):
    x = np.random.default_rng(90).normal(2.0, 1.5, size=(6, 3))
    return impl.bn_identity_params(x, eps)


PROBES = {
    "gamma, eps=1e-5": lambda impl: np.ravel(_probe(impl, 1e-5)[0]),
    "beta, eps=1e-5": lambda impl: np.ravel(_probe(impl, 1e-5)[1]),
    "gamma, eps=0.5": lambda impl: np.ravel(_probe(impl, 0.5)[0]),
}


def timing_inputs():
    x = np.random.default_rng(0).standard_normal((8192, 256), dtype=np.float32)
    return {"bn_identity_params": (x,)}
