"""``bn-recsys``: hidden tests of ``masked_batchnorm``."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import (
    assert_close,
    case,
    expect,
    expect_raises,
    join,
    say,
)
from quizzer.suites.bn_recsys.helpers import SEED, _batch, _check, _hint, _run


@case("statistics over the real positions only", zh="只在真实位置上计算统计量")
def test_real_positions(impl):
    rng = np.random.default_rng(SEED)
    x, mask = _batch(rng, pad_value=7.0)
    _check(impl, x, mask, rng.normal(size=3), rng.normal(size=3), what="masked_batchnorm")


@case("equals plain BN of the gathered real positions", zh="等于对取出的真实位置做普通 BN")
def test_equals_gathered_bn(impl):
    rng = np.random.default_rng(SEED + 1)
    x, mask = _batch(rng, n=6, t=5, d=4)
    gamma, beta = rng.normal(size=4), rng.normal(size=4)
    out = _run(impl, x, mask, gamma, beta, what="masked_batchnorm")
    real = x[mask]
    plain = (real - real.mean(axis=0)) / np.sqrt(real.var(axis=0) + 1e-5) * gamma + beta
    assert_close(
        out[mask],
        plain,
        say(
            "out[mask] vs BatchNorm of x[mask]", "out[mask]（应等于对 x[mask] 做 BatchNorm 的结果）"
        ),
        hint=_hint(out, x, mask, gamma, beta),
    )


@case("padded outputs are exactly 0", zh="padding 位置的输出恰好为 0")
def test_padding_zero(impl):
    rng = np.random.default_rng(SEED + 2)
    x, mask = _batch(rng, pad_value=3.0)
    out = _run(impl, x, mask, np.ones(3), np.array([1.0, -2.0, 0.5]), what="masked_batchnorm")
    pads = out[~mask]
    expect(
        np.all(pads == 0.0),
        join(
            say("padded outputs are not all exactly 0.0: ", "padding 位置的输出并非全为 0.0："),
            _hint(out, x, mask, np.ones(3), np.array([1.0, -2.0, 0.5])),
        ),
        expected=0.0,
        got=np.unique(pads)[:5],
    )


@case("nan and inf in the padding do not leak", zh="padding 中的 nan 和 inf 不会泄漏")
def test_nan_padding(impl):
    rng = np.random.default_rng(SEED + 3)
    x, mask = _batch(rng, n=5, t=4, d=2)
    pads = np.argwhere(~mask)
    fill = np.array([np.nan, np.inf, -np.inf, 1e300])
    for k, (n, t) in enumerate(pads):
        x[n, t] = fill[k % len(fill)]
    gamma, beta = np.array([2.0, 0.5]), np.array([0.0, 1.0])
    with np.errstate(all="ignore"):
        out = _run(
            impl,
            x,
            mask,
            gamma,
            beta,
            what=say(
                "masked_batchnorm with nan/inf padding",
                "padding 中含 nan/inf 时的 masked_batchnorm",
            ),
        )
    expect(
        np.all(np.isfinite(out)),
        join(
            say(
                "outputs contain nan or inf although only the padding does: ",
                "只有 padding 中有 nan 或 inf，输出中却也出现了：",
            ),
            _hint(out, x, mask, gamma, beta),
        ),
    )
    _check(
        impl,
        x,
        mask,
        gamma,
        beta,
        what=say(
            "masked_batchnorm with nan/inf padding", "padding 中含 nan/inf 时的 masked_batchnorm"
        ),
    )


@case("padding values do not change the output", zh="padding 的取值不影响输出")
def test_padding_irrelevant(impl):
    rng = np.random.default_rng(SEED + 4)
    x, mask = _batch(rng)
    gamma, beta = rng.normal(size=3), rng.normal(size=3)
    first = _run(impl, x, mask, gamma, beta, what="masked_batchnorm")
    other = x.copy()
    other[~mask] = rng.normal(100.0, 50.0, size=other[~mask].shape)
    second = _run(impl, other, mask, gamma, beta, what="masked_batchnorm")
    assert_close(
        second,
        first,
        say("out after changing only the padded values", "只改动 padding 取值后的 out"),
        rtol=1e-12,
        atol=1e-12,
        hint=_hint(second, other, mask, gamma, beta),
    )


@case("a fully padded sequence in the batch", zh="batch 中有一条全是 padding 的序列")
def test_empty_sequence(impl):
    rng = np.random.default_rng(SEED + 5)
    x, mask = _batch(rng, n=3, t=4, d=2, pad_value=np.nan)
    mask[1] = False
    x[1] = np.nan
    with np.errstate(all="ignore"):
        out = _check(
            impl,
            x,
            mask,
            np.ones(2),
            np.zeros(2),
            what=say(
                "masked_batchnorm with an all-padding sequence",
                "含全 padding 序列时的 masked_batchnorm",
            ),
        )
    expect(
        np.all(out[1] == 0.0),
        say("the all-padding sequence's outputs must be 0", "全是 padding 的序列的输出必须为 0"),
    )


@case("biased variance, eps inside the square root", zh="有偏方差，eps 在平方根内")
def test_variance_eps(impl):
    x = np.array([[[0.0], [3.0], [9.0]], [[6.0], [5.0], [5.0]]])
    mask = np.array([[True, True, False], [True, False, False]])  # 3 real positions
    _check(
        impl,
        x,
        mask,
        np.ones(1),
        np.zeros(1),
        what=say("masked_batchnorm on 3 real positions", "只有 3 个真实位置时的 masked_batchnorm"),
    )
    _check(
        impl,
        x,
        mask,
        np.ones(1),
        np.zeros(1),
        1.0,
        what=say("masked_batchnorm with eps=1", "eps=1 时的 masked_batchnorm"),
    )


@case("gamma and beta act per feature", zh="gamma 和 beta 逐特征作用")
def test_affine(impl):
    rng = np.random.default_rng(SEED + 6)
    x, mask = _batch(rng, d=4, pad_value=0.0)
    _check(
        impl,
        x,
        mask,
        np.array([1.0, -1.0, 0.0, 3.0]),
        np.array([0.5, 0.0, 2.0, -1.0]),
        what=say(
            "masked_batchnorm with per-feature gamma and beta",
            "逐特征 gamma、beta 下的 masked_batchnorm",
        ),
    )


@case("a 0/1 integer mask works like a boolean one", zh="0/1 整数掩码与布尔掩码效果相同")
def test_int_mask(impl):
    rng = np.random.default_rng(SEED + 7)
    x, mask = _batch(rng, pad_value=-4.0)
    _check(
        impl,
        x,
        mask.astype(np.int64),
        np.ones(3),
        np.zeros(3),
        what=say(
            "masked_batchnorm with a 0/1 int64 mask", "使用 0/1 int64 掩码的 masked_batchnorm"
        ),
    )


@case("float32 in, float32 out", zh="输入 float32，输出 float32")
def test_float32(impl):
    rng = np.random.default_rng(SEED + 8)
    x, mask = _batch(rng, n=8, t=10, d=3)
    x = x.astype(np.float32)
    x[~mask] = np.nan
    with np.errstate(all="ignore"):
        _check(
            impl,
            x,
            mask,
            np.ones(3, np.float32),
            np.zeros(3, np.float32),
            what=say("masked_batchnorm on float32", "float32 上的 masked_batchnorm"),
            rtol=1e-4,
            atol=1e-5,
        )


@case("inputs are not modified", zh="不修改输入")
def test_inputs_untouched(impl):
    rng = np.random.default_rng(SEED + 9)
    x, mask = _batch(rng, pad_value=np.nan)
    gamma, beta = rng.normal(size=3), rng.normal(size=3)
    arrays = (x, mask, gamma, beta)
    copies = [a.copy() for a in arrays]
    with np.errstate(all="ignore"):
        impl.masked_batchnorm(x, mask, gamma, beta)
    for name, before, after in zip(("x", "mask", "gamma", "beta"), copies, arrays, strict=True):
        expect(
            np.array_equal(before, after, equal_nan=name == "x"),
            say("{n} was modified in place", "{n} 被原地修改了", n=name),
        )


@case("bad arguments raise ValueError", zh="非法参数抛出 ValueError")
def test_errors(impl):
    x = np.ones((2, 3, 4))
    ok = np.ones((2, 3), dtype=bool)
    g, b = np.ones(4), np.zeros(4)
    expect_raises(
        ValueError,
        impl.masked_batchnorm,
        x,
        np.ones((3, 2), dtype=bool),
        g,
        b,
        what=say(
            "masked_batchnorm with a (3, 2) mask for x of shape (2, 3, 4)",
            "x 的形状为 (2, 3, 4)、掩码形状为 (3, 2) 时的 masked_batchnorm",
        ),
    )
    one_real = np.zeros((2, 3), dtype=bool)
    one_real[0, 0] = True
    expect_raises(
        ValueError,
        impl.masked_batchnorm,
        x,
        one_real,
        g,
        b,
        what=say(
            "masked_batchnorm with a single real position", "只有一个真实位置时的 masked_batchnorm"
        ),
    )
    expect_raises(
        ValueError,
        impl.masked_batchnorm,
        np.ones((2, 3)),
        ok,
        g,
        b,
        what=say("masked_batchnorm on a 2-D x", "x 为二维时的 masked_batchnorm"),
    )
    expect_raises(
        ValueError,
        impl.masked_batchnorm,
        x,
        ok,
        np.ones(3),
        b,
        what=say(
            "masked_batchnorm with gamma of shape (3,) for D = 4",
            "D = 4 而 gamma 形状为 (3,) 时的 masked_batchnorm",
        ),
    )
    expect_raises(
        ValueError,
        impl.masked_batchnorm,
        x,
        ok,
        g,
        np.zeros((1, 4)),
        what=say(
            "masked_batchnorm with beta of shape (1, 4) for D = 4",
            "D = 4 而 beta 形状为 (1, 4) 时的 masked_batchnorm",
        ),
    )
    expect_raises(
        ValueError,
        impl.masked_batchnorm,
        x,
        np.full((2, 3), 2),
        g,
        b,
        what=say(
            "masked_batchnorm with a mask holding 2 (only 0/1 or booleans are allowed)",
            "掩码中含有 2 时的 masked_batchnorm（只允许 0/1 或布尔值）",
        ),
    )
    expect_raises(
        ValueError,
        impl.masked_batchnorm,
        x,
        ok,
        g,
        b,
        -1e-5,
        what="masked_batchnorm(x, mask, gamma, beta, eps=-1e-5)",
    )
