"""``bn-vs-ln``: hidden tests of ``group_norm``."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import assert_close, case, expect_raises, say
from quizzer.suites.bn_vs_ln.helpers import SEED, _affine, _check_gn, _in64, _standardise


@case("group norm on (N, C, H, W) with 3 groups", zh="(N, C, H, W) 上分 3 组的 GroupNorm")
def test_gn_4d(impl):
    rng = np.random.default_rng(SEED + 4)
    x = rng.normal(size=(2, 6, 3, 3)) + np.arange(6).reshape(1, 6, 1, 1) * 3
    _check_gn(
        impl,
        x,
        3,
        rng.normal(size=6),
        rng.normal(size=6),
        what=say("group_norm with 3 groups", "分 3 组的 group_norm"),
    )


@case(
    "group norm with 1 group is layer norm over (C, H, W)",
    zh="分 1 组的 GroupNorm 即 (C, H, W) 上的 LayerNorm",
)
def test_gn_one_group(impl):
    rng = np.random.default_rng(SEED + 5)
    x = rng.normal(size=(3, 4, 2, 2)) * np.arange(1, 5).reshape(1, 4, 1, 1)
    gamma, beta = rng.normal(size=4), rng.normal(size=4)
    out = _check_gn(
        impl, x, 1, gamma, beta, what=say("group_norm with 1 group", "分 1 组的 group_norm")
    )
    flat = _standardise(x.reshape(3, -1), (1,)).reshape(x.shape)
    assert_close(
        out,
        _affine(flat, gamma, beta),
        say(
            "group_norm(x, 1) vs layer norm over (C, H, W)",
            "group_norm(x, 1)（应等于 (C, H, W) 上的 LayerNorm）",
        ),
    )


@case(
    "group norm with C groups is instance norm with an affine",
    zh="分 C 组的 GroupNorm 即带仿射变换的 InstanceNorm",
)
def test_gn_c_groups(impl):
    rng = np.random.default_rng(SEED + 6)
    x = rng.normal(size=(2, 3, 4, 2))
    gamma, beta = rng.normal(size=3), rng.normal(size=3)
    out = _check_gn(
        impl, x, 3, gamma, beta, what=say("group_norm with C groups", "分 C 组的 group_norm")
    )
    assert_close(
        out,
        _affine(_in64(x), gamma, beta),
        say("group_norm(x, C) vs instance norm", "group_norm(x, C)（应等于 InstanceNorm）"),
    )


@case("group norm on (N, C) input and with eps", zh="(N, C) 输入及指定 eps 时的 GroupNorm")
def test_gn_2d_eps(impl):
    rng = np.random.default_rng(SEED + 7)
    x = rng.normal(size=(3, 4)) * 0.5
    _check_gn(
        impl,
        x,
        2,
        np.ones(4),
        np.zeros(4),
        what=say("group_norm on (3, 4) with 2 groups", "(3, 4) 上分 2 组的 group_norm"),
    )
    _check_gn(
        impl,
        x,
        2,
        np.ones(4),
        np.zeros(4),
        1.0,
        what=say("group_norm with eps=1", "eps=1 时的 group_norm"),
    )


@case(
    "group norm: a bad num_groups (C not divisible, or 0) or gamma shape raises ValueError",
    zh="GroupNorm：num_groups 不合法（不能整除 C 或为 0）或 gamma 形状不对时抛出 ValueError",
)
def test_gn_errors(impl):
    x = np.ones((2, 6, 2))
    expect_raises(
        ValueError,
        impl.group_norm,
        x,
        4,
        np.ones(6),
        np.zeros(6),
        what=say("group_norm with C = 6 and 4 groups", "C = 6、分 4 组时的 group_norm"),
    )
    expect_raises(
        ValueError,
        impl.group_norm,
        x,
        0,
        np.ones(6),
        np.zeros(6),
        what=say("group_norm with 0 groups", "分 0 组时的 group_norm"),
    )
    expect_raises(
        ValueError,
        impl.group_norm,
        x,
        3,
        np.ones(3),
        np.zeros(3),
        what=say(
            "group_norm with gamma of shape (3,) (one per group) for 6 channels",
            "6 个通道而 gamma 形状为 (3,)（每组一个）时的 group_norm",
        ),
    )
