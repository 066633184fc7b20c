"""``batchnorm``: bad arguments raise ValueError, in both functions."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import (
    case,
    expect_raises,
    say,
)
from quizzer.suites.batchnorm.helpers import RNG_SEED, _forward


@case(
    "fewer than 2 values per channel raises ValueError", zh="每个通道少于 2 个值时抛出 ValueError"
)
def test_too_few_values(impl):
    expect_raises(
        ValueError,
        impl.batchnorm_forward,
        np.array([[1.0, 2.0, 3.0]]),
        np.ones(3),
        np.zeros(3),
        what=say("batchnorm_forward on a (1, 3) batch", "(1, 3) batch 上的 batchnorm_forward"),
    )
    expect_raises(
        ValueError,
        impl.batchnorm_forward,
        np.ones((1, 2, 1, 1)),
        np.ones(2),
        np.zeros(2),
        what=say(
            "batchnorm_forward on a (1, 2, 1, 1) batch", "(1, 2, 1, 1) batch 上的 batchnorm_forward"
        ),
    )


@case(
    "gamma or beta of the wrong shape raises ValueError",
    zh="gamma 或 beta 形状错误时抛出 ValueError",
)
def test_bad_affine_shape(impl):
    x = np.arange(12.0).reshape(4, 3)
    expect_raises(
        ValueError,
        impl.batchnorm_forward,
        x,
        np.ones(4),
        np.zeros(3),
        what=say(
            "batchnorm_forward with gamma of shape (4,) for 3 channels",
            "3 个通道而 gamma 形状为 (4,) 时的 batchnorm_forward",
        ),
    )
    expect_raises(
        ValueError,
        impl.batchnorm_forward,
        x,
        np.ones(3),
        np.zeros(2),
        what=say(
            "batchnorm_forward with beta of shape (2,) for 3 channels",
            "3 个通道而 beta 形状为 (2,) 时的 batchnorm_forward",
        ),
    )


@case("x with fewer than 2 dimensions raises ValueError", zh="x 少于 2 维时抛出 ValueError")
def test_bad_ndim(impl):
    expect_raises(
        ValueError,
        impl.batchnorm_forward,
        np.arange(5.0),
        np.ones(5),
        np.zeros(5),
        what=say("batchnorm_forward on a 1-D x", "x 为一维时的 batchnorm_forward"),
    )


@case(
    "batchnorm_backward rejects a dout of another shape",
    zh="batchnorm_backward 拒绝形状不符的 dout",
)
def test_backward_bad_dout(impl):
    x = np.random.default_rng(RNG_SEED + 9).normal(size=(6, 3))
    _, cache = _forward(impl, x, np.ones(3), np.zeros(3))
    expect_raises(
        ValueError,
        impl.batchnorm_backward,
        np.ones((3, 6)),
        cache,
        what=say(
            "batchnorm_backward(dout of shape (3, 6), cache of a (6, 3) x)",
            "batchnorm_backward(dout, cache)（dout 的形状为 (3, 6)，cache 来自形状为 (6, 3) 的 x）",
        ),
    )


@case("a negative eps raises ValueError", zh="eps 为负时抛出 ValueError")
def test_negative_eps(impl):
    expect_raises(
        ValueError,
        impl.batchnorm_forward,
        np.arange(8.0).reshape(4, 2),
        np.ones(2),
        np.zeros(2),
        -1e-5,
        what="batchnorm_forward(x, gamma, beta, eps=-1e-5)",
    )
