"""``bn-vs-ln``: hidden tests of ``instance_norm``."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import assert_close, case, expect_raises, say
from quizzer.suites.bn_vs_ln.helpers import SEED, _check_in


@case("instance norm on (N, C, H, W)", zh="(N, C, H, W) 上的 InstanceNorm")
def test_in_4d(impl):
    rng = np.random.default_rng(SEED + 8)
    x = rng.normal(size=(2, 3, 4, 4)) * np.array([1.0, 4.0, 0.2]).reshape(1, 3, 1, 1) + 2.0
    out = _check_in(
        impl, x, what=say("instance_norm on (2, 3, 4, 4)", "(2, 3, 4, 4) 上的 instance_norm")
    )
    assert_close(
        out.mean(axis=(2, 3)),
        np.zeros((2, 3)),
        say("mean per sample and channel", "每个样本、每个通道的均值"),
        atol=1e-9,
    )


@case(
    "instance norm on (N, C, L), eps inside the square root",
    zh="(N, C, L) 上的 InstanceNorm，eps 在平方根内",
)
def test_in_3d_eps(impl):
    rng = np.random.default_rng(SEED + 9)
    x = rng.normal(size=(3, 2, 5)) * 0.5
    _check_in(impl, x, what=say("instance_norm on (3, 2, 5)", "(3, 2, 5) 上的 instance_norm"))
    _check_in(impl, x, 1.0, what=say("instance_norm with eps=1", "eps=1 时的 instance_norm"))


@case("instance norm needs spatial positions", zh="InstanceNorm 需要空间位置")
def test_in_errors(impl):
    expect_raises(
        ValueError,
        impl.instance_norm,
        np.ones((4, 3)),
        what=say(
            "instance_norm on (N, C) input (no spatial axes)",
            "(N, C) 输入（没有空间轴）上的 instance_norm",
        ),
    )
    expect_raises(
        ValueError,
        impl.instance_norm,
        np.ones((4, 3, 1)),
        what=say("instance_norm with one spatial position", "只有一个空间位置时的 instance_norm"),
    )
