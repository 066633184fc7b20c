"""``bn-inference``: hidden tests of ``fold_batchnorm``."""

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
from quizzer.suites.bn_inference.helpers import (
    SEED,
    _bn_params,
    _check_fold,
    _conv2d,
    _fold,
    _linear,
)


@case(
    "folded square Linear with bias equals Linear + eval BN",
    zh="带偏置、权重为方阵的 Linear 融合后等于 Linear + eval BN",
)
def test_fold_square(impl):
    _check_biased_linear(impl, SEED + 10, (4, 4), rows=6)


@case("folded non-square Linear with bias", zh="融合带偏置、权重非方阵的 Linear")
def test_fold_rect(impl):
    _check_biased_linear(impl, SEED + 11, (3, 5), rows=7)


def _check_biased_linear(impl, seed, shape, *, rows):
    """Fold a random Linear of weight ``shape`` with a bias; check it on ``rows`` random inputs."""
    rng = np.random.default_rng(seed)
    W, b = rng.normal(size=shape), rng.normal(size=shape[0])
    _check_fold(
        impl,
        _linear,
        rng.normal(size=(rows, shape[1])),
        W,
        b,
        what=say("a {s} Linear with bias", "带偏置的 {s} Linear", s=str(shape)),
    )


@case("folded Linear without bias (b=None)", zh="融合不带偏置的 Linear（b=None）")
def test_fold_no_bias(impl):
    rng = np.random.default_rng(SEED + 12)
    for shape in ((4, 4), (2, 6)):
        W = rng.normal(size=shape)
        _, bf = _check_fold(
            impl,
            _linear,
            rng.normal(size=(5, shape[1])),
            W,
            None,
            what=say("a {s} Linear with b=None", "b=None 的 {s} Linear", s=str(shape)),
        )
        as_array(bf, say("b_folded for b=None", "b=None 时的 b_folded"), shape=(shape[0],))


@case("folded Conv2d equals Conv2d + eval BN", zh="Conv2d 融合后等于 Conv2d + eval BN")
def test_fold_conv(impl):
    rng = np.random.default_rng(SEED + 13)
    x = rng.normal(size=(2, 3, 5, 5))
    _check_fold(
        impl,
        _conv2d,
        x,
        rng.normal(size=(3, 3, 2, 2)),
        rng.normal(size=3),
        what=say("a (3, 3, 2, 2) Conv2d with bias", "带偏置的 (3, 3, 2, 2) Conv2d"),
    )
    _check_fold(
        impl,
        _conv2d,
        x,
        rng.normal(size=(4, 3, 3, 3)),
        None,
        what=say("a (4, 3, 3, 3) Conv2d without bias", "不带偏置的 (4, 3, 3, 3) Conv2d"),
    )


@case("folding: eps inside the square root, default 1e-5", zh="融合：eps 在平方根内，默认 1e-5")
def test_fold_eps(impl):
    rng = np.random.default_rng(SEED + 14)
    W, b, x = rng.normal(size=(3, 3)), rng.normal(size=3), rng.normal(size=(4, 3))
    _check_fold(impl, _linear, x, W, b, 1.0, what=say("eps=1", "eps=1"))
    gamma, beta, mean = np.ones(3), np.zeros(3), np.zeros(3)
    var = np.full(3, 1e-5)
    Wf, bf = _fold(impl, W, b, gamma, beta, mean, var)
    assert_close(
        Wf,
        W / np.sqrt(2e-5),
        say(
            "W_folded for running_var 1e-5 and the default eps",
            "running_var 为 1e-5、默认 eps 时的 W_folded",
        ),
        rtol=1e-9,
        hint=say(
            "scale = gamma / sqrt(running_var + eps) with eps = 1e-5",
            "scale = gamma / sqrt(running_var + eps)，其中 eps = 1e-5",
        ),
    )


@case(
    "folding: float32 in, float32 out, inputs not modified",
    zh="融合：输入 float32 则输出 float32，不修改输入",
)
def test_fold_float32_and_inputs(impl):
    rng = np.random.default_rng(SEED + 15)
    W, b = rng.normal(size=(3, 2, 2, 2)).astype(np.float32), rng.normal(size=3).astype(np.float32)
    params = tuple(p.astype(np.float32) for p in _bn_params(rng, 3))
    copies = [a.copy() for a in (W, b, *params)]
    Wf, bf = _fold(
        impl, W, b, *params, what=say("fold_batchnorm on float32", "float32 上的 fold_batchnorm")
    )
    scale = params[0].astype(float) / np.sqrt(params[3].astype(float) + 1e-5)
    assert_close(
        Wf,
        W * scale.reshape(-1, 1, 1, 1),
        say("float32 W_folded", "float32 的 W_folded"),
        rtol=1e-5,
        atol=1e-6,
    )
    assert_close(
        bf,
        (b - params[2]) * scale + params[1],
        say("float32 b_folded", "float32 的 b_folded"),
        rtol=1e-5,
        atol=1e-6,
    )
    for before, after in zip(copies, (W, b, *params), strict=True):
        expect(
            np.array_equal(before, after),
            say("fold_batchnorm modified an input in place", "fold_batchnorm 原地修改了某个输入"),
        )


@case("folding: bad arguments raise ValueError", zh="融合：非法参数抛出 ValueError")
def test_fold_errors(impl):
    W = np.ones((3, 2))
    ok = [np.ones(3), np.zeros(3), np.zeros(3), np.ones(3)]
    expect_raises(
        ValueError,
        impl.fold_batchnorm,
        W,
        np.ones(2),
        *ok,
        what=say(
            "fold_batchnorm with b of shape (2,) for 3 output channels",
            "3 个输出通道而 b 形状为 (2,) 时的 fold_batchnorm",
        ),
    )
    expect_raises(
        ValueError,
        impl.fold_batchnorm,
        W,
        None,
        np.ones(2),
        *ok[1:],
        what=say(
            "fold_batchnorm with gamma of shape (2,) for 3 output channels",
            "3 个输出通道而 gamma 形状为 (2,) 时的 fold_batchnorm",
        ),
    )
    expect_raises(
        ValueError,
        impl.fold_batchnorm,
        W,
        None,
        *ok[:3],
        np.ones(2),
        what=say(
            "fold_batchnorm with running_var of shape (2,) for 3 output channels",
            "3 个输出通道而 running_var 形状为 (2,) 时的 fold_batchnorm",
        ),
    )
    expect_raises(
        ValueError,
        impl.fold_batchnorm,
        np.ones(3),
        None,
        *ok,
        what=say("fold_batchnorm with a 1-D W", "W 为一维时的 fold_batchnorm"),
    )
    expect_raises(
        ValueError,
        impl.fold_batchnorm,
        W,
        None,
        *ok[:3],
        np.array([1.0, -0.5, 1.0]),
        what=say(
            "fold_batchnorm with a negative running_var entry",
            "running_var 有负数元素时的 fold_batchnorm",
        ),
    )
    expect_raises(
        ValueError, impl.fold_batchnorm, W, None, *ok, -1e-5, what="fold_batchnorm(..., eps=-1e-5)"
    )
    for k, name in ((1, "beta"), (2, "running_mean")):
        bad = list(ok)
        bad[k] = np.ones(2)
        expect_raises(
            ValueError,
            impl.fold_batchnorm,
            W,
            None,
            *bad,
            what=say(
                "fold_batchnorm with {n} of shape (2,) for 3 output channels",
                "3 个输出通道而 {n} 形状为 (2,) 时的 fold_batchnorm",
                n=name,
            ),
        )
