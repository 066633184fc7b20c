"""``bn-vs-ln``: hidden tests of ``layer_norm``."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import assert_close, case, say
from quizzer.suites.bn_vs_ln.helpers import SEED, _call, _check_ln


@case("layer norm on (N, D) uses the last axis only", zh="(N, D) 上的 LayerNorm 只在最后一维上统计")
def test_ln_2d(impl):
    rng = np.random.default_rng(SEED)
    x = rng.normal(size=(8, 6)) * np.linspace(0.5, 3, 6) + np.linspace(-4, 4, 6)
    _check_ln(
        impl,
        x,
        rng.normal(size=6),
        rng.normal(size=6),
        what=say("layer_norm on (8, 6)", "(8, 6) 上的 layer_norm"),
    )


@case(
    "layer norm on (N, T, D) normalises each token",
    zh="(N, T, D) 上的 LayerNorm 对每个 token 归一化",
)
def test_ln_3d(impl):
    rng = np.random.default_rng(SEED + 1)
    x = rng.normal(size=(2, 3, 5)) + np.arange(3).reshape(1, 3, 1) * 5
    _check_ln(
        impl,
        x,
        rng.normal(size=5),
        rng.normal(size=5),
        what=say("layer_norm on (2, 3, 5)", "(2, 3, 5) 上的 layer_norm"),
    )


@case(
    "layer norm: a sample's output ignores the other samples",
    zh="LayerNorm：一个样本的输出与其他样本无关",
)
def test_ln_independent(impl):
    rng = np.random.default_rng(SEED + 2)
    x = rng.normal(size=(4, 5))
    gamma, beta = rng.normal(size=5), rng.normal(size=5)
    first = _call(impl.layer_norm, x, gamma, beta, what="layer_norm")
    changed = x.copy()
    changed[1:] = rng.normal(50.0, 10.0, size=(3, 5))
    second = _call(impl.layer_norm, changed, gamma, beta, what="layer_norm")
    assert_close(
        second[0],
        first[0],
        say("sample 0 after changing samples 1-3", "改动样本 1-3 之后的样本 0"),
        rtol=1e-12,
        atol=1e-12,
        hint=say(
            "LayerNorm statistics belong to one sample; nothing may be computed across the "
            "batch axis",
            "LayerNorm 的统计量只属于一个样本；不能跨 batch 轴计算任何东西",
        ),
    )
    single = _call(
        impl.layer_norm,
        x[:1].copy(),
        gamma,
        beta,
        what=say("layer_norm on one sample", "只有一个样本时的 layer_norm"),
    )
    assert_close(
        single[0],
        first[0],
        say("a batch of one sample", "只有一个样本的 batch"),
        rtol=1e-12,
        atol=1e-12,
    )


@case(
    "layer norm: biased variance, eps inside the square root",
    zh="LayerNorm：有偏方差，eps 在平方根内",
)
def test_ln_variance_eps(impl):
    x = np.array([[0.0, 1.0], [2.0, 5.0]])  # D = 2: unbiased would double the variance
    _check_ln(
        impl, x, np.ones(2), np.zeros(2), what=say("layer_norm with D = 2", "D = 2 时的 layer_norm")
    )
    _check_ln(
        impl,
        x,
        np.ones(2),
        np.zeros(2),
        1.0,
        what=say("layer_norm with eps=1", "eps=1 时的 layer_norm"),
    )
    a = np.sqrt(1e-5)
    _check_ln(
        impl,
        np.array([[-a, a]]),
        np.ones(2),
        np.zeros(2),
        what=say(
            "layer_norm of a row with variance 1e-5 and the default eps",
            "方差为 1e-5 的一行、默认 eps 时的 layer_norm",
        ),
    )


@case("layer norm: gamma and beta act per feature", zh="LayerNorm：gamma 和 beta 逐特征作用")
def test_ln_affine(impl):
    x = np.random.default_rng(SEED + 3).normal(size=(3, 4))
    _check_ln(
        impl,
        x,
        np.array([2.0, 0.0, -1.0, 0.5]),
        np.array([0.0, 1.0, 2.0, -3.0]),
        what=say(
            "layer_norm with per-feature gamma and beta", "逐特征 gamma、beta 下的 layer_norm"
        ),
    )
