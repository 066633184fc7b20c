"""``bn-vs-ln``: the contract of all three functions: float32 in and out, inputs not
modified, bad arguments raise ValueError."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import case, expect, expect_raises, say
from quizzer.suites.bn_vs_ln.helpers import SEED, _check_gn, _check_in, _check_ln


@case("float32 in, float32 out", zh="输入 float32，输出 float32")
def test_float32(impl):
    rng = np.random.default_rng(SEED + 10)
    x = rng.normal(3.0, 2.0, size=(4, 6, 5)).astype(np.float32)
    g, b = rng.normal(size=6).astype(np.float32), rng.normal(size=6).astype(np.float32)
    gl, bl = g[:5].copy(), b[:5].copy()
    _check_ln(
        impl,
        x,
        gl,
        bl,
        what=say("layer_norm on float32", "float32 上的 layer_norm"),
        rtol=1e-4,
        atol=1e-5,
    )
    _check_gn(
        impl,
        x,
        2,
        g,
        b,
        what=say("group_norm on float32", "float32 上的 group_norm"),
        rtol=1e-4,
        atol=1e-5,
    )
    _check_in(
        impl,
        x,
        what=say("instance_norm on float32", "float32 上的 instance_norm"),
        rtol=1e-4,
        atol=1e-5,
    )


@case("inputs are not modified", zh="不修改输入")
def test_inputs_untouched(impl):
    rng = np.random.default_rng(SEED + 11)
    x, g, b = rng.normal(size=(2, 4, 3)), rng.normal(size=4), rng.normal(size=4)
    arrays = (x, g, b)
    copies = [a.copy() for a in arrays]
    impl.layer_norm(x[:, :, 0].copy(), g, b)
    impl.group_norm(x, 2, g, b)
    impl.instance_norm(x)
    impl.layer_norm(x.transpose(0, 2, 1), g, b)
    for name, before, after in zip(("x", "gamma", "beta"), copies, arrays, strict=True):
        expect(
            np.array_equal(before, after),
            say("{n} was modified in place", "{n} 被原地修改了", n=name),
        )


@case(
    "the other bad arguments of the contract raise ValueError",
    zh="题目约定的其他非法参数也抛出 ValueError",
)
def test_more_bad_arguments(impl):
    x = np.ones((2, 6, 2))
    for args, what in (
        (
            (x, 3, np.ones(6), np.zeros(3)),
            say("beta of shape (3,) for 6 channels", "6 个通道而 beta 形状为 (3,)"),
        ),
        ((x, -2, np.ones(6), np.zeros(6)), "num_groups=-2"),
        ((np.ones(6), 1, np.ones(6), np.zeros(6)), say("a 1-D x", "一维的 x")),
    ):
        expect_raises(
            ValueError,
            impl.group_norm,
            *args,
            what=say("group_norm with {w}", "{w} 时的 group_norm", w=what),
        )
    expect_raises(
        ValueError,
        impl.layer_norm,
        np.float64(1.0),
        np.ones(1),
        np.zeros(1),
        what=say("layer_norm on a 0-dimensional x", "x 为 0 维时的 layer_norm"),
    )


@case("a negative eps raises ValueError", zh="eps 为负时抛出 ValueError")
def test_negative_eps(impl):
    x = np.random.default_rng(SEED + 20).normal(size=(2, 4, 3))
    ones, zeros = np.ones(4), np.zeros(4)
    for fn, args in (
        ("layer_norm", (np.ones(3), np.zeros(3))),
        ("group_norm", (2, ones, zeros)),
        ("instance_norm", ()),
    ):
        expect_raises(
            ValueError, getattr(impl, fn), x, *args, -1e-5, what=f"{fn}(x, ..., eps=-1e-5)"
        )


@case(
    "layer norm: gamma or beta of the wrong shape raises ValueError",
    zh="LayerNorm：gamma 或 beta 形状不对时抛出 ValueError",
)
def test_ln_errors(impl):
    expect_raises(
        ValueError,
        impl.layer_norm,
        np.ones((3, 4)),
        np.ones(3),
        np.zeros(4),
        what=say(
            "layer_norm with gamma of shape (3,) for D = 4",
            "D = 4 而 gamma 形状为 (3,) 时的 layer_norm",
        ),
    )
    expect_raises(
        ValueError,
        impl.layer_norm,
        np.ones((3, 4)),
        np.ones(4),
        np.zeros(3),
        what=say(
            "layer_norm with beta of shape (3,) for D = 4",
            "D = 4 而 beta 形状为 (3,) 时的 layer_norm",
        ),
    )
