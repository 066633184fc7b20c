"""``dropout``: hidden tests of ``dropout_forward``: the mask's values, rate, independence and seeding."""

from __future__ import annotations

import math

import numpy as np

from quizzer.suites.base import (
    assert_close,
    case,
    expect,
    expect_raises,
    say,
)
from quizzer.suites.dropout.helpers import _ROW, SIGMAS, _check_scale, _data, _forward


@case("out and mask have x's shape and dtype", zh="out 和 mask 的形状、dtype 与 x 相同")
def test_shapes_and_dtypes(impl):
    for shape, dtype in (
        ((6, 5), np.float64),
        ((2, 3, 4, 5), np.float64),
        ((7, 9), np.float32),
        ((4, 3), np.int32),  # integer x: float64 out and mask
    ):
        _forward(impl, _data(shape, dtype), 0.3, np.random.default_rng(0))
        _forward(impl, _data(shape, dtype), 0.3, np.random.default_rng(0), training=False)


@case("E[out] equals x in training (float64)", zh="训练时 E[out] 等于 x（float64）")
def test_expectation_float64(impl):
    n, p = 20_000, 0.3
    x = np.tile(_ROW, (n, 1))
    out, _ = _forward(impl, x, p, np.random.default_rng(11))
    _check_scale(out, _ROW, p, n, f"p={p}")


@case(
    "E[out] equals x in training (float32, p = 0.5)", zh="训练时 E[out] 等于 x（float32，p = 0.5）"
)
def test_expectation_float32(impl):
    n, p = 20_000, 0.5
    x = np.tile(_ROW, (n, 1)).astype(np.float32)
    out, _ = _forward(impl, x, p, np.random.default_rng(12))
    _check_scale(out, _ROW.astype(np.float32), p, n, f"float32, p={p}")


@case("the drop rate is close to p", zh="丢弃比例接近 p")
def test_drop_rate(impl):
    x = _data((20_000, 8))
    for p in (0.3, 0.8):
        _, mask = _forward(impl, x, p, np.random.default_rng(13))
        rate = float(np.mean(mask == 0))
        bound = SIGMAS * math.sqrt(p * (1 - p) / mask.size)
        hint = (
            say(
                " Is p read as the keep probability? p is the probability to DROP a unit.",
                "是不是把 p 当成了保留概率？p 是丢弃一个单元的概率。",
            )
            if abs(rate - (1 - p)) < bound
            else ""
        )
        expect(
            abs(rate - p) <= bound,
            say(
                "with p={p} a fraction {rate} of the units were dropped; expected p within "
                "{bound} ({k} standard deviations of a binomial proportion, sqrt(p(1-p)/n) with "
                "n={n}).{hint}",
                "p={p} 时被丢弃的单元比例为 {rate}；应当在 p 的 {bound} 以内"
                "（二项比例的 {k} 个标准差，sqrt(p(1-p)/n)，n={n}）。{hint}",
                p=str(p),
                rate=f"{rate:.4f}",
                bound=f"{bound:.4f}",
                k=f"{SIGMAS:g}",
                n=str(mask.size),
                hint=hint,
            ),
            expected=p,
            got=round(rate, 4),
        )


@case("out is exactly x * mask", zh="out 严格等于 x * mask")
def test_out_is_x_times_mask(impl):
    for dtype in (np.float64, np.float32):
        x = _data((64, 33), dtype)
        out, mask = _forward(impl, x, 0.1, np.random.default_rng(5))
        expect(
            np.array_equal(out, x * mask),
            say(
                "out must equal x * mask exactly ({d}): compute out by multiplying x by the mask "
                "you return",
                "out 必须严格等于 x * mask（{d}）：请用返回的 mask 乘以 x 来计算 out",
                d=str(np.dtype(dtype)),
            ),
        )


@case("float32 mask values are 1/(1-p) in float32", zh="float32 掩码的取值是 float32 下的 1/(1-p)")
def test_float32_mask_values(impl):
    x = _data((50, 40), np.float32)
    for p in (0.1, 0.7):
        _, mask = _forward(impl, x, p, np.random.default_rng(6))
        scale = 1.0 / (1.0 - p)
        kept = mask[mask != 0].astype(np.float64)
        expect(
            kept.size > 0,
            say(
                "with p={p} no unit was kept out of {n}",
                "p={p} 时 {n} 个单元一个都没有保留",
                p=str(p),
                n=str(mask.size),
            ),
        )
        expect(
            bool(np.all(np.abs(kept - scale) <= 1e-6 * scale)),
            say(
                "with p={p} (float32) kept units must be scaled by 1/(1-p) = {s} (float32 "
                "rounding allowed); got {v}",
                "p={p}（float32）时保留的单元必须乘以 1/(1-p) = {s}（允许 float32 的舍入误差）；"
                "实际得到 {v}",
                p=str(p),
                s=f"{scale:.7g}",
                v=str(np.unique(np.round(kept, 6))[:4].tolist()),
            ),
        )


@case("elements are dropped independently", zh="每个元素独立丢弃")
def test_independent(impl):
    x = _data((400, 64))
    _, mask = _forward(impl, x, 0.5, np.random.default_rng(8))
    rows = float(np.mean(np.all(mask == mask[0], axis=1)))
    cols = float(np.mean(np.all(mask == mask[:, :1], axis=0)))
    expect(
        rows < 0.05 and cols < 0.05,
        say(
            "{r} of the rows repeat the first row's mask and {c} of the columns repeat the first "
            "column's: draw one independent random number per element (shape x.shape), not one "
            "per feature or per sample",
            "{r} 的行与第一行的 mask 相同，{c} 的列与第一列相同：应当为每个元素独立抽一个随机数"
            "（形状为 x.shape），而不是每个特征或每个样本抽一个",
            r=f"{rows:.0%}",
            c=f"{cols:.0%}",
        ),
    )


@case("p = 0 in training is the identity", zh="训练时 p = 0 为恒等映射")
def test_p_zero(impl):
    x = _data((30, 7))
    out, mask = _forward(impl, x, 0.0, np.random.default_rng(0))
    expect(
        np.array_equal(mask, np.ones_like(x)),
        say(
            "with p=0 nothing is dropped: the mask must be all ones",
            "p=0 时什么都不丢弃：mask 必须全为 1",
        ),
    )
    assert_close(
        out,
        x,
        say("out with p=0", "p=0 时的 out"),
        rtol=0,
        atol=0,
        hint=say("with p=0 dropout returns x unchanged", "p=0 时 dropout 原样返回 x"),
    )


@case("p = 1 gives zeros without nan or inf", zh="p = 1 时输出全零，没有 nan 或 inf")
def test_p_one(impl):
    x = _data((30, 7))
    for dtype in (np.float64, np.float32):
        out, mask = _forward(impl, x.astype(dtype), 1.0, np.random.default_rng(0))
        finite = bool(np.isfinite(out).all() and np.isfinite(mask).all())
        expect(
            finite,
            say(
                "with p=1 out and mask hold nan or inf: 1/(1-p) is 1/0 there; every unit is "
                "dropped, so handle p == 1 separately and return zeros",
                "p=1 时 out 和 mask 中出现了 nan 或 inf：此时 1/(1-p) 是 1/0；所有单元都被丢弃，"
                "应单独处理 p == 1 并返回全零",
            ),
        )
        expect(
            not np.any(out) and not np.any(mask),
            say(
                "with p=1 every unit is dropped: out and mask must be all zeros",
                "p=1 时所有单元都被丢弃：out 和 mask 必须全为 0",
            ),
        )


@case("p outside [0, 1] raises ValueError", zh="p 不在 [0, 1] 内时抛出 ValueError")
def test_bad_p(impl):
    x = _data((4, 3))
    for p in (-0.1, 1.5, 2.0):
        expect_raises(
            ValueError,
            impl.dropout_forward,
            x,
            p,
            np.random.default_rng(0),
            what=f"dropout_forward(x, p={p}, rng)",
        )


@case("p = nan raises ValueError", zh="p = nan 时抛出 ValueError")
def test_nan_p(impl):
    expect_raises(
        ValueError,
        impl.dropout_forward,
        _data((4, 3)),
        float("nan"),
        np.random.default_rng(0),
        what="dropout_forward(x, p=nan, rng)",
        hint=say(
            "nan is not in [0, 1], but p < 0 and p > 1 are both False for nan: test "
            "not 0 <= p <= 1",
            "nan 不在 [0, 1] 内，但对 nan 来说 p < 0 和 p > 1 都是 False：应判断 not 0 <= p <= 1",
        ),
    )


@case("the same seed gives the same mask", zh="相同种子得到相同掩码")
def test_same_seed(impl):
    x = _data((50, 20))
    _, m1 = _forward(impl, x, 0.4, np.random.default_rng(2024))
    _, m2 = _forward(impl, x, 0.4, np.random.default_rng(2024))
    expect(
        np.array_equal(m1, m2),
        say(
            "two calls with np.random.default_rng(2024) gave different masks: draw every random "
            "number from the rng argument (not np.random.* or a generator of your own)",
            "两次用 np.random.default_rng(2024) 调用得到了不同的 mask：所有随机数都必须取自参数 rng"
            "（不要用 np.random.* 或自己新建的生成器）",
        ),
    )


@case(
    "different seeds and successive draws give different masks",
    zh="不同种子以及连续两次抽样得到不同掩码",
)
def test_different_draws(impl):
    x = _data((50, 20))
    _, m1 = _forward(impl, x, 0.4, np.random.default_rng(1))
    _, m2 = _forward(impl, x, 0.4, np.random.default_rng(2))
    expect(
        not np.array_equal(m1, m2),
        say(
            "seeds 1 and 2 gave the same mask: the mask must come from the rng argument",
            "种子 1 和 2 得到了相同的 mask：mask 必须由参数 rng 生成",
        ),
    )
    rng = np.random.default_rng(3)
    _, m3 = _forward(impl, x, 0.4, rng)
    _, m4 = _forward(impl, x, 0.4, rng)
    expect(
        not np.array_equal(m3, m4),
        say(
            "two successive calls with one rng gave the same mask: draw from the rng you are given",
            "用同一个 rng 连续调用两次得到了相同的 mask：请从传入的 rng 中抽样",
        ),
    )
